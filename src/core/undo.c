/* undo.c - the undo list: own actions recorded with their compensation, and
 * undoing the last one (see undo.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/date.h"
#include "csconsole/i18n.h"
#include "csconsole/text.h"
#include "csconsole/undo.h"

/* The width of a quoted what in a label ("'QBR'"), in cells. */
#define WHAT_WIDTH 40

/* The events written in one transaction are one action: the first capture
 * of a transaction takes a new action number, the commit or rollback hook
 * forgets it. `undoing` keeps an undo's own events off the list. */
static struct {
	sqlite3 *db;
	long long action;
	bool undoing, suspended;
} cur;

void undo_suspend(bool on)
{
	cur.suspended = on;
}

static int txn_end(void *arg)
{
	(void)arg;
	cur.action = 0;
	return 0;
}

static void txn_rollback(void *arg)
{
	(void)arg;
	cur.action = 0;
}

static int sql_fail(struct store *st, const char *what)
{
	return error(_("%s: %s (database %s)"), what, sqlite3_errmsg(st->db), st->path);
}

static const char *col(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

static json_object *json_col_day(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? NULL : json_day_or_null(sqlite3_column_int(s, i));
}

static json_object *json_col_text(sqlite3_stmt *s, int i)
{
	return col(s, i) ? json_object_new_string(col(s, i)) : NULL;
}

/* Quotes text for a label: sanitized, one line, fitted. */
static void quote(const char *text, char *out, size_t size)
{
	char *clean = text_sanitize(text ? text : "", false);
	char fit[256];
	text_fit(clean, WHAT_WIDTH, false, fit, sizeof(fit));
	str_format(out, size, "'%s'", fit);
	free(clean);
}

/* The account's name from the CRM feed (its id when unknown), sanitized. */
static void account_name(struct store *st, const char *crm_id, char *out, size_t size)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT name FROM account WHERE crm_id = ?1");
	const char *name = crm_id ? crm_id : "?";
	char *clean;

	if (s) {
		store_bind_text(s, 1, crm_id);
		if (sqlite3_step(s) == SQLITE_ROW && col(s, 0))
			name = col(s, 0);
	}
	clean = text_sanitize(name, false);
	str_copy(out, size, clean);
	free(clean);
	if (s)
		sqlite3_reset(s);
}

