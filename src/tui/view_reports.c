/* view_reports.c - the team lead's view (T): the reports of issue 17
 * (report.h) drawn from the struct report the core builds, the same one
 * `csconsole report` prints.
 *
 * A tab row names the reports this build can make (each is built when first
 * shown: a kind whose builder refuses is left out from then on); Left and
 * Right go from one to the next. The table's columns are aligned by display cells,
 * money with its currency, percentages, total rows in bold; a bar column
 * beside the figure a picture reads faster (retention's GRR, the forecast's
 * weighted ARR, the pipeline's amount, the feedback's ARR asking, the team's
 * main ARR), scaled among the rows of one level and one currency; for
 * retention a sparkline of GRR and NRR across the periods. Under the table
 * the report's formula and notes. p switches month/quarter and B the
 * grouping where the report takes them. Enter on a row opens the accounts
 * behind it (report_accounts_view_ops); Enter there opens an account's
 * detail view, as from the portfolio.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csconsole/book.h"
#include "csconsole/date.h"
#include "csconsole/i18n.h"
#include "csconsole/report.h"
#include "csconsole/text.h"
#include "csconsole/tui.h"

#define TEXT_COL_MAX 24    /* cells: a text column wider than this is fitted with an ellipsis */
#define TEXT_COL_MIN 10    /* cells: the least a row's name is narrowed to before it is hidden */
#define BAR_WIDTH 12       /* cells of the bar column (half on a screen under 100 columns) */
#define CELL_MAX 256

static const char *const retention_by[] = { "team", "owner", "segment", "touch_model", NULL };
/* the groupings as drawn (whole phrases: "team" alone is another msgid's) */
static const char *const by_titles[] = { N_("by team"), N_("by owner"), N_("by segment"), N_("by touch model") };

/* The reports in the tab row's order, and what each takes. */
static const struct report_tab {
	enum report_kind kind;
	const char *title;            /* N_(): the tab */
	bool period;                  /* takes month / quarter */
	const char *const *by;        /* the groupings it takes, NULL-ended; NULL: none */
	const char *bar;              /* the column drawn as bars too */
	const char *const spark[2];   /* columns drawn as sparklines across the totals' rows */
} tabs[] = {
	{ REPORT_RETENTION, N_("Retention"), true,  retention_by, "grr", { "grr", "nrr" } },
	{ REPORT_FORECAST,  N_("Forecast"),  true,  NULL, "weighted_arr", { NULL, NULL } },
	{ REPORT_PIPELINE,  N_("Pipeline"),  false, NULL, "amount_reporting", { NULL, NULL } },
	{ REPORT_FEEDBACK,  N_("Customer voice"), false, NULL, "arr", { NULL, NULL } },
	{ REPORT_TEAM,      N_("Team health"), false, NULL, "main_arr", { NULL, NULL } },
};
#define NTABS (sizeof(tabs) / sizeof(tabs[0]))

struct reports_view {
	struct report rep[NTABS];
	bool have[NTABS];             /* built (each when first shown) */
	bool refused[NTABS];          /* its builder refused: left out of the tabs */
	size_t cur;                   /* the tab shown */
	bool quarter;                 /* periods by quarter (else month) */
	size_t by;                    /* index into the tab's groupings */
	struct tui_list list;         /* over the current report's rows */
	size_t sel[NTABS];            /* the selection kept per tab */
};

/* ---- Cells --------------------------------------------------------------------- */

static bool numeric(enum report_cell_type t)
{
	return t == CELL_INT || t == CELL_MONEY || t == CELL_PERCENT;
}

/* ---- Building ------------------------------------------------------------------ */

static int build(struct tui *tui, struct reports_view *rv, size_t t, struct report *out)
{
	const struct report_tab *tab = &tabs[t];
	struct report_params p = { 0 };

	p.period = tab->period ? (rv->quarter ? "quarter" : "month") : NULL;
	p.by = tab->by ? tab->by[rv->by] : NULL;
	return report_build(tui->app->store.db, &tui->app->cfg, tui->app->today, tab->kind, &p, out);
}

