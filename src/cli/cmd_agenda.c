/* cmd_agenda.c - `csconsole agenda`: what needs me today (agenda.h), as
 * text for people, json for scripts, or an iCalendar file of what comes. */
#include <getopt.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/display.h"
#include "csconsole/agenda.h"
#include "csconsole/app.h"
#include "csconsole/csvout.h"
#include "csconsole/date.h"
#include "csconsole/exitcode.h"
#include "csconsole/i18n.h"
#include "csconsole/owner.h"
#include "csconsole/text.h"

static const char *const agenda_usage = N_(
	"usage: csconsole agenda [--scope mine|team|owner:HANDLE] [--format text|json|csv|ics]\n"
	"                        [--by account|reason] [--no-mark] [--days N] [--excel]\n"
	"                        [--encoding E] [--raw]\n"
	"\n"
	"Lists what needs me today on the accounts I own, back up or cover: one entry\n"
	"per account with every reason that applies, in the attention order of the\n"
	"day (its most urgent reason decides: overdue touchpoints, renewals weighed by\n"
	"health, new high risks, hidden risks, health drops, other new risks, lapsed\n"
	"cadence, season, onboarding, covering; ties by the larger ARR). The reasons:\n"
	"overdue touchpoints (most overdue first), touchpoints due today, renewals\n"
	"inside a renewal window (renewal_windows) with no touch since the window\n"
	"began, health drops over 7 and 28 days (agenda.health_drop_7d, _28d), risks\n"
	"teammates opened or escalated lately (agenda.risk_days), accounts I cover\n"
	"today, onboarding stuck below onboarding.activation (agenda.onboarding_days),\n"
	"and a key feature season coming with no use since last year's\n"
	"(agenda.season_days). Each item says why it is there; items new since my\n"
	"last look are marked, and the look is recorded after printing.\n"
	"\n"
	"  --scope S    mine (default): my agenda; owner:HANDLE: that CSM's agenda as\n"
	"               they would see it (HANDLE may be their e-mail or name from\n"
	"               team.yaml); team: every account of the team once, under\n"
	"               the CSM who acts on it today (its main owner, or who covers while\n"
	"               the main owner is away), each entry naming that owner. Only\n"
	"               mine records the look; the others mark new against my last look\n"
	"  --by L       account (default): one block per account, ranked; reason: the\n"
	"               items grouped by reason, as the console's other layout\n"
	"  --format F   text (default); json (\"entries\" in the attention order, each\n"
	"               with its items, plus every item and the counts per group);\n"
	"               csv (one row per item: rank, account, name, role, group,\n"
	"               reason, day, new, owner, entity, id: the touchpoint's or risk's\n"
	"               id); or ics: an iCalendar file (RFC 5545) of\n"
	"               the open touchpoints and renewal dates from today to --days\n"
	"               days ahead, one all-day event each, with stable UIDs\n"
	"  --no-mark    do not record this look (ics never does)\n"
	"  --days N     how far ahead the calendar goes, 0-3650 days (default 120)\n");

/* Whose agenda: mine, one CSM's (owner:HANDLE) or the team's. */
struct scope {
	enum { SCOPE_AGENDA_MINE, SCOPE_AGENDA_OWNER, SCOPE_AGENDA_TEAM } kind;
	const char *who;         /* mine: me; owner: the handle; team: "the team" */
	char name[80];           /* as given: mine, team, owner:HANDLE */
	char handle[64];         /* owner: the handle an e-mail or a name stands for */
};

