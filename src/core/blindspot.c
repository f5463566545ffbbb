/* blindspot.c - hidden risks and quiet-but-loyal accounts (see blindspot.h
 * for the rule). Everything is judged from what detail_load already loaded:
 * no query of its own. */
#include <stdlib.h>
#include <string.h>
#include "csconsole/blindspot.h"
#include "csconsole/date.h"
#include "csconsole/display.h"
#include "csconsole/i18n.h"
#include "csconsole/util.h"

static const char *const cause_names[BSC_COUNT] = {
#define BLINDSPOT_CAUSE_NAME(id, nm) [BSC_##id] = nm,
	BLINDSPOT_CAUSES(BLINDSPOT_CAUSE_NAME)
#undef BLINDSPOT_CAUSE_NAME
};

const char *blindspot_cause_name(enum blindspot_cause c)
{
	return cause_names[c];
}

const char *blindspot_flag_name(enum blindspot_flag f)
{
	switch (f) {
	case BLINDSPOT_NONE:        return "";
	case BLINDSPOT_HIDDEN_RISK: return "hidden risk";
	case BLINDSPOT_QUIET_LOYAL: return "quiet but loyal";
	}
	return "";
}

/* ---- The usage measure ------------------------------------------------------ */

static const enum health_component usage_components[] = { HC_ADOPTION, HC_CORE_USE };

bool blindspot_possible(const struct config *cfg, const struct health_model *m)
{
	bool has = false;
	double usage = 0;
	for (size_t i = 0; i < ARRAY_SIZE(usage_components); i++) {
		const struct health_part *p = &m->part[usage_components[i]];
		if (p->present && (!has || p->score < usage)) {
			usage = p->score;
			has = true;
		}
	}
	return !has || usage >= cfg->blind_usage_healthy || usage < cfg->blind_usage_low;
}

/* The weaker present usage component, described into why. */
static void measure_usage(const struct account_detail *d, const struct config *cfg, struct blindspot *out,
			  struct sbuf *why)
{
	const enum health_component *usage = usage_components;
	double healthy = cfg->blind_usage_healthy, low = cfg->blind_usage_low;

	for (size_t i = 0; i < ARRAY_SIZE(usage_components); i++) {
		const struct health_part *p = &d->model.part[usage[i]];
		if (!p->present)
			continue;
		if (!out->has_usage || p->score < out->usage)
			out->usage = p->score;
		out->has_usage = true;
		if (!why)
			continue;
		/* English names the component by its id, as the stored reason always has */
		sbuf_addf(why, "%s%s %.0f: %s", sbuf_str(why)[0] ? _(", ") : "",
			  i18n_lang() == UI_EN ? health_component_name(usage[i])
			  : _(health_component_label(usage[i])), p->score, d->component_text[usage[i]].text);
	}
	if (out->has_usage) {
		out->usage_level = out->usage >= healthy ? BS_USAGE_HEALTHY
				 : out->usage < low ? BS_USAGE_LOW : BS_USAGE_MIDDLE;
		return;
	}
	/* No usage component: the vendor's band stands in. */
	if (d->has_health && str_eq(d->band, "green"))
		out->usage_level = BS_USAGE_HEALTHY;
	else if (d->has_health && str_eq(d->band, "red"))
		out->usage_level = BS_USAGE_LOW;
	else
		return;
	if (why)
		sbuf_addf(why, _("no usage data, health %.0f (%s)"), d->health_score, health_band_label(d->band));
}

/* ---- Recent sentiment ---------------------------------------------------------- */

struct sentiment {
	size_t n;                  /* notes with a sentiment in the window */
	double mean, middle;
	const struct detail_note *last;   /* the newest of them */
};

static void recent_sentiment(const struct account_detail *d, const struct config *cfg, int today,
			     struct sentiment *s)
{
	size_t labels = cfg->sentiment_labels.len;
	int from = today - cfg->blind_sentiment_days;
	double total = 0;

	memset(s, 0, sizeof(*s));
	if (labels < 2)
		return;
	s->middle = (double)(labels + 1) / 2.0;
	/* notes are newest first, so the first one counted is the last written */
	for (size_t i = 0; i < d->n_notes; i++) {
		const struct detail_note *no = &d->notes[i];
		if (no->sentiment < 1 || no->touch_day < from || no->touch_day > today)
			continue;
		if (!s->last || no->touch_day > s->last->touch_day)
			s->last = no;
		total += no->sentiment;
		s->n++;
	}
	if (s->n)
		s->mean = total / (double)s->n;
}

