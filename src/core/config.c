/* config.c - csconsole.yaml: the key table, parsing, defaults (see config.h).
 *
 * config_keys[] is the single source of truth: every key's dotted name, type,
 * target field, default (as YAML text, parsed by the same code as the file,
 * so a default can never be something the file could not say), range or
 * allowed values, and help. Parsing, defaults, rendering for `doctor`,
 * comparison and the test against the shipped csconsole.yaml all walk it.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "csconsole/book.h"
#include "csconsole/config.h"
#include "csconsole/crmvalue.h"
#include "csconsole/i18n.h"
#include "csconsole/textenc.h"
#include "csconsole/yamldoc.h"

enum key_type {
	KEY_STRING,      /* char *, free text */
	KEY_PATH,        /* char *, "~/" expanded, relative to the file's directory */
	KEY_NAME,        /* char *, one of allowed[] */
	KEY_CHOICE,      /* int, index into allowed[] */
	KEY_INT,         /* int in [min, max] */
	KEY_INT_LIST,    /* int[max_len] + int count at count_off, each in [min, max] */
	KEY_STR_LIST,    /* struct strlist */
	KEY_STR_MAP,     /* struct strlist of pairs: {name: text, ...} */
	KEY_KEYMAP,      /* struct strlist[ACTION_COUNT]: action name -> key names (TUI_ACTIONS) */
	KEY_HEALTH_MODEL,     /* struct health_params (health.c parses and renders it) */
	KEY_HEALTH_OVERRIDES, /* struct health_overrides (health.c) */
	KEY_PLAYBOOK,         /* struct playbook_rules (playbook_config.c) */
};

enum key_check {
	CHECK_NONE,
	CHECK_HANDLE,        /* empty or [a-z0-9._-]+, as team.yaml handles */
	CHECK_CURRENCY,      /* empty or an ISO 4217 code (three capital letters) */
	CHECK_IDENT,         /* list entries are snake_case ids */
	CHECK_DESCENDING,    /* int list strictly descending */
	CHECK_ALLOWED,       /* list entries are names from allowed[] */
	CHECK_MAP_KEYS,      /* map keys are names from allowed[], values distinct */
	CHECK_MAP_VALUES,    /* map values are names from allowed[] */
	CHECK_MAP_WEIGHTS,   /* map keys are names from allowed[], values numbers 0-1 */
	CHECK_MAP_RATES,     /* map keys are ISO 4217 codes, values numbers above 0 */
};

struct config_key {
	const char *name;
	enum key_type type;
	size_t off;
	size_t count_off;
	const char *def;
	long min, max;               /* KEY_INT and int list entries */
	size_t min_len, max_len;     /* lists: entries; strings: bytes */
	const char *const *allowed;  /* KEY_NAME / KEY_CHOICE, NULL-terminated */
	enum key_check check;
	const char *help;
};

static const char *const theme_names[] = {
	"dark", "light", "high-contrast", "monochrome", NULL,
};
/* Index = struct config.glyphs_ascii (0 = auto, 1 = ascii). */
static const char *const glyph_names[] = { "auto", "ascii", NULL };
/* Index = enum ui_lang + 1 (0 = auto: from the locale). */
static const char *const language_names[] = { "auto", "en", "ja", NULL };
/* Index = struct config.week_start (0 = Sunday, 1 = Monday). */
static const char *const week_names[] = { "sunday", "monday", NULL };
#define COLUMN_NAME(id, nm, title, right, prio, help) nm,
static const char *const column_names[] = { PORTFOLIO_COLUMNS(COLUMN_NAME) NULL };
#undef COLUMN_NAME
/* Index = the int value (false = 0). */
static const char *const bool_names[] = { "false", "true", NULL };
/* Index = enum health_score_source. */
static const char *const score_names[] = { "computed", "vendor", NULL };
/* reports.forecast.weights: the health bands (none: no score). */
static const char *const forecast_bands[] = { "red", "yellow", "green", "none", NULL };
/* Index = enum day_order (date.h). */
static const char *const date_order_names[] = { "auto", "ymd", "mdy", "dmy", NULL };

#define F(field) offsetof(struct config, field)

