/* agenda_team.c - the team's agenda (agenda_build_team, agenda.h): whose
 * each account is today, and the team's rows read in one pass over
 * account_summary (the accounts a per-account rule can apply to, any other
 * on demand, names ranked among the accounts with an item). */
#include <stdlib.h>
#include <string.h>
#include "csconsole/agenda_build.h"
#include "csconsole/config.h"
#include "csconsole/date.h"
#include "csconsole/i18n.h"
#include "csconsole/text.h"
#include "csconsole/util.h"

/* ---- Text keys to an index, open addressing (FNV-1a) -------------------------------- */

static uint32_t str_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static struct str_slot *index_find(const struct str_index *ix, const char *key)
{
	if (!ix->cap)
		return NULL;
	for (size_t j = str_hash(key) & (ix->cap - 1);; j = (j + 1) & (ix->cap - 1)) {
		if (!ix->slots[j].key)
			return NULL;
		if (str_eq(ix->slots[j].key, key))
			return &ix->slots[j];
	}
}

/* Adds key (not there yet). */
static void index_put(struct str_index *ix, const char *key, int32_t idx)
{
	if (2 * (ix->len + 1) > ix->cap) {
		size_t cap = ix->cap ? ix->cap * 2 : 1024;
		struct str_slot *slots = xcalloc(cap, sizeof(*slots));
		for (size_t i = 0; i < ix->cap; i++)
			if (ix->slots[i].key) {
				size_t j = str_hash(ix->slots[i].key) & (cap - 1);
				while (slots[j].key)
					j = (j + 1) & (cap - 1);
				slots[j] = ix->slots[i];
			}
		free(ix->slots);
		ix->slots = slots;
		ix->cap = cap;
	}
	size_t j = str_hash(key) & (ix->cap - 1);
	while (ix->slots[j].key)
		j = (j + 1) & (ix->cap - 1);
	ix->slots[j] = (struct str_slot){ key, idx };
	ix->len++;
}

static void index_free(struct str_index *ix)
{
	free(ix->slots);
	memset(ix, 0, sizeof(*ix));
}

/* The team scope: each account under the CSM who acts on it today, its main
 * owner, or while the main owner is away (an absence on today) who covers:
 * the absence's covered_by, else the sub owner (as book.c's scope "mine"
 * and rule_covering read it: the absence ending last, then the latest). An
 * account whose main owner is away with nobody to cover stays the main
 * owner's. load_away reads the absences, acting_owner sets a row's owner
 * and its role (main or covering) to match. */
static int load_away(struct builder *B)
{
	static const char sql[] =
		"SELECT handle, coalesce(covered_by, '') FROM absence WHERE ?1 BETWEEN start_day AND end_day"
		" ORDER BY end_day DESC, id DESC";
	sqlite3_stmt *s = store_stmt(B->st, sql);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, B->today);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *handle = (const char *)sqlite3_column_text(s, 0);
		bool seen = false;
		for (size_t k = 0; k < B->away.len && !seen; k += 2)
			seen = str_eq(B->away.items[k], handle);
		if (seen)
			continue;
		strlist_add(&B->away, handle ? handle : "");
		strlist_add(&B->away, (const char *)sqlite3_column_text(s, 1));
	}
	return store_finish(B->st, s, rc, N_("the absences"));
}

static const char *intern_handle(struct builder *B, const char *h);

static void acting_owner(struct builder *B, size_t i)
{
	struct book_row *r = &B->book.rows[i];
	const char *who = r->main_owner;
	for (size_t k = 0; k < B->away.len; k += 2) {
		if (!str_eq(B->away.items[k], r->main_owner))
			continue;
		if (*B->away.items[k + 1])
			who = B->lazy ? intern_handle(B, B->away.items[k + 1]) : B->away.items[k + 1];
		else if (r->sub_owner)
			who = r->sub_owner;
		break;
	}
	B->owner[i] = who;
	r->role = str_eq(who, r->main_owner) ? ROLE_MAIN : ROLE_COVERING;
}

int agenda_team_owners(struct builder *B)
{
	if (load_away(B))
		return -1;
	B->owner = xcalloc(B->book.len ? B->book.len : 1, sizeof(*B->owner));
	for (size_t i = 0; i < B->book.len; i++)
		acting_owner(B, i);
	return 0;
}

