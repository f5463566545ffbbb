/* test_convergence.c - several simulated devices (one database each) share one
 * directory: whatever order, duplicates and conflicted copies the files
 * arrive in, every device ends with the same events and the same state, and
 * concurrent edits are listed as conflicts. Also: skewed clocks, clones and
 * self-healing of own segments. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "csconsole/event.h"
#include "csconsole/eventsync.h"
#include "csconsole/segment.h"
#include "csconsole/feed.h"
#include "csconsole/summary.h"
#include "scratch.h"

#define NDEV 3

struct device {
	struct store st;
	const char *me;
	char *id;
	uint64_t written;
};

static char *shared;

static void set_now(const char *iso)
{
	assert_int_equal(setenv("CSCONSOLE_NOW", iso, 1), 0);
}

static void open_device(struct device *d, const char *name, const char *me)
{
	char *path = scratch_path(name);
	assert_int_equal(store_open(&d->st, path, shared), 0);
	assert_int_equal(device_id(&d->st, &d->id), 0);
	d->me = me;
	d->written = 0;
	free(path);
}

static void close_device(struct device *d)
{
	store_close(&d->st);
	free(d->id);
}

/* Writes one event; returns its entity (caller frees). */
static char *write_event(struct device *d, const char *type, const char *entity,
			 const char *account, const char *json_data)
{
	struct event e = {0};
	char ulid[ULID_SIZE];
	const char *kind = type;
	size_t klen = strcspn(kind, ".");
	if (!entity) {
		ulid_new(clock_now_ms(), ulid);
		e.entity = xasprintf("%.*s/%s", (int)klen, kind, ulid);
	} else {
		e.entity = xstrdup(entity);
	}
	e.author = xstrdup(d->me);
	e.type = xstrdup(type);
	e.version = 1;
	e.account = account ? xstrdup(account) : NULL;
	e.data = json_tokener_parse(json_data);
	assert_non_null(e.data);
	if (event_write(&d->st, &e) != 0)
		fail_msg("event_write %s: %s", type, error_message());
	d->written++;
	char *out = xstrdup(e.entity);
	event_free(&e);
	return out;
}

static void publish(struct device *d)
{
	struct events_result res;
	struct diag_list diags = {0};
	if (events_publish(&d->st, shared, d->me, &res, &diags) != 0)
		fail_msg("publish: %s", error_message());
	assert_true(res.shared_writable);
	assert_true(res.segments_published >= 1);
	assert_int_equal(diags.errors, 0);
	diag_clear(&diags);
}

