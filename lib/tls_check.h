/* Certificates and keys as OpenSSL's libcrypto reads them: the start-up check (-n) tells an
 * unreadable, malformed or expired file apart before libmosquitto fails on it with "Invalid
 * function arguments provided." and no name. */
#ifndef ATTEND_TLS_CHECK_H
#define ATTEND_TLS_CHECK_H

#include <stddef.h>
#include <time.h>

/* Every certificate in a PEM file (a CA file may hold several; at least one): parses, and is
 * valid at now.  0, or -EINVAL with what is wrong (which certificate, its dates). */
int tls_check_cert(const char *path, time_t now, char *err, size_t errlen);
/* The PEM private key parses and belongs to the first certificate of cert_path.  0 or -EINVAL. */
int tls_check_key(const char *key_path, const char *cert_path, char *err, size_t errlen);

#endif
