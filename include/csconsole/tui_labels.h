/* tui_labels.h - what the console shows for the core's ids, translated.
 *
 * The core names roles, scopes, sorts, severities, kinds and statuses with
 * stable ASCII ids (book_role_name() and the like: CSV, JSON, filters and
 * the configuration read them). The console shows people a label instead,
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

/* gettext with a context (xgettext knows pgettext:1c,2 by default): the
 * catalog's "CONTEXT\004MSGID", else the msgid itself. */
#define pgettext(ctx, msgid) tui_pgettext(ctx "\004" msgid, msgid)
const char *tui_pgettext(const char *key, const char *msgid);

const char *tui_role_label(enum book_role r);          /* "main" -> 主担当; "-" for none */
const char *tui_scope_label(enum book_scope s);        /* "mine" -> 自分の担当 */
const char *tui_sort_label(enum book_sort s);          /* "by attention" -> 要対応順 */
const char *tui_severity_label(enum risk_severity s);  /* "high" -> 高; "" for none */
const char *tui_blind_label(enum book_blind b);        /* "hidden" -> 隠れ; "-" for none */
/* The lifecycle stage the feed names ("onboarding" -> 導入); another as it is. */
const char *tui_stage_label(const char *stage);
/* A choice of the log form: a note or touchpoint kind ("call" -> 電話), a
 * severity ("high"), "none"; another id (a configured sentiment or risk
 * category) as it is. Also the kinds and severities other views show. */
const char *tui_choice_label(const char *id);
/* A touchpoint's status: open, snoozed, done, cancelled; another as it is. */
const char *tui_touch_status_label(const char *status);
/* A health band: red, yellow, green; another as it is. */
const char *tui_band_label(const char *band);
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
