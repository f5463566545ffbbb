/* test_book.c - the book query (roles, covering, scopes, health change) and money. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/book.h"
#include "csconsole/date.h"
#include "scratch.h"

static struct store st;
static int today;

static void exec_fmt(const char *fmt, ...) PRINTF_LIKE(1, 2);
static void exec_fmt(const char *fmt, ...)
{
	struct sbuf b = {0};
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (store_exec(&st, b.data))
		fail_msg("%s: %s", b.data, error_message());
	sbuf_free(&b);
}

static void add_account(int id, const char *crm, const char *name, const char *main_owner,
			const char *sub_owner, int renewal_offset, int active)
{
	exec_fmt("INSERT INTO account(id, crm_id, name, touch_model, stage, main_owner, sub_owner,"
		 " renewal_day, arr_minor, currency, active) VALUES (%d, '%s', '%s', 'high', 'adoption',"
		 " '%s', %s%s%s, %d, 100000, 'USD', %d)", id, crm, name, main_owner,
		 sub_owner ? "'" : "", sub_owner ? sub_owner : "NULL", sub_owner ? "'" : "",
		 today + renewal_offset, active);
}

static int setup(void **state)
{
	if (scratch_setup(state))
		return -1;
	char *path = scratch_path("cs.db");
	int rc = store_open(&st, path, NULL);
	free(path);
	if (rc)
		return -1;
	today = day_from_ymd(2026, 11, 23);
	add_account(1, "A1", "Alpha", "aiko", "ken", 50, 1);
	add_account(2, "A2", "Beta", "ken", "aiko", 10, 1);
	add_account(3, "A3", "株式会社ガンマ", "mio", "aiko", 30, 1);   /* mio absent: aiko covers */
	add_account(4, "A4", "Delta", "taro", "ken", 40, 1);           /* taro absent, aiko named */
	add_account(5, "A5", "Epsilon", "ken", "mio", 5, 1);           /* not aiko's */
	add_account(6, "A6", "Zeta", "aiko", "ken", 1, 0);             /* inactive */
	add_account(7, "A7", "Eta", "sho", "aiko", 20, 1);             /* sho away only later */
	exec_fmt("INSERT INTO absence(handle, start_day, end_day) VALUES ('mio', %d, %d)", today - 1, today + 5);
	exec_fmt("INSERT INTO absence(handle, start_day, end_day, covered_by) VALUES ('taro', %d, %d, 'aiko')",
		 today, today);
	exec_fmt("INSERT INTO absence(handle, start_day, end_day) VALUES ('sho', %d, %d)", today + 1, today + 9);
	/* Alpha's health: 70 five weeks ago, then up to 80 last week. */
	int scores[] = {70, 72, 74, 78, 80};
	for (int i = 0; i < 5; i++)
		exec_fmt("INSERT INTO health(account_id, day, score) VALUES (1, %d, %d)",
			 today - 35 + 7 * i, scores[i]);
	/* Beta: a single snapshot, so no 4-week change. */
	exec_fmt("INSERT INTO health(account_id, day, score) VALUES (2, %d, 55)", today - 3);
	return 0;
}

static int teardown(void **state)
{
	store_close(&st);
	return scratch_teardown(state);
}

static const struct book_row *find(const struct book *b, const char *crm)
{
	for (size_t i = 0; i < b->len; i++)
		if (strcmp(b->rows[i].crm_id, crm) == 0)
			return &b->rows[i];
	return NULL;
}

static void test_mine_roles_and_order(void **state)
{
	(void)state;
	struct book b;
	assert_int_equal(book_load(&st, "aiko", SCOPE_MINE, today, &b), 0);
	assert_int_equal(b.len, 5);
	/* Soonest renewal first: Beta (10), Eta (20), Gamma (30), Delta (40), Alpha (50). */
	const char *order[] = {"A2", "A7", "A3", "A4", "A1"};
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(b.rows[i].crm_id, order[i]);
	assert_int_equal(find(&b, "A1")->role, ROLE_MAIN);
	assert_string_equal(find(&b, "A1")->other_owner, "ken");
	assert_int_equal(find(&b, "A2")->role, ROLE_SUB);
	assert_string_equal(find(&b, "A2")->other_owner, "ken");
	assert_int_equal(find(&b, "A3")->role, ROLE_COVERING);
	assert_string_equal(find(&b, "A3")->other_owner, "mio");
	assert_int_equal(find(&b, "A4")->role, ROLE_COVERING);
	assert_int_equal(find(&b, "A7")->role, ROLE_SUB);
	assert_int_equal(find(&b, "A2")->days_left, 10);
	assert_null(find(&b, "A5"));
	assert_null(find(&b, "A6"));
	book_free(&b);
}

