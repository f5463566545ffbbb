/* cmd_health.c - `csconsole health`: why an account's health is what it is,
 * how well the models would have foreseen the outcomes, and rebuilding the
 * weekly snapshots.
 *
 * `health ACCOUNT`: the vendor's score beside csconsole's computed one, then
 * every component of the model (health.h) with its raw figure, its 0-100
 * score, its weight and its share of the computed score, and the one that
 * pulls the score down most. A component without data is "missing", never
 * zero. `health --backtest [MODEL.yaml]`: backtest.h, side by side.
 * `health --recompute`: healthcalc_recompute(). */
#include <getopt.h>
#include <stdarg.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/app.h"
#include "csconsole/backtest.h"
#include "csconsole/csvout.h"
#include "csconsole/book.h"
#include "csconsole/date.h"
#include "csconsole/detail.h"
#include "csconsole/event.h"
#include "csconsole/exitcode.h"
#include "csconsole/i18n.h"
#include "csconsole/healthcalc.h"
#include "csconsole/text.h"

static const char *const health_usage = N_(
	"usage: csconsole health ACCOUNT [--format text|json]\n"
	"       csconsole health --backtest [MODEL.yaml] [--horizon DAYS]\n"
	"                        [--format text|json|csv [--excel] [--encoding E] [--raw]]\n"
	"       csconsole health --recompute [--weeks N]\n"
	"\n"
	"Explains one account's health: the vendor's weekly score (latest, band,\n"
	"4-week change) and csconsole's computed score, then every component with\n"
	"its raw figure, its 0-100 score, its weight and its share of the computed\n"
	"score, and the component that pulls the score down most. A component\n"
	"without data is shown as missing (and why), not as zero. ACCOUNT is a CRM\n"
	"id (ACC-0001) or an exact account name.\n"
	"\n"
	"--backtest replays the models over the accounts whose outcome is known\n"
	"(outcome and outcome_date in the accounts feed): each is scored as it\n"
	"stood DAYS before its outcome under the current model, the candidate\n"
	"MODEL.yaml (a csconsole.yaml: its health.model, health.overrides and\n"
	"health.bands) when given, and the vendor's score, and for each the table\n"
	"gives the churn rate per band and the ROC AUC (the chance that a churned\n"
	"account scored below a renewed one: 0.5 is chance, 1 perfect). Accounts\n"
	"without a score that day are counted as \"no score\".\n"
	"\n"
	"--recompute drops and recomputes csconsole's weekly snapshots of the last\n"
	"N weeks under the current model (after changing health.model).\n"
	"\n"
	"  --format F      text (default) or json; with --backtest also csv: one row\n"
	"                  per account with an outcome (account: its CRM id, outcome,\n"
	"                  outcome_date, score_date, then a column per score: current,\n"
	"                  candidate when given, vendor)\n"
	"  --horizon DAYS  how long before the outcome to score (default 90)\n"
	"  --weeks N       weeks to recompute (default 52)\n");

/* What a component costs the computed score in points: how much higher the
 * score would be if the component scored 100. */
static double cost_points(const struct health_model *m, int c)
{
	double wsum = 0;
	for (int i = 0; i < HC_COUNT; i++)
		if (m->part[i].present)
			wsum += m->part[i].weight;
	return wsum > 0 ? m->part[c].loss / wsum : 0;
}

/* A raw figure: whole numbers without decimals (NPS -40), else two. */
static void format_raw(double raw, char *out, size_t size)
{
	if (fabs(raw - round(raw)) < 1e-9)
		str_format(out, size, "%.0f", raw);
	else
		str_format(out, size, "%.2f", raw);
}

static const char *cname(int c)
{
	return health_component_name((enum health_component)c);
}

/* ---- text ---------------------------------------------------------------- */

/* " on DAY, 4 weeks +N" of a stored snapshot. */
static void print_latest(const struct app *app, const struct detail_latest *l)
{
	char day[64];
	day_format_or_dash(l->day, app->cfg.date_format, day, sizeof(day));
	printf(_(" on %s"), day);
	if (l->has_delta)
		printf(_(", 4 weeks %+ld"), health_round(l->delta4w));
}

