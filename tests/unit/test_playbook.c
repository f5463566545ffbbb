/* test_playbook.c - playbook rules: parsing and rendering csconsole.yaml
 * `playbook:`, and each rule type on a scratch store with hand-made rows:
 * it fires when its condition holds, exactly once per condition key across
 * repeated runs, again for a new key, never for a teammate's account, and
 * never twice even when its record in playbook_fired is lost. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/config.h"
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/playbook.h"
#include "scratch.h"

static struct store st;
static struct config cfg;
static int T;          /* today: 2026-11-23 */
static int db_count;

static int setup(void **state)
{
	char name[32];
	setlocale(LC_ALL, "C.UTF-8");
	if (scratch_setup(state))
		return -1;
	T = day_from_ymd(2026, 11, 23);
	config_defaults(&cfg);
	free(cfg.me);
	cfg.me = xstrdup("aiko");
	cfg.band_red_max = 50;
	cfg.band_yellow_max = 75;
	cfg.cadence[TOUCH_HIGH] = 14;
	str_format(name, sizeof(name), "playbook%d.db", ++db_count);
	scratch_store(&st, name);
	unsetenv("CSCONSOLE_NOW");
	return 0;
}

static int teardown(void **state)
{
	store_close(&st);
	config_free(&cfg);
	return scratch_teardown(state);
}

/* ---- Helpers ------------------------------------------------------------------ */

static void exec_sql(const char *fmt, ...) PRINTF_LIKE(1, 2);
static void exec_sql(const char *fmt, ...)
{
	va_list ap;
	struct sbuf b = {0};
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (store_exec(&st, sbuf_str(&b)))
		fail_msg("%s: %s", sbuf_str(&b), error_message());
	sbuf_free(&b);
}

static long query_long(const char *fmt, ...) PRINTF_LIKE(1, 2);
static long query_long(const char *fmt, ...)
{
	va_list ap;
	struct sbuf b = {0};
	sqlite3_stmt *s;
	long v = -1;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (store_prepare(&st, sbuf_str(&b), &s))
		fail_msg("%s", error_message());
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sbuf_free(&b);
	return v;
}

static void add_account(const char *crm, const char *owner, int renewal)
{
	char r[16] = "NULL";
	if (renewal != DAY_NONE)
		str_format(r, sizeof(r), "%d", renewal);
	exec_sql("INSERT INTO account(crm_id, name, touch_model, stage, main_owner, sub_owner, renewal_day)"
		 " VALUES ('%s', 'Name %s', 'high', 'adoption', '%s', 'ben', %s)", crm, crm, owner, r);
}

static void add_health(const char *crm, int day, double score)
{
	exec_sql("INSERT INTO health(account_id, source, day, score) SELECT id, 'feed', %d, %g FROM account"
		 " WHERE crm_id = '%s'", day, score, crm);
}

static void add_metric(const char *crm, const char *metric, int day, double value)
{
	exec_sql("INSERT OR IGNORE INTO metric_name(name) VALUES ('%s')", metric);
	exec_sql("INSERT INTO metric(account_id, metric_id, day, value) SELECT a.id, n.id, %d, %g"
		 " FROM account a, metric_name n WHERE a.crm_id = '%s' AND n.name = '%s'",
		 day, value, crm, metric);
}

/* A note (a logged touch) on `day`, written through the events like the log form. */
static void add_note(const char *crm, int day)
{
	char entity[40], id[ULID_SIZE], iso[11];
	ulid_new(clock_now_ms(), id);
	str_format(entity, sizeof(entity), "note/%s", id);
	day_format_iso(day, iso);
	json_object *data = json_object_new_object();
	json_object_object_add(data, "kind", json_object_new_string("call"));
	json_object_object_add(data, "summary", json_object_new_string("a call"));
	json_object_object_add(data, "touch_day", json_object_new_string(iso));
	if (event_emit(&st, "aiko", "note.add", entity, crm, NULL, data))
		fail_msg("note.add: %s", error_message());
}

