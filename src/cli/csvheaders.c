/* csvheaders.c - the CSV header ids in the interface language (csvheaders.h).
 *
 * Every header id a CSV writer prints (accounts, agenda, conflicts, handoff,
 * changes, health --backtest, report's "accounts"), each with its English
 * title marked pgettext("csv header", ...): the context keeps a title such
 * as "Status" or "Kind" apart from the same word elsewhere in the catalog.
 * pgettext takes literals, hence one comparison per id rather than a table.
 */
#include <string.h>
#include "csconsole/csvheaders.h"
#include "csconsole/i18n.h"

const char *csv_header_label(const char *id)
{
	if (!strcmp(id, "account"))
		return pgettext("csv header", "Account");
	if (!strcmp(id, "id"))
		return pgettext("csv header", "ID");
	if (!strcmp(id, "name"))
		return pgettext("csv header", "Name");
	if (!strcmp(id, "role"))
		return pgettext("csv header", "Role");
	if (!strcmp(id, "other_owner"))
		return pgettext("csv header", "Other owner");
	if (!strcmp(id, "touch"))
		return pgettext("csv header", "Touch model");
	if (!strcmp(id, "stage"))
		return pgettext("csv header", "Stage");
	if (!strcmp(id, "arr"))
		return pgettext("csv header", "ARR");
	if (!strcmp(id, "currency"))
		return pgettext("csv header", "Currency");
	if (!strcmp(id, "health"))
		return pgettext("csv header", "Health");
	if (!strcmp(id, "spark"))
		return pgettext("csv header", "Health trend");
	if (!strcmp(id, "health_4w"))
		return pgettext("csv header", "Health change (4 weeks)");
	if (!strcmp(id, "health_12w"))
		return pgettext("csv header", "Health change (12 weeks)");
	if (!strcmp(id, "renewal"))
		return pgettext("csv header", "Renewal date");
	if (!strcmp(id, "days_left"))
		return pgettext("csv header", "Days left");
	if (!strcmp(id, "risk_severity"))
		return pgettext("csv header", "Risk severity");
	if (!strcmp(id, "risk_category"))
		return pgettext("csv header", "Risk category");
	if (!strcmp(id, "open_risks"))
		return pgettext("csv header", "Open risks");
	if (!strcmp(id, "next_touch"))
		return pgettext("csv header", "Next touch");
	if (!strcmp(id, "next_touch_kind"))
		return pgettext("csv header", "Next touch kind");
	if (!strcmp(id, "sentiment"))
		return pgettext("csv header", "Sentiment");
	if (!strcmp(id, "last_touch"))
		return pgettext("csv header", "Last touch");
	if (!strcmp(id, "attention"))
		return pgettext("csv header", "Attention");
	if (!strcmp(id, "blind_spot"))
		return pgettext("csv header", "Blind spot");
	if (!strcmp(id, "blind_spot_reason"))
		return pgettext("csv header", "Blind spot reason");
	if (!strcmp(id, "rank"))
		return pgettext("csv header", "Rank");
	if (!strcmp(id, "group"))
		return pgettext("csv header", "Group");
	if (!strcmp(id, "reason"))
		return pgettext("csv header", "Reason");
	if (!strcmp(id, "day"))
		return pgettext("csv header", "Day");
	if (!strcmp(id, "new"))
		return pgettext("csv header", "New");
	if (!strcmp(id, "owner"))
		return pgettext("csv header", "Owner");
	if (!strcmp(id, "entity"))
		return pgettext("csv header", "Entity");
	if (!strcmp(id, "field"))
		return pgettext("csv header", "Field");
	if (!strcmp(id, "shown_value"))
		return pgettext("csv header", "Shown value");
	if (!strcmp(id, "shown_author"))
		return pgettext("csv header", "Shown value's author");
	if (!strcmp(id, "shown_event"))
		return pgettext("csv header", "Shown value's event");
	if (!strcmp(id, "other_value"))
		return pgettext("csv header", "Other value");
	if (!strcmp(id, "other_author"))
		return pgettext("csv header", "Other value's author");
	if (!strcmp(id, "other_event"))
		return pgettext("csv header", "Other value's event");
	if (!strcmp(id, "record"))
		return pgettext("csv header", "Record");
	if (!strcmp(id, "date"))
		return pgettext("csv header", "Date");
	if (!strcmp(id, "when"))
		return pgettext("csv header", "When");
	if (!strcmp(id, "kind"))
		return pgettext("csv header", "Kind");
	if (!strcmp(id, "status"))
		return pgettext("csv header", "Status");
	if (!strcmp(id, "severity"))
		return pgettext("csv header", "Severity");
	if (!strcmp(id, "category"))
		return pgettext("csv header", "Category");
	if (!strcmp(id, "author"))
		return pgettext("csv header", "Author");
	if (!strcmp(id, "text"))
		return pgettext("csv header", "Text");
	if (!strcmp(id, "covered_by"))
		return pgettext("csv header", "Covered by");
	if (!strcmp(id, "band"))
		return pgettext("csv header", "Band");
	if (!strcmp(id, "reviewed_by"))
		return pgettext("csv header", "Reviewed by");
	if (!strcmp(id, "hlc"))
		return pgettext("csv header", "Clock (HLC)");
	if (!strcmp(id, "type"))
		return pgettext("csv header", "Event type");
	if (!strcmp(id, "what"))
		return pgettext("csv header", "What");
	if (!strcmp(id, "summary"))
		return pgettext("csv header", "Summary");
	if (!strcmp(id, "due"))
		return pgettext("csv header", "Due");
	if (!strcmp(id, "outcome"))
		return pgettext("csv header", "Outcome");
	if (!strcmp(id, "outcome_date"))
		return pgettext("csv header", "Outcome date");
	if (!strcmp(id, "score_date"))
		return pgettext("csv header", "Score date");
	if (!strcmp(id, "accounts"))
		return pgettext("csv header", "Accounts");
	return id;
}
