/* attendctl import units|people FILE --agency CODE: the org tree and the staff list from CSV.
 * Every row is checked (here, then against the database); any error is reported with its
 * line and nothing of the file is written: the rows go through a temporary table and are
 * merged in one transaction.  Rows are matched by code: a known code is updated. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/hr.h"
#include "ctl/hr_csv.h"
#include "lib/dbuf.h"
#include "lib/pg_copy.h"

enum kind { UNITS, PEOPLE };

/* Accepted headings: English first, then Vietnamese — the C01-HD's own column names and what
 * HR's staff lists commonly use (docs/reports.md lists them).  Compared after case folding and
 * Unicode composition, blanks collapsed (hr_csv_same_heading). */
struct field {
	const char *key;
	bool required;
	const char *names[12];
};

static const struct field unit_fields[] = {
	{ "code", true, { "code", "unit_code", "mã đơn vị", "mã bộ phận", "mã", NULL } },
	{ "name", true, { "name", "unit_name", "tên đơn vị", "tên bộ phận", "tên", "đơn vị", NULL } },
	{ "parent", false, { "parent", "parent_code", "mã đơn vị cấp trên", "đơn vị cấp trên", "cấp trên", NULL } },
};
static const struct field person_fields[] = {
	{ "code", true, { "code", "person_code", "staff_code", "mã cán bộ", "mã số cán bộ", "mã nhân viên",
	                  "mã số", "mã cb", "mã", NULL } },
	{ "full_name", true, { "full_name", "name", "họ và tên", "họ tên", "họ, tên", NULL } },
	{ "unit", true, { "unit", "unit_code", "đơn vị", "mã đơn vị", "bộ phận", "mã bộ phận", "phòng ban",
	                  "phòng, ban", "phòng/ban", NULL } },
	{ "staff_kind", false, { "staff_kind", "kind", "loại cán bộ", "đối tượng", "loại", NULL } },
	/* C01-HD column C is "Ngạch bậc lương hoặc cấp bậc chức vụ" */
	{ "position", false, { "position", "ngạch bậc lương hoặc cấp bậc chức vụ",
	                       "ngạch, bậc lương hoặc cấp bậc, chức vụ", "ngạch bậc/chức vụ",
	                       "ngạch bậc, chức vụ", "chức vụ", "chức danh", "ngạch bậc", NULL } },
	{ "hired_on", false, { "hired_on", "ngày vào làm", "ngày tuyển dụng", "ngày bắt đầu làm việc", NULL } },
	{ "left_on", false, { "left_on", "ngày nghỉ việc", "ngày thôi việc", NULL } },
};
/* Columns people keep in their sheets that mean nothing here: row numbers, notes, and the date
 * of birth, which attendd does not keep (personal data only for the purpose: Luật 91/2025). */
static const char *const ignored[] = { "stt", "số thứ tự", "tt", "no", "#", "ghi chú", "note", "notes",
                                       "ngày sinh", "ngày, tháng, năm sinh", "date of birth", NULL };

#define MAXF 8

static bool valid_code(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 32)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == ',' || *s == ';' || *s == '"')
			return false;
	return true;
}

static const char *staff_kind(const char *s)
{
	static const char *const map[][2] = {
		{ "cong_chuc", "cong_chuc" }, { "công chức", "cong_chuc" },
		{ "vien_chuc", "vien_chuc" }, { "viên chức", "vien_chuc" },
		{ "hop_dong", "hop_dong" }, { "hợp đồng", "hop_dong" }, { "người lao động", "hop_dong" },
		{ "khac", "khac" }, { "khác", "khac" },
	};
	if (!*s)
		return "cong_chuc";
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (hr_csv_same_heading(s, map[i][0]))
			return map[i][1];
	return NULL;
}

/* One field of a COPY text row; NULL is \N. */
static void copy_field(struct dbuf *m, const char *s, bool last)
{
	if (s)
		dbuf_copy_text(m, s);
	else
		dbuf_puts(m, "\\N");
	dbuf_add(m, last ? "\n" : "\t", 1);
}