static const struct config_key config_keys[] = {
	{ "me", KEY_STRING, F(me), 0, "\"\"", 0, 0, 0, 64, NULL, CHECK_HANDLE,
	  "Your CSM handle, as in the team feed (a-z, 0-9, '.', '_', '-').\n"
	  "Empty: your login name ($USER)." },
	{ "shared_dir", KEY_PATH, F(shared_dir), 0, "\"\"", 0, 0, 0, 4096, NULL, CHECK_NONE,
	  "The team's shared directory: a network share, a synced folder or a git checkout\n"
	  "holding feeds/ and events/. Empty: none (work offline).\n"
	  "\"~/\" means your home; a relative path is read from this file's directory." },
	{ "database", KEY_PATH, F(database), 0, "\"\"", 0, 0, 0, 4096, NULL, CHECK_NONE,
	  "The local SQLite database, on local disk and never inside shared_dir.\n"
	  "Empty: $XDG_DATA_HOME/csconsole/csconsole.db (~/.local/share/csconsole/csconsole.db).\n"
	  "\"~/\" means your home; a relative path is read from this file's directory." },
	{ "theme", KEY_NAME, F(theme), 0, "dark", 0, 0, 0, 0, theme_names, CHECK_NONE,
	  "Colour theme: dark, light, high-contrast or monochrome.\n"
	  "NO_COLOR or a terminal without colours always gets monochrome." },
	{ "glyphs", KEY_CHOICE, F(glyphs_ascii), 0, "auto", 0, 0, 0, 0, glyph_names, CHECK_NONE,
	  "csconsole's own glyphs (separators, arrows, sparklines, bars, the ellipsis):\n"
	  "auto (Unicode in a UTF-8 locale, else ASCII) or ascii, for terminals that draw\n"
	  "East Asian ambiguous-width characters two cells wide (RLogin, Tera Term, PuTTY\n"
	  "with that option): the columns stay aligned. Japanese text is drawn as it is." },
	{ "language", KEY_CHOICE, F(language), 0, "auto", 0, 0, 0, 0, language_names, CHECK_NONE,
	  "The interface language: auto (from the locale: LANGUAGE, LC_ALL, LC_MESSAGES,\n"
	  "LANG), en or ja. --lang overrides it. Output meant for programs (JSON, CSV\n"
	  "headers, ids, exit statuses) is the same in every language." },
	{ "date_format", KEY_STRING, F(date_format), 0, "\"%Y-%m-%d\"", 0, 0, 1, 64, NULL, CHECK_NONE,
	  "How dates are shown: a strftime(3) format, e.g. \"%Y-%m-%d\", \"%d %b %Y\", \"%m/%d\"." },
	{ "week_start", KEY_CHOICE, F(week_start), 0, "monday", 0, 0, 0, 0, week_names, CHECK_NONE,
	  "First day of the week in weekly views: monday or sunday." },
	{ "health.bands.red", KEY_INT, F(band_red_max), 0, "50", 0, 100, 0, 0, NULL, CHECK_NONE,
	  "A health score (0-100) at or below this is red." },
	{ "health.bands.yellow", KEY_INT, F(band_yellow_max), 0, "75", 0, 100, 0, 0, NULL, CHECK_NONE,
	  "A health score at or below this (and above red) is yellow; above it, green.\n"
	  "0-100, greater than health.bands.red." },
	{ "health.score", KEY_CHOICE, F(health_score), 0, "computed", 0, 0, 0, 0, score_names, CHECK_NONE,
	  "The health score shown everywhere (portfolio, trend, bands, agenda, handoff):\n"
	  "computed (csconsole's weekly snapshots of health.model, from the metrics feed\n"
	  "and the team's notes) or vendor (the health_score metric of the feed). Both are\n"
	  "kept; changing this only changes which one is shown." },
	/* def NULL: rendered from the HEALTH_COMPONENTS table (health.h) */
	{ "health.model", KEY_HEALTH_MODEL, F(health_model), 0, NULL, 0, 0, 0, 0, NULL, CHECK_NONE,
	  "The computed score's model: for each component (adoption, core_use, key_feature,\n"
	  "engagement, sentiment, support, nps) a weight (0-100; 0 leaves it out) and a\n"
	  "mapping from its raw figure to 0-100, either linear: [[raw, score], ...] (a\n"
	  "line between the points, flat beyond them) or thresholds: [[raw, score], ...] (the\n"
	  "score of the last point at or below the figure). A component left out keeps\n"
	  "its default. 100 is healthy. `csconsole health ACCOUNT` shows the model at work." },
	{ "health.overrides", KEY_HEALTH_OVERRIDES, F(health_overrides), 0, "[]", 0, 0, 0, 0, NULL,
	  CHECK_NONE,
	  "Changes to health.model for some accounts: a list of {segment: S, touch_model: T,\n"
	  "model: {component: {weight: W, linear|thresholds: [...]}}}, segment and/or touch_model\n"
	  "saying which accounts. Later overrides win over earlier ones." },
	{ "health.blind_spots.usage_healthy", KEY_INT, F(blind_usage_healthy), 0, "80", 1, 100, 0, 0, NULL,
	  CHECK_NONE,
	  "Blind spots compare usage (the weaker of the adoption and core_use scores,\n"
	  "0-100) with the relationship. Usage at or above this is healthy: a hidden risk\n"
	  "when the champion left, recent notes are negative, a high risk or an ROI risk\n"
	  "is open. 1-100, above usage_low." },
	{ "health.blind_spots.usage_low", KEY_INT, F(blind_usage_low), 0, "50", 0, 99, 0, 0, NULL, CHECK_NONE,
	  "Usage below this is low: quiet but loyal when the relationship is strong\n"
	  "(recent sentiment positive, no medium or high risk, champion not gone).\n"
	  "0-99, below usage_healthy." },
	{ "health.blind_spots.sentiment_days", KEY_INT, F(blind_sentiment_days), 0, "90", 1, 365, 0, 0, NULL,
	  CHECK_NONE,
	  "The notes of this many days (today included) are the recent sentiment, 1-365." },
	{ "health.blind_spots.loyal_nps_min", KEY_INT, F(blind_loyal_nps_min), 0, "30", -100, 100, 0, 0, NULL,
	  CHECK_NONE,
	  "A quiet-but-loyal account's latest NPS answer (365 days), when it has one, is at\n"
	  "least this, -100-100." },
	{ "cadence.high", KEY_INT, F(cadence[TOUCH_HIGH]), 0, "14", 1, 365, 0, 0, NULL, CHECK_NONE,
	  "Days between touchpoints for high-touch (1:1) accounts, 1-365." },
	{ "cadence.low", KEY_INT, F(cadence[TOUCH_LOW]), 0, "45", 1, 365, 0, 0, NULL, CHECK_NONE,
	  "Days between touchpoints for low-touch (1:many) accounts, 1-365." },
	{ "cadence.tech", KEY_INT, F(cadence[TOUCH_TECH]), 0, "90", 1, 365, 0, 0, NULL, CHECK_NONE,
	  "Days between touchpoints for tech-touch (automated) accounts, 1-365." },
	{ "cadence.renewal_lead_days", KEY_INT, F(renewal_lead_days), 0, "14", 0, 365, 0, 0, NULL, CHECK_NONE,
	  "The log form never proposes a next touchpoint later than this many days\n"
	  "before the account's renewal when the renewal comes first, 0-365." },
	{ "onboarding.activation", KEY_INT, F(onboarding_activation), 0, "80", 1, 100, 0, 0, NULL, CHECK_NONE,
	  "Onboarding is done when this percentage of the licensed seats is active, 1-100." },
	{ "renewal_windows", KEY_INT_LIST, F(renewal_windows), F(n_renewal_windows),
	  "[120, 90, 60, 30]", 1, 730, 1, CONFIG_MAX_WINDOWS, NULL, CHECK_DESCENDING,
	  "Days before a renewal at which it is flagged: 1 to 8 numbers of days (1-730),\n"
	  "largest first." },
	{ "agenda.health_drop_7d", KEY_INT, F(agenda_health_drop_7d), 0, "5", 1, 100, 0, 0, NULL,
	  CHECK_NONE,
	  "The agenda lists an account whose health score fell by at least this many points\n"
	  "over the last 7 days, 1-100." },
	{ "agenda.health_drop_28d", KEY_INT, F(agenda_health_drop_28d), 0, "10", 1, 100, 0, 0, NULL,
	  CHECK_NONE,
	  "... or by at least this many points over the last 28 days, 1-100." },
	{ "agenda.risk_days", KEY_INT, F(agenda_risk_days), 0, "14", 1, 365, 0, 0, NULL, CHECK_NONE,
	  "The agenda lists the risks teammates opened or escalated in the last this many\n"
	  "days (still open), 1-365." },
	{ "agenda.onboarding_days", KEY_INT, F(agenda_onboarding_days), 0, "42", 1, 730, 0, 0, NULL,
	  CHECK_NONE,
	  "An account in stage onboarding whose first metric is older than this many days\n"
	  "and whose active seats are below onboarding.activation is stuck, 1-730." },
	{ "agenda.season_days", KEY_INT, F(agenda_season_days), 0, "30", 1, 180, 0, 0, NULL,
	  CHECK_NONE,
	  "The key feature's season: the run of days the key feature was used last year\n"
	  "(uses less than 31 days apart), a year on. Listed from this many days before\n"
	  "it starts until the feature is used this year (or the season is over), 1-180." },
	{ "calendar.alarm_minutes", KEY_INT, F(calendar_alarm_minutes), 0, "15", 0, 10080, 0, 0, NULL,
	  CHECK_NONE,
	  "`csconsole agenda --format ics`: a touchpoint with a time (touch --time) gets an\n"
	  "alarm this many minutes before it starts, 0-10080 (a week); 0: no alarm.\n"
	  "Touchpoints without a time stay all-day events, without an alarm." },
	{ "calendar.meeting_minutes", KEY_INT, F(calendar_meeting_minutes), 0, "30", 5, 1440, 0, 0, NULL,
	  CHECK_NONE,
	  "How long a touchpoint with a time lasts in the calendar export, 5-1440 minutes." },
	{ "risk_categories", KEY_STR_LIST, F(risk_categories), 0,
	  "[outcome_not_reached, hard_to_use, adoption_support, roi_unproven, missing_feature, "
	  "champion_left, priority_dropped, bad_interaction, competitor, budget]",
	  0, 0, 1, 64, NULL, CHECK_IDENT,
	  "The categories a risk note can take: snake_case ids (a-z, 0-9, _), 1 to 64 of them.\n"
	  "The defaults are the common churn causes: expected outcome not reached, hard to use,\n"
	  "not enough support to adopt, ROI unproven, missing feature, champion/sponsor left,\n"
	  "priority dropped, bad last interaction, competitor, budget." },
	{ "sentiment.labels", KEY_STR_LIST, F(sentiment_labels), 0,
	  "[very negative, negative, neutral, positive, very positive]",
	  0, 0, 2, CONFIG_MAX_SENTIMENT, NULL, CHECK_NONE,
	  "The sentiment scale, worst first: 2 to 9 labels; a note's sentiment is 1 for the\n"
	  "first label up to the number of labels for the last." },
	{ "feedback.areas", KEY_STR_LIST, F(feedback_areas), 0,
	  "[onboarding, reporting, integrations, permissions, billing, mobile, performance]",
	  0, 0, 1, 64, NULL, CHECK_IDENT,
	  "The product areas a customer's feedback is about (csconsole feedback --area):\n"
	  "snake_case ids (a-z, 0-9, _), 1 to 64 of them. The feedback report groups by them." },
	{ "sync_on_start", KEY_CHOICE, F(sync_on_start), 0, "true", 0, 0, 0, 0, bool_names, CHECK_NONE,
	  "true: the console runs a sync in the background when it opens (the screen\n"
	  "never waits for it; R syncs again at any time). false: only R syncs." },
	{ "sync.silent_days", KEY_INT, F(sync_silent_days), 0, "14", 1, 3650, 0, 0, NULL, CHECK_NONE,
	  "`csconsole sync --status` says plainly when a teammate has written nothing for\n"
	  "more than this many days (their newest event), 1-3650: their csconsole may have\n"
	  "stopped syncing, or they are away." },
	{ "feeds.settle_seconds", KEY_INT, F(feeds_settle_seconds), 0, "2", 0, 600, 0, 0, NULL,
	  CHECK_NONE,
	  "A feed file modified less than this many seconds ago may still be being\n"
	  "written: the sync waits until it is this old and imports it only if it did\n"
	  "not change meanwhile (otherwise the next sync tries again), 0-600; 0: no wait." },
	{ "feeds.hold_percent", KEY_INT, F(feeds_hold_percent), 0, "10", 0, 100, 0, 0, NULL,
	  CHECK_NONE,
	  "An accounts or team import that would mark more than this percentage of the\n"
	  "active accounts or CSMs inactive is held back (nothing applied) until the same\n"
	  "file is seen at a later sync or accepted with csconsole sync --accept FILE,\n"
	  "0-100; 0: never held. So is a metrics import that would change more than this\n"
	  "percentage of the values it replaces of one metric by more than hold_factor." },
	{ "feeds.hold_factor", KEY_INT, F(feeds_hold_factor), 0, "10", 2, 1000, 0, 0, NULL,
	  CHECK_NONE,
	  "The factor (up or down) beyond which a replaced metric value counts as an\n"
	  "implausible change for feeds.hold_percent, 2-1000." },
	{ "feeds.encoding", KEY_NAME, F(feeds_encoding), 0, "auto", 0, 0, 0, 0, textenc_names,
	  CHECK_NONE,
	  "The encoding of CSV feeds: auto reads UTF-8 (with or without a byte order mark),\n"
	  "UTF-16 with a byte order mark (Excel's Unicode text) and, when a file is not\n"
	  "UTF-8, CP932/Shift_JIS (Excel on Japanese Windows). Name another to read files\n"
	  "in it: utf-8, utf-16, cp932, shift_jis, euc-jp, windows-1252, iso-8859-1 or\n"
	  "iso-8859-15. YAML feeds are always UTF-8." },
	{ "feeds.number_format", KEY_CHOICE, F(feeds_number_format), 0, "1,234.56", 0, 0, 0, 0,
	  crm_number_formats, CHECK_NONE,
	  "How the feeds write numbers and amounts, by how they write 1234.56: \"1,234.56\"\n"
	  "(',' groups thousands, '.' is the decimal point), \"1.234,56\" (German, Spanish,\n"
	  "Italian...) or \"1 234,56\" (French; a no-break space groups as well). Numbers\n"
	  "without grouping (1234.56, or 1234,56 for the latter two) are read too." },
	{ "feeds.date_order", KEY_CHOICE, F(feeds_date_order), 0, "auto", 0, 0, 0, 0,
	  date_order_names, CHECK_NONE,
	  "The order of day and month in feed dates like 03/04/2027: mdy (month first, as\n"
	  "US exports write), dmy (day first) or ymd (only year-first dates). auto reads\n"
	  "the unambiguous ones (3/31/2027, 31/03/2027) and refuses 03/04/2027. ISO dates\n"
	  "(2027-03-31), Excel serial numbers, 2027年3月31日 and timestamps are always read." },
	{ "feeds.currency", KEY_STRING, F(feeds_currency), 0, "\"\"", 0, 0, 0, 3, NULL,
	  CHECK_CURRENCY,
	  "The currency (an ISO 4217 code: JPY, USD, EUR...) of an account's ARR when the\n"
	  "accounts feed has no currency column and the amount names none (\"¥12,000,000\"\n"
	  "names JPY). Empty: such an amount is refused." },
	{ "feeds.accounts.preset", KEY_NAME, F(feed_map[PRESET_ACCOUNTS].preset), 0, "csconsole",
	  0, 0, 0, 0, preset_names, CHECK_NONE,
	  "The CRM export feeds/accounts.csv comes from, whose column names csconsole\n"
	  "knows: csconsole (its own names), salesforce (report export labels such as\n"
	  "\"Account Name\", and Data Loader API names such as Name, OwnerId,\n"
	  "AnnualRevenue, Contract_End_Date__c) or hubspot (companies export: \"Record ID\",\n"
	  "\"Company name\", \"Company owner\"...). docs/feeds.md lists every name." },
	{ "feeds.accounts.columns", KEY_STR_MAP, F(feed_map[PRESET_ACCOUNTS].columns), 0, "{}",
	  0, 0, 0, 256, preset_account_fields, CHECK_MAP_KEYS,
	  "Your own column names, over the preset's: a field (id, name, segment,\n"
	  "touch_model, stage, arr, currency, renewal_date, main_owner, sub_owner, seats,\n"
	  "champion, champion_email, champion_status, contacts, outcome, outcome_date)\n"
	  "and the header that holds it, e.g. {renewal_date: \"Renewal__c\"}. A field\n"
	  "mapped here is found by that header only. Columns no field takes are ignored\n"
	  "(csconsole doctor lists them)." },
	{ "feeds.accounts.values.touch_model", KEY_STR_MAP, F(feed_map[PRESET_ACCOUNTS].touch_model), 0,
	  "{}", 0, 0, 0, 256, preset_touch_models, CHECK_MAP_VALUES,
	  "Touch models as your CRM writes them, and what they are: high, low or tech,\n"
	  "e.g. {\"Enterprise CSM\": high, Pooled: low}. Matched ignoring case and blanks,\n"
	  "over the preset's (\"High Touch\", \"Low Touch\", \"Tech Touch\"...)." },
	{ "feeds.accounts.values.stage", KEY_STR_MAP, F(feed_map[PRESET_ACCOUNTS].stage), 0,
	  "{}", 0, 0, 0, 256, preset_stages, CHECK_MAP_VALUES,
	  "Stages as your CRM writes them, and what they are: onboarding, adoption,\n"
	  "expansion or renewal, e.g. {Kickoff: onboarding}. Matched ignoring case and\n"
	  "blanks, over the preset's (\"Onboarding\", \"導入\", \"活用\", \"更新\"...)." },
	{ "feeds.team.columns", KEY_STR_MAP, F(feed_map[PRESET_TEAM].columns), 0, "{}",
	  0, 0, 0, 256, preset_team_fields, CHECK_MAP_KEYS,
	  "Your own key names in feeds/team.yaml: a field (handle, name, email, team,\n"
	  "absences) and the key that holds it, e.g. {name: full_name}." },
	{ "feeds.metrics.preset", KEY_NAME, F(feed_map[PRESET_METRICS].preset), 0, "csconsole",
	  0, 0, 0, 0, preset_names, CHECK_NONE,
	  "The column names of the metrics feed's CSV files: csconsole, salesforce\n"
	  "(\"Account ID\" for account) or hubspot (\"Record ID\")." },
	{ "feeds.metrics.columns", KEY_STR_MAP, F(feed_map[PRESET_METRICS].columns), 0, "{}",
	  0, 0, 0, 256, preset_metric_fields, CHECK_MAP_KEYS,
	  "Your own column names in the metrics feed: a field (account, date, metric,\n"
	  "value) and the header (or YAML key) that holds it, e.g. {account: \"Company\"}." },
	{ "reports.currency", KEY_STRING, F(reports_currency), 0, "USD", 0, 0, 0, 3, NULL,
	  CHECK_CURRENCY,
	  "The reporting currency (an ISO 4217 code) of the team lead's reports: the\n"
	  "retention figures and the forecast's totals are in it, other currencies\n"
	  "converted with reports.rates. Empty: the reports refuse to convert." },
	{ "reports.rates", KEY_STR_MAP, F(reports_rates), 0, "{}", 0, 0, 0, 32, NULL, CHECK_MAP_RATES,
	  "Exchange rates into reports.currency: the value of one unit of a currency,\n"
	  "e.g. {JPY: 0.0067, EUR: 1.08} with USD. An amount in a currency without a rate\n"
	  "is left out of the converted totals, and the report says so." },
	{ "reports.forecast.weights", KEY_STR_MAP, F(forecast_weights), 0,
	  "{red: 0.5, yellow: 0.8, green: 0.95}", 0, 0, 0, 32, forecast_bands, CHECK_MAP_WEIGHTS,
	  "The renewal forecast's weighted ARR: the share of a renewal's ARR counted for\n"
	  "each health band (red, yellow, green; none: no health score), 0-1. A band left\n"
	  "out keeps its default (red 0.5, yellow 0.8, green 0.95; none as yellow)." },
	{ "columns", KEY_STR_LIST, F(columns), 0,
	  "[account, role, other, health, trend, delta, risk, blind, renewal, days, next, "
	  "sentiment, touch, stage, arr]", 0, 0, 1, PCOL_COUNT, column_names, CHECK_ALLOWED,
	  "The portfolio's columns, left to right: account, role, other, touch, stage, arr,\n"
	  "health, trend, delta, risk, blind, renewal, days, next, sentiment. account is\n"
	  "always shown, first if you leave it out. On a narrow terminal columns hide in\n"
	  "this order until the rest fit: touch, stage, arr, other, role, sentiment,\n"
	  "blind, renewal, delta, trend, risk, next, days, health (man csconsole, COLUMNS)." },
	{ "playbook", KEY_PLAYBOOK, F(playbook), 0, "[]", 0, 0, 0, 0, NULL, CHECK_NONE,
	  "Playbook rules: touchpoints csconsole creates at sync when a condition holds\n"
	  "(see docs/playbook.md). A list of {name, when, ...}; each rule makes one\n"
	  "touchpoint per condition, however often you sync." },
	/* def NULL: generated from TUI_ACTIONS (keymap_default()) */
	{ "keys", KEY_KEYMAP, F(keys), 0, NULL, 0, 0, 0, 16, NULL, CHECK_NONE,
	  "Keys of the console: an action's name and the list of keys that run it.\n"
	  "Actions left out keep their default keys; a key given to an action here is\n"
	  "taken away from the action it had by default. A key is a printable character\n"
	  "(j, G, \"?\"), C-a to C-z (Ctrl), F1 to F12, Up, Down, Left, Right, PgUp, PgDn,\n"
	  "Home, End, Enter, Esc, Tab, Space, Backspace, Delete or Insert.\n"
	  "The help screen (?) lists the keys in force." },
};

