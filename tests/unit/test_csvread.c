/* test_csvread.c - CSV as Excel and CRMs write it: BOM, CRLF, quoted
 * newlines (and the line numbers of the rows after them), columns by header
 * name in any order, the generated_at line, file-level errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "csconsole/csvread.h"
#include "csconsole/date.h"

static const struct csvread_col metric_cols[] = {
	{ "account", true }, { "date", true }, { "metric", true }, { "value", true },
	{ "note", false },
};
#define NCOLS ARRAY_SIZE(metric_cols)

/* Every row seen: its line, field count and wanted values joined by '|'
 * (absent columns as "-"). */
struct seen {
	unsigned line[32];
	char text[32][128];
	bool ok[32];
	char why[32][256];
	size_t n;
	bool header_called;
	int colmap[8];
	char unmapped[256];   /* the ignored columns, joined by '|' */
	int stop_after;       /* stop when this many rows were seen (0 = never) */
};

static int on_row(void *ctx, const struct csvread_row *row)
{
	struct seen *s = ctx;
	assert_true(s->n < 32);
	s->line[s->n] = row->line;
	s->text[s->n][0] = '\0';
	for (size_t i = 0; i < row->ncols; i++) {
		size_t len = strlen(s->text[s->n]);
		str_format(s->text[s->n] + len, sizeof(s->text[0]) - len, "%s%s", i ? "|" : "",
			   row->val[i] ? row->val[i] : "-");
	}
	s->ok[s->n] = csvread_row_ok(row, s->why[s->n], sizeof(s->why[0]));
	s->n++;
	return s->stop_after && (int)s->n >= s->stop_after;
}

static int on_header(void *ctx, const struct csvread_info *info)
{
	struct seen *s = ctx;
	s->header_called = true;
	for (size_t i = 0; i < NCOLS; i++)
		s->colmap[i] = info->colmap[i];
	s->unmapped[0] = '\0';
	for (size_t i = 0; i < info->nunmapped; i++) {
		size_t len = strlen(s->unmapped);
		str_format(s->unmapped + len, sizeof(s->unmapped) - len, "%s%s", i ? "|" : "",
			   info->unmapped[i]);
	}
	return 0;
}

static int read_mapped(const char *text, const struct csvread_alias *al, size_t nal,
		       struct seen *s, struct diag_list *d)
{
	struct csvread_spec spec = {
		.name = "m.csv", .cols = metric_cols, .ncols = NCOLS,
		.on_header = on_header, .on_row = on_row, .ctx = s, .diags = d,
		.aliases = al, .naliases = nal, .map_key = "feeds.metrics.columns",
	};
	return csvread_buffer(text, strlen(text), &spec, NULL);
}

static int read_text(const char *text, size_t len, struct seen *s, struct diag_list *d,
		     struct csvread_info *info)
{
	struct csvread_spec spec = {
		.name = "m.csv", .cols = metric_cols, .ncols = NCOLS,
		.on_header = on_header, .on_row = on_row, .ctx = s, .diags = d,
	};
	return csvread_buffer(text, len, &spec, info);
}

static bool has_diag(const struct diag_list *d, enum diag_severity sev, unsigned line,
		     const char *text)
{
	for (size_t i = 0; i < d->len; i++)
		if (d->items[i].severity == sev && d->items[i].line == line &&
		    strstr(d->items[i].message, text))
			return true;
	return false;
}

/* A BOM, the generated_at line, CRLF, a header with blanks and capitals, a
 * quoted field spanning two lines, a blank line, a short row, no final newline. */
static const char excel[] =
	"\xEF\xBB\xBF# generated_at: 2026-11-20T06:00:00Z\r\n"   /* 1 */
	"Account , DATE,Metric,Value,Note\r\n"                   /* 2 */
	"A1,2026-01-01,logins,5,x\r\n"                           /* 3 */
	"A2,2026-01-02,logins,6,\"two\r\nlines\"\r\n"            /* 4-5 */
	"\r\n"                                                   /* 6 */
	"A3,2026-01-03,logins,7,\"say \"\"hi\"\", ok\"\r\n"      /* 7 */
	"A4,2026-01-04,logins\r\n"                               /* 8 */
	"A5,2026-01-05,logins,8,z";                              /* 9 */

