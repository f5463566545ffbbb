/* book.c - the accounts in a CSM's book and how money is shown (see book.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "csconsole/book.h"
#include "csconsole/date.h"
#include "csconsole/i18n.h"
#include "csconsole/text.h"
#include "csconsole/textnorm.h"

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

static const char *const blind_names[BLIND_COUNT] = {
	[BLIND_NONE] = "none", [BLIND_HIDDEN] = "hidden", [BLIND_QUIET] = "quiet",
};

bool book_blind_parse(const char *list, unsigned *mask, char *bad, size_t size)
{
	return mask_parse(list, blind_names, BLIND_COUNT, mask, bad, size);
}

/* ---- The filter language ------------------------------------------------------ */

static const char *const filter_keys = "band, stage, touch, blind, risk, renewal, owner";

const char *book_blind_name(enum book_blind b)
{
	return (unsigned)b < BLIND_COUNT ? blind_names[b] : "";
}

static void mask_format(struct sbuf *b, const char *key, unsigned mask, const char *const *names, size_t n)
{
	bool first = true;
	if (!mask)
		return;
	sbuf_addf(b, "%s%s:", b->len ? " " : "", key);
	for (size_t i = 0; i < n; i++)
		if (mask >> i & 1) {
			sbuf_addf(b, "%s%s", first ? "" : ",", names[i]);
			first = false;
		}
}

void book_filter_format(const struct book_filter *f, char *out, size_t size)
{
	struct sbuf b = { 0 };
	mask_format(&b, "band", f->bands, band_names, BAND_COUNT);
	mask_format(&b, "stage", f->stages, stage_names, STAGE_COUNT);
	mask_format(&b, "touch", f->touch_models, touch_names, TOUCH_COUNT);
	mask_format(&b, "blind", f->blinds, blind_names, BLIND_COUNT);
	if (f->risk_category)
		sbuf_addf(&b, "%srisk:%s", b.len ? " " : "", f->risk_category);
	if (f->renewal_within >= 0)
		sbuf_addf(&b, "%srenewal:%d", b.len ? " " : "", f->renewal_within);
	if (f->owner)
		sbuf_addf(&b, "%sowner:%s", b.len ? " " : "", f->owner);
	str_copy(out, size, sbuf_str(&b));
	sbuf_free(&b);
}

static char *names_list(const char *const *names, size_t n)
{
	struct sbuf b = { 0 };
	for (size_t i = 0; i < n; i++)
		sbuf_addf(&b, "%s%s", i ? ", " : "", names[i]);
	return b.data;
}

static int bad_names(const char *key, const char *bad, const char *const *names, size_t n)
{
	char *list = names_list(names, n);
	error(_("%s: unknown value \"%s\"; one or more of %s, comma-separated"), key, bad, list);
	free(list);
	return -1;
}

static int filter_term(const char *key, const char *val, const struct config *cfg, struct book_filter *f,
		       char *owner, char *risk, size_t size)
{
	char bad[64];
	if (!*val)
		return error(_("%s: no value after the colon (e.g. band:red)"), key);
	if (str_eq(key, "band"))
		return mask_parse(val, band_names, BAND_COUNT, &f->bands, bad, sizeof(bad)) ? 0
			: bad_names(key, bad, band_names, BAND_COUNT);
	if (str_eq(key, "stage"))
		return mask_parse(val, stage_names, STAGE_COUNT, &f->stages, bad, sizeof(bad)) ? 0
			: bad_names(key, bad, stage_names, STAGE_COUNT);
	if (str_eq(key, "touch"))
		return mask_parse(val, touch_names, TOUCH_COUNT, &f->touch_models, bad, sizeof(bad)) ? 0
			: bad_names(key, bad, touch_names, TOUCH_COUNT);
	if (str_eq(key, "blind"))
		return mask_parse(val, blind_names, BLIND_COUNT, &f->blinds, bad, sizeof(bad)) ? 0
			: bad_names(key, bad, blind_names, BLIND_COUNT);
	if (str_eq(key, "risk")) {
		if (cfg && !strlist_has(&cfg->risk_categories, val)) {
			struct sbuf b = { 0 };
			for (size_t i = 0; i < cfg->risk_categories.len; i++)
				sbuf_addf(&b, "%s%s", i ? ", " : "", cfg->risk_categories.items[i]);
			error(_("risk: unknown category \"%s\"; the categories are %s"), val, sbuf_str(&b));
			sbuf_free(&b);
			return -1;
		}
		str_copy(risk, size, val);
		f->risk_category = risk;
		return 0;
	}
	if (str_eq(key, "renewal")) {
		char *end;
		long n = strtol(val, &end, 10);
		if (end == val || (*end && !str_eq(end, "d")) || n < 0 || n > 3650)
			return error(_("renewal: \"%s\" is not a number of days from 0 to 3650 (e.g. renewal:30)"), val);
		f->renewal_within = (int)n;
		return 0;
	}
	if (str_eq(key, "owner")) {
		if (!handle_valid(val))
			return error(_("owner: \"%s\" is not a CSM handle (a-z, 0-9, '.', '_', '-')"), val);
		str_copy(owner, size, val);
		f->owner = owner;
		return 0;
	}
	return error(_("unknown filter \"%s\"; the filters are %s (e.g. band:red renewal:30)"), key, filter_keys);
}

