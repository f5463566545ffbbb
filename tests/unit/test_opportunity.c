/* test_opportunity.c - the events of issue 17: opportunity.open, .update,
 * .close and feedback.add. Their data rules (each refusal names the field),
 * the rows they materialise, last writer wins on a field edited on two
 * devices with the loser listed as a conflict, and the same dump and rows
 * whatever order the events arrive in, and after a rebuild. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/event.h"
#include "csconsole/feedback.h"
#include "csconsole/opportunity.h"
#include "scratch.h"

static int setup(void **state)
{
	return scratch_setup(state);
}

static int teardown(void **state)
{
	unsetenv("CSCONSOLE_NOW");
	return scratch_teardown(state);
}

static char *new_entity(const char *kind)
{
	char u[ULID_SIZE];
	ulid_new(clock_now_ms(), u);
	return xasprintf("%s/%s", kind, u);
}

/* Writes an own event: 0, or -1 with error() (the event's refusal). */
static int try_write(struct store *st, const char *author, const char *type, const char *entity,
		     const char *account, const char *data)
{
	struct event e = { 0 };
	e.author = xstrdup(author);
	e.type = xstrdup(type);
	e.version = 1;
	e.entity = xstrdup(entity);
	e.account = xstrdup(account);
	e.data = json_tokener_parse(data);
	assert_non_null(e.data);
	int rc = event_write(st, &e);
	event_free(&e);
	return rc;
}

static void write_ok(struct store *st, const char *author, const char *type, const char *entity,
		     const char *account, const char *data)
{
	if (try_write(st, author, type, entity, account, data))
		fail_msg("%s %s: %s", type, data, error_message());
}

static void refused(struct store *st, const char *type, const char *entity, const char *data,
		    const char *why)
{
	assert_int_equal(try_write(st, "aiko", type, entity, "ACC-0001", data), -1);
	if (!strstr(error_message(), why))
		fail_msg("%s %s: \"%s\" does not say \"%s\"", type, data, error_message(), why);
}

static char *q1(struct store *st, const char *sql, const char *arg)
{
	sqlite3_stmt *s;
	char *out = NULL;
	assert_int_equal(store_prepare(st, sql, &s), 0);
	if (arg)
		store_bind_text(s, 1, arg);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		out = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return out;
}

static void assert_q(struct store *st, const char *sql, const char *arg, const char *want)
{
	char *got = q1(st, sql, arg);
	if (!str_eq(got, want))
		fail_msg("%s [%s]: got %s, want %s", sql, arg ? arg : "", got ? got : "NULL",
			 want ? want : "NULL");
	free(got);
}

/* Every event of `from`, through its JSON form as a teammate receives it,
 * ingested into `to` in order (reverse: last first). */
static void sync_from(struct store *to, struct store *from, bool reverse)
{
	sqlite3_stmt *s;
	struct event *ev = NULL;
	size_t n = 0, cap = 0;
	assert_int_equal(store_prepare(from, "SELECT id, device, seq, hlc, author, type, version, "
				       "entity, account, base, data FROM event ORDER BY id", &s), 0);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct event e = {
			.id = (char *)sqlite3_column_text(s, 0), .device = (char *)sqlite3_column_text(s, 1),
			.seq = sqlite3_column_int64(s, 2), .author = (char *)sqlite3_column_text(s, 4),
			.type = (char *)sqlite3_column_text(s, 5), .version = sqlite3_column_int(s, 6),
			.entity = (char *)sqlite3_column_text(s, 7),
			.account = (char *)sqlite3_column_text(s, 8),
			.base = (char *)sqlite3_column_text(s, 9),
		};
		assert_true(hlc_parse((const char *)sqlite3_column_text(s, 3), &e.hlc));
		e.data = json_tokener_parse((const char *)sqlite3_column_text(s, 10));
		char *text = event_to_json(&e);
		json_object_put(e.data);
		json_object *obj = json_tokener_parse(text);
		free(text);
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			ev = xreallocarray(ev, cap, sizeof(*ev));
		}
		if (event_from_json(obj, &ev[n]))
			fail_msg("exported event does not parse: %s", error_message());
		n++;
		json_object_put(obj);
	}
	sqlite3_finalize(s);
	assert_int_equal(store_begin(to), 0);
	for (size_t k = 0; k < n; k++) {
		bool inserted;
		if (event_ingest(to, &ev[reverse ? n - 1 - k : k], "seg", &inserted))
			fail_msg("ingest: %s", error_message());
	}
	assert_int_equal(store_commit(to), 0);
	for (size_t k = 0; k < n; k++)
		event_free(&ev[k]);
	free(ev);
}

