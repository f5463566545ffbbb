/* tui.c - the console: terminal set-up and restore, signals, the main loop.
 *
 * The terminal is restored whatever happens: on quit, on die() (through the
 * die hook), on SIGINT/SIGTERM/SIGHUP (the handler only sets a flag; the
 * loop restores the terminal, then the signal is raised again with its
 * default action so the parent sees how we ended) and around a Ctrl-Z
 * suspend. Signal handlers make no curses calls.
 */
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "csconsole/exitcode.h"
#include "csconsole/i18n.h"
#include "csconsole/text.h"
#include "csconsole/tui.h"

/* TUI_TICK_MS (tui.h) is also how long getch() waits before the loop looks
 * at the signal flags again: a safety net in case a signal does not
 * interrupt the read. */
#define CTRL_H 8

static volatile sig_atomic_t quit_signal;   /* SIGINT, SIGTERM or SIGHUP received */
static volatile sig_atomic_t stop_request;  /* SIGTSTP received */
static SCREEN *screen;

static void on_quit_signal(int sig)
{
	quit_signal = sig;
}

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_request = 1;
}

static const int quit_signals[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction saved_quit[ARRAY_SIZE(quit_signals)], saved_stop;

/* No SA_RESTART: a signal interrupts getch() so the loop sees it at once. */
static void set_handler(int sig, void (*fn)(int), struct sigaction *old)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, old);
}

/* Installed before newterm(): ncurses then leaves these signals to us
 * instead of installing its own handlers (which call curses functions). */
static void signals_install(void)
{
	quit_signal = 0;
	stop_request = 0;
	for (size_t i = 0; i < ARRAY_SIZE(quit_signals); i++)
		set_handler(quit_signals[i], on_quit_signal, &saved_quit[i]);
	set_handler(SIGTSTP, on_stop_signal, &saved_stop);
}

static void signals_restore(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(quit_signals); i++)
		sigaction(quit_signals[i], &saved_quit[i], NULL);
	sigaction(SIGTSTP, &saved_stop, NULL);
}

/* Bracketed paste (xterm mode 2004): the terminal wraps a paste in
 * ESC[200~ ... ESC[201~, so pasted text is never taken for keys. */
static void paste_mode(bool on)
{
	fputs(on ? "\033[?2004h" : "\033[?2004l", stdout);
	fflush(stdout);
}

/* The die() hook and the normal exit path. */
static void terminal_restore(void)
{
	if (!screen)
		return;
	paste_mode(false);
	endwin();
	delscreen(screen);
	screen = NULL;
}

/* Ctrl-Z: leave curses mode, stop with the default action, and come back. */
static void suspend(void)
{
	struct sigaction dfl;
	struct winsize ws;

	stop_request = 0;
	paste_mode(false);
	endwin();
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, &dfl, NULL);
	raise(SIGTSTP);                       /* stopped here until SIGCONT */
	set_handler(SIGTSTP, on_stop_signal, NULL);
	refresh();                            /* back to curses mode */
	paste_mode(true);
	/* the terminal may have been resized while we were stopped */
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0 &&
	    is_term_resized(ws.ws_row, ws.ws_col))
		resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
}

/* --- Messages -------------------------------------------------------------- */

static void set_message(struct tui *tui, enum theme_element e, const char *fmt, va_list ap)
{
	char raw[sizeof(tui->message)];
	char *clean;

	vsnprintf(raw, sizeof(raw), fmt, ap);
	clean = text_sanitize(raw, false);     /* messages quote file names and file text */
	str_copy(tui->message, sizeof(tui->message), clean);
	free(clean);
	tui->message_elem = e;
}

void tui_message(struct tui *tui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_message(tui, ELEM_STATUS, fmt, ap);
	va_end(ap);
}

void tui_error(struct tui *tui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_message(tui, ELEM_STATUS_ERROR, fmt, ap);
	va_end(ap);
}

/* --- Views ------------------------------------------------------------------ */

