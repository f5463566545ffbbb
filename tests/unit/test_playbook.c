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
#include "csconsole/agenda.h"
#include "csconsole/config.h"
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/playbook.h"
#include "csconsole/summary.h"
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

#define exec_sql(...) scratch_exec(&st, __VA_ARGS__)

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

/* Touchpoints of an account whose note says this rule made them (alone:
 * "Playbook RULE: ...", or with others: "Playbook: A: ...; RULE: ..."). */
static long touches(const char *crm, const char *rule)
{
	return query_long("SELECT count(*) FROM touchpoint WHERE account = '%s' AND (note LIKE 'Playbook %s: %%'"
			  " OR note LIKE 'Playbook: %s: %%' OR note LIKE 'Playbook: %%; %s: %%')", crm, rule, rule, rule);
}

/* A touchpoint scheduled by hand, written on day `written`. */
static void add_touch(const char *id, const char *crm, int due, const char *status, const char *note, int written)
{
	char h[HLC_TEXT_SIZE];
	struct hlc c = { .ms = ((uint64_t)written * 86400 + 43200) * 1000, .counter = 0 };
	hlc_format(c, h);
	exec_sql("INSERT INTO touchpoint(id, account, author, kind, due_day, status, note, created, hlc)"
		 " VALUES ('%s', '%s', 'aiko', 'call', %d, '%s', '%s', '%s', '%s')", id, crm, due, status, note, h, h);
}

/* One text of a query ("" when no row; the caller frees). */
static char *query_text(const char *fmt, ...) PRINTF_LIKE(1, 2);
static char *query_text(const char *fmt, ...)
{
	va_list ap;
	struct sbuf b = {0};
	sqlite3_stmt *s;
	char *v = NULL;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (store_prepare(&st, sbuf_str(&b), &s))
		fail_msg("%s", error_message());
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		v = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	sbuf_free(&b);
	return v ? v : xstrdup("");
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
		"- {name: quiet, when: no_touch, grace: 7}\n"
		"- {name: expansion, when: seats_active, percent: 90}\n";
	assert_int_equal(parse_text(yaml, &r, &d), 0);
	assert_int_equal(d.errors, 0);
	assert_int_equal(r.len, 7);
	/* defaults filled: renewal's kind, band_drop's within, no due_in beside due_before */
	char *text = render(&r);
	assert_string_equal(text,
		"[{name: renewal_90, when: renewal, days: 90, kind: renewal, due_before: 80}, "
		"{name: red, when: band_drop, within: 28, from: green, into: red, kind: meeting, due_in: 0}, "
		"{name: falling, when: score_drop, points: 10, weeks: 4, kind: call, due_in: 3, "
		"note: \"Ask \\\"why\\\" – ok\"}, "
		"{name: season_60, when: season, days: 60, kind: call, due_in: 0}, "
		"{name: champion, when: champion_changed, kind: call, due_in: 0}, "
		"{name: quiet, when: no_touch, grace: 7, kind: call, due_in: 0}, "
		"{name: expansion, when: seats_active, within: 28, percent: 90, kind: call, due_in: 0}]");
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
		     "score_drop, season, champion_changed, no_touch, seats_active, not \"renewals\"");
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
	expect_error("[{name: a, when: seats_active}]", "playbook rule a: percent is missing: a seats_active "
		     "rule needs it (a whole number from 1 to 1000)");
	expect_error("[{name: a, when: seats_active, percent: 0}]", "percent must be a whole number from 1 to "
		     "1000, not \"0\"");
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
	run3(T, 1);                                /* both rules: one touchpoint */
	assert_int_equal(touches("A1", "into_red"), 1);
	assert_int_equal(touches("A1", "any_drop"), 1);
	char *note = query_text("SELECT note FROM touchpoint WHERE account = 'A1' AND due_day = %d", T);
	assert_string_equal(note, "Playbook: into_red: health 45, red since 2026-11-16 (was 60, yellow, on 2026-11-09); "
			    "any_drop: health 45, red since 2026-11-16 (was 60, yellow, on 2026-11-09)");
	free(note);
	/* staying red: the same condition */
	add_health("A1", T, 40);
	run3(T + 1, 0);
	/* recovers, then drops again: a new condition */
	add_health("A1", T + 7, 65);
	run3(T + 7, 0);
	add_health("A1", T + 14, 48);
	run3(T + 14, 1);
	assert_int_equal(touches("A1", "into_red"), 2);
	assert_int_equal(touches("A1", "any_drop"), 2);
	/* the vendor's score is not read when the model's is shown */
	exec_sql("UPDATE meta SET value = 'model' WHERE key = 'health_source'");
	exec_sql("INSERT INTO health(account_id, source, day, score) SELECT id, 'model', %d, 90 FROM account", T + 14);
	exec_sql("INSERT INTO health(account_id, source, day, score) SELECT id, 'model', %d, 30 FROM account", T + 21);
	run3(T + 21, 1);
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

