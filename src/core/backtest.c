/* backtest.c - churn per band and ROC AUC of health models over known outcomes.
 *
 * The AUC is computed from ranks (Mann-Whitney U) rather than by comparing
 * every pair: sort the scores, give tied scores their average rank, and the
 * renewed accounts' rank sum minus its least possible value counts the
 * (churned, renewed) pairs where the churned account scores lower, a tie
 * counting 1/2. Same figure as the pairwise definition, O(n log n).
 */
#include <stdlib.h>
#include <string.h>
#include "csconsole/backtest.h"
#include "csconsole/healthcalc.h"
#include "csconsole/i18n.h"

static const char *const band_names[BT_BANDS] = { "red", "yellow", "green" };
static const char *const source_names[BT_SOURCES] = { "current", "candidate", "vendor" };

const char *backtest_band_name(enum bt_band b)
{
	return b < BT_BANDS ? band_names[b] : "?";
}

const char *backtest_source_name(enum bt_source s)
{
	return s < BT_SOURCES ? source_names[s] : "?";
}

struct ranked {
	double score;
	bool churned;
};

static int by_score(const void *a, const void *b)
{
	double x = ((const struct ranked *)a)->score, y = ((const struct ranked *)b)->score;
	return (x > y) - (x < y);
}

bool backtest_auc(const double *score, const bool *churned, size_t n, double *auc)
{
	size_t n_churned = 0, n_renewed;
	struct ranked *r;
	double rank_sum = 0;   /* of the renewed accounts, ranks from 1 */

	for (size_t i = 0; i < n; i++)
		n_churned += churned[i];
	n_renewed = n - n_churned;
	if (n_churned == 0 || n_renewed == 0)
		return false;
	r = xreallocarray(NULL, n, sizeof(*r));
	for (size_t i = 0; i < n; i++)
		r[i] = (struct ranked){ score[i], churned[i] };
	qsort(r, n, sizeof(*r), by_score);
	for (size_t i = 0; i < n;) {
		size_t j = i, renewed = 0;
		while (j < n && r[j].score == r[i].score)
			renewed += !r[j++].churned;
		/* ranks i+1 .. j share their average */
		rank_sum += (double)renewed * ((double)(i + 1) + (double)j) / 2.0;
		i = j;
	}
	free(r);
	/* U of the renewed: pairs where the renewed account scores higher */
	double u = rank_sum - (double)n_renewed * ((double)n_renewed + 1) / 2.0;
	*auc = u / ((double)n_renewed * (double)n_churned);
	return true;
}

void backtest_summarize(const struct config *bands, const double *score, const bool *has,
			const bool *churned, size_t n, struct bt_result *out)
{
	double *s = xreallocarray(NULL, n ? n : 1, sizeof(*s));
	bool *c = xreallocarray(NULL, n ? n : 1, sizeof(*c));
	size_t k = 0;

	memset(out, 0, sizeof(*out));
	out->red_max = bands->band_red_max;
	out->yellow_max = bands->band_yellow_max;
	for (size_t i = 0; i < n; i++) {
		if (!has[i]) {
			out->no_score++;
			continue;
		}
		enum bt_band b = score[i] <= bands->band_red_max ? BT_RED
			       : score[i] <= bands->band_yellow_max ? BT_YELLOW : BT_GREEN;
		out->scored++;
		out->band[b].accounts++;
		if (churned[i]) {
			out->band[b].churned++;
			out->scored_churned++;
		} else {
			out->scored_renewed++;
		}
		s[k] = score[i];
		c[k++] = churned[i];
	}
	out->has_auc = backtest_auc(s, c, k, &out->auc);
	free(s);
	free(c);
}

/* ---- the replay ---------------------------------------------------------- */

static const char outcomes_sql[] =
	"SELECT id, crm_id, outcome, outcome_day FROM account "
	"WHERE outcome IS NOT NULL AND outcome_day IS NOT NULL ORDER BY crm_id";
static const char vendor_sql[] =
	"SELECT score FROM health WHERE account_id = ?1 AND source = 'feed' AND day <= ?2 "
	"ORDER BY day DESC LIMIT 1";

