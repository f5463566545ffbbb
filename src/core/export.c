/* export.c - the activity export for the CRM (see export.h).
 *
 * The targets' columns are tables below, each column a field of a row; the
 * field names are the CRMs' own (docs/export.md cites where each is
 * documented). Texts are sanitized here, because they may be teammates'
 * (and anything pasted): control characters and terminal escapes go, line
 * ends stay in the long texts, and each field is cut to the length the CRM
 * takes, in characters, marked with an ellipsis.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/date.h"
#include "csconsole/export.h"
#include "csconsole/i18n.h"
#include "csconsole/store.h"
#include "csconsole/text.h"
#include "csconsole/util.h"

static const char *const target_names[EXPORT_TARGET_COUNT] = { "salesforce", "hubspot", "csv" };

const char *export_target_name(enum export_target t)
{
	return t < EXPORT_TARGET_COUNT ? target_names[t] : "?";
}

bool export_target_parse(const char *s, enum export_target *out)
{
	for (int t = 0; t < EXPORT_TARGET_COUNT; t++)
		if (str_eq(s, target_names[t])) {
			*out = (enum export_target)t;
			return true;
		}
	return false;
}

/* ---- the rows --------------------------------------------------------------------- */

static const char sql_notes[] =
	"SELECT 'note/' || n.id, n.account, coalesce(a.name, ''), n.author, n.touch_day, n.kind, n.summary,"
	" n.text, coalesce(n.sentiment, 0) FROM note n LEFT JOIN account a ON a.crm_id = n.account"
	" WHERE NOT n.deleted AND (?1 IS NULL OR n.touch_day >= ?1) AND (?2 IS NULL OR n.author = ?2)"
	" AND (?3 OR NOT EXISTS (SELECT 1 FROM export_mark m WHERE m.target = ?4 AND m.entity = 'note/' || n.id))";
static const char sql_touches[] =
	"SELECT 'touch/' || t.id, t.account, coalesce(a.name, ''), t.author, t.done_day, t.kind, NULL,"
	" t.note, 0 FROM touchpoint t LEFT JOIN account a ON a.crm_id = t.account"
	" WHERE t.status = 'done' AND t.done_day IS NOT NULL AND (?1 IS NULL OR t.done_day >= ?1)"
	" AND (?2 IS NULL OR t.author = ?2)"
	" AND (?3 OR NOT EXISTS (SELECT 1 FROM export_mark m WHERE m.target = ?4 AND m.entity = 'touch/' || t.id))";
static const char sql_risks[] =
	"SELECT 'risk/' || r.id, r.account, coalesce(a.name, ''), r.author, r.opened_day, r.category,"
	" r.severity, r.status, r.text, r.resolved_day, r.owner, r.resolve_note"
	" FROM risk r LEFT JOIN account a ON a.crm_id = r.account"
	" WHERE (?1 IS NULL OR r.opened_day >= ?1) AND (?2 IS NULL OR r.author = ?2)"
	" AND (?3 OR NOT EXISTS (SELECT 1 FROM export_mark m WHERE m.target = ?4 AND m.entity = 'risk/' || r.id))";

static void bind_query(sqlite3_stmt *s, const struct export_query *q)
{
	if (q->since != DAY_NONE)
		sqlite3_bind_int(s, 1, q->since);
	else
		sqlite3_bind_null(s, 1);
	store_bind_text(s, 2, q->author);
	sqlite3_bind_int(s, 3, q->again);
	store_bind_text(s, 4, export_target_name(q->target));
}

struct rows {
	struct export_row *v;
	size_t len, cap;
};

static struct export_row *rows_add(struct rows *r)
{
	if (r->len == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->v = xreallocarray(r->v, r->cap, sizeof(*r->v));
	}
	struct export_row *row = &r->v[r->len++];
	memset(row, 0, sizeof(*row));
	row->resolved_day = DAY_NONE;
	return row;
}

/* Columns 0-4 of every query: the entity, the account, its name, the
 * author, the day. */
static struct export_row *row_read(sqlite3_stmt *s, enum export_kind kind, struct rows *out)
{
	struct export_row *r = rows_add(out);
	r->kind = kind;
	r->entity = store_column_dup(s, 0);
	r->account = store_column_dup(s, 1);
	r->account_name = store_column_dup(s, 2);
	r->author = store_column_dup(s, 3);
	r->day = sqlite3_column_int(s, 4);
	return r;
}

