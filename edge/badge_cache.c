#include "edge/badge_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* A province's 100,000 badges kept as json-c objects cost about 120 MB; an entrance host is a
 * Raspberry Pi-class board.  So a loaded cache is one block: the badges' 64-bit hashes sorted,
 * a small index on their top bits (about 8 badges a bucket), each badge's offset into one
 * arena of display names, and the names.  About 12 bytes a badge plus its name.
 *
 * Only the hash of a uid is kept, not the uid: two different uids with the same 64-bit hash
 * would be taken for one badge.  With 100,000 badges the chance that an unknown badge is
 * taken for a known one is about 5e-15 a tap; a known/unknown answer at the door is only the
 * greeting (the tap is journaled with its uid either way, and the database decides). */
struct badge_cache {
	size_t n;
	unsigned bits;             /* the index has 2^bits buckets */
	const uint64_t *hash;      /* n, ascending */
	const uint32_t *bucket;    /* 2^bits + 1: the first badge of each bucket, then n */
	const uint32_t *name_off;  /* n: where each badge's name starts in names */
	const char *names;
	void *block;               /* the one mapping that holds all of the above */
	size_t block_len;
};

/* FNV-1a, then MurmurHash3's finaliser so the top bits (the index) are well spread. */
static uint64_t uid_hash(const char *uid)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (const unsigned char *p = (const unsigned char *)uid; *p; p++)
		h = (h ^ *p) * 0x100000001b3u;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53u;
	h ^= h >> 33;
	return h;
}

static size_t bucket_of(uint64_t h, unsigned bits)
{
	return bits ? (size_t)(h >> (64 - bits)) : 0;
}

/* Growing buffers of the load, mapped directly rather than malloc'd: unmapped at the end of
 * the load, they give their memory back to the system at once (a large malloc'd block freed
 * can stay in the process's heap and in its RSS). */
struct region {
	char *p;
	size_t len, cap;
};

static int region_reserve(struct region *r, size_t more)
{
	if (r->len + more <= r->cap)
		return 0;
	size_t cap = r->cap ? r->cap : 1 << 16;
	while (cap < r->len + more)
		cap *= 2;
	void *p = r->p ? mremap(r->p, r->cap, cap, MREMAP_MAYMOVE)
	               : mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	r->p = p;
	r->cap = cap;
	return 0;
}

static void region_free(struct region *r)
{
	if (r->p)
		munmap(r->p, r->cap);
	memset(r, 0, sizeof *r);
}

struct entry {           /* one badge while loading */
	uint64_t hash;
	uint32_t name_off;
};   /* kept in the file's order until sorted: of two equal uids, the later wins */

/* Sorts by hash, keeping the file's order among equal hashes (an LSD radix sort is stable),
 * through a scratch region of our own: qsort's scratch is malloc'd, and freed on the loading
 * thread's arena it stays in the RSS. */
static int sort_entries(struct entry *e, size_t n)
{
	struct region tmp = { 0 };
	if (region_reserve(&tmp, n * sizeof *e) != 0)
		return -1;
	struct entry *a = e, *b = (struct entry *)(void *)tmp.p, *t;
	for (unsigned shift = 0; shift < 64; shift += 8) {   /* 8 passes: it ends back in e */
		size_t at[257] = { 0 };
		for (size_t i = 0; i < n; i++)
			at[((a[i].hash >> shift) & 0xff) + 1]++;
		for (size_t k = 0; k < 256; k++)
			at[k + 1] += at[k];
		for (size_t i = 0; i < n; i++)
			b[at[(a[i].hash >> shift) & 0xff]++] = a[i];
		t = a;
		a = b;
		b = t;
	}
	region_free(&tmp);
	return 0;
}

/* The file, read once from front to back in a small buffer: json-c parses one value at a time
 * (each entry of the "badges" array, each other member of the top object) and each is freed
 * before the next, so a load holds one buffer, one entry and the cache being built.  Read,
 * not mapped: a list rewritten in place while it loads must not kill the door (SIGBUS). */
#define SCAN_CHUNK (64 * 1024)

