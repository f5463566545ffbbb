/* date.c - calendar days and UTC timestamps (see date.h).
 *
 * Days are converted with Howard Hinnant's days_from_civil/civil_from_days
 * algorithms on int64 arithmetic, so no time_t, time zone or DST is involved
 * and no input can overflow. Valid years are 0001 to 9999 (four digits, as
 * YYYY-MM-DD needs).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "csconsole/date.h"
#include "csconsole/display.h"
#include "csconsole/i18n.h"
#include "csconsole/textnorm.h"
#include "csconsole/util.h"

#define SECS_PER_DAY 86400
#define YEAR_MIN 1
#define YEAR_MAX 9999

/* Shown by every day_parse_human failure, so a person learns what works
 * (docs/csconsole.1 and README.md, "Dates", list every form). */
#define HUMAN_FORMS N_("use YYYY-MM-DD, 12/15, today, tomorrow, fri, next fri, in 2 weeks, +3d, " \
	"明日, 来週金曜, 3日後 or 12月15日")
#define OUT_OF_RANGE N_("\"%s\" is out of range: dates run from 0001-01-01 to 9999-12-31")
/* A month and day without a year (12/15, 12月15日) is the first such day from
 * this many days ago on: a few months back (a note on a past call), else ahead. */
#define MD_LOOKBACK 120

/* Month and weekday names as shown (translated where used: _(name)). */
static const char *const month_names[12] = {
	N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
	N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
};
static const char *const month_abbr[12] = {
	N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"),
	N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"),
};
static const char *const weekday_full[7] = {
	N_("Sunday"), N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
	N_("Saturday"),
};
static const char *const weekday_abbr[7] = {
	N_("Sun"), N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"),
};

/* The weekday names typed (day_parse_human): English, never translated. */

static const char *const weekday_names[7] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
};

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static int64_t floor_mod(int64_t a, int64_t b)
{
	return a - floor_div(a, b) * b;
}

static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;                                /* [0, 399] */
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;        /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

bool ymd_valid(int y, int m, int d)
{
	return y >= YEAR_MIN && y <= YEAR_MAX && m >= 1 && m <= 12 &&
	       d >= 1 && d <= days_in_month(y, m);
}

int day_from_ymd(int y, int m, int d)
{
	if (!ymd_valid(y, m, d))
		return DAY_NONE;
	return (int)days_from_civil(y, m, d);
}

void day_to_ymd(int day, int *y, int *m, int *d)
{
	int64_t yy;
	civil_from_days(day, &yy, m, d);
	*y = (int)yy;
}

static bool day_in_range(int64_t day)
{
	return day >= days_from_civil(YEAR_MIN, 1, 1) && day <= days_from_civil(YEAR_MAX, 12, 31);
}

int day_weekday(int day)
{
	return (int)floor_mod((int64_t)day + 4, 7);   /* 1970-01-01 was a Thursday */
}

int day_week_start(int day, int week_start)
{
	return day - (int)floor_mod((int64_t)day_weekday(day) - week_start, 7);
}

int day_year_earlier(int day)
{
	int y, m, d;
	day_to_ymd(day, &y, &m, &d);
	if (m == 2 && d == 29)
		d = 28;
	return day_from_ymd(y - 1, m, d);
}

/* Reads exactly n digits; false if any is not a digit. */
static bool read_digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* "YYYY-MM-DD" at s, digits and dashes only (the date itself unchecked). */
static bool scan_ymd(const char *s, int *y, int *m, int *d)
{
	return read_digits(s, 4, y) && s[4] == '-' && read_digits(s + 5, 2, m) &&
	       s[7] == '-' && read_digits(s + 8, 2, d);
}

bool day_parse_iso(const char *s, int *out)
{
	int y, m, d;
	if (!s || strlen(s) != 10 || !scan_ymd(s, &y, &m, &d) || !ymd_valid(y, m, d))
		return false;
	*out = day_from_ymd(y, m, d);
	return true;
}

