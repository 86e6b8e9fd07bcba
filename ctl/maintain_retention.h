/* attendctl maintain retention: how long personal data is kept (ctl/maintain_retention.c). */
#ifndef ATTEND_MAINTAIN_RETENTION_H
#define ATTEND_MAINTAIN_RETENTION_H

#include "ctl/ctl.h"

/* argv[0] is "retention": `set AGENCY ...`, `show`, or a run (`--archive-dir DIR`, `--dry-run`). */
int maintain_retention(struct ctl *c, int argc, char **argv);

#endif
