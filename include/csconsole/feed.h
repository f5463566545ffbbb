/* feed.h - importing the shared directory's feeds/ into the local store.
 *
 * feed_sync() reads <shared>/feeds/team.yaml, accounts.yaml and/or
 * accounts.csv, then the metrics/ folder's .csv and .yaml files by name (docs/feeds.md is the
 * format contract and says what an import replaces). Each file is imported in
 * one transaction and identified by the SHA-256 of its content:
 *  - the size and mtime recorded for that path match: unchanged, not even
 *    hashed (what keeps a no-op sync fast);
 *  - the hash equals the one recorded for that path, or one recorded for
 *    another path of the same kind (a renamed file): unchanged, nothing
 *    written;
 *  - its generated_at is older than the one recorded for that path: skipped
 *    as stale, with a warning;
 *  - a file error (unreadable, YAML syntax, missing required column): the
 *    transaction is rolled back and the previous import of that file stays;
 *  - bad rows are rejected one by one with file:line messages, the rest of
 *    the file imports.
 */
#ifndef CSCONSOLE_FEED_H
#define CSCONSOLE_FEED_H

#include <stdbool.h>
#include <stdint.h>
#include "csconsole/diag.h"
#include "csconsole/preset.h"
#include "csconsole/store.h"

enum feed_kind { FEED_TEAM, FEED_ACCOUNTS, FEED_METRICS };
/* CONFLICT: a sync tool's conflict copy or a merge leftover (conflictname.h),
 * never read; WAITING: still being written (it changed during the settle
 * interval), tried again at the next sync; HELD: read, but its effect looks
 * implausible (see feed_options), so nothing of it was applied. */
enum feed_status { FEED_IMPORTED, FEED_UNCHANGED, FEED_STALE, FEED_FAILED, FEED_CONFLICT,
		   FEED_WAITING, FEED_HELD };

/* What a sync guards against (csconsole.yaml feeds.*). */
struct feed_options {
	/* A file modified less than this many seconds ago is waited for (up to
	 * that long, once per sync) and imported only if its size and mtime did
	 * not change meanwhile. 0: no wait. */
	int settle_seconds;
	/* An import that would mark more than this percentage of the active
	 * accounts or CSMs inactive is held back (not applied) until it is seen
	 * unchanged at a later sync or accepted. 0: never held. */
	int hold_percent;
	/* ... and so is a metrics import that would change more than
	 * hold_percent of the values it replaces of one metric by more than
	 * this factor (up or down). */
	int hold_factor;
	/* Paths ("feeds/accounts.yaml") whose held import is applied now
	 * (`csconsole sync --accept FILE`). May be NULL. */
	const struct strlist *accept;
	/* How the feeds write values (csconsole.yaml feeds.*, docs/feeds.md
	 * "Numbers, dates and encodings"): the encoding of CSV files ("auto"
	 * or NULL: UTF-8, UTF-16 by its byte order mark, CP932 when not UTF-8;
	 * else a name of textenc_names), the number format (enum
	 * crm_number_format), the order of day and month (enum day_order) and
	 * the currency of amounts that name none (an ISO code, NULL or "": none). */
	const char *encoding;
	int number_format;
	int date_order;
	const char *currency;
	/* csconsole.yaml feeds.KIND.preset/columns/values, indexed by enum
	 * feed_kind (preset.h). NULL: csconsole's own names. */
	const struct feed_mapping *mapping;
	/* Set by `csconsole sync`: the account summaries are refreshed once,
	 * after the health pass (healthcalc_sync), not here as well. Each
	 * import then marks meta `feeds_changed` in the transaction that
	 * records it, so a sync stopped before its health pass leaves that
	 * pass (and the refresh) to the next one. Unset: feed_sync refreshes
	 * every summary after anything new. */
	bool summaries_later;
};

/* The meta key summaries_later marks ("1": feeds imported since the last
 * health pass); healthcalc_sync reads and removes it. */
#define FEEDS_CHANGED_META "feeds_changed"

/* What happened to one file. Strings are valid during the file_done call. */
struct feed_result {
	const char *path;            /* relative to the shared directory: "feeds/team.yaml" */
	enum feed_kind kind;
	enum feed_status status;
	uint64_t rows_ok;            /* IMPORTED: rows imported; UNCHANGED: as recorded */
	uint64_t rows_rejected;      /* likewise */
	const char *same_as;         /* UNCHANGED: another path holding the same content, or NULL */
	bool had_import;             /* an earlier version of this path was imported */
	bool has_generated_at;
	int64_t generated_at;        /* the file's generated_at (STALE: the skipped one) */
	int64_t recorded_generated_at;  /* STALE: the imported version's */
	double seconds;              /* wall time spent on the file */
	const char *conflict_tool;   /* CONFLICT: "Syncthing", "Dropbox", ... */
	const char *original;        /* CONFLICT: the file it is a copy of ("feeds/metrics/weekly.csv") */
	const char *held_reason;     /* HELD: what the import would have done */
};

