/* test_handoff.c - the handoff brief and "while you were out" on a scratch
 * store with hand-made rows: the absence lookup, the cover, the window of
 * touchpoints and renewals (the absence + 30 days), the last three notes and
 * the sentiment trend, the attention order, the local review marks, and the
 * changes since a day with their authors. Expected values come from the
 * rows written here, never from the code under test. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/handoff.h"
#include "csconsole/summary.h"
#include "scratch.h"

static struct store st;
static struct config cfg;
static int T;                  /* today */
static const int FROM = 1, UNTIL = 7;   /* haruto's absence: T+1 .. T+7 */

/* ---- Building the store ------------------------------------------------------- */

static void exec(const char *sql)
{
	if (store_exec(&st, sql))
		fail_msg("%s: %s", sql, error_message());
}

/* Runs sql with integer parameters ?1.. (the text ones are in the SQL). */
static void exec_ints(const char *sql, int n, ...)
{
	sqlite3_stmt *s;
	va_list ap;
	assert_int_equal(store_prepare(&st, sql, &s), 0);
	va_start(ap, n);
	for (int i = 1; i <= n; i++)
		sqlite3_bind_int(s, i, va_arg(ap, int));
	va_end(ap);
	if (sqlite3_step(s) != SQLITE_DONE)
		fail_msg("%s: %s", sql, sqlite3_errmsg(st.db));
	sqlite3_finalize(s);
}

static void account(const char *crm, const char *name, const char *main, const char *sub, int renewal,
		    int active)
{
	sqlite3_stmt *s;
	assert_int_equal(store_prepare(&st, "INSERT INTO account(crm_id, name, touch_model, stage, renewal_day,"
				       " main_owner, sub_owner, champion, champion_email, champion_status, active)"
				       " VALUES (?1, ?2, 'low', 'adoption', ?3, ?4, ?5, ?6, ?7, 'active', ?8)", &s), 0);
	store_bind_text(s, 1, crm);
	store_bind_text(s, 2, name);
	if (renewal == DAY_NONE)
		sqlite3_bind_null(s, 3);
	else
		sqlite3_bind_int(s, 3, renewal);
	store_bind_text(s, 4, main);
	store_bind_text(s, 5, sub);
	char *champ = xasprintf("Champion of %s", crm), *mail = xasprintf("champ@%s.example", crm);
	store_bind_text(s, 6, champ);
	store_bind_text(s, 7, mail);
	sqlite3_bind_int(s, 8, active);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	free(champ);
	free(mail);
}

static void health(const char *crm, int day, double score)
{
	sqlite3_stmt *s;
	assert_int_equal(store_prepare(&st, "INSERT INTO health(account_id, day, score)"
				       " SELECT id, ?2, ?3 FROM account WHERE crm_id = ?1", &s), 0);
	store_bind_text(s, 1, crm);
	sqlite3_bind_int(s, 2, day);
	sqlite3_bind_double(s, 3, score);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
}

/* Events are stamped at 10:00 UTC of `day` (CSCONSOLE_NOW); write them in day order. */
static void at_day(int day)
{
	char iso[11], now[32];
	day_format_iso(day, iso);
	str_format(now, sizeof(now), "%sT10:00:00Z", iso);
	setenv("CSCONSOLE_NOW", now, 1);
}

static char *new_entity(const char *kind)
{
	char u[ULID_SIZE];
	ulid_new(clock_now_ms(), u);
	return xasprintf("%s/%s", kind, u);
}

/* Writes an event by author about entity (NULL: a new one of the type's
 * kind, returned; caller frees). data is JSON with %s for ISO days. */
static char *ev(int day, const char *author, const char *type, const char *entity, const char *crm,
		const char *data)
{
	struct event e = { 0 };
	char kind[8];
	at_day(day);
	str_format(kind, sizeof(kind), "%.*s", (int)strcspn(type, "."), type);
	char *ent = entity ? xstrdup(entity) : new_entity(kind);
	e.author = xstrdup(author);
	e.type = xstrdup(type);
	e.version = 1;
	e.entity = xstrdup(ent);
	e.account = xstrdup(crm);
	e.data = json_tokener_parse(data);
	assert_non_null(e.data);
	if (event_write(&st, &e))
		fail_msg("event_write %s: %s", type, error_message());
	event_free(&e);
	return ent;
}

