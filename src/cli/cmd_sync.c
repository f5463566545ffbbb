/* cmd_sync.c - `csconsole sync`: import the shared directory's feeds, then
 * exchange team events (ingest the team's segments, publish the outbox);
 * `csconsole sync --status`: how far each device's events are synced.
 *
 * Diagnostics go to stderr as they come (file:line: message), one line per
 * file and the summary to stdout. On a terminal a progress line on stderr
 * shows a long import ("importing feeds/metrics/2026-10.csv: 1,234,567 rows"),
 * refreshed at most four times a second and erased before anything else is
 * printed.
 */
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "csconsole/app.h"
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/eventstatus.h"
#include "csconsole/eventsync.h"
#include "csconsole/exitcode.h"
#include "csconsole/i18n.h"
#include "csconsole/feed.h"
#include "csconsole/healthcalc.h"
#include "csconsole/pack.h"
#include "csconsole/playbook.h"
#include "csconsole/synclock.h"
#include "csconsole/text.h"

static const char *const sync_usage = N_(
	"usage: csconsole sync [--quiet] [--pack] [--accept FILE]...\n"
	"       csconsole sync --dry-run [--accept FILE]...\n"
	"       csconsole sync --status [--format text|json]\n"
	"\n"
	"Imports the feeds of the shared directory (`shared_dir` in the configuration):\n"
	"feeds/team.yaml, feeds/accounts.yaml and/or feeds/accounts.csv, then\n"
	"feeds/metrics/*.csv and *.yaml. A file already imported with the same content\n"
	"is unchanged and costs nothing; a file with errors is reported as FILE:LINE:\n"
	"message, its good rows still import (a file that cannot be read at all keeps\n"
	"its previous import). Conflict copies of sync tools are never imported; a\n"
	"file still being written waits for the next sync; an import that would mark\n"
	"many accounts or CSMs inactive is held back (docs/feeds.md).\n"
	"\n"
	"Then exchanges the team's events (notes, risks, touchpoints, coverages):\n"
	"imports the new segment files of events/, and publishes the events written\n"
	"here since the last sync as a new segment in events/<this device>/. When the\n"
	"shared directory cannot be written, the events wait in the local outbox for a\n"
	"later sync. The events written here, the playbook's touchpoints of this very\n"
	"sync included, are published last.\n"
	"\n"
	"One sync of a database runs at a time: a second one waits up to 5 seconds for\n"
	"the first, then says which process runs it (exit status 6). Exit status 1\n"
	"when anything was rejected, quarantined or could not be published.\n"
	"\n"
	"  -q, --quiet   print only problems and the summaries, not a line per file\n"
	"  -n, --dry-run show what the feeds would do (rows new, changed, deactivated,\n"
	"                rejected, the first errors) and write nothing: no import, no\n"
	"                events (as csconsole import --check)\n"
	"  -a, --accept FILE  apply the held-back import of FILE (feeds/accounts.yaml)\n"
	"  -p, --pack    pack this device's own segments now, whatever their number\n"
	"                and age (every sync packs those older than 7 days once there\n"
	"                are 32 to replace; docs/sync.md, \"Packing\")\n"
	"  -s, --status  print, per device, how far its events are synced, what is\n"
	"                missing, files not ready or refused, and clocks that are off;\n"
	"                per teammate, when they last wrote and when we last imported\n"
	"                from them (silent longer than sync.silent_days: named);\n"
	"                reads the local database only\n"
	"  -f, --format F  with --status: text (default) or json: {device, devices\n"
	"                [{device, owner, own, synced_through, max_seq, waiting_for,\n"
	"                last_import, skew_ms, pending, quarantined}], teammates [{owner,\n"
	"                last_wrote, last_import, silent_days, silent}], relisted_at,\n"
	"                relist_every_seconds, pending and quarantined [{path, reason}],\n"
	"                outbox}; times in ISO 8601 UTC, null when never\n");

/* A device clock this far from the team's is reported (--status). */
#define SKEW_WARN_MS (5 * 60 * 1000LL)


struct sync_ui {
	struct diag_list *diags;
	size_t printed;             /* diags already printed */
	bool quiet;
	bool pack;                  /* --pack: pack own segments whatever their number and age */
	struct app_progress progress;   /* on a terminal: the file being imported */
};

static void erase_progress(struct sync_ui *ui)
{
	app_progress_clear(&ui->progress);
}

static void print_new_diags(struct sync_ui *ui)
{
	erase_progress(ui);
	for (; ui->printed < ui->diags->len; ui->printed++) {
		char *raw = diag_format(&ui->diags->items[ui->printed]);
		char *clean = text_sanitize(raw, false);
		fprintf(stderr, "%s\n", clean);
		free(clean);
		free(raw);
	}
}

static void on_progress(void *ctx, const char *path, uint64_t rows, double seconds)
{
	struct sync_ui *ui = ctx;
	char n[NUM_GROUPED_SIZE];
	if (!ui->progress.tty || seconds < APP_PROGRESS_AFTER)
		return;
	if (ui->printed < ui->diags->len)
		print_new_diags(ui);
	app_progress_show(&ui->progress, 0, _("importing %s: %s rows"), path, num_grouped(rows, n));
}