struct scan {
	const char *path;
	int fd;
	bool eof;
	char *buf;             /* cap bytes; p..end not yet parsed */
	size_t cap;
	const char *p, *end;
	unsigned lines_before; /* newlines in what was read and dropped before buf */
	struct json_tokener *tok;
	char *err;
	size_t errlen;
};

static unsigned line_at(const struct scan *s, const char *at)
{
	unsigned line = s->lines_before + 1;
	for (const char *q = s->buf; q < at && q < s->end; q++)
		line += *q == '\n';
	return line;
}

/* Keeps p..end, reads more after it (a larger buffer if it is full).  0 or -1. */
static int fill(struct scan *s)
{
	size_t keep = (size_t)(s->end - s->p);
	for (const char *q = s->buf; q < s->p; q++)
		s->lines_before += *q == '\n';
	memmove(s->buf, s->p, keep);
	if (keep == s->cap) {
		char *nb = realloc(s->buf, s->cap * 2);
		if (!nb) {
			snprintf(s->err, s->errlen, "badge cache %s: out of memory", s->path);
			return -1;
		}
		s->buf = nb;
		s->cap *= 2;
	}
	s->p = s->buf;
	s->end = s->buf + keep;
	ssize_t n;
	do
		n = read(s->fd, s->buf + keep, s->cap - keep);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		snprintf(s->err, s->errlen, "badge cache %s: %s", s->path, strerror(errno));
		return -1;
	}
	s->eof = n == 0;
	s->end += n;
	return 0;
}

/* Skips blanks, reading on; then p < end, or the file has ended.  0 or -1 (a read error). */
static int skip_ws(struct scan *s)
{
	for (;;) {
		while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
			s->p++;
		if (s->p < s->end || s->eof)
			return 0;
		if (fill(s) != 0)
			return -1;
	}
}

/* Parses the value at s->p (read on until it is whole).  0 (*ret may be NULL for a JSON
 * null) or -1 with the message. */
static int next_value(struct scan *s, struct json_object **ret)
{
	for (;;) {
		json_tokener_reset(s->tok);
		size_t left = (size_t)(s->end - s->p);
		int len = left > INT_MAX ? INT_MAX : (int)left;
		struct json_object *o = json_tokener_parse_ex(s->tok, s->p, len);
		enum json_tokener_error e = json_tokener_get_error(s->tok);
		if (e == json_tokener_continue && !s->eof) {
			if (fill(s) != 0)
				return -1;
			continue;
		}
		if (e != json_tokener_success) {
			const char *at = s->p + json_tokener_get_parse_end(s->tok);
			snprintf(s->err, s->errlen, "badge cache %s:%u: %s", s->path, line_at(s, at),
			         e == json_tokener_continue ? "the file ends in the middle of a value"
			                                    : json_tokener_error_desc(e));
			return -1;
		}
		s->p += json_tokener_get_parse_end(s->tok);
		*ret = o;
		return 0;
	}
}

/* Expects one of the characters in want after blanks; 0 and the one found, or -1. */
static int expect(struct scan *s, const char *want, char *found)
{
	if (skip_ws(s) != 0)
		return -1;
	if (s->p < s->end && *s->p && strchr(want, *s->p)) {
		*found = *s->p++;
		return 0;
	}
	if (s->p >= s->end)
		snprintf(s->err, s->errlen, "badge cache %s:%u: the file ends where '%s' was expected",
		         s->path, line_at(s, s->p), want);
	else
		snprintf(s->err, s->errlen, "badge cache %s:%u: '%c' where '%s' was expected", s->path,
		         line_at(s, s->p), *s->p, want);
	return -1;
}

static int not_a_list(struct scan *s)
{
	snprintf(s->err, s->errlen, "badge cache %s:%u: expected an object with a \"badges\" array",
	         s->path, line_at(s, s->p));
	return -1;
}

/* json-c, as the cache has always read the file, takes a comma before the closing bracket. */
static bool trailing_comma(struct scan *s, char close)
{
	if (skip_ws(s) == 0 && s->p < s->end && *s->p == close) {
		s->p++;
		return true;
	}
	return false;
}

