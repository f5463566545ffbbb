/* detail.c - one account in full (see detail.h): facts, health and its
 * components, usage, risks, notes and touchpoints.
 *
 * Daily metrics are counted over whole days up to yesterday (today's are not
 * in yet); weekly snapshots are dated on the last day of the week they cover,
 * so "the last 4 weeks" are the snapshots dated today-27 .. today. Every
 * query is a cached statement with bound parameters (store_stmt).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/book.h"
#include "csconsole/date.h"
#include "csconsole/detail.h"
#include "csconsole/healthcalc.h"
#include "csconsole/i18n.h"
#include "csconsole/summary.h"
#include "csconsole/text.h"

/* ---- Small helpers ------------------------------------------------------- */

/* A sanitized copy of a text column; "" for NULL. */
static char *col_text(sqlite3_stmt *s, int col)
{
	const char *v = (const char *)sqlite3_column_text(s, col);
	return v ? text_sanitize(v, false) : xstrdup("");
}

static char *col_text_lines(sqlite3_stmt *s, int col)
{
	const char *v = (const char *)sqlite3_column_text(s, col);
	return v ? text_sanitize(v, true) : xstrdup("");
}

static void col_copy(sqlite3_stmt *s, int col, char *dst, size_t size)
{
	char *v = col_text(s, col);
	str_copy(dst, size, v);
	free(v);
}

static bool col_null(sqlite3_stmt *s, int col)
{
	return sqlite3_column_type(s, col) == SQLITE_NULL;
}

static int col_day(sqlite3_stmt *s, int col)
{
	return col_null(s, col) ? DAY_NONE : sqlite3_column_int(s, col);
}

/* Ends a statement's use; SQLITE_DONE/ROW are fine, anything else an error. */

/* ---- Metrics --------------------------------------------------------------- */


struct loader {
	struct store *st;
	const struct config *cfg;
	int today;
	sqlite3_int64 account_id;
	sqlite3_int64 metric_id[HCM_COUNT];   /* -1 when the name was never imported */
};

static const char sql_metric_id[] = "SELECT id FROM metric_name WHERE name = ?1";
static const char sql_metric_sum[] =
	"SELECT count(*), total(value) FROM metric"
	" WHERE account_id = ?1 AND metric_id = ?2 AND day BETWEEN ?3 AND ?4";
static const char sql_metric_last[] =
	"SELECT day, value FROM metric"
	" WHERE account_id = ?1 AND metric_id = ?2 AND day BETWEEN ?3 AND ?4 ORDER BY day DESC LIMIT 1";
static const char sql_metric_any[] =
	"SELECT EXISTS (SELECT 1 FROM metric WHERE account_id = ?1 AND metric_id = ?2"
	" AND day BETWEEN ?3 AND ?4)";

static int load_metric_ids(struct loader *L)
{
	for (int m = 0; m < HCM_COUNT; m++) {
		sqlite3_stmt *s = store_stmt(L->st, sql_metric_id);
		int rc;
		if (!s)
			return -1;
		store_bind_text(s, 1, health_metric_name((enum hc_metric)m));
		rc = sqlite3_step(s);
		L->metric_id[m] = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
		if (store_finish(L->st, s, rc, N_("the metric names")))
			return -1;
	}
	return 0;
}

static sqlite3_stmt *metric_stmt(struct loader *L, const char *sql, enum hc_metric m, int from, int to)
{
	sqlite3_stmt *s = store_stmt(L->st, sql);
	if (!s)
		return NULL;
	sqlite3_bind_int64(s, 1, L->account_id);
	sqlite3_bind_int64(s, 2, L->metric_id[m]);
	sqlite3_bind_int(s, 3, from);
	sqlite3_bind_int(s, 4, to);
	return s;
}