static const char *data_text(const struct event *e, const char *key)
{
	json_object *v;
	if (!e->data || !json_object_object_get_ex(e->data, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static bool data_has(const struct event *e, const char *key)
{
	return e->data && json_object_object_get_ex(e->data, key, NULL);
}

/* The row of entity id that sql (?1 = id) reads, stepped to: 1 found, 0
 * none (gone), -1 + error(); data is freed unless 1. The caller resets s. */
static int row_of(struct store *st, const char *sql, const char *id, json_object *data, const char *what,
		  sqlite3_stmt **s)
{
	int rc;
	if (!(*s = store_stmt(st, sql))) {
		json_object_put(data);
		return -1;
	}
	store_bind_text(*s, 1, id);
	if ((rc = sqlite3_step(*s)) == SQLITE_ROW)
		return 1;
	sqlite3_reset(*s);
	json_object_put(data);
	if (rc == SQLITE_DONE)
		return 0;
	return sql_fail(st, what);
}

/* The compensation of a note event; *what gets the note's summary. */
static int note_comp(struct store *st, const struct event *e, enum event_type t, const char *id,
		     json_object *comp, char *what, size_t wsize)
{
	sqlite3_stmt *s;
	json_object *data = json_object_new_object();
	int rc;

	if (t == EVENT_NOTE_ADD) {
		quote(data_text(e, "summary"), what, wsize);
		json_object_object_add(comp, "type", json_object_new_string("note.delete"));
		json_object_object_add(comp, "data", data);
		return 1;
	}
	if ((rc = row_of(st, "SELECT kind, sentiment, summary, text, touch_day FROM note "
			 "WHERE id = ?1 AND deleted = 0", id, data, _("cannot read a note to record its undo"), &s)) != 1)
		return rc;
	quote(col(s, 2), what, wsize);
	if (t == EVENT_NOTE_EDIT) {
		/* the previous values of the fields the edit writes */
		if (data_has(e, "kind"))
			json_object_object_add(data, "kind", json_col_text(s, 0));
		if (data_has(e, "sentiment"))
			json_object_object_add(data, "sentiment", sqlite3_column_type(s, 1) == SQLITE_NULL ? NULL :
					       json_object_new_int(sqlite3_column_int(s, 1)));
		if (data_has(e, "summary"))
			json_object_object_add(data, "summary", json_col_text(s, 2));
		if (data_has(e, "text"))
			json_object_object_add(data, "text", json_col_text(s, 3));
		if (data_has(e, "touch_day"))
			json_object_object_add(data, "touch_day", json_col_day(s, 4));
		json_object_object_add(comp, "type", json_object_new_string("note.edit"));
	} else {
		/* a delete is final: the undo brings the note back as a new one */
		json_object_object_add(data, "kind", json_col_text(s, 0));
		if (sqlite3_column_type(s, 1) != SQLITE_NULL)
			json_object_object_add(data, "sentiment", json_object_new_int(sqlite3_column_int(s, 1)));
		json_object_object_add(data, "summary", json_col_text(s, 2));
		if (col(s, 3))
			json_object_object_add(data, "text", json_col_text(s, 3));
		json_object_object_add(data, "touch_day", json_col_day(s, 4));
		json_object_object_add(comp, "type", json_object_new_string("note.add"));
	}
	sqlite3_reset(s);
	json_object_object_add(comp, "data", data);
	return 1;
}

/* A touchpoint's name in a label: its note, else its kind. */
static void touch_what(const char *note, const char *kind, char *what, size_t wsize)
{
	quote(!str_empty(note) ? note : !str_empty(kind) ? kind : _("touchpoint"), what, wsize);
}

static int touch_comp(struct store *st, const struct event *e, enum event_type t, const char *id,
		      json_object *comp, char *what, size_t wsize)
{
	sqlite3_stmt *s;
	json_object *data = json_object_new_object();
	int rc;

	if (t == EVENT_TOUCH_SCHEDULE) {
		touch_what(data_text(e, "note"), data_text(e, "kind"), what, wsize);
		json_object_object_add(data, "status", json_object_new_string("cancelled"));
		json_object_object_add(data, "due_day", json_object_new_string(data_text(e, "due_day")));
		json_object_object_add(comp, "type", json_object_new_string("touch.restore"));
		json_object_object_add(comp, "data", data);
		return 1;
	}
	if ((rc = row_of(st, "SELECT kind, due_day, status, note, reason, done_day FROM touchpoint "
			 "WHERE id = ?1", id, data, _("cannot read a touchpoint to record its undo"), &s)) != 1)
		return rc;
	touch_what(col(s, 3), col(s, 0), what, wsize);
	if (str_eq(col(s, 2), "done")) {
		/* reopened by a reschedule: done again, as it was */
		json_object_object_add(data, "done_day", json_col_day(s, 5));
		if (col(s, 3))
			json_object_object_add(data, "note", json_col_text(s, 3));
		json_object_object_add(comp, "type", json_object_new_string("touch.done"));
	} else {
		json_object_object_add(data, "status", json_col_text(s, 2));
		json_object_object_add(data, "due_day", json_col_day(s, 1));
		json_object_object_add(data, "note", json_col_text(s, 3));
		json_object_object_add(data, "reason", json_col_text(s, 4));
		json_object_object_add(comp, "type", json_object_new_string("touch.restore"));
	}
	sqlite3_reset(s);
	json_object_object_add(comp, "data", data);
	return 1;
}

static int risk_comp(struct store *st, const struct event *e, enum event_type t, const char *id,
		     json_object *comp, char *what, size_t wsize)
{
	static const char *const keys[] = { "category", "severity", "status", "text", "owner" };
	sqlite3_stmt *s;
	json_object *data = json_object_new_object();
	int rc;

	json_object_object_add(comp, "type", json_object_new_string("risk.update"));
	json_object_object_add(comp, "data", data);
	if (t == EVENT_RISK_OPEN) {
		quote(data_text(e, "text"), what, wsize);
		json_object_object_add(data, "status", json_object_new_string("resolved"));
		return 1;
	}
	if (!(s = store_stmt(st, "SELECT category, severity, status, text, owner FROM risk WHERE id = ?1")))
		return -1;
	store_bind_text(s, 1, id);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? 0 : sql_fail(st, _("cannot read a risk to record its undo"));
	}
	quote(col(s, 3), what, wsize);
	for (int i = 0; i < (int)ARRAY_SIZE(keys); i++) {
		bool wanted = t == EVENT_RISK_RESOLVE ? i == 2 || i == 3 : data_has(e, keys[i]);
		if (wanted && col(s, i))
			json_object_object_add(data, keys[i], json_col_text(s, i));
	}
	sqlite3_reset(s);
	return json_object_object_length(data) ? 1 : 0;
}

/* ---- Opportunities and feedback (issue 17) ---------------------------------- */

/* An opportunity's name in a label: its kind and stage ("'upsell, proposal'"). */
static void opp_what(const char *kind, const char *stage, char *what, size_t wsize)
{
	char both[160];
	str_format(both, sizeof(both), "%s, %s", kind ? kind : "?", stage ? stage : "?");
	quote(both, what, wsize);
}

/* opportunity.open -> opportunity.close withdrawn (an opportunity is never
 * deleted, like a risk); opportunity.update -> an update of the previous
 * values of the fields it wrote (amount and currency together);
 * opportunity.close -> an update of status open (a reopen). */
static int opportunity_comp(struct store *st, const struct event *e, enum event_type t, const char *id,
			    json_object *comp, char *what, size_t wsize)
{
	sqlite3_stmt *s;
	json_object *data = json_object_new_object();
	int rc;

	if (t == EVENT_OPPORTUNITY_OPEN) {
		char day[11];
		opp_what(data_text(e, "kind"), data_text(e, "stage"), what, wsize);
		day_format_iso((int)(e->hlc.ms / 86400000u), day);
		json_object_object_add(data, "outcome", json_object_new_string("withdrawn"));
		json_object_object_add(data, "closed_day", json_object_new_string(day));
		json_object_object_add(comp, "type", json_object_new_string("opportunity.close"));
		json_object_object_add(comp, "data", data);
		return 1;
	}
	if ((rc = row_of(st, "SELECT kind, amount_minor, currency, stage, close_day, owner, status "
			 "FROM opportunity WHERE id = ?1", id, data,
			 _("cannot read an opportunity to record its undo"), &s)) != 1)
		return rc;
	opp_what(col(s, 0), col(s, 3), what, wsize);
	if (t == EVENT_OPPORTUNITY_CLOSE) {
		json_object_object_add(data, "status", json_object_new_string("open"));
	} else {
		if (data_has(e, "kind"))
			json_object_object_add(data, "kind", json_col_text(s, 0));
		if (data_has(e, "amount") || data_has(e, "currency")) {
			json_object_object_add(data, "amount", json_object_new_int64(sqlite3_column_int64(s, 1)));
			json_object_object_add(data, "currency", json_col_text(s, 2));
		}
		if (data_has(e, "stage"))
			json_object_object_add(data, "stage", json_col_text(s, 3));
		if (data_has(e, "close_day"))
			json_object_object_add(data, "close_day", json_col_day(s, 4));
		if (data_has(e, "owner"))
			json_object_object_add(data, "owner", json_col_text(s, 5));
	}
	sqlite3_reset(s);
	json_object_object_add(comp, "type", json_object_new_string("opportunity.update"));
	json_object_object_add(comp, "data", data);
	return json_object_object_length(data) ? 1 : 0;
}

/* feedback.add -> feedback.retract (a tombstone: the feedback goes from
 * the lists and the reports). */
static int feedback_comp(const struct event *e, enum event_type t, json_object *comp, char *what, size_t wsize)
{
	if (t != EVENT_FEEDBACK_ADD)
		return 0;
	quote(data_text(e, "text"), what, wsize);
	json_object_object_add(comp, "type", json_object_new_string("feedback.retract"));
	json_object_object_add(comp, "data", json_object_new_object());
	return 1;
}

/* An action's label, "<verb> of 'what' on Account", one whole phrase per
 * kind of action (kept in the language it was made in). */
static void action_label(enum event_type t, const char *what, const char *name, char *out,
			 size_t size)
{
	switch (t) {
	case EVENT_NOTE_ADD: str_format(out, size, _("log of note %s on %s"), what, name); break;
	case EVENT_NOTE_EDIT: str_format(out, size, _("edit of note %s on %s"), what, name); break;
	case EVENT_NOTE_DELETE: str_format(out, size, _("delete of note %s on %s"), what, name); break;
	case EVENT_RISK_OPEN: str_format(out, size, _("opening of risk %s on %s"), what, name); break;
	case EVENT_RISK_UPDATE: str_format(out, size, _("change of risk %s on %s"), what, name); break;
	case EVENT_RISK_RESOLVE: str_format(out, size, _("resolve of risk %s on %s"), what, name); break;
	case EVENT_TOUCH_SCHEDULE: str_format(out, size, _("scheduling of %s on %s"), what, name); break;
	case EVENT_TOUCH_RESCHEDULE: str_format(out, size, _("move of %s on %s"), what, name); break;
	case EVENT_TOUCH_DONE: str_format(out, size, _("done of %s on %s"), what, name); break;
	case EVENT_TOUCH_SNOOZE: str_format(out, size, _("snooze of %s on %s"), what, name); break;
	case EVENT_TOUCH_RESTORE: str_format(out, size, _("restore of %s on %s"), what, name); break;
	case EVENT_OPPORTUNITY_OPEN:
		str_format(out, size, _("opening of opportunity %s on %s"), what, name);
		break;
	case EVENT_OPPORTUNITY_UPDATE:
		str_format(out, size, _("change of opportunity %s on %s"), what, name);
		break;
	case EVENT_OPPORTUNITY_CLOSE:
		str_format(out, size, _("close of opportunity %s on %s"), what, name);
		break;
	case EVENT_FEEDBACK_ADD:
		str_format(out, size, _("recording of feedback %s on %s"), what, name);
		break;
	default: str_format(out, size, _("change of %s on %s"), what, name); break;
	}
}

static const char sql_record[] =
	"INSERT INTO undo_log(action, at, author, event, type, entity, account, label, before_hlc, "
	"after_hlc, comp) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

int undo_capture(struct store *st, const struct event *e, enum event_type t)
{
	const char *entity = e->entity ? e->entity : "", *slash = strchr(entity, '/');
	const char *id = slash ? slash + 1 : entity;
	char what[320] = "", name[256], label[640], after[HLC_TEXT_SIZE], before[HLC_TEXT_SIZE];
	bool had_before;
	json_object *comp;
	sqlite3_stmt *s;
	int rc;

	if (cur.undoing || cur.suspended || t == EVENT_COVER_SET || t == EVENT_COVER_CLEAR)
		return 0;
	comp = json_object_new_object();
	if (str_starts_with(entity, "note/"))
		rc = note_comp(st, e, t, id, comp, what, sizeof(what));
	else if (str_starts_with(entity, "touch/"))
		rc = touch_comp(st, e, t, id, comp, what, sizeof(what));
	else if (str_starts_with(entity, "risk/"))
		rc = risk_comp(st, e, t, id, comp, what, sizeof(what));
	else if (str_starts_with(entity, "opportunity/"))
		rc = opportunity_comp(st, e, t, id, comp, what, sizeof(what));
	else if (str_starts_with(entity, "feedback/"))
		rc = feedback_comp(e, t, comp, what, sizeof(what));
	else
		rc = 0;
	if (rc <= 0) {
		/* nothing to compensate (an entity not materialised here) */
		json_object_put(comp);
		return rc;
	}
	if (cur.db != st->db) {
		cur.db = st->db;
		cur.action = 0;
	}
	sqlite3_commit_hook(st->db, txn_end, NULL);
	sqlite3_rollback_hook(st->db, txn_rollback, NULL);
	if (cur.action == 0) {
		if (!(s = store_stmt(st, "SELECT coalesce(max(action), 0) + 1 FROM undo_log"))) {
			json_object_put(comp);
			return -1;
		}
		cur.action = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 1;
		sqlite3_reset(s);
	}
	account_name(st, e->account, name, sizeof(name));
	action_label(t, what, name, label, sizeof(label));
	hlc_format(e->hlc, after);
	had_before = entity_hlc(st, entity, before) == 0;
	if (!(s = store_stmt(st, sql_record))) {
		json_object_put(comp);
		return -1;
	}
	sqlite3_bind_int64(s, 1, cur.action);
	sqlite3_bind_int64(s, 2, ts_now());
	store_bind_text(s, 3, e->author);
	store_bind_text(s, 4, e->id);
	store_bind_text(s, 5, e->type);
	store_bind_text(s, 6, entity);
	store_bind_text(s, 7, e->account);
	store_bind_text(s, 8, label);
	store_bind_text(s, 9, had_before ? before : NULL);
	store_bind_text(s, 10, after);
	store_bind_text(s, 11, json_object_to_json_string_ext(comp, JSON_C_TO_STRING_PLAIN));
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	json_object_put(comp);
	if (rc != SQLITE_DONE)
		return sql_fail(st, _("cannot record the action for undo"));
	if (!(s = store_stmt(st, "DELETE FROM undo_log WHERE action <= ?1")))
		return -1;
	sqlite3_bind_int64(s, 1, cur.action - UNDO_KEEP);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(st, _("cannot forget old undo actions"));
}

/* The last action of me still to undo: its number (0: none) and label. */
static int last_action(struct store *st, const char *me, long long *action, char *what, size_t size,
		       int *n)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT action, label, (SELECT count(*) FROM undo_log u "
				     "WHERE u.action = l.action) FROM undo_log l WHERE author = ?1 AND state = 0 "
				     "ORDER BY action DESC, seq LIMIT 1");
	int rc;

	*action = 0;
	if (!s)
		return -1;
	store_bind_text(s, 1, me);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*action = sqlite3_column_int64(s, 0);
		str_copy(what, size, col(s, 1));
		*n = sqlite3_column_int(s, 2);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sql_fail(st, _("cannot read the undo list"));
	return 0;
}

static void describe(char *what, size_t size, int n)
{
	size_t len = strlen(what);
	if (n > 1)
		str_format(what + len, size - len, P_(" (and %d more change)", " (and %d more changes)",
			   n - 1), n - 1);
}

int undo_peek(struct store *st, const char *me, char *what, size_t size)
{
	long long action;
	int n = 0;

	if (str_empty(me))
		return error(_("who am I? set `me` in the configuration to undo my actions"));
	if (last_action(st, me, &action, what, size, &n))
		return -1;
	describe(what, size, n);
	return action ? 1 : 0;
}

struct undo_row {
	long long seq;
	char *entity, *account, *before, *after, *comp, *author;
};

static void rows_free(struct undo_row *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].entity);
		free(r[i].account);
		free(r[i].before);
		free(r[i].after);
		free(r[i].comp);
		free(r[i].author);
	}
	free(r);
}