#undef F

#define KEY_COUNT ARRAY_SIZE(config_keys)

/* Limits for a config file: small, flat, hand-written. */
static const struct ylimits config_limits = {
	.max_depth = 8, .max_nodes = 10000, .max_scalar = 64 * 1024,
};

#define FIELD(cfg, k, type) ((type *)((char *)(cfg) + (k)->off))
#define CFIELD(cfg, k, type) ((const type *)((const char *)(cfg) + (k)->off))

/* --- the table's accessors -------------------------------------------------- */

size_t config_key_count(void)
{
	return KEY_COUNT;
}

const char *config_key_name(size_t i)
{
	return i < KEY_COUNT ? config_keys[i].name : NULL;
}

const char *config_key_help(size_t i)
{
	return i < KEY_COUNT ? config_keys[i].help : NULL;
}

static const char *keymap_default(void);

/* A key's default as YAML text: the table's, or the one generated for the keymap. */
static const char *model_default(void);

static const char *key_def(const struct config_key *k)
{
	if (k->type == KEY_KEYMAP)
		return keymap_default();
	if (k->type == KEY_HEALTH_MODEL)
		return model_default();
	return k->def;
}

const char *config_key_default(size_t i)
{
	return i < KEY_COUNT ? key_def(&config_keys[i]) : NULL;
}

