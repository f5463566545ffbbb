/* eventsync.c - moving team events through the shared directory (eventsync.h).
 *
 * Ingest walks events/<device>/ folders, but lists only those whose mtime
 * changed since the last sync (or that hold a pending segment), and opens only
 * files the segment table does not know as imported. A folder listing is also
 * how vanished files are noticed: a known segment no longer listed is
 * forgotten, and if it was one of ours its events go back to the outbox
 * (self-healing). Publish writes the outbox as new segments through tmp/.
 *
 * Imports commit in batches (one fsync per batch, not per segment); each
 * segment is a savepoint inside the batch, so it is imported whole or not at
 * all, and a crash only means the uncommitted segments are read again.
 *
 * Nothing in the shared directory is ever modified or deleted here, except
 * this device's own leftover files in tmp/ from a publish (or a pack) that
 * crashed; pack.c removes the device's own segments a pack replaced. A sync
 * with nothing to publish creates nothing there either.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "csconsole/event.h"
#include "csconsole/eventsync.h"
#include "csconsole/i18n.h"
#include "csconsole/store.h"
#include "csconsole/segment.h"
#include "csconsole/summary.h"
#include "csconsole/util.h"

/* A folder mtime this close to now may still change within the same tick
 * (coarse file system clocks): such a folder is listed again next time. */
#define MTIME_SETTLE_S 2
/* Imports commit in batches (one fsync and one apply each) of up to this
 * many segments, or what BATCH_MS of work reads, whichever comes first:
 * large batches write each index page fewer times (at 50,000 segments,
 * 4,096 per batch took 30% less CPU than 256), and the time bound keeps a
 * note saved during a cold sync from waiting more than about that long.
 * Every segment is still atomic, through a savepoint of its own. */
#define BATCH_SEGMENTS 4096
#define BATCH_MS 1000
/* A batch holds its new events until it applies them: packs carry hundreds
 * of events each, and a second of reading them held 110 MB on a new
 * laptop's first sync of a packed year (162 MiB peak against 49 MiB in
 * batches of 8 segments). A batch also ends once it holds this many
 * (about 2 KB each), whatever the clock and the segment count. */
#define BATCH_EVENTS 16384
/* During an ingest SQLite checkpoints the WAL when a commit leaves it over
 * this many pages (64 MiB at 4 KiB), not at every batch's commit (its
 * default, 1000 pages, is restored after, with one checkpoint). */
#define INGEST_WAL_PAGES 16384
#define DEFAULT_WAL_PAGES 1000
#define STMT_CACHE 24
/* Writers cut a segment well below the reader's size limit. */
#define PUBLISH_MAX_BYTES (SEGMENT_MAX_BYTES / 2)
/* meta key: when every device folder was last listed (events_relist_interval). */
#define META_RELISTED "events_relisted_at"
/* A tmp/ file of this device whose writer cannot be told is a leftover when
 * untouched for this long (a day: no publish takes that long). */
#define TMP_STALE_S 86400

struct sync_ctx {
	struct store *st;
	const char *shared;
	char *me_device;             /* this database's device id */
	struct events_result *res;
	struct diag_list *diags;
	int64_t grace_s;
	time_t real_now;             /* file system time: grace, folder mtimes */
	int64_t now_ms;              /* clock_now_ms(): device bookkeeping */
	bool batch;                  /* inside an import batch's transaction */
	struct event_batch applied;  /* what the batch's new events change, applied at its end */
	size_t held_mark;            /* applied.nheld when the segment's savepoint began */
	char *first_crlf;            /* the first segment read with CRLF removed */
	int batch_n, batch_max;
	uint64_t batch_start_ms;     /* monotonic */
	bool batch_timed;            /* BATCH_MS bounds batches (not under $CSCONSOLE_IMPORT_BATCH) */
	/* The devices whose segments the batch imported, their rows brought
	 * up to date once each when it closes (device_note, devices_flush). */
	struct dev_note {
		char *device;
		int64_t written_at;          /* the newest segment's wall clock */
		char hlc[HLC_TEXT_SIZE];     /* that segment's newest stamp */
	} *dev;
	size_t ndev, capdev;
	/* Statements prepared once per sync, by the address of their SQL. */
	const char *sql[STMT_CACHE];
	sqlite3_stmt *stmt[STMT_CACHE];
	int nstmt;
};

/* A segment the table knows. */
struct known {
	char *rel;
	char status;                 /* 'i'mported, 'p'ending, 'q'uarantined */
	int64_t size, mtime_ns, first_seen;
	char *reason;
	bool seen;
};

static int sql_fail(struct store *st, const char *what)
{
	return error(_("%s: %s (database %s)"), what, sqlite3_errmsg(st->db), st->path);
}

static int64_t pending_grace(void)
{
	return env_long("CSCONSOLE_PENDING_GRACE", 365L * 86400, EVENTS_PENDING_GRACE_S);
}

