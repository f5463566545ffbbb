/* test_agenda.c - the agenda's rules on scratch stores with hand-made rows:
 * each rule fires and stays quiet at its boundaries, items are ordered and
 * marked new against the last look; the calendar and its RFC 5545 text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/agenda.h"
#include "csconsole/summary.h"
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/text.h"
#include "scratch.h"

static struct store st;
static struct config cfg;
static int T;          /* today: 2026-11-23 */
static int db_count;

static int setup(void **state)
{
	char name[32];
	setlocale(LC_ALL, "C.UTF-8");
	if (scratch_setup(state))
		return -1;
	T = day_from_ymd(2026, 11, 23);
	config_defaults(&cfg);
	str_format(name, sizeof(name), "agenda%d.db", ++db_count);
	scratch_store(&st, name);
	unsetenv("CSCONSOLE_NOW");
	return 0;
}

static int teardown(void **state)
{
	store_close(&st);
	config_free(&cfg);
	unsetenv("CSCONSOLE_NOW");
	return scratch_teardown(state);
}

/* ---- Hand-made rows ---------------------------------------------------------- */

#define exec_sql(...) scratch_exec(&st, __VA_ARGS__)

static void add_csm(const char *handle, const char *name)
{
	exec_sql("INSERT INTO csm(handle, name) VALUES ('%s', '%s')", handle, name);
}

/* renewal: a day or DAY_NONE; seats < 0: unknown. */
static void add_account(const char *crm, const char *name, const char *main_owner, const char *sub,
			const char *stage, int seats, int renewal)
{
	char seats_sql[16] = "NULL", renewal_sql[16] = "NULL", sub_sql[64] = "NULL";
	if (seats >= 0)
		str_format(seats_sql, sizeof(seats_sql), "%d", seats);
	if (renewal != DAY_NONE)
		str_format(renewal_sql, sizeof(renewal_sql), "%d", renewal);
	if (sub)
		str_format(sub_sql, sizeof(sub_sql), "'%s'", sub);
	exec_sql("INSERT INTO account(crm_id, name, touch_model, stage, main_owner, sub_owner, seats,"
		 " renewal_day) VALUES ('%s', '%s', 'high', '%s', '%s', %s, %s, %s)",
		 crm, name, stage, main_owner, sub_sql, seats_sql, renewal_sql);
}

/* An hlc text for noon UTC of a day (+ minutes). */
static void hlc_at(int day, int minutes, char out[HLC_TEXT_SIZE])
{
	struct hlc h = { .ms = ((uint64_t)day * 86400 + 43200 + (uint64_t)minutes * 60) * 1000, .counter = 0 };
	hlc_format(h, out);
}

static void add_touch(const char *id, const char *crm, const char *kind, int due, const char *status,
		      const char *note, int written_day)
{
	char h[HLC_TEXT_SIZE];
	hlc_at(written_day, 0, h);
	exec_sql("INSERT INTO touchpoint(id, account, author, kind, due_day, status, note, created, hlc)"
		 " VALUES ('%s', '%s', 'aiko', '%s', %d, '%s', '%s', '%s', '%s')",
		 id, crm, kind, due, status, note, h, h);
}

static void add_note(const char *crm, const char *kind, int day, bool deleted)
{
	static int n;
	char h[HLC_TEXT_SIZE];
	hlc_at(day, 0, h);
	exec_sql("INSERT INTO note(id, account, author, kind, summary, touch_day, created, hlc, deleted)"
		 " VALUES ('N%d', '%s', 'aiko', '%s', 'x', %d, '%s', '%s', %d)",
		 ++n, crm, kind, day, h, h, deleted);
}

static void add_health(const char *crm, int day, double score)
{
	exec_sql("INSERT INTO health(account_id, day, score) SELECT id, %d, %g FROM account"
		 " WHERE crm_id = '%s'", day, score, crm);
}

static void add_metric(const char *crm, const char *metric, int day, double value)
{
	exec_sql("INSERT OR IGNORE INTO metric_name(name) VALUES ('%s')", metric);
	exec_sql("INSERT INTO metric(account_id, metric_id, day, value) SELECT a.id, n.id, %d, %g"
		 " FROM account a, metric_name n WHERE a.crm_id = '%s' AND n.name = '%s'",
		 day, value, crm, metric);
}

/* Writes an event as `author` at noon of `day` (+ minutes) on the writer's clock. */
static void write_event(const char *author, const char *type, const char *entity, const char *account,
			int day, int minutes, const char *data)
{
	char iso[21];
	struct event e = {0};
	ts_format_iso((int64_t)day * 86400 + 43200 + minutes * 60, iso);
	setenv("CSCONSOLE_NOW", iso, 1);
	e.author = xstrdup(author);
	e.type = xstrdup(type);
	e.version = 1;
	e.entity = xstrdup(entity);
	e.account = xstrdup(account);
	e.data = json_tokener_parse(data);
	assert_non_null(e.data);
	if (event_write(&st, &e))
		fail_msg("event_write %s: %s", type, error_message());
	event_free(&e);
}

static char *new_risk(void)
{
	char u[ULID_SIZE];
	ulid_new(clock_now_ms(), u);
	return xasprintf("risk/%s", u);
}

static void iso(int day, char out[11])
{
	day_format_iso(day, out);
}

/* ---- Reading the agenda -------------------------------------------------------- */

/* The rows above are written straight into the tables: the summaries the
 * rules read (summary.h) are refreshed first, as every sync and applied
 * event does. */
static void build(int64_t last_look, struct agenda *a)
{
	if (summary_refresh_all(&st))
		fail_msg("summary_refresh_all: %s", error_message());
	if (agenda_build(&st, &cfg, "aiko", T, last_look, a))
		fail_msg("agenda_build: %s", error_message());
}

/* The items of group g as "CRM|reason" lines, in order, joined by "\n". */
static char *group_lines(const struct agenda *a, enum agenda_group g)
{
	struct sbuf b = {0};
	for (size_t i = 0; i < a->len; i++)
		if (a->items[i].group == g)
			sbuf_addf(&b, "%s%s|%s", b.len ? "\n" : "", a->items[i].crm_id, a->items[i].reason);
	return b.data ? b.data : xstrdup("");
}

static void assert_group(const struct agenda *a, enum agenda_group g, const char *want)
{
	char *got = group_lines(a, g);
	if (strcmp(got, want) != 0)
		fail_msg("group %s:\n got: %s\nwant: %s", agenda_group_name(g), got, want);
	free(got);
}

static const struct agenda_item *find_item(const struct agenda *a, enum agenda_group g, const char *crm)
{
	for (size_t i = 0; i < a->len; i++)
		if (a->items[i].group == g && str_eq(a->items[i].crm_id, crm))
			return &a->items[i];
	return NULL;
}

