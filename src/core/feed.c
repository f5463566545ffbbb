/* feed.c - the feed import driver: which files, unchanged or not, one
 * transaction each; plus the helpers the feed kinds share (see feed.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "csconsole/conflictname.h"
#include "csconsole/crmvalue.h"
#include "csconsole/csvread.h"
#include "csconsole/date.h"
#include "csconsole/feed.h"
#include "csconsole/healthcalc.h"
#include "csconsole/i18n.h"
#include "csconsole/summary.h"
#include "csconsole/textenc.h"
#include "csconsole/yamldoc.h"

/* Row errors and warnings shown per file; the rest are counted in a note. */
#define SHOWN_MAX 50
/* Rows between two progress reports. */
#define PROGRESS_ROWS 16384
/* A recorded mtime this close to its import time may hide a later write in
 * the same timestamp tick (coarse filesystem clocks): hash such files. */
#define RACY_SECONDS 2

static const char *const kind_names[] = {
	[FEED_TEAM] = "team", [FEED_ACCOUNTS] = "accounts", [FEED_METRICS] = "metrics",
};
/* Shown to people: translated where printed, _(feed_status_name(s)). */
static const char *const status_names[] = {
	[FEED_IMPORTED] = N_("imported"), [FEED_UNCHANGED] = N_("unchanged"),
	[FEED_STALE] = N_("stale"), [FEED_FAILED] = N_("failed"), [FEED_CONFLICT] = N_("conflict copy"),
	[FEED_WAITING] = N_("waiting"), [FEED_HELD] = N_("held back"),
};

const char *feed_kind_name(enum feed_kind k)
{
	return kind_names[k];
}

const char *feed_status_name(enum feed_status s)
{
	return status_names[s];
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- The string map ---------------------------------------------------- */

struct feed_map_slot {
	uint64_t hash;
	char *key;           /* NULL = empty slot */
	size_t len;
	int64_t value;
};

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;     /* FNV-1a */
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 29);
}

static struct feed_map_slot *map_find(const struct feed_map *m, const char *key, size_t len,
				      uint64_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		struct feed_map_slot *s = &m->slots[i];
		if (!s->key || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0))
			return s;
	}
}

bool feed_map_get(const struct feed_map *m, const char *key, size_t len, int64_t *value)
{
	if (!m->cap)
		return false;
	struct feed_map_slot *s = map_find(m, key, len, hash_bytes(key, len));
	if (!s->key)
		return false;
	if (value)
		*value = s->value;
	return true;
}

void feed_map_put(struct feed_map *m, const char *key, size_t len, int64_t value)
{
	uint64_t h = hash_bytes(key, len);
	if ((m->len + 1) * 4 > m->cap * 3) {        /* keep the load under 3/4 */
		struct feed_map old = *m;
		m->cap = old.cap ? old.cap * 2 : 64;
		m->slots = xcalloc(m->cap, sizeof(*m->slots));
		for (size_t i = 0; i < old.cap; i++)
			if (old.slots[i].key)
				*map_find(m, old.slots[i].key, old.slots[i].len, old.slots[i].hash) = old.slots[i];
		free(old.slots);
	}
	struct feed_map_slot *s = map_find(m, key, len, h);
	if (!s->key) {
		*s = (struct feed_map_slot){ .hash = h, .key = xstrndup(key, len), .len = len };
		m->len++;
	}
	s->value = value;
}

void feed_map_clear(struct feed_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	*m = (struct feed_map){0};
}

/* ---- Helpers shared by the feed kinds ------------------------------------ */

int feed_reject(struct feed_file *f, unsigned line, unsigned col, const char *fmt, ...)
{
	f->rows_rejected++;
	if (f->row_errors_shown < SHOWN_MAX) {
		va_list ap;
		va_start(ap, fmt);
		diag_vadd(f->diags, DIAG_ERROR, f->name, line, col, fmt, ap);
		va_end(ap);
		f->row_errors_shown++;
	}
	return 1;
}

