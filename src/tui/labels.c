/* labels.c - the console's labels for the core's ids (tui_labels.h). */
#include "csconsole/display.h"
#include "csconsole/tui_labels.h"
#include "csconsole/util.h"

const char *tui_scope_label(enum book_scope s)
{
	switch (s) {
	case SCOPE_MAIN:     return pgettext("scope", "main");
	case SCOPE_MINE:     return pgettext("scope", "mine");
	case SCOPE_COVERING: return pgettext("scope", "covering");
	case SCOPE_TEAM:     return pgettext("scope", "team");
	}
	return book_scope_name(s);
}

/* "by NAME", whole, as the status line and the sort messages say it. */
const char *tui_sort_label(enum book_sort s)
{
	switch (s) {
	case BOOK_SORT_ATTENTION:  return _("by attention");
	case BOOK_SORT_NAME:       return _("by name");
	case BOOK_SORT_ROLE:       return _("by role");
	case BOOK_SORT_OTHER:      return _("by other");
	case BOOK_SORT_TOUCH:      return _("by touch");
	case BOOK_SORT_STAGE:      return _("by stage");
	case BOOK_SORT_ARR:        return _("by arr");
	case BOOK_SORT_HEALTH:     return _("by health");
	case BOOK_SORT_DELTA:      return _("by delta");
	case BOOK_SORT_RISK:       return _("by risk");
	case BOOK_SORT_RENEWAL:    return _("by renewal");
	case BOOK_SORT_NEXT_TOUCH: return _("by next_touch");
	case BOOK_SORT_SENTIMENT:  return _("by sentiment");
	case BOOK_SORT_COUNT:      break;
	}
	return book_sort_name(s);
}

const char *tui_blind_label(enum book_blind b)
{
	switch (b) {
	case BLIND_HIDDEN: return pgettext("blind spot", "hidden");
	case BLIND_QUIET:  return pgettext("blind spot", "quiet");
	case BLIND_NONE:
	case BLIND_COUNT:  break;
	}
	return "-";
}

const char *tui_choice_label(const char *id)
{
	if (!id)
		return "";
	if (str_eq(id, "none"))
		return pgettext("choice", "none");
	const char *kind = touch_kind_label(id);
	return kind != id ? kind : severity_label(id);
}

const char *tui_champion_label(const char *status)
{
	if (!status)
		return "";
	if (str_eq(status, "active"))  return pgettext("champion", "active");
	if (str_eq(status, "left"))    return pgettext("champion", "left");
	if (str_eq(status, "unknown")) return pgettext("champion", "unknown");
	return status;
}

const char *tui_when_label(enum handoff_when w)
{
	switch (w) {
	case HANDOFF_OVERDUE: return pgettext("handoff", "overdue");
	case HANDOFF_DURING:  return pgettext("handoff", "during");
	case HANDOFF_AFTER:   return pgettext("handoff", "after");
	}
	return "";
}

const char *tui_blindspot_label(enum blindspot_flag f)
{
	switch (f) {
	case BLINDSPOT_HIDDEN_RISK: return pgettext("blind spot", "hidden risk");
	case BLINDSPOT_QUIET_LOYAL: return pgettext("blind spot", "quiet but loyal");
	case BLINDSPOT_NONE:        break;
	}
	return "";
}

const char *tui_change_label(enum change_kind k)
{
	switch (k) {
	case CHANGE_NOTE:   return pgettext("change", "note");
	case CHANGE_RISK:   return pgettext("change", "risk");
	case CHANGE_TOUCH:  return pgettext("change", "touch");
	case CHANGE_REVIEW: return pgettext("change", "review");
	case CHANGE_OPPORTUNITY: return pgettext("change", "opportunity");
	case CHANGE_FEEDBACK: return pgettext("change", "feedback");
	}
	return "";
}

const char *tui_touch_when_label(enum detail_touch_when w)
{
	switch (w) {
	case TOUCH_WHEN_OVERDUE:  return pgettext("touch when", "overdue");
	case TOUCH_WHEN_TODAY:    return pgettext("touch when", "today");
	case TOUCH_WHEN_UPCOMING: return pgettext("touch when", "upcoming");
	case TOUCH_WHEN_DONE:     return pgettext("touch when", "done");
	}
	return "";
}
