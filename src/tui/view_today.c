/* view_today.c - Today: the agenda of me (agenda.c), to act on in place.
 *
 * The items come grouped as agenda_build() orders them, each with its
 * reason; those new since my last look are marked. On the selected item:
 * Enter opens the account, l logs a touch, and for a touchpoint d marks it
 * done (an optional note), z snoozes it (until a day, with a reason) and m
 * moves it; z on any other item puts it aside on my agenda (locally) until
 * a day, with a reason. Each act goes through the core (log.c), then the agenda is
 * built again: a handled item leaves the list. Opening the view records the
 * look (what was new is still marked until the view is closed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csconsole/agenda.h"
#include "csconsole/date.h"
#include "csconsole/log.h"
#include "csconsole/text.h"
#include "csconsole/touch_prompts.h"
#include "csconsole/tui.h"

#define NAME_WIDTH 28

/* A screen line: a group heading or an item. */
struct today_line {
	int group;                      /* heading: the group; item: -1 */
	size_t item;                    /* index into agenda.items */
};

struct today_view {
	struct agenda agenda;
	int64_t last_look;              /* the look before this view opened */
	struct today_line *lines;
	size_t n_lines;
	size_t *items;                  /* line index of each item, in order */
	struct tui_list list;           /* over the items */
	size_t top;                     /* first screen line shown */
	bool loaded;
};

static void free_lines(struct today_view *tv)
{
	free(tv->lines);
	free(tv->items);
	tv->lines = NULL;
	tv->items = NULL;
	tv->n_lines = 0;
}

static void build_lines(struct today_view *tv)
{
	const struct agenda *a = &tv->agenda;
	size_t cap = a->len + AGENDA_GROUP_COUNT + 1, n = 0, k = 0;
	int group = -1;

	free_lines(tv);
	tv->lines = xcalloc(cap, sizeof(*tv->lines));
	tv->items = xcalloc(a->len ? a->len : 1, sizeof(*tv->items));
	for (size_t i = 0; i < a->len; i++) {
		if ((int)a->items[i].group != group) {
			group = (int)a->items[i].group;
			tv->lines[n++] = (struct today_line){ group, 0 };
		}
		tv->items[k++] = n;
		tv->lines[n++] = (struct today_line){ -1, i };
	}
	tv->n_lines = n;
	tv->list.len = a->len;
}

/* Builds the agenda again, keeping the selection near where it was. */
static int load(struct tui *tui, struct today_view *tv)
{
	struct app *app = tui->app;
	struct agenda fresh;
	char keep[64] = "", keep_entity[64] = "";
	size_t sel = tv->list.sel;

	if (tv->loaded && tv->list.sel < tv->agenda.len) {
		str_copy(keep, sizeof(keep), tv->agenda.items[tv->list.sel].crm_id);
		str_copy(keep_entity, sizeof(keep_entity), tv->agenda.items[tv->list.sel].entity);
	}
	if (agenda_build(&app->store, &app->cfg, app->cfg.me, app->today, tv->last_look, &fresh) < 0)
		return -1;
	if (tv->loaded)
		agenda_free(&tv->agenda);
	tv->agenda = fresh;
	tv->loaded = true;
	build_lines(tv);
	for (size_t i = 0; keep[0] && i < fresh.len; i++)
		if (str_eq(fresh.items[i].crm_id, keep) && str_eq(fresh.items[i].entity, keep_entity)) {
			sel = i;
			break;
		}
	tv->list.sel = sel;
	tui_list_clamp(&tv->list, 1);
	return 0;
}