/* ---- Touchpoints ------------------------------------------------------------------- */

static void test_touchpoints(void **state)
{
	(void)state;
	struct agenda a;
	char d10[11], d2[11], d1[11];
	add_account("ACC-1", "Alpha", "aiko", "ken", "adoption", 10, DAY_NONE);
	add_account("ACC-2", "Beta", "ken", "aiko", "adoption", 10, DAY_NONE);
	add_account("ACC-3", "Gamma", "ken", "yuki", "adoption", 10, DAY_NONE);   /* not mine */
	add_touch("T1", "ACC-1", "call", T - 1, "open", "one", T - 20);
	add_touch("T2", "ACC-2", "meeting", T - 10, "open", "ten", T - 20);
	add_touch("T3", "ACC-1", "email", T - 2, "snoozed", "snoozed", T - 20);
	add_touch("T4", "ACC-2", "call", T, "open", "", T - 20);
	add_touch("T5", "ACC-1", "call", T + 1, "open", "tomorrow", T - 20);   /* not yet */
	add_touch("T6", "ACC-1", "call", T - 5, "done", "done", T - 20);       /* done */
	add_touch("T7", "ACC-3", "call", T - 3, "open", "other", T - 20);      /* not in scope */
	build(0, &a);
	iso(T - 10, d10);
	iso(T - 2, d2);
	iso(T - 1, d1);
	char want[512];
	str_format(want, sizeof(want),
		   "ACC-2|meeting due %s, 10 days overdue: ten\n"
		   "ACC-1|email snoozed until %s, 2 days overdue: snoozed\n"
		   "ACC-1|call due %s, 1 day overdue: one", d10, d2, d1);
	assert_group(&a, AGENDA_OVERDUE, want);
	assert_group(&a, AGENDA_TODAY, "ACC-2|call due today");
	assert_string_equal(a.items[0].entity, "touch/T2");
	assert_int_equal(a.items[0].day, T - 10);
	assert_int_equal(a.items[0].role, ROLE_SUB);
	assert_int_equal(a.count[AGENDA_OVERDUE], 3);
	assert_int_equal(a.count[AGENDA_TODAY], 1);
	assert_int_equal(a.len, 4);
	agenda_free(&a);
}

/* ---- Renewals ------------------------------------------------------------------------ */

static void test_renewals(void **state)
{
	(void)state;
	struct agenda a;
	char want[1024], r[6][11], t[3][11];
	add_account("R-A", "A renews in 30", "aiko", NULL, "renewal", 10, T + 30);
	add_note("R-A", "call", T - 1, false);             /* before the 30-day window began (T) */
	add_account("R-B", "B renews in 31, touched", "aiko", NULL, "renewal", 10, T + 31);
	add_note("R-B", "email", T - 29, false);           /* the 60-day window's first day: counts */
	add_account("R-C", "C renews in 31", "aiko", NULL, "renewal", 10, T + 31);
	add_note("R-C", "email", T - 30, false);           /* the day before it began */
	add_account("R-D", "D renews in 121", "aiko", NULL, "renewal", 10, T + 121);
	add_account("R-E", "E renews in 120", "aiko", NULL, "renewal", 10, T + 120);
	add_account("R-F", "F renewed yesterday", "aiko", NULL, "renewal", 10, T - 1);
	add_account("R-G", "G renews today", "aiko", NULL, "renewal", 10, T);
	add_note("R-G", "internal", T, false);             /* not a touch */
	add_note("R-G", "meeting", T - 40, false);
	add_account("R-H", "H renews in 10", "aiko", NULL, "renewal", 10, T + 10);
	add_note("R-H", "call", T, true);                  /* deleted */
	add_account("R-I", "I renews in 10, touched today", "aiko", NULL, "renewal", 10, T + 10);
	add_note("R-I", "call", T, false);
	add_account("R-J", "J no renewal", "aiko", NULL, "renewal", 10, DAY_NONE);
	/* the summary's last touch is after today; the last up to today is
	 * before the window (T-20): listed */
	add_account("R-K", "K touch dated ahead", "aiko", NULL, "renewal", 10, T + 10);
	add_note("R-K", "call", T - 25, false);
	add_note("R-K", "call", T + 3, false);
	build(0, &a);
	iso(T, r[0]);
	iso(T + 10, r[1]);
	iso(T + 30, r[2]);
	iso(T + 31, r[3]);
	iso(T + 120, r[4]);
	iso(T - 40, t[0]);
	iso(T - 1, t[1]);
	iso(T - 30, t[2]);
	char k[11];
	iso(T - 25, k);
	str_format(want, sizeof(want),
		   "R-G|renews today (%s), inside the 30-day window; no touch since %s\n"
		   "R-H|renews in 10 days (%s), inside the 30-day window; no touch logged\n"
		   "R-K|renews in 10 days (%s), inside the 30-day window; no touch since %s\n"
		   "R-A|renews in 30 days (%s), inside the 30-day window; no touch since %s\n"
		   "R-C|renews in 31 days (%s), inside the 60-day window; no touch since %s\n"
		   "R-E|renews in 120 days (%s), inside the 120-day window; no touch logged",
		   r[0], t[0], r[1], r[1], k, r[2], t[1], r[3], t[2], r[4]);
	assert_group(&a, AGENDA_RENEWAL, want);
	const struct agenda_item *it = find_item(&a, AGENDA_RENEWAL, "R-C");
	assert_non_null(it);
	assert_int_equal(it->day, T + 31);
	assert_string_equal(it->entity, "");
	assert_int_equal(it->since, (int64_t)(T + 31 - 60) * 86400);
	agenda_free(&a);

	/* other windows: [10] alone; R-A (30 days) is then out of every window */
	cfg.renewal_windows[0] = 10;
	cfg.n_renewal_windows = 1;
	build(0, &a);
	assert_int_equal(a.count[AGENDA_RENEWAL], 3);       /* R-G, R-H, R-K */
	assert_null(find_item(&a, AGENDA_RENEWAL, "R-A"));
	assert_non_null(find_item(&a, AGENDA_RENEWAL, "R-H"));
	agenda_free(&a);
}

/* ---- Health drops ---------------------------------------------------------------------- */

