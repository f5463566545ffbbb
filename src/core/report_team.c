/* report_team.c - the team's health (report.h, docs/reports.md): per CSM
 * the accounts and ARR held as main and as sub owner, the overdue
 * touchpoints on their main accounts, the single-owner risk (main accounts
 * without a sub owner, whose sub owner is not an active CSM, or is away
 * today), the notes they logged in each of the last 4 weeks, and their next
 * absence: its days, who covers (the absence's covered_by, else the sub
 * owners) and how many of their accounts nobody covers then (no covered_by
 * and a sub owner missing or away during it, or a covered_by away too).
 * A row's accounts: the single-owner ones, then those with overdue
 * touchpoints, then the ones uncovered in the next absence. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/config.h"
#include "csconsole/date.h"
#include "csconsole/i18n.h"
#include "csconsole/report_calc.h"

#define NOTE_WEEKS 4

enum col { C_CSM, C_MAIN, C_MAIN_ARR, C_SUB, C_SUB_ARR, C_OVERDUE, C_SINGLE, C_NOTES, C_AWAY_FROM,
	   C_AWAY_UNTIL, C_COVER, C_UNCOVERED, C_COUNT };

static const struct report_col team_cols[C_COUNT] = {
	[C_CSM] = { "csm", N_("CSM"), CELL_TEXT },
	[C_MAIN] = { "main_accounts", N_("Main"), CELL_INT },
	[C_MAIN_ARR] = { "main_arr", N_("Main ARR"), CELL_MONEY },
	[C_SUB] = { "sub_accounts", N_("Sub"), CELL_INT },
	[C_SUB_ARR] = { "sub_arr", N_("Sub ARR"), CELL_MONEY },
	[C_OVERDUE] = { "overdue_touchpoints", N_("Overdue"), CELL_INT },
	[C_SINGLE] = { "single_owner", N_("Single owner"), CELL_INT },
	[C_NOTES] = { "notes_per_week", N_("Notes/week"), CELL_TEXT },
	[C_AWAY_FROM] = { "away_from", N_("Away from"), CELL_DAY },
	[C_AWAY_UNTIL] = { "away_until", N_("Until"), CELL_DAY },
	[C_COVER] = { "cover", N_("Covered by"), CELL_TEXT },
	[C_UNCOVERED] = { "uncovered", N_("Uncovered"), CELL_INT },
};

struct absence {
	char *handle, *covered_by;
	int from, until;
};

struct csm {
	char *handle;
	bool shown;                      /* --owner: the one CSM reported on */
	long long main, sub, overdue, single, uncovered, notes[NOTE_WEEKS];
	double main_arr, sub_arr;
	const struct absence *next;      /* the next (or current) absence, or NULL */
	bool away_today;
	struct strlist single_ids, overdue_ids, uncovered_ids;
};

struct team {
	struct csm *c;
	size_t n;
	struct absence *abs;
	size_t nabs;
	struct strlist no_rate;
	long long orphans;               /* listed accounts whose main owner is no active CSM */
};

static struct csm *csm_find(struct team *t, const char *handle)
{
	for (size_t i = 0; handle && i < t->n; i++)
		if (strcmp(t->c[i].handle, handle) == 0)
			return &t->c[i];
	return NULL;
}

/* Whether handle is away on any day of [from, until]. */
static bool away_during(const struct team *t, const char *handle, int from, int until)
{
	for (size_t i = 0; handle && i < t->nabs; i++)
		if (strcmp(t->abs[i].handle, handle) == 0 && t->abs[i].from <= until && t->abs[i].until >= from)
			return true;
	return false;
}

/* msg: a whole sentence with one %s, SQLite's message. */
#define sql_fail(db, msg) error(msg, sqlite3_errmsg(db))

static int load_csms(sqlite3 *db, const struct report_params *p, struct team *t)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;
	/* every active CSM: a sub owner must be one to cover */
	if (sqlite3_prepare_v2(db, "SELECT handle FROM csm WHERE active = 1 ORDER BY handle", -1, &s,
			       NULL) != SQLITE_OK)
		return sql_fail(db, _("cannot read the team feed's CSMs: %s"));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (t->n == cap) {
			cap = cap ? cap * 2 : 16;
			t->c = xreallocarray(t->c, cap, sizeof(*t->c));
		}
		memset(&t->c[t->n], 0, sizeof(t->c[t->n]));
		t->c[t->n].handle = xstrdup((const char *)sqlite3_column_text(s, 0));
		t->c[t->n].shown = !p->owner || strcmp(p->owner, t->c[t->n].handle) == 0;
		t->n++;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(db, _("cannot read the team feed's CSMs: %s"));
}

