/* config.h - csconsole.yaml: the settings, where each came from, and errors.
 *
 * The keys are one table (CONFIG_KEYS in config.c): dotted name, type, target
 * field, default, allowed values and help. The parser, the defaults, `doctor`
 * and the test that compares the shipped csconsole.yaml with the built-in
 * defaults all read that table.
 *
 * Lookup order: --config FILE, $CSCONSOLE_CONFIG,
 * $XDG_CONFIG_HOME/csconsole/csconsole.yaml (default ~/.config/...), then the
 * built-in defaults. Only the first file found is read.
 */
#ifndef CSCONSOLE_CONFIG_H
#define CSCONSOLE_CONFIG_H

#include <stdio.h>
#include "csconsole/columns.h"
#include "csconsole/diag.h"
#include "csconsole/health.h"
#include "csconsole/playbook.h"
#include "csconsole/preset.h"
#include "csconsole/tui_actions.h"
#include "csconsole/util.h"

#define CONFIG_MAX_WINDOWS 8
#define CONFIG_MAX_SENTIMENT 9

enum touch_model { TOUCH_HIGH, TOUCH_LOW, TOUCH_TECH, TOUCH_COUNT };

/* health.score: csconsole's weekly snapshots of the model, or the vendor's
 * score from the metrics feed (health table sources 'model' and 'feed'). */
enum health_score_source { HEALTH_COMPUTED, HEALTH_VENDOR };

/* Where a setting's value came from (doctor prints it). */
enum config_source { SRC_DEFAULT, SRC_FILE, SRC_ENV, SRC_DERIVED, SRC_OPTION };

struct config {
	char *me;               /* CSM handle; "" in the file means $USER */
	char *shared_dir;       /* "" = none (offline) */
	char *database;         /* "" = $XDG_DATA_HOME/csconsole/csconsole.db */
	char *theme;            /* theme name (themes/NAME.yaml) */
	int glyphs_ascii;       /* glyphs: 0 auto, 1 ascii (text_set_glyphs_ascii) */
	int language;           /* language: 0 auto, 1 en, 2 ja (i18n_init) */
	char *date_format;      /* strftime format for dates on screen */
	int week_start;         /* 0 = Sunday, 1 = Monday */
	int band_red_max;       /* score <= this is red */
	int band_yellow_max;    /* score <= this (and > red) is yellow; above: green */
	int health_score;       /* enum health_score_source: which score is shown */
	struct health_params health_model;       /* health.model over the built-in defaults */
	struct health_overrides health_overrides;
	struct playbook_rules playbook;
	/* health.blind_spots (blindspot.h) */
	int blind_usage_healthy;                 /* usage (0-100) at or above: healthy */
	int blind_usage_low;                     /* usage below: low; < blind_usage_healthy */
	int blind_sentiment_days;                /* days of notes that are recent sentiment */
	int blind_loyal_nps_min;                 /* the least NPS of a quiet-but-loyal account */
	int cadence[TOUCH_COUNT];                /* days between touchpoints */
	int renewal_lead_days;                   /* next touch at the latest this long before a renewal */
	int onboarding_activation;               /* % of seats active that ends onboarding */
	int renewal_windows[CONFIG_MAX_WINDOWS]; /* days, descending */
	int n_renewal_windows;
	/* The agenda's thresholds (agenda.h) */
	int agenda_health_drop_7d;               /* points lost over 7 days */
	int agenda_health_drop_28d;              /* points lost over 28 days */
	int agenda_risk_days;                    /* teammates' risks of the last N days */
	int agenda_onboarding_days;              /* onboarding longer than this is stuck */
	int agenda_season_days;                  /* how far ahead a key feature season shows */
	/* The calendar export (agenda --format ics) */
	int calendar_alarm_minutes;              /* a timed event's alarm this long before; 0: none */
	int calendar_meeting_minutes;            /* a timed event lasts this long */
	struct strlist risk_categories;
	struct strlist sentiment_labels;         /* worst first; value = index + 1 */
	struct strlist feedback_areas;           /* feedback.areas: the product areas (feedback.h) */
	/* The console's key bindings: per action (enum tui_action, TUI_ACTIONS),
	 * the canonical key names bound to it ("j", "Down", "C-f"). Every action
	 * has an entry (the defaults from TUI_ACTIONS); no key is in two lists. */
	struct strlist keys[ACTION_COUNT];
	int sync_on_start;      /* 1: the console syncs in the background when it opens */
	int sync_silent_days;   /* sync --status: a teammate silent this long is named */
	int feeds_settle_seconds;   /* feeds.settle_seconds: wait for a file this fresh (feed.h) */
	int feeds_hold_percent;     /* feeds.hold_percent: hold an import deactivating more */
	int feeds_hold_factor;      /* feeds.hold_factor: a metric value changed beyond it */
	char *feeds_encoding;       /* feeds.encoding: "auto" or a textenc_names entry */
	int feeds_number_format;    /* feeds.number_format: enum crm_number_format */
	int feeds_date_order;       /* feeds.date_order: enum day_order */
	char *feeds_currency;       /* feeds.currency: ISO 4217 code, "" = none */
	/* feeds.KIND.preset / columns / values (preset.h), indexed by enum feed_kind */
	struct feed_mapping feed_map[PRESET_FEEDS];
	/* The team lead's reports (report.h) */
	char *reports_currency;     /* reports.currency: ISO 4217, "" = none */
	struct strlist reports_rates;    /* reports.rates: pairs currency, rate (text) */
	struct strlist forecast_weights; /* reports.forecast.weights: pairs band, weight (text) */
	struct strlist columns; /* the portfolio's columns (PORTFOLIO_COLUMNS names), in order */

