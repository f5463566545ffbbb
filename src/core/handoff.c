/* handoff.c - the handoff brief and "while you were out" (see handoff.h).
 *
 * The brief reads each account through detail_load() and derives the
 * window, the trends and the cover from it; the account order is book.c's
 * attention order. "While you were out" reads the event table: for every
 * entity a teammate touched since the day, all its events are replayed in
 * (hlc, device) order, the order of the state's last-writer-wins, so each
 * event can say what it changed. Every query is a cached statement with
 * bound parameters (store_stmt).
 */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/display.h"
#include "csconsole/book.h"
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/handoff.h"
#include "csconsole/i18n.h"
#include "csconsole/summary.h"
#include "csconsole/text.h"

/* ---- Small helpers ------------------------------------------------------- */

static char *col_text(sqlite3_stmt *s, int col)
{
	const char *v = (const char *)sqlite3_column_text(s, col);
	return v ? text_sanitize(v, false) : xstrdup("");
}

static void iso(int day, char out[11])
{
	if (day == DAY_NONE)
		str_copy(out, 11, "-");
	else
		day_format_iso(day, out);
}

const char *handoff_when_name(enum handoff_when w)
{
	switch (w) {
	case HANDOFF_OVERDUE: return "overdue";
	case HANDOFF_DURING:  return "during";
	case HANDOFF_AFTER:   return "after";
	}
	return "";
}

const char *change_kind_name(enum change_kind k)
{
	switch (k) {
	case CHANGE_NOTE:  return "note";
	case CHANGE_RISK:  return "risk";
	case CHANGE_TOUCH: return "touch";
	case CHANGE_REVIEW: return "review";
	case CHANGE_OPPORTUNITY: return "opportunity";
	case CHANGE_FEEDBACK: return "feedback";
	}
	return "";
}

/* ---- The absence --------------------------------------------------------- */

static const char sql_csm_name[] = "SELECT name FROM csm WHERE handle = ?1";
/* The current absence, else the next: the earliest starting that has not ended. */
static const char sql_next_absence[] =
	"SELECT start_day, end_day, covered_by, reason, source FROM absence"
	" WHERE handle = ?1 AND end_day >= ?2 ORDER BY start_day, covered_by IS NULL, id LIMIT 1";
/* For given dates: an absence overlapping them, one naming a cover first. */
static const char sql_overlap_absence[] =
	"SELECT start_day, end_day, covered_by, reason, source FROM absence"
	" WHERE handle = ?1 AND start_day <= ?3 AND end_day >= ?2"
	" ORDER BY covered_by IS NULL, start_day, id LIMIT 1";
static const char sql_last_absence[] =
	"SELECT start_day, end_day FROM absence WHERE handle = ?1 AND end_day < ?2"
	" ORDER BY end_day DESC, start_day DESC, id DESC LIMIT 1";
static const char sql_csm_known[] = "SELECT EXISTS (SELECT 1 FROM csm WHERE handle = ?1)";

static int csm_name(struct store *st, const char *handle, char **out)
{
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	if (!*handle) {
		*out = xstrdup("");
		return 0;
	}
	if (!(s = store_stmt(st, sql_csm_name)))
		return -1;
	store_bind_text(s, 1, handle);
	rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? col_text(s, 0) : xstrdup("");
	return store_finish(st, s, rc, N_("the team"));
}

void handoff_absence_free(struct handoff_absence *a)
{
	free(a->owner_name);
	free(a->covered_by);
	free(a->covered_by_name);
	free(a->reason);
	memset(a, 0, sizeof(*a));
}

/* Reads one absence row (start, end, covered_by, reason, source) into a. */
static void absence_row(sqlite3_stmt *s, struct handoff_absence *a)
{
	char *src;

	a->from = sqlite3_column_int(s, 0);
	a->until = sqlite3_column_int(s, 1);
	free(a->covered_by);
	free(a->reason);
	a->covered_by = col_text(s, 2);
	a->reason = col_text(s, 3);
	src = col_text(s, 4);
	str_copy(a->source, sizeof(a->source), src);
	free(src);
}

static int absence_names(struct store *st, struct handoff_absence *a)
{
	if (!a->covered_by)
		a->covered_by = xstrdup("");
	if (!a->reason)
		a->reason = xstrdup("");
	return csm_name(st, a->owner, &a->owner_name) || csm_name(st, a->covered_by, &a->covered_by_name)
		? -1 : 0;
}

int handoff_find_absence(struct store *st, const char *owner, int today, struct handoff_absence *out,
			 bool *found)
{
	sqlite3_stmt *s = store_stmt(st, sql_next_absence);
	int rc;

	memset(out, 0, sizeof(*out));
	*found = false;
	if (!s)
		return -1;
	str_copy(out->owner, sizeof(out->owner), owner);
	store_bind_text(s, 1, owner);
	sqlite3_bind_int(s, 2, today);
	rc = sqlite3_step(s);
	if ((*found = rc == SQLITE_ROW))
		absence_row(s, out);
	if (store_finish(st, s, rc, N_("the absences")))
		return -1;
	return absence_names(st, out);
}

int handoff_last_absence(struct store *st, const char *owner, int today, int *from, int *until,
			 bool *found)
{
	sqlite3_stmt *s = store_stmt(st, sql_last_absence);
	int rc;

	*found = false;
	if (!s)
		return -1;
	store_bind_text(s, 1, owner);
	sqlite3_bind_int(s, 2, today);
	rc = sqlite3_step(s);
	if ((*found = rc == SQLITE_ROW)) {
		*from = sqlite3_column_int(s, 0);
		*until = sqlite3_column_int(s, 1);
	}
	return store_finish(st, s, rc, N_("the absences"));
}

