/* test_report_retention.c - GRR, NRR, logo and revenue churn (report_retention.c)
 * against a book written here and figures computed by hand: an expansion, a
 * contraction, a churn in the period, a churn before it, a new account
 * within it, a change after it, an account in yen and one in a currency
 * without a rate. */
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

static int D(int y, int m, int d) { return day_from_ymd(y, m, d); }

static void account(int id, const char *crm, const char *owner, const char *segment)
{
	scratch_exec(&st, "INSERT INTO account(id, crm_id, name, segment, touch_model, stage, main_owner) "
		     "VALUES (%d, '%s', '%s', '%s', 'high', 'adoption', '%s')", id, crm, crm, segment, owner);
}

/* A history row: arr in minor units (cents; yen for JPY). */
static void hist(int id, int day, long long arr, const char *cur, const char *outcome, int outcome_day,
		 int active)
{
	if (outcome)
		scratch_exec(&st, "INSERT INTO arr_history VALUES (%d, %d, %lld, '%s', '%s', %d, %d)",
			     id, day, arr, cur, outcome, outcome_day, active);
	else
		scratch_exec(&st, "INSERT INTO arr_history VALUES (%d, %d, %lld, '%s', NULL, NULL, %d)",
			     id, day, arr, cur, active);
}

static int setup(void **state)
{
	if (scratch_setup(state))
		return -1;
	scratch_store(&st, "r.db");
	config_defaults(&cfg);
	strlist_add(&cfg.reports_rates, "JPY");
	strlist_add(&cfg.reports_rates, "0.01");
	account(1, "A", "aiko", "ENT");   /* 1,000 -> 1,500 on Feb 1: expansion 500 */
	hist(1, D(2025, 12, 1), 100000, "USD", NULL, 0, 1);
	hist(1, D(2026, 2, 1), 150000, "USD", NULL, 0, 1);
	account(2, "B", "aiko", "SMB");   /* 2,000 -> 1,200 on Mar 1: contraction 800 */
	hist(2, D(2025, 12, 1), 200000, "USD", NULL, 0, 1);
	hist(2, D(2026, 3, 1), 120000, "USD", NULL, 0, 1);
	account(3, "C", "ken", "SMB");    /* 3,000, churned Feb 15 (known on Mar 1) */
	hist(3, D(2025, 12, 1), 300000, "USD", NULL, 0, 1);
	hist(3, D(2026, 3, 1), 300000, "USD", "churned", D(2026, 2, 15), 1);
	account(4, "D", "ken", "ENT");    /* new on Jan 20: 5,000 */
	hist(4, D(2026, 1, 20), 500000, "USD", NULL, 0, 1);
	account(5, "E", "ken", "ENT");    /* ¥100,000 = 1,000 at 0.01, unchanged */
	hist(5, D(2025, 11, 1), 100000, "JPY", NULL, 0, 1);
	account(6, "F", "aiko", "SMB");   /* churned Dec 20, before the quarter: out */
	hist(6, D(2025, 11, 1), 70000, "USD", NULL, 0, 1);
	hist(6, D(2025, 12, 25), 70000, "USD", "churned", D(2025, 12, 20), 0);
	account(7, "G", "ken", "SMB");    /* 400, grows only after the quarter */
	hist(7, D(2025, 12, 1), 40000, "USD", NULL, 0, 1);
	hist(7, D(2026, 4, 10), 90000, "USD", NULL, 0, 1);
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

static const struct report_row *row_of(const struct report *r, const char *period, const char *group)
{
	int pc = col(r, "period"), gc = col(r, "group");
	for (size_t i = 0; i < r->nrows; i++)
		if (strcmp(r->rows[i].cells[pc].text, period) == 0 &&
		    (!group || strcmp(r->rows[i].cells[gc].text, group) == 0))
			return &r->rows[i];
	fail_msg("no row %s %s", period, group ? group : "");
	return NULL;
}

static double num(const struct report *r, const struct report_row *row, const char *id)
{
	const struct report_cell *c = &row->cells[col(r, id)];
	if (c->type == CELL_INT)
		return (double)c->i;
	assert_true(c->type == CELL_MONEY || c->type == CELL_PERCENT);
	return c->d;
}

#define assert_near(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static char *ids(const struct report_row *row)
{
	return strlist_join(&row->accounts, " ");
}

static void test_quarter_team(void **state)
{
	(void)state;
	struct report r;
	struct report_params p = { .from = D(2026, 1, 1), .until = D(2026, 3, 31), .period = "quarter",
				   .by = "team" };
	assert_int_equal(report_build(st.db, &cfg, D(2026, 4, 15), REPORT_RETENTION, &p, &r), 0);
	assert_int_equal(r.nrows, 1);
	const struct report_row *q = row_of(&r, "2026-Q1", NULL);
	assert_int_equal(q->level, 0);
	assert_near(num(&r, q, "accounts_start"), 5);          /* A B C E G */
	assert_near(num(&r, q, "arr_start"), 7400);            /* 1000+2000+3000+1000+400 */
	assert_string_equal(q->cells[col(&r, "arr_start")].currency, "USD");
	assert_near(num(&r, q, "expansion"), 500);
	assert_near(num(&r, q, "contraction"), 800);
	assert_near(num(&r, q, "churned_arr"), 3000);
	assert_near(num(&r, q, "churned_accounts"), 1);
	assert_near(num(&r, q, "grr"), (7400.0 - 800 - 3000) / 7400);
	assert_near(num(&r, q, "nrr"), (7400.0 - 800 - 3000 + 500) / 7400);
	assert_near(num(&r, q, "logo_churn"), 1.0 / 5);
	assert_near(num(&r, q, "revenue_churn"), 3000.0 / 7400);
	assert_near(num(&r, q, "new_accounts"), 1);
	char *a = ids(q);
	assert_string_equal(a, "C B A E G D");   /* churned, contracted, expanded, flat, new */
	free(a);
	assert_non_null(r.formula);
	assert_non_null(strstr(r.formula, "GRR = "));
	report_free(&r);
}

static void test_months(void **state)
{
	(void)state;
	struct report r;
	struct report_params p = { .from = D(2026, 1, 1), .until = D(2026, 3, 31), .period = "month" };
	assert_int_equal(report_build(st.db, &cfg, D(2026, 4, 15), REPORT_RETENTION, &p, &r), 0);
	assert_int_equal(r.nrows, 3);
	const struct report_row *jan = row_of(&r, "2026-01", NULL);
	assert_near(num(&r, jan, "arr_start"), 7400);
	assert_near(num(&r, jan, "new_accounts"), 1);           /* D */
	assert_near(num(&r, jan, "grr"), 1.0);
	/* February: D is in the cohort now; A grows, C churns */
	const struct report_row *feb = row_of(&r, "2026-02", NULL);
	assert_near(num(&r, feb, "accounts_start"), 6);
	assert_near(num(&r, feb, "arr_start"), 12400);
	assert_near(num(&r, feb, "expansion"), 500);
	assert_near(num(&r, feb, "churned_arr"), 3000);
	assert_near(num(&r, feb, "nrr"), (12400.0 - 3000 + 500) / 12400);
	/* March: C churned before it starts: out of the cohort; B contracts */
	const struct report_row *mar = row_of(&r, "2026-03", NULL);
	assert_near(num(&r, mar, "accounts_start"), 5);
	assert_near(num(&r, mar, "arr_start"), 1500 + 2000 + 5000 + 1000 + 400);
	assert_near(num(&r, mar, "contraction"), 800);
	assert_near(num(&r, mar, "grr"), (9900.0 - 800) / 9900);
	assert_near(num(&r, mar, "logo_churn"), 0);
	report_free(&r);
}

static void test_by_owner(void **state)
{
	(void)state;
	struct report r;
	struct report_params p = { .from = D(2026, 1, 1), .until = D(2026, 3, 31), .period = "quarter",
				   .by = "owner" };
	assert_int_equal(report_build(st.db, &cfg, D(2026, 4, 15), REPORT_RETENTION, &p, &r), 0);
	assert_int_equal(r.nrows, 3);   /* aiko, ken, the total */
	const struct report_row *aiko = row_of(&r, "2026-Q1", "aiko"), *ken = row_of(&r, "2026-Q1", "ken");
	assert_int_equal(aiko->level, 1);
	assert_near(num(&r, aiko, "arr_start"), 3000);
	assert_near(num(&r, aiko, "grr"), (3000.0 - 800) / 3000);
	assert_near(num(&r, aiko, "nrr"), (3000.0 - 800 + 500) / 3000);
	assert_near(num(&r, aiko, "new_accounts"), 0);
	assert_near(num(&r, ken, "arr_start"), 4400);
	assert_near(num(&r, ken, "grr"), (4400.0 - 3000) / 4400);
	assert_near(num(&r, ken, "logo_churn"), 1.0 / 3);
	assert_near(num(&r, ken, "new_accounts"), 1);
	const struct report_row *total = &r.rows[2];
	assert_int_equal(total->level, 0);
	assert_near(num(&r, total, "arr_start"), 7400);
	assert_near(num(&r, total, "nrr"), (7400.0 - 800 - 3000 + 500) / 7400);
	report_free(&r);

	/* --owner: only ken's accounts */
	p.owner = "ken";
	p.by = "team";
	assert_int_equal(report_build(st.db, &cfg, D(2026, 4, 15), REPORT_RETENTION, &p, &r), 0);
	assert_near(num(&r, &r.rows[0], "arr_start"), 4400);
	report_free(&r);
}

/* A currency without a rate is left out and said; without the yen rate E goes too. */
static void test_no_rate(void **state)
{
	(void)state;
	struct report r;
	struct config c2;
	config_defaults(&c2);
	struct report_params p = { .from = D(2026, 1, 1), .until = D(2026, 3, 31), .period = "quarter" };
	assert_int_equal(report_build(st.db, &c2, D(2026, 4, 15), REPORT_RETENTION, &p, &r), 0);
	assert_near(num(&r, &r.rows[0], "arr_start"), 6400);
	char *notes = strlist_join(&r.notes, "\n");
	assert_non_null(strstr(notes, "Accounts in JPY have no rate to USD"));
	free(notes);
	report_free(&r);
	config_free(&c2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quarter_team),
		cmocka_unit_test(test_months),
		cmocka_unit_test(test_by_owner),
		cmocka_unit_test(test_no_rate),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
