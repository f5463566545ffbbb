/* cmd_note.c - `csconsole note`: log, edit or delete a note about a touch.
 *
 * A writer validates its arguments against the local tables (accounts, the
 * team, the entity it changes) and the configuration (sentiment labels, risk
 * categories), then writes one event with event_write(): saved locally at
 * once, published by the next `csconsole sync`. It prints the entity's id on
 * stdout, for scripts, and a short confirmation on stderr.
 */
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "csconsole/app.h"
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/exitcode.h"
#include "csconsole/i18n.h"
#include "csconsole/limits.h"
#include "csconsole/text.h"
#include "csconsole/writer.h"

/* ---- csconsole note ----------------------------------------------------------- */

/* The kinds of touch a note records (docs/sync.md). */
static const char *const note_kinds[] = {"call", "meeting", "email", "chat", "internal"};

static const char *const note_usage = N_(
	"usage: csconsole note ACCOUNT --kind KIND --summary TEXT [--sentiment S] [--text TEXT|-]\n"
	"                      [--date DAY]\n"
	"       csconsole note --edit NOTE_ID [--kind KIND] [--sentiment S] [--summary TEXT]\n"
	"                      [--text TEXT|-] [--date DAY]\n"
	"       csconsole note --delete NOTE_ID\n"
	"\n"
	"Logs a touch with an account (its CRM id, e.g. ACC-0001): what kind, how the\n"
	"customer felt, a one-line summary and the full text. Prints the note's id. The\n"
	"note is saved at once and reaches the team at the next 'csconsole sync'.\n"
	"Only the author edits or deletes a note; teammates' notes are read-only.\n"
	"\n"
	"  --kind KIND       call, meeting, email, chat or internal\n"
	"  --sentiment S     1 (worst) to the number of sentiment labels, or a label\n"
	"                    (sentiment.labels in the configuration)\n"
	"  --summary TEXT    one line\n"
	"  --text TEXT       the full note; - reads it from standard input\n"
	"  --date DAY        when the touch happened (default today): YYYY-MM-DD, today,\n"
	"                    yesterday, -2d, a weekday...\n"
	"  --edit NOTE_ID    change the fields given of an own note\n"
	"  --delete NOTE_ID  delete an own note\n");

/* --sentiment: a number on the configured scale or one of its labels. */
static int parse_sentiment(const struct app *app, const char *value, int *out)
{
	const struct strlist *labels = &app->cfg.sentiment_labels;
	long n;
	if (str_to_long(value, 1, (long)labels->len, &n)) {
		*out = (int)n;
		return CS_EXIT_OK;
	}
	for (size_t i = 0; i < labels->len; i++) {
		if (strcasecmp(value, labels->items[i]) == 0) {
			*out = (int)i + 1;
			return CS_EXIT_OK;
		}
	}
	struct sbuf b = {0};
	for (size_t i = 0; i < labels->len; i++)
		sbuf_addf(&b, "%s%s", i ? ", " : "", labels->items[i]);
	char *clean = text_sanitize(value, false);
	char *list = text_sanitize(sbuf_str(&b), false);
	fprintf(stderr, _("csconsole note: --sentiment \"%s\": use 1 to %zu or a label: %s\n"),
		clean, labels->len, list);
	free(list);
	free(clean);
	sbuf_free(&b);
	return CS_EXIT_USAGE;
}

struct note_args {
	const char *kind, *sentiment, *summary, *text, *date;
	const char *edit, *delete;
};

/* The table's limit, in characters, named before anything is written; s is
 * freed when refused. */
static int text_limit(enum limit_field f, const char *arg, char *s)
{
	if (!limit_check(f, arg, s, strlen(s)))
		return CS_EXIT_OK;
	fprintf(stderr, "csconsole note: %s\n", error_message());
	free(s);
	return CS_EXIT_USAGE;
}

/* Validates the field options given into data. */
static int note_fields(struct app *app, const struct note_args *a, bool adding, json_object *data)
{
	int rc;
	if (a->kind) {
		size_t k;
		if ((rc = writer_parse_choice("note", "--kind", a->kind, note_kinds, ARRAY_SIZE(note_kinds), &k)))
			return rc;
		json_object_object_add(data, "kind", json_object_new_string(note_kinds[k]));
	}
	if (a->sentiment) {
		int s;
		if ((rc = parse_sentiment(app, a->sentiment, &s)))
			return rc;
		json_object_object_add(data, "sentiment", json_object_new_int(s));
	}
	if (a->summary) {
		char *s;
		if ((rc = writer_read_text("note", "--summary", a->summary, true, &s)))
			return rc;
		if ((rc = text_limit(LIMIT_SUMMARY, "--summary", s)))
			return rc;
		json_object_object_add(data, "summary", json_object_new_string(s));
		free(s);
	}
	if (a->text) {
		char *s;
		if ((rc = writer_read_text("note", "--text", a->text, false, &s)))
			return rc;
		if ((rc = text_limit(LIMIT_NOTE, "--text", s)))
			return rc;
		json_object_object_add(data, "text", json_object_new_string(s));
		free(s);
	}
	if (a->date || adding) {
		int day = app->today;
		char iso[11];
		if (a->date && (rc = writer_parse_day(app, "note", "--date", a->date, &day)))
			return rc;
		if (day > app->today) {
			fprintf(stderr, _("csconsole note: --date: a note records a touch that happened; "
				"the day must not be after today (schedule one with 'csconsole touch')\n"));
			return CS_EXIT_USAGE;
		}
		day_format_iso(day, iso);
		json_object_object_add(data, "touch_day", json_object_new_string(iso));
	}
	return CS_EXIT_OK;
}