/* Given dates: the cover and reason of an overlapping absence, if any. */
static int absence_given(struct store *st, const char *owner, int from, int until,
			 struct handoff_absence *out)
{
	sqlite3_stmt *s = store_stmt(st, sql_overlap_absence);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!s)
		return -1;
	str_copy(out->owner, sizeof(out->owner), owner);
	store_bind_text(s, 1, owner);
	sqlite3_bind_int(s, 2, from);
	sqlite3_bind_int(s, 3, until);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		absence_row(s, out);
	if (store_finish(st, s, rc, N_("the absences")))
		return -1;
	out->from = from;
	out->until = until;
	str_copy(out->source, sizeof(out->source), "given");
	return absence_names(st, out);
}

static int owner_known(struct store *st, const char *owner, bool *known)
{
	sqlite3_stmt *s;
	int rc;

	if (book_owner_known(st, owner, known))
		return -1;
	if (*known)
		return 0;
	if (!(s = store_stmt(st, sql_csm_known)))
		return -1;
	store_bind_text(s, 1, owner);
	rc = sqlite3_step(s);
	*known = rc == SQLITE_ROW && sqlite3_column_int(s, 0);
	return store_finish(st, s, rc, N_("the team"));
}

/* ---- The brief ------------------------------------------------------------- */

static const char sql_review[] =
	"SELECT reviewer, reviewed_at, source = 'local' FROM handoff_review"
	" WHERE owner = ?1 AND from_day = ?2 AND crm_id = ?3";
static const char sql_main_owner[] = "SELECT main_owner FROM account WHERE crm_id = ?1";

static int item_cmp(const void *pa, const void *pb)
{
	const struct handoff_item *a = pa, *b = pb;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return (int)a->renewal - (int)b->renewal;   /* touchpoints before the renewal */
}

static void add_item(struct handoff_account *a, size_t *cap, int day, enum handoff_when when,
		     const struct detail_touch *t)
{
	if (a->n_items == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		a->items = xreallocarray(a->items, *cap, sizeof(*a->items));
	}
	a->items[a->n_items++] = (struct handoff_item){ .day = day, .when = when, .renewal = !t, .touch = t };
}

/* The touchpoints and the renewal of the window from .. window_end, and the
 * open touchpoints left overdue before it. */
static void derive_window(const struct handoff *h, struct handoff_account *a)
{
	const struct account_detail *d = &a->d;
	int from = h->absence.from, until = h->absence.until, end = h->window_end;
	size_t cap = 0;

	for (size_t i = 0; i < d->n_touches; i++) {
		const struct detail_touch *t = &d->touches[i];
		bool done = t->when == TOUCH_WHEN_DONE;
		int day = done && t->done_day != DAY_NONE ? t->done_day : t->due_day;
		if (day >= from && day <= end)
			add_item(a, &cap, day, day <= until ? HANDOFF_DURING : HANDOFF_AFTER, t);
		else if (!done && day < from && day < h->today)
			add_item(a, &cap, day, HANDOFF_OVERDUE, t);
	}
	if (d->renewal_day != DAY_NONE && d->renewal_day >= from && d->renewal_day <= end)
		add_item(a, &cap, d->renewal_day, d->renewal_day <= until ? HANDOFF_DURING : HANDOFF_AFTER, NULL);
	if (a->n_items > 1)
		qsort(a->items, a->n_items, sizeof(*a->items), item_cmp);
}

static void derive_trends(struct handoff_account *a)
{
	const struct account_detail *d = &a->d;
	size_t k = 0;

	if (d->n_health > 0) {
		const struct detail_snapshot *last = &d->health[d->n_health - 1];
		for (size_t i = d->n_health - 1; i-- > 0;) {
			if (d->health[i].day <= last->day - 84) {
				a->has_delta12 = true;
				a->delta12w = last->score - d->health[i].score;
				break;
			}
		}
	}
	size_t first = d->n_health > HANDOFF_WEEKS ? d->n_health - HANDOFF_WEEKS : 0;
	for (size_t i = first; i < d->n_health; i++)
		a->weekly[a->n_weekly++] = d->health[i].score;
	/* notes are newest first: collect, then turn round to oldest first */
	for (size_t i = 0; i < d->n_notes && k < HANDOFF_SENTIMENTS; i++)
		if (d->notes[i].sentiment > 0)
			a->sentiments[k++] = d->notes[i].sentiment;
	for (size_t i = 0; i < k / 2; i++) {
		int t = a->sentiments[i];
		a->sentiments[i] = a->sentiments[k - 1 - i];
		a->sentiments[k - 1 - i] = t;
	}
	a->n_sentiments = k;
}

static int load_review(struct store *st, const struct handoff *h, struct handoff_account *a)
{
	sqlite3_stmt *s = store_stmt(st, sql_review);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, h->absence.owner);
	sqlite3_bind_int(s, 2, h->absence.from);
	store_bind_text(s, 3, a->d.crm_id);
	rc = sqlite3_step(s);
	if ((a->reviewed = rc == SQLITE_ROW)) {
		a->reviewer = col_text(s, 0);
		a->reviewed_at = sqlite3_column_int64(s, 1);
		a->review_local = sqlite3_column_int(s, 2) != 0;
	}
	if (!a->reviewer)
		a->reviewer = xstrdup("");
	return store_finish(st, s, rc, N_("the review marks"));
}

