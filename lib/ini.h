/* Configuration files are INI, read by inih (Debian's libinih).  This wraps it so that every
 * error names the file, the line, the option and the value. */
#ifndef ATTEND_INI_H
#define ATTEND_INI_H

#include <stdbool.h>
#include <stddef.h>

/* Called once per option.  Return 0, or a negative errno with a message (no file/line: added here). */
typedef int (*ini_option_fn)(void *user, const char *section, const char *name,
                             const char *value, char *err, size_t errlen);

/* 0, or a negative errno (-EINVAL for what the file says, else the system's) with
 * "file:line: message" (or "file: strerror") in err. */
int ini_load(const char *path, ini_option_fn fn, void *user, char *err, size_t errlen);
/* Same, from a string: for tests and fuzzing.  "name" is used in messages. */
int ini_load_string(const char *name, const char *text, ini_option_fn fn, void *user,
                    char *err, size_t errlen);

/* Value helpers: 0, or -EINVAL (-ENOMEM) with "option 'name': value 'v' ..." in err. */
int ini_long(const char *name, const char *value, long min, long max, long *out,
             char *err, size_t errlen);
int ini_bool(const char *name, const char *value, bool *out, char *err, size_t errlen);
/* strdup into *out (freeing the old value); empty -> error unless allow_empty. */
int ini_str(const char *name, const char *value, bool allow_empty, char **out,
            char *err, size_t errlen);

#endif