static void test_excel_export(void **state)
{
	(void)state;
	struct seen s = {0};
	struct diag_list d = {0};
	struct csvread_info info;
	int64_t ts;

	assert_int_equal(read_text(excel, strlen(excel), &s, &d, &info), 0);
	assert_int_equal(d.len, 0);
	assert_true(s.header_called);
	assert_true(info.has_generated_at);
	assert_true(ts_parse_iso("2026-11-20T06:00:00Z", &ts));
	assert_int_equal(info.generated_at, ts);
	assert_int_equal(info.header_line, 2);
	assert_int_equal(s.n, 5);
	assert_int_equal(info.rows, 5);
	assert_int_equal(s.line[0], 3);
	assert_string_equal(s.text[0], "A1|2026-01-01|logins|5|x");
	assert_int_equal(s.line[1], 4);
	assert_string_equal(s.text[1], "A2|2026-01-02|logins|6|two\r\nlines");
	/* The rows after a quoted newline and a blank line keep their true lines. */
	assert_int_equal(s.line[2], 7);
	assert_string_equal(s.text[2], "A3|2026-01-03|logins|7|say \"hi\", ok");
	assert_true(s.ok[2]);
	assert_int_equal(s.line[3], 8);
	assert_string_equal(s.text[3], "A4|2026-01-04|logins|-|-");
	assert_false(s.ok[3]);
	assert_non_null(strstr(s.why[3], "3 fields but the header has 5"));
	assert_int_equal(s.line[4], 9);
	assert_string_equal(s.text[4], "A5|2026-01-05|logins|8|z");
	diag_clear(&d);
}

/* The same bytes however read() happens to cut them: a pipe fed one byte at a time. */
static void test_any_chunking(void **state)
{
	(void)state;
	struct seen a = {0}, b = {0};
	struct diag_list d = {0};
	struct csvread_spec spec = {
		.name = "m.csv", .cols = metric_cols, .ncols = NCOLS, .on_row = on_row,
		.ctx = &b, .diags = &d,
	};
	int fds[2];
	pid_t pid;

	assert_int_equal(read_text(excel, strlen(excel), &a, &d, NULL), 0);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		for (size_t i = 0; i < strlen(excel); i++) {
			if (write(fds[1], excel + i, 1) != 1)
				_exit(1);
			if (i % 7 == 0)
				usleep(200);
		}
		_exit(0);
	}
	close(fds[1]);
	assert_int_equal(csvread_fd(fds[0], &spec, NULL), 0);
	close(fds[0]);
	waitpid(pid, NULL, 0);
	assert_int_equal(a.n, b.n);
	for (size_t i = 0; i < a.n; i++) {
		assert_int_equal(a.line[i], b.line[i]);
		assert_string_equal(a.text[i], b.text[i]);
	}
	diag_clear(&d);
}

static void test_reordered_and_unknown_columns(void **state)
{
	(void)state;
	static const char text[] = "value,extra,metric,date,account\n9,?,nps,2026-02-01,B7\n";
	struct seen s = {0};
	struct diag_list d = {0};
	struct csvread_info info;

	assert_int_equal(read_text(text, strlen(text), &s, &d, &info), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.text[0], "B7|2026-02-01|nps|9|-");
	assert_true(s.ok[0]);
	assert_int_equal(s.colmap[0], 4);     /* account is the file's fifth column */
	assert_int_equal(s.colmap[3], 0);
	assert_int_equal(s.colmap[4], -1);    /* no note column */
	/* a column no one wants is ignored without a word, and listed for doctor */
	assert_int_equal(d.len, 0);
	assert_string_equal(s.unmapped, "extra");
	diag_clear(&d);
}

/* Aliases: the user's mapping first (and only it), then the preset's in
 * order, then the column's own name; the rest listed as unmapped. */
static void test_aliases(void **state)
{
	(void)state;
	static const struct csvread_alias al[] = {
		{ 0, "Account ID", false }, { 0, "AccountId", false },   /* preset, in order */
		{ 1, "Day", false },
		{ 3, "Amount", true },                                    /* the user's */
	};
	struct seen s = {0};
	struct diag_list d = {0};

	/* both preset names present: the first one wins, the other is unmapped;
	 * "value" is not taken, for the user mapped value to "Amount" */
	assert_int_equal(read_mapped("AccountId,\"Account ID\",DAY,Metric,value,amount\n"
				     "X,A1,2026-01-01,logins,1,2\n", al, ARRAY_SIZE(al), &s, &d), 0);
	assert_int_equal(d.len, 0);
	assert_string_equal(s.text[0], "A1|2026-01-01|logins|2|-");
	assert_string_equal(s.unmapped, "AccountId|value");

	/* the user's header is missing: named with the key, even if "value" is there */
	s = (struct seen){0};
	assert_int_equal(read_mapped("account,date,metric,value\nA1,2026-01-01,x,1\n",
				     al, ARRAY_SIZE(al), &s, &d), -1);
	assert_true(has_diag(&d, DIAG_ERROR, 1, "no column \"Amount\" for \"value\" "
			     "(feeds.metrics.columns.value): the header has \"account\", \"date\", "
			     "\"metric\", \"value\"; fix the mapping"));
	diag_clear(&d);

	/* every missing required column is named, each with the key to set */
	s = (struct seen){0};
	assert_int_equal(read_mapped("Account ID,Amount,Other\nA1,1,x\n", al, ARRAY_SIZE(al), &s, &d), -1);
	assert_int_equal(d.errors, 2);
	assert_true(has_diag(&d, DIAG_ERROR, 1, "no column for \"date\": add "
			     "feeds.metrics.columns.date: \"<your header>\" (the header has "
			     "\"Account ID\", \"Amount\", \"Other\")"));
	assert_true(has_diag(&d, DIAG_ERROR, 1, "no column for \"metric\""));
	diag_clear(&d);

	/* two columns under names of the same field: the first alias is used once */
	s = (struct seen){0};
	assert_int_equal(read_mapped("Account ID,account id,date,metric,amount\nA1,A2,d,m,1\n",
				     al, ARRAY_SIZE(al), &s, &d), -1);
	assert_true(has_diag(&d, DIAG_ERROR, 1, "column \"Account ID\" appears twice"));
	diag_clear(&d);
}

