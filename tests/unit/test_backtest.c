/* test_backtest.c - the backtest's statistics (ROC AUC against a case worked
 * by hand, ties, one outcome only, churn per band), the accounts feed's
 * outcome fields, and the replay's vendor column and "no score" counting. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/backtest.h"
#include "csconsole/config.h"
#include "csconsole/date.h"
#include "csconsole/feed.h"
#include "scratch.h"

#define EPS 1e-12

/* ---- AUC -------------------------------------------------------------------- */

/* Worked by hand. Churned accounts scored 30, 50, 70; renewed ones 40, 50,
 * 80, 90: 3 x 4 = 12 (churned, renewed) pairs. A pair counts 1 when the
 * churned account scores lower, 1/2 on a tie, 0 otherwise:
 *   churned 30: below 40, 50, 80, 90             -> 4
 *   churned 50: above 40 (0), ties 50 (1/2),
 *               below 80, 90                     -> 2.5
 *   churned 70: above 40 and 50, below 80, 90    -> 2
 * AUC = (4 + 2.5 + 2) / 12 = 8.5 / 12 = 0.708333... (given out of order). */
static void test_auc_hand_computed(void **state)
{
	(void)state;
	const double score[] = { 80, 50, 30, 90, 70, 40, 50 };
	const bool churned[] = { false, true, true, false, true, false, false };
	double auc = -1;

	assert_true(backtest_auc(score, churned, 7, &auc));
	assert_true(fabs(auc - 8.5 / 12.0) < EPS);
}

static void test_auc_perfect_reversed_and_ties(void **state)
{
	(void)state;
	const double score[] = { 10, 20, 30, 40 };
	const bool low_churned[] = { true, true, false, false };
	const bool high_churned[] = { false, false, true, true };
	const double flat[] = { 60, 60, 60, 60, 60 };
	const bool flat_churned[] = { true, false, false, true, false };
	double auc = -1;

	assert_true(backtest_auc(score, low_churned, 4, &auc));
	assert_true(fabs(auc - 1.0) < EPS);
	assert_true(backtest_auc(score, high_churned, 4, &auc));
	assert_true(fabs(auc - 0.0) < EPS);
	/* Every pair tied: 6 pairs, each 1/2 -> 0.5 */
	assert_true(backtest_auc(flat, flat_churned, 5, &auc));
	assert_true(fabs(auc - 0.5) < EPS);
}

/* One outcome only: no pair to compare, the AUC is undefined (false), not 0.5. */
static void test_auc_one_class_undefined(void **state)
{
	(void)state;
	const double score[] = { 10, 55, 90 };
	const bool none[] = { false, false, false };
	const bool all[] = { true, true, true };
	double auc = 42;

	assert_false(backtest_auc(score, none, 3, &auc));
	assert_false(backtest_auc(score, all, 3, &auc));
	assert_false(backtest_auc(score, all, 0, &auc));
	assert_true(auc == 42);   /* left alone */
}

/* The rank form equals the pairwise definition on data with many ties. */
static void test_auc_matches_pairwise(void **state)
{
	(void)state;
	enum { N = 200 };
	double score[N];
	bool churned[N];
	uint32_t x = 12345;
	double sum = 0, auc;
	size_t pairs = 0;

	for (int i = 0; i < N; i++) {
		x = x * 1103515245u + 12345u;
		score[i] = (double)((x >> 16) % 21) * 5;     /* 0, 5 .. 100: many ties */
		x = x * 1103515245u + 12345u;
		churned[i] = ((x >> 16) % 100) < (score[i] < 50 ? 60u : 25u);
	}
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++)
			if (churned[i] && !churned[j]) {
				sum += score[i] < score[j] ? 1.0 : score[i] == score[j] ? 0.5 : 0.0;
				pairs++;
			}
	assert_true(pairs > 0);
	assert_true(backtest_auc(score, churned, N, &auc));
	assert_true(fabs(auc - sum / (double)pairs) < 1e-9);
	assert_true(auc > 0.5);   /* the data were drawn so that low scores churn more */
}

/* ---- churn per band ------------------------------------------------------ */