int config_key_find(const char *name)
{
	for (size_t i = 0; i < KEY_COUNT; i++)
		if (strcmp(config_keys[i].name, name) == 0)
			return (int)i;
	return -1;
}

enum config_source config_key_source(const struct config *cfg, size_t i)
{
	if (!cfg->sources || i >= KEY_COUNT)
		return SRC_DEFAULT;
	return (enum config_source)cfg->sources[i];
}

const char *config_source_name(enum config_source src)
{
	switch (src) {
	case SRC_DEFAULT: return "default";
	case SRC_FILE:    return "file";
	case SRC_ENV:     return "env";
	case SRC_DERIVED: return "derived";
	case SRC_OPTION:  return "option";
	}
	return "?";
}

const char *config_file_how(enum config_source file_source)
{
	switch (file_source) {
	case SRC_FILE:    return "named by --config";
	case SRC_ENV:     return "named by $CSCONSOLE_CONFIG";
	case SRC_DERIVED: return "found in the XDG config directory";
	case SRC_DEFAULT: return "built-in defaults";
	case SRC_OPTION:  break;
	}
	return "?";
}

/* --- parsing one value -------------------------------------------------------- */

struct loadctx {
	struct config *cfg;
	const char *file;            /* for messages; NULL for built-in defaults */
	struct diag_list *diags;
	struct { unsigned line, col; } marks[KEY_COUNT];   /* where set in this file */
};

static void bad(struct loadctx *lc, const struct ynode *at, const char *fmt, ...) PRINTF_LIKE(3, 4);
static void bad(struct loadctx *lc, const struct ynode *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(lc->diags, DIAG_ERROR, lc->file ? lc->file : "built-in default",
		  at ? at->line : 0, at ? at->col : 0, fmt, ap);
	va_end(ap);
}

/* "a, b or c" from a NULL-terminated list. Caller frees. */
static char *join_or(const char *const *names)
{
	struct sbuf b = {0};
	size_t n = 0;
	while (names[n])
		n++;
	for (size_t i = 0; i < n; i++) {
		if (i)
			sbuf_adds(&b, i + 1 == n ? " or " : ", ");
		sbuf_adds(&b, names[i]);
	}
	return b.data ? b.data : xstrdup("");
}

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

