/* test_summary_sql.c - summary.c's refresh statement against the one it
 * replaced (issue 15): the same account_summary rows, column by column,
 * value and type, for every account, through each of its three forms (one
 * account, the accounts noted in summary_pending, every account), on the
 * sample book and on a generated one with events, with both health sources
 * and the cases the rewrite treats apart added to each: accounts with no
 * health or few snapshots, gaps before the 4- and 7-week marks, onboarding
 * accounts with and without metrics, ties in risk severity and touchpoint
 * due day, deleted and internal notes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/summary.h"
#include "csconsole/touchdef.h"
#include "scratch.h"
#include "sample.h"

/* REFERENCE, do not edit: summary.c's SUMMARY_SQL as it was before the
 * rewrite (commit 4e381f9), verbatim; it still names the shared
 * definitions (HEALTH_SOURCE_SQL, TOUCH_LAST_DAY_SQL), so it stays the
 * reference when one of those changes. */
#define OLD_SUMMARY_SQL(cond) \
	"INSERT OR REPLACE INTO account_summary(crm_id, health, health_day, health_4w, health_delta," \
	"  spark, open_risks, open_high_risks, risk_rank, risk_category, next_touch_day," \
	"  next_touch_kind, sentiment, touch_day, attention, risk_categories, health_max," \
	"  metric_first_day, seats_day, seats_active, health_max7, account_id, name, main_owner," \
	"  sub_owner, touch_model, stage, arr_minor, renewal_day, seats, active)" \
	" SELECT crm_id, hs, hday, h4, hs - h4, spark, nrisk, nhigh, rrank, rcat, tday, tkind," \
	"  sent, nday, renewal_day - (100 - coalesce(hs, 50)) / 2.0, rcats," \
	"  max(coalesce(h4, hs), hmax28), mfirst, seats_day, seats_active," \
	"  max(coalesce(h7, hs), hmax7), id, name, main_owner, sub_owner, touch_model, stage, arr_minor," \
	"  renewal_day, seats, active" \
	" FROM (SELECT x.*," \
	"  (SELECT score FROM health h WHERE h.account_id = x.id AND h.source = " HEALTH_SOURCE_SQL " AND h.day = x.hday) AS hs," \
	"  (SELECT score FROM health h WHERE h.account_id = x.id AND h.source = " HEALTH_SOURCE_SQL " AND h.day <= x.hday - 28" \
	"     ORDER BY h.day DESC LIMIT 1) AS h4," \
	"  (SELECT max(score) FROM health h WHERE h.account_id = x.id AND h.source = " HEALTH_SOURCE_SQL \
	"     AND h.day > x.hday - 28) AS hmax28," \
	/* the same for a 7-day drop (health_max7) */ \
	"  (SELECT score FROM health h WHERE h.account_id = x.id AND h.source = " HEALTH_SOURCE_SQL \
	"     AND h.day <= x.hday - 7 ORDER BY h.day DESC LIMIT 1) AS h7," \
	"  (SELECT max(score) FROM health h WHERE h.account_id = x.id AND h.source = " HEALTH_SOURCE_SQL \
	"     AND h.day > x.hday - 7) AS hmax7," \
	/* onboarding only: the first metric of any name (one index probe per \
	 * metric name) and the latest active_seats */ \
	"  CASE WHEN x.stage = 'onboarding' THEN (SELECT min(d) FROM (SELECT (SELECT min(m.day) FROM metric m" \
	"     WHERE m.account_id = x.id AND m.metric_id = n.id) AS d FROM metric_name n)) END AS mfirst," \
	"  CASE WHEN x.stage = 'onboarding' THEN (SELECT m.day FROM metric m WHERE m.account_id = x.id" \
	"     AND m.metric_id = (SELECT id FROM metric_name WHERE name = 'active_seats')" \
	"     ORDER BY m.day DESC LIMIT 1) END AS seats_day," \
	"  CASE WHEN x.stage = 'onboarding' THEN (SELECT m.value FROM metric m WHERE m.account_id = x.id" \
	"     AND m.metric_id = (SELECT id FROM metric_name WHERE name = 'active_seats')" \
	"     ORDER BY m.day DESC LIMIT 1) END AS seats_active," \
	"  (SELECT group_concat(CAST(round(score) AS INTEGER), ' ') FROM (SELECT day, score FROM (SELECT day, score" \
	"     FROM health h WHERE h.account_id = x.id AND h.source = " HEALTH_SOURCE_SQL \
	"     ORDER BY h.day DESC LIMIT 12) ORDER BY day))" \
	"     AS spark," \
	"  (SELECT count(*) FROM risk r WHERE r.account = x.crm_id AND r.status = 'open') AS nrisk," \
	"  (SELECT count(*) FROM risk r WHERE r.account = x.crm_id AND r.status = 'open'" \
	"     AND r.severity = 'high') AS nhigh," \
	"  (SELECT coalesce(max(CASE r.severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2" \
	"     WHEN 'low' THEN 1 ELSE 0 END), 0) FROM risk r" \
	"     WHERE r.account = x.crm_id AND r.status = 'open') AS rrank," \
	"  (SELECT r.category FROM risk r WHERE r.account = x.crm_id AND r.status = 'open'" \
	"     ORDER BY CASE r.severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1" \
	"     ELSE 0 END DESC, r.opened_day DESC, r.id LIMIT 1) AS rcat," \
	"  (SELECT group_concat(category, ',') FROM (SELECT DISTINCT r.category FROM risk r" \
	"     WHERE r.account = x.crm_id AND r.status = 'open' ORDER BY 1)) AS rcats," \
	"  (SELECT min(t.due_day) FROM touchpoint t WHERE t.account = x.crm_id" \
	"     AND t.status IN ('open', 'snoozed')) AS tday," \
	"  (SELECT t.kind FROM touchpoint t WHERE t.account = x.crm_id" \
	"     AND t.status IN ('open', 'snoozed') ORDER BY t.due_day, t.id LIMIT 1) AS tkind," \
	"  (SELECT n.sentiment FROM note n WHERE n.account = x.crm_id AND NOT n.deleted" \
	"     ORDER BY n.touch_day DESC, n.created DESC, n.id DESC LIMIT 1) AS sent," \
	"  " TOUCH_LAST_DAY_SQL("x.crm_id") " AS nday" \
	"  FROM (SELECT a.id, a.crm_id, a.renewal_day, a.stage, a.name, a.main_owner, a.sub_owner," \
	"     a.touch_model, a.arr_minor, a.seats, a.active, (SELECT h.day FROM health h" \
	"     WHERE h.account_id = a.id AND h.source = " HEALTH_SOURCE_SQL \
	"     ORDER BY h.day DESC LIMIT 1) AS hday" \
	"     FROM account a " cond ") x)"

