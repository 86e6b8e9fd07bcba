/* attend-web: attendd in the browser for HR, unit heads and staff, each logged in as their own
 * database role (docs/web.md).  The HTTP side runs on libmicrohttpd's threads; this thread
 * waits for signals and closes idle sessions. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "lib/cli.h"
#include "lib/clock.h"
#include "lib/log.h"
#include "lib/notify.h"
#include "lib/timeutil.h"
#include "web/http.h"
#include "web/i18n.h"
#include "web/server.h"
#include "web/web_config.h"
#include "web/web_metrics.h"

/* What libmicrohttpd's threads call: the pages, and the metrics around them. */
struct front {
	struct web *w;
	struct web_metrics *metrics;
};

static void on_request(void *user, const struct web_req *rq, struct web_resp *rs)
{
	struct front *f = user;
	int64_t t = now_monotonic_us();
	web_handle(f->w, rq, rs);
	web_metrics_request(f->metrics, rq->method, rq->path, rs->status ? rs->status : 200,
	                    (double)(now_monotonic_us() - t) / 1e6);
}

/* The metrics file, when configured; a failure is said once, until it works again. */
static void write_metrics(const struct web_config *cfg, struct front *f, bool *failing)
{
	char err[512];
	int rc = web_metrics_write(f->metrics, session_count(f->w->sessions), cfg->metrics_file, err, sizeof err);
	if (rc != 0 && !*failing)
		log_warnx("%s", err);
	*failing = rc != 0;
}

static int run(const struct web_config *cfg)
{
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	/* Blocked before libmicrohttpd starts its threads, so they inherit the mask and
	 * signals arrive only here.  SIGPIPE: a browser that goes away mid-answer. */
	pthread_sigmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	int sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sfd < 0) {
		log_warn("signalfd");
		return 1;
	}
	struct web w = {
		.cfg = cfg,
		.sessions = session_table_new((int)cfg->max_sessions, (int)cfg->session_idle),
		/* A person: 5 wrong passwords free, then 1, 2, 4 ... s up to 5 min.  An address
		 * (a whole office behind one NAT): 20 free. */
		.by_user = ratelimit_new(5, 300, 900),
		.by_ip = ratelimit_new(20, 300, 900),
	};
	struct front front = { .w = &w, .metrics = web_metrics_new() };
	bool metrics_failing = false;
	int64_t last_metrics = 0;
	struct http_server *http = NULL;
	char err[512];
	int rc = 1;
	if (!w.sessions || !w.by_user || !w.by_ip || !front.metrics) {
		log_warnx("out of memory");
		goto out;
	}
	if (http_start(&http, cfg->listen, (int)cfg->port, (int)cfg->max_connections, on_request, &front,
	               err, sizeof err) != 0) {
		log_warnx("%s", err);
		goto out;
	}
	log_info("listening on %s port %ld", cfg->listen, cfg->port);
	notify_ready();
	notify_status("listening on %s port %ld", cfg->listen, cfg->port);
	/* Idle sessions are looked for twice per idle period (at most every 30 s), so one closes
	 * at most half a period late; a request on an expired one finds it closed anyway. */
	int sweep_ms = cfg->session_idle * 500 < 30000 ? (int)cfg->session_idle * 500 : 30000;
	if (cfg->metrics_file && cfg->metrics_interval * 1000 < sweep_ms)
		sweep_ms = (int)cfg->metrics_interval * 1000;
	for (;;) {
		struct pollfd p = { .fd = sfd, .events = POLLIN };
		int n = poll(&p, 1, sweep_ms);
		if (n < 0 && errno != EINTR) {
			log_warn("poll");
			break;
		}
		if (n > 0) {
			struct signalfd_siginfo si;
			if (read(sfd, &si, sizeof si) == (ssize_t)sizeof si && si.ssi_signo != SIGHUP) {
				log_info("signal %u: stopping", si.ssi_signo);
				rc = 0;
				break;
			}
		}
		int closed = session_expire(w.sessions);
		if (closed)
			log_info("%d idle session(s) closed", closed);
		notify_status("%d session(s) open", session_count(w.sessions));
		int64_t now = now_monotonic_ms();
		if (cfg->metrics_file && now - last_metrics >= cfg->metrics_interval * 1000) {
			last_metrics = now;
			write_metrics(cfg, &front, &metrics_failing);
		}
	}
	notify_stopping();
out:
	http_stop(http);
	web_metrics_free(front.metrics);
	session_table_free(w.sessions);
	ratelimit_free(w.by_user);
	ratelimit_free(w.by_ip);
	close(sfd);
	return rc;
}

int main(int argc, char **argv)
{
	struct daemon_args a;
	int rc = daemon_args_parse(&a, argc, argv, "attend-web", "/etc/attendd/web.ini", "log every request");
	if (rc >= 0)
		return rc;
	struct web_config cfg;
	char err[512];
	if (web_config_load(&cfg, a.config, err, sizeof err) != 0) {
		fprintf(stderr, "attend-web: %s\n", err);
		return 1;
	}
	if (clock_check_env(err, sizeof err) != 0) {
		fprintf(stderr, "attend-web: %s\n", err);
		web_config_free(&cfg);
		return 1;
	}
	if (a.check) {
		printf("%s: configuration OK (listen %s port %ld, database '%s')\n", a.config, cfg.listen, cfg.port,
		       cfg.conninfo);
		web_config_free(&cfg);
		return 0;
	}
	log_init("attend-web", a.debug ? LOG_TO_STDERR : cfg.log_target, a.verbose || cfg.verbose);
	i18n_init();
	rc = run(&cfg);
	web_config_free(&cfg);
	return rc;
}
