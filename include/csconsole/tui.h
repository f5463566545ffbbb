/* tui.h - the console's screen machinery (ncursesw): views, key bindings,
 * drawing helpers and the status line. Only src/tui/ includes this.
 *
 * A screen is a view: a small table of callbacks (struct view_ops) over
 * private data, as in tig. Views are kept on a stack: the portfolio at the
 * bottom, a detail view pushed over it; quitting the top view returns to the
 * one below, quitting the last one leaves the program.
 *
 * Keys are read once, translated through the bindings table into an action
 * (enum tui_action), and handed to the top view. Its answer (enum tui_result)
 * says what happens next. The bindings table TUI_ACTIONS (tui_actions.h) is the one source of
 * truth for default keys, status-line hints and the help screen.
 */
#ifndef CSCONSOLE_TUI_H
#define CSCONSOLE_TUI_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include "csconsole/app.h"
#include "csconsole/tui_actions.h"
#include "csconsole/tui_theme.h"
#include "csconsole/util.h"

/* The smallest screen the views are drawn on; below it a message says so. */
#define TUI_MIN_COLS 60
#define TUI_MIN_ROWS 10

/* What a view's key handler asks for next. The screen is drawn again after
 * every key in any case (erase + draw: curses sends only what changed), so
 * HANDLED and REDRAW differ only in intent until a view needs partial draws. */
enum tui_result {
	TUI_HANDLED,    /* consumed; nothing changed but perhaps the status line */
	TUI_IGNORED,    /* not for this view: quit pops it, an unbound key is reported */
	TUI_REDRAW,     /* consumed; the view's contents changed */
	TUI_QUIT,       /* close this view */
};

struct tui;
struct view;

/* Where a view draws: the screen minus the status line. */
struct tui_rect {
	int y, x, h, w;
};

struct view_ops {
	const char *name;
	/* Loads the view's data. 0, or -1 + error() (shown in the status line). */
	int (*open)(struct tui *tui, struct view *view);
	/* Draws the whole view inside r (called after every change and resize). */
	void (*draw)(struct tui *tui, struct view *view, struct tui_rect r);
	/* One key press: action is ACTION_NONE for an unbound key; key is the raw key. */
	enum tui_result (*key)(struct tui *tui, struct view *view, enum tui_action action, int key);
	/* The data changed underneath (a sync finished): load it again, keeping
	 * the selection; may be NULL. */
	void (*reload)(struct tui *tui, struct view *view);
	/* Called by the loop at every pass (a key or its 250 ms tick): true
	 * when the view has changed and must be drawn again; may be NULL. */
	bool (*tick)(struct tui *tui, struct view *view);
	/* True while the view waits for background work that its tick takes
	 * in (the team's rows loading, keys queued behind them): the loop then
	 * wakes every TUI_WAIT_TICK_MS instead of TUI_TICK_MS, so what lands
	 * is shown within a frame; may be NULL. */
	bool (*waiting)(struct tui *tui, struct view *view);
	/* A mouse event (wheel, click); may be NULL (mouse ignored). */
	enum tui_result (*mouse)(struct tui *tui, struct view *view, const MEVENT *ev);
	/* Frees the view's data. */
	void (*close)(struct tui *tui, struct view *view);
	/* A form: when set, every key goes here as typed (function_key: a KEY_*
	 * code) instead of through the bindings; TUI_QUIT closes the view. */
	enum tui_result (*input)(struct tui *tui, struct view *view, int key, bool function_key);
	/* A paste (bracketed paste: text, never keys), UTF-8 with '\n' line
	 * ends; NULL: the view has nothing to paste into, and says so. */
	enum tui_result (*paste)(struct tui *tui, struct view *view, const char *text);
	/* The actions whose hints the status line shows for this view, ending
	 * with ACTION_NONE; NULL: every action that has a hint. */
	const enum tui_action *hints;
	/* Every action the view takes (its key handler's, plus help, sync,
	 * redraw and close that the loop handles), ending with ACTION_NONE:
	 * the help screen lists exactly these; NULL: the hints. */
	const enum tui_action *actions;
};

struct view {
	const struct view_ops *ops;
	void *data;                /* the view's own state, owned by the view */
	const void *arg;           /* what tui_view_push() was given (only valid in open) */
};

/* A scrollable list selection shared by line-based views. */
struct tui_list {
	size_t len;                /* number of rows */
	size_t sel;                /* selected row (0 when empty) */
	size_t top;                /* first row shown */
	int height;                /* rows visible at the last draw */
	int y;                     /* screen line of the first visible row (set by the view's draw) */
};

/* Applies a movement action to l; true if the action was a movement. */
bool tui_list_key(struct tui_list *l, enum tui_action action);
/* Keeps sel inside [0, len) and visible in `height` rows (call before drawing). */
void tui_list_clamp(struct tui_list *l, int height);
/* Mouse on a list: the wheel scrolls TUI_WHEEL_ROWS rows (the selection stays
 * on screen), a click on a row selects it. True if the event changed l. */
