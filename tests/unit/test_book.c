/* test_book.c - the book query (roles, covering, scopes, health change) and money. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/book.h"
#include "csconsole/date.h"
#include "csconsole/summary.h"
#include "scratch.h"

static struct store st;
static int today;

static void exec_fmt(const char *fmt, ...) PRINTF_LIKE(1, 2);
static void exec_fmt(const char *fmt, ...)
{
	struct sbuf b = {0};
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (store_exec(&st, b.data))
		fail_msg("%s: %s", b.data, error_message());
	sbuf_free(&b);
}

static void add_account(int id, const char *crm, const char *name, const char *main_owner,
			const char *sub_owner, int renewal_offset, int active)
{
	exec_fmt("INSERT INTO account(id, crm_id, name, touch_model, stage, main_owner, sub_owner,"
		 " renewal_day, arr_minor, currency, active) VALUES (%d, '%s', '%s', 'high', 'adoption',"
		 " '%s', %s%s%s, %d, 100000, 'USD', %d)", id, crm, name, main_owner,
		 sub_owner ? "'" : "", sub_owner ? sub_owner : "NULL", sub_owner ? "'" : "",
		 today + renewal_offset, active);
}

static int setup(void **state)
{
	if (scratch_setup(state))
		return -1;
	char *path = scratch_path("cs.db");
	int rc = store_open(&st, path, NULL);
	free(path);
	if (rc)
		return -1;
	today = day_from_ymd(2026, 11, 23);
	add_account(1, "A1", "Alpha", "aiko", "ken", 50, 1);
	add_account(2, "A2", "Beta", "ken", "aiko", 10, 1);
	add_account(3, "A3", "株式会社ガンマ", "mio", "aiko", 30, 1);   /* mio absent: aiko covers */
	add_account(4, "A4", "Delta", "taro", "ken", 40, 1);           /* taro absent, aiko named */
	add_account(5, "A5", "Epsilon", "ken", "mio", 5, 1);           /* not aiko's */
	add_account(6, "A6", "Zeta", "aiko", "ken", 1, 0);             /* inactive */
	add_account(7, "A7", "Eta", "sho", "aiko", 20, 1);             /* sho away only later */
	exec_fmt("INSERT INTO absence(handle, start_day, end_day) VALUES ('mio', %d, %d)", today - 1, today + 5);
	exec_fmt("INSERT INTO absence(handle, start_day, end_day, covered_by) VALUES ('taro', %d, %d, 'aiko')",
		 today, today);
	exec_fmt("INSERT INTO absence(handle, start_day, end_day) VALUES ('sho', %d, %d)", today + 1, today + 9);
	/* Alpha's health: 70 five weeks ago, then up to 80 last week. */
	int scores[] = {70, 72, 74, 78, 80};
	for (int i = 0; i < 5; i++)
		exec_fmt("INSERT INTO health(account_id, day, score) VALUES (1, %d, %d)",
			 today - 35 + 7 * i, scores[i]);
	/* Beta: a single snapshot, so no 4-week change. */
	exec_fmt("INSERT INTO health(account_id, day, score) VALUES (2, %d, 55)", today - 3);
	/* Epsilon fell from 45 to 30 in 4 weeks; Eta is at 62. */
	exec_fmt("INSERT INTO health(account_id, day, score) VALUES (5, %d, 45), (5, %d, 30), "
		 "(7, %d, 62)", today - 30, today - 2, today - 2);
	exec_fmt("UPDATE account SET stage = 'onboarding' WHERE id = 3");
	exec_fmt("UPDATE account SET stage = 'renewal' WHERE id = 1");
	exec_fmt("UPDATE account SET touch_model = 'tech' WHERE id = 7");
	exec_fmt("UPDATE account SET touch_model = 'low' WHERE id = 2");
	exec_fmt("UPDATE account SET arr_minor = 500000 WHERE id = 4");
	/* Touchpoints: Eta 5 days overdue, Delta 2, Alpha snoozed to 3 days on. */
	exec_fmt("INSERT INTO touchpoint(id, account, author, kind, due_day, status, created, hlc) "
		 "VALUES ('t1', 'A7', 'aiko', 'call', %d, 'open', 'c', 'h'), "
		 "('t2', 'A4', 'aiko', 'qbr', %d, 'open', 'c', 'h'), "
		 "('t3', 'A1', 'aiko', 'call', %d, 'snoozed', 'c', 'h'), "
		 "('t4', 'A2', 'aiko', 'call', %d, 'done', 'c', 'h')",
		 today - 5, today - 2, today + 3, today - 9);
	exec_fmt("INSERT INTO risk(id, account, author, category, severity, status, text, opened_day,"
		 " resolved_day, created, hlc) VALUES "
		 "('r1', 'A2', 'aiko', 'competitor', 'high', 'open', 't', %d, NULL, 'c', 'h'), "
		 "('r2', 'A2', 'aiko', 'budget', 'low', 'open', 't', %d, NULL, 'c', 'h'), "
		 "('r3', 'A3', 'aiko', 'budget', 'medium', 'open', 't', %d, NULL, 'c', 'h'), "
		 "('r4', 'A1', 'aiko', 'competitor', 'high', 'resolved', 't', %d, %d, 'c', 'h')",
		 today - 9, today - 8, today - 7, today - 20, today - 1);
	exec_fmt("INSERT INTO note(id, account, author, kind, sentiment, summary, text, touch_day, "
		 "created, hlc) VALUES ('n1', 'A1', 'aiko', 'call', 4, 'Kickoff workshop', "
		 "'Discussed ROI', %d, 'c', 'h'), ('n2', 'A2', 'aiko', 'call', 2, 'Renewal risk', "
		 "NULL, %d, 'c', 'h')", today - 4, today - 6);
	/* Blind spots, as healthcalc.c judges them: Beta hidden, Eta quiet. */
	exec_fmt("INSERT INTO account_flag(crm_id, flag, reason, day) VALUES "
		 "('A2', 'hidden_risk', 'usage healthy but a high risk', %d), "
		 "('A7', 'quiet_loyal', 'usage low but sentiment high', %d)", today, today);
	return summary_refresh_all(&st);
}

