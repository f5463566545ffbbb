/* cmd_export.c - `csconsole export activities`: notes, touchpoints done and
 * risks as the CRM's import files (export.h), each entity once per target.
 *
 * Files are written whole before anything is marked: into a temporary name
 * beside the file, flushed and synced, then linked into place (never over an
 * existing file, unless --force), so a crash leaves the entities unmarked
 * (exported again next time) rather than marked and lost.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "csconsole/app.h"
#include "csconsole/csvout.h"
#include "csconsole/date.h"
#include "csconsole/exitcode.h"
#include "csconsole/i18n.h"
#include "csconsole/export.h"
#include "csconsole/text.h"

static const char *const export_usage = N_(
	"usage: csconsole export activities --format salesforce|hubspot|csv [--since DAY]\n"
	"                 [--out DIR | -o FILE] [--risks FILE] [--all] [--team] [--dry-run]\n"
	"                 [--force] [--raw]\n"
	"\n"
	"Writes my notes and touchpoints done as the CRM's activity import file, and my\n"
	"risks as a file of their own, each row with csconsole's id (the ULID). Each\n"
	"note, touchpoint and risk is exported once per format: the next export has\n"
	"only what is new (the mark is kept in the local database, never synced).\n"
	"\n"
	"  --format F   salesforce: Task import fields for Data Loader or the Data Import\n"
	"               Wizard (Subject, Description, ActivityDate, Status, Priority,\n"
	"               Type, WhatId = the account's CRM id, csconsole_Id__c); hubspot:\n"
	"               the notes import (Activity date, Note body, Company Record ID,\n"
	"               csconsole ID); csv: csconsole's own columns\n"
	"  --since DAY  only what happened on DAY or later (a note's day, the day a\n"
	"               touchpoint was done, the day a risk was opened)\n"
	"  --out DIR    write DIR/activities.csv and DIR/risks.csv (default: the current\n"
	"               directory); a file is only written when it has rows\n"
	"  -o FILE      write only the activities, to FILE ('-': the standard output)\n"
	"  --risks FILE write only the risks, to FILE ('-': the standard output); with\n"
	"               -o, both\n"
	"  --all        everything again, what was exported before included\n"
	"  --team       what the whole team wrote, not only mine\n"
	"  --dry-run    print what would be written; write and mark nothing\n"
	"  --force      replace files that exist (otherwise refused: an earlier export\n"
	"               may not be imported yet)\n"
	"  --raw        cells as they are (no ' before a cell that a spreadsheet would\n"
	"               read as a formula)\n");

static int usage_error(const char *fmt, ...) PRINTF_LIKE(1, 2);
static int usage_error(const char *fmt, ...)
{
	va_list ap;
	fputs(_("csconsole export: "), stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CS_EXIT_USAGE;
}

/* One file of the export: where, and which rows. */
struct out_file {
	const char *what;          /* "activities", "risks" */
	char *path;                /* NULL: not written; "-": the standard output */
	bool risks;
	const struct export_row *rows;
	size_t n;
};

/* The file's CSV on fp (UTF-8, RFC 4180, formulas guarded unless raw).
 * 0, or -1 + error() when the output failed. */
static int write_csv(FILE *fp, enum export_target t, const struct out_file *f, bool raw)
{
	struct csvout w;
	struct csvout_opts o = { .raw = raw, .excel = false, .encoding = CSVOUT_UTF8 };
	size_t n;
	const char *const *head = export_columns(t, f->risks, &n);

	if (csvout_open(&w, fp, &o))
		return -1;
	for (size_t i = 0; i < n; i++)
		csvout_cell(&w, head[i]);
	csvout_end_row(&w);
	for (size_t r = 0; r < f->n; r++) {
		char **cells = export_cells(t, &f->rows[r]);
		for (size_t i = 0; i < n; i++)
			csvout_cell(&w, cells[i]);
		csvout_end_row(&w);
		export_cells_free(cells, n);
	}
	return csvout_close(&w);
}

/* Writes the file whole under a temporary name, then links it into place
 * (rename with force). 0, or an exit status after a message. */