static int load_account(struct store *st, const struct config *cfg, struct handoff *h, const char *crm_id)
{
	struct handoff_account *a = &h->accounts[h->n];
	const struct handoff_absence *ab = &h->absence;

	memset(a, 0, sizeof(*a));
	h->n++;   /* counted at once, so handoff_free() frees a partial one */
	if (detail_load(st, cfg, crm_id, h->today, &a->d))
		return -1;
	if (*ab->covered_by) {
		a->covering = xstrdup(ab->covered_by);
		a->covering_name = xstrdup(ab->covered_by_name);
	} else {
		a->covering = xstrdup(a->d.sub_owner);
		a->covering_name = xstrdup(a->d.sub_owner_name);
	}
	derive_trends(a);
	derive_window(h, a);
	blindspot_judge(&a->d, cfg, h->today, &a->blind);
	return load_review(st, h, a);
}

int handoff_build(struct store *st, const struct config *cfg, const char *owner, int from, int until,
		  int today, struct handoff *out)
{
	struct book b = { 0 };
	bool known, found;
	size_t *idx, n;
	char a[11], z[11];
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->today = today;
	if (owner_known(st, owner, &known))
		return -1;
	if (!known)
		return error(_("\"%s\" is no CSM of the team feed and owns no account: give a handle as "
			     "`csconsole doctor` or feeds/team.yaml lists them"), owner);
	if ((from == DAY_NONE) != (until == DAY_NONE))
		return error(_("give both the first and the last day of the absence (--from and --until)"));
	if (from != DAY_NONE) {
		if (until < from) {
			iso(from, a);
			iso(until, z);
			return error(_("the absence ends (%s) before it starts (%s): --until must be on or after --from"),
				     z, a);
		}
		if (absence_given(st, owner, from, until, &out->absence))
			return -1;
	} else {
		if (handoff_find_absence(st, owner, today, &out->absence, &found))
			return -1;
		if (!found) {
			iso(today, a);
			return error(_("%s has no absence today (%s) or later, in feeds/team.yaml or from "
				     "`csconsole cover`: give the days with --from DAY --until DAY"), owner, a);
		}
	}
	out->window_end = out->absence.until + HANDOFF_AFTER_DAYS;

	if (book_fetch(st, owner, SCOPE_MAIN, today, &b))
		return -1;
	idx = xcalloc(b.len ? b.len : 1, sizeof(*idx));
	book_order(&b, NULL, BOOK_SORT_ATTENTION, false, idx, &n);
	out->accounts = xcalloc(n ? n : 1, sizeof(*out->accounts));
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = load_account(st, cfg, out, b.rows[idx[i]].crm_id);
	free(idx);
	book_free(&b);
	return rc;
}

void handoff_free(struct handoff *h)
{
	handoff_absence_free(&h->absence);
	for (size_t i = 0; i < h->n; i++) {
		struct handoff_account *a = &h->accounts[i];
		detail_free(&a->d);
		blindspot_free(&a->blind);
		free(a->covering);
		free(a->covering_name);
		free(a->items);
		free(a->reviewer);
	}
	free(h->accounts);
	memset(h, 0, sizeof(*h));
}

int handoff_mark_reviewed(struct store *st, const char *owner, int from, const char *crm_id,
			  const char *reviewer, bool reviewed)
{
	sqlite3_stmt *s = store_stmt(st, sql_main_owner);
	char *main_owner = NULL;
	bool mine;
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, crm_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		main_owner = col_text(s, 0);
	if (store_finish(st, s, rc, N_("the account"))) {
		free(main_owner);
		return -1;
	}
	if (!main_owner)
		return error(_("no account \"%s\" in the book: give a CRM id of the brief (e.g. ACC-0001)"), crm_id);
	if (!str_eq(main_owner, owner)) {
		error(_("%s is not %s's account (its main owner is %s): give a CRM id of the brief"),
		      crm_id, owner, main_owner);
		free(main_owner);
		return -1;
	}
	free(main_owner);
	if (str_empty(reviewer))
		return error(_("who reviews? set `me` in the configuration (or --me HANDLE)"));

	/* A mark travels to the team: a handoff.review event, its own entity;
	 * state.c keeps the latest per owner, absence and account. */
	char id[ULID_SIZE], entity[8 + ULID_SIZE], from_iso[11];
	json_object *data = json_object_new_object();
	ulid_new(clock_now_ms(), id);
	str_format(entity, sizeof(entity), "review/%s", id);
	day_format_iso(from, from_iso);
	json_object_object_add(data, "owner", json_object_new_string(owner));
	json_object_object_add(data, "from_day", json_object_new_string(from_iso));
	json_object_object_add(data, "reviewed", json_object_new_boolean(reviewed));
	if (store_join(st, &mine)) {
		json_object_put(data);
		return -1;
	}
	return store_end(st, mine, event_emit(st, reviewer, "handoff.review", entity, crm_id, NULL, data));
}

/* ---- While you were out ------------------------------------------------------ */

static const char sql_owned[] =
	"SELECT crm_id, name, main_owner = ?1 FROM account"
	" WHERE active AND (main_owner = ?1 OR sub_owner = ?1) ORDER BY name, crm_id";
/* The entities teammates wrote about on the account from the stamp on
 * (index event_account, schema v5). */
static const char sql_touched[] =
	"SELECT DISTINCT entity FROM event WHERE account = ?1 AND hlc >= ?2 AND author <> ?3"
	" ORDER BY entity";
static const char sql_entity_events[] =
	"SELECT author, type, version, hlc, data FROM event WHERE entity = ?1 ORDER BY hlc, device, id";

/* An entity's fields as its events so far set them. */
struct replay {
	char *creator;
	char *kind, *summary, *category, *severity, *status, *text, *reason, *note;
	int sentiment, due_day;
	/* opportunities and feedback (issue 17) */
	char *stage, *owner, *currency, *area, *request;
	int64_t amount;
	int close_day;
};

