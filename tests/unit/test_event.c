/* test_event.c - clocks, ids and the JSON form of events with its validation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/event.h"

#define DAY_MS 86400000ULL
#define YEAR_MS (365 * DAY_MS)
#define T0 1795435200000ULL   /* 2026-11-23T12:00:00Z */

/* ---- HLC ---- */

static void test_hlc_text_roundtrip_and_order(void **state)
{
	(void)state;
	struct hlc a = { T0, 0 }, b = { T0, 1 }, c = { T0 + 1, 0 }, back;
	char ta[HLC_TEXT_SIZE], tb[HLC_TEXT_SIZE], tc[HLC_TEXT_SIZE];
	hlc_format(a, ta);
	hlc_format(b, tb);
	hlc_format(c, tc);
	assert_int_equal(strlen(ta), HLC_TEXT_SIZE - 1);
	assert_true(hlc_parse(tb, &back));
	assert_int_equal(back.ms, b.ms);
	assert_int_equal(back.counter, b.counter);
	/* Text order is value order. */
	assert_true(strcmp(ta, tb) < 0 && hlc_compare(a, b) < 0);
	assert_true(strcmp(tb, tc) < 0 && hlc_compare(b, c) < 0);
	assert_int_equal(hlc_compare(c, c), 0);
	assert_false(hlc_parse("019ab0c5e800.000", &back));     /* short */
	assert_false(hlc_parse("019AB0C5E800.0000", &back));    /* uppercase */
	assert_false(hlc_parse("019ab0c5e800-0000", &back));
	assert_false(hlc_parse("019ab0c5e8g0.0000", &back));
	assert_false(hlc_parse(NULL, &back));
}

static void test_hlc_tick_monotonic_when_clock_goes_back_a_year(void **state)
{
	(void)state;
	struct hlc h = { 0, 0 }, prev;
	uint64_t nows[] = { T0, T0, T0 + 5, T0 - YEAR_MS, T0 - YEAR_MS + 1, T0 + 5, T0 + 6, T0 + 1000 };
	h = hlc_tick(h, nows[0]);
	assert_int_equal(h.ms, T0);
	for (size_t i = 1; i < ARRAY_SIZE(nows); i++) {
		prev = h;
		h = hlc_tick(h, nows[i]);
		assert_true(hlc_compare(prev, h) < 0);
		/* Never behind the wall clock, never ahead of what it has seen. */
		assert_true(h.ms >= nows[i] || h.ms == prev.ms);
	}
	assert_int_equal(h.ms, T0 + 1000);
	assert_int_equal(h.counter, 0);
}

static void test_hlc_counter_overflow_moves_to_next_ms(void **state)
{
	(void)state;
	struct hlc h = { T0, 0xffff };
	struct hlc n = hlc_tick(h, T0 - 10);
	assert_int_equal(n.ms, T0 + 1);
	assert_int_equal(n.counter, 0);
}

static void test_hlc_receive_remote_a_day_ahead(void **state)
{
	(void)state;
	struct hlc last = { T0, 3 }, remote = { T0 + DAY_MS, 7 };
	struct hlc h = hlc_receive(last, remote, T0 + 10);
	assert_true(hlc_compare(h, remote) > 0);
	assert_true(hlc_compare(h, last) > 0);
	/* A later local event still follows the remote one though our wall clock
	 * is a day behind it. */
	struct hlc next = hlc_tick(h, T0 + 20);
	assert_true(hlc_compare(next, remote) > 0);
	/* A remote behind us does not move us back. */
	struct hlc old = { T0 - YEAR_MS, 0 };
	struct hlc k = hlc_receive(next, old, T0 + 30);
	assert_true(hlc_compare(k, next) > 0);
}

static void test_clock_now_from_env(void **state)
{
	(void)state;
	setenv("CSCONSOLE_NOW", "2026-11-23T12:00:00Z", 1);
	assert_int_equal(clock_now_ms(), T0);
	unsetenv("CSCONSOLE_NOW");
	setenv("CSCONSOLE_TODAY", "2026-11-24", 1);
	assert_int_equal(clock_now_ms(), T0 + DAY_MS);
	unsetenv("CSCONSOLE_TODAY");
	uint64_t real = clock_now_ms();
	assert_true(real > 1700000000000ULL);   /* after 2023 */
	setenv("CSCONSOLE_TODAY", "2026-11-23", 1);
}