/* Sum of metric m over days from..to; *n = rows found. */
static int metric_sum(struct loader *L, enum hc_metric m, int from, int to, long *n, double *sum)
{
	sqlite3_stmt *s = metric_stmt(L, sql_metric_sum, m, from, to);
	int rc;
	if (!s)
		return -1;
	rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	*sum = rc == SQLITE_ROW ? sqlite3_column_double(s, 1) : 0;
	return store_finish(L->st, s, rc, N_("the metrics"));
}

/* The latest value of metric m in from..to; *found false when none. */
static int metric_last(struct loader *L, enum hc_metric m, int from, int to, bool *found,
		       int *day, double *value)
{
	sqlite3_stmt *s = metric_stmt(L, sql_metric_last, m, from, to);
	int rc;
	if (!s)
		return -1;
	rc = sqlite3_step(s);
	*found = rc == SQLITE_ROW;
	if (*found) {
		*day = sqlite3_column_int(s, 0);
		*value = sqlite3_column_double(s, 1);
	}
	return store_finish(L->st, s, rc, N_("the metrics"));
}

/* Whether the account has daily data (a logins row: logins are daily, the
 * feature metrics only on days of use) in from..to. */
static int daily_data(struct loader *L, int from, int to, bool *any)
{
	sqlite3_stmt *s = metric_stmt(L, sql_metric_any, HCM_LOGINS, from, to);
	int rc;
	if (!s)
		return -1;
	rc = sqlite3_step(s);
	*any = rc == SQLITE_ROW && sqlite3_column_int(s, 0);
	return store_finish(L->st, s, rc, N_("the metrics"));
}

/* ---- Facts ------------------------------------------------------------------ */

static const char sql_account[] =
	"SELECT id, crm_id, name, segment, touch_model, stage, arr_minor, currency, renewal_day,"
	" main_owner, sub_owner, seats, champion, champion_email, champion_status, active"
	" FROM account WHERE crm_id = ?1";
static const char sql_contacts[] =
	"SELECT name, role, email FROM contact WHERE account_id = ?1 ORDER BY pos";
static const char sql_csm_name[] = "SELECT name FROM csm WHERE handle = ?1";
/* An absence naming a cover first, then the latest started. */
static const char sql_absence[] =
	"SELECT end_day, covered_by, reason FROM absence WHERE handle = ?1"
	" AND ?2 BETWEEN start_day AND end_day"
	" ORDER BY covered_by IS NULL, start_day DESC, id DESC LIMIT 1";
static const char sql_by_name[] =
	"SELECT crm_id FROM account WHERE name = ?1 ORDER BY active DESC, crm_id LIMIT 2";

static int csm_name(struct loader *L, const char *handle, char **out)
{
	sqlite3_stmt *s;
	int rc;

	if (!*handle) {
		*out = xstrdup("");
		return 0;
	}
	if (!(s = store_stmt(L->st, sql_csm_name)))
		return -1;
	store_bind_text(s, 1, handle);
	rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? col_text(s, 0) : xstrdup("");
	return store_finish(L->st, s, rc, N_("the team"));
}