int tui_view_push(struct tui *tui, const struct view_ops *ops, const void *arg)
{
	struct view *v;

	if (tui->depth >= TUI_VIEW_DEPTH)
		return error(_("too many views open (at most %d): close one with q"), TUI_VIEW_DEPTH);
	v = &tui->views[tui->depth];
	memset(v, 0, sizeof(*v));
	v->ops = ops;
	v->arg = arg;
	if (ops->open && ops->open(tui, v) < 0) {
		if (ops->close)
			ops->close(tui, v);
		return -1;
	}
	tui->depth++;
	tui->status_right[0] = '\0';
	return 0;
}

void tui_view_pop(struct tui *tui)
{
	struct view *v;

	if (tui->depth == 0)
		return;
	v = &tui->views[--tui->depth];
	if (v->ops->close)
		v->ops->close(tui, v);
	memset(v, 0, sizeof(*v));
	tui->status_right[0] = '\0';
}

/* --- Drawing ------------------------------------------------------------------ */

static bool too_small(const struct tui *tui)
{
	return tui->cols < TUI_MIN_COLS || tui->rows < TUI_MIN_ROWS;
}

static void draw_too_small(const struct tui *tui)
{
	char line[128];
	int y = tui->rows / 2 - 1;

	if (y < 0)
		y = 0;
	str_format(line, sizeof(line), _("terminal too small: %dx%d"), tui->cols, tui->rows);
	tui_put_centered(y, 0, tui->cols, ELEM_NOTICE, line);
	str_format(line, sizeof(line), _("csconsole needs at least %dx%d"), TUI_MIN_COLS, TUI_MIN_ROWS);
	tui_put_centered(y + 1, 0, tui->cols, ELEM_NORMAL, line);
	tui_put_centered(y + 2, 0, tui->cols, ELEM_DIM, _("enlarge the window, or press q to quit"));
}

static void draw_status(struct tui *tui)
{
	int y = tui->rows - 1, right_w = 0;
	char hints[512];
	const char *left = tui->message;
	enum theme_element e = tui->message_elem;

	if (tui->prompt.active) {
		int cx = tui_prompt_draw(tui, y, tui->cols);
		move(y, cx);                       /* where the terminal shows the cursor */
		return;
	}
	tui_fill(y, 0, tui->cols, ELEM_STATUS);
	if (tui->status_right[0]) {
		right_w = text_width(tui->status_right) + 1;
		if (right_w > tui->cols / 2)
			right_w = tui->cols / 2;
		tui_put(y, tui->cols - right_w, right_w - 1, ELEM_STATUS, ALIGN_RIGHT, tui->status_right);
	}
	if (!tui->message[0]) {
		tui_key_hints(tui, tui->cols - right_w - 2, hints, sizeof(hints));
		left = hints;
		e = ELEM_STATUS;
	}
	tui_put(y, 1, tui->cols - right_w - 2, e, ALIGN_LEFT, left);
}

void tui_draw(struct tui *tui)
{
	struct view *top;
	bool cursor = false;

	getmaxyx(stdscr, tui->rows, tui->cols);
	erase();
	tui->cursor_y = -1;
	if (too_small(tui)) {
		draw_too_small(tui);
	} else if (tui->depth > 0) {
		top = &tui->views[tui->depth - 1];
		top->ops->draw(tui, top, (struct tui_rect){ 0, 0, tui->rows - 1, tui->cols });
		draw_status(tui);
		cursor = tui->prompt.active;
		if (!cursor && tui->cursor_y >= 0) {
			move(tui->cursor_y, tui->cursor_x);   /* a form's text field */
			cursor = true;
		}
	}
	if (cursor != tui->cursor_shown) {
		curs_set(cursor ? 1 : 0);
		tui->cursor_shown = cursor;
	}
	refresh();
}

/* --- The loop ---------------------------------------------------------------- */

static void unbound_key(struct tui *tui, int key)
{
	char name[32], quit[32], help[32];

	if (key < 0)
		str_copy(name, sizeof(name), _("(a non-ASCII character)"));
	else if (TUI_KEY_IS_ALT(key) && key - TUI_KEY_ALT_BASE > ' ' && key - TUI_KEY_ALT_BASE < 127)
		str_format(name, sizeof(name), "M-%c", key - TUI_KEY_ALT_BASE);
	else if (TUI_KEY_IS_ALT(key))
		str_copy(name, sizeof(name), _("M-(a key)"));
	else
		tui_key_name(key, name, sizeof(name));
	tui_action_key_name(tui, ACTION_QUIT, quit, sizeof(quit));
	tui_action_key_name(tui, ACTION_HELP, help, sizeof(help));
	if (help[0])
		tui_message(tui, _("key %s does nothing here (%s lists the keys, %s quits)"), name, help, quit);
	else
		tui_message(tui, _("key %s does nothing here (%s quits; keys are listed in csconsole(1))"), name, quit);
}

