/* undo.h - my last actions, and taking them back with compensating events.
 *
 * Every event this device writes as an own action (event_write: a note
 * logged, edited or deleted, a touchpoint scheduled, done, snoozed, moved or
 * restored, a risk opened, changed or resolved, an opportunity opened,
 * updated or closed, a feedback recorded) is recorded, before it is
 * applied, with what compensates it: the entity's fields as they were. The
 * events one transaction writes (a log form: the note, the touchpoints it
 * closes, the next touch) are one action. The list lives in the database
 * (table undo_log), so it survives a restart; the last UNDO_KEEP actions are
 * kept. Coverage events (cover.*) and what a sync writes by itself (the
 * playbook's touchpoints) are not recorded.
 *
 * Undoing writes the compensating events, published like any other:
 *  - note.add -> note.delete; note.edit -> note.edit of the previous values
 *    of the fields it changed; note.delete -> note.add of the same fields (a
 *    new note: a tombstone is final);
 *  - touch.schedule -> touch.restore status cancelled (the touchpoint goes);
 *    touch.done, touch.snooze, touch.reschedule -> touch.restore of the
 *    previous status, due day, note and reason;
 *  - risk.open -> risk.update status resolved (a risk is never deleted);
 *    risk.update -> risk.update of the previous values; risk.resolve ->
 *    risk.update status open with the previous text;
 *  - opportunity.open -> opportunity.close outcome withdrawn; opportunity.update
 *    -> opportunity.update of the previous values (amount and currency
 *    together); opportunity.close -> opportunity.update status open (a reopen);
 *  - feedback.add -> feedback.retract (a tombstone: the row goes).
 * An entity written since the action (by a teammate after a sync, or by
 * another device of mine) is not undone blindly: the undo is refused, says
 * who changed what, and is taken off the list (the next undo takes the
 * action before).
 */
#ifndef CSCONSOLE_UNDO_H
#define CSCONSOLE_UNDO_H

#include <stdbool.h>
#include <stddef.h>
#include "csconsole/event.h"
#include "csconsole/store.h"

/* Actions kept in the list (older ones are forgotten). */
#define UNDO_KEEP 200

/* event_write() calls this for an own event of known type t, inside its
 * transaction, after storing and before applying it (the materialised row
 * is still the entity as it was). 0 or -1 + error(). */
int undo_capture(struct store *st, const struct event *e, enum event_type t);

/* While suspended, own events are not recorded: the playbook's touchpoints
 * at sync are nobody's action to undo. Not nested. */
void undo_suspend(bool on);

/* What the next undo by `me` would take back, in `what` ("done of 'QBR' on
 * Acme"): 1 when there is one, 0 when the list is empty, -1 + error(). */
int undo_peek(struct store *st, const char *me, char *what, size_t size);

/* Undoes my (`me`) last action not yet undone: writes its compensating
 * events in one transaction. 1 and `what` says what was undone; 0 when
 * there is nothing to undo; -1 + error() when it cannot be undone (then a
 * changed entity takes the action off the list, saying so). */
int undo_last(struct store *st, const char *me, char *what, size_t size);

#endif
