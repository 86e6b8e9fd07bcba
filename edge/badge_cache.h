/* The edge's local badge cache, so the door answers while the database is away.  A JSON file
 * written by `attendctl badges export` (format in docs/wire.md); reloaded on SIGHUP. */
#ifndef ATTEND_BADGE_CACHE_H
#define ATTEND_BADGE_CACHE_H

#include <stddef.h>

struct badge_cache;

/* path may be NULL (every badge is then unknown).  0 or -1 with a message. */
int  badge_cache_load(struct badge_cache **ret, const char *path, char *err, size_t errlen);
void badge_cache_free(struct badge_cache *c);
/* The person's display name (or code) for a known badge, NULL for an unknown one. */
const char *badge_cache_lookup(const struct badge_cache *c, const char *uid);
size_t badge_cache_size(const struct badge_cache *c);

#endif
