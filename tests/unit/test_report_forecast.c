/* test_report_forecast.c - the renewal forecast (report_forecast.c): the
 * band weights (defaults and reports.forecast.weights), totals per
 * currency and in the reporting currency at reports.rates, a currency
 * without a rate, a churned account and one without a score, on a book
 * written here with figures computed by hand. */
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

static int D(int y, int m, int d) { return day_from_ymd(y, m, d); }

/* health < 0: no summary score. Bands by default: red <= 50, yellow <= 75. */
static void renewal(int id, const char *crm, int day, long long arr_minor, const char *cur,
		    double health, int risks, const char *outcome)
{
	scratch_exec(&st, "INSERT INTO account(id, crm_id, name, touch_model, stage, main_owner, arr_minor, "
		     "currency, renewal_day, outcome, outcome_day) VALUES (%d, '%s', 'Name %s', 'high', "
		     "'renewal', '%s', %lld, '%s', %d, %s, %s)", id, crm, crm, id % 2 ? "aiko" : "ken",
		     arr_minor, cur, day, outcome ? "'churned'" : "NULL", outcome ? "1" : "NULL");
	if (health >= 0)
		scratch_exec(&st, "INSERT INTO account_summary(crm_id, health, open_risks) VALUES "
			     "('%s', %f, %d)", crm, health, risks);
}

static int setup(void **state)
{
	if (scratch_setup(state))
		return -1;
	scratch_store(&st, "f.db");
	renewal(1, "R1", D(2027, 1, 10), 1000000, "USD", 40, 2, NULL);   /* 10,000 red */
	renewal(2, "R2", D(2027, 1, 20), 2000000, "USD", 60, 0, NULL);   /* 20,000 yellow */
	renewal(3, "R3", D(2027, 2, 5), 5000000, "JPY", 90, 1, NULL);    /* ¥5,000,000 green */
	renewal(4, "R4", D(2027, 2, 6), 300000, "EUR", -1, 0, NULL);     /* €3,000, no score */
	renewal(5, "R5", D(2027, 2, 7), 100000, "GBP", 80, 0, NULL);     /* £1,000: no rate */
	renewal(6, "R6", D(2027, 2, 8), 900000, "USD", 30, 3, "churned"); /* left out */
	renewal(7, "R7", D(2027, 4, 1), 700000, "USD", 90, 0, NULL);     /* after the range */
	return 0;
}

static int teardown(void **state)
{
	store_close(&st);
	return scratch_teardown(state);
}

static int col(const struct report *r, const char *id)
{
	int c = report_col_index(r, id);
	if (c < 0)
		fail_msg("no column %s", id);
	return c;
}

static const struct report_row *find(const struct report *r, const char *period, const char *id,
				     const char *text)
{
	int pc = col(r, "period"), c = col(r, id);
	for (size_t i = 0; i < r->nrows; i++)
		if (strcmp(r->rows[i].cells[pc].text, period) == 0 && r->rows[i].cells[c].text &&
		    strcmp(r->rows[i].cells[c].text, text) == 0)
			return &r->rows[i];
	fail_msg("no row %s %s=%s", period, id, text);
	return NULL;
}

static double val(const struct report *r, const struct report_row *row, const char *id)
{
	const struct report_cell *c = &row->cells[col(r, id)];
	return c->type == CELL_INT ? (double)c->i : c->d;
}

#define assert_near(a, b) assert_true(fabs((a) - (b)) < 1e-6)

static void config_with(struct config *c, const char *weights[][2], size_t nw)
{
	config_defaults(c);
	const char *rates[][2] = { { "JPY", "0.0067" }, { "EUR", "1.08" } };
	for (size_t i = 0; i < 2; i++) {
		strlist_add(&c->reports_rates, rates[i][0]);
		strlist_add(&c->reports_rates, rates[i][1]);
	}
	if (nw)
		strlist_clear(&c->forecast_weights);
	for (size_t i = 0; i < nw; i++) {
		strlist_add(&c->forecast_weights, weights[i][0]);
		strlist_add(&c->forecast_weights, weights[i][1]);
	}
}