static int64_t stat_mtime_ns(const struct stat *sb)
{
	return (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
}

void events_crash_point(const char *step)
{
	const char *at = getenv("CSCONSOLE_CRASH_AT");
	if (at && str_eq(at, step))
		raise(SIGKILL);
}

/* n of a unit (0 days, 1 hours, 2 minutes): in the interface language
 * when loc, else in English (a stored reason stays English). */
static void unit(char *out, size_t size, int which, long long n, bool loc)
{
	switch (which) {
	case 0:
		str_format(out, size, loc ? P_("%lld day", "%lld days", n) : n == 1 ? "%lld day" : "%lld days", n);
		break;
	case 1:
		str_format(out, size, loc ? P_("%lld hour", "%lld hours", n) : n == 1 ? "%lld hour" : "%lld hours", n);
		break;
	default:
		str_format(out, size, loc ? P_("%lld minute", "%lld minutes", n) :
			   n == 1 ? "%lld minute" : "%lld minutes", n);
		break;
	}
}

/* "1 day 3 hours", "5 hours 10 minutes", "12 minutes", "40 seconds" */
static void format_offset(int64_t ms, char *out, size_t size, bool loc)
{
	long long min = (ms < 0 ? -ms : ms) / 60000, d = min / 1440, h = min % 1440 / 60, m = min % 60;
	char a[32], b[32];
	if (d || h) {
		unit(a, sizeof(a), d ? 0 : 1, d ? d : h, loc);
		unit(b, sizeof(b), d ? 1 : 2, d ? h : m, loc);
		str_format(out, size, "%s %s", a, b);
	} else if (m) {
		unit(out, size, 2, m, loc);
	} else {
		str_format(out, size, loc ? _("%lld seconds") : "%lld seconds",
			   (long long)(ms < 0 ? -ms : ms) / 1000);
	}
}

/* The clock offset a segment reveals (+ ahead, - behind, 0 within bounds).
 * Ahead: written after our now. Behind: its own hlc stamps (pushed forward by
 * teammates' events) run ahead of its wall clock, and so does our clock; the
 * smaller of the two, so that a file merely delivered late, or a correct
 * clock that saw a fast teammate's stamps, is not blamed. */
int64_t events_skew_estimate(int64_t written_at, int64_t hlc_ms, int64_t import_ms)
{
	if (written_at - import_ms > EVENTS_SKEW_MS)
		return written_at - import_ms;
	int64_t by_hlc = hlc_ms - written_at, by_us = import_ms - written_at;
	int64_t behind = by_hlc < by_us ? by_hlc : by_us;
	return behind > EVENTS_SKEW_MS ? -behind : 0;
}

/* A cached statement, reset and unbound; the caller resets it after use. */
static int prep(struct sync_ctx *c, const char *sql, sqlite3_stmt **out)
{
	for (int i = 0; i < c->nstmt; i++) {
		if (c->sql[i] == sql) {
			sqlite3_reset(c->stmt[i]);
			sqlite3_clear_bindings(c->stmt[i]);
			*out = c->stmt[i];
			return 0;
		}
	}
	if (c->nstmt == STMT_CACHE)
		die(_("eventsync statement cache full (%d): raise STMT_CACHE"), STMT_CACHE);
	if (store_prepare(c->st, sql, out))
		return -1;
	c->sql[c->nstmt] = sql;
	c->stmt[c->nstmt++] = *out;
	return 0;
}

static void ctx_free(struct sync_ctx *c)
{
	for (int i = 0; i < c->nstmt; i++)
		sqlite3_finalize(c->stmt[i]);
	c->nstmt = 0;
	free(c->me_device);
	c->me_device = NULL;
	free(c->first_crlf);
	for (size_t i = 0; i < c->ndev; i++)
		free(c->dev[i].device);
	free(c->dev);
	c->first_crlf = NULL;
	event_batch_free(&c->applied);
}

/* One warning per sync for the segments git converted to CRLF. */
static void report_crlf(struct sync_ctx *c)
{
	size_t n = c->res->segments_crlf;
	if (!n)
		return;
	if (n > 1)
		diag_add(c->diags, DIAG_WARNING, c->first_crlf, 0, 0, P_("this segment (and %zu more "
			 "segment) was converted to CRLF line endings by git (core.autocrlf): imported with "
			 "the CRs removed, since its CRC proves the content intact. To stop git converting "
			 "them, %s", "this segment (and %zu more segments) was converted to CRLF line "
			 "endings by git (core.autocrlf): imported with the CRs removed, since its CRC "
			 "proves the content intact. To stop git converting them, %s", n - 1), n - 1,
			 _(EVENTS_CRLF_FIX));
	else
		diag_add(c->diags, DIAG_WARNING, c->first_crlf, 0, 0, _("this segment was converted to "
			 "CRLF line endings by git (core.autocrlf): imported with the CRs removed, since "
			 "its CRC proves the content intact. To stop git converting them, %s"),
			 _(EVENTS_CRLF_FIX));
}

/* ---- transactions --------------------------------------------------------
 * Writes during ingest go into one transaction per batch; each segment's
 * import (or a vanished segment's cleanup) is a savepoint inside it, so a
 * segment is imported entirely or not at all. */

static uint64_t monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int batch_open(struct sync_ctx *c)
{
	/* Ours already, or the caller's (publish marks in its own). */
	if (c->batch || !sqlite3_get_autocommit(c->st->db))
		return 0;
	if (store_begin(c->st))
		return -1;
	c->batch = true;
	c->batch_n = 0;
	c->batch_start_ms = monotonic_ms();
	return 0;
}

/* Applies what the batch's new events change: each entity once, each
 * account's summary once (event_batch_flush), inside the transaction. */
static int devices_flush(struct sync_ctx *c);

static int batch_apply(struct sync_ctx *c)
{
	if (devices_flush(c) == 0 && event_batch_flush(c->st, &c->applied) == 0)
		return 0;
	return error_prefix(_("applying the imported events"));
}

/* The summaries of the accounts the imported events changed, once each,
 * after the last batch (and any a sync cut short left noted). */
static int finish_summaries(struct sync_ctx *c)
{
	return summary_refresh_pending(c->st);   /* its error says what */
}

/* Applies, then commits what the batch holds (a failed segment was rolled
 * back already). */
static int batch_close(struct sync_ctx *c)
{
	if (!c->batch)
		return batch_apply(c);   /* the caller's transaction, or none */
	c->batch = false;
	if (batch_apply(c) == 0 && store_commit(c->st) == 0)
		return 0;
	store_rollback(c->st);
	return -1;
}

/* Segments per batch: BATCH_SEGMENTS, or $CSCONSOLE_IMPORT_BATCH (tests:
 * several batches out of a few segments, with no time bound). */
static int batch_limit(void)
{
	const char *s = getenv("CSCONSOLE_IMPORT_BATCH");
	long v;
	if (s && str_to_long(s, 1, 1000000, &v))
		return (int)v;
	return BATCH_SEGMENTS;
}

static int batch_step(struct sync_ctx *c)
{
	if (!c->batch)
		return 0;
	if (++c->batch_n >= c->batch_max || c->applied.nheld >= BATCH_EVENTS ||
	    (c->batch_timed && monotonic_ms() - c->batch_start_ms >= BATCH_MS))
		return batch_close(c);
	return 0;
}

/* One of the savepoint statements, prepared once per sync (not compiled
 * again for each of tens of thousands of segments). */
static int savepoint_step(struct sync_ctx *c, const char *sql)
{
	sqlite3_stmt *s;
	if (prep(c, sql, &s))
		return -1;
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(c->st, sql);
}

static const char sql_savepoint[] = "SAVEPOINT segment";
static const char sql_release[] = "RELEASE segment";

static int savepoint(struct sync_ctx *c)
{
	c->held_mark = c->applied.nheld;
	return batch_open(c) || savepoint_step(c, sql_savepoint) ? -1 : 0;
}

static int savepoint_end(struct sync_ctx *c, bool keep)
{
	if (keep)
		return savepoint_step(c, sql_release);
	/* the events it stored are gone: so are those the batch holds */
	event_batch_drop_since(&c->applied, c->held_mark);
	return store_exec(c->st, "ROLLBACK TO segment; RELEASE segment");
}

/* ---- the segment and device tables ------------------------------------- */

static int known_load(struct sync_ctx *c, const char *device, struct known **out, size_t *n)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	if (prep(c, "SELECT path, status, size, mtime_ns, first_seen, reason "
				 "FROM segment WHERE device = ?1 ORDER BY path", &s))
		return -1;
	store_bind_text(s, 1, device);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		const char *reason = (const char *)sqlite3_column_text(s, 5);
		(*out)[(*n)++] = (struct known){
			.rel = xstrdup((const char *)sqlite3_column_text(s, 0)),
			.status = ((const char *)sqlite3_column_text(s, 1))[0],
			.size = sqlite3_column_int64(s, 2),
			.mtime_ns = sqlite3_column_int64(s, 3),
			.first_seen = sqlite3_column_int64(s, 4),
			.reason = reason ? xstrdup(reason) : NULL,
		};
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(c->st, _("cannot read the segment table"));
}

static void known_free(struct known *k, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(k[i].rel);
		free(k[i].reason);
	}
	free(k);
}

static int known_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct known *)elem)->rel);
}

/* Records a segment's status. first_seen restarts when the file changed, so
 * a pending file's grace counts from its last change. */
static int segment_record(struct sync_ctx *c, const char *rel, const char *device,
			  const char *status, const char *reason, const struct stat *sb,
			  const struct segment_header *h, uint64_t events)
{
	sqlite3_stmt *s;
	if (batch_open(c) || prep(c,
			  "INSERT INTO segment(path, device, status, reason, size, mtime_ns, first_seq, "
			  "last_seq, events, first_seen, checked_at) "
			  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10) "
			  "ON CONFLICT(path) DO UPDATE SET device = excluded.device, "
			  "status = excluded.status, reason = excluded.reason, "
			  "first_seen = CASE WHEN segment.size = excluded.size AND "
			  "segment.mtime_ns = excluded.mtime_ns THEN segment.first_seen "
			  "ELSE excluded.first_seen END, size = excluded.size, "
			  "mtime_ns = excluded.mtime_ns, first_seq = excluded.first_seq, "
			  "last_seq = excluded.last_seq, events = excluded.events, "
			  "checked_at = excluded.checked_at", &s))
		return -1;
	store_bind_text(s, 1, rel);
	store_bind_text(s, 2, device);
	store_bind_text(s, 3, status);
	store_bind_text(s, 4, reason);
	sqlite3_bind_int64(s, 5, (int64_t)sb->st_size);
	sqlite3_bind_int64(s, 6, stat_mtime_ns(sb));
	if (h && h->device) {
		sqlite3_bind_int64(s, 7, h->first_seq);
		sqlite3_bind_int64(s, 8, h->last_seq);
		sqlite3_bind_int64(s, 9, (int64_t)events);
	}
	sqlite3_bind_int64(s, 10, (int64_t)c->real_now);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(c->st, _("cannot record a segment"));
}

