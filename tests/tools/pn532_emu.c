/* PN532 wire emulator (see pn532_emu.h).  Frame layout, from the PN532 user manual:
 *     00 00 FF LEN LCS TFI PD0..PDn DCS 00        normal frame, LEN + LCS = 0 (mod 256)
 *     00 00 FF FF FF LENM LENL LCS TFI ... DCS 00 extended frame
 *     00 00 FF 00 FF 00                           ACK (host to chip: abort the running command)
 *     00 00 FF FF 00 00                           NACK (host: send the last answer again)
 * TFI is D4 host to chip and D5 chip to host; an answer's command code is the request's + 1;
 * TFI + data + DCS = 0 (mod 256).  The chip ACKs every good frame before it answers.  A host
 * wakes the chip from low-battery mode with 55 55 00 00 00 ..., which the frame scanner skips. */
#include "tests/tools/pn532_emu.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define IN_MAX     1024
#define POLL_UNIT_MS 150   /* InAutoPoll's Period is in units of 150 ms */

struct pn532_emu {
	int master, slave;     /* the slave is held open so the master never reads EIO */
	int ctl[2];            /* wakes the thread when the script changes something */
	pthread_t thread;
	pthread_mutex_t mu;
	/* under mu */
	uint8_t uid[10];
	size_t uidlen;
	uint16_t atqa;
	uint8_t sak;
	enum pn532_emu_fault fault;
	bool stop;
	unsigned gen;                /* bumped whenever the tag changes */
	unsigned counts[257];
	/* the thread's own */
	uint8_t in[IN_MAX];
	size_t inlen;
	uint8_t regs[65536];
	uint8_t last[300];
	size_t lastlen;
	bool selected;               /* the tag of generation sel_gen was activated */
	unsigned sel_gen;
	uint8_t mxrty_passive;       /* RFConfiguration MaxRetries; 0xFF: wait for a tag */
	int pending;                 /* 0, or the command waiting for a tag (0x4A or 0x60) */
	int64_t deadline_ms;         /* -1: none */
	uint8_t types[16];
	size_t ntypes;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void send_raw(struct pn532_emu *e, const uint8_t *b, size_t n)
{
	while (n) {
		ssize_t w = write(e->master, b, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		b += w;
		n -= (size_t)w;
	}
}

static void send_ack(struct pn532_emu *e)
{
	static const uint8_t ack[] = { 0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00 };
	send_raw(e, ack, sizeof ack);
}

/* An answer frame for cmd with n bytes of data. */
static void answer(struct pn532_emu *e, uint8_t cmd, const uint8_t *d, size_t n)
{
	uint8_t *f = e->last;
	size_t len = n + 2, k = 0;
	uint8_t sum = (uint8_t)(0xD5 + cmd + 1);
	f[k++] = 0x00; f[k++] = 0x00; f[k++] = 0xFF;
	f[k++] = (uint8_t)len;
	f[k++] = (uint8_t)(0x100 - len);
	f[k++] = 0xD5;
	f[k++] = (uint8_t)(cmd + 1);
	for (size_t i = 0; i < n; i++) {
		f[k++] = d[i];
		sum = (uint8_t)(sum + d[i]);
	}
	f[k++] = (uint8_t)(0x100 - sum);
	f[k++] = 0x00;
	e->lastlen = k;
	send_raw(e, f, k);
}

static void syntax_error(struct pn532_emu *e)
{
	static const uint8_t err[] = { 0x00, 0x00, 0xFF, 0x01, 0xFF, 0x7F, 0x81, 0x00 };
	send_raw(e, err, sizeof err);
}

/* The UID as an initiator sends it to select one tag: with cascade tags (0x88). */
static size_t cascaded(const struct pn532_emu *e, uint8_t *out)
{
	size_t k = 0;
	if (e->uidlen == 4) {
		memcpy(out, e->uid, 4);
		return 4;
	}
	out[k++] = 0x88;
	memcpy(out + k, e->uid, 3);
	k += 3;
	if (e->uidlen == 7) {
		memcpy(out + k, e->uid + 3, 4);
		return k + 4;
	}
	out[k++] = 0x88;
	memcpy(out + k, e->uid + 3, 3);
	k += 3;
	memcpy(out + k, e->uid + 6, 4);
	return k + 4;
}

/* Tg, SENS_RES, SEL_RES, NFCID1 length and bytes, then the ATS for an ISO14443-4 tag. */
static size_t target_data(const struct pn532_emu *e, uint8_t *out)
{
	size_t k = 0;
	out[k++] = 0x01;
	out[k++] = (uint8_t)(e->atqa >> 8);
	out[k++] = (uint8_t)(e->atqa & 0xFF);
	out[k++] = e->sak;
	out[k++] = (uint8_t)e->uidlen;
	memcpy(out + k, e->uid, e->uidlen);
	k += e->uidlen;
	if (e->sak & 0x20) {
		static const uint8_t ats[] = { 0x05, 0x78, 0x80, 0x70, 0x02 };   /* TL counts itself */
		memcpy(out + k, ats, sizeof ats);
		k += sizeof ats;
	}
	return k;
}

/* The InAutoPoll type that reports this tag, or -1 if none of the requested types fits. */
static int autopoll_type(const struct pn532_emu *e)
{
	for (size_t i = 0; i < e->ntypes; i++) {
		uint8_t t = e->types[i];
		if (t == 0x00 || t == 0x10 || (t == 0x20 && (e->sak & 0x20)))
			return t;
	}
	return -1;
}

/* Answers the command that waits for a tag, if the tag (or the deadline) is there. */
static void serve_pending(struct pn532_emu *e, bool timed_out)
{
	uint8_t d[64];
	size_t k = 0;
	pthread_mutex_lock(&e->mu);
	bool present = e->uidlen > 0 && e->fault == PN532_EMU_OK;
	if (e->fault != PN532_EMU_OK) {
		pthread_mutex_unlock(&e->mu);
		return;   /* a hung chip answers nothing, ever */
	}
	int type = e->pending == 0x60 && present ? autopoll_type(e) : -1;
	if (e->pending == 0x60 && type >= 0) {
		d[k++] = 1;
		d[k++] = (uint8_t)type;
		size_t n = target_data(e, d + k + 1);
		d[k++] = (uint8_t)n;
		k += n;
	} else if (e->pending == 0x4A && present) {
		d[k++] = 1;
		k += target_data(e, d + k);
	} else if (!timed_out) {
		pthread_mutex_unlock(&e->mu);
		return;
	} else {
		d[k++] = 0;
	}
	unsigned gen = e->gen;
	pthread_mutex_unlock(&e->mu);
	uint8_t cmd = (uint8_t)e->pending;
	e->pending = 0;
	e->deadline_ms = -1;
	if (d[0]) {
		e->selected = true;
		e->sel_gen = gen;
	}
	answer(e, cmd, d, k);
}

static void handle(struct pn532_emu *e, uint8_t cmd, const uint8_t *p, size_t n)
{
	uint8_t d[300];
	size_t k = 0;
	pthread_mutex_lock(&e->mu);
	bool present = e->uidlen > 0;
	if (e->gen != e->sel_gen)
		e->selected = false;   /* another tag, or none: nothing is activated any more */
	pthread_mutex_unlock(&e->mu);

	switch (cmd) {
	case 0x00:   /* Diagnose: 0x00 echoes (communication test); 0x06 tells if the tag answers */
		if (n && p[0] == 0x06) {
			d[k++] = present && e->selected ? 0x00 : 0x01;
		} else {
			memcpy(d, p, n);
			k = n;
		}
		break;
	case 0x02:   /* GetFirmwareVersion: IC PN532, version 1.6, supports ISO A, B and 18092 */
		d[k++] = 0x32; d[k++] = 0x01; d[k++] = 0x06; d[k++] = 0x07;
		break;
	case 0x04:   /* GetGeneralStatus */
		d[k++] = 0x00;
		d[k++] = 0x01;
		d[k++] = e->selected ? 1 : 0;
		if (e->selected) {
			d[k++] = 0x01; d[k++] = 0x00; d[k++] = 0x00; d[k++] = 0x00;
		}
		d[k++] = 0x00;
		break;
	case 0x06:   /* ReadRegister: ADRH ADRL pairs */
		for (size_t i = 0; i + 1 < n; i += 2)
			d[k++] = e->regs[(p[i] << 8) | p[i + 1]];
		break;
	case 0x08:   /* WriteRegister: ADRH ADRL VAL triples */
		for (size_t i = 0; i + 2 < n; i += 3)
			e->regs[(p[i] << 8) | p[i + 1]] = p[i + 2];
		break;
	case 0x0C:   /* ReadGPIO: P3, P7, I0I1 */
		d[k++] = 0x3F; d[k++] = 0x06; d[k++] = 0x00;
		break;
	case 0x0E: case 0x10: case 0x12: case 0x14:   /* WriteGPIO, SetSerialBaudRate, SetParameters, SAMConfiguration */
		break;
	case 0x16:   /* PowerDown */
		d[k++] = 0x00;
		break;
	case 0x32:   /* RFConfiguration; item 0x05 = MaxRetries (ATR, PSL, passive activation) */
		if (n >= 4 && p[0] == 0x05)
			e->mxrty_passive = p[3];
		if (n >= 2 && p[0] == 0x01 && !(p[1] & 0x01))
			e->selected = false;   /* RF field off: every tag resets */
		break;
	case 0x4A: { /* InListPassiveTarget: MaxTg BrTy [InitiatorData] */
		if (n < 2 || p[1] != 0x00) {
			d[k++] = 0;
			break;
		}
		uint8_t want[16];
		size_t wn = cascaded(e, want);
		bool match = present && (n == 2 || (n - 2 == wn && !memcmp(p + 2, want, wn)));
		if (!match && e->mxrty_passive == 0xFF && n == 2) {
			e->pending = 0x4A;
			e->deadline_ms = -1;
			return;
		}
		if (match) {
			d[k++] = 1;
			k += target_data(e, d + k);
			e->selected = true;
			e->sel_gen = e->gen;
		} else {
			d[k++] = 0;
		}
		break;
	}
	case 0x60: { /* InAutoPoll: PollNr Period Type... */
		if (n < 3) {
			syntax_error(e);
			return;
		}
		e->ntypes = n - 2 < sizeof e->types ? n - 2 : sizeof e->types;
		memcpy(e->types, p + 2, e->ntypes);
		e->pending = 0x60;
		e->deadline_ms = p[0] == 0xFF ? -1
		               : now_ms() + (int64_t)p[0] * p[1] * POLL_UNIT_MS * (int64_t)e->ntypes;
		serve_pending(e, false);
		return;
	}
	case 0x40:   /* InDataExchange: Tg data...; READ (0x30) gives 16 bytes */
		if (!present || !e->selected) {
			d[k++] = 0x01;   /* time out: nobody answered */
			break;
		}
		d[k++] = 0x00;
		if (n >= 2 && p[1] == 0x30) {
			memset(d + k, 0, 16);
			memcpy(d + k, e->uid, e->uidlen);
			k += 16;
		}
		break;
	case 0x42:   /* InCommunicateThru: an R(NACK) is answered with R(ACK), same block number */
		if (!present || !e->selected) {
			d[k++] = 0x01;
			break;
		}
		d[k++] = 0x00;
		if (n >= 1 && (p[0] & 0xF6) == 0xB2)
			d[k++] = (uint8_t)(0xA2 | (p[0] & 0x01));
		break;
	case 0x44: case 0x52:   /* InDeselect, InRelease */
		e->selected = false;
		d[k++] = 0x00;
		break;
	case 0x54:   /* InSelect */
		e->selected = present;
		d[k++] = present ? 0x00 : 0x01;
		break;
	default:
		syntax_error(e);
		return;
	}
	answer(e, cmd, d, k);
}

/* Takes every complete frame out of the input buffer. */
static void scan(struct pn532_emu *e)
{
	for (;;) {
		size_t i = 0;
		while (i + 1 < e->inlen && !(e->in[i] == 0x00 && e->in[i + 1] == 0xFF))
			i++;
		if (i + 1 >= e->inlen) {   /* keep a trailing 00: it may start a frame */
			bool keep = e->inlen && e->in[e->inlen - 1] == 0x00;
			e->in[0] = 0x00;
			e->inlen = keep ? 1 : 0;
			return;
		}
		memmove(e->in, e->in + i, e->inlen - i);
		e->inlen -= i;
		const uint8_t *f = e->in;
		if (e->inlen < 4)
			return;
		size_t hdr = 4, len = f[2];
		if (f[2] == 0x00 && f[3] == 0xFF) {          /* ACK: the host aborts the running command */
			e->pending = 0;
			e->deadline_ms = -1;
			size_t used = e->inlen >= 5 ? 5 : 4;
			memmove(e->in, e->in + used, e->inlen - used);
			e->inlen -= used;
			continue;
		}
		if (f[2] == 0xFF && f[3] == 0x00) {          /* NACK: say it again */
			send_raw(e, e->last, e->lastlen);
			memmove(e->in, e->in + 4, e->inlen - 4);
			e->inlen -= 4;
			continue;
		}
		if (f[2] == 0xFF && f[3] == 0xFF) {          /* extended frame */
			if (e->inlen < 7)
				return;
			len = (size_t)(f[4] << 8 | f[5]);
			hdr = 7;
			if ((uint8_t)(f[4] + f[5] + f[6]) != 0)
				len = 0;
		} else if ((uint8_t)(f[2] + f[3]) != 0) {
			len = 0;
		}
		if (len < 2 || hdr + len + 1 > IN_MAX) {   /* not a frame: skip its start code */
			memmove(e->in, e->in + 2, e->inlen - 2);
			e->inlen -= 2;
			continue;
		}
		if (e->inlen < hdr + len + 1)
			return;
		uint8_t sum = 0;
		for (size_t k = 0; k <= len; k++)
			sum = (uint8_t)(sum + f[hdr + k]);
		uint8_t tfi = f[hdr], cmd = f[hdr + 1];
		uint8_t frame[IN_MAX];
		size_t pn = len - 2;
		memcpy(frame, f + hdr + 2, pn);
		size_t used = hdr + len + 1;
		if (e->inlen > used && e->in[used] == 0x00)
			used++;   /* postamble */
		memmove(e->in, e->in + used, e->inlen - used);
		e->inlen -= used;
		if (sum != 0 || tfi != 0xD4)
			continue;   /* a real chip would NACK; libnfc then times out and retries */

		pthread_mutex_lock(&e->mu);
		e->counts[cmd]++;
		e->counts[256]++;
		enum pn532_emu_fault fault = e->fault;
		pthread_mutex_unlock(&e->mu);
		if (fault == PN532_EMU_DEAD)
			continue;
		send_ack(e);
		e->pending = 0;   /* a new command replaces one that waited */
		e->deadline_ms = -1;
		if (fault == PN532_EMU_HANG)
			continue;
		handle(e, cmd, frame, pn);
	}
}

static void *serve(void *arg)
{
	struct pn532_emu *e = arg;
	for (;;) {
		int timeout = -1;
		if (e->pending && e->deadline_ms >= 0) {
			int64_t left = e->deadline_ms - now_ms();
			timeout = left > 0 ? (int)left : 0;
		}
		struct pollfd pfd[2] = { { .fd = e->master, .events = POLLIN }, { .fd = e->ctl[0], .events = POLLIN } };
		if (poll(pfd, 2, timeout) < 0 && errno != EINTR)
			break;
		if (pfd[1].revents & POLLIN) {
			char buf[64];
			if (read(e->ctl[0], buf, sizeof buf) < 0) {
				/* nothing: another wake took it */
			}
			pthread_mutex_lock(&e->mu);
			bool stop = e->stop;
			pthread_mutex_unlock(&e->mu);
			if (stop)
				break;
			if (e->pending)
				serve_pending(e, false);
		}
		if (pfd[0].revents & POLLIN) {
			ssize_t n = read(e->master, e->in + e->inlen, sizeof e->in - e->inlen);
			if (n > 0) {
				e->inlen += (size_t)n;
				scan(e);
				if (e->inlen == sizeof e->in)
					e->inlen = 0;   /* garbage without a frame in it */
			}
		}
		if (e->pending && e->deadline_ms >= 0 && now_ms() >= e->deadline_ms)
			serve_pending(e, true);
	}
	return NULL;
}

static void wake(struct pn532_emu *e)
{
	if (write(e->ctl[1], "x", 1) < 0) {
		/* the pipe is full: the thread is awake anyway */
	}
}

int pn532_emu_start(struct pn532_emu **ret, char *path, size_t pathlen)
{
	struct pn532_emu *e = calloc(1, sizeof *e);
	if (!e)
		return -ENOMEM;
	e->master = e->slave = e->ctl[0] = e->ctl[1] = -1;
	e->deadline_ms = -1;
	e->mxrty_passive = 0xFF;   /* the chip's power-on default */
	pthread_mutex_init(&e->mu, NULL);
	int rc = -EIO;
	e->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (e->master < 0 || grantpt(e->master) || unlockpt(e->master) ||
	    ptsname_r(e->master, path, pathlen) != 0)
		goto fail;
	e->slave = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (e->slave < 0)
		goto fail;
	struct termios t;
	if (tcgetattr(e->slave, &t) == 0) {   /* raw: no echo, no line editing before libnfc opens it */
		cfmakeraw(&t);
		tcsetattr(e->slave, TCSANOW, &t);
	}
	if (pipe2(e->ctl, O_CLOEXEC | O_NONBLOCK) != 0)
		goto fail;
	if (pthread_create(&e->thread, NULL, serve, e) != 0)
		goto fail;
	*ret = e;
	return 0;
fail:
	rc = errno ? -errno : rc;
	for (int *fd = &e->master; fd <= &e->slave; fd++)
		if (*fd >= 0)
			close(*fd);
	if (e->ctl[0] >= 0) {
		close(e->ctl[0]);
		close(e->ctl[1]);
	}
	pthread_mutex_destroy(&e->mu);
	free(e);
	return rc;
}

void pn532_emu_stop(struct pn532_emu *e)
{
	if (!e)
		return;
	pthread_mutex_lock(&e->mu);
	e->stop = true;
	pthread_mutex_unlock(&e->mu);
	wake(e);
	pthread_join(e->thread, NULL);
	close(e->master);
	close(e->slave);
	close(e->ctl[0]);
	close(e->ctl[1]);
	pthread_mutex_destroy(&e->mu);
	free(e);
}

void pn532_emu_set_tag(struct pn532_emu *e, const uint8_t *uid, size_t n, uint16_t atqa, uint8_t sak)
{
	pthread_mutex_lock(&e->mu);
	if (n > sizeof e->uid)
		n = 0;
	if (n)
		memcpy(e->uid, uid, n);
	e->uidlen = n;
	e->atqa = atqa;
	e->sak = sak;
	e->gen++;
	pthread_mutex_unlock(&e->mu);
	wake(e);
}

void pn532_emu_set_fault(struct pn532_emu *e, enum pn532_emu_fault f)
{
	pthread_mutex_lock(&e->mu);
	e->fault = f;
	pthread_mutex_unlock(&e->mu);
	wake(e);
}

unsigned pn532_emu_count(struct pn532_emu *e, unsigned cmd)
{
	pthread_mutex_lock(&e->mu);
	unsigned n = cmd <= 256 ? e->counts[cmd] : 0;
	pthread_mutex_unlock(&e->mu);
	return n;
}
