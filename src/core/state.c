/* state.c - the state the events materialise: registers, notes, risks,
 * touchpoints and coverage absences (see event.h).
 *
 * An entity's state is a function of the set of its events, computed from
 * scratch whenever one of them arrives: its events are read in (hlc, device,
 * id) order and each field keeps the last write. Recomputing one entity
 * costs a few rows (an entity has a handful of events), and makes any import
 * order give the same result by construction. Materialised ids are the
 * entity's ULID ("note/01J..." is note.id "01J...").
 *
 * A sync applies each entity its batch touched once, at the batch's end
 * (state_apply_entities, event_batch_flush). The registers themselves are
 * not stored (schema step 19): what reads them (the dump, entity_hlc,
 * state_register_get) computes them from the entity's applied events.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/feedback.h"
#include "csconsole/i18n.h"
#include "csconsole/opportunity.h"
#include "csconsole/summary.h"

/* The registers: X(id, name). */
#define REG_FIELDS(X) \
	X(KIND, "kind") X(SENTIMENT, "sentiment") X(SUMMARY, "summary") X(TEXT, "text") \
	X(TOUCH_DAY, "touch_day") X(DELETED, "deleted") X(CATEGORY, "category") \
	X(SEVERITY, "severity") X(STATUS, "status") X(OPENED_DAY, "opened_day") \
	X(RESOLVED_DAY, "resolved_day") X(DUE_DAY, "due_day") X(NOTE, "note") \
	X(REASON, "reason") X(DONE_DAY, "done_day") X(ABSENT, "absent") \
	X(COVERED_BY, "covered_by") X(FROM_DAY, "from_day") X(UNTIL_DAY, "until_day") \
	X(CLEARED, "cleared") X(OWNER, "owner") X(RESOLVE_NOTE, "resolve_note") X(TIME, "time") \
	X(AMOUNT, "amount") X(CURRENCY, "currency") X(STAGE, "stage") X(CLOSE_DAY, "close_day") \
	X(CLOSED_DAY, "closed_day") X(AREA, "area") X(REQUEST, "request") X(DAY, "day") X(ARR, "arr")

enum reg_field {
#define REG_ENUM(id, name) R_##id,
	REG_FIELDS(REG_ENUM)
#undef REG_ENUM
	R_COUNT
};

static const char *const reg_names[R_COUNT] = {
#define REG_NAME(id, name) name,
	REG_FIELDS(REG_NAME)
#undef REG_NAME
};

/* What each type writes: data keys to registers; `implied` constant writes;
 * null_absent: an absent key writes null (creates set every field). */
struct key_map {
	const char *key;
	int field;
};
struct type_map {
	struct key_map keys[7];
	struct { int field; const char *value; } implied[2];
	bool null_absent;
};

static const struct type_map type_maps[EVENT_TYPE_COUNT] = {
	[EVENT_NOTE_ADD] = { { { "kind", R_KIND }, { "sentiment", R_SENTIMENT },
			       { "summary", R_SUMMARY }, { "text", R_TEXT },
			       { "touch_day", R_TOUCH_DAY } }, { { 0 } }, true },
	[EVENT_NOTE_EDIT] = { { { "kind", R_KIND }, { "sentiment", R_SENTIMENT },
				{ "summary", R_SUMMARY }, { "text", R_TEXT },
				{ "touch_day", R_TOUCH_DAY } }, { { 0 } }, false },
	[EVENT_NOTE_DELETE] = { { { 0 } }, { { R_DELETED, "1" } }, false },
	[EVENT_RISK_OPEN] = { { { "category", R_CATEGORY }, { "severity", R_SEVERITY },
				{ "text", R_TEXT }, { "opened_day", R_OPENED_DAY }, { "owner", R_OWNER } },
			      { { R_STATUS, "open" } }, true },
	[EVENT_RISK_UPDATE] = { { { "category", R_CATEGORY }, { "severity", R_SEVERITY },
				  { "text", R_TEXT }, { "status", R_STATUS }, { "owner", R_OWNER } },
				{ { 0 } }, false },
	/* The closing note is a register of its own (v3 "note"; the "text" of
	 * v1 and v2, which once replaced the risk's text, is read as it: see
	 * resolve_key); every resolve sets it, null without one. */
	[EVENT_RISK_RESOLVE] = { { { "note", R_RESOLVE_NOTE }, { "resolved_day", R_RESOLVED_DAY } },
				 { { R_STATUS, "resolved" } }, true },
	[EVENT_TOUCH_SCHEDULE] = { { { "due_day", R_DUE_DAY }, { "kind", R_KIND },
				     { "note", R_NOTE }, { "time", R_TIME } }, { { R_STATUS, "open" } }, true },
	[EVENT_TOUCH_RESCHEDULE] = { { { "due_day", R_DUE_DAY }, { "reason", R_REASON } },
				     { { R_STATUS, "open" } }, true },
	[EVENT_TOUCH_DONE] = { { { "done_day", R_DONE_DAY }, { "note", R_NOTE } },
			       { { R_STATUS, "done" } }, false },
	[EVENT_TOUCH_SNOOZE] = { { { "until_day", R_DUE_DAY }, { "reason", R_REASON } },
				 { { R_STATUS, "snoozed" } }, false },
	[EVENT_TOUCH_RESTORE] = { { { "status", R_STATUS }, { "due_day", R_DUE_DAY },
				    { "note", R_NOTE }, { "reason", R_REASON } }, { { 0 } }, true },
	[EVENT_COVER_SET] = { { { "absent", R_ABSENT }, { "covered_by", R_COVERED_BY },
				{ "from_day", R_FROM_DAY }, { "until_day", R_UNTIL_DAY } },
			      { { 0 } }, true },
	[EVENT_COVER_CLEAR] = { { { 0 } }, { { R_CLEARED, "1" } }, false },
	/* opportunity.h, feedback.h: their rows are written by their modules */
	[EVENT_OPPORTUNITY_OPEN] = { { { "kind", R_KIND }, { "amount", R_AMOUNT }, { "currency", R_CURRENCY },
				       { "stage", R_STAGE }, { "close_day", R_CLOSE_DAY }, { "owner", R_OWNER } },
				     { { R_STATUS, "open" } }, true },
	[EVENT_OPPORTUNITY_UPDATE] = { { { "kind", R_KIND }, { "amount", R_AMOUNT }, { "currency", R_CURRENCY },
					 { "stage", R_STAGE }, { "close_day", R_CLOSE_DAY }, { "owner", R_OWNER },
					 { "status", R_STATUS } },
				       { { 0 } }, false },
	[EVENT_OPPORTUNITY_CLOSE] = { { { "outcome", R_STATUS }, { "closed_day", R_CLOSED_DAY }, { "note", R_NOTE } },
				      { { 0 } }, true },
	[EVENT_FEEDBACK_ADD] = { { { "area", R_AREA }, { "request", R_REQUEST }, { "text", R_TEXT },
				   { "day", R_DAY }, { "arr", R_ARR }, { "currency", R_CURRENCY } }, { { 0 } }, true },
	/* the undo of feedback.add: a tombstone, like note.delete */
	[EVENT_FEEDBACK_RETRACT] = { { { 0 } }, { { R_DELETED, "1" } }, false },
};

