/* health.h - the health score's model: components, weights and mappings.
 *
 * Each component maps one raw figure, computed as of a day from the metrics
 * feed and the team's notes (healthcalc.c), to a score of 0-100 (100 is
 * healthy) by its mapping:
 *
 *   linear      points [[raw, score], ...] with raw strictly increasing: a
 *               straight line between neighbouring points, flat (clamped)
 *               before the first and after the last;
 *   thresholds  points [[raw, score], ...] with raw strictly increasing: the
 *               score of the last point whose raw is at or below the figure;
 *               below the first point, the first point's score.
 *
 * The overall score is the weighted mean of the components that have data
 * and a weight above 0; a component without data is MISSING (not zero) and
 * left out of the sum. The component that "pulls the score down most" is the
 * present one with the largest weight * (100 - score).
 *
 * The model lives in csconsole.yaml: health.model gives a component's weight
 * and/or mapping (a component left out keeps its default), health.overrides
 * change them for a segment or a touch model. The defaults below are
 * the one place they live; `csconsole health ACCOUNT` explains a score with
 * them, and docs/health.md describes each raw figure.
 *
 *   component    weight  raw figure                                   0 at  100 at
 *   adoption       25    active seats (latest weekly) / licensed seats  0.0   0.8
 *   core_use       20    core_feature_uses in the last 30 days per        0.0   1.0
 *                        active seat (the monthly workflow, once a month
 *                        per active seat is healthy)
 *   key_feature    10    key_feature_uses in the last 90 days / the same  0.0   1.0
 *                        90 days a year earlier (missing without data a
 *                        year ago, or when neither window has uses)
 *   engagement     15    days since the last touch (touchdef.h) / the     3.0   1.0
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
#include <stddef.h>
#include <stdint.h>
#include "csconsole/diag.h"
#include "csconsole/util.h"
#include "csconsole/yamldoc.h"
#include "csconsole/i18n.h"   /* N_() in the tables below */

/* X(id, name, label, weight, zero_at, full_at, what): the default mapping is
 * linear from [zero_at, 0] to [full_at, 100] (in raw order). */
#define HEALTH_COMPONENTS(X) \
	X(ADOPTION,    "adoption",    N_("Adoption"),     25, 0.0,    0.8, N_("active seats / licensed seats")) \
	X(CORE_USE,    "core_use",    N_("Core feature"), 20, 0.0,    1.0, N_("core feature uses in 30 days per active seat")) \
	X(KEY_FEATURE, "key_feature", N_("Key feature"),  10, 0.0,    1.0, N_("key feature uses in 90 days vs the same days a year ago")) \
	X(ENGAGEMENT,  "engagement",  N_("Engagement"),   15, 3.0,    1.0, N_("days since the last touch / cadence")) \
	X(SENTIMENT,   "sentiment",   N_("Sentiment"),    10, 0.0,    1.0, N_("mean sentiment of the last 90 days' notes, 0..1")) \
	X(SUPPORT,     "support",     N_("Support"),      10, 20.0,   0.0, N_("support tickets in 4 weeks per 100 seats")) \
	X(NPS,         "nps",         N_("NPS"),          10, -100.0, 100.0, N_("latest NPS answer (last 365 days)"))

enum health_component {
#define HEALTH_COMPONENT_ENUM(id, name, label, weight, zero_at, full_at, what) HC_##id,
	HEALTH_COMPONENTS(HEALTH_COMPONENT_ENUM)
#undef HEALTH_COMPONENT_ENUM
	HC_COUNT
};

#define HEALTH_MAP_MAX 8            /* points of a mapping */
#define HEALTH_WEIGHT_MAX 100.0

enum health_map_kind { HEALTH_MAP_LINEAR, HEALTH_MAP_THRESHOLDS };

struct health_map {
	enum health_map_kind kind;
	int n;                          /* 2..HEALTH_MAP_MAX points (thresholds: 1..) */
	double raw[HEALTH_MAP_MAX];     /* strictly increasing */
	double score[HEALTH_MAP_MAX];   /* 0-100 */
};

struct health_spec {
	double weight;                  /* 0 (left out) .. HEALTH_WEIGHT_MAX */
	struct health_map map;
};

/* A whole model: one spec per component. */
struct health_params {
	struct health_spec c[HC_COUNT];
};

/* health.overrides: for the accounts of a segment and/or a touch model (both
 * given: both must match), the components named replace their weight and/or
 * mapping. Applied in order, so a later override wins. */
struct health_override {
	char *segment;                  /* NULL: any */
	char *touch_model;              /* NULL: any ("high", "low", "tech") */
	unsigned set_weight, set_map;   /* bits 1u << component */
	struct health_params p;
};
struct health_overrides {
	struct health_override *items;
	size_t len;
};

/* The inputs: per component, whether it has data and its raw figure. */
struct health_input {
	bool has[HC_COUNT];
	double raw[HC_COUNT];
};

struct health_part {
	bool present;            /* false: MISSING (or weight 0), left out of the score */
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
/* Index of a component name, or -1. */
int health_component_find(const char *name);

/* The built-in model (the table above). */
void health_params_default(struct health_params *p);
/* base with the overrides that match this segment and touch model applied. */
void health_params_for(const struct health_params *base, const struct health_overrides *ov,
		       const char *segment, const char *touch_model, struct health_params *out);
/* Maps a raw figure to 0-100 by m. */
double health_map_score(const struct health_map *m, double raw);
/* Scores every component of in under p and combines them. */
void health_compute(const struct health_params *p, const struct health_input *in,
		    struct health_model *out);

/* csconsole.yaml: parsing, rendering (YAML flow text), comparing. The parse
 * functions add file:line:col errors to diags (key names the setting) and
 * return -1 without touching *out on any error. */
int health_params_parse(const struct ynode *v, const char *key, const char *file,
			struct diag_list *diags, struct health_params *out);
void health_params_render(struct sbuf *b, const struct health_params *p);
int health_overrides_parse(const struct ynode *v, const char *key, const char *file,
			   struct diag_list *diags, struct health_overrides *out);
void health_overrides_render(struct sbuf *b, const struct health_overrides *ov);
void health_overrides_clear(struct health_overrides *ov);
/* A fingerprint of a model with its overrides (the CRC-32 of its
 * rendering): which model computed a snapshot; out, when not NULL, gets it
 * as text ("m:1a2b3c4d"). */
uint32_t health_model_fingerprint(const struct health_params *p, const struct health_overrides *ov,
				  char out[16]);

#endif
