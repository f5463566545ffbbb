/* view_log.c - the log form: a touch with an account in ten seconds.
 *
 * Fields, top to bottom: kind, sentiment, date, summary, note, risk, its
 * severity and its text, next touchpoint and its kind. A choice is chosen by
 * typing its name (incremental, at the start of any word, any case: "ren"
 * picks renewal), its first letter again for the next one, Left/Right to
 * cycle (and a digit for the sentiment): one type-ahead for every choice
 * (choice_type, choice.c), started again by a pause of a second or Backspace. Text fields are line editors (struct tui_line); a date
 * field shows the day it resolves to beside it, or why it does not, and the
 * proposed next touchpoint says why that day (log_next_explain). The note is
 * written in $VISUAL or $EDITOR, as git does for a commit message.
 * Enter saves (log_save: all events in one transaction).
 *
 * Nothing typed is lost: a refused field is explained beside it and gets the
 * focus; an editor that fails (or is missing) leaves the note as it was and
 * says why; a sync finishing in the background does not touch the form (the
 * view has no reload: it is never re-read from the database); a resize only
 * redraws. Esc closes the form at once only when nothing changed since it
 * opened; otherwise it asks "discard your changes? y/n" (anything but y
 * keeps the form as it is).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "csconsole/i18n.h"
#include "csconsole/choice.h"
#include "csconsole/date.h"
#include "csconsole/display.h"
#include "csconsole/detail.h"
#include "csconsole/event.h"
#include "csconsole/limits.h"
#include "csconsole/log.h"
#include "csconsole/text.h"
#include "csconsole/tui.h"
#include "csconsole/tui_labels.h"

#define KEY_ESC 27
#define NOTE_MAX (64 * 1024)

/* The fields: X(id, label). Order = order on screen and of Tab. Labels are
 * translated where drawn; the label column is as wide as the widest. */
#define LOG_FIELDS(X) \
	X(KIND,      N_("Kind")) \
	X(SENTIMENT, N_("Sentiment")) \
	X(DATE,      N_("Date")) \
	X(SUMMARY,   N_("Summary")) \
	X(NOTE,      N_("Note")) \
	X(RISK,      N_("Risk")) \
	X(SEVERITY,  N_("Severity")) \
	X(RISK_TEXT, N_("Risk text")) \
	X(NEXT,      N_("Next touch")) \
	X(NEXT_KIND, N_("Next kind"))

enum log_field {
#define LOG_FIELD_ENUM(id, label) F_##id,
	LOG_FIELDS(LOG_FIELD_ENUM)
#undef LOG_FIELD_ENUM
	F_COUNT
};

static const char *const field_labels[F_COUNT] = {
#define LOG_FIELD_LABEL(id, label) label,
	LOG_FIELDS(LOG_FIELD_LABEL)
#undef LOG_FIELD_LABEL
};

#define LABEL_WIDTH 12            /* at least; a wider translated label widens it */
/* A pause this long between two characters typed on a choice starts a new
 * name (as in a file manager's type-ahead); Backspace starts one at once. */
#define TYPE_AHEAD_MS 1000

static const char *const severity_default = "medium";

/* What the form held when it opened: Esc closes at once only while nothing
 * differs from it (a change put back is no change). */
struct log_snapshot {
	size_t kind, sentiment, risk, severity, next_kind;
	char *date, *summary, *note, *risk_text, *next;
};

struct log_view {
	char crm_id[64];
	char note_id[32];               /* editing this own note; "" = a new touch */
	char *name;                     /* sanitized account name */
	char touch_model[8];
	int renewal_day;                /* DAY_NONE when unknown */
	enum log_field focus;
	size_t kind;                    /* index into event_note_kinds */
	size_t sentiment;               /* 0 none, 1..n */
	struct tui_line date, summary, risk_text, next;
	char *note;                     /* the longer note (owned), NULL none */
	size_t risk;                    /* 0 none, else 1 + index into risk_categories */
	size_t severity;                /* index into event_severities */
	size_t next_kind;               /* index into event_touch_kinds */
	bool next_kind_set;             /* chosen by hand (else follows the kind) */
	bool next_set;                  /* typed by hand (else proposed from the date) */
	struct log_next proposal;       /* the last proposed next touchpoint, and why */
	char typed[32];                 /* the choice type-ahead so far ("ren") */
	long long typed_ms;             /* when its last character came (monotonic) */
	enum log_field error_field;     /* where the last refusal points */
	char error[512];                /* "" none */
	bool asking;                    /* "discard your changes? y/n" is shown */
	struct log_snapshot initial;
};

static size_t list_len(const char *const *list)
{
	size_t n = 0;
	while (list[n])
		n++;
	return n;
}

static size_t list_find(const char *const *list, const char *s)
{
	for (size_t i = 0; list[i]; i++)
		if (str_eq(list[i], s))
			return i;
	return 0;
}

