/* attendctl: shared pieces of the subcommands. */
#ifndef ATTEND_CTL_H
#define ATTEND_CTL_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

struct ctl {
	const char *conninfo;   /* -d; NULL = libpq's defaults (PGHOST, PGDATABASE, peer user...) */
	const char *sql_dir;    /* --sql-dir; default DATADIR/sql */
	bool quiet;
	PGconn *db;             /* opened on first use */
};

struct ctl_command {
	const char *name;
	int (*run)(struct ctl *c, int argc, char **argv);
	const char *summary;
};

/* Further groups of commands, each in a file of its own with a table ended by { NULL }.  The
 * references are weak so that a group joins by existing: attendctl.c names the groups but
 * needs none of them to link (attendctl links ctl/ objects directly, not from an archive). */
extern const struct ctl_command ctl_commands_hr[] __attribute__((weak));       /* HR tools */
extern const struct ctl_command ctl_commands_scores[] __attribute__((weak));   /* thi đua */
extern const struct ctl_command ctl_commands_badges[] __attribute__((weak));   /* enrolment */
extern const struct ctl_command ctl_commands_places[] __attribute__((weak));   /* agency, site, edge, reader */
extern const struct ctl_command ctl_commands_schedule[] __attribute__((weak)); /* schedules, rosters */
extern const struct ctl_command ctl_commands_leave[] __attribute__((weak));    /* phép năm */

/* Connects (once); prints the reason and returns NULL on failure. */
PGconn *ctl_db(struct ctl *c);
/* Runs one statement; on failure prints "attendctl: <what>: <server message>" and returns NULL. */
PGresult *ctl_exec(struct ctl *c, const char *what, const char *sql, int nparams,
                   const char *const *params);

int cmd_migrate(struct ctl *c, int argc, char **argv);
int cmd_maintain(struct ctl *c, int argc, char **argv);

/* Day evaluation commands (ctl/cmd_*.c) and their shared helpers (ctl/cmd_common.c). */
int cmd_calendar(struct ctl *c, int argc, char **argv);
int cmd_days(struct ctl *c, int argc, char **argv);
int cmd_month(struct ctl *c, int argc, char **argv);
int cmd_correction(struct ctl *c, int argc, char **argv);
int cmd_request(struct ctl *c, int argc, char **argv);

/* Dates and months as people type them, one reading for every option, argument and file of
 * attendctl (ctl/cmd_common.c).  A date is YYYY-MM-DD or d/m/yyyy as Vietnamese users write it
 * (16/11/2026, also 1/2/2026: one or two digits for day and month, always four for the year);
 * a month is YYYY-MM or m/yyyy (11/2026).  Years 1900..2200; the day must exist (29/02/2027
 * does not).  The parse functions are pure: they write the ISO form (a month: its first day)
 * into a buffer of CTL_DATE_LEN bytes and return false for anything else. */
#define CTL_DATE_LEN 11
bool ctl_parse_date(const char *s, char *iso);
bool ctl_parse_month(const char *s, char *first);
/* A day that recurs every year (a season's switch): MM-DD or d/m (1/4 = 1 April) into "MM-DD". */
bool ctl_parse_month_day(const char *s, char *mmdd);
bool ctl_check_month_day(const char *what, const char **s);
/* true for a date (then *s is pointed at its ISO form); otherwise prints, in the session's
 * language, "attendctl: <what> '<s>' is not a date (dd/mm/yyyy or yyyy-mm-dd)". */
bool ctl_check_date(const char *what, const char **s);
/* true for a month (its first day into `first`, CTL_DATE_LEN bytes); otherwise says why. */
bool ctl_check_month(const char *what, const char *s, char *first);
/* The agency's id (as text, into buf) from its code; prints why and returns false. */
bool ctl_agency(struct ctl *c, const char *code, char *buf, size_t len);
/* A person by staff code, within --agency if given (codes are unique per agency): ids as
 * text into person_id / agency_id.  Prints why and returns false. */
bool ctl_person(struct ctl *c, const char *agency_code, const char *code, char *person_id,
                char *agency_id, size_t len);
/* BEGIN / COMMIT / ROLLBACK; the first two print the error and return false. */
bool ctl_begin(struct ctl *c);
/* Approves or rejects (status) request or correction number id; 0, 1 or 2 (bad id). */
int  ctl_decide(struct ctl *c, const char *kind, const char *id, const char *status, const char *by);
bool ctl_commit(struct ctl *c);
void ctl_rollback(struct ctl *c);

#endif
