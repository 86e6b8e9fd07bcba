/* Day evaluation's inputs as the database gives them, and its results as the database takes
 * them.  Pure: plain arrays in, the engine's structs and COPY text out; no I/O, so it is
 * tested with cmocka.  evaluator/day_store.c fills these; evaluator/evaluator.c runs the engine. */
#ifndef ATTEND_DAY_INPUTS_H
#define ATTEND_DAY_INPUTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/dbuf.h"
#include "rules/rules.h"

#define DAY_MAX_UNITS    16   /* a person's unit and its ancestors */
#define DAY_MAX_SYMBOLS  64
#define DAY_MAX_PERIODS  64
#define DAY_MAX_TOGGLES  8

/* Key of one day to evaluate. */
struct day_key {
	int64_t agency_id, person_id;
	rules_date date;
};
int day_key_cmp(const void *a, const void *b);

struct day_ruleset {
	struct rules_ruleset rs;          /* rs.version = attend.rule_set.id */
	int64_t agency_id;                /* 0: national */
	rules_date from, to;              /* inclusive */
};

struct day_symbol {
	int64_t agency_id;                /* 0: shipped */
	struct rules_symbol sym;          /* names are not needed by the engine: left NULL */
};

struct day_profile {
	int64_t id;
	int64_t agency_id;
	struct rules_profile p;
};

struct day_assignment {
	int64_t agency_id, unit_id, person_id;   /* unit and person 0 when not set */
	int64_t profile_id, summer_profile_id;   /* summer 0: no seasonal switch */
	uint16_t summer_from, summer_to;         /* month * 100 + day */
	rules_date from, to;
};

struct day_cal_setting {
	int64_t agency_id;
	rules_date from;
	uint8_t weekly_rest;                     /* bit (1 << iso_weekday) */
	uint8_t ntoggles;
	char toggles[DAY_MAX_TOGGLES][RULES_TOGGLE_MAX];
};

/* Reference data for a batch: everything not specific to one person. */
struct day_ref {
	struct day_ruleset *rulesets;       size_t nrulesets;
	struct day_symbol *symbols;         size_t nsymbols;   /* in precedence order */
	struct day_profile *profiles;       size_t nprofiles;
	struct day_assignment *assignments; size_t nassignments;
	struct rules_cal_entry *cal;        size_t ncal;       /* national and the batch's agencies */
	struct day_cal_setting *settings;   size_t nsettings;
};

/* One person's inputs for the dates of the batch.  Raw taps have ids 1..n (their position in
 * the load); a tap added by a correction has the id -(correction id). */
struct day_person {
	int64_t id, agency_id;
	int64_t units[DAY_MAX_UNITS];       /* own unit first, then up the tree */
	uint8_t nunits;
	rules_date hired_on, left_on;       /* RULES_DATE_MIN / RULES_DATE_MAX when not set */
	rules_lsec now_local;               /* the evaluation clock in the agency's time zone */
	int64_t utc_offset;                 /* now_local - now (UTC seconds) */
	struct rules_tap *taps;             size_t ntaps;
	struct rules_request *requests;     size_t nrequests;
};

/* What the engine needs for one (person, date), with the storage it points into. */
struct day_eval_input {
	struct rules_ruleset rs;
	struct rules_symbol symbols[DAY_MAX_SYMBOLS];
	struct rules_schedule_period periods[DAY_MAX_PERIODS];
	struct rules_schedule schedule;
	struct rules_calendar calendar;
	const char *toggles[DAY_MAX_TOGGLES];
	struct rules_input in;
};

/* The rule set version for an agency on a date: the agency's own if one covers the date,
 * else the national one; among several the latest effective_from.  NULL if none. */
const struct day_ruleset *day_ruleset_for(const struct day_ref *ref, int64_t agency_id, rules_date date);

/* Fills *ret for evaluating `date` of `p`.  0, or -ENOENT with *why when no rule set covers
 * the date (the day is left as it is). */
int day_eval_input_build(const struct day_ref *ref, const struct day_person *p, rules_date date,
                         struct day_eval_input *ret, const char **why);

bool day_person_employed(const struct day_person *p, rules_date date);

/* When a pending result must be evaluated again (UTC seconds), or 0 when nothing is pending. */
int64_t day_result_recheck_utc(const struct day_person *p, const struct rules_ruleset *rs,
                               const struct rules_day_result *r);

/* Appends one line of COPY text for attend's staging table (columns in day_store.c).  The
 * sessions and exceptions JSON is written as jsonb prints it: the writer's digest,
 * attend.day_digest() over this text, is then the one of the stored row (sql/024). */
void day_result_copy_row(struct dbuf *b, const struct day_person *p, const struct rules_day_result *r,
                         int64_t recheck_utc);

/* "2026-11-16T07:31:02": a local time as JSON and SQL read it. */
void day_format_local(char *buf, size_t len, rules_lsec t);

#endif