static int load_facts(struct loader *L, const char *crm_id, struct account_detail *d)
{
	sqlite3_stmt *s = store_stmt(L->st, sql_account);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, crm_id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		if (store_finish(L->st, s, rc, N_("the account")))
			return -1;
		return error(_("no account \"%s\" in the book: give a CRM id as `csconsole accounts --scope "
			     "team` lists them (or an exact account name), or run `csconsole sync`"), crm_id);
	}
	L->account_id = sqlite3_column_int64(s, 0);
	col_copy(s, 1, d->crm_id, sizeof(d->crm_id));
	d->name = col_text(s, 2);
	d->segment = col_text(s, 3);
	col_copy(s, 4, d->touch_model, sizeof(d->touch_model));
	col_copy(s, 5, d->stage, sizeof(d->stage));
	d->arr_minor = col_null(s, 6) ? INT64_MIN : sqlite3_column_int64(s, 6);
	col_copy(s, 7, d->currency, sizeof(d->currency));
	d->renewal_day = col_day(s, 8);
	d->days_left = d->renewal_day == DAY_NONE ? 0 : d->renewal_day - L->today;
	d->main_owner = col_text(s, 9);
	d->sub_owner = col_text(s, 10);
	d->has_seats = !col_null(s, 11);
	d->seats = sqlite3_column_int(s, 11);
	d->champion = col_text(s, 12);
	d->champion_email = col_text(s, 13);
	col_copy(s, 14, d->champion_status, sizeof(d->champion_status));
	d->active = sqlite3_column_int(s, 15) != 0;
	if (store_finish(L->st, s, rc, N_("the account")))
		return -1;

	enum touch_model tm;
	d->cadence = touch_model_parse(d->touch_model, &tm) ? L->cfg->cadence[tm] : 0;

	if (!(s = store_stmt(L->st, sql_contacts)))
		return -1;
	sqlite3_bind_int64(s, 1, L->account_id);
	size_t cap = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (d->n_contacts == cap) {
			cap = cap ? cap * 2 : 4;
			d->contacts = xreallocarray(d->contacts, cap, sizeof(*d->contacts));
		}
		struct detail_contact *c = &d->contacts[d->n_contacts++];
		c->name = col_text(s, 0);
		c->role = col_text(s, 1);
		c->email = col_text(s, 2);
	}
	if (store_finish(L->st, s, rc, N_("the contacts")))
		return -1;

	if (csm_name(L, d->main_owner, &d->main_owner_name) || csm_name(L, d->sub_owner, &d->sub_owner_name))
		return -1;

	/* Who covers today when the main owner is away: the absence's cover, else the sub owner. */
	if (!(s = store_stmt(L->st, sql_absence)))
		return -1;
	store_bind_text(s, 1, d->main_owner);
	sqlite3_bind_int(s, 2, L->today);
	rc = sqlite3_step(s);
	d->absence_reason = xstrdup("");
	if ((d->main_absent = rc == SQLITE_ROW)) {
		d->absent_until = sqlite3_column_int(s, 0);
		d->covering = col_null(s, 1) ? xstrdup(d->sub_owner) : col_text(s, 1);
		free(d->absence_reason);
		d->absence_reason = col_text(s, 2);
	}
	if (store_finish(L->st, s, rc, N_("the absences")))
		return -1;
	if (!d->covering)
		d->covering = xstrdup("");
	return csm_name(L, d->covering, &d->covering_name);
}

int detail_find_by_name(struct store *st, const char *name, char *out, size_t size)
{
	sqlite3_stmt *s = store_stmt(st, sql_by_name);
	char first[64] = "";
	int rc, n = 0;

	if (!s)
		return -1;
	store_bind_text(s, 1, name);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n++ == 0)
			str_copy(first, sizeof(first), (const char *)sqlite3_column_text(s, 0));
	}
	if (store_finish(st, s, rc, N_("the accounts")))
		return -1;
	if (n == 0) {
		error(_("no account with the CRM id or name \"%s\": give a CRM id as `csconsole "
		      "accounts --scope team` lists them, or the exact name"), name);
		return 1;
	}
	if (n > 1)
		return error(_("several accounts are named \"%s\": give the CRM id instead "
			     "(`csconsole accounts --scope team --search` finds them)"), name);
	str_copy(out, size, first);
	return 0;
}

/* ---- Health ------------------------------------------------------------------- */

static const char sql_health[] =
	"SELECT day, score FROM health WHERE account_id = ?1 AND source = " HEALTH_SOURCE_SQL
	" AND day <= ?2"
	" ORDER BY day DESC LIMIT ?3";

