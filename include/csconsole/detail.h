/* detail.h - one account in full: what the console's detail view and
 * `csconsole show` print, loaded in one go (no curses here).
 *
 * Every string is owned by the struct, sanitized (text_sanitize) and never
 * NULL ("" when unknown); detail_free() frees them all. Days are day numbers
 * (date.h), DAY_NONE when unknown.
 */
#ifndef CSCONSOLE_DETAIL_H
#define CSCONSOLE_DETAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "csconsole/champion.h"
#include "csconsole/config.h"
#include "csconsole/feedback.h"
#include "csconsole/health.h"
#include "csconsole/opportunity.h"
#include "csconsole/store.h"
#include "csconsole/touchdef.h"

#define DETAIL_HEALTH_WEEKS 52     /* snapshots kept (the chart shows at least 26) */
#define DETAIL_CORE_MONTHS 6       /* calendar months of core feature use */
#define DETAIL_LOGIN_WEEKS 12      /* weeks of logins */
#define DETAIL_KEY_DAYS 90         /* the key feature's season window */
#define DETAIL_DONE_TOUCHES 5      /* done touchpoints kept (the most recent) */
#define DETAIL_FEEDBACK 5          /* feedback kept (the most recent) */

struct detail_contact {
	char *name, *role, *email;
};

struct detail_snapshot {
	int day;
	double score;
};

struct detail_month {
	int year, month;           /* calendar month */
	bool has_data;             /* the account has daily metrics in that month */
	bool partial;              /* the current month: up to yesterday */
	double uses;               /* core_feature_uses summed over the month */
};

struct detail_login_week {
	int start;                 /* first day of the 7-day window */
	bool has_data;
	double logins;
};

struct detail_risk {
	char *id, *category, *severity, *text, *author;
	char *owner;               /* who takes care of it (its author unless set) */
	bool open;
	int opened_day, resolved_day;   /* resolved_day: DAY_NONE while open */
	char *resolve_note;        /* the closing note of the resolve, apart from the text ("" none) */
};

struct detail_note {
	char id[32];               /* the note's ULID (note/<id> is its entity) */
	int touch_day;
	char *kind, *summary, *text, *author;
	int sentiment;             /* 1..n, 0 = none */
	char *sentiment_label;     /* from cfg sentiment labels; "" when none */
};

enum detail_touch_when { TOUCH_WHEN_OVERDUE, TOUCH_WHEN_TODAY, TOUCH_WHEN_UPCOMING, TOUCH_WHEN_DONE };

struct detail_touch {
	char id[32];               /* the touchpoint's id (touch/<id> is its entity) */
	char *kind, *status, *reason, *note, *author;
	int due_day;               /* snoozed: the day it is snoozed until */
	int done_day;              /* done: the day it was done (DAY_NONE if not recorded) */
	enum detail_touch_when when;
};

/* Health component extras beside the model: the figures behind each raw. */
struct detail_component_text {
	char text[96];             /* e.g. "40 of 85 seats (47%)"; the reason when missing */
};

struct account_detail {
	/* Facts */
	char crm_id[64];
	char *name, *segment;
	char *main_owner, *main_owner_name, *sub_owner, *sub_owner_name;
	bool main_absent;          /* the main owner is absent today */
	int absent_until;
	char *absence_reason;
	char *covering, *covering_name;  /* who covers today ("" when nobody is needed/known) */
	char touch_model[8], stage[16];
	int cadence;               /* days, from cfg for the touch model */
	int64_t arr_minor;         /* INT64_MIN when unknown */
	char currency[8];
	int renewal_day, days_left;
	bool has_seats;
	int seats;
	char *champion, *champion_email;
	char champion_status[8];   /* active, left, unknown */
	/* The champion's latest change of person (champion.h: within
	 * CHAMPION_CHANGE_DAYS, and whether a touch followed); found false
	 * when none */
	struct champion_change champion_change;
	struct detail_contact *contacts;
	size_t n_contacts;
	bool active;

