/* feed_metrics.c - the metrics feeds: one value per account, metric and day.
 *
 * The fast path of a sync (millions of rows), as a two-stage pipeline:
 *
 *   reader thread: parse (CSV or YAML), check each row, look the account's
 *     CRM id up (every account id loaded once per sync), give each metric
 *     name a per-file number, collect rows into a batch, sort the batch;
 *   this thread: write the batches with one reused multi-row upsert.
 *
 * Two batches alternate, so parsing one overlaps staging the other. The
 * import is staged, then applied in short steps (issue 11: a CSM's `note`
 * must never wait for a long import):
 *
 *   stage: the sorted batches go to a spill file beside the database (no
 *     database lock is held, the previous import stays in force), until
 *     the whole file has parsed and is known to be complete and unchanged;
 *   apply: the batches are written in transactions of at most SLICE_MS
 *     each, with a pause between two for other writers; the last one stays
 *     open for the driver, which records the file and commits.
 *
 * A file error (YAML syntax, a cut last line...) thus changes nothing; while
 * the apply runs, readers may see some of the new values and not yet others
 * (each value old or new, never another). Only this thread touches SQLite;
 * only the reader adds diagnostics and reports progress while both run
 * (errors of this side wait until the reader has stopped). Sorting a batch by key turns the B-tree inserts of a day-ordered
 * export into one forward sweep over the table's pages; equal keys keep
 * their input order, so the later row wins, as it would row by row.
 */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "csconsole/crmvalue.h"
#include "csconsole/csvread.h"
#include "csconsole/date.h"
#include "csconsole/feed.h"
#include "csconsole/i18n.h"
#include "csconsole/preset.h"
#include "csconsole/yamldoc.h"

/* The fields: METRIC_COLUMNS in preset.h. */
enum {
#define COL_ENUM(id, name, req) M_##id,
	METRIC_COLUMNS(COL_ENUM)
#undef COL_ENUM
	M_COUNT
};

static const struct csvread_col metric_cols[] = {
#define COL_DEF(id, name, req) { name, req },
	METRIC_COLUMNS(COL_DEF)
#undef COL_DEF
};

#define METRIC_NAME_MAX 64
/* Rows per batch. Small batches keep parsing and writing overlapped; but a
 * file not ordered by account (say, by day) would make every batch sweep the
 * whole table, so when a batch comes out of account order, the next ones
 * grow. Two batches of 24 bytes a row: 48 MiB at most. */
#define BATCH_MIN (1u << 16)
#define BATCH_MAX (1u << 20)
#define HEALTH_METRIC "health_score"
/* Rows per INSERT statement: one statement per row costs more in
 * sqlite3_step()/reset() than the row itself. */
#define ROWS_PER_INSERT 100
/* The longest a write transaction of the apply lasts, and the pause after
 * it in which another writer (note, risk, touch) takes its turn. */
#define SLICE_MS 100
#define PAUSE_MS 3
/* Statements between two looks at the clock. */
#define CLOCK_EVERY 16

struct mrow {
	double value;
	int32_t account;
	int32_t metric;      /* reader: the file's name number; writer: metric_name.id */
	int32_t day;
	uint32_t seq;        /* input order: the later of two equal keys wins */
};

struct batch {
	struct mrow *rows;
	size_t n, cap;
	struct strlist new_names;    /* names first seen in this batch, numbered on */
	uint32_t first_new;          /* the number of new_names.items[0] */
};

/* Per sync: what stays valid from one metrics file to the next. */
struct feed_metrics_cache {
	bool accounts_loaded;
	struct feed_map accounts;    /* crm_id -> account.id */
	struct feed_map names;       /* metric name -> metric_name.id */
	int64_t health_id;           /* metric_name.id of health_score, or 0 */
	sqlite3_stmt *upsert, *upsert_many, *health, *name_get, *name_add;
	struct batch batches[2];
	size_t batch_rows;           /* learnt from the files so far (see BATCH_MIN) */
	locale_t c_locale;
};

/* The reader thread's state (touched by it alone while it runs). */
struct reader {
	struct feed_file *f;
	struct feed_metrics_cache *c;    /* reads c->accounts and c->c_locale only */
	struct feed_map numbers;         /* metric name -> number in this file */
	uint32_t nnames;
	struct batch *cur;
	uint32_t seq;
	int rc;                          /* the parse's result */
	/* Memo of the last account, date and metric texts (rows come in runs). */
	char last_account[72];
	int32_t last_account_id;
	char last_date[16];
	int last_day;
	char last_name[METRIC_NAME_MAX + 1];
	int32_t last_number;
};

/* The hand-over of batches between the two threads. */
struct channel {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch *ready;             /* filled, waiting to be written */
	struct batch *spare;             /* written, free to fill */
	bool reader_done;
	bool writer_failed;
};

