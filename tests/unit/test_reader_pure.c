/* The readers' pure pieces: UIDs from libnfc targets, target type lists, who holds an NFC
 * reader (on a fake /sys and /proc tree), wedge key codes and EM4100 card number formats. */
#include <errno.h>
#include <linux/input-event-codes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "readers/nfc_util.h"
#include "readers/wedge_keys.h"

static void iso14443a_uids_of_every_size(void **state)
{
	(void)state;
	nfc_target t;
	char uid[READER_UID_MAX];
	memset(&t, 0, sizeof t);
	t.nm.nmt = NMT_ISO14443A;
	const uint8_t b[10] = { 0x04, 0xa1, 0xb2, 0xc3, 0x0d, 0xe0, 0x0f, 0x10, 0x20, 0xff };
	memcpy(t.nti.nai.abtUid, b, sizeof b);
	t.nti.nai.szUidLen = 4;
	assert_int_equal(nfc_target_uid(&t, uid), 0);
	assert_string_equal(uid, "04A1B2C3");
	t.nti.nai.szUidLen = 7;
	assert_int_equal(nfc_target_uid(&t, uid), 0);
	assert_string_equal(uid, "04A1B2C30DE00F");
	t.nti.nai.szUidLen = 10;
	assert_int_equal(nfc_target_uid(&t, uid), 0);
	assert_string_equal(uid, "04A1B2C30DE00F1020FF");
	t.nti.nai.szUidLen = 0;
	assert_int_equal(nfc_target_uid(&t, uid), -EINVAL);
	t.nti.nai.szUidLen = 11;
	assert_int_equal(nfc_target_uid(&t, uid), -EINVAL);
}

static void other_modulations(void **state)
{
	(void)state;
	nfc_target t;
	char uid[READER_UID_MAX];
	memset(&t, 0, sizeof t);
	t.nm.nmt = NMT_FELICA;
	memcpy(t.nti.nfi.abtId, "\x01\x2e\x4c\xa1\x11\x22\x33\x44", 8);
	assert_int_equal(nfc_target_uid(&t, uid), 0);
	assert_string_equal(uid, "012E4CA111223344");
	memset(&t, 0, sizeof t);
	t.nm.nmt = NMT_ISO14443B;
	memcpy(t.nti.nbi.abtPupi, "\xde\xad\xbe\xef", 4);
	assert_int_equal(nfc_target_uid(&t, uid), 0);
	assert_string_equal(uid, "DEADBEEF");
	t.nm.nmt = NMT_DEP;
	assert_int_equal(nfc_target_uid(&t, uid), -ENOTSUP);
}

static void target_types(void **state)
{
	(void)state;
	nfc_modulation m[NFC_TYPES_MAX];
	char err[128];
	assert_int_equal(nfc_types_parse("iso14443a", m, err, sizeof err), 1);
	assert_int_equal(m[0].nmt, NMT_ISO14443A);
	assert_int_equal(m[0].nbr, NBR_106);
	assert_int_equal(nfc_types_parse("ISO14443A, felica,iso14443a", m, err, sizeof err), 2);
	assert_int_equal(m[1].nmt, NMT_FELICA);
	assert_int_equal(m[1].nbr, NBR_212);
	assert_int_equal(nfc_types_parse("iso14443a,mifare", m, err, sizeof err), -EINVAL);
	assert_non_null(strstr(err, "'mifare'"));
	assert_int_equal(nfc_types_parse(" , ", m, err, sizeof err), -EINVAL);
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void holders_of_the_reader(void **state)
{
	(void)state;
	char root[] = "/tmp/attendd-diag-XXXXXX", p[256], why[400];
	assert_non_null(mkdtemp(root));
	snprintf(p, sizeof p, "%s/proc", root);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/sys", root);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/sys/module", root);
	mkdir(p, 0755);
	assert_int_equal(nfc_diag_holders(root, why, sizeof why), 0);
	assert_string_equal(why, "");

	snprintf(p, sizeof p, "%s/proc/412", root);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/proc/412/comm", root);
	put(p, "pcscd\n");
	assert_int_equal(nfc_diag_holders(root, why, sizeof why), 1);
	assert_non_null(strstr(why, "systemctl disable --now pcscd.socket"));

	snprintf(p, sizeof p, "%s/sys/module/pn533_usb", root);
	mkdir(p, 0755);
	assert_int_equal(nfc_diag_holders(root, why, sizeof why), 2);
	assert_non_null(strstr(why, "pn533_usb holds it"));
	assert_non_null(strstr(why, "attendd-blacklist-pn533.conf"));

	rmdir(p);
	snprintf(p, sizeof p, "%s/proc/412/comm", root);
	unlink(p);
	snprintf(p, sizeof p, "%s/proc/412", root);
	rmdir(p);
	const char *dirs[] = { "proc", "sys/module", "sys", "" };
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof p, "%s/%s", root, dirs[i]);
		rmdir(p);
	}
}

