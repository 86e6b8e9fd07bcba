/* attendctl's HR tools (import, report, timesheet, today, access): shared pieces.  What
 * documents need (language, cells, writers) is the doc layer's, doc/doc.h. */
#ifndef ATTEND_CTL_HR_H
#define ATTEND_CTL_HR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ctl/ctl.h"
#include "doc/doc.h"

/* Picks attendctl's language: `lang` ("vi" or "en") if given, else the locale (LANGUAGE,
 * LC_ALL, LC_MESSAGES, LANG), and sets the process's locale and gettext for it
 * (ctl/hr_lang.c).  Returns false (and says why) for a language it does not know. */
bool hr_lang_init(const char *lang);
/* Another language for a while (summary run's files are Vietnamese in an English session). */
void hr_lang_switch(bool vi);

/* ---- helpers for the HR commands ---- */
/* One of a command's own options: --name VALUE sets *value. */
struct hr_opt { const char *name; const char **value; };
/* The options of a report: the caller sets the defaults.  operands: the arguments that are not
 * options (argv[optind..]) are the command's, not refused. */
struct hr_out { const char *format, *output, *lang, *csv_style; bool operands; };
/* Reads a report command's options (ctl/hr_args.c): its own (`own`, ended by { NULL }; at most
 * 12) and --format, --output/-o, --lang, --csv-style, --help/-h; sets the language and the CSV
 * style.  A bad option (or argument, unless out->operands): usage on stderr, 2; --help: usage on stdout, 0;
 * else -1, go on.  The format is left to the command to check. */
int hr_report_args(int argc, char **argv, const struct hr_opt *own, struct hr_out *out, void (*usage)(FILE *));
/* The same for a command with --lang and --help/-h only, whose other arguments
 * (argv[optind..]) are its own. */
int hr_lang_args(int argc, char **argv, const struct hr_opt *own, void (*usage)(FILE *));
/* The same with --help/-h alone (no language set). */
int hr_help_args(int argc, char **argv, const struct hr_opt *own, void (*usage)(FILE *));
/* A unit by code within an agency (id as text); prints why and returns false. */
bool hr_unit(struct ctl *c, const char *agency_id, const char *agency_code, const char *code,
             char *buf, size_t len);
/* YYYY-MM -> first day "YYYY-MM-01"; prints why and returns false. */
bool hr_month(const char *s, char *first, size_t len);

int hr_import(struct ctl *c, int argc, char **argv);
int hr_report_cmd(struct ctl *c, int argc, char **argv);
int hr_timesheet(struct ctl *c, int argc, char **argv);
int hr_today(struct ctl *c, int argc, char **argv);
int hr_access(struct ctl *c, int argc, char **argv);
int hr_badges_unknown(struct ctl *c, int argc, char **argv);   /* attendctl badges unknown */
int hr_rejected(struct ctl *c, int argc, char **argv);
int ctl_login(struct ctl *c, int argc, char **argv);
int hr_edges(struct ctl *c, int argc, char **argv);   /* attendctl edges */
int hr_badges_import(struct ctl *c, int argc, char **argv);   /* attendctl badges import */

#endif
