/* event.c - team events: clocks, ids, the JSON form and its validation,
 * writing own events and ingesting teammates' (see event.h).
 *
 * Validation is strict because events come from other machines through a
 * shared folder: every field is checked for type, size, UTF-8 and format, and
 * a refusal names the field and the allowed values. Events of a type or
 * version this build does not know are accepted on their envelope alone and
 * kept unapplied until a build that knows them arrives.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/i18n.h"
#include "csconsole/limits.h"
#include "csconsole/text.h"
#include "csconsole/undo.h"
#include "csconsole/feedback.h"
#include "csconsole/opportunity.h"

#define ACCOUNT_MAX 63
#define TYPE_MAX 63
#define VERSION_MAX 9999
#define DATA_DEPTH_MAX 8

/* ---- types ---- */

struct type_info {
	const char *name, *kind, *help;
	int version;
	bool creates;
};

static struct type_info types[EVENT_TYPE_COUNT] = {
	[EVENT_UNKNOWN] = { "unknown", "", "", 0, false },
#define TYPE_INFO(id, n, v, k, c, h) [EVENT_##id] = { n, k, h, v, c },
	EVENT_TYPES(TYPE_INFO)
#undef TYPE_INFO
};

enum event_type event_type_parse(const char *name, int version)
{
	for (int t = 1; t < EVENT_TYPE_COUNT; t++)
		if (str_eq(name, types[t].name))
			return version >= 1 && version <= types[t].version ? (enum event_type)t
									 : EVENT_UNKNOWN;
	return EVENT_UNKNOWN;
}

const char *event_type_name(enum event_type t)
{
	return t > EVENT_UNKNOWN && t < EVENT_TYPE_COUNT ? types[t].name : NULL;
}

void event_type_accept_version(enum event_type t, int version)
{
	if (t > EVENT_UNKNOWN && t < EVENT_TYPE_COUNT)
		types[t].version = version;
}

/* ---- hybrid logical clock ---- */

#define HLC_MS_MAX 0xffffffffffffULL
#define HLC_COUNTER_MAX 0xffffu

void hlc_format(struct hlc h, char out[HLC_TEXT_SIZE])
{
	snprintf(out, HLC_TEXT_SIZE, "%012llx.%04x", (unsigned long long)(h.ms & HLC_MS_MAX),
		 (unsigned)(h.counter & HLC_COUNTER_MAX));
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

bool hlc_parse(const char *s, struct hlc *out)
{
	uint64_t ms = 0;
	uint32_t counter = 0;
	if (!s || strlen(s) != HLC_TEXT_SIZE - 1 || s[12] != '.')
		return false;
	for (int i = 0; i < 17; i++) {
		if (i == 12)
			continue;
		int v = hexval(s[i]);
		if (v < 0)
			return false;
		if (i < 12)
			ms = ms << 4 | (uint64_t)v;
		else
			counter = counter << 4 | (uint32_t)v;
	}
	out->ms = ms;
	out->counter = counter;
	return true;
}

int hlc_compare(struct hlc a, struct hlc b)
{
	if (a.ms != b.ms)
		return a.ms < b.ms ? -1 : 1;
	if (a.counter != b.counter)
		return a.counter < b.counter ? -1 : 1;
	return 0;
}

/* The stamp after h at the same physical time: the counter, or when it is
 * exhausted the next millisecond (the text form has 4 hex digits). */
static struct hlc hlc_next(struct hlc h)
{
	if (h.counter < HLC_COUNTER_MAX)
		return (struct hlc){ h.ms, h.counter + 1 };
	if (h.ms < HLC_MS_MAX)
		return (struct hlc){ h.ms + 1, 0 };
	return h; /* saturated: year 10889 */
}

struct hlc hlc_tick(struct hlc last, uint64_t now_ms)
{
	if (now_ms > HLC_MS_MAX)
		now_ms = HLC_MS_MAX;
	if (now_ms > last.ms)
		return (struct hlc){ now_ms, 0 };
	return hlc_next(last);
}

struct hlc hlc_receive(struct hlc last, struct hlc remote, uint64_t now_ms)
{
	struct hlc max = hlc_compare(last, remote) >= 0 ? last : remote;
	return hlc_tick(max, now_ms);
}

uint64_t clock_now_ms(void)
{
	const char *now = getenv("CSCONSOLE_NOW");
	const char *today = getenv("CSCONSOLE_TODAY");
	int64_t ts;
	int day;
	if (now && *now && ts_parse_iso(now, &ts) && ts >= 0)
		return (uint64_t)ts * 1000;
	if (today && *today && day_parse_iso(today, &day) && day >= 0)
		return ((uint64_t)day * 86400 + 43200) * 1000;
	struct timespec tp;
	clock_gettime(CLOCK_REALTIME, &tp);
	return (uint64_t)tp.tv_sec * 1000 + (uint64_t)tp.tv_nsec / 1000000;
}

/* ---- ULID ---- */

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void random_bytes(unsigned char *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = getrandom(buf + got, n - got, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			die(_("getrandom failed: %s"), strerror(errno));
		}
		got += (size_t)r;
	}
}

void ulid_new(uint64_t ms, char out[ULID_SIZE])
{
	/* Monotonic within a process: a second id in the same millisecond is
	 * the previous random part plus one, so ids sort in creation order. */
	static uint64_t last_ms = UINT64_MAX;
	static unsigned char last_rand[10];
	unsigned char r[10];
	bool carry = true;

	ms &= HLC_MS_MAX;
	if (ms == last_ms) {
		memcpy(r, last_rand, sizeof(r));
		for (int i = 9; i >= 0 && carry; i--)
			carry = ++r[i] == 0;
	}
	if (ms != last_ms || carry)
		random_bytes(r, sizeof(r));
	last_ms = ms;
	memcpy(last_rand, r, sizeof(r));

	for (int i = 9; i >= 0; i--, ms >>= 5)
		out[i] = crockford[ms & 31];
	for (int half = 0; half < 2; half++) {
		uint64_t v = 0;
		for (int i = 0; i < 5; i++)
			v = v << 8 | r[half * 5 + i];
		for (int i = 7; i >= 0; i--, v >>= 5)
			out[10 + half * 8 + i] = crockford[v & 31];
	}
	out[26] = '\0';
}

