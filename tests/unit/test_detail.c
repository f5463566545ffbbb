/* test_detail.c - the account detail on the sample book: every expected
 * value is read from sample-data/ (the feeds) or derived from the imported
 * events, never copied from the program's output. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/config.h"
#include "csconsole/date.h"
#include "csconsole/detail.h"
#include "scratch.h"
#include "sample.h"

static struct store st;
static struct config cfg;
static int today;
static char *sample;

static char *sample_path(const char *rel)
{
	return path_join(sample, rel);
}

static int setup(void **state)
{
	if (scratch_setup(state))
		return -1;
	today = day_from_ymd(2026, 11, 23);
	config_defaults(&cfg);
	sample = sample_store(&st, "detail.db");
	return sample ? 0 : -1;
}

static int teardown(void **state)
{
	store_close(&st);
	config_free(&cfg);
	free(sample);
	return scratch_teardown(state);
}

/* ---- Reading the fixture ---------------------------------------------------- */

static void account_field(const char *crm, const char *key, char *out, size_t size)
{
	sample_account_field(sample, crm, key, out, size);
}

static int contacts_in_fixture(const char *crm)
{
	char *path = sample_path("feeds/accounts.yaml"), line[1024], want[128];
	FILE *fp = fopen(path, "r");
	bool in = false;
	int n = 0;

	assert_non_null(fp);
	str_format(want, sizeof(want), "  - id: %s\n", crm);
	while (fgets(line, sizeof(line), fp)) {
		if (str_starts_with(line, "  - id: "))
			in = strcmp(line, want) == 0;
		else if (in && str_starts_with(line, "      - {name:"))
			n++;
	}
	fclose(fp);
	free(path);
	return n;
}

/* Calls fn for every metrics CSV row of crm and metric. */
static void csv_rows(const char *file, const char *crm, const char *metric,
		     void (*fn)(int day, double value, void *arg), void *arg)
{
	char *path = sample_path(file), line[256], acc[64], date[16], name[64];
	FILE *fp = fopen(path, "r");
	double v;

	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp)) {
		int day;
		if (sscanf(line, "%63[^,],%15[^,],%63[^,],%lf", acc, date, name, &v) != 4)
			continue;
		if (strcmp(acc, crm) || strcmp(name, metric) || !day_parse_iso(date, &day))
			continue;
		fn(day, v, arg);
	}
	fclose(fp);
	free(path);
}

struct series {
	int day[400];
	double value[400];
	int n;
};

static void collect(int day, double value, void *arg)
{
	struct series *s = arg;
	assert_true(s->n < 400);
	s->day[s->n] = day;
	s->value[s->n++] = value;
}

static double series_sum(const struct series *s, int from, int to)
{
	double t = 0;
	for (int i = 0; i < s->n; i++)
		if (s->day[i] >= from && s->day[i] <= to)
			t += s->value[i];
	return t;
}

/* The latest row of a series at or before `until`; -1 when none. */
static int series_last(const struct series *s, int until)
{
	int best = -1;
	for (int i = 0; i < s->n; i++)
		if (s->day[i] <= until && (best < 0 || s->day[i] > s->day[best]))
			best = i;
	return best;
}

static void load(const char *crm, struct account_detail *d)
{
	if (detail_load(&st, &cfg, crm, today, d))
		fail_msg("%s: %s", crm, error_message());
}

/* ---- Tests -------------------------------------------------------------------------- */

static void test_facts(void **state)
{
	struct account_detail d;
	char want[256];
	int renewal;
	(void)state;

	load("ACC-0002", &d);
	assert_string_equal(d.crm_id, "ACC-0002");
	account_field("ACC-0002", "name", want, sizeof(want));
	assert_string_equal(d.name, want);
	account_field("ACC-0002", "seats", want, sizeof(want));
	assert_true(d.has_seats);
	assert_int_equal(d.seats, atoi(want));
	account_field("ACC-0002", "champion", want, sizeof(want));
	assert_string_equal(d.champion, want);
	account_field("ACC-0002", "champion_email", want, sizeof(want));
	assert_string_equal(d.champion_email, want);
	account_field("ACC-0002", "champion_status", want, sizeof(want));
	assert_string_equal(d.champion_status, want);
	account_field("ACC-0002", "main_owner", want, sizeof(want));
	assert_string_equal(d.main_owner, want);
	account_field("ACC-0002", "sub_owner", want, sizeof(want));
	assert_string_equal(d.sub_owner, want);
	account_field("ACC-0002", "touch_model", want, sizeof(want));
	assert_string_equal(d.touch_model, want);
	enum touch_model tm;
	assert_true(touch_model_parse(want, &tm));
	assert_int_equal(d.cadence, cfg.cadence[tm]);
	account_field("ACC-0002", "renewal_date", want, sizeof(want));
	assert_true(day_parse_iso(want, &renewal));
	assert_int_equal(d.renewal_day, renewal);
	assert_int_equal(d.days_left, renewal - today);
	account_field("ACC-0002", "currency", want, sizeof(want));
	assert_string_equal(d.currency, want);
	assert_int_equal((int)d.n_contacts, contacts_in_fixture("ACC-0002"));
	assert_true(d.n_contacts > 0);
	assert_true(d.active);
	/* owners' names come from the team feed */
	assert_true(*d.main_owner_name);
	assert_false(d.main_absent);
	detail_free(&d);
}