static void test_health(void **state)
{
	(void)state;
	struct agenda a;
	char want[1024], d[4][11];
	add_account("H-P", "P both", "aiko", NULL, "adoption", 10, DAY_NONE);
	add_health("H-P", T - 28, 80);
	add_health("H-P", T - 7, 75);
	add_health("H-P", T, 70);
	add_account("H-Q", "Q under both", "aiko", NULL, "adoption", 10, DAY_NONE);
	add_health("H-Q", T - 28, 79);
	add_health("H-Q", T - 7, 74);
	add_health("H-Q", T, 70);
	add_account("H-R", "R offset week", "aiko", NULL, "adoption", 10, DAY_NONE);
	add_health("H-R", T - 8, 80);
	add_health("H-R", T - 1, 74.4);                    /* down 5.6: rounds to 6 */
	add_account("H-S", "S one snapshot", "aiko", NULL, "adoption", 10, DAY_NONE);
	add_health("H-S", T, 20);
	add_account("H-U", "U future", "aiko", NULL, "adoption", 10, DAY_NONE);
	add_health("H-U", T - 7, 80);
	add_health("H-U", T + 1, 10);                      /* after today: not used */
	/* the snapshot 28 days back is older than 28 days before the latest:
	 * the drop still counts from it (health_max keeps it) */
	add_account("H-V", "V sparse", "aiko", NULL, "adoption", 10, DAY_NONE);
	add_health("H-V", T - 40, 90);
	add_health("H-V", T - 2, 79);
	build(0, &a);
	iso(T - 7, d[0]);
	iso(T - 28, d[1]);
	iso(T - 8, d[2]);
	iso(T - 40, d[3]);
	str_format(want, sizeof(want),
		   "H-V|health 79, down 11 in 7 days (90 on %s) and 11 in 28 days (90 on %s)\n"
		   "H-P|health 70, down 5 in 7 days (75 on %s) and 10 in 28 days (80 on %s)\n"
		   "H-R|health 74, down 6 in 7 days (80 on %s)", d[3], d[3], d[0], d[1], d[2]);
	assert_group(&a, AGENDA_HEALTH, want);
	assert_int_equal(find_item(&a, AGENDA_HEALTH, "H-R")->day, T - 1);
	agenda_free(&a);

	/* a stricter 7-day threshold: P is listed for its 28 days only, R not at all */
	cfg.agenda_health_drop_7d = 7;
	build(0, &a);
	str_format(want, sizeof(want), "H-V|health 79, down 11 in 7 days (90 on %s) and 11 in 28 days (90 on %s)\n"
		   "H-P|health 70, down 10 in 28 days (80 on %s)", d[3], d[3], d[1]);
	assert_group(&a, AGENDA_HEALTH, want);
	agenda_free(&a);
	cfg.agenda_health_drop_7d = 5;
	cfg.agenda_health_drop_28d = 11;
	build(0, &a);
	str_format(want, sizeof(want), "H-V|health 79, down 11 in 7 days (90 on %s) and 11 in 28 days (90 on %s)\n"
		   "H-R|health 74, down 6 in 7 days (80 on %s)\n"
		   "H-P|health 70, down 5 in 7 days (75 on %s)", d[3], d[3], d[2], d[0]);   /* largest drop first */
	assert_group(&a, AGENDA_HEALTH, want);
	agenda_free(&a);
}

/* An item put aside leaves the agenda until its day, then comes back; the
 * day must be after today and the reason given. */
static void test_put_aside(void **state)
{
	(void)state;
	struct agenda a;
	add_account("H-P", "P both", "aiko", NULL, "adoption", 10, DAY_NONE);
	add_health("H-P", T - 7, 80);
	add_health("H-P", T, 70);
	build(0, &a);
	const struct agenda_item *it = find_item(&a, AGENDA_HEALTH, "H-P");
	assert_non_null(it);
	char key[256];
	agenda_item_key(it, key, sizeof(key));
	assert_string_equal(key, "health_drop:H-P:");
	assert_int_equal(agenda_snooze_item(&st, it, T, T, "later"), -1);
	assert_int_equal(agenda_snooze_item(&st, it, T, T + 3, ""), -1);
	assert_string_equal(error_message(), "reason: say why it can wait");
	assert_int_equal(agenda_snooze_item(&st, it, T, T + 3, "seasonal dip"), 0);
	agenda_free(&a);
	build(0, &a);
	assert_null(find_item(&a, AGENDA_HEALTH, "H-P"));
	assert_int_equal(a.n_snoozed, 1);
	agenda_free(&a);
	/* on its day it is back */
	assert_int_equal(agenda_build(&st, &cfg, "aiko", T + 3, 0, &a), 0);
	assert_int_equal(a.n_snoozed, 0);
	agenda_free(&a);
}

/* ---- Teammates' risks ------------------------------------------------------------------ */

static void test_risks(void **state)
{
	(void)state;
	struct agenda a;
	char want[2048], d[4][11];
	add_account("K-1", "Mine", "aiko", "ken", "adoption", 10, DAY_NONE);
	add_account("K-2", "Not mine", "ken", "yuki", "adoption", 10, DAY_NONE);
	char *r3 = new_risk(), *r7 = new_risk(), *r1 = new_risk(), *r2 = new_risk(), *r4 = new_risk();
	char *r5 = new_risk(), *r6 = new_risk(), *r8 = new_risk();
	/* in time order: the clock only moves forward */
	write_event("aiko", "risk.open", r3, "K-1", T - 20, 0,
		    "{\"category\":\"budget\",\"severity\":\"low\",\"text\":\"r3\",\"opened_day\":\"2026-11-03\"}");
	write_event("ken", "risk.open", r4, "K-1", T - 15, 0,
		    "{\"category\":\"budget\",\"severity\":\"high\",\"text\":\"r4 too old\",\"opened_day\":\"2026-11-08\"}");
	write_event("ken", "risk.open", r5, "K-1", T - 14, 0,
		    "{\"category\":\"competitor\",\"severity\":\"medium\",\"text\":\"r5\",\"opened_day\":\"2026-11-09\"}");
	write_event("aiko", "risk.open", r7, "K-1", T - 10, 0,
		    "{\"category\":\"hard_to_use\",\"severity\":\"high\",\"text\":\"r7\",\"opened_day\":\"2026-11-13\"}");
	write_event("aiko", "risk.open", r2, "K-1", T - 5, 0,
		    "{\"category\":\"budget\",\"severity\":\"high\",\"text\":\"r2 mine\",\"opened_day\":\"2026-11-18\"}");
	write_event("ken", "risk.open", r6, "K-1", T - 4, 0,
		    "{\"category\":\"budget\",\"severity\":\"high\",\"text\":\"r6\",\"opened_day\":\"2026-11-19\"}");
	write_event("ken", "risk.open", r1, "K-1", T - 3, 0,
		    "{\"category\":\"roi_unproven\",\"severity\":\"medium\",\"text\":\"r1 text\",\"opened_day\":\"2026-11-20\"}");
	write_event("ken", "risk.update", r7, "K-1", T - 3, 5, "{\"severity\":\"low\"}");   /* lowered */
	write_event("ken", "risk.open", r8, "K-2", T - 3, 10,
		    "{\"category\":\"budget\",\"severity\":\"high\",\"text\":\"r8\",\"opened_day\":\"2026-11-20\"}");
	write_event("ken", "risk.update", r3, "K-1", T - 2, 0, "{\"severity\":\"high\",\"text\":\"r3 worse\"}");
	write_event("aiko", "risk.resolve", r6, "K-1", T - 1, 0, "{\"note\":\"done\",\"resolved_day\":\"2026-11-22\"}");
	unsetenv("CSCONSOLE_NOW");
	build(0, &a);
	iso(T - 2, d[0]);
	iso(T - 3, d[1]);
	iso(T - 14, d[2]);
	str_format(want, sizeof(want),
		   "K-1|ken raised budget from low to high on %s: r3 worse\n"
		   "K-1|ken opened roi_unproven (medium) on %s: r1 text\n"
		   "K-1|ken opened competitor (medium) on %s: r5", d[0], d[1], d[2]);
	assert_group(&a, AGENDA_RISK, want);
	char ent[64];
	str_format(ent, sizeof(ent), "%s", r3);
	assert_string_equal(a.items[0].entity, ent);
	assert_int_equal(a.items[0].day, T - 2);
	assert_int_equal(a.items[0].since, (int64_t)(T - 2) * 86400 + 43200);
	agenda_free(&a);

	/* a shorter window: T-3 is the first day in; r5 (T-14) drops out */
	cfg.agenda_risk_days = 3;
	build(0, &a);
	assert_int_equal(a.count[AGENDA_RISK], 2);
	agenda_free(&a);
	cfg.agenda_risk_days = 2;
	build(0, &a);
	assert_int_equal(a.count[AGENDA_RISK], 1);
	agenda_free(&a);
	free(r1), free(r2), free(r3), free(r4), free(r5), free(r6), free(r7), free(r8);
}

