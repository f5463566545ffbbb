/* report_feedback.c - the voice of the customer (report.h, docs/reports.md):
 * the feedback events (feedback.h) grouped by product area, in the order
 * of feedback.areas (areas the configuration lacks after them, by name).
 * Per area a group row: how many feedbacks, from how many accounts, the
 * ARR asking (each account once, at the ARR its latest feedback in the
 * area recorded, in reports.currency), and the count of each request type;
 * under it one detail row per feedback, latest first, with its account,
 * the account's ARR then (in its own currency), the request type, the text
 * and who recorded it. The last row totals every area.
 *
 * --owner keeps the feedback of the accounts whose main owner is that CSM;
 * --from/--until keep the feedback of those days. One query, then the
 * rows in memory. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/config.h"
#include "csconsole/feedback.h"
#include "csconsole/i18n.h"
#include "csconsole/report_calc.h"
#include "csconsole/store.h"

enum col { C_AREA, C_DAY, C_ACCOUNT, C_NAME, C_REQUEST, C_FEEDBACKS, C_ACCOUNTS, C_ARR,
	   C_BUG, C_MISSING, C_USABILITY, C_PRAISE, C_TEXT, C_AUTHOR, C_COUNT };

static const struct report_col feedback_cols[C_COUNT] = {
	[C_AREA] = { "area", N_("Area"), CELL_TEXT },
	[C_DAY] = { "day", N_("Day"), CELL_DAY },
	[C_ACCOUNT] = { "account", N_("Account"), CELL_TEXT },
	[C_NAME] = { "name", N_("Name"), CELL_TEXT },
	[C_REQUEST] = { "request", N_("Request"), CELL_TEXT },
	[C_FEEDBACKS] = { "feedbacks", N_("Feedback"), CELL_INT },
	[C_ACCOUNTS] = { "account_count", N_("Accounts"), CELL_INT },
	[C_ARR] = { "arr", N_("ARR asking"), CELL_MONEY },
	[C_BUG] = { "bug", N_("Bugs"), CELL_INT },
	[C_MISSING] = { "missing_feature", N_("Missing features"), CELL_INT },
	[C_USABILITY] = { "usability", N_("Usability"), CELL_INT },
	[C_PRAISE] = { "praise", N_("Praise"), CELL_INT },
	[C_TEXT] = { "text", N_("What they said"), CELL_TEXT },
	[C_AUTHOR] = { "author", N_("Recorded by"), CELL_TEXT },
};

struct fb {
	char *id, *account, *name, *area, *request, *text, *author, *currency;
	int64_t arr;      /* INT64_MIN: unknown */
	int day, rank;
};

static int cmp_fb(const void *pa, const void *pb)
{
	const struct fb *a = pa, *b = pb;
	int c;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if ((c = strcmp(a->area, b->area)) != 0)
		return c;
	if (a->day != b->day)
		return a->day > b->day ? -1 : 1;   /* latest first */
	if ((c = strcmp(a->account, b->account)) != 0)
		return c;
	return strcmp(a->id, b->id);
}

static const char sql_feedback[] =
	"SELECT f.id, f.account, coalesce(a.name, f.account), f.area, f.request, f.text, f.author,"
	" f.currency, f.arr_minor, f.day FROM feedback f LEFT JOIN account a ON a.crm_id = f.account"
	" WHERE (?1 IS NULL OR a.main_owner = ?1) AND (?2 = 0 OR f.day >= ?2) AND (?3 = 0 OR f.day <= ?3)";

static int area_rank(const struct config *cfg, const char *area)
{
	const struct strlist *l = &cfg->feedback_areas;
	for (size_t i = 0; i < l->len; i++)
		if (strcmp(l->items[i], area) == 0)
			return (int)i;
	return (int)l->len;
}