static char *device_owner(struct sync_ctx *c, const char *device)
{
	sqlite3_stmt *s;
	char *owner = NULL;
	if (prep(c, "SELECT owner FROM device WHERE id = ?1", &s))
		return NULL;
	store_bind_text(s, 1, device);
	if (sqlite3_step(s) == SQLITE_ROW)
		owner = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return owner;
}

/* A device's row, from its first segment (its owner: what check_header
 * holds its later segments to). */
static int device_insert(struct sync_ctx *c, const char *device, const char *owner)
{
	sqlite3_stmt *s;
	int rc;
	if (prep(c, "INSERT INTO device(id, owner, first_seen) VALUES (?1, ?2, ?3) "
				 "ON CONFLICT(id) DO NOTHING", &s))
		return -1;
	store_bind_text(s, 1, device);
	store_bind_text(s, 2, owner);
	sqlite3_bind_int64(s, 3, c->now_ms / 1000);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(c->st, _("cannot record a device"));
}

/* After new events of a device: how far its seqs are gap-free, and its
 * newest segment's wall clock and stamps (for "synced through" and skew). */
static int device_refresh(struct sync_ctx *c, const char *device, int64_t written_at, const char *max_hlc)
{
	sqlite3_stmt *s;
	int64_t contiguous = 0, max_seq = 0;
	int rc;

	if (prep(c, "SELECT contiguous FROM device WHERE id = ?1", &s))
		return -1;
	store_bind_text(s, 1, device);
	if (sqlite3_step(s) == SQLITE_ROW)
		contiguous = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	/* Only the seqs past the gap-free prefix: usually just the new ones. */
	if (prep(c, "SELECT seq FROM event WHERE device = ?1 AND seq > ?2 ORDER BY seq", &s))
		return -1;
	store_bind_text(s, 1, device);
	sqlite3_bind_int64(s, 2, contiguous);
	max_seq = contiguous;
	bool gap = false;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(s, 0);
		if (!gap && seq == contiguous + 1)
			contiguous = seq;
		else
			gap = true;
		max_seq = seq;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return sql_fail(c->st, _("cannot read a device's seqs"));

	if (prep(c, "UPDATE device SET contiguous = ?2, max_seq = ?3, last_import = ?4, "
				 "last_hlc = CASE WHEN last_wall IS NULL OR ?5 >= last_wall THEN ?6 ELSE last_hlc END, "
				 "last_wall = CASE WHEN last_wall IS NULL OR ?5 >= last_wall THEN ?5 ELSE last_wall END "
				 "WHERE id = ?1", &s))
		return -1;
	store_bind_text(s, 1, device);
	sqlite3_bind_int64(s, 2, contiguous);
	sqlite3_bind_int64(s, 3, max_seq);
	sqlite3_bind_int64(s, 4, c->now_ms / 1000);
	sqlite3_bind_int64(s, 5, written_at);
	store_bind_text(s, 6, max_hlc);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(c->st, _("cannot update a device"));
}

static int device_update(struct sync_ctx *c, const char *device, const char *owner,
			 int64_t written_at, const char *max_hlc)
{
	return device_insert(c, device, owner) || device_refresh(c, device, written_at, max_hlc) ? -1 : 0;
}

/* Notes a segment the batch imported for its device's refresh when the
 * batch closes: the same row as a refresh after each segment, since the
 * seqs are read then and the stamp kept is the last segment's of the newest
 * wall clock (what `>=` in device_refresh keeps, segment after segment). */
static void device_note(struct sync_ctx *c, const char *device, int64_t written_at, const char *max_hlc)
{
	struct dev_note *d = NULL;
	for (size_t i = c->ndev; i-- > 0 && !d;)
		if (str_eq(c->dev[i].device, device))
			d = &c->dev[i];
	if (!d) {
		if (c->ndev == c->capdev) {
			c->capdev = c->capdev ? c->capdev * 2 : 16;
			c->dev = xreallocarray(c->dev, c->capdev, sizeof(*c->dev));
		}
		d = &c->dev[c->ndev++];
		d->device = xstrdup(device);
		d->written_at = INT64_MIN;
	}
	if (written_at >= d->written_at) {
		d->written_at = written_at;
		str_copy(d->hlc, sizeof(d->hlc), max_hlc);
	}
}

/* The noted devices' rows, once each (inside the batch's transaction). */
static int devices_flush(struct sync_ctx *c)
{
	int rc = 0;
	for (size_t i = 0; i < c->ndev; i++) {
		if (rc == 0)
			rc = device_refresh(c, c->dev[i].device, c->dev[i].written_at, c->dev[i].hlc);
		free(c->dev[i].device);
	}
	c->ndev = 0;
	return rc;
}

/* ---- examining and importing one segment -------------------------------- */

/* Quarantines a segment. One quarantined before (k, changed since: a sync
 * tool touched it) is not news: it is not counted again, only noted. */
static void quarantine(struct sync_ctx *c, const char *rel, const char *abs, const char *device,
		       const char *reason, const struct stat *sb, const struct known *k)
{
	if (segment_record(c, rel, device, "quarantined", reason, sb, NULL, 0) != 0) {
		diag_add(c->diags, DIAG_ERROR, abs, 0, 0, "%s", error_message());
		return;
	}
	char shown[1024];
	eventsync_reason_text(reason, shown, sizeof(shown));
	if (k && k->status == 'q') {
		diag_add(c->diags, DIAG_NOTE, abs, 0, 0, _("segment changed, still quarantined: %s"),
			 shown);
		return;
	}
	c->res->segments_quarantined++;
	diag_add(c->diags, DIAG_ERROR, abs, 0, 0, _("segment quarantined: %s. It is not read again "
		 "unless it changes; the rest of the sync goes on ('csconsole sync --status' lists "
		 "quarantined files)"), shown);
}

struct import {
	struct sync_ctx *c;
	const char *rel, *folder;
	struct segment_header *h;
	bool started, own;
	bool fatal;                  /* a database error: stop the sync */
	bool foreign_own;            /* events under our id we did not write */
	char max_hlc[HLC_TEXT_SIZE];
	uint64_t imported, duplicate, marked;
};

/* Its errors become the segment's stored reason: English, like event.c's. */
static int check_header(struct import *im)
{
	const struct segment_header *h = im->h;
	if (!str_eq(h->device, im->folder))
		return error(N_("its header names device %s, but it lies in the folder of device %s"),
			     h->device, im->folder);
	char *owner = device_owner(im->c, h->device);
	if (owner && !str_eq(owner, h->owner)) {
		error(N_("device %s belongs to %s (its first segment said so), but this segment "
		      "claims owner %s"), h->device, owner, h->owner);
		free(owner);
		return -1;
	}
	free(owner);
	im->own = str_eq(h->device, im->c->me_device);
	return 0;
}

