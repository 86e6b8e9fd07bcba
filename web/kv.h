/* A request's named values (query arguments, cookies, form fields) as decoded strings, copied
 * out of the HTTP library so that pages, unit tests and the fuzzer see no libmicrohttpd. */
#ifndef ATTEND_WEB_KV_H
#define ATTEND_WEB_KV_H

#include <stddef.h>

struct kv {
	char *key, *val;
	size_t val_len;
};
struct kvlist {
	struct kv *v;
	size_t n, cap;
	size_t bytes;       /* keys and values together: a request's form is capped on this */
};

/* Appends a copy (val of len bytes, NUL-terminated in the copy).  0 or -ENOMEM. */
int kv_add(struct kvlist *l, const char *key, const char *val, size_t len);
/* Appends len bytes to the value of the last entry if its key is key (a form field that
 * arrives in pieces), else adds it.  0 or -ENOMEM. */
int kv_append(struct kvlist *l, const char *key, const char *val, size_t len);
/* The first value of key, or NULL. */
const char *kv_get(const struct kvlist *l, const char *key);
/* Frees everything; values are wiped first (a login form holds a password). */
void kv_free(struct kvlist *l);

#endif
