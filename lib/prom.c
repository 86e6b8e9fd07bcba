#include "lib/prom.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int prom_begin(struct prom *p)
{
	p->buf = NULL;
	p->len = 0;
	p->f = open_memstream(&p->buf, &p->len);
	return p->f ? 0 : -ENOMEM;
}

void prom_family(struct prom *p, const char *name, const char *type, const char *help)
{
	fprintf(p->f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void put_label(FILE *f, const char *label, const char *v)
{
	fprintf(f, "%s=\"", label);
	for (const char *c = v; *c; c++) {
		if (*c == '\\' || *c == '"')
			fputc('\\', f);
		if (*c == '\n')
			fputs("\\n", f);
		else
			fputc(*c, f);
	}
	fputc('"', f);
}

static void value_line(FILE *f, double value)
{
	/* counters print as integers; seconds to the microsecond */
	if (value > -9e15 && value < 9e15 && value == (double)(int64_t)value)
		fprintf(f, " %" PRId64 "\n", (int64_t)value);
	else
		fprintf(f, " %.6f\n", value);
}

void prom_sample(struct prom *p, const char *name, const char *label, const char *label_value,
                 double value)
{
	fputs(name, p->f);
	if (label && label_value) {
		fputc('{', p->f);
		put_label(p->f, label, label_value);
		fputc('}', p->f);
	}
	value_line(p->f, value);
}

void prom_sample2(struct prom *p, const char *name, const char *label1, const char *value1,
                  const char *label2, const char *value2, double value)
{
	fprintf(p->f, "%s{", name);
	put_label(p->f, label1, value1);
	fputc(',', p->f);
	put_label(p->f, label2, value2);
	fputc('}', p->f);
	value_line(p->f, value);
}

void prom_discard(struct prom *p)
{
	if (p->f)
		fclose(p->f);
	free(p->buf);
	p->f = NULL;
	p->buf = NULL;
}

int prom_commit(struct prom *p, const char *path, char *err, size_t errlen)
{
	int rc = 0;
	char tmp[4096];
	if (fclose(p->f) != 0) {
		p->f = NULL;
		snprintf(err, errlen, "metrics: out of memory");
		prom_discard(p);
		return -ENOMEM;
	}
	p->f = NULL;
	/* not ending in .prom: the collector skips the file while it is being written */
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp) {
		snprintf(err, errlen, "metrics file '%s': name too long", path);
		prom_discard(p);
		return -ENAMETOOLONG;
	}
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		rc = -errno;
		goto fail;
	}
	/* the services run with UMask=0077; the collector runs as another user */
	if (fchmod(fd, 0644) != 0)
		rc = -errno;
	for (size_t off = 0; rc == 0 && off < p->len;) {
		ssize_t n = write(fd, p->buf + off, p->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			rc = -errno;
		else
			off += (size_t)n;
	}
	if (close(fd) != 0 && rc == 0)
		rc = -errno;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -errno;
	if (rc != 0)
		unlink(tmp);
fail:
	if (rc != 0)
		snprintf(err, errlen, "metrics file '%s': %s", path, strerror(-rc));
	prom_discard(p);
	return rc;
}
