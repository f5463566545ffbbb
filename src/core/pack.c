/* pack.c - packing a device's own old segments (pack.h, docs/sync.md).
 *
 * The segment table says which own segments exist, their seqs, events and
 * when this database first recorded them. A plan groups consecutive old
 * small ones; each group is written as one pack by streaming the small
 * files' events (read and validated again, so a pack holds exactly what its
 * small files held), then swapped in: file durable first, database second,
 * removal last. Every crash point leaves a state the next run completes.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "csconsole/event.h"
#include "csconsole/eventsync.h"
#include "csconsole/i18n.h"
#include "csconsole/pack.h"
#include "csconsole/util.h"

/* An own segment the table knows. */
struct own_seg {
	char *rel;
	int64_t first, last, events, size, first_seen;
	bool redundant;
};

struct pack_ctx {
	struct store *st;
	const char *shared;
	char *me, *owner, *dir;
	struct pack_result *res;
	struct diag_list *diags;
	struct own_seg *segs;
	size_t nsegs;
};

int64_t pack_age(void)
{
	return env_long("CSCONSOLE_PACK_AGE", 3650L * 86400, PACK_AGE_S);
}


static int sql_fail(struct store *st, const char *what)
{
	return error(_("%s: %s (database %s)"), what, sqlite3_errmsg(st->db), st->path);
}

static void segs_free(struct own_seg *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(s[i].rel);
	free(s);
}

/* The own segments imported, by first seq (the widest first on a tie). */
static int load_own(struct pack_ctx *c)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;
	if (store_prepare(c->st, "SELECT path, first_seq, last_seq, events, size, first_seen "
			  "FROM segment WHERE device = ?1 AND status = 'imported' AND "
			  "first_seq IS NOT NULL AND last_seq >= first_seq "
			  "ORDER BY first_seq, last_seq DESC, path", &s))
		return -1;
	store_bind_text(s, 1, c->me);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (c->nsegs == cap) {
			cap = cap ? cap * 2 : 64;
			c->segs = xreallocarray(c->segs, cap, sizeof(*c->segs));
		}
		c->segs[c->nsegs++] = (struct own_seg){
			.rel = xstrdup((const char *)sqlite3_column_text(s, 0)),
			.first = sqlite3_column_int64(s, 1),
			.last = sqlite3_column_int64(s, 2),
			.events = sqlite3_column_int64(s, 3),
			.size = sqlite3_column_int64(s, 4),
			.first_seen = sqlite3_column_int64(s, 5),
		};
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : sql_fail(c->st, _("cannot read the segment table"));
}

/* Marks the segments whose seqs lie inside an earlier one's: sorted by
 * first seq and widest first, the widest so far covers them. */
static size_t mark_redundant(struct pack_ctx *c)
{
	size_t n = 0;
	int64_t cover_last = 0;
	for (size_t i = 0; i < c->nsegs; i++) {
		if (i > 0 && c->segs[i].last <= cover_last) {
			c->segs[i].redundant = true;
			n++;
		} else if (c->segs[i].last > cover_last) {
			cover_last = c->segs[i].last;
		}
	}
	return n;
}

size_t pack_plan(const struct pack_unit *u, size_t n, struct pack_group **out, size_t *replaced)
{
	struct pack_group *stack = xcalloc(n + 1, sizeof(*stack)), *groups = NULL;
	size_t depth = 0, ngroups = 0, cap = 0;
	int64_t prev_last = -1;
	*replaced = 0;
	for (size_t i = 0; i <= n; i++) {
		const struct pack_unit *s = i < n ? &u[i] : NULL;
		if (!s || !s->candidate || s->first != prev_last + 1) {
			/* The run ends: what the stack holds is the plan for it. */
			for (size_t k = 0; k < depth; k++) {
				if (stack[k].n < 2)
					continue;
				if (ngroups == cap) {
					cap = cap ? cap * 2 : 8;
					groups = xreallocarray(groups, cap, sizeof(*groups));
				}
				groups[ngroups++] = stack[k];
				*replaced += stack[k].n;
			}
			depth = 0;
		}
		if (!s || !s->candidate)
			continue;
		stack[depth++] = (struct pack_group){ i, 1, s->events, s->bytes };
		prev_last = s->last;
		while (depth >= 2) {
			struct pack_group *top = &stack[depth - 1], *below = &stack[depth - 2];
			if (top->events < below->events || below->events + top->events > PACK_MAX_EVENTS ||
			    below->bytes + top->bytes > PACK_MAX_BYTES)
				break;
			below->n += top->n;
			below->events += top->events;
			below->bytes += top->bytes;
			depth--;
		}
	}
	free(stack);
	*out = groups;
	return ngroups;
}

