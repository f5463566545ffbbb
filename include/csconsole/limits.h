/* limits.h - the one table of field limits: how long a typed text may be.
 *
 * Limits are counted in characters (UTF-8 code points) and, where the width
 * matters, in display cells; never in bytes, so a Japanese text gets as many
 * characters as an English one. The console's line editor (its counter), the
 * CLI and the event validator all read this table, so a value one accepts
 * the others accept. A too-long value is refused with the limit named, never
 * cut.
 *
 * Each field also has a byte cap, a safety backstop only: 4 bytes (the most
 * a character takes in UTF-8) times the character limit, so it never
 * refuses a text the character limit accepts; it bounds what is counted.
 */
#ifndef CSCONSOLE_LIMITS_H
#define CSCONSOLE_LIMITS_H

#include <stddef.h>
#include "csconsole/i18n.h"   /* N_() in the tables below */

/* X(id, name, characters, cells (0: no width limit), what the field is,
 *   what to do when over) */
#define LIMIT_FIELDS(X) \
	X(SUMMARY,    N_("summary"),         500,   0, N_("a note's one-line summary (log form, note --summary; note.add, note.edit)"), \
	  N_("shorten it or put the rest in the note")) \
	X(NOTE,       N_("note"),            65536, 0, N_("a note's longer text (log form's note, note --text; note.add, note.edit)"), \
	  N_("shorten it or split it into two notes")) \
	X(RISK_TEXT,  N_("risk text"),       65536, 0, N_("what a risk is (risk --text, the risks view; risk.open, risk.update)"), \
	  N_("shorten it and put the details in a note")) \
	X(CLOSING,    N_("closing note"),    65536, 0, N_("why a risk was resolved (risk --resolve ID --text; risk.resolve)"), \
	  N_("shorten it and put the details in a note")) \
	X(TOUCH_NOTE, N_("touchpoint note"), 65536, 0, N_("a touchpoint's note (touch --note, the Today view's done; touch.schedule, touch.done)"), \
	  N_("shorten it and put the details in a note")) \
	X(REASON,     N_("reason"),          500,   0, N_("why a touchpoint waits or moves (snooze, move; touch.snooze, touch.reschedule)"), \
	  N_("shorten it and put the details in a note"))

enum limit_field {
#define LIMIT_ENUM(id, name, chars, cells, what, hint) LIMIT_##id,
	LIMIT_FIELDS(LIMIT_ENUM)
#undef LIMIT_ENUM
	LIMIT_COUNT
};

struct limit_info {
	const char *name;          /* as messages name it: "summary" */
	size_t chars;              /* at most this many characters */
	int cells;                 /* at most this many display cells; 0: no limit */
	const char *what;          /* what the field is, where it is typed */
	const char *hint;          /* what to do when over */
};

/* The table row of f (f < LIMIT_COUNT). */
const struct limit_info *limit_info(enum limit_field f);
/* Its character limit. */
size_t limit_chars(enum limit_field f);
/* Its byte backstop (4 x the character limit). */
size_t limit_bytes(enum limit_field f);

/* Characters (code points) in s[0..len): every byte that does not continue
 * a UTF-8 sequence starts one (a stray byte counts as one). */
size_t utf8_chars(const char *s, size_t len);

/* Checks s[0..len) against f: 0, or -1 + error() naming the field as
 * `label` (NULL: the table's name) with the count and the limit:
 * "summary: 612 characters, the limit is 500; shorten it or put the rest in
 * the note". */
int limit_check(enum limit_field f, const char *label, const char *s, size_t len);

/* The table as Markdown rows (docs/limits.md holds it; test_limits.c checks
 * that the file matches the table). Caller frees. */
char *limit_table_markdown(void);

#endif