static const char open_data[] =
	"{\"kind\":\"upsell\",\"amount\":1200000,\"currency\":\"USD\",\"stage\":\"proposal\","
	"\"close_day\":\"2027-01-15\",\"owner\":\"aiko\"}";

static void test_rules(void **state)
{
	(void)state;
	struct store st;
	scratch_store(&st, "rules.db");
	setenv("CSCONSOLE_NOW", "2026-11-23T09:00:00Z", 1);
	char *o = new_entity("opportunity"), *f = new_entity("feedback");
	refused(&st, "opportunity.open", o, "{\"kind\":\"upsell\",\"amount\":1,\"currency\":\"USD\","
		"\"stage\":\"proposal\"}", "data.close_day: missing (opportunity.open requires it)");
	refused(&st, "opportunity.open", o, "{\"kind\":\"resell\",\"amount\":1,\"currency\":\"USD\","
		"\"stage\":\"proposal\",\"close_day\":\"2027-01-15\"}",
		"data.kind: \"resell\" is not allowed (allowed: upsell, cross-sell, seats)");
	refused(&st, "opportunity.open", o, "{\"kind\":\"seats\",\"amount\":-5,\"currency\":\"USD\","
		"\"stage\":\"proposal\",\"close_day\":\"2027-01-15\"}", "data.amount: must be a whole number");
	refused(&st, "opportunity.open", o, "{\"kind\":\"seats\",\"amount\":\"5\",\"currency\":\"USD\","
		"\"stage\":\"proposal\",\"close_day\":\"2027-01-15\"}", "data.amount: must be a whole number");
	refused(&st, "opportunity.open", o, "{\"kind\":\"seats\",\"amount\":5,\"currency\":\"usd\","
		"\"stage\":\"proposal\",\"close_day\":\"2027-01-15\"}", "data.currency: must be an ISO 4217");
	refused(&st, "opportunity.open", o, "{\"kind\":\"seats\",\"amount\":5,\"currency\":\"USD\","
		"\"stage\":\"Proposal\",\"close_day\":\"2027-01-15\"}", "data.stage: must be a snake_case id");
	refused(&st, "opportunity.open", o, "{\"kind\":\"seats\",\"amount\":5,\"currency\":\"USD\","
		"\"stage\":\"proposal\",\"close_day\":\"2027-01-15\",\"probability\":50}",
		"data: unknown field \"probability\" for opportunity.open");
	write_ok(&st, "aiko", "opportunity.open", o, "ACC-0001", open_data);
	refused(&st, "opportunity.update", o, "{}", "data: opportunity.update sets no field");
	refused(&st, "opportunity.close", o, "{\"outcome\":\"maybe\",\"closed_day\":\"2026-11-23\"}",
		"data.outcome: \"maybe\" is not allowed (allowed: won, lost, withdrawn)");
	refused(&st, "opportunity.close", o, "{\"outcome\":\"won\"}", "data.closed_day: missing");
	/* an update's status only reopens (the undo of a close): a close is opportunity.close */
	refused(&st, "opportunity.update", o, "{\"status\":\"won\"}",
		"data.status: \"won\" is not allowed (allowed: open)");
	/* a feedback about another kind of entity */
	refused(&st, "feedback.add", o, "{\"area\":\"reporting\",\"request\":\"bug\",\"text\":\"x\","
		"\"day\":\"2026-11-23\",\"arr\":null,\"currency\":null}",
		"entity: a feedback.add event is about a feedback/ULID entity");
	refused(&st, "feedback.add", f, "{\"area\":\"reporting\",\"request\":\"wish\",\"text\":\"x\","
		"\"day\":\"2026-11-23\",\"arr\":null,\"currency\":null}",
		"data.request: \"wish\" is not allowed (allowed: bug, missing_feature, usability, praise)");
	refused(&st, "feedback.add", f, "{\"area\":\"reporting\",\"request\":\"bug\",\"text\":\"\","
		"\"day\":\"2026-11-23\",\"arr\":null,\"currency\":null}", "data.text: must not be empty");
	refused(&st, "feedback.add", f, "{\"area\":\"reporting\",\"request\":\"bug\",\"text\":\"x\","
		"\"day\":\"2026-11-23\",\"arr\":100,\"currency\":null}",
		"data.arr, data.currency: both or neither are null");
	refused(&st, "feedback.add", f, "{\"area\":\"reporting\",\"request\":\"bug\",\"text\":\"x\","
		"\"day\":\"2026-11-23\"}", "data.arr: missing (feedback.add requires it)");
	/* nothing refused was stored */
	assert_q(&st, "SELECT count(*) FROM event", NULL, "1");
	free(o);
	free(f);
	store_close(&st);
}

