/* eventsync.h - moving team events through the shared directory.
 *
 * <shared>/events/<device>/<ulid>.jsonl   segments (segment.h), one writer per folder
 * <shared>/tmp/                           segments being written
 *
 * events_sync() = ingest, then publish:
 *  - ingest reads only segment files not seen before (device folders whose
 *    mtime did not change are not even listed; known files are not opened),
 *    checks the trailer first (not ready: pending, retried next sync, and
 *    quarantined once it has stayed broken and unchanged for
 *    EVENTS_PENDING_GRACE_S), then parses; a bad segment is quarantined with
 *    its path and reason (the file itself is never touched); each good one is
 *    imported in one transaction (INSERT OR IGNORE on event id);
 *  - a segment from a device whose owner differs from the one its first
 *    segment declared, or with an event whose author is not the owner, is
 *    quarantined;
 *  - a segment in this device's own folder that carries events this database
 *    did not write means the database was cloned or restored: the device
 *    takes a new id (device_renew) before publishing;
 *  - publish: own published events whose segment file has gone missing are
 *    marked unpublished (self-healing); the outbox is written to
 *    tmp/<device>-<ulid>.jsonl.tmp, fsynced, renamed into events/<device>/,
 *    the folder fsynced, then the events are marked published with the
 *    segment's name. A crash at any step loses nothing (the outbox is still
 *    there) and duplicates nothing (a segment renamed into place but not yet
 *    marked is recognised by ingest as our own and marked then).
 * Shared files are never moved or rewritten; only this device's own
 * leftover tmp/ files from a crash are removed here (and its own packed
 * segments by pack.c, once their pack is durable and recorded).
 *
 * Fault injection for the crash tests: $CSCONSOLE_CRASH_AT = before-fsync,
 * before-rename or before-mark makes publish raise SIGKILL at that step.
 * $CSCONSOLE_PENDING_GRACE (whole seconds, default EVENTS_PENDING_GRACE_S)
 * shortens the grace period of not-ready segments for tests.
 *
 * Clocks: events and device bookkeeping use clock_now_ms() (so tests can
 * fake a device's clock); the grace period and folder mtimes, which measure
 * the file system, use the real clock.
 */
#ifndef CSCONSOLE_EVENTSYNC_H
#define CSCONSOLE_EVENTSYNC_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include "csconsole/diag.h"
#include "csconsole/eventstatus.h"   /* what the sync left: --status, doctor */
#include "csconsole/store.h"

#define EVENTS_PENDING_GRACE_S 600
/* Every device folder is listed at least this often (seconds), whatever its
 * mtime says: a sync tool that restores a folder's mtime after delivering a
 * file (rsync -a, some Dropbox/OneDrive clients, NFS attribute caching)
 * delays that file's import by at most this much. A folder with a known gap
 * (a later seq seen, an earlier one missing) is listed at every sync.
 * Listing reads names only: no segment file is opened. */
#define EVENTS_RELIST_S 300

/* EVENTS_RELIST_S, or $CSCONSOLE_RELIST (whole seconds) for tests. */
int64_t events_relist_interval(void);
/* When every device folder was last listed (real UTC seconds; 0: never). */
int64_t events_relisted_at(struct store *st);

struct events_result {
	size_t segments_read;        /* new segments examined */
	size_t segments_imported;
	size_t segments_pending;     /* not ready yet (trailer) */
	size_t segments_quarantined; /* newly quarantined this sync */
	size_t segments_crlf;        /* imported with CRLF line ends removed (segment.h) */
	uint64_t events_imported;    /* new events */
	uint64_t events_duplicate;   /* already known (ignored) */
	size_t segments_published;
	uint64_t events_published;
	uint64_t events_republished; /* self-healing */
	bool device_renewed;
	bool shared_writable;        /* publish could write (else: kept in the outbox) */
};

/* Ingests then publishes. me: the CSM handle (the owner of this device).
 * Findings (quarantine, pending, skew) go to diags. Returns 0, or -1 +
 * error() if the shared directory cannot be read at all. Publishing to a
 * missing or read-only directory is not an error: the events stay in the
 * outbox and res->shared_writable is false. */
int events_sync(struct store *st, const char *shared_dir, const char *me,
		struct events_result *res, struct diag_list *diags);

/* The ingest half alone (every device folder, the own one included, so a
 * clone is noticed); publishes nothing. `csconsole sync` ingests, runs the
 * health pass and the playbook, then publishes: so what the playbook
 * writes goes out with the same sync. A missing shared_dir is a note. */
