/* test_report_events.c - the pipeline and feedback reports (report_pipeline.c,
 * report_feedback.c) on a small book written here through events, against
 * figures computed by hand in the comments: the rows' order, the totals per
 * stage and currency, the conversion through reports.rates, an opportunity
 * closed won left out, a stage the pipeline does not know, --owner; the
 * feedback's areas in the configuration's order, the ARR asking (each
 * account once, at its latest feedback's ARR), the request counts, an area
 * the configuration lacks, an account without ARR. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/config.h"
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/report.h"
#include "scratch.h"

static struct store st;
static struct config cfg;
static int today;

static void add_account(const char *crm, const char *name, const char *owner)
{
	sqlite3_stmt *q;
	assert_int_equal(store_prepare(&st, "INSERT INTO account(crm_id, name, touch_model, stage, "
				       "main_owner) VALUES (?1, ?2, 'high', 'expansion', ?3)", &q), 0);
	store_bind_text(q, 1, crm);
	store_bind_text(q, 2, name);
	store_bind_text(q, 3, owner);
	assert_int_equal(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);
}

/* Writes an event about entity (NULL: a new one of type's kind); returns the entity. */
static char *write(const char *author, const char *type, const char *entity, const char *account,
		   const char *data)
{
	struct event e = { 0 };
	char u[ULID_SIZE];
	if (!entity) {
		ulid_new(clock_now_ms(), u);
		e.entity = xasprintf("%.*s/%s", (int)strcspn(type, "."), type, u);
	} else {
		e.entity = xstrdup(entity);
	}
	e.author = xstrdup(author);
	e.type = xstrdup(type);
	e.version = 1;
	e.account = xstrdup(account);
	e.data = json_tokener_parse(data);
	assert_non_null(e.data);
	if (event_write(&st, &e))
		fail_msg("%s: %s", type, error_message());
	char *out = xstrdup(e.entity);
	event_free(&e);
	return out;
}

static int setup(void **state)
{
	if (scratch_setup(state))
		return -1;
	scratch_store(&st, "book.db");
	config_defaults(&cfg);
	free(cfg.reports_currency);
	cfg.reports_currency = xstrdup("USD");
	strlist_add(&cfg.reports_rates, "JPY");
	strlist_add(&cfg.reports_rates, "0.0067");
	assert_true(day_parse_iso("2026-11-23", &today));
	setenv("CSCONSOLE_NOW", "2026-11-23T09:00:00Z", 1);
	add_account("ACC-0001", "Sakura", "aiko");
	add_account("ACC-0002", "Northwind", "ken");
	add_account("ACC-0003", "Blue Harbor", "aiko");
	return 0;
}

static int teardown(void **state)
{
	unsetenv("CSCONSOLE_NOW");
	store_close(&st);
	config_free(&cfg);
	return scratch_teardown(state);
}

static const struct report_cell *cell(const struct report *r, size_t row, const char *id)
{
	int c = report_col_index(r, id);
	assert_true(row < r->nrows);
	if (c < 0)
		fail_msg("no column %s", id);
	return &r->rows[row].cells[c];
}

static void text_is(const struct report *r, size_t row, const char *id, const char *want)
{
	const struct report_cell *c = cell(r, row, id);
	if (!want) {
		if (c->type != CELL_EMPTY)
			fail_msg("row %zu %s: not empty (%s)", row, id, c->text ? c->text : "?");
		return;
	}
	assert_int_equal(c->type, CELL_TEXT);
	if (strcmp(c->text, want) != 0)
		fail_msg("row %zu %s: %s, want %s", row, id, c->text, want);
}

static void money_is(const struct report *r, size_t row, const char *id, double want, const char *cur)
{
	const struct report_cell *c = cell(r, row, id);
	if (c->type != CELL_MONEY || fabs(c->d - want) > 0.005 || strcmp(c->currency, cur) != 0)
		fail_msg("row %zu %s: type %d %.4f %s, want %.4f %s", row, id, (int)c->type, c->d,
			 c->currency, want, cur);
}