static void replay_free(struct replay *r)
{
	free(r->creator);
	free(r->kind);
	free(r->summary);
	free(r->category);
	free(r->severity);
	free(r->status);
	free(r->text);
	free(r->reason);
	free(r->note);
	free(r->stage);
	free(r->owner);
	free(r->currency);
	free(r->area);
	free(r->request);
	memset(r, 0, sizeof(*r));
}

/* Sets *field from data's key when present (sanitized; "" for null). True if present. */
static bool take_str(json_object *data, const char *key, char **field)
{
	json_object *v;
	if (!json_object_object_get_ex(data, key, &v))
		return false;
	free(*field);
	*field = json_object_is_type(v, json_type_string) ? text_sanitize(json_object_get_string(v), false)
		: xstrdup("");
	return true;
}

static bool take_day(json_object *data, const char *key, int *day)
{
	json_object *v;
	if (!json_object_object_get_ex(data, key, &v))
		return false;
	if (!json_object_is_type(v, json_type_string) || !day_parse_iso(json_object_get_string(v), day))
		*day = DAY_NONE;
	return true;
}

static const char *S(const char *s)
{
	return s ? s : "";
}

/* The configured label (json and csv); people read display.h's. */
static const char *sentiment_id_label(const struct config *cfg, int n)
{
	const struct strlist *l = &cfg->sentiment_labels;
	return n >= 1 && (size_t)n <= l->len ? l->items[n - 1] : "";
}

/* The register before an event, and which fields the event changed. */
struct replay_old {
	const char *severity, *category, *status;
	int due, sentiment;
	bool ch_sev, ch_cat, ch_status, ch_text, ch_kind, ch_sum, ch_sent;
	/* an opportunity before the event */
	const char *kind, *stage, *owner, *currency;
	int64_t amount;
	int close_day;
};

/* T(N_(s)): s translated for people (loc), or the stable English line that
 * json and csv carry (N_ inside so that xgettext finds s). */
#define T(s) (loc ? _(s) : (s))

/* A note in one line: "call, sentiment 2 (bad): summary". */
static void note_line(struct sbuf *b, const struct config *cfg, const struct replay *r, bool loc)
{
	const char *label = sentiment_id_label(cfg, r->sentiment);
	if (loc && *label)
		label = sentiment_label(cfg, r->sentiment);
	char *clean = text_sanitize(label, false);
	if (r->sentiment > 0 && *label)
		sbuf_addf(b, T(N_("%s, sentiment %d (%s): %s")), S(r->kind), r->sentiment, clean, S(r->summary));
	else if (r->sentiment > 0)
		sbuf_addf(b, T(N_("%s, sentiment %d: %s")), S(r->kind), r->sentiment, S(r->summary));
	else
		sbuf_addf(b, "%s: %s", S(r->kind), S(r->summary));
	free(clean);
}

/* An opportunity's or a feedback's change (issue 17), as describe(). */
static void describe_pipeline(struct sbuf *b, const struct replay *r, enum event_type t, bool loc,
			      const struct replay_old *o)
{
	struct sbuf list = { 0 };
	const char *sep = T(N_(", "));
	char amount[64], was[64], d1[11], d2[11];

	money_format(r->amount, S(r->currency), amount, sizeof(amount));
	iso(r->close_day, d1);
	switch (t) {
	case EVENT_OPPORTUNITY_OPEN:
		sbuf_addf(b, T(N_("opened an opportunity: %s, %s, stage %s, expected close %s, owner %s")), S(r->kind),
			  amount, S(r->stage), d1, S(r->owner));
		break;
	case EVENT_OPPORTUNITY_UPDATE:
		if (!str_eq(o->kind, S(r->kind))) {
			sbuf_adds(&list, list.len ? sep : "");
			sbuf_addf(&list, T(N_("kind %s -> %s")), o->kind, S(r->kind));
		}
		if (o->amount != r->amount || !str_eq(o->currency, S(r->currency))) {
			money_format(o->amount, o->currency, was, sizeof(was));
			sbuf_adds(&list, list.len ? sep : "");
			sbuf_addf(&list, T(N_("amount %s -> %s")), was, amount);
		}
		if (!str_eq(o->stage, S(r->stage))) {
			sbuf_adds(&list, list.len ? sep : "");
			sbuf_addf(&list, T(N_("stage %s -> %s")), o->stage, S(r->stage));
		}
		if (o->close_day != r->close_day) {
			iso(o->close_day, d2);
			sbuf_adds(&list, list.len ? sep : "");
			sbuf_addf(&list, T(N_("expected close %s -> %s")), d2, d1);
		}
		if (!str_eq(o->owner, S(r->owner))) {
			sbuf_adds(&list, list.len ? sep : "");
			sbuf_addf(&list, T(N_("owner %s -> %s")), o->owner, S(r->owner));
		}
		if (!str_eq(o->status, S(r->status))) {
			sbuf_adds(&list, list.len ? sep : "");
			sbuf_addf(&list, T(N_("status %s -> %s")), o->status, S(r->status));
		}
		if (!list.len)
			sbuf_adds(&list, T(N_("no change")));
		sbuf_addf(b, T(N_("updated an opportunity (%s): %s, %s, stage %s, expected close %s")),
			  sbuf_str(&list), S(r->kind), amount, S(r->stage), d1);
		break;
	case EVENT_OPPORTUNITY_CLOSE: {
		const char *note = S(r->note);
		if (str_eq(S(r->status), "won") && *note)
			sbuf_addf(b, T(N_("won an opportunity: %s, %s, stage %s; closing note: %s")), S(r->kind), amount,
				  S(r->stage), note);
		else if (str_eq(S(r->status), "won"))
			sbuf_addf(b, T(N_("won an opportunity: %s, %s, stage %s")), S(r->kind), amount, S(r->stage));
		else if (str_eq(S(r->status), "lost") && *note)
			sbuf_addf(b, T(N_("lost an opportunity: %s, %s, stage %s; closing note: %s")), S(r->kind), amount,
				  S(r->stage), note);
		else if (str_eq(S(r->status), "lost"))
			sbuf_addf(b, T(N_("lost an opportunity: %s, %s, stage %s")), S(r->kind), amount, S(r->stage));
		else
			sbuf_addf(b, T(N_("withdrew an opportunity: %s, %s, stage %s")), S(r->kind), amount, S(r->stage));
		break;
	}
	case EVENT_FEEDBACK_ADD:
		sbuf_addf(b, T(N_("feedback on %s (%s): %s")), S(r->area), S(r->request), S(r->text));
		break;
	case EVENT_FEEDBACK_RETRACT:
		sbuf_addf(b, T(N_("took back the feedback on %s (%s): %s")), S(r->area), S(r->request), S(r->text));
		break;
	default:
		break;
	}
	sbuf_free(&list);
}

