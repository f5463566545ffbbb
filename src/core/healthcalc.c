/* healthcalc.c - the components' raw figures and the weekly 'model'
 * snapshots (see healthcalc.h).
 *
 * An account's metric rows come from one range scan of the metric primary
 * key (account_id, metric_id, day); each series keeps prefix sums, so every
 * window sum is two binary searches. Notes come from note_account. A whole
 * team is then one pass over the accounts, two queries each.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "csconsole/blindspot.h"
#include "csconsole/date.h"
#include "csconsole/detail.h"
#include "csconsole/feed.h"
#include "csconsole/healthcalc.h"
#include "csconsole/i18n.h"
#include "csconsole/summary.h"
#include "csconsole/text.h"
#include "csconsole/touchdef.h"

#define SENTIMENT_WINDOW 90       /* days of notes for the sentiment component */
#define CORE_WINDOW 30            /* days of core feature use */
#define TICKET_WINDOW 28          /* days of support tickets (4 weekly snapshots) */
#define NPS_WINDOW 365            /* how old an NPS answer may be */

static const char *const metric_names[HCM_COUNT] = {
	[HCM_LOGINS] = "logins", [HCM_ACTIVE_SEATS] = "active_seats", [HCM_CORE] = "core_feature_uses",
	[HCM_KEY] = "key_feature_uses", [HCM_NPS] = "nps", [HCM_TICKETS] = "support_tickets",
};

const char *health_metric_name(enum hc_metric m)
{
	return (unsigned)m < HCM_COUNT ? metric_names[m] : "";
}

/* Statements and metric ids shared by every account of one pass. */
struct pass {
	struct store *st;
	const struct config *cfg, *model;
	uint32_t fingerprint;                 /* the model's, stored with each snapshot */
	bool use_kept;                        /* may score from health_inputs (account_weeks) */
	sqlite3_int64 metric_id[HCM_COUNT];   /* -1 when never imported */
};

static int pass_init(struct pass *P, struct store *st, const struct config *cfg, const struct config *model)
{
	P->st = st;
	P->use_kept = false;
	P->cfg = cfg;
	P->model = model ? model : cfg;
	P->fingerprint = health_model_fingerprint(&P->model->health_model, &P->model->health_overrides, NULL);
	for (int m = 0; m < HCM_COUNT; m++) {
		sqlite3_stmt *s = store_stmt(st, "SELECT id FROM metric_name WHERE name = ?1");
		int rc;
		if (!s)
			return -1;
		store_bind_text(s, 1, metric_names[m]);
		rc = sqlite3_step(s);
		P->metric_id[m] = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
		if (store_finish(st, s, rc, N_("the metric names")))
			return -1;
	}
	return 0;
}

/* ---- Loading ---------------------------------------------------------------------- */

static void series_push(struct hc_series *s, size_t *cap, int day, double value)
{
	if (s->n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		s->p = xreallocarray(s->p, *cap, sizeof(*s->p));
	}
	s->p[s->n].day = day;
	s->p[s->n].value = value;
	s->n++;
}

static void series_finish(struct hc_series *s)
{
	s->prefix = xcalloc(s->n + 1, sizeof(*s->prefix));
	for (size_t i = 0; i < s->n; i++)
		s->prefix[i + 1] = s->prefix[i] + s->p[i].value;
}

/* The account's metric series (f->metrics then true). */
static int load_metrics(struct pass *P, struct health_facts *f)
{
	static const char sql_metrics[] =
		"SELECT metric_id, day, value FROM metric WHERE account_id = ?1 ORDER BY metric_id, day";
	size_t cap[HCM_COUNT] = {0};
	sqlite3_stmt *s = store_stmt(P->st, sql_metrics);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, f->account_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(s, 0);
		for (int m = 0; m < HCM_COUNT; m++)
			if (P->metric_id[m] == id)
				series_push(&f->m[m], &cap[m], sqlite3_column_int(s, 1), sqlite3_column_double(s, 2));
	}
	if (store_finish(P->st, s, rc, N_("the metrics")))
		return -1;
	for (int m = 0; m < HCM_COUNT; m++) {
		free(f->m[m].prefix);        /* the empty series' of load_base */
		series_finish(&f->m[m]);
	}
	f->metrics = true;
	return 0;
}

/* Everything but the metrics: the account, its notes and its touches (the
 * metric series are empty, f->metrics false). */
static int load_base(struct pass *P, sqlite3_int64 account_id, struct health_facts *f)
{
	static const char sql_account[] =
		"SELECT crm_id, segment, touch_model, seats FROM account WHERE id = ?1";
	static const char sql_notes[] =
		"SELECT touch_day, coalesce(sentiment, 0) FROM note WHERE account = ?1 AND NOT deleted"
		" ORDER BY touch_day DESC, created DESC, id DESC";
	sqlite3_stmt *s;
	size_t ncap = 0;
	enum touch_model tm;
	int rc;

	memset(f, 0, sizeof(*f));
	f->account_id = account_id;
	if (!(s = store_stmt(P->st, sql_account)))
		return -1;
	sqlite3_bind_int64(s, 1, account_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *seg = (const char *)sqlite3_column_text(s, 1);
		str_copy(f->crm_id, sizeof(f->crm_id), (const char *)sqlite3_column_text(s, 0));
		f->segment = seg ? xstrdup(seg) : NULL;
		str_copy(f->touch_model, sizeof(f->touch_model), (const char *)sqlite3_column_text(s, 2));
		f->has_seats = sqlite3_column_type(s, 3) != SQLITE_NULL;
		f->seats = f->has_seats ? (long)sqlite3_column_int64(s, 3) : 0;
	}
	if (store_finish(P->st, s, rc, N_("an account")))
		return -1;
	if (rc != SQLITE_ROW)
		return error(_("no account with id %lld in %s"), (long long)account_id, P->st->path);
	f->cadence = touch_model_parse(f->touch_model, &tm) ? P->cfg->cadence[tm] : 0;
	f->sentiment_labels = P->cfg->sentiment_labels.len;
	health_params_for(&P->model->health_model, &P->model->health_overrides, f->segment, f->touch_model,
			  &f->params);

	for (int m = 0; m < HCM_COUNT; m++)
		series_finish(&f->m[m]);     /* empty until load_metrics */

	if (!(s = store_stmt(P->st, sql_notes)))
		return -1;
	store_bind_text(s, 1, f->crm_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (f->n_notes == ncap) {
			ncap = ncap ? ncap * 2 : 16;
			f->notes = xreallocarray(f->notes, ncap, sizeof(*f->notes));
		}
		f->notes[f->n_notes].touch_day = sqlite3_column_int(s, 0);
		f->notes[f->n_notes].sentiment = sqlite3_column_int(s, 1);
		f->n_notes++;
	}
	if (store_finish(P->st, s, rc, N_("the notes")))
		return -1;
	/* engagement reads touches, the one definition (touchdef.h) */
	return touch_days(P->st, f->crm_id, &f->touch_days, &f->n_touches);
}

