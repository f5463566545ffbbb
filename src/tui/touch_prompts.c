/* touch_prompts.c - done, snooze, move, schedule, new risk and undo as
 * status-line prompts, shared by Today, the portfolio and the account view
 * (see touch_prompts.h).
 */
#include <stdlib.h>
#include <string.h>

#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/limits.h"
#include "csconsole/log.h"
#include "csconsole/text.h"
#include "csconsole/touch_prompts.h"
#include "csconsole/tui_labels.h"
#include "csconsole/undo.h"

/* The target of the prompt that is open (one at a time) and what the
 * earlier steps of a two- or three-step prompt asked. */
static struct {
	struct touch_ref t;
	char name[256];            /* the account's name (schedule, risk) */
	int day;                   /* snooze: until; schedule: the day */
	int minute;                /* schedule: the time of day (minutes), -1: all day */
	touch_aside_fn aside;
	void *ctx;
	char *text;                /* risk: its text, whole (owned; limits.h) */
	char severity[16];
	struct touch_ref choices[9];   /* choose: the touchpoints offered */
	size_t n_choices;
	enum touch_act act;
} ps;

/* After a write: every view reloads; say what was done. */
static void acted(struct tui *tui, const char *what)
{
	tui_reload_views(tui);
	tui_message(tui, _("%s; saved, published at the next sync"), what);
}

static int parse_day(struct tui *tui, const char *text, int *day)
{
	char why[256];

	if (!day_parse_human(text, tui->app->today, day, why, sizeof(why)))
		return error("%s", why);
	return 0;
}

/* A day, optionally followed by a time of day ("fri 14:00", "2026-12-09
 * 9:30"), or a time alone (today): *minute -1 when no time is given. */
static int parse_day_time(struct tui *tui, const char *text, int *day, int *minute)
{
	const char *sp = strrchr(text, ' ');
	const char *last = sp ? sp + 1 : text;

	*minute = -1;
	if (!time_parse_hhmm(last, false, minute)) {
		*minute = -1;
		return parse_day(tui, text, day);
	}
	size_t len = (size_t)(last - text);
	while (len && text[len - 1] == ' ')
		len--;
	if (!len) {
		*day = tui->app->today;
		return 0;
	}
	char *d = xasprintf("%.*s", (int)len, text);
	int rc = parse_day(tui, d, day);
	free(d);
	return rc;
}

static void clean_copy(char *out, size_t size, const char *text)
{
	char *clean = text_sanitize(text ? text : "", false);
	str_copy(out, size, clean);
	free(clean);
}

/* The prompt's target: an account (its name shown sanitized), no touchpoint. */
static void target_account(const char *account, const char *name)
{
	memset(&ps.t, 0, sizeof(ps.t));
	str_copy(ps.t.account, sizeof(ps.t.account), account);
	clean_copy(ps.name, sizeof(ps.name), name ? name : account);
}

bool touch_prompt_next(struct tui *tui, const char *account, const char *name, struct touch_ref *out)
{
	struct touch_next next;
	char shown[256], ka[32];
	int rc = touch_next(&tui->app->store, account, &next);

	clean_copy(shown, sizeof(shown), name ? name : account);
	if (rc < 0) {
		tui_error(tui, "%s", error_message());
		return false;
	}
	if (rc == 0) {
		tui_action_key_name(tui, ACTION_SCHEDULE, ka, sizeof(ka));
		tui_error(tui, _("no open touchpoint on %s; %s schedules one"), shown, ka[0] ? ka : "schedule");
		return false;
	}
	str_copy(out->entity, sizeof(out->entity), next.entity);
	str_copy(out->account, sizeof(out->account), account);
	str_format(out->label, sizeof(out->label), _("'%s' on %s"), next.what, shown);
	str_copy(out->name, sizeof(out->name), shown);
	return true;
}

/* --- done ------------------------------------------------------------------------- */

static int done_done(struct tui *tui, const char *text, void *arg)
{
	char what[400];

	(void)arg;
	if (touch_done(&tui->app->store, tui->app->cfg.me, ps.t.entity, tui->app->today, text) < 0)
		return -1;
	str_format(what, sizeof(what), _("%s: touchpoint done"), ps.t.name);
	acted(tui, what);
	return 0;
}

static const struct tui_prompt_ops done_prompt = { .done = done_done };

