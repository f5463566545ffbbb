/* test_book_window.c - the team's first rows before its fetch is done
 * (book_window, and the same found by the background fetch's thread) are
 * exactly the first rows of the whole team's fetch in that order
 * (book_fetch then book_order), field by field, for every sort both ways
 * and several window sizes, on the sample book and on a generated one;
 * and with what makes it hard: ties at the last row, names the sanitizer
 * changes (their order is the sanitized name's), accounts without a
 * summary, summaries of inactive or unknown accounts. Where book_window
 * says it cannot tell, the console waits for the whole book: the test
 * only checks that it never says so for a sort it serves on a large
 * enough book, and that it always says so by name, other owner and role. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/book.h"
#include "csconsole/date.h"
#include "scratch.h"
#include "sample.h"
#include "book_same.h"

static const size_t sizes[] = { 1, 3, 10, 40 };

/* The window against the whole book's first k rows, and its own order. */
static void same_window(const struct book *full, const size_t *idx, const struct book *win, enum book_sort sort,
			bool desc, size_t k)
{
	size_t *own = xmalloc((win->len + 1) * sizeof(*own)), n;

	assert_int_equal(win->len, k);
	for (size_t i = 0; i < k; i++) {
		if (strcmp(win->rows[i].crm_id, full->rows[idx[i]].crm_id) != 0)
			fail_msg("sort %s%s, %zu rows: place %zu is %s, the whole book's %s", book_sort_name(sort),
				 desc ? " reversed" : "", k, i, win->rows[i].crm_id, full->rows[idx[i]].crm_id);
		same_row(&win->rows[i], &full->rows[idx[i]]);
	}
	/* the console sorts the window again (arrange): the same order */
	book_order(win, NULL, sort, desc, own, &n);
	assert_int_equal(n, k);
	for (size_t i = 0; i < k; i++)
		assert_int_equal(own[i], i);
	free(own);
}

/* Every sort, both ways, every size, for me; returns how many windows
 * were served (not declined). */
static size_t check_me(struct store *st, const char *me, int today)
{
	struct book full, win;
	size_t *idx, n, served = 0;

	assert_int_equal(book_fetch(st, me, SCOPE_TEAM, today, &full), 0);
	idx = xmalloc((full.len + 1) * sizeof(*idx));
	for (int s = 0; s < BOOK_SORT_COUNT; s++)
		for (int desc = 0; desc < 2; desc++) {
			book_order(&full, NULL, (enum book_sort)s, desc, idx, &n);
			for (size_t z = 0; z < sizeof(sizes) / sizeof(*sizes); z++) {
				size_t k = sizes[z];
				int rc = book_window(st, me, today, (enum book_sort)s, desc, k, &win);
				assert_true(rc == 0 || rc == 1);
				if (s == BOOK_SORT_NAME || s == BOOK_SORT_OTHER || s == BOOK_SORT_ROLE)
					assert_int_equal(rc, 1);
				if (rc == 0) {
					same_window(&full, idx, &win, (enum book_sort)s, desc, k);
					served++;
				} else {
					assert_int_equal(win.len, 0);
				}
				book_free(&win);
			}
		}
	free(idx);
	book_free(&full);
	return served;
}

/* The window the background fetch's thread finds first is book_window's,
 * and the thread derives on the whole book. */
static void count_rows(const struct book *b, void *arg)
{
	*(size_t *)arg = b->len;
}

