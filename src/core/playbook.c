/* playbook.c - evaluating the playbook rules at sync (rules: playbook_config.c).
 *
 * For each active account whose main owner is me (the owner's device makes
 * the touchpoints, so teammates never duplicate each other), each rule
 * decides whether its condition holds today and, if so, names it with a
 * condition key that stays the same for as long as that one occurrence
 * lasts (the renewal day, the first snapshot of a drop, the last touch...).
 * A (rule, account, key) fires once: it is recorded in playbook_fired, and
 * the touchpoint's id is derived from it, so even without the record (a
 * rebuilt database, the owner's second device) no second touchpoint is made:
 * an existing touchpoint with that id only restores the record.
 *
 * Rules do not stack (settle): the conditions of one account that fire in
 * one run make one touchpoint, its id the (rule, account, key) of the rule
 * deciding its due day (the earliest), its note every rule's reason; a rule
 * whose horizon (today to its due day) already holds an open or snoozed
 * touchpoint makes none and is recorded against it with its reason
 * (playbook_fired.reason, which the agenda shows with that touchpoint). The
 * other rules of a shared touchpoint are found again by its note
 * (made_with_others).
 *
 * The rule champion_changed reads a change of person from champion.h (the
 * definition the agenda and the hidden risks share). For a champion marked
 * left (the same person) it needs what the champion was: playbook_fired
 * keeps it under the reserved rule name "~champion" (no rule can be named
 * so), condition = the champion last seen, one row per account, written
 * the first time an account is looked at (a baseline: no touchpoint) and
 * replaced when it changes.
 *
 * Everything runs in one transaction: all the touchpoints of a run are
 * written, with their records, or none.
 */
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/i18n.h"
#include "csconsole/touchdef.h"
#include "csconsole/book.h"
#include "csconsole/champion.h"
#include "csconsole/config.h"
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/playbook.h"
#include "csconsole/season.h"
#include "csconsole/summary.h"
#include "csconsole/undo.h"

#define CHAMPION_STATE "~champion"

struct account {
	sqlite3_int64 id;
	char *crm_id, *champion;
	int renewal_day;                /* DAY_NONE: unknown */
	enum touch_model model;
	bool left;                      /* champion_status 'left' */
	long seats;                     /* seats bought; -1: unknown */
};

struct series {
	int *day;
	double *score;
	size_t len, cap;
};

struct run {
	struct store *st;
	const struct config *cfg;
	int today;
	struct playbook_report *rep;
	sqlite3_int64 key_metric, logins_metric;   /* -1: not in the metrics feed */
	sqlite3_int64 seats_metric;                /* active_seats; -1: not in the feed */
	struct series h;                           /* the account's health, oldest first */
	struct pending *pend;                      /* one per rule, for one account */
};

/* One condition that holds: its key, its day (renewal day, season start...)
 * and why, for the touchpoint's note. */
struct hit {
	char key[300];
	int day;
	int since;      /* the first day this occurrence could hold (the key's
			 * occurrences never overlap): a touchpoint naming the rule
			 * made since then is this occurrence's */
	char why[400];
};

/* A condition that holds in this run, for rule ri; due: its touchpoint's day. */
struct pending {
	size_t ri;
	struct hit h;
	int due;
};

/* Ends a write stepped to rc (store_finish is for reads). */
static int written(struct store *st, sqlite3_stmt *s, int rc, const char *what)
{
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return error(_("playbook: cannot %s: %s (database %s)"), what, sqlite3_errmsg(st->db), st->path);
	return 0;
}

static const char *plural(long n)
{
	return n == 1 ? "" : "s";
}

/* ---- The touchpoint id ---------------------------------------------------------- */

void playbook_touch_id(const char *rule, const char *crm_id, const char *key, char out[27])
{
	static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	size_t bit = 0;

	sha256_init(&ctx);
	sha256_update(&ctx, sizeof("csconsole playbook"), (const uint8_t *)"csconsole playbook");
	sha256_update(&ctx, strlen(rule) + 1, (const uint8_t *)rule);
	sha256_update(&ctx, strlen(crm_id) + 1, (const uint8_t *)crm_id);
	sha256_update(&ctx, strlen(key), (const uint8_t *)key);
	sha256_digest(&ctx, sizeof(d), d);
	/* 128 bits: 3 for the first character (a ULID's starts at 0-7), then 5 each */
	for (int i = 0; i < 26; i++) {
		int width = i == 0 ? 3 : 5, v = 0;
		for (int k = 0; k < width; k++, bit++)
			v = v << 1 | ((d[bit / 8] >> (7 - bit % 8)) & 1);
		out[i] = crockford[v];
	}
	out[26] = '\0';
}

/* ---- Reading --------------------------------------------------------------------- */

