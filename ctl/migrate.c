/* attendctl migrate: applies sql/NNN_*.sql in order, each in its own transaction, and records
 * what it applied (with an md5 of the text, so an edited migration is noticed). */
#include <dirent.h>
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
	/* One migrator at a time; the lock ends with the session. */
	if (run_sql(db, "SELECT pg_advisory_lock(7402373);"
	                "CREATE SCHEMA IF NOT EXISTS attend;"
	                "CREATE TABLE IF NOT EXISTS attend.schema_migration ("
	                "  version text PRIMARY KEY, md5 text NOT NULL,"
	                "  applied_at timestamptz NOT NULL DEFAULT now(),"
	                "  applied_by text NOT NULL DEFAULT current_user)", NULL) != 0) {
		rc = 1;
		goto out;
	}
	for (int i = 0; i < n && rc == 0; i++) {
		const char *name = files[i]->d_name;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, name);
		char *sql = slurp(path);
		if (!sql) {
			fprintf(stderr, "attendctl: migrate: %s: %s\n", path, strerror(errno));
			rc = 1;
			break;
		}
		const char *p[2] = { name, sql };
		PGresult *r = ctl_exec(c, "migrate", "SELECT md5 = md5($2) FROM attend.schema_migration "
		                       "WHERE version = $1", 2, p);
		if (!r) {
			free(sql);
			rc = 1;
			break;
		}
		if (PQntuples(r) == 1) {
			if (strcmp(PQgetvalue(r, 0, 0), "t") != 0)
				fprintf(stderr, "attendctl: migrate: warning: %s changed after it was applied; "
				        "write a new migration instead\n", name);
			PQclear(r);
			free(sql);
			continue;
		}
		PQclear(r);
		if (run_sql(db, "BEGIN", NULL) || run_sql(db, sql, path)) {
			run_sql(db, "ROLLBACK", NULL);
			free(sql);
			rc = 1;
			break;
		}
		r = ctl_exec(c, "migrate", "INSERT INTO attend.schema_migration (version, md5) "
		             "VALUES ($1, md5($2))", 2, p);
		free(sql);
		if (!r || run_sql(db, "COMMIT", NULL)) {
			PQclear(r);
			run_sql(db, "ROLLBACK", NULL);
			rc = 1;
			break;
		}
		PQclear(r);
		applied++;
		if (!c->quiet)
			printf("applied %s\n", name);
	}
	if (rc == 0 && !c->quiet)
		printf("database is up to date (%d migration(s) applied now)\n", applied);
out:
	for (int i = 0; i < n; i++)
		free(files[i]);
	free(files);
	return rc;
}
