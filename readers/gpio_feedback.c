/* libgpiod adapter (v1 API, Debian 12) for door feedback; see gpio_feedback.h. */
#include "readers/gpio_feedback.h"

#include <errno.h>
#include <gpiod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LINE_ACCEPTED, LINE_UNKNOWN, LINE_REFUSED, NLINES };

struct line {
	char chip_name[64];
	unsigned offset;
	int configured;
	struct gpiod_chip *chip;
	struct gpiod_line *line;
	int64_t off_at;          /* -1: low */
};

struct gpio_feedback {
	struct line lines[NLINES];
	long pulse_ms;
};

static int parse_spec(const char *key, const char *v, struct line *l, char *err, size_t errlen)
{
	const char *colon = strrchr(v, ':');
	char *end;
	unsigned long off = colon ? strtoul(colon + 1, &end, 10) : 0;
	if (!colon || colon == v || (size_t)(colon - v) >= sizeof l->chip_name || !colon[1] || *end ||
	    off > 1023) {
		snprintf(err, errlen, "option '%s': value '%s' is not <chip>:<line>, e.g. gpiochip0:17", key, v);
		return -1;
	}
	memcpy(l->chip_name, v, (size_t)(colon - v));
	l->chip_name[colon - v] = '\0';
	l->offset = (unsigned)off;
	l->configured = 1;
	return 0;
}

size_t gpio_feedback_files(const struct gpio_feedback *g, struct reader_file *out, size_t max)
{
	static const char *keys[NLINES] = { "gpio_accepted", "gpio_unknown", "gpio_refused" };
	size_t n = 0;
	for (int i = 0; g && i < NLINES && n < max; i++) {
		const struct line *l = &g->lines[i];
		if (!l->configured)
			continue;
		const char *c = l->chip_name;
		struct reader_file *f = &out[n];
		*f = (struct reader_file){ .option = keys[i], .write = true };
		if (c[0] == '/')
			snprintf(f->path, sizeof f->path, "%s", c);
		else if (!strncmp(c, "gpiochip", 8) || strspn(c, "0123456789") == strlen(c))
			snprintf(f->path, sizeof f->path, "/dev/gpiochip%s", c + (c[0] == 'g' ? 8 : 0));
		else
			continue;   /* a label: libgpiod looks it up at open */
		n++;
	}
	return n;
}

int gpio_feedback_configure(struct gpio_feedback **gp, const char *key, const char *value,
                            char *err, size_t errlen)
{
	static const char *keys[NLINES] = { "gpio_accepted", "gpio_unknown", "gpio_refused" };
	int which = -1;
	for (int i = 0; i < NLINES; i++)
		if (!strcmp(key, keys[i]))
			which = i;
	if (which < 0 && strcmp(key, "gpio_pulse_ms") != 0)
		return strncmp(key, "gpio_", 5) == 0 ?
		       (snprintf(err, errlen, "unknown option '%s' (gpio_accepted, gpio_unknown, "
		                 "gpio_refused, gpio_pulse_ms)", key), -1) : 0;
	if (!*gp) {
		*gp = calloc(1, sizeof **gp);
		if (!*gp) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		(*gp)->pulse_ms = 300;
		for (int i = 0; i < NLINES; i++)
			(*gp)->lines[i].off_at = -1;
	}
	struct gpio_feedback *g = *gp;
	if (which < 0) {
		char *end;
		long ms = strtol(value, &end, 10);
		if (!*value || *end || ms < 20 || ms > 5000) {
			snprintf(err, errlen, "option '%s': value '%s' is not a whole number from 20 to 5000", key, value);
			return -1;
		}
		g->pulse_ms = ms;
		return 1;
	}
	return parse_spec(key, value, &g->lines[which], err, errlen) == 0 ? 1 : -1;
}

int gpio_feedback_open(struct gpio_feedback *g, const char *consumer, char *err, size_t errlen)
{
	if (!g)
		return 0;
	for (int i = 0; i < NLINES; i++) {
		struct line *l = &g->lines[i];
		if (!l->configured)
			continue;
		l->chip = gpiod_chip_open_lookup(l->chip_name);
		if (!l->chip) {
			snprintf(err, errlen, "GPIO chip '%s': %s (is the attendd user in group gpio?)",
			         l->chip_name, strerror(errno));
			return -1;
		}
		l->line = gpiod_chip_get_line(l->chip, l->offset);
		if (!l->line || gpiod_line_request_output(l->line, consumer, 0) != 0) {
			snprintf(err, errlen, "GPIO %s:%u: %s (in use by another program?)", l->chip_name,
			         l->offset, strerror(errno));
			return -1;
		}
	}
	return 0;
}

int gpio_feedback_signal(struct gpio_feedback *g, enum feedback_outcome o, int64_t now_ms)
{
	if (!g)
		return 0;
	int which = o == FEEDBACK_ACCEPTED ? LINE_ACCEPTED : o == FEEDBACK_UNKNOWN ? LINE_UNKNOWN : LINE_REFUSED;
	if (which == LINE_UNKNOWN && !g->lines[which].line)
		which = LINE_REFUSED;   /* two-colour hardware: an unknown badge is not a yes */
	struct line *l = &g->lines[which];
	if (!l->line)
		return 0;
	if (gpiod_line_set_value(l->line, 1) != 0)
		return -1;
	l->off_at = now_ms + g->pulse_ms;
	return 0;
}

void gpio_feedback_tick(struct gpio_feedback *g, int64_t now_ms)
{
	if (!g)
		return;
	for (int i = 0; i < NLINES; i++) {
		struct line *l = &g->lines[i];
		if (l->line && l->off_at >= 0 && now_ms >= l->off_at) {
			gpiod_line_set_value(l->line, 0);
			l->off_at = -1;
		}
	}
}

int64_t gpio_feedback_deadline(const struct gpio_feedback *g)
{
	int64_t d = -1;
	for (int i = 0; g && i < NLINES; i++)
		if (g->lines[i].off_at >= 0 && (d < 0 || g->lines[i].off_at < d))
			d = g->lines[i].off_at;
	return d;
}

void gpio_feedback_free(struct gpio_feedback *g)
{
	if (!g)
		return;
	for (int i = 0; i < NLINES; i++) {
		struct line *l = &g->lines[i];
		if (l->line) {
			gpiod_line_set_value(l->line, 0);
			gpiod_line_release(l->line);
		}
		if (l->chip)
			gpiod_chip_close(l->chip);
	}
	free(g);
}