static void test_rows(void **state)
{
	(void)state;
	struct store st;
	scratch_store(&st, "rows.db");
	setenv("CSCONSOLE_NOW", "2026-11-23T09:00:00Z", 1);
	char *o = new_entity("opportunity"), *f = new_entity("feedback");
	write_ok(&st, "aiko", "opportunity.open", o, "ACC-0001",
		 "{\"kind\":\"seats\",\"amount\":300000,\"currency\":\"JPY\",\"stage\":\"discovery\","
		 "\"close_day\":\"2027-02-01\"}");
	/* owner absent: the author */
	assert_q(&st, "SELECT kind || ' ' || amount_minor || ' ' || currency || ' ' || stage || ' ' || "
		 "close_day || ' ' || owner || ' ' || status || ' ' || coalesce(closed_day, '-') "
		 "FROM opportunity WHERE id = ?1", o + 12, "seats 300000 JPY discovery 20850 aiko open -");
	setenv("CSCONSOLE_NOW", "2026-11-24T09:00:00Z", 1);
	write_ok(&st, "aiko", "opportunity.update", o, "ACC-0001", "{\"stage\":\"commit\",\"amount\":450000}");
	write_ok(&st, "aiko", "opportunity.close", o, "ACC-0001",
		 "{\"outcome\":\"won\",\"closed_day\":\"2026-11-24\",\"note\":\"PO signed\"}");
	assert_q(&st, "SELECT amount_minor || ' ' || stage || ' ' || status || ' ' || closed_day || ' ' || note "
		 "FROM opportunity WHERE id = ?1", o + 12, "450000 commit won 20781 PO signed");
	struct opportunity_list l;
	assert_int_equal(opportunity_list_load(&st, "ACC-0001", true, &l), 0);
	assert_int_equal(l.n, 0);   /* won: no longer open */
	opportunity_list_free(&l);
	assert_int_equal(opportunity_list_load(&st, "ACC-0001", false, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].status, "won");
	assert_int_equal(l.items[0].amount_minor, 450000);
	opportunity_list_free(&l);

	write_ok(&st, "aiko", "feedback.add", f, "ACC-0001",
		 "{\"area\":\"reporting\",\"request\":\"missing_feature\",\"text\":\"PDF exports\","
		 "\"day\":\"2026-11-20\",\"arr\":12000000,\"currency\":\"JPY\"}");
	struct feedback_list fl;
	assert_int_equal(feedback_list_load(&st, NULL, &fl), 0);
	assert_int_equal(fl.n, 1);
	assert_string_equal(fl.items[0].area, "reporting");
	assert_string_equal(fl.items[0].request, "missing_feature");
	assert_int_equal(fl.items[0].arr_minor, 12000000);
	assert_string_equal(fl.items[0].currency, "JPY");
	assert_int_equal(fl.items[0].day, 20777);
	feedback_list_free(&fl);
	/* the dump holds both rows */
	char *dump = state_dump(&st);
	assert_non_null(strstr(dump, "opportunity [\""));
	assert_non_null(strstr(dump, "feedback [\""));
	assert_non_null(strstr(dump, "\"PDF exports\",12000000,\"JPY\",20777"));
	free(dump);
	free(o);
	free(f);
	store_close(&st);
}