static int teardown(void **state)
{
	store_close(&st);
	return scratch_teardown(state);
}

static const struct book_row *find(const struct book *b, const char *crm)
{
	for (size_t i = 0; i < b->len; i++)
		if (strcmp(b->rows[i].crm_id, crm) == 0)
			return &b->rows[i];
	return NULL;
}

static void test_mine_roles_and_order(void **state)
{
	(void)state;
	struct book b;
	assert_int_equal(book_load(&st, "aiko", SCOPE_MINE, today, &b), 0);
	assert_int_equal(b.len, 5);
	/* Soonest renewal first: Beta (10), Eta (20), Gamma (30), Delta (40), Alpha (50). */
	const char *order[] = {"A2", "A7", "A3", "A4", "A1"};
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(b.rows[i].crm_id, order[i]);
	assert_int_equal(find(&b, "A1")->role, ROLE_MAIN);
	assert_string_equal(find(&b, "A1")->other_owner, "ken");
	assert_int_equal(find(&b, "A2")->role, ROLE_SUB);
	assert_string_equal(find(&b, "A2")->other_owner, "ken");
	assert_int_equal(find(&b, "A3")->role, ROLE_COVERING);
	assert_string_equal(find(&b, "A3")->other_owner, "mio");
	assert_int_equal(find(&b, "A4")->role, ROLE_COVERING);
	assert_int_equal(find(&b, "A7")->role, ROLE_SUB);
	assert_int_equal(find(&b, "A2")->days_left, 10);
	assert_null(find(&b, "A5"));
	assert_null(find(&b, "A6"));
	book_free(&b);
}

static void test_health_and_delta(void **state)
{
	(void)state;
	struct book b;
	assert_int_equal(book_load(&st, "aiko", SCOPE_MINE, today, &b), 0);
	const struct book_row *a = find(&b, "A1"), *beta = find(&b, "A2"), *g = find(&b, "A3");
	assert_true(a->has_health);
	assert_true(a->health == 80.0);
	assert_true(a->has_health_delta);
	assert_true(a->health_delta4w == 10.0);   /* 80 now vs 70 28 days before it */
	assert_true(beta->has_health && beta->health == 55.0);
	assert_false(beta->has_health_delta);
	assert_false(g->has_health);
	book_free(&b);
}