static int load(sqlite3 *db, const struct config *cfg, const struct report_params *p,
		struct fb **out, size_t *n)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(db, sql_feedback, -1, &s, NULL) != SQLITE_OK)
		return error(_("cannot read the feedback: %s"), sqlite3_errmsg(db));
	if (p->owner)
		sqlite3_bind_text(s, 1, p->owner, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 2, p->from);
	sqlite3_bind_int(s, 3, p->until);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		struct fb *f = &(*out)[(*n)++];
		f->id = store_column_dup_empty(s, 0);
		f->account = store_column_dup_empty(s, 1);
		f->name = store_column_dup_empty(s, 2);
		f->area = store_column_dup_empty(s, 3);
		f->request = store_column_dup_empty(s, 4);
		f->text = store_column_dup_empty(s, 5);
		f->author = store_column_dup_empty(s, 6);
		f->currency = store_column_dup_empty(s, 7);
		f->arr = sqlite3_column_type(s, 8) == SQLITE_NULL ? INT64_MIN : sqlite3_column_int64(s, 8);
		f->day = sqlite3_column_int(s, 9);
		f->rank = area_rank(cfg, f->area);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return error(_("cannot read the feedback: %s"), sqlite3_errmsg(db));
	return 0;
}

/* What a group row sums: its counts, and the ARR asking (each account once). */
struct group {
	long long feedbacks, requests[4];
	struct strlist accounts;
	double arr;
	bool has_arr;
};

static int request_index(const char *request)
{
	for (int i = 0; feedback_requests[i]; i++)
		if (strcmp(feedback_requests[i], request) == 0)
			return i;
	return -1;
}

/* Indexes into the feedback by account, then latest day first, then id. */
static int cmp_by_account(const void *pa, const void *pb, void *ctx)
{
	const struct fb *f = ctx, *a = &f[*(const size_t *)pa], *b = &f[*(const size_t *)pb];
	int c = strcmp(a->account, b->account);
	if (c)
		return c;
	if (a->day != b->day)
		return a->day > b->day ? -1 : 1;
	return strcmp(b->id, a->id);
}

/* Sums f[from..to) into g: the counts, and each account once at the ARR of
 * its latest feedback there (accounts in id order). *no_arr counts the
 * accounts whose latest feedback had no ARR; no_rate the currencies
 * reports.rates lacks. */
static void sum_group(const struct config *cfg, const struct fb *f, size_t from, size_t to,
		      struct group *g, struct strlist *no_rate, int *no_arr)
{
	size_t m = to - from, *idx = xcalloc(m ? m : 1, sizeof(*idx));
	memset(g, 0, sizeof(*g));
	for (size_t i = 0; i < m; i++) {
		int k = request_index(f[from + i].request);
		idx[i] = from + i;
		g->feedbacks++;
		if (k >= 0)
			g->requests[k]++;
	}
	if (m > 1)   /* NULL when there is none: qsort of NULL is undefined */
		qsort_r(idx, m, sizeof(*idx), cmp_by_account, (void *)f);
	for (size_t i = 0; i < m; i++) {
		const struct fb *x = &f[idx[i]];
		double v;
		if (i && strcmp(f[idx[i - 1]].account, x->account) == 0)
			continue;   /* an older feedback of the same account */
		strlist_add(&g->accounts, x->account);
		if (x->arr == INT64_MIN) {
			if (no_arr)
				(*no_arr)++;
		} else if (report_convert(cfg, x->currency, report_amount(x->arr, x->currency), &v)) {
			g->arr += v;
			g->has_arr = true;
		} else if (no_rate && !strlist_has(no_rate, x->currency)) {
			strlist_add(no_rate, x->currency);
		}
	}
	free(idx);
}

/* A group row (level 0) with g's figures; g's accounts move into it. */
static void group_row(const struct config *cfg, struct report *r, const char *area, struct group *g)
{
	struct report_row *row = report_add_row(r, 0);
	report_cell_set_text(&row->cells[C_AREA], area);
	report_cell_set_int(&row->cells[C_FEEDBACKS], g->feedbacks);
	report_cell_set_int(&row->cells[C_ACCOUNTS], (long long)g->accounts.len);
	if (g->has_arr) {
		row->cells[C_ARR].type = CELL_MONEY;
		row->cells[C_ARR].d = g->arr;
		str_copy(row->cells[C_ARR].currency, sizeof(row->cells[C_ARR].currency), cfg->reports_currency);
	}
	report_cell_set_int(&row->cells[C_BUG], g->requests[0]);
	report_cell_set_int(&row->cells[C_MISSING], g->requests[1]);
	report_cell_set_int(&row->cells[C_USABILITY], g->requests[2]);
	report_cell_set_int(&row->cells[C_PRAISE], g->requests[3]);
	row->accounts = g->accounts;   /* moved */
	memset(&g->accounts, 0, sizeof(g->accounts));
}

