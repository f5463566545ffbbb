/* book.h - the accounts of a CSM's book, as the portfolio and `accounts` show them. */
#ifndef CSCONSOLE_BOOK_H
#define CSCONSOLE_BOOK_H

#include <stdint.h>
#include "csconsole/config.h"
#include "csconsole/store.h"

enum book_scope {
	SCOPE_MAIN,      /* accounts I am main owner of */
	SCOPE_MINE,      /* main + sub + covering (the default) */
	SCOPE_COVERING,  /* accounts I cover for an absent owner today */
	SCOPE_TEAM,      /* every active account */
};

enum book_role { ROLE_NONE, ROLE_MAIN, ROLE_SUB, ROLE_COVERING };
enum risk_severity { RISK_NONE, RISK_LOW, RISK_MEDIUM, RISK_HIGH };

/* Strings of a row belong to its struct book (freed by book_free). */
/* Blind spots as the portfolio shows them (blindspot.h): BLIND_NONE,
 * "hidden" (hidden risk), "quiet" (quiet but loyal). */
enum book_blind { BLIND_NONE, BLIND_HIDDEN, BLIND_QUIET, BLIND_COUNT };
const char *book_blind_name(enum book_blind b);   /* "none", "hidden", "quiet" */

struct book_row {
	const char *crm_id;
	int64_t account_id;      /* the account table's id (health.account_id...) */
	const char *name;        /* sanitized */
	const char *fold;        /* name with A-Z lowered, for the name order */
	uint32_t name_rank;      /* place in name order among the rows fetched together */
	enum book_role role;
	const char *other_owner; /* the other owner's handle (sub if I am main, else main), or NULL */
	uint32_t other_rank;     /* its place among the owner handles in byte order */
	const char *main_owner, *sub_owner;   /* sub_owner NULL when none */
	char touch_model[8];     /* high, low, tech */
	char stage[12];          /* onboarding, adoption, expansion, renewal */
	int64_t arr_minor;       /* INT64_MIN when unknown */
	char currency[8];
	bool has_health;
	double health;           /* latest snapshot */
	bool has_health_delta;
	double health_delta4w;   /* latest minus the snapshot 4 weeks (28 days) before it */
	int renewal_day;         /* DAY_NONE when unknown */
	int days_left;           /* renewal_day - today */
	/* From account_summary (see summary.h). */
	float spark[12];         /* the last weekly scores, oldest first */
	int n_spark;
	int open_risks, open_high_risks;
	enum risk_severity top_risk_severity;   /* RISK_NONE when no risk is open */
	const char *top_risk_category;          /* "" when none */
	int next_touch_day;      /* earliest open or snoozed touchpoint; DAY_NONE if none */
	const char *next_touch_kind;            /* "" when none */
	bool overdue;            /* next_touch_day < today */
	int last_sentiment;      /* the last note's: 1..n (cfg sentiment_labels); 0 = none */
	int last_touch_day;      /* the last note's touch day; DAY_NONE if none */
	const char *risk_categories;  /* the open risks' categories, comma-separated; "" none */
	enum book_blind blind;   /* the blind-spot flag (account_flag, healthcalc.c) */
	const char *blind_reason;               /* why; "" without a flag */
	bool has_attention;      /* false without a renewal date */
	double attention;        /* effective days to renewal: days_left - (100 - health) / 2 */
	/* What the agenda's rules read (summary.h): */
	int health_day;          /* the latest snapshot's day; DAY_NONE without health */
	double health_max;       /* the highest score a drop from health_day on can start from */
	int seats;               /* licensed seats; 0 when unknown */
	int metric_first_day;    /* onboarding only: the first metric's day; else DAY_NONE */
	int seats_day;           /* onboarding only: the latest active_seats' day; else DAY_NONE */
	double seats_active;     /* its value */
};

const char *risk_severity_name(enum risk_severity s);   /* "" for RISK_NONE */

struct book_pool;
struct book {
	struct book_row *rows;
	size_t len;
	struct book_pool *pool;  /* the rows' strings */
};

const char *book_scope_name(enum book_scope s);
bool book_scope_parse(const char *s, enum book_scope *out);
const char *book_role_name(enum book_role r);

/* Sort keys: X(id, name, natural order). book_query()'s `descending` flips
 * the natural order; rows without a value (no health, no renewal...) stay
 * last either way, and ties go by name, then CRM id.
 *
 * The attention order: accounts whose next touchpoint is overdue (due before
 * today) first, most overdue first; then the rest by attention score, the
 * effective days to renewal: days_left - (100 - health) / 2, health unknown
 * counting as 50 (so at health 50, renewing in 60 days ranks with health 100
 * renewing in 35 days); accounts without a renewal date last; ties by name. */
