/* view_accounts.c - the account list: my book, one row per account.
 *
 * The rows come from book_load() (the same query as `csconsole accounts`);
 * this file only lays them out. Columns hide in priority order on narrow
 * terminals (see the column table below); the account name takes the rest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csconsole/book.h"
#include "csconsole/date.h"
#include "csconsole/text.h"
#include "csconsole/tui.h"

/* Columns: X(id, title, align, priority). Priority 0 is never hidden;
 * higher numbers hide first when the terminal is narrow. */
#define ACCOUNT_COLUMNS(X) \
	X(NAME,    "ACCOUNT", ALIGN_LEFT,  0) \
	X(ROLE,    "ROLE",    ALIGN_LEFT,  3) \
	X(OTHER,   "OTHER",   ALIGN_LEFT,  4) \
	X(HEALTH,  "HEALTH",  ALIGN_RIGHT, 1) \
	X(DELTA,   "4W",      ALIGN_RIGHT, 5) \
	X(RENEWAL, "RENEWAL", ALIGN_LEFT,  2) \
	X(DAYS,    "DAYS",    ALIGN_RIGHT, 0)

enum account_column {
#define COLUMN_ENUM(id, title, align, prio) COL_##id,
	ACCOUNT_COLUMNS(COLUMN_ENUM)
#undef COLUMN_ENUM
	COL_COUNT
};

static const struct tui_column column_defaults[COL_COUNT] = {
#define COLUMN_INIT(id, t, a, prio) [COL_##id] = { .title = t, .align = a, .priority = prio },
	ACCOUNT_COLUMNS(COLUMN_INIT)
#undef COLUMN_INIT
};

#define NAME_MIN_WIDTH 16
#define OTHER_MAX_WIDTH 14
#define COLUMN_GAP 2

struct accounts_view {
	struct book book;
	struct tui_list list;
	enum book_scope scope;
	char owner[65];                 /* the owner filter; "" = any */
	char search[256];               /* the search in force (n/N); "" = none */
	char typing[256];               /* the search being typed after / */
	bool searching;                 /* the / input is open */
	bool *match;                    /* per row: matches the search (name or notes) */
	size_t n_match;
	size_t search_from;             /* the row selected when / was pressed */
	bool load_failed;
	size_t n_role[4];               /* rows per enum book_role */
	int w_role, w_other, w_date;    /* widest value of each column */
};

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

/* The widest date the date format produces: one date in each month. */
static int date_width(const char *fmt, int today)
{
	int y, m, d, w = 0;
	char buf[64];

	day_to_ymd(today, &y, &m, &d);
	for (int month = 1; month <= 12; month++) {
		day_format(day_from_ymd(y, month, 28), fmt, buf, sizeof(buf));
		w = max_int(w, text_width(buf));
	}
	return w;
}

/* The sort in force (a sort key is a later piece: renewal, as book_load). */
#define ACCOUNTS_SORT BOOK_SORT_RENEWAL

static void measure(struct tui *tui, struct accounts_view *av)
{
	struct app *app = tui->app;

	memset(av->n_role, 0, sizeof(av->n_role));
	av->list.len = av->book.len;
	av->w_role = text_width(column_defaults[COL_ROLE].title);
	av->w_other = text_width(column_defaults[COL_OTHER].title);
	for (size_t i = 0; i < av->book.len; i++) {
		const struct book_row *r = &av->book.rows[i];
		if ((unsigned)r->role < ARRAY_SIZE(av->n_role))
			av->n_role[r->role]++;
		av->w_role = max_int(av->w_role, text_width(book_role_name(r->role)));
		if (r->other_owner)
			av->w_other = max_int(av->w_other, text_width(r->other_owner));
	}
	if (av->w_other > OTHER_MAX_WIDTH)
		av->w_other = OTHER_MAX_WIDTH;
	av->w_date = max_int(date_width(app->cfg.date_format, app->today),
			     text_width(column_defaults[COL_RENEWAL].title));
}

static void filter_for(struct tui *tui, const char *owner,
		       const char *search, struct book_filter *f)
{
	book_filter_init(f, &tui->app->cfg);
	f->owner = owner && *owner ? owner : NULL;
	f->search = search && *search ? search : NULL;
}