/* A line's label, translated, in a column of 16 cells. */
static void line_label(const char *text)
{
	app_pad(stdout, text, 16);
}

static void print_vendor(const struct app *app, const struct account_detail *d)
{
	/* TRANSLATORS: after the score that the console shows (health.score) */
	const char *shown = app->cfg.health_score == HEALTH_VENDOR ? _("  [shown]") : "";
	line_label(_("vendor score"));
	if (!d->vendor.has) {
		printf(_("- (no health_score in the metrics feed)%s\n"), shown);
		return;
	}
	printf("%ld (%s)", health_round(d->vendor.score),
	       health_band(&app->cfg, d->vendor.score));
	print_latest(app, &d->vendor);
	printf("%s\n", shown);
}

/* The model as of the week's snapshot day, and the snapshot stored for it. */
static void print_computed(struct app *app, const struct account_detail *d)
{
	const struct health_model *m = &d->model;
	const char *shown = app->cfg.health_score == HEALTH_COMPUTED ? _("  [shown]") : "";
	char day[64];
	int n = 0;
	double w = 0, total = 0;

	for (int c = 0; c < HC_COUNT; c++) {
		total += m->part[c].weight;
		if (m->part[c].present) {
			n++;
			w += m->part[c].weight;
		}
	}
	day_format_or_dash(d->model_day, app->cfg.date_format, day, sizeof(day));
	if (!m->has_score) {
		line_label(_("computed score"));
		printf(_("- on %s (no component has data)%s\n"), day, shown);
		return;
	}
	line_label(_("computed score"));
	printf(_("%ld (%s) on %s from %d of %d components (weight %.0f of %.0f)"),
	       health_round(m->score), health_band(&app->cfg, m->score), day, n, HC_COUNT, w, total);
	if (d->computed.has && d->computed.day == d->model_day && d->computed.has_delta)
		printf(_(", 4 weeks %+ld"), health_round(d->computed.delta4w));
	printf("%s\n", shown);
	/* a stored snapshot made before new data or another model says so */
	if (d->computed.has && d->computed.day == d->model_day &&
	    health_round(d->computed.score) != health_round(m->score))
		printf(_("%16sthe stored snapshot says %ld: it was computed before the data or the model "
		       "changed; the next sync or `csconsole health --recompute` updates it\n"), "",
		       health_round(d->computed.score));
	else if (!d->computed.has || d->computed.day != d->model_day)
		printf(_("%16sno snapshot stored for %s yet: the next sync stores it\n"), "", day);
	struct healthcalc_status hs;
	if (healthcalc_status(&app->store, &app->cfg, d->crm_id, &hs) == 0 && hs.other_model > 0)
		printf(_("%16s%lld of its %lld weekly snapshots were computed by another model: "
		       "`csconsole health --recompute` rebuilds them under this one\n"), "",
		       hs.other_model, hs.snapshots);
}

static void print_components(const struct account_detail *d)
{
	const struct health_model *m = &d->model;
	const char *t_component = _("component"), *t_raw = _("raw"), *t_figures = _("figures");
	const char *t_missing = _("missing");
	int wname = text_width(t_component), wraw = text_width(t_raw), wfig = text_width(t_figures);
	char raw[HC_COUNT][32], buf[512];

	for (int c = 0; c < HC_COUNT; c++) {
		if (m->part[c].present)
			format_raw(m->part[c].raw, raw[c], sizeof(raw[c]));
		else
			str_copy(raw[c], sizeof(raw[c]), "-");
		if (text_width(cname(c)) > wname)
			wname = text_width(cname(c));
		if (text_width(raw[c]) > wraw)
			wraw = text_width(raw[c]);
		if (text_width(d->component_text[c].text) > wfig)
			wfig = text_width(d->component_text[c].text);
	}

	text_fit(t_component, wname, true, buf, sizeof(buf));
	printf("  %s  ", buf);
	app_pad_left(stdout, t_raw, wraw);
	text_fit(t_figures, wfig, true, buf, sizeof(buf));
	printf("  %s  ", buf);
	app_pad_left(stdout, _("score"), 7);
	fputs("  ", stdout);
	app_pad_left(stdout, _("weight"), 6);
	fputs("  ", stdout);
	app_pad_left(stdout, _("share"), 5);
	putchar('\n');
	for (int c = 0; c < HC_COUNT; c++) {
		const struct health_part *p = &m->part[c];
		char score[64], share[16];

		if (p->present) {
			str_format(score, sizeof(score), "%.0f", p->score);
			str_format(share, sizeof(share), "%.1f", p->contribution);
		} else {
			str_copy(score, sizeof(score), t_missing);
			str_copy(share, sizeof(share), "-");
		}
		text_fit(cname(c), wname, true, buf, sizeof(buf));
		printf("  %s  %*s  ", buf, wraw, raw[c]);
		text_fit(d->component_text[c].text, wfig, true, buf, sizeof(buf));
		printf("%s  ", buf);
		app_pad_left(stdout, score, 7);
		printf("  %6.0f  %5s%s\n", p->weight, share,
		       c == m->pulls_down ? _("  << pulls down most") : "");
	}
}

