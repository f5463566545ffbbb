/* tui_actions.h - the console's actions and key names, without curses.
 *
 * This header is plain data (X-macros) so that the core can validate the
 * `keys:` map of csconsole.yaml against the same table the console binds
 * from (config.c includes it; it never expands a curses constant, since its
 * X macros ignore the key codes). tui.h includes it for the console.
 */
#ifndef CSCONSOLE_TUI_ACTIONS_H
#define CSCONSOLE_TUI_ACTIONS_H

#include <stdbool.h>
#include <string.h>

#include "csconsole/i18n.h"

/* Actions: X(id, name, default keys, status-line hint or NULL, help text);
 * hint and help are marked N_() and translated where drawn (keys.c).
 * Keys are names as tui_key_parse() reads them, separated by spaces. The
 * order is the order of the help screen and of the status-line hints. */
#define TUI_ACTIONS(X) \
	X(MOVE_DOWN,      "move-down",      "j Down",   N_("down"),       N_("Move the selection down one row")) \
	X(MOVE_UP,        "move-up",        "k Up",     N_("up"),         N_("Move the selection up one row")) \
	X(MOVE_FIRST,     "move-first",     "g Home",   NULL,             N_("Go to the first row")) \
	X(MOVE_LAST,      "move-last",      "G End",    NULL,             N_("Go to the last row")) \
	X(PAGE_DOWN,      "page-down",      "PgDn C-f", N_("page"),       N_("Move down one screen")) \
	X(PAGE_UP,        "page-up",        "PgUp C-b", NULL,             N_("Move up one screen")) \
	X(HALF_PAGE_DOWN, "half-page-down", "C-d",      NULL,             N_("Move down half a screen")) \
	X(HALF_PAGE_UP,   "half-page-up",   "C-u",      NULL,             N_("Move up half a screen")) \
	X(REDRAW,         "redraw",         "C-l",      NULL,             N_("Redraw the whole screen")) \
	X(OPEN,           "open",           "Enter",    N_("open"),       N_("Open the selected account: facts, health, usage, risks, notes")) \
	X(LOG,            "log",            "l",        N_("log"),        N_("Log a touch with the account: kind, sentiment, summary, note, risk, next touch")) \
	X(EDIT_NOTE,      "edit-note",      "e",        N_("edit"),       N_("Edit my note: the selected one (account view) or my latest (portfolio)")) \
	X(DELETE_NOTE,    "delete-note",    "x",        NULL,             N_("Delete my note: the selected one (account view) or my latest (asks first)")) \
	X(NEXT_NOTE,      "next-note",      "Tab ]",    N_("note"),       N_("Select the next note (the account view)")) \
	X(PREV_NOTE,      "prev-note",      "[",        NULL,             N_("Select the previous note (the account view)")) \
	X(DONE,           "done",           "d",        N_("done"),       N_("Mark done: the (account's next) touchpoint, with a note; or resolve the risk")) \
	X(SNOOZE,         "snooze",         "z",        N_("snooze"),     N_("Snooze the (account's next) touchpoint until a day, with a reason")) \
	X(RESCHEDULE,     "reschedule",     "m",        N_("move"),       N_("Move the (account's next) touchpoint to another day")) \
	X(SCHEDULE,       "schedule",       "a",        N_("add"),        N_("Schedule a new touchpoint with the account: a day, what it is for; no note")) \
	X(NEW_RISK,       "new-risk",       "!",        N_("risk"),       N_("Open a new risk on the account: text, severity, category")) \
	X(UNDO,           "undo",           "u",        N_("undo"),       N_("Undo my last action with a compensating event; again: the one before")) \
	X(REVIEWED,       "reviewed",       "v",        N_("reviewed"),   N_("Mark the account reviewed in the handoff brief")) \
	X(UNREVIEW,       "unreview",       "V",        NULL,             N_("Take back the account's review mark in the handoff brief")) \
	X(RISKS,          "risks",          "i",        N_("risks"),      N_("The account's risks, open first, with their history")) \
	X(CHANGE_RISK,    "change-risk",    "c",        N_("change"),     N_("Change the risk: severity, category, text")) \
	X(TODAY,          "today",          "t",        N_("today"),      N_("Today: what needs me, each with its reason (the agenda)")) \
	X(LAYOUT,         "layout",         "b",        NULL,             N_("Today by account (one entry each, ranked) or by reason; remembered")) \
	X(HANDOFF,        "handoff",        "H",        NULL,             N_("The handoff brief of an absent owner's accounts")) \
	X(CHANGES,        "changes",        "w",        NULL,             N_("While you were out: what teammates did on my accounts")) \
	X(REPORTS,        "reports",        "T",        NULL,             N_("The team lead's view: retention, forecast, pipeline, feedback and team reports")) \
	X(REPORT_NEXT,    "report-next",    "Right",    N_("next"),       N_("The next report (the team lead's view)")) \
	X(REPORT_PREV,    "report-prev",    "Left",     NULL,             N_("The previous report (the team lead's view)")) \
	X(PERIOD,         "period",         "p",        N_("period"),     N_("Reports by month or by quarter (retention, forecast)")) \
	X(GROUP_BY,       "group-by",       "B",        N_("group"),      N_("Group the retention report by team, owner, segment or touch model")) \
	X(SORT_NEXT,      "sort-next",      ">",        N_("sort"),       N_("Sort by the next key: attention, then the columns left to right")) \
	X(SORT_PREV,      "sort-prev",      "<",        NULL,             N_("Sort by the previous key")) \
	X(SORT_REVERSE,   "sort-reverse",   "r",        NULL,             N_("Reverse the sort order")) \
	X(FILTER,         "filter",         "f",        N_("filter"),     N_("Filter by band, stage, touch model, risk category, renewal window, owner")) \
	X(FILTER_CLEAR,   "filter-clear",   "F",        NULL,             N_("Clear every filter and the search")) \
	X(SCOPE,          "scope",          "s",        N_("scope"),      N_("Next scope: main, mine, covering, team")) \
	X(FILTER_OWNER,   "filter-owner",   "o",        NULL,             N_("Only the accounts of one owner (main or sub)")) \
	X(SEARCH,         "search",         "/",        N_("search"),     N_("Search account names and note text as you type")) \
	X(SEARCH_NEXT,    "search-next",    "n",        NULL,             N_("Go to the next match of the search")) \
	X(SEARCH_PREV,    "search-prev",    "N",        NULL,             N_("Go to the previous match of the search")) \
	X(SYNC,           "sync",           "R",        NULL,             N_("Sync with the team now (in the background)")) \
	X(HELP,           "help",           "?",        N_("help"),       N_("Show the keys in force (the help screen)")) \
	X(CLOSE,          "close",          "Esc",      NULL,             N_("Close the current view (not the portfolio: q quits)")) \
	X(QUIT,           "quit",           "q",        N_("quit"),       N_("Close the current view; in the portfolio, quit"))

