/* event.h - team events: what CSMs write (notes, risks, touchpoints,
 * coverage), their identity and clocks, and the state they materialise.
 *
 * An event is immutable once written. It has a ULID id, the device that wrote
 * it with a per-device gap-free seq, a hybrid logical clock stamp (hlc), the
 * author (a CSM handle), a type ("note.add"...) with a version, the entity it
 * is about ("note/<ulid>", "risk/<ulid>", "touch/<ulid>", "cover/<ulid>"),
 * optionally an account (CRM id), and data: a JSON object with the type's
 * fields. Stored in the `event` table (data as canonical JSON text).
 *
 * State is derived from the set of events, never from their order:
 *  - every field an event sets is a register (entity, field); its value is
 *    the one of the event with the greatest (hlc, device) that set it
 *    (last-writer-wins, commutative, so any import order converges);
 *  - an entity exists once its create event (note.add, risk.open,
 *    touch.schedule, cover.set) is present; a handoff.review event is an
 *    entity of its own ("review/<ulid>"): the latest one, by (hlc, device),
 *    of the same owner, absence start and account is the review mark
 *    (handoff.h); deletes (note.delete,
 *    cover.clear) are tombstones that win over any edit;
 *  - an update records what its writer had seen of the entity (data.seen:
 *    event ids, from version 2 of the update types; older events: the
 *    entity's events stamped at or before their `base`). An edit that lost
 *    its field to a write whose writer had not seen it, and that no later
 *    write of the field had seen, is a conflict: both are kept, the LWW
 *    winner is shown, `csconsole conflicts` lists it.
 *  - events of a type or version this build does not know are stored with
 *    applied = 0 and applied by a later build (event_apply_pending()).
 *
 * Details (state.c): an entity's state is recomputed from all its events
 * whenever one arrives, so it depends on the set only. Materialised rows
 * (note, risk, touchpoint) use the entity's ULID as id ("note/01J..." is
 * note.id "01J..."); coverage becomes an absence row with entity
 * "cover/01J...", removed once cleared. A note is its author's: edits and
 * deletes by others are kept but change nothing. risk.resolve's closing
 * note (v3 "note", v1/v2 "text") is kept apart (risk.resolve_note): the
 * risk's text stays; touch.done's note replaces the note shown; touch.reschedule reopens
 * (status open) and sets the reason (null when absent); touch.snooze sets
 * due_day = until_day; touch.restore (what an undo writes) sets status, due
 * day, note and reason together, and status "cancelled" removes the
 * touchpoint (the undo of touch.schedule). A conflict is listed only when the values differ.
 *
 * Ownership: strings in struct event are owned by it (event_free()).
 */
#ifndef CSCONSOLE_EVENT_H
#define CSCONSOLE_EVENT_H

#include <stdbool.h>
#include <stdint.h>
#include <json-c/json.h>
#include "csconsole/store.h"
#include "csconsole/util.h"

/* The event types this build applies: X(id, name, version, entity kind,
 * creates, help). `creates`: the event brings its entity into existence. */