/* The statuses of the feed guards (feed.h): conflict copies, files still
 * being written, held-back imports. */
static void print_guarded(const struct feed_result *r)
{
	if (r->status == FEED_CONFLICT) {
		char *orig = text_sanitize(r->original, false);
		printf(_(" of %s (%s), not imported"), orig, r->conflict_tool);
		free(orig);
	} else if (r->status == FEED_WAITING) {
		printf(_(": still being written, not imported now"));
	} else {
		char *why = text_sanitize(r->held_reason ? r->held_reason : "", false);
		printf(_(", nothing applied: %s"), why);
		free(why);
	}
}

/* A file's status (feed_status_name: "imported", ...) as people read it. */
static const char *status_label(enum feed_status s)
{
	return _(feed_status_name(s));
}

static void on_file_done(void *ctx, const struct feed_result *r)
{
	struct sync_ui *ui = ctx;
	char a[32], b[32];
	print_new_diags(ui);
	if (ui->quiet)
		return;
	char *path = text_sanitize(r->path, false);
	printf("%s: %s", path, status_label(r->status));
	switch (r->status) {
	case FEED_IMPORTED:
		printf(P_(", %s row", ", %s rows", r->rows_ok), num_grouped(r->rows_ok, a));
		if (r->rows_rejected)
			printf(_(", %s rejected"), num_grouped(r->rows_rejected, b));
		if (r->seconds >= 1)
			printf(_(" in %.1fs"), r->seconds);
		break;
	case FEED_UNCHANGED:
		if (r->same_as) {
			char *other = text_sanitize(r->same_as, false);
			printf(_(" (same content as %s)"), other);
			free(other);
		} else if (r->rows_rejected) {
			printf(_(" (%s rows rejected when it was imported)"), num_grouped(r->rows_rejected, b));
		}
		break;
	case FEED_STALE:
		printf(_(", skipped: older than the version imported"));
		break;
	case FEED_FAILED:
		fputs(r->had_import ? _(", nothing imported from it; its previous import stays")
		      : _(", nothing imported from it"), stdout);
		break;
	case FEED_CONFLICT:
	case FEED_WAITING:
	case FEED_HELD:
		print_guarded(r);
		break;
	}
	printf("\n");
	fflush(stdout);
	free(path);
}

static void print_summary(const struct feed_summary *s, const struct diag_list *diags)
{
	char n[32], r[32];
	struct sbuf b = {0};
	sbuf_addf(&b, P_("sync: %zu file", "sync: %zu files", s->files), s->files);
	if (s->files) {
		const char *sep = ": ";
		/* TRANSLATORS: counts of files by what the sync did: "3 imported, 2 unchanged" */
		const char *const names[] = { _("imported"), _("unchanged"), _("stale"), _("failed"),
					      _("conflict copies"), _("waiting"), _("held back") };
		size_t counts[] = { s->imported, s->unchanged, s->stale, s->failed, s->conflicts,
				    s->waiting, s->held };
		for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
			if (!counts[i])
				continue;
			/* TRANSLATORS: a count and what: "3 imported" */
			sbuf_addf(&b, _("%s%zu %s"), sep, counts[i], names[i]);
			sep = _(", ");
		}
	}
	sbuf_addf(&b, P_("; %s row imported", "; %s rows imported", s->rows_ok), num_grouped(s->rows_ok, n));
	if (s->rows_rejected)
		sbuf_addf(&b, _(", %s rejected"), num_grouped(s->rows_rejected, r));
	if (diags->errors)
		sbuf_addf(&b, P_("; %zu error", "; %zu errors", diags->errors), diags->errors);
	if (diags->warnings)
		sbuf_addf(&b, P_("; %zu warning", "; %zu warnings", diags->warnings), diags->warnings);
	printf("%s\n", sbuf_str(&b));
	sbuf_free(&b);
}

