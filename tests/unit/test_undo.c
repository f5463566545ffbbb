/* test_undo.c - the undo list: each kind of action is recorded with its
 * compensation and undone by a compensating event; one transaction is one
 * action; an entity changed since is refused; the list survives a reopen. */
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
#include "csconsole/log.h"
#include "csconsole/undo.h"
#include "scratch.h"

static struct store st;
static struct config cfg;
static int today;

static void assert_q(const char *sql, const char *want)
{
	scratch_assert_q(&st, sql, want);
}

static int setup(void **state)
{
	if (scratch_setup(state))
		return -1;
	setenv("CSCONSOLE_TODAY", "2026-11-23", 1);
	scratch_store(&st, "undo.db");
	config_defaults(&cfg);
	today = day_from_ymd(2026, 11, 23);
	return store_exec(&st, "INSERT INTO account(id, crm_id, name, touch_model, stage, main_owner)"
			  " VALUES (1, 'A1', 'Alpha', 'high', 'adoption', 'aiko')");
}

static int teardown(void **state)
{
	store_close(&st);
	config_free(&cfg);
	return scratch_teardown(state);
}

/* A touchpoint on A1 scheduled by a teammate (ken): its id. */
static void ken_schedules(int due, const char *note, char *id, size_t size)
{
	assert_int_equal(touch_schedule(&st, "ken", "A1", today, due, "qbr", note, id, size), 0);
}

static void touch_row(const char *id, const char *want)
{
	char sql[256];
	str_format(sql, sizeof(sql), "SELECT status || '|' || (due_day - %d) || '|' || coalesce(note, '-') || '|' || "
		   "coalesce(reason, '-') FROM touchpoint WHERE id = '%s'", today, id);
	assert_q(sql, want);
}

static void undo_says(const char *want)
{
	char what[512];
	if (undo_last(&st, "aiko", what, sizeof(what)) != 1)
		fail_msg("undo_last: %s", error_message());
	assert_string_equal(what, want);
}

static void test_note_logged(void **state)
{
	(void)state;
	char what[512];
	struct log_result r;
	struct log_entry e = { .account = "A1", .kind = "call", .sentiment = 2, .summary = "Budget frozen",
			       .touch_day = today, .next_day = DAY_NONE };

	assert_int_equal(undo_last(&st, "aiko", what, sizeof(what)), 0);
	assert_int_equal(log_save(&st, &cfg, "aiko", today, &e, &r), 0);
	assert_int_equal(undo_peek(&st, "aiko", what, sizeof(what)), 1);
	assert_string_equal(what, "log of note 'Budget frozen' on Alpha");
	/* another CSM's list is not mine */
	assert_int_equal(undo_peek(&st, "ken", what, sizeof(what)), 0);
	undo_says("log of note 'Budget frozen' on Alpha");
	assert_q("SELECT deleted FROM note", "1");
	/* the compensation is an event like any other, to be published */
	assert_q("SELECT type || '|' || author || '|' || published FROM event ORDER BY seq DESC LIMIT 1",
		 "note.delete|aiko|0");
	assert_int_equal(undo_last(&st, "aiko", what, sizeof(what)), 0);
}

static void test_done_snooze_move(void **state)
{
	(void)state;
	char id[32];
	ken_schedules(today, "QBR", id, sizeof(id));
	assert_int_equal(touch_done(&st, "aiko", id, today, "Met the CFO"), 0);
	touch_row(id, "done|0|Met the CFO|-");
	undo_says("done of 'QBR' on Alpha");
	touch_row(id, "open|0|QBR|-");

	assert_int_equal(touch_snooze(&st, "aiko", id, today, today + 3, "on holiday"), 0);
	touch_row(id, "snoozed|3|QBR|on holiday");
	assert_int_equal(touch_reschedule(&st, "aiko", id, today, today + 7, NULL), 0);
	touch_row(id, "open|7|QBR|-");
	/* the move first, then the snooze before it: the first undo leaves the
	 * touchpoint as the snooze left it, so the second may go on */
	undo_says("move of 'QBR' on Alpha");
	touch_row(id, "snoozed|3|QBR|on holiday");
	undo_says("snooze of 'QBR' on Alpha");
	touch_row(id, "open|0|QBR|-");
	assert_q("SELECT count(*) FROM event WHERE type = 'touch.restore'", "3");
}

