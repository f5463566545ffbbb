/* test_agenda_team.c - the team's agenda read in one pass over
 * account_summary (agenda_build_team: the candidates, other rows on demand,
 * names ranked among the accounts with an item) gives exactly what the
 * plain reading gives (agenda_build_team_plain: every account's row from
 * book_fetch): the same items in the same order, field by field, and the
 * same entries in the same order, on the sample book and a generated one,
 * for days around the anchor and under settings that loosen or tighten
 * every rule. The situations the books lack are planted (a hidden risk, a
 * changed champion, a season, absences today, items put aside). Both read
 * the summaries as a sync leaves them (current: summary.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/agenda.h"
#include "csconsole/date.h"
#include "csconsole/summary.h"
#include "scratch.h"
#include "sample.h"

/* The items each group had over every comparison (the test is not empty). */
static size_t seen[AGENDA_GROUP_COUNT], snoozed;

static void same_item(const struct agenda_item *a, const struct agenda_item *b, size_t i, int today)
{
	char ka[256], kb[256];
	agenda_item_key(a, ka, sizeof(ka));
	agenda_item_key(b, kb, sizeof(kb));
	if (strcmp(ka, kb) != 0)
		fail_msg("day %d, item %zu: %s / %s", today, i, ka, kb);
	if (strcmp(a->reason, b->reason) != 0 || strcmp(a->name, b->name) != 0 || strcmp(a->owner, b->owner) != 0)
		fail_msg("day %d, %s: \"%s\" %s %s / \"%s\" %s %s", today, ka, a->reason, a->name, a->owner,
			 b->reason, b->name, b->owner);
	assert_int_equal(a->role, b->role);
	assert_int_equal(a->day, b->day);
	assert_int_equal(a->rank, b->rank);
	assert_true(a->since == b->since);
	assert_int_equal(a->is_new, b->is_new);
	assert_int_equal(a->tier, b->tier);
	assert_true(memcmp(&a->urgency, &b->urgency, sizeof(a->urgency)) == 0);
	assert_true(a->arr_minor == b->arr_minor);
}

/* Both builds on one day: items, counts and entries alike. */
static void compare_day(struct store *st, const struct config *cfg, int today, int64_t last_look)
{
	struct agenda fast, plain;
	struct agenda_entries ef, ep;

	assert_int_equal(agenda_build_team(st, cfg, today, last_look, &fast), 0);
	assert_int_equal(agenda_build_team_plain(st, cfg, today, last_look, &plain), 0);
	if (fast.len != plain.len)
		fail_msg("day %d: %zu items / %zu the plain way", today, fast.len, plain.len);
	for (size_t i = 0; i < fast.len; i++)
		same_item(&fast.items[i], &plain.items[i], i, today);
	for (int g = 0; g < AGENDA_GROUP_COUNT; g++) {
		assert_int_equal(fast.count[g], plain.count[g]);
		seen[g] += fast.count[g];
	}
	assert_int_equal(fast.n_new, plain.n_new);
	assert_int_equal(fast.n_snoozed, plain.n_snoozed);
	snoozed += fast.n_snoozed;
	/* the attention order reads the name ranks: the same entries, in order */
	agenda_entries_build(&fast, &ef);
	agenda_entries_build(&plain, &ep);
	assert_int_equal(ef.len, ep.len);
	for (size_t i = 0; i < ef.len; i++) {
		assert_string_equal(ef.v[i].crm_id, ep.v[i].crm_id);
		assert_int_equal(ef.v[i].n_items, ep.v[i].n_items);
		for (size_t k = 0; k < ef.v[i].n_items; k++)
			assert_int_equal(ef.v[i].items[k], ep.v[i].items[k]);
	}
	agenda_entries_free(&ef);
	agenda_entries_free(&ep);
	agenda_free(&fast);
	agenda_free(&plain);
}

/* The settings: the defaults, every rule loosened (small thresholds,
 * cadences and windows, so most accounts are candidates and ties are many),
 * and no renewal window at all. */
static void compare_store(struct store *st, int anchor)
{
	struct config cfg;

	config_defaults(&cfg);
	for (int d = anchor - 42; d <= anchor + 35; d += 7)
		compare_day(st, &cfg, d, 0);
	compare_day(st, &cfg, anchor, (int64_t)(anchor - 20) * 86400);
	compare_day(st, &cfg, anchor + 1, 0);   /* a day past the latest snapshot */
	compare_day(st, &cfg, anchor - 3, 0);   /* a day before it */
	cfg.agenda_health_drop_7d = 1;
	cfg.agenda_health_drop_28d = 2;
	for (int m = 0; m < TOUCH_COUNT; m++)
		cfg.cadence[m] = 2 + m;
	cfg.agenda_onboarding_days = 0;
	cfg.agenda_season_days = 120;
	cfg.renewal_windows[0] = 400;
	cfg.renewal_windows[1] = 20;
	cfg.n_renewal_windows = 2;
	for (int d = anchor - 14; d <= anchor + 14; d += 7)
		compare_day(st, &cfg, d, 0);
	cfg.n_renewal_windows = 0;
	compare_day(st, &cfg, anchor, 0);
	config_free(&cfg);
}

