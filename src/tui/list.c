/* list.c - selection and scrolling of line-based views (struct tui_list). */
#include "csconsole/tui.h"

void tui_list_clamp(struct tui_list *l, int height)
{
	size_t h = height > 0 ? (size_t)height : 1;

	l->height = height;
	if (l->len == 0) {
		l->sel = l->top = 0;
		return;
	}
	if (l->sel >= l->len)
		l->sel = l->len - 1;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + h)
		l->top = l->sel - h + 1;
	/* no empty space below the last row when rows could fill it */
	if (l->top + h > l->len)
		l->top = l->len > h ? l->len - h : 0;
}

/* Moves sel by delta rows, and top with it for page moves, so a page
 * down shows the next page rather than just moving the cursor. */
static void move_by(struct tui_list *l, long delta, bool scroll)
{
	long max = (long)l->len - 1;
	long sel = (long)l->sel + delta;
	long top = (long)l->top + (scroll ? delta : 0);

	if (l->len == 0)
		return;
	if (sel < 0)
		sel = 0;
	if (sel > max)
		sel = max;
	if (top < 0)
		top = 0;
	if (top > max)
		top = max;
	l->sel = (size_t)sel;
	l->top = (size_t)top;
	tui_list_clamp(l, l->height);
}

bool tui_list_key(struct tui_list *l, enum tui_action action)
{
	long page = l->height > 1 ? l->height : 1;
	long half = page / 2 > 0 ? page / 2 : 1;

	switch (action) {
	case ACTION_MOVE_DOWN:      move_by(l, 1, false); return true;
	case ACTION_MOVE_UP:        move_by(l, -1, false); return true;
	case ACTION_MOVE_FIRST:     move_by(l, -(long)l->len, false); return true;
	case ACTION_MOVE_LAST:      move_by(l, (long)l->len, false); return true;
	case ACTION_PAGE_DOWN:      move_by(l, page, true); return true;
	case ACTION_PAGE_UP:        move_by(l, -page, true); return true;
	case ACTION_HALF_PAGE_DOWN: move_by(l, half, true); return true;
	case ACTION_HALF_PAGE_UP:   move_by(l, -half, true); return true;
	default:                    return false;
	}
}

bool tui_list_mouse(struct tui_list *l, const MEVENT *ev)
{
	size_t h = l->height > 0 ? (size_t)l->height : 1;

	if (l->len == 0)
		return false;
	if (ev->bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		long top = (long)l->top + (ev->bstate & BUTTON4_PRESSED ? -TUI_WHEEL_ROWS : TUI_WHEEL_ROWS);
		long max = l->len > h ? (long)(l->len - h) : 0;
		if (top < 0)
			top = 0;
		if (top > max)
			top = max;
		l->top = (size_t)top;
		/* the selection stays on screen, so the clamp keeps this top */
		if (l->sel < l->top)
			l->sel = l->top;
		if (l->sel >= l->top + h)
			l->sel = l->top + h - 1;
		return true;
	}
	if (ev->bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) {
		size_t row;
		if (ev->y < l->y || ev->y >= l->y + (int)h)
			return false;
		row = l->top + (size_t)(ev->y - l->y);
		if (row >= l->len)
			return false;
		l->sel = row;
		return true;
	}
	return false;
}
