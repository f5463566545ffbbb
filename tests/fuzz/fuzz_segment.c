/* fuzz_segment.c - the segment reader and the event ingest (segment.c,
 * eventsync.c, event.c, state.c): arbitrary bytes as a teammate's segment
 * file in the shared directory.
 *
 * A trailer would stop nearly every mutated input at the CRC check, so the
 * harness writes the input's lines (a trailing "#end" line dropped) with a
 * correct trailer for them as <shared>/events/DEVICE/NAME.jsonl, DEVICE
 * being the header's device when it is a ULID; the raw input also goes
 * through segment_check_file(). The segment is ingested with
 * events_ingest_file() into a fresh copy of the template book.
 *
 * Checked: the ingest never fails as a whole (a bad segment is quarantined,
 * an incomplete one pending: each counted once); a segment not imported
 * changes no table but the sync's bookkeeping (segment, segment_dir, device,
 * meta): one bad line refuses the whole file; what it imported is in the
 * event table; ingesting the same file again adds nothing; and rebuilding
 * the state from the event table alone (state_rebuild) gives the same
 * state_dump() as the ingest did.
 */
#include <zlib.h>
#include "fuzz.h"
#include "csconsole/event.h"
#include "csconsole/eventsync.h"
#include "csconsole/segment.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_init();
	fuzz_book_init();
	return 0;
}

static long long count_rows(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	long long n = -1;
	FUZZ_CHECK(store_prepare(st, sql, &s) == 0, "%s", error_message());
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 256 * 1024)
		return 0;
	/* the body: the input without a last line starting with "#end" */
	size_t body = size;
	while (body > 0 && data[body - 1] == '\n')
		body--;
	size_t ls = body;
	while (ls > 0 && data[ls - 1] != '\n')
		ls--;
	if (body - ls >= 4 && memcmp(data + ls, "#end", 4) == 0)
		body = ls;
	else
		body = size;
	struct sbuf seg = { 0 };
	sbuf_add(&seg, (const char *)data, body);
	if (body && data[body - 1] != '\n')
		sbuf_addc(&seg, '\n');
	size_t lines = 0, len = seg.len;
	for (size_t i = 0; i < len; i++)
		lines += seg.data[i] == '\n';
	uLong crc = crc32(0L, (const Bytef *)sbuf_str(&seg), (uInt)len);
	sbuf_addf(&seg, "#end count=%zu length=%zu crc32=%08lx\n", lines ? lines - 1 : 0, len, crc);

	char device[ULID_SIZE] = "01K7WW8400F2Y90247T47Y0TSN";
	const char *d = memmem(data, body, "\"device\":\"", 10);
	if (d && (size_t)(d - (const char *)data) + 10 + 26 <= body) {
		char cand[ULID_SIZE];
		memcpy(cand, d + 10, 26);
		cand[26] = '\0';
		if (ulid_valid(cand))
			memcpy(device, cand, sizeof(device));
	}

	fuzz_reset("shared");
	char rel[128], path[PATH_MAX], shared[PATH_MAX];
	str_format(shared, sizeof(shared), "%s", fuzz_path("shared"));
	struct segment_trailer t;
	char why[256];
	(void)segment_check_file(fuzz_write("raw.jsonl", data, size), &t, why, sizeof(why));
	str_format(rel, sizeof(rel), "shared/events/%s/01M7GYERJ02JB41ZYDTHCTXNKA.jsonl", device);
	str_format(path, sizeof(path), "%s", fuzz_write(rel, seg.data, seg.len));
	sbuf_free(&seg);

	struct store st;
	struct events_result res = { 0 };
	struct diag_list diags = { 0 };
	fuzz_store(&st);
	/* what a sync may note about a segment it does not import: the file's
	 * status, the folder, the device; the rest is state */
	static const char bookkeeping[] = "'feed_file', 'meta', 'segment', 'segment_dir', 'device'";
	char *state_before = fuzz_tables_but(&st, bookkeeping);
	long long before = count_rows(&st, "SELECT count(*) FROM event");
	int rc = events_ingest_file(&st, shared, path, &res, &diags);
	FUZZ_CHECK(rc == 0, "events_ingest_file: %s", error_message());
	FUZZ_CHECK(res.segments_imported + res.segments_pending + res.segments_quarantined <= 1,
		   "one segment: imported %zu, pending %zu, quarantined %zu", res.segments_imported,
		   res.segments_pending, res.segments_quarantined);
	long long after = count_rows(&st, "SELECT count(*) FROM event");
	FUZZ_CHECK(after - before == (long long)res.events_imported, "%lld events stored, %llu imported",
		   after - before, (unsigned long long)res.events_imported);
	for (size_t i = 0; i < diags.len; i++)
		free(diag_format(&diags.items[i]));
	diag_clear(&diags);

	char *state_after = fuzz_tables_but(&st, bookkeeping);
	if (!res.segments_imported)
		FUZZ_CHECK(strcmp(state_before, state_after) == 0,
			   "a segment not imported (pending %zu, quarantined %zu) changed the state",
			   res.segments_pending, res.segments_quarantined);
	free(state_before);
	free(state_after);
	if (res.segments_imported) {
		struct events_result again = { 0 };
		FUZZ_CHECK(events_ingest_file(&st, shared, path, &again, &diags) == 0, "%s",
			   error_message());
		FUZZ_CHECK(again.events_imported == 0 && again.segments_quarantined == 0,
			   "the same segment again: %llu events, %zu quarantined",
			   (unsigned long long)again.events_imported, again.segments_quarantined);
		diag_clear(&diags);
		char *dump = state_dump(&st);
		FUZZ_CHECK(dump != NULL, "state_dump: %s", error_message());
		FUZZ_CHECK(state_rebuild(&st) == 0, "state_rebuild: %s", error_message());
		char *rebuilt = state_dump(&st);
		FUZZ_CHECK(rebuilt && strcmp(dump, rebuilt) == 0,
			   "the state rebuilt from the events differs from the ingested state");
		free(rebuilt);
		free(dump);
	}
	store_close(&st);
	return 0;
}