/* Every absence that ends today or later, in start order; of two that start
 * on one day, the longer, then the later written (a cover set with
 * `csconsole cover` over the feed's), as the agenda reads them. */
static int load_absences(sqlite3 *db, int today, struct team *t)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;
	if (sqlite3_prepare_v2(db, "SELECT handle, coalesce(covered_by, ''), start_day, end_day FROM absence "
			       "WHERE end_day >= ?1 ORDER BY start_day, end_day DESC, id DESC", -1, &s, NULL) != SQLITE_OK)
		return sql_fail(db, _("cannot read the absences: %s"));
	sqlite3_bind_int(s, 1, today);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (t->nabs == cap) {
			cap = cap ? cap * 2 : 16;
			t->abs = xreallocarray(t->abs, cap, sizeof(*t->abs));
		}
		struct absence *a = &t->abs[t->nabs++];
		a->handle = xstrdup((const char *)sqlite3_column_text(s, 0));
		a->covered_by = xstrdup((const char *)sqlite3_column_text(s, 1));
		a->from = sqlite3_column_int(s, 2);
		a->until = sqlite3_column_int(s, 3);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return sql_fail(db, _("cannot read the absences: %s"));
	for (size_t i = 0; i < t->nabs; i++) {
		struct csm *c = csm_find(t, t->abs[i].handle);
		if (!c)
			continue;
		if (!c->next)
			c->next = &t->abs[i];
		if (t->abs[i].from <= today)
			c->away_today = true;
	}
	return 0;
}

static void add_arr(const struct config *cfg, struct team *t, double *to, sqlite3_stmt *s)
{
	const char *cur = (const char *)sqlite3_column_text(s, 4);
	double v;
	if (sqlite3_column_type(s, 3) == SQLITE_NULL || !cur)
		return;
	if (report_convert(cfg, cur, report_amount(sqlite3_column_int64(s, 3), cur), &v))
		*to += v;
	else if (!strlist_has(&t->no_rate, cur))
		strlist_add(&t->no_rate, cur);
}

