/* cmd_accounts.c - `csconsole accounts`: my book, one line per account. */
#include <csv.h>
#include <getopt.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/app.h"
#include "csconsole/book.h"
#include "csconsole/date.h"
#include "csconsole/exitcode.h"
#include "csconsole/text.h"

enum format { FORMAT_TEXT, FORMAT_CSV, FORMAT_JSON };

static const char accounts_usage[] =
	"usage: csconsole accounts [--scope main|mine|covering|team] [--format text|csv|json]\n"
	"\n"
	"Lists the accounts of my book (`me` in the configuration, or --me) with my\n"
	"role (main, sub, covering), the other owner, the latest health score and its\n"
	"change over 4 weeks, and the renewal date with days left, soonest first.\n"
	"\n"
	"  --scope S    main: I am main owner; mine (default): main, sub or covering;\n"
	"               covering: accounts I cover for an absent owner today; team: all\n"
	"  --format F   text (aligned, default), csv (RFC 4180 with a header) or json\n";

/* The columns, in order: header, and the text form of a row's value. */
struct field {
	const char *name;
	char text[128];
};
enum { F_NAME, F_ID, F_ROLE, F_OTHER, F_TOUCH, F_STAGE, F_ARR, F_CURRENCY, F_HEALTH, F_DELTA, F_RENEWAL, F_DAYS, F_COUNT };
static const char *const field_names[F_COUNT] = {
	"account", "id", "role", "other_owner", "touch", "stage", "arr", "currency", "health",
	"health_4w", "renewal", "days_left",
};

static void row_fields(const struct app *app, const struct book_row *r, bool iso,
		       char out[F_COUNT][128])
{
	str_copy(out[F_NAME], sizeof(out[F_NAME]), r->name);
	str_copy(out[F_ID], sizeof(out[F_ID]), r->crm_id);
	str_copy(out[F_ROLE], sizeof(out[F_ROLE]), book_role_name(r->role));
	str_copy(out[F_OTHER], sizeof(out[F_OTHER]), r->other_owner ? r->other_owner : "");
	str_copy(out[F_TOUCH], sizeof(out[F_TOUCH]), r->touch_model);
	str_copy(out[F_STAGE], sizeof(out[F_STAGE]), r->stage);
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
			day_format(r->renewal_day, app->cfg.date_format, out[F_RENEWAL], sizeof(out[F_RENEWAL]));
		str_format(out[F_DAYS], sizeof(out[F_DAYS]), "%d", r->days_left);
	}
}

static void print_text(const struct app *app, const struct book *b)
{
	static const char *const headers[F_COUNT] = {
		"ACCOUNT", "ID", "ROLE", "OTHER", "TOUCH", "STAGE", "ARR", "", "HEALTH", "4W",
		"RENEWAL", "DAYS",
	};
	static const bool right[F_COUNT] = {[F_ARR] = true, [F_HEALTH] = true, [F_DELTA] = true, [F_DAYS] = true};
	char (*cells)[F_COUNT][128] = xcalloc(b->len ? b->len : 1, sizeof(*cells));
	int width[F_COUNT];
	enum { NAME_MAX_WIDTH = 36 };

	for (int f = 0; f < F_COUNT; f++)
		width[f] = text_width(headers[f]);
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
			if (f == F_CURRENCY)
				continue;   /* the ARR column shows it */
			if (f)
				sbuf_adds(&line, "  ");
			if (right[f]) {
				for (int pad = width[f] - text_width(s); pad > 0; pad--)
					sbuf_addc(&line, ' ');
				sbuf_adds(&line, s);
			} else {
				text_fit(s, width[f], f != F_COUNT - 1, cell, sizeof(cell));
				sbuf_adds(&line, cell);
			}
		}
		while (line.len && line.data[line.len - 1] == ' ')
			line.data[--line.len] = '\0';
		puts(sbuf_str(&line));
	}
	sbuf_free(&line);
	free(cells);
}