static void check_prefetch(struct store *st, const char *me, int today)
{
	size_t derived = 0;
	struct book_prefetch_opts opts = { BOOK_SORT_ATTENTION, false, 10, count_rows, &derived };
	struct book_prefetch *p = book_prefetch_start(st->path, NULL, me, SCOPE_TEAM, today, &opts);
	struct book a, b, full;

	assert_non_null(p);
	assert_int_equal(book_prefetch_window(p, BOOK_SORT_HEALTH, false, 10, &a), 1);    /* another sort */
	assert_int_equal(book_prefetch_window(p, BOOK_SORT_ATTENTION, false, 11, &a), 1); /* more rows */
	int rc = book_prefetch_window(p, BOOK_SORT_ATTENTION, false, 5, &a);
	assert_int_equal(book_window(st, me, today, BOOK_SORT_ATTENTION, false, 5, &b), rc);
	if (rc == 0) {
		assert_int_equal(a.len, 5);
		for (size_t i = 0; i < 5; i++)
			same_row(&a.rows[i], &b.rows[i]);
		/* taken once */
		struct book again;
		assert_int_equal(book_prefetch_window(p, BOOK_SORT_ATTENTION, false, 5, &again), 1);
	}
	book_free(&a);
	book_free(&b);
	assert_int_equal(book_prefetch_take(p, &full), 0);
	assert_int_equal(derived, full.len);
	book_free(&full);
}

/* The owners, and someone who owns nothing (every row's role none). */
static size_t check_store(struct store *st, int today)
{
	const char *who[] = { "aiko", "nobody.here" };
	sqlite3_stmt *stmt;
	char first[128] = "";
	size_t served = 0;

	assert_int_equal(store_prepare(st, "SELECT main_owner FROM account WHERE active ORDER BY 1 LIMIT 1", &stmt), 0);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		str_copy(first, sizeof(first), (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	who[0] = first;
	for (size_t i = 0; i < 2; i++) {
		served += check_me(st, who[i], today);
		check_prefetch(st, who[i], today);
	}
	return served;
}

static void test_sample_book(void **state)
{
	struct store st;
	char *sample = sample_store(&st, "sample.db");

	(void)state;
	assert_non_null(sample);
	size_t served = check_store(&st, day_from_ymd(2026, 11, 23));
	print_message("sample book: %zu windows served\n", served);
	assert_true(served > 0);
	store_close(&st);
	free(sample);
}

/* A generated book (gen-book --scale small, with event segments), then
 * the hard cases made on purpose. */
static void test_generated_book(void **state)
{
	struct store st;
	int today = day_from_ymd(2026, 11, 23);

	(void)state;
	char *out = generated_store(&st, "gen.db", 5, 40, 4);
	/* every sort the window serves is served on a book this size */
	size_t served = check_store(&st, today);
	print_message("generated book: %zu windows served\n", served);
	assert_true(served >= 2 * 2 * 4);
	/* Ties at the k-th row, by the dozen: names decide, as in the whole
	 * book; names with escape sequences and control characters (sorted
	 * by what is shown); accounts without a summary; summaries of
	 * inactive and unknown accounts with the smallest keys. */
	assert_int_equal(store_exec(&st,
		"UPDATE account_summary SET attention = 20790.5, health = 42, health_4w = 50"
		" WHERE crm_id IN (SELECT crm_id FROM account WHERE id % 3 = 0);"
		"UPDATE account SET renewal_day = 20800, arr_minor = 1234500 WHERE id % 4 = 0;"
		"UPDATE account SET name = char(27) || '[31m' || 'zz' || name WHERE id % 6 = 0;"
		"UPDATE account SET name = 'a' || char(7) || name WHERE id % 9 = 0;"
		"UPDATE account SET name = 'Aa same name' WHERE id % 10 = 1;"
		"DELETE FROM account_summary WHERE crm_id IN (SELECT crm_id FROM account WHERE id % 7 = 0);"
		"UPDATE account SET active = 0 WHERE id % 11 = 0;"
		"UPDATE account_summary SET attention = 1, health = 0, health_4w = 100, next_touch_day = 1,"
		"  sentiment = 1, open_risks = 9, risk_rank = 3"
		" WHERE crm_id IN (SELECT crm_id FROM account WHERE active = 0);"
		"INSERT INTO account_summary(crm_id, health, attention, next_touch_day) VALUES"
		" ('!before-all', 0, 1, 1), ('~after-all', 0, 1, 1)"), 0);
	served = check_store(&st, today);
	print_message("generated book, ties and odd names: %zu windows served\n", served);
	assert_true(served >= 2 * 2 * 4);
	store_close(&st);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_book),
		cmocka_unit_test(test_generated_book),
	};
	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
