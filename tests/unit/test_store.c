/* test_store.c - the local database: settings, migrations, refusals. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "csconsole/schema.h"
#include "csconsole/store.h"
#include "scratch.h"

static char *query_text(struct store *st, const char *sql)
{
	sqlite3_stmt *stmt;
	char *out = NULL;
	assert_int_equal(store_prepare(st, sql, &stmt), 0);
	if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
		out = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return out;
}

/* The whole schema as text, to compare databases built different ways. */
static char *schema_dump(struct store *st)
{
	return query_text(st, "SELECT group_concat(type || ' ' || name || ' ' || coalesce(sql, ''), '\n') "
			      "FROM (SELECT * FROM sqlite_master ORDER BY type, name)");
}

static void test_open_creates_and_sets_pragmas(void **state)
{
	(void)state;
	struct store st;
	char *path = scratch_path("new/dir/cs.db");
	assert_int_equal(store_open(&st, path, NULL), 0);
	char *mode = query_text(&st, "PRAGMA journal_mode");
	char *sync = query_text(&st, "PRAGMA synchronous");
	char *fk = query_text(&st, "PRAGMA foreign_keys");
	assert_string_equal(mode, "wal");
	assert_string_equal(sync, "2");   /* FULL */
	assert_string_equal(fk, "1");
	int v;
	assert_int_equal(store_user_version(&st, &v), 0);
	assert_int_equal(v, schema_version());
	free(mode), free(sync), free(fk);
	store_close(&st);
	free(path);
}

static void test_migrations_from_every_version(void **state)
{
	(void)state;
	struct store fresh, st;
	char *fresh_path = scratch_path("fresh.db");
	assert_int_equal(store_open(&fresh, fresh_path, NULL), 0);
	char *want = schema_dump(&fresh);
	store_close(&fresh);

	for (int v = 0; v < schema_version(); v++) {
		char *path = xasprintf("%s/from-%d.db", scratch_dir, v);
		/* Build a database stopped at version v, then open it normally. */
		st = (struct store){0};
		assert_int_equal(sqlite3_open(path, &st.db), SQLITE_OK);
		st.path = xstrdup(path);
		assert_int_equal(store_migrate(&st, v), 0);
		int got_v;
		assert_int_equal(store_user_version(&st, &got_v), 0);
		assert_int_equal(got_v, v);
		store_close(&st);

		assert_int_equal(store_open(&st, path, NULL), 0);
		char *got = schema_dump(&st);
		assert_string_equal(got, want);
		free(got);
		store_close(&st);
		free(path);
	}
	free(want);
	free(fresh_path);
}

/* The migration of issue 11's sync: quarantines "incomplete and unchanged"
 * (which a CRLF conversion by git caused) are forgotten, others kept, and
 * every folder is listed again. */
static void test_migration_retries_crlf_quarantines(void **state)
{
	(void)state;
	struct store st = {0};
	char *path = scratch_path("crlf-quarantine.db");
	int from = -1;
	for (int v = 0; v < schema_version(); v++)
		if (strstr(schema_migration(v), "incomplete and unchanged"))
			from = v;
	assert_true(from >= 0);
	assert_int_equal(sqlite3_open(path, &st.db), SQLITE_OK);
	st.path = xstrdup(path);
	assert_int_equal(store_migrate(&st, from), 0);
	assert_int_equal(store_exec(&st,
		"INSERT INTO segment(path, device, status, reason, size, mtime_ns, first_seen, checked_at) VALUES "
		"('events/D/a.jsonl', 'D', 'quarantined', 'incomplete and unchanged for 10 minutes: no valid trailer', 1, 1, 1, 1), "
		"('events/D/b.jsonl', 'D', 'quarantined', 'line 2: not JSON', 1, 1, 1, 1), "
		"('events/D/c.jsonl', 'D', 'imported', NULL, 1, 1, 1, 1);"
		"INSERT INTO segment_dir(path, mtime_ns) VALUES ('events/D', 5);"), 0);
	store_close(&st);

	assert_int_equal(store_open(&st, path, NULL), 0);
	char *left = query_text(&st, "SELECT group_concat(path, ' ') FROM (SELECT path FROM segment ORDER BY path)");
	assert_string_equal(left, "events/D/b.jsonl events/D/c.jsonl");
	char *dirs = query_text(&st, "SELECT count(*) FROM segment_dir");
	assert_string_equal(dirs, "0");
	free(left), free(dirs);
	store_close(&st);
	free(path);
}

static void test_newer_schema_refused(void **state)
{
	(void)state;
	struct store st;
	char *path = scratch_path("future.db");
	assert_int_equal(store_open(&st, path, NULL), 0);
	char *pragma = xasprintf("PRAGMA user_version = %d", schema_version() + 1);
	assert_int_equal(store_exec(&st, pragma), 0);
	store_close(&st);
	assert_int_equal(store_open(&st, path, NULL), -1);
	assert_non_null(strstr(error_message(), "newer than this csconsole"));
	free(pragma);
	free(path);
}