static struct tui_line *text_field(struct log_view *lv, enum log_field f)
{
	switch (f) {
	case F_DATE: return &lv->date;
	case F_SUMMARY: return &lv->summary;
	case F_RISK_TEXT: return &lv->risk_text;
	case F_NEXT: return &lv->next;
	default: return NULL;
	}
}

static bool field_shown(const struct log_view *lv, enum log_field f)
{
	if (lv->note_id[0])        /* an edit changes the note alone */
		return f <= F_NOTE;
	return (f != F_SEVERITY && f != F_RISK_TEXT) || lv->risk > 0;
}

static void propose_next(struct tui *tui, struct log_view *lv)
{
	char iso[11];
	int day;

	if (!day_parse_human(lv->date.text, tui->app->today, &day, NULL, 0))
		day = tui->app->today;
	day_format_iso(log_propose_next(&tui->app->cfg, lv->touch_model, day, lv->renewal_day,
					tui->app->today, &lv->proposal), iso);
	tui_line_set(&lv->next, iso);
}

/* "none" for no next touchpoint, in English or as the catalog says it. */
static bool is_none(const char *text)
{
	return str_eq(text, "none") || str_eq(text, tui_choice_label("none"));
}

/* The label column: LABEL_WIDTH, or the widest translated label and a space. */
static int label_width(void)
{
	int w = LABEL_WIDTH;

	for (int f = 0; f < F_COUNT; f++)
		if (text_width(_(field_labels[f])) + 1 > w)
			w = text_width(_(field_labels[f])) + 1;
	return w;
}

/* The type-ahead over what is shown (the translated labels: 電話 by 電),
 * else over the ids (c for call works in every language). */
static bool choice_type_label(const char **items, size_t n, size_t *cur, char *typed, size_t tsize,
			      const char *ch)
{
	const char **labels = xcalloc(n + 1, sizeof(*labels));
	char saved[64];
	bool found;

	for (size_t i = 0; i < n; i++)
		labels[i] = tui_choice_label(items[i]);
	str_copy(saved, sizeof(saved), typed);
	found = choice_type(labels, n, cur, typed, tsize, ch);
	if (!found) {
		str_copy(typed, tsize, saved);
		found = choice_type(items, n, cur, typed, tsize, ch);
	}
	free(labels);
	return found;
}

/* --- Choices: one type-ahead for every choice field ------------------------------ */

/* A choice field's items (the sentiment and the risk with "none" first),
 * NULL-terminated, to free; *cur points at the current index. NULL: not a
 * choice field. */
static const char **choice_items(const struct tui *tui, struct log_view *lv, enum log_field f, size_t *n,
				 size_t **cur)
{
	const struct config *cfg = &tui->app->cfg;
	const char *const *fixed = NULL;
	const struct strlist *labels = NULL;
	const char **items;

	switch (f) {
	case F_KIND: fixed = event_note_kinds; *cur = &lv->kind; break;
	case F_SEVERITY: fixed = event_severities; *cur = &lv->severity; break;
	case F_NEXT_KIND: fixed = event_touch_kinds; *cur = &lv->next_kind; break;
	case F_SENTIMENT: labels = &cfg->sentiment_labels; *cur = &lv->sentiment; break;
	case F_RISK: labels = &cfg->risk_categories; *cur = &lv->risk; break;
	default: return NULL;
	}
	if (fixed) {
		*n = list_len(fixed);
		items = xcalloc(*n + 1, sizeof(*items));
		memcpy(items, fixed, *n * sizeof(*items));
		return items;
	}
	*n = labels->len + 1;
	items = xcalloc(*n + 1, sizeof(*items));
	items[0] = "none";                   /* an id: shown as tui_choice_label() */
	for (size_t i = 0; i < labels->len; i++)
		items[i + 1] = labels->items[i];
	return items;
}

/* A character as UTF-8 (out: 5 bytes); false for a code point that is not one. */
static bool utf8_char(int c, char out[5])
{
	unsigned u = (unsigned)c;

	if (c < 0 || u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF))
		return false;
	if (u < 0x80) {
		out[0] = (char)u;
		out[1] = '\0';
	} else if (u < 0x800) {
		out[0] = (char)(0xC0 | u >> 6);
		out[1] = (char)(0x80 | (u & 0x3F));
		out[2] = '\0';
	} else if (u < 0x10000) {
		out[0] = (char)(0xE0 | u >> 12);
		out[1] = (char)(0x80 | (u >> 6 & 0x3F));
		out[2] = (char)(0x80 | (u & 0x3F));
		out[3] = '\0';
	} else {
		out[0] = (char)(0xF0 | u >> 18);
		out[1] = (char)(0x80 | (u >> 12 & 0x3F));
		out[2] = (char)(0x80 | (u >> 6 & 0x3F));
		out[3] = (char)(0x80 | (u & 0x3F));
		out[4] = '\0';
	}
	return true;
}

