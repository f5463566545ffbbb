/* view_today.c - Today: the agenda of me (agenda.c), to act on in place.
 *
 * Two layouts, toggled by the layout key (b) and remembered in the
 * database (meta today_layout, local to this computer):
 *  - by account (the default): one entry per account in the attention order
 *    of the day (AGENDA_TIERS, agenda_entries_build): the account's name and
 *    role (when not main) with its first reason on its line and its other
 *    reasons below it, each reason word-wrapped to the width (never cut);
 *  - by reason: the items grouped as agenda_build() orders them.
 * Those new since my last look are marked (an entry when any of its items
 * is). On the selection: Enter opens the account, l logs a touch; d marks a
 * touchpoint done (an optional note), z snoozes it (until a day, with a
 * reason), m moves it. On an entry whose account has several touchpoints on
 * the agenda, d, z and m ask which (touch_prompt_choose); with one they act
 * on it; z on an entry without any puts each of its items aside on my
 * agenda (locally) until a day, with a reason, as z does on any item that is
 * no touchpoint in the grouped layout. Each act goes through the core
 * (log.c), then the agenda is built again: what was handled leaves the list.
 * Opening the view records the look (what was new is still marked until the
 * view is closed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csconsole/agenda.h"
#include "csconsole/date.h"
#include "csconsole/display.h"
#include "csconsole/log.h"
#include "csconsole/text.h"
#include "csconsole/touch_prompts.h"
#include "csconsole/tui.h"
#include "csconsole/tui_labels.h"

#define NAME_WIDTH 28
#define LAYOUT_KEY "today_layout"

enum today_layout { LAYOUT_ACCOUNT, LAYOUT_REASON };

/* A screen line: a group heading, or a piece of a selectable row (an item
 * in the grouped layout, an entry in the account layout). */
struct today_line {
	int group;                      /* heading: the group; else -1 */
	size_t item;                    /* index into agenda.items */
	size_t row;                     /* the selectable row it belongs to */
	bool first;                     /* the row's first line (name, mark) */
	bool reason_first;              /* the first line of its reason */
	size_t off, len;                /* the piece of the reason on this line (bytes) */
};

struct today_view {
	struct agenda agenda;
	struct agenda_entries entries;
	enum today_layout layout;
	int64_t last_look;              /* the look before this view opened */
	struct today_line *lines;
	size_t n_lines, cap_lines;
	size_t *rows;                   /* first line index of each row */
	int lines_width;                /* the reason width the lines were cut for; -1: none */
	struct tui_list list;           /* over the rows */
	size_t top;                     /* first screen line shown */
	bool loaded;
};

static void free_lines(struct today_view *tv)
{
	free(tv->lines);
	free(tv->rows);
	tv->lines = NULL;
	tv->rows = NULL;
	tv->n_lines = tv->cap_lines = 0;
	tv->lines_width = -1;
}

static void add_line(struct today_view *tv, struct today_line l)
{
	if (tv->n_lines == tv->cap_lines) {
		tv->cap_lines = tv->cap_lines ? tv->cap_lines * 2 : 64;
		tv->lines = xreallocarray(tv->lines, tv->cap_lines, sizeof(*tv->lines));
	}
	tv->lines[tv->n_lines++] = l;
}