/* One field an event writes. Nothing in it points into itself: the loaded
 * events live in an array that grows (and moves) while an entity loads. */
struct write {
	int field;
	enum { W_NULL, W_TEXT, W_NUM } kind;
	const char *text;    /* W_TEXT: in the event's data */
	char num[24];        /* W_NUM: the integer as text */
};
#define WRITES_MAX 8

static const char *write_text(const struct write *w)
{
	return w->kind == W_TEXT ? w->text : w->kind == W_NUM ? w->num : NULL;
}

/* One stored event of the entity being computed. */
struct loaded {
	struct event e;
	char hlc[HLC_TEXT_SIZE];
	enum event_type t;
	bool was_applied, valid, included;
	struct write w[WRITES_MAX];
	size_t nw;
	json_object *seen;   /* data.seen: the entity's events its writer had seen (borrowed) */
};

struct reg {
	const struct loaded *by;   /* NULL: never written */
	const struct write *w;
};

struct entity_state {
	const char *entity;
	struct loaded *ev;
	size_t n;
	const struct loaded *create;
	const struct loaded *latest;
	struct reg regs[R_COUNT];
};

static int sql_fail(struct store *st, const char *what)
{
	return error(_("%s: %s (database %s)"), what, sqlite3_errmsg(st->db), st->path);
}

static const char *col_text(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

static char *col_dup(sqlite3_stmt *s, int i)
{
	const char *t = col_text(s, i);
	return t ? xstrdup(t) : NULL;
}

static bool is_create(enum event_type t)
{
	return t == EVENT_NOTE_ADD || t == EVENT_RISK_OPEN || t == EVENT_TOUCH_SCHEDULE ||
	       t == EVENT_COVER_SET || t == EVENT_HANDOFF_REVIEW || t == EVENT_OPPORTUNITY_OPEN ||
	       t == EVENT_FEEDBACK_ADD;
}

/* The data key a type's key is read from: risk.resolve before version 3
 * carried its closing note as "text". */
static const char *resolve_key(const struct loaded *l, const char *key)
{
	if (l->t == EVENT_RISK_RESOLVE && l->e.version < 3 && str_eq(key, "note"))
		return "text";
	return key;
}

static void compute_writes(struct loaded *l)
{
	const struct type_map *m = &type_maps[l->t];
	l->nw = 0;
	for (size_t i = 0; i < ARRAY_SIZE(m->keys) && m->keys[i].key; i++) {
		json_object *v;
		struct write *w = &l->w[l->nw];
		w->field = m->keys[i].field;
		w->kind = W_NULL;
		if (!json_object_object_get_ex(l->e.data, resolve_key(l, m->keys[i].key), &v)) {
			if (m->null_absent)
				l->nw++;
			continue;
		}
		if (json_object_is_type(v, json_type_int)) {
			snprintf(w->num, sizeof(w->num), "%lld", (long long)json_object_get_int64(v));
			w->kind = W_NUM;
		} else if (!json_object_is_type(v, json_type_null)) {
			w->text = json_object_get_string(v);
			w->kind = W_TEXT;
		}
		l->nw++;
	}
	for (size_t i = 0; i < ARRAY_SIZE(m->implied) && m->implied[i].value; i++) {
		l->w[l->nw].field = m->implied[i].field;
		l->w[l->nw].kind = W_TEXT;
		l->w[l->nw++].text = m->implied[i].value;
	}
}

static void entity_free(struct entity_state *es)
{
	for (size_t i = 0; i < es->n; i++)
		event_free(&es->ev[i].e);
	free(es->ev);
	memset(es, 0, sizeof(*es));
}

static void entity_resolve(struct entity_state *es, bool applied_only);

static const char sql_load[] =
	"SELECT id, device, seq, hlc, author, type, version, account, base, data, applied "
	"FROM event WHERE entity = ?1 ORDER BY hlc, device, id";

/* Loads the entity's events and computes its registers in memory: from
 * every valid event (applying), or (applied_only) from those applied
 * already, which is the state in force: what the dump, entity_hlc() and
 * state_register_get() read, since registers are not stored. */
static int entity_compute_from(struct store *st, const char *entity, struct entity_state *es,
			       bool applied_only)
{
	sqlite3_stmt *s = store_stmt(st, sql_load);
	size_t cap = 0;
	int rc;

	memset(es, 0, sizeof(*es));
	es->entity = entity;
	if (!s)
		return -1;
	store_bind_text(s, 1, entity);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (es->n == cap) {
			cap = cap ? cap * 2 : 8;
			es->ev = xreallocarray(es->ev, cap, sizeof(*es->ev));
		}
		struct loaded *l = &es->ev[es->n++];
		memset(l, 0, sizeof(*l));
		l->e.id = col_dup(s, 0);
		l->e.device = col_dup(s, 1);
		l->e.seq = sqlite3_column_int64(s, 2);
		str_copy(l->hlc, sizeof(l->hlc), col_text(s, 3));
		hlc_parse(l->hlc, &l->e.hlc);
		l->e.author = col_dup(s, 4);
		l->e.type = col_dup(s, 5);
		l->e.version = sqlite3_column_int(s, 6);
		l->e.entity = xstrdup(entity);
		l->e.account = col_dup(s, 7);
		l->e.base = col_dup(s, 8);
		l->e.data = json_tokener_parse(col_text(s, 9) ? col_text(s, 9) : "");
		l->was_applied = sqlite3_column_int(s, 10) != 0;
		l->t = event_type_parse(l->e.type, l->e.version);
		/* Applied events were checked when they were; a formerly unknown
		 * one is checked now that its type is known. */
		l->valid = l->t != EVENT_UNKNOWN && l->e.data &&
			   (l->was_applied || event_validate(l->t, &l->e) == 0);
		if (l->valid)
			compute_writes(l);
		if (l->e.data && (!json_object_object_get_ex(l->e.data, "seen", &l->seen) ||
				  !json_object_is_type(l->seen, json_type_array)))
			l->seen = NULL;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		entity_free(es);
		return sql_fail(st, _("cannot read an entity's events"));
	}
	entity_resolve(es, applied_only);
	return 0;
}

