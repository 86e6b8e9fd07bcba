#include "lib/payload.h"

#include <ctype.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "lib/timeutil.h"

int payload_valid_name(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n >= max)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.')
			return 0;
	return 1;
}

static char *dump(struct json_object *o)
{
	if (!o)
		return NULL;
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	char *r = s ? strdup(s) : NULL;
	json_object_put(o);
	return r;
}

char *payload_tap_encode(const char *edge, const char *site, const struct tap *t, int64_t sent_us)
{
	char at[40], sent[40];
	struct json_object *o = json_object_new_object();
	if (!o)
		return NULL;
	json_object_object_add(o, "v", json_object_new_int(PAYLOAD_VERSION));
	json_object_object_add(o, "edge", json_object_new_string(edge));
	json_object_object_add(o, "site", json_object_new_string(site));
	json_object_object_add(o, "epoch", json_object_new_string(t->epoch));
	json_object_object_add(o, "seq", json_object_new_int64((int64_t)t->seq));
	json_object_object_add(o, "reader", json_object_new_string(t->reader));
	json_object_object_add(o, "direction", json_object_new_string(reader_direction_name(t->direction)));
	json_object_object_add(o, "uid", json_object_new_string(t->uid));
	json_object_object_add(o, "at", json_object_new_string(rfc3339_utc(at, sizeof at, t->at_us)));
	json_object_object_add(o, "known", json_object_new_boolean(t->flags & TAP_FLAG_KNOWN));
	json_object_object_add(o, "duplicate", json_object_new_boolean(t->flags & TAP_FLAG_DUPLICATE));
	json_object_object_add(o, "sent", json_object_new_string(rfc3339_utc(sent, sizeof sent, sent_us)));
	return dump(o);
}

/* Field getters that say which field is wrong. */
static int get_str(struct json_object *o, const char *k, char *out, size_t max,
                   char *reason, size_t rlen)
{
	struct json_object *v;
	if (!json_object_object_get_ex(o, k, &v) || !json_object_is_type(v, json_type_string)) {
		snprintf(reason, rlen, "field \"%s\" missing or not a string", k);
		return -1;
	}
	const char *s = json_object_get_string(v);
	if ((size_t)json_object_get_string_len(v) >= max || strlen(s) != (size_t)json_object_get_string_len(v)) {
		snprintf(reason, rlen, "field \"%s\" too long or contains NUL", k);
		return -1;
	}
	snprintf(out, max, "%s", s);
	return 0;
}

static int get_u64(struct json_object *o, const char *k, uint64_t min, uint64_t *out,
                   char *reason, size_t rlen)
{
	struct json_object *v;
	if (!json_object_object_get_ex(o, k, &v) || !json_object_is_type(v, json_type_int)) {
		snprintf(reason, rlen, "field \"%s\" missing or not an integer", k);
		return -1;
	}
	errno = 0;
	int64_t x = json_object_get_int64(v);
	if (errno || x < 0 || (uint64_t)x < min) {
		snprintf(reason, rlen, "field \"%s\" out of range", k);
		return -1;
	}
	*out = (uint64_t)x;
	return 0;
}

static int get_bool(struct json_object *o, const char *k, int *out, char *reason, size_t rlen)
{
	struct json_object *v;
	if (!json_object_object_get_ex(o, k, &v) || !json_object_is_type(v, json_type_boolean)) {
		snprintf(reason, rlen, "field \"%s\" missing or not true/false", k);
		return -1;
	}
	*out = json_object_get_boolean(v);
	return 0;
}

static int get_bool_field(struct json_object *o, const char *k, bool *out, char *reason, size_t rlen)
{
	int b;
	if (get_bool(o, k, &b, reason, rlen))
		return -1;
	*out = b;
	return 0;
}

/* A UUID, written back in lower case: the same epoch is the same text everywhere. */
static int get_epoch(struct json_object *o, const char *k, char out[EPOCH_LEN], char *reason,
                     size_t rlen)
{
	char s[64];
	uuid_t u;
	if (get_str(o, k, s, sizeof s, reason, rlen))
		return -1;
	if (uuid_parse(s, u) != 0) {
		snprintf(reason, rlen, "field \"%s\" is not a UUID", k);
		return -1;
	}
	uuid_unparse_lower(u, out);
	return 0;
}

