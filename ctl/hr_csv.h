/* Reading a CSV file as Excel writes it (UTF-8, BOM tolerated, ',' or ';'), with libcsv. */
#ifndef ATTEND_CTL_HR_CSV_H
#define ATTEND_CTL_HR_CSV_H

#include <stdbool.h>
#include <stddef.h>

struct hr_csv_row {
	long line;        /* the line of the file where the record ends */
	size_t nfields;
	char **fields;    /* NUL-terminated, surrounding blanks removed */
};

struct hr_csv {
	struct hr_csv_row *rows;   /* rows[0] is the header */
	size_t nrows;
};

/* Reads the whole file.  0 on success; otherwise -1 with "FILE:LINE: why" (or "FILE: why")
 * in err. */
int hr_csv_read(const char *path, struct hr_csv *ret, char *err, size_t errlen);
/* Same, from a buffer (the unit tests feed it). */
int hr_csv_parse(const char *name, const char *data, size_t len, struct hr_csv *ret, char *err,
                 size_t errlen);
void hr_csv_free(struct hr_csv *csv);
/* Two headings are the same without regard to case (Đ = đ), Unicode composition (NFC = NFD),
 * blanks and line breaks inside or around them. */
bool hr_csv_same_heading(const char *a, const char *b);
/* What a file that is not UTF-8 most likely is (a msgid): UTF-16 (Excel's "Unicode Text"),
 * Windows-1258 (its tone marks after their letters), or an older 8-bit encoding. */
const char *hr_csv_guess_encoding(const char *data, size_t len);

#endif
