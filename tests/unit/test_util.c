/* test_util.c - strings, buffers, lists, errors and paths (util.c).
 * Path tests build a scratch tree with symlinks under $TMPDIR. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "csconsole/util.h"
#include "scratch.h"

static void test_str_copy(void **state)
{
	(void)state;
	char buf[4];
	assert_false(str_copy(buf, sizeof(buf), "abc"));
	assert_string_equal(buf, "abc");
	assert_true(str_copy(buf, sizeof(buf), "abcd"));
	assert_string_equal(buf, "abc");
	assert_false(str_copy(buf, sizeof(buf), ""));
	assert_string_equal(buf, "");
	char one[1] = {'x'};
	assert_true(str_copy(one, sizeof(one), "a"));
	assert_int_equal(one[0], '\0');
	char none[1] = {'x'};
	assert_true(str_copy(none, 0, "a"));
	assert_int_equal(none[0], 'x');          /* size 0: nothing written */

	char fmt[6];
	assert_false(str_format(fmt, sizeof(fmt), "%d-%s", 12, "ab"));
	assert_string_equal(fmt, "12-ab");
	assert_true(str_format(fmt, sizeof(fmt), "%d-%s", 123, "ab"));
	assert_string_equal(fmt, "123-a");
}

static void test_str_predicates(void **state)
{
	(void)state;
	assert_true(str_eq(NULL, NULL));
	assert_false(str_eq("a", NULL));
	assert_false(str_eq(NULL, "a"));
	assert_true(str_eq("abc", "abc"));
	assert_false(str_eq("abc", "abd"));
	assert_true(str_empty(NULL));
	assert_true(str_empty(""));
	assert_false(str_empty(" "));
	assert_true(str_starts_with("feeds/team.yaml", "feeds/"));
	assert_true(str_starts_with("abc", ""));
	assert_false(str_starts_with("fee", "feeds"));
	assert_true(str_ends_with("accounts.csv", ".csv"));
	assert_false(str_ends_with("csv", ".csv"));
	assert_true(str_ends_with("x", ""));
}

static void test_str_to_long(void **state)
{
	(void)state;
	long v = 99;
	assert_true(str_to_long("42", 0, 100, &v));
	assert_int_equal(v, 42);
	assert_true(str_to_long("-7", -10, 10, &v));
	assert_int_equal(v, -7);
	assert_true(str_to_long("0", 0, 0, &v));
	assert_int_equal(v, 0);
	assert_true(str_to_long("100", 0, 100, &v));          /* bounds inclusive */
	assert_int_equal(v, 100);
	assert_true(str_to_long("-10", -10, 10, &v));
	assert_int_equal(v, -10);
	assert_true(str_to_long("9223372036854775807", 0, LONG_MAX, &v));
	assert_true(v == LONG_MAX);

	static const char *const bad[] = {
		"", "x", "42x", "4 2", "42 ", "1.5", "0x10", "101", "-11",
		"99999999999999999999999", "-99999999999999999999999",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		v = 99;
		if (str_to_long(bad[i], -10, 100, &v))
			fail_msg("\"%s\" accepted as %ld", bad[i], v);
		assert_int_equal(v, 99);
	}
	assert_false(str_to_long(NULL, 0, 10, &v));
}

/* util.h: "a whole decimal integer ... false on any junk"; strtol() itself
 * skips leading white space, so the wrapper has to refuse it. */
static void test_str_to_long_rejects_leading_space(void **state)
{
	(void)state;
	long v = 99;
	assert_false(str_to_long(" 5", 0, 10, &v));
	assert_false(str_to_long("\n5", 0, 10, &v));
	assert_int_equal(v, 99);
}