void feed_warn(struct feed_file *f, unsigned line, unsigned col, const char *fmt, ...)
{
	if (f->warnings_shown >= SHOWN_MAX) {
		f->warnings_hidden++;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(f->diags, DIAG_WARNING, f->name, line, col, fmt, ap);
	va_end(ap);
	f->warnings_shown++;
}

void feed_progress(struct feed_file *f)
{
	const struct feed_hooks *h = f->sync->hooks;
	if (h && h->progress && !f->collect_only)
		h->progress(h->ctx, f->name, f->rows_ok + f->rows_rejected,
			    now_seconds() - f->started);
}

void feed_row_done(struct feed_file *f)
{
	f->rows_ok++;
	if ((f->rows_ok + f->rows_rejected) % PROGRESS_ROWS == 0)
		feed_progress(f);
}

int feed_generated_at(struct feed_file *f, int64_t ts)
{
	f->has_generated_at = true;
	f->generated_at = ts;
	if (f->has_recorded_generated_at && ts < f->recorded_generated_at) {
		f->stale = true;
		return -1;
	}
	return 0;
}

int feed_generated_at_yaml(struct feed_file *f, const struct ynode *value)
{
	const char *s = ynode_str(value);
	int64_t ts;
	if (ynode_is_null(value))
		return 0;
	if (!s || !ts_parse_iso(s, &ts)) {
		if (s)
			diag_add(f->diags, DIAG_ERROR, f->name, value->line, value->col,
				 _("generated_at must be an ISO 8601 timestamp like 2026-11-20T06:00:00Z, not \"%s\""), s);
		else
			diag_add(f->diags, DIAG_ERROR, f->name, value->line, value->col,
				 _("generated_at must be an ISO 8601 timestamp like 2026-11-20T06:00:00Z, not %s"),
				 ynode_kind(value));
		return -1;
	}
	return feed_generated_at(f, ts);
}

int feed_yaml_row(struct feed_file *f, const struct ynode *item, const struct csvread_col *cols,
		  size_t ncols, const char *nested, struct feed_val *v)
{
	for (size_t i = 0; i < ncols; i++)
		v[i] = (struct feed_val){ NULL, item->line, item->col, NULL };
	if (item->type != YNODE_MAP)
		return feed_reject(f, item->line, item->col,
				   _("each entry must be a mapping (key: value, ...), not %s"),
				   ynode_kind(item));
	for (size_t k = 0; k + 1 < item->len; k += 2) {
		const struct ynode *key = item->items[k], *val = item->items[k + 1];
		const char *name = ynode_str(key);
		size_t i;
		if (!name)
			return feed_reject(f, key->line, key->col, _("a key must be a name, not %s"),
					   ynode_kind(key));
		for (i = 0; i < ncols; i++)
			if (strcmp(cols[i].name, name) == 0)
				break;
		if (i == ncols) {
			if (!strlist_has(&f->warned_keys, name)) {
				char *list = NULL;
				struct strlist names = {0};
				for (size_t j = 0; j < ncols; j++)
					strlist_add(&names, cols[j].name);
				list = strlist_join(&names, ", ");
				feed_warn(f, key->line, key->col, _("unknown key \"%s\" ignored (the keys "
					  "of this feed are: %s); reported once per file"), name, list);
				free(list);
				strlist_clear(&names);
				strlist_add(&f->warned_keys, name);
			}
			continue;
		}
		v[i].line = val->line;
		v[i].col = val->col;
		if (val->type != YNODE_SCALAR) {
			if (nested && strcmp(nested, name) == 0)
				continue;
			return feed_reject(f, val->line, val->col, _("%s must be a single value, not %s"),
					   name, ynode_kind(val));
		}
		v[i].s = ynode_is_null(val) || val->scalar[0] == '\0' ? NULL : val->scalar;
	}
	return 0;
}

void feed_csv_row(const struct csvread_row *row, struct feed_val *v)
{
	for (size_t i = 0; i < row->ncols; i++)
		v[i] = (struct feed_val){
			row->val[i] && row->len[i] ? row->val[i] : NULL, row->line, 0,
			row->names ? row->names[i] : NULL,
		};
}

int feed_csv_row_check(struct feed_file *f, const struct csvread_row *row)
{
	char why[256];
	if (csvread_row_ok(row, why, sizeof(why)))
		return 0;
	return feed_reject(f, row->line, 0, "%s", why);
}

struct stream_ctx {
	struct feed_file *f;
	const char *key;
	int (*on_item)(void *ctx, const struct ynode *item);
	void *ctx;
};

static int stream_entry(void *ctx, const char *key, struct ynode *value, bool *keep)
{
	struct stream_ctx *c = ctx;
	(void)keep;
	if (strcmp(key, "generated_at") == 0)
		return feed_generated_at_yaml(c->f, value);
	feed_warn(c->f, value->line, value->col, _("unknown top-level key \"%s\" ignored "
		  "(a %s feed has generated_at and %s)"), key, feed_kind_name(c->f->kind), c->key);
	return 0;
}

static int stream_item(void *ctx, const char *key, const struct ynode *item)
{
	struct stream_ctx *c = ctx;
	(void)key;
	return c->on_item(c->ctx, item) < 0 ? -1 : 0;
}

void feed_rename_diags(struct feed_file *f, size_t from)
{
	for (size_t i = from; i < f->diags->len; i++) {
		struct diag *d = &f->diags->items[i];
		if (d->file && strcmp(d->file, f->path) == 0) {
			free(d->file);
			d->file = xstrdup(f->name);
		}
	}
}

int feed_yaml_stream(struct feed_file *f, const char *stream_key,
		     int (*on_item)(void *ctx, const struct ynode *item), void *ctx)
{
	const char *keys[] = { stream_key, NULL };
	struct stream_ctx c = { f, stream_key, on_item, ctx };
	struct ydoc_stream_ops ops = { stream_entry, stream_item };
	size_t from = f->diags->len;
	int rc = ydoc_stream_file(f->path, keys, NULL, &ops, &c, f->diags);
	feed_rename_diags(f, from);
	return rc;
}

void feed_row_error(struct feed_row_errors *e, const struct feed_val *v, const char *key,
		    const char *fmt, ...)
{
	va_list ap;
	if (e->n++ == 0) {
		e->line = v->line;
		e->col = v->col;
	} else {
		sbuf_adds(&e->text, "; ");
	}
	if (v->name)
		sbuf_addf(&e->text, _("column \"%s\": "), v->name);
	else
		sbuf_addf(&e->text, "%s: ", key);
	va_start(ap, fmt);
	sbuf_vaddf(&e->text, fmt, ap);
	va_end(ap);
}

void feed_row_value_error(struct feed_row_errors *e, const struct feed_val *v, const char *key,
			  const char *why)
{
	/* why is a predicate about the value ("is not a number"); a translation
	 * may put it after a colon ("「%1$s」: %2$s"). */
	feed_row_error(e, v, key, _("\"%s\" %s"), v->s ? v->s : "", why);
}

int feed_row_errors_done(struct feed_file *f, struct feed_row_errors *e)
{
	int rc = 0;
	if (e->n)
		rc = feed_reject(f, e->line, e->col, "%s", sbuf_str(&e->text));
	sbuf_free(&e->text);
	*e = (struct feed_row_errors){0};
	return rc;
}

bool feed_date_check(struct feed_file *f, const struct feed_val *v, const char *key, int *day,
		     struct feed_row_errors *e)
{
	char why[256];
	*day = DAY_NONE;
	if (!v->s)
		return true;
	if (day_parse_export(v->s, (enum day_order)f->sync->opt->date_order, day, why, sizeof(why)))
		return true;
	feed_row_value_error(e, v, key, why);
	return false;
}

bool feed_date(struct feed_file *f, const struct feed_val *v, const char *field, int *day)
{
	struct feed_row_errors e = {0};
	if (feed_date_check(f, v, field, day, &e))
		return true;
	feed_row_errors_done(f, &e);
	return false;
}

bool feed_enum(const char *s, const char *const *allowed)
{
	for (; *allowed; allowed++)
		if (strcmp(s, *allowed) == 0)
			return true;
	return false;
}

char *feed_enum_list(const char *const *allowed)
{
	struct sbuf b = {0};
	for (size_t i = 0; allowed[i]; i++)
		sbuf_addf(&b, "%s%s", i == 0 ? "" : allowed[i + 1] ? _(", ") : _(" or "), allowed[i]);
	return b.data ? b.data : xstrdup("");
}

/* ---- The driver ------------------------------------------------------------ */

struct record {
	bool found;
	char sha256[SHA256_DIGEST_SIZE * 2 + 1];
	int64_t size, mtime_ns, imported_at;
	bool has_generated_at;
	int64_t generated_at;
	uint64_t rows_ok, rows_rejected;
};

static int load_record(struct store *st, const char *path, struct record *rec)
{
	sqlite3_stmt *stmt;
	int rc;
	*rec = (struct record){0};
	if (store_prepare(st, "SELECT sha256, size, mtime_ns, generated_at, imported_at, rows_ok, "
			      "rows_rejected FROM feed_file WHERE path = ?1", &stmt))
		return -1;
	store_bind_text(stmt, 1, path);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		rec->found = true;
		str_copy(rec->sha256, sizeof(rec->sha256), (const char *)sqlite3_column_text(stmt, 0));
		rec->size = sqlite3_column_int64(stmt, 1);
		rec->mtime_ns = sqlite3_column_int64(stmt, 2);
		rec->has_generated_at = sqlite3_column_type(stmt, 3) != SQLITE_NULL;
		rec->generated_at = sqlite3_column_int64(stmt, 3);
		rec->imported_at = sqlite3_column_int64(stmt, 4);
		rec->rows_ok = (uint64_t)sqlite3_column_int64(stmt, 5);
		rec->rows_rejected = (uint64_t)sqlite3_column_int64(stmt, 6);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return error(_("cannot read the feed_file table: %s"), sqlite3_errstr(rc));
	return 0;
}

/* Another path of the same kind already imported with this content. */
static char *same_content_path(struct store *st, const char *path, enum feed_kind kind,
			       const char *sha)
{
	sqlite3_stmt *stmt;
	char *other = NULL;
	if (store_prepare(st, "SELECT path FROM feed_file WHERE sha256 = ?1 AND kind = ?2 "
			      "AND path <> ?3 ORDER BY path LIMIT 1", &stmt))
		return NULL;
	store_bind_text(stmt, 1, sha);
	store_bind_text(stmt, 2, feed_kind_name(kind));
	store_bind_text(stmt, 3, path);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		other = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return other;
}

static int save_record(struct feed_file *f, const char *sha, const struct stat *sb)
{
	sqlite3_stmt *stmt;
	int rc;
	if (store_prepare(f->st, "INSERT INTO feed_file(path, kind, sha256, size, mtime_ns, "
			  "generated_at, imported_at, rows_ok, rows_rejected) "
			  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(path) DO UPDATE SET "
			  "kind = excluded.kind, sha256 = excluded.sha256, size = excluded.size, "
			  "mtime_ns = excluded.mtime_ns, generated_at = excluded.generated_at, "
			  "imported_at = excluded.imported_at, rows_ok = excluded.rows_ok, "
			  "rows_rejected = excluded.rows_rejected", &stmt))
		return -1;
	store_bind_text(stmt, 1, f->name);
	store_bind_text(stmt, 2, feed_kind_name(f->kind));
	store_bind_text(stmt, 3, sha);
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)sb->st_size);
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec);
	if (f->has_generated_at)
		sqlite3_bind_int64(stmt, 6, f->generated_at);
	else
		sqlite3_bind_null(stmt, 6);
	/* Real time, not ts_now(): it judges whether a recorded mtime can be trusted. */
	sqlite3_bind_int64(stmt, 7, (sqlite3_int64)time(NULL));
	sqlite3_bind_int64(stmt, 8, (sqlite3_int64)f->rows_ok);
	sqlite3_bind_int64(stmt, 9, (sqlite3_int64)f->rows_rejected);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return error(_("cannot record the import of %s: %s"), f->name, sqlite3_errmsg(f->st->db));
	/* The health pass refreshes the summaries; this mark commits with the import. */
	if (f->sync->opt->summaries_later && store_meta_set(f->st, FEEDS_CHANGED_META, "1") != 0)
		return -1;
	return health_inputs_forget(f->st);
}