/* Looks up an event by id: 1 = ours (own), 0 = a teammate's, -1 = absent. */
static int event_known(struct sync_ctx *c, const char *id, int64_t *seq)
{
	sqlite3_stmt *s;
	int r = -1;
	if (prep(c, "SELECT own, seq FROM event WHERE id = ?1", &s))
		return -2;
	store_bind_text(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		r = sqlite3_column_int(s, 0) ? 1 : 0;
		if (seq)
			*seq = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	return r;
}

/* The id of the event a device already has at seq, or NULL. */
static char *event_at_seq(struct sync_ctx *c, const char *device, int64_t seq)
{
	sqlite3_stmt *s;
	char *id = NULL;
	if (prep(c, "SELECT id FROM event WHERE device = ?1 AND seq = ?2", &s))
		return NULL;
	store_bind_text(s, 1, device);
	sqlite3_bind_int64(s, 2, seq);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return id;
}

static int mark_own(struct import *im, const struct event *e)
{
	sqlite3_stmt *s;
	if (prep(im->c, "UPDATE event SET published = 1, segment = ?2 "
				     "WHERE id = ?1 AND own = 1 AND published = 0", &s))
		return -1;
	store_bind_text(s, 1, e->id);
	store_bind_text(s, 2, im->rel);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return sql_fail(im->c->st, _("cannot mark an event published"));
	im->marked += (uint64_t)sqlite3_changes(im->c->st->db);
	return 0;
}

static int on_event(void *ctx, struct event *e)
{
	struct import *im = ctx;
	struct store *st = im->c->st;
	int rc = 0;

	if (!im->started) {
		im->started = true;
		if (check_header(im) != 0) {
			rc = -1;
			goto out;
		}
	}
	char hlc[HLC_TEXT_SIZE];
	hlc_format(e->hlc, hlc);
	if (strcmp(hlc, im->max_hlc) > 0)
		str_copy(im->max_hlc, sizeof(im->max_hlc), hlc);

	int k = im->own ? event_known(im->c, e->id, NULL) : 0;
	if (k == -2) {
		im->fatal = true;
		rc = -1;
	} else if (im->own) {
		/* Our own folder: a segment renamed into place before the crash
		 * that kept it from being marked, or a clone's. */
		if (k == 1) {
			if ((rc = mark_own(im, e)) != 0)
				im->fatal = true;
			im->duplicate++;
		} else if (k == 0) {
			im->duplicate++;
		} else {
			im->foreign_own = true;
			rc = error(N_("event %s under this device's id was not written by this database"),
				   e->id);
		}
	} else {
		/* A teammate's event: the insert itself tells a known id (nothing
		 * inserted: a duplicate) from another event at the device's seq
		 * (UNIQUE(device, seq) refuses it), with no lookup beforehand. */
		bool inserted = false;
		if (event_ingest_batch(st, e, im->rel, &inserted, &im->c->applied) != 0) {
			char *other = event_at_seq(im->c, e->device, e->seq);
			if (other && !str_eq(other, e->id))
				rc = error(N_("device %s already has event %s at seq %" PRId64 ", this one is %s: "
					   "a cloned or restored database wrote both"), e->device, other,
					   e->seq, e->id);
			else
				im->fatal = true, rc = -1;
			free(other);
		} else if (inserted) {
			im->imported++;
			event_batch_hold(&im->c->applied, e);   /* the batch's now */
			e = NULL;
		} else {
			im->duplicate++;
		}
	}
out:
	if (e) {
		event_free(e);
		free(e);
	}
	return rc;
}

static void report_skew(struct sync_ctx *c, const char *abs, const struct segment_header *h,
			const char *max_hlc)
{
	struct hlc hl = {0, 0};
	hlc_parse(max_hlc, &hl);
	int64_t skew = events_skew_estimate(h->written_at, (int64_t)hl.ms, c->now_ms);
	if (!skew)
		return;
	char off[64];
	format_offset(skew, off, sizeof(off), true);
	if (skew > 0)
		diag_add(c->diags, DIAG_WARNING, abs, 0, 0, _("the clock of device %s (%s) is about %s "
			 "ahead of this computer's: its events still merge in a consistent order, but "
			 "their times look later than they were; ask %s to set the computer's clock "
			 "automatically"), h->device, h->owner, off, h->owner);
	else
		diag_add(c->diags, DIAG_WARNING, abs, 0, 0, _("the clock of device %s (%s) is about %s "
			 "behind this computer's: its events still merge in a consistent order, but "
			 "their times look earlier than they were; ask %s to set the computer's clock "
			 "automatically"), h->device, h->owner, off, h->owner);
}

/* Imports a segment whose trailer checked: 0 (imported or quarantined) or
 * -1 on a database error. */
static int import_segment(struct sync_ctx *c, const char *rel, const char *abs, const char *folder,
			  const struct segment_trailer *t, const struct stat *sb, const struct known *k)
{
	char why[512];
	for (int attempt = 0;; attempt++) {
		struct segment_header h = {0};
		struct import im = { .c = c, .rel = rel, .folder = folder, .h = &h };
		if (savepoint(c))
			return -1;
		int rc = segment_read(abs, t, &h, on_event, &im, why, sizeof(why));
		if (im.fatal) {
			savepoint_end(c, false);
			segment_header_free(&h);
			return error_prefix(_("importing %s"), abs);
		}
		if (im.foreign_own && attempt == 0) {
			/* A clone or a restored backup also writes as this device:
			 * take a new id, then read the segment as a teammate's. */
			segment_header_free(&h);
			if (savepoint_end(c, false))
				return -1;
			char *fresh = NULL;
			if (device_renew(c->st, &fresh) != 0)
				return error_prefix(_("taking a new device id"));
			diag_add(c->diags, DIAG_WARNING, abs, 0, 0, _("this folder holds events under this "
				 "device's id (%s) that this database did not write: it was copied or "
				 "restored from a backup. It now writes as device %s"), c->me_device, fresh);
			free(c->me_device);
			c->me_device = fresh;
			c->res->device_renewed = true;
			continue;
		}
		if (rc != 0) {
			segment_header_free(&h);
			if (savepoint_end(c, false))
				return -1;
			struct stat now;
			/* Replaced while read: not ready rather than bad. */
			if (stat(abs, &now) == 0 && (now.st_size != sb->st_size ||
						     stat_mtime_ns(&now) != stat_mtime_ns(sb))) {
				c->res->segments_pending++;
				return segment_record(c, rel, folder, "pending", "changed while read", &now,
						      NULL, 0);
			}
			quarantine(c, rel, abs, folder, why, sb, k);
			return 0;
		}
		if (device_insert(c, h.device, h.owner) ||
		    segment_record(c, rel, folder, "imported", t->crlf ? EVENTS_CRLF_NOTE : NULL, sb, &h,
				   h.count) ||
		    savepoint_end(c, true)) {
			savepoint_end(c, false);
			segment_header_free(&h);
			return error_prefix(_("importing %s"), abs);
		}
		device_note(c, h.device, h.written_at, im.max_hlc);
		c->res->segments_imported++;
		if (t->crlf && c->res->segments_crlf++ == 0) {
			free(c->first_crlf);
			c->first_crlf = xstrdup(abs);
		}
		c->res->events_imported += im.imported;
		c->res->events_duplicate += im.duplicate;
		if (!im.own)
			report_skew(c, abs, &h, im.max_hlc);
		segment_header_free(&h);
		return 0;
	}
}

/* Looks at one segment file: new, or known as pending/quarantined. */
static int examine(struct sync_ctx *c, const char *folder, const char *rel, const char *abs,
		   const struct known *k)
{
	struct stat sb;
	struct segment_trailer t;
	char why[256];

	if (lstat(abs, &sb) != 0)
		return 0;               /* gone since the listing */
	bool changed = !k || k->size != (int64_t)sb.st_size || k->mtime_ns != stat_mtime_ns(&sb);
	bool expired = k && !changed && k->status == 'p' && c->real_now - k->first_seen >= c->grace_s;
	if (k && !changed) {
		if (k->status == 'q')
			return 0;
		if (k->status == 'p' && !expired) {
			c->res->segments_pending++;
			return 0;
		}
	}
	c->res->segments_read++;
	if (!S_ISREG(sb.st_mode)) {
		quarantine(c, rel, abs, folder, "not a regular file", &sb, k);
		return 0;
	}
	switch (segment_check_file(abs, &t, why, sizeof(why))) {
	case SEGMENT_OK:
		return import_segment(c, rel, abs, folder, &t, &sb, k);
	case SEGMENT_TOO_LARGE:
		quarantine(c, rel, abs, folder, why, &sb, k);
		return 0;
	case SEGMENT_NOT_READY:
		break;
	}
	if (expired) {
		char reason[512], off[64];
		format_offset((c->real_now - k->first_seen) * 1000, off, sizeof(off), false);
		str_format(reason, sizeof(reason), N_("incomplete and unchanged for %s: %s"), off, why);
		quarantine(c, rel, abs, folder, reason, &sb, k);
		return 0;
	}
	c->res->segments_pending++;
	char shown[1024];
	eventsync_reason_text(why, shown, sizeof(shown));
	diag_add(c->diags, DIAG_NOTE, abs, 0, 0, _("segment not complete yet (%s): retried at the "
		 "next sync; quarantined if it stays so for %lld s"), shown, (long long)c->grace_s);
	return segment_record(c, rel, folder, "pending", why, &sb, NULL, 0);
}

/* A known segment whose file is gone: forget it; if it carried our own
 * events, they return to the outbox and are published again. */
static int vanished(struct sync_ctx *c, const struct known *k)
{
	sqlite3_stmt *s;
	int rc;
	if (savepoint(c))
		return -1;
	if (prep(c, "UPDATE event SET published = 0, segment = NULL "
				 "WHERE own = 1 AND published = 1 AND segment = ?1", &s))
		goto fail;
	store_bind_text(s, 1, k->rel);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		goto fail_sql;
	c->res->events_republished += (uint64_t)sqlite3_changes(c->st->db);
	if (prep(c, "DELETE FROM segment WHERE path = ?1", &s))
		goto fail;
	store_bind_text(s, 1, k->rel);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		goto fail_sql;
	return savepoint_end(c, true);
fail_sql:
	sql_fail(c->st, _("cannot forget a vanished segment"));
fail:
	savepoint_end(c, false);
	return -1;
}

/* ---- folders ------------------------------------------------------------ */

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists a folder's entries (sorted) that pass keep(); missing folder = empty.
 * -1 + error() if it exists but cannot be read. */
static int list_dir(const char *dir, bool (*keep)(const char *name), struct strlist *out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	if (!d) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		return error(_("cannot read the folder %s: %s"), dir, strerror(errno));
	}
	while ((de = readdir(d)))
		if (keep(de->d_name))
			strlist_add(out, de->d_name);
	closedir(d);
	if (out->len)
		qsort(out->items, out->len, sizeof(*out->items), name_cmp);
	return 0;
}