static const char *D(int day)   /* an ISO day in a rotating buffer */
{
	static char buf[8][11];
	static int i;
	i = (i + 1) % 8;
	day_format_iso(day, buf[i]);
	return buf[i];
}

/* sentiment 0: none (the key left out) */
static char *note_data(const char *kind, int sentiment, const char *summary, int day)
{
	char sent[32] = "";
	if (sentiment)
		str_format(sent, sizeof(sent), "\"sentiment\":%d,", sentiment);
	return xasprintf("{\"kind\":\"%s\",%s\"summary\":\"%s\",\"touch_day\":\"%s\"}", kind, sent,
			 summary, D(day));
}

static void note(int written, const char *author, const char *crm, const char *kind, int sentiment,
		 const char *summary, int day)
{
	char *d = note_data(kind, sentiment, summary, day);
	free(ev(written, author, "note.add", NULL, crm, d));
	free(d);
}

static char *touch(int written, const char *author, const char *crm, const char *kind, int due)
{
	char *d = xasprintf("{\"due_day\":\"%s\",\"kind\":\"%s\",\"note\":\"touch %s\"}", D(due), kind, D(due));
	char *ent = ev(written, author, "touch.schedule", NULL, crm, d);
	free(d);
	return ent;
}

/* Touchpoint entities of ACC-H1, for the changes test. */
static char *t_resched, *r_risk;

