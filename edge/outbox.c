#include "edge/outbox.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	uint64_t seq;      /* which seq this slot describes; anything else means "fresh" */
	int64_t sent_ms;   /* 0 = not sent since the last reset */
	bool acked;
};

struct outbox {
	struct journal *j;
	struct slot *slots;
	uint64_t cap;
	uint64_t window;
	int64_t resend_after_ms;
	uint64_t cursor;     /* lowest seq not yet sent since the last reset */
	uint64_t inflight;
};

int outbox_new(struct outbox **ret, struct journal *j, uint64_t window, int64_t resend_after_ms)
{
	struct outbox *o = calloc(1, sizeof *o);
	if (!o)
		return -ENOMEM;
	o->j = j;
	o->cap = journal_capacity(j);
	o->slots = calloc(o->cap, sizeof *o->slots);
	if (!o->slots) {
		free(o);
		return -ENOMEM;
	}
	o->window = window ? window : 1;
	o->resend_after_ms = resend_after_ms;
	o->cursor = journal_first_seq(j);
	*ret = o;
	return 0;
}

void outbox_free(struct outbox *o)
{
	if (!o)
		return;
	free(o->slots);
	free(o);
}

static struct slot *slot(struct outbox *o, uint64_t seq)
{
	struct slot *s = &o->slots[seq % o->cap];
	if (s->seq != seq) {
		s->seq = seq;
		s->sent_ms = 0;
		s->acked = false;
	}
	return s;
}

/* Releases the acknowledged prefix; a hole (a record lost to corruption, logged at recovery)
 * cannot be sent and does not hold the rest back. */
static void advance(struct outbox *o)
{
	uint64_t first = journal_first_seq(o->j), next = journal_next_seq(o->j), s = first;
	while (s < next && (slot(o, s)->acked || !journal_get(o->j, s)))
		s++;
	if (s > first)
		journal_release_through(o->j, s - 1);
	if (o->cursor < s)
		o->cursor = s;
}

uint64_t outbox_pump(struct outbox *o, int64_t now_ms, outbox_send_fn send, void *user)
{
	uint64_t sent = 0, next = journal_next_seq(o->j);
	if (o->cursor < journal_first_seq(o->j))
		o->cursor = journal_first_seq(o->j);
	while (o->cursor < next && o->inflight < o->window) {
		struct slot *s = slot(o, o->cursor);
		const struct tap *t = journal_get(o->j, o->cursor);
		if (t && !s->acked) {
			if (send(user, t) < 0)
				break;
			s->sent_ms = now_ms ? now_ms : 1;
			o->inflight++;
			sent++;
		}
		o->cursor++;
	}
	return sent;
}

uint64_t outbox_resend_overdue(struct outbox *o, int64_t now_ms, outbox_send_fn send, void *user)
{
	uint64_t sent = 0;
	for (uint64_t seq = journal_first_seq(o->j); seq < o->cursor; seq++) {
		struct slot *s = slot(o, seq);
		if (s->acked || !s->sent_ms || now_ms - s->sent_ms < o->resend_after_ms)
			continue;
		const struct tap *t = journal_get(o->j, seq);
		if (!t)
			continue;
		if (send(user, t) < 0)
			break;
		s->sent_ms = now_ms;
		sent++;
	}
	return sent;
}

void outbox_reset(struct outbox *o)
{
	uint64_t first = journal_first_seq(o->j), next = journal_next_seq(o->j);
	for (uint64_t seq = first; seq < next; seq++)
		slot(o, seq)->sent_ms = 0;
	o->inflight = 0;
	o->cursor = first;
}

uint64_t outbox_ack(struct outbox *o, const char *epoch, uint64_t from, uint64_t to)
{
	uint64_t first = journal_first_seq(o->j), next = journal_next_seq(o->j), n = 0;
	if (from < first)
		from = first;
	if (next == 0 || to > next - 1)
		to = next - 1;
	for (uint64_t seq = from; seq <= to && seq < next; seq++) {
		const struct tap *t = journal_get(o->j, seq);
		if (!t || strcmp(t->epoch, epoch) != 0)
			continue;
		struct slot *s = slot(o, seq);
		if (s->acked)
			continue;
		s->acked = true;
		if (s->sent_ms && o->inflight)
			o->inflight--;
		n++;
	}
	if (n)
		advance(o);
	return n;
}

uint64_t outbox_inflight(const struct outbox *o)
{
	return o->inflight;
}

uint64_t outbox_pending(const struct outbox *o)
{
	return journal_next_seq(o->j) - journal_first_seq(o->j);
}
