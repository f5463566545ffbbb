/* touchdef.h - what a "touch" is: the one definition that `last touch`
 * (the portfolio's summaries, `csconsole accounts`), the agenda's renewal
 * rule ("no touch since"), the engagement component of health and the
 * handoff brief all read.
 *
 * A touch is a contact with the customer, on a day:
 *  - a note (not deleted) of a customer-facing kind: call, meeting, email,
 *    chat; a note of kind "internal" is no touch (it is written about the
 *    customer, not with them). Its day is its touch day.
 *  - a touchpoint marked done: on its done day, when it was done with a note
 *    and its kind is not "internal"; done WITHOUT a note, only when its kind
 *    is a customer-facing one (call, meeting, email, chat, qbr, renewal,
 *    onboarding): the kind says a customer was reached, and "done" says it
 *    happened. A done touchpoint with neither a kind nor a note says
 *    nothing of a contact and is no touch; an "internal" one never is.
 *
 * TOUCH_SQL is that definition as a SELECT (columns account, day, source
 * 'note' or 'done', id: the note's or touchpoint's id): used as "("
 * TOUCH_SQL ")" in a FROM clause restricted by a bound account, SQLite
 * pushes the restriction into both halves, which read the note_account and
 * touchpoint_account indexes. TOUCH_LAST_DAY_SQL is the same definition for
 * a correlated subquery (summary.c's cached last touch). Code in C calls
 * touch_last() / touch_days().
 * Nothing else decides what a touch is.
 */
#ifndef CSCONSOLE_TOUCHDEF_H
#define CSCONSOLE_TOUCHDEF_H

#include <stdbool.h>
#include <stddef.h>
#include "csconsole/store.h"

/* Which rows of note and of touchpoint are touches. */
#define TOUCH_NOTE_WHERE "NOT deleted AND kind <> 'internal'"
#define TOUCH_DONE_WHERE \
	"status = 'done' AND done_day IS NOT NULL AND coalesce(kind, '') <> 'internal'" \
	" AND (kind IS NOT NULL OR coalesce(note, '') <> '')"
#define TOUCH_SQL \
	"SELECT account, touch_day AS day, 'note' AS source, id FROM note WHERE " TOUCH_NOTE_WHERE \
	" UNION ALL SELECT account, done_day AS day, 'done' AS source, id FROM touchpoint" \
	" WHERE " TOUCH_DONE_WHERE
/* The last touch's day of the account the SQL expression acct names (NULL
 * when none), for a correlated subquery: SQLite does not push an outer
 * column into TOUCH_SQL's halves (it would scan every note per account),
 * so each half is restricted here and reads its index. */
#define TOUCH_LAST_DAY_SQL(acct) \
	"(SELECT max(day) FROM (SELECT max(touch_day) AS day FROM note WHERE account = " acct \
	" AND " TOUCH_NOTE_WHERE " UNION ALL SELECT max(done_day) FROM touchpoint WHERE account = " acct \
	" AND " TOUCH_DONE_WHERE "))"

/* An account's latest touch. Strings are owned by the struct (touch_clear()),
 * never NULL once found. */
struct touch {
	int day;                 /* DAY_NONE when there is none */
	char source[8];          /* "note" or "done" */
	char *kind;              /* the note's kind, or the touchpoint's ("" when it has none) */
	char *author;            /* who wrote the note, or who marked the touchpoint done */
	char *what;              /* the note's summary, or the done note ("" when none) */
};

/* The latest touch of crm_id on or before day (DAY_NONE: any day); on a
 * tie, a note before a done touchpoint, then the latest written. out->day
 * is DAY_NONE when there is none. 0 or -1 + error(). */
int touch_last(struct store *st, const char *crm_id, int day, struct touch *out);
void touch_clear(struct touch *t);

/* Every touch day of crm_id, newest first (a day may repeat), into *days
 * (caller frees; NULL when none). 0 or -1 + error(). */
int touch_days(struct store *st, const char *crm_id, int **days, size_t *n);

#endif
