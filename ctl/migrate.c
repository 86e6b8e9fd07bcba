/* attendctl migrate: applies sql/NNN_*.sql in order, each in its own transaction, and records
 * what it applied (with an md5 of the text, so an edited migration is noticed).  Numbers run
 * strictly in sequence: one below a migration already applied is refused (it would run in
 * another order than on a fresh database). */
#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"

static int is_migration(const struct dirent *e)
{
	size_t n = strlen(e->d_name);
	return n > 7 && e->d_name[0] >= '0' && e->d_name[0] <= '9' && !strcmp(e->d_name + n - 4, ".sql");
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	char chunk[8192];
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			char *b = realloc(buf, cap);
			if (!b) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = b;
		}
		memcpy(buf + len, chunk, n);
		len += n;
	}
	fclose(f);
	if (!buf)
		buf = calloc(1, 1);
	else
		buf[len] = '\0';
	return buf;
}

static int run_sql(PGconn *db, const char *sql, const char *file)
{
	PGresult *r = PQexec(db, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
		const char *pos = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION);
		int line = 1;
		if (pos && file)
			for (long i = 0, p = atol(pos); i < p - 1 && sql[i]; i++)
				line += sql[i] == '\n';
		fprintf(stderr, "attendctl: migrate: %s%s%d: %s", file ? file : "", file ? ":" : "",
		        file ? line : 0, PQresultErrorMessage(r));
		PQclear(r);
		return -1;
	}
	PQclear(r);
	return 0;
}

/* The number a migration's name starts with. */
static long number_of(const char *name)
{
	return strtol(name, NULL, 10);
}

/* Migrations that were renumbered keep their text: a recorded md5 under a name no file has
 * any more is that migration's old name, and takes the new one. */
static int adopt_renamed(struct ctl *c, char **names, char **sqls, int n)
{
	/* {"name1","name2"} as a text[] literal: the names are [0-9a-z_.] only (is_migration) */
	size_t len = 3;
	for (int i = 0; i < n; i++)
		len += strlen(names[i]) + 3;
	char *arr = malloc(len);
	if (!arr)
		return -1;
	char *w = arr;
	*w++ = '{';
	for (int i = 0; i < n; i++)
		w += sprintf(w, "%s\"%s\"", i ? "," : "", names[i]);
	strcpy(w, "}");
	int rc = 0;
	for (int i = 0; i < n && rc == 0; i++) {
		const char *p[3] = { names[i], sqls[i], arr };
		PGresult *r = ctl_exec(c, "migrate",
		        "UPDATE attend.schema_migration SET version = $1 WHERE md5 = md5($2)"
		        " AND version <> ALL($3::text[])"
		        " AND NOT EXISTS (SELECT FROM attend.schema_migration WHERE version = $1) RETURNING 1", 3, p);
		if (!r)
			rc = -1;
		else if (PQntuples(r) > 0 && !c->quiet)
			printf("%s: recorded under its former number\n", names[i]);
		PQclear(r);
	}
	free(arr);
	return rc;
}

static int is_valid_name(const char *name)
{
	for (const char *q = name; *q; q++)
		if (!((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'z') || *q == '_' || *q == '.' || *q == '-'))
			return 0;
	return 1;
}

