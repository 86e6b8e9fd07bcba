/* Debounce: the same badge seen again within the window is a repeat (a card held too long, a
 * second nervous tap).  A repeat is not dropped: it is journaled and sent flagged as duplicate,
 * and counted, so HR can see it and the rules engine can ignore it. */
#ifndef ATTEND_DEBOUNCE_H
#define ATTEND_DEBOUNCE_H

#include <stdbool.h>
#include <stdint.h>

struct debounce;

int  debounce_new(struct debounce **ret, int64_t window_ms);
void debounce_free(struct debounce *d);
void debounce_set_window(struct debounce *d, int64_t window_ms);
/* True if uid was last seen less than the window from at_us (before or after: taps may come
 * out of time order).  Records at_us either way, so a card held on the reader stays one tap
 * however long it is held. */
bool debounce_is_repeat(struct debounce *d, const char *uid, int64_t at_us);
uint64_t debounce_repeats(const struct debounce *d);

#endif
