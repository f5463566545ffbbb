/* book.c - the accounts in a CSM's book and how money is shown (see book.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "csconsole/book.h"
#include "csconsole/date.h"
#include "csconsole/text.h"

static const char *const scope_names[] = {
	[SCOPE_MAIN] = "main", [SCOPE_MINE] = "mine",
	[SCOPE_COVERING] = "covering", [SCOPE_TEAM] = "team",
};

static const char *const role_names[] = {
	[ROLE_NONE] = "-", [ROLE_MAIN] = "main", [ROLE_SUB] = "sub", [ROLE_COVERING] = "covering",
};

const char *book_scope_name(enum book_scope s)
{
	return scope_names[s];
}

bool book_scope_parse(const char *s, enum book_scope *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(scope_names); i++)
		if (str_eq(s, scope_names[i])) {
			*out = (enum book_scope)i;
			return true;
		}
	return false;
}

const char *book_role_name(enum book_role r)
{
	return role_names[r];
}

static const char *const severity_names[] = {
	[RISK_NONE] = "", [RISK_LOW] = "low", [RISK_MEDIUM] = "medium", [RISK_HIGH] = "high",
};

const char *risk_severity_name(enum risk_severity s)
{
	return s <= RISK_HIGH ? severity_names[s] : "";
}

/* ---- Sort keys ------------------------------------------------------------ */

static const char *const sort_names[BOOK_SORT_COUNT] = {
#define BOOK_SORT_NAME(id, name, help) name,
	BOOK_SORTS(BOOK_SORT_NAME)
#undef BOOK_SORT_NAME
};
static const char *const sort_helps[BOOK_SORT_COUNT] = {
#define BOOK_SORT_HELP(id, name, help) help,
	BOOK_SORTS(BOOK_SORT_HELP)
#undef BOOK_SORT_HELP
};

const char *book_sort_name(enum book_sort s)
{
	return sort_names[s];
}

const char *book_sort_help(enum book_sort s)
{
	return sort_helps[s];
}

bool book_sort_parse(const char *s, enum book_sort *out)
{
	for (int i = 0; i < BOOK_SORT_COUNT; i++)
		if (str_eq(s, sort_names[i])) {
			*out = (enum book_sort)i;
			return true;
		}
	return false;
}

char *book_sort_list(void)
{
	struct sbuf b = {0};
	for (int i = 0; i < BOOK_SORT_COUNT; i++)
		sbuf_addf(&b, "%s%s", i ? ", " : "", sort_names[i]);
	return b.data;
}

/* ---- Filters -------------------------------------------------------------- */

static const char *const band_names[BAND_COUNT] = {
	[BAND_RED] = "red", [BAND_YELLOW] = "yellow", [BAND_GREEN] = "green", [BAND_NONE] = "none",
};
static const char *const stage_names[STAGE_COUNT] = {
	[STAGE_ONBOARDING] = "onboarding", [STAGE_ADOPTION] = "adoption",
	[STAGE_EXPANSION] = "expansion", [STAGE_RENEWAL] = "renewal",
};
static const char *const touch_names[TOUCH_COUNT] = {
	[TOUCH_HIGH] = "high", [TOUCH_LOW] = "low", [TOUCH_TECH] = "tech",
};

const char *book_band_name(enum book_band b)
{
	return band_names[b];
}

const char *book_stage_name(enum book_stage s)
{
	return stage_names[s];
}

void book_filter_init(struct book_filter *f, const struct config *cfg)
{
	memset(f, 0, sizeof(*f));
	f->renewal_within = -1;
	if (cfg) {
		f->band_red_max = cfg->band_red_max;
		f->band_yellow_max = cfg->band_yellow_max;
	} else {
		struct config def;
		config_defaults(&def);
		f->band_red_max = def.band_red_max;
		f->band_yellow_max = def.band_yellow_max;
		config_free(&def);
	}
}

static int name_index(const char *s, size_t len, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(names[i]) == len && strncmp(s, names[i], len) == 0)
			return (int)i;
	return -1;
}

static bool mask_parse(const char *list, const char *const *names, size_t n, unsigned *mask,
		       char *bad, size_t size)
{
	*mask = 0;
	for (const char *p = list;;) {
		size_t len = strcspn(p, ",");
		int i = name_index(p, len, names, n);
		if (i < 0) {
			str_format(bad, size, "%.*s", (int)len, p);
			return false;
		}
		*mask |= 1u << i;
		if (!p[len])
			return true;
		p += len + 1;
	}
}