/* ---- ULID ---- */

static uint64_t ulid_time(const char *u)
{
	static const char alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	uint64_t ms = 0;
	for (int i = 0; i < 10; i++)
		ms = ms << 5 | (uint64_t)(strchr(alpha, u[i]) - alpha);
	return ms;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_ulid_format_unique_monotonic(void **state)
{
	(void)state;
	enum { N = 5000 };
	char **ids = xcalloc(N, sizeof(*ids));
	char u[ULID_SIZE], prev[ULID_SIZE] = "";
	for (int i = 0; i < N; i++) {
		uint64_t ms = T0 + (uint64_t)(i / 100);   /* 100 ids per millisecond */
		ulid_new(ms, u);
		assert_int_equal(strlen(u), 26);
		assert_true(ulid_valid(u));
		assert_int_equal(ulid_time(u), ms);
		/* Same or later millisecond: sorts after the previous one. */
		assert_true(strcmp(prev, u) < 0);
		str_copy(prev, sizeof(prev), u);
		ids[i] = xstrdup(u);
	}
	qsort(ids, N, sizeof(*ids), cmp_strp);
	for (int i = 1; i < N; i++)
		assert_string_not_equal(ids[i - 1], ids[i]);
	for (int i = 0; i < N; i++)
		free(ids[i]);
	free(ids);
	/* Random parts differ between milliseconds. */
	char a[ULID_SIZE], b[ULID_SIZE];
	ulid_new(T0 + 100, a);
	ulid_new(T0 + 101, b);
	assert_string_not_equal(a + 10, b + 10);
}

static void test_ulid_valid_rejects(void **state)
{
	(void)state;
	assert_true(ulid_valid("01JD7Y3Q8M0000000000000000"));
	assert_false(ulid_valid("01jd7y3q8m0000000000000000"));  /* lowercase */
	assert_false(ulid_valid("01JD7Y3Q8M000000000000000I"));  /* I */
	assert_false(ulid_valid("01JD7Y3Q8M000000000000000L"));
	assert_false(ulid_valid("01JD7Y3Q8M000000000000000O"));
	assert_false(ulid_valid("01JD7Y3Q8M000000000000000U"));
	assert_false(ulid_valid("01JD7Y3Q8M000000000000000"));   /* 25 */
	assert_false(ulid_valid("01JD7Y3Q8M00000000000000000")); /* 27 */
	assert_false(ulid_valid("81JD7Y3Q8M0000000000000000"));  /* over 128 bits */
	assert_false(ulid_valid(NULL));
}

/* ---- JSON ---- */

#define ID "01JD7Y3Q8M5V6W7X8Y9Z0A1B2C"
#define DEV "01JD7Y3Q8MDEVXCE000000AAAA"
#define BASE_EVENT \
	"{\"account\":\"ACC-0001\",\"author\":\"aiko\",\"data\":{\"kind\":\"call\",\"sentiment\":7," \
	"\"summary\":\"QBR prep \\\"call\\\"\\n\\u0001 ok\",\"touch_day\":\"2026-11-20\"}," \
	"\"device\":\"" DEV "\",\"entity\":\"note/01JD7Y3Q8MNQTE000000000001\"," \
	"\"hlc\":\"019ab0c5e800.0002\",\"id\":\"" ID "\",\"seq\":4,\"type\":\"note.add\",\"version\":1}"

static void test_json_roundtrip_canonical(void **state)
{
	(void)state;
	json_object *obj = json_tokener_parse(BASE_EVENT);
	struct event e;
	assert_non_null(obj);
	assert_int_equal(event_from_json(obj, &e), 0);
	json_object_put(obj);
	assert_string_equal(e.id, ID);
	assert_int_equal(e.seq, 4);
	assert_int_equal(e.hlc.counter, 2);
	assert_null(e.base);
	char *text = event_to_json(&e);
	assert_string_equal(text, BASE_EVENT);
	free(text);
	event_free(&e);

	/* Spaces and key order do not matter: the output is canonical. */
	const char *messy = "{ \"version\": 1, \"type\": \"note.add\", \"seq\": 4, \"id\": \"" ID "\","
		" \"hlc\": \"019ab0c5e800.0002\", \"entity\": \"note/01JD7Y3Q8MNQTE000000000001\","
		" \"device\": \"" DEV "\", \"data\": { \"touch_day\": \"2026-11-20\", \"summary\":"
		" \"QBR prep \\\"call\\\"\\n\\u0001 ok\", \"sentiment\": 7, \"kind\": \"call\" },"
		" \"author\": \"aiko\", \"account\": \"ACC-0001\" }";
	obj = json_tokener_parse(messy);
	assert_int_equal(event_from_json(obj, &e), 0);
	json_object_put(obj);
	text = event_to_json(&e);
	assert_string_equal(text, BASE_EVENT);
	free(text);
	event_free(&e);
}

/* One valid event per type: each parses and survives a round trip. */
static const char *const valid_events[] = {
	"{\"account\":\"A1\",\"author\":\"aiko\",\"data\":{\"kind\":\"email\",\"summary\":\"s\",\"text\":\"日本語のメモ\",\"touch_day\":\"2026-01-31\"},\"device\":\"" DEV "\",\"entity\":\"note/" ID "\",\"hlc\":\"019ab0c5e800.0000\",\"id\":\"" ID "\",\"seq\":1,\"type\":\"note.add\",\"version\":1}",
	"{\"account\":\"A1\",\"author\":\"aiko\",\"base\":\"019ab0c5e800.0000\",\"data\":{\"sentiment\":null,\"text\":null},\"device\":\"" DEV "\",\"entity\":\"note/" ID "\",\"hlc\":\"019ab0c5e800.0001\",\"id\":\"" ID "\",\"seq\":2,\"type\":\"note.edit\",\"version\":1}",
	"{\"account\":\"A1\",\"author\":\"aiko\",\"base\":\"019ab0c5e800.0000\",\"data\":{},\"device\":\"" DEV "\",\"entity\":\"note/" ID "\",\"hlc\":\"019ab0c5e800.0001\",\"id\":\"" ID "\",\"seq\":2,\"type\":\"note.delete\",\"version\":1}",
	"{\"account\":\"A1\",\"author\":\"aiko\",\"data\":{\"category\":\"champion_left\",\"opened_day\":\"2026-11-01\",\"severity\":\"high\",\"text\":\"t\"},\"device\":\"" DEV "\",\"entity\":\"risk/" ID "\",\"hlc\":\"019ab0c5e800.0000\",\"id\":\"" ID "\",\"seq\":1,\"type\":\"risk.open\",\"version\":1}",
	"{\"account\":\"A1\",\"author\":\"ben\",\"base\":\"019ab0c5e800.0000\",\"data\":{\"status\":\"resolved\"},\"device\":\"" DEV "\",\"entity\":\"risk/" ID "\",\"hlc\":\"019ab0c5e800.0001\",\"id\":\"" ID "\",\"seq\":1,\"type\":\"risk.update\",\"version\":1}",
	"{\"account\":\"A1\",\"author\":\"ben\",\"base\":\"019ab0c5e800.0000\",\"data\":{\"resolved_day\":\"2026-11-02\"},\"device\":\"" DEV "\",\"entity\":\"risk/" ID "\",\"hlc\":\"019ab0c5e800.0001\",\"id\":\"" ID "\",\"seq\":1,\"type\":\"risk.resolve\",\"version\":1}",
	"{\"account\":\"A1\",\"author\":\"ben\",\"data\":{\"due_day\":\"2026-12-01\",\"kind\":\"qbr\",\"note\":\"n\"},\"device\":\"" DEV "\",\"entity\":\"touch/" ID "\",\"hlc\":\"019ab0c5e800.0000\",\"id\":\"" ID "\",\"seq\":1,\"type\":\"touch.schedule\",\"version\":1}",
	"{\"account\":\"A1\",\"author\":\"ben\",\"base\":\"019ab0c5e800.0000\",\"data\":{\"due_day\":\"2026-12-02\"},\"device\":\"" DEV "\",\"entity\":\"touch/" ID "\",\"hlc\":\"019ab0c5e800.0001\",\"id\":\"" ID "\",\"seq\":1,\"type\":\"touch.reschedule\",\"version\":1}",
	"{\"account\":\"A1\",\"author\":\"ben\",\"base\":\"019ab0c5e800.0000\",\"data\":{\"done_day\":\"2026-12-02\"},\"device\":\"" DEV "\",\"entity\":\"touch/" ID "\",\"hlc\":\"019ab0c5e800.0001\",\"id\":\"" ID "\",\"seq\":1,\"type\":\"touch.done\",\"version\":1}",
	"{\"account\":\"A1\",\"author\":\"ben\",\"base\":\"019ab0c5e800.0000\",\"data\":{\"reason\":\"customer asked\",\"until_day\":\"2026-12-09\"},\"device\":\"" DEV "\",\"entity\":\"touch/" ID "\",\"hlc\":\"019ab0c5e800.0001\",\"id\":\"" ID "\",\"seq\":1,\"type\":\"touch.snooze\",\"version\":1}",
	"{\"author\":\"ben\",\"data\":{\"absent\":\"ben\",\"covered_by\":\"aiko\",\"from_day\":\"2026-12-01\",\"until_day\":\"2026-12-01\"},\"device\":\"" DEV "\",\"entity\":\"cover/" ID "\",\"hlc\":\"019ab0c5e800.0000\",\"id\":\"" ID "\",\"seq\":1,\"type\":\"cover.set\",\"version\":1}",
	"{\"author\":\"ben\",\"base\":\"019ab0c5e800.0000\",\"data\":{},\"device\":\"" DEV "\",\"entity\":\"cover/" ID "\",\"hlc\":\"019ab0c5e800.0001\",\"id\":\"" ID "\",\"seq\":1,\"type\":\"cover.clear\",\"version\":1}",
	/* Unknown type and newer version: the envelope is enough. */
	"{\"account\":\"A1\",\"author\":\"ben\",\"data\":{\"pinned\":true,\"weight\":1.5,\"tags\":[\"a\",{\"b\":null}]},\"device\":\"" DEV "\",\"entity\":\"note/" ID "\",\"hlc\":\"019ab0c5e800.0001\",\"id\":\"" ID "\",\"seq\":1,\"type\":\"note.pin\",\"version\":1}",
	"{\"author\":\"ben\",\"data\":{\"mood\":\"x\"},\"device\":\"" DEV "\",\"entity\":\"note/" ID "\",\"hlc\":\"019ab0c5e800.0001\",\"id\":\"" ID "\",\"seq\":1,\"type\":\"note.add\",\"version\":99}",
};

static void test_json_each_type_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(valid_events); i++) {
		json_object *obj = json_tokener_parse(valid_events[i]);
		struct event e;
		assert_non_null(obj);
		if (event_from_json(obj, &e) != 0)
			fail_msg("valid event %zu refused: %s", i, error_message());
		json_object_put(obj);
		char *text = event_to_json(&e);
		/* The samples are canonical except the unknown one's key order. */
		json_object *again = json_tokener_parse(text);
		struct event e2;
		assert_int_equal(event_from_json(again, &e2), 0);
		char *text2 = event_to_json(&e2);
		assert_string_equal(text, text2);
		if (i != ARRAY_SIZE(valid_events) - 2)
			assert_string_equal(text, valid_events[i]);
		json_object_put(again);
		free(text);
		free(text2);
		event_free(&e);
		event_free(&e2);
	}
	assert_int_equal(event_type_parse("note.add", 1), EVENT_NOTE_ADD);
	assert_int_equal(event_type_parse("note.add", 2), EVENT_NOTE_ADD);   /* v2: characters */
	assert_int_equal(event_type_parse("note.add", 3), EVENT_UNKNOWN);
	assert_int_equal(event_type_parse("cover.clear", 1), EVENT_COVER_CLEAR);
	assert_int_equal(event_type_parse("note.pin", 1), EVENT_UNKNOWN);
	assert_string_equal(event_type_name(EVENT_TOUCH_SNOOZE), "touch.snooze");
	assert_null(event_type_name(EVENT_UNKNOWN));
}

