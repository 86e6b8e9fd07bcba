/* The simulated reader: taps come as lines from a file or a FIFO, so the demo and the tests
 * need no hardware (the chrony "SOCK" refclock idea: another program injects samples).
 *
 * Line format (one tap per line; blank lines and lines starting with '#' are skipped):
 *     <UID>
 *     <RFC 3339 time> <UID>
 * UID: 1..31 letters or digits (hex of an NFC UID, or the digits of an EM4100 card).  With a
 * time, the tap is stamped with it (replaying a recorded morning); without, with the clock.
 * A malformed line is logged with file:line and skipped; it never stops the reader.
 *
 * Options: path = <file or FIFO> (required); feedback = <file or FIFO> to which each outcome
 * is appended as "<uid> <outcome> <detail>" (optional; a door display in tests). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/log.h"
#include "lib/timeutil.h"
#include "readers/reader.h"

#define LINE_MAX_LEN 256

struct sim {
	char *path;
	char *feedback_path;
	int fd, fb_fd;
	int is_fifo;
	char buf[8192];
	size_t len;
	unsigned long line;
	unsigned long bad_lines;
	int eof;
};

static int sim_configure(struct reader *r, const char *key, const char *value, char *err, size_t errlen)
{
	struct sim *s = r->priv;
	if (!s) {
		s = r->priv = calloc(1, sizeof *s);
		if (!s) {
			snprintf(err, errlen, "out of memory");
			return -ENOMEM;
		}
		s->fd = s->fb_fd = -1;
	}
	char **dst = !strcmp(key, "path") ? &s->path : !strcmp(key, "feedback") ? &s->feedback_path : NULL;
	if (!dst) {
		snprintf(err, errlen, "unknown option '%s' for driver sim (path, feedback)", key);
		return -EINVAL;
	}
	free(*dst);
	*dst = strdup(value);
	return *dst ? 0 : -ENOMEM;
}

static size_t sim_files(const struct reader *r, struct reader_file *out, size_t max)
{
	const struct sim *s = r->priv;
	size_t n = 0;
	if (s && s->path && n < max) {
		out[n] = (struct reader_file){ .option = "path" };
		snprintf(out[n++].path, sizeof out->path, "%s", s->path);
	}
	return n;
}

static int sim_open(struct reader *r, char *err, size_t errlen)
{
	struct sim *s = r->priv;
	if (!s || !s->path) {
		snprintf(err, errlen, "reader %s: driver sim needs 'path'", r->id);
		return -EINVAL;
	}
	struct stat st;
	if (stat(s->path, &st) != 0) {
		snprintf(err, errlen, "reader %s: path %s: %s", r->id, s->path, strerror(errno));
		return -errno;
	}
	s->is_fifo = S_ISFIFO(st.st_mode);
	/* A FIFO is opened read-write so that a writer closing it is not an end of file. */
	s->fd = open(s->path, (s->is_fifo ? O_RDWR : O_RDONLY) | O_NONBLOCK | O_CLOEXEC);
	if (s->fd < 0) {
		snprintf(err, errlen, "reader %s: path %s: %s", r->id, s->path, strerror(errno));
		return -errno;
	}
	if (s->feedback_path) {
		s->fb_fd = open(s->feedback_path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0644);
		if (s->fb_fd < 0 && errno == ENXIO)   /* a FIFO nobody reads yet: open read-write */
			s->fb_fd = open(s->feedback_path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
		if (s->fb_fd < 0) {
			snprintf(err, errlen, "reader %s: feedback %s: %s", r->id, s->feedback_path, strerror(errno));
			return -errno;
		}
	}
	reader_set_state(r, READER_ONLINE, NULL);
	return 0;
}

static void sim_close(struct reader *r)
{
	struct sim *s = r->priv;
	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	if (s->fb_fd >= 0)
		close(s->fb_fd);
	free(s->path);
	free(s->feedback_path);
	free(s);
	r->priv = NULL;
}

static int sim_fd(const struct reader *r)
{
	const struct sim *s = r->priv;
	return s && !s->eof ? s->fd : -1;   /* a replay file at its end is not polled again */
}

