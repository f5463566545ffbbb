/* view_help.c - the help screen: the keys in force, generated from the
 * bindings (TUI_ACTIONS plus the configuration's `keys:`), so help and keys
 * cannot drift apart. One row per action the view it was opened from takes
 * (its view_ops.actions; its hints when it has no list), in the table's
 * order: its keys, its name (what csconsole.yaml calls it) and what it
 * does. Scrolls like a list.
 */
#include <stdlib.h>
#include <string.h>

#include "csconsole/i18n.h"
#include "csconsole/text.h"
#include "csconsole/tui.h"

/* Keys the terminal handles rather than the bindings table. */
static const struct {
	const char *keys, *help;
} fixed_keys[] = {
	{ "C-z", N_("Suspend (resume with fg)") },
	{ "C-c", N_("Quit at once") },
};

/* The views by name (view_ops.name), as the header names the one whose
 * keys are listed: translated through these marks. */
static const char *const view_names[] = {
	N_("accounts"), N_("detail"), N_("handoff"), N_("changes"), N_("help"), N_("log"), N_("risks"),
	N_("today"),
};

static const char *view_label(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(view_names); i++)
		if (str_eq(view_names[i], name))
			return _(view_names[i]);
	return name;
}

struct help_row {
	char *keys;              /* "j, Down"; "(none)" when unbound */
	const char *name;        /* action name, "" for fixed keys */
	const char *help;
	bool unbound;
};

struct help_view {
	char of[32];             /* the view it lists the keys of */
	struct help_row *rows;
	struct tui_list list;
	int w_keys, w_name;
};

/* Does the view take action a? Its actions list, else its hints, else all. */
static bool takes(const struct view_ops *ops, enum tui_action a)
{
	const enum tui_action *l = !ops ? NULL : ops->actions ? ops->actions : ops->hints;

	if (!l)
		return true;
	for (; *l != ACTION_NONE; l++)
		if (*l == a)
			return true;
	return false;
}

static int help_open(struct tui *tui, struct view *view)
{
	struct help_view *hv = xcalloc(1, sizeof(*hv));
	size_t n = 0, cap = ACTION_COUNT + ARRAY_SIZE(fixed_keys);
	/* open runs before the push: the top view is the one asking for help */
	const struct view_ops *below = tui->depth > 0 ? tui->views[tui->depth - 1].ops : NULL;

	view->data = hv;
	str_copy(hv->of, sizeof(hv->of), below ? below->name : "");
	hv->rows = xcalloc(cap, sizeof(*hv->rows));
	hv->w_keys = text_width(_("KEYS"));
	hv->w_name = text_width(_("ACTION"));
	for (size_t a = 1; a < ACTION_COUNT; a++) {
		char keys[256];
		struct help_row *r;
		if (!takes(below, (enum tui_action)a))
			continue;
		r = &hv->rows[n++];
		tui_action_bound_keys(tui, (enum tui_action)a, ", ", keys, sizeof(keys));
		r->unbound = !keys[0];
		r->keys = xstrdup(keys[0] ? keys : _("(none)"));
		r->name = tui_action_name((enum tui_action)a);
		r->help = tui_action_help((enum tui_action)a);
	}
	for (size_t i = 0; i < ARRAY_SIZE(fixed_keys); i++) {
		struct help_row *r = &hv->rows[n++];
		r->keys = xstrdup(fixed_keys[i].keys);
		r->name = "";
		r->help = _(fixed_keys[i].help);
	}
	for (size_t i = 0; i < n; i++) {
		int w = text_width(hv->rows[i].keys), wn = text_width(hv->rows[i].name);
		if (w > hv->w_keys)
			hv->w_keys = w;
		if (wn > hv->w_name)
			hv->w_name = wn;
	}
	if (hv->w_keys > 24)
		hv->w_keys = 24;
	hv->list.len = n;
	return 0;
}

static void help_close(struct tui *tui, struct view *view)
{
	struct help_view *hv = view->data;

	(void)tui;
	if (!hv)
		return;
	for (size_t i = 0; i < hv->list.len; i++)
		free(hv->rows[i].keys);
	free(hv->rows);
	free(hv);
	view->data = NULL;
}

enum { HCOL_KEYS, HCOL_NAME, HCOL_HELP, HCOL_COUNT };

