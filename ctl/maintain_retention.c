/* attendctl maintain retention: personal data past each agency's retention (sql/030) is
 * archived to a file, checked, then removed in the same transaction that writes the audit row:
 *   maintain retention set AGENCY [--tap-years N|keep] [--day-years N|keep]
 *   maintain retention show
 *   maintain retention --archive-dir DIR [--dry-run]
 * A month of taps is dropped whole, a day result deleted per agency; the database's functions
 * decide what is past retention and check again, this file only moves the rows to the file.
 * An archive is PostgreSQL's COPY text format, gzip'd (one line per row, so the lines counted
 * back are the rows; `zcat F | psql -c 'COPY attend.tap FROM STDIN'` puts them back), mode 600,
 * written aside and renamed; it is never overwritten. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <zlib.h>

#include "ctl/ctl.h"
#include "ctl/hr.h"   /* _() */
#include "ctl/maintain_retention.h"

#define USAGE "usage: attendctl maintain retention set AGENCY [--tap-years N|keep] [--day-years N|keep]\n" \
              "       attendctl maintain retention show\n" \
              "       attendctl maintain retention --archive-dir DIR [--dry-run]\n"

/* "keep" or 1..100 into buf ("" for keep); false for anything else. */
static bool parse_years(const char *opt, const char *s, char *buf, size_t len)
{
	if (!strcmp(s, "keep")) {
		buf[0] = '\0';
		return true;
	}
	char *end;
	errno = 0;
	long y = strtol(s, &end, 10);
	if (errno || end == s || *end || y < 1 || y > 100) {
		fprintf(stderr, _("attendctl: maintain retention: %s '%s' is not a number of years from 1 to 100, nor 'keep'\n"),
		        opt, s);
		return false;
	}
	snprintf(buf, len, "%ld", y);
	return true;
}

static int retention_set(struct ctl *c, int argc, char **argv)
{
	if (argc < 2 || argv[1][0] == '-') {
		fprintf(stderr, "attendctl: maintain retention set: which agency?\n" USAGE);
		return 2;
	}
	const char *agency = argv[1];
	char taps[8], days[8];
	bool have_taps = false, have_days = false;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--tap-years") && i + 1 < argc) {
			if (!parse_years("--tap-years", argv[++i], taps, sizeof taps))
				return 2;
			have_taps = true;
		} else if (!strcmp(argv[i], "--day-years") && i + 1 < argc) {
			if (!parse_years("--day-years", argv[++i], days, sizeof days))
				return 2;
			have_days = true;
		} else {
			fprintf(stderr, _("attendctl: maintain retention set: unexpected argument '%s'\n"), argv[i]);
			fputs(USAGE, stderr);
			return 2;
		}
	}
	if (!have_taps && !have_days) {
		fprintf(stderr, _("attendctl: maintain retention set: give --tap-years, --day-years or both\n"));
		return 2;
	}
	/* An option not given keeps the value in force: a new version with both. */
	const char *p[3] = { agency, have_taps ? taps : NULL, have_days ? days : NULL };
	PGresult *r = ctl_exec(c, "maintain retention set",
	                       "SELECT attend.set_retention($1,"
	                       " CASE WHEN $2::text IS NULL THEN (SELECT tap_years FROM attend.retention WHERE code = $1)"
	                       "      ELSE nullif($2, '')::int END,"
	                       " CASE WHEN $3::text IS NULL THEN (SELECT day_years FROM attend.retention WHERE code = $1)"
	                       "      ELSE nullif($3, '')::int END)", 3, p);
	if (!r)
		return 1;
	PQclear(r);
	r = ctl_exec(c, "maintain retention set", "SELECT coalesce(tap_years::text, 'keep'),"
	             " coalesce(day_years::text, 'keep') FROM attend.retention WHERE code = $1", 1, p);
	if (!r)
		return 1;
	if (PQntuples(r) == 1)
		printf(_("retention of %s: raw taps %s year(s), day results %s year(s)\n"), agency,
		       PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1));
	PQclear(r);
	return 0;
}

/* s, then spaces to `width` characters (not bytes: Vietnamese headings). */
static void cell(const char *s, size_t width)
{
	size_t w = hr_width(s);
	printf("%s%*s ", s, (int)(w < width ? width - w : 0), "");
}

