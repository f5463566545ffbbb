/* test_feed.c - the feed import: team, accounts, metrics; unchanged files,
 * conflicted copies, stale files, broken files keeping the previous state,
 * rejected rows with file:line messages, snapshot semantics, money. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "csconsole/date.h"
#include "csconsole/feed.h"
#include "csconsole/store.h"
#include "scratch.h"

static char *shared;
static struct store st;

/* What one sync did, file by file. */
struct run {
	int rc;
	struct feed_summary sum;
	struct diag_list diags;
	struct {
		char *path, *same_as;
		enum feed_status status;
		uint64_t rows_ok, rows_rejected;
	} files[16];
	size_t n;
	uint64_t progress_max;
};

static void on_done(void *ctx, const struct feed_result *r)
{
	struct run *run = ctx;
	assert_true(run->n < 16);
	run->files[run->n].path = xstrdup(r->path);
	run->files[run->n].same_as = r->same_as ? xstrdup(r->same_as) : NULL;
	run->files[run->n].status = r->status;
	run->files[run->n].rows_ok = r->rows_ok;
	run->files[run->n].rows_rejected = r->rows_rejected;
	run->n++;
}

static void on_progress(void *ctx, const char *path, uint64_t rows, double seconds)
{
	struct run *run = ctx;
	(void)path;
	(void)seconds;
	if (rows > run->progress_max)
		run->progress_max = rows;
}

static void sync_now(struct run *run)
{
	struct feed_hooks hooks = { on_progress, on_done, run };
	memset(run, 0, sizeof(*run));
	run->rc = feed_sync(&st, shared, &hooks, &run->diags, &run->sum);
	diag_print(&run->diags, stderr);    /* shown when a test fails */
}

static void run_free(struct run *run)
{
	for (size_t i = 0; i < run->n; i++) {
		free(run->files[i].path);
		free(run->files[i].same_as);
	}
	diag_clear(&run->diags);
}

static int status_of(const struct run *run, const char *path)
{
	for (size_t i = 0; i < run->n; i++)
		if (strcmp(run->files[i].path, path) == 0)
			return (int)run->files[i].status;
	fail_msg("%s was not processed", path);
	return -1;
}

static bool has_diag(const struct run *run, enum diag_severity sev, const char *file,
		     unsigned line, const char *text)
{
	for (size_t i = 0; i < run->diags.len; i++) {
		const struct diag *d = &run->diags.items[i];
		if (d->severity == sev && d->file && strcmp(d->file, file) == 0 &&
		    d->line == line && strstr(d->message, text))
			return true;
	}
	return false;
}

/* ---- Files ---------------------------------------------------------------- */

static char *fixture_path(const char *rel)
{
	const char *root = getenv("CSC_ROOT");
	char *dir = path_join(root && *root ? root : ".", "tests/fixtures/feeds");
	char *p = path_join(dir, rel);
	free(dir);
	return p;
}

static void write_bytes(const char *rel, const char *data, size_t len)
{
	char *name = path_join("shared", rel);      /* shared is scratch_dir/shared */
	free(scratch_write(name, data, len));
	free(name);
}

static void write_text(const char *rel, const char *text)
{
	write_bytes(rel, text, strlen(text));
}

static char *read_all(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct sbuf b = {0};
	char buf[4096];
	size_t n;
	assert_non_null(fp);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sbuf_add(&b, buf, n);
	fclose(fp);
	*len = b.len;
	return b.data ? b.data : xstrdup("");
}

static void put_fixture(const char *fixture, const char *rel)
{
	char *src = fixture_path(fixture);
	size_t len;
	char *data = read_all(src, &len);
	write_bytes(rel, data, len);
	free(data);
	free(src);
}

static void remove_file(const char *rel)
{
	char *p = path_join(shared, rel);
	assert_int_equal(unlink(p), 0);
	free(p);
}

static void set_mtime(const char *rel, time_t when)
{
	char *p = path_join(shared, rel);
	struct timespec ts[2] = { { when, 0 }, { when, 0 } };
	assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
	free(p);
}

static void put_good(void)
{
	put_fixture("good/feeds/team.yaml", "feeds/team.yaml");
	put_fixture("good/feeds/accounts.csv", "feeds/accounts.csv");
	put_fixture("good/feeds/metrics/2026-10.csv", "feeds/metrics/2026-10.csv");
	put_fixture("good/feeds/metrics/nps.yaml", "feeds/metrics/nps.yaml");
}

/* ---- Queries -------------------------------------------------------------- */

static char *query_text(const char *sql)
{
	sqlite3_stmt *stmt;
	char *out = NULL;
	assert_int_equal(store_prepare(&st, sql, &stmt), 0);
	if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
		out = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return out ? out : xstrdup("(null)");
}

static void assert_query(const char *sql, const char *want)
{
	char *got = query_text(sql);
	if (strcmp(got, want) != 0)
		fail_msg("%s\n  got:  %s\n  want: %s", sql, got, want);
	free(got);
}

static int64_t query_int(const char *sql)
{
	char *t = query_text(sql);
	int64_t v = strtoll(t, NULL, 10);
	free(t);
	return v;
}

/* The value of one metric as text ("(null)" when there is none). */
static void assert_metric(const char *crm, const char *name, int y, int m, int d, const char *want)
{
	char *sql = xasprintf("SELECT value FROM metric m JOIN account a ON a.id = m.account_id "
			      "JOIN metric_name n ON n.id = m.metric_id WHERE a.crm_id = '%s' "
			      "AND n.name = '%s' AND m.day = %d", crm, name, day_from_ymd(y, m, d));
	assert_query(sql, want);
	free(sql);
}

/* Every row of every table, as text. */
static char *dump(void)
{
	sqlite3_stmt *tables, *rows;
	struct sbuf b = {0};
	assert_int_equal(store_prepare(&st, "SELECT name FROM sqlite_master WHERE type = 'table' "
				       "ORDER BY name", &tables), 0);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		char *sql = xasprintf("SELECT * FROM \"%s\"", name);
		sbuf_addf(&b, "[%s]\n", name);
		assert_int_equal(store_prepare(&st, sql, &rows), 0);
		while (sqlite3_step(rows) == SQLITE_ROW) {
			for (int i = 0; i < sqlite3_column_count(rows); i++) {
				const unsigned char *v = sqlite3_column_text(rows, i);
				sbuf_addf(&b, "%s%s", i ? "|" : "", v ? (const char *)v : "NULL");
			}
			sbuf_addc(&b, '\n');
		}
		sqlite3_finalize(rows);
		free(sql);
	}
	sqlite3_finalize(tables);
	return b.data;
}

/* ---- Setup ------------------------------------------------------------------ */

static int setup(void **state)
{
	if (scratch_setup(state))
		return -1;
	shared = scratch_path("shared");
	char *metrics = path_join(shared, "feeds/metrics");
	char *db = scratch_path("db/csconsole.db");
	int rc = path_mkdirs(metrics, 0755) || store_open(&st, db, shared);
	free(metrics);
	free(db);
	return rc;
}

static int teardown(void **state)
{
	store_close(&st);
	free(shared);
	return scratch_teardown(state);
}

/* ---- Tests ------------------------------------------------------------------ */