static void describe_note(const struct detail_note *no, const struct config *cfg, struct sbuf *b)
{
	char iso[64];
	day_format(no->touch_day, "auto", iso, sizeof(iso));   /* ISO in English */
	if (no->sentiment_label && *no->sentiment_label)
		sbuf_addf(b, _("%d of %zu (%s) on %s"), no->sentiment, cfg->sentiment_labels.len,
			  sentiment_label(cfg, no->sentiment), iso);
	else
		sbuf_addf(b, _("%d of %zu on %s"), no->sentiment, cfg->sentiment_labels.len, iso);
}

/* ---- The judge ------------------------------------------------------------------- */

static bool sev_is(const struct detail_risk *r, const char *sev)
{
	return str_eq(r->severity, sev);
}

static void judge_hidden(const struct account_detail *d, const struct config *cfg,
			 const struct sentiment *s, struct blindspot *out, struct sbuf *why)
{
	struct sbuf c = {0}, *cp = why ? &c : NULL;   /* no why: decide, word nothing */
	size_t labels = cfg->sentiment_labels.len;

	if (str_eq(d->champion_status, "left")) {
		out->causes |= 1u << BSC_CHAMPION_LEFT;
		if (cp && d->champion && *d->champion)
			sbuf_addf(cp, _("; champion left (%s)"), d->champion);
		else if (cp)
			sbuf_adds(cp, _("; champion left"));
	}
	if (d->champion_change.open) {
		out->causes |= 1u << BSC_CHAMPION_CHANGED;
		if (cp) {
			char iso[64];
			day_format(d->champion_change.day, "auto", iso, sizeof(iso));   /* ISO in English */
			sbuf_addf(cp, _("; champion changed (%s \u2192 %s on %s), no note since"),
				  d->champion_change.old_name, champion_name_shown(d->champion_change.new_name), iso);
		}
	}
	if (s->last && s->last->sentiment < s->middle) {
		out->causes |= 1u << BSC_LAST_NOTE_NEGATIVE;
		if (cp) {
			sbuf_adds(cp, _("; last note's sentiment "));
			describe_note(s->last, cfg, cp);
		}
	}
	if (s->n && s->mean < s->middle) {
		out->causes |= 1u << BSC_MEAN_NEGATIVE;
		if (cp)
			sbuf_addf(cp, P_("; mean sentiment %.1f of %zu over %zu note in %d days",
				  "; mean sentiment %.1f of %zu over %zu notes in %d days", s->n), s->mean,
				  labels, s->n, cfg->blind_sentiment_days);
	}
	for (size_t i = 0; i < d->n_risks; i++) {
		const struct detail_risk *r = &d->risks[i];
		if (!r->open)
			continue;
		if (sev_is(r, "high")) {
			out->causes |= 1u << BSC_HIGH_RISK;
			if (cp)
				sbuf_addf(cp, _("; open high risk %s"), risk_category_label(cfg, r->category));
		}
		if (str_eq(r->category, BLINDSPOT_ROI_CATEGORY)) {
			out->causes |= 1u << BSC_ROI_UNPROVEN;
			if (cp)
				sbuf_addf(cp, _("; ROI not shown (open risk %s, %s)"),
					  risk_category_label(cfg, r->category), severity_label(r->severity));
		}
	}
	if (out->causes) {
		out->flag = BLINDSPOT_HIDDEN_RISK;
		if (why)
			sbuf_adds(why, sbuf_str(&c) + 2);
	}
	sbuf_free(&c);
}

static void judge_quiet(const struct account_detail *d, const struct config *cfg,
			const struct sentiment *s, struct blindspot *out, struct sbuf *why)
{
	const struct health_part *nps = &d->model.part[HC_NPS];

	if (!s->n || !(s->mean > s->middle) || s->last->sentiment < s->middle)
		return;
	for (size_t i = 0; i < d->n_risks; i++)
		if (d->risks[i].open && (sev_is(&d->risks[i], "medium") || sev_is(&d->risks[i], "high")))
			return;
	if (str_eq(d->champion_status, "left"))
		return;
	if (nps->present && nps->raw < cfg->blind_loyal_nps_min)
		return;
	out->flag = BLINDSPOT_QUIET_LOYAL;
	if (!why)
		return;
	sbuf_addf(why, P_("the relationship is strong: mean sentiment %.1f of %zu over %zu note in %d days, last ",
		  "the relationship is strong: mean sentiment %.1f of %zu over %zu notes in %d days, last ", s->n),
		  s->mean, cfg->sentiment_labels.len, s->n, cfg->blind_sentiment_days);
	describe_note(s->last, cfg, why);
	sbuf_addf(why, _("; no open medium or high risk; champion %s"),
		  d->champion_status[0] ? d->champion_status : _("unknown"));
	if (nps->present)
		sbuf_addf(why, "; NPS %+.0f", nps->raw);
}

