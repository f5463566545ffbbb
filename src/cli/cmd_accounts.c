/* cmd_accounts.c - `csconsole accounts`: my book, one line per account. */
#include <getopt.h>
#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/display.h"
#include "csconsole/app.h"
#include "csconsole/book.h"
#include "csconsole/csvout.h"
#include "csconsole/date.h"
#include "csconsole/exitcode.h"
#include "csconsole/i18n.h"
#include "csconsole/text.h"

static const char *const accounts_usage = N_(
	"usage: csconsole accounts [--scope main|mine|covering|team] [--sort KEY [--reverse]]\n"
	"                          [--owner H] [--band LIST] [--stage LIST] [--touch LIST]\n"
	"                          [--blind LIST] [--risk CATEGORY] [--renewal-within DAYS]\n"
	"                          [--search TEXT] [--summary]\n"
	"                          [--format text|csv|json [--excel] [--encoding E] [--raw]]\n"
	"\n"
	"Lists the accounts of my book (`me` in the configuration, or --me) with my\n"
	"role (main, sub, covering), the other owner, the latest health score, its\n"
	"last 12 weeks and its change over 4 weeks, the renewal date with days left,\n"
	"the highest open risk, the next touchpoint and the last sentiment.\n"
	"\n"
	"  --scope S          main: I am main owner; mine (default): main, sub or\n"
	"                     covering; covering: accounts I cover for an absent owner\n"
	"                     today; team: all\n"
	"  --sort KEY         attention (default: overdue touchpoints first, most overdue\n"
	"                     first, then effective days to renewal = days left - (100 -\n"
	"                     health) / 2), name, role, other, touch, stage, arr, health,\n"
	"                     delta, risk, renewal, next_touch, sentiment\n"
	"  --reverse          the sort key's order reversed (accounts without a value\n"
	"                     stay last)\n"
	"  --owner H          main or sub owner is H\n"
	"  --band LIST        health bands: red, yellow, green, none (comma-separated)\n"
	"  --stage LIST       onboarding, adoption, expansion, renewal\n"
	"  --touch LIST       high, low, tech\n"
	"  --blind LIST       blind spots: hidden (usage healthy, relationship not),\n"
	"                     quiet (usage low, relationship strong), none\n"
	"  --risk CATEGORY    has an open risk of this category\n"
	"  --renewal-within N renews between today and N days from today\n"
	"  --search TEXT      TEXT in the name or in a note (ASCII case-insensitive)\n"
	"  --summary          the portfolio's header instead: accounts, ARR, attention\n"
	"                     counts, last sync\n"
	"  --format F         text (aligned, default), csv (RFC 4180 with a header, one\n"
	"                     row per account, its CRM id in column id) or json. A CSV\n"
	"                     cell a spreadsheet would run as a formula (it starts with\n"
	"                     =, +, - or @, after any blanks, or with a tab or CR, and\n"
	"                     is not just a number like -3) gets a leading '\n");

/* The columns, in order (the names are the csv header and json keys). */
enum {
	F_NAME, F_ID, F_ROLE, F_OTHER, F_TOUCH, F_STAGE, F_ARR, F_CURRENCY, F_HEALTH, F_SPARK,
	F_DELTA, F_RENEWAL, F_DAYS, F_RISK, F_RISKS, F_OPEN_RISKS, F_NEXT, F_NEXT_KIND, F_SENTIMENT,
	F_LAST_TOUCH, F_ATTENTION, F_BLIND, F_BLIND_REASON, F_COUNT
};
static const char *const field_names[F_COUNT] = {
	"account", "id", "role", "other_owner", "touch", "stage", "arr", "currency", "health",
	"spark", "health_4w", "renewal", "days_left", "risk_severity", "risk_category", "open_risks",
	"next_touch",
	"next_touch_kind", "sentiment", "last_touch", "attention", "blind_spot", "blind_spot_reason",
};

static void format_day(const struct app *app, int day, bool iso, char *out, size_t size)
{
	char buf[16];
	if (day == DAY_NONE) {
		str_copy(out, size, "");
	} else if (iso) {
		day_format_iso(day, buf);
		str_copy(out, size, buf);
	} else {
		display_day(&app->cfg, day, out, size);
	}
}

/* The label of a sentiment value (1 = the first, worst, label): the
 * configured label for machines, display.h's for people; "" for none. */
