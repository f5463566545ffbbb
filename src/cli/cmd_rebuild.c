/* cmd_rebuild.c - `csconsole rebuild`: the local state again from the
 * shared directory and the local outbox.
 *
 * Every segment of <shared>/events/ is read again (known events are ignored
 * by id, so nothing doubles, and events whose import was missed come in),
 * then the materialised state (registers, notes, risks, touchpoints,
 * coverages) is thrown away and rebuilt from the event table, which also
 * holds this device's own events, published or not. The result equals the
 * state built incrementally by syncs; tests compare the two dumps.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include "csconsole/app.h"
#include "csconsole/event.h"
#include "csconsole/eventsync.h"
#include "csconsole/exitcode.h"
#include "csconsole/i18n.h"
#include "csconsole/synclock.h"
#include "csconsole/text.h"

static const char *const rebuild_usage = N_(
	"usage: csconsole rebuild\n"
	"\n"
	"Reads every segment of the shared directory's events/ folder again, then\n"
	"rebuilds the notes, risks, touchpoints and coverages from all the events the\n"
	"database holds (the team's and this device's own, including those not yet\n"
	"published). Use it after restoring a backup, or when 'csconsole dump' differs\n"
	"from a teammate's although both have synced. Nothing in the shared directory\n"
	"is written. Exit status 1 when a segment was refused (see the messages).\n");

static int print_fail(const char *what)
{
	char *msg = text_sanitize(error_message(), false);
	fprintf(stderr, _("csconsole rebuild: %s: %s\n"), what, msg);
	free(msg);
	return CS_EXIT_STORE;
}

static int64_t count_events(struct app *app, const char *sql)
{
	sqlite3_stmt *stmt;
	int64_t n = -1;
	if (store_prepare(&app->store, sql, &stmt))
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

static int rebuild_locked(struct app *app);

int cmd_rebuild(struct app *app, int argc, char **argv)
{
	static const struct option options[] = {
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'h': app_usage(stdout, rebuild_usage, false); return CS_EXIT_OK;
		default:
			fprintf(stderr, _("Try 'csconsole rebuild --help'.\n"));
			return CS_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("csconsole rebuild: unexpected argument \"%s\"\n"), argv[optind]);
		return CS_EXIT_USAGE;
	}
	if ((rc = app_open_store(app)) != CS_EXIT_OK)
		return rc;
	/* Not while a sync reads the same segments and writes the same state. */
	struct sync_lock lock;
	if ((rc = app_sync_lock(app, "rebuild", &lock)) != CS_EXIT_OK)
		return rc;
	rc = rebuild_locked(app);
	sync_lock_release(&lock);
	return rc;
}

static int rebuild_locked(struct app *app)
{
	struct events_result res = {0};
	struct diag_list diags = {0};
	int rc;

	rc = CS_EXIT_OK;
	if (str_empty(app->cfg.shared_dir)) {
		printf(_("rebuild: no shared directory is configured: only the local events are used\n"));
	} else {
		char *shared = path_expand_home(app->cfg.shared_dir);
		char *clean = text_sanitize(shared, false);
		struct stat sb;
		if (stat(shared, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
			printf(_("rebuild: the shared directory %s is not there (offline?): only the local "
			       "events are used\n"), clean);
		} else if (events_reingest_all(&app->store, shared, &res, &diags) != 0) {
			char *msg = text_sanitize(error_message(), false);
			fprintf(stderr, _("csconsole rebuild: %s; only the local events are used\n"), msg);
			free(msg);
			rc = CS_EXIT_IO;
		} else {
			diag_print(&diags, stderr);
			char segs[64], evs[64];
			str_format(segs, sizeof(segs), P_("%zu segment", "%zu segments", res.segments_read),
				   res.segments_read);
			str_format(evs, sizeof(evs), P_("%llu event", "%llu events", res.events_duplicate),
				   (unsigned long long)res.events_duplicate);
			/* TRANSLATORS: "3 segments", the folder, "120 events" */
			printf(_("rebuild: read %s in %s/events again: %s already here"), segs, clean, evs);
			if (res.events_imported)
				printf(_(", %llu missing and now added"), (unsigned long long)res.events_imported);
			if (res.segments_pending)
				printf(_(", %zu not ready"), res.segments_pending);
			if (res.segments_quarantined)
				printf(_(", %zu quarantined"), res.segments_quarantined);
			printf("\n");
			if (res.segments_quarantined || diags.errors)
				rc = CS_EXIT_PARTIAL;
		}
		free(clean);
		free(shared);
	}
	diag_clear(&diags);

	if (state_rebuild(&app->store) != 0)
		return print_fail("the state was not rebuilt");
	int64_t all = count_events(app, "SELECT count(*) FROM event");
	int64_t outbox = count_events(app, "SELECT count(*) FROM event WHERE own = 1 AND published = 0");
	if (all < 0 || outbox < 0)
		return print_fail("cannot count the events");
	printf(P_("rebuild: state rebuilt from %lld event (%lld of them waiting in the outbox)\n",
		  "rebuild: state rebuilt from %lld events (%lld of them waiting in the outbox)\n", all),
	       (long long)all, (long long)outbox);
	return rc;
}
