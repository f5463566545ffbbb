/* fuzz.h - what the libFuzzer harnesses (tests/fuzz/fuzz_*.c) share.
 *
 *   fuzz_init()           once per process: UTF-8 locale, TZ=UTC, a fixed
 *                         today (CSCONSOLE_TODAY=2026-11-23) and a private
 *                         scratch directory, removed at exit.
 *   fuzz_path(rel)        scratch_dir/rel (static buffer, valid until the next call).
 *   fuzz_write(rel, ...)  writes the bytes to scratch_dir/rel, making its
 *                         directories; returns its path (fuzz_path's buffer).
 *   fuzz_reset(rel)       removes scratch_dir/rel and everything below it.
 *   fuzz_book_init()      a template database (in memory) holding a small
 *                         book: team.yaml and accounts.yaml below, imported
 *                         with feed_sync() as a real sync would.
 *   fuzz_store(st)        a fresh in-memory database: a copy of the template
 *                         (fuzz_book_init) or an empty migrated one.
 *   fuzz_feed(rel, ...)   writes the bytes as the feed file <shared>/feeds/rel
 *                         of a scratch shared directory holding nothing
 *                         else, imports it with feed_sync() into a fresh
 *                         copy of the template, checks what every import
 *                         must hold (below) and returns the store (the
 *                         caller checks more, then store_close()s it).
 *   FUZZ_CHECK(cond, ...) an invariant: prints and aborts (libFuzzer then
 *                         saves the input as a crash) when cond is false.
 *
 * Everything is static: each harness is its own program.
 */
#ifndef CSCONSOLE_FUZZ_H
#define CSCONSOLE_FUZZ_H

#include <ftw.h>
#include <limits.h>
#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "csconsole/diag.h"
#include "csconsole/feed.h"
#include "csconsole/store.h"
#include "csconsole/text.h"
#include "csconsole/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond, ...)                                                        \
	do {                                                                         \
		if (!(cond)) {                                                       \
			fprintf(stderr, "fuzz invariant failed at %s:%d: %s\n  ",    \
				__FILE__, __LINE__, #cond);                          \
			fprintf(stderr, __VA_ARGS__);                                \
			fputc('\n', stderr);                                         \
			abort();                                                     \
		}                                                                    \
	} while (0)

static __attribute__((unused)) char fuzz_dir[PATH_MAX];
static __attribute__((unused)) char fuzz_pathbuf[PATH_MAX];

static inline int fuzz_rm_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb, (void)type, (void)ftw;
	return remove(path);
}

