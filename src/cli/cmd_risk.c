/* cmd_risk.c - `csconsole risk`: open, update or resolve a risk note.
 *
 * Risks belong to the account, not to their author: any CSM of the team may
 * update or resolve one (a concurrent change of one field is kept and listed
 * by `csconsole conflicts`).
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
#include "csconsole/limits.h"
#include "csconsole/text.h"

static const char *const severities[] = {"low", "medium", "high"};
static const char *const statuses[] = {"open", "resolved"};

static const char *const risk_usage = N_(
	"usage: csconsole risk ACCOUNT --category C --severity low|medium|high --text TEXT|-\n"
	"                      [--owner HANDLE]\n"
	"       csconsole risk --update RISK_ID [--category C] [--severity S] [--text TEXT|-]\n"
	"                      [--status open|resolved] [--owner HANDLE]\n"
	"       csconsole risk --resolve RISK_ID [--text WHY]\n"
	"\n"
	"Opens a risk note on an account (its CRM id, e.g. ACC-0001): what kind of risk\n"
	"(a churn cause), how severe, and what is going on. Prints the risk's id. Any\n"
	"CSM of the team may update or resolve a risk. Saved at once; it reaches the\n"
	"team at the next 'csconsole sync'.\n"
	"\n"
	"  --category C      one of risk_categories in the configuration (the defaults:\n"
	"                    outcome_not_reached, hard_to_use, adoption_support,\n"
	"                    roi_unproven, missing_feature, champion_left,\n"
	"                    priority_dropped, bad_interaction, competitor, budget)\n"
	"  --severity S      low, medium or high\n"
	"  --text TEXT       what is going on (with --resolve: why it is resolved);\n"
	"                    - reads it from standard input\n"
	"  --status S        open or resolved\n"
	"  --owner HANDLE    who takes care of the risk, a CSM of the team (default:\n"
	"                    whoever opens it)\n"
	"  --update RISK_ID  change the fields given\n"
	"  --resolve RISK_ID mark the risk resolved today\n");

struct risk_args {
	const char *category, *severity, *text, *status, *owner;
	const char *update, *resolve;
};

static int risk_fields(struct app *app, const struct risk_args *a, json_object *data)
{
	size_t i;
	int rc;
	if (a->category) {
		const struct strlist *cats = &app->cfg.risk_categories;
		if ((rc = writer_parse_choice("risk", "--category", a->category,
					      (const char *const *)cats->items, cats->len, &i)))
			return rc;
		json_object_object_add(data, "category", json_object_new_string(cats->items[i]));
	}
	if (a->severity) {
		if ((rc = writer_parse_choice("risk", "--severity", a->severity, severities,
					      ARRAY_SIZE(severities), &i)))
			return rc;
		json_object_object_add(data, "severity", json_object_new_string(severities[i]));
	}
	if (a->status) {
		if ((rc = writer_parse_choice("risk", "--status", a->status, statuses,
					      ARRAY_SIZE(statuses), &i)))
			return rc;
		json_object_object_add(data, "status", json_object_new_string(statuses[i]));
	}
	if (a->owner) {
		if ((rc = writer_check_handle(app, "risk", "--owner", a->owner)))
			return rc;
		json_object_object_add(data, "owner", json_object_new_string(a->owner));
	}
	if (a->text) {
		char *s;
		if ((rc = writer_read_text("risk", "--text", a->text, true, &s)))
			return rc;
		/* the table's limit, in characters, named before anything is written */
		if (limit_check(a->resolve ? LIMIT_CLOSING : LIMIT_RISK_TEXT, "--text", s, strlen(s))) {
			fprintf(stderr, "csconsole risk: %s\n", error_message());
			free(s);
			return CS_EXIT_USAGE;
		}
		json_object_object_add(data, "text", json_object_new_string(s));
		free(s);
	}
	return CS_EXIT_OK;
}

static int risk_open(struct app *app, const char *account, const struct risk_args *a)
{
	char entity[64], done[256], iso[11];
	int rc;
	if (a->status) {
		fprintf(stderr, _("csconsole risk: --status applies to --update; a new risk is open\n"));
		return CS_EXIT_USAGE;
	}
	if (!a->category || !a->severity || !a->text) {
		fprintf(stderr, _("csconsole risk: a new risk needs --category C, --severity "
			"low|medium|high and --text TEXT ('csconsole risk --help' lists the categories)\n"));
		return CS_EXIT_USAGE;
	}
	if ((rc = writer_open(app, "risk")) || (rc = writer_check_account(app, "risk", "ACCOUNT", account)))
		return rc;
	json_object *data = json_object_new_object();
	if ((rc = risk_fields(app, a, data))) {
		json_object_put(data);
		return rc;
	}
	day_format_iso(app->today, iso);
	json_object_object_add(data, "opened_day", json_object_new_string(iso));
	writer_new_entity("risk", entity, sizeof(entity));
	str_format(done, sizeof(done), _("%s risk (%s) opened on %s"), a->severity, a->category, account);
	return writer_emit(app, "risk", event_type_name(EVENT_RISK_OPEN), entity, account, NULL, data, done);
}