static void test_sbuf(void **state)
{
	(void)state;
	struct sbuf b = {0};
	assert_string_equal(sbuf_str(&b), "");
	sbuf_adds(&b, "abc");
	sbuf_addc(&b, '-');
	sbuf_addf(&b, "%d/%s", 42, "x");
	assert_string_equal(sbuf_str(&b), "abc-42/x");
	assert_int_equal(b.len, 8);

	/* Growth well past the first allocation, content intact. */
	char chunk[101];
	memset(chunk, 'q', 100);
	chunk[100] = '\0';
	sbuf_reset(&b);
	assert_string_equal(sbuf_str(&b), "");
	for (int i = 0; i < 50; i++)
		sbuf_addf(&b, "%s%d", chunk, i % 10);
	assert_int_equal(b.len, 50 * 101);
	assert_int_equal(strlen(b.data), 50 * 101);
	assert_true(b.cap > b.len);
	for (int i = 0; i < 50; i++) {
		assert_int_equal(b.data[i * 101], 'q');
		assert_int_equal(b.data[i * 101 + 100], '0' + i % 10);
	}
	/* sbuf_add takes bytes, NUL included. */
	sbuf_reset(&b);
	sbuf_add(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 4);
	sbuf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_string_equal(sbuf_str(&b), "");

	char *s = xasprintf("%s=%05d", "n", 42);
	assert_string_equal(s, "n=00042");
	free(s);
	s = xasprintf("%s", "");
	assert_string_equal(s, "");
	free(s);
	s = xstrndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
}

static void test_strlist(void **state)
{
	(void)state;
	struct strlist a = {0}, b = {0};
	char src[8] = "one";
	char *j = strlist_join(&a, ", ");
	assert_string_equal(j, "");
	free(j);
	strlist_add(&a, src);
	strcpy(src, "changed");                     /* the list holds a copy */
	strlist_add(&a, "two");
	strlist_add(&a, "");
	assert_int_equal(a.len, 3);
	assert_string_equal(a.items[0], "one");
	assert_true(strlist_has(&a, "two"));
	assert_true(strlist_has(&a, ""));
	assert_false(strlist_has(&a, "changed"));
	j = strlist_join(&a, ", ");
	assert_string_equal(j, "one, two, ");
	free(j);

	for (int i = 0; i < 40; i++) {
		char n[16];
		snprintf(n, sizeof(n), "n%d", i);
		strlist_add(&b, n);
	}
	assert_int_equal(b.len, 40);
	assert_string_equal(b.items[39], "n39");
	assert_false(strlist_eq(&a, &b));
	strlist_copy(&b, &a);                       /* replaces b's items */
	assert_true(strlist_eq(&a, &b));
	assert_true(a.items[0] != b.items[0]);
	free(b.items[1]);
	b.items[1] = xstrdup("TWO");
	assert_false(strlist_eq(&a, &b));
	strlist_clear(&a);
	strlist_clear(&b);
	assert_int_equal(a.len, 0);
	assert_null(a.items);
	assert_true(strlist_eq(&a, &b));
}

static void test_errors(void **state)
{
	(void)state;
	error_clear();
	assert_string_equal(error_message(), "");
	assert_int_equal(error("cannot open %s: %s", "x.yaml", "No such file"), -1);
	assert_string_equal(error_message(), "cannot open x.yaml: No such file");
	assert_int_equal(error_prefix("%s:%d", "feeds/team.yaml", 3), -1);
	assert_string_equal(error_message(), "feeds/team.yaml:3: cannot open x.yaml: No such file");
	error_clear();
	assert_string_equal(error_message(), "");
}