/* The plan for this device's own segments (redundant ones left out). */
static size_t plan(struct pack_ctx *c, bool force, int64_t old_before, struct pack_group **out,
		   size_t **index, size_t *replaced)
{
	struct pack_unit *u = xcalloc(c->nsegs + 1, sizeof(*u));
	size_t n = 0;
	*index = xcalloc(c->nsegs + 1, sizeof(**index));
	for (size_t i = 0; i < c->nsegs; i++) {
		const struct own_seg *s = &c->segs[i];
		if (s->redundant)
			continue;
		(*index)[n] = i;
		u[n++] = (struct pack_unit){
			.first = s->first, .last = s->last, .events = s->events, .bytes = s->size,
			.candidate = s->events < PACK_SMALL_EVENTS && (force || s->first_seen <= old_before),
		};
	}
	size_t ng = pack_plan(u, n, out, replaced);
	free(u);
	return ng;
}

/* ---- writing one pack ---------------------------------------------------- */

static int add_event(void *ctx, struct event *e)
{
	int rc = segment_writer_add(ctx, e);
	event_free(e);
	free(e);
	return rc;
}

int pack_write_file(char *const *paths, size_t n, const char *device, const char *owner,
		    const char *tmp, const char *final, struct segment_header *h)
{
	struct segment_trailer *t = xcalloc(n, sizeof(*t));
	struct segment_writer sw;
	char why[512];
	FILE *fp = NULL;
	int rc = 1;

	memset(h, 0, sizeof(*h));
	h->device = xstrdup(device);
	h->owner = xstrdup(owner);
	/* The members again: complete, this device's, consecutive. */
	for (size_t k = 0; k < n; k++) {
		struct segment_header mh;
		if (segment_check_file(paths[k], &t[k], why, sizeof(why)) != SEGMENT_OK ||
		    segment_read_header(paths[k], &t[k], &mh, why, sizeof(why)) != 0) {
			error("%s: %s", paths[k], why);
			goto out;
		}
		bool ok = str_eq(mh.device, device) && str_eq(mh.owner, owner) &&
			  (k == 0 || mh.first_seq == h->last_seq + 1);
		if (k == 0)
			h->first_seq = mh.first_seq;
		h->last_seq = mh.last_seq;
		h->count += mh.count;
		if (mh.written_at > h->written_at)
			h->written_at = mh.written_at;
		segment_header_free(&mh);
		if (!ok) {
			error(_("%s: not the next segment of device %s (owner %s)"), paths[k], device, owner);
			goto out;
		}
	}
	if (!(fp = events_tmp_open(tmp))) {
		rc = -1;
		goto out;
	}
	rc = -1;
	if (segment_writer_begin(&sw, fp, h) != 0)
		goto out_unlink;
	for (size_t k = 0; k < n; k++) {
		struct segment_header mh;
		if (segment_read(paths[k], &t[k], &mh, add_event, &sw, why, sizeof(why)) != 0) {
			error("%s: %s", paths[k], why);
			rc = 1;
			goto out_unlink;
		}
		segment_header_free(&mh);
	}
	if (segment_writer_end(&sw) != 0)
		goto out_unlink;
	int installed = events_install(fp, tmp, final, "pack-before-rename");
	fp = NULL;
	if (installed < 0)
		goto out_unlink;
	rc = installed ? -1 : 0;
	goto out;
out_unlink:
	if (fp)
		fclose(fp);
	unlink(tmp);
out:
	free(t);
	if (rc != 0)
		segment_header_free(h);
	return rc;
}

char *pack_name(const char *device, int64_t first_seq, int64_t last_seq, const char *ulid)
{
	return xasprintf("events/%s/" PACK_PREFIX "%010" PRId64 "-%010" PRId64 "-%s%s", device,
			 first_seq, last_seq, ulid, SEGMENT_SUFFIX);
}

