/* view_accounts.h - what the portfolio's two files share (view_accounts.c:
 * its rows, keys and the team's background load; view_accounts_draw.c: its
 * screen). Private to src/tui. */
#ifndef CSCONSOLE_VIEW_ACCOUNTS_H
#define CSCONSOLE_VIEW_ACCOUNTS_H

#include "csconsole/book.h"
#include "csconsole/columns.h"
#include "csconsole/tui.h"

/* The portfolio's columns (columns.h): config name, title, alignment and
 * hiding priority, and the sort key of each (-1: none; the days sort with
 * the renewal). */
struct accounts_column {
	const char *name, *title;
	bool right;
	int priority;
};
extern const struct accounts_column accounts_columns[PCOL_COUNT];
extern const int accounts_column_sort[PCOL_COUNT];


/* The widest value of each column over a scope (measure). */
struct col_widths {
	int role, other, date, arr, risk, sent, touch, stage;
};

/* What install derives from the team's rows: each is a pass over 100,000
 * rows. The background fetch's thread computes it (derive_team) for the
 * sort and filters in force when it started. */
struct team_derived {
	bool valid;
	struct book_summary sum;       /* the counts (the sync fields are refreshed when shown) */
	char covering_for[128];
	struct col_widths w;
	size_t *order, n_order;        /* the team's rows shown, for order_key; NULL: none */
	char order_key[320];           /* the sort, its direction and the filters */
};

/* The thread's inputs, and its output once the fetch is done. */
struct derive_job {
	const struct config *cfg;
	int today;
	enum book_sort sort;
	bool descending;
	struct book_filter filter;     /* its strings in owner and risk */
	char owner[65], risk[65];
	char order_key[320];
	struct team_derived out;
};

/* What waits for the team's rows: a key that needs every row, pressed
 * while they load, every key typed behind it (a Japanese character as
 * typed) and every paste, a prompt's Enter (filter, owner, search: the
 * prompt opened at once) or a click. Replayed in order when the rows land
 * (accounts_tick). */
enum pending_kind { PENDING_KEY, PENDING_PROMPT, PENDING_PASTE, PENDING_MOUSE };
struct pending {
	enum pending_kind kind;
	int key;                        /* KEY: as the view got it (-1: a non-ASCII character) */
	int rc;                         /* KEY: as read (tui->key_rc, key_wch), replayed so */
	wint_t wch;
	enum tui_action action;         /* KEY: what it is bound to */
	const struct tui_prompt_ops *prompt;   /* PROMPT: whose Enter */
	char *text;                     /* PROMPT: what was typed; PASTE: the text; owned */
	MEVENT mouse;                   /* MOUSE */
};

struct accounts_view {
	struct book book;               /* the scope, in name order (the team's in fetch order) */
	bool book_is_team;              /* book is team's rows (shared): team owns them */
	bool partial;                   /* book is the team's first rows (book_window) while the
					 * rest loads: counts pending, keys that need every row wait */
	struct book team;               /* the whole team, fetched in the background */
	bool have_team;                 /* team is loaded, for the same me and today */
	int team_today;
	struct book_prefetch *prefetch; /* the team's fetch while it runs; NULL otherwise */
	struct derive_job *job;         /* the prefetch's derive_team job, owned */
	struct team_derived team_derived;   /* kept with the team's rows */
	struct book_summary sum;        /* the header's counts over the scope */
	char covering_for[128];         /* the absent owners I cover ("haruto, ken") */
	size_t *order;                  /* the rows shown: indices into book.rows */
	size_t n_order;
	bool *keep;                     /* scratch: per book row, passes the filter */
	struct tui_list list;           /* over order */
	enum book_scope scope;
	enum book_sort sort;
	bool descending;
	struct book_filter filter;      /* search unused here: see match */
	char owner[65], risk[65];       /* the filter's strings */
	char search[256];               /* the search in force (n/N); "" = none */
	char typing[256];               /* the search being typed after / */
	bool searching;                 /* the / input is open */
	bool *match;                    /* per book row: matches the search */
	size_t n_match;                 /* matches among the rows shown */
	size_t search_from;             /* the position when / was pressed */
	bool load_failed;
	int cols[PCOL_COUNT];           /* the configured columns, in order */
	int n_cols;
	struct tui_column shown[PCOL_COUNT];   /* their layout at the last draw (mouse) */
	int title_y;                    /* the title line at the last draw */
	struct col_widths w;            /* widest values */
	struct pending *pending;        /* waiting for the team's rows, in the order typed */
	size_t n_pending, cap_pending;
};

static inline int max_int(int a, int b)
{
	return a > b ? a : b;
}

/* view_accounts.c */
void accounts_format_risk(const struct config *cfg, const struct book_row *r, char *out, size_t size);
void accounts_pending_message(struct tui *tui, const struct accounts_view *av);

/* view_accounts_draw.c */
void accounts_draw(struct tui *tui, struct view *view, struct tui_rect r);

#endif
