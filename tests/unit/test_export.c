/* test_export.c - the activity export (export.h): which rows a query
 * selects (mine or the team's, from a day on, not yet exported), the mark
 * (a second export is empty; per target; --all again), and the cells of
 * each target: Salesforce Task fields, HubSpot note columns, csconsole's
 * own, sanitized and cut to the CRM's lengths. */
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
#include "csconsole/export.h"
#include "scratch.h"

static struct store st;
static int seq;

/* A new entity id "kind/<ulid>" (distinct: a counter in the random part). */
static char *new_entity(const char *kind)
{
	char id[ULID_SIZE];
	ulid_new(clock_now_ms(), id);
	snprintf(id + 16, sizeof(id) - 16, "%010u", (unsigned)++seq % 1000000000u);
	return xasprintf("%s/%s", kind, id);
}

static void emit(const char *author, const char *type, const char *entity, const char *account,
		 json_object *data)
{
	if (event_emit(&st, author, type, entity, account, NULL, data))
		fail_msg("%s %s: %s", type, entity, error_message());
}

static json_object *obj(const char *k1, const char *v1, const char *k2, const char *v2, const char *k3,
			const char *v3)
{
	json_object *o = json_object_new_object();
	if (k1)
		json_object_object_add(o, k1, json_object_new_string(v1));
	if (k2)
		json_object_object_add(o, k2, json_object_new_string(v2));
	if (k3)
		json_object_object_add(o, k3, json_object_new_string(v3));
	return o;
}

static char *note(const char *author, const char *account, const char *day, const char *kind,
		  const char *summary, const char *text)
{
	char *e = new_entity("note");
	json_object *d = obj("kind", kind, "summary", summary, "touch_day", day);
	if (text)
		json_object_object_add(d, "text", json_object_new_string(text));
	json_object_object_add(d, "sentiment", json_object_new_int(4));
	emit(author, "note.add", e, account, d);
	return e;
}

static char *touch_done(const char *author, const char *account, const char *due, const char *done,
			const char *kind, const char *what)
{
	char *e = new_entity("touch");
	emit(author, "touch.schedule", e, account, obj("due_day", due, "kind", kind, NULL, NULL));
	emit(author, "touch.done", e, account, obj("done_day", done, what ? "note" : NULL, what, NULL, NULL));
	return e;
}

static char *risk(const char *author, const char *account, const char *day, const char *severity,
		  const char *text)
{
	char *e = new_entity("risk");
	json_object *d = obj("category", "budget", "severity", severity, "text", text);
	json_object_object_add(d, "opened_day", json_object_new_string(day));
	emit(author, "risk.open", e, account, d);
	return e;
}

static int setup(void **state)
{
	if (scratch_setup(state))
		return -1;
	setenv("CSCONSOLE_TODAY", "2026-11-23", 1);
	scratch_store(&st, "export.db");
	return store_exec(&st, "INSERT INTO account(id, crm_id, name, touch_model, stage, main_owner)"
			  " VALUES (1, '001A000001xyzAB', 'Alpha, Inc.', 'high', 'adoption', 'aiko'),"
			  " (2, 'A2', 'Beta', 'tech', 'adoption', 'ken')");
}

static int teardown(void **state)
{
	store_close(&st);
	return scratch_teardown(state);
}

static struct export_query query(enum export_target t, const char *author)
{
	return (struct export_query){ .target = t, .since = DAY_NONE, .author = author };
}

/* "entity entity ..." of a set's activities (or risks), in order. */
static char *entities(const struct export_row *rows, size_t n)
{
	struct sbuf b = {0};
	for (size_t i = 0; i < n; i++)
		sbuf_addf(&b, "%s%s", i ? " " : "", rows[i].entity);
	return b.data ? b.data : xstrdup("");
}

static void assert_entities(const struct export_row *rows, size_t n, const char *want)
{
	char *got = entities(rows, n);
	assert_string_equal(got, want);
	free(got);
}