struct feed_summary {
	size_t files, imported, unchanged, stale, failed, conflicts, waiting, held;
	size_t undone;               /* earlier imports of conflict copies undone */
	uint64_t rows_ok, rows_rejected;
};

struct feed_hooks {
	/* Called at the start of each import and every few thousand rows. */
	void (*progress)(void *ctx, const char *path, uint64_t rows, double seconds);
	/* Called when a file is done; its diags are already in the list. */
	void (*file_done)(void *ctx, const struct feed_result *r);
	void *ctx;
};

/* Imports the feeds of shared_dir into st. Diagnostics (file:line: ...) go to
 * diags, counts to sum; hooks may be NULL. Returns 0 when the shared
 * directory could be read (files may still have failed: see sum), -1 +
 * error() when it is missing or unreadable. A shared directory without a
 * feeds/ folder has nothing to import and is not an error. */
int feed_sync(struct store *st, const char *shared_dir, const struct feed_hooks *hooks,
	      struct diag_list *diags, struct feed_summary *sum);
/* The same with guards: opt NULL means none (no settle wait, no hold), as
 * feed_sync. */
int feed_sync_opts(struct store *st, const char *shared_dir, const struct feed_options *opt,
		   const struct feed_hooks *hooks, struct diag_list *diags,
		   struct feed_summary *sum);

/* For `doctor`: adds to diags (one error each, with what to do) the conflict
 * copies lying in <shared>/feeds and its metrics/ folder and the imports
 * held back at the last sync. Returns the number added. */
size_t feed_check(struct store *st, const char *shared_dir, struct diag_list *diags);

const char *feed_kind_name(enum feed_kind k);
const char *feed_status_name(enum feed_status s);

/* ---- Internal: shared by feed.c and feed_{team,accounts,metrics}.c ------ */

struct ynode;
struct csvread_col;
struct csvread_row;

/* A string -> int64 hash map (open addressing; keys copied). */
struct feed_map {
	struct feed_map_slot *slots;
	size_t cap, len;
};
bool feed_map_get(const struct feed_map *m, const char *key, size_t len, int64_t *value);
/* Inserts or replaces. */
void feed_map_put(struct feed_map *m, const char *key, size_t len, int64_t value);
void feed_map_clear(struct feed_map *m);

struct feed_metrics_cache;   /* feed_metrics.c: account ids, metric ids, statements */

/* Per sync. */
struct feed_sync {
	struct store *st;
	const char *shared_dir;
	const struct feed_hooks *hooks;
	struct diag_list *diags;
	struct feed_metrics_cache *metrics;
	const struct feed_options *opt;     /* never NULL inside feed.c */
	int64_t holds;                      /* rows in feed_hold when the sync began */
};

/* One file being imported. */
struct feed_file {
	struct feed_sync *sync;
	struct store *st;
	const char *name;            /* relative path, used in messages */
	const char *path;            /* full path */
	enum feed_kind kind;
	int64_t size;                /* bytes, when the import started */
	int64_t mtime_ns;            /* its mtime then */
	bool hold_off;               /* no hold: accepted, seen before, or holds off */
	bool had_import;             /* an earlier version of this path was imported */
	char *held;                  /* set by an import to hold it back: why (the driver frees) */
	int64_t src;                 /* metrics: feed_source.id, the provenance of its rows */
	struct diag_list *diags;
	uint64_t rows_ok, rows_rejected;
	unsigned row_errors_shown, warnings_shown, warnings_hidden;
	bool has_recorded_generated_at;
	int64_t recorded_generated_at;
	bool has_generated_at;
	int64_t generated_at;
	bool stale;                  /* set by feed_generated_at(): stop, skip the file */
	bool collect_only;           /* accounts: validate and collect ids, write nothing */
	const char *encoding;        /* CSV: the iconv name to convert from, NULL: UTF-8 */
	struct feed_map *collect;    /* collect_only: the ids listed */
	double started;
	struct strlist warned_keys;  /* unknown YAML keys already reported */
};

/* A field of a row, from CSV or YAML: NULL s = absent or empty. */
struct feed_val {
	const char *s;
	unsigned line, col;
	const char *name;            /* CSV: the column's name in the header, for messages */
};

/* The errors of one row, reported together in one message (every bad value
 * of the row at once: `column "Contract End Date": "31.02.2027" is not a
 * date: ...; column "Annual Revenue": ...`). Start zeroed. */
