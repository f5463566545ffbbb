/* test_blindspot.c - blind-spot flags: the planted sample accounts (the book
 * imported into a scratch store as test_detail.c does, today 2026-11-23), the
 * plainly healthy ones, and hand-made accounts at every threshold. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/blindspot.h"
#include "csconsole/config.h"
#include "csconsole/date.h"
#include "scratch.h"
#include "sample.h"

static struct store st;
static struct config cfg;
static int today;
static char *sample;

static int setup(void **state)
{
	if (scratch_setup(state))
		return -1;
	today = day_from_ymd(2026, 11, 23);
	config_defaults(&cfg);
	sample = sample_store(&st, "blindspot.db");
	return sample ? 0 : -1;
}

static int teardown(void **state)
{
	store_close(&st);
	config_free(&cfg);
	free(sample);
	return scratch_teardown(state);
}

static void account_field(const char *crm, const char *key, char *out, size_t size)
{
	sample_account_field(sample, crm, key, out, size);
}

static void eval(const char *crm, struct blindspot *b)
{
	if (blindspot_eval(&st, &cfg, crm, today, b))
		fail_msg("%s: %s", crm, error_message());
	assert_string_equal(b->crm_id, crm);
}

static bool has_cause(const struct blindspot *b, enum blindspot_cause c)
{
	return (b->causes & (1u << c)) != 0;
}

/* ---- The planted stories ------------------------------------------------------ */

static void test_northwind_hidden_risk(void **state)
{
	struct blindspot b;
	char status[16], champion[64];
	(void)state;

	account_field("ACC-0002", "champion_status", status, sizeof(status));
	account_field("ACC-0002", "champion", champion, sizeof(champion));
	assert_string_equal(status, "left");
	eval("ACC-0002", &b);
	assert_int_equal(b.flag, BLINDSPOT_HIDDEN_RISK);
	assert_true(has_cause(&b, BSC_CHAMPION_LEFT));
	/* ken's open champion_left risk is high (the event), and his note is a 2 */
	assert_true(has_cause(&b, BSC_HIGH_RISK));
	assert_true(has_cause(&b, BSC_LAST_NOTE_NEGATIVE));
	assert_true(b.usage >= cfg.blind_usage_healthy);
	assert_non_null(strstr(b.reason, "champion left"));
	assert_non_null(strstr(b.reason, champion));
	assert_non_null(strstr(b.reason, "of 40 seats"));
	assert_string_equal(blindspot_flag_name(b.flag), "hidden risk");
	blindspot_free(&b);
}

/* ACC-0005: "usage unchanged" in the story. Its feed gives ~109 of 150 seats
 * active (73%: adoption scores 91 on the 0..0.8 line) and the monthly
 * workflow at ~1.7 uses per active seat (core_use 100), so usage = 91 >= 80
 * is healthy. The renewal meeting note (sentiment 1), ken's note (2), and the
 * open high bad_interaction risk make it a hidden risk; its champion is active. */
static void test_minato_hidden_risk(void **state)
{
	struct blindspot b;
	char status[16];
	(void)state;

	account_field("ACC-0005", "champion_status", status, sizeof(status));
	eval("ACC-0005", &b);
	assert_int_equal(b.flag, BLINDSPOT_HIDDEN_RISK);
	assert_true(has_cause(&b, BSC_HIGH_RISK));
	assert_true(has_cause(&b, BSC_LAST_NOTE_NEGATIVE));
	assert_true(has_cause(&b, BSC_MEAN_NEGATIVE));
	assert_int_equal(has_cause(&b, BSC_CHAMPION_LEFT), str_eq(status, "left"));
	assert_false(has_cause(&b, BSC_ROI_UNPROVEN));
	assert_non_null(strstr(b.reason, "bad_interaction"));
	blindspot_free(&b);
	/* its usage (91) is healthy at the default 80; at 95 it is not, so no flag */
	cfg.blind_usage_healthy = 95;
	eval("ACC-0005", &b);
	assert_int_equal(b.flag, BLINDSPOT_NONE);
	blindspot_free(&b);
	cfg.blind_usage_healthy = 80;
}

static void test_maruya_quiet_loyal(void **state)
{
	struct blindspot b;
	char seats[16], want[64];
	(void)state;

	account_field("ACC-0007", "seats", seats, sizeof(seats));
	str_format(want, sizeof(want), "of %s seats", seats);
	eval("ACC-0007", &b);
	assert_int_equal(b.flag, BLINDSPOT_QUIET_LOYAL);
	assert_int_equal(b.causes, 0);
	assert_true(b.usage < cfg.blind_usage_low);
	assert_non_null(strstr(b.reason, want));
	assert_non_null(strstr(b.reason, "NPS +65"));   /* the later of its answers, 75 then 65 */
	assert_string_equal(blindspot_flag_name(b.flag), "quiet but loyal");
	blindspot_free(&b);
}

