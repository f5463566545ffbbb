/* handoff.h - the handoff brief of an absent owner, and "while you were out"
 * for the owner who returns (no curses here: the CLI and the console print
 * these).
 *
 * The brief: for each active account whose MAIN owner is away, who covers it
 * and what that CSM must know: health now and its trend, the last touch and
 * the sentiment trend, open risks, the touchpoints and the renewal that fall
 * in the absence or the HANDOFF_AFTER_DAYS days after it, the last notes,
 * the champion, and whether the covering CSM has marked it reviewed. Each
 * account's facts come from detail_load() (detail.h): one source for what an
 * account is.
 *
 * Every string is owned by its struct, sanitized (text_sanitize) and never
 * NULL ("" when unknown); handoff_free() / changes_free() free them. Days are
 * day numbers (date.h), DAY_NONE when unknown.
 */
#ifndef CSCONSOLE_HANDOFF_H
#define CSCONSOLE_HANDOFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "csconsole/blindspot.h"
#include "csconsole/config.h"
#include "csconsole/detail.h"
#include "csconsole/store.h"

#define HANDOFF_AFTER_DAYS 30     /* the window runs to the absence's end + this */
#define HANDOFF_NOTES 3           /* the last notes shown */
#define HANDOFF_SENTIMENTS 5      /* the last sentiments of the trend */
#define HANDOFF_WEEKS 12          /* the weekly health series (sparkline) */
#define CHANGES_HEALTH_MIN 5.0    /* a health change shown from this many points */

/* The absence a brief is about. */
struct handoff_absence {
	char owner[64];
	char *owner_name;          /* from the team feed; "" when unknown */
	int from, until;           /* inclusive */
	char *covered_by;          /* the absence's cover; "": each account's sub owner */
	char *covered_by_name;
	char *reason;
	char source[8];            /* "feed" (team.yaml), "event" (csconsole cover), "given" (--from/--until) */
};

/* Where an item of the window falls. */
enum handoff_when {
	HANDOFF_OVERDUE,           /* an open touchpoint due before the absence and before today */
	HANDOFF_DURING,            /* from .. until */
	HANDOFF_AFTER,             /* until + 1 .. until + HANDOFF_AFTER_DAYS */
};

/* A touchpoint (renewal = false) or the renewal date (renewal = true). */
struct handoff_item {
	int day;                   /* due day; a snoozed one: until; a done one: done day */
	enum handoff_when when;
	bool renewal;
	const struct detail_touch *touch;   /* into the account's detail; NULL for the renewal */
};

struct handoff_account {
	struct account_detail d;   /* the account in full (detail_load) */
	char *covering, *covering_name;     /* who covers during the absence ("": nobody) */
	/* Health trend: the changes over 4 and 12 weeks (latest snapshot minus
	 * the last one 28 / 84 or more days before it) and the weekly series. */
	bool has_delta12;
	double delta12w;
	double weekly[HANDOFF_WEEKS];       /* the last scores, oldest first */
	size_t n_weekly;
	/* The last sentiments (notes with one), oldest first. */
	int sentiments[HANDOFF_SENTIMENTS];
	size_t n_sentiments;
	/* The window's touchpoints and the renewal, by day. */
	struct handoff_item *items;
	size_t n_items;
	/* Where usage and the relationship disagree (blindspot.h), as of today:
	 * what the covering CSM must not miss. */
	struct blindspot blind;
	/* The review mark: shared (a handoff.review event) or, from releases
	 * before the marks travelled, local to this device (review_local). */
	bool reviewed, review_local;
	char *reviewer;
	int64_t reviewed_at;                /* UTC seconds */
};

struct handoff {
	struct handoff_absence absence;
	int today;
	int window_end;            /* until + HANDOFF_AFTER_DAYS */
	struct handoff_account *accounts;
	size_t n;
};

/* The absence of owner that a brief is for, as of today: the current one,
 * else the next (the earliest starting that has not ended; on a tie, one
 * naming a cover first). *found false when there is none. 0 or -1 + error(). */
int handoff_find_absence(struct store *st, const char *owner, int today, struct handoff_absence *out,
			 bool *found);
/* Frees what an absence holds (and clears it). */
void handoff_absence_free(struct handoff_absence *a);
/* The start of owner's last absence that has ended before today: what
 * "while you were out" starts from. *found false when none. */
int handoff_last_absence(struct store *st, const char *owner, int today, int *from, int *until,
			 bool *found);

/* Builds the brief of owner's absence. from/until: the absence's days, or
 * DAY_NONE for both to find it (handoff_find_absence; an error saying to
 * give the dates when there is none). Given dates take the cover from an
 * absence of the table overlapping them, if any, else each sub owner covers.
 * The accounts are in the portfolio's attention order (book.h: overdue
 * touchpoints first, most overdue first, then effective days to renewal,
 * days_left - (100 - health) / 2; no renewal date last; ties by name). An
 * owner who is no CSM and owns no account is an error. Free with
 * handoff_free(), also after a failure. 0 or -1 + error(). */