static void test_summarize_bands(void **state)
{
	(void)state;
	struct config cfg;
	struct bt_result r;
	/* red <= 40 < yellow <= 70 < green; the boundaries fall on the lower band */
	const double score[] = { 40, 12, 40.5, 70, 55, 70.5, 99, 0, 85 };
	const bool has[] = { true, true, true, true, true, true, true, false, true };
	const bool churned[] = { true, true, false, true, false, false, true, true, false };

	config_defaults(&cfg);
	cfg.band_red_max = 40;
	cfg.band_yellow_max = 70;
	backtest_summarize(&cfg, score, has, churned, 9, &r);
	config_free(&cfg);

	assert_int_equal(r.scored, 8);
	assert_int_equal(r.no_score, 1);           /* the churned account without a score */
	assert_int_equal(r.scored_churned, 4);
	assert_int_equal(r.scored_renewed, 4);
	assert_int_equal(r.band[BT_RED].accounts, 2);     /* 40, 12 */
	assert_int_equal(r.band[BT_RED].churned, 2);
	assert_int_equal(r.band[BT_YELLOW].accounts, 3);  /* 40.5, 70, 55 */
	assert_int_equal(r.band[BT_YELLOW].churned, 1);
	assert_int_equal(r.band[BT_GREEN].accounts, 3);   /* 70.5, 99, 85 */
	assert_int_equal(r.band[BT_GREEN].churned, 1);
	assert_int_equal(r.red_max, 40);
	assert_int_equal(r.yellow_max, 70);
	/* Churned 40, 12, 70, 99; renewed 40.5, 55, 70.5, 85 (16 pairs):
	 * 12 is below all four (4); 40 below all four (4); 70 below 70.5 and 85
	 * (2); 99 below none (0): 10 / 16. */
	assert_true(r.has_auc);
	assert_true(fabs(r.auc - 10.0 / 16.0) < EPS);
}

static void test_summarize_one_class(void **state)
{
	(void)state;
	struct config cfg;
	struct bt_result r;
	const double score[] = { 30, 80 };
	const bool has[] = { true, true }, churned[] = { false, false };

	config_defaults(&cfg);
	backtest_summarize(&cfg, score, has, churned, 2, &r);
	assert_int_equal(r.scored, 2);
	assert_false(r.has_auc);
	backtest_summarize(&cfg, score, has, churned, 0, &r);
	assert_int_equal(r.scored, 0);
	assert_false(r.has_auc);
	config_free(&cfg);
}

/* ---- the accounts feed's outcome, and the replay -------------------------- */

static char *shared;
static struct store st;

static int setup(void **state)
{
	if (scratch_setup(state))
		return -1;
	shared = scratch_path("shared");
	char *feeds = path_join(shared, "feeds");
	char *db = scratch_path("db/csconsole.db");
	int rc = path_mkdirs(feeds, 0755) || store_open(&st, db, shared);
	free(feeds);
	free(db);
	return rc;
}

static int teardown(void **state)
{
	store_close(&st);
	free(shared);
	return scratch_teardown(state);
}

static void write_accounts(const char *text)
{
	free(scratch_write_str("shared/feeds/accounts.yaml", text));
}

static void sync_feeds(struct diag_list *diags)
{
	struct feed_summary sum;
	memset(diags, 0, sizeof(*diags));
	assert_int_equal(feed_sync(&st, shared, NULL, diags, &sum), 0);
	diag_print(diags, stderr);    /* shown when a test fails */
}

static bool has_error(const struct diag_list *d, unsigned line, unsigned col, const char *text)
{
	for (size_t i = 0; i < d->len; i++)
		if (d->items[i].severity == DIAG_ERROR && d->items[i].line == line &&
		    d->items[i].col == col && strstr(d->items[i].message, text))
			return true;
	return false;
}

static char *query_text(const char *sql)
{
	sqlite3_stmt *stmt;
	char *out = NULL;
	assert_int_equal(store_prepare(&st, sql, &stmt), 0);
	if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
		out = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return out ? out : xstrdup("(null)");
}

static void assert_query(const char *sql, const char *want)
{
	char *got = query_text(sql);
	if (strcmp(got, want) != 0)
		fail_msg("%s\n  got:  %s\n  want: %s", sql, got, want);
	free(got);
}