bool book_bands_parse(const char *list, unsigned *mask, char *bad, size_t size)
{
	return mask_parse(list, band_names, BAND_COUNT, mask, bad, size);
}

bool book_stages_parse(const char *list, unsigned *mask, char *bad, size_t size)
{
	return mask_parse(list, stage_names, STAGE_COUNT, mask, bad, size);
}

bool book_touch_parse(const char *list, unsigned *mask, char *bad, size_t size)
{
	return mask_parse(list, touch_names, TOUCH_COUNT, mask, bad, size);
}

/* ---- The query -------------------------------------------------------------- */

/* ?1 = me, ?2 = today. "cover" = accounts whose main owner is absent today and
 * who are covered by me: explicitly, or as the sub owner by default. The
 * figures come from account_summary (summary.c). Filters are appended, each
 * with its own bound parameters (?3 on). */
static const char book_sql[] =
	"WITH cover AS ("
	"  SELECT a.id FROM account a JOIN absence ab ON ab.handle = a.main_owner"
	"  WHERE a.active AND ?2 BETWEEN ab.start_day AND ab.end_day"
	"    AND COALESCE(ab.covered_by, a.sub_owner) = ?1"
	")"
	"SELECT a.crm_id, a.name, a.main_owner, a.sub_owner, a.touch_model, a.stage, a.arr_minor,"
	"  a.currency, a.renewal_day,"
	"  CASE WHEN a.main_owner = ?1 THEN 1 WHEN a.id IN (SELECT id FROM cover) THEN 3"
	"       WHEN a.sub_owner = ?1 THEN 2 ELSE 0 END,"
	"  s.health, s.health_4w, s.spark, s.open_risks, s.open_high_risks, s.risk_rank,"
	"  s.risk_category, s.next_touch_day, s.next_touch_kind, s.sentiment, s.touch_day,"
	"  s.attention"
	" FROM account a LEFT JOIN account_summary s ON s.crm_id = a.crm_id"
	" WHERE a.active AND %s";

enum {
	P_OWNER = 3, P_RISK, P_RENEWAL, P_SEARCH, P_RED, P_YELLOW, P_BANDS, P_STAGES, P_TOUCH,
};

static const char *scope_condition(enum book_scope s)
{
	switch (s) {
	case SCOPE_MAIN:     return "a.main_owner = ?1";
	case SCOPE_MINE:     return "(a.main_owner = ?1 OR a.sub_owner = ?1 OR a.id IN (SELECT id FROM cover))";
	case SCOPE_COVERING: return "a.id IN (SELECT id FROM cover) AND a.main_owner IS NOT ?1";
	case SCOPE_TEAM:     break;
	}
	return "1";
}

static char *filter_sql(const struct book_filter *f)
{
	struct sbuf b = {0};
	sbuf_adds(&b, "1");
	if (!f)
		return b.data;
	if (f->owner)
		sbuf_adds(&b, " AND (a.main_owner = ?3 OR a.sub_owner = ?3)");
	if (f->risk_category)
		sbuf_adds(&b, " AND a.crm_id IN (SELECT r.account FROM risk r"
			  " WHERE r.status = 'open' AND r.category = ?4)");
	if (f->renewal_within >= 0)
		sbuf_adds(&b, " AND a.renewal_day BETWEEN ?2 AND ?2 + ?5");
	if (!str_empty(f->search))
		sbuf_adds(&b, " AND (instr(lower(a.name), lower(?6)) > 0 OR a.crm_id IN"
			  " (SELECT n.account FROM note n WHERE NOT n.deleted AND"
			  " (instr(lower(n.summary), lower(?6)) > 0 OR instr(lower(n.text), lower(?6)) > 0)))");
	if (f->bands)
		sbuf_adds(&b, " AND (?9 >> CASE WHEN s.health IS NULL THEN 3 WHEN s.health <= ?7 THEN 0"
			  " WHEN s.health <= ?8 THEN 1 ELSE 2 END) & 1");
	if (f->stages)
		sbuf_adds(&b, " AND (?10 >> CASE a.stage WHEN 'onboarding' THEN 0 WHEN 'adoption' THEN 1"
			  " WHEN 'expansion' THEN 2 ELSE 3 END) & 1");
	if (f->touch_models)
		sbuf_adds(&b, " AND (?11 >> CASE a.touch_model WHEN 'high' THEN 0 WHEN 'low' THEN 1"
			  " ELSE 2 END) & 1");
	return b.data;
}

