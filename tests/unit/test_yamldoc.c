/* test_yamldoc.c - YAML trees, marks, refusals and streaming (yamldoc.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "csconsole/yamldoc.h"
#include "scratch.h"

static struct ynode *load_ok(const char *text)
{
	struct diag_list d = {0};
	struct ynode *root = NULL;
	int rc = ydoc_load_string("t.yaml", text, strlen(text), NULL, &root, &d);
	if (rc != 0)
		diag_print(&d, stderr);
	assert_int_equal(rc, 0);
	assert_int_equal(d.len, 0);
	diag_clear(&d);
	return root;
}

/* Loads text expecting failure; returns the single error formatted. */
static char *load_fail(const char *text, size_t len, const struct ylimits *lim)
{
	struct diag_list d = {0};
	struct ynode *root = (struct ynode *)&d;   /* must be reset to NULL */
	assert_int_equal(ydoc_load_string("t.yaml", text, len, lim, &root, &d), -1);
	assert_null(root);
	assert_int_equal(d.errors, 1);
	char *msg = diag_format(&d.items[0]);
	diag_clear(&d);
	return msg;
}

static void test_tree_shape_and_marks(void **state)
{
	(void)state;
	struct ynode *root = load_ok(
		"# comment\n"
		"name: 株式会社さくら\n"
		"list:\n"
		"  - 1\n"
		"  - \"two\"\n"
		"  - {a: x, b: ~}\n"
		"empty:\n"
		"quoted_null: \"null\"\n");
	assert_non_null(root);
	assert_int_equal(root->type, YNODE_MAP);
	assert_int_equal(root->len, 8);
	assert_int_equal(root->line, 2);
	assert_int_equal(root->col, 1);

	const struct ynode *name = ynode_get(root, "name");
	assert_string_equal(ynode_str(name), "株式会社さくら");
	assert_int_equal(name->line, 2);
	assert_int_equal(name->col, 7);
	assert_true(name->plain);

	const struct ynode *list = ynode_get(root, "list");
	assert_non_null(list);
	assert_int_equal(list->type, YNODE_SEQ);
	assert_string_equal(ynode_kind(list), "a list");
	assert_int_equal(list->len, 3);
	assert_string_equal(ynode_str(list->items[0]), "1");
	assert_int_equal(list->items[0]->line, 4);
	assert_int_equal(list->items[0]->col, 5);
	assert_string_equal(ynode_str(list->items[1]), "two");
	assert_false(list->items[1]->plain);
	const struct ynode *m = list->items[2];
	assert_int_equal(m->type, YNODE_MAP);
	assert_string_equal(ynode_kind(m), "a mapping");
	assert_int_equal(m->line, 6);
	assert_int_equal(m->col, 5);
	assert_string_equal(ynode_str(ynode_get(m, "a")), "x");
	assert_true(ynode_is_null(ynode_get(m, "b")));
	assert_int_equal(ynode_get(m, "b")->col, 15);

	assert_true(ynode_is_null(ynode_get(root, "empty")));
	assert_false(ynode_is_null(ynode_get(root, "quoted_null")));
	assert_string_equal(ynode_str(ynode_get(root, "quoted_null")), "null");
	assert_null(ynode_get(root, "missing"));
	assert_null(ynode_get(list, "a"));          /* not a map */
	assert_null(ynode_str(list));
	assert_string_equal(ynode_kind(name), "a scalar");
	ynode_free(root);
}

static void test_only_first_document(void **state)
{
	(void)state;
	struct ynode *root = load_ok("---\na: 1\n---\nb: [\n");
	assert_non_null(ynode_get(root, "a"));
	assert_null(ynode_get(root, "b"));
	ynode_free(root);
}

