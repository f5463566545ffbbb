/* export.h - the activity export for the CRM (`csconsole export activities`).
 *
 * Notes and touchpoints done become the CRM's activity import rows, risks a
 * file of their own, in one of three targets: Salesforce's Task object (Data
 * Import Wizard / Data Loader field names), HubSpot's notes import columns,
 * or csconsole's own columns. Every row carries its entity's ULID. Each
 * entity is exported once per target: a local mark (table export_mark,
 * never synced) records what was written, so the next export has only what
 * is new. No curses and no CSV writing here: the rows come out as cells,
 * sanitized (control characters and escape sequences stripped), which the
 * CLI writes through csvout.c (which neutralizes formulas).
 */
#ifndef CSCONSOLE_EXPORT_H
#define CSCONSOLE_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "csconsole/store.h"

enum export_target { EXPORT_SALESFORCE, EXPORT_HUBSPOT, EXPORT_CSV, EXPORT_TARGET_COUNT };

/* "salesforce", "hubspot", "csv"; the parse takes the same names. */
const char *export_target_name(enum export_target t);
bool export_target_parse(const char *s, enum export_target *out);

enum export_kind { EXPORT_NOTE, EXPORT_TOUCH, EXPORT_RISK };

/* One exported entity, as the database holds it (texts not yet sanitized). */
struct export_row {
	enum export_kind kind;
	char *entity;             /* "note/<ulid>", "touch/<ulid>", "risk/<ulid>" */
	char *account;            /* the CRM id */
	char *account_name;       /* "" when the account is not in the feed */
	char *author;
	int day;                  /* a note's touch day, a touchpoint's done day, a risk's opened day */
	char *kind_name;          /* a note's or touchpoint's kind; NULL: none */
	char *summary;            /* a note's summary; NULL otherwise */
	char *text;               /* a note's text, a touchpoint's note, a risk's text; NULL: none */
	int sentiment;            /* a note's, 1..9; 0: none */
	/* risks */
	char *category, *severity, *status, *owner, *resolve_note;
	int resolved_day;         /* DAY_NONE: open */
};

struct export_set {
	struct export_row *activities;   /* notes and touchpoints done, by day then id */
	size_t n_activities;
	struct export_row *risks;        /* by opened day then id */
	size_t n_risks;
};

struct export_query {
	enum export_target target;
	int since;                /* only from this day on (DAY_NONE: any day) */
	const char *author;       /* only what this CSM wrote (NULL: everyone's) */
	bool again;               /* also what was exported before (the mark ignored) */
};

/* The rows a query selects: notes not deleted, touchpoints done, risks;
 * not yet marked for the target unless q->again. 0 or -1 + error(). The
 * caller frees the set with export_set_free. */
int export_collect(struct store *st, const struct export_query *q, struct export_set *out);
void export_set_free(struct export_set *s);

/* A target's columns for activities or risks: *n headers (static). */
const char *const *export_columns(enum export_target t, bool risks, size_t *n);
/* One row as the target's cells (as many as export_columns gives), each
 * sanitized and cut to the target's field length; the caller frees them
 * with export_cells_free. */
char **export_cells(enum export_target t, const struct export_row *r);
void export_cells_free(char **cells, size_t n);

/* Records rows as exported to the target at `now` (UTC seconds), in one
 * transaction. 0 or -1 + error(). */
int export_mark(struct store *st, enum export_target t, const struct export_row *rows, size_t n, int64_t now);
/* How many entities are marked for the target. 0 or -1 + error(). */
int export_marked_count(struct store *st, enum export_target t, int64_t *out);

#endif