void touch_prompt_done(struct tui *tui, const struct touch_ref *t)
{
	char label[400];

	ps.t = *t;
	str_format(label, sizeof(label), _("%s: done; a note (optional): "), t->label);
	tui_prompt_open_limited(tui, label, NULL, limit_chars(LIMIT_TOUCH_NOTE), &done_prompt, NULL);
}

/* --- snooze ------------------------------------------------------------------------ */

static int snooze_reason_done(struct tui *tui, const char *text, void *arg)
{
	char iso[11], what[400];

	(void)arg;
	day_format_iso(ps.day, iso);
	if (ps.aside) {
		if (ps.aside(tui, ps.day, text, ps.ctx) < 0)
			return -1;
		tui_reload_views(tui);
		tui_message(tui, _("put aside until %s (on this computer only)"), iso);
		return 0;
	}
	if (touch_snooze(&tui->app->store, tui->app->cfg.me, ps.t.entity, tui->app->today, ps.day, text) < 0)
		return -1;
	str_format(what, sizeof(what), _("%s: touchpoint snoozed until %s"), ps.t.name, iso);
	acted(tui, what);
	return 0;
}

static const struct tui_prompt_ops snooze_reason_prompt = { .done = snooze_reason_done };

static int snooze_until_done(struct tui *tui, const char *text, void *arg)
{
	char iso[11];

	(void)arg;
	if (parse_day(tui, text, &ps.day) < 0)
		return -1;
	if (ps.day <= tui->app->today) {
		day_format_iso(tui->app->today, iso);
		return error(_("a day after today (%s)"), iso);
	}
	tui_prompt_open_limited(tui, ps.aside ? _("why it can wait: ") : _("why it waits: "), NULL,
				limit_chars(LIMIT_REASON), &snooze_reason_prompt, NULL);
	return 0;
}

static const struct tui_prompt_ops snooze_until_prompt = { .done = snooze_until_done };

void touch_prompt_snooze(struct tui *tui, const struct touch_ref *t, touch_aside_fn aside, void *ctx)
{
	char label[400];

	memset(&ps.t, 0, sizeof(ps.t));
	if (t)
		ps.t = *t;
	ps.aside = aside;
	ps.ctx = ctx;
	if (aside)
		str_copy(label, sizeof(label), _("put aside until (e.g. +1w, mon): "));
	else
		str_format(label, sizeof(label), _("%s: snooze until (e.g. +3d, fri): "), ps.t.label);
	tui_prompt_open(tui, label, NULL, &snooze_until_prompt, NULL);
}

/* --- move --------------------------------------------------------------------------- */

static int move_done(struct tui *tui, const char *text, void *arg)
{
	int due;
	char iso[11], what[400];

	(void)arg;
	if (parse_day(tui, text, &due) < 0 ||
	    touch_reschedule(&tui->app->store, tui->app->cfg.me, ps.t.entity, tui->app->today, due, NULL) < 0)
		return -1;
	day_format_iso(due, iso);
	str_format(what, sizeof(what), _("%s: touchpoint moved to %s"), ps.t.name, iso);
	acted(tui, what);
	return 0;
}

static const struct tui_prompt_ops move_prompt = { .done = move_done };

void touch_prompt_move(struct tui *tui, const struct touch_ref *t)
{
	char label[400];

	ps.t = *t;
	str_format(label, sizeof(label), _("%s: move to (e.g. tomorrow, +1w): "), t->label);
	tui_prompt_open(tui, label, NULL, &move_prompt, NULL);
}

/* --- choose among several touchpoints ----------------------------------------------- */

static int choose_done(struct tui *tui, const char *text, void *arg)
{
	long n;
	struct touch_ref t;

	(void)arg;
	if (!str_to_long(text, 1, (long)ps.n_choices, &n))
		return error(_("a number from 1 to %zu"), ps.n_choices);
	t = ps.choices[n - 1];
	switch (ps.act) {
	case TOUCH_ACT_DONE:
		touch_prompt_done(tui, &t);
		break;
	case TOUCH_ACT_SNOOZE:
		touch_prompt_snooze(tui, &t, NULL, NULL);
		break;
	case TOUCH_ACT_MOVE:
		touch_prompt_move(tui, &t);
		break;
	}
	return 0;
}

static const struct tui_prompt_ops choose_prompt = { .done = choose_done };