/* One integer from a query with no parameters; -1 on error. */
static int64_t query_count(struct store *st, const char *sql)
{
	sqlite3_stmt *stmt;
	int64_t n = -1;
	if (store_prepare(st, sql, &stmt))
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

static int64_t outbox_count(struct store *st)
{
	return query_count(st, "SELECT count(*) FROM event WHERE own = 1 AND published = 0");
}

/* Events in: the team's new segments. Returns the exit status it calls for;
 * *ok false when the shared directory could not be read (nothing to publish
 * through then either). */
static int sync_events_in(struct app *app, const char *shared, struct sync_ui *ui,
			  struct events_result *in, bool *ok)
{
	char a[32], b[32];

	*ok = false;
	if (events_ingest_deferred(&app->store, shared, in, ui->diags) != 0) {
		char *msg = text_sanitize(error_message(), false);
		int64_t waiting = outbox_count(&app->store);
		print_new_diags(ui);
		fprintf(stderr, _("csconsole sync: events: %s\n"), msg);
		if (waiting > 0)
			printf(P_("events: not exchanged; %lld event waits in the outbox\n",
				  "events: not exchanged; %lld events wait in the outbox\n", (uint64_t)waiting),
			       (long long)waiting);
		free(msg);
		return CS_EXIT_IO;
	}
	*ok = true;
	print_new_diags(ui);

	struct sbuf line = {0};
	if (!in->segments_read) {
		sbuf_adds(&line, _("events: no new segments"));
	} else {
		char segs[64], evs[64];
		str_format(segs, sizeof(segs), P_("%zu new segment", "%zu new segments", in->segments_read),
			   in->segments_read);
		str_format(evs, sizeof(evs), P_("%s new event", "%s new events", in->events_imported),
			   num_grouped(in->events_imported, a));
		if (in->events_duplicate)
			/* TRANSLATORS: "3 new segments", how many imported, "120 new events", how many were here */
			sbuf_addf(&line, _("events: %s: %zu imported (%s, %s already here)"), segs,
				  in->segments_imported, evs, num_grouped(in->events_duplicate, b));
		else
			sbuf_addf(&line, _("events: %s: %zu imported (%s)"), segs, in->segments_imported, evs);
		if (in->segments_pending)
			sbuf_addf(&line, _(", %zu not complete yet (retried next time)"), in->segments_pending);
		if (in->segments_quarantined)
			sbuf_addf(&line, _(", %zu quarantined"), in->segments_quarantined);
	}
	printf("%s\n", sbuf_str(&line));
	sbuf_free(&line);
	return in->segments_quarantined ? CS_EXIT_PARTIAL : CS_EXIT_OK;
}

/* "N segment(s)", into out. */
static const char *segments_text(size_t n, char *out, size_t size)
{
	str_format(out, size, P_("%zu segment", "%zu segments", n), n);
	return out;
}

/* Events out: the outbox, with what this very sync wrote (the playbook's
 * touchpoints), published last. */
static int sync_events_out(struct app *app, const char *shared, struct sync_ui *ui,
			   const struct events_result *in)
{
	struct events_result r = {0};
	char a[32], b[32];
	int rc = CS_EXIT_OK;

	if (events_publish(&app->store, shared, app->cfg.me, &r, ui->diags) != 0) {
		char *msg = text_sanitize(error_message(), false);
		print_new_diags(ui);
		fprintf(stderr, _("csconsole sync: events: %s\n"), msg);
		free(msg);
		return CS_EXIT_IO;
	}
	print_new_diags(ui);

	struct sbuf line = {0};
	if (in->device_renewed || r.device_renewed) {
		char *dev = NULL;
		if (device_id(&app->store, &dev) == 0) {
			char *clean = text_sanitize(dev, false);
			printf(_("events: this database is a copy of another device's (restored or cloned): it "
			       "now writes as device %s; nothing is lost\n"), clean);
			free(clean);
		}
		free(dev);
	}
	if (r.events_published)
		sbuf_addf(&line, P_("events: published %s event in %s", "events: published %s events in %s",
				    r.events_published), num_grouped(r.events_published, a),
			  segments_text(r.segments_published, b, sizeof(b)));
	else
		sbuf_adds(&line, _("events: nothing to publish"));
	uint64_t republished = in->events_republished + r.events_republished;
	if (republished)
		sbuf_addf(&line, P_(" (%s republished: its segment had gone missing)",
				    " (%s republished: their segment had gone missing)", republished),
			  num_grouped(republished, a));
	int64_t waiting = outbox_count(&app->store);
	bool blocked = !r.shared_writable && waiting > 0;
	if (!blocked || r.events_published)
		printf("%s\n", sbuf_str(&line));
	if (blocked) {
		char *clean = text_sanitize(shared, false);
		printf(P_("events: shared directory not writable (%s): %lld event waits in the outbox and "
			  "will be published by the next sync that can write\n",
			  "events: shared directory not writable (%s): %lld events wait in the outbox and "
			  "will be published by the next sync that can write\n", (uint64_t)waiting),
		       clean, (long long)waiting);
		free(clean);
		rc = CS_EXIT_PARTIAL;
	}
	sbuf_free(&line);
	if (r.segments_quarantined)
		rc = CS_EXIT_PARTIAL;
	return rc;
}

/* Packing own old segments, last (pack.h): a line when it changed anything. */
static int sync_pack(struct app *app, const char *shared, struct sync_ui *ui)
{
	struct pack_result r;
	if (events_pack(&app->store, shared, ui->pack, &r, ui->diags) != 0) {
		char *msg = text_sanitize(error_message(), false);
		print_new_diags(ui);
		fprintf(stderr, _("csconsole sync: packing: %s\n"), msg);
		free(msg);
		return CS_EXIT_STORE;
	}
	print_new_diags(ui);
	if (r.packs_written || r.segments_redundant) {
		char a[32], segs[64], evs[64];
		/* counted noun phrases, each whole, then one sentence around them */
		str_format(segs, sizeof(segs), P_("%zu own segment", "%zu own segments", r.segments_packed),
			   r.segments_packed);
		str_format(evs, sizeof(evs), P_("%s event", "%s events", r.events_packed),
			   num_grouped(r.events_packed, a));
		printf(_("events: packed %s (%s) into %zu"), segs, evs, r.packs_written);
		if (r.segments_redundant)
			printf(_(", removed %zu already packed"), r.segments_redundant);
		printf(P_("; this device's folder holds %zu file (was %zu)\n",
			  "; this device's folder holds %zu files (was %zu)\n", r.files_after),
		       r.files_after, r.files_before);
	} else if (ui->pack) {
		printf(P_("events: nothing to pack; this device's folder holds %zu file\n",
			  "events: nothing to pack; this device's folder holds %zu files\n", r.files_after),
		       r.files_after);
	}
	return CS_EXIT_OK;
}

/* ---- sync --status ------------------------------------------------------------- */

/* "11-22 14:02" in local time, from UTC seconds. */
static void short_time(int64_t ts, char out[16])
{
	time_t t = (time_t)ts;
	struct tm tm;
	if (ts <= 0 || !localtime_r(&t, &tm) || !strftime(out, 16, "%m-%d %H:%M", &tm))
		str_copy(out, 16, _("never"));
}

/* "about 3 hours": a clock offset for people. */
static void human_duration(int64_t ms, char *out, size_t size)
{
	static const int64_t units[] = { 86400000LL, 3600000LL, 60000LL, 1000LL };
	if (ms < 0)
		ms = -ms;
	/* The largest unit it nearly reaches: 23 h 58 min is "about 1 day". */
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		if (ms >= units[i] - units[i] / 20 || i + 1 == ARRAY_SIZE(units)) {
			long long n = (ms + units[i] / 2) / units[i];
			if (i == 0)
				str_format(out, size, P_("about %lld day", "about %lld days", n), n);
			else if (i == 1)
				str_format(out, size, P_("about %lld hour", "about %lld hours", n), n);
			else if (i == 2)
				str_format(out, size, P_("about %lld minute", "about %lld minutes", n), n);
			else
				str_format(out, size, P_("about %lld second", "about %lld seconds", n), n);
			return;
		}
	}
}