static int risk_update(struct app *app, const struct risk_args *a)
{
	struct writer_target t;
	char done[256];
	int rc;
	if (!a->category && !a->severity && !a->text && !a->status && !a->owner) {
		fprintf(stderr, _("csconsole risk: --update: nothing to change; give any of --category, "
			"--severity, --text, --status, --owner\n"));
		return CS_EXIT_USAGE;
	}
	if ((rc = writer_open(app, "risk")) || (rc = writer_find(app, "risk", "risk", "--update", a->update, &t)))
		return rc;
	json_object *data = json_object_new_object();
	if ((rc = risk_fields(app, a, data))) {
		json_object_put(data);
		writer_target_free(&t);
		return rc;
	}
	str_format(done, sizeof(done), _("risk %s on %s updated"), t.id, t.account ? t.account : "?");
	rc = writer_emit(app, "risk", event_type_name(EVENT_RISK_UPDATE), t.entity, t.account, t.hlc,
			 data, done);
	writer_target_free(&t);
	return rc;
}

static int risk_resolve(struct app *app, const struct risk_args *a)
{
	struct writer_target t;
	char done[256], iso[11];
	int rc;
	if (a->category || a->severity || a->status) {
		fprintf(stderr, _("csconsole risk: --resolve takes only --text WHY\n"));
		return CS_EXIT_USAGE;
	}
	if ((rc = writer_open(app, "risk")) || (rc = writer_find(app, "risk", "risk", "--resolve", a->resolve, &t)))
		return rc;
	if (str_eq(t.status, "resolved")) {
		fprintf(stderr, _("csconsole risk: --resolve %s: this risk is already resolved "
			"(reopen it with --update %s --status open)\n"), t.id, t.id);
		writer_target_free(&t);
		return CS_EXIT_USAGE;
	}
	json_object *data = json_object_new_object();
	if ((rc = risk_fields(app, a, data))) {
		json_object_put(data);
		writer_target_free(&t);
		return rc;
	}
	json_object *why;       /* --text WHY is the closing note: the risk's text stays (v3) */
	if (json_object_object_get_ex(data, "text", &why)) {
		json_object_object_add(data, "note", json_object_get(why));
		json_object_object_del(data, "text");
	}
	day_format_iso(app->today, iso);
	json_object_object_add(data, "resolved_day", json_object_new_string(iso));
	str_format(done, sizeof(done), _("risk %s on %s resolved"), t.id, t.account ? t.account : "?");
	rc = writer_emit(app, "risk", event_type_name(EVENT_RISK_RESOLVE), t.entity, t.account, t.hlc,
			 data, done);
	writer_target_free(&t);
	return rc;
}

int cmd_risk(struct app *app, int argc, char **argv)
{
	enum { O_CATEGORY = 256, O_SEVERITY, O_TEXT, O_STATUS, O_UPDATE, O_RESOLVE, O_OWNER };
	static const struct option options[] = {
		{"category", required_argument, NULL, O_CATEGORY},
		{"severity", required_argument, NULL, O_SEVERITY},
		{"text", required_argument, NULL, O_TEXT},
		{"status", required_argument, NULL, O_STATUS},
		{"owner", required_argument, NULL, O_OWNER},
		{"update", required_argument, NULL, O_UPDATE},
		{"resolve", required_argument, NULL, O_RESOLVE},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct risk_args a = {0};
	int opt;

	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case O_CATEGORY: a.category = optarg; break;
		case O_SEVERITY: a.severity = optarg; break;
		case O_TEXT: a.text = optarg; break;
		case O_STATUS: a.status = optarg; break;
		case O_OWNER: a.owner = optarg; break;
		case O_UPDATE: a.update = optarg; break;
		case O_RESOLVE: a.resolve = optarg; break;
		case 'h': app_usage(stdout, risk_usage, false); return CS_EXIT_OK;
		default:
			fprintf(stderr, _("Try 'csconsole risk --help'.\n"));
			return CS_EXIT_USAGE;
		}
	}
	int positional = argc - optind;
	if (a.update && a.resolve) {
		fprintf(stderr, _("csconsole risk: give --update or --resolve, not both\n"));
		return CS_EXIT_USAGE;
	}
	if (a.update || a.resolve) {
		if (positional) {
			fprintf(stderr, _("csconsole risk: unexpected argument \"%s\": --%s names the risk\n"),
				argv[optind], a.update ? "update" : "resolve");
			return CS_EXIT_USAGE;
		}
		return a.update ? risk_update(app, &a) : risk_resolve(app, &a);
	}
	if (positional != 1) {
		if (positional == 0)
			fprintf(stderr, _("csconsole risk: which account? Give its CRM id, e.g. csconsole risk "
				"ACC-0001 --category budget --severity high --text \"...\"\n"));
		else
			fprintf(stderr, _("csconsole risk: unexpected argument \"%s\": give one account\n"),
				argv[optind + 1]);
		return CS_EXIT_USAGE;
	}
	return risk_open(app, argv[optind], &a);
}
