/* cmd_opportunity.c - `csconsole opportunity`: open, update or close an
 * expansion opportunity (opportunity.h). Like risks, an opportunity is the
 * account's: any CSM of the team may update or close it (a concurrent
 * change of one field is kept and listed by `csconsole conflicts`).
 */
#include <getopt.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/app.h"
#include "csconsole/book.h"
#include "csconsole/crmvalue.h"
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/exitcode.h"
#include "csconsole/i18n.h"
#include "csconsole/limits.h"
#include "csconsole/opportunity.h"
#include "csconsole/text.h"
#include "csconsole/writer.h"

static const char opportunity_usage[] = N_(
	"usage: csconsole opportunity ACCOUNT --kind K --amount A [--currency C]\n"
	"                             --stage S --close DAY [--owner HANDLE]\n"
	"       csconsole opportunity --update ID [--kind K] [--amount A] [--currency C]\n"
	"                             [--stage S] [--close DAY] [--owner HANDLE]\n"
	"       csconsole opportunity --close-won ID [--note TEXT]\n"
	"       csconsole opportunity --close-lost ID [--note TEXT]\n"
	"\n"
	"Records an expansion opportunity on an account (its CRM id, e.g. ACC-0001)\n"
	"and prints its id. Any CSM of the team may update or close it. Saved at\n"
	"once; it reaches the team at the next 'csconsole sync'. 'csconsole show\n"
	"ACCOUNT' lists an account's opportunities.\n"
	"\n"
	"  --kind K          upsell, cross-sell or seats\n"
	"  --amount A        the amount: 12000, 12,000.50, $12,000, JPY 1,200,000\n"
	"  --currency C      its ISO 4217 code (default: the account's ARR currency)\n"
	"  --stage S         discovery, qualified, proposal, negotiation or commit\n"
	"  --close DAY       the expected close: 2027-03-31, next fri, in 6 weeks...\n"
	"  --owner HANDLE    who works it, a CSM of the team (default: you)\n"
	"  --update ID       change the fields given\n"
	"  --close-won ID    close it won today; --close-lost ID: lost\n"
	"  --note TEXT       with a close: why (- reads standard input)\n");

struct opp_args {
	const char *kind, *amount, *currency, *stage, *close, *owner, *note;
	const char *update, *won, *lost;
};