/* The registers from the events loaded (es->ev, in hlc, device, id order). */
static void entity_resolve(struct entity_state *es, bool applied_only)
{
	for (size_t i = 0; i < es->n && !es->create; i++) {
		struct loaded *l = &es->ev[i];
		if (l->valid && (!applied_only || l->was_applied) && is_create(l->t))
			es->create = l;
	}
	for (size_t i = 0; i < es->n; i++) {
		struct loaded *l = &es->ev[i];
		l->included = l->valid && (!applied_only || l->was_applied);
		/* Notes are their author's: others' edits and deletes are kept but
		 * change nothing; so is a feedback's retract. */
		if (es->create && (l->t == EVENT_NOTE_EDIT || l->t == EVENT_NOTE_DELETE ||
				   l->t == EVENT_FEEDBACK_RETRACT) &&
		    !str_eq(l->e.author, es->create->e.author))
			l->included = false;
		if (!l->included)
			continue;
		for (size_t k = 0; k < l->nw; k++) {
			es->regs[l->w[k].field].by = l;
			es->regs[l->w[k].field].w = &l->w[k];
		}
		es->latest = l;
	}
}

static int entity_compute(struct store *st, const char *entity, struct entity_state *es)
{
	return entity_compute_from(st, entity, es, false);
}

/* sql_load's order: hlc (fixed-width text), device, id. */
static int loaded_cmp(const void *a, const void *b)
{
	const struct loaded *x = a, *y = b;
	int c = strcmp(x->hlc, y->hlc);
	if (!c)
		c = strcmp(x->e.device, y->e.device);
	return c ? c : strcmp(x->e.id, y->e.id);
}

/* entity_compute() from the entity's n events an import batch stored (and
 * holds), when they are all it has: they are moved into es (*ev emptied).
 * Each is what sql_load reads back: stored applied when its type is known
 * (event_ingest_batch validated it), its data the same JSON values. */
static void entity_compute_held(const char *entity, struct event **ev, size_t n,
				struct entity_state *es)
{
	memset(es, 0, sizeof(*es));
	es->entity = entity;
	es->ev = xcalloc(n, sizeof(*es->ev));
	for (size_t i = 0; i < n; i++) {
		struct loaded *l = &es->ev[es->n++];
		l->e = *ev[i];
		memset(ev[i], 0, sizeof(*ev[i]));
		hlc_format(l->e.hlc, l->hlc);
		l->t = event_type_parse(l->e.type, l->e.version);
		l->was_applied = l->t != EVENT_UNKNOWN;
		l->valid = l->t != EVENT_UNKNOWN && l->e.data;
		if (l->valid)
			compute_writes(l);
		if (l->e.data && (!json_object_object_get_ex(l->e.data, "seen", &l->seen) ||
				  !json_object_is_type(l->seen, json_type_array)))
			l->seen = NULL;
	}
	qsort(es->ev, es->n, sizeof(*es->ev), loaded_cmp);
	entity_resolve(es, false);
}

/* Whether the entity has exactly n stored events (then the n held are all). */
static int entity_count_is(struct store *st, const char *entity, size_t n, bool *yes)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM event WHERE entity = ?1");
	if (!s)
		return -1;
	store_bind_text(s, 1, entity);
	int rc = sqlite3_step(s);
	*yes = rc == SQLITE_ROW && sqlite3_column_int64(s, 0) == (sqlite3_int64)n;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : sql_fail(st, "cannot count an entity's events");
}

static const char *reg_value(const struct entity_state *es, int f)
{
	return es->regs[f].by ? write_text(es->regs[f].w) : NULL;
}

/* Binds a register as text, an integer or a day (NULL when unset). */
static void bind_reg(sqlite3_stmt *s, int idx, const struct entity_state *es, int f)
{
	store_bind_text(s, idx, reg_value(es, f));
}

static void bind_day(sqlite3_stmt *s, int idx, const char *iso)
{
	int day;
	if (iso && day_parse_iso(iso, &day))
		sqlite3_bind_int(s, idx, day);
	else
		sqlite3_bind_null(s, idx);
}

static void bind_int(sqlite3_stmt *s, int idx, const char *num)
{
	long v;
	if (num && str_to_long(num, INT32_MIN, INT32_MAX, &v))
		sqlite3_bind_int64(s, idx, v);
	else
		sqlite3_bind_null(s, idx);
}

/* what: an N_() text, translated only when it is said (a write per entity) */
static int step_done(struct store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(st, _(what));
}

/* Registers are not stored (schema step 19): they are a function of the
 * entity's applied events, computed when read. */
static const char sql_mark[] = "UPDATE event SET applied = 1 WHERE id = ?1";
static const char sql_note_del[] = "DELETE FROM note WHERE id = ?1";
static const char sql_note_put[] =
	"INSERT OR REPLACE INTO note(id, account, author, kind, sentiment, summary, text, "
	"touch_day, created, hlc, deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char sql_risk_del[] = "DELETE FROM risk WHERE id = ?1";
static const char sql_risk_put[] =
	"INSERT OR REPLACE INTO risk(id, account, author, category, severity, status, text, "
	"opened_day, resolved_day, created, hlc, owner, resolve_note)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
