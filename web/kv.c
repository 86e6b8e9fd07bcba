#include "web/kv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int grow(struct kvlist *l)
{
	if (l->n < l->cap)
		return 0;
	size_t cap = l->cap ? l->cap * 2 : 8;
	struct kv *v = realloc(l->v, cap * sizeof *v);
	if (!v)
		return -ENOMEM;
	l->v = v;
	l->cap = cap;
	return 0;
}

int kv_add(struct kvlist *l, const char *key, const char *val, size_t len)
{
	if (grow(l) != 0)
		return -ENOMEM;
	char *k = strdup(key), *v = malloc(len + 1);
	if (!k || !v) {
		free(k);
		free(v);
		return -ENOMEM;
	}
	if (len)
		memcpy(v, val, len);
	v[len] = '\0';
	l->v[l->n++] = (struct kv){ k, v, len };
	l->bytes += strlen(k) + len;
	return 0;
}

int kv_append(struct kvlist *l, const char *key, const char *val, size_t len)
{
	if (l->n == 0 || strcmp(l->v[l->n - 1].key, key) != 0)
		return kv_add(l, key, val, len);
	struct kv *e = &l->v[l->n - 1];
	char *v = malloc(e->val_len + len + 1);
	if (!v)
		return -ENOMEM;
	memcpy(v, e->val, e->val_len);
	if (len)
		memcpy(v + e->val_len, val, len);
	v[e->val_len + len] = '\0';
	explicit_bzero(e->val, e->val_len);
	free(e->val);
	e->val = v;
	e->val_len += len;
	l->bytes += len;
	return 0;
}

const char *kv_get(const struct kvlist *l, const char *key)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].key, key))
			return l->v[i].val;
	return NULL;
}

void kv_free(struct kvlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		explicit_bzero(l->v[i].val, l->v[i].val_len);
		free(l->v[i].key);
		free(l->v[i].val);
	}
	free(l->v);
	*l = (struct kvlist){ 0 };
}
