/* view_risks.c - an account's risk notes (i), open first, each with its
 * history from the events (who opened, changed, resolved it, and when).
 * c changes the selected open risk (severity, category, text, owner: one
 * question each in the status line, the current value to edit); d resolves it (an
 * optional closing note). Risks are the team's: anyone may change them.
 * New risks come from the log form (l) and the new-risk prompt (!).
 */
#include <stdlib.h>
#include <string.h>

#include "csconsole/book.h"
#include "csconsole/date.h"
#include "csconsole/display.h"
#include "csconsole/detail.h"
#include "csconsole/event.h"
#include "csconsole/limits.h"
#include "csconsole/log.h"
#include "csconsole/text.h"
#include "csconsole/tui.h"
#include "csconsole/tui_labels.h"

struct risks_view {
	char crm_id[64];
	struct account_detail d;
	bool loaded;
	struct strlist *history;        /* per risk */
	struct tui_list list;           /* over the risks */
	int top_line;                   /* scroll, in screen lines */
	/* the change being asked, one field at a time */
	char severity[16], category[64];
	char *text;                     /* as typed, whole (owned) */
	bool text_changed;
};

static void free_history(struct risks_view *rv)
{
	for (size_t i = 0; rv->history && i < rv->d.n_risks; i++)
		strlist_clear(&rv->history[i]);
	free(rv->history);
	rv->history = NULL;
}

static int load(struct tui *tui, struct risks_view *rv)
{
	struct account_detail d;
	char keep[64] = "";

	if (rv->loaded && rv->list.sel < rv->d.n_risks)
		str_copy(keep, sizeof(keep), rv->d.risks[rv->list.sel].id);
	if (detail_load(&tui->app->store, &tui->app->cfg, rv->crm_id, tui->app->today, &d) < 0)
		return -1;
	if (rv->loaded) {
		free_history(rv);
		detail_free(&rv->d);
	}
	rv->d = d;
	rv->loaded = true;
	rv->history = xcalloc(d.n_risks ? d.n_risks : 1, sizeof(*rv->history));
	for (size_t i = 0; i < d.n_risks; i++)
		if (risk_history(&tui->app->store, d.risks[i].id, &rv->history[i]) < 0)
			return -1;
	rv->list.len = d.n_risks;
	for (size_t i = 0; keep[0] && i < d.n_risks; i++)
		if (str_eq(d.risks[i].id, keep))
			rv->list.sel = i;
	tui_list_clamp(&rv->list, 1);
	return 0;
}

static int risks_open(struct tui *tui, struct view *view)
{
	struct risks_view *rv = xcalloc(1, sizeof(*rv));

	view->data = rv;
	str_copy(rv->crm_id, sizeof(rv->crm_id), view->arg ? (const char *)view->arg : "");
	return load(tui, rv);
}

static void risks_close(struct tui *tui, struct view *view)
{
	struct risks_view *rv = view->data;

	(void)tui;
	if (!rv)
		return;
	if (rv->loaded) {
		free_history(rv);
		detail_free(&rv->d);
	}
	free(rv->text);
	free(rv);
	view->data = NULL;
}

/* Lines a risk takes: its title, its text, its history. */
static int risk_lines(const struct risks_view *rv, size_t i)
{
	return 2 + (int)rv->history[i].len + 1;
}