/* The expansion signal: active seats at least `percent`% of the seats
 * bought, from an active_seats value at most `within` days old; once per
 * number of seats bought. */
static void test_seats_active(void **state)
{
	(void)state;
	use_rules("[{name: expansion, when: seats_active, percent: 90, due_in: 2, kind: meeting}]");
	const char *const ids[] = { "A1", "A2", "A3", "A4", "A5" };
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++)
		add_account(ids[i], "aiko", DAY_NONE);
	exec_sql("UPDATE account SET seats = 40 WHERE crm_id IN ('A1', 'A2', 'A3')");
	exec_sql("UPDATE account SET seats = 10 WHERE crm_id = 'A5'");   /* A4: seats unknown */
	add_metric("A1", "active_seats", T - 10, 20);
	add_metric("A1", "active_seats", T - 3, 38);    /* 95%: the latest counts */
	add_metric("A2", "active_seats", T - 3, 35);    /* 87.5% */
	add_metric("A3", "active_seats", T - 3, 36);    /* exactly 90% */
	add_metric("A4", "active_seats", T - 3, 500);
	add_metric("A5", "active_seats", T - 29, 10);   /* 100%, but 29 days old (within 28) */
	run3(T, 2);
	assert_int_equal(touches("A1", "expansion"), 1);
	assert_int_equal(touches("A2", "expansion"), 0);
	assert_int_equal(touches("A3", "expansion"), 1);
	assert_int_equal(touches("A4", "expansion"), 0);
	assert_int_equal(touches("A5", "expansion"), 0);
	expect_touch("A1", "expansion", T + 2, "meeting",
		     "38 of 40 seats active on 2026-11-20 (95%, at least 90%): an expansion signal");
	/* A2 crosses the line later */
	add_metric("A2", "active_seats", T + 1, 37);
	run3(T + 1, 1);
	assert_int_equal(touches("A2", "expansion"), 1);
	/* A1 buys 20 more seats: below the line, then above it again: a new signal */
	exec_sql("UPDATE account SET seats = 60 WHERE crm_id = 'A1'");
	run3(T + 2, 0);
	add_metric("A1", "active_seats", T + 5, 55);     /* 91.7% of 60 */
	run3(T + 5, 1);
	assert_int_equal(touches("A1", "expansion"), 2);
	assert_int_equal(query_long("SELECT count(*) FROM playbook_fired WHERE rule = 'expansion' AND crm_id = 'A1'"
				    " AND condition = 'seats:60'"), 1);
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
	/* A1's two rules make one touchpoint */
	assert_string_equal(line, "playbook: 2 touchpoints from 3 firings (renewal_90: 2, no_touch: 1)");
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

/* ---- Rules do not stack ------------------------------------------------------------ */

/* Two rules firing for one account in one run make one touchpoint that
 * gives both reasons, both rules recorded against it. */
