/* cmd_dump.c - `csconsole dump`: the canonical state of the team events.
 *
 * Two devices that hold the same events print the same dump, byte for byte,
 * whatever order the events arrived in (the sync tests compare them).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include "csconsole/app.h"
#include "csconsole/event.h"
#include "csconsole/exitcode.h"
#include "csconsole/i18n.h"
#include "csconsole/text.h"

static const char *const dump_usage = N_(
	"usage: csconsole dump\n"
	"\n"
	"Prints the team events this database holds and the state they make (notes,\n"
	"risks, touchpoints, coverages, every field's winning write) in a canonical\n"
	"text form: two devices that have synced the same events print the same dump,\n"
	"so comparing dumps (diff) checks that devices agree.\n");

int cmd_dump(struct app *app, int argc, char **argv)
{
	static const struct option options[] = {
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'h': app_usage(stdout, dump_usage, false); return CS_EXIT_OK;
		default:
			fputs(_("Try 'csconsole dump --help'.\n"), stderr);
			return CS_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("csconsole dump: unexpected argument \"%s\"\n"), argv[optind]);
		return CS_EXIT_USAGE;
	}
	if ((rc = app_open_store(app)) != CS_EXIT_OK)
		return rc;
	char *dump = state_dump(&app->store);
	if (!dump) {
		char *msg = text_sanitize(error_message(), false);
		fprintf(stderr, "csconsole dump: %s\n", msg);
		free(msg);
		return CS_EXIT_STORE;
	}
	/* Teammates' text: no escape sequence reaches the terminal. */
	char *clean = text_sanitize(dump, true);
	fputs(clean, stdout);
	free(clean);
	free(dump);
	return CS_EXIT_OK;
}
