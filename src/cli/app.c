/* app.c - the state shared by every command (see app.h). */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "csconsole/app.h"
#include "csconsole/csvout.h"
#include "csconsole/detail.h"
#include "csconsole/exitcode.h"
#include "csconsole/healthcalc.h"
#include "csconsole/i18n.h"
#include "csconsole/synclock.h"
#include "csconsole/text.h"

int app_open_store(struct app *app)
{
	if (app->store_opened)
		return CS_EXIT_OK;
	if (store_open(&app->store, app->cfg.database, app->cfg.shared_dir)) {
		char *msg = text_sanitize(error_message(), false);
		fprintf(stderr, "csconsole: %s\n", msg);
		free(msg);
		return CS_EXIT_STORE;
	}
	app->store_opened = true;
	/* the score shown follows health.score (a summary refresh when it changed) */
	if (healthcalc_use(&app->store, &app->cfg)) {
		char *msg = text_sanitize(error_message(), false);
		fprintf(stderr, "csconsole: %s\n", msg);
		free(msg);
		return CS_EXIT_STORE;
	}
	return CS_EXIT_OK;
}

void app_close(struct app *app)
{
	if (app->store_opened)
		store_close(&app->store);
	app->store_opened = false;
	config_free(&app->cfg);
	diag_clear(&app->config_diags);
}

static const char *const format_names[APP_FORMATS] = {
	[APP_TEXT] = "text", [APP_JSON] = "json", [APP_CSV] = "csv", [APP_MARKDOWN] = "markdown",
	[APP_ICS] = "ics",
};

const char *app_format_name(enum app_format f)
{
	return f < APP_FORMATS ? format_names[f] : "?";
}

int app_format_parse(const char *cmd, const char *arg, unsigned accepted, enum app_format *out)
{
	for (int f = 0; f < APP_FORMATS; f++)
		if ((accepted & APP_FMT(f)) &&
		    (str_eq(arg, format_names[f]) || (f == APP_MARKDOWN && str_eq(arg, "md")))) {
			*out = (enum app_format)f;
			return 0;
		}
	/* "use text, json or csv": the accepted ones, in the table's order. */
	struct sbuf b = {0};
	const char *words[APP_FORMATS];
	int n = 0;
	for (int f = 0; f < APP_FORMATS; f++) {
		if (!(accepted & APP_FMT(f)))
			continue;
		words[n++] = format_names[f];
	}
	app_list_join(&b, words, (size_t)n);
	char *clean = text_sanitize(arg, false);
	fprintf(stderr, _("csconsole %s: --format \"%s\": use %s\n"), cmd, clean, sbuf_str(&b));
	free(clean);
	sbuf_free(&b);
	return -1;
}

int app_format_json(const char *cmd, const char *arg, bool *json)
{
	enum app_format f;
	if (app_format_parse(cmd, arg, APP_FMT(APP_TEXT) | APP_FMT(APP_JSON), &f) < 0)
		return -1;
	*json = f == APP_JSON;
	return 0;
}

/* ---- CSV options ------------------------------------------------------------ */

int app_csv_option(const char *cmd, int opt, const char *arg, struct csvout_opts *o)
{
	switch (opt) {
	case APP_OPT_RAW:
		o->raw = true;
		return 1;
	case APP_OPT_EXCEL:
		o->excel = true;
		return 1;
	case APP_OPT_ENCODING:
		if (!csvout_encoding_parse(arg, &o->encoding)) {
			char *clean = text_sanitize(arg, false);
			fprintf(stderr, _("csconsole %s: --encoding \"%s\": use utf-8 or cp932 (Shift_JIS, "
				"as Japanese Excel reads it)\n"), cmd, clean);
			free(clean);
			return -1;
		}
		return 1;
	case APP_OPT_HEADERS:
		if (strcmp(arg, "ids") == 0 || strcmp(arg, "localized") == 0) {
			o->localized = arg[0] == 'l';
			return 1;
		} else {
			char *clean = text_sanitize(arg, false);
			fprintf(stderr, _("csconsole %s: --headers \"%s\": use ids (the stable English "
				"column ids, default) or localized (titles in the interface language)\n"),
				cmd, clean);
			free(clean);
			return -1;
		}
	default:
		return 0;
	}
}

