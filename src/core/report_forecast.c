/* report_forecast.c - the renewal forecast (report.h, docs/reports.md): the
 * renewals of each month or quarter ahead, one row per account (ARR, health
 * band, open risks, the band's weight from reports.forecast.weights and the
 * weighted ARR), then the period's totals per currency and in the
 * reporting currency (reports.currency, rates from reports.rates), and the
 * same totals over every period at the end.
 *
 * A renewal is an active account whose renewal date falls in the period and
 * whose outcome is not churned (a churned account with a date ahead is left
 * out, and the report says how many). The band is the health score shown
 * (account_summary, the portfolio's); an account without a score is band
 * none. One indexed read (account_renewal). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/config.h"
#include "csconsole/date.h"
#include "csconsole/i18n.h"
#include "csconsole/report_calc.h"

enum col { C_PERIOD, C_ACCOUNT, C_NAME, C_OWNER, C_RENEWAL, C_BAND, C_RISKS, C_ARR, C_WEIGHT,
	   C_WEIGHTED, C_RENEWALS, C_COUNT };

static const struct report_col forecast_cols[C_COUNT] = {
	[C_PERIOD] = { "period", N_("Period"), CELL_TEXT },
	[C_ACCOUNT] = { "account", N_("Account"), CELL_TEXT },
	[C_NAME] = { "name", N_("Name"), CELL_TEXT },
	[C_OWNER] = { "owner", N_("Owner"), CELL_TEXT },
	[C_RENEWAL] = { "renewal", N_("Renewal"), CELL_DAY },
	[C_BAND] = { "band", N_("Health"), CELL_TEXT },
	[C_RISKS] = { "open_risks", N_("Risks"), CELL_INT },
	[C_ARR] = { "arr", N_("ARR"), CELL_MONEY },
	[C_WEIGHT] = { "weight", N_("Weight"), CELL_PERCENT },
	[C_WEIGHTED] = { "weighted_arr", N_("Weighted ARR"), CELL_MONEY },
	[C_RENEWALS] = { "renewals", N_("Renewals"), CELL_INT },
};

/* A total: per currency (currency[0] set), or in the reporting currency. */
struct total {
	char currency[4];
	double arr, weighted;
	long long n;
	struct strlist accounts;
};

struct totals {
	struct total *t;     /* t[0]: the reporting currency; then per currency, in first-seen order */
	size_t n, cap;
};

static struct total *total_for(struct totals *ts, const char *currency)
{
	for (size_t i = 1; i < ts->n; i++)
		if (strcmp(ts->t[i].currency, currency) == 0)
			return &ts->t[i];
	if (ts->n == ts->cap) {
		ts->cap = ts->cap ? ts->cap * 2 : 8;
		ts->t = xreallocarray(ts->t, ts->cap, sizeof(*ts->t));
	}
	struct total *t = &ts->t[ts->n++];
	memset(t, 0, sizeof(*t));
	str_copy(t->currency, sizeof(t->currency), currency);
	return t;
}

static void totals_init(struct totals *ts, const char *reporting)
{
	memset(ts, 0, sizeof(*ts));
	total_for(ts, reporting);   /* t[0] */
}

static void totals_free(struct totals *ts)
{
	for (size_t i = 0; i < ts->n; i++)
		strlist_clear(&ts->t[i].accounts);
	free(ts->t);
	memset(ts, 0, sizeof(*ts));
}

static void add_to(struct total *t, const char *crm, double arr, double weighted)
{
	t->arr += arr;
	t->weighted += weighted;
	t->n++;
	strlist_add(&t->accounts, crm);
}

static void money(struct report_cell *c, double d, const char *currency)
{
	c->type = CELL_MONEY;
	c->d = d;
	str_copy(c->currency, sizeof(c->currency), currency);
}

static void text(struct report_cell *c, const char *s)
{
	c->type = CELL_TEXT;
	c->text = xstrdup(s ? s : "");
}

/* The totals rows of a period (label) or of all periods: per currency
 * (name "Total JPY"), then in the reporting currency. */