static void print_segment_files(struct store *st, const char *status, const char *title)
{
	sqlite3_stmt *stmt;
	bool any = false;
	if (store_prepare(st, "SELECT path, coalesce(reason, '') FROM segment WHERE status = ? "
			  "ORDER BY device, path", &stmt))
		return;
	store_bind_text(stmt, 1, status);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		char *path = text_sanitize((const char *)sqlite3_column_text(stmt, 0), false);
		char shown[1024];
		eventsync_reason_text((const char *)sqlite3_column_text(stmt, 1), shown, sizeof(shown));
		char *why = text_sanitize(shown, false);
		if (!any)
			printf("%s\n", title);
		any = true;
		printf("  %s%s%s\n", path, *why ? ": " : "", why);
		free(why);
		free(path);
	}
	sqlite3_finalize(stmt);
}

/* The computed health's weekly snapshots and blind spots (healthcalc.h). */
static int sync_health(struct app *app, bool feeds_changed, struct sync_ui *ui)
{
	struct healthcalc_stats hs = { .progress = app_progress_accounts, .progress_ctx = &ui->progress };
	long long hidden = 0, quiet = 0;
	char a[NUM_GROUPED_SIZE], b[NUM_GROUPED_SIZE];
	bool ran;

	app_progress_clear(&ui->progress);
	app_progress_start(&ui->progress);   /* the pass's own second before a line shows */
	if (healthcalc_sync(&app->store, &app->cfg, day_today(), feeds_changed, &ran, &hs) != 0 ||
	    (ran && healthcalc_flags(&app->store, NULL, &hidden, &quiet) != 0)) {
		char *msg = text_sanitize(error_message(), false);
		fprintf(stderr, _("csconsole sync: health: %s\n"), msg);
		free(msg);
		return CS_EXIT_STORE;
	}
	if (!ran)
		return CS_EXIT_OK;
	/* counted noun phrases, each whole, then one sentence around them */
	char accts[64], snaps[64], risks[64];
	str_format(accts, sizeof(accts), P_("%s account", "%s accounts", hs.accounts), num_grouped(hs.accounts, a));
	str_format(snaps, sizeof(snaps), P_("%s weekly snapshot", "%s weekly snapshots", hs.snapshots),
		   num_grouped(hs.snapshots, b));
	str_format(risks, sizeof(risks), P_("%lld hidden risk", "%lld hidden risks", (uint64_t)hidden), hidden);
	printf(_("health: %s computed, %s written; blind spots: %s, %lld quiet but loyal\n"),
	       accts, snaps, risks, quiet);
	return CS_EXIT_OK;
}

