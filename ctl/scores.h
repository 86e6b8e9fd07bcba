/* attendctl's monthly summary (issue 6): one agency and month loaded from the database, scored
 * with the pure engine (rules/score*.h), stored, written as files and published. */
#ifndef ATTEND_CTL_SCORES_H
#define ATTEND_CTL_SCORES_H

#include <stdbool.h>
#include <stdint.h>

#include "ctl/ctl.h"
#include "rules/score.h"
#include "rules/score_alert.h"
#include "rules/score_card.h"

struct summary_person {
	int64_t id, unit_id;
	char *code, *name, *staff_kind, *excused;   /* excused: JSON days by symbol */
	int working_days, present_days;
	bool disciplined;
	int fact0, nfacts;          /* into summary.facts */
	int abs0, nabs;             /* into summary.abs */
	score_pts *points;          /* per criterion; -1 not entered */
	int missing;
	score_pts general, task, total;
	struct score_discipline d;
	struct score_alerts alerts;
	const struct score_card *card;
};

struct summary_unit {
	int64_t id;
	char *code, *name;
	int excellent_members;
};

struct summary {
	char agency_id[24], agency_code[64];
	char month_text[8];         /* YYYY-MM */
	char month_first[11], month_last[11], as_of[11];
	int year, month;
	rules_date first, last, as_of_date;
	bool rescore;               /* take the version in force now, not the one recorded */
	bool complete;              /* as_of is the month's last day or later */
	struct score_rules rules;
	struct score_criterion *crit;
	char **crit_names;
	int ncrit;
	struct summary_person *people;
	int npeople;
	struct score_fact *facts;
	char **fact_tap_at;         /* local time text or NULL, parallel to facts */
	int nfacts;
	struct score_absence *abs;
	int nabs;
	struct summary_unit *units;
	struct score_collective *coll;
	int nunits;
	struct score_card *cards;   /* sorted by group and merit after scoring */
	int award_ind[1024], naward_ind;
	int award_coll[1024], naward_coll;
	bool tie_ind, tie_coll;
	bool unit_excellent;        /* the agency's own collective score is excellent (25% cap) */
	char digest[17];
};

/* Loads everything for agency (code) and month "YYYY-MM" as of a date (clamped to the month's
 * last day).  Prints why and returns -1. */
int summary_load(struct ctl *c, struct summary *s, const char *agency, const char *month,
                 const char *as_of);
/* Scores with the pure engine; -1 on an engine error (printed). */
int summary_compute(struct summary *s);
void summary_free(struct summary *s);

/* The group name of a card, the person of a card. */
const char *summary_group_name(int group);
struct summary_person *summary_person_of(const struct summary *s, int64_t id);

enum summary_outcome { SUMMARY_WRITTEN, SUMMARY_UNCHANGED, SUMMARY_HELD_LOCKED, SUMMARY_RESCORED_LOCKED };
/* Stores the month in one transaction.  A locked month that has a summary is not rewritten
 * unless locked_reason is given.  -1 on failure (printed, rolled back). */
int summary_store(struct ctl *c, struct summary *s, const char *locked_reason,
                  enum summary_outcome *ret);

/* CSV and XLSX into dir/<agency>/<YYYY-MM>/ (each file written aside and renamed), in the
 * session's language (hr_lang_init); agency_name heads every sheet. */
int summary_write_files(const struct summary *s, const char *dir, const char *agency_name);
/* The retained summary payload (JSON text, malloc'd). */
char *summary_payload(const struct summary *s, enum summary_outcome outcome);
/* Publishes it retained at <root>/<agency>/summary/<YYYY-MM>; mqtt_ini NULL uses host/port. */
int summary_publish(const struct summary *s, const char *payload, const char *mqtt_ini,
                    const char *host, const char *port);

/* summary.pdf next to the summary's other files (dir/<agency>/<YYYY-MM>/): ctl/pdf_summary.c,
 * written with the doc layer's PDF engine (doc/pdf.h). */
int pdf_summary(struct ctl *c, const struct summary *s, const char *dir);

#endif
