/* health.c - the health components model (see health.h for the defaults). */
#include <math.h>
#include <string.h>
#include "csconsole/health.h"

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

double health_component_weight(enum health_component c)
{
	return components[c].weight;
}

double health_component_score(enum health_component c, double raw)
{
	double z = components[c].zero_at, f = components[c].full_at;
	double t = (raw - z) / (f - z);

	if (isnan(t))       /* no meaningful figure */
		t = 0;
	if (t < 0)
		t = 0;
	if (t > 1)
		t = 1;
	return t * 100.0;
}

void health_compute(const struct health_input *in, struct health_model *out)
{
	double wsum = 0, total = 0, worst = 0;

	memset(out, 0, sizeof(*out));
	out->pulls_down = -1;
	for (int c = 0; c < HC_COUNT; c++) {
		struct health_part *p = &out->part[c];
		p->weight = components[c].weight;
		if (!in->has[c])
			continue;
		p->present = true;
		p->raw = in->raw[c];
		p->score = health_component_score((enum health_component)c, p->raw);
		p->loss = p->weight * (100.0 - p->score);
		wsum += p->weight;
		total += p->weight * p->score;
		/* strictly larger: ties go to the first in the table */
		if (p->loss > worst) {
			worst = p->loss;
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