static void clear_matches(struct accounts_view *av)
{
	free(av->match);
	av->match = NULL;
	av->n_match = 0;
}

/* Marks the rows the search matches: the same query with the search added
 * returns them in the same order, so one merge pass pairs them up. */
static int find_matches(struct tui *tui, struct accounts_view *av, const char *text)
{
	struct app *app = tui->app;
	struct book_filter f;
	struct book hits = { 0 };
	size_t j = 0;

	clear_matches(av);
	if (!*text)
		return 0;
	filter_for(tui, av->owner, text, &f);
	if (book_query(&app->store, app->cfg.me, av->scope, app->today, &f, ACCOUNTS_SORT, false, &hits) < 0)
		return -1;
	av->match = xcalloc(av->book.len ? av->book.len : 1, sizeof(*av->match));
	for (size_t i = 0; i < av->book.len && j < hits.len; i++) {
		if (str_eq(av->book.rows[i].crm_id, hits.rows[j].crm_id)) {
			av->match[i] = true;
			av->n_match++;
			j++;
		}
	}
	book_free(&hits);
	return 0;
}

/* Loads the rows for the scope and filters in force, keeping the selection
 * on the same account when it is still there. */
static int reload(struct tui *tui, struct accounts_view *av)
{
	struct app *app = tui->app;
	struct book_filter f;
	struct book fresh = { 0 };
	char keep[64] = "";
	size_t sel = 0;

	if (av->list.sel < av->book.len)
		str_copy(keep, sizeof(keep), av->book.rows[av->list.sel].crm_id);
	filter_for(tui, av->owner, NULL, &f);
	if (book_query(&app->store, app->cfg.me, av->scope, app->today, &f, ACCOUNTS_SORT, false, &fresh) < 0) {
		av->load_failed = av->book.len == 0;
		return -1;
	}
	av->load_failed = false;
	for (size_t i = 0; keep[0] && i < fresh.len; i++) {
		if (str_eq(fresh.rows[i].crm_id, keep)) {
			sel = i;
			break;
		}
	}
	book_free(&av->book);
	av->book = fresh;
	av->list.sel = sel;
	measure(tui, av);
	if (av->search[0] && find_matches(tui, av, av->search) < 0)
		return -1;
	if (!av->search[0])
		clear_matches(av);
	return 0;
}

static int accounts_open(struct tui *tui, struct view *view)
{
	struct accounts_view *av = xcalloc(1, sizeof(*av));

	view->data = av;
	av->scope = SCOPE_MINE;
	if (reload(tui, av) < 0) {
		av->load_failed = true;
		tui_error(tui, "%s", error_message());
	}
	return 0;
}

static void accounts_close(struct tui *tui, struct view *view)
{
	struct accounts_view *av = view->data;

	(void)tui;
	if (!av)
		return;
	book_free(&av->book);
	clear_matches(av);
	free(av);
	view->data = NULL;
}

/* --- Drawing ----------------------------------------------------------------- */

static void draw_header(struct tui *tui, struct accounts_view *av, struct tui_rect r)
{
	struct app *app = tui->app;
	const char *dot = tui->utf8 ? " · " : " | ";
	char left[256], right[96], date[64], wday[16];
	int right_w;

	str_format(left, sizeof(left), " csconsole%s%s%s%zu account%s", dot,
		   str_empty(app->cfg.me) ? "(no handle)" : app->cfg.me, dot,
		   av->book.len, av->book.len == 1 ? "" : "s");
	if (av->book.len > 0) {
		size_t l = strlen(left);
		str_format(left + l, sizeof(left) - l, ": %zu main, %zu sub, %zu covering",
			   av->n_role[ROLE_MAIN], av->n_role[ROLE_SUB], av->n_role[ROLE_COVERING]);
	}
	day_format(app->today, app->cfg.date_format, date, sizeof(date));
	day_format(app->today, "%a", wday, sizeof(wday));
	if (tui_sync_elapsed(tui) >= 0)
		str_format(right, sizeof(right), "%s %ds%s%s %s ", tui->utf8 ? "⟳ syncing" : "syncing",
			   tui_sync_elapsed(tui), dot, wday, date);
	else
		str_format(right, sizeof(right), "%s %s ", wday, date);
	right_w = text_width(right);

	tui_fill(r.y, r.x, r.w, ELEM_HEADER);
	if (right_w < r.w / 2) {
		tui_put(r.y, r.x + r.w - right_w, right_w, ELEM_HEADER, ALIGN_LEFT, right);
		tui_put(r.y, r.x, r.w - right_w - 1, ELEM_HEADER, ALIGN_LEFT, left);
	} else {
		tui_put(r.y, r.x, r.w, ELEM_HEADER, ALIGN_LEFT, left);
	}
}

