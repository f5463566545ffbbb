/* report_calc.c - what the report builders share (report_calc.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/book.h"
#include "csconsole/config.h"
#include "csconsole/date.h"
#include "csconsole/i18n.h"
#include "csconsole/report_calc.h"

int report_period_start(int day, bool quarter)
{
	int y, m, d;
	day_to_ymd(day, &y, &m, &d);
	if (quarter)
		m = (m - 1) / 3 * 3 + 1;
	return day_from_ymd(y, m, 1);
}

int report_period_next(int start, bool quarter)
{
	int y, m, d;
	day_to_ymd(start, &y, &m, &d);
	m += quarter ? 3 : 1;
	if (m > 12) {
		m -= 12;
		y++;
	}
	return day_from_ymd(y, m, 1);
}

static void period_label(int start, bool quarter, char *out, size_t size)
{
	int y, m, d;
	day_to_ymd(start, &y, &m, &d);
	if (quarter)
		str_format(out, size, "%04d-Q%d", y, (m - 1) / 3 + 1);
	else
		str_format(out, size, "%04d-%02d", y, m);
}

int report_periods(const struct report_params *p, int today, bool ahead,
		   struct report_period **out, size_t *n)
{
	bool quarter = p->period && strcmp(p->period, "quarter") == 0;
	int count = quarter ? 4 : 12;
	int from = p->from, until = p->until;
	*out = NULL;
	*n = 0;
	if (!from) {
		int s = report_period_start(ahead || !until ? today : until, quarter);
		if (!ahead)   /* back count - 1 periods from the current one */
			for (int i = 0; i < count - 1; i++)
				s = report_period_start(s - 1, quarter);
		from = s;
	}
	if (!until) {
		if (ahead) {
			int s = report_period_start(from, quarter);
			for (int i = 0; i < count; i++)
				s = report_period_next(s, quarter);
			until = s - 1;
		} else {
			until = today;
		}
	}
	if (until < from)
		return error(_("the period ends before it starts: give --until on or after --from"));
	size_t cap = 0;
	for (int s = report_period_start(from, quarter); s <= until; s = report_period_next(s, quarter)) {
		if (*n == REPORT_MAX_PERIODS) {
			free(*out);
			*out = NULL;
			*n = 0;
			return error(_("more than %d periods between --from and --until: give a shorter range "
				       "or --period quarter"), REPORT_MAX_PERIODS);
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		struct report_period *r = &(*out)[(*n)++];
		int next = report_period_next(s, quarter);
		r->from = s < from ? from : s;
		r->until = next - 1 > until ? until : next - 1;
		period_label(s, quarter, r->label, sizeof(r->label));
	}
	return 0;
}

double report_amount(int64_t minor, const char *currency)
{
	int exp = currency_exponent(currency && *currency ? currency : "USD");
	double d = (double)minor;
	for (int i = 0; i < exp; i++)
		d /= 10;
	return d;
}

bool report_convert(const struct config *cfg, const char *currency, double amount, double *out)
{
	const char *to = cfg->reports_currency;
	if (!to || !*to || !currency || !*currency)
		return false;
	if (strcmp(currency, to) == 0) {
		*out = amount;
		return true;
	}
	const struct strlist *r = &cfg->reports_rates;
	for (size_t i = 0; i + 1 < r->len; i += 2)
		if (strcmp(r->items[i], currency) == 0) {
			*out = amount * strtod(r->items[i + 1], NULL);
			return true;
		}
	return false;
}

static bool weight_of(const struct config *cfg, const char *band, double *w)
{
	const struct strlist *m = &cfg->forecast_weights;
	for (size_t i = 0; i + 1 < m->len; i += 2)
		if (strcmp(m->items[i], band) == 0) {
			*w = strtod(m->items[i + 1], NULL);
			return true;
		}
	return false;
}

double report_weight(const struct config *cfg, const char *band)
{
	static const struct { const char *band; double w; } defaults[] = {
		{ "red", 0.5 }, { "yellow", 0.8 }, { "green", 0.95 },
	};
	double w;
	if (!band || strcmp(band, "none") == 0) {
		if (weight_of(cfg, "none", &w))
			return w;
		band = "yellow";   /* no score: weighed as yellow unless `none` says otherwise */
	}
	if (weight_of(cfg, band, &w))
		return w;
	for (size_t i = 0; i < ARRAY_SIZE(defaults); i++)
		if (strcmp(defaults[i].band, band) == 0)
			return defaults[i].w;
	return 1.0;
}

int report_by_parse(const char *by, enum report_by *out)
{
	static const char *const names[] = { "team", "owner", "segment", "touch_model" };
	if (!by) {
		*out = BY_TEAM;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(names[i], by) == 0) {
			*out = (enum report_by)i;
			return 0;
		}
	return error(_("--by \"%s\": use team, owner, segment or touch_model"), by);
}

const char *report_by_title(enum report_by by)
{
	static const char *const titles[] = {
		N_("Team"), N_("Owner"), N_("Segment"), N_("Touch model"),
	};
	return titles[by];
}