static int retention_show(struct ctl *c)
{
	PGresult *r = ctl_exec(c, "maintain retention show",
	                       "SELECT code, coalesce(tap_years::text, 'keep'), coalesce(day_years::text, 'keep'),"
	                       " coalesce(to_char(tap_before AT TIME ZONE 'UTC', 'YYYY-MM-DD'), '-'),"
	                       " coalesce(day_before::text, '-'), coalesce(set_by, '-'),"
	                       " coalesce(to_char(set_at, 'YYYY-MM-DD HH24:MI'), '-')"
	                       " FROM attend.retention ORDER BY code", 0, NULL);
	if (!r)
		return 1;
	static const size_t widths[] = { 16, 10, 10, 11, 11 };
	const char *heads[] = { _("agency"), _("taps (y)"), _("days (y)"), _("taps before"), _("days before") };
	for (int k = 0; k < 5; k++)
		cell(heads[k], widths[k]);
	printf("%s\n", _("set by"));
	for (int i = 0; i < PQntuples(r); i++) {
		char d1[32], d2[32], at[40];
		const char *v[5] = { PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2),
		                     strcmp(PQgetvalue(r, i, 3), "-") ? hr_date(d1, sizeof d1, PQgetvalue(r, i, 3)) : "-",
		                     strcmp(PQgetvalue(r, i, 4), "-") ? hr_date(d2, sizeof d2, PQgetvalue(r, i, 4)) : "-" };
		for (int k = 0; k < 5; k++)
			cell(v[k], widths[k]);
		printf("%s %s\n", PQgetvalue(r, i, 5),
		       strcmp(PQgetvalue(r, i, 6), "-") ? hr_date(at, sizeof at, PQgetvalue(r, i, 6)) : "");
	}
	PQclear(r);
	return 0;
}

/* The SHA-256 of a file, as 64 hex digits into hex. */
static int file_sha256(const char *path, char hex[65])
{
	FILE *f = fopen(path, "rbe");
	if (!f)
		return -errno;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int rc = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) ? 0 : -ENOMEM;
	unsigned char buf[65536], sum[EVP_MAX_MD_SIZE];
	size_t n;
	while (!rc && (n = fread(buf, 1, sizeof buf, f)) > 0)
		if (!EVP_DigestUpdate(md, buf, n))
			rc = -EIO;
	unsigned len = 0;
	if (!rc && (ferror(f) || !EVP_DigestFinal_ex(md, sum, &len)))
		rc = -EIO;
	for (unsigned i = 0; !rc && i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", sum[i]);
	EVP_MD_CTX_free(md);
	fclose(f);
	return rc;
}

/* Rows in an archive as read back: its lines, once gunzip'd; -1 if it does not read. */
static long long file_rows(const char *path)
{
	gzFile g = gzopen(path, "rbe");
	if (!g)
		return -1;
	long long lines = 0;
	char buf[65536];
	int n;
	while ((n = gzread(g, buf, sizeof buf)) > 0)
		for (int i = 0; i < n; i++)
			lines += buf[i] == '\n';
	int err;
	gzerror(g, &err);
	bool bad = n < 0 || (err != Z_OK && err != Z_STREAM_END);
	gzclose(g);
	return bad ? -1 : lines;
}

static void sync_dir(const char *path)
{
	char *copy = strdup(path);
	if (!copy)
		return;
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

/* Runs `copy_sql` (COPY ... TO STDOUT) into a new archive `path` (written as path.part, synced,
 * read back, renamed).  The rows read back and the file's SHA-256 go to *rows and sha.
 * Prints why and returns false on any failure, leaving no file behind. */
static bool archive(struct ctl *c, const char *copy_sql, const char *path, long long *rows, char sha[65])
{
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s.part", path) >= (int)sizeof tmp) {
		fprintf(stderr, _("attendctl: maintain retention: archive name too long: %s\n"), path);
		return false;
	}
	if (access(path, F_OK) == 0) {
		fprintf(stderr, _("attendctl: maintain retention: archive %s already exists: an archive is never "
		                  "overwritten (move it away if it is an old one)\n"), path);
		return false;
	}
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, _("attendctl: maintain retention: cannot write archive %s: %s\n"), tmp, strerror(errno));
		return false;
	}
	int gfd = dup(fd);
	gzFile g = gfd >= 0 ? gzdopen(gfd, "wb") : NULL;
	bool ok = g != NULL;
	if (!g && gfd >= 0)
		close(gfd);
	long long sent = 0;
	PGresult *r = ok ? PQexec(c->db, copy_sql) : NULL;
	if (ok && PQresultStatus(r) != PGRES_COPY_OUT) {
		fprintf(stderr, "attendctl: maintain retention: %s", PQerrorMessage(c->db));
		ok = false;
	}
	PQclear(r);
	if (ok) {
		char *buf;
		int n;
		while ((n = PQgetCopyData(c->db, &buf, 0)) > 0) {
			if (ok && gzwrite(g, buf, (unsigned)n) != n)
				ok = false;
			sent++;
			PQfreemem(buf);
		}
		while ((r = PQgetResult(c->db)) != NULL) {
			if (PQresultStatus(r) != PGRES_COMMAND_OK) {
				fprintf(stderr, "attendctl: maintain retention: %s", PQresultErrorMessage(r));
				ok = false;
			}
			PQclear(r);
		}
		if (n == -2) {
			fprintf(stderr, "attendctl: maintain retention: %s", PQerrorMessage(c->db));
			ok = false;
		}
	}
	int zerr = g ? gzclose(g) : Z_OK;
	if (ok && (zerr != Z_OK || fsync(fd) != 0)) {
		fprintf(stderr, _("attendctl: maintain retention: cannot write archive %s: %s\n"), tmp,
		        zerr != Z_OK ? "gzip" : strerror(errno));
		ok = false;
	}
	close(fd);
	if (ok) {
		*rows = file_rows(tmp);
		if (*rows != sent) {
			fprintf(stderr, _("attendctl: maintain retention: archive %s reads back %lld rows, the database sent %lld\n"),
			        tmp, *rows, sent);
			ok = false;
		}
	}
	if (ok && file_sha256(tmp, sha) != 0) {
		fprintf(stderr, _("attendctl: maintain retention: cannot read archive %s back\n"), tmp);
		ok = false;
	}
	if (ok && rename(tmp, path) != 0) {
		fprintf(stderr, _("attendctl: maintain retention: cannot rename %s: %s\n"), tmp, strerror(errno));
		ok = false;
	}
	if (!ok) {
		unlink(tmp);
		return false;
	}
	sync_dir(path);
	return true;
}

