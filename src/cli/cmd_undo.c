/* cmd_undo.c - `csconsole undo`: take back my last action (undo.c), as the
 * console's u does: a compensating event, published at the next sync.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include "csconsole/app.h"
#include "csconsole/exitcode.h"
#include "csconsole/i18n.h"
#include "csconsole/text.h"
#include "csconsole/undo.h"
#include "csconsole/writer.h"

static const char *const undo_usage = N_(
	"usage: csconsole undo [--dry-run]\n"
	"\n"
	"Undoes my last action on this computer (in the console or with csconsole\n"
	"note, touch or risk): a note logged, edited or deleted, a touchpoint\n"
	"scheduled, done, snoozed or moved, a risk opened, changed or resolved. It\n"
	"writes the compensating events (a note.delete for a logged note, the\n"
	"previous fields for an edit, a touch.restore for a touchpoint...), which reach\n"
	"the team at the next 'csconsole sync'. Run it again to undo the action\n"
	"before. An action whose note, touchpoint or risk was changed since (by a\n"
	"teammate) is not undone: it says who changed it, and the next undo takes the\n"
	"action before.\n"
	"\n"
	"  --dry-run, -n   say what would be undone, change nothing\n");

static void say_error(void)
{
	char *msg = text_sanitize(error_message(), false);
	fprintf(stderr, "csconsole undo: %s\n", msg);
	free(msg);
}

int cmd_undo(struct app *app, int argc, char **argv)
{
	static const struct option options[] = {
		{"dry-run", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	char what[640];
	bool dry = false;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "nh", options, NULL)) != -1) {
		switch (opt) {
		case 'n': dry = true; break;
		case 'h': app_usage(stdout, undo_usage, false); return CS_EXIT_OK;
		default:
			fprintf(stderr, _("Try 'csconsole undo --help'.\n"));
			return CS_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("csconsole undo: unexpected argument \"%s\"\n"), argv[optind]);
		return CS_EXIT_USAGE;
	}
	if ((rc = writer_open(app, "undo")) != CS_EXIT_OK)
		return rc;
	rc = dry ? undo_peek(&app->store, app->cfg.me, what, sizeof(what))
		 : undo_last(&app->store, app->cfg.me, what, sizeof(what));
	if (rc < 0) {
		say_error();
		return CS_EXIT_PARTIAL;
	}
	if (rc == 0)
		puts(_("nothing to undo"));
	else if (dry)
		printf(_("would undo: %s\n"), what);
	else
		printf(_("undone: %s; it reaches the team at the next sync\n"), what);
	return CS_EXIT_OK;
}