static bool is_ident(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* The text of a scalar node, "" for a plain null; NULL (after a diag naming
 * `expected`) when the node is not a scalar. */
static const char *scalar_text(struct loadctx *lc, const struct config_key *k,
			       const struct ynode *v, const char *expected)
{
	if (v->type != YNODE_SCALAR) {
		bad(lc, v, "%s must be %s, not %s", k->name, expected, ynode_kind(v));
		return NULL;
	}
	return ynode_is_null(v) ? "" : v->scalar;
}

/* A path as written, resolved: "~/" is home, relative is from the file's directory. */
static char *resolve_path(const char *file, const char *s)
{
	const char *slash;
	if (!*s)
		return xstrdup("");
	if (s[0] == '~' && (s[1] == '/' || s[1] == '\0'))
		return path_expand_home(s);
	if (s[0] == '/' || !file || !(slash = strrchr(file, '/')))
		return xstrdup(s);
	char *dir = xstrndup(file, (size_t)(slash - file) + 1);
	char *out = path_join(dir, s);
	free(dir);
	return out;
}

static int parse_text(struct loadctx *lc, const struct config_key *k, const struct ynode *v)
{
	const char *s;
	char *val;

	if (k->type == KEY_NAME || k->type == KEY_CHOICE) {
		char *names = join_or(k->allowed);
		size_t i;
		int rc = -1;
		if (v->type != YNODE_SCALAR) {
			bad(lc, v, "%s must be one of %s, not %s", k->name, names, ynode_kind(v));
			free(names);
			return -1;
		}
		for (i = 0; k->allowed[i]; i++)
			if (strcmp(v->scalar, k->allowed[i]) == 0)
				break;
		if (!k->allowed[i]) {
			bad(lc, v, "%s must be one of %s, not \"%s\"", k->name, names, v->scalar);
		} else if (k->type == KEY_CHOICE) {
			*FIELD(lc->cfg, k, int) = (int)i;
			rc = 0;
		} else {
			free(*FIELD(lc->cfg, k, char *));
			*FIELD(lc->cfg, k, char *) = xstrdup(k->allowed[i]);
			rc = 0;
		}
		free(names);
		return rc;
	}

	if (!(s = scalar_text(lc, k, v, k->type == KEY_PATH ? "a path" : "text")))
		return -1;
	if (strlen(s) < k->min_len) {
		bad(lc, v, "%s must not be empty", k->name);
		return -1;
	}
	if (strlen(s) > k->max_len) {
		bad(lc, v, "%s is too long (%zu bytes; at most %zu)", k->name, strlen(s), k->max_len);
		return -1;
	}
	if (has_control(s)) {
		bad(lc, v, "%s must not contain control characters (tabs, newlines...)", k->name);
		return -1;
	}
	if (k->check == CHECK_CURRENCY && *s && currency_exponent(s) < 0) {
		bad(lc, v, "%s must be an ISO 4217 currency code (three capital letters: JPY, "
		    "USD, EUR...), not \"%s\"", k->name, s);
		return -1;
	}
	if (k->check == CHECK_HANDLE && *s && !handle_valid(s)) {
		bad(lc, v, "%s must be a CSM handle (lower-case a-z, 0-9, '.', '_', '-'), not \"%s\"",
		    k->name, s);
		return -1;
	}
	val = k->type == KEY_PATH ? resolve_path(lc->file, s) : xstrdup(s);
	free(*FIELD(lc->cfg, k, char *));
	*FIELD(lc->cfg, k, char *) = val;
	return 0;
}

static int parse_number(struct loadctx *lc, const struct config_key *k,
			const struct ynode *v, const char *what, long *out)
{
	long n;
	if (v->type != YNODE_SCALAR) {
		bad(lc, v, "%s must be a whole number from %ld to %ld, not %s",
		    what, k->min, k->max, ynode_kind(v));
		return -1;
	}
	if (!str_to_long(v->scalar, LONG_MIN, LONG_MAX, &n)) {
		bad(lc, v, "%s must be a whole number from %ld to %ld, not \"%s\"",
		    what, k->min, k->max, v->scalar);
		return -1;
	}
	if (n < k->min || n > k->max) {
		bad(lc, v, "%s must be from %ld to %ld, not %ld", what, k->min, k->max, n);
		return -1;
	}
	*out = n;
	return 0;
}

static int check_list(struct loadctx *lc, const struct config_key *k, const struct ynode *v,
		      const char *example)
{
	if (v->type != YNODE_SEQ) {
		bad(lc, v, "%s must be a list (e.g. %s), not %s", k->name, example, ynode_kind(v));
		return -1;
	}
	if (v->len < k->min_len || v->len > k->max_len) {
		bad(lc, v, "%s has %zu entries; it must have %zu to %zu", k->name, v->len,
		    k->min_len, k->max_len);
		return -1;
	}
	return 0;
}

static int parse_int_list(struct loadctx *lc, const struct config_key *k, const struct ynode *v)
{
	int vals[64];
	char what[96];

	if (check_list(lc, k, v, k->def) != 0)
		return -1;
	for (size_t i = 0; i < v->len; i++) {
		long n;
		str_format(what, sizeof(what), "each entry of %s", k->name);
		if (parse_number(lc, k, v->items[i], what, &n) != 0)
			return -1;
		vals[i] = (int)n;
		if (k->check == CHECK_DESCENDING && i > 0 && vals[i] >= vals[i - 1]) {
			bad(lc, v->items[i], "%s must be strictly descending (largest first): "
			    "%d follows %d", k->name, vals[i], vals[i - 1]);
			return -1;
		}
	}
	memcpy(FIELD(lc->cfg, k, int), vals, v->len * sizeof(int));
	*(int *)((char *)lc->cfg + k->count_off) = (int)v->len;
	return 0;
}

static bool name_allowed(const char *const *allowed, const char *s)
{
	for (size_t i = 0; allowed[i]; i++)
		if (str_eq(allowed[i], s))
			return true;
	return false;
}

/* "a, b, c" for messages. Caller frees. */
static char *allowed_list(const char *const *allowed)
{
	struct sbuf b = { 0 };
	for (size_t i = 0; allowed[i]; i++)
		sbuf_addf(&b, "%s%s", i ? ", " : "", allowed[i]);
	return b.data;
}

static int parse_str_list(struct loadctx *lc, const struct config_key *k, const struct ynode *v)
{
	struct strlist tmp = {0};

	if (check_list(lc, k, v, k->check == CHECK_IDENT ? "[competitor, budget]" :
			     k->check == CHECK_ALLOWED ? "[account, health]" : "[bad, good]") != 0)
		return -1;
	for (size_t i = 0; i < v->len; i++) {
		const struct ynode *e = v->items[i];
		const char *s = e->type == YNODE_SCALAR && !ynode_is_null(e) ? e->scalar : NULL;
		if (!s || !*s) {
			bad(lc, e, "each entry of %s must be %s, not %s", k->name,
			    k->check == CHECK_IDENT ? "a snake_case id" : "a label",
			    e->type == YNODE_SCALAR ? "empty" : ynode_kind(e));
			goto fail;
		}
		if (k->check == CHECK_IDENT && !is_ident(s)) {
			bad(lc, e, "each entry of %s must be a snake_case id (a-z, 0-9, _; "
			    "starting with a letter), not \"%s\"", k->name, s);
			goto fail;
		}
		if (k->check == CHECK_ALLOWED && !name_allowed(k->allowed, s)) {
			char *names = allowed_list(k->allowed);
			bad(lc, e, "%s: unknown name \"%s\"; the names are %s", k->name, s, names);
			free(names);
			goto fail;
		}
		if (has_control(s) || strlen(s) > 64) {
			bad(lc, e, "each entry of %s must be one line of at most 64 bytes", k->name);
			goto fail;
		}
		if (strlist_has(&tmp, s)) {
			bad(lc, e, "%s lists \"%s\" twice", k->name, s);
			goto fail;
		}
		strlist_add(&tmp, s);
	}
	strlist_clear(FIELD(lc->cfg, k, struct strlist));
	*FIELD(lc->cfg, k, struct strlist) = tmp;
	return 0;
fail:
	strlist_clear(&tmp);
	return -1;
}

/* --- the keymap (keys:) ------------------------------------------------------- */

#define ACTION_NAME(id, nm, keys, hint, help) [ACTION_##id] = nm,
static const char *const action_names[ACTION_COUNT] = { [ACTION_NONE] = NULL, TUI_ACTIONS(ACTION_NAME) };
#undef ACTION_NAME
#define ACTION_KEYS(id, nm, keys, hint, help) [ACTION_##id] = keys,
static const char *const action_keys[ACTION_COUNT] = { [ACTION_NONE] = NULL, TUI_ACTIONS(ACTION_KEYS) };
#undef ACTION_KEYS
#define NAMED_KEY_NAME(nm, code) nm,
static const char *const named_key_names[] = { TUI_NAMED_KEYS(NAMED_KEY_NAME) };
#undef NAMED_KEY_NAME

static void yaml_scalar(struct sbuf *b, const char *s);

/* The canonical spelling of a key name ("esc" -> "Esc", "c-F" -> "C-f"),
 * or NULL if it is not a key. Caller frees. */
static char *key_canonical(const char *name)
{
	int arg = 0;

	switch (tui_key_spec(name, &arg)) {
	case TUI_KEY_NAMED: return xstrdup(named_key_names[arg]);
	case TUI_KEY_CHAR:  return xasprintf("%c", arg);
	case TUI_KEY_CTRL:  return xasprintf("C-%c", arg);
	case TUI_KEY_FN:    return xasprintf("F%d", arg);
	case TUI_KEY_BAD:   break;
	}
	return NULL;
}

static int action_find(const char *name)
{
	for (int a = 1; a < ACTION_COUNT; a++)
		if (str_eq(action_names[a], name))
			return a;
	return -1;
}

/* "{move-down: [j, Down], ...}" */
static void keymap_render(struct sbuf *b, const struct strlist *keys)
{
	sbuf_addc(b, '{');
	for (size_t a = 1; a < ACTION_COUNT; a++) {
		sbuf_addf(b, "%s%s: [", a > 1 ? ", " : "", action_names[a]);
		for (size_t j = 0; j < keys[a].len; j++) {
			if (j)
				sbuf_adds(b, ", ");
			yaml_scalar(b, keys[a].items[j]);
		}
		sbuf_addc(b, ']');
	}
	sbuf_addc(b, '}');
}

/* The default map, generated once from TUI_ACTIONS so it cannot drift. */
static const char *keymap_default(void)
{
	static char *text;
	struct strlist keys[ACTION_COUNT];
	struct sbuf b = {0};

	if (text)
		return text;
	memset(keys, 0, sizeof(keys));
	for (size_t a = 1; a < ACTION_COUNT; a++) {
		char *copy = xstrdup(action_keys[a]), *save = NULL;
		for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
			strlist_add(&keys[a], t);
		free(copy);
	}
	keymap_render(&b, keys);
	for (size_t a = 0; a < ACTION_COUNT; a++)
		strlist_clear(&keys[a]);
	text = b.data;
	return text;
}

static char *action_list(void)
{
	struct sbuf b = {0};
	for (size_t a = 1; a < ACTION_COUNT; a++)
		sbuf_addf(&b, "%s%s", a > 1 ? ", " : "", action_names[a]);
	return b.data;
}

/* Parses `keys:`: each action named gets exactly its list; a key it takes
 * leaves the action that had it (unless that action is named here too, which
 * is an error: one key, one action). All problems are reported; on any, the
 * map stays as it was. */
static int parse_keymap(struct loadctx *lc, const struct config_key *k, const struct ynode *v)
{
	struct strlist *cur = FIELD(lc->cfg, k, struct strlist);
	struct strlist tmp[ACTION_COUNT];
	const struct ynode *where[ACTION_COUNT];     /* the value node of each action named */
	size_t errors = lc->diags->errors;

	if (v->type != YNODE_MAP) {
		if (ynode_is_null(v))
			return 0;
		bad(lc, v, "%s must be a mapping of action names to lists of keys "
		    "(e.g. {quit: [q, Esc], move-down: [j, Down]}), not %s", k->name, ynode_kind(v));
		return -1;
	}
	memset(tmp, 0, sizeof(tmp));
	memset(where, 0, sizeof(where));
	for (size_t i = 0; i + 1 < v->len; i += 2) {
		const struct ynode *an = v->items[i], *kl = v->items[i + 1];
		int a = an->type == YNODE_SCALAR ? action_find(an->scalar) : -1;
		if (a < 0) {
			char *names = action_list();
			bad(lc, an, "unknown action \"%s\" in %s; the actions are: %s", an->type == YNODE_SCALAR ? an->scalar : ynode_kind(an),
			    k->name, names);
			free(names);
			continue;
		}
		where[a] = kl;              /* a name given twice is refused by yamldoc */
		/* one key may be written without the list */
		size_t n = kl->type == YNODE_SEQ ? kl->len : 1;
		if (kl->type == YNODE_MAP || (kl->type == YNODE_SCALAR && ynode_is_null(kl))) {
			bad(lc, kl, "%s.%s must be a list of keys (e.g. [q, Esc]), not %s",
			    k->name, action_names[a], ynode_kind(kl));
			continue;
		}
		if (n > k->max_len) {
			bad(lc, kl, "%s.%s has %zu keys; at most %zu", k->name, action_names[a], n, k->max_len);
			continue;
		}
		for (size_t j = 0; j < n; j++) {
			const struct ynode *e = kl->type == YNODE_SEQ ? kl->items[j] : kl;
			char *key = e->type == YNODE_SCALAR && !ynode_is_null(e) ? key_canonical(e->scalar) : NULL;
			if (!key) {
				bad(lc, e, "%s.%s: \"%s\" is not a key; a key is %s", k->name, action_names[a],
				    e->type == YNODE_SCALAR ? e->scalar : ynode_kind(e), TUI_KEY_SYNTAX);
				continue;
			}
			for (size_t b = 1; b < ACTION_COUNT; b++) {
				if (b != (size_t)a && strlist_has(&tmp[b], key)) {
					bad(lc, e, "key %s is given to both %s.%s and %s.%s; a key runs one action",
					    key, k->name, action_names[b], k->name, action_names[a]);
					break;
				}
			}
			if (!strlist_has(&tmp[a], key))
				strlist_add(&tmp[a], key);
			free(key);
		}
		if (a == ACTION_QUIT && tmp[a].len == 0 && lc->diags->errors == errors)
			bad(lc, kl, "%s.quit needs at least one key, else a view cannot be closed", k->name);
	}
	if (lc->diags->errors > errors) {
		for (size_t a = 0; a < ACTION_COUNT; a++)
			strlist_clear(&tmp[a]);
		return -1;
	}
	for (size_t a = 1; a < ACTION_COUNT; a++) {
		if (where[a]) {
			strlist_clear(&cur[a]);
			cur[a] = tmp[a];
			continue;
		}
		/* keys taken by an action named here leave the others */
		struct strlist kept = {0};
		for (size_t j = 0; j < cur[a].len; j++) {
			bool taken = false;
			for (size_t b = 1; b < ACTION_COUNT && !taken; b++)
				taken = where[b] && strlist_has(&tmp[b], cur[a].items[j]);
			if (!taken)
				strlist_add(&kept, cur[a].items[j]);
		}
		strlist_clear(&cur[a]);
		cur[a] = kept;
	}
	return 0;
}

/* reports.rates and reports.forecast.weights: an entry's key and number.
 * True (after saying why) when the entry is refused. */
static bool map_number_bad(struct loadctx *lc, const struct config_key *k, const struct ynode *kn,
			   const struct ynode *vn, const char *key, const char *val)
{
	char *end;
	double d = strtod(val, &end);
	if (k->check == CHECK_MAP_RATES && currency_exponent(key) < 0) {
		bad(lc, kn, _("%s: \"%s\" is not an ISO 4217 currency code (JPY, EUR, GBP...)"),
		    k->name, key);
		return true;
	}
	if (end == val || *end || !isfinite(d) ||
	    (k->check == CHECK_MAP_RATES ? d <= 0 : d < 0 || d > 1)) {
		if (k->check == CHECK_MAP_RATES)
			bad(lc, vn, _("%s.%s: \"%s\" is not a rate: give a number above 0, the value of one %s "
				      "in the reporting currency (e.g. 0.0067)"), k->name, key, val, key);
		else
			bad(lc, vn, _("%s.%s: \"%s\" is not a weight: give a number from 0 to 1 (0.8 counts "
				      "80%% of the ARR)"), k->name, key, val);
		return true;
	}
	return false;
}

/* Parses {name: text, ...} into pairs (k->allowed checks the names or the
 * values); on any problem the map stays as it was. */
static int parse_str_map(struct loadctx *lc, const struct config_key *k, const struct ynode *v)
{
	struct strlist tmp = {0};
	size_t errors = lc->diags->errors;
	char *names = k->allowed ? join_or(k->allowed) : xstrdup("");

	if (v->type != YNODE_MAP && !ynode_is_null(v)) {
		if (k->check == CHECK_MAP_RATES || k->check == CHECK_MAP_WEIGHTS)
			bad(lc, v, _("%s must be a mapping of numbers (e.g. {%s: 0.5}), not %s"), k->name,
			    k->allowed ? k->allowed[0] : "EUR", ynode_kind(v));
		else
			bad(lc, v, "%s must be a mapping (e.g. {%s: \"Your Header\"}), not %s", k->name,
			    k->allowed[0], ynode_kind(v));
		free(names);
		return -1;
	}
	for (size_t i = 0; v->type == YNODE_MAP && i + 1 < v->len; i += 2) {
		const struct ynode *kn = v->items[i], *vn = v->items[i + 1];
		const char *key = kn->type == YNODE_SCALAR && !ynode_is_null(kn) ? kn->scalar : NULL;
		const char *val = vn->type == YNODE_SCALAR && !ynode_is_null(vn) ? vn->scalar : NULL;
		const char *check = k->check == CHECK_MAP_KEYS || k->check == CHECK_MAP_WEIGHTS ? key : val;
		size_t a;
		if (!key || !val || !*key || !*val) {
			bad(lc, key ? vn : kn, "%s: each entry is a name and a text, not %s", k->name,
			    ynode_kind(key ? vn : kn));
			continue;
		}
		if (strlen(key) > k->max_len || strlen(val) > k->max_len || has_control(key) ||
		    has_control(val)) {
			bad(lc, vn, "%s.%s: at most %zu bytes, without control characters", k->name,
			    key, k->max_len);
			continue;
		}
		if (k->check == CHECK_MAP_RATES || k->check == CHECK_MAP_WEIGHTS) {
			if (map_number_bad(lc, k, kn, vn, key, val))
				continue;
			if (k->check == CHECK_MAP_RATES) {
				strlist_add(&tmp, key);
				strlist_add(&tmp, val);
				continue;
			}
		}
		for (a = 0; k->allowed[a]; a++)
			if (strcmp(check, k->allowed[a]) == 0)
				break;
		if (!k->allowed[a]) {
			bad(lc, k->check == CHECK_MAP_KEYS || k->check == CHECK_MAP_WEIGHTS ? kn : vn, "%s: \"%s\" is not one of %s",
			    k->name, check, names);
			continue;
		}
		for (size_t j = 0; k->check == CHECK_MAP_KEYS && j + 1 < tmp.len; j += 2)
			if (strcasecmp(tmp.items[j + 1], val) == 0)
				bad(lc, vn, "%s: %s and %s both name the column \"%s\"; a column "
				    "holds one field", k->name, tmp.items[j], key, val);
		strlist_add(&tmp, key);
		strlist_add(&tmp, val);
	}
	free(names);
	if (lc->diags->errors > errors) {
		strlist_clear(&tmp);
		return -1;
	}
	strlist_clear(FIELD(lc->cfg, k, struct strlist));
	*FIELD(lc->cfg, k, struct strlist) = tmp;
	return 0;
}

/* Parses v into key k; on failure adds an error and leaves the value as it was. */
static int key_set(struct loadctx *lc, size_t idx, const struct ynode *v)
{
	const struct config_key *k = &config_keys[idx];
	long n;

	switch (k->type) {
	case KEY_STRING:
	case KEY_PATH:
	case KEY_NAME:
	case KEY_CHOICE:
		return parse_text(lc, k, v);
	case KEY_INT:
		if (parse_number(lc, k, v, k->name, &n) != 0)
			return -1;
		*FIELD(lc->cfg, k, int) = (int)n;
		return 0;
	case KEY_INT_LIST:
		return parse_int_list(lc, k, v);
	case KEY_STR_LIST:
		return parse_str_list(lc, k, v);
	case KEY_STR_MAP:
		return parse_str_map(lc, k, v);
	case KEY_KEYMAP:
		return parse_keymap(lc, k, v);
	case KEY_HEALTH_MODEL:
		return health_params_parse(v, k->name, lc->file, lc->diags, FIELD(lc->cfg, k, struct health_params));
	case KEY_HEALTH_OVERRIDES:
		return health_overrides_parse(v, k->name, lc->file, lc->diags,
					      FIELD(lc->cfg, k, struct health_overrides));
	case KEY_PLAYBOOK:
		return playbook_rules_parse(v, k->name, lc->file, lc->diags, FIELD(lc->cfg, k, struct playbook_rules));
	}
	return -1;
}

/* The built-in model as YAML flow text, rendered once from health.h's table. */
static const char *model_default(void)
{
	static char *text;
	if (!text) {
		struct health_params p;
		struct sbuf b = {0};
		health_params_default(&p);
		health_params_render(&b, &p);
		text = b.data;
	}
	return text;
}

/* --- the file ---------------------------------------------------------------------- */

/* The next name segments of keys under prefix ("" = top level), "a, b, c". */
static char *child_names(const char *prefix)
{
	struct strlist names = {0};
	size_t plen = strlen(prefix);
	for (size_t i = 0; i < KEY_COUNT; i++) {
		const char *n = config_keys[i].name;
		if (plen && !(strncmp(n, prefix, plen) == 0 && n[plen] == '.'))
			continue;
		const char *seg = plen ? n + plen + 1 : n;
		const char *dot = strchr(seg, '.');
		char *part = dot ? xstrndup(seg, (size_t)(dot - seg)) : xstrdup(seg);
		if (!strlist_has(&names, part))
			strlist_add(&names, part);
		free(part);
	}
	char *out = strlist_join(&names, ", ");
	strlist_clear(&names);
	return out;
}

static bool is_group(const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; i < KEY_COUNT; i++)
		if (strncmp(config_keys[i].name, name, len) == 0 && config_keys[i].name[len] == '.')
			return true;
	return false;
}