static int usage_error(const char *fmt, ...) PRINTF_LIKE(1, 2);
static int usage_error(const char *fmt, ...)
{
	va_list ap;
	fputs("csconsole agenda: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CS_EXIT_USAGE;
}

static void last_look_text(int64_t when, char *out, size_t size)
{
	char iso[21];
	if (!when) {
		str_copy(out, size, _("never"));
		return;
	}
	ts_format_iso(when, iso);
	str_copy(out, size, iso);
}

static void print_header(const struct app *app, const struct scope *sc, const struct agenda *a,
			 const struct agenda_entries *e)
{
	char today[64], look[64], accounts[64], items[64];
	bool team = sc->kind == SCOPE_AGENDA_TEAM;
	char *who = text_sanitize(sc->who, false);

	day_format(a->today, app->cfg.date_format, today, sizeof(today));
	last_look_text(a->last_look, look, sizeof(look));
	if (a->len == 0) {
		if (team)
			printf(_("Nothing needs the team today (%s). Last look: %s.\n"), today, look);
		else
			printf(_("Nothing needs %s today (%s). Last look: %s.\n"), who, today, look);
		free(who);
		return;
	}
	str_format(items, sizeof(items), P_("%zu item", "%zu items", a->len), a->len);
	if (e) {
		str_format(accounts, sizeof(accounts), P_("%zu account", "%zu accounts", e->len), e->len);
		/* TRANSLATORS: who, today, "3 accounts", "5 items", how many are new, the last look */
		if (team)
			printf(_("Agenda of the team for %s: %s, %s, %zu new since the last look (%s)"), today,
			       accounts, items, a->n_new, look);
		else
			printf(_("Agenda of %s for %s: %s, %s, %zu new since the last look (%s)"), who, today,
			       accounts, items, a->n_new, look);
	} else if (team) {
		printf(_("Agenda of the team for %s: %s, %zu new since the last look (%s)"), today, items,
		       a->n_new, look);
	} else {
		printf(_("Agenda of %s for %s: %s, %zu new since the last look (%s)"), who, today, items,
		       a->n_new, look);
	}
	free(who);
	if (a->n_snoozed)
		printf(_("; %zu put aside"), a->n_snoozed);
	putchar('\n');
}

/* The mark of an entry with something new, after its name. */
static const char *new_tag(void)
{
	/* TRANSLATORS: after an agenda entry's "(ACC-0001, main)": something new in it */
	return _(" new");
}

/* The column of an item's "new" mark: its width in cells, at least 3. */
static int new_width(void)
{
	/* TRANSLATORS: an agenda item new since the last look (a column of its own) */
	int w = text_width(_("new"));
	return w > 3 ? w : 3;
}

static bool entry_new(const struct agenda *a, const struct agenda_entry *en)
{
	for (size_t k = 0; k < en->n_items; k++)
		if (a->items[en->items[k]].is_new)
			return true;
	return false;
}

/* By account: a block per entry, "RANK. NAME (CRM-ID, role)" and then its
 * reasons, one a line, each marked new or not; nothing cut. */
static void print_text_entries(const struct app *app, const struct scope *sc, const struct agenda *a,
			       const struct agenda_entries *e)
{
	print_header(app, sc, a, e);
	for (size_t i = 0; i < e->len; i++) {
		const struct agenda_entry *en = &e->v[i];
		const struct agenda_item *first = &a->items[en->items[0]];
		char *owner = text_sanitize(first->owner, false);
		if (sc->kind == SCOPE_AGENDA_TEAM)
			printf(_("\n%zu. %s (%s, owner %s, %s)%s\n"), i + 1, first->name, first->crm_id, owner,
			       role_label(book_role_name(first->role)), entry_new(a, en) ? new_tag() : "");
		else
			printf(_("\n%zu. %s (%s, %s)%s\n"), i + 1, first->name, first->crm_id,
			       role_label(book_role_name(first->role)), entry_new(a, en) ? new_tag() : "");
		free(owner);
		for (size_t k = 0; k < en->n_items; k++) {
			const struct agenda_item *it = &a->items[en->items[k]];
			fputs("   ", stdout);
			app_pad(stdout, it->is_new ? _("new") : "", new_width());
			printf("  %s\n", it->reason);
		}
	}
}

static void print_text(const struct app *app, const struct scope *sc, const struct agenda *a)
{
	enum { NAME_MAX_WIDTH = 36 };
	char cell[512];
	int id_width = 0, name_width = 0, owner_width = 0;
	bool team = sc->kind == SCOPE_AGENDA_TEAM;

	print_header(app, sc, a, NULL);
	if (a->len == 0)
		return;
	for (size_t i = 0; i < a->len; i++) {
		int w = text_width(a->items[i].crm_id);
		if (w > id_width)
			id_width = w;
		w = text_width(a->items[i].name);
		if (w > name_width)
			name_width = w;
		w = text_width(a->items[i].owner);
		if (w > owner_width)
			owner_width = w;
	}
	if (name_width > NAME_MAX_WIDTH)
		name_width = NAME_MAX_WIDTH;
	for (int g = 0; g < AGENDA_GROUP_COUNT; g++) {
		if (!a->count[g])
			continue;
		printf("\n%s (%zu)\n", _(agenda_group_title((enum agenda_group)g)), a->count[g]);
		for (size_t i = 0; i < a->len; i++) {
			const struct agenda_item *it = &a->items[i];
			if ((int)it->group != g)
				continue;
			fputs("  ", stdout);
			app_pad(stdout, it->is_new ? _("new") : "", new_width());
			fputs("  ", stdout);
			text_fit(it->crm_id, id_width, true, cell, sizeof(cell));
			printf("%s  ", cell);
			text_fit(it->name, name_width, true, cell, sizeof(cell));
			printf("%s  ", cell);
			if (team) {
				text_fit(it->owner, owner_width, true, cell, sizeof(cell));
				printf("%s  ", cell);
			}
			printf("%s\n", it->reason);
		}
	}
}

/* An item as json; with_account false inside an entry (the entry names it). */
static json_object *item_json(const struct agenda_item *it, bool with_account)
{
	json_object *j = json_object_new_object();
	char iso[11];

	json_object_object_add(j, "group", json_object_new_string(agenda_group_name(it->group)));
	if (with_account) {
		json_object_object_add(j, "account", json_object_new_string(it->crm_id));
		json_object_object_add(j, "name", json_object_new_string(it->name));
		json_object_object_add(j, "role", json_object_new_string(book_role_name(it->role)));
		json_object_object_add(j, "owner", json_object_new_string(it->owner));
	}
	json_object_object_add(j, "reason", json_object_new_string(it->reason));
	json_object_object_add(j, "entity", *it->entity ? json_object_new_string(it->entity) : NULL);
	json_object_object_add(j, "id", strchr(it->entity, '/') ? json_object_new_string(strchr(it->entity, '/') + 1)
				: NULL);
	if (it->day != DAY_NONE) {
		day_format_iso(it->day, iso);
		json_object_object_add(j, "day", json_object_new_string(iso));
	} else {
		json_object_object_add(j, "day", NULL);
	}
	json_object_object_add(j, "new", json_object_new_boolean(it->is_new));
	return j;
}

static void print_json(const struct app *app, const struct scope *sc, const struct agenda *a,
		       const struct agenda_entries *e)
{
	json_object *o = json_object_new_object(), *items = json_object_new_array();
	json_object *counts = json_object_new_object(), *entries = json_object_new_array();
	char iso[21];

	json_object_object_add(o, "me", json_object_new_string(app->cfg.me));
	json_object_object_add(o, "scope", json_object_new_string(sc->name));
	day_format_iso(a->today, iso);
	json_object_object_add(o, "today", json_object_new_string(iso));
	if (a->last_look) {
		ts_format_iso(a->last_look, iso);
		json_object_object_add(o, "last_look", json_object_new_string(iso));
	} else {
		json_object_object_add(o, "last_look", NULL);
	}
	json_object_object_add(o, "new", json_object_new_int64((int64_t)a->n_new));
	json_object_object_add(o, "put_aside", json_object_new_int64((int64_t)a->n_snoozed));
	for (int g = 0; g < AGENDA_GROUP_COUNT; g++)
		json_object_object_add(counts, agenda_group_name((enum agenda_group)g),
				       json_object_new_int64((int64_t)a->count[g]));
	json_object_object_add(o, "counts", counts);
	for (size_t i = 0; i < e->len; i++) {
		const struct agenda_entry *en = &e->v[i];
		const struct agenda_item *first = &a->items[en->items[0]];
		json_object *j = json_object_new_object(), *its = json_object_new_array();
		json_object_object_add(j, "account", json_object_new_string(first->crm_id));
		json_object_object_add(j, "name", json_object_new_string(first->name));
		json_object_object_add(j, "role", json_object_new_string(book_role_name(first->role)));
		json_object_object_add(j, "owner", json_object_new_string(first->owner));
		json_object_object_add(j, "rank", json_object_new_int64((int64_t)i + 1));
		json_object_object_add(j, "new", json_object_new_boolean(entry_new(a, en)));
		for (size_t k = 0; k < en->n_items; k++)
			json_object_array_add(its, item_json(&a->items[en->items[k]], false));
		json_object_object_add(j, "items", its);
		json_object_array_add(entries, j);
	}
	json_object_object_add(o, "entries", entries);
	for (size_t i = 0; i < a->len; i++)
		json_object_array_add(items, item_json(&a->items[i], true));
	json_object_object_add(o, "items", items);
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

/* One row per item: the entry's rank, the account, the item; by account
 * (the entries' order) or by reason (the groups' order). */
static int print_csv(const struct agenda *a, const struct agenda_entries *e, bool by_reason,
		     const struct csvout_opts *o)
{
	static const char *const head[] = { "rank", "account", "name", "role", "group", "reason", "day", "new",
					    "owner", "entity", "id" };
	struct csvout w;
	size_t *rank = xcalloc(a->len ? a->len : 1, sizeof(*rank));
	size_t *order = xcalloc(a->len ? a->len : 1, sizeof(*order)), n_order = 0;
	char num[24];

	for (size_t i = 0; i < e->len; i++)
		for (size_t k = 0; k < e->v[i].n_items; k++) {
			rank[e->v[i].items[k]] = i + 1;
			order[n_order++] = e->v[i].items[k];
		}
	int rc = app_csv_begin("agenda", &w, o);
	if (rc != CS_EXIT_OK) {
		free(rank);
		free(order);
		return rc;
	}
	for (size_t f = 0; f < sizeof(head) / sizeof(head[0]); f++)
		csvout_cell(&w, head[f]);
	csvout_end_row(&w);
	/* a team's 40,000 rows name a few hundred days: each formatted once */
	struct { int day; char iso[11]; } days[256];
	for (size_t k = 0; k < sizeof(days) / sizeof(days[0]); k++)
		days[k].day = DAY_NONE;
	for (size_t n = 0; n < a->len; n++) {
		size_t i = by_reason ? n : order[n];
		const struct agenda_item *it = &a->items[i];
		char *p = num + sizeof(num) - 1;   /* the rank in decimal, as %zu */
		size_t v = rank[i];
		*p = '\0';
		do
			*--p = (char)('0' + v % 10);
		while (v /= 10);
		csvout_cell(&w, p);
		csvout_cell(&w, it->crm_id);
		csvout_cell(&w, it->name);
		csvout_cell(&w, book_role_name(it->role));
		csvout_cell(&w, agenda_group_name(it->group));
		csvout_cell(&w, it->reason);
		const char *iso = NULL;
		if (it->day != DAY_NONE) {
			size_t k = (size_t)it->day & (sizeof(days) / sizeof(days[0]) - 1);
			if (days[k].day != it->day) {
				days[k].day = it->day;
				day_format_iso(it->day, days[k].iso);
			}
			iso = days[k].iso;
		}
		csvout_cell(&w, iso);
		csvout_cell(&w, it->is_new ? "true" : "false");
		csvout_cell(&w, it->owner);
		/* "touch/<ulid>", and the id itself: what `csconsole touch --done ID` takes. */
		const char *slash = strchr(it->entity, '/');
		csvout_cell(&w, it->entity);
		csvout_cell(&w, slash ? slash + 1 : NULL);
		csvout_end_row(&w);
	}
	free(rank);
	free(order);
	return app_csv_end("agenda", &w);
}

static int run_ics(struct app *app, const struct scope *sc, int days)
{
	struct agenda_calendar cal;
	char *text;

	if (sc->kind == SCOPE_AGENDA_TEAM)
		return usage_error("%s", _("--format ics is one CSM's calendar: use --scope mine or owner:HANDLE"));
	if (agenda_calendar_build(&app->store, &app->cfg, sc->who, app->today, days, &cal)) {
		fprintf(stderr, "csconsole agenda: %s\n", error_message());
		return CS_EXIT_STORE;
	}
	text = agenda_ics(&cal, ts_now());
	fputs(text, stdout);
	free(text);
	agenda_calendar_free(&cal);
	if (fflush(stdout) || ferror(stdout)) {
		fputs(_("csconsole agenda: cannot write the calendar to the standard output\n"), stderr);
		return CS_EXIT_IO;
	}
	return CS_EXIT_OK;
}

static bool scope_parse(const char *arg, const char *me, struct scope *sc)
{
	str_copy(sc->name, sizeof(sc->name), arg);
	if (str_eq(arg, "mine")) {
		sc->kind = SCOPE_AGENDA_MINE;
		sc->who = me;
	} else if (str_eq(arg, "team")) {
		sc->kind = SCOPE_AGENDA_TEAM;
		sc->who = "the team";
	} else if (strncmp(arg, "owner:", 6) == 0 && arg[6] && strlen(arg) < sizeof(sc->name)) {
		sc->kind = SCOPE_AGENDA_OWNER;
		sc->who = arg + 6;
	} else {
		return false;
	}
	return true;
}

/* owner:WHO is a CSM of the team feed by handle, e-mail or display name
 * (owner.h: as the feeds match an owner; sc->who becomes the handle), or an
 * owner of the accounts feed by handle; else the message names the closest
 * handles, or every one. */
static int owner_check(struct app *app, struct scope *sc)
{
	struct owner_index ix = {0};
	struct sbuf hint = {0};
	bool known = false;
	int rc = CS_EXIT_OK;

	if (owner_index_load(&app->store, &ix)) {
		fprintf(stderr, "csconsole agenda: %s\n", error_message());
		owner_index_free(&ix);
		return CS_EXIT_STORE;
	}
	const char *h = owner_resolve(&ix, sc->who);
	if (h) {
		str_copy(sc->handle, sizeof(sc->handle), h);
		sc->who = sc->handle;
		known = true;
	} else if (book_owner_known(&app->store, sc->who, &known)) {
		fprintf(stderr, "csconsole agenda: %s\n", error_message());
		rc = CS_EXIT_STORE;
	}
	if (rc == CS_EXIT_OK && !known) {
		bool close = owner_closest(&ix, sc->who, &hint) > 0;
		if (!close) {
			char *all = strlist_join(&ix.handles, ", ");
			sbuf_addf(&hint, "%s", ix.handles.len ? all : _("(none: run 'csconsole sync')"));
			free(all);
		}
		char *clean = text_sanitize(sc->who, false), *shown = text_sanitize(sbuf_str(&hint), false);
		if (close)
			fprintf(stderr, _("csconsole agenda: --scope owner:%s: no such CSM in the team or the "
					  "accounts feed (did you mean %s?)\n"), clean, shown);
		else
			fprintf(stderr, _("csconsole agenda: --scope owner:%s: no such CSM in the team or the "
					  "accounts feed; the handles are: %s\n"), clean, shown);
		free(clean);
		free(shown);
		rc = CS_EXIT_USAGE;
	}
	sbuf_free(&hint);
	owner_index_free(&ix);
	return rc;
}

int cmd_agenda(struct app *app, int argc, char **argv)
{
	enum { O_NO_MARK = 256, O_DAYS, O_BY, O_SCOPE };
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{"scope", required_argument, NULL, O_SCOPE},
		{"by", required_argument, NULL, O_BY},
		APP_CSV_OPTIONS,
		{"no-mark", no_argument, NULL, O_NO_MARK},
		{"days", required_argument, NULL, O_DAYS},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	enum app_format format = APP_TEXT;
	struct csvout_opts csv = { 0 };
	bool mark = true, by_reason = false;
	long days = 120;
	int opt, rc;
	int64_t last_look;
	struct agenda a;
	struct agenda_entries e;
	struct scope sc;

	scope_parse("mine", app->cfg.me, &sc);

	while ((opt = getopt_long(argc, argv, "f:h", options, NULL)) != -1) {
		if ((rc = app_csv_option("agenda", opt, optarg, &csv)) != 0) {
			if (rc < 0)
				return CS_EXIT_USAGE;
			continue;
		}
		switch (opt) {
		case 'f':
			if (app_format_parse("agenda", optarg, APP_FMT(APP_TEXT) | APP_FMT(APP_JSON) |
					     APP_FMT(APP_CSV) | APP_FMT(APP_ICS), &format) < 0)
				return CS_EXIT_USAGE;
			break;
		case O_BY:
			if (str_eq(optarg, "account"))
				by_reason = false;
			else if (str_eq(optarg, "reason"))
				by_reason = true;
			else
				return usage_error(_("--by \"%s\": use account or reason"), optarg);
			break;
		case O_SCOPE:
			if (!scope_parse(optarg, app->cfg.me, &sc))
				return usage_error(_("--scope \"%s\": use mine, team or owner:HANDLE"), optarg);
			break;
		case O_NO_MARK:
			mark = false;
			break;
		case O_DAYS:
			if (!str_to_long(optarg, 0, 3650, &days))
				return usage_error(_("--days \"%s\": give a number of days from 0 to 3650"), optarg);
			break;
		case 'h':
			app_usage(stdout, agenda_usage, true);
			return CS_EXIT_OK;
		default:
			app_usage(stderr, agenda_usage, true);
			return CS_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(_("unexpected argument \"%s\""), argv[optind]);
	if (app_csv_check("agenda", format, &csv) < 0)
		return CS_EXIT_USAGE;
	if ((rc = app_open_store(app)) != CS_EXIT_OK)
		return rc;
	if (sc.kind == SCOPE_AGENDA_OWNER && (rc = owner_check(app, &sc)) != CS_EXIT_OK)
		return rc;
	if (format == APP_ICS)
		return run_ics(app, &sc, (int)days);

	/* JSON and CSV carry the reasons in English, the same in every language */
	if (format == APP_JSON || format == APP_CSV)
		i18n_english_begin();
	rc = agenda_last_look_get(&app->store, &last_look) ||
	     (sc.kind == SCOPE_AGENDA_TEAM ? agenda_build_team(&app->store, &app->cfg, app->today, last_look, &a)
	      : agenda_build(&app->store, &app->cfg, sc.who, app->today, last_look, &a));
	i18n_english_end();
	if (rc) {
		fprintf(stderr, "csconsole agenda: %s\n", error_message());
		return CS_EXIT_STORE;
	}
	agenda_entries_build(&a, &e);
	if (format == APP_JSON)
		print_json(app, &sc, &a, &e);
	else if (format == APP_CSV)
		rc = print_csv(&a, &e, by_reason, &csv);
	else if (by_reason)
		print_text(app, &sc, &a);
	else
		print_text_entries(app, &sc, &a, &e);
	agenda_entries_free(&e);
	agenda_free(&a);
	if (rc != CS_EXIT_OK)
		return rc;   /* the CSV was not written: no look */
	/* Only a look that reached the reader counts. */
	if (fflush(stdout) || ferror(stdout)) {
		fputs(_("csconsole agenda: cannot write to the standard output; the look is not "
			"recorded\n"), stderr);
		return CS_EXIT_IO;
	}
	/* my look is a look at my own agenda */
	if (mark && sc.kind == SCOPE_AGENDA_MINE && agenda_last_look_set(&app->store, ts_now())) {
		fprintf(stderr, "csconsole agenda: %s\n", error_message());
		return CS_EXIT_STORE;
	}
	return CS_EXIT_OK;
}
