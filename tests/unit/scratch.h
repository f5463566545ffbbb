/* scratch.h - a private scratch directory for unit tests that touch files.
 *
 *   scratch_setup(state)     creates a fresh directory under $TMPDIR (or /tmp)
 *                            and records it in scratch_dir; 0 or -1. Leaves
 *                            *state alone, so it can serve as a cmocka group
 *                            or per-test setup, or be called from a local one.
 *   scratch_teardown(state)  removes scratch_dir and everything below it
 *                            (symlinks are removed, never followed); 0 or -1.
 *   scratch_path(name)       scratch_dir/name; the caller frees it.
 *   scratch_write(name, data, len), scratch_write_str(name, text)
 *                            write a file scratch_dir/name (its directory must
 *                            exist), failing the test on any error; return its
 *                            path, which the caller frees.
 *   scratch_store(st, name)  opens (creating) the database scratch_dir/name,
 *                            failing the test with the error if it cannot.
 *
 * Everything is static (inline where unused ones must not warn), so each test
 * binary has its own scratch_dir. Needs -D_GNU_SOURCE (mkdtemp, nftw).
 */
#ifndef CSCONSOLE_TESTS_SCRATCH_H
#define CSCONSOLE_TESTS_SCRATCH_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <ftw.h>
#include <limits.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/store.h"
#include "csconsole/util.h"

/* The current scratch directory ("" outside setup/teardown). Read only. */
static char scratch_dir[PATH_MAX];

static inline int scratch_setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	int n = snprintf(scratch_dir, sizeof(scratch_dir), "%s/csc-unit.XXXXXX",
			 tmp && *tmp ? tmp : "/tmp");
	(void)state;
	if (n < 0 || (size_t)n >= sizeof(scratch_dir) || !mkdtemp(scratch_dir)) {
		scratch_dir[0] = '\0';
		return -1;
	}
	return 0;
}

static inline int scratch_remove_one(const char *path, const struct stat *sb, int type,
				     struct FTW *ftw)
{
	(void)sb, (void)type, (void)ftw;
	return remove(path);
}

static inline int scratch_teardown(void **state)
{
	(void)state;
	if (!scratch_dir[0])
		return -1;
	/* Depth first so directories are empty when reached; FTW_PHYS: no following links. */
	int rc = nftw(scratch_dir, scratch_remove_one, 16, FTW_DEPTH | FTW_PHYS);
	scratch_dir[0] = '\0';
	return rc == 0 ? 0 : -1;
}

static inline char *scratch_path(const char *name)
{
	return xasprintf("%s/%s", scratch_dir, name);
}

static inline char *scratch_write(const char *name, const void *data, size_t len)
{
	char *path = scratch_path(name);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static inline char *scratch_write_str(const char *name, const char *text)
{
	return scratch_write(name, text, strlen(text));
}

static inline void scratch_store(struct store *st, const char *name)
{
	char *path = scratch_path(name);
	if (store_open(st, path, NULL))
		fail_msg("%s", error_message());
	free(path);
}

/* Runs the SQL made from fmt on st, or the test fails naming it. */
static inline void scratch_exec(struct store *st, const char *fmt, ...) PRINTF_LIKE(2, 3);
static inline void scratch_exec(struct store *st, const char *fmt, ...)
{
	va_list ap;
	struct sbuf b = {0};
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (store_exec(st, sbuf_str(&b)))
		fail_msg("%s: %s", sbuf_str(&b), error_message());
	sbuf_free(&b);
}

/* The first column of the first row of sql as text: "(none)" without a
 * row, "NULL" for NULL. Caller frees. */
static inline char *scratch_q1(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	char *out;
	assert_int_equal(store_prepare(st, sql, &s), 0);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return xstrdup("(none)");
	}
	out = xstrdup(sqlite3_column_type(s, 0) == SQLITE_NULL ? "NULL"
			: (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return out;
}

/* scratch_q1(st, sql) equals want, or the test fails naming both. */
static inline void scratch_assert_q(struct store *st, const char *sql, const char *want)
{
	char *got = scratch_q1(st, sql);
	if (strcmp(got, want) != 0)
		fail_msg("%s: got \"%s\", want \"%s\"", sql, got, want);
	free(got);
}

#endif