static int today_open(struct tui *tui, struct view *view)
{
	struct today_view *tv = xcalloc(1, sizeof(*tv));
	struct app *app = tui->app;

	view->data = tv;
	if (str_empty(app->cfg.me))
		return error("who am I? set `me` in the configuration to see my agenda");
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
	if (tv->loaded)
		agenda_free(&tv->agenda);
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
	char line[256], date[64], wday[16];
	int body_y = r.y + 1, body_h = r.h - 1;

	day_format(tui->app->today, tui->app->cfg.date_format, date, sizeof(date));
	day_format(tui->app->today, "%a", wday, sizeof(wday));
	str_format(line, sizeof(line), " Today%s%s%s%s %s%s%zu item%s, %zu new", dot, tui->app->cfg.me, dot,
		   wday, date, dot, a->len, a->len == 1 ? "" : "s", a->n_new);
	if (a->n_snoozed)
		str_format(line + strlen(line), sizeof(line) - strlen(line), ", %zu put aside", a->n_snoozed);
	tui_fill(r.y, r.x, r.w, ELEM_HEADER);
	tui_put(r.y, r.x, r.w, ELEM_HEADER, ALIGN_LEFT, line);

	if (a->len == 0) {
		tui_put_centered(r.y + r.h / 2 - 1, r.x, r.w, ELEM_NOTICE, "nothing needs you today");
		tui_put_centered(r.y + r.h / 2, r.x, r.w, ELEM_DIM,
				 "no overdue or due touchpoint, renewal, drop, new risk or stuck onboarding");
		str_copy(tui->status_right, sizeof(tui->status_right), "today");
		return;
	}
	/* keep the selected item (and its group heading when it fits) on screen */
	size_t sel_line = tv->items[tv->list.sel];
	if (sel_line < tv->top)
		tv->top = sel_line > 0 && tv->lines[sel_line - 1].group >= 0 ? sel_line - 1 : sel_line;
	if (sel_line >= tv->top + (size_t)body_h)
		tv->top = sel_line - (size_t)body_h + 1;
	if (tv->top > 0 && tv->top + (size_t)body_h > tv->n_lines)
		tv->top = tv->n_lines > (size_t)body_h ? tv->n_lines - (size_t)body_h : 0;

	int mark_w = 2, name_x = r.x + 1 + mark_w, reason_x = name_x + NAME_WIDTH + 2;
	for (int i = 0; i < body_h && tv->top + (size_t)i < tv->n_lines; i++) {
		const struct today_line *l = &tv->lines[tv->top + (size_t)i];
		int y = body_y + i;
		if (l->group >= 0) {
			str_format(line, sizeof(line), "%s (%zu)", agenda_group_title((enum agenda_group)l->group),
				   a->count[l->group]);
			tui_put(y, r.x + 1, r.w - 2, ELEM_TITLE, ALIGN_LEFT, line);
			continue;
		}
		const struct agenda_item *it = &a->items[l->item];
		bool selected = l->item == tv->list.sel;
		if (selected)
			tui_fill(y, r.x, r.w, ELEM_SELECTED);
		if (it->is_new)
			tui_put(y, r.x + 1, mark_w, selected ? ELEM_SELECTED : ELEM_NOTICE, ALIGN_LEFT,
				tui->utf8 ? "●" : "*");
		tui_put(y, name_x, NAME_WIDTH, selected ? ELEM_SELECTED : ELEM_NORMAL, ALIGN_LEFT, it->name);
		tui_put(y, reason_x, r.w - (reason_x - r.x) - 1,
			selected ? ELEM_SELECTED : it->group == AGENDA_OVERDUE ? ELEM_OVERDUE : ELEM_DIM,
			ALIGN_LEFT, it->reason);
	}
	str_format(tui->status_right, sizeof(tui->status_right), "today%s%zu/%zu", dot, tv->list.sel + 1, a->len);
}

/* --- Acting on an item ------------------------------------------------------------ */

static const struct agenda_item *selected(struct today_view *tv)
{
	return tv->agenda.len ? &tv->agenda.items[tv->list.sel] : NULL;
}

/* Puts the selected (not a touchpoint) item aside on my agenda. */
static int put_aside(struct tui *tui, int until, const char *reason, void *ctx)
{
	const struct agenda_item *it = selected(ctx);

	if (!it)
		return error("the item left the agenda");
	return agenda_snooze_item(&tui->app->store, it, tui->app->today, until, reason);
}

/* The selected item's touchpoint, or a message saying there is none. */
static bool touch_item(struct tui *tui, struct today_view *tv, struct touch_ref *t)
{
	const struct agenda_item *it = selected(tv);
	char kl[32], ko[32], *name;

	if (it && str_starts_with(it->entity, "touch/")) {
		str_copy(t->entity, sizeof(t->entity), it->entity);
		str_copy(t->account, sizeof(t->account), it->crm_id);
		name = text_sanitize(it->name, false);
		str_copy(t->label, sizeof(t->label), name);
		str_copy(t->name, sizeof(t->name), name);
		free(name);
		return true;
	}
	tui_action_key_name(tui, ACTION_LOG, kl, sizeof(kl));
	tui_action_key_name(tui, ACTION_OPEN, ko, sizeof(ko));
	tui_error(tui, "not a touchpoint: %s logs a touch, %s opens the account", kl[0] ? kl : "log",
		  ko[0] ? ko : "open");
	return false;
}

static enum tui_result today_key(struct tui *tui, struct view *view, enum tui_action action, int key)
{
	struct today_view *tv = view->data;
	const struct agenda_item *it = selected(tv);
	struct touch_ref t;

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
		if (touch_item(tui, tv, &t))
			touch_prompt_done(tui, &t);
		return TUI_HANDLED;
	case ACTION_SNOOZE:
		/* a touchpoint is snoozed for the team; any other item is put
		 * aside on my agenda only */
		if (!it)
			return TUI_HANDLED;
		if (str_starts_with(it->entity, "touch/") && touch_item(tui, tv, &t))
			touch_prompt_snooze(tui, &t, NULL, NULL);
		else
			touch_prompt_snooze(tui, NULL, put_aside, tv);
		return TUI_HANDLED;
	case ACTION_RESCHEDULE:
		if (touch_item(tui, tv, &t))
			touch_prompt_move(tui, &t);
		return TUI_HANDLED;
	case ACTION_SCHEDULE:
		if (it)
			touch_prompt_schedule(tui, it->crm_id, it->name);
		return TUI_HANDLED;
	case ACTION_NEW_RISK:
		if (it)
			risk_prompt_new(tui, it->crm_id, it->name);
		return TUI_HANDLED;
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
		tv->list.sel = tv->lines[line].item;
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
	ACTION_DONE, ACTION_SNOOZE, ACTION_RESCHEDULE, ACTION_SCHEDULE, ACTION_NEW_RISK, ACTION_UNDO,
	ACTION_SYNC, ACTION_HELP, ACTION_CLOSE, ACTION_QUIT, ACTION_NONE,
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
