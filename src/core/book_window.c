/* book_window.c - the first rows of the whole team before its fetch is done (see book.h).
 *
 * The console fetches the team's accounts in the background after opening
 * (book_prefetch.c): 100,000 of them take a few hundred milliseconds. Asked
 * for the team before that, it shows the first screens from here: one scan
 * of only the columns the sort reads (account_summary's or account's), each
 * row's key by book_sort_key itself, the k-th smallest key t, then the full
 * rows of every account whose key is at most t (book_fetch_ids, a lookup
 * each), put in order by book_order. Every account that can be among the
 * first k has a key at most t and all the ties at t are there, so the
 * first k of these are the team's first k, names breaking ties as in the
 * whole book. When that cannot be sure it says so and the caller waits for
 * the whole book: sorts by name, other owner or role (ranks over the whole
 * team, or the cover); fewer than k accounts with a value (the rest are in
 * name order over the whole team); more than BOOK_WINDOW_TIES accounts up
 * to t (a lookup each would cost more than the wait).
 */
#include <stdlib.h>
#include <string.h>
#include "csconsole/book.h"
#include "csconsole/date.h"
#include "csconsole/i18n.h"

/* At most this many accounts looked up (per row of the window asked for). */
#define BOOK_WINDOW_TIES 4

enum window_source { SOURCE_NONE, SOURCE_SUMMARY, SOURCE_ACCOUNT };

/* The columns each sort's key reads, as book_fetch reads them, the others
 * as constants (a scan's cost is the columns it decodes): for the summary
 * crm_id, health, health_4w, open_risks, risk_rank, next_touch_day,
 * sentiment, attention; for the account crm_id, touch_model, stage,
 * arr_minor, currency, renewal_day. The summary has a row for accounts no
 * longer active too: book_fetch_ids drops them. */
#define FROM_SUMMARY " FROM account_summary"
#define FROM_ACCOUNT " FROM account WHERE active"
static const struct {
	enum window_source src;
	const char *sql;
} window_sql[BOOK_SORT_COUNT] = {
	[BOOK_SORT_ATTENTION] = { SOURCE_SUMMARY,
		"SELECT crm_id, NULL, NULL, 0, 0, next_touch_day, 0, attention" FROM_SUMMARY },
	[BOOK_SORT_HEALTH] = { SOURCE_SUMMARY, "SELECT crm_id, health, NULL, 0, 0, NULL, 0, NULL" FROM_SUMMARY },
	[BOOK_SORT_DELTA] = { SOURCE_SUMMARY, "SELECT crm_id, health, health_4w, 0, 0, NULL, 0, NULL" FROM_SUMMARY },
	[BOOK_SORT_RISK] = { SOURCE_SUMMARY,
		"SELECT crm_id, NULL, NULL, open_risks, risk_rank, NULL, 0, NULL" FROM_SUMMARY },
	[BOOK_SORT_NEXT_TOUCH] = { SOURCE_SUMMARY,
		"SELECT crm_id, NULL, NULL, 0, 0, next_touch_day, 0, NULL" FROM_SUMMARY },
	[BOOK_SORT_SENTIMENT] = { SOURCE_SUMMARY,
		"SELECT crm_id, NULL, NULL, 0, 0, NULL, sentiment, NULL" FROM_SUMMARY },
	[BOOK_SORT_TOUCH] = { SOURCE_ACCOUNT, "SELECT crm_id, touch_model, NULL, NULL, NULL, NULL" FROM_ACCOUNT },
	[BOOK_SORT_STAGE] = { SOURCE_ACCOUNT, "SELECT crm_id, NULL, stage, NULL, NULL, NULL" FROM_ACCOUNT },
	[BOOK_SORT_ARR] = { SOURCE_ACCOUNT, "SELECT crm_id, NULL, NULL, arr_minor, currency, NULL" FROM_ACCOUNT },
	[BOOK_SORT_RENEWAL] = { SOURCE_ACCOUNT, "SELECT crm_id, NULL, NULL, NULL, NULL, renewal_day" FROM_ACCOUNT },
};

static bool null_at(sqlite3_stmt *stmt, int col)
{
	return sqlite3_column_type(stmt, col) == SQLITE_NULL;
}

static int day_at(sqlite3_stmt *stmt, int col)
{
	return null_at(stmt, col) ? DAY_NONE : sqlite3_column_int(stmt, col);
}

static void text_at(sqlite3_stmt *stmt, int col, char *dst, size_t size)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);
	str_copy(dst, size, s ? (const char *)s : "");
}

/* The fields the key reads, as book.c's read_account and read_summary set
 * them (a row without a summary reads as one with every column NULL). */