/* Wheel and clicks go to the top view; not while the input is open (a
 * click must not move the selection under a search being typed). */
static void mouse_event(struct tui *tui)
{
	MEVENT ev;
	struct view *top;

	if (getmouse(&ev) != OK || too_small(tui) || tui->prompt.active || tui->depth == 0)
		return;
	top = &tui->views[tui->depth - 1];
	if (top->ops->mouse)
		top->ops->mouse(tui, top, &ev);
}

/* A sync finished: every view loads its data again. The message the sync
 * left stays unless a reload fails. */
void tui_reload_views(struct tui *tui)
{
	for (int i = 0; i < tui->depth; i++)
		if (tui->views[i].ops->reload)
			tui->views[i].ops->reload(tui, &tui->views[i]);
}

/* A view with nothing to paste into (no paste, or it returns TUI_IGNORED)
 * leaves the status line saying so. */
void tui_paste(struct tui *tui, const char *text)
{
	struct view *top = tui->depth > 0 ? &tui->views[tui->depth - 1] : NULL;

	tui->message[0] = '\0';
	if (!*text || too_small(tui))
		return;
	if (tui->prompt.active) {
		if (tui_line_insert(&tui->prompt.line, text) && tui->prompt.ops->change)
			tui->prompt.ops->change(tui, tui->prompt.line.text, tui->prompt.arg);
		return;
	}
	if (top && top->ops->paste) {
		enum tui_result res = top->ops->paste(tui, top, text);
		if (res == TUI_QUIT)
			tui_view_pop(tui);
		if (res != TUI_IGNORED)
			return;
	}
	tui_message(tui, "%s", _("the paste was not used: nothing here takes text (l opens the log form)"));
}

static void deliver_paste(struct tui *tui)
{
	tui_paste(tui, sbuf_str(&tui->paste));
}

/* One key inside a bracketed paste: characters are collected as text (the
 * terminal sends Enter as CR), everything else is dropped. */
static void paste_key(struct tui *tui, int rc, wint_t wch)
{
	char enc[MB_LEN_MAX];
	mbstate_t ps;
	if (rc == KEY_CODE_YES) {
		if (wch == TUI_KEY_PASTE_END) {
			tui->pasting = false;
			deliver_paste(tui);
			sbuf_reset(&tui->paste);
		}
		return;
	}
	if (wch == L'\r')
		wch = L'\n';
	if ((wch < 0x20 && wch != L'\n' && wch != L'\t') || wch == 0x7f)
		return;
	memset(&ps, 0, sizeof(ps));
	size_t n = wcrtomb(enc, (wchar_t)wch, &ps);
	if (n != (size_t)-1)
		sbuf_add(&tui->paste, enc, n);
}

/* One key from get_wch() (rc OK or KEY_CODE_YES): to the input line when it
 * is open, else through the bindings to the top view. */