static void test_covering(void **state)
{
	struct account_detail d;
	char main_owner[64], sub_owner[64];
	int saved = today;
	(void)state;

	/* ACC-0047's main owner (haruto) is away 2026-11-24 .. 11-30 with no
	 * covered_by in team.yaml: the sub owner covers */
	account_field("ACC-0047", "main_owner", main_owner, sizeof(main_owner));
	account_field("ACC-0047", "sub_owner", sub_owner, sizeof(sub_owner));
	assert_string_equal(main_owner, "haruto");
	today = day_from_ymd(2026, 11, 25);
	load("ACC-0047", &d);
	assert_true(d.main_absent);
	assert_int_equal(d.absent_until, day_from_ymd(2026, 11, 30));
	assert_string_equal(d.covering, sub_owner);
	assert_string_equal(d.absence_reason, "vacation");
	detail_free(&d);
	/* the day before the absence nobody covers */
	today = saved;
	load("ACC-0047", &d);
	assert_false(d.main_absent);
	assert_string_equal(d.covering, "");
	detail_free(&d);
}

static void test_health_history(void **state)
{
	struct account_detail d;
	struct series h = {0};
	(void)state;

	csv_rows("feeds/metrics/weekly.csv", "ACC-0003", "health_score", collect, &h);
	assert_true(h.n >= 26);
	load("ACC-0003", &d);
	assert_int_equal((int)d.n_health, h.n > DETAIL_HEALTH_WEEKS ? DETAIL_HEALTH_WEEKS : h.n);
	for (size_t i = 1; i < d.n_health; i++)
		assert_true(d.health[i - 1].day < d.health[i].day);   /* oldest first */
	int last = series_last(&h, today);
	assert_true(d.has_health);
	assert_int_equal(d.health_day, h.day[last]);
	assert_true(fabs(d.health_score - h.value[last]) < 1e-9);
	assert_string_equal(d.band, health_band(&cfg, h.value[last]));
	int before = series_last(&h, h.day[last] - 28);
	assert_true(before >= 0);
	assert_true(d.has_delta);
	assert_true(fabs(d.delta4w - (h.value[last] - h.value[before])) < 1e-9);
	detail_free(&d);
}