static void test_import_good(void **state)
{
	(void)state;
	struct run r;
	char *path, *data, hex[65];
	size_t len;
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	char want[128];

	put_good();
	sync_now(&r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.diags.len, 0);
	assert_int_equal(r.n, 4);
	/* Team, accounts, then metrics by name. */
	assert_string_equal(r.files[0].path, "feeds/team.yaml");
	assert_string_equal(r.files[1].path, "feeds/accounts.csv");
	assert_string_equal(r.files[2].path, "feeds/metrics/2026-10.csv");
	assert_string_equal(r.files[3].path, "feeds/metrics/nps.yaml");
	for (size_t i = 0; i < r.n; i++)
		assert_int_equal(r.files[i].status, FEED_IMPORTED);
	assert_int_equal(r.sum.imported, 4);
	assert_int_equal(r.sum.rows_ok, 3 + 3 + 6 + 2);
	assert_int_equal(r.sum.rows_rejected, 0);

	/* Accounts: BOM, CRLF, "Touch Model" headers, reordered columns. */
	assert_query("SELECT arr_minor || ' ' || currency FROM account WHERE crm_id = 'ACC-0001'",
		     "12000000 JPY");
	assert_query("SELECT arr_minor || ' ' || currency FROM account WHERE crm_id = 'ACC-0002'",
		     "4800050 USD");
	assert_query("SELECT name FROM account WHERE crm_id = 'ACC-0002'", "Northwind Analytics, Inc.");
	assert_query("SELECT name FROM account WHERE crm_id = 'ACC-0001'", "株式会社さくらロジスティクス");
	assert_query("SELECT champion_status || ' ' || seats || ' ' || segment FROM account "
		     "WHERE crm_id = 'ACC-0002'", "left 40 Mid-Market");
	str_format(want, sizeof(want), "%d", day_from_ymd(2026, 12, 12));
	assert_query("SELECT renewal_day FROM account WHERE crm_id = 'ACC-0002'", want);
	assert_query("SELECT coalesce(arr_minor, 'none') || ' ' || coalesce(sub_owner, 'none') || ' ' "
		     "|| champion_status FROM account WHERE crm_id = 'ACC-0003'", "none none unknown");
	/* Contacts, one of them after a quoted newline. */
	assert_query("SELECT group_concat(name || '/' || role || '/' || email, ';') FROM "
		     "(SELECT c.* FROM contact c JOIN account a ON a.id = c.account_id "
		     "WHERE a.crm_id = 'ACC-0002' ORDER BY pos)",
		     "Dana Reyes/VP Ops/dana@northwind.example;Sam Lee/Admin/sam@northwind.example");
	assert_query("SELECT role FROM contact c JOIN account a ON a.id = c.account_id "
		     "WHERE a.crm_id = 'ACC-0001'", "情報システム部長");

	/* Team. */
	assert_query("SELECT group_concat(handle || ':' || active, ',') FROM "
		     "(SELECT * FROM csm ORDER BY handle)", "aiko:1,ken:1,maria:1");
	assert_query("SELECT name FROM csm WHERE handle = 'aiko'", "佐藤 愛子");
	str_format(want, sizeof(want), "%d %d ken vacation feed", day_from_ymd(2026, 11, 23),
		   day_from_ymd(2026, 11, 27));
	assert_query("SELECT start_day || ' ' || end_day || ' ' || covered_by || ' ' || reason || ' ' "
		     "|| source FROM absence WHERE handle = 'aiko'", want);

	/* Metrics: the later of two rows for the same key wins; health_score
	 * also lands in health; YAML rows too. */
	assert_metric("ACC-0001", "logins", 2026, 10, 5, "140.0");
	assert_int_equal(query_int("SELECT count(*) FROM metric"), 7);
	assert_query("SELECT group_concat(score, ',') FROM (SELECT h.score FROM health h JOIN account a "
		     "ON a.id = h.account_id ORDER BY a.crm_id)", "82.0,41.5");
	assert_metric("ACC-0002", "nps", 2026, 10, 1, "-20.0");

	/* The import record: content hash, size, generated_at, row counts. */
	path = fixture_path("good/feeds/accounts.csv");
	data = read_all(path, &len);
	sha256_init(&ctx);
	sha256_update(&ctx, len, (const uint8_t *)data);
	sha256_digest(&ctx, sizeof(digest), digest);
	for (size_t i = 0; i < sizeof(digest); i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	assert_query("SELECT sha256 FROM feed_file WHERE path = 'feeds/accounts.csv'", hex);
	str_format(want, sizeof(want), "%zu accounts 3 0", len);
	assert_query("SELECT size || ' ' || kind || ' ' || rows_ok || ' ' || rows_rejected FROM "
		     "feed_file WHERE path = 'feeds/accounts.csv'", want);
	int64_t ts;
	assert_true(ts_parse_iso("2026-11-20T06:00:00Z", &ts));
	assert_int_equal(query_int("SELECT generated_at FROM feed_file WHERE path = 'feeds/team.yaml'"), ts);
	free(data);
	free(path);
	run_free(&r);
}

static void test_second_sync_changes_nothing(void **state)
{
	(void)state;
	struct run r;
	char *before, *after;
	int changes;

	put_good();
	sync_now(&r);
	run_free(&r);
	before = dump();
	changes = sqlite3_total_changes(st.db);
	sync_now(&r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 4);
	for (size_t i = 0; i < r.n; i++)
		assert_int_equal(r.files[i].status, FEED_UNCHANGED);
	assert_int_equal(r.sum.unchanged, 4);
	assert_int_equal(r.sum.rows_ok, 0);
	assert_int_equal(r.diags.len, 0);
	/* Unchanged reports the counts recorded at import. */
	assert_int_equal(r.files[1].rows_ok, 3);
	assert_int_equal(sqlite3_total_changes(st.db), changes);
	after = dump();
	assert_string_equal(before, after);
	free(before);
	free(after);
	run_free(&r);
}

/* Issue 11: a sync tool's conflict copy is never a feed, even one that sorts
 * after the original and holds other (older) values. */
static void test_conflicted_copy(void **state)
{
	(void)state;
	static const char *const copies[] = {
		"feeds/metrics/2026-10 (aiko's conflicted copy).csv",
		"feeds/metrics/2026-10.sync-conflict-20261122-101010-ABCDEFG.csv",
		"feeds/metrics/2026-10 (conflicted copy 2026-11-22 101010).csv",
		"feeds/metrics/2026-10 (1).csv",
		"feeds/metrics/2026-10-LAPTOP7.csv",
		"feeds/metrics/2026-10.csv.orig",
		"feeds/accounts.sync-conflict-20261122-101010-ABCDEFG.csv",
	};
	struct run r;
	int changes;

	put_good();
	sync_now(&r);
	run_free(&r);
	for (size_t i = 0; i < ARRAY_SIZE(copies); i++)
		write_text(copies[i], "account,date,metric,value\nACC-0001,2026-10-05,logins,11\n"
			   "ACC-0001,2026-10-05,health_score,11\n");
	changes = sqlite3_total_changes(st.db);
	sync_now(&r);
	assert_int_equal(r.sum.conflicts, ARRAY_SIZE(copies));
	assert_int_equal(r.sum.imported, 0);
	for (size_t i = 0; i < ARRAY_SIZE(copies); i++) {
		assert_int_equal(status_of(&r, copies[i]), FEED_CONFLICT);
		assert_true(has_diag(&r, DIAG_ERROR, copies[i], 0, "not imported, it is not a feed"));
	}
	assert_true(has_diag(&r, DIAG_ERROR, copies[1], 0, "a conflict copy of "
			     "feeds/metrics/2026-10.csv (Syncthing)"));
	assert_true(has_diag(&r, DIAG_ERROR, copies[4], 0, "(OneDrive)"));
	assert_true(has_diag(&r, DIAG_ERROR, copies[5], 0, "a merge leftover of "
			     "feeds/metrics/2026-10.csv (git)"));
	assert_int_equal(sqlite3_total_changes(st.db), changes);
	assert_metric("ACC-0001", "logins", 2026, 10, 5, "140.0");
	run_free(&r);

	/* doctor's view: the same copies */
	struct diag_list d = {0};
	assert_int_equal(feed_check(&st, shared, &d), ARRAY_SIZE(copies));
	diag_clear(&d);

	/* "name-WORD" alone (no plain name beside it) is a feed of its own. */
	write_text("feeds/metrics/usage-EU.csv", "account,date,metric,value\n"
		   "ACC-0002,2026-10-07,logins,5\n");
	sync_now(&r);
	assert_int_equal(status_of(&r, "feeds/metrics/usage-EU.csv"), FEED_IMPORTED);
	run_free(&r);
}

/* Issue 11: values an earlier version imported from a conflict copy are
 * taken back by the next sync, the original's values in force again. */
static void test_conflict_copy_undone(void **state)
{
	(void)state;
	static const char *const copy = "feeds/metrics/2026-10.sync-conflict-20261122-101010-ABCDEFG.csv";
	struct run r;

	/* legacy 1: imported before metric.src existed; 2: the copy deleted since */
	for (int legacy = 0; legacy < 3; legacy++) {
		put_good();
		sync_now(&r);
		run_free(&r);
		/* What an earlier version did: the copy imported as a feed, after the original. */
		write_text("feeds/metrics/zz.csv", "account,date,metric,value\n"
			   "ACC-0001,2026-10-05,logins,11\nACC-0001,2026-10-05,health_score,11\n"
			   "ACC-0002,2026-10-09,logins,7\n");
		sync_now(&r);
		assert_int_equal(status_of(&r, "feeds/metrics/zz.csv"), FEED_IMPORTED);
		run_free(&r);
		assert_metric("ACC-0001", "logins", 2026, 10, 5, "11.0");
		{
			char *from = path_join(shared, "feeds/metrics/zz.csv"), *to = path_join(shared, copy);
			assert_int_equal(rename(from, to), 0);
			free(from);
			free(to);
		}
		char *sql = xasprintf("UPDATE feed_file SET path = '%s' WHERE path = 'feeds/metrics/zz.csv';"
				      "UPDATE feed_source SET path = '%s' WHERE path = 'feeds/metrics/zz.csv';"
				      "%s", copy, copy, legacy == 1 ? "UPDATE metric SET src = NULL;" : "");
		assert_int_equal(store_exec(&st, sql), 0);
		free(sql);

		if (legacy == 2)
			remove_file(copy);
		sync_now(&r);
		assert_int_equal(r.sum.undone, 1);
		if (legacy != 2)
			assert_int_equal(status_of(&r, copy), FEED_CONFLICT);
		assert_true(has_diag(&r, DIAG_NOTE, copy, 0, "its values are removed"));
		run_free(&r);
		assert_metric("ACC-0001", "logins", 2026, 10, 5, "140.0");
		assert_query("SELECT score FROM health h JOIN account a ON a.id = h.account_id "
			     "WHERE a.crm_id = 'ACC-0001' AND h.source = 'feed' AND h.day = "
			     "(SELECT max(day) FROM health)", "82.0");
		char *want = xasprintf("SELECT count(*) FROM feed_file WHERE path = '%s'", copy);
		assert_int_equal(query_int(want), 0);
		free(want);
		if (legacy != 1)   /* a row only the copy had goes too (unknown without provenance) */
			assert_metric("ACC-0002", "logins", 2026, 10, 9, "(null)");
		if (legacy != 2)
			remove_file(copy);
	}
}

/* Issue 11: git's conflict markers make a file an unresolved merge. */
static void test_conflict_markers(void **state)
{
	(void)state;
	struct run r;
	put_good();
	sync_now(&r);
	run_free(&r);
	write_text("feeds/metrics/2026-10.csv", "account,date,metric,value\n"
		   "ACC-0001,2026-10-05,logins,5\n"
		   "<<<<<<< HEAD\n"
		   "ACC-0001,2026-10-06,logins,6\n"
		   "=======\n"
		   "ACC-0001,2026-10-06,logins,7\n"
		   ">>>>>>> theirs\n");
	sync_now(&r);
	assert_int_equal(status_of(&r, "feeds/metrics/2026-10.csv"), FEED_FAILED);
	assert_true(has_diag(&r, DIAG_ERROR, "feeds/metrics/2026-10.csv", 3,
			     "a git merge conflict marker"));
	assert_int_equal(r.diags.errors, 1);
	assert_metric("ACC-0001", "logins", 2026, 10, 5, "140.0");
	run_free(&r);

	/* A marker across the reader's buffer boundary is found too, at its line. */
	struct sbuf b = {0};
	sbuf_adds(&b, "account,date,metric,value\n");
	unsigned line = 1;
	while (b.len < (1u << 20) - 3) {
		sbuf_adds(&b, "ACC-0001,2026-10-05,logins,5\n");
		line++;
	}
	sbuf_adds(&b, "=======\nACC-0001,2026-10-05,logins,5\n");
	write_bytes("feeds/metrics/2026-10.csv", b.data, b.len);
	sbuf_free(&b);
	sync_now(&r);
	assert_int_equal(status_of(&r, "feeds/metrics/2026-10.csv"), FEED_FAILED);
	assert_true(has_diag(&r, DIAG_ERROR, "feeds/metrics/2026-10.csv", line + 1,
			     "a git merge conflict marker"));
	run_free(&r);
}

/* Issue 14: a UTF-16 export (Excel's "Unicode text", TAB-separated) is
 * converted and imported; a UTF-16 YAML feed is one clear refusal. */
static void test_utf16(void **state)
{
	(void)state;
	static const char text[] = "account\tdate\tmetric\tvalue\r\nACC-0001\t2026-10-05\tlogins\t5\r\n";
	static const char yaml[] = "metrics:\n  - {account: ACC-0001, date: 2026-10-05, metric: logins, value: 5}\n";
	char buf[2 * sizeof(text) + 2], ybuf[2 * sizeof(yaml) + 2];
	size_t n = 0, yn = 0;
	struct run r;
	buf[n++] = (char)0xFF;
	buf[n++] = (char)0xFE;
	for (size_t i = 0; text[i]; i++) {
		buf[n++] = text[i];
		buf[n++] = 0;
	}
	ybuf[yn++] = (char)0xFE;
	ybuf[yn++] = (char)0xFF;
	for (size_t i = 0; yaml[i]; i++) {
		ybuf[yn++] = 0;
		ybuf[yn++] = yaml[i];
	}
	put_good();
	write_bytes("feeds/metrics/utf16.csv", buf, n);
	write_bytes("feeds/metrics/utf16.yaml", ybuf, yn);
	sync_now(&r);
	assert_int_equal(status_of(&r, "feeds/metrics/utf16.csv"), FEED_IMPORTED);
	assert_int_equal(status_of(&r, "feeds/metrics/utf16.yaml"), FEED_FAILED);
	assert_true(has_diag(&r, DIAG_ERROR, "feeds/metrics/utf16.yaml", 0,
			     "the file is UTF-16 (big-endian, with a byte order mark), not UTF-8"));
	assert_int_equal(r.diags.errors, 1);
	assert_int_equal(r.sum.imported, 5);      /* the four good files and the UTF-16 CSV */
	assert_int_equal(r.sum.failed, 1);
	assert_metric("ACC-0001", "logins", 2026, 10, 5, "5.0");
	run_free(&r);
}

/* Issue 11: a file cut while it was written is not imported. */
static void test_cut_files(void **state)
{
	(void)state;
	struct run r;
	put_good();
	sync_now(&r);
	run_free(&r);
	/* YAML ending mid-line (inside an account's mapping) */
	write_text("feeds/accounts.yaml", "accounts:\n  - id: ACC-0001\n    name: Sakura\n"
		   "    touch_model: high\n    stage: adoption\n    main_owner: ai");
	/* CSV whose last line has no line end and too few fields */
	write_text("feeds/metrics/2026-10.csv", "account,date,metric,value\n"
		   "ACC-0001,2026-10-05,logins,5\nACC-0001,2026-10-06,log");
	/* CSV cut inside the last value: "192" read as "1" */
	write_text("feeds/metrics/zz.csv", "account,date,metric,value\nACC-0002,2026-10-07,active_seats,1");
	/* the same file complete */
	write_text("feeds/metrics/zzz.csv", "account,date,metric,value\nACC-0002,2026-10-08,active_seats,192\n");
	sync_now(&r);
	assert_int_equal(status_of(&r, "feeds/accounts.yaml"), FEED_FAILED);
	assert_true(has_diag(&r, DIAG_ERROR, "feeds/accounts.yaml", 0, "ends in the middle of a line"));
	assert_int_equal(status_of(&r, "feeds/metrics/2026-10.csv"), FEED_FAILED);
	assert_true(has_diag(&r, DIAG_ERROR, "feeds/metrics/2026-10.csv", 0, "ends in the middle of a line"));
	assert_int_equal(status_of(&r, "feeds/metrics/zz.csv"), FEED_FAILED);
	assert_int_equal(status_of(&r, "feeds/metrics/zzz.csv"), FEED_IMPORTED);
	assert_metric("ACC-0001", "logins", 2026, 10, 5, "140.0");
	assert_metric("ACC-0001", "logins", 2026, 10, 6, "(null)");
	assert_metric("ACC-0002", "active_seats", 2026, 10, 7, "(null)");
	assert_metric("ACC-0002", "active_seats", 2026, 10, 8, "192.0");
	assert_query("SELECT count(*) FROM account WHERE active = 1", "3");
	run_free(&r);
}

static void sync_guarded(struct run *run, const struct strlist *accept)
{
	struct feed_hooks hooks = { on_progress, on_done, run };
	struct feed_options opt = { .settle_seconds = 0, .hold_percent = 10, .hold_factor = 10,
				    .accept = accept };
	memset(run, 0, sizeof(*run));
	run->rc = feed_sync_opts(&st, shared, &opt, &hooks, &run->diags, &run->sum);
	diag_print(&run->diags, stderr);
}

/* Issue 15: with summaries_later (csconsole sync) the import leaves the
 * account summaries to the health pass and marks meta feeds_changed in the
 * import's own transaction; without it (every other caller) it refreshes
 * them itself and leaves no mark. An unchanged feed marks nothing. */
static void test_summaries_later(void **state)
{
	struct feed_hooks hooks = { on_progress, on_done, NULL };
	struct feed_options later = { .summaries_later = true };
	struct run r;
	(void)state;

	put_good();
	memset(&r, 0, sizeof(r));
	hooks.ctx = &r;
	r.rc = feed_sync_opts(&st, shared, &later, &hooks, &r.diags, &r.sum);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sum.imported, 4);
	run_free(&r);
	assert_query("SELECT count(*) FROM account", "3");
	assert_query("SELECT count(*) FROM account_summary", "0");
	assert_query("SELECT value FROM meta WHERE key = '" FEEDS_CHANGED_META "'", "1");

	/* nothing new: no mark (the health pass removed the last one) */
	assert_int_equal(store_exec(&st, "DELETE FROM meta WHERE key = '" FEEDS_CHANGED_META "'"), 0);
	memset(&r, 0, sizeof(r));
	r.rc = feed_sync_opts(&st, shared, &later, &hooks, &r.diags, &r.sum);
	assert_int_equal(r.sum.imported, 0);
	run_free(&r);
	assert_query("SELECT count(*) FROM meta WHERE key = '" FEEDS_CHANGED_META "'", "0");

	/* without the option: a new metrics file, and every summary refreshed here */
	write_text("feeds/metrics/zz.csv", "account,date,metric,value\nACC-0001,2026-10-05,logins,11\n");
	sync_now(&r);
	assert_int_equal(r.sum.imported, 1);
	run_free(&r);
	assert_query("SELECT count(*) FROM account_summary", "3");
	assert_query("SELECT count(*) FROM meta WHERE key = '" FEEDS_CHANGED_META "'", "0");
}

