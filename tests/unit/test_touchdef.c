/* test_touchdef.c - the one definition of a touch (touchdef.h): which notes
 * and done touchpoints count, and one fixture read by every consumer (the
 * portfolio's cached last touch, the agenda's renewal rule, the handoff
 * brief, the engagement component of health), which must agree. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/agenda.h"
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/handoff.h"
#include "csconsole/healthcalc.h"
#include "csconsole/log.h"
#include "csconsole/touchdef.h"
#include "scratch.h"

static struct store st;
static struct config cfg;
static int T;          /* today: 2026-11-23 */

static int setup(void **state)
{
	setlocale(LC_ALL, "C.UTF-8");
	if (scratch_setup(state))
		return -1;
	setenv("CSCONSOLE_TODAY", "2026-11-23", 1);
	unsetenv("CSCONSOLE_NOW");
	T = day_from_ymd(2026, 11, 23);
	config_defaults(&cfg);
	scratch_store(&st, "touch.db");
	return 0;
}

static int teardown(void **state)
{
	store_close(&st);
	config_free(&cfg);
	return scratch_teardown(state);
}

static void account(const char *crm, const char *main_owner, int renewal)
{
	char *sql = xasprintf("INSERT INTO account(crm_id, name, touch_model, stage, main_owner, sub_owner,"
			      " renewal_day) VALUES ('%s', 'Name %s', 'high', 'adoption', '%s', 'ken', %d)",
			      crm, crm, main_owner, renewal);
	assert_int_equal(store_exec(&st, sql), 0);
	free(sql);
}

static void iso(int day, char out[11])
{
	day_format_iso(day, out);
}

static void note(const char *crm, const char *kind, int day)
{
	char e[40], u[ULID_SIZE], d[11];
	ulid_new(clock_now_ms(), u);
	str_format(e, sizeof(e), "note/%s", u);
	iso(day, d);
	json_object *data = json_object_new_object();
	json_object_object_add(data, "kind", json_object_new_string(kind));
	json_object_object_add(data, "summary", json_object_new_string("talked"));
	json_object_object_add(data, "touch_day", json_object_new_string(d));
	if (event_emit(&st, "aiko", "note.add", e, crm, NULL, data))
		fail_msg("note.add: %s", error_message());
}

/* A touchpoint of kind (NULL: none) due on due, done on done with note (NULL: none). */
static void done_touch(const char *crm, const char *kind, int due, int done, const char *note_text)
{
	char e[40], u[ULID_SIZE], d[11];
	ulid_new(clock_now_ms(), u);
	str_format(e, sizeof(e), "touch/%s", u);
	iso(due, d);
	json_object *data = json_object_new_object();
	json_object_object_add(data, "due_day", json_object_new_string(d));
	if (kind)
		json_object_object_add(data, "kind", json_object_new_string(kind));
	if (event_emit(&st, "aiko", "touch.schedule", e, crm, NULL, data))
		fail_msg("touch.schedule: %s", error_message());
	if (touch_done(&st, "ben", e, done, note_text))
		fail_msg("touch_done: %s", error_message());
}

static int last(const char *crm)
{
	struct touch t;
	assert_int_equal(touch_last(&st, crm, T, &t), 0);
	int day = t.day;
	touch_clear(&t);
	return day;
}

/* Which notes and done touchpoints count, one account each. */
static void test_what_counts(void **state)
{
	(void)state;
	const char *crm[] = { "A-INT", "A-NOTE", "A-DONE-NOTE", "A-DONE-CALL", "A-DONE-BARE", "A-DONE-INT",
			      "A-DONE-INT-NOTE" };
	for (size_t i = 0; i < ARRAY_SIZE(crm); i++)
		account(crm[i], "aiko", T + 200);

	note("A-INT", "internal", T - 1);                        /* internal: no touch */
	assert_int_equal(last("A-INT"), DAY_NONE);
	note("A-NOTE", "email", T - 4);
	assert_int_equal(last("A-NOTE"), T - 4);
	done_touch("A-DONE-NOTE", NULL, T - 9, T - 2, "met the new sponsor");   /* done with a note */
	assert_int_equal(last("A-DONE-NOTE"), T - 2);
	done_touch("A-DONE-CALL", "call", T - 9, T - 3, NULL);  /* a call done: a contact */
	assert_int_equal(last("A-DONE-CALL"), T - 3);
	done_touch("A-DONE-BARE", NULL, T - 9, T - 3, NULL);    /* no kind, no note: says nothing */
	assert_int_equal(last("A-DONE-BARE"), DAY_NONE);
	done_touch("A-DONE-INT", "internal", T - 9, T - 3, NULL);
	assert_int_equal(last("A-DONE-INT"), DAY_NONE);
	done_touch("A-DONE-INT-NOTE", "internal", T - 9, T - 3, "prepared the QBR");
	assert_int_equal(last("A-DONE-INT-NOTE"), DAY_NONE);

	/* the latest wins; on or before the day asked */
	note("A-DONE-NOTE", "call", T - 5);
	assert_int_equal(last("A-DONE-NOTE"), T - 2);
	struct touch t;
	assert_int_equal(touch_last(&st, "A-DONE-NOTE", T - 3, &t), 0);
	assert_int_equal(t.day, T - 5);
	assert_string_equal(t.source, "note");
	assert_string_equal(t.kind, "call");
	touch_clear(&t);
	assert_int_equal(touch_last(&st, "A-DONE-NOTE", DAY_NONE, &t), 0);
	assert_int_equal(t.day, T - 2);
	assert_string_equal(t.source, "done");
	assert_string_equal(t.author, "ben");         /* who marked it done, not who scheduled it */
	assert_string_equal(t.what, "met the new sponsor");
	touch_clear(&t);
}