/* ACC-0001 (QBR done, positive notes, NPS 33) and ACC-0009 (its budget risk
 * resolved, signing note): nothing wrong, no flag. ACC-0003 (usage falling to
 * 47% of seats) is neither healthy nor low: no flag either. */
static void test_healthy_accounts_unflagged(void **state)
{
	static const char *const ids[] = { "ACC-0001", "ACC-0009", "ACC-0003" };
	(void)state;

	for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
		struct blindspot b;
		eval(ids[i], &b);
		if (b.flag != BLINDSPOT_NONE)
			fail_msg("%s flagged: %s", ids[i], b.reason);
		assert_int_equal(b.causes, 0);
		assert_string_equal(b.reason, "");
		blindspot_free(&b);
	}
}

static void test_scan_aiko(void **state)
{
	struct blindspot_list l;
	struct book bk;
	(void)state;

	assert_int_equal(book_fetch(&st, "aiko", SCOPE_MINE, today, &bk), 0);
	assert_int_equal(blindspot_scan(&st, &cfg, "aiko", SCOPE_MINE, today, &l), 0);
	assert_int_equal(l.len, bk.len);
	for (size_t i = 0; i < l.len; i++) {
		const struct blindspot *b = &l.items[i];
		assert_string_equal(b->crm_id, bk.rows[i].crm_id);
		if (str_eq(b->crm_id, "ACC-0002") || str_eq(b->crm_id, "ACC-0005"))
			assert_int_equal(b->flag, BLINDSPOT_HIDDEN_RISK);
		else if (str_eq(b->crm_id, "ACC-0007"))
			assert_int_equal(b->flag, BLINDSPOT_QUIET_LOYAL);
		else if (b->flag != BLINDSPOT_NONE)
			fail_msg("unexpected flag on %s: %s", b->crm_id, b->reason);
	}
	assert_int_equal(l.n_hidden, 2);
	assert_int_equal(l.n_quiet, 1);
	book_free(&bk);
	blindspot_list_free(&l);

	struct blindspot b;
	assert_int_equal(blindspot_eval(&st, &cfg, "ACC-9999", today, &b), -1);
	assert_non_null(strstr(error_message(), "ACC-9999"));
	blindspot_free(&b);
}

/* ---- Hand-made accounts at the thresholds ------------------------------------ */

struct fake {
	struct account_detail d;
	struct detail_note notes[4];
	struct detail_risk risks[2];
};

/* An account with adoption scored `usage` (core_use missing), no notes, no
 * risks, champion active, no NPS, no vendor score. */
static void fake_init(struct fake *f, double usage)
{
	memset(f, 0, sizeof(*f));
	str_copy(f->d.crm_id, sizeof(f->d.crm_id), "ACC-TEST");
	str_copy(f->d.champion_status, sizeof(f->d.champion_status), "active");
	f->d.band = "";
	f->d.notes = f->notes;
	f->d.risks = f->risks;
	if (usage >= 0) {
		f->d.model.part[HC_ADOPTION].present = true;
		f->d.model.part[HC_ADOPTION].score = usage;
		str_copy(f->d.component_text[HC_ADOPTION].text, 96, "hand-made");
	}
}

/* Notes newest first, as detail_load gives them. */
static void fake_note(struct fake *f, int ago, int sentiment)
{
	struct detail_note *n = &f->notes[f->d.n_notes++];
	n->touch_day = today - ago;
	n->sentiment = sentiment;
}

static void fake_risk(struct fake *f, const char *category, const char *severity, bool open)
{
	struct detail_risk *r = &f->risks[f->d.n_risks++];
	r->category = (char *)category;
	r->severity = (char *)severity;
	r->open = open;
	f->d.n_open_risks += open;
}

static void fake_nps(struct fake *f, double nps)
{
	f->d.model.part[HC_NPS].present = true;
	f->d.model.part[HC_NPS].raw = nps;
}

static enum blindspot_flag judge(const struct fake *f, unsigned *causes)
{
	struct blindspot b;
	blindspot_judge(&f->d, &cfg, today, &b);
	enum blindspot_flag flag = b.flag;
	if (causes)
		*causes = b.causes;
	assert_non_null(b.reason);
	assert_int_equal(b.reason[0] != '\0', flag != BLINDSPOT_NONE);
	blindspot_free(&b);
	return flag;
}

