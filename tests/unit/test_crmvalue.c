/* test_crmvalue.c - values as CRMs and Excel export them: amounts and
 * numbers (crmvalue.c), dates (date.c's day_parse_export) and file
 * encodings (textenc.c). Every accepted and every refused form of
 * docs/feeds.md "Numbers, dates and encodings" is here. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "csconsole/crmvalue.h"
#include "csconsole/date.h"
#include "csconsole/textenc.h"

static void test_decimal(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int exponent;
		bool ok;
		int64_t minor;
		const char *why;
	} cases[] = {
		{ "12000000", 0, true, 12000000, NULL },
		{ "0", 0, true, 0, NULL },
		{ "48000.50", 2, true, 4800050, NULL },
		{ "48000.5", 2, true, 4800050, NULL },
		{ "48000", 2, true, 4800000, NULL },
		{ "48000.500", 2, true, 4800050, NULL },
		{ "12000000.00", 0, true, 12000000, NULL },
		{ "0.001", 3, true, 1, NULL },
		{ "92233720368547758", 2, true, INT64_C(9223372036854775800), NULL },
		{ "92233720368547758.07", 2, true, INT64_MAX, NULL },
		{ "92233720368547758.08", 2, false, 0, "too large" },
		{ "92233720368547759", 2, false, 0, "too large" },
		{ "99999999999999999999", 0, false, 0, "too large" },
		{ "48000.505", 2, false, 0, "more decimals than the currency has (2)" },
		{ "1200.5", 0, false, 0, "more decimals than the currency has (0)" },
		{ "1,200,000", 0, false, 0, "no thousands separators" },
		{ "$48000", 2, false, 0, "not a decimal number" },
		{ "-5", 2, false, 0, "negative" },
		{ "", 2, false, 0, "not a decimal number" },
		{ ".5", 2, false, 0, "not a decimal number" },
		{ "5.", 2, false, 0, "no digits after the decimal point" },
		{ "1e6", 2, false, 0, "not a plain decimal number" },
		{ " 5", 2, false, 0, "not a decimal number" },
		{ "5 ", 2, false, 0, "not a plain decimal number" },
		{ "5", -1, false, 0, "unknown currency" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t v = -1;
		char why[256] = "";
		bool ok = crm_parse_decimal(cases[i].text, cases[i].exponent, &v, why, sizeof(why));
		if (ok != cases[i].ok)
			fail_msg("\"%s\" (exponent %d): expected %s, got %s (%s)", cases[i].text,
				 cases[i].exponent, cases[i].ok ? "ok" : "an error", ok ? "ok" : "an error", why);
		if (ok)
			assert_int_equal(v, cases[i].minor);
		else if (!strstr(why, cases[i].why))
			fail_msg("\"%s\": expected \"%s\" in \"%s\"", cases[i].text, cases[i].why, why);
	}
}

#define DOT CRM_NUMBER_DOT
#define COMMA CRM_NUMBER_COMMA
#define SPACE CRM_NUMBER_SPACE

static void test_amount(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		enum crm_number_format nf;
		const char *column, *def;
		bool ok;
		int64_t minor;
		const char *currency;       /* ok: the currency; error: a part of why */
	} cases[] = {
		/* the symbols and codes CRMs write */
		{ "¥12,000,000", DOT, NULL, NULL, true, 12000000, "JPY" },
		{ "￥12,000,000", DOT, NULL, NULL, true, 12000000, "JPY" },
		{ "12,000,000円", DOT, NULL, NULL, true, 12000000, "JPY" },
		{ "JP¥ 12,000,000", DOT, NULL, NULL, true, 12000000, "JPY" },
		{ "\\12,000,000", DOT, NULL, NULL, true, 12000000, "JPY" },   /* ¥ in CP932 */
		{ "\\12,000,000", DOT, "JPY", NULL, true, 12000000, "JPY" },
		{ "$48,000.00", DOT, NULL, NULL, true, 4800000, "USD" },
		{ "US$48,000.00", DOT, NULL, NULL, true, 4800000, "USD" },
		{ "$48,000", DOT, "AUD", NULL, true, 4800000, "AUD" },
		{ "$48,000", DOT, NULL, "CAD", true, 4800000, "CAD" },
		{ "48.000,00 €", COMMA, NULL, NULL, true, 4800000, "EUR" },
		{ "€48.000,00", COMMA, NULL, NULL, true, 4800000, "EUR" },
		{ "EUR 48.000,00", COMMA, NULL, NULL, true, 4800000, "EUR" },
		{ "48.000,00 EUR", COMMA, "EUR", NULL, true, 4800000, "EUR" },
		{ "USD48000", DOT, NULL, NULL, true, 4800000, "USD" },
		{ "48 000,00 €", SPACE, NULL, NULL, true, 4800000, "EUR" },
		{ "48\xC2\xA0" "000,00\xC2\xA0€", SPACE, NULL, NULL, true, 4800000, "EUR" },
		{ "48\xE2\x80\xAF" "000,50 €", SPACE, NULL, NULL, true, 4800050, "EUR" },
		{ "£1,250.5", DOT, "GBP", NULL, true, 125050, "GBP" },
		{ " 48000 ", DOT, "USD", NULL, true, 4800000, "USD" },
		{ "1,234,567.89", DOT, "USD", NULL, true, 123456789, "USD" },
		{ "48000.50", DOT, "USD", NULL, true, 4800050, "USD" },
		{ "5000000", DOT, NULL, "JPY", true, 5000000, "JPY" },
		{ "48000,5", COMMA, "EUR", NULL, true, 4800050, "EUR" },
		{ "1.234.567", COMMA, "JPY", NULL, true, 1234567, "JPY" },
		/* refused */
		{ "¥12,000,000", DOT, "USD", NULL, false, 0, "is in JPY (¥) but the currency column says USD" },
		{ "€5", DOT, "JPY", NULL, false, 0, "is in EUR (€) but the currency column says JPY" },
		{ "\\5", DOT, "USD", NULL, false, 0, "is in JPY (\\) but the currency column says USD" },
		{ "EUR 5", DOT, "USD", NULL, false, 0, "is in EUR (EUR) but the currency column says USD" },
		{ "12,000,00", DOT, "JPY", NULL, false, 0, "is not an amount: thousands are grouped by ','" },
		{ "1,0000", DOT, "JPY", NULL, false, 0, "is not an amount" },
		{ ",100", DOT, "JPY", NULL, false, 0, "is not an amount" },
		{ "48.000,00 €", DOT, NULL, NULL, false, 0, "set feeds.number_format: \"1.234,56\"" },
		{ "48,000.00", COMMA, "USD", NULL, false, 0, "set feeds.number_format: \"1,234.56\"" },
		{ "lots", DOT, "USD", NULL, false, 0, "is not an amount: write digits" },
		{ "", DOT, "USD", NULL, false, 0, "is not an amount" },
		{ "-5", DOT, "USD", NULL, false, 0, "is negative" },
		{ "-$5", DOT, NULL, NULL, false, 0, "is negative" },
		{ "$-5", DOT, NULL, NULL, false, 0, "is negative" },
		{ "(500)", DOT, "USD", NULL, false, 0, "is negative" },
		{ "5000", DOT, NULL, NULL, false, 0, "has no currency: add a currency column" },
		{ "10.5", DOT, "JPY", NULL, false, 0, "has more decimals than JPY has (0)" },
		{ "¥10.5", DOT, NULL, NULL, false, 0, "has more decimals than JPY has (0)" },
		{ "5.", DOT, "USD", NULL, false, 0, "no digits after the decimal point" },
		{ "1e6", DOT, "USD", NULL, false, 0, "is not an amount" },
		{ "99,999,999,999,999,999,999", DOT, "JPY", NULL, false, 0, "too large" },
		{ "abc 5", DOT, NULL, NULL, false, 0, "is not an amount" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t v = -1;
		char why[512] = "", cur[4] = "";
		bool ok = crm_parse_amount(cases[i].text, cases[i].nf, cases[i].column, cases[i].def,
					   &v, cur, why, sizeof(why));
		if (ok != cases[i].ok)
			fail_msg("\"%s\" (%s): expected %s, got %s (%s)", cases[i].text,
				 crm_number_formats[cases[i].nf], cases[i].ok ? "ok" : "an error",
				 ok ? "ok" : "an error", why);
		if (ok) {
			if (v != cases[i].minor || strcmp(cur, cases[i].currency) != 0)
				fail_msg("\"%s\": expected %lld %s, got %lld %s", cases[i].text,
					 (long long)cases[i].minor, cases[i].currency, (long long)v, cur);
		} else if (!strstr(why, cases[i].currency)) {
			fail_msg("\"%s\": expected \"%s\" in \"%s\"", cases[i].text, cases[i].currency, why);
		}
	}
}

