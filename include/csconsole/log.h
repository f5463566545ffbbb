/* log.h - the after-call capture: what the console's log form saves.
 *
 * One touch with an account becomes, in one transaction (all or nothing):
 *  - a note (note.add) by me: kind, sentiment, summary, the longer text and
 *    the day it happened;
 *  - the touchpoints it answers closed: every open or snoozed touchpoint of
 *    the account due on or before that day is marked done (touch.done),
 *    unless the note is internal (no touch: touchdef.h);
 *  - optionally a risk (risk.open): category, severity and its own text
 *    (the risk text says what the risk is; the summary is not copied in);
 *  - the next touchpoint: the earliest still open one is moved to the day
 *    given (touch.reschedule), or a new one is scheduled (touch.schedule).
 *    Logging a touch restarts the account's cadence: the form proposes
 *    log_propose_next() unless one is set explicitly.
 * Saved locally at once; published at the next sync.
 */
#ifndef CSCONSOLE_LOG_H
#define CSCONSOLE_LOG_H

#include "csconsole/config.h"
#include "csconsole/store.h"

struct log_entry {
	const char *account;        /* CRM id */
	const char *kind;           /* a note kind (event_note_kinds) */
	int sentiment;              /* 1 .. number of sentiment labels; 0 none */
	const char *summary;        /* one line, required */
	const char *text;           /* the longer note; NULL or "" none */
	int touch_day;              /* when the touch happened */
	const char *risk_category;  /* NULL or "": no risk */
	const char *risk_severity;  /* low, medium, high (with a risk) */
	const char *risk_text;      /* what the risk is (required with a risk) */
	int next_day;               /* the next touchpoint; DAY_NONE: none */
	const char *next_kind;      /* a touch kind; NULL: the note kind */
};

/* What log_save wrote: the new note's and risk's ids, the next touchpoint's
 * (new or moved), and how many touchpoints it closed. */
struct log_result {
	char note_id[32], risk_id[32], touch_id[32];
	bool touch_moved;
	int closed;
};

/* Why log_propose_next() proposes its day. */
enum log_next_reason {
	LOG_NEXT_CADENCE,        /* the touch model's cadence after the touch */
	LOG_NEXT_DEFAULT,        /* no known touch model: 14 days after the touch */
	LOG_NEXT_RENEWAL,        /* the renewal minus the lead comes first */
	LOG_NEXT_RENEWAL_NEAR,   /* the renewal is closer than the lead: tomorrow */
};
struct log_next {
	int day;                 /* the day proposed */
	enum log_next_reason reason;
	int cadence;             /* the days of the cadence (or 14) */
	int cadence_day;         /* what the cadence alone says */
	int renewal_day;         /* the renewal that moved it; DAY_NONE when none did */
	int lead;                /* cfg cadence.renewal_lead_days */
	char touch_model[8];     /* "" when unknown */
};

/* The next touchpoint after a touch on touch_day: the touch model's cadence
 * later (cfg cadence.high/low/tech; 14 days for an unknown model), but never
 * after the renewal (renewal_day; DAY_NONE: none) minus the lead
 * (cadence.renewal_lead_days) when the renewal comes first. When the
 * renewal minus the lead is already before tomorrow and the renewal is
 * today or later, tomorrow (or the cadence day if that is earlier); a
 * renewal before today is not used (it is stale: the CRM has not caught
 * up). Returns the day; why (may be NULL) says how it was chosen. */
int log_propose_next(const struct config *cfg, const char *touch_model, int touch_day,
		     int renewal_day, int today, struct log_next *why);
/* Why the day was proposed, in words, to show beside it:
 * "in 14 days (high-touch cadence)", "14 days before the renewal on
 * 2026-12-14", "tomorrow: the renewal on 2026-12-03 is within 14 days".
 * today: for "in N days" (else "N days after the touch"). */
void log_next_explain(const struct log_next *why, int today, char *out, size_t size);

/* The fields log_check can refuse, for a form to point at. */
enum log_bad { LOG_BAD_NONE, LOG_BAD_ACCOUNT, LOG_BAD_KIND, LOG_BAD_SENTIMENT, LOG_BAD_SUMMARY,
	       LOG_BAD_TEXT, LOG_BAD_DATE, LOG_BAD_RISK, LOG_BAD_SEVERITY, LOG_BAD_RISK_TEXT,
	       LOG_BAD_NEXT, LOG_BAD_NEXT_KIND };