/* ---- The team's rows: one pass over account_summary ------------------------------ */

/* The columns of a team row (summary.h: the account's copied columns and the
 * summary's); agenda_team_fetch adds the blind-spot flag's two. */
#define TEAM_COLS \
	"s.crm_id, s.account_id, s.name, s.main_owner, s.sub_owner, s.touch_model, s.stage, s.arr_minor," \
	" s.renewal_day, s.seats, s.health, s.health_day, s.health_max, s.health_max7, s.next_touch_day," \
	" s.touch_day, s.attention, s.metric_first_day, s.seats_day, s.seats_active"
enum { TEAM_NCOLS = 20 };

/* The accounts a rule reading the row can apply to on ?1 (the rules' own
 * conditions, loosened; each rule then decides): renewing inside the
 * largest window (?2, -1 without windows), a health drop the maxima allow
 * (?3 and ?4 the 7- and 28-day thresholds; rounding is within a point), the
 * last touch older than the shortest cadence (?5) with nothing planned from
 * today on, onboarding past ?6 days with seats and activity known, a main
 * owner away, a hidden risk. */
static const char team_sql[] =
	"SELECT " TEAM_COLS " FROM account_summary s WHERE s.active AND ("
	" s.renewal_day BETWEEN ?1 AND ?1 + ?2"
	" OR (s.health IS NOT NULL AND (s.health_day IS NULL OR s.health_day > ?1"
	"   OR coalesce(s.health_max7, s.health_max, s.health) - s.health >= ?3 - 1"
	"   OR coalesce(s.health_max, s.health) - s.health >= ?4 - 1))"
	" OR (s.touch_day IS NOT NULL AND ?1 - s.touch_day > ?5"
	"   AND (s.next_touch_day IS NULL OR s.next_touch_day < ?1))"
	" OR (s.stage = 'onboarding' AND s.seats > 0 AND s.metric_first_day IS NOT NULL"
	"   AND s.seats_day IS NOT NULL AND ?1 - s.metric_first_day > ?6)"
	" OR s.main_owner IN (SELECT handle FROM absence WHERE ?1 BETWEEN start_day AND end_day)"
	" OR s.crm_id IN (SELECT crm_id FROM account_flag WHERE flag = 'hidden_risk'))";

static const char *intern_handle(struct builder *B, const char *h)
{
	const struct str_slot *slot = index_find(&B->handles, h);
	if (slot)
		return slot->key;
	const char *copy = agenda_strings_dup(&B->out->strings, h, strlen(h));
	index_put(&B->handles, copy, 0);
	return copy;
}

static int column_day(sqlite3_stmt *s, int col)
{
	return sqlite3_column_type(s, col) == SQLITE_NULL ? DAY_NONE : sqlite3_column_int(s, col);
}

static bool column_null(sqlite3_stmt *s, int col)
{
	return sqlite3_column_type(s, col) == SQLITE_NULL;
}

/* The account name of a column, interned (a team of 100,000 accounts has
 * a few thousand distinct names): its index in name_text. */
static uint32_t intern_name(struct builder *B, sqlite3_stmt *s, int col)
{
	const char *t = (const char *)sqlite3_column_text(s, col);
	size_t len = (size_t)sqlite3_column_bytes(s, col);
	if (!t)
		t = "";
	const struct str_slot *slot = index_find(&B->names, t);
	if (slot)
		return (uint32_t)slot->idx;
	if (B->n_names == B->names_cap) {
		B->names_cap = B->names_cap ? B->names_cap * 2 : 256;
		B->name_text = xreallocarray(B->name_text, B->names_cap, sizeof(*B->name_text));
	}
	char *key = agenda_strings_dup(&B->out->strings, t, len);
	B->name_text[B->n_names] = text_is_clean(key) ? key : agenda_strings_clean(&B->out->strings, key, len);
	index_put(&B->names, key, (int32_t)B->n_names);
	return (uint32_t)B->n_names++;
}

/* Text of a column sanitized into the agenda's blocks ("" when NULL). */
static const char *column_clean(struct builder *B, sqlite3_stmt *s, int col)
{
	const char *t = (const char *)sqlite3_column_text(s, col);
	return t ? agenda_strings_clean(&B->out->strings, t, (size_t)sqlite3_column_bytes(s, col)) : "";
}

