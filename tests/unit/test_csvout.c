/* test_csvout.c - the CSV writer: quoting, and formula injection neutralized. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formulas),
		cmocka_unit_test(test_cells),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