static void int_is(const struct report *r, size_t row, const char *id, long long want)
{
	const struct report_cell *c = cell(r, row, id);
	if (c->type != CELL_INT || c->i != want)
		fail_msg("row %zu %s: type %d %lld, want %lld", row, id, (int)c->type, c->i, want);
}

static void accounts_are(const struct report *r, size_t row, const char *joined)
{
	char *got = strlist_join(&r->rows[row].accounts, " ");
	if (strcmp(got, joined) != 0)
		fail_msg("row %zu accounts: %s, want %s", row, got, joined);
	free(got);
}

static bool has_note(const struct report *r, const char *text)
{
	for (size_t i = 0; i < r->notes.len; i++)
		if (strstr(r->notes.items[i], text))
			return true;
	return false;
}

static void test_pipeline(void **state)
{
	(void)state;
	/* A: ACC-0001 upsell $1,000.00 proposal, closes 2027-01-10 */
	free(write("aiko", "opportunity.open", NULL, "ACC-0001",
		   "{\"kind\":\"upsell\",\"amount\":100000,\"currency\":\"USD\",\"stage\":\"proposal\","
		   "\"close_day\":\"2027-01-10\"}"));
	/* B: ACC-0002 seats ¥500,000 proposal, closes 2026-12-20, ken's */
	free(write("aiko", "opportunity.open", NULL, "ACC-0002",
		   "{\"kind\":\"seats\",\"amount\":500000,\"currency\":\"JPY\",\"stage\":\"proposal\","
		   "\"close_day\":\"2026-12-20\",\"owner\":\"ken\"}"));
	/* C: ACC-0001 cross-sell $250.50, moved to commit; its close (2026-11-01) is past */
	char *c = write("aiko", "opportunity.open", NULL, "ACC-0001",
			"{\"kind\":\"cross-sell\",\"amount\":20000,\"currency\":\"USD\",\"stage\":\"qualified\","
			"\"close_day\":\"2026-11-01\"}");
	free(write("aiko", "opportunity.update", c, "ACC-0001", "{\"stage\":\"commit\",\"amount\":25050}"));
	/* D: ACC-0003 $700 discovery, closed won: not in the pipeline */
	char *d = write("aiko", "opportunity.open", NULL, "ACC-0003",
			"{\"kind\":\"upsell\",\"amount\":70000,\"currency\":\"USD\",\"stage\":\"discovery\","
			"\"close_day\":\"2026-12-01\"}");
	free(write("aiko", "opportunity.close", d, "ACC-0003", "{\"outcome\":\"won\",\"closed_day\":\"2026-11-22\"}"));
	/* E: ACC-0002 $300 in a stage of another team's: after the known ones */
	free(write("aiko", "opportunity.open", NULL, "ACC-0002",
		   "{\"kind\":\"upsell\",\"amount\":30000,\"currency\":\"USD\",\"stage\":\"board_review\","
		   "\"close_day\":\"2027-02-01\"}"));

	struct report r;
	struct report_params p = { 0 };
	assert_int_equal(report_build(st.db, &cfg, today, REPORT_PIPELINE, &p, &r), 0);
	assert_int_equal(r.nrows, 10);
	/* proposal: B (2026-12-20) before A (2027-01-10), then JPY and USD totals */
	text_is(&r, 0, "stage", "proposal");
	text_is(&r, 0, "account", "ACC-0002");
	text_is(&r, 0, "name", "Northwind");
	text_is(&r, 0, "owner", "ken");
	money_is(&r, 0, "amount", 500000, "JPY");
	money_is(&r, 0, "amount_reporting", 3350, "USD");       /* 500,000 x 0.0067 */
	assert_int_equal(cell(&r, 0, "expected_close")->i, today + 27);
	assert_int_equal(r.rows[0].level, 1);
	text_is(&r, 1, "account", "ACC-0001");
	text_is(&r, 1, "kind", "upsell");
	money_is(&r, 1, "amount", 1000, "USD");
	assert_int_equal(r.rows[2].level, 0);
	text_is(&r, 2, "stage", "proposal");
	text_is(&r, 2, "account", NULL);
	money_is(&r, 2, "amount", 500000, "JPY");
	int_is(&r, 2, "opportunities", 1);
	accounts_are(&r, 2, "ACC-0002");
	money_is(&r, 3, "amount", 1000, "USD");
	accounts_are(&r, 3, "ACC-0001");
	/* commit: C at its updated amount */
	text_is(&r, 4, "stage", "commit");
	money_is(&r, 4, "amount", 250.50, "USD");
	money_is(&r, 5, "amount", 250.50, "USD");
	int_is(&r, 5, "opportunities", 1);
	/* the unknown stage after commit */
	text_is(&r, 6, "stage", "board_review");
	money_is(&r, 7, "amount", 300, "USD");
	/* all stages: JPY 500,000 (1); USD 1,000 + 250.50 + 300 = 1,550.50 (3, two accounts) */
	text_is(&r, 8, "stage", "Total");
	money_is(&r, 8, "amount", 500000, "JPY");
	money_is(&r, 8, "amount_reporting", 3350, "USD");
	int_is(&r, 8, "opportunities", 1);
	money_is(&r, 9, "amount", 1550.50, "USD");
	int_is(&r, 9, "opportunities", 3);
	accounts_are(&r, 9, "ACC-0001 ACC-0002");
	assert_true(has_note(&r, "1 open opportunity is past its expected close"));
	report_free(&r);

	/* --owner ken: B alone */
	p.owner = "ken";
	assert_int_equal(report_build(st.db, &cfg, today, REPORT_PIPELINE, &p, &r), 0);
	assert_int_equal(r.nrows, 3);
	text_is(&r, 0, "account", "ACC-0002");
	money_is(&r, 2, "amount", 500000, "JPY");
	assert_false(has_note(&r, "past its expected close"));
	report_free(&r);

	/* without a rate: not converted, and said */
	strlist_clear(&cfg.reports_rates);
	p.owner = NULL;
	assert_int_equal(report_build(st.db, &cfg, today, REPORT_PIPELINE, &p, &r), 0);
	assert_int_equal(cell(&r, 0, "amount_reporting")->type, CELL_EMPTY);
	assert_true(has_note(&r, "Amounts in JPY have no rate to USD"));
	report_free(&r);
	free(c);
	free(d);
}