static int write_file(enum export_target t, const struct out_file *f, bool raw, bool force)
{
	char *tmp = xasprintf("%s.%ld.tmp", f->path, (long)getpid());
	int rc = CS_EXIT_OK;
	FILE *fp = fopen(tmp, "wx");

	if (!fp) {
		fprintf(stderr, _("csconsole export: cannot write %s (through %s): %s; check that the "
			"directory exists and is writable\n"), f->path, tmp, strerror(errno));
		free(tmp);
		return CS_EXIT_IO;
	}
	if (write_csv(fp, t, f, raw)) {
		fprintf(stderr, _("csconsole export: cannot write %s: %s\n"), tmp, error_message());
		rc = CS_EXIT_IO;
	} else if (fflush(fp) || ferror(fp) || fsync(fileno(fp))) {
		fprintf(stderr, _("csconsole export: cannot write %s: %s\n"), tmp, strerror(errno));
		rc = CS_EXIT_IO;
	}
	if (fclose(fp) && rc == CS_EXIT_OK) {
		fprintf(stderr, _("csconsole export: cannot write %s: %s\n"), tmp, strerror(errno));
		rc = CS_EXIT_IO;
	}
	if (rc == CS_EXIT_OK) {
		if (force ? rename(tmp, f->path) : link(tmp, f->path)) {
			if (errno == EEXIST)
				fprintf(stderr, _("csconsole export: %s exists (an earlier export not imported yet?): "
					"import it and move it away, give another --out, or --force to replace it\n"),
					f->path);
			else
				fprintf(stderr, _("csconsole export: cannot write %s: %s\n"), f->path, strerror(errno));
			rc = CS_EXIT_IO;
		}
	}
	if (!force || rc != CS_EXIT_OK)
		unlink(tmp);
	free(tmp);
	return rc;
}

