/* log.c - the after-call capture (see log.h): one transaction of events. */
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/i18n.h"
#include "csconsole/limits.h"
#include "csconsole/log.h"
#include "csconsole/text.h"
#include "csconsole/touchdef.h"

int log_propose_next(const struct config *cfg, const char *touch_model, int touch_day,
		     int renewal_day, int today, struct log_next *why)
{
	struct log_next n = { .reason = LOG_NEXT_DEFAULT, .cadence = 14, .renewal_day = DAY_NONE,
			      .lead = cfg->renewal_lead_days };
	enum touch_model m;

	if (touch_model && touch_model_parse(touch_model, &m)) {
		n.reason = LOG_NEXT_CADENCE;
		n.cadence = cfg->cadence[m];
		str_copy(n.touch_model, sizeof(n.touch_model), touch_model);
	}
	n.day = n.cadence_day = touch_day + n.cadence;
	/* the renewal comes first: a touch before it, with the lead to act on it */
	if (renewal_day != DAY_NONE && renewal_day >= today) {
		int bound = renewal_day - n.lead;
		enum log_next_reason r = LOG_NEXT_RENEWAL;
		if (bound < today + 1) {
			bound = today + 1;
			r = LOG_NEXT_RENEWAL_NEAR;
		}
		if (n.day > bound) {
			n.day = bound;
			n.reason = r;
			n.renewal_day = renewal_day;
		}
	}
	if (why)
		*why = n;
	return n.day;
}

void log_next_explain(const struct log_next *n, int today, char *out, size_t size)
{
	char renewal[11];

	switch (n->reason) {
	case LOG_NEXT_CADENCE:
	case LOG_NEXT_DEFAULT: {
		char after[40], model[40];
		if (n->day - n->cadence == today)
			str_format(after, sizeof(after), P_("in %d day", "in %d days", n->cadence),
				   n->cadence);
		else
			str_format(after, sizeof(after), P_("%d day after the touch",
				   "%d days after the touch", n->cadence), n->cadence);
		if (n->reason == LOG_NEXT_CADENCE)
			str_format(model, sizeof(model), _("%s-touch cadence"), n->touch_model);
		else
			str_copy(model, sizeof(model), _("no touch model: the default"));
		str_format(out, size, "%s (%s)", after, model);
		break;
	}
	case LOG_NEXT_RENEWAL:
		day_format_iso(n->renewal_day, renewal);
		if (n->lead == 0)
			str_format(out, size, _("the day of the renewal on %s"), renewal);
		else
			str_format(out, size, P_("%d day before the renewal on %s",
				   "%d days before the renewal on %s", n->lead), n->lead, renewal);
		break;
	case LOG_NEXT_RENEWAL_NEAR:
		day_format_iso(n->renewal_day, renewal);
		str_format(out, size, P_("tomorrow: the renewal on %s is within %d day",
			   "tomorrow: the renewal on %s is within %d days", n->lead), renewal, n->lead);
		break;
	}
}

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (str_eq(s, *list))
			return true;
	return false;
}

static char *joined(const char *const *list)
{
	struct sbuf b = { 0 };
	for (size_t i = 0; list[i]; i++)
		sbuf_addf(&b, "%s%s", i ? ", " : "", list[i]);
	return b.data;
}

static int bad_choice(const char *field, const char *value, const char *const *list)
{
	char *all = joined(list);
	error(_("%s: \"%s\" is not one of %s"), field, value, all);
	free(all);
	return -1;
}

/* rc (from error(): why) with *bad saying which field is refused. */
static int refuse(enum log_bad *bad, enum log_bad which, int rc)
{
	*bad = which;
	return rc;
}