int app_csv_check(const char *cmd, enum app_format f, const struct csvout_opts *o)
{
	const char *opt = o->raw ? "--raw" : o->excel ? "--excel" :
		o->encoding != CSVOUT_UTF8 ? "--encoding" : o->localized ? "--headers" : NULL;
	if (!opt || f == APP_CSV)
		return 0;
	fprintf(stderr, _("csconsole %s: %s is about CSV output: use it with --format csv\n"), cmd, opt);
	return -1;
}

int app_csv_begin(const char *cmd, struct csvout *w, const struct csvout_opts *o)
{
	if (csvout_open(w, stdout, o) == 0)
		return CS_EXIT_OK;
	char *msg = text_sanitize(error_message(), false);
	fprintf(stderr, "csconsole %s: %s\n", cmd, msg);
	free(msg);
	return CS_EXIT_IO;
}

int app_csv_end(const char *cmd, struct csvout *w)
{
	if (w->replaced) {
		char *ch = text_sanitize(w->replaced_char ? w->replaced_char : "", false);
		fprintf(stderr, P_("csconsole %s: %zu character CP932 cannot hold was written as \"?\" "
				   "(the first: \"%s\" in row %zu, column %s); --excel without --encoding "
				   "keeps every character (UTF-8, which Excel reads with the BOM)\n",
				   "csconsole %s: %zu characters CP932 cannot hold were written as \"?\" "
				   "(the first: \"%s\" in row %zu, column %s); --excel without --encoding "
				   "keeps every character (UTF-8, which Excel reads with the BOM)\n",
				   w->replaced),
			cmd, w->replaced, ch, w->replaced_row, w->replaced_column ? w->replaced_column : "?");
		free(ch);
	}
	if (csvout_close(w) == 0)
		return CS_EXIT_OK;
	char *msg = text_sanitize(error_message(), false);
	fprintf(stderr, "csconsole %s: %s\n", cmd, msg);
	free(msg);
	return CS_EXIT_IO;
}

int app_account_args(const char *cmd, const char *usage, int argc, char **argv, bool *json,
		     const char **account)
{
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int opt;

	*json = false;
	*account = NULL;
	while ((opt = getopt_long(argc, argv, "f:h", options, NULL)) != -1) {
		switch (opt) {
		case 'f':
			if (app_format_json(cmd, optarg, json) < 0)
				return CS_EXIT_USAGE;
			break;
		case 'h':
			app_usage(stdout, usage, false);
			return CS_EXIT_OK;
		default:
			app_usage(stderr, usage, false);
			return CS_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, _("csconsole %s: which account? give a CRM id (e.g. ACC-0001) or an exact "
			"name; `csconsole accounts` lists them\n"), cmd);
		return CS_EXIT_USAGE;
	}
	if (optind + 1 < argc) {
		char *clean = text_sanitize(argv[optind + 1], false);
		fprintf(stderr, _("csconsole %s: one account at a time (unexpected \"%s\"); quote a name "
			"with spaces\n"), cmd, clean);
		free(clean);
		return CS_EXIT_USAGE;
	}
	*account = argv[optind];
	return CS_EXIT_OK;
}

int app_load_account(struct app *app, const char *cmd, const char *account, struct account_detail *d)
{
	int rc;

	memset(d, 0, sizeof(*d));
	if ((rc = app_open_store(app)) != CS_EXIT_OK)
		return rc;
	if (detail_load_account(&app->store, &app->cfg, account, app->today, d)) {
		char *clean = text_sanitize(error_message(), false);
		fprintf(stderr, "csconsole %s: %s\n", cmd, clean);
		free(clean);
		detail_free(d);
		return CS_EXIT_USAGE;
	}
	return CS_EXIT_OK;
}

