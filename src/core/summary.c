/* summary.c - keeping account_summary current (see summary.h).
 *
 * One INSERT OR REPLACE ... SELECT computes the rows of the accounts a
 * condition selects, from the indexed health, risk, touchpoint and note
 * tables. Schema step 2 -> 3 holds its own copy of this query to fill the
 * table once; a change here that alters results needs a new step that
 * refills it. The last touch (touch_day) is the one definition of a touch
 * (touchdef.h); schema step 13 refilled it when that definition came.
 * Schema step 20 added the account's own columns the agenda reads (a copy,
 * written with the rest of the row) and health_max7.
 */
#include "csconsole/i18n.h"
#include "csconsole/summary.h"
#include "csconsole/touchdef.h"
#include "csconsole/util.h"

/* health h's rows of account x in the health source the summaries show:
 * a range of health's primary key (account_id, source, day). */
#define HEALTH_OF_X "h.account_id = x.id AND h.source = " HEALTH_SOURCE_SQL

/* Two materialised steps, so that every correlated subquery runs once per
 * account: SQLite flattens a plain subquery into its reader, which copied
 * hday's lookup into each health subquery and hs and h4 into each
 * expression that names them (24 lookups into health an account; now 8).
 * x: the account's own columns, its latest health day and the two lookups
 * that say whether the rarer ones are needed (most accounts have no open
 * risk); y: the rest, read by the final SELECT. The sparkline reads its
 * last 12 snapshots in the primary key's order from the 12th latest day
 * (all of them when fewer), instead of sorting them twice. */
