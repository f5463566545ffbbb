/* touchdef.c - the one definition of a touch (see touchdef.h). */
#include <stdlib.h>
#include <string.h>
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/i18n.h"
#include "csconsole/store.h"
#include "csconsole/touchdef.h"
#include "csconsole/util.h"

void touch_clear(struct touch *t)
{
	free(t->kind);
	free(t->author);
	free(t->what);
	memset(t, 0, sizeof(*t));
	t->day = DAY_NONE;
}

/* The details of the touch found: the note, or the touchpoint and who marked
 * it done (the author of the event that set its done day). */
static int touch_details(struct store *st, const char *id, struct touch *out)
{
	static const char sql_note[] = "SELECT kind, author, summary FROM note WHERE id = ?1";
	static const char sql_done[] =
		"SELECT coalesce(t.kind, ''), t.author, coalesce(t.note, '') FROM touchpoint t WHERE t.id = ?1";
	sqlite3_stmt *s = store_stmt(st, str_eq(out->source, "note") ? sql_note : sql_done);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->kind = store_column_dup_empty(s, 0);
		out->author = store_column_dup_empty(s, 1);
		out->what = store_column_dup_empty(s, 2);
	}
	rc = store_finish(st, s, rc, N_("a touch"));
	if (rc == 0 && out->author && !str_eq(out->source, "note")) {
		/* who marked it done: the author of the done day's register */
		char *ent = xasprintf("touch/%s", id), *ev, *author, *value;
		bool found;
		rc = state_register_get(st, ent, "done_day", &found, &ev, &author, &value);
		if (rc == 0 && found) {
			free(out->author);
			out->author = author;
			author = NULL;
		}
		free(ent), free(ev), free(author), free(value);
	}
	return rc;
}

bool touch_note_kind(const char *kind)
{
	return kind && !str_eq(kind, "internal");
}

int touch_last(struct store *st, const char *crm_id, int day, struct touch *out)
{
	static const char sql[] =
		"SELECT t.day, t.source, t.id FROM (" TOUCH_SQL ") t"
		" WHERE t.account = ?1 AND (?2 IS NULL OR t.day <= ?2)"
		" ORDER BY t.day DESC, t.source DESC, t.id DESC LIMIT 1";
	sqlite3_stmt *s = store_stmt(st, sql);
	char id[64] = "";
	int rc;

	memset(out, 0, sizeof(*out));
	out->day = DAY_NONE;
	if (!s)
		return -1;
	store_bind_text(s, 1, crm_id);
	if (day == DAY_NONE)
		sqlite3_bind_null(s, 2);
	else
		sqlite3_bind_int(s, 2, day);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->day = sqlite3_column_int(s, 0);
		str_copy(out->source, sizeof(out->source), (const char *)sqlite3_column_text(s, 1));
		str_copy(id, sizeof(id), (const char *)sqlite3_column_text(s, 2));
	}
	if (store_finish(st, s, rc, N_("the last touch")))
		return -1;
	if (out->day == DAY_NONE)
		return 0;
	if (touch_details(st, id, out)) {
		touch_clear(out);
		return -1;
	}
	if (!out->kind) {            /* gone between the two reads: cannot happen in a transaction */
		out->kind = xstrdup("");
		out->author = xstrdup("");
		out->what = xstrdup("");
	}
	return 0;
}

int touch_days(struct store *st, const char *crm_id, int **days, size_t *n)
{
	static const char sql[] =
		"SELECT t.day FROM (" TOUCH_SQL ") t WHERE t.account = ?1 ORDER BY t.day DESC";
	sqlite3_stmt *s = store_stmt(st, sql);
	size_t cap = 0;
	int rc;

	*days = NULL;
	*n = 0;
	if (!s)
		return -1;
	store_bind_text(s, 1, crm_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*days = xreallocarray(*days, cap, sizeof(**days));
		}
		(*days)[(*n)++] = sqlite3_column_int(s, 0);
	}
	if (store_finish(st, s, rc, N_("the touches"))) {
		free(*days);
		*days = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}