static const char sql_touch_del[] = "DELETE FROM touchpoint WHERE id = ?1";
static const char sql_touch_put[] =
	"INSERT OR REPLACE INTO touchpoint(id, account, author, kind, due_day, status, note, "
	"reason, done_day, created, hlc, time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
static const char sql_absence_del[] = "DELETE FROM absence WHERE entity = ?1";
static const char sql_absence_put[] =
	"INSERT INTO absence(handle, start_day, end_day, covered_by, source, entity) "
	"VALUES (?1, ?2, ?3, ?4, 'event', ?5)";

static bool has(const struct entity_state *es, int f)
{
	return reg_value(es, f) != NULL;
}

/* Binds the columns every materialised row has: id, account and author
 * first, created and hlc at created_idx and the one after. */
static void bind_common(sqlite3_stmt *s, const struct entity_state *es, const char *id,
			int created_idx)
{
	char created[HLC_TEXT_SIZE];
	hlc_format(es->create->e.hlc, created);
	store_bind_text(s, 1, id);
	store_bind_text(s, 2, es->create->e.account);
	store_bind_text(s, 3, es->create->e.author);
	store_bind_text(s, created_idx, created);
	store_bind_text(s, created_idx + 1, es->latest->hlc);
}

static int put_note(struct store *st, const struct entity_state *es, const char *id)
{
	sqlite3_stmt *s;
	if (!es->create || !has(es, R_KIND) || !has(es, R_SUMMARY) || !has(es, R_TOUCH_DAY)) {
		if (!(s = store_stmt(st, sql_note_del)))
			return -1;
		store_bind_text(s, 1, id);
		return step_done(st, s, N_("cannot remove a note"));
	}
	if (!(s = store_stmt(st, sql_note_put)))
		return -1;
	bind_common(s, es, id, 9);
	bind_reg(s, 4, es, R_KIND);
	bind_int(s, 5, reg_value(es, R_SENTIMENT));
	bind_reg(s, 6, es, R_SUMMARY);
	bind_reg(s, 7, es, R_TEXT);
	bind_day(s, 8, reg_value(es, R_TOUCH_DAY));
	sqlite3_bind_int(s, 11, has(es, R_DELETED));
	return step_done(st, s, N_("cannot write a note"));
}

static int put_risk(struct store *st, const struct entity_state *es, const char *id)
{
	sqlite3_stmt *s;
	if (!es->create || !has(es, R_CATEGORY) || !has(es, R_SEVERITY) || !has(es, R_STATUS) ||
	    !has(es, R_TEXT) || !has(es, R_OPENED_DAY)) {
		if (!(s = store_stmt(st, sql_risk_del)))
			return -1;
		store_bind_text(s, 1, id);
		return step_done(st, s, N_("cannot remove a risk"));
	}
	if (!(s = store_stmt(st, sql_risk_put)))
		return -1;
	bind_common(s, es, id, 10);
	bind_reg(s, 4, es, R_CATEGORY);
	bind_reg(s, 5, es, R_SEVERITY);
	bind_reg(s, 6, es, R_STATUS);
	bind_reg(s, 7, es, R_TEXT);
	bind_day(s, 8, reg_value(es, R_OPENED_DAY));
	bind_reg(s, 12, es, R_OWNER);
	if (str_eq(reg_value(es, R_STATUS), "resolved"))
		bind_reg(s, 13, es, R_RESOLVE_NOTE);
	else
		sqlite3_bind_null(s, 13);   /* reopened: the closing note stays in the history */
	/* Resolved: the day the resolving event names, or, when a plain update
	 * set the status, the day of that write's clock. */
	if (str_eq(reg_value(es, R_STATUS), "resolved")) {
		const struct reg *st_reg = &es->regs[R_STATUS], *day = &es->regs[R_RESOLVED_DAY];
		if (day->by == st_reg->by && write_text(day->w))
			bind_day(s, 9, write_text(day->w));
		else
			sqlite3_bind_int64(s, 9, (int64_t)(st_reg->by->e.hlc.ms / 86400000u));
	} else {
		sqlite3_bind_null(s, 9);
	}
	return step_done(st, s, N_("cannot write a risk"));
}

static int put_touch(struct store *st, const struct entity_state *es, const char *id)
{
	sqlite3_stmt *s;
	if (!es->create || !has(es, R_DUE_DAY) || !has(es, R_STATUS) ||
	    str_eq(reg_value(es, R_STATUS), "cancelled")) {
		if (!(s = store_stmt(st, sql_touch_del)))
			return -1;
		store_bind_text(s, 1, id);
		return step_done(st, s, N_("cannot remove a touchpoint"));
	}
	if (!(s = store_stmt(st, sql_touch_put)))
		return -1;
	bind_common(s, es, id, 10);
	bind_reg(s, 4, es, R_KIND);
	bind_day(s, 5, reg_value(es, R_DUE_DAY));
	bind_reg(s, 6, es, R_STATUS);
	bind_reg(s, 7, es, R_NOTE);
	bind_reg(s, 8, es, R_REASON);
	if (str_eq(reg_value(es, R_STATUS), "done"))
		bind_day(s, 9, reg_value(es, R_DONE_DAY));
	else
		sqlite3_bind_null(s, 9);
	bind_reg(s, 12, es, R_TIME);
	return step_done(st, s, N_("cannot write a touchpoint"));
}

static int put_cover(struct store *st, const struct entity_state *es)
{
	sqlite3_stmt *s = store_stmt(st, sql_absence_del);
	int from, until;
	if (!s)
		return -1;
	store_bind_text(s, 1, es->entity);
	if (step_done(st, s, N_("cannot remove a coverage")))
		return -1;
	if (!es->create || has(es, R_CLEARED) || !has(es, R_ABSENT) ||
	    !day_parse_iso(reg_value(es, R_FROM_DAY), &from) ||
	    !day_parse_iso(reg_value(es, R_UNTIL_DAY), &until) || until < from)
		return 0;
	if (!(s = store_stmt(st, sql_absence_put)))
		return -1;
	bind_reg(s, 1, es, R_ABSENT);
	sqlite3_bind_int(s, 2, from);
	sqlite3_bind_int(s, 3, until);
	bind_reg(s, 4, es, R_COVERED_BY);
	store_bind_text(s, 5, es->entity);
	return step_done(st, s, N_("cannot write a coverage"));
}