static void ingest(struct device *d, const char *path, struct events_result *res)
{
	struct diag_list diags = {0};
	if (events_ingest_file(&d->st, shared, path, res, &diags) != 0)
		fail_msg("ingest %s: %s", path, error_message());
	if (diags.errors) {
		diag_print(&diags, stderr);
		fail_msg("ingest %s reported errors", path);
	}
	diag_clear(&diags);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every segment file of a device folder, added to out (which is sorted). */
static void list_segments(const char *device, struct strlist *out)
{
	char *dir = xasprintf("%s/events/%s", shared, device);
	DIR *d = opendir(dir);
	struct dirent *de;
	assert_non_null(d);
	while ((de = readdir(d)))
		if (str_ends_with(de->d_name, SEGMENT_SUFFIX)) {
			char *p = xasprintf("%s/%s", dir, de->d_name);
			strlist_add(out, p);
			free(p);
		}
	closedir(d);
	free(dir);
	/* ULID names: sorted is oldest first. */
	if (out->len)
		qsort(out->items, out->len, sizeof(*out->items), cmp_str);
}

static uint64_t rng_state;
static uint64_t rng_next(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void shuffle(struct strlist *l)
{
	for (size_t i = l->len; i > 1; i--) {
		size_t j = (size_t)(rng_next() % i);
		char *t = l->items[i - 1];
		l->items[i - 1] = l->items[j];
		l->items[j] = t;
	}
}

static int64_t count_events(struct store *st)
{
	sqlite3_stmt *s;
	int64_t n = -1;
	assert_int_equal(store_prepare(st, "SELECT count(*) FROM event", &s), 0);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static char *query_text(struct store *st, const char *sql, const char *arg)
{
	sqlite3_stmt *s;
	char *out = NULL;
	assert_int_equal(store_prepare(st, sql, &s), 0);
	store_bind_text(s, 1, arg);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		out = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return out;
}

static bool has_conflict(const struct conflict *c, size_t n, const char *entity, const char *field)
{
	for (size_t i = 0; i < n; i++)
		if (str_eq(c[i].entity, entity) && str_eq(c[i].field, field))
			return true;
	return false;
}

static void test_three_devices_converge(void **state)
{
	(void)state;
	struct device dev[NDEV];
	static const char *const names[NDEV] = { "aiko", "ben", "chloe" };
	for (int i = 0; i < NDEV; i++) {
		char *db = xasprintf("%s.db", names[i]);
		open_device(&dev[i], db, names[i]);
		free(db);
	}
	struct device *a = &dev[0], *b = &dev[1], *c = &dev[2];

	/* Round 1, interleaved: A opens a risk and schedules a touchpoint. */
	set_now("2026-11-23T09:00:00Z");
	char *n1 = write_event(a, "note.add", NULL, "ACC-0001",
			       "{\"kind\":\"call\",\"sentiment\":7,\"summary\":\"Kickoff\",\"touch_day\":\"2026-11-23\"}");
	set_now("2026-11-23T09:01:00Z");
	free(write_event(b, "note.add", NULL, "ACC-0002",
			 "{\"kind\":\"email\",\"summary\":\"Sent the QBR deck\",\"touch_day\":\"2026-11-22\"}"));
	set_now("2026-11-23T09:02:00Z");
	char *risk = write_event(a, "risk.open", NULL, "ACC-0001",
				 "{\"category\":\"champion_left\",\"severity\":\"high\",\"text\":\"Champion left\","
				 "\"opened_day\":\"2026-11-23\"}");
	set_now("2026-11-23T09:03:00Z");
	free(write_event(c, "cover.set", NULL, NULL,
			 "{\"absent\":\"aiko\",\"covered_by\":\"chloe\",\"from_day\":\"2026-12-01\","
			 "\"until_day\":\"2026-12-12\"}"));
	set_now("2026-11-23T09:04:00Z");
	char *touch = write_event(a, "touch.schedule", NULL, "ACC-0002",
				  "{\"due_day\":\"2026-12-01\",\"kind\":\"call\",\"note\":\"Renewal prep\"}");
	set_now("2026-11-23T09:05:00Z");
	free(write_event(c, "note.add", NULL, "ACC-0003",
			 "{\"kind\":\"meeting\",\"sentiment\":3,\"summary\":\"Budget cut\",\"touch_day\":\"2026-11-23\"}"));
	/* Issue 17: A opens an expansion opportunity, C records feedback. */
	set_now("2026-11-23T09:06:00Z");
	char *opp = write_event(a, "opportunity.open", NULL, "ACC-0003",
				"{\"kind\":\"seats\",\"amount\":1500000,\"currency\":\"USD\","
				"\"stage\":\"proposal\",\"close_day\":\"2027-01-31\"}");
	set_now("2026-11-23T09:07:00Z");
	char *fb = write_event(c, "feedback.add", NULL, "ACC-0003",
			       "{\"area\":\"reporting\",\"request\":\"missing_feature\",\"text\":\"CSV export\","
			       "\"day\":\"2026-11-23\",\"arr\":4800000,\"currency\":\"USD\"}");
	for (int i = 0; i < NDEV; i++)
		publish(&dev[i]);

	/* B and C see A's risk and touchpoint, so their edits share a base. */
	struct strlist first = {0};
	struct events_result res = {0};
	list_segments(a->id, &first);
	assert_int_equal(first.len, 1);
	ingest(b, first.items[0], &res);
	ingest(c, first.items[0], &res);
	assert_int_equal(res.events_imported, 8);   /* A's 4 events, at B and at C */
	strlist_clear(&first);

	/* Round 2: concurrent edits of the risk's status (A and C) and the
	 * touchpoint's due day (B and C), and more notes. */
	set_now("2026-11-23T10:00:00Z");
	free(write_event(a, "risk.update", risk, "ACC-0001", "{\"status\":\"resolved\"}"));
	set_now("2026-11-23T10:00:30Z");
	free(write_event(c, "risk.update", risk, "ACC-0001", "{\"status\":\"open\",\"severity\":\"medium\"}"));
	set_now("2026-11-23T10:01:00Z");
	free(write_event(b, "touch.reschedule", touch, "ACC-0002",
			 "{\"due_day\":\"2026-12-05\",\"reason\":\"customer asked\"}"));
	set_now("2026-11-23T10:01:10Z");
	free(write_event(c, "touch.reschedule", touch, "ACC-0002", "{\"due_day\":\"2026-12-08\"}"));
	set_now("2026-11-23T10:02:00Z");
	free(write_event(a, "note.edit", n1, "ACC-0001", "{\"summary\":\"Kickoff, went well\"}"));
	/* A and B move the opportunity's stage without seeing each other's
	 * move (B's is later and wins); C closes it won meanwhile. */
	set_now("2026-11-23T10:02:20Z");
	free(write_event(a, "opportunity.update", opp, "ACC-0003", "{\"stage\":\"negotiation\"}"));
	set_now("2026-11-23T10:02:40Z");
	free(write_event(b, "opportunity.update", opp, "ACC-0003", "{\"stage\":\"commit\",\"amount\":1800000}"));
	set_now("2026-11-23T10:02:50Z");
	free(write_event(c, "opportunity.close", opp, "ACC-0003",
			 "{\"outcome\":\"won\",\"closed_day\":\"2026-11-23\"}"));
	set_now("2026-11-23T10:03:00Z");
	free(write_event(b, "note.add", NULL, "ACC-0001",
			 "{\"kind\":\"chat\",\"sentiment\":5,\"summary\":\"Asked about SSO\",\"touch_day\":\"2026-11-23\"}"));
	for (int i = 0; i < NDEV; i++)
		publish(&dev[i]);

	/* A conflicted copy of one of B's segments, as a sync tool makes them. */
	struct strlist bsegs = {0};
	list_segments(b->id, &bsegs);
	assert_int_equal(bsegs.len, 2);
	size_t blen;
	char *text = NULL;
	{
		FILE *fp = fopen(bsegs.items[1], "rb");
		assert_non_null(fp);
		struct sbuf buf = {0};
		char chunk[4096];
		while ((blen = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			sbuf_add(&buf, chunk, blen);
		fclose(fp);
		text = buf.data;
		blen = buf.len;
	}
	char *copy = xasprintf("%.*s (conflicted copy).jsonl", (int)(strlen(bsegs.items[1]) - 6),
			       bsegs.items[1]);
	FILE *fp = fopen(copy, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, blen, fp), blen);
	fclose(fp);
	free(text);
	strlist_clear(&bsegs);

	/* Each device imports the others' files in its own random order, some
	 * of them twice. */
	uint64_t total = a->written + b->written + c->written;
	uint64_t duplicates = 0;
	rng_state = 0x9e3779b97f4a7c15ULL;
	for (int i = 0; i < NDEV; i++) {
		struct strlist files = {0};
		for (int j = 0; j < NDEV; j++)
			if (j != i)
				list_segments(dev[j].id, &files);
		shuffle(&files);
		size_t n = files.len;
		for (size_t k = 0; k < n; k += 2)
			strlist_add(&files, files.items[k]);
		shuffle(&files);
		memset(&res, 0, sizeof(res));
		for (size_t k = 0; k < files.len; k++)
			ingest(&dev[i], files.items[k], &res);
		duplicates += res.events_duplicate;
		strlist_clear(&files);
	}
	/* The conflicted copy's events were all seen before, by A and by C. */
	assert_true(duplicates >= 2 * 2);

	char *dump[NDEV];
	for (int i = 0; i < NDEV; i++) {
		assert_int_equal(count_events(&dev[i].st), (int64_t)total);
		dump[i] = state_dump(&dev[i].st);
		assert_non_null(dump[i]);
	}
	assert_string_equal(dump[0], dump[1]);
	assert_string_equal(dump[0], dump[2]);
	/* The state is what the events say, not empty. */
	char *status = query_text(&a->st, "SELECT status FROM risk WHERE 'risk/' || id = ?1 OR id = ?1", risk);
	assert_non_null(status);
	char *due = query_text(&a->st, "SELECT due_day FROM touchpoint WHERE 'touch/' || id = ?1 OR id = ?1", touch);
	assert_non_null(due);
	/* C's later writes win both registers. */
	assert_string_equal(status, "open");
	assert_int_equal(atoi(due), 20795);   /* 2026-12-08 */
	free(status), free(due);
	for (int i = 0; i < NDEV; i++) {
		char *o = query_text(&dev[i].st, "SELECT stage || ' ' || amount_minor || ' ' || status || ' ' || "
				     "closed_day FROM opportunity WHERE 'opportunity/' || id = ?1", opp);
		assert_non_null(o);
		assert_string_equal(o, "commit 1800000 won 20780");
		free(o);
		char *f = query_text(&dev[i].st, "SELECT area || ' ' || request || ' ' || arr_minor "
				     "FROM feedback WHERE 'feedback/' || id = ?1", fb);
		assert_non_null(f);
		assert_string_equal(f, "reporting missing_feature 4800000");
		free(f);
	}

	/* The concurrent edits are listed, the same on every device. */
	for (int i = 0; i < NDEV; i++) {
		struct conflict *cf;
		size_t ncf;
		assert_int_equal(conflicts_list(&dev[i].st, &cf, &ncf), 0);
		assert_true(has_conflict(cf, ncf, risk, "status"));
		assert_true(has_conflict(cf, ncf, touch, "due_day"));
		assert_true(has_conflict(cf, ncf, opp, "stage"));
		assert_false(has_conflict(cf, ncf, opp, "status"));   /* one close, no rival */
		conflicts_free(cf, ncf);
	}

	for (int i = 0; i < NDEV; i++) {
		free(dump[i]);
		close_device(&dev[i]);
	}
	free(copy), free(n1), free(risk), free(touch), free(opp), free(fb);
	unsetenv("CSCONSOLE_NOW");
}

static bool diags_have(const struct diag_list *l, enum diag_severity sev, const char *a, const char *b)
{
	for (size_t i = 0; i < l->len; i++)
		if (l->items[i].severity == sev && strstr(l->items[i].message, a) &&
		    (!b || strstr(l->items[i].message, b)))
			return true;
	return false;
}

/* A device one day ahead and one a year behind: all converge, both skews
 * are reported (by warnings and in the status). */
static void test_skewed_clocks(void **state)
{
	(void)state;
	struct device ok, ahead, behind;
	struct events_result res;
	struct diag_list diags = {0};
	char *old_shared = shared;
	shared = scratch_path("skew-shared");
	assert_int_equal(path_mkdirs(shared, 0755), 0);
	open_device(&ok, "skew-ok.db", "aiko");
	open_device(&ahead, "skew-ahead.db", "ben");
	open_device(&behind, "skew-behind.db", "chloe");

	set_now("2026-11-23T12:00:00Z");
	free(write_event(&ok, "note.add", NULL, "ACC-0001",
			 "{\"kind\":\"call\",\"summary\":\"On time\",\"touch_day\":\"2026-11-23\"}"));
	assert_int_equal(events_sync(&ok.st, shared, ok.me, &res, &diags), 0);
	set_now("2026-11-24T12:00:00Z");
	free(write_event(&ahead, "note.add", NULL, "ACC-0001",
			 "{\"kind\":\"call\",\"summary\":\"From tomorrow\",\"touch_day\":\"2026-11-23\"}"));
	assert_int_equal(events_sync(&ahead.st, shared, ahead.me, &res, &diags), 0);
	/* The slow device first hears from the others, then writes. */
	set_now("2025-11-23T12:00:00Z");
	assert_int_equal(events_sync(&behind.st, shared, behind.me, &res, &diags), 0);
	free(write_event(&behind, "note.add", NULL, "ACC-0001",
			 "{\"kind\":\"call\",\"summary\":\"From last year\",\"touch_day\":\"2026-11-23\"}"));
	assert_int_equal(events_sync(&behind.st, shared, behind.me, &res, &diags), 0);
	diag_clear(&diags);

	set_now("2026-11-23T12:00:00Z");
	assert_int_equal(events_sync(&ok.st, shared, ok.me, &res, &diags), 0);
	assert_int_equal(res.events_imported, 2);
	assert_true(diags_have(&diags, DIAG_WARNING, ahead.id, "about 1 day 0 hours ahead"));
	assert_true(diags_have(&diags, DIAG_WARNING, behind.id, "behind"));
	assert_true(diags_have(&diags, DIAG_WARNING, "(chloe)", "365 days 0 hours behind"));
	diag_clear(&diags);
	set_now("2026-11-24T12:30:00Z");
	assert_int_equal(events_sync(&ahead.st, shared, ahead.me, &res, &diags), 0);
	diag_clear(&diags);

	struct device_status *ds;
	size_t n;
	assert_int_equal(events_status(&ok.st, &ds, &n), 0);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++) {
		if (str_eq(ds[i].device, ahead.id))
			assert_true(ds[i].skew_ms > 23LL * 3600 * 1000);
		else if (str_eq(ds[i].device, behind.id))
			assert_true(ds[i].skew_ms < -364LL * 86400 * 1000);
		else
			assert_true(ds[i].own && ds[i].skew_ms == 0);
		assert_int_equal(ds[i].contiguous, 1);
		assert_int_equal(ds[i].waiting_for, 0);
	}
	events_status_free(ds, n);

	char *d1 = state_dump(&ok.st), *d2 = state_dump(&ahead.st), *d3 = state_dump(&behind.st);
	assert_string_equal(d1, d2);
	assert_string_equal(d1, d3);
	assert_int_equal(count_events(&ok.st), 3);
	free(d1), free(d2), free(d3);
	close_device(&ok), close_device(&ahead), close_device(&behind);
	free(shared);
	shared = old_shared;
	unsetenv("CSCONSOLE_NOW");
}

static void copy_file(const char *from, const char *to)
{
	char cmd[4096];
	str_format(cmd, sizeof(cmd), "cp '%s' '%s'", from, to);
	assert_int_equal(system(cmd), 0);
}

/* A database restored from a backup finds, in its own folder, events under
 * its id that it does not have: it takes a new id, imports them, and its
 * unpublished events move to the new id without colliding. */
static void test_restored_clone_renews(void **state)
{
	(void)state;
	struct device orig, other;
	struct events_result res;
	struct diag_list diags = {0};
	char *old_shared = shared;
	shared = scratch_path("clone-shared");
	assert_int_equal(path_mkdirs(shared, 0755), 0);
	set_now("2026-11-23T12:00:00Z");
	open_device(&orig, "clone-orig.db", "aiko");
	free(write_event(&orig, "note.add", NULL, "ACC-0001",
			 "{\"kind\":\"call\",\"summary\":\"Before the backup\",\"touch_day\":\"2026-11-23\"}"));
	assert_int_equal(events_sync(&orig.st, shared, orig.me, &res, &diags), 0);
	store_close(&orig.st);
	char *orig_path = scratch_path("clone-orig.db"), *backup = scratch_path("clone-backup.db");
	copy_file(orig_path, backup);
	assert_int_equal(store_open(&orig.st, orig_path, shared), 0);
	free(write_event(&orig, "note.add", NULL, "ACC-0001",
			 "{\"kind\":\"call\",\"summary\":\"After the backup\",\"touch_day\":\"2026-11-23\"}"));
	assert_int_equal(events_sync(&orig.st, shared, orig.me, &res, &diags), 0);
	close_device(&orig);

	/* The backup comes back, writes, and syncs. */
	struct device restored;
	open_device(&restored, "clone-backup.db", "aiko");
	free(write_event(&restored, "note.add", NULL, "ACC-0001",
			 "{\"kind\":\"call\",\"summary\":\"After the restore\",\"touch_day\":\"2026-11-23\"}"));
	assert_int_equal(events_sync(&restored.st, shared, restored.me, &res, &diags), 0);
	assert_true(res.device_renewed);
	assert_int_equal(res.events_imported, 1);
	assert_int_equal(res.events_published, 1);
	assert_int_equal(count_events(&restored.st), 3);
	char *now_id = NULL;
	assert_int_equal(device_id(&restored.st, &now_id), 0);
	assert_string_not_equal(now_id, restored.id);
	diag_clear(&diags);

	open_device(&other, "clone-other.db", "ben");
	assert_int_equal(events_sync(&other.st, shared, other.me, &res, &diags), 0);
	assert_int_equal(res.segments_quarantined, 0);
	assert_int_equal(count_events(&other.st), 3);
	char *d1 = state_dump(&restored.st), *d2 = state_dump(&other.st);
	assert_string_equal(d1, d2);
	free(d1), free(d2), free(now_id);
	diag_clear(&diags);
	close_device(&restored), close_device(&other);
	free(orig_path), free(backup);
	free(shared);
	shared = old_shared;
	unsetenv("CSCONSOLE_NOW");
}

/* A published segment deleted from the shared folder is published again;
 * a missing shared folder keeps events in the outbox. */
static void test_self_healing_and_offline(void **state)
{
	(void)state;
	struct device d, other;
	struct events_result res;
	struct diag_list diags = {0};
	char *old_shared = shared;
	shared = scratch_path("heal-shared");
	set_now("2026-11-23T12:00:00Z");
	open_device(&d, "heal.db", "aiko");
	free(write_event(&d, "note.add", NULL, "ACC-0001",
			 "{\"kind\":\"call\",\"summary\":\"Offline note\",\"touch_day\":\"2026-11-23\"}"));
	/* Not there yet (offline): no error, nothing published, a note. */
	assert_int_equal(events_sync(&d.st, shared, d.me, &res, &diags), 0);
	assert_false(res.shared_writable);
	assert_int_equal(res.events_published, 0);
	assert_true(diags_have(&diags, DIAG_NOTE, "outbox", NULL));
	diag_clear(&diags);

	assert_int_equal(path_mkdirs(shared, 0755), 0);
	assert_int_equal(events_sync(&d.st, shared, d.me, &res, &diags), 0);
	assert_true(res.shared_writable);
	assert_int_equal(res.events_published, 1);
	struct strlist segs = {0};
	list_segments(d.id, &segs);
	assert_int_equal(segs.len, 1);
	assert_int_equal(unlink(segs.items[0]), 0);
	strlist_clear(&segs);

	assert_int_equal(events_sync(&d.st, shared, d.me, &res, &diags), 0);
	assert_int_equal(res.events_republished, 1);
	assert_int_equal(res.events_published, 1);
	list_segments(d.id, &segs);
	assert_int_equal(segs.len, 1);
	strlist_clear(&segs);
	/* Nothing more to do: a no-op. */
	assert_int_equal(events_sync(&d.st, shared, d.me, &res, &diags), 0);
	assert_int_equal(res.events_published + res.events_republished + res.segments_read, 0);

	open_device(&other, "heal-other.db", "ben");
	assert_int_equal(events_sync(&other.st, shared, other.me, &res, &diags), 0);
	assert_int_equal(res.events_imported, 1);
	assert_int_equal(diags.errors, 0);
	diag_clear(&diags);
	close_device(&d), close_device(&other);
	free(shared);
	shared = old_shared;
	unsetenv("CSCONSOLE_NOW");
}

/* ---- batching: the same segments in any grouping give the same state ---- */

/* Every account_summary row as text, ordered by CRM id. */
static char *summary_rows(struct store *st)
{
	sqlite3_stmt *s;
	struct sbuf b = {0};
	assert_int_equal(store_prepare(st, "SELECT * FROM account_summary ORDER BY crm_id", &s), 0);
	while (sqlite3_step(s) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(s); i++) {
			const char *v = (const char *)sqlite3_column_text(s, i);
			sbuf_addf(&b, "%s%s", i ? "|" : "", v ? v : "NULL");
		}
		sbuf_addc(&b, '\n');
	}
	sqlite3_finalize(s);
	return b.data ? b.data : xstrdup("");
}

/* A reader: the sample book's feeds (its accounts, so that summaries have
 * rows to refresh), none of its events. */
static void open_reader(struct device *d, const char *name)
{
	const char *root = getenv("CSC_ROOT");
	char *sample = path_join(root && *root ? root : ".", "sample-data");
	struct diag_list diags = {0};
	struct feed_summary sum;
	open_device(d, name, "erin");
	if (feed_sync(&d->st, sample, NULL, &diags, &sum) != 0 || sum.failed)
		fail_msg("importing the sample feeds: %s", error_message());
	diag_clear(&diags);
	free(sample);
}

static void ingest_all_now(struct device *d)
{
	struct events_result res;
	struct diag_list diags = {0};
	if (events_ingest(&d->st, shared, &res, &diags) != 0)
		fail_msg("ingest: %s", error_message());
	assert_int_equal(diags.errors, 0);
	diag_clear(&diags);
}

static void test_batched_ingest_same_state(void **state)
{
	(void)state;
	static const char *const names[NDEV] = { "aiko", "ben", "chloe" };
	static const char *const accounts[] = { "ACC-0001", "ACC-0002", "ACC-0003", "ACC-0004",
		"ACC-0005", "ACC-0006" };
	struct device w[NDEV], r[4];
	struct strlist entities = {0};
	int64_t total = 0;
	char *old_shared = shared;
	shared = scratch_path("batch-shared");
	assert_int_equal(path_mkdirs(shared, 0755), 0);

	for (int i = 0; i < NDEV; i++) {
		char *db = xasprintf("batch-%s.db", names[i]);
		open_device(&w[i], db, names[i]);
		free(db);
	}
	/* Eight rounds: each writer adds notes, risks and touchpoints on the
	 * same few accounts and updates earlier ones (its own and others'),
	 * then publishes a segment; the writers read each other in between,
	 * so updates cross devices. */
	rng_state = 0x2545f4914f6cdd1dULL;
	for (int round = 0; round < 8; round++) {
		size_t synced = entities.len;   /* those every writer holds */
		for (int i = 0; i < NDEV; i++) {
			char now[32];
			str_format(now, sizeof(now), "2026-11-%02dT%02d:%02d:00Z", 10 + round, 9 + i, round);
			set_now(now);
			for (int k = 0; k < 3; k++) {
				const char *acct = accounts[rng_next() % ARRAY_SIZE(accounts)];
				unsigned pick = (unsigned)(rng_next() % 6);
				char *ent = NULL;
				if (pick >= 3 && synced) {
					const char *e = entities.items[rng_next() % synced];
					/* entity|account */
					const char *bar = strchr(e, '|');
					char *id = xstrndup(e, (size_t)(bar - e));
					const char *a = bar + 1;
					if (str_starts_with(id, "note/") && str_eq(names[i], "aiko"))
						ent = write_event(&w[i], "note.edit", id, a, "{\"sentiment\":2}");
					else if (str_starts_with(id, "risk/"))
						ent = write_event(&w[i], "risk.update", id, a,
								  pick == 3 ? "{\"status\":\"resolved\"}" :
								  "{\"severity\":\"high\"}");
					else if (str_starts_with(id, "touch/"))
						ent = write_event(&w[i], pick == 5 ? "touch.done" : "touch.reschedule", id, a,
								  pick == 5 ? "{\"done_day\":\"2026-11-20\"}" :
								  "{\"due_day\":\"2026-12-09\",\"reason\":\"moved\"}");
					free(id);
				} else if (pick == 0) {
					ent = write_event(&w[i], "note.add", NULL, acct,
							  round % 2 ? "{\"kind\":\"call\",\"sentiment\":4,\"summary\":\"Call\","
							  "\"touch_day\":\"2026-11-19\"}" : "{\"kind\":\"email\",\"sentiment\":1,"
							  "\"summary\":\"Mail\",\"touch_day\":\"2026-11-18\"}");
				} else if (pick == 1) {
					ent = write_event(&w[i], "risk.open", NULL, acct,
							  "{\"category\":\"budget\",\"severity\":\"medium\",\"text\":\"Budget\","
							  "\"opened_day\":\"2026-11-17\"}");
				} else {
					ent = write_event(&w[i], "touch.schedule", NULL, acct,
							  "{\"due_day\":\"2026-12-03\",\"kind\":\"call\",\"note\":\"Follow up\"}");
				}
				/* Updatable later: risks, touchpoints, aiko's notes (a note
				 * is its author's). */
				bool keep = ent && (!str_starts_with(ent, "note/") || str_eq(names[i], "aiko"));
				if (keep) {
					char *item = xasprintf("%s|%s", ent, acct);
					bool known = false;
					for (size_t j = 0; j < entities.len && !known; j++)
						known = strncmp(entities.items[j], ent, strlen(ent)) == 0;
					if (!known)
						strlist_add(&entities, item);
					free(item);
				}
				free(ent);
			}
			publish(&w[i]);
		}
		for (int i = 0; i < NDEV; i++)
			ingest_all_now(&w[i]);
	}
	for (int i = 0; i < NDEV; i++)
		total += (int64_t)w[i].written;

	/* Four readers of the same 24 segments: one sync (one batch), one sync
	 * in batches of 2 segments, a sync per segment in a random order, and
	 * one sync in batches of 5 after a crash left summaries noted. */
	for (int i = 0; i < 4; i++) {
		char *db = xasprintf("batch-reader%d.db", i);
		open_reader(&r[i], db);
		free(db);
	}
	ingest_all_now(&r[0]);
	assert_int_equal(setenv("CSCONSOLE_IMPORT_BATCH", "2", 1), 0);
	ingest_all_now(&r[1]);
	struct strlist files = {0};
	for (int i = 0; i < NDEV; i++)
		list_segments(w[i].id, &files);
	assert_int_equal(files.len, 8 * NDEV);
	shuffle(&files);
	for (size_t k = 0; k < files.len; k++) {
		struct events_result res = {0};
		ingest(&r[2], files.items[k], &res);
	}
	/* A sync cut short after its batches committed, before the summaries:
	 * the accounts stay noted, and the next sync refreshes them. */
	struct event_batch b = { .summaries_later = true };
	assert_int_equal(setenv("CSCONSOLE_IMPORT_BATCH", "5", 1), 0);
	assert_int_equal(store_begin(&r[3].st), 0);
	{
		sqlite3_stmt *s;
		assert_int_equal(store_prepare(&w[1].st, "SELECT id, device, seq, hlc, author, type, version, "
					       "entity, account, base, data FROM event ORDER BY id", &s), 0);
		while (sqlite3_step(s) == SQLITE_ROW) {
			json_object *o = json_object_new_object();
			static const char *const keys[] = { "id", "device", "seq", "hlc", "author", "type",
				"version", "entity", "account", "base" };
			for (int c = 0; c < 10; c++) {
				if (sqlite3_column_type(s, c) == SQLITE_NULL)
					continue;
				json_object_object_add(o, keys[c], c == 2 || c == 6
						       ? json_object_new_int64(sqlite3_column_int64(s, c))
						       : json_object_new_string((const char *)sqlite3_column_text(s, c)));
			}
			json_object_object_add(o, "data", json_tokener_parse((const char *)sqlite3_column_text(s, 10)));
			struct event e;
			if (event_from_json(o, &e) != 0)
				fail_msg("event_from_json: %s", error_message());
			bool inserted;
			assert_int_equal(event_ingest_batch(&r[3].st, &e, NULL, &inserted, &b), 0);
			assert_true(inserted);
			event_free(&e);
			json_object_put(o);
		}
		sqlite3_finalize(s);
	}
	assert_int_equal(event_batch_flush(&r[3].st, &b), 0);
	assert_int_equal(store_commit(&r[3].st), 0);
	char *pending = query_text(&r[3].st, "SELECT count(*) FROM summary_pending WHERE ?1 IS NOT NULL", "x");
	assert_non_null(pending);
	assert_true(atoi(pending) > 0);
	free(pending);
	ingest_all_now(&r[3]);
	unsetenv("CSCONSOLE_IMPORT_BATCH");

	char *dump0 = state_dump(&r[0].st), *sum0 = summary_rows(&r[0].st);
	assert_non_null(dump0);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(count_events(&r[i].st), total);
		char *pend = query_text(&r[i].st, "SELECT count(*) FROM summary_pending WHERE ?1 IS NOT NULL", "x");
		assert_string_equal(pend, "0");
		free(pend);
		if (i == 0)
			continue;
		char *d = state_dump(&r[i].st), *sm = summary_rows(&r[i].st);
		assert_string_equal(d, dump0);
		assert_string_equal(sm, sum0);
		free(d), free(sm);
	}
	/* The writers' own view holds the same state (they applied event by
	 * event, refreshing summaries each time; they have no accounts). */
	char *wd = state_dump(&w[0].st);
	assert_string_equal(wd, dump0);
	free(wd);
	/* And the state computed from scratch: every entity, every summary. */
	assert_int_equal(state_rebuild(&r[0].st), 0);
	assert_int_equal(summary_refresh_all(&r[0].st), 0);
	char *rd = state_dump(&r[0].st), *rs = summary_rows(&r[0].st);
	assert_string_equal(rd, dump0);
	assert_string_equal(rs, sum0);
	free(rd), free(rs);
	/* The summaries say what the events did: an open risk or a touchpoint
	 * due on some account, a sentiment on another. */
	char *risks = query_text(&r[0].st, "SELECT sum(open_risks) + count(next_touch_day) + count(sentiment) "
				 "FROM account_summary WHERE crm_id <> ?1", "");
	assert_non_null(risks);
	assert_true(atoi(risks) >= 3);
	free(risks);

	free(dump0), free(sum0);
	strlist_clear(&files);
	strlist_clear(&entities);
	for (int i = 0; i < NDEV; i++)
		close_device(&w[i]);
	for (int i = 0; i < 4; i++)
		close_device(&r[i]);
	free(shared);
	shared = old_shared;
	unsetenv("CSCONSOLE_NOW");
}

static int setup(void **state)
{
	if (scratch_setup(state))
		return -1;
	shared = scratch_path("shared");
	return path_mkdirs(shared, 0755);
}

static int teardown(void **state)
{
	free(shared);
	return scratch_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_three_devices_converge),
		cmocka_unit_test(test_skewed_clocks),
		cmocka_unit_test(test_restored_clone_renews),
		cmocka_unit_test(test_self_healing_and_offline),
		cmocka_unit_test(test_batched_ingest_same_state),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