/* Checks an entry against the event rules and the configuration; -1 +
 * error() naming the field and what is allowed, and *bad (may be NULL)
 * saying which. today bounds the days: a touch cannot be in the future, a
 * next touchpoint not in the past. */
int log_check(const struct config *cfg, const struct log_entry *e, int today, enum log_bad *bad);

/* log_check, then writes the events by `me` (see above). 0 or -1 + error();
 * on error nothing is written. */
int log_save(struct store *st, const struct config *cfg, const char *me, int today,
	     const struct log_entry *e, struct log_result *out);

/* An own note (its ULID) changed to the entry's kind, sentiment, summary,
 * text and day (note.edit; risk and next touchpoint are not used), or
 * deleted (note.delete: a tombstone). Teammates' notes are read-only:
 * refused, as is a deleted or unknown note. 0 or -1 + error(). */
int note_update(struct store *st, const struct config *cfg, const char *me, int today,
		const char *note_id, const struct log_entry *e);
int note_remove(struct store *st, const char *me, const char *note_id);

/* A risk (its ULID), by anyone of the team: changed (each of category,
 * severity, text, owner that is not NULL; risk.update) or resolved on a day with an
 * optional closing text (risk.resolve). A resolved risk is refused. 0 or
 * -1 + error(). */
int risk_change(struct store *st, const struct config *cfg, const char *me, const char *risk_id,
		const char *category, const char *severity, const char *text, const char *owner);
int risk_resolve(struct store *st, const char *me, const char *risk_id, int day, const char *text);
/* The risk's history from its events, oldest first, one sanitized line each:
 * "2026-11-19  aiko  changed: severity high; text ..."; a resolve's closing
 * note is a line of its own ("2026-11-20  aiko  closing note: ..."). Appends to out. */
int risk_history(struct store *st, const char *risk_id, struct strlist *out);

/* One touchpoint ("touch/<ulid>" or the ULID), by me, as the agenda acts on
 * it: done on a day with an optional note; snoozed until a day after today
 * with a reason (required); moved to a day from today on. 0 or -1 + error()
 * naming what to fix (an unknown or already done touchpoint, a bad day). */
int touch_done(struct store *st, const char *me, const char *entity, int day, const char *note);
int touch_snooze(struct store *st, const char *me, const char *entity, int today, int until,
		 const char *reason);
int touch_reschedule(struct store *st, const char *me, const char *entity, int today, int due,
		     const char *reason);

/* A new touchpoint with the account (touch.schedule) by me, due on a day
 * from today on, of a kind (NULL: none) with an optional note; a new risk
 * on the account (risk.open) opened today: a category of risk_categories,
 * a severity, a text. The new ULID goes to id (may be NULL). 0 or -1 +
 * error() naming the field. */
int touch_schedule(struct store *st, const char *me, const char *account, int today, int due,
		   const char *kind, const char *note, char *id, size_t size);
/* The same at a time of day (minutes after midnight, local; -1: all day):
 * touch.schedule version 2 with its time. */
int touch_schedule_at(struct store *st, const char *me, const char *account, int today, int due, int minute,
		      const char *kind, const char *note, char *id, size_t size);
int risk_open(struct store *st, const struct config *cfg, const char *me, const char *account, int today,
	      const char *category, const char *severity, const char *text, char *id, size_t size);

/* The account's next touchpoint: the open or snoozed one due first. */
struct touch_next {
	char entity[64];            /* "touch/<ulid>" */
	char what[200];             /* its note, else its kind, sanitized and fitted to 40 cells */
	int due_day;
	bool snoozed;
};
/* 1 and *out when there is one, 0 when none, -1 + error(). */
int touch_next(struct store *st, const char *account, struct touch_next *out);

/* My newest note on the account (not deleted): 1 and *out, 0 none, -1 + error(). */
struct note_ref {
	char id[32];
	int touch_day;
	char kind[16];
};
int note_latest_own(struct store *st, const char *me, const char *account, struct note_ref *out);

#endif