static const char *sentiment_cell(const struct app *app, int v, bool iso)
{
	const struct strlist *l = &app->cfg.sentiment_labels;
	if (v < 1 || (size_t)v > l->len)
		return "";
	return iso ? l->items[v - 1] : sentiment_label(&app->cfg, v);
}

/* A row's cells, each whole (never cut: a name or id is as long as the
 * feed made it). cells_free() frees them. */
typedef char *cells_t[F_COUNT];

static void cells_free(cells_t cells)
{
	for (int f = 0; f < F_COUNT; f++) {
		free(cells[f]);
		cells[f] = NULL;
	}
}

static void row_fields(const struct app *app, const struct book_row *r, bool iso, cells_t cells)
{
	/* Formatted figures are short; texts from the feeds are copied whole. */
	char out[F_COUNT][128];
	memset(out, 0, sizeof(out));
	str_copy(out[F_NAME], sizeof(out[F_NAME]), r->name);
	str_copy(out[F_ID], sizeof(out[F_ID]), r->crm_id);
	str_copy(out[F_ROLE], sizeof(out[F_ROLE]), iso ? book_role_name(r->role) : role_label(book_role_name(r->role)));
	str_copy(out[F_OTHER], sizeof(out[F_OTHER]), r->other_owner ? r->other_owner : "");
	str_copy(out[F_TOUCH], sizeof(out[F_TOUCH]), iso ? r->touch_model : touch_model_label(&app->cfg, r->touch_model));
	str_copy(out[F_STAGE], sizeof(out[F_STAGE]), iso ? r->stage : stage_label(r->stage));
	/* People read "¥12,000,000"; scripts get "12000000" and the currency apart. */
	if (iso)
		money_decimal(r->arr_minor, r->currency, out[F_ARR], sizeof(out[F_ARR]));
	else
		money_format(r->arr_minor, r->currency, out[F_ARR], sizeof(out[F_ARR]));
	str_copy(out[F_CURRENCY], sizeof(out[F_CURRENCY]), r->currency);
	book_format_health(r, out[F_HEALTH], sizeof(out[F_HEALTH]));
	book_format_delta(r, out[F_DELTA], sizeof(out[F_DELTA]));
	out[F_RENEWAL][0] = out[F_DAYS][0] = '\0';
	if (r->renewal_day != DAY_NONE) {
		if (iso)
			day_format_iso(r->renewal_day, out[F_RENEWAL]);
		else
			display_day(&app->cfg, r->renewal_day, out[F_RENEWAL], sizeof(out[F_RENEWAL]));
		str_format(out[F_DAYS], sizeof(out[F_DAYS]), "%d", r->days_left);
	}
	str_copy(out[F_RISK], sizeof(out[F_RISK]), iso ? risk_severity_name(r->top_risk_severity)
						      : severity_label(risk_severity_name(r->top_risk_severity)));
	str_copy(out[F_RISKS], sizeof(out[F_RISKS]), iso ? r->top_risk_category
							 : risk_category_label(&app->cfg, r->top_risk_category));
	str_format(out[F_OPEN_RISKS], sizeof(out[F_OPEN_RISKS]), "%d", r->open_risks);
	if (iso) {
		/* Machines get the scores themselves. */
		struct sbuf b = {0};
		for (int i = 0; i < r->n_spark; i++)
			sbuf_addf(&b, "%s%g", i ? " " : "", r->spark[i]);
		str_copy(out[F_SPARK], sizeof(out[F_SPARK]), b.data ? b.data : "");
		sbuf_free(&b);
	} else {
		book_sparkline(r, text_glyphs_unicode(), out[F_SPARK], sizeof(out[F_SPARK]));
	}
	format_day(app, r->next_touch_day, iso, out[F_NEXT], sizeof(out[F_NEXT]));
	str_copy(out[F_NEXT_KIND], sizeof(out[F_NEXT_KIND]), r->next_touch_kind);
	str_copy(out[F_SENTIMENT], sizeof(out[F_SENTIMENT]), sentiment_cell(app, r->last_sentiment, iso));
	format_day(app, r->last_touch_day, iso, out[F_LAST_TOUCH], sizeof(out[F_LAST_TOUCH]));
	out[F_ATTENTION][0] = '\0';
	if (r->has_attention)
		str_format(out[F_ATTENTION], sizeof(out[F_ATTENTION]), "%g", r->attention);
	str_copy(out[F_BLIND], sizeof(out[F_BLIND]), r->blind == BLIND_NONE ? "" : book_blind_name(r->blind));
	for (int f = 0; f < F_COUNT; f++)
		cells[f] = xstrdup(out[f]);
	/* The texts, whole. */
	static const int whole[] = { F_NAME, F_ID, F_OTHER, F_TOUCH, F_STAGE, F_CURRENCY, F_RISKS,
				     F_NEXT_KIND, F_BLIND_REASON };
	const char *text[] = { r->name, r->crm_id, r->other_owner, r->touch_model, r->stage,
			       r->currency, r->top_risk_category, r->next_touch_kind, r->blind_reason };
	for (size_t i = 0; i < ARRAY_SIZE(whole); i++) {
		free(cells[whole[i]]);
		cells[whole[i]] = xstrdup(text[i] ? text[i] : "");
	}
	if (!iso && r->open_risks) {
		/* People read one cell: "high competitor +1" (one more open). */
		free(cells[F_RISK]);
		cells[F_RISK] = r->open_risks > 1 ?
			xasprintf("%s %s +%d", risk_severity_name(r->top_risk_severity),
				  r->top_risk_category, r->open_risks - 1) :
			xasprintf("%s %s", risk_severity_name(r->top_risk_severity), r->top_risk_category);
	}
}