static void test_scopes(void **state)
{
	(void)state;
	struct book b;
	assert_int_equal(book_load(&st, "aiko", SCOPE_MAIN, today, &b), 0);
	assert_int_equal(b.len, 1);
	assert_string_equal(b.rows[0].crm_id, "A1");
	book_free(&b);
	assert_int_equal(book_load(&st, "aiko", SCOPE_COVERING, today, &b), 0);
	assert_int_equal(b.len, 2);
	assert_non_null(find(&b, "A3"));
	assert_non_null(find(&b, "A4"));
	book_free(&b);
	/* The day after taro's one-day absence, Delta is no longer covered. */
	assert_int_equal(book_load(&st, "aiko", SCOPE_COVERING, today + 1, &b), 0);
	assert_int_equal(b.len, 2);
	assert_non_null(find(&b, "A7"));   /* sho's absence has begun */
	assert_null(find(&b, "A4"));
	book_free(&b);
	assert_int_equal(book_load(&st, "aiko", SCOPE_TEAM, today, &b), 0);
	assert_int_equal(b.len, 6);
	assert_int_equal(find(&b, "A5")->role, ROLE_NONE);
	book_free(&b);
	enum book_scope s;
	assert_true(book_scope_parse("covering", &s) && s == SCOPE_COVERING);
	assert_false(book_scope_parse("everything", &s));
}

static void test_money(void **state)
{
	(void)state;
	char buf[64];
	assert_int_equal(currency_exponent("JPY"), 0);
	assert_int_equal(currency_exponent("USD"), 2);
	assert_int_equal(currency_exponent("KWD"), 3);
	assert_int_equal(currency_exponent("SEK"), 2);
	assert_int_equal(currency_exponent("usd"), -1);
	assert_int_equal(currency_exponent("US"), -1);
	assert_non_null(setlocale(LC_ALL, "C.UTF-8"));
	money_format(12000000, "JPY", buf, sizeof(buf));
	assert_string_equal(buf, "¥12,000,000");
	money_format(4800050, "USD", buf, sizeof(buf));
	assert_string_equal(buf, "$48,000.50");
	money_format(-105, "EUR", buf, sizeof(buf));
	assert_string_equal(buf, "-€1.05");
	money_format(123456, "SEK", buf, sizeof(buf));
	assert_string_equal(buf, "SEK 1,234.56");
	money_format(INT64_MIN, "USD", buf, sizeof(buf));
	assert_string_equal(buf, "-");
	money_decimal(4800050, "USD", buf, sizeof(buf));
	assert_string_equal(buf, "48000.50");
	money_decimal(-5, "KWD", buf, sizeof(buf));
	assert_string_equal(buf, "-0.005");
	money_decimal(12000000, "JPY", buf, sizeof(buf));
	assert_string_equal(buf, "12000000");
	money_decimal(INT64_MIN, "JPY", buf, sizeof(buf));
	assert_string_equal(buf, "");
	setlocale(LC_ALL, "C");
	money_format(4800050, "USD", buf, sizeof(buf));
	assert_string_equal(buf, "USD 48,000.50");
}

/* The crm ids of the rows, space-separated. */
static void assert_order(const struct book *b, const char *want)
{
	struct sbuf got = {0};
	for (size_t i = 0; i < b->len; i++)
		sbuf_addf(&got, "%s%s", i ? " " : "", b->rows[i].crm_id);
	if (strcmp(got.data ? got.data : "", want) != 0)
		fail_msg("order: got \"%s\", want \"%s\"", got.data ? got.data : "", want);
	sbuf_free(&got);
}

static void assert_sorted(enum book_sort key, bool desc, const char *want)
{
	struct book b;
	assert_int_equal(book_query(&st, "aiko", SCOPE_MINE, today, NULL, key, desc, &b), 0);
	assert_order(&b, want);
	book_free(&b);
}