static void test_health_and_delta(void **state)
{
	(void)state;
	struct book b;
	assert_int_equal(book_load(&st, "aiko", SCOPE_MINE, today, &b), 0);
	const struct book_row *a = find(&b, "A1"), *beta = find(&b, "A2"), *g = find(&b, "A3");
	assert_true(a->has_health);
	assert_true(a->health == 80.0);
	assert_true(a->has_health_delta);
	assert_true(a->health_delta4w == 10.0);   /* 80 now vs 70 28 days before it */
	assert_true(beta->has_health && beta->health == 55.0);
	assert_false(beta->has_health_delta);
	assert_false(g->has_health);
	book_free(&b);
}

static void test_scopes(void **state)
{
	(void)state;
	struct book b;
	assert_int_equal(book_load(&st, "aiko", SCOPE_MAIN, today, &b), 0);
	assert_int_equal(b.len, 1);
	assert_string_equal(b.rows[0].crm_id, "A1");
	book_free(&b);
	assert_int_equal(book_load(&st, "aiko", SCOPE_COVERING, today, &b), 0);
	assert_int_equal(b.len, 2);
	assert_non_null(find(&b, "A3"));
	assert_non_null(find(&b, "A4"));
	book_free(&b);
	/* The day after taro's one-day absence, Delta is no longer covered. */
	assert_int_equal(book_load(&st, "aiko", SCOPE_COVERING, today + 1, &b), 0);
	assert_int_equal(b.len, 2);
	assert_non_null(find(&b, "A7"));   /* sho's absence has begun */
	assert_null(find(&b, "A4"));
	book_free(&b);
	assert_int_equal(book_load(&st, "aiko", SCOPE_TEAM, today, &b), 0);
	assert_int_equal(b.len, 6);
	assert_int_equal(find(&b, "A5")->role, ROLE_NONE);
	book_free(&b);
	enum book_scope s;
	assert_true(book_scope_parse("covering", &s) && s == SCOPE_COVERING);
	assert_false(book_scope_parse("everything", &s));
}

static void test_money(void **state)
{
	(void)state;
	char buf[64];
	assert_int_equal(currency_exponent("JPY"), 0);
	assert_int_equal(currency_exponent("USD"), 2);
	assert_int_equal(currency_exponent("KWD"), 3);
	assert_int_equal(currency_exponent("SEK"), 2);
	assert_int_equal(currency_exponent("usd"), -1);
	assert_int_equal(currency_exponent("US"), -1);
	assert_non_null(setlocale(LC_ALL, "C.UTF-8"));
	money_format(12000000, "JPY", buf, sizeof(buf));
	assert_string_equal(buf, "¥12,000,000");
	money_format(4800050, "USD", buf, sizeof(buf));
	assert_string_equal(buf, "$48,000.50");
	money_format(-105, "EUR", buf, sizeof(buf));
	assert_string_equal(buf, "-€1.05");
	money_format(123456, "SEK", buf, sizeof(buf));
	assert_string_equal(buf, "SEK 1,234.56");
	money_format(INT64_MIN, "USD", buf, sizeof(buf));
	assert_string_equal(buf, "-");
	money_decimal(4800050, "USD", buf, sizeof(buf));
	assert_string_equal(buf, "48000.50");
	money_decimal(-5, "KWD", buf, sizeof(buf));
	assert_string_equal(buf, "-0.005");
	money_decimal(12000000, "JPY", buf, sizeof(buf));
	assert_string_equal(buf, "12000000");
	money_decimal(INT64_MIN, "JPY", buf, sizeof(buf));
	assert_string_equal(buf, "");
	setlocale(LC_ALL, "C");
	money_format(4800050, "USD", buf, sizeof(buf));
	assert_string_equal(buf, "USD 48,000.50");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mine_roles_and_order),
		cmocka_unit_test(test_health_and_delta),
		cmocka_unit_test(test_scopes),
		cmocka_unit_test(test_money),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
