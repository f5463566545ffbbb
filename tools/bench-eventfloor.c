/* bench-eventfloor.c - the floor of a cold event sync, for `make bench`:
 *
 *   bench-eventfloor DATABASE SHARED
 *   bench-eventfloor --ingest DATABASE SHARED
 *
 * Creates DATABASE (it must not exist) with csconsole's own schema and
 * settings (store_open: every migration, WAL, synchronous=FULL), then reads
 * every segment under SHARED/events/<device>/ with the sync's own reader
 * (segment_check_file, segment_read: trailer, CRC, JSON, validation) and
 * inserts each event into the same event table, with the same indexes and
 * the same columns csconsole stores, in ONE transaction. No state is
 * applied, no summary refreshed, nothing else recorded: what is left is the
 * least a cold sync of those segments can cost. Prints
 * "EVENTS SEGMENTS" on stdout. Exit status 0, or 1 with a message.
 *
 * With --ingest, it runs the sync's own events phase alone (events_ingest:
 * what `csconsole sync` does between the feeds and the health pass) on an
 * existing DATABASE, so the bench can tell the events' share of a cold sync
 * from the health pass that follows it. Prints "EVENTS SEGMENTS" imported.
 * For experiments, $EVFLOOR_PRE and $EVFLOOR_POST are SQL run on the
 * database before and after the ingest (a pragma to try, a checkpoint).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "csconsole/diag.h"
#include "csconsole/event.h"
#include "csconsole/eventsync.h"
#include "csconsole/segment.h"
#include "csconsole/store.h"
#include "csconsole/util.h"

struct floor {
	struct store *st;
	sqlite3_stmt *ins;
	const char *rel;
	long events;
};

/* The columns event.c's insert_event() writes, for an imported event. */
static const char sql_insert[] =
	"INSERT INTO event(id, device, seq, hlc, author, type, version, entity, account, base, "
	"data, own, published, segment, applied) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0, 0, ?12, 1) "
	"ON CONFLICT(id) DO NOTHING";

static int on_event(void *ctx, struct event *e)
{
	struct floor *f = ctx;
	char hlc[HLC_TEXT_SIZE];
	hlc_format(e->hlc, hlc);
	store_bind_text(f->ins, 1, e->id);
	store_bind_text(f->ins, 2, e->device);
	sqlite3_bind_int64(f->ins, 3, e->seq);
	store_bind_text(f->ins, 4, hlc);
	store_bind_text(f->ins, 5, e->author);
	store_bind_text(f->ins, 6, e->type);
	sqlite3_bind_int(f->ins, 7, e->version);
	store_bind_text(f->ins, 8, e->entity);
	store_bind_text(f->ins, 9, e->account);
	store_bind_text(f->ins, 10, e->base);
	sqlite3_bind_text(f->ins, 11, json_canonical(e->data), -1, free);
	sqlite3_bind_null(f->ins, 12);   /* a teammate's event keeps no segment (schema 19) */
	int rc = sqlite3_step(f->ins);
	sqlite3_reset(f->ins);
	event_free(e);
	free(e);
	if (rc != SQLITE_DONE)
		return error("cannot insert an event: %s", sqlite3_errmsg(f->st->db));
	f->events++;
	return 0;
}

static int keep_entry(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static int ingest(const char *db, const char *shared)
{
	struct store st;
	struct events_result res;
	struct diag_list diags = { 0 };
	if (store_open(&st, db, shared) != 0) {
		fprintf(stderr, "bench-eventfloor: %s\n", error_message());
		return 1;
	}
	const char *pre = getenv("EVFLOOR_PRE"), *post = getenv("EVFLOOR_POST");
	if (pre)
		store_exec(&st, pre);
	int rc = events_ingest(&st, shared, &res, &diags);
	if (post)
		store_exec(&st, post);
	if (rc != 0)
		fprintf(stderr, "bench-eventfloor: %s\n", error_message());
	else
		printf("%llu %zu\n", (unsigned long long)res.events_imported, res.segments_imported);
	diag_clear(&diags);
	store_close(&st);
	return rc == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct store st;
	struct floor f = { .st = &st };
	struct stat sb;
	long segments = 0;
	int rc = 0;

	if (argc == 4 && str_eq(argv[1], "--ingest"))
		return ingest(argv[2], argv[3]);
	if (argc != 3) {
		fprintf(stderr, "usage: bench-eventfloor [--ingest] DATABASE SHARED\n");
		return 2;
	}
	if (stat(argv[1], &sb) == 0) {
		fprintf(stderr, "bench-eventfloor: %s exists: give a new path\n", argv[1]);
		return 1;
	}
	if (store_open(&st, argv[1], NULL) != 0) {
		fprintf(stderr, "bench-eventfloor: %s\n", error_message());
		return 1;
	}
	char *events = path_join(argv[2], "events");
	struct dirent **devs;
	int ndev = scandir(events, &devs, keep_entry, alphasort);
	if (ndev < 0) {
		fprintf(stderr, "bench-eventfloor: cannot list %s\n", events);
		free(events);
		store_close(&st);
		return 1;
	}
	if (store_begin(&st) || store_prepare(&st, sql_insert, &f.ins))
		rc = -1;
	for (int i = 0; i < ndev; i++) {
		char *dir = path_join(events, devs[i]->d_name);
		struct dirent **segs;
		int nseg = rc == 0 ? scandir(dir, &segs, keep_entry, alphasort) : -1;
		for (int j = 0; j < nseg; j++) {
			char *path = path_join(dir, segs[j]->d_name);
			char *rel = xasprintf("events/%s/%s", devs[i]->d_name, segs[j]->d_name);
			struct segment_trailer t;
			struct segment_header h = { 0 };
			char why[256];
			f.rel = rel;
			if (rc == 0 && str_ends_with(segs[j]->d_name, SEGMENT_SUFFIX)) {
				if (segment_check_file(path, &t, why, sizeof(why)) != SEGMENT_OK ||
				    segment_read(path, &t, &h, on_event, &f, why, sizeof(why)) != 0)
					rc = error("%s: %s", path, why);
				segment_header_free(&h);
				segments++;
			}
			free(rel);
			free(path);
			free(segs[j]);
		}
		if (nseg >= 0)
			free(segs);
		free(dir);
		free(devs[i]);
	}
	free(devs);
	free(events);
	if (f.ins)
		sqlite3_finalize(f.ins);
	if (rc == 0)
		rc = store_commit(&st);
	else
		store_rollback(&st);
	if (rc != 0)
		fprintf(stderr, "bench-eventfloor: %s\n", error_message());
	else
		printf("%ld %ld\n", f.events, segments);
	store_close(&st);
	return rc == 0 ? 0 : 1;
}
