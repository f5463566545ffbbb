/* date.h - calendar days and timestamps.
 *
 * A day is an int: days since 1970-01-01 in the proleptic Gregorian calendar,
 * with no time zone (renewal dates and touchpoints are calendar dates).
 * Timestamps are int64 seconds since the epoch, UTC.
 * "Today" comes from $CSCONSOLE_TODAY (YYYY-MM-DD) when set, so tests and
 * demos are deterministic; otherwise from the local clock.
 */
#ifndef CSCONSOLE_DATE_H
#define CSCONSOLE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DAY_NONE INT32_MIN

int day_from_ymd(int y, int m, int d);
void day_to_ymd(int day, int *y, int *m, int *d);
bool ymd_valid(int y, int m, int d);
/* 0 = Sunday ... 6 = Saturday */
int day_weekday(int day);
/* Parses exactly "YYYY-MM-DD"; false if malformed or not a real date. */
bool day_parse_iso(const char *s, int *out);
/* Writes "YYYY-MM-DD" (11 bytes with NUL). */
void day_format_iso(int day, char out[11]);
/* Formats with a strftime format (the date_format setting). */
void day_format(int day, const char *fmt, char *out, size_t size);
/* The same, "-" for DAY_NONE (a missing date in a table or a brief). */
void day_format_or_dash(int day, const char *fmt, char *out, size_t size);

/* Parses a date typed by a person, relative to `today`: YYYY-MM-DD, "today",
 * "tomorrow", "yesterday", +Nd/+Nw/+Nm (and -N...), weekday names and their
 * three-letter forms (the next such day after today). On failure returns false
 * and writes an explanation naming the accepted forms to why. */
bool day_parse_human(const char *s, int today, int *out, char *why, size_t why_size);

/* The order of day and month in dates like 03/04/2027 (feeds.date_order). */
enum day_order { DAY_ORDER_AUTO, DAY_ORDER_YMD, DAY_ORDER_MDY, DAY_ORDER_DMY };

/* Parses a date as CRMs and Excel export it: ISO 2027-03-31, 2027/3/31,
 * 2027.03.31, 20270331, 3/31/2027 or 31/03/2027 (also with '.' or '-'; by
 * `order`: AUTO takes the unambiguous ones, 31/03/2027, and refuses 03/04/2027
 * naming feeds.date_order; YMD refuses day/month-first dates), an Excel serial
 * number of the 1900 date system (46477, 46477.375), 2027年3月31日, and
 * timestamps (2027-03-31T09:00:00Z, 2027-03-31 09:00:00, 3/31/2027 9:00 AM),
 * whose date part is taken as written. Full-width digits are read as ASCII.
 * On failure returns false with why set to what follows the quoted value
 * in a message: "is not a date: February 2027 has 28 days". */
bool day_parse_export(const char *s, enum day_order order, int *out, char *why, size_t why_size);

/* Today: $CSCONSOLE_TODAY if set and valid, else the local date. */
int day_today(void);
/* True if $CSCONSOLE_TODAY is set but invalid (callers report it once). */
bool day_today_env_invalid(void);

/* The start (week_start: 0 = Sunday, 1 = Monday) of the week holding day. */
int day_week_start(int day, int week_start);
/* The same calendar day one year earlier (29 February -> 28 February). */
int day_year_earlier(int day);

/* A time of day, "HH:MM" (00:00 to 23:59; "H:MM" is read too unless
 * strict), as minutes after midnight; false if it is not one. */
bool time_parse_hhmm(const char *s, bool strict, int *minutes);
/* Writes "HH:MM" (6 bytes with NUL). */
void time_format_hhmm(int minutes, char out[6]);

/* Parses ISO 8601 "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]" to UTC seconds. */
bool ts_parse_iso(const char *s, int64_t *out);
/* Writes "YYYY-MM-DDTHH:MM:SSZ" (21 bytes with NUL). */
void ts_format_iso(int64_t ts, char out[21]);
/* Now, UTC seconds. $CSCONSOLE_TODAY pins it to that day's noon UTC. */
int64_t ts_now(void);

#endif
