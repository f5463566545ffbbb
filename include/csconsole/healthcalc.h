/* healthcalc.h - the computed health score: raw figures, weekly snapshots.
 *
 * The components' raw figures (health.h) of an account as of a day come from
 * its metrics (the feed) and its notes (the team's events). healthcalc loads
 * an account's rows once (struct health_facts) and then answers for any day
 * in memory, so a year of weekly snapshots costs one read per account. The
 * detail view, `csconsole health`, the weekly snapshots and the backtest all
 * compute through health_facts_inputs(): one definition of every figure.
 *
 * Snapshots: one per account and week, dated on the week's first day
 * (week_start in csconsole.yaml) and computed from the data of that day and
 * before, stored in health with source 'model'. A sync computes the weeks
 * that have no snapshot yet plus the current one, for every account when a
 * feed changed and for the accounts whose events arrived otherwise; older
 * snapshots stay as they were computed (a stable, explainable trend), until
 * `csconsole health --recompute` rebuilds them under the current model.
 * Each snapshot records the fingerprint of the model that computed it
 * (health.model, health_model_fingerprint), so `health` and `doctor` can say
 * how many predate the current model; meta health_model is the model of the
 * last pass, whose change makes the next sync recompute every account.
 */
#ifndef CSCONSOLE_HEALTHCALC_H
#define CSCONSOLE_HEALTHCALC_H

#include <stdbool.h>
#include <stddef.h>
#include <sqlite3.h>
#include "csconsole/config.h"
#include "csconsole/health.h"
#include "csconsole/store.h"

/* One dated value of a metric. */
struct hc_point {
	int day;
	double value;
};
struct hc_series {
	struct hc_point *p;       /* by day, ascending */
	double *prefix;           /* prefix[i] = sum of p[0..i-1].value (n + 1 entries) */
	size_t n;
};

/* The metrics of the feed the components read (docs/feeds.md names them). */
enum hc_metric { HCM_LOGINS, HCM_ACTIVE_SEATS, HCM_CORE, HCM_KEY, HCM_NPS, HCM_TICKETS, HCM_COUNT };
const char *health_metric_name(enum hc_metric m);   /* "logins", "active_seats", ... */

/* A note as the components read it. */
struct hc_note {
	int touch_day;
	int sentiment;            /* 0 = none */
};

/* Everything the components read of one account. */
struct health_facts {
	sqlite3_int64 account_id;
	char crm_id[64];
	char *segment;            /* NULL when none */
	char touch_model[8];
	bool has_seats;
	long seats;
	int cadence;              /* days, from the touch model */
	size_t sentiment_labels;
	bool metrics;             /* m[] loaded (a pass scoring from health_inputs may not need them) */
	struct hc_series m[HCM_COUNT];
	struct hc_note *notes;    /* newest touch day first */
	size_t n_notes;
	int *touch_days;          /* every touch (touchdef.h), newest first: engagement */
	size_t n_touches;
	struct health_params params;   /* the model for this account (overrides applied) */
};

/* Loads one account (by database id). model supplies health.model and
 * health.overrides (a candidate model for the backtest), cfg the rest.
 * 0 or -1 + error(); health_facts_free() either way. */
int health_facts_load(struct store *st, const struct config *cfg, const struct config *model,
		      sqlite3_int64 account_id, struct health_facts *f);
void health_facts_free(struct health_facts *f);

/* Why a component is missing, or what its figure is made of, in words
 * ("12 of 40 seats active (30%)"). */
struct health_texts {
	char text[HC_COUNT][96];
};

/* The components' inputs as of day (metrics up to the day before for the
 * daily windows, snapshots and notes up to the day itself, as health.h
 * says); texts may be NULL. */
void health_facts_inputs(const struct health_facts *f, int day, struct health_input *in,
			 struct health_texts *texts);
/* inputs + health_compute under f->params. */
void health_facts_score(const struct health_facts *f, int day, struct health_model *out);

/* The first day of day's week (cfg week_start). */
int health_week_day(const struct config *cfg, int day);