static void bind_filter(sqlite3_stmt *stmt, const struct book_filter *f)
{
	if (!f)
		return;
	store_bind_text(stmt, P_OWNER, f->owner);
	store_bind_text(stmt, P_RISK, f->risk_category);
	sqlite3_bind_int(stmt, P_RENEWAL, f->renewal_within);
	store_bind_text(stmt, P_SEARCH, f->search);
	sqlite3_bind_int(stmt, P_RED, f->band_red_max);
	sqlite3_bind_int(stmt, P_YELLOW, f->band_yellow_max);
	sqlite3_bind_int(stmt, P_BANDS, (int)f->bands);
	sqlite3_bind_int(stmt, P_STAGES, (int)f->stages);
	sqlite3_bind_int(stmt, P_TOUCH, (int)f->touch_models);
}

static char *column_dup(sqlite3_stmt *stmt, int col)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);
	return s ? xstrdup((const char *)s) : NULL;
}

static void column_copy(sqlite3_stmt *stmt, int col, char *dst, size_t size)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);
	str_copy(dst, size, s ? (const char *)s : "");
}

/* Teammates' text, sanitized for printing; "" when NULL. */
static void column_clean(sqlite3_stmt *stmt, int col, char *dst, size_t size)
{
	const char *s = (const char *)sqlite3_column_text(stmt, col);
	char *clean = s ? text_sanitize(s, false) : NULL;
	str_copy(dst, size, clean ? clean : "");
	free(clean);
}

static bool column_null(sqlite3_stmt *stmt, int col)
{
	return sqlite3_column_type(stmt, col) == SQLITE_NULL;
}

static int column_day(sqlite3_stmt *stmt, int col)
{
	return column_null(stmt, col) ? DAY_NONE : sqlite3_column_int(stmt, col);
}

static void parse_spark(const char *s, struct book_row *r)
{
	char *end;
	r->n_spark = 0;
	while (s && *s && r->n_spark < (int)ARRAY_SIZE(r->spark)) {
		double v = strtod(s, &end);
		if (end == s)
			break;
		r->spark[r->n_spark++] = v;
		s = end;
	}
}

static void read_row(sqlite3_stmt *stmt, int today, struct book_row *r)
{
	memset(r, 0, sizeof(*r));
	column_copy(stmt, 0, r->crm_id, sizeof(r->crm_id));
	r->name = text_sanitize((const char *)sqlite3_column_text(stmt, 1), false);
	r->main_owner = column_dup(stmt, 2);
	r->sub_owner = column_dup(stmt, 3);
	column_copy(stmt, 4, r->touch_model, sizeof(r->touch_model));
	column_copy(stmt, 5, r->stage, sizeof(r->stage));
	r->arr_minor = column_null(stmt, 6) ? INT64_MIN : sqlite3_column_int64(stmt, 6);
	column_copy(stmt, 7, r->currency, sizeof(r->currency));
	r->renewal_day = column_day(stmt, 8);
	r->days_left = r->renewal_day == DAY_NONE ? 0 : r->renewal_day - today;
	r->role = (enum book_role)sqlite3_column_int(stmt, 9);
	const char *other = r->role == ROLE_MAIN ? r->sub_owner : r->main_owner;
	r->other_owner = other ? xstrdup(other) : NULL;
	if ((r->has_health = !column_null(stmt, 10)))
		r->health = sqlite3_column_double(stmt, 10);
	if ((r->has_health_delta = r->has_health && !column_null(stmt, 11)))
		r->health_delta4w = r->health - sqlite3_column_double(stmt, 11);
	parse_spark((const char *)sqlite3_column_text(stmt, 12), r);
	r->open_risks = sqlite3_column_int(stmt, 13);
	r->open_high_risks = sqlite3_column_int(stmt, 14);
	int rank = sqlite3_column_int(stmt, 15);
	r->top_risk_severity = rank >= RISK_LOW && rank <= RISK_HIGH ? (enum risk_severity)rank : RISK_NONE;
	column_clean(stmt, 16, r->top_risk_category, sizeof(r->top_risk_category));
	r->next_touch_day = column_day(stmt, 17);
	r->overdue = r->next_touch_day != DAY_NONE && r->next_touch_day < today;
	column_clean(stmt, 18, r->next_touch_kind, sizeof(r->next_touch_kind));
	r->last_sentiment = sqlite3_column_int(stmt, 19);
	r->last_touch_day = column_day(stmt, 20);
	if ((r->has_attention = !column_null(stmt, 21)))
		r->attention = sqlite3_column_double(stmt, 21) - today;
}