bool ulid_valid(const char *s)
{
	if (!s || strlen(s) != ULID_SIZE - 1 || s[0] > '7')
		return false;
	for (int i = 0; i < ULID_SIZE - 1; i++)
		if (!strchr(crockford, s[i]) || s[i] == '\0')
			return false;
	return true;
}

static int sql_fail(struct store *st, const char *what)
{
	return error(_("%s: %s (database %s)"), what, sqlite3_errmsg(st->db), st->path);
}

/* ---- canonical JSON ---- */

static void json_add_string(struct sbuf *b, const char *s, size_t len)
{
	sbuf_addc(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': sbuf_adds(b, "\\\""); break;
		case '\\': sbuf_adds(b, "\\\\"); break;
		case '\b': sbuf_adds(b, "\\b"); break;
		case '\f': sbuf_adds(b, "\\f"); break;
		case '\n': sbuf_adds(b, "\\n"); break;
		case '\r': sbuf_adds(b, "\\r"); break;
		case '\t': sbuf_adds(b, "\\t"); break;
		default:
			if (c < 0x20)
				sbuf_addf(b, "\\u%04x", c);
			else
				sbuf_addc(b, (char)c);
		}
	}
	sbuf_addc(b, '"');
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void json_add_value(struct sbuf *b, json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_null:
		sbuf_adds(b, "null");
		break;
	case json_type_string:
		json_add_string(b, json_object_get_string(v), (size_t)json_object_get_string_len(v));
		break;
	case json_type_object: {
		size_t n = (size_t)json_object_object_length(v), i = 0;
		const char **keys = xcalloc(n ? n : 1, sizeof(*keys));
		struct json_object_iterator it = json_object_iter_begin(v);
		struct json_object_iterator end = json_object_iter_end(v);
		for (; !json_object_iter_equal(&it, &end) && i < n; json_object_iter_next(&it))
			keys[i++] = json_object_iter_peek_name(&it);
		qsort(keys, i, sizeof(*keys), cmp_str);
		sbuf_addc(b, '{');
		for (size_t k = 0; k < i; k++) {
			if (k)
				sbuf_addc(b, ',');
			json_add_string(b, keys[k], strlen(keys[k]));
			sbuf_addc(b, ':');
			json_add_value(b, json_object_object_get(v, keys[k]));
		}
		sbuf_addc(b, '}');
		free(keys);
		break;
	}
	case json_type_array: {
		size_t n = json_object_array_length(v);
		sbuf_addc(b, '[');
		for (size_t i = 0; i < n; i++) {
			if (i)
				sbuf_addc(b, ',');
			json_add_value(b, json_object_array_get_idx(v, i));
		}
		sbuf_addc(b, ']');
		break;
	}
	default: /* boolean, int, double: json-c's plain form */
		sbuf_adds(b, json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
	}
}

char *json_canonical(json_object *v)
{
	struct sbuf b = { 0 };
	json_add_value(&b, v);
	return b.data;
}

char *event_to_json(const struct event *e)
{
	struct sbuf b = { 0 };
	char hlc[HLC_TEXT_SIZE];
	hlc_format(e->hlc, hlc);
	/* Keys in sorted order. */
	sbuf_addc(&b, '{');
	if (e->account) {
		sbuf_adds(&b, "\"account\":");
		json_add_string(&b, e->account, strlen(e->account));
		sbuf_addc(&b, ',');
	}
	sbuf_adds(&b, "\"author\":");
	json_add_string(&b, e->author ? e->author : "", e->author ? strlen(e->author) : 0);
	if (e->base) {
		sbuf_adds(&b, ",\"base\":");
		json_add_string(&b, e->base, strlen(e->base));
	}
	sbuf_adds(&b, ",\"data\":");
	if (e->data)
		json_add_value(&b, e->data);
	else
		sbuf_adds(&b, "{}");
	sbuf_adds(&b, ",\"device\":");
	json_add_string(&b, e->device ? e->device : "", e->device ? strlen(e->device) : 0);
	sbuf_adds(&b, ",\"entity\":");
	json_add_string(&b, e->entity ? e->entity : "", e->entity ? strlen(e->entity) : 0);
	sbuf_addf(&b, ",\"hlc\":\"%s\",\"id\":", hlc);
	json_add_string(&b, e->id ? e->id : "", e->id ? strlen(e->id) : 0);
	sbuf_addf(&b, ",\"seq\":%lld,\"type\":", (long long)e->seq);
	json_add_string(&b, e->type ? e->type : "", e->type ? strlen(e->type) : 0);
	sbuf_addf(&b, ",\"version\":%d}", e->version);
	return b.data;
}

/* ---- validation ---- */

void event_free(struct event *e)
{
	if (!e)
		return;
	free(e->id);
	free(e->device);
	free(e->author);
	free(e->type);
	free(e->entity);
	free(e->account);
	free(e->base);
	if (e->data)
		json_object_put(e->data);
	memset(e, 0, sizeof(*e));
}

/* Valid UTF-8 without NUL; `what` names the field in the message. */
/* Validation messages (from here to event_from_json) are built in English,
 * marked N_() for the catalog: they become a segment's stored reason, which
 * `sync --status --format json` prints and code compares; people read it
 * through eventsync_reason_text(), translated where it is a whole message.
 * The local forms (log.c) check what a person types with translated
 * messages first. */
static int check_text(const char *what, const char *s, size_t len)
{
	size_t bad;
	if (memchr(s, '\0', len))
		return error(N_("%s contains a NUL character"), what);
	if (!utf8_valid(s, len, &bad))
		return error(N_("%s is not valid UTF-8 (byte %zu)"), what, bad);
	return 0;
}

static bool is_snake_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 63 || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

/* A type name: dot-separated lowercase words ("note.add"). */
static bool is_type_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > TYPE_MAX || s[0] == '.' || s[n - 1] == '.' || strstr(s, ".."))
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_.") == n;
}

/* Recursively: every key and string valid UTF-8 without NUL, bounded depth.
 * `where` is the path so far ("data.tags[2]"), named in the message. */