/* A batch in the spill file: its rows at off, its new names. */
struct staged {
	off_t off;
	size_t n;
	struct strlist new_names;
	uint32_t first_new;
};

struct pipeline {
	size_t batch_rows;
	struct reader r;
	struct channel ch;
	struct csvread_col *ycols;       /* YAML: the keys, after feeds.metrics.columns */
	char error[512];                 /* the writer's failure, reported after the join */
	/* The stage (this thread). */
	int spill;                       /* the spill file, unlinked; -1 until made */
	off_t spill_len;
	struct staged *staged;
	size_t nstaged;
	/* The apply. */
	double slice_start;
	unsigned statements;
	unsigned slices_committed;
};

static struct feed_metrics_cache *cache(struct feed_sync *s)
{
	if (!s->metrics) {
		s->metrics = xcalloc(1, sizeof(*s->metrics));
		s->metrics->c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
		if (!s->metrics->c_locale)
			die(_("cannot create the C locale (out of memory?)"));
	}
	return s->metrics;
}

void feed_metrics_rolled_back(struct feed_sync *s)
{
	/* Names interned in the rolled-back transaction are gone. */
	if (s->metrics) {
		feed_map_clear(&s->metrics->names);
		s->metrics->health_id = 0;
	}
}

void feed_metrics_accounts_changed(struct feed_sync *s)
{
	if (s->metrics && s->metrics->accounts_loaded) {
		feed_map_clear(&s->metrics->accounts);
		s->metrics->accounts_loaded = false;
	}
}

void feed_metrics_release(struct feed_sync *s)
{
	struct feed_metrics_cache *c = s->metrics;
	if (!c)
		return;
	feed_map_clear(&c->accounts);
	feed_map_clear(&c->names);
	sqlite3_finalize(c->upsert);
	sqlite3_finalize(c->upsert_many);
	sqlite3_finalize(c->health);
	sqlite3_finalize(c->name_get);
	sqlite3_finalize(c->name_add);
	for (size_t i = 0; i < ARRAY_SIZE(c->batches); i++) {
		free(c->batches[i].rows);
		strlist_clear(&c->batches[i].new_names);
	}
	if (c->c_locale)
		freelocale(c->c_locale);
	free(c);
	s->metrics = NULL;
}

/* src: the file the value in force came from (feed_source.id), so that a
 * file that stops being a feed can take back what it brought (feed.c). */
#define UPSERT_TAIL " ON CONFLICT(account_id, metric_id, day) " \
	"DO UPDATE SET value = excluded.value, src = excluded.src " \
	"WHERE value IS NOT excluded.value OR src IS NOT excluded.src"
/* The parameter number of src in the multi-row statement (one for all rows). */
#define SRC_PARAM (4 * ROWS_PER_INSERT + 1)

static int prepare(struct feed_file *f, struct feed_metrics_cache *c)
{
	struct sbuf sql = {0};
	int rc;
	if (c->upsert)
		return 0;
	sbuf_adds(&sql, "INSERT INTO metric(account_id, metric_id, day, value, src) VALUES ");
	for (int i = 0; i < ROWS_PER_INSERT; i++)
		sbuf_addf(&sql, "%s(?%d, ?%d, ?%d, ?%d, ?%d)", i ? ", " : "", 4 * i + 1, 4 * i + 2,
			  4 * i + 3, 4 * i + 4, SRC_PARAM);
	sbuf_adds(&sql, UPSERT_TAIL);
	rc = store_prepare(f->st, sbuf_str(&sql), &c->upsert_many);
	sbuf_free(&sql);
	if (rc || store_prepare(f->st, "INSERT INTO metric(account_id, metric_id, day, value, src) "
				"VALUES (?1, ?2, ?3, ?4, ?5)" UPSERT_TAIL, &c->upsert) ||
	    store_prepare(f->st, "INSERT INTO health(account_id, day, score, source) "
			  "VALUES (?1, ?2, ?3, 'feed') ON CONFLICT(account_id, source, day) DO UPDATE SET "
			  "score = excluded.score WHERE score IS NOT excluded.score", &c->health) ||
	    store_prepare(f->st, "SELECT id FROM metric_name WHERE name = ?1", &c->name_get) ||
	    store_prepare(f->st, "INSERT INTO metric_name(name) VALUES (?1)", &c->name_add)) {
		diag_add(f->diags, DIAG_ERROR, f->name, 0, 0, "%s", error_message());
		return -1;
	}
	return 0;
}