static void accounts_free(struct account *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(a[i].crm_id);
		free(a[i].champion);
	}
	free(a);
}

static int load_accounts(struct run *R, struct account **out, size_t *n)
{
	static const char sql[] =
		"SELECT id, crm_id, renewal_day, touch_model, champion, champion_status, seats FROM account"
		" WHERE main_owner = ?1 AND active = 1 ORDER BY crm_id";
	sqlite3_stmt *s = store_stmt(R->st, sql);
	struct account *a = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!s)
		return -1;
	store_bind_text(s, 1, R->cfg->me);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (len == cap)
			a = xreallocarray(a, cap = cap ? cap * 2 : 64, sizeof(*a));
		struct account *x = &a[len++];
		const char *champ = (const char *)sqlite3_column_text(s, 4);
		x->id = sqlite3_column_int64(s, 0);
		x->crm_id = xstrdup((const char *)sqlite3_column_text(s, 1));
		x->renewal_day = sqlite3_column_type(s, 2) == SQLITE_NULL ? DAY_NONE : sqlite3_column_int(s, 2);
		if (!touch_model_parse((const char *)sqlite3_column_text(s, 3), &x->model))
			x->model = TOUCH_HIGH;
		x->champion = xstrdup(champ ? champ : "");
		x->left = str_eq((const char *)sqlite3_column_text(s, 5), "left");
		x->seats = sqlite3_column_type(s, 6) == SQLITE_NULL ? -1 : (long)sqlite3_column_int64(s, 6);
	}
	if (store_finish(R->st, s, rc, N_("the accounts"))) {
		accounts_free(a, len);
		return -1;
	}
	*out = a;
	*n = len;
	return 0;
}

/* The account's health snapshots (the score shown) up to today, oldest first. */
static int load_health(struct run *R, const struct account *a)
{
	static const char sql[] =
		"SELECT day, score FROM health WHERE account_id = ?1 AND source = " HEALTH_SOURCE_SQL
		" AND day <= ?2 ORDER BY day";
	sqlite3_stmt *s = store_stmt(R->st, sql);
	struct series *h = &R->h;
	int rc;

	h->len = 0;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, a->id);
	sqlite3_bind_int(s, 2, R->today);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (h->len == h->cap) {
			h->cap = h->cap ? h->cap * 2 : 128;
			h->day = xreallocarray(h->day, h->cap, sizeof(*h->day));
			h->score = xreallocarray(h->score, h->cap, sizeof(*h->score));
		}
		h->day[h->len] = sqlite3_column_int(s, 0);
		h->score[h->len++] = sqlite3_column_double(s, 1);
	}
	return store_finish(R->st, s, rc, N_("the health snapshots"));
}

static int metric_id(struct run *R, const char *name, sqlite3_int64 *out)
{
	static const char sql[] = "SELECT id FROM metric_name WHERE name = ?1";
	sqlite3_stmt *s = store_stmt(R->st, sql);
	int rc;
	if (!s)
		return -1;
	store_bind_text(s, 1, name);
	rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	return store_finish(R->st, s, rc, N_("the metric names"));
}

/* The last touch's day (touchdef.h, the one definition), DAY_NONE without one. */
static int last_touch(struct run *R, const char *crm_id, int *out)
{
	struct touch t;
	if (touch_last(R->st, crm_id, R->today, &t))
		return -1;
	*out = t.day;
	touch_clear(&t);
	return 0;
}

/* ---- The conditions: each fills hit and returns true when it holds -------------------- */

static bool cond_renewal(struct run *R, const struct playbook_rule *r, const struct account *a, struct hit *h)
{
	char iso[11];
	if (a->renewal_day == DAY_NONE)
		return false;
	int in = a->renewal_day - R->today;
	if (in < 0 || in > r->param[PBP_DAYS])
		return false;
	day_format_iso(a->renewal_day, iso);
	str_format(h->key, sizeof(h->key), "renewal:%s", iso);
	h->day = a->renewal_day;
	h->since = a->renewal_day - r->param[PBP_DAYS];
	if (in == 0)
		str_format(h->why, sizeof(h->why), "renews %s, today", iso);
	else
		str_format(h->why, sizeof(h->why), "renews %s, in %d day%s", iso, in, plural(in));
	return true;
}

static int band_rank(const struct config *cfg, double score)
{
	const char *b = health_band(cfg, score);
	return str_eq(b, "red") ? PB_BAND_RED : str_eq(b, "yellow") ? PB_BAND_YELLOW : PB_BAND_GREEN;
}

