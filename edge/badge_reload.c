#include "edge/badge_reload.h"

#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

struct badge_reload {
	int efd;                  /* the loading thread's "done" */
	bool running;             /* a load whose result is not taken yet */
	bool threaded;            /* it runs on r->thread (else it ran inline: no thread to be had) */
	pthread_t thread;
	char *path;               /* of the running load (NULL: an empty cache) */
	bool queued;              /* a newer request came while it ran */
	char *queued_path;
	/* Written by the thread before it signals efd, read after pthread_join. */
	struct badge_cache *result;
	int rc;
	char err[512];
};

static void *load_thread(void *arg)
{
	struct badge_reload *r = arg;
	uint64_t one = 1;
	r->rc = badge_cache_load(&r->result, r->path, r->err, sizeof r->err);
	/* An eventfd write of 8 bytes fails only if the counter would overflow. */
	if (write(r->efd, &one, sizeof one) != (ssize_t)sizeof one)
		abort();
	return NULL;
}

int badge_reload_new(struct badge_reload **ret)
{
	struct badge_reload *r = calloc(1, sizeof *r);
	if (!r)
		return -ENOMEM;
	r->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (r->efd < 0) {
		int e = errno;
		free(r);
		return -e;
	}
	*ret = r;
	return 0;
}

int badge_reload_fd(const struct badge_reload *r)
{
	return r->efd;
}

int badge_reload_busy(const struct badge_reload *r)
{
	return r->running || r->queued;
}

static int copy_path(const char *path, char **out)
{
	*out = NULL;
	if (path && !(*out = strdup(path)))
		return -ENOMEM;
	return 0;
}

/* Takes p.  Never fails: with no thread to be had, the load runs here and now (the door then
 * waits for it, but the new list is not lost). */
static void start_owned(struct badge_reload *r, char *p)
{
	free(r->path);
	r->path = p;
	r->result = NULL;
	r->rc = 0;
	r->err[0] = '\0';
	r->running = true;
	r->threaded = pthread_create(&r->thread, NULL, load_thread, r) == 0;
	if (!r->threaded)
		load_thread(r);
}

int badge_reload_start(struct badge_reload *r, const char *path)
{
	char *p;
	if (copy_path(path, &p) != 0)
		return -ENOMEM;
	if (r->running) {
		free(r->queued_path);
		r->queued_path = p;
		r->queued = true;
	} else {
		start_owned(r, p);
	}
	return 0;
}

int badge_reload_take(struct badge_reload *r, struct badge_cache **ret, char *err, size_t errlen)
{
	uint64_t n;
	if (!r->running || read(r->efd, &n, sizeof n) != (ssize_t)sizeof n)
		return 0;
	if (r->threaded)
		pthread_join(r->thread, NULL);
	r->running = false;
	/* The load parsed on its thread's own malloc arena; what it freed goes back to the
	 * system instead of staying in the RSS of a small board (glibc). */
	malloc_trim(0);
	int rc = r->rc == 0 ? 1 : -1;
	if (rc == 1)
		*ret = r->result;
	else
		snprintf(err, errlen, "%s", r->err);
	r->result = NULL;
	if (r->queued) {
		r->queued = false;
		start_owned(r, r->queued_path);
		r->queued_path = NULL;
	}
	return rc;
}

void badge_reload_free(struct badge_reload *r)
{
	if (!r)
		return;
	if (r->running) {
		if (r->threaded)
			pthread_join(r->thread, NULL);
		badge_cache_free(r->result);
	}
	close(r->efd);
	free(r->path);
	free(r->queued_path);
	free(r);
}
