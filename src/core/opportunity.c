/* opportunity.c - expansion opportunities: the data rules of their events,
 * the table they materialise and reading it (see opportunity.h). */
#include <stdlib.h>
#include <string.h>
#include "csconsole/date.h"
#include "csconsole/i18n.h"
#include "csconsole/opportunity.h"
#include "csconsole/store.h"
#include "csconsole/util.h"

const char *const opportunity_kinds[] = { "upsell", "cross-sell", "seats", NULL };
const char *const opportunity_outcomes[] = { "won", "lost", "withdrawn", NULL };
/* An update's status: only a reopen (the undo of a close, undo.c). */
static const char *const update_statuses[] = { "open", NULL };
const char *const opportunity_stages[] = { "discovery", "qualified", "proposal", "negotiation",
					   "commit", NULL };

int opportunity_stage_rank(const char *stage)
{
	int i;
	for (i = 0; opportunity_stages[i]; i++)
		if (str_eq(stage, opportunity_stages[i]))
			return i;
	return i;
}

static const struct datacheck_field f_open[] = {
	{ "kind", DC_ENUM, DC_REQ, opportunity_kinds, LIMIT_COUNT },
	{ "amount", DC_MINOR, DC_REQ, NULL, LIMIT_COUNT },
	{ "currency", DC_CURRENCY, DC_REQ, NULL, LIMIT_COUNT },
	{ "stage", DC_IDENT, DC_REQ, NULL, LIMIT_COUNT },
	{ "close_day", DC_DAY, DC_REQ, NULL, LIMIT_COUNT },
	{ "owner", DC_HANDLE, 0, NULL, LIMIT_COUNT },
};
static const struct datacheck_field f_update[] = {
	{ "kind", DC_ENUM, 0, opportunity_kinds, LIMIT_COUNT },
	{ "amount", DC_MINOR, 0, NULL, LIMIT_COUNT },
	{ "currency", DC_CURRENCY, 0, NULL, LIMIT_COUNT },
	{ "stage", DC_IDENT, 0, NULL, LIMIT_COUNT },
	{ "close_day", DC_DAY, 0, NULL, LIMIT_COUNT },
	{ "owner", DC_HANDLE, 0, NULL, LIMIT_COUNT },
	{ "status", DC_ENUM, 0, update_statuses, LIMIT_COUNT },
	{ "seen", DC_SEEN, 0, NULL, LIMIT_COUNT },
};
static const struct datacheck_field f_close[] = {
	{ "outcome", DC_ENUM, DC_REQ, opportunity_outcomes, LIMIT_COUNT },
	{ "closed_day", DC_DAY, DC_REQ, NULL, LIMIT_COUNT },
	{ "note", DC_TEXT, 0, NULL, LIMIT_CLOSING },
	{ "seen", DC_SEEN, 0, NULL, LIMIT_COUNT },
};

int opportunity_validate(enum event_type t, int version, json_object *data)
{
	(void)version;   /* version 1 is the only one */
	switch (t) {
	case EVENT_OPPORTUNITY_OPEN:
		return datacheck("opportunity.open", f_open, ARRAY_SIZE(f_open), false, data);
	case EVENT_OPPORTUNITY_UPDATE:
		return datacheck("opportunity.update", f_update, ARRAY_SIZE(f_update), true, data);
	case EVENT_OPPORTUNITY_CLOSE:
		return datacheck("opportunity.close", f_close, ARRAY_SIZE(f_close), false, data);
	default:
		return error(N_("%s is not an opportunity event"), event_type_name(t));
	}
}

static int sql_fail(struct store *st, const char *what)
{
	return error(_("%s: %s (database %s)"), what, sqlite3_errmsg(st->db), st->path);
}

static const char sql_del[] = "DELETE FROM opportunity WHERE id = ?1";
static const char sql_put[] =
	"INSERT OR REPLACE INTO opportunity(id, account, author, kind, amount_minor, currency, stage,"
	" close_day, owner, status, closed_day, note, created, hlc)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

static int step_done(struct store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(st, what);
}

