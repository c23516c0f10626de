/*
 * migrations.h - the schema, as numbered SQL files from share/migrations/
 * compiled into the library by tools/embed-sql.sh (migrations.c is built).
 */
#ifndef SHEQU_MIGRATIONS_H
#define SHEQU_MIGRATIONS_H

#include <stddef.h>

/* One migration: NNN-name.sql becomes version NNN. */
struct shequ_migration {
	int version;	  /* the user_version it brings the database to */
	const char *name; /* the file name, for messages */
	const char *sql;  /* the statements */
};

/* In ascending version order; gaps are allowed. */
extern const struct shequ_migration shequ_migrations[];
extern const size_t shequ_migrations_count;

#endif