static int cmp_currency(const void *a, const void *b)
{
	return strcmp(((const struct total *)a)->currency, ((const struct total *)b)->currency);
}

static void total_rows(struct report *r, const char *label, struct totals *ts)
{
	/* the currencies in code order, the reporting currency's conversion last */
	qsort(ts->t + 1, ts->n - 1, sizeof(*ts->t), cmp_currency);
	for (size_t i = 0; i < ts->n; i++) {
		struct total *t = i + 1 < ts->n ? &ts->t[i + 1] : &ts->t[0];
		if (t == &ts->t[0] && ts->n == 1)
			continue;   /* no renewal: no totals */
		struct report_row *row = report_add_row(r, 0);
		char *name = t == &ts->t[0] ? xasprintf(_("Total in %s"), t->currency)
					    : xasprintf(_("Total %s"), t->currency);
		text(&row->cells[C_PERIOD], label);
		row->cells[C_NAME].type = CELL_TEXT;
		row->cells[C_NAME].text = name;
		money(&row->cells[C_ARR], t->arr, t->currency);
		money(&row->cells[C_WEIGHTED], t->weighted, t->currency);
		if (t->arr > 0) {
			row->cells[C_WEIGHT].type = CELL_PERCENT;
			row->cells[C_WEIGHT].d = t->weighted / t->arr;
		}
		row->cells[C_RENEWALS].type = CELL_INT;
		row->cells[C_RENEWALS].i = t->n;
		row->accounts = t->accounts;   /* moved: the totals are written once */
		memset(&t->accounts, 0, sizeof(t->accounts));
	}
}

