/* The badge readers of a province's edges for tests/bench/bench_edges.sh: writes taps into
 * the simulated readers' FIFOs (the sim driver's "<UID>" line: the edge stamps it with its own
 * clock, as a real reader's tap) at RATE taps/s per edge, spread evenly over time and over the
 * edges, for SECONDS.  Edge i's taps are its own people's badges, cycling, so every tap is a
 * known badge: UID = hex(BASE + i * BADGES + k).  One process for every edge: 500 shell
 * loops would cost the machine more than the edges do.
 *   bench_edges_feed PREFIX SUFFIX EDGES RATE SECONDS BADGES BASE
 * Edge i's FIFO (i from 1) is PREFIX i SUFFIX: $SVC_DIR/edge 7 -r.fifo.  Prints "<taps written> <seconds>".
 * A write blocks when an edge's FIFO is full (the edge is that far behind): the rate then
 * drops below the one asked, and the printed seconds show it. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int number(const char *name, const char *s, double min, double *out)
{
	char *end;
	errno = 0;
	*out = strtod(s, &end);
	if (errno || end == s || *end || *out < min) {
		fprintf(stderr, "bench_edges_feed: %s '%s' is not a number >= %g\n", name, s, min);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	double edges, rate, secs, badges, base;
	if (argc != 8) {
		fprintf(stderr, "usage: bench_edges_feed PREFIX SUFFIX EDGES RATE SECONDS BADGES BASE\n");
		return 2;
	}
	if (number("EDGES", argv[3], 1, &edges) || number("RATE", argv[4], 0.0001, &rate) ||
	    number("SECONDS", argv[5], 0.1, &secs) || number("BADGES", argv[6], 1, &badges) ||
	    number("BASE", argv[7], 0, &base))
		return 2;
	int n = (int)edges, k = (int)badges;
	signal(SIGPIPE, SIG_IGN);   /* an edge that died is reported by write, not by a signal */
	int *fd = calloc((size_t)n, sizeof *fd);
	if (!fd)
		return 1;
	for (int i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s%d%s", argv[1], i + 1, argv[2]);
		fd[i] = open(path, O_WRONLY);   /* blocks until the edge has its reader open */
		if (fd[i] < 0) {
			fprintf(stderr, "bench_edges_feed: %s: %s\n", path, strerror(errno));
			return 1;
		}
	}
	double total = rate * n;              /* taps/s over all edges */
	long taps = (long)(total * secs);
	double t0 = now();
	for (long t = 0; t < taps; t++) {
		double due = t0 + (double)t / total;
		double d = due - now();
		if (d > 0) {
			struct timespec ts = { (time_t)d, (long)((d - (double)(time_t)d) * 1e9) };
			nanosleep(&ts, NULL);
		}
		int e = (int)(t % n);
		long b = (long)base + (long)e * k + (t / n) % k;
		char line[32];
		int len = snprintf(line, sizeof line, "%08lX\n", b);
		if (write(fd[e], line, (size_t)len) != len) {
			fprintf(stderr, "bench_edges_feed: edge %d: %s\n", e + 1, strerror(errno));
			return 1;
		}
	}
	printf("%ld %.3f\n", taps, now() - t0);
	for (int i = 0; i < n; i++)
		close(fd[i]);
	free(fd);
	return 0;
}
