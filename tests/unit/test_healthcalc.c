/* test_healthcalc.c - the computed score: every raw figure as of a day from
 * hand-made rows, the weekly snapshots (which weeks, frozen past,
 * --recompute), what a sync recomputes, and which score the summaries show. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/config.h"
#include "csconsole/date.h"
#include "csconsole/feed.h"
#include "csconsole/healthcalc.h"
#include "csconsole/summary.h"
#include "scratch.h"

#define EPS 1e-9

static struct store st;
static struct config cfg;
static int T;                 /* today: a Monday, the first day of its week */

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

static double query_double(const char *sql)
{
	sqlite3_stmt *s;
	double v = NAN;
	assert_int_equal(sqlite3_prepare_v2(st.db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		v = sqlite3_column_double(s, 0);
	sqlite3_finalize(s);
	return v;
}

static void metric(const char *name, int day, double value)
{
	exec_fmt("INSERT OR IGNORE INTO metric_name(name) VALUES ('%s')", name);
	exec_fmt("INSERT OR REPLACE INTO metric(account_id, metric_id, day, value) SELECT 1, id, %d, %g"
		 " FROM metric_name WHERE name = '%s'", day, value, name);
}

static void note(const char *id, int touch_day, int sentiment)
{
	exec_fmt("INSERT INTO note(id, account, author, kind, sentiment, summary, touch_day, created, hlc)"
		 " VALUES ('%s', 'A1', 'aiko', 'call', %s, 's', %d, 'c', 'h')", id,
		 sentiment ? (char[8]){ (char)('0' + sentiment), 0 } : "NULL", touch_day);
}

static int setup(void **state)
{
	if (scratch_setup(state))
		return -1;
	scratch_store(&st, "hc.db");
	config_defaults(&cfg);
	T = day_from_ymd(2026, 11, 23);
	assert_int_equal(day_weekday(T), 1);
	exec_fmt("INSERT INTO account(id, crm_id, name, touch_model, stage, main_owner, seats)"
		 " VALUES (1, 'A1', 'Alpha', 'high', 'adoption', 'aiko', 100),"
		 " (2, 'A2', 'Beta', 'low', 'adoption', 'aiko', NULL)");
	/* 60 days of daily data: a login every day, 3 core uses every other day */
	for (int d = T - 60; d < T; d++) {
		metric("logins", d, 1);
		if (d % 2 == 0)
			metric("core_feature_uses", d, 3);
	}
	/* weekly snapshots: active seats 40 then 50; tickets 2, 3, 4, 5, 6 */
	for (int w = 0; w <= 8; w++)
		metric("active_seats", T - 7 * w, w == 0 ? 50 : 40);
	for (int w = 0; w < 5; w++)
		metric("support_tickets", T - 7 * w, 2 + w);
	metric("nps", T - 100, 30);
	metric("nps", T - 400, -50);             /* older than a year: not the latest anyway */
	metric("key_feature_uses", T - 10, 7);
	note("n1", T - 20, 4);
	note("n2", T - 5, 2);
	note("n3", T - 120, 1);                  /* outside the 90 days of sentiment */
	note("n4", T + 3, 5);                    /* after the day: not yet */
	return 0;
}

static int teardown(void **state)
{
	store_close(&st);
	config_free(&cfg);
	return scratch_teardown(state);
}

static double window_sum(int from, int to)
{
	double s = 0;
	for (int d = from; d <= to; d++)
		if (d >= T - 60 && d < T && d % 2 == 0)
			s += 3;
	return s;
}

/* Every raw figure, as health.h defines it, against the rows above. */
static void test_figures(void **state)
{
	struct health_facts f;
	struct health_input in;
	struct health_texts tx;
	(void)state;
	assert_int_equal(health_facts_load(&st, &cfg, NULL, 1, &f), 0);
	health_facts_inputs(&f, T, &in, &tx);

	assert_true(in.has[HC_ADOPTION]);
	assert_true(fabs(in.raw[HC_ADOPTION] - 0.5) < EPS);               /* 50 of 100 today */
	assert_string_equal(tx.text[HC_ADOPTION], "50 of 100 seats active (50%)");
	assert_true(in.has[HC_CORE_USE]);
	assert_true(fabs(in.raw[HC_CORE_USE] - window_sum(T - 30, T - 1) / 50) < EPS);
	/* no logins a year ago: the season has no comparison, so missing, not zero */
	assert_false(in.has[HC_KEY_FEATURE]);
	assert_string_equal(tx.text[HC_KEY_FEATURE], "7 uses in 90 days; no data a year ago");
	/* engagement: the latest note on or before the day (n2, 5 days) / cadence 14 */
	assert_true(in.has[HC_ENGAGEMENT]);
	assert_true(fabs(in.raw[HC_ENGAGEMENT] - 5.0 / 14) < EPS);
	/* sentiment: n1 (4) and n2 (2) of the last 90 days: mean 3 on 1..5 */
	assert_true(in.has[HC_SENTIMENT]);
	assert_true(fabs(in.raw[HC_SENTIMENT] - (3.0 - 1) / 4) < EPS);
	/* support: the 4 snapshots dated T-21..T: 2+3+4+5 per 100 seats */
	assert_true(in.has[HC_SUPPORT]);
	assert_true(fabs(in.raw[HC_SUPPORT] - 14) < EPS);
	assert_true(in.has[HC_NPS]);
	assert_true(fabs(in.raw[HC_NPS] - 30) < EPS);

	/* a week earlier: active seats 40, engagement from n1 (13 days), tickets 3+4+5+6 */
	health_facts_inputs(&f, T - 7, &in, NULL);
	assert_true(fabs(in.raw[HC_ADOPTION] - 0.4) < EPS);
	assert_true(fabs(in.raw[HC_ENGAGEMENT] - 13.0 / 14) < EPS);
	assert_true(fabs(in.raw[HC_SUPPORT] - 18) < EPS);
	assert_true(fabs(in.raw[HC_SENTIMENT] - (4.0 - 1) / 4) < EPS);  /* n1 alone */
	/* before any data: nothing, so no score */
	struct health_model m;
	health_facts_score(&f, T - 700, &m);
	assert_false(m.has_score);
	health_facts_free(&f);

	/* data a year ago makes the key feature a ratio; unknown seats leave adoption out */
	int ya = day_from_ymd(2025, 11, 23);
	metric("logins", ya - 20, 1);
	metric("key_feature_uses", ya - 20, 14);
	assert_int_equal(health_facts_load(&st, &cfg, NULL, 1, &f), 0);
	health_facts_inputs(&f, T, &in, NULL);
	assert_true(in.has[HC_KEY_FEATURE]);
	assert_true(fabs(in.raw[HC_KEY_FEATURE] - 0.5) < EPS);
	health_facts_free(&f);
	assert_int_equal(health_facts_load(&st, &cfg, NULL, 2, &f), 0);
	health_facts_inputs(&f, T, &in, &tx);
	assert_false(in.has[HC_ADOPTION]);
	assert_string_equal(tx.text[HC_ADOPTION], "no active_seats data");
	health_facts_free(&f);
}

/* The snapshot of a week is the model as of that day; the past stays until --recompute. */
static void test_snapshots(void **state)
{
	struct healthcalc_stats hs = {0};   /* no progress callback */
	struct health_facts f;
	struct health_model m;
	char sql[256];
	(void)state;

	assert_int_equal(healthcalc_update(&st, &cfg, T + 2, NULL, &hs), 0);   /* a Wednesday */
	assert_int_equal(hs.accounts, 2);
	double n = query_double("SELECT count(*) FROM health WHERE source = 'model'");
	assert_true(n == (double)hs.snapshots && n > 8);
	/* only weeks' first days, the latest being this week's Monday */
	assert_true(query_double("SELECT count(*) FROM health WHERE source = 'model' AND (day - 4) % 7 <> 0") == 0);
	assert_true(query_double("SELECT max(day) FROM health WHERE source = 'model'") == T);
	/* each equals the model as of its day */
	assert_int_equal(health_facts_load(&st, &cfg, NULL, 1, &f), 0);
	for (int w = 0; w < 8; w++) {
		health_facts_score(&f, T - 7 * w, &m);
		snprintf(sql, sizeof(sql), "SELECT score FROM health WHERE account_id = 1 AND source = 'model'"
			 " AND day = %d", T - 7 * w);
		assert_true(fabs(query_double(sql) - m.score) < 1e-9);
	}
	health_facts_free(&f);

	/* new data about the past: the past snapshot stays, this week's follows */
	snprintf(sql, sizeof(sql), "SELECT score FROM health WHERE account_id = 1 AND source = 'model'"
		 " AND day = %d", T - 14);
	double past = query_double(sql);
	metric("active_seats", T - 14, 95);
	metric("active_seats", T, 95);
	assert_int_equal(healthcalc_update(&st, &cfg, T, NULL, &hs), 0);
	assert_true(fabs(query_double(sql) - past) < EPS);
	assert_int_equal(health_facts_load(&st, &cfg, NULL, 1, &f), 0);
	health_facts_score(&f, T, &m);
	char now_sql[256];
	snprintf(now_sql, sizeof(now_sql), "SELECT score FROM health WHERE account_id = 1 AND source = 'model'"
		 " AND day = %d", T);
	assert_true(fabs(query_double(now_sql) - m.score) < 1e-9);
	/* --recompute: the past follows too */
	assert_int_equal(healthcalc_recompute(&st, &cfg, T, 52, &hs), 0);
	health_facts_score(&f, T - 14, &m);
	assert_true(fabs(query_double(sql) - m.score) < 1e-9);
	assert_true(fabs(m.score - past) > 0.5);
	health_facts_free(&f);
	assert_int_equal(healthcalc_recompute(&st, &cfg, T, 0, &hs), -1);
	assert_non_null(strstr(error_message(), "--weeks must be from 1 to 520"));
}

/* A pass skips the weeks before an account's first input (metric, note or
 * touch): each of the 52 weeks must still hold a snapshot exactly when the
 * model, scored directly for that day, has a score, and that score. A note
 * 200 days back starts account 1's inputs long before its metrics (its
 * sentiment alone scores those weeks); account 2 has metrics only. */
static void test_empty_weeks(void **state)
{
	struct healthcalc_stats hs = {0};
	struct health_facts f;
	struct health_model m;
	char sql[256];
	int scored = 0, empty = 0;
	(void)state;

	note("old", T - 200, 4);
	assert_int_equal(healthcalc_recompute(&st, &cfg, T, 52, &hs), 0);
	for (int id = 1; id <= 2; id++) {
		assert_int_equal(health_facts_load(&st, &cfg, NULL, id, &f), 0);
		for (int w = 0; w < 52; w++) {
			health_facts_score(&f, T - 7 * w, &m);
			snprintf(sql, sizeof(sql), "SELECT score FROM health WHERE account_id = %d"
				 " AND source = 'model' AND day = %d", id, T - 7 * w);
			double have = query_double(sql);
			if (m.has_score) {
				assert_true(fabs(have - m.score) < 1e-9);
				scored++;
			} else {
				assert_true(isnan(have));
				empty++;
			}
		}
		health_facts_free(&f);
	}
	/* both kinds of week were met: the note's weeks and the empty ones */
	assert_true(scored > 29 && empty > 20);
}

/* What a sync recomputes: everything once, then nothing, then the accounts
 * with new events, then everything when the model changes. */
static void test_sync_modes(void **state)
{
	struct healthcalc_stats hs = {0};   /* no progress callback */
	bool ran;
	(void)state;
	assert_int_equal(healthcalc_sync(&st, &cfg, T, false, &ran, &hs), 0);
	assert_true(ran);
	assert_int_equal(hs.accounts, 2);
	assert_int_equal(healthcalc_sync(&st, &cfg, T, false, &ran, &hs), 0);
	assert_false(ran);
	/* an event about A2 */
	exec_fmt("INSERT INTO event(id, device, seq, hlc, author, type, version, entity, account, data)"
		 " VALUES ('e1', 'd', 1, 'h', 'aiko', 'note.add', 1, 'note/x', 'A2', '{}')");
	assert_int_equal(healthcalc_sync(&st, &cfg, T, false, &ran, &hs), 0);
	assert_true(ran);
	assert_int_equal(hs.accounts, 1);
	/* a feed import, a new week, a new model: every account */
	assert_int_equal(healthcalc_sync(&st, &cfg, T, true, &ran, &hs), 0);
	assert_int_equal(hs.accounts, 2);
	assert_int_equal(healthcalc_sync(&st, &cfg, T + 7, false, &ran, &hs), 0);
	assert_int_equal(hs.accounts, 2);
	assert_int_equal(healthcalc_sync(&st, &cfg, T + 8, false, &ran, &hs), 0);
	assert_false(ran);
	struct healthcalc_status s0, s1;
	assert_int_equal(healthcalc_status(&st, &cfg, NULL, &s0), 0);
	assert_true(s0.snapshots > 2);
	assert_int_equal(s0.other_model, 0);
	cfg.health_model.c[HC_NPS].weight = 40;
	assert_int_equal(healthcalc_sync(&st, &cfg, T + 8, false, &ran, &hs), 0);
	assert_true(ran);
	assert_int_equal(hs.accounts, 2);
	/* only this week is the new model's (A1's: A2 has no data, so no snapshot) */
	assert_int_equal(healthcalc_status(&st, &cfg, NULL, &s1), 0);
	assert_true(s1.fingerprint != s0.fingerprint);
	assert_int_equal(s1.snapshots, s0.snapshots);
	assert_int_equal(s1.other_model, s0.snapshots - 1);
	assert_int_equal(s1.first_day, T + 7);
	assert_int_equal(healthcalc_status(&st, &cfg, "A1", &s1), 0);
	assert_true(s1.other_model > 0 && s1.other_model == s1.snapshots - 1);
	/* --recompute rebuilds its 52 weeks; a snapshot older than those stays another model's */
	assert_int_equal(healthcalc_recompute(&st, &cfg, T + 8, 52, &hs), 0);
	assert_int_equal(healthcalc_status(&st, &cfg, NULL, &s1), 0);
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM health WHERE source = 'model' AND day < %d",
		 T + 7 - 51 * 7);
	assert_true(query_double(sql) >= 1);       /* the NPS of T-400 scores that far back */
	assert_true((double)s1.other_model == query_double(sql));
	assert_int_equal(healthcalc_recompute(&st, &cfg, T + 8, 60, &hs), 0);
	assert_int_equal(healthcalc_status(&st, &cfg, NULL, &s1), 0);
	assert_int_equal(s1.other_model, 0);
	cfg.health_model.c[HC_NPS].weight = 10;
}

/* health.score picks the summaries' source, and switching refreshes them. */
static void test_shown_source(void **state)
{
	struct healthcalc_stats hs = {0};   /* no progress callback */
	(void)state;
	exec_fmt("INSERT OR REPLACE INTO health(account_id, source, day, score) VALUES (1, 'feed', %d, 12)", T);
	assert_int_equal(healthcalc_update(&st, &cfg, T, NULL, &hs), 0);
	cfg.health_score = HEALTH_VENDOR;
	assert_int_equal(healthcalc_use(&st, &cfg), 0);
	assert_true(query_double("SELECT health FROM account_summary WHERE crm_id = 'A1'") == 12);
	cfg.health_score = HEALTH_COMPUTED;
	assert_int_equal(healthcalc_use(&st, &cfg), 0);
	double model = query_double("SELECT score FROM health WHERE account_id = 1 AND source = 'model'"
				    " ORDER BY day DESC LIMIT 1");
	assert_true(fabs(query_double("SELECT health FROM account_summary WHERE crm_id = 'A1'") - model) < EPS);
	/* the score an explanation computes for a day, by CRM id */
	bool has;
	double score;
	assert_int_equal(healthcalc_score_at(&st, &cfg, NULL, "A1", T, &has, &score), 0);
	assert_true(has && fabs(score - model) < 1e-9);
	assert_int_equal(healthcalc_score_at(&st, &cfg, NULL, "NOPE", T, &has, &score), -1);
	assert_non_null(strstr(error_message(), "no account NOPE"));
}

/* Issue 15: the mark an import leaves (feed.h, summaries_later) makes the
 * next health pass a full one that refreshes every summary once, whichever
 * score is shown, and removes the mark; without a mark nothing is refreshed. */
static void test_feeds_mark(void **state)
{
	struct healthcalc_stats hs = {0};
	bool ran;
	(void)state;
	exec_fmt("INSERT OR REPLACE INTO health(account_id, source, day, score) VALUES (1, 'feed', %d, 12)", T);
	for (int vendor = 0; vendor < 2; vendor++) {
		cfg.health_score = vendor ? HEALTH_VENDOR : HEALTH_COMPUTED;
		exec_fmt("INSERT OR REPLACE INTO meta(key, value) VALUES ('health_source', '%s')",
			 vendor ? "feed" : "model");
		assert_int_equal(healthcalc_sync(&st, &cfg, T, false, &ran, &hs), 0);
		assert_int_equal(healthcalc_sync(&st, &cfg, T, false, &ran, &hs), 0);
		assert_false(ran);
		/* an import without its refresh: the summaries are gone, the mark is set */
		exec_fmt("DELETE FROM account_summary");
		exec_fmt("INSERT OR REPLACE INTO meta(key, value) VALUES ('%s', '1')", FEEDS_CHANGED_META);
		assert_int_equal(healthcalc_sync(&st, &cfg, T, false, &ran, &hs), 0);
		assert_true(ran);
		assert_int_equal(hs.accounts, 2);
		assert_true(query_double("SELECT count(*) FROM account_summary") == 2);
		double want = vendor ? 12 : query_double("SELECT score FROM health WHERE account_id = 1"
							 " AND source = 'model' ORDER BY day DESC LIMIT 1");
		assert_true(fabs(query_double("SELECT health FROM account_summary WHERE crm_id = 'A1'") - want) < EPS);
		assert_true(query_double("SELECT count(*) FROM meta WHERE key = '" FEEDS_CHANGED_META "'") == 0);
		/* no mark, nothing new: no pass, no refresh */
		exec_fmt("DELETE FROM account_summary");
		assert_int_equal(healthcalc_sync(&st, &cfg, T, false, &ran, &hs), 0);
		assert_false(ran);
		assert_true(query_double("SELECT count(*) FROM account_summary") == 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_figures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_weeks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sync_modes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shown_source, setup, teardown),
		cmocka_unit_test_setup_teardown(test_feeds_mark, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
