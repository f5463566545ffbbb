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

static int accounts_open(struct tui *tui, struct view *view)
{
	struct app *app = tui->app;
	struct accounts_view *av = xcalloc(1, sizeof(*av));

	view->data = av;
	if (book_load(&app->store, app->cfg.me, SCOPE_MINE, app->today, &av->book) < 0) {
		av->load_failed = true;
		tui_error(tui, "%s", error_message());
	}
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
	return 0;
}

static void accounts_close(struct tui *tui, struct view *view)
{
	struct accounts_view *av = view->data;

	(void)tui;
	if (!av)
		return;
	book_free(&av->book);
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

static void draw_row(struct tui *tui, const struct book_row *row, bool selected, int y,
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
	el[COL_NAME] = ELEM_NORMAL;

	if (selected)
		tui_fill(y, 0, width, ELEM_SELECTED);
	for (size_t c = 0; c < COL_COUNT; c++) {
		const char *text = c == COL_NAME ? row->name : cell[c];
		if (cols[c].w > 0)
			tui_put(y, cols[c].x, cols[c].w, selected ? ELEM_SELECTED : el[c], cols[c].align, text);
	}
}

static void draw_empty(struct tui *tui, struct accounts_view *av, struct tui_rect r)
{
	struct app *app = tui->app;
	char line[256];
	int y = r.y + r.h / 2 - 2;

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
		tui->status_right[0] = '\0';
		return;
	}
	layout(av, r.w, cols);
	for (size_t c = 0; c < COL_COUNT; c++)
		if (cols[c].w > 0)
			tui_put(r.y + 1, cols[c].x, cols[c].w, ELEM_TITLE, cols[c].align, cols[c].title);

	tui_list_clamp(&av->list, body.h);
	for (int i = 0; i < body.h && av->list.top + (size_t)i < av->book.len; i++) {
		size_t idx = av->list.top + (size_t)i;
		draw_row(tui, &av->book.rows[idx], idx == av->list.sel, body.y + i, cols, r.w);
	}
	str_format(tui->status_right, sizeof(tui->status_right), "%zu/%zu", av->list.sel + 1, av->book.len);
}

static enum tui_result accounts_key(struct tui *tui, struct view *view, enum tui_action action, int key)
{
	struct accounts_view *av = view->data;

	(void)tui;
	(void)key;
	if (tui_list_key(&av->list, action))
		return TUI_REDRAW;
	if (action == ACTION_QUIT)
		return TUI_QUIT;
	return TUI_IGNORED;
}

const struct view_ops accounts_view_ops = {
	.name = "accounts",
	.open = accounts_open,
	.draw = accounts_draw,
	.key = accounts_key,
	.close = accounts_close,
};