static void use_rules(const char *yaml)
{
	struct diag_list d = {0};
	struct ynode *root = NULL;
	if (ydoc_load_string("test", yaml, strlen(yaml), NULL, &root, &d) ||
	    playbook_rules_parse(root, "playbook", "test", &d, &cfg.playbook)) {
		char *msg = d.len ? diag_format(&d.items[0]) : xstrdup("?");
		fail_msg("%s: %s", yaml, msg);
	}
	ynode_free(root);
	diag_clear(&d);
}

/* Runs the playbook as of `today`; returns the touchpoints it created. */
static size_t run(int today)
{
	struct playbook_report rep;
	if (playbook_run(&st, &cfg, today, &rep))
		fail_msg("playbook_run: %s", error_message());
	size_t n = rep.created;
	playbook_report_free(&rep);
	return n;
}

/* Touchpoints of an account whose note says this rule made them. */
static long touches(const char *crm, const char *rule)
{
	return query_long("SELECT count(*) FROM touchpoint WHERE account = '%s' AND note LIKE 'Playbook %s: %%'",
			  crm, rule);
}

/* Runs three times as of today; the first run creates `first` touchpoints, the others none. */
static void run3(int today, size_t first)
{
	assert_int_equal(run(today), first);
	assert_int_equal(run(today), 0);
	assert_int_equal(run(today), 0);
}

/* The note of the one touchpoint of (crm, rule) with that due day. */
static void expect_touch(const char *crm, const char *rule, int due, const char *kind, const char *note)
{
	sqlite3_stmt *s;
	char want[512];
	str_format(want, sizeof(want), "Playbook %s: %s", rule, note);
	if (store_prepare(&st, "SELECT kind, note, author, status FROM touchpoint WHERE account = ?1"
			  " AND due_day = ?2 AND note LIKE 'Playbook ' || ?3 || ': %'", &s))
		fail_msg("%s", error_message());
	store_bind_text(s, 1, crm);
	sqlite3_bind_int(s, 2, due);
	store_bind_text(s, 3, rule);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), kind);
	assert_string_equal((const char *)sqlite3_column_text(s, 1), want);
	assert_string_equal((const char *)sqlite3_column_text(s, 2), "aiko");
	assert_string_equal((const char *)sqlite3_column_text(s, 3), "open");
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
}

/* ---- Configuration ---------------------------------------------------------------- */

static char *render(const struct playbook_rules *r)
{
	struct sbuf b = {0};
	playbook_rules_render(&b, r);
	return b.data;
}

static int parse_text(const char *yaml, struct playbook_rules *out, struct diag_list *d)
{
	struct ynode *root = NULL;
	int rc;
	if (ydoc_load_string("cfg.yaml", yaml, strlen(yaml), NULL, &root, d))
		fail_msg("YAML: %s", yaml);
	rc = playbook_rules_parse(root, "playbook", "cfg.yaml", d, out);
	ynode_free(root);
	return rc;
}