int book_filter_parse(const char *text, const struct config *cfg, struct book_filter *f,
		      char *owner, char *risk, size_t size)
{
	struct book_filter g = *f;
	char *copy = xstrdup(text), *save = NULL;
	char own[65] = "", rsk[65] = "";
	int rc = 0;

	g.owner = g.risk_category = NULL;
	g.bands = g.stages = g.touch_models = g.blinds = 0;
	g.renewal_within = -1;
	for (char *t = strtok_r(copy, " \t", &save); t && !rc; t = strtok_r(NULL, " \t", &save)) {
		char *colon = strchr(t, ':');
		if (!colon) {
			rc = error(_("\"%s\" is not a filter: write KEY:VALUE, KEY one of %s (e.g. band:red)"),
				   t, filter_keys);
			break;
		}
		*colon = '\0';
		rc = filter_term(t, colon + 1, cfg, &g, own, rsk, sizeof(own));
	}
	free(copy);
	if (rc)
		return -1;
	str_copy(owner, size, own);
	str_copy(risk, size, rsk);
	g.owner = own[0] ? owner : NULL;
	g.risk_category = rsk[0] ? risk : NULL;
	*f = g;
	return 0;
}

/* ---- Loading ------------------------------------------------------------------ */

/* Strings of the loaded rows live in chunks freed with the book, so that
 * loading 100,000 rows is not 400,000 mallocs. */
struct book_chunk {
	struct book_chunk *next;
	size_t used, cap;
	char data[];
};

struct book_pool {
	struct book_chunk *chunks;
	char **handles;           /* distinct owner handles, sorted (strcmp) */
	size_t n_handles;
};

#define BOOK_CHUNK_SIZE (256 * 1024)

static char *pool_alloc(struct book_pool *p, size_t n)
{
	struct book_chunk *c = p->chunks;
	if (!c || c->cap - c->used < n) {
		size_t cap = n > BOOK_CHUNK_SIZE ? n : BOOK_CHUNK_SIZE;
		c = xmalloc(sizeof(*c) + cap);
		c->next = p->chunks;
		c->used = 0;
		c->cap = cap;
		p->chunks = c;
	}
	char *out = c->data + c->used;
	c->used += n;
	return out;
}

static const char *pool_strdup(struct book_pool *p, const char *s, size_t len)
{
	char *out = pool_alloc(p, len + 1);
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

static void pool_free(struct book_pool *p)
{
	if (!p)
		return;
	for (struct book_chunk *c = p->chunks, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	for (size_t i = 0; i < p->n_handles; i++)
		free(p->handles[i]);
	free(p->handles);
	free(p);
}

/* ?1 = me, ?2 = today. "cover" = accounts whose main owner is absent today and
 * who are covered by me: explicitly, or as the sub owner by default. The
 * figures come from account_summary (summary.c). No ORDER BY: a scan is
 * several times faster than walking a name index; name_rank gives the name
 * order. The columns: the account's (BOOK_ACCOUNT_COLS of them, with the role),
 * then the summary's (BOOK_SUMMARY_COLS), then the flag's (2). */
#define BOOK_COVER \
	"WITH cover AS (" \
	/* CROSS JOIN: from the few absences to their accounts by index, never \
	 * a scan of the whole account table */ \
	"  SELECT a.id FROM absence ab CROSS JOIN account a ON a.main_owner = ab.handle" \
	"  WHERE a.active AND ?2 BETWEEN ab.start_day AND ab.end_day" \
	"    AND COALESCE(ab.covered_by, a.sub_owner) = ?1" \
	")"
#define BOOK_ACCOUNT \
	"SELECT a.crm_id, a.name, a.main_owner, a.sub_owner, a.touch_model, a.stage, a.arr_minor," \
	"  a.currency, a.renewal_day," \
	"  CASE WHEN a.main_owner = ?1 THEN 1 WHEN a.id IN (SELECT id FROM cover) THEN 3" \
	"       WHEN a.sub_owner = ?1 THEN 2 ELSE 0 END, a.seats, a.id"
#define BOOK_ACCOUNT_COLS 12
#define BOOK_SUMMARY \
	"s.health, s.health_4w, s.spark, s.open_risks, s.open_high_risks, s.risk_rank," \
	"  s.risk_category, s.next_touch_day, s.next_touch_kind, s.sentiment, s.touch_day," \
	"  s.attention, s.risk_categories, s.health_day, s.health_max, s.metric_first_day," \
	"  s.seats_day, s.seats_active"
#define BOOK_SUMMARY_COLS 18

static const char book_sql[] =
	BOOK_COVER BOOK_ACCOUNT ", " BOOK_SUMMARY ", f.flag, f.reason"
	" FROM account a LEFT JOIN account_summary s ON s.crm_id = a.crm_id"
	" LEFT JOIN account_flag f ON f.crm_id = a.crm_id"
	" WHERE a.active AND %s";

/* The whole team: three scans joined here in CRM id order (book_fetch),
 * instead of a seek into account_summary and account_flag per account.
 * The tables' keys are BINARY text: their order is strcmp's. */
static const char team_sql[] = BOOK_COVER BOOK_ACCOUNT " FROM account a WHERE a.active";
static const char team_summary_sql[] = "SELECT s.crm_id, " BOOK_SUMMARY " FROM account_summary s";
static const char team_flag_sql[] = "SELECT f.crm_id, f.flag, f.reason FROM account_flag f";

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

static void column_copy(sqlite3_stmt *stmt, int col, char *dst, size_t size)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);
	str_copy(dst, size, s ? (const char *)s : "");
}

/* Text (teammates' or the feeds'), sanitized for printing, into the pool;
 * "" when NULL. */
static const char *column_pool(struct book_pool *p, sqlite3_stmt *stmt, int col)
{
	const char *s = (const char *)sqlite3_column_text(stmt, col);
	if (!s)
		return "";
	if (text_is_clean(s))
		return pool_strdup(p, s, (size_t)sqlite3_column_bytes(stmt, col));
	char *clean = text_sanitize(s, false);
	const char *out = pool_strdup(p, clean, strlen(clean));
	free(clean);
	return out;
}

static bool column_null(sqlite3_stmt *stmt, int col)
{
	return sqlite3_column_type(stmt, col) == SQLITE_NULL;
}