static int check_json_strings(const char *where, json_object *v, int depth)
{
	char path[96];
	if (depth > DATA_DEPTH_MAX)
		return error(N_("%s nests deeper than %d levels"), where, DATA_DEPTH_MAX);
	switch (json_object_get_type(v)) {
	case json_type_string:
		return check_text(where, json_object_get_string(v), (size_t)json_object_get_string_len(v));
	case json_type_object: {
		struct json_object_iterator it = json_object_iter_begin(v);
		struct json_object_iterator end = json_object_iter_end(v);
		for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
			const char *k = json_object_iter_peek_name(&it);
			if (check_text(where, k, strlen(k)))
				return error_prefix("a key in");
			str_format(path, sizeof(path), "%s.%s", where, k);
			if (check_json_strings(path, json_object_iter_peek_value(&it), depth + 1))
				return -1;
		}
		return 0;
	}
	case json_type_array:
		for (size_t i = 0; i < json_object_array_length(v); i++) {
			str_format(path, sizeof(path), "%s[%zu]", where, i);
			if (check_json_strings(path, json_object_array_get_idx(v, i), depth + 1))
				return -1;
		}
		return 0;
	default:
		return 0;
	}
}

/* Data fields of the known types. */
enum field_kind {
	FK_NOTE_KIND, FK_TOUCH_KIND, FK_SENTIMENT, FK_SUMMARY, FK_TEXT, FK_TEXT_REQUIRED,
	FK_REASON, FK_DAY, FK_HANDLE, FK_CATEGORY, FK_SEVERITY, FK_RISK_STATUS, FK_TOUCH_STATUS, FK_SEEN,
	FK_BOOL, FK_TIME,
};

/* data.seen: at most this many event ids (the heads of what an update's
 * writer had seen: one unless edits were concurrent). */
#define SEEN_MAX 256

#define F_REQ 1      /* must be present */
#define F_NULL 2     /* may be null (clears the value) */

struct field_spec {
	const char *name;
	enum field_kind kind;
	int flags;
	enum limit_field limit;   /* a text's length (limits.h: characters) */
};
#define NOT_TEXT LIMIT_COUNT      /* the limit of a field that is not a text */

struct type_fields {
	const struct field_spec *fields;
	size_t n;
	bool at_least_one;   /* an edit: must set some field */
	/* Its later versions only added optional fields (`since`): an event
	 * is written at the lowest version that carries the fields it sets,
	 * so releases that know only that version apply it. */
	bool lowest;
};

static const struct field_spec f_note_add[] = {
	{ "kind", FK_NOTE_KIND, F_REQ, NOT_TEXT }, { "sentiment", FK_SENTIMENT, 0, NOT_TEXT },
	{ "summary", FK_SUMMARY, F_REQ, LIMIT_SUMMARY }, { "text", FK_TEXT, 0, LIMIT_NOTE }, { "touch_day", FK_DAY, F_REQ, NOT_TEXT },
};
static const struct field_spec f_note_edit[] = {
	{ "kind", FK_NOTE_KIND, 0, NOT_TEXT }, { "sentiment", FK_SENTIMENT, F_NULL, NOT_TEXT },
	{ "summary", FK_SUMMARY, 0, LIMIT_SUMMARY }, { "text", FK_TEXT, F_NULL, LIMIT_NOTE }, { "touch_day", FK_DAY, 0, NOT_TEXT },
	{ "seen", FK_SEEN, 0, NOT_TEXT },
};
/* Tombstones carry only what their writer had seen. */
static const struct field_spec f_seen_only[] = { { "seen", FK_SEEN, 0, NOT_TEXT } };
/* owner (v2): who takes care of the risk; absent: its author */
static const struct field_spec f_risk_open[] = {
	{ "category", FK_CATEGORY, F_REQ, NOT_TEXT }, { "severity", FK_SEVERITY, F_REQ, NOT_TEXT },
	{ "text", FK_TEXT_REQUIRED, F_REQ, LIMIT_RISK_TEXT }, { "opened_day", FK_DAY, F_REQ, NOT_TEXT },
	{ "owner", FK_HANDLE, 0, NOT_TEXT },
};
static const struct field_spec f_risk_update[] = {
	{ "category", FK_CATEGORY, 0, NOT_TEXT }, { "severity", FK_SEVERITY, 0, NOT_TEXT },
	{ "text", FK_TEXT_REQUIRED, 0, LIMIT_RISK_TEXT }, { "status", FK_RISK_STATUS, 0, NOT_TEXT },
	{ "owner", FK_HANDLE, 0, NOT_TEXT }, { "seen", FK_SEEN, 0, NOT_TEXT },
};
/* the closing note: "note" from v3, "text" before (event_validate) */
static const struct field_spec f_risk_resolve[] = {
	{ "text", FK_TEXT, 0, LIMIT_CLOSING }, { "note", FK_TEXT, 0, LIMIT_CLOSING },
	{ "resolved_day", FK_DAY, F_REQ, NOT_TEXT }, { "seen", FK_SEEN, 0, NOT_TEXT },
};
/* time (v2): the time of day, "HH:MM" local; absent: all day */
static const struct field_spec f_touch_schedule[] = {
	{ "due_day", FK_DAY, F_REQ, NOT_TEXT }, { "kind", FK_TOUCH_KIND, 0, NOT_TEXT }, { "note", FK_TEXT, 0, LIMIT_TOUCH_NOTE },
	{ "time", FK_TIME, 0, NOT_TEXT },
};

/* Fields a later version of their type added (the others are in its first
 * version): an event of an earlier version that carries one is refused. */
static const struct {
	enum event_type type;
	const char *field;
	int since;
} field_since[] = {
	{ EVENT_TOUCH_SCHEDULE, "time", 2 },
};

static int since_version(enum event_type t, const char *field)
{
	for (size_t i = 0; i < ARRAY_SIZE(field_since); i++)
		if (field_since[i].type == t && str_eq(field_since[i].field, field))
			return field_since[i].since;
	return 1;
}
static const struct field_spec f_touch_reschedule[] = {
	{ "due_day", FK_DAY, F_REQ, NOT_TEXT }, { "reason", FK_REASON, 0, LIMIT_REASON }, { "seen", FK_SEEN, 0, NOT_TEXT },
};
static const struct field_spec f_touch_done[] = {
	{ "done_day", FK_DAY, F_REQ, NOT_TEXT }, { "note", FK_TEXT, 0, LIMIT_TOUCH_NOTE }, { "seen", FK_SEEN, 0, NOT_TEXT },
};
static const struct field_spec f_touch_snooze[] = {
	{ "until_day", FK_DAY, F_REQ, NOT_TEXT }, { "reason", FK_REASON, F_REQ, LIMIT_REASON }, { "seen", FK_SEEN, 0, NOT_TEXT },
};
/* an account of owner's brief for the absence from from_day, reviewed or not */
static const struct field_spec f_handoff_review[] = {
	{ "owner", FK_HANDLE, F_REQ, NOT_TEXT }, { "from_day", FK_DAY, F_REQ, NOT_TEXT },
	{ "reviewed", FK_BOOL, F_REQ, NOT_TEXT },
};
/* An undo's compensation: the touchpoint's fields as they were before. */
static const struct field_spec f_touch_restore[] = {
	{ "status", FK_TOUCH_STATUS, F_REQ, NOT_TEXT }, { "due_day", FK_DAY, F_REQ, NOT_TEXT },
	{ "note", FK_TEXT, F_NULL, LIMIT_TOUCH_NOTE }, { "reason", FK_REASON, F_NULL, LIMIT_REASON },
	{ "seen", FK_SEEN, 0, NOT_TEXT },
};
static const struct field_spec f_cover_set[] = {
	{ "absent", FK_HANDLE, F_REQ, NOT_TEXT }, { "covered_by", FK_HANDLE, F_REQ, NOT_TEXT },
	{ "from_day", FK_DAY, F_REQ, NOT_TEXT }, { "until_day", FK_DAY, F_REQ, NOT_TEXT },
};