static void test_config_roundtrip(void **state)
{
	struct playbook_rules r = {0}, back = {0};
	struct diag_list d = {0};
	(void)state;
	const char *yaml =
		"- name: renewal_90\n  when: renewal\n  days: 90\n  due_before: 80\n"
		"- {name: red, when: band_drop, into: red, from: green, kind: meeting}\n"
		"- {name: falling, when: score_drop, points: 10, weeks: 4, due_in: 3, note: \"Ask \\\"why\\\" – ok\"}\n"
		"- {name: season_60, when: season, days: 60}\n"
		"- {name: champion, when: champion_changed}\n"
		"- {name: quiet, when: no_touch, grace: 7}\n";
	assert_int_equal(parse_text(yaml, &r, &d), 0);
	assert_int_equal(d.errors, 0);
	assert_int_equal(r.len, 6);
	/* defaults filled: renewal's kind, band_drop's within, no due_in beside due_before */
	char *text = render(&r);
	assert_string_equal(text,
		"[{name: renewal_90, when: renewal, days: 90, kind: renewal, due_before: 80}, "
		"{name: red, when: band_drop, within: 28, from: green, into: red, kind: meeting, due_in: 0}, "
		"{name: falling, when: score_drop, points: 10, weeks: 4, kind: call, due_in: 3, "
		"note: \"Ask \\\"why\\\" – ok\"}, "
		"{name: season_60, when: season, days: 60, kind: call, due_in: 0}, "
		"{name: champion, when: champion_changed, kind: call, due_in: 0}, "
		"{name: quiet, when: no_touch, grace: 7, kind: call, due_in: 0}]");
	assert_string_equal(r.items[2].note, "Ask \"why\" – ok");
	/* the rendering parses back to the same rules */
	assert_int_equal(parse_text(text, &back, &d), 0);
	char *again = render(&back);
	assert_string_equal(again, text);
	/* an empty list and null are no rules */
	assert_int_equal(parse_text("[]", &back, &d), 0);
	assert_int_equal(back.len, 0);
	free(text);
	free(again);
	playbook_rules_clear(&r);
	playbook_rules_clear(&back);
	diag_clear(&d);
}

static void expect_error(const char *yaml, const char *message)
{
	struct playbook_rules keep = {0};
	struct diag_list d = {0};
	char *before;
	assert_int_equal(parse_text("[{name: kept, when: no_touch}]", &keep, &d), 0);
	before = render(&keep);
	assert_int_equal(parse_text(yaml, &keep, &d), -1);
	assert_true(d.errors >= 1);
	char *got = diag_format(&d.items[0]);
	if (!strstr(got, message))
		fail_msg("%s\n  gave: %s\n  want: %s", yaml, got, message);
	/* *out untouched */
	char *after = render(&keep);
	assert_string_equal(after, before);
	free(got);
	free(before);
	free(after);
	playbook_rules_clear(&keep);
	diag_clear(&d);
}

static void test_config_errors(void **state)
{
	(void)state;
	expect_error("{name: x}", "cfg.yaml:1:1: error: playbook must be a list of rules");
	expect_error("[oops]", "cfg.yaml:1:2: error: playbook rule 1 must be a mapping");
	expect_error("[{name: a, when: renewals, days: 3}]",
		     "cfg.yaml:1:18: error: playbook rule a: when must be one of renewal, band_drop, "
		     "score_drop, season, champion_changed, no_touch, not \"renewals\"");
	expect_error("[{when: renewal, days: 3}]", "cfg.yaml:1:2: error: playbook rule 1: name is missing");
	expect_error("[{name: Renewal, when: renewal, days: 3}]", "1:9: error: playbook rule 1: name must be snake_case");
	expect_error("[{name: a, when: renewal}]", "playbook rule a: days is missing: a renewal rule needs it "
		     "(a whole number from 1 to 730)");
	expect_error("[{name: a, when: renewal, days: 0}]", "1:33: error: playbook rule a: days must be a "
		     "whole number from 1 to 730, not \"0\"");
	expect_error("[{name: a, when: score_drop, points: 5}]", "weeks is missing");
	expect_error("[{name: a, when: no_touch, kind: visit}]",
		     "kind must be one of call, meeting, email, chat, internal, qbr, renewal, onboarding, not \"visit\"");
	expect_error("[{name: a, when: no_touch, days: 3}]",
		     "1:28: error: playbook rule a: unknown key \"days\"; a no_touch rule takes: name, when, kind, "
		     "note, grace, due_in");
	expect_error("[{name: a, when: renewal, days: 9, due_in: 1, due_before: 2}]", "give due_in");
	expect_error("[{name: a, when: band_drop, from: yellow, into: yellow}]", "into (yellow) must be a worse band");
	expect_error("[{name: a, when: band_drop, into: blue}]", "into must be one of red, yellow, green, not \"blue\"");
	expect_error("[{name: a, when: no_touch}, {name: a, when: renewal, days: 5}]",
		     "1:36: error: playbook rule a: the name a is already used by rule 1");
	expect_error("[{name: a, when: no_touch, note: \"two\\nlines\"}]", "note must be one line");
}