	/* Bookkeeping */
	char *file;             /* the file read, NULL if built-in defaults only */
	enum config_source file_source;          /* how the file was found */
	unsigned char *sources;                  /* per key, enum config_source */
};

/* Fills cfg with the built-in defaults. */
void config_defaults(struct config *cfg);
void config_free(struct config *cfg);

/* Finds and loads the configuration (cli_path may be NULL), then fills the
 * derived values (me from $USER, database from XDG). Problems go to diags as
 * FILE:LINE:COL messages; returns -1 if any is an error (bad value, unreadable
 * file, YAML syntax), 0 otherwise (unknown keys are warnings). */
int config_load(struct config *cfg, const char *cli_path, struct diag_list *diags);

/* Loads one file over the current values (no lookup, no derived values). */
int config_load_file(struct config *cfg, const char *path, struct diag_list *diags);

/* Fills empty me/database from the environment ($USER, $XDG_DATA_HOME, $HOME). */
void config_derive(struct config *cfg);

/* Number of keys in the table, and key i's dotted name / help text. */
size_t config_key_count(void);
const char *config_key_name(size_t i);
const char *config_key_help(size_t i);
/* Key i's current value rendered as YAML flow text (e.g. "[120, 90, 60, 30]"). Caller frees. */
char *config_key_value(const struct config *cfg, size_t i);
enum config_source config_key_source(const struct config *cfg, size_t i);

/* True if every key of a and b holds the same value. If not, *differs is the first differing key. */
bool config_equal(const struct config *a, const struct config *b, const char **differs);

/* Short name of a source: "default", "file", "env" or "derived". */
const char *config_source_name(enum config_source src);
/* How cfg->file was found, from cfg->file_source: SRC_FILE = the --config
 * option, SRC_ENV = $CSCONSOLE_CONFIG, SRC_DERIVED = the XDG location,
 * SRC_DEFAULT = no file (built-in defaults). Returns a phrase for doctor. */
const char *config_file_how(enum config_source file_source);
/* Index of the key with this dotted name, or -1. */
int config_key_find(const char *name);
/* Key i's built-in default as YAML flow text (e.g. "[120, 90, 60, 30]"). */
const char *config_key_default(size_t i);
/* The location of the per-user file: $XDG_CONFIG_HOME/csconsole/csconsole.yaml,
 * else $HOME/.config/csconsole/csconsole.yaml; NULL when neither is set. Caller frees. */
char *config_xdg_path(void);

/* Helpers used across the program. */
const char *touch_model_name(enum touch_model t);
bool touch_model_parse(const char *s, enum touch_model *out);
/* "red", "yellow" or "green" for a score under cfg's bands. */
const char *health_band(const struct config *cfg, double score);

#endif
