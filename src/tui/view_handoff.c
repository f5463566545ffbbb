/* view_handoff.c - the handoff brief of an absent owner (handoff_view_ops)
 * and "while you were out" for the owner who returns (changes_view_ops).
 *
 * Both read the core's structures (handoff.h: the same brief `csconsole
 * handoff` prints, the same changes as `csconsole changes`) and lay them out
 * as a page: lines of coloured segments grouped into one block per account,
 * built for one width and kept until the width or the data changes (as the
 * detail view does). The selection is a block: j/k move by account, the page
 * keys and the wheel scroll by lines and the selection follows what is on
 * screen. Two fixed lines (who and when) stay above the body.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csconsole/playbook.h"
#include "csconsole/book.h"
#include "csconsole/date.h"
#include "csconsole/display.h"
#include "csconsole/detail.h"
#include "csconsole/handoff.h"
#include "csconsole/text.h"
#include "csconsole/tui.h"
#include "csconsole/tui_labels.h"

#define HEAD_ROWS 2           /* the fixed lines above the body */
#define INDENT 3              /* a block's lines below its title */
#define LABEL_W 12            /* the brief's labels ("covered by"): at least; see brief_label_w() */

/* ---- The page: lines in blocks ----------------------------------------------- */

struct seg {
	int x, w;
	enum theme_element e;
	char *text;
};

struct line {
	struct seg *segs;
	size_t n, cap;
	size_t block;             /* the block (account) it belongs to */
	bool title;               /* the block's first line: drawn selected */
};

struct page {
	struct line *lines;
	size_t n_lines, cap_lines;
	size_t *first;            /* the first line of each block */
	size_t n_blocks, cap_blocks;
	int built_w;              /* the width the lines were laid out for; 0 = none */
	int last_w;               /* the body's width at the last draw */
	size_t top;               /* first line shown */
	size_t sel;               /* selected block */
	int height, y;            /* body rows and its first screen row at the last draw */
};

static void page_clear(struct page *pg)
{
	for (size_t i = 0; i < pg->n_lines; i++) {
		for (size_t k = 0; k < pg->lines[i].n; k++)
			free(pg->lines[i].segs[k].text);
		free(pg->lines[i].segs);
	}
	free(pg->lines);
	free(pg->first);
	pg->lines = NULL;
	pg->first = NULL;
	pg->n_lines = pg->cap_lines = pg->n_blocks = pg->cap_blocks = 0;
	pg->built_w = 0;
}

static void page_block(struct page *pg)
{
	if (pg->n_blocks == pg->cap_blocks) {
		pg->cap_blocks = pg->cap_blocks ? pg->cap_blocks * 2 : 16;
		pg->first = xreallocarray(pg->first, pg->cap_blocks, sizeof(*pg->first));
	}
	pg->first[pg->n_blocks++] = pg->n_lines;
}

static struct line *page_line(struct page *pg)
{
	if (pg->n_lines == pg->cap_lines) {
		pg->cap_lines = pg->cap_lines ? pg->cap_lines * 2 : 128;
		pg->lines = xreallocarray(pg->lines, pg->cap_lines, sizeof(*pg->lines));
	}
	struct line *l = &pg->lines[pg->n_lines];
	memset(l, 0, sizeof(*l));
	l->block = pg->n_blocks ? pg->n_blocks - 1 : 0;
	l->title = pg->n_blocks && pg->first[pg->n_blocks - 1] == pg->n_lines;
	pg->n_lines++;
	return l;
}

static void seg(struct line *l, int x, int w, enum theme_element e, const char *text)
{
	if (w <= 0)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->segs = xreallocarray(l->segs, l->cap, sizeof(*l->segs));
	}
	l->segs[l->n++] = (struct seg){ x, w, e, xstrdup(text ? text : "") };
}

/* A segment as wide as its text (cut at maxw); returns the x after it. */
static int put(struct line *l, int x, int maxw, enum theme_element e, const char *text)
{
	int w = text_width(text);
	if (w > maxw - x)
		w = maxw - x;
	seg(l, x, w, e, text);
	return x + (w > 0 ? w : 0);
}

/* A segment ending at the right edge (width), when it fits right of from. */
static void put_right(struct line *l, int from, int width, enum theme_element e, const char *text)
{
	int w = text_width(text);
	if (width - 1 - w >= from + 2)
		seg(l, width - 1 - w, w, e, text);
}

/* The brief's labels, translated where drawn. */
static const char *const brief_labels[] = {
	N_("covered by"), N_("health"), N_("last touch"), N_("sentiment"), N_("open risks"), N_("blind spot"),
	N_("renewal"), N_("window"), N_("notes"), N_("champion"),
};

/* The label column: LABEL_W, or the widest translated label and two spaces. */
static int brief_label_w(void)
{
	int w = LABEL_W;

	for (size_t i = 0; i < ARRAY_SIZE(brief_labels); i++)
		if (text_width(_(brief_labels[i])) + 2 > w)
			w = text_width(_(brief_labels[i])) + 2;
	return w;
}

/* "label       value" at the block's indent; returns the line. */
static struct line *labelled(struct page *pg, int width, const char *label, enum theme_element e,
			     const char *value)
{
	struct line *l = page_line(pg);
	seg(l, INDENT, brief_label_w() - 1, ELEM_DIM, label);
	put(l, INDENT + brief_label_w(), width, e, value);
	return l;
}

static size_t block_end(const struct page *pg, size_t b)
{
	return b + 1 < pg->n_blocks ? pg->first[b + 1] : pg->n_lines;
}

static size_t page_rows(const struct page *pg)
{
	return pg->height > 0 ? (size_t)pg->height : 1;
}

static size_t max_top(const struct page *pg)
{
	size_t h = page_rows(pg);
	return pg->n_lines > h ? pg->n_lines - h : 0;
}

/* Scrolls so the selected block shows: whole when it fits, else its title on top. */
static void show_sel(struct page *pg)
{
	size_t h = page_rows(pg), a, z;

	if (!pg->n_blocks)
		return;
	if (pg->sel >= pg->n_blocks)
		pg->sel = pg->n_blocks - 1;
	a = pg->first[pg->sel];
	z = block_end(pg, pg->sel);
	if (a < pg->top)
		pg->top = a;
	else if (z > pg->top + h)
		pg->top = z - a > h ? a : z - h;
	if (pg->top > max_top(pg))
		pg->top = max_top(pg);
}

/* After a scroll: keep the selection if its title shows, else select the
 * first block whose title shows, else the block at the top. */