static void test_rows_mark_since(void **state)
{
	(void)state;
	char *n1 = note("aiko", "001A000001xyzAB", "2026-11-10", "call", "QBR went well", "Line one\nline two");
	char *n2 = note("aiko", "A2", "2026-11-02", "email", "Sent the guide", NULL);
	char *n3 = note("ken", "A2", "2026-11-05", "call", "Ken's call", NULL);   /* a teammate's */
	char *t1 = touch_done("aiko", "001A000001xyzAB", "2026-11-20", "2026-11-12", "meeting", "Went through the plan");
	char *t2 = new_entity("touch");                                        /* open: not an activity */
	emit("aiko", "touch.schedule", t2, "A2", obj("due_day", "2026-12-01", NULL, NULL, NULL, NULL));
	char *r1 = risk("aiko", "A2", "2026-11-03", "high", "Budget frozen");
	char *want;
	struct export_set s;

	/* mine, by day: n2 (11-02), n1 (11-10), t1 (11-12); ken's note left out */
	struct export_query q = query(EXPORT_SALESFORCE, "aiko");
	assert_int_equal(export_collect(&st, &q, &s), 0);
	want = xasprintf("%s %s %s", n2, n1, t1);
	assert_entities(s.activities, s.n_activities, want);
	free(want);
	assert_entities(s.risks, s.n_risks, r1);
	assert_int_equal(s.activities[1].day, day_from_ymd(2026, 11, 10));
	assert_string_equal(s.activities[1].account_name, "Alpha, Inc.");
	assert_int_equal(s.activities[2].kind, EXPORT_TOUCH);
	assert_int_equal(s.activities[2].day, day_from_ymd(2026, 11, 12));   /* the day it was done */

	/* --since: from 2026-11-10 on */
	struct export_query qs = q;
	qs.since = day_from_ymd(2026, 11, 10);
	struct export_set s2;
	assert_int_equal(export_collect(&st, &qs, &s2), 0);
	want = xasprintf("%s %s", n1, t1);
	assert_entities(s2.activities, s2.n_activities, want);
	free(want);
	assert_int_equal(s2.n_risks, 0);
	/* mark what --since exported: the next export has only the rest */
	assert_int_equal(export_mark(&st, EXPORT_SALESFORCE, s2.activities, s2.n_activities, 1000), 0);
	export_set_free(&s2);
	assert_int_equal(export_collect(&st, &q, &s2), 0);
	assert_entities(s2.activities, s2.n_activities, n2);
	assert_int_equal(export_mark(&st, EXPORT_SALESFORCE, s2.activities, s2.n_activities, 1001), 0);
	assert_int_equal(export_mark(&st, EXPORT_SALESFORCE, s2.risks, s2.n_risks, 1001), 0);
	export_set_free(&s2);
	/* a second export is empty */
	assert_int_equal(export_collect(&st, &q, &s2), 0);
	assert_int_equal(s2.n_activities, 0);
	assert_int_equal(s2.n_risks, 0);
	export_set_free(&s2);
	int64_t marked = -1;
	assert_int_equal(export_marked_count(&st, EXPORT_SALESFORCE, &marked), 0);
	assert_int_equal(marked, 4);
	scratch_assert_q(&st, "SELECT group_concat(exported_at, ' ') FROM (SELECT exported_at FROM export_mark "
		       "ORDER BY exported_at)", "1000 1000 1001 1001");

	/* the mark is per target: HubSpot has them all still */
	struct export_query qh = query(EXPORT_HUBSPOT, "aiko");
	assert_int_equal(export_collect(&st, &qh, &s2), 0);
	assert_int_equal(s2.n_activities, 3);
	assert_int_equal(s2.n_risks, 1);
	export_set_free(&s2);
	/* --all: everything again */
	struct export_query qa = q;
	qa.again = true;
	assert_int_equal(export_collect(&st, &qa, &s2), 0);
	assert_int_equal(s2.n_activities, 3);
	export_set_free(&s2);
	/* what is new after the export comes next time, alone */
	char *n4 = note("aiko", "A2", "2026-11-22", "chat", "New one", NULL);
	assert_int_equal(export_collect(&st, &q, &s2), 0);
	assert_entities(s2.activities, s2.n_activities, n4);
	export_set_free(&s2);
	/* the team's: ken's note too */
	struct export_query qt = query(EXPORT_CSV, NULL);
	assert_int_equal(export_collect(&st, &qt, &s2), 0);
	assert_int_equal(s2.n_activities, 5);
	bool kens = false;
	for (size_t i = 0; i < s2.n_activities; i++)
		kens |= str_eq(s2.activities[i].entity, n3);
	assert_true(kens);
	export_set_free(&s2);
	/* a deleted note is not exported */
	emit("aiko", "note.delete", n4, "A2", json_object_new_object());
	assert_int_equal(export_collect(&st, &q, &s2), 0);
	assert_int_equal(s2.n_activities, 0);
	export_set_free(&s2);

	export_set_free(&s);
	free(n1), free(n2), free(n3), free(n4), free(t1), free(t2), free(r1);
}