/* Each sort's help, which the console shows translated (_() where used). */
#define BOOK_SORTS(X) \
	X(ATTENTION,  "attention",  N_("overdue touchpoints first, then effective days to renewal")) \
	X(NAME,       "name",       N_("account name, A to Z")) \
	X(ROLE,       "role",       N_("my role: main, sub, covering, none")) \
	X(OTHER,      "other",      N_("the other owner's handle, A to Z")) \
	X(TOUCH,      "touch",      N_("touch model: high, low, tech")) \
	X(STAGE,      "stage",      N_("lifecycle: onboarding, adoption, expansion, renewal")) \
	X(ARR,        "arr",        N_("ARR by currency (code A to Z), largest first")) \
	X(HEALTH,     "health",     N_("health score, lowest first")) \
	X(DELTA,      "delta",      N_("4-week health change, largest drop first")) \
	X(RISK,       "risk",       N_("highest open risk severity, then number open, most first")) \
	X(RENEWAL,    "renewal",    N_("renewal date, soonest first")) \
	X(NEXT_TOUCH, "next_touch", N_("next touchpoint, soonest first")) \
	X(SENTIMENT,  "sentiment",  N_("last sentiment, worst first"))

enum book_sort {
#define BOOK_SORT_ENUM(id, name, help) BOOK_SORT_##id,
	BOOK_SORTS(BOOK_SORT_ENUM)
#undef BOOK_SORT_ENUM
	BOOK_SORT_COUNT
};
const char *book_sort_name(enum book_sort s);
const char *book_sort_help(enum book_sort s);
bool book_sort_parse(const char *s, enum book_sort *out);
/* "attention, name, ..." for messages. Caller frees. */
char *book_sort_list(void);

/* Health bands of the filter (bit 1 << band). BAND_NONE: no health yet. */
enum book_band { BAND_RED, BAND_YELLOW, BAND_GREEN, BAND_NONE, BAND_COUNT };
/* Lifecycle stages as the account feed names them. */
enum book_stage { STAGE_ONBOARDING, STAGE_ADOPTION, STAGE_EXPANSION, STAGE_RENEWAL, STAGE_COUNT };

/* Filters; every set one must hold (AND). Strings are borrowed. */
struct book_filter {
	const char *owner;          /* main or sub owner is this handle; NULL = any */
	unsigned bands;             /* mask of 1 << enum book_band; 0 = any */
	unsigned stages;            /* mask of 1 << enum book_stage; 0 = any */
	unsigned touch_models;      /* mask of 1 << enum touch_model; 0 = any */
	const char *risk_category;  /* has an open risk of this category; NULL = any */
	int renewal_within;         /* renews today .. today + N days; -1 = any */
	unsigned blinds;            /* mask of 1 << enum book_blind; 0 = any */
	const char *search;         /* text in the name, a note, a risk or a touchpoint
				     * (book_search); NULL/"" = any */
	int band_red_max, band_yellow_max;   /* the bands' bounds (book_filter_init) */
};
/* No filter, bands from cfg (NULL: the built-in defaults). */
void book_filter_init(struct book_filter *f, const struct config *cfg);
/* Comma-separated names ("red,yellow") into a mask. False on an unknown
 * name, copied to bad. */
bool book_bands_parse(const char *list, unsigned *mask, char *bad, size_t size);
bool book_stages_parse(const char *list, unsigned *mask, char *bad, size_t size);
bool book_touch_parse(const char *list, unsigned *mask, char *bad, size_t size);
bool book_blind_parse(const char *list, unsigned *mask, char *bad, size_t size);
const char *book_band_name(enum book_band b);
/* Reads a filter as the console's filter prompt takes it: space-separated
 * terms KEY:VALUE[,VALUE...] with the keys band (red, yellow, green, none),
 * stage, touch (high, low, tech), blind (hidden, quiet, none), risk (a category of cfg), renewal (days,
 * "30" or "30d": renewing today to today + N) and owner (a handle); "" is no
 * filter. Replaces every filter of f but the search; owner and risk strings
 * are copied to the caller's buffers (size bytes each) that f then points to.
 * 0, or -1 + error() naming the term and the allowed values (f unchanged). */
int book_filter_parse(const char *text, const struct config *cfg, struct book_filter *f,
		      char *owner, char *risk, size_t size);