static void test_count_and_number(void **state)
{
	(void)state;
	long n = -1;
	char why[256], out[64];

	assert_true(crm_parse_count("1,200", DOT, 100000, &n, why, sizeof(why)));
	assert_int_equal(n, 1200);
	assert_true(crm_parse_count("1.200", COMMA, 100000, &n, why, sizeof(why)));
	assert_int_equal(n, 1200);
	assert_true(crm_parse_count("1 200", SPACE, 100000, &n, why, sizeof(why)));
	assert_int_equal(n, 1200);
	assert_true(crm_parse_count("0", DOT, 10, &n, why, sizeof(why)));
	assert_int_equal(n, 0);
	assert_false(crm_parse_count("-3", DOT, 100, &n, why, sizeof(why)));
	assert_non_null(strstr(why, "not a whole number of zero or more"));
	assert_false(crm_parse_count("1.5", DOT, 100, &n, why, sizeof(why)));
	assert_non_null(strstr(why, "not a whole number"));
	assert_false(crm_parse_count("1,200", DOT, 1000, &n, why, sizeof(why)));
	assert_non_null(strstr(why, "too large"));
	assert_false(crm_parse_count("12,00", DOT, 100000, &n, why, sizeof(why)));
	assert_non_null(strstr(why, "set feeds.number_format: \"1.234,56\""));
	assert_false(crm_parse_count("1,2,345", DOT, 100000, &n, why, sizeof(why)));
	assert_non_null(strstr(why, "grouped by ','"));

	assert_true(crm_plain_number("-1.234,5", COMMA, out, sizeof(out), why, sizeof(why)));
	assert_string_equal(out, "-1234.5");
	assert_true(crm_plain_number("82", DOT, out, sizeof(out), why, sizeof(why)));
	assert_string_equal(out, "82");
	assert_true(crm_plain_number("1,234,567.25", DOT, out, sizeof(out), why, sizeof(why)));
	assert_string_equal(out, "1234567.25");
	assert_true(crm_plain_number("3,5", COMMA, out, sizeof(out), why, sizeof(why)));
	assert_string_equal(out, "3.5");
	assert_false(crm_plain_number("3,5", DOT, out, sizeof(out), why, sizeof(why)));
	assert_false(crm_plain_number("1.2.3", DOT, out, sizeof(out), why, sizeof(why)));
	assert_false(crm_plain_number("", DOT, out, sizeof(out), why, sizeof(why)));
}