/* a opens, b syncs; a and b then change the stage without seeing each
 * other's write: b's clock is later, so b's stage wins everywhere and a's
 * is listed as a conflict; two fresh devices receiving the events in
 * opposite orders dump the same, and so does a rebuild. */
static void test_concurrent_edits_converge(void **state)
{
	(void)state;
	struct store a, b, c1, c2;
	scratch_store(&a, "ca.db");
	scratch_store(&b, "cb.db");
	scratch_store(&c1, "cc1.db");
	scratch_store(&c2, "cc2.db");
	setenv("CSCONSOLE_NOW", "2026-11-23T09:00:00Z", 1);
	char *o = new_entity("opportunity"), *f = new_entity("feedback");
	write_ok(&a, "aiko", "opportunity.open", o, "ACC-0001", open_data);
	sync_from(&b, &a, false);
	setenv("CSCONSOLE_NOW", "2026-11-23T10:00:00Z", 1);
	write_ok(&a, "aiko", "opportunity.update", o, "ACC-0001", "{\"stage\":\"negotiation\"}");
	setenv("CSCONSOLE_NOW", "2026-11-23T11:00:00Z", 1);
	write_ok(&b, "ben", "opportunity.update", o, "ACC-0001", "{\"stage\":\"discovery\",\"amount\":900000}");
	write_ok(&b, "ben", "feedback.add", f, "ACC-0001",
		 "{\"area\":\"mobile\",\"request\":\"usability\",\"text\":\"Too many taps\","
		 "\"day\":\"2026-11-23\",\"arr\":null,\"currency\":null}");
	sync_from(&a, &b, false);
	sync_from(&b, &a, true);
	sync_from(&c1, &a, false);
	sync_from(&c2, &b, true);

	struct store *all[] = { &a, &b, &c1, &c2 };
	char *first = state_dump(&a);
	for (size_t i = 0; i < ARRAY_SIZE(all); i++) {
		assert_q(all[i], "SELECT stage || ' ' || amount_minor FROM opportunity WHERE id = ?1", o + 12,
			 "discovery 900000");
		assert_q(all[i], "SELECT area || ' ' || request || ' ' || coalesce(arr_minor, 'none') "
			 "FROM feedback WHERE id = ?1", f + 9, "mobile usability none");
		char *d = state_dump(all[i]);
		assert_string_equal(d, first);
		free(d);
		struct conflict *c;
		size_t n;
		assert_int_equal(conflicts_list(all[i], &c, &n), 0);
		assert_int_equal(n, 1);
		assert_string_equal(c[0].field, "stage");
		assert_string_equal(c[0].winner_value, "discovery");
		assert_string_equal(c[0].winner_author, "ben");
		assert_string_equal(c[0].loser_value, "negotiation");
		assert_string_equal(c[0].loser_author, "aiko");
		conflicts_free(c, n);
	}
	/* a settles it, having seen the conflict: no conflict is left */
	setenv("CSCONSOLE_NOW", "2026-11-23T12:00:00Z", 1);
	write_ok(&a, "aiko", "opportunity.update", o, "ACC-0001", "{\"stage\":\"negotiation\"}");
	struct conflict *c;
	size_t n;
	assert_int_equal(conflicts_list(&a, &c, &n), 0);
	assert_int_equal(n, 0);
	conflicts_free(c, n);
	free(first);
	first = state_dump(&a);
	assert_int_equal(state_rebuild(&a), 0);
	char *rebuilt = state_dump(&a);
	assert_string_equal(rebuilt, first);
	free(rebuilt);
	free(first);
	free(o);
	free(f);
	store_close(&a);
	store_close(&b);
	store_close(&c1);
	store_close(&c2);
}

