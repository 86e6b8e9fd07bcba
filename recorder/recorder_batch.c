#include "recorder/recorder_batch.h"

#include <stdlib.h>
#include <string.h>

static int cmp_key(const void *a, const void *b)
{
	const struct ack_key *x = a, *y = b;
	int c = x->broker < y->broker ? -1 : x->broker > y->broker;
	if (!c) c = strcmp(x->site, y->site);
	if (!c) c = strcmp(x->edge, y->edge);
	if (!c) c = strcmp(x->epoch, y->epoch);
	if (!c) c = x->seq < y->seq ? -1 : x->seq > y->seq;
	return c;
}

static int same_group(const struct ack_key *a, const struct ack_key *b)
{
	return a->broker == b->broker && !strcmp(a->site, b->site) && !strcmp(a->edge, b->edge) && !strcmp(a->epoch, b->epoch);
}

long ack_groups_build(struct ack_key *keys, size_t n, struct ack_group **ret)
{
	*ret = NULL;
	if (!n)
		return 0;
	qsort(keys, n, sizeof *keys, cmp_key);
	struct ack_group *g = calloc(n, sizeof *g);
	if (!g)
		return -1;
	long ng = 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || !same_group(&keys[i - 1], &keys[i])) {
			size_t end = i;
			while (end < n && same_group(&keys[i], &keys[end]))
				end++;
			g[ng].key = &keys[i];
			g[ng].ranges = calloc(end - i, sizeof *g[ng].ranges);
			if (!g[ng].ranges) {
				ack_groups_free(g, ng);
				return -1;
			}
			ng++;
		}
		struct ack_group *cur = &g[ng - 1];
		uint64_t s = keys[i].seq;
		if (cur->n && (cur->ranges[cur->n - 1].to == s || cur->ranges[cur->n - 1].to + 1 == s)) {
			cur->ranges[cur->n - 1].to = s;   /* contiguous, or the same seq twice */
		} else {
			cur->ranges[cur->n].from = cur->ranges[cur->n].to = s;
			cur->n++;
		}
	}
	*ret = g;
	return ng;
}

void ack_groups_free(struct ack_group *g, long n)
{
	if (!g)
		return;
	for (long i = 0; i < n; i++)
		free(g[i].ranges);
	free(g);
}