static int copy_in(struct ctl *c, const char *sql, const struct dbuf *rows)
{
	char err[512];
	if (pg_copy_in(c->db, sql, rows, err, sizeof err) != 0) {
		fprintf(stderr, "attendctl: import: %s\n", err);
		return -1;
	}
	return 0;
}

/* Database checks: each returns (line, message) rows for what is wrong. */
static const char units_check_sql[] =
	"SELECT s.line, 'parent', s.parent, ''"
	" FROM hr_import_unit s WHERE s.parent IS NOT NULL"
	"  AND NOT EXISTS (SELECT FROM hr_import_unit t WHERE t.code = s.parent)"
	"  AND NOT EXISTS (SELECT FROM attend.org_unit u WHERE u.agency_id = $1 AND u.code = s.parent)"
	" UNION ALL SELECT s.line, 'self', s.code, ''"
	" FROM hr_import_unit s WHERE s.parent = s.code"
	" ORDER BY 1";
static const char people_check_sql[] =
	"SELECT s.line, 'unit', s.unit, ''"
	" FROM hr_import_person s"
	" WHERE NOT EXISTS (SELECT FROM attend.org_unit u WHERE u.agency_id = $1 AND u.code = s.unit)"
	" UNION ALL SELECT s.line, 'dates', s.left_on::text, s.hired_on::text"
	" FROM hr_import_person s WHERE s.left_on < s.hired_on"
	" ORDER BY 1";

static const char units_merge_sql[] =
	"WITH m AS (INSERT INTO attend.org_unit (agency_id, code, name)"
	"  SELECT $1, code, name FROM hr_import_unit ORDER BY line"
	"  ON CONFLICT (agency_id, code) DO UPDATE SET name = EXCLUDED.name"
	"  RETURNING (xmax = 0) AS new)"
	" SELECT count(*) FILTER (WHERE new), count(*) FILTER (WHERE NOT new) FROM m";
static const char units_parent_sql[] =
	"UPDATE attend.org_unit u SET parent_id = p.id FROM hr_import_unit s"
	" LEFT JOIN attend.org_unit p ON p.agency_id = $1 AND p.code = s.parent"
	" WHERE u.agency_id = $1 AND u.code = s.code AND u.parent_id IS DISTINCT FROM p.id";
/* A cycle can only come from the new parents: walk up from each imported unit. */
static const char units_cycle_sql[] =
	"WITH RECURSIVE up(start, id, depth) AS ("
	"  SELECT u.id, u.parent_id, 1 FROM attend.org_unit u JOIN hr_import_unit s ON s.code = u.code"
	"  WHERE u.agency_id = $1"
	"  UNION ALL SELECT up.start, u.parent_id, up.depth + 1 FROM up JOIN attend.org_unit u ON u.id = up.id"
	"  WHERE up.id <> up.start AND up.depth < 1000)"
	" SELECT s.line, 'cycle', s.code, ''"
	" FROM up JOIN attend.org_unit u ON u.id = up.start JOIN hr_import_unit s ON s.code = u.code"
	" WHERE up.id = up.start ORDER BY 1";
static const char people_merge_sql[] =
	"WITH m AS (INSERT INTO attend.person (agency_id, unit_id, code, full_name, staff_kind, position,"
	"  hired_on, left_on)"
	"  SELECT $1, u.id, s.code, s.full_name, s.staff_kind, s.position, s.hired_on, s.left_on"
	"  FROM hr_import_person s JOIN attend.org_unit u ON u.agency_id = $1 AND u.code = s.unit ORDER BY s.line"
	"  ON CONFLICT (agency_id, code) DO UPDATE SET unit_id = EXCLUDED.unit_id,"
	"   full_name = EXCLUDED.full_name, staff_kind = EXCLUDED.staff_kind,"
	"   position = EXCLUDED.position, hired_on = EXCLUDED.hired_on, left_on = EXCLUDED.left_on"
	"  RETURNING (xmax = 0) AS new)"
	" SELECT count(*) FILTER (WHERE new), count(*) FILTER (WHERE NOT new) FROM m";

