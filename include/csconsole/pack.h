/* pack.h - packing a device's own old segments into larger ones, so that the
 * shared directory stays small (docs/sync.md, "Packing").
 *
 * A pack is an ordinary segment (segment.h: same header, events and trailer)
 * whose seqs span the segments it replaces, named
 * pack-<first_seq>-<last_seq>-<ulid>.jsonl (seqs zero-padded to 10 digits).
 * It is written through tmp/, fsynced, renamed into events/<device>/ and the
 * folder fsynced; only then does the database record it in place of the
 * small segments (their events now point at the pack), and only then are the
 * small files removed (and the folder fsynced again). Only this device's own
 * folder is ever touched.
 *
 * The rule, run at the end of `csconsole sync` under the sync lock:
 *  - candidates: own segments imported into the database more than
 *    PACK_AGE_S ago ($CSCONSOLE_PACK_AGE, seconds, for tests) holding fewer
 *    than PACK_SMALL_EVENTS events;
 *  - in seq order, consecutive candidates merge like a binary counter: a
 *    group absorbs the next one when that one holds at least as many events
 *    (so an event is rewritten about log2(PACK_SMALL_EVENTS) times at most),
 *    within PACK_MAX_EVENTS events and PACK_MAX_BYTES bytes;
 *  - the packs are written when they replace at least PACK_MIN_FILES files
 *    (or always, with force: `csconsole sync --pack`, ignoring the age too).
 * An own segment whose seqs lie inside another own segment's (the small
 * files a crash left beside their pack, or ones a sync tool brought back)
 * is removed at every run, whatever its age.
 */
#ifndef CSCONSOLE_PACK_H
#define CSCONSOLE_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "csconsole/diag.h"
#include "csconsole/segment.h"
#include "csconsole/store.h"

#define PACK_AGE_S (7 * 86400)
#define PACK_MIN_FILES 32
#define PACK_SMALL_EVENTS 2500
#define PACK_MAX_EVENTS SEGMENT_MAX_EVENTS
#define PACK_MAX_BYTES (SEGMENT_MAX_BYTES / 2)
#define PACK_PREFIX "pack-"

struct pack_result {
	size_t packs_written;
	size_t segments_packed;      /* small files a new pack replaced */
	size_t segments_redundant;   /* small files an existing pack already held */
	uint64_t events_packed;
	size_t files_before, files_after;   /* own segment files in the shared folder */
};

/* Packs this device's own old segments in <shared_dir>/events/<device>/
 * by the rule above (force: whatever their number and age). Call after an
 * ingest of the own folder (the segment table must know its files) and under
 * the sync lock. A shared directory that is missing or read-only is a note,
 * not an error; a crash at any step loses nothing (docs/sync.md). Fault
 * injection: $CSCONSOLE_CRASH_AT = pack-before-rename, pack-before-record,
 * pack-before-remove. Returns 0, or -1 + error() on a database error. */
int events_pack(struct store *st, const char *shared_dir, bool force, struct pack_result *res,
		struct diag_list *diags);

/* The rule's plan over a device's segments in seq order (units; candidate:
 * old and small enough, decided by the caller): groups of consecutive
 * candidates, each of two files or more, merged like a binary counter.
 * *out (caller frees) holds index ranges into u; *replaced the files they
 * cover. Returns the number of groups. */
struct pack_unit {
	int64_t first, last, events, bytes;
	bool candidate;
};
struct pack_group {
	size_t from, n;              /* u[from .. from + n - 1] */
	int64_t events, bytes;
};
size_t pack_plan(const struct pack_unit *u, size_t n, struct pack_group **out, size_t *replaced);

/* Writes the segment files at paths (one device's, consecutive seqs, in
 * order) as one pack: each is checked again (trailer, CRC, header) and its
 * events streamed into tmp, which is fsynced and renamed to final, and
 * final's folder fsynced. h gets the pack's header (caller frees with
 * segment_header_free; written_at: the newest member's). 0, 1 (a member is
 * not as expected: nothing written), -1 (a write failed: tmp removed), with
 * error(). Removing the members is the caller's, once it is recorded. */
int pack_write_file(char *const *paths, size_t n, const char *device, const char *owner,
		    const char *tmp, const char *final, struct segment_header *h);

/* "events/<device>/pack-<first>-<last>-<ulid>.jsonl" (caller frees). */
char *pack_name(const char *device, int64_t first_seq, int64_t last_seq, const char *ulid);

/* PACK_AGE_S, or $CSCONSOLE_PACK_AGE (whole seconds) for tests. */
int64_t pack_age(void);

#endif
