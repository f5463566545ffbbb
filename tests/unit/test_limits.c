/* test_limits.c - the table of field limits: characters, not bytes; the
 * message that names the limit; the same limit in log_check; docs/limits.md
 * matches the table. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/config.h"
#include "csconsole/date.h"
#include "csconsole/limits.h"
#include "csconsole/log.h"
#include "csconsole/util.h"

/* n copies of the UTF-8 character c; caller frees. */
static char *repeat(const char *c, size_t n)
{
	struct sbuf b = { 0 };
	for (size_t i = 0; i < n; i++)
		sbuf_add(&b, c, strlen(c));
	if (!b.data)
		return xstrdup("");
	return b.data;
}

static void test_utf8_chars_counts_code_points(void **state)
{
	(void)state;
	assert_int_equal(utf8_chars("", 0), 0);
	assert_int_equal(utf8_chars("abc", 3), 3);
	assert_int_equal(utf8_chars("東京", 6), 2);
	assert_int_equal(utf8_chars("a\xf0\x9f\x98\x80z", 6), 3);   /* an emoji: 4 bytes, 1 character */
	assert_int_equal(utf8_chars("\x80x", 2), 1);                /* a stray continuation byte */
}

static void test_summary_limit_in_characters(void **state)
{
	(void)state;
	size_t max = limit_chars(LIMIT_SUMMARY);
	assert_int_equal(max, 500);
	char *ok = repeat("日", max), *over = repeat("日", 612), *ascii = repeat("x", max + 1);
	/* 1500 bytes, 500 characters: within the limit */
	assert_int_equal(strlen(ok), 1500);
	assert_int_equal(limit_check(LIMIT_SUMMARY, NULL, ok, strlen(ok)), 0);
	assert_int_equal(limit_check(LIMIT_SUMMARY, NULL, over, strlen(over)), -1);
	assert_string_equal(error_message(), "summary: 612 characters, the limit is 500; "
			    "shorten it or put the rest in the note");
	assert_int_equal(limit_check(LIMIT_SUMMARY, "--summary", ascii, strlen(ascii)), -1);
	assert_string_equal(error_message(), "--summary: 501 characters, the limit is 500; "
			    "shorten it or put the rest in the note");
	free(ok), free(over), free(ascii);
}

static void test_byte_backstop_never_refuses_within_limit(void **state)
{
	(void)state;
	for (int f = 0; f < LIMIT_COUNT; f++) {
		/* the widest characters UTF-8 has, as many as the limit allows */
		size_t n = limit_chars((enum limit_field)f);
		char *s = repeat("\xf0\x9f\x98\x80", n);
		assert_int_equal(strlen(s), limit_bytes((enum limit_field)f));
		if (limit_check((enum limit_field)f, NULL, s, strlen(s)) != 0)
			fail_msg("%s: %zu characters refused: %s", limit_info((enum limit_field)f)->name,
				 n, error_message());
		char *more = repeat("\xf0\x9f\x98\x80", n + 1);
		assert_int_equal(limit_check((enum limit_field)f, NULL, more, strlen(more)), -1);
		assert_non_null(strstr(error_message(), "bytes, more than"));
		free(s), free(more);
	}
}

static void test_every_field_named_and_limited(void **state)
{
	(void)state;
	for (int f = 0; f < LIMIT_COUNT; f++) {
		const struct limit_info *li = limit_info((enum limit_field)f);
		assert_true(li->chars > 0);
		assert_true(li->name[0] && li->what[0] && li->hint[0]);
		for (int g = 0; g < f; g++)
			assert_string_not_equal(li->name, limit_info((enum limit_field)g)->name);
	}
}

/* log_check (the console's log form and the CLI) refuses with the same
 * words as the table, and accepts what the table accepts. */
static void test_log_check_uses_the_table(void **state)
{
	(void)state;
	struct config cfg;
	config_defaults(&cfg);
	int today = day_from_ymd(2026, 11, 23);
	char *ok = repeat("会", 500), *over = repeat("会", 600);
	struct log_entry e = { .account = "A1", .kind = "call", .summary = ok, .touch_day = today,
			       .next_day = DAY_NONE };
	enum log_bad bad;
	assert_int_equal(log_check(&cfg, &e, today, &bad), 0);
	e.summary = over;
	assert_int_equal(log_check(&cfg, &e, today, &bad), -1);
	assert_int_equal(bad, LOG_BAD_SUMMARY);
	assert_string_equal(error_message(), "summary: 600 characters, the limit is 500; "
			    "shorten it or put the rest in the note");
	char *note = repeat("x", limit_chars(LIMIT_NOTE) + 1);
	e.summary = ok;
	e.text = note;
	assert_int_equal(log_check(&cfg, &e, today, &bad), -1);
	assert_int_equal(bad, LOG_BAD_TEXT);
	assert_non_null(strstr(error_message(), "note: 65537 characters, the limit is 65536"));
	free(ok), free(over), free(note);
	config_free(&cfg);
}

/* docs/limits.md holds the table as limit_table_markdown() writes it. */
static void test_docs_table_matches(void **state)
{
	(void)state;
	const char *root = getenv("CSC_ROOT");
	char path[4096];
	str_format(path, sizeof(path), "%s/docs/limits.md", root ? root : ".");
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s", path);
	struct sbuf doc = { 0 };
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sbuf_add(&doc, buf, n);
	fclose(f);
	char *table = limit_table_markdown();
	if (!strstr(sbuf_str(&doc), table))
		fail_msg("docs/limits.md does not hold the table of limits.c; it should contain:\n%s", table);
	free(table);
	sbuf_free(&doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_chars_counts_code_points),
		cmocka_unit_test(test_summary_limit_in_characters),
		cmocka_unit_test(test_byte_backstop_never_refuses_within_limit),
		cmocka_unit_test(test_every_field_named_and_limited),
		cmocka_unit_test(test_log_check_uses_the_table),
		cmocka_unit_test(test_docs_table_matches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