static void follow(struct page *pg)
{
	size_t h = page_rows(pg), a;

	if (!pg->n_blocks)
		return;
	a = pg->first[pg->sel < pg->n_blocks ? pg->sel : 0];
	if (pg->sel < pg->n_blocks && a >= pg->top && a < pg->top + h)
		return;
	for (size_t b = 0; b < pg->n_blocks; b++) {
		if (pg->first[b] >= pg->top && pg->first[b] < pg->top + h) {
			pg->sel = b;
			return;
		}
	}
	for (size_t b = pg->n_blocks; b-- > 0;) {
		if (pg->first[b] <= pg->top) {
			pg->sel = b;
			return;
		}
	}
}

static void scroll_by(struct page *pg, long delta)
{
	long top = (long)pg->top + delta, max = (long)max_top(pg);
	pg->top = (size_t)(top < 0 ? 0 : top > max ? max : top);
	follow(pg);
}

/* A movement action; true if it was one. */
static bool page_key(struct page *pg, enum tui_action action)
{
	long page = pg->height > 1 ? pg->height - 1 : 1;

	switch (action) {
	case ACTION_MOVE_DOWN:
		if (pg->sel + 1 < pg->n_blocks)
			pg->sel++;
		show_sel(pg);
		return true;
	case ACTION_MOVE_UP:
		if (pg->sel > 0)
			pg->sel--;
		show_sel(pg);
		return true;
	case ACTION_MOVE_FIRST:
		pg->sel = 0;
		pg->top = 0;
		return true;
	case ACTION_MOVE_LAST:
		pg->sel = pg->n_blocks ? pg->n_blocks - 1 : 0;
		pg->top = max_top(pg);
		show_sel(pg);
		return true;
	case ACTION_PAGE_DOWN:      scroll_by(pg, page); return true;
	case ACTION_PAGE_UP:        scroll_by(pg, -page); return true;
	case ACTION_HALF_PAGE_DOWN: scroll_by(pg, (page + 1) / 2); return true;
	case ACTION_HALF_PAGE_UP:   scroll_by(pg, -(page + 1) / 2); return true;
	default:                    return false;
	}
}

/* The wheel scrolls, a click selects the account under it. */
static bool page_mouse(struct page *pg, const MEVENT *ev)
{
	if (ev->bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		scroll_by(pg, ev->bstate & BUTTON4_PRESSED ? -TUI_WHEEL_ROWS : TUI_WHEEL_ROWS);
		return true;
	}
	if (ev->bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) {
		size_t row;
		if (ev->y < pg->y || ev->y >= pg->y + (int)page_rows(pg))
			return false;
		row = pg->top + (size_t)(ev->y - pg->y);
		if (row >= pg->n_lines)
			return false;
		pg->sel = pg->lines[row].block;
		return true;
	}
	return false;
}

static void page_draw(struct tui *tui, struct page *pg, struct tui_rect r)
{
	pg->height = r.h;
	pg->y = r.y;
	if (pg->top > max_top(pg))
		pg->top = max_top(pg);
	for (int i = 0; i < r.h && pg->top + (size_t)i < pg->n_lines; i++) {
		const struct line *l = &pg->lines[pg->top + (size_t)i];
		bool in_sel = l->block == pg->sel && pg->n_blocks;
		bool hi = in_sel && l->title;
		if (hi)
			tui_fill(r.y + i, r.x, r.w, ELEM_SELECTED);
		else if (in_sel)   /* a bar down the selected block's left edge */
			tui_put(r.y + i, r.x, 1, ELEM_SPARKLINE, ALIGN_LEFT, tui->utf8 ? "▎" : "|");
		for (size_t k = 0; k < l->n; k++) {
			const struct seg *s = &l->segs[k];
			int w = s->x + s->w > r.w ? r.w - s->x : s->w;
			if (w > 0)
				tui_put(r.y + i, r.x + s->x, w, hi ? ELEM_SELECTED : s->e, ALIGN_LEFT, s->text);
		}
	}
}

/* A notice in place of an empty body: lines centred a third of the way down. */
static void notice(struct tui_rect r, const char *const *lines, size_t n)
{
	int y = r.y + (r.h - (int)n) / 3;
	for (size_t i = 0; i < n; i++)
		if (y + (int)i < r.y + r.h && *lines[i])
			tui_put_centered(y + (int)i, r.x, r.w, i ? ELEM_DIM : ELEM_NOTICE, lines[i]);
}

/* ---- Shared pieces --------------------------------------------------------------- */

static const char *dot(const struct tui *tui)
{
	return tui->utf8 ? " · " : " | ";
}

/* The two fixed lines: the header (left, "q back" right) and a line of
 * context (left, key reminders right). */
static void draw_head(struct tui *tui, struct tui_rect r, const char *head, const char *context,
		      const char *keys)
{
	char back[32], right[64];
	int rw;

	tui_fill(r.y, r.x, r.w, ELEM_HEADER);
	tui_action_key_name(tui, ACTION_QUIT, back, sizeof(back));
	str_format(right, sizeof(right), _("%s back "), back[0] ? back : "quit");
	rw = text_width(right);
	if (rw < r.w / 3) {
		tui_put(r.y, r.x, r.w - rw - 1, ELEM_HEADER, ALIGN_LEFT, head);
		tui_put(r.y, r.x + r.w - rw, rw, ELEM_HEADER, ALIGN_LEFT, right);
	} else {
		tui_put(r.y, r.x, r.w, ELEM_HEADER, ALIGN_LEFT, head);
	}
	rw = text_width(keys);
	if (*keys && rw + 1 < r.w / 3) {
		tui_put(r.y + 1, r.x, r.w - rw - 3, ELEM_DIM, ALIGN_LEFT, context);
		tui_put(r.y + 1, r.x + r.w - rw - 1, rw, ELEM_DIM, ALIGN_LEFT, keys);
	} else {
		tui_put(r.y + 1, r.x, r.w, ELEM_DIM, ALIGN_LEFT, context);
	}
}

/* "o owner": the keys in force for the view's actions to which the table
 * gives no status-line hint, so the view names them itself. */
static void key_reminders(const struct tui *tui, const enum tui_action *actions, const char *const *words,
			  char *out, size_t size)
{
	struct sbuf b = { 0 };
	for (size_t i = 0; actions[i] != ACTION_NONE; i++) {
		char key[32];
		tui_action_key_name(tui, actions[i], key, sizeof(key));
		if (key[0] && !tui_action_hint(actions[i]))   /* else the status line has it */
			sbuf_addf(&b, "%s%s %s", b.len ? "  " : "", key, _(words[i]));
	}
	str_copy(out, size, sbuf_str(&b));
	sbuf_free(&b);
}

/* ---- The handoff brief -------------------------------------------------------------- */