#define SUMMARY_SQL(cond) \
	"INSERT OR REPLACE INTO account_summary(crm_id, health, health_day, health_4w, health_delta," \
	"  spark, open_risks, open_high_risks, risk_rank, risk_category, next_touch_day," \
	"  next_touch_kind, sentiment, touch_day, attention, risk_categories, health_max," \
	"  metric_first_day, seats_day, seats_active, health_max7, account_id, name, main_owner," \
	"  sub_owner, touch_model, stage, arr_minor, renewal_day, seats, active)" \
	" WITH x AS MATERIALIZED (SELECT a.id, a.crm_id, a.renewal_day, a.stage, a.name, a.main_owner," \
	"  a.sub_owner, a.touch_model, a.arr_minor, a.seats, a.active," \
	"  (SELECT h.day FROM health h WHERE h.account_id = a.id AND h.source = " HEALTH_SOURCE_SQL \
	"     ORDER BY h.day DESC LIMIT 1) AS hday," \
	"  (SELECT count(*) FROM risk r WHERE r.account = a.crm_id AND r.status = 'open') AS nrisk," \
	"  (SELECT min(t.due_day) FROM touchpoint t WHERE t.account = a.crm_id" \
	"     AND t.status IN ('open', 'snoozed')) AS tday" \
	"  FROM account a " cond ")," \
	" y AS MATERIALIZED (SELECT x.*," \
	"  (SELECT score FROM health h WHERE " HEALTH_OF_X " AND h.day = x.hday) AS hs," \
	"  (SELECT score FROM health h WHERE " HEALTH_OF_X " AND h.day <= x.hday - 28" \
	"     ORDER BY h.day DESC LIMIT 1) AS h4," \
	"  (SELECT max(score) FROM health h WHERE " HEALTH_OF_X " AND h.day > x.hday - 28) AS hmax28," \
	/* the same for a 7-day drop (health_max7) */ \
	"  (SELECT score FROM health h WHERE " HEALTH_OF_X " AND h.day <= x.hday - 7" \
	"     ORDER BY h.day DESC LIMIT 1) AS h7," \
	"  (SELECT max(score) FROM health h WHERE " HEALTH_OF_X " AND h.day > x.hday - 7) AS hmax7," \
	"  (SELECT group_concat(CAST(round(score) AS INTEGER), ' ') FROM health h WHERE " HEALTH_OF_X \
	"     AND h.day >= coalesce((SELECT h.day FROM health h WHERE " HEALTH_OF_X \
	"     ORDER BY h.day DESC LIMIT 1 OFFSET 11), (SELECT min(h.day) FROM health h WHERE " HEALTH_OF_X "))) AS spark," \
	/* onboarding only: the first metric of any name (one index probe per \
	 * metric name) and the latest active_seats */ \
	"  CASE WHEN x.stage = 'onboarding' THEN (SELECT min(d) FROM (SELECT (SELECT min(m.day) FROM metric m" \
	"     WHERE m.account_id = x.id AND m.metric_id = n.id) AS d FROM metric_name n)) END AS mfirst," \
	"  CASE WHEN x.stage = 'onboarding' THEN (SELECT m.day FROM metric m WHERE m.account_id = x.id" \
	"     AND m.metric_id = (SELECT id FROM metric_name WHERE name = 'active_seats')" \
	"     ORDER BY m.day DESC LIMIT 1) END AS seats_day," \
	"  CASE WHEN x.stage = 'onboarding' THEN (SELECT m.value FROM metric m WHERE m.account_id = x.id" \
	"     AND m.metric_id = (SELECT id FROM metric_name WHERE name = 'active_seats')" \
	"     ORDER BY m.day DESC LIMIT 1) END AS seats_active," \
	/* with no open risk: 0 high, rank 0, no category (what the lookups give) */ \
	"  CASE WHEN x.nrisk > 0 THEN (SELECT count(*) FROM risk r WHERE r.account = x.crm_id" \
	"     AND r.status = 'open' AND r.severity = 'high') ELSE 0 END AS nhigh," \
	"  CASE WHEN x.nrisk > 0 THEN (SELECT coalesce(max(CASE r.severity WHEN 'high' THEN 3" \
	"     WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END), 0) FROM risk r" \
	"     WHERE r.account = x.crm_id AND r.status = 'open') ELSE 0 END AS rrank," \
	"  CASE WHEN x.nrisk > 0 THEN (SELECT r.category FROM risk r WHERE r.account = x.crm_id" \
	"     AND r.status = 'open' ORDER BY CASE r.severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2" \
	"     WHEN 'low' THEN 1 ELSE 0 END DESC, r.opened_day DESC, r.id LIMIT 1) END AS rcat," \
	"  CASE WHEN x.nrisk > 0 THEN (SELECT group_concat(category, ',') FROM (SELECT DISTINCT r.category" \
	"     FROM risk r WHERE r.account = x.crm_id AND r.status = 'open' ORDER BY 1)) END AS rcats," \
	"  CASE WHEN x.tday IS NOT NULL THEN (SELECT t.kind FROM touchpoint t WHERE t.account = x.crm_id" \
	"     AND t.status IN ('open', 'snoozed') ORDER BY t.due_day, t.id LIMIT 1) END AS tkind," \
	"  (SELECT n.sentiment FROM note n WHERE n.account = x.crm_id AND NOT n.deleted" \
	"     ORDER BY n.touch_day DESC, n.created DESC, n.id DESC LIMIT 1) AS sent," \
	"  " TOUCH_LAST_DAY_SQL("x.crm_id") " AS nday" \
	"  FROM x)" \
	" SELECT crm_id, hs, hday, h4, hs - h4, spark, nrisk, nhigh, rrank, rcat, tday, tkind," \
	"  sent, nday, renewal_day - (100 - coalesce(hs, 50)) / 2.0, rcats," \
	"  max(coalesce(h4, hs), hmax28), mfirst, seats_day, seats_active," \
	"  max(coalesce(h7, hs), hmax7), id, name, main_owner, sub_owner, touch_model, stage, arr_minor," \
	"  renewal_day, seats, active FROM y"