/* ---- Dates --------------------------------------------------------------------------- */

static void expect_date(const char *s, enum day_order order, int y, int m, int d)
{
	int day = -1;
	char why[256] = "";
	if (!day_parse_export(s, order, &day, why, sizeof(why)))
		fail_msg("\"%s\": expected %04d-%02d-%02d, got an error: %s", s, y, m, d, why);
	if (day != day_from_ymd(y, m, d)) {
		char got[11];
		day_format_iso(day, got);
		fail_msg("\"%s\": expected %04d-%02d-%02d, got %s", s, y, m, d, got);
	}
}

static void expect_no_date(const char *s, enum day_order order, const char *part)
{
	int day = -1;
	char why[256] = "";
	if (day_parse_export(s, order, &day, why, sizeof(why)))
		fail_msg("\"%s\": expected an error, got day %d", s, day);
	if (!strstr(why, part))
		fail_msg("\"%s\": expected \"%s\" in \"%s\"", s, part, why);
}

static void test_dates(void **state)
{
	(void)state;
	const enum day_order A = DAY_ORDER_AUTO, MDY = DAY_ORDER_MDY, DMY = DAY_ORDER_DMY,
			     YMD = DAY_ORDER_YMD;
	expect_date("2027-03-31", A, 2027, 3, 31);
	expect_date("2027/03/31", A, 2027, 3, 31);
	expect_date("2027/3/5", A, 2027, 3, 5);
	expect_date("2027.03.31", A, 2027, 3, 31);
	expect_date("2027-3-31", YMD, 2027, 3, 31);
	expect_date("20270331", A, 2027, 3, 31);
	expect_date(" 2027-03-31 ", A, 2027, 3, 31);
	/* day and month: by the order, or unambiguous */
	expect_date("3/31/2027", A, 2027, 3, 31);
	expect_date("31/03/2027", A, 2027, 3, 31);
	expect_date("31.03.2027", A, 2027, 3, 31);
	expect_date("3/3/2027", A, 2027, 3, 3);
	expect_date("3/4/2027", MDY, 2027, 3, 4);
	expect_date("3/4/2027", DMY, 2027, 4, 3);
	expect_date("03-04-2027", DMY, 2027, 4, 3);
	expect_date("2027/03/04", DMY, 2027, 3, 4);      /* year first is never ambiguous */
	/* Excel serial numbers (1900 date system) */
	expect_date("46477", A, 2027, 3, 31);
	expect_date("46477.375", A, 2027, 3, 31);
	expect_date("25569", A, 1970, 1, 1);
	expect_date("45658", A, 2025, 1, 1);
	/* Japanese */
	expect_date("2027年3月31日", A, 2027, 3, 31);
	expect_date("2027年03月05日", A, 2027, 3, 5);
	expect_date("２０２７年３月３１日", A, 2027, 3, 31);
	expect_date("2027年3月31日 9:00", A, 2027, 3, 31);
	/* timestamps: the date part as written */
	expect_date("2027-03-31T09:00:00Z", A, 2027, 3, 31);
	expect_date("2027-03-31T23:30:00+09:00", A, 2027, 3, 31);
	expect_date("2027-03-31T09:00:00.000Z", A, 2027, 3, 31);
	expect_date("2027-03-31 09:00:00", A, 2027, 3, 31);
	expect_date("2027-03-31 09:00", A, 2027, 3, 31);
	expect_date("3/31/2027 9:00 AM", A, 2027, 3, 31);
	expect_date("3/31/2027 11:45 pm", A, 2027, 3, 31);
	expect_date("31/03/2027 17:00", A, 2027, 3, 31);
	expect_date("2027/03/31 9:00:00 UTC", A, 2027, 3, 31);

	/* refused */
	expect_no_date("31.02.2027", A, "is not a date: February 2027 has 28 days");
	expect_no_date("2027-02-29", A, "February 2027 has 28 days");
	expect_no_date("2027/13/01", A, "no month 13");
	expect_no_date("3/4/2027", A, "is ambiguous");
	expect_no_date("3/4/2027", A, "feeds.date_order");
	expect_no_date("3/31/2027", DMY, "no month 31");
	expect_no_date("31/03/2027", MDY, "no month 31");
	expect_no_date("3/31/2027", YMD, "feeds.date_order: ymd");
	expect_no_date("3/31/27", A, "four digits");
	expect_no_date("2027", A, "is not a date");
	expect_no_date("46", A, "is not a date");
	expect_no_date("1234567", A, "is not a date");
	expect_no_date("20271301", A, "no month 13");
	expect_no_date("2027-03-31T25:00", A, "not a time");
	expect_no_date("2027-03-31 soon", A, "not a time");
	expect_no_date("next week", A, "is not a date");
	expect_no_date("", A, "is not a date");
	expect_no_date("2027年13月1日", A, "no month 13");
	expect_no_date("2027年3月", A, "2027年3月31日");
	expect_no_date("Mar 31 2027", A, "YYYY-MM-DD");
	expect_no_date("2027/03-31", A, "is not a date");
}

