/* view_accounts_draw.c - the portfolio's screen: the two header lines (who,
 * what needs attention), the column titles with the sort's arrow, the rows
 * laid out by columns.h's hiding order, the empty states, and the status
 * line's right side. What it draws is view_accounts.c's (view_accounts.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csconsole/date.h"
#include "csconsole/display.h"
#include "csconsole/i18n.h"
#include "csconsole/text.h"
#include "csconsole/tui_labels.h"
#include "view_accounts.h"

#define NAME_MIN_WIDTH 20
#define COLUMN_GAP 2
#define HEADER_LINES 2          /* who/what, then what needs attention */

static void ago(int64_t seconds, char *out, size_t size)
{
	if (seconds < 60)
		str_copy(out, size, _("synced just now"));
	else if (seconds < 3600)
		str_format(out, size, _("synced %lldm ago"), (long long)(seconds / 60));
	else if (seconds < 86400)
		str_format(out, size, _("synced %lldh ago"), (long long)(seconds / 3600));
	else
		str_format(out, size, _("synced %lldd ago"), (long long)(seconds / 86400));
}

static void draw_header(struct tui *tui, struct accounts_view *av, struct tui_rect r)
{
	struct app *app = tui->app;
	const struct book_summary *s = &av->sum;
	const char *dot = tui->utf8 ? " · " : " | ";
	char left[512], right[128], date[64], when[64], money[64];
	struct sbuf b = { 0 };
	int right_w;

	/* line 1: who, how many, ARR; sync state and today on the right */
	sbuf_addf(&b, " csconsole%s%s%s", dot, str_empty(app->cfg.me) ? _("(no handle)") : app->cfg.me, dot);
	if (av->partial)   /* the team's first rows: its counts come with the rest */
		sbuf_adds(&b, _("the team's accounts are loading"));
	else if (s->accounts > 0)
		sbuf_addf(&b, P_("%zu account: %zu main, %zu sub, %zu covering",
				 "%zu accounts: %zu main, %zu sub, %zu covering", s->accounts),
			  s->accounts, s->main, s->sub, s->covering);
	else
		sbuf_addf(&b, P_("%zu account", "%zu accounts", s->accounts), s->accounts);
	str_copy(left, sizeof(left), sbuf_str(&b));
	sbuf_reset(&b);
	for (size_t i = 0; i < s->n_arr; i++) {
		display_money_header(&app->cfg, s->arr[i].arr_minor, s->arr[i].currency, money, sizeof(money));
		sbuf_addf(&b, "%s%s", i ? " + " : _("  ARR "), money);
	}
	display_day_long(&app->cfg, app->today, date, sizeof(date));
	if (tui_sync_elapsed(tui) >= 0)
		str_format(right, sizeof(right), tui->utf8 ? _("⟳ syncing %ds%s%s ") : _("syncing %ds%s%s "),
			   tui_sync_elapsed(tui), dot, date);
	else
		str_format(right, sizeof(right), "%s ", date);
	right_w = text_width(right);
	/* the ARR only when it fits whole: a cut amount would mislead */
	if (b.len && text_width(left) + text_width(sbuf_str(&b)) <= r.w - right_w - 2)
		str_format(left + strlen(left), sizeof(left) - strlen(left), "%s", sbuf_str(&b));
	sbuf_reset(&b);
	tui_fill(r.y, r.x, r.w, ELEM_HEADER);
	if (right_w < r.w / 2) {
		tui_put(r.y, r.x + r.w - right_w, right_w, ELEM_HEADER, ALIGN_LEFT, right);
		tui_put(r.y, r.x, r.w - right_w - 1, ELEM_HEADER, ALIGN_LEFT, left);
	} else {
		tui_put(r.y, r.x, r.w, ELEM_HEADER, ALIGN_LEFT, left);
	}

	/* line 2: what needs attention, then the last sync (flagged when stale) */
	int x = r.x + 1, y = r.y + 1;
	struct { size_t n; enum theme_element e; } counts[] = {
		{ s->overdue, ELEM_OVERDUE },
		{ s->renewals_near, ELEM_RENEWAL_NEAR },
		{ s->health_drops, ELEM_DELTA_DOWN },
		{ s->high_risks, ELEM_RISK_HIGH },
	};
	char item[160];
	for (size_t i = 0; i < ARRAY_SIZE(counts) && !av->partial; i++) {
		size_t n = counts[i].n;
		switch (i) {
		case 0: str_format(item, sizeof(item), P_("%zu overdue", "%zu overdue", n), n); break;
		case 1: str_format(item, sizeof(item), P_("%zu renewing in %dd", "%zu renewing in %dd", n), n,
				   s->nearest_window); break;
		case 2: str_format(item, sizeof(item), P_("%zu health drop", "%zu health drops", n), n); break;
		default: str_format(item, sizeof(item), P_("%zu high risk", "%zu high risks", n), n); break;
		}
		int w = text_width(item);
		if (x + (i > 0 ? 3 : 0) + w >= r.x + r.w)
			break;
		if (i > 0) {                  /* a separator only before an item drawn */
			tui_put(y, x, 3, ELEM_DIM, ALIGN_LEFT, dot);
			x += 3;
		}
		tui_put(y, x, w, counts[i].n ? counts[i].e : ELEM_DIM, ALIGN_LEFT, item);
		x += w;
	}
	if (av->covering_for[0])
		str_format(item, sizeof(item), _("covering %zu for %s"), s->covering, av->covering_for);
	else
		str_copy(item, sizeof(item), _("covering none"));
	int w = text_width(item);
	if (!av->partial && x + 3 + w < r.x + r.w) {
		tui_put(y, x, 3, ELEM_DIM, ALIGN_LEFT, dot);
		tui_put(y, x + 3, w, s->covering ? ELEM_ROLE_COVERING : ELEM_DIM, ALIGN_LEFT, item);
		x += 3 + w;
	}
	if (s->has_last_sync) {
		ago(ts_now() - s->last_sync, when, sizeof(when));
		if (s->sync_stale)
			str_format(item, sizeof(item), _("%s (stale)"), when);
		else
			str_copy(item, sizeof(item), when);
	} else {
		str_copy(item, sizeof(item), _("never synced"));
	}
	w = text_width(item);
	if (x + 2 + w <= r.x + r.w - 1)
		tui_put(y, r.x + r.w - 1 - w, w, s->sync_stale ? ELEM_NOTICE : ELEM_DIM, ALIGN_LEFT, item);
	sbuf_free(&b);
}