static int64_t mtime_ns(const struct stat *sb)
{
	return (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
}

/* A file read only to find the recorded content: record its size and mtime
 * as seen now, so the next syncs trust them instead of reading it again
 * (a sync tool that touched it, or an import in the second it was written).
 * imported_at is when the content was last read and recognised. Not while
 * the mtime is as recent as now: a write in the same tick would not show. */
static int record_verified(struct feed_file *f, const struct stat *sb)
{
	sqlite3_stmt *stmt;
	time_t now = time(NULL);
	if (sb->st_mtim.tv_sec + RACY_SECONDS > now)
		return 0;
	if (store_prepare(f->st, "UPDATE feed_file SET size = ?2, mtime_ns = ?3, imported_at = ?4 "
			  "WHERE path = ?1", &stmt))
		return -1;
	store_bind_text(stmt, 1, f->name);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)sb->st_size);
	sqlite3_bind_int64(stmt, 3, mtime_ns(sb));
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)now);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return error(_("cannot record %s as unchanged: %s"), f->name, sqlite3_errmsg(f->st->db));
	return 0;
}

/* What reading a whole file found beside its hash. */
struct inspect {
	char sha[SHA256_DIGEST_SIZE * 2 + 1];   /* lowercase hex */
	int utf16;                   /* 'L' or 'B': starts with a UTF-16 byte order mark */
	int64_t marker;              /* offset of a git conflict marker line, or -1 */
	bool ends_mid_line;          /* not empty, last byte not '\n' */
	unsigned char tail[2];       /* the last two bytes (a UTF-16 line ends in two) */
	struct textenc_scan utf8;    /* is it UTF-8 */
};

/* Scans buf[from, limit) for a conflict marker at a line start; buf[-1] is
 * readable when from > 0, else nl_before says whether a line starts at 0. */
static int64_t find_marker(const char *buf, size_t from, size_t limit, size_t avail, bool nl_before)
{
	static const char marks[] = "<=>";
	int64_t best = -1;
	for (int m = 0; m < 3; m++) {
		const char *p = buf + from, *end = buf + limit;
		while (p < end && (p = memchr(p, marks[m], (size_t)(end - p))) != NULL) {
			size_t at = (size_t)(p - buf);
			bool line_start = at == 0 ? nl_before : buf[at - 1] == '\n';
			if (line_start && conflictname_marker(p, avail - at) &&
			    (best < 0 || (int64_t)at < best)) {
				best = (int64_t)at;
				break;
			}
			p++;
		}
	}
	return best;
}

/* Reads the file once: its SHA-256, a UTF-16 byte order mark, the first git
 * conflict marker, whether it ends mid-line. */