/* The current band's run of snapshots began at j; the one before was better. */
static bool cond_band_drop(struct run *R, const struct playbook_rule *r, struct hit *h)
{
	const struct series *s = &R->h;
	char since[11], was[11];
	size_t j;
	int cur, prev;

	if (s->len < 2)
		return false;
	j = s->len - 1;
	cur = band_rank(R->cfg, s->score[j]);
	while (j > 0 && band_rank(R->cfg, s->score[j - 1]) == cur)
		j--;
	if (j == 0)
		return false;
	prev = band_rank(R->cfg, s->score[j - 1]);
	if (prev <= cur || (r->into != PB_BAND_ANY && cur != r->into) ||
	    (r->from != PB_BAND_ANY && prev != r->from) || R->today - s->day[j] > r->param[PBP_WITHIN])
		return false;
	day_format_iso(s->day[j], since);
	day_format_iso(s->day[j - 1], was);
	str_format(h->key, sizeof(h->key), "band:%s-%s:%s", playbook_band_name(prev), playbook_band_name(cur),
		   since);
	h->day = h->since = s->day[j];
	str_format(h->why, sizeof(h->why), "health %ld, %s since %s (was %ld, %s, on %s)",
		   health_round(s->score[s->len - 1]), playbook_band_name(cur), since,
		   health_round(s->score[j - 1]), playbook_band_name(prev), was);
	return true;
}