static int column_day(sqlite3_stmt *stmt, int col)
{
	return column_null(stmt, col) ? DAY_NONE : sqlite3_column_int(stmt, col);
}

/* Owner handles are interned: a few hundred distinct strings for 100,000
 * rows. An open-addressing table of indices into handles[] while fetching;
 * then handles[] is sorted and other_rank becomes the place in that order. */
struct handle_table {
	uint32_t *slots;          /* index + 1; 0 = empty */
	size_t cap;
};

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;   /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The handle's index in p->handles (added when new); UINT32_MAX for NULL. */
static uint32_t handle_intern(struct book_pool *p, struct handle_table *t, const char *h)
{
	if (!h)
		return UINT32_MAX;
	if (2 * (p->n_handles + 1) > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		uint32_t *slots = xcalloc(cap, sizeof(*slots));
		for (size_t i = 0; i < t->cap; i++)
			if (t->slots[i]) {
				size_t j = hash_str(p->handles[t->slots[i] - 1]) & (cap - 1);
				while (slots[j])
					j = (j + 1) & (cap - 1);
				slots[j] = t->slots[i];
			}
		free(t->slots);
		t->slots = slots;
		t->cap = cap;
	}
	size_t j = hash_str(h) & (t->cap - 1);
	while (t->slots[j]) {
		if (str_eq(p->handles[t->slots[j] - 1], h))
			return t->slots[j] - 1;
		j = (j + 1) & (t->cap - 1);
	}
	p->handles = xreallocarray(p->handles, p->n_handles + 1, sizeof(*p->handles));
	p->handles[p->n_handles] = xstrdup(h);
	t->slots[j] = (uint32_t)++p->n_handles;
	return (uint32_t)(p->n_handles - 1);
}

static const char *handle_at(const struct book_pool *p, uint32_t i)
{
	return i < p->n_handles ? p->handles[i] : NULL;
}

static int cmp_handle(const void *a, const void *b)
{
	return strcmp(**(const char *const *const *)a, **(const char *const *const *)b);
}

/* Turns other_rank from the interning index into the place in byte order. */
static void rank_handles(struct book *b)
{
	struct book_pool *p = b->pool;
	char ***ptrs = xmalloc((p->n_handles ? p->n_handles : 1) * sizeof(*ptrs));
	uint32_t *rank = xmalloc((p->n_handles ? p->n_handles : 1) * sizeof(*rank));

	for (size_t i = 0; i < p->n_handles; i++)
		ptrs[i] = &p->handles[i];
	qsort(ptrs, p->n_handles, sizeof(*ptrs), cmp_handle);
	for (size_t i = 0; i < p->n_handles; i++)
		rank[ptrs[i] - p->handles] = (uint32_t)i;
	for (size_t i = 0; i < b->len; i++)
		if (b->rows[i].other_rank != UINT32_MAX)
			b->rows[i].other_rank = rank[b->rows[i].other_rank];
	free(ptrs);
	free(rank);
}

/* "82.0 80.5 ..." (SQLite's text of REALs): the common forms by hand, since
 * strtod on 1.2 million numbers would be most of a large book's load time;
 * anything else (an exponent) goes to strtod. */
static void parse_spark(const char *s, struct book_row *r)
{
	r->n_spark = 0;
	while (s && *s && r->n_spark < (int)ARRAY_SIZE(r->spark)) {
		const char *p = s;
		bool neg = *p == '-';
		double v = 0, scale = 1;   /* float only at the end: no rounding on the way */
		p += neg;
		if (*p < '0' || *p > '9')
			break;
		while (*p >= '0' && *p <= '9')
			v = v * 10 + (*p++ - '0');
		if (*p == '.')
			for (p++; *p >= '0' && *p <= '9'; p++)
				v += (*p - '0') * (scale /= 10);
		if (*p && *p != ' ') {
			char *end;
			v = strtod(s, &end);
			p = end;
			if (p == s)
				break;
		} else if (neg) {
			v = -v;
		}
		r->spark[r->n_spark++] = (float)v;
		s = *p ? p + 1 : p;
	}
}

static const char *fold_name(struct book_pool *p, const char *name)
{
	size_t len = strlen(name);
	char *out = pool_alloc(p, len + 1);
	for (size_t i = 0; i <= len; i++)
		out[i] = name[i] >= 'A' && name[i] <= 'Z' ? (char)(name[i] | 0x20) : name[i];
	return out;
}

/* The account's columns 0 .. BOOK_ACCOUNT_COLS - 1; the rest of r as a row
 * without a summary or a flag (what their NULL columns read as). */
static void read_account(sqlite3_stmt *stmt, int today, struct book_pool *p, struct handle_table *ht,
			 struct book_row *r)
{
	memset(r, 0, sizeof(*r));
	r->crm_id = column_pool(p, stmt, 0);
	r->name = column_pool(p, stmt, 1);
	r->fold = fold_name(p, r->name);
	uint32_t main_id = handle_intern(p, ht, (const char *)sqlite3_column_text(stmt, 2));
	uint32_t sub_id = handle_intern(p, ht, (const char *)sqlite3_column_text(stmt, 3));
	r->main_owner = handle_at(p, main_id);
	r->sub_owner = handle_at(p, sub_id);
	column_copy(stmt, 4, r->touch_model, sizeof(r->touch_model));
	column_copy(stmt, 5, r->stage, sizeof(r->stage));
	r->arr_minor = column_null(stmt, 6) ? INT64_MIN : sqlite3_column_int64(stmt, 6);
	column_copy(stmt, 7, r->currency, sizeof(r->currency));
	r->renewal_day = column_day(stmt, 8);
	r->days_left = r->renewal_day == DAY_NONE ? 0 : r->renewal_day - today;
	r->role = (enum book_role)sqlite3_column_int(stmt, 9);
	r->other_rank = r->role == ROLE_MAIN ? sub_id : main_id;
	r->other_owner = handle_at(p, r->other_rank);
	r->seats = column_null(stmt, 10) ? 0 : sqlite3_column_int(stmt, 10);
	r->account_id = sqlite3_column_int64(stmt, 11);
	r->top_risk_category = r->next_touch_kind = r->risk_categories = r->blind_reason = "";
	r->next_touch_day = r->last_touch_day = r->health_day = DAY_NONE;
	r->metric_first_day = r->seats_day = DAY_NONE;
}