static int inspect_file(const char *path, struct inspect *ins)
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	size_t bufsize = 1u << 20, carry = 0;
	int64_t consumed = 0;       /* file offset of buf[0] */
	bool nl_before = true, first = true;
	char *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*ins = (struct inspect){ .marker = -1 };
	textenc_scan_init(&ins->utf8);
	if (fd < 0)
		return error(_("cannot open: %s"), strerror(errno));
	buf = xmalloc(bufsize + CONFLICT_MARKER_LEN);
	sha256_init(&ctx);
	for (;;) {
		ssize_t n = read(fd, buf + carry, bufsize);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			free(buf);
			close(fd);
			return error(_("cannot read: %s"), strerror(e));
		}
		size_t have = carry + (size_t)n;
		if (n > 0) {
			sha256_update(&ctx, (size_t)n, (const uint8_t *)buf + carry);
			textenc_scan(&ins->utf8, buf + carry, (size_t)n);
			ins->ends_mid_line = buf[have - 1] != '\n';
			ins->tail[0] = have >= 2 ? (unsigned char)buf[have - 2] : ins->tail[1];
			ins->tail[1] = (unsigned char)buf[have - 1];
		}
		if (first && have >= 2) {
			unsigned char a = (unsigned char)buf[0], b = (unsigned char)buf[1];
			ins->utf16 = a == 0xFF && b == 0xFE ? 'L' : a == 0xFE && b == 0xFF ? 'B' : 0;
			first = false;
		}
		/* Positions whose marker check may need bytes of the next read wait. */
		size_t limit = n == 0 ? have : have > CONFLICT_MARKER_LEN ? have - CONFLICT_MARKER_LEN : 0;
		if (ins->marker < 0 && limit > 0) {
			int64_t at = find_marker(buf, 0, limit, have, nl_before);
			if (at >= 0)
				ins->marker = consumed + at;
		}
		if (n == 0)
			break;
		nl_before = limit > 0 ? buf[limit - 1] == '\n' : nl_before;
		memmove(buf, buf + limit, have - limit);
		carry = have - limit;
		consumed += (int64_t)limit;
	}
	free(buf);
	close(fd);
	textenc_scan_end(&ins->utf8);
	sha256_digest(&ctx, sizeof(digest), digest);
	for (size_t i = 0; i < sizeof(digest); i++)
		snprintf(ins->sha + 2 * i, 3, "%02x", digest[i]);
	return 0;
}

/* The 1-based line holding byte offset off. */
static unsigned line_at(const char *path, int64_t off)
{
	char buf[65536];
	unsigned line = 1;
	int64_t pos = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	while (pos < off) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n && pos < off; i++, pos++)
			line += buf[i] == '\n';
	}
	close(fd);
	return line;
}

static void file_error(struct feed_file *f, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void file_error(struct feed_file *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(f->diags, DIAG_ERROR, f->name, 0, 0, fmt, ap);
	va_end(ap);
}

int feed_file_unchanged(struct feed_file *f)
{
	struct stat after;
	if (stat(f->path, &after) == 0 && after.st_size == f->size && mtime_ns(&after) == f->mtime_ns)
		return 0;
	file_error(f, _("the file changed while it was being imported (a sync tool is still "
		   "writing it?): nothing imported from it; sync again later"));
	return -1;
}

/* Imports into the open transaction; 0 when it should be committed. */
static int run_import(struct feed_file *f)
{
	switch (f->kind) {
	case FEED_TEAM:
		return feed_team_import(f);
	case FEED_ACCOUNTS:
		return feed_accounts_import(f);
	case FEED_METRICS:
		return feed_metrics_import(f);
	}
	return -1;
}

/* Waits (once per sync, up to opt->settle_seconds) for a file modified
 * within the settle interval, then checks that its size and mtime held
 * still. False (with a warning) when it is still being written. */
static bool settled(struct feed_sync *s, struct feed_file *f, struct stat *sb)
{
	struct timespec now;
	struct stat again;
	int settle = s->opt->settle_seconds;
	if (settle <= 0)
		return true;
	clock_gettime(CLOCK_REALTIME, &now);
	int64_t age_ns = ((int64_t)now.tv_sec * 1000000000 + now.tv_nsec) - mtime_ns(sb);
	if (age_ns >= (int64_t)settle * 1000000000)
		return true;
	if (age_ns < 0)
		age_ns = 0;     /* an mtime in the future: wait the whole interval */
	int64_t wait_ns = (int64_t)settle * 1000000000 - age_ns;
	struct timespec w = { (time_t)(wait_ns / 1000000000), (long)(wait_ns % 1000000000) };
	while (nanosleep(&w, &w) != 0 && errno == EINTR)
		;
	if (stat(f->path, &again) == 0 && again.st_size == sb->st_size &&
	    mtime_ns(&again) == mtime_ns(sb))
		return true;
	diag_add(f->diags, DIAG_WARNING, f->name, 0, 0, P_("the file is still being written (it "
		 "changed within the last %d second): not imported now; the next sync tries "
		 "again. Exporters should write a temporary name and rename it (docs/feeds.md)",
		 "the file is still being written (it "
		 "changed within the last %d seconds): not imported now; the next sync tries "
		 "again. Exporters should write a temporary name and rename it (docs/feeds.md)", settle),
		 settle);
	return false;
}

/* "cp932" -> "CP932", for messages. */
static void upper(const char *s, char *out, size_t size)
{
	size_t i = 0;
	for (; s[i] && i + 1 < size; i++)
		out[i] = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 'a' + 'A') : s[i];
	out[i] = '\0';
}

/* The encoding of a CSV file (f->encoding) from what a read found: its byte
 * order mark and whether (or up to which line) it is UTF-8. One file error
 * when it is in none of the encodings it may be in. YAML files are UTF-8. */
static int decide_encoding(struct feed_file *f, int bom, const struct textenc_scan *scan)
{
	const char *declared = f->sync->opt->encoding;
	bool utf8 = scan->bad < 0, is_declared = declared && *declared && strcmp(declared, "auto") != 0;
	char name[32], decl[32];
	unsigned bad = 0;
	int rc;

	f->encoding = NULL;
	if (!str_ends_with(f->name, ".csv")) {
		if (bom || !utf8) {
			if (bom)
				file_error(f, "%s", bom == 'L' ?
					   _("the file is UTF-16 (little-endian, with a byte order mark), "
					     "not UTF-8: nothing imported from it. Save it as UTF-8 (iconv "
					     "-f UTF-16 -t UTF-8); YAML feeds are always UTF-8") :
					   _("the file is UTF-16 (big-endian, with a byte order mark), "
					     "not UTF-8: nothing imported from it. Save it as UTF-8 (iconv "
					     "-f UTF-16 -t UTF-8); YAML feeds are always UTF-8"));
			else
				diag_add(f->diags, DIAG_ERROR, f->name, scan->bad_line, 0, _("the file is "
					 "not UTF-8 (this line holds a byte that is not): nothing imported "
					 "from it. Save it as UTF-8; YAML feeds are always UTF-8 "
					 "(feeds.encoding applies to CSV files)"));
			return -1;
		}
		return 0;
	}
	f->encoding = textenc_decide(bom, scan, declared);
	if (is_declared)
		upper(declared, decl, sizeof(decl));
	if (!f->encoding) {
		if (utf8 || !is_declared)
			return 0;     /* UTF-8, or UTF-8 with a damaged byte: its rows are rejected */
		/* declared UTF-8 */
		diag_add(f->diags, DIAG_ERROR, f->name, scan->bad_line, 0, _("the file is not UTF-8 "
			 "(feeds.encoding: %s; this line holds a byte that is not): nothing imported "
			 "from it. Save it as CSV UTF-8, or set feeds.encoding to its encoding "
			 "(or auto, which reads CP932 too)"), declared);
		return -1;
	}
	if ((rc = textenc_check_file(f->path, f->encoding, &bad)) == 0)
		return 0;
	if (rc < 0) {
		file_error(f, "%s", error_message());
		return -1;
	}
	upper(f->encoding, name, sizeof(name));
	if (bom)
		diag_add(f->diags, DIAG_ERROR, f->name, bad, 0, _("the file starts like %s (a byte "
			 "order mark) but this line is not %s: nothing imported from it. Save it "
			 "again as CSV UTF-8 or Unicode text"), name, name);
	else if (is_declared)
		diag_add(f->diags, DIAG_ERROR, f->name, bad, 0, _("the file is not %s (feeds.encoding: "
			 "%s; this line holds a byte that is not): nothing imported from it. Save "
			 "it as CSV UTF-8 and set feeds.encoding: auto, or set feeds.encoding to "
			 "the file's encoding"), decl, declared);
	else
		diag_add(f->diags, DIAG_ERROR, f->name, bad, 0, _("the file is neither UTF-8 nor "
			 "CP932/Shift_JIS: line %u holds a byte that is not UTF-8, this line one "
			 "that is not CP932. Nothing imported from it. Save it as CSV UTF-8 (Excel: File > Save As > CSV UTF-8), or set "
			 "feeds.encoding to its encoding (e.g. feeds.encoding: windows-1252; "
			 "docs/feeds.md lists them)"), scan->bad_line);
	return -1;
}