#define FIELDS(a, one) { a, ARRAY_SIZE(a), one, false }
#define FIELDS_LOWEST(a) { a, ARRAY_SIZE(a), false, true }
static const struct type_fields type_fields[EVENT_TYPE_COUNT] = {
	[EVENT_NOTE_ADD] = FIELDS(f_note_add, false),
	[EVENT_NOTE_EDIT] = FIELDS(f_note_edit, true),
	[EVENT_NOTE_DELETE] = FIELDS(f_seen_only, false),
	[EVENT_RISK_OPEN] = FIELDS(f_risk_open, false),
	[EVENT_RISK_UPDATE] = FIELDS(f_risk_update, true),
	[EVENT_RISK_RESOLVE] = FIELDS(f_risk_resolve, false),
	[EVENT_TOUCH_SCHEDULE] = FIELDS_LOWEST(f_touch_schedule),
	[EVENT_TOUCH_RESCHEDULE] = FIELDS(f_touch_reschedule, false),
	[EVENT_TOUCH_DONE] = FIELDS(f_touch_done, false),
	[EVENT_TOUCH_SNOOZE] = FIELDS(f_touch_snooze, false),
	[EVENT_TOUCH_RESTORE] = FIELDS(f_touch_restore, false),
	[EVENT_COVER_SET] = FIELDS(f_cover_set, false),
	[EVENT_COVER_CLEAR] = FIELDS(f_seen_only, false),
	[EVENT_HANDOFF_REVIEW] = FIELDS(f_handoff_review, false),
};

const char *const event_note_kinds[] = { "call", "meeting", "email", "chat", "internal", NULL };
const char *const event_touch_kinds[] = { "call", "meeting", "email", "chat", "internal",
					  "qbr", "renewal", "onboarding", NULL };
const char *const event_severities[] = { "low", "medium", "high", NULL };

static const char *const risk_statuses[] = { "open", "resolved", NULL };
static const char *const touch_restore_statuses[] = { "open", "snoozed", "cancelled", NULL };

static int check_enum(const char *field, const char *s, const char *const *allowed)
{
	struct sbuf list = { 0 };
	for (size_t i = 0; allowed[i]; i++)
		if (strcmp(s, allowed[i]) == 0)
			return 0;
	for (size_t i = 0; allowed[i]; i++)
		sbuf_addf(&list, "%s%s", i ? ", " : "", allowed[i]);
	char *t = text_sanitize(s, false);
	error(N_("data.%s: \"%.40s\" is not allowed (allowed: %s)"), field, t, list.data);
	free(t);
	sbuf_free(&list);
	return -1;
}

static int check_field(const struct field_spec *f, json_object *v)
{
	char where[64];
	if (f->kind == FK_SEEN) {
		size_t n = json_object_is_type(v, json_type_array) ? json_object_array_length(v) : 0;
		if (!json_object_is_type(v, json_type_array) || n > SEEN_MAX)
			return error(N_("data.seen: must be a list of at most %d event ids"), SEEN_MAX);
		for (size_t i = 0; i < n; i++)
			if (!ulid_valid(json_object_get_string(json_object_array_get_idx(v, i))))
				return error(N_("data.seen[%zu]: must be an event id (a ULID)"), i);
		return 0;
	}
	if (f->kind == FK_BOOL) {
		if (!json_object_is_type(v, json_type_boolean))
			return error(N_("data.%s: must be true or false"), f->name);
		return 0;
	}
	if (json_object_is_type(v, json_type_null)) {
		if (f->flags & F_NULL)
			return 0;
		return error(N_("data.%s: must not be null"), f->name);
	}
	if (f->kind == FK_SENTIMENT) {
		int64_t n = json_object_get_int64(v);
		if (!json_object_is_type(v, json_type_int) || n < 1 || n > 9)
			return error(N_("data.sentiment: must be an integer from 1 to 9"));
		return 0;
	}
	if (!json_object_is_type(v, json_type_string))
		return error(N_("data.%s: must be a string"), f->name);
	const char *s = json_object_get_string(v);
	size_t len = (size_t)json_object_get_string_len(v);
	str_format(where, sizeof(where), "data.%s", f->name);
	if (check_text(where, s, len))
		return -1;
	int day;
	switch (f->kind) {
	case FK_NOTE_KIND:
		return check_enum(f->name, s, event_note_kinds);
	case FK_TOUCH_KIND:
		return check_enum(f->name, s, event_touch_kinds);
	case FK_SEVERITY:
		return check_enum(f->name, s, event_severities);
	case FK_RISK_STATUS:
		return check_enum(f->name, s, risk_statuses);
	case FK_TOUCH_STATUS:
		return check_enum(f->name, s, touch_restore_statuses);
	case FK_SUMMARY:
	case FK_REASON:
	case FK_TEXT_REQUIRED:
		if (len == 0)
			return error(N_("data.%s: must not be empty"), f->name);
		/* fall through */
	case FK_TEXT:
		/* counted in characters, as the console and the CLI count */
		return limit_check(f->limit, where, s, len);
	case FK_DAY:
		if (!day_parse_iso(s, &day))
			return error(N_("data.%s: must be a date YYYY-MM-DD"), f->name);
		return 0;
	case FK_TIME:
		if (!time_parse_hhmm(s, true, &day))
			return error(N_("data.%s: must be a time of day HH:MM (00:00 to 23:59)"), f->name);
		return 0;
	case FK_HANDLE:
		if (!handle_valid(s))
			return error(N_("data.%s: must be a CSM handle (1 to %d of a-z 0-9 . _ -)"),
				     f->name, HANDLE_MAX);
		return 0;
	case FK_CATEGORY:
		if (!is_snake_id(s))
			return error(N_("data.category: must be a snake_case id (a-z, then a-z 0-9 _; "
				     "at most 63)"));
		return 0;
	case FK_SENTIMENT:
	case FK_SEEN:
	case FK_BOOL:
		break;
	}
	return 0;
}