void day_format_iso(int day, char out[11])
{
	int y, m, d;
	day_to_ymd(day, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

const char *weekday_label(int wday, bool full)
{
	if (wday < 0 || wday > 6)
		return "";
	return _(full ? weekday_full[wday] : weekday_abbr[wday]);
}

/* The short format "auto" stands for, in the interface language. */
static const char *auto_format(void)
{
	return i18n_lang() == UI_JA ? "%-m月%-d日(%a)" : "%Y-%m-%d";
}

/* fmt with the names (%a %A %b %h %B) written out in the interface language
 * (never LC_TIME's: an English interface under LANG=ja_JP says "Tue"), a
 * '%' in a name doubled for strftime. */
static void expand_names(const char *fmt, int wday, int month, char *out, size_t size)
{
	size_t o = 0;
	for (const char *p = fmt; *p && o + 1 < size; p++) {
		const char *name = NULL;
		if (p[0] == '%' && p[1]) {
			switch (p[1]) {
			case 'a': name = weekday_label(wday, false); break;
			case 'A': name = weekday_label(wday, true); break;
			case 'b': case 'h': name = _(month_abbr[month - 1]); break;
			case 'B': name = _(month_names[month - 1]); break;
			default:
				/* another conversion (or "%%"): both characters as they are */
				if (o + 2 < size) {
					out[o++] = *p++;
					out[o++] = *p;
				}
				continue;
			}
			p++;
			for (; *name && o + 2 < size; name++) {
				if (*name == '%')
					out[o++] = '%';
				out[o++] = *name;
			}
			continue;
		}
		out[o++] = *p;
	}
	out[o] = '\0';
}

void day_format(int day, const char *fmt, char *out, size_t size)
{
	struct tm tm = {0};
	int y, m, d;
	size_t n;
	char expanded[256];

	if (size == 0)
		return;
	if (strcmp(fmt, "auto") == 0)
		fmt = auto_format();
	day_to_ymd(day, &y, &m, &d);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_wday = day_weekday(day);
	tm.tm_yday = (int)(day - days_from_civil(y, 1, 1));
	tm.tm_isdst = -1;
	expand_names(fmt, tm.tm_wday, m, expanded, sizeof(expanded));
	/* fmt is the date_format setting, not a literal: strftime has no
	 * arguments to mismatch, so an odd format can only print oddly. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	n = strftime(out, size, expanded, &tm);
#pragma GCC diagnostic pop
	if (n == 0 && expanded[0] != '\0') {
		/* Too long for out (contents undefined): ISO beats an empty cell. */
		char iso[11];
		day_format_iso(day, iso);
		str_copy(out, size, strlen(iso) < size ? iso : "");
	}
}

/* Copies the user's input into a message, bounded and without controls. */
static void quote_input(const char *s, char *out, size_t size)
{
	size_t max = 40, i = 0, o = 0;
	if (size == 0)
		return;
	while (s[i] && i < max && o + 1 < size) {
		unsigned char c = (unsigned char)s[i++];
		out[o++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	if (s[i]) {
		/* Cut: back off to a UTF-8 character boundary, then mark it. */
		while (o > 0 && ((unsigned char)out[o - 1] & 0xc0) == 0x80)
			o--;
		if (o > 0 && ((unsigned char)out[o - 1] & 0xc0) == 0xc0)
			o--;
		if (o + 3 < size) {
			memcpy(out + o, "...", 3);
			o += 3;
		}
	}
	out[o] = '\0';
}

static bool explain(char *why, size_t why_size, const char *fmt, ...) PRINTF_LIKE(3, 4);
static bool explain(char *why, size_t why_size, const char *fmt, ...)
{
	va_list ap;
	if (why && why_size) {
		va_start(ap, fmt);
		vsnprintf(why, why_size, fmt, ap);
		va_end(ap);
	}
	return false;
}

/* n days ('d'), weeks ('w') or calendar months ('m': the same day number,
 * clamped to the month's end) from day; false when out of range. */
static bool add_units(int day, int64_t n, char unit, int64_t *out)
{
	if (unit == 'd') {
		*out = day + n;
	} else if (unit == 'w') {
		*out = day + 7 * n;
	} else {
		int64_t y;
		int m, d;
		civil_from_days(day, &y, &m, &d);
		int64_t months = y * 12 + (m - 1) + n;
		int64_t ny = floor_div(months, 12);
		int nm = (int)floor_mod(months, 12) + 1;
		if (ny < YEAR_MIN || ny > YEAR_MAX)
			return false;
		int dim = days_in_month(ny, nm);
		*out = days_from_civil(ny, nm, d > dim ? dim : d);
	}
	return day_in_range(*out);
}

/* "+3d", "-2w", "+1m", "+5" (days): true and *out set when s has that shape. */
static bool parse_offset(const char *s, int today, int64_t *out, bool *is_offset)
{
	int sign = s[0] == '-' ? -1 : 1;
	int64_t n = 0;
	int digits = 0;
	const char *p = s + 1;

	*is_offset = false;
	if (s[0] != '+' && s[0] != '-')
		return false;
	while (isdigit((unsigned char)*p)) {
		if (++digits > 9)
			return false;           /* far out of range anyway */
		n = n * 10 + (*p++ - '0');
	}
	if (digits == 0)
		return false;
	char unit = *p;
	if (unit == '\0')
		unit = 'd';
	else if (p[1] != '\0' || (unit != 'd' && unit != 'w' && unit != 'm'))
		return false;
	*is_offset = true;
	return add_units(today, n * sign, unit, out);
}

/* ---- The forms beyond ISO, on the folded text (see day_parse_human) ------------ */

/* Each form's parser answers: not this form, a day, or an error in why. */
enum form { FORM_NO, FORM_OK, FORM_ERR };

struct human {
	const char *q;          /* the input, quoted for messages */
	int today;
	char *why;
	size_t why_size;
};

static enum form form_error(const struct human *h, const char *fmt, ...) PRINTF_LIKE(2, 3);
static enum form form_error(const struct human *h, const char *fmt, ...)
{
	va_list ap;
	if (h->why && h->why_size) {
		va_start(ap, fmt);
		vsnprintf(h->why, h->why_size, fmt, ap);
		va_end(ap);
	}
	return FORM_ERR;
}

static enum form form_day(const struct human *h, int64_t v, int *out)
{
	if (!day_in_range(v))
		return form_error(h, _(OUT_OF_RANGE), h->q);
	*out = (int)v;
	return FORM_OK;
}

/* Advances *p past word if the text there starts with it. */
static bool eat(const char **p, const char *word)
{
	size_t n = strlen(word);
	if (strncmp(*p, word, n) != 0)
		return false;
	*p += n;
	return true;
}

static void eat_spaces(const char **p)
{
	while (**p == ' ')
		(*p)++;
}

/* 1 to max digits at *p: true, their value in *v and *p past them; else
 * false and *p where it was. */
static bool eat_int(const char **p, int max, int64_t *v)
{
	int n = (int)strspn(*p, "0123456789");
	if (n == 0 || n > max)
		return false;
	*v = 0;
	for (int i = 0; i < n; i++)
		*v = *v * 10 + ((*p)[i] - '0');
	*p += n;
	return true;
}

/* The day of year y (0: the first from MD_LOOKBACK days ago on), month m, day d. */
static enum form resolve_ymd(const struct human *h, int64_t y, int64_t m, int64_t d, int *out)
{
	int ty, tm, td;

	if (m < 1 || m > 12)
		return form_error(h, _("\"%s\" is not a date: the month must be 1 to 12"), h->q);
	if (y != 0) {
		if (y < YEAR_MIN || y > YEAR_MAX)
			return form_error(h, _("\"%s\" is not a date: years run from 0001 to 9999"), h->q);
		if (d < 1 || d > days_in_month(y, (int)m))
			return form_error(h, _("\"%s\" is not a date: %s %d has %d days"), h->q,
					  _(month_names[m - 1]), (int)y, days_in_month(y, (int)m));
		return form_day(h, days_from_civil(y, m, d), out);
	}
	if (d < 1 || d > days_in_month(2000, (int)m))   /* 2000: a leap year */
		return form_error(h, _("\"%s\" is not a date: %s has %d days"), h->q, _(month_names[m - 1]),
				  days_in_month(2000, (int)m));
	day_to_ymd(h->today, &ty, &tm, &td);
	int64_t from = (int64_t)h->today - MD_LOOKBACK;
	for (int64_t yy = ty - 1; yy <= ty + 1; yy++) {
		if (yy < YEAR_MIN || yy > YEAR_MAX || d > days_in_month(yy, (int)m))
			continue;
		int64_t v = days_from_civil(yy, m, d);
		if (v >= from)
			return form_day(h, v, out);
	}
	if (m == 2 && d == 29) {
		int64_t leap = ty + 1;
		while (!is_leap(leap))
			leap++;
		return form_error(h, _("\"%s\": no 29 February comes within a year: give the year "
				  "(%04d-02-29)"), h->q, (int)leap);
	}
	return form_error(h, _(OUT_OF_RANGE), h->q);
}

/* 2027-1-5, 2027/1/5 (a year of four digits first), 12/15, 12-15 (month, day). */
static enum form form_numeric(const struct human *h, const char *t, int *out)
{
	int64_t a, b, c;
	const char *p = t;
	char sep;

	if (!eat_int(&p, 4, &a) || (*p != '/' && *p != '-'))
		return FORM_NO;
	size_t na = (size_t)(p - t);
	sep = *p++;
	if (!eat_int(&p, 2, &b) || (*p != '\0' && *p != sep))
		return FORM_NO;
	if (*p == '\0')
		return na <= 2 ? resolve_ymd(h, 0, a, b, out) : FORM_NO;
	p++;
	if (na != 4 || !eat_int(&p, 2, &c) || *p != '\0')
		return FORM_NO;
	if (a < YEAR_MIN)
		return form_error(h, _("\"%s\" is not a date: years run from 0001 to 9999"), h->q);
	return resolve_ymd(h, a, b, c, out);
}

/* 12月15日, 12月15, 2027年1月5日 (full-width digits were folded to ASCII). */
static enum form form_kanji_date(const struct human *h, const char *t, int *out)
{
	int64_t y = 0, m, d;
	const char *p = t;
	int64_t first;

	if (!eat_int(&p, 4, &first))
		return FORM_NO;
	if (eat(&p, "年")) {
		if (first < YEAR_MIN)
			return form_error(h, _("\"%s\" is not a date: years run from 0001 to 9999"), h->q);
		y = first;
		eat_spaces(&p);
		if (!eat_int(&p, 2, &m))
			return FORM_NO;
	} else {
		m = first;
	}
	if (!eat(&p, "月"))
		return FORM_NO;
	eat_spaces(&p);
	if (!eat_int(&p, 2, &d))
		return FORM_NO;
	eat(&p, "日");
	if (*p != '\0')
		return FORM_NO;
	return resolve_ymd(h, y, m, d, out);
}

static const struct { const char *word; int offset; } day_words[] = {
	{ "today", 0 }, { "tomorrow", 1 }, { "yesterday", -1 },
	{ "今日", 0 }, { "きょう", 0 }, { "本日", 0 },
	{ "明日", 1 }, { "あした", 1 }, { "あす", 1 },
	{ "明後日", 2 }, { "あさって", 2 },
	{ "昨日", -1 }, { "きのう", -1 }, { "一昨日", -2 }, { "おととい", -2 },
};

static enum form form_word(const struct human *h, const char *t, int *out)
{
	for (size_t i = 0; i < sizeof(day_words) / sizeof(day_words[0]); i++)
		if (strcmp(t, day_words[i].word) == 0)
			return form_day(h, (int64_t)h->today + day_words[i].offset, out);
	return FORM_NO;
}

/* A unit after a count: 'd', 'w', 'm', or 0. English words need their end. */
static char eat_unit(const char **p)
{
	static const struct { const char *word; char unit; } units[] = {
		{ "days", 'd' }, { "day", 'd' }, { "d", 'd' },
		{ "weeks", 'w' }, { "week", 'w' }, { "wks", 'w' }, { "wk", 'w' }, { "w", 'w' },
		{ "months", 'm' }, { "month", 'm' }, { "mos", 'm' }, { "mo", 'm' }, { "m", 'm' },
	};
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		const char *q = *p;
		if (eat(&q, units[i].word) && (*q == '\0' || *q == ' ')) {
			*p = q;
			return units[i].unit;
		}
	}
	return 0;
}

static char eat_kanji_unit(const char **p)
{
	static const struct { const char *word; char unit; } units[] = {
		{ "日", 'd' }, { "週間", 'w' }, { "週", 'w' },
		{ "ヶ月", 'm' }, { "ヵ月", 'm' }, { "か月", 'm' }, { "カ月", 'm' }, { "ケ月", 'm' },
		{ "箇月", 'm' },
	};
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (eat(p, units[i].word))
			return units[i].unit;
	return 0;
}

/* in 2 weeks, 2 weeks, 3d, 3 days ago; 3日後, 2週間後, 1ヶ月後, 3日前. */
static enum form form_count(const struct human *h, const char *t, int *out)
{
	const char *p = t;
	bool in = eat(&p, "in ");
	int64_t n, v;
	char unit;
	int sign = 1;

	eat_spaces(&p);
	if (!eat_int(&p, 9, &n)) {
		if (isdigit((unsigned char)*p))   /* ten digits or more: far out of range */
			return form_error(h, _(OUT_OF_RANGE), h->q);
		return in ? form_error(h, _("unknown date \"%s\": write in N days, weeks or months "
				       "(in 2 weeks)"), h->q) : FORM_NO;
	}
	eat_spaces(&p);
	/* a number, then what starts no unit (12.15, 3): another form, or none */
	if (!in && !islower((unsigned char)*p) && (unsigned char)*p < 0x80)
		return FORM_NO;
	if (!in && (unit = eat_kanji_unit(&p)) != 0) {
		if (eat(&p, "後"))
			sign = 1;
		else if (eat(&p, "前"))
			sign = -1;
		else
			return form_error(h, _("unknown date \"%s\": write 後 (after) or 前 (before) "
					  "after the count (3日後, 2週間後, 1ヶ月後)"), h->q);
		if (*p != '\0')
			return FORM_NO;
	} else {
		unit = eat_unit(&p);
		if (!unit && !in && (unsigned char)*p >= 0x80)
			return FORM_NO;
		if (!unit)
			return form_error(h, _("unknown date \"%s\": after the number comes days, weeks or "
					  "months (in 2 weeks, 3 days ago)"), h->q);
		eat_spaces(&p);
		if (!in && eat(&p, "ago"))
			sign = -1;
		if (*p != '\0')
			return FORM_NO;
	}
	if (!add_units(h->today, n * sign, unit, &v))
		return form_error(h, _(OUT_OF_RANGE), h->q);
	*out = (int)v;
	return FORM_OK;
}

/* A weekday's index in weekday_names (0 = Sunday) from its whole name or its
 * first three letters, ending the text; or -1. */
static int eat_weekday(const char **p)
{
	for (int wd = 0; wd < 7; wd++) {
		if (strcmp(*p, weekday_names[wd]) == 0 ||
		    (strlen(*p) == 3 && strncmp(*p, weekday_names[wd], 3) == 0)) {
			*p += strlen(*p);
			return wd;
		}
	}
	return -1;
}

/* 金曜, 金曜日 (日 月 火 水 木 金 土 + 曜): a weekday index, or -1. */
static int eat_kanji_weekday(const char **p)
{
	static const char *const kanji[7] = { "日", "月", "火", "水", "木", "金", "土" };
	for (int wd = 0; wd < 7; wd++) {
		const char *q = *p;
		if (eat(&q, kanji[wd]) && eat(&q, "曜")) {
			eat(&q, "日");
			*p = q;
			return wd;
		}
	}
	return -1;
}

/* Weeks run Monday to Sunday: the Monday of the week holding day. */
static int64_t week_monday(int day)
{
	return day_week_start(day, 1);
}

/* fri, friday, 金曜: the next one after today. next fri, 来週金曜: that day of
 * next week; this fri, 今週金曜: of this week (weeks run Monday to Sunday).
 * next week, 来週: Monday of next week; 再来週: of the week after; next month,
 * 来月: the 1st of next month. */
static enum form form_weekday(const struct human *h, const char *t, int *out)
{
	const char *p = t;
	int weeks = -1;          /* -1: no prefix, else weeks after this one */
	int wd;

	if (strcmp(t, "next week") == 0 || strcmp(t, "来週") == 0)
		return form_day(h, week_monday(h->today) + 7, out);
	if (strcmp(t, "再来週") == 0)
		return form_day(h, week_monday(h->today) + 14, out);
	if (strcmp(t, "next month") == 0 || strcmp(t, "来月") == 0) {
		int y, m, d;
		int64_t v;
		day_to_ymd(h->today, &y, &m, &d);
		if (!add_units(day_from_ymd(y, m, 1), 1, 'm', &v))
			return form_error(h, _(OUT_OF_RANGE), h->q);
		*out = (int)v;
		return FORM_OK;
	}
	if (eat(&p, "next ") || eat(&p, "来週"))
		weeks = 1;
	else if (eat(&p, "this ") || eat(&p, "今週"))
		weeks = 0;
	else if (eat(&p, "再来週"))
		weeks = 2;
	if (weeks >= 0) {
		eat_spaces(&p);
		eat(&p, "の");
	}
	wd = eat_weekday(&p);
	if (wd < 0)
		wd = eat_kanji_weekday(&p);
	if (wd < 0 || *p != '\0') {
		if (weeks >= 0)
			return form_error(h, _("unknown date \"%s\": after next or this comes a weekday "
					  "(next fri, this mon, 来週金曜)"), h->q);
		return FORM_NO;
	}
	if (weeks < 0) {
		int ahead = (int)floor_mod((int64_t)wd - day_weekday(h->today), 7);
		return form_day(h, (int64_t)h->today + (ahead == 0 ? 7 : ahead), out);
	}
	/* within a week: Monday 0 ... Sunday 6 */
	return form_day(h, week_monday(h->today) + 7 * weeks + (wd + 6) % 7, out);
}

/* The input folded (NFKC and case: full-width digits and letters as ASCII),
 * spaces (ideographic ones too) made single; false when too long. */
static bool fold_input(const char *s, size_t len, char *t, size_t size)
{
	size_t n, o = 0;
	char *f = textnorm_fold(s, len, 0, &n);
	bool space = false;

	for (size_t i = 0; i < n; i++) {
		if (f[i] == ' ' || (f[i] >= '\t' && f[i] <= '\r')) {
			space = o > 0;
			continue;
		}
		if (o + 2 >= size) {
			free(f);
			return false;
		}
		if (space)
			t[o++] = ' ';
		space = false;
		t[o++] = f[i];
	}
	t[o] = '\0';
	free(f);
	return true;
}

bool day_parse_human(const char *s, int today, int *out, char *why, size_t why_size)
{
	char buf[64], t[64], q[48];
	size_t len;
	int y, m, d;
	struct human h = { .q = q, .today = today, .why = why, .why_size = why_size };
	enum form (*const forms[])(const struct human *, const char *, int *) = {
		form_numeric, form_kanji_date, form_word, form_weekday, form_count,
	};

	if (!s)
		s = "";
	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if (len == 0)
		return explain(why, why_size, _("no date given: %s"), _(HUMAN_FORMS));
	if (len >= sizeof(buf)) {
		quote_input(s, q, sizeof(q));
		return explain(why, why_size, _("unknown date \"%s\": %s"), q, _(HUMAN_FORMS));
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	quote_input(buf, q, sizeof(q));

	if (len == 10 && scan_ymd(buf, &y, &m, &d)) {
		if (y < YEAR_MIN)
			return explain(why, why_size, _("\"%s\" is not a date: years run from 0001 to 9999"), q);
		if (m < 1 || m > 12)
			return explain(why, why_size, _("\"%s\" is not a date: the month must be 01 to 12"), q);
		if (d < 1 || d > days_in_month(y, m))
			return explain(why, why_size, _("\"%s\" is not a date: %s %d has %d days"),
			               q, _(month_names[m - 1]), y, days_in_month(y, m));
		*out = day_from_ymd(y, m, d);
		return true;
	}
	if (!fold_input(buf, len, t, sizeof(t)) || t[0] == '\0')
		return explain(why, why_size, _("unknown date \"%s\": %s"), q, _(HUMAN_FORMS));
	if (t[0] == '+' || t[0] == '-') {
		int64_t v;
		bool is_offset;
		if (parse_offset(t, today, &v, &is_offset)) {
			*out = (int)v;
			return true;
		}
		if (is_offset || (isdigit((unsigned char)t[1]) && strspn(t + 1, "0123456789") > 9))
			return explain(why, why_size, _(OUT_OF_RANGE), q);
		return explain(why, why_size, _("unknown date \"%s\": %s (d = days, w = weeks, m = months)"), q, _(HUMAN_FORMS));
	}
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		int day;
		switch (forms[i](&h, t, &day)) {
		case FORM_OK:
			*out = day;
			return true;
		case FORM_ERR:
			return false;
		case FORM_NO:
			break;
		}
	}
	return explain(why, why_size, _("unknown date \"%s\": %s"), q, _(HUMAN_FORMS));
}

static const char *today_env(void)
{
	const char *v = getenv("CSCONSOLE_TODAY");
	return str_empty(v) ? NULL : v;
}

int day_today(void)
{
	const char *env = today_env();
	int day;
	time_t now;
	struct tm tm;

	if (env && day_parse_iso(env, &day))
		return day;
	now = time(NULL);
	if (!localtime_r(&now, &tm))
		return (int)floor_div((int64_t)now, SECS_PER_DAY);
	return day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

bool day_today_env_invalid(void)
{
	const char *env = today_env();
	int day;
	return env && !day_parse_iso(env, &day);
}

int64_t ts_now(void)
{
	const char *env = today_env();
	int day;
	if (env && day_parse_iso(env, &day))
		return (int64_t)day * SECS_PER_DAY + SECS_PER_DAY / 2;
	return (int64_t)time(NULL);
}

/* ISO 8601 / RFC 3339 timestamps. A time without a zone is taken as UTC;
 * fractional seconds (as in JavaScript's toISOString) are accepted and dropped. */
bool ts_parse_iso(const char *s, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 0;
	const char *p;

	if (!s || !scan_ymd(s, &y, &mo, &d) || !ymd_valid(y, mo, d))
		return false;
	p = s + 10;
	if (*p != '\0') {
		if (*p != 'T' && *p != 't' && *p != ' ')
			return false;
		p++;
		if (!read_digits(p, 2, &h) || p[2] != ':' || !read_digits(p + 3, 2, &mi))
			return false;
		p += 5;
		if (*p == ':') {
			if (!read_digits(p + 1, 2, &sec))
				return false;
			p += 3;
			if (*p == '.' || *p == ',') {
				p++;
				if (!isdigit((unsigned char)*p))
					return false;
				while (isdigit((unsigned char)*p))
					p++;
			}
		}
		if (h > 23 || mi > 59 || sec > 60)   /* 60: a leap second */
			return false;
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			sign = *p == '-' ? -1 : 1;
			p++;
			if (!read_digits(p, 2, &oh))
				return false;
			p += 2;
			if (*p == ':')
				p++;
			if (isdigit((unsigned char)*p)) {
				if (!read_digits(p, 2, &om))
					return false;
				p += 2;
			} else if (p[-1] == ':') {
				return false;
			}
			if (oh > 23 || om > 59)
				return false;
		}
		if (*p != '\0')
			return false;
	}
	*out = days_from_civil(y, mo, d) * SECS_PER_DAY + h * 3600 + mi * 60 + sec
	       - (int64_t)sign * (oh * 3600 + om * 60);
	return true;
}

void ts_format_iso(int64_t ts, char out[21])
{
	/* Clamped to years 0001..9999 so the text is always 20 characters. */
	int64_t lo = days_from_civil(YEAR_MIN, 1, 1) * SECS_PER_DAY;
	int64_t hi = days_from_civil(YEAR_MAX, 12, 31) * SECS_PER_DAY + SECS_PER_DAY - 1;
	int64_t y;
	int m, d;
	if (ts < lo)
		ts = lo;
	if (ts > hi)
		ts = hi;
	unsigned secs = (unsigned)floor_mod(ts, SECS_PER_DAY);
	civil_from_days(floor_div(ts, SECS_PER_DAY), &y, &m, &d);
	snprintf(out, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)y % 10000u,
	         (unsigned)m % 100u, (unsigned)d % 100u, secs / 3600 % 24u, secs / 60 % 60u, secs % 60u);
}

void day_format_or_dash(int day, const char *fmt, char *out, size_t size)
{
	if (day == DAY_NONE)
		str_copy(out, size, "-");
	else
		day_format(day, fmt, out, size);
}

/* ---- Dates as exports write them (day_parse_export) ------------------------ */

#define NOT_EXPORT_DATE N_("is not a date: write it as YYYY-MM-DD (2027-03-31); docs/feeds.md lists the other forms")

static bool export_ymd(int64_t y, int64_t m, int64_t d, int *out, char *why, size_t size)
{
	if (y < YEAR_MIN || y > YEAR_MAX)
		return explain(why, size, _("is not a date: years run from 0001 to 9999"));
	if (m < 1 || m > 12)
		return explain(why, size, _("is not a date: there is no month %lld"), (long long)m);
	if (d < 1 || d > days_in_month(y, (int)m))
		return explain(why, size, _("is not a date: %s %lld has %d days"), _(month_names[m - 1]),
			       (long long)y, days_in_month(y, (int)m));
	*out = (int)days_from_civil(y, m, d);
	return true;
}

/* A time after a date (folded: lower case): H[H]:MM[:SS[.fff]], then
 * optionally am/pm, z, utc or an offset +HH[:MM]. */
static bool time_part(const char *p)
{
	int64_t v;
	if (!eat_int(&p, 2, &v) || v > 24 || *p++ != ':' || !eat_int(&p, 2, &v) || v > 59)
		return false;
	if (*p == ':' && (p++, !eat_int(&p, 2, &v) || v > 60))
		return false;
	if (*p == '.' || *p == ',') {
		p++;
		if (!eat_int(&p, 9, &v))
			return false;
	}
	eat_spaces(&p);
	if (eat(&p, "am") || eat(&p, "pm") || eat(&p, "午前") || eat(&p, "午後"))
		eat_spaces(&p);
	if (eat(&p, "z") || eat(&p, "utc") || eat(&p, "gmt")) {
		/* nothing more */
	} else if (*p == '+' || *p == '-') {
		p++;
		if (!eat_int(&p, 4, &v))
			return false;
		if (*p == ':' && (p++, !eat_int(&p, 2, &v)))
			return false;
	}
	return *p == '\0';
}

/* 46477 or 46477.375: days since 1899-12-30 (Excel's 1900 date system,
 * which counts a 29 February 1900 that never was: serials from 61 on are
 * right from that base). Five digits: 1927-05-18 to 2173-10-14. */
static bool export_serial(const char *t, int *out, char *why, size_t size)
{
	int64_t v;
	const char *p = t;
	if (!eat_int(&p, 5, &v) || p - t != 5 || v < 10000)
		return explain(why, size, "%s", _(NOT_EXPORT_DATE));
	if (*p == '.') {
		p++;
		if (strspn(p, "0123456789") != strlen(p) || !*p)
			return explain(why, size, "%s", _(NOT_EXPORT_DATE));
	} else if (*p) {
		return explain(why, size, "%s", _(NOT_EXPORT_DATE));
	}
	*out = (int)(v - 25569);     /* serial 25569 is 1970-01-01 */
	return true;
}

static const char *const order_words[] = {
	[DAY_ORDER_AUTO] = "auto", [DAY_ORDER_YMD] = "ymd", [DAY_ORDER_MDY] = "mdy",
	[DAY_ORDER_DMY] = "dmy",
};

/* a SEP b SEP yyyy: the order decides which of a and b is the month. */
static bool export_two_first(int64_t a, int64_t b, int64_t y, enum day_order order, int *out,
			     char *why, size_t size)
{
	switch (order) {
	case DAY_ORDER_MDY:
		return export_ymd(y, a, b, out, why, size);
	case DAY_ORDER_DMY:
		return export_ymd(y, b, a, out, why, size);
	case DAY_ORDER_YMD:
		return explain(why, size, _("is not a date in the order feeds.date_order: %s (year, "
			       "month, day): write it as YYYY-MM-DD, or set feeds.date_order to mdy "
			       "or dmy"), order_words[order]);
	case DAY_ORDER_AUTO:
		break;
	}
	if (a > 12 && b <= 12)
		return export_ymd(y, b, a, out, why, size);
	if (b > 12 && a <= 12)
		return export_ymd(y, a, b, out, why, size);
	if (a == b || a > 12)
		return export_ymd(y, a, b, out, why, size);
	return explain(why, size, _("is ambiguous: month %lld day %lld, or day %lld of month %lld? "
		       "Set feeds.date_order: mdy (month first, as US exports) or dmy (day first)"),
		       (long long)a, (long long)b, (long long)a, (long long)b);
}

/* The date part of t (a time, if any, cut off and checked before). */
static bool export_date(const char *t, enum day_order order, int *out, char *why, size_t size)
{
	const char *p = t;
	int64_t a, b, c;
	size_t na;
	char sep;

	if (strspn(t, "0123456789") == 8 && t[8] == '\0') {    /* 20270331 */
		int y = 0, m = 0, d = 0;
		if (read_digits(t, 4, &y) && read_digits(t + 4, 2, &m) && read_digits(t + 6, 2, &d))
			return export_ymd(y, m, d, out, why, size);
	}
	if (!eat_int(&p, 5, &a))
		return explain(why, size, "%s", _(NOT_EXPORT_DATE));
	na = (size_t)(p - t);
	if (*p == '\0' || (*p == '.' && na == 5))
		return export_serial(t, out, why, size);
	if (eat(&p, "年")) {                        /* 2027年3月31日 */
		eat_spaces(&p);
		if (na != 4 || !eat_int(&p, 2, &b) || !eat(&p, "月"))
			return explain(why, size, _("is not a date: write it like 2027年3月31日"));
		eat_spaces(&p);
		if (!eat_int(&p, 2, &c) || (eat(&p, "日"), *p != '\0'))
			return explain(why, size, _("is not a date: write it like 2027年3月31日"));
		return export_ymd(a, b, c, out, why, size);
	}
	sep = *p;
	if (sep != '/' && sep != '-' && sep != '.')
		return explain(why, size, "%s", _(NOT_EXPORT_DATE));
	p++;
	if (!eat_int(&p, 2, &b) || *p++ != sep)
		return explain(why, size, "%s", _(NOT_EXPORT_DATE));
	const char *third = p;
	if (!eat_int(&p, 4, &c) || *p != '\0')
		return explain(why, size, "%s", _(NOT_EXPORT_DATE));
	if (na == 4)
		return export_ymd(a, b, c, out, why, size);
	if (na > 2)
		return explain(why, size, "%s", _(NOT_EXPORT_DATE));
	if (p - third != 4)
		return explain(why, size, _("is not a date: write the year with four digits"));
	return export_two_first(a, b, c, order, out, why, size);
}

bool day_parse_export(const char *s, enum day_order order, int *out, char *why, size_t why_size)
{
	char t[64], *cut;
	size_t len;

	if (day_parse_iso(s, out))        /* the common case, fast */
		return true;
	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	if (len == 0)
		return explain(why, why_size, "%s", _(NOT_EXPORT_DATE));
	if (len >= 48 || !fold_input(s, len, t, sizeof(t)))
		return explain(why, why_size, _("is not a date: it is too long"));
	/* A timestamp: the date part, as written (2027-03-31T09:00:00Z,
	 * 2027-03-31 09:00:00, 3/31/2027 9:00 AM, 2027年3月31日 9:00). */
	cut = strchr(t, ' ');
	if (!cut) {
		cut = strchr(t, 't');
		if (cut && !(cut > t && isdigit((unsigned char)cut[-1]) && isdigit((unsigned char)cut[1])))
			cut = NULL;
	}
	if (cut)
		*cut = '\0';
	if (!export_date(t, order, out, why, why_size))
		return false;
	if (cut && !time_part(cut + 1))
		return explain(why, why_size, _("is not a date: what follows the date is not a "
			       "time (like 09:00, 09:00:00Z or 9:00 AM)"));
	return true;
}

bool time_parse_hhmm(const char *s, bool strict, int *minutes)
{
	size_t hlen = strspn(s, "0123456789");
	if (hlen < (strict ? 2u : 1u) || hlen > 2 || s[hlen] != ':' || strspn(s + hlen + 1, "0123456789") != 2 ||
	    s[hlen + 3] != '\0')
		return false;
	int h = atoi(s), m = atoi(s + hlen + 1);
	if (h > 23 || m > 59)
		return false;
	*minutes = h * 60 + m;
	return true;
}

void time_format_hhmm(int minutes, char out[6])
{
	snprintf(out, 6, "%02u:%02u", (unsigned)(minutes / 60) % 24u, (unsigned)(minutes % 60));
}
