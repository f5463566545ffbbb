/* view_log.c - the log form: a touch with an account in ten seconds.
 *
 * Fields, top to bottom: kind, sentiment, date, summary, note, risk and its
 * severity, next touchpoint and its kind. Choices move with Left/Right (or
 * a letter, or a digit for the sentiment); text fields are line editors;
 * the note is written in $VISUAL or $EDITOR, as git does for a commit
 * message. Enter saves (log_save: all events in one transaction); a
 * refused field is explained beside it and the focus goes there, nothing
 * typed is lost. If the editor fails, the note stays as it was. Esc twice
 * discards.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "csconsole/date.h"
#include "csconsole/detail.h"
#include "csconsole/event.h"
#include "csconsole/limits.h"
#include "csconsole/log.h"
#include "csconsole/text.h"
#include "csconsole/tui.h"

#define KEY_ESC 27
#define NOTE_MAX (64 * 1024)

/* The fields: X(id, label). Order = order on screen and of Tab. */
#define LOG_FIELDS(X) \
	X(KIND,      "Kind") \
	X(SENTIMENT, "Sentiment") \
	X(DATE,      "Date") \
	X(SUMMARY,   "Summary") \
	X(NOTE,      "Note") \
	X(RISK,      "Risk") \
	X(SEVERITY,  "Severity") \
	X(NEXT,      "Next touch") \
	X(NEXT_KIND, "Next kind")

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

#define LABEL_WIDTH 12

static const char *const severity_default = "medium";

struct log_view {
	char crm_id[64];
	char note_id[32];               /* editing this own note; "" = a new touch */
	char *name;                     /* sanitized account name */
	char touch_model[8];
	enum log_field focus;
	size_t kind;                    /* index into event_note_kinds */
	int sentiment;                  /* 0 none, 1..n */
	struct tui_line date, summary, next;
	char *note;                     /* the longer note (owned), NULL none */
	size_t risk;                    /* 0 none, else 1 + index into risk_categories */
	size_t severity;                /* index into event_severities */
	size_t next_kind;               /* index into event_touch_kinds */
	bool next_kind_set;             /* chosen by hand (else follows the kind) */
	bool next_set;                  /* typed by hand (else proposed from the date) */
	enum log_field error_field;     /* where the last refusal points */
	char error[256];                /* "" none */
	bool discard_armed;             /* Esc once: the next Esc discards */
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
	return f == F_DATE ? &lv->date : f == F_SUMMARY ? &lv->summary : f == F_NEXT ? &lv->next : NULL;
}

static bool field_shown(const struct log_view *lv, enum log_field f)
{
	if (lv->note_id[0])        /* an edit changes the note alone */
		return f <= F_NOTE;
	return f != F_SEVERITY || lv->risk > 0;
}