static int validate_data(enum event_type t, int version, json_object *data)
{
	const struct type_fields *tf = &type_fields[t];
	size_t set = 0;
	if (!json_object_is_type(data, json_type_object))
		return error(N_("data: must be an object"));
	/* Unknown fields first: a typo should not read as a missing field. */
	struct json_object_iterator it = json_object_iter_begin(data);
	struct json_object_iterator end = json_object_iter_end(data);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		const char *k = json_object_iter_peek_name(&it);
		size_t i;
		for (i = 0; i < tf->n; i++)
			if (strcmp(k, tf->fields[i].name) == 0)
				break;
		if (i == tf->n) {
			struct sbuf list = { 0 };
			for (size_t j = 0; j < tf->n; j++)
				sbuf_addf(&list, "%s%s", j ? ", " : "", tf->fields[j].name);
			char *ks = text_sanitize(k, false);
			error(N_("data: unknown field \"%.40s\" for %s (allowed: %s)"), ks,
			      types[t].name, tf->n ? list.data : "none");
			free(ks);
			sbuf_free(&list);
			return -1;
		}
	}
	for (size_t i = 0; i < tf->n; i++) {
		json_object *v;
		if (!json_object_object_get_ex(data, tf->fields[i].name, &v)) {
			if (tf->fields[i].flags & F_REQ)
				return error(N_("data.%s: missing (%s requires it)"), tf->fields[i].name,
					     types[t].name);
			continue;
		}
		int since = since_version(t, tf->fields[i].name);
		if (since > version)
			return error(N_("data.%s: %s version %d has no %s (version %d added it)"),
				     tf->fields[i].name, types[t].name, version, tf->fields[i].name, since);
		if (check_field(&tf->fields[i], v))
			return -1;
		set += tf->fields[i].kind != FK_SEEN;
	}
	if (tf->at_least_one && set == 0) {
		struct sbuf list = { 0 };
		for (size_t j = 0; j < tf->n; j++)
			if (tf->fields[j].kind != FK_SEEN)
				sbuf_addf(&list, "%s%s", j ? ", " : "", tf->fields[j].name);
		error(N_("data: %s sets no field (give at least one of %s)"), types[t].name, list.data);
		sbuf_free(&list);
		return -1;
	}
	if (t == EVENT_COVER_SET) {
		int from, until;
		day_parse_iso(json_object_get_string(json_object_object_get(data, "from_day")), &from);
		day_parse_iso(json_object_get_string(json_object_object_get(data, "until_day")), &until);
		if (until < from)
			return error(N_("data.until_day: before data.from_day"));
	}
	return 0;
}

static const char *const envelope_keys[] = {
	"account", "author", "base", "data", "device", "entity", "hlc", "id", "seq", "type", "version",
};

/* A string member: NULL with error() when missing (and required) or invalid. */
static int get_string(json_object *obj, const char *key, bool required, char **out)
{
	json_object *v;
	*out = NULL;
	if (!json_object_object_get_ex(obj, key, &v) || json_object_is_type(v, json_type_null)) {
		if (required)
			return error(N_("%s: missing"), key);
		return 0;
	}
	if (!json_object_is_type(v, json_type_string))
		return error(N_("%s: must be a string"), key);
	const char *s = json_object_get_string(v);
	size_t len = (size_t)json_object_get_string_len(v);
	if (check_text(key, s, len))
		return -1;
	*out = xstrndup(s, len);
	return 0;
}

static int get_int(json_object *obj, const char *key, int64_t min, int64_t max, int64_t *out)
{
	json_object *v;
	if (!json_object_object_get_ex(obj, key, &v))
		return error(N_("%s: missing"), key);
	if (!json_object_is_type(v, json_type_int))
		return error(N_("%s: must be an integer"), key);
	errno = 0;
	*out = json_object_get_int64(v);
	if (*out < min || *out > max || (json_object_get_int64(v) == INT64_MAX &&
					 json_object_get_uint64(v) > (uint64_t)INT64_MAX))
		return error(N_("%s: must be from %lld to %lld"), key, (long long)min, (long long)max);
	return 0;
}

static int parse_envelope(json_object *obj, struct event *out)
{
	char *hlc = NULL;
	int64_t n;

	if (!json_object_is_type(obj, json_type_object))
		return error(N_("not a JSON object"));
	struct json_object_iterator it = json_object_iter_begin(obj);
	struct json_object_iterator end = json_object_iter_end(obj);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		const char *k = json_object_iter_peek_name(&it);
		bool known = false;
		for (size_t i = 0; i < ARRAY_SIZE(envelope_keys); i++)
			known = known || strcmp(k, envelope_keys[i]) == 0;
		if (!known) {
			char *ks = text_sanitize(k, false);
			error(N_("unknown field \"%.40s\" (allowed: account, author, base, data, device, "
			      "entity, hlc, id, seq, type, version)"), ks);
			free(ks);
			return -1;
		}
	}
	if (get_string(obj, "id", true, &out->id))
		return -1;
	if (!ulid_valid(out->id))
		return error(N_("id: must be a ULID (26 characters of 0-9 A-Z without I L O U)"));
	if (get_string(obj, "device", true, &out->device))
		return -1;
	if (!ulid_valid(out->device))
		return error(N_("device: must be a ULID (26 characters of 0-9 A-Z without I L O U)"));
	if (get_int(obj, "seq", 1, INT64_MAX, &out->seq))
		return -1;
	if (get_string(obj, "hlc", true, &hlc))
		return -1;
	bool ok = hlc_parse(hlc, &out->hlc);
	free(hlc);
	if (!ok)
		return error(N_("hlc: must be 12 hex digits, a dot and 4 hex digits (lowercase)"));
	if (get_string(obj, "author", true, &out->author))
		return -1;
	if (!handle_valid(out->author))
		return error(N_("author: must be a CSM handle (1 to %d of a-z 0-9 . _ -)"), HANDLE_MAX);
	if (get_string(obj, "type", true, &out->type))
		return -1;
	if (!is_type_name(out->type))
		return error(N_("type: must be a type name such as note.add (a-z 0-9 _ and dots)"));
	if (get_int(obj, "version", 1, VERSION_MAX, &n))
		return -1;
	out->version = (int)n;
	if (get_string(obj, "entity", true, &out->entity))
		return -1;
	const char *slash = strchr(out->entity, '/');
	if (!slash || slash == out->entity || slash - out->entity > 15 ||
	    strspn(out->entity, "abcdefghijklmnopqrstuvwxyz") != (size_t)(slash - out->entity) ||
	    !ulid_valid(slash + 1))
		return error(N_("entity: must be KIND/ULID such as note/01J..."));
	if (get_string(obj, "account", false, &out->account))
		return -1;
	if (out->account && (!*out->account || strlen(out->account) > ACCOUNT_MAX))
		return error(N_("account: must be 1 to %d bytes"), ACCOUNT_MAX);
	if (get_string(obj, "base", false, &out->base))
		return -1;
	struct hlc base;
	if (out->base && !hlc_parse(out->base, &base))
		return error(N_("base: must be an hlc (12 hex digits, a dot and 4 hex digits)"));
	json_object *data;
	if (!json_object_object_get_ex(obj, "data", &data))
		return error(N_("data: missing"));
	if (!json_object_is_type(data, json_type_object))
		return error(N_("data: must be an object"));
	if (check_json_strings("data", data, 0))
		return -1;
	out->data = json_object_get(data);
	return 0;
}