struct feed_row_errors {
	struct sbuf text;
	unsigned n, line, col;       /* count; where the first one is */
};
/* Adds an error about value v (key: its feed key, named when the row is
 * YAML; a CSV row names the column as its header writes it). */
void feed_row_error(struct feed_row_errors *e, const struct feed_val *v, const char *key,
		    const char *fmt, ...) PRINTF_LIKE(4, 5);
/* Adds `LABEL: "VALUE" why` (why as the value parsers write it). */
void feed_row_value_error(struct feed_row_errors *e, const struct feed_val *v, const char *key,
			  const char *why);
/* None: 0. Else rejects the row with all of them (feed_reject) and returns 1.
 * Frees e's text either way. */
int feed_row_errors_done(struct feed_file *f, struct feed_row_errors *e);

/* Reports a rejected row (one message per row; after a cap per file the rest
 * are only counted) and counts it. Returns 1, the "rejected" row status. */
int feed_reject(struct feed_file *f, unsigned line, unsigned col, const char *fmt, ...)
	PRINTF_LIKE(4, 5);
/* A warning about one row or key (also capped per file). */
void feed_warn(struct feed_file *f, unsigned line, unsigned col, const char *fmt, ...)
	PRINTF_LIKE(4, 5);
/* Counts a row as imported and reports progress now and then. */
void feed_row_done(struct feed_file *f);
/* Reports progress now (the rows read so far). */
void feed_progress(struct feed_file *f);

/* Records the file's generated_at; if it is older than the imported
 * version's, marks the file stale and returns -1 (the caller stops). */
int feed_generated_at(struct feed_file *f, int64_t ts);
/* The same from YAML text; a bad timestamp is a file error (-1). */
int feed_generated_at_yaml(struct feed_file *f, const struct ynode *value);

/* Fills v[0..ncols) from a YAML mapping by key. Keys not in cols are warned
 * about once per file; a value that is a list or mapping is a rejected row
 * unless its column is `nested` (then v[i].s is NULL and the caller looks the
 * node up itself). Returns 0, or 1 when the row was rejected. */
int feed_yaml_row(struct feed_file *f, const struct ynode *item, const struct csvread_col *cols,
		  size_t ncols, const char *nested, struct feed_val *v);
/* Fills v from a CSV row (after csvread_row_ok); empty fields are NULL. */
void feed_csv_row(const struct csvread_row *row, struct feed_val *v);
/* Applies csvread_row_ok(); reports and returns 1 when the row is rejected. */
int feed_csv_row_check(struct feed_file *f, const struct csvread_row *row);
/* Streams a YAML feed (stream_key names the list of rows; on_item returns
 * -1 to stop), handles generated_at, warns about other top-level keys and
 * gives diags the relative file name. 0 or -1 (file error or stopped). */
int feed_yaml_stream(struct feed_file *f, const char *stream_key,
		     int (*on_item)(void *ctx, const struct ynode *item), void *ctx);

/* ydoc names a file by the path it opened: gives the diags added since
 * index `from` the file's relative name. */
void feed_rename_diags(struct feed_file *f, size_t from);

/* Parses a date field (day_parse_export, in feeds.date_order): DAY_NONE when
 * absent; false + reject when malformed. */
bool feed_date(struct feed_file *f, const struct feed_val *v, const char *field, int *day);
/* The same, adding a malformed date to e instead of rejecting. */
bool feed_date_check(struct feed_file *f, const struct feed_val *v, const char *key, int *day,
		     struct feed_row_errors *e);
/* Decides the encoding of CSV file f by reading it (feed_options.encoding,
 * textenc.h) into f->encoding. A file in none of the possible encodings is
 * one file error (with what to do): -1. */
int feed_detect_encoding(struct feed_file *f);
/* Matches s against a NULL-terminated list of allowed values. */
bool feed_enum(const char *s, const char *const *allowed);
/* "a, b or c" for messages. Caller frees. */
char *feed_enum_list(const char *const *allowed);

/* The file's size and mtime are still those of the start of the import
 * (0), or a file error is reported (-1). */
int feed_file_unchanged(struct feed_file *f);

/* The feed kinds (import into the open transaction; 0 or -1 on a file error).
 * Metrics are the exception: feed_metrics_import() stages the file, then
 * applies it in short transactions of its own and returns 0 with the last
 * one open (feed_metrics.c). */
int feed_team_import(struct feed_file *f);
int feed_accounts_import(struct feed_file *f);
int feed_metrics_import(struct feed_file *f);
/* Forget what a rolled-back metrics transaction may have interned. */
void feed_metrics_rolled_back(struct feed_sync *s);
/* Accounts may have changed: reload the account ids before the next metrics file. */
void feed_metrics_accounts_changed(struct feed_sync *s);
void feed_metrics_release(struct feed_sync *s);

#endif
