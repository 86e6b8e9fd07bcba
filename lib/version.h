/* The program version, one for the whole tree: in the last will (docs/wire.md) and wherever a
 * program says which it is.  A build may set it (-DATTEND_VERSION='"…"', e.g. from
 * debian/changelog); otherwise this one. */
#ifndef ATTEND_VERSION_H
#define ATTEND_VERSION_H

#ifndef ATTEND_VERSION
#define ATTEND_VERSION "0.1.0"
#endif

#endif
