/* cmd_show.c - `csconsole show ACCOUNT`: one account in full, the figures of
 * the console's detail view (detail.h) as text or json. */
#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/playbook.h"
#include "csconsole/display.h"
#include "csconsole/app.h"
#include "csconsole/book.h"
#include "csconsole/blindspot.h"
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/detail.h"
#include "csconsole/exitcode.h"
#include "csconsole/i18n.h"
#include "csconsole/opportunity.h"
#include "csconsole/text.h"

static const char *const show_usage = N_(
	"usage: csconsole show ACCOUNT [--format text|json]\n"
	"\n"
	"Shows one account in full, as the console's detail view does: facts (owners,\n"
	"who covers today, touch model, stage, ARR, renewal, seats, champion,\n"
	"contacts), health (the weekly scores, the components and the one that pulls\n"
	"the score down most), usage (core feature per month, the key feature against\n"
	"the same season last year, logins, active seats), risk notes, notes and\n"
	"touchpoints. ACCOUNT is a CRM id (ACC-0001) or an exact account name.\n"
	"\n"
	"  --format F   text (default) or json\n");

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* A label padded to a fixed display width, then the value. */
static void field(const char *label, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void field(const char *label, const char *fmt, ...)
{
	va_list ap;
	fputs("  ", stdout);
	app_pad(stdout, label, 15);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* s right-aligned in `width` cells (as printf's %*s, by cells), into out. */
static const char *right(const char *s, int width, char *out, size_t size)
{
	int pad = width - text_width(s);
	str_format(out, size, "%*s%s", pad > 0 ? pad : 0, "", s);
	return out;
}

/* A touchpoint's when ("overdue", "today", "upcoming": detail.h) as people read it. */
static const char *touch_when_label(enum detail_touch_when w)
{
	/* TRANSLATORS: a touchpoint's state in `csconsole show`: overdue, today, upcoming */
	const char *id = detail_touch_when_name(w);
	if (str_eq(id, "overdue"))
		return _("overdue");
	if (str_eq(id, "today"))
		return _("today");
	if (str_eq(id, "upcoming"))
		return _("upcoming");
	return id;
}

/* Multi-line text indented under its item. */
static void indented(const char *indent, const char *text)
{
	const char *p = text;
	if (!*text)
		return;
	while (*p) {
		size_t n = strcspn(p, "\n");
		printf("%s%.*s\n", indent, (int)n, p);
		p += n + (p[n] == '\n');
	}
}

static void print_facts(const struct app *app, const struct account_detail *d)
{
	char buf[256], day[64];

	if (d->active)
		printf("%s  (%s)\n", d->name, d->crm_id);
	else
		printf(_("%s  (%s)  [inactive: no longer in the CRM export]\n"), d->name, d->crm_id);
	puts(_("Facts"));
	field(_("CRM id"), "%s", d->crm_id);
	field(_("segment"), "%s", or_dash(d->segment));
	detail_person(d->main_owner, d->main_owner_name, buf, sizeof(buf));
	field(_("main owner"), "%s", buf);
	detail_person(d->sub_owner, d->sub_owner_name, buf, sizeof(buf));
	field(_("sub owner"), "%s", buf);
	if (d->main_absent) {
		display_day(&app->cfg, d->absent_until, day, sizeof(day));
		detail_person(d->covering, d->covering_name, buf, sizeof(buf));
		if (*d->absence_reason)
			field(_("covering today"), _("%s (%s away until %s: %s)"), buf, d->main_owner, day,
			      d->absence_reason);
		else
			field(_("covering today"), _("%s (%s away until %s)"), buf, d->main_owner, day);
	}
	field(_("touch model"), _("%s (cadence %d days)"), touch_model_label(&app->cfg, d->touch_model), d->cadence);
	field(_("stage"), "%s", stage_label(d->stage));
	if (d->onboarding != ONBOARDING_NA)
		field(_("onboarding"), "%s", d->onboarding_label);
	money_format(d->arr_minor, d->currency, buf, sizeof(buf));
	field(_("ARR"), "%s%s%s", buf, *d->currency ? " " : "", d->currency);
	if (d->renewal_day != DAY_NONE) {
		display_day(&app->cfg, d->renewal_day, day, sizeof(day));
		field(_("renewal"), _("%s (%d days left)"), day, d->days_left);
	} else {
		field(_("renewal"), "-");
	}
	if (d->has_seats)
		field(_("seats"), "%d", d->seats);
	else
		field(_("seats"), "-");
	field(_("champion"), "%s%s%s%s (%s)", or_dash(d->champion), *d->champion_email ? " <" : "",
	      d->champion_email, *d->champion_email ? ">" : "", d->champion_status);
	for (size_t i = 0; i < d->n_contacts; i++) {
		const struct detail_contact *c = &d->contacts[i];
		str_format(buf, sizeof(buf), "%s%s%s%s%s%s", c->name, *c->role ? ", " : "", c->role,
			   *c->email ? " <" : "", c->email, *c->email ? ">" : "");
		field(i ? "" : _("contacts"), "%s", buf);
	}
	if (!d->n_contacts)
		field(_("contacts"), "-");
}

static void print_health(const struct app *app, const struct account_detail *d)
{
	char day[64], c1[64], c2[64], c3[64], c4[64];

	puts(_("Health"));
	if (!d->has_health) {
		field(_("score"), _("- (no health snapshots)"));
	} else {
		display_day(&app->cfg, d->health_day, day, sizeof(day));
		/* TRANSLATORS: "the vendor score" / "the computed score" (health.score) */
		const char *src = app->cfg.health_score == HEALTH_VENDOR ? _("vendor") : _("computed");
		if (d->has_delta)
			field(_("score"), _("%ld (%s) on %s, 4 weeks %+ld; the %s score"), health_round(d->health_score),
			      d->band, day, health_round(d->delta4w), src);
		else
			field(_("score"), _("%ld (%s) on %s; the %s score"), health_round(d->health_score), d->band, day, src);
		fputs("  ", stdout);
		app_pad(stdout, _("weekly"), 15);
		for (size_t i = 0; i < d->n_health; i++)
			printf("%s%ld", i ? " " : "", health_round(d->health[i].score));
		display_day(&app->cfg, d->health[0].day, day, sizeof(day));
		printf(_("  (%zu weeks from %s)\n"), d->n_health, day);
	}
	/* the column titles, translated: padded (or right-aligned) by cells */
	fputs("  ", stdout);
	app_pad(stdout, _("component"), 13);
	printf(" %s %s %s %s  %s\n", right(_("raw"), 8, c1, sizeof(c1)), right(_("score"), 5, c2, sizeof(c2)),
	       right(_("weight"), 6, c3, sizeof(c3)), right(_("share"), 6, c4, sizeof(c4)), _("figures"));
	for (int c = 0; c < HC_COUNT; c++) {
		const struct health_part *p = &d->model.part[c];
		if (p->present)
			printf("  %-13s %8.2f %5.0f %6.0f %6.1f  %s%s\n", health_component_name((enum health_component)c),
			       p->raw, p->score, p->weight, p->contribution, d->component_text[c].text,
			       c == d->model.pulls_down ? _("  << pulls down most") : "");
		else
			printf("  %-13s %s %5s %6.0f %6s  %s\n", health_component_name((enum health_component)c),
			       right(_("missing"), 8, c1, sizeof(c1)), "-", p->weight, "-", d->component_text[c].text);
	}
	if (d->model.has_score)
		if (d->model.pulls_down >= 0)
			field(_("model score"), _("%.0f from the present components; pulls down most: %s"),
			      d->model.score, health_component_name((enum health_component)d->model.pulls_down));
		else
			field(_("model score"), _("%.0f from the present components"), d->model.score);
	else
		field(_("model score"), _("- (no component has data)"));
	struct blindspot b;
	blindspot_judge(d, &app->cfg, app->today, &b);
	if (b.flag != BLINDSPOT_NONE)
		field(_("blind spot"), "%s: %s", blindspot_flag_name(b.flag), b.reason);
	else
		field(_("blind spot"), _("none (usage and relationship agree)"));
	blindspot_free(&b);
}

static void print_usage(const struct app *app, const struct account_detail *d)
{
	char a[64], b[64];

	puts(_("Usage"));
	puts(_("  core feature uses per month:"));
	for (int i = 0; i < DETAIL_CORE_MONTHS; i++) {
		const struct detail_month *m = &d->core_months[i];
		if (m->has_data)
			printf("    %04d-%02d  %6.0f%s\n", m->year, m->month, m->uses, m->partial ? _("  (to date)") : "");
		else
			printf("    %04d-%02d  %s\n", m->year, m->month, right(_("no data"), 6, a, sizeof(a)));
	}
	display_day(&app->cfg, d->key_from, a, sizeof(a));
	display_day(&app->cfg, d->key_to, b, sizeof(b));
	printf(_("  key feature uses %s .. %s: "), a, b);
	if (d->key_has_now)
		printf("%.0f", d->key_now);
	else
		fputs(_("no data"), stdout);
	if (d->key_has_year_ago)
		printf(_("; the same days a year ago: %.0f\n"), d->key_year_ago);
	else
		printf(_("; no data a year ago\n"));
	puts(_("  logins per week (7 days to):"));
	for (int i = 0; i < DETAIL_LOGIN_WEEKS; i++) {
		const struct detail_login_week *w = &d->logins[i];
		display_day(&app->cfg, w->start + 6, a, sizeof(a));
		if (w->has_data)
			printf("    %s  %6.0f\n", a, w->logins);
		else
			printf("    %s  %s\n", a, right(_("no data"), 6, b, sizeof(b)));
	}
	if (d->has_logins_7d)
		field(_("logins 7 days"), "%.0f", d->logins_7d);
	else
		field(_("logins 7 days"), _("no data"));
	if (d->has_active_seats) {
		display_day(&app->cfg, d->active_seats_day, a, sizeof(a));
		if (d->has_seats && d->seats > 0)
			field(_("active seats"), _("%.0f of %d (%.0f%%) on %s"), d->active_seats, d->seats,
			      100.0 * d->active_seats / d->seats, a);
		else
			field(_("active seats"), _("%.0f on %s"), d->active_seats, a);
	} else {
		field(_("active seats"), _("no data"));
	}
}

/* s padded with spaces to width cells (never cut), for a "%-Ns" of a
 * translated label: printf pads by bytes, a Japanese character takes 3 bytes
 * and 2 cells. */
static const char *padded(const char *s, int width, char *buf, size_t size)
{
	str_copy(buf, size, s);
	size_t n = strlen(buf);
	for (int w = text_width(buf); w < width && n + 1 < size; w++)
		buf[n++] = ' ';
	buf[n] = '\0';
	return buf;
}

static void print_lists(const struct app *app, const struct account_detail *d)
{
	char a[64], b[64], p1[64], p2[256];

	printf(_("Risks (%zu open, %zu resolved)\n"), d->n_open_risks, d->n_risks - d->n_open_risks);
	for (size_t i = 0; i < d->n_risks; i++) {
		const struct detail_risk *r = &d->risks[i];
		display_day(&app->cfg, r->opened_day, a, sizeof(a));
		if (r->open) {
			printf(_("  open      %-6s %-20s opened %s by %s, owner %s\n"),
			       padded(severity_label(r->severity), 6, p1, sizeof(p1)),
			       padded(risk_category_label(&app->cfg, r->category), 20, p2, sizeof(p2)), a,
			       r->author, r->owner);
		} else {
			display_day(&app->cfg, r->resolved_day, b, sizeof(b));
			printf(_("  resolved  %-6s %-20s opened %s, resolved %s, by %s\n"),
			       padded(severity_label(r->severity), 6, p1, sizeof(p1)),
			       padded(risk_category_label(&app->cfg, r->category), 20, p2, sizeof(p2)),
			       a, b, r->author);
		}
		indented("      ", r->text);
		if (!r->open && *r->resolve_note)   /* the resolve's own note, apart from the text */
			indented(_("      closing note: "), r->resolve_note);
	}
	printf(_("Notes (%zu)\n"), d->n_notes);
	for (size_t i = 0; i < d->n_notes; i++) {
		const struct detail_note *n = &d->notes[i];
		display_day(&app->cfg, n->touch_day, a, sizeof(a));
		printf("  %s  %s ", a, padded(touch_kind_label(n->kind), 10, p1, sizeof(p1)));
		app_pad(stdout, sentiment_label(&app->cfg, n->sentiment), 14);
		printf(" %-8s %s\n", n->author, n->summary);
		indented("      ", n->text);
	}
	printf(_("Touchpoints (%zu open)\n"), d->n_open_touches);
	for (size_t i = 0; i < d->n_touches; i++) {
		const struct detail_touch *t = &d->touches[i];
		display_day(&app->cfg, t->due_day, a, sizeof(a));
		if (t->when == TOUCH_WHEN_DONE) {
			display_day(&app->cfg, t->done_day != DAY_NONE ? t->done_day : t->due_day, b, sizeof(b));
			printf(_("  done      %s  %-10s by %s\n"), b, padded(touch_kind_label(or_dash(t->kind)), 10, p1, sizeof(p1)), t->author);
		} else if (str_eq(t->status, "snoozed")) {
			fputs("  ", stdout);
			app_pad(stdout, touch_when_label(t->when), 9);
			if (*t->reason)
				printf(_(" %s  %-10s by %s (snoozed until %s: %s)\n"), a, padded(touch_kind_label(or_dash(t->kind)), 10, p1, sizeof(p1)), t->author,
				       a, t->reason);
			else
				printf(_(" %s  %-10s by %s (snoozed until %s)\n"), a, padded(touch_kind_label(or_dash(t->kind)), 10, p1, sizeof(p1)), t->author, a);
		} else {
			fputs("  ", stdout);
			app_pad(stdout, touch_when_label(t->when), 9);
			if (*t->reason)
				printf(_(" %s  %-10s by %s - %s\n"), a, padded(touch_kind_label(or_dash(t->kind)), 10, p1, sizeof(p1)), t->author, t->reason);
			else
				printf(_(" %s  %-10s by %s\n"), a, padded(touch_kind_label(or_dash(t->kind)), 10, p1, sizeof(p1)), t->author);
		}
		if (*t->note) {
			struct sbuf pb = {0};
			indented("      ", playbook_note_text(&app->cfg, t->note, &pb));
			sbuf_free(&pb);
		}
	}
}

/* An account's expansion opportunities (opportunity.h): open ones first. */
static void print_opportunities(const struct app *app, const struct opportunity_list *l)
{
	size_t open = 0;
	char a[64], b[64], amount[64];
	for (size_t i = 0; i < l->n; i++)
		open += str_eq(l->items[i].status, "open");
	printf(_("Opportunities (%zu open, %zu closed)\n"), open, l->n - open);
	for (size_t i = 0; i < l->n; i++) {
		const struct opportunity *o = &l->items[i];
		char *kind = text_sanitize(o->kind, false), *stage = text_sanitize(o->stage, false);
		char *owner = text_sanitize(o->owner, false);
		money_format(o->amount_minor, o->currency, amount, sizeof(amount));
		int pad = 14 - text_width(amount);   /* right-aligned by cells */
		const char *sp = "              " + (pad > 0 ? 14 - pad : 14);
		day_format_or_dash(o->close_day, app->cfg.date_format, a, sizeof(a));
		if (str_eq(o->status, "open")) {
			printf(_("  open      %-10s %s%s  %-11s close %s, owner %s\n"), kind, sp, amount, stage,
			       a, owner);
		} else {
			day_format_or_dash(o->closed_day, app->cfg.date_format, b, sizeof(b));
			char label[64];   /* padded by cells: the word is translated */
			text_fit(str_eq(o->status, "won") ? _("won") : str_eq(o->status, "lost") ? _("lost")
				 : _("withdrawn"), 9, true, label, sizeof(label));
			printf(_("  %s %-10s %s%s  %-11s closed %s, owner %s\n"), label, kind, sp, amount, stage,
			       b, owner);
		}
		printf("      %s\n", o->id);
		if (o->note)
			indented(_("      closing note: "), o->note);
		free(kind);
		free(stage);
		free(owner);
	}
}

static json_object *json_opportunities(const struct opportunity_list *l)
{
	json_object *arr = json_object_new_array();
	for (size_t i = 0; i < l->n; i++) {
		const struct opportunity *o = &l->items[i];
		json_object *j = json_object_new_object();
		char dec[64];
		money_decimal(o->amount_minor, o->currency, dec, sizeof(dec));
		json_object_object_add(j, "id", json_object_new_string(o->id));
		json_object_object_add(j, "status", json_object_new_string(o->status));
		json_object_object_add(j, "kind", json_object_new_string(o->kind));
		json_object_object_add(j, "amount", json_object_new_string(dec));
		json_object_object_add(j, "amount_minor", json_object_new_int64(o->amount_minor));
		json_object_object_add(j, "currency", json_object_new_string(o->currency));
		json_object_object_add(j, "stage", json_object_new_string(o->stage));
		json_object_object_add(j, "expected_close", json_day_or_null(o->close_day));
		json_object_object_add(j, "owner", json_object_new_string(o->owner));
		json_object_object_add(j, "author", json_object_new_string(o->author));
		json_object_object_add(j, "closed", json_day_or_null(o->closed_day));
		json_object_object_add(j, "closing_note", json_string_or_null(o->note));
		json_object_array_add(arr, j);
	}
	return arr;
}

/* ---- json ---------------------------------------------------------------- */

static void add(json_object *o, const char *k, json_object *v)
{
	json_object_object_add(o, k, v);
}

static json_object *json_facts(const struct account_detail *d)
{
	json_object *o = json_object_new_object(), *cs = json_object_new_array();
	char dec[64];

	add(o, "id", json_object_new_string(d->crm_id));
	add(o, "name", json_object_new_string(d->name));
	add(o, "segment", json_string_or_null(d->segment));
	add(o, "active", json_object_new_boolean(d->active));
	add(o, "main_owner", json_person_or_null(d->main_owner, d->main_owner_name));
	add(o, "sub_owner", json_person_or_null(d->sub_owner, d->sub_owner_name));
	if (d->main_absent) {
		json_object *a = json_object_new_object();
		add(a, "until", json_day_or_null(d->absent_until));
		add(a, "reason", json_string_or_null(d->absence_reason));
		add(a, "covered_by", json_person_or_null(d->covering, d->covering_name));
		add(o, "main_owner_absent", a);
	} else {
		add(o, "main_owner_absent", NULL);
	}
	add(o, "touch_model", json_object_new_string(d->touch_model));
	add(o, "cadence_days", json_object_new_int(d->cadence));
	add(o, "stage", json_object_new_string(d->stage));
	if (d->onboarding != ONBOARDING_NA) {
		static const char *const states[] = { "", "unknown", "in_progress", "complete" };
		json_object *ob = json_object_new_object();
		add(ob, "state", json_object_new_string(states[d->onboarding]));
		add(ob, "text", json_object_new_string(d->onboarding_text));
		add(o, "onboarding", ob);
	}
	money_decimal(d->arr_minor, d->currency, dec, sizeof(dec));
	add(o, "arr", json_string_or_null(dec));
	add(o, "arr_minor", d->arr_minor == INT64_MIN ? NULL : json_object_new_int64(d->arr_minor));
	add(o, "currency", json_string_or_null(d->currency));
	add(o, "renewal", json_day_or_null(d->renewal_day));
	add(o, "days_left", d->renewal_day == DAY_NONE ? NULL : json_object_new_int(d->days_left));
	add(o, "seats", d->has_seats ? json_object_new_int(d->seats) : NULL);
	add(o, "champion", json_string_or_null(d->champion));
	add(o, "champion_email", json_string_or_null(d->champion_email));
	add(o, "champion_status", json_object_new_string(d->champion_status));
	for (size_t i = 0; i < d->n_contacts; i++) {
		json_object *c = json_object_new_object();
		add(c, "name", json_object_new_string(d->contacts[i].name));
		add(c, "role", json_string_or_null(d->contacts[i].role));
		add(c, "email", json_string_or_null(d->contacts[i].email));
		json_object_array_add(cs, c);
	}
	add(o, "contacts", cs);
	return o;
}

static json_object *json_health(const struct app *app, const struct account_detail *d)
{
	json_object *o = json_object_new_object(), *w = json_object_new_array(), *cs = json_object_new_array();

	add(o, "source", json_object_new_string(app->cfg.health_score == HEALTH_VENDOR ? "vendor" : "computed"));
	add(o, "score", d->has_health ? json_object_new_double(d->health_score) : NULL);
	add(o, "date", d->has_health ? json_day_or_null(d->health_day) : NULL);
	add(o, "band", json_string_or_null(d->band));
	add(o, "delta_4w", d->has_delta ? json_object_new_double(d->delta4w) : NULL);
	for (size_t i = 0; i < d->n_health; i++) {
		json_object *s = json_object_new_object();
		add(s, "date", json_day_or_null(d->health[i].day));
		add(s, "score", json_object_new_double(d->health[i].score));
		json_object_array_add(w, s);
	}
	add(o, "weekly", w);
	for (int c = 0; c < HC_COUNT; c++) {
		const struct health_part *p = &d->model.part[c];
		json_object *j = json_object_new_object();
		add(j, "name", json_object_new_string(health_component_name((enum health_component)c)));
		add(j, "present", json_object_new_boolean(p->present));
		add(j, "raw", p->present ? json_object_new_double(p->raw) : NULL);
		add(j, "score", p->present ? json_object_new_double(p->score) : NULL);
		add(j, "weight", json_object_new_double(p->weight));
		add(j, "contribution", p->present ? json_object_new_double(p->contribution) : NULL);
		add(j, "figures", json_string_or_null(d->component_text[c].text));
		json_object_array_add(cs, j);
	}
	add(o, "components", cs);
	add(o, "model_score", d->model.has_score ? json_object_new_double(d->model.score) : NULL);
	add(o, "pulls_down", d->model.pulls_down >= 0 ?
	    json_object_new_string(health_component_name((enum health_component)d->model.pulls_down)) : NULL);
	return o;
}

static json_object *json_usage(const struct account_detail *d)
{
	json_object *o = json_object_new_object(), *m = json_object_new_array(), *l = json_object_new_array();
	json_object *k = json_object_new_object();
	char ym[16];

	for (int i = 0; i < DETAIL_CORE_MONTHS; i++) {
		const struct detail_month *mo = &d->core_months[i];
		json_object *j = json_object_new_object();
		str_format(ym, sizeof(ym), "%04d-%02d", mo->year, mo->month);
		add(j, "month", json_object_new_string(ym));
		add(j, "uses", mo->has_data ? json_object_new_double(mo->uses) : NULL);
		add(j, "partial", json_object_new_boolean(mo->partial));
		json_object_array_add(m, j);
	}
	add(o, "core_feature_monthly", m);
	add(k, "from", json_day_or_null(d->key_from));
	add(k, "to", json_day_or_null(d->key_to));
	add(k, "uses", d->key_has_now ? json_object_new_double(d->key_now) : NULL);
	add(k, "uses_year_ago", d->key_has_year_ago ? json_object_new_double(d->key_year_ago) : NULL);
	add(o, "key_feature", k);
	for (int i = 0; i < DETAIL_LOGIN_WEEKS; i++) {
		json_object *j = json_object_new_object();
		add(j, "from", json_day_or_null(d->logins[i].start));
		add(j, "to", json_day_or_null(d->logins[i].start + 6));
		add(j, "logins", d->logins[i].has_data ? json_object_new_double(d->logins[i].logins) : NULL);
		json_object_array_add(l, j);
	}
	add(o, "logins_weekly", l);
	add(o, "logins_7d", d->has_logins_7d ? json_object_new_double(d->logins_7d) : NULL);
	add(o, "active_seats", d->has_active_seats ? json_object_new_double(d->active_seats) : NULL);
	add(o, "active_seats_date", d->has_active_seats ? json_day_or_null(d->active_seats_day) : NULL);
	return o;
}

static json_object *json_lists(const struct account_detail *d, json_object *root)
{
	json_object *rs = json_object_new_array(), *ns = json_object_new_array(), *ts = json_object_new_array();

	for (size_t i = 0; i < d->n_risks; i++) {
		const struct detail_risk *r = &d->risks[i];
		json_object *j = json_object_new_object();
		add(j, "id", json_object_new_string(r->id));
		add(j, "status", json_object_new_string(r->open ? "open" : "resolved"));
		add(j, "severity", json_object_new_string(r->severity));
		add(j, "category", json_object_new_string(r->category));
		add(j, "text", json_object_new_string(r->text));
		add(j, "author", json_object_new_string(r->author));
		add(j, "owner", json_object_new_string(r->owner));
		add(j, "opened", json_day_or_null(r->opened_day));
		add(j, "resolved", json_day_or_null(r->resolved_day));
		add(j, "closing_note", json_string_or_null(r->open ? NULL : r->resolve_note));
		json_object_array_add(rs, j);
	}
	for (size_t i = 0; i < d->n_notes; i++) {
		const struct detail_note *n = &d->notes[i];
		json_object *j = json_object_new_object();
		add(j, "id", json_object_new_string(n->id));
		add(j, "touch_day", json_day_or_null(n->touch_day));
		add(j, "kind", json_object_new_string(n->kind));
		add(j, "sentiment", n->sentiment ? json_object_new_int(n->sentiment) : NULL);
		add(j, "sentiment_label", json_string_or_null(n->sentiment_label));
		add(j, "summary", json_object_new_string(n->summary));
		add(j, "text", json_string_or_null(n->text));
		add(j, "author", json_object_new_string(n->author));
		json_object_array_add(ns, j);
	}
	for (size_t i = 0; i < d->n_touches; i++) {
		const struct detail_touch *t = &d->touches[i];
		json_object *j = json_object_new_object();
		add(j, "id", json_object_new_string(t->id));
		add(j, "status", json_object_new_string(t->status));
		add(j, "when", json_object_new_string(detail_touch_when_name(t->when)));
		add(j, "kind", json_string_or_null(t->kind));
		add(j, "due", json_day_or_null(t->due_day));
		add(j, "done", json_day_or_null(t->done_day));
		add(j, "reason", json_string_or_null(t->reason));
		add(j, "note", json_string_or_null(t->note));
		add(j, "author", json_object_new_string(t->author));
		json_object_array_add(ts, j);
	}
	add(root, "risks", rs);
	add(root, "notes", ns);
	add(root, "touchpoints", ts);
	return root;
}

static void print_json(const struct app *app, const struct account_detail *d, int today,
		       const struct opportunity_list *opps)
{
	json_object *o = json_object_new_object();
	json_object *health = json_health(app, d);
	struct blindspot b;

	blindspot_judge(d, &app->cfg, today, &b);
	add(health, "blind_spot", b.flag != BLINDSPOT_NONE ? json_object_new_string(blindspot_flag_name(b.flag)) : NULL);
	add(health, "blind_spot_reason", json_string_or_null(b.reason));
	blindspot_free(&b);
	add(o, "today", json_day_or_null(today));
	add(o, "facts", json_facts(d));
	add(o, "health", health);
	add(o, "usage", json_usage(d));
	json_lists(d, o);
	add(o, "opportunities", json_opportunities(opps));
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

int cmd_show(struct app *app, int argc, char **argv)
{
	struct account_detail d;
	const char *account;
	bool json;
	int rc = app_account_args("show", show_usage, argc, argv, &json, &account);

	if (!account)
		return rc;
	/* json carries the health figures and reasons in English, in every language */
	if (json)
		i18n_english_begin();
	rc = app_load_account(app, "show", account, &d);
	if (json)
		i18n_english_end();
	if (rc != CS_EXIT_OK)
		return rc;
	struct opportunity_list opps;
	if (opportunity_list_load(&app->store, d.crm_id, false, &opps)) {
		char *msg = text_sanitize(error_message(), false);
		fprintf(stderr, "csconsole show: %s\n", msg);
		free(msg);
		detail_free(&d);
		return CS_EXIT_STORE;
	}
	if (json) {
		i18n_english_begin();            /* the blind spot is judged as it prints */
		print_json(app, &d, app->today, &opps);
		i18n_english_end();
	} else {
		print_facts(app, &d);
		print_health(app, &d);
		print_usage(app, &d);
		print_lists(app, &d);
		print_opportunities(app, &opps);
	}
	opportunity_list_free(&opps);
	detail_free(&d);
	return CS_EXIT_OK;
}
