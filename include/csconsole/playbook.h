/* playbook.h - playbook rules: touchpoints csconsole schedules when a
 * condition holds (docs/playbook.md is the user's description).
 *
 * A rule (csconsole.yaml `playbook:`, a list) has a unique snake_case name,
 * a condition type `when` with its parameters, and what it schedules: a
 * touchpoint kind and a due day. The types are one table (PLAYBOOK_WHENS,
 * playbook_config.c has their parameters):
 *
 *   renewal           the renewal date is `days` days away or less
 *   band_drop         the health score dropped into a worse band (optionally
 *                     `from` a band, `into` a band) in the last `within` days
 *   score_drop        the score fell `points` points or more in `weeks` weeks
 *   season            the key yearly feature's season is `days` days away or
 *                     less and it was not used since last year's season
 *   champion_changed  the account's champion is another person, or left
 *   no_touch          no touch logged for longer than the touch model's
 *                     cadence (+ `grace` days)
 *   seats_active      an expansion signal: the latest active_seats metric
 *                     (at most `within` days old) is `percent`% or more of
 *                     the seats bought (the accounts feed's seats)
 *
 * Each time a rule's condition holds for an account it has a condition key
 * (e.g. "renewal:2027-02-20"): the rule fires once per key, ever. The
 * touchpoint's entity id is derived from (rule, account, key), so neither a
 * repeated sync nor a second device of the same CSM makes a second one.
 *
 * Rules do not stack: the rules firing for one account in one run make one
 * touchpoint (due the earliest of their due days, its note every rule's
 * reason), and a rule whose horizon (today to its due day) already holds an
 * open or snoozed touchpoint of the account makes none: it is recorded
 * against that touchpoint with its reason (playbook_fired.reason), which the
 * agenda shows with it ("also: ...").
 */
#ifndef CSCONSOLE_PLAYBOOK_H
#define CSCONSOLE_PLAYBOOK_H

#include <stddef.h>
#include "csconsole/diag.h"
#include "csconsole/util.h"
#include "csconsole/yamldoc.h"

struct store;
struct config;

/* X(id, name, help) */
#define PLAYBOOK_WHENS(X) \
	X(RENEWAL,   "renewal",          "the renewal date is `days` days away or less") \
	X(BAND_DROP, "band_drop",        "the score dropped into a worse band in the last `within` days") \
	X(SCORE_DROP,"score_drop",       "the score fell `points` points or more in `weeks` weeks") \
	X(SEASON,    "season",           "the key feature's season is `days` days away, unused since last season") \
	X(CHAMPION,  "champion_changed", "the champion is another person, or left") \
	X(NO_TOUCH,  "no_touch",         "no touch for longer than the cadence + `grace` days") \
	X(SEATS,     "seats_active",     "active seats are `percent`% or more of the seats bought")

enum playbook_when {
#define PLAYBOOK_WHEN_ENUM(id, name, help) PB_##id,
	PLAYBOOK_WHENS(PLAYBOOK_WHEN_ENUM)
#undef PLAYBOOK_WHEN_ENUM
	PB_WHEN_COUNT
};

/* The integer parameters: X(id, key, min, max, default). A rule type takes
 * some of them (playbook_config.c); default -1: required when taken. */
#define PLAYBOOK_PARAMS(X) \
	X(DAYS,       "days",       1, 730, -1) \
	X(POINTS,     "points",     1, 100, -1) \
	X(WEEKS,      "weeks",      1,  52, -1) \
	X(WITHIN,     "within",     1, 365, 28) \
	X(GRACE,      "grace",      0, 365,  0) \
	X(DUE_IN,     "due_in",     0, 365,  0) \
	X(DUE_BEFORE, "due_before", 0, 365, -1) \
	X(PERCENT,    "percent",    1, 1000, -1)

enum playbook_param {
#define PLAYBOOK_PARAM_ENUM(id, key, min, max, def) PBP_##id,
	PLAYBOOK_PARAMS(PLAYBOOK_PARAM_ENUM)
#undef PLAYBOOK_PARAM_ENUM
	PBP_COUNT
};

#define PLAYBOOK_NAME_MAX 40
#define PLAYBOOK_NOTE_MAX 200
#define PLAYBOOK_RULES_MAX 64

