/* champion.c - a changed champion with no touch since (champion.h). */
#include <stdlib.h>
#include <string.h>
#include "csconsole/champion.h"
#include "csconsole/date.h"
#include "csconsole/i18n.h"
#include "csconsole/text.h"
#include "csconsole/textnorm.h"
#include "csconsole/touchdef.h"
#include "csconsole/util.h"

#define SPACES " \t\r\n\v\f"

/* s without surrounding white space: *len bytes from the result. */
static const char *trim(const char *s, size_t *len)
{
	s += strspn(s, SPACES);
	*len = strlen(s);
	while (*len && strchr(SPACES, s[*len - 1]))
		(*len)--;
	return s;
}

/* s folded for comparison without surrounding white space; NULL when empty. */
static char *name_key(const char *s)
{
	size_t len;
	if (!s)
		return NULL;
	s = trim(s, &len);
	return len ? textnorm_fold(s, len, 0, NULL) : NULL;
}

/* A name to show: trimmed, sanitized; "" for NULL. */
static char *name_shown(const char *s)
{
	size_t len;
	char *cut, *clean;
	if (!s)
		return xstrdup("");
	s = trim(s, &len);
	cut = xasprintf("%.*s", (int)len, s);
	clean = text_sanitize(cut, false);
	free(cut);
	return clean;
}

bool champion_name_changed(const char *prev, const char *now)
{
	char *a = name_key(prev), *b = name_key(now);
	bool changed = a && (!b || strcmp(a, b) != 0);
	free(a);
	free(b);
	return changed;
}

const char *champion_name_shown(const char *name)
{
	return name && *name ? name : _("(none)");
}

void champion_change_clear(struct champion_change *c)
{
	free(c->old_name);
	free(c->new_name);
	memset(c, 0, sizeof(*c));
	c->day = c->touch_day = DAY_NONE;
}

int champion_change_get(struct store *st, const char *crm_id, int today, struct champion_change *out)
{
	/* newest first: the first row that changes the name decides */
	static const char sql[] =
		"SELECT h.day, h.prev_name, h.name FROM champion_history h JOIN account a ON a.id = h.account_id"
		" WHERE a.crm_id = ?1 AND h.day BETWEEN ?2 AND ?3 AND coalesce(h.prev_name, '') <> ''"
		" ORDER BY h.day DESC, h.id DESC";
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof(*out));
	champion_change_clear(out);
	if (!(s = store_stmt(st, sql)))
		return -1;
	store_bind_text(s, 1, crm_id);
	sqlite3_bind_int(s, 2, today - CHAMPION_CHANGE_DAYS);
	sqlite3_bind_int(s, 3, today);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *prev = (const char *)sqlite3_column_text(s, 1);
		const char *now = (const char *)sqlite3_column_text(s, 2);
		if (!champion_name_changed(prev, now))
			continue;            /* the same person: an e-mail or status change */
		out->found = true;
		out->day = sqlite3_column_int(s, 0);
		out->old_name = name_shown(prev);
		out->new_name = name_shown(now);
		break;
	}
	if (store_finish(st, s, rc, N_("the champion's history")))
		return -1;
	if (!out->found)
		return 0;

	struct touch t;                      /* the one definition of a touch */
	if (touch_last(st, crm_id, today, &t))
		return -1;
	if (t.day != DAY_NONE && t.day >= out->day)
		out->touch_day = t.day;
	touch_clear(&t);
	out->open = out->touch_day == DAY_NONE;
	return 0;
}
