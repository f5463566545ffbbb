/* tui_labels.h - what the console shows for the core's ids, translated.
 *
 * The core names roles, scopes, sorts, severities, kinds and statuses with
 * stable ASCII ids (book_role_name() and the like: CSV, JSON, filters and
 * the configuration read them). The console shows people a label instead
 * (the ids every text output shows, roles, severities, stages, bands, kinds,
 * are display.h's: one function per kind of id),
 * through the catalog: the English label is the id itself, so English
 * screens are unchanged. Short words mean different things in different
 * places ("open" a key hint, "open" a touchpoint's status), so these labels
 * carry a context (msgctxt): pgettext("touch status", "open"). Each returns
 * a static string, never NULL.
 */
#ifndef CSCONSOLE_TUI_LABELS_H
#define CSCONSOLE_TUI_LABELS_H

#include "csconsole/blindspot.h"
#include "csconsole/book.h"
#include "csconsole/detail.h"
#include "csconsole/handoff.h"
#include "csconsole/i18n.h"

const char *tui_scope_label(enum book_scope s);        /* "mine" -> 自分の担当 */
const char *tui_sort_label(enum book_sort s);          /* "by attention" -> 要対応順 */
const char *tui_blind_label(enum book_blind b);        /* "hidden" -> 隠れ; "-" for none */
/* A choice of the log form: a note or touchpoint kind ("call" -> 電話), a
 * severity ("high"), "none"; another id (a configured sentiment or risk
 * category) as it is. Also the kinds and severities other views show. */
const char *tui_choice_label(const char *id);
/* A champion's status: active, left, unknown; another as it is. */
const char *tui_champion_label(const char *status);
/* When a handoff item falls: overdue, during, after. */
const char *tui_when_label(enum handoff_when w);
/* A blind spot of the brief: "hidden risk", "quiet but loyal"; "" for none. */
const char *tui_blindspot_label(enum blindspot_flag f);
/* What a teammate changed: note, risk, touch, review. */
const char *tui_change_label(enum change_kind k);
/* Where a touchpoint stands in the account view: overdue, today, upcoming, done. */
const char *tui_touch_when_label(enum detail_touch_when w);

#endif