static int load_facts(struct pass *P, sqlite3_int64 account_id, struct health_facts *f)
{
	return load_base(P, account_id, f) || load_metrics(P, f) ? -1 : 0;
}

int health_facts_load(struct store *st, const struct config *cfg, const struct config *model,
		      sqlite3_int64 account_id, struct health_facts *f)
{
	struct pass P;
	memset(f, 0, sizeof(*f));
	if (pass_init(&P, st, cfg, model))
		return -1;
	return load_facts(&P, account_id, f);
}

void health_facts_free(struct health_facts *f)
{
	for (int m = 0; m < HCM_COUNT; m++) {
		free(f->m[m].p);
		free(f->m[m].prefix);
	}
	free(f->segment);
	free(f->notes);
	free(f->touch_days);
	memset(f, 0, sizeof(*f));
}

/* ---- Windows over a series ---------------------------------------------------------- */

/* Index of the first point with day >= d. */
static size_t lower(const struct hc_series *s, int d)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->p[mid].day < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Rows and their sum over days from..to. */
static size_t window(const struct hc_series *s, int from, int to, double *sum)
{
	size_t a = lower(s, from), b = lower(s, to + 1);
	*sum = b > a ? s->prefix[b] - s->prefix[a] : 0;
	return b > a ? b - a : 0;
}

/* The latest point in from..to, or NULL. */
static const struct hc_point *latest(const struct hc_series *s, int from, int to)
{
	size_t b = lower(s, to + 1);
	if (b == 0 || s->p[b - 1].day < from)
		return NULL;
	return &s->p[b - 1];
}


/* ---- The figures ---------------------------------------------------------------------- */

#define TEXT(c, ...) do { if (texts) snprintf(texts->text[c], sizeof(texts->text[c]), __VA_ARGS__); } while (0)

/* The components the metrics give (adoption, core use, key feature, support,
 * NPS) as of T: all a pass keeps in health_inputs. in and texts are
 * cleared by the caller. */
static void inputs_metrics(const struct health_facts *f, int T, struct health_input *in,
			   struct health_texts *texts)
{
	const struct hc_point *seats_pt = latest(&f->m[HCM_ACTIVE_SEATS], INT32_MIN + 1, T), *pt;
	double active = seats_pt ? seats_pt->value : 0, v, ago;
	size_t n;

	/* adoption */
	if (!seats_pt)
		TEXT(HC_ADOPTION, _("no active_seats data"));
	else if (!f->has_seats || f->seats <= 0)
		TEXT(HC_ADOPTION, _("licensed seats unknown"));
	else {
		in->has[HC_ADOPTION] = true;
		in->raw[HC_ADOPTION] = active / (double)f->seats;
		TEXT(HC_ADOPTION, _("%.0f of %ld seats active (%.0f%%)"), active, f->seats,
		     100.0 * active / (double)f->seats);
	}

	/* core feature use per active seat, last 30 days (daily data: a logins row) */
	window(&f->m[HCM_CORE], T - CORE_WINDOW, T - 1, &v);
	if (window(&f->m[HCM_LOGINS], T - CORE_WINDOW, T - 1, &ago) == 0)
		TEXT(HC_CORE_USE, _("no daily metrics in the last 30 days"));
	else if (!seats_pt || active <= 0)
		TEXT(HC_CORE_USE, _("%.0f uses in 30 days, no active seats"), v);
	else {
		in->has[HC_CORE_USE] = true;
		in->raw[HC_CORE_USE] = v / active;
		TEXT(HC_CORE_USE, _("%.0f uses in 30 days, %.2f per active seat"), v, v / active);
	}

	/* key yearly feature: the last 90 days against the same days a year ago */
	int from = T - DETAIL_KEY_DAYS, to = T - 1;
	window(&f->m[HCM_KEY], from, to, &v);
	bool year_data = window(&f->m[HCM_LOGINS], day_year_earlier(from), day_year_earlier(to), &ago) > 0;
	window(&f->m[HCM_KEY], day_year_earlier(from), day_year_earlier(to), &ago);
	if (!year_data)
		TEXT(HC_KEY_FEATURE, _("%.0f uses in 90 days; no data a year ago"), v);
	else if (v <= 0 && ago <= 0)
		TEXT(HC_KEY_FEATURE, _("not used in this season this year or last"));
	else {
		in->has[HC_KEY_FEATURE] = true;
		in->raw[HC_KEY_FEATURE] = ago > 0 ? v / ago : 1.0;
		TEXT(HC_KEY_FEATURE, _("%.0f uses in 90 days, %.0f a year ago"), v, ago);
	}

