/* cmd_cover.c - `csconsole cover`: who covers an absent CSM, and when.
 *
 * A coverage is an absence with a named cover, written by any CSM of the
 * team (the absent one before leaving, or a team lead); it joins the
 * absences of the team feed, so the covering CSM sees those accounts.
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
#include "csconsole/text.h"

static const char *const cover_usage = N_(
	"usage: csconsole cover HANDLE --by HANDLE --from DAY --until DAY\n"
	"       csconsole cover --clear COVER_ID\n"
	"\n"
	"Records that the CSM HANDLE is away from one day to another (both included)\n"
	"and that the CSM --by covers their accounts meanwhile. Prints the coverage's\n"
	"id; --clear cancels it. Handles are those of the team feed. Saved at once;\n"
	"it reaches the team at the next 'csconsole sync'.\n"
	"\n"
	"  --by HANDLE       who covers\n"
	"  --from DAY        first day away: YYYY-MM-DD, today, tomorrow, +3d, +2w, a\n"
	"                    weekday...\n"
	"  --until DAY       last day away\n"
	"  --clear COVER_ID  cancel a coverage\n");

static int cover_set(struct app *app, const char *absent, const char *by, const char *from,
		     const char *until)
{
	char entity[64], done[256], from_iso[11], until_iso[11];
	int from_day, until_day, rc;

	if (!by || !from || !until) {
		fprintf(stderr, _("csconsole cover: a coverage needs --by HANDLE, --from DAY and --until DAY\n"));
		return CS_EXIT_USAGE;
	}
	if ((rc = writer_open(app, "cover")) ||
	    (rc = writer_check_handle(app, "cover", "HANDLE", absent)) ||
	    (rc = writer_check_handle(app, "cover", "--by", by)) ||
	    (rc = writer_parse_day(app, "cover", "--from", from, &from_day)) ||
	    (rc = writer_parse_day(app, "cover", "--until", until, &until_day)))
		return rc;
	if (str_eq(absent, by)) {
		fprintf(stderr, _("csconsole cover: --by %s: a CSM cannot cover for themselves; name a "
			"teammate\n"), by);
		return CS_EXIT_USAGE;
	}
	day_format_iso(from_day, from_iso);
	day_format_iso(until_day, until_iso);
	if (until_day < from_day) {
		fprintf(stderr, _("csconsole cover: --until %s is before --from %s: the absence ends on "
			"or after the day it starts\n"), until_iso, from_iso);
		return CS_EXIT_USAGE;
	}
	json_object *data = json_object_new_object();
	json_object_object_add(data, "absent", json_object_new_string(absent));
	json_object_object_add(data, "covered_by", json_object_new_string(by));
	json_object_object_add(data, "from_day", json_object_new_string(from_iso));
	json_object_object_add(data, "until_day", json_object_new_string(until_iso));
	writer_new_entity("cover", entity, sizeof(entity));
	str_format(done, sizeof(done), _("%s covers for %s from %s until %s"), by, absent, from_iso, until_iso);
	return writer_emit(app, "cover", event_type_name(EVENT_COVER_SET), entity, NULL, NULL, data, done);
}

static int cover_clear(struct app *app, const char *id)
{
	struct writer_target t;
	char done[256];
	int rc;
	if ((rc = writer_open(app, "cover")) || (rc = writer_find(app, "cover", "cover", "--clear", id, &t)))
		return rc;
	if (t.deleted) {
		fprintf(stderr, _("csconsole cover: --clear %s: this coverage is already cleared\n"), t.id);
		writer_target_free(&t);
		return CS_EXIT_USAGE;
	}
	str_format(done, sizeof(done), _("coverage %s cleared"), t.id);
	rc = writer_emit(app, "cover", event_type_name(EVENT_COVER_CLEAR), t.entity, NULL, t.hlc,
			 json_object_new_object(), done);
	writer_target_free(&t);
	return rc;
}

int cmd_cover(struct app *app, int argc, char **argv)
{
	enum { O_BY = 256, O_FROM, O_UNTIL, O_CLEAR };
	static const struct option options[] = {
		{"by", required_argument, NULL, O_BY},
		{"from", required_argument, NULL, O_FROM},
		{"until", required_argument, NULL, O_UNTIL},
		{"clear", required_argument, NULL, O_CLEAR},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *by = NULL, *from = NULL, *until = NULL, *clear = NULL;
	int opt;

	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case O_BY: by = optarg; break;
		case O_FROM: from = optarg; break;
		case O_UNTIL: until = optarg; break;
		case O_CLEAR: clear = optarg; break;
		case 'h': app_usage(stdout, cover_usage, false); return CS_EXIT_OK;
		default:
			fprintf(stderr, _("Try 'csconsole cover --help'.\n"));
			return CS_EXIT_USAGE;
		}
	}
	int positional = argc - optind;
	if (clear) {
		if (by || from || until || positional) {
			fprintf(stderr, _("csconsole cover: --clear takes only the coverage's id\n"));
			return CS_EXIT_USAGE;
		}
		return cover_clear(app, clear);
	}
	if (positional != 1) {
		if (positional == 0)
			fprintf(stderr, _("csconsole cover: who is away? Give their handle, e.g. csconsole "
				"cover haruto --by aiko --from tomorrow --until +1w\n"));
		else
			fprintf(stderr, _("csconsole cover: unexpected argument \"%s\": give one handle\n"),
				argv[optind + 1]);
		return CS_EXIT_USAGE;
	}
	return cover_set(app, argv[optind], by, from, until);
}