static void test_touch_id(void **state)
{
	char a[27], b[27], c[27], d[27];
	(void)state;
	playbook_touch_id("renewal_90", "ACC-1", "renewal:2027-02-20", a);
	playbook_touch_id("renewal_90", "ACC-1", "renewal:2027-02-20", b);
	playbook_touch_id("renewal_90", "ACC-1", "renewal:2028-02-20", c);
	playbook_touch_id("renewal_60", "ACC-1", "renewal:2027-02-20", d);
	assert_true(ulid_valid(a));
	assert_true(ulid_valid(c));
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_string_not_equal(a, d);
}

/* ---- Each rule: once per condition key ------------------------------------------- */

static void test_renewal(void **state)
{
	(void)state;
	use_rules("[{name: renewal_90, when: renewal, days: 90}, "
		  "{name: renewal_30, when: renewal, days: 30, kind: call, due_before: 25, note: Check the quote}]");
	add_account("A1", "aiko", T + 60);
	add_account("A2", "aiko", T + 91);          /* too far */
	add_account("A3", "aiko", T - 1);           /* passed */
	add_account("B1", "ben", T + 10);           /* a teammate's */
	add_account("A4", "aiko", DAY_NONE);
	run3(T, 1);
	assert_int_equal(touches("A1", "renewal_90"), 1);
	expect_touch("A1", "renewal_90", T, "renewal", "renews 2027-01-22, in 60 days");
	assert_int_equal(touches("A2", "renewal_90") + touches("A3", "renewal_90") + touches("B1", "renewal_90"), 0);
	/* 31 days later A1 is 29 days away: renewal_30 fires, due 25 days before */
	run3(T + 31, 2);        /* A1 for renewal_30, A2 (60 days away) for renewal_90 */
	assert_int_equal(touches("A1", "renewal_90"), 1);
	assert_int_equal(touches("A1", "renewal_30"), 1);
	expect_touch("A1", "renewal_30", T + 35, "call", "renews 2027-01-22, in 29 days; Check the quote");
	/* renewed: the next renewal date is a new condition */
	exec_sql("UPDATE account SET renewal_day = %d WHERE crm_id = 'A1'", T + 365 + 60);
	run3(T + 365, 1);
	assert_int_equal(touches("A1", "renewal_90"), 2);
	assert_int_equal(query_long("SELECT count(*) FROM playbook_fired WHERE crm_id = 'A1'"), 3);
}

static void test_band_drop(void **state)
{
	(void)state;
	use_rules("[{name: into_red, when: band_drop, into: red}, {name: any_drop, when: band_drop, within: 14}]");
	add_account("A1", "aiko", DAY_NONE);
	add_health("A1", T - 28, 80);
	add_health("A1", T - 21, 70);              /* green -> yellow, an older drop */
	add_health("A1", T - 14, 60);
	add_health("A1", T - 7, 45);               /* yellow -> red */
	run3(T, 2);
	assert_int_equal(touches("A1", "into_red"), 1);
	assert_int_equal(touches("A1", "any_drop"), 1);
	expect_touch("A1", "into_red", T, "call", "health 45, red since 2026-11-16 (was 60, yellow, on 2026-11-09)");
	/* staying red: the same condition */
	add_health("A1", T, 40);
	run3(T + 1, 0);
	/* recovers, then drops again: a new condition */
	add_health("A1", T + 7, 65);
	run3(T + 7, 0);
	add_health("A1", T + 14, 48);
	run3(T + 14, 2);
	assert_int_equal(touches("A1", "into_red"), 2);
	assert_int_equal(touches("A1", "any_drop"), 2);
	/* the vendor's score is not read when the model's is shown */
	exec_sql("UPDATE meta SET value = 'model' WHERE key = 'health_source'");
	exec_sql("INSERT INTO health(account_id, source, day, score) SELECT id, 'model', %d, 90 FROM account", T + 14);
	exec_sql("INSERT INTO health(account_id, source, day, score) SELECT id, 'model', %d, 30 FROM account", T + 21);
	run3(T + 21, 2);
	assert_int_equal(touches("A1", "into_red"), 3);
}

