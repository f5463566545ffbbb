/* cmd_touch.c - `csconsole touch`: schedule a touchpoint, move it, mark it
 * done or snooze it.
 *
 * Each mode accepts its own options (a table below): an option that does not
 * belong to the mode is refused by name rather than silently ignored.
 */
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/app.h"
#include "csconsole/writer.h"
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/exitcode.h"
#include "csconsole/i18n.h"
#include "csconsole/limits.h"
#include "csconsole/text.h"

/* The kinds of touchpoint: those of a note, and the meetings of the lifecycle. */
static const char *const touch_kinds[] = {"call", "meeting", "email", "chat", "internal", "qbr",
					  "renewal", "onboarding"};

static const char *const touch_usage = N_(
	"usage: csconsole touch ACCOUNT --due DAY [--time HH:MM] [--kind KIND] [--note TEXT]\n"
	"       csconsole touch --reschedule TOUCH_ID --due DAY [--reason TEXT]\n"
	"       csconsole touch --done TOUCH_ID [--note TEXT] [--date DAY]\n"
	"       csconsole touch --snooze TOUCH_ID --until DAY --reason TEXT\n"
	"\n"
	"Schedules the next touchpoint with an account (its CRM id, e.g. ACC-0001) and\n"
	"prints its id; moves it, marks it done, or snoozes it with a reason. Any CSM\n"
	"of the team may change a touchpoint. Saved at once; it reaches the team at\n"
	"the next 'csconsole sync'.\n"
	"\n"
	"  --due DAY          when it is due: YYYY-MM-DD, 12/15, today, tomorrow, +3d,\n"
	"                     in 2 weeks, fri (the next Friday), next fri (Friday of\n"
	"                     next week), 明日, 来週金曜, 3日後... (csconsole(1), Dates)\n"
	"  --time HH:MM       at this time of day (local, 00:00-23:59): a timed event in\n"
	"                     the calendar (agenda --format ics); without it, all day\n"
	"  --kind KIND        call, meeting, email, chat, internal, qbr, renewal or\n"
	"                     onboarding\n"
	"  --note TEXT        what it is for (with --done: what happened)\n"
	"  --reason TEXT      why it moves (required with --snooze)\n"
	"  --date DAY         with --done: the day it was done (default today)\n"
	"  --until DAY        with --snooze: the day it comes back (after today)\n");

enum touch_opt {
	T_DUE = 1 << 0, T_KIND = 1 << 1, T_NOTE = 1 << 2, T_REASON = 1 << 3,
	T_DATE = 1 << 4, T_UNTIL = 1 << 5, T_TIME = 1 << 6,
};
static const char *const touch_opt_names[] = {"--due", "--kind", "--note", "--reason", "--date", "--until",
					      "--time"};

enum touch_mode { M_SCHEDULE, M_RESCHEDULE, M_DONE, M_SNOOZE, M_COUNT };
/* Per mode: its name in messages, the options it takes and those it needs. */
static const struct {
	const char *name;
	unsigned allowed, required;
} modes[M_COUNT] = {
	[M_SCHEDULE]   = {N_("a new touchpoint"), T_DUE | T_KIND | T_NOTE | T_TIME, T_DUE},
	[M_RESCHEDULE] = {"--reschedule", T_DUE | T_REASON, T_DUE},
	[M_DONE]       = {"--done", T_NOTE | T_DATE, 0},
	[M_SNOOZE]     = {"--snooze", T_UNTIL | T_REASON, T_UNTIL | T_REASON},
};

struct touch_args {
	unsigned given;
	const char *due, *kind, *note, *reason, *date, *until, *time;
};

static int check_options(enum touch_mode m, unsigned given)
{
	for (size_t i = 0; i < ARRAY_SIZE(touch_opt_names); i++) {
		unsigned bit = 1u << i;
		if ((given & bit) && !(modes[m].allowed & bit)) {
			fprintf(stderr, _("csconsole touch: %s does not apply to %s ('csconsole touch "
				"--help' lists what each form takes)\n"), touch_opt_names[i], _(modes[m].name));
			return CS_EXIT_USAGE;
		}
		if ((modes[m].required & bit) && !(given & bit)) {
			fprintf(stderr, _("csconsole touch: %s needs %s\n"), _(modes[m].name), touch_opt_names[i]);
			return CS_EXIT_USAGE;
		}
	}
	return CS_EXIT_OK;
}