static void read_key_row(enum window_source src, sqlite3_stmt *stmt, int today, struct book_row *r)
{
	memset(r, 0, sizeof(*r));
	r->next_touch_day = r->renewal_day = DAY_NONE;
	if (src == SOURCE_ACCOUNT) {
		text_at(stmt, 1, r->touch_model, sizeof(r->touch_model));
		text_at(stmt, 2, r->stage, sizeof(r->stage));
		r->arr_minor = null_at(stmt, 3) ? INT64_MIN : sqlite3_column_int64(stmt, 3);
		text_at(stmt, 4, r->currency, sizeof(r->currency));
		r->renewal_day = day_at(stmt, 5);
		return;
	}
	if ((r->has_health = !null_at(stmt, 1)))
		r->health = sqlite3_column_double(stmt, 1);
	if ((r->has_health_delta = r->has_health && !null_at(stmt, 2)))
		r->health_delta4w = r->health - sqlite3_column_double(stmt, 2);
	r->open_risks = sqlite3_column_int(stmt, 3);
	int rank = sqlite3_column_int(stmt, 4);
	r->top_risk_severity = rank >= RISK_LOW && rank <= RISK_HIGH ? (enum risk_severity)rank : RISK_NONE;
	r->next_touch_day = day_at(stmt, 5);
	r->overdue = r->next_touch_day != DAY_NONE && r->next_touch_day < today;
	r->last_sentiment = sqlite3_column_int(stmt, 6);
	if ((r->has_attention = !null_at(stmt, 7)))
		r->attention = sqlite3_column_double(stmt, 7) - today;
}

/* A max-heap of the k smallest keys seen: its top is the k-th smallest. */
static void heap_push(uint64_t *h, size_t *n, uint64_t key)
{
	size_t i = (*n)++;

	while (i > 0 && h[(i - 1) / 2] < key) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = key;
}

static void heap_replace_top(uint64_t *h, size_t n, uint64_t key)
{
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && h[c + 1] > h[c])
			c++;
		if (h[c] <= key)
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = key;
}

struct window_seen {
	uint64_t key;
	size_t id;            /* offset of its CRM id in ids */
};

int book_window(struct store *st, const char *me, int today, enum book_sort sort, bool descending, size_t k,
		struct book *out)
{
	enum window_source src = sort < BOOK_SORT_COUNT ? window_sql[sort].src : SOURCE_NONE;
	sqlite3_stmt *stmt;
	uint64_t *heap = NULL;
	struct window_seen *seen = NULL;
	size_t n_heap = 0, n_seen = 0, cap = 0;
	struct sbuf ids = { 0 };
	const char **cand = NULL;
	size_t n_cand = 0;
	int rc, result = 1;

	memset(out, 0, sizeof(*out));
	if (src == SOURCE_NONE || k == 0)
		return 1;
	if (!(stmt = store_stmt(st, window_sql[sort].sql)))
		return -1;
	/* every row's key; only those that are among the k smallest so far
	 * are kept (with their CRM id): a few hundred of 100,000 */
	heap = xmalloc(k * sizeof(*heap));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct book_row r;
		const char *id = (const char *)sqlite3_column_text(stmt, 0);
		if (!id)
			continue;
		read_key_row(src, stmt, today, &r);
		uint64_t key = book_sort_key(sort, &r, descending);
		if (n_heap < k)
			heap_push(heap, &n_heap, key);
		else if (key <= heap[0])
			heap_replace_top(heap, n_heap, key);
		else
			continue;
		if (n_seen == cap) {
			cap = cap ? cap * 2 : 1024;
			seen = xreallocarray(seen, cap, sizeof(*seen));
		}
		seen[n_seen++] = (struct window_seen){ key, ids.len };
		sbuf_add(&ids, id, (size_t)sqlite3_column_bytes(stmt, 0) + 1);   /* with its NUL */
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		result = error(_("cannot read the accounts: %s (database %s)"), sqlite3_errstr(rc), st->path);
		goto done;
	}
	if (n_heap < k)
		goto done;
	uint64_t t = heap[0];   /* the k-th smallest key */
	if (t == BOOK_KEY_NONE)
		goto done;   /* rows without a value go by name over the whole team */
	cand = xmalloc(k * BOOK_WINDOW_TIES * sizeof(*cand));
	for (size_t i = 0; i < n_seen; i++) {
		if (seen[i].key > t)
			continue;
		if (n_cand == k * BOOK_WINDOW_TIES)
			goto done;
		cand[n_cand++] = ids.data + seen[i].id;
	}
	if (book_fetch_ids(st, me, today, cand, n_cand, out) < 0) {
		result = -1;
		goto done;
	}
	/* the keys of the full rows are the scan's (a check: read_key_row
	 * reads as book.c does); accounts no longer active are gone */
	for (size_t i = 0; i < out->len; i++)
		if (book_sort_key(sort, &out->rows[i], descending) > t)
			goto done;
	if (out->len < k)
		goto done;
	book_sort(out, sort, descending);
	out->len = k;
	result = 0;
done:
	if (result != 0)
		book_free(out);
	free(heap);
	free(seen);
	free(cand);
	sbuf_free(&ids);
	return result;
}