int feed_detect_encoding(struct feed_file *f)
{
	struct textenc_scan scan;
	char buf[65536];
	int bom = 0;
	ssize_t n;
	bool first = true;
	int fd = open(f->path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		file_error(f, _("cannot open: %s"), strerror(errno));
		return -1;
	}
	textenc_scan_init(&scan);
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			file_error(f, _("cannot read: %s"), strerror(errno));
			close(fd);
			return -1;
		}
		if (first && n >= 2)
			bom = (unsigned char)buf[0] == 0xFF && (unsigned char)buf[1] == 0xFE ? 'L' :
			      (unsigned char)buf[0] == 0xFE && (unsigned char)buf[1] == 0xFF ? 'B' : 0;
		first = false;
		textenc_scan(&scan, buf, (size_t)n);
	}
	close(fd);
	textenc_scan_end(&scan);
	return decide_encoding(f, bom, &scan);
}

/* File errors found by reading the whole file, before any import. */
static int refuse_content(struct feed_file *f, const struct inspect *ins)
{
	if (decide_encoding(f, ins->utf16, &ins->utf8) != 0)
		return -1;
	if (ins->marker >= 0) {
		diag_add(f->diags, DIAG_ERROR, f->name, line_at(f->path, ins->marker), 0,
			 _("a git merge conflict marker: the file is an unresolved merge, nothing "
			 "imported from it. Resolve the conflict (keep one side, delete the "
			 "<<<<<<<, ======= and >>>>>>> lines) or check out the exporter's version"));
		return -1;
	}
	/* An exporter ends its last line; a copy cut short usually stops inside
	 * one, where a CSV value may still parse ("192" read as "1"). */
	bool mid_line = ins->utf16 == 'L' ? !(ins->tail[0] == '\n' && ins->tail[1] == 0) :
			ins->utf16 == 'B' ? !(ins->tail[0] == 0 && ins->tail[1] == '\n') :
			ins->ends_mid_line;
	if (mid_line) {
		file_error(f, _("the file ends in the middle of a line (no line break after its "
			   "last line): probably cut while it was being written, so nothing is "
			   "imported from it. Sync again once it is complete; if it is complete, "
			   "end it with a line break"));
		return -1;
	}
	return 0;
}