static void print_text(const struct app *app, const struct book *b)
{
	/* "" = not shown: the ARR cell has the currency, the RISK cell the rest.
	 * The column titles are translated (N_: drawn with _()). */
	static const char *const titles[F_COUNT] = {
		[F_NAME] = N_("ACCOUNT"), [F_ID] = N_("ID"), [F_ROLE] = N_("ROLE"), [F_OTHER] = N_("OTHER"),
		[F_TOUCH] = N_("TOUCH"), [F_STAGE] = N_("STAGE"), [F_ARR] = N_("ARR"), [F_HEALTH] = N_("HEALTH"),
		[F_SPARK] = N_("12W"), [F_DELTA] = N_("4W"), [F_RENEWAL] = N_("RENEWAL"), [F_DAYS] = N_("DAYS"),
		[F_RISK] = N_("RISK"), [F_NEXT] = N_("NEXT"), [F_SENTIMENT] = N_("SENTIMENT"),
		[F_BLIND] = N_("BLIND"),
	};
	const char *headers[F_COUNT];
	for (int f = 0; f < F_COUNT; f++)
		headers[f] = titles[f] ? _(titles[f]) : NULL;
	static const bool right[F_COUNT] = {[F_ARR] = true, [F_HEALTH] = true, [F_DELTA] = true, [F_DAYS] = true};
	cells_t *cells = xcalloc(b->len ? b->len : 1, sizeof(*cells));
	int width[F_COUNT], last = 0;
	enum { NAME_MAX_WIDTH = 36 };

	for (int f = 0; f < F_COUNT; f++) {
		width[f] = text_width(headers[f] ? headers[f] : "");
		if (headers[f])
			last = f;
	}
	for (size_t i = 0; i < b->len; i++) {
		row_fields(app, &b->rows[i], false, cells[i]);
		for (int f = 0; f < F_COUNT; f++) {
			int w = text_width(cells[i][f]);
			if (w > width[f])
				width[f] = w;
		}
	}
	if (width[F_NAME] > NAME_MAX_WIDTH)
		width[F_NAME] = NAME_MAX_WIDTH;

	struct sbuf line = {0};
	char cell[512];
	for (size_t i = 0; i <= b->len; i++) {
		sbuf_reset(&line);
		for (int f = 0; f < F_COUNT; f++) {
			const char *s = i == 0 ? headers[f] : cells[i - 1][f];
			if (!headers[f])
				continue;
			if (f)
				sbuf_adds(&line, "  ");
			if (right[f]) {
				for (int pad = width[f] - text_width(s); pad > 0; pad--)
					sbuf_addc(&line, ' ');
				sbuf_adds(&line, s);
			} else {
				text_fit(s, width[f], f != last, cell, sizeof(cell));
				sbuf_adds(&line, cell);
			}
		}
		while (line.len && line.data[line.len - 1] == ' ')
			line.data[--line.len] = '\0';
		puts(sbuf_str(&line));
	}
	sbuf_free(&line);
	for (size_t i = 0; i < b->len; i++)
		cells_free(cells[i]);
	free(cells);
}