int log_check(const struct config *cfg, const struct log_entry *e, int today, enum log_bad *bad)
{
	enum log_bad dummy;
	char day[11];

	if (!bad)
		bad = &dummy;
	*bad = LOG_BAD_NONE;
	if (str_empty(e->account))
		return refuse(bad, LOG_BAD_ACCOUNT, error(_("account: none given")));
	if (str_empty(e->kind) || !in_list(e->kind, event_note_kinds))
		return refuse(bad, LOG_BAD_KIND,
			      bad_choice(_("kind"), e->kind ? e->kind : "", event_note_kinds));
	if (e->sentiment < 0 || (size_t)e->sentiment > cfg->sentiment_labels.len)
		return refuse(bad, LOG_BAD_SENTIMENT, error(_("sentiment: %d is not from 1 to %zu (or none)"),
								  e->sentiment, cfg->sentiment_labels.len));
	if (str_empty(e->summary) || !e->summary[strspn(e->summary, " \t")])
		return refuse(bad, LOG_BAD_SUMMARY, error(_("summary: write one line about the touch")));
	if (strchr(e->summary, '\n'))
		return refuse(bad, LOG_BAD_SUMMARY,
			      error(_("summary: one line only; the longer note goes in the note")));
	if (!utf8_valid(e->summary, strlen(e->summary), NULL) ||
	    (e->text && !utf8_valid(e->text, strlen(e->text), NULL)))
		return refuse(bad, LOG_BAD_TEXT, error(_("the text is not valid UTF-8")));
	/* the table's limits, in characters: the same as the CLI and the events */
	if (limit_check(LIMIT_SUMMARY, NULL, e->summary, strlen(e->summary)))
		return refuse(bad, LOG_BAD_SUMMARY, -1);
	if (e->text && limit_check(LIMIT_NOTE, NULL, e->text, strlen(e->text)))
		return refuse(bad, LOG_BAD_TEXT, -1);
	if (e->touch_day == DAY_NONE || e->touch_day > today) {
		day_format_iso(today, day);
		return refuse(bad, LOG_BAD_DATE,
			      error(_("date: the touch happened on or before today (%s)"), day));
	}
	if (!str_empty(e->risk_category)) {
		if (!strlist_has(&cfg->risk_categories, e->risk_category)) {
			struct sbuf b = { 0 };
			for (size_t i = 0; i < cfg->risk_categories.len; i++)
				sbuf_addf(&b, "%s%s", i ? ", " : "", cfg->risk_categories.items[i]);
			*bad = LOG_BAD_RISK;
			error(_("risk: \"%s\" is not a category of risk_categories: %s"), e->risk_category,
			      sbuf_str(&b));
			sbuf_free(&b);
			return -1;
		}
		if (str_empty(e->risk_severity) || !in_list(e->risk_severity, event_severities))
			return refuse(bad, LOG_BAD_SEVERITY, bad_choice(_("severity"), e->risk_severity ?
									 e->risk_severity : "", event_severities));
		if (str_empty(e->risk_text) || !e->risk_text[strspn(e->risk_text, " \t\n")])
			return refuse(bad, LOG_BAD_RISK_TEXT,
				      error(_("risk text: say what the risk is (the team reads it)")));
		if (!utf8_valid(e->risk_text, strlen(e->risk_text), NULL))
			return refuse(bad, LOG_BAD_RISK_TEXT, error(_("risk text: not valid UTF-8")));
		if (limit_check(LIMIT_RISK_TEXT, NULL, e->risk_text, strlen(e->risk_text)))
			return refuse(bad, LOG_BAD_RISK_TEXT, -1);
	}
	if (e->next_day != DAY_NONE && e->next_day < today) {
		day_format_iso(today, day);
		return refuse(bad, LOG_BAD_NEXT, error(_("next touchpoint: a day from today (%s) on"), day));
	}
	if (e->next_kind && !in_list(e->next_kind, event_touch_kinds))
		return refuse(bad, LOG_BAD_NEXT_KIND, bad_choice(_("next touchpoint kind"), e->next_kind, event_touch_kinds));
	return 0;
}

static void new_entity(const char *kind, char *out, size_t size)
{
	char id[ULID_SIZE];

	ulid_new(clock_now_ms(), id);
	str_format(out, size, "%s/%s", kind, id);
}

/* The account's open and snoozed touchpoints, earliest first. */
struct open_touch {
	char entity[64], hlc[HLC_TEXT_SIZE];
	int due_day;
};