	/* support tickets of the last 4 weekly snapshots, per 100 seats */
	n = window(&f->m[HCM_TICKETS], T - (TICKET_WINDOW - 1), T, &v);
	if (n == 0)
		TEXT(HC_SUPPORT, _("no support_tickets data in 4 weeks"));
	else if (!f->has_seats || f->seats <= 0)
		TEXT(HC_SUPPORT, _("%.0f tickets in 4 weeks, seats unknown"), v);
	else {
		in->has[HC_SUPPORT] = true;
		in->raw[HC_SUPPORT] = v * 100.0 / (double)f->seats;
		TEXT(HC_SUPPORT, _("%.0f tickets in 4 weeks, %.1f per 100 seats"), v, v * 100.0 / (double)f->seats);
	}

	/* NPS: the latest answer of the last year */
	if (!(pt = latest(&f->m[HCM_NPS], T - NPS_WINDOW, T)))
		TEXT(HC_NPS, _("no NPS answer in 365 days"));
	else {
		char iso[11];
		day_format_iso(pt->day, iso);
		in->has[HC_NPS] = true;
		in->raw[HC_NPS] = pt->value;
		TEXT(HC_NPS, _("%+.0f on %s"), pt->value, iso);
	}
}

/* The components the notes and touches give (engagement, sentiment) as of T. */
static void inputs_touches(const struct health_facts *f, int T, struct health_input *in,
			   struct health_texts *texts)
{
	/* engagement: the last touch (touchdef.h) on or before T against the
	 * cadence; sentiment: the notes of the 90 days up to T */
	int last = DAY_NONE;
	double total = 0;
	size_t k = 0;
	for (size_t i = 0; i < f->n_touches && last == DAY_NONE; i++)
		if (f->touch_days[i] <= T)
			last = f->touch_days[i];      /* newest first */
	for (size_t i = 0; i < f->n_notes; i++) {
		const struct hc_note *no = &f->notes[i];
		if (no->touch_day > T)
			continue;
		if (no->touch_day < T - SENTIMENT_WINDOW)
			break;                  /* newest first: the rest are older */
		if (no->sentiment >= 1) {
			total += no->sentiment;
			k++;
		}
	}
	if (last == DAY_NONE)
		TEXT(HC_ENGAGEMENT, _("no touch yet"));
	else if (f->cadence <= 0)
		TEXT(HC_ENGAGEMENT, _("no cadence for touch model %s"), f->touch_model);
	else {
		int days = T - last;
		in->has[HC_ENGAGEMENT] = true;
		in->raw[HC_ENGAGEMENT] = (double)days / f->cadence;
		TEXT(HC_ENGAGEMENT, P_("last touch %d day ago, cadence %d", "last touch %d days ago, cadence %d", days),
		     days, f->cadence);
	}
	size_t labels = f->sentiment_labels;
	if (k == 0 || labels < 2)
		TEXT(HC_SENTIMENT, _("no note with a sentiment in 90 days"));
	else {
		double mean = total / (double)k;
		in->has[HC_SENTIMENT] = true;
		in->raw[HC_SENTIMENT] = (mean - 1) / (double)(labels - 1);
		TEXT(HC_SENTIMENT, P_("mean %.1f of %zu over %zu note", "mean %.1f of %zu over %zu notes", k), mean,
		     labels, k);
	}
}

void health_facts_inputs(const struct health_facts *f, int T, struct health_input *in,
			 struct health_texts *texts)
{
	memset(in, 0, sizeof(*in));
	if (texts)
		memset(texts, 0, sizeof(*texts));
	inputs_metrics(f, T, in, texts);
	inputs_touches(f, T, in, texts);
}

void health_facts_score(const struct health_facts *f, int day, struct health_model *out)
{
	struct health_input in;
	health_facts_inputs(f, day, &in, NULL);
	health_compute(&f->params, &in, out);
}

int health_week_day(const struct config *cfg, int day)
{
	return day_week_start(day, cfg->week_start);
}

int healthcalc_score_at(struct store *st, const struct config *cfg, const struct config *model,
			const char *crm_id, int day, bool *has, double *score)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id FROM account WHERE crm_id = ?1");
	struct health_facts f;
	struct health_model m;
	sqlite3_int64 id = 0;
	int rc;

	*has = false;
	if (!s)
		return -1;
	store_bind_text(s, 1, crm_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	if (store_finish(st, s, rc, N_("an account")))
		return -1;
	if (rc != SQLITE_ROW)
		return error(_("no account %s in %s"), crm_id, st->path);
	if (health_facts_load(st, cfg, model, id, &f)) {
		health_facts_free(&f);
		return -1;
	}
	health_facts_score(&f, day, &m);
	*has = m.has_score;
	*score = m.score;
	health_facts_free(&f);
	return 0;
}

/* ---- Blind spots ---------------------------------------------------------------------- */

/* Judges f's blind spot as blindspot.c does from a detail load, with the
 * pieces it reads: the model as of the week, the notes, the open risks, the
 * champion, its latest change and the shown score. The judgement never reads
 * the components' texts: they only word the reason of a raised flag. So it is
 * made without them first, and made again with them (from every metric:
 * loaded now when the pass scored from health_inputs) only when it raises a
 * flag, as it always was made. known: the week's model when the caller has
 * scored it (f's own, or the same from health_inputs), else NULL. */