/* One integer from a query with one text parameter (NULL: none). */
static int64_t count_of(struct store *st, const char *sql, const char *param)
{
	sqlite3_stmt *stmt;
	int64_t n = -1;
	if (store_prepare(st, sql, &stmt))
		return -1;
	if (param)
		store_bind_text(stmt, 1, param);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

/* feed_source.id of a metrics file's path, made on first use. */
static int source_id(struct feed_file *f)
{
	sqlite3_stmt *stmt;
	int rc;
	if ((f->src = count_of(f->st, "SELECT id FROM feed_source WHERE path = ?1", f->name)) > 0)
		return 0;
	if (store_prepare(f->st, "INSERT INTO feed_source(path) VALUES (?1) RETURNING id", &stmt))
		return -1;
	store_bind_text(stmt, 1, f->name);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		f->src = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return error(_("cannot record the source %s: %s"), f->name, sqlite3_errstr(rc));
	return 0;
}

/* The table whose active flag a kind's import may clear; NULL for metrics. */
static const char *active_table(enum feed_kind k)
{
	return k == FEED_ACCOUNTS ? "account" : k == FEED_TEAM ? "csm" : NULL;
}

static int64_t count_active(struct store *st, enum feed_kind k, int active)
{
	const char *t = active_table(k);
	if (!t)
		return 0;
	char *sql = xasprintf("SELECT count(*) FROM %s WHERE active = %d", t, active);
	int64_t n = count_of(st, sql, NULL);
	free(sql);
	return n;
}

/* Whether the path's import may go ahead although it looks implausible:
 * accepted now, or held at an earlier sync with this very content. */
static bool hold_lifted(struct feed_sync *s, struct feed_file *f, const char *sha)
{
	sqlite3_stmt *stmt;
	bool seen = false;
	if (s->opt->accept && strlist_has(s->opt->accept, f->name))
		return true;
	if (store_prepare(f->st, "SELECT 1 FROM feed_hold WHERE path = ?1 AND sha256 = ?2", &stmt))
		return false;
	store_bind_text(stmt, 1, f->name);
	store_bind_text(stmt, 2, sha);
	seen = sqlite3_step(stmt) == SQLITE_ROW;
	sqlite3_finalize(stmt);
	return seen;
}

/* Records (or forgets, reason NULL) the path's held import. */
static int hold_record(struct store *st, const char *path, const char *sha, const char *reason)
{
	sqlite3_stmt *stmt;
	int rc;
	if (store_prepare(st, reason ? "INSERT OR REPLACE INTO feed_hold(path, sha256, reason, held_at) "
			  "VALUES (?1, ?2, ?3, ?4)" : "DELETE FROM feed_hold WHERE path = ?1", &stmt))
		return -1;
	store_bind_text(stmt, 1, path);
	if (reason) {
		store_bind_text(stmt, 2, sha);
		store_bind_text(stmt, 3, reason);
		sqlite3_bind_int64(stmt, 4, (sqlite3_int64)time(NULL));
	}
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return error(_("cannot record the held import of %s: %s"), path, sqlite3_errstr(rc));
	return 0;
}

/* The reason to hold the import in the open transaction back, or NULL. */
static char *implausible(struct feed_sync *s, struct feed_file *f, int64_t active_before,
			 int64_t inactive_before)
{
	int64_t gone = count_active(f->st, f->kind, 0) - inactive_before;
	if (!active_table(f->kind) || s->opt->hold_percent <= 0 || active_before <= 0 || gone <= 0)
		return NULL;
	if (gone * 100 <= active_before * s->opt->hold_percent)
		return NULL;
	return xasprintf(f->kind == FEED_ACCOUNTS ?
			 _("it would mark %lld of the %lld active accounts inactive (more than %d%%)") :
			 _("it would mark %lld of the %lld active CSMs inactive (more than %d%%)"),
			 (long long)gone, (long long)active_before, s->opt->hold_percent);
}

static enum feed_status import_file(struct feed_sync *s, struct feed_file *f,
				    const struct record *rec, struct stat *sb,
				    const char *sha, char **held)
{
	size_t diags_before = f->diags->len;
	int64_t active_before = 0, inactive_before = 0;
	int rc;

	/* Metric rows reference accounts loaded from this database (never
	 * deleted) and metric names interned in this transaction, so the
	 * per-row foreign key checks cannot fail; skipping them is ~10% of a
	 * large import. The pragma only works outside a transaction. */
	bool fk_off = f->kind == FEED_METRICS && store_exec(f->st, "PRAGMA foreign_keys = OFF") == 0;

	/* Metrics begin their own transactions once the file is staged. */
	if (f->kind != FEED_METRICS && store_begin(f->st)) {
		file_error(f, _("cannot start a transaction: %s"), error_message());
		if (fk_off)
			store_exec(f->st, "PRAGMA foreign_keys = ON");
		return FEED_FAILED;
	}
	f->size = (int64_t)sb->st_size;
	f->mtime_ns = mtime_ns(sb);
	f->has_recorded_generated_at = rec->found && rec->has_generated_at;
	f->recorded_generated_at = rec->generated_at;
	if (s->hooks && s->hooks->progress)
		s->hooks->progress(s->hooks->ctx, f->name, 0, 0);
	if (active_table(f->kind)) {
		active_before = count_active(f->st, f->kind, 1);
		inactive_before = count_active(f->st, f->kind, 0);
	}
	f->hold_off = s->opt->hold_percent <= 0 || hold_lifted(s, f, sha);
	f->had_import = rec->found;
	if (f->kind == FEED_METRICS && source_id(f) != 0) {
		file_error(f, "%s", error_message());
		rc = -1;
	} else {
		rc = run_import(f);
	}
	/* Metrics checked these before applying anything (and what they
	 * applied is the version they checked, even if the file changes now). */
	if (rc == 0 && f->kind != FEED_METRICS && feed_file_unchanged(f) != 0)
		rc = -1;
	if (f->held || (rc == 0 && !f->hold_off &&
			(f->held = implausible(s, f, active_before, inactive_before)) != NULL)) {
		*held = f->held;
		store_rollback(f->st);
		if (hold_record(f->st, f->name, sha, *held) != 0)
			file_error(f, "%s", error_message());
		diag_add(f->diags, DIAG_ERROR, f->name, 0, 0, _("held back, nothing applied: %s. "
			 "If the file is right, run csconsole sync --accept %s (or sync again: "
			 "the same file seen at the next sync is applied); if not, fix the export"),
			 *held, f->name);
		if (fk_off)
			store_exec(f->st, "PRAGMA foreign_keys = ON");
		return FEED_HELD;
	}
	if (rc == 0 && hold_record(f->st, f->name, NULL, NULL) != 0) {
		file_error(f, "%s", error_message());
		rc = -1;
	}
	if (rc == 0 && save_record(f, sha, sb) != 0) {
		file_error(f, "%s", error_message());
		rc = -1;
	}
	if (rc == 0 && store_commit(f->st) != 0) {
		file_error(f, _("cannot commit the import: %s"), error_message());
		rc = -1;
	}
	if (rc != 0)
		store_rollback(f->st);
	if (fk_off)
		store_exec(f->st, "PRAGMA foreign_keys = ON");
	if (rc == 0)
		return FEED_IMPORTED;
	if (f->kind == FEED_METRICS)
		feed_metrics_rolled_back(s);
	if (f->stale) {
		char a[21], b[21];
		/* A stale file is not an error: drop what it said before noticing. */
		for (size_t i = diags_before; i < f->diags->len; i++) {
			struct diag *d = &f->diags->items[i];
			if (d->severity == DIAG_ERROR)
				f->diags->errors--;
			else if (d->severity == DIAG_WARNING)
				f->diags->warnings--;
			free(d->file);
			free(d->message);
		}
		f->diags->len = diags_before;
		ts_format_iso(f->generated_at, a);
		ts_format_iso(f->recorded_generated_at, b);
		diag_add(f->diags, DIAG_WARNING, f->name, 0, 0, _("generated_at %s is older than that "
			 "of the version already imported (%s): skipped as stale, the newer "
			 "import stays"), a, b);
		return FEED_STALE;
	}
	return FEED_FAILED;
}

static void process(struct feed_sync *s, const char *rel, enum feed_kind kind,
		    struct feed_summary *sum)
{
	struct feed_file f = {
		.sync = s, .st = s->st, .name = rel, .kind = kind, .diags = s->diags,
		.started = now_seconds(),
	};
	struct feed_result res = { .path = rel, .kind = kind, .status = FEED_FAILED };
	char *full = path_join(s->shared_dir, rel), *same = NULL, *held = NULL;
	struct inspect ins;
	struct record rec;
	struct stat sb;

	f.path = full;
	if (load_record(s->st, rel, &rec) != 0) {
		file_error(&f, "%s", error_message());
	} else if (stat(full, &sb) != 0) {
		file_error(&f, _("cannot read: %s"), strerror(errno));
	} else if (!S_ISREG(sb.st_mode)) {
		file_error(&f, _("cannot read: not a regular file"));
	} else if (rec.found && rec.size == (int64_t)sb.st_size && rec.mtime_ns == mtime_ns(&sb) &&
		   rec.mtime_ns / 1000000000 + RACY_SECONDS <= rec.imported_at) {
		res.status = FEED_UNCHANGED;
	} else if (!settled(s, &f, &sb)) {
		res.status = FEED_WAITING;
	} else if (inspect_file(full, &ins) != 0) {
		file_error(&f, "%s", error_message());
	} else if (refuse_content(&f, &ins) != 0) {
		res.status = FEED_FAILED;
	} else if (rec.found && strcmp(rec.sha256, ins.sha) == 0) {
		res.status = FEED_UNCHANGED;
		if (record_verified(&f, &sb) != 0)
			file_error(&f, "%s", error_message());
	} else if ((same = same_content_path(s->st, rel, kind, ins.sha)) != NULL) {
		res.status = FEED_UNCHANGED;
		res.same_as = same;
	} else {
		res.status = import_file(s, &f, &rec, &sb, ins.sha, &held);
		res.held_reason = held;
	}

	/* The version imported before is back: a hold on a later one is moot. */
	if (res.status == FEED_UNCHANGED && s->holds > 0 && hold_record(s->st, rel, NULL, NULL) != 0)
		file_error(&f, "%s", error_message());
	if (res.status == FEED_UNCHANGED && !res.same_as) {
		res.rows_ok = rec.rows_ok;
		res.rows_rejected = rec.rows_rejected;
	} else if (res.status == FEED_IMPORTED) {
		res.rows_ok = f.rows_ok;
		res.rows_rejected = f.rows_rejected;
		sum->rows_ok += f.rows_ok;
		sum->rows_rejected += f.rows_rejected;
		if (kind == FEED_ACCOUNTS)
			feed_metrics_accounts_changed(s);
	}
	if (res.status != FEED_STALE && res.status != FEED_UNCHANGED) {
		if (f.rows_rejected > f.row_errors_shown)
			diag_add(s->diags, DIAG_NOTE, rel, 0, 0, P_("%llu more rejected row not shown (the first %u are)",
				    "%llu more rejected rows not shown (the first %u are)",
				    f.rows_rejected - f.row_errors_shown),
				 (unsigned long long)(f.rows_rejected - f.row_errors_shown),
				 f.row_errors_shown);
		if (f.warnings_hidden)
			diag_add(s->diags, DIAG_NOTE, rel, 0, 0, P_("%u more warning not shown",
				 "%u more warnings not shown", f.warnings_hidden), f.warnings_hidden);
	}
	res.had_import = rec.found;
	res.has_generated_at = f.has_generated_at;
	res.generated_at = f.generated_at;
	res.recorded_generated_at = f.recorded_generated_at;
	res.seconds = now_seconds() - f.started;
	sum->files++;
	switch (res.status) {
	case FEED_IMPORTED: sum->imported++; break;
	case FEED_UNCHANGED: sum->unchanged++; break;
	case FEED_STALE: sum->stale++; break;
	case FEED_FAILED: sum->failed++; break;
	case FEED_CONFLICT: sum->conflicts++; break;
	case FEED_WAITING: sum->waiting++; break;
	case FEED_HELD: sum->held++; break;
	}
	if (s->hooks && s->hooks->file_done)
		s->hooks->file_done(s->hooks->ctx, &res);
	strlist_clear(&f.warned_keys);
	free(held);
	free(same);
	free(full);
}

static bool is_feed_file(const char *dir, const char *rel)
{
	struct stat sb;
	char *p = path_join(dir, rel);
	bool ok = stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
	free(p);
	return ok;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* conflictname_match()'s question: does folder ctx hold a file named name? */
static bool exists_in(void *ctx, const char *name)
{
	return is_feed_file((const char *)ctx, name);
}

/* A conflict copy found in a folder of feeds. */
struct copy {
	char *rel;                   /* "feeds/metrics/weekly.sync-conflict-....csv" */
	char *original;              /* "feeds/metrics/weekly.csv" */
	const char *tool;
};

struct copies {
	struct copy *items;
	size_t len;
};

static void copies_clear(struct copies *c)
{
	for (size_t i = 0; i < c->len; i++) {
		free(c->items[i].rel);
		free(c->items[i].original);
	}
	free(c->items);
	*c = (struct copies){0};
}

/* Lists folder `sub` of the shared directory ("feeds" or "feeds/metrics"):
 * conflict copies into copies (when not NULL), metrics feeds (*.csv and
 * *.yaml, sorted by name) into feeds (when not NULL). Hidden files and
 * editor leftovers (".name", "name~") are neither. */
static void list_folder(const char *shared_dir, const char *sub, struct strlist *feeds,
			struct copies *copies)
{
	char *dir = path_join(shared_dir, sub);
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d) {
		free(dir);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		const char *n = e->d_name;
		struct conflictname cn;
		if (n[0] == '.' || str_ends_with(n, "~"))
			continue;
		char *rel = xasprintf("%s/%s", sub, n);
		if (!is_feed_file(shared_dir, rel)) {
			free(rel);
			continue;
		}
		if (conflictname_match(n, exists_in, dir, &cn)) {
			if (copies) {
				copies->items = xreallocarray(copies->items, copies->len + 1,
							      sizeof(*copies->items));
				copies->items[copies->len++] = (struct copy){
					rel, xasprintf("%s/%s", sub, cn.original), cn.tool };
				rel = NULL;
			}
			free(cn.original);
		} else if (feeds && (str_ends_with(n, ".csv") || str_ends_with(n, ".yaml"))) {
			strlist_add(feeds, rel);
		}
		free(rel);
	}
	closedir(d);
	free(dir);
	if (feeds && feeds->len)
		qsort(feeds->items, feeds->len, sizeof(*feeds->items), cmp_names);
}

/* The problem a conflict copy is, and what to do. */
static void copy_diag(struct diag_list *diags, const struct copy *c)
{
	bool git = strcmp(c->tool, "git") == 0;
	if (git)
		diag_add(diags, DIAG_ERROR, c->rel, 0, 0, _("a merge leftover of %s (%s): not imported, "
			 "it is not a feed. Delete it once the merge is resolved"), c->original, c->tool);
	else
		diag_add(diags, DIAG_ERROR, c->rel, 0, 0, _("a conflict copy of %s (%s): not imported, "
			 "it is not a feed. Compare it with the original, keep the right content under "
			 "the original name and delete this copy (or move it out of feeds/)"),
			 c->original, c->tool);
}

static void report_copies(struct feed_sync *s, const struct copies *c, struct feed_summary *sum)
{
	for (size_t i = 0; i < c->len; i++) {
		struct feed_result res = {
			.path = c->items[i].rel, .status = FEED_CONFLICT,
			.kind = str_starts_with(c->items[i].rel, "feeds/metrics/") ? FEED_METRICS :
				str_starts_with(c->items[i].original, "feeds/team") ? FEED_TEAM : FEED_ACCOUNTS,
			.conflict_tool = c->items[i].tool, .original = c->items[i].original,
		};
		copy_diag(s->diags, &c->items[i]);
		sum->files++;
		sum->conflicts++;
		if (s->hooks && s->hooks->file_done)
			s->hooks->file_done(s->hooks->ctx, &res);
	}
}

/* A metrics file imported before that is a conflict copy by today's rules
 * (an earlier version imported it as a feed): its values go, and every
 * metrics feed is imported again, so that the values it had replaced come
 * back in file order. One transaction. */
static int undo_copy(struct store *st, const char *path, bool summaries_later)
{
	static const char *const steps[] = {
		"DELETE FROM health WHERE source = 'feed' AND EXISTS (SELECT 1 FROM metric m "
		"JOIN metric_name n ON n.id = m.metric_id WHERE n.name = 'health_score' AND "
		"m.account_id = health.account_id AND m.day = health.day AND "
		"m.src = (SELECT id FROM feed_source WHERE path = ?1))",
		"DELETE FROM metric WHERE src = (SELECT id FROM feed_source WHERE path = ?1)",
		"DELETE FROM feed_source WHERE path = ?1",
		"DELETE FROM feed_file WHERE path = ?1",
		"UPDATE feed_file SET sha256 = '', size = -1 WHERE kind = 'metrics'",
	};
	if (store_begin(st))
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++) {
		sqlite3_stmt *stmt;
		int rc;
		if (store_prepare(st, steps[i], &stmt)) {
			store_rollback(st);
			return -1;
		}
		if (sqlite3_bind_parameter_count(stmt) > 0)
			store_bind_text(stmt, 1, path);
		rc = sqlite3_step(stmt);
		sqlite3_finalize(stmt);
		if (rc != SQLITE_DONE) {
			store_rollback(st);
			return error(_("cannot undo the import of %s: %s"), path, sqlite3_errstr(rc));
		}
	}
	if ((summaries_later && store_meta_set(st, FEEDS_CHANGED_META, "1") != 0) || health_inputs_forget(st)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st);
}