static long long monotonic_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* --- Has anything changed? ---------------------------------------------------- */

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void snapshot_take(const struct log_view *lv, struct log_snapshot *s)
{
	s->kind = lv->kind;
	s->sentiment = lv->sentiment;
	s->risk = lv->risk;
	s->severity = lv->severity;
	s->next_kind = lv->next_kind;
	s->date = dup_or_null(lv->date.text);
	s->summary = dup_or_null(lv->summary.text);
	s->note = dup_or_null(lv->note);
	s->risk_text = dup_or_null(lv->risk_text.text);
	s->next = dup_or_null(lv->next.text);
}

static void snapshot_free(struct log_snapshot *s)
{
	free(s->date);
	free(s->summary);
	free(s->note);
	free(s->risk_text);
	free(s->next);
}

static bool same_text(const char *a, const char *b)
{
	return str_eq(a ? a : "", b ? b : "");
}

/* True when any field differs from what the form opened with. */
static bool form_changed(const struct log_view *lv)
{
	const struct log_snapshot *s = &lv->initial;

	return s->kind != lv->kind || s->sentiment != lv->sentiment || s->risk != lv->risk ||
	       s->severity != lv->severity || s->next_kind != lv->next_kind ||
	       !same_text(s->date, lv->date.text) || !same_text(s->summary, lv->summary.text) ||
	       !same_text(s->note, lv->note) || !same_text(s->risk_text, lv->risk_text.text) ||
	       !same_text(s->next, lv->next.text);
}

static int log_open(struct tui *tui, struct view *view)
{
	struct log_view *lv = xcalloc(1, sizeof(*lv));
	struct account_detail d;

	const struct log_form_arg *arg = view->arg;

	view->data = lv;
	str_copy(lv->crm_id, sizeof(lv->crm_id), arg && arg->crm_id ? arg->crm_id : "");
	str_copy(lv->note_id, sizeof(lv->note_id), arg && arg->note_id ? arg->note_id : "");
	if (str_empty(tui->app->cfg.me))
		return error("%s", _("no CSM handle is set: set `me` in the configuration (every note has an author)"));
	if (detail_load(&tui->app->store, &tui->app->cfg, lv->crm_id, tui->app->today, &d) < 0)
		return -1;
	lv->name = xstrdup(d.name);
	str_copy(lv->touch_model, sizeof(lv->touch_model), d.touch_model);
	lv->renewal_day = d.renewal_day;
	lv->kind = list_find(event_note_kinds, "call");
	lv->severity = list_find(event_severities, severity_default);
	tui_line_set(&lv->date, _("today"));   /* day_parse_human reads 今日 too */
	tui_line_set(&lv->summary, "");
	tui_line_set(&lv->risk_text, "");
	lv->summary.limit = limit_chars(LIMIT_SUMMARY);   /* its counter (limits.h) */
	for (size_t i = 0; lv->note_id[0] && i < d.n_notes; i++) {
		const struct detail_note *n = &d.notes[i];
		char iso[11];
		if (!str_eq(n->id, lv->note_id))
			continue;
		lv->kind = list_find(event_note_kinds, n->kind);
		lv->sentiment = n->sentiment > 0 ? (size_t)n->sentiment : 0;
		day_format_iso(n->touch_day, iso);
		tui_line_set(&lv->date, iso);
		tui_line_set(&lv->summary, n->summary);
		lv->note = n->text[0] ? xstrdup(n->text) : NULL;
	}
	detail_free(&d);
	lv->next_kind = list_find(event_touch_kinds, event_note_kinds[lv->kind]);
	propose_next(tui, lv);
	lv->focus = F_KIND;
	lv->error_field = F_COUNT;
	snapshot_take(lv, &lv->initial);
	return 0;
}

static void log_close(struct tui *tui, struct view *view)
{
	struct log_view *lv = view->data;

	(void)tui;
	if (!lv)
		return;
	free(lv->name);
	free(lv->note);
	tui_line_free(&lv->date);
	tui_line_free(&lv->summary);
	tui_line_free(&lv->risk_text);
	tui_line_free(&lv->next);
	snapshot_free(&lv->initial);
	free(lv);
	view->data = NULL;
}

/* --- Drawing ------------------------------------------------------------------ */

/* Choices in a row, the current one in the selected colours; when they do
 * not fit, "< current >" alone. */
static void draw_choices(int y, int x, int w, const char *const *items, size_t n, size_t cur, bool focus)
{
	int need = 0;

	for (size_t i = 0; i < n; i++)
		need += text_width(tui_choice_label(items[i])) + 2;
	if (need > w) {
		char one[128];
		str_format(one, sizeof(one), "< %s >", tui_choice_label(items[cur]));
		tui_put(y, x, w, focus ? ELEM_SELECTED : ELEM_NORMAL, ALIGN_LEFT, one);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *label = tui_choice_label(items[i]);
		int iw = text_width(label);
		tui_put(y, x, iw, i == cur ? (focus ? ELEM_SELECTED : ELEM_HELP_KEY) : ELEM_DIM, ALIGN_LEFT, label);
		x += iw + 2;
	}
}