static void test_feedback(void **state)
{
	(void)state;
	static const char *const fb[] = {
		/* F1, F2: ACC-0001 in reporting; F2 (later) recorded $12,000.00 */
		"ACC-0001", "{\"area\":\"reporting\",\"request\":\"missing_feature\",\"text\":\"PDF export\","
			    "\"day\":\"2026-11-01\",\"arr\":1000000,\"currency\":\"USD\"}",
		"ACC-0001", "{\"area\":\"reporting\",\"request\":\"bug\",\"text\":\"Totals wrong\","
			    "\"day\":\"2026-11-10\",\"arr\":1200000,\"currency\":\"USD\"}",
		/* F3: ACC-0002 in reporting at ¥1,000,000 ($6,700) */
		"ACC-0002", "{\"area\":\"reporting\",\"request\":\"missing_feature\",\"text\":\"Schedules\","
			    "\"day\":\"2026-11-05\",\"arr\":1000000,\"currency\":\"JPY\"}",
		/* F4: ACC-0003 in mobile, without ARR */
		"ACC-0003", "{\"area\":\"mobile\",\"request\":\"praise\",\"text\":\"Great app\","
			    "\"day\":\"2026-11-02\",\"arr\":null,\"currency\":null}",
		/* F5: ACC-0002 in an area the configuration lacks, at ¥900,000 ($6,030), older */
		"ACC-0002", "{\"area\":\"legacy_sync\",\"request\":\"usability\",\"text\":\"Slow\","
			    "\"day\":\"2026-10-01\",\"arr\":900000,\"currency\":\"JPY\"}",
	};
	for (size_t i = 0; i < ARRAY_SIZE(fb); i += 2)
		free(write("aiko", "feedback.add", NULL, fb[i], fb[i + 1]));

	struct report r;
	struct report_params p = { 0 };
	assert_int_equal(report_build(st.db, &cfg, today, REPORT_FEEDBACK, &p, &r), 0);
	assert_int_equal(r.nrows, 1 + 3 + 1 + 1 + 1 + 1 + 1);
	/* reporting (2nd of feedback.areas, the first with feedback) */
	assert_int_equal(r.rows[0].level, 0);
	text_is(&r, 0, "area", "reporting");
	int_is(&r, 0, "feedbacks", 3);
	int_is(&r, 0, "account_count", 2);
	money_is(&r, 0, "arr", 12000 + 6700, "USD");   /* ACC-0001 at F2, ACC-0002 at F3 */
	int_is(&r, 0, "bug", 1);
	int_is(&r, 0, "missing_feature", 2);
	int_is(&r, 0, "usability", 0);
	int_is(&r, 0, "praise", 0);
	accounts_are(&r, 0, "ACC-0001 ACC-0002");
	/* its feedback, latest first, each at its own ARR and currency */
	text_is(&r, 1, "text", "Totals wrong");
	money_is(&r, 1, "arr", 12000, "USD");
	assert_int_equal(cell(&r, 1, "day")->i, today - 13);
	text_is(&r, 2, "text", "Schedules");
	money_is(&r, 2, "arr", 1000000, "JPY");
	text_is(&r, 2, "request", "missing_feature");
	text_is(&r, 3, "text", "PDF export");
	text_is(&r, 3, "author", "aiko");
	accounts_are(&r, 3, "ACC-0001");
	/* mobile (after reporting in feedback.areas): no ARR */
	text_is(&r, 4, "area", "mobile");
	int_is(&r, 4, "praise", 1);
	assert_int_equal(cell(&r, 4, "arr")->type, CELL_EMPTY);
	text_is(&r, 5, "name", "Blue Harbor");
	/* the area the configuration lacks, last */
	text_is(&r, 6, "area", "legacy_sync");
	money_is(&r, 6, "arr", 6030, "USD");
	int_is(&r, 6, "usability", 1);
	/* total: 5 feedbacks, 3 accounts; ACC-0001 at F2, ACC-0002 at F3 (its latest) */
	text_is(&r, 8, "area", "Total");
	int_is(&r, 8, "feedbacks", 5);
	int_is(&r, 8, "account_count", 3);
	money_is(&r, 8, "arr", 18700, "USD");
	int_is(&r, 8, "bug", 1);
	int_is(&r, 8, "missing_feature", 2);
	int_is(&r, 8, "usability", 1);
	int_is(&r, 8, "praise", 1);
	accounts_are(&r, 8, "ACC-0001 ACC-0002 ACC-0003");
	assert_true(has_note(&r, "1 account had no ARR when its latest feedback was recorded"));
	report_free(&r);

	/* --owner ken (ACC-0002's main owner) and a day range from 2026-11-01 */
	p.owner = "ken";
	assert_true(day_parse_iso("2026-11-01", &p.from));
	assert_int_equal(report_build(st.db, &cfg, today, REPORT_FEEDBACK, &p, &r), 0);
	assert_int_equal(r.nrows, 3);
	text_is(&r, 0, "area", "reporting");
	int_is(&r, 0, "feedbacks", 1);
	money_is(&r, 0, "arr", 6700, "USD");
	text_is(&r, 1, "text", "Schedules");
	int_is(&r, 2, "feedbacks", 1);
	report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pipeline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_feedback, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
