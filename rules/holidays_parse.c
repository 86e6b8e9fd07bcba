#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "rules/holidays_parse.h"

#define NCOLS 7

struct field {
	const char *p;
	size_t len;
};

__attribute__((format(printf, 3, 4)))
static int fail(struct rules_parse_error *err, unsigned line, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		err->line = line;
		int n = snprintf(err->msg, sizeof(err->msg), "line %u: ", line);
		va_start(ap, fmt);
		vsnprintf(err->msg + n, sizeof(err->msg) - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static bool is_digits(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return true;
}

static int num(const char *p, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

/* Well-formed UTF-8, no control characters: names end up in reports and SQL. */
static bool clean_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		unsigned c = p[i];
		size_t extra = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 :
			       (c & 0xf8) == 0xf0 ? 3 : 9;
		if (c < 0x20 || c == 0x7f || extra == 9 || (extra == 1 && c < 0xc2) ||
		    (extra && i + extra >= n))
			return false;
		for (size_t k = 1; k <= extra; k++)
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
		i += extra + 1;
	}
	return true;
}

static int put(char *dst, size_t cap, struct field f, struct rules_parse_error *err, unsigned line,
	       const char *what)
{
	if (f.len >= cap)
		return fail(err, line, "%s is longer than %zu bytes", what, cap - 1);
	if (!clean_utf8(f.p, f.len))
		return fail(err, line, "%s is not clean UTF-8", what);
	memcpy(dst, f.p, f.len);
	dst[f.len] = '\0';
	return 0;
}

static bool is_toggle_name(struct field f)
{
	for (size_t i = 0; i < f.len; i++) {
		char c = f.p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
			return false;
	}
	return f.len > 0;
}

static bool field_is(struct field f, const char *s)
{
	return f.len == strlen(s) && memcmp(f.p, s, f.len) == 0;
}

static int parse_line(struct field *f, unsigned line, uint32_t agency_id,
		      struct rules_cal_entry *e, struct rules_parse_error *err)
{
	int r;

	memset(e, 0, sizeof(*e));
	/* date: YYYY-MM-DD */
	if (f[0].len != 10 || f[0].p[4] != '-' || f[0].p[7] != '-' || !is_digits(f[0].p, 4) ||
	    !is_digits(f[0].p + 5, 2) || !is_digits(f[0].p + 8, 2))
		return fail(err, line, "date '%.*s' is not YYYY-MM-DD", (int)(f[0].len > 20 ? 20 : f[0].len), f[0].p);
	int y = num(f[0].p, 4), m = num(f[0].p + 5, 2), d = num(f[0].p + 8, 2);
	if (!rules_ymd_valid(y, m, d))
		return fail(err, line, "date '%.10s' does not exist", f[0].p);
	e->date = rules_date_from_ymd(y, m, d);

	int kind = rules_cal_kind_parse(f[1].p, f[1].len);
	if (!kind)
		return fail(err, line, "kind '%.*s' is not holiday, compensatory_day_off, "
			    "swapped_working_day or swapped_day_off", (int)(f[1].len > 24 ? 24 : f[1].len), f[1].p);
	e->kind = (uint8_t)kind;

	if (!f[2].len || !f[3].len)
		return fail(err, line, "the Vietnamese and English names must not be empty");
	if ((r = put(e->name_vi, sizeof(e->name_vi), f[2], err, line, "name_vi")) < 0 ||
	    (r = put(e->name_en, sizeof(e->name_en), f[3], err, line, "name_en")) < 0 ||
	    (r = put(e->source, sizeof(e->source), f[4], err, line, "source")) < 0)
		return r;
	if (!field_is(f[5], "-")) {
		if (!is_toggle_name(f[5]))
			return fail(err, line, "toggle must be '-' or a name of [a-z0-9._-]");
		if ((r = put(e->toggle, sizeof(e->toggle), f[5], err, line, "toggle")) < 0)
			return r;
	}
	if (field_is(f[6], "provisional"))
		e->provisional = true;
	else if (!field_is(f[6], "official"))
		return fail(err, line, "status must be 'official' or 'provisional'");
	e->agency_id = agency_id;
	return 0;
}

int rules_holidays_parse(const char *buf, size_t len, uint32_t agency_id,
			 struct rules_cal_entry *out, size_t cap, size_t *ret_n,
			 struct rules_parse_error *err)
{
	size_t n = 0;
	unsigned line = 0;

	if (err) {
		err->line = 0;
		err->msg[0] = '\0';
	}
	if (!buf && len)
		return fail(err, 0, "no buffer");
	for (size_t pos = 0; pos < len;) {
		const char *p = buf + pos;
		const char *nl = memchr(p, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - p) : len - pos;
		pos += ll + (nl ? 1 : 0);
		line++;
		if (ll && p[ll - 1] == '\r')
			ll--;
		if (memchr(p, '\0', ll))
			return fail(err, line, "NUL byte");
		size_t i = 0;
		while (i < ll && (p[i] == ' ' || p[i] == '\t'))
			i++;
		if (i == ll || p[i] == '#')
			continue;

		struct field f[NCOLS];
		size_t nf = 0, start = 0;
		for (size_t k = 0; k <= ll; k++) {
			if (k < ll && p[k] != '\t')
				continue;
			if (nf < NCOLS)
				f[nf] = (struct field){ p + start, k - start };
			nf++;
			start = k + 1;
		}
		if (nf != NCOLS)
			return fail(err, line, "expected %d tab-separated columns, found %zu", NCOLS, nf);
		if (n == cap) {
			fail(err, line, "more rows than the %zu the caller allowed", cap);
			return -ENOSPC;
		}
		int r = parse_line(f, line, agency_id, &out[n], err);
		if (r < 0)
			return r;
		/* Two rows for one date would make the day's kind depend on row order. */
		for (size_t j = 0; j < n; j++)
			if (out[j].date == out[n].date && strcmp(out[j].toggle, out[n].toggle) == 0)
				return fail(err, line, "date %.10s is listed twice", f[0].p);
		n++;
	}
	*ret_n = n;
	return 0;
}