/* The rules of a known type on the envelope: entity kind, account, base. */
int event_validate(enum event_type t, const struct event *e)
{
	const struct type_info *ti = &types[t];
	size_t klen = strlen(ti->kind);
	if (strncmp(e->entity, ti->kind, klen) != 0 || e->entity[klen] != '/')
		return error(N_("entity: a %s event is about a %s/ULID entity"), ti->name, ti->kind);
	if (strcmp(ti->kind, "cover") == 0) {
		if (e->account)
			return error(N_("account: a %s event has no account"), ti->name);
	} else if (!e->account) {
		return error(N_("account: missing (a %s event names its account)"), ti->name);
	}
	if (ti->creates && e->base)
		return error(N_("base: a %s event creates its entity and has no base"), ti->name);
	if (!ti->creates && !e->base)
		return error(N_("base: missing (a %s event carries the entity's hlc its writer saw)"),
			     ti->name);
	if (t == EVENT_RISK_RESOLVE && e->data &&
	    json_object_object_get_ex(e->data, e->version >= 3 ? "text" : "note", NULL))
		return error(e->version >= 3 ? N_("data.text: risk.resolve v3 keeps the risk's text; its closing note is data.note")
			     : N_("data.note: risk.resolve v%d carries its closing note as data.text"), e->version);
	if (t == EVENT_OPPORTUNITY_OPEN || t == EVENT_OPPORTUNITY_UPDATE || t == EVENT_OPPORTUNITY_CLOSE)
		return opportunity_validate(t, e->version, e->data);
	if (t == EVENT_FEEDBACK_ADD || t == EVENT_FEEDBACK_RETRACT)
		return feedback_validate(t, e->version, e->data);
	return validate_data(t, e->version, e->data);
}

int event_from_json(json_object *obj, struct event *out)
{
	memset(out, 0, sizeof(*out));
	if (parse_envelope(obj, out) == 0) {
		enum event_type t = event_type_parse(out->type, out->version);
		if (t == EVENT_UNKNOWN)
			return 0;
		if (event_validate(t, out) == 0)
			return out->validated = true, 0;
	}
	/* Name the event whenever its id is readable. */
	json_object *idv = NULL;
	const char *id = json_object_is_type(obj, json_type_object) &&
			 json_object_object_get_ex(obj, "id", &idv) ? json_object_get_string(idv) : NULL;
	if (json_object_is_type(idv, json_type_string) && ulid_valid(id))
		error_prefix("event %s", id);
	else
		error_prefix("event");
	event_free(out);
	return -1;
}

/* ---- device and clock in meta ---- */

static const char sql_meta_get[] = "SELECT value FROM meta WHERE key = ?1";
static const char sql_meta_set[] =
	"INSERT INTO meta(key, value) VALUES (?1, ?2) "
	"ON CONFLICT(key) DO UPDATE SET value = excluded.value";

static char *meta_get(struct store *st, const char *key)
{
	sqlite3_stmt *s = store_stmt(st, sql_meta_get);
	char *v = NULL;
	if (!s)
		return NULL;
	store_bind_text(s, 1, key);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return v;
}

static int meta_set(struct store *st, const char *key, const char *value)
{
	sqlite3_stmt *s = store_stmt(st, sql_meta_set);
	if (!s)
		return -1;
	store_bind_text(s, 1, key);
	store_bind_text(s, 2, value);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(st, _("cannot write a setting"));
}

#define META_DEVICE "device"
#define META_HLC "hlc"

int device_id(struct store *st, char **out)
{
	char *id = meta_get(st, META_DEVICE);
	if (id && ulid_valid(id)) {
		*out = id;
		return 0;
	}
	free(id);
	char fresh[ULID_SIZE];
	ulid_new(clock_now_ms(), fresh);
	if (meta_set(st, META_DEVICE, fresh))
		return -1;
	*out = xstrdup(fresh);
	return 0;
}

static struct hlc clock_load(struct store *st)
{
	struct hlc h = { 0, 0 };
	char *s = meta_get(st, META_HLC);
	if (s && !hlc_parse(s, &h))
		h = (struct hlc){ 0, 0 };
	free(s);
	return h;
}

static int clock_save(struct store *st, struct hlc h)
{
	char text[HLC_TEXT_SIZE];
	hlc_format(h, text);
	return meta_set(st, META_HLC, text);
}

/* ---- writing and ingesting ---- */

static const char sql_insert[] =
	"INSERT INTO event(id, device, seq, hlc, author, type, version, entity, account, base, "
	"data, own, published, segment, applied) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 0, ?13, ?14) "
	"ON CONFLICT(id) DO NOTHING";

/* applied: the event is of a known type and valid (state_apply_entity()
 * then applies it); 0 leaves it pending, or (an own event) unapplied until
 * state_apply_entity() marks it. */
