/* test_log.c - the after-call capture: the events log_save writes, the
 * cadence it proposes, its checks, and all-or-nothing on failure. */
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
#include "csconsole/log.h"
#include "scratch.h"

static struct store st;
static struct config cfg;
static int today;

static char *q1(const char *sql)
{
	sqlite3_stmt *s;
	char *out;
	assert_int_equal(store_prepare(&st, sql, &s), 0);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return xstrdup("(none)");
	}
	out = xstrdup(sqlite3_column_type(s, 0) == SQLITE_NULL ? "NULL"
			: (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return out;
}

static void assert_q(const char *sql, const char *want)
{
	char *got = q1(sql);
	if (strcmp(got, want) != 0)
		fail_msg("%s: got \"%s\", want \"%s\"", sql, got, want);
	free(got);
}

static int setup(void **state)
{
	if (scratch_setup(state))
		return -1;
	setenv("CSCONSOLE_TODAY", "2026-11-23", 1);   /* events are stamped at its noon */
	scratch_store(&st, "log.db");
	config_defaults(&cfg);
	today = day_from_ymd(2026, 11, 23);
	return store_exec(&st, "INSERT INTO account(id, crm_id, name, touch_model, stage, main_owner)"
			  " VALUES (1, 'A1', 'Alpha', 'high', 'adoption', 'aiko'),"
			  " (2, 'A2', 'Beta', 'tech', 'adoption', 'aiko')");
}

static int teardown(void **state)
{
	store_close(&st);
	config_free(&cfg);
	return scratch_teardown(state);
}

static struct log_entry entry(const char *account)
{
	return (struct log_entry){ .account = account, .kind = "call", .sentiment = 2,
				   .summary = "Renewal call: budget frozen", .text = "Long\nnote",
				   .touch_day = today, .next_day = DAY_NONE };
}

static void schedule(const char *account, int due)
{
	char entity[64], iso[11];
	char id[ULID_SIZE];
	ulid_new(clock_now_ms(), id);
	str_format(entity, sizeof(entity), "touch/%s", id);
	day_format_iso(due, iso);
	json_object *data = json_object_new_object();
	json_object_object_add(data, "due_day", json_object_new_string(iso));
	json_object_object_add(data, "kind", json_object_new_string("call"));
	assert_int_equal(event_emit(&st, "ken", "touch.schedule", entity, account, NULL, data), 0);
}

static void test_cadence(void **state)
{
	(void)state;
	assert_int_equal(log_propose_next(&cfg, "high", today), today + cfg.cadence[TOUCH_HIGH]);
	assert_int_equal(log_propose_next(&cfg, "tech", today), today + cfg.cadence[TOUCH_TECH]);
	assert_int_equal(log_propose_next(&cfg, "unknown", today), today + 14);
}

static void test_checks(void **state)
{
	(void)state;
	struct log_entry e = entry("A1");
	assert_int_equal(log_check(&cfg, &e, today, NULL), 0);
	e.kind = "visit";
	enum log_bad bad;
	assert_int_equal(log_check(&cfg, &e, today, &bad), -1);
	assert_int_equal(bad, LOG_BAD_KIND);
	assert_string_equal(error_message(), "kind: \"visit\" is not one of call, meeting, email, chat, internal");
	e = entry("A1");
	e.sentiment = 6;
	assert_int_equal(log_check(&cfg, &e, today, NULL), -1);
	assert_string_equal(error_message(), "sentiment: 6 is not from 1 to 5 (or none)");
	e = entry("A1");
	e.summary = "  ";
	assert_int_equal(log_check(&cfg, &e, today, NULL), -1);
	assert_string_equal(error_message(), "summary: write one line about the touch");
	e = entry("A1");
	e.touch_day = today + 1;
	assert_int_equal(log_check(&cfg, &e, today, NULL), -1);
	assert_string_equal(error_message(), "date: the touch happened on or before today (2026-11-23)");
	e = entry("A1");
	e.next_day = today - 1;
	assert_int_equal(log_check(&cfg, &e, today, &bad), -1);
	assert_int_equal(bad, LOG_BAD_NEXT);
	assert_string_equal(error_message(), "next touchpoint: a day from today (2026-11-23) on");
	e = entry("A1");
	e.risk_category = "weather";
	e.risk_severity = "high";
	assert_int_equal(log_check(&cfg, &e, today, NULL), -1);
	assert_non_null(strstr(error_message(), "risk: \"weather\" is not a category of risk_categories: "));
	e.risk_category = "budget";
	e.risk_severity = "severe";
	assert_int_equal(log_check(&cfg, &e, today, NULL), -1);
	assert_string_equal(error_message(), "severity: \"severe\" is not one of low, medium, high");
}

/* A touch on A1 with one overdue and one future touchpoint: the overdue one
 * is done, the future one moves to the next day asked; a risk is opened. */
static void test_save(void **state)
{
	(void)state;
	struct log_result r;
	struct log_entry e = entry("A1");
	schedule("A1", today - 3);
	schedule("A1", today + 5);
	e.next_day = today + 14;
	e.risk_category = "budget";
	e.risk_severity = "high";
	assert_int_equal(log_save(&st, &cfg, "aiko", today, &e, &r), 0);
	assert_int_equal(r.closed, 1);
	assert_true(r.touch_moved);
	assert_q("SELECT author || '|' || kind || '|' || sentiment || '|' || summary || '|' || text"
		 " FROM note WHERE account = 'A1'", "aiko|call|2|Renewal call: budget frozen|Long\nnote");
	assert_q("SELECT group_concat(status || ':' || (due_day - 20780), ',') FROM"
		 " (SELECT * FROM touchpoint WHERE account = 'A1' ORDER BY due_day)", "done:-3,open:14");
	assert_q("SELECT category || '|' || severity || '|' || status FROM risk WHERE account = 'A1'",
		 "budget|high|open");
	char sql[160];
	str_format(sql, sizeof(sql), "SELECT count(*) FROM touchpoint WHERE id = '%s' AND due_day = %d",
		   r.touch_id, today + 14);
	assert_q(sql, "1");
	/* every event is own and waits for the next sync */
	assert_q("SELECT count(*) FROM event WHERE own AND NOT published AND author = 'aiko'", "4");
}

/* No open touchpoint: a new one is scheduled with the kind asked. */
static void test_save_new_touch(void **state)
{
	(void)state;
	struct log_result r;
	struct log_entry e = entry("A2");
	e.next_day = log_propose_next(&cfg, "tech", today);
	e.next_kind = "qbr";
	assert_int_equal(log_save(&st, &cfg, "aiko", today, &e, &r), 0);
	assert_false(r.touch_moved);
	assert_int_equal(r.closed, 0);
	assert_q("SELECT kind || ':' || (due_day - 20780) || ':' || status FROM touchpoint WHERE account = 'A2'",
		 "qbr:90:open");
}

/* A failure halfway (the risk cannot be stored) leaves nothing written. */
static void test_all_or_nothing(void **state)
{
	(void)state;
	struct log_result r;
	struct log_entry e = entry("A2");
	char *before = q1("SELECT count(*) FROM event");
	assert_int_equal(store_exec(&st, "CREATE TEMP TRIGGER no_risk BEFORE INSERT ON risk"
				    " BEGIN SELECT RAISE(ABORT, 'disk full'); END"), 0);
	e.summary = "Second call";
	e.risk_category = "competitor";
	e.risk_severity = "medium";
	assert_int_equal(log_save(&st, &cfg, "aiko", today, &e, &r), -1);
	assert_q("SELECT count(*) FROM note WHERE summary = 'Second call'", "0");
	char *after = q1("SELECT count(*) FROM event");
	assert_string_equal(after, before);
	assert_string_equal(r.note_id, "");
	free(before);
	free(after);
	assert_int_equal(store_exec(&st, "DROP TRIGGER no_risk"), 0);
	/* an unknown account and no handle are refused before anything */
	e = entry("A9");
	assert_int_equal(log_save(&st, &cfg, "aiko", today, &e, &r), -1);
	assert_string_equal(error_message(), "account: no account A9 in this database: run csconsole sync");
	e = entry("A1");
	assert_int_equal(log_save(&st, &cfg, "", today, &e, &r), -1);
}

/* The agenda's acts on one touchpoint: done, snooze (a later day and a
 * reason), move; an unknown or done one is refused. */
static void test_touch_acts(void **state)
{
	(void)state;
	char id[64];
	schedule("A2", today);
	char *t = q1("SELECT id FROM touchpoint WHERE account = 'A2' AND status = 'open' AND due_day = 20780");
	str_copy(id, sizeof(id), t);
	free(t);
	assert_int_equal(touch_snooze(&st, "aiko", id, today, today, "later"), -1);
	assert_string_equal(error_message(), "until: a day after today (2026-11-23)");
	assert_int_equal(touch_snooze(&st, "aiko", id, today, today + 3, " "), -1);
	assert_string_equal(error_message(), "reason: say why it waits (the team sees it)");
	assert_int_equal(touch_snooze(&st, "aiko", id, today, today + 3, "on holiday"), 0);
	char sql[200];
	str_format(sql, sizeof(sql), "SELECT status || '|' || reason FROM touchpoint WHERE id = '%s'", id);
	assert_q(sql, "snoozed|on holiday");
	assert_int_equal(touch_reschedule(&st, "aiko", id, today, today - 1, NULL), -1);
	assert_string_equal(error_message(), "due: a day from today (2026-11-23) on");
	assert_int_equal(touch_reschedule(&st, "aiko", id, today, today + 7, NULL), 0);
	str_format(sql, sizeof(sql), "SELECT due_day - 20780 FROM touchpoint WHERE id = '%s'", id);
	assert_q(sql, "7");
	assert_int_equal(touch_done(&st, "aiko", id, today, "Met"), 0);
	str_format(sql, sizeof(sql), "SELECT status || '|' || note FROM touchpoint WHERE id = '%s'", id);
	assert_q(sql, "done|Met");
	assert_int_equal(touch_done(&st, "aiko", id, today, NULL), -1);
	assert_string_equal(error_message(), "the touchpoint is already done");
	assert_int_equal(touch_done(&st, "aiko", "touch/01NOSUCHTOUCHPOINT0000000", today, NULL), -1);
	assert_string_equal(error_message(), "no touchpoint 01NOSUCHTOUCHPOINT0000000 here: run csconsole sync");
}

/* Own notes change (every field) or go (a tombstone); a teammate's do not. */
static void test_note_edit_delete(void **state)
{
	(void)state;
	struct log_result r;
	struct log_entry e = entry("A2");
	e.summary = "Draft";
	assert_int_equal(log_save(&st, &cfg, "aiko", today, &e, &r), 0);
	e.kind = "email";
	e.sentiment = 0;
	e.summary = "Final";
	e.text = NULL;
	e.touch_day = today - 1;
	assert_int_equal(note_update(&st, &cfg, "ken", today, r.note_id, &e), -1);
	assert_string_equal(error_message(),
			    "the note is aiko's: only its author changes a note (teammates' notes are read-only)");
	assert_int_equal(note_update(&st, &cfg, "aiko", today, r.note_id, &e), 0);
	char sql[200];
	str_format(sql, sizeof(sql), "SELECT kind || '|' || coalesce(sentiment, '-') || '|' || summary || '|'"
		   " || coalesce(text, '-') || '|' || (touch_day - 20780) FROM note WHERE id = '%s'", r.note_id);
	assert_q(sql, "email|-|Final|-|-1");
	assert_int_equal(note_remove(&st, "ken", r.note_id), -1);
	assert_int_equal(note_remove(&st, "aiko", r.note_id), 0);
	str_format(sql, sizeof(sql), "SELECT deleted FROM note WHERE id = '%s'", r.note_id);
	assert_q(sql, "1");
	assert_int_equal(note_remove(&st, "aiko", r.note_id), -1);
	assert_string_equal(error_message(), "the note was deleted");
}

/* An edit carries only what changed: a summary left as it was is not
 * written again (it would republish it and compete with a teammate's edit
 * for nothing), and an edit that changes nothing writes nothing. */
static void test_note_edit_only_changes(void **state)
{
	(void)state;
	struct log_result r;
	struct log_entry e = entry("A2");
	/* 329 bytes: longer than the console's old 255-byte field. */
	char summary[400];
	str_copy(summary, sizeof(summary), "");
	while (strlen(summary) < 320)
		str_format(summary + strlen(summary), sizeof(summary) - strlen(summary), "%s", "要約を書く。");
	e.summary = summary;
	if (log_save(&st, &cfg, "aiko", today, &e, &r))
		fail_msg("log_save: %s", error_message());
	e.sentiment = 4;
	assert_int_equal(note_update(&st, &cfg, "aiko", today, r.note_id, &e), 0);
	char sql[1024];
	str_format(sql, sizeof(sql), "SELECT data FROM event WHERE entity = 'note/%s' AND type = 'note.edit'",
		   r.note_id);
	char *data = q1(sql);
	assert_non_null(data);
	assert_null(strstr(data, "summary"));
	assert_null(strstr(data, "\"kind\""));
	assert_non_null(strstr(data, "\"sentiment\":4"));
	free(data);
	str_format(sql, sizeof(sql), "SELECT summary = '%s' AND sentiment = 4 FROM note WHERE id = '%s'",
		   summary, r.note_id);
	assert_q(sql, "1");
	/* The same again: nothing to write. */
	assert_int_equal(note_update(&st, &cfg, "aiko", today, r.note_id, &e), -1);
	assert_non_null(strstr(error_message(), "nothing changed"));
	str_format(sql, sizeof(sql), "SELECT count(*) FROM event WHERE entity = 'note/%s'", r.note_id);
	assert_q(sql, "2");
}

/* Risks: anyone changes or resolves them; the history lists every event. */
static void test_risks(void **state)
{
	(void)state;
	struct log_result r;
	struct log_entry e = entry("A1");
	struct strlist h = { 0 };
	e.summary = "Budget cut announced";
	e.risk_category = "budget";
	e.risk_severity = "medium";
	assert_int_equal(log_save(&st, &cfg, "aiko", today, &e, &r), 0);
	assert_int_equal(risk_change(&st, &cfg, "ken", r.risk_id, NULL, "severe", NULL, NULL), -1);
	assert_string_equal(error_message(), "severity: \"severe\" is not one of low, medium, high");
	assert_int_equal(risk_change(&st, &cfg, "ken", r.risk_id, NULL, NULL, NULL, NULL), -1);
	assert_string_equal(error_message(), "nothing to change");
	assert_int_equal(risk_change(&st, &cfg, "ken", r.risk_id, NULL, NULL, NULL, "Ken!"), -1);
	assert_string_equal(error_message(), "owner: \"Ken!\" is not a CSM handle (a-z, 0-9, '.', '_', '-')");
	char sql[200];
	str_format(sql, sizeof(sql), "SELECT category || '|' || severity || '|' || status || '|' ||"
		   " coalesce(owner, '-') FROM risk WHERE id = '%s'", r.risk_id);
	assert_q(sql, "budget|medium|open|-");       /* no owner yet: its author's */
	assert_int_equal(risk_change(&st, &cfg, "ken", r.risk_id, "competitor", "high", NULL, "ken"), 0);
	assert_q(sql, "competitor|high|open|ken");
	assert_int_equal(risk_resolve(&st, "aiko", r.risk_id, today, "Budget restored"), 0);
	assert_q(sql, "competitor|high|resolved|ken");
	assert_int_equal(risk_resolve(&st, "aiko", r.risk_id, today, NULL), -1);
	assert_string_equal(error_message(), "the risk is already resolved");
	assert_int_equal(risk_change(&st, &cfg, "aiko", r.risk_id, NULL, "low", NULL, NULL), -1);
	assert_int_equal(risk_history(&st, r.risk_id, &h), 0);
	/* the closing note is an entry of its own; the risk's text stays */
	assert_int_equal(h.len, 4);
	assert_string_equal(h.items[0], "2026-11-23  aiko  opened: severity medium; category budget; text Budget cut announced");
	assert_string_equal(h.items[1], "2026-11-23  ken  changed: severity high; category competitor; owner ken");
	assert_string_equal(h.items[2], "2026-11-23  aiko  resolved");
	assert_string_equal(h.items[3], "2026-11-23  aiko  closing note: Budget restored");
	str_format(sql, sizeof(sql), "SELECT text || '|' || coalesce(resolve_note, '-') FROM risk WHERE id = '%s'",
		   r.risk_id);
	assert_q(sql, "Budget cut announced|Budget restored");
	strlist_clear(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cadence),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_save),
		cmocka_unit_test(test_save_new_touch),
		cmocka_unit_test(test_all_or_nothing),
		cmocka_unit_test(test_touch_acts),
		cmocka_unit_test(test_note_edit_delete),
		cmocka_unit_test(test_note_edit_only_changes),
		cmocka_unit_test(test_risks),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
