/* cmd_sync.c - `csconsole sync`: import the shared directory's feeds.
 *
 * Diagnostics go to stderr as they come (file:line: message), one line per
 * file and the summary to stdout. On a terminal a progress line on stderr
 * shows a long import ("importing feeds/metrics/2026-10.csv: 1,234,567 rows"),
 * refreshed at most four times a second and erased before anything else is
 * printed.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "csconsole/app.h"
#include "csconsole/date.h"
#include "csconsole/exitcode.h"
#include "csconsole/feed.h"
#include "csconsole/text.h"

static const char sync_usage[] =
	"usage: csconsole sync [--quiet]\n"
	"\n"
	"Imports the feeds of the shared directory (`shared_dir` in the configuration):\n"
	"feeds/team.yaml, feeds/accounts.yaml and/or feeds/accounts.csv, then\n"
	"feeds/metrics/*.csv and *.yaml. A file already imported with the same content\n"
	"is unchanged and costs nothing; a file with errors is reported as FILE:LINE:\n"
	"message, its good rows still import (a file that cannot be read at all keeps\n"
	"its previous import). Exit status 1 when anything was rejected or failed.\n"
	"\n"
	"  -q, --quiet   print only problems and the summary, not a line per file\n";

#define PROGRESS_AFTER 1.0      /* seconds into a file before showing progress */
#define PROGRESS_EVERY 0.25     /* seconds between two refreshes */

struct sync_ui {
	struct diag_list *diags;
	size_t printed;             /* diags already printed */
	bool quiet;
	bool tty;                   /* stderr is a terminal: show progress */
	bool progress_shown;
	double last_progress;
};

static double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 1234567 -> "1,234,567" */
static const char *count(uint64_t n, char buf[32])
{
	char digits[24];
	size_t len, j = 0;
	str_format(digits, sizeof(digits), "%llu", (unsigned long long)n);
	len = strlen(digits);
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			buf[j++] = ',';
		buf[j++] = digits[i];
	}
	buf[j] = '\0';
	return buf;
}

static void erase_progress(struct sync_ui *ui)
{
	if (ui->progress_shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		ui->progress_shown = false;
	}
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
	double now;
	char n[32];
	if (!ui->tty || seconds < PROGRESS_AFTER)
		return;
	now = mono_now();
	if (ui->progress_shown && now - ui->last_progress < PROGRESS_EVERY)
		return;
	if (ui->printed < ui->diags->len)
		print_new_diags(ui);
	char *clean = text_sanitize(path, false);
	fprintf(stderr, "\r\033[Kimporting %s: %s rows", clean, count(rows, n));
	fflush(stderr);
	free(clean);
	ui->progress_shown = true;
	ui->last_progress = now;
}

static void on_file_done(void *ctx, const struct feed_result *r)
{
	struct sync_ui *ui = ctx;
	char a[32], b[32];
	print_new_diags(ui);
	if (ui->quiet)
		return;
	char *path = text_sanitize(r->path, false);
	printf("%s: %s", path, feed_status_name(r->status));
	switch (r->status) {
	case FEED_IMPORTED:
		printf(", %s row%s", count(r->rows_ok, a), r->rows_ok == 1 ? "" : "s");
		if (r->rows_rejected)
			printf(", %s rejected", count(r->rows_rejected, b));
		if (r->seconds >= 1)
			printf(" in %.1fs", r->seconds);
		break;
	case FEED_UNCHANGED:
		if (r->same_as) {
			char *other = text_sanitize(r->same_as, false);
			printf(" (same content as %s)", other);
			free(other);
		} else if (r->rows_rejected) {
			printf(" (%s rows rejected when it was imported)", count(r->rows_rejected, b));
		}
		break;
	case FEED_STALE:
		printf(", skipped: older than the version imported");
		break;
	case FEED_FAILED:
		printf(", nothing imported from it%s", r->had_import ? "; its previous import stays" : "");
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
	sbuf_addf(&b, "sync: %zu file%s", s->files, s->files == 1 ? "" : "s");
	if (s->files) {
		const char *sep = ": ";
		static const char *const names[] = { "imported", "unchanged", "stale", "failed" };
		size_t counts[] = { s->imported, s->unchanged, s->stale, s->failed };
		for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
			if (!counts[i])
				continue;
			sbuf_addf(&b, "%s%zu %s", sep, counts[i], names[i]);
			sep = ", ";
		}
	}
	sbuf_addf(&b, "; %s row%s imported", count(s->rows_ok, n), s->rows_ok == 1 ? "" : "s");
	if (s->rows_rejected)
		sbuf_addf(&b, ", %s rejected", count(s->rows_rejected, r));
	if (diags->errors)
		sbuf_addf(&b, "; %zu error%s", diags->errors, diags->errors == 1 ? "" : "s");
	if (diags->warnings)
		sbuf_addf(&b, "; %zu warning%s", diags->warnings, diags->warnings == 1 ? "" : "s");
	printf("%s\n", sbuf_str(&b));
	sbuf_free(&b);
}

