/* preset.h - what a feed's columns and values are called: csconsole's own
 * field names, the built-in presets (csconsole, salesforce, hubspot) and the
 * user's mapping (csconsole.yaml feeds.KIND.preset / columns / values).
 *
 * The presets are one table in preset.c, the single source of truth: the
 * feeds, `doctor` and docs/feeds.md's test read it. A CSV header is found, for
 * each field, by (1) the user's feeds.KIND.columns mapping, and only by it
 * when one is given; else (2) the preset's header names, in order; else (3)
 * the field's own name. Headers compare after csvread_normalize() (case,
 * blanks, '-' and '_'). YAML keys are matched by the user's mapping, or by the
 * field's own name (presets describe CSV exports).
 *
 * Values: a touch model or stage is looked up in the user's
 * feeds.accounts.values mapping, then the preset's, then the canonical names,
 * matched after trimming, NFKC and case folding, with runs of blanks, '-' and
 * '_' read as one blank ("High-Touch" = "high touch").
 */
#ifndef CSCONSOLE_PRESET_H
#define CSCONSOLE_PRESET_H

#include <stdbool.h>
#include <stddef.h>
#include "csconsole/diag.h"
#include "csconsole/util.h"

/* Indexed like enum feed_kind (feed.h): team, accounts, metrics. */
#define PRESET_FEEDS 3
#define PRESET_TEAM 0
#define PRESET_ACCOUNTS 1
#define PRESET_METRICS 2

/* The fields of each feed: id, name, required. */
#define CSM_COLUMNS(X) \
	X(HANDLE,   "handle",   true)  \
	X(NAME,     "name",     true)  \
	X(EMAIL,    "email",    false) \
	X(TEAM,     "team",     false) \
	X(ABSENCES, "absences", false)

#define ACCOUNT_COLUMNS(X) \
	X(ID,              "id",              true)  \
	X(NAME,            "name",            true)  \
	X(SEGMENT,         "segment",         false) \
	X(TOUCH_MODEL,     "touch_model",     true)  \
	X(STAGE,           "stage",           true)  \
	X(ARR,             "arr",             false) \
	X(CURRENCY,        "currency",        false) \
	X(RENEWAL_DATE,    "renewal_date",    false) \
	X(MAIN_OWNER,      "main_owner",      true)  \
	X(SUB_OWNER,       "sub_owner",       false) \
	X(SEATS,           "seats",           false) \
	X(CHAMPION,        "champion",        false) \
	X(CHAMPION_EMAIL,  "champion_email",  false) \
	X(CHAMPION_STATUS, "champion_status", false) \
	X(CONTACTS,        "contacts",        false) \
	X(OUTCOME,         "outcome",         false) \
	X(OUTCOME_DATE,    "outcome_date",    false)

#define METRIC_COLUMNS(X) \
	X(ACCOUNT, "account", true) \
	X(DATE,    "date",    true) \
	X(METRIC,  "metric",  true) \
	X(VALUE,   "value",   true)

/* NULL-terminated field names, for the configuration's checks. */
extern const char *const preset_team_fields[];
extern const char *const preset_account_fields[];
extern const char *const preset_metric_fields[];
/* "csconsole", "salesforce", "hubspot", NULL: feeds.KIND.preset's values. */
extern const char *const preset_names[];
/* The canonical values of the mapped account fields. */
extern const char *const preset_touch_models[];   /* high, low, tech */
extern const char *const preset_stages[];         /* onboarding ... renewal */

/* One feed's mapping, as configured. Strings owned (config_free frees them). */
struct feed_mapping {
	char *preset;                /* feeds.KIND.preset; NULL = csconsole */
	struct strlist columns;      /* feeds.KIND.columns: field, header, field, header... */
	struct strlist touch_model;  /* feeds.accounts.values.touch_model: text, value, ... */
	struct strlist stage;        /* feeds.accounts.values.stage: text, value, ... */
};

/* The built-in table, for docs and tests: entry i, false past the end.
 * Columns: (preset, feed kind, field, header); values: (preset or NULL for
 * every preset, field, text, canonical value). */
size_t preset_column_count(void);
bool preset_column_at(size_t i, const char **preset, int *kind, const char **field,
		      const char **header);
size_t preset_value_count(void);
bool preset_value_at(size_t i, const char **preset, const char **field, const char **text,
		     const char **value);

/* "team", "accounts", "metrics". */
const char *preset_feed_name(int kind);

struct csvread_col;
struct csvread_alias;

/* The header names a CSV reader tries for each of cols (a feed's fields), in
 * the order above, for mapping m (NULL: csconsole, no mapping). key is the
 * config key that maps a column ("feeds.accounts.columns"), for messages. */
struct preset_columns {
	struct csvread_alias *aliases;
	size_t n;
	char key[40];
};
void preset_columns_build(const struct feed_mapping *m, int kind, const struct csvread_col *cols,
			  size_t ncols, struct preset_columns *out);
void preset_columns_free(struct preset_columns *pc);

/* For a YAML feed: cols with each field's name replaced by the key the user
 * mapped it to (the strings point into m). Caller frees the array. */
struct csvread_col *preset_yaml_cols(const struct feed_mapping *m, const struct csvread_col *cols,
				     size_t ncols);

/* The canonical value ("high", "onboarding") that text stands for in field
 * ("touch_model" or "stage") under m (NULL: csconsole), or NULL when none.
 * The result is a static string or points into m. */
const char *preset_value(const struct feed_mapping *m, const char *field, const char *text);

/* text folded as values compare (see above). Caller frees. */
char *preset_fold(const char *text);

/* Levenshtein distance between a and b (bytes), stopping at limit + 1. */
size_t preset_edit_distance(const char *a, const char *b, size_t limit);

/* For `doctor`: reads the header of the CSV feed at path (named `name` in
 * messages) under m, and adds to out the file's columns that no field takes
 * (ignored by the import). A missing required column is an error in diags.
 * 0, or -1 when the header cannot be read or lacks a column. */
int preset_unmapped(const char *path, const char *name, const struct feed_mapping *m, int kind,
		    struct strlist *out, struct diag_list *diags);

#endif
