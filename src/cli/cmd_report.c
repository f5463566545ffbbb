/* cmd_report.c - `csconsole report KIND`: the team lead's reports
 * (report.h) built by the core and written by report_out.c as text, csv,
 * json or markdown; --accounts lists the accounts behind each row. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/app.h"
#include "csconsole/csvout.h"
#include "csconsole/date.h"
#include "csconsole/exitcode.h"
#include "csconsole/i18n.h"
#include "csconsole/report_out.h"
#include "csconsole/text.h"
#include "csconsole/writer.h"

static const char report_usage[] = N_(
	"usage: csconsole report retention|forecast|pipeline|feedback|team\n"
	"                        [--period month|quarter] [--from DAY --until DAY]\n"
	"                        [--by team|owner|segment|touch_model] [--owner H] [--accounts]\n"
	"                        [--format text|csv|json|markdown [--excel] [--encoding E] [--raw]]\n"
	"\n"
	"The team lead's reports from the book (docs/reports.md has the formulas):\n"
	"  retention  GRR, NRR, logo churn and revenue churn per month or quarter\n"
	"  forecast   renewals per month or quarter: ARR, health band, open risks,\n"
	"             ARR weighted by band (reports.forecast.weights), totals per\n"
	"             currency and in reports.currency\n"
	"  pipeline   open expansion opportunities\n"
	"  feedback   the voice of the customer by product area\n"
	"  team       per CSM: accounts and ARR as main and sub, overdue touchpoints,\n"
	"             accounts without a sub owner present, notes per week, coverage\n"
	"\n"
	"  --period P   month (default) or quarter\n"
	"  --from DAY, --until DAY  the days reported on (retention: the last 12 months\n"
	"               or 4 quarters; forecast: the next 12 months or 4 quarters)\n"
	"  --by G       the rows per period: team (default), owner (the main owner),\n"
	"               segment or touch_model\n"
	"  --owner H    only the accounts whose main owner is H\n"
	"  --accounts   under each row, the accounts behind it (the drill-down)\n"
	"  --format F   text (default), csv (the column ids as the header), json or\n"
	"               markdown\n");

static int fail(int code)
{
	char *msg = text_sanitize(error_message(), false);
	fprintf(stderr, "csconsole report: %s\n", msg);
	free(msg);
	return code;
}

int cmd_report(struct app *app, int argc, char **argv)
{
	static const struct option options[] = {
		{"period", required_argument, NULL, 'p'},
		{"from", required_argument, NULL, 'F'},
		{"until", required_argument, NULL, 'U'},
		{"by", required_argument, NULL, 'b'},
		{"owner", required_argument, NULL, 'o'},
		{"format", required_argument, NULL, 'f'},
		{"accounts", no_argument, NULL, 'a'},
		APP_CSV_OPTIONS,
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	static const char *const periods[] = { "month", "quarter" };
	static const char *const groups[] = { "team", "owner", "segment", "touch_model" };
	const char *from_arg = NULL, *until_arg = NULL;
	struct report_params p = { .period = "month", .by = "team" };
	enum app_format format = APP_TEXT;
	struct csvout_opts csv = { 0 };
	bool accounts = false;
	int opt, rc;
	size_t idx;

	while ((opt = getopt_long(argc, argv, "f:h", options, NULL)) != -1) {
		if ((rc = app_csv_option("report", opt, optarg, &csv)) != 0) {
			if (rc < 0)
				return CS_EXIT_USAGE;
			continue;
		}
		switch (opt) {
		case 'p':
			if (writer_parse_choice("report", "--period", optarg, periods, 2, &idx) != CS_EXIT_OK)
				return CS_EXIT_USAGE;
			p.period = periods[idx];
			break;
		case 'b':
			if (writer_parse_choice("report", "--by", optarg, groups, 4, &idx) != CS_EXIT_OK)
				return CS_EXIT_USAGE;
			p.by = groups[idx];
			break;
		case 'F': from_arg = optarg; break;
		case 'U': until_arg = optarg; break;
		case 'o': p.owner = optarg; break;
		case 'a': accounts = true; break;
		case 'f':
			if (app_format_parse("report", optarg, APP_FMT(APP_TEXT) | APP_FMT(APP_CSV) |
					     APP_FMT(APP_JSON) | APP_FMT(APP_MARKDOWN), &format) < 0)
				return CS_EXIT_USAGE;
			break;
		case 'h':
			fputs(_(report_usage), stdout);
			return CS_EXIT_OK;
		default:
			fputs(_(report_usage), stderr);
			return CS_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, _("csconsole report: which report? give one of retention, forecast, "
				  "pipeline, feedback, team (e.g. `csconsole report retention`)\n"));
		return CS_EXIT_USAGE;
	}
	int kind = report_kind_from_name(argv[optind]);
	if (kind < 0 || optind + 1 < argc) {
		char *clean = text_sanitize(argv[kind < 0 ? optind : optind + 1], false);
		fprintf(stderr, _("csconsole report: \"%s\" is not a report: give one of retention, "
				  "forecast, pipeline, feedback, team\n"), clean);
		free(clean);
		return CS_EXIT_USAGE;
	}
	if (app_csv_check("report", format, &csv) < 0)
		return CS_EXIT_USAGE;
	if (from_arg && (rc = writer_parse_day(app, "report", "--from", from_arg, &p.from)) != CS_EXIT_OK)
		return rc;
	if (until_arg && (rc = writer_parse_day(app, "report", "--until", until_arg, &p.until)) != CS_EXIT_OK)
		return rc;
	if (from_arg && until_arg && p.until < p.from) {
		fprintf(stderr, _("csconsole report: --until (%s) is before --from (%s): give a last day "
				  "on or after the first\n"), until_arg, from_arg);
		return CS_EXIT_USAGE;
	}
	if ((rc = app_open_store(app)) != CS_EXIT_OK)
		return rc;
	if (p.owner && (rc = writer_check_handle(app, "report", "--owner", p.owner)) != CS_EXIT_OK)
		return rc;

	struct report r;
	if (report_build(app->store.db, &app->cfg, app->today, (enum report_kind)kind, &p, &r) < 0)
		return fail(CS_EXIT_USAGE);
	rc = CS_EXIT_OK;
	switch (format) {
	case APP_CSV: {
		struct csvout w;
		if ((rc = app_csv_begin("report", &w, &csv)) != CS_EXIT_OK)
			break;
		report_write_csv(&w, &r, accounts);
		rc = app_csv_end("report", &w);
		break;
	}
	case APP_JSON: report_write_json(stdout, &r, accounts); break;
	case APP_MARKDOWN: report_write_markdown(stdout, &r, accounts); break;
	default: report_write_text(stdout, &r, accounts); break;
	}
	report_free(&r);
	if (rc == CS_EXIT_OK && fflush(stdout) != 0)
		rc = CS_EXIT_IO;
	return rc;
}
