/* view_detail.c - one account in full: facts, health (a chart of the weekly
 * scores and the components), usage, risk notes, notes and touchpoints.
 *
 * Every figure comes from detail_load() (the same as `csconsole show`),
 * loaded once in open. The body is laid out into lines of coloured segments
 * for one width and kept: draw only puts the visible lines, and the layout
 * is redone only when the width changes (a resize) or the data is reloaded.
 * The body scrolls with the movement actions and the mouse wheel; the
 * account's line at the top stays.
 *
 * One note is selected (Tab or ] the next, [ the previous; at first my
 * newest): e edits it and x deletes it when it is mine. d, z, m act on the
 * account's next touchpoint, a schedules one, ! opens a risk, i lists the
 * risks, u undoes my last action (touch_prompts.c, shared with Today and
 * the portfolio).
 *
 * Below the touchpoints: the account's open opportunities and its most
 * recent feedback (issue 17), from the same detail_load().
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csconsole/playbook.h"
#include "csconsole/book.h"
#include "csconsole/blindspot.h"
#include "csconsole/date.h"
#include "csconsole/display.h"
#include "csconsole/detail.h"
#include "csconsole/display.h"
#include "csconsole/text.h"
#include "csconsole/log.h"
#include "csconsole/touch_prompts.h"
#include "csconsole/tui.h"
#include "csconsole/tui_labels.h"

#define CHART_ROWS 8          /* the health chart's height */
#define CHART_MIN_WEEKS 26
#define LABEL_W 16            /* the labels of Facts and Usage: at least; see label_w() */
#define INDENT 2

struct seg {
	int x, w;
	enum theme_element e;
	enum tui_align align;
	char *text;
};

struct line {
	struct seg *segs;
	size_t n, cap;
};

struct detail_view {
	struct account_detail d;
	bool loaded;
	char crm_id[64];
	size_t note_sel;          /* the selected note (e, x act on it) */
	size_t *note_line;        /* each note's line, set by build */
	struct line *lines;
	size_t n_lines, cap_lines;
	int built_w;              /* the width the lines were laid out for; 0 = none */
	size_t top;               /* first body line shown */
	int height;               /* body lines visible at the last draw */
};

/* ---- Lines ------------------------------------------------------------------ */

static void lines_clear(struct detail_view *dv)
{
	for (size_t i = 0; i < dv->n_lines; i++) {
		for (size_t k = 0; k < dv->lines[i].n; k++)
			free(dv->lines[i].segs[k].text);
		free(dv->lines[i].segs);
	}
	free(dv->lines);
	dv->lines = NULL;
	dv->n_lines = dv->cap_lines = 0;
	dv->built_w = 0;
}

static struct line *new_line(struct detail_view *dv)
{
	if (dv->n_lines == dv->cap_lines) {
		dv->cap_lines = dv->cap_lines ? dv->cap_lines * 2 : 128;
		dv->lines = xreallocarray(dv->lines, dv->cap_lines, sizeof(*dv->lines));
	}
	struct line *l = &dv->lines[dv->n_lines++];
	memset(l, 0, sizeof(*l));
	return l;
}

static void seg(struct line *l, int x, int w, enum theme_element e, enum tui_align align, const char *text)
{
	if (w <= 0)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->segs = xreallocarray(l->segs, l->cap, sizeof(*l->segs));
	}
	l->segs[l->n++] = (struct seg){ x, w, e, align, xstrdup(text ? text : "") };
}

/* A segment as wide as its text; returns the x after it. */
static int put(struct line *l, int x, int maxw, enum theme_element e, const char *text)
{
	int w = text_width(text);
	if (w > maxw - x)
		w = maxw - x;
	seg(l, x, w, e, ALIGN_LEFT, text);
	return x + (w > 0 ? w : 0);
}

static void blank(struct detail_view *dv)
{
	new_line(dv);
}

static void heading(struct detail_view *dv, int width, const char *title)
{
	if (dv->n_lines)
		blank(dv);
	put(new_line(dv), 1, width, ELEM_TITLE, title);
}

/* "label   value" with the label in a fixed column. */
/* The labels of Facts and Usage, translated where drawn. */
static const char *const facts_labels[] = {
	N_("CRM id"), N_("Status"), N_("Segment"), N_("Main owner"), N_("Sub owner"), N_("Covering today"),
	N_("Touch model"), N_("Stage"), N_("Onboarding"), N_("ARR"), N_("Renewal"), N_("Seats"), N_("Champion"),
	N_("Contacts"), N_("Key feature"), N_("Logins/week"), N_("Active seats"),
};

/* The label column: LABEL_W, or the widest translated label and two spaces. */
static int facts_label_w(void)
{
	int w = LABEL_W;

	for (size_t i = 0; i < ARRAY_SIZE(facts_labels); i++)
		if (text_width(_(facts_labels[i])) + 2 > w)
			w = text_width(_(facts_labels[i])) + 2;
	return w;
}

static struct line *labelled(struct detail_view *dv, int width, const char *label, enum theme_element e,
			     const char *value)
{
	struct line *l = new_line(dv);
	seg(l, INDENT, facts_label_w() - 1, ELEM_DIM, ALIGN_LEFT, label);
	seg(l, INDENT + facts_label_w(), width - INDENT - LABEL_W, e, ALIGN_LEFT, value);
	return l;
}

/* Bytes of the UTF-8 character at s. */
static size_t char_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	for (size_t i = 1; i < n; i++)
		if (!s[i])
			return i;
	return n;
}

static int char_width(const char *s, size_t n)
{
	char buf[8];
	memcpy(buf, s, n);
	buf[n] = '\0';
	return text_width(buf);
}

/* Word-wraps text (newlines kept) into lines of `width` cells at x, by
 * display width: breaks after a space when it can, else between characters
 * (Japanese has no spaces), never inside one. */