static void layout(const struct accounts_view *av, int width, struct tui_column cols[COL_COUNT])
{
	memcpy(cols, column_defaults, sizeof(column_defaults));
	cols[COL_NAME].width = NAME_MIN_WIDTH;
	cols[COL_NAME].flex = true;
	cols[COL_ROLE].width = av->w_role;
	cols[COL_OTHER].width = av->w_other;
	cols[COL_HEALTH].width = text_width(cols[COL_HEALTH].title);
	cols[COL_DELTA].width = 4;
	cols[COL_RENEWAL].width = av->w_date;
	cols[COL_DAYS].width = 6;
	/* one cell of margin on the left */
	tui_columns_layout(cols, COL_COUNT, width - 1, COLUMN_GAP);
	for (size_t i = 0; i < COL_COUNT; i++)
		cols[i].x += 1;
}

static enum theme_element renewal_element(const struct config *cfg, const struct book_row *row)
{
	int n = cfg->n_renewal_windows;

	if (row->renewal_day == DAY_NONE)
		return ELEM_DIM;
	if (row->days_left < 0)
		return ELEM_RENEWAL_PAST;
	if (n >= 1 && row->days_left <= cfg->renewal_windows[n - 1])
		return ELEM_RENEWAL_NEAR;
	if (n >= 2 && row->days_left <= cfg->renewal_windows[n - 2])
		return ELEM_RENEWAL_SOON;
	return ELEM_NORMAL;
}

static enum theme_element health_element(const struct config *cfg, const struct book_row *row)
{
	const char *band;

	if (!row->has_health)
		return ELEM_DIM;
	band = health_band(cfg, row->health);
	if (str_eq(band, "red"))
		return ELEM_HEALTH_RED;
	if (str_eq(band, "yellow"))
		return ELEM_HEALTH_YELLOW;
	return ELEM_HEALTH_GREEN;
}

static void draw_row(struct tui *tui, const struct book_row *row, bool selected, bool match, int y,
		     const struct tui_column cols[COL_COUNT], int width)
{
	const struct config *cfg = &tui->app->cfg;
	char cell[COL_COUNT][64];
	enum theme_element el[COL_COUNT];
	long delta = 0;

	str_copy(cell[COL_ROLE], sizeof(cell[0]), book_role_name(row->role));
	el[COL_ROLE] = row->role == ROLE_COVERING ? ELEM_ROLE_COVERING : ELEM_NORMAL;
	str_copy(cell[COL_OTHER], sizeof(cell[0]), row->other_owner ? row->other_owner : "-");
	el[COL_OTHER] = row->other_owner ? ELEM_NORMAL : ELEM_DIM;

	book_format_health(row, cell[COL_HEALTH], sizeof(cell[0]));
	if (!cell[COL_HEALTH][0])
		str_copy(cell[COL_HEALTH], sizeof(cell[0]), "-");
	el[COL_HEALTH] = health_element(cfg, row);

	book_format_delta(row, cell[COL_DELTA], sizeof(cell[0]));
	if (row->has_health_delta)
		delta = health_round(row->health_delta4w);
	el[COL_DELTA] = delta < 0 ? ELEM_DELTA_DOWN : delta > 0 ? ELEM_DELTA_UP : ELEM_DIM;

	if (row->renewal_day != DAY_NONE) {
		day_format(row->renewal_day, cfg->date_format, cell[COL_RENEWAL], sizeof(cell[0]));
		str_format(cell[COL_DAYS], sizeof(cell[0]), "%dd", row->days_left);
	} else {
		str_copy(cell[COL_RENEWAL], sizeof(cell[0]), "-");
		str_copy(cell[COL_DAYS], sizeof(cell[0]), "-");
	}
	el[COL_RENEWAL] = el[COL_DAYS] = renewal_element(cfg, row);
	el[COL_NAME] = match ? ELEM_SEARCH_MATCH : ELEM_NORMAL;

	if (selected)
		tui_fill(y, 0, width, ELEM_SELECTED);
	for (size_t c = 0; c < COL_COUNT; c++) {
		const char *text = c == COL_NAME ? row->name : cell[c];
		if (cols[c].w > 0)
			tui_put(y, cols[c].x, cols[c].w, selected ? ELEM_SELECTED : el[c], cols[c].align, text);
	}
}