static int setup(void **state)
{
	if (scratch_setup(state))
		return -1;
	setenv("CSCONSOLE_TODAY", "2026-11-23", 1);
	T = day_from_ymd(2026, 11, 23);
	config_defaults(&cfg);
	scratch_store(&st, "handoff.db");

	exec("INSERT INTO csm(handle, name) VALUES ('haruto', 'Haruto T'), ('aiko', 'Aiko S'),"
	     " ('ken', 'Ken S'), ('yuki', 'Yuki T'), ('mei', 'Mei I')");
	/* haruto: an ended absence and the coming one (no cover: the sub owners). */
	exec_ints("INSERT INTO absence(handle, start_day, end_day, reason) VALUES ('haruto', ?1, ?2, 'training')",
		  2, T - 40, T - 35);
	exec_ints("INSERT INTO absence(handle, start_day, end_day, reason) VALUES ('haruto', ?1, ?2, 'vacation')",
		  2, T + FROM, T + UNTIL);
	/* ken: an absence with a named cover, from a coverage event. */
	exec_ints("INSERT INTO absence(handle, start_day, end_day, covered_by, source, entity)"
		  " VALUES ('ken', ?1, ?2, 'mei', 'event', 'cover/X')", 2, T + 10, T + 12);

	/* haruto's accounts. H1: renews inside the absence; H2: on the last day of
	 * the window; H3: one day after it, no sub owner, no health; H4: gone
	 * from the CRM export. A1: aiko's, haruto is its sub owner. */
	account("ACC-H1", "Alpha", "haruto", "aiko", T + 3, 1);
	account("ACC-H2", "Bravo", "haruto", "ken", T + UNTIL + HANDOFF_AFTER_DAYS, 1);
	account("ACC-H3", "Charlie", "haruto", NULL, T + UNTIL + HANDOFF_AFTER_DAYS + 1, 1);
	account("ACC-H4", "Delta", "haruto", "yuki", T + 5, 0);
	account("ACC-A1", "Echo", "aiko", "haruto", DAY_NONE, 1);

	/* Weekly health of H1 for 14 weeks: 50 + week number; H2 steady 80, one
	 * 3-point dip (under the changes threshold); A1 falls 10 points. */
	for (int w = 0; w < 14; w++)
		health("ACC-H1", T - 7 * (13 - w), 50 + w);
	health("ACC-H2", T - 14, 80);
	health("ACC-H2", T, 77);
	health("ACC-A1", T - 14, 70);
	health("ACC-A1", T, 60);

	/* Notes on H1, written in day order; touch days differ from the written
	 * days so the "last" notes are by touch day. */
	note(T - 60, "haruto", "ACC-H1", "call", 5, "first", T - 60);
	note(T - 50, "aiko", "ACC-H1", "email", 4, "second", T - 50);
	note(T - 30, "haruto", "ACC-H1", "meeting", 2, "third", T - 31);
	note(T - 20, "ken", "ACC-H1", "internal", 0, "no sentiment", T - 21);
	note(T - 9, "haruto", "ACC-H1", "chat", 3, "fourth", T - 10);
	note(T - 8, "haruto", "ACC-H1", "call", 1, "fifth", T - 8);

	/* Touchpoints on H1: done before (out), open overdue before the absence,
	 * during, on the window's last day, the day after (out). */
	char *t_done = touch(T - 20, "haruto", "ACC-H1", "call", T - 12);
	char *d = xasprintf("{\"done_day\":\"%s\"}", D(T - 12));
	free(ev(T - 12, "haruto", "touch.done", t_done, "ACC-H1", d));
	free(d);
	free(t_done);
	free(touch(T - 7, "haruto", "ACC-H1", "call", T - 3));
	free(touch(T - 7, "haruto", "ACC-H1", "renewal", T + 2));
	free(touch(T - 7, "haruto", "ACC-H1", "qbr", T + UNTIL + HANDOFF_AFTER_DAYS));
	free(touch(T - 7, "haruto", "ACC-H1", "meeting", T + UNTIL + HANDOFF_AFTER_DAYS + 1));
	/* for the changes: a touchpoint to move and a risk to raise later */
	t_resched = touch(T - 6, "haruto", "ACC-H1", "call", T + 4);
	r_risk = ev(T - 6, "aiko", "risk.open", NULL, "ACC-H1",
		    "{\"category\":\"budget\",\"opened_day\":\"2026-11-17\",\"severity\":\"medium\",\"text\":\"cuts\"}");
	char *r2 = ev(T - 6, "aiko", "risk.open", NULL, "ACC-H1",
		      "{\"category\":\"competitor\",\"opened_day\":\"2026-11-17\",\"severity\":\"low\",\"text\":\"old\"}");
	free(ev(T - 5, "aiko", "risk.resolve", r2, "ACC-H1", "{\"resolved_day\":\"2026-11-18\"}"));
	free(r2);
	return summary_refresh_all(&st) ? -1 : 0;
}

static int teardown(void **state)
{
	free(t_resched);
	free(r_risk);
	store_close(&st);
	config_free(&cfg);
	unsetenv("CSCONSOLE_NOW");
	return scratch_teardown(state);
}

static const struct handoff_account *find(const struct handoff *h, const char *crm)
{
	for (size_t i = 0; i < h->n; i++)
		if (str_eq(h->accounts[i].d.crm_id, crm))
			return &h->accounts[i];
	return NULL;
}

/* ---- The absence ------------------------------------------------------------- */