/* The summary's columns from c (BOOK_SUMMARY_COLS of them; all NULL reads as
 * read_account left the row). */
static void read_summary(sqlite3_stmt *stmt, int c, int today, struct book_pool *p, struct book_row *r)
{
	if ((r->has_health = !column_null(stmt, c)))
		r->health = sqlite3_column_double(stmt, c);
	if ((r->has_health_delta = r->has_health && !column_null(stmt, c + 1)))
		r->health_delta4w = r->health - sqlite3_column_double(stmt, c + 1);
	parse_spark((const char *)sqlite3_column_text(stmt, c + 2), r);
	r->open_risks = sqlite3_column_int(stmt, c + 3);
	r->open_high_risks = sqlite3_column_int(stmt, c + 4);
	int rank = sqlite3_column_int(stmt, c + 5);
	r->top_risk_severity = rank >= RISK_LOW && rank <= RISK_HIGH ? (enum risk_severity)rank : RISK_NONE;
	r->top_risk_category = column_pool(p, stmt, c + 6);
	r->next_touch_day = column_day(stmt, c + 7);
	r->overdue = r->next_touch_day != DAY_NONE && r->next_touch_day < today;
	r->next_touch_kind = column_pool(p, stmt, c + 8);
	r->last_sentiment = sqlite3_column_int(stmt, c + 9);
	r->last_touch_day = column_day(stmt, c + 10);
	if ((r->has_attention = !column_null(stmt, c + 11)))
		r->attention = sqlite3_column_double(stmt, c + 11) - today;
	r->risk_categories = column_null(stmt, c + 12) ? "" : column_pool(p, stmt, c + 12);
	r->health_day = column_day(stmt, c + 13);
	r->health_max = column_null(stmt, c + 14) ? r->health : sqlite3_column_double(stmt, c + 14);
	r->metric_first_day = column_day(stmt, c + 15);
	r->seats_day = column_day(stmt, c + 16);
	r->seats_active = column_null(stmt, c + 17) ? 0 : sqlite3_column_double(stmt, c + 17);
}

/* The flag's two columns from c (flag, reason; NULL: none). */
static void read_flag(sqlite3_stmt *stmt, int c, struct book_pool *p, struct book_row *r)
{
	const char *flag = (const char *)sqlite3_column_text(stmt, c);
	r->blind = !flag ? BLIND_NONE : str_eq(flag, "hidden_risk") ? BLIND_HIDDEN : BLIND_QUIET;
	r->blind_reason = r->blind == BLIND_NONE ? "" : column_pool(p, stmt, c + 1);
}

static int cmp_name(const struct book_row *a, const struct book_row *b)
{
	int c = strcmp(a->fold, b->fold);
	if (!c)
		c = strcmp(a->name, b->name);
	return c ? c : strcmp(a->crm_id, b->crm_id);
}

static int cmp_name_ptr(const void *pa, const void *pb)
{
	return cmp_name(*(const struct book_row *const *)pa, *(const struct book_row *const *)pb);
}

struct sort_item {
	uint64_t key;
	uint32_t rank, idx;
};
static void radix_sort(struct sort_item *a, struct sort_item *tmp, size_t n);

/* Up to 12 bytes of s, big-endian in key (8) and rank (4), zero-padded:
 * their unsigned order is strcmp's as far as they go. */
static void string_prefix(const char *s, uint64_t *key, uint32_t *rank)
{
	uint64_t k = 0;
	uint32_t r = 0;
	int i = 0;
	for (; i < 8 && s[i]; i++)
		k = k << 8 | (unsigned char)s[i];
	k <<= 8 * (8 - i);
	if (i == 8)
		for (; i < 12 && s[i]; i++)
			r = r << 8 | (unsigned char)s[i];
	*key = k;
	*rank = i > 8 ? r << (8 * (12 - i)) : 0;
}

/* name_rank: the place in name order (A-Z folded, then bytes, then CRM id),
 * every sort's tie-break. A radix sort on the names' first 12 bytes, then
 * qsort within each run of equal prefixes: strcmp on 100,000 names was most
 * of a large fetch. */
static void rank_names(struct book *b, const size_t *by_id)
{
	size_t n = b->len;
	struct sort_item *items = xmalloc((n ? n : 1) * 2 * sizeof(*items));
	const struct book_row **run = xmalloc((n ? n : 1) * sizeof(*run));

	/* in CRM id order when by_id is given: the radix sort is stable, so a
	 * run of the same name, the common tie, comes out already in order */
	for (size_t i = 0; i < n; i++) {
		uint32_t k = (uint32_t)(by_id ? by_id[i] : i);
		string_prefix(b->rows[k].fold, &items[i].key, &items[i].rank);
		items[i].idx = k;
	}
	radix_sort(items, items + n, n);
	for (size_t i = 0, rank = 0; i < n;) {
		size_t j = i + 1;
		bool sorted = true;
		while (j < n && items[j].key == items[i].key && items[j].rank == items[i].rank) {
			sorted = sorted && cmp_name(&b->rows[items[j - 1].idx], &b->rows[items[j].idx]) < 0;
			j++;
		}
		for (size_t k = i; k < j; k++)
			run[k - i] = &b->rows[items[k].idx];
		if (!sorted)
			qsort(run, j - i, sizeof(*run), cmp_name_ptr);
		for (size_t k = i; k < j; k++)
			((struct book_row *)run[k - i])->name_rank = (uint32_t)rank++;
		i = j;
	}
	free(run);
	free(items);
}