/* Playbook rules, after the health they read (playbook.h). */
static int sync_playbook(struct app *app)
{
	struct playbook_report rep;
	int rc = CS_EXIT_OK;

	if (playbook_run(&app->store, &app->cfg, day_today(), &rep) != 0) {
		char *msg = text_sanitize(error_message(), false);
		fprintf(stderr, _("csconsole sync: playbook: %s (no touchpoint was made; the rest of the "
			"sync stands)\n"), msg);
		free(msg);
		rc = CS_EXIT_STORE;
	} else {
		char *line = playbook_report_line(&rep);   /* NULL without rules */
		if (line) {
			char *clean = text_sanitize(line, false);    /* it may name feed files */
			puts(clean);
			free(clean);
		}
		free(line);
	}
	playbook_report_free(&rep);
	return rc;
}

/* "2026-11-22 16:45" in local time from UTC milliseconds, or "never". */
static void long_time(int64_t ms, char out[24])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	if (ms <= 0 || !localtime_r(&t, &tm) || !strftime(out, 24, "%Y-%m-%d %H:%M", &tm))
		str_copy(out, 24, _("never"));
}

/* Per teammate: when they last wrote, when we last imported from them, and
 * who has been silent longer than sync.silent_days. */
static void print_teammates(struct app *app)
{
	struct teammate_status *t;
	size_t n;
	int w = 0;
	int64_t now = (int64_t)clock_now_ms(), limit = app->cfg.sync_silent_days;

	if (events_teammates(&app->store, &t, &n) != 0) {
		char *msg = text_sanitize(error_message(), false);
		fprintf(stderr, "csconsole sync: %s\n", msg);
		free(msg);
		return;
	}
	if (n)
		printf(_("teammates (their newest event, and this device's last import from them):\n"));
	for (size_t i = 0; i < n; i++) {
		char *own = text_sanitize(t[i].owner, false);
		if (text_width(own) > w)
			w = text_width(own);
		free(own);
	}
	for (size_t i = 0; i < n; i++) {
		char wrote[24], got[24], owner[128];
		char *own = text_sanitize(t[i].owner, false);
		long_time(t[i].last_wrote_ms, wrote);
		long_time(t[i].last_import * 1000, got);
		text_fit(own, w, true, owner, sizeof(owner));
		printf(_("  %s  last wrote %s, imported here %s\n"), owner, wrote, got);
		free(own);
	}
	for (size_t i = 0; i < n; i++) {
		int64_t days = t[i].last_wrote_ms > 0 ? (now - t[i].last_wrote_ms) / 86400000 : 0;
		if (days <= limit)
			continue;
		char *own = text_sanitize(t[i].owner, false);
		printf(_("  %s has written nothing for %lld days (more than sync.silent_days, %lld): is "
		       "their csconsole still syncing, or are they away?\n"), own, (long long)days,
		       (long long)limit);
		free(own);
	}
	events_teammates_free(t, n);
}

/* How soon a segment behind a restored folder mtime is found (eventsync.h). */
static void print_relist_note(struct app *app)
{
	char when[16], every[48];
	int64_t at = events_relisted_at(&app->store), s = events_relist_interval();
	short_time(at, when);
	if (s % 60 == 0)
		str_format(every, sizeof(every), P_("%lld minute", "%lld minutes", s / 60), (long long)(s / 60));
	else
		str_format(every, sizeof(every), P_("%lld second", "%lld seconds", s), (long long)s);
	printf(_("every device folder is listed at least every %s (last: %s), a folder with a "
	       "gap at every sync\n"), every, when);
}