/* Index of the last snapshot on or before day, or -1. */
static long at_or_before(const struct series *s, int day)
{
	size_t lo = 0, hi = s->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->day[mid] <= day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

/* Snapshot i is down >= points from the score `weeks` weeks before it; *ref: that snapshot. */
static bool dropped(const struct series *s, size_t i, int points, int weeks, long *ref)
{
	*ref = at_or_before(s, s->day[i] - 7 * weeks);
	return *ref >= 0 && health_round(s->score[*ref]) - health_round(s->score[i]) >= points;
}

/* The latest snapshot is down; the key is the first snapshot of the run of
 * snapshots that are all down, so one fall is one condition however long it lasts. */
static bool cond_score_drop(struct run *R, const struct playbook_rule *r, struct hit *h)
{
	const struct series *s = &R->h;
	int points = r->param[PBP_POINTS], weeks = r->param[PBP_WEEKS];
	long ref, unused;
	size_t start;
	char since[11], from[11];

	if (s->len == 0 || !dropped(s, s->len - 1, points, weeks, &ref))
		return false;
	for (start = s->len - 1; start > 0 && dropped(s, start - 1, points, weeks, &unused); start--)
		;
	day_format_iso(s->day[start], since);
	day_format_iso(s->day[ref], from);
	str_format(h->key, sizeof(h->key), "drop:%s", since);
	h->day = h->since = s->day[start];
	long now = health_round(s->score[s->len - 1]), then = health_round(s->score[ref]);
	str_format(h->why, sizeof(h->why), "health %ld, down %ld points from %ld on %s (%d week%s; falling since %s)",
		   now, then - now, then, from, weeks, plural(weeks), since);
	return true;
}

/* The season as season.h defines it (the agenda's, with the rule's `days`
 * as the look-ahead). The key is this year's season start, so it stays put
 * as the days pass. */
static int cond_season(struct run *R, const struct playbook_rule *r, const struct account *a, struct hit *h,
		       bool *holds)
{
	int T = R->today, N = r->param[PBP_DAYS];
	struct season se;

	*holds = false;
	if (season_due(R->st, a->id, R->key_metric, R->logins_metric, T, N, &se, holds))
		return -1;
	if (!*holds)
		return 0;
	char starts[11], from[11], to[11];
	int in = se.start - T;
	day_format_iso(se.start, starts);
	day_format_iso(se.first, from);
	day_format_iso(se.last, to);
	str_format(h->key, sizeof(h->key), "season:%s", starts);
	h->day = se.start;
	h->since = se.start - N;
	if (in > 0)
		str_format(h->why, sizeof(h->why), "key feature season starts %s, in %d day%s: used from %s "
			   "to %s last year, not yet this year", starts, in, plural(in), from, to);
	else
		str_format(h->why, sizeof(h->why), "key feature season started %s: used from %s to %s "
			   "last year, not yet this year", starts, from, to);
	return 0;
}

/* The champion as the rule compares it: the name, and whether they left. */
static char *champion_value(const struct account *a)
{
	return xasprintf("%s%s", a->champion, a->left ? " (left)" : "");
}

static int champion_seen(struct run *R, const char *crm_id, char **out)
{
	static const char sql[] = "SELECT condition FROM playbook_fired WHERE rule = '" CHAMPION_STATE "'"
				  " AND crm_id = ?1";
	sqlite3_stmt *s = store_stmt(R->st, sql);
	int rc;
	*out = NULL;
	if (!s)
		return -1;
	store_bind_text(s, 1, crm_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = xstrdup((const char *)sqlite3_column_text(s, 0));
	return store_finish(R->st, s, rc, N_("the champion last seen"));
}

static int champion_remember(struct run *R, const char *crm_id, const char *value)
{
	static const char del[] = "DELETE FROM playbook_fired WHERE rule = '" CHAMPION_STATE "' AND crm_id = ?1";
	static const char ins[] = "INSERT INTO playbook_fired(rule, crm_id, condition, touch_id, fired_at)"
				  " VALUES ('" CHAMPION_STATE "', ?1, ?2, NULL, ?3)";
	sqlite3_stmt *s = store_stmt(R->st, del);
	if (!s)
		return -1;
	store_bind_text(s, 1, crm_id);
	if (written(R->st, s, sqlite3_step(s), _("record the champion")))
		return -1;
	if (!(s = store_stmt(R->st, ins)))
		return -1;
	store_bind_text(s, 1, crm_id);
	store_bind_text(s, 2, value);
	sqlite3_bind_int64(s, 3, ts_now());
	return written(R->st, s, sqlite3_step(s), _("record the champion"));
}

/* champion_changed: another person (champion.h, the one definition the
 * agenda and the hidden risks read: the latest change of name within a
 * year, no touch since), keyed by the import's day and the new name; or the
 * same person marked left, seen against the champion last seen (the rule's
 * own ~champion state; the first look is a baseline). */
static int cond_champion(struct run *R, const struct account *a, const char *seen, const char *now,
			 struct hit *h, bool *holds)
{
	struct champion_change c;
	char iso[11];

	*holds = false;
	if (champion_change_get(R->st, a->crm_id, R->today, &c)) {
		champion_change_clear(&c);
		return -1;
	}
	if (c.open) {
		day_format_iso(c.day, iso);
		str_format(h->key, sizeof(h->key), "champion:%s:%s", iso, c.new_name);
		h->day = c.day;
		str_format(h->why, sizeof(h->why), "the champion changed from %s to %s on %s, no touch since",
			   c.old_name, !str_empty(c.new_name) ? c.new_name : "(none)", iso);   /* stored: English */
		*holds = true;
	} else if (seen && a->left && !str_empty(a->champion) && strcmp(seen, a->champion) == 0) {
		/* seen is the same name, not yet left: they left since */
		str_format(h->key, sizeof(h->key), "champion:%s -> %s", seen, now);
		h->day = R->today;
		str_format(h->why, sizeof(h->why), "the champion %s left", a->champion);
		*holds = true;
	}
	champion_change_clear(&c);
	return 0;
}

static bool cond_no_touch(struct run *R, const struct playbook_rule *r, const struct account *a, int last,
			  struct hit *h)
{
	int cadence = R->cfg->cadence[a->model], grace = r->param[PBP_GRACE];
	char iso[11];

	/* No note at all: the last touch is unknown (a team that just started
	 * logging would get a touchpoint for every account), so no judgement. */
	if (last == DAY_NONE)
		return false;
	if (R->today - last <= cadence + grace)
		return false;
	day_format_iso(last, iso);
	str_format(h->key, sizeof(h->key), "last:%s", iso);
	h->day = last + cadence;
	h->since = last + 1;
	str_format(h->why, sizeof(h->why), "no touch since %s, %d days ago (%s touch cadence: %d days)", iso,
		   R->today - last, touch_model_name(a->model), cadence);
	return true;
}

/* An expansion signal: the latest active_seats value, at most `within` days
 * old, is `percent`% or more of the seats bought. Once per number of seats
 * bought (the key): buying more seats lets it fire again at the new level. */
static int cond_seats(struct run *R, const struct playbook_rule *r, const struct account *a, struct hit *h,
		      bool *holds)
{
	static const char sql[] =
		"SELECT day, value FROM metric WHERE account_id = ?1 AND metric_id = ?2 AND day <= ?3"
		" ORDER BY day DESC LIMIT 1";
	sqlite3_stmt *s;
	int rc;
	*holds = false;
	if (R->seats_metric < 0 || a->seats <= 0)
		return 0;
	if (!(s = store_stmt(R->st, sql)))
		return -1;
	sqlite3_bind_int64(s, 1, a->id);
	sqlite3_bind_int64(s, 2, R->seats_metric);
	sqlite3_bind_int(s, 3, R->today);
	rc = sqlite3_step(s);
	int day = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : DAY_NONE;
	double active = rc == SQLITE_ROW ? sqlite3_column_double(s, 1) : 0;
	if (store_finish(R->st, s, rc == SQLITE_ROW ? SQLITE_DONE : rc, N_("the active seats")))
		return -1;
	if (day == DAY_NONE || R->today - day > r->param[PBP_WITHIN])
		return 0;
	/* active / seats >= percent / 100, without rounding */
	if (active * 100.0 < (double)r->param[PBP_PERCENT] * (double)a->seats)
		return 0;
	char iso[11];
	day_format_iso(day, iso);
	str_format(h->key, sizeof(h->key), "seats:%ld", a->seats);
	h->day = day;
	str_format(h->why, sizeof(h->why), "%.0f of %ld seats active on %s (%.0f%%, at least %d%%): "
		   "an expansion signal", active, a->seats, iso, active * 100.0 / (double)a->seats,
		   r->param[PBP_PERCENT]);
	*holds = true;
	return 0;
}

/* ---- Firing ---------------------------------------------------------------------- */

static int fired_before(struct run *R, const char *rule, const char *crm_id, const char *key, bool *yes)
{
	static const char sql[] = "SELECT 1 FROM playbook_fired WHERE rule = ?1 AND crm_id = ?2 AND condition = ?3";
	sqlite3_stmt *s = store_stmt(R->st, sql);
	int rc;
	if (!s)
		return -1;
	store_bind_text(s, 1, rule);
	store_bind_text(s, 2, crm_id);
	store_bind_text(s, 3, key);
	rc = sqlite3_step(s);
	*yes = rc == SQLITE_ROW;
	return store_finish(R->st, s, rc, N_("the playbook's record"));
}

static int touch_exists(struct run *R, const char *id, bool *yes)
{
	static const char sql[] = "SELECT 1 FROM touchpoint WHERE id = ?1";
	sqlite3_stmt *s = store_stmt(R->st, sql);
	int rc;
	if (!s)
		return -1;
	store_bind_text(s, 1, id);
	rc = sqlite3_step(s);
	*yes = rc == SQLITE_ROW;
	return store_finish(R->st, s, rc, N_("the touchpoints"));
}

static int record(struct run *R, const char *rule, const char *crm_id, const char *key, const char *id,
		  const char *reason)
{
	static const char sql[] = "INSERT INTO playbook_fired(rule, crm_id, condition, touch_id, fired_at, reason)"
				  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	sqlite3_stmt *s = store_stmt(R->st, sql);
	if (!s)
		return -1;
	store_bind_text(s, 1, rule);
	store_bind_text(s, 2, crm_id);
	store_bind_text(s, 3, key);
	store_bind_text(s, 4, id);
	sqlite3_bind_int64(s, 5, ts_now());
	if (reason)
		store_bind_text(s, 6, reason);
	else
		sqlite3_bind_null(s, 6);
	return written(R->st, s, sqlite3_step(s), _("record a playbook touchpoint"));
}

/* One rule's reason as the notes and the agenda show it: "rule: why (note)". */
static void reason_add(struct sbuf *b, const struct playbook_rule *r, const struct hit *h)
{
	sbuf_addf(b, "%s: %s", r->name, h->why);
	if (r->note)
		sbuf_addf(b, " (%s)", r->note);
}

/* Does a touchpoint's note carry this rule's reason? The note of a
 * touchpoint one rule made is "Playbook RULE: why; note", of one several
 * rules made "Playbook: RULE1: why (note); RULE2: why". */
static bool note_names_rule(const char *note, const char *rule)
{
	size_t n = strlen(rule);
	const char *p;
	if (!note || strncmp(note, "Playbook ", 9) == 0)
		return note && strncmp(note + 9, rule, n) == 0 && note[9 + n] == ':';
	if (strncmp(note, "Playbook: ", 10) != 0)
		return false;
	for (p = note + 10; p; p = strstr(p, "; ")) {
		if (p != note + 10)
			p += 2;
		if (strncmp(p, rule, n) == 0 && p[n] == ':' && p[n + 1] == ' ')
			return true;
	}
	return false;
}

/* A touchpoint of the account that this occurrence of the rule already
 * made with other rules (its id is another rule's): the note it was
 * scheduled with names the rule, and it was made since the occurrence could
 * hold or gives this very reason. A rebuilt database or another device of
 * the owner finds it so. *out: its id, "" when none. */
static int made_with_others(struct run *R, const struct playbook_rule *r, const char *crm_id, const struct hit *h,
			    char out[27])
{
	/* the note it was scheduled with: a done's note replaces it */
	static const char sql[] = "SELECT t.id, json_extract(e.data, '$.note') AS n, t.created FROM touchpoint t"
				  " JOIN event e ON e.entity = 'touch/' || t.id AND e.type = 'touch.schedule'"
				  " WHERE t.account = ?1 AND n LIKE 'Playbook: %' ORDER BY t.created, t.id";
	sqlite3_stmt *s = store_stmt(R->st, sql);
	struct sbuf why = {0};
	int rc;

	out[0] = '\0';
	if (!s)
		return -1;
	reason_add(&why, r, h);
	store_bind_text(s, 1, crm_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && !out[0]) {
		const char *note = (const char *)sqlite3_column_text(s, 1);
		struct hlc c;
		if (!note_names_rule(note, r->name))
			continue;
		bool made_since = hlc_parse((const char *)sqlite3_column_text(s, 2), &c) &&
				  (int64_t)(c.ms / 1000 / 86400) >= h->since;
		if (made_since || strstr(note, sbuf_str(&why)))
			str_copy(out, 27, (const char *)sqlite3_column_text(s, 0));
	}
	sbuf_free(&why);
	if (rc == SQLITE_ROW)
		rc = SQLITE_DONE;
	return store_finish(R->st, s, rc, N_("the touchpoints"));
}

/* A touchpoint of the account already scheduled, open or snoozed, due from today on. */
struct planned {
	char id[27];
	int due;
	char *note;
};

static void planned_free(struct planned *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i].note);
	free(p);
}