/* Undoes the imports of recorded metrics files whose names are conflict
 * copies by today's rules, whether the copy still lies there or not. */
static void undo_copies(struct feed_sync *s, struct feed_summary *sum)
{
	struct strlist undo = {0};
	char *dir = path_join(s->shared_dir, "feeds/metrics");
	sqlite3_stmt *stmt;

	if (store_prepare(s->st, "SELECT path FROM feed_file WHERE kind = 'metrics' ORDER BY path",
			  &stmt) == 0) {
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			const char *rel = (const char *)sqlite3_column_text(stmt, 0);
			struct conflictname cn;
			if (str_starts_with(rel, "feeds/metrics/") &&
			    conflictname_match(rel + strlen("feeds/metrics/"), exists_in, dir, &cn)) {
				strlist_add(&undo, rel);
				free(cn.original);
			}
		}
		sqlite3_finalize(stmt);
	}
	for (size_t i = 0; i < undo.len; i++) {
		const char *rel = undo.items[i];
		if (undo_copy(s->st, rel, s->opt->summaries_later) != 0) {
			diag_add(s->diags, DIAG_ERROR, rel, 0, 0, "%s", error_message());
			continue;
		}
		sum->undone++;
		diag_add(s->diags, DIAG_NOTE, rel, 0, 0, _("an earlier sync imported this conflict "
			 "copy as a feed: its values are removed and the metrics feeds are "
			 "imported again"));
	}
	strlist_clear(&undo);
	free(dir);
}

