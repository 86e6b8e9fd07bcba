/* attendctl: the HR and administration command line. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"
#include "ctl/hr.h"   /* hr_lang_init, _() */
#include "lib/clock.h"

static const struct ctl_command commands[] = {
	{ "migrate", cmd_migrate, N_("apply the database migrations (idempotent)") },
	{ "maintain", cmd_maintain, N_("create tap partitions ahead; warn about taps with far-off clocks") },
	{ "calendar", cmd_calendar, N_("load holiday data; switch calendar toggles") },
	{ "days", cmd_days, N_("evaluate days again; show day results") },
	{ "month", cmd_month, N_("lock or unlock a month of an agency") },
	{ "correction", cmd_correction, N_("add a missed tap or exclude a tap (audited)") },
	{ "request", cmd_request, N_("record, approve or reject leave and absences") },
};

static const struct ctl_command *groups(size_t i)
{
	switch (i) {
	case 0: return ctl_commands_badges;
	case 1: return ctl_commands_hr;
	case 2: return ctl_commands_scores;
	case 3: return ctl_commands_places;
	case 4: return ctl_commands_schedule;
	case 5: return ctl_commands_leave;
	}
	return NULL;
}
#define NGROUPS 6

static const struct ctl_command *find(const char *name)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	for (size_t g = 0; g < NGROUPS; g++)
		for (const struct ctl_command *c = groups(g); c && c->name; c++)
			if (strcmp(c->name, name) == 0)
				return c;
	return NULL;
}

static void usage(FILE *f)
{
	fprintf(f, "%s", _("usage: attendctl [-d conninfo] [--sql-dir DIR] [-q] [--lang vi|en] <command> [args]\n\n"
	                   "  -d CONNINFO   database, e.g. \"host=db dbname=attend\" (default: libpq's PG* settings)\n"
	                   "  --lang vi|en  language of the messages (default: the locale)\n\n"
	                   "commands:\n"));
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
	for (size_t g = 0; g < NGROUPS; g++)
		for (const struct ctl_command *c = groups(g); c && c->name; c++)
			fprintf(f, "  %-12s %s\n", c->name, _(c->summary));
}

int main(int argc, char **argv)
{
	struct ctl c = { .conninfo = getenv("ATTEND_DB"), .sql_dir = getenv("ATTEND_SQL_DIR") };
	static const struct option opts[] = {
		{ "database", required_argument, NULL, 'd' },
		{ "sql-dir", required_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "lang", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	/* Every command speaks the session's language (the locale, or --lang here or after the
	 * command): set once before any command runs, so no command can forget it. */
	hr_lang_init(NULL);
	int ch;
	while ((ch = getopt_long(argc, argv, "+d:qh", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': c.conninfo = optarg; break;
		case 'S': c.sql_dir = optarg; break;
		case 'q': c.quiet = true; break;
		case 'L':
			if (!hr_lang_init(optarg))
				return 2;
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	char err[256];
	if (clock_check_env(err, sizeof err) != 0) {
		fprintf(stderr, "attendctl: %s\n", err);
		return 2;
	}
	const char *name = argv[optind];
	const struct ctl_command *cmd = find(name);
	if (cmd) {
		int rc = cmd->run(&c, argc - optind, argv + optind);
		PQfinish(c.db);
		return rc;
	}
	fprintf(stderr, _("attendctl: unknown command '%s'\n"), name);
	usage(stderr);
	return 2;
}
