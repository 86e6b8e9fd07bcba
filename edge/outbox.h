/* What has been sent and what the recorder has acknowledged, over the journal's retained
 * window.  A broker PUBACK proves nothing durable; only the recorder's application ack (sent
 * after COMMIT) releases a tap.  Unacknowledged taps are sent again after a reconnect, after a
 * restart, and when their ack is overdue; the database absorbs the repeats. */
#ifndef ATTEND_OUTBOX_H
#define ATTEND_OUTBOX_H

#include <stdint.h>

#include "edge/journal.h"

struct outbox;

/* window: most taps sent and not yet acknowledged (flow control towards the broker). */
int  outbox_new(struct outbox **ret, struct journal *j, uint64_t window, int64_t resend_after_ms);
void outbox_free(struct outbox *o);

/* send() returns 0 when the tap was handed to MQTT, negative to stop for now. */
typedef int (*outbox_send_fn)(void *user, const struct tap *t);

/* Sends taps never sent yet, while the window allows.  Returns how many were sent. */
uint64_t outbox_pump(struct outbox *o, int64_t now_ms, outbox_send_fn send, void *user);
/* Sends again taps whose ack is overdue.  Returns how many were sent. */
uint64_t outbox_resend_overdue(struct outbox *o, int64_t now_ms, outbox_send_fn send, void *user);
/* The connection was lost or re-made: everything unacknowledged is due again. */
void outbox_reset(struct outbox *o);
/* The recorder committed seqs [from, to] of epoch.  Returns how many were newly acknowledged;
 * releases the acknowledged prefix from the journal. */
uint64_t outbox_ack(struct outbox *o, const char *epoch, uint64_t from, uint64_t to);

uint64_t outbox_inflight(const struct outbox *o);
/* Retained in the journal, not yet acknowledged. */
uint64_t outbox_pending(const struct outbox *o);

#endif