/* Segment names: *.jsonl, not hidden (sync tools' own temporary files). */
static bool is_segment_name(const char *name)
{
	return name[0] != '.' && str_ends_with(name, SEGMENT_SUFFIX);
}

static bool is_device_name(const char *name)
{
	return ulid_valid(name);
}

static int ingest_folder(struct sync_ctx *c, const char *device)
{
	struct strlist names = {0};
	struct known *k;
	size_t nk;
	char *rel_dir = xasprintf("events/%s", device);
	char *abs_dir = path_join(c->shared, rel_dir);
	int rc = list_dir(abs_dir, is_segment_name, &names);

	if (rc == 0)
		rc = known_load(c, device, &k, &nk);
	if (rc != 0) {
		strlist_clear(&names);
		free(rel_dir), free(abs_dir);
		return rc;
	}
	for (size_t i = 0; i < names.len && rc == 0; i++) {
		char *rel = xasprintf("%s/%s", rel_dir, names.items[i]);
		struct known *hit = nk ? bsearch(rel, k, nk, sizeof(*k), known_cmp) : NULL;
		if (hit)
			hit->seen = true;
		if (!hit || hit->status != 'i') {
			char *abs = path_join(c->shared, rel);
			rc = examine(c, device, rel, abs, hit);
			if (rc == 0)
				rc = batch_step(c);
			free(abs);
		}
		free(rel);
	}
	for (size_t i = 0; i < nk && rc == 0; i++)
		if (!k[i].seen)
			rc = vanished(c, &k[i]);
	known_free(k, nk);
	strlist_clear(&names);
	free(rel_dir), free(abs_dir);
	return rc;
}

