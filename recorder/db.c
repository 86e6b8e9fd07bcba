#include "recorder/db.h"

#include <errno.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/db_session.h"
#include "lib/dbuf.h"
#include "lib/pg_copy.h"
#include "lib/timeutil.h"

struct db {
	char *conninfo;
	char *recorder;
	PGconn *conn;
	struct dbuf copy;   /* one batch as COPY text, its memory kept from batch to batch */
};

/* A batch goes in with COPY into a temporary table, then one INSERT ... SELECT moves it into
 * attend.tap (taking the agency from the site) with ON CONFLICT DO NOTHING, which absorbs
 * re-sent taps and needs no privilege beyond INSERT.  COPY is several times faster than a
 * many-row INSERT with thousands of parameters. */
static const char create_incoming[] =
	"CREATE TEMP TABLE IF NOT EXISTS incoming_tap ("
	" edge_id text, epoch uuid, seq bigint, site_id text, reader_id text, direction text,"
	" uid text, known_at_edge boolean, duplicate boolean, tapped_at timestamptz,"
	" sent_at timestamptz, received_at timestamptz, recorder text) ON COMMIT DELETE ROWS";
static const char move_incoming[] =
	"INSERT INTO attend.tap (edge_id, epoch, seq, site_id, reader_id, direction, uid,"
	" known_at_edge, duplicate, tapped_at, sent_at, received_at, recorder, agency_id)"
	" SELECT i.*, s.agency_id FROM pg_temp.incoming_tap i LEFT JOIN attend.site s ON s.id = i.site_id"
	" ON CONFLICT DO NOTHING";

int db_new(struct db **ret, const char *conninfo, const char *recorder_id)
{
	struct db *d = calloc(1, sizeof *d);
	if (!d || !(d->conninfo = strdup(conninfo)) || !(d->recorder = strdup(recorder_id))) {
		db_free(d);
		return -ENOMEM;
	}
	*ret = d;
	return 0;
}

void db_free(struct db *d)
{
	if (!d)
		return;
	PQfinish(d->conn);
	free(d->conninfo);
	free(d->recorder);
	dbuf_free(&d->copy);
	free(d);
}

static int connect_db(struct db *d, char *err, size_t errlen)
{
	if (d->conn && PQstatus(d->conn) == CONNECTION_OK)
		return 0;
	PQfinish(d->conn);
	d->conn = PQconnectdb(d->conninfo);
	if (PQstatus(d->conn) != CONNECTION_OK) {
		snprintf(err, errlen, "database: %s", PQerrorMessage(d->conn));
		err[strcspn(err, "\n")] = '\0';
		PQfinish(d->conn);
		d->conn = NULL;
		return -1;
	}
	PQsetClientEncoding(d->conn, "UTF8");
	if (db_session_clock(d->conn, err, errlen) != 0) {
		PQfinish(d->conn);
		d->conn = NULL;
		return -1;
	}
	PGresult *r = PQexec(d->conn, create_incoming);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		snprintf(err, errlen, "database: %s", PQresultErrorMessage(r));
		err[strcspn(err, "\n")] = '\0';
		PQclear(r);
		PQfinish(d->conn);
		d->conn = NULL;
		return -1;
	}
	PQclear(r);
	return 0;
}

/* COPY text needs \t, \n, \r and \\ escaped; every field here was validated by the decoder
 * (names, UIDs, UUIDs, our own timestamps), so none can hold one — checked, not assumed. */
static int copy_safe(const char *s)
{
	return strpbrk(s, "\t\n\r\\") == NULL;
}

/* Appends one row; -1 if a field is unsafe or memory runs out. */
static int copy_row(struct db *d, const struct tap_msg *m, int64_t received_us)
{
	char at[40], sent[40], recv[40];
	const char *f[13] = { m->edge, m->tap.epoch, NULL, m->site, m->tap.reader,
	                      reader_direction_name(m->tap.direction), m->tap.uid,
	                      m->tap.flags & TAP_FLAG_KNOWN ? "t" : "f",
	                      m->tap.flags & TAP_FLAG_DUPLICATE ? "t" : "f",
	                      rfc3339_utc(at, sizeof at, m->tap.at_us),
	                      rfc3339_utc(sent, sizeof sent, m->sent_us),
	                      rfc3339_utc(recv, sizeof recv, received_us), d->recorder };
	char seq[24];
	snprintf(seq, sizeof seq, "%" PRIu64, m->tap.seq);
	f[2] = seq;
	for (int i = 0; i < 13; i++) {
		if (!copy_safe(f[i]))
			return -1;
		dbuf_puts(&d->copy, f[i]);
		dbuf_add(&d->copy, i < 12 ? "\t" : "\n", 1);
	}
	return d->copy.oom ? -1 : 0;
}

