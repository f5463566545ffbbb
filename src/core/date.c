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
#include "csconsole/util.h"

#define SECS_PER_DAY 86400
#define YEAR_MIN 1
#define YEAR_MAX 9999

/* Shown by every day_parse_human failure, so a person learns what works. */
#define HUMAN_FORMS "use YYYY-MM-DD, today, tomorrow, +3d, +2w, +1m or a weekday (mon..sun)"

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

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

void day_format(int day, const char *fmt, char *out, size_t size)
{
	struct tm tm = {0};
	int y, m, d;
	size_t n;

	if (size == 0)
		return;
	day_to_ymd(day, &y, &m, &d);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_wday = day_weekday(day);
	tm.tm_yday = (int)(day - days_from_civil(y, 1, 1));
	tm.tm_isdst = -1;
	/* fmt is the date_format setting, not a literal: strftime has no
	 * arguments to mismatch, so an odd format can only print oddly. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	n = strftime(out, size, fmt, &tm);
#pragma GCC diagnostic pop
	if (n == 0 && fmt[0] != '\0') {
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
	char unit = (char)tolower((unsigned char)*p);
	if (unit == '\0')
		unit = 'd';
	else if (p[1] != '\0' || (unit != 'd' && unit != 'w' && unit != 'm'))
		return false;
	*is_offset = true;
	n *= sign;
	if (unit == 'd') {
		*out = today + n;
	} else if (unit == 'w') {
		*out = today + 7 * n;
	} else {
		/* Calendar months: same day number, clamped to the month's end. */
		int64_t y;
		int m, d;
		civil_from_days(today, &y, &m, &d);
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

bool day_parse_human(const char *s, int today, int *out, char *why, size_t why_size)
{
	char buf[64], q[48];
	size_t len;
	int y, m, d;

	if (!s)
		s = "";
	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if (len == 0)
		return explain(why, why_size, "no date given: %s", HUMAN_FORMS);
	if (len >= sizeof(buf)) {
		quote_input(s, q, sizeof(q));
		return explain(why, why_size, "unknown date \"%s\": %s", q, HUMAN_FORMS);
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	quote_input(buf, q, sizeof(q));

	if (len == 10 && scan_ymd(buf, &y, &m, &d)) {
		if (y < YEAR_MIN)
			return explain(why, why_size, "\"%s\" is not a date: years run from 0001 to 9999", q);
		if (m < 1 || m > 12)
			return explain(why, why_size, "\"%s\" is not a date: the month must be 01 to 12", q);
		if (d < 1 || d > days_in_month(y, m))
			return explain(why, why_size, "\"%s\" is not a date: %s %d has %d days",
			               q, month_names[m - 1], y, days_in_month(y, m));
		*out = day_from_ymd(y, m, d);
		return true;
	}
	if (strcasecmp(buf, "today") == 0) {
		*out = today;
		return true;
	}
	if (strcasecmp(buf, "tomorrow") == 0 || strcasecmp(buf, "yesterday") == 0) {
		int64_t v = (int64_t)today + (tolower((unsigned char)buf[0]) == 't' ? 1 : -1);
		if (!day_in_range(v))
			return explain(why, why_size, "\"%s\" is out of range: dates run from 0001-01-01 to 9999-12-31", q);
		*out = (int)v;
		return true;
	}
	if (buf[0] == '+' || buf[0] == '-') {
		int64_t v;
		bool is_offset;
		if (parse_offset(buf, today, &v, &is_offset)) {
			*out = (int)v;
			return true;
		}
		if (is_offset || (isdigit((unsigned char)buf[1]) && strspn(buf + 1, "0123456789") > 9))
			return explain(why, why_size, "\"%s\" is out of range: dates run from 0001-01-01 to 9999-12-31", q);
		return explain(why, why_size, "unknown date \"%s\": %s (d = days, w = weeks, m = months)", q, HUMAN_FORMS);
	}
	for (int wd = 0; wd < 7; wd++) {
		if (strcasecmp(buf, weekday_names[wd]) == 0 ||
		    (len == 3 && strncasecmp(buf, weekday_names[wd], 3) == 0)) {
			int ahead = (int)floor_mod((int64_t)wd - day_weekday(today), 7);
			int64_t v = (int64_t)today + (ahead == 0 ? 7 : ahead);
			if (!day_in_range(v))
				return explain(why, why_size, "\"%s\" is out of range: dates run from 0001-01-01 to 9999-12-31", q);
			*out = (int)v;
			return true;
		}
	}
	return explain(why, why_size, "unknown date \"%s\": %s", q, HUMAN_FORMS);
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