static void note_preview(const char *note, char *out, size_t size)
{
	size_t lines = 0, first = strcspn(note, "\n");

	for (const char *p = note; *p; p++)
		lines += *p == '\n';
	lines += note[0] && note[strlen(note) - 1] != '\n';
	char *head = xasprintf("%.*s%s", (int)(first > 60 ? 60 : first), note, first > 60 ? "…" : "");

	str_format(out, size, P_("%s (%zu line)", "%s (%zu lines)", lines), head, lines);
	free(head);
}

/* text over at most max_lines lines of w cells from (y, x), broken at
 * spaces (the last line cut if it must be); returns the lines drawn. */
static int draw_wrapped(int y, int x, int w, int max_lines, enum theme_element e, const char *text)
{
	int lines = 0;

	while (*text && lines < max_lines) {
		size_t len = strlen(text), cut = len;
		if (lines + 1 < max_lines && text_width(text) > w) {
			/* the longest run of words that fits */
			char *part = xstrdup(text);
			cut = 0;
			for (size_t i = 1; i < len; i++) {
				if (text[i] != ' ')
					continue;
				part[i] = '\0';
				if (text_width(part) > w)
					break;
				part[i] = ' ';
				cut = i;
			}
			free(part);
			if (cut == 0)
				cut = len;      /* one long word: cut at the edge */
		}
		char *line = xstrndup(text, cut);
		tui_put(y + lines, x, w, e, ALIGN_LEFT, line);
		free(line);
		lines++;
		text += cut;
		while (*text == ' ')
			text++;
	}
	return lines;
}

/* What a date field resolves to, to show beside it before saving: "Fri
 * 2026-12-11 (in 18 days)", the proposed next touchpoint with why ("Mon
 * 2026-11-30: 14 days before the renewal on 2026-12-14"), or why the text
 * is not a date (false). */
static bool day_meaning(struct tui *tui, struct log_view *lv, enum log_field f, char *out, size_t size)
{
	const char *text = text_field(lv, f)->text;
	int today = tui->app->today, day;
	char label[64], why[200];

	if (f == F_NEXT && (str_empty(text) || is_none(text))) {
		str_copy(out, size, _("no next touchpoint"));
		return true;
	}
	if (!day_parse_human(text, today, &day, why, sizeof(why))) {
		str_copy(out, size, why);
		return false;
	}
	display_day_long(&tui->app->cfg, day, label, sizeof(label));
	if (f == F_NEXT && day == lv->proposal.day) {
		log_next_explain(&lv->proposal, today, why, sizeof(why));
		str_format(out, size, "%s: %s", label, why);
	} else if (day == today) {
		str_format(out, size, _("%s (today)"), label);
	} else if (day == today - 1 || day == today + 1) {
		str_format(out, size, day < today ? _("%s (yesterday)") : _("%s (tomorrow)"), label);
	} else if (day > today) {
		str_format(out, size, _("%s (in %d days)"), label, day - today);
	} else {
		str_format(out, size, _("%s (%d days ago)"), label, today - day);
	}
	return true;
}