void tui_handle_key(struct tui *tui, int rc, wint_t wch)
{
	int key = (int)wch;
	enum tui_action action;
	enum tui_result res;
	struct view *top;

	if (tui->depth == 0)
		return;                            /* the last view closed: keys left over go nowhere */
	if (rc == KEY_CODE_YES && key == KEY_RESIZE)
		return;                            /* draw_screen reads the new size */
	if (rc == KEY_CODE_YES && key == TUI_KEY_PASTE_BEGIN) {
		tui->pasting = true;
		sbuf_reset(&tui->paste);
		return;
	}
	if (tui->pasting) {
		paste_key(tui, rc, wch);
		return;
	}
	if (rc == KEY_CODE_YES && key == KEY_MOUSE) {
		mouse_event(tui);
		return;
	}
	tui->message[0] = '\0';
	if (tui->prompt.active && !too_small(tui)) {
		tui_prompt_key(tui, key, rc == KEY_CODE_YES);
		return;
	}
	top = tui->depth > 0 ? &tui->views[tui->depth - 1] : NULL;
	if (top && top->ops->input && !too_small(tui)) {
		/* a form takes every key as typed (a Japanese character included) */
		if (top->ops->input(tui, top, key, rc == KEY_CODE_YES) == TUI_QUIT)
			tui_view_pop(tui);
		return;
	}
	if (rc == OK && wch >= 0x80)
		key = -1;                          /* a non-ASCII character binds nothing */
	action = tui_key_action(tui, key);
	if (action == ACTION_REDRAW) {
		clearok(curscr, TRUE);
		return;
	}
	if (too_small(tui)) {
		if (action == ACTION_QUIT)
			while (tui->depth > 0)
				tui_view_pop(tui);
		return;
	}
	top = &tui->views[tui->depth - 1];
	tui->key_rc = rc;
	tui->key_wch = wch;
	res = top->ops->key(tui, top, action, key);
	switch (res) {
	case TUI_HANDLED:
	case TUI_REDRAW:
		break;
	case TUI_QUIT:
		tui_view_pop(tui);
		break;
	case TUI_IGNORED:
		if (action == ACTION_QUIT || action == ACTION_CLOSE)
			tui_view_pop(tui);
		else if (action == ACTION_HELP) {
			if (tui_view_push(tui, &help_view_ops, NULL) < 0)
				tui_error(tui, "%s", error_message());
		} else if (action == ACTION_SYNC)
			tui_sync_start(tui);
		else
			unbound_key(tui, key);   /* bound, but not to anything this view does */
		break;
	}
}

/* --- Reading keys: Alt, and bursts that are pastes ----------------------------- */

/* After a burst's first key, how long (ms) the next may take to still be
 * part of it: a terminal writes a paste in pieces; nobody types this fast. */
#define TUI_BURST_GAP_MS 5
#define KEY_ESC 27

/* A key that can be part of a pasted run of text: a character or a line end
 * (not Tab, which moves between fields, nor Esc or a function key). */
static bool run_key(int rc, wint_t wch)
{
	return rc == OK && ((wch >= 0x20 && wch != 0x7f) || wch == L'\r' || wch == L'\n');
}

static int read_key_within(int ms, wint_t *wch)
{
	timeout(ms);
	int rc = get_wch(wch);
	timeout(TUI_TICK_MS);
	return rc;
}

/* ESC [ or ESC O with more already waiting: a function key the terminal
 * description (TERM) does not name. Its sequence is read to its final
 * character and dropped, so it is never typed as text; true if it was. */
static bool drop_sequence(struct tui *tui, wint_t intro, int *next_rc, wint_t *next)
{
	char seq[32];
	size_t n = 0;
	wint_t c;
	int rc = read_key_within(0, &c);

	if (rc == ERR)
		return false;                         /* Alt-[ or Alt-O, typed */
	seq[n++] = (char)intro;
	while (rc == OK && c >= 0x20 && c <= 0x3f) {  /* parameters, intermediates */
		if (n < sizeof(seq) - 1)
			seq[n++] = (char)c;
		rc = read_key_within(0, &c);
	}
	if (rc == OK && c >= 0x40 && c <= 0x7e) {
		if (n < sizeof(seq) - 1)
			seq[n++] = (char)c;
		seq[n] = '\0';
		tui_message(tui, _("an unknown key (ESC %s) was ignored: is TERM right for this terminal?"), seq);
	} else if (rc != ERR) {
		*next_rc = rc;                        /* not a sequence after all: the key stays */
		*next = c;
	}
	return true;
}

/* Esc: the key that follows at once (as a terminal sends Alt-b: ESC b in
 * one write) makes it Alt. curses has already waited ESCDELAY ms after the
 * Esc for a key sequence, so the key is read without waiting again: Esc
 * alone costs no more than before. The
 * key read that is not an Alt key is left in *next (rc in *next_rc).
 * Returns 1 for Alt (its code in *next), 0 for Esc, -1 when the Esc began an
 * unknown key's sequence (dropped). */
