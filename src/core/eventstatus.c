/* eventstatus.c - what `sync --status` and `doctor` read about the team's
 * event sync (eventstatus.h): the device and segment tables eventsync.c
 * keeps, read only. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "csconsole/event.h"
#include "csconsole/eventstatus.h"
#include "csconsole/eventsync.h"
#include "csconsole/i18n.h"
#include "csconsole/store.h"
#include "csconsole/util.h"

static int sql_fail(struct store *st, const char *what)
{
	return error(_("%s: %s (database %s)"), what, sqlite3_errmsg(st->db), st->path);
}

int events_status(struct store *st, struct device_status **out, size_t *n)
{
	sqlite3_stmt *s;
	char *me = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (device_id(st, &me) != 0)
		return -1;
	if (store_prepare(st,
			  "WITH seg AS (SELECT device, sum(status = 'pending') AS p, "
			  "  sum(status = 'quarantined') AS q FROM segment GROUP BY device) "
			  "SELECT d.id, d.owner, d.contiguous, d.max_seq, d.last_import, d.last_wall, "
			  "  d.last_hlc, coalesce(seg.p, 0), coalesce(seg.q, 0) "
			  "FROM device d LEFT JOIN seg ON seg.device = d.id "
			  "UNION ALL "
			  "SELECT seg.device, NULL, 0, 0, NULL, NULL, NULL, seg.p, seg.q FROM seg "
			  "WHERE seg.device NOT IN (SELECT id FROM device) AND seg.p + seg.q > 0 "
			  "ORDER BY 1", &s)) {
		free(me);
		return -1;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		struct device_status *d = &(*out)[(*n)++];
		memset(d, 0, sizeof(*d));
		d->device = store_column_dup(s, 0);
		d->owner = store_column_dup(s, 1);
		d->own = str_eq(d->device, me);
		d->contiguous = sqlite3_column_int64(s, 2);
		d->max_seq = sqlite3_column_int64(s, 3);
		d->waiting_for = d->max_seq > d->contiguous ? d->contiguous + 1 : 0;
		d->last_import = sqlite3_column_int64(s, 4);
		d->last_wall = sqlite3_column_int64(s, 5);
		struct hlc hl = {0, 0};
		const char *hlc = (const char *)sqlite3_column_text(s, 6);
		if (hlc && sqlite3_column_type(s, 5) != SQLITE_NULL && hlc_parse(hlc, &hl) && !d->own)
			d->skew_ms = events_skew_estimate(d->last_wall, (int64_t)hl.ms, d->last_import * 1000);
		d->pending = (size_t)sqlite3_column_int64(s, 7);
		d->quarantined = (size_t)sqlite3_column_int64(s, 8);
	}
	sqlite3_finalize(s);
	free(me);
	if (rc != SQLITE_DONE) {
		events_status_free(*out, *n);
		*out = NULL;
		*n = 0;
		return sql_fail(st, _("cannot read the device table"));
	}
	return 0;
}

int events_teammates(struct store *st, struct teammate_status **out, size_t *n)
{
	sqlite3_stmt *s;
	char *me = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (device_id(st, &me) != 0)
		return -1;
	if (store_prepare(st, "SELECT owner, max(last_hlc), max(last_import) FROM device "
			  "WHERE id <> ?1 GROUP BY owner ORDER BY owner", &s)) {
		free(me);
		return -1;
	}
	store_bind_text(s, 1, me);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		struct teammate_status *t = &(*out)[(*n)++];
		struct hlc hl = {0, 0};
		const char *hlc = (const char *)sqlite3_column_text(s, 1);
		t->owner = store_column_dup(s, 0);
		t->last_wrote_ms = hlc && hlc_parse(hlc, &hl) ? (int64_t)hl.ms : 0;
		t->last_import = sqlite3_column_int64(s, 2);
	}
	sqlite3_finalize(s);
	free(me);
	if (rc != SQLITE_DONE) {
		events_teammates_free(*out, *n);
		*out = NULL;
		*n = 0;
		return sql_fail(st, _("cannot read the device table"));
	}
	return 0;
}

int events_problems(struct store *st, const char *shared_dir, struct events_problems *p)
{
	sqlite3_stmt *s;
	int rc;

	memset(p, 0, sizeof(*p));
	if (store_prepare(st, "SELECT path, status, coalesce(reason, ''), size FROM segment "
			  "WHERE status = 'quarantined' OR (status = 'imported' AND reason = ?1) "
			  "ORDER BY path", &s))
		return -1;
	store_bind_text(s, 1, EVENTS_CRLF_NOTE);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *rel = (const char *)sqlite3_column_text(s, 0);
		const char *status = (const char *)sqlite3_column_text(s, 1);
		if (status[0] == 'q') {
			if (p->quarantined++ == 0) {
				p->first_quarantined = xstrdup(rel);
				p->first_quarantined_reason = store_column_dup(s, 2);
			}
			continue;
		}
		/* Still CRLF: the file has the size it had when read (an LF copy
		 * is smaller by a byte per line). */
		struct stat sb;
		char *abs = shared_dir ? path_join(shared_dir, rel) : NULL;
		bool still = abs && stat(abs, &sb) == 0 && (int64_t)sb.st_size == sqlite3_column_int64(s, 3);
		free(abs);
		if (still && p->crlf++ == 0)
			p->first_crlf = xstrdup(rel);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		events_problems_free(p);
		return sql_fail(st, _("cannot read the segment table"));
	}
	return 0;
}

void events_problems_free(struct events_problems *p)
{
	free(p->first_quarantined);
	free(p->first_quarantined_reason);
	free(p->first_crlf);
	memset(p, 0, sizeof(*p));
}

void events_teammates_free(struct teammate_status *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(t[i].owner);
	free(t);
}

void events_status_free(struct device_status *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(s[i].device);
		free(s[i].owner);
	}
	free(s);
}
