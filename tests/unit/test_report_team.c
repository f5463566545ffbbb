/* test_report_team.c - the team's health (report_team.c) on a book written
 * here: main and sub counts and ARR, overdue touchpoints, the single-owner
 * risk (no sub, a sub who is not a CSM, a sub away today), notes per week,
 * the next absence and the accounts nobody covers in it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/config.h"
#include "csconsole/date.h"
#include "csconsole/report.h"
#include "scratch.h"

static struct store st;
static struct config cfg;
static int today;

static int D(int y, int m, int d) { return day_from_ymd(y, m, d); }

static void account(const char *crm, const char *main, const char *sub, long long cents)
{
	scratch_exec(&st, "INSERT INTO account(crm_id, name, touch_model, stage, main_owner, sub_owner, "
		     "arr_minor, currency) VALUES ('%s', '%s', 'high', 'adoption', '%s', %s%s%s, %lld, 'USD')",
		     crm, crm, main, sub ? "'" : "", sub ? sub : "NULL", sub ? "'" : "", cents);
}

static void absence(const char *who, int from, int until, const char *cover)
{
	scratch_exec(&st, "INSERT INTO absence(handle, start_day, end_day, covered_by) VALUES "
		     "('%s', %d, %d, %s%s%s)", who, from, until, cover ? "'" : "", cover ? cover : "NULL",
		     cover ? "'" : "");
}

static void touch(const char *id, const char *crm, int due, const char *status)
{
	scratch_exec(&st, "INSERT INTO touchpoint(id, account, author, due_day, status, created, hlc) "
		     "VALUES ('%s', '%s', 'x', %d, '%s', 'c', 'h')", id, crm, due, status);
}

static void note(const char *id, const char *author, int day)
{
	scratch_exec(&st, "INSERT INTO note(id, account, author, kind, summary, touch_day, created, hlc) "
		     "VALUES ('%s', 'A1', '%s', 'call', 's', %d, 'c', 'h')", id, author, day);
}

static int setup(void **state)
{
	if (scratch_setup(state))
		return -1;
	scratch_store(&st, "t.db");
	config_defaults(&cfg);
	today = D(2026, 11, 23);
	const char *csms[] = { "ann", "bob", "cid", "dee" };
	for (size_t i = 0; i < 4; i++)
		scratch_exec(&st, "INSERT INTO csm(handle, name) VALUES ('%s', '%s')", csms[i], csms[i]);
	account("A1", "ann", "bob", 100000);      /* $1,000 */
	account("A2", "ann", NULL, 200000);       /* no sub: single owner */
	account("A3", "ann", "zed", 300000);      /* sub not a CSM: single owner */
	account("A4", "ann", "cid", 400000);      /* cid away today: single owner */
	account("B1", "bob", "ann", 500000);
	account("B2", "bob", "dee", 600000);
	account("Z1", "old", NULL, 700000);       /* a main owner who left the team: in no row */
	absence("cid", today - 2, today + 3, NULL);
	absence("ann", today + 10, today + 14, NULL);  /* covered by the subs: bob away too */
	absence("bob", today + 12, today + 20, NULL);
	absence("dee", today + 30, today + 31, "ann"); /* a cover named, present */
	touch("t1", "A1", today - 1, "open");         /* overdue */
	touch("t2", "A1", today - 5, "snoozed");      /* overdue */
	touch("t3", "A2", today, "open");             /* due today: not overdue */
	touch("t4", "A2", today - 3, "done");
	touch("t5", "B1", today - 9, "open");
	note("n1", "ann", today);                     /* week 0 */
	note("n2", "ann", today - 6);                 /* week 0 */
	note("n3", "ann", today - 7);                 /* week 1 */
	note("n4", "ann", today - 27);                /* week 3 */
	note("n5", "ann", today - 28);                /* too old */
	note("n6", "bob", today - 20);                /* week 2 */
	return 0;
}