/* Indexed by action; ACTION_NONE is an unbound key. */
enum tui_action {
	ACTION_NONE = 0,
#define TUI_ACTION_ENUM(id, name, keys, hint, help) ACTION_##id,
	TUI_ACTIONS(TUI_ACTION_ENUM)
#undef TUI_ACTION_ENUM
	ACTION_COUNT
};

/* Named keys: X(name, curses key code). Besides these, a key is a printable
 * ASCII character ("j", "G", "?"), C-a to C-z (Ctrl) or F1 to F12. */
#define TUI_NAMED_KEYS(X) \
	X("Up", KEY_UP) X("Down", KEY_DOWN) X("Left", KEY_LEFT) X("Right", KEY_RIGHT) \
	X("PgUp", KEY_PPAGE) X("PgDn", KEY_NPAGE) X("Home", KEY_HOME) X("End", KEY_END) \
	X("Enter", '\n') X("Esc", 27) X("Tab", '\t') X("Space", ' ') \
	X("Backspace", KEY_BACKSPACE) X("Delete", KEY_DC) X("Insert", KEY_IC)

/* The key syntax in one sentence, for error messages. */
#define TUI_KEY_SYNTAX "a printable character (j, G, ?), C-a to C-z (Ctrl), F1 to F12, " \
	"Up, Down, Left, Right, PgUp, PgDn, Home, End, Enter, Esc, Tab, Space, Backspace, Delete or Insert"

/* Kinds of key name (tui_key_spec). */
enum tui_key_kind { TUI_KEY_BAD, TUI_KEY_NAMED, TUI_KEY_CHAR, TUI_KEY_CTRL, TUI_KEY_FN };

/* Reads a key name without curses. *arg is the index into TUI_NAMED_KEYS,
 * the character, the lower-case letter of C-x, or n of Fn. Names of named
 * keys are case-insensitive. */
static inline enum tui_key_kind tui_key_spec(const char *name, int *arg)
{
#define TUI_NAMED_KEY_NAME(nm, code) nm,
	static const char *const named[] = { TUI_NAMED_KEYS(TUI_NAMED_KEY_NAME) };
#undef TUI_NAMED_KEY_NAME
	size_t len = name ? strlen(name) : 0;

	if (len == 0)
		return TUI_KEY_BAD;
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		const char *a = named[i], *b = name;
		while (*a && *b && (*a | 0x20) == (*b | 0x20))
			a++, b++;
		if (!*a && !*b) {
			*arg = (int)i;
			return TUI_KEY_NAMED;
		}
	}
	if (len == 1 && name[0] > ' ' && name[0] < 127) {
		*arg = (unsigned char)name[0];
		return TUI_KEY_CHAR;
	}
	if (len == 3 && (name[0] == 'C' || name[0] == 'c') && name[1] == '-' &&
	    ((name[2] | 0x20) >= 'a' && (name[2] | 0x20) <= 'z')) {
		*arg = name[2] | 0x20;
		return TUI_KEY_CTRL;
	}
	if ((len == 2 || len == 3) && (name[0] == 'F' || name[0] == 'f') &&
	    name[1] >= '1' && name[1] <= '9' && (len == 2 || (name[2] >= '0' && name[2] <= '9'))) {
		int n = len == 2 ? name[1] - '0' : (name[1] - '0') * 10 + name[2] - '0';
		if (n >= 1 && n <= 12) {
			*arg = n;
			return TUI_KEY_FN;
		}
	}
	return TUI_KEY_BAD;
}

#endif