/* One change's line: in English when !loc (the "what" of json and csv),
 * else in the interface language. */
static void describe(struct sbuf *b, const struct config *cfg, const struct replay *r,
		     enum event_type t, json_object *data, bool loc, const struct replay_old *o)
{
	struct sbuf list = { 0 };
	const char *sep = T(N_(", "));
	const char *touch = *S(r->kind) ? r->kind : T(N_("a touchpoint"));
	const char *text = NULL;
	char d1[11], d2[11];
	json_object *v;

	iso(r->due_day, d1);
	iso(o->due, d2);
	switch (t) {
	case EVENT_NOTE_ADD:
		note_line(b, cfg, r, loc);
		break;
	case EVENT_NOTE_EDIT: {
		struct sbuf note = { 0 };
		if (o->ch_kind)
			sbuf_addf(&list, "%s%s", list.len ? sep : "", T(N_("kind")));
		if (o->ch_sent) {
			sbuf_adds(&list, list.len ? sep : "");
			sbuf_addf(&list, T(N_("sentiment %d -> %d")), o->sentiment, r->sentiment);
		}
		if (o->ch_sum)
			sbuf_addf(&list, "%s%s", list.len ? sep : "", T(N_("summary")));
		if (o->ch_text)
			sbuf_addf(&list, "%s%s", list.len ? sep : "", T(N_("text")));
		note_line(&note, cfg, r, loc);
		sbuf_addf(b, T(N_("edited (%s): %s")), sbuf_str(&list), sbuf_str(&note));
		sbuf_free(&note);
		break;
	}
	case EVENT_NOTE_DELETE: {
		struct sbuf note = { 0 };
		note_line(&note, cfg, r, loc);
		sbuf_addf(b, T(N_("deleted: %s")), sbuf_str(&note));
		sbuf_free(&note);
		break;
	}
	case EVENT_RISK_OPEN:
		sbuf_addf(b, T(N_("opened %s %s: %s")), S(r->severity), S(r->category), S(r->text));
		break;
	case EVENT_RISK_UPDATE:
		if (o->ch_sev && !str_eq(o->severity, r->severity)) {
			sbuf_adds(&list, list.len ? sep : "");
			sbuf_addf(&list, T(N_("severity %s -> %s")), o->severity, S(r->severity));
		}
		if (o->ch_cat && !str_eq(o->category, r->category)) {
			sbuf_adds(&list, list.len ? sep : "");
			sbuf_addf(&list, T(N_("category %s -> %s")), o->category, S(r->category));
		}
		if (o->ch_status && !str_eq(o->status, r->status)) {
			sbuf_adds(&list, list.len ? sep : "");
			sbuf_addf(&list, T(N_("status %s -> %s")), o->status, S(r->status));
		}
		if (o->ch_text)
			sbuf_addf(&list, "%s%s", list.len ? sep : "", T(N_("new text")));
		else if (!list.len)
			sbuf_adds(&list, T(N_("no change")));
		sbuf_addf(b, T(N_("updated %s (%s): %s")), S(r->category), sbuf_str(&list), S(r->text));
		break;
	case EVENT_RISK_RESOLVE:
		if ((json_object_object_get_ex(data, "note", &v) || json_object_object_get_ex(data, "text", &v)) &&
		    json_object_is_type(v, json_type_string) && *json_object_get_string(v))
			text = json_object_get_string(v);
		if (text)
			sbuf_addf(b, T(N_("resolved %s %s: %s; closing note: %s")), S(r->severity),
				  S(r->category), S(r->text), text);
		else
			sbuf_addf(b, T(N_("resolved %s %s: %s")), S(r->severity), S(r->category), S(r->text));
		break;
	case EVENT_HANDOFF_REVIEW: {
		bool reviewed = json_object_object_get_ex(data, "reviewed", &v) && json_object_get_boolean(v);
		int absent_from;
		if (take_day(data, "from_day", &absent_from) && absent_from != DAY_NONE) {
			iso(absent_from, d2);
			sbuf_addf(b, reviewed ? T(N_("reviewed in the handoff brief (absence from %s)")) :
				  T(N_("review mark taken back in the handoff brief (absence from %s)")), d2);
		} else {
			sbuf_adds(b, reviewed ? T(N_("reviewed in the handoff brief")) :
				  T(N_("review mark taken back in the handoff brief")));
		}
		break;
	}
	case EVENT_TOUCH_SCHEDULE:
		if (*S(r->note))
			sbuf_addf(b, T(N_("scheduled %s for %s: %s")), touch, d1, r->note);
		else
			sbuf_addf(b, T(N_("scheduled %s for %s")), touch, d1);
		break;
	case EVENT_TOUCH_RESCHEDULE:
		if (*S(r->reason))
			sbuf_addf(b, T(N_("moved %s from %s to %s: %s")), touch, d2, d1, r->reason);
		else
			sbuf_addf(b, T(N_("moved %s from %s to %s")), touch, d2, d1);
		break;
	case EVENT_TOUCH_DONE:
		if (*S(r->note))
			sbuf_addf(b, T(N_("done %s (due %s): %s")), touch, d2, r->note);
		else
			sbuf_addf(b, T(N_("done %s (due %s)")), touch, d2);
		break;
	case EVENT_TOUCH_SNOOZE:
		if (*S(r->reason))
			sbuf_addf(b, T(N_("snoozed %s until %s: %s")), touch, d1, r->reason);
		else
			sbuf_addf(b, T(N_("snoozed %s until %s")), touch, d1);
		break;
	case EVENT_OPPORTUNITY_OPEN:
	case EVENT_OPPORTUNITY_UPDATE:
	case EVENT_OPPORTUNITY_CLOSE:
	case EVENT_FEEDBACK_ADD:
	case EVENT_FEEDBACK_RETRACT:
		describe_pipeline(b, r, t, loc, o);
		break;
	case EVENT_TOUCH_RESTORE:     /* an undo (undo.c) */
		if (str_eq(S(r->status), "cancelled"))
			sbuf_addf(b, T(N_("undid the scheduling of %s (due %s)")), touch, d2);
		else
			sbuf_addf(b, T(N_("undid a change of %s: %s, due %s")), touch, S(r->status), d1);
		break;
	default:
		break;
	}
	sbuf_free(&list);
}

