/* test_i18n_display.c - values as shown in English and in Japanese (display.c,
 * date.c's names): dates short and long, date_format winning over the
 * language, weekdays and months, the header's money, the display names. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <cmocka.h>
#include "csconsole/book.h"
#include "csconsole/config.h"
#include "csconsole/date.h"
#include "csconsole/display.h"
#include "csconsole/i18n.h"
#include "csconsole/playbook.h"
#include "csconsole/util.h"
#include "csconsole/text.h"
#include "scratch.h"

#define D(y, m, d) day_from_ymd(y, m, d)

/* The catalogs just built: $CSC_BUILD/locale (tests/run.sh), else build/locale. */
static int setup(void **state)
{
	char dir[4096];
	if (scratch_setup(state) != 0)
		return -1;
	const char *b = getenv("CSC_BUILD");
	snprintf(dir, sizeof(dir), "%s/locale", b && *b ? b : "build");
	setenv("CSCONSOLE_LOCALEDIR", dir, 1);
	setlocale(LC_ALL, "C.UTF-8");
	text_set_glyphs_ascii(0);
	return 0;
}

static void use_english(void)
{
	i18n_init("en");
	assert_int_equal(i18n_lang(), UI_EN);
}

static void use_japanese(void)
{
	i18n_init("ja");
	if (i18n_lang() != UI_JA)
		fail_msg("no Japanese catalog under %s: run make first", getenv("CSCONSOLE_LOCALEDIR"));
}

/* A config from YAML text (the defaults under it). */
static void load(struct config *c, const char *yaml)
{
	struct diag_list d = {0};
	config_defaults(c);
	if (yaml) {
		char *path = scratch_write_str("c.yaml", yaml);
		if (config_load_file(c, path, &d) != 0 || d.len) {
			diag_print(&d, stderr);
			fail_msg("config did not load");
		}
		free(path);
	}
	diag_clear(&d);
}

static void test_dates_english(void **state)
{
	(void)state;
	struct config c;
	char out[64];
	use_english();
	load(&c, NULL);
	display_day(&c, D(2026, 12, 15), out, sizeof(out));
	assert_string_equal(out, "2026-12-15");
	display_day_long(&c, D(2026, 12, 15), out, sizeof(out));
	assert_string_equal(out, "Tue 2026-12-15");
	display_day(&c, DAY_NONE, out, sizeof(out));
	assert_string_equal(out, "-");
	/* "auto" given straight to day_format is the short form too */
	day_format(D(2027, 3, 1), "auto", out, sizeof(out));
	assert_string_equal(out, "2027-03-01");
	assert_string_equal(display_date_source(&c, false), "the English default");
	/* names in English whatever LC_TIME says */
	day_format(D(2026, 12, 15), "%A %a %B %b", out, sizeof(out));
	assert_string_equal(out, "Tuesday Tue December Dec");
	assert_string_equal(weekday_label(0, false), "Sun");
	assert_string_equal(weekday_label(6, true), "Saturday");
	config_free(&c);
}

static void test_dates_japanese(void **state)
{
	(void)state;
	struct config c;
	char out[64];
	use_japanese();
	load(&c, NULL);
	display_day(&c, D(2026, 12, 15), out, sizeof(out));
	assert_string_equal(out, "12月15日(火)");
	display_day(&c, D(2027, 3, 1), out, sizeof(out));
	assert_string_equal(out, "3月1日(月)");
	display_day_long(&c, D(2026, 12, 15), out, sizeof(out));
	assert_string_equal(out, "2026年12月15日(火)");
	day_format(D(2026, 11, 22), "auto", out, sizeof(out));
	assert_string_equal(out, "11月22日(日)");
	assert_string_equal(display_date_source(&c, false), "日本語の既定");
	day_format(D(2026, 12, 19), "%A %a %B %b", out, sizeof(out));
	assert_string_equal(out, "土曜日 土 12月 12月");
	/* a '%' elsewhere in the format stays a conversion */
	day_format(D(2026, 12, 19), "%a%%%d", out, sizeof(out));
	assert_string_equal(out, "土%19");
	config_free(&c);
}

/* The user's date_format wins in both languages; the long form keeps auto. */
static void test_date_format_wins(void **state)
{
	(void)state;
	struct config c;
	char out[64];
	load(&c, "date_format: \"%d/%m/%Y\"\n");
	use_japanese();
	display_day(&c, D(2026, 12, 15), out, sizeof(out));
	assert_string_equal(out, "15/12/2026");
	assert_string_equal(display_date_source(&c, false), "date_format");
	display_day_long(&c, D(2026, 12, 15), out, sizeof(out));
	assert_string_equal(out, "2026年12月15日(火)");
	use_english();
	display_day(&c, D(2026, 12, 15), out, sizeof(out));
	assert_string_equal(out, "15/12/2026");
	config_free(&c);

	load(&c, "date_format_long: \"%Y/%m/%d %a\"\n");
	use_japanese();
	display_day_long(&c, D(2026, 12, 15), out, sizeof(out));
	assert_string_equal(out, "2026/12/15 火");
	assert_string_equal(display_date_source(&c, true), "date_format_long");
	config_free(&c);
}

