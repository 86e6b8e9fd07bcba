/* Finds what else holds an NFC reader: the kernel's NFC stack (pn533_usb binds ACR122U and
 * PN533 boards and keeps libusb from claiming them) or pcscd (which opens an ACR122U through
 * its CCID driver).  Both make libnfc see no device, which an administrator cannot guess from
 * "no reader found"; so the reason names the holder and the fix. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "readers/nfc_util.h"

static int pcscd_running(const char *root)
{
	char path[512];
	snprintf(path, sizeof path, "%s/proc", root);
	DIR *d = opendir(path);
	if (!d)
		return 0;
	int found = 0;
	struct dirent *de;
	while (!found && (de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(path, sizeof path, "%s/proc/%s/comm", root, de->d_name);
		FILE *f = fopen(path, "re");
		if (!f)
			continue;
		char comm[32] = "";
		if (fgets(comm, sizeof comm, f))
			found = !strcmp(comm, "pcscd\n") || !strcmp(comm, "pcscd");
		fclose(f);
	}
	closedir(d);
	return found;
}

int nfc_diag_holders(const char *root, char *why, size_t len)
{
	static const char *const mods[] = { "pn533_usb", "pn533", "port100" };
	char path[512];
	int n = 0;
	size_t off = 0;
	why[0] = '\0';
	for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++) {
		snprintf(path, sizeof path, "%s/sys/module/%s", root, mods[i]);
		if (access(path, F_OK) == 0) {
			off += (size_t)snprintf(why + off, off < len ? len - off : 0,
			        "kernel module %s holds it: install attendd-blacklist-pn533.conf, "
			        "modprobe -r pn533_usb pn533", mods[i]);
			n++;
			break;
		}
	}
	if (pcscd_running(root)) {
		off += (size_t)snprintf(why + off, off < len ? len - off : 0,
		        "%spcscd may hold it: systemctl disable --now pcscd.socket pcscd.service",
		        n ? "; " : "");
		n++;
	}
	return n;
}