int book_query(struct store *st, const char *me, enum book_scope scope, int today,
	       const struct book_filter *filter, enum book_sort sort, bool descending,
	       struct book *out)
{
	sqlite3_stmt *stmt;
	size_t cap = 0;
	char *cond = filter_sql(filter);
	char *where = xasprintf("%s AND %s", scope_condition(scope), cond);
	char *sql = xasprintf(book_sql, where);
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_prepare(st, sql, &stmt);
	free(sql);
	free(where);
	free(cond);
	if (rc)
		return -1;
	store_bind_text(stmt, 1, me);
	sqlite3_bind_int(stmt, 2, today);
	bind_filter(stmt, filter);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (out->len == cap) {
			cap = cap ? cap * 2 : 64;
			out->rows = xreallocarray(out->rows, cap, sizeof(*out->rows));
		}
		read_row(stmt, today, &out->rows[out->len++]);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		book_free(out);
		return error("cannot read the accounts: %s (database %s)", sqlite3_errstr(rc), st->path);
	}
	book_sort(out, sort, descending);
	return 0;
}

int book_load(struct store *st, const char *me, enum book_scope scope, int today, struct book *out)
{
	return book_query(st, me, scope, today, NULL, BOOK_SORT_RENEWAL, false, out);
}

/* ---- Sorting ---------------------------------------------------------------- */

static int cmp_int(long long a, long long b)
{
	return (a > b) - (a < b);
}

static int cmp_double(double a, double b)
{
	return (a > b) - (a < b);
}

static int cmp_name(const struct book_row *a, const struct book_row *b)
{
	int c = strcasecmp(a->name, b->name);
	if (!c)
		c = strcmp(a->name, b->name);
	return c ? c : strcmp(a->crm_id, b->crm_id);
}

static int role_rank(enum book_role r)
{
	return r == ROLE_NONE ? 4 : (int)r;   /* main 1, sub 2, covering 3 */
}

static int list_index(const char *s, const char *const *names, size_t n)
{
	int i = name_index(s, strlen(s), names, n);
	return i < 0 ? (int)n : i;
}

/* Attention groups: overdue, then with an attention score, then neither. */
static int attention_group(const struct book_row *r)
{
	return r->overdue ? 0 : r->has_attention ? 1 : 2;
}

/* Compares a and b on key in its natural order into *c; returns false when
 * one of them has no value (*c then puts the missing one last). */
static bool cmp_key(enum book_sort key, const struct book_row *a, const struct book_row *b, int *c)
{
	bool ma = false, mb = false;
	*c = 0;
	switch (key) {
	case BOOK_SORT_ATTENTION: {
		int ga = attention_group(a), gb = attention_group(b);
		ma = ga == 2, mb = gb == 2;
		if (ma || mb)
			break;
		*c = cmp_int(ga, gb);
		if (!*c)
			*c = ga == 0 ? cmp_int(a->next_touch_day, b->next_touch_day)
				     : cmp_double(a->attention, b->attention);
		return true;
	}
	case BOOK_SORT_NAME:
		*c = cmp_name(a, b);
		return true;
	case BOOK_SORT_ROLE:
		*c = cmp_int(role_rank(a->role), role_rank(b->role));
		return true;
	case BOOK_SORT_OTHER:
		ma = !a->other_owner, mb = !b->other_owner;
		if (!ma && !mb)
			*c = strcmp(a->other_owner, b->other_owner);
		break;
	case BOOK_SORT_TOUCH:
		*c = cmp_int(list_index(a->touch_model, touch_names, TOUCH_COUNT),
			     list_index(b->touch_model, touch_names, TOUCH_COUNT));
		return true;
	case BOOK_SORT_STAGE:
		*c = cmp_int(list_index(a->stage, stage_names, STAGE_COUNT),
			     list_index(b->stage, stage_names, STAGE_COUNT));
		return true;
	case BOOK_SORT_ARR:
		ma = a->arr_minor == INT64_MIN, mb = b->arr_minor == INT64_MIN;
		if (!ma && !mb && !(*c = strcmp(a->currency, b->currency)))
			*c = cmp_int(b->arr_minor, a->arr_minor);
		break;
	case BOOK_SORT_HEALTH:
		ma = !a->has_health, mb = !b->has_health;
		if (!ma && !mb)
			*c = cmp_double(a->health, b->health);
		break;
	case BOOK_SORT_DELTA:
		ma = !a->has_health_delta, mb = !b->has_health_delta;
		if (!ma && !mb)
			*c = cmp_double(a->health_delta4w, b->health_delta4w);
		break;
	case BOOK_SORT_RISK:
		ma = a->open_risks == 0, mb = b->open_risks == 0;
		if (!ma && !mb && !(*c = cmp_int(b->top_risk_severity, a->top_risk_severity)))
			*c = cmp_int(b->open_risks, a->open_risks);
		break;
	case BOOK_SORT_RENEWAL:
		ma = a->renewal_day == DAY_NONE, mb = b->renewal_day == DAY_NONE;
		if (!ma && !mb)
			*c = cmp_int(a->renewal_day, b->renewal_day);
		break;
	case BOOK_SORT_NEXT_TOUCH:
		ma = a->next_touch_day == DAY_NONE, mb = b->next_touch_day == DAY_NONE;
		if (!ma && !mb)
			*c = cmp_int(a->next_touch_day, b->next_touch_day);
		break;
	case BOOK_SORT_SENTIMENT:
		ma = a->last_sentiment == 0, mb = b->last_sentiment == 0;
		if (!ma && !mb)
			*c = cmp_int(a->last_sentiment, b->last_sentiment);
		break;
	case BOOK_SORT_COUNT:
		break;
	}
	if (ma || mb) {
		*c = ma - mb;
		return false;
	}
	return true;
}