/* The row under s (TEAM_COLS, then the flag's two when flag) as book_fetch
 * reads an account, its summary and its flag; its acting owner; in B->ix
 * when index. */
static void team_row_add(struct builder *B, sqlite3_stmt *s, bool flag, bool index)
{
	int T = B->today;
	if (B->book.len == B->rows_cap) {
		B->rows_cap = B->rows_cap ? B->rows_cap * 2 : 1024;
		B->book.rows = xreallocarray(B->book.rows, B->rows_cap, sizeof(*B->book.rows));
		B->owner = xreallocarray(B->owner, B->rows_cap, sizeof(*B->owner));
		B->max7 = xreallocarray(B->max7, B->rows_cap, sizeof(*B->max7));
		B->row_name = xreallocarray(B->row_name, B->rows_cap, sizeof(*B->row_name));
	}
	size_t i = B->book.len++;
	struct book_row *r = &B->book.rows[i];
	const char *sub = (const char *)sqlite3_column_text(s, 4);

	memset(r, 0, sizeof(*r));
	r->crm_id = column_clean(B, s, 0);
	r->account_id = sqlite3_column_int64(s, 1);
	B->row_name[i] = intern_name(B, s, 2);
	r->name = B->name_text[B->row_name[i]];
	r->name_rank = (uint32_t)i;          /* until agenda_team_rank_names */
	const char *main = (const char *)sqlite3_column_text(s, 3);
	r->main_owner = intern_handle(B, main ? main : "");   /* NOT NULL in account */
	r->sub_owner = sub ? intern_handle(B, sub) : NULL;
	const char *t = (const char *)sqlite3_column_text(s, 5);
	str_copy(r->touch_model, sizeof(r->touch_model), t ? t : "");
	t = (const char *)sqlite3_column_text(s, 6);
	str_copy(r->stage, sizeof(r->stage), t ? t : "");
	r->arr_minor = column_null(s, 7) ? INT64_MIN : sqlite3_column_int64(s, 7);
	r->renewal_day = column_day(s, 8);
	r->days_left = r->renewal_day == DAY_NONE ? 0 : r->renewal_day - T;
	r->seats = column_null(s, 9) ? 0 : sqlite3_column_int(s, 9);
	if ((r->has_health = !column_null(s, 10)))
		r->health = sqlite3_column_double(s, 10);
	r->health_day = column_day(s, 11);
	r->health_max = column_null(s, 12) ? r->health : sqlite3_column_double(s, 12);
	B->max7[i] = column_null(s, 13) ? r->health_max : sqlite3_column_double(s, 13);
	r->next_touch_day = column_day(s, 14);
	r->overdue = r->next_touch_day != DAY_NONE && r->next_touch_day < T;
	r->last_touch_day = column_day(s, 15);
	if ((r->has_attention = !column_null(s, 16)))
		r->attention = sqlite3_column_double(s, 16) - T;
	r->metric_first_day = column_day(s, 17);
	r->seats_day = column_day(s, 18);
	r->seats_active = column_null(s, 19) ? 0 : sqlite3_column_double(s, 19);
	r->top_risk_category = r->next_touch_kind = r->risk_categories = r->blind_reason = "";
	if (flag) {
		const char *f = (const char *)sqlite3_column_text(s, TEAM_NCOLS);
		r->blind = !f ? BLIND_NONE : str_eq(f, "hidden_risk") ? BLIND_HIDDEN : BLIND_QUIET;
		r->blind_reason = r->blind == BLIND_NONE ? "" : column_clean(B, s, TEAM_NCOLS + 1);
	}
	acting_owner(B, i);
	if (index)
		index_put(&B->ix, r->crm_id, (int32_t)i);
}

/* The row of crm_id among those read so far, or NULL: the scanned rows by
 * binary search (in CRM id order), then B->ix (the others). *known: the
 * account was looked for before (slot->idx -1: no active account). */