static void test_money_man(void **state)
{
	(void)state;
	char out[64];
	money_format_man(12100000, "JPY", out, sizeof(out));
	assert_string_equal(out, "1,210万円");
	money_format_man(12345678, "JPY", out, sizeof(out));      /* rounded to 万 */
	assert_string_equal(out, "1,235万円");
	money_format_man(12344999, "JPY", out, sizeof(out));
	assert_string_equal(out, "1,234万円");
	money_format_man(9800, "JPY", out, sizeof(out));
	assert_string_equal(out, "9,800円");
	money_format_man(0, "JPY", out, sizeof(out));
	assert_string_equal(out, "0円");
	money_format_man(121000000, "JPY", out, sizeof(out));
	assert_string_equal(out, "1億2,100万円");
	money_format_man(300000000, "JPY", out, sizeof(out));
	assert_string_equal(out, "3億円");
	money_format_man(99996000, "JPY", out, sizeof(out));      /* rounds up into 億 */
	assert_string_equal(out, "1億円");
	money_format_man(-12100000, "JPY", out, sizeof(out));
	assert_string_equal(out, "-1,210万円");
	money_format_man(4800000, "USD", out, sizeof(out));       /* no 万 for dollars */
	assert_string_equal(out, "$48,000.00");
}

static void test_money_header(void **state)
{
	(void)state;
	struct config c;
	char out[64];
	load(&c, NULL);
	use_japanese();
	display_money_header(&c, 12100000, "JPY", out, sizeof(out));
	assert_string_equal(out, "1,210万円");
	use_english();
	display_money_header(&c, 12100000, "JPY", out, sizeof(out));
	assert_string_equal(out, "¥12,100,000");
	config_free(&c);

	load(&c, "money: {header: full}\n");
	use_japanese();
	display_money_header(&c, 12100000, "JPY", out, sizeof(out));
	assert_string_equal(out, "¥12,100,000");
	config_free(&c);

	load(&c, "money: {header: man}\n");
	use_english();
	display_money_header(&c, 12100000, "JPY", out, sizeof(out));
	assert_string_equal(out, "1,210万円");
	config_free(&c);
}

static void test_labels(void **state)
{
	(void)state;
	struct config c;
	load(&c, NULL);
	use_english();
	assert_string_equal(touch_model_label(&c, "high"), "high");
	assert_string_equal(risk_category_label(&c, "roi_unproven"), "roi_unproven");
	assert_string_equal(sentiment_label(&c, 2), "negative");
	assert_string_equal(sentiment_label(&c, 0), "-");
	assert_string_equal(sentiment_label(&c, 6), "-");
	use_japanese();
	assert_string_equal(touch_model_label(&c, "high"), "ハイタッチ");
	assert_string_equal(touch_model_label(&c, "low"), "ロータッチ");
	assert_string_equal(touch_model_label(&c, "tech"), "テックタッチ");
	assert_string_equal(touch_model_label(&c, "other"), "other");
	assert_string_equal(risk_category_label(&c, "roi_unproven"), "ROI未証明");
	assert_string_equal(risk_category_label(&c, "budget"), "予算");
	assert_string_equal(sentiment_label(&c, 2), "悪い");
	assert_string_equal(sentiment_label(&c, 5), "とても良い");
	assert_string_equal(severity_label("high"), "高");
	assert_string_equal(health_band_label("yellow"), "黄");
	assert_string_equal(stage_label("adoption"), "活用");
	assert_string_equal(role_label("sub"), "副担当");
	assert_string_equal(touch_kind_label("meeting"), "ミーティング");
	assert_string_equal(stage_label("pilot"), "pilot");          /* unknown: the id */
	use_english();
	assert_string_equal(severity_label("high"), "high");
	assert_string_equal(stage_label("adoption"), "adoption");
	assert_string_equal(role_label("sub"), "sub");
	assert_string_equal(touch_kind_label("meeting"), "meeting");
	config_free(&c);

	/* the user's own scale wins when it has no Japanese names of its own */
	load(&c, "sentiment:\n  labels: [bad, ok, good]\nrisk_categories: [budget, legal]\n");
	use_japanese();
	assert_string_equal(sentiment_label(&c, 1), "bad");
	assert_string_equal(risk_category_label(&c, "legal"), "legal");
	config_free(&c);
	load(&c, "sentiment:\n  labels: [bad, ok, good]\n"
		 "display_names: {ja: {sentiment: [不満, 普通, 満足]}}\n");
	use_japanese();
	assert_string_equal(sentiment_label(&c, 3), "満足");
	use_english();
	assert_string_equal(sentiment_label(&c, 3), "good");
	config_free(&c);
}