/* A mutation of a valid event and the reason its refusal must give. */
struct bad_case {
	int base;              /* index in valid_events */
	const char *path;      /* "key" or "data.key" */
	const char *json;      /* new value as JSON; NULL: remove the key */
	const char *reason;
};

static const struct bad_case bad_cases[] = {
	{ 0, "id", "\"not-a-ulid\"", "id: must be a ULID" },
	{ 0, "id", NULL, "id: missing" },
	{ 0, "device", "\"01jd7y3q8mdevice000000aaaa\"", "device: must be a ULID" },
	{ 0, "seq", "0", "seq: must be from 1 to" },
	{ 0, "seq", "\"1\"", "seq: must be an integer" },
	{ 0, "seq", "18446744073709551615", "seq: must be from 1 to" },
	{ 0, "hlc", "\"019ab0c5e800\"", "hlc: must be 12 hex digits" },
	{ 0, "author", "\"Aiko Tanaka\"", "author: must be a CSM handle" },
	{ 0, "author", "7", "author: must be a string" },
	{ 0, "type", "\"Note Add\"", "type: must be a type name" },
	{ 0, "version", "0", "version: must be from 1 to 9999" },
	{ 0, "version", "1.5", "version: must be an integer" },
	{ 0, "entity", "\"note-01JD7Y3Q8M5V6W7X8Y9Z0A1B2C\"", "entity: must be KIND/ULID" },
	{ 0, "entity", "\"risk/01JD7Y3Q8M5V6W7X8Y9Z0A1B2C\"", "entity: a note.add event is about a note/ULID entity" },
	{ 0, "account", NULL, "account: missing (a note.add event names its account)" },
	{ 0, "account", "\"\"", "account: must be 1 to 63 bytes" },
	{ 0, "account", "\"ACC-0000000000000000000000000000000000000000000000000000000000001\"", "account: must be 1 to 63 bytes" },
	{ 0, "base", "\"019ab0c5e800.0000\"", "base: a note.add event creates its entity and has no base" },
	{ 0, "extra", "1", "unknown field \"extra\" (allowed: account, author, base" },
	{ 0, "data", NULL, "data: missing" },
	{ 0, "data", "[]", "data: must be an object" },
	{ 0, "data.kind", "\"visit\"", "data.kind: \"visit\" is not allowed (allowed: call, meeting, email, chat, internal)" },
	{ 0, "data.kind", NULL, "data.kind: missing (note.add requires it)" },
	{ 0, "data.sentiment", "10", "data.sentiment: must be an integer from 1 to 9" },
	{ 0, "data.sentiment", "0", "data.sentiment: must be an integer from 1 to 9" },
	{ 0, "data.sentiment", "\"5\"", "data.sentiment: must be an integer from 1 to 9" },
	{ 0, "data.sentiment", "null", "data.sentiment: must not be null" },
	{ 0, "data.summary", "\"\"", "data.summary: must not be empty" },
	{ 0, "data.summary", "LONG501", "data.summary: 501 characters, the limit is 500; shorten it or put the rest in the note" },
	/* counted in characters: 501 Japanese ones (1503 bytes) are one too many */
	{ 0, "data.summary", "JA501", "data.summary: 501 characters, the limit is 500" },
	{ 0, "data.text", "LONG65537", "data.text: 65537 characters, the limit is 65536" },
	{ 0, "data.text", "LONG262145", "data.text: 262145 bytes, more than 65536 characters can take" },
	{ 0, "data.touch_day", "\"2026-02-30\"", "data.touch_day: must be a date YYYY-MM-DD" },
	{ 0, "data.touch_day", "\"23/11/2026\"", "data.touch_day: must be a date YYYY-MM-DD" },
	{ 0, "data.mood", "\"happy\"", "data: unknown field \"mood\" for note.add (allowed: kind, sentiment, summary, text, touch_day)" },
	{ 0, "data.summary", "BADUTF8", "data.summary is not valid UTF-8 (byte 2)" },
	{ 0, "data.summary", "NUL", "data.summary contains a NUL character" },
	{ 0, "author", "BADUTF8", "author is not valid UTF-8" },
	{ 1, "base", NULL, "base: missing (a note.edit event carries the entity's hlc" },
	{ 1, "base", "\"yesterday\"", "base: must be an hlc" },
	{ 1, "data.sentiment", NULL, "" },  /* still sets text: valid (checked below) */
	{ 2, "data.x", "1", "data: unknown field \"x\" for note.delete (allowed: seen)" },
	{ 2, "data.seen", "\"01JD7Y3Q8M5V6W7X8Y9Z0A1B2C\"", "data.seen: must be a list of at most 256 event ids" },
	{ 2, "data.seen", "[\"yesterday\"]", "data.seen[0]: must be an event id (a ULID)" },
	{ 3, "data.severity", "\"critical\"", "data.severity: \"critical\" is not allowed (allowed: low, medium, high)" },
	{ 3, "data.category", "\"Champion Left\"", "data.category: must be a snake_case id" },
	{ 3, "data.text", "\"\"", "data.text: must not be empty" },
	{ 3, "data.opened_day", NULL, "data.opened_day: missing (risk.open requires it)" },
	{ 4, "data.status", "\"closed\"", "data.status: \"closed\" is not allowed (allowed: open, resolved)" },
	{ 4, "data.status", NULL, "data: risk.update sets no field (give at least one of category, severity, text, status, owner)" },
	{ 5, "data.resolved_day", NULL, "data.resolved_day: missing (risk.resolve requires it)" },
	{ 6, "data.kind", "\"visit\"", "(allowed: call, meeting, email, chat, internal, qbr, renewal, onboarding)" },
	{ 6, "data.due_day", "20261201", "data.due_day: must be a string" },
	{ 7, "data.reason", "\"\"", "data.reason: must not be empty" },
	{ 7, "data.reason", "JA501", "data.reason: 501 characters, the limit is 500" },
	{ 8, "data.done_day", NULL, "data.done_day: missing (touch.done requires it)" },
	{ 9, "data.reason", NULL, "data.reason: missing (touch.snooze requires it)" },
	{ 9, "data.reason", "\"\"", "data.reason: must not be empty" },
	{ 10, "account", "\"A1\"", "account: a cover.set event has no account" },
	{ 10, "data.until_day", "\"2026-11-30\"", "data.until_day: before data.from_day" },
	{ 10, "data.absent", "\"Ben Smith\"", "data.absent: must be a CSM handle (1 to 63 of a-z 0-9 . _ -)" },
	{ 10, "data.covered_by", NULL, "data.covered_by: missing (cover.set requires it)" },
	{ 11, "base", NULL, "base: missing (a cover.clear event" },
	{ 12, "data.tags", "DEEP", "data.tags[0][0][0][0][0][0][0][0] nests deeper than 8 levels" },
	{ 12, "data.tags", "BADUTF8", "data.tags is not valid UTF-8" },
	{ 13, "entity", "\"Note/01JD7Y3Q8M5V6W7X8Y9Z0A1B2C\"", "entity: must be KIND/ULID" },
};