static void propose_next(struct tui *tui, struct log_view *lv)
{
	char iso[11];
	int day;

	if (!day_parse_human(lv->date.text, tui->app->today, &day, NULL, 0))
		day = tui->app->today;
	day_format_iso(log_propose_next(&tui->app->cfg, lv->touch_model, day), iso);
	tui_line_set(&lv->next, iso);
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
		return error("no CSM handle is set: set `me` in the configuration (every note has an author)");
	if (detail_load(&tui->app->store, &tui->app->cfg, lv->crm_id, tui->app->today, &d) < 0)
		return -1;
	lv->name = xstrdup(d.name);
	str_copy(lv->touch_model, sizeof(lv->touch_model), d.touch_model);
	lv->kind = list_find(event_note_kinds, "call");
	lv->severity = list_find(event_severities, severity_default);
	tui_line_set(&lv->date, "today");
	tui_line_set(&lv->summary, "");
	lv->summary.limit = limit_chars(LIMIT_SUMMARY);   /* its counter (limits.h) */
	for (size_t i = 0; lv->note_id[0] && i < d.n_notes; i++) {
		const struct detail_note *n = &d.notes[i];
		char iso[11];
		if (!str_eq(n->id, lv->note_id))
			continue;
		lv->kind = list_find(event_note_kinds, n->kind);
		lv->sentiment = n->sentiment;
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
	tui_line_free(&lv->next);
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
		need += text_width(items[i]) + 2;
	if (need > w) {
		char one[128];
		str_format(one, sizeof(one), "< %s >", items[cur]);
		tui_put(y, x, w, focus ? ELEM_SELECTED : ELEM_NORMAL, ALIGN_LEFT, one);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		int iw = text_width(items[i]);
		tui_put(y, x, iw, i == cur ? (focus ? ELEM_SELECTED : ELEM_HELP_KEY) : ELEM_DIM, ALIGN_LEFT, items[i]);
		x += iw + 2;
	}
}

static void note_preview(const char *note, char *out, size_t size)
{
	size_t lines = 0, first = strcspn(note, "\n");

	for (const char *p = note; *p; p++)
		lines += *p == '\n';
	lines += note[0] && note[strlen(note) - 1] != '\n';
	str_format(out, size, "%.*s%s (%zu line%s)", (int)(first > 60 ? 60 : first), note,
		   first > 60 ? "…" : "", lines, lines == 1 ? "" : "s");
}

static void log_draw(struct tui *tui, struct view *view, struct tui_rect r)
{
	struct log_view *lv = view->data;
	const struct config *cfg = &tui->app->cfg;
	char line[512];
	int y = r.y + 2, vx = r.x + 2 + LABEL_WIDTH, vw = r.w - (vx - r.x) - 1, cursor_x = -1, cursor_y = -1;

	tui_fill(r.y, r.x, r.w, ELEM_HEADER);
	str_format(line, sizeof(line), " %s%s%s (%s)", lv->note_id[0] ? "Edit my note" : "Log a touch",
		   tui->utf8 ? " · " : " | ", lv->name, lv->crm_id);
	tui_put(r.y, r.x, r.w, ELEM_HEADER, ALIGN_LEFT, line);

	for (int f = 0; f < F_COUNT; f++) {
		bool focus = lv->focus == (enum log_field)f;
		if (!field_shown(lv, (enum log_field)f))
			continue;
		if (y >= r.y + r.h - 2)
			break;
		tui_put(y, r.x + 1, LABEL_WIDTH, focus ? ELEM_SELECTED : ELEM_TITLE, ALIGN_LEFT, field_labels[f]);
		switch ((enum log_field)f) {
		case F_KIND:
			draw_choices(y, vx, vw, event_note_kinds, list_len(event_note_kinds), lv->kind, focus);
			break;
		case F_SENTIMENT: {
			const char *items[CONFIG_MAX_SENTIMENT + 1];
			char bufs[CONFIG_MAX_SENTIMENT + 1][80];
			size_t n = cfg->sentiment_labels.len + 1;
			str_copy(bufs[0], sizeof(bufs[0]), "0 none");
			for (size_t i = 1; i < n && i <= CONFIG_MAX_SENTIMENT; i++)
				str_format(bufs[i], sizeof(bufs[i]), "%zu %s", i, cfg->sentiment_labels.items[i - 1]);
			for (size_t i = 0; i < n; i++)
				items[i] = bufs[i];
			draw_choices(y, vx, vw, items, n, (size_t)lv->sentiment, focus);
			break;
		}
		case F_DATE:
		case F_SUMMARY:
		case F_NEXT: {
			struct tui_line *l = text_field(lv, (enum log_field)f);
			int fw = f == F_SUMMARY ? vw : vw / 2;
			int cx = tui_line_draw(l, y, vx, fw, focus ? ELEM_SELECTED : ELEM_NORMAL);
			if (focus) {
				cursor_x = cx;
				cursor_y = y;
			}
			if (f != F_SUMMARY) {   /* what the date means, beside it */
				int day;
				char why[160], iso[11];
				if (day_parse_human(l->text, tui->app->today, &day, why, sizeof(why))) {
					day_format_iso(day, iso);
					str_format(line, sizeof(line), "%s (%+d days)", iso, day - tui->app->today);
				} else if (f == F_NEXT && (!l->text[0] || str_eq(l->text, "none"))) {
					str_copy(line, sizeof(line), "no next touchpoint");
				} else {
					str_copy(line, sizeof(line), "?");
				}
				tui_put(y, vx + fw + 2, vw - fw - 2, ELEM_DIM, ALIGN_LEFT, line);
			}
			break;
		}
		case F_NOTE:
			if (lv->note && lv->note[0]) {
				char preview[160];
				note_preview(lv->note, preview, sizeof(preview));
				str_format(line, sizeof(line), "%s  (Enter edits in $EDITOR)", preview);
			} else {
				str_copy(line, sizeof(line), "none (Enter writes it in $EDITOR)");
			}
			tui_put(y, vx, vw, focus ? ELEM_SELECTED : lv->note ? ELEM_NORMAL : ELEM_DIM, ALIGN_LEFT, line);
			break;
		case F_RISK: {
			const char *cur = lv->risk ? cfg->risk_categories.items[lv->risk - 1] : "none";
			str_format(line, sizeof(line), "< %s >", cur);
			tui_put(y, vx, vw, focus ? ELEM_SELECTED : lv->risk ? ELEM_RISK_HIGH : ELEM_DIM, ALIGN_LEFT, line);
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
			y++;
			tui_put(y, vx, vw, ELEM_STATUS_ERROR, ALIGN_LEFT, lv->error);
		}
		y++;
	}
	if (lv->error[0] && lv->error_field == F_COUNT)
		tui_put(y + 1, r.x + 1, r.w - 2, ELEM_STATUS_ERROR, ALIGN_LEFT, lv->error);
	tui_put(r.y + r.h - 1, r.x + 1, r.w - 2, ELEM_DIM, ALIGN_LEFT,
		lv->discard_armed ? "Esc again discards what you typed; any other key keeps it"
				  : "Tab/Down next  Up previous  Left/Right choose  Enter save  Esc cancel");
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

/* A letter picks the next choice that starts with it. */
static bool pick_letter(const char *const *items, size_t n, size_t *cur, int key)
{
	for (size_t k = 1; k <= n; k++) {
		size_t i = (*cur + k) % n;
		if (items[i][0] == key) {
			*cur = i;
			return true;
		}
	}
	return false;
}

static void set_error(struct log_view *lv, enum log_field f, const char *msg)
{
	lv->error_field = f;
	str_copy(lv->error, sizeof(lv->error), msg);
	if (f != F_COUNT)
		lv->focus = f;
}

/* Writes the note in $VISUAL/$EDITOR (vi by default) on a private file. */
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
		return error("cannot make a file for the editor in /tmp: %s", strerror(errno));
	if (lv->note && write(fd, lv->note, strlen(lv->note)) < 0) {
		close(fd);
		unlink(path);
		return error("cannot write %s: %s", path, strerror(errno));
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
		return error("cannot start the editor: %s", strerror(errno));
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		unlink(path);
		return error("the editor (%s) failed (status %d): the note is unchanged", editor,
			     WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	}
	struct sbuf text = { 0 };
	char buf[4096];
	ssize_t n;
	if ((fd = open(path, O_RDONLY)) < 0) {
		unlink(path);
		return error("cannot read what the editor wrote (%s): %s; the note is unchanged", path,
			     strerror(errno));
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0 && text.len < NOTE_MAX)
		sbuf_add(&text, buf, (size_t)n);
	close(fd);
	unlink(path);
	if (text.len >= NOTE_MAX) {
		sbuf_free(&text);
		return error("the note is longer than %d KiB: the note is unchanged", NOTE_MAX / 1024);
	}
	char *s = text.data ? text.data : xstrdup("");
	size_t len = strlen(s);
	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		s[--len] = '\0';
	if (!utf8_valid(s, len, NULL)) {
		free(s);
		return error("the note is not valid UTF-8: the note is unchanged");
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
	e->sentiment = lv->sentiment;
	e->summary = lv->summary.text;
	e->text = lv->note;
	if (!day_parse_human(lv->date.text, tui->app->today, &e->touch_day, why, sizeof(why))) {
		*bad = F_DATE;
		return error("date: %s", why);
	}
	if (lv->risk) {
		e->risk_category = cfg->risk_categories.items[lv->risk - 1];
		e->risk_severity = event_severities[lv->severity];
	}
	e->next_day = DAY_NONE;
	if (lv->next.text[0] && !str_eq(lv->next.text, "none") &&
	    !day_parse_human(lv->next.text, tui->app->today, &e->next_day, why, sizeof(why))) {
		*bad = F_NEXT;
		return error("next touch: %s (or \"none\")", why);
	}
	e->next_kind = event_touch_kinds[lv->next_kind];
	/* the field a refusal points at */
	static const enum log_field field_of[] = {
		[LOG_BAD_NONE] = F_COUNT, [LOG_BAD_ACCOUNT] = F_COUNT, [LOG_BAD_KIND] = F_KIND,
		[LOG_BAD_SENTIMENT] = F_SENTIMENT, [LOG_BAD_SUMMARY] = F_SUMMARY, [LOG_BAD_TEXT] = F_NOTE,
		[LOG_BAD_DATE] = F_DATE, [LOG_BAD_RISK] = F_RISK, [LOG_BAD_SEVERITY] = F_SEVERITY,
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
		tui_message(tui, "note edited on %s · published at the next sync", lv->crm_id);
		tui_reload_views(tui);
		return TUI_QUIT;
	}
	if (log_save(&tui->app->store, &tui->app->cfg, tui->app->cfg.me, tui->app->today, &e, &res) < 0) {
		set_error(lv, bad, error_message());
		return TUI_REDRAW;
	}
	if (e.next_day != DAY_NONE) {
		day_format_iso(e.next_day, iso);
		tui_message(tui, "logged %s with %s · next touch %s%s · published at the next sync",
			    e.kind, lv->crm_id, iso, res.touch_moved ? " (moved)" : "");
	} else {
		tui_message(tui, "logged %s with %s · no next touch · published at the next sync",
			    e.kind, lv->crm_id);
	}
	tui_reload_views(tui);   /* the list and the detail below show the new note */
	return TUI_QUIT;
}

static enum tui_result log_input(struct tui *tui, struct view *view, int key, bool function_key)
{
	struct log_view *lv = view->data;
	const struct config *cfg = &tui->app->cfg;
	struct tui_line *line = text_field(lv, lv->focus);
	bool enter = (function_key && key == KEY_ENTER) || (!function_key && (key == '\n' || key == '\r'));

	if (!function_key && key == KEY_ESC) {
		if (lv->discard_armed || (!lv->summary.text[0] && !lv->note))
			return TUI_QUIT;
		lv->discard_armed = true;
		return TUI_REDRAW;
	}
	lv->discard_armed = false;
	if (function_key && key == KEY_RESIZE)
		return TUI_REDRAW;
	if ((!function_key && key == '\t') || (function_key && key == KEY_DOWN)) {
		step_focus(lv, 1);
		return TUI_REDRAW;
	}
	if (function_key && (key == KEY_BTAB || key == KEY_UP)) {
		step_focus(lv, -1);
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
	int dir = function_key && key == KEY_LEFT ? -1 : (function_key && key == KEY_RIGHT) || key == ' ' ? 1 : 0;
	switch (lv->focus) {
	case F_KIND:
		if (dir)
			cycle(&lv->kind, list_len(event_note_kinds), dir);
		else if (function_key || !pick_letter(event_note_kinds, list_len(event_note_kinds), &lv->kind, key))
			break;
		if (!lv->next_kind_set)
			lv->next_kind = list_find(event_touch_kinds, event_note_kinds[lv->kind]);
		break;
	case F_SENTIMENT: {
		size_t s = (size_t)lv->sentiment;
		if (dir)
			cycle(&s, cfg->sentiment_labels.len + 1, dir);
		else if (!function_key && key >= '0' && key <= '9' && (size_t)(key - '0') <= cfg->sentiment_labels.len)
			s = (size_t)(key - '0');
		lv->sentiment = (int)s;
		break;
	}
	case F_RISK:
		if (dir)
			cycle(&lv->risk, cfg->risk_categories.len + 1, dir);
		break;
	case F_SEVERITY:
		if (dir)
			cycle(&lv->severity, list_len(event_severities), dir);
		else if (!function_key)
			pick_letter(event_severities, list_len(event_severities), &lv->severity, key);
		break;
	case F_NEXT_KIND:
		if (dir)
			cycle(&lv->next_kind, list_len(event_touch_kinds), dir);
		else if (function_key || !pick_letter(event_touch_kinds, list_len(event_touch_kinds), &lv->next_kind, key))
			break;
		lv->next_kind_set = true;
		break;
	default:
		break;
	}
	if (lv->error_field == lv->focus)
		lv->error[0] = '\0';
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
	lv->discard_armed = false;
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
		tui_message(tui, "pasted %zu line%s into the note%s", lines, lines == 1 ? "" : "s",
			    line ? " (the field takes one line)" : "");
	}
	free(clean);
	return TUI_REDRAW;
}

static const enum tui_action log_hints[] = { ACTION_NONE };

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