static int load_accounts(sqlite3 *db, const struct config *cfg, struct team *t)
{
	sqlite3_stmt *s;
	int rc;
	if (sqlite3_prepare_v2(db, "SELECT crm_id, main_owner, sub_owner, arr_minor, currency FROM account "
			       "WHERE active = 1 ORDER BY crm_id", -1, &s, NULL) != SQLITE_OK)
		return sql_fail(db, _("cannot read the accounts: %s"));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *crm = (const char *)sqlite3_column_text(s, 0);
		const char *main = (const char *)sqlite3_column_text(s, 1);
		const char *sub = (const char *)sqlite3_column_text(s, 2);
		struct csm *m = csm_find(t, main), *b = csm_find(t, sub);
		if (sub && !*sub)
			sub = NULL;
		if (b) {
			b->sub++;
			add_arr(cfg, t, &b->sub_arr, s);
		}
		if (!m) {
			t->orphans++;
			continue;
		}
		m->main++;
		add_arr(cfg, t, &m->main_arr, s);
		/* the single-owner risk: no sub owner present today (a sub owner who
		 * is not an active CSM of the team feed cannot cover either) */
		if (!sub || !b || b->away_today) {
			m->single++;
			strlist_add(&m->single_ids, crm);
		}
		if (m->next) {
			const struct absence *a = m->next;
			bool covered = *a->covered_by ? !away_during(t, a->covered_by, a->from, a->until)
						      : sub && b && !away_during(t, sub, a->from, a->until);
			if (!covered) {
				m->uncovered++;
				strlist_add(&m->uncovered_ids, crm);
			}
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(db, _("cannot read the accounts: %s"));
}

/* Overdue touchpoints (open or snoozed, due before today) on each CSM's
 * main accounts. */
static int load_overdue(sqlite3 *db, int today, struct team *t)
{
	sqlite3_stmt *s;
	int rc;
	if (sqlite3_prepare_v2(db, "SELECT a.main_owner, t.account, count(*) FROM touchpoint t "
			       "JOIN account a ON a.crm_id = t.account WHERE t.status IN ('open', 'snoozed') "
			       "AND t.due_day < ?1 AND a.active = 1 GROUP BY a.main_owner, t.account "
			       "ORDER BY t.account", -1, &s, NULL) != SQLITE_OK)
		return sql_fail(db, _("cannot read the touchpoints: %s"));
	sqlite3_bind_int(s, 1, today);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct csm *c = csm_find(t, (const char *)sqlite3_column_text(s, 0));
		if (!c)
			continue;
		c->overdue += sqlite3_column_int(s, 2);
		strlist_add(&c->overdue_ids, (const char *)sqlite3_column_text(s, 1));
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(db, _("cannot read the touchpoints: %s"));
}

/* Notes each CSM wrote per week: week 0 is the 7 days ending today. */
static int load_notes(sqlite3 *db, int today, struct team *t)
{
	sqlite3_stmt *s;
	int rc;
	if (sqlite3_prepare_v2(db, "SELECT author, (?1 - touch_day) / 7, count(*) FROM note WHERE deleted = 0 "
			       "AND touch_day BETWEEN ?1 - ?2 + 1 AND ?1 GROUP BY 1, 2", -1, &s, NULL) != SQLITE_OK)
		return sql_fail(db, _("cannot read the notes: %s"));
	sqlite3_bind_int(s, 1, today);
	sqlite3_bind_int(s, 2, 7 * NOTE_WEEKS);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct csm *c = csm_find(t, (const char *)sqlite3_column_text(s, 0));
		int w = sqlite3_column_int(s, 1);
		if (c && w >= 0 && w < NOTE_WEEKS)
			c->notes[w] += sqlite3_column_int(s, 2);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(db, _("cannot read the notes: %s"));
}

static void add_ids(struct strlist *to, const struct strlist *from)
{
	for (size_t i = 0; i < from->len; i++)
		if (!strlist_has(to, from->items[i]))
			strlist_add(to, from->items[i]);
}

static void team_free(struct team *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->c[i].handle);
		strlist_clear(&t->c[i].single_ids);
		strlist_clear(&t->c[i].overdue_ids);
		strlist_clear(&t->c[i].uncovered_ids);
	}
	free(t->c);
	for (size_t i = 0; i < t->nabs; i++) {
		free(t->abs[i].handle);
		free(t->abs[i].covered_by);
	}
	free(t->abs);
	strlist_clear(&t->no_rate);
}