static void test_schedule(void **state)
{
	(void)state;
	char id[32], sql[128];
	assert_int_equal(touch_schedule(&st, "aiko", "A1", today, today + 5, NULL, "renewal prep", id, sizeof(id)), 0);
	touch_row(id, "open|5|renewal prep|-");
	undo_says("scheduling of 'renewal prep' on Alpha");
	str_format(sql, sizeof(sql), "SELECT count(*) FROM touchpoint WHERE id = '%s'", id);
	assert_q(sql, "0");
	/* a rebuild from the events alone agrees */
	assert_int_equal(state_rebuild(&st), 0);
	assert_q(sql, "0");
	/* a restore with a status it does not know is refused */
	json_object *data = json_object_new_object();
	json_object_object_add(data, "status", json_object_new_string("done"));
	json_object_object_add(data, "due_day", json_object_new_string("2026-11-30"));
	char entity[64];
	str_format(entity, sizeof(entity), "touch/%s", id);
	assert_int_equal(event_emit(&st, "aiko", "touch.restore", entity, "A1", NULL, data), -1);
	assert_non_null(strstr(error_message(), "data.status: \"done\" is not allowed (allowed: open, snoozed, cancelled)"));
}

static void test_note_edit_delete(void **state)
{
	(void)state;
	struct log_result r;
	struct log_entry e = { .account = "A1", .kind = "call", .sentiment = 2, .summary = "First words",
			       .text = "body", .touch_day = today, .next_day = DAY_NONE };
	assert_int_equal(log_save(&st, &cfg, "aiko", today, &e, &r), 0);
	e.summary = "Second words";
	e.sentiment = 3;
	assert_int_equal(note_update(&st, &cfg, "aiko", today, r.note_id, &e), 0);
	assert_q("SELECT summary || '|' || sentiment FROM note", "Second words|3");
	undo_says("edit of note 'First words' on Alpha");
	assert_q("SELECT summary || '|' || sentiment || '|' || text FROM note", "First words|2|body");

	assert_int_equal(note_remove(&st, "aiko", r.note_id), 0);
	assert_q("SELECT count(*) FROM note WHERE deleted = 0", "0");
	undo_says("delete of note 'First words' on Alpha");
	/* back as a new note with the same fields */
	assert_q("SELECT summary || '|' || sentiment || '|' || text || '|' || kind FROM note WHERE deleted = 0",
		 "First words|2|body|call");
}

/* A log form's events (the note, the touchpoint it closes) are one action. */
static void test_one_action(void **state)
{
	(void)state;
	char id[32], what[512];
	struct log_result r;
	struct log_entry e = { .account = "A1", .kind = "call", .summary = "Call", .touch_day = today,
			       .next_day = DAY_NONE };
	ken_schedules(today, "QBR", id, sizeof(id));
	assert_int_equal(log_save(&st, &cfg, "aiko", today, &e, &r), 0);
	assert_int_equal(r.closed, 1);
	touch_row(id, "done|0|Call|-");
	assert_int_equal(undo_peek(&st, "aiko", what, sizeof(what)), 1);
	assert_string_equal(what, "log of note 'Call' on Alpha (and 1 more change)");
	undo_says("log of note 'Call' on Alpha (and 1 more change)");
	touch_row(id, "open|0|QBR|-");
	assert_q("SELECT count(*) FROM note WHERE deleted = 0", "0");
}

/* An entity written since (here by ken) is not undone blindly; the next
 * undo takes the action before. */
static void test_changed_since(void **state)
{
	(void)state;
	char id[32], what[512];
	struct log_result r;
	struct log_entry e = { .account = "A1", .kind = "call", .summary = "Kickoff", .touch_day = today,
			       .next_day = DAY_NONE };
	ken_schedules(today + 2, "QBR", id, sizeof(id));
	assert_int_equal(log_save(&st, &cfg, "aiko", today, &e, &r), 0);
	assert_int_equal(touch_snooze(&st, "aiko", id, today, today + 4, "waiting"), 0);
	assert_int_equal(touch_reschedule(&st, "ken", id, today, today + 9, "customer asked"), 0);
	assert_int_equal(undo_last(&st, "aiko", what, sizeof(what)), -1);
	assert_string_equal(error_message(), "not undone: snooze of 'QBR' on Alpha was changed since by ken "
			    "(touch.reschedule); change it by hand (the next undo takes the action before)");
	touch_row(id, "open|9|QBR|customer asked");
	undo_says("log of note 'Kickoff' on Alpha");
	touch_row(id, "open|9|QBR|customer asked");
}

