/* tui_theme.h - colours by meaning: theme elements and theme files.
 *
 * Screens never name a colour: they draw with a semantic element ("header",
 * "health-red"...) and the theme maps each element to a foreground, a
 * background and attributes. THEME_ELEMENTS is the one table of elements with
 * their built-in styles: the colours of the dark theme (the default) and the
 * attributes used without colour (the monochrome theme, NO_COLOR, terminals
 * without colour).
 *
 * Theme files (themes/NAME.yaml) are looked up in $CSCONSOLE_THEMES_DIR, the
 * source tree's themes/ next to the executable (build/csconsole ->
 * ../themes, build/asan/csconsole -> ../../themes), then
 * CSCONSOLE_DATADIR/themes. A name containing '/' is a path.
 *
 * Colours are -1 (the terminal's default) or 0-255 (xterm palette); on
 * terminals with fewer colours each is reduced to the nearest of 16 or 8.
 */
#ifndef CSCONSOLE_TUI_THEME_H
#define CSCONSOLE_TUI_THEME_H

#include <curses.h>
#include <stdbool.h>
#include "csconsole/diag.h"

#define COLOR_DEF (-1)

/* X(id, name, dark fg, dark bg, dark attrs, monochrome attrs, what it is) */
#define THEME_ELEMENTS(X) \
	X(NORMAL,        "normal",        COLOR_DEF, COLOR_DEF, A_NORMAL, A_NORMAL, "ordinary text") \
	X(HEADER,        "header",        231, 24,        A_BOLD,   A_REVERSE | A_BOLD, "the top line: who I am, counts, today") \
	X(TITLE,         "title",         250, COLOR_DEF, A_BOLD,   A_BOLD | A_UNDERLINE, "column titles") \
	X(STATUS,        "status",        252, 236,       A_NORMAL, A_REVERSE, "the status line: key hints and messages") \
	X(STATUS_ERROR,  "status-error",  231, 124,       A_BOLD,   A_REVERSE | A_BOLD, "an error in the status line") \
	X(SELECTED,      "selected",      16,  153,       A_NORMAL, A_REVERSE, "the selected row") \
	X(DIM,           "dim",           244, COLOR_DEF, A_NORMAL, A_DIM, "secondary text: unknown values, separators") \
	X(NOTICE,        "notice",        221, COLOR_DEF, A_BOLD,   A_BOLD, "a message in place of the view (no data, terminal too small)") \
	X(HEALTH_RED,    "health-red",    203, COLOR_DEF, A_BOLD,   A_BOLD, "health score in the red band") \
	X(HEALTH_YELLOW, "health-yellow", 221, COLOR_DEF, A_NORMAL, A_NORMAL, "health score in the yellow band") \
	X(HEALTH_GREEN,  "health-green",  114, COLOR_DEF, A_NORMAL, A_NORMAL, "health score in the green band") \
	X(DELTA_DOWN,    "delta-down",    203, COLOR_DEF, A_NORMAL, A_BOLD, "health falling") \
	X(DELTA_UP,      "delta-up",      114, COLOR_DEF, A_NORMAL, A_NORMAL, "health rising") \
	X(RENEWAL_PAST,  "renewal-past",  231, 124,       A_BOLD,   A_REVERSE, "renewal date already passed") \
	X(RENEWAL_NEAR,  "renewal-near",  209, COLOR_DEF, A_BOLD,   A_BOLD, "renewal inside the nearest window") \
	X(RENEWAL_SOON,  "renewal-soon",  221, COLOR_DEF, A_NORMAL, A_NORMAL, "renewal inside the second nearest window") \
	X(OVERDUE,       "overdue",       203, COLOR_DEF, A_BOLD,   A_BOLD | A_UNDERLINE, "an overdue touchpoint") \
	X(DUE_TODAY,     "due-today",     16,  221,       A_NORMAL, A_REVERSE, "a touchpoint due today") \
	X(RISK_HIGH,     "risk-high",     203, COLOR_DEF, A_BOLD,   A_BOLD, "an open high-severity risk") \
	X(RISK_MEDIUM,   "risk-medium",   221, COLOR_DEF, A_NORMAL, A_NORMAL, "an open medium-severity risk") \
	X(ROLE_COVERING, "role-covering", 141, COLOR_DEF, A_NORMAL, A_UNDERLINE, "an account I cover for an absent owner") \
	X(SPARKLINE,     "sparkline",     110, COLOR_DEF, A_NORMAL, A_NORMAL, "health sparklines and charts") \
	X(SEARCH_MATCH,  "search-match",  16,  228,       A_NORMAL, A_UNDERLINE | A_BOLD, "text matching the search") \
	X(HELP_KEY,      "help-key",      228, COLOR_DEF, A_BOLD,   A_BOLD, "key names on the help screen")

enum theme_element {
#define THEME_ELEMENT_ENUM(id, name, fg, bg, attrs, mono, what) ELEM_##id,
	THEME_ELEMENTS(THEME_ELEMENT_ENUM)
#undef THEME_ELEMENT_ENUM
	ELEM_COUNT
};

struct theme_style {
	short fg, bg;              /* COLOR_DEF or 0-255 */
	attr_t attrs;              /* A_BOLD | A_REVERSE ... */
};

struct theme {
	char name[64];             /* the theme in use ("dark" for the built-in) */
	char *path;                /* the file read, or NULL (owned) */
	struct theme_style style[ELEM_COUNT];
};

const char *theme_element_name(enum theme_element e);
const char *theme_element_help(enum theme_element e);
bool theme_element_parse(const char *name, enum theme_element *out);

/* Built-in styles: the dark theme's colours, or attributes only when mono. */
void theme_defaults(struct theme *t, bool mono);
void theme_free(struct theme *t);

/* Parses a colour: default, black red green yellow blue magenta cyan white,
 * bright-<name>, 0-255, or "#rrggbb" (nearest xterm colour). */
bool theme_color_parse(const char *s, short *out);
/* Reduces a 0-255 colour to what a terminal with `ncolors` colours has. */
short theme_color_reduce(short c, int ncolors);
/* On fewer than 16 colours a grey has no match but black or white, and
 * either vanishes on half the terminals when it is drawn over their own
 * background (grey on black on TERM=linux, screen, xterm). True when fg is
 * such a grey over bg COLOR_DEF: it is drawn in the terminal's default
 * foreground instead, *dim set for a dark or mid grey (the theme meant
 * "less important"). */
bool theme_fg_grey_default(short fg, short bg, int ncolors, bool *dim);

/* Finds themes/NAME.yaml (see the search order above). Returns a new path,
 * or NULL + error() naming the directories searched and the themes found. */
char *theme_find(const char *name);
/* Applies a theme file over t: each element listed replaces its built-in
 * style. With color false, colours are checked but dropped (attributes only).
 * Problems are diags with file:line:col; returns -1 if there is an error. */
int theme_load_file(struct theme *t, const char *path, bool color, struct diag_list *diags);
/* Built-in defaults, then NAME's file. Without colour the theme is always
 * "monochrome". "dark" and "monochrome" need no file (built in); any other
 * name that is not found: -1 + error(), t keeps the built-in defaults. */
int theme_load(struct theme *t, const char *name, bool color, struct diag_list *diags);

/* Makes t the screen's theme: colour pairs (after start_color()) when color
 * is true, attributes only otherwise. */
void theme_apply(const struct theme *t, bool color);
/* The attributes to draw element e with (colour pair included). */
attr_t theme_attr(enum theme_element e);

#endif