static int read_alt(struct tui *tui, int *next_rc, wint_t *next)
{
	wint_t w;
	int rc = read_key_within(0, &w);

	*next_rc = ERR;
	if (rc == ERR)
		return 0;
	if (rc == OK && (w == '[' || w == 'O') && drop_sequence(tui, w, next_rc, next))
		return -1;
	if (rc == OK && ((w > 0x20 && w < 0x7f) || w == 0x7f || w == CTRL_H)) {
		*next = TUI_KEY_ALT(w == CTRL_H ? 0x7f : (int)w);
		return 1;
	}
	if (rc == KEY_CODE_YES && w == KEY_BACKSPACE) {
		*next = TUI_KEY_ALT(0x7f);
		return 1;
	}
	*next_rc = rc;
	*next = w;
	return 0;
}

static bool line_end(wint_t w)
{
	return w == L'\r' || w == L'\n';
}

/* keys[from, n) as a paste (line ends as '\n'). */
static void paste_keys(struct tui *tui, const wint_t *keys, size_t from, size_t n)
{
	char enc[MB_LEN_MAX];
	mbstate_t ps;

	sbuf_reset(&tui->paste);
	for (size_t i = from; i < n; i++) {
		memset(&ps, 0, sizeof(ps));
		size_t k = wcrtomb(enc, line_end(keys[i]) ? L'\n' : (wchar_t)keys[i], &ps);
		if (k != (size_t)-1)
			sbuf_add(&tui->paste, enc, k);
	}
	deliver_paste(tui);
	sbuf_reset(&tui->paste);
}

/* A run of characters already waiting (typed by no person: a terminal
 * without bracketed paste writing a paste, or a script) that holds a line
 * end is a paste, never keys: its Enters must not save a form nor open what
 * is under them. The run is handed over key by key, and from the first key
 * where what is left of it holds a line end and text, and either several
 * lines (text after a line end) or a form is open (its Enter would save it),
 * the rest is a paste. So a multi-line paste is a paste anywhere, one line
 * and its Enter into a form is text in the form, and the same into the
 * status line's input (a script's "/name" Enter) is typed. The key that
 * ended the run is left in *next. */
static void take_run(struct tui *tui, wint_t first, int *next_rc, wint_t *next)
{
	wint_t *keys = NULL;
	size_t n = 0, cap = 0;
	int rc;
	wint_t w = first;

	*next_rc = ERR;
	for (int ms = 0;; ms = TUI_BURST_GAP_MS) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			keys = xreallocarray(keys, cap, sizeof(*keys));
		}
		keys[n++] = w;
		rc = read_key_within(ms, &w);
		if (rc == ERR)
			break;
		if (!run_key(rc, w)) {
			*next_rc = rc;
			*next = w;
			break;
		}
	}
	/* from each key on: a line end, text, text after a line end */
	bool *end_from = xcalloc(n + 1, sizeof(bool)), *text_from = xcalloc(n + 1, sizeof(bool));
	bool *lines_from = xcalloc(n + 1, sizeof(bool));
	for (size_t i = n; i-- > 0;) {
		end_from[i] = end_from[i + 1] || line_end(keys[i]);
		text_from[i] = text_from[i + 1] || !line_end(keys[i]);
		lines_from[i] = lines_from[i + 1] || (line_end(keys[i]) && text_from[i + 1]);
	}
	for (size_t i = 0; i < n && tui->depth > 0; i++) {   /* a key may close the last view */
		const struct view *top = &tui->views[tui->depth - 1];
		bool form = !tui->prompt.active && top->ops->input;
		if (end_from[i] && text_from[i] && (lines_from[i] || form)) {
			paste_keys(tui, keys, i, n);
			break;
		}
		tui_handle_key(tui, OK, keys[i]);
	}
	free(end_from);
	free(text_from);
	free(lines_from);
	free(keys);
}

/* One key from get_wch(), and what it brings with it: Esc + a key is Alt, a
 * burst of text is a paste (above); everything else goes to
 * tui_handle_key(). */