struct handoff_view {
	char owner[64];           /* whose brief; "" until given */
	bool loaded;              /* h holds a brief */
	bool no_absence;          /* the owner has no absence today or later */
	struct handoff h;
	size_t n_reviewed;
	int author_w, kind_w, label_w;   /* the columns of notes and touchpoints */
	int when_w, status_w;            /* a window item's when and touchpoint status */
	struct page pg;
};

/* Loads the brief of hv->owner again (the selection stays on its account).
 * An owner without an absence is no error: the view says so. */
static int handoff_load(struct tui *tui, struct handoff_view *hv)
{
	struct app *app = tui->app;
	struct handoff_absence ab;
	struct handoff fresh;
	char sel_id[64] = "";
	bool found, known;

	if (hv->loaded && hv->pg.sel < hv->h.n)
		str_copy(sel_id, sizeof(sel_id), hv->h.accounts[hv->pg.sel].d.crm_id);
	if (!hv->owner[0]) {
		found = false;
	} else {
		if (handoff_find_absence(&app->store, hv->owner, app->today, &ab, &found) < 0) {
			handoff_absence_free(&ab);
			return -1;
		}
		handoff_absence_free(&ab);
	}
	if (!found) {
		if (hv->owner[0]) {
			if (book_owner_known(&app->store, hv->owner, &known) < 0)
				return -1;
			if (!known)
				return error(_("%s owns no account and has no absence: give a CSM's handle "
					       "(feeds/team.yaml lists them)"), hv->owner);
		}
		if (hv->loaded)
			handoff_free(&hv->h);
		hv->loaded = false;
		hv->no_absence = hv->owner[0] != '\0';
		hv->n_reviewed = 0;
		page_clear(&hv->pg);
		hv->pg.sel = hv->pg.top = 0;
		return 0;
	}
	if (handoff_build(&app->store, &app->cfg, hv->owner, DAY_NONE, DAY_NONE, app->today, &fresh) < 0) {
		handoff_free(&fresh);
		return -1;
	}
	if (hv->loaded)
		handoff_free(&hv->h);
	hv->h = fresh;
	hv->loaded = true;
	hv->no_absence = false;
	hv->n_reviewed = 0;
	for (size_t i = 0; i < hv->h.n; i++) {
		if (hv->h.accounts[i].reviewed)
			hv->n_reviewed++;
		if (sel_id[0] && str_eq(hv->h.accounts[i].d.crm_id, sel_id))
			hv->pg.sel = i;
	}
	if (hv->pg.sel >= hv->h.n)
		hv->pg.sel = hv->h.n ? hv->h.n - 1 : 0;
	page_clear(&hv->pg);
	return 0;
}

static void person(const char *handle, const char *name, char *out, size_t size)
{
	if (!*handle)
		str_copy(out, size, _("nobody (no sub owner)"));
	else
		detail_person(handle, name, out, size);
}

static void review_mark(const struct tui *tui, const struct handoff_account *a, char *out, size_t size)
{
	char day[64];
	int64_t ts = a->reviewed_at;
	int d = (int)(ts >= 0 ? ts / 86400 : (ts - 86399) / 86400);

	if (!a->reviewed) {
		str_copy(out, size, _("not reviewed"));
		return;
	}
	display_day(&tui->app->cfg, d, day, sizeof(day));
	str_format(out, size, a->review_local ? _("reviewed by %s %s (local)") : _("reviewed by %s %s"), a->reviewer,
		   day);
}