/* Prints "(line, what, arg, arg)" rows of a database check as FILE:LINE errors; returns how
 * many. */
static int report_rows(const char *path, PGresult *r)
{
	for (int i = 0; i < PQntuples(r); i++) {
		const char *what = PQgetvalue(r, i, 1), *a1 = PQgetvalue(r, i, 2), *a2 = PQgetvalue(r, i, 3);
		char d1[16], d2[16];
		fprintf(stderr, "%s:%s: ", path, PQgetvalue(r, i, 0));
		if (!strcmp(what, "parent"))
			fprintf(stderr, _("parent unit '%s' is neither in the file nor in the agency\n"), a1);
		else if (!strcmp(what, "self"))
			fprintf(stderr, _("unit '%s' cannot be its own parent\n"), a1);
		else if (!strcmp(what, "unit"))
			fprintf(stderr, _("unit '%s' does not exist in the agency (import units first)\n"), a1);
		else if (!strcmp(what, "dates"))
			fprintf(stderr, _("left_on %s is before hired_on %s\n"), hr_date(d1, sizeof d1, a1),
			        hr_date(d2, sizeof d2, a2));
		else
			fprintf(stderr, _("unit '%s' would be inside itself (a cycle of parents)\n"), a1);
	}
	return PQntuples(r);
}