int cmd_export(struct app *app, int argc, char **argv)
{
	enum { O_SINCE = 256, O_OUT, O_RISKS, O_ALL, O_TEAM, O_DRY_RUN, O_FORCE, O_RAW };
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{"since", required_argument, NULL, O_SINCE},
		{"out", required_argument, NULL, O_OUT},
		{"output", required_argument, NULL, 'o'},
		{"risks", required_argument, NULL, O_RISKS},
		{"all", no_argument, NULL, O_ALL},
		{"team", no_argument, NULL, O_TEAM},
		{"dry-run", no_argument, NULL, O_DRY_RUN},
		{"force", no_argument, NULL, O_FORCE},
		{"raw", no_argument, NULL, O_RAW},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct export_query q = { .target = EXPORT_TARGET_COUNT, .since = DAY_NONE };
	const char *since = NULL, *dir = NULL, *act_file = NULL, *risk_file = NULL;
	bool team = false, dry_run = false, force = false, raw = false;
	int opt, rc;
	char why[256];

	while ((opt = getopt_long(argc, argv, "f:o:h", options, NULL)) != -1) {
		switch (opt) {
		case 'f':
			if (!export_target_parse(optarg, &q.target))
				return usage_error(_("--format \"%s\": use salesforce, hubspot or csv"), optarg);
			break;
		case O_SINCE: since = optarg; break;
		case O_OUT: dir = optarg; break;
		case 'o': act_file = optarg; break;
		case O_RISKS: risk_file = optarg; break;
		case O_ALL: q.again = true; break;
		case O_TEAM: team = true; break;
		case O_DRY_RUN: dry_run = true; break;
		case O_FORCE: force = true; break;
		case O_RAW: raw = true; break;
		case 'h':
			app_usage(stdout, export_usage, false);
			return CS_EXIT_OK;
		default:
			app_usage(stderr, export_usage, false);
			return CS_EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(_("what to export? 'csconsole export activities --format salesforce' "
				   "(see --help)"));
	if (!str_eq(argv[optind], "activities"))
		return usage_error(_("\"%s\": the one export is 'activities'"), argv[optind]);
	if (optind + 1 < argc)
		return usage_error(_("unexpected argument \"%s\""), argv[optind + 1]);
	if (q.target == EXPORT_TARGET_COUNT)
		return usage_error(_("which CRM? give --format salesforce, hubspot or csv"));
	if (dir && (act_file || risk_file))
		return usage_error(_("give --out DIR, or -o FILE and/or --risks FILE, not both"));
	if (act_file && risk_file && str_eq(act_file, risk_file))
		return usage_error(_("-o and --risks name the same file \"%s\""), act_file);
	if (since && !day_parse_human(since, app->today, &q.since, why, sizeof(why)))
		return usage_error(_("--since \"%s\": %s"), since, why);
	if ((rc = app_open_store(app)) != CS_EXIT_OK)
		return rc;
	if (!team && str_empty(app->cfg.me))
		return usage_error(_("no CSM handle is set: set `me` in the configuration, or give --team"));
	q.author = team ? NULL : app->cfg.me;

	struct export_set set;
	if (export_collect(&app->store, &q, &set)) {
		fprintf(stderr, "csconsole export: %s\n", error_message());
		return CS_EXIT_STORE;
	}
	struct out_file files[2] = {
		{ "activities", NULL, false, set.activities, set.n_activities },
		{ "risks", NULL, true, set.risks, set.n_risks },
	};
	if (act_file || risk_file) {
		files[0].path = act_file ? xstrdup(act_file) : NULL;
		files[1].path = risk_file ? xstrdup(risk_file) : NULL;
	} else {
		const char *d = dir ? dir : ".";
		files[0].path = xasprintf("%s/activities.csv", d);
		files[1].path = xasprintf("%s/risks.csv", d);
	}

	rc = CS_EXIT_OK;
	const char *target = export_target_name(q.target);
	size_t written = 0;
	for (size_t i = 0; i < ARRAY_SIZE(files) && rc == CS_EXIT_OK; i++) {
		struct out_file *f = &files[i];
		if (!f->path)
			continue;
		bool out = str_eq(f->path, "-");
		if (dry_run) {
			if (out)
				printf(P_("standard output (%s, %zu row):\n", "standard output (%s, %zu rows):\n",
					  f->n), target, f->n);
			else
				printf(P_("%s (%s, %zu row):\n", "%s (%s, %zu rows):\n", f->n), f->path, target, f->n);
			if (write_csv(stdout, q.target, f, raw)) {
				fprintf(stderr, "csconsole export: %s\n", error_message());
				rc = CS_EXIT_IO;
			}
			continue;
		}
		if (out) {
			if (write_csv(stdout, q.target, f, raw) || fflush(stdout) || ferror(stdout)) {
				fprintf(stderr, _("csconsole export: cannot write to the standard output; "
					"nothing is marked\n"));
				rc = CS_EXIT_IO;
			}
		} else if (f->n) {
			rc = write_file(q.target, f, raw, force);
		}
		if (rc == CS_EXIT_OK && (out || f->n)) {
			/* each file marked once it is whole: a later failure keeps it */
			if (export_mark(&app->store, q.target, f->rows, f->n, ts_now())) {
				if (out)
					fprintf(stderr, _("csconsole export: %s; the output is written, but its rows "
							  "will be exported again\n"), error_message());
				else
					fprintf(stderr, _("csconsole export: %s; the file %s is written, but its rows "
							  "will be exported again\n"), error_message(), f->path);
				rc = CS_EXIT_STORE;
			}
			written += f->n;
		}
	}

	/* What happened, on stderr when the rows went to the standard output. */
	FILE *msg = (files[0].path && str_eq(files[0].path, "-")) ||
		    (files[1].path && str_eq(files[1].path, "-")) ? stderr : stdout;
	if (rc == CS_EXIT_OK) {
		if (dry_run) {
			fputs(_("dry run: nothing written, nothing marked\n"), msg);
		} else if (!written) {
			fprintf(msg, q.again ? _("nothing new to export for %s (--all exports everything again)\n")
				: _("nothing new to export for %s since the last export (--all exports everything "
				    "again)\n"), target);
		} else {
			for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
				if (!files[i].path || !files[i].n)
					continue;
				bool out = str_eq(files[i].path, "-");
				if (files[i].risks && out)
					fprintf(msg, P_("%s: %zu risk to the standard output\n",
							"%s: %zu risks to the standard output\n", files[i].n),
						target, files[i].n);
				else if (files[i].risks)
					fprintf(msg, P_("%s: %zu risk to %s\n", "%s: %zu risks to %s\n", files[i].n),
						target, files[i].n, files[i].path);
				else if (out)
					fprintf(msg, P_("%s: %zu activity to the standard output\n",
							"%s: %zu activities to the standard output\n", files[i].n),
						target, files[i].n);
				else
					fprintf(msg, P_("%s: %zu activity to %s\n", "%s: %zu activities to %s\n",
							files[i].n), target, files[i].n, files[i].path);
			}
			fprintf(msg, _("marked as exported: the next export for %s has only what is new\n"), target);
		}
	}
	free(files[0].path);
	free(files[1].path);
	export_set_free(&set);
	return rc;
}