static inline void fuzz_rm_tree(const char *path)
{
	struct stat sb;
	if (lstat(path, &sb) == 0)
		nftw(path, fuzz_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static inline void fuzz_cleanup(void)
{
	/* only the process that made the directory removes it */
	if (fuzz_dir[0])
		fuzz_rm_tree(fuzz_dir);
}

static inline const char *fuzz_path(const char *rel)
{
	int n = snprintf(fuzz_pathbuf, sizeof(fuzz_pathbuf), "%s/%s", fuzz_dir, rel);
	if (n < 0 || (size_t)n >= sizeof(fuzz_pathbuf))
		abort();
	return fuzz_pathbuf;
}

static inline void fuzz_init(void)
{
	const char *tmp = getenv("TMPDIR");
	setenv("TZ", "UTC", 1);
	setenv("CSCONSOLE_TODAY", "2026-11-23", 1);
	unsetenv("CSCONSOLE_NOW");
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	snprintf(fuzz_dir, sizeof(fuzz_dir), "%s/csc-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fuzz_dir)) {
		perror("fuzz: mkdtemp");
		exit(1);
	}
	atexit(fuzz_cleanup);
}

static inline void fuzz_reset(const char *rel)
{
	fuzz_rm_tree(fuzz_path(rel));
}

static inline const char *fuzz_write(const char *rel, const void *data, size_t len)
{
	const char *path = fuzz_path(rel);
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	*slash = '\0';
	if (path_mkdirs(dir, 0700)) {
		fprintf(stderr, "fuzz: %s\n", error_message());
		abort();
	}
	free(dir);
	FILE *fp = fopen(path, "wb");
	if (!fp || (len && fwrite(data, 1, len, fp) != len) || fclose(fp)) {
		perror(path);
		abort();
	}
	return path;
}

/* The template book: three CSMs (one away, covered), three accounts in two
 * currencies; handles and ids are what the seeds and fuzz_order use. */
static __attribute__((unused)) const char fuzz_team_yaml[] =
	"generated_at: 2026-11-23T06:00:00Z\n"
	"csms:\n"
	"  - {handle: aiko, name: \"佐藤 愛子\", email: aiko@example.com, team: Enterprise JP}\n"
	"  - {handle: ken, name: \"鈴木 健\", email: ken@example.com, team: Enterprise JP,\n"
	"     absences: [{from: 2026-11-24, until: 2026-11-30, reason: vacation, covered_by: aiko}]}\n"
	"  - {handle: dana, name: Dana Reyes, email: dana@example.com, team: Global}\n";
static __attribute__((unused)) const char fuzz_accounts_yaml[] =
	"generated_at: 2026-11-23T06:00:00Z\n"
	"accounts:\n"
	"  - {id: ACC-0001, name: \"株式会社さくら\", segment: Enterprise, touch_model: high,\n"
	"     stage: adoption, arr: 12000000, currency: JPY, renewal_date: 2027-03-31,\n"
	"     main_owner: aiko, sub_owner: ken, seats: 250}\n"
	"  - {id: ACC-0002, name: Northwind Analytics, segment: Mid-Market, touch_model: low,\n"
	"     stage: renewal, arr: 48000.00, currency: USD, renewal_date: 2026-12-12,\n"
	"     main_owner: ken, sub_owner: aiko, seats: 40}\n"
	"  - {id: ACC-0003, name: Blue Harbor, segment: SMB, touch_model: tech,\n"
	"     stage: onboarding, arr: 9000, currency: USD, main_owner: dana, seats: 10}\n";

static __attribute__((unused)) struct store fuzz_template;
static __attribute__((unused)) bool fuzz_have_template;

static inline void fuzz_book_init(void)
{
	struct diag_list diags = { 0 };
	struct feed_summary sum;
	if (store_open(&fuzz_template, ":memory:", NULL)) {
		fprintf(stderr, "fuzz: %s\n", error_message());
		exit(1);
	}
	fuzz_write("book/feeds/team.yaml", fuzz_team_yaml, sizeof(fuzz_team_yaml) - 1);
	fuzz_write("book/feeds/accounts.yaml", fuzz_accounts_yaml, sizeof(fuzz_accounts_yaml) - 1);
	if (feed_sync(&fuzz_template, fuzz_path("book"), NULL, &diags, &sum) || sum.failed ||
	    sum.rows_rejected || sum.imported != 2) {
		diag_print(&diags, stderr);
		fprintf(stderr, "fuzz: the template book does not import: %s\n", error_message());
		exit(1);
	}
	diag_clear(&diags);
	fuzz_reset("book");
	fuzz_have_template = true;
}

/* A fresh database in memory: the template's copy (SQLite's backup API),
 * without running the migrations again; else an empty migrated one. */
static inline void fuzz_store(struct store *st)
{
	if (!fuzz_have_template) {
		if (store_open(st, ":memory:", NULL)) {
			fprintf(stderr, "fuzz: %s\n", error_message());
			abort();
		}
		return;
	}
	memset(st, 0, sizeof(*st));
	if (sqlite3_open_v2(":memory:", &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK)
		abort();
	st->path = xstrdup(":memory:");
	sqlite3_backup *b = sqlite3_backup_init(st->db, "main", fuzz_template.db, "main");
	if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE || sqlite3_backup_finish(b) != SQLITE_OK ||
	    store_exec(st, "PRAGMA foreign_keys = ON;")) {
		fprintf(stderr, "fuzz: cannot copy the template: %s\n", sqlite3_errmsg(st->db));
		abort();
	}
}

/* Every text value of table is valid UTF-8 (feeds are checked on the way in). */
static inline void fuzz_check_utf8(struct store *st, const char *table)
{
	char sql[128];
	sqlite3_stmt *s;
	str_format(sql, sizeof(sql), "SELECT * FROM %s", table);
	FUZZ_CHECK(store_prepare(st, sql, &s) == 0, "%s", error_message());
	while (sqlite3_step(s) == SQLITE_ROW)
		for (int c = 0; c < sqlite3_column_count(s); c++)
			if (sqlite3_column_type(s, c) == SQLITE_TEXT) {
				const char *t = (const char *)sqlite3_column_text(s, c);
				size_t n = (size_t)sqlite3_column_bytes(s, c);
				FUZZ_CHECK(utf8_valid(t, n, NULL) && strlen(t) == n,
					   "%s.%s holds invalid UTF-8 or a NUL", table,
					   sqlite3_column_name(s, c));
			}
	sqlite3_finalize(s);
}

/* Every row of every table but the bookkeeping ones (feed_file: what was
 * imported when; meta: settings and clocks), as text: what an import that
 * fails, is stale or is unchanged must leave as it was. Caller frees. */
static inline char *fuzz_tables_but(struct store *st, const char *skip)
{
	struct sbuf b = { 0 };
	sqlite3_stmt *t, *s;
	char list[256];
	str_format(list, sizeof(list), "SELECT name FROM sqlite_master WHERE type = 'table' AND "
		   "name NOT LIKE 'sqlite%%' AND name NOT IN (%s) ORDER BY name", skip);
	FUZZ_CHECK(store_prepare(st, list, &t) == 0, "%s", error_message());
	while (sqlite3_step(t) == SQLITE_ROW) {
		char sql[128];
		const char *name = (const char *)sqlite3_column_text(t, 0);
		str_format(sql, sizeof(sql), "SELECT * FROM \"%s\" ORDER BY 1, 2", name);
		if (store_prepare(st, sql, &s) != 0) {
			str_format(sql, sizeof(sql), "SELECT * FROM \"%s\" ORDER BY 1", name);
			FUZZ_CHECK(store_prepare(st, sql, &s) == 0, "%s", error_message());
		}
		sbuf_addf(&b, "[%s]\n", name);
		while (sqlite3_step(s) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(s); c++) {
				const char *v = (const char *)sqlite3_column_text(s, c);
				sbuf_addf(&b, "%s%s", c ? "|" : "", v ? v : "NULL");
			}
			sbuf_addc(&b, '\n');
		}
		sqlite3_finalize(s);
	}
	sqlite3_finalize(t);
	return b.data ? b.data : xstrdup("");
}

/* The bookkeeping a sync may write whatever the import's fate: the files
 * seen (feed_file), settings (meta) and the numbers given to metrics paths
 * (feed_source, made before a staged import is applied; a number no value
 * refers to changes nothing). */
static inline char *fuzz_tables(struct store *st)
{
	return fuzz_tables_but(st, "'feed_file', 'meta', 'feed_source'");
}

/* The invariants of any import: feed_sync() reads the directory (0), one
 * file is counted once, a failure comes with an error diag, every diag
 * formats, and the database holds no dangling reference. A file that fails
 * (rolled back) or is not imported leaves every table as it was (but the
 * bookkeeping, fuzz_tables); an imported file is unchanged at once on the
 * next sync (nothing imported, nothing failed, no table changed). */
static inline void fuzz_feed(const char *rel, const uint8_t *data, size_t size, struct store *st)
{
	struct diag_list diags = { 0 };
	struct feed_summary sum;
	char feeds_rel[256];

	fuzz_reset("shared");
	str_format(feeds_rel, sizeof(feeds_rel), "shared/feeds/%s", rel);
	fuzz_write(feeds_rel, data, size);
	fuzz_store(st);
	char shared[PATH_MAX];
	str_format(shared, sizeof(shared), "%s", fuzz_path("shared"));
	char *before = fuzz_tables(st);
	int rc = feed_sync(st, shared, NULL, &diags, &sum);
	FUZZ_CHECK(rc == 0, "feed_sync: %s", error_message());
	FUZZ_CHECK(sum.files == 1 && sum.imported + sum.unchanged + sum.stale + sum.failed == 1,
		   "files %zu: imported %zu unchanged %zu stale %zu failed %zu", sum.files,
		   sum.imported, sum.unchanged, sum.stale, sum.failed);
	if (sum.failed)
		FUZZ_CHECK(diags.errors > 0, "a failed import without an error diag");
	for (size_t i = 0; i < diags.len; i++)
		free(diag_format(&diags.items[i]));
	diag_clear(&diags);

	sqlite3_stmt *s;
	FUZZ_CHECK(store_prepare(st, "PRAGMA foreign_key_check", &s) == 0, "%s", error_message());
	FUZZ_CHECK(sqlite3_step(s) == SQLITE_DONE, "a dangling reference in table %s",
		   sqlite3_column_text(s, 0));
	sqlite3_finalize(s);

	char *after = fuzz_tables(st);
	if (!sum.imported)
		FUZZ_CHECK(strcmp(before, after) == 0, "a %s import changed the database",
			   sum.failed ? "failed" : sum.stale ? "stale" : "unchanged");
	if (sum.imported) {
		struct feed_summary again;
		FUZZ_CHECK(feed_sync(st, shared, NULL, &diags, &again) == 0, "%s", error_message());
		FUZZ_CHECK(again.imported == 0 && again.failed == 0 && again.unchanged == 1,
			   "the same file again: imported %zu failed %zu unchanged %zu",
			   again.imported, again.failed, again.unchanged);
		diag_clear(&diags);
		char *again_tables = fuzz_tables(st);
		FUZZ_CHECK(strcmp(after, again_tables) == 0, "an unchanged file changed the database");
		free(again_tables);
	}
	free(before);
	free(after);
}

#endif