static void test_empty_inputs(void **state)
{
	(void)state;
	assert_null(load_ok(""));
	assert_null(load_ok("# only a comment\n\n"));
	assert_null(load_ok("---\n"));
	assert_null(load_ok("~\n"));

	char *path = scratch_write("empty.yaml", "", 0);
	struct diag_list d = {0};
	struct ynode *root = (struct ynode *)&d;
	assert_int_equal(ydoc_load_file(path, NULL, &root, &d), 0);
	assert_null(root);
	assert_int_equal(d.len, 0);
	free(path);
}

static void test_alias_refused(void **state)
{
	(void)state;
	char *msg = load_fail("a: &x 1\nb: *x\n", 14, NULL);
	assert_string_equal(msg, "t.yaml:1:4: error: aliases and anchors are not allowed "
			    "in csconsole files (write the value out in full)");
	free(msg);
	/* An anchor alone is refused too, on its node's line. */
	msg = load_fail("a: 1\nb: &y [1, 2]\n", 17, NULL);
	assert_true(str_starts_with(msg, "t.yaml:2:4: error: aliases and anchors"));
	free(msg);
	/* An alias to an undefined anchor: refused as an alias, before any lookup. */
	msg = load_fail("a: *nothing\n", 12, NULL);
	assert_true(str_starts_with(msg, "t.yaml:1:4: error: aliases and anchors"));
	free(msg);
}

static void test_billion_laughs(void **state)
{
	(void)state;
	const char *bomb =
		"a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
		"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
		"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
		"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
		"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
		"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
		"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
		"i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
	char *msg = load_fail(bomb, strlen(bomb), NULL);
	assert_true(str_starts_with(msg, "t.yaml:1:4: error: aliases and anchors are not allowed"));
	free(msg);

	/* The same through the streaming reader, with the bomb inside a streamed list. */
	struct sbuf b = {0};
	sbuf_adds(&b, "rows:\n  - ok\n  - &a [lol, lol]\n  - [*a, *a]\n");
	char *path = scratch_write("bomb.yaml", b.data, b.len);
	const char *const keys[] = { "rows", NULL };
	struct ydoc_stream_ops ops = {0};
	struct diag_list d = {0};
	assert_int_equal(ydoc_stream_file(path, keys, NULL, &ops, NULL, &d), -1);
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.items[0].line, 3);
	assert_int_equal(d.items[0].col, 5);
	assert_non_null(strstr(d.items[0].message, "aliases and anchors"));
	diag_clear(&d);
	sbuf_free(&b);
	free(path);
}

static void test_depth_limit(void **state)
{
	(void)state;
	struct ylimits lim = { .max_depth = 3 };
	struct diag_list d = {0};
	struct ynode *root = NULL;
	/* Three levels fit. */
	assert_int_equal(ydoc_load_string("t.yaml", "a: {b: [1]}", 11, &lim, &root, &d), 0);
	assert_int_equal(d.len, 0);
	ynode_free(root);
	/* A fourth does not; the message names the limit and the position. */
	char *msg = load_fail("a: {b: [[1]]}", 13, &lim);
	assert_string_equal(msg, "t.yaml:1:9: error: nested too deeply (more than 3 levels)");
	free(msg);

	/* The default limit (32) stops a deep flow nest long before the stack. */
	struct sbuf b = {0};
	for (int i = 0; i < 10000; i++)
		sbuf_addc(&b, '[');
	msg = load_fail(b.data, b.len, NULL);
	assert_non_null(strstr(msg, "more than 32 levels"));
	assert_true(str_starts_with(msg, "t.yaml:1:33:"));
	free(msg);
	sbuf_free(&b);
}

static void test_node_and_scalar_limits(void **state)
{
	(void)state;
	struct ylimits lim = { .max_nodes = 4 };
	char *msg = load_fail("[1, 2, 3, 4]", 12, &lim);
	assert_string_equal(msg, "t.yaml:1:11: error: too many values (more than 4 in one item)");
	free(msg);

	struct ylimits small = { .max_scalar = 5 };
	msg = load_fail("a: 123456\n", 10, &small);
	assert_string_equal(msg, "t.yaml:1:4: error: value too long (6 bytes, at most 5 allowed)");
	free(msg);
	struct ynode *root = NULL;
	struct diag_list d = {0};
	assert_int_equal(ydoc_load_string("t.yaml", "a: 12345\n", 9, &small, &root, &d), 0);
	assert_string_equal(ynode_str(ynode_get(root, "a")), "12345");
	ynode_free(root);
}