struct sort_ctx {
	enum book_sort key;
	bool descending;
};

static int cmp_rows(const void *pa, const void *pb, void *arg)
{
	const struct sort_ctx *ctx = arg;
	const struct book_row *a = pa, *b = pb;
	int c;
	if (cmp_key(ctx->key, a, b, &c) && ctx->descending)
		c = -c;
	return c ? c : cmp_name(a, b);
}

void book_sort(struct book *b, enum book_sort sort, bool descending)
{
	struct sort_ctx ctx = { sort, descending };
	if (b->len > 1)
		qsort_r(b->rows, b->len, sizeof(*b->rows), cmp_rows, &ctx);
}

void book_free(struct book *b)
{
	for (size_t i = 0; i < b->len; i++) {
		free(b->rows[i].name);
		free(b->rows[i].other_owner);
		free(b->rows[i].main_owner);
		free(b->rows[i].sub_owner);
	}
	free(b->rows);
	b->rows = NULL;
	b->len = 0;
}

/* ---- Sparkline and header summary ---------------------------------------- */

void book_sparkline(const struct book_row *r, bool utf8, char *out, size_t size)
{
	static const char *const blocks[8] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	static const char ascii[8] = { '_', '.', '-', '~', '=', '+', '*', '#' };
	struct sbuf b = {0};
	for (int i = 0; i < r->n_spark; i++) {
		int level = (int)(r->spark[i] * 8 / 100);
		level = level < 0 ? 0 : level > 7 ? 7 : level;
		if (utf8)
			sbuf_adds(&b, blocks[level]);
		else
			sbuf_addc(&b, ascii[level]);
	}
	str_copy(out, size, b.data ? b.data : "");
	sbuf_free(&b);
}

int book_summarize(struct store *st, const struct config *cfg, const struct book *b,
		   int64_t now, struct book_summary *out)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < cfg->n_renewal_windows; i++)
		if (!out->nearest_window || cfg->renewal_windows[i] < out->nearest_window)
			out->nearest_window = cfg->renewal_windows[i];
	for (size_t i = 0; i < b->len; i++) {
		const struct book_row *r = &b->rows[i];
		out->accounts++;
		out->main += r->role == ROLE_MAIN;
		out->sub += r->role == ROLE_SUB;
		out->covering += r->role == ROLE_COVERING;
		out->overdue += r->overdue;
		out->renewals_near += out->nearest_window && r->renewal_day != DAY_NONE &&
				      r->days_left >= 0 && r->days_left <= out->nearest_window;
		out->health_drops += r->has_health_delta && health_round(r->health_delta4w) <= -10;
		out->high_risks += (size_t)r->open_high_risks;
		if (r->arr_minor == INT64_MIN)
			continue;
		size_t k;
		for (k = 0; k < out->n_arr && !str_eq(out->arr[k].currency, r->currency); k++)
			;
		if (k == out->n_arr) {
			if (k == BOOK_MAX_CURRENCIES)
				continue;
			str_copy(out->arr[k].currency, sizeof(out->arr[k].currency), r->currency);
			out->n_arr++;
		}
		out->arr[k].arr_minor += r->arr_minor;
	}
	char *last = store_meta_get(st, "last_sync");
	out->has_last_sync = last && ts_parse_iso(last, &out->last_sync);
	free(last);
	out->sync_stale = !out->has_last_sync || now - out->last_sync > 24 * 3600;
	return 0;
}