static int note_add(struct app *app, const char *account, const struct note_args *a)
{
	char entity[64], done[256];
	int rc;
	if (!a->kind || !a->summary) {
		fprintf(stderr, _("csconsole note: a new note needs --kind (call, meeting, email, chat or "
			"internal) and --summary TEXT\n"));
		return CS_EXIT_USAGE;
	}
	if ((rc = writer_open(app, "note")) || (rc = writer_check_account(app, "note", "ACCOUNT", account)))
		return rc;
	json_object *data = json_object_new_object();
	if ((rc = note_fields(app, a, true, data))) {
		json_object_put(data);
		return rc;
	}
	writer_new_entity("note", entity, sizeof(entity));
	str_format(done, sizeof(done), _("note added to %s"), account);
	return writer_emit(app, "note", event_type_name(EVENT_NOTE_ADD), entity, account, NULL, data, done);
}

/* A note is changed only by its author, and not once deleted. */
static int note_target(struct app *app, const char *arg, const char *value, struct writer_target *t)
{
	int rc;
	if ((rc = writer_open(app, "note")) || (rc = writer_find(app, "note", "note", arg, value, t)))
		return rc;
	if (!str_eq(t->author, app->cfg.me)) {
		char *who = text_sanitize(t->author ? t->author : "?", false);
		fprintf(stderr, _("csconsole note: %s %s: this note was written by %s, and teammates' notes "
			"are read-only; add a note of your own instead\n"), arg, t->id, who);
		free(who);
		writer_target_free(t);
		return CS_EXIT_USAGE;
	}
	if (t->deleted) {
		fprintf(stderr, _("csconsole note: %s %s: this note was deleted\n"), arg, t->id);
		writer_target_free(t);
		return CS_EXIT_USAGE;
	}
	return CS_EXIT_OK;
}

static int note_edit(struct app *app, const struct note_args *a)
{
	struct writer_target t;
	char done[256];
	int rc;
	if (!a->kind && !a->sentiment && !a->summary && !a->text && !a->date) {
		fprintf(stderr, _("csconsole note: --edit: nothing to change; give any of --kind, "
			"--sentiment, --summary, --text, --date\n"));
		return CS_EXIT_USAGE;
	}
	if ((rc = note_target(app, "--edit", a->edit, &t)))
		return rc;
	json_object *data = json_object_new_object();
	if ((rc = note_fields(app, a, false, data))) {
		json_object_put(data);
		writer_target_free(&t);
		return rc;
	}
	str_format(done, sizeof(done), _("note %s on %s edited"), t.id, t.account ? t.account : "?");
	rc = writer_emit(app, "note", event_type_name(EVENT_NOTE_EDIT), t.entity, t.account, t.hlc,
			 data, done);
	writer_target_free(&t);
	return rc;
}

static int note_delete(struct app *app, const struct note_args *a)
{
	struct writer_target t;
	char done[256];
	int rc;
	if (a->kind || a->sentiment || a->summary || a->text || a->date) {
		fprintf(stderr, _("csconsole note: --delete takes no other option\n"));
		return CS_EXIT_USAGE;
	}
	if ((rc = note_target(app, "--delete", a->delete, &t)))
		return rc;
	str_format(done, sizeof(done), _("note %s on %s deleted"), t.id, t.account ? t.account : "?");
	rc = writer_emit(app, "note", event_type_name(EVENT_NOTE_DELETE), t.entity, t.account, t.hlc,
			 json_object_new_object(), done);
	writer_target_free(&t);
	return rc;
}

int cmd_note(struct app *app, int argc, char **argv)
{
	enum { O_KIND = 256, O_SENTIMENT, O_SUMMARY, O_TEXT, O_DATE, O_EDIT, O_DELETE };
	static const struct option options[] = {
		{"kind", required_argument, NULL, O_KIND},
		{"sentiment", required_argument, NULL, O_SENTIMENT},
		{"summary", required_argument, NULL, O_SUMMARY},
		{"text", required_argument, NULL, O_TEXT},
		{"date", required_argument, NULL, O_DATE},
		{"edit", required_argument, NULL, O_EDIT},
		{"delete", required_argument, NULL, O_DELETE},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct note_args a = {0};
	int opt;

	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case O_KIND: a.kind = optarg; break;
		case O_SENTIMENT: a.sentiment = optarg; break;
		case O_SUMMARY: a.summary = optarg; break;
		case O_TEXT: a.text = optarg; break;
		case O_DATE: a.date = optarg; break;
		case O_EDIT: a.edit = optarg; break;
		case O_DELETE: a.delete = optarg; break;
		case 'h': app_usage(stdout, note_usage, false); return CS_EXIT_OK;
		default:
			fprintf(stderr, _("Try 'csconsole note --help'.\n"));
			return CS_EXIT_USAGE;
		}
	}
	int positional = argc - optind;
	if (a.edit && a.delete) {
		fprintf(stderr, _("csconsole note: give --edit or --delete, not both\n"));
		return CS_EXIT_USAGE;
	}
	if (a.edit || a.delete) {
		if (positional) {
			fprintf(stderr, _("csconsole note: unexpected argument \"%s\": --%s names the note\n"),
				argv[optind], a.edit ? "edit" : "delete");
			return CS_EXIT_USAGE;
		}
		return a.edit ? note_edit(app, &a) : note_delete(app, &a);
	}
	if (positional != 1) {
		if (positional == 0)
			fprintf(stderr, _("csconsole note: which account? Give its CRM id, e.g. "
				"csconsole note ACC-0001 --kind call --summary \"...\"\n"));
		else
			fprintf(stderr, _("csconsole note: unexpected argument \"%s\": give one account\n"),
				argv[optind + 1]);
		return CS_EXIT_USAGE;
	}
	return note_add(app, argv[optind], &a);
}
