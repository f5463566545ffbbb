/* cmd_feedback.c - `csconsole feedback`: records what a customer tells us
 * about the product (feedback.h): a product area of feedback.areas, a
 * request type, the text, and the account's ARR as it is now, so the
 * feedback report can say how much ARR asks for what.
 */
#include <getopt.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/app.h"
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/exitcode.h"
#include "csconsole/feedback.h"
#include "csconsole/i18n.h"
#include "csconsole/limits.h"
#include "csconsole/text.h"
#include "csconsole/writer.h"

static const char feedback_usage[] = N_(
	"usage: csconsole feedback ACCOUNT --area A --type T --text TEXT|- [--date DAY]\n"
	"\n"
	"Records what a customer said about the product on an account (its CRM id,\n"
	"e.g. ACC-0001), with the account's ARR as the accounts feed has it now, and\n"
	"prints the feedback's id. Saved at once; it reaches the team at the next\n"
	"'csconsole sync'. 'csconsole report feedback' groups it by product area.\n"
	"\n"
	"  --area A      a product area of feedback.areas in the configuration\n"
	"  --type T      bug, missing_feature, usability or praise\n"
	"  --text TEXT   what the customer said; - reads it from standard input\n"
	"  --date DAY    the day they said it (default: today)\n");

static int usage_error(const char *fmt, ...) PRINTF_LIKE(1, 2);
static int usage_error(const char *fmt, ...)
{
	va_list ap;
	fputs("csconsole feedback: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CS_EXIT_USAGE;
}

/* The account's ARR now: minor units and currency, or none. */
static void account_arr(struct app *app, const char *account, json_object *data)
{
	sqlite3_stmt *s;
	bool have = false;
	if (store_prepare(&app->store, "SELECT arr_minor, currency FROM account WHERE crm_id = ?1", &s) == 0) {
		store_bind_text(s, 1, account);
		if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL &&
		    sqlite3_column_text(s, 1) && sqlite3_column_int64(s, 0) >= 0) {
			json_object_object_add(data, "arr", json_object_new_int64(sqlite3_column_int64(s, 0)));
			json_object_object_add(data, "currency",
					       json_object_new_string((const char *)sqlite3_column_text(s, 1)));
			have = true;
		}
		sqlite3_finalize(s);
	}
	if (!have) {
		json_object_object_add(data, "arr", NULL);
		json_object_object_add(data, "currency", NULL);
	}
}

int cmd_feedback(struct app *app, int argc, char **argv)
{
	enum { O_AREA = 256, O_TYPE, O_TEXT, O_DATE };
	static const struct option options[] = {
		{"area", required_argument, NULL, O_AREA},
		{"type", required_argument, NULL, O_TYPE},
		{"text", required_argument, NULL, O_TEXT},
		{"date", required_argument, NULL, O_DATE},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *area = NULL, *type = NULL, *text = NULL, *date = NULL;
	char entity[80], done[256], iso[11];
	int opt, rc, day;
	size_t i, n = 0;

	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case O_AREA: area = optarg; break;
		case O_TYPE: type = optarg; break;
		case O_TEXT: text = optarg; break;
		case O_DATE: date = optarg; break;
		case 'h': fputs(_(feedback_usage), stdout); return CS_EXIT_OK;
		default:
			fprintf(stderr, _("Try 'csconsole feedback --help'.\n"));
			return CS_EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return usage_error("%s", argc == optind
			? _("which account? Give its CRM id, e.g. csconsole feedback ACC-0001 --area "
			    "reporting --type missing_feature --text \"...\"")
			: _("give one account"));
	const char *account = argv[optind];
	if (!area || !type || !text)
		return usage_error("%s", _("a feedback needs --area A, --type T and --text TEXT "
					   "('csconsole feedback --help')"));
	const struct strlist *areas = &app->cfg.feedback_areas;
	if ((rc = writer_parse_choice("feedback", "--area", area, (const char *const *)areas->items,
				      areas->len, &i)))
		return rc;
	while (feedback_requests[n])
		n++;
	if ((rc = writer_parse_choice("feedback", "--type", type, feedback_requests, n, &i)))
		return rc;
	if ((rc = writer_open(app, "feedback")) ||
	    (rc = writer_check_account(app, "feedback", "ACCOUNT", account)))
		return rc;
	day = app->today;
	if (date && (rc = writer_parse_day(app, "feedback", "--date", date, &day)))
		return rc;
	char *s;
	if ((rc = writer_read_text("feedback", "--text", text, true, &s)))
		return rc;
	if (limit_check(LIMIT_NOTE, "--text", s, strlen(s))) {
		fprintf(stderr, "csconsole feedback: %s\n", error_message());
		free(s);
		return CS_EXIT_USAGE;
	}
	json_object *data = json_object_new_object();
	json_object_object_add(data, "area", json_object_new_string(area));
	json_object_object_add(data, "request", json_object_new_string(feedback_requests[i]));
	json_object_object_add(data, "text", json_object_new_string(s));
	free(s);
	day_format_iso(day, iso);
	json_object_object_add(data, "day", json_object_new_string(iso));
	account_arr(app, account, data);
	writer_new_entity("feedback", entity, sizeof(entity));
	str_format(done, sizeof(done), _("%s feedback (%s) recorded on %s"), feedback_requests[i], area,
		   account);
	return writer_emit(app, "feedback", event_type_name(EVENT_FEEDBACK_ADD), entity, account, NULL,
			   data, done);
}