/* ---- Encodings --------------------------------------------------------------------- */

static void scan_all(const char *s, size_t n, size_t chunk, struct textenc_scan *sc)
{
	textenc_scan_init(sc);
	for (size_t i = 0; i < n; i += chunk)
		textenc_scan(sc, s + i, n - i < chunk ? n - i : chunk);
	textenc_scan_end(sc);
}

static void test_utf8_scan(void **state)
{
	(void)state;
	struct textenc_scan sc;
	static const char good[] = "id,name\nA1,株式会社テスト\nA2,😀 €\n";
	static const char sjis[] = "id,name\nA1,\x8a\x94\x8e\xae\n";    /* 株式 in CP932 */
	static const char overlong[] = "a\n\xC0\xAF\n";
	static const char surrogate[] = "a\nb\n\xED\xA0\x80\n";
	static const char cut[] = "a\n\xE6\xA0";

	for (size_t chunk = 1; chunk <= 4; chunk++) {
		scan_all(good, sizeof(good) - 1, chunk, &sc);
		assert_int_equal(sc.bad, -1);
		scan_all(sjis, sizeof(sjis) - 1, chunk, &sc);
		assert_int_equal(sc.bad, 11);
		assert_int_equal(sc.bad_line, 2);
		scan_all(overlong, sizeof(overlong) - 1, chunk, &sc);
		assert_int_equal(sc.bad, 2);
		scan_all(surrogate, sizeof(surrogate) - 1, chunk, &sc);
		assert_int_equal(sc.bad_line, 3);
		scan_all(cut, sizeof(cut) - 1, chunk, &sc);
		assert_int_equal(sc.bad, 4);
	}
	/* Long ASCII runs (scanned eight bytes at a time): lines still counted. */
	struct sbuf text = {0};
	size_t bad_at = 0;
	for (int line = 1; line <= 100; line++) {
		if (line == 77) {
			bad_at = text.len + 9;
			sbuf_adds(&text, "ACC-0077,\x8a\x94,x\n");
		} else {
			sbuf_addf(&text, "ACC-%04d,2026-10-07,logins,%d\n", line, line * 7);
		}
	}
	static const size_t chunks[] = { 1, 3, 8, 13, 64, 100000 };
	for (size_t k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
		scan_all(text.data, text.len, chunks[k], &sc);
		assert_int_equal(sc.bad, (int64_t)bad_at);
		assert_int_equal(sc.bad_line, 77);
		scan_all(text.data, bad_at, chunks[k], &sc);       /* up to the bad byte */
		assert_int_equal(sc.bad, -1);
		assert_int_equal(sc.line, 77);
	}
	sbuf_free(&text);
}