static int usage_error(const char *fmt, ...) PRINTF_LIKE(1, 2);
static int usage_error(const char *fmt, ...)
{
	va_list ap;
	fputs("csconsole opportunity: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CS_EXIT_USAGE;
}

/* The account's ARR currency, or "" when the accounts feed has none. */
static void account_currency(struct app *app, const char *account, char out[4])
{
	sqlite3_stmt *s;
	out[0] = '\0';
	if (store_prepare(&app->store, "SELECT currency FROM account WHERE crm_id = ?1", &s))
		return;
	store_bind_text(s, 1, account);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		str_copy(out, 4, (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
}

/* Puts the fields given into data; currency_default: the account's (open)
 * or the opportunity's (update) currency for an amount without one. */
static int opp_fields(struct app *app, const struct opp_args *a, const char *currency_default,
		      json_object *data)
{
	size_t i;
	int rc;
	if (a->kind) {
		if ((rc = writer_parse_choice("opportunity", "--kind", a->kind, opportunity_kinds, 3, &i)))
			return rc;
		json_object_object_add(data, "kind", json_object_new_string(opportunity_kinds[i]));
	}
	if (a->currency && currency_exponent(a->currency) < 0)
		return usage_error(_("--currency \"%s\": give an ISO 4217 code such as USD, EUR or JPY"),
				   a->currency);
	/* An amount and its currency are written together, so that concurrent
	 * updates never pair one writer's amount with another's currency. */
	if (a->currency && !a->amount)
		return usage_error("%s", _("--currency goes with --amount (the amount in that currency)"));
	if (a->amount) {
		char why[256], cur[4] = "";
		int64_t minor;
		const char *def = a->currency ? a->currency : currency_default;
		if (!crm_parse_amount(a->amount, CRM_NUMBER_DOT, a->currency, def, &minor, cur, why,
				      sizeof(why))) {
			char *clean = text_sanitize(a->amount, false);
			fprintf(stderr, _("csconsole opportunity: --amount \"%s\" %s\n"), clean, why);
			free(clean);
			if (str_empty(def))
				fprintf(stderr, _("csconsole opportunity: the account has no ARR currency: "
						  "give --currency\n"));
			return CS_EXIT_USAGE;
		}
		json_object_object_add(data, "amount", json_object_new_int64(minor));
		json_object_object_add(data, "currency", json_object_new_string(cur));
	}
	if (a->stage) {
		size_t n = 0;
		while (opportunity_stages[n])
			n++;
		if ((rc = writer_parse_choice("opportunity", "--stage", a->stage, opportunity_stages, n, &i)))
			return rc;
		json_object_object_add(data, "stage", json_object_new_string(opportunity_stages[i]));
	}
	if (a->close) {
		int day;
		char iso[11];
		if ((rc = writer_parse_day(app, "opportunity", "--close", a->close, &day)))
			return rc;
		day_format_iso(day, iso);
		json_object_object_add(data, "close_day", json_object_new_string(iso));
	}
	if (a->owner) {
		if ((rc = writer_check_handle(app, "opportunity", "--owner", a->owner)))
			return rc;
		json_object_object_add(data, "owner", json_object_new_string(a->owner));
	}
	return CS_EXIT_OK;
}

static int opp_open(struct app *app, const char *account, const struct opp_args *a)
{
	char entity[80], done[256], cur[4];
	int rc;
	if (a->note)
		return usage_error("%s", _("--note goes with --close-won or --close-lost"));
	if (!a->kind || !a->amount || !a->stage || !a->close)
		return usage_error("%s", _("a new opportunity needs --kind K, --amount A, --stage S and "
					   "--close DAY ('csconsole opportunity --help')"));
	if ((rc = writer_open(app, "opportunity")) ||
	    (rc = writer_check_account(app, "opportunity", "ACCOUNT", account)))
		return rc;
	account_currency(app, account, cur);
	json_object *data = json_object_new_object();
	if ((rc = opp_fields(app, a, cur, data))) {
		json_object_put(data);
		return rc;
	}
	if (!a->owner)
		json_object_object_add(data, "owner", json_object_new_string(app->cfg.me));
	writer_new_entity("opportunity", entity, sizeof(entity));
	str_format(done, sizeof(done), _("%s opportunity (%s) opened on %s"), a->kind, a->stage, account);
	return writer_emit(app, "opportunity", event_type_name(EVENT_OPPORTUNITY_OPEN), entity, account,
			   NULL, data, done);
}

/* The opportunity's currency and status, from its row. */
static void opp_row(struct app *app, const char *id, char cur[4], char *status, size_t ssize)
{
	sqlite3_stmt *s;
	cur[0] = '\0';
	str_copy(status, ssize, "");
	if (store_prepare(&app->store, "SELECT currency, status FROM opportunity WHERE id = ?1", &s))
		return;
	store_bind_text(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		str_copy(cur, 4, (const char *)sqlite3_column_text(s, 0));
		str_copy(status, ssize, (const char *)sqlite3_column_text(s, 1));
	}
	sqlite3_finalize(s);
}

static int opp_update(struct app *app, const struct opp_args *a)
{
	struct writer_target t;
	char done[256], cur[4], status[16];
	int rc;
	if (a->note)
		return usage_error("%s", _("--note goes with --close-won or --close-lost"));
	if (!a->kind && !a->amount && !a->currency && !a->stage && !a->close && !a->owner)
		return usage_error("%s", _("--update: nothing to change; give any of --kind, --amount, "
					   "--currency, --stage, --close, --owner"));
	if ((rc = writer_open(app, "opportunity")) ||
	    (rc = writer_find(app, "opportunity", "opportunity", "--update", a->update, &t)))
		return rc;
	opp_row(app, t.id, cur, status, sizeof(status));
	json_object *data = json_object_new_object();
	if ((rc = opp_fields(app, a, cur, data))) {
		json_object_put(data);
		writer_target_free(&t);
		return rc;
	}
	str_format(done, sizeof(done), _("opportunity %s on %s updated"), t.id, t.account ? t.account : "?");
	rc = writer_emit(app, "opportunity", event_type_name(EVENT_OPPORTUNITY_UPDATE), t.entity,
			 t.account, t.hlc, data, done);
	writer_target_free(&t);
	return rc;
}

static int opp_close(struct app *app, const struct opp_args *a)
{
	struct writer_target t;
	const char *id = a->won ? a->won : a->lost, *outcome = a->won ? "won" : "lost";
	char done[256], cur[4], status[16], iso[11];
	int rc;
	if (a->kind || a->amount || a->currency || a->stage || a->close || a->owner)
		return usage_error("%s", _("--close-won and --close-lost take only --note TEXT"));
	if ((rc = writer_open(app, "opportunity")) ||
	    (rc = writer_find(app, "opportunity", "opportunity", a->won ? "--close-won" : "--close-lost",
			      id, &t)))
		return rc;
	opp_row(app, t.id, cur, status, sizeof(status));
	if (!str_eq(status, "open")) {
		fprintf(stderr, _("csconsole opportunity: %s is already closed (%s)\n"), t.id, status);
		writer_target_free(&t);
		return CS_EXIT_USAGE;
	}
	json_object *data = json_object_new_object();
	json_object_object_add(data, "outcome", json_object_new_string(outcome));
	day_format_iso(app->today, iso);
	json_object_object_add(data, "closed_day", json_object_new_string(iso));
	if (a->note) {
		char *s;
		if ((rc = writer_read_text("opportunity", "--note", a->note, true, &s))) {
			json_object_put(data);
			writer_target_free(&t);
			return rc;
		}
		if (limit_check(LIMIT_CLOSING, "--note", s, strlen(s))) {
			fprintf(stderr, "csconsole opportunity: %s\n", error_message());
			free(s);
			json_object_put(data);
			writer_target_free(&t);
			return CS_EXIT_USAGE;
		}
		json_object_object_add(data, "note", json_object_new_string(s));
		free(s);
	}
	if (a->won)
		str_format(done, sizeof(done), _("opportunity %s on %s closed won"), t.id, t.account ? t.account : "?");
	else
		str_format(done, sizeof(done), _("opportunity %s on %s closed lost"), t.id, t.account ? t.account : "?");
	rc = writer_emit(app, "opportunity", event_type_name(EVENT_OPPORTUNITY_CLOSE), t.entity,
			 t.account, t.hlc, data, done);
	writer_target_free(&t);
	return rc;
}

int cmd_opportunity(struct app *app, int argc, char **argv)
{
	enum { O_KIND = 256, O_AMOUNT, O_CURRENCY, O_STAGE, O_CLOSE, O_OWNER, O_NOTE, O_UPDATE,
	       O_WON, O_LOST };
	static const struct option options[] = {
		{"kind", required_argument, NULL, O_KIND},
		{"amount", required_argument, NULL, O_AMOUNT},
		{"currency", required_argument, NULL, O_CURRENCY},
		{"stage", required_argument, NULL, O_STAGE},
		{"close", required_argument, NULL, O_CLOSE},
		{"owner", required_argument, NULL, O_OWNER},
		{"note", required_argument, NULL, O_NOTE},
		{"update", required_argument, NULL, O_UPDATE},
		{"close-won", required_argument, NULL, O_WON},
		{"close-lost", required_argument, NULL, O_LOST},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct opp_args a = {0};
	int opt;

	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case O_KIND: a.kind = optarg; break;
		case O_AMOUNT: a.amount = optarg; break;
		case O_CURRENCY: a.currency = optarg; break;
		case O_STAGE: a.stage = optarg; break;
		case O_CLOSE: a.close = optarg; break;
		case O_OWNER: a.owner = optarg; break;
		case O_NOTE: a.note = optarg; break;
		case O_UPDATE: a.update = optarg; break;
		case O_WON: a.won = optarg; break;
		case O_LOST: a.lost = optarg; break;
		case 'h': fputs(_(opportunity_usage), stdout); return CS_EXIT_OK;
		default:
			fprintf(stderr, _("Try 'csconsole opportunity --help'.\n"));
			return CS_EXIT_USAGE;
		}
	}
	int positional = argc - optind;
	if (!!a.update + !!a.won + !!a.lost > 1)
		return usage_error("%s", _("give one of --update, --close-won, --close-lost"));
	if (a.update || a.won || a.lost) {
		if (positional)
			return usage_error(_("unexpected argument \"%s\": the option names the opportunity"),
					   argv[optind]);
		return a.update ? opp_update(app, &a) : opp_close(app, &a);
	}
	if (positional != 1)
		return usage_error("%s", positional == 0
			? _("which account? Give its CRM id, e.g. csconsole opportunity ACC-0001 --kind "
			    "upsell --amount 12000 --stage proposal --close 2027-03-31")
			: _("give one account"));
	return opp_open(app, argv[optind], &a);
}
