/* season.h - the key feature's season: when an account used its key yearly
 * feature last year, and whether this year's season is due with no use yet.
 *
 * Last year's season is a run of days on which the key feature was used
 * (metric key_feature_uses > 0), each use less than SEASON_GAP days after
 * the one before, whatever its length: its first and last day. This year's
 * season is expected a year later (first + 365 to last + 365).
 *
 * The season is due on day T, with a look-ahead of L days, when
 *   - this year's start is at most L days away, or has passed while this
 *     year's expected end has not (start - L <= T <= end);
 *   - the key feature was not used since the look-ahead began (no use on a
 *     day from start - L to T): a use a year ago never counts, being before
 *     that day;
 *   - the account has data now (logins on some day of the SEASON_ALIVE_DAYS
 *     before T): without it, no use says nothing.
 * One definition for the agenda (agenda.season_days) and the playbook's
 * season rule (its `days`).
 */
#ifndef CSCONSOLE_SEASON_H
#define CSCONSOLE_SEASON_H

#include <stdbool.h>
#include <sqlite3.h>
#include "csconsole/store.h"

#define SEASON_GAP 31           /* uses less than this many days apart are one season */
#define SEASON_ALIVE_DAYS 30    /* logins in this many days before today: the feed is alive */

struct season {
	int first, last;        /* last year's season: its first and last day of use */
	int start, end;         /* this year's, expected: first + 365, last + 365 */
	long use_days;          /* days with a use in last year's season */
	double uses;            /* the uses on them, summed */
};

/* Whether the season of the account (account.id) is due on `today` with a
 * look-ahead of `lookahead` days; *out describes it when *due. key_metric
 * and logins_metric are the metric_name ids of key_feature_uses and logins
 * (-1 when the book has none: never due). 0, or -1 + error(). */
int season_due(struct store *st, sqlite3_int64 account_id, sqlite3_int64 key_metric,
	       sqlite3_int64 logins_metric, int today, int lookahead, struct season *out, bool *due);

#endif