/* Checks the rows and writes them as COPY text into `m`; returns the number of errors. */
static int check_rows(enum kind kind, const char *path, const struct hr_csv *csv, struct dbuf *m)
{
	const struct field *fields = kind == UNITS ? unit_fields : person_fields;
	size_t nfields = kind == UNITS ? sizeof unit_fields / sizeof unit_fields[0]
	                               : sizeof person_fields / sizeof person_fields[0];
	int col[MAXF];
	int errors = 0;
	const struct hr_csv_row *h = &csv->rows[0];
	for (size_t f = 0; f < nfields; f++)
		col[f] = -1;
	for (size_t i = 0; i < h->nfields; i++) {
		bool known = false;
		for (size_t f = 0; f < nfields && !known; f++)
			for (const char *const *n = fields[f].names; *n && !known; n++)
				if (hr_csv_same_heading(h->fields[i], *n)) {
					if (col[f] >= 0) {
						fprintf(stderr, _("%s:%ld: column '%s' is given twice\n"), path, h->line,
						        h->fields[i]);
						errors++;
					}
					col[f] = (int)i;
					known = true;
				}
		for (const char *const *n = ignored; *n && !known; n++)
			known = hr_csv_same_heading(h->fields[i], *n);
		if (!known) {
			fprintf(stderr, _("%s:%ld: unknown column '%s'\n"), path, h->line, h->fields[i]);
			errors++;
		}
	}
	for (size_t f = 0; f < nfields; f++)
		if (fields[f].required && col[f] < 0) {
			/* Name the Vietnamese heading too: the first one that is not ASCII. */
			const char *vi = fields[f].names[0];
			for (const char *const *n = fields[f].names; *n; n++)
				if (strpbrk(*n, "\xC3\xC4\xC6\xE1")) {
					vi = *n;
					break;
				}
			fprintf(stderr, _("%s:%ld: the column '%s' (or '%s') is missing\n"), path, h->line,
			        fields[f].names[0], vi);
			errors++;
		}
	if (errors)
		return errors;

	for (size_t r = 1; r < csv->nrows; r++) {
		const struct hr_csv_row *row = &csv->rows[r];
		long line = row->line;
		const char *v[MAXF];
		int before = errors;
		if (row->nfields > h->nfields) {
			fprintf(stderr, _("%s:%ld: %zu fields, but the header has %zu\n"), path, line,
			        row->nfields, h->nfields);
			errors++;
			continue;
		}
		/* (the file is UTF-8 as a whole: hr_csv_read checked it) */
		for (size_t f = 0; f < nfields; f++) {
			v[f] = col[f] >= 0 && (size_t)col[f] < row->nfields ? row->fields[col[f]] : "";
			if (fields[f].required && !*v[f]) {
				fprintf(stderr, _("%s:%ld: column '%s' is empty\n"), path, line, h->fields[col[f]]);
				errors++;
			}
		}
		if (errors > before)
			continue;
		if (!valid_code(v[0])) {
			fprintf(stderr, _("%s:%ld: code '%s' is not valid (1 to 32 characters, no spaces)\n"),
			        path, line, v[0]);
			errors++;
		}
		for (size_t p = 1; p < r; p++) {
			const struct hr_csv_row *o = &csv->rows[p];
			if ((size_t)col[0] < o->nfields && !strcmp(o->fields[col[0]], v[0])) {
				fprintf(stderr, _("%s:%ld: code '%s' is already on line %ld\n"), path, line, v[0],
				        o->line);
				errors++;
				break;
			}
		}
		char linebuf[24];
		snprintf(linebuf, sizeof linebuf, "%ld", line);
		if (kind == UNITS) {
			if (errors == 0) {
				copy_field(m, linebuf, false);
				copy_field(m, v[0], false);
				copy_field(m, v[1], false);
				copy_field(m, *v[2] ? v[2] : NULL, true);
			}
			continue;
		}
		const char *k = staff_kind(v[3]);
		if (!k) {
			fprintf(stderr, _("%s:%ld: staff kind '%s' is not one of cong_chuc, vien_chuc, hop_dong, khac\n"),
			        path, line, v[3]);
			errors++;
		}
		char hired[CTL_DATE_LEN] = "", left[CTL_DATE_LEN] = "";
		if (*v[5] && !ctl_parse_date(v[5], hired)) {
			fprintf(stderr, _("%s:%ld: %s '%s' is not a date (dd/mm/yyyy or yyyy-mm-dd)\n"), path, line,
			        h->fields[col[5]], v[5]);
			errors++;
		}
		if (*v[6] && !ctl_parse_date(v[6], left)) {
			fprintf(stderr, _("%s:%ld: %s '%s' is not a date (dd/mm/yyyy or yyyy-mm-dd)\n"), path, line,
			        h->fields[col[6]], v[6]);
			errors++;
		}
		if (errors == 0) {
			copy_field(m, linebuf, false);
			copy_field(m, v[0], false);
			copy_field(m, v[1], false);
			copy_field(m, v[2], false);
			copy_field(m, k, false);
			copy_field(m, *v[4] ? v[4] : NULL, false);
			copy_field(m, *hired ? hired : NULL, false);
			copy_field(m, *left ? left : NULL, true);
		}
	}
	if (csv->nrows < 2) {
		fprintf(stderr, _("%s: no rows under the header\n"), path);
		errors++;
	}
	return errors;
}

