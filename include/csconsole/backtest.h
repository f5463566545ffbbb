/* backtest.h - replaying health models over accounts whose outcome is known.
 *
 * The accounts feed may say what became of an account at its renewal
 * (account.outcome 'renewed' or 'churned', decided on account.outcome_day).
 * The backtest scores each such account as it stood `horizon` days before
 * the decision, under the current model, a candidate model and the vendor's
 * score, and asks of each: how often did the accounts of each band churn,
 * and how well does the score rank churners below renewals (ROC AUC)? A
 * team compares models this way before switching health.model.
 *
 * The statistics (backtest_auc, backtest_summarize) are pure functions; the
 * replay (backtest_run) reads the store and computes through healthcalc.h.
 */
#ifndef CSCONSOLE_BACKTEST_H
#define CSCONSOLE_BACKTEST_H

#include <stdbool.h>
#include <stddef.h>
#include "csconsole/config.h"
#include "csconsole/store.h"

#define BACKTEST_HORIZON 90          /* days before the decision, by default */

enum bt_band { BT_RED, BT_YELLOW, BT_GREEN, BT_BANDS };
enum bt_source { BT_CURRENT, BT_CANDIDATE, BT_VENDOR, BT_SOURCES };

/* "red", "yellow", "green"; "current", "candidate", "vendor". */
const char *backtest_band_name(enum bt_band b);
const char *backtest_source_name(enum bt_source s);

/* ROC AUC in its Mann-Whitney form: over every pair of one churned and one
 * renewed account, the share where the churned one scores lower, a tie
 * counting 1/2 (lower scores predict churn: 1 ranks perfectly, 0.5 is
 * chance, below 0.5 is worse than chance). score[i] and churned[i] describe
 * account i. False when either outcome has no account: the AUC is then
 * undefined, never silently 0.5. O(n log n). */
bool backtest_auc(const double *score, const bool *churned, size_t n, double *auc);

struct bt_band_stats {
	size_t accounts, churned;
};

/* What one model (or the vendor's score) says about the outcomes. */
struct bt_result {
	size_t scored, no_score;         /* accounts with / without a score that day */
	size_t scored_churned, scored_renewed;
	struct bt_band_stats band[BT_BANDS];
	bool has_auc;                    /* false: every scored account had one outcome */
	double auc;
	int red_max, yellow_max;         /* the bands used */
};

/* Churn per band (under bands's health.bands) and the AUC of n accounts:
 * has[i] false = account i had no score (counted in no_score, left out of
 * the rest). */
void backtest_summarize(const struct config *bands, const double *score, const bool *has,
			const bool *churned, size_t n, struct bt_result *out);

/* One account of the replay. */
struct bt_account {
	char crm_id[64];
	bool churned;
	int outcome_day;
	int score_day;                   /* outcome_day - horizon */
	bool has[BT_SOURCES];
	double score[BT_SOURCES];
};

struct backtest_report {
	int horizon;
	bool has_candidate;
	size_t renewed, churned;
	struct bt_account *acct;         /* owned: backtest_free() */
	size_t n;
	struct bt_result result[BT_SOURCES];   /* BT_CANDIDATE only with has_candidate */
};

/* Replays every account with an outcome (active or not), by CRM id: the
 * current model (cfg), the candidate's health.model/overrides and bands
 * (candidate may be NULL) and the vendor's latest 'feed' snapshot on or
 * before the score day. 0, or -1 + error() with *out freed. */
int backtest_run(struct store *st, const struct config *cfg, const struct config *candidate,
		 int horizon, struct backtest_report *out);
void backtest_free(struct backtest_report *r);

#endif
