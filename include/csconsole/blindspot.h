/* blindspot.h - accounts where the numbers and the relationship disagree.
 *
 * A usage-only score misses churn that comes from the relationship, and
 * flags as risky a small account that is quiet but happy. Two flags, each
 * with a reason naming the figures:
 *
 * Usage: the weaker (minimum) of the present usage components of health.h,
 * adoption (active seats / seats) and core_use (monthly core feature use per
 * active seat), on their 0-100 scores: seats nobody uses or a workflow nobody
 * runs is not healthy usage. Without either component, the vendor's score
 * stands in: band green counts as healthy, band red as low. Without any of
 * them there is no flag.
 *
 * Recent sentiment looks at the notes with a sentiment touched in the last
 * SENTIMENT_DAYS days (today included); the middle of the scale is
 * (labels + 1) / 2 (3 on the default 1-5). Negative: the newest of those
 * notes is below the middle, or their mean is. Positive: their mean is above
 * the middle and the newest is not below it. No such note: neither.
 *
 *   HIDDEN_RISK  usage >= USAGE_HEALTHY, and at least one cause:
 *                champion_status left; the last recent note below the middle;
 *                the recent mean below the middle; an open risk of severity
 *                high; an open risk of category roi_unproven (any severity);
 *                the champion changed (another person, champion.h: within
 *                365 days) and no touch since the change ("champion changed
 *                (Dana Reyes → Ken Ito on 2026-11-02), no note since").
 *                The reason lists every cause found.
 *   QUIET_LOYAL  usage < USAGE_LOW, and the relationship strong: recent
 *                sentiment positive, no open risk of severity medium or high,
 *                champion_status not left, and the latest NPS answer (365
 *                days, as health.h) >= LOYAL_NPS_MIN when there is one.
 *
 * The thresholds are health.blind_spots in csconsole.yaml (config.c):
 *
 *   key             default  meaning
 *   usage_healthy        80  usage (0-100) at or above this is healthy
 *   usage_low            50  usage below this is low
 *   sentiment_days       90  days of notes that count as recent sentiment
 *   loyal_nps_min        30  the least NPS answer a quiet-but-loyal account may have
 */
#ifndef CSCONSOLE_BLINDSPOT_H
#define CSCONSOLE_BLINDSPOT_H

#include <stdbool.h>
#include <stddef.h>
#include "csconsole/book.h"
#include "csconsole/config.h"
#include "csconsole/detail.h"
#include "csconsole/store.h"

/* The open risk category that means "ROI not shown" (default risk_categories). */
#define BLINDSPOT_ROI_CATEGORY "roi_unproven"

/* Causes of a hidden risk: X(id, name). Bits 1u << BSC_id of struct blindspot.causes. */
#define BLINDSPOT_CAUSES(X) \
	X(CHAMPION_LEFT,      "champion_left") \
	X(LAST_NOTE_NEGATIVE, "last_note_negative") \
	X(MEAN_NEGATIVE,      "sentiment_negative") \
	X(HIGH_RISK,          "high_risk") \
	X(ROI_UNPROVEN,       "roi_unproven") \
	X(CHAMPION_CHANGED,   "champion_changed")

enum blindspot_cause {
#define BLINDSPOT_CAUSE_ENUM(id, name) BSC_##id,
	BLINDSPOT_CAUSES(BLINDSPOT_CAUSE_ENUM)
#undef BLINDSPOT_CAUSE_ENUM
	BSC_COUNT
};
const char *blindspot_cause_name(enum blindspot_cause c);

enum blindspot_flag { BLINDSPOT_NONE, BLINDSPOT_HIDDEN_RISK, BLINDSPOT_QUIET_LOYAL };
const char *blindspot_flag_name(enum blindspot_flag f);   /* "", "hidden risk", "quiet but loyal" */

enum blindspot_usage { BS_USAGE_UNKNOWN, BS_USAGE_LOW, BS_USAGE_MIDDLE, BS_USAGE_HEALTHY };

struct blindspot {
	char crm_id[64];
	enum blindspot_flag flag;
	unsigned causes;            /* hidden risk: 1u << enum blindspot_cause; else 0 */
	enum blindspot_usage usage_level;
	bool has_usage;             /* usage measured from the components */
	double usage;               /* 0-100, the weaker usage component */
	char *reason;               /* owned, never NULL after judge/eval; "" without a flag */
};
void blindspot_free(struct blindspot *b);

/* False when the model's usage components alone rule out a flag (usage
 * measured and neither healthy nor low): the judge then needs nothing more
 * of the account. */
bool blindspot_possible(const struct config *cfg, const struct health_model *m);

/* Judges an account already loaded by detail_load (or built by hand); free
 * out with blindspot_free(). */
void blindspot_judge(const struct account_detail *d, const struct config *cfg, int today,
		     struct blindspot *out);
/* blindspot_judge's flag, causes and usage, without wording a reason
 * (out->reason NULL): what the health pass decides first, wording only a
 * raised flag (its texts need every metric). */
void blindspot_decide(const struct account_detail *d, const struct config *cfg, int today,
		      struct blindspot *out);
/* detail_load + blindspot_judge. 0, or -1 + error(); blindspot_free() either way. */
int blindspot_eval(struct store *st, const struct config *cfg, const char *crm_id, int today,
		   struct blindspot *out);

/* Every account of the scope, in book_fetch order (flag NONE included). */
struct blindspot_list {
	struct blindspot *items;
	size_t len;
	size_t n_hidden, n_quiet;
};
/* book_fetch(me, scope), then blindspot_eval per account. 0 or -1 + error();
 * free with blindspot_list_free(), also after -1. */
int blindspot_scan(struct store *st, const struct config *cfg, const char *me, enum book_scope scope,
		   int today, struct blindspot_list *out);
void blindspot_list_free(struct blindspot_list *l);

#endif
