/* One evaluator batch: claim, load, evaluate, write, commit. */
#include "evaluator/evaluator.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "evaluator/day_store.h"
#include "lib/timeutil.h"

/* Claiming deletes the rows: a change that comes while they are evaluated waits for this
 * transaction and then queues the day again (see sql/006_days_marks.sql).  Urgent days
 * (a tap, a request) before bulk ones; one person's days together, for one load.
 *
 * A claimed row stays in the index until VACUUM: a claim that always started at the head of
 * the queue would step over every day claimed so far, and a month for 50,000 people would
 * claim slower and slower.  So bulk days are claimed from after the last bulk day this caller
 * claimed ($2..$4), and from the head again once that finds too few: a day queued behind
 * the position (or left by a batch that failed) waits at most one pass.  Urgent days are
 * always claimed from the head, first.  (The row comparison alone, bulk included, is what
 * lets the index scan start at the position: with a separate "bulk" condition it starts at
 * the first bulk day.) */
static const char claim_urgent_sql[] =
	"DELETE FROM attend.day_dirty WHERE ctid = ANY(ARRAY("
	" SELECT ctid FROM attend.day_dirty WHERE NOT bulk ORDER BY bulk, agency_id, person_id, work_date"
	" LIMIT $1::int FOR UPDATE SKIP LOCKED))"
	" RETURNING agency_id, person_id, work_date - date '1970-01-01', bulk";
static const char claim_bulk_sql[] =
	"DELETE FROM attend.day_dirty WHERE ctid = ANY(ARRAY("
	" SELECT ctid FROM attend.day_dirty"
	"  WHERE (bulk, agency_id, person_id, work_date) > (true, $2::bigint, $3::bigint, date '1970-01-01' + $4::int)"
	" ORDER BY bulk, agency_id, person_id, work_date LIMIT $1::int FOR UPDATE SKIP LOCKED))"
	" RETURNING agency_id, person_id, work_date - date '1970-01-01', bulk";

static int exec_simple(PGconn *db, const char *sql, char *err, size_t errlen)
{
	PGresult *r = PQexec(db, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		snprintf(err, errlen, "evaluator: %s: %s", sql, PQresultErrorMessage(r));
		err[strcspn(err, "\n")] = '\0';
		PQclear(r);
		return -1;
	}
	PQclear(r);
	return 0;
}

int evaluator_prepare(PGconn *db, char *err, size_t errlen)
{
	return day_store_prepare(db, err, errlen);
}

/* Runs one claim statement, appending its days to k[*n..]; the last bulk day claimed moves
 * the cursor.  Returns the number claimed, or -1. */
static long claim_part(PGconn *db, const char *sql, long max, struct evaluator_stats *st, struct day_key *k,
                       long *n, char *err, size_t errlen)
{
	char lim[24], a[24], p[24], d[24];
	snprintf(lim, sizeof lim, "%ld", max);
	snprintf(a, sizeof a, "%" PRId64, st->bulk_after.set ? st->bulk_after.agency_id : INT64_MIN);
	snprintf(p, sizeof p, "%" PRId64, st->bulk_after.set ? st->bulk_after.person_id : INT64_MIN);
	snprintf(d, sizeof d, "%" PRId32, st->bulk_after.set ? st->bulk_after.date : -1000000);
	const char *v[4] = { lim, a, p, d };
	PGresult *r = PQexecParams(db, sql, sql == claim_bulk_sql ? 4 : 1, NULL, v, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		snprintf(err, errlen, "evaluator: claiming days: %s", PQresultErrorMessage(r));
		err[strcspn(err, "\n")] = '\0';
		PQclear(r);
		return -1;
	}
	int got = PQntuples(r);
	for (int i = 0; i < got; i++) {
		struct day_key *x = &k[(*n)++];
		x->agency_id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
		x->person_id = strtoll(PQgetvalue(r, i, 1), NULL, 10);
		x->date = (rules_date)strtol(PQgetvalue(r, i, 2), NULL, 10);
		if (PQgetvalue(r, i, 3)[0] != 't')
			continue;
		struct day_key c = { st->bulk_after.agency_id, st->bulk_after.person_id, (rules_date)st->bulk_after.date };
		if (!st->bulk_after.set || day_key_cmp(x, &c) > 0) {
			st->bulk_after.set = true;
			st->bulk_after.agency_id = x->agency_id;
			st->bulk_after.person_id = x->person_id;
			st->bulk_after.date = (int32_t)x->date;
		}
	}
	PQclear(r);
	return got;
}

