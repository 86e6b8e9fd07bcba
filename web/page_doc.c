/* attend-web's side of the document layer (doc/): each request's language handed to the
 * documents (the thread's, doc/doc.h), and a file the layer writes sent as a download — the
 * same writer, so the same bytes, as attendctl's. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc/doc.h"
#include "lib/log.h"
#include "web/page_doc.h"

static pthread_once_t bound = PTHREAD_ONCE_INIT;

void page_doc_lang(const struct page *pg)
{
	/* The documents' words are attendctl's catalog (po/vi.po): one translation in one place. */
	pthread_once(&bound, doc_bind_catalog);
	doc_lang_set(pg->lang == LANG_VI);
	hr_csv_style_set(NULL);   /* the language's: ';' and a decimal comma in Vietnamese */
}

/* RFC 6266: a plain ASCII filename for old clients and filename* (RFC 8187) for the rest. */
static char *disposition(const char *name)
{
	size_t n = strlen(name);
	char *enc = malloc(3 * n + 1), *out = NULL;
	if (!enc)
		return NULL;
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~", *p))
			enc[o++] = (char)*p;
		else
			o += (size_t)sprintf(enc + o, "%%%02X", *p);
	}
	enc[o] = '\0';
	/* The ASCII name is the encoded one where a byte needed encoding (never a quote). */
	if (asprintf(&out, "attachment; filename=\"%s\"; filename*=UTF-8''%s", enc, enc) < 0)
		out = NULL;
	free(enc);
	return out;
}

static bool slurp(const char *path, struct dbuf *b)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		dbuf_add(b, buf, n);
	bool ok = !ferror(f);
	fclose(f);
	return ok;
}

void page_doc_send(struct page *pg, const char *filename, const char *content_type, page_doc_writer write,
                   const void *arg)
{
	/* The writers write a file (libxlsxwriter and cairo need one): a private folder of the
	 * request's in the service's own /tmp (PrivateTmp=yes), gone when the answer is made. */
	const char *tmpdir = getenv("TMPDIR");
	char dir[4096], path[4200];
	snprintf(dir, sizeof dir, "%s/attend-web-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(dir)) {
		log_warn("%s: cannot make a folder for %s", dir, filename);
		page_error(pg, 500, T(pg, "Something went wrong"));
		return;
	}
	snprintf(path, sizeof path, "%s/%s", dir, filename);
	pg->rs->body.len = 0;
	bool ok = write(arg, path) == 0 && slurp(path, &pg->rs->body);
	unlink(path);
	rmdir(dir);
	if (!ok) {
		log_warnx("%s %s: the document %s could not be written", pg->rq->method, pg->rq->path, filename);
		page_error(pg, 500, T(pg, "Something went wrong"));
		return;
	}
	pg->rs->content_type = content_type;
	free(pg->rs->disposition);
	pg->rs->disposition = disposition(filename);
}

const char *page_doc_type(const char *format)
{
	if (!strcmp(format, "xlsx"))
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	if (!strcmp(format, "pdf"))
		return "application/pdf";
	return "text/csv; charset=utf-8";
}