/* The scope, sort and filters in force, then the position: always shown. */
static void status_right(struct tui *tui, const struct accounts_view *av)
{
	const char *dot = tui->utf8 ? " · " : " | ";
	struct sbuf b = { 0 };

	sbuf_addf(&b, "%s%sby %s", book_scope_name(av->scope), dot, book_sort_name(ACCOUNTS_SORT));
	if (av->owner[0])
		sbuf_addf(&b, "%sowner %s", dot, av->owner);
	if (av->searching && av->typing[0])
		sbuf_addf(&b, "%s/%s (%zu)", dot, av->typing, av->n_match);
	else if (!av->searching && av->search[0])
		sbuf_addf(&b, "%s/%s (%zu)", dot, av->search, av->n_match);
	if (av->book.len > 0)
		sbuf_addf(&b, "  %zu/%zu", av->list.sel + 1, av->book.len);
	str_copy(tui->status_right, sizeof(tui->status_right), sbuf_str(&b));
	sbuf_free(&b);
}

static void draw_empty(struct tui *tui, struct accounts_view *av, struct tui_rect r)
{
	struct app *app = tui->app;
	char line[256], ks[32], ko[32];
	int y = r.y + r.h / 2 - 2;

	if (!av->load_failed && (av->owner[0] || av->scope != SCOPE_MINE) && !str_empty(app->cfg.me)) {
		tui_action_key_name(tui, ACTION_SCOPE, ks, sizeof(ks));
		tui_action_key_name(tui, ACTION_FILTER_OWNER, ko, sizeof(ko));
		if (av->owner[0])
			str_format(line, sizeof(line), "no accounts of %s in scope %s", av->owner,
				   book_scope_name(av->scope));
		else
			str_format(line, sizeof(line), "no accounts in scope %s", book_scope_name(av->scope));
		tui_put_centered(y, r.x, r.w, ELEM_NOTICE, line);
		str_format(line, sizeof(line), "%s changes the scope, %s the owner filter",
			   ks[0] ? ks : "scope", ko[0] ? ko : "filter-owner");
		tui_put_centered(y + 1, r.x, r.w, ELEM_NORMAL, line);
		return;
	}

	if (av->load_failed) {
		tui_put_centered(y, r.x, r.w, ELEM_NOTICE, "the accounts could not be loaded");
		tui_put_centered(y + 1, r.x, r.w, ELEM_NORMAL, "the reason is in the status line below");
		return;
	}
	if (str_empty(app->cfg.me)) {
		tui_put_centered(y, r.x, r.w, ELEM_NOTICE, "who am I? no CSM handle is set");
		tui_put_centered(y + 1, r.x, r.w, ELEM_NORMAL,
				 "set `me` in the config (or --me HANDLE, or $USER)");
	} else {
		str_format(line, sizeof(line), "no accounts for %s", app->cfg.me);
		tui_put_centered(y, r.x, r.w, ELEM_NOTICE, line);
		tui_put_centered(y + 1, r.x, r.w, ELEM_NORMAL,
				 "run csconsole sync, or check `me` in the config");
	}
	str_format(line, sizeof(line), "configuration: %s", app->cfg.file ? app->cfg.file : "none (built-in defaults)");
	tui_put_centered(y + 3, r.x, r.w, ELEM_DIM, line);
	tui_put_centered(y + 4, r.x, r.w, ELEM_DIM, "csconsole doctor shows every setting and where it came from");
}