/* Builds tab t again; on failure the report shown stays. */
static int rebuild(struct tui *tui, struct reports_view *rv, size_t t)
{
	struct report r;

	if (build(tui, rv, t, &r) < 0)
		return -1;
	if (rv->have[t])
		report_free(&rv->rep[t]);
	rv->rep[t] = r;
	rv->have[t] = true;
	return 0;
}

static void show(struct reports_view *rv, size_t t)
{
	rv->sel[rv->cur] = rv->list.sel;
	rv->cur = t;
	rv->list.len = rv->rep[t].nrows;
	rv->list.sel = rv->sel[t];
	rv->list.top = 0;
	tui_list_clamp(&rv->list, 1);
}

/* Builds tab t the first time it is shown; a kind whose builder refuses
 * (not part of this build, or failing) is left out of the tabs from then on. */
static int ensure(struct tui *tui, struct reports_view *rv, size_t t)
{
	if (rv->have[t])
		return 0;
	if (rv->refused[t] || rebuild(tui, rv, t) < 0) {
		rv->refused[t] = true;
		return -1;
	}
	return 0;
}

static int reports_open(struct tui *tui, struct view *view)
{
	struct reports_view *rv = xcalloc(1, sizeof(*rv));
	char why[512] = "";

	view->data = rv;
	for (size_t t = 0; t < NTABS; t++) {
		if (ensure(tui, rv, t) == 0) {
			rv->cur = t;
			show(rv, t);
			return 0;
		}
		if (!why[0])
			str_copy(why, sizeof(why), error_message());
	}
	return error(_("no report could be built: %s"), why);
}

static void reports_close(struct tui *tui, struct view *view)
{
	struct reports_view *rv = view->data;

	(void)tui;
	if (!rv)
		return;
	for (size_t t = 0; t < NTABS; t++)
		if (rv->have[t])
			report_free(&rv->rep[t]);
	free(rv);
	view->data = NULL;
}

static void reports_reload(struct tui *tui, struct view *view)
{
	struct reports_view *rv = view->data;
	size_t sel = rv->list.sel;

	for (size_t t = 0; t < NTABS; t++)
		if (rv->have[t] && rebuild(tui, rv, t) < 0)
			tui_error(tui, "%s", error_message());
	rv->list.len = rv->rep[rv->cur].nrows;
	rv->list.sel = sel;
	tui_list_clamp(&rv->list, 1);
}

/* ---- Drawing ------------------------------------------------------------------- */

/* A bar of `value / max` over width cells: whole blocks, then an eighth. */
static void bar_text(double value, double max, int width, char *out, size_t size)
{
	static const char *const eighths[] = { "", "\u258f", "\u258e", "\u258d", "\u258c",
					       "\u258b", "\u258a", "\u2589" };
	struct sbuf b = { 0 };
	long n = max > 0 && value > 0 ? lround(value / max * width * 8) : 0;

	if (n > (long)width * 8)
		n = (long)width * 8;
	for (long i = 0; i < n / 8; i++)
		sbuf_adds(&b, "\u2588");
	sbuf_adds(&b, eighths[n % 8]);
	str_copy(out, size, sbuf_str(&b));
	sbuf_free(&b);
}

/* The largest value of column c among rows of the same level and currency as row i. */
static double bar_max(const struct report *r, int c, size_t i)
{
	const struct report_cell *me = &r->rows[i].cells[c];
	double max = 0;

	for (size_t k = 0; k < r->nrows; k++) {
		const struct report_cell *o = &r->rows[k].cells[c];
		if (r->rows[k].level != r->rows[i].level || o->type != me->type)
			continue;
		if (o->type == CELL_MONEY && !str_eq(o->currency, me->currency))
			continue;
		if (o->d > max)
			max = o->d;
	}
	return max;
}

/* A sparkline of column c over the rows of level 0 (the periods' totals),
 * 8 levels between the lowest and the highest value; "" without values. */