struct id_item {
	const char *s;
	uint32_t idx;
};

static int cmp_id_item(const void *a, const void *b)
{
	return strcmp(((const struct id_item *)a)->s, ((const struct id_item *)b)->s);
}

void book_id_order(const struct book *b, size_t *idx)
{
	size_t n = b->len;
	struct sort_item *items = xmalloc((n ? n : 1) * 2 * sizeof(*items));
	struct id_item *run = xmalloc((n ? n : 1) * sizeof(*run));

	for (size_t i = 0; i < n; i++) {
		string_prefix(b->rows[i].crm_id, &items[i].key, &items[i].rank);
		items[i].idx = (uint32_t)i;
	}
	radix_sort(items, items + n, n);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && items[j].key == items[i].key && items[j].rank == items[i].rank)
			j++;
		if (j - i > 1) {   /* the same first 12 bytes: strcmp decides */
			for (size_t k = i; k < j; k++)
				run[k - i] = (struct id_item){ b->rows[items[k].idx].crm_id, items[k].idx };
			qsort(run, j - i, sizeof(*run), cmp_id_item);
			for (size_t k = i; k < j; k++)
				idx[k] = run[k - i].idx;
		} else {
			idx[i] = items[i].idx;
		}
		i = j;
	}
	free(run);
	free(items);
}

/* Appends the rows of stmt to out, whose rows array has room for *cap. */
static int step_rows(sqlite3_stmt *stmt, int today, struct book *out, struct handle_table *ht, bool join,
		     size_t *cap)
{
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (out->len == *cap) {
			*cap = *cap ? *cap * 2 : 256;
			out->rows = xreallocarray(out->rows, *cap, sizeof(*out->rows));
		}
		struct book_row *r = &out->rows[out->len++];
		read_account(stmt, today, out->pool, ht, r);
		if (join) {
			read_summary(stmt, BOOK_ACCOUNT_COLS, today, out->pool, r);
			read_flag(stmt, BOOK_ACCOUNT_COLS + BOOK_SUMMARY_COLS, out->pool, r);
		}
	}
	return rc;
}

/* The summaries (what == 0) or the flags (1) into the team's rows, whose
 * indices in CRM id order are by_id: a merge, both sides in strcmp order. */
static int merge_rows(struct store *st, const char *sql, int what, int today, struct book *out,
		      const size_t *by_id)
{
	sqlite3_stmt *stmt;
	size_t k = 0;
	int rc;

	if (store_prepare(st, sql, &stmt))
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(stmt, 0);
		int c = 1;
		while (id && k < out->len && (c = strcmp(out->rows[by_id[k]].crm_id, id)) < 0)
			k++;
		if (!id || k == out->len)
			continue;
		if (c == 0 && what == 0)
			read_summary(stmt, 1, today, out->pool, &out->rows[by_id[k]]);
		else if (c == 0)
			read_flag(stmt, 1, out->pool, &out->rows[by_id[k]]);
	}
	sqlite3_finalize(stmt);
	return rc;
}

int book_fetch(struct store *st, const char *me, enum book_scope scope, int today, struct book *out)
{
	sqlite3_stmt *stmt;
	bool team = scope == SCOPE_TEAM;
	char *sql = team ? xstrdup(team_sql) : xasprintf(book_sql, scope_condition(scope));
	struct handle_table ht = { 0 };
	int rc;

	memset(out, 0, sizeof(*out));
	out->pool = xcalloc(1, sizeof(*out->pool));
	rc = store_prepare(st, sql, &stmt);
	free(sql);
	if (rc) {
		book_free(out);
		return -1;
	}
	store_bind_text(stmt, 1, me);
	sqlite3_bind_int(stmt, 2, today);
	size_t cap = 0;
	rc = step_rows(stmt, today, out, &ht, !team, &cap);
	sqlite3_finalize(stmt);
	free(ht.slots);
	size_t *by_id = NULL;
	if (rc == SQLITE_DONE && team && out->len) {
		by_id = xmalloc(out->len * sizeof(*by_id));
		book_id_order(out, by_id);
		rc = merge_rows(st, team_summary_sql, 0, today, out, by_id);
		if (rc == SQLITE_DONE)
			rc = merge_rows(st, team_flag_sql, 1, today, out, by_id);
	}
	if (rc != SQLITE_DONE) {
		free(by_id);
		book_free(out);
		return rc == -1 ? -1 : error(_("cannot read the accounts: %s (database %s)"), sqlite3_errstr(rc), st->path);
	}
	rank_names(out, by_id);
	rank_handles(out);
	free(by_id);
	return 0;
}

/* The book_fetch(SCOPE_TEAM) rows of the accounts ids names (active ones
 * only): the other scopes' query with the CRM ids as the condition, one
 * statement for all (a lookup each, and the cover worked out once). */