static void print_pulls_down(const struct account_detail *d)
{
	const struct health_model *m = &d->model;

	if (!m->has_score)
		return;
	if (m->pulls_down < 0) {
		puts(_("pulls down most: none (every component with data scores 100)"));
		return;
	}
	int c = m->pulls_down;
	printf(_("pulls down most: %s (%s: scores %.0f of 100 at weight %.0f, costs %.1f points)\n"),
	       cname(c), d->component_text[c].text, m->part[c].score, m->part[c].weight,
	       cost_points(m, c));
}

static void print_text(struct app *app, const struct account_detail *d)
{
	printf("%s  (%s)\n", d->name, d->crm_id);
	print_vendor(app, d);
	print_computed(app, d);
	print_components(d);
	print_pulls_down(d);
}

/* ---- json ---------------------------------------------------------------- */

static void add(json_object *o, const char *k, json_object *v)
{
	json_object_object_add(o, k, v);
}

static void print_json(const struct app *app, const struct account_detail *d)
{
	const struct health_model *m = &d->model;
	json_object *o = json_object_new_object(), *v = json_object_new_object();
	json_object *cm = json_object_new_object(), *cs = json_object_new_array();

	add(o, "today", json_day_or_null(app->today));
	add(o, "id", json_object_new_string(d->crm_id));
	add(o, "name", json_object_new_string(d->name));

	add(o, "shown", json_object_new_string(app->cfg.health_score == HEALTH_VENDOR ? "vendor" : "computed"));
	add(v, "score", d->vendor.has ? json_object_new_double(d->vendor.score) : NULL);
	add(v, "date", d->vendor.has ? json_day_or_null(d->vendor.day) : NULL);
	add(v, "band", d->vendor.has ? json_object_new_string(health_band(&app->cfg, d->vendor.score)) : NULL);
	add(v, "delta_4w", d->vendor.has_delta ? json_object_new_double(d->vendor.delta4w) : NULL);
	add(o, "vendor", v);

	add(cm, "score", m->has_score ? json_object_new_double(m->score) : NULL);
	add(cm, "date", json_day_or_null(d->model_day));
	add(cm, "band", m->has_score ? json_object_new_string(health_band(&app->cfg, m->score)) : NULL);
	bool stored = d->computed.has && d->computed.day == d->model_day;
	add(cm, "stored_score", stored ? json_object_new_double(d->computed.score) : NULL);
	add(cm, "delta_4w", stored && d->computed.has_delta ? json_object_new_double(d->computed.delta4w) : NULL);
	add(o, "computed", cm);

	for (int c = 0; c < HC_COUNT; c++) {
		const struct health_part *p = &m->part[c];
		json_object *j = json_object_new_object();
		add(j, "name", json_object_new_string(cname(c)));
		add(j, "label", json_object_new_string(health_component_label((enum health_component)c)));
		add(j, "raw_means", json_object_new_string(health_component_help((enum health_component)c)));
		add(j, "present", json_object_new_boolean(p->present));
		add(j, "raw", p->present ? json_object_new_double(p->raw) : NULL);
		add(j, "figures", json_object_new_string(p->present ? d->component_text[c].text : ""));
		add(j, "missing_reason", p->present ? NULL : json_object_new_string(d->component_text[c].text));
		add(j, "score", p->present ? json_object_new_double(p->score) : NULL);
		add(j, "weight", json_object_new_double(p->weight));
		add(j, "contribution", p->present ? json_object_new_double(p->contribution) : NULL);
		add(j, "cost", p->present ? json_object_new_double(cost_points(m, c)) : NULL);
		add(j, "pulls_down_most", json_object_new_boolean(c == m->pulls_down));
		json_object_array_add(cs, j);
	}
	add(o, "components", cs);
	add(o, "pulls_down", m->pulls_down >= 0 ? json_object_new_string(cname(m->pulls_down)) : NULL);
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

/* ---- --backtest ---------------------------------------------------------- */


static int n_sources(const struct backtest_report *r, enum bt_source src[BT_SOURCES])
{
	int n = 0;
	for (int s = 0; s < BT_SOURCES; s++)
		if (s != BT_CANDIDATE || r->has_candidate)
			src[n++] = (enum bt_source)s;
	return n;
}

static void band_cell(const struct bt_band_stats *b, char *out, size_t size)
{
	if (!b->accounts)
		str_copy(out, size, _("0 of 0"));
	else
		/* TRANSLATORS: churned accounts of the band's accounts, and the rate */
		str_format(out, size, _("%zu of %zu (%.0f%%)"), b->churned, b->accounts,
			   100.0 * (double)b->churned / (double)b->accounts);
}

#define BT_COL 18

/* One row: a label, then one cell per model. */
static void bt_row(const char *label, char cells[][48], int n)
{
	app_pad(stdout, label, BT_COL);
	for (int i = 0; i < n; i++) {
		fputs("  ", stdout);
		app_pad(stdout, cells[i], i + 1 < n ? BT_COL : 0);
	}
	putchar('\n');
}

static void backtest_text(const struct backtest_report *r, const char *model_path)
{
	enum bt_source src[BT_SOURCES];
	int n = n_sources(r, src);
	char cells[BT_SOURCES][48], a[32], b[32];
	bool undefined = false;

	printf(_("backtest: %s accounts with an outcome (%s renewed, %s churned), each scored %d "
	       "days before it\n"), num_grouped(r->n, a), num_grouped(r->renewed, b), num_grouped(r->churned, cells[0]),
	       r->horizon);
	if (model_path) {
		char *clean = text_sanitize(model_path, false);
		printf(_("candidate: %s\n"), clean);
		free(clean);
	}
	putchar('\n');
	for (int i = 0; i < n; i++)
		str_copy(cells[i], sizeof(cells[i]), backtest_source_name(src[i]));
	bt_row("", cells, n);
	for (int i = 0; i < n; i++)
		num_grouped(r->result[src[i]].scored, cells[i]);
	bt_row(_("scored"), cells, n);
	for (int i = 0; i < n; i++)
		num_grouped(r->result[src[i]].no_score, cells[i]);
	bt_row(_("no score"), cells, n);
	for (int band = 0; band < BT_BANDS; band++) {
		char label[64];
		str_format(label, sizeof(label), _("churned in %s"), backtest_band_name((enum bt_band)band));
		for (int i = 0; i < n; i++)
			band_cell(&r->result[src[i]].band[band], cells[i], sizeof(cells[i]));
		bt_row(label, cells, n);
	}
	for (int i = 0; i < n; i++) {
		const struct bt_result *res = &r->result[src[i]];
		if (res->has_auc) {
			str_format(cells[i], sizeof(cells[i]), "%.3f", res->auc);
		} else {
			str_copy(cells[i], sizeof(cells[i]), _("undefined"));
			undefined = true;
		}
	}
	bt_row("AUC", cells, n);
	for (int i = 0; i < n; i++)
		str_format(cells[i], sizeof(cells[i]), "<= %d, <= %d", r->result[src[i]].red_max,
			   r->result[src[i]].yellow_max);
	bt_row(_("bands red, yellow"), cells, n);
	puts(_("\nAUC: the chance that a churned account scored below a renewed one "
	     "(0.5 = chance, 1 = perfect)."));
	if (undefined)
		puts(_("undefined: the AUC needs scored accounts of both outcomes."));
}

static json_object *json_score(const struct bt_account *a, enum bt_source s)
{
	return a->has[s] ? json_object_new_double(a->score[s]) : NULL;
}

static void backtest_json(const struct app *app, const struct backtest_report *r,
			  const char *model_path)
{
	enum bt_source src[BT_SOURCES];
	int n = n_sources(r, src);
	json_object *o = json_object_new_object(), *models = json_object_new_array();
	json_object *accts = json_object_new_array();

	add(o, "today", json_day_or_null(app->today));
	add(o, "horizon_days", json_object_new_int(r->horizon));
	add(o, "accounts", json_object_new_int64((int64_t)r->n));
	add(o, "renewed", json_object_new_int64((int64_t)r->renewed));
	add(o, "churned", json_object_new_int64((int64_t)r->churned));
	add(o, "candidate", json_string_or_null(model_path));
	for (int i = 0; i < n; i++) {
		const struct bt_result *res = &r->result[src[i]];
		json_object *m = json_object_new_object(), *bands = json_object_new_object();
		add(m, "name", json_object_new_string(backtest_source_name(src[i])));
		add(m, "scored", json_object_new_int64((int64_t)res->scored));
		add(m, "no_score", json_object_new_int64((int64_t)res->no_score));
		for (int band = 0; band < BT_BANDS; band++) {
			const struct bt_band_stats *b = &res->band[band];
			json_object *j = json_object_new_object();
			add(j, "accounts", json_object_new_int64((int64_t)b->accounts));
			add(j, "churned", json_object_new_int64((int64_t)b->churned));
			add(j, "churn_rate", b->accounts ? json_object_new_double(
				(double)b->churned / (double)b->accounts) : NULL);
			add(bands, backtest_band_name((enum bt_band)band), j);
		}
		add(m, "bands", bands);
		add(m, "red_max", json_object_new_int(res->red_max));
		add(m, "yellow_max", json_object_new_int(res->yellow_max));
		add(m, "auc", res->has_auc ? json_object_new_double(res->auc) : NULL);
		json_object_array_add(models, m);
	}
	add(o, "models", models);
	for (size_t k = 0; k < r->n; k++) {
		const struct bt_account *a = &r->acct[k];
		json_object *j = json_object_new_object(), *sc = json_object_new_object();
		add(j, "id", json_object_new_string(a->crm_id));
		add(j, "outcome", json_object_new_string(a->churned ? "churned" : "renewed"));
		add(j, "outcome_date", json_day_or_null(a->outcome_day));
		add(j, "score_date", json_day_or_null(a->score_day));
		for (int i = 0; i < n; i++)
			add(sc, backtest_source_name(src[i]), json_score(a, src[i]));
		add(j, "scores", sc);
		json_object_array_add(accts, j);
	}
	add(o, "outcomes", accts);
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

/* One row per account with an outcome, a column per score. */
static int backtest_csv(const struct backtest_report *r, const struct csvout_opts *o)
{
	enum bt_source src[BT_SOURCES];
	int n = n_sources(r, src);
	struct csvout w;
	char a[11], b[11], score[32];
	int rc = app_csv_begin("health", &w, o);

	if (rc != CS_EXIT_OK)
		return rc;
	static const char *const head[] = { "account", "outcome", "outcome_date", "score_date" };
	for (size_t f = 0; f < ARRAY_SIZE(head); f++)
		csvout_cell(&w, head[f]);
	for (int i = 0; i < n; i++)
		csvout_cell(&w, backtest_source_name(src[i]));
	csvout_end_row(&w);
	for (size_t k = 0; k < r->n; k++) {
		const struct bt_account *x = &r->acct[k];
		day_format_iso(x->outcome_day, a);
		day_format_iso(x->score_day, b);
		csvout_cell(&w, x->crm_id);
		csvout_cell(&w, x->churned ? "churned" : "renewed");
		csvout_cell(&w, a);
		csvout_cell(&w, b);
		for (int i = 0; i < n; i++) {
			score[0] = '\0';
			if (x->has[src[i]])
				str_format(score, sizeof(score), "%.2f", x->score[src[i]]);
			csvout_cell(&w, score);
		}
		csvout_end_row(&w);
	}
	return app_csv_end("health", &w);
}

/* The candidate: a csconsole.yaml over the built-in defaults, except that
 * its bands start from the current ones (a model-only file keeps them). */
static int load_candidate(const struct app *app, const char *path, struct config *cand)
{
	struct diag_list diags = {0};
	int rc;

	config_defaults(cand);
	cand->band_red_max = app->cfg.band_red_max;
	cand->band_yellow_max = app->cfg.band_yellow_max;
	rc = config_load_file(cand, path, &diags);
	diag_print(&diags, stderr);
	diag_clear(&diags);
	if (rc != 0) {
		fprintf(stderr, _("csconsole health: the candidate model %s has errors (above): fix "
			"them and run the backtest again\n"), path);
		config_free(cand);
		return CS_EXIT_CONFIG;
	}
	return CS_EXIT_OK;
}

static int run_backtest(struct app *app, const char *model_path, int horizon, enum app_format format,
			const struct csvout_opts *csv)
{
	struct config cand;
	struct backtest_report r;
	int rc;

	if ((rc = app_open_store(app)) != CS_EXIT_OK)
		return rc;
	if (model_path && (rc = load_candidate(app, model_path, &cand)) != CS_EXIT_OK)
		return rc;
	rc = backtest_run(&app->store, &app->cfg, model_path ? &cand : NULL, horizon, &r);
	if (model_path)
		config_free(&cand);
	if (rc != 0) {
		fprintf(stderr, "csconsole health: %s\n", error_message());
		return CS_EXIT_STORE;
	}
	rc = CS_EXIT_OK;
	if (format == APP_CSV)
		rc = backtest_csv(&r, csv);
	else if (r.n == 0 && format == APP_TEXT)
		puts(_("backtest: no account has an outcome yet: the accounts feed gives them "
		     "(outcome: renewed or churned, with outcome_date; docs/feeds.md)"));
	else if (format == APP_JSON)
		backtest_json(app, &r, model_path);
	else
		backtest_text(&r, model_path);
	backtest_free(&r);
	return rc;
}

/* ---- --recompute --------------------------------------------------------- */

static int run_recompute(struct app *app, int weeks)
{
	struct app_progress progress;
	struct healthcalc_stats stats = { .progress = app_progress_accounts, .progress_ctx = &progress };
	char a[NUM_GROUPED_SIZE], b[NUM_GROUPED_SIZE];
	int rc;

	if ((rc = app_open_store(app)) != CS_EXIT_OK)
		return rc;
	app_progress_start(&progress);
	if (healthcalc_recompute(&app->store, &app->cfg, app->today, weeks, &stats) != 0) {
		char *msg = text_sanitize(error_message(), false);
		fprintf(stderr, "csconsole health: %s\n", msg);
		free(msg);
		return CS_EXIT_STORE;
	}
	printf(_("recomputed %s accounts x %d weeks: %s snapshots in %.2f s\n"),
	       num_grouped(stats.accounts, a), weeks, num_grouped(stats.snapshots, b), stats.seconds);
	return CS_EXIT_OK;
}

/* ---- the command --------------------------------------------------------- */

static int explain(struct app *app, const char *account, bool json)
{
	struct account_detail d;
	int rc;

	if ((rc = app_load_account(app, "health", account, &d)) != CS_EXIT_OK)
		return rc;
	if (json)
		print_json(app, &d);
	else
		print_text(app, &d);
	detail_free(&d);
	return CS_EXIT_OK;
}

/* A command-line argument made safe to print (untrusted text); valid until
 * the next call. */
static const char *shown(const char *arg)
{
	static char *clean;
	free(clean);
	clean = arg ? text_sanitize(arg, false) : NULL;
	return clean;
}

static int usage_error(const char *fmt, ...) PRINTF_LIKE(1, 2);
static int usage_error(const char *fmt, ...)
{
	va_list ap;
	fputs(_("csconsole health: "), stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	shown(NULL);
	return CS_EXIT_USAGE;
}

static bool parse_days(const char *s, long max, int *out)
{
	long v;
	if (!str_to_long(s, 1, max, &v))
		return false;
	*out = (int)v;
	return true;
}

int cmd_health(struct app *app, int argc, char **argv)
{
	enum { O_BACKTEST = 256, O_RECOMPUTE, O_HORIZON, O_WEEKS };
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{"backtest", no_argument, NULL, O_BACKTEST},
		{"recompute", no_argument, NULL, O_RECOMPUTE},
		{"horizon", required_argument, NULL, O_HORIZON},
		{"weeks", required_argument, NULL, O_WEEKS},
		APP_CSV_OPTIONS,
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	enum app_format fmt = APP_TEXT;
	struct csvout_opts csv = { 0 };
	bool backtest = false, recompute = false, horizon_set = false, weeks_set = false;
	int horizon = BACKTEST_HORIZON, weeks = 52, opt, rc;
	const char *format = NULL;

	while ((opt = getopt_long(argc, argv, "f:h", options, NULL)) != -1) {
		if ((rc = app_csv_option("health", opt, optarg, &csv)) != 0) {
			if (rc < 0)
				return CS_EXIT_USAGE;
			continue;
		}
		switch (opt) {
		case 'f':
			if (app_format_parse("health", optarg, APP_FMT(APP_TEXT) | APP_FMT(APP_JSON) |
					     APP_FMT(APP_CSV), &fmt) < 0)
				return CS_EXIT_USAGE;
			format = optarg;
			break;
		case O_BACKTEST:
			backtest = true;
			break;
		case O_RECOMPUTE:
			recompute = true;
			break;
		case O_HORIZON:
			if (!parse_days(optarg, 3650, &horizon))
				return usage_error(_("--horizon \"%s\": give a number of days, 1 to 3650"),
						   shown(optarg));
			horizon_set = true;
			break;
		case O_WEEKS:
			if (!parse_days(optarg, 520, &weeks))
				return usage_error(_("--weeks \"%s\": give a number of weeks, 1 to 520"),
						   shown(optarg));
			weeks_set = true;
			break;
		case 'h':
			app_usage(stdout, health_usage, true);
			return CS_EXIT_OK;
		default:
			app_usage(stderr, health_usage, true);
			return CS_EXIT_USAGE;
		}
	}
	if (backtest && recompute)
		return usage_error(_("--backtest and --recompute are separate runs: give one"));
	if (horizon_set && !backtest)
		return usage_error(_("--horizon goes with --backtest"));
	if (weeks_set && !recompute)
		return usage_error(_("--weeks goes with --recompute"));
	if (app_csv_check("health", fmt, &csv) < 0)
		return CS_EXIT_USAGE;
	if (fmt == APP_CSV && !backtest && !recompute)
		return usage_error(_("one account's explanation prints text or json; csv is for the "
				   "list of --backtest"));
	if (recompute) {
		if (format)
			return usage_error(_("--recompute prints one line: no --format"));
		if (optind < argc)
			return usage_error(_("--recompute rebuilds every account: unexpected \"%s\""),
					   shown(argv[optind]));
		return run_recompute(app, weeks);
	}
	if (backtest) {
		if (optind + 1 < argc)
			return usage_error(_("--backtest takes one candidate model: unexpected \"%s\""),
					   shown(argv[optind + 1]));
		return run_backtest(app, optind < argc ? argv[optind] : NULL, horizon, fmt, &csv);
	}
	if (optind >= argc) {
		fprintf(stderr, _("csconsole health: which account? give a CRM id (e.g. ACC-0001) or an "
			"exact name; `csconsole accounts` lists them\n"));
		return CS_EXIT_USAGE;
	}
	if (optind + 1 < argc)
		return usage_error(_("one account at a time (unexpected \"%s\"); quote a name with spaces"),
				   shown(argv[optind + 1]));
	return explain(app, argv[optind], fmt == APP_JSON);
}