static void walk(struct loadctx *lc, const struct ynode *map, const char *prefix)
{
	for (size_t i = 0; i + 1 < map->len; i += 2) {
		const struct ynode *kn = map->items[i], *v = map->items[i + 1];
		if (kn->type != YNODE_SCALAR) {
			bad(lc, kn, "a key must be a name, not %s", ynode_kind(kn));
			continue;
		}
		char *full = *prefix ? xasprintf("%s.%s", prefix, kn->scalar) : xstrdup(kn->scalar);
		int idx = config_key_find(full);
		if (idx >= 0) {
			if (lc->marks[idx].line)
				diag_add(lc->diags, DIAG_WARNING, lc->file, kn->line, kn->col,
					 "%s is set twice (first at line %u); the last value is used",
					 full, lc->marks[idx].line);
			if (key_set(lc, (size_t)idx, v) == 0) {
				lc->cfg->sources[idx] = SRC_FILE;
				lc->marks[idx].line = v->line;
				lc->marks[idx].col = v->col;
			}
		} else if (is_group(full)) {
			if (v->type == YNODE_MAP) {
				walk(lc, v, full);
			} else if (!ynode_is_null(v)) {
				char *names = child_names(full);
				bad(lc, v, "%s must be a mapping with the keys %s, not %s",
				    full, names, ynode_kind(v));
				free(names);
			}
		} else {
			char *names = child_names(prefix);
			diag_add(lc->diags, DIAG_WARNING, lc->file, kn->line, kn->col,
				 "unknown key \"%s\" (ignored); the keys %s are: %s", full,
				 *prefix ? "here" : "at the top level", names);
			free(names);
		}
		free(full);
	}
}