static int load_accounts(struct feed_file *f, struct feed_metrics_cache *c)
{
	sqlite3_stmt *stmt;
	int rc;
	if (c->accounts_loaded)
		return 0;
	if (store_prepare(f->st, "SELECT id, crm_id FROM account", &stmt)) {
		diag_add(f->diags, DIAG_ERROR, f->name, 0, 0, "%s", error_message());
		return -1;
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *crm = (const char *)sqlite3_column_text(stmt, 1);
		int64_t id = sqlite3_column_int64(stmt, 0);
		if (id <= 0 || id > INT32_MAX) {   /* rows are batched with 32-bit ids */
			sqlite3_finalize(stmt);
			diag_add(f->diags, DIAG_ERROR, f->name, 0, 0, _("account %s has the local id %lld, "
				 "beyond what the metrics import handles"), crm, (long long)id);
			return -1;
		}
		feed_map_put(&c->accounts, crm, (size_t)sqlite3_column_bytes(stmt, 1), id);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		diag_add(f->diags, DIAG_ERROR, f->name, 0, 0, _("cannot read the accounts: %s"),
			 sqlite3_errmsg(f->st->db));
		return -1;
	}
	c->accounts_loaded = true;
	return 0;
}

/* ---- The reader -------------------------------------------------------------- */

static bool valid_metric_name(const char *s, size_t len)
{
	if (len == 0 || len > METRIC_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '.'))
			return false;
	}
	return true;
}

/* A decimal number: -?digits[.digits][e[+-]digits]. No locale, no hex, no
 * inf/nan, no blanks. Short integers convert exactly without strtod. */
static bool parse_value(locale_t c_locale, const char *s, double *out)
{
	const char *p = s;
	bool neg = false, plain = true;
	int64_t whole = 0;
	int digits = 0;

	if (*p == '-') {
		neg = true;
		p++;
	}
	for (; *p >= '0' && *p <= '9'; p++, digits++)
		if (digits < 15)
			whole = whole * 10 + (*p - '0');
	if (digits == 0)
		return false;
	if (*p == '.') {
		plain = false;
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		plain = false;
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p != '\0')
		return false;
	if (plain && digits <= 15) {
		*out = neg ? -(double)whole : (double)whole;
		return true;
	}
	*out = strtod_l(s, NULL, c_locale);
	return *out - *out == 0;     /* finite */
}

/* A metric value: a plain C decimal (the fast path), else a number in the
 * format of feeds.number_format ("1,234.5", "1.234,5"). */
static bool metric_value(struct reader *r, const char *s, double *out, char *why, size_t size)
{
	int nf = r->f->sync->opt->number_format;
	char plain[128];
	if (nf == CRM_NUMBER_DOT && parse_value(r->c->c_locale, s, out))
		return true;
	if (!crm_plain_number(s, (enum crm_number_format)nf, plain, sizeof(plain), why, size))
		return false;
	if (parse_value(r->c->c_locale, plain, out))
		return true;
	str_format(why, size, "%s", _("is not a number: it is too large"));
	return false;
}

/* The file's number for a metric name; a new one is announced in the batch. */
static int32_t name_number(struct reader *r, const char *name, size_t len)
{
	int64_t n;
	if (r->last_number >= 0 && strcmp(name, r->last_name) == 0)
		return r->last_number;
	if (!feed_map_get(&r->numbers, name, len, &n)) {
		n = r->nnames++;
		feed_map_put(&r->numbers, name, len, n);
		if (r->cur->new_names.len == 0)
			r->cur->first_new = (uint32_t)n;
		strlist_add(&r->cur->new_names, name);
	}
	memcpy(r->last_name, name, len + 1);
	r->last_number = (int32_t)n;
	return (int32_t)n;
}