/* A review mark (handoff.review): of every applied review of the same
 * owner, absence start and account, the latest by (hlc, device) decides:
 * reviewed, a row of handoff_review (source 'event', by its author, at its
 * clock); not, no row (a local mark of an earlier release goes too). The
 * same for any order the events arrive in. */
static const char sql_review_last[] =
	"SELECT author, hlc, json_extract(data, '$.reviewed') FROM event"
	" WHERE account = ?1 AND type = 'handoff.review' AND applied"
	" AND json_extract(data, '$.owner') = ?2 AND json_extract(data, '$.from_day') = ?3"
	" ORDER BY hlc DESC, device DESC LIMIT 1";
static const char sql_review_del[] =
	"DELETE FROM handoff_review WHERE owner = ?1 AND from_day = ?2 AND crm_id = ?3";
static const char sql_review_put[] =
	"INSERT OR REPLACE INTO handoff_review(owner, from_day, crm_id, reviewer, reviewed_at, source)"
	" VALUES (?1, ?2, ?3, ?4, ?5, 'event')";

static int put_review(struct store *st, const struct entity_state *es)
{
	json_object *o, *f;
	int from;
	if (!es->create || !json_object_object_get_ex(es->create->e.data, "owner", &o) ||
	    !json_object_object_get_ex(es->create->e.data, "from_day", &f) ||
	    !day_parse_iso(json_object_get_string(f), &from))
		return 0;
	const char *owner = json_object_get_string(o), *iso = json_object_get_string(f);
	const char *account = es->create->e.account;
	sqlite3_stmt *s = store_stmt(st, sql_review_last);
	char author[64] = "";
	struct hlc h = { 0 };
	bool reviewed = false;
	int rc;
	if (!s)
		return -1;
	store_bind_text(s, 1, account);
	store_bind_text(s, 2, owner);
	store_bind_text(s, 3, iso);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		str_copy(author, sizeof(author), col_text(s, 0));
		hlc_parse(col_text(s, 1), &h);
		reviewed = sqlite3_column_int(s, 2) != 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sql_fail(st, _("cannot read the review marks"));
	if (!(s = store_stmt(st, reviewed ? sql_review_put : sql_review_del)))
		return -1;
	store_bind_text(s, 1, owner);
	sqlite3_bind_int(s, 2, from);
	store_bind_text(s, 3, account);
	if (reviewed) {
		store_bind_text(s, 4, author);
		sqlite3_bind_int64(s, 5, (int64_t)(h.ms / 1000));
	}
	return step_done(st, s, N_("cannot write a review mark"));
}

/* An entity whose rows another module writes (opportunity.c, feedback.c):
 * its registers in force, handed over as a struct entity_row. */
static int put_outside(struct store *st, const struct entity_state *es, const char *id,
		       int (*put)(struct store *, const struct entity_row *))
{
	const char *values[R_COUNT];
	char created[HLC_TEXT_SIZE] = "";
	struct entity_row r = { .entity = es->entity, .id = id, .exists = es->create != NULL,
				.names = reg_names, .values = values, .n = R_COUNT };
	for (int f = 0; f < R_COUNT; f++)
		values[f] = reg_value(es, f);
	if (es->create) {
		hlc_format(es->create->e.hlc, created);
		r.account = es->create->e.account;
		r.author = es->create->e.author;
		r.created = created;
		r.hlc = es->latest->hlc;
	}
	return put(st, &r);
}

static int entity_store(struct store *st, const struct entity_state *es)
{
	sqlite3_stmt *s;
	const char *slash = strchr(es->entity, '/');
	const char *id = slash ? slash + 1 : es->entity;
	for (size_t i = 0; i < es->n; i++) {
		if (!es->ev[i].valid || es->ev[i].was_applied)
			continue;
		if (!(s = store_stmt(st, sql_mark)))
			return -1;
		store_bind_text(s, 1, es->ev[i].e.id);
		if (step_done(st, s, N_("cannot mark an event applied")))
			return -1;
	}
	if (str_starts_with(es->entity, "note/"))
		return put_note(st, es, id);
	if (str_starts_with(es->entity, "risk/"))
		return put_risk(st, es, id);
	if (str_starts_with(es->entity, "touch/"))
		return put_touch(st, es, id);
	if (str_starts_with(es->entity, "cover/"))
		return put_cover(st, es);
	if (str_starts_with(es->entity, "review/"))
		return put_review(st, es);
	if (str_starts_with(es->entity, "opportunity/"))
		return put_outside(st, es, id, opportunity_store);
	if (str_starts_with(es->entity, "feedback/"))
		return put_outside(st, es, id, feedback_store);
	return 0; /* a kind this build does not know: nothing to show */
}

static int str_cmp_ptr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts a list and drops its repeats, in place. */
static void strlist_sort_unique(struct strlist *l)
{
	size_t n = 0;
	if (l->len > 1)
		qsort(l->items, l->len, sizeof(*l->items), str_cmp_ptr);
	for (size_t i = 0; i < l->len; i++) {
		if (n && str_eq(l->items[n - 1], l->items[i]))
			free(l->items[i]);
		else
			l->items[n++] = l->items[i];
	}
	l->len = n;
}

/* Applies one entity; adds the CRM ids whose portfolio figures it may
 * change to accounts (NULL: none wanted): every account the entity's events
 * name (coverage names none; a review mark changes none), since a duplicate
 * create that wins the entity for another account moves it away from the
 * first. */
static int apply_one(struct store *st, const char *entity, struct strlist *accounts,
		     struct event **held, size_t nheld)
{
	struct entity_state es;
	bool all_held = false;
	if (nheld && entity_count_is(st, entity, nheld, &all_held))
		return -1;
	if (all_held)
		entity_compute_held(entity, held, nheld, &es);
	else if (entity_compute(st, entity, &es))
		return -1;
	int rc = entity_store(st, &es);
	for (size_t i = 0; i < es.n && accounts && !str_starts_with(entity, "review/"); i++) {
		const char *a = es.ev[i].e.account;
		if (a && !(accounts->len && str_eq(accounts->items[accounts->len - 1], a)))
			strlist_add(accounts, a);
	}
	entity_free(&es);
	return rc;
}