static void test_path_join_and_home(void **state)
{
	(void)state;
	struct { const char *a, *b, *want; } cases[] = {
		{"a", "b", "a/b"}, {"a/", "b", "a/b"}, {"", "b", "b"}, {"/x/y", "z/w", "/x/y/z/w"},
		{"a", "/abs", "/abs"}, {"/", "etc", "/etc"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *p = path_join(cases[i].a, cases[i].b);
		assert_string_equal(p, cases[i].want);
		free(p);
	}
	setenv("HOME", "/home/aiko", 1);
	char *p = path_expand_home("~/notes");
	assert_string_equal(p, "/home/aiko/notes");
	free(p);
	p = path_expand_home("~");
	assert_string_equal(p, "/home/aiko");
	free(p);
	p = path_expand_home("~bob/x");
	assert_string_equal(p, "~bob/x");
	free(p);
	p = path_expand_home("a/~/b");
	assert_string_equal(p, "a/~/b");
	free(p);
}

/* The scratch tree's real (symlink-free) path, and the cwd to restore. */
struct tree {
	char real[PATH_MAX], cwd[PATH_MAX];
};

/* A path in the tree as written (through $TMPDIR's own symlinks, if any). */
static char *at(const struct tree *t, const char *rel)
{
	(void)t;
	return scratch_path(rel);
}

static char *real_at(const struct tree *t, const char *rel)
{
	return xasprintf("%s/%s", t->real, rel);
}

static void make_dir(const struct tree *t, const char *rel)
{
	char *p = at(t, rel);
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
}

static void make_link(const struct tree *t, const char *target, const char *rel)
{
	char *p = at(t, rel);
	assert_int_equal(symlink(target, p), 0);
	free(p);
}

/* root/dir/sub, root/dirx (the prefix trick), root/outside, and symlinks:
 * dir/out -> outside, dir/in -> dir/sub, alias -> dir, dir/dangling ->
 * outside/missing (a link whose target does not exist yet). */
static int tree_setup(void **state)
{
	struct tree *t = xcalloc(1, sizeof(*t));
	if (scratch_setup(state) || !realpath(scratch_dir, t->real) || !getcwd(t->cwd, sizeof(t->cwd))) {
		free(t);
		return -1;
	}
	make_dir(t, "dir");
	make_dir(t, "dir/sub");
	make_dir(t, "dirx");
	make_dir(t, "outside");
	char *target = real_at(t, "outside");
	make_link(t, target, "dir/out");
	free(target);
	make_link(t, "sub", "dir/in");
	make_link(t, "dir", "alias");
	target = real_at(t, "outside/missing");
	make_link(t, target, "dir/dangling");
	free(target);
	*state = t;
	return 0;
}

static int tree_teardown(void **state)
{
	struct tree *t = *state;
	int rc = chdir(t->cwd) == 0 && scratch_teardown(state) == 0 ? 0 : -1;
	free(t);
	return rc;
}

static void expect_canonical(const char *in, const char *want)
{
	char *got = path_canonical(in), copy[PATH_MAX];
	assert_non_null(got);
	str_copy(copy, sizeof(copy), got);
	free(got);                  /* before a failing assert leaves */
	assert_string_equal(copy, want);
}

static void test_path_canonical(void **state)
{
	struct tree *t = *state;
	char *in = at(t, "dir/sub"), *want = real_at(t, "dir/sub");
	expect_canonical(in, want);
	free(in), free(want);
	/* A tail that does not exist yet is kept as written. */
	in = at(t, "dir/new/deeper.db");
	want = real_at(t, "dir/new/deeper.db");
	expect_canonical(in, want);
	free(in), free(want);
	/* The existing prefix is resolved through symlinks. */
	in = at(t, "alias/sub/new");
	want = real_at(t, "dir/sub/new");
	expect_canonical(in, want);
	free(in), free(want);
	in = at(t, "dir/in/new");
	want = real_at(t, "dir/sub/new");
	expect_canonical(in, want);
	free(in), free(want);
	in = at(t, "dir/sub/../../outside/new");
	want = real_at(t, "outside/new");
	expect_canonical(in, want);
	free(in), free(want);
	/* Relative paths are taken from the current directory. */
	assert_int_equal(chdir(scratch_dir), 0);
	want = real_at(t, "dir/new");
	expect_canonical("dir/new", want);
	expect_canonical("./dir/new", want);
	free(want);
	expect_canonical("/", "/");
	error_clear();
	assert_null(path_canonical(""));
	assert_string_not_equal(error_message(), "");
}

static void expect_within(const struct tree *t, const char *path, const char *dir, bool want)
{
	char *p = path[0] == '/' ? xstrdup(path) : at(t, path);
	char *d = dir[0] == '/' ? xstrdup(dir) : at(t, dir);
	bool got = path_is_within(p, d);
	free(p);
	free(d);
	if (got != want)
		fail_msg("path_is_within(%s, %s) should be %s", path, dir, want ? "true" : "false");
}

static void test_path_is_within(void **state)
{
	struct tree *t = *state;
	expect_within(t, "dir", "dir", true);
	expect_within(t, "dir/", "dir", true);
	expect_within(t, "dir", "dir/", true);
	expect_within(t, "dir/sub", "dir", true);
	expect_within(t, "dir/sub/file.db", "dir", true);
	expect_within(t, "dir/new/deeper/file.db", "dir", true);
	expect_within(t, "dir", "dir/sub", false);
	expect_within(t, "outside/x", "dir", false);
	/* The prefix trick: /a/bc is not inside /a/b, existing or not. */
	expect_within(t, "dirx", "dir", false);
	expect_within(t, "dirx/file", "dir", false);
	expect_within(t, "dirnew", "dir", false);
	expect_within(t, "dirnew/file", "dir", false);
	expect_within(t, "dir", "dirx", false);
	/* Symlinks count where they lead. */
	expect_within(t, "dir/out", "dir", false);
	expect_within(t, "dir/out/file.db", "dir", false);
	expect_within(t, "dir/out/file.db", "outside", true);
	expect_within(t, "dir/in/file", "dir/sub", true);
	expect_within(t, "alias/sub/file", "dir", true);
	expect_within(t, "dir/sub/file", "alias", true);
	expect_within(t, "dir/sub/../../outside/f", "dir", false);
	expect_within(t, "dir/file", "/", true);
	assert_int_equal(chdir(scratch_dir), 0);
	assert_true(path_is_within("dir/sub", "dir"));
	assert_false(path_is_within("dirx", "dir"));
}

/* ".." after a part that does not exist yet: once path_mkdirs() creates the
 * missing directory, dir/new/../../outside/f is outside/f. */
static void test_path_is_within_dotdot_in_missing_tail(void **state)
{
	struct tree *t = *state;
	expect_within(t, "dir/new/../../outside/f", "dir", false);
	expect_within(t, "dir/new/../../dirx/f", "dir", false);
	expect_within(t, "outside/new/../../dir/f", "dir", true);
}

/* A symlink whose target does not exist yet: writing through it creates the
 * file outside the directory. */
static void test_path_is_within_dangling_symlink(void **state)
{
	struct tree *t = *state;
	expect_within(t, "dir/dangling", "dir", false);
	expect_within(t, "dir/dangling", "outside", true);
}

static void test_path_mkdirs(void **state)
{
	struct tree *t = *state;
	char *deep = at(t, "made/a/b/c");
	struct stat st;
	assert_int_equal(path_mkdirs(deep, 0700), 0);
	assert_int_equal(stat(deep, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(path_mkdirs(deep, 0700), 0);           /* exists: fine */
	char *file = at(t, "made/file");
	FILE *f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);
	char *under_file = at(t, "made/file/sub");
	error_clear();
	assert_int_equal(path_mkdirs(under_file, 0700), -1);
	assert_non_null(strstr(error_message(), "made/file"));
	free(deep);
	free(file);
	free(under_file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_str_copy),
		cmocka_unit_test(test_str_predicates),
		cmocka_unit_test(test_str_to_long),
		cmocka_unit_test(test_str_to_long_rejects_leading_space),
		cmocka_unit_test(test_sbuf),
		cmocka_unit_test(test_strlist),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_path_join_and_home),
		cmocka_unit_test_setup_teardown(test_path_canonical, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_path_is_within, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_path_is_within_dotdot_in_missing_tail, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_path_is_within_dangling_symlink, tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_path_mkdirs, tree_setup, tree_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