static void test_stack(void **state)
{
	struct playbook_report rep;
	char id[27];
	(void)state;
	use_rules("[{name: renewal_60, when: renewal, days: 60, due_before: 50, note: Prepare the quote}, "
		  "{name: quiet, when: no_touch, due_in: 2, kind: email}]");
	add_account("A1", "aiko", T + 58);
	add_account("A2", "aiko", T + 58);          /* renewal only */
	add_note("A1", T - 20);
	add_note("A2", T - 3);
	assert_int_equal(playbook_run(&st, &cfg, T, &rep), 0);
	char *line = playbook_report_line(&rep);
	assert_string_equal(line, "playbook: 2 touchpoints from 3 firings (renewal_60: 2, quiet: 1)");
	free(line);
	playbook_report_free(&rep);
	assert_int_equal(run(T), 0);
	assert_int_equal(run(T), 0);
	assert_int_equal(query_long("SELECT count(*) FROM touchpoint WHERE account = 'A1'"), 1);
	/* due the earlier of the two days (quiet's T + 2; renewal_60's T + 8), of
	 * that rule's kind, with that rule's id */
	playbook_touch_id("quiet", "A1", "last:2026-11-03", id);
	char *note = query_text("SELECT note FROM touchpoint WHERE id = '%s' AND due_day = %d AND kind = 'email'"
				" AND status = 'open'", id, T + 2);
	assert_string_equal(note, "Playbook: renewal_60: renews 2027-01-20, in 58 days (Prepare the quote); "
			    "quiet: no touch since 2026-11-03, 20 days ago (high touch cadence: 14 days)");
	free(note);
	char *rules = query_text("SELECT group_concat(rule || '|' || touch_id || '|' || coalesce(reason, '-'), ',')"
				 " FROM (SELECT * FROM playbook_fired WHERE crm_id = 'A1' ORDER BY rule)");
	char want[256];
	str_format(want, sizeof(want), "quiet|%s|-,renewal_60|%s|-", id, id);
	assert_string_equal(rules, want);
	free(rules);
	/* one rule alone: its note as before */
	expect_touch("A2", "renewal_60", T + 8, "renewal", "renews 2027-01-20, in 58 days; Prepare the quote");
	run3(T + 1, 0);
	/* a lost record (a rebuilt database, the owner's other device): the
	 * touchpoint's id and note give every rule back, nothing new is made */
	exec_sql("DELETE FROM playbook_fired");
	assert_int_equal(playbook_run(&st, &cfg, T + 1, &rep), 0);
	assert_int_equal(rep.created, 0);
	assert_int_equal(rep.repaired, 3);
	playbook_report_free(&rep);
	assert_int_equal(query_long("SELECT count(*) FROM touchpoint"), 2);
	assert_int_equal(query_long("SELECT count(*) FROM playbook_fired WHERE reason IS NULL AND touch_id = '%s'", id), 2);
	run3(T + 1, 0);
	/* done, and the call logged: quiet (whose id it has) no longer holds;
	 * with the record lost, renewal_60 still finds the touchpoint it is in */
	exec_sql("UPDATE touchpoint SET status = 'done' WHERE id = '%s'", id);
	add_note("A1", T + 2);
	exec_sql("DELETE FROM playbook_fired");
	assert_int_equal(playbook_run(&st, &cfg, T + 3, &rep), 0);
	assert_int_equal(rep.created, 0);
	assert_int_equal(rep.repaired, 2);
	playbook_report_free(&rep);
	assert_int_equal(query_long("SELECT count(*) FROM playbook_fired WHERE crm_id = 'A1' AND rule = 'renewal_60'"
				    " AND touch_id = '%s'", id), 1);
	run3(T + 3, 0);
}

/* The agenda item of one account's touchpoint, or NULL. */
static const struct agenda_item *agenda_find(const struct agenda *a, enum agenda_group g, const char *crm)
{
	for (size_t i = 0; i < a->len; i++)
		if (a->items[i].group == g && str_eq(a->items[i].crm_id, crm))
			return &a->items[i];
	return NULL;
}

/* A rule firing while a touchpoint is already scheduled inside its horizon
 * (from today to the rule's due day) makes none: it is recorded against
 * that touchpoint and the agenda gives its reason with it. */
static void test_horizon(void **state)
{
	struct playbook_report rep;
	struct agenda a;
	(void)state;
	use_rules("[{name: renewal_60, when: renewal, days: 60, due_before: 50}]");   /* due T + 8 */
	const char *acc[] = { "A1", "A2", "A3", "A4", "A5" };
	for (int i = 0; i < 5; i++)
		add_account(acc[i], "aiko", T + 58);
	add_touch("TP-A1", "A1", T + 5, "open", "Demo the new reports", T - 10);    /* inside */
	add_touch("TP-A2", "A2", T + 9, "open", "", T - 10);     /* after the due day */
	add_touch("TP-A3", "A3", T - 3, "open", "", T - 10);     /* overdue: no plan for what comes */
	add_touch("TP-A4", "A4", T + 8, "snoozed", "", T - 10);  /* snoozed to the due day: inside */
	add_touch("TP-A5", "A5", T + 1, "done", "", T - 10);     /* done: no plan */
	assert_int_equal(playbook_run(&st, &cfg, T, &rep), 0);
	char *line = playbook_report_line(&rep);
	assert_string_equal(line, "playbook: 3 touchpoints (renewal_60: 3); 2 reasons added to touchpoints "
			    "already scheduled");
	free(line);
	playbook_report_free(&rep);
	run3(T, 0);
	assert_int_equal(touches("A1", "renewal_60") + touches("A4", "renewal_60"), 0);
	assert_int_equal(touches("A2", "renewal_60") + touches("A3", "renewal_60") + touches("A5", "renewal_60"), 3);
	assert_int_equal(query_long("SELECT count(*) FROM touchpoint"), 8);
	char *r = query_text("SELECT group_concat(crm_id || '|' || touch_id || '|' || coalesce(reason, '-'), ',')"
			     " FROM (SELECT * FROM playbook_fired WHERE reason IS NOT NULL ORDER BY crm_id)");
	assert_string_equal(r, "A1|TP-A1|renewal_60: renews 2027-01-20, in 58 days,"
			    "A4|TP-A4|renewal_60: renews 2027-01-20, in 58 days");
	free(r);
	assert_int_equal(query_long("SELECT count(*) FROM playbook_fired WHERE reason IS NULL"), 3);
	/* the next days change nothing */
	run3(T + 1, 0);
	run3(T + 5, 0);
	assert_int_equal(query_long("SELECT count(*) FROM playbook_fired"), 5);
	/* TP-A1 due: the agenda says why the playbook wants it too */
	assert_int_equal(summary_refresh_all(&st), 0);
	assert_int_equal(agenda_build(&st, &cfg, "aiko", T + 5, 0, &a), 0);
	const struct agenda_item *it = agenda_find(&a, AGENDA_TODAY, "A1");
	assert_non_null(it);
	assert_string_equal(it->reason, "call due today: Demo the new reports; also: renewal_60: renews 2027-01-20, "
			    "in 58 days");
	it = agenda_find(&a, AGENDA_OVERDUE, "A5");
	assert_null(it);
	it = agenda_find(&a, AGENDA_OVERDUE, "A3");    /* nothing attached: as before */
	assert_non_null(it);
	assert_null(strstr(it->reason, "also"));
	agenda_free(&a);
}