/* The cells of the UTF-8 character at s (its length in *len). */
static int char_cells(const char *s, size_t *len)
{
	char c[8];
	size_t n = 1;

	while (n < 4 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n++;
	memcpy(c, s, n);
	c[n] = '\0';
	*len = n;
	return text_width(c);
}

/* Adds the lines of one reason, word-wrapped to width cells (a word wider
 * than the width, or text without spaces such as Japanese, is broken
 * between characters); its second and later lines 2 cells narrower
 * (drawn indented). */
static void add_reason(struct today_view *tv, size_t item, size_t row, bool first, int width)
{
	const char *text = tv->agenda.items[item].reason;
	size_t total = strlen(text), start = 0;
	bool reason_first = true;

	if (width < 8)
		width = 8;
	while (start < total || reason_first) {
		size_t i = start, brk = 0, len = 0;
		int w = 0;
		int room = reason_first ? width : width - 2;
		while (i < total) {
			int cw = char_cells(text + i, &len);
			if (w + cw > room)
				break;
			w += cw;
			i += len;
			if (text[i] == ' ')
				brk = i;
		}
		size_t end = i >= total || brk <= start ? i : brk;
		if (end == start && start < total)          /* one character wider than the width */
			end = start + len;
		add_line(tv, (struct today_line){ -1, item, row, first, reason_first, start, end - start });
		first = reason_first = false;
		start = end;
		while (start < total && text[start] == ' ')
			start++;
	}
}

/* The lines for a reason column of `width` cells. */
static void build_lines(struct today_view *tv, int width)
{
	const struct agenda *a = &tv->agenda;
	int group = -1;

	free_lines(tv);
	tv->lines_width = width;
	if (tv->layout == LAYOUT_REASON) {
		tv->rows = xcalloc(a->len ? a->len : 1, sizeof(*tv->rows));
		for (size_t i = 0; i < a->len; i++) {
			if ((int)a->items[i].group != group) {
				group = (int)a->items[i].group;
				add_line(tv, (struct today_line){ .group = group });
			}
			tv->rows[i] = tv->n_lines;
			/* one line each, as wide as it fits (the full text in the
			 * account layout) */
			add_line(tv, (struct today_line){ -1, i, i, true, true, 0, strlen(a->items[i].reason) });
		}
		tv->list.len = a->len;
		return;
	}
	tv->rows = xcalloc(tv->entries.len ? tv->entries.len : 1, sizeof(*tv->rows));
	for (size_t e = 0; e < tv->entries.len; e++) {
		const struct agenda_entry *en = &tv->entries.v[e];
		tv->rows[e] = tv->n_lines;
		for (size_t k = 0; k < en->n_items; k++)
			add_reason(tv, en->items[k], e, k == 0, width);
	}
	tv->list.len = tv->entries.len;
}

/* The account of the selected row, and (grouped layout) its item. */
static const struct agenda_item *selected(struct today_view *tv)
{
	if (!tv->loaded || tv->list.sel >= tv->list.len)
		return NULL;
	if (tv->layout == LAYOUT_REASON)
		return &tv->agenda.items[tv->list.sel];
	return &tv->agenda.items[tv->entries.v[tv->list.sel].items[0]];
}

static const struct agenda_entry *selected_entry(struct today_view *tv)
{
	if (!tv->loaded || tv->layout != LAYOUT_ACCOUNT || tv->list.sel >= tv->entries.len)
		return NULL;
	return &tv->entries.v[tv->list.sel];
}

/* Builds the agenda again, keeping the selection on the same account (and
 * item) when it is still there, else near where it was. */
static int load(struct tui *tui, struct today_view *tv)
{
	struct app *app = tui->app;
	struct agenda fresh;
	const struct agenda_item *cur = selected(tv);
	char keep[64] = "", keep_entity[96] = "";
	size_t sel = tv->list.sel;

	if (cur) {
		str_copy(keep, sizeof(keep), cur->crm_id);
		str_copy(keep_entity, sizeof(keep_entity), cur->entity);
	}
	if (agenda_build(&app->store, &app->cfg, app->cfg.me, app->today, tv->last_look, &fresh) < 0)
		return -1;
	if (tv->loaded) {
		agenda_entries_free(&tv->entries);
		agenda_free(&tv->agenda);
	}
	tv->agenda = fresh;
	tv->loaded = true;
	agenda_entries_build(&tv->agenda, &tv->entries);
	build_lines(tv, tv->lines_width > 0 ? tv->lines_width : 80);
	tv->lines_width = -1;                       /* cut again at the next draw */
	if (tv->layout == LAYOUT_REASON) {
		for (size_t i = 0; keep[0] && i < fresh.len; i++)
			if (str_eq(fresh.items[i].crm_id, keep) && str_eq(fresh.items[i].entity, keep_entity)) {
				sel = i;
				break;
			}
	} else {
		for (size_t e = 0; keep[0] && e < tv->entries.len; e++)
			if (str_eq(tv->entries.v[e].crm_id, keep)) {
				sel = e;
				break;
			}
	}
	tv->list.sel = sel;
	tui_list_clamp(&tv->list, 1);
	return 0;
}

/* The remembered layout (meta today_layout): "reason", else by account. */
static enum today_layout layout_get(struct store *st)
{
	char *v = store_meta_get(st, LAYOUT_KEY);
	enum today_layout l = v && str_eq(v, "reason") ? LAYOUT_REASON : LAYOUT_ACCOUNT;

	free(v);
	return l;
}

static int layout_set(struct store *st, enum today_layout l)
{
	if (store_meta_set(st, LAYOUT_KEY, l == LAYOUT_REASON ? "reason" : "account"))
		return error_prefix(_("cannot remember Today's layout"));
	return 0;
}

static int today_open(struct tui *tui, struct view *view)
{
	struct today_view *tv = xcalloc(1, sizeof(*tv));
	struct app *app = tui->app;

	view->data = tv;
	if (str_empty(app->cfg.me))
		return error("%s", _("who am I? set `me` in the configuration to see my agenda"));
	tv->lines_width = -1;
	tv->layout = layout_get(&app->store);
	if (agenda_last_look_get(&app->store, &tv->last_look) < 0 || load(tui, tv) < 0)
		return -1;
	/* this look is recorded now; the marks stay until the view closes */
	if (agenda_last_look_set(&app->store, ts_now()) < 0)
		tui_error(tui, "%s", error_message());
	return 0;
}

static void today_close(struct tui *tui, struct view *view)
{
	struct today_view *tv = view->data;

	(void)tui;
	if (!tv)
		return;
	if (tv->loaded) {
		agenda_entries_free(&tv->entries);
		agenda_free(&tv->agenda);
	}
	free_lines(tv);
	free(tv);
	view->data = NULL;
}

/* --- Drawing ------------------------------------------------------------------- */

static void today_draw(struct tui *tui, struct view *view, struct tui_rect r)
{
	struct today_view *tv = view->data;
	const struct agenda *a = &tv->agenda;
	const char *dot = tui->utf8 ? " · " : " | ";
	char line[256], date[64];
	int body_y = r.y + 1, body_h = r.h - 1;
	int mark_w = 2, name_x = r.x + 1 + mark_w, reason_x = name_x + NAME_WIDTH + 2;
	int reason_w = r.w - (reason_x - r.x) - 1;

	display_day_long(&tui->app->cfg, tui->app->today, date, sizeof(date));
	str_format(line, sizeof(line), _(" Today%s%s%s%s%s"), dot, tui->app->cfg.me, dot, date, dot);
	if (tv->layout == LAYOUT_ACCOUNT)
		str_format(line + strlen(line), sizeof(line) - strlen(line),
			   P_("%zu account, ", "%zu accounts, ", tv->entries.len), tv->entries.len);
	str_format(line + strlen(line), sizeof(line) - strlen(line),
		   P_("%zu item, %zu new", "%zu items, %zu new", a->len), a->len, a->n_new);
	if (a->n_snoozed)
		str_format(line + strlen(line), sizeof(line) - strlen(line), _(", %zu put aside"), a->n_snoozed);
	tui_fill(r.y, r.x, r.w, ELEM_HEADER);
	tui_put(r.y, r.x, r.w, ELEM_HEADER, ALIGN_LEFT, line);

	if (a->len == 0) {
		tui_put_centered(r.y + r.h / 2 - 1, r.x, r.w, ELEM_NOTICE, _("nothing needs you today"));
		tui_put_centered(r.y + r.h / 2, r.x, r.w, ELEM_DIM,
				 _("no overdue or due touchpoint, renewal, drop, new risk or stuck onboarding"));
		str_copy(tui->status_right, sizeof(tui->status_right), _("today"));
		return;
	}
	if (tv->lines_width != reason_w)
		build_lines(tv, reason_w);
	/* keep the selected row (and its group heading when it fits) on screen */
	size_t sel_line = tv->rows[tv->list.sel], sel_end = sel_line + 1;
	while (sel_end < tv->n_lines && tv->lines[sel_end].group < 0 && !tv->lines[sel_end].first)
		sel_end++;
	if (sel_line < tv->top)
		tv->top = sel_line > 0 && tv->lines[sel_line - 1].group >= 0 ? sel_line - 1 : sel_line;
	if (sel_end > tv->top + (size_t)body_h)
		tv->top = sel_end - sel_line > (size_t)body_h ? sel_line : sel_end - (size_t)body_h;
	if (tv->top > 0 && tv->top + (size_t)body_h > tv->n_lines)
		tv->top = tv->n_lines > (size_t)body_h ? tv->n_lines - (size_t)body_h : 0;

	for (int i = 0; i < body_h && tv->top + (size_t)i < tv->n_lines; i++) {
		const struct today_line *l = &tv->lines[tv->top + (size_t)i];
		int y = body_y + i;
		if (l->group >= 0) {
			str_format(line, sizeof(line), "%s (%zu)", _(agenda_group_title((enum agenda_group)l->group)),
				   a->count[l->group]);
			tui_put(y, r.x + 1, r.w - 2, ELEM_TITLE, ALIGN_LEFT, line);
			continue;
		}
		const struct agenda_item *it = &a->items[l->item];
		bool sel = l->row == tv->list.sel, is_new = it->is_new;
		const struct agenda_entry *en = tv->layout == LAYOUT_ACCOUNT ? &tv->entries.v[l->row] : NULL;
		if (sel)
			tui_fill(y, r.x, r.w, ELEM_SELECTED);
		for (size_t k = 0; en && k < en->n_items; k++)
			is_new = is_new || a->items[en->items[k]].is_new;
		if (l->first && is_new)
			tui_put(y, r.x + 1, mark_w, sel ? ELEM_SELECTED : ELEM_NOTICE, ALIGN_LEFT,
				tui->utf8 ? "●" : "*");
		if (l->first) {
			const char *role = it->role == ROLE_MAIN || !en ? "" : role_label(book_role_name(it->role));
			int role_w = role[0] ? text_width(role) + 1 : 0;
			tui_put(y, name_x, NAME_WIDTH - role_w, sel ? ELEM_SELECTED : ELEM_NORMAL, ALIGN_LEFT,
				it->name);
			if (role_w)
				tui_put(y, name_x + NAME_WIDTH - role_w + 1, role_w - 1, sel ? ELEM_SELECTED : ELEM_DIM,
					ALIGN_LEFT, role);
		}
		/* an entry's other reasons start under the first; */
		/* a wrapped reason's next lines are indented by 2 */
		int indent = l->reason_first ? 0 : 2;
		char *piece = xmalloc(l->len + 1);
		memcpy(piece, it->reason + l->off, l->len);
		piece[l->len] = '\0';
		tui_put(y, reason_x + indent, reason_w - indent,
			sel ? ELEM_SELECTED : it->group == AGENDA_OVERDUE ? ELEM_OVERDUE : ELEM_DIM,
			ALIGN_LEFT, piece);
		free(piece);
	}
	str_format(tui->status_right, sizeof(tui->status_right), "%s%s%zu/%zu", _("today"), dot, tv->list.sel + 1,
		   tv->list.len);
}

/* --- Acting on an item or an entry ------------------------------------------------- */

/* Puts the selected item aside on my agenda (grouped layout), or every item
 * of the selected entry. */
static int put_aside(struct tui *tui, int until, const char *reason, void *ctx)
{
	struct today_view *tv = ctx;
	const struct agenda_entry *en = selected_entry(tv);
	const struct agenda_item *it = selected(tv);

	if (!it)
		return error("%s", _("the item left the agenda"));
	if (!en)
		return agenda_snooze_item(&tui->app->store, it, tui->app->today, until, reason);
	for (size_t k = 0; k < en->n_items; k++)
		if (agenda_snooze_item(&tui->app->store, &tv->agenda.items[en->items[k]], tui->app->today, until,
				       reason) < 0)
			return -1;
	return 0;
}

/* The item's touchpoint as a target. */
static void touch_of(const struct agenda_item *it, struct touch_ref *t)
{
	char *name = text_sanitize(it->name, false), iso[11];
	size_t kind = strcspn(it->reason, " ");

	memset(t, 0, sizeof(*t));
	str_copy(t->entity, sizeof(t->entity), it->entity);
	str_copy(t->account, sizeof(t->account), it->crm_id);
	str_copy(t->name, sizeof(t->name), name);
	day_format_iso(it->day, iso);
	/* the reason begins with the touchpoint's kind (agenda.c) */
	str_format(t->brief, sizeof(t->brief), "%.*s %s", (int)(kind < 40 ? kind : 40), it->reason, iso + 5);
	str_format(t->label, sizeof(t->label), _("'%s' on %s"), t->brief, name);
	free(name);
}

static bool is_touch(const struct agenda_item *it)
{
	return str_starts_with(it->entity, "touch/");
}

static void not_touch(struct tui *tui, const char *what)
{
	char kl[32], ko[32];

	tui_action_key_name(tui, ACTION_LOG, kl, sizeof(kl));
	tui_action_key_name(tui, ACTION_OPEN, ko, sizeof(ko));
	tui_error(tui, _("%s: %s logs a touch, %s opens the account"), what, kl[0] ? kl : "log",
		  ko[0] ? ko : "open");
}

/* d, z or m on the selection: on its touchpoint, or on the one chosen among
 * the entry's touchpoints; z without any puts the item(s) aside. */
static void act(struct tui *tui, struct today_view *tv, enum touch_act what)
{
	const struct agenda_entry *en = selected_entry(tv);
	const struct agenda_item *it = selected(tv);
	struct touch_ref refs[9];
	size_t n = 0;

	if (!it)
		return;
	if (en) {
		for (size_t k = 0; k < en->n_items && n < 9; k++)
			if (is_touch(&tv->agenda.items[en->items[k]]))
				touch_of(&tv->agenda.items[en->items[k]], &refs[n++]);
	} else if (is_touch(it)) {
		touch_of(it, &refs[n++]);
	}
	if (n > 1) {
		touch_prompt_choose(tui, what, refs, n);
		return;
	}
	switch (what) {
	case TOUCH_ACT_DONE:
		if (n)
			touch_prompt_done(tui, &refs[0]);
		else
			not_touch(tui, en ? _("no touchpoint on the agenda here") : _("not a touchpoint"));
		break;
	case TOUCH_ACT_SNOOZE:
		/* a touchpoint is snoozed for the team; other items are put
		 * aside on my agenda only */
		if (n)
			touch_prompt_snooze(tui, &refs[0], NULL, NULL);
		else
			touch_prompt_snooze(tui, NULL, put_aside, tv);
		break;
	case TOUCH_ACT_MOVE:
		if (n)
			touch_prompt_move(tui, &refs[0]);
		else
			not_touch(tui, en ? _("no touchpoint on the agenda here") : _("not a touchpoint"));
		break;
	}
}

static enum tui_result today_key(struct tui *tui, struct view *view, enum tui_action action, int key)
{
	struct today_view *tv = view->data;
	const struct agenda_item *it = selected(tv);

	(void)key;
	if (tui_list_key(&tv->list, action))
		return TUI_REDRAW;
	switch (action) {
	case ACTION_QUIT:
	case ACTION_CLOSE:
		return TUI_QUIT;
	case ACTION_OPEN:
		if (it && tui_view_push(tui, &detail_view_ops, it->crm_id) < 0)
			tui_error(tui, "%s", error_message());
		return TUI_HANDLED;
	case ACTION_LOG:
		if (it && tui_view_push(tui, &log_view_ops, &(struct log_form_arg){ it->crm_id, NULL }) < 0)
			tui_error(tui, "%s", error_message());
		return TUI_HANDLED;
	case ACTION_DONE:
		act(tui, tv, TOUCH_ACT_DONE);
		return TUI_HANDLED;
	case ACTION_SNOOZE:
		act(tui, tv, TOUCH_ACT_SNOOZE);
		return TUI_HANDLED;
	case ACTION_RESCHEDULE:
		act(tui, tv, TOUCH_ACT_MOVE);
		return TUI_HANDLED;
	case ACTION_SCHEDULE:
		if (it)
			touch_prompt_schedule(tui, it->crm_id, it->name);
		return TUI_HANDLED;
	case ACTION_NEW_RISK:
		if (it)
			risk_prompt_new(tui, it->crm_id, it->name);
		return TUI_HANDLED;
	case ACTION_LAYOUT:
		tv->layout = tv->layout == LAYOUT_ACCOUNT ? LAYOUT_REASON : LAYOUT_ACCOUNT;
		if (layout_set(&tui->app->store, tv->layout) < 0)
			tui_error(tui, "%s", error_message());
		tv->list.sel = 0;
		tv->top = 0;
		if (load(tui, tv) < 0)
			tui_error(tui, "%s", error_message());
		else
			tui_message(tui, "%s", tv->layout == LAYOUT_ACCOUNT ? _("Today by account") : _("Today by reason"));
		return TUI_REDRAW;
	case ACTION_UNDO:
		tui_undo(tui);
		return TUI_HANDLED;
	default:
		return TUI_IGNORED;
	}
}

static void today_reload(struct tui *tui, struct view *view)
{
	if (load(tui, view->data) < 0)
		tui_error(tui, "%s", error_message());
}

static enum tui_result today_mouse(struct tui *tui, struct view *view, const MEVENT *ev)
{
	struct today_view *tv = view->data;

	(void)tui;
	if (ev->bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		struct tui_list l = tv->list;
		tui_list_key(&tv->list, ev->bstate & BUTTON4_PRESSED ? ACTION_MOVE_UP : ACTION_MOVE_DOWN);
		return l.sel != tv->list.sel ? TUI_REDRAW : TUI_IGNORED;
	}
	/* a click on an item line selects it */
	size_t line = tv->top + (size_t)(ev->y - 1);
	if (ev->y >= 1 && line < tv->n_lines && tv->lines[line].group < 0) {
		tv->list.sel = tv->lines[line].row;
		return TUI_REDRAW;
	}
	return TUI_IGNORED;
}

static const enum tui_action today_hints[] = {
	ACTION_MOVE_DOWN, ACTION_MOVE_UP, ACTION_OPEN, ACTION_LOG, ACTION_DONE, ACTION_SNOOZE,
	ACTION_RESCHEDULE, ACTION_UNDO, ACTION_HELP, ACTION_QUIT, ACTION_NONE,
};

/* every key the view takes, for the help screen */
static const enum tui_action today_actions[] = {
	ACTION_MOVE_DOWN, ACTION_MOVE_UP, ACTION_MOVE_FIRST, ACTION_MOVE_LAST, ACTION_PAGE_DOWN,
	ACTION_PAGE_UP, ACTION_HALF_PAGE_DOWN, ACTION_HALF_PAGE_UP, ACTION_REDRAW, ACTION_OPEN, ACTION_LOG,
	ACTION_DONE, ACTION_SNOOZE, ACTION_RESCHEDULE, ACTION_SCHEDULE, ACTION_NEW_RISK, ACTION_LAYOUT,
	ACTION_UNDO, ACTION_SYNC, ACTION_HELP, ACTION_CLOSE, ACTION_QUIT, ACTION_NONE,
};

const struct view_ops today_view_ops = {
	.name = "today",
	.open = today_open,
	.draw = today_draw,
	.key = today_key,
	.reload = today_reload,
	.mouse = today_mouse,
	.close = today_close,
	.hints = today_hints,
	.actions = today_actions,
};