static int exec_ok(PGresult *r)
{
	ExecStatusType st = PQresultStatus(r);
	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

/* "database WHAT: MESSAGE" on one line into err, and the batch's transaction rolled back. */
static void fail_with(struct db *d, const char *what, const char *msg, char *err, size_t errlen)
{
	snprintf(err, errlen, "database %s: %s", what, msg);
	err[strcspn(err, "\n")] = '\0';
	PGresult *r = PQexec(d->conn, "ROLLBACK");
	PQclear(r);
}

static void fail(struct db *d, PGresult *r, const char *what, char *err, size_t errlen)
{
	fail_with(d, what, r ? PQresultErrorMessage(r) : PQerrorMessage(d->conn), err, errlen);
	/* A failover (the session broke, or the server turned read-only): the next attempt
	 * connects afresh and the multi-host conninfo finds whichever node is primary now. */
	if (db_session_switching(d->conn, r)) {
		PQfinish(d->conn);
		d->conn = NULL;
	}
	PQclear(r);
}

int db_record_batch(struct db *d, const struct tap_msg *taps, const int64_t *received_us, size_t n,
                    const struct db_rejected *rej, size_t nrej, uint64_t *inserted,
                    char *err, size_t errlen)
{
	*inserted = 0;
	if (connect_db(d, err, errlen) != 0)
		return -1;
	PGresult *r = PQexec(d->conn, "BEGIN");
	if (!exec_ok(r)) {
		fail(d, r, "BEGIN", err, errlen);
		return -1;
	}
	PQclear(r);
	if (n) {
		if (d->copy.oom)   /* a batch that ran out of memory: the next one starts afresh */
			dbuf_free(&d->copy);
		d->copy.len = 0;
		for (size_t i = 0; i < n; i++)
			if (copy_row(d, &taps[i], received_us[i]) != 0) {
				fail_with(d, "COPY", "a tap field that cannot be copied, or out of memory", err, errlen);
				return -1;
			}
		char why[512];
		if (pg_copy_in(d->conn, "COPY pg_temp.incoming_tap FROM STDIN", &d->copy, why, sizeof why) != 0) {
			fail_with(d, "COPY", why, err, errlen);
			return -1;
		}
		r = PQexec(d->conn, move_incoming);
		if (!exec_ok(r)) {
			fail(d, r, "insert of taps", err, errlen);
			return -1;
		}
		*inserted = strtoull(PQcmdTuples(r), NULL, 10);
		PQclear(r);
	}
	for (size_t i = 0; i < nrej; i++) {
		char at[40];
		const char *v[5] = { rfc3339_utc(at, sizeof at, rej[i].received_us), rej[i].topic,
		                     rej[i].payload, rej[i].reason, d->recorder };
		int lens[5] = { 0, 0, (int)rej[i].len, 0, 0 }, fmts[5] = { 0, 0, 1, 0, 0 };
		r = PQexecParams(d->conn, "INSERT INTO attend.rejected_payload "
		                 "(received_at, topic, payload, reason, recorder) VALUES ($1, $2, $3, $4, $5)",
		                 5, NULL, v, lens, fmts, 0);
		if (!exec_ok(r)) {
			fail(d, r, "insert of a rejected payload", err, errlen);
			return -1;
		}
		PQclear(r);
	}
	r = PQexec(d->conn, "COMMIT");
	if (!exec_ok(r)) {
		fail(d, r, "COMMIT", err, errlen);
		return -1;
	}
	PQclear(r);
	return 0;
}

int db_record_status(struct db *d, const struct status_msg *s, const void *payload, size_t len,
                     char *err, size_t errlen)
{
	if (connect_db(d, err, errlen) != 0)
		return -1;
	char sent[40] = "", conn[40] = "", pend[24], cap[24], refused[24];
	if (s->detail)
		rfc3339_utc(sent, sizeof sent, s->at_us);
	if (s->connected_at_us)
		rfc3339_utc(conn, sizeof conn, s->connected_at_us);
	snprintf(pend, sizeof pend, "%" PRIu64, s->journal.pending);
	snprintf(cap, sizeof cap, "%" PRIu64, s->journal.capacity);
	snprintf(refused, sizeof refused, "%" PRIu64, s->taps.refused);
	/* a will carries no journal: NULLs keep what the edge last said (sql/031) */
	char *json = s->detail ? strndup(payload, len) : NULL;
	const char *p[11] = { s->edge, s->site, edge_state_name(s->state), *sent ? sent : NULL,
	                      *conn ? conn : NULL, *s->version ? s->version : NULL,
	                      s->detail ? pend : NULL, s->detail ? cap : NULL,
	                      s->detail ? (s->journal.full ? "true" : "false") : NULL,
	                      s->detail ? refused : NULL, json };
	PGresult *r = PQexecParams(d->conn, "SELECT attend.record_edge_status($1, $2, $3, $4, $5, $6,"
	                           " $7, $8, $9, $10, $11)", 11, NULL, p, NULL, NULL, 0);
	free(json);
	int rc = 0;
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		snprintf(err, errlen, "database: edge status of %s: %s", s->edge, PQresultErrorMessage(r));
		err[strcspn(err, "\n")] = '\0';
		rc = -1;
	}
	PQclear(r);
	return rc;
}
