/* report_retention.c - GRR, NRR, logo churn and revenue churn per month or
 * quarter (report.h, docs/reports.md), from the ARR history the accounts
 * import keeps (arr_history.h).
 *
 * A period's cohort is the accounts that were active with an ARR above 0 on
 * the day before it starts and had not churned before it; an account new
 * within the period is not in the cohort (it is counted apart, "new").
 * For each cohort account: churned when the feed's outcome is churned with
 * an outcome day inside the period (its whole starting ARR is churn);
 * otherwise its ARR at the period's last day against its starting ARR is an
 * expansion or a contraction. Amounts are in reports.currency (rates from
 * reports.rates); an account whose currency has no rate is left out and
 * noted. Groups (--by) are the accounts' current owner, segment or touch
 * model. One read of the history, then everything in memory. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/config.h"
#include "csconsole/date.h"
#include "csconsole/i18n.h"
#include "csconsole/report_calc.h"

struct hrow {
	int day;
	bool has_arr, active;
	bool conv;              /* v holds the ARR in the reporting currency */
	int64_t arr;
	double v;
	char currency[4];
};

/* The rates of the currencies met so far (reports.rates is parsed once per
 * currency, not once per row). */
struct rates {
	char cur[16][4];
	double rate[16];
	bool ok[16];
	int n;
};

static bool rate_of(const struct config *cfg, struct rates *rt, const char *cur, double *rate)
{
	for (int i = 0; i < rt->n; i++)
		if (strcmp(rt->cur[i], cur) == 0)
			return *rate = rt->rate[i], rt->ok[i];
	bool ok = report_convert(cfg, cur, 1.0, rate);
	if (rt->n < 16) {
		str_copy(rt->cur[rt->n], sizeof(rt->cur[0]), cur);
		rt->rate[rt->n] = *rate;
		rt->ok[rt->n++] = ok;
	}
	return ok;
}

struct acct {
	char *crm;
	size_t group;
	int churn_day;          /* the latest row's churned outcome day, or DAY_NONE */
	struct hrow *h;
	size_t n, cap;
};

/* Accounts of a (period, group) by what happened to them. */
enum move { MOVE_CHURNED, MOVE_CONTRACTED, MOVE_EXPANDED, MOVE_FLAT, MOVE_NEW, MOVE_COUNT };

struct agg {
	long long accounts, churned, new_accounts;
	double arr_start, expansion, contraction, churn;
	size_t *ids[MOVE_COUNT];      /* indexes into the accounts */
	size_t nids[MOVE_COUNT], capids[MOVE_COUNT];
};

enum col { C_PERIOD, C_GROUP, C_ACCOUNTS, C_ARR_START, C_EXPANSION, C_CONTRACTION, C_CHURN,
	   C_CHURNED, C_GRR, C_NRR, C_LOGO, C_REVENUE, C_NEW, C_COUNT };

static const struct report_col retention_cols[C_COUNT] = {
	[C_PERIOD] = { "period", N_("Period"), CELL_TEXT },
	[C_GROUP] = { "group", N_("Team"), CELL_TEXT },
	[C_ACCOUNTS] = { "accounts_start", N_("Accounts"), CELL_INT },
	[C_ARR_START] = { "arr_start", N_("ARR at start"), CELL_MONEY },
	[C_EXPANSION] = { "expansion", N_("Expansion"), CELL_MONEY },
	[C_CONTRACTION] = { "contraction", N_("Contraction"), CELL_MONEY },
	[C_CHURN] = { "churned_arr", N_("Churned ARR"), CELL_MONEY },
	[C_CHURNED] = { "churned_accounts", N_("Churned"), CELL_INT },
	[C_GRR] = { "grr", N_("GRR"), CELL_PERCENT },
	[C_NRR] = { "nrr", N_("NRR"), CELL_PERCENT },
	[C_LOGO] = { "logo_churn", N_("Logo churn"), CELL_PERCENT },
	[C_REVENUE] = { "revenue_churn", N_("Revenue churn"), CELL_PERCENT },
	[C_NEW] = { "new_accounts", N_("New"), CELL_INT },
};

struct groups {
	char **names;
	size_t n, cap;
};

static size_t group_index(struct groups *g, const char *name)
{
	for (size_t i = 0; i < g->n; i++)   /* few groups: owners, segments, touch models */
		if (strcmp(g->names[i], name) == 0)
			return i;
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 16;
		g->names = xreallocarray(g->names, g->cap, sizeof(*g->names));
	}
	g->names[g->n] = xstrdup(name);
	return g->n++;
}