static int load_health(struct loader *L, struct account_detail *d)
{
	sqlite3_stmt *s = store_stmt(L->st, sql_health);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, L->account_id);
	sqlite3_bind_int(s, 2, L->today);
	sqlite3_bind_int(s, 3, DETAIL_HEALTH_WEEKS);
	d->health = xcalloc(DETAIL_HEALTH_WEEKS, sizeof(*d->health));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && d->n_health < DETAIL_HEALTH_WEEKS) {
		d->health[d->n_health].day = sqlite3_column_int(s, 0);
		d->health[d->n_health].score = sqlite3_column_double(s, 1);
		d->n_health++;
	}
	if (store_finish(L->st, s, rc, N_("the health snapshots")))
		return -1;
	/* newest first from the query: turn it round */
	for (size_t i = 0, j = d->n_health; i + 1 < j; i++, j--) {
		struct detail_snapshot t = d->health[i];
		d->health[i] = d->health[j - 1];
		d->health[j - 1] = t;
	}
	d->band = "";
	if (!(d->has_health = d->n_health > 0))
		return 0;
	const struct detail_snapshot *last = &d->health[d->n_health - 1];
	d->health_score = last->score;
	d->health_day = last->day;
	d->band = health_band(L->cfg, last->score);
	/* as account_summary: the latest snapshot at least 28 days before the last */
	for (size_t i = d->n_health - 1; i-- > 0;) {
		if (d->health[i].day <= last->day - 28) {
			d->has_delta = true;
			d->delta4w = last->score - d->health[i].score;
			break;
		}
	}
	return 0;
}

/* The latest snapshot of one source and its 4-week change. */
static int load_latest(struct loader *L, const char *source, struct detail_latest *out)
{
	static const char sql[] =
		"SELECT day, score, (SELECT score FROM health p WHERE p.account_id = h.account_id"
		"   AND p.source = h.source AND p.day <= h.day - 28 ORDER BY p.day DESC LIMIT 1)"
		" FROM health h WHERE h.account_id = ?1 AND h.source = ?2 AND h.day <= ?3"
		" ORDER BY h.day DESC LIMIT 1";
	sqlite3_stmt *s = store_stmt(L->st, sql);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, L->account_id);
	store_bind_text(s, 2, source);
	sqlite3_bind_int(s, 3, L->today);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->has = true;
		out->day = sqlite3_column_int(s, 0);
		out->score = sqlite3_column_double(s, 1);
		if ((out->has_delta = sqlite3_column_type(s, 2) != SQLITE_NULL))
			out->delta4w = out->score - sqlite3_column_double(s, 2);
	}
	return store_finish(L->st, s, rc, N_("the health snapshots"));
}

/* ---- Usage -------------------------------------------------------------------- */

static int load_usage(struct loader *L, struct account_detail *d)
{
	int T = L->today, y, m, dd;
	long n;
	double sum;

	/* core feature: this calendar month and the five before it */
	day_to_ymd(T, &y, &m, &dd);
	for (int i = DETAIL_CORE_MONTHS - 1; i >= 0; i--) {
		struct detail_month *mo = &d->core_months[i];
		int first, last;
		mo->year = y;
		mo->month = m;
		mo->partial = i == DETAIL_CORE_MONTHS - 1;
		first = day_from_ymd(y, m, 1);
		last = (m == 12 ? day_from_ymd(y + 1, 1, 1) : day_from_ymd(y, m + 1, 1)) - 1;
		if (last > T - 1)
			last = T - 1;
		if (daily_data(L, first, last, &mo->has_data) || metric_sum(L, HCM_CORE, first, last, &n, &sum))
			return -1;
		mo->uses = sum;
		if (--m == 0) {
			m = 12;
			y--;
		}
	}

	/* key feature: the last 90 days against the same days a year earlier */
	d->key_from = T - DETAIL_KEY_DAYS;
	d->key_to = T - 1;
	if (daily_data(L, d->key_from, d->key_to, &d->key_has_now) ||
	    metric_sum(L, HCM_KEY, d->key_from, d->key_to, &n, &d->key_now) ||
	    daily_data(L, day_year_earlier(d->key_from), day_year_earlier(d->key_to), &d->key_has_year_ago) ||
	    metric_sum(L, HCM_KEY, day_year_earlier(d->key_from), day_year_earlier(d->key_to), &n, &d->key_year_ago))
		return -1;

	/* logins: 12 weeks of 7 days, the last ending yesterday */
	for (int i = 0; i < DETAIL_LOGIN_WEEKS; i++) {
		struct detail_login_week *w = &d->logins[i];
		w->start = T - 7 * (DETAIL_LOGIN_WEEKS - i);
		if (metric_sum(L, HCM_LOGINS, w->start, w->start + 6, &n, &w->logins))
			return -1;
		w->has_data = n > 0;
	}
	d->has_logins_7d = d->logins[DETAIL_LOGIN_WEEKS - 1].has_data;
	d->logins_7d = d->logins[DETAIL_LOGIN_WEEKS - 1].logins;

	return metric_last(L, HCM_ACTIVE_SEATS, INT32_MIN + 1, T, &d->has_active_seats,
			   &d->active_seats_day, &d->active_seats);
}

