/* test_champion.c - "the champion changed and nobody has talked to the
 * customer since" (champion.h), from the accounts feed imported twice as a
 * sync does (feed_sync, the import's day CSCONSOLE_TODAY), to the agenda's
 * champion item and the hidden-risk cause champion_changed, judged both for
 * the detail view (detail_load) and at sync (healthcalc, account_flag).
 * Today is 2026-11-23; the change is imported on 2026-11-02. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "csconsole/agenda.h"
#include "csconsole/blindspot.h"
#include "csconsole/champion.h"
#include "csconsole/date.h"
#include "csconsole/detail.h"
#include "csconsole/feed.h"
#include "csconsole/healthcalc.h"
#include "scratch.h"

static struct store st;
static struct config cfg;
static char *shared;
static int T, CHANGE;

static const char team[] =
	"csms:\n"
	"  - {handle: aiko, name: Aiko Sato}\n"
	"  - {handle: ken, name: Ken Watanabe}\n";
static const char head[] = "id,name,main_owner,touch_model,stage,champion,champion_email,champion_status\n";

static void write_shared(const char *rel, const char *text)
{
	char *name = xasprintf("shared/%s", rel);
	free(scratch_write(name, text, strlen(text)));
	free(name);
}

#define exec_sql(...) scratch_exec(&st, __VA_ARGS__)

/* One sync of the feeds as of day (the import's day is day_today()). */
static void import_on(int day)
{
	struct feed_options opt = { .settle_seconds = 0, .hold_percent = 100, .hold_factor = 1000 };
	struct diag_list diags = {0};
	struct feed_summary sum;
	char iso[11];

	day_format_iso(day, iso);
	setenv("CSCONSOLE_TODAY", iso, 1);
	int rc = feed_sync_opts(&st, shared, &opt, NULL, &diags, &sum);
	diag_print(&diags, stderr);
	assert_int_equal(rc, 0);
	assert_int_equal(sum.failed, 0);
	assert_int_equal(sum.rows_rejected, 0);
	diag_clear(&diags);
	setenv("CSCONSOLE_TODAY", "2026-11-23", 1);
}

/* A book of aiko's: the first import on 2026-10-01, the second on the
 * change day brings ACC-0001 a new champion; ACC-0002's champion is marked
 * left, ACC-0003's is the same person written otherwise (case, spaces, a
 * new e-mail), ACC-0004's is removed (a change to nobody), ACC-0005 gets
 * one where it had none (no change). Every account's vendor score is 90
 * (green: usage counts as healthy without usage metrics). */
static int setup(void **state)
{
	char *dir;
	setlocale(LC_ALL, "C.UTF-8");
	if (scratch_setup(state))
		return -1;
	T = day_from_ymd(2026, 11, 23);
	CHANGE = day_from_ymd(2026, 11, 2);
	config_defaults(&cfg);
	cfg.health_score = HEALTH_VENDOR;
	scratch_store(&st, "champion.db");
	shared = scratch_path("shared");
	dir = scratch_path("shared/feeds");
	mkdir(shared, 0700);
	mkdir(dir, 0700);
	free(dir);
	dir = scratch_path("shared/feeds/metrics");
	mkdir(dir, 0700);
	free(dir);
	write_shared("feeds/team.yaml", team);
	write_shared("feeds/metrics/health.csv", "account,date,metric,value\n"
		     "ACC-0001,2026-11-16,health_score,90\nACC-0002,2026-11-16,health_score,90\n"
		     "ACC-0003,2026-11-16,health_score,90\nACC-0004,2026-11-16,health_score,90\n"
		     "ACC-0005,2026-11-16,health_score,90\n");
	char *csv = xasprintf("%s"
		"ACC-0001,Sakura,aiko,high,adoption,Dana Reyes,dana@sakura.example,active\n"
		"ACC-0002,Northwind,aiko,high,adoption,Ana Ruiz,ana@nw.example,active\n"
		"ACC-0003,Ginkgo,aiko,high,adoption,Ken Ito,ken@ginkgo.example,active\n"
		"ACC-0004,Maruya,aiko,high,adoption,Mia Ono,,active\n"
		"ACC-0005,Kaede,aiko,high,adoption,,,\n", head);
	write_shared("feeds/accounts.csv", csv);
	free(csv);
	import_on(day_from_ymd(2026, 10, 1));
	csv = xasprintf("%s"
		"ACC-0001,Sakura,aiko,high,adoption,Ken Ito,ken@sakura.example,active\n"
		"ACC-0002,Northwind,aiko,high,adoption,Ana Ruiz,ana@nw.example,left\n"
		"ACC-0003,Ginkgo,aiko,high,adoption,\" KEN ITO \",ito@ginkgo.example,active\n"
		"ACC-0004,Maruya,aiko,high,adoption,,,\n"
		"ACC-0005,Kaede,aiko,high,adoption,Rin Sato,,active\n", head);
	write_shared("feeds/accounts.csv", csv);
	free(csv);
	import_on(CHANGE);
	if (healthcalc_use(&st, &cfg))
		fail_msg("%s", error_message());
	return 0;
}