/* The pack in place of its members in the database: one transaction. */
static int record(struct pack_ctx *c, const struct own_seg *const *m, size_t n, const char *rel,
		  const struct segment_header *h, const struct stat *sb)
{
	sqlite3_stmt *s = NULL;
	int64_t first_seen = 0;
	for (size_t k = 0; k < n; k++)
		if (m[k]->first_seen > first_seen)
			first_seen = m[k]->first_seen;
	if (store_begin(c->st))
		return -1;
	if (store_prepare(c->st, "INSERT OR REPLACE INTO segment(path, device, status, reason, size, "
			  "mtime_ns, first_seq, last_seq, events, first_seen, checked_at) "
			  "VALUES (?1, ?2, 'imported', NULL, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", &s))
		goto fail;
	store_bind_text(s, 1, rel);
	store_bind_text(s, 2, c->me);
	sqlite3_bind_int64(s, 3, (int64_t)sb->st_size);
	sqlite3_bind_int64(s, 4, (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec);
	sqlite3_bind_int64(s, 5, h->first_seq);
	sqlite3_bind_int64(s, 6, h->last_seq);
	sqlite3_bind_int64(s, 7, (int64_t)h->count);
	sqlite3_bind_int64(s, 8, first_seen);
	sqlite3_bind_int64(s, 9, (int64_t)time(NULL));
	if (sqlite3_step(s) != SQLITE_DONE)
		goto fail_sql;
	sqlite3_finalize(s);
	/* The events' file is now the pack: were it to go missing, they go back
	 * to the outbox (eventsync.c's self-healing). */
	if (store_prepare(c->st, "UPDATE event SET segment = ?1 WHERE own = 1 AND published = 1 "
			  "AND device = ?2 AND seq BETWEEN ?3 AND ?4", &s))
		goto fail;
	store_bind_text(s, 1, rel);
	store_bind_text(s, 2, c->me);
	sqlite3_bind_int64(s, 3, h->first_seq);
	sqlite3_bind_int64(s, 4, h->last_seq);
	if (sqlite3_step(s) != SQLITE_DONE)
		goto fail_sql;
	sqlite3_finalize(s);
	if (store_prepare(c->st, "DELETE FROM segment WHERE path = ?1", &s))
		goto fail;
	for (size_t k = 0; k < n; k++) {
		sqlite3_reset(s);
		store_bind_text(s, 1, m[k]->rel);
		if (sqlite3_step(s) != SQLITE_DONE)
			goto fail_sql;
	}
	sqlite3_finalize(s);
	return store_commit(c->st);
fail_sql:
	sql_fail(c->st, _("cannot record a pack"));
fail:
	sqlite3_finalize(s);
	store_rollback(c->st);
	return -1;
}

/* Removes files the database no longer lists, then makes that durable.
 * A file that cannot be removed stays: the next ingest records it again and
 * the next run finds it redundant. */
static void remove_files(struct pack_ctx *c, char *const *abs, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (unlink(abs[k]) != 0 && errno != ENOENT)
			diag_add(c->diags, DIAG_NOTE, abs[k], 0, 0, _("cannot remove this packed segment "
				 "(%s): the next sync tries again"), strerror(errno));
	if (n && events_fsync_dir(c->dir) != 0)
		diag_add(c->diags, DIAG_NOTE, c->dir, 0, 0, "%s", error_message());
}

/* Writes one group as a pack. 1: skipped or the folder refused a write (a
 * note says why; nothing changed), 0: packed, -1: a database error. */
static int write_pack(struct pack_ctx *c, const struct pack_group *g, const size_t *index)
{
	const struct own_seg **m = xcalloc(g->n, sizeof(*m));
	char **abs = xcalloc(g->n, sizeof(*abs));
	struct segment_header h;
	char ulid[ULID_SIZE];
	struct stat sb;
	int rc = 1;

	for (size_t k = 0; k < g->n; k++) {
		m[k] = &c->segs[index[g->from + k]];
		abs[k] = path_join(c->shared, m[k]->rel);
	}
	ulid_new(clock_now_ms(), ulid);
	char *rel = pack_name(c->me, m[0]->first, m[g->n - 1]->last, ulid);
	char *final = path_join(c->shared, rel);
	char *tmp = events_tmp_path(c->shared, c->me, ulid);
	int w = pack_write_file(abs, g->n, c->me, c->owner, tmp, final, &h);
	if (w != 0) {
		diag_add(c->diags, DIAG_NOTE, final, 0, 0, _("not packed this time: %s"), error_message());
		goto out;
	}
	/* Gone already, or the table disagrees: the small files stay, and the
	 * next ingest records the pack (its events are known: nothing changes). */
	if (stat(final, &sb) != 0 || (int64_t)h.count != g->events) {
		diag_add(c->diags, DIAG_NOTE, final, 0, 0, _("pack not recorded this time: %s"),
			 stat(final, &sb) != 0 ? strerror(errno) : _("its segments hold other seqs than recorded"));
		goto out_h;
	}
	events_crash_point("pack-before-record");
	if (record(c, m, g->n, rel, &h, &sb) != 0) {
		rc = -1;
		goto out_h;
	}
	events_crash_point("pack-before-remove");
	remove_files(c, abs, g->n);
	c->res->packs_written++;
	c->res->segments_packed += g->n;
	c->res->events_packed += h.count;
	rc = 0;
out_h:
	segment_header_free(&h);
out:
	for (size_t k = 0; k < g->n; k++)
		free(abs[k]);
	free(abs), free(m);
	free(rel), free(final), free(tmp);
	return rc;
}

/* The own segments inside another's seqs: forgotten (their events point at
 * the covering one), then removed. */
static int drop_redundant(struct pack_ctx *c)
{
	sqlite3_stmt *del = NULL, *upd = NULL;
	char **abs = NULL;
	size_t n = 0;
	const struct own_seg *cover = NULL;
	if (store_begin(c->st))
		return -1;
	if (store_prepare(c->st, "DELETE FROM segment WHERE path = ?1", &del) ||
	    store_prepare(c->st, "UPDATE event SET segment = ?1 WHERE own = 1 AND published = 1 "
			  "AND segment = ?2", &upd))
		goto fail;
	for (size_t i = 0; i < c->nsegs; i++) {
		const struct own_seg *s = &c->segs[i];
		if (!s->redundant) {
			if (!cover || s->last > cover->last)
				cover = s;
			continue;
		}
		sqlite3_reset(upd);
		store_bind_text(upd, 1, cover->rel);
		store_bind_text(upd, 2, s->rel);
		sqlite3_reset(del);
		store_bind_text(del, 1, s->rel);
		if (sqlite3_step(upd) != SQLITE_DONE || sqlite3_step(del) != SQLITE_DONE) {
			sql_fail(c->st, _("cannot forget a packed segment"));
			goto fail;
		}
		abs = xreallocarray(abs, n + 1, sizeof(*abs));
		abs[n++] = path_join(c->shared, s->rel);
	}
	sqlite3_finalize(del), sqlite3_finalize(upd);
	if (store_commit(c->st) != 0) {
		for (size_t k = 0; k < n; k++)
			free(abs[k]);
		free(abs);
		return -1;
	}
	remove_files(c, abs, n);
	c->res->segments_redundant += n;
	for (size_t k = 0; k < n; k++)
		free(abs[k]);
	free(abs);
	return 0;
fail:
	sqlite3_finalize(del), sqlite3_finalize(upd);
	store_rollback(c->st);
	for (size_t k = 0; k < n; k++)
		free(abs[k]);
	free(abs);
	return -1;
}

static size_t count_files(const char *dir)
{
	size_t n = 0;
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.' && str_ends_with(de->d_name, SEGMENT_SUFFIX))
			n++;
	if (d)
		closedir(d);
	return n;
}

static char *owner_of(struct store *st, const char *device)
{
	sqlite3_stmt *s;
	char *owner = NULL;
	if (store_prepare(st, "SELECT owner FROM device WHERE id = ?1", &s))
		return NULL;
	store_bind_text(s, 1, device);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		owner = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return owner;
}

int events_pack(struct store *st, const char *shared_dir, bool force, struct pack_result *res,
		struct diag_list *diags)
{
	struct pack_ctx c = { .st = st, .shared = shared_dir, .res = res, .diags = diags };
	struct pack_group *groups = NULL;
	size_t ngroups = 0, replaced = 0, *index = NULL;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	if (device_id(st, &c.me) != 0)
		return -1;
	c.dir = xasprintf("%s/events/%s", shared_dir, c.me);
	c.owner = owner_of(st, c.me);
	if (!c.owner) {
		rc = 0;                 /* nothing published yet */
		goto out;
	}
	if (load_own(&c) != 0)
		goto out;
	size_t redundant = mark_redundant(&c);
	ngroups = plan(&c, force, (int64_t)time(NULL) - pack_age(), &groups, &index, &replaced);
	bool write = force ? replaced >= 2 : replaced >= PACK_MIN_FILES;
	rc = 0;
	/* Nothing to do (most syncs): the folder is not even listed. A
	 * read-only shared directory is left as it is. */
	if ((!redundant && !write) || access(c.dir, W_OK) != 0) {
		if (force)
			res->files_before = res->files_after = count_files(c.dir);
		goto out;
	}
	res->files_before = count_files(c.dir);
	if (redundant && drop_redundant(&c) != 0)
		rc = -1;
	for (size_t i = 0; write && i < ngroups && rc == 0; i++)
		if (write_pack(&c, &groups[i], index) < 0)
			rc = -1;
	res->files_after = count_files(c.dir);
out:
	free(groups), free(index);
	segs_free(c.segs, c.nsegs);
	free(c.me), free(c.owner), free(c.dir);
	return rc;
}