/* Issue 11: an import that would retire most of the book is held back until
 * it is seen again unchanged or accepted. */
/* 60 logins rows (3 accounts x 20 days), each value v. */
static void put_logins(const char *rel, int v)
{
	struct sbuf b = {0};
	sbuf_adds(&b, "account,date,metric,value\n");
	for (int a = 1; a <= 3; a++)
		for (int d = 1; d <= 20; d++)
			sbuf_addf(&b, "ACC-%04d,2026-09-%02d,logins,%d\n", a, d, v + d);
	write_text(rel, b.data);
	sbuf_free(&b);
}

/* Issue 11: a metrics import that would collapse (or blow up) the values it
 * replaces is held back like a shrinking book. */
static void test_hold_back_metrics(void **state)
{
	(void)state;
	struct run r;
	put_good();
	put_logins("feeds/metrics/sept.csv", 180);
	sync_guarded(&r, NULL);
	assert_int_equal(status_of(&r, "feeds/metrics/sept.csv"), FEED_IMPORTED);
	run_free(&r);
	/* a normal revision (at most a factor of 1.2): imported */
	put_logins("feeds/metrics/sept.csv", 200);
	sync_guarded(&r, NULL);
	assert_int_equal(status_of(&r, "feeds/metrics/sept.csv"), FEED_IMPORTED);
	assert_metric("ACC-0002", "logins", 2026, 9, 5, "205.0");
	run_free(&r);
	/* every value divided by ~100: held back, nothing applied */
	put_logins("feeds/metrics/sept.csv", -19);
	sync_guarded(&r, NULL);
	assert_int_equal(status_of(&r, "feeds/metrics/sept.csv"), FEED_HELD);
	assert_true(has_diag(&r, DIAG_ERROR, "feeds/metrics/sept.csv", 0, "held back, nothing "
			     "applied: it would change 60 of 60 values of logins it replaces by more "
			     "than a factor of 10 (more than 10%)"));
	assert_metric("ACC-0002", "logins", 2026, 9, 5, "205.0");
	assert_query("SELECT count(*) FROM feed_hold", "1");
	run_free(&r);
	/* seen again unchanged: applied */
	sync_guarded(&r, NULL);
	assert_int_equal(status_of(&r, "feeds/metrics/sept.csv"), FEED_IMPORTED);
	assert_metric("ACC-0002", "logins", 2026, 9, 5, "-14.0");
	assert_query("SELECT count(*) FROM feed_hold", "0");
	run_free(&r);
}