static int judge(struct pass *P, struct health_facts *f, int week, int today,
		 const struct health_model *known, struct blindspot *out, bool stored)
{
	static const char sql_risks[] =
		"SELECT severity, category FROM risk WHERE account = ?1 AND status = 'open'";
	static const char sql_champion[] =
		"SELECT coalesce(champion, ''), champion_status FROM account WHERE id = ?1";
	static const char sql_shown[] =
		"SELECT score FROM health WHERE account_id = ?1 AND source = " HEALTH_SOURCE_SQL
		" AND day <= ?2 ORDER BY day DESC LIMIT 1";
	struct account_detail d;
	struct health_input in;
	struct health_texts texts;
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc, ret = -1;

	memset(&d, 0, sizeof(d));
	str_copy(d.crm_id, sizeof(d.crm_id), f->crm_id);
	if (known)
		d.model = *known;
	else {
		if (!f->metrics && load_metrics(P, f))
			return -1;
		health_facts_inputs(f, week, &in, NULL);
		health_compute(&f->params, &in, &d.model);
	}
	if (!blindspot_possible(P->cfg, &d.model)) {
		/* usage in the middle: no flag, whatever the rest says */
		memset(out, 0, sizeof(*out));
		str_copy(out->crm_id, sizeof(out->crm_id), f->crm_id);
		out->reason = xstrdup("");
		return 0;
	}
	d.band = "";
	d.notes = xcalloc(f->n_notes ? f->n_notes : 1, sizeof(*d.notes));
	for (size_t i = 0; i < f->n_notes; i++) {
		d.notes[i].touch_day = f->notes[i].touch_day;
		d.notes[i].sentiment = f->notes[i].sentiment;
		d.notes[i].sentiment_label = (char *)"";
		if (f->notes[i].sentiment >= 1 && (size_t)f->notes[i].sentiment <= P->cfg->sentiment_labels.len)
			d.notes[i].sentiment_label = P->cfg->sentiment_labels.items[f->notes[i].sentiment - 1];
	}
	d.n_notes = f->n_notes;

	if (!(s = store_stmt(P->st, sql_risks)))
		goto out;
	store_bind_text(s, 1, f->crm_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (d.n_risks == cap) {
			cap = cap ? cap * 2 : 4;
			d.risks = xreallocarray(d.risks, cap, sizeof(*d.risks));
		}
		struct detail_risk *r = &d.risks[d.n_risks++];
		memset(r, 0, sizeof(*r));
		r->open = true;
		r->severity = xstrdup((const char *)sqlite3_column_text(s, 0));
		r->category = xstrdup((const char *)sqlite3_column_text(s, 1));
	}
	if (store_finish(P->st, s, rc, N_("the risks")))
		goto out;
	if (!(s = store_stmt(P->st, sql_champion)))
		goto out;
	sqlite3_bind_int64(s, 1, f->account_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		d.champion = xstrdup((const char *)sqlite3_column_text(s, 0));
		str_copy(d.champion_status, sizeof(d.champion_status), (const char *)sqlite3_column_text(s, 1));
	}
	if (store_finish(P->st, s, rc, N_("the champion")))
		goto out;
	/* a new champion nobody has talked to since: the one definition (champion.h) */
	if (champion_change_get(P->st, f->crm_id, today, &d.champion_change))
		goto out;
	if (!(s = store_stmt(P->st, sql_shown)))
		goto out;
	sqlite3_bind_int64(s, 1, f->account_id);
	sqlite3_bind_int(s, 2, today);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		d.has_health = true;
		d.health_score = sqlite3_column_double(s, 0);
		d.band = health_band(P->cfg, d.health_score);
	}
	if (store_finish(P->st, s, rc, N_("the health")))
		goto out;
	blindspot_decide(&d, P->cfg, today, out);
	if (out->flag == BLINDSPOT_NONE)
		out->reason = xstrdup("");
	else {
		/* the reason is stored (account_flag) and read by machine output
		 * too: written in English, whatever the language of the sync */
		blindspot_free(out);
		if (!f->metrics && load_metrics(P, f))
			goto out;
		if (stored)
			i18n_english_begin();
		health_facts_inputs(f, week, &in, &texts);
		for (int c = 0; c < HC_COUNT; c++)
			str_copy(d.component_text[c].text, sizeof(d.component_text[c].text), texts.text[c]);
		blindspot_judge(&d, P->cfg, today, out);
		if (stored)
			i18n_english_end();
	}
	ret = 0;
out:
	for (size_t i = 0; i < d.n_risks; i++) {
		free(d.risks[i].severity);
		free(d.risks[i].category);
	}
	free(d.risks);
	free(d.notes);
	free(d.champion);
	champion_change_clear(&d.champion_change);
	return ret;
}

static int write_flag(struct pass *P, const struct health_facts *f, const struct blindspot *b, int day)
{
	sqlite3_stmt *s;
	int rc;
	if (b->flag == BLINDSPOT_NONE) {
		if (!(s = store_stmt(P->st, "DELETE FROM account_flag WHERE crm_id = ?1")))
			return -1;
		store_bind_text(s, 1, f->crm_id);
	} else {
		/* day: the week the flag was first raised, kept while the flag holds */
		if (!(s = store_stmt(P->st, "INSERT INTO account_flag(crm_id, flag, reason, day)"
					    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT(crm_id) DO UPDATE SET"
					    " day = CASE WHEN flag = excluded.flag THEN day ELSE excluded.day END,"
					    " flag = excluded.flag, reason = excluded.reason")))
			return -1;
		store_bind_text(s, 1, f->crm_id);
		store_bind_text(s, 2, b->flag == BLINDSPOT_HIDDEN_RISK ? "hidden_risk" : "quiet_loyal");
		/* the reason quotes feed text (the champion's name): kept printable */
		char *clean = text_sanitize(b->reason, false);
		store_bind_text(s, 3, clean);
		free(clean);
		sqlite3_bind_int(s, 4, day);
	}
	rc = sqlite3_step(s);
	return store_finish(P->st, s, rc == SQLITE_DONE ? SQLITE_DONE : rc, N_("the blind-spot flags"));
}

/* ---- Snapshots -------------------------------------------------------------------------- */

/* Snapshots are written PUT_ROWS at a time (one statement instead of eight:
 * a cold sync writes 26 per account), the rest one by one. */
#define PUT_ROWS 8
#define PUT_ROW "(?, 'model', ?, ?, ?)"
#define PUT_UPSERT " ON CONFLICT(account_id, source, day) DO UPDATE SET score = excluded.score," \
	" model = excluded.model WHERE score IS NOT excluded.score OR model IS NOT excluded.model"
static const char sql_put_one[] =
	"INSERT INTO health(account_id, source, day, score, model) VALUES " PUT_ROW PUT_UPSERT;