static void test_absence_lookup(void **state)
{
	struct handoff_absence a;
	bool found;
	int from, until;
	(void)state;

	/* before it: the next one, not the ended one */
	assert_int_equal(handoff_find_absence(&st, "haruto", T, &a, &found), 0);
	assert_true(found);
	assert_int_equal(a.from, T + FROM);
	assert_int_equal(a.until, T + UNTIL);
	assert_string_equal(a.covered_by, "");
	assert_string_equal(a.reason, "vacation");
	assert_string_equal(a.source, "feed");
	assert_string_equal(a.owner_name, "Haruto T");
	free(a.owner_name), free(a.covered_by), free(a.covered_by_name), free(a.reason);
	/* on its last day: still the current one */
	assert_int_equal(handoff_find_absence(&st, "haruto", T + UNTIL, &a, &found), 0);
	assert_true(found);
	assert_int_equal(a.from, T + FROM);
	free(a.owner_name), free(a.covered_by), free(a.covered_by_name), free(a.reason);
	/* after it: none */
	assert_int_equal(handoff_find_absence(&st, "haruto", T + UNTIL + 1, &a, &found), 0);
	assert_false(found);
	free(a.owner_name), free(a.covered_by), free(a.covered_by_name), free(a.reason);
	/* a coverage event's absence names its cover */
	assert_int_equal(handoff_find_absence(&st, "ken", T, &a, &found), 0);
	assert_true(found);
	assert_string_equal(a.covered_by, "mei");
	assert_string_equal(a.covered_by_name, "Mei I");
	assert_string_equal(a.source, "event");
	free(a.owner_name), free(a.covered_by), free(a.covered_by_name), free(a.reason);

	/* the last ended absence (where "while you were out" starts) */
	assert_int_equal(handoff_last_absence(&st, "haruto", T, &from, &until, &found), 0);
	assert_true(found);
	assert_int_equal(from, T - 40);
	assert_int_equal(until, T - 35);
	assert_int_equal(handoff_last_absence(&st, "haruto", T + UNTIL + 1, &from, &until, &found), 0);
	assert_int_equal(from, T + FROM);
	assert_int_equal(handoff_last_absence(&st, "aiko", T, &from, &until, &found), 0);
	assert_false(found);
}

static void test_no_absence_is_an_error(void **state)
{
	struct handoff h;
	(void)state;

	/* aiko has no absence: an error that says to give the days */
	assert_int_equal(handoff_build(&st, &cfg, "aiko", DAY_NONE, DAY_NONE, T, &h), -1);
	assert_non_null(strstr(error_message(), "--from"));
	handoff_free(&h);
	/* with the days given, a brief (her one account) */
	assert_int_equal(handoff_build(&st, &cfg, "aiko", T + 2, T + 3, T, &h), 0);
	assert_int_equal(h.absence.from, T + 2);
	assert_string_equal(h.absence.source, "given");
	assert_int_equal(h.n, 1);
	assert_string_equal(h.accounts[0].d.crm_id, "ACC-A1");
	handoff_free(&h);
	/* only one of the days, the days the wrong way round, nobody: errors */
	assert_int_equal(handoff_build(&st, &cfg, "aiko", T + 2, DAY_NONE, T, &h), -1);
	handoff_free(&h);
	assert_int_equal(handoff_build(&st, &cfg, "aiko", T + 3, T + 2, T, &h), -1);
	handoff_free(&h);
	assert_int_equal(handoff_build(&st, &cfg, "nobody", DAY_NONE, DAY_NONE, T, &h), -1);
	assert_non_null(strstr(error_message(), "nobody"));
	handoff_free(&h);
	/* given days overlapping ken's coverage take its cover */
	assert_int_equal(handoff_build(&st, &cfg, "ken", T + 11, T + 20, T, &h), 0);
	assert_string_equal(h.absence.covered_by, "mei");
	handoff_free(&h);
}

/* ---- The brief ------------------------------------------------------------------ */

static void test_accounts_cover_and_order(void **state)
{
	struct handoff h;
	(void)state;

	assert_int_equal(handoff_build(&st, &cfg, "haruto", DAY_NONE, DAY_NONE, T, &h), 0);
	assert_int_equal(h.window_end, T + UNTIL + HANDOFF_AFTER_DAYS);
	/* the active accounts haruto is MAIN owner of: not H4 (inactive), not A1 (sub) */
	assert_int_equal(h.n, 3);
	assert_null(find(&h, "ACC-H4"));
	assert_null(find(&h, "ACC-A1"));
	/* attention order: H1 has an overdue touchpoint, so first; then by
	 * days_left - (100 - health) / 2: H3 (no health: 50) 38 - 25 = 13 before
	 * H2 (health 77) 37 - 11.5 = 25.5 */
	assert_string_equal(h.accounts[0].d.crm_id, "ACC-H1");
	assert_string_equal(h.accounts[1].d.crm_id, "ACC-H3");
	assert_string_equal(h.accounts[2].d.crm_id, "ACC-H2");
	/* no cover named: each sub owner covers; H3 has none */
	assert_string_equal(find(&h, "ACC-H1")->covering, "aiko");
	assert_string_equal(find(&h, "ACC-H1")->covering_name, "Aiko S");
	assert_string_equal(find(&h, "ACC-H2")->covering, "ken");
	assert_string_equal(find(&h, "ACC-H3")->covering, "");
	/* the champion */
	assert_string_equal(find(&h, "ACC-H2")->d.champion, "Champion of ACC-H2");
	assert_string_equal(find(&h, "ACC-H2")->d.champion_email, "champ@ACC-H2.example");
	handoff_free(&h);

	/* a named cover covers every account */
	assert_int_equal(handoff_build(&st, &cfg, "ken", DAY_NONE, DAY_NONE, T, &h), 0);
	assert_int_equal(h.n, 0);   /* ken is main owner of nothing here */
	assert_string_equal(h.absence.covered_by, "mei");
	handoff_free(&h);
}

