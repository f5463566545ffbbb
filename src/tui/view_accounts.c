/* view_accounts.c - the portfolio: my book, one row per account.
 *
 * A scope's accounts are fetched once (book_fetch, the same rows as
 * `csconsole accounts`); sorting, filtering and searching then work in
 * memory on an index array (book_order, book_row_passes, book_search), so
 * a key costs no query even on a team of 100,000 accounts. The columns and
 * their hiding order are the table in columns.h, chosen and ordered by
 * `columns:` in csconsole.yaml; view_accounts_draw.c lays them out. The
 * whole team loads in the background (book_prefetch): its first rows show
 * at once, and a key that needs every row waits in a queue, replayed when
 * they land, so the screen never freezes.
 *
 * The daily actions work on the selected account as in the account view:
 * d, z, m on its next touchpoint, a schedules one, ! opens a risk, e and x
 * on my latest note there, u undoes my last action (touch_prompts.c). Esc
 * does not quit here (q does, as in htop and tig): it says so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csconsole/book.h"
#include "csconsole/date.h"
#include "csconsole/display.h"
#include "csconsole/log.h"
#include "csconsole/i18n.h"
#include "csconsole/text.h"
#include "csconsole/touch_prompts.h"
#include "csconsole/tui.h"
#include "csconsole/tui_labels.h"

#include "view_accounts.h"

const struct accounts_column accounts_columns[PCOL_COUNT] = {
#define COLUMN_INFO(id, nm, t, r, prio, help) [PCOL_##id] = { nm, t, r, prio },
	PORTFOLIO_COLUMNS(COLUMN_INFO)
#undef COLUMN_INFO
};

const int accounts_column_sort[PCOL_COUNT] = {
	[PCOL_ACCOUNT] = BOOK_SORT_NAME, [PCOL_ROLE] = BOOK_SORT_ROLE,
	[PCOL_OTHER] = BOOK_SORT_OTHER, [PCOL_TOUCH] = BOOK_SORT_TOUCH,
	[PCOL_STAGE] = BOOK_SORT_STAGE, [PCOL_ARR] = BOOK_SORT_ARR,
	[PCOL_HEALTH] = BOOK_SORT_HEALTH, [PCOL_TREND] = -1, [PCOL_DELTA] = BOOK_SORT_DELTA,
	[PCOL_RISK] = BOOK_SORT_RISK, [PCOL_BLIND] = -1, [PCOL_RENEWAL] = BOOK_SORT_RENEWAL,
	[PCOL_DAYS] = BOOK_SORT_RENEWAL, [PCOL_NEXT] = BOOK_SORT_NEXT_TOUCH,
	[PCOL_SENTIMENT] = BOOK_SORT_SENTIMENT,
};

#define OTHER_MAX_WIDTH 12
#define RISK_MAX_WIDTH 20

static size_t queue_drop(struct accounts_view *av);

/* The widest date the date format produces: one date in each month. */
static int date_width(const char *fmt, int today)
{
	int y, m, d, w = 0;
	char buf[64];

	day_to_ymd(today, &y, &m, &d);
	for (int month = 1; month <= 12; month++) {
		day_format(day_from_ymd(y, month, 28), fmt, buf, sizeof(buf));
		w = max_int(w, text_width(buf));
	}
	return w;
}

static int column_by_name(const char *name)
{
	for (int c = 0; c < PCOL_COUNT; c++)
		if (str_eq(accounts_columns[c].name, name))
			return c;
	return -1;
}

/* The configured columns; the account name always, first when left out. */
static void columns_from_config(struct accounts_view *av, const struct config *cfg)
{
	bool has_account = strlist_has(&cfg->columns, "account");

	av->n_cols = 0;
	if (!has_account || cfg->columns.len == 0)
		av->cols[av->n_cols++] = PCOL_ACCOUNT;
	for (size_t i = 0; i < cfg->columns.len && av->n_cols < PCOL_COUNT; i++) {
		int c = column_by_name(cfg->columns.items[i]);
		if (c >= 0)
			av->cols[av->n_cols++] = c;
	}
}

void accounts_format_risk(const struct config *cfg, const struct book_row *r, char *out, size_t size)
{
	const char *sev = severity_label(risk_severity_name(r->top_risk_severity));
	const char *cat = risk_category_label(cfg, r->top_risk_category);

	if (r->open_risks == 0)
		str_copy(out, size, "-");
	else if (r->open_risks == 1)
		str_format(out, size, "%s %s", sev, cat);
	else
		str_format(out, size, "%s %s +%d", sev, cat, r->open_risks - 1);
}

/* The distinct values of a short text column (touch model, stage): their
 * labels are measured once each, not once a row (a label is a catalog
 * lookup). False when full: the caller measures that row itself. */
struct seen_words {
	char word[8][16];
	int n;
};

static bool seen_word(struct seen_words *s, const char *word)
{
	for (int i = 0; i < s->n; i++)
		if (str_eq(s->word[i], word))
			return true;
	if (s->n == (int)ARRAY_SIZE(s->word) || strlen(word) >= sizeof(s->word[0]))
		return false;
	str_copy(s->word[s->n++], sizeof(s->word[0]), word);
	return true;
}

/* Column widths over the whole scope (not the page: columns must not jump
 * while scrolling). ARR: only each currency's largest amount is formatted;
 * role, touch model, stage and sentiment: each distinct value's label once. */