/* 1 for a tap, 0 for a line to skip. */
static int parse_line(struct reader *r, struct sim *s, char *line, struct reader_tap *out)
{
	while (*line && isspace((unsigned char)*line))
		line++;
	size_t n = strlen(line);
	while (n && isspace((unsigned char)line[n - 1]))
		line[--n] = '\0';
	if (!n || line[0] == '#')
		return 0;
	char *uid = line, *sp = strpbrk(line, " \t");
	out->at_us = 0;
	if (sp) {
		*sp = '\0';
		uid = sp + 1;
		while (isspace((unsigned char)*uid))
			uid++;
		if (rfc3339_parse(line, &out->at_us) != 0) {
			log_warnx("%s:%lu: reader %s: '%s' is not an RFC 3339 time; line skipped",
			          s->path, s->line, r->id, line);
			s->bad_lines++;
			return 0;
		}
	}
	size_t ul = strlen(uid);
	bool ok = ul > 0 && ul < READER_UID_MAX;
	for (size_t i = 0; ok && i < ul; i++)
		ok = isalnum((unsigned char)uid[i]);
	if (!ok) {
		log_warnx("%s:%lu: reader %s: '%s' is not a badge UID (1-31 letters or digits); line skipped",
		          s->path, s->line, r->id, uid);
		s->bad_lines++;
		return 0;
	}
	for (size_t i = 0; i < ul; i++)
		out->uid[i] = (char)toupper((unsigned char)uid[i]);
	out->uid[ul] = '\0';
	return 1;
}

static int sim_read(struct reader *r, struct reader_tap *out)
{
	struct sim *s = r->priv;
	for (;;) {
		char *nl = memchr(s->buf, '\n', s->len);
		if (nl || (s->eof && s->len)) {
			size_t ll = nl ? (size_t)(nl - s->buf) : s->len;
			char line[LINE_MAX_LEN + 1];
			int got = 0;
			s->line++;
			if (ll > LINE_MAX_LEN) {
				log_warnx("%s:%lu: reader %s: line longer than %d bytes; skipped", s->path,
				          s->line, r->id, LINE_MAX_LEN);
				s->bad_lines++;
			} else {
				memcpy(line, s->buf, ll);
				line[ll] = '\0';
				got = parse_line(r, s, line, out);
			}
			size_t used = nl ? ll + 1 : ll;
			memmove(s->buf, s->buf + used, s->len - used);
			s->len -= used;
			if (got)
				return 1;
			continue;
		}
		if (s->eof)
			return 0;
		if (s->len == sizeof s->buf) {   /* one line fills the buffer: drop it up to its end */
			log_warnx("%s:%lu: reader %s: line too long; skipped", s->path, s->line + 1, r->id);
			s->len = 0;
			s->bad_lines++;
		}
		ssize_t n = read(s->fd, s->buf + s->len, sizeof s->buf - s->len);
		if (n > 0) {
			s->len += (size_t)n;
			continue;
		}
		if (n == 0 && !s->is_fifo) {
			s->eof = 1;
			reader_set_state(r, READER_DONE, "end of %s", s->path);
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			reader_set_state(r, READER_ERROR, "%s: %s", s->path, strerror(errno));
			return -errno;
		}
		return 0;
	}
}

static void sim_feedback(struct reader *r, enum feedback_outcome o, const char *detail)
{
	struct sim *s = r->priv;
	if (!s || s->fb_fd < 0)
		return;
	char line[256];
	int n = snprintf(line, sizeof line, "%s %s\n", feedback_outcome_name(o), detail ? detail : "");
	if (n > 0 && write(s->fb_fd, line, (size_t)n) < 0) {
		/* a full FIFO nobody reads: the door display is behind, the tap is not affected */
	}
}

const struct reader_driver reader_driver_sim = {
	.name = "sim",
	.configure = sim_configure,
	.open = sim_open,
	.close = sim_close,
	.fd = sim_fd,
	.read = sim_read,
	.feedback = sim_feedback,
	.files = sim_files,
};