/* Every import that brings another champion (name, email or status) adds a
 * row to champion_history with the one it replaces; an unchanged champion
 * adds nothing, a new account starts its history. */
static void test_champion_history(void **state)
{
	(void)state;
	static const char head[] = "id,name,main_owner,touch_model,stage,champion,champion_email,champion_status\n";
	struct run r;
	char *csv;

	put_good();
	csv = xasprintf("%sACC-0001,Sakura,aiko,high,adoption,Dana Reyes,dana@sakura.example,active\n"
			"ACC-0002,Northwind,ken,low,renewal,,,\n", head);
	write_text("feeds/accounts.csv", csv);
	free(csv);
	sync_guarded(&r, NULL);
	run_free(&r);
	assert_query("SELECT count(*) || '|' || group_concat(name) FROM champion_history", "1|Dana Reyes");

	/* the same champion again: nothing; another one: a row with both */
	csv = xasprintf("%sACC-0001,Sakura,aiko,high,adoption,Dana Reyes,dana@sakura.example,active\n"
			"ACC-0002,Northwind,ken,low,renewal,,,\n"
			"ACC-0003,Ginkgo,aiko,high,adoption,伊藤 健,,active\n", head);
	write_text("feeds/accounts.csv", csv);
	free(csv);
	sync_guarded(&r, NULL);
	run_free(&r);
	assert_query("SELECT count(*) FROM champion_history", "2");
	csv = xasprintf("%sACC-0001,Sakura,aiko,high,adoption,Ken Ito,ken@sakura.example,active\n"
			"ACC-0002,Northwind,ken,low,renewal,,,\n"
			"ACC-0003,Ginkgo,aiko,high,adoption,伊藤 健,,left\n", head);
	write_text("feeds/accounts.csv", csv);
	free(csv);
	sync_guarded(&r, NULL);
	run_free(&r);
	char *want = xasprintf("%d|Dana Reyes|dana@sakura.example|Ken Ito|ken@sakura.example|active", day_today());
	assert_query("SELECT h.day || '|' || prev_name || '|' || prev_email || '|' || h.name || '|' || h.email"
		     " || '|' || h.status FROM champion_history h JOIN account a ON a.id = h.account_id"
		     " WHERE a.crm_id = 'ACC-0001' AND prev_name IS NOT NULL", want);
	free(want);
	assert_query("SELECT prev_status || '>' || status FROM champion_history h JOIN account a"
		     " ON a.id = h.account_id WHERE a.crm_id = 'ACC-0003' ORDER BY h.id DESC", "active>left");
	assert_query("SELECT count(*) FROM champion_history", "4");
}

static void test_hold_back(void **state)
{
	(void)state;
	static const char one[] = "id,name,main_owner,touch_model,stage\n"
		"ACC-0001,Sakura,aiko,high,adoption\n";
	struct run r;
	put_good();
	sync_guarded(&r, NULL);
	run_free(&r);
	write_text("feeds/accounts.csv", one);
	sync_guarded(&r, NULL);
	assert_int_equal(status_of(&r, "feeds/accounts.csv"), FEED_HELD);
	assert_int_equal(r.sum.held, 1);
	assert_true(has_diag(&r, DIAG_ERROR, "feeds/accounts.csv", 0, "held back, nothing applied: "
			     "it would mark 2 of the 3 active accounts inactive (more than 10%)"));
	assert_query("SELECT count(*) FROM account WHERE active = 1", "3");
	run_free(&r);
	struct diag_list d = {0};
	assert_int_equal(feed_check(&st, shared, &d), 1);
	diag_clear(&d);

	/* changed again: held again, with the new content */
	write_text("feeds/accounts.csv", "id,name,main_owner,touch_model,stage\n"
		   "ACC-0002,Northwind,ken,low,renewal\n");
	sync_guarded(&r, NULL);
	assert_int_equal(status_of(&r, "feeds/accounts.csv"), FEED_HELD);
	assert_query("SELECT count(*) FROM account WHERE active = 1", "3");
	run_free(&r);

	/* accepted */
	struct strlist accept = {0};
	strlist_add(&accept, "feeds/accounts.csv");
	write_text("feeds/accounts.csv", one);
	sync_guarded(&r, &accept);
	assert_int_equal(status_of(&r, "feeds/accounts.csv"), FEED_IMPORTED);
	assert_query("SELECT count(*) FROM account WHERE active = 1", "1");
	assert_query("SELECT count(*) FROM feed_hold", "0");
	run_free(&r);
	strlist_clear(&accept);

	/* seen unchanged at a later sync: applied then */
	put_fixture("good/feeds/accounts.csv", "feeds/accounts.csv");
	sync_guarded(&r, NULL);      /* reactivating is never held */
	assert_int_equal(status_of(&r, "feeds/accounts.csv"), FEED_IMPORTED);
	run_free(&r);
	write_text("feeds/accounts.csv", one);
	sync_guarded(&r, NULL);
	assert_int_equal(status_of(&r, "feeds/accounts.csv"), FEED_HELD);
	run_free(&r);
	sync_guarded(&r, NULL);
	assert_int_equal(status_of(&r, "feeds/accounts.csv"), FEED_IMPORTED);
	assert_query("SELECT count(*) FROM account WHERE active = 1", "1");
	run_free(&r);
}

static const char metrics_older[] =
	"# generated_at: 2026-11-19T06:00:00Z\n"
	"account,date,metric,value\n"
	"ACC-0001,2026-10-05,logins,999\n";