static int insert_event(struct store *st, const struct event *e, bool own, const char *segment,
			bool applied, bool *inserted)
{
	sqlite3_stmt *s = store_stmt(st, sql_insert);
	char hlc[HLC_TEXT_SIZE];
	if (!s)
		return -1;
	hlc_format(e->hlc, hlc);
	char *data = json_canonical(e->data);
	store_bind_text(s, 1, e->id);
	store_bind_text(s, 2, e->device);
	sqlite3_bind_int64(s, 3, e->seq);
	store_bind_text(s, 4, hlc);
	store_bind_text(s, 5, e->author);
	store_bind_text(s, 6, e->type);
	sqlite3_bind_int(s, 7, e->version);
	store_bind_text(s, 8, e->entity);
	store_bind_text(s, 9, e->account);
	store_bind_text(s, 10, e->base);
	sqlite3_bind_text(s, 11, data, -1, free);
	sqlite3_bind_int(s, 12, own);
	/* Only an own event's segment is kept: it is republished if that
	 * file vanishes (a teammate's event needs no record of its file). */
	store_bind_text(s, 13, own ? segment : NULL);
	sqlite3_bind_int(s, 14, applied);
	int rc = sqlite3_step(s);
	int changes = sqlite3_changes(st->db);
	sqlite3_reset(s);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return error(_("event %s: device %s already has another event with seq %lld "
			     "(a cloned or restored database wrote both): refused"),
			     e->id, e->device, (long long)e->seq);
	if (rc != SQLITE_DONE)
		return sql_fail(st, _("cannot store an event"));
	*inserted = changes > 0;
	return 0;
}

static const char sql_next_seq[] = "SELECT coalesce(max(seq), 0) + 1 FROM event WHERE device = ?1";

static int64_t next_seq(struct store *st, const char *device)
{
	sqlite3_stmt *s = store_stmt(st, sql_next_seq);
	int64_t seq = -1;
	if (!s)
		return -1;
	store_bind_text(s, 1, device);
	if (sqlite3_step(s) == SQLITE_ROW)
		seq = sqlite3_column_int64(s, 0);
	else
		sql_fail(st, _("cannot find the next seq"));
	sqlite3_reset(s);
	return seq;
}

static void set_str(char **field, const char *value)
{
	char *copy = value ? xstrdup(value) : NULL;
	free(*field);
	*field = copy;
}

/* Fills and validates the event (the same rules as a teammate's), then
 * stores and applies it. Inside the transaction. */
static int write_locked(struct store *st, struct event *e)
{
	char *dev = NULL, *json;
	char idbuf[ULID_SIZE], base[HLC_TEXT_SIZE];
	enum event_type t = event_type_parse(e->type, e->version);
	struct event check;
	bool inserted;

	if (t == EVENT_UNKNOWN)
		return error(_("cannot write an event of type %s version %d: not a type this build "
			     "knows"), e->type ? e->type : "(none)", e->version);
	if (device_id(st, &dev))
		return -1;
	set_str(&e->device, dev);
	free(dev);
	if ((e->seq = next_seq(st, e->device)) < 0)
		return -1;
	e->hlc = hlc_tick(clock_load(st), clock_now_ms());
	if (clock_save(st, e->hlc))
		return -1;
	ulid_new(e->hlc.ms, idbuf);
	set_str(&e->id, idbuf);
	if (!types[t].creates && !e->base) {
		if (entity_hlc(st, e->entity ? e->entity : "", base))
			return -1;
		set_str(&e->base, base);
	}
	/* An update records what its writer has seen of the entity, at the
	 * type's current version (the one that carries it). */
	if (!types[t].creates && e->data && json_object_is_type(e->data, json_type_object)) {
		json_object *seen;
		if (state_entity_seen(st, e->entity ? e->entity : "", &seen))
			return -1;
		json_object_object_add(e->data, "seen", seen);
		e->version = types[t].version;
	}

	json = event_to_json(e);
	json_object *obj = json_tokener_parse(json);
	free(json);
	if (!obj)
		return error(_("cannot write the event: its JSON form does not parse"));
	int rc = event_from_json(obj, &check);
	json_object_put(obj);
	if (rc)
		return -1;
	event_free(&check);

	/* Not applied yet: until state_apply_entity() marks it, the state in
	 * force (entity_hlc, the registers) is the entity's as it was. */
	if (insert_event(st, e, true, NULL, false, &inserted))
		return -1;
	if (!inserted)
		return error(_("event %s already exists"), e->id);
	/* before applying: the undo list records the entity as it was */
	if (undo_capture(st, e, t))
		return -1;
	return state_apply_entity(st, e->entity);
}

int event_write(struct store *st, struct event *e)
{
	bool mine;

	if (store_join(st, &mine))
		return -1;
	return store_end(st, mine, write_locked(st, e));
}

int event_emit(struct store *st, const char *author, const char *type, const char *entity,
	       const char *account, const char *base, json_object *data)
{
	struct event e = { 0 };
	int rc;

	e.author = xstrdup(author);
	e.type = xstrdup(type);
	e.version = 1;
#define EVENT_VERSION(id, name, ver, kind, creates, help) if (str_eq(type, name)) e.version = ver;
	EVENT_TYPES(EVENT_VERSION)
#undef EVENT_VERSION
	enum event_type t = event_type_parse(type, e.version);
	if (type_fields[t].lowest && json_object_is_type(data, json_type_object)) {
		e.version = 1;
		for (size_t i = 0; i < type_fields[t].n; i++) {
			int since = since_version(t, type_fields[t].fields[i].name);
			if (since > e.version && json_object_object_get_ex(data, type_fields[t].fields[i].name, NULL))
				e.version = since;
		}
	}
	e.entity = xstrdup(entity);
	e.account = account ? xstrdup(account) : NULL;
	e.base = base ? xstrdup(base) : NULL;
	e.data = data;
	rc = event_write(st, &e);
	event_free(&e);
	return rc;
}