/* English for a while (machine output), nested, then the language back. */
static void test_english_for_a_while(void **state)
{
	(void)state;
	use_japanese();
	i18n_english_begin();
	assert_int_equal(i18n_lang(), UI_EN);
	assert_string_equal(weekday_label(2, false), "Tue");
	i18n_english_begin();
	i18n_english_end();
	assert_int_equal(i18n_lang(), UI_EN);              /* the outer one still holds */
	assert_string_equal(weekday_label(2, false), "Tue");
	i18n_english_end();
	assert_int_equal(i18n_lang(), UI_JA);
	assert_string_equal(weekday_label(2, false), "火");
	assert_string_equal(getenv("LANGUAGE"), "ja");
	i18n_english_end();                                 /* an end too many does nothing */
	assert_int_equal(i18n_lang(), UI_JA);
}

/* A playbook reason as stored (playbook.c, English) and as people read it. */
static void check_reason(const struct config *c, const char *stored, const char *want)
{
	struct sbuf b = {0};
	playbook_reason_text(c, stored, &b);
	assert_string_equal(sbuf_str(&b), want);
	sbuf_free(&b);
}

static void test_playbook_reasons(void **state)
{
	(void)state;
	struct config c;
	load(&c, NULL);
	use_english();
	check_reason(&c, "Playbook quiet: no touch since 2026-10-14, 40 days ago (high touch cadence: 14 days)",
		     "Playbook quiet: no touch since 2026-10-14, 40 days ago (high touch cadence: 14 days)");
	use_japanese();
	check_reason(&c, "Playbook quiet: no touch since 2026-10-14, 40 days ago (high touch cadence: 14 days)",
		     "プレイブック quiet: 10月14日(水) 以降接点なし、40日経過(ハイタッチの接点周期 14日)");
	check_reason(&c, "Playbook renewal_90: renews 2026-12-15, today", "プレイブック renewal_90: 今日が更新日(12月15日(火))");
	check_reason(&c, "renewal_90: renews 2026-12-15, in 1 day (call them)",
		     "renewal_90: 1日後に更新(12月15日(火)) (call them)");
	check_reason(&c, "Playbook: fell_red: health 49, red since 2026-12-07 (was 53, yellow, on 2026-11-30); "
		     "falling: health 49, down 16 points from 65 on 2026-11-09 (4 weeks; falling since 2026-12-07)",
		     "プレイブック: fell_red: ヘルス 49、12月7日(月) から赤(11月30日(月) は 53、黄); "
		     "falling: ヘルス 49、11月9日(月) の 65 から 16 低下(4週間。12月7日(月) から低下中)");
	check_reason(&c, "season: key feature season starts 2027-01-10, in 3 days: used from 2026-01-10 to "
		     "2026-02-20 last year, not yet this year",
		     "season: 主要機能のシーズンが 1月10日(日) に始まります(3日後): 昨年は 1月10日(土)〜2月20日(金) "
		     "に利用、今年はまだ利用がありません");
	check_reason(&c, "season: key feature season started 2027-01-10: used from 2026-01-10 to 2026-02-20 last "
		     "year, not yet this year",
		     "season: 主要機能のシーズンが 1月10日(日) に始まりました: 昨年は 1月10日(土)〜2月20日(金) "
		     "に利用、今年はまだ利用がありません");
	check_reason(&c, "Playbook new_champion: the champion changed from Dana Reyes to Li Wei on 2026-11-20, "
		     "no touch since",
		     "プレイブック new_champion: 11月20日(金) にチャンピオンが Dana Reyes から Li Wei に交代、"
		     "以降接点なし");
	check_reason(&c, "Playbook champ: the champion Dana Reyes left", "プレイブック champ: チャンピオンの Dana Reyes が離任");
	/* a note or a teammate's words that only look alike stay as they are */
	check_reason(&c, "Call Dana: renews soon", "Call Dana: renews soon");
	check_reason(&c, "x: renews 2026-13-45, today", "x: renews 2026-13-45, today");
	config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates_english),
		cmocka_unit_test(test_dates_japanese),
		cmocka_unit_test(test_date_format_wins),
		cmocka_unit_test(test_money_man),
		cmocka_unit_test(test_money_header),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_english_for_a_while),
		cmocka_unit_test(test_playbook_reasons),
	};
	return cmocka_run_group_tests(tests, setup, scratch_teardown);
}