static void risks_draw(struct tui *tui, struct view *view, struct tui_rect r)
{
	struct risks_view *rv = view->data;
	const char *dot = tui->utf8 ? " · " : " | ";
	char line[512], day[64], day2[64];
	size_t open = 0;

	for (size_t i = 0; i < rv->d.n_risks; i++)
		open += rv->d.risks[i].open;
	str_format(line, sizeof(line), _(" Risks%s%s (%s)%s%zu open, %zu resolved"), dot, rv->d.name, rv->crm_id, dot,
		   open, rv->d.n_risks - open);
	tui_fill(r.y, r.x, r.w, ELEM_HEADER);
	tui_put(r.y, r.x, r.w, ELEM_HEADER, ALIGN_LEFT, line);
	if (rv->d.n_risks == 0) {
		char kl[32];
		tui_action_key_name(tui, ACTION_LOG, kl, sizeof(kl));
		tui_put_centered(r.y + r.h / 2 - 1, r.x, r.w, ELEM_NOTICE, _("no risk noted on this account"));
		str_format(line, sizeof(line), _("%s logs a touch and can open a risk with it"), kl[0] ? kl : "log");
		tui_put_centered(r.y + r.h / 2, r.x, r.w, ELEM_DIM, line);
		str_copy(tui->status_right, sizeof(tui->status_right), rv->crm_id);
		return;
	}
	/* keep the selected risk in view */
	int sel_top = 0, body = r.h - 2;
	for (size_t i = 0; i < rv->list.sel; i++)
		sel_top += risk_lines(rv, i);
	if (sel_top < rv->top_line)
		rv->top_line = sel_top;
	if (sel_top + risk_lines(rv, rv->list.sel) > rv->top_line + body)
		rv->top_line = sel_top + risk_lines(rv, rv->list.sel) - body;
	int y = r.y + 2 - rv->top_line;
	for (size_t i = 0; i < rv->d.n_risks; i++) {
		const struct detail_risk *k = &rv->d.risks[i];
		bool selected = i == rv->list.sel;
		enum theme_element e = !k->open ? ELEM_DIM : str_eq(k->severity, "high") ? ELEM_RISK_HIGH :
				       str_eq(k->severity, "medium") ? ELEM_RISK_MEDIUM : ELEM_NORMAL;
		display_day(&tui->app->cfg, k->opened_day, day, sizeof(day));
		display_day(&tui->app->cfg, k->resolved_day, day2, sizeof(day2));
		char sev[64];   /* the severity in 6 cells (a translation may be double-width) */
		text_fit(tui_choice_label(k->severity), 6, true, sev, sizeof(sev));
		if (k->open)
			str_format(line, sizeof(line), _("%s  %s%sopen since %s%sopened by %s%sowner %s"), sev,
				   risk_category_label(&tui->app->cfg, k->category), dot, day, dot, k->author, dot, k->owner);
		else
			str_format(line, sizeof(line), _("%s  %s%sresolved %s (opened %s by %s)%sowner %s"), sev,
				   risk_category_label(&tui->app->cfg, k->category), dot, day2, day, k->author, dot, k->owner);
		if (y >= r.y + 2 && y < r.y + r.h) {
			if (selected)
				tui_fill(y, r.x, r.w, ELEM_SELECTED);
			tui_put(y, r.x + 1, r.w - 2, selected ? ELEM_SELECTED : e, ALIGN_LEFT, line);
		}
		y++;
		if (y >= r.y + 2 && y < r.y + r.h)
			tui_put(y, r.x + 3, r.w - 4, ELEM_NORMAL, ALIGN_LEFT, k->text);
		y++;
		for (size_t h = 0; h < rv->history[i].len; h++, y++)
			if (y >= r.y + 2 && y < r.y + r.h)
				tui_put(y, r.x + 5, r.w - 6, ELEM_DIM, ALIGN_LEFT, rv->history[i].items[h]);
		y++;
	}
	str_format(tui->status_right, sizeof(tui->status_right), _("%s%srisk %zu/%zu"), rv->crm_id, dot,
		   rv->list.sel + 1, rv->d.n_risks);
}

/* --- Changing and resolving -------------------------------------------------------- */

static const struct detail_risk *selected_open(struct tui *tui, struct risks_view *rv)
{
	const struct detail_risk *k = rv->d.n_risks ? &rv->d.risks[rv->list.sel] : NULL;

	if (!k)
		tui_error(tui, _("no risk on %s"), rv->crm_id);
	else if (!k->open)
		tui_error(tui, "%s", _("this risk is resolved (reopen it with csconsole risk --update ID --status open)"));
	return k && k->open ? k : NULL;
}

static void saved(struct tui *tui, bool resolved)
{
	tui_reload_views(tui);
	tui_message(tui, "%s", resolved ? _("risk resolved · published at the next sync")
				       : _("risk changed · published at the next sync"));
}

static int owner_done(struct tui *tui, const char *text, void *arg)
{
	struct risks_view *rv = arg;
	const struct detail_risk *k = &rv->d.risks[rv->list.sel];
	bool known = true;

	if (!str_eq(text, k->owner) && book_owner_known(&tui->app->store, text, &known) == 0 && !known &&
	    !str_eq(text, tui->app->cfg.me))
		return error(_("no account of the team has %s as main or sub owner: check the handle"), text);
	const char *category = str_eq(rv->category, k->category) ? NULL : rv->category;
	const char *severity = str_eq(rv->severity, k->severity) ? NULL : rv->severity;
	const char *owner = str_eq(text, k->owner) ? NULL : text;
	const char *changed_text = rv->text_changed ? rv->text : NULL;

	if (!category && !severity && !owner && !changed_text) {
		tui_message(tui, "%s", _("nothing changed"));
		return 0;
	}
	if (risk_change(&tui->app->store, &tui->app->cfg, tui->app->cfg.me, k->id, category, severity,
			changed_text, owner) < 0)
		return -1;
	saved(tui, false);
	return 0;
}

static const struct tui_prompt_ops owner_prompt = { .done = owner_done };

