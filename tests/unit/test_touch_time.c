/* test_touch_time.c - a touchpoint's time of day: touch.schedule version 2
 * carries an optional "time" (HH:MM); version 1 never does; a schedule is
 * written at version 2 only when it has a time; a release that knows only
 * version 1 keeps a version 2 schedule pending, and applies it once it
 * knows the version. */
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
#include "scratch.h"

#define DEV "01JD7Y3Q8M0000000000000DEV"

static char *schedule_json(const char *id, int seq, int version, const char *data)
{
	return xasprintf("{\"account\":\"ACC-0009\",\"author\":\"dana\",\"data\":%s,\"device\":\"%s\","
			 "\"entity\":\"touch/%s\",\"hlc\":\"019ab0c5e800.000%d\",\"id\":\"%s\",\"seq\":%d,"
			 "\"type\":\"touch.schedule\",\"version\":%d}",
			 data, DEV, id, seq, id, seq, version);
}

/* event_from_json on text: 0 or -1 (the error in error_message()). */
static int parse(const char *json, struct event *e)
{
	json_object *obj = json_tokener_parse(json);
	assert_non_null(obj);
	int rc = event_from_json(obj, e);
	json_object_put(obj);
	return rc;
}

static void ingest(struct store *st, const char *json)
{
	struct event e;
	bool ins;
	if (parse(json, &e))
		fail_msg("%s", error_message());
	assert_int_equal(store_begin(st), 0);
	if (event_ingest(st, &e, "x.jsonl", &ins))
		fail_msg("%s", error_message());
	assert_int_equal(store_commit(st), 0);
	assert_true(ins);
	event_free(&e);
}

static void test_time_is_checked(void **state)
{
	(void)state;
	struct event e;
	char *j;

	j = schedule_json("01JD7Y3Q8M000000000000001A", 1, 2, "{\"due_day\":\"2026-12-01\",\"time\":\"14:30\"}");
	assert_int_equal(parse(j, &e), 0);
	event_free(&e);
	free(j);
	/* version 1 has no time */
	j = schedule_json("01JD7Y3Q8M000000000000001A", 1, 1, "{\"due_day\":\"2026-12-01\",\"time\":\"14:30\"}");
	assert_int_equal(parse(j, &e), -1);
	assert_non_null(strstr(error_message(), "data.time: touch.schedule version 1 has no time (version 2 added it)"));
	free(j);
	static const char *const bad[] = { "24:00", "9:30", "14:60", "1430", "14:30:00", "", "ab:cd" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char *data = xasprintf("{\"due_day\":\"2026-12-01\",\"time\":\"%s\"}", bad[i]);
		j = schedule_json("01JD7Y3Q8M000000000000001A", 1, 2, data);
		assert_int_equal(parse(j, &e), -1);
		assert_non_null(strstr(error_message(), "data.time: must be a time of day HH:MM"));
		free(j);
		free(data);
	}
	j = schedule_json("01JD7Y3Q8M000000000000001A", 1, 2, "{\"due_day\":\"2026-12-01\",\"time\":14}");
	assert_int_equal(parse(j, &e), -1);
	free(j);
}

static void test_parse_time(void **state)
{
	(void)state;
	int m = -1;
	char out[6];
	assert_true(time_parse_hhmm("00:00", true, &m));
	assert_int_equal(m, 0);
	assert_true(time_parse_hhmm("23:59", true, &m));
	assert_int_equal(m, 23 * 60 + 59);
	assert_false(time_parse_hhmm("9:05", true, &m));
	assert_true(time_parse_hhmm("9:05", false, &m));
	assert_int_equal(m, 9 * 60 + 5);
	time_format_hhmm(m, out);
	assert_string_equal(out, "09:05");
	assert_false(time_parse_hhmm("24:00", false, &m));
	assert_false(time_parse_hhmm("12:5", false, &m));
	assert_false(time_parse_hhmm("123:00", false, &m));
	assert_false(time_parse_hhmm(" 9:05", false, &m));
}

/* The version written: 1 without a time (every release applies it), 2 with one. */
static void test_written_version(void **state)
{
	struct store st;
	(void)state;
	assert_int_equal(scratch_setup(NULL), 0);
	scratch_store(&st, "w.db");
	json_object *d1 = json_object_new_object(), *d2 = json_object_new_object();
	json_object_object_add(d1, "due_day", json_object_new_string("2026-12-01"));
	json_object_object_add(d2, "due_day", json_object_new_string("2026-12-02"));
	json_object_object_add(d2, "time", json_object_new_string("08:15"));
	assert_int_equal(event_emit(&st, "aiko", "touch.schedule", "touch/01JD7Y3Q8M000000000000002A", "A1", NULL, d1), 0);
	assert_int_equal(event_emit(&st, "aiko", "touch.schedule", "touch/01JD7Y3Q8M000000000000002B", "A1", NULL, d2), 0);
	scratch_assert_q(&st, "SELECT group_concat(v, ' ') FROM (SELECT e.version || ':' || "
		       "coalesce(tp.time, '-') AS v FROM event e JOIN touchpoint tp ON e.entity = 'touch/' || tp.id "
		       "ORDER BY tp.due_day)", "1:- 2:08:15");
	store_close(&st);
	scratch_teardown(NULL);
}

/* An older release (one that knows touch.schedule version 1 only) keeps a
 * timed schedule pending and applies the untimed one; once upgraded, it
 * applies the pending one, with its time. */
static void test_older_release_keeps_it_pending(void **state)
{
	struct store st;
	(void)state;
	assert_int_equal(scratch_setup(NULL), 0);
	scratch_store(&st, "old.db");
	char *v1 = schedule_json("01JD7Y3Q8M000000000000003A", 1, 1, "{\"due_day\":\"2026-12-01\"}");
	char *v2 = schedule_json("01JD7Y3Q8M000000000000003B", 2, 2, "{\"due_day\":\"2026-12-02\",\"time\":\"14:30\"}");
	event_type_accept_version(EVENT_TOUCH_SCHEDULE, 1);
	ingest(&st, v1);
	ingest(&st, v2);
	scratch_assert_q(&st, "SELECT group_concat(id, ' ') FROM touchpoint", "01JD7Y3Q8M000000000000003A");
	scratch_assert_q(&st, "SELECT group_concat(version, ' ') FROM event WHERE applied = 0", "2");
	int applied = -1;
	event_type_accept_version(EVENT_TOUCH_SCHEDULE, 2);   /* "upgraded": this build's version */
	assert_int_equal(event_apply_pending(&st, &applied), 0);
	assert_int_equal(applied, 1);
	scratch_assert_q(&st, "SELECT group_concat(id || ' ' || coalesce(time, '-'), ', ') FROM "
		       "(SELECT id, time FROM touchpoint ORDER BY id)",
		       "01JD7Y3Q8M000000000000003A -, 01JD7Y3Q8M000000000000003B 14:30");
	free(v1);
	free(v2);
	store_close(&st);
	scratch_teardown(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_is_checked),
		cmocka_unit_test(test_parse_time),
		cmocka_unit_test(test_written_version),
		cmocka_unit_test(test_older_release_keeps_it_pending),
	};
	setenv("CSCONSOLE_TODAY", "2026-11-23", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
