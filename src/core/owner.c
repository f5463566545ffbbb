/* owner.c - owners matched to CSM handles by handle, e-mail or name (owner.h). */
#include <stdlib.h>
#include <string.h>
#include "csconsole/i18n.h"
#include "csconsole/owner.h"
#include "csconsole/preset.h"
#include "csconsole/store.h"

void owner_index_add(struct owner_index *ix, const char *handle, const char *name,
		     const char *email)
{
	char *f;
	if (ix->handles.len && strcmp(ix->handles.items[ix->handles.len - 1], handle) >= 0)
		ix->unsorted = true;
	strlist_add(&ix->handles, handle);
	strlist_add(&ix->names, name ? name : "");
	strlist_add(&ix->emails, email ? email : "");
	f = preset_fold(handle);
	strlist_add(&ix->fold_handles, f);
	free(f);
	f = preset_fold(name ? name : "");
	strlist_add(&ix->fold_names, f);
	free(f);
	f = preset_fold(email ? email : "");
	strlist_add(&ix->fold_emails, f);
	free(f);
}

int owner_index_load(struct store *st, struct owner_index *ix)
{
	sqlite3_stmt *stmt;
	int rc;
	*ix = (struct owner_index){0};
	if (store_prepare(st, "SELECT handle, name, email FROM csm ORDER BY handle COLLATE BINARY",
			  &stmt))
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		owner_index_add(ix, (const char *)sqlite3_column_text(stmt, 0),
				(const char *)sqlite3_column_text(stmt, 1),
				(const char *)sqlite3_column_text(stmt, 2));
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : error(_("cannot read the CSMs: %s"), sqlite3_errstr(rc));
}

void owner_index_free(struct owner_index *ix)
{
	strlist_clear(&ix->handles);
	strlist_clear(&ix->names);
	strlist_clear(&ix->emails);
	strlist_clear(&ix->fold_handles);
	strlist_clear(&ix->fold_names);
	strlist_clear(&ix->fold_emails);
	*ix = (struct owner_index){0};
}

/* The one CSM whose entry in list equals key, -1 when none, -2 when several. */
static long unique(const struct strlist *list, const char *key)
{
	long found = -1;
	if (!*key)
		return -1;
	for (size_t i = 0; i < list->len; i++) {
		if (strcmp(list->items[i], key) != 0)
			continue;
		if (found >= 0)
			return -2;
		found = (long)i;
	}
	return found;
}

/* The CSM whose handle is text exactly, or -1 (a binary search when sorted:
 * the accounts feed asks for two owners a row). */
static long exact(const struct owner_index *ix, const char *text)
{
	size_t lo = 0, hi = ix->handles.len;
	if (ix->unsorted)
		return unique(&ix->handles, text);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ix->handles.items[mid], text);
		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

const char *owner_resolve(const struct owner_index *ix, const char *text)
{
	const struct strlist *lists[] = { &ix->fold_handles, &ix->fold_emails, &ix->fold_names };
	long i = exact(ix, text);
	if (i >= 0)
		return ix->handles.items[i];
	char *key = preset_fold(text);
	for (size_t l = 0; l < ARRAY_SIZE(lists); l++) {
		i = unique(lists[l], key);
		if (i != -1)
			break;     /* found, or ambiguous: a later list must not pick one */
	}
	free(key);
	return i >= 0 ? ix->handles.items[i] : NULL;
}

/* The distance from key, or from one of its words, to cand (at most limit + 1). */
static size_t distance(const char *key, const char *cand, size_t limit)
{
	size_t d = preset_edit_distance(key, cand, limit);
	const char *w = key;
	while (d > 0 && strchr(key, ' ') && *w) {
		size_t n = strcspn(w, " ");
		char *word = xstrndup(w, n);
		size_t wl = strlen(word) <= 4 ? 1 : 2;
		size_t e = preset_edit_distance(word, cand, wl);
		free(word);
		if (e <= wl && e < d)
			d = e;
		w += n;
		while (*w == ' ')
			w++;
	}
	return d;
}

size_t owner_closest(const struct owner_index *ix, const char *text, struct sbuf *out)
{
	enum { SHOW = 3 };
	size_t best[SHOW], dist[SHOW], n = 0;
	char *key = preset_fold(text);
	size_t len = strlen(key), limit = len <= 4 ? 1 : len < 9 ? 2 : len / 3;

	for (size_t i = 0; i < ix->handles.len; i++) {
		char *local = xstrdup(ix->fold_emails.items[i]);
		char *at = strchr(local, '@');
		const char *cands[] = { ix->fold_handles.items[i], ix->fold_names.items[i], local };
		size_t d = limit + 1;
		if (at)
			*at = '\0';
		for (size_t c = 0; c < ARRAY_SIZE(cands); c++) {
			if (!*cands[c])
				continue;
			size_t e = distance(key, cands[c], limit);
			if (e < d)
				d = e;
		}
		free(local);
		if (d > limit)
			continue;
		/* insert, nearest first (ties keep handle order) */
		size_t pos = n;
		while (pos > 0 && dist[pos - 1] > d)
			pos--;
		if (pos >= SHOW)
			continue;
		size_t last = n < SHOW ? n : SHOW - 1;
		for (size_t k = last; k > pos; k--) {
			best[k] = best[k - 1];
			dist[k] = dist[k - 1];
		}
		best[pos] = i;
		dist[pos] = d;
		if (n < SHOW)
			n++;
	}
	free(key);
	for (size_t k = 0; k < n; k++)
		sbuf_addf(out, "%s%s", k == 0 ? "" : k + 1 == n ? _(" or ") : _(", "),
			  ix->handles.items[best[k]]);
	return n;
}