/* The display string of one entry: its "name", else its "person" (the code).  NULL if none. */
static const char *entry_display(struct json_object *b)
{
	struct json_object *who;
	if (json_object_object_get_ex(b, "name", &who) && who)
		return json_object_get_string(who);
	if (json_object_object_get_ex(b, "person", &who) && who)
		return json_object_get_string(who);
	return NULL;
}

static int read_badges(struct scan *s, struct region *entries, struct region *names)
{
	char c;
	if (expect(s, "[", &c) != 0)
		return not_a_list(s);
	if (skip_ws(s) != 0)
		return -1;
	if (s->p < s->end && *s->p == ']') {
		s->p++;
		return 0;
	}
	for (size_t i = 1;; i++) {
		if (skip_ws(s) != 0)
			return -1;
		const char *start = s->p;
		struct json_object *b, *uid;
		if (next_value(s, &b) != 0)
			return -1;
		const char *who = entry_display(b);
		if (!json_object_object_get_ex(b, "uid", &uid) || !json_object_is_type(uid, json_type_string) ||
		    !who) {
			snprintf(s->err, s->errlen, "badge cache %s:%u: entry %zu needs \"uid\" and \"name\" "
			         "or \"person\"", s->path, line_at(s, start), i);
			json_object_put(b);
			return -1;
		}
		size_t wlen = strlen(who) + 1;
		if (i > UINT32_MAX || names->len + wlen > UINT32_MAX) {
			snprintf(s->err, s->errlen, "badge cache %s: more than 4 GB of names", s->path);
			json_object_put(b);
			return -1;
		}
		if (region_reserve(entries, sizeof(struct entry)) != 0 || region_reserve(names, wlen) != 0) {
			snprintf(s->err, s->errlen, "badge cache %s: out of memory at entry %zu", s->path, i);
			json_object_put(b);
			return -1;
		}
		struct entry *e = (struct entry *)(void *)(entries->p + entries->len);
		*e = (struct entry){ .hash = uid_hash(json_object_get_string(uid)),
		                     .name_off = (uint32_t)names->len };
		entries->len += sizeof *e;
		memcpy(names->p + names->len, who, wlen);
		names->len += wlen;
		json_object_put(b);
		if (expect(s, ",]", &c) != 0)
			return -1;
		if (c == ',' && trailing_comma(s, ']'))
			c = ']';
		if (c == ']')
			return 0;
	}
}

static int read_file(struct scan *s, struct region *entries, struct region *names)
{
	char c;
	bool seen = false;
	if (expect(s, "{", &c) != 0)
		return not_a_list(s);
	if (skip_ws(s) != 0)
		return -1;
	if (s->p < s->end && *s->p == '}')
		return not_a_list(s);
	do {
		struct json_object *key, *other;
		if (skip_ws(s) != 0)
			return -1;
		if (s->p >= s->end || *s->p != '"')
			return expect(s, "\"", &c);
		if (next_value(s, &key) != 0)
			return -1;
		bool badges = !strcmp(json_object_get_string(key), "badges");
		json_object_put(key);
		if (expect(s, ":", &c) != 0)
			return -1;
		if (badges && seen) {
			snprintf(s->err, s->errlen, "badge cache %s:%u: a second \"badges\" array", s->path,
			         line_at(s, s->p));
			return -1;
		}
		if (badges) {
			seen = true;
			if (read_badges(s, entries, names) != 0)
				return -1;
		} else {
			if (skip_ws(s) != 0 || next_value(s, &other) != 0)
				return -1;
			json_object_put(other);
		}
		if (expect(s, ",}", &c) != 0)
			return -1;
		if (c == ',' && trailing_comma(s, '}'))
			c = '}';
	} while (c == ',');
	if (skip_ws(s) != 0)
		return -1;
	if (s->p < s->end) {
		snprintf(s->err, s->errlen, "badge cache %s:%u: text after the end of the list", s->path,
		         line_at(s, s->p));
		return -1;
	}
	return seen ? 0 : not_a_list(s);
}

