/* arr_history.h - each account's ARR over time (schema table arr_history).
 *
 * The accounts feed holds an account's ARR today; the reports need it as of
 * any day. Every accounts import ends with arr_history_record(): one row
 * per account whose ARR, currency, outcome or active flag differs from its
 * latest history row, dated the import's day (a second import on the same
 * day replaces that day's row). So a change of ARR is a history, not an
 * overwrite, and the latest row per account is what the account table holds.
 */
#ifndef CSCONSOLE_ARR_HISTORY_H
#define CSCONSOLE_ARR_HISTORY_H

#include <stdint.h>
#include "csconsole/store.h"

/* Records the changes of the account table since the latest history rows,
 * as of `day`. One statement for the whole book. 0, or -1 + error(). */
int arr_history_record(struct store *st, int day);

#endif
