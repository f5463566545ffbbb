/* cmd_health.c - `csconsole health ACCOUNT`: why an account's health is what
 * it is. The vendor's score beside csconsole's computed one, then every
 * component of the model (health.h) with its raw figure, its 0-100 score, its
 * weight and its share of the computed score, and the one that pulls the
 * score down most. A component without data is "missing", never zero. */
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/app.h"
#include "csconsole/book.h"
#include "csconsole/date.h"
#include "csconsole/detail.h"
#include "csconsole/event.h"
#include "csconsole/exitcode.h"
#include "csconsole/text.h"

static const char health_usage[] =
	"usage: csconsole health ACCOUNT [--format text|json]\n"
	"\n"
	"Explains one account's health: the vendor's weekly score (latest, band,\n"
	"4-week change) and csconsole's computed score, then every component with\n"
	"its raw figure, its 0-100 score, its weight and its share of the computed\n"
	"score, and the component that pulls the score down most. A component\n"
	"without data is shown as missing (and why), not as zero. ACCOUNT is a CRM\n"
	"id (ACC-0001) or an exact account name.\n"
	"\n"
	"  --format F   text (default) or json\n";

#define MARKER "<< pulls down most"

/* What a component costs the computed score in points: how much higher the
 * score would be if the component scored 100. */
static double cost_points(const struct health_model *m, int c)
{
	double wsum = 0;
	for (int i = 0; i < HC_COUNT; i++)
		if (m->part[i].present)
			wsum += m->part[i].weight;
	return wsum > 0 ? m->part[c].loss / wsum : 0;
}

/* A raw figure: whole numbers without decimals (NPS -40), else two. */
static void format_raw(double raw, char *out, size_t size)
{
	if (fabs(raw - round(raw)) < 1e-9)
		str_format(out, size, "%.0f", raw);
	else
		str_format(out, size, "%.2f", raw);
}

static const char *cname(int c)
{
	return health_component_name((enum health_component)c);
}

/* ---- text ---------------------------------------------------------------- */

static void print_vendor(const struct app *app, const struct account_detail *d)
{
	char day[64];

	if (!d->has_health) {
		printf("%-16s- (no health snapshots in the feed)\n", "vendor score");
		return;
	}
	day_format_or_dash(d->health_day, app->cfg.date_format, day, sizeof(day));
	printf("%-16s%ld (%s) on %s", "vendor score", health_round(d->health_score), d->band, day);
	if (d->has_delta)
		printf(", 4 weeks %+ld", health_round(d->delta4w));
	putchar('\n');
}

static void print_computed(const struct app *app, const struct account_detail *d)
{
	const struct health_model *m = &d->model;
	int n = 0;
	double w = 0, total = 0;

	for (int c = 0; c < HC_COUNT; c++) {
		total += m->part[c].weight;
		if (m->part[c].present) {
			n++;
			w += m->part[c].weight;
		}
	}
	if (!m->has_score) {
		printf("%-16s- (no component has data)\n", "computed score");
		return;
	}
	printf("%-16s%ld (%s) from %d of %d components (weight %.0f of %.0f)\n", "computed score",
	       health_round(m->score), health_band(&app->cfg, m->score), n, HC_COUNT, w, total);
}

static void print_components(const struct account_detail *d)
{
	const struct health_model *m = &d->model;
	int wname = text_width("component"), wraw = text_width("raw"), wfig = text_width("figures");
	char raw[HC_COUNT][32], buf[512];

	for (int c = 0; c < HC_COUNT; c++) {
		if (m->part[c].present)
			format_raw(m->part[c].raw, raw[c], sizeof(raw[c]));
		else
			str_copy(raw[c], sizeof(raw[c]), "-");
		if (text_width(cname(c)) > wname)
			wname = text_width(cname(c));
		if (text_width(raw[c]) > wraw)
			wraw = text_width(raw[c]);
		if (text_width(d->component_text[c].text) > wfig)
			wfig = text_width(d->component_text[c].text);
	}

	text_fit("component", wname, true, buf, sizeof(buf));
	printf("  %s  %*s  ", buf, wraw, "raw");
	text_fit("figures", wfig, true, buf, sizeof(buf));
	printf("%s  %7s  %6s  %5s\n", buf, "score", "weight", "share");
	for (int c = 0; c < HC_COUNT; c++) {
		const struct health_part *p = &m->part[c];
		char score[16], share[16];

		if (p->present) {
			str_format(score, sizeof(score), "%.0f", p->score);
			str_format(share, sizeof(share), "%.1f", p->contribution);
		} else {
			str_copy(score, sizeof(score), "missing");
			str_copy(share, sizeof(share), "-");
		}
		text_fit(cname(c), wname, true, buf, sizeof(buf));
		printf("  %s  %*s  ", buf, wraw, raw[c]);
		text_fit(d->component_text[c].text, wfig, true, buf, sizeof(buf));
		printf("%s  %7s  %6.0f  %5s%s\n", buf, score, p->weight, share,
		       c == m->pulls_down ? "  " MARKER : "");
	}
}