static void test_decide(void **state)
{
	(void)state;
	struct textenc_scan utf8, sjis, damaged;
	static const char damaged_text[] = "id,name\nA1,株式会社\nA2,\xff\n";
	scan_all("a,b\n株\n", 8, 3, &utf8);
	scan_all("a,b\n\x8a\x94\n", 7, 3, &sjis);
	scan_all(damaged_text, sizeof(damaged_text) - 1, 3, &damaged);
	assert_true(damaged.bad > 0);
	assert_int_equal(damaged.multibyte, 4);
	assert_null(textenc_decide(0, &utf8, NULL));
	assert_null(textenc_decide(0, &utf8, "auto"));
	assert_string_equal(textenc_decide(0, &sjis, NULL), "CP932");
	assert_null(textenc_decide(0, &damaged, NULL));    /* UTF-8 with a damaged byte */
	assert_string_equal(textenc_decide(0, &damaged, "cp932"), "cp932");
	assert_string_equal(textenc_decide('L', &utf8, NULL), "UTF-16LE");
	assert_string_equal(textenc_decide('B', &sjis, "cp932"), "UTF-16BE");
	assert_null(textenc_decide(0, &utf8, "windows-1252"));   /* UTF-8 beyond ASCII stays UTF-8 */
	assert_null(textenc_decide(0, &utf8, "cp932"));
	struct textenc_scan ascii;
	scan_all("a,b\nc\n", 6, 3, &ascii);
	assert_string_equal(textenc_decide(0, &ascii, "windows-1252"), "windows-1252");
	assert_string_equal(textenc_decide(0, &sjis, "shift_jis"), "CP932");
	assert_null(textenc_decide(0, &sjis, "utf-8"));
}

