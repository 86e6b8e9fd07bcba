/* The edge's badge cache on small hardware (issue 16): RSS and lookup time for 1k, 10k and
 * 100k badges, the cache of edge/badge_cache.c against the json-c object tree it replaced
 * (kept below, only here, as the baseline), both measured in this one run.  Figures only: a
 * benchmark does not assert (a wrong answer is counted and printed, though).
 *
 *   build/rel/bench/bench_badges [--write-list N FILE]
 *
 * Each measurement runs in a child process of its own, so the RSS one cache leaves behind is
 * not counted against the next.  "RSS +" is VmRSS after the load minus before it; "peak +" is
 * the high-water mark during the load (VmHWM, reset before it) minus before.  Lookup p50/p99
 * time single lookups (clock_gettime's own cost, measured in the run, taken off); the mean is
 * an untimed loop; it and "load ms" are this thread's CPU time (the machine may be shared).
 * Half of the lookups are badges in the list, half are not, in random order.
 * With --write-list it writes one list of N badges, as `attendctl badges export` would, for
 * tests/bench/bench_badges_edge.sh. */
#include <errno.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "edge/badge_cache.h"

#define LOOKUPS 200000
#define UIDLEN 15            /* 7-byte ISO 14443A UIDs in hex, the common case */

/* -- the old cache (edge/badge_cache.c until issue 16), the baseline ----------------------- */
struct old_cache {
	struct json_object *by_uid;
};

static struct old_cache *old_load(const char *path)
{
	struct old_cache *c = calloc(1, sizeof *c);
	struct json_object *root = json_object_from_file(path), *list;
	c->by_uid = json_object_new_object();
	if (!root || !json_object_object_get_ex(root, "badges", &list))
		exit(1);
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		struct json_object *b = json_object_array_get_idx(list, i), *uid, *who;
		if (!json_object_object_get_ex(b, "uid", &uid) ||
		    (!json_object_object_get_ex(b, "name", &who) && !json_object_object_get_ex(b, "person", &who)))
			exit(1);
		json_object_object_add(c->by_uid, json_object_get_string(uid), json_object_get(who));
	}
	json_object_put(root);
	return c;
}

static const char *old_lookup(const struct old_cache *c, const char *uid)
{
	struct json_object *who;
	return json_object_object_get_ex(c->by_uid, uid, &who) ? json_object_get_string(who) : NULL;
}

/* -- the list ---------------------------------------------------------------------------- */
static uint64_t splitmix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15u;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
	return x ^ (x >> 31);
}

/* Badge i's uid: distinct for distinct i (splitmix is a bijection; 56 of its bits kept). */
static void uid_of(uint64_t i, char out[UIDLEN])
{
	snprintf(out, UIDLEN, "%014llX", (unsigned long long)(splitmix(i) >> 8));
}

static const char *const family[] = { "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan",
                                      "Vũ", "Võ", "Đặng", "Bùi", "Đỗ" };
static const char *const middle[] = { "Văn", "Thị", "Minh", "Hữu", "Ngọc", "Thanh", "Đức",
                                      "Quang", "Thu", "Xuân" };
static const char *const given[] = { "An", "Bình", "Châu", "Dũng", "Hà", "Hùng", "Lan", "Mai",
                                     "Nam", "Phương", "Sơn", "Tâm", "Thảo", "Vy", "Khánh", "Trung" };
#define PICK(a, x) a[(x) % (sizeof a / sizeof a[0])]

static int write_list(size_t n, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "{\"site\":\"hq\",\"badges\":[");
	for (size_t i = 0; i < n; i++) {
		char uid[UIDLEN];
		uint64_t r = splitmix(i ^ 0x5555);
		uid_of(i, uid);
		fprintf(f, "%s{\"uid\":\"%s\",\"person\":\"p%06zu\",\"name\":\"%s %s %s\"}", i ? "," : "",
		        uid, i, PICK(family, r), PICK(middle, r >> 8), PICK(given, r >> 16));
	}
	fprintf(f, "]}\n");
	return fclose(f);
}

/* -- measuring --------------------------------------------------------------------------- */
static long status_kb(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	size_t fl = strlen(field);
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, field, fl) && line[fl] == ':')
			kb = atol(line + fl + 1);
	if (f)
		fclose(f);
	return kb;
}

static void reset_peak(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");
	if (f) {
		fputs("5", f);   /* 5: reset the peak RSS (proc(5)) */
		fclose(f);
	}
}

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

/* The CPU time of this thread: on a machine shared with others, the untimed loop's mean is
 * not to count the time another process had the core. */