static void sparkline(const struct report *r, int c, char *out, size_t size, double *last)
{
	static const char *const levels[] = { "\u2581", "\u2582", "\u2583", "\u2584",
					      "\u2585", "\u2586", "\u2587", "\u2588" };
	double lo = INFINITY, hi = -INFINITY;
	struct sbuf b = { 0 };

	for (size_t i = 0; i < r->nrows; i++) {
		const struct report_cell *x = &r->rows[i].cells[c];
		if (r->rows[i].level == 0 && x->type == CELL_PERCENT) {
			lo = fmin(lo, x->d);
			hi = fmax(hi, x->d);
			*last = x->d;
		}
	}
	for (size_t i = 0; lo <= hi && i < r->nrows; i++) {
		const struct report_cell *x = &r->rows[i].cells[c];
		if (r->rows[i].level != 0 || x->type != CELL_PERCENT)
			continue;
		int lv = hi > lo ? (int)lround((x->d - lo) / (hi - lo) * 7) : 4;
		sbuf_adds(&b, levels[lv]);
	}
	str_copy(out, size, sbuf_str(&b));
	sbuf_free(&b);
}

/* Adds text to l sanitized (a note may quote a feed's or a teammate's text). */
static void add_clean(struct strlist *l, const char *text)
{
	char *clean = text_sanitize(text, false);

	strlist_add(l, clean);
	free(clean);
}

