#include <string.h>

#include "rules/pairing.h"

static bool usable(const struct rules_tap *t)
{
	return !(t->flags & (RULES_TAP_DUPLICATE | RULES_TAP_EXCLUDED));
}

static bool tap_before(const struct rules_tap *a, const struct rules_tap *b)
{
	return a->at < b->at || (a->at == b->at && a->id < b->id);
}

size_t rules_clusters_build(const struct rules_ruleset *rs, const struct rules_tap *taps,
			    size_t ntaps, rules_lsec from, rules_lsec to,
			    struct rules_cluster *out, size_t cap, bool *ret_truncated)
{
	const struct rules_tap *win[RULES_MAX_WINDOW_TAPS];
	size_t n = 0;
	bool truncated = false;

	for (size_t i = 0; i < ntaps; i++) {
		const struct rules_tap *t = &taps[i];
		if (t->at < from || t->at >= to || !usable(t))
			continue;
		if (n == RULES_MAX_WINDOW_TAPS) {
			truncated = true;
			continue;
		}
		/* Insertion sort: loaders send taps in order, so this is one comparison per tap. */
		size_t j = n++;
		while (j > 0 && tap_before(t, win[j - 1])) {
			win[j] = win[j - 1];
			j--;
		}
		win[j] = t;
	}

	size_t nc = 0;
	for (size_t i = 0; i < n; i++) {
		const struct rules_tap *t = win[i];
		struct rules_cluster *c = nc ? &out[nc - 1] : NULL;
		/* Measured from the cluster's first tap, so a chain of taps cannot grow without end. */
		if (c && t->at - c->first < rs->double_tap_sec) {
			c->last = t->at;
			c->last_id = t->id;
			c->manual_last = (t->flags & RULES_TAP_MANUAL) != 0;
			c->ntaps++;
			continue;
		}
		if (nc == cap) {
			truncated = true;
			break;
		}
		c = &out[nc++];
		c->first = c->last = t->at;
		c->first_id = c->last_id = t->id;
		c->hint = t->dir;
		c->manual_first = c->manual_last = (t->flags & RULES_TAP_MANUAL) != 0;
		c->ntaps = 1;
	}
	if (ret_truncated)
		*ret_truncated = truncated;
	return nc;
}

static rules_lsec mid(const struct rules_session_slot *s)
{
	return s->start + (s->end - s->start) / 2;
}

/* Does slot k own a cluster on its OUT side (from the midpoint on), or on its IN side? */
static bool owns_side(const struct rules_session_slot *slots, const struct rules_cluster *cl,
		      const int16_t *owner, size_t ncl, int16_t k, bool out_side)
{
	rules_lsec m = mid(&slots[k]);
	for (size_t c = 0; c < ncl; c++)
		if (owner[c] == k && (out_side ? cl[c].first >= m : cl[c].first < m))
			return true;
	return false;
}

#define OWNER_LONE ((int16_t)-2)

/* Clusters [lo, hi) lie in the gap before slot `gap` (gap == nslots: after the last slot). */
static void assign_gap(const struct rules_ruleset *rs, const struct rules_session_slot *slots,
		       size_t nslots, const struct rules_cluster *cl, size_t lo, size_t hi,
		       size_t gap, int16_t *owner)
{
	const rules_lsec cap = (rules_lsec)rs->capture_min * 60;
	const struct rules_session_slot *a = gap > 0 ? &slots[gap - 1] : NULL;
	const struct rules_session_slot *b = gap < nslots ? &slots[gap] : NULL;
	const int16_t ia = (int16_t)gap - 1, ib = (int16_t)gap;
	size_t first_both = hi, last_both = hi, nboth = 0;

	for (size_t c = lo; c < hi; c++) {
		bool ea = a && cl[c].first - a->end <= cap;
		bool eb = b && b->start - cl[c].last <= cap;
		if (ea && eb) {
			if (nboth++ == 0)
				first_both = c;
			last_both = c;
		} else {
			owner[c] = ea ? ia : eb ? ib : -1;
		}
	}
	if (nboth == 1) {
		owner[first_both] = OWNER_LONE;   /* needs the other owners first: resolve_lone() */
		return;
	}
	for (size_t c = first_both; nboth && c <= last_both; c++) {
		if (c == first_both)
			owner[c] = ia;
		else if (c == last_both)
			owner[c] = ib;
		else
			owner[c] = (cl[c].first - a->end <= b->start - cl[c].last) ? ia : ib;
	}
}