static void build_account(struct tui *tui, struct handoff_view *hv, const struct handoff_account *a, int width)
{
	const struct config *cfg = &tui->app->cfg;
	const struct account_detail *d = &a->d;
	struct page *pg = &hv->pg;
	char buf[512], day[64], spark[128];
	struct line *l;
	int x;

	page_block(pg);
	l = page_line(pg);
	review_mark(tui, a, buf, sizeof(buf));
	x = put(l, 1, width, ELEM_TITLE, d->crm_id);
	x = put(l, x + 2, width - text_width(buf) - 3, ELEM_TITLE, d->name);
	put_right(l, x, width, a->reviewed ? ELEM_DELTA_UP : ELEM_DIM, buf);

	person(a->covering, a->covering_name, buf, sizeof(buf));
	labelled(pg, width, _("covered by"), !*a->covering ? ELEM_RISK_HIGH
		 : str_eq(a->covering, cfg->me) ? ELEM_ROLE_COVERING : ELEM_NORMAL, buf);

	l = labelled(pg, width, _("health"), ELEM_DIM, "");
	x = INDENT + brief_label_w();
	if (!d->has_health) {
		put(l, x, width, ELEM_DIM, _("- (no health snapshots)"));
	} else {
		struct book_row row;
		memset(&row, 0, sizeof(row));
		str_format(buf, sizeof(buf), "%ld %s", health_round(d->health_score), health_band_label(d->band));
		x = put(l, x, width, tui_band_element(cfg, d->health_score), buf);
		for (size_t i = 0; i < a->n_weekly && i < ARRAY_SIZE(row.spark); i++)
			row.spark[row.n_spark++] = (float)a->weekly[i];
		book_sparkline(&row, tui->utf8, spark, sizeof(spark));
		if (*spark)
			x = put(l, put(l, x, width, ELEM_DIM, "  "), width, ELEM_SPARKLINE, spark);
		bool narrow = width < 90;   /* "4w -3" rather than "4 weeks -3" */
		if (d->has_delta) {
			long dl = health_round(d->delta4w);
			x = put(l, x, width, ELEM_DIM, narrow ? _("  4w ") : _("  4 weeks "));
			str_format(buf, sizeof(buf), dl ? "%+ld" : "%ld", dl);
			x = put(l, x, width, tui_delta_element(dl), buf);
		}
		if (a->has_delta12) {
			long dl = health_round(a->delta12w);
			x = put(l, x, width, ELEM_DIM, narrow ? _("  12w ") : _("  12 weeks "));
			str_format(buf, sizeof(buf), dl ? "%+ld" : "%ld", dl);
			put(l, x, width, tui_delta_element(dl), buf);
		}
	}

	if (d->last_touch.day != DAY_NONE) {
		char what[64];
		display_day(&tui->app->cfg, d->last_touch.day, day, sizeof(day));
		handoff_touch_kind(&d->last_touch, what, sizeof(what));
		str_format(buf, sizeof(buf), _("%s %s by %s"), day, what, d->last_touch.author);
		labelled(pg, width, _("last touch"), ELEM_NORMAL, buf);
	} else {
		labelled(pg, width, _("last touch"), ELEM_DIM, _("- (no touch)"));
	}

	l = labelled(pg, width, _("sentiment"), ELEM_DIM, a->n_sentiments ? "" : _("- (no note with a sentiment)"));
	x = INDENT + brief_label_w();
	for (size_t i = 0; i < a->n_sentiments; i++) {
		str_format(buf, sizeof(buf), "%d", a->sentiments[i]);
		x = put(l, x + (i ? 1 : 0), width, tui_sentiment_element(cfg, a->sentiments[i]), buf);
	}
	if (a->n_sentiments) {
		int last = a->sentiments[a->n_sentiments - 1];
		const struct strlist *lb = &cfg->sentiment_labels;
		if (last >= 1 && (size_t)last <= lb->len) {
			char *clean = text_sanitize(sentiment_label(cfg, last), false);
			str_format(buf, sizeof(buf), _("  (oldest first; last: %s)"), clean);
			free(clean);
		} else {
			str_copy(buf, sizeof(buf), _("  (oldest first)"));
		}
		put(l, x, width, ELEM_DIM, buf);
	}

	bool any = false;
	for (size_t i = 0; i < d->n_risks; i++) {
		const struct detail_risk *r = &d->risks[i];
		if (!r->open)
			continue;
		l = labelled(pg, width, any ? "" : _("open risks"), ELEM_NORMAL, "");
		x = INDENT + brief_label_w();
		seg(l, x, 7, str_eq(r->severity, "high") ? ELEM_RISK_HIGH : str_eq(r->severity, "medium")
			     ? ELEM_RISK_MEDIUM : ELEM_NORMAL, tui_choice_label(r->severity));
		x = put(l, x + 7, width, ELEM_NORMAL, risk_category_label(&tui->app->cfg, r->category));
		x = put(l, x, width, ELEM_NORMAL, ": ");
		display_day(&tui->app->cfg, r->opened_day, day, sizeof(day));
		str_format(buf, sizeof(buf), "  (%s, %s)", r->author, day);
		/* the text takes what the author and day leave */
		int tail = text_width(buf);
		x = put(l, x, width - tail > x + 8 ? width - tail : width, ELEM_NORMAL, r->text);
		put(l, x, width, ELEM_DIM, buf);
		any = true;
	}
	if (!any)
		labelled(pg, width, _("open risks"), ELEM_DIM, pgettext("brief", "none"));
	if (a->blind.flag != BLINDSPOT_NONE) {
		l = labelled(pg, width, _("blind spot"), a->blind.flag == BLINDSPOT_HIDDEN_RISK ? ELEM_RISK_HIGH
			     : ELEM_HEALTH_GREEN, tui_blindspot_label(a->blind.flag));
		x = put(l, INDENT + brief_label_w() + text_width(tui_blindspot_label(a->blind.flag)), width,
			ELEM_NORMAL, ": ");
		put(l, x, width, ELEM_NORMAL, a->blind.reason);
	}

	if (d->renewal_day != DAY_NONE) {
		display_day(&tui->app->cfg, d->renewal_day, day, sizeof(day));
		str_format(buf, sizeof(buf), _("%s (%d days left)"), day, d->days_left);
		labelled(pg, width, _("renewal"), d->days_left < 0 ? ELEM_RENEWAL_PAST : ELEM_NORMAL, buf);
	} else {
		labelled(pg, width, _("renewal"), ELEM_DIM, "-");
	}

	if (!a->n_items) {
		display_day(&tui->app->cfg, hv->h.window_end, day, sizeof(day));
		str_format(buf, sizeof(buf), _("no touchpoint or renewal to %s"), day);
		labelled(pg, width, _("window"), ELEM_DIM, buf);
	}
	for (size_t i = 0; i < a->n_items; i++) {
		const struct handoff_item *it = &a->items[i];
		enum theme_element e = it->when == HANDOFF_OVERDUE ? ELEM_OVERDUE
				     : it->when == HANDOFF_DURING ? ELEM_RENEWAL_NEAR : ELEM_NORMAL;
		l = labelled(pg, width, i ? "" : _("window"), ELEM_NORMAL, "");
		x = INDENT + brief_label_w();
		display_day(&tui->app->cfg, it->day, day, sizeof(day));
		x = put(l, x, width, ELEM_NORMAL, day);
		seg(l, x + 2, hv->when_w, e, tui_when_label(it->when));
		x += hv->when_w + 2;
		if (!it->touch) {
			put(l, x, width, e, pgettext("brief", "renewal"));
			continue;
		}
		const struct detail_touch *t = it->touch;
		const char *tp = _("touchpoint");
		int tp_w = text_width(tp) + 1 > 11 ? text_width(tp) + 1 : 11;
		seg(l, x, tp_w, ELEM_NORMAL, tp);
		seg(l, x + tp_w, hv->kind_w + 1, ELEM_NORMAL, *t->kind ? tui_choice_label(t->kind) : "-");
		x += tp_w + 1 + hv->kind_w;
		seg(l, x, hv->status_w, ELEM_DIM, touch_status_label(t->status));
		struct sbuf pb = {0};
		if (*t->note)
			str_format(buf, sizeof(buf), _("by %s: %s"), t->author,
				   playbook_note_text(&tui->app->cfg, t->note, &pb));
		else
			str_format(buf, sizeof(buf), _("by %s"), t->author);
		sbuf_free(&pb);
		x += hv->status_w;
		if (width - x < 20 && text_width(buf) > width - x) {   /* narrow: a line of its own */
			l = page_line(pg);
			x = INDENT + brief_label_w() + 2;
		}
		put(l, x, width, ELEM_DIM, buf);
	}

	if (!d->n_notes)
		labelled(pg, width, _("notes"), ELEM_DIM, pgettext("brief", "none"));
	for (size_t i = 0; i < d->n_notes && i < HANDOFF_NOTES; i++) {
		const struct detail_note *n = &d->notes[i];
		l = labelled(pg, width, i ? "" : _("notes"), ELEM_NORMAL, "");
		x = INDENT + brief_label_w();
		display_day(&tui->app->cfg, n->touch_day, day, sizeof(day));
		x = put(l, x, width, ELEM_NORMAL, day) + 2;
		seg(l, x, hv->author_w, ELEM_DIM, n->author);
		x += hv->author_w + 2;
		seg(l, x, hv->kind_w, ELEM_DIM, tui_choice_label(n->kind));
		x += hv->kind_w + 2;
		seg(l, x, hv->label_w, tui_sentiment_element(cfg, n->sentiment),
		    sentiment_label(&tui->app->cfg, n->sentiment));
		x += hv->label_w + 2;
		if (width - x < 20 && text_width(n->summary) > width - x) {   /* narrow: a line of its own */
			l = page_line(pg);
			x = INDENT + brief_label_w() + 2;
		}
		put(l, x, width, ELEM_NORMAL, n->summary);
	}

	str_format(buf, sizeof(buf), "%s%s%s%s (%s)", *d->champion ? d->champion : "-",
		   *d->champion_email ? " <" : "", d->champion_email, *d->champion_email ? ">" : "",
		   tui_champion_label(d->champion_status));
	labelled(pg, width, _("champion"), str_eq(d->champion_status, "left") ? ELEM_RISK_HIGH
		 : str_eq(d->champion_status, "unknown") ? ELEM_RISK_MEDIUM : ELEM_NORMAL, buf);
	page_line(pg);   /* a blank line between accounts */
}