int book_fetch_ids(struct store *st, const char *me, int today, const char *const *ids, size_t n,
		   struct book *out)
{
	sqlite3_stmt *stmt;
	struct sbuf cond = { 0 };
	struct handle_table ht = { 0 };
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return 0;
	sbuf_adds(&cond, "a.crm_id IN (?3");
	for (size_t i = 1; i < n; i++)
		sbuf_adds(&cond, ", ?");
	sbuf_adds(&cond, ")");
	char *sql = xasprintf(book_sql, sbuf_str(&cond));
	sbuf_free(&cond);
	rc = store_prepare(st, sql, &stmt);
	free(sql);
	if (rc)
		return -1;
	out->pool = xcalloc(1, sizeof(*out->pool));
	store_bind_text(stmt, 1, me);
	sqlite3_bind_int(stmt, 2, today);
	for (size_t i = 0; i < n; i++)
		store_bind_text(stmt, (int)i + 3, ids[i]);
	rc = step_rows(stmt, today, out, &ht, true, &cap);
	sqlite3_finalize(stmt);
	free(ht.slots);
	if (rc != SQLITE_DONE) {
		book_free(out);
		return error(_("cannot read the accounts: %s (database %s)"), sqlite3_errstr(rc), st->path);
	}
	rank_names(out, NULL);
	rank_handles(out);
	return 0;
}

static bool in_scope(enum book_role role, enum book_scope scope)
{
	switch (scope) {
	case SCOPE_MAIN:     return role == ROLE_MAIN;
	case SCOPE_MINE:     return role != ROLE_NONE;
	case SCOPE_COVERING: return role == ROLE_COVERING;
	case SCOPE_TEAM:     break;
	}
	return true;
}

void book_subset(const struct book *team, enum book_scope scope, struct book *out)
{
	struct sort_item *items = xmalloc((team->len ? team->len : 1) * 2 * sizeof(*items));
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < team->len; i++)
		if (in_scope(team->rows[i].role, scope))
			items[n++] = (struct sort_item){ 0, team->rows[i].name_rank, (uint32_t)i };
	if (scope != SCOPE_TEAM)
		radix_sort(items, items + n, n);   /* name order */
	out->rows = xmalloc((n ? n : 1) * sizeof(*out->rows));
	for (size_t i = 0; i < n; i++)
		out->rows[i] = team->rows[items[i].idx];
	out->len = n;
	free(items);
}

int book_owner_known(struct store *st, const char *handle, bool *known)
{
	sqlite3_stmt *stmt = store_stmt(st, "SELECT 1 FROM account WHERE active AND"
				       " (main_owner = ?1 OR sub_owner = ?1) LIMIT 1");
	int rc;

	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, handle);
	rc = sqlite3_step(stmt);
	*known = rc == SQLITE_ROW;
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return error(_("cannot read the owners: %s (database %s)"), sqlite3_errstr(rc), st->path);
	return 0;
}

/* ---- Filters and search -------------------------------------------------------- */

static enum book_band row_band(const struct book_row *r, const struct book_filter *f)
{
	if (!r->has_health)
		return BAND_NONE;
	return r->health <= f->band_red_max ? BAND_RED : r->health <= f->band_yellow_max ? BAND_YELLOW
											   : BAND_GREEN;
}

static int list_index(const char *s, const char *const *names, size_t n)
{
	int i = name_index(s, strlen(s), names, n);
	return i < 0 ? (int)n : i;
}

