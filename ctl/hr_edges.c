/* attendctl edges: each edge and reader of an agency (or all) as an administrator checks them —
 * state, journal backlog, refusals, clock drift, silent readers, last tap.  What the database
 * knows (the registered edges and readers, the last taps, attend.edge_clock) is joined with
 * what the edges say of themselves: their status messages (docs/wire.md) as the recorders stored
 * them (attend.edge_status), or with --mqtt-config the retained ones read from the broker
 * now, with the MQTT settings a recorder or the summary uses. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ctl/hr.h"
#include "lib/edges_sql.h"
#include "lib/ini.h"
#include "lib/mqtt.h"
#include "lib/payload.h"
#include "lib/timeutil.h"

#define MAX_EDGES 4096

struct heard {
	pthread_mutex_t lock;
	struct status_msg st[MAX_EDGES];
	size_t n;
	int64_t last_ms;   /* monotonic: when the last message came */
	unsigned bad;      /* status messages that did not decode */
};

static void on_message(void *u, const char *topic, const void *payload, int len)
{
	(void)topic;
	struct heard *h = u;
	struct status_msg s;
	char reason[160];
	pthread_mutex_lock(&h->lock);
	h->last_ms = now_monotonic_ms();
	if (payload_status_decode(payload, (size_t)len, &s, reason, sizeof reason) != 0)
		h->bad++;
	else if (h->n < MAX_EDGES)
		h->st[h->n++] = s;
	else
		payload_status_free(&s);
	pthread_mutex_unlock(&h->lock);
}

static int on_option(void *u, const char *section, const char *n, const char *v, char *err, size_t errlen)
{
	if (!strcmp(section, "mqtt"))
		return mqtt_config_set(u, n, v, err, errlen);
	return 0;   /* a recorder.ini or summary.ini: other sections are not ours */
}

/* The retained statuses: subscribe, then take what the broker hands over until it has been
 * quiet for half a second (retained messages come at once after the subscription). */
static int listen_status(struct heard *h, const char *ini, const char *host, const char *port)
{
	struct mqtt_config cfg;
	char err[512] = "", topic[256];
	mqtt_config_init(&cfg);
	struct mqtt *m = NULL;
	int rc = -1;
	if (ini && ini_load(ini, on_option, &cfg, err, sizeof err) != 0) {
		fprintf(stderr, "attendctl: --mqtt-config: %s\n", err);
		goto out;
	}
	if ((host && mqtt_config_set(&cfg, "host", host, err, sizeof err) != 0) ||
	    (port && mqtt_config_set(&cfg, "port", port, err, sizeof err) != 0)) {
		fprintf(stderr, "attendctl: --mqtt-%s: %s\n", host ? "host" : "port", err);
		goto out;
	}
	snprintf(topic, sizeof topic, "%s/+/+/status", cfg.topic_root);
	struct mqtt_callbacks cb = { .message = on_message, .user = h };
	char id[64];
	snprintf(id, sizeof id, "attendctl-edges-%ld", (long)getpid());
	if (mqtt_new(&m, &cfg, id, &cb, NULL, NULL, err, sizeof err) != 0 || mqtt_start(m, err, sizeof err) != 0) {
		fprintf(stderr, "attendctl: edges: MQTT: %s\n", err);
		goto out;
	}
	for (int i = 0; i < 100 && !mqtt_connected(m); i++)
		nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
	if (!mqtt_connected(m) || mqtt_subscribe(m, topic, err, sizeof err) != 0) {
		fprintf(stderr, "attendctl: edges: cannot read the edges' status from the broker %s:%ld%s%s\n",
		        cfg.host, cfg.port, err[0] ? ": " : "", err);
		goto out;
	}
	int64_t start = now_monotonic_ms();
	h->last_ms = start;
	for (;;) {
		nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
		pthread_mutex_lock(&h->lock);
		int64_t quiet = now_monotonic_ms() - h->last_ms;
		pthread_mutex_unlock(&h->lock);
		if (quiet >= 500 || now_monotonic_ms() - start > 5000)
			break;
	}
	rc = 0;
out:
	mqtt_free(m);   /* the thread stops here: h is ours again */
	mqtt_config_free(&cfg);
	return rc;
}

static const struct status_msg *status_of(const struct heard *h, const char *edge)
{
	for (size_t i = 0; i < h->n; i++)
		if (!strcmp(h->st[i].edge, edge))
			return &h->st[i];
	return NULL;
}