static int cmp_mrow(const void *a, const void *b)
{
	const struct mrow *x = a, *y = b;
	if (x->account != y->account)
		return x->account < y->account ? -1 : 1;
	if (x->metric != y->metric)
		return x->metric < y->metric ? -1 : 1;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Hands the current batch to the writer and takes the spare one. Returns
 * -1 when the writer failed (the reader stops). */
static int hand_over(struct pipeline *p)
{
	struct reader *r = &p->r;
	struct channel *ch = &p->ch;
	struct batch *b = r->cur;
	bool sorted = true, by_account = true;
	int rc = 0;

	for (size_t k = 1; k < b->n && by_account; k++) {
		by_account = b->rows[k - 1].account <= b->rows[k].account;
		sorted = sorted && cmp_mrow(&b->rows[k - 1], &b->rows[k]) < 0;
	}
	if (!by_account && p->batch_rows < BATCH_MAX)
		p->batch_rows *= 4;
	if (!sorted)
		qsort(b->rows, b->n, sizeof(*b->rows), cmp_mrow);
	pthread_mutex_lock(&ch->mu);
	while (ch->ready && !ch->writer_failed)
		pthread_cond_wait(&ch->cv, &ch->mu);
	if (!ch->writer_failed) {
		ch->ready = b;
		pthread_cond_broadcast(&ch->cv);
		while (!ch->spare && !ch->writer_failed)
			pthread_cond_wait(&ch->cv, &ch->mu);
	}
	if (ch->writer_failed) {
		rc = -1;
	} else {
		r->cur = ch->spare;
		ch->spare = NULL;
		r->cur->n = 0;
		strlist_clear(&r->cur->new_names);
	}
	pthread_mutex_unlock(&ch->mu);
	return rc;
}

/* One row, from either format. 0 imported, 1 rejected, -1 stop. */
static int metric_row(struct pipeline *p, const struct feed_val *v, const size_t *len)
{
	struct reader *r = &p->r;
	struct feed_file *f = r->f;
	struct feed_row_errors e = {0};
	int64_t account = 0;
	double value = 0;
	int32_t number;
	int day = DAY_NONE;
	bool value_ok = false, name_ok;
	char why[512];

	for (size_t i = 0; i < M_COUNT; i++)
		if (!v[i].s)
			feed_row_error(&e, &v[i], metric_cols[i].name, _("missing (every metric row "
				       "needs account, date, metric and value)"));
	if (!v[M_ACCOUNT].s) {
		/* reported */
	} else if (r->last_account_id && strcmp(v[M_ACCOUNT].s, r->last_account) == 0) {
		account = r->last_account_id;
	} else if (!feed_map_get(&r->c->accounts, v[M_ACCOUNT].s, len[M_ACCOUNT], &account)) {
		feed_row_error(&e, &v[M_ACCOUNT], "account", _("\"%s\" is not in the accounts feed: "
			       "check the id, or add the account to feeds/accounts"), v[M_ACCOUNT].s);
	} else if (len[M_ACCOUNT] < sizeof(r->last_account)) {
		memcpy(r->last_account, v[M_ACCOUNT].s, len[M_ACCOUNT] + 1);
		r->last_account_id = (int32_t)account;
	}
	if (!v[M_DATE].s) {
		/* reported */
	} else if (len[M_DATE] < sizeof(r->last_date) && strcmp(v[M_DATE].s, r->last_date) == 0) {
		day = r->last_day;
	} else if (feed_date_check(f, &v[M_DATE], "date", &day, &e)) {
		str_copy(r->last_date, sizeof(r->last_date), v[M_DATE].s);
		r->last_day = day;
	}
	name_ok = v[M_METRIC].s && valid_metric_name(v[M_METRIC].s, len[M_METRIC]);
	if (v[M_METRIC].s && !name_ok)
		feed_row_error(&e, &v[M_METRIC], "metric", _("\"%s\" is not a metric name: use "
			       "lowercase letters, digits, '_' and '.' (at most %d), like logins"),
			       v[M_METRIC].s, METRIC_NAME_MAX);
	if (v[M_VALUE].s) {
		value_ok = metric_value(r, v[M_VALUE].s, &value, why, sizeof(why));
		if (!value_ok)
			feed_row_value_error(&e, &v[M_VALUE], "value", why);
	}
	if (value_ok && name_ok && strcmp(v[M_METRIC].s, HEALTH_METRIC) == 0 &&
	    !(value >= 0 && value <= 100))
		feed_row_error(&e, &v[M_VALUE], "value", _("health_score %s is out of range: it is "
			       "0 to 100"), v[M_VALUE].s);
	if (feed_row_errors_done(f, &e))
		return 1;
	number = name_number(r, v[M_METRIC].s, len[M_METRIC]);

	struct batch *b = r->cur;
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 4096;
		b->rows = xreallocarray(b->rows, b->cap, sizeof(*b->rows));
	}
	b->rows[b->n++] = (struct mrow){
		.account = (int32_t)account, .metric = number, .day = day, .value = value,
		.seq = r->seq++,
	};
	feed_row_done(f);
	if (b->n == p->batch_rows && hand_over(p) != 0)
		return -1;
	return 0;
}

static int csv_header(void *ctx, const struct csvread_info *info)
{
	struct pipeline *p = ctx;
	if (info->has_generated_at)
		return feed_generated_at(p->r.f, info->generated_at);
	return 0;
}

static int csv_row(void *ctx, const struct csvread_row *row)
{
	struct pipeline *p = ctx;
	struct feed_val v[M_COUNT];
	if (feed_csv_row_check(p->r.f, row))
		return 0;
	feed_csv_row(row, v);
	return metric_row(p, v, row->len) < 0 ? -1 : 0;
}