static int widest(int w, const char *s, int cap)
{
	int x = text_width(s);
	return x > w ? (x < cap ? x : cap) : w;
}

/* Column widths from what the brief holds, so its lines align. */
static void handoff_widths(const struct config *cfg, struct handoff_view *hv)
{
	static const char *const statuses[] = { "open", "snoozed", "done", "cancelled" };

	hv->author_w = hv->kind_w = hv->label_w = 1;
	/* 8 cells, or wider for a translated label and a space */
	hv->when_w = hv->status_w = 8;
	for (int w = HANDOFF_OVERDUE; w <= HANDOFF_AFTER; w++) {
		const char *label = tui_when_label((enum handoff_when)w);
		if (!str_eq(label, handoff_when_name((enum handoff_when)w)) && text_width(label) + 1 > hv->when_w)
			hv->when_w = text_width(label) + 1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(statuses); i++) {
		const char *label = touch_status_label(statuses[i]);
		if (!str_eq(label, statuses[i]) && text_width(label) + 1 > hv->status_w)
			hv->status_w = text_width(label) + 1;
	}
	for (size_t i = 0; i < cfg->sentiment_labels.len; i++)
		hv->label_w = widest(hv->label_w, sentiment_label(cfg, (int)i + 1), 14);
	for (size_t i = 0; hv->loaded && i < hv->h.n; i++) {
		const struct account_detail *d = &hv->h.accounts[i].d;
		for (size_t j = 0; j < d->n_notes && j < HANDOFF_NOTES; j++) {
			hv->author_w = widest(hv->author_w, d->notes[j].author, 12);
			hv->kind_w = widest(hv->kind_w, tui_choice_label(d->notes[j].kind), 12);
		}
		for (size_t j = 0; j < hv->h.accounts[i].n_items; j++)
			if (hv->h.accounts[i].items[j].touch)
				hv->kind_w = widest(hv->kind_w, tui_choice_label(hv->h.accounts[i].items[j].touch->kind),
						    12);
	}
}

static void handoff_build_page(struct tui *tui, struct handoff_view *hv, int width)
{
	page_clear(&hv->pg);
	handoff_widths(&tui->app->cfg, hv);
	if (hv->loaded)
		for (size_t i = 0; i < hv->h.n; i++)
			build_account(tui, hv, &hv->h.accounts[i], width);
	hv->pg.built_w = width;
	show_sel(&hv->pg);
}

/* Before a key or a mouse event: the lines of the last width exist. */
static void handoff_ensure(struct tui *tui, struct handoff_view *hv)
{
	if (hv->pg.last_w > 0 && hv->pg.built_w != hv->pg.last_w)
		handoff_build_page(tui, hv, hv->pg.last_w);
}

static const enum tui_action handoff_reminders[] = { ACTION_REVIEWED, ACTION_FILTER_OWNER, ACTION_NONE };
static const char *const handoff_reminder_words[] = { N_("reviewed"), N_("owner") };

static void handoff_draw(struct tui *tui, struct view *view, struct tui_rect r)
{
	struct handoff_view *hv = view->data;
	const struct handoff_absence *ab = &hv->h.absence;
	struct tui_rect body = { r.y + HEAD_ROWS, r.x, r.h - HEAD_ROWS, r.w };
	char head[512], ctx[768], who[256], a[64], z[64], e[64], covers[512], keys[128];

	key_reminders(tui, handoff_reminders, handoff_reminder_words, keys, sizeof(keys));
	if (!hv->loaded) {
		char l1[256], l2[256];
		const char *lines[5];
		size_t n = 0;
		str_format(head, sizeof(head), _(" Handoff brief%s%s"), hv->owner[0] ? dot(tui) : "", hv->owner);
		draw_head(tui, r, head, hv->owner[0] ? _(" no absence") : _(" whose brief?"), keys);
		tui_action_key_name(tui, ACTION_FILTER_OWNER, a, sizeof(a));
		if (hv->no_absence) {
			str_format(l1, sizeof(l1), _("%s has no absence today or later"), hv->owner);
			lines[n++] = l1;
			lines[n++] = "";
			lines[n++] = _("Record one with `csconsole cover HANDLE --by HANDLE --from DAY --until DAY`");
			lines[n++] = _("or under absences: in feeds/team.yaml, then sync.");
		} else {
			lines[n++] = _("Whose brief?");
			lines[n++] = "";
		}
		if (a[0]) {
			str_format(l2, sizeof(l2), _("%s: the brief of another owner"), a);
			lines[n++] = l2;
		}
		notice(body, lines, n);
		str_format(tui->status_right, sizeof(tui->status_right), "%s", hv->owner[0] ? hv->owner : "-");
		return;
	}

	display_day(&tui->app->cfg, ab->from, a, sizeof(a));
	display_day(&tui->app->cfg, ab->until, z, sizeof(z));
	display_day(&tui->app->cfg, hv->h.window_end, e, sizeof(e));
	detail_person(ab->owner, ab->owner_name, who, sizeof(who));
	if (*ab->reason)
		str_format(head, sizeof(head), _(" Handoff brief%s%s away %s .. %s (%s)"), dot(tui), who, a, z,
			   ab->reason);
	else
		str_format(head, sizeof(head), _(" Handoff brief%s%s away %s .. %s"), dot(tui), who, a, z);
	if (*ab->covered_by) {
		detail_person(ab->covered_by, ab->covered_by_name, covers, sizeof(covers));
		str_format(ctx, sizeof(ctx), P_(" Covered by %s%swindow to %s%s%zu account by urgency",
						" Covered by %s%swindow to %s%s%zu accounts by urgency", hv->h.n),
			   covers, dot(tui), e, dot(tui), hv->h.n);
	} else {
		handoff_cover_summary(&hv->h, covers, sizeof(covers));
		str_format(ctx, sizeof(ctx), P_(" Covered by each sub owner: %s%swindow to %s%s%zu account by urgency",
						" Covered by each sub owner: %s%swindow to %s%s%zu accounts by urgency",
						hv->h.n),
			   hv->h.n ? covers : "-", dot(tui), e, dot(tui), hv->h.n);
	}
	draw_head(tui, r, head, ctx, keys);

	hv->pg.last_w = body.w;
	if (hv->pg.built_w != body.w) {
		hv->pg.height = body.h;
		handoff_build_page(tui, hv, body.w);
	} else if (hv->pg.height != body.h) {
		hv->pg.height = body.h;
		show_sel(&hv->pg);
	}
	if (!hv->h.n) {
		const char *lines[] = { _("No account has this owner as main owner"), "" };
		notice(body, lines, 1);
	}
	page_draw(tui, &hv->pg, body);
	str_format(tui->status_right, sizeof(tui->status_right), _("%s  account %zu/%zu  %zu/%zu reviewed"),
		   ab->owner, hv->h.n ? hv->pg.sel + 1 : 0, hv->h.n, hv->n_reviewed, hv->h.n);
}