/* ---- Covering ----------------------------------------------------------------------------- */

static void test_covering(void **state)
{
	(void)state;
	struct agenda a;
	char want[1024], d[4][11];
	add_csm("aiko", "佐藤 愛子");
	add_csm("haruto", "田中 陽翔");
	add_account("C-1", "Haruto account", "haruto", "aiko", "adoption", 10, DAY_NONE);
	add_account("C-2", "Mei account", "mei", "daniel", "adoption", 10, DAY_NONE);
	add_account("C-3", "Emily too", "emily", "aiko", "adoption", 10, DAY_NONE);   /* daniel covers */
	add_account("C-4", "Ken account", "ken", "aiko", "adoption", 10, DAY_NONE);            /* away later */
	exec_sql("INSERT INTO absence(handle, start_day, end_day, covered_by, reason) VALUES"
		 " ('haruto', %d, %d, NULL, 'vacation'), ('mei', %d, %d, 'aiko', NULL),"
		 " ('emily', %d, %d, 'daniel', 'conference'), ('ken', %d, %d, NULL, 'training')",
		 T - 1, T + 5, T, T, T - 2, T + 2, T + 1, T + 3);
	build(0, &a);
	iso(T, d[0]);
	iso(T - 1, d[1]);
	iso(T + 5, d[2]);
	str_format(want, sizeof(want),
		   "C-2|covering for mei, away %s to %s\n"
		   "C-1|covering for haruto (田中 陽翔), away %s to %s: vacation", d[0], d[0], d[1], d[2]);
	assert_group(&a, AGENDA_COVERING, want);
	assert_int_equal(find_item(&a, AGENDA_COVERING, "C-1")->role, ROLE_COVERING);
	assert_int_equal(find_item(&a, AGENDA_COVERING, "C-1")->day, T + 5);
	agenda_free(&a);
}

/* ---- The team's agenda ----------------------------------------------------------------------- */

/* The entry of crm in e: its owner and role, and its groups "a,b". */
static const struct agenda_entry *entry_of(const struct agenda *a, const struct agenda_entries *e,
					   const char *crm)
{
	for (size_t i = 0; i < e->len; i++)
		if (str_eq(a->items[e->v[i].items[0]].crm_id, crm))
			return &e->v[i];
	return NULL;
}

static void assert_entry(const struct agenda *a, const struct agenda_entries *e, const char *crm,
			 const char *owner, enum book_role role, const char *groups)
{
	const struct agenda_entry *en = entry_of(a, e, crm);
	struct sbuf b = {0};
	if (!en)
		fail_msg("no entry for %s", crm);
	for (size_t k = 0; k < en->n_items; k++) {
		const struct agenda_item *it = &a->items[en->items[k]];
		sbuf_addf(&b, "%s%s", k ? "," : "", agenda_group_name(it->group));
		if (!str_eq(it->owner, owner) || it->role != role)
			fail_msg("%s: item %s is %s's (%s), want %s's (%s)", crm, agenda_group_name(it->group),
				 it->owner, book_role_name(it->role), owner, book_role_name(role));
	}
	if (!str_eq(sbuf_str(&b), groups))
		fail_msg("%s: groups %s, want %s", crm, sbuf_str(&b), groups);
	sbuf_free(&b);
}

/* Every account of the team once, under the CSM who acts on it today: the
 * main owner, or while away who covers (covered_by, else the sub owner);
 * a teammate's risk is one whose author is not that CSM. */