static void test_sort_keys(void **state)
{
	(void)state;
	/* Overdue first (Eta 5 days, Delta 2), then effective days to renewal:
	 * Beta 10 - (100 - 55) / 2 = -12.5, Gamma 30 - 25 = 5, Alpha 50 - 10 = 40. */
	assert_sorted(BOOK_SORT_ATTENTION, false, "A7 A4 A2 A3 A1");
	assert_sorted(BOOK_SORT_ATTENTION, true, "A1 A3 A2 A4 A7");
	assert_sorted(BOOK_SORT_NAME, false, "A1 A2 A4 A7 A3");
	assert_sorted(BOOK_SORT_NAME, true, "A3 A7 A4 A2 A1");
	assert_sorted(BOOK_SORT_ROLE, false, "A1 A2 A7 A4 A3");
	assert_sorted(BOOK_SORT_OTHER, false, "A1 A2 A3 A7 A4");
	assert_sorted(BOOK_SORT_TOUCH, false, "A1 A4 A3 A2 A7");
	assert_sorted(BOOK_SORT_STAGE, false, "A3 A2 A4 A7 A1");
	assert_sorted(BOOK_SORT_ARR, false, "A4 A1 A2 A7 A3");
	/* No health: last in either direction, by name. */
	assert_sorted(BOOK_SORT_HEALTH, false, "A2 A7 A1 A4 A3");
	assert_sorted(BOOK_SORT_HEALTH, true, "A1 A7 A2 A4 A3");
	assert_sorted(BOOK_SORT_DELTA, false, "A1 A2 A4 A7 A3");
	assert_sorted(BOOK_SORT_RISK, false, "A2 A3 A1 A4 A7");
	assert_sorted(BOOK_SORT_RENEWAL, false, "A2 A7 A3 A4 A1");
	assert_sorted(BOOK_SORT_RENEWAL, true, "A1 A4 A3 A7 A2");
	assert_sorted(BOOK_SORT_NEXT_TOUCH, false, "A7 A4 A1 A2 A3");
	assert_sorted(BOOK_SORT_SENTIMENT, false, "A2 A1 A4 A7 A3");
	enum book_sort k;
	for (int i = 0; i < BOOK_SORT_COUNT; i++) {
		assert_true(book_sort_parse(book_sort_name((enum book_sort)i), &k));
		assert_int_equal(k, i);
	}
	assert_false(book_sort_parse("colour", &k));
}

static void test_row_figures(void **state)
{
	(void)state;
	struct book b;
	assert_int_equal(book_query(&st, "aiko", SCOPE_MINE, today, NULL, BOOK_SORT_NAME, false, &b), 0);
	const struct book_row *a = find(&b, "A1"), *beta = find(&b, "A2"), *eta = find(&b, "A7");
	assert_int_equal(a->n_spark, 5);
	assert_true(a->spark[0] == 70.0 && a->spark[4] == 80.0);
	assert_int_equal(a->open_risks, 0);            /* its high risk is resolved */
	assert_int_equal(a->top_risk_severity, RISK_NONE);
	assert_int_equal(a->next_touch_day, today + 3);  /* snoozed counts */
	assert_false(a->overdue);
	assert_int_equal(a->last_sentiment, 4);
	assert_int_equal(a->last_touch_day, today - 4);
	assert_true(a->has_attention && a->attention == 40.0);
	assert_int_equal(beta->open_risks, 2);
	assert_int_equal(beta->open_high_risks, 1);
	assert_int_equal(beta->top_risk_severity, RISK_HIGH);
	assert_string_equal(beta->top_risk_category, "competitor");
	assert_int_equal(beta->next_touch_day, DAY_NONE);   /* its only one is done */
	assert_true(eta->overdue);
	assert_string_equal(eta->next_touch_kind, "call");
	assert_int_equal(eta->last_sentiment, 0);
	assert_int_equal(eta->last_touch_day, DAY_NONE);
	/* blind spots come with their reason; none is "" */
	assert_int_equal(beta->blind, BLIND_HIDDEN);
	assert_string_equal(beta->blind_reason, "usage healthy but a high risk");
	assert_int_equal(eta->blind, BLIND_QUIET);
	assert_int_equal(a->blind, BLIND_NONE);
	assert_string_equal(a->blind_reason, "");
	book_free(&b);
}