static void take_key(struct tui *tui, int rc, wint_t wch)
{
	while (rc != ERR && tui->depth > 0) {
		int next_rc = ERR;
		wint_t next = 0;
		if (tui->pasting) {
			tui_handle_key(tui, rc, wch);           /* bracketed: the terminal says what is text */
		} else if (rc == OK && wch == KEY_ESC) {
			int alt = read_alt(tui, &next_rc, &next);
			if (alt > 0) {
				tui_handle_key(tui, KEY_CODE_YES, (wint_t)next);
				next_rc = ERR;
			} else if (alt == 0) {
				tui_handle_key(tui, rc, wch);
			}
		} else if (run_key(rc, wch)) {
			take_run(tui, wch, &next_rc, &next);
		} else {
			tui_handle_key(tui, rc, wch);
		}
		rc = next_rc;
		wch = next;
	}
}

static bool waiting(struct tui *tui)
{
	for (int i = 0; i < tui->depth; i++)
		if (tui->views[i].ops->waiting && tui->views[i].ops->waiting(tui, &tui->views[i]))
			return true;
	return false;
}

static void run(struct tui *tui)
{
	bool redraw = true;
	int shown_elapsed = -1;

	while (tui->depth > 0 && !quit_signal) {
		int rc;
		wint_t wch;

		if (stop_request) {
			suspend();
			redraw = true;
		}
		if (tui_sync_poll(tui)) {
			tui_reload_views(tui);
			redraw = true;
		} else if (tui->sync.pid > 0 && tui_sync_elapsed(tui) != shown_elapsed) {
			shown_elapsed = tui_sync_elapsed(tui);
			redraw = true;                /* the header's indicator counts seconds */
		}
		for (int i = 0; i < tui->depth; i++)
			if (tui->views[i].ops->tick && tui->views[i].ops->tick(tui, &tui->views[i]))
				redraw = true;
		if (redraw) {
			tui_draw(tui);
			redraw = false;
		}
		/* a view waiting for background work is looked at within a frame;
		 * idle, the loop sleeps a whole tick */
		timeout(waiting(tui) ? TUI_WAIT_TICK_MS : TUI_TICK_MS);
		/* whole characters (a Japanese one is one key), or KEY_* codes */
		rc = get_wch(&wch);
		if (rc == ERR)
			continue;                  /* tick or interrupted read: look at the flags */
		take_key(tui, rc, wch);
		redraw = true;
	}
	while (tui->depth > 0)
		tui_view_pop(tui);
	tui_line_free(&tui->prompt.line);
	sbuf_free(&tui->paste);
}

/* `csconsole tui --help`: the keys come from the bindings table. */
static void usage(FILE *out)
{
	fputs(_("usage: csconsole [OPTIONS] [tui]\n"
		"\n"
		"Opens the console on my book (the default when no command is given).\n"
		"\n"
		"Keys:\n"), out);
	for (int a = 1; a < ACTION_COUNT; a++)
		fprintf(out, "  %-14s %s\n", tui_action_keys((enum tui_action)a),
			tui_action_help((enum tui_action)a));
	fprintf(out, "  %-14s %s\n", "C-z", _("Suspend (resume with fg)"));
	fputs(_("\n"
		"In input lines, readline keys: C-a C-e C-b C-f, M-b M-f (words), Backspace\n"
		"Delete C-k C-u C-w M-d M-Backspace, C-y; a value already there is selected\n"
		"(typing replaces it, a motion keeps it).\n"
		"\n"
		"These are the default keys: `keys:` in csconsole.yaml changes them, and ? in\n"
		"the console lists the keys in force. See man csconsole.\n"), out);
}

/* A status-line note about the start-up: main printed the configuration's
 * warnings on stderr, which the screen now hides. */
static void startup_notes(struct tui *tui)
{
	struct app *app = tui->app;

	if (app->config_diags.warnings > 0)
		tui_message(tui, P_("%s: %zu warning: run csconsole doctor", "%s: %zu warnings: run csconsole doctor",
				    app->config_diags.warnings),
			    app->cfg.file ? app->cfg.file : _("configuration"), app->config_diags.warnings);
}

