/* test_date.c - calendar days, human date input, timestamps (date.c).
 * The C library's timegm/gmtime_r serve as an independent oracle. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include "csconsole/date.h"

#define D(y, m, d) day_from_ymd(y, m, d)

static int64_t oracle_day(int y, int m, int d)
{
	struct tm tm = {0};
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	return (int64_t)timegm(&tm) / 86400;
}

static void test_epoch_and_known_days(void **state)
{
	(void)state;
	assert_int_equal(D(1970, 1, 1), 0);
	assert_int_equal(D(1969, 12, 31), -1);
	assert_int_equal(day_weekday(D(1970, 1, 1)), 4);      /* Thursday */
	assert_int_equal(day_weekday(D(2026, 11, 23)), 1);    /* Monday */
	assert_int_equal(day_weekday(D(2000, 1, 1)), 6);      /* Saturday */
	assert_int_equal(day_weekday(D(1969, 12, 28)), 0);    /* Sunday, before the epoch */
}

/* Every day from 1600 to 2400 against timegm/gmtime_r. */
static void test_against_libc(void **state)
{
	(void)state;
	int64_t first = oracle_day(1600, 1, 1), last = oracle_day(2400, 12, 31);
	for (int64_t day = first; day <= last; day++) {
		time_t t = (time_t)(day * 86400);
		struct tm tm;
		int y, m, d;
		assert_non_null(gmtime_r(&t, &tm));
		assert_int_equal(D(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), day);
		day_to_ymd((int)day, &y, &m, &d);
		assert_int_equal(y, tm.tm_year + 1900);
		assert_int_equal(m, tm.tm_mon + 1);
		assert_int_equal(d, tm.tm_mday);
		assert_int_equal(day_weekday((int)day), tm.tm_wday);
	}
}

/* The whole supported range: each day is the previous plus one. */
static void test_full_range_continuity(void **state)
{
	(void)state;
	int py, pm, pd;
	int first = D(1, 1, 1), last = D(9999, 12, 31);
	assert_int_not_equal(first, DAY_NONE);
	assert_int_not_equal(last, DAY_NONE);
	day_to_ymd(first, &py, &pm, &pd);
	assert_int_equal(py, 1);
	assert_int_equal(pm, 1);
	assert_int_equal(pd, 1);
	for (int day = first + 1; day <= last; day++) {
		int y, m, d;
		day_to_ymd(day, &y, &m, &d);
		assert_true(ymd_valid(y, m, d));
		if (d == pd + 1) {
			assert_int_equal(m, pm);
			assert_int_equal(y, py);
		} else {
			assert_true(!ymd_valid(py, pm, pd + 1));
			assert_int_equal(d, 1);
			assert_int_equal(m, pm == 12 ? 1 : pm + 1);
			assert_int_equal(y, pm == 12 ? py + 1 : py);
		}
		assert_int_equal(D(y, m, d), day);
		py = y, pm = m, pd = d;
	}
	assert_int_equal(py, 9999);
	assert_int_equal(pm, 12);
	assert_int_equal(pd, 31);
}

static void test_leap_years_and_month_ends(void **state)
{
	(void)state;
	assert_true(ymd_valid(2024, 2, 29));
	assert_false(ymd_valid(2023, 2, 29));
	assert_true(ymd_valid(2000, 2, 29));      /* divisible by 400 */
	assert_false(ymd_valid(1900, 2, 29));     /* by 100 only */
	assert_false(ymd_valid(2100, 2, 29));
	assert_true(ymd_valid(2026, 4, 30));
	assert_false(ymd_valid(2026, 4, 31));
	assert_true(ymd_valid(2026, 12, 31));
	assert_false(ymd_valid(2026, 12, 32));
	assert_false(ymd_valid(2026, 13, 1));
	assert_false(ymd_valid(2026, 0, 1));
	assert_false(ymd_valid(2026, 1, 0));
	assert_false(ymd_valid(0, 1, 1));
	assert_false(ymd_valid(10000, 1, 1));
	assert_int_equal(D(2023, 2, 29), DAY_NONE);
	assert_int_equal(D(2024, 3, 1) - D(2024, 2, 28), 2);
	assert_int_equal(D(2023, 3, 1) - D(2023, 2, 28), 1);
	assert_int_equal(D(2025, 1, 1) - D(2024, 1, 1), 366);
	assert_int_equal(D(2026, 1, 1) - D(2025, 1, 1), 365);
}