static int dir_mtime_get(struct sync_ctx *c, const char *rel, int64_t *out)
{
	sqlite3_stmt *s;
	*out = -1;
	if (prep(c, "SELECT mtime_ns FROM segment_dir WHERE path = ?1", &s))
		return -1;
	store_bind_text(s, 1, rel);
	if (sqlite3_step(s) == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return 0;
}

static int dir_mtime_set(struct sync_ctx *c, const char *rel, int64_t mtime_ns)
{
	sqlite3_stmt *s;
	const char *sql = mtime_ns >= 0
		? "INSERT INTO segment_dir(path, mtime_ns) VALUES (?1, ?2) "
		  "ON CONFLICT(path) DO UPDATE SET mtime_ns = excluded.mtime_ns"
		: "DELETE FROM segment_dir WHERE path = ?1";
	if (batch_open(c) || prep(c, sql, &s))
		return -1;
	store_bind_text(s, 1, rel);
	if (mtime_ns >= 0)
		sqlite3_bind_int64(s, 2, mtime_ns);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(c->st, _("cannot record a folder's mtime"));
}

/* Ingests one device folder if it may hold something new: its mtime moved,
 * or it has a pending segment, or (force) always. */
static int ingest_device(struct sync_ctx *c, const char *device, bool force)
{
	char *rel = xasprintf("events/%s", device);
	char *abs = path_join(c->shared, rel);
	struct stat sb = {0};
	int64_t was, now = -1;
	int rc = dir_mtime_get(c, rel, &was);

	if (rc == 0 && lstat(abs, &sb) == 0 && S_ISDIR(sb.st_mode))
		now = stat_mtime_ns(&sb);
	if (rc == 0 && (force || now < 0 || now != was)) {
		rc = ingest_folder(c, device);
		/* A folder changed within the last moments may change again in
		 * the same mtime tick: leave it unrecorded, to be listed again. */
		if (rc == 0)
			rc = dir_mtime_set(c, rel, now >= 0 && sb.st_mtim.tv_sec < c->real_now - MTIME_SETTLE_S
					   ? now : -1);
	}
	free(rel), free(abs);
	return rc;
}

static int query_strings(struct store *st, const char *sql, struct strlist *out)
{
	sqlite3_stmt *s;
	int rc;
	if (store_prepare(st, sql, &s))
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		strlist_add(out, (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(st, _("cannot query the segment table"));
}

int64_t events_relist_interval(void)
{
	return env_long("CSCONSOLE_RELIST", 365L * 86400, EVENTS_RELIST_S);
}

/* When every device folder was last listed (real seconds; 0: never). */
int64_t events_relisted_at(struct store *st)
{
	char *v = store_meta_get(st, META_RELISTED);
	long at = 0;
	if (v && !str_to_long(v, 0, LONG_MAX, &at))
		at = 0;
	free(v);
	return at;
}

static int relisted_set(struct sync_ctx *c)
{
	sqlite3_stmt *s;
	char v[32];
	str_format(v, sizeof(v), "%lld", (long long)c->real_now);
	if (batch_open(c) || prep(c, "INSERT INTO meta(key, value) VALUES (?1, ?2) "
				     "ON CONFLICT(key) DO UPDATE SET value = excluded.value", &s))
		return -1;
	store_bind_text(s, 1, META_RELISTED);
	store_bind_text(s, 2, v);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(c->st, _("cannot record the time of a full listing"));
}

/* Which device folders to list whatever their mtime says: those with a
 * pending segment to retry, those with a known gap (a later seq seen, an
 * earlier one missing: a sync tool may have restored the folder's mtime
 * after delivering it), and every folder once per events_relist_interval()
 * (a new newest segment behind a restored mtime has nothing to reveal it). */
static int ingest_all(struct sync_ctx *c)
{
	struct strlist listed = {0}, known = {0}, force = {0};
	char *events = path_join(c->shared, "events");
	int rc = list_dir(events, is_device_name, &listed);
	int64_t last = events_relisted_at(c->st);
	bool everything = c->real_now - last >= events_relist_interval() || last > c->real_now;

	if (rc == 0)
		rc = query_strings(c->st, "SELECT DISTINCT device FROM segment WHERE status = 'pending' "
				   "UNION SELECT id FROM device WHERE max_seq > contiguous", &force);
	if (rc == 0)
		rc = query_strings(c->st, "SELECT device FROM segment UNION "
				   "SELECT substr(path, 8) FROM segment_dir WHERE path LIKE 'events/%'", &known);
	for (size_t i = 0; i < listed.len && rc == 0; i++)
		rc = ingest_device(c, listed.items[i], everything || strlist_has(&force, listed.items[i]));
	for (size_t i = 0; i < known.len && rc == 0; i++)
		if (!strlist_has(&listed, known.items[i]))
			rc = ingest_device(c, known.items[i], true);
	if (rc == 0 && everything)
		rc = relisted_set(c);
	strlist_clear(&listed), strlist_clear(&known), strlist_clear(&force);
	free(events);
	return rc;
}

/* ---- publishing --------------------------------------------------------- */

/* Creates dir if missing (never the shared directory itself). */
static int ensure_dir(const char *dir)
{
	if (mkdir(dir, 0755) == 0 || errno == EEXIST)
		return 0;
	return error(_("cannot create %s: %s"), dir, strerror(errno));
}

int events_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return error(_("cannot open %s: %s"), dir, strerror(errno));
	/* Some network file systems refuse fsync on a folder: nothing to do then. */
	int rc = fsync(fd) == 0 || errno == EINVAL || errno == ENOTSUP ? 0
		 : error(_("cannot flush %s: %s"), dir, strerror(errno));
	close(fd);
	return rc;
}

/* This host's name as it goes into a tmp/ file name: letters, digits, '.',
 * '_' and '-' only, at most 40 of them. */
static void host_tag(char *out, size_t size)
{
	char host[256] = "";
	size_t n = 0;
	if (gethostname(host, sizeof(host) - 1) != 0)
		host[0] = '\0';
	for (const char *p = host; *p && n + 1 < size && n < 40; p++)
		out[n++] = (isalnum((unsigned char)*p) || *p == '.' || *p == '_' || *p == '-') ? *p : '_';
	if (n == 0)
		out[n++] = '_';
	out[n] = '\0';
}

/* The tmp/ name of a segment being written: <device>.<pid>.<host>.<ulid>
 * .jsonl.tmp, so that no two processes, here or on another computer sharing
 * the folder, ever write or remove the same file. */
char *events_tmp_path(const char *shared, const char *device, const char *ulid)
{
	char host[64];
	host_tag(host, sizeof(host));
	return xasprintf("%s/tmp/%s.%ld.%s.%s%s.tmp", shared, device, (long)getpid(), host, ulid,
			 SEGMENT_SUFFIX);
}

FILE *events_tmp_open(const char *tmp)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	FILE *fp = fd < 0 ? NULL : fdopen(fd, "w");
	if (!fp) {
		error(_("cannot create %s: %s"), tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	return fp;
}

int events_install(FILE *fp, const char *tmp, const char *final, const char *crash_step)
{
	if (fsync(fileno(fp)) != 0) {
		error(_("cannot flush %s: %s"), tmp, strerror(errno));
		fclose(fp);
		return -1;
	}
	if (fclose(fp) != 0)
		return error(_("cannot write %s: %s"), tmp, strerror(errno));
	events_crash_point(crash_step);
	if (rename(tmp, final) != 0)
		return error(_("cannot move %s to %s: %s"), tmp, final, strerror(errno));
	char *dir = xstrndup(final, (size_t)(strrchr(final, '/') - final));
	int rc = events_fsync_dir(dir);
	free(dir);
	return rc == 0 ? 0 : 1;
}

/* Whether a tmp/ file of this device is a leftover of a process that is
 * gone: written here by a pid that no longer runs (the sync lock keeps any
 * other sync of this database from running), or, when its writer cannot be
 * told (another computer with a clone of this database, an older name),
 * untouched for TMP_STALE_S. The file of a live process is never removed. */
static bool tmp_leftover(const char *name, const char *device, const char *host, time_t mtime,
			 time_t now)
{
	size_t dl = strlen(device);
	if (now - mtime >= TMP_STALE_S)
		return true;
	if (strncmp(name, device, dl) != 0 || name[dl] != '.')
		return false;
	char *end;
	errno = 0;
	long pid = strtol(name + dl + 1, &end, 10);
	if (errno || end == name + dl + 1 || *end != '.' || pid <= 0 || pid == (long)getpid())
		return false;
	size_t hl = strlen(host);
	if (strncmp(end + 1, host, hl) != 0 || end[1 + hl] != '.')
		return false;           /* another computer's: only when stale */
	return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Our own tmp/ leftovers from a crashed publish; nobody else's. */
static void remove_own_tmp(struct sync_ctx *c, const char *tmp_dir)
{
	char host[64];
	DIR *d = opendir(tmp_dir);
	struct dirent *de;
	host_tag(host, sizeof(host));
	while (d && (de = readdir(d))) {
		struct stat sb;
		if (!str_starts_with(de->d_name, c->me_device) || !str_ends_with(de->d_name, ".jsonl.tmp"))
			continue;
		char *p = path_join(tmp_dir, de->d_name);
		if (lstat(p, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    tmp_leftover(de->d_name, c->me_device, host, sb.st_mtime, c->real_now))
			unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
}

/* A run of outbox events that fits one segment. */
struct run {
	char *device, *author;
	int64_t first, last;
};

static int outbox_runs(struct sync_ctx *c, struct run **out, size_t *n)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int64_t bytes = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (store_prepare(c->st, "SELECT device, seq, author, length(data) FROM event "
				 "WHERE own = 1 AND published = 0 ORDER BY device, seq", &s))
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *dev = (const char *)sqlite3_column_text(s, 0);
		int64_t seq = sqlite3_column_int64(s, 1);
		const char *author = (const char *)sqlite3_column_text(s, 2);
		int64_t size = sqlite3_column_int64(s, 3) + 1024;   /* + the envelope */
		struct run *r = *n ? &(*out)[*n - 1] : NULL;
		if (!r || !str_eq(r->device, dev) || !str_eq(r->author, author) || seq != r->last + 1 ||
		    r->last - r->first + 1 >= SEGMENT_MAX_EVENTS || bytes + size > PUBLISH_MAX_BYTES) {
			if (*n == cap) {
				cap = cap ? cap * 2 : 4;
				*out = xreallocarray(*out, cap, sizeof(**out));
			}
			r = &(*out)[(*n)++];
			*r = (struct run){ xstrdup(dev), xstrdup(author), seq, seq };
			bytes = 0;
		}
		r->last = seq;
		bytes += size;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(c->st, _("cannot read the outbox"));
}

static void runs_free(struct run *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].device);
		free(r[i].author);
	}
	free(r);
}

static int load_run(struct sync_ctx *c, const struct run *r, struct event ***out, size_t *n)
{
	sqlite3_stmt *s;
	size_t want = (size_t)(r->last - r->first + 1);
	int rc;
	*n = 0;
	*out = xcalloc(want, sizeof(**out));
	if (store_prepare(c->st, "SELECT id, device, seq, hlc, author, type, version, entity, account, "
				 "base, data FROM event WHERE device = ?1 AND seq BETWEEN ?2 AND ?3 "
				 "AND own = 1 ORDER BY seq", &s))
		return -1;
	store_bind_text(s, 1, r->device);
	sqlite3_bind_int64(s, 2, r->first);
	sqlite3_bind_int64(s, 3, r->last);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < want) {
		struct event *e = xcalloc(1, sizeof(*e));
		e->id = store_column_dup(s, 0);
		e->device = store_column_dup(s, 1);
		e->seq = sqlite3_column_int64(s, 2);
		hlc_parse((const char *)sqlite3_column_text(s, 3), &e->hlc);
		e->author = store_column_dup(s, 4);
		e->type = store_column_dup(s, 5);
		e->version = sqlite3_column_int(s, 6);
		e->entity = store_column_dup(s, 7);
		e->account = store_column_dup(s, 8);
		e->base = store_column_dup(s, 9);
		e->data = json_tokener_parse((const char *)sqlite3_column_text(s, 10));
		(*out)[(*n)++] = e;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sql_fail(c->st, _("cannot read the outbox"));
	if (*n != want)
		return error(_("the outbox of device %s lost events %" PRId64 "..%" PRId64 " while "
			     "publishing"), r->device, r->first, r->last);
	return 0;
}

static void events_free_all(struct event **ev, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		event_free(ev[i]);
		free(ev[i]);
	}
	free(ev);
}

static int mark_published(struct sync_ctx *c, const struct run *r, const char *rel,
			  const struct segment_header *h, const struct stat *sb, const char *max_hlc)
{
	sqlite3_stmt *s;
	int rc;
	if (store_begin(c->st))
		return -1;
	if (store_prepare(c->st, "UPDATE event SET published = 1, segment = ?4 WHERE own = 1 "
				 "AND device = ?1 AND seq BETWEEN ?2 AND ?3", &s))
		goto fail;
	store_bind_text(s, 1, r->device);
	sqlite3_bind_int64(s, 2, r->first);
	sqlite3_bind_int64(s, 3, r->last);
	store_bind_text(s, 4, rel);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		sql_fail(c->st, _("cannot mark events published"));
		goto fail;
	}
	if (segment_record(c, rel, r->device, "imported", NULL, sb, h, h->count) ||
	    device_update(c, r->device, h->owner, h->written_at, max_hlc))
		goto fail;
	return store_commit(c->st);
fail:
	store_rollback(c->st);
	return -1;
}