static void accounts_draw(struct tui *tui, struct view *view, struct tui_rect r)
{
	struct accounts_view *av = view->data;
	struct tui_column cols[COL_COUNT];
	struct tui_rect body = { r.y + 2, r.x, r.h - 2, r.w };

	draw_header(tui, av, r);
	if (av->book.len == 0) {
		draw_empty(tui, av, body);
		status_right(tui, av);
		return;
	}
	layout(av, r.w, cols);
	for (size_t c = 0; c < COL_COUNT; c++)
		if (cols[c].w > 0)
			tui_put(r.y + 1, cols[c].x, cols[c].w, ELEM_TITLE, cols[c].align, cols[c].title);

	tui_list_clamp(&av->list, body.h);
	av->list.y = body.y;
	for (int i = 0; i < body.h && av->list.top + (size_t)i < av->book.len; i++) {
		size_t idx = av->list.top + (size_t)i;
		draw_row(tui, &av->book.rows[idx], idx == av->list.sel, av->match && av->match[idx],
			 body.y + i, cols, r.w);
	}
	status_right(tui, av);
}

/* --- Scope, owner filter, search ------------------------------------------------ */

static const enum book_scope scope_cycle[] = { SCOPE_MAIN, SCOPE_MINE, SCOPE_COVERING, SCOPE_TEAM };

static void next_scope(struct tui *tui, struct accounts_view *av)
{
	enum book_scope old = av->scope;
	size_t i = 0;

	while (i < ARRAY_SIZE(scope_cycle) && scope_cycle[i] != av->scope)
		i++;
	av->scope = scope_cycle[(i + 1) % ARRAY_SIZE(scope_cycle)];
	if (reload(tui, av) < 0) {
		av->scope = old;
		tui_error(tui, "%s", error_message());
		return;
	}
	tui_message(tui, "scope %s: %zu account%s", book_scope_name(av->scope), av->book.len,
		    av->book.len == 1 ? "" : "s");
}

static bool is_handle(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '.' || *s == '_' || *s == '-'))
			return false;
	return true;
}

static int owner_done(struct tui *tui, const char *text, void *arg)
{
	struct accounts_view *av = arg;
	char old[sizeof(av->owner)];
	struct app *app = tui->app;

	if (strlen(text) >= sizeof(av->owner) || !is_handle(text))
		return error("\"%s\" is not a CSM handle (a-z, 0-9, '.', '_', '-')", text);
	if (*text) {
		/* a handle that holds nothing in the whole team is a typo */
		struct book_filter f;
		struct book any = { 0 };
		filter_for(tui, text, NULL, &f);
		if (book_query(&app->store, app->cfg.me, SCOPE_TEAM, app->today, &f, ACCOUNTS_SORT, false, &any) < 0)
			return -1;
		size_t n = any.len;
		book_free(&any);
		if (n == 0)
			return error("no account of the team has %s as main or sub owner: check the handle", text);
	}
	str_copy(old, sizeof(old), av->owner);
	str_copy(av->owner, sizeof(av->owner), text);
	if (reload(tui, av) < 0) {
		str_copy(av->owner, sizeof(av->owner), old);
		return -1;
	}
	if (*text)
		tui_message(tui, "owner %s: %zu account%s in scope %s", text, av->book.len,
			    av->book.len == 1 ? "" : "s", book_scope_name(av->scope));
	else
		tui_message(tui, "owner filter cleared");
	return 0;
}

static const struct tui_prompt_ops owner_prompt = { .done = owner_done };

/* Selects the next (dir 1) or previous (-1) matching row from `from`,
 * including it when `inclusive`; false when nothing matches. */
static bool goto_match(struct accounts_view *av, size_t from, int dir, bool inclusive)
{
	size_t n = av->book.len;

	if (!av->match || av->n_match == 0 || n == 0)
		return false;
	for (size_t k = inclusive ? 0 : 1; k <= n; k++) {
		size_t i = dir > 0 ? (from + k) % n : (from + n - k % n) % n;
		if (av->match[i]) {
			av->list.sel = i;
			return true;
		}
	}
	return false;
}

