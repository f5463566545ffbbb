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
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "csconsole/event.h"
#include "csconsole/eventsync.h"
#include "csconsole/pack.h"
#include "csconsole/util.h"

/* An own segment the table knows. */
struct own_seg {
	char *rel;
	int64_t first, last, events, size, first_seen;
	bool redundant;
};

/* A planned pack: segs[from .. from+n-1]. */
struct group {
	size_t from, n;
	int64_t events, bytes;
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
	const char *s = getenv("CSCONSOLE_PACK_AGE");
	long v;
	if (s && str_to_long(s, 0, 3650L * 86400, &v))
		return v;
	return PACK_AGE_S;
}

static void crash_point(const char *step)
{
	const char *at = getenv("CSCONSOLE_CRASH_AT");
	if (at && str_eq(at, step))
		raise(SIGKILL);
}

static int sql_fail(struct store *st, const char *what)
{
	return error("%s: %s (database %s)", what, sqlite3_errmsg(st->db), st->path);
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
	return rc == SQLITE_DONE ? 0 : sql_fail(c->st, "cannot read the segment table");
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

static bool candidate(const struct own_seg *s, bool force, int64_t old_before)
{
	return !s->redundant && s->events < PACK_SMALL_EVENTS && (force || s->first_seen <= old_before);
}

/* Groups of consecutive candidates, merged like a binary counter; only
 * groups of two files or more are returned. */
static size_t plan(struct pack_ctx *c, bool force, int64_t old_before, struct group **out,
		   size_t *replaced)
{
	struct group *stack = xcalloc(c->nsegs + 1, sizeof(*stack)), *groups = NULL;
	size_t depth = 0, ngroups = 0, cap = 0;
	int64_t prev_last = -1;
	*replaced = 0;
	for (size_t i = 0; i <= c->nsegs; i++) {
		const struct own_seg *s = i < c->nsegs ? &c->segs[i] : NULL;
		if (s && s->redundant)
			continue;
		bool take = s && candidate(s, force, old_before);
		if (!take || s->first != prev_last + 1) {
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
		if (!take)
			continue;
		stack[depth++] = (struct group){ i, 1, s->events, s->size };
		prev_last = s->last;
		while (depth >= 2) {
			struct group *top = &stack[depth - 1], *below = &stack[depth - 2];
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

/* ---- writing one pack ---------------------------------------------------- */

struct member {
	char *abs;
	struct segment_trailer t;
};

static int add_event(void *ctx, struct event *e)
{
	int rc = segment_writer_add(ctx, e);
	event_free(e);
	free(e);
	return rc;
}

/* Checks the members again (trailer, CRC, header: ours, the seqs the table
 * says) and finds the newest writer's clock. 1: a member is not as the table
 * says (skip the group, with a note), 0: fine. */
static int check_members(struct pack_ctx *c, const struct group *g, struct member *m,
			 int64_t *written_at)
{
	char why[512];
	*written_at = 0;
	for (size_t k = 0; k < g->n; k++) {
		const struct own_seg *s = &c->segs[g->from + k];
		struct segment_header h;
		m[k].abs = path_join(c->shared, s->rel);
		if (segment_check_file(m[k].abs, &m[k].t, why, sizeof(why)) != SEGMENT_OK ||
		    segment_read_header(m[k].abs, &m[k].t, &h, why, sizeof(why)) != 0) {
			diag_add(c->diags, DIAG_NOTE, m[k].abs, 0, 0, "not packed this time: %s", why);
			return 1;
		}
		bool ok = str_eq(h.device, c->me) && str_eq(h.owner, c->owner) &&
			  h.first_seq == s->first && h.last_seq == s->last;
		if (h.written_at > *written_at)
			*written_at = h.written_at;
		segment_header_free(&h);
		if (!ok) {
			diag_add(c->diags, DIAG_NOTE, m[k].abs, 0, 0, "not packed this time: its header "
				 "differs from what the last import recorded");
			return 1;
		}
	}
	return 0;
}

/* Streams the members' events into fp as one segment. 0 or -1 + error(). */
static int write_events(const struct group *g, struct member *m, FILE *fp,
			const struct segment_header *h)
{
	struct segment_writer sw;
	char why[512];
	if (segment_writer_begin(&sw, fp, h) != 0)
		return -1;
	for (size_t k = 0; k < g->n; k++) {
		struct segment_header mh;
		if (segment_read(m[k].abs, &m[k].t, &mh, add_event, &sw, why, sizeof(why)) != 0)
			return error("%s: %s", m[k].abs, why);
		segment_header_free(&mh);
	}
	return segment_writer_end(&sw);
}

/* The pack in place of its members in the database: one transaction. */
static int record(struct pack_ctx *c, const struct group *g, const char *rel,
		  const struct segment_header *h, const struct stat *sb)
{
	sqlite3_stmt *s = NULL;
	int64_t first_seen = 0;
	for (size_t k = 0; k < g->n; k++)
		if (c->segs[g->from + k].first_seen > first_seen)
			first_seen = c->segs[g->from + k].first_seen;
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
	for (size_t k = 0; k < g->n; k++) {
		sqlite3_reset(s);
		store_bind_text(s, 1, c->segs[g->from + k].rel);
		if (sqlite3_step(s) != SQLITE_DONE)
			goto fail_sql;
	}
	sqlite3_finalize(s);
	return store_commit(c->st);
fail_sql:
	sql_fail(c->st, "cannot record a pack");
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
			diag_add(c->diags, DIAG_NOTE, abs[k], 0, 0, "cannot remove this packed segment "
				 "(%s): the next sync tries again", strerror(errno));
	if (n && events_fsync_dir(c->dir) != 0)
		diag_add(c->diags, DIAG_NOTE, c->dir, 0, 0, "%s", error_message());
}

/* Writes one group as a pack. 1: skipped or the folder refused a write (a
 * note says why; nothing changed), 0: packed, -1: a database error. */
static int write_pack(struct pack_ctx *c, const struct group *g)
{
	struct member *m = xcalloc(g->n, sizeof(*m));
	const struct own_seg *first = &c->segs[g->from], *last = &c->segs[g->from + g->n - 1];
	struct segment_header h = {
		.device = c->me, .owner = c->owner, .first_seq = first->first,
		.last_seq = last->last, .count = (size_t)(last->last - first->first + 1),
	};
	char ulid[ULID_SIZE];
	char *rel = NULL, *final = NULL, *tmp = NULL;
	FILE *fp = NULL;
	struct stat sb;
	int rc = 1;

	if (check_members(c, g, m, &h.written_at) != 0)
		goto out;
	if ((int64_t)h.count != g->events) {
		diag_add(c->diags, DIAG_NOTE, c->dir, 0, 0, "seqs %" PRId64 "..%" PRId64 " not packed "
			 "this time: their segments hold %" PRId64 " events, not %zu", h.first_seq,
			 h.last_seq, g->events, h.count);
		goto out;
	}
	ulid_new(clock_now_ms(), ulid);
	rel = xasprintf("events/%s/" PACK_PREFIX "%010" PRId64 "-%010" PRId64 "-%s%s", c->me,
			h.first_seq, h.last_seq, ulid, SEGMENT_SUFFIX);
	final = path_join(c->shared, rel);
	tmp = events_tmp_path(c->shared, c->me, ulid);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 || !(fp = fdopen(fd, "w"))) {
		diag_add(c->diags, DIAG_NOTE, tmp, 0, 0, "cannot create a pack: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	if (write_events(g, m, fp, &h) != 0) {
		diag_add(c->diags, DIAG_NOTE, tmp, 0, 0, "cannot write a pack: %s", error_message());
		goto out_unlink;
	}
	if (fsync(fileno(fp)) != 0) {
		diag_add(c->diags, DIAG_NOTE, tmp, 0, 0, "cannot flush a pack: %s", strerror(errno));
		goto out_unlink;
	}
	int closed = fclose(fp);
	fp = NULL;
	if (closed != 0) {
		diag_add(c->diags, DIAG_NOTE, tmp, 0, 0, "cannot write a pack: %s", strerror(errno));
		goto out_unlink;
	}
	crash_point("pack-before-rename");
	if (rename(tmp, final) != 0) {
		diag_add(c->diags, DIAG_NOTE, tmp, 0, 0, "cannot move a pack into %s: %s", c->dir,
			 strerror(errno));
		goto out_unlink;
	}
	/* Not durable, or gone already: the small files stay, and the next
	 * ingest records the pack (their events are known: nothing changes). */
	if (events_fsync_dir(c->dir) != 0 || stat(final, &sb) != 0) {
		diag_add(c->diags, DIAG_NOTE, final, 0, 0, "pack not recorded this time: %s",
			 error_message());
		goto out;
	}
	crash_point("pack-before-record");
	if (record(c, g, rel, &h, &sb) != 0) {
		rc = -1;
		goto out;
	}
	crash_point("pack-before-remove");
	char **abs = xcalloc(g->n, sizeof(*abs));
	for (size_t k = 0; k < g->n; k++)
		abs[k] = m[k].abs;
	remove_files(c, abs, g->n);
	free(abs);
	c->res->packs_written++;
	c->res->segments_packed += g->n;
	c->res->events_packed += h.count;
	rc = 0;
	goto out;
out_unlink:
	if (fp)
		fclose(fp);
	unlink(tmp);
out:
	for (size_t k = 0; k < g->n; k++)
		free(m[k].abs);
	free(m);
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
			sql_fail(c->st, "cannot forget a packed segment");
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
	struct group *groups = NULL;
	size_t ngroups = 0, replaced = 0;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	if (device_id(st, &c.me) != 0)
		return -1;
	c.dir = xasprintf("%s/events/%s", shared_dir, c.me);
	c.owner = owner_of(st, c.me);
	res->files_before = res->files_after = count_files(c.dir);
	if (!c.owner || res->files_before < 2 || access(c.dir, W_OK) != 0) {
		rc = 0;                 /* nothing published yet, or nothing to do here */
		goto out;
	}
	if (load_own(&c) != 0)
		goto out;
	if (mark_redundant(&c) && drop_redundant(&c) != 0)
		goto out;
	ngroups = plan(&c, force, (int64_t)time(NULL) - pack_age(), &groups, &replaced);
	rc = 0;
	if (force ? replaced >= 2 : replaced >= PACK_MIN_FILES)
		for (size_t i = 0; i < ngroups && rc == 0; i++)
			if (write_pack(&c, &groups[i]) < 0)
				rc = -1;
	res->files_after = count_files(c.dir);
out:
	free(groups);
	segs_free(c.segs, c.nsegs);
	free(c.me), free(c.owner), free(c.dir);
	return rc;
}
