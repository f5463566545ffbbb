/* test_arr_history.c - the accounts import keeps each account's ARR per
 * import day (arr_history.c, schema step 22): a change is a new row, an
 * unchanged account adds none, a second import on one day replaces that
 * day's row, outcomes and leaving the feed are recorded too. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/arr_history.h"
#include "csconsole/date.h"
#include "csconsole/feed.h"
#include "csconsole/schema.h"
#include "scratch.h"

static struct store st;

static int setup(void **state)
{
	if (scratch_setup(state))
		return -1;
	char *feeds = scratch_path("shared/feeds");
	char *db = scratch_path("db.db"), *shared = scratch_path("shared");
	int rc = path_mkdirs(feeds, 0755) || store_open(&st, db, shared);
	free(feeds);
	free(db);
	free(shared);
	return rc;
}

static int teardown(void **state)
{
	store_close(&st);
	return scratch_teardown(state);
}

/* Imports an accounts file as of day `today` (CSCONSOLE_TODAY). */
static void import_on(const char *today, const char *accounts_yaml)
{
	struct diag_list d = {0};
	struct feed_summary sum;
	char *shared = scratch_path("shared");
	free(scratch_write_str("shared/feeds/accounts.yaml", accounts_yaml));
	setenv("CSCONSOLE_TODAY", today, 1);
	if (feed_sync(&st, shared, NULL, &d, &sum) || sum.failed || sum.rows_rejected) {
		for (size_t i = 0; i < d.len; i++)
			print_message("%s\n", d.items[i].message);
		fail_msg("the import on %s failed", today);
	}
	diag_clear(&d);
	free(shared);
}

static char *history(void)
{
	sqlite3_stmt *s;
	struct sbuf b = {0};
	assert_int_equal(store_prepare(&st, "SELECT a.crm_id, date(h.day * 86400, 'unixepoch'), "
		"coalesce(h.arr_minor, 'null'), coalesce(h.currency, '-'), coalesce(h.outcome, '-'), "
		"coalesce(date(h.outcome_day * 86400, 'unixepoch'), '-'), h.active FROM arr_history h "
		"JOIN account a ON a.id = h.account_id ORDER BY a.crm_id, h.day", &s), 0);
	while (sqlite3_step(s) == SQLITE_ROW)
		sbuf_addf(&b, "%s %s %s %s %s %s %d\n", sqlite3_column_text(s, 0), sqlite3_column_text(s, 1),
			  sqlite3_column_text(s, 2), sqlite3_column_text(s, 3), sqlite3_column_text(s, 4),
			  sqlite3_column_text(s, 5), sqlite3_column_int(s, 6));
	sqlite3_finalize(s);
	return b.data ? b.data : xstrdup("");
}

#define ACC(id, arr, cur, extra) \
	"  - {id: " id ", name: " id ", touch_model: high, stage: adoption, main_owner: aiko, " \
	"arr: " arr ", currency: " cur extra "}\n"

static void test_history_per_import_day(void **state)
{
	(void)state;
	import_on("2026-01-10", "accounts:\n" ACC("A", "1000", "USD", "") ACC("B", "500000", "JPY", ""));
	/* the same ARR a month on: no new row; A grows */
	import_on("2026-02-10", "accounts:\n" ACC("A", "1200", "USD", "") ACC("B", "500000", "JPY", "")
		  "# 2\n");
	/* twice on one day: the day's row is replaced, not added */
	import_on("2026-03-05", "accounts:\n" ACC("A", "900", "USD", "") ACC("B", "500000", "JPY", ""));
	import_on("2026-03-05", "accounts:\n" ACC("A", "800", "USD", "") ACC("B", "500000", "JPY",
		  ", outcome: churned, outcome_date: 2026-03-01"));
	/* B leaves the feed: its row says inactive, with its last ARR */
	import_on("2026-04-01", "accounts:\n" ACC("A", "800", "USD", ""));
	char *h = history();
	assert_string_equal(h,
		"A 2026-01-10 100000 USD - - 1\n"
		"A 2026-02-10 120000 USD - - 1\n"
		"A 2026-03-05 80000 USD - - 1\n"
		"B 2026-01-10 500000 JPY - - 1\n"
		"B 2026-03-05 500000 JPY churned 2026-03-01 1\n"
		"B 2026-04-01 500000 JPY churned 2026-03-01 0\n");
	free(h);
	unsetenv("CSCONSOLE_TODAY");
}

/* arr_history_record on its own: nothing changed, nothing written. */
static void test_record_idempotent(void **state)
{
	(void)state;
	sqlite3_stmt *s;
	assert_int_equal(arr_history_record(&st, day_from_ymd(2026, 5, 1)), 0);
	assert_int_equal(store_prepare(&st, "SELECT count(*) FROM arr_history", &s), 0);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 6);
	sqlite3_finalize(s);
}

/* The migration's backfill: a database from before the step gets every
 * account's values as of the last accounts import's day. */
static void test_backfill(void **state)
{
	(void)state;
	struct store old = {0};
	char *path = scratch_path("before.db");
	int from = -1;
	for (int v = 0; v < schema_version(); v++)
		if (strstr(schema_migration(v), "CREATE TABLE arr_history"))
			from = v;
	assert_true(from > 0);
	assert_int_equal(sqlite3_open(path, &old.db), SQLITE_OK);
	old.path = xstrdup(path);
	assert_int_equal(store_migrate(&old, from), 0);
	int day = day_from_ymd(2026, 10, 5);
	scratch_exec(&old, "INSERT INTO account(crm_id, name, touch_model, stage, main_owner, arr_minor, currency, "
		     "outcome, outcome_day, active) VALUES ('X', 'X', 'low', 'renewal', 'aiko', 4200, 'EUR', "
		     "'churned', %d, 0)", day - 3);
	/* two accounts imports: the later one's day counts; a team import does not */
	scratch_exec(&old, "INSERT INTO feed_file(path, kind, sha256, size, mtime_ns, imported_at) VALUES "
		     "('feeds/accounts.yaml', 'accounts', 'a', 1, 1, %lld), ('old.csv', 'accounts', 'b', 1, 1, 86400), "
		     "('feeds/team.yaml', 'team', 'c', 1, 1, %lld)", (long long)day * 86400 + 3600,
		     (long long)(day + 9) * 86400);
	store_close(&old);
	struct store db;
	assert_int_equal(store_open(&db, path, NULL), 0);
	sqlite3_stmt *s;
	assert_int_equal(store_prepare(&db, "SELECT day, arr_minor, currency, outcome, outcome_day, active "
				       "FROM arr_history", &s), 0);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), day);
	assert_int_equal(sqlite3_column_int(s, 1), 4200);
	assert_string_equal((const char *)sqlite3_column_text(s, 2), "EUR");
	assert_string_equal((const char *)sqlite3_column_text(s, 3), "churned");
	assert_int_equal(sqlite3_column_int(s, 4), day - 3);
	assert_int_equal(sqlite3_column_int(s, 5), 0);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	store_close(&db);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_history_per_import_day),
		cmocka_unit_test(test_record_idempotent),
		cmocka_unit_test(test_backfill),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