int report_build_team(sqlite3 *db, const struct config *cfg, int today,
		      const struct report_params *p, struct report *out)
{
	struct team t = {0};
	enum report_by by;
	const char *cur = cfg->reports_currency;
	int rc = -1;

	if (report_by_parse(p->by, &by) < 0)
		return -1;
	if (by == BY_SEGMENT || by == BY_TOUCH_MODEL)
		return error(_("--by %s is for the retention report: the team report has a row per CSM"),
			     p->by);
	if (!cur || !*cur)
		return error(_("reports.currency is empty: set the reporting currency (e.g. USD) in "
			       "csconsole.yaml"));
	if (load_csms(db, p, &t) || load_absences(db, today, &t) || load_accounts(db, cfg, &t) ||
	    load_overdue(db, today, &t) || load_notes(db, today, &t))
		goto out;
	if (p->owner && !csm_find(&t, p->owner)) {
		error(_("--owner %s is not an active CSM of the team feed"), p->owner);
		goto out;
	}
	char day[11];
	day_format_iso(today, day);
	report_init(out, REPORT_TEAM, team_cols, C_COUNT);
	out->title = xasprintf(_("Team health on %s (ARR in %s)"), day, cur);
	out->formula = xstrdup(_(
		"Main, Sub: active accounts held as main or sub owner. Overdue: open or snoozed touchpoints "
		"due before today on the main accounts.\n"
		"Single owner: main accounts without a sub owner who is an active CSM present today.\n"
		"Notes/week: notes written in each of the last 4 weeks, oldest first (the last is the 7 "
		"days to today).\n"
		"Away from, Until, Covered by: the next absence and its cover (else the sub owners); "
		"Uncovered: main accounts nobody covers then."));
	struct csm total = { .handle = NULL };
	for (size_t i = 0; i < t.n; i++) {
		struct csm *c = &t.c[i];
		if (!c->shown)
			continue;
		struct report_row *row = report_add_row(out, 1);
		struct report_cell *x = row->cells;
		struct sbuf notes = {0};
		report_cell_set_text(&x[C_CSM], c->handle);
		report_cell_set_int(&x[C_MAIN], c->main);
		report_cell_set_money(&x[C_MAIN_ARR], c->main_arr, cur);
		report_cell_set_int(&x[C_SUB], c->sub);
		report_cell_set_money(&x[C_SUB_ARR], c->sub_arr, cur);
		report_cell_set_int(&x[C_OVERDUE], c->overdue);
		report_cell_set_int(&x[C_SINGLE], c->single);
		for (int w = NOTE_WEEKS - 1; w >= 0; w--) {
			sbuf_addf(&notes, "%s%lld", w == NOTE_WEEKS - 1 ? "" : " ", c->notes[w]);
			total.notes[w] += c->notes[w];
		}
		report_cell_set_text(&x[C_NOTES], sbuf_str(&notes));
		sbuf_free(&notes);
		if (c->next) {
			x[C_AWAY_FROM].type = x[C_AWAY_UNTIL].type = CELL_DAY;
			x[C_AWAY_FROM].i = c->next->from;
			x[C_AWAY_UNTIL].i = c->next->until;
			report_cell_set_text(&x[C_COVER], *c->next->covered_by ? c->next->covered_by : _("sub owners"));
			report_cell_set_int(&x[C_UNCOVERED], c->uncovered);
		}
		add_ids(&row->accounts, &c->single_ids);
		add_ids(&row->accounts, &c->overdue_ids);
		add_ids(&row->accounts, &c->uncovered_ids);
		total.main += c->main;
		total.sub += c->sub;
		total.main_arr += c->main_arr;
		total.sub_arr += c->sub_arr;
		total.overdue += c->overdue;
		total.single += c->single;
		total.uncovered += c->uncovered;
		add_ids(&total.single_ids, &row->accounts);
	}
	if (!p->owner) {
		struct report_row *row = report_add_row(out, 0);
		struct report_cell *x = row->cells;
		struct sbuf notes = {0};
		report_cell_set_text(&x[C_CSM], _("Team"));
		report_cell_set_int(&x[C_MAIN], total.main);
		report_cell_set_money(&x[C_MAIN_ARR], total.main_arr, cur);
		report_cell_set_int(&x[C_SUB], total.sub);
		report_cell_set_money(&x[C_SUB_ARR], total.sub_arr, cur);
		report_cell_set_int(&x[C_OVERDUE], total.overdue);
		report_cell_set_int(&x[C_SINGLE], total.single);
		for (int w = NOTE_WEEKS - 1; w >= 0; w--)
			sbuf_addf(&notes, "%s%lld", w == NOTE_WEEKS - 1 ? "" : " ", total.notes[w]);
		report_cell_set_text(&x[C_NOTES], sbuf_str(&notes));
		sbuf_free(&notes);
		report_cell_set_int(&x[C_UNCOVERED], total.uncovered);
		strlist_copy(&row->accounts, &total.single_ids);
	}
	strlist_clear(&total.single_ids);
	for (size_t i = 0; i < t.no_rate.len; i++) {
		char *n = xasprintf(_("Accounts in %s have no rate to %s (reports.rates): their ARR is left "
				      "out."), t.no_rate.items[i], cur);
		strlist_add(&out->notes, n);
		free(n);
	}
	if (t.orphans && !p->owner) {
		char *n = xasprintf(P_("%lld account has a main owner who is not an active CSM of the team "
				       "feed: it is in no row (csconsole accounts --owner names them).",
				       "%lld accounts have a main owner who is not an active CSM of the team "
				       "feed: they are in no row (csconsole accounts --owner names them).",
				       t.orphans), t.orphans);
		strlist_add(&out->notes, n);
		free(n);
	}
	rc = 0;
out:
	team_free(&t);
	return rc;
}