#define ACCOUNT(id) "  - {id: " id ", name: N" id ", touch_model: low, stage: renewal, main_owner: aiko"

static const char outcomes_yaml[] =
	"accounts:\n"
	ACCOUNT("A1") ", outcome: churned, outcome_date: 2026-09-01}\n"
	ACCOUNT("A2") ", outcome: renewed, outcome_date: 2026-10-01}\n"
	ACCOUNT("A3") "}\n"
	ACCOUNT("B1") ", outcome: lost, outcome_date: 2026-09-01}\n"
	ACCOUNT("B2") ", outcome: churned}\n"
	ACCOUNT("B3") ", outcome_date: 2026-09-01}\n"
	ACCOUNT("B4") ", outcome: renewed, outcome_date: 2026-13-01}\n"
	ACCOUNT("A4") ", outcome: renewed, outcome_date: 2026-10-15}\n";

/* The column (from 1) of the value of `key` on line `line` (from 1) of text. */
static unsigned value_col(const char *text, unsigned line, const char *key)
{
	char *pat = xasprintf("%s: ", key);
	const char *p = text, *hit;
	for (unsigned i = 1; i < line; i++) {
		p = strchr(p, '\n');
		assert_non_null(p);
		p++;
	}
	hit = strstr(p, pat);
	assert_non_null(hit);
	assert_true(hit < strchr(p, '\n'));
	unsigned col = (unsigned)(hit - p + (ptrdiff_t)strlen(pat)) + 1;
	free(pat);
	return col;
}

static void test_feed_outcome(void **state)
{
	(void)state;
	struct diag_list d;
	char *sql;

	write_accounts(outcomes_yaml);
	sync_feeds(&d);
	/* The bad rows are rejected where the problem is, naming what to write */
	assert_true(has_error(&d, 5, value_col(outcomes_yaml, 5, "outcome"),
			      "outcome: \"lost\" is not one of renewed or churned"));
	assert_true(has_error(&d, 6, value_col(outcomes_yaml, 6, "outcome"),
			      "outcome: \"churned\" needs outcome_date"));
	assert_true(has_error(&d, 7, value_col(outcomes_yaml, 7, "outcome_date"),
			      "outcome_date: \"2026-09-01\" without an outcome: add outcome (renewed or churned)"));
	assert_true(has_error(&d, 8, value_col(outcomes_yaml, 8, "outcome_date"),
			      "outcome_date: \"2026-13-01\" is not a date: there is no month 13"));
	assert_int_equal(d.errors, 4);
	diag_clear(&d);
	/* ... and the good ones import */
	sql = xasprintf("SELECT group_concat(crm_id || ':' || coalesce(outcome, '-') || ':' || "
			"coalesce(outcome_day, '-'), ',') FROM (SELECT * FROM account ORDER BY crm_id)");
	char *want = xasprintf("A1:churned:%d,A2:renewed:%d,A3:-:-,A4:renewed:%d",
			       day_from_ymd(2026, 9, 1), day_from_ymd(2026, 10, 1),
			       day_from_ymd(2026, 10, 15));
	assert_query(sql, want);
	free(want);

	/* The outcome leaves the feed: it leaves the account (the file is the truth) */
	write_accounts("accounts:\n" ACCOUNT("A1") "}\n" ACCOUNT("A2") "}\n" ACCOUNT("A3") "}\n"
		       ACCOUNT("A4") ", outcome: churned, outcome_date: 2026-10-20}\n");
	sync_feeds(&d);
	assert_int_equal(d.errors, 0);
	diag_clear(&d);
	want = xasprintf("A1:-:-,A2:-:-,A3:-:-,A4:churned:%d", day_from_ymd(2026, 10, 20));
	assert_query(sql, want);
	free(want);
	free(sql);
}

static void add_vendor(const char *crm, int day, double score)
{
	sqlite3_stmt *stmt;
	assert_int_equal(store_prepare(&st, "INSERT INTO health(account_id, source, day, score) "
				       "SELECT id, 'feed', ?2, ?3 FROM account WHERE crm_id = ?1", &stmt), 0);
	sqlite3_bind_text(stmt, 1, crm, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, day);
	sqlite3_bind_double(stmt, 3, score);
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
}