/* The filters of f (not the search) in that syntax, canonical order; "" when none. */
void book_filter_format(const struct book_filter *f, char *out, size_t size);
const char *book_stage_name(enum book_stage s);

/* The accounts in scope for `me` as of `today`, in the database's order;
 * name_rank gives their name order (case folded for A-Z, then bytes, then
 * CRM id): what the console loads once per scope and then filters and
 * sorts in memory. SCOPE_TEAM scans the three tables and merges them (no
 * seek per account); the other scopes join them. 0 or -1 + error(). */
int book_fetch(struct store *st, const char *me, enum book_scope scope, int today, struct book *out);
/* The rows of scope in team, a SCOPE_TEAM fetch for the same me and today,
 * as book_fetch(scope) returns them: the same rows and values (the role is
 * computed alike in every scope), in name order; name_rank and other_rank
 * keep team's numbering, which orders them alike. The strings stay team's
 * (out->pool is NULL): out lives no longer than team. SCOPE_TEAM copies
 * every row in team's order. */
void book_subset(const struct book *team, enum book_scope scope, struct book *out);

/* A book_fetch run by a thread on its own connection to the database at
 * path (store_open's arguments), while the caller goes on (book_prefetch.c):
 * the console fetches the whole team in the background after its first
 * paint. NULL when the thread cannot start. Take the book (waiting for the
 * thread if needed) or cancel; either frees the prefetch. */
struct book_prefetch;
struct book_prefetch_opts {
	/* First, before the fetch: book_window(sort, descending, window) of the
	 * whole team (window 0: none), for book_prefetch_window. */
	enum book_sort sort;
	bool descending;
	size_t window;
	/* Then, in the thread, on the fetched book (NULL: nothing); what it
	 * writes through arg is the caller's to read once book_prefetch_done
	 * says so or book_prefetch_take returned. */
	void (*derive)(const struct book *b, void *arg);
	void *arg;
};
struct book_prefetch *book_prefetch_start(const char *path, const char *shared_dir, const char *me,
					  enum book_scope scope, int today, const struct book_prefetch_opts *opts);
/* Has the thread finished (the book can be taken without waiting)? */
bool book_prefetch_done(struct book_prefetch *p);
/* The first k rows the thread found first (opts.window), waiting for that
 * step only: 0 with them in out (the caller frees it), once; 1 when it was
 * asked for another sort or fewer rows, or book_window could not tell. */
int book_prefetch_window(struct book_prefetch *p, enum book_sort sort, bool descending, size_t k,
			 struct book *out);
/* Was p started for these arguments? (NULL p: no.) */
bool book_prefetch_matches(const struct book_prefetch *p, const char *me, enum book_scope scope, int today);
/* Waits for the fetch; its book into out (the caller frees it with
 * book_free). 0, or -1 + error() with the thread's message. */
int book_prefetch_take(struct book_prefetch *p, struct book *out);
/* Interrupts the fetch, waits for the thread and frees everything. NULL: no-op. */
void book_prefetch_cancel(struct book_prefetch *p);

/* book_fetch(SCOPE_TEAM)'s rows of the accounts ids (n of them), in that
 * order, active accounts only, one indexed lookup each; name_rank and
 * other_rank rank them among themselves. 0 or -1 + error(). */
int book_fetch_ids(struct store *st, const char *me, int today, const char *const *ids, size_t n,
		   struct book *out);
/* The first k rows of the whole team in the order (sort, descending), no
 * filter, before its fetch is done (book_window.c): exactly the first k of
 * book_fetch(SCOPE_TEAM) then book_order, from a narrow scan of the sort's
 * own columns and a lookup of the few rows that can come first. 0 with k
 * rows in out (name_rank and other_rank among themselves); 1 when it cannot
 * tell them for sure (the sort is by name or other owner, fewer than k rows
 * have a value, too many tie at the k-th: the caller waits for the whole
 * book; out empty); -1 + error(). */
int book_window(struct store *st, const char *me, int today, enum book_sort sort, bool descending, size_t k,
		struct book *out);

/* The indices of b's rows in CRM id order (strcmp) into idx (b->len of them). */
void book_id_order(const struct book *b, size_t *idx);
/* Is handle the main or sub owner of an active account? 0 or -1 + error(). */
int book_owner_known(struct store *st, const char *handle, bool *known);
/* Does the row pass every filter but the search? (NULL f: yes.) */
bool book_row_passes(const struct book_row *r, const struct book_filter *f);
/* match[i] (b->len of them) = text is found in row i's account name, in one of
 * its notes (summary or text, not deleted), risks (text, open or resolved) or
 * touchpoints (note, or the reason it was moved or snoozed). Both sides are
 * folded (textnorm.h: NFKC, case, katakana as hiragana), so ｻｸﾗ, サクラ and
 * さくら match each other, and ＱＢＲ matches qbr. 0 or -1 + error(). */