static const char metrics_newer[] =
	"# generated_at: 2026-11-21T06:00:00Z\n"
	"account,date,metric,value\n"
	"ACC-0001,2026-10-05,logins,777\n";

static void test_stale_file_skipped(void **state)
{
	(void)state;
	struct run r;
	char *before;
	int changes;

	put_good();
	sync_now(&r);
	run_free(&r);
	before = query_text("SELECT sha256 FROM feed_file WHERE path = 'feeds/metrics/2026-10.csv'");
	changes = sqlite3_total_changes(st.db);
	write_text("feeds/metrics/2026-10.csv", metrics_older);
	sync_now(&r);
	assert_int_equal(status_of(&r, "feeds/metrics/2026-10.csv"), FEED_STALE);
	assert_int_equal(r.sum.stale, 1);
	assert_int_equal(r.diags.errors, 0);
	assert_true(has_diag(&r, DIAG_WARNING, "feeds/metrics/2026-10.csv", 0,
			     "generated_at 2026-11-19T06:00:00Z is older than that of the version "
			     "already imported (2026-11-20T06:00:00Z): skipped as stale"));
	assert_int_equal(sqlite3_total_changes(st.db), changes);
	assert_metric("ACC-0001", "logins", 2026, 10, 5, "140.0");
	char *after = query_text("SELECT sha256 FROM feed_file WHERE path = 'feeds/metrics/2026-10.csv'");
	assert_string_equal(before, after);
	free(after);
	run_free(&r);

	/* A newer one imports. */
	write_text("feeds/metrics/2026-10.csv", metrics_newer);
	sync_now(&r);
	assert_int_equal(status_of(&r, "feeds/metrics/2026-10.csv"), FEED_IMPORTED);
	assert_metric("ACC-0001", "logins", 2026, 10, 5, "777.0");
	free(before);
	run_free(&r);
}

static void test_broken_files_keep_previous_state(void **state)
{
	(void)state;
	struct run r;

	put_good();
	sync_now(&r);
	run_free(&r);
	put_fixture("bad/team-syntax.yaml", "feeds/team.yaml");
	put_fixture("bad/metrics-broken.yaml", "feeds/metrics/z-broken.yaml");
	write_text("feeds/metrics/2026-10.csv", metrics_newer);
	sync_now(&r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(status_of(&r, "feeds/team.yaml"), FEED_FAILED);
	assert_int_equal(status_of(&r, "feeds/metrics/z-broken.yaml"), FEED_FAILED);
	assert_int_equal(status_of(&r, "feeds/metrics/2026-10.csv"), FEED_IMPORTED);
	assert_int_equal(r.sum.failed, 2);
	/* The message names file, line and column. */
	assert_true(has_diag(&r, DIAG_ERROR, "feeds/team.yaml", 7, "YAML syntax"));
	assert_true(has_diag(&r, DIAG_ERROR, "feeds/metrics/z-broken.yaml", 5, "YAML syntax"));
	/* The previous team stays whole; nothing of the broken metrics file is in. */
	assert_query("SELECT group_concat(handle || ':' || active || ':' || name, ',') FROM "
		     "(SELECT * FROM csm ORDER BY handle)",
		     "aiko:1:佐藤 愛子,ken:1:Ken Watanabe,maria:1:María López");
	assert_int_equal(query_int("SELECT count(*) FROM absence"), 1);
	assert_metric("ACC-0001", "logins", 2026, 10, 9, "(null)");
	assert_int_equal(query_int("SELECT count(*) FROM feed_file WHERE path LIKE '%broken%'"), 0);
	/* ... and the other file imported. */
	assert_metric("ACC-0001", "logins", 2026, 10, 5, "777.0");
	run_free(&r);

	/* A failed file is tried again next time (and fails again). */
	sync_now(&r);
	assert_int_equal(status_of(&r, "feeds/team.yaml"), FEED_FAILED);
	run_free(&r);
}

/* Every problem of a CSM entry, its absences' included, in one message. */
static void test_team_all_errors(void **state)
{
	(void)state;
	struct run r;
	const char *f = "feeds/team.yaml";
	static const char text[] =
		"csms:\n"
		"  - handle: aiko\n"                                              /* 2 */
		"    name: Aiko Sato\n"
		"    absences:\n"
		"      - {from: 3/31/2027, until: 2027年4月2日, covered_by: ken}\n"  /* 5 */
		"  - handle: Ken W\n"                                             /* 6 */
		"    absences:\n"
		"      - {from: 31.02.2027, until: 2027-03-01, covered_by: Not Handle}\n"
		"      - {from: 2027-05-10, until: 2027-05-01}\n"
		"      - {until: 46477}\n"
		"  - handle: ken\n"
		"    name: Ken\n";

	write_text(f, text);
	sync_now(&r);
	assert_int_equal(status_of(&r, f), FEED_IMPORTED);
	assert_int_equal(r.files[0].rows_ok, 2);
	assert_int_equal(r.files[0].rows_rejected, 1);
	assert_int_equal(r.diags.errors, 1);
	const char *parts[] = {
		"handle: \"Ken W\" is not valid",
		"name: missing (every CSM needs a handle and a name)",
		"from: \"31.02.2027\" is not a date: February 2027 has 28 days",
		"covered_by: \"Not Handle\" is not a CSM handle",
		"until: absence of Ken W ends (2027-05-01) before it starts (2027-05-10)",
		"from: missing: an absence of Ken W needs {from: YYYY-MM-DD, until: YYYY-MM-DD}",
	};
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++)
		if (!has_diag(&r, DIAG_ERROR, f, 6, parts[i]))
			fail_msg("line 6 does not say: %s", parts[i]);
	/* aiko's absence in export forms */
	assert_int_equal(query_int("SELECT start_day FROM absence WHERE handle = 'aiko'"),
			 day_from_ymd(2027, 3, 31));
	assert_int_equal(query_int("SELECT end_day FROM absence WHERE handle = 'aiko'"),
			 day_from_ymd(2027, 4, 2));
	run_free(&r);
}

static void test_metric_row_errors(void **state)
{
	(void)state;
	struct run r;
	const char *f = "feeds/metrics/x.csv";

	put_good();
	put_fixture("bad/metrics-rows.csv", f);
	sync_now(&r);
	assert_int_equal(status_of(&r, f), FEED_IMPORTED);
	assert_int_equal(r.files[4].rows_ok, 2);
	assert_int_equal(r.files[4].rows_rejected, 9);
	assert_int_equal(r.sum.rows_rejected, 9);
	assert_true(has_diag(&r, DIAG_ERROR, f, 3, "column \"account\": \"ACC-9999\" is not in the accounts feed"));
	assert_true(has_diag(&r, DIAG_ERROR, f, 4, "column \"date\": \"2026-13-01\" is not a date: there is no month 13"));
	assert_true(has_diag(&r, DIAG_ERROR, f, 5, "column \"value\": \"lots\" is not a number"));
	assert_true(has_diag(&r, DIAG_ERROR, f, 6, "the row has 3 fields but the header has 4"));
	assert_true(has_diag(&r, DIAG_ERROR, f, 7, "column \"metric\": \"Logins!\" is not a metric name"));
	assert_true(has_diag(&r, DIAG_ERROR, f, 8, "column \"value\": health_score 101 is out of range"));
	assert_true(has_diag(&r, DIAG_ERROR, f, 9, "column \"date\": missing"));
	assert_true(has_diag(&r, DIAG_ERROR, f, 10, "is not a metric name"));
	assert_true(has_diag(&r, DIAG_ERROR, f, 12, "not UTF-8"));
	assert_int_equal(r.diags.errors, 9);
	/* The good rows around them, including the one after a quoted newline. */
	assert_metric("ACC-0002", "logins", 2026, 10, 9, "9.0");
	assert_metric("ACC-0001", "logins", 2026, 10, 7, "150.0");
	assert_int_equal(query_int("SELECT count(*) FROM health"), 2);   /* 101 was refused */
	assert_query("SELECT rows_ok || ' ' || rows_rejected FROM feed_file WHERE path = "
		     "'feeds/metrics/x.csv'", "2 9");
	run_free(&r);

	/* Imported with rejections: next time it is unchanged, and says so. */
	sync_now(&r);
	assert_int_equal(status_of(&r, f), FEED_UNCHANGED);
	assert_int_equal(r.files[4].rows_rejected, 9);
	assert_int_equal(r.sum.rows_rejected, 0);
	assert_int_equal(r.diags.errors, 0);
	run_free(&r);
}