/* The undo's events (undo.c): ben's feedback.retract is a tombstone that
 * removes his feedback, a retract by anyone else changes nothing; an
 * opportunity closed withdrawn and reopened by an update of status open is
 * open again without its closed day; two fresh devices receiving the events
 * in opposite orders dump the same. */
static void test_undo_events_converge(void **state)
{
	(void)state;
	struct store a, b, c1, c2;
	scratch_store(&a, "ua.db");
	scratch_store(&b, "ub.db");
	scratch_store(&c1, "uc1.db");
	scratch_store(&c2, "uc2.db");
	setenv("CSCONSOLE_NOW", "2026-11-23T09:00:00Z", 1);
	char *o = new_entity("opportunity"), *f = new_entity("feedback");
	write_ok(&b, "ben", "feedback.add", f, "ACC-0001",
		 "{\"area\":\"mobile\",\"request\":\"usability\",\"text\":\"Too many taps\","
		 "\"day\":\"2026-11-23\",\"arr\":null,\"currency\":null}");
	write_ok(&a, "aiko", "opportunity.open", o, "ACC-0001", open_data);
	sync_from(&a, &b, false);
	setenv("CSCONSOLE_NOW", "2026-11-23T10:00:00Z", 1);
	write_ok(&a, "aiko", "feedback.retract", f, "ACC-0001", "{}");
	assert_q(&a, "SELECT count(*) FROM feedback WHERE id = ?1", f + 9, "1");   /* not aiko's */
	write_ok(&a, "aiko", "opportunity.close", o, "ACC-0001",
		 "{\"outcome\":\"withdrawn\",\"closed_day\":\"2026-11-23\"}");
	assert_q(&a, "SELECT status || ' ' || closed_day FROM opportunity WHERE id = ?1", o + 12,
		 "withdrawn 20780");
	setenv("CSCONSOLE_NOW", "2026-11-23T11:00:00Z", 1);
	write_ok(&a, "aiko", "opportunity.update", o, "ACC-0001", "{\"status\":\"open\"}");
	write_ok(&b, "ben", "feedback.retract", f, "ACC-0001", "{}");
	assert_q(&b, "SELECT count(*) FROM feedback WHERE id = ?1", f + 9, "0");
	sync_from(&a, &b, false);
	sync_from(&b, &a, true);
	sync_from(&c1, &a, false);
	sync_from(&c2, &b, true);
	struct store *all[] = { &a, &b, &c1, &c2 };
	char *first = state_dump(&a);
	for (size_t i = 0; i < ARRAY_SIZE(all); i++) {
		assert_q(all[i], "SELECT count(*) FROM feedback WHERE id = ?1", f + 9, "0");
		assert_q(all[i], "SELECT status || ' ' || coalesce(closed_day, '-') FROM opportunity WHERE id = ?1",
			 o + 12, "open -");
		char *d = state_dump(all[i]);
		assert_string_equal(d, first);
		free(d);
	}
	free(first);
	free(o);
	free(f);
	store_close(&a);
	store_close(&b);
	store_close(&c1);
	store_close(&c2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_edits_converge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undo_events_converge, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
