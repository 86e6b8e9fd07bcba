/* lib/db_session.c: which failures are a failover (attendctl and attend-web then say "the
 * database is switching over", the recorder reconnects) and which are the caller's own.
 * libpq is swapped at link time (tests/unit/test_db_session.wrap); the real failover is
 * tests/integration/test_failover.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <libpq-fe.h>

#include "lib/db_session.h"

static struct {
	ExecStatusType status;     /* of the result */
	char sqlstate[8];          /* of the result, "" for none */
	ConnStatusType conn;       /* of the session */
	char conn_msg[256];        /* PQerrorMessage */
} s;
static PGconn *const conn = (PGconn *)&s;
static const PGresult *const res = (const PGresult *)&s.status;

ExecStatusType __wrap_PQresultStatus(const PGresult *r);
ExecStatusType __wrap_PQresultStatus(const PGresult *r)
{
	return r ? s.status : PGRES_FATAL_ERROR;
}

char *__wrap_PQresultErrorField(const PGresult *r, int field);
char *__wrap_PQresultErrorField(const PGresult *r, int field)
{
	return r && field == PG_DIAG_SQLSTATE && s.sqlstate[0] ? s.sqlstate : NULL;
}

ConnStatusType __wrap_PQstatus(const PGconn *c);
ConnStatusType __wrap_PQstatus(const PGconn *c)
{
	(void)c;
	return s.conn;
}

char *__wrap_PQerrorMessage(const PGconn *c);
char *__wrap_PQerrorMessage(const PGconn *c)
{
	(void)c;
	return s.conn_msg;
}

static void failed(const char *sqlstate, ConnStatusType cs)
{
	s.status = PGRES_FATAL_ERROR;
	snprintf(s.sqlstate, sizeof s.sqlstate, "%s", sqlstate ? sqlstate : "");
	s.conn = cs;
	s.conn_msg[0] = '\0';
}

static void msg(const char *m)
{
	snprintf(s.conn_msg, sizeof s.conn_msg, "%s", m);
}

static void states(void **state)
{
	(void)state;
	const char *yes[] = { "08000", "08006", "08001", "57P01", "57P02", "57P03", "25006" };
	const char *no[] = { "42501", "23505", "25001", "57014", "57P04", "08", "080000", "", NULL };
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		assert_true(db_session_switching_state(yes[i]));
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		assert_false(db_session_switching_state(no[i]));
}

/* The server said why: read-only (a standby), shut down; or it is the caller's error. */
static void query_failed(void **state)
{
	(void)state;
	failed("25006", CONNECTION_OK);
	assert_true(db_session_switching(conn, res));
	failed("57P01", CONNECTION_BAD);
	assert_true(db_session_switching(conn, res));
	failed("42501", CONNECTION_OK);   /* a refusal by the role: not a failover */
	assert_false(db_session_switching(conn, res));
	failed("23505", CONNECTION_OK);
	assert_false(db_session_switching(conn, res));
	s.status = PGRES_TUPLES_OK;       /* nothing failed */
	snprintf(s.sqlstate, sizeof s.sqlstate, "25006");
	assert_false(db_session_switching(conn, res));
}

/* The session broke under the query: libpq gives no SQLSTATE then. */
static void session_broke(void **state)
{
	(void)state;
	failed(NULL, CONNECTION_BAD);
	assert_true(db_session_switching(conn, res));
	failed(NULL, CONNECTION_OK);
	assert_false(db_session_switching(conn, res));
	assert_false(db_session_switching(NULL, res));
}

/* A connection that failed: a failover when a server answered that it cannot take writes
 * yet; a database that refuses on every host is down, not switching. */
static void connect_failed(void **state)
{
	(void)state;
	failed(NULL, CONNECTION_BAD);
	msg("connection to server at \"127.0.0.1\", port 5432 failed: Connection refused\n"
	             "\tIs the server running on that host and accepting TCP/IP connections?\n");
	assert_false(db_session_switching(conn, NULL));
	msg("connection to server at \"127.0.0.1\", port 5432 failed: Connection refused\n"
	             "connection to server at \"127.0.0.1\", port 5433 failed: session is read-only\n");
	assert_true(db_session_switching(conn, NULL));
	msg("connection to server at \"db2\", port 5432 failed: FATAL:  the database system is starting up\n");
	assert_true(db_session_switching(conn, NULL));
	msg("connection to server at \"db1\", port 5432 failed: FATAL:  password authentication failed\n");
	assert_false(db_session_switching(conn, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(states),
		cmocka_unit_test(query_failed),
		cmocka_unit_test(session_broke),
		cmocka_unit_test(connect_failed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