/* Cross-key rules: the upper key's value must exceed the lower key's. On a
 * conflict both go back to what they were before this file. */
static const struct {
	const char *lower, *upper, *why;
} ordered_pairs[] = {
	{ "health.bands.red", "health.bands.yellow",
	  "scores up to red are red, up to yellow are yellow, above are green" },
	{ "health.blind_spots.usage_low", "health.blind_spots.usage_healthy",
	  "usage below usage_low is low, at or above usage_healthy is healthy" },
};

struct pair_before {
	int lower, upper;
	enum config_source src_lower, src_upper;
};

static int *int_key(struct config *cfg, const char *name)
{
	return FIELD(cfg, &config_keys[config_key_find(name)], int);
}

static void check_pairs(struct loadctx *lc, const struct pair_before *before)
{
	struct config *cfg = lc->cfg;
	for (size_t i = 0; i < ARRAY_SIZE(ordered_pairs); i++) {
		int il = config_key_find(ordered_pairs[i].lower), iu = config_key_find(ordered_pairs[i].upper);
		int *lo = int_key(cfg, ordered_pairs[i].lower), *up = int_key(cfg, ordered_pairs[i].upper);
		if (*up > *lo)
			continue;
		int at = lc->marks[iu].line ? iu : il;
		diag_add(lc->diags, DIAG_ERROR, lc->file, lc->marks[at].line, lc->marks[at].col,
			 "%s (%d) must be greater than %s (%d): %s", ordered_pairs[i].upper, *up,
			 ordered_pairs[i].lower, *lo, ordered_pairs[i].why);
		*lo = before[i].lower;
		*up = before[i].upper;
		cfg->sources[il] = (unsigned char)before[i].src_lower;
		cfg->sources[iu] = (unsigned char)before[i].src_upper;
	}
}

int config_load_file(struct config *cfg, const char *path, struct diag_list *diags)
{
	struct loadctx lc = { .cfg = cfg, .file = path, .diags = diags };
	struct pair_before before[ARRAY_SIZE(ordered_pairs)];
	struct ynode *root = NULL;
	size_t errors = diags->errors;

	if (!cfg->sources)
		cfg->sources = xcalloc(KEY_COUNT, 1);
	if (ydoc_load_file(path, &config_limits, &root, diags) != 0)
		return -1;
	if (!root)
		return 0;                    /* an empty file: nothing changes */
	if (root->type != YNODE_MAP) {
		bad(&lc, root, "the configuration must be a mapping of keys to values "
		    "(e.g. \"theme: dark\"), not %s", ynode_kind(root));
		ynode_free(root);
		return -1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(ordered_pairs); i++) {
		before[i].lower = *int_key(cfg, ordered_pairs[i].lower);
		before[i].upper = *int_key(cfg, ordered_pairs[i].upper);
		before[i].src_lower = config_key_source(cfg, (size_t)config_key_find(ordered_pairs[i].lower));
		before[i].src_upper = config_key_source(cfg, (size_t)config_key_find(ordered_pairs[i].upper));
	}
	walk(&lc, root, "");
	check_pairs(&lc, before);
	ynode_free(root);
	return diags->errors > errors ? -1 : 0;
}

void config_defaults(struct config *cfg)
{
	struct loadctx lc = { .cfg = cfg };
	struct diag_list diags = {0};

	memset(cfg, 0, sizeof(*cfg));
	cfg->sources = xcalloc(KEY_COUNT, 1);
	cfg->file_source = SRC_DEFAULT;
	lc.diags = &diags;
	for (size_t i = 0; i < KEY_COUNT; i++) {
		struct ynode *v = NULL;
		const char *def = key_def(&config_keys[i]);
		if (ydoc_load_string(config_keys[i].name, def, strlen(def), NULL, &v, &diags) != 0 ||
		    key_set(&lc, i, v ? v : &(struct ynode){ .type = YNODE_SCALAR, .scalar = (char *)"",
							     .plain = true }) != 0) {
			char *msg = diag_format(&diags.items[0]);
			die("built-in default of %s is invalid: %s", config_keys[i].name, msg);
		}
		ynode_free(v);
	}
}

void config_free(struct config *cfg)
{
	for (size_t i = 0; i < KEY_COUNT; i++) {
		const struct config_key *k = &config_keys[i];
		switch (k->type) {
		case KEY_STRING:
		case KEY_PATH:
		case KEY_NAME:
			free(*FIELD(cfg, k, char *));
			break;
		case KEY_STR_LIST:
		case KEY_STR_MAP:
			strlist_clear(FIELD(cfg, k, struct strlist));
			break;
		case KEY_KEYMAP:
			for (size_t a = 0; a < ACTION_COUNT; a++)
				strlist_clear(&FIELD(cfg, k, struct strlist)[a]);
			break;
		case KEY_HEALTH_OVERRIDES:
			health_overrides_clear(FIELD(cfg, k, struct health_overrides));
			break;
		case KEY_PLAYBOOK:
			playbook_rules_clear(FIELD(cfg, k, struct playbook_rules));
			break;
		default:
			break;
		}
	}
	free(cfg->file);
	free(cfg->sources);
	memset(cfg, 0, sizeof(*cfg));
}

char *config_xdg_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	/* The XDG spec: a relative XDG_CONFIG_HOME is invalid and ignored. */
	if (!str_empty(xdg) && xdg[0] == '/')
		return xasprintf("%s/csconsole/csconsole.yaml", xdg);
	if (!str_empty(home))
		return xasprintf("%s/.config/csconsole/csconsole.yaml", home);
	return NULL;
}

