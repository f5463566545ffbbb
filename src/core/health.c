/* health.c - the health model: mappings, weights, overrides (see health.h). */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "csconsole/health.h"
#include "csconsole/i18n.h"

static const struct {
	const char *name, *label, *help;
	double weight, zero_at, full_at;
} components[HC_COUNT] = {
#define HEALTH_COMPONENT_INIT(id, nm, lb, w, z, f, what) \
	[HC_##id] = { .name = nm, .label = lb, .help = what, .weight = w, .zero_at = z, .full_at = f },
	HEALTH_COMPONENTS(HEALTH_COMPONENT_INIT)
#undef HEALTH_COMPONENT_INIT
};

const char *health_component_name(enum health_component c)
{
	return components[c].name;
}

const char *health_component_label(enum health_component c)
{
	return components[c].label;
}

const char *health_component_help(enum health_component c)
{
	return components[c].help;
}

int health_component_find(const char *name)
{
	for (int c = 0; c < HC_COUNT; c++)
		if (strcmp(components[c].name, name) == 0)
			return c;
	return -1;
}

void health_params_default(struct health_params *p)
{
	memset(p, 0, sizeof(*p));
	for (int c = 0; c < HC_COUNT; c++) {
		struct health_spec *s = &p->c[c];
		bool rising = components[c].full_at > components[c].zero_at;
		s->weight = components[c].weight;
		s->map.kind = HEALTH_MAP_LINEAR;
		s->map.n = 2;
		s->map.raw[0] = rising ? components[c].zero_at : components[c].full_at;
		s->map.score[0] = rising ? 0 : 100;
		s->map.raw[1] = rising ? components[c].full_at : components[c].zero_at;
		s->map.score[1] = rising ? 100 : 0;
	}
}

static bool override_matches(const struct health_override *o, const char *segment, const char *touch_model)
{
	return (!o->segment || str_eq(o->segment, segment ? segment : "")) &&
	       (!o->touch_model || str_eq(o->touch_model, touch_model ? touch_model : ""));
}

void health_params_for(const struct health_params *base, const struct health_overrides *ov,
		       const char *segment, const char *touch_model, struct health_params *out)
{
	*out = *base;
	for (size_t i = 0; ov && i < ov->len; i++) {
		const struct health_override *o = &ov->items[i];
		if (!override_matches(o, segment, touch_model))
			continue;
		for (int c = 0; c < HC_COUNT; c++) {
			if (o->set_weight & (1u << c))
				out->c[c].weight = o->p.c[c].weight;
			if (o->set_map & (1u << c))
				out->c[c].map = o->p.c[c].map;
		}
	}
}

double health_map_score(const struct health_map *m, double raw)
{
	int n = m->n;

	if (n <= 0 || isnan(raw))
		return 0;
	if (raw <= m->raw[0])
		return m->score[0];
	if (raw >= m->raw[n - 1])
		return m->score[n - 1];
	for (int i = 1; i < n; i++) {
		if (raw < m->raw[i]) {
			if (m->kind == HEALTH_MAP_THRESHOLDS)
				return m->score[i - 1];
			double t = (raw - m->raw[i - 1]) / (m->raw[i] - m->raw[i - 1]);
			return m->score[i - 1] + t * (m->score[i] - m->score[i - 1]);
		}
	}
	return m->score[n - 1];
}

void health_compute(const struct health_params *p, const struct health_input *in,
		    struct health_model *out)
{
	double wsum = 0, total = 0, worst = 0;

	memset(out, 0, sizeof(*out));
	out->pulls_down = -1;
	for (int c = 0; c < HC_COUNT; c++) {
		struct health_part *part = &out->part[c];
		part->weight = p->c[c].weight;
		part->raw = in->raw[c];
		if (!in->has[c] || part->weight <= 0)
			continue;
		part->present = true;
		part->score = health_map_score(&p->c[c].map, part->raw);
		part->loss = part->weight * (100.0 - part->score);
		wsum += part->weight;
		total += part->weight * part->score;
		/* strictly larger: ties go to the first in the table */
		if (part->loss > worst) {
			worst = part->loss;
			out->pulls_down = c;
		}
	}
	if (wsum <= 0)
		return;
	out->has_score = true;
	out->score = total / wsum;
	for (int c = 0; c < HC_COUNT; c++)
		if (out->part[c].present)
			out->part[c].contribution = out->part[c].weight * out->part[c].score / wsum;
}

/* ---- csconsole.yaml ---------------------------------------------------------------- */

struct pctx {
	const char *key, *file;
	struct diag_list *diags;
};

static int bad(struct pctx *x, const struct ynode *at, const char *fmt, ...) PRINTF_LIKE(3, 4);
static int bad(struct pctx *x, const struct ynode *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(x->diags, DIAG_ERROR, x->file ? x->file : "built-in default",
		  at ? at->line : 0, at ? at->col : 0, fmt, ap);
	va_end(ap);
	return -1;
}

static char *component_names(void)
{
	struct sbuf b = {0};
	for (int c = 0; c < HC_COUNT; c++) {
		if (c)
			sbuf_adds(&b, c + 1 == HC_COUNT ? _(" or ") : _(", "));
		sbuf_adds(&b, components[c].name);
	}
	return b.data;
}

static int number(struct pctx *x, const struct ynode *v, const char *what, double lo, double hi, double *out)
{
	char *end;
	double d;
	if (v->type != YNODE_SCALAR || !v->plain || !*v->scalar)
		return bad(x, v, _("%s: %s must be a number, not %s"), x->key, what,
			   v->type == YNODE_SCALAR ? _("text") : ynode_kind(v));
	d = strtod(v->scalar, &end);
	if (*end || !isfinite(d))
		return bad(x, v, _("%s: %s must be a number, not \"%s\""), x->key, what, v->scalar);
	if (d < lo || d > hi)
		return bad(x, v, _("%s: %s must be from %g to %g, not %s"), x->key, what, lo, hi, v->scalar);
	*out = d;
	return 0;
}

/* [[raw, score], ...] */
static int parse_points(struct pctx *x, const struct ynode *v, const char *comp, enum health_map_kind kind,
			struct health_map *m)
{
	const char *kname = kind == HEALTH_MAP_LINEAR ? "linear" : "thresholds";
	int least = kind == HEALTH_MAP_LINEAR ? 2 : 1;
	char what[96];

	if (v->type != YNODE_SEQ || (int)v->len < least || v->len > HEALTH_MAP_MAX)
		return bad(x, v, _("%s: %s.%s must be a list of %d to %d points [raw, score], e.g. "
			   "[[0, 0], [0.8, 100]]"), x->key, comp, kname, least, HEALTH_MAP_MAX);
	m->kind = kind;
	m->n = (int)v->len;
	for (size_t i = 0; i < v->len; i++) {
		const struct ynode *pt = v->items[i];
		if (pt->type != YNODE_SEQ || pt->len != 2)
			return bad(x, pt, _("%s: %s.%s point %zu must be [raw, score], e.g. [0.8, 100]"),
				   x->key, comp, kname, i + 1);
		snprintf(what, sizeof(what), _("%s.%s point %zu's raw value"), comp, kname, i + 1);
		if (number(x, pt->items[0], what, -1e9, 1e9, &m->raw[i]))
			return -1;
		snprintf(what, sizeof(what), _("%s.%s point %zu's score"), comp, kname, i + 1);
		if (number(x, pt->items[1], what, 0, 100, &m->score[i]))
			return -1;
		if (i > 0 && !(m->raw[i] > m->raw[i - 1]))
			return bad(x, pt->items[0], _("%s: %s.%s: the raw values must increase from point to "
				   "point (%g after %g)"), x->key, comp, kname, m->raw[i], m->raw[i - 1]);
	}
	return 0;
}

/* One component's {weight: W, linear: [...] | thresholds: [...]}; *set_w, *set_m say what it gave. */
static int parse_spec(struct pctx *x, const struct ynode *v, int c, struct health_spec *s,
		      bool *set_w, bool *set_m)
{
	const char *comp = components[c].name;
	*set_w = *set_m = false;
	if (v->type != YNODE_MAP)
		return bad(x, v, _("%s: %s must be a mapping such as {weight: 25, linear: [[0, 0], [0.8, 100]]}, "
			   "not %s"), x->key, comp, ynode_kind(v));
	for (size_t i = 0; i + 1 < v->len; i += 2) {
		const struct ynode *k = v->items[i], *val = v->items[i + 1];
		const char *name = ynode_str(k);
		char what[64];
		if (name && strcmp(name, "weight") == 0) {
			snprintf(what, sizeof(what), "%s.weight", comp);
			if (number(x, val, what, 0, HEALTH_WEIGHT_MAX, &s->weight))
				return -1;
			*set_w = true;
		} else if (name && (strcmp(name, "linear") == 0 || strcmp(name, "thresholds") == 0)) {
			if (*set_m)
				return bad(x, k, _("%s: %s has two mappings: give linear or thresholds, not both"),
					   x->key, comp);
			if (parse_points(x, val, comp, name[0] == 'l' ? HEALTH_MAP_LINEAR : HEALTH_MAP_THRESHOLDS,
					 &s->map))
				return -1;
			*set_m = true;
		} else {
			return bad(x, k, _("%s: %s has no setting \"%s\": the settings are weight, linear and thresholds"),
				   x->key, comp, name ? name : "?");
		}
	}
	return 0;
}

/* A mapping of component -> spec over *p; bits of what was given. */
static int parse_model_map(struct pctx *x, const struct ynode *v, struct health_params *p,
			   unsigned *set_w, unsigned *set_m)
{
	*set_w = *set_m = 0;
	if (ynode_is_null(v))
		return 0;
	if (v->type != YNODE_MAP) {
		char *names = component_names();
		bad(x, v, _("%s must be a mapping of components (%s) to their settings, not %s"),
		    x->key, names, ynode_kind(v));
		free(names);
		return -1;
	}
	for (size_t i = 0; i + 1 < v->len; i += 2) {
		const char *name = ynode_str(v->items[i]);
		int c = name ? health_component_find(name) : -1;
		bool w, m;
		if (c < 0) {
			char *names = component_names();
			bad(x, v->items[i], _("%s: unknown component \"%s\": the components are %s"),
			    x->key, name ? name : "?", names);
			free(names);
			return -1;
		}
		if (parse_spec(x, v->items[i + 1], c, &p->c[c], &w, &m))
			return -1;
		*set_w |= w ? 1u << c : 0;
		*set_m |= m ? 1u << c : 0;
	}
	return 0;
}

int health_params_parse(const struct ynode *v, const char *key, const char *file,
			struct diag_list *diags, struct health_params *out)
{
	struct pctx x = { .key = key, .file = file, .diags = diags };
	struct health_params p = *out;
	unsigned w, m;
	double total = 0;

	if (parse_model_map(&x, v, &p, &w, &m))
		return -1;
	for (int c = 0; c < HC_COUNT; c++)
		total += p.c[c].weight;
	if (total <= 0)
		return bad(&x, v, _("%s: every component weighs 0, so there would be no score: "
			   "give at least one a weight above 0"), key);
	*out = p;
	return 0;
}

void health_overrides_clear(struct health_overrides *ov)
{
	for (size_t i = 0; i < ov->len; i++) {
		free(ov->items[i].segment);
		free(ov->items[i].touch_model);
	}
	free(ov->items);
	memset(ov, 0, sizeof(*ov));
}

static int parse_override(struct pctx *x, const struct ynode *v, struct health_override *o)
{
	static const char *const touch_names[] = { "high", "low", "tech" };
	const struct ynode *model = NULL;

	memset(o, 0, sizeof(*o));
	if (v->type != YNODE_MAP)
		return bad(x, v, _("%s: each override must be a mapping such as {segment: SMB, "
			   "model: {engagement: {weight: 0}}}, not %s"), x->key, ynode_kind(v));
	for (size_t i = 0; i + 1 < v->len; i += 2) {
		const char *name = ynode_str(v->items[i]);
		const struct ynode *val = v->items[i + 1];
		if (name && (strcmp(name, "segment") == 0 || strcmp(name, "touch_model") == 0)) {
			const char *s = ynode_str(val);
			if (!s || !*s)
				return bad(x, val, _("%s: %s must be a name, not %s"), x->key, name,
					   s ? "empty" : ynode_kind(val));
			if (name[0] == 's') {
				o->segment = xstrdup(s);
			} else {
				bool ok = false;
				for (size_t t = 0; t < ARRAY_SIZE(touch_names); t++)
					ok = ok || strcmp(s, touch_names[t]) == 0;
				if (!ok)
					return bad(x, val, _("%s: touch_model must be high, low or tech, not \"%s\""),
						   x->key, s);
				o->touch_model = xstrdup(s);
			}
		} else if (name && strcmp(name, "model") == 0) {
			model = val;
		} else {
			return bad(x, v->items[i], _("%s: an override has no setting \"%s\": the settings are "
				   "segment, touch_model and model"), x->key, name ? name : "?");
		}
	}
	if (!o->segment && !o->touch_model)
		return bad(x, v, _("%s: an override needs segment, touch_model or both, to say which "
			   "accounts it is for"), x->key);
	if (!model)
		return bad(x, v, _("%s: an override needs model: the components it changes"), x->key);
	health_params_default(&o->p);
	return parse_model_map(x, model, &o->p, &o->set_weight, &o->set_map);
}

int health_overrides_parse(const struct ynode *v, const char *key, const char *file,
			   struct diag_list *diags, struct health_overrides *out)
{
	struct pctx x = { .key = key, .file = file, .diags = diags };
	struct health_overrides ov = {0};

	if (!ynode_is_null(v) && v->type != YNODE_SEQ)
		return bad(&x, v, _("%s must be a list of overrides, not %s"), key, ynode_kind(v));
	if (!ynode_is_null(v) && v->len) {
		ov.items = xcalloc(v->len, sizeof(*ov.items));
		for (size_t i = 0; i < v->len; i++) {
			ov.len = i + 1;
			if (parse_override(&x, v->items[i], &ov.items[i])) {
				health_overrides_clear(&ov);
				return -1;
			}
		}
	}
	health_overrides_clear(out);
	*out = ov;
	return 0;
}

static void render_spec(struct sbuf *b, const struct health_spec *s, bool w, bool m)
{
	sbuf_addc(b, '{');
	if (w)
		sbuf_addf(b, "weight: %g", s->weight);
	if (m) {
		sbuf_addf(b, "%s%s: [", w ? ", " : "", s->map.kind == HEALTH_MAP_LINEAR ? "linear" : "thresholds");
		for (int i = 0; i < s->map.n; i++)
			sbuf_addf(b, "%s[%g, %g]", i ? ", " : "", s->map.raw[i], s->map.score[i]);
		sbuf_addc(b, ']');
	}
	sbuf_addc(b, '}');
}

static void render_map(struct sbuf *b, const struct health_params *p, unsigned set_w, unsigned set_m)
{
	bool first = true;
	sbuf_addc(b, '{');
	for (int c = 0; c < HC_COUNT; c++) {
		bool w = set_w & (1u << c), m = set_m & (1u << c);
		if (!w && !m)
			continue;
		sbuf_addf(b, "%s%s: ", first ? "" : ", ", components[c].name);
		render_spec(b, &p->c[c], w, m);
		first = false;
	}
	sbuf_addc(b, '}');
}

void health_params_render(struct sbuf *b, const struct health_params *p)
{
	render_map(b, p, (1u << HC_COUNT) - 1, (1u << HC_COUNT) - 1);
}

void health_overrides_render(struct sbuf *b, const struct health_overrides *ov)
{
	sbuf_addc(b, '[');
	for (size_t i = 0; i < ov->len; i++) {
		const struct health_override *o = &ov->items[i];
		sbuf_adds(b, i ? ", {" : "{");
		if (o->segment) {
			sbuf_adds(b, "segment: \"");
			for (const char *q = o->segment; *q; q++) {
				if (*q == '"' || *q == '\\')
					sbuf_addc(b, '\\');
				sbuf_addc(b, *q);
			}
			sbuf_adds(b, "\", ");
		}
		if (o->touch_model)
			sbuf_addf(b, "touch_model: %s, ", o->touch_model);
		sbuf_adds(b, "model: ");
		render_map(b, &o->p, o->set_weight, o->set_map);
		sbuf_addc(b, '}');
	}
	sbuf_addc(b, ']');
}

uint32_t health_model_fingerprint(const struct health_params *p, const struct health_overrides *ov,
				  char out[16])
{
	struct sbuf b = {0};
	health_params_render(&b, p);
	if (ov)
		health_overrides_render(&b, ov);
	uint32_t crc = (uint32_t)crc32(0L, (const Bytef *)b.data, (uInt)b.len);
	if (out)
		snprintf(out, 16, "m:%08lx", (unsigned long)crc);
	free(b.data);
	return crc;
}