static int open_touches(struct store *st, const char *account, struct open_touch **out, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id, hlc, due_day FROM touchpoint WHERE account = ?1"
				     " AND status IN ('open', 'snoozed') ORDER BY due_day, id");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!s)
		return -1;
	store_bind_text(s, 1, account);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 4;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		struct open_touch *t = &(*out)[(*n)++];
		str_format(t->entity, sizeof(t->entity), "touch/%s", (const char *)sqlite3_column_text(s, 0));
		str_copy(t->hlc, sizeof(t->hlc), (const char *)sqlite3_column_text(s, 1));
		t->due_day = sqlite3_column_int(s, 2);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		return error(_("cannot read the touchpoints of %s: %s"), account, sqlite3_errstr(rc));
	}
	return 0;
}

static int write_all(struct store *st, const char *me, const struct log_entry *e, struct log_result *out)
{
	char entity[64];
	json_object *data;
	struct open_touch *touches;
	size_t n, next = 0;

	sqlite3_stmt *q = store_stmt(st, "SELECT 1 FROM account WHERE crm_id = ?1");
	if (!q)
		return -1;
	store_bind_text(q, 1, e->account);
	int found = sqlite3_step(q);
	sqlite3_reset(q);
	if (found != SQLITE_ROW)
		return error(_("account: no account %s in this database: run csconsole sync"), e->account);

	/* the note */
	new_entity("note", entity, sizeof(entity));
	data = json_object_new_object();
	json_object_object_add(data, "kind", json_object_new_string(e->kind));
	if (e->sentiment > 0)
		json_object_object_add(data, "sentiment", json_object_new_int(e->sentiment));
	json_object_object_add(data, "summary", json_object_new_string(e->summary));
	if (!str_empty(e->text))
		json_object_object_add(data, "text", json_object_new_string(e->text));
	json_object_object_add(data, "touch_day", json_day_or_null(e->touch_day));
	if (event_emit(st, me, "note.add", entity, e->account, NULL, data))
		return -1;
	str_copy(out->note_id, sizeof(out->note_id), entity + strlen("note/"));

	/* the touchpoints this touch answers: none for an internal note, which
	 * is no touch (touchdef.h); the earliest open one may still move below */
	if (open_touches(st, e->account, &touches, &n))
		return -1;
	for (; touch_note_kind(e->kind) && next < n && touches[next].due_day <= e->touch_day; next++) {
		data = json_object_new_object();
		json_object_object_add(data, "done_day", json_day_or_null(e->touch_day));
		json_object_object_add(data, "note", json_object_new_string(e->summary));
		if (event_emit(st, me, "touch.done", touches[next].entity, e->account, touches[next].hlc, data)) {
			free(touches);
			return -1;
		}
		out->closed++;
	}

	/* the next one: the earliest still open moves, else a new one */
	if (e->next_day != DAY_NONE) {
		const char *kind = e->next_kind ? e->next_kind : e->kind;
		data = json_object_new_object();
		json_object_object_add(data, "due_day", json_day_or_null(e->next_day));
		if (next < n) {
			str_copy(entity, sizeof(entity), touches[next].entity);
			out->touch_moved = true;
			if (touches[next].due_day == e->next_day) {
				json_object_put(data);
				data = NULL;
			} else {
				json_object_object_add(data, "reason", json_object_new_string("after the touch logged"));
			}
			if (data && event_emit(st, me, "touch.reschedule", entity, e->account, touches[next].hlc, data)) {
				free(touches);
				return -1;
			}
		} else {
			new_entity("touch", entity, sizeof(entity));
			json_object_object_add(data, "kind", json_object_new_string(kind));
			if (event_emit(st, me, "touch.schedule", entity, e->account, NULL, data)) {
				free(touches);
				return -1;
			}
		}
		str_copy(out->touch_id, sizeof(out->touch_id), entity + strlen("touch/"));
	}
	free(touches);

	/* the risk */
	if (!str_empty(e->risk_category)) {
		new_entity("risk", entity, sizeof(entity));
		data = json_object_new_object();
		json_object_object_add(data, "category", json_object_new_string(e->risk_category));
		json_object_object_add(data, "severity", json_object_new_string(e->risk_severity));
		json_object_object_add(data, "text", json_object_new_string(e->risk_text));
		json_object_object_add(data, "opened_day", json_day_or_null(e->touch_day));
		if (event_emit(st, me, "risk.open", entity, e->account, NULL, data))
			return -1;
		str_copy(out->risk_id, sizeof(out->risk_id), entity + strlen("risk/"));
	}
	return 0;
}