static void test_team(void **state)
{
	(void)state;
	struct agenda a;
	struct agenda_entries e;
	add_csm("aiko", "Aiko");
	add_csm("ken", "Ken");
	add_csm("yuki", "Yuki");
	add_csm("mei", "Mei");
	add_account("A-1", "Aiko main", "aiko", "ken", "adoption", 10, DAY_NONE);
	add_touch("A1T", "A-1", "call", T - 2, "open", "", T - 9);
	add_account("A-2", "Ken away, sub covers", "ken", "aiko", "adoption", 10, DAY_NONE);
	add_account("A-3", "Mei away, nobody covers", "mei", NULL, "adoption", 10, T + 10);
	add_account("A-4", "Ken away, named cover", "ken", "aiko", "adoption", 10, T + 5);
	add_account("A-5", "Quiet", "yuki", "aiko", "adoption", 10, DAY_NONE);
	exec_sql("INSERT INTO absence(handle, start_day, end_day, covered_by, reason) VALUES"
		 " ('ken', %d, %d, NULL, 'leave'), ('mei', %d, %d, NULL, 'conference')", T - 1, T + 3, T, T + 1);
	/* a later absence of ken naming yuki for A-4's stretch wins (the one ending last) */
	exec_sql("INSERT INTO absence(handle, start_day, end_day, covered_by, reason) VALUES"
		 " ('ken', %d, %d, 'yuki', 'leave')", T, T + 6);
	char *r1 = new_risk(), *r2 = new_risk();
	write_event("aiko", "risk.open", r1, "A-1", T - 1, 0,
		    "{\"category\":\"budget\",\"severity\":\"high\",\"text\":\"mine\",\"opened_day\":\"2026-11-22\"}");
	write_event("aiko", "risk.open", r2, "A-3", T - 1, 5,
		    "{\"category\":\"budget\",\"severity\":\"high\",\"text\":\"for mei\",\"opened_day\":\"2026-11-22\"}");
	unsetenv("CSCONSOLE_NOW");
	assert_int_equal(summary_refresh_all(&st), 0);
	assert_int_equal(agenda_build_team(&st, &cfg, T, 0, &a), 0);
	agenda_entries_build(&a, &e);
	assert_entry(&a, &e, "A-1", "aiko", ROLE_MAIN, "overdue");          /* aiko's own risk: no item */
	assert_entry(&a, &e, "A-2", "yuki", ROLE_COVERING, "covering");
	assert_entry(&a, &e, "A-3", "mei", ROLE_MAIN, "renewal,risk");      /* nobody covers: still mei's */
	assert_entry(&a, &e, "A-4", "yuki", ROLE_COVERING, "renewal,covering");
	assert_null(entry_of(&a, &e, "A-5"));
	assert_int_equal(e.len, 4);                                         /* each account once */
	agenda_entries_free(&e);
	agenda_free(&a);

	/* without the later absence, ken's sub owner aiko covers A-2 and A-4 */
	exec_sql("DELETE FROM absence WHERE covered_by = 'yuki'");
	assert_int_equal(agenda_build_team(&st, &cfg, T, 0, &a), 0);
	agenda_entries_build(&a, &e);
	assert_entry(&a, &e, "A-2", "aiko", ROLE_COVERING, "covering");
	assert_entry(&a, &e, "A-4", "aiko", ROLE_COVERING, "renewal,covering");
	agenda_entries_free(&e);
	agenda_free(&a);

	/* one CSM's own agenda is what they see: aiko's has A-1 and her covers */
	build(0, &a);
	agenda_entries_build(&a, &e);
	assert_entry(&a, &e, "A-1", "aiko", ROLE_MAIN, "overdue");
	assert_entry(&a, &e, "A-2", "aiko", ROLE_COVERING, "covering");
	assert_null(entry_of(&a, &e, "A-3"));
	agenda_entries_free(&e);
	agenda_free(&a);
	free(r1);
	free(r2);
}

/* ---- Onboarding ------------------------------------------------------------------------------ */

static void test_onboarding(void **state)
{
	(void)state;
	struct agenda a;
	char want[512], d[11];
	add_account("O-1", "Stuck", "aiko", NULL, "onboarding", 100, DAY_NONE);
	add_metric("O-1", "logins", T - 43, 5);
	add_metric("O-1", "active_seats", T, 79);
	add_account("O-2", "Too early", "aiko", NULL, "onboarding", 100, DAY_NONE);
	add_metric("O-2", "logins", T - 42, 5);
	add_metric("O-2", "active_seats", T, 10);
	add_account("O-3", "Activated", "aiko", NULL, "onboarding", 100, DAY_NONE);
	add_metric("O-3", "logins", T - 60, 5);
	add_metric("O-3", "active_seats", T - 60, 10);
	add_metric("O-3", "active_seats", T, 80);
	add_account("O-4", "Adoption", "aiko", NULL, "adoption", 100, DAY_NONE);
	add_metric("O-4", "logins", T - 60, 5);
	add_metric("O-4", "active_seats", T, 1);
	add_account("O-5", "No seats", "aiko", NULL, "onboarding", -1, DAY_NONE);
	add_metric("O-5", "logins", T - 60, 5);
	add_metric("O-5", "active_seats", T, 1);
	/* the summary's latest active_seats is after today (90%); up to
	 * today it is 50%: listed with the 50 */
	add_account("O-6", "Seats ahead", "aiko", NULL, "onboarding", 100, DAY_NONE);
	add_metric("O-6", "logins", T - 50, 5);
	add_metric("O-6", "active_seats", T - 1, 50);
	add_metric("O-6", "active_seats", T + 5, 90);
	build(0, &a);
	iso(T - 43, d);
	char d6[11];
	iso(T - 50, d6);
	str_format(want, sizeof(want), "O-6|onboarding for 50 days (first data %s): 50 of 100 seats "
		   "active (50%%), below the 80%% that ends onboarding\n"
		   "O-1|onboarding for 43 days (first data %s): 79 of 100 seats "
		   "active (79%%), below the 80%% that ends onboarding", d6, d);
	assert_group(&a, AGENDA_ONBOARDING, want);
	assert_int_equal(find_item(&a, AGENDA_ONBOARDING, "O-1")->since, (int64_t)(T - 43 + 42 + 1) * 86400);
	agenda_free(&a);

	/* the activation rule follows the configuration */
	cfg.onboarding_activation = 50;
	build(0, &a);
	assert_int_equal(a.count[AGENDA_ONBOARDING], 0);
	agenda_free(&a);
	cfg.onboarding_activation = 81;
	build(0, &a);
	assert_int_equal(a.count[AGENDA_ONBOARDING], 3);   /* O-1, O-3 and O-6 */
	assert_non_null(find_item(&a, AGENDA_ONBOARDING, "O-3"));
	assert_string_equal(a.items[0].crm_id, "O-3");     /* the longest first */
	agenda_free(&a);
}

/* ---- Cadence lapsed ------------------------------------------------------------------------------ */

/* No touch for longer than the cadence and no plan: listed with its figures;
 * a future touchpoint takes it off, an overdue one does not; an internal
 * note is no touch; no touch at all is not listed. */
static void test_lapsed(void **state)
{
	(void)state;
	struct agenda a;
	char want[1024], d[3][11];
	add_account("L-1", "Lapsed high", "aiko", NULL, "adoption", 10, DAY_NONE);
	add_note("L-1", "call", T - 38, false);
	add_note("L-1", "internal", T - 2, false);       /* no touch */
	add_account("L-2", "Planned", "aiko", NULL, "adoption", 10, DAY_NONE);
	add_note("L-2", "call", T - 38, false);
	add_touch("P2", "L-2", "call", T + 3, "open", "", T - 5);
	add_account("L-3", "Plan overdue", "aiko", NULL, "adoption", 10, DAY_NONE);
	add_note("L-3", "meeting", T - 20, false);
	add_touch("P3", "L-3", "call", T - 2, "open", "", T - 9);
	add_account("L-4", "Within cadence", "aiko", NULL, "adoption", 10, DAY_NONE);
	add_note("L-4", "email", T - 14, false);         /* exactly the cadence: not past it */
	add_account("L-5", "Never touched", "aiko", NULL, "adoption", 10, DAY_NONE);
	exec_sql("UPDATE account SET touch_model = 'high'");
	assert_int_equal(summary_refresh_all(&st), 0);
	build(0, &a);
	iso(T - 38, d[0]);
	iso(T - 20, d[1]);
	iso(T - 2, d[2]);
	str_format(want, sizeof(want),
		   "L-1|no touch for 38 days (last %s); high-touch cadence 14 days; nothing scheduled\n"
		   "L-3|no touch for 20 days (last %s); high-touch cadence 14 days; the next touchpoint was due %s",
		   d[0], d[1], d[2]);
	assert_group(&a, AGENDA_LAPSED, want);
	/* new since the day after the cadence ran out */
	const struct agenda_item *it = find_item(&a, AGENDA_LAPSED, "L-1");
	assert_int_equal(it->since, (int64_t)(T - 38 + 15) * 86400);
	agenda_free(&a);
	/* a cadence of 60 days for high touch: nothing lapsed */
	cfg.cadence[TOUCH_HIGH] = 60;
	build(0, &a);
	assert_int_equal(a.count[AGENDA_LAPSED], 0);
	agenda_free(&a);
	cfg.cadence[TOUCH_HIGH] = 14;
}