static void test_refuses_database_in_shared_dir(void **state)
{
	(void)state;
	struct store st;
	char *shared = scratch_path("shared");
	char *inside = scratch_path("shared/sub/cs.db");
	char *dotted = scratch_path("shared/../shared/cs.db");
	char *beside = scratch_path("shared-not/cs.db");
	assert_int_equal(path_mkdirs(shared, 0700), 0);
	assert_int_equal(store_open(&st, inside, shared), -1);
	assert_non_null(strstr(error_message(), "inside the shared directory"));
	assert_int_equal(access(inside, F_OK), -1);   /* nothing was created */
	assert_int_equal(store_open(&st, dotted, shared), -1);
	assert_int_equal(store_open(&st, beside, shared), 0);
	store_close(&st);
	free(shared), free(inside), free(dotted), free(beside);
}

static void test_meta_and_transactions(void **state)
{
	(void)state;
	struct store st;
	char *path = scratch_path("meta.db");
	assert_int_equal(store_open(&st, path, NULL), 0);
	assert_null(store_meta_get(&st, "device"));
	assert_int_equal(store_meta_set(&st, "device", "abc"), 0);
	assert_int_equal(store_meta_set(&st, "device", "def"), 0);
	char *v = store_meta_get(&st, "device");
	assert_string_equal(v, "def");
	free(v);

	assert_int_equal(store_begin(&st), 0);
	assert_int_equal(store_meta_set(&st, "device", "rolled-back"), 0);
	store_rollback(&st);
	v = store_meta_get(&st, "device");
	assert_string_equal(v, "def");
	free(v);

	/* Foreign keys are enforced: a metric for a missing account is refused. */
	assert_int_equal(store_exec(&st, "INSERT INTO metric_name(id, name) VALUES (1, 'logins')"), 0);
	assert_int_equal(store_exec(&st, "INSERT INTO metric VALUES (999, 1, 0, 1.0)"), -1);
	store_close(&st);
	free(path);
}

/* The file's permission bits, or -1 when it does not exist. */
static int file_mode(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (int)(sb.st_mode & 07777) : -1;
}

static int file_mode_suffix(const char *path, const char *suffix)
{
	char *p = xasprintf("%s%s", path, suffix);
	int mode = file_mode(p);
	free(p);
	return mode;
}

/* Customer notes are private: a new database (in a directory that exists
 * already, so nothing but the file's own mode protects it) is 0600 whatever
 * the umask, and so are the WAL, its shared-memory index and a rollback
 * journal, which SQLite creates with the database file's mode. */
static void test_new_database_is_private(void **state)
{
	(void)state;
	struct store st;
	char *dir = scratch_path("open");
	char *path = scratch_path("open/cs.db");
	mode_t old = umask(0);
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(store_open(&st, path, NULL), 0);
	assert_int_equal(store_meta_set(&st, "device", "abc"), 0);
	assert_int_equal(file_mode(path), 0600);
	assert_int_equal(file_mode_suffix(path, "-wal"), 0600);
	assert_int_equal(file_mode_suffix(path, "-shm"), 0600);
	/* A rollback journal exists while a write transaction has changed a page. */
	assert_int_equal(store_exec(&st, "PRAGMA journal_mode = DELETE"), 0);
	assert_int_equal(file_mode_suffix(path, "-wal"), -1);
	assert_int_equal(store_begin(&st), 0);
	assert_int_equal(store_meta_set(&st, "device", "def"), 0);
	assert_int_equal(file_mode_suffix(path, "-journal"), 0600);
	assert_int_equal(store_commit(&st), 0);
	store_close(&st);
	umask(old);
	free(dir), free(path);
}

/* `database:` may name a symbolic link (to a synced dotfiles folder, say)
 * whose target does not exist yet: the target is created 0600 as well. */
static void test_new_database_through_link_is_private(void **state)
{
	(void)state;
	struct store st;
	char *target = scratch_path("target.db"), *link = scratch_path("link.db");
	mode_t old = umask(0);
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(store_open(&st, link, NULL), 0);
	assert_int_equal(store_meta_set(&st, "device", "abc"), 0);
	assert_int_equal(file_mode(target), 0600);
	store_close(&st);
	umask(old);
	free(target), free(link);
}

/* The directories csconsole creates for the database are 0700. */
static void test_new_directories_are_private(void **state)
{
	(void)state;
	struct store st;
	char *top = scratch_path("a"), *sub = scratch_path("a/b"), *path = scratch_path("a/b/cs.db");
	mode_t old = umask(0);
	assert_int_equal(store_open(&st, path, NULL), 0);
	store_close(&st);
	assert_int_equal(file_mode(top), 0700);
	assert_int_equal(file_mode(sub), 0700);
	umask(old);
	free(top), free(sub), free(path);
}

/* An existing database keeps the mode its owner gave it (doctor warns when
 * others can read it): csconsole does not chmod the user's files. */
static void test_existing_database_mode_kept(void **state)
{
	(void)state;
	struct store st;
	char *path = scratch_write_str("shared-ro.db", "");
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(store_open(&st, path, NULL), 0);
	assert_int_equal(store_meta_set(&st, "device", "abc"), 0);
	assert_int_equal(file_mode(path), 0640);
	store_close(&st);
	free(path);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, scratch_setup, scratch_teardown)
	const struct CMUnitTest tests[] = {
		T(test_open_creates_and_sets_pragmas),
		T(test_migrations_from_every_version),
		T(test_migration_retries_crlf_quarantines),
		T(test_newer_schema_refused),
		T(test_refuses_database_in_shared_dir),
		T(test_meta_and_transactions),
		T(test_new_database_is_private),
		T(test_new_database_through_link_is_private),
		T(test_new_directories_are_private),
		T(test_existing_database_mode_kept),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