static void layout(const struct accounts_view *av, int width, struct tui_column cols[PCOL_COUNT])
{
	for (int i = 0; i < av->n_cols; i++) {
		int c = av->cols[i], w = 0;
		switch (c) {
		case PCOL_ACCOUNT:   w = NAME_MIN_WIDTH; break;
		case PCOL_ROLE:      w = av->w.role; break;
		case PCOL_OTHER:     w = av->w.other; break;
		case PCOL_TOUCH:     w = av->w.touch; break;
		case PCOL_STAGE:     w = av->w.stage; break;
		case PCOL_ARR:       w = av->w.arr; break;
		case PCOL_HEALTH:    w = 6; break;
		case PCOL_TREND:     w = 12; break;
		case PCOL_DELTA:     w = 4; break;
		case PCOL_RISK:      w = av->w.risk; break;
		case PCOL_BLIND:     w = max_int(6, max_int(text_width(tui_blind_label(BLIND_HIDDEN)),
							    text_width(tui_blind_label(BLIND_QUIET)))); break;
		case PCOL_RENEWAL:   w = av->w.date; break;
		case PCOL_DAYS:      w = 6; break;
		case PCOL_NEXT:      w = 8; break;
		case PCOL_SENTIMENT: w = av->w.sent; break;
		}
		/* the (translated) title fits, with room for the sort arrow beside it */
		w = max_int(w, text_width(_(accounts_columns[c].title)) + (accounts_column_sort[c] >= 0 ? 1 : 0));
		cols[i] = (struct tui_column){
			.title = _(accounts_columns[c].title), .width = w, .priority = accounts_columns[c].priority,
			.flex = c == PCOL_ACCOUNT, .align = accounts_columns[c].right ? ALIGN_RIGHT : ALIGN_LEFT,
		};
	}
	/* one cell of margin on the left */
	tui_columns_layout(cols, (size_t)av->n_cols, width - 1, COLUMN_GAP);
	for (int i = 0; i < av->n_cols; i++)
		cols[i].x += 1;
}

/* One cell's text and colours. */
static enum theme_element cell(struct tui *tui, const struct book_row *row, int c, char *out, size_t size)
{
	const struct config *cfg = &tui->app->cfg;
	int today = tui->app->today;

