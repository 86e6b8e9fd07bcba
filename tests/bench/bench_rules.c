/* Benchmark of the rules engine (figures, not assertions).
 *
 *   build/rel/bench/bench_rules [people] [path/to/holidays-vn.tsv]
 *
 * Generates a synthetic November 2026 for `people` staff (default 50,000; about 4.4 million
 * taps: four a working day, with late arrivals, forgotten taps, double taps, absences and
 * leave), evaluates every person-day the way the recorder would after loading one person's
 * month, and prints person-days per second.  Then it times the re-evaluation a single late tap
 * causes: the dates rules_dates_affected() names, for one person. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rules/rules.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	/* xorshift64*: deterministic, so two runs measure the same month. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ull) >> 32);
}

static int jitter(int spread)
{
	/* Sum of three uniforms: roughly bell-shaped around 0. */
	int s = 0;
	for (int i = 0; i < 3; i++)
		s += (int)(rnd() % (unsigned)(2 * spread + 1)) - spread;
	return s / 3;
}

static double now_sec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *read_file(const char *path, size_t *ret_len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = malloc(1 << 16);
	size_t len = buf ? fread(buf, 1, 1 << 16, f) : 0;
	fclose(f);
	*ret_len = len;
	return buf;
}

struct person {
	size_t first_tap, ntaps;
	size_t first_req, nreqs;
};