/* The vendor column: the latest 'feed' snapshot on or before outcome day -
 * horizon; an account without one is counted as no score. No metrics nor
 * notes: the models have no component with data, so no score either. */
static void test_replay_vendor_and_no_score(void **state)
{
	(void)state;
	struct diag_list d;
	struct config cfg;
	struct backtest_report r;
	int sep = day_from_ymd(2026, 9, 1), oct = day_from_ymd(2026, 10, 1),
	    oct15 = day_from_ymd(2026, 10, 15);

	write_accounts(outcomes_yaml);
	sync_feeds(&d);
	diag_clear(&d);
	/* A1 churned on 09-01: scored 06-03 with horizon 90 */
	add_vendor("A1", sep - 97, 30);      /* before: the one to use... */
	add_vendor("A1", sep - 91, 35);      /* ...no, this later one */
	add_vendor("A1", sep - 89, 99);      /* after the score day: not seen */
	/* A2 renewed on 10-01: the score day itself counts */
	add_vendor("A2", oct - 120, 75);
	add_vendor("A2", oct - 90, 80);
	/* A4 renewed on 10-15: only a snapshot after the score day -> no score */
	add_vendor("A4", oct15 - 10, 70);
	add_vendor("A3", sep, 10);           /* no outcome: not in the backtest */

	config_defaults(&cfg);
	cfg.band_red_max = 40;
	cfg.band_yellow_max = 70;
	assert_int_equal(backtest_run(&st, &cfg, NULL, 90, &r), 0);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.churned, 1);
	assert_int_equal(r.renewed, 2);
	assert_false(r.has_candidate);
	assert_string_equal(r.acct[0].crm_id, "A1");
	assert_int_equal(r.acct[0].score_day, sep - 90);
	assert_true(r.acct[0].has[BT_VENDOR]);
	assert_true(r.acct[0].score[BT_VENDOR] == 35);
	assert_true(r.acct[1].has[BT_VENDOR]);
	assert_true(r.acct[1].score[BT_VENDOR] == 80);
	assert_false(r.acct[2].has[BT_VENDOR]);

	const struct bt_result *v = &r.result[BT_VENDOR];
	assert_int_equal(v->scored, 2);
	assert_int_equal(v->no_score, 1);
	assert_int_equal(v->band[BT_RED].accounts, 1);
	assert_int_equal(v->band[BT_RED].churned, 1);
	assert_int_equal(v->band[BT_GREEN].accounts, 1);
	assert_int_equal(v->band[BT_GREEN].churned, 0);
	assert_true(v->has_auc);
	assert_true(fabs(v->auc - 1.0) < EPS);
	/* Nothing to compute the model from */
	assert_int_equal(r.result[BT_CURRENT].scored, 0);
	assert_int_equal(r.result[BT_CURRENT].no_score, 3);
	assert_false(r.result[BT_CURRENT].has_auc);
	backtest_free(&r);

	/* A longer horizon: A1 falls before its first snapshot too */
	assert_int_equal(backtest_run(&st, &cfg, &cfg, 100, &r), 0);
	assert_true(r.has_candidate);
	assert_false(r.acct[0].has[BT_VENDOR]);
	assert_true(r.acct[1].score[BT_VENDOR] == 75);
	assert_int_equal(r.result[BT_VENDOR].scored, 1);
	assert_int_equal(r.result[BT_VENDOR].no_score, 2);
	assert_false(r.result[BT_VENDOR].has_auc);   /* one renewed account only */
	assert_int_equal(r.result[BT_CANDIDATE].no_score, 3);
	backtest_free(&r);
	config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auc_hand_computed),
		cmocka_unit_test(test_auc_perfect_reversed_and_ties),
		cmocka_unit_test(test_auc_one_class_undefined),
		cmocka_unit_test(test_auc_matches_pairwise),
		cmocka_unit_test(test_summarize_bands),
		cmocka_unit_test(test_summarize_one_class),
		cmocka_unit_test_setup_teardown(test_feed_outcome, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replay_vendor_and_no_score, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