int opportunity_store(struct store *st, const struct entity_row *r)
{
	const char *kind = entity_row_get(r, "kind"), *amount = entity_row_get(r, "amount");
	const char *currency = entity_row_get(r, "currency"), *stage = entity_row_get(r, "stage");
	const char *close = entity_row_get(r, "close_day"), *status = entity_row_get(r, "status");
	const char *owner = entity_row_get(r, "owner"), *closed = entity_row_get(r, "closed_day");
	long long minor = 0;
	int close_day, closed_day;
	sqlite3_stmt *s;
	char *end = NULL;

	if (amount)
		minor = strtoll(amount, &end, 10);
	if (!r->exists || !kind || !amount || !end || *end || !currency || !stage || !status ||
	    !close || !day_parse_iso(close, &close_day)) {
		if (!(s = store_stmt(st, sql_del)))
			return -1;
		store_bind_text(s, 1, r->id);
		return step_done(st, s, _("cannot remove an opportunity"));
	}
	if (!(s = store_stmt(st, sql_put)))
		return -1;
	store_bind_text(s, 1, r->id);
	store_bind_text(s, 2, r->account);
	store_bind_text(s, 3, r->author);
	store_bind_text(s, 4, kind);
	sqlite3_bind_int64(s, 5, minor);
	store_bind_text(s, 6, currency);
	store_bind_text(s, 7, stage);
	sqlite3_bind_int(s, 8, close_day);
	store_bind_text(s, 9, owner ? owner : r->author);
	store_bind_text(s, 10, status);
	/* A closed day and note belong to the close in force: they show only
	 * while closed (an update's status open, the undo of a close, reopens). */
	if (!str_eq(status, "open") && closed && day_parse_iso(closed, &closed_day))
		sqlite3_bind_int(s, 11, closed_day);
	else
		sqlite3_bind_null(s, 11);
	store_bind_text(s, 12, str_eq(status, "open") ? NULL : entity_row_get(r, "note"));
	store_bind_text(s, 13, r->created);
	store_bind_text(s, 14, r->hlc);
	return step_done(st, s, _("cannot write an opportunity"));
}

static const char sql_list[] =
	"SELECT o.id, o.account, coalesce(a.name, o.account), o.author, o.kind, o.currency, o.stage,"
	" o.owner, o.status, o.note, o.amount_minor, o.close_day, o.closed_day"
	" FROM opportunity o LEFT JOIN account a ON a.crm_id = o.account"
	" WHERE (?1 IS NULL OR o.account = ?1) AND (?2 = 0 OR o.status = 'open')"
	" ORDER BY o.status <> 'open', CASE WHEN o.status = 'open' THEN o.close_day"
	" ELSE -o.closed_day END, o.account, o.id";

int opportunity_list_load(struct store *st, const char *account, bool open_only,
			  struct opportunity_list *out)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;
	memset(out, 0, sizeof(*out));
	if (store_prepare(st, sql_list, &s))
		return -1;
	store_bind_text(s, 1, account);
	sqlite3_bind_int(s, 2, open_only);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 8;
			out->items = xreallocarray(out->items, cap, sizeof(*out->items));
		}
		struct opportunity *o = &out->items[out->n++];
		o->id = store_column_dup(s, 0);
		o->account = store_column_dup(s, 1);
		o->account_name = store_column_dup(s, 2);
		o->author = store_column_dup(s, 3);
		o->kind = store_column_dup(s, 4);
		o->currency = store_column_dup(s, 5);
		o->stage = store_column_dup(s, 6);
		o->owner = store_column_dup(s, 7);
		o->status = store_column_dup(s, 8);
		o->note = store_column_dup(s, 9);
		o->amount_minor = sqlite3_column_int64(s, 10);
		o->close_day = sqlite3_column_int(s, 11);
		o->closed_day = sqlite3_column_type(s, 12) == SQLITE_NULL ? DAY_NONE
									   : sqlite3_column_int(s, 12);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		opportunity_list_free(out);
		return sql_fail(st, _("cannot read the opportunities"));
	}
	return 0;
}

void opportunity_list_free(struct opportunity_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct opportunity *o = &l->items[i];
		free(o->id);
		free(o->account);
		free(o->account_name);
		free(o->author);
		free(o->kind);
		free(o->currency);
		free(o->stage);
		free(o->owner);
		free(o->status);
		free(o->note);
	}
	free(l->items);
	memset(l, 0, sizeof(*l));
}
