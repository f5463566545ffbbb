/* test_health.c - the health components model: mappings, weights, missing
 * data, and which component pulls the score down most. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>
#include "csconsole/health.h"

#define EPS 1e-9

static void test_names_and_weights(void **state)
{
	double total = 0;
	(void)state;
	for (int c = 0; c < HC_COUNT; c++) {
		assert_non_null(health_component_name((enum health_component)c));
		assert_true(health_component_weight((enum health_component)c) > 0);
		total += health_component_weight((enum health_component)c);
	}
	/* the built-in weights are percentages */
	assert_true(fabs(total - 100) < EPS);
	assert_string_equal(health_component_name(HC_ADOPTION), "adoption");
	assert_string_equal(health_component_name(HC_NPS), "nps");
	assert_true(fabs(health_component_weight(HC_ADOPTION) - 25) < EPS);
	assert_true(fabs(health_component_weight(HC_CORE_USE) - 20) < EPS);
	assert_true(fabs(health_component_weight(HC_ENGAGEMENT) - 15) < EPS);
}

static void expect_score(enum health_component c, double raw, double want)
{
	double got = health_component_score(c, raw);
	if (fabs(got - want) > 1e-6)
		fail_msg("%s(%g) = %g, expected %g", health_component_name(c), raw, got, want);
}

static void test_mappings(void **state)
{
	(void)state;
	/* adoption: 0 at no seats active, 100 from 80% on, linear between */
	expect_score(HC_ADOPTION, 0.0, 0);
	expect_score(HC_ADOPTION, 0.4, 50);
	expect_score(HC_ADOPTION, 0.8, 100);
	expect_score(HC_ADOPTION, 1.2, 100);
	/* core feature: uses per active seat in 30 days, 1.0 is full */
	expect_score(HC_CORE_USE, 0.0, 0);
	expect_score(HC_CORE_USE, 0.25, 25);
	expect_score(HC_CORE_USE, 3.0, 100);
	/* key feature: this season / last year's */
	expect_score(HC_KEY_FEATURE, 0.5, 50);
	expect_score(HC_KEY_FEATURE, 1.5, 100);
	/* engagement: days / cadence, 1 or less is full, 3 or more is 0 */
	expect_score(HC_ENGAGEMENT, 0.2, 100);
	expect_score(HC_ENGAGEMENT, 1.0, 100);
	expect_score(HC_ENGAGEMENT, 2.0, 50);
	expect_score(HC_ENGAGEMENT, 3.0, 0);
	expect_score(HC_ENGAGEMENT, 9.0, 0);
	/* sentiment: 0..1 */
	expect_score(HC_SENTIMENT, 0.0, 0);
	expect_score(HC_SENTIMENT, 0.75, 75);
	/* support: tickets per 100 seats, fewer is better, 20 or more is 0 */
	expect_score(HC_SUPPORT, 0, 100);
	expect_score(HC_SUPPORT, 5, 75);
	expect_score(HC_SUPPORT, 20, 0);
	expect_score(HC_SUPPORT, 45, 0);
	/* NPS: -100..100 onto 0..100 */
	expect_score(HC_NPS, -100, 0);
	expect_score(HC_NPS, -40, 30);
	expect_score(HC_NPS, 0, 50);
	expect_score(HC_NPS, 100, 100);
	/* no meaningful figure scores 0, never NaN */
	expect_score(HC_ADOPTION, NAN, 0);
}

static void test_weighted_mean_skips_missing(void **state)
{
	struct health_input in;
	struct health_model m;
	(void)state;

	memset(&in, 0, sizeof(in));
	in.has[HC_ADOPTION] = true, in.raw[HC_ADOPTION] = 0.4;    /* 50, weight 25 */
	in.has[HC_NPS] = true, in.raw[HC_NPS] = 100;              /* 100, weight 10 */
	health_compute(&in, &m);
	assert_true(m.has_score);
	/* (25*50 + 10*100) / 35: the missing ones count neither as 0 nor as 100 */
	assert_true(fabs(m.score - (25.0 * 50 + 10.0 * 100) / 35.0) < 1e-9);
	assert_false(m.part[HC_CORE_USE].present);
	assert_true(fabs(m.part[HC_CORE_USE].contribution) < EPS);
	assert_true(fabs(m.part[HC_ADOPTION].contribution - 25.0 * 50 / 35.0) < 1e-9);
	assert_true(fabs(m.part[HC_ADOPTION].contribution + m.part[HC_NPS].contribution - m.score) < 1e-9);
	/* a missing component whose raw would score 0 is not the one pulling down */
	in.raw[HC_SUPPORT] = 99;
	health_compute(&in, &m);
	assert_int_equal(m.pulls_down, HC_ADOPTION);

	memset(&in, 0, sizeof(in));
	health_compute(&in, &m);
	assert_false(m.has_score);
	assert_int_equal(m.pulls_down, -1);
}

static void test_pulls_down_most(void **state)
{
	struct health_input in;
	struct health_model m;
	(void)state;

	memset(&in, 0, sizeof(in));
	/* sentiment scores lower (20) but weighs 10: loss 800; adoption scores
	 * 75 (raw 0.6) with weight 25: loss 625; engagement 50 (raw 2) weight 15: 750 */
	in.has[HC_SENTIMENT] = true, in.raw[HC_SENTIMENT] = 0.2;
	in.has[HC_ADOPTION] = true, in.raw[HC_ADOPTION] = 0.6;
	in.has[HC_ENGAGEMENT] = true, in.raw[HC_ENGAGEMENT] = 2.0;
	health_compute(&in, &m);
	assert_int_equal(m.pulls_down, HC_SENTIMENT);
	assert_true(fabs(m.part[HC_SENTIMENT].loss - 800) < 1e-6);
	/* adoption falls to 50: loss 1250, now the largest */
	in.raw[HC_ADOPTION] = 0.4;
	health_compute(&in, &m);
	assert_int_equal(m.pulls_down, HC_ADOPTION);
	/* everything at 100: nothing pulls down */
	memset(&in, 0, sizeof(in));
	in.has[HC_ADOPTION] = true, in.raw[HC_ADOPTION] = 0.9;
	in.has[HC_SUPPORT] = true, in.raw[HC_SUPPORT] = 0;
	health_compute(&in, &m);
	assert_true(fabs(m.score - 100) < EPS);
	assert_int_equal(m.pulls_down, -1);
	/* a tie goes to the first in the table: NPS 0 (50, weight 10, loss 500)
	 * and sentiment 0.5 (50, weight 10, loss 500) */
	memset(&in, 0, sizeof(in));
	in.has[HC_NPS] = true, in.raw[HC_NPS] = 0;
	in.has[HC_SENTIMENT] = true, in.raw[HC_SENTIMENT] = 0.5;
	health_compute(&in, &m);
	assert_int_equal(m.pulls_down, HC_SENTIMENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_and_weights),
		cmocka_unit_test(test_mappings),
		cmocka_unit_test(test_weighted_mean_skips_missing),
		cmocka_unit_test(test_pulls_down_most),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