static void test_default_weights_and_totals(void **state)
{
	(void)state;
	struct config c;
	struct report r;
	struct report_params p = { .from = D(2027, 1, 1), .until = D(2027, 3, 31), .period = "month" };
	config_with(&c, NULL, 0);
	assert_int_equal(report_build(st.db, &c, D(2026, 12, 1), REPORT_FORECAST, &p, &r), 0);

	const struct report_row *r1 = find(&r, "2027-01", "account", "R1");
	assert_string_equal(r1->cells[col(&r, "band")].text, "red");
	assert_near(val(&r, r1, "weight"), 0.5);
	assert_near(val(&r, r1, "weighted_arr"), 5000);
	assert_near(val(&r, r1, "open_risks"), 2);
	const struct report_row *r4 = find(&r, "2027-02", "account", "R4");
	assert_string_equal(r4->cells[col(&r, "band")].text, "none");
	assert_near(val(&r, r4, "weight"), 0.8);             /* no score: as yellow */
	assert_near(val(&r, r4, "weighted_arr"), 2400);

	/* January: USD only: 10,000 + 20,000; weighted 5,000 + 16,000 */
	const struct report_row *jan = find(&r, "2027-01", "name", "Total USD");
	assert_near(val(&r, jan, "arr"), 30000);
	assert_near(val(&r, jan, "weighted_arr"), 21000);
	assert_near(val(&r, jan, "renewals"), 2);
	const struct report_row *jan_usd = find(&r, "2027-01", "name", "Total in USD");
	assert_near(val(&r, jan_usd, "weighted_arr"), 21000);
	/* February: ¥5,000,000 green, €3,000 none, £1,000 green (no rate); R6 churned */
	const struct report_row *feb_jpy = find(&r, "2027-02", "name", "Total JPY");
	assert_near(val(&r, feb_jpy, "weighted_arr"), 5000000 * 0.95);
	assert_string_equal(feb_jpy->cells[col(&r, "arr")].currency, "JPY");
	const struct report_row *feb = find(&r, "2027-02", "name", "Total in USD");
	assert_near(val(&r, feb, "arr"), 5000000 * 0.0067 + 3000 * 1.08);
	assert_near(val(&r, feb, "weighted_arr"), 5000000 * 0.0067 * 0.95 + 3000 * 1.08 * 0.8);
	assert_near(val(&r, feb, "renewals"), 2);            /* the pound's is left out */
	find(&r, "2027-02", "name", "Total GBP");
	char *acc = strlist_join(&feb->accounts, " ");
	assert_string_equal(acc, "R3 R4");
	free(acc);
	/* over the three months */
	const struct report_row *all = find(&r, "all", "name", "Total in USD");
	assert_near(val(&r, all, "arr"), 30000 + 5000000 * 0.0067 + 3000 * 1.08);
	assert_near(val(&r, all, "weighted_arr"), 21000 + 5000000 * 0.0067 * 0.95 + 3000 * 1.08 * 0.8);
	char *notes = strlist_join(&r.notes, "\n");
	assert_non_null(strstr(notes, "Renewals in GBP have no rate to USD"));
	assert_non_null(strstr(notes, "1 account whose outcome is churned"));
	free(notes);
	for (size_t i = 0; i < r.nrows; i++) {
		char *ids = strlist_join(&r.rows[i].accounts, " ");
		assert_null(strstr(ids, "R6"));
		assert_null(strstr(ids, "R7"));
		free(ids);
	}
	report_free(&r);
	config_free(&c);
}

static void test_configured_weights(void **state)
{
	(void)state;
	const char *w[][2] = { { "red", "0.25" }, { "none", "0" } };   /* yellow, green: defaults */
	struct config c;
	struct report r;
	struct report_params p = { .from = D(2027, 1, 1), .until = D(2027, 2, 28), .period = "quarter" };
	config_with(&c, w, 2);
	assert_int_equal(report_build(st.db, &c, D(2026, 12, 1), REPORT_FORECAST, &p, &r), 0);
	assert_near(val(&r, find(&r, "2027-Q1", "account", "R1"), "weighted_arr"), 2500);
	assert_near(val(&r, find(&r, "2027-Q1", "account", "R2"), "weighted_arr"), 16000);
	assert_near(val(&r, find(&r, "2027-Q1", "account", "R4"), "weighted_arr"), 0);
	const struct report_row *q = find(&r, "2027-Q1", "name", "Total in USD");
	assert_near(val(&r, q, "weighted_arr"), 2500 + 16000 + 5000000 * 0.0067 * 0.95);
	assert_near(val(&r, q, "weight"), (2500 + 16000 + 5000000 * 0.0067 * 0.95) /
		    (30000 + 5000000 * 0.0067 + 3000 * 1.08));
	report_free(&r);
	/* --owner: aiko has the odd ids (R1, R3, R5) */
	p.owner = "aiko";
	assert_int_equal(report_build(st.db, &c, D(2026, 12, 1), REPORT_FORECAST, &p, &r), 0);
	q = find(&r, "2027-Q1", "name", "Total in USD");
	assert_near(val(&r, q, "renewals"), 2);
	report_free(&r);
	config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_weights_and_totals),
		cmocka_unit_test(test_configured_weights),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