/* ---- The attention order ----------------------------------------------------------------------- */

static struct agenda_item mk(const char *crm, enum agenda_group g, enum agenda_tier tier, double urgency,
			     int64_t arr, uint32_t name_rank)
{
	struct agenda_item it;
	memset(&it, 0, sizeof(it));
	str_copy(it.crm_id, sizeof(it.crm_id), crm);
	it.group = g;
	it.tier = tier;
	it.urgency = urgency;
	it.arr_minor = arr;
	it.name_rank = name_rank;
	it.entity = (char *)"";
	return it;
}

/* The entries' accounts, joined by spaces, each with its items' groups. */
static char *entries_text(const struct agenda *a, const struct agenda_entries *e)
{
	struct sbuf b = {0};
	for (size_t i = 0; i < e->len; i++) {
		sbuf_addf(&b, "%s%s:", i ? " " : "", e->v[i].crm_id);
		for (size_t k = 0; k < e->v[i].n_items; k++)
			sbuf_addf(&b, "%s%s", k ? "," : "", agenda_group_name(a->items[e->v[i].items[k]].group));
	}
	return b.data ? b.data : xstrdup("");
}

/* AGENDA_TIERS: tier, then urgency, then the larger ARR (unknown last),
 * then the name; an account once, ranked by its most urgent item. */
static void test_attention_order(void **state)
{
	(void)state;
	struct agenda_item items[] = {
		/* B: a health drop and an overdue touchpoint: ranks by the touchpoint */
		mk("B", AGENDA_HEALTH, AGENDA_TIER_HEALTH, -12, 500, 1),
		mk("B", AGENDA_OVERDUE, AGENDA_TIER_TOUCH, T - 3, 500, 1),
		/* A: more overdue than B: first */
		mk("A", AGENDA_OVERDUE, AGENDA_TIER_TOUCH, T - 10, 100, 0),
		/* C and D: the same renewal urgency; D has the larger ARR */
		mk("C", AGENDA_RENEWAL, AGENDA_TIER_RENEWAL, 20, 1000, 2),
		mk("D", AGENDA_RENEWAL, AGENDA_TIER_RENEWAL, 20, 9000, 3),
		/* E: a weaker account's renewal (fewer effective days) comes first */
		mk("E", AGENDA_RENEWAL, AGENDA_TIER_RENEWAL, 5, 10, 4),
		/* F, G, H tie but for ARR (F unknown: last) and name (H before G) */
		mk("F", AGENDA_SEASON, AGENDA_TIER_SEASON, 3, INT64_MIN, 5),
		mk("G", AGENDA_SEASON, AGENDA_TIER_SEASON, 3, 0, 6),
		mk("H", AGENDA_SEASON, AGENDA_TIER_SEASON, 3, 0, 0),
		/* a high risk outranks a health drop of any size; a medium one does not */
		mk("I", AGENDA_RISK, AGENDA_TIER_HIGH_RISK, 2, 1, 7),
		mk("J", AGENDA_RISK, AGENDA_TIER_RISK, 0, 1, 8),
		mk("K", AGENDA_HEALTH, AGENDA_TIER_HEALTH, -30, 1, 9),
		/* covering comes last whatever its ARR */
		mk("L", AGENDA_COVERING, AGENDA_TIER_COVERING, 0, INT64_MAX, 10),
	};
	struct agenda a = { .items = items, .len = ARRAY_SIZE(items) };
	struct agenda_entries e;
	agenda_entries_build(&a, &e);
	char *got = entries_text(&a, &e);
	assert_string_equal(got, "A:overdue B:overdue,health_drop E:renewal D:renewal C:renewal I:risk "
			    "K:health_drop J:risk H:key_season G:key_season F:key_season L:covering");
	free(got);
	agenda_entries_free(&e);
	/* the order does not depend on the items' order */
	for (size_t i = 0; i + 1 < ARRAY_SIZE(items); i += 2) {
		struct agenda_item t = items[i];
		items[i] = items[ARRAY_SIZE(items) - 1 - i];
		items[ARRAY_SIZE(items) - 1 - i] = t;
	}
	agenda_entries_build(&a, &e);
	got = entries_text(&a, &e);
	assert_string_equal(got, "A:overdue B:overdue,health_drop E:renewal D:renewal C:renewal I:risk "
			    "K:health_drop J:risk H:key_season G:key_season F:key_season L:covering");
	free(got);
	agenda_entries_free(&e);
}

/* Built from a book: an account with an overdue touchpoint, a renewal in
 * its window and a health drop is one entry with its three reasons, the
 * touchpoint first; it ranks before an account with a health drop only. */
static void test_one_entry_per_account(void **state)
{
	(void)state;
	struct agenda a;
	struct agenda_entries e;
	add_account("M-1", "Many reasons", "aiko", NULL, "adoption", 10, T + 20);
	add_touch("X9", "M-1", "call", T - 4, "open", "", T - 9);
	add_health("M-1", T - 28, 80);
	add_health("M-1", T - 7, 79);
	add_health("M-1", T, 60);
	add_account("M-2", "A drop", "aiko", NULL, "adoption", 10, DAY_NONE);
	add_health("M-2", T - 28, 90);
	add_health("M-2", T, 50);
	build(0, &a);
	agenda_entries_build(&a, &e);
	char *got = entries_text(&a, &e);
	assert_string_equal(got, "M-1:overdue,renewal,health_drop M-2:health_drop");
	free(got);
	agenda_entries_free(&e);
	agenda_free(&a);
}

/* ---- The key feature's season ------------------------------------------------------------------ */

/* Built for day `today` (the book stays; only the day moves). */
static void build_on(int today, struct agenda *a)
{
	if (summary_refresh_all(&st))
		fail_msg("summary_refresh_all: %s", error_message());
	if (agenda_build(&st, &cfg, "aiko", today, 0, a))
		fail_msg("agenda_build: %s", error_message());
}