static void add_day(json_object *data, const char *key, int day)
{
	char iso[11];
	day_format_iso(day, iso);
	json_object_object_add(data, key, json_object_new_string(iso));
}

/* Adds a text option, validated, under key. */
static int add_text(json_object *data, const char *key, const char *arg, const char *value)
{
	char *s;
	int rc;
	if ((rc = writer_read_text("touch", arg, value, true, &s)))
		return rc;
	/* the table's limit (limits.h), named before anything is written */
	if (limit_check(str_eq(key, "reason") ? LIMIT_REASON : LIMIT_TOUCH_NOTE, arg, s, strlen(s))) {
		fprintf(stderr, "csconsole touch: %s\n", error_message());
		free(s);
		return CS_EXIT_USAGE;
	}
	json_object_object_add(data, key, json_object_new_string(s));
	free(s);
	return CS_EXIT_OK;
}

static int touch_schedule(struct app *app, const char *account, const struct touch_args *a)
{
	char entity[64], done[256], iso[11], hhmm[6] = "";
	int due, rc, minutes;
	size_t k;
	if ((rc = writer_open(app, "touch")) || (rc = writer_check_account(app, "touch", "ACCOUNT", account)) ||
	    (rc = writer_parse_day(app, "touch", "--due", a->due, &due)))
		return rc;
	if (a->kind && (rc = writer_parse_choice("touch", "--kind", a->kind, touch_kinds,
						 ARRAY_SIZE(touch_kinds), &k)))
		return rc;
	if (a->time) {
		if (!time_parse_hhmm(a->time, false, &minutes)) {
			char *t = text_sanitize(a->time, false);
			fprintf(stderr, _("csconsole touch: --time \"%s\": give a time of day HH:MM, "
				"00:00 to 23:59 (e.g. 14:30)\n"), t);
			free(t);
			return CS_EXIT_USAGE;
		}
		time_format_hhmm(minutes, hhmm);
	}
	json_object *data = json_object_new_object();
	add_day(data, "due_day", due);
	if (*hhmm)
		json_object_object_add(data, "time", json_object_new_string(hhmm));
	if (a->kind)
		json_object_object_add(data, "kind", json_object_new_string(touch_kinds[k]));
	if (a->note && (rc = add_text(data, "note", "--note", a->note))) {
		json_object_put(data);
		return rc;
	}
	writer_new_entity("touch", entity, sizeof(entity));
	day_format_iso(due, iso);
	if (*hhmm)
		str_format(done, sizeof(done), _("touchpoint with %s scheduled for %s at %s"), account, iso,
			   hhmm);
	else
		str_format(done, sizeof(done), _("touchpoint with %s scheduled for %s"), account, iso);
	return writer_emit(app, "touch", event_type_name(EVENT_TOUCH_SCHEDULE), entity, account, NULL,
			   data, done);
}

static int touch_change(struct app *app, enum touch_mode m, const char *id, const struct touch_args *a)
{
	struct writer_target t;
	enum event_type type;
	char done[256], iso[11];
	int day, rc;

	if ((rc = writer_open(app, "touch")) || (rc = writer_find(app, "touch", "touch", modes[m].name, id, &t)))
		return rc;
	json_object *data = json_object_new_object();
	switch (m) {
	case M_RESCHEDULE:
		type = EVENT_TOUCH_RESCHEDULE;
		if ((rc = writer_parse_day(app, "touch", "--due", a->due, &day)))
			break;
		add_day(data, "due_day", day);
		if (a->reason)
			rc = add_text(data, "reason", "--reason", a->reason);
		day_format_iso(day, iso);
		str_format(done, sizeof(done), _("touchpoint %s with %s moved to %s"), t.id,
			   t.account ? t.account : "?", iso);
		break;
	case M_DONE:
		type = EVENT_TOUCH_DONE;
		day = app->today;
		if (a->date && (rc = writer_parse_day(app, "touch", "--date", a->date, &day)))
			break;
		if (day > app->today) {
			fprintf(stderr, _("csconsole touch: --date: a touchpoint is done today or earlier, "
				"not on a later day\n"));
			rc = CS_EXIT_USAGE;
			break;
		}
		add_day(data, "done_day", day);
		if (a->note)
			rc = add_text(data, "note", "--note", a->note);
		str_format(done, sizeof(done), _("touchpoint %s with %s done"), t.id, t.account ? t.account : "?");
		break;
	case M_SNOOZE:
		type = EVENT_TOUCH_SNOOZE;
		if ((rc = writer_parse_day(app, "touch", "--until", a->until, &day)))
			break;
		if (day <= app->today) {
			fprintf(stderr, _("csconsole touch: --until: a snooze ends after today; give a later "
				"day (tomorrow, +1w, a weekday...)\n"));
			rc = CS_EXIT_USAGE;
			break;
		}
		add_day(data, "until_day", day);
		rc = add_text(data, "reason", "--reason", a->reason);
		day_format_iso(day, iso);
		str_format(done, sizeof(done), _("touchpoint %s with %s snoozed until %s"), t.id,
			   t.account ? t.account : "?", iso);
		break;
	default:
		type = EVENT_UNKNOWN;
		rc = CS_EXIT_USAGE;
		break;
	}
	if (rc == CS_EXIT_OK && m == M_DONE && str_eq(t.status, "done")) {
		fprintf(stderr, _("csconsole touch: --done %s: this touchpoint is already done\n"), t.id);
		rc = CS_EXIT_USAGE;
	}
	if (rc) {
		json_object_put(data);
		writer_target_free(&t);
		return rc;
	}
	rc = writer_emit(app, "touch", event_type_name(type), t.entity, t.account, t.hlc, data, done);
	writer_target_free(&t);
	return rc;
}

