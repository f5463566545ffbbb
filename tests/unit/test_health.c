/* test_health.c - the health components model: mappings, weights, missing
 * data, and which component pulls the score down most. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/health.h"

#define EPS 1e-9

static struct health_params P;   /* the built-in model */

static void test_names_and_weights(void **state)
{
	double total = 0;
	(void)state;
	health_params_default(&P);
	for (int c = 0; c < HC_COUNT; c++) {
		assert_non_null(health_component_name((enum health_component)c));
		assert_int_equal(health_component_find(health_component_name((enum health_component)c)), c);
		assert_true(P.c[c].weight > 0);
		total += P.c[c].weight;
	}
	assert_int_equal(health_component_find("nope"), -1);
	/* the built-in weights are percentages */
	assert_true(fabs(total - 100) < EPS);
	assert_string_equal(health_component_name(HC_ADOPTION), "adoption");
	assert_string_equal(health_component_name(HC_NPS), "nps");
	assert_true(fabs(P.c[HC_ADOPTION].weight - 25) < EPS);
	assert_true(fabs(P.c[HC_CORE_USE].weight - 20) < EPS);
	assert_true(fabs(P.c[HC_ENGAGEMENT].weight - 15) < EPS);
}

static void expect_score(enum health_component c, double raw, double want)
{
	double got = health_map_score(&P.c[c].map, raw);
	if (fabs(got - want) > 1e-6)
		fail_msg("%s(%g) = %g, expected %g", health_component_name(c), raw, got, want);
}