static const struct hr_col edge_cols[] = {
	{ "edge", N_("Edge"), HR_TEXT }, { "site", N_("Site"), HR_TEXT }, { "name", N_("Name"), HR_TEXT },
	{ "state", N_("State"), HR_TEXT }, { "status_at", N_("Status at"), HR_TEXT },
	{ "backlog", N_("Journal backlog"), HR_INT }, { "journal_full", N_("Journal full"), HR_TEXT },
	{ "refused", N_("Refused"), HR_INT }, { "bad_acks", N_("Bad acks"), HR_INT },
	{ "last_seen", N_("Last tap received"), HR_TEXT }, { "clock_skew_s", N_("Clock skew (s)"), HR_TEXT },
	{ "clock_flagged", N_("Clock flagged"), HR_TEXT },
};
static const struct hr_col reader_cols[] = {
	{ "edge", N_("Edge"), HR_TEXT }, { "reader", N_("Reader"), HR_TEXT }, { "direction", N_("Direction"), HR_TEXT },
	{ "name", N_("Name"), HR_TEXT }, { "state", N_("State"), HR_TEXT }, { "reason", N_("Reason"), HR_TEXT },
	{ "last_tap", N_("Last tap"), HR_TEXT }, { "silent", N_("Silent"), HR_TEXT }, { "dropped", N_("Dropped"), HR_INT },
};

/* A result set of text built here (status fields next to database ones) for the writers. */
static PGresult *text_result(PGconn *db, const struct hr_col *cols, int ncols, int nrows, char ***cells)
{
	PGresult *r = PQmakeEmptyPGresult(db, PGRES_TUPLES_OK);
	PGresAttDesc att[16];
	memset(att, 0, sizeof att);
	for (int j = 0; j < ncols; j++) {
		att[j].name = (char *)(uintptr_t)cols[j].key;   /* libpq copies it */
		att[j].typid = 25;                              /* text */
		att[j].typlen = -1;
		att[j].atttypmod = -1;
	}
	if (!r || !PQsetResultAttrs(r, ncols, att)) {
		PQclear(r);
		return NULL;
	}
	for (int i = 0; i < nrows; i++)
		for (int j = 0; j < ncols; j++)
			if (!PQsetvalue(r, i, j, cells[i][j], (int)strlen(cells[i][j]))) {
				PQclear(r);
				return NULL;
			}
	return r;
}

static void usage(FILE *f)
{
	fprintf(f, "%s", _("usage: attendctl edges [--agency CODE] [--mqtt-config FILE | --mqtt-host H [--mqtt-port P]]\n"
	                   "                 [--format table|csv|json|xlsx] [--output FILE] [--lang vi|en]\n"));
	fprintf(f, "%s", HR_CSV_STYLE_USAGE);
}