/* "lock" gives the rows the database holds, the archive is made and checked against it, then
 * "remove" (which counts again, under its own lock) removes them and writes the audit row: all
 * in one transaction, so a failure anywhere leaves the rows and removes the archive. */
static bool archive_and_remove(struct ctl *c, const char *what, const char *lock_sql, const char *lock_arg,
                               const char *copy_sql, const char *path, const char *remove_sql,
                               const char *const *remove_args, int nremove, char sha[65], long long *rows)
{
	if (!ctl_begin(c))
		return false;
	const char *lp[1] = { lock_arg };
	PGresult *r = ctl_exec(c, what, lock_sql, 1, lp);
	if (!r) {
		ctl_rollback(c);
		return false;
	}
	long long held = atoll(PQgetvalue(r, 0, 0));
	PQclear(r);
	if (!archive(c, copy_sql, path, rows, sha)) {
		ctl_rollback(c);
		return false;
	}
	if (*rows != held) {
		fprintf(stderr, _("attendctl: %s: the archive %s has %lld rows, the database holds %lld: nothing removed\n"),
		        what, path, *rows, held);
		ctl_rollback(c);
		unlink(path);
		return false;
	}
	char nrows[24];
	snprintf(nrows, sizeof nrows, "%lld", *rows);
	const char *p[6];
	for (int i = 0; i < nremove; i++)
		p[i] = remove_args[i];
	p[nremove] = nrows;
	p[nremove + 1] = path;
	p[nremove + 2] = sha;
	r = ctl_exec(c, what, remove_sql, nremove + 3, p);
	if (!r) {
		ctl_rollback(c);
		unlink(path);
		return false;
	}
	PQclear(r);
	if (!ctl_commit(c)) {
		fprintf(stderr, _("attendctl: %s: the archive %s is kept: check attend.retention_run before removing it\n"),
		        what, path);
		return false;
	}
	return true;
}

static char *quoted(struct ctl *c, const char *s)
{
	return PQescapeLiteral(c->db, s, strlen(s));
}

/* The agencies of a month as the database lists them (codes, and "(unknown site)" for taps of
 * a site it does not know), that label in the user's language, into buf. */
static const char *agencies_text(const char *in, char *buf, size_t n)
{
	static const char unknown[] = "(unknown site)";
	const char *u = strstr(in, unknown);
	if (!u)
		return in;
	snprintf(buf, n, "%.*s%s%s", (int)(u - in), in, _("(unknown site)"), u + strlen(unknown));
	return buf;
}