static void help_draw(struct tui *tui, struct view *view, struct tui_rect r)
{
	struct help_view *hv = view->data;
	struct tui_column cols[HCOL_COUNT] = {
		[HCOL_KEYS] = { .title = _("KEYS"), .width = hv->w_keys, .priority = 0 },
		[HCOL_NAME] = { .title = _("ACTION"), .width = hv->w_name, .priority = 1 },
		[HCOL_HELP] = { .title = _("WHAT IT DOES"), .width = 20, .flex = true },
	};
	struct tui_rect body = { r.y + 2, r.x, r.h - 3, r.w };
	char line[256], back[32];

	tui_action_key_name(tui, ACTION_QUIT, back, sizeof(back));
	str_format(line, sizeof(line), _(" csconsole %s keys%s%s"), tui->utf8 ? "·" : "|",
		   hv->of[0] ? (tui->utf8 ? " · " : " | ") : "", view_label(hv->of));
	tui_fill(r.y, r.x, r.w, ELEM_HEADER);
	tui_put(r.y, r.x, r.w, ELEM_HEADER, ALIGN_LEFT, line);

	tui_columns_layout(cols, HCOL_COUNT, r.w - 1, 2);
	for (size_t c = 0; c < HCOL_COUNT; c++)
		if (cols[c].w > 0)
			tui_put(r.y + 1, cols[c].x + 1, cols[c].w, ELEM_TITLE, ALIGN_LEFT, cols[c].title);

	tui_list_clamp(&hv->list, body.h);
	hv->list.y = body.y;
	for (int i = 0; i < body.h && hv->list.top + (size_t)i < hv->list.len; i++) {
		size_t idx = hv->list.top + (size_t)i;
		const struct help_row *row = &hv->rows[idx];
		bool sel = idx == hv->list.sel;
		int y = body.y + i;
		if (sel)
			tui_fill(y, r.x, r.w, ELEM_SELECTED);
		tui_put(y, cols[HCOL_KEYS].x + 1, cols[HCOL_KEYS].w,
			sel ? ELEM_SELECTED : row->unbound ? ELEM_DIM : ELEM_HELP_KEY, ALIGN_LEFT, row->keys);
		if (cols[HCOL_NAME].w > 0)
			tui_put(y, cols[HCOL_NAME].x + 1, cols[HCOL_NAME].w, sel ? ELEM_SELECTED : ELEM_DIM,
				ALIGN_LEFT, row->name);
		tui_put(y, cols[HCOL_HELP].x + 1, cols[HCOL_HELP].w, sel ? ELEM_SELECTED : ELEM_NORMAL,
			ALIGN_LEFT, row->help);
	}
	str_format(line, sizeof(line), _(" %s returns; the keys: map in csconsole.yaml changes the keys"),
		   back);
	tui_put(r.y + r.h - 1, r.x, r.w, ELEM_DIM, ALIGN_LEFT, line);
	str_format(tui->status_right, sizeof(tui->status_right), "%zu/%zu", hv->list.sel + 1, hv->list.len);
}

static enum tui_result help_key(struct tui *tui, struct view *view, enum tui_action action, int key)
{
	struct help_view *hv = view->data;

	(void)tui;
	(void)key;
	if (tui_list_key(&hv->list, action))
		return TUI_REDRAW;
	if (action == ACTION_QUIT || action == ACTION_CLOSE || action == ACTION_HELP)
		return TUI_QUIT;
	return TUI_IGNORED;
}

static enum tui_result help_mouse(struct tui *tui, struct view *view, const MEVENT *ev)
{
	struct help_view *hv = view->data;

	(void)tui;
	return tui_list_mouse(&hv->list, ev) ? TUI_REDRAW : TUI_IGNORED;
}

/* a page to read: movement, help, back */
static const enum tui_action help_hints[] = {
	ACTION_MOVE_DOWN, ACTION_MOVE_UP, ACTION_PAGE_DOWN, ACTION_HELP, ACTION_QUIT, ACTION_NONE,
};

static const enum tui_action help_actions[] = {
	ACTION_MOVE_DOWN, ACTION_MOVE_UP, ACTION_MOVE_FIRST, ACTION_MOVE_LAST, ACTION_PAGE_DOWN,
	ACTION_PAGE_UP, ACTION_HALF_PAGE_DOWN, ACTION_HALF_PAGE_UP, ACTION_REDRAW, ACTION_HELP, ACTION_CLOSE,
	ACTION_QUIT, ACTION_NONE,
};

const struct view_ops help_view_ops = {
	.name = "help",
	.open = help_open,
	.draw = help_draw,
	.key = help_key,
	.mouse = help_mouse,
	.close = help_close,
	.hints = help_hints,
	.actions = help_actions,
};
