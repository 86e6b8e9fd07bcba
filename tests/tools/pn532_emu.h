/* A PN532 emulated at the wire: the UART frame protocol on a pseudo-terminal, so that libnfc's
 * real pn532_uart driver, opened with "pn532_uart:<path>", talks to it.  Tests script what the
 * antenna sees (a tag comes, stays, leaves) and how the chip misbehaves (hangs, comes back).
 *
 * It answers what libnfc sends to a PN532 used as an initiator: wake-up, ACK/NACK, Diagnose,
 * GetFirmwareVersion, GetGeneralStatus, Read/WriteRegister, Read/WriteGPIO, SetParameters,
 * SAMConfiguration, PowerDown, RFConfiguration, InListPassiveTarget, InAutoPoll,
 * InDataExchange, InCommunicateThru, InDeselect, InRelease, InSelect.  One ISO14443A tag at a
 * time.  A thread serves the pty; the functions below are safe to call from any thread. */
#ifndef ATTEND_PN532_EMU_H
#define ATTEND_PN532_EMU_H

#include <stddef.h>
#include <stdint.h>

struct pn532_emu;

enum pn532_emu_fault {
	PN532_EMU_OK = 0,
	PN532_EMU_HANG,     /* ACKs each command, then never answers it (a chip hung mid-command) */
	PN532_EMU_DEAD,     /* reads and ignores every byte (a board without power) */
};

/* Opens a pty and starts serving it; path receives the slave's name (/dev/pts/N).  0 or -errno. */
int  pn532_emu_start(struct pn532_emu **ret, char *path, size_t pathlen);
void pn532_emu_stop(struct pn532_emu *e);   /* accepts NULL */

/* Puts a tag on the antenna (replacing any other): uid of 4, 7 or 10 bytes, ATQA, SAK.
 * SAK bit 0x20 makes it ISO14443-4 (it then has an ATS).  n == 0 takes the tag away. */
void pn532_emu_set_tag(struct pn532_emu *e, const uint8_t *uid, size_t n, uint16_t atqa, uint8_t sak);
void pn532_emu_set_fault(struct pn532_emu *e, enum pn532_emu_fault f);
/* How many frames with this command code the host sent (0x100: all commands). */
unsigned pn532_emu_count(struct pn532_emu *e, unsigned cmd);

#endif