/* Writes one run as a segment: tmp/, fsync, rename, folder fsync, mark.
 * 1 = the shared directory refused a write (the events stay in the outbox),
 * 0 = published, -1 = a database error. */
static int publish_run(struct sync_ctx *c, const struct run *r)
{
	struct event **ev;
	size_t n;
	char ulid[ULID_SIZE], max_hlc[HLC_TEXT_SIZE] = "";
	int rc = 1;

	if (load_run(c, r, &ev, &n) != 0) {
		events_free_all(ev, n);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char text[HLC_TEXT_SIZE];
		hlc_format(ev[i]->hlc, text);
		if (strcmp(text, max_hlc) > 0)
			str_copy(max_hlc, sizeof(max_hlc), text);
	}
	struct segment_header h = {
		.device = r->device, .owner = r->author, .first_seq = r->first, .last_seq = r->last,
		.count = n, .written_at = c->now_ms,
	};
	ulid_new((uint64_t)c->now_ms, ulid);
	char *dir = xasprintf("%s/events/%s", c->shared, r->device);
	char *rel = xasprintf("events/%s/%s%s", r->device, ulid, SEGMENT_SUFFIX);
	char *final = path_join(c->shared, rel);
	char *tmp = events_tmp_path(c->shared, r->device, ulid);
	FILE *fp = NULL;
	struct stat sb;

	if (ensure_dir(dir) != 0)
		goto out;
	if (!(fp = events_tmp_open(tmp)))
		goto out;
	if (segment_write(fp, &h, ev, n) != 0)
		goto out_unlink;
	events_crash_point("before-fsync");
	int installed = events_install(fp, tmp, final, "before-rename");
	fp = NULL;
	if (installed < 0)
		goto out_unlink;
	if (installed > 0 || stat(final, &sb) != 0)
		goto out;               /* in place: a later sync marks it from the listing */
	events_crash_point("before-mark");
	if (mark_published(c, r, rel, &h, &sb, max_hlc) != 0) {
		rc = -1;
		goto out;
	}
	c->res->segments_published++;
	c->res->events_published += n;
	rc = 0;
	goto out;
out_unlink:
	if (fp)
		fclose(fp);
	unlink(tmp);
out:
	free(dir), free(rel), free(final), free(tmp);
	events_free_all(ev, n);
	return rc;
}