static void test_many_rejected_rows_capped(void **state)
{
	(void)state;
	struct run r;
	struct sbuf b = {0};

	put_good();
	sbuf_adds(&b, "account,date,metric,value\n");
	for (int i = 0; i < 200; i++)
		sbuf_adds(&b, "NOPE,2026-10-01,logins,1\n");
	write_text("feeds/metrics/y.csv", b.data);
	sync_now(&r);
	assert_int_equal(r.sum.rows_rejected, 200);
	assert_true(r.diags.errors < 200);
	assert_true(has_diag(&r, DIAG_NOTE, "feeds/metrics/y.csv", 0, "more rejected rows not shown"));
	sbuf_free(&b);
	run_free(&r);
}

static const char accounts_two[] =
	"id,name,touch_model,stage,main_owner\n"
	"ACC-0001,Sakura Logistics,high,expansion,aiko\n"
	"ACC-0002,Northwind Analytics,low,renewal,ken\n";

static void test_accounts_snapshot_and_rejected_rows(void **state)
{
	(void)state;
	struct run r;

	put_good();
	put_fixture("bad/metrics-rows.csv", "feeds/metrics/x.csv");
	sync_now(&r);
	run_free(&r);

	/* ACC-0003 missing but ACC-0002 rejected: nobody becomes inactive, the
	 * rejected account keeps its previous state. */
	put_fixture("bad/accounts-rows.csv", "feeds/accounts.csv");
	sync_now(&r);
	assert_int_equal(status_of(&r, "feeds/accounts.csv"), FEED_IMPORTED);
	assert_true(has_diag(&r, DIAG_ERROR, "feeds/accounts.csv", 3,
			     "column \"touch_model\": \"medium\" is not one of high, low or tech"));
	assert_true(has_diag(&r, DIAG_NOTE, "feeds/accounts.csv", 0, "no account was marked inactive"));
	assert_query("SELECT group_concat(crm_id || ':' || active || ':' || stage || ':' || touch_model, ',') "
		     "FROM (SELECT * FROM account ORDER BY crm_id)",
		     "ACC-0001:1:expansion:high,ACC-0002:1:renewal:low,ACC-0003:1:onboarding:tech");
	assert_query("SELECT arr_minor FROM account WHERE crm_id = 'ACC-0001'", "13000000");
	run_free(&r);

	/* A clean file without ACC-0003: it becomes inactive, its metrics stay. */
	write_text("feeds/accounts.csv", accounts_two);
	sync_now(&r);
	assert_int_equal(r.diags.len, 0);
	assert_query("SELECT group_concat(crm_id || ':' || active, ',') FROM "
		     "(SELECT * FROM account ORDER BY crm_id)", "ACC-0001:1,ACC-0002:1,ACC-0003:0");
	assert_int_equal(query_int("SELECT count(*) FROM metric m JOIN account a ON a.id = m.account_id "
				   "WHERE a.crm_id = 'ACC-0003'"), 1);
	/* Fields the file no longer has are cleared (the file is the truth). */
	assert_query("SELECT coalesce(arr_minor, 'none') FROM account WHERE crm_id = 'ACC-0002'", "none");
	run_free(&r);

	/* Listed again: active again, with the same local id. */
	int64_t id = query_int("SELECT id FROM account WHERE crm_id = 'ACC-0003'");
	put_fixture("good/feeds/accounts.csv", "feeds/accounts.csv");
	sync_now(&r);
	assert_query("SELECT group_concat(crm_id || ':' || active, ',') FROM "
		     "(SELECT * FROM account ORDER BY crm_id)", "ACC-0001:1,ACC-0002:1,ACC-0003:1");
	assert_int_equal(query_int("SELECT id FROM account WHERE crm_id = 'ACC-0003'"), id);
	run_free(&r);
}