static int load_activities(struct store *st, const struct export_query *q, const char *sql,
			   enum export_kind kind, struct rows *out)
{
	sqlite3_stmt *s = store_stmt(st, sql);
	int rc;
	if (!s)
		return -1;
	bind_query(s, q);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct export_row *r = row_read(s, kind, out);
		r->kind_name = store_column_dup(s, 5);
		r->summary = store_column_dup(s, 6);
		r->text = store_column_dup(s, 7);
		r->sentiment = sqlite3_column_int(s, 8);
	}
	return store_finish(st, s, rc, kind == EXPORT_NOTE ? N_("the notes") : N_("the touchpoints"));
}

static int load_risks(struct store *st, const struct export_query *q, struct rows *out)
{
	sqlite3_stmt *s = store_stmt(st, sql_risks);
	int rc;
	if (!s)
		return -1;
	bind_query(s, q);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct export_row *r = row_read(s, EXPORT_RISK, out);
		r->category = store_column_dup(s, 5);
		r->severity = store_column_dup(s, 6);
		r->status = store_column_dup(s, 7);
		r->text = store_column_dup(s, 8);
		r->resolved_day = sqlite3_column_type(s, 9) == SQLITE_NULL ? DAY_NONE : sqlite3_column_int(s, 9);
		r->owner = store_column_dup(s, 10);
		r->resolve_note = store_column_dup(s, 11);
	}
	return store_finish(st, s, rc, N_("the risks"));
}

static int cmp_row(const void *pa, const void *pb)
{
	const struct export_row *a = pa, *b = pb;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return strcmp(a->entity, b->entity);
}

static void row_free(struct export_row *r)
{
	free(r->entity), free(r->account), free(r->account_name), free(r->author), free(r->kind_name);
	free(r->summary), free(r->text), free(r->category), free(r->severity), free(r->status);
	free(r->owner), free(r->resolve_note);
}

void export_set_free(struct export_set *s)
{
	for (size_t i = 0; i < s->n_activities; i++)
		row_free(&s->activities[i]);
	for (size_t i = 0; i < s->n_risks; i++)
		row_free(&s->risks[i]);
	free(s->activities);
	free(s->risks);
	memset(s, 0, sizeof(*s));
}

int export_collect(struct store *st, const struct export_query *q, struct export_set *out)
{
	struct rows acts = {0}, risks = {0};

	memset(out, 0, sizeof(*out));
	out->activities = NULL;
	if (load_activities(st, q, sql_notes, EXPORT_NOTE, &acts) ||
	    load_activities(st, q, sql_touches, EXPORT_TOUCH, &acts) || load_risks(st, q, &risks)) {
		out->activities = acts.v, out->n_activities = acts.len;
		out->risks = risks.v, out->n_risks = risks.len;
		export_set_free(out);
		return error_prefix(_("cannot collect the activities to export"));
	}
	if (acts.len)
		qsort(acts.v, acts.len, sizeof(*acts.v), cmp_row);
	if (risks.len)
		qsort(risks.v, risks.len, sizeof(*risks.v), cmp_row);
	out->activities = acts.v, out->n_activities = acts.len;
	out->risks = risks.v, out->n_risks = risks.len;
	return 0;
}

/* ---- the columns ------------------------------------------------------------------ */

/* Salesforce Task (Data Import Wizard and Data Loader take the API names):
 * Subject (255), Description ("Comments", 32,000), ActivityDate (a date,
 * YYYY-MM-DD), Status, Priority, Type (picklists), WhatId (the related
 * record: the account), and csconsole's id in a custom text field the org
 * may add (docs/export.md). */
static const char *const sf_columns[] = {
	"Subject", "Description", "ActivityDate", "Status", "Priority", "Type", "WhatId", "csconsole_Id__c",
};
/* HubSpot notes import: the notes' Activity date (hs_timestamp) and Note
 * body (hs_note_body, 65,536), the company the note is associated with by
 * its Record ID, and csconsole's id. */
static const char *const hs_columns[] = { "Activity date", "Note body", "Company Record ID", "csconsole ID" };
static const char *const csv_activity_columns[] = {
	"id", "type", "account", "account_name", "day", "kind", "author", "sentiment", "summary", "text",
};
static const char *const csv_risk_columns[] = {
	"id", "account", "account_name", "opened_day", "category", "severity", "status", "resolved_day",
	"owner", "author", "text", "resolve_note",
};

#define SF_SUBJECT_MAX 255
#define SF_DESCRIPTION_MAX 32000
#define HS_BODY_MAX 65536

const char *const *export_columns(enum export_target t, bool risks, size_t *n)
{
	switch (t) {
	case EXPORT_SALESFORCE:
		*n = ARRAY_SIZE(sf_columns);
		return sf_columns;
	case EXPORT_HUBSPOT:
		*n = ARRAY_SIZE(hs_columns);
		return hs_columns;
	case EXPORT_CSV:
	default:
		*n = risks ? ARRAY_SIZE(csv_risk_columns) : ARRAY_SIZE(csv_activity_columns);
		return risks ? csv_risk_columns : csv_activity_columns;
	}
}

