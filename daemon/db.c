#include "daemon/db.h"

#include <errno.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/timeutil.h"

#define TAP_COLS 13

struct db {
	char *conninfo;
	char *recorder;
	PGconn *conn;
	char *sql;          /* the INSERT text, rebuilt when the batch size changes */
	size_t sql_rows;
};

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
	free(d->sql);
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
	return 0;
}

/* INSERT ... SELECT FROM (VALUES ...) with every value a parameter: no quoting by hand, and
 * the agency comes from the site in the same statement.  ON CONFLICT DO NOTHING (no target,
 * so the recorder needs INSERT and nothing more) absorbs re-sent taps. */
static int build_sql(struct db *d, size_t rows)
{
	if (d->sql && d->sql_rows == rows)
		return 0;
	static const char *casts[TAP_COLS] = { "text", "uuid", "bigint", "text", "text", "text",
	                                       "text", "boolean", "boolean", "timestamptz",
	                                       "timestamptz", "timestamptz", "text" };
	size_t cap = 512 + rows * TAP_COLS * 24;
	char *s = malloc(cap);
	if (!s)
		return -1;
	size_t off = (size_t)snprintf(s, cap,
	        "INSERT INTO attend.tap (edge_id, epoch, seq, site_id, reader_id, direction, uid, "
	        "known_at_edge, duplicate, tapped_at, sent_at, received_at, recorder, agency_id) "
	        "SELECT v.*, (SELECT agency_id FROM attend.site s WHERE s.id = v.site) FROM (VALUES ");
	int p = 1;
	for (size_t r = 0; r < rows; r++) {
		off += (size_t)snprintf(s + off, cap - off, "%s(", r ? "," : "");
		for (int c = 0; c < TAP_COLS; c++)
			off += (size_t)snprintf(s + off, cap - off, "%s$%d::%s", c ? "," : "", p++, casts[c]);
		off += (size_t)snprintf(s + off, cap - off, ")");
	}
	snprintf(s + off, cap - off, ") AS v(edge, epoch, seq, site, reader, direction, uid, known, "
	         "duplicate, tapped_at, sent_at, received_at, recorder) ON CONFLICT DO NOTHING");
	free(d->sql);
	d->sql = s;
	d->sql_rows = rows;
	return 0;
}

static int exec_ok(PGresult *r)
{
	ExecStatusType st = PQresultStatus(r);
	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

static void fail(struct db *d, PGresult *r, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "database %s: %s", what, r ? PQresultErrorMessage(r) : PQerrorMessage(d->conn));
	err[strcspn(err, "\n")] = '\0';
	PQclear(r);
	r = PQexec(d->conn, "ROLLBACK");
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
		if (build_sql(d, n) != 0) {
			fail(d, NULL, "out of memory", err, errlen);
			return -1;
		}
		size_t np = n * TAP_COLS;
		const char **pv = calloc(np, sizeof *pv);
		char (*text)[6][40] = calloc(n, sizeof *text);   /* seq, at, sent, received */
		if (!pv || !text) {
			free(pv);
			free(text);
			fail(d, NULL, "out of memory", err, errlen);
			return -1;
		}
		for (size_t i = 0; i < n; i++) {
			const struct tap_msg *m = &taps[i];
			const char **v = pv + i * TAP_COLS;
			snprintf(text[i][0], sizeof text[i][0], "%" PRIu64, m->tap.seq);
			rfc3339_utc(text[i][1], sizeof text[i][1], m->tap.at_us);
			rfc3339_utc(text[i][2], sizeof text[i][2], m->sent_us);
			rfc3339_utc(text[i][3], sizeof text[i][3], received_us[i]);
			v[0] = m->edge;
			v[1] = m->tap.epoch;
			v[2] = text[i][0];
			v[3] = m->site;
			v[4] = m->tap.reader;
			v[5] = reader_direction_name(m->tap.direction);
			v[6] = m->tap.uid;
			v[7] = m->tap.flags & TAP_FLAG_KNOWN ? "t" : "f";
			v[8] = m->tap.flags & TAP_FLAG_DUPLICATE ? "t" : "f";
			v[9] = text[i][1];
			v[10] = text[i][2];
			v[11] = text[i][3];
			v[12] = d->recorder;
		}
		r = PQexecParams(d->conn, d->sql, (int)np, NULL, pv, NULL, NULL, 0);
		free(pv);
		free(text);
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