int events_ingest(struct store *st, const char *shared_dir, struct events_result *res,
		  struct diag_list *diags);
/* events_ingest without its last step: the account summaries the new events
 * change stay noted in summary_pending (summary.h) for the caller to
 * refresh. `csconsole sync` uses it: its health pass (healthcalc_sync)
 * refreshes them with the accounts it recomputes, so each summary is
 * computed once per sync, not twice. A sync cut short before that leaves
 * them noted for the next one. */
int events_ingest_deferred(struct store *st, const char *shared_dir, struct events_result *res,
			   struct diag_list *diags);

/* The publish half alone (with the own-folder check that must precede it:
 * own segments renamed but not marked, a clone, missing own segments).
 * `csconsole sync` calls it after events_ingest and the playbook; tests use
 * it to publish without importing the others' segments. A missing
 * shared_dir (offline, not mounted) is not an error for either function: a
 * note says so and res->shared_writable is false. Both zero *res first. */
int events_publish(struct store *st, const char *shared_dir, const char *me,
		   struct events_result *res, struct diag_list *diags);

/* Ingest one segment file (tests use this to import in a chosen order).
 * path: a file in <shared_dir>/events/<device>/. Adds to *res (not zeroed);
 * a file already imported is skipped. */
int events_ingest_file(struct store *st, const char *shared_dir, const char *path,
		       struct events_result *res, struct diag_list *diags);

/* For `csconsole rebuild`: forgets which segments were imported (pending
 * and quarantined files keep their history) and reads every segment of
 * events/<device>/ again, in name order; known events are ignored by id, so
 * only events whose import was missed are added. Publishes nothing. Returns
 * -1 + error() when the events folder cannot be listed (a missing one is
 * not an error). */
int events_reingest_all(struct store *st, const char *shared_dir, struct events_result *res,
			struct diag_list *diags);

/* The clock offset a segment reveals (+ ahead, - behind, 0 within
 * EVENTS_SKEW_MS), from its writer's wall clock, its greatest stamp and when
 * it was imported (all ms): used at import and by `sync --status`. */
#define EVENTS_SKEW_MS (5 * 60 * 1000)
int64_t events_skew_estimate(int64_t written_at, int64_t hlc_ms, int64_t import_ms);

/* The tmp/ path of a segment being written by this process:
 * <shared>/tmp/<device>.<pid>.<host>.<ulid>.jsonl.tmp, a name no other
 * process uses; a crashed writer's file is removed by a later publish of the
 * device. Caller frees. Publishing and packing (pack.h) write there. */
char *events_tmp_path(const char *shared, const char *device, const char *ulid);
/* fsync of a folder (a rename into it is durable); file systems that refuse
 * it on folders are accepted. 0 or -1 + error(). */
int events_fsync_dir(const char *dir);
/* Creates tmp (which must not exist) for writing. NULL + error(). */
FILE *events_tmp_open(const char *tmp);
/* Makes the segment written to tmp through fp durable under final: fsync,
 * close (fp is closed whatever happens), rename, fsync of final's folder.
 * crash_step names the test crash point just before the rename. 0; -1 +
 * error() before the rename (tmp is the caller's to remove); 1 + error()
 * when renamed but the folder's fsync failed (the file is in place). */
int events_install(FILE *fp, const char *tmp, const char *final, const char *crash_step);
/* Tests: CSCONSOLE_CRASH_AT=step kills the process at that step. */
void events_crash_point(const char *step);

/* The reason recorded for a segment imported with its CRLF line ends
 * removed (eventstatus.h reads it back for `doctor`). */
#define EVENTS_CRLF_NOTE "imported with CRLF line endings removed (git core.autocrlf)"

/* What to do about segments that git converted to CRLF (core.autocrlf): the
 * one recovery the sync warning and `doctor` both give. */
#define EVENTS_CRLF_FIX "add the line `events/** -text` to .gitattributes in the shared " \
	"directory (`csconsole init` writes it), commit it, then run `git rm --cached -r -q " \
	"events && git checkout HEAD -- events` there: git checks the segments out again " \
	"unchanged, and nothing is lost"

/* A segment's stored reason (segment.reason: English, as `sync --status
 * --format json` gives it and code compares it) as people read it: the
 * reason translated where it is one whole message of the catalog, after a
 * "line N: " prefix if any; otherwise as stored. */
void eventsync_reason_text(const char *reason, char *out, size_t size);

#endif