static int vendor_score(struct store *st, sqlite3_int64 id, int day, bool *has, double *score)
{
	sqlite3_stmt *stmt = store_stmt(st, vendor_sql);
	int rc;

	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int(stmt, 2, day);
	rc = sqlite3_step(stmt);
	*has = rc == SQLITE_ROW;
	if (*has)
		*score = sqlite3_column_double(stmt, 0);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return error(_("cannot read the vendor's health scores: %s"), sqlite3_errmsg(st->db));
	return 0;
}

/* The accounts with an outcome, their database ids in *ids (caller frees). */
static int load_outcomes(struct store *st, int horizon, struct backtest_report *out,
			 sqlite3_int64 **ids)
{
	sqlite3_stmt *stmt;
	size_t cap = 0;
	int rc;

	*ids = NULL;
	if (store_prepare(st, outcomes_sql, &stmt))
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct bt_account *a;
		if (out->n == cap) {
			cap = cap ? cap * 2 : 64;
			out->acct = xreallocarray(out->acct, cap, sizeof(*out->acct));
			*ids = xreallocarray(*ids, cap, sizeof(**ids));
		}
		a = &out->acct[out->n];
		memset(a, 0, sizeof(*a));
		(*ids)[out->n++] = sqlite3_column_int64(stmt, 0);
		str_copy(a->crm_id, sizeof(a->crm_id), (const char *)sqlite3_column_text(stmt, 1));
		a->churned = strcmp((const char *)sqlite3_column_text(stmt, 2), "churned") == 0;
		a->outcome_day = sqlite3_column_int(stmt, 3);
		a->score_day = a->outcome_day - horizon;
		if (a->churned)
			out->churned++;
		else
			out->renewed++;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return error(_("cannot read the accounts' outcomes: %s"), sqlite3_errstr(rc));
	return 0;
}

int backtest_run(struct store *st, const struct config *cfg, const struct config *candidate,
		 int horizon, struct backtest_report *out)
{
	sqlite3_int64 *ids = NULL;
	double *score = NULL;
	bool *has = NULL, *churned = NULL;

	memset(out, 0, sizeof(*out));
	out->horizon = horizon;
	out->has_candidate = candidate != NULL;
	if (load_outcomes(st, horizon, out, &ids))
		goto fail;
	for (size_t i = 0; i < out->n; i++) {
		struct bt_account *a = &out->acct[i];
		if (healthcalc_score_at(st, cfg, cfg, a->crm_id, a->score_day, &a->has[BT_CURRENT],
					&a->score[BT_CURRENT]) ||
		    (candidate && healthcalc_score_at(st, cfg, candidate, a->crm_id, a->score_day,
						      &a->has[BT_CANDIDATE], &a->score[BT_CANDIDATE])) ||
		    vendor_score(st, ids[i], a->score_day, &a->has[BT_VENDOR], &a->score[BT_VENDOR]))
			goto fail;
	}
	score = xreallocarray(NULL, out->n ? out->n : 1, sizeof(*score));
	has = xreallocarray(NULL, out->n ? out->n : 1, sizeof(*has));
	churned = xreallocarray(NULL, out->n ? out->n : 1, sizeof(*churned));
	for (int s = 0; s < BT_SOURCES; s++) {
		if (s == BT_CANDIDATE && !candidate)
			continue;
		for (size_t i = 0; i < out->n; i++) {
			score[i] = out->acct[i].score[s];
			has[i] = out->acct[i].has[s];
			churned[i] = out->acct[i].churned;
		}
		backtest_summarize(s == BT_CANDIDATE ? candidate : cfg, score, has, churned, out->n,
				   &out->result[s]);
	}
	free(score);
	free(has);
	free(churned);
	free(ids);
	return 0;
fail:
	free(ids);
	backtest_free(out);
	return -1;
}

void backtest_free(struct backtest_report *r)
{
	free(r->acct);
	r->acct = NULL;
	r->n = 0;
}
