#include "edge/badge_cache.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct badge_cache {
	struct json_object *by_uid;   /* uid -> display string; json-c objects are hash tables */
	size_t n;
};

int badge_cache_load(struct badge_cache **ret, const char *path, char *err, size_t errlen)
{
	struct badge_cache *c = calloc(1, sizeof *c);
	if (!c) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	c->by_uid = json_object_new_object();
	if (!path) {
		*ret = c;
		return 0;
	}
	struct json_object *root = json_object_from_file(path);
	struct json_object *list;
	if (!root) {
		snprintf(err, errlen, "badge cache %s: %s", path, json_util_get_last_err());
		goto fail;
	}
	if (!json_object_object_get_ex(root, "badges", &list) ||
	    !json_object_is_type(list, json_type_array)) {
		snprintf(err, errlen, "badge cache %s: expected an object with a \"badges\" array", path);
		goto fail;
	}
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		struct json_object *b = json_object_array_get_idx(list, i), *uid, *who;
		if (!json_object_object_get_ex(b, "uid", &uid) || !json_object_is_type(uid, json_type_string) ||
		    (!json_object_object_get_ex(b, "name", &who) && !json_object_object_get_ex(b, "person", &who))) {
			snprintf(err, errlen, "badge cache %s: entry %zu needs \"uid\" and \"name\" or \"person\"",
			         path, i + 1);
			goto fail;
		}
		json_object_object_add(c->by_uid, json_object_get_string(uid), json_object_get(who));
		c->n++;
	}
	json_object_put(root);
	*ret = c;
	return 0;
fail:
	json_object_put(root);
	badge_cache_free(c);
	return -1;
}

void badge_cache_free(struct badge_cache *c)
{
	if (!c)
		return;
	json_object_put(c->by_uid);
	free(c);
}

const char *badge_cache_lookup(const struct badge_cache *c, const char *uid)
{
	struct json_object *who;
	if (!c || !json_object_object_get_ex(c->by_uid, uid, &who))
		return NULL;
	return json_object_get_string(who);
}

size_t badge_cache_size(const struct badge_cache *c)
{
	return c ? c->n : 0;
}
