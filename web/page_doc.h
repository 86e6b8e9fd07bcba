/* Documents of the doc layer (doc/) from attend-web's pages: the request's language for them,
 * and a written file sent as a download (web/page_doc.c). */
#ifndef ATTEND_WEB_PAGE_DOC_H
#define ATTEND_WEB_PAGE_DOC_H

#include "web/page.h"

/* Sets this thread's document language (and CSV style) from the session's language: call
 * before forming or writing a document, and before taking words from its catalog. */
void page_doc_lang(const struct page *pg);

/* Writes the document with `write(arg, path)` (0 on success) into a private temporary folder,
 * then answers with its bytes, `content_type` and `filename` as an attachment (RFC 6266). */
typedef int (*page_doc_writer)(const void *arg, const char *path);
void page_doc_send(struct page *pg, const char *filename, const char *content_type, page_doc_writer write,
                   const void *arg);
/* The Content-Type of "csv", "xlsx" or "pdf". */
const char *page_doc_type(const char *format);

#endif