static int load_planned(struct run *R, const char *crm_id, struct planned **out, size_t *n)
{
	static const char sql[] = "SELECT id, due_day, note FROM touchpoint WHERE account = ?1"
				  " AND status IN ('open', 'snoozed') AND due_day >= ?2 ORDER BY due_day, id";
	sqlite3_stmt *s = store_stmt(R->st, sql);
	struct planned *p = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!s)
		return -1;
	store_bind_text(s, 1, crm_id);
	sqlite3_bind_int(s, 2, R->today);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *note = (const char *)sqlite3_column_text(s, 2);
		if (len == cap)
			p = xreallocarray(p, cap = cap ? cap * 2 : 4, sizeof(*p));
		str_copy(p[len].id, sizeof(p[len].id), (const char *)sqlite3_column_text(s, 0));
		p[len].due = sqlite3_column_int(s, 1);
		p[len++].note = note ? xstrdup(note) : NULL;
	}
	if (store_finish(R->st, s, rc, N_("the touchpoints"))) {
		planned_free(p, len);
		return -1;
	}
	*out = p;
	*n = len;
	return 0;
}

/* The day a rule's touchpoint is due: its due_in or due_before, never
 * before today. Also the end of the rule's horizon. */
static int due_day(const struct run *R, const struct playbook_rule *r, const struct hit *h)
{
	int due = r->param[PBP_DUE_BEFORE] >= 0 ? h->day - r->param[PBP_DUE_BEFORE] : R->today + r->param[PBP_DUE_IN];
	return due < R->today ? R->today : due;
}