static int print_csv(const struct app *app, const struct book *b, const struct csvout_opts *o)
{
	cells_t cells = { 0 };
	struct csvout w;
	int rc;
	if ((rc = app_csv_begin("accounts", &w, o)) != CS_EXIT_OK)
		return rc;
	for (size_t i = 0; i <= b->len; i++) {
		if (i)
			row_fields(app, &b->rows[i - 1], true, cells);
		for (int f = 0; f < F_COUNT; f++)
			csvout_cell(&w, i == 0 ? field_names[f] : cells[f]);
		csvout_end_row(&w);
		cells_free(cells);
	}
	return app_csv_end("accounts", &w);
}

static void print_json(const struct app *app, const struct book *b)
{
	json_object *arr = json_object_new_array();
	cells_t cells = { 0 };
	for (size_t i = 0; i < b->len; i++) {
		const struct book_row *r = &b->rows[i];
		json_object *o = json_object_new_object();
		row_fields(app, r, true, cells);
		for (int f = 0; f < F_COUNT; f++) {
			json_object *v = NULL;
			const char *key = f == F_ARR ? "arr_minor" : field_names[f];
			if (f == F_HEALTH || f == F_DELTA || f == F_DAYS || f == F_ARR || f == F_SPARK ||
			    f == F_OPEN_RISKS || f == F_ATTENTION) {
				if (f == F_HEALTH && r->has_health)
					v = json_object_new_double(r->health);
				else if (f == F_DELTA && r->has_health_delta)
					v = json_object_new_double(r->health_delta4w);
				else if (f == F_DAYS && r->renewal_day != DAY_NONE)
					v = json_object_new_int(r->days_left);
				else if (f == F_ARR && r->arr_minor != INT64_MIN)
					v = json_object_new_int64(r->arr_minor);
				else if (f == F_OPEN_RISKS)
					v = json_object_new_int(r->open_risks);
				else if (f == F_ATTENTION && r->has_attention)
					v = json_object_new_double(r->attention);
				else if (f == F_SPARK) {
					v = json_object_new_array();
					for (int k = 0; k < r->n_spark; k++)
						json_object_array_add(v, json_object_new_double(r->spark[k]));
				}
			} else if (cells[f][0]) {
				v = json_object_new_string(cells[f]);
			}
			json_object_object_add(o, key, v);
		}
		json_object_object_add(o, "sentiment_value", r->last_sentiment ?
				       json_object_new_int(r->last_sentiment) : NULL);
		json_object_array_add(arr, o);
		cells_free(cells);
	}
	puts(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(arr);
}

static void print_summary(const struct app *app, const struct book_summary *sum, bool json)
{
	char when[21] = "", arr[64];
	if (sum->has_last_sync)
		ts_format_iso(sum->last_sync, when);
	if (json) {
		json_object *o = json_object_new_object(), *a = json_object_new_object();
		json_object_object_add(o, "me", json_object_new_string(app->cfg.me));
		json_object_object_add(o, "accounts", json_object_new_int64((int64_t)sum->accounts));
		json_object_object_add(o, "main", json_object_new_int64((int64_t)sum->main));
		json_object_object_add(o, "sub", json_object_new_int64((int64_t)sum->sub));
		json_object_object_add(o, "covering", json_object_new_int64((int64_t)sum->covering));
		for (size_t i = 0; i < sum->n_arr; i++)
			json_object_object_add(a, sum->arr[i].currency, json_object_new_int64(sum->arr[i].arr_minor));
		json_object_object_add(o, "arr_minor", a);
		json_object_object_add(o, "overdue", json_object_new_int64((int64_t)sum->overdue));
		json_object_object_add(o, "renewal_window", json_object_new_int(sum->nearest_window));
		json_object_object_add(o, "renewals_near", json_object_new_int64((int64_t)sum->renewals_near));
		json_object_object_add(o, "health_drops", json_object_new_int64((int64_t)sum->health_drops));
		json_object_object_add(o, "high_risks", json_object_new_int64((int64_t)sum->high_risks));
		json_object_object_add(o, "last_sync", sum->has_last_sync ? json_object_new_string(when) : NULL);
		json_object_object_add(o, "sync_stale", json_object_new_boolean(sum->sync_stale));
		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
		return;
	}
	/* The labels, translated, in a column as wide as the widest (15 cells at least). */
	const char *labels[] = { _("me:"), _("accounts:"), _("ARR:"), _("overdue:"), _("renewals:"),
				 _("health drops:"), _("high risks:"), _("covering:"), _("last sync:") };
	int lw = 15;
	for (size_t i = 0; i < ARRAY_SIZE(labels); i++)
		if (text_width(labels[i]) + 1 > lw)
			lw = text_width(labels[i]) + 1;
	app_pad(stdout, labels[0], lw);
	printf("%s\n", app->cfg.me);
	app_pad(stdout, labels[1], lw);
	printf(_("%zu (main %zu, sub %zu, covering %zu)\n"), sum->accounts, sum->main, sum->sub,
	       sum->covering);
	for (size_t i = 0; i < sum->n_arr; i++) {
		money_format(sum->arr[i].arr_minor, sum->arr[i].currency, arr, sizeof(arr));
		app_pad(stdout, i ? "" : labels[2], lw);
		printf("%s\n", arr);
	}
	app_pad(stdout, labels[3], lw);
	printf("%zu\n", sum->overdue);
	app_pad(stdout, labels[4], lw);
	printf(_("%zu within %d days\n"), sum->renewals_near, sum->nearest_window);
	app_pad(stdout, labels[5], lw);
	printf("%zu\n", sum->health_drops);
	app_pad(stdout, labels[6], lw);
	printf("%zu\n", sum->high_risks);
	app_pad(stdout, labels[7], lw);
	printf("%zu\n", sum->covering);
	app_pad(stdout, labels[8], lw);
	if (sum->has_last_sync && sum->sync_stale)
		printf(_("%s (stale: run csconsole sync)\n"), when);
	else
		printf("%s\n", sum->has_last_sync ? when : _("never"));
}

static int usage_error(const char *fmt, ...) PRINTF_LIKE(1, 2);
static int usage_error(const char *fmt, ...)
{
	va_list ap;
	fputs("csconsole accounts: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CS_EXIT_USAGE;
}

int cmd_accounts(struct app *app, int argc, char **argv)
{
	enum { O_REVERSE = 256, O_OWNER, O_BAND, O_STAGE, O_TOUCH, O_RISK, O_RENEWAL, O_SEARCH,
	       O_SUMMARY, O_BLIND };
	static const struct option options[] = {
		{"scope", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"sort", required_argument, NULL, 'o'},
		{"reverse", no_argument, NULL, O_REVERSE},
		{"owner", required_argument, NULL, O_OWNER},
		{"band", required_argument, NULL, O_BAND},
		{"stage", required_argument, NULL, O_STAGE},
		{"touch", required_argument, NULL, O_TOUCH},
		{"blind", required_argument, NULL, O_BLIND},
		{"risk", required_argument, NULL, O_RISK},
		{"renewal-within", required_argument, NULL, O_RENEWAL},
		{"search", required_argument, NULL, O_SEARCH},
		{"summary", no_argument, NULL, O_SUMMARY},
		APP_CSV_OPTIONS,
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	enum book_scope scope = SCOPE_MINE;
	enum book_sort sort = BOOK_SORT_ATTENTION;
	enum app_format format = APP_TEXT;
	struct csvout_opts csv = { 0 };
	struct book_filter filter;
	bool reverse = false, summary = false;
	struct book book;
	char bad[64];
	long n;
	int opt, rc;

	book_filter_init(&filter, &app->cfg);
	while ((opt = getopt_long(argc, argv, "s:f:o:h", options, NULL)) != -1) {
		if ((rc = app_csv_option("accounts", opt, optarg, &csv)) != 0) {
			if (rc < 0)
				return CS_EXIT_USAGE;
			continue;
		}
		switch (opt) {
		case 's':
			if (!book_scope_parse(optarg, &scope))
				return usage_error(_("--scope \"%s\": use main, mine, covering or team"), optarg);
			break;
		case 'f':
			if (app_format_parse("accounts", optarg, APP_FMT(APP_TEXT) | APP_FMT(APP_CSV) |
					     APP_FMT(APP_JSON), &format) < 0)
				return CS_EXIT_USAGE;
			break;
		case 'o':
			if (!book_sort_parse(optarg, &sort)) {
				char *keys = book_sort_list();
				rc = usage_error(_("--sort \"%s\": use one of %s"), optarg, keys);
				free(keys);
				return rc;
			}
			break;
		case O_REVERSE:
			reverse = true;
			break;
		case O_OWNER:
			filter.owner = optarg;
			break;
		case O_BAND:
			if (!book_bands_parse(optarg, &filter.bands, bad, sizeof(bad)))
				return usage_error(_("--band: unknown band \"%s\": use red, yellow, green or none, "
						     "comma-separated"), bad);
			break;
		case O_STAGE:
			if (!book_stages_parse(optarg, &filter.stages, bad, sizeof(bad)))
				return usage_error(_("--stage: unknown stage \"%s\": use onboarding, adoption, "
						     "expansion or renewal, comma-separated"), bad);
			break;
		case O_TOUCH:
			if (!book_touch_parse(optarg, &filter.touch_models, bad, sizeof(bad)))
				return usage_error(_("--touch: unknown touch model \"%s\": use high, low or tech, "
						     "comma-separated"), bad);
			break;
		case O_BLIND:
			if (!book_blind_parse(optarg, &filter.blinds, bad, sizeof(bad)))
				return usage_error(_("--blind: unknown value \"%s\": use hidden, quiet or none, "
						     "comma-separated"), bad);
			break;
		case O_RISK:
			if (!strlist_has(&app->cfg.risk_categories, optarg)) {
				char *cats = strlist_join(&app->cfg.risk_categories, ", ");
				rc = usage_error(_("--risk \"%s\": not a risk category; the configuration's are: %s"),
						 optarg, cats);
				free(cats);
				return rc;
			}
			filter.risk_category = optarg;
			break;
		case O_RENEWAL:
			if (!str_to_long(optarg, 0, 36500, &n))
				return usage_error(_("--renewal-within \"%s\": give a number of days from 0 to 36500"),
						   optarg);
			filter.renewal_within = (int)n;
			break;
		case O_SEARCH:
			filter.search = optarg;
			break;
		case O_SUMMARY:
			summary = true;
			break;
		case 'h':
			app_usage(stdout, accounts_usage, true);
			return CS_EXIT_OK;
		default:
			app_usage(stderr, accounts_usage, true);
			return CS_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(_("unexpected argument \"%s\""), argv[optind]);
	if (summary && format == APP_CSV)
		return usage_error("%s", _("--summary prints text or json, not csv"));
	if (app_csv_check("accounts", format, &csv) < 0)
		return CS_EXIT_USAGE;
	if ((rc = app_open_store(app)) != CS_EXIT_OK)
		return rc;
	if (book_query(&app->store, app->cfg.me, scope, app->today, &filter, sort, reverse, &book)) {
		fprintf(stderr, "csconsole accounts: %s\n", error_message());
		return CS_EXIT_STORE;
	}
	if (summary) {
		struct book_summary sum;
		rc = book_summarize(&app->store, &app->cfg, &book, ts_now(), &sum);
		if (rc == 0)
			print_summary(app, &sum, format == APP_JSON);
		else
			fprintf(stderr, "csconsole accounts: %s\n", error_message());
		book_free(&book);
		return rc ? CS_EXIT_STORE : CS_EXIT_OK;
	}
	if (book.len == 0 && format == APP_TEXT && !str_empty(filter.search)) {
		char *clean = text_sanitize(filter.search, false);
		bool filtered = filter.owner || filter.bands || filter.stages || filter.touch_models ||
			filter.risk_category || filter.renewal_within >= 0;
		/* TRANSLATORS: what the search looks in: BOOK_SEARCH_WHAT of book.h */
		fprintf(stderr, filtered ? _("csconsole: no name, note, risk or touchpoint of the "
					     "accounts in scope \"%s\" that pass the filters matches \"%s\"\n")
			: _("csconsole: no name, note, risk or touchpoint of the accounts in scope "
			    "\"%s\" matches \"%s\"\n"), book_scope_name(scope), clean);
		free(clean);
	} else if (book.len == 0 && format == APP_TEXT)
		fprintf(stderr, filter.owner || filter.bands || filter.stages || filter.touch_models ||
			filter.risk_category || filter.renewal_within >= 0 || !str_empty(filter.search)
			? _("csconsole: no accounts in scope \"%s\" for \"%s\" that pass the filters: run "
			    "'csconsole sync', or check `me` in the configuration ('csconsole doctor')\n")
			: _("csconsole: no accounts in scope \"%s\" for \"%s\": run 'csconsole sync', or "
			    "check `me` in the configuration ('csconsole doctor')\n"),
			book_scope_name(scope), app->cfg.me);
	else if (format == APP_TEXT)
		print_text(app, &book);
	else if (format == APP_CSV)
		rc = print_csv(app, &book, &csv);
	else
		print_json(app, &book);
	book_free(&book);
	return rc;
}