static void test_risks(void **state)
{
	(void)state;
	char id[32], sql[160];
	assert_int_equal(risk_open(&st, &cfg, "aiko", "A1", today, "budget", "high", "Budget cut", id, sizeof(id)), 0);
	str_format(sql, sizeof(sql), "SELECT status || '|' || severity || '|' || text FROM risk WHERE id = '%s'", id);
	assert_q(sql, "open|high|Budget cut");
	undo_says("opening of risk 'Budget cut' on Alpha");
	assert_q(sql, "resolved|high|Budget cut");

	assert_int_equal(risk_open(&st, &cfg, "aiko", "A1", today, "competitor", "low", "Looking at X", id, sizeof(id)), 0);
	str_format(sql, sizeof(sql), "SELECT status || '|' || severity || '|' || text FROM risk WHERE id = '%s'", id);
	assert_int_equal(risk_change(&st, &cfg, "aiko", id, NULL, "medium", NULL, NULL), 0);
	assert_int_equal(risk_resolve(&st, "aiko", id, today, "They stayed"), 0);
	assert_q(sql, "resolved|medium|Looking at X");       /* the closing note is kept apart */
	str_format(sql, sizeof(sql), "SELECT resolve_note FROM risk WHERE id = '%s'", id);
	assert_q(sql, "They stayed");
	str_format(sql, sizeof(sql), "SELECT status || '|' || severity || '|' || text FROM risk WHERE id = '%s'", id);
	undo_says("resolve of risk 'Looking at X' on Alpha");
	assert_q(sql, "open|medium|Looking at X");
	undo_says("change of risk 'Looking at X' on Alpha");
	assert_q(sql, "open|low|Looking at X");
}

/* The list is in the database: it survives closing and opening it. */
static void test_survives_reopen(void **state)
{
	(void)state;
	char id[32];
	ken_schedules(today, "QBR", id, sizeof(id));
	assert_int_equal(touch_done(&st, "aiko", id, today, NULL), 0);
	store_close(&st);
	scratch_store(&st, "undo.db");
	undo_says("done of 'QBR' on Alpha");
	touch_row(id, "open|0|QBR|-");
}

/* A teammate's undo reads as one in "while you were out" (handoff.c). */
static void test_teammates_see_it(void **state)
{
	(void)state;
	char id[32], what[512];
	struct changes ch;
	const struct change *restore = NULL;
	ken_schedules(today + 2, "QBR", id, sizeof(id));
	assert_int_equal(touch_snooze(&st, "ken", id, today, today + 5, "away"), 0);
	assert_int_equal(undo_last(&st, "ken", what, sizeof(what)), 1);
	assert_string_equal(what, "snooze of 'QBR' on Alpha");
	assert_int_equal(changes_build(&st, &cfg, "aiko", today, today, &ch), 0);
	assert_int_equal(ch.n, 1);
	for (size_t i = 0; i < ch.accounts[0].n_items; i++)
		if (str_eq(ch.accounts[0].items[i].type, "touch.restore"))
			restore = &ch.accounts[0].items[i];
	assert_non_null(restore);
	assert_string_equal(restore->author, "ken");
	assert_string_equal(restore->what, "undid a change of qbr: open, due 2026-11-25");
	changes_free(&ch);
	assert_int_equal(undo_last(&st, "ken", what, sizeof(what)), 1);
	assert_int_equal(changes_build(&st, &cfg, "aiko", today, today, &ch), 0);
	restore = &ch.accounts[0].items[ch.accounts[0].n_items - 1];
	assert_string_equal(restore->what, "undid the scheduling of qbr (due 2026-11-25)");
	changes_free(&ch);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_note_logged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_done_snooze_move, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schedule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_note_edit_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_action, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_since, setup, teardown),
		cmocka_unit_test_setup_teardown(test_risks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_survives_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_teammates_see_it, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
