/* rules_probe: what the C engine answers, printed for a test to compare with SQL's answer to
 * the same question (tests/integration/test_sql_c_agree.sh).  Reads questions on stdin, one a
 * line, and answers each on a line of stdout:
 *
 *   rules_probe dates      "CAPTURE_MIN<TAB>LOCAL_SECONDS" -> "FIRST<TAB>LAST" (YYYY-MM-DD):
 *                          rules_dates_affected(), fed local seconds as the evaluator's loader
 *                          makes them (evaluator/day_store.c)
 *   rules_probe defaults   (no input) the default rule set, rules_ruleset_default(), as one
 *                          line of attend.rule_set's columns (FIELDS below, psql's text form)
 *   rules_probe check      "FIELD<TAB>VALUE[<TAB>FIELD<TAB>VALUE...]" -> "ok" or "refused":
 *                          the default rule set with those fields changed, as the loader
 *                          would fill them, through
 *                          rules_ruleset_check(); a text that does not fit the field is refused
 *                          (the loader could only cut it) */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

enum kind { INT, BOOL, TEXT, VERSION };

/* attend.rule_set's columns that are struct rules_ruleset's fields, in one order. */
static const struct field {
	const char *name;
	enum kind kind;
	size_t off, size;
} FIELDS[] = {
#define F(name, kind) { #name, kind, offsetof(struct rules_ruleset, name), \
	                sizeof(((struct rules_ruleset *)0)->name) }
	{ "id", VERSION, offsetof(struct rules_ruleset, version), sizeof(uint32_t) },
	F(label, TEXT),
	F(grace_min, INT),
	F(late_half_day_min, INT),
	F(early_half_day_min, INT),
	F(missing_tap_is_half_day, BOOL),
	F(double_tap_sec, INT),
	F(capture_min, INT),
	F(handover_min, INT),
	F(settle_min, INT),
	F(clip_worked_to_schedule, BOOL),
	F(sym_worked, TEXT),
	F(sym_absent, TEXT),
	F(sym_holiday, TEXT),
	F(sym_compensatory, TEXT),
	F(sym_swapped_day_off, TEXT),
	F(sym_weekend, TEXT),
	F(half_day_separator, TEXT),
#undef F
};
#define NFIELDS (sizeof FIELDS / sizeof FIELDS[0])

static void print_date(rules_date d)
{
	int y, m, dd;
	rules_date_to_ymd(d, &y, &m, &dd);
	printf("%04d-%02d-%02d", y, m, dd);
}

static int dates(void)
{
	char line[256];
	while (fgets(line, sizeof line, stdin)) {
		char *end;
		long cap = strtol(line, &end, 10);
		if (*end != '\t')
			return fprintf(stderr, "rules_probe dates: bad line: %s", line), 2;
		long long at = strtoll(end + 1, &end, 10);
		if (*end != '\n' && *end != '\0')
			return fprintf(stderr, "rules_probe dates: bad line: %s", line), 2;
		struct rules_ruleset rs;
		rules_ruleset_default(&rs);
		rs.capture_min = (int32_t)cap;
		rules_date first, last;
		rules_dates_affected(&rs, (rules_lsec)at, &first, &last);
		print_date(first);
		putchar('\t');
		print_date(last);
		putchar('\n');
	}
	return 0;
}

static int defaults(void)
{
	struct rules_ruleset rs;
	rules_ruleset_default(&rs);
	for (size_t i = 0; i < NFIELDS; i++) {
		const struct field *f = &FIELDS[i];
		const char *p = (const char *)&rs + f->off;
		if (i)
			putchar('\t');
		switch (f->kind) {
		case VERSION: printf("%" PRIu32, *(const uint32_t *)(const void *)p); break;
		case INT:     printf("%" PRId32, *(const int32_t *)(const void *)p); break;
		case BOOL:    putchar(*(const bool *)(const void *)p ? 't' : 'f'); break;
		case TEXT:    fputs(p, stdout); break;
		}
	}
	putchar('\n');
	return 0;
}

/* Sets one field from text; false when the value cannot be held (the loader would have to
 * cut it or wrap it). */
static bool set_field(struct rules_ruleset *rs, const struct field *f, const char *v)
{
	char *p = (char *)rs + f->off, *end;
	switch (f->kind) {
	case VERSION:
	case INT: {
		errno = 0;
		long long x = strtoll(v, &end, 10);
		if (errno || *end || end == v || x < INT32_MIN || x > INT32_MAX)
			return false;
		if (f->kind == VERSION)
			*(uint32_t *)(void *)p = (uint32_t)x;
		else
			*(int32_t *)(void *)p = (int32_t)x;
		return true;
	}
	case BOOL:
		*(bool *)(void *)p = v[0] == 't';
		return true;
	case TEXT:
		if (strlen(v) >= f->size)
			return false;
		strcpy(p, v);
		return true;
	}
	return false;
}

static int check(void)
{
	char line[1024];
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = '\0';
		struct rules_ruleset rs;
		rules_ruleset_default(&rs);
		bool fits = true;
		for (char *p = line; *p;) {
			char *name = p, *v = strchr(p, '\t');
			if (!v)
				return fprintf(stderr, "rules_probe check: no value after %s\n", name), 2;
			*v++ = '\0';
			size_t vl = strcspn(v, "\t");
			p = v[vl] ? v + vl + 1 : v + vl;
			v[vl] = '\0';
			const struct field *f = NULL;
			for (size_t i = 0; i < NFIELDS && !f; i++)
				if (!strcmp(FIELDS[i].name, name))
					f = &FIELDS[i];
			if (!f)
				return fprintf(stderr, "rules_probe check: no field %s\n", name), 2;
			fits = fits && set_field(&rs, f, v);
		}
		puts(fits && rules_ruleset_check(&rs, NULL) == 0 ? "ok" : "refused");
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "dates"))
		return dates();
	if (argc == 2 && !strcmp(argv[1], "defaults"))
		return defaults();
	if (argc == 2 && !strcmp(argv[1], "check"))
		return check();
	fprintf(stderr, "usage: rules_probe dates|defaults|check < questions\n");
	return 2;
}