int handoff_build(struct store *st, const struct config *cfg, const char *owner, int from, int until,
		  int today, struct handoff *out);
void handoff_free(struct handoff *h);
/* Who covers, with the number of accounts each: "aiko (4), ken (3)". */
void handoff_cover_summary(const struct handoff *h, char *out, size_t size);

/* Marks crm_id (an account whose main owner is owner) reviewed by reviewer
 * for owner's absence starting on from (reviewed true), or takes the mark
 * back (false). 0 or -1 + error().
 *
 * The marks travel to the team: each is a handoff.review event (docs/sync.md:
 * owner, from_day, reviewed; entity review/<ulid>, account crm_id), so the
 * owner and the team lead see what the covering CSM reviewed. state.c
 * folds them into table handoff_review (source 'event'): the latest event
 * (hlc, device) of an owner, absence start and account decides. Marks of
 * releases before (source 'local', this device only) are read as they
 * were, until an event about the same account replaces them; `csconsole
 * rebuild` remakes the event ones and keeps the local ones. */
int handoff_mark_reviewed(struct store *st, const char *owner, int from, const char *crm_id,
			  const char *reviewer, bool reviewed);

/* ---- While you were out ------------------------------------------------------ */

/* What a teammate's event did, by type family. */
enum change_kind { CHANGE_NOTE, CHANGE_RISK, CHANGE_TOUCH, CHANGE_REVIEW,
		   CHANGE_OPPORTUNITY, CHANGE_FEEDBACK };   /* issue 17's: opportunity.*, feedback.add */
#define CHANGE_KIND_LAST CHANGE_FEEDBACK

struct change {
	int day;                   /* the day it was written (its hlc, UTC) */
	char hlc[18];
	char *author;
	char *type;                /* the event type: "note.add", "risk.update"... */
	char *entity;              /* "note/<id>", "risk/<id>", "touch/<id>", "review/<id>" */
	enum change_kind kind;
	/* The entity's fields after the event (what the register replay gives):
	 * note: kind, sentiment (0 none), summary; risk: category, severity,
	 * status, text; touch: kind, due_day, status, reason/note; opportunity:
	 * kind (touch_kind), status (open, won, lost), the close's note
	 * (summary) and the fields below; feedback: request (touch_kind), area
	 * (category), text (summary). */
	char *what;                /* one line: "call, sentiment 2 (bad): summary" */
	char *what_text;           /* the same line in the interface language (for people) */
	char *touch_kind, *summary, *category, *severity, *status, *reason;
	int sentiment;
	int due_day, old_due_day;  /* touchpoints; DAY_NONE when not set */
	char *old_severity;        /* risk updates: the severity before ("" when unchanged) */
	/* opportunities: amount (minor units of currency), stage, owner, the
	 * expected close (DAY_NONE for other kinds) */
	int64_t amount_minor;
	char *currency, *stage, *owner;
	int close_day;
};

struct changes_account {
	char crm_id[64];
	char *name;
	bool main;                 /* the owner is its main owner (else sub) */
	/* Health at since_day (the latest snapshot up to it) and now. */
	bool health_changed;       /* both known and |now - then| >= CHANGES_HEALTH_MIN */
	bool has_then, has_now;
	double then, now;
	int then_day, now_day;
	struct change *items;      /* by (hlc, device) */
	size_t n_items;
};

struct changes {
	char owner[64];
	int since, today;
	struct changes_account *accounts;   /* only accounts with a change, by name */
	size_t n;
	size_t n_items;                     /* events over all accounts */
};

/* "While you were out" for owner: on the active accounts owner is main or
 * sub owner of, the notes, risks, touchpoints, review marks (CHANGE_REVIEW:
 * a covering CSM's handoff.review), opportunities and feedback teammates wrote (events by
 * authors other than owner) from since_day (by their hlc day) on, each with
 * its author and day, read from the event table and replayed per entity so
 * an update says what changed; and the health changes of at least
 * CHANGES_HEALTH_MIN points between since_day and today. Free with
 * changes_free(), also after a failure. 0 or -1 + error(). */
int changes_build(struct store *st, const struct config *cfg, const char *owner, int since_day,
		  int today, struct changes *out);
void changes_free(struct changes *c);

/* How the brief names a touch (touchdef.h), for people: a note's kind
 * (touch_kind_label: "call", 電話), or a
 * touchpoint done: "call (touchpoint done)", "touchpoint done" without a kind. */
void handoff_touch_kind(const struct touch *t, char *out, size_t size);

const char *handoff_when_name(enum handoff_when w);   /* "overdue", "during", "after" */
const char *change_kind_name(enum change_kind k);     /* "note", "risk", "touch", "review", "opportunity", "feedback" */

#endif