/* ---- Progress lines ----------------------------------------------------------- */

static double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void app_progress_start(struct app_progress *p)
{
	memset(p, 0, sizeof(*p));
	p->tty = isatty(STDERR_FILENO);
	p->start = mono_now();
}

void app_progress_show(struct app_progress *p, double shown_after, const char *fmt, ...)
{
	double now;
	va_list ap;
	if (!p->tty)
		return;
	now = mono_now();
	if (now - p->start < shown_after || (p->shown && now - p->last < APP_PROGRESS_EVERY))
		return;
	va_start(ap, fmt);
	char *clean = text_vclean(fmt, ap);
	va_end(ap);
	fprintf(stderr, "\r\033[K%s", clean);
	fflush(stderr);
	free(clean);
	p->shown = true;
	p->last = now;
}

void app_progress_clear(struct app_progress *p)
{
	if (p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		p->shown = false;
	}
}

void app_progress_accounts(void *ctx, const char *what, size_t done, size_t total)
{
	struct app_progress *p = ctx;
	char a[NUM_GROUPED_SIZE], b[NUM_GROUPED_SIZE];
	if (done >= total) {
		app_progress_clear(p);
		return;
	}
	app_progress_show(p, APP_PROGRESS_AFTER, _("%s: %s of %s accounts"), what, num_grouped(done, a),
			  num_grouped(total, b));
}

int app_sync_lock(struct app *app, const char *cmd, struct sync_lock *lock)
{
	long holder = 0;
	bool other = str_eq(cmd, "sync");
	switch (sync_lock_take(app->store.path, lock, &holder)) {
	case 0:
		return CS_EXIT_OK;
	case 1:
		if (holder > 0)
			fprintf(stderr, other ? _("csconsole %s: another sync of this database is running "
						  "(pid %ld); try again when it has finished\n")
			      : _("csconsole %s: a sync of this database is running (pid %ld); try again "
				  "when it has finished\n"), cmd, holder);
		else
			fprintf(stderr, other ? _("csconsole %s: another sync of this database is running; "
						  "try again when it has finished\n")
			      : _("csconsole %s: a sync of this database is running; try again when it "
				  "has finished\n"), cmd);
		return CS_EXIT_BUSY;
	default: {
		char *msg = text_sanitize(error_message(), false);
		fprintf(stderr, "csconsole %s: %s\n", cmd, msg);
		free(msg);
		return CS_EXIT_IO;
	}
	}
}

/* ---- Text for people ---------------------------------------------------------- */

const char *app_csv_usage(void)
{
	return _("  --excel      csv: for Excel: a UTF-8 byte order mark first (rows end in CRLF)\n"
		 "  --encoding E csv: utf-8 (default) or cp932 (Shift_JIS, for Japanese Excel); a\n"
		 "               character CP932 cannot hold is written as ? and said on stderr\n"
		 "  --headers H  csv: ids (default: the stable English column ids) or localized\n"
		 "               (the header row's titles in the interface language)\n"
		 "  --raw        csv: cells as they are (no ' before a cell that a spreadsheet\n"
		 "               would read as a formula)\n");
}

void app_usage(FILE *out, const char *usage, bool with_csv)
{
	fputs(_(usage), out);
	if (with_csv)
		fputs(app_csv_usage(), out);
}

void app_pad(FILE *out, const char *s, int width)
{
	fputs(s, out);
	for (int w = text_width(s); w < width; w++)
		fputc(' ', out);
}

void app_pad_left(FILE *out, const char *s, int width)
{
	for (int w = text_width(s); w < width; w++)
		fputc(' ', out);
	fputs(s, out);
}

void app_list_join(struct sbuf *b, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		/* TRANSLATORS: between the last two words of a list: "a, b or c" */
		const char *sep = i == 0 ? "" : i + 1 == n ? _(" or ") : _(", ");
		sbuf_addf(b, "%s%s", sep, words[i]);
	}
}