static json_object *special_value(const char *json)
{
	if (strncmp(json, "LONG", 4) == 0) {
		size_t n = (size_t)atol(json + 4);
		char *s = xmalloc(n + 1);
		memset(s, 'x', n);
		s[n] = '\0';
		json_object *v = json_object_new_string(s);
		free(s);
		return v;
	}
	if (strncmp(json, "JA", 2) == 0) {
		size_t n = (size_t)atol(json + 2);
		struct sbuf b = { 0 };
		for (size_t i = 0; i < n; i++)
			sbuf_add(&b, "\xe6\x97\xa5", 3);        /* 日 */
		json_object *v = json_object_new_string(sbuf_str(&b));
		sbuf_free(&b);
		return v;
	}
	if (strcmp(json, "BADUTF8") == 0)
		return json_object_new_string_len("ok\xc3\x28", 4);
	if (strcmp(json, "NUL") == 0)
		return json_object_new_string_len("a\0b", 3);
	if (strcmp(json, "DEEP") == 0) {
		json_object *v = json_object_new_int(1);
		for (int i = 0; i < 12; i++) {
			json_object *a = json_object_new_array();
			json_object_array_add(a, v);
			v = a;
		}
		return v;
	}
	return json_tokener_parse(json);
}

static void test_json_rejects_each_malformed_field(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		const struct bad_case *c = &bad_cases[i];
		json_object *obj = json_tokener_parse(valid_events[c->base]);
		json_object *target = obj;
		const char *key = c->path;
		struct event e;
		if (strncmp(key, "data.", 5) == 0) {
			target = json_object_object_get(obj, "data");
			key += 5;
		}
		if (c->json)
			json_object_object_add(target, key, special_value(c->json));
		else
			json_object_object_del(target, key);
		int rc = event_from_json(obj, &e);
		if (!*c->reason) {
			assert_int_equal(rc, 0);
			event_free(&e);
		} else {
			if (rc != -1)
				fail_msg("case %zu (%s) accepted", i, c->path);
			if (!strstr(error_message(), c->reason))
				fail_msg("case %zu (%s): reason \"%s\" lacks \"%s\"", i, c->path,
					 error_message(), c->reason);
			/* The event is named when its id is readable. */
			if (strcmp(c->path, "id") != 0 && !strstr(error_message(), "event " ID ": "))
				fail_msg("case %zu: \"%s\" does not name the event", i, error_message());
			assert_null(e.id);
			assert_null(e.data);
		}
		json_object_put(obj);
	}
	struct event e;
	json_object *arr = json_tokener_parse("[1]");
	assert_int_equal(event_from_json(arr, &e), -1);
	assert_non_null(strstr(error_message(), "not a JSON object"));
	json_object_put(arr);
}