int log_save(struct store *st, const struct config *cfg, const char *me, int today,
	     const struct log_entry *e, struct log_result *out)
{
	bool mine;

	memset(out, 0, sizeof(*out));
	if (str_empty(me))
		return error(_("no CSM handle is set: set `me` in the configuration (every note has an author)"));
	if (log_check(cfg, e, today, NULL))
		return -1;
	if (store_join(st, &mine))
		return -1;
	if (store_end(st, mine, write_all(st, me, e, out))) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return 0;
}

/* ---- Acting on one touchpoint (the agenda's done, snooze, move) ------------------ */

/* The touchpoint's account and latest write, for an update's base. */
static int touch_lookup(struct store *st, const char *entity, char *account, size_t asize,
			char *hlc, size_t hsize, char *status, size_t ssize)
{
	const char *id = str_starts_with(entity, "touch/") ? entity + strlen("touch/") : entity;
	sqlite3_stmt *s = store_stmt(st, "SELECT account, hlc, status FROM touchpoint WHERE id = ?1");
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		str_copy(account, asize, (const char *)sqlite3_column_text(s, 0));
		str_copy(hlc, hsize, (const char *)sqlite3_column_text(s, 1));
		str_copy(status, ssize, (const char *)sqlite3_column_text(s, 2));
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return error(_("no touchpoint %s here: run csconsole sync"), id);
	if (rc != SQLITE_ROW)
		return error(_("cannot read touchpoint %s: %s"), id, sqlite3_errstr(rc));
	return 0;
}

static int touch_update(struct store *st, const char *me, const char *type, const char *entity,
			json_object *data)
{
	char account[64], hlc[HLC_TEXT_SIZE], status[16], full[80];

	if (str_empty(me)) {
		json_object_put(data);
		return error(_("no CSM handle is set: set `me` in the configuration"));
	}
	if (touch_lookup(st, entity, account, sizeof(account), hlc, sizeof(hlc), status, sizeof(status))) {
		json_object_put(data);
		return -1;
	}
	if (str_eq(status, "done")) {
		json_object_put(data);
		return error(_("the touchpoint is already done"));
	}
	str_format(full, sizeof(full), "%s%s", str_starts_with(entity, "touch/") ? "" : "touch/", entity);
	return event_emit(st, me, type, full, account, hlc, data);
}

int touch_done(struct store *st, const char *me, const char *entity, int day, const char *note)
{
	json_object *data = json_object_new_object();

	json_object_object_add(data, "done_day", json_day_or_null(day));
	if (!str_empty(note))
		json_object_object_add(data, "note", json_object_new_string(note));
	return touch_update(st, me, "touch.done", entity, data);
}

int touch_snooze(struct store *st, const char *me, const char *entity, int today, int until,
		 const char *reason)
{
	char iso[11];
	json_object *data;

	if (until <= today) {
		day_format_iso(today, iso);
		return error(_("until: a day after today (%s)"), iso);
	}
	if (str_empty(reason) || !reason[strspn(reason, " \t")])
		return error(_("reason: say why it waits (the team sees it)"));
	data = json_object_new_object();
	json_object_object_add(data, "until_day", json_day_or_null(until));
	json_object_object_add(data, "reason", json_object_new_string(reason));
	return touch_update(st, me, "touch.snooze", entity, data);
}