static int held_cmp(const void *a, const void *b)
{
	return strcmp((*(struct event *const *)a)->entity, (*(struct event *const *)b)->entity);
}

int state_apply_entities_held(struct store *st, struct strlist *entities, bool summaries_later,
			      struct event **held, size_t n)
{
	struct strlist accounts = { 0 };
	size_t h = 0;
	int rc = 0;
	strlist_sort_unique(entities);
	if (n > 1)
		qsort(held, n, sizeof(*held), held_cmp);
	for (size_t i = 0; i < entities->len && rc == 0; i++) {
		/* the held events of this entity: a run of the sorted array */
		const char *entity = entities->items[i];
		while (h < n && strcmp(held[h]->entity, entity) < 0)
			h++;
		size_t k = h;
		while (k < n && str_eq(held[k]->entity, entity))
			k++;
		rc = apply_one(st, entity, &accounts, k > h ? held + h : NULL, k - h);
		h = k;
	}
	/* Each account once, however many of its entities changed. */
	strlist_sort_unique(&accounts);
	if (rc == 0 && summaries_later)
		rc = summary_mark_pending(st, (const char *const *)accounts.items, accounts.len);
	else if (rc == 0)
		rc = summary_refresh_accounts(st, (const char *const *)accounts.items, accounts.len);
	strlist_clear(&accounts);
	return rc;
}

int state_apply_entities(struct store *st, struct strlist *entities, bool summaries_later)
{
	return state_apply_entities_held(st, entities, summaries_later, NULL, 0);
}

int state_apply_entity(struct store *st, const char *entity)
{
	struct strlist one = { 0 };
	strlist_add(&one, entity);
	int rc = state_apply_entities(st, &one, false);
	strlist_clear(&one);
	return rc;
}

int entity_hlc(struct store *st, const char *entity, char out[HLC_TEXT_SIZE])
{
	struct entity_state es;
	const char *max = NULL;
	if (entity_compute_from(st, entity, &es, true))
		return -1;
	for (int f = 0; f < R_COUNT; f++)
		if (es.regs[f].by && (!max || strcmp(es.regs[f].by->hlc, max) > 0))
			max = es.regs[f].by->hlc;
	if (max)
		str_copy(out, HLC_TEXT_SIZE, max);
	else
		error(_("%s does not exist here (no event about it has been applied): sync first"), entity);
	entity_free(&es);
	return max ? 0 : -1;
}

int state_register_get(struct store *st, const char *entity, const char *field, bool *found,
		       char **event_id, char **author, char **value)
{
	struct entity_state es;
	*found = false;
	*event_id = *author = *value = NULL;
	if (entity_compute_from(st, entity, &es, true))
		return -1;
	for (int f = 0; f < R_COUNT; f++) {
		const struct reg *r = &es.regs[f];
		if (!r->by || !str_eq(reg_names[f], field))
			continue;
		*found = true;
		*event_id = xstrdup(r->by->e.id);
		*author = xstrdup(r->by->e.author);
		*value = write_text(r->w) ? xstrdup(write_text(r->w)) : NULL;
	}
	entity_free(&es);
	return 0;
}

/* Runs inside the caller's transaction, or opens one when there is none. */
static int txn_run(struct store *st, int (*fn)(struct store *))
{
	bool mine;
	if (store_join(st, &mine))
		return -1;
	return store_end(st, mine, fn(st));
}

static int rebuild_locked(struct store *st)
{
	sqlite3_stmt *sel;
	struct strlist entities = { 0 };
	int rc;
	if (store_exec(st, "DELETE FROM note; DELETE FROM risk; "
			   "DELETE FROM touchpoint; DELETE FROM absence WHERE source = 'event'; "
			   "DELETE FROM handoff_review WHERE source = 'event'; "
			   "DELETE FROM opportunity; DELETE FROM feedback; "
			   "UPDATE event SET applied = 0 WHERE applied <> 0;"))
		return -1;
	if (store_prepare(st, "SELECT DISTINCT entity FROM event ORDER BY entity", &sel))
		return -1;
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW)
		strlist_add(&entities, col_text(sel, 0));
	sqlite3_finalize(sel);
	rc = rc == SQLITE_DONE ? 0 : sql_fail(st, _("cannot list entities"));
	for (size_t i = 0; i < entities.len && rc == 0; i++)
		rc = apply_one(st, entities.items[i], NULL, NULL, 0);
	strlist_clear(&entities);
	/* Every summary once, including accounts whose entities are all gone. */
	return rc == 0 ? summary_refresh_all(st) : rc;
}

int state_rebuild(struct store *st)
{
	return txn_run(st, rebuild_locked);
}

/* ---- canonical dump ---- */

/* Each row of sql as "label [col,col,...]" (canonical JSON). */
static int dump_rows(struct store *st, struct sbuf *b, const char *label, const char *sql)
{
	sqlite3_stmt *s;
	int rc;
	if (store_prepare(st, sql, &s))
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		json_object *row = json_object_new_array();
		for (int i = 0; i < sqlite3_column_count(s); i++) {
			switch (sqlite3_column_type(s, i)) {
			case SQLITE_NULL:
				json_object_array_add(row, NULL);
				break;
			case SQLITE_INTEGER:
				json_object_array_add(row, json_object_new_int64(sqlite3_column_int64(s, i)));
				break;
			default:
				json_object_array_add(row, json_object_new_string_len(
					col_text(s, i), sqlite3_column_bytes(s, i)));
			}
		}
		char *text = json_canonical(row);
		sbuf_addf(b, "%s %s\n", label, text);
		free(text);
		json_object_put(row);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(st, _("cannot dump the state"));
}

static int cmp_field(const void *a, const void *b)
{
	return strcmp(reg_names[*(const int *)a], reg_names[*(const int *)b]);
}

/* The registers in force, as "register [entity,field,hlc,device,event_id,
 * value]" by entity, then field (bytewise, as SQLite's ORDER BY). */