static int64_t cpu_ns(void)
{
	return clock_ns(CLOCK_THREAD_CPUTIME_ID);
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

struct result {
	double load_ms, rss_before_mb, rss_mb, peak_mb, p50, p99, mean;
	long wrong;
};

static volatile uintptr_t sink;   /* keeps the untimed loop's lookups from being optimised out */

/* One measurement, in a child: old (json-c) or new cache, a list of n badges. */
static struct result measure(int old, const char *path, size_t n)
{
	struct result r = { 0 };
	char (*q)[UIDLEN] = malloc(sizeof *q * LOOKUPS);
	int64_t *t = malloc(sizeof *t * LOOKUPS);
	bool *present = malloc(sizeof *present * LOOKUPS);
	if (!q || !t || !present)
		exit(1);
	uint64_t s = 42;
	for (size_t i = 0; i < LOOKUPS; i++) {
		s = splitmix(s);
		present[i] = s & 1;
		uid_of(present[i] ? (s >> 1) % n : n + (s >> 1) % (1u << 30), q[i]);
	}
	memset(t, 0, sizeof *t * LOOKUPS);   /* touched now, so not counted in the load's RSS */

	long before = status_kb("VmRSS");
	reset_peak();
	struct badge_cache *c = NULL;
	struct old_cache *oc = NULL;
	char err[512];
	int64_t t0 = cpu_ns();
	if (old)
		oc = old_load(path);
	else if (badge_cache_load(&c, path, err, sizeof err) != 0) {
		fprintf(stderr, "bench_badges: %s\n", err);
		exit(1);
	}
	r.load_ms = (double)(cpu_ns() - t0) / 1e6;
	r.rss_before_mb = before / 1024.0;
	r.rss_mb = (status_kb("VmRSS") - before) / 1024.0;
	r.peak_mb = (status_kb("VmHWM") - before) / 1024.0;

	int64_t overhead = INT64_MAX;
	for (int i = 0; i < 1000; i++) {
		int64_t a = now_ns(), b = now_ns();
		if (b - a < overhead)
			overhead = b - a;
	}
	for (size_t i = 0; i < LOOKUPS; i++) {
		int64_t a = now_ns();
		const char *who = old ? old_lookup(oc, q[i]) : badge_cache_lookup(c, q[i]);
		t[i] = now_ns() - a - overhead;
		r.wrong += (who != NULL) != present[i];
	}
	qsort(t, LOOKUPS, sizeof *t, cmp64);
	r.p50 = (double)t[LOOKUPS / 2];
	r.p99 = (double)t[LOOKUPS * 99 / 100];
	t0 = cpu_ns();
	for (int rep = 0; rep < 5; rep++)
		for (size_t i = 0; i < LOOKUPS; i++)
			sink += (uintptr_t)(old ? old_lookup(oc, q[i]) : badge_cache_lookup(c, q[i]));
	r.mean = (double)(cpu_ns() - t0) / (5.0 * LOOKUPS);
	return r;
}

static struct result in_child(int old, const char *path, size_t n)
{
	int fd[2];
	struct result r = { .wrong = -1 };
	if (pipe(fd) != 0)
		return r;
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		r = measure(old, path, n);
		_exit(write(fd[1], &r, sizeof r) == (ssize_t)sizeof r ? 0 : 1);
	}
	close(fd[1]);
	if (pid < 0 || read(fd[0], &r, sizeof r) != (ssize_t)sizeof r)
		r.wrong = -1;
	close(fd[0]);
	waitpid(pid, NULL, 0);
	return r;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "--write-list")) {
		if (write_list(strtoul(argv[2], NULL, 10), argv[3]) != 0)
			return perror(argv[3]), 1;
		return 0;
	}
	const char *base = getenv("BENCH_DIR") ? getenv("BENCH_DIR") : "/var/tmp";
	char dir[256], path[300];
	snprintf(dir, sizeof dir, "%s/attendd-badges-XXXXXX", base);
	if (!mkdtemp(dir))
		return perror(dir), 1;
	snprintf(path, sizeof path, "%s/badges.json", dir);
	static const size_t sizes[] = { 1000, 10000, 100000 };
	struct result at100k[2] = { 0 };
	printf("badge cache: %d lookups, half of them unknown badges; MB = MiB of VmRSS\n", LOOKUPS);
	printf("%-7s %7s %8s %9s %8s %8s %9s %9s %9s %6s\n", "cache", "badges", "load ms", "RSS before",
	       "RSS +", "peak +", "p50 ns", "p99 ns", "mean ns", "wrong");
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		if (write_list(sizes[k], path) != 0)
			return perror(path), 1;
		for (int old = 0; old <= 1; old++) {
			struct result r = in_child(old, path, sizes[k]);
			printf("%-7s %7zu %8.1f %9.1f %8.1f %8.1f %9.0f %9.0f %9.1f %6ld\n", old ? "json-c" : "compact",
			       sizes[k], r.load_ms, r.rss_before_mb, r.rss_mb, r.peak_mb, r.p50, r.p99, r.mean, r.wrong);
			if (sizes[k] == 100000)
				at100k[old] = r;
		}
	}
	printf("100k badges: the compact cache takes %.1fx less memory than json-c (RSS +), %.1fx less at "
	       "the peak of a load; lookups %.1fx faster (mean)\n", at100k[1].rss_mb / at100k[0].rss_mb,
	       at100k[1].peak_mb / at100k[0].peak_mb, at100k[1].mean / at100k[0].mean);
	unlink(path);
	rmdir(dir);
	return 0;
}
