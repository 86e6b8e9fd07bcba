/* The answer at the door on a GPIO line (a LED, a buzzer or a door display's input), through
 * libgpiod — for readers with no indicator of their own (PN532 boards on a Raspberry Pi, or an
 * ACR122U, whose LED libnfc cannot reach).  Any reader may have one: options
 *   gpio_accepted = <chip>:<line>   pulsed for an accepted tap
 *   gpio_unknown  = <chip>:<line>   pulsed for an unknown badge (default: the refused line)
 *   gpio_refused  = <chip>:<line>   pulsed when a tap is refused (journal full, fault)
 *   gpio_pulse_ms = 300             how long a pulse lasts (20..5000)
 * <chip> is what gpiod_chip_open_lookup() takes: gpiochip0, 0, a label or a /dev path.
 * Pulses never block: the line goes high at once and low at the next tick after its time. */
#ifndef ATTEND_GPIO_FEEDBACK_H
#define ATTEND_GPIO_FEEDBACK_H

#include <stddef.h>
#include <stdint.h>

#include "readers/reader.h"

struct gpio_feedback;

/* 1 if key is a gpio_* option (handled, or an error in err with -1), 0 if not ours. */
int  gpio_feedback_configure(struct gpio_feedback **g, const char *key, const char *value,
                             char *err, size_t errlen);
/* Requests the configured lines as outputs, low.  0 or -1 with a message.  NULL g: nothing. */
/* The chips' device files (/dev/gpiochipN, for a chip named gpiochipN, N or a /dev path; a chip
 * named by its label is found only at open and is left out); how many, at most max. */
size_t gpio_feedback_files(const struct gpio_feedback *g, struct reader_file *out, size_t max);
int  gpio_feedback_open(struct gpio_feedback *g, const char *consumer, char *err, size_t errlen);
/* Raises the outcome's line; returns -1 if the line could not be set (logged by the caller). */
int  gpio_feedback_signal(struct gpio_feedback *g, enum feedback_outcome o, int64_t now_ms);
/* Lowers lines whose pulse is over. */
void gpio_feedback_tick(struct gpio_feedback *g, int64_t now_ms);
/* When the next line must go low, or -1 if none is high. */
int64_t gpio_feedback_deadline(const struct gpio_feedback *g);
void gpio_feedback_free(struct gpio_feedback *g);

#endif