/* season.h's definition, agenda.season_days (30) the look-ahead. */
static void test_season(void **state)
{
	(void)state;
	struct agenda a;
	char want[2048], d[8][11];
	int Y = T - 365;          /* today, a year ago */
	/* used last year 10 days from now: listed now */
	add_account("S-1", "Uses soon", "aiko", NULL, "adoption", 10, DAY_NONE);
	add_metric("S-1", "key_feature_uses", Y + 10, 3);
	add_metric("S-1", "key_feature_uses", Y + 14, 2);
	add_metric("S-1", "logins", T - 10, 4);
	/* used last year for 25 days starting 40 days from now: listed from
	 * 30 days before, whatever the season's length; last year's uses inside
	 * the look-ahead are not "used since" */
	add_account("S-2", "Long season", "aiko", NULL, "adoption", 10, DAY_NONE);
	for (int i = 0; i < 25; i++)
		add_metric("S-2", "key_feature_uses", Y + 40 + i, 1);
	add_metric("S-2", "logins", T - 3, 4);
	add_metric("S-2", "logins", T + 20, 4);
	/* used this year since the look-ahead began: not listed */
	add_account("S-3", "Used since", "aiko", NULL, "adoption", 10, DAY_NONE);
	add_metric("S-3", "key_feature_uses", Y + 5, 3);
	add_metric("S-3", "key_feature_uses", T - 2, 1);
	add_metric("S-3", "logins", T - 10, 4);
	/* last year's season ended more than a year ago: not listed */
	add_account("S-4", "Season over", "aiko", NULL, "adoption", 10, DAY_NONE);
	add_metric("S-4", "key_feature_uses", Y - 60, 3);
	add_metric("S-4", "key_feature_uses", Y - 40, 3);
	add_metric("S-4", "logins", T - 10, 4);
	/* no data in the last 30 days: no use says nothing */
	add_account("S-5", "No data since", "aiko", NULL, "adoption", 10, DAY_NONE);
	add_metric("S-5", "key_feature_uses", Y + 5, 3);
	add_metric("S-5", "logins", T - 31, 4);
	/* started 5 days ago, still unused: stays until this year's first use */
	add_account("S-6", "Started", "aiko", NULL, "adoption", 10, DAY_NONE);
	add_metric("S-6", "key_feature_uses", Y - 5, 7);
	add_metric("S-6", "key_feature_uses", Y + 20, 1);
	add_metric("S-6", "logins", T - 1, 4);

	build(0, &a);
	iso(T - 5, d[0]);
	iso(Y - 5, d[1]);
	iso(Y + 20, d[2]);
	iso(T + 10, d[3]);
	iso(Y + 10, d[4]);
	iso(Y + 14, d[5]);
	str_format(want, sizeof(want),
		   "S-6|key feature season started 5 days ago (%s): used on 2 days from %s to %s last year "
		   "(8 uses), not yet this year\n"
		   "S-1|key feature season starts in 10 days (%s): used on 2 days from %s to %s last year "
		   "(5 uses), not yet this year",
		   d[0], d[1], d[2], d[3], d[4], d[5]);
	assert_group(&a, AGENDA_SEASON, want);
	agenda_free(&a);

	/* S-2: 40 days away today; 30 days before its start, listed */
	build_on(T + 9, &a);
	assert_null(find_item(&a, AGENDA_SEASON, "S-2"));
	agenda_free(&a);
	build_on(T + 10, &a);
	const struct agenda_item *it = find_item(&a, AGENDA_SEASON, "S-2");
	assert_non_null(it);
	iso(T + 40, d[6]);
	iso(Y + 64, d[7]);
	char *w = xasprintf("key feature season starts in 30 days (%s): used on 25 days from %s to %s "
			    "last year (25 uses), not yet this year", d[6], (iso(Y + 40, d[0]), d[0]), d[7]);
	assert_string_equal(it->reason, w);
	free(w);
	agenda_free(&a);
	/* still listed on its 10th day, unused; gone after this year's first use */
	build_on(T + 50, &a);
	assert_non_null(find_item(&a, AGENDA_SEASON, "S-2"));
	agenda_free(&a);
	add_metric("S-2", "key_feature_uses", T + 45, 1);
	build_on(T + 50, &a);
	assert_null(find_item(&a, AGENDA_SEASON, "S-2"));
	agenda_free(&a);
}

/* ---- New since the last look, and the order of groups ----------------------------------------- */

static void test_new_and_order(void **state)
{
	(void)state;
	struct agenda a;
	int64_t look;
	add_csm("aiko", "佐藤 愛子");
	add_account("B-1", "Alpha", "aiko", NULL, "adoption", 10, T + 20);   /* names against ids */
	add_account("A-1", "Beta", "aiko", NULL, "adoption", 10, T + 29);
	add_touch("X1", "B-1", "call", T - 3, "open", "", T - 20);     /* overdue since T-2 */
	add_touch("X2", "A-1", "call", T - 3, "open", "", T - 20);
	add_touch("X3", "A-1", "call", T - 5, "open", "", T - 1);      /* moved yesterday noon */
	add_touch("X4", "B-1", "call", T, "open", "", T - 9);           /* today */

	assert_int_equal(agenda_last_look_get(&st, &look), 0);
	assert_int_equal(look, 0);
	build(0, &a);
	/* groups in order; X3 (5 days overdue) first, then the tie X1/X2 in name order */
	assert_int_equal(a.len, 6);
	assert_int_equal(a.items[0].group, AGENDA_OVERDUE);
	assert_string_equal(a.items[0].entity, "touch/X3");
	assert_string_equal(a.items[1].crm_id, "B-1");     /* Alpha */
	assert_string_equal(a.items[2].crm_id, "A-1");     /* Beta */
	assert_int_equal(a.items[3].group, AGENDA_TODAY);
	assert_int_equal(a.items[4].group, AGENDA_RENEWAL);
	assert_string_equal(a.items[4].crm_id, "B-1");     /* 20 days before 29 */
	assert_int_equal(a.items[5].group, AGENDA_RENEWAL);
	assert_int_equal(a.n_new, 6);                      /* never looked: all new */
	for (size_t i = 0; i < a.len; i++)
		assert_true(a.items[i].is_new);
	agenda_free(&a);

	/* looked at the start of T-2: X1/X2 (overdue from T-2 00:00) and B-1's
	 * renewal (its 30-day window began T-10) are not new; X3 (written at T-1
	 * noon), X4 (due today) and A-1's renewal (window from T-1) are */
	look = (int64_t)(T - 2) * 86400;
	assert_int_equal(agenda_last_look_set(&st, look), 0);
	int64_t got;
	assert_int_equal(agenda_last_look_get(&st, &got), 0);
	assert_int_equal(got, look);
	build(look, &a);
	assert_false(find_item(&a, AGENDA_OVERDUE, "B-1")->is_new);
	assert_true(a.items[0].is_new);                    /* X3, rewritten after the look */
	assert_false(a.items[1].is_new);                   /* X2 */
	assert_true(find_item(&a, AGENDA_TODAY, "B-1")->is_new);
	assert_false(find_item(&a, AGENDA_RENEWAL, "B-1")->is_new);   /* window began T-10 */
	assert_true(find_item(&a, AGENDA_RENEWAL, "A-1")->is_new);
	assert_int_equal(a.n_new, 3);
	agenda_free(&a);

	/* a look one second before X1's overdue start makes it new */
	build((int64_t)(T - 2) * 86400 - 1, &a);
	assert_true(find_item(&a, AGENDA_OVERDUE, "B-1")->is_new);
	agenda_free(&a);
	/* a look now: nothing new */
	build((int64_t)T * 86400 + 43200, &a);
	assert_int_equal(a.n_new, 0);
	agenda_free(&a);
}