int report_build_forecast(sqlite3 *db, const struct config *cfg, int today,
			  const struct report_params *p, struct report *out)
{
	struct report_period *periods = NULL;
	size_t nperiods = 0;
	enum report_by by;
	const char *rc_cur = cfg->reports_currency;
	sqlite3_stmt *s = NULL;
	int rc = -1;

	if (report_by_parse(p->by, &by) < 0)
		return -1;
	if (by != BY_TEAM)
		return error(_("--by is for the retention and team reports: the forecast lists each "
			       "renewal with its owner (use --owner for one CSM's)"));
	if (!rc_cur || !*rc_cur)
		return error(_("reports.currency is empty: set the reporting currency (e.g. USD) in "
			       "csconsole.yaml"));
	if (report_periods(p, today, true, &periods, &nperiods) < 0)
		return -1;
	report_init(out, REPORT_FORECAST, forecast_cols, C_COUNT);
	out->title = xasprintf(_("Renewal forecast, %s to %s (weighted by health band)"),
			       periods[0].label, periods[nperiods - 1].label);
	out->formula = xasprintf(_(
		"Weighted ARR = ARR x the weight of the account's health band (reports.forecast.weights: "
		"red %.0f%%, yellow %.0f%%, green %.0f%%, no score %.0f%%).\n"
		"Totals per currency, then in %s at reports.rates."),
		report_weight(cfg, "red") * 100, report_weight(cfg, "yellow") * 100,
		report_weight(cfg, "green") * 100, report_weight(cfg, NULL) * 100, rc_cur);

	if (sqlite3_prepare_v2(db,
		"SELECT a.crm_id, a.name, a.main_owner, a.renewal_day, a.arr_minor, a.currency, s.health, "
		"coalesce(s.open_risks, 0), a.outcome IS 'churned' FROM account a "
		"LEFT JOIN account_summary s ON s.crm_id = a.crm_id "
		"WHERE a.active = 1 AND a.renewal_day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR a.main_owner = ?3) "
		"ORDER BY a.renewal_day, a.crm_id", -1, &s, NULL) != SQLITE_OK) {
		error(_("cannot read the renewals: %s"), sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_bind_int(s, 1, periods[0].from);
	sqlite3_bind_int(s, 2, periods[nperiods - 1].until);
	if (p->owner)
		sqlite3_bind_text(s, 3, p->owner, -1, SQLITE_STATIC);

	struct totals all, per;
	struct strlist no_rate = {0};
	long long churned = 0, no_arr = 0;
	size_t pi = 0;
	totals_init(&all, rc_cur);
	totals_init(&per, rc_cur);
	int step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW || pi < nperiods) {
		int day = step == SQLITE_ROW ? sqlite3_column_int(s, 3) : DAY_NONE;
		/* close the periods this renewal is past (all of them at the end) */
		while (pi < nperiods && (step != SQLITE_ROW || day > periods[pi].until)) {
			total_rows(out, periods[pi].label, &per);
			totals_free(&per);
			totals_init(&per, rc_cur);
			pi++;
		}
		if (step != SQLITE_ROW)
			break;
		const char *crm = (const char *)sqlite3_column_text(s, 0);
		if (sqlite3_column_int(s, 8)) {
			churned++;
			continue;
		}
		const char *cur = (const char *)sqlite3_column_text(s, 5);
		bool has_arr = sqlite3_column_type(s, 4) != SQLITE_NULL && cur && *cur;
		bool has_health = sqlite3_column_type(s, 6) != SQLITE_NULL;
		const char *band = has_health ? health_band(cfg, sqlite3_column_double(s, 6)) : NULL;
		double w = report_weight(cfg, band);
		struct report_row *row = report_add_row(out, 1);
		struct report_cell *c = row->cells;
		text(&c[C_PERIOD], periods[pi].label);
		text(&c[C_ACCOUNT], crm);
		text(&c[C_NAME], (const char *)sqlite3_column_text(s, 1));
		text(&c[C_OWNER], (const char *)sqlite3_column_text(s, 2));
		c[C_RENEWAL].type = CELL_DAY;
		c[C_RENEWAL].i = day;
		text(&c[C_BAND], band ? band : "none");   /* the stable band id, as in the config */
		c[C_RISKS].type = CELL_INT;
		c[C_RISKS].i = sqlite3_column_int(s, 7);
		c[C_WEIGHT].type = CELL_PERCENT;
		c[C_WEIGHT].d = w;
		strlist_add(&row->accounts, crm);
		if (!has_arr) {
			no_arr++;
			continue;
		}
		double arr = report_amount(sqlite3_column_int64(s, 4), cur), conv;
		money(&c[C_ARR], arr, cur);
		money(&c[C_WEIGHTED], arr * w, cur);
		add_to(total_for(&per, cur), crm, arr, arr * w);
		add_to(total_for(&all, cur), crm, arr, arr * w);
		if (report_convert(cfg, cur, arr, &conv)) {
			add_to(&per.t[0], crm, conv, conv * w);
			add_to(&all.t[0], crm, conv, conv * w);
		} else if (!strlist_has(&no_rate, cur)) {
			strlist_add(&no_rate, cur);
		}
	}
	if (step != SQLITE_DONE && step != SQLITE_ROW) {
		error(_("cannot read the renewals: %s"), sqlite3_errmsg(db));
	} else {
		if (nperiods > 1)
			total_rows(out, _("all"), &all);
		for (size_t i = 0; i < no_rate.len; i++)
			report_note(out, _("Renewals in %s have no rate to %s (reports.rates): they are left out of "
				    "the totals in %s."), no_rate.items[i], rc_cur, rc_cur);
		if (no_arr)
			report_note(out, P_("%lld renewal has no ARR in the accounts feed: left out of the totals.",
				     "%lld renewals have no ARR in the accounts feed: left out of the totals.",
				     no_arr), no_arr);
		if (churned)
			report_note(out, P_("%lld account whose outcome is churned has a renewal date in these "
				     "periods: left out.", "%lld accounts whose outcome is churned have a "
				     "renewal date in these periods: left out.", churned), churned);
		rc = 0;
	}
	totals_free(&all);
	totals_free(&per);
	strlist_clear(&no_rate);
out:
	sqlite3_finalize(s);
	free(periods);
	return rc;
}