/* One fixture, every consumer: a touchpoint done with a note yesterday is
 * the last touch; an internal note today and a customer note 40 days ago
 * are not the last touch. The account renews in 20 days (window 30). */
static void test_consumers_agree(void **state)
{
	(void)state;
	account("K-1", "haruto", T + 20);
	note("K-1", "call", T - 40);
	done_touch("K-1", "call", T - 3, T - 1, "spoke to the CFO about the renewal");
	note("K-1", "internal", T);
	/* a second account with only an internal note: nothing counts */
	account("K-2", "haruto", T + 20);
	note("K-2", "internal", T - 1);

	/* the portfolio's cached last touch */
	sqlite3_stmt *s;
	assert_int_equal(store_prepare(&st, "SELECT touch_day FROM account_summary WHERE crm_id = 'K-1'", &s), 0);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), T - 1);
	sqlite3_finalize(s);
	assert_int_equal(store_prepare(&st, "SELECT touch_day IS NULL FROM account_summary WHERE crm_id = 'K-2'", &s), 0);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 1);
	sqlite3_finalize(s);

	/* the agenda: touched inside the window, so no renewal item for K-1; K-2 has none */
	struct agenda a;
	assert_int_equal(agenda_build(&st, &cfg, "haruto", T, 0, &a), 0);
	const struct agenda_item *k1 = NULL, *k2 = NULL;
	for (size_t i = 0; i < a.len; i++)
		if (a.items[i].group == AGENDA_RENEWAL) {
			if (str_eq(a.items[i].crm_id, "K-1"))
				k1 = &a.items[i];
			if (str_eq(a.items[i].crm_id, "K-2"))
				k2 = &a.items[i];
		}
	assert_null(k1);
	assert_non_null(k2);
	assert_non_null(strstr(k2->reason, "no touch logged"));
	agenda_free(&a);

	/* the handoff brief */
	struct handoff h;
	assert_int_equal(handoff_build(&st, &cfg, "haruto", T + 1, T + 5, T, &h), 0);
	const struct handoff_account *b1 = NULL, *b2 = NULL;
	for (size_t i = 0; i < h.n; i++) {
		if (str_eq(h.accounts[i].d.crm_id, "K-1"))
			b1 = &h.accounts[i];
		if (str_eq(h.accounts[i].d.crm_id, "K-2"))
			b2 = &h.accounts[i];
	}
	assert_non_null(b1);
	assert_non_null(b2);
	assert_int_equal(b1->d.last_touch.day, T - 1);
	assert_string_equal(b1->d.last_touch.source, "done");
	char what[64];
	handoff_touch_kind(&b1->d.last_touch, what, sizeof(what));
	assert_string_equal(what, "call (touchpoint done)");
	assert_int_equal(b2->d.last_touch.day, DAY_NONE);
	handoff_free(&h);

	/* the engagement component: 1 day against the high-touch cadence */
	sqlite3_int64 id;
	assert_int_equal(store_prepare(&st, "SELECT id FROM account WHERE crm_id = 'K-1'", &s), 0);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	struct health_facts f;
	struct health_input in;
	struct health_texts tx;
	assert_int_equal(health_facts_load(&st, &cfg, NULL, id, &f), 0);
	health_facts_inputs(&f, T, &in, &tx);
	assert_true(in.has[HC_ENGAGEMENT]);
	assert_true(fabs(in.raw[HC_ENGAGEMENT] - 1.0 / cfg.cadence[TOUCH_HIGH]) < 1e-9);
	char want[96];
	str_format(want, sizeof(want), "last touch 1 day ago, cadence %d", cfg.cadence[TOUCH_HIGH]);
	assert_string_equal(tx.text[HC_ENGAGEMENT], want);
	health_facts_free(&f);
	assert_int_equal(health_facts_load(&st, &cfg, NULL, id + 1, &f), 0);
	health_facts_inputs(&f, T, &in, &tx);
	assert_false(in.has[HC_ENGAGEMENT]);
	assert_string_equal(tx.text[HC_ENGAGEMENT], "no touch yet");
	health_facts_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_what_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_consumers_agree, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