static void search_change(struct tui *tui, const char *text, void *arg)
{
	struct accounts_view *av = arg;

	str_copy(av->typing, sizeof(av->typing), text);
	if (find_matches(tui, av, text) < 0) {
		str_copy(tui->prompt.error, sizeof(tui->prompt.error), error_message());
		return;
	}
	av->list.sel = av->search_from;
	if (*text && !goto_match(av, av->search_from, 1, true))
		str_copy(tui->prompt.error, sizeof(tui->prompt.error), "no match");
}

static int search_done(struct tui *tui, const char *text, void *arg)
{
	struct accounts_view *av = arg;

	if (!*text) {
		av->searching = false;
		av->search[0] = '\0';
		clear_matches(av);
		return 0;
	}
	if (find_matches(tui, av, text) < 0)
		return -1;
	if (av->n_match == 0)
		return error("no account name or note matches \"%s\"", text);
	str_copy(av->search, sizeof(av->search), text);
	av->searching = false;
	tui_message(tui, "%zu account%s \"%s\"", av->n_match, av->n_match == 1 ? " matches" : "s match", text);
	return 0;
}

static void search_cancel(struct tui *tui, void *arg)
{
	struct accounts_view *av = arg;

	av->list.sel = av->search_from;
	av->searching = false;
	/* back to the search in force before / */
	if (av->search[0])
		find_matches(tui, av, av->search);
	else
		clear_matches(av);
}

static const struct tui_prompt_ops search_prompt = {
	.change = search_change, .done = search_done, .cancel = search_cancel,
};

static void search_step(struct tui *tui, struct accounts_view *av, int dir)
{
	char key[32];

	if (!av->search[0]) {
		tui_action_key_name(tui, ACTION_SEARCH, key, sizeof(key));
		tui_message(tui, "no search yet: %s starts one", key[0] ? key : "search");
		return;
	}
	if (!goto_match(av, av->list.sel, dir, false))
		tui_error(tui, "no account matches \"%s\" here", av->search);
	else
		tui_message(tui, "/%s", av->search);
}

static enum tui_result accounts_key(struct tui *tui, struct view *view, enum tui_action action, int key)
{
	struct accounts_view *av = view->data;

	(void)key;
	if (tui_list_key(&av->list, action))
		return TUI_REDRAW;
	switch (action) {
	case ACTION_QUIT:
		return TUI_QUIT;
	case ACTION_SCOPE:
		next_scope(tui, av);
		return TUI_REDRAW;
	case ACTION_FILTER_OWNER:
		tui_prompt_open(tui, "owner (empty for all): ", av->owner, &owner_prompt, av);
		return TUI_HANDLED;
	case ACTION_SEARCH:
		av->search_from = av->list.sel;
		av->searching = true;
		av->typing[0] = '\0';
		tui_prompt_open(tui, "/", NULL, &search_prompt, av);
		return TUI_HANDLED;
	case ACTION_SEARCH_NEXT:
		search_step(tui, av, 1);
		return TUI_REDRAW;
	case ACTION_SEARCH_PREV:
		search_step(tui, av, -1);
		return TUI_REDRAW;
	default:
		return TUI_IGNORED;
	}
}

static void accounts_reload(struct tui *tui, struct view *view)
{
	struct accounts_view *av = view->data;

	if (reload(tui, av) < 0)
		tui_error(tui, "%s", error_message());
}

static enum tui_result accounts_mouse(struct tui *tui, struct view *view, const MEVENT *ev)
{
	struct accounts_view *av = view->data;

	(void)tui;
	return tui_list_mouse(&av->list, ev) ? TUI_REDRAW : TUI_IGNORED;
}

const struct view_ops accounts_view_ops = {
	.name = "accounts",
	.open = accounts_open,
	.draw = accounts_draw,
	.key = accounts_key,
	.mouse = accounts_mouse,
	.reload = accounts_reload,
	.close = accounts_close,
};