int report_build_feedback(sqlite3 *db, const struct config *cfg, int today,
			  const struct report_params *p, struct report *out)
{
	struct fb *f = NULL;
	size_t n = 0;
	struct strlist no_rate = { 0 };
	int no_arr = 0;
	(void)today;
	if (load(db, cfg, p, &f, &n) < 0)
		return -1;
	if (n > 1)   /* NULL when there is no feedback: qsort of NULL is undefined */
		qsort(f, n, sizeof(*f), cmp_fb);

	report_init(out, REPORT_FEEDBACK, feedback_cols, C_COUNT);
	if (p->owner)
		out->title = xasprintf(_("Voice of the customer by product area: the accounts of %s"), p->owner);
	else
		out->title = xstrdup(_("Voice of the customer by product area"));
	out->formula = xasprintf(_(
		"Per product area (feedback.areas, in their order): the feedback recorded (csconsole "
		"feedback), from how many accounts, and the ARR asking: the sum over those accounts, each "
		"once, of the ARR its latest feedback in the area recorded (the account's ARR when it was "
		"said), in %s with reports.rates; then the count of each request type (bug, missing "
		"feature, usability, praise). Under each area, its feedback, latest first. The last row "
		"sums every area, each account once at its latest feedback's ARR."),
		cfg->reports_currency && *cfg->reports_currency ? cfg->reports_currency : "-");

	for (size_t i = 0; i < n;) {
		size_t j = i;
		struct group g;
		while (j < n && strcmp(f[j].area, f[i].area) == 0)
			j++;
		sum_group(cfg, f, i, j, &g, &no_rate, NULL);
		group_row(cfg, out, f[i].area, &g);
		for (size_t k = i; k < j; k++) {
			struct report_row *row = report_add_row(out, 1);
			report_cell_set_text(&row->cells[C_AREA], f[k].area);
			row->cells[C_DAY].type = CELL_DAY;
			row->cells[C_DAY].i = f[k].day;
			report_cell_set_text(&row->cells[C_ACCOUNT], f[k].account);
			report_cell_set_text(&row->cells[C_NAME], f[k].name);
			report_cell_set_text(&row->cells[C_REQUEST], f[k].request);
			if (f[k].arr != INT64_MIN) {
				row->cells[C_ARR].type = CELL_MONEY;
				row->cells[C_ARR].d = report_amount(f[k].arr, f[k].currency);
				str_copy(row->cells[C_ARR].currency, sizeof(row->cells[C_ARR].currency),
					 f[k].currency);
			}
			report_cell_set_text(&row->cells[C_TEXT], f[k].text);
			report_cell_set_text(&row->cells[C_AUTHOR], f[k].author);
			strlist_add(&row->accounts, f[k].account);
		}
		i = j;
	}
	if (n) {   /* every area: each account once, at its latest feedback's ARR */
		struct group total;
		sum_group(cfg, f, 0, n, &total, &no_rate, &no_arr);
		group_row(cfg, out, _("Total"), &total);
	} else {
		strlist_add(&out->notes, _("No feedback recorded (csconsole feedback records it)."));
	}
	for (size_t i = 0; i < no_rate.len; i++)
		report_note(out, _("ARR in %s has no rate to %s (reports.rates): it is left out of the ARR asking."),
		     no_rate.items[i], cfg->reports_currency && *cfg->reports_currency ? cfg->reports_currency : "-");
	if (no_arr)
		report_note(out, P_("%d account had no ARR when its latest feedback was recorded: counted, without ARR.",
			     "%d accounts had no ARR when their latest feedback was recorded: counted, without ARR.",
			     no_arr), no_arr);
	strlist_clear(&no_rate);
	for (size_t i = 0; i < n; i++) {
		free(f[i].id);
		free(f[i].account);
		free(f[i].name);
		free(f[i].area);
		free(f[i].request);
		free(f[i].text);
		free(f[i].author);
		free(f[i].currency);
	}
	free(f);
	return 0;
}