int hr_edges(struct ctl *c, int argc, char **argv)
{
	const char *agency = NULL, *ini = NULL, *host = NULL, *port = NULL;
	struct hr_out out = { .format = "table" };
	int done = hr_report_args(argc, argv, (const struct hr_opt[]){ { "agency", &agency },
	        { "mqtt-config", &ini }, { "mqtt-host", &host }, { "mqtt-port", &port }, { NULL } }, &out, usage);
	if (done >= 0)
		return done;
	enum hr_format fmt;
	if (!hr_parse_format(out.format, &fmt))
		return 2;
	char agency_id[32];
	if (agency && !ctl_agency(c, agency, agency_id, sizeof agency_id))
		return 1;
	static struct heard h;   /* large: not on the stack */
	pthread_mutex_init(&h.lock, NULL);
	bool asked = ini || host;
	if (asked && listen_status(&h, ini, host, port) != 0)
		return 1;
	const char *p[1] = { agency };
	PGresult *er = ctl_exec(c, "edges", edges_sql, 1, p), *rr = er ? ctl_exec(c, "edges", readers_sql, 1, p) : NULL;
	int rc = 1;
	if (!er || !rr)
		goto out;
	/* the edges' own words next to the database's */
	int ne = PQntuples(er), nr = PQntuples(rr);
	char ***ecells = calloc((size_t)ne + 1, sizeof *ecells), ***rcells = calloc((size_t)nr + 1, sizeof *rcells);
	char (*buf)[12][96] = calloc((size_t)ne + 1, sizeof *buf);
	char (*rbuf)[9][192] = calloc((size_t)nr + 1, sizeof *rbuf);
	if (!ecells || !rcells || !buf || !rbuf)
		goto free_cells;
	for (int i = 0; i < ne; i++) {
		const struct status_msg *s = status_of(&h, PQgetvalue(er, i, 0));
		char at[40] = "";
		if (s && s->detail)
			rfc3339_utc(at, sizeof at, s->at_us);
		/* without --mqtt-config: what the recorders stored of the edge's status (sql/031) */
		const char *stored = PQgetvalue(er, i, 8), *full = PQgetvalue(er, i, 12);
		if (!asked && *PQgetvalue(er, i, 16))
			snprintf(at, sizeof at, "%s", PQgetvalue(er, i, 16));
		const char *v[12] = { PQgetvalue(er, i, 0), PQgetvalue(er, i, 1), PQgetvalue(er, i, 2),
		                      asked ? (s ? edge_state_name(s->state) : _("no status")) : *stored ? stored : _("no status"), at,
		                      asked ? "" : PQgetvalue(er, i, 10),
		                      s && s->detail ? (s->journal.full ? _("yes") : _("no")) :
		                      !asked && *full ? (!strcmp(full, "true") ? _("yes") : _("no")) : "",
		                      asked ? "" : PQgetvalue(er, i, 15), "",
		                      PQgetvalue(er, i, 3), PQgetvalue(er, i, 4), PQgetvalue(er, i, 5) };
		ecells[i] = calloc(12, sizeof(char *));
		if (!ecells[i])
			goto free_cells;
		for (int j = 0; j < 12; j++) {
			snprintf(buf[i][j], sizeof buf[i][j], "%s", v[j]);
			ecells[i][j] = buf[i][j];
		}
		if (s && s->detail) {
			snprintf(buf[i][5], sizeof buf[i][5], "%llu", (unsigned long long)s->journal.pending);
			snprintf(buf[i][7], sizeof buf[i][7], "%llu", (unsigned long long)s->taps.refused);
			snprintf(buf[i][8], sizeof buf[i][8], "%llu", (unsigned long long)s->bad_acks);
		}
	}
	for (int i = 0; i < nr; i++) {
		const struct status_msg *s = status_of(&h, PQgetvalue(rr, i, 0));
		const struct status_reader *sr = NULL;
		for (size_t k = 0; s && k < s->nreaders; k++)
			if (!strcmp(s->readers[k].id, PQgetvalue(rr, i, 1)))
				sr = &s->readers[k];
		const char *v[9] = { PQgetvalue(rr, i, 0), PQgetvalue(rr, i, 1), PQgetvalue(rr, i, 2), PQgetvalue(rr, i, 3),
		                     sr ? sr->state : "", sr ? sr->reason : "", PQgetvalue(rr, i, 4),
		                     sr ? (sr->silent ? _("yes") : _("no")) : "", "" };
		rcells[i] = calloc(9, sizeof(char *));
		if (!rcells[i])
			goto free_cells;
		for (int j = 0; j < 9; j++) {
			snprintf(rbuf[i][j], sizeof rbuf[i][j], "%s", v[j]);
			rcells[i][j] = rbuf[i][j];
		}
		if (sr)
			snprintf(rbuf[i][8], sizeof rbuf[i][8], "%llu", (unsigned long long)sr->dropped);
	}
	PGresult *res[2] = { text_result(c->db, edge_cols, 12, ne, ecells), text_result(c->db, reader_cols, 9, nr, rcells) };
	if (res[0] && res[1]) {
		char meta[256], subtitle[256];
		snprintf(meta, sizeof meta, "{\"report\":\"edges\",\"agency\":\"%s\",\"statuses_heard\":%zu,\"statuses_bad\":%u}",
		         agency ? agency : "", h.n, h.bad);
		snprintf(subtitle, sizeof subtitle, "%s", agency ? agency : _("all agencies"));
		struct hr_section sec[2] = {
			{ "edges", N_("Edges"), edge_cols, 12, res[0] },
			{ "readers", N_("Readers"), reader_cols, 9, res[1] },
		};
		struct hr_report rep = { _("Edges and readers"), subtitle, meta, sec, 2 };
		rc = hr_write_report(&rep, fmt, out.output);
	}
	PQclear(res[0]);
	PQclear(res[1]);
free_cells:
	for (int i = 0; i < ne; i++)
		free(ecells ? ecells[i] : NULL);
	for (int i = 0; i < nr; i++)
		free(rcells ? rcells[i] : NULL);
	free(ecells);
	free(rcells);
	free(buf);
	free(rbuf);
out:
	PQclear(er);
	PQclear(rr);
	for (size_t i = 0; i < h.n; i++)
		payload_status_free(&h.st[i]);
	h.n = 0;
	return rc;
}