static const char sql_put_many[] =
	"INSERT INTO health(account_id, source, day, score, model) VALUES " PUT_ROW "," PUT_ROW ","
	PUT_ROW "," PUT_ROW "," PUT_ROW "," PUT_ROW "," PUT_ROW "," PUT_ROW PUT_UPSERT;

/* Writes the n snapshots days[i], scores[i] of account id (n <= PUT_ROWS). */
static int put_snapshots(struct pass *P, sqlite3_int64 id, const int *days, const double *scores, size_t n)
{
	sqlite3_stmt *s = store_stmt(P->st, n == PUT_ROWS ? sql_put_many : sql_put_one);
	int rc;
	if (!s)
		return -1;
	if (n != PUT_ROWS && n != 1) {
		for (size_t i = 0; i < n; i++)
			if (put_snapshots(P, id, days + i, scores + i, 1))
				return -1;
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		int k = 4 * (int)i;
		sqlite3_bind_int64(s, k + 1, id);
		sqlite3_bind_int(s, k + 2, days[i]);
		sqlite3_bind_double(s, k + 3, scores[i]);
		sqlite3_bind_int64(s, k + 4, P->fingerprint);
	}
	rc = sqlite3_step(s);
	return store_finish(P->st, s, rc, N_("the health snapshots"));
}

/* ---- What the metrics give, kept per account ------------------------------------------ */

/* health_inputs (schema step 23) keeps, per account, the components its
 * metrics give (inputs_metrics) as of the week a pass last scored from every
 * metric, with that week, the model's fingerprint and the earlier weeks
 * where the metrics give nothing. Events change notes, touches and risks,
 * never a metric or the seats: the pass after an event sync scores the week
 * from this row and the account's notes and touches (and any earlier week
 * without a snapshot from the notes and touches alone, when the metrics give
 * nothing there), without reading its metrics again. The row is
 * only as good as the metrics and seats it was computed from, so every feed
 * import empties the table in its own transaction (feed.c); a pass over
 * every account, which follows any import, writes it again. */
static const enum health_component metric_parts[] = {
	HC_ADOPTION, HC_CORE_USE, HC_KEY_FEATURE, HC_SUPPORT, HC_NPS,
};

struct kept {
	uint64_t empty;               /* bit i: the metrics give nothing as of week to - 7i */
	uint64_t have;                /* bit i: that week had a snapshot then */
	struct health_input in;       /* metric_parts only, as of week to */
};

/* Bit of week day in a kept row's empty mask (0 beyond 64 weeks back). */
static uint64_t week_bit(int to, int day)
{
	int i = (to - day) / 7;
	return i >= 0 && i < 64 ? (uint64_t)1 << i : 0;
}

/* Reads the row kept for account id as of week `to` under this model: 1
 * when there is one, 0 when not, -1 on error. */
static int kept_read(struct pass *P, sqlite3_int64 id, int to, struct kept *k)
{
	sqlite3_stmt *s = store_stmt(P->st, "SELECT empty_weeks, have_weeks, adoption, core_use, key_feature, support, nps"
				     " FROM health_inputs WHERE account_id = ?1 AND day = ?2 AND model = ?3");
	int rc;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, to);
	sqlite3_bind_int64(s, 3, P->fingerprint);
	memset(k, 0, sizeof(*k));
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		k->empty = (uint64_t)sqlite3_column_int64(s, 0);
		k->have = (uint64_t)sqlite3_column_int64(s, 1);
		for (size_t i = 0; i < ARRAY_SIZE(metric_parts); i++)
			if ((k->in.has[metric_parts[i]] = sqlite3_column_type(s, (int)i + 2) != SQLITE_NULL))
				k->in.raw[metric_parts[i]] = sqlite3_column_double(s, (int)i + 2);
	}
	if (store_finish(P->st, s, rc == SQLITE_ROW ? SQLITE_DONE : rc, N_("the health inputs")))
		return -1;
	return rc == SQLITE_ROW;
}

/* Keeps what f's metrics give as of week `to` (f has every metric), the
 * weeks where they give nothing and the weeks with a snapshot. */
static int kept_write(struct pass *P, const struct health_facts *f, int to, uint64_t empty, uint64_t have)
{
	sqlite3_stmt *s = store_stmt(P->st, "INSERT OR REPLACE INTO health_inputs(account_id, day, model,"
				     " empty_weeks, have_weeks, adoption, core_use, key_feature, support, nps)"
				     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	struct health_input in;
	int rc;
	if (!s)
		return -1;
	memset(&in, 0, sizeof(in));
	inputs_metrics(f, to, &in, NULL);
	sqlite3_bind_int64(s, 1, f->account_id);
	sqlite3_bind_int(s, 2, to);
	sqlite3_bind_int64(s, 3, P->fingerprint);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)empty);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)have);
	for (size_t i = 0; i < ARRAY_SIZE(metric_parts); i++) {
		if (in.has[metric_parts[i]])
			sqlite3_bind_double(s, (int)i + 6, in.raw[metric_parts[i]]);
		else
			sqlite3_bind_null(s, (int)i + 6);
	}
	rc = sqlite3_step(s);
	return store_finish(P->st, s, rc, N_("the health inputs"));
}

/* Do the metrics give any component in in? */
static bool any_metric_part(const struct health_input *in)
{
	for (size_t i = 0; i < ARRAY_SIZE(metric_parts); i++)
		if (in->has[metric_parts[i]])
			return true;
	return false;
}

/* The first day any component can read: the account's oldest metric, note
 * or touch (INT_MAX when it has none; f's metrics when loaded). Every window
 * of every component ends on or before the day it scores, so a week before
 * this day has no input and no score: the pass need not compute it (a 52-week
 * pass over a book whose feeds began months ago would score those empty
 * weeks every sync). */