#define TUI_WHEEL_ROWS 3
bool tui_list_mouse(struct tui_list *l, const MEVENT *ev);

struct tui_binding {
	int key;
	enum tui_action action;
};

/* The one-line input in the status line (input.c). */
struct tui_prompt_ops {
	/* After every edit (incremental search); may be NULL. */
	void (*change)(struct tui *tui, const char *text, void *arg);
	/* Enter: 0 closes the input; -1 + error() keeps it open, text intact,
	 * with the message beside it. */
	int (*done)(struct tui *tui, const char *text, void *arg);
	/* Esc; may be NULL. */
	void (*cancel)(struct tui *tui, void *arg);
};

/* A line editor: UTF-8 text, the cursor a byte offset on a character
 * boundary, moved and drawn by display width (input.c). A line is as long as
 * what is typed or loaded (nothing is ever cut); its limit, when set, is the
 * field's in the table of limits (limits.h) and shows as a counter near it;
 * the validators refuse a text over it, naming it. text is NULL until the
 * first tui_line_set() and owned by the line (tui_line_free()).
 *
 * Keys, as in readline: C-a/Home start, C-e/End end, C-b/Left and
 * C-f/Right one character, M-b/M-f one word back/forward, Backspace/C-h
 * and Delete one character, C-k to the end, C-u to the start, C-w the
 * space-delimited word before the cursor, M-d the word after, M-Backspace
 * the word before; C-y puts back what the last of these removed (one kill
 * for the console, as readline keeps one for the session). A word is a run of one script: kanji, hiragana,
 * katakana, or letters and digits; spaces and punctuation separate words
 * (so M-f over 東京オフィスで会議 stops after 東京, オフィス, で, 会議).
 *
 * A value set with tui_line_set() is selected (as in a GUI field): the first
 * character typed or pasted replaces it, Backspace or Delete clears it, any
 * motion keeps it and ends the selection. */
struct tui_line {
	char *text;
	size_t len, cap, cur;
	bool selected;             /* the whole text is selected */
	size_t limit;              /* characters (limit_chars()); 0: none */
};
enum tui_line_result { LINE_IGNORED, LINE_HANDLED, LINE_MOVED, LINE_CHANGED };
/* The counter shows from this share of the limit on (percent). */
#define TUI_LINE_COUNTER_PERCENT 80
/* Sets the text (NULL: empty), whole, the cursor at its end, selected when
 * not empty. The limit is kept. */
void tui_line_set(struct tui_line *l, const char *text);
/* Frees the text; the line is empty and unset again (limit 0). */
void tui_line_free(struct tui_line *l);
/* Inserts text at the cursor, replacing the selection (one line: line ends
 * and tabs become spaces, other controls are dropped). True if anything
 * changed. */
bool tui_line_insert(struct tui_line *l, const char *text);
/* Editing keys (above): characters, KEY_* codes and TUI_KEY_ALT(c) with
 * function_key true. LINE_IGNORED: not an editing key. */
enum tui_line_result tui_line_key(struct tui_line *l, int key, bool function_key);
/* Characters in the line (the counter's count). */
size_t tui_line_chars(const struct tui_line *l);
/* Draws the text in width cells at (y, x), scrolled whole characters at a
 * time so the cursor shows, the selection reversed, and the counter
 * ("412/500") at the right once the text reaches TUI_LINE_COUNTER_PERCENT
 * of the limit (status-error when over it); returns the cursor's column. */
int tui_line_draw(const struct tui_line *l, int y, int x, int width, enum theme_element e);

struct tui_prompt {
	bool active;
	char label[384];           /* "owner: ", "/" (room for a translation: 3 bytes a character) */
	struct tui_line line;      /* what is typed */
	char error[256];           /* why Enter was refused, until the next key */
	const struct tui_prompt_ops *ops;
	void *arg;
};

/* Opens the input with label and initial text (may be NULL, else
 * selected); keys go to it until Enter is accepted or Esc. Its text stays
 * through a refused Enter, a resize, a sync finishing and Ctrl-Z. */
void tui_prompt_open(struct tui *tui, const char *label, const char *initial,
		     const struct tui_prompt_ops *ops, void *arg);
/* Opens it with a limit from the table of limits (a counter near it). */
void tui_prompt_open_limited(struct tui *tui, const char *label, const char *initial,
			     size_t limit, const struct tui_prompt_ops *ops, void *arg);
/* One key: a character (function_key false) or a KEY_* code. */
void tui_prompt_key(struct tui *tui, int key, bool function_key);
/* Draws the input on line y over width cells; returns the cursor's column. */
int tui_prompt_draw(struct tui *tui, int y, int width);

