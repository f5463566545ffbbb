/* state.c - the state the events materialise: registers, notes, risks,
 * touchpoints and coverage absences (see event.h).
 *
 * An entity's state is a function of the set of its events, computed from
 * scratch whenever one of them arrives: its events are read in (hlc, device,
 * id) order and each field keeps the last write. Recomputing one entity
 * costs a few rows (an entity has a handful of events), and makes any import
 * order give the same result by construction. Materialised ids are the
 * entity's ULID ("note/01J..." is note.id "01J...").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/summary.h"

/* The registers: X(id, name). */
#define REG_FIELDS(X) \
	X(KIND, "kind") X(SENTIMENT, "sentiment") X(SUMMARY, "summary") X(TEXT, "text") \
	X(TOUCH_DAY, "touch_day") X(DELETED, "deleted") X(CATEGORY, "category") \
	X(SEVERITY, "severity") X(STATUS, "status") X(OPENED_DAY, "opened_day") \
	X(RESOLVED_DAY, "resolved_day") X(DUE_DAY, "due_day") X(NOTE, "note") \
	X(REASON, "reason") X(DONE_DAY, "done_day") X(ABSENT, "absent") \
	X(COVERED_BY, "covered_by") X(FROM_DAY, "from_day") X(UNTIL_DAY, "until_day") \
	X(CLEARED, "cleared") X(OWNER, "owner")

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
	struct key_map keys[5];
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
	[EVENT_RISK_RESOLVE] = { { { "text", R_TEXT }, { "resolved_day", R_RESOLVED_DAY } },
				 { { R_STATUS, "resolved" } }, false },
	[EVENT_TOUCH_SCHEDULE] = { { { "due_day", R_DUE_DAY }, { "kind", R_KIND },
				     { "note", R_NOTE } }, { { R_STATUS, "open" } }, true },
	[EVENT_TOUCH_RESCHEDULE] = { { { "due_day", R_DUE_DAY }, { "reason", R_REASON } },
				     { { R_STATUS, "open" } }, true },
	[EVENT_TOUCH_DONE] = { { { "done_day", R_DONE_DAY }, { "note", R_NOTE } },
			       { { R_STATUS, "done" } }, false },
	[EVENT_TOUCH_SNOOZE] = { { { "until_day", R_DUE_DAY }, { "reason", R_REASON } },
				 { { R_STATUS, "snoozed" } }, false },
	[EVENT_COVER_SET] = { { { "absent", R_ABSENT }, { "covered_by", R_COVERED_BY },
				{ "from_day", R_FROM_DAY }, { "until_day", R_UNTIL_DAY } },
			      { { 0 } }, true },
	[EVENT_COVER_CLEAR] = { { { 0 } }, { { R_CLEARED, "1" } }, false },
};

struct write {
	int field;
	const char *value;   /* NULL: null */
	char num[24];
};
#define WRITES_MAX 8

/* One stored event of the entity being computed. */
struct loaded {
	struct event e;
	char hlc[HLC_TEXT_SIZE];
	enum event_type t;
	bool was_applied, valid, included;
	struct write w[WRITES_MAX];
	size_t nw;
};