static int dump_registers(struct store *st, struct sbuf *b)
{
	sqlite3_stmt *sel;
	struct strlist entities = { 0 };
	int order[R_COUNT], rc;
	for (int f = 0; f < R_COUNT; f++)
		order[f] = f;
	qsort(order, R_COUNT, sizeof(*order), cmp_field);
	if (store_prepare(st, "SELECT DISTINCT entity FROM event WHERE applied ORDER BY entity", &sel))
		return -1;
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW)
		strlist_add(&entities, col_text(sel, 0));
	sqlite3_finalize(sel);
	rc = rc == SQLITE_DONE ? 0 : sql_fail(st, _("cannot list entities"));
	for (size_t i = 0; i < entities.len && rc == 0; i++) {
		struct entity_state es;
		if ((rc = entity_compute_from(st, entities.items[i], &es, true)) != 0)
			break;
		for (int k = 0; k < R_COUNT; k++) {
			const struct reg *r = &es.regs[order[k]];
			if (!r->by)
				continue;
			json_object *row = json_object_new_array();
			json_object_array_add(row, json_object_new_string(es.entity));
			json_object_array_add(row, json_object_new_string(reg_names[order[k]]));
			json_object_array_add(row, json_object_new_string(r->by->hlc));
			json_object_array_add(row, json_object_new_string(r->by->e.device));
			json_object_array_add(row, json_object_new_string(r->by->e.id));
			json_object_array_add(row, write_text(r->w) ? json_object_new_string(write_text(r->w)) : NULL);
			char *text = json_canonical(row);
			sbuf_addf(b, "register %s\n", text);
			free(text);
			json_object_put(row);
		}
		entity_free(&es);
	}
	strlist_clear(&entities);
	return rc;
}

static int dump_events(struct store *st, struct sbuf *b)
{
	sqlite3_stmt *s;
	int rc;
	if (store_prepare(st, "SELECT id, device, seq, hlc, author, type, version, entity, account, "
			      "base, data, applied FROM event ORDER BY id", &s))
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct event e = {
			.id = (char *)col_text(s, 0), .device = (char *)col_text(s, 1),
			.seq = sqlite3_column_int64(s, 2), .author = (char *)col_text(s, 4),
			.type = (char *)col_text(s, 5), .version = sqlite3_column_int(s, 6),
			.entity = (char *)col_text(s, 7), .account = (char *)col_text(s, 8),
			.base = (char *)col_text(s, 9),
		};
		hlc_parse(col_text(s, 3), &e.hlc);
		e.data = json_tokener_parse(col_text(s, 10) ? col_text(s, 10) : "");
		char *text = event_to_json(&e);
		sbuf_addf(b, "event %s applied=%d\n", text, sqlite3_column_int(s, 11));
		free(text);
		if (e.data)
			json_object_put(e.data);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(st, _("cannot dump the events"));
}

char *state_dump(struct store *st)
{
	struct sbuf b = { 0 };
	/* Device-local columns (own, published, segment, absence ids) are left
	 * out: two devices with the same events dump the same text. */
	if (dump_events(st, &b) ||
	    dump_registers(st, &b) ||
	    dump_rows(st, &b, "note", "SELECT id, account, author, kind, sentiment, summary, text, "
				      "touch_day, created, hlc, deleted FROM note ORDER BY id") ||
	    dump_rows(st, &b, "risk", "SELECT id, account, author, category, severity, status, "
				      "text, opened_day, resolved_day, created, hlc, owner FROM risk "
				      "ORDER BY id") ||
	    dump_rows(st, &b, "touchpoint", "SELECT id, account, author, kind, due_day, status, "
					    "note, reason, done_day, created, hlc, time FROM touchpoint "
					    "ORDER BY id") ||
	    dump_rows(st, &b, "absence", "SELECT entity, handle, start_day, end_day, covered_by, "
					 "reason FROM absence WHERE source = 'event' ORDER BY entity") ||
	    dump_rows(st, &b, "opportunity", "SELECT id, account, author, kind, amount_minor, currency, "
					     "stage, close_day, owner, status, closed_day, note, created, hlc "
					     "FROM opportunity ORDER BY id") ||
	    dump_rows(st, &b, "feedback", "SELECT id, account, author, area, request, text, arr_minor, "
					  "currency, day, created FROM feedback ORDER BY id")) {
		sbuf_free(&b);
		return NULL;
	}
	if (!b.data)
		sbuf_adds(&b, "");
	return b.data;
}

/* ---- causality: what each event's writer had seen ---- */

/* seen[i] is a bitset over es->ev: the entity's events that event i's writer
 * had seen, transitively (holding an event is having seen what its writer
 * had seen). An event's data.seen names the events directly; one written
 * before releases recorded it (no data.seen) had seen, by their rule, the
 * events stamped at or before its base. */
struct causal {
	size_t n, words;
	uint64_t *bits;
};

static bool causal_saw(const struct causal *c, size_t i, size_t j)
{
	return c->bits[i * c->words + j / 64] >> (j % 64) & 1;
}

static int by_id(const void *a, const void *b, void *arg)
{
	const struct loaded *ev = arg;
	return strcmp(ev[*(const size_t *)a].e.id, ev[*(const size_t *)b].e.id);
}

