/* test_csvout.c - the CSV writer: quoting, and formula injection neutralized. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/csvheaders.h"
#include "csconsole/csvout.h"

static void test_formulas(void **state)
{
	(void)state;
	static const char *const formulas[] = {
		"=1+1", "=HYPERLINK(\"http://x.example\",\"x\")", "@SUM(A1)", "+1+1", "-1+1",
		"-2+3+cmd|' /C calc'!A0", "+", "-", "=", "@", "\t", "\r", "\t1", "\r1", "\tabc",
		" =1", "  @A1", "\n=1", " -5", "-5 ", "--5", "-.5", "-5.", "-1e", "-1e+", "+1,000",
		"-inf", "-nan", "-0x10", "+ 1",
	};
	static const char *const plain[] = {
		"", "a", "a=b", "Northwind Analytics", "株式会社さくら", "12", "0", "-3", "+5", "-0",
		"-1.5", "+12.25", "-1.5e3", "1e+06", "-2E-05", "48000.00", " ", "'=1", "＝1",
	};
	for (size_t i = 0; i < sizeof(formulas) / sizeof(*formulas); i++)
		if (!csvout_is_formula(formulas[i]))
			fail_msg("[%s] should count as a formula", formulas[i]);
	for (size_t i = 0; i < sizeof(plain) / sizeof(*plain); i++)
		if (csvout_is_formula(plain[i]))
			fail_msg("[%s] should not count as a formula", plain[i]);
}

/* Writes rows of cells (NULL ends a row, two NULLs the table) and returns the text. */
static char *write_rows(bool raw, const char *const *cells)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct csvout w;
	assert_non_null(fp);
	csvout_init(&w, fp, raw);
	for (size_t i = 0; cells[i] || cells[i + 1]; i++) {
		if (cells[i])
			csvout_cell(&w, cells[i]);
		else
			csvout_end_row(&w);
	}
	csvout_end_row(&w);
	assert_int_equal(csvout_close(&w), 0);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

static void test_cells(void **state)
{
	(void)state;
	static const char *const cells[] = {
		"name", "delta", NULL,
		"=HYPERLINK(\"http://x.example\",\"x\")", "-3", NULL,
		"a,b", "+1+1", NULL,
		"\tx", "", NULL, NULL,
	};
	char *out = write_rows(false, cells);
	assert_string_equal(out,
		"\"name\",\"delta\"\r\n"
		"\"'=HYPERLINK(\"\"http://x.example\"\",\"\"x\"\")\",\"-3\"\r\n"
		"\"a,b\",\"'+1+1\"\r\n"
		"\"'\tx\",\"\"\r\n");
	free(out);
	out = write_rows(true, cells);
	assert_string_equal(out,
		"\"name\",\"delta\"\r\n"
		"\"=HYPERLINK(\"\"http://x.example\"\",\"\"x\"\")\",\"-3\"\r\n"
		"\"a,b\",\"+1+1\"\r\n"
		"\"\tx\",\"\"\r\n");
	free(out);
}

/* Writes rows as write_rows does, through csvout_open with options; the
 * writer is left open in *w for its counts (close it after). */
static void write_opts(const struct csvout_opts *o, const char *const *cells, struct csvout *w,
		       char **buf, size_t *len)
{
	FILE *fp = open_memstream(buf, len);
	assert_non_null(fp);
	assert_int_equal(csvout_open(w, fp, o), 0);
	for (size_t i = 0; cells[i] || cells[i + 1]; i++) {
		if (cells[i])
			csvout_cell(w, cells[i]);
		else
			csvout_end_row(w);
	}
	csvout_end_row(w);
	assert_int_equal(fflush(fp), 0);
	w->fp = fp;
}

static void finish(struct csvout *w)
{
	FILE *fp = w->fp;
	assert_int_equal(csvout_close(w), 0);
	assert_int_equal(fclose(fp), 0);
}

static void test_excel_bom(void **state)
{
	(void)state;
	static const char *const cells[] = { "id", "name", NULL, "ACC-1", "さくら", NULL, NULL };
	struct csvout_opts o = { .excel = true };
	struct csvout w;
	size_t len;
	char *out = NULL;
	write_opts(&o, cells, &w, &out, &len);
	finish(&w);
	static const char want[] = "\xEF\xBB\xBF\"id\",\"name\"\r\n\"ACC-1\",\"さくら\"\r\n";
	assert_int_equal(len, sizeof(want) - 1);
	assert_memory_equal(out, want, len);
	free(out);
	/* Without --excel: no BOM, the same rows. */
	o.excel = false;
	write_opts(&o, cells, &w, &out, &len);
	finish(&w);
	assert_int_equal(len, sizeof(want) - 4);
	assert_memory_equal(out, want + 3, len);
	free(out);
}