/* Sorts and de-duplicates the entries, then copies what lookups need into one block. */
static int build(struct badge_cache *c, struct region *entries, const struct region *names)
{
	struct entry *e = (struct entry *)(void *)entries->p;
	size_t n = entries->len / sizeof *e;
	if (n == 0)
		return 0;
	if (sort_entries(e, n) != 0)
		return -1;
	size_t k = 0, name_bytes = 0;
	for (size_t i = 0; i < n; i++) {
		if (i + 1 < n && e[i + 1].hash == e[i].hash)
			continue;             /* a later entry of the same badge follows: it wins */
		e[k++] = e[i];
		name_bytes += strlen(names->p + e[i].name_off) + 1;
	}
	n = k;
	unsigned bits = 0;
	while (bits < 24 && ((size_t)8 << bits) < n)
		bits++;
	size_t nb = ((size_t)1 << bits) + 1;
	size_t len = n * sizeof(uint64_t) + nb * sizeof(uint32_t) + n * sizeof(uint32_t) + name_bytes;
	void *block = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (block == MAP_FAILED)
		return -1;
	uint64_t *hash = block;
	uint32_t *bucket = (uint32_t *)(hash + n), *off = bucket + nb;
	char *arena = (char *)(off + n);
	size_t at = 0, b = 0;
	for (size_t i = 0; i < n; i++) {
		hash[i] = e[i].hash;
		for (size_t want = bucket_of(e[i].hash, bits); b <= want; b++)
			bucket[b] = (uint32_t)i;
		const char *name = names->p + e[i].name_off;
		size_t l = strlen(name) + 1;
		memcpy(arena + at, name, l);
		off[i] = (uint32_t)at;
		at += l;
	}
	for (; b < nb; b++)
		bucket[b] = (uint32_t)n;
	mprotect(block, len, PROT_READ);   /* immutable from here on, whoever holds it */
	*c = (struct badge_cache){ .n = n, .bits = bits, .hash = hash, .bucket = bucket,
	                           .name_off = off, .names = arena, .block = block, .block_len = len };
	return 0;
}

int badge_cache_load(struct badge_cache **ret, const char *path, char *err, size_t errlen)
{
	struct badge_cache *c = calloc(1, sizeof *c);
	if (!c) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (!path) {
		*ret = c;
		return 0;
	}
	struct scan s = { .path = path, .err = err, .errlen = errlen, .cap = SCAN_CHUNK };
	struct region entries = { 0 }, names = { 0 };
	int rc = -1;
	s.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (s.fd < 0) {
		snprintf(err, errlen, "badge cache %s: %s", path, strerror(errno));
		goto out;
	}
	s.buf = malloc(s.cap);
	s.tok = json_tokener_new();
	if (!s.buf || !s.tok) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	s.p = s.end = s.buf;
	if (fill(&s) != 0)
		goto out;
	if (s.end == s.buf) {
		snprintf(err, errlen, "badge cache %s: the file is empty", path);
		goto out;
	}
	if (read_file(&s, &entries, &names) != 0)
		goto out;
	if (build(c, &entries, &names) != 0) {
		snprintf(err, errlen, "badge cache %s: out of memory", path);
		goto out;
	}
	*ret = c;
	c = NULL;
	rc = 0;
out:
	if (s.tok)
		json_tokener_free(s.tok);
	free(s.buf);
	if (s.fd >= 0)
		close(s.fd);
	region_free(&entries);
	region_free(&names);
	badge_cache_free(c);
	return rc;
}

void badge_cache_free(struct badge_cache *c)
{
	if (!c)
		return;
	if (c->block)
		munmap(c->block, c->block_len);
	free(c);
}

const char *badge_cache_lookup(const struct badge_cache *c, const char *uid)
{
	if (!c || c->n == 0 || !uid)
		return NULL;
	uint64_t h = uid_hash(uid);
	size_t b = bucket_of(h, c->bits), lo = c->bucket[b], hi = c->bucket[b + 1], end = hi;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->hash[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < end && c->hash[lo] == h ? c->names + c->name_off[lo] : NULL;
}

size_t badge_cache_size(const struct badge_cache *c)
{
	return c ? c->n : 0;
}
