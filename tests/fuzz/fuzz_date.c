/* fuzz_date.c - date parsing (date.c): the input, cut at its first NUL, is a
 * date as a person types it (day_parse_human: ISO, today, +2w, fri...), as a
 * feed writes it (day_parse_iso, and day_parse_export in each day order) and
 * a timestamp (ts_parse_iso); the rest
 * after the NUL is a date_format for day_format().
 *
 * Checked: an accepted ISO day formats back to the same text and converts
 * to year/month/day and back; the human parser agrees with the ISO one on
 * ISO text, and explains every refusal; so does the export parser, whatever
 * the order, and what it accepts is a real day; an accepted timestamp formats and
 * parses back to itself; the week start and the day a year earlier of any
 * accepted day lie where they must; day_format always terminates its output.
 */
#include "fuzz.h"
#include "csconsole/date.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_init();
	return 0;
}

static void check_day(int day)
{
	int y, m, d, ws;
	char iso[11];
	day_to_ymd(day, &y, &m, &d);
	FUZZ_CHECK(ymd_valid(y, m, d) && day_from_ymd(y, m, d) == day, "day %d -> %d-%d-%d", day, y,
		   m, d);
	FUZZ_CHECK(day_weekday(day) >= 0 && day_weekday(day) <= 6, "weekday of %d", day);
	for (ws = 0; ws <= 1; ws++) {
		int start = day_week_start(day, ws);
		FUZZ_CHECK(start <= day && day - start < 7 && day_weekday(start) == ws,
			   "week start %d of day %d (week_start %d)", start, day, ws);
	}
	int earlier = day_year_earlier(day);
	/* year 1 has no year before it (valid years are 1 to 9999) */
	if (y > 1)
		FUZZ_CHECK(day - earlier >= 365 && day - earlier <= 366, "a year before %d is %d", day,
			   earlier);
	else
		FUZZ_CHECK(earlier == DAY_NONE, "a year before %d is %d", day, earlier);
	day_format_iso(day, iso);
	int back;
	if (y >= 0 && y <= 9999)
		FUZZ_CHECK(day_parse_iso(iso, &back) && back == day, "%s does not parse back to %d", iso,
			   day);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *s = xstrndup((const char *)data, size);
	size_t n = strlen(s);
	const char *fmt = n < size ? (const char *)data + n + 1 : "%Y-%m-%d";
	char *fmt_s = xstrndup(fmt, n < size ? size - n - 1 : strlen(fmt));
	int today = day_today(), iso_day = 0, human = 0;
	char why[256], out[64];
	bool iso_ok = day_parse_iso(s, &iso_day);
	if (iso_ok) {
		char back[11];
		day_format_iso(iso_day, back);
		FUZZ_CHECK(strcmp(back, s) == 0, "\"%s\" parsed as %d formats as %s", s, iso_day, back);
		check_day(iso_day);
	}
	why[0] = '\0';
	if (day_parse_human(s, today, &human, why, sizeof(why))) {
		if (iso_ok)
			FUZZ_CHECK(human == iso_day, "\"%s\": human %d, ISO %d", s, human, iso_day);
		check_day(human);
		day_format(human, fmt_s, out, sizeof(out));
		FUZZ_CHECK(memchr(out, '\0', sizeof(out)) != NULL, "day_format left no NUL");
		day_format_or_dash(human, fmt_s, out, sizeof(out));
		FUZZ_CHECK(memchr(out, '\0', sizeof(out)) != NULL, "day_format_or_dash left no NUL");
	} else {
		FUZZ_CHECK(!iso_ok, "\"%s\" is ISO but refused: %s", s, why);
		FUZZ_CHECK(why[0] != '\0', "\"%s\" refused without a reason", s);
	}
	for (int order = DAY_ORDER_AUTO; order <= DAY_ORDER_DMY; order++) {
		int exp = 0;
		why[0] = '\0';
		if (day_parse_export(s, (enum day_order)order, &exp, why, sizeof(why))) {
			if (iso_ok)
				FUZZ_CHECK(exp == iso_day, "\"%s\": export %d, ISO %d", s, exp, iso_day);
			check_day(exp);
		} else {
			FUZZ_CHECK(!iso_ok, "\"%s\" is ISO but the export parser refused it: %s", s, why);
			FUZZ_CHECK(strncmp(why, "is ", 3) == 0, "\"%s\" refused with \"%s\"", s, why);
		}
	}
	int64_t ts, ts2;
	if (ts_parse_iso(s, &ts)) {
		char text[21];
		ts_format_iso(ts, text);
		FUZZ_CHECK(ts_parse_iso(text, &ts2) && ts2 == ts, "\"%s\" = %lld formats as %s", s,
			   (long long)ts, text);
	}
	free(fmt_s);
	free(s);
	return 0;
}