static int retention_taps(struct ctl *c, const char *dir, bool dry, int *done)
{
	PGresult *r = ctl_exec(c, "maintain retention", "SELECT tap_partition, lo::text, hi::text, taps, agencies,"
	                       " held_by FROM attend.retention_tap_plan()", 0, NULL);
	if (!r)
		return 1;
	int rc = 0;
	for (int i = 0; i < PQntuples(r) && !rc; i++) {
		char whobuf[1024];
		const char *part = PQgetvalue(r, i, 0), *taps = PQgetvalue(r, i, 3);
		const char *who = agencies_text(PQgetvalue(r, i, 4), whobuf, sizeof whobuf);
		char path[4096];
		snprintf(path, sizeof path, "%s/%s.copy.gz", dir, part);
		if (!PQgetisnull(r, i, 5)) {
			printf(_("tap partition %s: %s taps of %s: kept, %s keeps them\n"), part, taps, who,
			       PQgetvalue(r, i, 5));
			continue;
		}
		if (dry) {
			printf(_("tap partition %s: %s taps of %s: would archive to %s and drop\n"), part, taps, who, path);
			continue;
		}
		char *lo = quoted(c, PQgetvalue(r, i, 1)), *hi = quoted(c, PQgetvalue(r, i, 2));
		char *sql = NULL;
		if (!lo || !hi || asprintf(&sql, "COPY (SELECT * FROM attend.tap WHERE tapped_at >= %s AND tapped_at < %s"
		                           " ORDER BY tapped_at, edge_id, epoch, seq) TO STDOUT", lo, hi) < 0)
			sql = NULL;
		PQfreemem(lo);
		PQfreemem(hi);
		char sha[65];
		long long rows = 0;
		const char *args[1] = { part };
		if (!sql || !archive_and_remove(c, "maintain retention", "SELECT attend.retention_lock_taps($1)", part,
		                               sql, path, "SELECT attend.retention_drop_taps($1, $2, $3, $4)", args, 1,
		                               sha, &rows))
			rc = 1;
		else {
			printf(_("tap partition %s: %lld taps of %s archived to %s (sha256 %s) and dropped\n"), part, rows,
			       who, path, sha);
			++*done;
		}
		free(sql);
	}
	PQclear(r);
	return rc;
}

static void safe_name(char *s)
{
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *s))
			*s = '_';
}

static int retention_days(struct ctl *c, const char *dir, bool dry, int *done)
{
	PGresult *r = ctl_exec(c, "maintain retention", "SELECT agency_id, code, before, day_results"
	                       " FROM attend.retention_day_plan()", 0, NULL);
	if (!r)
		return 1;
	int rc = 0;
	for (int i = 0; i < PQntuples(r) && !rc; i++) {
		const char *agency = PQgetvalue(r, i, 0), *code = PQgetvalue(r, i, 1), *before = PQgetvalue(r, i, 2);
		if (!strcmp(PQgetvalue(r, i, 3), "0"))
			continue;
		char name[256], path[4096];
		snprintf(name, sizeof name, "day_results_%s_before_%s", code, before);
		safe_name(name);
		snprintf(path, sizeof path, "%s/%s.copy.gz", dir, name);
		if (dry) {
			printf(_("day results of %s before %s: %s rows: would archive to %s and delete\n"), code, before,
			       PQgetvalue(r, i, 3), path);
			continue;
		}
		char *b = quoted(c, before);
		char *sql = NULL;
		/* agency is the database's own bigint, printed by it: safe as it is. */
		if (!b || asprintf(&sql, "COPY (SELECT * FROM attend.day_result WHERE agency_id = %s AND work_date < %s"
		                   " ORDER BY work_date, person_id) TO STDOUT", agency, b) < 0)
			sql = NULL;
		PQfreemem(b);
		char sha[65];
		long long rows = 0;
		const char *args[2] = { agency, before };
		if (!sql || !archive_and_remove(c, "maintain retention", "SELECT attend.retention_lock_days($1)", agency,
		                               sql, path, "SELECT attend.retention_delete_days($1, $2, $3, $4, $5)", args, 2,
		                               sha, &rows))
			rc = 1;
		else {
			printf(_("day results of %s before %s: %lld rows archived to %s (sha256 %s) and deleted\n"), code,
			       before, rows, path, sha);
			++*done;
		}
		free(sql);
	}
	PQclear(r);
	return rc;
}

static int retention_run(struct ctl *c, int argc, char **argv)
{
	const char *dir = NULL;
	bool dry = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--archive-dir") && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(argv[i], "--dry-run"))
			dry = true;
		else {
			fprintf(stderr, _("attendctl: maintain retention: unexpected argument '%s'\n"), argv[i]);
			fputs(USAGE, stderr);
			return 2;
		}
	}
	if (!dir) {
		fprintf(stderr, _("attendctl: maintain retention: --archive-dir DIR is needed: rows are removed only "
		                  "once archived there\n"));
		return 2;
	}
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || (!dry && access(dir, W_OK) != 0)) {
		fprintf(stderr, _("attendctl: maintain retention: --archive-dir '%s' is not a folder we can write in\n"), dir);
		return 2;
	}
	if (!ctl_db(c))
		return 1;
	int done = 0;
	int rc = retention_taps(c, dir, dry, &done);
	if (!rc)
		rc = retention_days(c, dir, dry, &done);
	if (!rc && !done && !dry)
		printf(_("retention: nothing to remove\n"));
	return rc;
}

int maintain_retention(struct ctl *c, int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "set"))
		return retention_set(c, argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "show")) {
		if (argc > 2) {
			fprintf(stderr, _("attendctl: maintain retention: unexpected argument '%s'\n"), argv[2]);
			return 2;
		}
		return retention_show(c);
	}
	return retention_run(c, argc, argv);
}