const struct book_row *agenda_team_lookup(const struct builder *B, const char *crm_id, bool *known)
{
	size_t lo = 0, hi = B->n_sorted;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(B->book.rows[mid].crm_id, crm_id);
		if (c == 0) {
			*known = true;
			return &B->book.rows[mid];
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	const struct str_slot *slot = index_find(&B->ix, crm_id);
	*known = slot != NULL;
	return slot && slot->idx >= 0 ? &B->book.rows[slot->idx] : NULL;
}

/* An account outside the candidates that a rule names: its row, or NULL
 * when it is no active account (remembered either way). */
const struct book_row *agenda_team_fetch(struct builder *B, const char *crm_id)
{
	static const char sql[] =
		"SELECT " TEAM_COLS ", f.flag, f.reason FROM account_summary s"
		" LEFT JOIN account_flag f ON f.crm_id = s.crm_id WHERE s.crm_id = ?1 AND s.active";
	sqlite3_stmt *s = store_stmt(B->st, sql);
	int rc;

	if (!s) {
		B->failed = -1;
		return NULL;
	}
	store_bind_text(s, 1, crm_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		team_row_add(B, s, true, true);
	else
		index_put(&B->ix, agenda_strings_dup(&B->out->strings, crm_id, strlen(crm_id)), -1);
	if (store_finish(B->st, s, rc, N_("the account summaries"))) {
		B->failed = -1;
		return NULL;
	}
	return rc == SQLITE_ROW ? &B->book.rows[B->book.len - 1] : NULL;
}

static int team_candidates(struct builder *B, int min_cadence);

/* The candidates (team_sql), then the blind-spot flags merged into them. */
int agenda_team_scan(struct builder *B)
{
	const struct config *cfg = B->cfg;
	int min_cadence = cfg->cadence[0], rc;

	if (load_away(B))
		return -1;
	for (int m = 1; m < TOUCH_COUNT; m++)
		if (cfg->cadence[m] < min_cadence)
			min_cadence = cfg->cadence[m];
	/* the scan reads each page once: through a small page cache, not
	 * filling the connection's (32 MiB of pages never read again) */
	sqlite3_stmt *s = store_stmt(B->st, "PRAGMA cache_size");
	int cache = 0;
	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		cache = sqlite3_column_int(s, 0);
	if (store_finish(B->st, s, rc, N_("the page cache size")) || store_exec(B->st, "PRAGMA cache_size = -2048"))
		return -1;
	rc = team_candidates(B, min_cadence);
	char restore[48];
	str_format(restore, sizeof(restore), "PRAGMA cache_size = %d", cache);
	if (store_exec(B->st, restore) || rc)
		return -1;
	/* the scan's order is the key's (BINARY: strcmp's); checked, and
	 * indexed by hash instead should it ever not be */
	B->n_sorted = B->book.len;
	for (size_t i = 1; i < B->book.len && B->n_sorted; i++)
		if (strcmp(B->book.rows[i - 1].crm_id, B->book.rows[i].crm_id) >= 0)
			B->n_sorted = 0;
	for (size_t i = 0; !B->n_sorted && i < B->book.len; i++)
		index_put(&B->ix, B->book.rows[i].crm_id, (int32_t)i);
	if (!(s = store_stmt(B->st, "SELECT crm_id, flag, reason FROM account_flag")))
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(s, 0), *f = (const char *)sqlite3_column_text(s, 1);
		bool known;
		struct book_row *r = id ? (struct book_row *)agenda_team_lookup(B, id, &known) : NULL;
		if (!r)
			continue;
		r->blind = !f ? BLIND_NONE : str_eq(f, "hidden_risk") ? BLIND_HIDDEN : BLIND_QUIET;
		r->blind_reason = r->blind == BLIND_NONE ? "" : column_clean(B, s, 2);
	}
	return store_finish(B->st, s, rc, N_("the blind-spot flags"));
}

/* The candidates: team_sql's rows. */
static int team_candidates(struct builder *B, int min_cadence)
{
	const struct config *cfg = B->cfg;
	int rc;
	sqlite3_stmt *s = store_stmt(B->st, team_sql);
	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, B->today);
	sqlite3_bind_int(s, 2, cfg->n_renewal_windows > 0 ? cfg->renewal_windows[0] : -1);
	sqlite3_bind_int(s, 3, cfg->agenda_health_drop_7d);
	sqlite3_bind_int(s, 4, cfg->agenda_health_drop_28d);
	sqlite3_bind_int(s, 5, min_cadence);
	sqlite3_bind_int(s, 6, cfg->agenda_onboarding_days);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		team_row_add(B, s, false, false);
	return store_finish(B->st, s, rc, N_("the account summaries"));
}