static void theme_setup(struct tui *tui, struct theme *theme)
{
	struct app *app = tui->app;
	struct diag_list diags = { 0 };
	const char *no_color = getenv("NO_COLOR");
	const char *name = app->theme ? app->theme : app->cfg.theme;

	/* a colour theme needs one colour pair per element; with fewer pairs
	 * the monochrome styles (which rely on attributes) are the safe choice */
	tui->color = false;
	if (has_colors() && (!no_color || !no_color[0]) && start_color() == OK)
		tui->color = COLOR_PAIRS > ELEM_COUNT;
	memset(theme, 0, sizeof(*theme));
	if (theme_load(theme, name, tui->color, &diags) < 0) {
		if (diags.len > 0) {
			char *first = diag_format(&diags.items[0]);
			if (diags.len > 1)
				tui_error(tui, _("%s (and more)"), first);
			else
				tui_error(tui, "%s", first);
			free(first);
		} else {
			tui_error(tui, _("%s; using the built-in colours"), error_message());
		}
	} else if (diags.len > 0) {
		char *first = diag_format(&diags.items[0]);
		tui_message(tui, "%s", first);
		free(first);
	}
	theme_apply(theme, tui->color);
	diag_clear(&diags);
}

int cmd_tui(struct app *app, int argc, char **argv)
{
	struct tui tui;
	struct theme theme;
	int rc, sig;

	if (argc > 1 && (str_eq(argv[1], "--help") || str_eq(argv[1], "-h"))) {
		usage(stdout);
		return CS_EXIT_OK;
	}
	if (argc > 1) {
		fprintf(stderr, _("csconsole tui: unexpected argument \"%s\"\n"), argv[1]);
		usage(stderr);
		return CS_EXIT_USAGE;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs(_("csconsole: the console needs a terminal; for scripts use a command, "
			"e.g. csconsole accounts --format csv (see csconsole --help)\n"), stderr);
		return CS_EXIT_USAGE;
	}
	rc = tui_terminal_check();
	if (rc != 0)
		return rc;
	rc = app_open_store(app);
	if (rc != CS_EXIT_OK)
		return rc;

	memset(&tui, 0, sizeof(tui));
	tui.app = app;
	tui.utf8 = text_glyphs_unicode();   /* glyphs, not text: see draw.c */
	tui.message_elem = ELEM_STATUS;
	tui.sync.fd = -1;
	tui_bindings_load(&tui, &app->cfg);

	signals_install();
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		const char *term = getenv("TERM");
		signals_restore();
		free(tui.bindings);
		fprintf(stderr, _("csconsole: cannot use the terminal \"%s\": set TERM to your terminal's type (e.g. xterm-256color)\n"),
			term ? term : _("(TERM unset)"));
		return CS_EXIT_IO;
	}
	die_set_hook(terminal_restore);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	define_key("\033[200~", TUI_KEY_PASTE_BEGIN);
	define_key("\033[201~", TUI_KEY_PASTE_END);
	paste_mode(true);
	curs_set(0);
	if (!getenv("ESCDELAY"))
		set_escdelay(25);       /* Esc quits at once; $ESCDELAY (ms) for slow links */
	timeout(TUI_TICK_MS);
	/* presses, not clicks: a click would wait for the release; Shift with
	 * the mouse still selects text in most terminals */
	mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	getmaxyx(stdscr, tui.rows, tui.cols);

	startup_notes(&tui);
	theme_setup(&tui, &theme);      /* a theme error replaces a note */

	rc = CS_EXIT_OK;
	if (tui_view_push(&tui, &accounts_view_ops, NULL) < 0) {
		terminal_restore();
		fprintf(stderr, "csconsole: %s\n", error_message());
		rc = CS_EXIT_STORE;
	} else {
		if (app->cfg.sync_on_start && !str_empty(app->cfg.shared_dir))
			tui_sync_start(&tui);
		run(&tui);
	}
	tui_sync_detach(&tui);

	terminal_restore();
	die_set_hook(NULL);
	signals_restore();
	theme_free(&theme);
	free(tui.bindings);

	sig = quit_signal;
	if (sig) {
		/* end the way the signal asked, so a shell sees it */
		app_close(app);
		signal(sig, SIG_DFL);
		raise(sig);
		return 128 + sig;
	}
	return rc;
}