static void test_score_drop(void **state)
{
	(void)state;
	use_rules("[{name: falling, when: score_drop, points: 10, weeks: 4, due_in: 2}]");
	add_account("A1", "aiko", DAY_NONE);
	add_account("A2", "aiko", DAY_NONE);
	/* weekly from T-35 to T; each compared with the snapshot 28 days before it */
	double a1[] = { 90, 88, 85, 84, 85, 80 };      /* T-7: 90 -> 85, T: 88 -> 80: never 10 */
	double a2[] = { 90, 84, 85, 84, 85, 74 };      /* T: 84 -> 74, down 10 */
	for (int i = 0; i < 6; i++) {
		add_health("A1", T - 35 + 7 * i, a1[i]);
		add_health("A2", T - 35 + 7 * i, a2[i]);
	}
	run3(T, 1);
	assert_int_equal(touches("A1", "falling"), 0);
	assert_int_equal(touches("A2", "falling"), 1);
	expect_touch("A2", "falling", T + 2, "call",
		     "health 74, down 10 points from 84 on 2026-10-26 (4 weeks; falling since 2026-11-23)");
	/* still falling a week later: the same fall */
	add_health("A2", T + 7, 70);
	run3(T + 7, 0);
	/* recovers, then falls again: a new one */
	add_health("A2", T + 14, 85);
	add_health("A2", T + 21, 86);
	run3(T + 21, 0);
	add_health("A2", T + 42, 72);
	run3(T + 42, 1);
	assert_int_equal(touches("A2", "falling"), 2);
}

static void test_season(void **state)
{
	(void)state;
	use_rules("[{name: season_30, when: season, days: 30, kind: qbr, due_before: 14}]");
	add_account("A1", "aiko", DAY_NONE);
	add_account("A2", "aiko", DAY_NONE);
	/* last year's season: uses 20 to 28 days ahead of today, a year ago */
	for (int d = 20; d <= 28; d += 4) {
		add_metric("A1", "key_feature_uses", T - 365 + d, 5);
		add_metric("A2", "key_feature_uses", T - 365 + d, 5);
	}
	for (int d = 40; d < 365; d += 7) {
		add_metric("A1", "logins", T - 365 + d, 3);
		add_metric("A2", "logins", T - 365 + d, 3);
	}
	add_metric("A2", "key_feature_uses", T - 10, 1);    /* A2 used it this year */
	run3(T, 1);
	assert_int_equal(touches("A1", "season_30"), 1);
	assert_int_equal(touches("A2", "season_30"), 0);
	expect_touch("A1", "season_30", T + 6, "qbr",
		     "key feature season starts 2026-12-13, in 20 days: used from 2025-12-13 to 2025-12-21 "
		     "last year, not yet this year");
	/* the window slides past the first use: still the same season */
	run3(T + 10, 0);
	run3(T + 22, 0);
	assert_int_equal(touches("A1", "season_30"), 1);
	/* the next year's season is a new condition */
	for (int d = 20; d <= 28; d += 4)
		add_metric("A1", "key_feature_uses", T + d, 2);
	for (int d = 40; d < 365; d += 7)
		add_metric("A1", "logins", T + d, 3);
	run3(T + 365, 1);
	assert_int_equal(touches("A1", "season_30"), 2);
}

/* An import of the accounts feed on `day` bringing this champion, as
 * feed_accounts.c writes it: a champion_history row with the one it
 * replaces when anything changed, then the account. */