/* The lines under the table: sparklines, the formula, the notes. */
static void footer_lines(struct tui *tui, const struct reports_view *rv, struct strlist *out)
{
	const struct report *r = &rv->rep[rv->cur];
	const struct report_tab *tab = &tabs[rv->cur];
	char spark[2][CELL_MAX], pct[2][32], line[CELL_MAX * 3];
	const char *sep = tui->utf8 ? " \u00b7 " : " | ";
	int n = 0;

	for (int s = 0; s < 2; s++) {
		int c = report_col_index(r, tab->spark[s]);
		double last = 0;
		spark[s][0] = '\0';
		if (c >= 0) {
			sparkline(r, c, spark[s], sizeof(spark[s]), &last);
			str_format(pct[s], sizeof(pct[s]), "%.1f%%", last * 100.0);
			n += spark[s][0] != '\0';
		}
	}
	if (n == 2) {
		/* TRANSLATORS: GRR and NRR as sparklines across the periods, then the latest period's figure */
		str_format(line, sizeof(line), _("GRR by period %s (latest %s)%sNRR %s (latest %s)"), spark[0],
			   pct[0], sep, spark[1], pct[1]);
		strlist_add(out, line);
	}
	if (r->formula) {
		char *f = xstrdup(r->formula), *save = NULL;
		for (char *l = strtok_r(f, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
			add_clean(out, l);
		free(f);
	}
	for (size_t i = 0; i < r->notes.len; i++)
		add_clean(out, r->notes.items[i]);
}

static void draw_tabs(struct tui *tui, const struct reports_view *rv, int y, int x, int w)
{
	const struct report_tab *tab = &tabs[rv->cur];
	char opts[256] = "";
	const char *sep = tui->utf8 ? " \u00b7 " : " | ";
	int at = x, need = 0;
	size_t shown = 0, pos = 0;
	bool all;

	tui_fill(y, x, w, ELEM_NORMAL);
	if (tab->period && tab->by)
		str_format(opts, sizeof(opts), "%s%s%s", rv->quarter ? _("quarter") : _("month"), sep,
			   _(by_titles[rv->by]));
	else if (tab->period)
		str_copy(opts, sizeof(opts), rv->quarter ? _("quarter") : _("month"));
	for (size_t t = 0; t < NTABS; t++)
		if (!rv->refused[t]) {
			need += text_width(_(tabs[t].title)) + 3;
			shown++;
			pos += t <= rv->cur;
		}
	/* every tab when they fit beside the options, else the current one and where it is */
	all = need + (opts[0] ? text_width(opts) + 1 : 0) <= w;
	for (size_t t = 0; t < NTABS && at < x + w; t++) {
		char label[96];
		if (rv->refused[t] || (!all && t != rv->cur))
			continue;
		if (all)
			str_format(label, sizeof(label), " %s ", _(tabs[t].title));
		else
			/* TRANSLATORS: the current report's tab when not every tab fits: its title, its place among the reports */
			str_format(label, sizeof(label), _(" %1$s (%2$zu/%3$zu) "), _(tabs[t].title), pos, shown);
		int lw = text_width(label);
		if (lw > x + w - at)
			lw = x + w - at;
		tui_put(y, at, lw, t == rv->cur ? ELEM_SELECTED : ELEM_DIM, ALIGN_LEFT, label);
		at += lw + 1;
	}
	if (opts[0] && at + 2 < x + w)
		tui_put(y, at + 1, x + w - at - 1, ELEM_TITLE, ALIGN_LEFT, opts);
}

static void reports_draw(struct tui *tui, struct view *view, struct tui_rect r)
{
	struct reports_view *rv = view->data;
	const struct report *rep = &rv->rep[rv->cur];
	const struct report_tab *tab = &tabs[rv->cur];
	size_t nc = rep->ncols;
	int bar_src = report_col_index(rep, tab->bar);
	struct tui_column *cols = xcalloc(nc + 1, sizeof(*cols));
	int *cell_of = xcalloc(nc + 1, sizeof(int));   /* layout column -> report column (-1: the bars) */
	size_t n = 0;
	bool has_detail = false;
	char buf[CELL_MAX], head[512];
	const char *sep = tui->utf8 ? " \u00b7 " : " | ";
	struct strlist foot = { 0 };

	for (size_t i = 0; i < rep->nrows; i++)
		has_detail |= rep->rows[i].level != 0;

	/* the header and the tabs */
	char *title = text_sanitize(rep->title ? rep->title : "", false);
	str_format(head, sizeof(head), " %s%s%s", _("Team lead's view"), sep, title);
	free(title);
	tui_fill(r.y, r.x, r.w, ELEM_HEADER);
	tui_put(r.y, r.x, r.w, ELEM_HEADER, ALIGN_LEFT, head);
	draw_tabs(tui, rv, r.y + 1, r.x, r.w);

	/* the columns: widths from the titles and cells; the first column is
	 * never hidden, then the bars and their figure, the figures, the text
	 * columns before the first figure (what a row is), counts, other text */
	bool leading = true;
	for (size_t c = 0; c < nc; c++) {
		const struct report_col *rc = &rep->cols[c];
		struct tui_column *col = &cols[n];
		col->title = _(rc->title);
		col->width = text_width(col->title);
		for (size_t i = 0; i < rep->nrows; i++) {
			report_cell_format(&rep->rows[i].cells[c], buf, sizeof(buf));
			int w = text_width(buf);
			if (w > col->width)
				col->width = w;
		}
		if (!numeric(rc->type) && col->width > TEXT_COL_MAX)
			col->width = TEXT_COL_MAX;
		col->align = numeric(rc->type) ? ALIGN_RIGHT : ALIGN_LEFT;
		if (numeric(rc->type))
			leading = false;
		col->priority = c == 0 ? 0 : (int)c == bar_src ? 1 : leading ? 5 + (int)c :
			rc->type == CELL_MONEY || rc->type == CELL_PERCENT ? 20 + (int)c :
			rc->type == CELL_INT ? 50 + (int)c : 80 + (int)c;
		cell_of[n++] = (int)c;
		if ((int)c == bar_src) {
			cols[n] = (struct tui_column){ .title = "", .width = r.w >= 100 ? BAR_WIDTH : BAR_WIDTH / 2,
						       .priority = 2, .align = ALIGN_LEFT };
			cell_of[n++] = -1;
		}
	}
	tui_columns_layout(cols, n, r.w - 2, 2);
	/* a wide text column that says what a row is (a name, "Total JPY")
	 * hidden on a narrow screen: shown narrower instead, taking what is left */
	for (size_t k = 1; k < n; k++) {
		int c = cell_of[k];
		if (c < 0 || cols[k].w > 0 || numeric(rep->cols[c].type) || cols[k].priority >= 20 ||
		    cols[k].width <= TEXT_COL_MIN)
			continue;
		cols[k].flex = true;
		cols[k].width = TEXT_COL_MIN;
		tui_columns_layout(cols, n, r.w - 2, 2);
		if (cols[k].w <= 0) {   /* no room even so: as it was */
			cols[k].flex = false;
			tui_columns_layout(cols, n, r.w - 2, 2);
		}
		break;
	}

	int foot_max = r.h > 12 ? r.h / 3 : 1;
	footer_lines(tui, rv, &foot);
	int nfoot = (int)foot.len < foot_max ? (int)foot.len : foot_max;
	int table_y = r.y + 3, body = r.h - 3 - (nfoot ? nfoot + 1 : 0);
	if (body < 1)
		body = 1;

	tui_fill(r.y + 2, r.x, r.w, ELEM_NORMAL);
	for (size_t k = 0; k < n; k++)
		if (cols[k].w > 0)
			tui_put(r.y + 2, r.x + 1 + cols[k].x, cols[k].w, ELEM_TITLE, cols[k].align, cols[k].title);

	tui_list_clamp(&rv->list, body);
	rv->list.y = table_y;
	if (rep->nrows == 0)
		tui_put_centered(table_y + body / 2, r.x, r.w, ELEM_NOTICE, _("no rows in this report"));
	for (int line = 0; line < body && rv->list.top + (size_t)line < rep->nrows; line++) {
		size_t i = rv->list.top + (size_t)line;
		const struct report_row *row = &rep->rows[i];
		bool selected = i == rv->list.sel;
		enum theme_element e = selected ? ELEM_SELECTED : has_detail && row->level == 0 ? ELEM_TITLE
												: ELEM_NORMAL;
		int y = table_y + line;
		tui_fill(y, r.x, r.w, selected ? ELEM_SELECTED : ELEM_NORMAL);
		for (size_t k = 0; k < n; k++) {
			if (cols[k].w <= 0)
				continue;
			if (cell_of[k] < 0) {
				const struct report_cell *v = &row->cells[bar_src];
				buf[0] = '\0';
				if (v->type == CELL_MONEY || v->type == CELL_PERCENT)
					bar_text(v->d, bar_max(rep, bar_src, i), cols[k].w, buf, sizeof(buf));
				tui_put(y, r.x + 1 + cols[k].x, cols[k].w, selected ? ELEM_SELECTED : ELEM_SPARKLINE,
					ALIGN_LEFT, buf);
				continue;
			}
			report_cell_format(&row->cells[cell_of[k]], buf, sizeof(buf));
			tui_put(y, r.x + 1 + cols[k].x, cols[k].w, e, cols[k].align, buf);
		}
	}
	for (int f = 0; f < nfoot; f++)
		tui_put(r.y + r.h - nfoot + f, r.x + 1, r.w - 2, f == 0 && foot.len && tabs[rv->cur].spark[0] &&
			strstr(foot.items[0], "\u2581") ? ELEM_SPARKLINE : ELEM_DIM, ALIGN_LEFT, foot.items[f]);

	size_t hidden = 0;
	for (size_t k = 0; k < n; k++)
		hidden += cols[k].w <= 0;
	if (hidden)
		/* TRANSLATORS: the status line's right end: the selected row, and columns left out on a narrow screen */
		str_format(tui->status_right, sizeof(tui->status_right),
			   P_("row %1$zu/%2$zu%3$s%4$zu column hidden", "row %1$zu/%2$zu%3$s%4$zu columns hidden",
			      hidden), rv->list.sel + 1, rep->nrows, sep, hidden);
	else
		str_format(tui->status_right, sizeof(tui->status_right), _("row %1$zu/%2$zu"),
			   rep->nrows ? rv->list.sel + 1 : 0, rep->nrows);
	strlist_clear(&foot);
	free(cols);
	free(cell_of);
}

/* ---- Keys ---------------------------------------------------------------------- */

static void step_tab(struct tui *tui, struct reports_view *rv, int dir)
{
	size_t t = rv->cur;

	for (size_t k = 0; k < NTABS; k++) {
		t = (t + NTABS + (size_t)(dir > 0 ? 1 : NTABS - 1)) % NTABS;
		if (rv->refused[t])
			continue;
		if (ensure(tui, rv, t) == 0) {
			show(rv, t);
			return;
		}
		tui_error(tui, "%s", error_message());
	}
}

static enum tui_result reports_key(struct tui *tui, struct view *view, enum tui_action action, int key)
{
	struct reports_view *rv = view->data;
	const struct report_tab *tab = &tabs[rv->cur];
	const struct report *rep = &rv->rep[rv->cur];

	(void)key;
	if (tui_list_key(&rv->list, action))
		return TUI_REDRAW;
	switch (action) {
	case ACTION_QUIT:
		return TUI_QUIT;
	case ACTION_REPORT_NEXT:
	case ACTION_REPORT_PREV:
		step_tab(tui, rv, action == ACTION_REPORT_NEXT ? 1 : -1);
		return TUI_REDRAW;
	case ACTION_PERIOD:
		if (!tab->period) {
			tui_message(tui, _("the %s report has no periods"), _(tab->title));
			return TUI_HANDLED;
		}
		rv->quarter = !rv->quarter;
		for (size_t t = 0; t < NTABS; t++)
			if (rv->have[t] && tabs[t].period && rebuild(tui, rv, t) < 0)
				tui_error(tui, "%s", error_message());
		rv->list.len = rv->rep[rv->cur].nrows;
		rv->list.sel = rv->list.top = 0;
		tui_message(tui, rv->quarter ? _("by quarter") : _("by month"));
		return TUI_REDRAW;
	case ACTION_GROUP_BY: {
		if (!tab->by) {
			tui_message(tui, _("the %s report has no grouping"), _(tab->title));
			return TUI_HANDLED;
		}
		size_t was = rv->by;
		rv->by = tab->by[rv->by + 1] ? rv->by + 1 : 0;
		if (rebuild(tui, rv, rv->cur) < 0) {
			rv->by = was;
			tui_error(tui, "%s", error_message());
			return TUI_HANDLED;
		}
		rv->list.len = rv->rep[rv->cur].nrows;
		rv->list.sel = rv->list.top = 0;
		tui_message(tui, "%s", _(by_titles[rv->by]));
		return TUI_REDRAW;
	}
	case ACTION_OPEN: {
		if (rep->nrows == 0)
			return TUI_HANDLED;
		const struct report_row *row = &rep->rows[rv->list.sel];
		char what[CELL_MAX * 2] = "", cell[CELL_MAX];
		if (row->accounts.len == 0) {
			tui_message(tui, _("no account behind this row"));
			return TUI_HANDLED;
		}
		/* the row named by its text cells: "2026-10 · whole team" */
		for (size_t c = 0; c < rep->ncols && c < 3; c++) {
			if (row->cells[c].type != CELL_TEXT && row->cells[c].type != CELL_DAY)
				continue;
			report_cell_format(&row->cells[c], cell, sizeof(cell));
			if (cell[0])
				str_format(what + strlen(what), sizeof(what) - strlen(what), "%s%s",
					   what[0] ? (tui->utf8 ? " \u00b7 " : " | ") : "", cell);
		}
		struct report_drill_arg arg = { _(tab->title), what, &row->accounts };
		if (tui_view_push(tui, &report_accounts_view_ops, &arg) < 0)
			tui_error(tui, "%s", error_message());
		return TUI_HANDLED;
	}
	default:
		return TUI_IGNORED;
	}
}

static enum tui_result reports_mouse(struct tui *tui, struct view *view, const MEVENT *ev)
{
	struct reports_view *rv = view->data;

	(void)tui;
	return tui_list_mouse(&rv->list, ev) ? TUI_REDRAW : TUI_IGNORED;
}

static const enum tui_action reports_hints[] = {
	ACTION_MOVE_DOWN, ACTION_MOVE_UP, ACTION_OPEN, ACTION_REPORT_NEXT, ACTION_PERIOD, ACTION_GROUP_BY,
	ACTION_HELP, ACTION_QUIT, ACTION_NONE,
};

static const enum tui_action reports_actions[] = {
	ACTION_MOVE_DOWN, ACTION_MOVE_UP, ACTION_MOVE_FIRST, ACTION_MOVE_LAST, ACTION_PAGE_DOWN,
	ACTION_PAGE_UP, ACTION_HALF_PAGE_DOWN, ACTION_HALF_PAGE_UP, ACTION_REDRAW, ACTION_OPEN,
	ACTION_REPORT_NEXT, ACTION_REPORT_PREV, ACTION_PERIOD, ACTION_GROUP_BY, ACTION_SYNC, ACTION_HELP,
	ACTION_CLOSE, ACTION_QUIT, ACTION_NONE,
};

const struct view_ops reports_view_ops = {
	.name = "reports",
	.open = reports_open,
	.draw = reports_draw,
	.key = reports_key,
	.mouse = reports_mouse,
	.reload = reports_reload,
	.close = reports_close,
	.hints = reports_hints,
	.actions = reports_actions,
};

/* ---- The accounts behind a row ------------------------------------------------- */

struct drill_view {
	char *title;                  /* "Retention · 2026-10 · whole team" (owned) */
	struct strlist ids;           /* the accounts, in the report's order */
	struct book book;             /* the team's accounts */
	const struct book_row **row;  /* per id: its row in book, or NULL (no longer listed) */
	struct tui_list list;
};

static int drill_load(struct tui *tui, struct drill_view *dv)
{
	struct book b;

	if (book_query(&tui->app->store, tui->app->cfg.me, SCOPE_TEAM, tui->app->today, NULL, BOOK_SORT_NAME,
		       false, &b) < 0)
		return -1;
	book_free(&dv->book);
	dv->book = b;
	free(dv->row);
	dv->row = xcalloc(dv->ids.len ? dv->ids.len : 1, sizeof(*dv->row));
	for (size_t i = 0; i < dv->ids.len; i++)
		for (size_t k = 0; k < b.len; k++)
			if (str_eq(b.rows[k].crm_id, dv->ids.items[i])) {
				dv->row[i] = &b.rows[k];
				break;
			}
	dv->list.len = dv->ids.len;
	tui_list_clamp(&dv->list, 1);
	return 0;
}

static int drill_open(struct tui *tui, struct view *view)
{
	const struct report_drill_arg *arg = view->arg;
	struct drill_view *dv = xcalloc(1, sizeof(*dv));
	const char *sep = tui->utf8 ? " \u00b7 " : " | ";
	char title[512];

	view->data = dv;
	str_format(title, sizeof(title), "%s%s%s", arg->report, arg->row[0] ? sep : "", arg->row);
	dv->title = xstrdup(title);
	strlist_copy(&dv->ids, arg->accounts);
	return drill_load(tui, dv);
}

static void drill_close(struct tui *tui, struct view *view)
{
	struct drill_view *dv = view->data;

	(void)tui;
	if (!dv)
		return;
	free(dv->title);
	strlist_clear(&dv->ids);
	book_free(&dv->book);
	free(dv->row);
	free(dv);
	view->data = NULL;
}

static void drill_reload(struct tui *tui, struct view *view)
{
	if (drill_load(tui, view->data) < 0)
		tui_error(tui, "%s", error_message());
}

enum { DC_ID, DC_NAME, DC_OWNER, DC_ARR, DC_HEALTH, DC_RENEWAL, DC_COUNT };

static void drill_draw(struct tui *tui, struct view *view, struct tui_rect r)
{
	struct drill_view *dv = view->data;
	struct tui_column cols[DC_COUNT] = {
		[DC_ID] = { N_("Account"), 8, 0, false, ALIGN_LEFT, 0, 0 },
		[DC_NAME] = { N_("Name"), 12, 0, true, ALIGN_LEFT, 0, 0 },
		[DC_OWNER] = { N_("Owner"), 8, 3, false, ALIGN_LEFT, 0, 0 },
		[DC_ARR] = { N_("ARR"), 14, 1, false, ALIGN_RIGHT, 0, 0 },
		[DC_HEALTH] = { N_("Health"), 6, 2, false, ALIGN_RIGHT, 0, 0 },
		[DC_RENEWAL] = { N_("Renewal"), 10, 4, false, ALIGN_LEFT, 0, 0 },
	};
	char line[640], cell[128];

	/* TRANSLATORS: the drill-down's header: the report and its row, then how many accounts */
	str_format(line, sizeof(line), P_(" %1$s: %2$zu account", " %1$s: %2$zu accounts", dv->ids.len), dv->title,
		   dv->ids.len);
	tui_fill(r.y, r.x, r.w, ELEM_HEADER);
	tui_put(r.y, r.x, r.w, ELEM_HEADER, ALIGN_LEFT, line);
	for (size_t k = 0; k < DC_COUNT; k++) {
		cols[k].title = _(cols[k].title);
		if (text_width(cols[k].title) > cols[k].width)
			cols[k].width = text_width(cols[k].title);
	}
	tui_columns_layout(cols, DC_COUNT, r.w - 2, 2);
	tui_fill(r.y + 1, r.x, r.w, ELEM_NORMAL);
	for (size_t k = 0; k < DC_COUNT; k++)
		if (cols[k].w > 0)
			tui_put(r.y + 1, r.x + 1 + cols[k].x, cols[k].w, ELEM_TITLE, cols[k].align, cols[k].title);
	int body = r.h - 2;
	tui_list_clamp(&dv->list, body);
	dv->list.y = r.y + 2;
	for (int l = 0; l < body && dv->list.top + (size_t)l < dv->ids.len; l++) {
		size_t i = dv->list.top + (size_t)l;
		const struct book_row *b = dv->row[i];
		bool sel = i == dv->list.sel;
		int y = r.y + 2 + l;
		enum theme_element n = sel ? ELEM_SELECTED : ELEM_NORMAL;
		tui_fill(y, r.x, r.w, n);
		for (size_t k = 0; k < DC_COUNT; k++) {
			enum theme_element e = n;
			if (cols[k].w <= 0)
				continue;
			cell[0] = '\0';
			switch (k) {
			case DC_ID: {
				char *clean = text_sanitize(dv->ids.items[i], false);
				str_copy(cell, sizeof(cell), clean);
				free(clean);
				break;
			}
			case DC_NAME:
				str_copy(cell, sizeof(cell), b ? b->name : _("(not listed in the accounts feed now)"));
				if (!b && !sel)
					e = ELEM_DIM;
				break;
			case DC_OWNER:
				str_copy(cell, sizeof(cell), b && b->main_owner ? b->main_owner : "");
				break;
			case DC_ARR:
				if (b && b->arr_minor != INT64_MIN)
					money_format(b->arr_minor, b->currency, cell, sizeof(cell));
				break;
			case DC_HEALTH:
				if (b && b->has_health) {
					str_format(cell, sizeof(cell), "%.0f", b->health);
					if (!sel)
						e = tui_band_element(&tui->app->cfg, b->health);
				}
				break;
			case DC_RENEWAL:
				if (b)
					day_format_or_dash(b->renewal_day, tui->app->cfg.date_format, cell, sizeof(cell));
				break;
			}
			tui_put(y, r.x + 1 + cols[k].x, cols[k].w, e, cols[k].align, cell);
		}
	}
	str_format(tui->status_right, sizeof(tui->status_right), _("account %1$zu/%2$zu"),
		   dv->ids.len ? dv->list.sel + 1 : 0, dv->ids.len);
}

static enum tui_result drill_key(struct tui *tui, struct view *view, enum tui_action action, int key)
{
	struct drill_view *dv = view->data;

	(void)key;
	if (tui_list_key(&dv->list, action))
		return TUI_REDRAW;
	switch (action) {
	case ACTION_QUIT:
		return TUI_QUIT;
	case ACTION_OPEN:
		if (dv->ids.len && tui_view_push(tui, &detail_view_ops, dv->ids.items[dv->list.sel]) < 0)
			tui_error(tui, "%s", error_message());
		return TUI_HANDLED;
	default:
		return TUI_IGNORED;
	}
}

static enum tui_result drill_mouse(struct tui *tui, struct view *view, const MEVENT *ev)
{
	struct drill_view *dv = view->data;

	(void)tui;
	return tui_list_mouse(&dv->list, ev) ? TUI_REDRAW : TUI_IGNORED;
}

static const enum tui_action drill_hints[] = {
	ACTION_MOVE_DOWN, ACTION_MOVE_UP, ACTION_OPEN, ACTION_HELP, ACTION_QUIT, ACTION_NONE,
};

static const enum tui_action drill_actions[] = {
	ACTION_MOVE_DOWN, ACTION_MOVE_UP, ACTION_MOVE_FIRST, ACTION_MOVE_LAST, ACTION_PAGE_DOWN,
	ACTION_PAGE_UP, ACTION_HALF_PAGE_DOWN, ACTION_HALF_PAGE_UP, ACTION_REDRAW, ACTION_OPEN,
	ACTION_SYNC, ACTION_HELP, ACTION_CLOSE, ACTION_QUIT, ACTION_NONE,
};

const struct view_ops report_accounts_view_ops = {
	.name = "report-accounts",
	.open = drill_open,
	.draw = drill_draw,
	.key = drill_key,
	.mouse = drill_mouse,
	.reload = drill_reload,
	.close = drill_close,
	.hints = drill_hints,
	.actions = drill_actions,
};