long health_round(double score)
{
	return lround(score);   /* halfway cases away from zero */
}

void book_format_health(const struct book_row *r, char *out, size_t size)
{
	if (r->has_health)
		str_format(out, size, "%ld", health_round(r->health));
	else
		str_copy(out, size, "");
}

void book_format_delta(const struct book_row *r, char *out, size_t size)
{
	long d = r->has_health_delta ? health_round(r->health_delta4w) : 0;
	if (!r->has_health_delta)
		str_copy(out, size, "");
	else if (d == 0)
		str_copy(out, size, "0");   /* not "+0" or "-0" */
	else
		str_format(out, size, "%+ld", d);
}

/* ISO 4217 minor units that differ from the usual 2, and display symbols. */
static const struct currency {
	const char code[4];
	int exponent;
	const char *symbol;   /* UTF-8; NULL: show the code */
} currencies[] = {
	{"JPY", 0, "¥"}, {"KRW", 0, "₩"}, {"USD", 2, "$"}, {"EUR", 2, "€"},
	{"GBP", 2, "£"}, {"INR", 2, "₹"}, {"VND", 0, NULL}, {"CLP", 0, NULL},
	{"ISK", 0, NULL}, {"PYG", 0, NULL}, {"UGX", 0, NULL}, {"XAF", 0, NULL},
	{"XOF", 0, NULL}, {"XPF", 0, NULL}, {"BHD", 3, NULL}, {"KWD", 3, NULL},
	{"OMR", 3, NULL}, {"JOD", 3, NULL}, {"TND", 3, NULL}, {"IQD", 3, NULL},
	{"LYD", 3, NULL},
};

static const struct currency *currency_find(const char *code)
{
	for (size_t i = 0; i < ARRAY_SIZE(currencies); i++)
		if (str_eq(code, currencies[i].code))
			return &currencies[i];
	return NULL;
}

int currency_exponent(const char *code)
{
	if (!code || strlen(code) != 3)
		return -1;
	for (int i = 0; i < 3; i++)
		if (code[i] < 'A' || code[i] > 'Z')
			return -1;
	const struct currency *c = currency_find(code);
	return c ? c->exponent : 2;
}

/* Splits minor units into the whole part and the fraction digits. */
static void money_split(int64_t minor, int exp, uint64_t *whole, uint64_t *frac)
{
	uint64_t unit = 1, mag = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	for (int i = 0; i < exp; i++)
		unit *= 10;
	*whole = mag / unit;
	*frac = mag % unit;
}

void money_decimal(int64_t minor, const char *currency, char *out, size_t size)
{
	int exp = currency_exponent(currency);
	uint64_t whole, frac;
	if (minor == INT64_MIN || exp < 0) {
		str_copy(out, size, "");
		return;
	}
	money_split(minor, exp, &whole, &frac);
	if (exp)
		str_format(out, size, "%s%llu.%0*llu", minor < 0 ? "-" : "", (unsigned long long)whole,
			   exp, (unsigned long long)frac);
	else
		str_format(out, size, "%s%llu", minor < 0 ? "-" : "", (unsigned long long)whole);
}

void money_format(int64_t minor, const char *currency, char *out, size_t size)
{
	int exp = currency_exponent(currency);
	const struct currency *c = currency_find(currency);
	char digits[32], grouped[48];
	uint64_t whole, fraction;

	if (minor == INT64_MIN || exp < 0) {
		str_copy(out, size, "-");
		return;
	}
	money_split(minor, exp, &whole, &fraction);
	str_format(digits, sizeof(digits), "%llu", (unsigned long long)whole);
	/* Thousands separators on the whole part. */
	size_t n = strlen(digits), j = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			grouped[j++] = ',';
		grouped[j++] = digits[i];
	}
	grouped[j] = '\0';
	char frac[8] = "";
	if (exp > 0)
		str_format(frac, sizeof(frac), ".%0*llu", exp, (unsigned long long)fraction);
	if (c && c->symbol && text_locale_utf8())
		str_format(out, size, "%s%s%s%s", minor < 0 ? "-" : "", c->symbol, grouped, frac);
	else
		str_format(out, size, "%s%s %s%s", minor < 0 ? "-" : "", currency, grouped, frac);
}