static void test_hidden_thresholds(void **state)
{
	double healthy = cfg.blind_usage_healthy;
	int days = cfg.blind_sentiment_days;
	struct fake f;
	unsigned causes;
	(void)state;

	/* healthy usage with nothing wrong: no flag */
	fake_init(&f, healthy);
	assert_int_equal(judge(&f, &causes), BLINDSPOT_NONE);
	fake_note(&f, 1, 3);                      /* the middle is not negative */
	assert_int_equal(judge(&f, &causes), BLINDSPOT_NONE);

	/* each cause alone, at usage == healthy */
	fake_init(&f, healthy);
	str_copy(f.d.champion_status, sizeof(f.d.champion_status), "left");
	assert_int_equal(judge(&f, &causes), BLINDSPOT_HIDDEN_RISK);
	assert_int_equal(causes, 1u << BSC_CHAMPION_LEFT);

	fake_init(&f, healthy);
	fake_note(&f, 2, 2);                      /* last note negative, mean 4 */
	fake_note(&f, 10, 5);
	fake_note(&f, 20, 5);
	assert_int_equal(judge(&f, &causes), BLINDSPOT_HIDDEN_RISK);
	assert_int_equal(causes, 1u << BSC_LAST_NOTE_NEGATIVE);

	fake_init(&f, healthy);
	fake_note(&f, 2, 3);                      /* last at the middle, mean 2 */
	fake_note(&f, 10, 1);
	assert_int_equal(judge(&f, &causes), BLINDSPOT_HIDDEN_RISK);
	assert_int_equal(causes, 1u << BSC_MEAN_NEGATIVE);

	fake_init(&f, healthy);
	fake_risk(&f, "competitor", "high", true);
	assert_int_equal(judge(&f, &causes), BLINDSPOT_HIDDEN_RISK);
	assert_int_equal(causes, 1u << BSC_HIGH_RISK);

	fake_init(&f, healthy);
	fake_risk(&f, BLINDSPOT_ROI_CATEGORY, "low", true);
	assert_int_equal(judge(&f, &causes), BLINDSPOT_HIDDEN_RISK);
	assert_int_equal(causes, 1u << BSC_ROI_UNPROVEN);

	/* not causes: resolved or medium risks, champion unknown, old notes */
	fake_init(&f, healthy);
	fake_risk(&f, "competitor", "high", false);
	fake_risk(&f, "budget", "medium", true);
	str_copy(f.d.champion_status, sizeof(f.d.champion_status), "unknown");
	fake_note(&f, days + 1, 1);
	assert_int_equal(judge(&f, &causes), BLINDSPOT_NONE);
	assert_int_equal(causes, 0);
	/* a note exactly `days` ago is recent */
	fake_init(&f, healthy);
	fake_note(&f, days, 1);
	assert_int_equal(judge(&f, &causes), BLINDSPOT_HIDDEN_RISK);

	/* just below healthy usage: no flag, whatever the relationship */
	fake_init(&f, healthy - 0.01);
	str_copy(f.d.champion_status, sizeof(f.d.champion_status), "left");
	fake_risk(&f, "competitor", "high", true);
	assert_int_equal(judge(&f, &causes), BLINDSPOT_NONE);

	/* usage is the weaker component: core_use below healthy spoils adoption 100 */
	fake_init(&f, 100);
	str_copy(f.d.champion_status, sizeof(f.d.champion_status), "left");
	f.d.model.part[HC_CORE_USE].present = true;
	f.d.model.part[HC_CORE_USE].score = healthy - 1;
	assert_int_equal(judge(&f, &causes), BLINDSPOT_NONE);
	f.d.model.part[HC_CORE_USE].score = healthy;
	assert_int_equal(judge(&f, &causes), BLINDSPOT_HIDDEN_RISK);
}

static void test_missing_data(void **state)
{
	struct fake f;
	unsigned causes;
	(void)state;

	/* no usage and no vendor score: no flag even with every cause */
	fake_init(&f, -1);
	str_copy(f.d.champion_status, sizeof(f.d.champion_status), "left");
	fake_risk(&f, "competitor", "high", true);
	fake_note(&f, 1, 1);
	assert_int_equal(judge(&f, &causes), BLINDSPOT_NONE);
	/* the vendor band stands in when no usage component has data */
	f.d.has_health = true;
	f.d.health_score = 88;
	f.d.band = "green";
	assert_int_equal(judge(&f, &causes), BLINDSPOT_HIDDEN_RISK);
	f.d.band = "yellow";
	assert_int_equal(judge(&f, &causes), BLINDSPOT_NONE);

	/* notes without a sentiment and no NPS do not make anyone loyal or at risk */
	fake_init(&f, 100);
	fake_note(&f, 1, 0);
	assert_int_equal(judge(&f, &causes), BLINDSPOT_NONE);
	fake_init(&f, 10);
	fake_note(&f, 1, 0);
	assert_int_equal(judge(&f, &causes), BLINDSPOT_NONE);
}