/* s sanitized (line ends kept when multiline) and cut to at most max
 * characters (0: no limit), the last one then an ellipsis. Caller frees. */
static char *clean(const char *s, bool multiline, size_t max)
{
	char *c = text_sanitize(s ? s : "", multiline);
	size_t chars = 0, i = 0;
	if (!max)
		return c;
	for (; c[i]; i++) {
		if (((unsigned char)c[i] & 0xC0) == 0x80)
			continue;
		if (++chars == max) {
			/* the max-th character starts here: keep it only if it is the last */
			size_t next = i + 1;
			while (c[next] && ((unsigned char)c[next] & 0xC0) == 0x80)
				next++;
			if (!c[next])
				return c;
			char *cut = xasprintf("%.*s\xe2\x80\xa6", (int)i, c);   /* U+2026 */
			free(c);
			return cut;
		}
	}
	return c;
}

static char *iso_day(int day)
{
	char iso[11];
	if (day == DAY_NONE)
		return xstrdup("");
	day_format_iso(day, iso);
	return xstrdup(iso);
}

/* The ULID of an entity "kind/<ulid>". */
static const char *entity_id(const char *entity)
{
	const char *slash = strchr(entity, '/');
	return slash ? slash + 1 : entity;
}

/* A kind as a word at the start of a sentence: "Call", "Qbr" -> "QBR". */
static char *kind_title(const char *kind, const char *none)
{
	if (str_empty(kind))
		return xstrdup(none);
	if (str_eq(kind, "qbr"))
		return xstrdup("QBR");
	char *t = xstrdup(kind);
	if (t[0] >= 'a' && t[0] <= 'z')
		t[0] = (char)(t[0] - 'a' + 'A');
	return t;
}

/* Salesforce's Task Type picklist (Call, Email, Meeting, Other) for a kind. */
static const char *sf_type(const char *kind)
{
	if (str_eq(kind, "call"))
		return "Call";
	if (str_eq(kind, "email"))
		return "Email";
	if (str_eq(kind, "meeting") || str_eq(kind, "qbr") || str_eq(kind, "renewal") || str_eq(kind, "onboarding"))
		return "Meeting";
	return "Other";
}

/* The one-line title of an activity: a note's summary; a touchpoint's kind
 * and the first line of its note. Not sanitized. Caller frees. */
static char *activity_title(const struct export_row *r)
{
	if (r->kind == EXPORT_NOTE)
		return xstrdup(r->summary ? r->summary : "");
	char *kind = kind_title(r->kind_name, "Touchpoint");
	size_t line = r->text ? strcspn(r->text, "\r\n") : 0;
	char *t = line ? xasprintf("%s: %.*s", kind, (int)line, r->text) : xasprintf("%s", kind);
	free(kind);
	return t;
}

/* A risk's text with its closing note, when resolved. Caller frees. */
static char *risk_body(const struct export_row *r)
{
	if (!str_empty(r->resolve_note) && r->resolved_day != DAY_NONE) {
		char iso[11];
		day_format_iso(r->resolved_day, iso);
		return xasprintf("%s\n\nResolved %s: %s", r->text ? r->text : "", iso, r->resolve_note);
	}
	return xstrdup(r->text ? r->text : "");
}

static char **cells_salesforce(const struct export_row *r)
{
	char **c = xcalloc(ARRAY_SIZE(sf_columns), sizeof(*c));
	char *raw;
	if (r->kind == EXPORT_RISK) {
		raw = xasprintf("Risk: %s (%s)", r->category ? r->category : "", r->severity ? r->severity : "");
		c[0] = clean(raw, false, SF_SUBJECT_MAX);
		free(raw);
		raw = risk_body(r);
		c[1] = clean(raw, true, SF_DESCRIPTION_MAX);
		free(raw);
		c[3] = xstrdup(str_eq(r->status, "resolved") ? "Completed" : "Not Started");
		c[4] = xstrdup(str_eq(r->severity, "high") ? "High" : str_eq(r->severity, "low") ? "Low" : "Normal");
		c[5] = xstrdup("Other");
	} else {
		raw = activity_title(r);
		c[0] = clean(raw, false, SF_SUBJECT_MAX);
		free(raw);
		c[1] = clean(r->text, true, SF_DESCRIPTION_MAX);
		c[3] = xstrdup("Completed");
		c[4] = xstrdup("Normal");
		c[5] = xstrdup(sf_type(r->kind_name));
	}
	c[2] = iso_day(r->day);
	c[6] = clean(r->account, false, 0);
	c[7] = clean(entity_id(r->entity), false, 0);
	return c;
}

