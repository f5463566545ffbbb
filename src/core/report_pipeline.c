/* report_pipeline.c - the expansion pipeline (report.h, docs/reports.md):
 * the open opportunities (opportunity.h) by stage, in the pipeline's order
 * (opportunity_stages, then other stages by name), each with its account,
 * kind, amount, expected close and owner; after each stage its totals per
 * currency, and at the end the totals of every stage per currency. Amounts
 * stay in their own currency (an opportunity is priced in one), so totals
 * are per currency; the total of each currency is also given in
 * reports.currency where reports.rates converts it.
 *
 * --owner keeps the opportunities that CSM works (the opportunity's owner);
 * --from/--until keep those expected to close in that range. One query,
 * then the rows in memory. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/config.h"
#include "csconsole/date.h"
#include "csconsole/i18n.h"
#include "csconsole/opportunity.h"
#include "csconsole/report_calc.h"
#include "csconsole/store.h"

enum col { C_STAGE, C_ACCOUNT, C_NAME, C_KIND, C_AMOUNT, C_CONVERTED, C_CLOSE, C_OWNER, C_COUNT_OPP,
	   C_ID, C_COUNT };

static const struct report_col pipeline_cols[C_COUNT] = {
	[C_STAGE] = { "stage", N_("Stage"), CELL_TEXT },
	[C_ACCOUNT] = { "account", N_("Account"), CELL_TEXT },
	[C_NAME] = { "name", N_("Name"), CELL_TEXT },
	[C_KIND] = { "kind", N_("Kind"), CELL_TEXT },
	[C_AMOUNT] = { "amount", N_("Amount"), CELL_MONEY },
	[C_CONVERTED] = { "amount_reporting", N_("In reporting currency"), CELL_MONEY },
	[C_CLOSE] = { "expected_close", N_("Expected close"), CELL_DAY },
	[C_OWNER] = { "owner", N_("Owner"), CELL_TEXT },
	[C_COUNT_OPP] = { "opportunities", N_("Opportunities"), CELL_INT },
	[C_ID] = { "opportunity", N_("Opportunity"), CELL_TEXT },
};

struct opp {
	char *id, *account, *name, *kind, *currency, *stage, *owner;
	int64_t minor;
	int close_day, rank;
};

/* A total of one currency: its sum and the opportunities behind it. */
struct total {
	char currency[4];
	int64_t minor;
	long long n;
	struct strlist accounts;
};

static int cmp_opp(const void *pa, const void *pb)
{
	const struct opp *a = pa, *b = pb;
	int c;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if ((c = strcmp(a->stage, b->stage)) != 0)
		return c;
	if (a->close_day != b->close_day)
		return a->close_day < b->close_day ? -1 : 1;
	if ((c = strcmp(a->account, b->account)) != 0)
		return c;
	return strcmp(a->id, b->id);
}

static const char sql_open[] =
	"SELECT o.id, o.account, coalesce(a.name, o.account), o.kind, o.currency, o.stage, o.owner,"
	" o.amount_minor, o.close_day FROM opportunity o LEFT JOIN account a ON a.crm_id = o.account"
	" WHERE o.status = 'open' AND (?1 IS NULL OR o.owner = ?1)"
	" AND (?2 = 0 OR o.close_day >= ?2) AND (?3 = 0 OR o.close_day <= ?3)";

static int load(sqlite3 *db, const struct report_params *p, struct opp **out, size_t *n)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(db, sql_open, -1, &s, NULL) != SQLITE_OK)
		return error(_("cannot read the opportunities: %s"), sqlite3_errmsg(db));
	if (p->owner)
		sqlite3_bind_text(s, 1, p->owner, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 2, p->from);
	sqlite3_bind_int(s, 3, p->until);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		struct opp *o = &(*out)[(*n)++];
		o->id = store_column_dup_empty(s, 0);
		o->account = store_column_dup_empty(s, 1);
		o->name = store_column_dup_empty(s, 2);
		o->kind = store_column_dup_empty(s, 3);
		o->currency = store_column_dup_empty(s, 4);
		o->stage = store_column_dup_empty(s, 5);
		o->owner = store_column_dup_empty(s, 6);
		o->minor = sqlite3_column_int64(s, 7);
		o->close_day = sqlite3_column_int(s, 8);
		o->rank = opportunity_stage_rank(o->stage);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return error(_("cannot read the opportunities: %s"), sqlite3_errmsg(db));
	return 0;
}

static void set_money(struct report_row *row, int c, int64_t minor, const char *currency)
{
	row->cells[c].type = CELL_MONEY;
	row->cells[c].d = report_amount(minor, currency);
	str_copy(row->cells[c].currency, sizeof(row->cells[c].currency), currency);
}

/* The amount in reports.currency, when reports.rates converts it. */
static void set_converted(const struct config *cfg, struct report_row *row, int64_t minor,
			  const char *currency, struct strlist *no_rate)
{
	double v;
	if (report_convert(cfg, currency, report_amount(minor, currency), &v)) {
		row->cells[C_CONVERTED].type = CELL_MONEY;
		row->cells[C_CONVERTED].d = v;
		str_copy(row->cells[C_CONVERTED].currency, sizeof(row->cells[C_CONVERTED].currency),
			 cfg->reports_currency);
	} else if (!strlist_has(no_rate, currency)) {
		strlist_add(no_rate, currency);
	}
}