static void test_normalize(void **state)
{
	(void)state;
	char out[64];
	static const char *const cases[][2] = {
		{ "Touch Model", "touch_model" }, { "  touch-model\t", "touch_model" },
		{ "TOUCH__MODEL", "touch_model" }, { "Renewal - Date", "renewal_date" },
		{ "id", "id" }, { "", "" }, { "   ", "" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		csvread_normalize(cases[i][0], strlen(cases[i][0]), out, sizeof(out));
		assert_string_equal(out, cases[i][1]);
	}
	csvread_normalize("abcdefgh", 8, out, 4);    /* bounded */
	assert_string_equal(out, "abc");
}

static void test_missing_required_column(void **state)
{
	(void)state;
	static const char text[] = "account,date,value\nA1,2026-01-01,3\n";
	struct seen s = {0};
	struct diag_list d = {0};

	assert_int_equal(read_text(text, strlen(text), &s, &d, NULL), -1);
	assert_int_equal(s.n, 0);
	assert_false(s.header_called);
	assert_true(has_diag(&d, DIAG_ERROR, 1, "lacks the required column metric"));
	diag_clear(&d);
}

static void test_duplicate_column(void **state)
{
	(void)state;
	static const char text[] = "account,date,metric,value,Value\nA1,2026-01-01,x,3,4\n";
	struct seen s = {0};
	struct diag_list d = {0};

	assert_int_equal(read_text(text, strlen(text), &s, &d, NULL), -1);
	assert_int_equal(s.n, 0);
	assert_true(has_diag(&d, DIAG_ERROR, 1, "\"value\" appears twice"));
	diag_clear(&d);
}

static void test_empty_and_header_only(void **state)
{
	(void)state;
	struct seen s = {0};
	struct diag_list d = {0};
	static const char header_only[] = "\xEF\xBB\xBF" "account,date,metric,value\r\n";

	assert_int_equal(read_text("", 0, &s, &d, NULL), -1);
	assert_true(has_diag(&d, DIAG_ERROR, 0, "the file is empty"));
	diag_clear(&d);
	assert_int_equal(read_text("\xEF\xBB\xBF", 3, &s, &d, NULL), -1);
	assert_true(has_diag(&d, DIAG_ERROR, 0, "the file is empty"));
	diag_clear(&d);
	assert_int_equal(read_text(header_only, strlen(header_only), &s, &d, NULL), 0);
	assert_int_equal(s.n, 0);
	assert_true(s.header_called);
	assert_int_equal(d.len, 0);
}

static void test_generated_at_line(void **state)
{
	(void)state;
	struct seen s = {0};
	struct diag_list d = {0};
	struct csvread_info info;
	static const char bad[] = "# generated_at: last tuesday\naccount,date,metric,value\n";
	static const char other[] = "# exported by CRM\naccount,date,metric,value\nA,2026-01-01,x,1\n";
	static const char none[] = "account,date,metric,value\nA,2026-01-01,x,1\n";

	assert_int_equal(read_text(bad, strlen(bad), &s, &d, &info), -1);
	assert_true(has_diag(&d, DIAG_ERROR, 1, "\"last tuesday\" is not an ISO 8601"));
	diag_clear(&d);

	assert_int_equal(read_text(other, strlen(other), &s, &d, &info), 0);
	assert_false(info.has_generated_at);
	assert_true(has_diag(&d, DIAG_WARNING, 1, "comment line ignored"));
	assert_int_equal(s.line[0], 3);
	diag_clear(&d);

	struct sbuf long_comment = {0};
	sbuf_adds(&long_comment, "# ");
	for (int i = 0; i < 500; i++)
		sbuf_adds(&long_comment, "0123456789");
	sbuf_adds(&long_comment, "\naccount,date,metric,value\n");
	assert_int_equal(read_text(long_comment.data, long_comment.len, &s, &d, &info), -1);
	assert_true(has_diag(&d, DIAG_ERROR, 1, "longer than 4096 bytes"));
	sbuf_free(&long_comment);
	diag_clear(&d);

	s.n = 0;
	assert_int_equal(read_text(none, strlen(none), &s, &d, &info), 0);
	assert_false(info.has_generated_at);
	assert_int_equal(info.header_line, 1);
	assert_int_equal(s.line[0], 2);
	assert_int_equal(d.len, 0);
}

static void test_unclosed_quote(void **state)
{
	(void)state;
	struct seen s = {0};
	struct diag_list d = {0};
	static const char text[] =
		"account,date,metric,value\n"
		"A,2026-01-01,x,1\n"
		"B,2026-01-02,\"oops,2\n"
		"C,2026-01-03,x,3\n";

	assert_int_equal(read_text(text, strlen(text), &s, &d, NULL), -1);
	assert_int_equal(s.n, 1);
	assert_true(has_diag(&d, DIAG_ERROR, 3, "never closed"));
	diag_clear(&d);
}

static void test_field_size_limit(void **state)
{
	(void)state;
	struct seen s = {0};
	struct diag_list d = {0};
	struct sbuf text = {0};
	struct csvread_spec spec = {
		.name = "m.csv", .cols = metric_cols, .ncols = NCOLS, .on_row = on_row,
		.ctx = &s, .diags = &d, .max_field = 100,
	};
	sbuf_adds(&text, "account,date,metric,value\nA,2026-01-01,x,\"");
	for (int i = 0; i < 50; i++)
		sbuf_adds(&text, "0123456789\n");
	assert_int_equal(csvread_buffer(text.data, text.len, &spec, NULL), -1);
	assert_true(has_diag(&d, DIAG_ERROR, 2, "longer than 100 bytes"));
	sbuf_free(&text);
	diag_clear(&d);
}

static void test_bad_utf8_and_nul(void **state)
{
	(void)state;
	struct seen s = {0};
	struct diag_list d = {0};
	static const char text[] =
		"account,date,metric,value,junk\n"
		"A\xC3\x28,2026-01-01,x,1,ok\n"          /* invalid 2-byte sequence */
		"\xE6\x9D\xB1\xE4\xBA\xAC,2026-01-01,x,1,\xFF\n"  /* valid kanji; junk not wanted */
		"B,2026-01-01,x\0y,1,ok\n";               /* a NUL inside a field */

	assert_int_equal(read_text(text, sizeof(text) - 1, &s, &d, NULL), 0);
	assert_int_equal(s.n, 3);
	assert_false(s.ok[0]);
	assert_non_null(strstr(s.why[0], "column account has a byte that is not UTF-8"));
	assert_true(s.ok[1]);          /* only the wanted columns are checked */
	assert_false(s.ok[2]);
	assert_non_null(strstr(s.why[2], "NUL"));
	diag_clear(&d);
}

static void test_callback_stops(void **state)
{
	(void)state;
	struct seen s = { .stop_after = 2 };
	struct diag_list d = {0};
	static const char text[] = "account,date,metric,value\na,1,x,1\nb,2,x,2\nc,3,x,3\n";

	assert_int_equal(read_text(text, strlen(text), &s, &d, NULL), -1);
	assert_int_equal(s.n, 2);
	assert_int_equal(d.len, 0);     /* the callback reports its own reason */
}

static void test_missing_file(void **state)
{
	(void)state;
	struct seen s = {0};
	struct diag_list d = {0};
	struct csvread_spec spec = {
		.name = "feeds/none.csv", .cols = metric_cols, .ncols = NCOLS, .on_row = on_row,
		.ctx = &s, .diags = &d,
	};
	assert_int_equal(csvread_file("/nonexistent/none.csv", &spec, NULL), -1);
	assert_int_equal(d.errors, 1);
	assert_string_equal(d.items[0].file, "feeds/none.csv");
	assert_non_null(strstr(d.items[0].message, "cannot open"));
	diag_clear(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_excel_export),
		cmocka_unit_test(test_any_chunking),
		cmocka_unit_test(test_reordered_and_unknown_columns),
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_missing_required_column),
		cmocka_unit_test(test_duplicate_column),
		cmocka_unit_test(test_empty_and_header_only),
		cmocka_unit_test(test_generated_at_line),
		cmocka_unit_test(test_unclosed_quote),
		cmocka_unit_test(test_field_size_limit),
		cmocka_unit_test(test_bad_utf8_and_nul),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_missing_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