/* The one touchpoint of the rules in new[0..n) (config order), due the
 * earliest of their days, of the kind of the rule that decides that day
 * (the first such in config order), its id that rule's (rule, account,
 * key), so every device makes the same one. */
static int schedule(struct run *R, const struct account *a, struct pending *const *new, size_t n)
{
	const struct playbook_rule *rules = R->cfg->playbook.items, *lead_rule;
	const struct pending *lead = new[0];
	char id[27], entity[40];
	struct sbuf note = {0};

	for (size_t i = 1; i < n; i++)
		if (new[i]->due < lead->due)
			lead = new[i];
	lead_rule = &rules[lead->ri];
	playbook_touch_id(lead_rule->name, a->crm_id, lead->h.key, id);
	if (n == 1) {
		sbuf_addf(&note, "Playbook %s: %s", lead_rule->name, lead->h.why);
		if (lead_rule->note)
			sbuf_addf(&note, "; %s", lead_rule->note);
	} else {
		sbuf_adds(&note, "Playbook: ");
		for (size_t i = 0; i < n; i++) {
			if (i)
				sbuf_adds(&note, "; ");
			reason_add(&note, &rules[new[i]->ri], &new[i]->h);
		}
	}
	json_object *data = json_object_new_object();
	json_object_object_add(data, "due_day", json_day_or_null(lead->due));
	json_object_object_add(data, "kind", json_object_new_string(lead_rule->kind));
	json_object_object_add(data, "note", json_object_new_string(sbuf_str(&note)));
	sbuf_free(&note);
	str_format(entity, sizeof(entity), "touch/%s", id);
	undo_suspend(true);          /* nobody's action: not on the undo list */
	int rc = event_emit(R->st, R->cfg->me, "touch.schedule", entity, a->crm_id, NULL, data);
	undo_suspend(false);
	if (rc) {
		error_prefix("playbook rule %s, account %s", lead_rule->name, a->crm_id);
		return -1;
	}
	R->rep->created++;
	for (size_t i = 0; i < n; i++) {
		R->rep->fired++;
		R->rep->per_rule[new[i]->ri].created++;
		if (record(R, rules[new[i]->ri].name, a->crm_id, new[i]->h.key, id, NULL))
			return -1;
	}
	return 0;
}