static void test_usage_and_components(void **state)
{
	struct account_detail d;
	struct series core = {0}, logins = {0}, seats = {0}, tickets = {0}, key = {0};
	char want[64];
	(void)state;

	csv_rows("feeds/metrics/daily.csv", "ACC-0003", "core_feature_uses", collect, &core);
	csv_rows("feeds/metrics/daily.csv", "ACC-0003", "logins", collect, &logins);
	csv_rows("feeds/metrics/daily.csv", "ACC-0003", "key_feature_uses", collect, &key);
	csv_rows("feeds/metrics/weekly.csv", "ACC-0003", "active_seats", collect, &seats);
	csv_rows("feeds/metrics/weekly.csv", "ACC-0003", "support_tickets", collect, &tickets);
	account_field("ACC-0003", "seats", want, sizeof(want));
	int nseats = atoi(want);
	assert_true(nseats > 0);
	load("ACC-0003", &d);

	/* core feature per calendar month, the last one this month to date */
	for (int i = 0; i < DETAIL_CORE_MONTHS; i++) {
		const struct detail_month *m = &d.core_months[i];
		int first = day_from_ymd(m->year, m->month, 1);
		int next = m->month == 12 ? day_from_ymd(m->year + 1, 1, 1) : day_from_ymd(m->year, m->month + 1, 1);
		assert_true(m->has_data);
		assert_true(fabs(m->uses - series_sum(&core, first, next - 1 < today - 1 ? next - 1 : today - 1)) < 1e-9);
	}
	int y, mo, dd;
	day_to_ymd(today, &y, &mo, &dd);
	assert_int_equal(d.core_months[DETAIL_CORE_MONTHS - 1].month, mo);
	assert_true(d.core_months[DETAIL_CORE_MONTHS - 1].partial);

	/* logins: the last 7 whole days, and 12 weeks of them */
	assert_true(d.has_logins_7d);
	assert_true(fabs(d.logins_7d - series_sum(&logins, today - 7, today - 1)) < 1e-9);
	assert_true(fabs(d.logins[0].logins - series_sum(&logins, today - 84, today - 78)) < 1e-9);

	/* the key feature: daily data starts within the last year, so there is
	 * no data a year ago and the component is missing, not zero */
	int first_day = logins.day[0];
	for (int i = 0; i < logins.n; i++)
		if (logins.day[i] < first_day)
			first_day = logins.day[i];
	assert_true(first_day > today - 365);
	assert_false(d.key_has_year_ago);
	assert_true(fabs(d.key_now - series_sum(&key, today - 90, today - 1)) < 1e-9);
	assert_false(d.model.part[HC_KEY_FEATURE].present);
	assert_non_null(strstr(d.component_text[HC_KEY_FEATURE].text, "no data a year ago"));

	/* adoption: latest active seats / licensed seats */
	struct health_params defaults;
	health_params_default(&defaults);
	int ls = series_last(&seats, today);
	assert_true(d.has_active_seats);
	assert_true(fabs(d.active_seats - seats.value[ls]) < 1e-9);
	assert_true(d.model.part[HC_ADOPTION].present);
	assert_true(fabs(d.model.part[HC_ADOPTION].raw - seats.value[ls] / nseats) < 1e-9);
	assert_true(fabs(d.model.part[HC_ADOPTION].score -
			 health_map_score(&defaults.c[HC_ADOPTION].map, seats.value[ls] / nseats)) < 1e-9);

	/* core use per active seat over 30 days */
	assert_true(fabs(d.model.part[HC_CORE_USE].raw -
			 series_sum(&core, today - 30, today - 1) / seats.value[ls]) < 1e-9);

	/* support: the 4 weekly snapshots dated today-27 .. today, per 100 seats */
	assert_true(fabs(d.model.part[HC_SUPPORT].raw -
			 series_sum(&tickets, today - 27, today) * 100.0 / nseats) < 1e-9);

	/* the one pulling down most has the largest weight * (100 - score) */
	assert_true(d.model.pulls_down >= 0);
	for (int c = 0; c < HC_COUNT; c++)
		if (d.model.part[c].present)
			assert_true(d.model.part[c].loss <= d.model.part[d.model.pulls_down].loss);
	detail_free(&d);
}

static void test_nps_from_yaml(void **state)
{
	struct account_detail d;
	char *path = sample_path("feeds/metrics/nps.yaml"), line[256], date[16];
	FILE *fp = fopen(path, "r");
	int best = DAY_NONE, day;
	double value = 0, v;
	(void)state;

	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp))
		if (sscanf(line, "  - {account: ACC-0005, date: %10[0-9-], metric: nps, value: %lf}", date, &v) == 2) {
			date[10] = '\0';
			assert_true(day_parse_iso(date, &day));
			if (day <= today && day >= today - 365 && (best == DAY_NONE || day > best))
				best = day, value = v;
		}
	fclose(fp);
	free(path);
	assert_true(best != DAY_NONE);
	load("ACC-0005", &d);
	assert_true(d.model.part[HC_NPS].present);
	assert_true(fabs(d.model.part[HC_NPS].raw - value) < 1e-9);
	detail_free(&d);
}

static int sev_rank(const char *s)
{
	return str_eq(s, "high") ? 3 : str_eq(s, "medium") ? 2 : str_eq(s, "low") ? 1 : 0;
}

/* Counts rows of the state for crm (what the imported events produced). */
static int count_rows(const char *sql, const char *crm)
{
	sqlite3_stmt *s;
	int n;
	assert_int_equal(store_prepare(&st, sql, &s), 0);
	store_bind_text(s, 1, crm);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return n;
}