	switch (c) {
	case PCOL_ACCOUNT:
		str_copy(out, size, row->name);
		return ELEM_NORMAL;
	case PCOL_ROLE:
		str_copy(out, size, role_label(book_role_name(row->role)));
		return row->role == ROLE_COVERING ? ELEM_ROLE_COVERING : ELEM_NORMAL;
	case PCOL_OTHER:
		str_copy(out, size, row->other_owner ? row->other_owner : "-");
		return row->other_owner ? ELEM_NORMAL : ELEM_DIM;
	case PCOL_TOUCH:
		str_copy(out, size, touch_model_label(cfg, row->touch_model));
		return ELEM_NORMAL;
	case PCOL_STAGE:
		str_copy(out, size, stage_label(row->stage));
		return ELEM_NORMAL;
	case PCOL_ARR:
		money_format(row->arr_minor, row->currency, out, size);
		return row->arr_minor == INT64_MIN ? ELEM_DIM : ELEM_NORMAL;
	case PCOL_HEALTH:
		book_format_health(row, out, size);
		if (!out[0])
			str_copy(out, size, "-");
		return row->has_health ? tui_band_element(cfg, row->health) : ELEM_DIM;
	case PCOL_TREND:
		book_sparkline(row, tui->utf8, out, size);
		return ELEM_SPARKLINE;
	case PCOL_DELTA:
		book_format_delta(row, out, size);
		return tui_delta_element(row->has_health_delta ? health_round(row->health_delta4w) : 0);
	case PCOL_RISK:
		accounts_format_risk(cfg, row, out, size);
		return row->top_risk_severity == RISK_HIGH ? ELEM_RISK_HIGH :
		       row->top_risk_severity == RISK_MEDIUM ? ELEM_RISK_MEDIUM :
		       row->open_risks ? ELEM_NORMAL : ELEM_DIM;
	case PCOL_BLIND:
		str_copy(out, size, tui_blind_label(row->blind));
		return row->blind == BLIND_HIDDEN ? ELEM_RISK_HIGH : row->blind == BLIND_QUIET ? ELEM_NORMAL : ELEM_DIM;
	case PCOL_RENEWAL:
		if (row->renewal_day == DAY_NONE)
			str_copy(out, size, "-");
		else
			display_day(cfg, row->renewal_day, out, size);
		return tui_renewal_element(cfg, row->renewal_day, row->days_left);
	case PCOL_DAYS:
		if (row->renewal_day == DAY_NONE)
			str_copy(out, size, "-");
		else
			str_format(out, size, _("%dd"), row->days_left);
		return tui_renewal_element(cfg, row->renewal_day, row->days_left);
	case PCOL_NEXT:
		if (row->next_touch_day == DAY_NONE) {
			str_copy(out, size, "-");
			return ELEM_DIM;
		}
		if (row->next_touch_day < today) {
			str_format(out, size, _("%dd late"), today - row->next_touch_day);
			return ELEM_OVERDUE;
		}
		if (row->next_touch_day == today) {
			str_copy(out, size, _("today"));
			return ELEM_DUE_TODAY;
		}
		str_format(out, size, _("in %dd"), row->next_touch_day - today);
		return ELEM_NORMAL;
	case PCOL_SENTIMENT:
		str_copy(out, size, sentiment_label(cfg, row->last_sentiment));
		return tui_sentiment_element(cfg, row->last_sentiment);
	}
	out[0] = '\0';
	return ELEM_NORMAL;
}

static void draw_row(struct tui *tui, const struct book_row *row, bool selected, bool match, int y,
		     const struct accounts_view *av, const struct tui_column *cols, int width)
{
	char text[256];

	if (selected)
		tui_fill(y, 0, width, ELEM_SELECTED);
	for (int i = 0; i < av->n_cols; i++) {
		if (cols[i].w <= 0)
			continue;
		enum theme_element e = cell(tui, row, av->cols[i], text, sizeof(text));
		if (av->cols[i] == PCOL_ACCOUNT && match)
			e = ELEM_SEARCH_MATCH;
		tui_put(y, cols[i].x, cols[i].w, selected ? ELEM_SELECTED : e, cols[i].align, text);
	}
}

static const char *sort_arrow(const struct tui *tui, bool descending)
{
	if (tui->utf8)
		return descending ? "▼" : "▲";
	return descending ? "v" : "^";
}

/* The scope, sort, filters and search in force, then the position: always shown. */
static void status_right(struct tui *tui, const struct accounts_view *av)
{
	const char *dot = tui->utf8 ? " · " : " | ";
	struct sbuf b = { 0 };
	char filters[256];

	sbuf_addf(&b, "%s%s%s%s%s", tui_scope_label(av->scope), dot, tui_sort_label(av->sort),
		  av->descending ? " " : "", av->descending ? sort_arrow(tui, true) : "");
	book_filter_format(&av->filter, filters, sizeof(filters));
	if (filters[0])
		sbuf_addf(&b, "%s%s", dot, filters);
	if (av->searching && av->typing[0])
		sbuf_addf(&b, "%s/%s (%zu)", dot, av->typing, av->n_match);
	else if (!av->searching && av->search[0])
		sbuf_addf(&b, "%s/%s (%zu)", dot, av->search, av->n_match);
	if (av->partial)   /* the number of rows is not known yet */
		sbuf_addf(&b, "%s%s  %zu/%s", dot, _("loading"), av->list.sel + 1, tui->utf8 ? "…" : "...");
	else if (av->n_order > 0)
		sbuf_addf(&b, "  %zu/%zu", av->list.sel + 1, av->n_order);
	str_copy(tui->status_right, sizeof(tui->status_right), sbuf_str(&b));
	sbuf_free(&b);
}