static void measure_rows(const struct config *cfg, int today, const struct book *b, struct col_widths *w)
{
	struct { char currency[8]; int64_t max; } big[BOOK_MAX_CURRENCIES];
	size_t n_big = 0;
	char buf[128];
	bool roles[ROLE_COVERING + 1] = { false };
	uint64_t sentiments = 0;   /* 1 << value, for values 1..63 */
	struct seen_words touch = { .n = 0 }, stage = { .n = 0 };

	w->role = text_width(_(accounts_columns[PCOL_ROLE].title));
	w->other = text_width(_(accounts_columns[PCOL_OTHER].title));
	w->risk = text_width(_(accounts_columns[PCOL_RISK].title));
	w->arr = text_width(_(accounts_columns[PCOL_ARR].title));
	w->sent = text_width(_(accounts_columns[PCOL_SENTIMENT].title));
	w->touch = 5;
	w->stage = 10;
	for (size_t i = 0; i < b->len; i++) {
		const struct book_row *r = &b->rows[i];
		if (r->role <= ROLE_COVERING)
			roles[r->role] = true;
		else
			w->role = max_int(w->role, text_width(role_label(book_role_name(r->role))));
		if (r->other_owner)
			w->other = max_int(w->other, (int)strlen(r->other_owner));  /* handles are ASCII */
		if (r->open_risks > 0 && w->risk < RISK_MAX_WIDTH) {
			accounts_format_risk(cfg, r, buf, sizeof(buf));
			w->risk = max_int(w->risk, text_width(buf));
		}
		if (!seen_word(&touch, r->touch_model))
			w->touch = max_int(w->touch, text_width(touch_model_label(cfg, r->touch_model)));
		if (!seen_word(&stage, r->stage))
			w->stage = max_int(w->stage, text_width(stage_label(r->stage)));
		if (r->last_sentiment > 0 && r->last_sentiment < 64)
			sentiments |= UINT64_C(1) << r->last_sentiment;
		else if (r->last_sentiment)
			w->sent = max_int(w->sent, text_width(sentiment_label(cfg, r->last_sentiment)));
		if (r->arr_minor != INT64_MIN) {
			int64_t mag = r->arr_minor < 0 ? -r->arr_minor : r->arr_minor;
			size_t k;
			for (k = 0; k < n_big && !str_eq(big[k].currency, r->currency); k++)
				;
			if (k == n_big && n_big < ARRAY_SIZE(big)) {
				str_copy(big[k].currency, sizeof(big[k].currency), r->currency);
				big[k].max = mag;
				n_big++;
			} else if (k < n_big && mag > big[k].max) {
				big[k].max = mag;
			}
		}
	}
	for (int k = 0; k <= ROLE_COVERING; k++)
		if (roles[k])
			w->role = max_int(w->role, text_width(role_label(book_role_name((enum book_role)k))));
	for (int k = 0; k < touch.n; k++)
		w->touch = max_int(w->touch, text_width(touch_model_label(cfg, touch.word[k])));
	for (int k = 0; k < stage.n; k++)
		w->stage = max_int(w->stage, text_width(stage_label(stage.word[k])));
	for (int k = 1; k < 64; k++)
		if (sentiments >> k & 1)
			w->sent = max_int(w->sent, text_width(sentiment_label(cfg, k)));
	for (size_t k = 0; k < n_big; k++) {
		money_format(-big[k].max, big[k].currency, buf, sizeof(buf));   /* with the sign: widest */
		w->arr = max_int(w->arr, text_width(buf));
	}
	w->other = w->other > OTHER_MAX_WIDTH ? OTHER_MAX_WIDTH : w->other;
	w->risk = w->risk > RISK_MAX_WIDTH ? RISK_MAX_WIDTH : w->risk;
	w->date = max_int(date_width(display_date_format(cfg, false), today),
			     text_width(_(accounts_columns[PCOL_RENEWAL].title)));
}

static void measure(struct tui *tui, struct accounts_view *av)
{
	measure_rows(&tui->app->cfg, tui->app->today, &av->book, &av->w);
}