/* ---- Risks, notes, touchpoints ------------------------------------------------- */

static const char sql_risks[] =
	"SELECT id, category, severity, status, text, author, opened_day, resolved_day,"
	" coalesce(owner, author), resolve_note FROM risk"
	" WHERE account = ?1 ORDER BY status = 'open' DESC,"
	" CASE WHEN status = 'open' THEN CASE severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2"
	"   WHEN 'low' THEN 1 ELSE 0 END ELSE 0 END DESC,"
	" CASE WHEN status = 'open' THEN opened_day ELSE coalesce(resolved_day, opened_day) END DESC, id";
static const char sql_notes[] =
	"SELECT touch_day, kind, sentiment, summary, text, author, id FROM note"
	" WHERE account = ?1 AND NOT deleted ORDER BY touch_day DESC, created DESC, id DESC";
static const char sql_touch_open[] =
	"SELECT kind, status, reason, note, author, due_day, done_day, id FROM touchpoint"
	" WHERE account = ?1 AND status IN ('open', 'snoozed') ORDER BY due_day, id";
static const char sql_touch_done[] =
	"SELECT kind, status, reason, note, author, due_day, done_day, id FROM touchpoint"
	" WHERE account = ?1 AND status = 'done' ORDER BY coalesce(done_day, due_day) DESC, id"
	" LIMIT ?2";

static int load_risks(struct loader *L, struct account_detail *d)
{
	sqlite3_stmt *s = store_stmt(L->st, sql_risks);
	size_t cap = 0;
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, d->crm_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (d->n_risks == cap) {
			cap = cap ? cap * 2 : 4;
			d->risks = xreallocarray(d->risks, cap, sizeof(*d->risks));
		}
		struct detail_risk *r = &d->risks[d->n_risks++];
		r->id = col_text(s, 0);
		r->category = col_text(s, 1);
		r->severity = col_text(s, 2);
		r->open = str_eq((const char *)sqlite3_column_text(s, 3), "open");
		r->text = col_text_lines(s, 4);
		r->author = col_text(s, 5);
		r->owner = col_text(s, 8);
		r->opened_day = col_day(s, 6);
		r->resolved_day = r->open ? DAY_NONE : col_day(s, 7);
		r->resolve_note = col_text_lines(s, 9);
		d->n_open_risks += r->open;
	}
	return store_finish(L->st, s, rc, N_("the risk notes"));
}