static int64_t outbox_count(struct store *st)
{
	sqlite3_stmt *s;
	int64_t n = 0;
	if (store_prepare(st, "SELECT count(*) FROM event WHERE own = 1 AND published = 0", &s))
		return 0;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static void not_writable(struct sync_ctx *c, const char *why)
{
	int64_t n = outbox_count(c->st);
	c->res->shared_writable = false;
	if (n == 0)
		diag_add(c->diags, DIAG_NOTE, c->shared, 0, 0, _("%s; nothing waits to be published"), why);
	else
		diag_add(c->diags, DIAG_NOTE, c->shared, 0, 0, P_("%s: %lld event stays in the "
			 "local outbox and is published at the first sync that can write there",
			 "%s: %lld events stay in the local outbox and are published at the first "
			 "sync that can write there", n), why, (long long)n);
}

static int publish(struct sync_ctx *c)
{
	struct run *runs;
	size_t n;
	char *events = path_join(c->shared, "events");
	char *tmp = path_join(c->shared, "tmp");
	int rc;

	remove_own_tmp(c, tmp);
	if ((rc = outbox_runs(c, &runs, &n)) != 0)
		goto out;
	/* Nothing to publish: the shared directory is left exactly as it is. */
	c->res->shared_writable = n == 0 ? access(c->shared, W_OK) == 0 : true;
	if (n && (ensure_dir(events) != 0 || ensure_dir(tmp) != 0 ||
		  (access(tmp, W_OK) != 0 && error(_("cannot write to %s: %s"), tmp, strerror(errno))))) {
		not_writable(c, error_message());
	} else {
		for (size_t i = 0; i < n; i++) {
			error_clear();
			int r = publish_run(c, &runs[i]);
			if (r < 0) {
				rc = -1;
				break;
			}
			if (r > 0) {
				not_writable(c, error_message());
				break;
			}
		}
	}
	runs_free(runs, n);
out:
	free(events), free(tmp);
	return rc;
}

/* ---- entry points ------------------------------------------------------- */

static int ctx_init(struct sync_ctx *c, struct store *st, const char *shared,
		    struct events_result *res, struct diag_list *diags)
{
	memset(c, 0, sizeof(*c));
	c->st = st;
	c->shared = shared;
	c->res = res;
	c->diags = diags;
	c->grace_s = pending_grace();
	c->real_now = time(NULL);
	c->now_ms = (int64_t)clock_now_ms();
	c->applied.summaries_later = true;   /* once, at the end: finish_summaries() */
	c->applied.hold = true;              /* entities computed from the events read */
	c->batch_max = batch_limit();
	c->batch_timed = !getenv("CSCONSOLE_IMPORT_BATCH");
	return device_id(st, &c->me_device);
}

/* The shared directory is there (else a note: offline or not mounted). */
static bool shared_present(struct sync_ctx *c)
{
	struct stat sb;
	int rc = stat(c->shared, &sb);
	int err = rc == 0 ? ENOTDIR : errno;
	if (rc == 0 && S_ISDIR(sb.st_mode))
		return true;
	char why[512];
	str_format(why, sizeof(why), _("the shared directory is not there (%s: offline, or not "
		   "mounted?)"), strerror(err));
	not_writable(c, why);
	return false;
}

enum sync_mode { INGEST_AND_PUBLISH, INGEST_ONLY, INGEST_DEFERRED, PUBLISH_ONLY };

static int run_sync(struct store *st, const char *shared_dir, enum sync_mode mode,
		    struct events_result *res, struct diag_list *diags)
{
	struct sync_ctx c;
	int rc;
	memset(res, 0, sizeof(*res));
	if (ctx_init(&c, st, shared_dir, res, diags) != 0)
		return -1;
	if (!shared_present(&c)) {
		ctx_free(&c);
		return 0;
	}
	sqlite3_wal_autocheckpoint(st->db, INGEST_WAL_PAGES);
	/* Each segment's savepoint keeps the pages it changes in a statement
	 * journal, which SQLite spills to a temporary file past 64 KiB: at
	 * 10,000 segments 370,000 pwrite calls, 30 times the floor's. In
	 * memory it stays (SQLite decides at the transaction's start, and
	 * empties it at each segment's release). */
	bool temp_memory = store_exec(st, "PRAGMA temp_store = MEMORY") == 0;
	if (mode != PUBLISH_ONLY)
		rc = ingest_all(&c);
	else
		rc = ingest_device(&c, c.me_device, false);
	/* Deferred: the accounts stay noted in summary_pending for the
	 * caller's refresh (the sync's health pass): computed once, not twice. */
	if (batch_close(&c) != 0 || (mode != INGEST_DEFERRED && finish_summaries(&c) != 0))
		rc = -1;
	if (mode == INGEST_DEFERRED)
		events_crash_point("after-ingest");   /* tests: the summaries left noted */
	sqlite3_wal_autocheckpoint(st->db, DEFAULT_WAL_PAGES);
	if (temp_memory && sqlite3_get_autocommit(st->db))
		store_exec(st, "PRAGMA temp_store = DEFAULT");
	if (sqlite3_get_autocommit(st->db))   /* best effort: a reader may hold it back */
		sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	report_crlf(&c);
	if (rc == 0 && mode != INGEST_ONLY && mode != INGEST_DEFERRED)
		rc = publish(&c);
	ctx_free(&c);
	return rc;
}

int events_sync(struct store *st, const char *shared_dir, const char *me,
		struct events_result *res, struct diag_list *diags)
{
	(void)me;   /* segments carry their events' author: the CSM who wrote them */
	return run_sync(st, shared_dir, INGEST_AND_PUBLISH, res, diags);
}

int events_ingest(struct store *st, const char *shared_dir, struct events_result *res,
		  struct diag_list *diags)
{
	return run_sync(st, shared_dir, INGEST_ONLY, res, diags);
}

int events_ingest_deferred(struct store *st, const char *shared_dir, struct events_result *res,
			   struct diag_list *diags)
{
	return run_sync(st, shared_dir, INGEST_DEFERRED, res, diags);
}

int events_publish(struct store *st, const char *shared_dir, const char *me,
		   struct events_result *res, struct diag_list *diags)
{
	(void)me;
	return run_sync(st, shared_dir, PUBLISH_ONLY, res, diags);
}

int events_ingest_file(struct store *st, const char *shared_dir, const char *path,
		       struct events_result *res, struct diag_list *diags)
{
	struct sync_ctx c;
	struct known *k = NULL;
	size_t nk = 0;
	int rc;

	if (ctx_init(&c, st, shared_dir, res, diags) != 0)
		return -1;
	/* The path relative to the shared directory, and its device folder. */
	size_t len = strlen(shared_dir);
	while (len > 1 && shared_dir[len - 1] == '/')
		len--;
	const char *rel = strncmp(path, shared_dir, len) == 0 && path[len] == '/' ? path + len + 1 : path;
	char *copy = xstrdup(rel), *slash = strrchr(copy, '/');
	if (!slash || slash == copy) {
		free(copy);
		ctx_free(&c);
		return error(_("%s: not a segment in a device folder (events/DEVICE/NAME.jsonl)"), path);
	}
	*slash = '\0';
	const char *folder = strrchr(copy, '/') ? strrchr(copy, '/') + 1 : copy;

	rc = known_load(&c, folder, &k, &nk);
	if (rc == 0) {
		struct known *hit = nk ? bsearch(rel, k, nk, sizeof(*k), known_cmp) : NULL;
		if (!hit || hit->status != 'i')
			rc = examine(&c, folder, rel, path, hit);
	}
	if (batch_close(&c) != 0 || finish_summaries(&c) != 0)
		rc = -1;
	known_free(k, nk);
	free(copy);
	ctx_free(&c);
	return rc;
}

/* ---- rebuild ---- */

static int reingest_filter_dir(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static int reingest_filter_segment(const struct dirent *d)
{
	return d->d_name[0] != '.' && str_ends_with(d->d_name, SEGMENT_SUFFIX);
}

/* Makes the next ingest read every segment again: the imported ones are
 * forgotten (their events stay; reading them again adds what is missing),
 * and so are the folder mtimes, so that a rebuild cut short leaves the next
 * sync to list every folder. Pending and quarantined files keep their
 * history (grace period, reason). */
static int forget_imported(struct store *st)
{
	if (store_begin(st))
		return -1;
	if (store_exec(st, "DELETE FROM segment WHERE status = 'imported'") ||
	    store_exec(st, "DELETE FROM segment_dir")) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st);
}

/* Reads every segment of events/<device>/, in name order. Returns -1 when
 * the events folder cannot be listed (no error when it does not exist). */
static int reingest_every_segment(struct store *st, const char *shared, struct events_result *res,
				  struct diag_list *diags)
{
	char *events = path_join(shared, "events");
	struct dirent **devices;
	int ndev = scandir(events, &devices, reingest_filter_dir, alphasort);
	if (ndev < 0) {
		int e = errno;
		free(events);
		if (e == ENOENT)
			return 0;
		return error(_("cannot list %s/events: %s"), shared, strerror(e));
	}
	for (int i = 0; i < ndev; i++) {
		char *dir = path_join(events, devices[i]->d_name);
		struct dirent **segs;
		struct stat sb;
		int nseg = stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode)
			? scandir(dir, &segs, reingest_filter_segment, alphasort) : -1;
		for (int j = 0; j < nseg; j++) {
			char *path = path_join(dir, segs[j]->d_name);
			if (events_ingest_file(st, shared, path, res, diags) != 0) {
				diag_add(diags, DIAG_ERROR, path, 0, 0, "%s", error_message());
			}
			free(path);
			free(segs[j]);
		}
		if (nseg >= 0)
			free(segs);
		free(dir);
		free(devices[i]);
	}
	free(devices);
	free(events);
	return 0;
}

int events_reingest_all(struct store *st, const char *shared_dir, struct events_result *res,
			struct diag_list *diags)
{
	if (forget_imported(st) != 0) {
		error_prefix(_("cannot reset the list of imported segments"));
		return -1;
	}
	return reingest_every_segment(st, shared_dir, res, diags);
}
