/* test_report_out.c - a struct report written by report_out.c: text aligned
 * by display cells (a Japanese name is two cells a character), money with
 * its currency, percentages, a rule above totals, no trailing blanks, the
 * drill-down; csv with the column ids and ID_currency; json keyed by the
 * ids; markdown with pipes escaped and totals in bold. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/csvout.h"
#include "csconsole/date.h"
#include "csconsole/report_out.h"
#include "csconsole/text.h"

static const struct report_col cols[] = {
	{ "name", "Name", CELL_TEXT },
	{ "arr", "ARR", CELL_MONEY },
	{ "share", "Share", CELL_PERCENT },
	{ "n", "Count", CELL_INT },
	{ "day", "Day", CELL_DAY },
};

static void set_text(struct report_cell *c, const char *s)
{
	c->type = CELL_TEXT;
	c->text = xstrdup(s);
}

static void build(struct report *r)
{
	memset(r, 0, sizeof(*r));
	report_init(r, REPORT_TEAM, cols, 5);
	r->title = xstrdup("A | report");
	r->formula = xstrdup("share = a / b");
	strlist_add(&r->notes, "a note");
	struct report_row *row = report_add_row(r, 1);
	set_text(&row->cells[0], "株式会社さくら");
	row->cells[1] = (struct report_cell){ .type = CELL_MONEY, .d = 12000000, .currency = "JPY" };
	row->cells[2] = (struct report_cell){ .type = CELL_PERCENT, .d = 0.955 };
	row->cells[3] = (struct report_cell){ .type = CELL_INT, .i = 3 };
	row->cells[4] = (struct report_cell){ .type = CELL_DAY, .i = day_from_ymd(2027, 3, 31) };
	strlist_add(&row->accounts, "ACC-0001");
	row = report_add_row(r, 1);
	set_text(&row->cells[0], "Pipe|Co\x1b[31m");
	row->cells[1] = (struct report_cell){ .type = CELL_MONEY, .d = 48000.5, .currency = "USD" };
	row = report_add_row(r, 0);
	set_text(&row->cells[0], "Total");
	row->cells[3] = (struct report_cell){ .type = CELL_INT, .i = 12345 };
	strlist_add(&row->accounts, "ACC-0001");
	strlist_add(&row->accounts, "ACC-0002");
}

static char *capture(void (*write)(FILE *, const struct report *, bool), const struct report *r, bool accounts)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&buf, &size);
	write(fp, r, accounts);
	fclose(fp);
	return buf;
}

static void test_text(void **state)
{
	(void)state;
	struct report r;
	build(&r);
	char *out = capture(report_write_text, &r, true);
	/* the header, the two detail rows and the total: the same right edge
	 * where the numbers end (column Count) */
	char *lines[16];
	int n = 0;
	for (char *save, *l = strtok_r(out, "\n", &save); l && n < 16; l = strtok_r(NULL, "\n", &save))
		lines[n++] = l;
	assert_string_equal(lines[0], "A | report");
	int header = 1;
	assert_non_null(strstr(lines[header], "Name"));
	int w_rule = text_width(lines[header + 1]);
	assert_true(lines[header + 1][0] == '-');
	/* row 1: the Japanese name, ¥ amount, 95.5%, 3, the day; its width is the rule's */
	assert_non_null(strstr(lines[header + 2], "株式会社さくら"));
	assert_non_null(strstr(lines[header + 2], "12,000,000"));
	assert_non_null(strstr(lines[header + 2], "95.5%"));
	assert_non_null(strstr(lines[header + 2], "2027-03-31"));
	assert_int_equal(text_width(lines[header + 2]), w_rule);
	assert_string_equal(lines[header + 3], "    accounts: ACC-0001");
	/* row 2: the escape sequence is gone; $48,000.50 */
	assert_null(strchr(lines[header + 4], '\x1b'));
	assert_non_null(strstr(lines[header + 4], "48,000.50"));
	/* no trailing blanks anywhere */
	for (int i = 0; i < n; i++)
		assert_true(lines[i][strlen(lines[i]) - 1] != ' ');
	/* a rule above the total, whose count ends where the first row's does */
	assert_true(lines[header + 5][0] == '-');
	assert_true(strncmp(lines[header + 6], "Total", 5) == 0);
	char *p1 = strstr(lines[header + 2], " 3 "), *p2 = strstr(lines[header + 6], "12345");
	assert_non_null(p1);
	assert_non_null(p2);
	int end1 = text_width(lines[header + 2]) - text_width(p1 + 2);   /* cells up to the end of "3" */
	int end2 = text_width(lines[header + 6]) - text_width(p2 + 5);
	assert_int_equal(end1, end2);
	assert_string_equal(lines[n - 2], "share = a / b");
	assert_string_equal(lines[n - 1], "a note");
	free(out);
	report_free(&r);
}

static void test_csv(void **state)
{
	(void)state;
	struct report r;
	char *buf = NULL;
	size_t size = 0;
	struct csvout w;
	build(&r);
	FILE *fp = open_memstream(&buf, &size);
	csvout_init(&w, fp, false);
	report_write_csv(&w, &r, true);
	csvout_close(&w);
	fclose(fp);
	const char *want =
		"\"name\",\"arr\",\"arr_currency\",\"share\",\"n\",\"day\",\"accounts\"\r\n"
		"\"株式会社さくら\",\"12000000\",\"JPY\",\"0.9550\",\"3\",\"2027-03-31\",\"ACC-0001\"\r\n"
		"\"Pipe|Co\x1b[31m\",\"48000.50\",\"USD\",\"\",\"\",\"\",\"\"\r\n"
		"\"Total\",\"\",\"\",\"\",\"12345\",\"\",\"ACC-0001 ACC-0002\"\r\n";
	assert_string_equal(buf, want);
	free(buf);
	report_free(&r);
}

static void test_json_markdown(void **state)
{
	(void)state;
	struct report r;
	build(&r);
	char *js = capture(report_write_json, &r, true);
	assert_non_null(strstr(js, "\"report\":\"team\""));
	assert_non_null(strstr(js, "\"arr\":12000000"));
	assert_non_null(strstr(js, "\"arr_currency\":\"JPY\""));
	assert_non_null(strstr(js, "\"share\":0.9550"));
	assert_non_null(strstr(js, "\"day\":\"2027-03-31\""));
	assert_non_null(strstr(js, "\"share\":null"));
	assert_non_null(strstr(js, "\"accounts\":[\n        \"ACC-0001\",\n        \"ACC-0002\"\n      ]"));
	free(js);
	char *md = capture(report_write_markdown, &r, false);
	assert_non_null(strstr(md, "## A | report\n"));
	assert_non_null(strstr(md, "| Name | ARR | Share | Count | Day |\n| --- | ---: | ---: | ---: | --- |\n"));
	assert_non_null(strstr(md, "| Pipe\\|Co"));
	assert_non_null(strstr(md, "| **Total** |  |  | **12345** |  |\n"));
	assert_null(strchr(md, '\x1b'));
	free(md);
	report_free(&r);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_json_markdown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
