/* test_book_subset.c - the console's scopes from the team's rows (book_subset)
 * and the team fetched in a thread (book_prefetch) give exactly what a
 * query of the scope gives (book_fetch): the same rows, values and every
 * sort's order, for every CSM, on the sample book and on a generated one. */
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

static const enum book_scope scopes[] = { SCOPE_MAIN, SCOPE_MINE, SCOPE_COVERING, SCOPE_TEAM };

/* The same rows in the same order, and every sort, both ways, the same order. */
static void same_book(const struct book *a, const struct book *b)
{
	size_t *ia = xmalloc((a->len + 1) * sizeof(*ia)), *ib = xmalloc((b->len + 1) * sizeof(*ib)), na, nb;

	assert_int_equal(a->len, b->len);
	for (size_t i = 0; i < a->len; i++)
		same_row(&a->rows[i], &b->rows[i]);
	for (int s = 0; s < BOOK_SORT_COUNT; s++)
		for (int desc = 0; desc < 2; desc++) {
			book_order(a, NULL, (enum book_sort)s, desc, ia, &na);
			book_order(b, NULL, (enum book_sort)s, desc, ib, &nb);
			assert_int_equal(na, nb);
			for (size_t i = 0; i < na; i++)
				if (strcmp(a->rows[ia[i]].crm_id, b->rows[ib[i]].crm_id) != 0)
					fail_msg("sort %s%s: place %zu is %s / %s", book_sort_name((enum book_sort)s),
						 desc ? " reversed" : "", i, a->rows[ia[i]].crm_id, b->rows[ib[i]].crm_id);
		}
	free(ia);
	free(ib);
}

/* The name order as book.h defines it: the name with A-Z folded, then its
 * bytes, then the CRM id. */
static int cmp_name_def(const void *pa, const void *pb)
{
	const struct book_row *a = *(const struct book_row *const *)pa, *b = *(const struct book_row *const *)pb;
	int c = strcmp(a->fold, b->fold);
	if (!c)
		c = strcmp(a->name, b->name);
	return c ? c : strcmp(a->crm_id, b->crm_id);
}

/* name_rank (the fetch's radix ranking) against a plain sort by the definition. */
static void check_name_rank(const struct book *b)
{
	const struct book_row **rows = xmalloc((b->len + 1) * sizeof(*rows));

	for (size_t i = 0; i < b->len; i++)
		rows[i] = &b->rows[i];
	qsort(rows, b->len, sizeof(*rows), cmp_name_def);
	for (size_t i = 0; i < b->len; i++)
		if (rows[i]->name_rank != i)
			fail_msg("%s (%s) has name_rank %u, %zu by the definition", rows[i]->crm_id, rows[i]->name,
				 (unsigned)rows[i]->name_rank, i);
	free(rows);
}

/* For each handle (every owner, and one who owns nothing), each scope from
 * the team's rows against its own query; the team's rows from the thread
 * against the query of the team. Returns the rows seen in scopes other
 * than the team, so that a caller can tell the test was not empty. */
