/* cmd_conflicts.c - `csconsole conflicts`: concurrent edits, what is shown
 * and what lost.
 *
 * Two CSMs who change the same field of the same entity without having seen
 * each other's change both keep their event; the last writer (by clock stamp,
 * then device) is shown everywhere, and this command lists every edit that
 * was overwritten by a writer who had not seen it (state.c decides it from
 * what each update records as seen), so nobody's edit disappears silently.
 */
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/app.h"
#include "csconsole/csvout.h"
#include "csconsole/event.h"
#include "csconsole/exitcode.h"
#include "csconsole/i18n.h"
#include "csconsole/text.h"

static const char *const conflicts_usage = N_(
	"usage: csconsole conflicts [--format text|json|csv [--excel] [--encoding E] [--raw]]\n"
	"\n"
	"Lists concurrent edits: a field of a note, risk, touchpoint or coverage whose\n"
	"value was overwritten by a CSM who had not seen it. For each: the entity,\n"
	"its account, the field, the value shown (the later write) with its author,\n"
	"and the other value with its author. Settle one by writing the right value\n"
	"again (e.g. csconsole risk --update ID --status open).\n"
	"\n"
	"  --format F   text (aligned columns, default), json or csv (one row per\n"
	"               conflict: entity, id, account, field, the value shown and the\n"
	"               other, each with its author and event id)\n");

/* Widest value column in text output; json has the whole values. */
#define VALUE_WIDTH 32

/* A register's value is text (numbers and days too); NULL: the field was cleared. */
static char *value_text(const char *raw)
{
	return text_sanitize(raw ? raw : "(none)", false);
}

static json_object *value_json(const char *raw)
{
	return raw ? json_object_new_string(raw) : NULL;
}

static json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static void print_json(const struct conflict *c, size_t n)
{
	json_object *arr = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_new_object();
		const char *slash = c[i].entity ? strchr(c[i].entity, '/') : NULL;
		json_object_object_add(o, "entity", jstr(c[i].entity));
		json_object_object_add(o, "id", jstr(slash ? slash + 1 : NULL));
		json_object_object_add(o, "account", jstr(c[i].account));
		json_object_object_add(o, "field", jstr(c[i].field));
		json_object *w = json_object_new_object();
		json_object_object_add(w, "value", value_json(c[i].winner_value));
		json_object_object_add(w, "author", jstr(c[i].winner_author));
		json_object_object_add(w, "event", jstr(c[i].winner_event));
		json_object_object_add(o, "shown", w);
		json_object *l = json_object_new_object();
		json_object_object_add(l, "value", value_json(c[i].loser_value));
		json_object_object_add(l, "author", jstr(c[i].loser_author));
		json_object_object_add(l, "event", jstr(c[i].loser_event));
		json_object_object_add(o, "other", l);
		json_object_array_add(arr, o);
	}
	/* json-c escapes control characters, so teammates' text prints safely. */
	puts(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(arr);
}

/* One row per conflict; a field cleared is an empty cell, as in json's null. */
static int print_csv(const struct conflict *c, size_t n, const struct csvout_opts *o)
{
	static const char *const head[] = {
		"entity", "id", "account", "field", "shown_value", "shown_author", "shown_event",
		"other_value", "other_author", "other_event",
	};
	struct csvout w;
	int rc = app_csv_begin("conflicts", &w, o);
	if (rc != CS_EXIT_OK)
		return rc;
	for (size_t f = 0; f < ARRAY_SIZE(head); f++)
		csvout_cell(&w, head[f]);
	csvout_end_row(&w);
	for (size_t i = 0; i < n; i++) {
		const char *slash = c[i].entity ? strchr(c[i].entity, '/') : NULL;
		const char *cells[] = {
			c[i].entity, slash ? slash + 1 : NULL, c[i].account, c[i].field,
			c[i].winner_value, c[i].winner_author, c[i].winner_event,
			c[i].loser_value, c[i].loser_author, c[i].loser_event,
		};
		for (size_t f = 0; f < ARRAY_SIZE(cells); f++) {
			char *clean = text_sanitize(cells[f] ? cells[f] : "", false);
			csvout_cell(&w, clean);
			free(clean);
		}
		csvout_end_row(&w);
	}
	return app_csv_end("conflicts", &w);
}

enum { C_ENTITY, C_ACCOUNT, C_FIELD, C_SHOWN, C_OTHER, C_COUNT };

