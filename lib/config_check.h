/* The deep start-up check behind `-n` (and `-n --online`): every file the configuration names
 * exists and is readable by the user running the check, a certificate parses and is valid
 * now, a key belongs to its certificate.  Each problem is printed at once, naming the config
 * file and line of the option, the option and the file:
 *   attendd: /etc/attendd/attendd.ini:21: [mqtt] tls_cert '/etc/attendd/gate-a.crt': No such file or directory
 * and counted; the program exits 1 if there was any. */
#ifndef ATTEND_CONFIG_CHECK_H
#define ATTEND_CONFIG_CHECK_H

#include <stdbool.h>

#include "lib/mqtt_config.h"

struct config_check {
	const char *prog;      /* "attendd" */
	const char *path;      /* the config file */
	int problems;
};

/* Prints "prog: path:line: [section] option: message" (":line" when the option is found in the
 * file) and counts it.  section or option may be NULL. */
void check_problem(struct config_check *ck, const char *section, const char *option,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The file exists, is a regular file (or, with dir, a folder) and readable by us. */
bool check_readable(struct config_check *ck, const char *section, const char *option,
                    const char *path, bool dir);
/* A folder we can write in, or one we could create (its parent is writable). */
void check_writable_dir(struct config_check *ck, const char *section, const char *option,
                        const char *path);
/* The folder of a file we replace by rename (a metrics file): writable when it exists; when it
 * does not, only a note (not a problem): systemd makes a unit's RuntimeDirectory at start,
 * before ExecStartPre's -n runs. */
void check_file_folder(struct config_check *ck, const char *section, const char *option,
                       const char *file);
/* The [mqtt] section's files: password_file, tls_ca (certificates valid now), tls_capath,
 * tls_cert (valid now), tls_key (belongs to tls_cert). */
void check_mqtt_files(struct config_check *ck, const struct mqtt_config *c);

/* The line of option in [section] of the INI file at path, or 0 when it is not there. */
int  ini_option_line(const char *path, const char *section, const char *option);

#endif