static const char old_all[] = OLD_SUMMARY_SQL("");

static void exec(struct store *st, const char *sql)
{
	if (store_exec(st, sql))
		fail_msg("%s (in %.60s...)", error_message(), sql);
}

static long long count(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	long long n;
	assert_int_equal(store_prepare(st, sql, &s), 0);
	if (sqlite3_step(s) != SQLITE_ROW)
		fail_msg("%s: %s", sql, sqlite3_errmsg(st->db));
	n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* The cases the new statement treats apart, added to whatever book st
 * holds, chosen by account id so each book gets some of each. */
static void add_edges(struct store *st)
{
	exec(st,
	     /* the model's snapshots, where the book has none: most accounts
	      * get some, at other scores */
	     "INSERT OR IGNORE INTO health(account_id, source, day, score, model)"
	     "  SELECT account_id, 'model', day, score * 0.9 + 3.3, 1 FROM health"
	     "  WHERE source = 'feed' AND account_id % 9 <> 0;"
	     /* no health at all; one snapshot; a few, all within 28 days; a gap
	      * before the 4- and 7-week marks; equal scores; integral scores;
	      * snapshots a few days apart */
	     "DELETE FROM health WHERE account_id % 13 = 1;"
	     "DELETE FROM health WHERE account_id % 13 = 2 AND day < (SELECT max(day) FROM health g"
	     "  WHERE g.account_id = health.account_id AND g.source = health.source);"
	     "DELETE FROM health WHERE account_id % 13 = 3 AND day < (SELECT max(day) FROM health g"
	     "  WHERE g.account_id = health.account_id AND g.source = health.source) - 20;"
	     "DELETE FROM health WHERE account_id % 13 = 4 AND day BETWEEN (SELECT max(day) FROM health g"
	     "  WHERE g.account_id = health.account_id AND g.source = health.source) - 45 AND (SELECT max(day)"
	     "  FROM health g WHERE g.account_id = health.account_id AND g.source = health.source) - 3;"
	     "DELETE FROM health WHERE account_id % 13 = 5 AND day < (SELECT max(day) FROM health g"
	     "  WHERE g.account_id = health.account_id AND g.source = health.source) - 60;"
	     "UPDATE health SET score = 70.0 WHERE account_id % 13 = 6;"
	     "UPDATE health SET score = round(score) WHERE account_id % 13 = 7;"
	     "INSERT OR IGNORE INTO health(account_id, source, day, score, model)"
	     "  SELECT account_id, source, day - 3, score + 1.25, model FROM health WHERE account_id % 13 = 8;"
	     /* onboarding, with metrics and (some) without */
	     "UPDATE account SET stage = 'onboarding' WHERE id % 5 = 0;"
	     "DELETE FROM metric WHERE account_id % 25 = 10;"
	     /* open risks: two highs opened the same day (the id decides), a
	      * category twice, a severity outside the scale, resolved ones;
	      * two mediums opened the same day */
	     "INSERT INTO risk(id, account, author, category, severity, status, text, opened_day, created, hlc)"
	     "  SELECT 'edge-r' || k || '-' || a.crm_id, a.crm_id, 'aiko', c, sev, st, 't', 20400 + d,"
	     "  '2026-01-01T00:00:00Z', '0' FROM account a, (SELECT 1 AS k, 'budget' AS c, 'high' AS sev,"
	     "  'open' AS st, 5 AS d UNION ALL SELECT 2, 'competitor', 'high', 'open', 5"
	     "  UNION ALL SELECT 3, 'budget', 'medium', 'open', 9 UNION ALL SELECT 4, 'adoption', 'urgent', 'open', 1"
	     "  UNION ALL SELECT 5, 'support', 'high', 'resolved', 12) WHERE a.id % 7 = 0;"
	     "INSERT INTO risk(id, account, author, category, severity, status, text, opened_day, created, hlc)"
	     "  SELECT 'edge-m' || k || '-' || a.crm_id, a.crm_id, 'aiko', c, 'medium', 'open', 't', 20400,"
	     "  '2026-01-01T00:00:00Z', '0' FROM account a, (SELECT 1 AS k, 'roi' AS c UNION ALL SELECT 2, 'champion'"
	     "  UNION ALL SELECT 3, 'roi') WHERE a.id % 7 = 1;"
	     /* touchpoints: two due the same day (the id decides), one without
	      * a kind, a snoozed one before them; done ones with and without a
	      * note, an internal one, one with neither kind nor note */
	     "INSERT INTO touchpoint(id, account, author, kind, due_day, status, note, done_day, created, hlc)"
	     "  SELECT 'edge-t' || k || '-' || a.crm_id, a.crm_id, 'aiko', kind, 20500 + d - (k = 4) * (a.id % 2) * 9,"
	     "  CASE WHEN k = 4 AND a.id % 12 = 0 THEN 'snoozed' ELSE st END, nt, dd,"
	     "  '2026-01-01T00:00:00Z', '0' FROM account a, (SELECT 1 AS k, 'call' AS kind, 10 AS d, 'open' AS st,"
	     "  NULL AS nt, NULL AS dd UNION ALL SELECT 2, 'qbr', 10, 'open', NULL, NULL"
	     "  UNION ALL SELECT 3, NULL, 10, 'open', NULL, NULL UNION ALL SELECT 4, 'email', 8, 'done', NULL, 20510"
	     "  UNION ALL SELECT 5, 'internal', 3, 'done', 'n', 20530 UNION ALL SELECT 6, NULL, 3, 'done', NULL, 20540"
	     "  UNION ALL SELECT 7, NULL, 3, 'done', 'spoke', 20520) WHERE a.id % 6 = 0;"
	     /* notes: the latest deleted, internal, without sentiment; two the
	      * same day written at the same time (the id decides) */
	     "INSERT INTO note(id, account, author, kind, sentiment, summary, touch_day, created, hlc, deleted)"
	     "  SELECT 'edge-n' || k || '-' || a.crm_id, a.crm_id, 'aiko', kind, sent, 's', 20600 + d, cr, '0', del"
	     "  FROM account a, (SELECT 1 AS k, 'call' AS kind, 2 AS sent, 9 AS d, '2026-02-01' AS cr, 1 AS del"
	     "  UNION ALL SELECT 2, 'internal', -1, 8, '2026-02-01', 0 UNION ALL SELECT 3, 'meeting', NULL, 7,"
	     "  '2026-02-01', 0 UNION ALL SELECT 4, 'email', 1, 7, '2026-02-01', 0"
	     "  UNION ALL SELECT 5, 'chat', 0, 7, '2026-01-31', 0) WHERE a.id % 4 = 0;"
	     "INSERT INTO note(id, account, author, kind, sentiment, summary, touch_day, created, hlc, deleted)"
	     "  SELECT 'edge-i-' || a.crm_id, a.crm_id, 'aiko', 'internal', 1, 's', 20700, '2026-03-01', '0', 0"
	     "  FROM account a WHERE a.id % 4 = 1");
}

/* ref: a copy of account_summary whose columns have no affinity, so that
 * each value keeps its type. */
static void keep_reference(struct store *st, struct strlist *cols)
{
	sqlite3_stmt *s;
	char *sql = xstrdup("CREATE TEMP TABLE ref(");

	strlist_clear(cols);
	assert_int_equal(store_prepare(st, "SELECT name FROM pragma_table_info('account_summary') ORDER BY cid", &s), 0);
	while (sqlite3_step(s) == SQLITE_ROW)
		strlist_add(cols, (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	assert_true(cols->len >= 31);
	for (size_t i = 0; i < cols->len; i++) {
		char *t = xasprintf("%s%s%s", sql, i ? ", " : "", cols->items[i]);
		free(sql);
		sql = t;
	}
	char *t = xasprintf("DROP TABLE IF EXISTS temp.ref; %s); INSERT INTO ref SELECT * FROM account_summary", sql);
	exec(st, t);
	free(t);
	free(sql);
}

/* Every row of account_summary is ref's row of its account, each column the
 * same value (IS) of the same type; `want` rows in all. */
static void same_as_reference(struct store *st, const struct strlist *cols, long long want, const char *what)
{
	char *sql = xstrdup("SELECT s.crm_id FROM account_summary s LEFT JOIN ref r ON r.crm_id = s.crm_id WHERE NOT (1");
	sqlite3_stmt *s;

	for (size_t i = 0; i < cols->len; i++) {
		char *t = xasprintf("%s AND s.%s IS r.%s AND typeof(s.%s) = typeof(r.%s)", sql,
				    cols->items[i], cols->items[i], cols->items[i], cols->items[i]);
		free(sql);
		sql = t;
	}
	char *t = xasprintf("%s) ORDER BY 1 LIMIT 1", sql);
	free(sql);
	assert_int_equal(store_prepare(st, t, &s), 0);
	if (sqlite3_step(s) == SQLITE_ROW)
		fail_msg("%s: the row of %s differs from the reference", what, (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	free(t);
	assert_int_equal(count(st, "SELECT count(*) FROM account_summary"), want);
}

/* The reference's rows were computed by the old statement; the new one's
 * three forms must give exactly those. */
static void check_store(struct store *st)
{
	static const char *const sources[] = { "feed", "model" };
	struct strlist cols = { 0 };
	long long accounts = count(st, "SELECT count(*) FROM account");

	assert_true(accounts > 10);
	exec(st, "BEGIN");
	add_edges(st);
	for (size_t k = 0; k < ARRAY_SIZE(sources); k++) {
		sqlite3_stmt *s;
		assert_int_equal(store_meta_set(st, "health_source", sources[k]), 0);
		exec(st, "DELETE FROM account_summary");
		exec(st, old_all);
		keep_reference(st, &cols);
		assert_int_equal(count(st, "SELECT count(*) FROM ref"), accounts);
		/* the cases are there (else the test proves little) */
		assert_true(count(st, "SELECT count(*) FROM ref WHERE health IS NULL") > 0);
		assert_true(count(st, "SELECT count(*) FROM ref WHERE health_4w IS NULL AND health IS NOT NULL") > 0);
		assert_true(count(st, "SELECT count(*) FROM ref WHERE spark IS NOT NULL AND spark NOT LIKE '% % % % % % % % % % % %'") > 0);
		assert_true(count(st, "SELECT count(*) FROM ref WHERE open_high_risks > 1 AND risk_categories LIKE '%,%'") > 0);
		assert_true(count(st, "SELECT count(*) FROM ref WHERE metric_first_day IS NOT NULL") > 0);
		assert_true(count(st, "SELECT count(*) FROM ref WHERE stage = 'onboarding' AND metric_first_day IS NULL") > 0);
		assert_true(count(st, "SELECT count(*) FROM ref r JOIN account a ON a.crm_id = r.crm_id"
				  " WHERE a.id % 6 = 0 AND r.next_touch_day = 20510") > 0);
		assert_true(count(st, "SELECT count(*) FROM ref WHERE open_risks = 0") > 0);

		/* every account */
		exec(st, "DELETE FROM account_summary");
		assert_int_equal(summary_refresh_all(st), 0);
		same_as_reference(st, &cols, accounts, "every account");

		/* the accounts noted pending (a third of them) */
		exec(st, "DELETE FROM account_summary; DELETE FROM summary_pending;"
		     "INSERT INTO summary_pending(crm_id) SELECT crm_id FROM account WHERE id % 3 = 0");
		long long pending = count(st, "SELECT count(*) FROM summary_pending");
		assert_int_equal(summary_refresh_pending(st), 0);
		assert_int_equal(count(st, "SELECT count(*) FROM summary_pending"), 0);
		same_as_reference(st, &cols, pending, "the pending accounts");

		/* one account at a time */
		exec(st, "DELETE FROM account_summary");
		assert_int_equal(store_prepare(st, "SELECT crm_id FROM account", &s), 0);
		while (sqlite3_step(s) == SQLITE_ROW)
			assert_int_equal(summary_refresh_account(st, (const char *)sqlite3_column_text(s, 0)), 0);
		sqlite3_finalize(s);
		same_as_reference(st, &cols, accounts, "one account");
	}
	exec(st, "ROLLBACK");
	strlist_clear(&cols);
}

static void test_sample_book(void **state)
{
	struct store st;
	char *sample = sample_store(&st, "sample.db");

	(void)state;
	assert_non_null(sample);
	check_store(&st);
	store_close(&st);
	free(sample);
}

/* A generated book with event segments (notes, risks, touchpoints), synced
 * as `csconsole sync` does, with computed health snapshots too. */
static void test_generated_book(void **state)
{
	struct store st;

	(void)state;
	char *out = generated_store(&st, "gen.db", 3, 60, 5);
	assert_true(count(&st, "SELECT count(*) FROM note") > 0);
	check_store(&st);
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
