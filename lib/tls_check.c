/* The libcrypto adapter of the start-up check (lib/tls_check.h). */
#include "lib/tls_check.h"

#include <errno.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>

static void asn1_text(const ASN1_TIME *t, char *buf, size_t len)
{
	struct tm tm;
	if (ASN1_TIME_to_tm(t, &tm) == 1)
		strftime(buf, len, "%Y-%m-%d %H:%M:%S UTC", &tm);
	else
		snprintf(buf, len, "(unreadable date)");
}

static void ssl_reason(char *buf, size_t len)
{
	unsigned long e = ERR_get_error();
	snprintf(buf, len, "%s", e ? ERR_reason_error_string(e) : "no PEM certificate in it");
	ERR_clear_error();
}

int tls_check_cert(const char *path, time_t now, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		int e = errno;
		snprintf(err, errlen, "%s", strerror(e));
		return -e;
	}
	int n = 0, rc = 0;
	X509 *x;
	ERR_clear_error();
	while (rc == 0 && (x = PEM_read_X509(f, NULL, NULL, NULL))) {
		n++;
		char subject[256], when[40];
		X509_NAME_oneline(X509_get_subject_name(x), subject, sizeof subject);
		time_t t = now;
		if (X509_cmp_time(X509_get0_notAfter(x), &t) < 0) {
			asn1_text(X509_get0_notAfter(x), when, sizeof when);
			snprintf(err, errlen, "certificate %d (%s) expired on %s", n, subject, when);
			rc = -EINVAL;
		} else if (X509_cmp_time(X509_get0_notBefore(x), &t) > 0) {
			asn1_text(X509_get0_notBefore(x), when, sizeof when);
			snprintf(err, errlen, "certificate %d (%s) is not valid before %s (is the clock right?)",
			         n, subject, when);
			rc = -EINVAL;
		}
		X509_free(x);
	}
	/* the loop ends with "no start line" at the end of the file: an error only before the first */
	if (rc == 0 && n == 0) {
		char why[160];
		ssl_reason(why, sizeof why);
		snprintf(err, errlen, "not a PEM certificate: %s", why);
		rc = -EINVAL;
	}
	ERR_clear_error();
	fclose(f);
	return rc;
}

int tls_check_key(const char *key_path, const char *cert_path, char *err, size_t errlen)
{
	FILE *kf = fopen(key_path, "re");
	if (!kf) {
		int e = errno;
		snprintf(err, errlen, "%s", strerror(e));
		return -e;
	}
	ERR_clear_error();
	EVP_PKEY *key = PEM_read_PrivateKey(kf, NULL, NULL, NULL);
	fclose(kf);
	if (!key) {
		char why[160];
		ssl_reason(why, sizeof why);
		snprintf(err, errlen, "not a PEM private key (or one with a passphrase): %s", why);
		return -EINVAL;
	}
	int rc = 0;
	FILE *cf = cert_path ? fopen(cert_path, "re") : NULL;
	X509 *x = cf ? PEM_read_X509(cf, NULL, NULL, NULL) : NULL;
	if (cf)
		fclose(cf);
	if (x && X509_check_private_key(x, key) != 1) {
		snprintf(err, errlen, "this key does not belong to the certificate %s", cert_path);
		rc = -EINVAL;
	}
	ERR_clear_error();
	X509_free(x);
	EVP_PKEY_free(key);
	return rc;
}