void config_derive(struct config *cfg)
{
	int ime = config_key_find("me"), idb = config_key_find("database");
	if (!cfg->sources)
		cfg->sources = xcalloc(KEY_COUNT, 1);
	if (str_empty(cfg->me)) {
		const char *user = getenv("USER");
		if (!str_empty(user)) {
			free(cfg->me);
			cfg->me = xstrdup(user);
			cfg->sources[ime] = SRC_DERIVED;
		}
	}
	if (str_empty(cfg->database)) {
		const char *data = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
		char *db = NULL;
		if (!str_empty(data) && data[0] == '/')
			db = xasprintf("%s/csconsole/csconsole.db", data);
		else if (!str_empty(home))
			db = xasprintf("%s/.local/share/csconsole/csconsole.db", home);
		if (db) {
			free(cfg->database);
			cfg->database = db;
			cfg->sources[idb] = SRC_DERIVED;
		}
	}
}

int config_load(struct config *cfg, const char *cli_path, struct diag_list *diags)
{
	const char *env = getenv("CSCONSOLE_CONFIG");
	size_t errors = diags->errors;
	enum config_source how = SRC_DEFAULT;
	char *path = NULL;
	struct stat st;

	config_defaults(cfg);
	if (cli_path) {
		path = path_expand_home(cli_path);
		how = SRC_FILE;
	} else if (!str_empty(env)) {
		path = path_expand_home(env);
		how = SRC_ENV;
	} else if ((path = config_xdg_path())) {
		/* The per-user file is optional; a named one is not. */
		if (stat(path, &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
			free(path);
			path = NULL;
		} else {
			how = SRC_DERIVED;
		}
	}
	if (path) {
		cfg->file = path;
		cfg->file_source = how;
		if (how != SRC_DERIVED && stat(path, &st) != 0 && errno == ENOENT)
			diag_add(diags, DIAG_ERROR, path, 0, 0,
				 "configuration file not found (%s): check the path, or remove %s "
				 "to use ~/.config/csconsole/csconsole.yaml or the built-in defaults",
				 config_file_how(how), how == SRC_FILE ? "the option" : "the variable");
		else
			config_load_file(cfg, path, diags);
	}
	config_derive(cfg);
	return diags->errors > errors ? -1 : 0;
}

/* --- rendering and comparing ---------------------------------------------------- */

/* Appends s as a YAML flow scalar: plain when unambiguous, else double-quoted. */
static void yaml_scalar(struct sbuf *b, const char *s)
{
	static const char *const reserved[] = {
		"null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE",
		"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
	};
	bool plain = *s && s[strlen(s) - 1] != ' ';
	char *end;

	if (plain) {
		unsigned char c0 = (unsigned char)s[0];
		plain = (c0 >= 0x80 || c0 == '/' || (c0 >= 'a' && c0 <= 'z') ||
			 (c0 >= 'A' && c0 <= 'Z') || c0 == '_');
	}
	for (const char *p = s; plain && *p; p++) {
		unsigned char c = (unsigned char)*p;
		plain = c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '/' ||
			(c == ' ' && p[1] != ' ');
	}
	for (size_t i = 0; plain && i < ARRAY_SIZE(reserved); i++)
		plain = strcmp(s, reserved[i]) != 0;
	if (plain && strtod(s, &end) != 0 && *end == '\0')
		plain = false;
	if (plain) {
		sbuf_adds(b, s);
		return;
	}
	sbuf_addc(b, '"');
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '"' || c == '\\')
			sbuf_addf(b, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			sbuf_addf(b, "\\x%02x", c);
		else
			sbuf_addc(b, (char)c);
	}
	sbuf_addc(b, '"');
}

char *config_key_value(const struct config *cfg, size_t i)
{
	const struct config_key *k = &config_keys[i];
	struct sbuf b = {0};

	switch (k->type) {
	case KEY_STRING:
	case KEY_PATH:
	case KEY_NAME: {
		const char *s = *CFIELD(cfg, k, char *);
		yaml_scalar(&b, s ? s : "");
		break;
	}
	case KEY_CHOICE:
		sbuf_adds(&b, k->allowed[*CFIELD(cfg, k, int)]);
		break;
	case KEY_INT:
		sbuf_addf(&b, "%d", *CFIELD(cfg, k, int));
		break;
	case KEY_INT_LIST: {
		const int *v = CFIELD(cfg, k, int);
		int n = *(const int *)((const char *)cfg + k->count_off);
		sbuf_addc(&b, '[');
		for (int j = 0; j < n; j++)
			sbuf_addf(&b, "%s%d", j ? ", " : "", v[j]);
		sbuf_addc(&b, ']');
		break;
	}
	case KEY_STR_LIST: {
		const struct strlist *l = CFIELD(cfg, k, struct strlist);
		sbuf_addc(&b, '[');
		for (size_t j = 0; j < l->len; j++) {
			if (j)
				sbuf_adds(&b, ", ");
			yaml_scalar(&b, l->items[j]);
		}
		sbuf_addc(&b, ']');
		break;
	}
	case KEY_STR_MAP: {
		const struct strlist *l = CFIELD(cfg, k, struct strlist);
		sbuf_addc(&b, '{');
		for (size_t j = 0; j + 1 < l->len; j += 2) {
			if (j)
				sbuf_adds(&b, ", ");
			yaml_scalar(&b, l->items[j]);
			sbuf_adds(&b, ": ");
			if (k->check == CHECK_MAP_RATES || k->check == CHECK_MAP_WEIGHTS)
				sbuf_adds(&b, l->items[j + 1]);   /* a number checked when read */
			else
				yaml_scalar(&b, l->items[j + 1]);
		}
		sbuf_addc(&b, '}');
		break;
	}
	case KEY_KEYMAP:
		keymap_render(&b, CFIELD(cfg, k, struct strlist));
		break;
	case KEY_HEALTH_MODEL:
		health_params_render(&b, CFIELD(cfg, k, struct health_params));
		break;
	case KEY_HEALTH_OVERRIDES:
		health_overrides_render(&b, CFIELD(cfg, k, struct health_overrides));
		break;
	case KEY_PLAYBOOK:
		playbook_rules_render(&b, CFIELD(cfg, k, struct playbook_rules));
		break;
	}
	return b.data ? b.data : xstrdup("");
}

static bool key_equal(const struct config *a, const struct config *b, const struct config_key *k)
{
	switch (k->type) {
	case KEY_STRING:
	case KEY_PATH:
	case KEY_NAME: {
		const char *x = *CFIELD(a, k, char *), *y = *CFIELD(b, k, char *);
		return str_eq(x ? x : "", y ? y : "");
	}
	case KEY_CHOICE:
	case KEY_INT:
		return *CFIELD(a, k, int) == *CFIELD(b, k, int);
	case KEY_INT_LIST: {
		int na = *(const int *)((const char *)a + k->count_off);
		int nb = *(const int *)((const char *)b + k->count_off);
		return na == nb && memcmp(CFIELD(a, k, int), CFIELD(b, k, int),
					  (size_t)na * sizeof(int)) == 0;
	}
	case KEY_STR_LIST:
	case KEY_STR_MAP:
		return strlist_eq(CFIELD(a, k, struct strlist), CFIELD(b, k, struct strlist));
	case KEY_KEYMAP:
		for (size_t i = 1; i < ACTION_COUNT; i++)
			if (!strlist_eq(&CFIELD(a, k, struct strlist)[i], &CFIELD(b, k, struct strlist)[i]))
				return false;
		return true;
	case KEY_HEALTH_MODEL:
	case KEY_HEALTH_OVERRIDES:
	case KEY_PLAYBOOK: {
		/* structured values compare by their canonical rendering */
		size_t i = (size_t)(k - config_keys);
		char *x = config_key_value(a, i), *y = config_key_value(b, i);
		bool same = strcmp(x, y) == 0;
		free(x);
		free(y);
		return same;
	}
	}
	return false;
}

bool config_equal(const struct config *a, const struct config *b, const char **differs)
{
	for (size_t i = 0; i < KEY_COUNT; i++) {
		if (!key_equal(a, b, &config_keys[i])) {
			if (differs)
				*differs = config_keys[i].name;
			return false;
		}
	}
	if (differs)
		*differs = NULL;
	return true;
}

/* --- small helpers used across the program ------------------------------------- */

static const char *const touch_names[TOUCH_COUNT] = {
	[TOUCH_HIGH] = "high", [TOUCH_LOW] = "low", [TOUCH_TECH] = "tech",
};

const char *touch_model_name(enum touch_model t)
{
	return (unsigned)t < TOUCH_COUNT ? touch_names[t] : "?";
}

bool touch_model_parse(const char *s, enum touch_model *out)
{
	for (int t = 0; t < TOUCH_COUNT; t++) {
		if (str_eq(s, touch_names[t])) {
			*out = (enum touch_model)t;
			return true;
		}
	}
	return false;
}

const char *health_band(const struct config *cfg, double score)
{
	if (score <= cfg->band_red_max)
		return "red";
	if (score <= cfg->band_yellow_max)
		return "yellow";
	return "green";
}