static char *dup_col(sqlite3_stmt *s, int i)
{
	return col(s, i) ? xstrdup(col(s, i)) : NULL;
}

static int load_rows(struct store *st, long long action, struct undo_row **out, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT seq, entity, account, before_hlc, after_hlc, comp, author "
				     "FROM undo_log WHERE action = ?1 ORDER BY seq DESC");
	struct undo_row *r = NULL;
	size_t len = 0, cap = 0;
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, action);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? cap * 2 : 4;
			r = xreallocarray(r, cap, sizeof(*r));
		}
		r[len++] = (struct undo_row){ sqlite3_column_int64(s, 0), dup_col(s, 1), dup_col(s, 2),
					      dup_col(s, 3), dup_col(s, 4), dup_col(s, 5), dup_col(s, 6) };
	}
	sqlite3_reset(s);
	*out = r;
	*n = len;
	if (rc != SQLITE_DONE)
		return sql_fail(st, _("cannot read the undo list"));
	return 0;
}

/* Who wrote the entity's latest write, and what ("bob's touch.done"). */
static void changed_by(struct store *st, const char *entity, const char *hlc, char *out, size_t size)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT author, type FROM event WHERE entity = ?1 AND hlc = ?2");
	str_copy(out, size, _("someone"));
	if (!s)
		return;
	store_bind_text(s, 1, entity);
	store_bind_text(s, 2, hlc);
	if (sqlite3_step(s) == SQLITE_ROW && col(s, 0) && col(s, 1)) {
		char *a = text_sanitize(col(s, 0), false), *t = text_sanitize(col(s, 1), false);
		str_format(out, size, "%s (%s)", a, t);
		free(a);
		free(t);
	}
	sqlite3_reset(s);
}