static void print_csv(const struct app *app, const struct book *b)
{
	char cells[F_COUNT][128];
	for (size_t i = 0; i <= b->len; i++) {
		if (i)
			row_fields(app, &b->rows[i - 1], true, cells);
		for (int f = 0; f < F_COUNT; f++) {
			const char *s = i == 0 ? field_names[f] : cells[f];
			if (f)
				putchar(',');
			csv_fwrite(stdout, s, strlen(s));
		}
		fputs("\r\n", stdout);
	}
}

static void print_json(const struct app *app, const struct book *b)
{
	json_object *arr = json_object_new_array();
	char cells[F_COUNT][128];
	for (size_t i = 0; i < b->len; i++) {
		const struct book_row *r = &b->rows[i];
		json_object *o = json_object_new_object();
		row_fields(app, r, true, cells);
		for (int f = 0; f < F_COUNT; f++) {
			json_object *v = NULL;
			if (f == F_HEALTH && r->has_health)
				v = json_object_new_double(r->health);
			else if (f == F_DELTA && r->has_health_delta)
				v = json_object_new_double(r->health_delta4w);
			else if (f == F_DAYS && r->renewal_day != DAY_NONE)
				v = json_object_new_int(r->days_left);
			else if (f == F_ARR && r->arr_minor != INT64_MIN)
				v = json_object_new_int64(r->arr_minor);
			else if (f != F_HEALTH && f != F_DELTA && f != F_DAYS && f != F_ARR && cells[f][0])
				v = json_object_new_string(cells[f]);
			json_object_object_add(o, f == F_ARR ? "arr_minor" : field_names[f], v);
		}
		json_object_array_add(arr, o);
	}
	puts(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(arr);
}

int cmd_accounts(struct app *app, int argc, char **argv)
{
	static const struct option options[] = {
		{"scope", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	enum book_scope scope = SCOPE_MINE;
	enum format format = FORMAT_TEXT;
	struct book book;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "s:f:h", options, NULL)) != -1) {
		switch (opt) {
		case 's':
			if (!book_scope_parse(optarg, &scope)) {
				fprintf(stderr, "csconsole accounts: --scope \"%s\": use main, mine, covering or team\n", optarg);
				return CS_EXIT_USAGE;
			}
			break;
		case 'f':
			if (str_eq(optarg, "text"))
				format = FORMAT_TEXT;
			else if (str_eq(optarg, "csv"))
				format = FORMAT_CSV;
			else if (str_eq(optarg, "json"))
				format = FORMAT_JSON;
			else {
				fprintf(stderr, "csconsole accounts: --format \"%s\": use text, csv or json\n", optarg);
				return CS_EXIT_USAGE;
			}
			break;
		case 'h':
			fputs(accounts_usage, stdout);
			return CS_EXIT_OK;
		default:
			fputs(accounts_usage, stderr);
			return CS_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "csconsole accounts: unexpected argument \"%s\"\n", argv[optind]);
		return CS_EXIT_USAGE;
	}
	if ((rc = app_open_store(app)) != CS_EXIT_OK)
		return rc;
	if (book_load(&app->store, app->cfg.me, scope, app->today, &book)) {
		fprintf(stderr, "csconsole accounts: %s\n", error_message());
		return CS_EXIT_STORE;
	}
	if (book.len == 0 && format == FORMAT_TEXT)
		fprintf(stderr, "csconsole: no accounts in scope \"%s\" for \"%s\": run 'csconsole sync', "
			"or check `me` in the configuration ('csconsole doctor')\n",
			book_scope_name(scope), app->cfg.me);
	else if (format == FORMAT_TEXT)
		print_text(app, &book);
	else if (format == FORMAT_CSV)
		print_csv(app, &book);
	else
		print_json(app, &book);
	book_free(&book);
	return CS_EXIT_OK;
}