static int sync_status(struct app *app)
{
	struct device_status *d;
	size_t n;
	int rc;

	if ((rc = app_open_store(app)) != CS_EXIT_OK)
		return rc;
	if (events_status(&app->store, &d, &n) != 0) {
		char *msg = text_sanitize(error_message(), false);
		fprintf(stderr, "csconsole sync: %s\n", msg);
		free(msg);
		return CS_EXIT_STORE;
	}

	/* Own device first, then by owner and id. */
	bool own_listed = false;
	int owner_w = 0, id_w = 0;
	for (size_t i = 0; i < n; i++) {
		own_listed |= d[i].own;
		if (!d[i].owner)   /* only files seen, none readable: no owner known yet */
			d[i].owner = xstrdup("?");
		if (text_width(d[i].owner) > owner_w)
			owner_w = text_width(d[i].owner);
		if ((int)strlen(d[i].device) > id_w)
			id_w = (int)strlen(d[i].device);
	}
	if (!own_listed) {
		char *dev = NULL;
		if (device_id(&app->store, &dev) == 0) {
			char *clean = text_sanitize(dev, false), *me = text_sanitize(app->cfg.me, false);
			char owner[128];
			if (text_width(me) > owner_w)
				owner_w = text_width(me);
			text_fit(me, owner_w, true, owner, sizeof(owner));
			printf(_("%s  %-*s  nothing published yet (this device)\n"), owner, id_w, clean);
			free(me);
			free(clean);
		}
		free(dev);
	}
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			const struct device_status *s = &d[i];
			if (s->own != (pass == 0))
				continue;
			char when[16], owner[128], skew[48];
			char *dev = text_sanitize(s->device, false);
			char *own = text_sanitize(s->owner, false);
			text_fit(own, owner_w, true, owner, sizeof(owner));
			short_time(s->last_import > 0 ? s->last_import : s->last_wall / 1000, when);
			printf("%s  %-*s  ", owner, id_w, dev);
			if (s->contiguous > 0)
				printf(_("synced through seq %lld (%s)"), (long long)s->contiguous, when);
			else
				printf(_("nothing complete yet"));
			if (s->own)
				printf(_("  (this device)"));
			printf("\n");
			if (s->waiting_for > 0)
				printf(_("  waiting for segment with seq %lld of device %s (%s); seqs up to %lld seen\n"),
				       (long long)s->waiting_for, dev, own, (long long)s->max_seq);
			if (s->pending)
				printf(P_("  %zu file not complete yet\n", "  %zu files not complete yet\n", s->pending),
				       s->pending);
			if (s->quarantined)
				printf(P_("  %zu file quarantined\n", "  %zu files quarantined\n", s->quarantined),
				       s->quarantined);
			if (s->skew_ms >= SKEW_WARN_MS || s->skew_ms <= -SKEW_WARN_MS) {
				human_duration(s->skew_ms, skew, sizeof(skew));
				printf(s->skew_ms > 0
				       ? _("  warning: the clock of device %s (%s) is %s ahead of the team's; its "
					   "edits win over concurrent ones until it is set right\n")
				       : _("  warning: the clock of device %s (%s) is %s behind the team's; its "
					   "edits lose to concurrent ones until it is set right\n"), dev, own, skew);
			}
			free(own);
			free(dev);
		}
	}
	if (n == 0)
		printf(_("no team events seen yet: run 'csconsole sync'\n"));
	print_teammates(app);
	print_relist_note(app);
	print_segment_files(&app->store, "pending", _("not complete yet (retried at every sync):"));
	print_segment_files(&app->store, "quarantined", _("quarantined (refused; the files are left alone):"));
	int64_t waiting = outbox_count(&app->store);
	if (waiting > 0)
		printf(P_("outbox: %lld event waits to be published by the next sync\n",
			  "outbox: %lld events wait to be published by the next sync\n", (uint64_t)waiting),
		       (long long)waiting);
	else if (waiting == 0)
		printf(_("outbox: empty\n"));
	events_status_free(d, n);
	return CS_EXIT_OK;
}

/* ---- sync --status --format json ------------------------------------------------ */

/* UTC seconds as ISO 8601, null when never (0 or less). */
static json_object *json_ts(int64_t ts)
{
	char iso[21];
	if (ts <= 0)
		return NULL;
	ts_format_iso(ts, iso);
	return json_object_new_string(iso);
}

static json_object *json_segment_files(struct store *st, const char *status)
{
	json_object *arr = json_object_new_array();
	sqlite3_stmt *stmt;
	if (store_prepare(st, "SELECT path, reason FROM segment WHERE status = ? ORDER BY device, path", &stmt))
		return arr;
	store_bind_text(stmt, 1, status);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		json_object *f = json_object_new_object();
		const char *why = (const char *)sqlite3_column_text(stmt, 1);
		json_object_object_add(f, "path", json_object_new_string((const char *)sqlite3_column_text(stmt, 0)));
		json_object_object_add(f, "reason", why && *why ? json_object_new_string(why) : NULL);
		json_object_array_add(arr, f);
	}
	sqlite3_finalize(stmt);
	return arr;
}