static void assert_cells(enum export_target t, const struct export_row *r, bool risks, const char *const *want)
{
	size_t n;
	export_columns(t, risks, &n);
	char **c = export_cells(t, r);
	for (size_t i = 0; i < n; i++)
		if (!str_eq(c[i], want[i]))
			fail_msg("column %zu: \"%s\", want \"%s\"", i, c[i], want[i]);
	export_cells_free(c, n);
}

static void test_cells(void **state)
{
	(void)state;
	size_t n;
	const char *const *h = export_columns(EXPORT_SALESFORCE, false, &n);
	assert_int_equal(n, 8);
	assert_string_equal(h[0], "Subject");
	assert_string_equal(h[2], "ActivityDate");
	assert_string_equal(h[6], "WhatId");
	h = export_columns(EXPORT_HUBSPOT, true, &n);
	assert_int_equal(n, 4);
	assert_string_equal(h[1], "Note body");

	/* a teammate's text with escapes and control characters */
	struct export_row note = {
		.kind = EXPORT_NOTE, .entity = (char *)"note/01JD7Y3Q8M000000000000001A",
		.account = (char *)"001A000001xyzAB", .account_name = (char *)"Alpha", .author = (char *)"ken",
		.day = day_from_ymd(2026, 11, 10), .kind_name = (char *)"qbr",
		.summary = (char *)"QBR \x1b[31mred\x1b[0m done\x07", .text = (char *)"Line one\nline\ttwo",
		.sentiment = 4, .resolved_day = DAY_NONE,
	};
	static const char *const sf_note[] = { "QBR red done", "Line one\nline two", "2026-11-10", "Completed",
					       "Normal", "Meeting", "001A000001xyzAB", "01JD7Y3Q8M000000000000001A" };
	assert_cells(EXPORT_SALESFORCE, &note, false, sf_note);
	static const char *const hs_note[] = { "2026-11-10", "QBR: QBR red done\n\nLine one\nline two",
					       "001A000001xyzAB", "01JD7Y3Q8M000000000000001A" };
	assert_cells(EXPORT_HUBSPOT, &note, false, hs_note);
	static const char *const csv_note[] = { "01JD7Y3Q8M000000000000001A", "note", "001A000001xyzAB", "Alpha",
						"2026-11-10", "qbr", "ken", "4", "QBR red done", "Line one\nline two" };
	assert_cells(EXPORT_CSV, &note, false, csv_note);

	struct export_row touch = {
		.kind = EXPORT_TOUCH, .entity = (char *)"touch/01JD7Y3Q8M000000000000001B",
		.account = (char *)"A2", .account_name = (char *)"", .author = (char *)"aiko",
		.day = day_from_ymd(2026, 11, 12), .kind_name = (char *)"call", .text = (char *)"Plan agreed\nsecond",
		.resolved_day = DAY_NONE,
	};
	static const char *const sf_touch[] = { "Call: Plan agreed", "Plan agreed\nsecond", "2026-11-12", "Completed",
						"Normal", "Call", "A2", "01JD7Y3Q8M000000000000001B" };
	assert_cells(EXPORT_SALESFORCE, &touch, false, sf_touch);

	struct export_row risk = {
		.kind = EXPORT_RISK, .entity = (char *)"risk/01JD7Y3Q8M000000000000001C",
		.account = (char *)"A2", .account_name = (char *)"Beta", .author = (char *)"aiko",
		.day = day_from_ymd(2026, 11, 3), .category = (char *)"budget", .severity = (char *)"high",
		.status = (char *)"resolved", .text = (char *)"Budget frozen", .owner = (char *)"aiko",
		.resolve_note = (char *)"Approved", .resolved_day = day_from_ymd(2026, 11, 20),
	};
	static const char *const sf_risk[] = { "Risk: budget (high)", "Budget frozen\n\nResolved 2026-11-20: Approved",
					       "2026-11-03", "Completed", "High", "Other", "A2",
					       "01JD7Y3Q8M000000000000001C" };
	assert_cells(EXPORT_SALESFORCE, &risk, true, sf_risk);
	risk.status = (char *)"open", risk.severity = (char *)"low", risk.resolved_day = DAY_NONE;
	static const char *const sf_open[] = { "Risk: budget (low)", "Budget frozen", "2026-11-03", "Not Started",
					       "Low", "Other", "A2", "01JD7Y3Q8M000000000000001C" };
	assert_cells(EXPORT_SALESFORCE, &risk, true, sf_open);
	static const char *const csv_risk[] = { "01JD7Y3Q8M000000000000001C", "A2", "Beta", "2026-11-03", "budget",
						"low", "open", "", "aiko", "aiko", "Budget frozen", "Approved" };
	assert_cells(EXPORT_CSV, &risk, true, csv_risk);
}