static int set_state(struct store *st, long long action, int state)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE undo_log SET state = ?2 WHERE action = ?1");
	int rc;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, action);
	sqlite3_bind_int(s, 2, state);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(st, _("cannot update the undo list"));
}

/* Writes one row's compensation; after it, the entity is as it was before
 * the action, so an earlier action that left it at `before` may be undone
 * next: its expected stamp becomes the compensation's. *changed: the entity
 * was written since the action (nothing written). */
static int compensate(struct store *st, long long action, const struct undo_row *r, char *who, size_t wsize,
		      bool *changed)
{
	char now[HLC_TEXT_SIZE], entity[80];
	json_object *comp = json_tokener_parse(r->comp), *type, *data;
	int rc;

	*changed = false;
	if (!comp || !json_object_object_get_ex(comp, "type", &type) ||
	    !json_object_object_get_ex(comp, "data", &data)) {
		json_object_put(comp);
		return error(_("the undo list is damaged (action %lld): cannot undo it"), action);
	}
	if (entity_hlc(st, r->entity, now) || !str_eq(now, r->after)) {
		*changed = true;
		changed_by(st, r->entity, now, who, wsize);
		json_object_put(comp);
		return 0;
	}
	if (str_eq(json_object_get_string(type), "note.add")) {
		char id[ULID_SIZE];
		ulid_new(clock_now_ms(), id);
		str_format(entity, sizeof(entity), "note/%s", id);
	} else {
		str_copy(entity, sizeof(entity), r->entity);
	}
	cur.undoing = true;
	rc = event_emit(st, r->author, json_object_get_string(type), entity, r->account, NULL,
			json_object_get(data));
	cur.undoing = false;
	json_object_put(comp);
	if (rc || !str_eq(entity, r->entity))
		return rc;
	if (entity_hlc(st, r->entity, now))
		return -1;
	sqlite3_stmt *s = store_stmt(st, "UPDATE undo_log SET after_hlc = ?1 WHERE entity = ?2 AND "
				     "after_hlc = ?3 AND state = 0 AND action <> ?4");
	if (!s)
		return -1;
	store_bind_text(s, 1, now);
	store_bind_text(s, 2, r->entity);
	store_bind_text(s, 3, r->before);
	sqlite3_bind_int64(s, 4, action);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(st, _("cannot update the undo list"));
}