static void assert_filtered(const struct book_filter *f, const char *want)
{
	struct book b;
	assert_int_equal(book_query(&st, "aiko", SCOPE_TEAM, today, f, BOOK_SORT_NAME, false, &b), 0);
	assert_order(&b, want);
	book_free(&b);
}

static void test_filters(void **state)
{
	(void)state;
	struct book_filter f;
	char bad[16];
	book_filter_init(&f, NULL);
	f.band_red_max = 40;
	f.band_yellow_max = 70;
	assert_filtered(&f, "A1 A2 A4 A5 A7 A3");
	f.owner = "ken";
	assert_filtered(&f, "A1 A2 A4 A5");
	f.owner = NULL;
	assert_true(book_bands_parse("red", &f.bands, bad, sizeof(bad)));
	assert_filtered(&f, "A5");
	assert_true(book_bands_parse("yellow,none", &f.bands, bad, sizeof(bad)));
	assert_filtered(&f, "A2 A4 A7 A3");
	assert_false(book_bands_parse("red,blue", &f.bands, bad, sizeof(bad)));
	assert_string_equal(bad, "blue");
	f.bands = 0;
	assert_true(book_stages_parse("onboarding,renewal", &f.stages, bad, sizeof(bad)));
	assert_filtered(&f, "A1 A3");
	f.stages = 0;
	assert_true(book_touch_parse("tech", &f.touch_models, bad, sizeof(bad)));
	assert_filtered(&f, "A7");
	f.touch_models = 0;
	assert_true(book_blind_parse("hidden", &f.blinds, bad, sizeof(bad)));
	assert_filtered(&f, "A2");
	assert_true(book_blind_parse("quiet,hidden", &f.blinds, bad, sizeof(bad)));
	assert_filtered(&f, "A2 A7");
	assert_true(book_blind_parse("none", &f.blinds, bad, sizeof(bad)));
	assert_filtered(&f, "A1 A4 A5 A3");
	assert_false(book_blind_parse("hidden,sure", &f.blinds, bad, sizeof(bad)));
	assert_string_equal(bad, "sure");
	f.blinds = 0;
	f.risk_category = "budget";
	assert_filtered(&f, "A2 A3");
	f.risk_category = "competitor";       /* Alpha's is resolved */
	assert_filtered(&f, "A2");
	f.risk_category = NULL;
	f.renewal_within = 10;
	assert_filtered(&f, "A2 A5");
	f.renewal_within = -1;
	f.search = "roi";                      /* Alpha's note text */
	assert_filtered(&f, "A1");
	f.search = "RENEWAL RISK";             /* Beta's note summary */
	assert_filtered(&f, "A2");
	f.search = "ガンマ";
	assert_filtered(&f, "A3");
	f.search = "ta";                       /* Beta, Delta, Zeta (inactive), Eta */
	assert_filtered(&f, "A2 A4 A7");
	/* Filters combine. */
	f.owner = "ken";
	assert_filtered(&f, "A2 A4");
}

/* The console's filter language: every key, canonical form, errors that
 * name the term and leave the filter as it was. */