static void test_risks_notes_touches(void **state)
{
	static const char *const accounts[] = { "ACC-0003", "ACC-0005", "ACC-0009", "ACC-0012", "ACC-0004" };
	(void)state;

	for (size_t a = 0; a < ARRAY_SIZE(accounts); a++) {
		struct account_detail d;
		const char *crm = accounts[a];
		load(crm, &d);
		assert_int_equal((int)d.n_risks, count_rows("SELECT count(*) FROM risk WHERE account = ?1", crm));
		assert_int_equal((int)d.n_open_risks,
				 count_rows("SELECT count(*) FROM risk WHERE account = ?1 AND status = 'open'", crm));
		for (size_t i = 1; i < d.n_risks; i++) {
			const struct detail_risk *p = &d.risks[i - 1], *r = &d.risks[i];
			assert_true(p->open >= r->open);                      /* open first */
			if (p->open && r->open) {
				assert_true(sev_rank(p->severity) >= sev_rank(r->severity));
				if (sev_rank(p->severity) == sev_rank(r->severity))
					assert_true(p->opened_day >= r->opened_day);
			}
		}
		assert_int_equal((int)d.n_notes,
				 count_rows("SELECT count(*) FROM note WHERE account = ?1 AND NOT deleted", crm));
		for (size_t i = 1; i < d.n_notes; i++)
			assert_true(d.notes[i - 1].touch_day >= d.notes[i].touch_day);   /* newest first */
		for (size_t i = 0; i < d.n_notes; i++)
			if (d.notes[i].sentiment)
				assert_string_equal(d.notes[i].sentiment_label,
						    cfg.sentiment_labels.items[d.notes[i].sentiment - 1]);
		assert_int_equal((int)d.n_open_touches,
				 count_rows("SELECT count(*) FROM touchpoint WHERE account = ?1"
					    " AND status IN ('open', 'snoozed')", crm));
		for (size_t i = 1; i < d.n_open_touches; i++)
			assert_true(d.touches[i - 1].due_day <= d.touches[i].due_day);
		for (size_t i = d.n_open_touches; i < d.n_touches; i++)
			assert_int_equal(d.touches[i].when, TOUCH_WHEN_DONE);
		detail_free(&d);
	}
}

static void test_stories(void **state)
{
	struct account_detail d;
	(void)state;

	/* ACC-0004 (sample-data/README.md, story 3): the meeting moved to
	 * 2026-11-13 is still open, so overdue */
	load("ACC-0004", &d);
	assert_true(d.n_open_touches >= 1);
	assert_int_equal(d.touches[0].when, TOUCH_WHEN_OVERDUE);
	assert_int_equal(d.touches[0].due_day, day_from_ymd(2026, 11, 13));
	/* its monthly workflow was last used 2026-09-07: none in the last 30 days */
	assert_true(d.model.part[HC_CORE_USE].present);
	assert_true(fabs(d.model.part[HC_CORE_USE].score) < 1e-9);
	detail_free(&d);

	/* ACC-0011: a check-in snoozed until anchor+12 */
	load("ACC-0011", &d);
	bool snoozed = false;
	for (size_t i = 0; i < d.n_open_touches; i++)
		if (str_eq(d.touches[i].status, "snoozed")) {
			snoozed = true;
			assert_int_equal(d.touches[i].due_day, today + 12);
			assert_int_equal(d.touches[i].when, TOUCH_WHEN_UPCOMING);
		}
	assert_true(snoozed);
	detail_free(&d);

	/* ACC-0009: the budget risk was resolved; it comes after the open ones */
	load("ACC-0009", &d);
	assert_true(d.n_risks >= 1);
	assert_false(d.risks[d.n_risks - 1].open);
	assert_string_equal(d.risks[d.n_risks - 1].category, "budget");
	assert_true(d.risks[d.n_risks - 1].resolved_day != DAY_NONE);
	detail_free(&d);
}

static void test_lookup_and_errors(void **state)
{
	struct account_detail d;
	char name[256], crm[64];
	(void)state;

	assert_int_equal(detail_load(&st, &cfg, "ACC-9999", today, &d), -1);
	assert_non_null(strstr(error_message(), "ACC-9999"));
	detail_free(&d);
	account_field("ACC-0003", "name", name, sizeof(name));
	assert_int_equal(detail_find_by_name(&st, name, crm, sizeof(crm)), 0);
	assert_string_equal(crm, "ACC-0003");
	assert_int_equal(detail_find_by_name(&st, "No Such Company", crm, sizeof(crm)), 1);
	assert_non_null(strstr(error_message(), "No Such Company"));
	/* by id or by name alike; neither: the id's message */
	assert_int_equal(detail_load_account(&st, &cfg, name, today, &d), 0);
	assert_string_equal(d.crm_id, "ACC-0003");
	detail_free(&d);
	assert_int_equal(detail_load_account(&st, &cfg, "ACC-9999", today, &d), -1);
	assert_non_null(strstr(error_message(), "\"ACC-9999\""));
	assert_null(strstr(error_message(), "CRM id or name"));
	detail_free(&d);
}