static int yaml_row(void *ctx, const struct ynode *item)
{
	struct pipeline *p = ctx;
	struct feed_val v[M_COUNT];
	size_t len[M_COUNT];
	if (feed_yaml_row(p->r.f, item, p->ycols, M_COUNT, NULL, v))
		return 0;
	for (size_t i = 0; i < M_COUNT; i++)
		len[i] = v[i].s ? strlen(v[i].s) : 0;
	return metric_row(p, v, len) < 0 ? -1 : 0;
}

static void *reader_main(void *arg)
{
	struct pipeline *p = arg;
	struct feed_file *f = p->r.f;
	const struct feed_mapping *map = f->sync->opt && f->sync->opt->mapping
					 ? &f->sync->opt->mapping[PRESET_METRICS] : NULL;

	if (str_ends_with(f->path, ".csv")) {
		struct preset_columns pc;
		preset_columns_build(map, PRESET_METRICS, metric_cols, M_COUNT, &pc);
		struct csvread_spec spec = {
			.name = f->name, .cols = metric_cols, .ncols = M_COUNT,
			.on_header = csv_header, .on_row = csv_row, .ctx = p, .diags = f->diags,
			.encoding = f->encoding,
			.aliases = pc.aliases, .naliases = pc.n, .map_key = pc.key,
		};
		p->r.rc = csvread_file(f->path, &spec, NULL);
		preset_columns_free(&pc);
	} else {
		p->ycols = preset_yaml_cols(map, metric_cols, M_COUNT);
		p->r.rc = feed_yaml_stream(f, "metrics", yaml_row, p);
		free(p->ycols);
		p->ycols = NULL;
	}
	/* The last batch, even if empty; then the writer may finish. */
	if (p->r.rc == 0 && hand_over(p) != 0)
		p->r.rc = -1;
	pthread_mutex_lock(&p->ch.mu);
	p->ch.reader_done = true;
	pthread_cond_broadcast(&p->ch.cv);
	pthread_mutex_unlock(&p->ch.mu);
	return NULL;
}

/* ---- The writer (this thread, the only one using SQLite) ------------------------ */

static int writer_fail(struct pipeline *p, struct feed_file *f, const char *what)
{
	str_format(p->error, sizeof(p->error), "%s: %s", what, sqlite3_errmsg(f->st->db));
	return -1;
}

static double clock_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Ends the apply's transaction once it has lasted SLICE_MS, pauses so that a
 * waiting writer gets the database, and starts the next one. */
static int slice(struct pipeline *p, struct feed_file *f)
{
	if (++p->statements % CLOCK_EVERY != 0 ||
	    clock_seconds() - p->slice_start < SLICE_MS / 1000.0)
		return 0;
	if (store_commit(f->st) != 0) {
		str_format(p->error, sizeof(p->error), _("cannot commit metrics: %s"), error_message());
		return -1;
	}
	p->slices_committed++;
	struct timespec pause = { 0, PAUSE_MS * 1000000L };
	while (nanosleep(&pause, &pause) != 0 && errno == EINTR)
		;
	if (store_begin(f->st) != 0) {
		str_format(p->error, sizeof(p->error), _("cannot start a transaction: %s"), error_message());
		return -1;
	}
	p->slice_start = clock_seconds();
	return 0;
}

static int step_once(struct pipeline *p, struct feed_file *f, sqlite3_stmt *stmt, const char *what)
{
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return writer_fail(p, f, what);
	return slice(p, f);
}

/* metric_name.id of name, added in the open transaction if new. */
static int intern(struct pipeline *p, struct feed_file *f, struct feed_metrics_cache *c,
		  const char *name, int64_t *id)
{
	int rc;
	size_t len = strlen(name);
	if (feed_map_get(&c->names, name, len, id))
		return 0;
	sqlite3_bind_text(c->name_get, 1, name, (int)len, SQLITE_STATIC);
	rc = sqlite3_step(c->name_get);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(c->name_get, 0) : 0;
	sqlite3_reset(c->name_get);
	if (rc == SQLITE_DONE) {
		sqlite3_bind_text(c->name_add, 1, name, (int)len, SQLITE_STATIC);
		if (step_once(p, f, c->name_add, _("cannot add a metric name")) != 0)
			return -1;
		*id = sqlite3_last_insert_rowid(f->st->db);
	} else if (rc != SQLITE_ROW) {
		return writer_fail(p, f, _("cannot read metric names"));
	}
	if (*id <= 0 || *id > INT32_MAX) {
		str_format(p->error, sizeof(p->error), _("metric name %s has the id %lld, beyond what "
			   "the metrics import handles"), name, (long long)*id);
		return -1;
	}
	feed_map_put(&c->names, name, len, *id);
	if (strcmp(name, HEALTH_METRIC) == 0)
		c->health_id = *id;
	return 0;
}