static void test_filter_parse(void **state)
{
	(void)state;
	struct config cfg;
	struct book_filter f;
	char owner[65], risk[65], out[256];
	config_defaults(&cfg);
	book_filter_init(&f, &cfg);
	assert_int_equal(book_filter_parse("  owner:ken renewal:30d band:yellow,red touch:tech "
					   "stage:renewal risk:budget blind:quiet,hidden", &cfg, &f, owner, risk,
					   sizeof(owner)), 0);
	assert_int_equal(f.blinds, (1u << BLIND_HIDDEN) | (1u << BLIND_QUIET));
	assert_int_equal(f.bands, (1u << BAND_RED) | (1u << BAND_YELLOW));
	assert_int_equal(f.stages, 1u << STAGE_RENEWAL);
	assert_int_equal(f.touch_models, 1u << TOUCH_TECH);
	assert_int_equal(f.renewal_within, 30);
	assert_ptr_equal(f.owner, owner);
	assert_string_equal(f.owner, "ken");
	assert_string_equal(f.risk_category, "budget");
	book_filter_format(&f, out, sizeof(out));
	/* canonical: keys in a fixed order, values in table order */
	assert_string_equal(out, "band:red,yellow stage:renewal touch:tech blind:hidden,quiet risk:budget "
			    "renewal:30 owner:ken");
	struct book_filter g = f;
	static const struct { const char *text, *message; } bad[] = {
		{ "band:red,blue", "band: unknown value \"blue\"; one or more of red, yellow, green, none, comma-separated" },
		{ "risk:weather", "risk: unknown category \"weather\"; the categories are outcome_not_reached, "
		  "hard_to_use, adoption_support, roi_unproven, missing_feature, champion_left, "
		  "priority_dropped, bad_interaction, competitor, budget" },
		{ "renewal:soon", "renewal: \"soon\" is not a number of days from 0 to 3650 (e.g. renewal:30)" },
		{ "owner:Ken!", "owner: \"Ken!\" is not a CSM handle (a-z, 0-9, '.', '_', '-')" },
		{ "colour:red", "unknown filter \"colour\"; the filters are band, stage, touch, blind, risk, "
		  "renewal, owner (e.g. band:red renewal:30)" },
		{ "red", "\"red\" is not a filter: write KEY:VALUE, KEY one of band, stage, touch, blind, risk, "
		  "renewal, owner (e.g. band:red)" },
		{ "blind:maybe", "blind: unknown value \"maybe\"; one or more of none, hidden, quiet, comma-separated" },
		{ "stage:", "stage: no value after the colon (e.g. band:red)" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(book_filter_parse(bad[i].text, &cfg, &f, owner, risk, sizeof(owner)), -1);
		assert_string_equal(error_message(), bad[i].message);
		assert_memory_equal(&f, &g, sizeof(f));      /* unchanged */
	}
	assert_int_equal(book_filter_parse("", &cfg, &f, owner, risk, sizeof(owner)), 0);
	book_filter_format(&f, out, sizeof(out));
	assert_string_equal(out, "");
	assert_null(f.owner);
	assert_int_equal(f.renewal_within, -1);
	config_free(&cfg);
}

/* In-memory order and search on one fetch, as the console uses them. */
static void test_order_and_search(void **state)
{
	(void)state;
	struct book b;
	size_t idx[16], n;
	bool keep[16], match[16];
	struct sbuf got = { 0 };
	assert_int_equal(book_fetch(&st, "aiko", SCOPE_MINE, today, &b), 0);
	assert_int_equal(b.len, 5);
	/* keep only the rows with health; by health, highest first */
	for (size_t i = 0; i < b.len; i++)
		keep[i] = b.rows[i].has_health;
	book_order(&b, keep, BOOK_SORT_HEALTH, true, idx, &n);
	for (size_t i = 0; i < n; i++)
		sbuf_addf(&got, "%s%s", i ? " " : "", b.rows[idx[i]].crm_id);
	assert_string_equal(sbuf_str(&got), "A1 A7 A2");       /* 80, 62, 55 */
	/* ties keep name order in both directions: everyone is 'high' but
	 * Beta (low) and Eta (tech) */
	sbuf_reset(&got);
	book_order(&b, NULL, BOOK_SORT_TOUCH, true, idx, &n);
	for (size_t i = 0; i < n; i++)
		sbuf_addf(&got, "%s%s", i ? " " : "", b.rows[idx[i]].crm_id);
	assert_string_equal(sbuf_str(&got), "A7 A2 A1 A4 A3");
	/* search: names (A-Z in any case, Japanese as is) and notes */
	assert_int_equal(book_search(&st, &b, "DISCUSSED", match), 0);   /* Alpha's note text */
	for (size_t i = 0; i < b.len; i++)
		assert_int_equal(match[i], str_eq(b.rows[i].crm_id, "A1"));
	assert_int_equal(book_search(&st, &b, "ガンマ", match), 0);
	for (size_t i = 0; i < b.len; i++)
		assert_int_equal(match[i], str_eq(b.rows[i].crm_id, "A3"));
	assert_int_equal(book_search(&st, &b, "", match), 0);
	for (size_t i = 0; i < b.len; i++)
		assert_false(match[i]);
	sbuf_free(&got);
	book_free(&b);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The CRM ids of the rows of b that match text, sorted, as "A1 A3". */
static void search_ids(const struct book *b, const char *text, struct sbuf *out)
{
	bool match[16];
	const char *ids[16];
	size_t n = 0;
	assert_true(b->len <= 16);
	sbuf_reset(out);
	if (book_search(&st, b, text, match))
		fail_msg("book_search(\"%s\"): %s", text, error_message());
	for (size_t i = 0; i < b->len; i++)
		if (match[i])
			ids[n++] = b->rows[i].crm_id;
	qsort(ids, n, sizeof(*ids), cmp_str);
	for (size_t i = 0; i < n; i++)
		sbuf_addf(out, "%s%s", i ? " " : "", ids[i]);
}

static void expect_search(const struct book *b, const char *text, const char *want)
{
	struct sbuf got = { 0 };
	search_ids(b, text, &got);
	if (strcmp(sbuf_str(&got), want))
		fail_msg("search \"%s\": got \"%s\", want \"%s\"", text, sbuf_str(&got), want);
	sbuf_free(&got);
}

/* Search folds both sides (NFKC, case, katakana as hiragana) and covers
 * account names, notes (summary and text), risk text and touchpoint notes
 * and reasons. The rows added here are rolled back at the end. */
static void test_search_normalized(void **state)
{
	(void)state;
	struct book b;
	exec_fmt("SAVEPOINT search_rows");
	exec_fmt("INSERT INTO note(id, account, author, kind, sentiment, summary, text, touch_day, "
		 "created, hlc, deleted) VALUES "
		 "('n3', 'A4', 'aiko', 'call', 3, '定例', 'サクラさんと面談、ＱＢＲの準備', %d, 'c', 'h', 0), "
		 "('n4', 'A1', 'aiko', 'call', 3, 'ひみつ', NULL, %d, 'c', 'h', 1), "
		 "('n5', 'A5', 'ken', 'call', 3, 'さくら', NULL, %d, 'c', 'h', 0)",
		 today - 3, today - 2, today - 1);
	exec_fmt("INSERT INTO risk(id, account, author, category, severity, status, text, opened_day,"
		 " resolved_day, created, hlc) VALUES "
		 "('r5', 'A7', 'aiko', 'budget', 'high', 'open', 'Budget freeze announced by the ＣＦＯ', %d,"
		 " NULL, 'c', 'h'), "
		 "('r6', 'A3', 'aiko', 'competitor', 'low', 'resolved', 'ﾗｲﾊﾞﾙ社のトライアル', %d, %d, 'c', 'h')",
		 today - 9, today - 30, today - 2);
	exec_fmt("INSERT INTO touchpoint(id, account, author, kind, due_day, status, note, reason, "
		 "created, hlc) VALUES "
		 "('t5', 'A2', 'aiko', 'call', %d, 'done', 'デモの日程を調整', NULL, 'c', 'h'), "
		 "('t6', 'A1', 'aiko', 'call', %d, 'snoozed', NULL, 'Waiting for the Procurement team', 'c', 'h')",
		 today - 20, today + 3);
	assert_int_equal(book_fetch(&st, "aiko", SCOPE_MINE, today, &b), 0);
	assert_int_equal(b.len, 5);   /* A1 A2 A3 A4 A7 */
	/* the issue's table: full-width, half-width, case and kana alike */
	expect_search(&b, "さくら", "A4");
	expect_search(&b, "サクラ", "A4");
	expect_search(&b, "ｻｸﾗ", "A4");
	expect_search(&b, "qbr", "A4");
	expect_search(&b, "ＱＢＲ", "A4");
	/* names */
	expect_search(&b, "がんま", "A3");
	expect_search(&b, "ｶﾞﾝﾏ", "A3");
	expect_search(&b, "ＡＬＰＨＡ", "A1");
	expect_search(&b, "alPHA", "A1");
	/* risk text, open or resolved */
	expect_search(&b, "cfo", "A7");
	expect_search(&b, "ライバル", "A3");
	/* a touchpoint's note and its reason */
	expect_search(&b, "でも", "A2");
	expect_search(&b, "PROCUREMENT", "A1");
	/* a deleted note is not searched; another CSM's account is not in the book */
	expect_search(&b, "ひみつ", "");
	expect_search(&b, "nothing like this", "");
	/* the existing matches still hold */
	expect_search(&b, "roi", "A1");
	expect_search(&b, "ta", "A2 A4 A7");    /* Beta, Delta, Eta */
	book_free(&b);
	exec_fmt("ROLLBACK TO search_rows; RELEASE search_rows");
}

static void test_sparkline(void **state)
{
	(void)state;
	struct book_row r = { .spark = { 0, 12.5, 25, 50, 99, 100 }, .n_spark = 6 };
	char buf[64];
	book_sparkline(&r, true, buf, sizeof(buf));
	assert_string_equal(buf, "▁▂▃▅██");
	book_sparkline(&r, false, buf, sizeof(buf));
	assert_string_equal(buf, "_.-=##");
	r.n_spark = 0;
	book_sparkline(&r, true, buf, sizeof(buf));
	assert_string_equal(buf, "");
	struct book b;
	assert_int_equal(book_load(&st, "aiko", SCOPE_MAIN, today, &b), 0);
	book_sparkline(&b.rows[0], true, buf, sizeof(buf));   /* 70 72 74 78 80 */
	assert_string_equal(buf, "▆▆▆▇▇");
	book_free(&b);
}

static void test_header_summary(void **state)
{
	(void)state;
	struct config cfg;
	struct book b;
	struct book_summary sum;
	int64_t synced;
	config_defaults(&cfg);
	assert_int_equal(book_query(&st, "aiko", SCOPE_MINE, today, NULL, BOOK_SORT_NAME, false, &b), 0);
	assert_int_equal(book_summarize(&st, &cfg, &b, 0, &sum), 0);
	assert_false(sum.has_last_sync);
	assert_true(sum.sync_stale);
	assert_int_equal(sum.accounts, 5);
	assert_int_equal(sum.main, 1);
	assert_int_equal(sum.sub, 2);
	assert_int_equal(sum.covering, 2);
	assert_int_equal(sum.n_arr, 1);
	assert_string_equal(sum.arr[0].currency, "USD");
	assert_int_equal(sum.arr[0].arr_minor, 4 * 100000 + 500000);
	assert_int_equal(sum.overdue, 2);
	int w = cfg.renewal_windows[0];
	for (int i = 1; i < cfg.n_renewal_windows; i++)
		if (cfg.renewal_windows[i] < w)
			w = cfg.renewal_windows[i];
	assert_int_equal(sum.nearest_window, w);
	size_t near = 0;
	for (int d = 10; d <= 50; d += 10)      /* the five accounts' days left */
		near += d <= w;
	assert_int_equal(sum.renewals_near, near);
	assert_int_equal(sum.health_drops, 0);
	assert_int_equal(sum.high_risks, 1);
	book_free(&b);

	assert_true(ts_parse_iso("2026-11-23T00:00:00Z", &synced));
	assert_int_equal(store_meta_set(&st, "last_sync", "2026-11-23T00:00:00Z"), 0);
	assert_int_equal(book_query(&st, "aiko", SCOPE_TEAM, today, NULL, BOOK_SORT_NAME, false, &b), 0);
	assert_int_equal(book_summarize(&st, &cfg, &b, synced + 3600, &sum), 0);
	assert_true(sum.has_last_sync);
	assert_true(sum.last_sync == synced);
	assert_false(sum.sync_stale);
	assert_int_equal(sum.health_drops, 1);   /* Epsilon: 45 -> 30 */
	assert_int_equal(book_summarize(&st, &cfg, &b, synced + 25 * 3600, &sum), 0);
	assert_true(sum.sync_stale);
	book_free(&b);
	config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mine_roles_and_order),
		cmocka_unit_test(test_health_and_delta),
		cmocka_unit_test(test_scopes),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_sort_keys),
		cmocka_unit_test(test_row_figures),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_filter_parse),
		cmocka_unit_test(test_order_and_search),
		cmocka_unit_test(test_search_normalized),
		cmocka_unit_test(test_sparkline),
		cmocka_unit_test(test_header_summary),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
