/* attendctl rejected: payloads the recorder could not decode, kept aside with their topic and
 * reason (invariant 6: nothing dropped silently).  They carry no agency, so they are the
 * administrators' to read (the database refuses HR). */
#include <stdlib.h>
#include <string.h>

#include "ctl/hr.h"

/* The payload cut at 200 characters, bytes outside ASCII as \ooo (a payload that did not
 * decode may be anything; this shows it without trusting it). */
static const char rejected_sql[] =
	"SELECT r.id::text, to_char(r.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI:SS'),"
	"  r.topic, r.reason, r.recorder,"
	"  left(encode(r.payload, 'escape'), 200)"
	" FROM attend.rejected_payload r"
	" WHERE r.received_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')"
	" ORDER BY r.received_at DESC, r.id DESC LIMIT $2::int";

static const struct hr_col cols[] = {
	{ "id", N_("No."), HR_TEXT }, { "received", N_("Received"), HR_TEXT },
	{ "topic", N_("Topic"), HR_TEXT }, { "reason", N_("Reason"), HR_TEXT },
	{ "recorder", N_("Recorder"), HR_TEXT }, { "payload", N_("Payload"), HR_TEXT },
};

static void usage(FILE *f)
{
	fprintf(f, "%s", _("usage: attendctl rejected [--since YYYY-MM-DD] [--limit N]\n"
	                   "                 [--format table|csv|json|xlsx] [--output FILE] [--lang vi|en]\n"));
	fprintf(f, "%s", HR_CSV_STYLE_USAGE);
}

int hr_rejected(struct ctl *c, int argc, char **argv)
{
	const char *since = NULL, *limit = "100";
	struct hr_out out = { .format = "table" };
	int done = hr_report_args(argc, argv, (const struct hr_opt[]){ { "since", &since }, { "limit", &limit },
	        { NULL } }, &out, usage);
	if (done >= 0)
		return done;
	enum hr_format fmt;
	char *end;
	long n = strtol(limit, &end, 10);
	if (*end || n < 1 || n > 100000) {
		fprintf(stderr, _("attendctl: rejected: --limit '%s' is not a number from 1 to 100000\n"), limit);
		return 2;
	}
	if (!hr_parse_format(out.format, &fmt) || (since && !ctl_check_date("--since", &since)))
		return 2;
	PGresult *h = ctl_exec(c, "rejected", "SELECT coalesce($1::date, (attend.now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - 30)::text",
	                       1, (const char *const[]){ since });
	if (!h)
		return 1;
	char s[16];
	snprintf(s, sizeof s, "%s", PQgetvalue(h, 0, 0));
	PQclear(h);
	PGresult *r = ctl_exec(c, "rejected", rejected_sql, 2, (const char *const[]){ s, limit });
	if (!r)
		return 1;
	char subtitle[128], d[16], meta[160];
	snprintf(subtitle, sizeof subtitle, _("since %s"), hr_date(d, sizeof d, s));
	snprintf(meta, sizeof meta, "{\"report\":\"rejected\",\"since\":\"%s\",\"limit\":%ld}", s, n);
	struct hr_section sec = { "rejected", N_("Rejected payloads"), cols, (int)(sizeof cols / sizeof cols[0]), r };
	struct hr_report rep = { _("Payloads kept aside"), subtitle, meta, &sec, 1 };
	int rc = hr_write_report(&rep, fmt, out.output);
	PQclear(r);
	return rc;
}