int undo_last(struct store *st, const char *me, char *what, size_t size)
{
	struct undo_row *rows = NULL;
	size_t n = 0, i;
	long long action;
	char who[160] = "";
	bool changed = false;
	int count = 0, rc = 0;

	if (str_empty(me))
		return error(_("who am I? set `me` in the configuration to undo my actions"));
	if (store_begin(st))
		return -1;
	if (last_action(st, me, &action, what, size, &count) || (action && load_rows(st, action, &rows, &n))) {
		store_rollback(st);
		rows_free(rows, n);
		return -1;
	}
	if (!action) {
		store_rollback(st);
		return 0;
	}
	for (i = 0; i < n && !changed && rc == 0; i++)
		rc = compensate(st, action, &rows[i], who, sizeof(who), &changed);
	rows_free(rows, n);
	if (rc) {
		store_rollback(st);
		return error_prefix(_("cannot undo %s"), what);
	}
	if (changed) {
		/* nothing of it is undone; it leaves the list so the next undo
		 * reaches the action before */
		store_rollback(st);
		if (set_state(st, action, 2))
			return -1;
		return error(_("not undone: %s was changed since by %s; change it by hand (the next undo takes "
			     "the action before)"), what, who);
	}
	if (set_state(st, action, 1) || store_commit(st)) {
		store_rollback(st);
		return -1;
	}
	describe(what, size, count);
	return 1;
}