static void print_pulls_down(const struct account_detail *d)
{
	const struct health_model *m = &d->model;

	if (!m->has_score)
		return;
	if (m->pulls_down < 0) {
		puts("pulls down most: none (every component with data scores 100)");
		return;
	}
	int c = m->pulls_down;
	printf("pulls down most: %s (%s: scores %.0f of 100 at weight %.0f, costs %.1f points)\n",
	       cname(c), d->component_text[c].text, m->part[c].score, m->part[c].weight,
	       cost_points(m, c));
}

static void print_text(const struct app *app, const struct account_detail *d)
{
	printf("%s  (%s)\n", d->name, d->crm_id);
	print_vendor(app, d);
	print_computed(app, d);
	print_components(d);
	print_pulls_down(d);
}

/* ---- json ---------------------------------------------------------------- */

static void add(json_object *o, const char *k, json_object *v)
{
	json_object_object_add(o, k, v);
}

static void print_json(const struct app *app, const struct account_detail *d)
{
	const struct health_model *m = &d->model;
	json_object *o = json_object_new_object(), *v = json_object_new_object();
	json_object *cm = json_object_new_object(), *cs = json_object_new_array();

	add(o, "today", json_day_or_null(app->today));
	add(o, "id", json_object_new_string(d->crm_id));
	add(o, "name", json_object_new_string(d->name));

	add(v, "score", d->has_health ? json_object_new_double(d->health_score) : NULL);
	add(v, "date", d->has_health ? json_day_or_null(d->health_day) : NULL);
	add(v, "band", json_string_or_null(d->band));
	add(v, "delta_4w", d->has_delta ? json_object_new_double(d->delta4w) : NULL);
	add(o, "vendor", v);

	add(cm, "score", m->has_score ? json_object_new_double(m->score) : NULL);
	add(cm, "band", m->has_score ? json_object_new_string(health_band(&app->cfg, m->score)) : NULL);
	add(o, "computed", cm);

	for (int c = 0; c < HC_COUNT; c++) {
		const struct health_part *p = &m->part[c];
		json_object *j = json_object_new_object();
		add(j, "name", json_object_new_string(cname(c)));
		add(j, "label", json_object_new_string(health_component_label((enum health_component)c)));
		add(j, "raw_means", json_object_new_string(health_component_help((enum health_component)c)));
		add(j, "present", json_object_new_boolean(p->present));
		add(j, "raw", p->present ? json_object_new_double(p->raw) : NULL);
		add(j, "figures", json_object_new_string(p->present ? d->component_text[c].text : ""));
		add(j, "missing_reason", p->present ? NULL : json_object_new_string(d->component_text[c].text));
		add(j, "score", p->present ? json_object_new_double(p->score) : NULL);
		add(j, "weight", json_object_new_double(p->weight));
		add(j, "contribution", p->present ? json_object_new_double(p->contribution) : NULL);
		add(j, "cost", p->present ? json_object_new_double(cost_points(m, c)) : NULL);
		add(j, "pulls_down_most", json_object_new_boolean(c == m->pulls_down));
		json_object_array_add(cs, j);
	}
	add(o, "components", cs);
	add(o, "pulls_down", m->pulls_down >= 0 ? json_object_new_string(cname(m->pulls_down)) : NULL);
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

/* ---- the command --------------------------------------------------------- */

int cmd_health(struct app *app, int argc, char **argv)
{
	struct account_detail d;
	const char *account;
	bool json;
	int rc = app_account_args("health", health_usage, argc, argv, &json, &account);

	if (!account)
		return rc;
	if ((rc = app_load_account(app, "health", account, &d)) != CS_EXIT_OK)
		return rc;
	if (json)
		print_json(app, &d);
	else
		print_text(app, &d);
	detail_free(&d);
	return CS_EXIT_OK;
}