static void test_health_trend(void **state)
{
	struct handoff h;
	const struct handoff_account *a;
	(void)state;

	assert_int_equal(handoff_build(&st, &cfg, "haruto", DAY_NONE, DAY_NONE, T, &h), 0);
	a = find(&h, "ACC-H1");
	/* 14 weekly scores 50..63: now 63, 4 weeks before 59, 12 weeks before 51 */
	assert_true(a->d.has_health);
	assert_true(a->d.health_score == 63);
	assert_true(a->d.has_delta && a->d.delta4w == 4);
	assert_true(a->has_delta12 && a->delta12w == 12);
	assert_int_equal(a->n_weekly, HANDOFF_WEEKS);
	for (size_t i = 0; i < a->n_weekly; i++)
		assert_true(a->weekly[i] == 50 + 14 - HANDOFF_WEEKS + (double)i);
	/* H2 has two snapshots 14 days apart: no 4- or 12-week change */
	a = find(&h, "ACC-H2");
	assert_false(a->d.has_delta);
	assert_false(a->has_delta12);
	assert_false(find(&h, "ACC-H3")->d.has_health);
	handoff_free(&h);
}

static void test_window(void **state)
{
	struct handoff h;
	const struct handoff_account *a;
	int end = T + UNTIL + HANDOFF_AFTER_DAYS;
	(void)state;

	assert_int_equal(handoff_build(&st, &cfg, "haruto", DAY_NONE, DAY_NONE, T, &h), 0);
	a = find(&h, "ACC-H1");
	/* the open touchpoint due T-3 (overdue), T+2 (during), the renewal T+3
	 * (during), the move-me call T+4 (during), the qbr on the window's last
	 * day (after); not the one done at T-12, not the meeting a day after */
	struct { int day; enum handoff_when when; bool renewal; const char *kind; } want[] = {
		{ T - 3, HANDOFF_OVERDUE, false, "call" },
		{ T + 2, HANDOFF_DURING, false, "renewal" },
		{ T + 3, HANDOFF_DURING, true, NULL },
		{ T + 4, HANDOFF_DURING, false, "call" },
		{ end, HANDOFF_AFTER, false, "qbr" },
	};
	assert_int_equal(a->n_items, ARRAY_SIZE(want));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		assert_int_equal(a->items[i].day, want[i].day);
		assert_int_equal(a->items[i].when, want[i].when);
		assert_int_equal(a->items[i].renewal, want[i].renewal);
		if (want[i].kind)
			assert_string_equal(a->items[i].touch->kind, want[i].kind);
		else
			assert_null(a->items[i].touch);
	}
	/* renewals: H2 on the window's last day is in (after), H3 a day later is out */
	a = find(&h, "ACC-H2");
	assert_int_equal(a->n_items, 1);
	assert_true(a->items[0].renewal);
	assert_int_equal(a->items[0].day, end);
	assert_int_equal(a->items[0].when, HANDOFF_AFTER);
	assert_int_equal(find(&h, "ACC-H3")->n_items, 0);
	handoff_free(&h);
}