static void draw_empty(struct tui *tui, struct accounts_view *av, struct tui_rect r)
{
	struct app *app = tui->app;
	char line[512], ks[32], kf[32], filters[256];
	int y = r.y + r.h / 2 - 2;

	book_filter_format(&av->filter, filters, sizeof(filters));
	if (!av->load_failed && av->book.len > 0 && filters[0]) {
		tui_action_key_name(tui, ACTION_FILTER_CLEAR, kf, sizeof(kf));
		str_format(line, sizeof(line), _("no account in scope %s matches %s"), tui_scope_label(av->scope),
			   filters);
		tui_put_centered(y, r.x, r.w, ELEM_NOTICE, line);
		str_format(line, sizeof(line), _("%s clears the filters"), kf[0] ? kf : "filter-clear");
		tui_put_centered(y + 1, r.x, r.w, ELEM_NORMAL, line);
		return;
	}
	if (!av->load_failed && av->scope != SCOPE_MINE && !str_empty(app->cfg.me)) {
		tui_action_key_name(tui, ACTION_SCOPE, ks, sizeof(ks));
		str_format(line, sizeof(line), _("no accounts in scope %s"), tui_scope_label(av->scope));
		tui_put_centered(y, r.x, r.w, ELEM_NOTICE, line);
		str_format(line, sizeof(line), _("%s changes the scope"), ks[0] ? ks : "scope");
		tui_put_centered(y + 1, r.x, r.w, ELEM_NORMAL, line);
		return;
	}
	if (av->load_failed) {
		tui_put_centered(y, r.x, r.w, ELEM_NOTICE, _("the accounts could not be loaded"));
		tui_put_centered(y + 1, r.x, r.w, ELEM_NORMAL, _("the reason is in the status line below"));
		return;
	}
	if (str_empty(app->cfg.me)) {
		tui_put_centered(y, r.x, r.w, ELEM_NOTICE, _("who am I? no CSM handle is set"));
		tui_put_centered(y + 1, r.x, r.w, ELEM_NORMAL,
				 _("set `me` in the config (or --me HANDLE, or $USER)"));
	} else {
		str_format(line, sizeof(line), _("no accounts for %s"), app->cfg.me);
		tui_put_centered(y, r.x, r.w, ELEM_NOTICE, line);
		tui_put_centered(y + 1, r.x, r.w, ELEM_NORMAL,
				 _("run csconsole sync, or check `me` in the config"));
	}
	str_format(line, sizeof(line), _("configuration: %s"), app->cfg.file ? app->cfg.file : _("none (built-in defaults)"));
	tui_put_centered(y + 3, r.x, r.w, ELEM_DIM, line);
	tui_put_centered(y + 4, r.x, r.w, ELEM_DIM, _("csconsole doctor shows every setting and where it came from"));
}

void accounts_draw(struct tui *tui, struct view *view, struct tui_rect r)
{
	struct accounts_view *av = view->data;
	struct tui_column cols[PCOL_COUNT];
	struct tui_rect body = { r.y + HEADER_LINES + 1, r.x, r.h - HEADER_LINES - 1, r.w };
	char title[64];

	if (av->n_pending > 0 && !tui->message[0])
		accounts_pending_message(tui, av);   /* what waits stays said (C-l, a tick) */
	draw_header(tui, av, r);
	if (av->n_order == 0) {
		draw_empty(tui, av, body);
		status_right(tui, av);
		return;
	}
	layout(av, r.w, cols);
	memcpy(av->shown, cols, sizeof(av->shown));
	av->title_y = r.y + HEADER_LINES;
	bool marked = false;   /* the arrow goes on the first shown column of the sort */
	for (int i = 0; i < av->n_cols; i++) {
		if (cols[i].w <= 0)
			continue;
		if (!marked && accounts_column_sort[av->cols[i]] == (int)av->sort) {
			const char *arrow = sort_arrow(tui, av->descending);
			if (cols[i].align == ALIGN_RIGHT)
				str_format(title, sizeof(title), "%s%s", arrow, cols[i].title);
			else
				str_format(title, sizeof(title), "%s%s", cols[i].title, arrow);
			marked = true;
		} else {
			str_copy(title, sizeof(title), cols[i].title);
		}
		tui_put(r.y + HEADER_LINES, cols[i].x, cols[i].w, ELEM_TITLE, cols[i].align, title);
	}

	tui_list_clamp(&av->list, body.h);
	av->list.y = body.y;
	for (int i = 0; i < body.h && av->list.top + (size_t)i < av->n_order; i++) {
		size_t pos = av->list.top + (size_t)i, row = av->order[pos];
		draw_row(tui, &av->book.rows[row], pos == av->list.sel, av->match && av->match[row],
			 body.y + i, av, cols, r.w);
	}
	status_right(tui, av);
}
