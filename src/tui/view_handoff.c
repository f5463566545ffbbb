/* view_handoff.c - the handoff brief and "while you were out" (being written). */
#include "csconsole/tui.h"

static int not_yet(struct tui *tui, struct view *view)
{
	(void)tui;
	(void)view;
	return error("this view is not built yet");
}

static void no_draw(struct tui *tui, struct view *view, struct tui_rect r)
{
	(void)tui;
	(void)view;
	(void)r;
}

static enum tui_result no_key(struct tui *tui, struct view *view, enum tui_action action, int key)
{
	(void)tui;
	(void)view;
	(void)action;
	(void)key;
	return TUI_IGNORED;
}

const struct view_ops handoff_view_ops = { .name = "handoff", .open = not_yet, .draw = no_draw, .key = no_key };
const struct view_ops changes_view_ops = { .name = "changes", .open = not_yet, .draw = no_draw, .key = no_key };