/* Is cat one of the comma-separated list's items? */
static bool list_has(const char *list, const char *cat)
{
	size_t n = strlen(cat);
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		if (len == n && !strncmp(p, cat, n))
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

bool book_row_passes(const struct book_row *r, const struct book_filter *f)
{
	if (!f)
		return true;
	if (f->owner && !str_eq(r->main_owner ? r->main_owner : "", f->owner) &&
	    !str_eq(r->sub_owner ? r->sub_owner : "", f->owner))
		return false;
	if (f->risk_category && !list_has(r->risk_categories, f->risk_category))
		return false;
	if (f->renewal_within >= 0 &&
	    (r->renewal_day == DAY_NONE || r->days_left < 0 || r->days_left > f->renewal_within))
		return false;
	if (f->bands && !(f->bands >> row_band(r, f) & 1))
		return false;
	if (f->blinds && !(f->blinds >> r->blind & 1))
		return false;
	if (f->stages && !(f->stages >> list_index(r->stage, stage_names, STAGE_COUNT) & 1))
		return false;
	if (f->touch_models && !(f->touch_models >> list_index(r->touch_model, touch_names, TOUCH_COUNT) & 1))
		return false;
	return true;
}

static int cmp_crm(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The accounts with a note (summary or text, not deleted), a risk (its
 * text, open or resolved) or a touchpoint (its note or the reason it was
 * moved or snoozed) whose folded text holds ?1, itself folded (textnorm.h). */
static const char search_sql[] =
	"SELECT account FROM note WHERE csc_in(account, ?2) AND NOT deleted AND"
	" (instr(csc_norm(summary), ?1) > 0 OR instr(csc_norm(text), ?1) > 0)"
	" UNION SELECT account FROM risk WHERE csc_in(account, ?2) AND instr(csc_norm(text), ?1) > 0"
	" UNION SELECT account FROM touchpoint WHERE csc_in(account, ?2) AND"
	" (instr(csc_norm(note), ?1) > 0 OR instr(csc_norm(reason), ?1) > 0)"
	" ORDER BY 1";   /* BINARY: strcmp order, for the bsearch below */

int book_search(struct store *st, const struct book *b, const char *text, bool *match)
{
	sqlite3_stmt *stmt;
	struct strlist hits = { 0 };
	char *needle;
	int rc;

	memset(match, 0, b->len * sizeof(*match));
	if (str_empty(text))
		return 0;
	needle = textnorm_search_key(text);
	if (!*needle) {
		free(needle);
		return 0;
	}
	if (!(stmt = store_stmt(st, search_sql))) {
		free(needle);
		return -1;
	}
	/* only the book's accounts: the folding is the cost of the scan */
	const char **ids = xmalloc((b->len ? b->len : 1) * sizeof(*ids));
	for (size_t i = 0; i < b->len; i++)
		ids[i] = b->rows[i].crm_id;
	qsort(ids, b->len, sizeof(*ids), cmp_crm);
	struct textnorm_set scope = { ids, b->len };
	store_bind_text(stmt, 1, needle);
	textnorm_bind_set(stmt, 2, &scope);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		strlist_add(&hits, (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);   /* scope points into this frame */
	free(ids);
	if (rc != SQLITE_DONE) {
		free(needle);
		strlist_clear(&hits);
		return error(_("cannot search the notes, risks and touchpoints: %s (database %s)"),
			     sqlite3_errstr(rc), st->path);
	}
	for (size_t i = 0; i < b->len; i++) {
		const char *key = b->rows[i].crm_id;
		char *name = textnorm_search_key(b->rows[i].name);
		match[i] = strstr(name, needle) ||
			   (hits.len && bsearch(&key, hits.items, hits.len, sizeof(*hits.items), cmp_crm));
		free(name);
	}
	free(needle);
	strlist_clear(&hits);
	return 0;
}

/* ---- Sorting ------------------------------------------------------------------- */

/* Each sort key becomes one 64-bit number per row whose unsigned order is
 * the key's natural order: bit 63 set when the row has no value (last in
 * either direction), the value below it (inverted for descending). A stable
 * radix sort on it, from rows in name order, leaves ties in name order. */
#define KEY_MISSING BOOK_KEY_NONE
#define KEY_MASK (KEY_MISSING - 1)

/* A double in thousandths, offset so that order is kept (|x| < 2^50 / 1000). */
static uint64_t key_double(double x)
{
	return (uint64_t)(llround(x * 1000) + (INT64_C(1) << 52));
}

static uint64_t key_int(long long x)
{
	return (uint64_t)(x + (INT64_C(1) << 40));
}

uint64_t book_sort_key(enum book_sort key, const struct book_row *r, bool descending)
{
	uint64_t v = 0;
	bool missing = false;

	switch (key) {
	case BOOK_SORT_ATTENTION:
		/* overdue first (most overdue first), then by attention */
		if (r->overdue)
			v = key_int(r->next_touch_day);
		else if (r->has_attention)
			v = (UINT64_C(1) << 62) | key_double(r->attention);
		else
			missing = true;
		break;
	case BOOK_SORT_NAME:
		v = r->name_rank;
		break;
	case BOOK_SORT_ROLE:
		v = r->role == ROLE_NONE ? 4 : (uint64_t)r->role;   /* main 1, sub 2, covering 3 */
		break;
	case BOOK_SORT_OTHER:
		missing = !r->other_owner;
		v = r->other_rank;
		break;
	case BOOK_SORT_TOUCH:
		v = (uint64_t)list_index(r->touch_model, touch_names, TOUCH_COUNT);
		break;
	case BOOK_SORT_STAGE:
		v = (uint64_t)list_index(r->stage, stage_names, STAGE_COUNT);
		break;
	case BOOK_SORT_ARR:
		/* the currency code A to Z (5 bits a letter), then largest first */
		missing = r->arr_minor == INT64_MIN;
		if (!missing) {
			uint64_t cur = 0;
			for (int i = 0; i < 3; i++)
				cur = cur << 5 | (uint64_t)((r->currency[i] - 'A') & 31);
			int64_t amount = r->arr_minor < 0 ? 0 : r->arr_minor;
			uint64_t a = (uint64_t)amount > (UINT64_C(1) << 46) - 1 ? (UINT64_C(1) << 46) - 1
										: (uint64_t)amount;
			v = cur << 46 | ((UINT64_C(1) << 46) - 1 - a);
		}
		break;
	case BOOK_SORT_HEALTH:
		missing = !r->has_health;
		v = missing ? 0 : key_double(r->health);
		break;
	case BOOK_SORT_DELTA:
		missing = !r->has_health_delta;
		v = missing ? 0 : key_double(r->health_delta4w);
		break;
	case BOOK_SORT_RISK:
		missing = r->open_risks == 0;
		v = (uint64_t)(3 - r->top_risk_severity) << 32 | (UINT32_MAX - (uint32_t)r->open_risks);
		break;
	case BOOK_SORT_RENEWAL:
		missing = r->renewal_day == DAY_NONE;
		v = missing ? 0 : key_int(r->renewal_day);
		break;
	case BOOK_SORT_NEXT_TOUCH:
		missing = r->next_touch_day == DAY_NONE;
		v = missing ? 0 : key_int(r->next_touch_day);
		break;
	case BOOK_SORT_SENTIMENT:
		missing = r->last_sentiment == 0;
		v = (uint64_t)r->last_sentiment;
		break;
	case BOOK_SORT_COUNT:
		break;
	}
	if (missing)
		return KEY_MISSING;
	return descending ? KEY_MASK - (v & KEY_MASK) : v & KEY_MASK;
}

/* Stable LSD radix sort of n items on (key, rank), a byte at a time,
 * skipping bytes where every item is the same. */
static void radix_sort(struct sort_item *a, struct sort_item *tmp, size_t n)
{
	for (int pass = 0; pass < 12; pass++) {
		size_t count[257] = { 0 };
		int shift = pass < 4 ? pass * 8 : (pass - 4) * 8;
		for (size_t i = 0; i < n; i++) {
			unsigned byte = pass < 4 ? a[i].rank >> shift & 0xff : (unsigned)(a[i].key >> shift & 0xff);
			count[byte + 1]++;
		}
		bool trivial = false;
		for (int k = 1; k <= 256; k++)
			if (count[k] == n)
				trivial = true;
		if (trivial)
			continue;
		for (int k = 1; k <= 256; k++)
			count[k] += count[k - 1];
		for (size_t i = 0; i < n; i++) {
			unsigned byte = pass < 4 ? a[i].rank >> shift & 0xff : (unsigned)(a[i].key >> shift & 0xff);
			tmp[count[byte]++] = a[i];
		}
		memcpy(a, tmp, n * sizeof(*a));
	}
}

void book_order(const struct book *b, const bool *keep, enum book_sort sort, bool descending,
		size_t *idx, size_t *n)
{
	struct sort_item *items = xmalloc((b->len ? b->len : 1) * 2 * sizeof(*items));
	size_t m = 0;

	for (size_t i = 0; i < b->len; i++)
		if (!keep || keep[i])
			items[m++] = (struct sort_item){ book_sort_key(sort, &b->rows[i], descending),
							 b->rows[i].name_rank, (uint32_t)i };
	radix_sort(items, items + b->len, m);
	for (size_t i = 0; i < m; i++)
		idx[i] = items[i].idx;
	*n = m;
	free(items);
}

/* Keeps the rows idx[0..n) in that order, dropping the others, in place:
 * a fresh array as big as a large book costs more in page faults than the
 * moves. The dropped rows complete idx to a permutation, applied by cycles. */
static void book_pick(struct book *b, const size_t *idx, size_t n)
{
	size_t *perm = xmalloc((b->len ? b->len : 1) * sizeof(*perm)), m = n;
	bool *used = xcalloc(b->len ? b->len : 1, sizeof(*used));

	memcpy(perm, idx, n * sizeof(*perm));
	for (size_t i = 0; i < n; i++)
		used[idx[i]] = true;
	for (size_t i = 0; i < b->len; i++)
		if (!used[i])
			perm[m++] = i;
	/* rows[i] = old rows[perm[i]]: follow each cycle once */
	memset(used, 0, b->len * sizeof(*used));
	for (size_t i = 0; i < b->len; i++) {
		if (used[i] || perm[i] == i) {
			used[i] = true;
			continue;
		}
		struct book_row tmp = b->rows[i];
		size_t j = i;
		while (perm[j] != i) {
			b->rows[j] = b->rows[perm[j]];
			used[j] = true;
			j = perm[j];
		}
		b->rows[j] = tmp;
		used[j] = true;
	}
	b->len = n;
	free(perm);
	free(used);
}

void book_sort(struct book *b, enum book_sort sort, bool descending)
{
	size_t *idx = xmalloc((b->len ? b->len : 1) * sizeof(*idx)), n;
	book_order(b, NULL, sort, descending, idx, &n);
	book_pick(b, idx, n);
	free(idx);
}

int book_query(struct store *st, const char *me, enum book_scope scope, int today,
	       const struct book_filter *filter, enum book_sort sort, bool descending,
	       struct book *out)
{
	bool *keep;
	size_t *idx, n;

	if (book_fetch(st, me, scope, today, out))
		return -1;
	keep = xcalloc(out->len ? out->len : 1, sizeof(*keep));
	if (filter && !str_empty(filter->search) && book_search(st, out, filter->search, keep)) {
		free(keep);
		book_free(out);
		return -1;
	}
	for (size_t i = 0; i < out->len; i++)
		keep[i] = (!filter || str_empty(filter->search) || keep[i]) &&
			  book_row_passes(&out->rows[i], filter);
	idx = xmalloc((out->len ? out->len : 1) * sizeof(*idx));
	book_order(out, keep, sort, descending, idx, &n);
	book_pick(out, idx, n);
	free(idx);
	free(keep);
	return 0;
}

int book_load(struct store *st, const char *me, enum book_scope scope, int today, struct book *out)
{
	return book_query(st, me, scope, today, NULL, BOOK_SORT_RENEWAL, false, out);
}

void book_free(struct book *b)
{
	free(b->rows);
	pool_free(b->pool);
	b->rows = NULL;
	b->pool = NULL;
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
	book_summary_count(cfg, b, out);
	book_summary_sync(st, now, out);
	return 0;
}

void book_summary_count(const struct config *cfg, const struct book *b, struct book_summary *out)
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
		/* the currencies A to Z by code, the first BOOK_MAX_CURRENCIES of
		 * them: the same whatever order the rows come in */
		size_t k;
		int c = 1;
		for (k = 0; k < out->n_arr && (c = strcmp(out->arr[k].currency, r->currency)) < 0; k++)
			;
		if (k == BOOK_MAX_CURRENCIES)
			continue;
		if (k == out->n_arr || c > 0) {
			size_t n = out->n_arr < BOOK_MAX_CURRENCIES ? out->n_arr : BOOK_MAX_CURRENCIES - 1;
			memmove(&out->arr[k + 1], &out->arr[k], (n - k) * sizeof(out->arr[0]));
			str_copy(out->arr[k].currency, sizeof(out->arr[k].currency), r->currency);
			out->arr[k].arr_minor = 0;
			out->n_arr = n + 1;
		}
		out->arr[k].arr_minor += r->arr_minor;
	}
}

void book_summary_sync(struct store *st, int64_t now, struct book_summary *out)
{
	char *last = store_meta_get(st, "last_sync");
	out->last_sync = 0;
	out->has_last_sync = last && ts_parse_iso(last, &out->last_sync);
	free(last);
	out->sync_stale = !out->has_last_sync || now - out->last_sync > 24 * 3600;
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
	char grouped[NUM_GROUPED_SIZE];
	uint64_t whole, fraction;

	if (minor == INT64_MIN || exp < 0) {
		str_copy(out, size, "-");
		return;
	}
	money_split(minor, exp, &whole, &fraction);
	num_grouped(whole, grouped);
	char frac[8] = "";
	if (exp > 0)
		str_format(frac, sizeof(frac), ".%0*llu", exp, (unsigned long long)fraction);
	if (c && c->symbol && text_glyphs_unicode())
		str_format(out, size, "%s%s%s%s", minor < 0 ? "-" : "", c->symbol, grouped, frac);
	else
		str_format(out, size, "%s%s %s%s", minor < 0 ? "-" : "", currency, grouped, frac);
}