/* The index of the last history row on or before day, or -1. */
static long as_of(const struct acct *a, int day)
{
	long lo = 0, hi = (long)a->n - 1, found = -1;
	while (lo <= hi) {
		long mid = (lo + hi) / 2;
		if (a->h[mid].day <= day) {
			found = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return found;
}

static void agg_add(struct agg *g, enum move m, size_t idx)
{
	if (g->nids[m] == g->capids[m]) {
		g->capids[m] = g->capids[m] ? g->capids[m] * 2 : 8;
		g->ids[m] = xreallocarray(g->ids[m], g->capids[m], sizeof(size_t));
	}
	g->ids[m][g->nids[m]++] = idx;
}

static void agg_merge(struct agg *into, const struct agg *g)
{
	into->accounts += g->accounts;
	into->churned += g->churned;
	into->new_accounts += g->new_accounts;
	into->arr_start += g->arr_start;
	into->expansion += g->expansion;
	into->contraction += g->contraction;
	into->churn += g->churn;
	for (int m = 0; m < MOVE_COUNT; m++)
		for (size_t i = 0; i < g->nids[m]; i++)
			agg_add(into, (enum move)m, g->ids[m][i]);
}

static void agg_free(struct agg *g)
{
	for (int m = 0; m < MOVE_COUNT; m++)
		free(g->ids[m]);
	memset(g, 0, sizeof(*g));
}

static int load(sqlite3 *db, const struct config *cfg, const struct report_params *p, enum report_by by,
		int until, struct acct **out, size_t *n, struct groups *groups)
{
	struct rates rt = { .n = 0 };
	static const char *const group_expr[] = {
		[BY_TEAM] = "''", [BY_OWNER] = "a.main_owner",
		[BY_SEGMENT] = "coalesce(a.segment, '')", [BY_TOUCH_MODEL] = "a.touch_model",
	};
	char *sql = xasprintf(
		"SELECT h.account_id, a.crm_id, %s, h.day, h.arr_minor, h.currency, h.outcome, "
		"h.outcome_day, h.active FROM arr_history h JOIN account a ON a.id = h.account_id "
		"WHERE (?1 IS NULL OR a.main_owner = ?1) AND h.day <= ?2 ORDER BY h.account_id, h.day",
		group_expr[by]);
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return error(_("cannot read the ARR history: %s"), sqlite3_errmsg(db));
	if (p->owner)
		sqlite3_bind_text(s, 1, p->owner, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, until);
	size_t cap = 0;
	int64_t last_id = -1;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		if (id != last_id) {
			if (*n == cap) {
				cap = cap ? cap * 2 : 256;
				*out = xreallocarray(*out, cap, sizeof(**out));
			}
			struct acct *a = &(*out)[(*n)++];
			memset(a, 0, sizeof(*a));
			a->crm = xstrdup((const char *)sqlite3_column_text(s, 1));
			const char *g = (const char *)sqlite3_column_text(s, 2);
			a->group = group_index(groups, g && *g ? g : "-");
			last_id = id;
		}
		struct acct *a = &(*out)[*n - 1];
		if (a->n == a->cap) {
			a->cap = a->cap ? a->cap * 2 : 4;
			a->h = xreallocarray(a->h, a->cap, sizeof(*a->h));
		}
		struct hrow *r = &a->h[a->n++];
		memset(r, 0, sizeof(*r));
		r->day = sqlite3_column_int(s, 3);
		r->has_arr = sqlite3_column_type(s, 4) != SQLITE_NULL;
		r->arr = sqlite3_column_int64(s, 4);
		const char *cur = (const char *)sqlite3_column_text(s, 5);
		str_copy(r->currency, sizeof(r->currency), cur ? cur : "");
		double rate = 0;
		r->conv = r->has_arr && rate_of(cfg, &rt, r->currency, &rate);
		r->v = r->conv ? report_amount(r->arr, r->currency) * rate : 0;
		const char *outcome = (const char *)sqlite3_column_text(s, 6);
		a->churn_day = outcome && strcmp(outcome, "churned") == 0 &&
			sqlite3_column_type(s, 7) != SQLITE_NULL ? sqlite3_column_int(s, 7) : DAY_NONE;
		r->active = sqlite3_column_int(s, 8) != 0;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return error(_("cannot read the ARR history: %s"), sqlite3_errmsg(db));
	return 0;
}

static bool value(const struct hrow *r, double *out)
{
	*out = r->v;
	return r->conv;
}

/* One account in one period: into g, or counted as left out (no rate). */
static void account_period(const struct acct *a, size_t idx,
			   const struct report_period *pd, struct agg *g, struct strlist *no_rate)
{
	long s = as_of(a, pd->from - 1), e = as_of(a, pd->until);
	bool churned_before = a->churn_day != DAY_NONE && a->churn_day < pd->from;
	double start, end;

	if (s < 0 || !a->h[s].active || !a->h[s].has_arr || a->h[s].arr <= 0 || churned_before) {
		/* not in the cohort: new when it has ARR by the period's end */
		if (!churned_before && e >= 0 && a->h[e].active && a->h[e].has_arr && a->h[e].arr > 0) {
			g->new_accounts++;
			agg_add(g, MOVE_NEW, idx);
		}
		return;
	}
	if (!value(&a->h[s], &start)) {
		if (!strlist_has(no_rate, a->h[s].currency))
			strlist_add(no_rate, a->h[s].currency);
		return;
	}
	g->accounts++;
	g->arr_start += start;
	if (a->churn_day != DAY_NONE && a->churn_day <= pd->until) {
		g->churned++;
		g->churn += start;
		agg_add(g, MOVE_CHURNED, idx);
		return;
	}
	/* an ARR unknown at the end, or in a currency without a rate: unchanged */
	if (!a->h[e].has_arr || !value(&a->h[e], &end))
		end = start;
	if (end > start) {
		g->expansion += end - start;
		agg_add(g, MOVE_EXPANDED, idx);
	} else if (end < start) {
		g->contraction += start - end;
		agg_add(g, MOVE_CONTRACTED, idx);
	} else {
		agg_add(g, MOVE_FLAT, idx);
	}
}

static void money(struct report_cell *c, double d, const char *currency)
{
	c->type = CELL_MONEY;
	c->d = d;
	str_copy(c->currency, sizeof(c->currency), currency);
}

static void percent(struct report_cell *c, double num, double den)
{
	if (den > 0) {
		c->type = CELL_PERCENT;
		c->d = num / den;
	}
}

static void count(struct report_cell *c, long long n)
{
	c->type = CELL_INT;
	c->i = n;
}

static void text(struct report_cell *c, const char *s)
{
	c->type = CELL_TEXT;
	c->text = xstrdup(s);
}

static void add_row(struct report *r, int level, const char *period, const char *group,
		    const struct agg *g, const struct acct *accts, const char *currency)
{
	struct report_row *row = report_add_row(r, level);
	struct report_cell *c = row->cells;
	double kept = g->arr_start - g->contraction - g->churn;
	text(&c[C_PERIOD], period);
	text(&c[C_GROUP], group);
	count(&c[C_ACCOUNTS], g->accounts);
	money(&c[C_ARR_START], g->arr_start, currency);
	money(&c[C_EXPANSION], g->expansion, currency);
	money(&c[C_CONTRACTION], g->contraction, currency);
	money(&c[C_CHURN], g->churn, currency);
	count(&c[C_CHURNED], g->churned);
	percent(&c[C_GRR], kept, g->arr_start);
	percent(&c[C_NRR], kept + g->expansion, g->arr_start);
	percent(&c[C_LOGO], (double)g->churned, (double)g->accounts);
	percent(&c[C_REVENUE], g->churn, g->arr_start);
	count(&c[C_NEW], g->new_accounts);
	for (int m = 0; m < MOVE_COUNT; m++)
		for (size_t i = 0; i < g->nids[m]; i++)
			strlist_add(&row->accounts, accts[g->ids[m][i]].crm);
}

static int cmp_names(const void *a, const void *b, void *ctx)
{
	char *const *names = ctx;
	return strcmp(names[*(const size_t *)a], names[*(const size_t *)b]);
}

int report_build_retention(sqlite3 *db, const struct config *cfg, int today,
			   const struct report_params *p, struct report *out)
{
	struct report_period *periods = NULL;
	struct groups groups = {0};
	struct acct *accts = NULL;
	struct strlist no_rate = {0};
	enum report_by by;
	size_t nperiods = 0, naccts = 0;
	int rc = -1;

	if (report_by_parse(p->by, &by) < 0 || report_periods(p, today, false, &periods, &nperiods) < 0)
		return -1;
	if (!cfg->reports_currency || !*cfg->reports_currency) {
		free(periods);
		return error(_("reports.currency is empty: set the reporting currency (e.g. USD) in "
			       "csconsole.yaml"));
	}
	if (load(db, cfg, p, by, periods[nperiods - 1].until, &accts, &naccts, &groups) < 0)
		goto out;

	struct report_col cols[C_COUNT];
	memcpy(cols, retention_cols, sizeof(cols));
	cols[C_GROUP].title = report_by_title(by);
	report_init(out, REPORT_RETENTION, cols, C_COUNT);
	const char *p0 = periods[0].label, *p1 = periods[nperiods - 1].label;
	switch (by) {   /* whole sentences, one per grouping */
	case BY_TEAM:
		out->title = xasprintf(_("Retention of the team, %s to %s (%s)"), p0, p1,
				       cfg->reports_currency);
		break;
	case BY_OWNER:
		out->title = xasprintf(_("Retention by owner, %s to %s (%s)"), p0, p1,
				       cfg->reports_currency);
		break;
	case BY_SEGMENT:
		out->title = xasprintf(_("Retention by segment, %s to %s (%s)"), p0, p1,
				       cfg->reports_currency);
		break;
	case BY_TOUCH_MODEL:
		out->title = xasprintf(_("Retention by touch model, %s to %s (%s)"), p0, p1,
				       cfg->reports_currency);
		break;
	}
	out->formula = xasprintf(_(
		"GRR = (ARR at start - contraction - churned ARR) / ARR at start\n"
		"NRR = (ARR at start - contraction - churned ARR + expansion) / ARR at start\n"
		"Logo churn = accounts churned / accounts at start; revenue churn = churned ARR / ARR at start\n"
		"The cohort of a period is the accounts with ARR on the day before it starts: accounts new "
		"within the period are left out (counted as new). Churned: the feed's outcome churned with "
		"its date in the period. Amounts in %s."), cfg->reports_currency);

	/* groups in name order */
	size_t *order = xcalloc(groups.n ? groups.n : 1, sizeof(size_t));
	for (size_t i = 0; i < groups.n; i++)
		order[i] = i;
	qsort_r(order, groups.n, sizeof(size_t), cmp_names, groups.names);
	struct agg *aggs = xcalloc(groups.n ? groups.n : 1, sizeof(*aggs));
	for (size_t pi = 0; pi < nperiods; pi++) {
		const struct report_period *pd = &periods[pi];
		for (size_t i = 0; i < naccts; i++)
			account_period(&accts[i], i, pd, &aggs[accts[i].group], &no_rate);
		if (by == BY_TEAM) {
			struct agg total = {0};
			for (size_t g = 0; g < groups.n; g++)
				agg_merge(&total, &aggs[g]);
			add_row(out, 0, pd->label, _("whole team"), &total, accts, cfg->reports_currency);
			agg_free(&total);
		} else {
			struct agg total = {0};
			for (size_t k = 0; k < groups.n; k++) {
				struct agg *g = &aggs[order[k]];
				if (g->accounts || g->new_accounts)
					add_row(out, 1, pd->label, groups.names[order[k]], g, accts,
						cfg->reports_currency);
				agg_merge(&total, g);
			}
			add_row(out, 0, pd->label, _("Total"), &total, accts, cfg->reports_currency);
			agg_free(&total);
		}
		for (size_t g = 0; g < groups.n; g++)
			agg_free(&aggs[g]);
	}
	free(aggs);
	free(order);

	for (size_t i = 0; i < no_rate.len; i++)
		report_note(out, _("Accounts in %s have no rate to %s (reports.rates): they are left out."),
		     no_rate.items[i], cfg->reports_currency);
	int first = DAY_NONE;
	for (size_t i = 0; i < naccts; i++)
		if (accts[i].n && (first == DAY_NONE || accts[i].h[0].day < first))
			first = accts[i].h[0].day;
	if (first != DAY_NONE && first >= periods[0].from) {
		char day[11];
		day_format_iso(first, day);
		report_note(out, _("The ARR history starts on %s (the first accounts import): a period that "
			    "starts on or before it has no cohort."), day);
	}
	strlist_add(&out->notes, _("Accounts behind a row (--accounts): churned, contracted, expanded, "
				   "unchanged, then new ones."));
	rc = 0;
out:
	for (size_t i = 0; i < naccts; i++) {
		free(accts[i].crm);
		free(accts[i].h);
	}
	free(accts);
	for (size_t i = 0; i < groups.n; i++)
		free(groups.names[i]);
	free(groups.names);
	strlist_clear(&no_rate);
	free(periods);
	return rc;
}