/* The background sync (sync.c): `csconsole sync --quiet` in a child process
 * whose output comes back through a pipe; the loop polls it every tick, so
 * a slow or missing shared directory never blocks drawing or keys. */
struct tui_sync {
	int pid;                   /* the child, 0 when none runs */
	int fd;                    /* read end of its stdout + stderr */
	struct sbuf out;           /* what it printed so far */
	long long started_ms;
};

/* Starts a sync unless one runs or there is no shared directory (says why). */
void tui_sync_start(struct tui *tui);
/* Reads the child's output and reaps it; true once when it has finished (its
 * summary or error is then in the status line, and the views should reload). */
bool tui_sync_poll(struct tui *tui);
/* Seconds since the running sync started, or -1 when none runs. */
int tui_sync_elapsed(const struct tui *tui);
/* On quit: stop reading; a running sync finishes on its own (it cannot be
 * hurt by the closed pipe, and sync is safe to interrupt anyway). */
void tui_sync_detach(struct tui *tui);

#define TUI_VIEW_DEPTH 8

/* The loop's wake-ups (ms): every TUI_TICK_MS for the ticks (a sync's
 * progress, the clock), every TUI_WAIT_TICK_MS while a view is waiting. */
#define TUI_TICK_MS 250
#define TUI_WAIT_TICK_MS 8

/* The terminal's bracketed paste (xterm mode 2004) as two key codes. */
#define TUI_KEY_PASTE_BEGIN (KEY_MAX + 1)
#define TUI_KEY_PASTE_END (KEY_MAX + 2)
/* Alt (Meta) with an ASCII key, as terminals send it: Esc then the key at
 * once (within ESCDELAY ms, which curses waits after an Esc); Esc alone, and
 * Esc followed later by a key, stay Esc. Handed to views as a function key; Alt-Backspace is
 * TUI_KEY_ALT(127). */
#define TUI_KEY_ALT_BASE (KEY_MAX + 16)
#define TUI_KEY_ALT(c) (TUI_KEY_ALT_BASE + (c))
#define TUI_KEY_IS_ALT(k) ((k) >= TUI_KEY_ALT_BASE && (k) < TUI_KEY_ALT_BASE + 128)

struct tui {
	struct app *app;
	int rows, cols;                      /* screen size */
	struct view views[TUI_VIEW_DEPTH];   /* the stack; views[depth - 1] on top */
	int depth;
	struct tui_binding *bindings;        /* key -> action, owned */
	size_t n_bindings;
	char message[1024];                  /* status-line message; "" shows key hints (room for 3-byte characters) */
	char status_right[160];              /* right end of the status line, set by the view's draw */
	struct tui_prompt prompt;            /* the status line's input, when active */
	bool pasting;                        /* inside a bracketed paste */
	int key_rc;                          /* the key being handled, as read (get_wch's */
	wint_t key_wch;                      /* rc and character): a view that keeps keys replays these */
	struct sbuf paste;                   /* what the paste brought so far */
	unsigned prompt_serial;              /* counts tui_prompt_open(): a done() may open the next */
	struct tui_sync sync;                /* the background sync */
	enum theme_element message_elem;     /* status or status-error */
	bool color;                          /* colours in use (false: NO_COLOR, no colour support) */
	bool utf8;                           /* Unicode glyphs: text_glyphs_unicode() (else ASCII) */
	bool cursor_shown;                   /* the terminal cursor is visible (an input is open) */
	int cursor_y, cursor_x;              /* where a view's draw wants the cursor; y -1: none */
};

/* Refuses a terminal the console cannot drive (TERM unset, unknown to
 * terminfo, or unable to move the cursor, as TERM=dumb), saying why and what
 * to do on stderr (terminal.c). 0, or the exit status (CS_EXIT_USAGE). */
int tui_terminal_check(void);

/* Pushes a view and opens it; its open() sees arg as view->arg (e.g. the
 * account to show). On failure the view is not pushed, -1 + error(). */
int tui_view_push(struct tui *tui, const struct view_ops *ops, const void *arg);
/* Closes the top view. */
void tui_view_pop(struct tui *tui);

/* Every view loads its data again (after a sync or a write). */
void tui_reload_views(struct tui *tui);
/* Draws the whole screen (top view and status line) and refreshes it. */
void tui_draw(struct tui *tui);
/* Handles one key as get_wch() returned it (rc OK or KEY_CODE_YES): the
 * input line when open, else bindings -> top view; pops views on quit. */
void tui_handle_key(struct tui *tui, int rc, wint_t wch);
/* A text pasted (bracketed): into the input line, else to the top view's
 * paste; where nothing takes it, the status line says so. */
void tui_paste(struct tui *tui, const char *text);

