/* health.h - the health score's components: a small table-driven model.
 *
 * The vendor's weekly score (the health table) says how an account is; the
 * components say why. Each component maps one raw figure, computed as of
 * today from the metrics feed and the team's notes (detail.c), to a score of
 * 0-100 (100 is healthy) by a straight line between two raw values, clamped:
 * raw == zero_at scores 0, raw == full_at scores 100 (zero_at > full_at for
 * figures where less is better). The overall score is the weighted mean of
 * the components that have data; a component without data is MISSING (not
 * zero) and left out of the sum. The component that "pulls the score down
 * most" is the present one with the largest weight * (100 - score).
 *
 * Built-in defaults (issue 6 will move the model into csconsole.yaml; the
 * table below is the one place they live):
 *
 *   component    weight  raw figure                                   0 at  100 at
 *   adoption       25    active seats (latest weekly) / licensed seats  0.0   0.8
 *   core_use       20    core_feature_uses in the last 30 days per        0.0   1.0
 *                        active seat (the monthly workflow, once a month
 *                        per active seat is healthy)
 *   key_feature    10    key_feature_uses in the last 90 days / the same  0.0   1.0
 *                        90 days a year earlier (missing without data a
 *                        year ago, or when neither window has uses)
 *   engagement     15    days since the last note's touch day / the       3.0   1.0
 *                        touch model's cadence (csconsole.yaml cadence)
 *   sentiment      10    mean sentiment of the notes of the last 90 days  0.0   1.0
 *                        on a 0..1 scale: (mean - 1) / (labels - 1)
 *   support        10    support tickets in the last 4 weeks per 100     20.0   0.0
 *                        licensed seats
 *   nps            10    the latest NPS answer of the last 365 days     -100   100
 */
#ifndef CSCONSOLE_HEALTH_H
#define CSCONSOLE_HEALTH_H

#include <stdbool.h>

/* X(id, name, label, weight, zero_at, full_at, what) */
#define HEALTH_COMPONENTS(X) \
	X(ADOPTION,    "adoption",    "Adoption",     25, 0.0,    0.8, "active seats / licensed seats") \
	X(CORE_USE,    "core_use",    "Core feature", 20, 0.0,    1.0, "core feature uses in 30 days per active seat") \
	X(KEY_FEATURE, "key_feature", "Key feature",  10, 0.0,    1.0, "key feature uses in 90 days vs the same days a year ago") \
	X(ENGAGEMENT,  "engagement",  "Engagement",   15, 3.0,    1.0, "days since the last touch / cadence") \
	X(SENTIMENT,   "sentiment",   "Sentiment",    10, 0.0,    1.0, "mean sentiment of the last 90 days' notes, 0..1") \
	X(SUPPORT,     "support",     "Support",      10, 20.0,   0.0, "support tickets in 4 weeks per 100 seats") \
	X(NPS,         "nps",         "NPS",          10, -100.0, 100.0, "latest NPS answer (last 365 days)")

enum health_component {
#define HEALTH_COMPONENT_ENUM(id, name, label, weight, zero_at, full_at, what) HC_##id,
	HEALTH_COMPONENTS(HEALTH_COMPONENT_ENUM)
#undef HEALTH_COMPONENT_ENUM
	HC_COUNT
};

/* The inputs: per component, whether it has data and its raw figure. */
struct health_input {
	bool has[HC_COUNT];
	double raw[HC_COUNT];
};

struct health_part {
	bool present;            /* false: MISSING, left out of the score */
	double raw;              /* the raw figure (as given) */
	double score;            /* 0-100 */
	double weight;           /* the component's weight */
	double contribution;     /* weight * score / (sum of present weights): its share of the total */
	double loss;             /* weight * (100 - score): what it costs */
};

struct health_model {
	struct health_part part[HC_COUNT];
	bool has_score;          /* at least one component present */
	double score;            /* weighted mean of the present components, 0-100 */
	int pulls_down;          /* enum health_component with the largest loss > 0; -1 if none */
};

const char *health_component_name(enum health_component c);   /* "adoption" */
const char *health_component_label(enum health_component c);  /* "Adoption" */
const char *health_component_help(enum health_component c);
double health_component_weight(enum health_component c);
/* Maps a raw figure to 0-100 on the component's line, clamped. */
double health_component_score(enum health_component c, double raw);
/* Scores every component of in and combines them. */
void health_compute(const struct health_input *in, struct health_model *out);

#endif