struct reg {
	const struct loaded *by;   /* NULL: never written */
	const char *value;
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
	return error("%s: %s (database %s)", what, sqlite3_errmsg(st->db), st->path);
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

static void compute_writes(struct loaded *l)
{
	const struct type_map *m = &type_maps[l->t];
	l->nw = 0;
	for (size_t i = 0; i < ARRAY_SIZE(m->keys) && m->keys[i].key; i++) {
		json_object *v;
		struct write *w = &l->w[l->nw];
		w->field = m->keys[i].field;
		w->value = NULL;
		if (!json_object_object_get_ex(l->e.data, m->keys[i].key, &v)) {
			if (m->null_absent)
				l->nw++;
			continue;
		}
		if (json_object_is_type(v, json_type_int)) {
			snprintf(w->num, sizeof(w->num), "%lld", (long long)json_object_get_int64(v));
			w->value = w->num;
		} else if (!json_object_is_type(v, json_type_null)) {
			w->value = json_object_get_string(v);
		}
		l->nw++;
	}
	for (size_t i = 0; i < ARRAY_SIZE(m->implied) && m->implied[i].value; i++) {
		l->w[l->nw].field = m->implied[i].field;
		l->w[l->nw++].value = m->implied[i].value;
	}
}

static void entity_free(struct entity_state *es)
{
	for (size_t i = 0; i < es->n; i++)
		event_free(&es->ev[i].e);
	free(es->ev);
	memset(es, 0, sizeof(*es));
}

static const char sql_load[] =
	"SELECT id, device, seq, hlc, author, type, version, account, base, data, applied "
	"FROM event WHERE entity = ?1 ORDER BY hlc, device, id";

/* Loads the entity's events and computes its registers in memory. */
static int entity_compute(struct store *st, const char *entity, struct entity_state *es)
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
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		entity_free(es);
		return sql_fail(st, "cannot read an entity's events");
	}

	for (size_t i = 0; i < es->n && !es->create; i++) {
		struct loaded *l = &es->ev[i];
		if (l->valid && (l->t == EVENT_NOTE_ADD || l->t == EVENT_RISK_OPEN ||
				 l->t == EVENT_TOUCH_SCHEDULE || l->t == EVENT_COVER_SET))
			es->create = l;
	}
	for (size_t i = 0; i < es->n; i++) {
		struct loaded *l = &es->ev[i];
		l->included = l->valid;
		/* Notes are their author's: others' edits and deletes are kept but
		 * change nothing. */
		if (es->create && (l->t == EVENT_NOTE_EDIT || l->t == EVENT_NOTE_DELETE) &&
		    !str_eq(l->e.author, es->create->e.author))
			l->included = false;
		if (!l->included)
			continue;
		for (size_t k = 0; k < l->nw; k++) {
			es->regs[l->w[k].field].by = l;
			es->regs[l->w[k].field].value = l->w[k].value;
		}
		es->latest = l;
	}
	return 0;
}

static const char *reg_value(const struct entity_state *es, int f)
{
	return es->regs[f].by ? es->regs[f].value : NULL;
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

static int step_done(struct store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(st, what);
}

static const char sql_reg_del[] = "DELETE FROM register WHERE entity = ?1";
static const char sql_reg_add[] =
	"INSERT INTO register(entity, field, hlc, device, event_id, value) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_mark[] = "UPDATE event SET applied = 1 WHERE id = ?1";
static const char sql_note_del[] = "DELETE FROM note WHERE id = ?1";
static const char sql_note_put[] =
	"INSERT OR REPLACE INTO note(id, account, author, kind, sentiment, summary, text, "
	"touch_day, created, hlc, deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char sql_risk_del[] = "DELETE FROM risk WHERE id = ?1";
static const char sql_risk_put[] =
	"INSERT OR REPLACE INTO risk(id, account, author, category, severity, status, text, "
	"opened_day, resolved_day, created, hlc, owner)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
static const char sql_touch_del[] = "DELETE FROM touchpoint WHERE id = ?1";
static const char sql_touch_put[] =
	"INSERT OR REPLACE INTO touchpoint(id, account, author, kind, due_day, status, note, "
	"reason, done_day, created, hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
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
		return step_done(st, s, "cannot remove a note");
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
	return step_done(st, s, "cannot write a note");
}