int touch_reschedule(struct store *st, const char *me, const char *entity, int today, int due,
		     const char *reason)
{
	char iso[11];
	json_object *data;

	if (due < today) {
		day_format_iso(today, iso);
		return error(_("due: a day from today (%s) on"), iso);
	}
	data = json_object_new_object();
	json_object_object_add(data, "due_day", json_day_or_null(due));
	if (!str_empty(reason))
		json_object_object_add(data, "reason", json_object_new_string(reason));
	return touch_update(st, me, "touch.reschedule", entity, data);
}

/* ---- Own notes: edit and delete ------------------------------------------------ */

/* The note's fields as they stand here, to compare an edit with. */
struct note_now {
	char *kind, *summary, *text;
	int sentiment, touch_day;
};

static void note_now_free(struct note_now *n)
{
	free(n->kind);
	free(n->summary);
	free(n->text);
}

/* The note, if it is mine and not deleted: its account and latest stamp,
 * and (now not NULL) its fields as they stand, in one read. */
static int own_note(struct store *st, const char *me, const char *note_id, char *account, size_t asize,
		    char *hlc, size_t hsize, struct note_now *now)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT account, hlc, author, deleted, kind, sentiment, summary, "
				     "text, touch_day FROM note WHERE id = ?1");
	char author[65] = "";
	bool deleted = false;
	int rc;

	if (now)
		memset(now, 0, sizeof(*now));
	if (!s)
		return -1;
	store_bind_text(s, 1, note_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		str_copy(account, asize, (const char *)sqlite3_column_text(s, 0));
		str_copy(hlc, hsize, (const char *)sqlite3_column_text(s, 1));
		str_copy(author, sizeof(author), (const char *)sqlite3_column_text(s, 2));
		deleted = sqlite3_column_int(s, 3) != 0;
		if (now) {
			now->kind = xstrdup((const char *)sqlite3_column_text(s, 4));
			now->sentiment = sqlite3_column_type(s, 5) == SQLITE_NULL ? 0 : sqlite3_column_int(s, 5);
			now->summary = xstrdup((const char *)sqlite3_column_text(s, 6));
			now->text = sqlite3_column_text(s, 7) ? xstrdup((const char *)sqlite3_column_text(s, 7)) : NULL;
			now->touch_day = sqlite3_column_int(s, 8);
		}
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return error(_("no note %s here: run csconsole sync"), note_id);
	if (rc != SQLITE_ROW)
		return error(_("cannot read note %s: %s"), note_id, sqlite3_errstr(rc));
	if (deleted)
		rc = error(_("the note was deleted"));
	else if (str_empty(me) || !str_eq(author, me))
		rc = error(_("the note is %s's: only its author changes a note (teammates' notes are read-only)"),
			   author);
	else
		return 0;
	if (now)
		note_now_free(now);
	return rc;
}

/* Only the fields the edit changes are written: a field left as it was is
 * not republished, so it cannot compete with a teammate's edit of it. */
int note_update(struct store *st, const struct config *cfg, const char *me, int today,
		const char *note_id, const struct log_entry *e)
{
	char account[64], hlc[HLC_TEXT_SIZE], entity[80];
	struct log_entry check = *e;
	struct note_now now;
	json_object *data;

	check.risk_category = NULL;
	check.next_day = DAY_NONE;
	check.next_kind = NULL;
	if (own_note(st, me, note_id, account, sizeof(account), hlc, sizeof(hlc), &now))
		return -1;
	if (log_check(cfg, &check, today, NULL)) {
		note_now_free(&now);
		return -1;
	}
	data = json_object_new_object();
	if (!str_eq(e->kind, now.kind))
		json_object_object_add(data, "kind", json_object_new_string(e->kind));
	if (e->sentiment != now.sentiment)
		json_object_object_add(data, "sentiment",
				       e->sentiment > 0 ? json_object_new_int(e->sentiment) : NULL);
	if (!str_eq(e->summary, now.summary))
		json_object_object_add(data, "summary", json_object_new_string(e->summary));
	if (!str_eq(str_empty(e->text) ? NULL : e->text, now.text))
		json_object_object_add(data, "text", str_empty(e->text) ? NULL : json_object_new_string(e->text));
	if (e->touch_day != now.touch_day)
		json_object_object_add(data, "touch_day", json_day_or_null(e->touch_day));
	note_now_free(&now);
	if (json_object_object_length(data) == 0) {
		json_object_put(data);
		return error(_("nothing changed: the note is as it was"));
	}
	str_format(entity, sizeof(entity), "note/%s", note_id);
	return event_emit(st, me, "note.edit", entity, account, hlc, data);
}