static int handoff_owner_done(struct tui *tui, const char *text, void *arg)
{
	struct handoff_view *hv = arg;
	char old[64];
	size_t sel = hv->pg.sel, top = hv->pg.top;

	if (!handle_valid(text) || strlen(text) >= sizeof(hv->owner))
		return error(_("\"%s\" is not a CSM handle (a-z, 0-9, '.', '_', '-'), e.g. haruto"), text);
	str_copy(old, sizeof(old), hv->owner);
	str_copy(hv->owner, sizeof(hv->owner), text);
	hv->pg.sel = hv->pg.top = 0;
	if (hv->loaded && !str_eq(old, text)) {   /* another brief: no account to keep selected */
		handoff_free(&hv->h);
		hv->loaded = false;
	}
	if (handoff_load(tui, hv) < 0) {
		/* the brief shown stays (unless it was dropped above: load it again) */
		str_copy(hv->owner, sizeof(hv->owner), old);
		hv->pg.sel = sel;
		hv->pg.top = top;
		if (!hv->loaded && old[0]) {
			char msg[512];
			str_copy(msg, sizeof(msg), error_message());
			handoff_load(tui, hv);
			return error("%s", msg);
		}
		return -1;
	}
	return 0;
}

static const struct tui_prompt_ops handoff_owner_prompt = { .done = handoff_owner_done };

static int handoff_open(struct tui *tui, struct view *view)
{
	struct handoff_view *hv = xcalloc(1, sizeof(*hv));
	const char *owner = view->arg ? (const char *)view->arg : tui->app->cfg.me;

	view->data = hv;
	if (owner && *owner) {
		char *clean = text_sanitize(owner, false);
		str_copy(hv->owner, sizeof(hv->owner), clean);
		free(clean);
	}
	if (handoff_load(tui, hv) < 0)
		return -1;
	if (!hv->owner[0])
		tui_prompt_open(tui, _("whose brief: "), NULL, &handoff_owner_prompt, hv);
	return 0;
}

static void handoff_close(struct tui *tui, struct view *view)
{
	struct handoff_view *hv = view->data;

	(void)tui;
	if (!hv)
		return;
	page_clear(&hv->pg);
	if (hv->loaded)
		handoff_free(&hv->h);
	free(hv);
	view->data = NULL;
}

static const struct handoff_account *selected_account(const struct handoff_view *hv)
{
	return hv->loaded && hv->pg.sel < hv->h.n ? &hv->h.accounts[hv->pg.sel] : NULL;
}

static enum tui_result handoff_key(struct tui *tui, struct view *view, enum tui_action action, int key)
{
	struct handoff_view *hv = view->data;
	const struct handoff_account *a;
	char crm[64];

	(void)key;
	handoff_ensure(tui, hv);
	if (page_key(&hv->pg, action))
		return TUI_REDRAW;
	a = selected_account(hv);
	switch (action) {
	case ACTION_QUIT:
		return TUI_QUIT;
	case ACTION_OPEN:
		if (a && tui_view_push(tui, &detail_view_ops, a->d.crm_id) < 0)
			tui_error(tui, "%s", error_message());
		return TUI_HANDLED;
	case ACTION_LOG:
		if (a && tui_view_push(tui, &log_view_ops, &(struct log_form_arg){ a->d.crm_id, NULL }) < 0)
			tui_error(tui, "%s", error_message());
		return TUI_HANDLED;
	case ACTION_REVIEWED:       /* mark, then on to the next account */
	case ACTION_UNREVIEW: {
		bool mark = action == ACTION_REVIEWED;
		if (!a)
			return TUI_HANDLED;
		str_copy(crm, sizeof(crm), a->d.crm_id);
		if (!mark && !a->reviewed) {
			tui_error(tui, _("%s is not marked reviewed: nothing to take back"), crm);
			return TUI_REDRAW;
		}
		if (handoff_mark_reviewed(&tui->app->store, hv->h.absence.owner, hv->h.absence.from, crm,
					  tui->app->cfg.me, mark) < 0 || handoff_load(tui, hv) < 0) {
			tui_error(tui, "%s", error_message());
			return TUI_REDRAW;
		}
		if (mark && hv->pg.sel + 1 < hv->h.n)
			hv->pg.sel++;       /* the page is rebuilt at the next draw, scrolled to it */
		if (mark)
			tui_message(tui, _("%s marked reviewed by %s (%zu of %zu; the team sees it after a sync; "
					   "V takes it back)"), crm, tui->app->cfg.me, hv->n_reviewed, hv->h.n);
		else
			tui_message(tui, _("%s: review mark taken back (%zu of %zu reviewed)"), crm, hv->n_reviewed,
				    hv->h.n);
		return TUI_REDRAW;
	}
	case ACTION_FILTER_OWNER:
		tui_prompt_open(tui, _("whose brief: "), hv->owner, &handoff_owner_prompt, hv);
		return TUI_HANDLED;
	default:
		return TUI_IGNORED;
	}
}

static enum tui_result handoff_mouse(struct tui *tui, struct view *view, const MEVENT *ev)
{
	struct handoff_view *hv = view->data;

	handoff_ensure(tui, hv);
	return page_mouse(&hv->pg, ev) ? TUI_REDRAW : TUI_IGNORED;
}

static void handoff_reload(struct tui *tui, struct view *view)
{
	if (handoff_load(tui, view->data) < 0)
		tui_error(tui, "%s", error_message());
}

/* REVIEWED and FILTER_OWNER have no hint in the table: the view's second
 * line names their keys (key_reminders); UNREVIEW is named in the message
 * after a mark, and in the help. */
static const enum tui_action handoff_hints[] = {
	ACTION_MOVE_DOWN, ACTION_MOVE_UP, ACTION_PAGE_DOWN, ACTION_OPEN, ACTION_LOG, ACTION_REVIEWED,
	ACTION_UNREVIEW, ACTION_FILTER_OWNER, ACTION_HELP, ACTION_QUIT, ACTION_NONE,
};

