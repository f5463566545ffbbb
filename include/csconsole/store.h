/* store.h - the local SQLite database.
 *
 * One file on local disk, never inside the shared directory (SQLite locking
 * is unreliable on network filesystems and sync tools copy files
 * mid-transaction). Opened with WAL, synchronous=FULL, foreign_keys=ON and a
 * busy timeout; writes go through store_begin() (BEGIN IMMEDIATE). The schema
 * is versioned by PRAGMA user_version; store_open() runs every forward
 * migration in order, each in its own transaction.
 */
#ifndef CSCONSOLE_STORE_H
#define CSCONSOLE_STORE_H

#include <sqlite3.h>
#include <stdint.h>
#include "csconsole/util.h"

struct store_stmt_cache;

struct store {
	sqlite3 *db;
	char *path;
	struct store_stmt_cache *stmts;   /* store_stmt()'s cache, owned */
};

/* The schema version this build writes. */
int store_schema_version(void);

/* Opens (creating if needed, with its directory) and migrates the database at
 * path. If shared_dir is not empty and path lies inside it, refuses with an
 * explanation. Returns 0, or -1 + error(). */
int store_open(struct store *st, const char *path, const char *shared_dir);
void store_close(struct store *st);

/* Runs migrations from the current user_version up to `target` (tests use
 * this to stop at an earlier version). */
int store_migrate(struct store *st, int target);
int store_user_version(struct store *st, int *version);

/* Transactions: BEGIN IMMEDIATE / COMMIT / ROLLBACK. 0 or -1 + error(). */
int store_begin(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);

/* Joins the caller's transaction, or opens one (BEGIN IMMEDIATE) when there
 * is none; *mine says which. store_end() then commits or rolls back only a
 * transaction it opened (rc == 0: commit) and passes rc (or a commit
 * failure) through. For functions callable both alone and inside a batch. */
int store_join(struct store *st, bool *mine);
int store_end(struct store *st, bool mine, int rc);

/* Runs SQL with no parameters and no rows (DDL, pragmas). 0 or -1 + error(). */
int store_exec(struct store *st, const char *sql);
/* Prepares a statement; on failure error() names the SQL error. */
int store_prepare(struct store *st, const char *sql, sqlite3_stmt **out);

/* A prepared statement cached for the life of the store, keyed by the
 * address of the SQL text (pass a string literal or a static array), reset
 * and unbound before it is returned; store_close() finalizes it. The hot
 * paths (event ingest, state) prepare each statement once this way.
 * NULL + error() on failure. */
sqlite3_stmt *store_stmt(struct store *st, const char *sql);

/* Key/value settings in the meta table (device id, last sync time...).
 * store_meta_get returns a new string or NULL when absent. */
char *store_meta_get(struct store *st, const char *key);
int store_meta_set(struct store *st, const char *key, const char *value);

/* Ends a read of a statement stepped to rc: resets it, and when rc is
 * neither a row nor done, error() says what could not be read and where.
 * what is an N_() text (N_("the metrics")), translated only then: the hot
 * loops call this once a statement. 0 or -1. */
int store_finish(struct store *st, sqlite3_stmt *s, int rc, const char *what);

/* Binds text or NULL when s is NULL. */
int store_bind_text(sqlite3_stmt *stmt, int idx, const char *s);
/* A text column as an owned copy: NULL for SQL NULL (store_column_dup),
 * or "" for it (store_column_dup_empty). */
char *store_column_dup(sqlite3_stmt *stmt, int col);
char *store_column_dup_empty(sqlite3_stmt *stmt, int col);

#endif