static void champion_import(const char *crm, int day, const char *name, const char *status)
{
	exec_sql("INSERT INTO champion_history(account_id, day, name, email, status, prev_name, prev_email,"
		 " prev_status) SELECT id, %d, '%s', NULL, '%s', champion, champion_email, champion_status"
		 " FROM account WHERE crm_id = '%s' AND (champion IS NOT '%s' OR champion_status IS NOT '%s')",
		 day, name, status, crm, name, status);
	exec_sql("UPDATE account SET champion = '%s', champion_status = '%s' WHERE crm_id = '%s'",
		 name, status, crm);
}

static void test_champion(void **state)
{
	(void)state;
	use_rules("[{name: champion, when: champion_changed, kind: meeting, due_in: 1}]");
	add_account("A1", "aiko", DAY_NONE);
	exec_sql("INSERT INTO champion_history(account_id, day, name, status) SELECT id, %d, 'Ann Lee',"
		 " 'active' FROM account", T - 40);
	exec_sql("UPDATE account SET champion = 'Ann Lee', champion_status = 'active'");
	/* the first look is the baseline */
	run3(T, 0);
	assert_int_equal(query_long("SELECT count(*) FROM playbook_fired WHERE rule = '~champion'"), 1);
	/* the same person marked left (the rule's own memory of the champion) */
	champion_import("A1", T, "Ann Lee", "left");
	run3(T, 1);
	expect_touch("A1", "champion", T + 1, "meeting", "the champion Ann Lee left");
	/* another person (champion.h, as the agenda says it): keyed by the day and the name */
	champion_import("A1", T + 3, "Bo Chen", "active");
	run3(T + 3, 1);
	expect_touch("A1", "champion", T + 4, "meeting",
		     "the champion changed from Ann Lee to Bo Chen on 2026-11-26, no touch since");
	assert_int_equal(touches("A1", "champion"), 2);
	assert_int_equal(query_long("SELECT count(*) FROM playbook_fired WHERE rule = 'champion'"
				    " AND condition = 'champion:2026-11-26:Bo Chen'"), 1);
	/* a status becoming known is no change of person; the same change later is not new */
	champion_import("A1", T + 4, "Bo Chen", "unknown");
	run3(T + 4, 0);
	run3(T + 10, 0);
	assert_int_equal(query_long("SELECT count(*) FROM playbook_fired WHERE rule = '~champion'"), 1);
	/* a change someone already talked to the customer about: no touchpoint */
	add_note("A1", T + 12);
	champion_import("A1", T + 12, "Cy Park", "active");
	run3(T + 12, 0);
	assert_int_equal(touches("A1", "champion"), 2);
	/* the same person written otherwise is no change */
	champion_import("A1", T + 13, " cy park", "active");
	run3(T + 13, 0);
	/* a champion removed from the export: a change to nobody */
	champion_import("A1", T + 14, "", "unknown");
	run3(T + 14, 1);
	expect_touch("A1", "champion", T + 15, "meeting",
		     "the champion changed from cy park to (none) on 2026-12-07, no touch since");
}

static void test_no_touch(void **state)
{
	(void)state;
	use_rules("[{name: quiet, when: no_touch, grace: 2}]");
	add_account("A1", "aiko", DAY_NONE);
	add_account("A2", "aiko", DAY_NONE);
	add_account("A3", "aiko", DAY_NONE);
	add_note("A1", T - 17);     /* 17 > 14 + 2 */
	add_note("A2", T - 16);     /* 16: within cadence + grace */
	run3(T, 1);                 /* A1; not A3, whose last touch is unknown */
	assert_int_equal(touches("A1", "quiet"), 1);
	assert_int_equal(touches("A2", "quiet"), 0);
	assert_int_equal(touches("A3", "quiet"), 0);
	expect_touch("A1", "quiet", T, "call", "no touch since 2026-11-06, 17 days ago (high touch cadence: 14 days)");
	/* a new touch, then silence again: a new condition */
	add_note("A1", T + 1);
	run3(T + 10, 1);            /* A2 only: 26 days; A1 touched 9 days ago */
	assert_int_equal(touches("A1", "quiet"), 1);
	assert_int_equal(touches("A2", "quiet"), 1);
	run3(T + 20, 1);            /* A1 again: 19 days since T + 1 */
	assert_int_equal(touches("A1", "quiet"), 2);
	assert_int_equal(touches("A2", "quiet"), 1);
	assert_int_equal(touches("A3", "quiet"), 0);
}