/* The absent owners whose accounts I cover, for the header. */
static int cmp_handle(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The first 4 A to Z: the same whatever order the rows come in. */
static void covering_of(const struct book *book, char *out, size_t size)
{
	struct strlist who = { 0 };
	struct sbuf b = { 0 };

	for (size_t i = 0; i < book->len; i++) {
		const struct book_row *r = &book->rows[i];
		if (r->role == ROLE_COVERING && r->main_owner && !strlist_has(&who, r->main_owner))
			strlist_add(&who, r->main_owner);
	}
	if (who.len > 1)
		qsort(who.items, who.len, sizeof(*who.items), cmp_handle);
	for (size_t i = 0; i < who.len && i < 4; i++)
		sbuf_addf(&b, "%s%s", i ? ", " : "", who.items[i]);
	str_copy(out, size, sbuf_str(&b));
	sbuf_free(&b);
	strlist_clear(&who);
}

static void find_covering(struct accounts_view *av)
{
	covering_of(&av->book, av->covering_for, sizeof(av->covering_for));
}

/* --- The rows shown: filter, sort, search (all in memory) ------------------------ */

static size_t selected_row(const struct accounts_view *av)
{
	return av->n_order ? av->order[av->list.sel] : SIZE_MAX;
}

static void select_row(struct accounts_view *av, size_t row)
{
	av->list.sel = 0;
	for (size_t i = 0; row != SIZE_MAX && i < av->n_order; i++)
		if (av->order[i] == row) {
			av->list.sel = i;
			return;
		}
}

static void count_matches(struct accounts_view *av)
{
	av->n_match = 0;
	for (size_t i = 0; av->match && i < av->n_order; i++)
		av->n_match += av->match[av->order[i]];
}

/* What an order of the rows was made with: the sort, its direction, the filters. */
static void order_key(const struct book_filter *f, enum book_sort sort, bool descending, char *out, size_t size)
{
	char filters[256];

	book_filter_format(f, filters, sizeof(filters));
	str_format(out, size, "%d %d %s", (int)sort, descending, filters);
}

/* Filters and sorts the fetched rows again, keeping the selected account
 * selected when it is still shown. */
static void arrange(struct accounts_view *av)
{
	size_t keep_row = selected_row(av);
	char key[sizeof(av->team_derived.order_key)];

	/* the team's order is kept for the sort and filters it was made with:
	 * a scope key back to the team then sorts nothing */
	order_key(&av->filter, av->sort, av->descending, key, sizeof(key));
	if (av->book_is_team && av->team_derived.order && str_eq(key, av->team_derived.order_key)) {
		av->n_order = av->team_derived.n_order;
		memcpy(av->order, av->team_derived.order, av->n_order * sizeof(*av->order));
	} else {
		for (size_t i = 0; i < av->book.len; i++)
			av->keep[i] = book_row_passes(&av->book.rows[i], &av->filter);
		book_order(&av->book, av->keep, av->sort, av->descending, av->order, &av->n_order);
		if (av->book_is_team) {
			size_t n = av->n_order ? av->n_order : 1;
			av->team_derived.order = xreallocarray(av->team_derived.order, n, sizeof(*av->order));
			memcpy(av->team_derived.order, av->order, av->n_order * sizeof(*av->order));
			av->team_derived.n_order = av->n_order;
			str_copy(av->team_derived.order_key, sizeof(av->team_derived.order_key), key);
		}
	}
	av->list.len = av->n_order;
	select_row(av, keep_row);
	count_matches(av);
}

static void clear_matches(struct accounts_view *av)
{
	free(av->match);
	av->match = NULL;
	av->n_match = 0;
}

static int find_matches(struct tui *tui, struct accounts_view *av, const char *text)
{
	if (!*text) {
		clear_matches(av);
		return 0;
	}
	if (!av->match)
		av->match = xcalloc(av->book.len ? av->book.len : 1, sizeof(*av->match));
	if (book_search(&tui->app->store, &av->book, text, av->match) < 0) {
		clear_matches(av);
		return -1;
	}
	count_matches(av);
	return 0;
}

/* Lets go of the scope's rows (the team's stay while team holds them). */
static void drop_book(struct accounts_view *av)
{
	if (av->book_is_team)
		memset(&av->book, 0, sizeof(av->book));
	else
		book_free(&av->book);
	av->book_is_team = false;
}

/* Forgets the team's rows and stops their fetch: the data changed. */
static void drop_team(struct accounts_view *av)
{
	book_prefetch_cancel(av->prefetch);
	av->prefetch = NULL;
	if (av->job)
		free(av->job->out.order);
	free(av->job);
	av->job = NULL;
	if (av->book_is_team)
		drop_book(av);
	if (av->have_team)
		book_free(&av->team);
	av->have_team = false;
	av->team_derived.valid = false;
	free(av->team_derived.order);
	av->team_derived.order = NULL;
}

/* In the fetch's thread, on the team's rows: what install derives from
 * them, for the sort and filters in force when the fetch started, so that
 * the switch to the team makes no pass over 100,000 rows. */
static void derive_team(const struct book *b, void *arg)
{
	struct derive_job *job = arg;
	struct team_derived *d = &job->out;
	bool *keep = xmalloc((b->len ? b->len : 1) * sizeof(*keep));

	book_summary_count(job->cfg, b, &d->sum);
	covering_of(b, d->covering_for, sizeof(d->covering_for));
	measure_rows(job->cfg, job->today, b, &d->w);
	for (size_t i = 0; i < b->len; i++)
		keep[i] = book_row_passes(&b->rows[i], &job->filter);
	d->order = xmalloc((b->len ? b->len : 1) * sizeof(*d->order));
	book_order(b, keep, job->sort, job->descending, d->order, &d->n_order);
	str_copy(d->order_key, sizeof(d->order_key), job->order_key);
	d->valid = true;
	free(keep);
}

/* The team's first rows the fetch finds first: two screens, so that a
 * page down still has rows to show. */
static size_t window_rows(const struct tui *tui)
{
	return (size_t)(tui->rows > 8 ? tui->rows : 8) * 2;
}

/* Starts fetching the whole team in the background, so that switching to
 * it (or back to a smaller scope) costs no query: first its first rows in
 * the sort in force (book_window), then every row and what the view
 * derives from them (derive_team). */
static void start_prefetch(struct tui *tui, struct accounts_view *av)
{
	struct app *app = tui->app;
	struct derive_job *job;

	if (av->prefetch || av->have_team || !app->store.path)
		return;
	job = xcalloc(1, sizeof(*job));
	job->cfg = &app->cfg;
	job->today = app->today;
	job->sort = av->sort;
	job->descending = av->descending;
	job->filter = av->filter;
	str_copy(job->owner, sizeof(job->owner), av->owner);
	str_copy(job->risk, sizeof(job->risk), av->risk);
	job->filter.owner = av->filter.owner ? job->owner : NULL;
	job->filter.risk_category = av->filter.risk_category ? job->risk : NULL;
	job->filter.search = NULL;
	order_key(&av->filter, av->sort, av->descending, job->order_key, sizeof(job->order_key));
	struct book_prefetch_opts opts = {
		.sort = av->sort, .descending = av->descending, .window = window_rows(tui),
		.derive = derive_team, .arg = job,
	};
	av->prefetch = book_prefetch_start(app->store.path, app->cfg.shared_dir, app->cfg.me, SCOPE_TEAM,
					   app->today, &opts);
	if (av->prefetch)
		av->job = job;
	else
		free(job);
}

/* Are the team's rows for today at hand without waiting? */
static bool team_at_hand(struct tui *tui, struct accounts_view *av)
{
	struct app *app = tui->app;

	if (av->have_team && av->team_today == app->today)
		return true;
	return book_prefetch_matches(av->prefetch, app->cfg.me, SCOPE_TEAM, app->today) &&
	       book_prefetch_done(av->prefetch);
}

/* The team's rows for today: loaded, or waited for when their fetch still
 * runs. False when there are none (the caller then queries). */
static bool team_ready(struct tui *tui, struct accounts_view *av)
{
	struct app *app = tui->app;

	if (av->have_team && av->team_today == app->today)
		return true;
	if (!book_prefetch_matches(av->prefetch, app->cfg.me, SCOPE_TEAM, app->today)) {
		drop_team(av);
		return false;
	}
	int rc = book_prefetch_take(av->prefetch, &av->team);
	av->prefetch = NULL;
	if (av->job && av->job->out.valid) {
		/* what the thread derived is the view's now */
		free(av->team_derived.order);
		av->team_derived = av->job->out;
	} else if (av->job) {
		free(av->job->out.order);
	}
	free(av->job);
	av->job = NULL;
	if (rc < 0)
		return false;   /* the caller's query says what is wrong, if it still is */
	av->have_team = true;
	av->team_today = app->today;
	return true;
}

/* The view shows book b from now on (the whole team's, or its first rows
 * while the rest loads: partial), with no order, kept rows or matches yet. */
static void set_book(struct accounts_view *av, struct book b, bool is_team, bool partial)
{
	size_t n = b.len ? b.len : 1;
	drop_book(av);
	av->book = b;
	av->book_is_team = is_team;
	av->partial = partial;
	free(av->order);
	free(av->keep);
	av->order = xmalloc(n * sizeof(*av->order));
	av->keep = xmalloc(n * sizeof(*av->keep));
	av->n_order = 0;
	clear_matches(av);
}

/* Shows fresh rows (owned by the view, or the team's when is_team), keeping
 * the account keep selected when it is still there. */
static int install(struct tui *tui, struct accounts_view *av, struct book fresh, bool is_team, const char *keep)
{
	struct app *app = tui->app;
	size_t sel = SIZE_MAX;

	set_book(av, fresh, is_team, false);
	if (is_team && av->team_derived.valid) {
		av->sum = av->team_derived.sum;
		book_summary_sync(&app->store, ts_now(), &av->sum);
		str_copy(av->covering_for, sizeof(av->covering_for), av->team_derived.covering_for);
		av->w = av->team_derived.w;
	} else {
		if (book_summarize(&app->store, &app->cfg, &av->book, ts_now(), &av->sum) < 0)
			memset(&av->sum, 0, sizeof(av->sum));
		find_covering(av);
		measure(tui, av);
		if (is_team) {
			av->team_derived.sum = av->sum;
			str_copy(av->team_derived.covering_for, sizeof(av->team_derived.covering_for),
				 av->covering_for);
			av->team_derived.w = av->w;
			av->team_derived.valid = true;
		}
	}
	arrange(av);
	for (size_t i = 0; keep[0] && i < av->book.len; i++)
		if (str_eq(av->book.rows[i].crm_id, keep))
			sel = i;
	select_row(av, sel);
	if (av->search[0] && find_matches(tui, av, av->search) < 0)
		return -1;
	return 0;
}

static void selected_id(const struct accounts_view *av, char *out, size_t size)
{
	size_t sel = selected_row(av);
	str_copy(out, size, sel != SIZE_MAX ? av->book.rows[sel].crm_id : "");
}

/* Fetches the scope again (start-up, after a sync or an action): the data
 * changed, so the team's rows are fetched again too, in the background
 * unless the scope is the team. A smaller scope's rows are put in name
 * order, as book_subset gives them from the team's. */
static int reload(struct tui *tui, struct accounts_view *av)
{
	struct app *app = tui->app;
	struct book fresh = { 0 };
	char keep[64];

	selected_id(av, keep, sizeof(keep));
	if (book_fetch(&app->store, app->cfg.me, av->scope, app->today, &fresh) < 0) {
		av->load_failed = av->book.len == 0;
		return -1;
	}
	av->load_failed = false;
	drop_team(av);
	if (av->scope == SCOPE_TEAM) {
		av->team = fresh;
		av->have_team = true;
		av->team_today = app->today;
		return install(tui, av, av->team, true, keep);
	}
	book_sort(&fresh, BOOK_SORT_NAME, false);
	int rc = install(tui, av, fresh, false, keep);
	start_prefetch(tui, av);
	return rc;
}

/* A smaller scope by its own query while the team's fetch still runs
 * (which goes on), in name order as book_subset gives it. */
static int fetch_scope(struct tui *tui, struct accounts_view *av)
{
	struct app *app = tui->app;
	struct book fresh;
	char keep[64];

	selected_id(av, keep, sizeof(keep));
	if (book_fetch(&app->store, app->cfg.me, av->scope, app->today, &fresh) < 0)
		return -1;
	av->load_failed = false;
	book_sort(&fresh, BOOK_SORT_NAME, false);
	return install(tui, av, fresh, false, keep);
}

/* The team asked for before its fetch is done: its first rows in the
 * sort in force (found by the fetch's thread first, else by book_window
 * here), shown at once; the rest replaces them when it lands (tick), with
 * the same rows on the screen. Only when they are the screen the whole
 * book would show: no filter or search in force, and the selected account
 * among them (or none). 0 shown, 1 not (the caller waits). */
static int show_window(struct tui *tui, struct accounts_view *av)
{
	struct app *app = tui->app;
	struct book win;
	char filters[256], keep[64];
	size_t k = window_rows(tui), sel = SIZE_MAX;
	int rc;

	book_filter_format(&av->filter, filters, sizeof(filters));
	if (filters[0] || av->search[0] || !book_prefetch_matches(av->prefetch, app->cfg.me, SCOPE_TEAM, app->today))
		return 1;
	rc = book_prefetch_window(av->prefetch, av->sort, av->descending, k, &win);
	if (rc == 1)
		rc = book_window(&app->store, app->cfg.me, app->today, av->sort, av->descending, k, &win);
	if (rc != 0)
		return 1;   /* a failure too: the whole book's fetch says what is wrong, if it still is */
	selected_id(av, keep, sizeof(keep));
	for (size_t i = 0; keep[0] && i < win.len; i++)
		if (str_eq(win.rows[i].crm_id, keep))
			sel = i;
	if (keep[0] && sel == SIZE_MAX) {
		/* the selected account is further down: only the whole book knows where */
		book_free(&win);
		return 1;
	}
	set_book(av, win, false, true);
	/* the counts are the whole team's: pending until it lands */
	memset(&av->sum, 0, sizeof(av->sum));
	book_summary_sync(&app->store, ts_now(), &av->sum);
	av->covering_for[0] = '\0';
	measure(tui, av);
	arrange(av);   /* the window's own order: the same */
	select_row(av, sel);
	av->load_failed = false;
	return 0;
}

/* The whole team in place of its first rows (the window), waiting for
 * the fetch if needed: the same rows at the same places, the cursor and
 * the scroll where they were. 0 or -1 + error(). */
static int complete(struct tui *tui, struct accounts_view *av)
{
	char keep[64];
	size_t top = av->list.top;
	int rc;

	if (!av->partial)
		return 0;
	selected_id(av, keep, sizeof(keep));
	if (team_ready(tui, av))
		rc = install(tui, av, av->team, true, keep);
	else
		rc = reload(tui, av);
	av->partial = false;
	av->list.top = top;
	return rc;
}

/* Shows another scope: from the team's rows when they are loaded (or
 * being fetched: then a smaller scope by its own query, the team's first
 * rows from book_window, else it waits), else by a query. */
static int show_scope(struct tui *tui, struct accounts_view *av)
{
	struct book sub;
	char keep[64];

	if (!team_at_hand(tui, av) && av->prefetch) {
		if (av->scope != SCOPE_TEAM)
			return fetch_scope(tui, av);
		if (show_window(tui, av) == 0)
			return 0;
	}
	if (!team_ready(tui, av))
		return reload(tui, av);
	selected_id(av, keep, sizeof(keep));
	av->load_failed = false;
	if (av->scope == SCOPE_TEAM)
		return install(tui, av, av->team, true, keep);
	book_subset(&av->team, av->scope, &sub);
	return install(tui, av, sub, false, keep);
}

static int accounts_open(struct tui *tui, struct view *view)
{
	struct accounts_view *av = xcalloc(1, sizeof(*av));

	view->data = av;
	av->scope = SCOPE_MINE;
	av->sort = BOOK_SORT_ATTENTION;
	book_filter_init(&av->filter, &tui->app->cfg);
	columns_from_config(av, &tui->app->cfg);
	if (reload(tui, av) < 0) {
		av->load_failed = true;
		tui_error(tui, "%s", error_message());
	}
	return 0;
}

static void accounts_close(struct tui *tui, struct view *view)
{
	struct accounts_view *av = view->data;

	(void)tui;
	if (!av)
		return;
	drop_book(av);
	drop_team(av);
	clear_matches(av);
	queue_drop(av);
	free(av->order);
	free(av->keep);
	free(av);
	view->data = NULL;
}

/* --- Scope, sort, filters ----------------------------------------------------------- */

static const enum book_scope scope_cycle[] = { SCOPE_MAIN, SCOPE_MINE, SCOPE_COVERING, SCOPE_TEAM };

static void next_scope(struct tui *tui, struct accounts_view *av)
{
	enum book_scope old = av->scope;
	size_t i = 0;

	while (i < ARRAY_SIZE(scope_cycle) && scope_cycle[i] != av->scope)
		i++;
	av->scope = scope_cycle[(i + 1) % ARRAY_SIZE(scope_cycle)];
	if (show_scope(tui, av) < 0) {
		av->scope = old;
		tui_error(tui, "%s", error_message());
		return;
	}
	if (av->partial)
		tui_message(tui, _("scope %s: the first accounts, the rest still loading"),
			    tui_scope_label(av->scope));
	else
		tui_message(tui, P_("scope %s: %zu account", "scope %s: %zu accounts", av->n_order),
			    tui_scope_label(av->scope), av->n_order);
}

/* The sort keys in the order > steps through: attention, then the shown
 * columns' keys left to right, each once. */
static size_t sort_cycle(const struct accounts_view *av, enum book_sort *keys)
{
	size_t n = 0;

	keys[n++] = BOOK_SORT_ATTENTION;
	for (int i = 0; i < av->n_cols; i++) {
		int k = accounts_column_sort[av->cols[i]];
		bool seen = k < 0;
		for (size_t j = 0; j < n && !seen; j++)
			seen = (int)keys[j] == k;
		if (!seen)
			keys[n++] = (enum book_sort)k;
	}
	return n;
}

/* The sort > (dir 1) or < (-1) steps to from the one in force. */
static enum book_sort stepped_sort(const struct accounts_view *av, int dir)
{
	enum book_sort keys[BOOK_SORT_COUNT + 1];
	size_t n = sort_cycle(av, keys), i = 0;

	while (i < n && keys[i] != av->sort)
		i++;
	i = i == n ? 0 : (i + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
	return keys[i];
}

static void step_sort(struct tui *tui, struct accounts_view *av, int dir)
{
	av->sort = stepped_sort(av, dir);
	av->descending = false;
	arrange(av);
	tui_message(tui, "%s: %s", tui_sort_label(av->sort), _(book_sort_help(av->sort)));
}

static int handle_known(struct tui *tui, const char *handle, bool *known);
static int queue_prompt(struct tui *tui, struct accounts_view *av, const struct tui_prompt_ops *ops,
			const char *text);
static const struct tui_prompt_ops filter_prompt, owner_prompt, search_prompt;

static int filter_done(struct tui *tui, const char *text, void *arg)
{
	struct accounts_view *av = arg;
	struct book_filter f = av->filter;
	char filters[256], owner[sizeof(av->owner)], risk[sizeof(av->risk)];
	bool known = true;

	if (book_filter_parse(text, &tui->app->cfg, &f, owner, risk, sizeof(owner)) < 0)
		return -1;
	if (f.owner && handle_known(tui, f.owner, &known) < 0)
		return -1;
	if (!known)
		return error(_("owner: no account of the team has %s as main or sub owner: check the handle"),
			     f.owner);
	if (av->partial)   /* checked at once; applied to every row once they are there */
		return queue_prompt(tui, av, &filter_prompt, text);
	str_copy(av->owner, sizeof(av->owner), owner);
	str_copy(av->risk, sizeof(av->risk), risk);
	av->filter = f;
	av->filter.owner = f.owner ? av->owner : NULL;
	av->filter.risk_category = f.risk_category ? av->risk : NULL;
	arrange(av);
	book_filter_format(&av->filter, filters, sizeof(filters));
	if (filters[0])
		tui_message(tui, P_("%s: %zu of %zu account", "%s: %zu of %zu accounts", av->book.len),
			    filters, av->n_order, av->book.len);
	else
		tui_message(tui, P_("no filter: %zu account", "no filter: %zu accounts", av->n_order),
			    av->n_order);
	return 0;
}

static const struct tui_prompt_ops filter_prompt = { .done = filter_done };

/* Does anyone in the whole team hold an account of this handle? */
static int handle_known(struct tui *tui, const char *handle, bool *known)
{
	return book_owner_known(&tui->app->store, handle, known);
}

static int owner_done(struct tui *tui, const char *text, void *arg)
{
	struct accounts_view *av = arg;
	bool known = true;

	if (*text && !handle_valid(text))
		return error(_("\"%s\" is not a CSM handle (a-z, 0-9, '.', '_', '-')"), text);
	if (*text && handle_known(tui, text, &known) < 0)
		return -1;
	if (!known)
		return error(_("no account of the team has %s as main or sub owner: check the handle"), text);
	if (av->partial)
		return queue_prompt(tui, av, &owner_prompt, text);
	str_copy(av->owner, sizeof(av->owner), text);
	av->filter.owner = *text ? av->owner : NULL;
	arrange(av);
	if (*text)
		tui_message(tui, P_("owner %s: %zu account in scope %s", "owner %s: %zu accounts in scope %s",
				    av->n_order), text, av->n_order, tui_scope_label(av->scope));
	else
		tui_message(tui, "%s", _("owner filter cleared"));
	return 0;
}

static const struct tui_prompt_ops owner_prompt = { .done = owner_done };

/* --- Search ----------------------------------------------------------------------- */

/* Selects the next (dir 1) or previous (-1) matching row from position
 * `from`, including it when `inclusive`; false when nothing matches. */
static bool goto_match(struct accounts_view *av, size_t from, int dir, bool inclusive)
{
	size_t n = av->n_order;

	if (!av->match || av->n_match == 0 || n == 0)
		return false;
	for (size_t k = inclusive ? 0 : 1; k <= n; k++) {
		size_t i = dir > 0 ? (from + k) % n : (from + n - k % n) % n;
		if (av->match[av->order[i]]) {
			av->list.sel = i;
			return true;
		}
	}
	return false;
}

static void search_change(struct tui *tui, const char *text, void *arg)
{
	struct accounts_view *av = arg;

	str_copy(av->typing, sizeof(av->typing), text);
	if (find_matches(tui, av, text) < 0) {
		str_copy(tui->prompt.error, sizeof(tui->prompt.error), error_message());
		return;
	}
	av->list.sel = av->search_from;
	/* on the team's first rows alone, "no match" would be a guess */
	if (*text && !goto_match(av, av->search_from, 1, true) && !av->partial)
		str_copy(tui->prompt.error, sizeof(tui->prompt.error), _("no match"));
}

static int search_done(struct tui *tui, const char *text, void *arg)
{
	struct accounts_view *av = arg;

	if (!*text) {
		av->searching = false;
		av->search[0] = '\0';
		clear_matches(av);
		return 0;
	}
	if (av->partial) {
		av->searching = false;
		return queue_prompt(tui, av, &search_prompt, text);
	}
	if (find_matches(tui, av, text) < 0)
		return -1;
	if (av->n_match == 0)
		return error(_("no name, note, risk or touchpoint matches \"%s\""), text);   /* BOOK_SEARCH_WHAT */
	str_copy(av->search, sizeof(av->search), text);
	av->searching = false;
	tui_message(tui, P_("%zu account matches \"%s\"", "%zu accounts match \"%s\"", av->n_match), av->n_match,
		    text);
	return 0;
}

static void search_cancel(struct tui *tui, void *arg)
{
	struct accounts_view *av = arg;

	av->list.sel = av->search_from;
	av->searching = false;
	/* back to the search in force before / */
	if (av->search[0])
		find_matches(tui, av, av->search);
	else
		clear_matches(av);
}

static const struct tui_prompt_ops search_prompt = {
	.change = search_change, .done = search_done, .cancel = search_cancel,
};

static void search_step(struct tui *tui, struct accounts_view *av, int dir)
{
	char key[32];

	if (!av->search[0]) {
		tui_action_key_name(tui, ACTION_SEARCH, key, sizeof(key));
		tui_message(tui, _("no search yet: %s starts one"), key[0] ? key : "search");
		return;
	}
	if (!goto_match(av, av->list.sel, dir, false))
		tui_error(tui, _("no account shown matches \"%s\""), av->search);
	else
		tui_message(tui, "/%s", av->search);
}

/* --- What waits for the team's rows ------------------------------------------------ */

/* While the team's first rows stand in for it (partial), a key that needs
 * every row never waits for them: it is queued, every key typed behind it
 * too (so that `> j` sorts, then moves), and the whole queue is replayed in
 * order when the rows land, through the loop's own path (tui_handle_key):
 * a view or an input a replayed key opens takes the keys after it, as if
 * they were typed then. A prompt opens at once (it needs no rows) and its
 * Enter is what waits. q quits and Esc drops the queue at once; C-l never
 * reaches a view. */

static struct pending *queue_add(struct accounts_view *av, enum pending_kind kind)
{
	struct pending *p;

	if (av->n_pending == av->cap_pending) {
		av->cap_pending = av->cap_pending ? av->cap_pending * 2 : 8;
		av->pending = xreallocarray(av->pending, av->cap_pending, sizeof(*av->pending));
	}
	p = &av->pending[av->n_pending++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	return p;
}

static void queue_free(struct pending *q, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(q[i].text);
	free(q);
}

/* Forgets what waits; returns how many things did. */
static size_t queue_drop(struct accounts_view *av)
{
	size_t n = av->n_pending;

	queue_free(av->pending, n);
	av->pending = NULL;
	av->n_pending = av->cap_pending = 0;
	return n;
}

/* What p will do, in words (the first in the queue: nothing before it
 * changes the sort it steps from). */
static void pending_label(const struct accounts_view *av, const struct pending *p, char *out, size_t size)
{
	char name[32];

	if (p->kind == PENDING_PROMPT) {
		if (p->prompt == &search_prompt)
			str_format(out, size, _("search \"%s\""), p->text);
		else if (p->prompt == &filter_prompt)
			str_format(out, size, _("filter %s"), p->text);
		else if (p->text[0])
			str_format(out, size, _("owner %s"), p->text);
		else
			str_copy(out, size, _("clear the owner filter"));
		return;
	}
	if (p->kind == PENDING_PASTE) {
		str_copy(out, size, _("the text pasted"));
		return;
	}
	if (p->kind == PENDING_MOUSE) {
		str_copy(out, size, _("a click on the list"));
		return;
	}
	switch (p->action) {
	case ACTION_SORT_NEXT:
	case ACTION_SORT_PREV:
		str_format(out, size, _("sort %s"),
			   tui_sort_label(stepped_sort(av, p->action == ACTION_SORT_NEXT ? 1 : -1)));
		break;
	default:
		/* the key table's own words (help, ?), or the key itself */
		if (p->action != ACTION_NONE && tui_action_help(p->action)[0]) {
			str_copy(out, size, tui_action_help(p->action));
		} else {
			tui_key_name(p->key, name, sizeof(name));
			str_format(out, size, _("the key %s"), name);
		}
		break;
	}
}

/* The status line while something waits: what, and that it is not lost. */
void accounts_pending_message(struct tui *tui, const struct accounts_view *av)
{
	char what[384];
	size_t more = av->n_pending - 1;

	pending_label(av, &av->pending[0], what, sizeof(what));
	/* short: it shares the line with the scope, the sort and the position */
	if (more == 0)
		tui_message(tui, _("%s once the team loads; Esc cancels"), what);
	else
		tui_message(tui, P_("%s (+%zu key) once the team loads; Esc cancels",
				    "%s (+%zu keys) once the team loads; Esc cancels", more), what, more);
}

static enum tui_result queue_key(struct tui *tui, struct accounts_view *av, enum tui_action action, int key)
{
	struct pending *p = queue_add(av, PENDING_KEY);

	p->action = action;
	p->key = key;
	p->rc = tui->key_rc;
	p->wch = tui->key_wch;
	accounts_pending_message(tui, av);
	return TUI_HANDLED;
}

/* A prompt's Enter, its text checked: applied when the rows are there.
 * Returns 0 (the prompt closes). */
static int queue_prompt(struct tui *tui, struct accounts_view *av, const struct tui_prompt_ops *ops,
			const char *text)
{
	struct pending *p = queue_add(av, PENDING_PROMPT);

	p->prompt = ops;
	p->text = xstrdup(text);
	accounts_pending_message(tui, av);
	return 0;
}

/* A queued Enter, on every row: as it would have been pressed now. Refused,
 * the input is open again with its text and why, as a refused Enter leaves
 * it (the keys replayed after it go into it, as typed). */
static void replay_prompt(struct tui *tui, struct accounts_view *av, const struct pending *p)
{
	const char *label = p->prompt == &search_prompt ? "/" :
			    p->prompt == &owner_prompt ? _("owner (empty for all): ") : _("filter: ");

	if (p->prompt == &search_prompt) {
		/* where the last keystroke's incremental search leaves the cursor */
		av->list.sel = av->search_from;
		if (find_matches(tui, av, p->text) == 0)
			goto_match(av, av->search_from, 1, true);
	}
	if (p->prompt->done(tui, p->text, av) == 0)
		return;
	if (tui->prompt.active) {
		tui_error(tui, "%s", error_message());
		return;
	}
	if (p->prompt == &search_prompt) {
		av->searching = true;
		str_copy(av->typing, sizeof(av->typing), p->text);
	}
	tui_prompt_open(tui, label, p->text, p->prompt, av);
	tui->prompt.line.selected = false;
	str_copy(tui->prompt.error, sizeof(tui->prompt.error), error_message());
}

static enum tui_result accounts_mouse(struct tui *tui, struct view *view, const MEVENT *ev);

/* The team's rows are there: what waited, in order. What a replayed key
 * makes wait again (the team fetched anew) is queued again behind. */
static void replay(struct tui *tui, struct view *view, struct accounts_view *av)
{
	struct pending *q = av->pending;
	size_t n = av->n_pending;

	av->pending = NULL;
	av->n_pending = av->cap_pending = 0;
	for (size_t i = 0; i < n && tui->depth > 0; i++) {
		struct pending *p = &q[i];
		if (p->kind != PENDING_KEY && (av->partial || av->n_pending > 0)) {
			*queue_add(av, p->kind) = *p;
			p->text = NULL;
			continue;
		}
		switch (p->kind) {
		case PENDING_KEY:
			tui_handle_key(tui, p->rc, p->wch);
			break;
		case PENDING_PASTE:
			tui_paste(tui, p->text);
			break;
		case PENDING_PROMPT:
			tui->message[0] = '\0';
			replay_prompt(tui, av, p);
			break;
		case PENDING_MOUSE:
			if (!tui->prompt.active && &tui->views[tui->depth - 1] == view)
				accounts_mouse(tui, view, &p->mouse);
			break;
		}
	}
	queue_free(q, n);
}

/* The daily actions on the selected account (touch_prompts.c). */
static bool account_action(enum tui_action a)
{
	return a == ACTION_DONE || a == ACTION_SNOOZE || a == ACTION_RESCHEDULE || a == ACTION_SCHEDULE ||
	       a == ACTION_NEW_RISK || a == ACTION_EDIT_NOTE || a == ACTION_DELETE_NOTE;
}

static enum tui_result account_key(struct tui *tui, struct accounts_view *av, enum tui_action action)
{
	const struct book_row *row;
	struct touch_ref t;
	struct note_ref n;
	int rc;

	if (av->n_order == 0) {
		tui_error(tui, "%s", _("no account shown: nothing to act on"));
		return TUI_HANDLED;
	}
	row = &av->book.rows[selected_row(av)];
	switch (action) {
	case ACTION_DONE:
		if (touch_prompt_next(tui, row->crm_id, row->name, &t))
			touch_prompt_done(tui, &t);
		break;
	case ACTION_SNOOZE:
		if (touch_prompt_next(tui, row->crm_id, row->name, &t))
			touch_prompt_snooze(tui, &t, NULL, NULL);
		break;
	case ACTION_RESCHEDULE:
		if (touch_prompt_next(tui, row->crm_id, row->name, &t))
			touch_prompt_move(tui, &t);
		break;
	case ACTION_SCHEDULE:
		touch_prompt_schedule(tui, row->crm_id, row->name);
		break;
	case ACTION_NEW_RISK:
		risk_prompt_new(tui, row->crm_id, row->name);
		break;
	default:
		/* e, x: my latest note on the account */
		if ((rc = note_latest_own(&tui->app->store, tui->app->cfg.me, row->crm_id, &n)) < 0) {
			tui_error(tui, "%s", error_message());
		} else if (rc == 0) {
			tui_error(tui, action == ACTION_EDIT_NOTE ?
				  _("no note of yours on %s: only your own notes can be edited") :
				  _("no note of yours on %s: only your own notes can be deleted"), row->name);
		} else if (action == ACTION_EDIT_NOTE) {
			if (tui_view_push(tui, &log_view_ops, &(struct log_form_arg){ row->crm_id, n.id }) < 0)
				tui_error(tui, "%s", error_message());
		} else {
			note_prompt_delete(tui, row->crm_id, n.id, n.touch_day, n.kind);
		}
		break;
	}
	return TUI_HANDLED;
}

/* Can the key work on the team's first rows alone (the window)? Not the
 * ones that need the whole book: the sort, the end of the list, a move
 * that comes within a screen of the window's end, clearing the filters,
 * the next match, the brief of the owner I cover; they are queued. The
 * rest acts at once: moves within the window, what acts on the selected
 * account or opens a view that does not read this one, the scope (the
 * next one, main, comes from its own query while the team loads), the
 * prompts (filter, owner, search: their Enter is what is queued), help,
 * quit, redraw, a key this view does not take. */
static bool window_key(const struct accounts_view *av, enum tui_action action)
{
	size_t h = av->list.height > 0 ? (size_t)av->list.height : 1;

	switch (action) {
	case ACTION_MOVE_LAST: case ACTION_SORT_NEXT: case ACTION_SORT_PREV: case ACTION_SORT_REVERSE:
	case ACTION_FILTER_CLEAR: case ACTION_SEARCH_NEXT: case ACTION_SEARCH_PREV: case ACTION_HANDOFF:
		return false;
	case ACTION_MOVE_DOWN: case ACTION_PAGE_DOWN: case ACTION_HALF_PAGE_DOWN:
		return av->list.sel + 2 * h < av->n_order && av->list.top + 2 * h < av->n_order;
	default:
		return true;
	}
}

static enum tui_result accounts_key(struct tui *tui, struct view *view, enum tui_action action, int key)
{
	struct accounts_view *av = view->data;
	char filters[256];

	if (av->n_pending > 0 && action == ACTION_QUIT) {
		queue_drop(av);
		return TUI_QUIT;
	}
	if (av->n_pending > 0 && action == ACTION_CLOSE) {
		size_t n = queue_drop(av);
		tui_message(tui, P_("cancelled: %zu key that waited for the team's accounts",
				    "cancelled: %zu keys that waited for the team's accounts", n), n);
		return TUI_HANDLED;
	}
	if (av->n_pending > 0 || (av->partial && !window_key(av, action)))
		return queue_key(tui, av, action, key);
	if (tui_list_key(&av->list, action))
		return TUI_REDRAW;
	if (account_action(action))
		return account_key(tui, av, action);
	switch (action) {
	case ACTION_QUIT:
		return TUI_QUIT;
	case ACTION_CLOSE: {
		/* the portfolio is the last view: Esc never quits by accident */
		char kq[32];
		tui_action_key_name(tui, ACTION_QUIT, kq, sizeof(kq));
		tui_message(tui, _("%s quits"), kq[0] ? kq : "quit");
		return TUI_HANDLED;
	}
	case ACTION_UNDO:
		tui_undo(tui);
		return TUI_HANDLED;
	case ACTION_OPEN:
		if (av->n_order > 0 &&
		    tui_view_push(tui, &detail_view_ops, av->book.rows[selected_row(av)].crm_id) < 0)
			tui_error(tui, "%s", error_message());
		return TUI_HANDLED;
	case ACTION_LOG:
		if (av->n_order > 0 &&
		    tui_view_push(tui, &log_view_ops,
				  &(struct log_form_arg){ av->book.rows[selected_row(av)].crm_id, NULL }) < 0)
			tui_error(tui, "%s", error_message());
		return TUI_HANDLED;
	case ACTION_RISKS:
		if (av->n_order > 0 && tui_view_push(tui, &risks_view_ops, av->book.rows[selected_row(av)].crm_id) < 0)
			tui_error(tui, "%s", error_message());
		return TUI_HANDLED;
	case ACTION_TODAY:
		if (tui_view_push(tui, &today_view_ops, NULL) < 0)
			tui_error(tui, "%s", error_message());
		return TUI_HANDLED;
	case ACTION_HANDOFF: {
		/* whose brief: the absent teammate I cover, else the selected
		 * account's main owner (me: my own, before I leave) */
		char owner[65] = "";
		char *comma;
		if (av->covering_for[0]) {
			str_copy(owner, sizeof(owner), av->covering_for);
			if ((comma = strchr(owner, ',')))
				*comma = '\0';
		} else if (av->n_order > 0 && av->book.rows[selected_row(av)].main_owner) {
			str_copy(owner, sizeof(owner), av->book.rows[selected_row(av)].main_owner);
		}
		if (tui_view_push(tui, &handoff_view_ops, owner[0] ? owner : NULL) < 0)
			tui_error(tui, "%s", error_message());
		return TUI_HANDLED;
	}
	case ACTION_CHANGES:
		if (tui_view_push(tui, &changes_view_ops, NULL) < 0)
			tui_error(tui, "%s", error_message());
		return TUI_HANDLED;
	case ACTION_REPORTS:
		if (tui_view_push(tui, &reports_view_ops, NULL) < 0)
			tui_error(tui, "%s", error_message());
		return TUI_HANDLED;
	case ACTION_SCOPE:
		next_scope(tui, av);
		return TUI_REDRAW;
	case ACTION_SORT_NEXT:
	case ACTION_SORT_PREV:
		step_sort(tui, av, action == ACTION_SORT_NEXT ? 1 : -1);
		return TUI_REDRAW;
	case ACTION_SORT_REVERSE:
		av->descending = !av->descending;
		arrange(av);
		tui_message(tui, av->descending ? _("%s, reversed") : _("%s, natural order"), tui_sort_label(av->sort));
		return TUI_REDRAW;
	case ACTION_FILTER:
		book_filter_format(&av->filter, filters, sizeof(filters));
		if (filters[0])
			str_format(filters + strlen(filters), sizeof(filters) - strlen(filters), " ");
		tui_prompt_open(tui, _("filter: "), filters, &filter_prompt, av);
		return TUI_HANDLED;
	case ACTION_FILTER_CLEAR:
		book_filter_init(&av->filter, &tui->app->cfg);
		av->search[0] = '\0';
		clear_matches(av);
		arrange(av);
		tui_message(tui, P_("filters and search cleared: %zu account",
				    "filters and search cleared: %zu accounts", av->n_order), av->n_order);
		return TUI_REDRAW;
	case ACTION_FILTER_OWNER:
		tui_prompt_open(tui, _("owner (empty for all): "), av->filter.owner ? av->owner : "",
				&owner_prompt, av);
		return TUI_HANDLED;
	case ACTION_SEARCH:
		av->search_from = av->list.sel;
		av->searching = true;
		av->typing[0] = '\0';
		tui_prompt_open(tui, "/", NULL, &search_prompt, av);
		return TUI_HANDLED;
	case ACTION_SEARCH_NEXT:
		search_step(tui, av, 1);
		return TUI_REDRAW;
	case ACTION_SEARCH_PREV:
		search_step(tui, av, -1);
		return TUI_REDRAW;
	default:
		return TUI_IGNORED;
	}
}

static void accounts_reload(struct tui *tui, struct view *view)
{
	struct accounts_view *av = view->data;

	if (reload(tui, av) < 0)
		tui_error(tui, "%s", error_message());
}

/* The team's whole book in place of its first rows once its fetch is
 * done, then what waited for it. A failure drops what waited, saying so:
 * nothing typed is applied to rows it was not meant for. */
static bool accounts_tick(struct tui *tui, struct view *view)
{
	struct accounts_view *av = view->data;

	if (av->partial) {
		if (av->prefetch && !book_prefetch_done(av->prefetch))
			return false;
		if (complete(tui, av) < 0) {
			size_t n = queue_drop(av);
			if (n > 0)
				tui_error(tui, P_("team not loaded, %zu waiting key dropped: %s",
						  "team not loaded, %zu waiting keys dropped: %s", n), n, error_message());
			else
				tui_error(tui, "%s", error_message());
			return true;
		}
		if (av->searching && tui->prompt.active)
			search_change(tui, av->typing, av);   /* the search being typed, on every row */
	} else if (av->n_pending == 0) {
		return false;
	}
	if (av->n_pending > 0 && !av->partial)
		replay(tui, view, av);
	return true;
}

/* The loop wakes within a frame while the team loads or keys wait. */
static bool accounts_waiting(struct tui *tui, struct view *view)
{
	const struct accounts_view *av = view->data;

	(void)tui;
	return av->partial || av->n_pending > 0;
}

/* A click on a column title sorts by it; on the sorted one, reverses. */
static bool title_click(struct tui *tui, struct accounts_view *av, const MEVENT *ev)
{
	if (!(ev->bstate & BUTTON1_PRESSED) || ev->y != av->title_y || av->n_order == 0)
		return false;
	for (int i = 0; i < av->n_cols; i++) {
		int k = accounts_column_sort[av->cols[i]];
		if (av->shown[i].w <= 0 || ev->x < av->shown[i].x || ev->x >= av->shown[i].x + av->shown[i].w)
			continue;
		if (k < 0)
			return false;
		if ((int)av->sort == k) {
			av->descending = !av->descending;
		} else {
			av->sort = (enum book_sort)k;
			av->descending = false;
		}
		arrange(av);
		if (av->descending)
			tui_message(tui, _("%s, reversed: %s"), tui_sort_label(av->sort), _(book_sort_help(av->sort)));
		else
			tui_message(tui, "%s: %s", tui_sort_label(av->sort), _(book_sort_help(av->sort)));
		return true;
	}
	return false;
}

static enum tui_result accounts_mouse(struct tui *tui, struct view *view, const MEVENT *ev)
{
	struct accounts_view *av = view->data;

	/* a click on a row or the wheel up works on the first rows; the rest
	 * (a title's sort, the wheel down) waits with the keys */
	if (av->n_pending > 0 ||
	    (av->partial && !(ev->bstate & BUTTON4_PRESSED) &&
	     !((ev->bstate & BUTTON1_PRESSED) && ev->y != av->title_y))) {
		queue_add(av, PENDING_MOUSE)->mouse = *ev;
		accounts_pending_message(tui, av);
		return TUI_HANDLED;
	}
	if (title_click(tui, av, ev))
		return TUI_REDRAW;
	return tui_list_mouse(&av->list, ev) ? TUI_REDRAW : TUI_IGNORED;
}

/* A paste behind keys that wait (the / it was for among them) waits with
 * them; otherwise the portfolio takes no text (tui_paste says so). */
static enum tui_result accounts_paste(struct tui *tui, struct view *view, const char *text)
{
	struct accounts_view *av = view->data;

	if (av->n_pending == 0)
		return TUI_IGNORED;
	queue_add(av, PENDING_PASTE)->text = xstrdup(text);
	accounts_pending_message(tui, av);
	return TUI_HANDLED;
}

/* the most used first: hints that do not fit are left out from the end */
static const enum tui_action accounts_hints[] = {
	ACTION_MOVE_DOWN, ACTION_MOVE_UP, ACTION_PAGE_DOWN, ACTION_OPEN, ACTION_LOG, ACTION_TODAY,
	ACTION_SORT_NEXT, ACTION_FILTER, ACTION_SCOPE, ACTION_SEARCH, ACTION_HELP, ACTION_QUIT, ACTION_NONE,
};

/* every key the view takes, for the help screen */
static const enum tui_action accounts_actions[] = {
	ACTION_MOVE_DOWN, ACTION_MOVE_UP, ACTION_MOVE_FIRST, ACTION_MOVE_LAST, ACTION_PAGE_DOWN,
	ACTION_PAGE_UP, ACTION_HALF_PAGE_DOWN, ACTION_HALF_PAGE_UP, ACTION_REDRAW, ACTION_OPEN, ACTION_LOG,
	ACTION_EDIT_NOTE, ACTION_DELETE_NOTE, ACTION_DONE, ACTION_SNOOZE, ACTION_RESCHEDULE, ACTION_SCHEDULE,
	ACTION_NEW_RISK, ACTION_UNDO, ACTION_RISKS, ACTION_TODAY, ACTION_HANDOFF, ACTION_CHANGES,
	ACTION_REPORTS, ACTION_SORT_NEXT, ACTION_SORT_PREV, ACTION_SORT_REVERSE, ACTION_FILTER, ACTION_FILTER_CLEAR,
	ACTION_SCOPE, ACTION_FILTER_OWNER, ACTION_SEARCH, ACTION_SEARCH_NEXT, ACTION_SEARCH_PREV, ACTION_SYNC,
	ACTION_HELP, ACTION_QUIT, ACTION_NONE,
};

const struct view_ops accounts_view_ops = {
	.name = "accounts",
	.open = accounts_open,
	.draw = accounts_draw,
	.key = accounts_key,
	.mouse = accounts_mouse,
	.paste = accounts_paste,
	.reload = accounts_reload,
	.tick = accounts_tick,
	.waiting = accounts_waiting,
	.close = accounts_close,
	.hints = accounts_hints,
	.actions = accounts_actions,
};