/* The situations a book may lack, planted on its first accounts: a hidden
 * risk, a quiet-but-loyal flag, a changed champion, last year's season of
 * the key feature with logins now, absences on the anchor day (one
 * covered by a teammate, one by the sub owner), and items put aside. */
static void plant(struct store *st, int anchor)
{
	scratch_exec(st, "INSERT OR REPLACE INTO account_flag(crm_id, flag, reason, day)"
		     " SELECT crm_id, 'hidden_risk', 'usage fine, sentiment poor (planted)', %d FROM account"
		     " WHERE active ORDER BY crm_id LIMIT 2", anchor - 3);
	scratch_exec(st, "INSERT OR REPLACE INTO account_flag(crm_id, flag, reason, day)"
		     " SELECT crm_id, 'quiet_loyal', 'quiet (planted)', %d FROM account"
		     " WHERE active ORDER BY crm_id DESC LIMIT 2", anchor - 3);
	scratch_exec(st, "INSERT INTO champion_history(account_id, day, name, prev_name)"
		     " SELECT id, %d, 'Ken Ito', 'Dana Reyes' FROM account WHERE active ORDER BY crm_id"
		     " LIMIT 3 OFFSET 5", anchor - 10);
	scratch_exec(st, "INSERT OR IGNORE INTO metric_name(name) VALUES ('key_feature_uses'), ('logins')");
	for (int k = 0; k < 10; k++)
		scratch_exec(st, "INSERT OR REPLACE INTO metric(account_id, metric_id, day, value)"
			     " SELECT a.id, n.id, %d, 3 FROM account a, metric_name n"
			     " WHERE n.name = 'key_feature_uses' AND a.active AND a.id %% 7 = 1",
			     anchor - 365 + 10 + k);
	for (int k = 1; k <= 5; k++)
		scratch_exec(st, "INSERT OR REPLACE INTO metric(account_id, metric_id, day, value)"
			     " SELECT a.id, n.id, %d, 9 FROM account a, metric_name n"
			     " WHERE n.name = 'logins' AND a.active AND a.id %% 7 = 1", anchor - k);
	scratch_exec(st, "INSERT INTO absence(handle, start_day, end_day, covered_by, reason)"
		     " SELECT main_owner, %d, %d, NULL, 'planted' FROM account WHERE active AND sub_owner IS NOT NULL"
		     " ORDER BY crm_id LIMIT 1", anchor - 2, anchor + 2);
	scratch_exec(st, "INSERT INTO absence(handle, start_day, end_day, covered_by, reason)"
		     " SELECT a.main_owner, %d, %d, b.main_owner, NULL FROM account a, account b"
		     " WHERE a.active AND b.main_owner <> a.main_owner ORDER BY a.crm_id DESC, b.crm_id LIMIT 1",
		     anchor - 1, anchor + 9);
	/* items put aside until after the anchor: every kind of the first accounts */
	scratch_exec(st, "INSERT OR REPLACE INTO agenda_snooze(item, until_day, reason, snoozed_at)"
		     " SELECT g.kind || ':' || a.crm_id || ':', %d, 'planted', 0 FROM account a,"
		     " (SELECT 'renewal' AS kind UNION ALL SELECT 'health_drop' UNION ALL SELECT 'lapsed'"
		     "  UNION ALL SELECT 'onboarding') g WHERE a.active ORDER BY a.crm_id LIMIT 40", anchor + 5);
	assert_int_equal(summary_refresh_all(st), 0);
}

static void test_sample_book(void **state)
{
	struct store st;
	int anchor = day_from_ymd(2026, 11, 23);
	char *sample = sample_store(&st, "sample.db");

	(void)state;
	assert_non_null(sample);
	memset(seen, 0, sizeof(seen));
	snoozed = 0;
	compare_store(&st, anchor);
	plant(&st, anchor);
	compare_store(&st, anchor);
	/* every kind of item was compared, and items put aside */
	for (int g = 0; g < AGENDA_GROUP_COUNT; g++)
		if (!seen[g])
			fail_msg("no %s item in any comparison", agenda_group_name((enum agenda_group)g));
	assert_true(snoozed > 0);
	store_close(&st);
	free(sample);
}

/* A generated book (gen-book --scale small, with event segments: notes,
 * risks, touchpoints, coverage), synced as `csconsole sync` does. */
static void test_generated_book(void **state)
{
	struct store st;
	int anchor = day_from_ymd(2026, 11, 23);

	(void)state;
	char *out = generated_store(&st, "gen.db", 7, 60, 6);
	memset(seen, 0, sizeof(seen));
	snoozed = 0;
	compare_store(&st, anchor);
	plant(&st, anchor);
	compare_store(&st, anchor);
	assert_true(snoozed > 0);
	for (int g = 0; g < AGENDA_GROUP_COUNT; g++)
		if (!seen[g] && g != AGENDA_RISK)   /* teammates' risks: when the generator writes them */
			fail_msg("no %s item in any comparison", agenda_group_name((enum agenda_group)g));
	store_close(&st);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sample_book, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_generated_book, scratch_setup, scratch_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
