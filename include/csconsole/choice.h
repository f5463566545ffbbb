/* choice.h - picking one of a list of names by typing, as the log form's
 * choice fields do (kind, sentiment, risk category, severity, next kind):
 * a name typed incrementally, matched at its start or at the start of any
 * of its words (after a space, '_', '-' or another ASCII non-alphanumeric),
 * ASCII letters in any case; other UTF-8 text (Japanese labels) byte for
 * byte. No terminal here: the console's view keeps what was typed and when.
 */
#ifndef CSCONSOLE_CHOICE_H
#define CSCONSOLE_CHOICE_H

#include <stdbool.h>
#include <stddef.h>

/* The first of the n items from index `from` on (round) that q matches:
 * items starting with q first, then items with a later word starting with
 * it. False when none does (*found unchanged). */
bool choice_find(const char *const *items, size_t n, size_t from, const char *q, size_t *found);

/* One typed character (UTF-8 in ch) on a choice whose current item is *cur
 * and whose name typed so far is typed (tsize bytes; "" to start a new
 * name): the character extends it while the current item or a later one
 * still matches ("r", "re", "ren": renewal); else it starts a new name from
 * the next item, so the same first letter again goes to the next item with
 * that letter. True and *cur, typed updated; false (typed cleared, *cur
 * unchanged) when no item matches. */
bool choice_type(const char *const *items, size_t n, size_t *cur, char *typed, size_t tsize,
		 const char *ch);

#endif
