/* Target -> UID, and the configured list of target types.  No I/O. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "readers/nfc_util.h"

int nfc_target_uid(const nfc_target *t, char out[READER_UID_MAX])
{
	const uint8_t *b;
	size_t n;
	switch (t->nm.nmt) {
	case NMT_ISO14443A:
		b = t->nti.nai.abtUid;
		n = t->nti.nai.szUidLen;
		if (n > sizeof t->nti.nai.abtUid)
			return -EINVAL;
		break;
	case NMT_FELICA:            b = t->nti.nfi.abtId;   n = 8; break;
	case NMT_ISO14443B:         b = t->nti.nbi.abtPupi; n = 4; break;
	case NMT_ISO14443BI:        b = t->nti.nii.abtDIV;  n = 4; break;
	case NMT_ISO14443B2SR:      b = t->nti.nsi.abtUID;  n = 8; break;
	case NMT_ISO14443B2CT:      b = t->nti.nci.abtUID;  n = 4; break;
	case NMT_ISO14443BICLASS:   b = t->nti.nhi.abtUID;  n = 8; break;
	case NMT_JEWEL:             b = t->nti.nji.btId;    n = 4; break;
	default:
		return -ENOTSUP;    /* DEP peers and barcodes are not badges */
	}
	return reader_uid_from_bytes(out, b, n);
}

int nfc_types_parse(const char *s, nfc_modulation out[NFC_TYPES_MAX], char *err, size_t errlen)
{
	static const struct { const char *name; nfc_modulation m; } known[] = {
		{ "iso14443a", { NMT_ISO14443A, NBR_106 } },
		{ "felica",    { NMT_FELICA,    NBR_212 } },
		{ "iso14443b", { NMT_ISO14443B, NBR_106 } },
		{ "jewel",     { NMT_JEWEL,     NBR_106 } },
	};
	int n = 0;
	const char *p = s;
	while (*p) {
		size_t len = strcspn(p, ", ");
		if (len) {
			size_t i = 0;
			while (i < sizeof known / sizeof known[0] &&
			       !(strlen(known[i].name) == len && !strncasecmp(known[i].name, p, len)))
				i++;
			if (i == sizeof known / sizeof known[0]) {
				snprintf(err, errlen, "unknown target type '%.*s' (iso14443a, felica, iso14443b, jewel)",
				         (int)len, p);
				return -EINVAL;
			}
			bool dup = false;
			for (int k = 0; k < n; k++)
				dup |= out[k].nmt == known[i].m.nmt;
			if (!dup && n < NFC_TYPES_MAX)
				out[n++] = known[i].m;
		}
		p += len;
		p += strspn(p, ", ");
	}
	if (!n) {
		snprintf(err, errlen, "no target type given");
		return -EINVAL;
	}
	return n;
}

bool nfc_connstring_device(const char *cs, char *out, size_t len)
{
	const char *p = cs ? strchr(cs, ':') : NULL;
	if (!p || p[1] != '/')
		return false;
	size_t n = strcspn(p + 1, ":");
	if (n >= len)
		return false;
	memcpy(out, p + 1, n);
	out[n] = '\0';
	return true;
}
