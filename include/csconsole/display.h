/* display.h - values as people read them, in the interface language.
 *
 * One function per kind of value, for every screen and every text output
 * of the CLI (never for JSON, CSV or any machine output, which keep the ids,
 * ISO dates and plain decimals):
 *
 *   dates      display_day (short: table cells, "2026-12-15" / "12月15日(火)"),
 *              display_day_long (headers and briefs: "Tue 2026-12-15" /
 *              "2026年12月15日(火)"); the weekday and month names of a
 *              date_format (%a %A %b %B) always follow the interface
 *              language, never LC_TIME.
 *   money      money_format (book.h: "¥12,100,000", "$48,000.00") in a cell,
 *              display_money_header in the header's totals ("1,210万円" under
 *              money.header: man, the Japanese default).
 *   names      touch_model_label ("high" / "ハイタッチ"),
 *              risk_category_label ("roi_unproven" / "ROI未証明"),
 *              sentiment_label (value 1..n: "negative" / "悪い").
 *
 * Which form: the user's own setting wins (date_format, date_format_long,
 * sentiment.labels, display_names.*); a setting left at its default follows
 * the language: date_format "auto" is ISO in English and 12月15日(火) in
 * Japanese; display_names.ja.* are used in Japanese mode (their defaults are
 * the built-in Japanese names); English shows the ids and sentiment.labels.
 * The returned strings are static or the configuration's: never free them;
 * they live as long as cfg.
 */
#ifndef CSCONSOLE_DISPLAY_H
#define CSCONSOLE_DISPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct config;

/* money.header (config.h money_header). */
enum money_header { MONEY_HEADER_AUTO, MONEY_HEADER_FULL, MONEY_HEADER_MAN };

/* The strftime format in effect for short (cells) or long (headers) dates:
 * the setting, or for "auto" the language's default ("%Y-%m-%d" /
 * "%-m月%-d日(%a)"; long "%a %Y-%m-%d" / "%Y年%-m月%-d日(%a)"). */
const char *display_date_format(const struct config *cfg, bool long_form);
/* Where that format came from, for doctor: "date_format", or
 * "the Japanese default" / "the English default" when it is "auto". */
const char *display_date_source(const struct config *cfg, bool long_form);

/* A day for a person; "-" for DAY_NONE. */
void display_day(const struct config *cfg, int day, char *out, size_t size);
void display_day_long(const struct config *cfg, int day, char *out, size_t size);

/* The weekday's name in the interface language (0 = Sunday): abbreviated
 * ("Tue" / "火") or full ("Tuesday" / "火曜日"). */
const char *weekday_label(int wday, bool full);

/* The header's total of an amount: money.header full (money_format), man
 * (yen in 万 and 億: "1,210万円", "1億2,100万円", "9,800円"; other currencies
 * as full), auto (man in Japanese mode, full otherwise). */
void display_money_header(const struct config *cfg, int64_t minor, const char *currency,
			  char *out, size_t size);
/* The man form itself, whatever the setting (tests, the doc). */
void money_format_man(int64_t minor, const char *currency, char *out, size_t size);

/* A touch model id ("high", "low", "tech") as shown; unknown ids as they are. */
const char *touch_model_label(const struct config *cfg, const char *id);
/* A risk category id as shown; an id without a name as it is. */
const char *risk_category_label(const struct config *cfg, const char *id);
/* A note's or touchpoint's kind id ("call", "meeting", "email", "chat",
 * "internal", "qbr", "renewal", "onboarding") as shown: "meeting" / "ミーティング". */
const char *touch_kind_label(const char *id);
/* A touchpoint's status ("open", "snoozed", "done", "cancelled") as shown:
 * "snoozed" / "スヌーズ中"; unknown ids as they are. */
const char *touch_status_label(const char *status);
/* A lifecycle stage id ("onboarding", "adoption", "expansion", "renewal") as
 * shown: "adoption" / "活用"; unknown ids as they are. */
const char *stage_label(const char *id);
/* An owner role id ("main", "sub", "covering": book_role_name()) as shown:
 * "main" / "主担当"; "-" for none (NULL or ""). */
const char *role_label(const char *id);
/* A health band ("red", "yellow", "green": health_band()) as shown: "red" / "赤". */
const char *health_band_label(const char *band);
/* A risk severity id ("low", "medium", "high") as shown: "high" / "高". */
const char *severity_label(const char *id);
/* A sentiment value (1..number of labels) as shown; "-" for 0 or out of range. */
const char *sentiment_label(const struct config *cfg, int value);

#endif
