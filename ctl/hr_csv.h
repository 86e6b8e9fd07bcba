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
/* Two headings are the same without regard to case, Vietnamese letters included (Đ = đ). */
bool hr_csv_same_heading(const char *a, const char *b);

#endif
