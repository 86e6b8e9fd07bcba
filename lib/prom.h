/* Metrics in the Prometheus text format (0.0.4) for the node exporter's textfile collector: a
 * program builds the whole page in memory and replaces its file at once (rename), so the
 * collector never reads half a page.  docs/operations.md "Metrics". */
#ifndef ATTEND_PROM_H
#define ATTEND_PROM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct prom {
	char *buf;
	size_t len;
	FILE *f;
};

/* 0, or -ENOMEM. */
int  prom_begin(struct prom *p);
/* The # HELP and # TYPE lines of a family (type: counter or gauge), before its samples. */
void prom_family(struct prom *p, const char *name, const char *type, const char *help);
/* One sample; label and label_value may be NULL (no label).  The value is escaped. */
void prom_sample(struct prom *p, const char *name, const char *label, const char *label_value,
                 double value);
/* One sample with two labels (both values escaped), e.g. {class="today",status="2xx"}. */
void prom_sample2(struct prom *p, const char *name, const char *label1, const char *value1,
                  const char *label2, const char *value2, double value);
/* Writes the page to path (through path.tmp, mode 0644 so the collector may read it, then
 * rename) and ends p.  0, or a negative errno with a message naming the file. */
int  prom_commit(struct prom *p, const char *path, char *err, size_t errlen);
/* Ends p without writing (also after a failed prom_begin). */
void prom_discard(struct prom *p);

#endif