static void test_cp932(void **state)
{
	(void)state;
	/* さくら, the wave dash as a Mac types it (U+301C) and as Windows does
	 * (U+FF5E), a circled one (an NEC extension CP932 has), a formula. */
	static const char *const cells[] = { "id", "name", NULL, "ACC-1", "さくら〜～①", NULL,
					     "ACC-2", "=1+1", NULL, NULL };
	struct csvout_opts o = { .excel = true, .encoding = CSVOUT_CP932 };
	struct csvout w;
	size_t len;
	char *out = NULL;
	write_opts(&o, cells, &w, &out, &len);
	assert_int_equal(w.replaced, 0);
	finish(&w);
	/* No BOM: CP932 has none, even with --excel. */
	static const char want[] = "\"id\",\"name\"\r\n"
		"\"ACC-1\",\"\x82\xB3\x82\xAD\x82\xE7\x81\x60\x81\x60\x87\x40\"\r\n"
		"\"ACC-2\",\"'=1+1\"\r\n";
	assert_int_equal(len, sizeof(want) - 1);
	assert_memory_equal(out, want, len);
	free(out);
}

static void test_cp932_fallback(void **state)
{
	(void)state;
	/* An emoji and a kanji outside JIS X 0208 and CP932's extensions. */
	static const char *const cells[] = { "id", "name", "note", NULL,
					     "ACC-1", "ok", "fine", NULL,
					     "ACC-2", "a😀b", "𠮷野家", NULL, NULL };
	struct csvout_opts o = { .encoding = CSVOUT_CP932 };
	struct csvout w;
	size_t len;
	char *out = NULL;
	write_opts(&o, cells, &w, &out, &len);
	assert_int_equal(w.replaced, 2);
	assert_int_equal(w.replaced_row, 3);
	assert_string_equal(w.replaced_column, "\"name\"");
	assert_string_equal(w.replaced_char, "😀");
	finish(&w);
	static const char want[] = "\"id\",\"name\",\"note\"\r\n\"ACC-1\",\"ok\",\"fine\"\r\n"
		"\"ACC-2\",\"a?b\",\"?\x96\xEC\x89\xC6\"\r\n";
	assert_int_equal(len, sizeof(want) - 1);
	assert_memory_equal(out, want, len);
	free(out);
}

/* --headers localized: the first row's ids become titles (English here: no
 * catalog), an unknown id stays as it is, and the rows below are untouched. */
static void test_localized_headers(void **state)
{
	(void)state;
	static const char *const cells[] = { "account", "days_left", "no_such_id", NULL,
					     "account", "days_left", "=1", NULL, NULL };
	struct csvout_opts o = { .localized = true };
	struct csvout w;
	size_t len;
	char *out = NULL;
	write_opts(&o, cells, &w, &out, &len);
	finish(&w);
	static const char want[] = "\"Account\",\"Days left\",\"no_such_id\"\r\n"
				   "\"account\",\"days_left\",\"'=1\"\r\n";
	assert_int_equal(len, sizeof(want) - 1);
	assert_memory_equal(out, want, len);
	free(out);
	/* ids (the default): as they are */
	o.localized = false;
	write_opts(&o, cells, &w, &out, &len);
	finish(&w);
	static const char ids[] = "\"account\",\"days_left\",\"no_such_id\"\r\n";
	assert_true(len > sizeof(ids) - 1);
	assert_memory_equal(out, ids, sizeof(ids) - 1);
	free(out);
	assert_string_equal(csv_header_label("no_such_id"), "no_such_id");
	assert_string_equal(csv_header_label("renewal"), "Renewal date");
}

static void test_encoding_names(void **state)
{
	(void)state;
	enum csvout_encoding e = CSVOUT_UTF8;
	static const char *const cp932[] = { "cp932", "CP932", "Windows-31J", "shift_jis", "SJIS" };
	for (size_t i = 0; i < sizeof(cp932) / sizeof(*cp932); i++) {
		e = CSVOUT_UTF8;
		assert_true(csvout_encoding_parse(cp932[i], &e));
		assert_int_equal(e, CSVOUT_CP932);
	}
	assert_true(csvout_encoding_parse("UTF-8", &e));
	assert_int_equal(e, CSVOUT_UTF8);
	assert_false(csvout_encoding_parse("latin1", &e));
	assert_false(csvout_encoding_parse("", &e));
	assert_string_equal(csvout_encoding_name(CSVOUT_CP932), "CP932");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formulas),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_excel_bom),
		cmocka_unit_test(test_cp932),
		cmocka_unit_test(test_cp932_fallback),
		cmocka_unit_test(test_encoding_names),
		cmocka_unit_test(test_localized_headers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