/* The model's score of one account as of day (crm_id), under model's
 * health.model/overrides: *has false when no component has data. 0 or -1 + error(). */
int healthcalc_score_at(struct store *st, const struct config *cfg, const struct config *model,
			const char *crm_id, int day, bool *has, double *score);

#define HEALTHCALC_WEEKS 52      /* how far back a sync fills missing weeks */

struct healthcalc_stats {
	/* Set by the caller, NULL for none (so zero the struct first; the calls
	 * that fill the rest keep it): called now and then with the accounts done
	 * so far, and once with done == total. */
	void (*progress)(void *ctx, const char *what, size_t done, size_t total);
	void *progress_ctx;
	size_t accounts;          /* accounts computed */
	size_t snapshots;         /* snapshot rows written */
	double seconds;
};

/* Brings the 'model' snapshots up to today: every week from the first week
 * with data (at most `weeks` weeks back) that has no snapshot, plus the
 * current week; with crm_id, one account only (NULL: all). Also judges each
 * account's blind spot (account_flag) and refreshes the summaries when the
 * shown score is the computed one. Runs in its own transaction or the
 * caller's. 0 or -1 + error(). */
int healthcalc_update(struct store *st, const struct config *cfg, int today, const char *crm_id,
		      struct healthcalc_stats *stats);
/* What a sync runs after importing: healthcalc_update of every account when
 * feeds_changed (or meta feeds_changed, the mark an import with
 * feed_options.summaries_later leaves), the week turned or the model changed
 * since the last run (meta health_week, health_model), else of the accounts
 * with events since the last run (meta health_event_mark: the event rowid it
 * reached), else nothing. After changed feeds it refreshes every summary
 * once, whichever score is shown (the import left them to it), and removes
 * the mark, in the pass's transaction. *ran says whether anything was
 * computed. 0 or -1 + error(). */
int healthcalc_sync(struct store *st, const struct config *cfg, int today, bool feeds_changed,
		    bool *ran, struct healthcalc_stats *stats);
/* Drops and recomputes every 'model' snapshot of the last `weeks` weeks up to
 * today under the current model (health --recompute). 0 or -1 + error(). */
int healthcalc_recompute(struct store *st, const struct config *cfg, int today, int weeks,
			 struct healthcalc_stats *stats);

/* Which model computed the snapshots (of one account, or all with crm_id
 * NULL): how many there are, how many another model computed (before the
 * model changed, until --recompute), the first day of the current
 * model's (DAY_NONE: none), and the blind-spot flags raised. 0 or -1 + error(). */
struct healthcalc_status {
	uint32_t fingerprint;       /* the current model's */
	char name[16];              /* as text, "m:1a2b3c4d" */
	long long snapshots, other_model;
	int first_day;
	long long hidden, quiet;    /* blind-spot flags raised (account_flag) */
};
int healthcalc_status(struct store *st, const struct config *cfg, const char *crm_id,
		      struct healthcalc_status *out);
/* Forgets every account's kept health inputs (health_inputs: what its
 * metrics and seats gave as of a week): a feed import calls it in its own
 * transaction, since it may change any metric or seat count. The next pass
 * over every account keeps them again. 0 or -1 + error(). */
int health_inputs_forget(struct store *st);
/* The blind-spot flags raised (of one account, or all with crm_id NULL)
 * into *hidden and *quiet, without healthcalc_status's scan of every
 * snapshot: what the sync's summary line shows. 0 or -1 + error(). */
int healthcalc_flags(struct store *st, const char *crm_id, long long *hidden, long long *quiet);

/* An account's blind-spot reason judged again as the sync judges it, in the
 * interface language (account_flag keeps it in English, for machine output):
 * what the console and the text agenda show. *reason is "" when the judge
 * finds none now; the caller frees it. 0 or -1 + error(). */
int healthcalc_blind_reason(struct store *st, const struct config *cfg, int64_t account_id, int today,
			    char **reason);

/* Keeps meta health_source in step with cfg->health_score, refreshing every
 * summary when it changes. 0 or -1 + error(). */
int healthcalc_use(struct store *st, const struct config *cfg);

#endif