static void test_last_notes_and_sentiment(void **state)
{
	struct handoff h;
	const struct handoff_account *a;
	(void)state;

	assert_int_equal(handoff_build(&st, &cfg, "haruto", DAY_NONE, DAY_NONE, T, &h), 0);
	a = find(&h, "ACC-H1");
	/* the last three notes by touch day, newest first */
	assert_true(a->d.n_notes >= HANDOFF_NOTES);
	assert_string_equal(a->d.notes[0].summary, "fifth");
	assert_int_equal(a->d.notes[0].touch_day, T - 8);
	assert_string_equal(a->d.notes[0].author, "haruto");
	assert_string_equal(a->d.notes[0].kind, "call");
	assert_string_equal(a->d.notes[0].sentiment_label, cfg.sentiment_labels.items[0]);
	assert_string_equal(a->d.notes[1].summary, "fourth");
	assert_string_equal(a->d.notes[2].summary, "no sentiment");
	assert_string_equal(a->d.notes[2].author, "ken");
	/* the sentiment trend: the last five notes with a sentiment, oldest first */
	int want[] = { 5, 4, 2, 3, 1 };
	assert_int_equal(a->n_sentiments, ARRAY_SIZE(want));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		assert_int_equal(a->sentiments[i], want[i]);
	/* open risks only (the resolved one is not open) */
	size_t open = 0;
	for (size_t i = 0; i < a->d.n_risks; i++)
		if (a->d.risks[i].open) {
			open++;
			assert_string_equal(a->d.risks[i].category, "budget");
			assert_string_equal(a->d.risks[i].author, "aiko");
		}
	assert_int_equal(open, 1);
	handoff_free(&h);
}