static size_t check_store(struct store *st, int today)
{
	struct strlist handles = { 0 };
	sqlite3_stmt *stmt;
	size_t seen = 0;

	assert_int_equal(store_prepare(st, "SELECT main_owner FROM account UNION SELECT sub_owner FROM account"
				       " WHERE sub_owner IS NOT NULL ORDER BY 1", &stmt), 0);
	while (sqlite3_step(stmt) == SQLITE_ROW)
		strlist_add(&handles, (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	strlist_add(&handles, "nobody.here");
	assert_true(handles.len > 2);
	for (size_t h = 0; h < handles.len; h++) {
		const char *me = handles.items[h];
		struct book team, threaded;
		assert_int_equal(book_fetch(st, me, SCOPE_TEAM, today, &team), 0);
		check_name_rank(&team);
		for (size_t s = 0; s < ARRAY_SIZE(scopes); s++) {
			struct book direct, sub;
			assert_int_equal(book_fetch(st, me, scopes[s], today, &direct), 0);
			if (scopes[s] != SCOPE_TEAM)
				book_sort(&direct, BOOK_SORT_NAME, false);   /* as the console shows them */
			book_subset(&team, scopes[s], &sub);
			same_book(&direct, &sub);
			if (scopes[s] != SCOPE_TEAM)
				seen += sub.len;
			book_free(&sub);
			book_free(&direct);
		}
		if (h < 3) {   /* the thread: a few handles are enough */
			struct book_prefetch *p = book_prefetch_start(st->path, NULL, me, SCOPE_TEAM, today, NULL);
			assert_non_null(p);
			assert_true(book_prefetch_matches(p, me, SCOPE_TEAM, today));
			assert_false(book_prefetch_matches(p, me, SCOPE_MINE, today));
			assert_int_equal(book_prefetch_take(p, &threaded), 0);
			same_book(&team, &threaded);
			for (size_t i = 0; i < team.len; i++) {   /* even the ranks: the same fetch */
				assert_int_equal(team.rows[i].name_rank, threaded.rows[i].name_rank);
				assert_int_equal(team.rows[i].other_rank, threaded.rows[i].other_rank);
			}
			book_free(&threaded);
			/* cancelled at once or half-way: no book, no leak, no hang */
			book_prefetch_cancel(book_prefetch_start(st->path, NULL, me, SCOPE_TEAM, today, NULL));
		}
		book_free(&team);
	}
	strlist_clear(&handles);
	return seen;
}

/* The header's counts do not depend on the rows' order: the console's
 * scopes come in name order, a query's rows in the database's. */
static void test_summary_any_order(struct store *st, int today)
{
	struct config cfg;
	struct book team;
	struct book_summary a, b;

	config_defaults(&cfg);
	assert_int_equal(book_fetch(st, "aiko", SCOPE_TEAM, today, &team), 0);
	assert_int_equal(book_summarize(st, &cfg, &team, 0, &a), 0);
	for (size_t i = 0, j = team.len - 1; i < j; i++, j--) {
		struct book_row t = team.rows[i];
		team.rows[i] = team.rows[j];
		team.rows[j] = t;
	}
	assert_int_equal(book_summarize(st, &cfg, &team, 0, &b), 0);
	assert_true(a.n_arr >= 2);   /* the sample's yen and dollars */
	assert_int_equal(a.n_arr, b.n_arr);
	for (size_t i = 0; i < a.n_arr; i++) {
		assert_string_equal(a.arr[i].currency, b.arr[i].currency);
		assert_true(a.arr[i].arr_minor == b.arr[i].arr_minor);
		if (i > 0)
			assert_true(strcmp(a.arr[i - 1].currency, a.arr[i].currency) < 0);
	}
	assert_int_equal(a.accounts, b.accounts);
	assert_int_equal(a.overdue, b.overdue);
	assert_int_equal(a.renewals_near, b.renewals_near);
	assert_int_equal(a.health_drops, b.health_drops);
	book_free(&team);
	config_free(&cfg);
}

static void test_sample_book(void **state)
{
	struct store st;
	char *sample = sample_store(&st, "sample.db");

	(void)state;
	assert_non_null(sample);
	test_summary_any_order(&st, day_from_ymd(2026, 11, 23));
	assert_true(check_store(&st, day_from_ymd(2026, 11, 23)) > 0);
	store_close(&st);
	free(sample);
}

/* A generated book (gen-book --scale small, with event segments: notes,
 * risks, touchpoints, coverage), synced as `csconsole sync` does. */
static void test_generated_book(void **state)
{
	struct store st;

	(void)state;
	char *out = generated_store(&st, "gen.db", 5, 40, 4);
	assert_true(check_store(&st, day_from_ymd(2026, 11, 23)) > 0);
	/* What the team's fetch joins itself (book_fetch merges the summaries
	 * and flags in CRM id order): accounts without a summary, flags of both
	 * kinds, rows of neither kind for unknown or inactive accounts, on
	 * either side of every CRM id. */
	assert_int_equal(store_exec(&st,
		"DELETE FROM account_summary WHERE crm_id IN (SELECT crm_id FROM account ORDER BY crm_id LIMIT 3)"
		" OR crm_id IN (SELECT crm_id FROM account ORDER BY crm_id DESC LIMIT 2)"
		" OR crm_id IN (SELECT crm_id FROM account WHERE id % 7 = 0);"
		"UPDATE account SET active = 0 WHERE id % 11 = 0;"
		"INSERT INTO account_summary(crm_id, health) VALUES ('!before-all', 1), ('~after-all', 2);"
		"INSERT OR REPLACE INTO account_flag(crm_id, flag, reason, day)"
		" SELECT crm_id, CASE WHEN id % 2 THEN 'hidden_risk' ELSE 'quiet_loyal' END, 'reason ' || id, 1"
		" FROM account WHERE id % 5 = 0;"
		"INSERT INTO account_flag(crm_id, flag, reason, day) VALUES ('!x', 'quiet_loyal', 'r', 1),"
		" ('~x', 'hidden_risk', 'r', 1);"
		/* names alike for 12, 24 and more bytes (the ranking's radix
		 * passes), to their end, and in case only */
		"UPDATE account SET name = '株式会社さくら' || substr('ABCabc', 1 + id % 6, 1 + id % 3) || id % 4"
		" WHERE id % 3 = 1;"
		"UPDATE account SET name = '株式会社さくらホールディングス' WHERE id % 13 = 2;"
		"UPDATE account SET name = 'Northwind Analytics ' || CASE id % 2 WHEN 0 THEN 'GROUP' ELSE 'group' END"
		" WHERE id % 17 = 3"), 0);
	assert_true(check_store(&st, day_from_ymd(2026, 11, 23)) > 0);
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
