/* report.c - the team lead's reports (report.h): the kinds' names, the
 * table of builders report_build dispatches through, and the helpers every
 * builder uses to fill a struct report. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/book.h"
#include "csconsole/date.h"
#include "csconsole/i18n.h"
#include "csconsole/report.h"
#include "csconsole/text.h"

static const char *const kind_names[REPORT_COUNT] = {
	[REPORT_RETENTION] = "retention",
	[REPORT_FORECAST] = "forecast",
	[REPORT_PIPELINE] = "pipeline",
	[REPORT_FEEDBACK] = "feedback",
	[REPORT_TEAM] = "team",
};

/* The builders this build has; a kind left out is refused by report_build. */
static report_builder *const builders[REPORT_COUNT] = {
	[REPORT_RETENTION] = report_build_retention,
	[REPORT_FORECAST] = report_build_forecast,
	[REPORT_TEAM] = report_build_team,
	[REPORT_PIPELINE] = report_build_pipeline,
	[REPORT_FEEDBACK] = report_build_feedback,
};

int report_kind_from_name(const char *name)
{
	for (int k = 0; name && k < REPORT_COUNT; k++)
		if (strcmp(kind_names[k], name) == 0)
			return k;
	return -1;
}

const char *report_kind_name(enum report_kind kind)
{
	return (unsigned)kind < REPORT_COUNT ? kind_names[kind] : "?";
}

int report_build(sqlite3 *db, const struct config *cfg, int today, enum report_kind kind,
		 const struct report_params *p, struct report *out)
{
	static const struct report_params none = { 0 };
	memset(out, 0, sizeof(*out));
	out->kind = kind;
	out->id = report_kind_name(kind);
	if ((unsigned)kind >= REPORT_COUNT || !builders[kind]) {
		struct strlist have = {0};
		for (int k = 0; k < REPORT_COUNT; k++)
			if (builders[k])
				strlist_add(&have, kind_names[k]);
		char *list = strlist_join(&have, ", ");
		error(_("report \"%s\" is not part of this build: use one of %s"), report_kind_name(kind), list);
		free(list);
		strlist_clear(&have);
		return -1;
	}
	if (p && p->from && p->until && p->until < p->from)
		return error(_("the period ends before it starts: give --until on or after --from"));
	int rc = builders[kind](db, cfg, today, p ? p : &none, out);
	if (rc < 0)
		report_free(out);
	return rc;
}

void report_init(struct report *r, enum report_kind kind, const struct report_col *cols, size_t ncols)
{
	struct strlist notes = r->notes;   /* a builder may note before it starts the table */
	char *title = r->title, *formula = r->formula;
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->id = report_kind_name(kind);
	r->notes = notes;
	r->title = title;
	r->formula = formula;
	r->ncols = ncols;
	r->cols = xcalloc(ncols ? ncols : 1, sizeof(*r->cols));
	memcpy(r->cols, cols, ncols * sizeof(*cols));
}

struct report_row *report_add_row(struct report *r, int level)
{
	if (r->nrows == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->rows = xreallocarray(r->rows, r->cap, sizeof(*r->rows));
	}
	struct report_row *row = &r->rows[r->nrows++];
	memset(row, 0, sizeof(*row));
	row->level = level;
	row->cells = xcalloc(r->ncols ? r->ncols : 1, sizeof(*row->cells));
	for (size_t c = 0; c < r->ncols; c++)
		row->cells[c].type = CELL_EMPTY;
	return row;
}

void report_free(struct report *r)
{
	for (size_t i = 0; i < r->nrows; i++) {
		for (size_t c = 0; c < r->ncols; c++)
			free(r->rows[i].cells[c].text);
		free(r->rows[i].cells);
		strlist_clear(&r->rows[i].accounts);
	}
	free(r->rows);
	free(r->cols);
	free(r->title);
	free(r->formula);
	strlist_clear(&r->notes);
	memset(r, 0, sizeof(*r));
}

int report_col_index(const struct report *r, const char *id)
{
	for (size_t c = 0; id && c < r->ncols; c++)
		if (str_eq(r->cols[c].id, id))
			return (int)c;
	return -1;
}

int64_t report_cell_minor(const struct report_cell *c)
{
	int exp = currency_exponent(c->currency[0] ? c->currency : "USD");
	double scale = 1;
	for (int i = 0; i < exp; i++)
		scale *= 10;
	return (int64_t)llround(c->d * scale);
}

void report_cell_format(const struct report_cell *c, char *out, size_t size)
{
	out[0] = '\0';
	switch (c->type) {
	case CELL_EMPTY:
		break;
	case CELL_TEXT: {
		char *clean = text_sanitize(c->text ? c->text : "", false);
		str_copy(out, size, clean);
		free(clean);
		break;
	}
	case CELL_INT:
		str_format(out, size, "%lld", c->i);
		break;
	case CELL_MONEY:
		if (c->currency[0])
			money_format(report_cell_minor(c), c->currency, out, size);
		else
			str_format(out, size, "%.2f", c->d);
		break;
	case CELL_PERCENT:
		str_format(out, size, "%.1f%%", c->d * 100.0);
		break;
	case CELL_DAY:
		day_format_or_dash((int)c->i, "%Y-%m-%d", out, size);
		break;
	}
}

void report_note(struct report *r, const char *fmt, ...)
{
	struct sbuf b = {0};
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	strlist_add(&r->notes, sbuf_str(&b));
	sbuf_free(&b);
}

void report_cell_set_text(struct report_cell *c, const char *s)
{
	c->type = CELL_TEXT;
	c->text = xstrdup(s);
}

void report_cell_set_int(struct report_cell *c, long long v)
{
	c->type = CELL_INT;
	c->i = v;
}

void report_cell_set_money(struct report_cell *c, double d, const char *currency)
{
	c->type = CELL_MONEY;
	c->d = d;
	str_copy(c->currency, sizeof(c->currency), currency);
}
