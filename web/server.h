/* The server's shared state, handed to every request. */
#ifndef ATTEND_WEB_SERVER_H
#define ATTEND_WEB_SERVER_H

#include "web/ratelimit.h"
#include "web/session.h"
#include "web/web_config.h"

struct web {
	const struct web_config *cfg;
	struct session_table *sessions;
	struct ratelimit *by_user, *by_ip;
};

#endif