int book_search(struct store *st, const struct book *b, const char *text, bool *match);
/* What book_search looks in, for messages: "no " BOOK_SEARCH_WHAT " matches ...". */
#define BOOK_SEARCH_WHAT "name, note, risk or touchpoint"
/* The row's key in book_order's order; BOOK_KEY_NONE (the largest) for a
 * row without a value, last in either direction. */
#define BOOK_KEY_NONE (UINT64_C(1) << 63)
uint64_t book_sort_key(enum book_sort sort, const struct book_row *r, bool descending);
/* The indices of the rows kept (keep NULL: all) in sort order into idx
 * (room for b->len), their number into *n. Ties in name order. */
void book_order(const struct book *b, const bool *keep, enum book_sort sort, bool descending,
		size_t *idx, size_t *n);

/* book_fetch, then the filter (NULL: none) and the sort: what `csconsole
 * accounts` prints. 0 or -1 + error(). Free with book_free(). */
int book_query(struct store *st, const char *me, enum book_scope scope, int today,
	       const struct book_filter *filter, enum book_sort sort, bool descending,
	       struct book *out);
/* Re-sorts loaded rows (the console sorts in memory, without a query). */
void book_sort(struct book *b, enum book_sort sort, bool descending);
/* book_query with no filter, ordered by renewal date (unknown last) then name. */
int book_load(struct store *st, const char *me, enum book_scope scope, int today, struct book *out);
void book_free(struct book *b);

/* The spark as a text sparkline, one character per week (n_spark of them),
 * on a fixed 0..100 scale so rows compare: 8 levels, "▁▂▃▄▅▆▇█" when utf8,
 * else "_.-~=+*#". "" without scores. */
void book_sparkline(const struct book_row *r, bool utf8, char *out, size_t size);

/* The portfolio's header: counts over the loaded rows plus the sync time. */
#define BOOK_MAX_CURRENCIES 8
struct book_summary {
	size_t accounts, main, sub, covering;
	struct { char currency[8]; int64_t arr_minor; } arr[BOOK_MAX_CURRENCIES];
	size_t n_arr;            /* by currency code A to Z; those beyond the first
				  * BOOK_MAX_CURRENCIES are left out (whatever the rows' order) */
	size_t overdue;          /* accounts whose next touchpoint is overdue */
	int nearest_window;      /* the smallest renewal window, days (0: none configured) */
	size_t renewals_near;    /* renewing in 0 .. nearest_window days */
	size_t health_drops;     /* 4-week change <= -10 (rounded) */
	size_t high_risks;       /* open high-severity risks */
	bool has_last_sync;
	int64_t last_sync;       /* meta last_sync, UTC seconds */
	bool sync_stale;         /* no sync, or the last one more than 24 h before now */
};
/* 0 or -1 + error(). now: UTC seconds (ts_now()). */
int book_summarize(struct store *st, const struct config *cfg, const struct book *b,
		   int64_t now, struct book_summary *out);
/* book_summarize without the sync fields (no database: the team's
 * background fetch counts in its thread). */
void book_summary_count(const struct config *cfg, const struct book *b, struct book_summary *out);
/* Only the sync fields of out (has_last_sync, last_sync, sync_stale), as
 * book_summarize sets them: the console keeps the team's counts and
 * refreshes these. */
void book_summary_sync(struct store *st, int64_t now, struct book_summary *out);

/* A score rounded half away from zero, as every screen shows it. */
long health_round(double score);
/* The health and its 4-week change as shown everywhere: "82"; "+3", "-12", "0";
 * "" when unknown. */
void book_format_health(const struct book_row *r, char *out, size_t size);
void book_format_delta(const struct book_row *r, char *out, size_t size);

/* Formats arr_minor in currency (e.g. "¥12,000,000", "$48,000.00"). */
void money_format(int64_t minor, const char *currency, char *out, size_t size);
/* Formats arr_minor as a plain decimal for machines (e.g. "48000.00"); "" when unknown. */
void money_decimal(int64_t minor, const char *currency, char *out, size_t size);
/* Decimal places of an ISO 4217 currency (JPY 0, USD 2...). */
int currency_exponent(const char *currency);

#endif