static void test_accounts_file_errors(void **state)
{
	(void)state;
	struct run r;
	char *before;

	put_good();
	sync_now(&r);
	run_free(&r);
	before = dump();

	put_fixture("bad/accounts-missing-column.csv", "feeds/accounts.csv");
	sync_now(&r);
	assert_int_equal(status_of(&r, "feeds/accounts.csv"), FEED_FAILED);
	assert_true(has_diag(&r, DIAG_ERROR, "feeds/accounts.csv", 1,
			     "no column for \"touch_model\": add feeds.accounts.columns.touch_model: "
			     "\"<your header>\" (the header has \"id\", \"name\", \"stage\", \"main_owner\")"));
	run_free(&r);

	/* A header and no rows would empty the book: refused. */
	write_text("feeds/accounts.csv", "id,name,touch_model,stage,main_owner\n");
	sync_now(&r);
	assert_int_equal(status_of(&r, "feeds/accounts.csv"), FEED_FAILED);
	assert_true(has_diag(&r, DIAG_ERROR, "feeds/accounts.csv", 0, "lists no accounts"));
	run_free(&r);

	char *after = dump();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_account_row_checks(void **state)
{
	(void)state;
	struct run r;
	const char *f = "feeds/accounts.csv";
	static const char text[] =
		"id,name,touch_model,stage,main_owner,sub_owner,arr,currency,renewal_date,seats,champion_status,contacts\n"
		"A1,Ok,high,adoption,aiko,ken,100,USD,2027-01-31,5,active,Ann <ann@x.example> (CTO)\n" /* 2 */
		"A2,No Stagé,high,,aiko,,,,,,,\n"                                 /* 3 */
		"A3,Bad Stage,high,churned,aiko,,,,,,,\n"                         /* 4 */
		"A4,Bad Owner,high,adoption,Aiko Satoo,,,,,,,\n"                  /* 5 */
		"A5,Arr No Currency,high,adoption,aiko,,100,,,,,\n"               /* 6 */
		"A6,Arr Decimals,high,adoption,aiko,,10.5,JPY,,,,\n"              /* 7 */
		"A7,Arr Separators,high,adoption,aiko,,\"12,000,00\",USD,,,,\n"   /* 8 */
		"A8,Bad Currency,high,adoption,aiko,,100,usd,,,,\n"               /* 9 */
		"A9,Bad Renewal,high,adoption,aiko,,,,2027-02-30,,,\n"            /* 10 */
		"A10,Bad Seats,high,adoption,aiko,,,,,-3,,\n"                     /* 11 */
		"A11,Bad Champion,high,adoption,aiko,,,,,,gone,\n"                /* 12 */
		"A12,Bad Contact,high,adoption,aiko,,,,,,,<x@y.example> (CEO)\n"  /* 13 */
		"A1,Twice,high,adoption,aiko,,,,,,,\n"                            /* 14 */
		"A13,Bad \xC3 UTF-8,high,adoption,aiko,,,,,,,\n"                  /* 15 */
		"A14,Unknown Owner,tech,renewal,zed,,,,,,,\n";                    /* 16 */

	put_fixture("good/feeds/team.yaml", "feeds/team.yaml");
	write_text(f, text);
	sync_now(&r);
	assert_int_equal(status_of(&r, f), FEED_IMPORTED);
	assert_true(has_diag(&r, DIAG_ERROR, f, 3, "column \"stage\": missing (every account needs stage)"));
	assert_true(has_diag(&r, DIAG_ERROR, f, 4, "column \"stage\": \"churned\" is not one of onboarding, adoption, expansion or renewal: "
			     "map it with feeds.accounts.values.stage"));
	assert_true(has_diag(&r, DIAG_ERROR, f, 5, "column \"main_owner\": \"Aiko Satoo\" is not a CSM's handle, "
			     "e-mail or name in feeds/team.yaml (did you mean aiko?): write the handle"));
	assert_true(has_diag(&r, DIAG_ERROR, f, 6, "column \"arr\": \"100\" has no currency"));
	assert_true(has_diag(&r, DIAG_ERROR, f, 7, "column \"arr\": \"10.5\" has more decimals than JPY has (0)"));
	assert_true(has_diag(&r, DIAG_ERROR, f, 8, "column \"arr\": \"12,000,00\" is not an amount: thousands are grouped"));
	assert_true(has_diag(&r, DIAG_ERROR, f, 9, "column \"currency\": \"usd\" is not an ISO 4217 code"));
	assert_true(has_diag(&r, DIAG_ERROR, f, 10, "column \"renewal_date\": \"2027-02-30\" is not a date: February 2027 has 28 days"));
	assert_true(has_diag(&r, DIAG_ERROR, f, 11, "column \"seats\": \"-3\" is not a whole number"));
	assert_true(has_diag(&r, DIAG_ERROR, f, 12, "column \"champion_status\": \"gone\" is not one of active, left or unknown"));
	assert_true(has_diag(&r, DIAG_ERROR, f, 13, "column \"contacts\": contact 1 has no name"));
	assert_true(has_diag(&r, DIAG_ERROR, f, 14, "column \"id\": account A1 is listed twice (first on line 2)"));
	assert_true(has_diag(&r, DIAG_ERROR, f, 15, "not UTF-8"));
	assert_true(has_diag(&r, DIAG_WARNING, f, 16, "main_owner \"zed\" is not a CSM"));
	assert_int_equal(r.files[1].rows_ok, 2);
	assert_int_equal(r.files[1].rows_rejected, 13);
	assert_query("SELECT group_concat(crm_id, ',') FROM (SELECT * FROM account ORDER BY id)", "A1,A14");
	assert_query("SELECT name || ' ' || arr_minor || ' ' || seats FROM account WHERE crm_id = 'A1'",
		     "Ok 10000 5");
	assert_query("SELECT name || '|' || role || '|' || email FROM contact", "Ann|CTO|ann@x.example");
	run_free(&r);
}

static void test_team_snapshot(void **state)
{
	(void)state;
	struct run r;
	const char *f = "feeds/team.yaml";
	static const char two[] =
		"generated_at: 2026-11-21T06:00:00Z\n"
		"csms:\n"
		"  - handle: aiko\n"
		"    name: 佐藤 愛子\n"
		"    absences:\n"
		"      - {from: 2026-12-01, until: 2026-12-05}\n"
		"      - {from: 2026-12-24, until: 2026-12-24, covered_by: nobody}\n"
		"  - handle: ken\n"
		"    name: Ken W.\n"
		"    absences: [{from: 2026-11-30, until: 2026-11-30}]\n";
	static const char bad_absence[] =
		"generated_at: 2026-11-22T06:00:00Z\n"
		"csms:\n"
		"  - handle: aiko\n"
		"    name: Aiko Sato\n"
		"  - handle: ken\n"
		"    name: Ken Renamed\n"
		"    absences:\n"
		"      - {from: 2026-12-10, until: 2026-12-01}\n"
		"  - handle: Bad Handle\n"
		"    name: Someone\n"
		"  - handle: aiko\n"
		"    name: Aiko Again\n"
		"unexpected: 1\n";

	put_good();
	sync_now(&r);
	run_free(&r);

	write_text(f, two);
	sync_now(&r);
	assert_int_equal(status_of(&r, f), FEED_IMPORTED);
	assert_true(has_diag(&r, DIAG_WARNING, f, 7, "covered_by \"nobody\" is not a CSM in this file"));
	assert_query("SELECT group_concat(handle || ':' || active || ':' || name, ',') FROM "
		     "(SELECT * FROM csm ORDER BY handle)",
		     "aiko:1:佐藤 愛子,ken:1:Ken W.,maria:0:María López");
	assert_int_equal(query_int("SELECT count(*) FROM absence WHERE handle = 'aiko'"), 2);
	assert_int_equal(query_int("SELECT count(*) FROM absence WHERE handle = 'ken'"), 1);
	assert_int_equal(query_int("SELECT min(start_day) FROM absence WHERE handle = 'aiko'"),
			 day_from_ymd(2026, 12, 1));
	run_free(&r);

	/* A rejected entry keeps that CSM's previous state; nobody is retired. */
	write_text(f, bad_absence);
	sync_now(&r);
	assert_int_equal(status_of(&r, f), FEED_IMPORTED);
	assert_true(has_diag(&r, DIAG_ERROR, f, 8, "absence of ken ends (2026-12-01) before it starts (2026-12-10)"));
	assert_true(has_diag(&r, DIAG_ERROR, f, 9, "handle: \"Bad Handle\" is not valid"));
	assert_true(has_diag(&r, DIAG_ERROR, f, 11, "handle: aiko is listed twice (first on line 3)"));
	assert_true(has_diag(&r, DIAG_WARNING, f, 13, "unknown top-level key \"unexpected\""));
	assert_true(has_diag(&r, DIAG_NOTE, f, 0, "no CSM was marked inactive"));
	assert_int_equal(r.files[0].rows_ok, 1);
	assert_int_equal(r.files[0].rows_rejected, 3);
	assert_query("SELECT group_concat(handle || ':' || active || ':' || name, ',') FROM "
		     "(SELECT * FROM csm ORDER BY handle)",
		     "aiko:1:Aiko Sato,ken:1:Ken W.,maria:0:María López");
	/* aiko's entry imported without absences: hers are replaced (none);
	 * ken's entry was rejected: his absence stays. */
	assert_int_equal(query_int("SELECT count(*) FROM absence WHERE handle = 'aiko'"), 0);
	assert_int_equal(query_int("SELECT count(*) FROM absence WHERE handle = 'ken'"), 1);
	run_free(&r);

	/* A team file listing nobody is refused. */
	write_text(f, "generated_at: 2026-11-23T06:00:00Z\ncsms: []\n");
	sync_now(&r);
	assert_int_equal(status_of(&r, f), FEED_FAILED);
	assert_true(has_diag(&r, DIAG_ERROR, f, 2, "lists no CSMs"));
	assert_int_equal(query_int("SELECT count(*) FROM csm WHERE active = 1"), 2);
	run_free(&r);
}

static void test_accounts_yaml_and_csv(void **state)
{
	(void)state;
	struct run r;
	const char *f = "feeds/accounts.yaml";
	static const char yaml[] =
		"generated_at: 2026-11-20T06:00:00Z\n"
		"accounts:\n"
		"  - id: ACC-0004\n"
		"    name: 東京データ株式会社\n"
		"    touch_model: high\n"
		"    stage: expansion\n"
		"    arr: 5000000\n"
		"    currency: JPY\n"
		"    main_owner: aiko\n"
		"    contacts:\n"
		"      - {name: 田中 一郎, role: CTO, email: tanaka@tokyo-data.example}\n"
		"      - {name: 鈴木 花子}\n"
		"    favourite_colour: blue\n"
		"  - id: ACC-0005\n"
		"    name: Bad Touch\n"
		"    touch_model: [high]\n"
		"    stage: adoption\n"
		"    main_owner: aiko\n"
		"  - id: ACC-0006\n"
		"    name: Also Unknown Key\n"
		"    touch_model: low\n"
		"    stage: adoption\n"
		"    main_owner: ken\n"
		"    favourite_colour: red\n";

	put_good();
	write_text(f, yaml);
	sync_now(&r);
	/* YAML first, then CSV; neither hides the other's accounts. */
	assert_string_equal(r.files[1].path, "feeds/accounts.yaml");
	assert_string_equal(r.files[2].path, "feeds/accounts.csv");
	assert_true(has_diag(&r, DIAG_ERROR, f, 16, "touch_model must be a single value, not a list"));
	assert_true(has_diag(&r, DIAG_WARNING, f, 13, "unknown key \"favourite_colour\""));
	assert_false(has_diag(&r, DIAG_WARNING, f, 24, "unknown key"));    /* once per file */
	assert_query("SELECT group_concat(crm_id || ':' || active, ',') FROM "
		     "(SELECT * FROM account ORDER BY crm_id)",
		     "ACC-0001:1,ACC-0002:1,ACC-0003:1,ACC-0004:1,ACC-0006:1");
	assert_query("SELECT group_concat(name || '/' || coalesce(role, '-'), ';') FROM "
		     "(SELECT c.* FROM contact c JOIN account a ON a.id = c.account_id "
		     "WHERE a.crm_id = 'ACC-0004' ORDER BY pos)", "田中 一郎/CTO;鈴木 花子/-");
	run_free(&r);

	/* Fix the YAML: it imports clean, and the CSV's accounts stay active. */
	static const char yaml2[] =
		"accounts:\n"
		"  - {id: ACC-0004, name: 東京データ, touch_model: high, stage: expansion, main_owner: aiko}\n";
	write_text(f, yaml2);
	sync_now(&r);
	assert_int_equal(r.diags.len, 0);
	assert_query("SELECT group_concat(crm_id || ':' || active, ',') FROM "
		     "(SELECT * FROM account ORDER BY crm_id)",
		     "ACC-0001:1,ACC-0002:1,ACC-0003:1,ACC-0004:1,ACC-0006:0");
	run_free(&r);

	/* The CSV gone, and the YAML broken for a while, then back as it was. */
	remove_file("feeds/accounts.csv");
	write_text(f, "# touched\n");
	sync_now(&r);
	assert_int_equal(status_of(&r, f), FEED_FAILED);    /* no accounts: refused */
	run_free(&r);
	write_text(f, yaml2);
	set_mtime(f, time(NULL) - 3600);
	sync_now(&r);
	/* Same content as recorded: unchanged. Removing a file changes nothing:
	 * the CSV's accounts stay active until an import replaces the book. */
	assert_int_equal(status_of(&r, f), FEED_UNCHANGED);
	assert_query("SELECT group_concat(crm_id || ':' || active, ',') FROM "
		     "(SELECT * FROM account ORDER BY crm_id)",
		     "ACC-0001:1,ACC-0002:1,ACC-0003:1,ACC-0004:1,ACC-0006:0");
	run_free(&r);
}

static void test_mtime_shortcut(void **state)
{
	(void)state;
	struct run r;
	const char *f = "feeds/metrics/m.csv";
	static const char v1[] = "account,date,metric,value\nACC-0001,2026-10-20,logins,111\n";
	static const char v2[] = "account,date,metric,value\nACC-0001,2026-10-20,logins,222\n";
	time_t old = time(NULL) - 3600;

	put_good();
	write_text(f, v1);
	set_mtime(f, old);
	sync_now(&r);
	run_free(&r);
	assert_metric("ACC-0001", "logins", 2026, 10, 20, "111.0");

	/* Same size, same (old) mtime: trusted as unchanged without reading it.
	 * This is the documented price of a fast no-op sync. */
	write_text(f, v2);
	set_mtime(f, old);
	sync_now(&r);
	assert_int_equal(status_of(&r, f), FEED_UNCHANGED);
	assert_metric("ACC-0001", "logins", 2026, 10, 20, "111.0");
	run_free(&r);

	/* Any other mtime: hashed, and the new content imports. */
	set_mtime(f, old + 1);
	sync_now(&r);
	assert_int_equal(status_of(&r, f), FEED_IMPORTED);
	assert_metric("ACC-0001", "logins", 2026, 10, 20, "222.0");
	run_free(&r);

	/* An mtime as recent as the import itself is not trusted (a write in the
	 * same clock tick would not show): such a file is always hashed. */
	write_text(f, v1);
	sync_now(&r);
	run_free(&r);
	struct stat sb;
	char *p = path_join(shared, f);
	assert_int_equal(stat(p, &sb), 0);
	write_text(f, v2);
	struct timespec ts[2] = { sb.st_mtim, sb.st_mtim };
	assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
	free(p);
	sync_now(&r);
	assert_int_equal(status_of(&r, f), FEED_IMPORTED);
	assert_metric("ACC-0001", "logins", 2026, 10, 20, "222.0");
	run_free(&r);
}

/* A file read again only to find its content unchanged (touched by a sync
 * tool, or imported in the same second it was written) is recorded as seen
 * with its new size and mtime, so the next syncs trust them instead of
 * reading it every time. */
static void test_verified_file_trusted_later(void **state)
{
	(void)state;
	struct run r;
	const char *f = "feeds/metrics/m.csv";
	static const char v1[] = "account,date,metric,value\nACC-0001,2026-10-20,logins,111\n";
	static const char v2[] = "account,date,metric,value\nACC-0001,2026-10-20,logins,222\n";
	time_t old = time(NULL) - 3600;

	put_good();
	write_text(f, v1);          /* fresh: imported in the second it was written */
	sync_now(&r);
	assert_int_equal(status_of(&r, f), FEED_IMPORTED);
	run_free(&r);
	set_mtime(f, old);          /* a sync tool sets another mtime: read, the same */
	sync_now(&r);
	assert_int_equal(status_of(&r, f), FEED_UNCHANGED);
	run_free(&r);
	/* Now trusted by size and mtime, as if imported long ago: not read. */
	write_text(f, v2);
	set_mtime(f, old);
	sync_now(&r);
	assert_int_equal(status_of(&r, f), FEED_UNCHANGED);
	assert_metric("ACC-0001", "logins", 2026, 10, 20, "111.0");
	run_free(&r);
}

static void test_progress_and_yaml_metrics(void **state)
{
	(void)state;
	struct run r;
	struct sbuf b = {0};

	put_good();
	sbuf_adds(&b, "account,date,metric,value\n");
	for (int i = 0; i < 20000; i++)
		sbuf_addf(&b, "ACC-%04d,2026-09-%02d,logins,%d\n", 1 + i % 3, 1 + i / 3 % 30, i);
	write_text("feeds/metrics/big.csv", b.data);
	sync_now(&r);
	assert_int_equal(status_of(&r, "feeds/metrics/big.csv"), FEED_IMPORTED);
	assert_string_equal(r.files[3].path, "feeds/metrics/big.csv");
	assert_int_equal(r.files[3].rows_ok, 20000);
	assert_true(r.progress_max >= 16384);
	/* 3 accounts x 30 days: the later rows for each key won. */
	char *sql = xasprintf("SELECT count(*) FROM metric m JOIN metric_name n ON n.id = m.metric_id "
			      "WHERE n.name = 'logins' AND day < %d", day_from_ymd(2026, 10, 1));
	assert_int_equal(query_int(sql), 90);
	free(sql);
	/* ACC-0002 on 2026-09-01 was written by rows 1, 91, 181...: the last is 19981. */
	assert_metric("ACC-0002", "logins", 2026, 9, 1, "19981.0");
	assert_int_equal(query_int("SELECT max(value) FROM metric"), 19999);
	sbuf_free(&b);
	run_free(&r);
}

/* A write failing half-way (here a trigger; in life a full disk) fails the
 * file cleanly: the reader thread stops, nothing of the file stays, the
 * files after it import. */
static void test_write_failure(void **state)
{
	(void)state;
	struct run r;
	struct sbuf b = {0};

	put_good();
	sync_now(&r);
	run_free(&r);
	assert_int_equal(store_exec(&st, "CREATE TRIGGER boom BEFORE INSERT ON metric "
				    "WHEN NEW.value = 666 BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"), 0);
	for (int where = 0; where < 2; where++) {
		sbuf_reset(&b);
		sbuf_adds(&b, "account,date,metric,value\n");
		for (int i = 0; i < 200000; i++)
			sbuf_addf(&b, "ACC-%04d,2026-08-%02d,m%d,%d\n", 1 + i % 3, 1 + i / 3 % 28,
				  i / 84, (where == 0 ? i == 10 : i == 199999) ? 666 : 1);
		write_text("feeds/metrics/a.csv", b.data);
		write_text("feeds/metrics/b.csv", "account,date,metric,value\nACC-0003,2026-08-01,x,7\n");
		sync_now(&r);
		assert_int_equal(status_of(&r, "feeds/metrics/a.csv"), FEED_FAILED);
		assert_true(has_diag(&r, DIAG_ERROR, "feeds/metrics/a.csv", 0,
				     "cannot write metrics: disk on fire"));
		assert_int_equal(status_of(&r, "feeds/metrics/b.csv"), where == 0 ? FEED_IMPORTED
				 : FEED_UNCHANGED);
		/* The import is applied in slices of at most 100 ms (issue 11): a write
		 * error in the first one changes nothing; after a committed slice, the
		 * rows before the error stay, a note says so, and the file is not
		 * recorded, so the next sync imports it again. */
		bool partial = has_diag(&r, DIAG_NOTE, "feeds/metrics/a.csv", 0,
					"part of the file was applied before this error");
		if (where == 0 || !partial) {
			assert_int_equal(query_int("SELECT count(*) FROM metric"), 7 + 1);
			assert_int_equal(query_int("SELECT count(*) FROM metric_name"), 4 + 1);
		} else {
			assert_true(query_int("SELECT count(*) FROM metric") > 7 + 1);
			assert_true(query_int("SELECT count(*) FROM metric") < 7 + 1 + 200000);
		}
		assert_int_equal(query_int("SELECT count(*) FROM feed_file WHERE path = "
					   "'feeds/metrics/a.csv'"), 0);
		run_free(&r);
	}
	sbuf_free(&b);
}

static void test_shared_dir_states(void **state)
{
	(void)state;
	struct run r;
	char *missing = scratch_path("nope");
	struct feed_summary sum;
	struct diag_list d = {0};

	/* No feeds/ at all (events only, or a new team): nothing to do. */
	char *feeds = path_join(shared, "feeds/metrics");
	rmdir(feeds);
	free(feeds);
	feeds = path_join(shared, "feeds");
	rmdir(feeds);
	free(feeds);
	sync_now(&r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.sum.files, 0);
	run_free(&r);

	assert_int_equal(feed_sync(&st, missing, NULL, &d, &sum), -1);
	assert_non_null(strstr(error_message(), missing));
	assert_int_equal(d.len, 0);
	free(missing);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_import_good),
		T(test_second_sync_changes_nothing),
		T(test_conflicted_copy),
		T(test_conflict_copy_undone),
		T(test_conflict_markers),
		T(test_utf16),
		T(test_cut_files),
		T(test_hold_back),
		T(test_summaries_later),
		T(test_champion_history),
		T(test_hold_back_metrics),
		T(test_stale_file_skipped),
		T(test_broken_files_keep_previous_state),
		T(test_team_all_errors),
		T(test_metric_row_errors),
		T(test_many_rejected_rows_capped),
		T(test_accounts_snapshot_and_rejected_rows),
		T(test_accounts_file_errors),
		T(test_account_row_checks),
		T(test_team_snapshot),
		T(test_accounts_yaml_and_csv),
		T(test_mtime_shortcut),
		T(test_verified_file_trusted_later),
		T(test_progress_and_yaml_metrics),
		T(test_write_failure),
		T(test_shared_dir_states),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