int event_ingest_batch(struct store *st, const struct event *e, const char *segment,
		       bool *inserted, struct event_batch *b)
{
	bool ins = false;
	enum event_type t = event_type_parse(e->type, e->version);
	if (inserted)
		*inserted = false;
	/* Keeps applied = 1 meaning "valid": checked here unless
	 * event_from_json() has (every event a segment brings). */
	if (t != EVENT_UNKNOWN && !e->validated && event_validate(t, e))
		return error_prefix(_("event %s"), e->id);
	if (insert_event(st, e, false, segment, t != EVENT_UNKNOWN, &ins))
		return -1;
	if (inserted)
		*inserted = ins;
	if (!ins)
		return 0;
	if (t != EVENT_UNKNOWN)
		strlist_add(&b->entities, e->entity);
	if (!b->received || hlc_compare(e->hlc, b->clock) > 0)
		b->clock = e->hlc;
	b->received = true;
	return 0;
}

int event_batch_flush(struct store *st, struct event_batch *b)
{
	int rc = 0;
	if (b->entities.len)
		rc = state_apply_entities_held(st, &b->entities, b->summaries_later, b->held, b->nheld);
	/* The clock moves past every stamp received, once. */
	if (rc == 0 && b->received)
		rc = clock_save(st, hlc_receive(clock_load(st), b->clock, clock_now_ms()));
	event_batch_free(b);
	return rc;
}

void event_batch_drop_since(struct event_batch *b, size_t mark)
{
	while (b->nheld > mark) {
		struct event *e = b->held[--b->nheld];
		event_free(e);
		free(e);
	}
}

void event_batch_hold(struct event_batch *b, struct event *e)
{
	if (!b->hold) {
		event_free(e);
		free(e);
		return;
	}
	if (b->nheld == b->held_cap) {
		b->held_cap = b->held_cap ? b->held_cap * 2 : 256;
		b->held = xreallocarray(b->held, b->held_cap, sizeof(*b->held));
	}
	b->held[b->nheld++] = e;
}

void event_batch_free(struct event_batch *b)
{
	strlist_clear(&b->entities);
	event_batch_drop_since(b, 0);
	free(b->held);
	b->held = NULL;
	b->held_cap = 0;
	b->received = false;   /* summaries_later and hold stay */
}

int event_ingest(struct store *st, const struct event *e, const char *segment, bool *inserted)
{
	struct event_batch b = { 0 };
	if (event_ingest_batch(st, e, segment, inserted, &b) != 0) {
		event_batch_free(&b);
		return -1;
	}
	return event_batch_flush(st, &b);
}

/* ---- device renewal ---- */

static int renew_locked(struct store *st, const char *old, const char *fresh)
{
	sqlite3_stmt *sel, *upd;
	struct strlist ids = { 0 }, entities = { 0 };
	int rc = 0;

	if (store_prepare(st, "SELECT id, entity FROM event WHERE own = 1 AND published = 0 "
			      "AND device = ?1 ORDER BY seq", &sel))
		return -1;
	store_bind_text(sel, 1, old);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		strlist_add(&ids, (const char *)sqlite3_column_text(sel, 0));
		strlist_add(&entities, (const char *)sqlite3_column_text(sel, 1));
	}
	sqlite3_finalize(sel);
	if (rc != SQLITE_DONE) {
		strlist_clear(&ids);
		strlist_clear(&entities);
		return sql_fail(st, _("cannot read the outbox"));
	}
	rc = 0;
	if (meta_set(st, META_DEVICE, fresh) ||
	    store_prepare(st, "UPDATE event SET device = ?1, seq = ?2, segment = NULL WHERE id = ?3",
			  &upd)) {
		rc = -1;
	} else {
		for (size_t i = 0; i < ids.len && rc == 0; i++) {
			store_bind_text(upd, 1, fresh);
			sqlite3_bind_int64(upd, 2, (int64_t)i + 1);
			store_bind_text(upd, 3, ids.items[i]);
			if (sqlite3_step(upd) != SQLITE_DONE)
				rc = sql_fail(st, _("cannot move an outbox event to the new device"));
			sqlite3_reset(upd);
		}
		sqlite3_finalize(upd);
	}
	/* The device is the LWW tie-break: the moved events' entities recompute. */
	if (rc == 0)
		rc = state_apply_entities(st, &entities, false);
	strlist_clear(&ids);
	strlist_clear(&entities);
	return rc;
}

int device_renew(struct store *st, char **new_id)
{
	char *old = NULL, fresh[ULID_SIZE];
	bool mine;
	int rc;

	*new_id = NULL;
	if (store_join(st, &mine))
		return -1;
	rc = device_id(st, &old);
	if (rc == 0) {
		ulid_new(clock_now_ms(), fresh);
		rc = renew_locked(st, old, fresh);
	}
	free(old);
	if (store_end(st, mine, rc))
		return -1;
	*new_id = xstrdup(fresh);
	return 0;
}

/* ---- pending events ---- */

static int64_t count_pending(struct store *st)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM event WHERE applied = 0");
	int64_t n = -1;
	if (s && sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	if (s)
		sqlite3_reset(s);
	return n;
}

int event_apply_pending(struct store *st, int *applied)
{
	sqlite3_stmt *sel;
	struct strlist entities = { 0 };
	bool mine;
	int rc;
	int64_t before, after;

	*applied = 0;
	if (store_join(st, &mine))
		return -1;
	if ((before = count_pending(st)) < 0 ||
	    store_prepare(st, "SELECT DISTINCT type, version, entity FROM event WHERE applied = 0 "
			      "ORDER BY entity", &sel))
		return store_end(st, mine, -1);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(sel, 0);
		const char *ent = (const char *)sqlite3_column_text(sel, 2);
		if (event_type_parse(type, sqlite3_column_int(sel, 1)) != EVENT_UNKNOWN)
			strlist_add(&entities, ent);
	}
	sqlite3_finalize(sel);
	rc = rc == SQLITE_DONE ? 0 : sql_fail(st, _("cannot read pending events"));
	if (rc == 0)
		rc = state_apply_entities(st, &entities, false);
	strlist_clear(&entities);
	if (rc == 0 && (after = count_pending(st)) >= 0)
		*applied = (int)(before - after);
	else if (rc == 0)
		rc = -1;
	return store_end(st, mine, rc);
}

json_object *json_day_or_null(int day)
{
	char iso[11];

	if (day == DAY_NONE)
		return NULL;
	day_format_iso(day, iso);
	return json_object_new_string(iso);
}

json_object *json_string_or_null(const char *s)
{
	return s && *s ? json_object_new_string(s) : NULL;
}

json_object *json_person_or_null(const char *handle, const char *name)
{
	json_object *o;

	if (str_empty(handle))
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "handle", json_object_new_string(handle));
	json_object_object_add(o, "name", json_string_or_null(name));
	return o;
}
