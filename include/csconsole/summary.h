/* summary.h - the account_summary table: per account (by CRM id), the
 * figures the portfolio shows and sorts by, kept current incrementally.
 *
 * Columns (schema v3; risk_categories v4): latest health and its day, the
 * score 4 weeks (28 days) before it and the change, the last 12 weekly
 * scores (oldest first, space-separated, rounded to whole points: a
 * sparkline has 8 levels, and computed scores' decimals made a team scope's
 * fetch 20% slower), open risks (count, high-severity
 * count, highest severity rank 3 high / 2 medium / 1 low / 0 none and that
 * risk's category, the most recently opened one on a tie; every open
 * category, comma-separated), the next touchpoint (earliest open or
 * snoozed due day and its kind), the last note's sentiment and its touch day
 * (latest touch day, then latest written), and the attention score:
 * renewal_day - (100 - health) / 2 days, health unknown counting as 50, NULL
 * without a renewal date (see book.h for the attention order).
 *
 * What the agenda's rules read (schema v16), so a team's agenda reads no
 * table per account: health_max, the highest score among the snapshots a
 * drop can start from on any day from the latest snapshot's on (those after
 * the day 28 days before it, and health_4w's), so score(X) - health <=
 * health_max - health for the X = T-7 and T-28 of agenda.h's health rule
 * when T >= health_day; for stage onboarding only, metric_first_day (the
 * first metric of any name) and the latest active_seats (seats_day,
 * seats_active). A reader whose today is before these days reads the tables.
 * health_max7 (schema v20) is health_max for a 7-day drop: the highest score
 * among the snapshots of the 7 days up to the latest one and the one before
 * them, so score(T-7) - health <= health_max7 - health when T >= health_day.
 *
 * A copy of the account's own columns the team's agenda reads (schema v20:
 * account_id, name, main_owner, sub_owner, touch_model, stage, arr_minor,
 * renewal_day, seats, active), written with the rest of the row, so that
 * agenda_build_team() reads this one table in one pass instead of merging
 * three. Like attention (renewal_day) and the onboarding figures (stage),
 * they are as current as the row: every path that changes an account
 * refreshes its summary (the feed import through the health pass).
 *
 * Who calls what: feed_sync() refreshes every account after a sync that
 * imported a file (one statement: 2.9 s at 100,000 accounts, small
 * beside such an import); state_apply_entities() refreshes, once each, the
 * accounts of the entities it applies (an event sync applies its entities
 * per import batch, event_batch_flush(), so an account's row is computed
 * once per batch, not once per event). Both run inside the caller's transaction when there is
 * one, else in their own.
 */
#ifndef CSCONSOLE_SUMMARY_H
#define CSCONSOLE_SUMMARY_H

#include <stdbool.h>
#include "csconsole/store.h"

/* The health source the summaries and the detail show, 'feed' (the vendor's
 * score) or 'model' (csconsole's weekly snapshots), as an SQL expression:
 * meta health_source, kept in step with health.score by healthcalc_use(). */
#define HEALTH_SOURCE_SQL "(SELECT value FROM meta WHERE key = 'health_source')"

/* Recomputes one account's row (nothing when the CRM id is no account
 * here yet: its row is made when the account feed brings it). 0 or -1 + error(). */
int summary_refresh_account(struct store *st, const char *crm_id);
/* Recomputes the rows of n accounts, in one transaction (the caller's when
 * it holds one): what a sync's batch of events changed, each account once
 * however many of its events arrived. 0 or -1 + error(). */
int summary_refresh_accounts(struct store *st, const char *const *crm_ids, size_t n);
/* An event sync's way (eventsync.c): notes accounts whose rows its batches
 * changed in summary_pending (a table, so that a sync cut short leaves them
 * to the next), and refreshes them all, once each, at its end with
 * summary_refresh_pending(), which empties the table. Both 0 or -1 +
 * error(), in the caller's transaction when it holds one. */
int summary_mark_pending(struct store *st, const char *const *crm_ids, size_t n);
int summary_refresh_pending(struct store *st);
/* Recomputes every account's row. 0 or -1 + error(). */
int summary_refresh_all(struct store *st);

/* The account's latest weekly health snapshot on or before day: its day
 * and score, *found false when there is none. 0 or -1 + error(). */
int health_score_on(struct store *st, const char *crm_id, int day, bool *found, int *at, double *score);

#endif