/* Salesforce's Subject takes 255 characters: a longer summary is cut to
 * 254 and an ellipsis, counted in characters (Japanese is 3 bytes each). */
static void test_subject_cut(void **state)
{
	(void)state;
	struct sbuf b = {0};
	for (int i = 0; i < 300; i++)
		sbuf_adds(&b, "あ");
	struct export_row r = {
		.kind = EXPORT_NOTE, .entity = (char *)"note/01JD7Y3Q8M000000000000001D", .account = (char *)"A2",
		.account_name = (char *)"", .author = (char *)"aiko", .day = day_from_ymd(2026, 11, 1),
		.kind_name = (char *)"call", .summary = b.data, .resolved_day = DAY_NONE,
	};
	size_t n;
	export_columns(EXPORT_SALESFORCE, false, &n);
	char **c = export_cells(EXPORT_SALESFORCE, &r);
	assert_int_equal(strlen(c[0]), 254 * 3 + 3);
	assert_true(str_ends_with(c[0], "あ…"));
	export_cells_free(c, n);
	/* exactly 255: kept whole */
	sbuf_reset(&b);
	for (int i = 0; i < 255; i++)
		sbuf_adds(&b, "あ");
	r.summary = b.data;
	c = export_cells(EXPORT_SALESFORCE, &r);
	assert_int_equal(strlen(c[0]), 255 * 3);
	export_cells_free(c, n);
	sbuf_free(&b);
}

static void test_targets(void **state)
{
	(void)state;
	enum export_target t;
	assert_true(export_target_parse("salesforce", &t));
	assert_int_equal(t, EXPORT_SALESFORCE);
	assert_true(export_target_parse("hubspot", &t));
	assert_int_equal(t, EXPORT_HUBSPOT);
	assert_true(export_target_parse("csv", &t));
	assert_int_equal(t, EXPORT_CSV);
	assert_false(export_target_parse("Salesforce", &t));
	assert_string_equal(export_target_name(EXPORT_HUBSPOT), "hubspot");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rows_mark_since, setup, teardown),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_subject_cut),
		cmocka_unit_test(test_targets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