/* Lengths are characters: a summary of 500 Japanese characters (1500
 * bytes, three times the old 500-byte cap) and a reason of 500 are valid. */
static void test_json_lengths_in_characters(void **state)
{
	static const struct { int base; const char *key; } cases[] = {
		{ 0, "summary" }, { 7, "reason" }, { 9, "reason" },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		json_object *obj = json_tokener_parse(valid_events[cases[i].base]);
		json_object_object_add(json_object_object_get(obj, "data"), cases[i].key,
				       special_value("JA500"));
		assert_int_equal(json_object_get_string_len(json_object_object_get(
			json_object_object_get(obj, "data"), cases[i].key)), 1500);
		struct event e;
		if (event_from_json(obj, &e) != 0)
			fail_msg("case %zu: 500 characters refused: %s", i, error_message());
		event_free(&e);
		json_object_put(obj);
	}
}

static void test_json_canonical_escapes(void **state)
{
	(void)state;
	json_object *o = json_object_new_object();
	json_object_object_add(o, "z", json_object_new_string("a/b\t\"\\\x7f é"));
	json_object_object_add(o, "a", json_object_new_int64(-5));
	json_object_object_add(o, "m", json_object_new_boolean(1));
	json_object_object_add(o, "b", NULL);
	char *s = json_canonical(o);
	assert_string_equal(s, "{\"a\":-5,\"b\":null,\"m\":true,\"z\":\"a/b\\t\\\"\\\\\x7f é\"}");
	free(s);
	json_object_put(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hlc_text_roundtrip_and_order),
		cmocka_unit_test(test_hlc_tick_monotonic_when_clock_goes_back_a_year),
		cmocka_unit_test(test_hlc_counter_overflow_moves_to_next_ms),
		cmocka_unit_test(test_hlc_receive_remote_a_day_ahead),
		cmocka_unit_test(test_clock_now_from_env),
		cmocka_unit_test(test_ulid_format_unique_monotonic),
		cmocka_unit_test(test_ulid_valid_rejects),
		cmocka_unit_test(test_json_roundtrip_canonical),
		cmocka_unit_test(test_json_each_type_valid),
		cmocka_unit_test(test_json_rejects_each_malformed_field),
		cmocka_unit_test(test_json_lengths_in_characters),
		cmocka_unit_test(test_json_canonical_escapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
