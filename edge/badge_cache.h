/* The edge's local badge cache, so the door answers while the database is away.  A JSON file
 * written by `attendctl badges export`; reloaded on SIGHUP (docs/operations.md, "The edge's
 * badge cache": the format, the figures, the reload).
 *
 * A loaded cache is immutable: built once per load into one compact block (a sorted array of
 * 64-bit badge hashes, the display names in one string arena), so a lookup is a few reads and
 * a reload builds a new cache aside and swaps the pointer (edge/badge_reload.h).  Any number
 * of threads may look up in one cache at once. */
#ifndef ATTEND_BADGE_CACHE_H
#define ATTEND_BADGE_CACHE_H

#include <stddef.h>

struct badge_cache;

/* path may be NULL (every badge is then unknown).  0 or -1 with a message naming the file, and
 * for a bad entry its number and line.  A badge listed twice: the later entry wins. */
int  badge_cache_load(struct badge_cache **ret, const char *path, char *err, size_t errlen);
void badge_cache_free(struct badge_cache *c);
/* The person's display name (or code) for a known badge, NULL for an unknown one.  Valid as
 * long as c is. */
const char *badge_cache_lookup(const struct badge_cache *c, const char *uid);
/* Distinct badges. */
size_t badge_cache_size(const struct badge_cache *c);

#endif