int note_remove(struct store *st, const char *me, const char *note_id)
{
	char account[64], hlc[HLC_TEXT_SIZE], entity[80];

	if (own_note(st, me, note_id, account, sizeof(account), hlc, sizeof(hlc), NULL))
		return -1;
	str_format(entity, sizeof(entity), "note/%s", note_id);
	return event_emit(st, me, "note.delete", entity, account, hlc, json_object_new_object());
}

/* ---- Risks: update and resolve (open to the whole team) --------------------------- */

static int risk_lookup(struct store *st, const char *risk_id, char *account, size_t asize, char *hlc,
		       size_t hsize, bool *open)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT account, hlc, status FROM risk WHERE id = ?1");
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, risk_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		str_copy(account, asize, (const char *)sqlite3_column_text(s, 0));
		str_copy(hlc, hsize, (const char *)sqlite3_column_text(s, 1));
		*open = str_eq((const char *)sqlite3_column_text(s, 2), "open");
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return error(_("no risk %s here: run csconsole sync"), risk_id);
	if (rc != SQLITE_ROW)
		return error(_("cannot read risk %s: %s"), risk_id, sqlite3_errstr(rc));
	return 0;
}

int risk_change(struct store *st, const struct config *cfg, const char *me, const char *risk_id,
		const char *category, const char *severity, const char *text, const char *owner)
{
	char account[64], hlc[HLC_TEXT_SIZE], entity[80];
	bool open;
	json_object *data;

	if (str_empty(me))
		return error(_("no CSM handle is set: set `me` in the configuration"));
	if (category && !strlist_has(&cfg->risk_categories, category))
		return error(_("risk: \"%s\" is not a category of risk_categories"), category);
	if (severity && !in_list(severity, event_severities))
		return bad_choice(_("severity"), severity, event_severities);
	if (text && !text[strspn(text, " \t")])
		return error(_("text: say what the risk is"));
	if (owner && !handle_valid(owner))
		return error(_("owner: \"%s\" is not a CSM handle (a-z, 0-9, '.', '_', '-')"), owner);
	if (risk_lookup(st, risk_id, account, sizeof(account), hlc, sizeof(hlc), &open))
		return -1;
	if (!open)
		return error(_("the risk is resolved: reopen it with csconsole risk --update ID --status open"));
	data = json_object_new_object();
	if (category)
		json_object_object_add(data, "category", json_object_new_string(category));
	if (severity)
		json_object_object_add(data, "severity", json_object_new_string(severity));
	if (text)
		json_object_object_add(data, "text", json_object_new_string(text));
	if (owner)
		json_object_object_add(data, "owner", json_object_new_string(owner));
	if (json_object_object_length(data) == 0) {
		json_object_put(data);
		return error(_("nothing to change"));
	}
	str_format(entity, sizeof(entity), "risk/%s", risk_id);
	return event_emit(st, me, "risk.update", entity, account, hlc, data);
}

int risk_resolve(struct store *st, const char *me, const char *risk_id, int day, const char *text)
{
	char account[64], hlc[HLC_TEXT_SIZE], entity[80];
	bool open;
	json_object *data;

	if (str_empty(me))
		return error(_("no CSM handle is set: set `me` in the configuration"));
	if (risk_lookup(st, risk_id, account, sizeof(account), hlc, sizeof(hlc), &open))
		return -1;
	if (!open)
		return error(_("the risk is already resolved"));
	data = json_object_new_object();
	json_object_object_add(data, "resolved_day", json_day_or_null(day));
	if (!str_empty(text))   /* the closing note, apart from the risk's text (v3) */
		json_object_object_add(data, "note", json_object_new_string(text));
	str_format(entity, sizeof(entity), "risk/%s", risk_id);
	return event_emit(st, me, "risk.resolve", entity, account, hlc, data);
}