static void wrapped(struct detail_view *dv, int x, int width, enum theme_element e, const char *text)
{
	struct sbuf cur = { 0 };

	if (width < 4)
		width = 4;
	for (const char *p = text; *p;) {
		size_t para = strcspn(p, "\n");
		const char *end = p + para;
		while (p < end) {
			int w = 0;
			const char *q = p, *brk = NULL;
			/* the longest run that fits; remember the last space */
			while (q < end) {
				size_t n = char_len(q);
				int cw = char_width(q, n);
				if (w + cw > width)
					break;
				w += cw;
				q += n;
				if (q[-1] == ' ')
					brk = q;
			}
			if (q < end && brk && brk > p)
				q = brk;
			if (q == p)                      /* one character wider than width */
				q += char_len(q);
			sbuf_reset(&cur);
			sbuf_add(&cur, p, (size_t)(q - p));
			seg(new_line(dv), x, width, e, ALIGN_LEFT, sbuf_str(&cur));
			p = q;
			while (p < end && *p == ' ')
				p++;
		}
		p = *end ? end + 1 : end;
	}
	sbuf_free(&cur);
}

/* ---- Elements by meaning ------------------------------------------------------ */

static enum theme_element severity_element(const char *sev, bool open)
{
	if (!open)
		return ELEM_DIM;
	return str_eq(sev, "high") ? ELEM_RISK_HIGH : str_eq(sev, "medium") ? ELEM_RISK_MEDIUM : ELEM_NORMAL;
}

/* ---- Sections ------------------------------------------------------------------- */

static void build_facts(struct tui *tui, struct detail_view *dv, int width)
{
	const struct config *cfg = &tui->app->cfg;
	const struct account_detail *d = &dv->d;
	char buf[512], day[64], money[64];

	heading(dv, width, _("Facts"));
	labelled(dv, width, _("CRM id"), ELEM_NORMAL, d->crm_id);
	if (!d->active)
		labelled(dv, width, _("Status"), ELEM_NOTICE, _("inactive: no longer in the CRM export"));
	labelled(dv, width, _("Segment"), *d->segment ? ELEM_NORMAL : ELEM_DIM, *d->segment ? d->segment : "-");
	detail_person(d->main_owner, d->main_owner_name, buf, sizeof(buf));
	labelled(dv, width, _("Main owner"), ELEM_NORMAL, buf);
	detail_person(d->sub_owner, d->sub_owner_name, buf, sizeof(buf));
	labelled(dv, width, _("Sub owner"), *d->sub_owner ? ELEM_NORMAL : ELEM_DIM, buf);
	if (d->main_absent) {
		char cover[256];
		display_day(cfg, d->absent_until, day, sizeof(day));
		detail_person(d->covering, d->covering_name, cover, sizeof(cover));
		if (*d->absence_reason)
			str_format(buf, sizeof(buf), _("%s (%s away until %s: %s)"), cover, d->main_owner, day,
				   d->absence_reason);
		else
			str_format(buf, sizeof(buf), _("%s (%s away until %s)"), cover, d->main_owner, day);
		labelled(dv, width, _("Covering today"), ELEM_ROLE_COVERING, buf);
	}
	str_format(buf, sizeof(buf), _("%s (cadence %d days)"), d->touch_model, d->cadence);
	labelled(dv, width, _("Touch model"), ELEM_NORMAL, buf);
	labelled(dv, width, _("Stage"), ELEM_NORMAL, stage_label(d->stage));
	if (d->onboarding != ONBOARDING_NA)
		labelled(dv, width, _("Onboarding"), d->onboarding == ONBOARDING_DONE ? ELEM_HEALTH_GREEN :
			 d->onboarding == ONBOARDING_BELOW ? ELEM_RENEWAL_NEAR : ELEM_DIM,
			 d->onboarding_label[0] ? d->onboarding_label : d->onboarding_text);
	money_format(d->arr_minor, d->currency, money, sizeof(money));
	str_format(buf, sizeof(buf), "%s%s%s", money, *d->currency ? " " : "", d->currency);
	labelled(dv, width, _("ARR"), d->arr_minor == INT64_MIN ? ELEM_DIM : ELEM_NORMAL, buf);
	if (d->renewal_day != DAY_NONE) {
		display_day(cfg, d->renewal_day, day, sizeof(day));
		str_format(buf, sizeof(buf), _("%s (%d days left)"), day, d->days_left);
	} else {
		str_copy(buf, sizeof(buf), "-");
	}
	labelled(dv, width, _("Renewal"), tui_renewal_element(cfg, d->renewal_day, d->days_left), buf);
	if (d->has_seats)
		str_format(buf, sizeof(buf), "%d", d->seats);
	labelled(dv, width, _("Seats"), d->has_seats ? ELEM_NORMAL : ELEM_DIM, d->has_seats ? buf : "-");
	str_format(buf, sizeof(buf), "%s%s%s%s (%s)", *d->champion ? d->champion : "-",
		   *d->champion_email ? " <" : "", d->champion_email, *d->champion_email ? ">" : "",
		   tui_champion_label(d->champion_status));
	labelled(dv, width, _("Champion"), str_eq(d->champion_status, "left") ? ELEM_RISK_HIGH
				       : str_eq(d->champion_status, "unknown") ? ELEM_RISK_MEDIUM : ELEM_NORMAL, buf);
	for (size_t i = 0; i < d->n_contacts; i++) {
		const struct detail_contact *c = &d->contacts[i];
		str_format(buf, sizeof(buf), "%s%s%s%s%s%s", c->name, *c->role ? ", " : "", c->role,
			   *c->email ? " <" : "", c->email, *c->email ? ">" : "");
		labelled(dv, width, i ? "" : _("Contacts"), ELEM_NORMAL, buf);
	}
	if (!d->n_contacts)
		labelled(dv, width, _("Contacts"), ELEM_DIM, "-");
}

/* One chart cell: how much of row `row` (0 = bottom) a score fills, as an
 * eighth block, or an ASCII character. */