static void test_mappings(void **state)
{
	(void)state;
	health_params_default(&P);
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

/* Linear through several points, and thresholds. */
static void test_map_kinds(void **state)
{
	struct health_map lin = { .kind = HEALTH_MAP_LINEAR, .n = 3,
				  .raw = { 0, 0.5, 0.8 }, .score = { 0, 60, 100 } };
	struct health_map steps = { .kind = HEALTH_MAP_THRESHOLDS, .n = 4,
				    .raw = { 0, 5, 10, 20 }, .score = { 100, 70, 40, 0 } };
	(void)state;
	/* before the first point: flat at its score; between: the line; after: flat */
	assert_true(fabs(health_map_score(&lin, -1) - 0) < EPS);
	assert_true(fabs(health_map_score(&lin, 0.25) - 30) < EPS);   /* half of 0..60 */
	assert_true(fabs(health_map_score(&lin, 0.5) - 60) < EPS);
	assert_true(fabs(health_map_score(&lin, 0.65) - 80) < EPS);   /* half of 60..100 */
	assert_true(fabs(health_map_score(&lin, 2) - 100) < EPS);
	/* thresholds: the last point at or below the figure */
	assert_true(fabs(health_map_score(&steps, -3) - 100) < EPS);
	assert_true(fabs(health_map_score(&steps, 0) - 100) < EPS);
	assert_true(fabs(health_map_score(&steps, 4.99) - 100) < EPS);
	assert_true(fabs(health_map_score(&steps, 5) - 70) < EPS);
	assert_true(fabs(health_map_score(&steps, 9) - 70) < EPS);
	assert_true(fabs(health_map_score(&steps, 10) - 40) < EPS);
	assert_true(fabs(health_map_score(&steps, 19.9) - 40) < EPS);
	assert_true(fabs(health_map_score(&steps, 20) - 0) < EPS);
	assert_true(fabs(health_map_score(&steps, 1e6) - 0) < EPS);
}

/* Weights: a component of weight 0 is left out like a missing one. */
static void test_weights(void **state)
{
	struct health_params p;
	struct health_input in = {0};
	struct health_model m;
	(void)state;
	health_params_default(&p);
	in.has[HC_ADOPTION] = true, in.raw[HC_ADOPTION] = 0.8;    /* 100 */
	in.has[HC_SUPPORT] = true, in.raw[HC_SUPPORT] = 10;       /* 50 */
	health_compute(&p, &in, &m);
	assert_true(fabs(m.score - (25.0 * 100 + 10.0 * 50) / 35.0) < 1e-9);
	p.c[HC_SUPPORT].weight = 40;
	health_compute(&p, &in, &m);
	assert_true(fabs(m.score - (25.0 * 100 + 40.0 * 50) / 65.0) < 1e-9);
	assert_int_equal(m.pulls_down, HC_SUPPORT);
	p.c[HC_SUPPORT].weight = 0;
	health_compute(&p, &in, &m);
	assert_false(m.part[HC_SUPPORT].present);
	assert_true(fabs(m.score - 100) < 1e-9);
	assert_int_equal(m.pulls_down, -1);
}

static void test_weighted_mean_skips_missing(void **state)
{
	struct health_input in;
	struct health_model m;
	(void)state;

	health_params_default(&P);
	memset(&in, 0, sizeof(in));
	in.has[HC_ADOPTION] = true, in.raw[HC_ADOPTION] = 0.4;    /* 50, weight 25 */
	in.has[HC_NPS] = true, in.raw[HC_NPS] = 100;              /* 100, weight 10 */
	health_compute(&P, &in, &m);
	assert_true(m.has_score);
	/* (25*50 + 10*100) / 35: the missing ones count neither as 0 nor as 100 */
	assert_true(fabs(m.score - (25.0 * 50 + 10.0 * 100) / 35.0) < 1e-9);
	assert_false(m.part[HC_CORE_USE].present);
	assert_true(fabs(m.part[HC_CORE_USE].contribution) < EPS);
	assert_true(fabs(m.part[HC_ADOPTION].contribution - 25.0 * 50 / 35.0) < 1e-9);
	assert_true(fabs(m.part[HC_ADOPTION].contribution + m.part[HC_NPS].contribution - m.score) < 1e-9);
	/* a missing component whose raw would score 0 is not the one pulling down */
	in.raw[HC_SUPPORT] = 99;
	health_compute(&P, &in, &m);
	assert_int_equal(m.pulls_down, HC_ADOPTION);

	memset(&in, 0, sizeof(in));
	health_compute(&P, &in, &m);
	assert_false(m.has_score);
	assert_int_equal(m.pulls_down, -1);
}

static void test_pulls_down_most(void **state)
{
	struct health_input in;
	struct health_model m;
	(void)state;

	health_params_default(&P);
	memset(&in, 0, sizeof(in));
	/* sentiment scores lower (20) but weighs 10: loss 800; adoption scores
	 * 75 (raw 0.6) with weight 25: loss 625; engagement 50 (raw 2) weight 15: 750 */
	in.has[HC_SENTIMENT] = true, in.raw[HC_SENTIMENT] = 0.2;
	in.has[HC_ADOPTION] = true, in.raw[HC_ADOPTION] = 0.6;
	in.has[HC_ENGAGEMENT] = true, in.raw[HC_ENGAGEMENT] = 2.0;
	health_compute(&P, &in, &m);
	assert_int_equal(m.pulls_down, HC_SENTIMENT);
	assert_true(fabs(m.part[HC_SENTIMENT].loss - 800) < 1e-6);
	/* adoption falls to 50: loss 1250, now the largest */
	in.raw[HC_ADOPTION] = 0.4;
	health_compute(&P, &in, &m);
	assert_int_equal(m.pulls_down, HC_ADOPTION);
	/* everything at 100: nothing pulls down */
	memset(&in, 0, sizeof(in));
	in.has[HC_ADOPTION] = true, in.raw[HC_ADOPTION] = 0.9;
	in.has[HC_SUPPORT] = true, in.raw[HC_SUPPORT] = 0;
	health_compute(&P, &in, &m);
	assert_true(fabs(m.score - 100) < EPS);
	assert_int_equal(m.pulls_down, -1);
	/* a tie goes to the first in the table: NPS 0 (50, weight 10, loss 500)
	 * and sentiment 0.5 (50, weight 10, loss 500) */
	memset(&in, 0, sizeof(in));
	in.has[HC_NPS] = true, in.raw[HC_NPS] = 0;
	in.has[HC_SENTIMENT] = true, in.raw[HC_SENTIMENT] = 0.5;
	health_compute(&P, &in, &m);
	assert_int_equal(m.pulls_down, HC_SENTIMENT);
}

/* ---- csconsole.yaml ---------------------------------------------------------------- */

static struct ynode *yaml(const char *text)
{
	struct ynode *v = NULL;
	struct diag_list d = {0};
	assert_int_equal(ydoc_load_string("t", text, strlen(text), NULL, &v, &d), 0);
	diag_clear(&d);
	return v;
}

/* Parses text into a copy of the defaults; returns the rc, the first message in msg. */
static int parse_model(const char *text, struct health_params *p, char *msg, size_t size)
{
	struct ynode *v = yaml(text);
	struct diag_list d = {0};
	health_params_default(p);
	int rc = health_params_parse(v, "health.model", "c.yaml", &d, p);
	msg[0] = '\0';
	if (d.len) {
		char *m = diag_format(&d.items[0]);
		snprintf(msg, size, "%s", m);
		free(m);
	}
	assert_int_equal(rc == 0, d.errors == 0);
	diag_clear(&d);
	ynode_free(v);
	return rc;
}

static void test_model_config(void **state)
{
	struct health_params p, def;
	char msg[512];
	(void)state;
	health_params_default(&def);

	/* a component left out keeps its default; a weight alone keeps the mapping */
	assert_int_equal(parse_model("{support: {weight: 30}, adoption: {thresholds: [[0, 0], [0.5, 50], [0.9, 100]]}}",
				     &p, msg, sizeof(msg)), 0);
	assert_true(fabs(p.c[HC_SUPPORT].weight - 30) < EPS);
	assert_memory_equal(&p.c[HC_SUPPORT].map, &def.c[HC_SUPPORT].map, sizeof(def.c[0].map));
	assert_true(fabs(p.c[HC_ADOPTION].weight - 25) < EPS);
	assert_int_equal(p.c[HC_ADOPTION].map.kind, HEALTH_MAP_THRESHOLDS);
	assert_true(fabs(health_map_score(&p.c[HC_ADOPTION].map, 0.7) - 50) < EPS);
	assert_memory_equal(&p.c[HC_NPS], &def.c[HC_NPS], sizeof(def.c[0]));

	/* the rendering parses back to the same model */
	struct sbuf b = {0};
	struct health_params back;
	health_params_render(&b, &p);
	assert_int_equal(parse_model(b.data, &back, msg, sizeof(msg)), 0);
	assert_memory_equal(&back, &p, sizeof(p));
	sbuf_free(&b);

	/* refusals say where and what */
	assert_int_equal(parse_model("{adoptoin: {weight: 3}}", &p, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "c.yaml:1:2"));
	assert_non_null(strstr(msg, "unknown component \"adoptoin\""));
	assert_non_null(strstr(msg, "adoption, core_use"));
	assert_int_equal(parse_model("{nps: {weight: 101}}", &p, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "from 0 to 100"));
	assert_int_equal(parse_model("{nps: {weight: lots}}", &p, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "must be a number"));
	assert_int_equal(parse_model("{nps: {linear: [[0, 0], [0, 100]]}}", &p, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "must increase"));
	assert_int_equal(parse_model("{nps: {linear: [[0, 0], [10, 120]]}}", &p, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "score must be from 0 to 100"));
	assert_int_equal(parse_model("{nps: {linear: [[0, 0]]}}", &p, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "2 to 8 points"));
	assert_int_equal(parse_model("{nps: {linear: [[0, 0], [1, 100]], thresholds: [[0, 1]]}}", &p, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "not both"));
	assert_int_equal(parse_model("{nps: {wieght: 1}}", &p, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "weight, linear and thresholds"));
	assert_int_equal(parse_model("{adoption: {weight: 0}, core_use: {weight: 0}, key_feature: {weight: 0},"
				     " engagement: {weight: 0}, sentiment: {weight: 0}, support: {weight: 0},"
				     " nps: {weight: 0}}", &p, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "every component weighs 0"));
	/* a refused model leaves the value as it was */
	health_params_default(&p);
	struct ynode *v = yaml("{nps: {weight: 999}}");
	struct diag_list d = {0};
	assert_int_equal(health_params_parse(v, "health.model", "c.yaml", &d, &p), -1);
	assert_memory_equal(&p, &def, sizeof(p));
	diag_clear(&d);
	ynode_free(v);
}

static int parse_overrides(const char *text, struct health_overrides *ov, char *msg, size_t size)
{
	struct ynode *v = yaml(text);
	struct diag_list d = {0};
	int rc = health_overrides_parse(v, "health.overrides", "c.yaml", &d, ov);
	msg[0] = '\0';
	if (d.len) {
		char *m = diag_format(&d.items[0]);
		snprintf(msg, size, "%s", m);
		free(m);
	}
	diag_clear(&d);
	ynode_free(v);
	return rc;
}

static void test_overrides(void **state)
{
	struct health_overrides ov = {0};
	struct health_params base, p;
	char msg[512];
	(void)state;
	health_params_default(&base);

	assert_int_equal(parse_overrides(
		"[{segment: SMB, model: {engagement: {weight: 0}}},"
		" {touch_model: tech, model: {support: {weight: 40, linear: [[0, 100], [10, 0]]}}},"
		" {segment: SMB, touch_model: tech, model: {support: {weight: 5}}}]", &ov, msg, sizeof(msg)), 0);
	assert_int_equal(ov.len, 3);

	/* no match: the base model */
	health_params_for(&base, &ov, "Enterprise", "high", &p);
	assert_memory_equal(&p, &base, sizeof(p));
	/* segment only */
	health_params_for(&base, &ov, "SMB", "high", &p);
	assert_true(fabs(p.c[HC_ENGAGEMENT].weight) < EPS);
	assert_true(fabs(p.c[HC_SUPPORT].weight - 10) < EPS);
	/* touch model only: weight and mapping */
	health_params_for(&base, &ov, "Enterprise", "tech", &p);
	assert_true(fabs(p.c[HC_SUPPORT].weight - 40) < EPS);
	assert_true(fabs(health_map_score(&p.c[HC_SUPPORT].map, 5) - 50) < EPS);
	assert_true(fabs(p.c[HC_ENGAGEMENT].weight - 15) < EPS);
	/* both: all three apply, the later weight wins, the earlier mapping stays */
	health_params_for(&base, &ov, "SMB", "tech", &p);
	assert_true(fabs(p.c[HC_ENGAGEMENT].weight) < EPS);
	assert_true(fabs(p.c[HC_SUPPORT].weight - 5) < EPS);
	assert_true(fabs(health_map_score(&p.c[HC_SUPPORT].map, 5) - 50) < EPS);
	/* no segment at all never matches a segment override */
	health_params_for(&base, &ov, NULL, "high", &p);
	assert_memory_equal(&p, &base, sizeof(p));

	/* rendering parses back to the same overrides */
	struct sbuf b = {0}, b2 = {0};
	struct health_overrides back = {0};
	health_overrides_render(&b, &ov);
	assert_int_equal(parse_overrides(b.data, &back, msg, sizeof(msg)), 0);
	health_overrides_render(&b2, &back);
	assert_string_equal(b.data, b2.data);
	sbuf_free(&b);
	sbuf_free(&b2);
	health_overrides_clear(&back);

	/* the fingerprint follows the model */
	char f1[16], f2[16], f3[16];
	health_model_fingerprint(&base, NULL, f1);
	health_model_fingerprint(&base, &ov, f2);
	p = base;
	p.c[HC_NPS].weight = 11;
	health_model_fingerprint(&p, NULL, f3);
	assert_string_not_equal(f1, f2);
	assert_string_not_equal(f1, f3);
	health_model_fingerprint(&base, NULL, f2);
	assert_string_equal(f1, f2);

	/* refusals; a refused list leaves the old one */
	assert_int_equal(parse_overrides("[{model: {nps: {weight: 1}}}]", &ov, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "needs segment, touch_model or both"));
	assert_int_equal(parse_overrides("[{touch_model: medium, model: {}}]", &ov, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "high, low or tech"));
	assert_int_equal(parse_overrides("[{segment: SMB}]", &ov, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "needs model"));
	assert_int_equal(parse_overrides("{segment: SMB}", &ov, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "must be a list"));
	assert_int_equal(ov.len, 3);
	health_overrides_clear(&ov);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_and_weights),
		cmocka_unit_test(test_mappings),
		cmocka_unit_test(test_weighted_mean_skips_missing),
		cmocka_unit_test(test_pulls_down_most),
		cmocka_unit_test(test_map_kinds),
		cmocka_unit_test(test_weights),
		cmocka_unit_test(test_model_config),
		cmocka_unit_test(test_overrides),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