static void log_draw(struct tui *tui, struct view *view, struct tui_rect r)
{
	struct log_view *lv = view->data;
	const struct config *cfg = &tui->app->cfg;
	char line[512];
	int label_w = label_width();
	int y = r.y + 2, vx = r.x + 2 + label_w, vw = r.w - (vx - r.x) - 1, cursor_x = -1, cursor_y = -1;

	tui_fill(r.y, r.x, r.w, ELEM_HEADER);
	str_format(line, sizeof(line), " %s%s%s (%s)", lv->note_id[0] ? _("Edit my note") : _("Log a touch"),
		   tui->utf8 ? " · " : " | ", lv->name, lv->crm_id);
	tui_put(r.y, r.x, r.w, ELEM_HEADER, ALIGN_LEFT, line);

	/* lines left once every field has its own: a date's meaning goes below
	 * its field only into these */
	int spare = r.h - 4;
	for (int f = 0; f < F_COUNT; f++)
		spare -= field_shown(lv, (enum log_field)f);
	for (int f = 0; f < F_COUNT; f++) {
		bool focus = lv->focus == (enum log_field)f;
		if (!field_shown(lv, (enum log_field)f))
			continue;
		if (y >= r.y + r.h - 2)
			break;
		tui_put(y, r.x + 1, label_w, focus ? ELEM_SELECTED : ELEM_TITLE, ALIGN_LEFT, _(field_labels[f]));
		switch ((enum log_field)f) {
		case F_KIND:
			draw_choices(y, vx, vw, event_note_kinds, list_len(event_note_kinds), lv->kind, focus);
			break;
		case F_SENTIMENT: {
			const char *items[CONFIG_MAX_SENTIMENT + 1];
			char bufs[CONFIG_MAX_SENTIMENT + 1][80];
			size_t n = cfg->sentiment_labels.len + 1;
			str_format(bufs[0], sizeof(bufs[0]), "0 %s", tui_choice_label("none"));
			for (size_t i = 1; i < n && i <= CONFIG_MAX_SENTIMENT; i++)
				str_format(bufs[i], sizeof(bufs[i]), "%zu %s", i, sentiment_label(cfg, (int)i));
			for (size_t i = 0; i < n; i++)
				items[i] = bufs[i];
			draw_choices(y, vx, vw, items, n, (size_t)lv->sentiment, focus);
			break;
		}
		case F_DATE:
		case F_SUMMARY:
		case F_RISK_TEXT:
		case F_NEXT: {
			struct tui_line *l = text_field(lv, (enum log_field)f);
			bool is_day = f == F_DATE || f == F_NEXT;
			int fw = !is_day ? vw : vw < 60 ? 14 : 20;
			int cx = tui_line_draw(l, y, vx, fw, focus ? ELEM_SELECTED : ELEM_NORMAL);
			if (focus) {
				cursor_x = cx;
				cursor_y = y;
			}
			if (is_day) {   /* what the date means, beside it (or below it), before saving */
				bool ok = day_meaning(tui, lv, (enum log_field)f, line, sizeof(line));
				enum theme_element e = ok ? ELEM_DIM : ELEM_STATUS_ERROR;
				if (text_width(line) > vw - fw - 2 && spare > 0) {
					tui_put(++y, vx, vw, e, ALIGN_LEFT, line);
					spare--;
				}
				else
					tui_put(y, vx + fw + 2, vw - fw - 2, e, ALIGN_LEFT, line);
			}
			break;
		}
		case F_NOTE:
			if (lv->note && lv->note[0]) {
				char preview[160];
				note_preview(lv->note, preview, sizeof(preview));
				str_format(line, sizeof(line), _("%s  (Enter edits in $EDITOR)"), preview);
			} else {
				str_copy(line, sizeof(line), _("none (Enter writes it in $EDITOR)"));
			}
			tui_put(y, vx, vw, focus ? ELEM_SELECTED : lv->note ? ELEM_NORMAL : ELEM_DIM, ALIGN_LEFT, line);
			break;
		case F_RISK: {
			const char *cur = lv->risk ? cfg->risk_categories.items[lv->risk - 1] : tui_choice_label("none");
			str_format(line, sizeof(line), "< %s >", cur);
			tui_put(y, vx, vw, focus ? ELEM_SELECTED : lv->risk ? ELEM_RISK_HIGH : ELEM_DIM, ALIGN_LEFT, line);
			if (focus) {
				int used = text_width(line) + 2;
				tui_put(y, vx + used, vw - used, ELEM_DIM, ALIGN_LEFT,
					_("type a name (any word of it) or its first letter"));
			}
			break;
		}
		case F_SEVERITY:
			draw_choices(y, vx, vw, event_severities, list_len(event_severities), lv->severity, focus);
			break;
		case F_NEXT_KIND:
			draw_choices(y, vx, vw, event_touch_kinds, list_len(event_touch_kinds), lv->next_kind, focus);
			break;
		case F_COUNT:
			break;
		}
		if (lv->error[0] && lv->error_field == (enum log_field)f) {
			int room = r.y + r.h - 2 - (y + 1);   /* down to the key hints */
			int used = draw_wrapped(y + 1, vx, vw, room < 1 ? 1 : room > 3 ? 3 : room, ELEM_STATUS_ERROR,
						lv->error);
			y += used;
			spare -= used;
		}
		y++;
	}
	if (lv->error[0] && lv->error_field == F_COUNT)
		tui_put(y + 1, r.x + 1, r.w - 2, ELEM_STATUS_ERROR, ALIGN_LEFT, lv->error);
	if (lv->asking) {
		tui_put(r.y + r.h - 1, r.x + 1, r.w - 2, ELEM_STATUS_ERROR, ALIGN_LEFT,
			_("discard your changes? y/n (n or Esc keeps the form)"));
	} else if (lv->typed[0] && monotonic_ms() - lv->typed_ms <= TYPE_AHEAD_MS) {
		str_format(line, sizeof(line), _("typed \"%s\"  Backspace clears  Enter save  Esc cancel"
			   "  Tab/Up move"), lv->typed);
		tui_put(r.y + r.h - 1, r.x + 1, r.w - 2, ELEM_DIM, ALIGN_LEFT, line);
	} else {
		tui_put(r.y + r.h - 1, r.x + 1, r.w - 2, ELEM_DIM, ALIGN_LEFT,
			_("Enter save  Esc cancel  Tab/Up move  type or Left/Right choose"));
	}
	str_format(tui->status_right, sizeof(tui->status_right), "%s", lv->crm_id);
	tui->cursor_y = cursor_y;
	tui->cursor_x = cursor_x;
}

