/* feedback.c - the voice of the customer: feedback.add's data rules, the
 * table it materialises and reading it (see feedback.h). */
#include <stdlib.h>
#include <string.h>
#include "csconsole/date.h"
#include "csconsole/feedback.h"
#include "csconsole/i18n.h"
#include "csconsole/store.h"
#include "csconsole/util.h"

const char *const feedback_requests[] = { "bug", "missing_feature", "usability", "praise", NULL };

static const struct datacheck_field f_add[] = {
	{ "area", DC_IDENT, DC_REQ, NULL, LIMIT_COUNT },
	{ "request", DC_ENUM, DC_REQ, feedback_requests, LIMIT_COUNT },
	{ "text", DC_TEXT, DC_REQ | DC_NONEMPTY, NULL, LIMIT_NOTE },
	{ "day", DC_DAY, DC_REQ, NULL, LIMIT_COUNT },
	{ "arr", DC_MINOR, DC_REQ | DC_NULL, NULL, LIMIT_COUNT },
	{ "currency", DC_CURRENCY, DC_REQ | DC_NULL, NULL, LIMIT_COUNT },
};

/* A retract (a tombstone) carries only what its writer had seen. */
static const struct datacheck_field f_retract[] = {
	{ "seen", DC_SEEN, 0, NULL, LIMIT_COUNT },
};

int feedback_validate(enum event_type t, int version, json_object *data)
{
	json_object *arr, *cur;
	(void)version;
	if (t == EVENT_FEEDBACK_RETRACT)
		return datacheck("feedback.retract", f_retract, ARRAY_SIZE(f_retract), false, data);
	if (t != EVENT_FEEDBACK_ADD)
		return error(N_("%s is not a feedback event"), event_type_name(t));
	if (datacheck("feedback.add", f_add, ARRAY_SIZE(f_add), false, data))
		return -1;
	json_object_object_get_ex(data, "arr", &arr);
	json_object_object_get_ex(data, "currency", &cur);
	if (json_object_is_type(arr, json_type_null) != json_object_is_type(cur, json_type_null))
		return error(N_("data.arr, data.currency: both or neither are null (an amount has a currency)"));
	return 0;
}

static int sql_fail(struct store *st, const char *what)
{
	return error(_("%s: %s (database %s)"), what, sqlite3_errmsg(st->db), st->path);
}

static int step_done(struct store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(st, what);
}

static const char sql_del[] = "DELETE FROM feedback WHERE id = ?1";
static const char sql_put[] =
	"INSERT OR REPLACE INTO feedback(id, account, author, area, request, text, arr_minor, currency,"
	" day, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

int feedback_store(struct store *st, const struct entity_row *r)
{
	const char *area = entity_row_get(r, "area"), *request = entity_row_get(r, "request");
	const char *text = entity_row_get(r, "text"), *iso = entity_row_get(r, "day");
	const char *arr = entity_row_get(r, "arr"), *currency = entity_row_get(r, "currency");
	sqlite3_stmt *s;
	int day;
	/* retracted (feedback.retract, a tombstone): the row goes, so every
	 * report and list leaves it out */
	if (!r->exists || entity_row_get(r, "deleted") || !area || !request || !text || !iso ||
	    !day_parse_iso(iso, &day)) {
		if (!(s = store_stmt(st, sql_del)))
			return -1;
		store_bind_text(s, 1, r->id);
		return step_done(st, s, _("cannot remove a feedback"));
	}
	if (!(s = store_stmt(st, sql_put)))
		return -1;
	store_bind_text(s, 1, r->id);
	store_bind_text(s, 2, r->account);
	store_bind_text(s, 3, r->author);
	store_bind_text(s, 4, area);
	store_bind_text(s, 5, request);
	store_bind_text(s, 6, text);
	if (arr && currency)
		sqlite3_bind_int64(s, 7, strtoll(arr, NULL, 10));
	else
		sqlite3_bind_null(s, 7);
	store_bind_text(s, 8, arr ? currency : NULL);
	sqlite3_bind_int(s, 9, day);
	store_bind_text(s, 10, r->created);
	return step_done(st, s, _("cannot write a feedback"));
}

static const char sql_list[] =
	"SELECT f.id, f.account, coalesce(a.name, f.account), f.author, f.area, f.request, f.text,"
	" f.currency, f.arr_minor, f.day"
	" FROM feedback f LEFT JOIN account a ON a.crm_id = f.account"
	" WHERE ?1 IS NULL OR f.account = ?1 ORDER BY f.day DESC, f.created DESC, f.id";

int feedback_list_load(struct store *st, const char *account, struct feedback_list *out)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;
	memset(out, 0, sizeof(*out));
	if (store_prepare(st, sql_list, &s))
		return -1;
	store_bind_text(s, 1, account);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 8;
			out->items = xreallocarray(out->items, cap, sizeof(*out->items));
		}
		struct feedback *f = &out->items[out->n++];
		f->id = store_column_dup(s, 0);
		f->account = store_column_dup(s, 1);
		f->account_name = store_column_dup(s, 2);
		f->author = store_column_dup(s, 3);
		f->area = store_column_dup(s, 4);
		f->request = store_column_dup(s, 5);
		f->text = store_column_dup(s, 6);
		f->currency = store_column_dup(s, 7);
		f->arr_minor = sqlite3_column_type(s, 8) == SQLITE_NULL ? INT64_MIN : sqlite3_column_int64(s, 8);
		f->day = sqlite3_column_int(s, 9);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		feedback_list_free(out);
		return sql_fail(st, _("cannot read the feedback"));
	}
	return 0;
}

void feedback_list_free(struct feedback_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct feedback *f = &l->items[i];
		free(f->id);
		free(f->account);
		free(f->account_name);
		free(f->author);
		free(f->area);
		free(f->request);
		free(f->text);
		free(f->currency);
	}
	free(l->items);
	memset(l, 0, sizeof(*l));
}
