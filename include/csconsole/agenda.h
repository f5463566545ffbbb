/* agenda.h - morning triage: what needs me today (`csconsole agenda`, the
 * console's Today view), and the calendar of upcoming touchpoints and
 * renewals (`csconsole agenda --format ics`). No curses here.
 *
 * The agenda covers the accounts of my scope "mine" (main, sub, covering
 * today: book_fetch). Each item has a group, the account, a reason with its
 * figures, the entity it refers to and whether it is new since my last look.
 * The groups, in this order, and the rules (T = today, days are calendar
 * days, config keys in csconsole.yaml):
 *
 *  overdue     An open or snoozed touchpoint due before T ("due 2026-11-13,
 *              10 days overdue"; a snoozed one once its snooze day passed).
 *              Most overdue first.
 *  due_today   An open or snoozed touchpoint due on T.
 *  renewal     The account renews in D = renewal_day - T days, 0 <= D <=
 *              the largest of renewal_windows; W = the smallest window with
 *              D <= W; fires when no touch was logged on or after the day the
 *              window began (renewal_day - W) up to T. A touch is what
 *              touchdef.h defines (a customer-facing note, or a touchpoint
 *              marked done as a contact; internal notes are not). Soonest
 *              renewal first.
 *  health_drop The score on day X is the latest weekly snapshot dated on or
 *              before X. Fires when score(T-7) - score(T), rounded, is at
 *              least agenda.health_drop_7d, or score(T-28) - score(T) at least
 *              agenda.health_drop_28d (points; both named when both hold).
 *              Largest drop first.
 *  risk        A risk still open that a teammate (author != me) opened
 *              (risk.open) or escalated (a risk.update whose severity is
 *              higher than the one in force before it, events in (hlc,
 *              device) order) on a day from T - agenda.risk_days to T (the
 *              day of the event's stamp, UTC). One item per risk: its latest
 *              such event. High severity first, then the most recent.
 *  champion    The champion changed (champion.h, the one definition: the
 *              accounts feed named another person or none, not only a
 *              status or an e-mail, within 365 days) and no touch (touchdef.h) on or after
 *              the day of the import that brought it ("champion changed: Dana
 *              Reyes → Ken Ito on 2026-11-02; no touch since"). Entity
 *              "champion/YYYY-MM-DD", the change's day. In the tier of hidden
 *              risks; the soonest renewal first.
 *  lapsed      The last touch (touchdef.h) older than the touch model's
 *              cadence (cadence.high, .low, .tech) and no plan: no open or
 *              snoozed touchpoint, or only an overdue one. No touch at all:
 *              not listed (a new book would list every account). The
 *              longest past its cadence (days / cadence) first.
 *  covering    An account I cover today (book role covering): whose, why and
 *              until when (the owner's absence that puts it on me). The
 *              soonest return first.
 *  onboarding  Stage onboarding, licensed seats known, the latest
 *              active_seats below onboarding.activation % of the seats, and
 *              the account's first metric (any) more than
 *              agenda.onboarding_days days before T. Longest first.
 *  key_season  The key yearly feature's season is due (season.h, with
 *              agenda.season_days as the look-ahead S): last year's run of
 *              uses, a year on, from S days before its start until this
 *              year's first use or its end. Soonest season first.
 *
 * Within a group, ties go by account name (book order), then CRM id.
 *
 * New: an item is new when my last look is 0 (never) or the situation began
 * after it (UTC seconds; a day D counts from D * 86400): overdue: the day
 * after the due day, or the touchpoint's latest write (its hlc) if later;
 * due today: T, or the latest write if later; renewal: the window's first
 * day; health_drop: the day of the latest snapshot; risk: the event's stamp;
 * covering: the absence's first day; champion: the change's day (the
 * import's); onboarding: the day the account passed agenda.onboarding_days;
 * key_season: the season's start minus S. Stamps are
 * the writers' clocks, so an event written before my last look but received
 * after it is not new.
 *
 * The last look is the meta key agenda_last_look (UTC seconds).
 */
#ifndef CSCONSOLE_AGENDA_H
#define CSCONSOLE_AGENDA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "csconsole/book.h"
#include "csconsole/config.h"
#include "csconsole/store.h"
#include "csconsole/util.h"

/* X(id, name, title): the groups in display order. name is the machine
 * kind of its items (json, tests); title the text heading. */