int risk_history(struct store *st, const char *risk_id, struct strlist *out)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT type, author, hlc, data, version FROM event WHERE entity = ?1"
				     " ORDER BY hlc, id");
	char entity[80];
	int rc;

	if (!s)
		return -1;
	str_format(entity, sizeof(entity), "risk/%s", risk_id);
	store_bind_text(s, 1, entity);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(s, 0);
		struct hlc h = { 0 };
		char day[11] = "?";
		struct sbuf b = { 0 };
		json_object *data = json_tokener_parse((const char *)sqlite3_column_text(s, 3));

		if (hlc_parse((const char *)sqlite3_column_text(s, 2), &h))
			day_format_iso((int)(h.ms / 86400000), day);
		sbuf_addf(&b, "%s  %s  %s", day, (const char *)sqlite3_column_text(s, 1),
			  str_eq(type, "risk.open") ? _("opened") : str_eq(type, "risk.resolve") ? _("resolved") :
			  str_eq(type, "risk.update") ? _("changed") : type);
		/* the fields the event set, in a fixed order; a resolve's closing
		 * note (v3 "note", "text" before) is an entry of its own */
		static const char *const keys[] = { "severity", "category", "status", "owner", "text" };
		static const char *const labels[] = {
			N_("severity"), N_("category"), N_("status"), N_("owner"), N_("text"),
		};
		const char *sep = ": ";
		bool resolve = str_eq(type, "risk.resolve");
		json_object *closing = NULL;
		if (resolve && data)
			json_object_object_get_ex(data, sqlite3_column_int(s, 4) >= 3 ? "note" : "text", &closing);
		for (size_t i = 0; data && i < ARRAY_SIZE(keys) && !resolve; i++) {
			json_object *v;
			if (json_object_object_get_ex(data, keys[i], &v) && json_object_is_type(v, json_type_string)) {
				sbuf_addf(&b, "%s%s %s", sep, _(labels[i]), json_object_get_string(v));
				sep = "; ";
			}
		}
		char *clean = text_sanitize(sbuf_str(&b), false);
		strlist_add(out, clean);
		free(clean);
		if (json_object_is_type(closing, json_type_string)) {
			sbuf_free(&b);
			sbuf_addf(&b, _("%s  %s  closing note: %s"), day, (const char *)sqlite3_column_text(s, 1),
				  json_object_get_string(closing));
			clean = text_sanitize(sbuf_str(&b), false);
			strlist_add(out, clean);
			free(clean);
		}
		json_object_put(data);
		sbuf_free(&b);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return error(_("cannot read the history of risk %s: %s"), risk_id, sqlite3_errstr(rc));
	return 0;
}

/* ---- A touchpoint or a risk on its own (the console's a and !) -------------------- */

static int account_known(struct store *st, const char *account)
{
	sqlite3_stmt *q = store_stmt(st, "SELECT 1 FROM account WHERE crm_id = ?1");
	int found;
	if (!q)
		return -1;
	store_bind_text(q, 1, account);
	found = sqlite3_step(q);
	sqlite3_reset(q);
	if (found != SQLITE_ROW)
		return error(_("no account %s in this database: run csconsole sync"), account);
	return 0;
}

int touch_schedule(struct store *st, const char *me, const char *account, int today, int due,
		   const char *kind, const char *note, char *id, size_t size)
{
	return touch_schedule_at(st, me, account, today, due, -1, kind, note, id, size);
}