/* What sync_status prints, as data for scripts. */
static int sync_status_json(struct app *app)
{
	struct device_status *d = NULL;
	struct teammate_status *t = NULL;
	size_t n = 0, nt = 0;
	char *dev = NULL;
	int rc;

	if ((rc = app_open_store(app)) != CS_EXIT_OK)
		return rc;
	if (events_status(&app->store, &d, &n) != 0 || events_teammates(&app->store, &t, &nt) != 0) {
		if (d)          /* the devices were read, the teammates not */
			events_status_free(d, n);
		char *msg = text_sanitize(error_message(), false);
		fprintf(stderr, "csconsole sync: %s\n", msg);
		free(msg);
		return CS_EXIT_STORE;
	}
	json_object *o = json_object_new_object(), *devs = json_object_new_array();
	json_object *mates = json_object_new_array();
	json_object_object_add(o, "device", device_id(&app->store, &dev) == 0 && dev ?
			       json_object_new_string(dev) : NULL);
	free(dev);
	for (size_t i = 0; i < n; i++) {
		const struct device_status *s = &d[i];
		json_object *j = json_object_new_object();
		json_object_object_add(j, "device", json_object_new_string(s->device));
		json_object_object_add(j, "owner", s->owner ? json_object_new_string(s->owner) : NULL);
		json_object_object_add(j, "own", json_object_new_boolean(s->own));
		json_object_object_add(j, "synced_through", s->contiguous > 0 ?
				       json_object_new_int64(s->contiguous) : NULL);
		json_object_object_add(j, "max_seq", json_object_new_int64(s->max_seq));
		json_object_object_add(j, "waiting_for", s->waiting_for > 0 ?
				       json_object_new_int64(s->waiting_for) : NULL);
		json_object_object_add(j, "last_import", json_ts(s->last_import));
		json_object_object_add(j, "skew_ms", json_object_new_int64(s->skew_ms));
		json_object_object_add(j, "clock_off", json_object_new_boolean(
			s->skew_ms >= SKEW_WARN_MS || s->skew_ms <= -SKEW_WARN_MS));
		json_object_object_add(j, "pending", json_object_new_int64((int64_t)s->pending));
		json_object_object_add(j, "quarantined", json_object_new_int64((int64_t)s->quarantined));
		json_object_array_add(devs, j);
	}
	json_object_object_add(o, "devices", devs);
	int64_t now = (int64_t)clock_now_ms(), limit = app->cfg.sync_silent_days;
	for (size_t i = 0; i < nt; i++) {
		json_object *j = json_object_new_object();
		int64_t days = t[i].last_wrote_ms > 0 ? (now - t[i].last_wrote_ms) / 86400000 : 0;
		json_object_object_add(j, "owner", json_object_new_string(t[i].owner));
		json_object_object_add(j, "last_wrote", json_ts(t[i].last_wrote_ms / 1000));
		json_object_object_add(j, "last_import", json_ts(t[i].last_import));
		json_object_object_add(j, "silent_days", t[i].last_wrote_ms > 0 ? json_object_new_int64(days) : NULL);
		json_object_object_add(j, "silent", json_object_new_boolean(days > limit));
		json_object_array_add(mates, j);
	}
	json_object_object_add(o, "teammates", mates);
	json_object_object_add(o, "relisted_at", json_ts(events_relisted_at(&app->store)));
	json_object_object_add(o, "relist_every_seconds", json_object_new_int64(events_relist_interval()));
	json_object_object_add(o, "pending", json_segment_files(&app->store, "pending"));
	json_object_object_add(o, "quarantined", json_segment_files(&app->store, "quarantined"));
	json_object_object_add(o, "outbox", json_object_new_int64(outbox_count(&app->store)));
	/* json-c escapes control characters: teammates' text prints safely. */
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	events_teammates_free(t, nt);
	events_status_free(d, n);
	return CS_EXIT_OK;
}

/* feeds.settle_seconds, unless $CSCONSOLE_SETTLE_SECONDS (0-600) overrides
 * it: for scripts (and tests) that put complete files in place just before
 * they sync. */
int sync_settle_seconds(const struct app *app)
{
	const char *env = getenv("CSCONSOLE_SETTLE_SECONDS");
	char *end;
	long v;
	if (!env || !*env)
		return app->cfg.feeds_settle_seconds;
	v = strtol(env, &end, 10);
	if (*end || v < 0 || v > 600) {
		char *clean = text_sanitize(env, false);
		fprintf(stderr, _("csconsole sync: CSCONSOLE_SETTLE_SECONDS=\"%s\" is not a number of "
			"seconds from 0 to 600: feeds.settle_seconds (%d) is used\n"), clean,
			app->cfg.feeds_settle_seconds);
		free(clean);
		return app->cfg.feeds_settle_seconds;
	}
	return (int)v;
}

/* --accept FILE: a held-back feed to apply now, as "feeds/..." whichever
 * way it was named (feeds/accounts.yaml, accounts.yaml, a path in the
 * shared directory). */
static void accept_arg(struct strlist *accept, const char *arg)
{
	const char *p = strstr(arg, "feeds/");
	char *rel = p ? xstrdup(p) : xasprintf("feeds/%s", arg);
	strlist_add(accept, rel);
	free(rel);
}

static int max_rc(int a, int b)
{
	return a > b ? a : b;
}

/* The sync proper, under the database's sync lock: feeds, events in, the
 * health pass, the playbook (which may write touchpoints), events out. */
