/* season.c - the key feature's season (see season.h for the definition). */
#include <string.h>
#include "csconsole/i18n.h"
#include "csconsole/season.h"

/* Days with a use of `metric` from..to (value > 0). */
static int count_days(struct store *st, sqlite3_int64 account_id, sqlite3_int64 metric, int from, int to,
		      long *days)
{
	static const char sql[] =
		"SELECT count(*) FROM metric WHERE account_id = ?1 AND metric_id = ?2"
		" AND day BETWEEN ?3 AND ?4 AND value > 0";
	sqlite3_stmt *s = store_stmt(st, sql);
	int rc;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_int64(s, 2, metric);
	sqlite3_bind_int(s, 3, from);
	sqlite3_bind_int(s, 4, to);
	rc = sqlite3_step(s);
	*days = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	return store_finish(st, s, rc, N_("the metrics"));
}

/* The last season of last year whose this-year span, look-ahead included,
 * holds today: the runs of uses from two years ago on, split where two uses
 * are SEASON_GAP days or more apart (read to today, so that a run that began
 * inside the look-ahead is read whole). */
static int last_year(struct store *st, sqlite3_int64 account_id, sqlite3_int64 key_metric, int today,
		     int lookahead, struct season *out, bool *found)
{
	static const char sql[] =
		"SELECT day, value FROM metric WHERE account_id = ?1 AND metric_id = ?2"
		" AND day BETWEEN ?3 AND ?4 AND value > 0 ORDER BY day";
	sqlite3_stmt *s = store_stmt(st, sql);
	struct season run = { 0 };
	bool in_run = false;
	int rc;

	*found = false;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_int64(s, 2, key_metric);
	sqlite3_bind_int(s, 3, today - 730);
	sqlite3_bind_int(s, 4, today);
	for (;;) {
		rc = sqlite3_step(s);
		bool row = rc == SQLITE_ROW;
		int day = row ? sqlite3_column_int(s, 0) : 0;
		if (in_run && (!row || day - run.last >= SEASON_GAP)) {
			run.start = run.first + 365;
			run.end = run.last + 365;
			if (run.start - lookahead <= today && today <= run.end) {
				*out = run;
				*found = true;
			}
			in_run = false;
		}
		if (!row)
			break;
		if (!in_run) {
			memset(&run, 0, sizeof(run));
			run.first = day;
			in_run = true;
		}
		run.last = day;
		run.use_days++;
		run.uses += sqlite3_column_double(s, 1);
	}
	return store_finish(st, s, rc, N_("the metrics"));
}

int season_due(struct store *st, sqlite3_int64 account_id, sqlite3_int64 key_metric,
	       sqlite3_int64 logins_metric, int today, int lookahead, struct season *out, bool *due)
{
	struct season se;
	bool found;
	long since, alive;

	*due = false;
	if (key_metric < 0 || logins_metric < 0)
		return 0;
	if (last_year(st, account_id, key_metric, today, lookahead, &se, &found))
		return -1;
	if (!found)
		return 0;
	if (count_days(st, account_id, key_metric, se.start - lookahead, today, &since))
		return -1;
	if (since > 0)
		return 0;                      /* this year's season has begun */
	if (count_days(st, account_id, logins_metric, today - SEASON_ALIVE_DAYS, today - 1, &alive))
		return -1;
	if (alive == 0)
		return 0;
	*out = se;
	*due = true;
	return 0;
}