/* Settles the account's conditions that hold (config order): a condition
 * fired before is left alone; one whose own touchpoint exists (a lost
 * record) gets its record back; one with a touchpoint already scheduled
 * inside its horizon (from today to its due day) is recorded against it,
 * its reason kept for the agenda (or not, when that touchpoint's note
 * already gives it); the rest make one touchpoint together. */
static int settle(struct run *R, const struct account *a, struct pending *p, size_t n)
{
	const struct playbook_rule *rules = R->cfg->playbook.items;
	struct pending *new[PLAYBOOK_RULES_MAX];
	struct planned *plan = NULL;
	size_t n_new = 0, n_plan = 0;
	bool loaded = false;
	int rc = -1;

	for (size_t i = 0; i < n; i++) {
		const struct playbook_rule *r = &rules[p[i].ri];
		char id[27];
		bool done;

		if (fired_before(R, r->name, a->crm_id, p[i].h.key, &done))
			goto out;
		if (done)
			continue;
		playbook_touch_id(r->name, a->crm_id, p[i].h.key, id);
		if (touch_exists(R, id, &done))
			goto out;
		if (!done && made_with_others(R, r, a->crm_id, &p[i].h, id))
			goto out;
		if (done || id[0]) {
			R->rep->repaired++;
			if (record(R, r->name, a->crm_id, p[i].h.key, id, NULL))
				goto out;
			continue;
		}
		if (!loaded && load_planned(R, a->crm_id, &plan, &n_plan))
			goto out;
		loaded = true;
		p[i].due = due_day(R, r, &p[i].h);
		const struct planned *in = NULL;
		for (size_t k = 0; k < n_plan && !in; k++)
			if (plan[k].due <= p[i].due)
				in = &plan[k];
		if (!in) {
			new[n_new++] = &p[i];
			continue;
		}
		if (note_names_rule(in->note, r->name)) {
			R->rep->repaired++;
			if (record(R, r->name, a->crm_id, p[i].h.key, in->id, NULL))
				goto out;
			continue;
		}
		struct sbuf why = {0};
		reason_add(&why, r, &p[i].h);
		int w = record(R, r->name, a->crm_id, p[i].h.key, in->id, sbuf_str(&why));
		sbuf_free(&why);
		if (w)
			goto out;
		R->rep->fired++;
		R->rep->attached++;
	}
	rc = n_new ? schedule(R, a, new, n_new) : 0;
out:
	planned_free(plan, n_plan);
	return rc;
}

/* ---- The run ----------------------------------------------------------------------- */

static int run_account(struct run *R, const struct account *a, bool need_health, bool need_champion,
		       bool need_touch)
{
	const struct playbook_rules *rules = &R->cfg->playbook;
	char *seen = NULL, *now = NULL;
	int last = DAY_NONE, rc = -1;

	if (need_health && load_health(R, a))
		return -1;
	if (need_touch && last_touch(R, a->crm_id, &last))
		return -1;
	if (need_champion) {
		if (champion_seen(R, a->crm_id, &seen))
			return -1;
		now = champion_value(a);
	}
	size_t n_pend = 0;
	for (size_t i = 0; i < rules->len; i++) {
		const struct playbook_rule *r = &rules->items[i];
		struct pending *pd = &R->pend[n_pend];
		struct hit h = { .since = R->today };
		bool holds = false;
		switch (r->when) {
		case PB_RENEWAL:
			holds = cond_renewal(R, r, a, &h);
			break;
		case PB_BAND_DROP:
			holds = cond_band_drop(R, r, &h);
			break;
		case PB_SCORE_DROP:
			holds = cond_score_drop(R, r, &h);
			break;
		case PB_SEASON:
			if (cond_season(R, r, a, &h, &holds))
				goto out;
			break;
		case PB_CHAMPION:
			if (cond_champion(R, a, seen, now, &h, &holds))
				goto out;
			break;
		case PB_NO_TOUCH:
			holds = cond_no_touch(R, r, a, last, &h);
			break;
		case PB_SEATS:
			if (cond_seats(R, r, a, &h, &holds))
				goto out;
			break;
		case PB_WHEN_COUNT:
			break;
		}
		if (holds) {
			pd->ri = i;
			pd->h = h;
			n_pend++;
		}
	}
	if (n_pend && settle(R, a, R->pend, n_pend))
		goto out;
	if (need_champion && !str_eq(seen, now) && champion_remember(R, a->crm_id, now))
		goto out;
	rc = 0;
out:
	free(seen);
	free(now);
	return rc;
}

