/* arr_history.c - the ARR history the accounts import keeps (arr_history.h). */
#include "csconsole/arr_history.h"
#include "csconsole/i18n.h"

/* An account's latest history row (h) against what the account holds now
 * (a): a new row where any value differs, or none exists. */
#define ARR_RECORD_SQL \
	"INSERT INTO arr_history(account_id, day, arr_minor, currency, outcome, outcome_day, active) " \
	"SELECT a.id, ?1, a.arr_minor, a.currency, a.outcome, a.outcome_day, a.active " \
	"FROM account a LEFT JOIN arr_history h ON h.account_id = a.id AND h.day = " \
	"  (SELECT max(day) FROM arr_history WHERE account_id = a.id) " \
	"WHERE h.account_id IS NULL OR h.arr_minor IS NOT a.arr_minor OR h.currency IS NOT a.currency " \
	"  OR h.outcome IS NOT a.outcome OR h.outcome_day IS NOT a.outcome_day " \
	"  OR h.active IS NOT a.active " \
	"ON CONFLICT(account_id, day) DO UPDATE SET arr_minor = excluded.arr_minor, " \
	"  currency = excluded.currency, outcome = excluded.outcome, " \
	"  outcome_day = excluded.outcome_day, active = excluded.active"

int arr_history_record(struct store *st, int day)
{
	sqlite3_stmt *stmt;
	if (store_prepare(st, ARR_RECORD_SQL, &stmt))
		return -1;
	sqlite3_bind_int(stmt, 1, day);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return error(_("cannot record the accounts' ARR history: %s"), sqlite3_errmsg(st->db));
	return 0;
}