static int teardown(void **state)
{
	store_close(&st);
	config_free(&cfg);
	free(shared);
	unsetenv("CSCONSOLE_TODAY");
	return scratch_teardown(state);
}

static void add_note(const char *crm, const char *kind, int day)
{
	static int n;
	exec_sql("INSERT INTO note(id, account, author, kind, summary, touch_day, created, hlc, deleted)"
		 " VALUES ('N%d', '%s', 'aiko', '%s', 'x', %d, '2026-11-20T00:00:00Z', '0', 0)",
		 ++n, crm, kind, day);
}

static const struct agenda_item *find_item(const struct agenda *a, enum agenda_group g, const char *crm)
{
	for (size_t i = 0; i < a->len; i++)
		if (a->items[i].group == g && str_eq(a->items[i].crm_id, crm))
			return &a->items[i];
	return NULL;
}

static void build(struct agenda *a)
{
	if (agenda_build(&st, &cfg, "aiko", T, 0, a))
		fail_msg("agenda: %s", error_message());
}

static unsigned causes_at_detail(const char *crm, char **reason)
{
	struct blindspot b;
	if (blindspot_eval(&st, &cfg, crm, T, &b))
		fail_msg("%s: %s", crm, error_message());
	unsigned c = b.flag == BLINDSPOT_HIDDEN_RISK ? b.causes : 0;
	if (reason)
		*reason = xstrdup(b.reason);
	blindspot_free(&b);
	return c;
}