static int first_input_day(const struct health_facts *f)
{
	int first = INT_MAX;
	for (int m = 0; m < HCM_COUNT; m++)
		if (f->m[m].n && f->m[m].p[0].day < first)
			first = f->m[m].p[0].day;
	if (f->n_notes && f->notes[f->n_notes - 1].touch_day < first)      /* newest first */
		first = f->notes[f->n_notes - 1].touch_day;
	if (f->n_touches && f->touch_days[f->n_touches - 1] < first)
		first = f->touch_days[f->n_touches - 1];
	return first;
}

/* Computes one account's weeks from..to (week days), skipping the weeks that
 * have a snapshot unless `all`; the week `to` is always computed. With
 * P->use_kept, a row of health_inputs for `to` stands for the metrics when
 * every other week to compute is one where they give nothing: `to` is scored
 * from the row, the others from the notes and touches alone, exactly as from
 * every metric. Otherwise the metrics are read, and the row kept again. */
static int account_weeks(struct pass *P, sqlite3_int64 id, int from, int to, int today, bool all,
			 struct healthcalc_stats *stats)
{
	static const char sql_have[] =
		"SELECT day FROM health WHERE account_id = ?1 AND source = 'model' AND day BETWEEN ?2 AND ?3";
	static const char sql_drop[] =
		"DELETE FROM health WHERE account_id = ?1 AND source = 'model' AND day BETWEEN ?2 AND ?3";
	size_t nweeks = (size_t)((to - from) / 7 + 1);
	bool *have = xcalloc(nweeks, sizeof(*have));
	struct health_facts f;
	struct blindspot b = {0};
	struct kept k;
	sqlite3_stmt *s;
	int rc, ret = -1, days[PUT_ROWS], use_kept = 0;
	uint64_t empty = 0;           /* the weeks the metrics give nothing (kept_write) */
	uint64_t wrote = 0;           /* the weeks this pass gave a snapshot */
	double scores[PUT_ROWS];
	size_t put = 0;
	struct health_model mto;
	const struct health_model *known = NULL;   /* the week `to`'s, once scored */

	if (load_base(P, id, &f))
		goto out;
	if (P->use_kept && !all && (use_kept = kept_read(P, id, to, &k)) < 0)
		goto out;
	if (use_kept) {
		/* The weeks that had a snapshot when the row was kept still have it
		 * (only --recompute drops one, and it keeps the row again); a week
		 * given one since is scored again, to the same score. A week to
		 * compute where the metrics give something: only they can score it. */
		for (size_t w = 0; w < nweeks; w++) {
			int day = from + 7 * (int)w;
			have[w] = (k.have & week_bit(to, day)) != 0;
			if (day != to && !have[w] && !(k.empty & week_bit(to, day)))
				use_kept = 0;
		}
		if (!use_kept)
			memset(have, 0, nweeks * sizeof(*have));
	}
	if (all) {
		/* the weeks recomputed start empty: a week without a score now has none */
		if (!(s = store_stmt(P->st, sql_drop)))
			goto out;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, from);
		sqlite3_bind_int(s, 3, to);
		rc = sqlite3_step(s);
		if (store_finish(P->st, s, rc, N_("the health snapshots")))
			goto out;
	} else if (!use_kept) {
		if (!(s = store_stmt(P->st, sql_have)))
			goto out;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, from);
		sqlite3_bind_int(s, 3, to);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			int d = sqlite3_column_int(s, 0);
			if (d >= from && (d - from) % 7 == 0)
				have[(d - from) / 7] = true;
		}
		if (store_finish(P->st, s, rc, N_("the health snapshots")))
			goto out;
	}
	if (!use_kept && load_metrics(P, &f))
		goto out;
	/* With the kept row, f has no metric: first is its first note or touch,
	 * and the weeks before it have neither metric part (k.empty) nor touch. */
	int first = first_input_day(&f);
	for (size_t w = 0; w < nweeks; w++) {
		int day = from + 7 * (int)w;
		struct health_model m;
		struct health_input in;
		if (have[w] && day != to)
			continue;
		/* no input at all (the kept row may still give `to` its metric part) */
		if (day < first && !(use_kept && day == to)) {
			empty |= week_bit(to, day);
			continue;
		}
		memset(&in, 0, sizeof(in));
		if (use_kept && day == to)
			in = k.in;
		else if (!use_kept) {
			inputs_metrics(&f, day, &in, NULL);
			if (!any_metric_part(&in))
				empty |= week_bit(to, day);
		}
		/* (with the kept row, any other week's metric part is empty: k.empty) */
		inputs_touches(&f, day, &in, NULL);
		health_compute(&f.params, &in, &m);
		if (day == to)
			mto = m, known = &mto;
		if (!m.has_score)
			continue;
		wrote |= week_bit(to, day);
		days[put] = day;
		scores[put++] = m.score;
		stats->snapshots++;
		if (put == PUT_ROWS) {
			if (put_snapshots(P, id, days, scores, put))
				goto out;
			put = 0;
		}
	}
	if (put && put_snapshots(P, id, days, scores, put))
		goto out;
	if (!use_kept) {
		uint64_t had = wrote;
		for (size_t w = 0; w < nweeks; w++)
			if (have[w])
				had |= week_bit(to, from + 7 * (int)w);
		if (kept_write(P, &f, to, empty, had))
			goto out;
	}
	if (judge(P, &f, to, today, known, &b, true) || write_flag(P, &f, &b, to))
		goto out;
	stats->accounts++;
	ret = 0;
out:
	blindspot_free(&b);
	health_facts_free(&f);
	free(have);
	return ret;
}

int healthcalc_blind_reason(struct store *st, const struct config *cfg, int64_t account_id, int today,
			    char **reason)
{
	struct pass P;
	struct health_facts f;
	struct blindspot b = {0};
	int ret = -1;

	*reason = NULL;
	memset(&f, 0, sizeof(f));
	if (pass_init(&P, st, cfg, NULL) == 0 && load_facts(&P, (sqlite3_int64)account_id, &f) == 0 &&
	    judge(&P, &f, health_week_day(cfg, today), today, NULL, &b, false) == 0) {
		*reason = xstrdup(b.reason ? b.reason : "");
		ret = 0;
	}
	blindspot_free(&b);
	health_facts_free(&f);
	return ret;
}

