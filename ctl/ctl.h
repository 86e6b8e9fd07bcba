/* attendctl: shared pieces of the subcommands. */
#ifndef ATTEND_CTL_H
#define ATTEND_CTL_H

#include <libpq-fe.h>
#include <stdbool.h>

struct ctl {
	const char *conninfo;   /* -d; NULL = libpq's defaults (PGHOST, PGDATABASE, peer user...) */
	const char *sql_dir;    /* --sql-dir; default DATADIR/sql */
	bool quiet;
	PGconn *db;             /* opened on first use */
};

struct ctl_command {
	const char *name;
	int (*run)(struct ctl *c, int argc, char **argv);
	const char *summary;
};

/* Connects (once); prints the reason and returns NULL on failure. */
PGconn *ctl_db(struct ctl *c);
/* Runs one statement; on failure prints "attendctl: <what>: <server message>" and returns NULL. */
PGresult *ctl_exec(struct ctl *c, const char *what, const char *sql, int nparams,
                   const char *const *params);

int cmd_migrate(struct ctl *c, int argc, char **argv);

#endif