int cmd_migrate(struct ctl *c, int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		fprintf(stderr, "attendctl: migrate takes no arguments\n");
		return 2;
	}
	PGconn *db = ctl_db(c);
	if (!db)
		return 1;
	const char *dir = c->sql_dir ? c->sql_dir : DATADIR "/sql";
	struct dirent **files;
	int n = scandir(dir, &files, is_migration, alphasort);
	if (n < 0) {
		fprintf(stderr, "attendctl: migrate: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	int rc = 0, applied = 0;
	char **names = calloc((size_t)n + 1, sizeof *names), **sqls = calloc((size_t)n + 1, sizeof *sqls);
	bool *done = calloc((size_t)n + 1, sizeof *done);
	if (!names || !sqls || !done) {
		fprintf(stderr, "attendctl: migrate: out of memory\n");
		rc = 1;
		goto out;
	}
	for (int i = 0; i < n && rc == 0; i++) {
		names[i] = files[i]->d_name;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (!is_valid_name(names[i])) {
			fprintf(stderr, "attendctl: migrate: %s: a migration's name is NNN_words.sql "
			        "(digits, lower-case letters, '_')\n", path);
			rc = 1;
		} else if (!(sqls[i] = slurp(path))) {
			fprintf(stderr, "attendctl: migrate: %s: %s\n", path, strerror(errno));
			rc = 1;
		} else if (i > 0 && number_of(names[i]) == number_of(names[i - 1])) {
			fprintf(stderr, "attendctl: migrate: %s/%s and %s share the number %03ld: "
			        "migrations are numbered strictly in sequence\n", dir, names[i - 1], names[i],
			        number_of(names[i]));
			rc = 1;
		}
	}
	if (rc)
		goto out;
	/* One migrator at a time; the lock ends with the session. */
	if (run_sql(db, "SELECT pg_advisory_lock(7402373);"
	                "CREATE SCHEMA IF NOT EXISTS attend;"
	                "CREATE TABLE IF NOT EXISTS attend.schema_migration ("
	                "  version text PRIMARY KEY, md5 text NOT NULL,"
	                "  applied_at timestamptz NOT NULL DEFAULT now(),"
	                "  applied_by text NOT NULL DEFAULT current_user)", NULL) != 0 ||
	    adopt_renamed(c, names, sqls, n) != 0) {
		rc = 1;
		goto out;
	}
	/* What is applied already, and the highest number among it. */
	long last = 0;
	char last_name[256] = "";
	for (int i = 0; i < n; i++) {
		const char *p[2] = { names[i], sqls[i] };
		PGresult *r = ctl_exec(c, "migrate", "SELECT md5 = md5($2) FROM attend.schema_migration "
		                       "WHERE version = $1", 2, p);
		if (!r) {
			rc = 1;
			goto out;
		}
		if (PQntuples(r) == 1) {
			done[i] = true;
			if (strcmp(PQgetvalue(r, 0, 0), "t") != 0)
				fprintf(stderr, "attendctl: migrate: warning: %s changed after it was applied; "
				        "write a new migration instead\n", names[i]);
			if (number_of(names[i]) > last) {
				last = number_of(names[i]);
				snprintf(last_name, sizeof last_name, "%s", names[i]);
			}
		}
		PQclear(r);
	}
	/* A migration numbered below one already applied would run out of order here and in order
	 * on a fresh database: two schemas from one tree.  Refuse before applying anything. */
	for (int i = 0; i < n; i++)
		if (!done[i] && number_of(names[i]) < last) {
			fprintf(stderr, "attendctl: migrate: %s/%s is numbered below %s, which this database "
			        "already has: give it the next number after the last one in %s\n", dir,
			        names[i], last_name, dir);
			rc = 1;
		}
	for (int i = 0; i < n && rc == 0; i++) {
		if (done[i])
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		const char *p[2] = { names[i], sqls[i] };
		if (run_sql(db, "BEGIN", NULL) || run_sql(db, sqls[i], path)) {
			run_sql(db, "ROLLBACK", NULL);
			rc = 1;
			break;
		}
		PGresult *r = ctl_exec(c, "migrate", "INSERT INTO attend.schema_migration (version, md5) "
		                       "VALUES ($1, md5($2))", 2, p);
		if (!r || run_sql(db, "COMMIT", NULL)) {
			PQclear(r);
			run_sql(db, "ROLLBACK", NULL);
			rc = 1;
			break;
		}
		PQclear(r);
		applied++;
		if (!c->quiet)
			printf("applied %s\n", names[i]);
	}
	if (rc == 0 && !c->quiet)
		printf("database is up to date (%d migration(s) applied now)\n", applied);
out:
	for (int i = 0; i < n; i++) {
		free(sqls ? sqls[i] : NULL);
		free(files[i]);
	}
	free(files);
	free(names);
	free(sqls);
	free(done);
	return rc;
}