/* every key the view takes, for the help screen */
static const enum tui_action handoff_actions[] = {
	ACTION_MOVE_DOWN, ACTION_MOVE_UP, ACTION_MOVE_FIRST, ACTION_MOVE_LAST, ACTION_PAGE_DOWN,
	ACTION_PAGE_UP, ACTION_HALF_PAGE_DOWN, ACTION_HALF_PAGE_UP, ACTION_REDRAW, ACTION_OPEN, ACTION_LOG,
	ACTION_REVIEWED, ACTION_UNREVIEW, ACTION_FILTER_OWNER, ACTION_SYNC, ACTION_HELP, ACTION_CLOSE,
	ACTION_QUIT, ACTION_NONE,
};

const struct view_ops handoff_view_ops = {
	.name = "handoff",
	.open = handoff_open,
	.draw = handoff_draw,
	.key = handoff_key,
	.reload = handoff_reload,
	.mouse = handoff_mouse,
	.close = handoff_close,
	.hints = handoff_hints,
	.actions = handoff_actions,
};

/* ---- While you were out ---------------------------------------------------------------- */

struct changes_view {
	char owner[64];
	int since;
	char why[192];            /* where since comes from */
	bool loaded;
	struct changes c;
	struct page pg;
};

/* Loads owner's changes since the start of their last absence that has
 * ended, else since 7 days ago (as `csconsole changes` does). */
static int changes_load(struct tui *tui, struct changes_view *cv)
{
	struct app *app = tui->app;
	struct changes fresh;
	char sel_id[64] = "", a[64], z[64];
	int from, until, since;
	bool found;

	if (cv->loaded && cv->pg.sel < cv->c.n)
		str_copy(sel_id, sizeof(sel_id), cv->c.accounts[cv->pg.sel].crm_id);
	if (handoff_last_absence(&app->store, cv->owner, app->today, &from, &until, &found) < 0)
		return -1;
	if (found) {
		since = from;
		display_day(&tui->app->cfg, from, a, sizeof(a));
		display_day(&tui->app->cfg, until, z, sizeof(z));
		str_format(cv->why, sizeof(cv->why), _("the start of the absence %s .. %s"), a, z);
	} else {
		since = app->today - 7;
		str_copy(cv->why, sizeof(cv->why), _("7 days ago; no absence has ended"));
	}
	if (changes_build(&app->store, &app->cfg, cv->owner, since, app->today, &fresh) < 0) {
		changes_free(&fresh);
		return -1;
	}
	if (cv->loaded)
		changes_free(&cv->c);
	cv->c = fresh;
	cv->since = since;
	cv->loaded = true;
	for (size_t i = 0; i < cv->c.n; i++)
		if (sel_id[0] && str_eq(cv->c.accounts[i].crm_id, sel_id))
			cv->pg.sel = i;
	if (cv->pg.sel >= cv->c.n)
		cv->pg.sel = cv->c.n ? cv->c.n - 1 : 0;
	page_clear(&cv->pg);
	return 0;
}

static void changes_build_page(struct tui *tui, struct changes_view *cv, int width)
{
	struct page *pg = &cv->pg;
	char buf[256], day[64], s[64], t[64];
	int aw = 6, kw = 5;    /* the author's and the kind's columns */

	page_clear(pg);
	for (int k = CHANGE_NOTE; k <= CHANGE_KIND_LAST; k++)
		if (text_width(tui_change_label((enum change_kind)k)) > kw)
			kw = text_width(tui_change_label((enum change_kind)k));
	for (size_t i = 0; i < cv->c.n; i++)
		for (size_t j = 0; j < cv->c.accounts[i].n_items; j++) {
			int w = text_width(cv->c.accounts[i].items[j].author);
			if (w > aw)
				aw = w < 16 ? w : 16;
		}
	for (size_t i = 0; i < cv->c.n; i++) {
		const struct changes_account *a = &cv->c.accounts[i];
		struct line *l;
		int x;

		page_block(pg);
		l = page_line(pg);
		x = put(l, 1, width, ELEM_TITLE, a->crm_id);
		x = put(l, x + 2, width - 24, ELEM_TITLE, a->name);
		if (a->n_items)
			str_format(buf, sizeof(buf), a->main ? P_("main owner  %zu change", "main owner  %zu changes", a->n_items)
							     : P_("sub owner  %zu change", "sub owner  %zu changes", a->n_items),
				   a->n_items);
		else
			str_copy(buf, sizeof(buf), a->main ? _("main owner  health") : _("sub owner  health"));
		put_right(l, x, width, ELEM_DIM, buf);
		for (size_t j = 0; j < a->n_items; j++) {
			const struct change *c = &a->items[j];
			l = page_line(pg);
			display_day(&tui->app->cfg, c->day, day, sizeof(day));
			x = put(l, INDENT, width, ELEM_NORMAL, day);
			seg(l, x + 2, aw, ELEM_ROLE_COVERING, c->author);
			x += 2 + aw;
			seg(l, x + 2, kw, c->kind == CHANGE_RISK ? ELEM_RISK_MEDIUM : ELEM_DIM, tui_change_label(c->kind));
			/* a note of bad sentiment stands out */
			bool bad = c->kind == CHANGE_NOTE &&
				tui_sentiment_element(&tui->app->cfg, c->sentiment) == ELEM_DELTA_DOWN;
			put(l, x + 4 + kw, width, bad ? ELEM_DELTA_DOWN : ELEM_NORMAL, c->what_text ? c->what_text : c->what);
		}
		if (a->health_changed) {
			long now = health_round(a->now), then = health_round(a->then);
			l = page_line(pg);
			display_day(&tui->app->cfg, a->then_day, s, sizeof(s));
			display_day(&tui->app->cfg, a->now_day, t, sizeof(t));
			x = put(l, INDENT, width, ELEM_DIM, _("health  "));
			str_format(buf, sizeof(buf), "%ld -> %ld (%+ld)", then, now, now - then);
			x = put(l, x, width, tui_delta_element(now - then), buf);
			str_format(buf, sizeof(buf), _(", %s to %s"), s, t);
			put(l, x, width, ELEM_DIM, buf);
		}
		page_line(pg);
	}
	pg->built_w = width;
	show_sel(pg);
}

static void changes_ensure(struct tui *tui, struct changes_view *cv)
{
	if (cv->pg.last_w > 0 && cv->pg.built_w != cv->pg.last_w)
		changes_build_page(tui, cv, cv->pg.last_w);
}

static const enum tui_action changes_reminders[] = { ACTION_FILTER_OWNER, ACTION_NONE };
static const char *const changes_reminder_words[] = { N_("owner") };