void touch_prompt_choose(struct tui *tui, enum touch_act act, const struct touch_ref *refs, size_t n)
{
	static const char *const verbs[] = { N_("done which?"), N_("snooze which?"), N_("move which?") };
	struct sbuf label = { 0 };
	size_t shown = 0;

	if (n > sizeof(ps.choices) / sizeof(ps.choices[0]))
		n = sizeof(ps.choices) / sizeof(ps.choices[0]);
	memcpy(ps.choices, refs, n * sizeof(*refs));
	ps.n_choices = n;
	ps.act = act;
	/* as many briefs as fit in about 88 bytes of English (a translated
	 * question may be longer), then "..." */
	size_t room = 88 + strlen(_(verbs[act])) - strlen(verbs[act]);
	sbuf_addf(&label, "%s", _(verbs[act]));
	for (; shown < n && label.len + strlen(refs[shown].brief) + 16 < room; shown++)
		sbuf_addf(&label, " %zu %s%s", shown + 1, refs[shown].brief, shown + 1 < n ? "," : "");
	sbuf_addf(&label, "%s (1-%zu): ", shown < n ? " ..." : "", n);
	tui_prompt_open(tui, sbuf_str(&label), NULL, &choose_prompt, NULL);
	sbuf_free(&label);
}

/* --- schedule ----------------------------------------------------------------------- */

static int schedule_what_done(struct tui *tui, const char *text, void *arg)
{
	char iso[11], what[400], hhmm[6] = "";

	(void)arg;
	if (touch_schedule_at(&tui->app->store, tui->app->cfg.me, ps.t.account, tui->app->today, ps.day,
			      ps.minute, NULL, text, NULL, 0) < 0)
		return -1;
	day_format_iso(ps.day, iso);
	if (ps.minute >= 0)
		time_format_hhmm(ps.minute, hhmm);
	if (*hhmm)
		str_format(what, sizeof(what), _("touchpoint with %s scheduled for %s at %s"), ps.name, iso, hhmm);
	else
		str_format(what, sizeof(what), _("touchpoint with %s scheduled for %s"), ps.name, iso);
	acted(tui, what);
	return 0;
}

static const struct tui_prompt_ops schedule_what_prompt = { .done = schedule_what_done };

static int schedule_day_done(struct tui *tui, const char *text, void *arg)
{
	char iso[11], label[256], hhmm[6] = "";

	(void)arg;
	if (parse_day_time(tui, text, &ps.day, &ps.minute) < 0)
		return -1;
	if (ps.day < tui->app->today) {
		day_format_iso(tui->app->today, iso);
		return error(_("a day from today (%s) on"), iso);
	}
	day_format_iso(ps.day, iso);
	if (ps.minute >= 0)
		time_format_hhmm(ps.minute, hhmm);
	if (*hhmm)
		str_format(label, sizeof(label), _("%s %s; what it is for (optional): "), iso, hhmm);
	else
		str_format(label, sizeof(label), _("%s; what it is for (optional): "), iso);
	tui_prompt_open_limited(tui, label, NULL, limit_chars(LIMIT_TOUCH_NOTE), &schedule_what_prompt, NULL);
	return 0;
}

static const struct tui_prompt_ops schedule_day_prompt = { .done = schedule_day_done };

void touch_prompt_schedule(struct tui *tui, const char *account, const char *name)
{
	char label[400];

	target_account(account, name);
	str_format(label, sizeof(label), _("new touchpoint with %s on (e.g. +2w, fri): "), ps.name);
	tui_prompt_open(tui, label, NULL, &schedule_day_prompt, NULL);
}

/* --- new risk ----------------------------------------------------------------------- */

/* A choice typed in full or by a prefix that only one choice has. */
static int pick(const char *field, const char *text, const struct strlist *choices, char *out, size_t size)
{
	const char *found = NULL;
	size_t len = strlen(text), n = 0;
	struct sbuf list = { 0 };

	for (size_t i = 0; i < choices->len; i++) {
		if (str_eq(choices->items[i], text)) {
			str_copy(out, size, text);
			return 0;
		}
		if (len && strncmp(choices->items[i], text, len) == 0) {
			found = choices->items[i];
			n++;
		}
	}
	if (n == 1) {
		str_copy(out, size, found);
		return 0;
	}
	for (size_t i = 0; i < choices->len; i++)
		sbuf_addf(&list, "%s%s", i ? ", " : "", choices->items[i]);
	char *t = text_sanitize(text, false);
	if (n)
		error(_("%s: \"%s\" is more than one of %s"), field, t, sbuf_str(&list));
	else
		error(_("%s: \"%s\" is not one of %s"), field, t, sbuf_str(&list));
	free(t);
	sbuf_free(&list);
	return -1;
}