#define PROGRESS_EVERY 500        /* accounts between two progress calls */

/* Clears the figures, keeping the caller's progress callback. */
static void stats_reset(struct healthcalc_stats *stats)
{
	void (*fn)(void *, const char *, size_t, size_t) = stats->progress;
	void *ctx = stats->progress_ctx;
	memset(stats, 0, sizeof(*stats));
	stats->progress = fn;
	stats->progress_ctx = ctx;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int set_fingerprint(struct store *st, const struct config *cfg)
{
	char fp[16];
	(void)health_model_fingerprint(&cfg->health_model, &cfg->health_overrides, fp);
	return store_meta_set(st, "health_model", fp);
}

/* Every summary, in one statement (2.9 s at 100,000 accounts): those noted
 * in summary_pending are then current too. */
static int summaries_all(struct store *st)
{
	if (summary_refresh_all(st))
		return -1;
	return store_exec(st, "DELETE FROM summary_pending");
}

/* The summaries of only's accounts and of those an event sync left noted
 * (events_ingest_deferred), each once, in one statement over
 * summary_pending: not every account's, and not one statement each. */
static int summaries_of(struct store *st, const struct strlist *only)
{
	if (summary_mark_pending(st, (const char *const *)only->items, only->len))
		return -1;
	return summary_refresh_pending(st);
}

/* The pass: every active account (only NULL) or those of only's CRM ids. */
static int run(struct store *st, const struct config *cfg, int today, const struct strlist *only, int weeks,
	       bool all, struct healthcalc_stats *stats)
{
	struct pass P;
	sqlite3_stmt *s;
	sqlite3_int64 *ids = NULL;
	size_t n = 0, cap = 0;
	int to = health_week_day(cfg, today), from = to - 7 * (weeks - 1), rc = SQLITE_DONE;
	double t0 = now_seconds();
	bool mine;

	stats_reset(stats);
	if (store_join(st, &mine))
		return -1;
	if (pass_init(&P, st, cfg, NULL))
		return store_end(st, mine, -1);
	/* the accounts events touched: their metrics are as the last pass over
	 * every account found them (health_inputs) */
	P.use_kept = only != NULL;
	s = store_stmt(st, only ? "SELECT id FROM account WHERE crm_id = ?1 AND active"
			       : "SELECT id FROM account WHERE active ORDER BY id");
	if (!s)
		return store_end(st, mine, -1);
	for (size_t k = 0; k < (only ? only->len : 1) && (rc == SQLITE_DONE || rc == SQLITE_ROW); k++) {
		if (only) {
			sqlite3_reset(s);
			store_bind_text(s, 1, only->items[k]);
		}
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			if (n == cap) {
				cap = cap ? cap * 2 : 256;
				ids = xreallocarray(ids, cap, sizeof(*ids));
			}
			ids[n++] = sqlite3_column_int64(s, 0);
		}
	}
	if (store_finish(st, s, rc, N_("the accounts"))) {
		free(ids);
		return store_end(st, mine, -1);
	}
	for (size_t i = 0; i < n; i++) {
		if (stats->progress && i % PROGRESS_EVERY == 0 && n > PROGRESS_EVERY)
			stats->progress(stats->progress_ctx, "health", i, n);
		if (account_weeks(&P, ids[i], from, to, today, all, stats)) {
			free(ids);
			if (stats->progress)
				stats->progress(stats->progress_ctx, "health", n, n);
			return store_end(st, mine, -1);
		}
	}
	if (stats->progress)
		stats->progress(stats->progress_ctx, "health", n, n);
	free(ids);
	if (!only && set_fingerprint(st, cfg))
		return store_end(st, mine, -1);
	if (cfg->health_score == HEALTH_COMPUTED && (only ? summaries_of(st, only) : summaries_all(st)))
		return store_end(st, mine, -1);
	rc = store_end(st, mine, 0);
	stats->seconds = now_seconds() - t0;
	return rc;
}

int healthcalc_update(struct store *st, const struct config *cfg, int today, const char *crm_id,
		      struct healthcalc_stats *stats)
{
	struct strlist one = { .items = (char **)&crm_id, .len = 1 };   /* read only */
	return run(st, cfg, today, crm_id ? &one : NULL, HEALTHCALC_WEEKS, false, stats);
}

static int meta_int(struct store *st, const char *key, long long *out)
{
	char *v = store_meta_get(st, key);
	char *end;
	bool ok = v && *v;
	if (ok)
		*out = strtoll(v, &end, 10), ok = *end == '\0';
	free(v);
	return ok ? 0 : -1;
}

static int meta_set_int(struct store *st, const char *key, long long v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%lld", v);
	return store_meta_set(st, key, buf);
}