static void changes_draw(struct tui *tui, struct view *view, struct tui_rect r)
{
	struct changes_view *cv = view->data;
	struct tui_rect body = { r.y + HEAD_ROWS, r.x, r.h - HEAD_ROWS, r.w };
	char head[256], ctx[512], s[64], t[64], keys[128], accounts[64], changes[64];

	key_reminders(tui, changes_reminders, changes_reminder_words, keys, sizeof(keys));
	str_format(accounts, sizeof(accounts), P_("%zu account", "%zu accounts", cv->c.n), cv->c.n);
	str_format(changes, sizeof(changes), P_("%zu change", "%zu changes", cv->c.n_items), cv->c.n_items);
	display_day(&tui->app->cfg, cv->since, s, sizeof(s));
	display_day(&tui->app->cfg, tui->app->today, t, sizeof(t));
	str_format(head, sizeof(head), _(" While you were out%s%s"), dot(tui), cv->owner);
	str_format(ctx, sizeof(ctx), _(" Teammates' changes since %s (%s) to %s%s%s, %s"), s, cv->why, t, dot(tui),
		   accounts, changes);
	draw_head(tui, r, head, ctx, keys);

	cv->pg.last_w = body.w;
	if (cv->pg.built_w != body.w) {
		cv->pg.height = body.h;
		changes_build_page(tui, cv, body.w);
	} else if (cv->pg.height != body.h) {
		cv->pg.height = body.h;
		show_sel(&cv->pg);
	}
	if (!cv->c.n) {
		char l1[256];
		const char *lines[3];
		str_format(l1, sizeof(l1), _("Nothing changed on %s's accounts since %s"), cv->owner, s);
		lines[0] = l1;
		lines[1] = "";
		lines[2] = _("Teammates' notes, risks and touchpoints show here after a sync.");
		notice(body, lines, 3);
	}
	page_draw(tui, &cv->pg, body);
	str_format(tui->status_right, sizeof(tui->status_right),
		   P_("%s  account %zu/%zu  %zu change", "%s  account %zu/%zu  %zu changes", cv->c.n_items), cv->owner,
		   cv->c.n ? cv->pg.sel + 1 : 0, cv->c.n, cv->c.n_items);
}

static int changes_owner_done(struct tui *tui, const char *text, void *arg)
{
	struct changes_view *cv = arg;
	char old[64];

	if (!handle_valid(text) || strlen(text) >= sizeof(cv->owner))
		return error(_("\"%s\" is not a CSM handle (a-z, 0-9, '.', '_', '-'), e.g. haruto"), text);
	str_copy(old, sizeof(old), cv->owner);
	str_copy(cv->owner, sizeof(cv->owner), text);
	cv->pg.sel = cv->pg.top = 0;
	if (changes_load(tui, cv) < 0) {
		str_copy(cv->owner, sizeof(cv->owner), old);
		return -1;
	}
	return 0;
}

static const struct tui_prompt_ops changes_owner_prompt = { .done = changes_owner_done };

static int changes_open(struct tui *tui, struct view *view)
{
	struct changes_view *cv = xcalloc(1, sizeof(*cv));
	const char *owner = view->arg ? (const char *)view->arg : tui->app->cfg.me;

	view->data = cv;
	if (!owner || !*owner)
		return error("%s", _("whose accounts? set `me` in the configuration"));
	char *clean = text_sanitize(owner, false);
	str_copy(cv->owner, sizeof(cv->owner), clean);
	free(clean);
	return changes_load(tui, cv);
}

static void changes_close(struct tui *tui, struct view *view)
{
	struct changes_view *cv = view->data;

	(void)tui;
	if (!cv)
		return;
	page_clear(&cv->pg);
	if (cv->loaded)
		changes_free(&cv->c);
	free(cv);
	view->data = NULL;
}

static enum tui_result changes_key(struct tui *tui, struct view *view, enum tui_action action, int key)
{
	struct changes_view *cv = view->data;
	const char *crm = cv->loaded && cv->pg.sel < cv->c.n ? cv->c.accounts[cv->pg.sel].crm_id : NULL;

	(void)key;
	changes_ensure(tui, cv);
	if (page_key(&cv->pg, action))
		return TUI_REDRAW;
	switch (action) {
	case ACTION_QUIT:
		return TUI_QUIT;
	case ACTION_OPEN:
		if (crm && tui_view_push(tui, &detail_view_ops, crm) < 0)
			tui_error(tui, "%s", error_message());
		return TUI_HANDLED;
	case ACTION_LOG:
		if (crm && tui_view_push(tui, &log_view_ops, &(struct log_form_arg){ crm, NULL }) < 0)
			tui_error(tui, "%s", error_message());
		return TUI_HANDLED;
	case ACTION_FILTER_OWNER:
		tui_prompt_open(tui, _("whose accounts: "), cv->owner, &changes_owner_prompt, cv);
		return TUI_HANDLED;
	default:
		return TUI_IGNORED;
	}
}

static enum tui_result changes_mouse(struct tui *tui, struct view *view, const MEVENT *ev)
{
	struct changes_view *cv = view->data;

	changes_ensure(tui, cv);
	return page_mouse(&cv->pg, ev) ? TUI_REDRAW : TUI_IGNORED;
}

static void changes_reload(struct tui *tui, struct view *view)
{
	if (changes_load(tui, view->data) < 0)
		tui_error(tui, "%s", error_message());
}

static const enum tui_action changes_hints[] = {
	ACTION_MOVE_DOWN, ACTION_MOVE_UP, ACTION_PAGE_DOWN, ACTION_OPEN, ACTION_LOG, ACTION_FILTER_OWNER,
	ACTION_HELP, ACTION_QUIT, ACTION_NONE,
};

/* every key the view takes, for the help screen */
static const enum tui_action changes_actions[] = {
	ACTION_MOVE_DOWN, ACTION_MOVE_UP, ACTION_MOVE_FIRST, ACTION_MOVE_LAST, ACTION_PAGE_DOWN,
	ACTION_PAGE_UP, ACTION_HALF_PAGE_DOWN, ACTION_HALF_PAGE_UP, ACTION_REDRAW, ACTION_OPEN, ACTION_LOG,
	ACTION_FILTER_OWNER, ACTION_SYNC, ACTION_HELP, ACTION_CLOSE, ACTION_QUIT, ACTION_NONE,
};

const struct view_ops changes_view_ops = {
	.name = "changes",
	.open = changes_open,
	.draw = changes_draw,
	.key = changes_key,
	.reload = changes_reload,
	.mouse = changes_mouse,
	.close = changes_close,
	.hints = changes_hints,
	.actions = changes_actions,
};