static const struct feed_options no_guards = {0};

int feed_sync(struct store *st, const char *shared_dir, const struct feed_hooks *hooks,
	      struct diag_list *diags, struct feed_summary *sum)
{
	return feed_sync_opts(st, shared_dir, NULL, hooks, diags, sum);
}

int feed_sync_opts(struct store *st, const char *shared_dir, const struct feed_options *opt,
		   const struct feed_hooks *hooks, struct diag_list *diags,
		   struct feed_summary *sum)
{
	static const struct { const char *rel; enum feed_kind kind; } fixed[] = {
		{ "feeds/team.yaml", FEED_TEAM },
		{ "feeds/accounts.yaml", FEED_ACCOUNTS },
		{ "feeds/accounts.csv", FEED_ACCOUNTS },
	};
	struct feed_sync s = { .st = st, .shared_dir = shared_dir, .hooks = hooks, .diags = diags,
			       .opt = opt ? opt : &no_guards };
	struct strlist metrics = {0};
	struct copies top = {0}, copies = {0};
	struct stat sb;
	DIR *d;

	*sum = (struct feed_summary){0};
	if (stat(shared_dir, &sb) != 0)
		return error(_("shared directory %s: %s"), shared_dir, strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return error(_("shared directory %s is not a directory"), shared_dir);
	if (!(d = opendir(shared_dir)))
		return error(_("cannot read the shared directory %s: %s"), shared_dir, strerror(errno));
	closedir(d);

	list_folder(shared_dir, "feeds", NULL, &top);
	list_folder(shared_dir, "feeds/metrics", &metrics, &copies);
	s.holds = count_of(st, "SELECT count(*) FROM feed_hold", NULL);
	report_copies(&s, &top, sum);
	report_copies(&s, &copies, sum);
	undo_copies(&s, sum);
	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++) {
		char *p = path_join(shared_dir, fixed[i].rel);
		bool exists = access(p, F_OK) == 0;
		free(p);
		if (exists)
			process(&s, fixed[i].rel, fixed[i].kind, sum);
	}
	for (size_t i = 0; i < metrics.len; i++)
		process(&s, metrics.items[i], FEED_METRICS, sum);
	strlist_clear(&metrics);
	copies_clear(&top);
	copies_clear(&copies);
	feed_metrics_release(&s);
	/* The portfolio's figures: every account, once, after anything new
	 * (or after the health pass, which reads the mark save_record left). */
	if ((sum->imported || sum->undone) && !s.opt->summaries_later && summary_refresh_all(st) != 0)
		diag_add(diags, DIAG_ERROR, "account_summary", 0, 0, "%s", error_message());
	return 0;
}

size_t feed_check(struct store *st, const char *shared_dir, struct diag_list *diags)
{
	struct copies top = {0}, copies = {0};
	sqlite3_stmt *stmt;
	size_t n;

	list_folder(shared_dir, "feeds", NULL, &top);
	list_folder(shared_dir, "feeds/metrics", NULL, &copies);
	for (size_t i = 0; i < top.len; i++)
		copy_diag(diags, &top.items[i]);
	for (size_t i = 0; i < copies.len; i++)
		copy_diag(diags, &copies.items[i]);
	n = top.len + copies.len;
	copies_clear(&top);
	copies_clear(&copies);
	if (st && st->db &&
	    store_prepare(st, "SELECT path, reason FROM feed_hold ORDER BY path", &stmt) == 0) {
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			const char *path = (const char *)sqlite3_column_text(stmt, 0);
			diag_add(diags, DIAG_ERROR, path, 0, 0, _("its last import was held back, "
				 "nothing applied: %s. If the file is right, run csconsole sync "
				 "--accept %s; if not, fix the export"),
				 (const char *)sqlite3_column_text(stmt, 1), path);
			n++;
		}
		sqlite3_finalize(stmt);
	}
	return n;
}