static void test_quiet_thresholds(void **state)
{
	double low = cfg.blind_usage_low;
	double nps = cfg.blind_loyal_nps_min;
	struct fake f;
	(void)state;

	fake_init(&f, low - 0.01);
	fake_note(&f, 5, 4);
	assert_int_equal(judge(&f, NULL), BLINDSPOT_QUIET_LOYAL);   /* no NPS: not required */
	fake_nps(&f, nps);
	assert_int_equal(judge(&f, NULL), BLINDSPOT_QUIET_LOYAL);
	fake_nps(&f, nps - 1);
	assert_int_equal(judge(&f, NULL), BLINDSPOT_NONE);

	fake_init(&f, low);                       /* not below the threshold */
	fake_note(&f, 5, 4);
	assert_int_equal(judge(&f, NULL), BLINDSPOT_NONE);

	fake_init(&f, low - 0.01);
	fake_note(&f, 5, 3);                      /* the middle is not positive */
	assert_int_equal(judge(&f, NULL), BLINDSPOT_NONE);

	fake_init(&f, low - 0.01);
	fake_note(&f, 5, 2);                      /* mean 3.5, but the last is negative */
	fake_note(&f, 30, 5);
	assert_int_equal(judge(&f, NULL), BLINDSPOT_NONE);

	fake_init(&f, low - 0.01);
	fake_note(&f, 5, 4);
	fake_risk(&f, "budget", "low", true);     /* a low risk is allowed */
	assert_int_equal(judge(&f, NULL), BLINDSPOT_QUIET_LOYAL);
	fake_risk(&f, "budget", "medium", true);
	assert_int_equal(judge(&f, NULL), BLINDSPOT_NONE);

	fake_init(&f, low - 0.01);
	fake_note(&f, 5, 4);
	str_copy(f.d.champion_status, sizeof(f.d.champion_status), "left");
	assert_int_equal(judge(&f, NULL), BLINDSPOT_NONE);

	fake_init(&f, low - 0.01);                /* no recent note */
	fake_note(&f, cfg.blind_sentiment_days + 1, 5);
	assert_int_equal(judge(&f, NULL), BLINDSPOT_NONE);
}

/* The shortcut the sync takes: usage in the middle rules a flag out; at
 * either threshold, or without usage, the judge must look. */
static void test_possible(void **state)
{
	struct health_model m;
	(void)state;
	memset(&m, 0, sizeof(m));
	assert_true(blindspot_possible(&cfg, &m));                       /* no usage component */
	m.part[HC_ADOPTION].present = true;
	m.part[HC_ADOPTION].score = 65;
	assert_false(blindspot_possible(&cfg, &m));                      /* 50 <= 65 < 80 */
	m.part[HC_ADOPTION].score = cfg.blind_usage_healthy;
	assert_true(blindspot_possible(&cfg, &m));                       /* healthy at 80 */
	m.part[HC_CORE_USE].present = true;
	m.part[HC_CORE_USE].score = 79.9;                          /* the weaker one counts */
	assert_false(blindspot_possible(&cfg, &m));
	m.part[HC_CORE_USE].score = cfg.blind_usage_low - 0.1;
	assert_true(blindspot_possible(&cfg, &m));                       /* low under 50 */
	m.part[HC_CORE_USE].score = cfg.blind_usage_low;
	assert_false(blindspot_possible(&cfg, &m));
}

static void test_tables(void **state)
{
	(void)state;
	assert_true(cfg.blind_usage_low < cfg.blind_usage_healthy);
	assert_string_equal(blindspot_cause_name(BSC_CHAMPION_LEFT), "champion_left");
	assert_string_equal(blindspot_flag_name(BLINDSPOT_NONE), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_northwind_hidden_risk),
		cmocka_unit_test(test_minato_hidden_risk),
		cmocka_unit_test(test_maruya_quiet_loyal),
		cmocka_unit_test(test_healthy_accounts_unflagged),
		cmocka_unit_test(test_scan_aiko),
		cmocka_unit_test(test_hidden_thresholds),
		cmocka_unit_test(test_missing_data),
		cmocka_unit_test(test_quiet_thresholds),
		cmocka_unit_test(test_possible),
		cmocka_unit_test(test_tables),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