static int64_t count_int(const char *sql)
{
	sqlite3_stmt *s;
	int64_t n;
	assert_int_equal(store_prepare(&st, sql, &s), 0);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static int64_t count_events(void)
{
	return count_int("SELECT count(*) FROM event");
}

static void test_reviewed_marks(void **state)
{
	struct handoff h;
	uint64_t before = clock_now_ms() / 1000;
	(void)state;

	assert_int_equal(handoff_build(&st, &cfg, "haruto", DAY_NONE, DAY_NONE, T, &h), 0);
	for (size_t i = 0; i < h.n; i++)
		assert_false(h.accounts[i].reviewed);
	handoff_free(&h);

	int64_t events = count_events();
	assert_int_equal(handoff_mark_reviewed(&st, "haruto", T + FROM, "ACC-H2", "ken", true), 0);
	/* the mark travels: one handoff.review event, to publish */
	assert_int_equal(count_events(), events + 1);
	assert_int_equal(count_int("SELECT count(*) FROM event WHERE type = 'handoff.review' AND own"
				   " AND NOT published AND account = 'ACC-H2' AND author = 'ken'"
				   " AND json_extract(data, '$.owner') = 'haruto' AND json_extract(data, '$.reviewed')"), 1);
	/* not haruto's account, or no account: refused */
	assert_int_equal(handoff_mark_reviewed(&st, "haruto", T + FROM, "ACC-A1", "aiko", true), -1);
	assert_non_null(strstr(error_message(), "ACC-A1"));
	assert_int_equal(handoff_mark_reviewed(&st, "haruto", T + FROM, "ACC-XX", "aiko", true), -1);
	assert_int_equal(count_events(), events + 1);

	assert_int_equal(handoff_build(&st, &cfg, "haruto", DAY_NONE, DAY_NONE, T, &h), 0);
	assert_true(find(&h, "ACC-H2")->reviewed);
	assert_false(find(&h, "ACC-H2")->review_local);
	assert_string_equal(find(&h, "ACC-H2")->reviewer, "ken");
	assert_true(find(&h, "ACC-H2")->reviewed_at >= (int64_t)before &&
		    find(&h, "ACC-H2")->reviewed_at <= (int64_t)(clock_now_ms() / 1000));
	assert_false(find(&h, "ACC-H1")->reviewed);
	handoff_free(&h);

	/* a second mark replaces the first */
	assert_int_equal(handoff_mark_reviewed(&st, "haruto", T + FROM, "ACC-H2", "aiko", true), 0);
	assert_int_equal(handoff_build(&st, &cfg, "haruto", DAY_NONE, DAY_NONE, T, &h), 0);
	assert_string_equal(find(&h, "ACC-H2")->reviewer, "aiko");
	handoff_free(&h);
	/* a mark belongs to its absence: another absence's brief is unreviewed */
	assert_int_equal(handoff_build(&st, &cfg, "haruto", T + 20, T + 25, T, &h), 0);
	assert_false(find(&h, "ACC-H2")->reviewed);
	handoff_free(&h);

	/* taken back: not reviewed; a rebuild of the state from the events agrees */
	assert_int_equal(handoff_mark_reviewed(&st, "haruto", T + FROM, "ACC-H2", "aiko", false), 0);
	assert_int_equal(handoff_build(&st, &cfg, "haruto", DAY_NONE, DAY_NONE, T, &h), 0);
	assert_false(find(&h, "ACC-H2")->reviewed);
	handoff_free(&h);
	assert_int_equal(handoff_mark_reviewed(&st, "haruto", T + FROM, "ACC-H2", "ken", true), 0);
	assert_int_equal(state_rebuild(&st), 0);
	assert_int_equal(handoff_build(&st, &cfg, "haruto", DAY_NONE, DAY_NONE, T, &h), 0);
	assert_true(find(&h, "ACC-H2")->reviewed);
	assert_string_equal(find(&h, "ACC-H2")->reviewer, "ken");
	handoff_free(&h);

	/* a local mark of an earlier release stays readable (and survives a
	 * rebuild); taking it back is an event like any other */
	assert_int_equal(store_exec(&st, "INSERT INTO handoff_review(owner, from_day, crm_id, reviewer,"
				   " reviewed_at) SELECT 'haruto', from_day, 'ACC-H1', 'sato', 1700000000"
				   " FROM handoff_review WHERE crm_id = 'ACC-H2'"), 0);
	assert_int_equal(state_rebuild(&st), 0);
	assert_int_equal(handoff_build(&st, &cfg, "haruto", DAY_NONE, DAY_NONE, T, &h), 0);
	assert_true(find(&h, "ACC-H1")->reviewed);
	assert_true(find(&h, "ACC-H1")->review_local);
	assert_string_equal(find(&h, "ACC-H1")->reviewer, "sato");
	assert_int_equal(find(&h, "ACC-H1")->reviewed_at, 1700000000);
	handoff_free(&h);
	assert_int_equal(handoff_mark_reviewed(&st, "haruto", T + FROM, "ACC-H1", "ken", false), 0);
	assert_int_equal(handoff_build(&st, &cfg, "haruto", DAY_NONE, DAY_NONE, T, &h), 0);
	assert_false(find(&h, "ACC-H1")->reviewed);
	handoff_free(&h);
}

/* ---- While you were out ---------------------------------------------------------- */

static const struct changes_account *cfind(const struct changes *c, const char *crm)
{
	for (size_t i = 0; i < c->n; i++)
		if (str_eq(c->accounts[i].crm_id, crm))
			return &c->accounts[i];
	return NULL;
}

static void test_changes(void **state)
{
	struct changes c;
	const struct changes_account *a;
	int since = T + FROM, back = T + UNTIL + 1;
	(void)state;

	/* while haruto is away: ken notes H1, aiko raises the risk, yuki moves
	 * the call, mei snoozes nothing but notes A1 (haruto is its sub owner);
	 * haruto's own note during the absence is not news to him. */
	note(since + 1, "ken", "ACC-H1", "call", 2, "while away", since + 1);
	free(ev(since + 2, "aiko", "risk.update", r_risk, "ACC-H1", "{\"severity\":\"high\"}"));
	char *d = xasprintf("{\"due_day\":\"%s\",\"reason\":\"customer asked\"}", D(T + 9));
	free(ev(since + 2, "yuki", "touch.reschedule", t_resched, "ACC-H1", d));
	free(d);
	note(since + 3, "mei", "ACC-A1", "email", 4, "echo news", since + 3);
	note(since + 3, "haruto", "ACC-H2", "chat", 3, "own note", since + 3);

	assert_int_equal(changes_build(&st, &cfg, "haruto", since, back, &c), 0);
	assert_int_equal(c.since, since);
	/* H1 (events), A1 (an event and a 10-point health drop); H2 only had
	 * haruto's own note and a 3-point change: not listed */
	assert_int_equal(c.n, 2);
	assert_null(cfind(&c, "ACC-H2"));
	a = cfind(&c, "ACC-H1");
	assert_non_null(a);
	assert_true(a->main);
	assert_int_equal(a->n_items, 3);
	/* in stamp order, each with its author and day */
	assert_string_equal(a->items[0].author, "ken");
	assert_string_equal(a->items[0].type, "note.add");
	assert_int_equal(a->items[0].kind, CHANGE_NOTE);
	assert_int_equal(a->items[0].day, since + 1);
	assert_int_equal(a->items[0].sentiment, 2);
	assert_string_equal(a->items[0].summary, "while away");
	assert_string_equal(a->items[1].author, "aiko");
	assert_string_equal(a->items[1].type, "risk.update");
	assert_int_equal(a->items[1].day, since + 2);
	assert_string_equal(a->items[1].old_severity, "medium");
	assert_string_equal(a->items[1].severity, "high");
	assert_non_null(strstr(a->items[1].what, "severity medium -> high"));
	assert_string_equal(a->items[2].author, "yuki");
	assert_string_equal(a->items[2].type, "touch.reschedule");
	assert_int_equal(a->items[2].old_due_day, T + 4);
	assert_int_equal(a->items[2].due_day, T + 9);
	assert_non_null(strstr(a->items[2].what, "customer asked"));
	/* H1's health did not move in the window (no new snapshot) */
	assert_false(a->health_changed);

	a = cfind(&c, "ACC-A1");
	assert_non_null(a);
	assert_false(a->main);
	assert_int_equal(a->n_items, 1);
	assert_string_equal(a->items[0].author, "mei");
	assert_string_equal(a->items[0].summary, "echo news");
	changes_free(&c);

	/* from before the absence: the earlier teammates' events too (aiko's
	 * risks on H1 from T-6), still none of haruto's own */
	assert_int_equal(changes_build(&st, &cfg, "haruto", T - 6, back, &c), 0);
	a = cfind(&c, "ACC-H1");
	assert_non_null(a);
	size_t opened = 0;
	for (size_t i = 0; i < a->n_items; i++) {
		assert_string_not_equal(a->items[i].author, "haruto");
		opened += str_eq(a->items[i].type, "risk.open");
	}
	assert_int_equal(opened, 2);
	changes_free(&c);

	/* health: A1 fell 70 -> 60 from T-14 to T: listed with both ends */
	assert_int_equal(changes_build(&st, &cfg, "haruto", T - 14, T, &c), 0);
	a = cfind(&c, "ACC-A1");
	assert_non_null(a);
	assert_true(a->health_changed);
	assert_true(a->then == 70 && a->now == 60);
	assert_int_equal(a->then_day, T - 14);
	assert_int_equal(a->now_day, T);
	/* H2: 80 -> 77 is under CHANGES_HEALTH_MIN */
	const struct changes_account *h2 = cfind(&c, "ACC-H2");
	assert_true(!h2 || !h2->health_changed);
	changes_free(&c);

	/* a day after today is refused */
	assert_int_equal(changes_build(&st, &cfg, "haruto", T + 1, T, &c), -1);
	changes_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_absence_lookup),
		cmocka_unit_test(test_no_absence_is_an_error),
		cmocka_unit_test(test_accounts_cover_and_order),
		cmocka_unit_test(test_health_trend),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_last_notes_and_sentiment),
		cmocka_unit_test(test_reviewed_marks),
		cmocka_unit_test(test_changes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
