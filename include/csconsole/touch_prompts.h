/* touch_prompts.h - the console's daily actions as status-line prompts, one
 * implementation shared by Today, the portfolio and the account view:
 * done, snooze and move on one touchpoint, schedule a new one, open a risk,
 * and undo my last action. Each prompt writes through the core (log.c,
 * undo.c), then every view reloads and the status line says what was done.
 * One prompt is open at a time: the prompts keep their target themselves.
 */
#ifndef CSCONSOLE_TOUCH_PROMPTS_H
#define CSCONSOLE_TOUCH_PROMPTS_H

#include "csconsole/tui.h"

/* A touchpoint to act on: its entity ("touch/<ulid>"), account, how the
 * prompts name it ("'QBR' on Acme") and the account's name for the message
 * after ("Acme: touchpoint done; saved..."). */
struct touch_ref {
	char entity[64];
	char account[64];
	char label[320];
	char name[256];
	char brief[96];            /* in a choice among several: "meeting due 2026-11-13" */
};

/* The account's next touchpoint (open or snoozed, due first) as a target,
 * named with the account's name; false and a status-line message saying
 * why when there is none ("no open touchpoint on Acme; a schedules one"). */
bool touch_prompt_next(struct tui *tui, const char *account, const char *name, struct touch_ref *out);

/* Put an agenda item aside instead of snoozing a touchpoint (Today): called
 * with the day and the reason; 0 or -1 + error(). */
typedef int (*touch_aside_fn)(struct tui *tui, int until, const char *reason, void *ctx);

/* done (an optional note), snooze (until a day after today, then a reason;
 * with `aside` set the item is put aside instead, and t may be NULL), move
 * (to a day from today on). */
void touch_prompt_done(struct tui *tui, const struct touch_ref *t);
void touch_prompt_snooze(struct tui *tui, const struct touch_ref *t, touch_aside_fn aside, void *ctx);
void touch_prompt_move(struct tui *tui, const struct touch_ref *t);
/* Several touchpoints of one account (n >= 2; the first 9 are offered):
 * asks which by its number, listing each one's brief, then opens done,
 * snooze or move on the one chosen. */
enum touch_act { TOUCH_ACT_DONE, TOUCH_ACT_SNOOZE, TOUCH_ACT_MOVE };
void touch_prompt_choose(struct tui *tui, enum touch_act act, const struct touch_ref *refs, size_t n);
/* A new touchpoint with the account: a day, then what it is for (optional). */
void touch_prompt_schedule(struct tui *tui, const char *account, const char *name);
/* A new risk on the account: its text, its severity, its category. */
void risk_prompt_new(struct tui *tui, const char *account, const char *name);
/* Asks before deleting my note (its ULID) on the account. */
void note_prompt_delete(struct tui *tui, const char *account, const char *note_id, int touch_day,
			const char *kind);
/* Undoes my last action (undo.c) and says what was undone, or why not. */
void tui_undo(struct tui *tui);

#endif
