/* columns.h - the portfolio's columns, without curses.
 *
 * One table for the console (titles, alignment, hiding) and the
 * configuration (the `columns:` list is checked against the names here).
 * X(id, name, title, right-aligned, hide priority, what it shows). The
 * title is marked N_() and translated where drawn (view_accounts.c); a
 * column is at least as wide as its translated title.
 *
 * Hide priority: when the terminal is too narrow for every configured
 * column, columns go in decreasing priority number (14 first) until the
 * rest fit; priority 0 (the account name) never goes. The name column
 * takes the width left over, at least 20 cells.
 */
#ifndef CSCONSOLE_COLUMNS_H
#define CSCONSOLE_COLUMNS_H

#include "csconsole/i18n.h"

#define PORTFOLIO_COLUMNS(X) \
	X(ACCOUNT,   "account",   N_("ACCOUNT"), 0, 0,  "the account name") \
	X(ROLE,      "role",      N_("ROLE"),   0, 10, "my role: main, sub or covering") \
	X(OTHER,     "other",     N_("OTHER"),  0, 11, "the other owner (the sub owner of my main accounts, else the main owner)") \
	X(TOUCH,     "touch",     N_("TOUCH"),  0, 14, "touch model: high, low, tech") \
	X(STAGE,     "stage",     N_("STAGE"),  0, 13, "lifecycle stage") \
	X(ARR,       "arr",       N_("ARR"),    1, 12, "annual recurring revenue in its currency") \
	X(HEALTH,    "health",    N_("HEALTH"), 1, 1,  "health score, coloured by band") \
	X(TREND,     "trend",     N_("TREND"),  0, 5,  "sparkline of the last 12 weekly scores (0-100)") \
	X(DELTA,     "delta",     N_("4W"),     1, 6,  "health change over 4 weeks") \
	X(RISK,      "risk",      N_("RISK"),   0, 4,  "highest open risk (severity, category) and how many are open") \
	X(BLIND,     "blind",     N_("BLIND"),  0, 8,  "blind spot: hidden (usage healthy, relationship not) or quiet (usage low, relationship strong)") \
	X(RENEWAL,   "renewal",   N_("RENEWAL"), 0, 7,  "renewal date, coloured by renewal window") \
	X(DAYS,      "days",      N_("DAYS"),   1, 2,  "days left to the renewal") \
	X(NEXT,      "next",      N_("NEXT"),   0, 3,  "next touchpoint: overdue, today or in N days") \
	X(SENTIMENT, "sentiment", N_("SENTIMENT"), 0, 9, "the last note's sentiment")

enum portfolio_column {
#define PORTFOLIO_COLUMN_ENUM(id, name, title, right, prio, help) PCOL_##id,
	PORTFOLIO_COLUMNS(PORTFOLIO_COLUMN_ENUM)
#undef PORTFOLIO_COLUMN_ENUM
	PCOL_COUNT
};

#endif
