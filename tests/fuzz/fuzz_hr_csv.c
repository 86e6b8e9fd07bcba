/* The HR CSV reader (attendctl import units|people: libcsv, BOM, ',' or ';') on hostile
 * files: it accepts or refuses with a reason, and what it accepts is well formed. */
#include <stdlib.h>
#include <string.h>

#include "ctl/hr_csv.h"
#include "tests/fuzz/fuzz.h"

FUZZ_TARGET(hr_csv)
{
	struct hr_csv csv;
	char err[512];
	if (hr_csv_parse("people.csv", (const char *)data, size, &csv, err, sizeof err) != 0) {
		if (!memchr(err, '\0', sizeof err))
			abort();
		return 0;
	}
	long line = 0;
	for (size_t r = 0; r < csv.nrows; r++) {
		const struct hr_csv_row *row = &csv.rows[r];
		if (row->line < line)
			abort();   /* lines only go forward: error messages point at the right one */
		line = row->line;
		for (size_t f = 0; f < row->nfields; f++)
			if (!row->fields[f] || strlen(row->fields[f]) > size)
				abort();
	}
	hr_csv_free(&csv);
	return 0;
}