static struct json_object *parse(const void *buf, size_t len, char *reason, size_t rlen)
{
	if (len > 65536) {
		snprintf(reason, rlen, "payload of %zu bytes is too large", len);
		return NULL;
	}
	struct json_tokener *tok = json_tokener_new();
	if (!tok) {
		snprintf(reason, rlen, "out of memory");
		return NULL;
	}
	struct json_object *o = json_tokener_parse_ex(tok, buf, (int)len);
	enum json_tokener_error e = json_tokener_get_error(tok);
	if (o && e == json_tokener_success && json_tokener_get_parse_end(tok) < len) {
		/* trailing bytes after the JSON value */
		const char *p = (const char *)buf + json_tokener_get_parse_end(tok);
		size_t rest = len - json_tokener_get_parse_end(tok);
		for (size_t i = 0; i < rest; i++)
			if (!isspace((unsigned char)p[i])) {
				e = json_tokener_error_parse_unexpected;
				break;
			}
	}
	json_tokener_free(tok);
	if (!o || e != json_tokener_success) {
		snprintf(reason, rlen, "not JSON: %s", o ? "trailing data after the value" :
		         e == json_tokener_continue ? "ends before the value is complete" :
		         json_tokener_error_desc(e));
		json_object_put(o);
		return NULL;
	}
	if (!json_object_is_type(o, json_type_object)) {
		snprintf(reason, rlen, "not a JSON object");
		json_object_put(o);
		return NULL;
	}
	struct json_object *v;
	if (!json_object_object_get_ex(o, "v", &v) || !json_object_is_type(v, json_type_int) ||
	    json_object_get_int(v) != PAYLOAD_VERSION) {
		snprintf(reason, rlen, "field \"v\" missing or not version %d", PAYLOAD_VERSION);
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* <root>/<site>/<edge>/tap, exactly. */
/* A time the recorder can write back as a 4-digit-year RFC 3339 text that PostgreSQL takes.
 * Found by fuzzing: "0000-01-01T00:00:00Z" parsed, was re-written as "0-01-01...", and the
 * database refused the whole batch, so one hostile tap held back every tap behind it.  An
 * edge whose clock was never set (1970) still gets through: drift is flagged, not refused. */
#define TIME_MIN_US 0LL                       /* 1970-01-01T00:00:00Z */
#define TIME_END_US 253402300800000000LL      /* 10000-01-01T00:00:00Z */
static int time_in_range(int64_t us)
{
	return us >= TIME_MIN_US && us < TIME_END_US;
}

static int topic_parse(const char *topic_root, const char *topic, char site[NAME_MAX_LEN],
                       char edge[NAME_MAX_LEN])
{
	size_t rl = strlen(topic_root);
	if (strncmp(topic, topic_root, rl) != 0 || topic[rl] != '/')
		return -1;
	const char *s = topic + rl + 1, *e = strchr(s, '/'), *t = e ? strchr(e + 1, '/') : NULL;
	if (!e || !t || strcmp(t, "/tap") != 0 || e == s || t == e + 1 ||
	    (size_t)(e - s) >= NAME_MAX_LEN || (size_t)(t - e - 1) >= NAME_MAX_LEN)
		return -1;
	memcpy(site, s, (size_t)(e - s));
	site[e - s] = '\0';
	memcpy(edge, e + 1, (size_t)(t - e - 1));
	edge[t - e - 1] = '\0';
	return payload_valid_name(site, NAME_MAX_LEN) && payload_valid_name(edge, NAME_MAX_LEN) ? 0 : -1;
}

int payload_tap_key(const char *topic_root, const char *topic, const void *buf, size_t len,
                    char site[NAME_MAX_LEN], char edge[NAME_MAX_LEN], char epoch[EPOCH_LEN],
                    uint64_t *seq)
{
	char reason[128], e[64];
	uuid_t u;
	if (topic_parse(topic_root, topic, site, edge) != 0)
		return -EINVAL;
	struct json_object *o = parse(buf, len, reason, sizeof reason);
	if (!o)
		return -EINVAL;
	int rc = -EINVAL;
	if (get_str(o, "epoch", e, sizeof e, reason, sizeof reason) == 0 && uuid_parse(e, u) == 0 &&
	    get_u64(o, "seq", 1, seq, reason, sizeof reason) == 0) {
		uuid_unparse_lower(u, epoch);
		rc = 0;
	}
	json_object_put(o);
	return rc;
}

int payload_tap_decode(const char *topic_root, const char *topic, const void *buf, size_t len,
                       struct tap_msg *out, char *reason, size_t rlen)
{
	memset(out, 0, sizeof *out);
	/* The edge and site named by the topic (which the broker's ACL ties to the edge's
	 * identity) must be the ones in the payload. */
	char tsite[NAME_MAX_LEN], tedge[NAME_MAX_LEN];
	if (topic_parse(topic_root, topic, tsite, tedge) != 0) {
		snprintf(reason, rlen, "topic is not %s/<site>/<edge>/tap", topic_root);
		return -EINVAL;
	}
	struct json_object *o = parse(buf, len, reason, rlen);
	if (!o)
		return -EINVAL;
	char at[64], sent[64], dir[16], epoch[64];
	int known, dup;
	uuid_t u;
	struct tap *t = &out->tap;
	int rc = -EINVAL;
	if (get_str(o, "edge", out->edge, sizeof out->edge, reason, rlen) ||
	    get_str(o, "site", out->site, sizeof out->site, reason, rlen) ||
	    get_str(o, "epoch", epoch, sizeof epoch, reason, rlen) ||
	    get_u64(o, "seq", 1, &t->seq, reason, rlen) ||
	    get_str(o, "reader", t->reader, sizeof t->reader, reason, rlen) ||
	    get_str(o, "direction", dir, sizeof dir, reason, rlen) ||
	    get_str(o, "uid", t->uid, sizeof t->uid, reason, rlen) ||
	    get_str(o, "at", at, sizeof at, reason, rlen) ||
	    get_str(o, "sent", sent, sizeof sent, reason, rlen) ||
	    get_bool(o, "known", &known, reason, rlen) ||
	    get_bool(o, "duplicate", &dup, reason, rlen))
		goto out;
	if (!payload_valid_name(out->edge, NAME_MAX_LEN) || strcmp(out->edge, tedge) != 0) {
		snprintf(reason, rlen, "field \"edge\" does not match the topic");
		goto out;
	}
	if (!payload_valid_name(out->site, NAME_MAX_LEN) || strcmp(out->site, tsite) != 0) {
		snprintf(reason, rlen, "field \"site\" does not match the topic");
		goto out;
	}
	if (uuid_parse(epoch, u) != 0) {
		snprintf(reason, rlen, "field \"epoch\" is not a UUID");
		goto out;
	}
	uuid_unparse_lower(u, t->epoch);
	if (!payload_valid_name(t->reader, READER_ID_MAX)) {
		snprintf(reason, rlen, "field \"reader\" is not a valid reader id");
		goto out;
	}
	if (reader_direction_parse(dir, &t->direction) != 0) {
		snprintf(reason, rlen, "field \"direction\" is not in, out or both");
		goto out;
	}
	if (!t->uid[0]) {
		snprintf(reason, rlen, "field \"uid\" is empty");
		goto out;
	}
	for (const char *p = t->uid; *p; p++)
		if (!isalnum((unsigned char)*p)) {
			snprintf(reason, rlen, "field \"uid\" has a character that is not a letter or digit");
			goto out;
		}
	if (rfc3339_parse(at, &t->at_us) != 0 || !time_in_range(t->at_us)) {
		snprintf(reason, rlen, "field \"at\" is not an RFC 3339 time from 1970 to 9999");
		goto out;
	}
	if (rfc3339_parse(sent, &out->sent_us) != 0 || !time_in_range(out->sent_us)) {
		snprintf(reason, rlen, "field \"sent\" is not an RFC 3339 time from 1970 to 9999");
		goto out;
	}
	t->flags = (uint8_t)((known ? TAP_FLAG_KNOWN : 0) | (dup ? TAP_FLAG_DUPLICATE : 0));
	rc = 0;
out:
	json_object_put(o);
	return rc;
}

char *payload_ack_encode(const char *epoch, const struct ack_range *r, size_t n)
{
	struct json_object *o = json_object_new_object(), *a = json_object_new_array();
	if (!o || !a) {
		json_object_put(o);
		json_object_put(a);
		return NULL;
	}
	json_object_object_add(o, "v", json_object_new_int(PAYLOAD_VERSION));
	json_object_object_add(o, "epoch", json_object_new_string(epoch));
	for (size_t i = 0; i < n; i++) {
		struct json_object *p = json_object_new_array();
		json_object_array_add(p, json_object_new_int64((int64_t)r[i].from));
		json_object_array_add(p, json_object_new_int64((int64_t)r[i].to));
		json_object_array_add(a, p);
	}
	json_object_object_add(o, "ranges", a);
	return dump(o);
}

int payload_ack_decode(const void *buf, size_t len, struct ack_msg *out, char *reason, size_t rlen)
{
	memset(out, 0, sizeof *out);
	struct json_object *o = parse(buf, len, reason, rlen), *a;
	if (!o)
		return -EINVAL;
	int rc = -EINVAL;
	if (get_epoch(o, "epoch", out->epoch, reason, rlen))
		goto fail;
	if (!json_object_object_get_ex(o, "ranges", &a) || !json_object_is_type(a, json_type_array)) {
		snprintf(reason, rlen, "field \"ranges\" missing or not an array");
		goto fail;
	}
	size_t n = json_object_array_length(a);
	out->ranges = calloc(n ? n : 1, sizeof *out->ranges);
	if (!out->ranges) {
		snprintf(reason, rlen, "out of memory");
		rc = -ENOMEM;
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		struct json_object *p = json_object_array_get_idx(a, i);
		struct json_object *f, *t;
		if (!json_object_is_type(p, json_type_array) || json_object_array_length(p) != 2 ||
		    !json_object_is_type(f = json_object_array_get_idx(p, 0), json_type_int) ||
		    !json_object_is_type(t = json_object_array_get_idx(p, 1), json_type_int) ||
		    json_object_get_int64(f) < 1 || json_object_get_int64(t) < json_object_get_int64(f)) {
			snprintf(reason, rlen, "ranges[%zu] is not [from, to] with 1 <= from <= to", i);
			goto fail;
		}
		out->ranges[i].from = (uint64_t)json_object_get_int64(f);
		out->ranges[i].to = (uint64_t)json_object_get_int64(t);
	}
	out->n = n;
	json_object_put(o);
	return 0;
fail:
	free(out->ranges);
	out->ranges = NULL;
	json_object_put(o);
	return rc;
}

/* --- status and last will --------------------------------------------------------------- */

const char *edge_state_name(enum edge_state s)
{
	switch (s) {
	case EDGE_ONLINE:  return "online";
	case EDGE_STOPPED: return "stopped";
	case EDGE_OFFLINE: return "offline";
	}
	return "?";
}

static int edge_state_parse(const char *s, enum edge_state *out)
{
	for (enum edge_state e = EDGE_ONLINE; e <= EDGE_OFFLINE; e++)
		if (strcmp(s, edge_state_name(e)) == 0) {
			*out = e;
			return 0;
		}
	return -EINVAL;
}

static struct json_object *new_time(int64_t us)
{
	char buf[40];
	return json_object_new_string(rfc3339_utc(buf, sizeof buf, us));
}

/* A value json-c fails to allocate is added as null (as the tap encoder always did): the
 * message stays well formed, and out of memory gets no second path here. */
static struct json_object *status_reader_json(const struct status_reader *r)
{
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_string(r->id));
	json_object_object_add(o, "driver", json_object_new_string(r->driver));
	json_object_object_add(o, "direction", json_object_new_string(reader_direction_name(r->direction)));
	json_object_object_add(o, "state", json_object_new_string(r->state));
	if (r->reason[0])
		json_object_object_add(o, "reason", json_object_new_string(r->reason));
	json_object_object_add(o, "taps", json_object_new_int64((int64_t)r->taps));
	json_object_object_add(o, "last_tap", r->last_tap_us ? new_time(r->last_tap_us) : NULL);
	json_object_object_add(o, "silent", json_object_new_boolean(r->silent));
	json_object_object_add(o, "dropped", json_object_new_int64((int64_t)r->dropped));
	json_object_object_add(o, "answers_not_shown", json_object_new_int64((int64_t)r->answers_not_shown));
	return o;
}

char *payload_status_encode(const struct status_msg *s)
{
	struct json_object *o = json_object_new_object();
	if (!o)
		return NULL;
	json_object_object_add(o, "v", json_object_new_int(PAYLOAD_VERSION));
	json_object_object_add(o, "edge", json_object_new_string(s->edge));
	json_object_object_add(o, "site", json_object_new_string(s->site));
	json_object_object_add(o, "state", json_object_new_string(edge_state_name(s->state)));
	if (!s->detail) {
		/* v1 readers ignore fields they do not know: these two are additions, not a v2 */
		if (s->connected_at_us)
			json_object_object_add(o, "connected_at", new_time(s->connected_at_us));
		if (s->version[0])
			json_object_object_add(o, "version", json_object_new_string(s->version));
		return dump(o);
	}
	struct json_object *j = json_object_new_object(), *taps = json_object_new_object(),
	                   *rs = json_object_new_array();
	json_object_object_add(o, "at", new_time(s->at_us));
	json_object_object_add(j, "epoch", json_object_new_string(s->journal.epoch));
	json_object_object_add(j, "next_seq", json_object_new_int64((int64_t)s->journal.next_seq));
	json_object_object_add(j, "pending", json_object_new_int64((int64_t)s->journal.pending));
	json_object_object_add(j, "capacity", json_object_new_int64((int64_t)s->journal.capacity));
	json_object_object_add(j, "full", json_object_new_boolean(s->journal.full));
	json_object_object_add(o, "journal", j);
	json_object_object_add(taps, "accepted", json_object_new_int64((int64_t)s->taps.accepted));
	json_object_object_add(taps, "unknown", json_object_new_int64((int64_t)s->taps.unknown));
	json_object_object_add(taps, "repeats", json_object_new_int64((int64_t)s->taps.repeats));
	json_object_object_add(taps, "refused", json_object_new_int64((int64_t)s->taps.refused));
	json_object_object_add(taps, "acked", json_object_new_int64((int64_t)s->taps.acked));
	json_object_object_add(o, "taps", taps);
	json_object_object_add(o, "bad_acks", json_object_new_int64((int64_t)s->bad_acks));
	for (size_t i = 0; i < s->nreaders; i++)
		json_object_array_add(rs, status_reader_json(&s->readers[i]));
	json_object_object_add(o, "readers", rs);
	return dump(o);
}

char *payload_will_encode(const char *edge, const char *site, int64_t connected_at_us,
                          const char *version)
{
	struct status_msg s;
	memset(&s, 0, sizeof s);
	snprintf(s.edge, sizeof s.edge, "%s", edge);
	snprintf(s.site, sizeof s.site, "%s", site);
	s.state = EDGE_OFFLINE;
	s.connected_at_us = connected_at_us;
	snprintf(s.version, sizeof s.version, "%s", version ? version : "");
	return payload_status_encode(&s);
}

void payload_status_free(struct status_msg *s)
{
	if (!s)
		return;
	free(s->readers);
	s->readers = NULL;
	s->nreaders = 0;
}

static int get_obj(struct json_object *o, const char *k, json_type type, struct json_object **out,
                   char *reason, size_t rlen)
{
	if (!json_object_object_get_ex(o, k, out) || !json_object_is_type(*out, type)) {
		snprintf(reason, rlen, "field \"%s\" missing or not %s", k,
		         type == json_type_array ? "an array" : "an object");
		return -1;
	}
	return 0;
}

static int get_time(struct json_object *o, const char *k, int64_t *us, char *reason, size_t rlen)
{
	char s[64];
	if (get_str(o, k, s, sizeof s, reason, rlen))
		return -1;
	if (rfc3339_parse(s, us) != 0 || !time_in_range(*us)) {
		snprintf(reason, rlen, "field \"%s\" is not an RFC 3339 time from 1970 to 9999", k);
		return -1;
	}
	return 0;
}

static int get_name(struct json_object *o, const char *k, char *out, size_t max, char *reason,
                    size_t rlen)
{
	if (get_str(o, k, out, max, reason, rlen))
		return -1;
	if (!payload_valid_name(out, max)) {
		snprintf(reason, rlen, "field \"%s\" is not a valid id", k);
		return -1;
	}
	return 0;
}

static int status_reader_decode(struct json_object *o, size_t i, struct status_reader *r,
                                char *reason, size_t rlen)
{
	char dir[16], why[160];
	struct json_object *v;
	if (!json_object_is_type(o, json_type_object)) {
		snprintf(reason, rlen, "readers[%zu] is not an object", i);
		return -1;
	}
	if (get_name(o, "id", r->id, sizeof r->id, why, sizeof why) ||
	    get_name(o, "driver", r->driver, sizeof r->driver, why, sizeof why) ||
	    get_str(o, "direction", dir, sizeof dir, why, sizeof why) ||
	    get_str(o, "state", r->state, sizeof r->state, why, sizeof why) ||
	    get_u64(o, "taps", 0, &r->taps, why, sizeof why) ||
	    get_bool_field(o, "silent", &r->silent, why, sizeof why) ||
	    get_u64(o, "dropped", 0, &r->dropped, why, sizeof why) ||
	    get_u64(o, "answers_not_shown", 0, &r->answers_not_shown, why, sizeof why))
		goto bad;
	if (reader_direction_parse(dir, &r->direction) != 0) {
		snprintf(why, sizeof why, "field \"direction\" is not in, out or both");
		goto bad;
	}
	if (json_object_object_get_ex(o, "reason", &v) &&
	    get_str(o, "reason", r->reason, sizeof r->reason, why, sizeof why))
		goto bad;
	if (!json_object_object_get_ex(o, "last_tap", &v)) {
		snprintf(why, sizeof why, "field \"last_tap\" missing");
		goto bad;
	}
	if (v && get_time(o, "last_tap", &r->last_tap_us, why, sizeof why))
		goto bad;
	return 0;
bad:
	snprintf(reason, rlen, "readers[%zu]: %s", i, why);
	return -1;
}

int payload_status_decode(const void *buf, size_t len, struct status_msg *out, char *reason,
                          size_t rlen)
{
	memset(out, 0, sizeof *out);
	struct json_object *o = parse(buf, len, reason, rlen), *j, *t, *rs, *v;
	if (!o)
		return -EINVAL;
	char state[STATUS_WORD_MAX];
	int rc = -EINVAL;
	if (get_name(o, "edge", out->edge, sizeof out->edge, reason, rlen) ||
	    get_name(o, "site", out->site, sizeof out->site, reason, rlen) ||
	    get_str(o, "state", state, sizeof state, reason, rlen))
		goto fail;
	if (edge_state_parse(state, &out->state) != 0) {
		snprintf(reason, rlen, "field \"state\" is not online, stopped or offline");
		goto fail;
	}
	/* The last will says only who vanished, since when and which version; a will from an
	 * edge older than those two fields says neither. */
	out->detail = json_object_object_get_ex(o, "at", &v);
	if (!out->detail) {
		if (out->state != EDGE_OFFLINE) {
			snprintf(reason, rlen, "field \"at\" missing (only the last will has no detail)");
			goto fail;
		}
		if ((json_object_object_get_ex(o, "connected_at", &v) &&
		     get_time(o, "connected_at", &out->connected_at_us, reason, rlen)) ||
		    (json_object_object_get_ex(o, "version", &v) &&
		     get_str(o, "version", out->version, sizeof out->version, reason, rlen)))
			goto fail;
		json_object_put(o);
		return 0;
	}
	if (get_time(o, "at", &out->at_us, reason, rlen) ||
	    get_obj(o, "journal", json_type_object, &j, reason, rlen) ||
	    get_epoch(j, "epoch", out->journal.epoch, reason, rlen) ||
	    get_u64(j, "next_seq", 1, &out->journal.next_seq, reason, rlen) ||
	    get_u64(j, "pending", 0, &out->journal.pending, reason, rlen) ||
	    get_u64(j, "capacity", 0, &out->journal.capacity, reason, rlen) ||
	    get_bool_field(j, "full", &out->journal.full, reason, rlen) ||
	    get_obj(o, "taps", json_type_object, &t, reason, rlen) ||
	    get_u64(t, "accepted", 0, &out->taps.accepted, reason, rlen) ||
	    get_u64(t, "unknown", 0, &out->taps.unknown, reason, rlen) ||
	    get_u64(t, "repeats", 0, &out->taps.repeats, reason, rlen) ||
	    get_u64(t, "refused", 0, &out->taps.refused, reason, rlen) ||
	    get_u64(t, "acked", 0, &out->taps.acked, reason, rlen) ||
	    get_u64(o, "bad_acks", 0, &out->bad_acks, reason, rlen) ||
	    get_obj(o, "readers", json_type_array, &rs, reason, rlen))
		goto fail;
	size_t n = json_object_array_length(rs);
	out->readers = calloc(n ? n : 1, sizeof *out->readers);
	if (!out->readers) {
		snprintf(reason, rlen, "out of memory");
		rc = -ENOMEM;
		goto fail;
	}
	out->nreaders = n;
	for (size_t i = 0; i < n; i++)
		if (status_reader_decode(json_object_array_get_idx(rs, i), i, &out->readers[i], reason, rlen))
			goto fail;
	json_object_put(o);
	return 0;
fail:
	payload_status_free(out);
	json_object_put(o);
	return rc;
}

/* --- the answer at the door ------------------------------------------------------------- */

char *payload_feedback_encode(const char *reader, const struct tap *t, enum feedback_outcome o,
                              const char *name)
{
	struct json_object *j = json_object_new_object();
	if (!j)
		return NULL;
	json_object_object_add(j, "v", json_object_new_int(PAYLOAD_VERSION));
	json_object_object_add(j, "reader", json_object_new_string(reader));
	json_object_object_add(j, "uid", json_object_new_string(t->uid));
	json_object_object_add(j, "outcome", json_object_new_string(feedback_outcome_name(o)));
	if (o == FEEDBACK_ACCEPTED && name)
		json_object_object_add(j, "name", json_object_new_string(name));
	json_object_object_add(j, "at", new_time(t->at_us));
	return dump(j);
}

int payload_feedback_decode(const void *buf, size_t len, struct feedback_msg *out, char *reason,
                            size_t rlen)
{
	memset(out, 0, sizeof *out);
	struct json_object *o = parse(buf, len, reason, rlen), *v;
	if (!o)
		return -EINVAL;
	char outcome[16];
	int rc = -EINVAL;
	if (get_name(o, "reader", out->reader, sizeof out->reader, reason, rlen) ||
	    get_str(o, "uid", out->uid, sizeof out->uid, reason, rlen) ||
	    get_str(o, "outcome", outcome, sizeof outcome, reason, rlen) ||
	    get_time(o, "at", &out->at_us, reason, rlen))
		goto out;
	if (!out->uid[0] || strspn(out->uid, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != strlen(out->uid)) {
		snprintf(reason, rlen, "field \"uid\" is empty or has a character that is not a letter or digit");
		goto out;
	}
	if (feedback_outcome_parse(outcome, &out->outcome) != 0) {
		snprintf(reason, rlen, "field \"outcome\" is not accepted, unknown or refused");
		goto out;
	}
	if (json_object_object_get_ex(o, "name", &v)) {
		if (out->outcome != FEEDBACK_ACCEPTED) {
			snprintf(reason, rlen, "field \"name\" given for a badge that was not accepted");
			goto out;
		}
		if (get_str(o, "name", out->name, sizeof out->name, reason, rlen))
			goto out;
	}
	rc = 0;
out:
	json_object_put(o);
	return rc;
}