static int teardown(void **state)
{
	store_close(&st);
	config_free(&cfg);
	return scratch_teardown(state);
}

static int col(const struct report *r, const char *id)
{
	int c = report_col_index(r, id);
	if (c < 0)
		fail_msg("no column %s", id);
	return c;
}

static const struct report_row *csm(const struct report *r, const char *handle)
{
	for (size_t i = 0; i < r->nrows; i++)
		if (strcmp(r->rows[i].cells[col(r, "csm")].text, handle) == 0)
			return &r->rows[i];
	fail_msg("no row %s", handle);
	return NULL;
}

static long long n(const struct report *r, const struct report_row *row, const char *id)
{
	const struct report_cell *c = &row->cells[col(r, id)];
	assert_int_equal(c->type, CELL_INT);
	return c->i;
}

static void test_team(void **state)
{
	(void)state;
	struct report r;
	struct report_params p = { 0 };
	assert_int_equal(report_build(st.db, &cfg, today, REPORT_TEAM, &p, &r), 0);
	assert_int_equal(r.nrows, 5);   /* four CSMs and the team */
	const struct report_row *ann = csm(&r, "ann"), *bob = csm(&r, "bob"), *dee = csm(&r, "dee");
	assert_int_equal(n(&r, ann, "main_accounts"), 4);
	assert_true(fabs(ann->cells[col(&r, "main_arr")].d - 10000) < 1e-9);
	assert_int_equal(n(&r, ann, "sub_accounts"), 1);
	assert_true(fabs(ann->cells[col(&r, "sub_arr")].d - 5000) < 1e-9);
	assert_int_equal(n(&r, ann, "overdue_touchpoints"), 2);
	assert_int_equal(n(&r, ann, "single_owner"), 3);
	assert_string_equal(ann->cells[col(&r, "notes_per_week")].text, "1 0 1 2");
	/* ann's absence: A1's sub (bob) is away then too, A2 and A3 have none,
	 * A4's cid is back: 3 uncovered */
	assert_int_equal(ann->cells[col(&r, "away_from")].i, today + 10);
	assert_int_equal(n(&r, ann, "uncovered"), 3);
	char *ids = strlist_join(&ann->accounts, " ");
	assert_string_equal(ids, "A2 A3 A4 A1");   /* single owner, overdue, uncovered */
	free(ids);
	assert_int_equal(n(&r, bob, "overdue_touchpoints"), 1);
	assert_int_equal(n(&r, bob, "single_owner"), 0);
	assert_string_equal(bob->cells[col(&r, "notes_per_week")].text, "0 1 0 0");
	/* bob's absence: B1's sub ann is away on days of it (today+12..14) */
	assert_int_equal(n(&r, bob, "uncovered"), 1);
	assert_string_equal(dee->cells[col(&r, "cover")].text, "ann");
	assert_int_equal(dee->cells[col(&r, "away_from")].type, CELL_DAY);
	assert_int_equal(n(&r, dee, "main_accounts"), 0);
	const struct report_row *team = &r.rows[4];
	assert_int_equal(team->level, 0);
	assert_int_equal(n(&r, team, "main_accounts"), 6);
	assert_int_equal(n(&r, team, "single_owner"), 3);
	assert_int_equal(n(&r, team, "overdue_touchpoints"), 3);
	assert_int_equal(n(&r, team, "uncovered"), 4);
	char *notes = strlist_join(&r.notes, "\n");
	assert_non_null(strstr(notes, "1 account has a main owner who is not an active CSM"));
	free(notes);
	report_free(&r);

	p.owner = "bob";
	assert_int_equal(report_build(st.db, &cfg, today, REPORT_TEAM, &p, &r), 0);
	assert_int_equal(r.nrows, 1);
	assert_int_equal(n(&r, &r.rows[0], "main_accounts"), 2);
	report_free(&r);
	p.owner = "zed";
	assert_int_equal(report_build(st.db, &cfg, today, REPORT_TEAM, &p, &r), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_team),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