static int text_done(struct tui *tui, const char *text, void *arg)
{
	struct risks_view *rv = arg;

	const char *was = rv->d.risks[rv->list.sel].text;

	if (!text[strspn(text, " \t")])
		return error("%s", _("say what the risk is"));
	/* kept whole: the line editor cuts nothing, and neither does this */
	rv->text_changed = !str_eq(text, was);
	free(rv->text);
	rv->text = xstrdup(text);
	tui_prompt_open(tui, _("owner: "), rv->d.risks[rv->list.sel].owner, &owner_prompt, rv);
	return 0;
}

static const struct tui_prompt_ops text_prompt = { .done = text_done };

static int category_done(struct tui *tui, const char *text, void *arg)
{
	struct risks_view *rv = arg;
	const struct config *cfg = &tui->app->cfg;

	if (!strlist_has(&cfg->risk_categories, text)) {
		struct sbuf b = { 0 };
		for (size_t i = 0; i < cfg->risk_categories.len; i++)
			sbuf_addf(&b, "%s%s", i ? ", " : "", cfg->risk_categories.items[i]);
		error(_("one of %s"), sbuf_str(&b));
		sbuf_free(&b);
		return -1;
	}
	str_copy(rv->category, sizeof(rv->category), text);
	tui_prompt_open_limited(tui, _("text: "), rv->d.risks[rv->list.sel].text,
				limit_chars(LIMIT_RISK_TEXT), &text_prompt, rv);
	return 0;
}

static const struct tui_prompt_ops category_prompt = { .done = category_done };

static int severity_done(struct tui *tui, const char *text, void *arg)
{
	struct risks_view *rv = arg;
	size_t i;

	for (i = 0; event_severities[i] && !str_eq(event_severities[i], text); i++)
		;
	if (!event_severities[i])
		return error("%s", _("low, medium or high"));
	str_copy(rv->severity, sizeof(rv->severity), text);
	tui_prompt_open(tui, _("category: "), rv->d.risks[rv->list.sel].category, &category_prompt, rv);
	return 0;
}

static const struct tui_prompt_ops severity_prompt = { .done = severity_done };

static int resolve_done(struct tui *tui, const char *text, void *arg)
{
	struct risks_view *rv = arg;

	if (risk_resolve(&tui->app->store, tui->app->cfg.me, rv->d.risks[rv->list.sel].id, tui->app->today,
			 text) < 0)
		return -1;
	saved(tui, true);
	return 0;
}

static const struct tui_prompt_ops resolve_prompt = { .done = resolve_done };

static enum tui_result risks_key(struct tui *tui, struct view *view, enum tui_action action, int key)
{
	struct risks_view *rv = view->data;
	const struct detail_risk *k;

	(void)key;
	if (tui_list_key(&rv->list, action))
		return TUI_REDRAW;
	switch (action) {
	case ACTION_QUIT:
		return TUI_QUIT;
	case ACTION_LOG:
		if (tui_view_push(tui, &log_view_ops, &(struct log_form_arg){ rv->crm_id, NULL }) < 0)
			tui_error(tui, "%s", error_message());
		return TUI_HANDLED;
	case ACTION_CHANGE_RISK:
		if ((k = selected_open(tui, rv)))
			tui_prompt_open(tui, _("severity (low, medium, high): "), k->severity, &severity_prompt, rv);
		return TUI_HANDLED;
	case ACTION_DONE:
		if ((k = selected_open(tui, rv)))
			tui_prompt_open_limited(tui, _("resolve; a closing note (optional): "), NULL,
						limit_chars(LIMIT_CLOSING), &resolve_prompt, rv);
		return TUI_HANDLED;
	default:
		return TUI_IGNORED;
	}
}

static void risks_reload(struct tui *tui, struct view *view)
{
	if (load(tui, view->data) < 0)
		tui_error(tui, "%s", error_message());
}

static const enum tui_action risks_hints[] = {
	ACTION_MOVE_DOWN, ACTION_MOVE_UP, ACTION_CHANGE_RISK, ACTION_DONE, ACTION_LOG, ACTION_HELP,
	ACTION_QUIT, ACTION_NONE,
};

/* every key the view takes, for the help screen */
static const enum tui_action risks_actions[] = {
	ACTION_MOVE_DOWN, ACTION_MOVE_UP, ACTION_MOVE_FIRST, ACTION_MOVE_LAST, ACTION_PAGE_DOWN,
	ACTION_PAGE_UP, ACTION_HALF_PAGE_DOWN, ACTION_HALF_PAGE_UP, ACTION_REDRAW, ACTION_LOG, ACTION_CHANGE_RISK,
	ACTION_DONE, ACTION_SYNC, ACTION_HELP, ACTION_CLOSE, ACTION_QUIT, ACTION_NONE,
};

const struct view_ops risks_view_ops = {
	.name = "risks",
	.open = risks_open,
	.draw = risks_draw,
	.key = risks_key,
	.reload = risks_reload,
	.close = risks_close,
	.hints = risks_hints,
	.actions = risks_actions,
};