static long claim(PGconn *db, long max, struct evaluator_stats *st, struct day_key **ret, char *err,
                  size_t errlen)
{
	struct day_key *k = calloc((size_t)max, sizeof *k);
	if (!k) {
		snprintf(err, errlen, "evaluator: out of memory");
		return -1;
	}
	long n = 0;
	if (st->shared) {
		pthread_mutex_lock(&st->shared->lock);
		st->bulk_after = st->shared->bulk_after;
	}
	if (claim_part(db, claim_urgent_sql, max, st, k, &n, err, errlen) < 0)
		goto fail;
	if (n < max) {
		bool from_cursor = st->bulk_after.set;
		if (claim_part(db, claim_bulk_sql, max - n, st, k, &n, err, errlen) < 0)
			goto fail;
		if (n < max && from_cursor) {   /* the end: once more from the head */
			st->bulk_after.set = false;
			if (claim_part(db, claim_bulk_sql, max - n, st, k, &n, err, errlen) < 0)
				goto fail;
		}
	}
	if (st->shared) {
		st->shared->bulk_after = st->bulk_after;
		pthread_mutex_unlock(&st->shared->lock);
	}
	qsort(k, (size_t)n, sizeof *k, day_key_cmp);
	*ret = k;
	return n;
fail:
	if (st->shared)
		pthread_mutex_unlock(&st->shared->lock);
	free(k);
	return -1;
}

/* Evaluates every claimed day into COPY rows; days outside employment go to `gone`. */
static int evaluate(const struct day_batch *b, const struct day_key *keys, long n, struct dbuf *rows,
                    struct day_key *gone, size_t *ngone, struct evaluator_stats *st)
{
	struct day_eval_input *in = malloc(sizeof *in);
	struct rules_day_result *res = malloc(sizeof *res);
	if (!in || !res) {
		free(in);
		free(res);
		return -ENOMEM;
	}
	for (long i = 0; i < n; i++) {
		const struct day_person *p = day_batch_person(b, keys[i].person_id);
		if (!p || p->agency_id != keys[i].agency_id || !day_person_employed(p, keys[i].date)) {
			gone[(*ngone)++] = keys[i];
			continue;
		}
		const char *why;
		if (day_eval_input_build(&b->ref, p, keys[i].date, in, &why) != 0 ||
		    rules_evaluate_day(&in->in, keys[i].date, p->now_local, res) != 0) {
			st->skipped++;
			continue;
		}
		day_result_copy_row(rows, p, res, day_result_recheck_utc(p, &in->rs, res));
		st->days++;
	}
	free(in);
	free(res);
	return rows->oom ? -ENOMEM : 0;
}

/* Adds the time since *t to *acc and restarts *t. */
static void lap(uint64_t *t, uint64_t *acc)
{
	uint64_t now = (uint64_t)now_monotonic_us();
	*acc += now - *t;
	*t = now;
}

long evaluator_run_batch(PGconn *db, long max, int64_t now_utc, struct evaluator_stats *st,
                         char *err, size_t errlen)
{
	struct day_key *keys = NULL, *gone = NULL;
	struct day_batch b = { 0 };
	struct dbuf rows = { 0 };
	size_t ngone = 0;
	long n = -1;
	struct evaluator_stats loc = { 0 };   /* counted only once committed */

	uint64_t t = (uint64_t)now_monotonic_us();
	/* The claims must walk the queue's index from their position: with a queue just filled
	 * (no statistics yet) the planner may rather read and sort the whole queue for every
	 * batch.  Only for the claims; the load and the write plan as usual. */
	if (exec_simple(db, "BEGIN; SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off", err, errlen) != 0)
		return -1;
	long claimed = claim(db, max, st, &keys, err, errlen);
	if (claimed > 0 && exec_simple(db, "RESET enable_seqscan; RESET enable_sort", err, errlen) != 0)
		claimed = -1;
	lap(&t, &st->us_claim);
	if (claimed < 0)
		goto out;
	if (claimed == 0) {
		n = exec_simple(db, "COMMIT", err, errlen) == 0 ? 0 : -1;
		lap(&t, &st->us_commit);
		goto out;
	}
	if (!(gone = calloc((size_t)claimed, sizeof *gone))) {
		snprintf(err, errlen, "evaluator: out of memory");
		goto out;
	}
	int rc = day_store_load(db, keys, (size_t)claimed, now_utc, &b, err, errlen);
	lap(&t, &st->us_load);
	if (rc != 0)
		goto out;
	rc = evaluate(&b, keys, claimed, &rows, gone, &ngone, &loc);
	lap(&t, &st->us_eval);
	if (rc != 0) {
		snprintf(err, errlen, "evaluator: out of memory");
		goto out;
	}
	rc = day_store_write(db, &rows, gone, ngone, err, errlen);
	lap(&t, &st->us_write);
	if (rc != 0)
		goto out;
	rc = exec_simple(db, "COMMIT", err, errlen);
	lap(&t, &st->us_commit);
	if (rc != 0)
		goto out;
	st->days += loc.days;
	st->skipped += loc.skipped;
	st->gone += ngone;
	st->batches++;
	n = claimed;
out:
	if (n < 0 && PQtransactionStatus(db) != PQTRANS_IDLE) {
		PGresult *r = PQexec(db, "ROLLBACK");
		PQclear(r);
	}
	day_batch_free(&b);
	dbuf_free(&rows);
	free(keys);
	free(gone);
	return n;
}
