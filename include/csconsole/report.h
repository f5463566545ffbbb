/* report.h - the team lead's reports (issue 17): one table shape for all.
 *
 * Every report (retention, forecast, pipeline, feedback, team) is built by
 * the core into a struct report: columns with a stable id (the CSV header
 * and JSON key, never translated) and a display title (N_()-marked, drawn
 * translated), rows of typed cells, and for each row the accounts behind it
 * (the drill-down: the console's T view opens them, the CLI's --accounts
 * lists them).  The CLI writes a report as text, csv, json or markdown
 * (report_out.c); the console draws the same struct.  A report also carries
 * how its figures are computed (the formula, shown under the table) and
 * notes (e.g. "2 accounts have no ARR history before the period").
 *
 * Ownership: everything a struct report points to is owned by it and freed
 * by report_free().
 */
#ifndef CSCONSOLE_REPORT_H
#define CSCONSOLE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>
#include "csconsole/util.h"

struct config;

enum report_kind {
	REPORT_RETENTION,   /* GRR, NRR, logo and revenue churn per period */
	REPORT_FORECAST,    /* renewals per period, ARR, band, risks, weighted */
	REPORT_PIPELINE,    /* open expansion opportunities */
	REPORT_FEEDBACK,    /* voice of the customer by product area */
	REPORT_TEAM,        /* per CSM: book, ARR, overdue, single-owner risk */
	REPORT_COUNT
};

enum report_cell_type {
	CELL_EMPTY,     /* no value (drawn blank, JSON null) */
	CELL_TEXT,      /* text: untrusted text is sanitized when drawn */
	CELL_INT,       /* a count */
	CELL_MONEY,     /* an amount (whole currency units, as double) with its currency */
	CELL_PERCENT,   /* a ratio: 0.95 is 95% */
	CELL_DAY,       /* a day number (date.h) */
};

struct report_cell {
	enum report_cell_type type;
	char *text;          /* CELL_TEXT (owned) */
	long long i;         /* CELL_INT, CELL_DAY */
	double d;            /* CELL_MONEY, CELL_PERCENT */
	char currency[4];    /* CELL_MONEY: ISO 4217 code, "" = the reporting currency */
};

struct report_col {
	const char *id;      /* stable: CSV header, JSON key ("grr", "arr_start") */
	const char *title;   /* N_()-marked display title ("GRR", "ARR at start") */
	enum report_cell_type type;
};

struct report_row {
	struct report_cell *cells;   /* ncols cells */
	int level;                   /* 0 = a total or group row, 1 = a detail row */
	struct strlist accounts;     /* account ids behind this row (drill-down) */
};

/* What to report on (the CLI options; the console's defaults). */
struct report_params {
	int from, until;             /* day range (date.h); 0 = the report's default */
	const char *period;          /* "month" or "quarter" (retention, forecast) */
	const char *by;              /* grouping: "team", "owner", "segment", "touch_model" */
	const char *owner;           /* one CSM's handle, or NULL for the team */
};

struct report {
	enum report_kind kind;
	const char *id;              /* "retention", "forecast", ... (stable) */
	char *title;                 /* display title, translated (owned) */
	char *formula;               /* how the figures are computed, translated (owned) */
	struct strlist notes;        /* caveats, translated */
	struct report_col *cols;     /* owned array; titles and ids are static */
	size_t ncols;
	struct report_row *rows;
	size_t nrows, cap;
};

/* The report names and kinds ("retention" -> REPORT_RETENTION); -1 if unknown. */
int report_kind_from_name(const char *name);
const char *report_kind_name(enum report_kind kind);

/* Builds a report from the book as of `today`.  0, or -1 + error(). */
int report_build(sqlite3 *db, const struct config *cfg, int today,
		 enum report_kind kind, const struct report_params *p, struct report *out);

/* The builders, one per kind (report_retention.c, report_forecast.c,
 * report_team.c, report_pipeline.c, report_feedback.c); report_build
 * dispatches through a table of them. */
typedef int report_builder(sqlite3 *db, const struct config *cfg, int today,
			   const struct report_params *p, struct report *out);
report_builder report_build_retention, report_build_forecast, report_build_team,
	report_build_pipeline, report_build_feedback;

/* Helpers for the builders: start a report with its columns, add a row
 * (cells zeroed, CELL_EMPTY), set cells. */
void report_init(struct report *r, enum report_kind kind, const struct report_col *cols, size_t ncols);
struct report_row *report_add_row(struct report *r, int level);
void report_free(struct report *r);
/* A note under the table (translated by the caller's format). */
void report_note(struct report *r, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Set a cell: its type and value (text copied; currency "" = reporting). */
void report_cell_set_text(struct report_cell *c, const char *s);
void report_cell_set_int(struct report_cell *c, long long v);
void report_cell_set_money(struct report_cell *c, double d, const char *currency);

/* The index of the column whose id is id, or -1 (id NULL too). */
int report_col_index(const struct report *r, const char *id);
/* A money cell in its currency's minor units (cents, yen). */
int64_t report_cell_minor(const struct report_cell *c);
/* One cell as people read it (the console and `csconsole report`'s text and
 * markdown): money with its currency, percentages, days; text sanitized. */
void report_cell_format(const struct report_cell *c, char *out, size_t size);

#endif