static void wedge_keys(void **state)
{
	(void)state;
	assert_int_equal(wedge_key_char(KEY_0), '0');
	assert_int_equal(wedge_key_char(KEY_9), '9');
	assert_int_equal(wedge_key_char(KEY_1), '1');
	assert_int_equal(wedge_key_char(KEY_KP7), '7');
	assert_int_equal(wedge_key_char(KEY_A), 'A');
	assert_int_equal(wedge_key_char(KEY_F), 'F');
	assert_int_equal(wedge_key_char(KEY_ENTER), WEDGE_ENTER);
	assert_int_equal(wedge_key_char(KEY_KPENTER), WEDGE_ENTER);
	assert_int_equal(wedge_key_char(KEY_LEFTSHIFT), 0);
	assert_int_equal(wedge_key_char(KEY_G), -1);
	assert_int_equal(wedge_key_char(KEY_SPACE), -1);
}

/* attendd -n checks the device a connstring names, and only one it names. */
static void connstring_devices(void **state)
{
	(void)state;
	char d[64];
	assert_true(nfc_connstring_device("pn532_uart:/dev/ttyUSB0:115200", d, sizeof d));
	assert_string_equal(d, "/dev/ttyUSB0");
	assert_true(nfc_connstring_device("pn532_i2c:/dev/i2c-1", d, sizeof d));
	assert_string_equal(d, "/dev/i2c-1");
	assert_false(nfc_connstring_device("acr122_usb", d, sizeof d));
	assert_false(nfc_connstring_device("acr122_usb:001:004", d, sizeof d));
	assert_false(nfc_connstring_device(NULL, d, sizeof d));
	assert_false(nfc_connstring_device("pn532_uart:/dev/ttyUSB0", d, 4));   /* too long: not cut */
}

static void em4100_formats(void **state)
{
	(void)state;
	char uid[READER_UID_MAX];
	enum wedge_format f;
	assert_int_equal(wedge_format_parse("hex", &f), 0);
	assert_int_equal(f, WEDGE_HEX);
	assert_int_equal(wedge_format_parse("decimal", &f), -1);
	assert_int_equal(wedge_card_uid("0012345678", WEDGE_TYPED, uid), 0);
	assert_string_equal(uid, "0012345678");
	assert_int_equal(wedge_card_uid("0A1B2C3D4E", WEDGE_TYPED, uid), 0);   /* readers that type hex */
	assert_string_equal(uid, "0A1B2C3D4E");
	assert_int_equal(wedge_card_uid("0012345678", WEDGE_HEX, uid), 0);
	assert_string_equal(uid, "00BC614E");
	assert_int_equal(wedge_card_uid("4294967295", WEDGE_HEX, uid), 0);
	assert_string_equal(uid, "FFFFFFFF");
	assert_int_equal(wedge_card_uid("4294967296", WEDGE_HEX, uid), -EINVAL);
	assert_int_equal(wedge_card_uid("00123456789", WEDGE_HEX, uid), -EINVAL);
	assert_int_equal(wedge_card_uid("0A1B", WEDGE_HEX, uid), -EINVAL);
	assert_int_equal(wedge_card_uid("", WEDGE_TYPED, uid), -EINVAL);
	assert_int_equal(wedge_card_uid("12 34", WEDGE_TYPED, uid), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(iso14443a_uids_of_every_size),
		cmocka_unit_test(other_modulations),
		cmocka_unit_test(target_types),
		cmocka_unit_test(holders_of_the_reader),
		cmocka_unit_test(wedge_keys),
		cmocka_unit_test(em4100_formats),
		cmocka_unit_test(connstring_devices),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