/* Converts s in chunks of `chunk` bytes. */
static int convert(const char *from, const char *s, size_t n, size_t chunk, struct sbuf *out,
		   unsigned *bad)
{
	struct textenc_conv *c = textenc_open(from);
	int rc = 0;
	assert_non_null(c);
	for (size_t i = 0; i < n && rc == 0; i += chunk)
		rc = textenc_convert(c, s + i, n - i < chunk ? n - i : chunk, false, out, bad);
	if (rc == 0)
		rc = textenc_convert(c, "", 0, true, out, bad);
	textenc_close(c);
	return rc;
}

static void test_convert(void **state)
{
	(void)state;
	static const char sjis[] = "id\tname\r\nA1\t\x8a\x94\x8e\xae\x89\xef\x8e\xd0\r\n";
	static const char utf16le[] = "\xff\xfe" "A\0\n\0\x2a\x68\n\0";   /* BOM A \n 株 \n */
	static const char bad_sjis[] = "a\nb\nCaf\xe9,x\n";
	unsigned bad = 0;

	for (size_t chunk = 1; chunk <= 7; chunk += 2) {
		struct sbuf out = {0};
		assert_int_equal(convert("CP932", sjis, sizeof(sjis) - 1, chunk, &out, &bad), 0);
		assert_string_equal(sbuf_str(&out), "id\tname\r\nA1\t株式会社\r\n");
		sbuf_free(&out);
		assert_int_equal(convert("UTF-16LE", utf16le, sizeof(utf16le) - 1, chunk, &out, &bad), 0);
		assert_string_equal(sbuf_str(&out), "\xEF\xBB\xBF" "A\n株\n");
		sbuf_free(&out);
		assert_int_equal(convert("CP932", bad_sjis, sizeof(bad_sjis) - 1, chunk, &out, &bad), -1);
		assert_int_equal(bad, 3);
		sbuf_free(&out);
		/* a sequence cut at the end of the file */
		assert_int_equal(convert("UTF-16LE", "A\0B", 3, chunk, &out, &bad), -1);
		sbuf_free(&out);
	}
	assert_null(textenc_open("no-such-encoding"));
}

static void test_check_file(void **state)
{
	(void)state;
	char path[] = "/tmp/test_crmvalue.XXXXXX";
	int fd = mkstemp(path);
	unsigned bad = 0;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "a\nb\n\xff\xff\n", 7), 7);
	close(fd);
	assert_int_equal(textenc_check_file(path, "CP932", &bad), 1);
	assert_int_equal(bad, 3);
	assert_int_equal(textenc_check_file(path, "ISO-8859-1", &bad), 0);
	unlink(path);
	assert_int_equal(textenc_check_file(path, "CP932", &bad), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decimal),
		cmocka_unit_test(test_amount),
		cmocka_unit_test(test_count_and_number),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_utf8_scan),
		cmocka_unit_test(test_decide),
		cmocka_unit_test(test_convert),
		cmocka_unit_test(test_check_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