static const char *chart_cell(double score, int row, bool utf8)
{
	static const char *const eighths[9] = { " ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	double fill = score * CHART_ROWS / 100.0 - row;
	int e;

	fill = fill < 0 ? 0 : fill > 1 ? 1 : fill;
	e = (int)lround(fill * 8);
	if (utf8)
		return eighths[e];
	return e == 0 ? " " : e < 4 ? "." : e < 8 ? "+" : "#";
}

static void build_chart(struct tui *tui, struct detail_view *dv, int width)
{
	const struct config *cfg = &tui->app->cfg;
	const struct account_detail *d = &dv->d;
	const int yw = 4, x0 = INDENT + yw + 1;   /* "100" + axis */
	int avail = width - x0 - 1, cw, n;
	char cell[16], day[64];

	if (d->n_health == 0)
		return;
	/* two cells a week when they fit, else one; as many weeks as fit */
	n = (int)d->n_health;
	cw = avail >= 2 * n || avail >= 2 * CHART_MIN_WEEKS ? 2 : 1;
	if (n > avail / cw)
		n = avail / cw;
	if (n <= 0)
		return;
	size_t first = d->n_health - (size_t)n;
	for (int row = CHART_ROWS - 1; row >= 0; row--) {
		struct line *l = new_line(dv);
		const char *label = row == CHART_ROWS - 1 ? "100" : row == CHART_ROWS / 2 ? "50" : row == 0 ? "0" : "";
		seg(l, INDENT, yw - 1, ELEM_DIM, ALIGN_RIGHT, label);
		seg(l, INDENT + yw - 1, 1, ELEM_DIM, ALIGN_LEFT, tui->utf8 ? "┤" : "|");
		for (int i = 0; i < n; i++) {
			double s = d->health[first + (size_t)i].score;
			const char *c = chart_cell(s, row, tui->utf8);
			if (str_eq(c, " "))
				continue;
			str_format(cell, sizeof(cell), "%s%s", c, cw == 2 ? c : "");
			seg(l, x0 + i * cw, cw, tui_band_element(cfg, s), ALIGN_LEFT, cell);
		}
	}
	/* the time axis: the first and the last week's dates */
	struct line *l = new_line(dv);
	struct sbuf axis = { 0 };
	for (int i = 0; i < n * cw; i++)
		sbuf_adds(&axis, tui->utf8 ? "─" : "-");
	sbuf_adds(&axis, tui->utf8 ? "─" : "-");   /* under the gap after the y axis */
	seg(l, INDENT + yw - 1, 1, ELEM_DIM, ALIGN_LEFT, tui->utf8 ? "└" : "+");
	seg(l, INDENT + yw, n * cw + 1, ELEM_DIM, ALIGN_LEFT, sbuf_str(&axis));
	sbuf_free(&axis);
	l = new_line(dv);
	display_day(cfg, d->health[first].day, day, sizeof(day));
	put(l, x0, width, ELEM_DIM, day);
	display_day(cfg, d->health[d->n_health - 1].day, day, sizeof(day));
	int dw = text_width(day);
	if (x0 + n * cw - dw > x0 + text_width(day) + 1)
		seg(l, x0 + n * cw - dw, dw, ELEM_DIM, ALIGN_LEFT, day);
	str_format(cell, sizeof(cell), P_("%d week", "%d weeks", n), n);
	if (x0 + n * cw + 2 + text_width(cell) <= width)
		put(l, x0 + n * cw + 2, width, ELEM_DIM, cell);
}

static void build_health(struct tui *tui, struct detail_view *dv, int width)
{
	const struct config *cfg = &tui->app->cfg;
	const struct account_detail *d = &dv->d;
	char buf[256], day[64];
	struct line *l;
	int x;

	heading(dv, width, _("Health"));
	l = new_line(dv);
	x = put(l, INDENT, width, ELEM_DIM, _("Score "));
	if (!d->has_health) {
		put(l, x, width, ELEM_DIM, _("- (no health snapshots yet)"));
	} else {
		str_format(buf, sizeof(buf), "%ld %s", health_round(d->health_score), health_band_label(d->band));
		x = put(l, x, width, tui_band_element(cfg, d->health_score), buf);
		if (d->has_delta) {
			long dl = health_round(d->delta4w);
			x = put(l, x, width, ELEM_DIM, _("   4 weeks "));
			str_format(buf, sizeof(buf), dl ? "%+ld" : "%ld", dl);
			x = put(l, x, width, dl < 0 ? ELEM_DELTA_DOWN : dl > 0 ? ELEM_DELTA_UP : ELEM_DIM, buf);
		}
		display_day(cfg, d->health_day, day, sizeof(day));
		str_format(buf, sizeof(buf), _("   on %s"), day);
		x = put(l, x, width, ELEM_DIM, buf);
		/* which score this is (health.score), and the other one beside it */
		const struct detail_latest *other = cfg->health_score == HEALTH_VENDOR ? &d->computed : &d->vendor;
		str_copy(buf, sizeof(buf), cfg->health_score == HEALTH_VENDOR ? _("   vendor score") : _("   computed score"));
		x = put(l, x, width, ELEM_DIM, buf);
		if (other->has) {
			str_format(buf, sizeof(buf), cfg->health_score == HEALTH_VENDOR ? _(" · computed %ld") : _(" · vendor %ld"),
				   health_round(other->score));
			put(l, x, width, ELEM_DIM, buf);
		}
		blank(dv);
		build_chart(tui, dv, width);
	}

	/* the components: the computed model as of this week's snapshot day */
	blank(dv);
	l = new_line(dv);
	display_day(cfg, d->model_day, day, sizeof(day));
	str_format(buf, sizeof(buf), _("Computed model as of %s (csconsole.yaml health.model)"), day);
	put(l, INDENT, width, ELEM_DIM, buf);
	/* the marker of the component that pulls down most sits by its name */
	enum { C_NAME, C_MARK, C_SCORE, C_WEIGHT, C_SHARE, C_FIGURES, C_COUNT };
	struct tui_column cols[C_COUNT] = {
		[C_NAME] = { .title = _("COMPONENT"), .width = 12, .priority = 0 },
		[C_MARK] = { .title = "", .width = 1, .priority = 0 },
		[C_SCORE] = { .title = _("SCORE"), .width = 5, .priority = 0, .align = ALIGN_RIGHT },
		[C_WEIGHT] = { .title = _("WEIGHT"), .width = 6, .priority = 2, .align = ALIGN_RIGHT },
		[C_SHARE] = { .title = _("SHARE"), .width = 5, .priority = 3, .align = ALIGN_RIGHT },
		[C_FIGURES] = { .title = _("FIGURES"), .width = 16, .flex = true, .priority = 1 },
	};
	for (int c = 0; c < C_COUNT; c++)     /* a translated title fits */
		if (text_width(cols[c].title) > cols[c].width)
			cols[c].width = text_width(cols[c].title);
	tui_columns_layout(cols, C_COUNT, width - INDENT, 1);
	l = new_line(dv);
	for (int c = 0; c < C_COUNT; c++)
		seg(l, INDENT + cols[c].x + (c == C_FIGURES), cols[c].w, ELEM_TITLE, cols[c].align,
		    cols[c].title);
	for (int c = 0; c < HC_COUNT; c++) {
		const struct health_part *p = &d->model.part[c];
		bool worst = c == d->model.pulls_down;
		char score[16] = "-", weight[16], share[16] = "-";
		l = new_line(dv);
		str_format(weight, sizeof(weight), "%.0f", p->weight);
		if (p->present) {
			str_format(score, sizeof(score), "%.0f", p->score);
			str_format(share, sizeof(share), "%.1f", p->contribution);
		}
		seg(l, INDENT + cols[C_NAME].x, cols[C_NAME].w,
		    worst ? ELEM_RISK_HIGH : p->present ? ELEM_NORMAL : ELEM_DIM,
		    ALIGN_LEFT, health_component_label((enum health_component)c));
		if (worst)
			seg(l, INDENT + cols[C_MARK].x, cols[C_MARK].w, ELEM_RISK_HIGH, ALIGN_LEFT,
			    tui->utf8 ? "◀" : "<");
		seg(l, INDENT + cols[C_SCORE].x, cols[C_SCORE].w,
		    p->present ? tui_band_element(cfg, p->score) : ELEM_DIM, ALIGN_RIGHT, score);
		seg(l, INDENT + cols[C_WEIGHT].x, cols[C_WEIGHT].w, ELEM_DIM, ALIGN_RIGHT, weight);
		seg(l, INDENT + cols[C_SHARE].x, cols[C_SHARE].w, p->present ? ELEM_NORMAL : ELEM_DIM,
		    ALIGN_RIGHT, share);
		seg(l, INDENT + cols[C_FIGURES].x + 1, cols[C_FIGURES].w - 1, p->present ? ELEM_NORMAL : ELEM_DIM,
		    ALIGN_LEFT, d->component_text[c].text);
	}
	l = new_line(dv);
	if (d->model.pulls_down >= 0) {
		x = put(l, INDENT, width, ELEM_DIM, _("Pulls down most: "));
		str_format(buf, sizeof(buf), "%s: %s",
			   health_component_label((enum health_component)d->model.pulls_down),
			   d->component_text[d->model.pulls_down].text);
		put(l, x, width, ELEM_RISK_HIGH, buf);
	} else if (d->model.has_score) {
		put(l, INDENT, width, ELEM_DIM, _("Nothing pulls the score down: every component is at 100"));
	} else {
		put(l, INDENT, width, ELEM_DIM, _("No component has data yet"));
	}
	/* numbers and relationship disagreeing: said right under the score */
	struct blindspot b;
	blindspot_judge(d, cfg, tui->app->today, &b);
	if (b.flag != BLINDSPOT_NONE) {
		l = new_line(dv);
		str_format(buf, sizeof(buf), _("Blind spot, %s: "), tui_blindspot_label(b.flag));
		x = put(l, INDENT, width, b.flag == BLINDSPOT_HIDDEN_RISK ? ELEM_RISK_HIGH : ELEM_HEALTH_GREEN, buf);
		put(l, x, width, ELEM_NORMAL, b.reason);
	}
	blindspot_free(&b);
	if (d->model.has_score) {
		bool stale = cfg->health_score == HEALTH_COMPUTED && d->computed.has &&
			     d->computed.day == d->model_day &&
			     health_round(d->computed.score) != health_round(d->model.score);
		str_format(buf, sizeof(buf),
			   stale ? _("Components' score %.0f (the weighted mean of those with data); the stored snapshot "
				     "above predates new data or a model change: the next sync updates it")
			   : cfg->health_score == HEALTH_VENDOR ?
			   _("Components' score %.0f (the weighted mean of those with data); the score above is "
			     "the vendor's (health.score)")
			   : _("Components' score %.0f (the weighted mean of those with data)"), d->model.score);
		put(new_line(dv), INDENT, width, ELEM_DIM, buf);
	}
}

/* A bar of `cells` cells for value / max, eighth blocks when utf8. */
static void bar(double value, double max, int cells, bool utf8, struct sbuf *out)
{
	static const char *const part[8] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	int eighths = max > 0 ? (int)lround(value / max * cells * 8) : 0;

	if (eighths < 0)
		eighths = 0;
	for (int i = 0; i < eighths / 8; i++)
		sbuf_adds(out, utf8 ? "█" : "#");
	if (utf8)
		sbuf_adds(out, part[eighths % 8]);
	else if (eighths % 8 >= 4)
		sbuf_addc(out, '#');
}

static void build_usage(struct tui *tui, struct detail_view *dv, int width)
{
	const struct config *cfg = &tui->app->cfg;
	const struct account_detail *d = &dv->d;
	char buf[256], a[64], b[64];
	struct sbuf s = { 0 };
	double max = 0;
	struct line *l;

	heading(dv, width, _("Usage"));
	put(new_line(dv), INDENT, width, ELEM_DIM, _("Core feature uses per month"));
	for (int i = 0; i < DETAIL_CORE_MONTHS; i++)
		if (d->core_months[i].has_data && d->core_months[i].uses > max)
			max = d->core_months[i].uses;
	for (int i = 0; i < DETAIL_CORE_MONTHS; i++) {
		const struct detail_month *m = &d->core_months[i];
		l = new_line(dv);
		str_format(buf, sizeof(buf), "%04d-%02d", m->year, m->month);
		seg(l, INDENT + 2, 7, ELEM_NORMAL, ALIGN_LEFT, buf);
		if (!m->has_data) {
			seg(l, INDENT + 11, 7, ELEM_DIM, ALIGN_RIGHT, _("no data"));
			continue;
		}
		str_format(buf, sizeof(buf), "%.0f", m->uses);
		seg(l, INDENT + 11, 7, ELEM_NORMAL, ALIGN_RIGHT, buf);
		sbuf_reset(&s);
		bar(m->uses, max, 24, tui->utf8, &s);
		seg(l, INDENT + 20, 24, ELEM_SPARKLINE, ALIGN_LEFT, sbuf_str(&s));
		if (m->partial)
			put(l, INDENT + 46, width, ELEM_DIM, _("to date"));
	}

	display_day(cfg, d->key_from, a, sizeof(a));
	display_day(cfg, d->key_to, b, sizeof(b));
	if (d->key_has_now)
		str_format(buf, sizeof(buf), _("%.0f uses in 90 days (%s .. %s)"), d->key_now, a, b);
	else
		str_format(buf, sizeof(buf), _("no data in 90 days (%s .. %s)"), a, b);
	labelled(dv, width, _("Key feature"), ELEM_NORMAL, buf);
	if (d->key_has_year_ago) {
		str_format(buf, sizeof(buf), _("%.0f uses in the same 90 days a year ago"), d->key_year_ago);
		labelled(dv, width, "", d->key_now < d->key_year_ago ? ELEM_DELTA_DOWN : ELEM_NORMAL, buf);
	} else {
		labelled(dv, width, "", ELEM_DIM, _("no data a year ago"));
	}

	/* logins: a sparkline of 12 weeks, scaled to the busiest */
	max = 0;
	for (int i = 0; i < DETAIL_LOGIN_WEEKS; i++)
		if (d->logins[i].has_data && d->logins[i].logins > max)
			max = d->logins[i].logins;
	sbuf_reset(&s);
	for (int i = 0; i < DETAIL_LOGIN_WEEKS; i++) {
		static const char *const blocks[8] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
		static const char ascii[8] = { '_', '.', '-', '~', '=', '+', '*', '#' };
		int lv = max > 0 ? (int)(d->logins[i].logins * 7.999 / max) : 0;
		if (!d->logins[i].has_data)
			sbuf_addc(&s, ' ');
		else if (tui->utf8)
			sbuf_adds(&s, blocks[lv]);
		else
			sbuf_addc(&s, ascii[lv]);
	}
	l = labelled(dv, width, _("Logins/week"), ELEM_SPARKLINE, sbuf_str(&s));
	if (d->has_logins_7d) {
		str_format(buf, sizeof(buf), _("12 weeks; last 7 days %.0f"), d->logins_7d);
		put(l, INDENT + facts_label_w() + DETAIL_LOGIN_WEEKS + 2, width, ELEM_NORMAL, buf);
	} else {
		put(l, INDENT + facts_label_w() + DETAIL_LOGIN_WEEKS + 2, width, ELEM_DIM, _("no logins data in 7 days"));
	}
	if (d->has_active_seats && d->has_seats && d->seats > 0)
		str_format(buf, sizeof(buf), _("%.0f of %d (%.0f%%)"), d->active_seats, d->seats,
			   100.0 * d->active_seats / d->seats);
	else if (d->has_active_seats)
		str_format(buf, sizeof(buf), "%.0f", d->active_seats);
	else
		str_copy(buf, sizeof(buf), _("no data"));
	labelled(dv, width, _("Active seats"), d->has_active_seats ? ELEM_NORMAL : ELEM_DIM, buf);
	sbuf_free(&s);
}

static void build_risks(struct tui *tui, struct detail_view *dv, int width)
{
	const struct config *cfg = &tui->app->cfg;
	const struct account_detail *d = &dv->d;
	char buf[256], a[64], b[64];

	str_format(buf, sizeof(buf), _("Risks (%zu open, %zu resolved)"), d->n_open_risks,
		   d->n_risks - d->n_open_risks);
	heading(dv, width, buf);
	if (!d->n_risks)
		put(new_line(dv), INDENT, width, ELEM_DIM, _("no risk notes"));
	for (size_t i = 0; i < d->n_risks; i++) {
		const struct detail_risk *r = &d->risks[i];
		struct line *l = new_line(dv);
		int x = INDENT;
		display_day(cfg, r->opened_day, a, sizeof(a));
		x = put(l, x, width, r->open ? ELEM_NORMAL : ELEM_DIM, r->open ? _("open     ") : _("resolved "));
		seg(l, x, 7, severity_element(r->severity, r->open), ALIGN_LEFT, tui_choice_label(r->severity));
		x = put(l, x + 7, width, r->open ? ELEM_NORMAL : ELEM_DIM, risk_category_label(cfg, r->category));
		if (r->open) {
			str_format(buf, sizeof(buf), _("  opened %s by %s, owner %s"), a, r->author, r->owner);
		} else {
			display_day(cfg, r->resolved_day, b, sizeof(b));
			str_format(buf, sizeof(buf), _("  opened %s, resolved %s, by %s"), a, b, r->author);
		}
		put(l, x, width, ELEM_DIM, buf);
		wrapped(dv, INDENT + 4, width - INDENT - 4, r->open ? ELEM_NORMAL : ELEM_DIM, r->text);
	}
}

static void build_notes(struct tui *tui, struct detail_view *dv, int width)
{
	const struct config *cfg = &tui->app->cfg;
	const struct account_detail *d = &dv->d;
	char buf[64], day[64];

	str_format(buf, sizeof(buf), _("Notes (%zu)"), d->n_notes);
	heading(dv, width, buf);
	if (!d->n_notes)
		put(new_line(dv), INDENT, width, ELEM_DIM, _("no notes yet"));
	free(dv->note_line);
	dv->note_line = d->n_notes ? xcalloc(d->n_notes, sizeof(*dv->note_line)) : NULL;
	for (size_t i = 0; i < d->n_notes; i++) {
		const struct detail_note *n = &d->notes[i];
		struct line *l = new_line(dv);
		int x;
		dv->note_line[i] = dv->n_lines - 1;
		display_day(cfg, n->touch_day, day, sizeof(day));
		x = put(l, INDENT, width, ELEM_NORMAL, day);
		seg(l, x + 1, 9, ELEM_DIM, ALIGN_LEFT, tui_choice_label(n->kind));
		seg(l, x + 11, 13, tui_sentiment_element(cfg, n->sentiment), ALIGN_LEFT,
		    sentiment_label(cfg, n->sentiment));
		x = put(l, x + 25, width, ELEM_DIM, n->author);
		put(l, x + 2, width, ELEM_NORMAL, n->summary);
		if (*n->text)
			wrapped(dv, INDENT + 4, width - INDENT - 4, ELEM_DIM, n->text);
	}
}

static void build_touches(struct tui *tui, struct detail_view *dv, int width)
{
	const struct config *cfg = &tui->app->cfg;
	const struct account_detail *d = &dv->d;
	char buf[256], day[64];

	str_format(buf, sizeof(buf), _("Touchpoints (%zu open)"), d->n_open_touches);
	heading(dv, width, buf);
	if (!d->n_touches)
		put(new_line(dv), INDENT, width, ELEM_DIM, _("no touchpoints"));
	for (size_t i = 0; i < d->n_touches; i++) {
		const struct detail_touch *t = &d->touches[i];
		struct line *l = new_line(dv);
		enum theme_element e = t->when == TOUCH_WHEN_OVERDUE ? ELEM_OVERDUE
				     : t->when == TOUCH_WHEN_TODAY ? ELEM_DUE_TODAY
				     : t->when == TOUCH_WHEN_DONE ? ELEM_DIM : ELEM_NORMAL;
		int x;
		int day_shown = t->when == TOUCH_WHEN_DONE && t->done_day != DAY_NONE ? t->done_day : t->due_day;
		display_day(cfg, day_shown, day, sizeof(day));
		if (t->when == TOUCH_WHEN_OVERDUE)
			str_format(buf, sizeof(buf), _("overdue %dd"), tui->app->today - t->due_day);
		else
			str_copy(buf, sizeof(buf), t->when == TOUCH_WHEN_UPCOMING && str_eq(t->status, "snoozed")
				 ? touch_status_label("snoozed") : tui_touch_when_label(t->when));
		seg(l, INDENT, 12, e, ALIGN_LEFT, buf);
		x = put(l, INDENT + 13, width, e, day);
		seg(l, x + 2, 10, t->when == TOUCH_WHEN_DONE ? ELEM_DIM : ELEM_NORMAL, ALIGN_LEFT,
		    *t->kind ? tui_choice_label(t->kind) : "-");
		if (*t->reason)
			str_format(buf, sizeof(buf), _("by %s: %s"), t->author, t->reason);
		else
			str_format(buf, sizeof(buf), _("by %s"), t->author);
		put(l, x + 13, width, ELEM_DIM, buf);
		if (*t->note) {
			struct sbuf pb = {0};
			wrapped(dv, INDENT + 4, width - INDENT - 4, t->when == TOUCH_WHEN_DONE ? ELEM_DIM : ELEM_NORMAL,
				playbook_note_text(cfg, t->note, &pb));
			sbuf_free(&pb);
		}
	}
}

/* ---- Opportunities and feedback (issue 17) ------------------------------------------ */

/* The open opportunities: kind, amount in its currency (right-aligned by
 * cells), stage, then the expected close and the owner, as `show` has them. */
static void build_opportunities(struct tui *tui, struct detail_view *dv, int width)
{
	const struct config *cfg = &tui->app->cfg;
	const struct opportunity_list *ol = &dv->d.opportunities;
	char buf[256], amount[64], day[64];

	str_format(buf, sizeof(buf), _("Open opportunities (%zu)"), ol->n);
	heading(dv, width, buf);
	if (!ol->n)
		put(new_line(dv), INDENT, width, ELEM_DIM, _("no open opportunities"));
	for (size_t i = 0; i < ol->n; i++) {
		const struct opportunity *o = &ol->items[i];
		struct line *l = new_line(dv);
		money_format(o->amount_minor, o->currency, amount, sizeof(amount));
		display_day(cfg, o->close_day, day, sizeof(day));
		seg(l, INDENT, 11, ELEM_NORMAL, ALIGN_LEFT, o->kind);
		seg(l, INDENT + 11, 16, ELEM_NORMAL, ALIGN_RIGHT, amount);
		seg(l, INDENT + 29, 12, ELEM_NORMAL, ALIGN_LEFT, o->stage);
		str_format(buf, sizeof(buf), _("close %s, owner %s"), day, o->owner);
		put(l, INDENT + 42, width, ELEM_DIM, buf);
	}
}

/* The most recent feedback: day, area, request type and author, then the
 * customer's words wrapped by display width. */
static void build_feedback(struct tui *tui, struct detail_view *dv, int width)
{
	const struct config *cfg = &tui->app->cfg;
	const struct account_detail *d = &dv->d;
	char buf[256], day[64];

	if (d->n_feedback_all > d->feedback.n)
		str_format(buf, sizeof(buf), _("Recent feedback (%zu of %zu)"), d->feedback.n, d->n_feedback_all);
	else
		str_format(buf, sizeof(buf), _("Recent feedback (%zu)"), d->feedback.n);
	heading(dv, width, buf);
	if (!d->feedback.n)
		put(new_line(dv), INDENT, width, ELEM_DIM, _("no feedback recorded"));
	for (size_t i = 0; i < d->feedback.n; i++) {
		const struct feedback *f = &d->feedback.items[i];
		struct line *l = new_line(dv);
		int x;
		display_day(cfg, f->day, day, sizeof(day));
		x = put(l, INDENT, width, ELEM_NORMAL, day);
		x = put(l, x + 2, width, ELEM_NORMAL, f->area);
		x = put(l, x + 2, width, ELEM_NORMAL, f->request);
		str_format(buf, sizeof(buf), _("by %s"), f->author);
		put(l, x + 2, width, ELEM_DIM, buf);
		wrapped(dv, INDENT + 4, width - INDENT - 4, ELEM_NORMAL, f->text);
	}
}

static void build(struct tui *tui, struct detail_view *dv, int width)
{
	lines_clear(dv);
	build_facts(tui, dv, width);
	build_health(tui, dv, width);
	build_usage(tui, dv, width);
	build_risks(tui, dv, width);
	build_notes(tui, dv, width);
	build_touches(tui, dv, width);
	build_opportunities(tui, dv, width);
	build_feedback(tui, dv, width);
	dv->built_w = width;
}

/* ---- The view --------------------------------------------------------------------- */

static int load(struct tui *tui, struct detail_view *dv)
{
	struct app *app = tui->app;
	struct account_detail fresh;
	char keep[32] = "";
	size_t sel = 0;

	if (dv->loaded && dv->note_sel < dv->d.n_notes)
		str_copy(keep, sizeof(keep), dv->d.notes[dv->note_sel].id);

	if (detail_load(&app->store, &app->cfg, dv->crm_id, app->today, &fresh) < 0) {
		detail_free(&fresh);
		return -1;
	}
	if (dv->loaded)
		detail_free(&dv->d);
	dv->d = fresh;
	dv->loaded = true;
	lines_clear(dv);
	/* the note selected before, else my newest one, else the newest */
	for (size_t i = fresh.n_notes; i-- > 0;)
		if (str_eq(fresh.notes[i].author, app->cfg.me))
			sel = i;
	for (size_t i = 0; keep[0] && i < fresh.n_notes; i++)
		if (str_eq(fresh.notes[i].id, keep))
			sel = i;
	dv->note_sel = sel;
	return 0;
}

static int detail_open(struct tui *tui, struct view *view)
{
	struct detail_view *dv = xcalloc(1, sizeof(*dv));

	view->data = dv;
	str_copy(dv->crm_id, sizeof(dv->crm_id), view->arg ? (const char *)view->arg : "");
	return load(tui, dv);
}

static void detail_close(struct tui *tui, struct view *view)
{
	struct detail_view *dv = view->data;

	(void)tui;
	if (!dv)
		return;
	lines_clear(dv);
	if (dv->loaded)
		detail_free(&dv->d);
	free(dv->note_line);
	free(dv);
	view->data = NULL;
}

static size_t max_top(const struct detail_view *dv)
{
	size_t h = dv->height > 0 ? (size_t)dv->height : 1;
	return dv->n_lines > h ? dv->n_lines - h : 0;
}

static void detail_draw(struct tui *tui, struct view *view, struct tui_rect r)
{
	struct detail_view *dv = view->data;
	const char *dot = tui->utf8 ? " · " : " | ";
	char line[512], back[32];
	struct tui_rect body = { r.y + 1, r.x, r.h - 1, r.w };

	/* the account's line stays on top */
	tui_fill(r.y, r.x, r.w, ELEM_HEADER);
	str_format(line, sizeof(line), " %s%s%s", dv->d.crm_id, dot, dv->d.name);
	tui_action_key_name(tui, ACTION_QUIT, back, sizeof(back));
	char right[64];
	str_format(right, sizeof(right), _("%s back "), back[0] ? back : "quit");
	int rw = text_width(right);
	if (rw < r.w / 3) {
		tui_put(r.y, r.x, r.w - rw - 1, ELEM_HEADER, ALIGN_LEFT, line);
		tui_put(r.y, r.x + r.w - rw, rw, ELEM_HEADER, ALIGN_LEFT, right);
	} else {
		tui_put(r.y, r.x, r.w, ELEM_HEADER, ALIGN_LEFT, line);
	}

	if (dv->built_w != r.w)
		build(tui, dv, r.w);
	dv->height = body.h;
	if (dv->top > max_top(dv))
		dv->top = max_top(dv);
	for (int i = 0; i < body.h && dv->top + (size_t)i < dv->n_lines; i++) {
		const struct line *l = &dv->lines[dv->top + (size_t)i];
		bool sel = dv->d.n_notes && dv->note_line && dv->top + (size_t)i == dv->note_line[dv->note_sel];
		if (sel)
			tui_fill(body.y + i, r.x, r.w, ELEM_SELECTED);
		for (size_t k = 0; k < l->n; k++) {
			const struct seg *s = &l->segs[k];
			int w = s->x + s->w > r.w ? r.w - s->x : s->w;
			if (w > 0)
				tui_put(body.y + i, r.x + s->x, w, sel ? ELEM_SELECTED : s->e, s->align, s->text);
		}
	}
	size_t last = dv->top + (size_t)body.h;
	if (last > dv->n_lines)
		last = dv->n_lines;
	str_format(tui->status_right, sizeof(tui->status_right), "%s  %zu-%zu/%zu", dv->d.crm_id,
		   dv->n_lines ? dv->top + 1 : 0, last, dv->n_lines);
}

static void scroll_by(struct detail_view *dv, long delta)
{
	long top = (long)dv->top + delta, max = (long)max_top(dv);
	dv->top = (size_t)(top < 0 ? 0 : top > max ? max : top);
}

/* Selects the next or previous note and scrolls it into sight. */
static void step_note(struct tui *tui, struct detail_view *dv, int dir)
{
	size_t line;

	if (!dv->d.n_notes) {
		tui_error(tui, _("no notes on %s yet"), dv->d.name);
		return;
	}
	if (dir > 0 && dv->note_sel + 1 < dv->d.n_notes)
		dv->note_sel++;
	else if (dir < 0 && dv->note_sel > 0)
		dv->note_sel--;
	if (!dv->note_line)
		return;
	line = dv->note_line[dv->note_sel];
	if (line < dv->top || line >= dv->top + (size_t)(dv->height > 0 ? dv->height : 1))
		dv->top = line > 2 ? line - 2 : 0;
	if (dv->top > max_top(dv))
		dv->top = max_top(dv);
}

/* e, x: the selected note, if it is mine; else a message saying why not. */
static const struct detail_note *own_selected(struct tui *tui, struct detail_view *dv, enum tui_action a)
{
	const struct detail_note *n;
	char kl[32];

	if (!dv->d.n_notes) {
		tui_action_key_name(tui, ACTION_LOG, kl, sizeof(kl));
		tui_error(tui, _("no notes on %s yet: %s logs one"), dv->d.name, kl[0] ? kl : "log");
		return NULL;
	}
	n = &dv->d.notes[dv->note_sel];
	if (!str_eq(n->author, tui->app->cfg.me)) {
		tui_error(tui, a == ACTION_EDIT_NOTE ? _("that note is %s's: only your own notes can be edited")
						     : _("that note is %s's: only your own notes can be deleted"), n->author);
		return NULL;
	}
	return n;
}

static enum tui_result detail_key(struct tui *tui, struct view *view, enum tui_action action, int key)
{
	struct detail_view *dv = view->data;
	long page = dv->height > 1 ? dv->height - 1 : 1;
	struct touch_ref t;

	(void)key;
	switch (action) {
	case ACTION_MOVE_DOWN:      scroll_by(dv, 1); return TUI_REDRAW;
	case ACTION_MOVE_UP:        scroll_by(dv, -1); return TUI_REDRAW;
	case ACTION_MOVE_FIRST:     dv->top = 0; return TUI_REDRAW;
	case ACTION_MOVE_LAST:      dv->top = max_top(dv); return TUI_REDRAW;
	case ACTION_PAGE_DOWN:      scroll_by(dv, page); return TUI_REDRAW;
	case ACTION_PAGE_UP:        scroll_by(dv, -page); return TUI_REDRAW;
	case ACTION_HALF_PAGE_DOWN: scroll_by(dv, (page + 1) / 2); return TUI_REDRAW;
	case ACTION_HALF_PAGE_UP:   scroll_by(dv, -(page + 1) / 2); return TUI_REDRAW;
	case ACTION_QUIT:
	case ACTION_CLOSE:          return TUI_QUIT;
	case ACTION_NEXT_NOTE:      step_note(tui, dv, 1); return TUI_REDRAW;
	case ACTION_PREV_NOTE:      step_note(tui, dv, -1); return TUI_REDRAW;
	case ACTION_DONE:
		if (touch_prompt_next(tui, dv->crm_id, dv->d.name, &t))
			touch_prompt_done(tui, &t);
		return TUI_HANDLED;
	case ACTION_SNOOZE:
		if (touch_prompt_next(tui, dv->crm_id, dv->d.name, &t))
			touch_prompt_snooze(tui, &t, NULL, NULL);
		return TUI_HANDLED;
	case ACTION_RESCHEDULE:
		if (touch_prompt_next(tui, dv->crm_id, dv->d.name, &t))
			touch_prompt_move(tui, &t);
		return TUI_HANDLED;
	case ACTION_SCHEDULE:
		touch_prompt_schedule(tui, dv->crm_id, dv->d.name);
		return TUI_HANDLED;
	case ACTION_NEW_RISK:
		risk_prompt_new(tui, dv->crm_id, dv->d.name);
		return TUI_HANDLED;
	case ACTION_UNDO:
		tui_undo(tui);
		return TUI_HANDLED;
	case ACTION_LOG:
		if (tui_view_push(tui, &log_view_ops, &(struct log_form_arg){ dv->crm_id, NULL }) < 0)
			tui_error(tui, "%s", error_message());
		return TUI_HANDLED;
	case ACTION_RISKS:
		if (tui_view_push(tui, &risks_view_ops, dv->crm_id) < 0)
			tui_error(tui, "%s", error_message());
		return TUI_HANDLED;
	case ACTION_EDIT_NOTE:
	case ACTION_DELETE_NOTE: {
		const struct detail_note *n = own_selected(tui, dv, action);
		if (!n)
			return TUI_HANDLED;
		if (action == ACTION_EDIT_NOTE) {
			if (tui_view_push(tui, &log_view_ops, &(struct log_form_arg){ dv->crm_id, n->id }) < 0)
				tui_error(tui, "%s", error_message());
			return TUI_HANDLED;
		}
		note_prompt_delete(tui, dv->crm_id, n->id, n->touch_day, n->kind);
		return TUI_HANDLED;
	}
	default:                    return TUI_IGNORED;
	}
}

static enum tui_result detail_mouse(struct tui *tui, struct view *view, const MEVENT *ev)
{
	struct detail_view *dv = view->data;

	(void)tui;
	if (ev->bstate & BUTTON4_PRESSED) {
		scroll_by(dv, -TUI_WHEEL_ROWS);
		return TUI_REDRAW;
	}
	if (ev->bstate & BUTTON5_PRESSED) {
		scroll_by(dv, TUI_WHEEL_ROWS);
		return TUI_REDRAW;
	}
	return TUI_IGNORED;
}

static void detail_reload(struct tui *tui, struct view *view)
{
	struct detail_view *dv = view->data;

	if (load(tui, dv) < 0)
		tui_error(tui, "%s", error_message());
}

/* a page to read: movement, help, back */
static const enum tui_action detail_hints[] = {
	ACTION_MOVE_DOWN, ACTION_MOVE_UP, ACTION_PAGE_DOWN, ACTION_LOG, ACTION_EDIT_NOTE, ACTION_NEXT_NOTE,
	ACTION_UNDO, ACTION_RISKS, ACTION_HELP, ACTION_QUIT, ACTION_NONE,
};

/* every key the view takes, for the help screen */
static const enum tui_action detail_actions[] = {
	ACTION_MOVE_DOWN, ACTION_MOVE_UP, ACTION_MOVE_FIRST, ACTION_MOVE_LAST, ACTION_PAGE_DOWN,
	ACTION_PAGE_UP, ACTION_HALF_PAGE_DOWN, ACTION_HALF_PAGE_UP, ACTION_REDRAW, ACTION_LOG,
	ACTION_EDIT_NOTE, ACTION_DELETE_NOTE, ACTION_NEXT_NOTE, ACTION_PREV_NOTE, ACTION_DONE, ACTION_SNOOZE,
	ACTION_RESCHEDULE, ACTION_SCHEDULE, ACTION_NEW_RISK, ACTION_UNDO, ACTION_RISKS, ACTION_SYNC,
	ACTION_HELP, ACTION_CLOSE, ACTION_QUIT, ACTION_NONE,
};

const struct view_ops detail_view_ops = {
	.name = "detail",
	.open = detail_open,
	.draw = detail_draw,
	.key = detail_key,
	.reload = detail_reload,
	.mouse = detail_mouse,
	.close = detail_close,
	.hints = detail_hints,
	.actions = detail_actions,
};
