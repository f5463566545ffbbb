/* display.c - values as people read them, in the interface language (see display.h). */
#include <string.h>
#include "csconsole/book.h"
#include "csconsole/config.h"
#include "csconsole/date.h"
#include "csconsole/display.h"
#include "csconsole/i18n.h"
#include "csconsole/util.h"

static bool japanese(void)
{
	return i18n_lang() == UI_JA;
}

const char *display_date_format(const struct config *cfg, bool long_form)
{
	const char *set = long_form ? cfg->date_format_long : cfg->date_format;
	if (set && *set && strcmp(set, "auto") != 0)
		return set;
	if (long_form)
		return japanese() ? "%Y年%-m月%-d日(%a)" : "%a %Y-%m-%d";
	return japanese() ? "%-m月%-d日(%a)" : "%Y-%m-%d";
}

const char *display_date_source(const struct config *cfg, bool long_form)
{
	const char *set = long_form ? cfg->date_format_long : cfg->date_format;
	if (set && *set && strcmp(set, "auto") != 0)
		return long_form ? "date_format_long" : "date_format";
	return japanese() ? _("the Japanese default") : _("the English default");
}

void display_day(const struct config *cfg, int day, char *out, size_t size)
{
	day_format_or_dash(day, display_date_format(cfg, false), out, size);
}

void display_day_long(const struct config *cfg, int day, char *out, size_t size)
{
	day_format_or_dash(day, display_date_format(cfg, true), out, size);
}

void money_format_man(int64_t minor, const char *currency, char *out, size_t size)
{
	/* Yen only: other currencies have no 万 (and JPY has no minor unit). */
	if (minor == INT64_MIN || !currency || strcmp(currency, "JPY") != 0) {
		money_format(minor, currency, out, size);
		return;
	}
	uint64_t yen = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	const char *sign = minor < 0 ? "-" : "";
	char a[NUM_GROUPED_SIZE], b[NUM_GROUPED_SIZE];
	if (yen < 10000) {
		str_format(out, size, "%s%s円", sign, num_grouped(yen, a));
		return;
	}
	/* Rounded to the nearest 万, half up: 12,345,678 -> 1,235万円. */
	uint64_t man = (yen + 5000) / 10000;
	uint64_t oku = man / 10000, rest = man % 10000;
	if (oku == 0)
		str_format(out, size, "%s%s万円", sign, num_grouped(man, a));
	else if (rest == 0)
		str_format(out, size, "%s%s億円", sign, num_grouped(oku, a));
	else
		str_format(out, size, "%s%s億%s万円", sign, num_grouped(oku, a), num_grouped(rest, b));
}

void display_money_header(const struct config *cfg, int64_t minor, const char *currency,
			  char *out, size_t size)
{
	bool man = cfg->money_header == MONEY_HEADER_MAN ||
		   (cfg->money_header == MONEY_HEADER_AUTO && japanese());
	if (man)
		money_format_man(minor, currency, out, size);
	else
		money_format(minor, currency, out, size);
}

/* The name paired with id in a map of pairs, or NULL. */
static const char *pair_find(const struct strlist *map, const char *id)
{
	for (size_t i = 0; i + 1 < map->len; i += 2)
		if (strcmp(map->items[i], id) == 0)
			return map->items[i + 1];
	return NULL;
}

const char *touch_model_label(const struct config *cfg, const char *id)
{
	if (!id)
		return "";
	const char *name = japanese() ? pair_find(&cfg->names_ja_touch, id) : NULL;
	return name ? name : id;
}

const char *risk_category_label(const struct config *cfg, const char *id)
{
	if (!id)
		return "";
	const char *name = japanese() ? pair_find(&cfg->names_ja_risk, id) : NULL;
	return name ? name : id;
}

const char *sentiment_label(const struct config *cfg, int value)
{
	const struct strlist *labels = &cfg->sentiment_labels;
	if (value < 1 || (size_t)value > labels->len)
		return "-";
	/* The user's own scale wins unless they named it in Japanese too. */
	int own = config_key_find("sentiment.labels"), ja = config_key_find("display_names.ja.sentiment");
	bool own_set = own >= 0 && config_key_source(cfg, (size_t)own) != SRC_DEFAULT;
	bool ja_set = ja >= 0 && config_key_source(cfg, (size_t)ja) != SRC_DEFAULT;
	if (japanese() && cfg->names_ja_sentiment.len == labels->len && (!own_set || ja_set))
		return cfg->names_ja_sentiment.items[value - 1];
	return labels->items[value - 1];
}

/* The labels below carry a context (msgctxt): one short English word names
 * different things ("high" a severity, "renewal" a stage and a kind of
 * touchpoint), which a translation may name differently. */

const char *severity_label(const char *id)
{
	if (!id)
		return "";
	if (str_eq(id, "low"))    return pgettext("severity", "low");
	if (str_eq(id, "medium")) return pgettext("severity", "medium");
	if (str_eq(id, "high"))   return pgettext("severity", "high");
	return id;
}

const char *health_band_label(const char *band)
{
	if (!band)
		return "";
	if (str_eq(band, "red"))    return pgettext("band", "red");
	if (str_eq(band, "yellow")) return pgettext("band", "yellow");
	if (str_eq(band, "green"))  return pgettext("band", "green");
	return band;
}

const char *stage_label(const char *id)
{
	if (!id)
		return "";
	if (str_eq(id, "onboarding")) return pgettext("stage", "onboarding");
	if (str_eq(id, "adoption"))   return pgettext("stage", "adoption");
	if (str_eq(id, "expansion"))  return pgettext("stage", "expansion");
	if (str_eq(id, "renewal"))    return pgettext("stage", "renewal");
	return id;
}

const char *role_label(const char *id)
{
	if (!id || !*id)
		return "-";
	if (str_eq(id, "main"))     return pgettext("role", "main");
	if (str_eq(id, "sub"))      return pgettext("role", "sub");
	if (str_eq(id, "covering")) return pgettext("role", "covering");
	return id;
}

const char *touch_kind_label(const char *id)
{
	if (!id)
		return "";
	if (str_eq(id, "call"))       return pgettext("kind", "call");
	if (str_eq(id, "meeting"))    return pgettext("kind", "meeting");
	if (str_eq(id, "email"))      return pgettext("kind", "email");
	if (str_eq(id, "chat"))       return pgettext("kind", "chat");
	if (str_eq(id, "internal"))   return pgettext("kind", "internal");
	if (str_eq(id, "qbr"))        return pgettext("kind", "qbr");
	if (str_eq(id, "renewal"))    return pgettext("kind", "renewal");
	if (str_eq(id, "onboarding")) return pgettext("kind", "onboarding");
	return id;
}

const char *touch_status_label(const char *status)
{
	if (!status)
		return "";
	if (str_eq(status, "open"))      return pgettext("touch status", "open");
	if (str_eq(status, "snoozed"))   return pgettext("touch status", "snoozed");
	if (str_eq(status, "done"))      return pgettext("touch status", "done");
	if (str_eq(status, "cancelled")) return pgettext("touch status", "cancelled");
	return status;
}