static void test_sanitized(void **state)
{
	struct account_detail d;
	(void)state;

	/* a teammate's text with an escape sequence and a control character */
	assert_int_equal(store_exec(&st, "INSERT INTO note(id, account, author, kind, sentiment, summary,"
				    " text, touch_day, created, hlc) VALUES ('x1', 'ACC-0007', 'ken', 'call', 3,"
				    " 'evil' || char(27) || '[2J summary', 'line' || char(7) || ' one', 99999,"
				    " 'c', 'h')"), 0);
	load("ACC-0007", &d);
	assert_true(d.n_notes > 0);
	assert_int_equal(d.notes[0].touch_day, 99999);
	assert_null(strchr(d.notes[0].summary, 27));
	assert_null(strchr(d.notes[0].text, 7));
	assert_non_null(strstr(d.notes[0].summary, "evil"));
	detail_free(&d);
	assert_int_equal(store_exec(&st, "DELETE FROM note WHERE id = 'x1'"), 0);
}

/* Issue 17: the open opportunities only (by expected close), and the
 * DETAIL_FEEDBACK latest feedback of all, sanitized (a feedback keeps its
 * newlines). Rows written straight into the tables the events materialise. */
static void test_opportunities_feedback(void **state)
{
	struct account_detail d;
	(void)state;

	assert_int_equal(store_exec(&st, "DELETE FROM opportunity WHERE account = 'ACC-0007';"
				    " DELETE FROM feedback WHERE account = 'ACC-0007'"), 0);
	assert_int_equal(store_exec(&st, "INSERT INTO opportunity(id, account, author, kind, amount_minor,"
				    " currency, stage, close_day, owner, status, closed_day, note, created, hlc) VALUES"
				    " ('o1', 'ACC-0007', 'aiko', 'upsell', 1200050, 'USD', 'proposal', 20900, 'aiko',"
				    "  'open', NULL, NULL, 'c', 'h'),"
				    " ('o2', 'ACC-0007', 'ken', 'seats', 500000, 'JPY', 'disc' || char(27) || '[2J',"
				    "  20850, 'ken', 'open', NULL, NULL, 'c', 'h'),"
				    " ('o3', 'ACC-0007', 'aiko', 'cross-sell', 999, 'USD', 'commit', 20800, 'aiko',"
				    "  'won', 20780, 'PO', 'c', 'h')"), 0);
	for (int i = 0; i < DETAIL_FEEDBACK + 2; i++) {
		char sql[512];
		str_format(sql, sizeof(sql), "INSERT INTO feedback(id, account, author, area, request, text,"
			   " arr_minor, currency, day, created) VALUES ('f%d', 'ACC-0007', 'ken', 'mobile',"
			   " 'bug', 'said ' || %d || char(10) || 'second line' || char(7), NULL, NULL, %d, 'c')",
			   i, i, 20700 + i);
		assert_int_equal(store_exec(&st, sql), 0);
	}
	load("ACC-0007", &d);
	assert_int_equal(d.opportunities.n, 2);              /* o3 is won */
	assert_string_equal(d.opportunities.items[0].id, "o2");   /* the earlier expected close */
	assert_null(strchr(d.opportunities.items[0].stage, 27));
	assert_string_equal(d.opportunities.items[1].kind, "upsell");
	assert_int_equal(d.opportunities.items[1].amount_minor, 1200050);
	assert_int_equal(d.opportunities.items[1].close_day, 20900);
	assert_int_equal(d.n_feedback_all, DETAIL_FEEDBACK + 2);
	assert_int_equal(d.feedback.n, DETAIL_FEEDBACK);
	assert_int_equal(d.feedback.items[0].day, 20700 + DETAIL_FEEDBACK + 1);   /* latest first */
	assert_int_equal(d.feedback.items[DETAIL_FEEDBACK - 1].day, 20702);
	assert_non_null(strchr(d.feedback.items[0].text, '\n'));
	assert_null(strchr(d.feedback.items[0].text, 7));
	detail_free(&d);
	assert_int_equal(store_exec(&st, "DELETE FROM opportunity WHERE account = 'ACC-0007';"
				    " DELETE FROM feedback WHERE account = 'ACC-0007'"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_facts),
		cmocka_unit_test(test_covering),
		cmocka_unit_test(test_health_history),
		cmocka_unit_test(test_usage_and_components),
		cmocka_unit_test(test_nps_from_yaml),
		cmocka_unit_test(test_risks_notes_touches),
		cmocka_unit_test(test_stories),
		cmocka_unit_test(test_lookup_and_errors),
		cmocka_unit_test(test_sanitized),
		cmocka_unit_test(test_opportunities_feedback),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
