/* schema.h - the migration steps of the local database (see schema.c). */
#ifndef CSCONSOLE_SCHEMA_H
#define CSCONSOLE_SCHEMA_H

/* The latest schema version (the number of migration steps). */
int schema_version(void);
/* SQL taking the schema from from_version to from_version + 1, or NULL. */
const char *schema_migration(int from_version);

#endif