static struct total *total_of(struct total **t, size_t *n, const char *currency)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*t)[i].currency, currency) == 0)
			return &(*t)[i];
	*t = xreallocarray(*t, *n + 1, sizeof(**t));
	struct total *x = &(*t)[(*n)++];
	memset(x, 0, sizeof(*x));
	str_copy(x->currency, sizeof(x->currency), currency);
	return x;
}

static int cmp_total(const void *a, const void *b)
{
	return strcmp(((const struct total *)a)->currency, ((const struct total *)b)->currency);
}

/* The total rows (level 0) of one stage, or of all (stage NULL), one per
 * currency in code order; frees the totals. */
static void add_totals(const struct config *cfg, struct report *r, const char *stage,
		       struct total *t, size_t n, struct strlist *no_rate)
{
	if (n > 1)   /* NULL when there is none: qsort of NULL is undefined */
		qsort(t, n, sizeof(*t), cmp_total);
	for (size_t i = 0; i < n; i++) {
		struct report_row *row = report_add_row(r, 0);
		report_cell_set_text(&row->cells[C_STAGE], stage ? stage : _("Total"));
		set_money(row, C_AMOUNT, t[i].minor, t[i].currency);
		set_converted(cfg, row, t[i].minor, t[i].currency, no_rate);
		row->cells[C_COUNT_OPP].type = CELL_INT;
		row->cells[C_COUNT_OPP].i = t[i].n;
		row->accounts = t[i].accounts;   /* moved */
	}
	free(t);
}

static void add_account(struct strlist *l, const char *account)
{
	if (!strlist_has(l, account))
		strlist_add(l, account);
}

int report_build_pipeline(sqlite3 *db, const struct config *cfg, int today,
			  const struct report_params *p, struct report *out)
{
	struct opp *o = NULL;
	size_t n = 0;
	struct strlist no_rate = { 0 };
	if (load(db, p, &o, &n) < 0)
		return -1;
	if (n > 1)   /* qsort of NULL, 0 (no open opportunity) is undefined */
		qsort(o, n, sizeof(*o), cmp_opp);

	report_init(out, REPORT_PIPELINE, pipeline_cols, C_COUNT);
	if (p->owner)
		out->title = xasprintf(_("Expansion pipeline of %s: open opportunities by stage"), p->owner);
	else
		out->title = xstrdup(_("Expansion pipeline: open opportunities by stage"));
	out->formula = xasprintf(_(
		"The open opportunities (opportunity.open, not yet closed won or lost) by stage, in the "
		"pipeline's order: discovery, qualified, proposal, negotiation, commit, then other stages "
		"by name; within a stage by expected close. After each stage, its total per currency: the "
		"sum of its opportunities' amounts in that currency and how many they are; the last rows "
		"sum every stage per currency. Amounts stay in their currency; \"In reporting currency\" "
		"converts them to %s with reports.rates."),
		cfg->reports_currency && *cfg->reports_currency ? cfg->reports_currency : "-");

	struct total *grand = NULL, *stage_t = NULL;
	size_t ngrand = 0, nstage = 0;
	int late = 0;
	for (size_t i = 0; i < n; i++) {
		struct report_row *row = report_add_row(out, 1);
		report_cell_set_text(&row->cells[C_STAGE], o[i].stage);
		report_cell_set_text(&row->cells[C_ACCOUNT], o[i].account);
		report_cell_set_text(&row->cells[C_NAME], o[i].name);
		report_cell_set_text(&row->cells[C_KIND], o[i].kind);
		set_money(row, C_AMOUNT, o[i].minor, o[i].currency);
		set_converted(cfg, row, o[i].minor, o[i].currency, &no_rate);
		row->cells[C_CLOSE].type = CELL_DAY;
		row->cells[C_CLOSE].i = o[i].close_day;
		report_cell_set_text(&row->cells[C_OWNER], o[i].owner);
		report_cell_set_text(&row->cells[C_ID], o[i].id);
		strlist_add(&row->accounts, o[i].account);
		late += o[i].close_day < today;

		struct total *t = total_of(&stage_t, &nstage, o[i].currency);
		t->minor += o[i].minor;
		t->n++;
		add_account(&t->accounts, o[i].account);
		t = total_of(&grand, &ngrand, o[i].currency);
		t->minor += o[i].minor;
		t->n++;
		add_account(&t->accounts, o[i].account);
		if (i + 1 == n || strcmp(o[i + 1].stage, o[i].stage) != 0) {
			add_totals(cfg, out, o[i].stage, stage_t, nstage, &no_rate);
			stage_t = NULL;
			nstage = 0;
		}
	}
	if (ngrand)
		add_totals(cfg, out, NULL, grand, ngrand, &no_rate);
	if (!n)
		strlist_add(&out->notes, _("No open opportunity (csconsole opportunity records one)."));
	if (late)
		report_note(out, P_("%d open opportunity is past its expected close: update its close day or close it.",
			     "%d open opportunities are past their expected close: update their close day or close them.",
			     late), late);
	for (size_t i = 0; i < no_rate.len; i++)
		report_note(out, _("Amounts in %s have no rate to %s (reports.rates): they are not converted."),
		     no_rate.items[i], cfg->reports_currency && *cfg->reports_currency ? cfg->reports_currency : "-");
	strlist_clear(&no_rate);
	for (size_t i = 0; i < n; i++) {
		free(o[i].id);
		free(o[i].account);
		free(o[i].name);
		free(o[i].kind);
		free(o[i].currency);
		free(o[i].stage);
		free(o[i].owner);
	}
	free(o);
	return 0;
}