static int run_all(struct run *R)
{
	const struct playbook_rules *rules = &R->cfg->playbook;
	bool need_health = false, need_champion = false, need_touch = false, need_season = false;
	struct account *accts;
	size_t n;
	int rc = 0;

	for (size_t i = 0; i < rules->len; i++) {
		enum playbook_when w = rules->items[i].when;
		need_health |= w == PB_BAND_DROP || w == PB_SCORE_DROP;
		need_champion |= w == PB_CHAMPION;
		need_touch |= w == PB_NO_TOUCH;
		need_season |= w == PB_SEASON;
	}
	R->key_metric = R->logins_metric = R->seats_metric = -1;
	for (size_t i = 0; i < rules->len; i++)
		if (rules->items[i].when == PB_SEATS) {
			if (metric_id(R, "active_seats", &R->seats_metric))
				return -1;
			break;
		}
	if (need_season && (metric_id(R, "key_feature_uses", &R->key_metric) ||
			    metric_id(R, "logins", &R->logins_metric)))
		return -1;
	if (load_accounts(R, &accts, &n))
		return -1;
	R->rep->accounts = n;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = run_account(R, &accts[i], need_health, need_champion, need_touch);
	accounts_free(accts, n);
	return rc;
}

/* The feeds whose import is held back ("feeds/a.yaml, feeds/b.csv"), or NULL. */
static int held_feeds(struct store *st, char **out)
{
	sqlite3_stmt *s;
	int rc;
	*out = NULL;
	if (store_prepare(st, "SELECT group_concat(path, ', ') FROM (SELECT path FROM feed_hold "
			  "ORDER BY path)", &s))
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		*out = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : error(_("cannot read the held-back feeds: %s"), sqlite3_errstr(rc));
}

int playbook_run(struct store *st, const struct config *cfg, int today, struct playbook_report *rep)
{
	struct run R = { .st = st, .cfg = cfg, .today = today, .rep = rep };
	bool mine;
	int rc;

	memset(rep, 0, sizeof(*rep));
	rep->rules = cfg->playbook.len;
	if (rep->rules == 0)
		return 0;
	rep->per_rule = xcalloc(rep->rules, sizeof(*rep->per_rule));
	for (size_t i = 0; i < rep->rules; i++)
		str_copy(rep->per_rule[i].name, sizeof(rep->per_rule[i].name), cfg->playbook.items[i].name);
	if (str_empty(cfg->me))
		return 0;
	if (held_feeds(st, &rep->held) != 0)
		return -1;
	if (rep->held)
		return 0;
	if (store_join(st, &mine))
		return -1;
	R.pend = xcalloc(rep->rules, sizeof(*R.pend));
	rc = store_end(st, mine, run_all(&R));
	free(R.pend);
	free(R.h.day);
	free(R.h.score);
	if (rc) {
		/* rolled back: nothing of this run was kept */
		rep->created = rep->repaired = rep->fired = rep->attached = 0;
		for (size_t i = 0; i < rep->rules; i++)
			rep->per_rule[i].created = 0;
	}
	return rc;
}

void playbook_report_free(struct playbook_report *rep)
{
	free(rep->per_rule);
	free(rep->held);
	memset(rep, 0, sizeof(*rep));
}

char *playbook_report_line(const struct playbook_report *rep)
{
	struct sbuf b = {0};
	const char *sep = " (";
	char rules[64], accounts[64];

	if (rep->rules == 0)
		return NULL;
	if (rep->held) {
		sbuf_addf(&b, _("playbook: not run while a feed import is held back (%s); it runs "
			  "once the import is applied or the file is fixed"), rep->held);
		return b.data;
	}
	if (rep->created == 0) {
		sbuf_adds(&b, _("playbook: no new touchpoints"));
		if (rep->attached)
			sbuf_addf(&b, P_("; %zu reason added to touchpoints already scheduled",
				  "; %zu reasons added to touchpoints already scheduled", rep->attached), rep->attached);
		str_format(rules, sizeof(rules), P_("%zu rule", "%zu rules", rep->rules), rep->rules);
		str_format(accounts, sizeof(accounts), P_("%zu account", "%zu accounts", rep->accounts), rep->accounts);
		sbuf_addf(&b, " (%s, %s)", rules, accounts);
		return b.data;
	}
	sbuf_addf(&b, P_("playbook: %zu touchpoint", "playbook: %zu touchpoints", rep->created), rep->created);
	size_t into = rep->fired - rep->attached;
	if (into != rep->created)
		sbuf_addf(&b, _(" from %zu firings"), into);
	for (size_t i = 0; i < rep->rules; i++) {
		if (!rep->per_rule[i].created)
			continue;
		sbuf_addf(&b, "%s%s: %zu", sep, rep->per_rule[i].name, rep->per_rule[i].created);
		sep = ", ";
	}
	sbuf_addc(&b, ')');
	if (rep->attached)
		sbuf_addf(&b, P_("; %zu reason added to touchpoints already scheduled",
			  "; %zu reasons added to touchpoints already scheduled", rep->attached), rep->attached);
	return b.data;
}