	/* Health: the vendor's weekly snapshots, oldest first */
	struct detail_snapshot *health;
	size_t n_health;
	bool has_health;
	double health_score;       /* the latest snapshot */
	int health_day;
	bool has_delta;
	double delta4w;            /* latest minus the last snapshot 28+ days before it */
	const char *band;          /* "red", "yellow", "green"; "" without health */
	/* Each source's latest snapshot on or before today and its change
	 * since the latest one 28+ days before it (the shown one is also above) */
	struct detail_latest {
		bool has, has_delta;
		double score, delta4w;
		int day;
	} vendor, computed;
	struct health_model model;  /* the computed model's components as of model_day */
	int model_day;              /* the current week's first day (healthcalc.h) */
	struct detail_component_text component_text[HC_COUNT];

	/* Usage */
	struct detail_month core_months[DETAIL_CORE_MONTHS];   /* oldest first; the last is this month */
	bool key_has_now, key_has_year_ago;   /* data in the windows (any daily metric) */
	double key_now, key_year_ago;         /* key_feature_uses in the windows */
	int key_from, key_to;                 /* today-90 .. today-1 */
	struct detail_login_week logins[DETAIL_LOGIN_WEEKS];  /* oldest first; the last ends yesterday */
	bool has_logins_7d;
	double logins_7d;
	bool has_active_seats;
	double active_seats;
	int active_seats_day;
	/* Onboarding by the rule of onboarding.activation (cfg): only for an
	 * account in stage onboarding; text says the figures and what follows. */
	enum detail_onboarding { ONBOARDING_NA, ONBOARDING_UNKNOWN, ONBOARDING_BELOW, ONBOARDING_DONE } onboarding;
	char onboarding_text[160];   /* stable English (json) */
	char onboarding_label[320];  /* the same in the interface language (for people) */

	/* Risks (open first), notes (newest first), touchpoints */
	struct detail_risk *risks;
	size_t n_risks, n_open_risks;
	struct detail_note *notes;
	size_t n_notes;
	struct detail_touch *touches;   /* open and snoozed by due day, then done (newest first) */
	size_t n_touches, n_open_touches;
	/* The last touch (touchdef.h: a customer-facing note or a touchpoint
	 * done as a contact; any day, as the portfolio's last touch), strings
	 * sanitized; last_touch.day DAY_NONE when there is none. */
	struct touch last_touch;

	/* Issue 17: the account's open opportunities (opportunity.h; by
	 * expected close) and its DETAIL_FEEDBACK most recent feedback
	 * (feedback.h; latest day first) of n_feedback_all. Their strings are
	 * sanitized like the rest (a feedback's text keeps its newlines). */
	struct opportunity_list opportunities;
	struct feedback_list feedback;
	size_t n_feedback_all;
};

/* Loads the account whose CRM id is crm_id as of today. 0, or -1 + error()
 * (no such account, database error). Free with detail_free(), also after -1. */
int detail_load(struct store *st, const struct config *cfg, const char *crm_id, int today,
		struct account_detail *out);
void detail_free(struct account_detail *d);
/* A CSM as the detail shows one: "aiko (佐藤 愛子)", the handle alone without
 * a name, "-" without a handle. */
void detail_person(const char *handle, const char *name, char *out, size_t size);

/* The CRM id of the account named exactly `name` (active accounts first).
 * 0 and the id in out; 1 + error() when no account has that name; -1 +
 * error() when several have, or the database fails. */
int detail_find_by_name(struct store *st, const char *name, char *out, size_t size);
/* detail_load of the account `key` names: a CRM id, else an exact name (as
 * `show` and `health` take it). 0, or -1 + error() (the id's message when
 * no name matches either). Free with detail_free(). */
int detail_load_account(struct store *st, const struct config *cfg, const char *key, int today,
			struct account_detail *out);

const char *detail_touch_when_name(enum detail_touch_when w);   /* "overdue", "today", ... */

#endif
