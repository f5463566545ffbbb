/* store.c - opening, migrating and writing the local SQLite database. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "csconsole/i18n.h"
#include "csconsole/schema.h"
#include "csconsole/store.h"
#include "csconsole/textnorm.h"

#define BUSY_TIMEOUT_MS 5000

struct store_stmt_cache {
	size_t len, cap;
	const char **sql;
	sqlite3_stmt **stmt;
};

/* The busy handler: look again every millisecond, up to BUSY_TIMEOUT_MS.
 * SQLite's own waits grow to 100 ms between looks, so a writer (a note
 * being saved) could keep missing the short pauses a long import leaves
 * between its transactions (feed_metrics.c); polling finds the first. */
static int busy_wait(void *ctx, int count)
{
	(void)ctx;
	if (count >= BUSY_TIMEOUT_MS)
		return 0;
	sqlite3_sleep(1);
	return 1;
}

static int sql_error(struct store *st, const char *what)
{
	return error(_("%s: %s (database %s)"), what, sqlite3_errmsg(st->db), st->path);
}

int store_schema_version(void)
{
	return schema_version();
}

int store_exec(struct store *st, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		error(_("database error: %s (database %s)"), msg ? msg : "unknown", st->path);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int store_prepare(struct store *st, const char *sql, sqlite3_stmt **out)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK)
		return sql_error(st, _("cannot prepare a query"));
	return 0;
}

int store_bind_text(sqlite3_stmt *stmt, int idx, const char *s)
{
	int rc = s ? sqlite3_bind_text(stmt, idx, s, -1, SQLITE_TRANSIENT)
		   : sqlite3_bind_null(stmt, idx);
	return rc == SQLITE_OK ? 0 : error(_("cannot bind parameter %d"), idx);
}

int store_begin(struct store *st)
{
	return store_exec(st, "BEGIN IMMEDIATE");
}

int store_commit(struct store *st)
{
	return store_exec(st, "COMMIT");
}

void store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int store_join(struct store *st, bool *mine)
{
	*mine = sqlite3_get_autocommit(st->db) != 0;
	return *mine ? store_begin(st) : 0;
}

int store_end(struct store *st, bool mine, int rc)
{
	if (!mine)
		return rc;
	if (rc == 0)
		return store_commit(st);
	store_rollback(st);
	return rc;
}

int store_user_version(struct store *st, int *version)
{
	sqlite3_stmt *stmt;
	if (store_prepare(st, "PRAGMA user_version", &stmt))
		return -1;
	int rc = sqlite3_step(stmt);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : sql_error(st, _("cannot read the schema version"));
}

int store_migrate(struct store *st, int target)
{
	int version;
	if (store_user_version(st, &version))
		return -1;
	if (version > schema_version())
		return error(_("database %s has schema version %d, newer than this csconsole "
			     "understands (%d): upgrade csconsole"), st->path, version, schema_version());
	for (; version < target; version++) {
		char pragma[64];
		/* Each step and its version bump commit together, so a crash mid-way
		 * leaves the previous version intact. */
		if (store_begin(st))
			return -1;
		str_format(pragma, sizeof(pragma), "PRAGMA user_version = %d", version + 1);
		if (store_exec(st, schema_migration(version)) || store_exec(st, pragma)) {
			error_prefix(_("migrating the schema from version %d"), version);
			store_rollback(st);
			return -1;
		}
		if (store_commit(st))
			return -1;
	}
	return 0;
}

/* The database holds customers' notes: a new one is created 0600 here,
 * whatever the umask, before SQLite opens it (SQLite would create it 0644,
 * and an empty file is a valid empty database). SQLite gives the -wal, -shm
 * and -journal files it creates the database file's mode, so they are
 * private too. An existing file keeps the mode its owner gave it: doctor
 * says when others can read it (check_file_privacy in cmd_doctor.c). */
static int create_private(const char *path)
{
	struct stat sb;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 && errno == EEXIST) {
		if (stat(path, &sb) == 0 || errno != ENOENT)
			return 0;             /* it exists: SQLite opens it (or says why not) */
		/* A symbolic link whose target does not exist yet: SQLite would
		 * create the target, so create it here, through the link. */
		fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	}
	if (fd < 0)
		return error(_("cannot create database %s: %s: check the permissions of its directory, "
			     "or set `database` in csconsole.yaml to a file you can write"), path, strerror(errno));
	close(fd);
	return 0;
}

