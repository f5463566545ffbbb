/* test_summary.c - account_summary: refreshed by feed imports and by each
 * applied event, and filled by the schema migration the same way. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/feed.h"
#include "csconsole/schema.h"
#include "csconsole/summary.h"
#include "scratch.h"

static int setup(void **state)
{
	return scratch_setup(state);
}

static int teardown(void **state)
{
	unsetenv("CSCONSOLE_NOW");
	return scratch_teardown(state);
}


/* The first column of the first row as text ("NULL" when null). */
static char *q1(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	char *out;
	assert_int_equal(store_prepare(st, sql, &s), 0);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	out = xstrdup(sqlite3_column_type(s, 0) == SQLITE_NULL ? "NULL"
			: (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return out;
}

static void assert_q(struct store *st, const char *sql, const char *want)
{
	char *got = q1(st, sql);
	if (strcmp(got, want) != 0)
		fail_msg("%s: got \"%s\", want \"%s\"", sql, got, want);
	free(got);
}

static void write_ev(struct store *st, const char *type, const char *entity, const char *data)
{
	struct event e = { 0 };
	e.author = xstrdup("aiko");
	e.type = xstrdup(type);
	e.version = 1;
	e.entity = xstrdup(entity);
	e.account = xstrdup("ACC-1");
	e.data = json_tokener_parse(data);
	assert_non_null(e.data);
	if (event_write(st, &e))
		fail_msg("event_write %s: %s", type, error_message());
	event_free(&e);
}

static char *entity(const char *kind)
{
	char u[ULID_SIZE];
	ulid_new(clock_now_ms(), u);
	return xasprintf("%s/%s", kind, u);
}

#define ROW "SELECT open_risks || ' ' || open_high_risks || ' ' || risk_rank || ' ' || " \
	"coalesce(risk_category, '-') || ' ' || coalesce(next_touch_day, '-') || ' ' || " \
	"coalesce(next_touch_kind, '-') || ' ' || coalesce(sentiment, '-') || ' ' || " \
	"coalesce(touch_day, '-') FROM account_summary WHERE crm_id = 'ACC-1'"

static void test_events_refresh(void **state)
{
	(void)state;
	struct store st;
	char want[128];
	scratch_store(&st, "ev.db");
	setenv("CSCONSOLE_NOW", "2026-11-23T09:00:00Z", 1);
	assert_int_equal(store_exec(&st, "INSERT INTO account(id, crm_id, name, touch_model, stage, "
				    "main_owner, renewal_day) VALUES (1, 'ACC-1', 'One', 'high', "
				    "'adoption', 'aiko', 20800)"), 0);
	assert_int_equal(summary_refresh_all(&st), 0);
	assert_q(&st, ROW, "0 0 0 - - - - -");

	char *r1 = entity("risk"), *r2 = entity("risk"), *t1 = entity("touch"), *t2 = entity("touch");
	char *n1 = entity("note"), *n2 = entity("note");
	write_ev(&st, "risk.open", r1, "{\"category\":\"budget\",\"severity\":\"medium\","
		 "\"text\":\"t\",\"opened_day\":\"2026-11-01\"}");
	assert_q(&st, ROW, "1 0 2 budget - - - -");
	write_ev(&st, "risk.open", r2, "{\"category\":\"competitor\",\"severity\":\"high\","
		 "\"text\":\"t\",\"opened_day\":\"2026-11-02\"}");
	assert_q(&st, ROW, "2 1 3 competitor - - - -");
	write_ev(&st, "risk.resolve", r2, "{\"note\":\"won\",\"resolved_day\":\"2026-11-20\"}");
	assert_q(&st, ROW, "1 0 2 budget - - - -");

	int d1 = day_from_ymd(2026, 12, 1), d2 = day_from_ymd(2026, 11, 28);
	write_ev(&st, "touch.schedule", t1, "{\"due_day\":\"2026-12-01\",\"kind\":\"qbr\"}");
	snprintf(want, sizeof(want), "1 0 2 budget %d qbr - -", d1);
	assert_q(&st, ROW, want);
	write_ev(&st, "touch.schedule", t2, "{\"due_day\":\"2026-11-28\",\"kind\":\"call\"}");
	snprintf(want, sizeof(want), "1 0 2 budget %d call - -", d2);
	assert_q(&st, ROW, want);
	/* a call done is a touch (touchdef.h), with no note to give a sentiment */
	int dd = day_from_ymd(2026, 11, 23);
	write_ev(&st, "touch.done", t2, "{\"done_day\":\"2026-11-23\"}");
	snprintf(want, sizeof(want), "1 0 2 budget %d qbr - %d", d1, dd);
	assert_q(&st, ROW, want);

	int nd2 = day_from_ymd(2026, 11, 10);
	write_ev(&st, "note.add", n1, "{\"kind\":\"call\",\"sentiment\":4,\"summary\":\"s\","
		 "\"touch_day\":\"2026-11-20\"}");
	/* An older touch written later does not become the last sentiment. */
	write_ev(&st, "note.add", n2, "{\"kind\":\"call\",\"sentiment\":1,\"summary\":\"s\","
		 "\"touch_day\":\"2026-11-10\"}");
	snprintf(want, sizeof(want), "1 0 2 budget %d qbr 4 %d", d1, dd);
	assert_q(&st, ROW, want);
	write_ev(&st, "note.delete", n1, "{}");
	snprintf(want, sizeof(want), "1 0 2 budget %d qbr 1 %d", d1, dd);
	assert_q(&st, ROW, want);
	/* the done touchpoint moved away (reopened): the last touch is the note's */
	write_ev(&st, "touch.reschedule", t2, "{\"due_day\":\"2026-11-30\"}");
	snprintf(want, sizeof(want), "1 0 2 budget %d call 1 %d", d2 + 2, nd2);
	assert_q(&st, ROW, want);
	/* an internal note is no touch */
	char *n3 = entity("note");
	write_ev(&st, "note.add", n3, "{\"kind\":\"internal\",\"sentiment\":2,\"summary\":\"s\","
		 "\"touch_day\":\"2026-11-21\"}");
	snprintf(want, sizeof(want), "1 0 2 budget %d call 2 %d", d2 + 2, nd2);
	assert_q(&st, ROW, want);
	free(n3);

	/* Rebuilding the state from the events gives the same row. */
	char *before = q1(&st, ROW);
	assert_int_equal(store_exec(&st, "DELETE FROM account_summary"), 0);
	assert_int_equal(state_rebuild(&st), 0);
	assert_q(&st, ROW, before);
	free(before);
	free(r1), free(r2), free(t1), free(t2), free(n1), free(n2);
	store_close(&st);
}

static void write_file(const char *rel, const char *text)
{
	free(scratch_write_str(rel, text));
}

static void sync_feeds(struct store *st)
{
	struct diag_list d = {0};
	struct feed_summary sum;
	assert_int_equal(feed_sync(st, scratch_dir, NULL, &d, &sum), 0);
	if (d.errors)
		fail_msg("feed errors: %s", d.items[0].message);
	diag_clear(&d);
}

/* Health comes from the metrics feed: latest, 4 weeks before, the last 12. */
static void test_feed_refresh(void **state)
{
	(void)state;
	struct store st;
	struct sbuf csv = {0};
	scratch_store(&st, "feed.db");
	char *f = scratch_path("feeds"), *m = scratch_path("feeds/metrics");
	assert_int_equal(mkdir(f, 0700), 0);
	free(f);
	assert_int_equal(mkdir(m, 0700), 0);
	free(m);
	write_file("feeds/accounts.csv", "id,name,touch_model,stage,main_owner,renewal_date\n"
		   "ACC-1,One,high,adoption,aiko,2027-01-22\nACC-2,Two,low,renewal,aiko,\n");
	sync_feeds(&st);
	/* No health yet: attention = renewal day - (100 - 50) / 2. */
	char want[256];
	snprintf(want, sizeof(want), "%.1f", day_from_ymd(2027, 1, 22) - 25.0);
	assert_q(&st, "SELECT attention FROM account_summary WHERE crm_id = 'ACC-1'", want);
	assert_q(&st, "SELECT coalesce(attention, 'NULL') FROM account_summary WHERE crm_id = 'ACC-2'", "NULL");

	/* 14 weekly scores 50, 52, ... 76: the spark is the last 12. */
	sbuf_adds(&csv, "account,date,metric,value\n");
	int first = day_from_ymd(2026, 8, 24);
	for (int i = 0; i < 14; i++) {
		char iso[11];
		day_format_iso(first + 7 * i, iso);
		sbuf_addf(&csv, "ACC-1,%s,health_score,%d\n", iso, 50 + 2 * i);
	}
	write_file("feeds/metrics/weekly.csv", csv.data);
	sbuf_free(&csv);
	sync_feeds(&st);
	snprintf(want, sizeof(want), "76.0 %d 68.0 8.0", first + 7 * 13);
	assert_q(&st, "SELECT health || ' ' || health_day || ' ' || health_4w || ' ' || health_delta "
		 "FROM account_summary WHERE crm_id = 'ACC-1'", want);
	assert_q(&st, "SELECT spark FROM account_summary WHERE crm_id = 'ACC-1'",
		 "54 56 58 60 62 64 66 68 70 72 74 76");
	snprintf(want, sizeof(want), "%.1f", day_from_ymd(2027, 1, 22) - 12.0);
	assert_q(&st, "SELECT attention FROM account_summary WHERE crm_id = 'ACC-1'", want);
	assert_q(&st, "SELECT coalesce(spark, 'NULL') FROM account_summary WHERE crm_id = 'ACC-2'", "NULL");
	store_close(&st);
}

/* The migration's fill equals a refresh: same rows from the same data. */
static void test_migration_fill(void **state)
{
	(void)state;
	struct store st;
	char *path = scratch_path("mig.db");
	sqlite3 *db;
	/* A database at v2 (the steps before account_summary), with data,
	 * then opened: every later step runs on it. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	for (int v = 0; v < 2; v++)
		assert_int_equal(sqlite3_exec(db, schema_migration(v), NULL, NULL, NULL), SQLITE_OK);
	const char *v2 =
		"PRAGMA user_version = 2;"
		"INSERT INTO account(id, crm_id, name, touch_model, stage, main_owner, renewal_day)"
		" VALUES (1, 'ACC-1', 'One', 'high', 'adoption', 'aiko', 20800),"
		" (2, 'ACC-2', 'Two', 'low', 'renewal', 'ken', NULL);"
		"INSERT INTO health(account_id, day, score) VALUES (1, 20700, 70), (1, 20707, 64),"
		" (1, 20735, 60), (2, 20735, 90);"
		"INSERT INTO risk VALUES ('r1', 'ACC-1', 'aiko', 'budget', 'high', 'open', 't', 20700,"
		" NULL, 'c', 'h'), ('r2', 'ACC-1', 'aiko', 'competitor', 'low', 'open', 't', 20701, NULL,"
		" 'c', 'h');"
		"INSERT INTO touchpoint(id, account, author, kind, due_day, status, created, hlc) VALUES"
		" ('t1', 'ACC-2', 'ken', 'call', 20740, 'snoozed', 'c', 'h');"
		"INSERT INTO note(id, account, author, kind, sentiment, summary, touch_day, created, hlc)"
		" VALUES ('n1', 'ACC-1', 'aiko', 'call', 3, 's', 20730, 'c', 'h');";
	assert_int_equal(sqlite3_exec(db, v2, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(&st, path, NULL), 0);
	free(path);
	const char *all = "SELECT group_concat(r, ';') FROM (SELECT crm_id || ',' || "
		"coalesce(health, '') || ',' || coalesce(health_day, '') || ',' || "
		"coalesce(health_4w, '') || ',' || coalesce(spark, '') || ',' || open_risks || ',' || "
		"risk_rank || ',' || coalesce(risk_category, '') || ',' || coalesce(next_touch_day, '') "
		"|| ',' || coalesce(sentiment, '') || ',' || coalesce(attention, '') AS r "
		"FROM account_summary ORDER BY crm_id)";
	char *migrated = q1(&st, all);
	/* Independently: ACC-1's latest 60 on 20735; 4 weeks before (<= 20707) 64. */
	assert_non_null(strstr(migrated, "ACC-1,60.0,20735,64.0,70 64 60,2,3,budget,,3,20780.0"));
	assert_non_null(strstr(migrated, "ACC-2,90.0,20735,,90,0,0,,20740,,"));
	/* step 3 -> 4: every open category */
	assert_q(&st, "SELECT risk_categories FROM account_summary WHERE crm_id = 'ACC-1'",
		 "budget,competitor");
	assert_int_equal(store_exec(&st, "DELETE FROM account_summary"), 0);
	assert_int_equal(summary_refresh_all(&st), 0);
	assert_q(&st, all, migrated);
	assert_q(&st, "SELECT risk_categories FROM account_summary WHERE crm_id = 'ACC-1'",
		 "budget,competitor");
	free(migrated);
	store_close(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_events_refresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_refresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migration_fill, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