#define EVENT_TYPES(X) \
	X(NOTE_ADD,        "note.add",        2, "note",  true,  "a note about a touch: kind, sentiment, summary, text, touch day (v2: lengths in characters)") \
	X(NOTE_EDIT,       "note.edit",       3, "note",  false, "edits an own note's fields (v2: seen; v3: lengths in characters)") \
	X(NOTE_DELETE,     "note.delete",     2, "note",  false, "deletes an own note (tombstone; v2: seen)") \
	X(RISK_OPEN,       "risk.open",       2, "risk",  true,  "opens a risk note: category, severity, text, owner (v2)") \
	X(RISK_UPDATE,     "risk.update",     3, "risk",  false, "changes a risk's category, severity, text, status or owner (v2; v3: seen)") \
	X(RISK_RESOLVE,    "risk.resolve",    3, "risk",  false, "resolves a risk (status resolved; v2: seen; v3: the closing note apart, the text kept)") \
	X(TOUCH_SCHEDULE,  "touch.schedule",  2, "touch", true,  "schedules a touchpoint: due day, kind, note (v2: time, written only when given)") \
	X(TOUCH_RESCHEDULE,"touch.reschedule",3, "touch", false, "moves a touchpoint's due day (v2: seen; v3: lengths in characters)") \
	X(TOUCH_DONE,      "touch.done",      2, "touch", false, "marks a touchpoint done (v2: seen)") \
	X(TOUCH_SNOOZE,    "touch.snooze",    3, "touch", false, "snoozes a touchpoint until a day, with a reason (v2: seen; v3: lengths in characters)") \
	X(TOUCH_RESTORE,   "touch.restore",   1, "touch", false, "restores a touchpoint's status, due day, note and reason (undo); status cancelled removes it") \
	X(COVER_SET,       "cover.set",       1, "cover", true,  "who covers an absent CSM, from and until") \
	X(COVER_CLEAR,     "cover.clear",     2, "cover", false, "cancels a coverage (tombstone; v2: seen)") \
	X(HANDOFF_REVIEW,  "handoff.review",  1, "review", true, "marks an account of an absent owner's brief reviewed or not") \
	X(OPPORTUNITY_OPEN,  "opportunity.open",  1, "opportunity", true,  "an expansion opportunity: kind, amount, currency, stage, expected close, owner (opportunity.h)") \
	X(OPPORTUNITY_UPDATE,"opportunity.update",1, "opportunity", false, "changes an opportunity's kind, amount, currency, stage, expected close or owner; seen") \
	X(OPPORTUNITY_CLOSE, "opportunity.close", 1, "opportunity", false, "closes an opportunity won or lost; seen") \
	X(FEEDBACK_ADD,    "feedback.add",    1, "feedback", true, "the voice of the customer: product area, request type, text, the account's ARR then (feedback.h)") \
	X(FEEDBACK_RETRACT,"feedback.retract",1, "feedback", false, "takes back an own feedback (tombstone; the undo of feedback.add); seen")

enum event_type {
	EVENT_UNKNOWN = 0,
#define EVENT_TYPE_ENUM(id, name, version, kind, creates, help) EVENT_##id,
	EVENT_TYPES(EVENT_TYPE_ENUM)
#undef EVENT_TYPE_ENUM
	EVENT_TYPE_COUNT
};

/* HLC: physical milliseconds since the epoch and a logical counter. Text form
 * "PPPPPPPPPPPP.CCCC" (12 + 4 lowercase hex digits) sorts like the value. */
struct hlc {
	uint64_t ms;
	uint32_t counter;
};
#define HLC_TEXT_SIZE 18
void hlc_format(struct hlc h, char out[HLC_TEXT_SIZE]);
bool hlc_parse(const char *s, struct hlc *out);
int hlc_compare(struct hlc a, struct hlc b);
/* A local event: advances the clock past both now_ms and the last stamp. */
struct hlc hlc_tick(struct hlc last, uint64_t now_ms);
/* A received stamp: the clock moves past it so later local events follow it. */
struct hlc hlc_receive(struct hlc last, struct hlc remote, uint64_t now_ms);

/* Wall clock in ms: $CSCONSOLE_NOW (ISO 8601) if set, else noon UTC of
 * $CSCONSOLE_TODAY if set, else the real clock. Tests use them to simulate
 * devices whose clocks are ahead or behind. */
uint64_t clock_now_ms(void);

/* ULID (26 Crockford base32 characters): 48-bit ms time + 80 random bits
 * from getrandom(). */
#define ULID_SIZE 27
void ulid_new(uint64_t ms, char out[ULID_SIZE]);
bool ulid_valid(const char *s);