#undef T

/* Applies one event to r and, when `emit`, fills c with what it did. */
static void replay_event(const struct config *cfg, struct replay *r, enum event_type t, const char *author,
			 json_object *data, struct change *c, bool emit)
{
	char *old_severity = xstrdup(S(r->severity)), *old_category = xstrdup(S(r->category));
	char *old_status = xstrdup(S(r->status));
	int old_due = r->due_day, old_sentiment = r->sentiment;
	char *old_kind = xstrdup(S(r->kind)), *old_stage = xstrdup(S(r->stage)), *old_owner = xstrdup(S(r->owner));
	char *old_currency = xstrdup(S(r->currency));
	int64_t old_amount = r->amount;
	int old_close = r->close_day;
	bool ch_sev = false, ch_cat = false, ch_status = false, ch_text = false;
	bool ch_kind = false, ch_sum = false, ch_sent = false;
	struct sbuf b = { 0 };
	json_object *v;

	if (!r->creator)
		r->creator = xstrdup(author);
	/* A note is its author's: others' edits and deletes change nothing
	 * (event.h); so is a feedback's retract. */
	if ((t == EVENT_NOTE_EDIT || t == EVENT_NOTE_DELETE || t == EVENT_FEEDBACK_RETRACT) &&
	    !str_eq(r->creator, author))
		emit = false;
	else {
		ch_kind = take_str(data, "kind", &r->kind);
		ch_sum = take_str(data, "summary", &r->summary);
		ch_cat = take_str(data, "category", &r->category);
		ch_sev = take_str(data, "severity", &r->severity);
		ch_status = take_str(data, "status", &r->status);
		/* a resolve's text (before v3) is its closing note: the risk's text stays */
		ch_text = t != EVENT_RISK_RESOLVE && take_str(data, "text", &r->text);
		take_str(data, "reason", &r->reason);
		take_str(data, "note", &r->note);
		if (json_object_object_get_ex(data, "sentiment", &v)) {
			ch_sent = true;
			r->sentiment = json_object_is_type(v, json_type_int) ? json_object_get_int(v) : 0;
		}
		if (!take_day(data, "due_day", &r->due_day))
			take_day(data, "until_day", &r->due_day);
		/* opportunities and feedback (issue 17) */
		take_str(data, "stage", &r->stage);
		take_str(data, "owner", &r->owner);
		take_str(data, "currency", &r->currency);
		take_str(data, "area", &r->area);
		take_str(data, "request", &r->request);
		take_day(data, "close_day", &r->close_day);
		if (json_object_object_get_ex(data, "amount", &v) && json_object_is_type(v, json_type_int))
			r->amount = json_object_get_int64(v);
		if (t == EVENT_OPPORTUNITY_OPEN) {
			free(r->status);
			r->status = xstrdup("open");
			if (!*S(r->owner)) {              /* absent: the author's (opportunity.h) */
				free(r->owner);
				r->owner = text_sanitize(author, false);
			}
		} else if (t == EVENT_OPPORTUNITY_CLOSE) {
			free(r->status);
			r->status = NULL;
			if (!take_str(data, "outcome", &r->status))
				r->status = xstrdup("closed");
		}
		if (t == EVENT_RISK_OPEN) {
			free(r->status);
			r->status = xstrdup("open");
		} else if (t == EVENT_RISK_RESOLVE) {
			free(r->status);
			r->status = xstrdup("resolved");
		} else if (t == EVENT_TOUCH_SCHEDULE || t == EVENT_TOUCH_RESCHEDULE) {
			free(r->status);
			r->status = xstrdup("open");
		} else if (t == EVENT_TOUCH_DONE) {
			free(r->status);
			r->status = xstrdup("done");
		} else if (t == EVENT_TOUCH_SNOOZE) {
			free(r->status);
			r->status = xstrdup("snoozed");
		} else if (t == EVENT_TOUCH_RESTORE && json_object_object_get_ex(data, "status", &v)) {
			free(r->status);
			r->status = xstrdup(json_object_get_string(v));
		}
	}
	if (!emit)
		goto out;

	c->sentiment = 0;
	c->due_day = c->old_due_day = DAY_NONE;
	switch (t) {
	case EVENT_NOTE_ADD:
	case EVENT_NOTE_EDIT:
	case EVENT_NOTE_DELETE:
		c->kind = CHANGE_NOTE;
		c->sentiment = r->sentiment;
		break;
	case EVENT_RISK_OPEN:
	case EVENT_RISK_UPDATE:
	case EVENT_RISK_RESOLVE:
		c->kind = CHANGE_RISK;
		break;
	case EVENT_HANDOFF_REVIEW:
		c->kind = CHANGE_REVIEW;
		break;
	case EVENT_TOUCH_SCHEDULE:
	case EVENT_TOUCH_DONE:
		c->kind = CHANGE_TOUCH;
		break;
	case EVENT_TOUCH_RESCHEDULE:
	case EVENT_TOUCH_SNOOZE:
	case EVENT_TOUCH_RESTORE:
		c->kind = CHANGE_TOUCH;
		c->old_due_day = old_due;
		break;
	case EVENT_OPPORTUNITY_OPEN:
	case EVENT_OPPORTUNITY_UPDATE:
	case EVENT_OPPORTUNITY_CLOSE:
		c->kind = CHANGE_OPPORTUNITY;
		break;
	case EVENT_FEEDBACK_ADD:
	case EVENT_FEEDBACK_RETRACT:
		c->kind = CHANGE_FEEDBACK;
		break;
	default:
		break;
	}
	struct replay_old o = {
		old_severity, old_category, old_status, old_due, old_sentiment,
		ch_sev, ch_cat, ch_status, ch_text, ch_kind, ch_sum, ch_sent,
		old_kind, old_stage, old_owner, old_currency, old_amount, old_close,
	};
	describe(&b, cfg, r, t, data, false, &o);
	c->what = xstrdup(sbuf_str(&b));
	sbuf_free(&b);
	describe(&b, cfg, r, t, data, true, &o);
	c->what_text = xstrdup(sbuf_str(&b));
	c->touch_kind = xstrdup(c->kind == CHANGE_FEEDBACK ? S(r->request) : S(r->kind));
	c->summary = xstrdup(c->kind == CHANGE_NOTE ? S(r->summary)
			     : c->kind == CHANGE_RISK || c->kind == CHANGE_FEEDBACK ? S(r->text) : S(r->note));
	c->category = xstrdup(c->kind == CHANGE_FEEDBACK ? S(r->area) : S(r->category));
	c->close_day = DAY_NONE;
	if (c->kind == CHANGE_OPPORTUNITY) {
		c->amount_minor = r->amount;
		c->currency = xstrdup(S(r->currency));
		c->stage = xstrdup(S(r->stage));
		c->owner = xstrdup(S(r->owner));
		c->close_day = r->close_day;
	}
	c->severity = xstrdup(S(r->severity));
	c->status = xstrdup(S(r->status));
	c->reason = xstrdup(S(r->reason));
	c->old_severity = xstrdup(ch_sev && !str_eq(old_severity, r->severity) ? old_severity : "");
	if (c->kind == CHANGE_TOUCH)
		c->due_day = r->due_day;
out:
	sbuf_free(&b);
	free(old_severity);
	free(old_category);
	free(old_status);
	free(old_kind);
	free(old_stage);
	free(old_owner);
	free(old_currency);
}