/* A huge scalar in a file: refused before libyaml holds it all in memory. */
static void test_huge_scalar_file(void **state)
{
	(void)state;
	struct ylimits lim = { .max_scalar = 1000 };
	struct sbuf b = {0};
	struct diag_list d = {0};
	struct ynode *root = NULL;

	/* 2,000 bytes: within the reader's slack, refused by the scalar limit. */
	sbuf_adds(&b, "a: 1\nb: ");
	for (int i = 0; i < 2000; i++)
		sbuf_addc(&b, 'x');
	sbuf_addc(&b, '\n');
	char *path = scratch_write("long.yaml", b.data, b.len);
	assert_int_equal(ydoc_load_file(path, &lim, &root, &d), -1);
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.items[0].line, 2);
	assert_string_equal(d.items[0].message, "value too long (2000 bytes, at most 1000 allowed)");
	diag_clear(&d);
	free(path);

	/* 8 MB in one streamed item: the reader stops long before the end. */
	sbuf_reset(&b);
	sbuf_adds(&b, "rows:\n  - ok\n  - ");
	for (int i = 0; i < 8 * 1024 * 1024; i++)
		sbuf_addc(&b, 'x');
	sbuf_addc(&b, '\n');
	path = scratch_write("huge.yaml", b.data, b.len);
	const char *const keys[] = { "rows", NULL };
	struct ydoc_stream_ops ops = {0};
	assert_int_equal(ydoc_stream_file(path, keys, &lim, &ops, NULL, &d), -1);
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.items[0].line, 2);
	assert_non_null(strstr(d.items[0].message, "more than 69536 bytes without a complete value"));
	diag_clear(&d);
	free(path);
	sbuf_free(&b);
}

static void test_duplicate_key_and_nul(void **state)
{
	(void)state;
	char *msg = load_fail("a: 1\nb: 2\na: 3\n", 15, NULL);
	assert_string_equal(msg, "t.yaml:3:1: error: duplicate key \"a\" (first at line 1): keep only one");
	free(msg);
	msg = load_fail("a: \"x\\0y\"\n", 10, NULL);
	assert_string_equal(msg, "t.yaml:1:4: error: a NUL character is not allowed in a value");
	free(msg);
}

static void test_syntax_error(void **state)
{
	(void)state;
	const char *text = "a: 1\nb: [1, 2\nc: 3\n";
	char *msg = load_fail(text, strlen(text), NULL);
	/* libyaml's own words, at a 1-based position on the line that broke. */
	assert_true(str_starts_with(msg, "t.yaml:3:"));
	assert_non_null(strstr(msg, "error: YAML syntax: did not find expected ',' or ']'"));
	assert_non_null(strstr(msg, "started at line 2"));
	free(msg);

	text = "a: 1\n  b: 2\n";
	msg = load_fail(text, strlen(text), NULL);
	assert_true(str_starts_with(msg, "t.yaml:2:4: error: YAML syntax: mapping values are not allowed"));
	free(msg);

	/* From a file: the file name leads. */
	char *path = scratch_write_str("syntax.yaml", text);
	struct diag_list d = {0};
	struct ynode *root = NULL;
	assert_int_equal(ydoc_load_file(path, NULL, &root, &d), -1);
	assert_int_equal(d.errors, 1);
	assert_string_equal(d.items[0].file, path);
	assert_int_equal(d.items[0].line, 2);
	diag_clear(&d);
	free(path);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	const char text[] = "a: ok\nb: caf\xc3\n";
	char *msg = load_fail(text, sizeof(text) - 1, NULL);
	assert_true(str_starts_with(msg, "t.yaml:2:7: error: "));
	assert_non_null(strstr(msg, "UTF-8"));
	free(msg);

	/* A file cut in the middle of a character. */
	const char cut[] = "a: caf\xc3";
	msg = load_fail(cut, sizeof(cut) - 1, NULL);
	assert_true(str_starts_with(msg, "t.yaml:1:7: error: incomplete UTF-8 octet sequence"));
	free(msg);

	const char latin1[] = "name: caf\xe9 cr\xe8me\n";
	char *path = scratch_write("latin1.yaml", latin1, sizeof(latin1) - 1);
	struct diag_list d = {0};
	struct ynode *root = NULL;
	assert_int_equal(ydoc_load_file(path, NULL, &root, &d), -1);
	assert_null(root);
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.items[0].line, 1);
	assert_int_equal(d.items[0].col, 10);
	assert_non_null(strstr(d.items[0].message, "must be UTF-8"));
	diag_clear(&d);
	free(path);
}