int store_open(struct store *st, const char *path, const char *shared_dir)
{
	memset(st, 0, sizeof(*st));
	if (str_empty(path))
		return error(_("no database path: set `database` in csconsole.yaml"));
	if (!str_empty(shared_dir) && path_is_within(path, shared_dir))
		return error(_("refusing to use database %s: it lies inside the shared directory %s. "
			     "SQLite's locking is unreliable on network and synced folders, and sync "
			     "tools copy database files mid-write. Set `database` in csconsole.yaml "
			     "to a path on local disk (the default is under ~/.local/share/csconsole/)"),
			     path, shared_dir);

	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (path_mkdirs(dir, 0700)) {
			free(dir);
			return -1;
		}
	}
	free(dir);
	if (create_private(path))
		return -1;

	st->path = xstrdup(path);
	/* NOMUTEX: one thread uses a connection (the metrics import's reader
	 * thread only parses), so SQLite's per-call mutex is pure cost: a large
	 * portfolio fetch makes 2 million column calls */
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		error(_("cannot open database %s: %s"), path, st->db ? sqlite3_errmsg(st->db) : strerror(ENOMEM));
		store_close(st);
		return -1;
	}
	sqlite3_busy_handler(st->db, busy_wait, NULL);
	sqlite3_extended_result_codes(st->db, 1);
	if (textnorm_register(st->db)) {   /* csc_norm(): the search (book_search) */
		store_close(st);
		return -1;
	}
	/* A 32 MiB page cache: imports spread inserts over several indexes
	 * (accounts by owner and renewal, metrics by day, events by entity) and
	 * with SQLite's 2 MiB default they spill pages to the WAL and read them
	 * back again and again (measured: a 100,000-event ingest takes half the
	 * time). */
	if (store_exec(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
			   "PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768;") ||
	    store_migrate(st, schema_version())) {
		store_close(st);
		return -1;
	}
	return 0;
}

sqlite3_stmt *store_stmt(struct store *st, const char *sql)
{
	struct store_stmt_cache *c = st->stmts;
	sqlite3_stmt *stmt;

	if (!c)
		c = st->stmts = xcalloc(1, sizeof(*c));
	for (size_t i = 0; i < c->len; i++)
		if (c->sql[i] == sql) {
			sqlite3_reset(c->stmt[i]);
			sqlite3_clear_bindings(c->stmt[i]);
			return c->stmt[i];
		}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK) {
		sql_error(st, _("cannot prepare a query"));
		return NULL;
	}
	if (c->len == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->sql = xreallocarray(c->sql, c->cap, sizeof(*c->sql));
		c->stmt = xreallocarray(c->stmt, c->cap, sizeof(*c->stmt));
	}
	c->sql[c->len] = sql;
	c->stmt[c->len++] = stmt;
	return stmt;
}

void store_close(struct store *st)
{
	if (st->stmts) {
		for (size_t i = 0; i < st->stmts->len; i++)
			sqlite3_finalize(st->stmts->stmt[i]);
		free(st->stmts->sql);
		free(st->stmts->stmt);
		free(st->stmts);
		st->stmts = NULL;
	}
	if (st->db)
		sqlite3_close(st->db);
	free(st->path);
	st->db = NULL;
	st->path = NULL;
}

char *store_meta_get(struct store *st, const char *key)
{
	sqlite3_stmt *stmt;
	char *value = NULL;
	if (store_prepare(st, "SELECT value FROM meta WHERE key = ?1", &stmt))
		return NULL;
	store_bind_text(stmt, 1, key);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		value = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return value;
}

int store_meta_set(struct store *st, const char *key, const char *value)
{
	sqlite3_stmt *stmt;
	int rc;
	if (store_prepare(st, "INSERT INTO meta(key, value) VALUES (?1, ?2) "
			      "ON CONFLICT(key) DO UPDATE SET value = excluded.value", &stmt))
		return -1;
	store_bind_text(stmt, 1, key);
	store_bind_text(stmt, 2, value);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : sql_error(st, _("cannot write a setting"));
}

int store_finish(struct store *st, sqlite3_stmt *s, int rc, const char *what)
{
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return error(_("cannot read %s: %s (database %s): check it with 'csconsole doctor'"), _(what),
			     sqlite3_errstr(rc), st->path);
	return 0;
}

char *store_column_dup(sqlite3_stmt *stmt, int col)
{
	const unsigned char *t = sqlite3_column_text(stmt, col);
	return t ? xstrdup((const char *)t) : NULL;
}

char *store_column_dup_empty(sqlite3_stmt *stmt, int col)
{
	const unsigned char *t = sqlite3_column_text(stmt, col);
	return xstrdup(t ? (const char *)t : "");
}