static int import_file(struct ctl *c, enum kind kind, const char *path, const char *agency,
                       bool dry_run)
{
	struct hr_csv csv;
	char err[1024];
	if (hr_csv_read(path, &csv, err, sizeof err) != 0) {
		fprintf(stderr, "attendctl: import: %s\n", err);
		fprintf(stderr, _("attendctl: import: nothing was imported\n"));
		return 1;
	}
	char agency_id[32];
	if (!ctl_agency(c, agency, agency_id, sizeof agency_id)) {
		hr_csv_free(&csv);
		return 1;
	}
	struct dbuf data = { 0 };
	int errors = check_rows(kind, path, &csv, &data);
	size_t nrows = csv.nrows - 1;
	hr_csv_free(&csv);
	const char *p[1] = { agency_id };
	PGresult *r = NULL;
	long added = 0, updated = 0;
	if (errors || !ctl_begin(c))
		goto fail;
	r = ctl_exec(c, "import", kind == UNITS
	        ? "CREATE TEMP TABLE hr_import_unit (line int, code text, name text, parent text) ON COMMIT DROP"
	        : "CREATE TEMP TABLE hr_import_person (line int, code text, full_name text, unit text,"
	          " staff_kind text, position text, hired_on date, left_on date) ON COMMIT DROP", 0, NULL);
	if (!r)
		goto fail;
	PQclear(r);
	if (copy_in(c, kind == UNITS ? "COPY hr_import_unit FROM STDIN" : "COPY hr_import_person FROM STDIN",
	            &data) != 0)
		goto fail;
	if (!(r = ctl_exec(c, "import", kind == UNITS ? units_check_sql : people_check_sql, 1, p)))
		goto fail;
	errors = report_rows(path, r);
	PQclear(r);
	if (errors)
		goto fail;
	if (!(r = ctl_exec(c, "import", kind == UNITS ? units_merge_sql : people_merge_sql, 1, p)))
		goto fail;
	added = atol(PQgetvalue(r, 0, 0));
	updated = atol(PQgetvalue(r, 0, 1));
	PQclear(r);
	if (kind == UNITS) {
		if (!(r = ctl_exec(c, "import", units_parent_sql, 1, p)))
			goto fail;
		PQclear(r);
		if (!(r = ctl_exec(c, "import", units_cycle_sql, 1, p)))
			goto fail;
		errors = report_rows(path, r);
		PQclear(r);
		if (errors)
			goto fail;
	}
	if (dry_run) {
		ctl_rollback(c);
		printf(_("%s: %zu row(s) are valid: %ld new, %ld updated (dry run: nothing imported)\n"), path,
		       nrows, added, updated);
		dbuf_free(&data);
		return 0;
	}
	if (!ctl_commit(c))
		goto fail;
	dbuf_free(&data);
	if (!c->quiet)
		printf(kind == UNITS ? _("%s: imported %ld new unit(s), updated %ld\n")
		                     : _("%s: imported %ld new person(s), updated %ld\n"), path, added, updated);
	return 0;
fail:
	ctl_rollback(c);
	dbuf_free(&data);
	if (errors)
		fprintf(stderr, _("attendctl: import: %d error(s) in %s; nothing was imported\n"), errors, path);
	else
		fprintf(stderr, _("attendctl: import: nothing was imported\n"));
	return 1;
}

static void usage(FILE *f)
{
	fprintf(f, "%s", _("usage: attendctl import units|people FILE.csv --agency CODE [--dry-run] [--lang vi|en]\n"
	                   "  units:  code (Mã đơn vị), name (Tên đơn vị), parent (Mã đơn vị cấp trên)\n"
	                   "  people: code (Mã cán bộ), full_name (Họ và tên), unit (Đơn vị), staff_kind (Loại cán bộ),\n"
	                   "          position (Ngạch bậc/chức vụ), hired_on (Ngày vào làm), left_on (Ngày nghỉ việc)\n"));
}

int hr_import(struct ctl *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "agency", required_argument, NULL, 'a' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "lang", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *agency = NULL, *lang = NULL;
	bool dry = false, help = false;
	int ch;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'a': agency = optarg; break;
		case 'n': dry = true; break;
		case 'L': lang = optarg; break;
		case 'h': help = true; break;
		default: hr_lang_init(lang); usage(stderr); return 2;
		}
	}
	if (!hr_lang_init(lang))
		return 2;
	if (help) {
		usage(stdout);
		return 0;
	}
	int n = argc - optind;
	char **a = argv + optind;
	if (n != 2 || (strcmp(a[0], "units") && strcmp(a[0], "people"))) {
		usage(stderr);
		return 2;
	}
	if (!agency) {
		fprintf(stderr, _("attendctl: import: --agency CODE is required\n"));
		return 2;
	}
	return import_file(c, !strcmp(a[0], "units") ? UNITS : PEOPLE, a[1], agency, dry);
}