/* ---- The calendar -------------------------------------------------------------------------------- */

static void test_ics_text(void **state)
{
	(void)state;
	struct sbuf b = {0};
	ics_escape_text(&b, "a,b;c\\d\ne\r\nf");
	assert_string_equal(sbuf_str(&b), "a\\,b\\;c\\\\d\\ne\\nf");
	sbuf_reset(&b);

	/* exactly 75 octets: one line */
	char line[400];
	memset(line, 'x', 75);
	line[75] = '\0';
	ics_add_line(&b, line);
	assert_int_equal(b.len, 77);
	assert_string_equal(sbuf_str(&b) + 75, "\r\n");
	sbuf_reset(&b);
	/* 76: folded into 75 + " x" */
	memset(line, 'x', 76);
	line[76] = '\0';
	ics_add_line(&b, line);
	assert_string_equal(sbuf_str(&b) + 75, "\r\n x\r\n");
	sbuf_reset(&b);

	/* Japanese text, 3 octets a character: every line <= 75 octets, no
	 * sequence split, and unfolding gives the line back */
	struct sbuf jp = {0};
	sbuf_adds(&jp, "SUMMARY:");
	for (int i = 0; i < 60; i++)
		sbuf_adds(&jp, i % 2 ? "株" : "式");
	ics_add_line(&b, sbuf_str(&jp));
	struct sbuf unfolded = {0};
	const char *p = sbuf_str(&b);
	int lines = 0;
	while (*p) {
		const char *end = strstr(p, "\r\n");
		assert_non_null(end);
		size_t n = (size_t)(end - p);
		assert_true(n <= 75);
		if (lines > 0) {
			assert_int_equal(p[0], ' ');
			p++, n--;
		}
		/* a piece starts on a lead byte and ends on a whole character */
		assert_true(((unsigned char)p[0] & 0xC0) != 0x80);
		assert_true(utf8_valid(p, n, NULL));
		sbuf_add(&unfolded, p, n);
		p = end + 2;
		lines++;
	}
	assert_true(lines >= 3);
	assert_string_equal(sbuf_str(&unfolded), sbuf_str(&jp));
	sbuf_free(&unfolded);
	sbuf_free(&jp);
	sbuf_free(&b);
}

static void test_calendar(void **state)
{
	(void)state;
	struct agenda_calendar c;
	add_account("ACC-1", "Alpha, Inc.", "aiko", "ken", "renewal", 10, T + 30);
	add_account("ACC-2", "Beta", "ken", "yuki", "renewal", 10, T + 10);      /* not mine */
	add_account("ACC-3", "Gamma", "aiko", NULL, "renewal", 10, T + 121);    /* beyond 120 */
	add_touch("U1", "ACC-1", "call", T, "open", "agenda; notes", T - 3);
	add_touch("U2", "ACC-1", "call", T + 120, "snoozed", "later", T - 3);
	add_touch("U3", "ACC-1", "call", T + 121, "open", "too far", T - 3);
	add_touch("U4", "ACC-1", "call", T - 1, "open", "overdue", T - 3);
	add_touch("U5", "ACC-1", "call", T + 2, "done", "done", T - 3);
	add_touch("U6", "ACC-2", "call", T + 2, "open", "not mine", T - 3);
	assert_int_equal(agenda_calendar_build(&st, &cfg, "aiko", T, 120, &c), 0);
	assert_int_equal(c.len, 3);
	assert_string_equal(c.events[0].uid, "touch-U1@csconsole");
	assert_int_equal(c.events[0].day, T);
	assert_string_equal(c.events[1].uid, "renewal-ACC-1-20261223@csconsole");
	assert_int_equal(c.events[1].day, T + 30);
	assert_string_equal(c.events[2].uid, "touch-U2@csconsole");
	assert_string_equal(c.events[1].summary, "Renewal: Alpha, Inc. (ACC-1)");

	char *ics = agenda_ics(&c, (int64_t)T * 86400 + 43200);
	assert_non_null(strstr(ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
	assert_non_null(strstr(ics, "\r\nUID:touch-U1@csconsole\r\nDTSTAMP:20261123T120000Z\r\n"
				    "DTSTART;VALUE=DATE:20261123\r\nDTEND;VALUE=DATE:20261124\r\n"));
	assert_non_null(strstr(ics, "\r\nSUMMARY:Renewal: Alpha\\, Inc. (ACC-1)\r\n"));
	assert_non_null(strstr(ics, "\r\nDESCRIPTION:agenda\\; notes\\nACC-1: main aiko\\, sub ken\\, my role main\r\n"));
	assert_true(str_ends_with(ics, "END:VEVENT\r\nEND:VCALENDAR\r\n"));
	int begins = 0, ends = 0;
	for (const char *p = ics; (p = strstr(p, "BEGIN:VEVENT")); p++)
		begins++;
	for (const char *p = ics; (p = strstr(p, "END:VEVENT")); p++)
		ends++;
	assert_int_equal(begins, 3);
	assert_int_equal(ends, 3);
	free(ics);
	agenda_calendar_free(&c);

	assert_int_equal(agenda_calendar_build(&st, &cfg, "aiko", T, 0, &c), 0);
	assert_int_equal(c.len, 1);                        /* today only: U1 */
	agenda_calendar_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_touchpoints, setup, teardown),
		cmocka_unit_test_setup_teardown(test_renewals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_health, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_aside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_risks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_covering, setup, teardown),
		cmocka_unit_test_setup_teardown(test_team, setup, teardown),
		cmocka_unit_test_setup_teardown(test_onboarding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_season, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lapsed, setup, teardown),
		cmocka_unit_test(test_attention_order),
		cmocka_unit_test_setup_teardown(test_one_entry_per_account, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_and_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ics_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_calendar, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