/* A byte of a name folded as book.c's name order folds it (A-Z only). */
static unsigned char fold_byte(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c;
}

/* Two names as book.c's name order compares them first: folded (A-Z). */
static int cmp_folded(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
	while (*p && fold_byte(*p) == fold_byte(*q)) {
		p++;
		q++;
	}
	return fold_byte(*p) == fold_byte(*q) ? 0 : fold_byte(*p) < fold_byte(*q) ? -1 : 1;
}

static const char *const *ranking_names;
static int cmp_name_id(const void *pa, const void *pb)
{
	const char *a = ranking_names[*(const uint32_t *)pa], *b = ranking_names[*(const uint32_t *)pb];
	int c = cmp_folded(a, b);
	return c ? c : strcmp(a, b);
}

/* A row's place: its name's (names alike share one), then its CRM id. */
struct row_key {
	uint32_t name;
	uint32_t row;
};
static const struct book_row *ranking_rows;
static size_t ranking_sorted;
static int cmp_row_key(const void *pa, const void *pb)
{
	const struct row_key *a = pa, *b = pb;
	if (a->name != b->name)
		return a->name < b->name ? -1 : 1;
	if (a->row < ranking_sorted && b->row < ranking_sorted)   /* scanned in CRM id order */
		return a->row < b->row ? -1 : a->row > b->row;
	return strcmp(ranking_rows[a->row].crm_id, ranking_rows[b->row].crm_id);
}

/* The team's name_rank, among the accounts that have an item: their
 * relative order is what the whole team's ranks give them (the order of
 * items and entries reads only that). The distinct names are put in order
 * first (a few thousand), then the accounts by their name's place and CRM
 * id. The items hold row indices until now. */
void agenda_team_rank_names(struct builder *B)
{
	struct agenda *a = B->out;
	size_t rows = B->book.len, n_rows = 0, n_names = 0;
	uint32_t *rank = xmalloc((rows ? rows : 1) * sizeof(*rank));
	uint32_t *name_place = xmalloc((B->n_names ? B->n_names : 1) * sizeof(*name_place));
	uint32_t *names = xmalloc((B->n_names ? B->n_names : 1) * sizeof(*names));
	struct row_key *keys = xmalloc((rows ? rows : 1) * sizeof(*keys));

	for (size_t i = 0; i < rows; i++)
		rank[i] = UINT32_MAX;
	for (size_t i = 0; i < B->n_names; i++)
		name_place[i] = UINT32_MAX;
	for (size_t i = 0; i < a->len; i++) {
		uint32_t row = a->items[i].name_rank;
		if (rank[row] != UINT32_MAX)
			continue;
		rank[row] = 0;
		keys[n_rows++] = (struct row_key){ B->row_name[row], row };
		if (name_place[B->row_name[row]] == UINT32_MAX) {
			name_place[B->row_name[row]] = 0;
			names[n_names++] = B->row_name[row];
		}
	}
	ranking_names = B->name_text;
	qsort(names, n_names, sizeof(*names), cmp_name_id);
	ranking_names = NULL;
	/* two names stored apart may read the same once sanitized: one place */
	for (size_t k = 0, place = 0; k < n_names; k++) {
		if (k && !str_eq(B->name_text[names[k]], B->name_text[names[k - 1]]))
			place = k;
		name_place[names[k]] = (uint32_t)place;
	}
	for (size_t k = 0; k < n_rows; k++)
		keys[k].name = name_place[keys[k].name];
	ranking_rows = B->book.rows;
	ranking_sorted = B->n_sorted;
	qsort(keys, n_rows, sizeof(*keys), cmp_row_key);
	ranking_rows = NULL;
	for (size_t k = 0; k < n_rows; k++)
		rank[keys[k].row] = (uint32_t)k;
	for (size_t i = 0; i < a->len; i++)
		a->items[i].name_rank = rank[a->items[i].name_rank];
	free(keys);
	free(names);
	free(name_place);
	free(rank);
}

void agenda_team_free(struct builder *B)
{
	free(B->owner);
	free(B->max7);
	index_free(&B->ix);
	index_free(&B->handles);
	index_free(&B->names);
	free(B->name_text);
	free(B->row_name);
	strlist_clear(&B->away);
	B->owner = NULL;
	B->max7 = NULL;
	B->name_text = NULL;
	B->row_name = NULL;
}
