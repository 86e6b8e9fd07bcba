/* The database side of the start-up check (-n, --online): a conninfo that libpq cannot parse
 * is named before the daemon says "ready" and then fails at every attempt. */
#ifndef ATTEND_PG_CHECK_H
#define ATTEND_PG_CHECK_H

#include <stddef.h>

/* 0, or -EINVAL with libpq's message. */
int pg_check_conninfo(const char *conninfo, char *err, size_t errlen);
/* Files the conninfo names (passfile, sslcert, sslkey, sslrootcert, sslcrl): fn for each. */
void pg_conninfo_files(const char *conninfo, void (*fn)(void *user, const char *keyword,
                       const char *path), void *user);
/* Connects and asks who we are: 0 with "user U on database D at H:P" in who, or -EIO with the
 * server's or libpq's message. */
int pg_check_online(const char *conninfo, char *who, size_t wholen, char *err, size_t errlen);

#endif