int touch_schedule_at(struct store *st, const char *me, const char *account, int today, int due, int minute,
		      const char *kind, const char *note, char *id, size_t size)
{
	char entity[64], iso[11], hhmm[6];
	json_object *data;

	if (str_empty(me))
		return error(_("no CSM handle is set: set `me` in the configuration"));
	if (due == DAY_NONE || due < today) {
		day_format_iso(today, iso);
		return error(_("a day from today (%s) on"), iso);
	}
	if (kind && !in_list(kind, event_touch_kinds))
		return bad_choice(_("kind"), kind, event_touch_kinds);
	if (account_known(st, account))
		return -1;
	if (minute >= 24 * 60)
		return error(_("a time of day from 00:00 to 23:59"));
	data = json_object_new_object();
	json_object_object_add(data, "due_day", json_day_or_null(due));
	if (minute >= 0) {
		time_format_hhmm(minute, hhmm);
		json_object_object_add(data, "time", json_object_new_string(hhmm));
	}
	if (kind)
		json_object_object_add(data, "kind", json_object_new_string(kind));
	if (!str_empty(note))
		json_object_object_add(data, "note", json_object_new_string(note));
	new_entity("touch", entity, sizeof(entity));
	if (event_emit(st, me, "touch.schedule", entity, account, NULL, data))
		return -1;
	if (id)
		str_copy(id, size, entity + strlen("touch/"));
	return 0;
}

int risk_open(struct store *st, const struct config *cfg, const char *me, const char *account, int today,
	      const char *category, const char *severity, const char *text, char *id, size_t size)
{
	char entity[64];
	json_object *data;

	if (str_empty(me))
		return error(_("no CSM handle is set: set `me` in the configuration"));
	if (!category || !strlist_has(&cfg->risk_categories, category))
		return error(_("category: \"%s\" is not a category of risk_categories"), category ? category : "");
	if (!severity || !in_list(severity, event_severities))
		return bad_choice(_("severity"), severity ? severity : "", event_severities);
	if (!text || !text[strspn(text, " \t")])
		return error(_("text: say what the risk is"));
	if (account_known(st, account))
		return -1;
	data = json_object_new_object();
	json_object_object_add(data, "category", json_object_new_string(category));
	json_object_object_add(data, "severity", json_object_new_string(severity));
	json_object_object_add(data, "text", json_object_new_string(text));
	json_object_object_add(data, "opened_day", json_day_or_null(today));
	new_entity("risk", entity, sizeof(entity));
	if (event_emit(st, me, "risk.open", entity, account, NULL, data))
		return -1;
	if (id)
		str_copy(id, size, entity + strlen("risk/"));
	return 0;
}

int touch_next(struct store *st, const char *account, struct touch_next *out)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id, kind, note, due_day, status FROM touchpoint "
				     "WHERE account = ?1 AND status IN ('open', 'snoozed') ORDER BY due_day, id LIMIT 1");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!s)
		return -1;
	store_bind_text(s, 1, account);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *note = (const char *)sqlite3_column_text(s, 2);
		const char *kind = (const char *)sqlite3_column_text(s, 1);
		char *clean = text_sanitize(!str_empty(note) ? note : !str_empty(kind) ? kind : _("touchpoint"), false);
		str_format(out->entity, sizeof(out->entity), "touch/%s", (const char *)sqlite3_column_text(s, 0));
		text_fit(clean, 40, false, out->what, sizeof(out->what));
		free(clean);
		out->due_day = sqlite3_column_int(s, 3);
		out->snoozed = str_eq((const char *)sqlite3_column_text(s, 4), "snoozed");
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return error(_("cannot read the touchpoints of %s: %s"), account, sqlite3_errstr(rc));
	return rc == SQLITE_ROW;
}

int note_latest_own(struct store *st, const char *me, const char *account, struct note_ref *out)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id, touch_day, kind FROM note WHERE account = ?1 AND author = ?2 "
				     "AND deleted = 0 ORDER BY touch_day DESC, created DESC, id DESC LIMIT 1");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!s)
		return -1;
	store_bind_text(s, 1, account);
	store_bind_text(s, 2, me);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		str_copy(out->id, sizeof(out->id), (const char *)sqlite3_column_text(s, 0));
		out->touch_day = sqlite3_column_int(s, 1);
		str_copy(out->kind, sizeof(out->kind), (const char *)sqlite3_column_text(s, 2));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return error(_("cannot read the notes of %s: %s"), account, sqlite3_errstr(rc));
	return rc == SQLITE_ROW;
}
