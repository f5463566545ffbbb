/* champion.h - "the champion changed and nobody has talked to the customer
 * since": the one definition the agenda (group champion), the hidden-risk
 * cause champion_changed (blindspot.h, judged for the detail view and at
 * sync) and the playbook rule champion_changed read.
 *
 * A change is a row of champion_history (the accounts feed's import, schema
 * step 14) whose name differs from the one it replaced, which was not empty:
 * names compared after trimming surrounding white space and folding case
 * (textnorm.h). A champion removed from the export is a change to nobody
 * (new_name ""; the text says "(none)"); a champion named where there was
 * none is no change (every account's first import is such a row). An
 * e-mail or status change is none (a champion marked left is blindspot's
 * champion_left). Only the account's latest row that changes the name
 * counts, when its day (the import's day) is within CHAMPION_CHANGE_DAYS
 * before today. It is open while no touch (touchdef.h) is logged on or
 * after that day, up to today.
 */
#ifndef CSCONSOLE_CHAMPION_H
#define CSCONSOLE_CHAMPION_H

#include <stdbool.h>
#include "csconsole/store.h"

#define CHAMPION_CHANGE_DAYS 365   /* how far back a change is still news */

/* Strings are owned (champion_change_clear), sanitized, NULL unless found. */
struct champion_change {
	bool found;                /* a change inside the window */
	int day;                   /* the import that brought it (DAY_NONE unless found) */
	char *old_name, *new_name; /* new_name "" when the champion was removed */
	int touch_day;             /* the last touch on or after day, up to today; DAY_NONE: none */
	bool open;                 /* found and no touch since: the champion changed, nobody talked */
};

/* The change of account crm_id as of today. 0, or -1 + error(); out is
 * cleared first (champion_change_clear() either way). */
int champion_change_get(struct store *st, const char *crm_id, int today, struct champion_change *out);
void champion_change_clear(struct champion_change *c);

/* Is now another champion than prev (prev non-empty after trimming, now
 * empty or different after case folding)? */
bool champion_name_changed(const char *prev, const char *now);
/* A name as the reasons print it: "(none)" for "". */
const char *champion_name_shown(const char *name);

#endif