#define AGENDA_GROUPS(X) \
	X(OVERDUE,    "overdue",     "Overdue touchpoints") \
	X(TODAY,      "due_today",   "Touchpoints due today") \
	X(RENEWAL,    "renewal",     "Renewals in a window, no touch since it began") \
	X(HEALTH,     "health_drop", "Health drops") \
	X(RISK,       "risk",        "New or escalated risks by teammates") \
	X(HIDDEN,     "hidden_risk", "Hidden risks: usage looks healthy, the relationship does not") \
	X(CHAMPION,   "champion",    "Champion changed, no touch since") \
	X(LAPSED,     "lapsed",      "No touch for longer than the cadence, nothing scheduled") \
	X(COVERING,   "covering",    "Accounts I cover today") \
	X(ONBOARDING, "onboarding",  "Onboarding stuck") \
	X(SEASON,     "key_season",  "Key feature season approaching, not used yet")

enum agenda_group {
#define AGENDA_GROUP_ENUM(id, name, title) AGENDA_##id,
	AGENDA_GROUPS(AGENDA_GROUP_ENUM)
#undef AGENDA_GROUP_ENUM
	AGENDA_GROUP_COUNT
};

const char *agenda_group_name(enum agenda_group g);    /* "overdue" */
const char *agenda_group_title(enum agenda_group g);   /* "Overdue touchpoints" */

/* The attention order of the day: X(id, what, order within the tier). An
 * account's entry on Today ranks by its most urgent reason: the lowest tier,
 * then the order within it (agenda_item.urgency, lower first), then the
 * larger ARR, then the name. agenda_entries_build() applies it. */
#define AGENDA_TIERS(X) \
	X(TOUCH,      "a touchpoint overdue or due today", "the most overdue first") \
	X(RENEWAL,    "a renewal inside a window, no touch since it began", \
	  "the fewest effective days to renewal first: days left - (100 - health) / 2, so a " \
	  "weaker account comes sooner; then the larger ARR") \
	X(HIGH_RISK,  "a high risk a teammate opened or raised lately", "the most recent first") \
	X(RELATION,   "a hidden risk, or a changed champion nobody has talked to", \
	  "the soonest renewal first") \
	X(HEALTH,     "a health drop", "the largest drop first") \
	X(RISK,       "a medium or low risk a teammate opened or raised lately", "the most recent first") \
	X(LAPSED,     "no touch for longer than the cadence, nothing scheduled", \
	  "the longest past its cadence first (days since the last touch / cadence)") \
	X(SEASON,     "the key feature's season", "the soonest season first") \
	X(ONBOARDING, "onboarding stuck", "the longest first") \
	X(COVERING,   "an account I cover today", "the soonest return first")

enum agenda_tier {
#define AGENDA_TIER_ENUM(id, what, order) AGENDA_TIER_##id,
	AGENDA_TIERS(AGENDA_TIER_ENUM)
#undef AGENDA_TIER_ENUM
	AGENDA_TIER_COUNT
};
const char *agenda_tier_what(enum agenda_tier t);
const char *agenda_tier_order(enum agenda_tier t);

/* Strings belong to the agenda (agenda_free frees them all at once), are
 * sanitized and never NULL. */
struct agenda_item {
	enum agenda_group group;
	char crm_id[64];
	char *name;
	enum book_role role;       /* main, sub or covering */
	char *reason;              /* one line, with the figures */
	char *entity;              /* "touch/<ulid>", "risk/<ulid>"; "" when none */
	int day;                   /* the day it is about: due, renewal, snapshot, event,
				    * the owner's return, first metric, season start */
	int rank;                  /* order within the group, lower first (see above) */
	uint32_t name_rank;        /* the account's place in name order */
	int64_t since;             /* when the situation began, UTC seconds */
	bool is_new;
	enum agenda_tier tier;     /* its place in the attention order */
	double urgency;            /* order within the tier, lower first */
	int64_t arr_minor;         /* the account's ARR (INT64_MIN when unknown) */
	char *owner;               /* whose agenda it is on: me, or in the team scope the
				    * CSM who acts on the account today */
};


struct agenda_strings;
struct agenda {
	struct agenda_item *items;   /* by group, then rank, name, CRM id */
	struct agenda_strings *strings;   /* the items' strings, in a few large blocks */
	size_t len;
	size_t count[AGENDA_GROUP_COUNT];
	size_t n_new;
	size_t n_snoozed;            /* items hidden by agenda_snooze_item until a later day */
	int today;
	int64_t last_look;           /* 0: never */
};

/* One account on Today: every item that applies to it, most urgent first. */
struct agenda_entry {
	const char *crm_id;        /* the first item's (the entry does not own it) */
	const size_t *items;       /* indices into agenda.items (into agenda_entries.idx) */
	size_t n_items;
};

struct agenda_entries {
	struct agenda_entry *v;    /* in the attention order */
	size_t len;
	size_t *idx;               /* every item's index, grouped by entry; owned */
};

/* The attention order of two items (negative: a first); see AGENDA_TIERS. */
int agenda_attention_cmp(const struct agenda_item *a, const struct agenda_item *b);
/* a's items gathered by account, each account once, in the attention
 * order of its most urgent item. Free with agenda_entries_free(). */