static char **cells_hubspot(const struct export_row *r)
{
	char **c = xcalloc(ARRAY_SIZE(hs_columns), sizeof(*c));
	char *raw, *body;
	c[0] = iso_day(r->day);
	if (r->kind == EXPORT_RISK) {
		body = risk_body(r);
		raw = xasprintf("Risk (%s, %s, %s): %s", r->severity ? r->severity : "",
				r->category ? r->category : "", r->status ? r->status : "", body);
		free(body);
	} else if (r->kind == EXPORT_NOTE) {
		char *kind = kind_title(r->kind_name, "Note");
		raw = !str_empty(r->text) ? xasprintf("%s: %s\n\n%s", kind, r->summary ? r->summary : "", r->text)
					  : xasprintf("%s: %s", kind, r->summary ? r->summary : "");
		free(kind);
	} else {
		char *kind = kind_title(r->kind_name, "Touchpoint");
		raw = !str_empty(r->text) ? xasprintf("%s (touchpoint done): %s", kind, r->text)
					  : xasprintf("%s (touchpoint done)", kind);
		free(kind);
	}
	c[1] = clean(raw, true, HS_BODY_MAX);
	free(raw);
	c[2] = clean(r->account, false, 0);
	c[3] = clean(entity_id(r->entity), false, 0);
	return c;
}

static char **cells_csv(const struct export_row *r)
{
	char **c;
	if (r->kind == EXPORT_RISK) {
		c = xcalloc(ARRAY_SIZE(csv_risk_columns), sizeof(*c));
		c[0] = clean(entity_id(r->entity), false, 0);
		c[1] = clean(r->account, false, 0);
		c[2] = clean(r->account_name, false, 0);
		c[3] = iso_day(r->day);
		c[4] = clean(r->category, false, 0);
		c[5] = clean(r->severity, false, 0);
		c[6] = clean(r->status, false, 0);
		c[7] = iso_day(r->resolved_day);
		c[8] = clean(r->owner, false, 0);
		c[9] = clean(r->author, false, 0);
		c[10] = clean(r->text, true, 0);
		c[11] = clean(r->resolve_note, true, 0);
		return c;
	}
	c = xcalloc(ARRAY_SIZE(csv_activity_columns), sizeof(*c));
	c[0] = clean(entity_id(r->entity), false, 0);
	c[1] = xstrdup(r->kind == EXPORT_NOTE ? "note" : "touchpoint");
	c[2] = clean(r->account, false, 0);
	c[3] = clean(r->account_name, false, 0);
	c[4] = iso_day(r->day);
	c[5] = clean(r->kind_name, false, 0);
	c[6] = clean(r->author, false, 0);
	c[7] = r->sentiment ? xasprintf("%d", r->sentiment) : xstrdup("");
	c[8] = clean(r->summary, false, 0);
	c[9] = clean(r->text, true, 0);
	return c;
}

char **export_cells(enum export_target t, const struct export_row *r)
{
	switch (t) {
	case EXPORT_SALESFORCE:
		return cells_salesforce(r);
	case EXPORT_HUBSPOT:
		return cells_hubspot(r);
	case EXPORT_CSV:
	default:
		return cells_csv(r);
	}
}

void export_cells_free(char **cells, size_t n)
{
	if (!cells)
		return;
	for (size_t i = 0; i < n; i++)
		free(cells[i]);
	free(cells);
}

/* ---- the mark --------------------------------------------------------------------- */

int export_mark(struct store *st, enum export_target t, const struct export_row *rows, size_t n, int64_t now)
{
	bool mine;
	int rc = 0;

	if (store_join(st, &mine))
		return -1;
	sqlite3_stmt *s = store_stmt(st, "INSERT OR REPLACE INTO export_mark(target, entity, exported_at) "
				     "VALUES (?1, ?2, ?3)");
	if (!s)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		store_bind_text(s, 1, export_target_name(t));
		store_bind_text(s, 2, rows[i].entity);
		sqlite3_bind_int64(s, 3, now);
		int step = sqlite3_step(s);
		sqlite3_reset(s);
		if (step != SQLITE_DONE)
			rc = error(_("cannot record the export of %s: %s"), rows[i].entity, sqlite3_errstr(step));
	}
	return store_end(st, mine, rc);
}

int export_marked_count(struct store *st, enum export_target t, int64_t *out)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM export_mark WHERE target = ?1");
	int rc;
	if (!s)
		return -1;
	store_bind_text(s, 1, export_target_name(t));
	*out = 0;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	return store_finish(st, s, rc, N_("the export mark"));
}