/* Status-line message until the next key press. */
void tui_message(struct tui *tui, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* The same in the error colours; typically tui_error(tui, "%s", error_message()). */
void tui_error(struct tui *tui, const char *fmt, ...) PRINTF_LIKE(2, 3);

/* Bindings (keys.c). */
void tui_bindings_default(struct tui *tui);
/* The defaults, then the configuration's `keys:` map (validated when it was
 * loaded): each action it names gets exactly the keys it lists. */
void tui_bindings_load(struct tui *tui, const struct config *cfg);
/* Every key bound to action a, named and joined with sep ("j, Down"); "" when unbound. */
void tui_action_bound_keys(const struct tui *tui, enum tui_action a, const char *sep,
			   char *out, size_t size);
enum tui_action tui_key_action(const struct tui *tui, int key);
const char *tui_action_name(enum tui_action a);
const char *tui_action_help(enum tui_action a);
const char *tui_action_hint(enum tui_action a);
/* The default keys of an action, as in the table ("j Down"). */
const char *tui_action_keys(enum tui_action a);
/* Reads a key name: a printable character ("j", "G", "?"), "C-x" (Ctrl),
 * Up Down Left Right PgUp PgDn Home End Enter Esc Tab Space Backspace F1-F12.
 * False if the name is unknown. */
bool tui_key_parse(const char *name, int *key);
/* The name of a key, as tui_key_parse() reads it ("?" style for unknown). */
void tui_key_name(int key, char *out, size_t size);
/* The first key bound to action, named; "" when unbound. */
void tui_action_key_name(const struct tui *tui, enum tui_action a, char *out, size_t size);
/* Status-line key hints of the top view, e.g. "j down  k up  ...  q quit",
 * in at most width cells: hints that do not fit are left out whole (help
 * and quit stay). */
void tui_key_hints(const struct tui *tui, int width, char *out, size_t size);

/* Drawing (draw.c). Widths are display cells; text is fitted with text_fit()
 * (never cut inside a character, ellipsis when cut). */
enum tui_align { ALIGN_LEFT, ALIGN_RIGHT };
/* Draws text in exactly `width` cells at (y, x) with element e's colours. */
void tui_put(int y, int x, int width, enum theme_element e, enum tui_align align, const char *text);
/* Draws text centred in a line of `width` cells starting at x. */
void tui_put_centered(int y, int x, int width, enum theme_element e, const char *text);
/* Fills `width` cells with spaces in e's colours. */
void tui_fill(int y, int x, int width, enum theme_element e);

/* Colours by meaning, one rule for every screen (draw.c): a health score
 * by its band, a sentiment below / at / above the middle of the scale, a
 * change down / none / up, a renewal by the windows it falls in. */
enum theme_element tui_band_element(const struct config *cfg, double score);
enum theme_element tui_sentiment_element(const struct config *cfg, int sentiment);
enum theme_element tui_delta_element(long delta);
enum theme_element tui_renewal_element(const struct config *cfg, int renewal_day, int days_left);

/* Column layout: a row of columns, one of them flexible, hiding the columns
 * of lowest priority (largest number) when the width does not fit them all. */
struct tui_column {
	const char *title;
	int width;                 /* wanted width (cells); for the flexible one, the minimum */
	int priority;              /* 0 never hidden; higher numbers hide first */
	bool flex;                 /* takes the remaining width */
	enum tui_align align;
	/* set by tui_columns_layout(): */
	int x, w;                  /* position and width; w = 0 when hidden */
};
/* Lays out n columns separated by `gap` cells over `width` cells. */
void tui_columns_layout(struct tui_column *cols, size_t n, int width, int gap);

/* The views. */
extern const struct view_ops accounts_view_ops;
extern const struct view_ops help_view_ops;      /* the keys, from the bindings */
extern const struct view_ops detail_view_ops;    /* one account; arg: its CRM id (const char *) */
/* The log form's argument: the account, and an own note to edit (NULL: log
 * a new touch). */
struct log_form_arg {
	const char *crm_id;
	const char *note_id;
};
extern const struct view_ops log_view_ops;       /* the log form; arg: const struct log_form_arg * */
extern const struct view_ops risks_view_ops;     /* an account's risks; arg: the CRM id */
extern const struct view_ops today_view_ops;     /* the agenda of me, today */
extern const struct view_ops handoff_view_ops;   /* a brief; arg: the absent owner (const char *) or NULL */
extern const struct view_ops changes_view_ops;   /* while you were out; arg: the owner or NULL (me) */
extern const struct view_ops reports_view_ops;   /* the team lead's reports (T) */
/* The accounts behind a report's row (view_reports.c); the view copies them. */
struct report_drill_arg {
	const char *report;          /* the report's tab title, translated */
	const char *row;             /* the row named by its text cells */
	const struct strlist *accounts;
};
extern const struct view_ops report_accounts_view_ops;   /* arg: const struct report_drill_arg * */

#endif