int healthcalc_sync(struct store *st, const struct config *cfg, int today, bool feeds_changed,
		    bool *ran, struct healthcalc_stats *stats)
{
	long long week = 0, mark = 0, top = 0;
	char fp[16], *have_fp = store_meta_get(st, "health_model");
	bool full, mine;
	sqlite3_stmt *s;
	int rc;

	stats_reset(stats);
	*ran = false;
	(void)health_model_fingerprint(&cfg->health_model, &cfg->health_overrides, fp);
	/* a mark left by an import (feed.h, summaries_later): this pass refreshes for it */
	char *mark_v = store_meta_get(st, FEEDS_CHANGED_META);
	bool pending = mark_v != NULL;
	free(mark_v);
	feeds_changed = feeds_changed || pending;
	full = feeds_changed || !have_fp || strcmp(have_fp, fp) != 0 ||
	       meta_int(st, "health_week", &week) || week != health_week_day(cfg, today) ||
	       meta_int(st, "health_event_mark", &mark);
	free(have_fp);
	if (store_join(st, &mine))
		return -1;
	if (!(s = store_stmt(st, "SELECT coalesce(max(rowid), 0) FROM event")))
		return store_end(st, mine, -1);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		top = sqlite3_column_int64(s, 0);
	if (store_finish(st, s, rc, N_("the events")))
		return store_end(st, mine, -1);
	if (full) {
		*ran = true;
		if (healthcalc_update(st, cfg, today, NULL, stats))
			return store_end(st, mine, -1);
		/* the computed score's pass refreshed every summary; the vendor's
		 * did not, and the feeds' figures still need it once */
		if (feeds_changed && cfg->health_score != HEALTH_COMPUTED && summaries_all(st))
			return store_end(st, mine, -1);
		if (pending && store_exec(st, "DELETE FROM meta WHERE key = '" FEEDS_CHANGED_META "'"))
			return store_end(st, mine, -1);
	} else if (top > mark) {
		struct strlist accounts = {0};
		if (!(s = store_stmt(st, "SELECT DISTINCT account FROM event WHERE rowid > ?1 AND account IS NOT NULL")))
			return store_end(st, mine, -1);
		sqlite3_bind_int64(s, 1, mark);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW)
			strlist_add(&accounts, (const char *)sqlite3_column_text(s, 0));
		if (store_finish(st, s, rc, N_("the events"))) {
			strlist_clear(&accounts);
			return store_end(st, mine, -1);
		}
		/* one pass over the accounts the events are about */
		if (accounts.len && run(st, cfg, today, &accounts, HEALTHCALC_WEEKS, false, stats)) {
			strlist_clear(&accounts);
			return store_end(st, mine, -1);
		}
		*ran = accounts.len > 0;
		strlist_clear(&accounts);
	}
	/* what the event sync left noted (events_ingest_deferred) and no
	 * refresh above took: the vendor's score, events about no account */
	if (summary_refresh_pending(st) ||
	    meta_set_int(st, "health_week", health_week_day(cfg, today)) ||
	    meta_set_int(st, "health_event_mark", top))
		return store_end(st, mine, -1);
	return store_end(st, mine, 0);
}

int healthcalc_recompute(struct store *st, const struct config *cfg, int today, int weeks,
			 struct healthcalc_stats *stats)
{
	if (weeks < 1 || weeks > 520)
		return error(_("--weeks must be from 1 to 520, not %d"), weeks);
	return run(st, cfg, today, NULL, weeks, true, stats);
}

int health_inputs_forget(struct store *st)
{
	/* nothing kept (every import after the first of a sync): no write */
	sqlite3_stmt *q = store_stmt(st, "SELECT EXISTS (SELECT 1 FROM health_inputs)");
	int rc, any = 0;
	if (!q)
		return -1;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		any = sqlite3_column_int(q, 0);
	if (store_finish(st, q, rc == SQLITE_ROW ? SQLITE_DONE : rc, N_("the health inputs")))
		return -1;
	return any ? store_exec(st, "DELETE FROM health_inputs") : 0;
}

int healthcalc_flags(struct store *st, const char *crm_id, long long *hidden, long long *quiet)
{
#define FLAG_COUNTS "SELECT count(*) FILTER (WHERE flag = 'hidden_risk'), count(*) FILTER (WHERE flag = 'quiet_loyal')" \
			" FROM account_flag"
	static const char sql_flags_all[] = FLAG_COUNTS;
	static const char sql_flags_one[] = FLAG_COUNTS " WHERE crm_id = ?1";
#undef FLAG_COUNTS
	sqlite3_stmt *s = store_stmt(st, crm_id ? sql_flags_one : sql_flags_all);
	int rc;

	*hidden = *quiet = 0;
	if (!s)
		return -1;
	if (crm_id)
		store_bind_text(s, 1, crm_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*hidden = sqlite3_column_int64(s, 0);
		*quiet = sqlite3_column_int64(s, 1);
	}
	return store_finish(st, s, rc, N_("the blind-spot flags"));
}

int healthcalc_status(struct store *st, const struct config *cfg, const char *crm_id,
		      struct healthcalc_status *out)
{
	static const char sql_all[] =
		"SELECT count(*), count(*) FILTER (WHERE model IS NOT ?1), min(day) FILTER (WHERE model IS ?1)"
		" FROM health WHERE source = 'model'";
	static const char sql_one[] =
		"SELECT count(*), count(*) FILTER (WHERE model IS NOT ?1), min(day) FILTER (WHERE model IS ?1)"
		" FROM health WHERE source = 'model' AND account_id = (SELECT id FROM account WHERE crm_id = ?2)";
	sqlite3_stmt *s = store_stmt(st, crm_id ? sql_one : sql_all);
	int rc;

	memset(out, 0, sizeof(*out));
	out->fingerprint = health_model_fingerprint(&cfg->health_model, &cfg->health_overrides, out->name);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, out->fingerprint);
	if (crm_id)
		store_bind_text(s, 2, crm_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->snapshots = sqlite3_column_int64(s, 0);
		out->other_model = sqlite3_column_int64(s, 1);
		out->first_day = sqlite3_column_type(s, 2) == SQLITE_NULL ? DAY_NONE : sqlite3_column_int(s, 2);
	}
	if (store_finish(st, s, rc, N_("the health snapshots")))
		return -1;
	return healthcalc_flags(st, crm_id, &out->hidden, &out->quiet);
}

int healthcalc_use(struct store *st, const struct config *cfg)
{
	const char *want = cfg->health_score == HEALTH_VENDOR ? "feed" : "model";
	char *have = store_meta_get(st, "health_source");
	bool mine;
	int rc;

	if (have && strcmp(have, want) == 0) {
		free(have);
		return 0;
	}
	free(have);
	if (store_join(st, &mine))
		return -1;
	rc = store_meta_set(st, "health_source", want) || summary_refresh_all(st) ? -1 : 0;
	return store_end(st, mine, rc);
}