static int load_notes(struct loader *L, struct account_detail *d)
{
	sqlite3_stmt *s = store_stmt(L->st, sql_notes);
	const struct strlist *labels = &L->cfg->sentiment_labels;
	size_t cap = 0;
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, d->crm_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (d->n_notes == cap) {
			cap = cap ? cap * 2 : 8;
			d->notes = xreallocarray(d->notes, cap, sizeof(*d->notes));
		}
		struct detail_note *n = &d->notes[d->n_notes++];
		n->touch_day = sqlite3_column_int(s, 0);
		n->kind = col_text(s, 1);
		n->sentiment = col_null(s, 2) ? 0 : sqlite3_column_int(s, 2);
		n->sentiment_label = xstrdup(n->sentiment >= 1 && (size_t)n->sentiment <= labels->len
					     ? labels->items[n->sentiment - 1] : "");
		n->summary = col_text(s, 3);
		n->text = col_text_lines(s, 4);
		n->author = col_text(s, 5);
		col_copy(s, 6, n->id, sizeof(n->id));
	}
	return store_finish(L->st, s, rc, N_("the notes"));
}

static int read_touches(struct loader *L, struct account_detail *d, sqlite3_stmt *s, size_t *cap)
{
	int rc;

	store_bind_text(s, 1, d->crm_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (d->n_touches == *cap) {
			*cap = *cap ? *cap * 2 : 4;
			d->touches = xreallocarray(d->touches, *cap, sizeof(*d->touches));
		}
		struct detail_touch *t = &d->touches[d->n_touches++];
		t->kind = col_text(s, 0);
		t->status = col_text(s, 1);
		t->reason = col_text(s, 2);
		t->note = col_text(s, 3);
		t->author = col_text(s, 4);
		t->due_day = sqlite3_column_int(s, 5);
		t->done_day = col_day(s, 6);
		col_copy(s, 7, t->id, sizeof(t->id));
		if (str_eq(t->status, "done"))
			t->when = TOUCH_WHEN_DONE;
		else
			t->when = t->due_day < L->today ? TOUCH_WHEN_OVERDUE
				: t->due_day == L->today ? TOUCH_WHEN_TODAY : TOUCH_WHEN_UPCOMING;
	}
	return store_finish(L->st, s, rc, N_("the touchpoints"));
}

/* The last touch by the one definition (touchdef.h), its text sanitized. */
static int load_last_touch(struct loader *L, struct account_detail *d)
{
	struct touch *t = &d->last_touch;
	if (touch_last(L->st, d->crm_id, DAY_NONE, t))
		return -1;
	if (t->day == DAY_NONE)
		return 0;
	char **fields[] = { &t->kind, &t->author, &t->what };
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		char *clean = text_sanitize(*fields[i], false);
		free(*fields[i]);
		*fields[i] = clean;
	}
	return 0;
}

static int load_touches(struct loader *L, struct account_detail *d)
{
	sqlite3_stmt *s = store_stmt(L->st, sql_touch_open);
	size_t cap = 0;

	if (!s || read_touches(L, d, s, &cap))
		return -1;
	d->n_open_touches = d->n_touches;
	if (!(s = store_stmt(L->st, sql_touch_done)))
		return -1;
	sqlite3_bind_int(s, 2, DETAIL_DONE_TOUCHES);
	return read_touches(L, d, s, &cap);
}

/* ---- Components ----------------------------------------------------------------- */

/* The components as of the current week's first day, the day of the
 * weekly snapshot they explain, through healthcalc (the one definition of
 * every figure). */
static int load_components(struct loader *L, struct account_detail *d)
{
	struct health_facts f;
	struct health_input in;
	struct health_texts texts;

	if (health_facts_load(L->st, L->cfg, NULL, L->account_id, &f)) {
		health_facts_free(&f);
		return -1;
	}
	d->model_day = health_week_day(L->cfg, L->today);
	health_facts_inputs(&f, d->model_day, &in, &texts);
	health_compute(&f.params, &in, &d->model);
	for (int c = 0; c < HC_COUNT; c++)
		str_copy(d->component_text[c].text, sizeof(d->component_text[c].text), texts.text[c]);
	health_facts_free(&f);
	return 0;
}

/* ---- Opportunities and feedback (issue 17) ---------------------------------------- */

