/* lib/pg_copy.c, the one COPY ... FROM STDIN writer.  libpq is swapped at link time
 * (-Wl,--wrap, tests/unit/test_pg_copy.wrap): a scripted server answers, and the tests check
 * what reaches it, what the caller is told, and that every result is consumed and freed.
 * The real server is met by the integration tests (taps, day results, imports, summaries). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libpq-fe.h>

#include "lib/dbuf.h"
#include "lib/pg_copy.h"

/* A fake result: its status and message.  PGresult is opaque, so ours stand in for it. */
struct fake_result {
	ExecStatusType status;
	const char *msg;
};

static struct {
	struct fake_result exec;            /* what PQexec answers */
	struct fake_result after[4];        /* what PQgetResult answers, in turn, then NULL */
	int nafter, got;
	bool stuck_in_copy;                 /* PQgetResult answers COPY_IN for ever */
	int put_fails_at;                   /* the PQputCopyData call (1-based) that fails; 0 none */
	int end_rc;                         /* PQputCopyEnd's answer */
	const char *conn_msg;               /* PQerrorMessage */
	/* what the server saw */
	char sql[128];
	struct dbuf sent;
	int puts, ends, cleared, results_given;
	size_t largest_piece;
	bool ended_with_reason;
} s;
static PGconn *const conn = (PGconn *)&s;

static void reset(void)
{
	dbuf_free(&s.sent);
	memset(&s, 0, sizeof s);
	s.exec = (struct fake_result){ PGRES_COPY_IN, "" };
	s.after[0] = (struct fake_result){ PGRES_COMMAND_OK, "" };
	s.nafter = 1;
	s.end_rc = 1;
	s.conn_msg = "";
}

PGresult *__wrap_PQexec(PGconn *c, const char *sql);
PGresult *__wrap_PQexec(PGconn *c, const char *sql)
{
	assert_ptr_equal(c, conn);
	snprintf(s.sql, sizeof s.sql, "%s", sql);
	s.results_given++;
	return (PGresult *)&s.exec;
}

int __wrap_PQputCopyData(PGconn *c, const char *buf, int n);
int __wrap_PQputCopyData(PGconn *c, const char *buf, int n)
{
	assert_ptr_equal(c, conn);
	assert_true(n > 0);
	if (++s.puts == s.put_fails_at)
		return -1;
	dbuf_add(&s.sent, buf, (size_t)n);
	if ((size_t)n > s.largest_piece)
		s.largest_piece = (size_t)n;
	return 1;
}

int __wrap_PQputCopyEnd(PGconn *c, const char *why);
int __wrap_PQputCopyEnd(PGconn *c, const char *why)
{
	assert_ptr_equal(c, conn);
	s.ends++;
	s.ended_with_reason = why != NULL;
	return s.end_rc;
}

static struct fake_result copy_in = { PGRES_COPY_IN, "" };

PGresult *__wrap_PQgetResult(PGconn *c);
PGresult *__wrap_PQgetResult(PGconn *c)
{
	assert_ptr_equal(c, conn);
	if (s.stuck_in_copy) {
		assert_true(++s.got < 100);   /* a loop that never ends fails here */
		s.results_given++;
		return (PGresult *)&copy_in;
	}
	if (s.got >= s.nafter)
		return NULL;
	s.results_given++;
	return (PGresult *)&s.after[s.got++];
}

ExecStatusType __wrap_PQresultStatus(const PGresult *r);
ExecStatusType __wrap_PQresultStatus(const PGresult *r)
{
	return r ? ((const struct fake_result *)(const void *)r)->status : PGRES_FATAL_ERROR;
}

char *__wrap_PQresultErrorMessage(const PGresult *r);
char *__wrap_PQresultErrorMessage(const PGresult *r)
{
	return (char *)(uintptr_t)(r ? ((const struct fake_result *)(const void *)r)->msg : "");
}

char *__wrap_PQerrorMessage(const PGconn *c);
char *__wrap_PQerrorMessage(const PGconn *c)
{
	assert_ptr_equal(c, conn);
	return (char *)(uintptr_t)s.conn_msg;
}

void __wrap_PQclear(PGresult *r);
void __wrap_PQclear(PGresult *r)
{
	if (r)
		s.cleared++;
}

static void rows_of(struct dbuf *b, size_t n)
{
	for (size_t i = 0; b->len < n; i++)
		dbuf_printf(b, "%zu\tVăn phòng\t\\N\n", i);
}

static void rows_go_in_pieces_and_arrive_whole(void **state)
{
	(void)state;
	reset();
	struct dbuf rows = { 0 };
	rows_of(&rows, 700 * 1024);   /* more than two pieces */
	char err[128] = "";
	assert_int_equal(pg_copy_in(conn, "COPY t FROM STDIN", &rows, err, sizeof err), 0);
	assert_string_equal(s.sql, "COPY t FROM STDIN");
	assert_int_equal(s.sent.len, rows.len);
	assert_memory_equal(s.sent.p, rows.p, rows.len);
	assert_true(s.puts >= 3);
	assert_true(s.largest_piece <= 256 * 1024);
	assert_int_equal(s.ends, 1);
	assert_false(s.ended_with_reason);
	assert_int_equal(s.cleared, s.results_given);   /* every result freed */
	assert_string_equal(err, "");
	dbuf_free(&rows);
}