/* Issue 13: an account with an overdue touchpoint, two playbook firings and
 * a health drop is one entry with four reasons and one new touchpoint,
 * across three syncs. */
static void test_one_entry(void **state)
{
	struct agenda a;
	struct agenda_entries e;
	char d[3][40], want[3][400];
	(void)state;
	use_rules("[{name: into_yellow, when: band_drop, into: yellow}, "
		  "{name: falling, when: score_drop, points: 10, weeks: 1}]");
	add_account("A1", "aiko", DAY_NONE);
	add_account("A2", "aiko", DAY_NONE);      /* nothing to do */
	add_note("A1", T - 5);                    /* inside the cadence */
	add_note("A2", T - 5);
	add_touch("TP-1", "A1", T - 3, "open", "Send the QBR deck", T - 12);
	add_health("A1", T - 14, 82);
	add_health("A1", T - 7, 80);
	add_health("A1", T, 70);                  /* green to yellow; down 10 in a week */
	add_health("A2", T - 7, 80);
	add_health("A2", T, 80);
	day_format(T - 3, cfg.date_format, d[0], sizeof(d[0]));
	day_format(T - 7, cfg.date_format, d[1], sizeof(d[1]));
	str_format(want[0], sizeof(want[0]), "call due %s, 3 days overdue: Send the QBR deck", d[0]);
	str_format(want[1], sizeof(want[1]), "call due today: Playbook: into_yellow: health 70, yellow since "
		   "2026-11-23 (was 80, green, on 2026-11-16); falling: health 70, down 10 points from 80 on "
		   "2026-11-16 (1 week; falling since 2026-11-23)");
	str_format(want[2], sizeof(want[2]), "health 70, down 10 in 7 days (80 on %s)", d[1]);
	for (int sync = 0; sync < 3; sync++) {
		assert_int_equal(run(T), sync == 0 ? 1 : 0);
		assert_int_equal(query_long("SELECT count(*) FROM touchpoint WHERE account = 'A1'"), 2);
		assert_int_equal(query_long("SELECT count(*) FROM playbook_fired WHERE crm_id = 'A1'"), 2);
		assert_int_equal(summary_refresh_all(&st), 0);
		assert_int_equal(agenda_build(&st, &cfg, "aiko", T, 0, &a), 0);
		agenda_entries_build(&a, &e);
		size_t found = 0, reasons = 0;
		for (size_t i = 0; i < e.len; i++) {
			if (!str_eq(e.v[i].crm_id, "A1"))
				continue;
			found++;
			assert_int_equal(e.v[i].n_items, 3);
			bool seen[3] = { false, false, false };
			for (size_t k = 0; k < e.v[i].n_items; k++) {
				const char *reason = a.items[e.v[i].items[k]].reason;
				int w = str_eq(reason, want[0]) ? 0 : str_eq(reason, want[1]) ? 1 :
					str_eq(reason, want[2]) ? 2 : -1;
				if (w < 0 || seen[w])
					fail_msg("unexpected item: %s", reason);
				seen[w] = true;
				/* a touchpoint the playbook made gives one reason per rule */
				const char *entity = a.items[e.v[i].items[k]].entity;
				long rules = strncmp(entity, "touch/", 6) ? 0 :
					query_long("SELECT count(*) FROM playbook_fired WHERE touch_id = '%s'", entity + 6);
				reasons += rules > 0 ? (size_t)rules : 1;
			}
		}
		assert_int_equal(found, 1);
		assert_int_equal(reasons, 4);
		agenda_entries_free(&e);
		agenda_free(&a);
	}
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
		cmocka_unit_test_setup_teardown(test_seats_active, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lost_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_horizon, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_entry, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