static void test_missing_file(void **state)
{
	(void)state;
	struct diag_list d = {0};
	struct ynode *root = NULL;
	char *path = scratch_path("nope.yaml");
	assert_int_equal(ydoc_load_file(path, NULL, &root, &d), -1);
	assert_int_equal(d.errors, 1);
	assert_non_null(strstr(d.items[0].message, "cannot open"));
	diag_clear(&d);
	assert_int_equal(ydoc_load_file(scratch_dir, NULL, &root, &d), -1);
	assert_non_null(strstr(d.items[0].message, "not a regular file"));
	diag_clear(&d);
	free(path);
}

/* Streaming: the callbacks record what they saw, in order. */
struct seen {
	struct sbuf log;
	struct ynode *kept;
	int stop_at;          /* item number that returns non-zero, 0 = never */
	int items;
};

static int on_entry(void *ctx, const char *key, struct ynode *value, bool *keep)
{
	struct seen *s = ctx;
	sbuf_addf(&s->log, "entry %s@%u:%u %s;", key, value->line, value->col, ynode_kind(value));
	if (strcmp(key, "generated_at") == 0) {
		s->kept = value;
		*keep = true;
	}
	return 0;
}

static int on_item(void *ctx, const char *key, const struct ynode *item)
{
	struct seen *s = ctx;
	const char *id = ynode_str(ynode_get(item, "id"));
	sbuf_addf(&s->log, "item %s/%s@%u;", key, id ? id : ynode_str(item), item->line);
	return ++s->items == s->stop_at;
}

static void test_stream_order(void **state)
{
	(void)state;
	const char *text =
		"generated_at: 2026-11-20T06:00:00Z\n"
		"accounts:\n"
		"  - id: A1\n"
		"    name: One\n"
		"  - {id: A2, name: Two}\n"
		"note: {x: 1}\n"
		"metrics:\n"
		"  - m1\n"
		"other: [1]\n";
	char *path = scratch_write_str("stream.yaml", text);
	const char *const keys[] = { "accounts", "metrics", NULL };
	struct ydoc_stream_ops ops = { on_entry, on_item };
	struct seen s = {0};
	struct diag_list d = {0};
	assert_int_equal(ydoc_stream_file(path, keys, NULL, &ops, &s, &d), 0);
	assert_int_equal(d.len, 0);
	assert_string_equal(s.log.data,
		"entry generated_at@1:15 a scalar;"
		"item accounts/A1@3;item accounts/A2@5;"
		"entry note@6:7 a mapping;"
		"item metrics/m1@8;"
		"entry other@9:8 a list;");
	/* The kept value is the caller's. */
	assert_string_equal(ynode_str(s.kept), "2026-11-20T06:00:00Z");
	ynode_free(s.kept);
	sbuf_free(&s.log);

	/* A callback stops the parse: -1, no further calls. */
	struct seen stop = { .stop_at = 1 };
	assert_int_equal(ydoc_stream_file(path, keys, NULL, &ops, &stop, &d), -1);
	assert_string_equal(stop.log.data, "entry generated_at@1:15 a scalar;item accounts/A1@3;");
	assert_int_equal(d.len, 0);     /* the callback reports its own problem */
	ynode_free(stop.kept);
	sbuf_free(&stop.log);
	free(path);
}