static void change_free(struct change *c)
{
	free(c->author);
	free(c->type);
	free(c->entity);
	free(c->what);
	free(c->what_text);
	free(c->touch_kind);
	free(c->summary);
	free(c->category);
	free(c->severity);
	free(c->status);
	free(c->reason);
	free(c->old_severity);
	free(c->currency);
	free(c->stage);
	free(c->owner);
}

/* Replays one entity's events; adds a change for each of them written by
 * someone other than owner from the stamp `since` on. */
static int replay_entity(struct store *st, const struct config *cfg, const char *owner, const char *since,
			 const char *entity, struct changes_account *a, size_t *cap)
{
	sqlite3_stmt *s = store_stmt(st, sql_entity_events);
	struct replay r = { .due_day = DAY_NONE, .close_day = DAY_NONE };
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, entity);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *author = (const char *)sqlite3_column_text(s, 0);
		const char *type = (const char *)sqlite3_column_text(s, 1);
		const char *hlc = (const char *)sqlite3_column_text(s, 3);
		const char *text = (const char *)sqlite3_column_text(s, 4);
		enum event_type t = event_type_parse(type, sqlite3_column_int(s, 2));
		json_object *data;
		struct hlc h;

		if (t == EVENT_UNKNOWN || t == EVENT_COVER_SET || t == EVENT_COVER_CLEAR || !hlc_parse(hlc, &h))
			continue;   /* a later build's type, or no account's business */
		if (!(data = json_tokener_parse(text ? text : "")))
			continue;   /* stored events were checked on the way in */
		bool emit = strcmp(hlc, since) >= 0 && !str_eq(author, owner);
		struct change c;
		memset(&c, 0, sizeof(c));
		replay_event(cfg, &r, t, author, data, &c, emit);
		json_object_put(data);
		if (!c.what)
			continue;
		c.day = (int)(h.ms / 86400000u);
		str_copy(c.hlc, sizeof(c.hlc), hlc);
		c.author = text_sanitize(author, false);
		c.type = xstrdup(type);
		c.entity = text_sanitize(entity, false);
		if (a->n_items == *cap) {
			*cap = *cap ? *cap * 2 : 8;
			a->items = xreallocarray(a->items, *cap, sizeof(*a->items));
		}
		a->items[a->n_items++] = c;
	}
	replay_free(&r);
	return store_finish(st, s, rc, N_("the events"));
}