static void test_parse_and_format_iso(void **state)
{
	(void)state;
	int day = 12345;
	char buf[11];
	assert_true(day_parse_iso("2026-11-23", &day));
	assert_int_equal(day, oracle_day(2026, 11, 23));
	day_format_iso(day, buf);
	assert_string_equal(buf, "2026-11-23");
	assert_true(day_parse_iso("2024-02-29", &day));
	day_format_iso(D(1, 1, 1), buf);
	assert_string_equal(buf, "0001-01-01");
	day_format_iso(D(9999, 12, 31), buf);
	assert_string_equal(buf, "9999-12-31");
	day_format_iso(-1, buf);
	assert_string_equal(buf, "1969-12-31");

	static const char *const bad[] = {
		"", "2026-1-01", "2026-01-1", "2026/01/01", " 2026-01-01", "2026-01-01 ",
		"2026-01-01x", "2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10",
		"2026-01-00", "0000-01-01", "20260101", "2026-0a-01", "+026-01-01", "today",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		day = 777;
		assert_false(day_parse_iso(bad[i], &day));
		assert_int_equal(day, 777);
	}
	assert_false(day_parse_iso(NULL, &day));
}

static void test_day_format(void **state)
{
	(void)state;
	char buf[64];
	int day = D(2026, 11, 23);
	day_format(day, "%a %d %b %Y", buf, sizeof(buf));
	assert_string_equal(buf, "Mon 23 Nov 2026");
	day_format(day, "%A %j %m/%d/%y", buf, sizeof(buf));
	assert_string_equal(buf, "Monday 327 11/23/26");
	day_format(D(2024, 12, 31), "%j", buf, sizeof(buf));
	assert_string_equal(buf, "366");
	day_format(day, "%F", buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-23");
	/* Too long for the buffer: the ISO form when it fits, else empty. */
	char small[12];
	day_format(day, "%A, %B %d, %Y", small, sizeof(small));
	assert_string_equal(small, "2026-11-23");
	char tiny[6];
	day_format(day, "%A, %B %d, %Y", tiny, sizeof(tiny));
	assert_string_equal(tiny, "");
	day_format(day, "", buf, sizeof(buf));
	assert_string_equal(buf, "");
}

static void test_week_start(void **state)
{
	(void)state;
	int mon = D(2026, 11, 23), sun = D(2026, 11, 29);
	assert_int_equal(day_week_start(mon, 1), mon);
	assert_int_equal(day_week_start(sun, 1), mon);
	assert_int_equal(day_week_start(sun, 0), sun);
	assert_int_equal(day_week_start(mon, 0), D(2026, 11, 22));
	assert_int_equal(day_week_start(D(2026, 11, 28), 0), D(2026, 11, 22));
	assert_int_equal(day_week_start(D(1969, 12, 31), 1), D(1969, 12, 29));
	/* a year earlier: the same date, 29 February falling back to the 28th */
	assert_int_equal(day_year_earlier(mon), D(2025, 11, 23));
	assert_int_equal(day_year_earlier(D(2028, 2, 29)), D(2027, 2, 28));
	assert_int_equal(day_year_earlier(D(2029, 3, 1)), D(2028, 3, 1));
}

/* today = Monday 2026-11-23, the sample book's anchor. */
static void expect_human(const char *input, int today, int want)
{
	char why[200] = "untouched";
	int got = DAY_NONE;
	if (!day_parse_human(input, today, &got, why, sizeof(why)))
		fail_msg("\"%s\" rejected: %s", input, why);
	if (got != want) {
		char g[11], w[11];
		day_format_iso(got, g);
		day_format_iso(want, w);
		fail_msg("\"%s\": got %s, want %s", input, g, w);
	}
}

static void expect_human_error(const char *input, int today, const char *want_why)
{
	char why[200] = "";
	int got = 424242;
	if (day_parse_human(input, today, &got, why, sizeof(why)))
		fail_msg("\"%s\" accepted", input);
	assert_int_equal(got, 424242);
	assert_string_equal(why, want_why);
}

static void test_human_words_and_iso(void **state)
{
	(void)state;
	int today = D(2026, 11, 23);
	expect_human("today", today, today);
	expect_human("Today", today, today);
	expect_human("tomorrow", today, D(2026, 11, 24));
	expect_human("TOMORROW", today, D(2026, 11, 24));
	expect_human("yesterday", today, D(2026, 11, 22));
	expect_human("  today\t", today, today);
	expect_human("2027-02-28", today, D(2027, 2, 28));
	expect_human("2028-02-29", today, D(2028, 2, 29));
	expect_human("tomorrow", D(2026, 12, 31), D(2027, 1, 1));
	expect_human("yesterday", D(2024, 3, 1), D(2024, 2, 29));
}

static void test_human_offsets(void **state)
{
	(void)state;
	int today = D(2026, 11, 23);
	expect_human("+3d", today, D(2026, 11, 26));
	expect_human("+10d", today, D(2026, 12, 3));
	expect_human("-3d", today, D(2026, 11, 20));
	expect_human("+0d", today, today);
	expect_human("+2w", today, D(2026, 12, 7));
	expect_human("-1w", today, D(2026, 11, 16));
	expect_human("+3D", today, D(2026, 11, 26));
	expect_human("+5", today, D(2026, 11, 28));       /* no unit: days */
	expect_human("+1m", today, D(2026, 12, 23));
	expect_human("+2m", today, D(2027, 1, 23));
	expect_human("+14m", today, D(2028, 1, 23));
	expect_human("-11m", today, D(2025, 12, 23));
	expect_human("-23m", today, D(2024, 12, 23));
	expect_human("+365d", D(2024, 1, 1), D(2024, 12, 31));
	/* Calendar months clamp the day to the month's end. */
	expect_human("+1m", D(2026, 1, 31), D(2026, 2, 28));
	expect_human("+1m", D(2024, 1, 31), D(2024, 2, 29));
	expect_human("-1m", D(2026, 3, 31), D(2026, 2, 28));
	expect_human("+1m", D(2026, 3, 31), D(2026, 4, 30));
	expect_human("+12m", D(2024, 2, 29), D(2025, 2, 28));
	expect_human("+48m", D(2024, 2, 29), D(2028, 2, 29));
	expect_human("+1m", D(2026, 12, 15), D(2027, 1, 15));
	expect_human("-1m", D(2027, 1, 15), D(2026, 12, 15));
}

static void test_human_weekdays(void **state)
{
	(void)state;
	int mon = D(2026, 11, 23);
	/* The next such day strictly after today. */
	expect_human("mon", mon, D(2026, 11, 30));
	expect_human("monday", mon, D(2026, 11, 30));
	expect_human("tue", mon, D(2026, 11, 24));
	expect_human("Tuesday", mon, D(2026, 11, 24));
	expect_human("wed", mon, D(2026, 11, 25));
	expect_human("THU", mon, D(2026, 11, 26));
	expect_human("friday", mon, D(2026, 11, 27));
	expect_human("Sat", mon, D(2026, 11, 28));
	expect_human("sunday", mon, D(2026, 11, 29));
	expect_human("SUN", D(2026, 11, 29), D(2026, 12, 6));
	expect_human("mon", D(2026, 12, 31), D(2027, 1, 4));
	for (int today = mon; today < mon + 14; today++) {
		int got;
		assert_true(day_parse_human("fri", today, &got, NULL, 0));
		assert_int_equal(day_weekday(got), 5);
		assert_true(got > today && got <= today + 7);
	}
}

#define FORMS "use YYYY-MM-DD, 12/15, today, tomorrow, fri, next fri, in 2 weeks, +3d, " \
	"明日, 来週金曜, 3日後 or 12月15日"

static void test_human_errors(void **state)
{
	(void)state;
	int today = D(2026, 11, 23);
	expect_human_error("2026-02-30", today, "\"2026-02-30\" is not a date: February 2026 has 28 days");
	expect_human_error("2024-02-30", today, "\"2024-02-30\" is not a date: February 2024 has 29 days");
	expect_human_error("2026-04-31", today, "\"2026-04-31\" is not a date: April 2026 has 30 days");
	expect_human_error("2026-13-01", today, "\"2026-13-01\" is not a date: the month must be 01 to 12");
	expect_human_error("0000-05-01", today, "\"0000-05-01\" is not a date: years run from 0001 to 9999");
	expect_human_error("fooday", today, "unknown date \"fooday\": " FORMS);
	expect_human_error("tues", today, "unknown date \"tues\": " FORMS);
	expect_human_error("2026.2.3", today, "unknown date \"2026.2.3\": " FORMS);
	expect_human_error("3", today, "unknown date \"3\": " FORMS);
	expect_human_error("", today, "no date given: " FORMS);
	expect_human_error("   ", today, "no date given: " FORMS);
	expect_human_error("+3x", today, "unknown date \"+3x\": " FORMS " (d = days, w = weeks, m = months)");
	expect_human_error("+d", today, "unknown date \"+d\": " FORMS " (d = days, w = weeks, m = months)");
	expect_human_error("+3dd", today, "unknown date \"+3dd\": " FORMS " (d = days, w = weeks, m = months)");
	expect_human_error("+99999999d", today,
	                   "\"+99999999d\" is out of range: dates run from 0001-01-01 to 9999-12-31");
	expect_human_error("-99999999999999w", today,
	                   "\"-99999999999999w\" is out of range: dates run from 0001-01-01 to 9999-12-31");
	expect_human_error("+100000m", today,
	                   "\"+100000m\" is out of range: dates run from 0001-01-01 to 9999-12-31");
	expect_human_error("tomorrow", D(9999, 12, 31),
	                   "\"tomorrow\" is out of range: dates run from 0001-01-01 to 9999-12-31");
	/* Control characters are not echoed; long input is cut. */
	expect_human_error("\x1b[31mx", today, "unknown date \"?[31mx\": " FORMS);
	expect_human_error("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz", today,
	                   "unknown date \"abcdefghijklmnopqrstuvwxyzabcdefghijklmn...\": " FORMS);
	/* A small buffer is filled without overflow. */
	char why[8];
	int got;
	assert_false(day_parse_human("fooday", today, &got, why, sizeof(why)));
	assert_string_equal(why, "unknown");
}

/* Month and day without a year: the first such day from 120 days ago on. */
static void test_human_month_day(void **state)
{
	(void)state;
	int today = D(2026, 11, 23);   /* 120 days before: 2026-07-26 */
	expect_human("12/15", today, D(2026, 12, 15));
	expect_human("12-15", today, D(2026, 12, 15));
	expect_human("1/5", today, D(2027, 1, 5));
	expect_human("01/05", today, D(2027, 1, 5));
	expect_human("11/20", today, D(2026, 11, 20));     /* three days ago */
	expect_human("11/23", today, today);
	expect_human("7/26", today, D(2026, 7, 26));       /* 120 days ago: still this year's */
	expect_human("7/25", today, D(2027, 7, 25));       /* 121 days ago: next year's */
	expect_human("12/20", D(2027, 1, 5), D(2026, 12, 20));   /* in January: last December */
	expect_human("2/29", D(2027, 11, 23), D(2028, 2, 29));
	expect_human("2/28", D(2027, 11, 23), D(2028, 2, 28));
	/* with a year: year/month/day, slashes or dashes, one or two digits */
	expect_human("2027/1/5", today, D(2027, 1, 5));
	expect_human("2027-1-5", today, D(2027, 1, 5));
	expect_human("2026-2-3", today, D(2026, 2, 3));
	expect_human("2024/02/29", today, D(2024, 2, 29));
	/* Japanese, full-width digits and slashes folded (NFKC) */
	expect_human("12月15日", today, D(2026, 12, 15));
	expect_human("12月15", today, D(2026, 12, 15));
	expect_human("１２月１５日", today, D(2026, 12, 15));
	expect_human("１２／１５", today, D(2026, 12, 15));
	expect_human("1月5日", today, D(2027, 1, 5));
	expect_human("2027年1月5日", today, D(2027, 1, 5));
	expect_human("２０２７年１月５日", today, D(2027, 1, 5));
	expect_human("2027年 1月 5日", today, D(2027, 1, 5));
	expect_human("2025年12月1日", today, D(2025, 12, 1));
}

static void test_human_words_japanese(void **state)
{
	(void)state;
	int today = D(2026, 11, 23);
	expect_human("今日", today, today);
	expect_human("きょう", today, today);
	expect_human("本日", today, today);
	expect_human("明日", today, D(2026, 11, 24));
	expect_human("あした", today, D(2026, 11, 24));
	expect_human("あす", today, D(2026, 11, 24));
	expect_human("明後日", today, D(2026, 11, 25));
	expect_human("あさって", today, D(2026, 11, 25));
	expect_human("昨日", today, D(2026, 11, 22));
	expect_human("一昨日", today, D(2026, 11, 21));
	expect_human("おととい", today, D(2026, 11, 21));
	expect_human("Ｔｏｄａｙ", today, today);          /* full-width letters */
	expect_human("明日", D(2026, 12, 31), D(2027, 1, 1));
}

static void test_human_counts(void **state)
{
	(void)state;
	int today = D(2026, 11, 23);
	expect_human("in 2 weeks", today, D(2026, 12, 7));
	expect_human("in 3 days", today, D(2026, 11, 26));
	expect_human("in 1 day", today, D(2026, 11, 24));
	expect_human("in 1 week", today, D(2026, 11, 30));
	expect_human("in 1 month", today, D(2026, 12, 23));
	expect_human("in 2 months", today, D(2027, 1, 23));
	expect_human("In  3   Days", today, D(2026, 11, 26));
	expect_human("in 3d", today, D(2026, 11, 26));
	expect_human("2 weeks", today, D(2026, 12, 7));
	expect_human("2w", today, D(2026, 12, 7));
	expect_human("10 days", today, D(2026, 12, 3));
	expect_human("3 days ago", today, D(2026, 11, 20));
	expect_human("1 month ago", D(2026, 3, 31), D(2026, 2, 28));   /* clamped */
	expect_human("in 1 month", D(2026, 1, 31), D(2026, 2, 28));
	expect_human("3日後", today, D(2026, 11, 26));
	expect_human("３日後", today, D(2026, 11, 26));
	expect_human("2週間後", today, D(2026, 12, 7));
	expect_human("2週後", today, D(2026, 12, 7));
	expect_human("1ヶ月後", today, D(2026, 12, 23));
	expect_human("1か月後", today, D(2026, 12, 23));
	expect_human("1カ月後", today, D(2026, 12, 23));
	expect_human("1ヵ月後", today, D(2026, 12, 23));
	expect_human("1ｹ月後", today, D(2026, 12, 23));     /* half-width ケ */
	expect_human("3日前", today, D(2026, 11, 20));
	expect_human("1週間前", today, D(2026, 11, 16));
	expect_human("0日後", today, today);
}

/* Weeks run Monday to Sunday. fri: the next Friday after today; next fri /
 * 来週金曜: Friday of next week; this fri / 今週金曜: of this week. */
static void test_human_weeks(void **state)
{
	(void)state;
	int mon = D(2026, 11, 23), sat = D(2026, 11, 28), sun = D(2026, 11, 29);
	expect_human("next fri", mon, D(2026, 12, 4));
	expect_human("next friday", mon, D(2026, 12, 4));
	expect_human("Next Fri", mon, D(2026, 12, 4));
	expect_human("next mon", mon, D(2026, 11, 30));
	expect_human("next sun", mon, D(2026, 12, 6));
	expect_human("this fri", mon, D(2026, 11, 27));
	expect_human("this mon", mon, mon);
	expect_human("this fri", sat, D(2026, 11, 27));     /* yesterday: still this week */
	expect_human("next fri", sun, D(2026, 12, 4));
	expect_human("fri", sun, D(2026, 12, 4));
	expect_human("next fri", D(2026, 11, 27), D(2026, 12, 4));   /* a Friday: a week on */
	expect_human("来週金曜", mon, D(2026, 12, 4));
	expect_human("来週金曜日", mon, D(2026, 12, 4));
	expect_human("来週の金曜日", mon, D(2026, 12, 4));
	expect_human("来週 金曜", mon, D(2026, 12, 4));
	expect_human("来週月曜", sun, D(2026, 11, 30));     /* Sunday: tomorrow is next week */
	expect_human("今週金曜", mon, D(2026, 11, 27));
	expect_human("再来週水曜", mon, D(2026, 12, 9));
	expect_human("金曜", mon, D(2026, 11, 27));
	expect_human("金曜日", mon, D(2026, 11, 27));
	expect_human("月曜日", mon, D(2026, 11, 30));       /* never today */
	expect_human("日曜", mon, D(2026, 11, 29));
	expect_human("土曜日", sat, D(2026, 12, 5));
	expect_human("next week", mon, D(2026, 11, 30));
	expect_human("来週", mon, D(2026, 11, 30));
	expect_human("来週", sat, D(2026, 11, 30));
	expect_human("来週", sun, D(2026, 11, 30));
	expect_human("再来週", mon, D(2026, 12, 7));
	expect_human("next month", mon, D(2026, 12, 1));
	expect_human("来月", mon, D(2026, 12, 1));
	expect_human("来月", D(2026, 12, 31), D(2027, 1, 1));
}

static void test_human_new_errors(void **state)
{
	(void)state;
	int today = D(2026, 11, 23);
	expect_human_error("13/45", today, "\"13/45\" is not a date: the month must be 1 to 12");
	expect_human_error("0/5", today, "\"0/5\" is not a date: the month must be 1 to 12");
	expect_human_error("4/31", today, "\"4/31\" is not a date: April has 30 days");
	expect_human_error("2/30", today, "\"2/30\" is not a date: February has 29 days");
	expect_human_error("2/29", today,
			   "\"2/29\": no 29 February comes within a year: give the year (2028-02-29)");
	expect_human_error("2027/2/29", today, "\"2027/2/29\" is not a date: February 2027 has 28 days");
	expect_human_error("0000/1/5", today, "\"0000/1/5\" is not a date: years run from 0001 to 9999");
	expect_human_error("12月32日", today, "\"12月32日\" is not a date: December has 31 days");
	expect_human_error("13月1日", today, "\"13月1日\" is not a date: the month must be 1 to 12");
	expect_human_error("0年1月1日", today, "\"0年1月1日\" is not a date: years run from 0001 to 9999");
	expect_human_error("next fooday", today,
			   "unknown date \"next fooday\": after next or this comes a weekday (next fri, "
			   "this mon, 来週金曜)");
	expect_human_error("来週水", today,
			   "unknown date \"来週水\": after next or this comes a weekday (next fri, "
			   "this mon, 来週金曜)");
	expect_human_error("in 2 fortnights", today,
			   "unknown date \"in 2 fortnights\": after the number comes days, weeks or "
			   "months (in 2 weeks, 3 days ago)");
	expect_human_error("in soon", today,
			   "unknown date \"in soon\": write in N days, weeks or months (in 2 weeks)");
	expect_human_error("3日", today,
			   "unknown date \"3日\": write 後 (after) or 前 (before) after the count "
			   "(3日後, 2週間後, 1ヶ月後)");
	expect_human_error("in 99999999 days", today,
			   "\"in 99999999 days\" is out of range: dates run from 0001-01-01 to 9999-12-31");
	expect_human_error("in 9999999999 days", today,
			   "\"in 9999999999 days\" is out of range: dates run from 0001-01-01 to 9999-12-31");
	expect_human_error("100000ヶ月後", today,
			   "\"100000ヶ月後\" is out of range: dates run from 0001-01-01 to 9999-12-31");
	expect_human_error("next fri", D(9999, 12, 31),
			   "\"next fri\" is out of range: dates run from 0001-01-01 to 9999-12-31");
	expect_human_error("12/15/2027", today, "unknown date \"12/15/2027\": " FORMS);
	expect_human_error("12.15", today, "unknown date \"12.15\": " FORMS);
	expect_human_error("12月", today, "unknown date \"12月\": " FORMS);
	expect_human_error("tues", today, "unknown date \"tues\": " FORMS);
	expect_human_error("in 3 days ago", today, "unknown date \"in 3 days ago\": " FORMS);
}

static void test_today_env(void **state)
{
	(void)state;
	setenv("CSCONSOLE_TODAY", "2026-11-23", 1);
	assert_int_equal(day_today(), D(2026, 11, 23));
	assert_false(day_today_env_invalid());
	assert_true(ts_now() == (int64_t)D(2026, 11, 23) * 86400 + 12 * 3600);

	time_t now = time(NULL);
	struct tm tm;
	assert_non_null(localtime_r(&now, &tm));
	int local = D(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);

	setenv("CSCONSOLE_TODAY", "2026-02-30", 1);
	assert_true(day_today_env_invalid());
	assert_int_equal(day_today(), local);
	assert_true(ts_now() >= (int64_t)now && ts_now() < (int64_t)now + 60);

	unsetenv("CSCONSOLE_TODAY");
	assert_false(day_today_env_invalid());
	assert_int_equal(day_today(), local);
}

static void expect_ts(const char *s, int64_t want)
{
	int64_t got = -7;
	if (!ts_parse_iso(s, &got))
		fail_msg("\"%s\" rejected", s);
	if (got != want)
		fail_msg("\"%s\": got %lld, want %lld", s, (long long)got, (long long)want);
}

static void test_ts_parse(void **state)
{
	(void)state;
	int64_t day = oracle_day(2026, 11, 23) * 86400;
	expect_ts("2026-11-23", day);
	expect_ts("2026-11-23T10:20:30Z", day + 37230);
	expect_ts("2026-11-23T10:20:30z", day + 37230);
	expect_ts("2026-11-23T10:20Z", day + 37200);
	expect_ts("2026-11-23T10:20:30", day + 37230);
	expect_ts("2026-11-23 10:20:30Z", day + 37230);
	expect_ts("2026-11-23T10:20:30.123Z", day + 37230);
	expect_ts("2026-11-23T10:20:30+09:00", day + 37230 - 9 * 3600);
	expect_ts("2026-11-23T10:20:30+0900", day + 37230 - 9 * 3600);
	expect_ts("2026-11-23T10:20:30-05:30", day + 37230 + 5 * 3600 + 1800);
	expect_ts("2026-11-23T00:00:00-00:00", day);
	expect_ts("2026-11-23T01:00:00+09:00", day - 8 * 3600);   /* previous UTC day */
	expect_ts("1969-12-31T23:59:59Z", -1);
	expect_ts("2016-12-31T23:59:60Z", oracle_day(2017, 1, 1) * 86400);  /* leap second */

	static const char *const bad[] = {
		"", "2026-11-2", "2026-02-30", "2026-02-30T00:00Z", "2026-11-23T", "2026-11-23T10",
		"2026-11-23T24:00Z", "2026-11-23T10:60Z", "2026-11-23T10:20:61Z", "2026-11-23T1:20Z",
		"2026-11-23T10:20:30Zjunk", "2026-11-23T10:20:30+24:00", "2026-11-23T10:20:30+09:60",
		"2026-11-23T10:20:30+09:", "2026-11-23T10:20:30+9", "2026-11-23T10:20:30.Z",
		"2026-11-23X10:20Z", "2026-11-23T10:20:30 +09:00",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t v = 99;
		if (ts_parse_iso(bad[i], &v))
			fail_msg("\"%s\" accepted", bad[i]);
		assert_true(v == 99);
	}
	int64_t v;
	assert_false(ts_parse_iso(NULL, &v));
}

static void test_ts_format(void **state)
{
	(void)state;
	char buf[21];
	ts_format_iso(0, buf);
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	ts_format_iso(-1, buf);
	assert_string_equal(buf, "1969-12-31T23:59:59Z");
	ts_format_iso(oracle_day(2026, 11, 23) * 86400 + 37230, buf);
	assert_string_equal(buf, "2026-11-23T10:20:30Z");
	/* Round trip through the parser, across a range including negatives. */
	for (int64_t t = -4000000000LL; t < 4000000000LL; t += 7777777) {
		int64_t back;
		ts_format_iso(t, buf);
		assert_int_equal(strlen(buf), 20);
		assert_true(ts_parse_iso(buf, &back));
		assert_true(back == t);
	}
	/* Out of range: clamped, still 20 characters. */
	ts_format_iso(INT64_MAX, buf);
	assert_string_equal(buf, "9999-12-31T23:59:59Z");
	ts_format_iso(INT64_MIN, buf);
	assert_string_equal(buf, "0001-01-01T00:00:00Z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_epoch_and_known_days),
		cmocka_unit_test(test_against_libc),
		cmocka_unit_test(test_full_range_continuity),
		cmocka_unit_test(test_leap_years_and_month_ends),
		cmocka_unit_test(test_parse_and_format_iso),
		cmocka_unit_test(test_day_format),
		cmocka_unit_test(test_week_start),
		cmocka_unit_test(test_human_words_and_iso),
		cmocka_unit_test(test_human_offsets),
		cmocka_unit_test(test_human_weekdays),
		cmocka_unit_test(test_human_errors),
		cmocka_unit_test(test_human_month_day),
		cmocka_unit_test(test_human_words_japanese),
		cmocka_unit_test(test_human_counts),
		cmocka_unit_test(test_human_weeks),
		cmocka_unit_test(test_human_new_errors),
		cmocka_unit_test(test_today_env),
		cmocka_unit_test(test_ts_parse),
		cmocka_unit_test(test_ts_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