static const char sql_one[] = SUMMARY_SQL("WHERE a.crm_id = ?1");
static const char sql_all[] = SUMMARY_SQL("");
static const char sql_pending[] =
	SUMMARY_SQL("WHERE a.crm_id IN (SELECT crm_id FROM summary_pending)");

static int refresh(struct store *st, const char *sql, const char *crm_id)
{
	bool mine;
	int rc;
	if (store_join(st, &mine))
		return -1;
	sqlite3_stmt *s = store_stmt(st, sql);
	if (!s)
		return store_end(st, mine, -1);
	if (crm_id)
		store_bind_text(s, 1, crm_id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_end(st, mine, error(_("cannot refresh the account summaries: %s "
						 "(database %s): check it with 'csconsole doctor'"),
						 sqlite3_errmsg(st->db), st->path));
	return store_end(st, mine, 0);
}

int summary_refresh_account(struct store *st, const char *crm_id)
{
	return refresh(st, sql_one, crm_id);
}

int summary_refresh_accounts(struct store *st, const char *const *crm_ids, size_t n)
{
	bool mine;
	int rc = 0;
	if (n == 0)
		return 0;
	if (store_join(st, &mine))
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = refresh(st, sql_one, crm_ids[i]);
	return store_end(st, mine, rc);
}

int summary_mark_pending(struct store *st, const char *const *crm_ids, size_t n)
{
	static const char sql[] = "INSERT OR IGNORE INTO summary_pending(crm_id) VALUES (?1)";
	bool mine;
	int rc = 0;
	if (n == 0)
		return 0;
	if (store_join(st, &mine))
		return -1;
	sqlite3_stmt *s = store_stmt(st, sql);
	for (size_t i = 0; i < n && rc == 0 && s; i++) {
		store_bind_text(s, 1, crm_ids[i]);
		int r = sqlite3_step(s);
		sqlite3_reset(s);
		if (r != SQLITE_DONE)
			rc = error(_("cannot note an account summary to refresh: %s (database %s)"),
				   sqlite3_errmsg(st->db), st->path);
	}
	return store_end(st, mine, s ? rc : -1);
}

int summary_refresh_pending(struct store *st)
{
	bool mine, any = false;
	/* Nothing noted (every no-op sync): no write, so no write lock either. */
	sqlite3_stmt *q = store_stmt(st, "SELECT EXISTS (SELECT 1 FROM summary_pending)");
	if (!q)
		return -1;
	int r = sqlite3_step(q);
	if (r == SQLITE_ROW)
		any = sqlite3_column_int(q, 0) != 0;
	if (store_finish(st, q, r, N_("the account summaries to refresh")))
		return -1;
	if (!any)
		return 0;
	if (store_join(st, &mine))
		return -1;
	int rc = refresh(st, sql_pending, NULL);
	if (rc == 0)
		rc = store_exec(st, "DELETE FROM summary_pending");
	return store_end(st, mine, rc);
}

int summary_refresh_all(struct store *st)
{
	return refresh(st, sql_all, NULL);
}

int health_score_on(struct store *st, const char *crm_id, int day, bool *found, int *at, double *score)
{
	static const char sql[] =
		"SELECT h.day, h.score FROM health h"
		" WHERE h.account_id = (SELECT id FROM account WHERE crm_id = ?1)"
		" AND h.source = " HEALTH_SOURCE_SQL " AND h.day <= ?2"
		" ORDER BY h.day DESC LIMIT 1";
	sqlite3_stmt *s = store_stmt(st, sql);
	int rc;

	*found = false;
	if (!s)
		return -1;
	store_bind_text(s, 1, crm_id);
	sqlite3_bind_int(s, 2, day);
	rc = sqlite3_step(s);
	if ((*found = rc == SQLITE_ROW)) {
		*at = sqlite3_column_int(s, 0);
		*score = sqlite3_column_double(s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return error(_("cannot read the health of %s: %s (database %s)"), crm_id, sqlite3_errstr(rc), st->path);
	return 0;
}