/* Replaces *field by its sanitized copy (NULL stays NULL). */
static void sanitize_field(char **field, bool lines)
{
	if (!*field)
		return;
	char *clean = text_sanitize(*field, lines);
	free(*field);
	*field = clean;
}

/* The open opportunities and the most recent feedback, as `show` reads
 * them (opportunity_list_load, feedback_list_load), sanitized. */
static int load_pipeline(struct loader *L, struct account_detail *d)
{
	if (opportunity_list_load(L->st, d->crm_id, true, &d->opportunities) ||
	    feedback_list_load(L->st, d->crm_id, &d->feedback))
		return -1;
	for (size_t i = 0; i < d->opportunities.n; i++) {
		struct opportunity *o = &d->opportunities.items[i];
		char **fields[] = { &o->id, &o->account, &o->account_name, &o->author, &o->kind, &o->currency,
				    &o->stage, &o->owner, &o->status };
		for (size_t k = 0; k < ARRAY_SIZE(fields); k++)
			sanitize_field(fields[k], false);
		sanitize_field(&o->note, true);
	}
	d->n_feedback_all = d->feedback.n;
	for (size_t i = DETAIL_FEEDBACK; i < d->feedback.n; i++) {   /* keep the most recent only */
		struct feedback *g = &d->feedback.items[i];
		char *all[] = { g->id, g->account, g->account_name, g->author, g->area, g->request, g->text,
				g->currency };
		for (size_t m = 0; m < ARRAY_SIZE(all); m++)
			free(all[m]);
	}
	if (d->feedback.n > DETAIL_FEEDBACK)
		d->feedback.n = DETAIL_FEEDBACK;
	for (size_t i = 0; i < d->feedback.n; i++) {
		struct feedback *f = &d->feedback.items[i];
		char **fields[] = { &f->id, &f->account, &f->account_name, &f->author, &f->area, &f->request,
				    &f->currency };
		for (size_t k = 0; k < ARRAY_SIZE(fields); k++)
			sanitize_field(fields[k], false);
		sanitize_field(&f->text, true);
	}
	return 0;
}

/* ---- Entry points ------------------------------------------------------------------ */

/* Onboarding is done when onboarding.activation % of the licensed seats are
 * active (the latest active_seats snapshot). */
static void judge_onboarding(const struct config *cfg, struct account_detail *d)
{
	int want = cfg->onboarding_activation;

	if (!str_eq(d->stage, "onboarding")) {
		d->onboarding = ONBOARDING_NA;
		return;
	}
	if (!d->has_seats || d->seats <= 0 || !d->has_active_seats) {
		d->onboarding = ONBOARDING_UNKNOWN;
		const char *metric = d->has_seats && d->seats > 0 ? "active_seats" : "seats";
		str_format(d->onboarding_text, sizeof(d->onboarding_text),
			   "not judged: no %s data (the rule is %d%% of the seats active)", metric, want);
		str_format(d->onboarding_label, sizeof(d->onboarding_label),
			   _("not judged: no %s data (the rule is %d%% of the seats active)"), metric, want);
		return;
	}
	double pct = 100.0 * d->active_seats / d->seats;
	bool done = pct + 1e-9 >= want;
	d->onboarding = done ? ONBOARDING_DONE : ONBOARDING_BELOW;
	str_format(d->onboarding_text, sizeof(d->onboarding_text),
		   done ? "complete: %.0f of %d seats active (%.0f%%), at or above %d%%; the stage can move to adoption"
			: "in progress: %.0f of %d seats active (%.0f%%), below %d%%",
		   d->active_seats, d->seats, pct, want);
	str_format(d->onboarding_label, sizeof(d->onboarding_label),
		   done ? _("complete: %.0f of %d seats active (%.0f%%), at or above %d%%; the stage can move to adoption")
			: _("in progress: %.0f of %d seats active (%.0f%%), below %d%%"),
		   d->active_seats, d->seats, pct, want);
}