static void test_stream_bounded(void **state)
{
	(void)state;
	/* 2,000 items of 3 nodes each: far beyond a 10-node limit for the whole
	 * file, yet fine because the limit applies per item. */
	struct sbuf b = {0};
	sbuf_adds(&b, "rows:\n");
	for (int i = 0; i < 2000; i++)
		sbuf_addf(&b, "  - {id: r%d}\n", i);
	char *path = scratch_write("big.yaml", b.data, b.len);
	const char *const keys[] = { "rows", NULL };
	struct ydoc_stream_ops ops = { NULL, on_item };
	struct ylimits lim = { .max_nodes = 10 };
	struct seen s = {0};
	struct diag_list d = {0};
	assert_int_equal(ydoc_stream_file(path, keys, &lim, &ops, &s, &d), 0);
	assert_int_equal(s.items, 2000);
	assert_int_equal(d.len, 0);
	sbuf_free(&s.log);

	/* Whole-file loading of the same file exceeds the limit. */
	struct ynode *root = NULL;
	assert_int_equal(ydoc_load_file(path, &lim, &root, &d), -1);
	assert_non_null(strstr(d.items[0].message, "too many values"));
	diag_clear(&d);
	sbuf_free(&b);
	free(path);
}

static void stream_expect_error(const char *text, const char *want)
{
	char *path = scratch_write_str("serr.yaml", text);
	const char *const keys[] = { "rows", NULL };
	struct ydoc_stream_ops ops = { on_entry, on_item };
	struct seen s = {0};
	struct diag_list d = {0};
	assert_int_equal(ydoc_stream_file(path, keys, NULL, &ops, &s, &d), -1);
	assert_int_equal(d.errors, 1);
	char *msg = diag_format(&d.items[0]);
	char *full = xasprintf("%s:%s", path, want);
	assert_string_equal(msg, full);
	free(full);
	free(msg);
	diag_clear(&d);
	ynode_free(s.kept);
	sbuf_free(&s.log);
	free(path);
}

static void test_stream_errors(void **state)
{
	(void)state;
	stream_expect_error("- a\n- b\n",
		"1:1: error: the file must be a mapping of keys to values, not a list");
	stream_expect_error("just text\n",
		"1:1: error: the file must be a mapping of keys to values, not a single value");
	stream_expect_error("rows: {a: 1}\n", "1:7: error: \"rows\" (line 1) must be a list");
	stream_expect_error("rows: []\nrows: []\n", "2:1: error: duplicate key \"rows\": keep only one");
	stream_expect_error("rows:\n  - a\n  - [b\n", "4:1: error: YAML syntax: did not find expected ',' or ']' "
		"(while parsing a flow sequence started at line 3)");

	/* Empty and null documents stream nothing. */
	const char *empties[] = { "", "---\n", "~\n", "# nothing\n" };
	for (size_t i = 0; i < ARRAY_SIZE(empties); i++) {
		char *path = scratch_write_str("e.yaml", empties[i]);
		struct ydoc_stream_ops ops = { on_entry, on_item };
		struct seen s = {0};
		struct diag_list d = {0};
		assert_int_equal(ydoc_stream_file(path, NULL, NULL, &ops, &s, &d), 0);
		assert_int_equal(d.len, 0);
		assert_null(s.log.data);
		free(path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_shape_and_marks),
		cmocka_unit_test(test_only_first_document),
		cmocka_unit_test(test_empty_inputs),
		cmocka_unit_test(test_alias_refused),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_node_and_scalar_limits),
		cmocka_unit_test(test_huge_scalar_file),
		cmocka_unit_test(test_duplicate_key_and_nul),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_stream_order),
		cmocka_unit_test(test_stream_bounded),
		cmocka_unit_test(test_stream_errors),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