void agenda_entries_build(const struct agenda *a, struct agenda_entries *out);
void agenda_entries_free(struct agenda_entries *e);

/* Builds the agenda of `me` as of today; last_look: UTC seconds, 0 = never.
 * 0, or -1 + error() (out is then empty). Free with agenda_free(). */
int agenda_build(struct store *st, const struct config *cfg, const char *me, int today,
		 int64_t last_look, struct agenda *out);
/* The team's agenda, for a team lead: every account of the team once,
 * under the CSM who acts on it today (agenda_item.owner): its main owner,
 * or while the main owner is away (an absence on today) who covers, the
 * absence's covered_by, else the sub owner; the role is then main or
 * covering. Each rule reads as on that CSM's own agenda ("a teammate's
 * risk": an author other than that CSM). 0, or -1 + error().
 *
 * It reads account_summary (summary.h) in one pass, keeping only the
 * accounts a rule can apply to on that day (the per-account rules' own
 * conditions, loosened: renewing inside the largest window, a health drop
 * the summary's maxima allow, a lapsed cadence, stage onboarding, a main
 * owner away, a hidden risk); the rules that start from a table (touchpoints,
 * risks, a changed champion, the season) fetch the row of any other account
 * they name. Names are ranked only among the accounts with an item. */
int agenda_build_team(struct store *st, const struct config *cfg, int today, int64_t last_look,
		      struct agenda *out);
/* The same agenda the plain way, every account's row from book_fetch
 * (SCOPE_TEAM): the reference the tests hold agenda_build_team() to. */
int agenda_build_team_plain(struct store *st, const struct config *cfg, int today, int64_t last_look,
			    struct agenda *out);
void agenda_free(struct agenda *a);

/* An item's identity across builds: "group:CRM-ID:entity". */
void agenda_item_key(const struct agenda_item *it, char *out, size_t size);
/* Puts an item aside until a day after today, with a reason (both
 * required): agenda_build leaves it out until then, counting it in
 * n_snoozed. Local to this database. 0 or -1 + error(). */
int agenda_snooze_item(struct store *st, const struct agenda_item *it, int today, int until,
		       const char *reason);

/* The last look (meta agenda_last_look): *out = 0 when never recorded. */
int agenda_last_look_get(struct store *st, int64_t *out);
int agenda_last_look_set(struct store *st, int64_t when);

/* ---- The calendar --------------------------------------------------------- */

/* One event: all day, or at a time of day (a touchpoint scheduled with a
 * time). uid: a touchpoint's "touch-<ulid>@csconsole", a renewal's
 * "renewal-<CRM id>-<YYYYMMDD>@csconsole": the same across runs and syncs
 * while the touchpoint exists / the renewal date holds. */
struct agenda_event {
	char uid[128];
	int day;
	int minute;                    /* the time of day, minutes after midnight, local; -1: all day */
	char *summary, *description;   /* sanitized; description may hold newlines */
};

struct agenda_calendar {
	struct agenda_event *events;   /* by day, then time (all day first), then uid */
	size_t len;
	int alarm_minutes;             /* calendar.alarm_minutes: a timed event's alarm; 0: none */
	int meeting_minutes;           /* calendar.meeting_minutes: a timed event's length */
};

/* Touchpoints still open or snoozed (snoozed: on the day they come back)
 * due from today to today + days, and renewal dates in that range, of the
 * accounts in my scope "mine". 0 or -1 + error(). */
int agenda_calendar_build(struct store *st, const struct config *cfg, const char *me, int today,
			  int days, struct agenda_calendar *out);
void agenda_calendar_free(struct agenda_calendar *c);

/* The calendar as RFC 5545 text: a VCALENDAR with one VEVENT per event
 * (UID, DTSTAMP = now, DTSTART;VALUE=DATE, DTEND the day after, SUMMARY,
 * DESCRIPTION), CRLF line ends, lines folded at 75 octets. A timed event
 * starts at its local time (the TZ of this process) written in UTC
 * (DTSTART:YYYYMMDDTHHMMSSZ), ends meeting_minutes later, is busy (OPAQUE)
 * and, unless alarm_minutes is 0, has a VALARM (ACTION:DISPLAY,
 * TRIGGER:-PT<alarm_minutes>M). Caller frees. */
char *agenda_ics(const struct agenda_calendar *c, int64_t now);
/* RFC 5545 pieces, exposed for the tests: a TEXT value escaped (backslash,
 * semicolon, comma, newline as \n; CR dropped) appended to b; and one content
 * line appended to b folded (CRLF + space) so no line exceeds 75 octets and
 * no UTF-8 sequence is split, ended by CRLF. */
void ics_escape_text(struct sbuf *b, const char *text);
void ics_add_line(struct sbuf *b, const char *line);

#endif