static int change_cmp(const void *pa, const void *pb)
{
	const struct change *a = pa, *b = pb;
	int c = strcmp(a->hlc, b->hlc);
	return c ? c : strcmp(a->type, b->type);
}

static int changes_account(struct store *st, const struct config *cfg, const char *owner, const char *since,
			   struct changes *out)
{
	struct changes_account *a = &out->accounts[out->n];
	struct strlist entities = { 0 };
	size_t cap = 0;
	int rc;

	sqlite3_stmt *s;

	rc = -1;
	if (health_score_on(st, a->crm_id, out->since, &a->has_then, &a->then_day, &a->then) ||
	    health_score_on(st, a->crm_id, out->today, &a->has_now, &a->now_day, &a->now) ||
	    !(s = store_stmt(st, sql_touched)))
		goto out;
	a->health_changed = a->has_then && a->has_now &&
		(a->now - a->then >= CHANGES_HEALTH_MIN || a->then - a->now >= CHANGES_HEALTH_MIN);
	store_bind_text(s, 1, a->crm_id);
	store_bind_text(s, 2, since);
	store_bind_text(s, 3, owner);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		strlist_add(&entities, (const char *)sqlite3_column_text(s, 0));
	rc = store_finish(st, s, rc, N_("the events"));
	for (size_t i = 0; i < entities.len && rc == 0; i++)
		rc = replay_entity(st, cfg, owner, since, entities.items[i], a, &cap);
	strlist_clear(&entities);
	if (a->n_items > 1)
		qsort(a->items, a->n_items, sizeof(*a->items), change_cmp);
out:
	if (rc == 0 && (a->n_items || a->health_changed)) {
		out->n_items += a->n_items;
		out->n++;
	} else {
		for (size_t i = 0; i < a->n_items; i++)
			change_free(&a->items[i]);
		free(a->items);
		free(a->name);
		memset(a, 0, sizeof(*a));
	}
	return rc;
}

int changes_build(struct store *st, const struct config *cfg, const char *owner, int since_day,
		  int today, struct changes *out)
{
	sqlite3_stmt *s;
	struct { char crm[64]; char *name; bool main; } *acc = NULL;
	size_t n = 0, cap = 0;
	char since[HLC_TEXT_SIZE];
	bool known;
	int rc;

	memset(out, 0, sizeof(*out));
	str_copy(out->owner, sizeof(out->owner), owner);
	out->since = since_day;
	out->today = today;
	if (owner_known(st, owner, &known))
		return -1;
	if (!known)
		return error(_("\"%s\" is no CSM of the team feed and owns no account: give a handle as "
			     "`csconsole doctor` or feeds/team.yaml lists them"), owner);
	if (since_day > today) {
		char a[11];
		iso(since_day, a);
		return error(_("the day to start from (%s) is after today: give a past day"), a);
	}
	/* The first stamp of since_day (UTC, as stamps are). */
	hlc_format((struct hlc){ .ms = since_day > 0 ? (uint64_t)since_day * 86400000u : 0, .counter = 0 }, since);

	if (!(s = store_stmt(st, sql_owned)))
		return -1;
	store_bind_text(s, 1, owner);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			acc = xreallocarray(acc, cap, sizeof(*acc));
		}
		str_copy(acc[n].crm, sizeof(acc[n].crm), (const char *)sqlite3_column_text(s, 0));
		acc[n].name = col_text(s, 1);
		acc[n].main = sqlite3_column_int(s, 2) != 0;
		n++;
	}
	rc = store_finish(st, s, rc, N_("the accounts"));
	out->accounts = xcalloc(n ? n : 1, sizeof(*out->accounts));
	for (size_t i = 0; i < n; i++) {
		if (rc == 0) {
			struct changes_account *a = &out->accounts[out->n];
			str_copy(a->crm_id, sizeof(a->crm_id), acc[i].crm);
			a->name = acc[i].name;
			a->main = acc[i].main;
			acc[i].name = NULL;
			rc = changes_account(st, cfg, owner, since, out);
		}
		free(acc[i].name);
	}
	free(acc);
	return rc;
}

void changes_free(struct changes *c)
{
	for (size_t i = 0; i < c->n; i++) {
		for (size_t j = 0; j < c->accounts[i].n_items; j++)
			change_free(&c->accounts[i].items[j]);
		free(c->accounts[i].items);
		free(c->accounts[i].name);
	}
	free(c->accounts);
	memset(c, 0, sizeof(*c));
}

void handoff_cover_summary(const struct handoff *h, char *out, size_t size)
{
	struct sbuf b = { 0 };
	bool *done = xcalloc(h->n ? h->n : 1, sizeof(*done));

	for (size_t i = 0; i < h->n; i++) {
		size_t k = 0;
		if (done[i])
			continue;
		for (size_t j = i; j < h->n; j++) {
			if (!done[j] && str_eq(h->accounts[j].covering, h->accounts[i].covering)) {
				done[j] = true;
				k++;
			}
		}
		sbuf_addf(&b, "%s%s (%zu)", b.len ? ", " : "",
			  str_empty(h->accounts[i].covering) ? "-" : h->accounts[i].covering, k);
	}
	free(done);
	str_copy(out, size, sbuf_str(&b));
	sbuf_free(&b);
}

void handoff_touch_kind(const struct touch *t, char *out, size_t size)
{
	if (!str_eq(t->source, "done"))
		str_copy(out, size, t->kind ? touch_kind_label(t->kind) : "");
	else if (t->kind && *t->kind)
		str_format(out, size, _("%s (touchpoint done)"), touch_kind_label(t->kind));
	else
		str_copy(out, size, _("touchpoint done"));
}