static void bind_row(sqlite3_stmt *stmt, int k, const struct mrow *r)
{
	sqlite3_bind_int64(stmt, 4 * k + 1, r->account);
	sqlite3_bind_int64(stmt, 4 * k + 2, r->metric);
	sqlite3_bind_int(stmt, 4 * k + 3, r->day);
	sqlite3_bind_double(stmt, 4 * k + 4, r->value);
}

/* Writes one batch: names first, then the rows in their (sorted) order. */
static int write_batch(struct pipeline *p, struct feed_file *f, struct feed_metrics_cache *c,
		       struct batch *b, int64_t **ids, size_t *nids)
{
	size_t i = 0;
	int rc = 0;

	for (size_t k = 0; k < b->new_names.len; k++) {
		int64_t id;
		if (intern(p, f, c, b->new_names.items[k], &id) != 0)
			return -1;
		*ids = xreallocarray(*ids, b->first_new + k + 1, sizeof(**ids));
		(*ids)[b->first_new + k] = id;
		*nids = b->first_new + k + 1;
	}
	for (size_t k = 0; k < b->n; k++)
		b->rows[k].metric = (int32_t)(*ids)[b->rows[k].metric];
	for (; rc == 0 && i + ROWS_PER_INSERT <= b->n; i += ROWS_PER_INSERT) {
		for (int k = 0; k < ROWS_PER_INSERT; k++)
			bind_row(c->upsert_many, k, &b->rows[i + (size_t)k]);
		rc = step_once(p, f, c->upsert_many, _("cannot write metrics"));
	}
	for (; rc == 0 && i < b->n; i++) {
		bind_row(c->upsert, 0, &b->rows[i]);
		rc = step_once(p, f, c->upsert, _("cannot write a metric"));
	}
	for (i = 0; rc == 0 && c->health_id && i < b->n; i++) {
		if (b->rows[i].metric != c->health_id)
			continue;
		sqlite3_bind_int64(c->health, 1, b->rows[i].account);
		sqlite3_bind_int(c->health, 2, b->rows[i].day);
		sqlite3_bind_double(c->health, 3, b->rows[i].value);
		rc = step_once(p, f, c->health, _("cannot write a health score"));
	}
	return rc;
}

/* ---- The stage: a spill file beside the database --------------------------- */

static void stage_free(struct pipeline *p)
{
	for (size_t i = 0; i < p->nstaged; i++)
		strlist_clear(&p->staged[i].new_names);
	free(p->staged);
	p->staged = NULL;
	p->nstaged = 0;
	if (p->spill >= 0)
		close(p->spill);
	p->spill = -1;
}

/* An unlinked temporary file in the database's folder (a big import may not
 * fit in /tmp), or in $TMPDIR for a database without a folder. */
