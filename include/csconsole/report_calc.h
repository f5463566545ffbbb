/* report_calc.h - what the report builders share (report_*.c): the periods
 * a report covers, amounts in the reporting currency, the forecast's band
 * weights, and the grouping of accounts (--by). Core only. */
#ifndef CSCONSOLE_REPORT_CALC_H
#define CSCONSOLE_REPORT_CALC_H

#include <stdbool.h>
#include <stdint.h>
#include "csconsole/report.h"

#define REPORT_MAX_PERIODS 120

struct report_period {
	int from, until;    /* days, inclusive (a calendar month or quarter, cut to the range) */
	char label[16];     /* "2026-11", "2026-Q4" (stable: also the csv and json value) */
};

/* The periods of p (p->period month or quarter) over [p->from, p->until].
 * A bound left 0 is the default: `ahead` false (retention) the 12 months or
 * 4 quarters that end with the one holding today, cut at today; `ahead`
 * true (forecast) the 12 or 4 that start with it. out is owned by the
 * caller (free). 0, or -1 + error() (more than REPORT_MAX_PERIODS). */
int report_periods(const struct report_params *p, int today, bool ahead,
		   struct report_period **out, size_t *n);

/* The first day of the month or quarter holding day. */
int report_period_start(int day, bool quarter);
/* The first day of the period after the one starting on start. */
int report_period_next(int start, bool quarter);

/* An amount in minor units of currency as whole units of it. */
double report_amount(int64_t minor, const char *currency);
/* amount (whole units of currency) in cfg's reports.currency through
 * reports.rates. False when there is no rate (or no reporting currency). */
bool report_convert(const struct config *cfg, const char *currency, double amount, double *out);

/* The share of ARR reports.forecast.weights counts for a band ("red",
 * "yellow", "green"; NULL or "none": no score). */
double report_weight(const struct config *cfg, const char *band);

enum report_by { BY_TEAM, BY_OWNER, BY_SEGMENT, BY_TOUCH_MODEL };
/* p->by as an enum (NULL: team); -1 + error() when unknown. */
int report_by_parse(const char *by, enum report_by *out);
/* The display title of the group column for by (N_()-marked, static). */
const char *report_by_title(enum report_by by);

#endif