static void print_text(const struct conflict *c, size_t n)
{
	/* the column titles, translated: the widths are in cells */
	const char *const headers[C_COUNT] = {
		_("ENTITY"), _("ACCOUNT"), _("FIELD"), _("SHOWN (AUTHOR)"), _("OTHER (AUTHOR)"),
	};
	char *(*cells)[C_COUNT] = xcalloc(n, sizeof(*cells));
	int width[C_COUNT];

	for (int f = 0; f < C_COUNT; f++)
		width[f] = text_width(headers[f]);
	for (size_t i = 0; i < n; i++) {
		char *wv = value_text(c[i].winner_value), *lv = value_text(c[i].loser_value);
		char fit_w[VALUE_WIDTH * 4 + 8], fit_l[VALUE_WIDTH * 4 + 8];
		text_fit(wv, VALUE_WIDTH, false, fit_w, sizeof(fit_w));
		text_fit(lv, VALUE_WIDTH, false, fit_l, sizeof(fit_l));
		char *wa = text_sanitize(c[i].winner_author ? c[i].winner_author : "?", false);
		char *la = text_sanitize(c[i].loser_author ? c[i].loser_author : "?", false);
		cells[i][C_ENTITY] = text_sanitize(c[i].entity ? c[i].entity : "", false);
		cells[i][C_ACCOUNT] = text_sanitize(c[i].account ? c[i].account : "-", false);
		cells[i][C_FIELD] = text_sanitize(c[i].field ? c[i].field : "", false);
		cells[i][C_SHOWN] = xasprintf("%s (%s)", fit_w, wa);
		cells[i][C_OTHER] = xasprintf("%s (%s)", fit_l, la);
		free(wa);
		free(la);
		free(wv);
		free(lv);
		for (int f = 0; f < C_COUNT; f++) {
			int w = text_width(cells[i][f]);
			if (w > width[f])
				width[f] = w;
		}
	}
	struct sbuf line = {0};
	for (size_t i = 0; i <= n; i++) {
		sbuf_reset(&line);
		for (int f = 0; f < C_COUNT; f++) {
			const char *s = i == 0 ? headers[f] : cells[i - 1][f];
			if (f)
				sbuf_adds(&line, "  ");
			sbuf_adds(&line, s);
			if (f + 1 < C_COUNT)
				for (int pad = width[f] - text_width(s); pad > 0; pad--)
					sbuf_addc(&line, ' ');
		}
		puts(sbuf_str(&line));
	}
	sbuf_free(&line);
	for (size_t i = 0; i < n; i++)
		for (int f = 0; f < C_COUNT; f++)
			free(cells[i][f]);
	free(cells);
}

int cmd_conflicts(struct app *app, int argc, char **argv)
{
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		APP_CSV_OPTIONS,
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	enum app_format format = APP_TEXT;
	struct csvout_opts csv = { 0 };
	struct conflict *c;
	size_t n;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "f:h", options, NULL)) != -1) {
		if ((rc = app_csv_option("conflicts", opt, optarg, &csv)) != 0) {
			if (rc < 0)
				return CS_EXIT_USAGE;
			continue;
		}
		switch (opt) {
		case 'f':
			if (app_format_parse("conflicts", optarg, APP_FMT(APP_TEXT) | APP_FMT(APP_JSON) |
					     APP_FMT(APP_CSV), &format) < 0)
				return CS_EXIT_USAGE;
			break;
		case 'h': app_usage(stdout, conflicts_usage, true); return CS_EXIT_OK;
		default:
			fprintf(stderr, _("Try 'csconsole conflicts --help'.\n"));
			return CS_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("csconsole conflicts: unexpected argument \"%s\"\n"), argv[optind]);
		return CS_EXIT_USAGE;
	}
	if (app_csv_check("conflicts", format, &csv) < 0)
		return CS_EXIT_USAGE;
	if ((rc = app_open_store(app)) != CS_EXIT_OK)
		return rc;
	if (conflicts_list(&app->store, &c, &n) != 0) {
		char *msg = text_sanitize(error_message(), false);
		fprintf(stderr, "csconsole conflicts: %s\n", msg);
		free(msg);
		return CS_EXIT_STORE;
	}
	if (format == APP_JSON)
		print_json(c, n);
	else if (format == APP_CSV)
		rc = print_csv(c, n, &csv);
	else if (n == 0)
		printf(_("no concurrent edits\n"));
	else
		print_text(c, n);
	conflicts_free(c, n);
	return rc;
}