/* Bands as ranks: worse is lower. */
enum playbook_band { PB_BAND_ANY = -1, PB_BAND_RED, PB_BAND_YELLOW, PB_BAND_GREEN };

struct playbook_rule {
	char name[PLAYBOOK_NAME_MAX + 1];
	enum playbook_when when;
	int param[PBP_COUNT];          /* -1: not set (not taken by this type) */
	int from, into;                /* band_drop: enum playbook_band */
	char kind[16];                 /* a touchpoint kind (event_touch_kinds) */
	char *note;                    /* added to the touchpoint's note; NULL: none (owned) */
};

struct playbook_rules {
	struct playbook_rule *items;
	size_t len;
};

/* csconsole.yaml `playbook:`: parse (file:line:col errors to diags naming
 * key; -1 without touching *out on any error; on success *out is replaced
 * and its old value freed), render as YAML flow text that parses back to the
 * same rules (every field written, defaults included), free. */
int playbook_rules_parse(const struct ynode *v, const char *key, const char *file,
			 struct diag_list *diags, struct playbook_rules *out);
void playbook_rules_render(struct sbuf *b, const struct playbook_rules *r);
void playbook_rules_clear(struct playbook_rules *r);

const char *playbook_when_name(enum playbook_when w);
const char *playbook_param_name(enum playbook_param p);
const char *playbook_band_name(int band);          /* "red"..., "any" */

/* ---- Evaluation (playbook.c) ---- */

struct playbook_count {
	char name[PLAYBOOK_NAME_MAX + 1];
	size_t created;                /* firings into a touchpoint made by this run */
};

struct playbook_report {
	size_t rules;                  /* rules evaluated */
	size_t accounts;               /* accounts looked at (main owner me, active) */
	size_t created;                /* touchpoints scheduled by this run */
	size_t fired;                  /* conditions that fired: into a new touchpoint or attached */
	size_t attached;               /* of which attached to a touchpoint already scheduled */
	size_t repaired;               /* conditions whose touchpoint existed without a record */
	struct playbook_count *per_rule;   /* one per rule, config order (owned) */
	char *held;                    /* not run: the feeds whose import is held back (owned) */
};

/* Evaluates cfg->playbook on the active accounts whose main owner is
 * cfg->me, as of `today`: the condition keys not fired yet of an account
 * schedule one touchpoint together (a touch.schedule event by cfg->me) or
 * join one already planned inside their horizon, and are recorded in
 * playbook_fired, all in one transaction (the caller's when it holds one).
 * Nothing to do without rules or without me. 0 or -1 + error() (then nothing
 * was written). Free rep with playbook_report_free(). */
int playbook_run(struct store *st, const struct config *cfg, int today, struct playbook_report *rep);
void playbook_report_free(struct playbook_report *rep);
/* While a feed import is held back (feed.h: feed_hold), the rules do not
 * run at all: the data they would judge is in doubt until the import is
 * applied or dropped (issue 11), and rep->held names the feeds. */
/* The line `csconsole sync` prints: "playbook: 3 touchpoints (renewal_90: 2,
 * no_touch: 1)", "playbook: 2 touchpoints from 3 firings (...); 1 reason
 * added to touchpoints already scheduled", "playbook: no new touchpoints
 * (4 rules, 120 accounts)";
 * NULL when there are no rules. Caller frees. */
char *playbook_report_line(const struct playbook_report *rep);

/* A rule's stored English reason (a touchpoint's note "Playbook RULE: why",
 * playbook_fired.reason "RULE: why (note)", several joined with "; ") as
 * people read it, appended to out: in English as stored; otherwise each
 * reason playbook.c writes is written again in the interface language from
 * its figures (dates through display_day), the rest kept as it is
 * (playbook_text.c). Never for JSON or CSV. */
void playbook_reason_text(const struct config *cfg, const char *stored, struct sbuf *out);
/* A touchpoint's note as people read it: one the playbook wrote ("Playbook
 * ...") through playbook_reason_text into b (returned: sbuf_str(b)), any
 * other as it is. The caller frees b. */
const char *playbook_note_text(const struct config *cfg, const char *note, struct sbuf *b);

/* The touchpoint id a rule's condition key gives for an account: 26
 * characters in ULID form, from SHA-256 of (rule, account, key). */
void playbook_touch_id(const char *rule, const char *crm_id, const char *key, char out[27]);

#endif