static void no_rows_is_an_empty_copy(void **state)
{
	(void)state;
	reset();
	struct dbuf rows = { 0 };
	char err[128];
	assert_int_equal(pg_copy_in(conn, "COPY t FROM STDIN", &rows, err, sizeof err), 0);
	assert_int_equal(s.puts, 0);
	assert_int_equal(s.ends, 1);
	assert_int_equal(s.cleared, s.results_given);
}

static void a_refused_copy_says_why_on_one_line(void **state)
{
	(void)state;
	reset();
	s.exec = (struct fake_result){ PGRES_FATAL_ERROR, "ERROR:  permission denied for table t\n" };
	struct dbuf rows = { 0 };
	dbuf_puts(&rows, "1\n");
	char err[128];
	assert_int_equal(pg_copy_in(conn, "COPY t FROM STDIN", &rows, err, sizeof err), -EIO);
	assert_string_equal(err, "ERROR:  permission denied for table t");
	assert_int_equal(s.puts, 0);
	assert_int_equal(s.ends, 0);
	assert_int_equal(s.cleared, s.results_given);
	dbuf_free(&rows);
}

static void rows_the_server_refuses_are_named_by_its_first_line(void **state)
{
	(void)state;
	reset();
	s.after[0] = (struct fake_result){ PGRES_FATAL_ERROR,
	        "ERROR:  invalid input syntax for type integer: \"x\"\nCONTEXT:  COPY t, line 1, column a: \"x\"\n" };
	struct dbuf rows = { 0 };
	dbuf_puts(&rows, "x\n");
	char err[128];
	assert_int_equal(pg_copy_in(conn, "COPY t FROM STDIN", &rows, err, sizeof err), -EIO);
	assert_string_equal(err, "ERROR:  invalid input syntax for type integer: \"x\"");
	assert_int_equal(s.cleared, s.results_given);
	dbuf_free(&rows);
}

static void a_failed_send_ends_the_copy_with_a_reason(void **state)
{
	(void)state;
	reset();
	s.put_fails_at = 2;
	s.after[0] = (struct fake_result){ PGRES_FATAL_ERROR, "ERROR:  COPY from stdin failed: the client could not send the rows\n" };
	struct dbuf rows = { 0 };
	rows_of(&rows, 600 * 1024);
	char err[128];
	assert_int_equal(pg_copy_in(conn, "COPY t FROM STDIN", &rows, err, sizeof err), -EIO);
	assert_int_equal(s.puts, 2);   /* nothing more sent after the failure */
	assert_true(s.ended_with_reason);
	assert_non_null(strstr(err, "COPY from stdin failed"));
	assert_int_equal(s.cleared, s.results_given);
	dbuf_free(&rows);
}

static void a_copy_that_cannot_end_does_not_wait_for_ever(void **state)
{
	(void)state;
	reset();
	s.end_rc = -1;
	s.stuck_in_copy = true;
	s.conn_msg = "server closed the connection unexpectedly\n\tThis probably means...\n";
	struct dbuf rows = { 0 };
	dbuf_puts(&rows, "1\n");
	char err[128];
	assert_int_equal(pg_copy_in(conn, "COPY t FROM STDIN", &rows, err, sizeof err), -EIO);
	assert_string_equal(err, "server closed the connection unexpectedly");
	assert_int_equal(s.cleared, s.results_given);
	dbuf_free(&rows);
}

static void rows_that_ran_out_of_memory_are_not_sent(void **state)
{
	(void)state;
	reset();
	struct dbuf rows = { .oom = true };
	char err[128];
	assert_int_equal(pg_copy_in(conn, "COPY t FROM STDIN", &rows, err, sizeof err), -ENOMEM);
	assert_string_equal(s.sql, "");   /* not even started */
	assert_non_null(strstr(err, "out of memory"));
}

static void a_statement_that_is_no_copy_is_refused(void **state)
{
	(void)state;
	reset();
	s.exec = (struct fake_result){ PGRES_COMMAND_OK, "" };
	struct dbuf rows = { 0 };
	char err[128];
	assert_int_equal(pg_copy_in(conn, "DELETE FROM t", &rows, err, sizeof err), -EIO);
	assert_string_equal(err, "not a COPY FROM STDIN");
	assert_int_equal(s.cleared, s.results_given);
}

static int teardown(void **state)
{
	(void)state;
	dbuf_free(&s.sent);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(rows_go_in_pieces_and_arrive_whole, teardown),
		cmocka_unit_test_teardown(no_rows_is_an_empty_copy, teardown),
		cmocka_unit_test_teardown(a_refused_copy_says_why_on_one_line, teardown),
		cmocka_unit_test_teardown(rows_the_server_refuses_are_named_by_its_first_line, teardown),
		cmocka_unit_test_teardown(a_failed_send_ends_the_copy_with_a_reason, teardown),
		cmocka_unit_test_teardown(a_copy_that_cannot_end_does_not_wait_for_ever, teardown),
		cmocka_unit_test_teardown(rows_that_ran_out_of_memory_are_not_sent, teardown),
		cmocka_unit_test_teardown(a_statement_that_is_no_copy_is_refused, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