int main(int argc, char **argv)
{
	size_t people = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 50000;
	const char *data = argc > 2 ? argv[2] : "rules/data/holidays-vn.tsv";
	static struct rules_cal_entry entries[128];
	size_t nentries = 0, len = 0;
	struct rules_parse_error err;

	char *text = read_file(data, &len);
	if (!text) {
		fprintf(stderr, "bench_rules: cannot read %s (run from the repository root)\n", data);
		return 1;
	}
	if (rules_holidays_parse(text, len, 0, entries, 128, &nentries, &err) < 0) {
		fprintf(stderr, "bench_rules: %s: %s\n", data, err.msg);
		return 1;
	}
	free(text);

	struct rules_ruleset rs;
	rules_ruleset_default(&rs);
	struct rules_schedule_period period = { RULES_DATE_MIN, RULES_DATE_MAX, RULES_SPEC_AGENCY,
						&rules_profile_north_winter, &rules_profile_north_summer,
						401, 1031 };
	struct rules_schedule sched = { &period, 1 };
	struct rules_calendar cal = { .entries = entries, .nentries = nentries };

	const rules_date first = rules_date_from_ymd(2026, 11, 1);
	const int ndays = 30;

	/* ---- generate ---- */
	double t0 = now_sec();
	size_t cap = people * 100 + 16;
	struct rules_tap *taps = malloc(cap * sizeof(*taps));
	struct rules_request *reqs = malloc((people * 2 + 16) * sizeof(*reqs));
	struct person *ps = calloc(people, sizeof(*ps));
	if (!taps || !reqs || !ps) {
		fprintf(stderr, "bench_rules: out of memory\n");
		return 1;
	}
	size_t ntaps = 0, nreqs = 0;
	int64_t id = 1;
	for (size_t p = 0; p < people; p++) {
		ps[p].first_tap = ntaps;
		ps[p].first_req = nreqs;
		if (rnd() % 10 == 0) {   /* one in ten takes two days of annual leave */
			rules_date d = first + (rules_date)(rnd() % (unsigned)(ndays - 1));
			reqs[nreqs++] = (struct rules_request){ id++, d, d + 1, RULES_REQ_WHOLE_DAY, "P" };
		}
		for (int i = 0; i < ndays; i++) {
			rules_date d = first + i;
			struct rules_session_slot slots[RULES_MAX_SESSIONS];
			size_t ns = rules_sessions_for_date(&sched, &cal, d, slots, RULES_MAX_SESSIONS,
							    NULL, NULL);
			if (ns == 0 || rnd() % 100 < 3)   /* day off, or absent */
				continue;
			for (size_t s = 0; s < ns; s++) {
				int late = jitter(12) - 5;     /* minutes after the start */
				int leave = jitter(12) + 5;    /* minutes after the end */
				if (rnd() % 100 >= 2)   /* 2 % forget the IN */
					taps[ntaps++] = (struct rules_tap){ id++, slots[s].start + late * 60,
									    RULES_DIR_IN, 0 };
				if (rnd() % 100 < 8)    /* a double tap */
					taps[ntaps++] = (struct rules_tap){ id++, slots[s].start + late * 60 + 3,
									    RULES_DIR_IN, 0 };
				if (rnd() % 100 < 6) {  /* out for an errand and back */
					rules_lsec out = slots[s].start + 3600 + (rules_lsec)(rnd() % 3600);
					taps[ntaps++] = (struct rules_tap){ id++, out, RULES_DIR_OUT, 0 };
					taps[ntaps++] = (struct rules_tap){ id++, out + 900, RULES_DIR_IN, 0 };
				}
				if (rnd() % 100 >= 2)   /* 2 % forget the OUT */
					taps[ntaps++] = (struct rules_tap){ id++, slots[s].end + leave * 60,
									    rnd() % 8 ? RULES_DIR_OUT : RULES_DIR_IN, 0 };
			}
		}
		ps[p].ntaps = ntaps - ps[p].first_tap;
		ps[p].nreqs = nreqs - ps[p].first_req;
	}
	double t1 = now_sec();
	printf("generated %zu people, %zu taps, %zu requests for %d days in %.2f s\n", people, ntaps,
	       nreqs, ndays, t1 - t0);

	/* ---- full re-evaluation ---- */
	struct rules_day_result r;
	rules_lsec now = rules_lsec_at(first + ndays + 1, 0);
	size_t person_days = 0, working = 0, exceptions = 0, absent_halves = 0, plus = 0;
	double t2 = now_sec();
	for (size_t p = 0; p < people; p++) {
		struct rules_input in = { &rs, &sched, &cal, taps + ps[p].first_tap, ps[p].ntaps,
					  reqs + ps[p].first_req, ps[p].nreqs };
		for (int i = 0; i < ndays; i++) {
			if (rules_evaluate_day(&in, first + i, now, &r) < 0) {
				fprintf(stderr, "bench_rules: evaluation failed\n");
				return 1;
			}
			person_days++;
			working += r.working_day;
			exceptions += r.nexceptions;
			plus += strcmp(r.symbol, "+") == 0;
			for (size_t e = 0; e < r.nexceptions; e++)
				absent_halves += r.exceptions[e].kind == RULES_EX_UNEXCUSED_HALF_DAY;
		}
	}
	double t3 = now_sec();
	printf("evaluated %zu person-days (%zu working, %zu '+', %zu exceptions, %zu unexcused "
	       "half-days) in %.2f s: %.0f person-days/s\n", person_days, working, plus, exceptions,
	       absent_halves, t3 - t2, (double)person_days / (t3 - t2));

	/* ---- one late tap ---- */
	size_t p = people / 2;
	struct rules_tap *mine = malloc((ps[p].ntaps + 1) * sizeof(*mine));
	if (!mine)
		return 1;
	memcpy(mine, taps + ps[p].first_tap, ps[p].ntaps * sizeof(*mine));
	rules_lsec late_at = rules_lsec_at(first + 17, 17 * 60 + 40);   /* an afternoon OUT, offline reader */
	mine[ps[p].ntaps] = (struct rules_tap){ id++, late_at, RULES_DIR_OUT, 0 };
	struct rules_input in = { &rs, &sched, &cal, mine, ps[p].ntaps + 1, reqs + ps[p].first_req,
				  ps[p].nreqs };
	rules_date a, b;
	rules_dates_affected(&rs, late_at, &a, &b);
	const int reps = 20000;
	double t4 = now_sec();
	for (int k = 0; k < reps; k++)
		for (rules_date d = a; d <= b; d++)
			rules_evaluate_day(&in, d, now + k, &r);
	double t5 = now_sec();
	double t6 = now_sec();
	for (int k = 0; k < reps; k++)
		rules_evaluate_day(&in, first + 17, now + k, &r);
	double t7 = now_sec();
	printf("one late tap: %d affected dates re-evaluated in %.2f us; a single day in %.2f us\n",
	       (int)(b - a + 1), (t5 - t4) / reps * 1e6, (t7 - t6) / reps * 1e6);

	free(mine);
	free(ps);
	free(reqs);
	free(taps);
	return 0;
}