struct event {
	char *id;            /* ULID */
	char *device;        /* device id (a ULID) */
	int64_t seq;         /* 1, 2, 3... per device, no gaps */
	struct hlc hlc;
	char *author;        /* CSM handle */
	char *type;          /* "note.add"; may be a type this build does not know */
	int version;
	char *entity;        /* "note/<ulid>" */
	char *account;       /* CRM id, or NULL (coverage) */
	char *base;          /* updates: the entity's hlc text the writer saw; else NULL */
	json_object *data;   /* the type's fields (owned reference) */
	bool validated;      /* event_from_json() checked it against its type (a known type) */
};

void event_free(struct event *e);

/* The values of the enumerated data fields, NULL-terminated: the one list
 * for validation, the writers and the console. */
extern const char *const event_note_kinds[];     /* call, meeting, email, chat, internal */
extern const char *const event_touch_kinds[];    /* the note kinds, qbr, renewal, onboarding */
extern const char *const event_severities[];     /* low, medium, high (worst last) */
enum event_type event_type_parse(const char *name, int version);
const char *event_type_name(enum event_type t);

/* This device: its id and owner from the meta table (created on first use:
 * a random ULID). */
int device_id(struct store *st, char **out);                 /* caller frees */
/* Takes a new device id: the unpublished own events move to it with fresh
 * seqs (their ids stay). Used when a clone of this database is detected. */
int device_renew(struct store *st, char **new_id);          /* caller frees */

/* Writes a new own event: fills id, device, seq (next for this device), hlc
 * (ticked past the stored clock and now), stores it unpublished and applies
 * it, all in one transaction (the caller's, when it holds one: several
 * events are then written together or not at all). `e` provides author,
 * type, version, entity,
 * account, base and data; the filled fields are set on return (an update's
 * NULL base becomes entity_hlc()). The event is checked by the same rules
 * as a teammate's (event_from_json). 0 or -1 + error(). */
int event_write(struct store *st, struct event *e);
/* JSON values as events and the commands' --format json write them:
 * "YYYY-MM-DD", or NULL (JSON null) for DAY_NONE; a string, or NULL for
 * NULL or "". */
json_object *json_day_or_null(int day);
json_object *json_string_or_null(const char *s);
/* A CSM as {"handle", "name" (null when unknown)}; NULL without a handle. */
json_object *json_person_or_null(const char *handle, const char *name);

/* event_write of a new event of this build's version of `type` (account and
 * base may be NULL); takes ownership of data. 0 or -1 + error(). */
int event_emit(struct store *st, const char *author, const char *type, const char *entity,
	       const char *account, const char *base, json_object *data);

/* Stores an event read from a segment (INSERT OR IGNORE on id) and applies
 * it if new. *inserted tells whether it was new. The caller holds the
 * transaction. Moves the local clock past its hlc. 0 or -1 + error(); an
 * event whose (device, seq) another event already holds (a cloned
 * database) is refused rather than silently ignored. */
int event_ingest(struct store *st, const struct event *e, const char *segment, bool *inserted);

/* Many events at once (a sync's import batch): event_ingest_batch() stores
 * an event as event_ingest() does, but only notes its entity and stamp in b;
 * event_batch_flush() then applies each noted entity once, refreshes each
 * account they name once (state_apply_entities) and moves the clock past
 * the greatest stamp, in the caller's transaction, and empties b. The state
 * is the one event_ingest() of each event would give: an entity's state is
 * a function of its events, whatever their order or grouping. Entities of
 * a segment rolled back since it was noted are applied too, which changes
 * nothing. event_batch_free() drops what b holds without applying it. */
struct event_batch {
	struct strlist entities;   /* to apply (repeats allowed) */
	struct hlc clock;          /* the greatest stamp received */
	bool received;
	/* The caller refreshes the accounts' summaries later, once:
	 * summary_mark_pending() now, summary_refresh_pending() then. */
	bool summaries_later;
	/* hold: the caller hands each event stored over (event_batch_hold), and
	 * the flush computes an entity whose every stored event is among them
	 * from these, not from its rows read back and parsed again. The caller
	 * drops those of a segment it rolls back (event_batch_drop_since). */
	bool hold;
	struct event **held;       /* owned */
	size_t nheld, held_cap;
};
int event_ingest_batch(struct store *st, const struct event *e, const char *segment,
		       bool *inserted, struct event_batch *b);