/* The reason account_flag holds after the sync's health pass ("" none). */
static char *flag_at_sync(const char *crm)
{
	struct healthcalc_stats hs;
	bool ran;
	sqlite3_stmt *s;
	char *out = xstrdup("");

	memset(&hs, 0, sizeof(hs));
	if (healthcalc_sync(&st, &cfg, T, true, &ran, &hs))
		fail_msg("healthcalc: %s", error_message());
	assert_int_equal(store_prepare(&st, "SELECT reason FROM account_flag WHERE crm_id = ?1"
				       " AND flag = 'hidden_risk'", &s), 0);
	store_bind_text(s, 1, crm);
	if (sqlite3_step(s) == SQLITE_ROW) {
		free(out);
		out = xstrdup((const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	return out;
}

#define BIT(c) (1u << (c))
static const char want_reason[] = "champion changed: Dana Reyes \u2192 Ken Ito on 2026-11-02; no touch since";
static const char want_cause[] = "champion changed (Dana Reyes \u2192 Ken Ito on 2026-11-02), no note since";

/* The definition itself. */
static void test_definition(void **state)
{
	struct champion_change c;
	(void)state;

	assert_int_equal(champion_change_get(&st, "ACC-0001", T, &c), 0);
	assert_true(c.found);
	assert_true(c.open);
	assert_int_equal(c.day, CHANGE);
	assert_string_equal(c.old_name, "Dana Reyes");
	assert_string_equal(c.new_name, "Ken Ito");
	champion_change_clear(&c);
	/* before the import that brought it, and after the window: none */
	assert_int_equal(champion_change_get(&st, "ACC-0001", CHANGE - 1, &c), 0);
	assert_false(c.found);
	champion_change_clear(&c);
	assert_int_equal(champion_change_get(&st, "ACC-0001", CHANGE + CHAMPION_CHANGE_DAYS + 1, &c), 0);
	assert_false(c.found);
	champion_change_clear(&c);
	assert_int_equal(champion_change_get(&st, "ACC-0001", CHANGE + CHAMPION_CHANGE_DAYS, &c), 0);
	assert_true(c.found);
	champion_change_clear(&c);
	/* marked left, the same person written otherwise, a champion named where
	 * there was none: no change */
	for (int i = 2; i <= 5; i++) {
		if (i == 4)
			continue;
		char crm[16];
		str_format(crm, sizeof(crm), "ACC-000%d", i);
		assert_int_equal(champion_change_get(&st, crm, T, &c), 0);
		if (c.found)
			fail_msg("%s: %s -> %s counted as a change", crm, c.old_name, c.new_name);
		champion_change_clear(&c);
	}
	assert_true(champion_name_changed("Dana Reyes", "Ken Ito"));
	assert_false(champion_name_changed("Ken Ito", "  ken ito\t"));
	assert_false(champion_name_changed(NULL, "Ken Ito"));
	assert_false(champion_name_changed(" ", "Ken Ito"));
	/* removed: a change to nobody */
	assert_true(champion_name_changed("Mia Ono", ""));
	assert_true(champion_name_changed("Mia Ono", NULL));
	assert_int_equal(champion_change_get(&st, "ACC-0004", T, &c), 0);
	assert_true(c.found && c.open);
	assert_string_equal(c.old_name, "Mia Ono");
	assert_string_equal(c.new_name, "");
	champion_change_clear(&c);
}

/* The change is an agenda item and a hidden-risk cause, in both judges;
 * the others are not. */
static void test_change_listed(void **state)
{
	struct agenda a;
	char *why, *flag;
	(void)state;

	build(&a);
	const struct agenda_item *it = find_item(&a, AGENDA_CHAMPION, "ACC-0001");
	assert_non_null(it);
	assert_string_equal(it->reason, want_reason);
	assert_int_equal(it->day, CHANGE);
	assert_int_equal(it->since, (int64_t)CHANGE * 86400);
	assert_int_equal(it->tier, AGENDA_TIER_RELATION);
	assert_string_equal(it->entity, "champion/2026-11-02");
	assert_string_equal(agenda_group_name(it->group), "champion");
	it = find_item(&a, AGENDA_CHAMPION, "ACC-0004");
	assert_non_null(it);
	assert_string_equal(it->reason, "champion changed: Mia Ono \u2192 (none) on 2026-11-02; no touch since");
	assert_null(find_item(&a, AGENDA_CHAMPION, "ACC-0002"));
	assert_null(find_item(&a, AGENDA_CHAMPION, "ACC-0005"));
	assert_int_equal(a.count[AGENDA_CHAMPION], 2);

	unsigned c = causes_at_detail("ACC-0001", &why);
	assert_true(c & BIT(BSC_CHAMPION_CHANGED));
	assert_false(c & BIT(BSC_CHAMPION_LEFT));
	assert_non_null(strstr(why, want_cause));
	free(why);
	flag = flag_at_sync("ACC-0001");
	assert_non_null(strstr(flag, want_cause));
	free(flag);
	assert_string_equal(blindspot_cause_name(BSC_CHAMPION_CHANGED), "champion_changed");

	/* a champion marked left, same name: champion_left only, as before */
	c = causes_at_detail("ACC-0002", &why);
	assert_int_equal(c, BIT(BSC_CHAMPION_LEFT));
	assert_null(strstr(why, "champion changed"));
	free(why);
	flag = flag_at_sync("ACC-0002");
	assert_non_null(strstr(flag, "champion left (Ana Ruiz)"));
	assert_null(strstr(flag, "champion changed"));
	free(flag);
	/* the same person, and a champion where there was none: nothing */
	assert_int_equal(causes_at_detail("ACC-0003", NULL), 0);
	assert_int_equal(causes_at_detail("ACC-0005", NULL), 0);
	flag = flag_at_sync("ACC-0003");
	assert_string_equal(flag, "");
	free(flag);
	assert_null(find_item(&a, AGENDA_CHAMPION, "ACC-0003"));
	agenda_free(&a);
	/* a champion removed: a change to nobody */
	c = causes_at_detail("ACC-0004", &why);
	assert_true(c & BIT(BSC_CHAMPION_CHANGED));
	assert_non_null(strstr(why, "champion changed (Mia Ono \u2192 (none) on 2026-11-02), no note since"));
	free(why);
}

/* An internal note after the change, or a call before it, is no touch since:
 * still listed; a call on the change day clears both. */
static void test_touch_clears(void **state)
{
	struct agenda a;
	char *flag;
	(void)state;

	add_note("ACC-0001", "internal", CHANGE + 3);
	add_note("ACC-0001", "call", CHANGE - 1);
	build(&a);
	assert_non_null(find_item(&a, AGENDA_CHAMPION, "ACC-0001"));
	agenda_free(&a);
	assert_true(causes_at_detail("ACC-0001", NULL) & BIT(BSC_CHAMPION_CHANGED));
	flag = flag_at_sync("ACC-0001");
	assert_non_null(strstr(flag, want_cause));
	free(flag);

	add_note("ACC-0001", "call", CHANGE);
	build(&a);
	assert_null(find_item(&a, AGENDA_CHAMPION, "ACC-0001"));
	assert_int_equal(a.count[AGENDA_CHAMPION], 1);     /* ACC-0004's is still open */
	agenda_free(&a);
	assert_false(causes_at_detail("ACC-0001", NULL) & BIT(BSC_CHAMPION_CHANGED));
	flag = flag_at_sync("ACC-0001");
	assert_null(strstr(flag, "champion changed"));
	free(flag);
}

/* A done touchpoint of a customer-facing kind is a touch too (touchdef.h). */
static void test_done_touchpoint_clears(void **state)
{
	struct agenda a;
	(void)state;

	build(&a);
	assert_non_null(find_item(&a, AGENDA_CHAMPION, "ACC-0001"));
	agenda_free(&a);
	exec_sql("INSERT INTO touchpoint(id, account, author, kind, due_day, status, done_day, created, hlc)"
		 " VALUES ('TP1', 'ACC-0001', 'aiko', 'meeting', %d, 'done', %d, 'x', '0')", CHANGE + 5, CHANGE + 5);
	build(&a);
	assert_null(find_item(&a, AGENDA_CHAMPION, "ACC-0001"));
	agenda_free(&a);
	assert_false(causes_at_detail("ACC-0001", NULL) & BIT(BSC_CHAMPION_CHANGED));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_definition, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_listed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_touch_clears, setup, teardown),
		cmocka_unit_test_setup_teardown(test_done_touchpoint_clears, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