int cmd_sync(struct app *app, int argc, char **argv)
{
	static const struct option options[] = {
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct diag_list diags = {0};
	struct sync_ui ui = { .diags = &diags, .tty = isatty(STDERR_FILENO) };
	struct feed_hooks hooks = { on_progress, on_file_done, &ui };
	struct feed_summary sum;
	char *shared;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "qh", options, NULL)) != -1) {
		switch (opt) {
		case 'q': ui.quiet = true; break;
		case 'h': fputs(sync_usage, stdout); return CS_EXIT_OK;
		default:
			fprintf(stderr, "Try 'csconsole sync --help'.\n");
			return CS_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "csconsole sync: unexpected argument \"%s\"\n", argv[optind]);
		return CS_EXIT_USAGE;
	}
	if (str_empty(app->cfg.shared_dir)) {
		fprintf(stderr, "csconsole sync: no shared directory is configured, so there is "
			"nothing to sync. Set it in %s, e.g.\n"
			"  shared_dir: ~/Dropbox/cs-team\n"
			"(the folder your team shares: a network share, a synced folder or a git "
			"checkout). The console works without it.\n",
			app->cfg.file ? app->cfg.file : "csconsole.yaml (see 'csconsole doctor' for where it is read)");
		return CS_EXIT_CONFIG;
	}
	if ((rc = app_open_store(app)) != CS_EXIT_OK)
		return rc;

	shared = path_expand_home(app->cfg.shared_dir);
	if (feed_sync(&app->store, shared, &hooks, &diags, &sum) != 0) {
		char *msg = text_sanitize(error_message(), false);
		fprintf(stderr, "csconsole sync: %s.\nOffline, or not mounted? Nothing was synced, and "
			"the local console still works: sync again once the shared directory is "
			"there, or fix shared_dir in %s.\n", msg,
			app->cfg.file ? app->cfg.file : "the configuration");
		free(msg);
		free(shared);
		diag_clear(&diags);
		return CS_EXIT_IO;
	}
	print_new_diags(&ui);
	if (sum.files == 0) {
		char *clean = text_sanitize(shared, false);
		printf("sync: no feeds in %s/feeds\n", clean);
		free(clean);
	} else {
		print_summary(&sum, &diags);
	}

	char now[21];
	ts_format_iso(ts_now(), now);
	rc = sum.failed || sum.rows_rejected || diags.errors ? CS_EXIT_PARTIAL : CS_EXIT_OK;
	if (store_meta_set(&app->store, "last_sync", now) != 0) {
		char *msg = text_sanitize(error_message(), false);
		fprintf(stderr, "csconsole sync: cannot record the sync time: %s\n", msg);
		free(msg);
		rc = CS_EXIT_STORE;
	}
	free(shared);
	diag_clear(&diags);
	return rc;
}