static int sync_locked(struct app *app, const struct feed_options *fopt, struct sync_ui *ui)
{
	struct feed_hooks hooks = { on_progress, on_file_done, ui };
	struct feed_summary sum;
	struct events_result in = {0};
	bool in_ok;
	char *shared = path_expand_home(app->cfg.shared_dir);
	int rc;

	if (feed_sync_opts(&app->store, shared, fopt, &hooks, ui->diags, &sum) != 0) {
		char *msg = text_sanitize(error_message(), false);
		int64_t waiting = outbox_count(&app->store);
		fprintf(stderr, _("csconsole sync: %s.\nOffline, or not mounted? Nothing was synced, and "
			"the local console still works: sync again once the shared directory is "
			"there, or fix shared_dir in %s.\n"), msg,
			app->cfg.file ? app->cfg.file : "the configuration");
		if (waiting > 0)
			printf(P_("events: shared directory not there: %lld event waits in the outbox and will be "
				  "published by the next sync that can write\n",
				  "events: shared directory not there: %lld events wait in the outbox and will be "
				  "published by the next sync that can write\n", (uint64_t)waiting),
			       (long long)waiting);
		free(msg);
		free(shared);
		return CS_EXIT_IO;
	}
	print_new_diags(ui);
	if (sum.files == 0) {
		char *clean = text_sanitize(shared, false);
		printf(_("sync: no feeds in %s/feeds\n"), clean);
		free(clean);
	} else {
		print_summary(&sum, ui->diags);
	}

	char now[21];
	ts_format_iso(ts_now(), now);
	rc = sum.failed || sum.rows_rejected || sum.held || sum.conflicts || ui->diags->errors ?
		CS_EXIT_PARTIAL : CS_EXIT_OK;
	rc = max_rc(rc, sync_events_in(app, shared, ui, &in, &in_ok));
	rc = max_rc(rc, sync_health(app, sum.imported > 0, ui));
	rc = max_rc(rc, sync_playbook(app));
	if (in_ok)
		rc = max_rc(rc, sync_events_out(app, shared, ui, &in));
	if (in_ok)
		rc = max_rc(rc, sync_pack(app, shared, ui));
	if (store_meta_set(&app->store, "last_sync", now) != 0) {
		char *msg = text_sanitize(error_message(), false);
		fprintf(stderr, _("csconsole sync: cannot record the sync time: %s\n"), msg);
		free(msg);
		rc = CS_EXIT_STORE;
	}
	free(shared);
	return rc;
}

int cmd_sync(struct app *app, int argc, char **argv)
{
	static const struct option options[] = {
		{"quiet", no_argument, NULL, 'q'},
		{"dry-run", no_argument, NULL, 'n'},
		{"status", no_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"accept", required_argument, NULL, 'a'},
		{"pack", no_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	bool status = false, dry_run = false, json = false, format_given = false;
	struct diag_list diags = {0};
	struct sync_ui ui = { .diags = &diags };
	struct strlist accept = {0};
	int opt, rc;

	app_progress_start(&ui.progress);
	while ((opt = getopt_long(argc, argv, "qnspa:f:h", options, NULL)) != -1) {
		switch (opt) {
		case 'q': ui.quiet = true; break;
		case 'n': dry_run = true; break;
		case 's': status = true; break;
		case 'f':
			if (app_format_json("sync", optarg, &json) < 0) {
				strlist_clear(&accept);
				return CS_EXIT_USAGE;
			}
			format_given = true;
			break;
		case 'a': accept_arg(&accept, optarg); break;
		case 'p': ui.pack = true; break;
		case 'h': app_usage(stdout, sync_usage, false); return CS_EXIT_OK;
		default:
			fprintf(stderr, _("Try 'csconsole sync --help'.\n"));
			strlist_clear(&accept);
			return CS_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("csconsole sync: unexpected argument \"%s\"\n"), argv[optind]);
		strlist_clear(&accept);
		return CS_EXIT_USAGE;
	}
	if (format_given && !status) {
		fprintf(stderr, _("csconsole sync: --format goes with --status (a sync prints its "
			"report as text)\n"));
		strlist_clear(&accept);
		return CS_EXIT_USAGE;
	}
	if (status) {
		strlist_clear(&accept);
		return json ? sync_status_json(app) : sync_status(app);
	}
	if (str_empty(app->cfg.shared_dir)) {
		fprintf(stderr, _("csconsole sync: no shared directory is configured, so there is "
			"nothing to sync. Set it in %s, e.g.\n"
			"  shared_dir: ~/Dropbox/cs-team\n"
			"(the folder your team shares: a network share, a synced folder or a git "
			"checkout). The console works without it.\n"),
			app->cfg.file ? app->cfg.file : "csconsole.yaml (see 'csconsole doctor' for where it is read)");
		strlist_clear(&accept);
		return CS_EXIT_CONFIG;
	}
	struct feed_options fopt = { .settle_seconds = sync_settle_seconds(app),
				     .hold_percent = app->cfg.feeds_hold_percent,
				     .hold_factor = app->cfg.feeds_hold_factor, .accept = &accept,
				     .mapping = app->cfg.feed_map, .encoding = app->cfg.feeds_encoding,
				     .number_format = app->cfg.feeds_number_format,
				     .date_order = app->cfg.feeds_date_order,
				     .currency = app->cfg.feeds_currency };
	if (dry_run) {   /* the feeds on a copy of the database; no events (cmd_import.c) */
		rc = import_preview(app, &fopt, NULL, 0, NULL);
		printf(_("events: not exchanged (dry run)\n"));
		strlist_clear(&accept);
		return rc;
	}
	if ((rc = app_open_store(app)) != CS_EXIT_OK) {
		strlist_clear(&accept);
		return rc;
	}
	struct sync_lock lock;
	if ((rc = app_sync_lock(app, "sync", &lock)) != CS_EXIT_OK) {
		strlist_clear(&accept);
		return rc;
	}
	fopt.summaries_later = true;   /* one refresh, by the health pass (healthcalc.h) */
	rc = sync_locked(app, &fopt, &ui);
	sync_lock_release(&lock);
	strlist_clear(&accept);
	diag_clear(&diags);
	return rc;
}