/* --- Keys ------------------------------------------------------------------------ */

static void step_focus(struct log_view *lv, int dir)
{
	int f = (int)lv->focus;
	do
		f = (f + dir + F_COUNT) % F_COUNT;
	while (!field_shown(lv, (enum log_field)f));
	lv->focus = (enum log_field)f;
}

static void cycle(size_t *cur, size_t n, int dir)
{
	*cur = (*cur + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
}

static void set_error(struct log_view *lv, enum log_field f, const char *msg)
{
	lv->error_field = f;
	str_copy(lv->error, sizeof(lv->error), msg);
	if (f != F_COUNT)
		lv->focus = f;
}

/* True when the file does not hold exactly text (NULL: empty), or cannot be
 * read (then it is kept too: better an extra file than lost words). */
static bool file_differs(const char *path, const char *text)
{
	size_t want = text ? strlen(text) : 0, at = 0;
	char buf[4096];
	ssize_t n;
	bool differs = false;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return true;
	while (!differs && (n = read(fd, buf, sizeof(buf))) > 0) {
		if (at + (size_t)n > want || memcmp(buf, text + at, (size_t)n) != 0)
			differs = true;
		at += (size_t)n;
	}
	close(fd);
	return differs || n < 0 || at != want;
}

/* Writes the note in $VISUAL/$EDITOR (vi by default) on a private file.
 * If the editor fails, the note stays as it was; what it wrote, if anything,
 * stays in the file, and the message names it. */
static int edit_note(struct tui *tui, struct log_view *lv)
{
	const char *editor = getenv("VISUAL");
	char path[] = "/tmp/csconsole-note-XXXXXX";
	int fd, status = 0;
	pid_t pid;

	(void)tui;
	if (str_empty(editor))
		editor = getenv("EDITOR");
	if (str_empty(editor))
		editor = "vi";
	if ((fd = mkstemp(path)) < 0)
		return error(_("cannot make a file for the editor in /tmp: %s"), strerror(errno));
	if (lv->note && write(fd, lv->note, strlen(lv->note)) < 0) {
		close(fd);
		unlink(path);
		return error(_("cannot write %s: %s"), path, strerror(errno));
	}
	close(fd);
	def_prog_mode();
	endwin();
	pid = fork();
	if (pid == 0) {
		/* as git does: the editor command through the shell, the file as $1 */
		char *cmd = xasprintf("%s \"$1\"", editor);
		execl("/bin/sh", "sh", "-c", cmd, "sh", path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	if (pid < 0) {
		unlink(path);
		return error(_("cannot start the editor: %s"), strerror(errno));
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		/* the shell's own codes: command not found, found but not runnable */
		if (code == 127 || code == 126) {
			unlink(path);
			return error(code == 127 ? _("the editor (%s) was not found: set $VISUAL or $EDITOR; "
						   "the note is unchanged")
						 : _("the editor (%s) cannot be run: check $VISUAL or $EDITOR; "
						   "the note is unchanged"), editor);
		}
		/* what was written in an editor that then failed is not thrown away */
		if (file_differs(path, lv->note))
			return error(_("the editor (%s) failed (status %d): the note is unchanged; "
				     "what you wrote is kept in %s"), editor, code, path);
		unlink(path);
		return error(_("the editor (%s) failed (status %d): the note is unchanged"), editor, code);
	}
	struct sbuf text = { 0 };
	char buf[4096];
	ssize_t n;
	if ((fd = open(path, O_RDONLY)) < 0) {
		unlink(path);
		return error(_("cannot read what the editor wrote (%s): %s; the note is unchanged"), path,
			     strerror(errno));
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0 && text.len < NOTE_MAX)
		sbuf_add(&text, buf, (size_t)n);
	close(fd);
	unlink(path);
	if (text.len >= NOTE_MAX) {
		sbuf_free(&text);
		return error(_("the note is longer than %d KiB: the note is unchanged"), NOTE_MAX / 1024);
	}
	char *s = text.data ? text.data : xstrdup("");
	size_t len = strlen(s);
	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		s[--len] = '\0';
	if (!utf8_valid(s, len, NULL)) {
		free(s);
		return error(_("the note is not valid UTF-8: the note is unchanged"));
	}
	free(lv->note);
	lv->note = len ? s : NULL;
	if (!len)
		free(s);
	return 0;
}

/* Reads the form into an entry; -1 + error() with the field to blame. */
static int read_form(struct tui *tui, struct log_view *lv, struct log_entry *e, enum log_field *bad)
{
	const struct config *cfg = &tui->app->cfg;
	char why[256];

	memset(e, 0, sizeof(*e));
	e->account = lv->crm_id;
	e->kind = event_note_kinds[lv->kind];
	e->sentiment = (int)lv->sentiment;
	e->summary = lv->summary.text;
	e->text = lv->note;
	if (!day_parse_human(lv->date.text, tui->app->today, &e->touch_day, why, sizeof(why))) {
		*bad = F_DATE;
		return error(_("date: %s"), why);
	}
	if (lv->risk) {
		e->risk_category = cfg->risk_categories.items[lv->risk - 1];
		e->risk_severity = event_severities[lv->severity];
		e->risk_text = lv->risk_text.text;
	}
	e->next_day = DAY_NONE;
	if (lv->next.text[0] && !is_none(lv->next.text) &&
	    !day_parse_human(lv->next.text, tui->app->today, &e->next_day, why, sizeof(why))) {
		*bad = F_NEXT;
		return error(_("next touch: %s (or \"none\")"), why);
	}
	e->next_kind = event_touch_kinds[lv->next_kind];
	/* the field a refusal points at */
	static const enum log_field field_of[] = {
		[LOG_BAD_NONE] = F_COUNT, [LOG_BAD_ACCOUNT] = F_COUNT, [LOG_BAD_KIND] = F_KIND,
		[LOG_BAD_SENTIMENT] = F_SENTIMENT, [LOG_BAD_SUMMARY] = F_SUMMARY, [LOG_BAD_TEXT] = F_NOTE,
		[LOG_BAD_DATE] = F_DATE, [LOG_BAD_RISK] = F_RISK, [LOG_BAD_SEVERITY] = F_SEVERITY,
		[LOG_BAD_RISK_TEXT] = F_RISK_TEXT,
		[LOG_BAD_NEXT] = F_NEXT, [LOG_BAD_NEXT_KIND] = F_NEXT_KIND,
	};
	enum log_bad refusal;
	if (log_check(cfg, e, tui->app->today, &refusal) < 0) {
		*bad = field_of[refusal];
		return -1;
	}
	return 0;
}

static enum tui_result save(struct tui *tui, struct log_view *lv)
{
	struct log_entry e;
	struct log_result res;
	enum log_field bad = F_COUNT;
	char iso[11];

	if (read_form(tui, lv, &e, &bad) < 0) {
		set_error(lv, bad, error_message());
		return TUI_REDRAW;
	}
	if (lv->note_id[0]) {
		if (note_update(&tui->app->store, &tui->app->cfg, tui->app->cfg.me, tui->app->today,
				lv->note_id, &e) < 0) {
			set_error(lv, F_COUNT, error_message());
			return TUI_REDRAW;
		}
		tui_message(tui, _("note edited on %s · published at the next sync"), lv->crm_id);
		tui_reload_views(tui);
		return TUI_QUIT;
	}
	if (log_save(&tui->app->store, &tui->app->cfg, tui->app->cfg.me, tui->app->today, &e, &res) < 0) {
		set_error(lv, bad, error_message());
		return TUI_REDRAW;
	}
	if (e.next_day != DAY_NONE) {
		day_format_iso(e.next_day, iso);
		tui_message(tui, res.touch_moved ? _("logged %s with %s · next touch %s (moved) · published at the next sync")
					       : _("logged %s with %s · next touch %s · published at the next sync"),
			    tui_choice_label(e.kind), lv->crm_id, iso);
	} else {
		tui_message(tui, _("logged %s with %s · no next touch · published at the next sync"),
			    tui_choice_label(e.kind), lv->crm_id);
	}
	tui_reload_views(tui);   /* the list and the detail below show the new note */
	return TUI_QUIT;
}

/* A key on a choice field: Left/Right (or Space) cycle, a digit picks a
 * sentiment, a character types ahead (choice_type; after a pause of
 * TYPE_AHEAD_MS it starts a new name), Backspace clears what was typed. */
static void choice_key(struct tui *tui, struct log_view *lv, int key, bool function_key)
{
	const struct config *cfg = &tui->app->cfg;
	size_t n, *cur;
	const char **items = choice_items(tui, lv, lv->focus, &n, &cur);
	int dir = function_key && key == KEY_LEFT ? -1 : (function_key && key == KEY_RIGHT) || key == ' ' ? 1 : 0;
	bool changed = false;
	char ch[5];

	if (!items)
		return;
	if (dir) {
		cycle(cur, n, dir);
		lv->typed[0] = '\0';
		changed = true;
	} else if ((function_key && key == KEY_BACKSPACE) || (!function_key && (key == 127 || key == 8))) {
		lv->typed[0] = '\0';
	} else if (!function_key && lv->focus == F_SENTIMENT && key >= '0' && key <= '9') {
		if ((size_t)(key - '0') <= cfg->sentiment_labels.len) {
			*cur = (size_t)(key - '0');
			changed = true;
		}
		lv->typed[0] = '\0';
	} else if (!function_key && key > ' ' && key != 127 && utf8_char(key, ch)) {
		long long now = monotonic_ms();
		if (now - lv->typed_ms > TYPE_AHEAD_MS)
			lv->typed[0] = '\0';
		lv->typed_ms = now;
		if (choice_type_label(items, n, cur, lv->typed, sizeof(lv->typed), ch))
			changed = true;
		else
			tui_message(tui, _("no %s choice matches \"%s\": Left/Right show them all"),
				    _(field_labels[lv->focus]), ch);
	}
	free(items);
	if (!changed)
		return;
	if (lv->focus == F_KIND && !lv->next_kind_set)
		lv->next_kind = list_find(event_touch_kinds, event_note_kinds[lv->kind]);
	if (lv->focus == F_NEXT_KIND)
		lv->next_kind_set = true;
	if (lv->error_field == lv->focus)
		lv->error[0] = '\0';
}

static enum tui_result log_input(struct tui *tui, struct view *view, int key, bool function_key)
{
	struct log_view *lv = view->data;
	struct tui_line *line = text_field(lv, lv->focus);
	bool enter = (function_key && key == KEY_ENTER) || (!function_key && (key == '\n' || key == '\r'));

	if (function_key && key == KEY_RESIZE)
		return TUI_REDRAW;               /* only drawn again: every field stays */
	if (lv->asking) {                        /* "discard your changes? y/n" */
		lv->asking = false;
		if (!function_key && (key == 'y' || key == 'Y'))
			return TUI_QUIT;
		tui_message(tui, "%s", _("kept: the form is as you left it"));
		return TUI_REDRAW;
	}
	if (!function_key && key == KEY_ESC) {
		if (!form_changed(lv))
			return TUI_QUIT;
		lv->asking = true;
		return TUI_REDRAW;
	}
	if ((!function_key && key == '\t') || (function_key && key == KEY_DOWN)) {
		step_focus(lv, 1);
		lv->typed[0] = '\0';
		return TUI_REDRAW;
	}
	if (function_key && (key == KEY_BTAB || key == KEY_UP)) {
		step_focus(lv, -1);
		lv->typed[0] = '\0';
		return TUI_REDRAW;
	}
	if (enter && lv->focus == F_NOTE) {
		if (edit_note(tui, lv) < 0)
			set_error(lv, F_NOTE, error_message());
		else if (lv->error_field == F_NOTE)
			lv->error[0] = '\0';
		return TUI_REDRAW;
	}
	if (enter)
		return save(tui, lv);
	if (line) {
		enum tui_line_result r = tui_line_key(line, key, function_key);
		if (r == LINE_CHANGED && lv->focus == F_DATE && !lv->next_set)
			propose_next(tui, lv);          /* the cadence counts from the touch */
		if (r == LINE_CHANGED && lv->focus == F_NEXT)
			lv->next_set = true;            /* an explicit day is never replaced */
		if (r != LINE_IGNORED && lv->error_field == lv->focus)
			lv->error[0] = '\0';
		return TUI_REDRAW;
	}
	choice_key(tui, lv, key, function_key);
	return TUI_REDRAW;
}

static enum tui_result log_key(struct tui *tui, struct view *view, enum tui_action action, int key)
{
	(void)tui;
	(void)view;
	(void)action;
	(void)key;
	return TUI_HANDLED;   /* never called: input takes every key */
}

/* A paste is text, never keys: one line goes into a line field at the
 * cursor; several lines (or a paste on a choice) go to the end of the note,
 * which the summary's one line cannot hold. Nothing is saved by it. */
static enum tui_result log_paste(struct tui *tui, struct view *view, const char *text)
{
	struct log_view *lv = view->data;
	struct tui_line *line = text_field(lv, lv->focus);
	size_t len = strlen(text);
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;                          /* a copied line often ends in its newline */
	char *clean = xstrndup(text, len);
	size_t lines = 1;
	for (const char *c = clean; *c; c++)
		lines += *c == '\n';
	lv->asking = false;
	if (line && lines == 1) {
		if (tui_line_insert(line, clean)) {
			if (lv->focus == F_DATE && !lv->next_set)
				propose_next(tui, lv);
			if (lv->focus == F_NEXT)
				lv->next_set = true;
		}
	} else if (*clean) {
		char *note = lv->note && *lv->note ? xasprintf("%s\n%s", lv->note, clean) : xstrdup(clean);
		free(lv->note);
		lv->note = note;
		if (line)
			tui_message(tui, P_("pasted %zu line into the note (the field takes one line)",
					    "pasted %zu lines into the note (the field takes one line)", lines), lines);
		else
			tui_message(tui, P_("pasted %zu line into the note", "pasted %zu lines into the note", lines),
				    lines);
	}
	free(clean);
	return TUI_REDRAW;
}

static const enum tui_action log_hints[] = { ACTION_NONE };

/* No .reload: a sync finishing while the form is open never re-reads it
 * from the database (what is typed stays as typed). */
const struct view_ops log_view_ops = {
	.name = "log",
	.open = log_open,
	.draw = log_draw,
	.key = log_key,
	.input = log_input,
	.paste = log_paste,
	.close = log_close,
	.hints = log_hints,
};