int event_batch_flush(struct store *st, struct event_batch *b);
void event_batch_free(struct event_batch *b);
/* Takes e (allocated, as the segment reader hands it over), which
 * event_ingest_batch() stored into b, when b->hold; else frees it. */
void event_batch_hold(struct event_batch *b, struct event *e);
/* Frees the events held since b->nheld was mark (a segment rolled back). */
void event_batch_drop_since(struct event_batch *b, size_t mark);

/* Applies every stored event whose type became known (after an upgrade). */
int event_apply_pending(struct store *st, int *applied);

/* Rebuilds the materialised state (registers, notes, risks, touchpoints,
 * coverage absences) from the event table alone. */
int state_rebuild(struct store *st);

/* A canonical text dump of the events and the materialised state, equal on
 * two databases exactly when they hold the same events and state (used to
 * check convergence). Caller frees. */
char *state_dump(struct store *st);

/* Concurrent edits: one line per register with competing writes. */
struct conflict {
	char *entity, *field;
	char *winner_event, *winner_author, *winner_value;
	char *loser_event, *loser_author, *loser_value;
	char *account;
};
int conflicts_list(struct store *st, struct conflict **out, size_t *n);
void conflicts_free(struct conflict *c, size_t n);

/* The canonical JSON text of an event (sorted keys, no spaces). Caller frees. */
char *event_to_json(const struct event *e);
/* Parses and validates an event from a JSON object (fields, types, sizes,
 * UTF-8, ULIDs, hlc). On failure returns -1 with the reason in error(). */
int event_from_json(json_object *obj, struct event *out);

/* The canonical JSON text of any value: object keys sorted bytewise, no
 * spaces, strings with only the escapes JSON requires. Caller frees. */
char *json_canonical(json_object *v);

/* The entity's hlc (its latest applied write): the `base` an update of it
 * carries. -1 + error() if the entity does not exist. event_write() fills a
 * NULL base of an update with this itself. */
int entity_hlc(struct store *st, const char *entity, char out[HLC_TEXT_SIZE]);

/* The register `field` of entity in force (its applied events decide it;
 * registers are computed, not stored): *found, and the winning event's id,
 * its author and the value (NULL for a null write), which the caller
 * frees. 0 or -1 + error(). */
int state_register_get(struct store *st, const char *entity, const char *field, bool *found,
		       char **event_id, char **author, char **value);

/* What an update of the entity records as seen (data.seen): the ids of the
 * entity's events here that no other event here had seen (the heads),
 * sorted; the rest follow from them. *out is a new JSON array the caller
 * owns. 0 or -1 + error(). */
int state_entity_seen(struct store *st, const char *entity, json_object **out);

/* Checks an event of known type t against its type's rules (entity kind,
 * account, base, the data fields): what event_from_json() adds to the
 * envelope checks. 0 or -1 + error(). */
int event_validate(enum event_type t, const struct event *e);

/* Tests: pretend this build knows `version` of type t, as a later build
 * would (simulates an upgrade for event_apply_pending()). */
void event_type_accept_version(enum event_type t, int version);

/* Recomputes one entity's registers and materialised row from its events,
 * and its accounts' summaries. */
int state_apply_entity(struct store *st, const char *entity);
/* The same for many entities (sorted, and their repeats dropped, in place):
 * each entity once, then each account they name once (summaries_later:
 * only noted in summary_pending, see summary.h). 0 or -1 + error(). */
int state_apply_entities(struct store *st, struct strlist *entities, bool summaries_later);
/* The same, with the events of the batch that stored them (held, n: the
 * event_batch's; reordered in place, not freed): an entity whose every
 * stored event is among them is computed from them, with no read of its
 * rows. The result is the same. */
int state_apply_entities_held(struct store *st, struct strlist *entities, bool summaries_later,
			      struct event **held, size_t n);

#endif