static int put_risk(struct store *st, const struct entity_state *es, const char *id)
{
	sqlite3_stmt *s;
	if (!es->create || !has(es, R_CATEGORY) || !has(es, R_SEVERITY) || !has(es, R_STATUS) ||
	    !has(es, R_TEXT) || !has(es, R_OPENED_DAY)) {
		if (!(s = store_stmt(st, sql_risk_del)))
			return -1;
		store_bind_text(s, 1, id);
		return step_done(st, s, "cannot remove a risk");
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
	/* Resolved: the day the resolving event names, or, when a plain update
	 * set the status, the day of that write's clock. */
	if (str_eq(reg_value(es, R_STATUS), "resolved")) {
		const struct reg *st_reg = &es->regs[R_STATUS], *day = &es->regs[R_RESOLVED_DAY];
		if (day->by == st_reg->by && day->value)
			bind_day(s, 9, day->value);
		else
			sqlite3_bind_int64(s, 9, (int64_t)(st_reg->by->e.hlc.ms / 86400000u));
	} else {
		sqlite3_bind_null(s, 9);
	}
	return step_done(st, s, "cannot write a risk");
}

static int put_touch(struct store *st, const struct entity_state *es, const char *id)
{
	sqlite3_stmt *s;
	if (!es->create || !has(es, R_DUE_DAY) || !has(es, R_STATUS)) {
		if (!(s = store_stmt(st, sql_touch_del)))
			return -1;
		store_bind_text(s, 1, id);
		return step_done(st, s, "cannot remove a touchpoint");
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
	return step_done(st, s, "cannot write a touchpoint");
}

static int put_cover(struct store *st, const struct entity_state *es)
{
	sqlite3_stmt *s = store_stmt(st, sql_absence_del);
	int from, until;
	if (!s)
		return -1;
	store_bind_text(s, 1, es->entity);
	if (step_done(st, s, "cannot remove a coverage"))
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
	return step_done(st, s, "cannot write a coverage");
}

static int entity_store(struct store *st, const struct entity_state *es)
{
	sqlite3_stmt *s = store_stmt(st, sql_reg_del);
	const char *slash = strchr(es->entity, '/');
	const char *id = slash ? slash + 1 : es->entity;
	if (!s)
		return -1;
	store_bind_text(s, 1, es->entity);
	if (step_done(st, s, "cannot replace registers"))
		return -1;
	for (int f = 0; f < R_COUNT; f++) {
		const struct reg *r = &es->regs[f];
		if (!r->by)
			continue;
		if (!(s = store_stmt(st, sql_reg_add)))
			return -1;
		store_bind_text(s, 1, es->entity);
		store_bind_text(s, 2, reg_names[f]);
		store_bind_text(s, 3, r->by->hlc);
		store_bind_text(s, 4, r->by->e.device);
		store_bind_text(s, 5, r->by->e.id);
		store_bind_text(s, 6, r->value);
		if (step_done(st, s, "cannot write a register"))
			return -1;
	}
	for (size_t i = 0; i < es->n; i++) {
		if (!es->ev[i].valid || es->ev[i].was_applied)
			continue;
		if (!(s = store_stmt(st, sql_mark)))
			return -1;
		store_bind_text(s, 1, es->ev[i].e.id);
		if (step_done(st, s, "cannot mark an event applied"))
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
	return 0; /* a kind this build does not know: nothing to show */
}

int state_apply_entity(struct store *st, const char *entity)
{
	struct entity_state es;
	if (entity_compute(st, entity, &es))
		return -1;
	int rc = entity_store(st, &es);
	/* The portfolio's figures for the entity's account (coverage has none). */
	const char *account = es.create ? es.create->e.account : es.n ? es.ev[0].e.account : NULL;
	if (rc == 0 && account)
		rc = summary_refresh_account(st, account);
	entity_free(&es);
	return rc;
}

int entity_hlc(struct store *st, const char *entity, char out[HLC_TEXT_SIZE])
{
	sqlite3_stmt *s = store_stmt(st, "SELECT max(hlc) FROM register WHERE entity = ?1");
	int rc = -1;
	if (!s)
		return -1;
	store_bind_text(s, 1, entity);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
		str_copy(out, HLC_TEXT_SIZE, col_text(s, 0));
		rc = 0;
	} else {
		error("%s does not exist here (no event about it has been applied): sync first",
		      entity);
	}
	sqlite3_reset(s);
	return rc;
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
	if (store_exec(st, "DELETE FROM register; DELETE FROM note; DELETE FROM risk; "
			   "DELETE FROM touchpoint; DELETE FROM absence WHERE source = 'event'; "
			   "UPDATE event SET applied = 0 WHERE applied <> 0;"))
		return -1;
	if (store_prepare(st, "SELECT DISTINCT entity FROM event ORDER BY entity", &sel))
		return -1;
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW)
		strlist_add(&entities, col_text(sel, 0));
	sqlite3_finalize(sel);
	rc = rc == SQLITE_DONE ? 0 : sql_fail(st, "cannot list entities");
	for (size_t i = 0; i < entities.len && rc == 0; i++)
		rc = state_apply_entity(st, entities.items[i]);
	strlist_clear(&entities);
	return rc;
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
	return rc == SQLITE_DONE ? 0 : sql_fail(st, "cannot dump the state");
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
	return rc == SQLITE_DONE ? 0 : sql_fail(st, "cannot dump the events");
}

char *state_dump(struct store *st)
{
	struct sbuf b = { 0 };
	/* Device-local columns (own, published, segment, absence ids) are left
	 * out: two devices with the same events dump the same text. */
	if (dump_events(st, &b) ||
	    dump_rows(st, &b, "register", "SELECT entity, field, hlc, device, event_id, value "
					  "FROM register ORDER BY entity, field") ||
	    dump_rows(st, &b, "note", "SELECT id, account, author, kind, sentiment, summary, text, "
				      "touch_day, created, hlc, deleted FROM note ORDER BY id") ||
	    dump_rows(st, &b, "risk", "SELECT id, account, author, category, severity, status, "
				      "text, opened_day, resolved_day, created, hlc, owner FROM risk "
				      "ORDER BY id") ||
	    dump_rows(st, &b, "touchpoint", "SELECT id, account, author, kind, due_day, status, "
					    "note, reason, done_day, created, hlc FROM touchpoint "
					    "ORDER BY id") ||
	    dump_rows(st, &b, "absence", "SELECT entity, handle, start_day, end_day, covered_by, "
					 "reason FROM absence WHERE source = 'event' ORDER BY entity")) {
		sbuf_free(&b);
		return NULL;
	}
	if (!b.data)
		sbuf_adds(&b, "");
	return b.data;
}

/* ---- conflicts ---- */

static const char *write_value(const struct loaded *l, int field, bool *found)
{
	for (size_t k = 0; k < l->nw; k++)
		if (l->w[k].field == field) {
			*found = true;
			return l->w[k].value;
		}
	*found = false;
	return NULL;
}

static void add_conflict(struct conflict **out, size_t *n, size_t *cap,
			 const struct entity_state *es, int field,
			 const struct loaded *win, const char *wv, const struct loaded *lose,
			 const char *lv)
{
	for (size_t i = 0; i < *n; i++)
		if (str_eq((*out)[i].entity, es->entity) && str_eq((*out)[i].field, reg_names[field]) &&
		    str_eq((*out)[i].loser_event, lose->e.id))
			return;
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

/* Updates written from the same base that set a common field to different
 * values, where one of them is still the field's winner (a later write that
 * saw both settles it). Tombstoned entities have nothing to show. */
static void entity_conflicts(const struct entity_state *es, struct conflict **out, size_t *n,
			     size_t *cap)
{
	if (!es->create || es->regs[R_DELETED].by || es->regs[R_CLEARED].by)
		return;
	for (size_t i = 0; i < es->n; i++) {
		const struct loaded *a = &es->ev[i];
		if (!a->included || !a->e.base)
			continue;
		for (size_t j = i + 1; j < es->n; j++) {
			const struct loaded *b = &es->ev[j];
			if (!b->included || !str_eq(a->e.base, b->e.base))
				continue;
			for (size_t k = 0; k < a->nw; k++) {
				int f = a->w[k].field;
				bool found;
				const char *bv = write_value(b, f, &found);
				if (!found || str_eq(a->w[k].value, bv))
					continue;
				const struct loaded *win = es->regs[f].by;
				if (win == a)
					add_conflict(out, n, cap, es, f, a, a->w[k].value, b, bv);
				else if (win == b)
					add_conflict(out, n, cap, es, f, b, bv, a, a->w[k].value);
			}
		}
	}
}

int conflicts_list(struct store *st, struct conflict **out, size_t *n)
{
	sqlite3_stmt *sel;
	struct strlist entities = { 0 };
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (store_prepare(st, "SELECT DISTINCT entity FROM (SELECT entity FROM event "
			      "WHERE base IS NOT NULL AND applied = 1 GROUP BY entity, base "
			      "HAVING count(*) > 1) ORDER BY entity", &sel))
		return -1;
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW)
		strlist_add(&entities, col_text(sel, 0));
	sqlite3_finalize(sel);
	rc = rc == SQLITE_DONE ? 0 : sql_fail(st, "cannot look for conflicts");
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