int cmd_touch(struct app *app, int argc, char **argv)
{
	enum { O_DUE = 256, O_KIND, O_NOTE, O_REASON, O_DATE, O_UNTIL, O_RESCHEDULE, O_DONE, O_SNOOZE, O_TIME };
	static const struct option options[] = {
		{"due", required_argument, NULL, O_DUE},
		{"kind", required_argument, NULL, O_KIND},
		{"note", required_argument, NULL, O_NOTE},
		{"reason", required_argument, NULL, O_REASON},
		{"date", required_argument, NULL, O_DATE},
		{"until", required_argument, NULL, O_UNTIL},
		{"time", required_argument, NULL, O_TIME},
		{"reschedule", required_argument, NULL, O_RESCHEDULE},
		{"done", required_argument, NULL, O_DONE},
		{"snooze", required_argument, NULL, O_SNOOZE},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct touch_args a = {0};
	const char *target = NULL;
	enum touch_mode mode = M_SCHEDULE;
	int nmodes = 0, opt, rc;

	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case O_DUE: a.due = optarg; a.given |= T_DUE; break;
		case O_KIND: a.kind = optarg; a.given |= T_KIND; break;
		case O_NOTE: a.note = optarg; a.given |= T_NOTE; break;
		case O_REASON: a.reason = optarg; a.given |= T_REASON; break;
		case O_DATE: a.date = optarg; a.given |= T_DATE; break;
		case O_UNTIL: a.until = optarg; a.given |= T_UNTIL; break;
		case O_TIME: a.time = optarg; a.given |= T_TIME; break;
		case O_RESCHEDULE: mode = M_RESCHEDULE; target = optarg; nmodes++; break;
		case O_DONE: mode = M_DONE; target = optarg; nmodes++; break;
		case O_SNOOZE: mode = M_SNOOZE; target = optarg; nmodes++; break;
		case 'h': app_usage(stdout, touch_usage, false); return CS_EXIT_OK;
		default:
			fprintf(stderr, _("Try 'csconsole touch --help'.\n"));
			return CS_EXIT_USAGE;
		}
	}
	if (nmodes > 1) {
		fprintf(stderr, _("csconsole touch: give one of --reschedule, --done or --snooze\n"));
		return CS_EXIT_USAGE;
	}
	int positional = argc - optind;
	if (mode != M_SCHEDULE && positional) {
		fprintf(stderr, _("csconsole touch: unexpected argument \"%s\": %s names the touchpoint\n"),
			argv[optind], modes[mode].name);
		return CS_EXIT_USAGE;
	}
	if (mode == M_SCHEDULE && positional != 1) {
		if (positional == 0)
			fprintf(stderr, _("csconsole touch: which account? Give its CRM id, e.g. "
				"csconsole touch ACC-0001 --due fri --kind call\n"));
		else
			fprintf(stderr, _("csconsole touch: unexpected argument \"%s\": give one account\n"),
				argv[optind + 1]);
		return CS_EXIT_USAGE;
	}
	if ((rc = check_options(mode, a.given)))
		return rc;
	if (mode == M_SCHEDULE)
		return touch_schedule(app, argv[optind], &a);
	return touch_change(app, mode, target, &a);
}