/* The judgement, worded into out->reason when word, else decided alone
 * (flag, causes, usage: the wording decides nothing; reason left NULL). */
static void judge(const struct account_detail *d, const struct config *cfg, int today,
		  struct blindspot *out, bool word)
{
	struct sbuf usage = {0}, why = {0};
	struct sentiment s;

	memset(out, 0, sizeof(*out));
	str_copy(out->crm_id, sizeof(out->crm_id), d->crm_id);
	measure_usage(d, cfg, out, word ? &usage : NULL);
	recent_sentiment(d, cfg, today, &s);
	if (!word) {
		if (out->usage_level == BS_USAGE_HEALTHY)
			judge_hidden(d, cfg, &s, out, NULL);
		else if (out->usage_level == BS_USAGE_LOW)
			judge_quiet(d, cfg, &s, out, NULL);
		return;
	}
	/* the causes first (what a truncated line must still say), then the usage */
	if (out->usage_level == BS_USAGE_HEALTHY || out->usage_level == BS_USAGE_LOW) {
		bool healthy = out->usage_level == BS_USAGE_HEALTHY;
		if (healthy)
			judge_hidden(d, cfg, &s, out, &why);
		else
			judge_quiet(d, cfg, &s, out, &why);
		if (out->has_usage && healthy)
			sbuf_addf(&why, _("; while usage is healthy: %.0f >= %.0f (%s)"), out->usage,
				  (double)cfg->blind_usage_healthy, sbuf_str(&usage));
		else if (out->has_usage)
			sbuf_addf(&why, _("; while usage is low: %.0f < %.0f (%s)"), out->usage,
				  (double)cfg->blind_usage_low, sbuf_str(&usage));
		else
			sbuf_addf(&why, healthy ? _("; while usage is healthy: %s") : _("; while usage is low: %s"),
				  sbuf_str(&usage));
	}
	out->reason = xstrdup(out->flag == BLINDSPOT_NONE ? "" : sbuf_str(&why));
	sbuf_free(&usage);
	sbuf_free(&why);
}

void blindspot_judge(const struct account_detail *d, const struct config *cfg, int today,
		     struct blindspot *out)
{
	judge(d, cfg, today, out, true);
}

void blindspot_decide(const struct account_detail *d, const struct config *cfg, int today,
		      struct blindspot *out)
{
	judge(d, cfg, today, out, false);
}

void blindspot_free(struct blindspot *b)
{
	free(b->reason);
	b->reason = NULL;
}

int blindspot_eval(struct store *st, const struct config *cfg, const char *crm_id, int today,
		   struct blindspot *out)
{
	struct account_detail d;
	int rc = detail_load(st, cfg, crm_id, today, &d);

	if (rc == 0)
		blindspot_judge(&d, cfg, today, out);
	else {
		memset(out, 0, sizeof(*out));
		str_copy(out->crm_id, sizeof(out->crm_id), crm_id);
	}
	detail_free(&d);
	return rc;
}

int blindspot_scan(struct store *st, const struct config *cfg, const char *me, enum book_scope scope,
		   int today, struct blindspot_list *out)
{
	struct book b;

	memset(out, 0, sizeof(*out));
	if (book_fetch(st, me, scope, today, &b))
		return -1;
	out->items = xcalloc(b.len ? b.len : 1, sizeof(*out->items));
	for (size_t i = 0; i < b.len; i++) {
		struct blindspot *bs = &out->items[out->len];
		if (blindspot_eval(st, cfg, b.rows[i].crm_id, today, bs)) {
			error_prefix("blind spots of %s", b.rows[i].crm_id);
			blindspot_free(bs);
			book_free(&b);
			return -1;
		}
		out->len++;
		out->n_hidden += bs->flag == BLINDSPOT_HIDDEN_RISK;
		out->n_quiet += bs->flag == BLINDSPOT_QUIET_LOYAL;
	}
	book_free(&b);
	return 0;
}

void blindspot_list_free(struct blindspot_list *l)
{
	for (size_t i = 0; i < l->len; i++)
		blindspot_free(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}