static int risk_category_done(struct tui *tui, const char *text, void *arg)
{
	char category[64], what[400];

	(void)arg;
	if (pick(_("category"), text, &tui->app->cfg.risk_categories, category, sizeof(category)) < 0 ||
	    risk_open(&tui->app->store, &tui->app->cfg, tui->app->cfg.me, ps.t.account, tui->app->today,
		      category, ps.severity, ps.text, NULL, 0) < 0)
		return -1;
	str_format(what, sizeof(what), _("risk opened on %s (%s, %s)"), ps.name, tui_choice_label(ps.severity),
		   category);
	acted(tui, what);
	return 0;
}

static const struct tui_prompt_ops risk_category_prompt = { .done = risk_category_done };

static int risk_severity_done(struct tui *tui, const char *text, void *arg)
{
	struct strlist sev = { 0 };
	int rc;

	(void)arg;
	for (size_t i = 0; event_severities[i]; i++)
		strlist_add(&sev, event_severities[i]);
	rc = pick(_("severity"), text, &sev, ps.severity, sizeof(ps.severity));
	strlist_clear(&sev);
	if (rc < 0)
		return -1;
	tui_prompt_open(tui, _("category (a prefix will do): "), NULL, &risk_category_prompt, NULL);
	return 0;
}

static const struct tui_prompt_ops risk_severity_prompt = { .done = risk_severity_done };

static int risk_text_done(struct tui *tui, const char *text, void *arg)
{
	(void)arg;
	if (!text[strspn(text, " \t")])
		return error("%s", _("say what the risk is"));
	if (limit_check(LIMIT_RISK_TEXT, NULL, text, strlen(text)))
		return -1;
	free(ps.text);
	ps.text = xstrdup(text);
	tui_prompt_open(tui, _("severity (low, medium, high): "), NULL, &risk_severity_prompt, NULL);
	return 0;
}

static const struct tui_prompt_ops risk_text_prompt = { .done = risk_text_done };

void risk_prompt_new(struct tui *tui, const char *account, const char *name)
{
	char label[400];

	target_account(account, name);
	str_format(label, sizeof(label), _("new risk on %s: "), ps.name);
	tui_prompt_open_limited(tui, label, NULL, limit_chars(LIMIT_RISK_TEXT), &risk_text_prompt, NULL);
}

/* --- undo --------------------------------------------------------------------------- */

void tui_undo(struct tui *tui)
{
	char what[640];
	int rc = undo_last(&tui->app->store, tui->app->cfg.me, what, sizeof(what));

	if (rc < 0) {
		tui_reload_views(tui);
		tui_error(tui, "%s", error_message());
	} else if (rc == 0) {
		tui_message(tui, "%s", _("nothing to undo"));
	} else {
		tui_reload_views(tui);
		tui_message(tui, _("undone: %s; published at the next sync"), what);
	}
}

/* --- delete a note ------------------------------------------------------------------- */

static int delete_done(struct tui *tui, const char *text, void *arg)
{
	(void)arg;
	if (!str_eq(text, "y") && !str_eq(text, "Y")) {
		tui_message(tui, "%s", _("nothing deleted"));
		return 0;
	}
	if (note_remove(&tui->app->store, tui->app->cfg.me, ps.t.entity) < 0)
		return -1;
	tui_reload_views(tui);
	tui_message(tui, _("note deleted on %s · published at the next sync"), ps.name);
	return 0;
}

static const struct tui_prompt_ops delete_prompt = { .done = delete_done };

void note_prompt_delete(struct tui *tui, const char *account, const char *note_id, int touch_day,
			const char *kind)
{
	char iso[11], label[200];

	memset(&ps.t, 0, sizeof(ps.t));
	str_copy(ps.t.entity, sizeof(ps.t.entity), note_id);
	clean_copy(ps.name, sizeof(ps.name), account);
	day_format_iso(touch_day, iso);
	str_format(label, sizeof(label), _("delete your note of %s (%s)? y deletes: "), iso, tui_choice_label(kind));
	tui_prompt_open(tui, label, NULL, &delete_prompt, NULL);
}