static void resolve_lone(const struct rules_session_slot *slots, const struct rules_cluster *cl,
			 size_t ncl, int16_t *owner, size_t c, int16_t ia, int16_t ib)
{
	const struct rules_cluster *x = &cl[c];
	bool a_has_out = owns_side(slots, cl, owner, ncl, ia, true);
	bool b_has_in = owns_side(slots, cl, owner, ncl, ib, false);

	if (a_has_out != b_has_in) {
		owner[c] = a_has_out ? ib : ia;
		return;
	}
	rules_lsec da = x->first - slots[ia].end, db = slots[ib].start - x->last;
	if (da != db)
		owner[c] = da < db ? ia : ib;
	else
		owner[c] = x->hint == RULES_DIR_OUT ? ia : ib;
}

void rules_clusters_assign(const struct rules_ruleset *rs, const struct rules_session_slot *slots,
			   size_t nslots, const struct rules_cluster *cl, size_t ncl,
			   int16_t *owner, struct rules_session_taps *per_slot)
{
	/* 1. inside a session's span; otherwise remember which gap (slot index after it). */
	size_t c = 0, k = 0;
	while (c < ncl) {
		while (k < nslots && slots[k].end < cl[c].first)
			k++;
		if (k < nslots && slots[k].start <= cl[c].first) {
			owner[c++] = (int16_t)k;
			continue;
		}
		size_t lo = c;
		while (c < ncl && (k == nslots || cl[c].first < slots[k].start))
			c++;
		assign_gap(rs, slots, nslots, cl, lo, c, k, owner);
	}
	/* 2. lone ambiguous clusters, now that every other owner is known. */
	for (c = 0; c < ncl; c++) {
		if (owner[c] != OWNER_LONE)
			continue;
		size_t g = 0;
		while (g < nslots && slots[g].start <= cl[c].first)
			g++;
		resolve_lone(slots, cl, ncl, owner, c, (int16_t)(g - 1), (int16_t)g);
	}
	/* Owners rise with time, so each slot's clusters are one run. */
	for (k = 0; k < nslots; k++) {
		per_slot[k].first = 0;
		per_slot[k].count = 0;
		per_slot[k].borrow_in = per_slot[k].borrow_out = -1;
	}
	for (c = 0; c < ncl; c++) {
		if (owner[c] < 0)
			continue;
		struct rules_session_taps *t = &per_slot[owner[c]];
		if (t->count++ == 0)
			t->first = (int16_t)c;
	}
	/* 3. handover between back-to-back shifts. */
	const rules_lsec ho = (rules_lsec)rs->handover_min * 60;
	for (k = 0; k + 1 < nslots; k++) {
		const struct rules_session_slot *a = &slots[k], *b = &slots[k + 1];
		struct rules_session_taps *ta = &per_slot[k], *tb = &per_slot[k + 1];
		if (b->start - a->end > ho)
			continue;
		bool a_has_out = owns_side(slots, cl, owner, ncl, (int16_t)k, true);
		bool b_has_in = owns_side(slots, cl, owner, ncl, (int16_t)(k + 1), false);
		/* Only into a session with a tap of its own: leaving after the first shift is not
		 * evidence of working the second. */
		if (!a_has_out && ta->count && tb->count && cl[tb->first].first - a->end <= ho)
			ta->borrow_out = tb->first;
		int16_t alast = (int16_t)(ta->first + ta->count - 1);
		if (!b_has_in && tb->count && ta->count && b->start - cl[alast].last <= ho)
			tb->borrow_in = alast;
	}
}
