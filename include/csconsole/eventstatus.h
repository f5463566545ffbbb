/* eventstatus.h - what the local database knows about the team's event
 * sync, for `csconsole sync --status` and `csconsole doctor`: per device
 * (how far complete, gaps, clocks), per teammate (last wrote, last import),
 * and the problems (quarantined segments, segments git converted to CRLF).
 * Reads only; the sync itself is eventsync.h. Each *_free frees what the
 * matching call filled.
 */
#ifndef CSCONSOLE_EVENTSTATUS_H
#define CSCONSOLE_EVENTSTATUS_H

#include <stdbool.h>
#include <stdint.h>
#include "csconsole/store.h"

/* For `csconsole doctor`: quarantined segments, and imported segments whose
 * file still has the CRLF line ends git gave it (same size as when read).
 * first_*: one path of each (owned, NULL if none). */
struct events_problems {
	size_t quarantined, crlf;
	char *first_quarantined, *first_quarantined_reason, *first_crlf;
};
int events_problems(struct store *st, const char *shared_dir, struct events_problems *p);
void events_problems_free(struct events_problems *p);

/* What `csconsole sync --status` shows, per device. */
struct device_status {
	char *device, *owner;
	bool own;
	int64_t contiguous;          /* every seq up to here is present */
	int64_t max_seq;
	int64_t waiting_for;         /* first missing seq, 0 if none */
	int64_t last_import;         /* when we last imported from it (UTC s) */
	int64_t last_wall;           /* its wall clock in its last segment (ms) */
	int64_t skew_ms;             /* estimated clock offset vs the team (+ ahead) */
	size_t pending, quarantined;
};
int events_status(struct store *st, struct device_status **out, size_t *n);
void events_status_free(struct device_status *s, size_t n);

/* What `csconsole sync --status` shows per teammate (the owner of devices
 * other than this one), by handle: when they last wrote (the newest stamp of
 * their newest segment) and when this device last imported from them. */
struct teammate_status {
	char *owner;                 /* owned */
	int64_t last_wrote_ms;       /* hlc milliseconds; 0 if unknown */
	int64_t last_import;         /* UTC s; 0 if never */
};
int events_teammates(struct store *st, struct teammate_status **out, size_t *n);
void events_teammates_free(struct teammate_status *t, size_t n);

#endif