static int spill_open(struct pipeline *p, struct feed_file *f)
{
	const char *db = f->st->path;
	const char *slash = db ? strrchr(db, '/') : NULL;
	char *tmpl = slash ? xasprintf("%.*s/.csconsole-stage-XXXXXX", (int)(slash - db), db) : NULL;
	if (tmpl && (p->spill = mkstemp(tmpl)) >= 0) {
		unlink(tmpl);
	} else {
		FILE *fp = tmpfile();
		p->spill = fp ? dup(fileno(fp)) : -1;
		if (fp)
			fclose(fp);
	}
	free(tmpl);
	if (p->spill < 0) {
		str_format(p->error, sizeof(p->error), _("cannot make a staging file beside the "
			   "database: %s"), strerror(errno));
		return -1;
	}
	return 0;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *b = buf;
	while (len > 0) {
		ssize_t n = write(fd, b, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		b += n;
		len -= (size_t)n;
	}
	return 0;
}

static int read_all(int fd, void *buf, size_t len, off_t off)
{
	char *b = buf;
	while (len > 0) {
		ssize_t n = pread(fd, b, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		b += n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

/* Appends a sorted batch to the stage. */
static int stage(struct pipeline *p, struct feed_file *f, struct batch *b)
{
	struct staged *st;
	if (p->spill < 0 && spill_open(p, f) != 0)
		return -1;
	if (write_all(p->spill, b->rows, b->n * sizeof(*b->rows)) != 0) {
		str_format(p->error, sizeof(p->error), _("cannot write the staging file beside the "
			   "database (disk full?): %s"), strerror(errno));
		return -1;
	}
	p->staged = xreallocarray(p->staged, p->nstaged + 1, sizeof(*p->staged));
	st = &p->staged[p->nstaged++];
	*st = (struct staged){ .off = p->spill_len, .n = b->n, .first_new = b->first_new };
	strlist_copy(&st->new_names, &b->new_names);
	p->spill_len += (off_t)(b->n * sizeof(*b->rows));
	return 0;
}

/* Writes the staged batches in slices; the last transaction stays open. */
static int apply(struct pipeline *p, struct feed_file *f, struct feed_metrics_cache *c)
{
	struct batch *b = &c->batches[0];
	int64_t *ids = NULL;     /* the file's name numbers -> metric_name.id */
	size_t nids = 0;
	int rc = 0;

	if (store_begin(f->st) != 0) {
		str_format(p->error, sizeof(p->error), _("cannot start a transaction: %s"), error_message());
		return -1;
	}
	p->slice_start = clock_seconds();
	for (size_t i = 0; rc == 0 && i < p->nstaged; i++) {
		const struct staged *st = &p->staged[i];
		if (st->n > b->cap) {
			b->cap = st->n;
			b->rows = xreallocarray(b->rows, b->cap, sizeof(*b->rows));
		}
		if (read_all(p->spill, b->rows, st->n * sizeof(*b->rows), st->off) != 0) {
			str_format(p->error, sizeof(p->error), _("cannot read the staging file: %s"),
				   errno ? strerror(errno) : _("it is shorter than written"));
			rc = -1;
			break;
		}
		b->n = st->n;
		b->first_new = st->first_new;
		strlist_clear(&b->new_names);
		strlist_copy(&b->new_names, &st->new_names);
		rc = write_batch(p, f, c, b, &ids, &nids);
	}
	free(ids);
	return rc;
}

/* ---- The plausibility of what the stage would replace ------------------------ */

/* Rows of the stage compared with the values in force, at most; a sample
 * that found nothing to replace in its first SAMPLE_QUIT rows stops there
 * (a file of new days, the usual case, costs a few lookups). */
#define SAMPLE_ROWS 10000
#define SAMPLE_QUIT 500
/* Replaced values of one metric in the sample before its share is judged. */
#define SAMPLE_MIN 20

static bool beyond(double a, double b, double factor)
{
	double x = a < 0 ? -a : a, y = b < 0 ? -b : b;
	double lo = x < y ? x : y, hi = x < y ? y : x;
	return a != b && hi > factor * (lo > 1 ? lo : 1);
}

/* Why the staged file should be held back (caller frees), or NULL: more
 * than hold_percent of the values it replaces of one metric change by more
 * than hold_factor. Judged on an even sample of at most SAMPLE_ROWS rows,
 * each looked up by its key, so a large import pays a few milliseconds;
 * only for a path imported before (a new export of it), not a new file. */
static char *jumps(struct pipeline *p, struct feed_file *f)
{
	const struct feed_options *o = f->sync->opt;
	size_t total = 0, nnames = 0;
	char **names = NULL;         /* the file's name numbers -> names */
	int64_t *ids = NULL, (*count)[2] = NULL;     /* per number: replaced, jumped */
	sqlite3_stmt *name_get = NULL, *value_get = NULL;
	char *why = NULL;

	if (f->hold_off || !f->had_import || o->hold_percent <= 0 || o->hold_factor <= 1)
		return NULL;
	for (size_t i = 0; i < p->nstaged; i++) {
		const struct staged *st = &p->staged[i];
		total += st->n;
		for (size_t k = 0; k < st->new_names.len; k++) {
			size_t num = st->first_new + k;
			if (num >= nnames) {
				names = xreallocarray(names, num + 1, sizeof(*names));
				for (size_t j = nnames; j <= num; j++)
					names[j] = NULL;
				nnames = num + 1;
			}
			names[num] = st->new_names.items[k];
		}
	}
	if (!total || !nnames ||
	    store_prepare(f->st, "SELECT id FROM metric_name WHERE name = ?1", &name_get) ||
	    store_prepare(f->st, "SELECT value FROM metric WHERE account_id = ?1 AND metric_id = ?2 "
			  "AND day = ?3", &value_get))
		goto done;
	ids = xcalloc(nnames, sizeof(*ids));
	count = xcalloc(nnames, sizeof(*count));
	for (size_t n = 0; n < nnames; n++) {
		if (!names[n])
			continue;
		sqlite3_bind_text(name_get, 1, names[n], -1, SQLITE_STATIC);
		if (sqlite3_step(name_get) == SQLITE_ROW)
			ids[n] = sqlite3_column_int64(name_get, 0);
		sqlite3_reset(name_get);
	}
	size_t stride = total > SAMPLE_ROWS ? total / SAMPLE_ROWS : 1, next = 0, seen = 0;
	size_t looked = 0, replaced = 0;
	for (size_t i = 0; i < p->nstaged && (replaced || looked < SAMPLE_QUIT); i++) {
		const struct staged *st = &p->staged[i];
		for (; next < seen + st->n && (replaced || looked < SAMPLE_QUIT); next += stride) {
			struct mrow r;
			off_t off = st->off + (off_t)((next - seen) * sizeof(r));
			if (read_all(p->spill, &r, sizeof(r), off) != 0)
				goto done;
			if (r.metric < 0 || (size_t)r.metric >= nnames || !ids[r.metric])
				continue;    /* a metric new to the database replaces nothing */
			sqlite3_bind_int64(value_get, 1, r.account);
			sqlite3_bind_int64(value_get, 2, ids[r.metric]);
			sqlite3_bind_int(value_get, 3, r.day);
			looked++;
			if (sqlite3_step(value_get) == SQLITE_ROW) {
				replaced++;
				count[r.metric][0]++;
				if (beyond(sqlite3_column_double(value_get, 0), r.value, o->hold_factor))
					count[r.metric][1]++;
			}
			sqlite3_reset(value_get);
		}
		seen += st->n;
	}
	for (size_t n = 0; n < nnames && !why; n++)
		if (count[n][0] >= SAMPLE_MIN && count[n][1] * 100 > count[n][0] * o->hold_percent)
			why = xasprintf(stride > 1 ?
					_("it would change %lld of %lld values of %s it replaces (a sample) by "
					  "more than a factor of %d (more than %d%%)") :
					_("it would change %lld of %lld values of %s it replaces by "
					  "more than a factor of %d (more than %d%%)"), (long long)count[n][1],
					(long long)count[n][0], names[n], o->hold_factor, o->hold_percent);
done:
	sqlite3_finalize(name_get);
	sqlite3_finalize(value_get);
	free(names);
	free(ids);
	free(count);
	return why;
}

int feed_metrics_import(struct feed_file *f)
{
	struct feed_metrics_cache *c = cache(f->sync);
	struct pipeline p = {
		.r = { .f = f, .c = c, .last_number = -1,
		       .cur = &c->batches[0] },
		.ch = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER,
			.spare = &c->batches[1] },
		.spill = -1,
	};
	struct channel *ch = &p.ch;
	pthread_t reader;
	int rc = 0, err;

	if (prepare(f, c) != 0 || load_accounts(f, c) != 0)
		return -1;
	sqlite3_bind_int64(c->upsert_many, SRC_PARAM, f->src);
	sqlite3_bind_int64(c->upsert, 5, f->src);
	/* Files of one sync come from the same exporter, in the same order. */
	p.batch_rows = c->batch_rows ? c->batch_rows : BATCH_MIN;
	for (size_t i = 0; i < ARRAY_SIZE(c->batches); i++) {
		c->batches[i].n = 0;
		strlist_clear(&c->batches[i].new_names);
	}
	if ((err = pthread_create(&reader, NULL, reader_main, &p)) != 0) {
		diag_add(f->diags, DIAG_ERROR, f->name, 0, 0, _("cannot start a thread: %s"),
			 strerror(err));
		return -1;
	}
	for (;;) {
		struct batch *b;
		pthread_mutex_lock(&ch->mu);
		while (!ch->ready && !ch->reader_done)
			pthread_cond_wait(&ch->cv, &ch->mu);
		b = ch->ready;
		ch->ready = NULL;
		pthread_cond_broadcast(&ch->cv);
		pthread_mutex_unlock(&ch->mu);
		if (!b)
			break;    /* the reader is done and everything is staged */
		rc = b->n ? stage(&p, f, b) : 0;
		pthread_mutex_lock(&ch->mu);
		if (rc != 0)
			ch->writer_failed = true;
		ch->spare = b;
		pthread_cond_broadcast(&ch->cv);
		pthread_mutex_unlock(&ch->mu);
		if (rc != 0)
			break;
	}
	pthread_join(reader, NULL);
	c->batch_rows = p.batch_rows;
	pthread_mutex_destroy(&ch->mu);
	pthread_cond_destroy(&ch->cv);
	feed_map_clear(&p.r.numbers);
	/* Only a whole file, unchanged since it was checked and hashed, is applied. */
	if (rc == 0 && p.r.rc == 0 && feed_file_unchanged(f) != 0) {
		stage_free(&p);
		return -1;
	}
	if (rc == 0 && p.r.rc == 0 && (f->held = jumps(&p, f)) != NULL) {
		stage_free(&p);
		return -1;      /* the driver reports the hold */
	}
	if (rc == 0 && p.r.rc == 0)
		rc = apply(&p, f, c);
	stage_free(&p);
	if (rc != 0) {
		diag_add(f->diags, DIAG_ERROR, f->name, 0, 0, "%s", p.error);
		if (p.slices_committed)
			diag_add(f->diags, DIAG_NOTE, f->name, 0, 0, _("part of the file was applied "
				 "before this error; the next sync imports it again"));
		return -1;
	}
	return p.r.rc;
}