static void causal_build(const struct entity_state *es, struct causal *c)
{
	size_t n = es->n, *order = xcalloc(n ? n : 1, sizeof(*order));
	c->n = n;
	c->words = (n + 63) / 64;
	c->bits = xcalloc(n * c->words + 1, sizeof(*c->bits));
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order, n, sizeof(*order), by_id, es->ev);
	for (size_t i = 0; i < n; i++) {
		const struct loaded *l = &es->ev[i];
		uint64_t *row = &c->bits[i * c->words];
		if (l->seen) {
			for (size_t k = 0; k < json_object_array_length(l->seen); k++) {
				const char *id = json_object_get_string(json_object_array_get_idx(l->seen, k));
				size_t lo = 0, hi = n;
				while (id && lo < hi) {   /* binary search over the ids */
					size_t mid = (lo + hi) / 2;
					int cmp = strcmp(es->ev[order[mid]].e.id, id);
					if (cmp == 0) {
						row[order[mid] / 64] |= 1ULL << (order[mid] % 64);
						break;
					}
					if (cmp < 0)
						lo = mid + 1;
					else
						hi = mid;
				}
			}
		} else if (l->e.base) {
			for (size_t j = 0; j < n; j++)
				if (j != i && strcmp(es->ev[j].hlc, l->e.base) <= 0)
					row[j / 64] |= 1ULL << (j % 64);
		}
	}
	free(order);
	/* Transitive closure, to a fixpoint: events load in stamp order and a
	 * writer's clock is past all it had seen, so one pass usually does;
	 * forged records that loop still end. */
	for (bool changed = true; changed;) {
		changed = false;
		for (size_t i = 0; i < n; i++) {
			uint64_t *row = &c->bits[i * c->words];
			for (size_t j = 0; j < n; j++) {
				if (j == i || !causal_saw(c, i, j))
					continue;
				const uint64_t *other = &c->bits[j * c->words];
				for (size_t w = 0; w < c->words; w++) {
					uint64_t merged = row[w] | other[w];
					changed = changed || merged != row[w];
					row[w] = merged;
				}
			}
		}
	}
}

int state_entity_seen(struct store *st, const char *entity, json_object **out)
{
	struct entity_state es;
	struct causal c;
	*out = NULL;
	if (entity_compute(st, entity, &es))
		return -1;
	causal_build(&es, &c);
	/* The heads: the events no other event had seen. The rest follow from
	 * them, so the record stays small however long the entity's history. */
	struct strlist heads = { 0 };
	for (size_t j = 0; j < es.n; j++) {
		bool covered = false;
		for (size_t i = 0; i < es.n && !covered; i++)
			covered = i != j && causal_saw(&c, i, j);
		if (!covered)
			strlist_add(&heads, es.ev[j].e.id);
	}
	qsort(heads.items, heads.len, sizeof(*heads.items), str_cmp_ptr);
	*out = json_object_new_array();
	for (size_t k = 0; k < heads.len; k++)
		json_object_array_add(*out, json_object_new_string(heads.items[k]));
	strlist_clear(&heads);
	free(c.bits);
	entity_free(&es);
	return 0;
}

/* ---- conflicts ---- */

static const char *write_value(const struct loaded *l, int field, bool *found)
{
	for (size_t k = 0; k < l->nw; k++)
		if (l->w[k].field == field) {
			*found = true;
			return write_text(&l->w[k]);
		}
	*found = false;
	return NULL;
}

static void add_conflict(struct conflict **out, size_t *n, size_t *cap,
			 const struct entity_state *es, int field,
			 const struct loaded *win, const char *wv, const struct loaded *lose,
			 const char *lv)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*out = xreallocarray(*out, *cap, sizeof(**out));
	}
	struct conflict *c = &(*out)[(*n)++];
	c->entity = xstrdup(es->entity);
	c->field = xstrdup(reg_names[field]);
	c->winner_event = xstrdup(win->e.id);
	c->winner_author = xstrdup(win->e.author);
	c->winner_value = wv ? xstrdup(wv) : NULL;
	c->loser_event = xstrdup(lose->e.id);
	c->loser_author = xstrdup(lose->e.author);
	c->loser_value = lv ? xstrdup(lv) : NULL;
	c->account = es->create && es->create->e.account ? xstrdup(es->create->e.account) : NULL;
}

/* Every edit overwritten without being seen: an edit of a field whose value
 * differs from the field's winner and that no write of the field had seen
 * (a later write that saw it settles it, knowingly). Decided from what the
 * writers had seen, so every device holding the same events lists the same.
 * Creates are not edits; tombstoned entities have nothing to show. */
static void entity_conflicts(const struct entity_state *es, struct conflict **out, size_t *n,
			     size_t *cap)
{
	struct causal c;
	if (!es->create || es->regs[R_DELETED].by || es->regs[R_CLEARED].by)
		return;
	causal_build(es, &c);
	for (int f = 0; f < R_COUNT; f++) {
		const struct loaded *win = es->regs[f].by;
		const char *wv = reg_value(es, f);
		if (!win)
			continue;
		for (size_t i = 0; i < es->n; i++) {
			const struct loaded *x = &es->ev[i];
			bool found, settled = false;
			if (!x->included || x == win || is_create(x->t))
				continue;
			const char *xv = write_value(x, f, &found);
			if (!found || str_eq(xv, wv))
				continue;
			for (size_t j = 0; j < es->n && !settled; j++) {
				bool writes;
				write_value(&es->ev[j], f, &writes);
				settled = j != i && es->ev[j].included && writes && causal_saw(&c, j, i);
			}
			if (!settled)
				add_conflict(out, n, cap, es, f, win, wv, x, xv);
		}
	}
	free(c.bits);
}

int conflicts_list(struct store *st, struct conflict **out, size_t *n)
{
	sqlite3_stmt *sel;
	struct strlist entities = { 0 };
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	/* Candidates: two edits, or two creates (a duplicate id). */
	if (store_prepare(st, "SELECT entity FROM event WHERE applied = 1 GROUP BY entity "
			      "HAVING count(base) > 1 OR count(*) - count(base) > 1 ORDER BY entity",
			  &sel))
		return -1;
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW)
		strlist_add(&entities, col_text(sel, 0));
	sqlite3_finalize(sel);
	rc = rc == SQLITE_DONE ? 0 : sql_fail(st, _("cannot look for conflicts"));
	for (size_t i = 0; i < entities.len && rc == 0; i++) {
		struct entity_state es;
		if ((rc = entity_compute(st, entities.items[i], &es)) != 0)
			break;
		entity_conflicts(&es, out, n, &cap);
		entity_free(&es);
	}
	strlist_clear(&entities);
	if (rc) {
		conflicts_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void conflicts_free(struct conflict *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].entity);
		free(c[i].field);
		free(c[i].winner_event);
		free(c[i].winner_author);
		free(c[i].winner_value);
		free(c[i].loser_event);
		free(c[i].loser_author);
		free(c[i].loser_value);
		free(c[i].account);
	}
	free(c);
}