int detail_load(struct store *st, const struct config *cfg, const char *crm_id, int today,
		struct account_detail *out)
{
	struct loader L = { .st = st, .cfg = cfg, .today = today };

	memset(out, 0, sizeof(*out));
	out->band = "";
	out->last_touch.day = DAY_NONE;
	if (load_facts(&L, crm_id, out) || load_metric_ids(&L) || load_health(&L, out) ||
	    load_latest(&L, "feed", &out->vendor) || load_latest(&L, "model", &out->computed) ||
	    load_usage(&L, out) || load_risks(&L, out) || load_notes(&L, out) ||
	    load_touches(&L, out) || load_last_touch(&L, out) || load_components(&L, out) ||
	    champion_change_get(st, out->crm_id, today, &out->champion_change) ||
	    load_pipeline(&L, out))
		return -1;
	judge_onboarding(cfg, out);
	return 0;
}

void detail_free(struct account_detail *d)
{
	free(d->name);
	free(d->segment);
	free(d->main_owner);
	free(d->main_owner_name);
	free(d->sub_owner);
	free(d->sub_owner_name);
	free(d->absence_reason);
	free(d->covering);
	free(d->covering_name);
	free(d->champion);
	free(d->champion_email);
	champion_change_clear(&d->champion_change);
	for (size_t i = 0; i < d->n_contacts; i++) {
		free(d->contacts[i].name);
		free(d->contacts[i].role);
		free(d->contacts[i].email);
	}
	free(d->contacts);
	free(d->health);
	for (size_t i = 0; i < d->n_risks; i++) {
		free(d->risks[i].id);
		free(d->risks[i].category);
		free(d->risks[i].severity);
		free(d->risks[i].text);
		free(d->risks[i].author);
		free(d->risks[i].owner);
		free(d->risks[i].resolve_note);
	}
	free(d->risks);
	for (size_t i = 0; i < d->n_notes; i++) {
		free(d->notes[i].kind);
		free(d->notes[i].summary);
		free(d->notes[i].text);
		free(d->notes[i].author);
		free(d->notes[i].sentiment_label);
	}
	free(d->notes);
	for (size_t i = 0; i < d->n_touches; i++) {
		free(d->touches[i].kind);
		free(d->touches[i].status);
		free(d->touches[i].reason);
		free(d->touches[i].note);
		free(d->touches[i].author);
	}
	free(d->touches);
	touch_clear(&d->last_touch);
	opportunity_list_free(&d->opportunities);
	feedback_list_free(&d->feedback);
	memset(d, 0, sizeof(*d));
	d->band = "";
}

const char *detail_touch_when_name(enum detail_touch_when w)
{
	switch (w) {
	case TOUCH_WHEN_OVERDUE:  return "overdue";
	case TOUCH_WHEN_TODAY:    return "today";
	case TOUCH_WHEN_UPCOMING: return "upcoming";
	case TOUCH_WHEN_DONE:     return "done";
	}
	return "";
}

void detail_person(const char *handle, const char *name, char *out, size_t size)
{
	if (!*handle)
		str_copy(out, size, "-");
	else if (*name)
		str_format(out, size, "%s (%s)", handle, name);
	else
		str_copy(out, size, handle);
}

int detail_load_account(struct store *st, const struct config *cfg, const char *key, int today,
			struct account_detail *out)
{
	char crm[64], *first;
	int rc;

	if (detail_load(st, cfg, key, today, out) == 0)
		return 0;
	first = xstrdup(error_message());
	detail_free(out);
	rc = detail_find_by_name(st, key, crm, sizeof(crm));
	if (rc == 0)
		rc = detail_load(st, cfg, crm, today, out);
	else if (rc > 0)
		error("%s", first);   /* no such name either: what the id lookup said */
	free(first);
	return rc ? -1 : 0;
}