/* A lost record never makes a second touchpoint: the id says it exists. */
static void test_lost_record(void **state)
{
	struct playbook_report rep;
	(void)state;
	use_rules("[{name: renewal_90, when: renewal, days: 90}]");
	add_account("A1", "aiko", T + 30);
	run3(T, 1);
	exec_sql("DELETE FROM playbook_fired");
	assert_int_equal(playbook_run(&st, &cfg, T, &rep), 0);
	assert_int_equal(rep.created, 0);
	assert_int_equal(rep.repaired, 1);
	playbook_report_free(&rep);
	assert_int_equal(touches("A1", "renewal_90"), 1);
	assert_int_equal(query_long("SELECT count(*) FROM playbook_fired"), 1);
	/* an inactive account or one handed to a teammate is left alone */
	exec_sql("UPDATE account SET renewal_day = %d, active = 0", T + 40);
	run3(T, 0);
	exec_sql("UPDATE account SET active = 1, main_owner = 'ben'");
	run3(T, 0);
}

static void test_report_line(void **state)
{
	struct playbook_report rep;
	(void)state;
	/* no rules: no line */
	assert_int_equal(playbook_run(&st, &cfg, T, &rep), 0);
	assert_null(playbook_report_line(&rep));
	playbook_report_free(&rep);
	use_rules("[{name: renewal_90, when: renewal, days: 90}, {name: champion, when: champion_changed},"
		  " {name: no_touch, when: no_touch}]");
	add_account("A1", "aiko", T + 30);
	add_account("A2", "aiko", T + 40);
	add_note("A1", T - 30);
	add_note("A2", T);
	assert_int_equal(playbook_run(&st, &cfg, T, &rep), 0);
	char *line = playbook_report_line(&rep);
	assert_string_equal(line, "playbook: 3 touchpoints (renewal_90: 2, no_touch: 1)");
	free(line);
	playbook_report_free(&rep);
	assert_int_equal(playbook_run(&st, &cfg, T, &rep), 0);
	line = playbook_report_line(&rep);
	assert_string_equal(line, "playbook: no new touchpoints (3 rules, 2 accounts)");
	free(line);
	playbook_report_free(&rep);
	/* without me nothing is looked at */
	free(cfg.me);
	cfg.me = xstrdup("");
	add_account("A3", "aiko", T + 5);
	assert_int_equal(playbook_run(&st, &cfg, T, &rep), 0);
	assert_int_equal(rep.created, 0);
	playbook_report_free(&rep);
}

/* A failing write rolls the whole run back: no touchpoint without its record. */
static void test_rollback(void **state)
{
	struct playbook_report rep;
	(void)state;
	use_rules("[{name: renewal_90, when: renewal, days: 90}]");
	add_account("A1", "aiko", T + 30);
	add_account("A2", "aiko", T + 30);
	/* A2's record cannot be written */
	exec_sql("CREATE TRIGGER no_a2 BEFORE INSERT ON playbook_fired WHEN NEW.crm_id = 'A2'"
		 " BEGIN SELECT RAISE(ABORT, 'refused'); END");
	assert_int_equal(playbook_run(&st, &cfg, T, &rep), -1);
	assert_non_null(strstr(error_message(), "refused"));
	assert_int_equal(rep.created, 0);
	playbook_report_free(&rep);
	assert_int_equal(query_long("SELECT count(*) FROM touchpoint"), 0);
	assert_int_equal(query_long("SELECT count(*) FROM event"), 0);
	exec_sql("DROP TRIGGER no_a2");
	run3(T, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_roundtrip),
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_touch_id),
		cmocka_unit_test_setup_teardown(test_renewal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_band_drop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_score_drop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_season, setup, teardown),
		cmocka_unit_test_setup_teardown(test_champion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_touch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lost_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
