/* Pure pieces of the libnfc driver, apart so they are tested without a device. */
#ifndef ATTEND_NFC_UTIL_H
#define ATTEND_NFC_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include <nfc/nfc-types.h>

#include "readers/reader.h"

#define NFC_TYPES_MAX 6

/* The badge UID of a target libnfc found (ISO14443A NFCID1 of 4, 7 or 10 bytes; FeliCa IDm;
 * ISO14443B PUPI; ...), as upper-case hex.  0, -ENOTSUP for a kind without one, -EINVAL. */
int nfc_target_uid(const nfc_target *t, char out[READER_UID_MAX]);

/* "iso14443a,felica,iso14443b,jewel" -> modulations to poll for.  Returns how many, or -EINVAL
 * (with the bad word in err). */
int nfc_types_parse(const char *s, nfc_modulation out[NFC_TYPES_MAX], char *err, size_t errlen);

/* The device file of a connstring that names one ("pn532_uart:/dev/ttyUSB0:115200" ->
 * "/dev/ttyUSB0"); false for one that does not ("acr122_usb", a bare driver name). */
bool nfc_connstring_device(const char *connstring, char *out, size_t len);

/* Why no reader can be had, when something else on the host holds it: the kernel's pn533
 * driver or pcscd.  root is "/" (or a test tree holding sys/module and proc).  Fills why with
 * the cause and the fix and returns how many holders it found (0: why is empty). */
int nfc_diag_holders(const char *root, char *why, size_t len);

#endif
