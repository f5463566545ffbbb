/* test_text.c - UTF-8 validation, sanitizing, display width (text.c).
 * Widths depend on the locale, so each test sets it explicitly. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "csconsole/text.h"

#define ELL "\xe2\x80\xa6"    /* U+2026 HORIZONTAL ELLIPSIS */
#define FFFD "\xef\xbf\xbd"

static int utf8_locale(void **state)
{
	(void)state;
	return setlocale(LC_ALL, "C.UTF-8") ? 0 : -1;
}

static int c_locale(void **state)
{
	(void)state;
	return setlocale(LC_ALL, "C") ? 0 : -1;
}

static void expect_valid(const char *s, size_t len)
{
	size_t bad = 12345;
	if (!utf8_valid(s, len, &bad))
		fail_msg("valid input rejected at byte %zu", bad);
	assert_int_equal(bad, 12345);
}

static void expect_invalid(const char *s, size_t len, size_t at)
{
	size_t bad = 12345;
	assert_false(utf8_valid(s, len, &bad));
	assert_int_equal(bad, at);
	assert_false(utf8_valid(s, len, NULL));
}

static void test_utf8_valid(void **state)
{
	(void)state;
	expect_valid("", 0);
	expect_valid("plain ascii", 11);
	expect_valid("日本語", 9);
	expect_valid("caf\xc3\xa9", 5);
	expect_valid("\xf0\x9f\x98\x80", 4);          /* U+1F600 */
	expect_valid("\xf4\x8f\xbf\xbf", 4);          /* U+10FFFF, the last */
	expect_valid("\xed\x9f\xbf", 3);              /* U+D7FF, before the surrogates */
	expect_valid("\xee\x80\x80", 3);              /* U+E000, after them */
	expect_valid("\xef\xbf\xbf", 3);              /* U+FFFF */
	expect_valid("\xc2\x80", 2);                  /* U+0080: a C1 control, but valid UTF-8 */
	expect_valid("a\0b", 3);                      /* NUL is a character */

	expect_invalid("\xc0\x80", 2, 0);             /* overlong NUL */
	expect_invalid("\xc1\xbf", 2, 0);             /* overlong 2-byte */
	expect_invalid("ab\xe0\x80\xaf", 5, 2);       /* overlong '/' in 3 bytes */
	expect_invalid("\xe0\x9f\xbf", 3, 0);         /* overlong U+07FF */
	expect_invalid("\xf0\x80\x80\xaf", 4, 0);     /* overlong in 4 bytes */
	expect_invalid("\xf0\x8f\xbf\xbf", 4, 0);     /* overlong U+FFFF */
	expect_invalid("x\xed\xa0\x80", 4, 1);        /* U+D800 surrogate */
	expect_invalid("\xed\xbf\xbf", 3, 0);         /* U+DFFF surrogate */
	expect_invalid("\xf4\x90\x80\x80", 4, 0);     /* U+110000 */
	expect_invalid("\xf5\x80\x80\x80", 4, 0);
	expect_invalid("\xff", 1, 0);
	expect_invalid("ok\x80", 3, 2);               /* lone continuation */
	expect_invalid("日本\xe8\xaa", 8, 6);          /* truncated at the end */
	expect_invalid("\xe6\x97", 2, 0);
	expect_invalid("\xf0\x9f\x98", 3, 0);
	expect_invalid("\xc3(", 2, 0);                /* continuation missing */
	expect_invalid("\xe6\x97(", 3, 0);
	/* len bounds the scan: a valid character cut by len is truncated. */
	expect_invalid("日", 2, 0);
	expect_valid("日x", 3);
}

static void expect_sanitized(const char *in, bool keep_newlines, const char *want)
{
	char *got = text_sanitize(in, keep_newlines), copy[256];
	assert_non_null(got);
	snprintf(copy, sizeof(copy), "%s", got);
	free(got);                  /* before a failing assert leaves */
	assert_string_equal(copy, want);
}

static void test_sanitize_controls(void **state)
{
	(void)state;
	expect_sanitized("", false, "");
	expect_sanitized("Acme 株式会社", false, "Acme 株式会社");
	/* Bidi overrides (U+202E) and isolates (U+2066) are dropped. */
	expect_sanitized("a\xe2\x80\xae" "cba\xe2\x81\xa6" "d", false, "acbad");
	expect_sanitized("bell\x07 nul-less\x01\x02\x1f end", false, "bell nul-less end");
	expect_sanitized("del\x7f", false, "del");
	expect_sanitized("a\tb", false, "a b");
	expect_sanitized("a\nb", false, "a b");
	expect_sanitized("a\r\nb", false, "a b");
	expect_sanitized("a\rb", false, "a b");
	expect_sanitized("a\n\n\t\r\nb", false, "a b");        /* one run, one space */
	expect_sanitized("a \n b", false, "a   b");            /* spaces themselves stay */
	expect_sanitized("line1\nline2\r\nline3\rline4", true, "line1\nline2\nline3\nline4");
	expect_sanitized("a\n\nb", true, "a\n\nb");
	expect_sanitized("a\t\tb\n\tc", true, "a b\n c");
	/* C1 controls (U+0080..U+009F, in UTF-8) go; neighbours stay. */
	expect_sanitized("x\xc2\x80y\xc2\x85z\xc2\x9a!", false, "xyz!");
	expect_sanitized("\xc2\xa0nbsp", false, "\xc2\xa0nbsp");   /* U+00A0 is not C1 */
}

/* Every Bidi_Control character (Unicode's PropList.txt) goes, so a
 * teammate's note cannot reorder what is displayed around it ("Trojan
 * source"): ALM U+061C, LRM U+200E, RLM U+200F, the embeddings and overrides
 * U+202A..U+202E, the isolates U+2066..U+2069. Their neighbours, which
 * are not Bidi_Control, stay: U+061B, U+200D (ZWJ, in emoji sequences),
 * U+2010, U+2029, U+202F, U+2065, U+206A. */
static void test_sanitize_bidi(void **state)
{
	(void)state;
	static const char *const bidi[] = {
		"\xd8\x9c",                                  /* U+061C ARABIC LETTER MARK */
		"\xe2\x80\x8e", "\xe2\x80\x8f",              /* U+200E LRM, U+200F RLM */
		"\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac", "\xe2\x80\xad", "\xe2\x80\xae",
		"\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8", "\xe2\x81\xa9",
	};
	static const char *const kept[] = {
		"\xd8\x9b", "\xe2\x80\x8d", "\xe2\x80\x90", "\xe2\x80\xa9", "\xe2\x81\xaa",
		"\xe2\x80\xaf", "\xe2\x81\xa5",
	};
	for (size_t i = 0; i < sizeof(bidi) / sizeof(*bidi); i++) {
		char in[32];
		snprintf(in, sizeof(in), "ab%sc%s", bidi[i], bidi[i]);
		expect_sanitized(in, false, "abc");
		expect_sanitized(in, true, "abc");
		if (text_is_clean(in))
			fail_msg("bidi control #%zu counted as clean", i);
	}
	for (size_t i = 0; i < sizeof(kept) / sizeof(*kept); i++) {
		char in[32];
		snprintf(in, sizeof(in), "ab%sc", kept[i]);
		expect_sanitized(in, false, in);
		if (!text_is_clean(in))
			fail_msg("kept character #%zu counted as unclean", i);
	}
	/* The classic: an RLM-reordered "invoice" note reads as written. */
	expect_sanitized("pay \xe2\x80\x8f" "0001 to ACC\xe2\x80\x8e", false, "pay 0001 to ACC");
}

static void test_sanitize_escapes(void **state)
{
	(void)state;
	expect_sanitized("\x1b[31mred\x1b[0m plain", false, "red plain");
	expect_sanitized("\x1b[1;38;5;196mbold\x1b[m", false, "bold");
	expect_sanitized("\x1b[?1049hscreen", false, "screen");
	expect_sanitized("\x1b[2J\x1b[Hclear", false, "clear");
	expect_sanitized("\x1b[ qcursor", false, "cursor");          /* intermediate byte */
	/* OSC ends at BEL or ST (ESC \ or U+009C). */
	expect_sanitized("\x1b]0;evil title\x07" "after", false, "after");
	expect_sanitized("\x1b]0;evil title\x1b\\after", false, "after");
	expect_sanitized("\x1b]0;evil\xc2\x9c" "after", false, "after");
	expect_sanitized("\x1b]8;;http://x.example/\x1b\\link\x1b]8;;\x1b\\", false, "link");
	expect_sanitized("\x1b]52;c;ZXZpbA==\x07" "clip", false, "clip");
	/* DCS, SOS, PM, APC end at ST only. */
	expect_sanitized("\x1bPq#0;2;0;0;0\x07still\x1b\\after", false, "after");
	expect_sanitized("a\x1bXsos\x1b\\b", false, "ab");
	expect_sanitized("a\x1b^pm\x1b\\b", false, "ab");
	expect_sanitized("a\x1b_apc\x1b\\b", false, "ab");
	/* Two-character and nF sequences. */
	expect_sanitized("a\x1b" "cb", false, "ab");                  /* RIS: full reset */
	expect_sanitized("a\x1b" "7b\x1b" "8c", false, "abc");
	expect_sanitized("a\x1b(0b\x1b(Bc", false, "abc");            /* charset switch */
	expect_sanitized("a\x1b#8b", false, "ab");                    /* DECALN */
	/* The 8-bit forms, as UTF-8 encoded C1 characters. */
	expect_sanitized("\xc2\x9b" "31mred\xc2\x9b" "0m", false, "red");
	expect_sanitized("\xc2\x9d" "0;title\x07ok", false, "ok");
	expect_sanitized("\xc2\x90" "dcs\xc2\x9cok", false, "ok");
	expect_sanitized("a\xc2\x9f" "apc\xc2\x9c" "b", false, "ab");
	/* Broken or cut sequences. */
	expect_sanitized("end\x1b", false, "end");
	expect_sanitized("end\x1b[", false, "end");
	expect_sanitized("end\x1b[12;", false, "end");
	expect_sanitized("x\x1b[12\ny", false, "x y");               /* CSI broken by a control */
	expect_sanitized("x\x1b日本", false, "x日本");
	expect_sanitized("x\x1b\x1b[1my", false, "xy");
	expect_sanitized("keep\x1b]0;unterminated title", false, "keep");
	expect_sanitized("a\x1b]0;t\x1b[31mb", false, "ab");          /* ESC ends the string */
	expect_sanitized("a\n\x1b[0m\nb", false, "a b");
	expect_sanitized("a\n\x1b[0m\nb", true, "a\n\nb");
}

static void test_sanitize_invalid_utf8(void **state)
{
	(void)state;
	expect_sanitized("ok\xff!", false, "ok" FFFD "!");
	expect_sanitized("\x80\x80", false, FFFD FFFD);
	expect_sanitized("\xc0\x80", false, FFFD FFFD);               /* overlong */
	expect_sanitized("\xed\xa0\x80", false, FFFD FFFD FFFD);      /* surrogate */
	expect_sanitized("日本\xe8\xaa", false, "日本" FFFD);          /* truncated: one U+FFFD */
	expect_sanitized("\xe6\x97(", false, FFFD "(");
	expect_sanitized("\xf0\x9f\x98", false, FFFD);
	expect_sanitized("\xf0\x9f\x98\x80", false, "\xf0\x9f\x98\x80");
	expect_sanitized(FFFD, false, FFFD);
}

/* Whatever comes in, what goes out is valid UTF-8 with no control character,
 * no ESC, no C1, and no longer than 3 bytes per input byte. */
static void test_sanitize_random(void **state)
{
	(void)state;
	static const unsigned char pieces[] = {
		0x1b, '[', ']', 'P', '\\', 0x07, '\n', '\t', '\r', 'a', '0', ';', 'm',
		0xc2, 0x9b, 0x9c, 0x9d, 0x80, 0xe6, 0x97, 0xa5, 0xf0, 0x9f, 0x98, 0xff, 0x7f, 0x01,
	};
	uint32_t seed = 12345;
	for (int round = 0; round < 20000; round++) {
		char in[40];
		int n = 1 + round % 39;
		for (int i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			in[i] = (char)pieces[(seed >> 16) % sizeof(pieces)];
		}
		in[n] = '\0';
		for (int keep = 0; keep < 2; keep++) {
			char *out = text_sanitize(in, keep);
			size_t len = strlen(out);
			assert_true(len <= 3 * (size_t)n);
			assert_true(utf8_valid(out, len, NULL));
			for (size_t i = 0; i < len; i++) {
				unsigned char c = (unsigned char)out[i];
				assert_true(c >= 0x20 || (keep && c == '\n'));
				assert_true(c != 0x7f);
				if (c == 0xc2)
					assert_true((unsigned char)out[i + 1] >= 0xa0);
			}
			free(out);
		}
	}
}

/* Hostile input a terminal would act on, cut or mixed in ways the cases
 * above do not try: whatever survives must be plain text. */
static void test_sanitize_hostile(void **state)
{
	(void)state;
	expect_sanitized("a\x1b\xc2\x9b" "31mb", false, "ab");       /* ESC, then an 8-bit CSI */
	expect_sanitized("a\x1b[3\x7f" "1mb", false, "a1mb");        /* DEL breaks the CSI */
	expect_sanitized("a\x1b[3\x18" "1mb", false, "a1mb");        /* so does CAN */
	expect_sanitized("a\x1b]0;t\xc2\x9c" "b", true, "ab");       /* OSC ended by C1 ST */
	expect_sanitized("a\x1b]0;\xff\xfe\x07" "b", false, "ab");    /* invalid UTF-8 inside OSC */
	expect_sanitized("a\x1b]8;;http://x.example/\x07" "link\x1b]8;;\x07" "b", false, "alinkb");
	expect_sanitized("a\x1b" "P\x1b\\" "b", false, "ab");         /* empty DCS */
	expect_sanitized("a\x1b[200~paste\x1b[201~b", false, "apasteb");
	expect_sanitized("a\x1b%Gb", false, "ab");                     /* UTF-8 mode switch */
	expect_sanitized("a\xc2\x9c" "b\xc2\x85" "c", false, "abc");  /* lone ST, NEL */
	expect_sanitized("a\xc2\x9b", false, "a");                     /* 8-bit CSI at the end */
	expect_sanitized("a\xc2\x9d", false, "a");                     /* 8-bit OSC at the end */
	expect_sanitized("a\x1b\xc2", false, "a" FFFD);                /* ESC, then a cut character */
	expect_sanitized("a\x1b[\xc2", false, "a" FFFD);
	expect_sanitized("a\x1b]\x1b", false, "a");                    /* ESC ends OSC, then ends */
	expect_sanitized("end\x1b", true, "end");
	expect_sanitized("end\x1b\n", true, "end\n");                  /* ESC LF: the LF stays */
	/* Raw 8-bit C1 bytes are not UTF-8: U+FFFD, never a CSI. */
	expect_sanitized("\x9b" "31mred", false, FFFD "31mred");
	expect_sanitized("\x9d" "0;t\x07ok", false, FFFD "0;tok");
}

/* Random input from hostile pieces: text_is_clean agrees with text_sanitize
 * (clean exactly when sanitizing changes nothing), sanitizing is idempotent,
 * and its single-line output is clean. */
static void test_sanitize_clean_agrees(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"\x1b", "[", "]", "P", "\\", "\x07", "\n", "\t", "\r", "a", " ", "0;", "m", "\x7f", "\x18",
		"\xc2\x9b", "\xc2\x9c", "\xc2\x9d", "\xc2\x85", "\xc2\xa0", "\xc2", "\x9b", "\xff",
		"日", "\xe6\x97", "\xf0\x9f\x98\x80", FFFD,
		"\xd8\x9c", "\xe2\x80\x8e", "\xe2\x80\x8f", "\xe2\x80\xae", "\xe2\x81\xa6", "\xe2\x80\x8d",
	};
	uint32_t seed = 4242;
	for (int round = 0; round < 20000; round++) {
		char in[160] = "";
		int n = 1 + round % 30;
		for (int i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			strcat(in, pieces[(seed >> 16) % (sizeof(pieces) / sizeof(*pieces))]);
		}
		for (int keep = 0; keep < 2; keep++) {
			char *out = text_sanitize(in, keep);
			char *again = text_sanitize(out, keep);
			if (strcmp(again, out) != 0)
				fail_msg("round %d: sanitizing twice changed the text", round);
			if (!keep && !text_is_clean(out))
				fail_msg("round %d: sanitized text is not clean", round);
			if (!keep && text_is_clean(in) != (strcmp(out, in) == 0))
				fail_msg("round %d: text_is_clean says %d, sanitizing %s", round,
					 text_is_clean(in), strcmp(out, in) == 0 ? "changes nothing" : "changes it");
			free(again);
			free(out);
		}
	}
}

static void test_width_utf8(void **state)
{
	(void)state;
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width("Acme"), 4);
	assert_int_equal(text_width("日本語"), 6);
	assert_int_equal(text_width("株式会社さくら"), 14);
	assert_int_equal(text_width("ｱｲｳ"), 3);                     /* half-width katakana */
	assert_int_equal(text_width("e\xcc\x81"), 1);                /* e + COMBINING ACUTE */
	assert_int_equal(text_width("Cafe\xcc\x81 Noe\xcc\x88l"), 9);
	assert_int_equal(text_width("\xf0\x9f\x98\x80"), 2);          /* U+1F600 */
	assert_int_equal(text_width("ok \xf0\x9f\x91\x8d"), 5);       /* U+1F44D */
	assert_int_equal(text_width("a\x07" "b\x1b"), 2);             /* controls: 0 */
	assert_int_equal(text_width("a\xc2\x9b" "b"), 2);             /* C1: 0 */
	assert_int_equal(text_width("a\xffz"), 3);                    /* a malformed byte: one cell */
	assert_true(text_locale_utf8());
}

static void test_width_c_locale(void **state)
{
	(void)state;
	assert_false(text_locale_utf8());
	assert_int_equal(text_width("Acme"), 4);
	/* Undecodable in "C": each whole UTF-8 character counts one cell. */
	assert_int_equal(text_width("日本語"), 3);
	assert_int_equal(text_width("\xf0\x9f\x98\x80!"), 2);
}

static void expect_fit(const char *s, int width, bool pad, const char *want, int want_cells)
{
	char out[64];
	memset(out, 'Z', sizeof(out));
	int got = text_fit(s, width, pad, out, sizeof(out));
	assert_string_equal(out, want);
	assert_int_equal(got, want_cells);
	assert_int_equal(text_width(out), want_cells);
	assert_true(utf8_valid(out, strlen(out), NULL));
}

static void test_fit_utf8(void **state)
{
	(void)state;
	expect_fit("Acme", 10, false, "Acme", 4);
	expect_fit("Acme", 10, true, "Acme      ", 10);
	expect_fit("Acme", 4, true, "Acme", 4);
	expect_fit("Acme Corp", 6, false, "Acme " ELL, 6);
	expect_fit("Acme Corp", 1, true, ELL, 1);
	expect_fit("Acme", 0, true, "", 0);
	expect_fit("Acme", -3, true, "", 0);
	expect_fit("", 3, true, "   ", 3);
	/* Double-width: never cut, a straddling character is dropped. */
	expect_fit("日本語", 6, false, "日本語", 6);
	expect_fit("日本語", 7, true, "日本語 ", 7);
	expect_fit("日本語テキスト", 5, false, "日本" ELL, 5);
	expect_fit("日本語テキスト", 4, false, "日" ELL, 3);
	expect_fit("日本語テキスト", 4, true, "日" ELL " ", 4);
	expect_fit("a日本", 4, true, "a日" ELL, 4);
	expect_fit("ab日本", 4, true, "ab" ELL " ", 4);
	expect_fit("日本", 1, true, ELL, 1);
	/* Combining marks stay with their base character. */
	expect_fit("abe\xcc\x81" "cdef", 4, false, "abe\xcc\x81" ELL, 4);
	expect_fit("Noe\xcc\x88l", 4, true, "Noe\xcc\x88l", 4);
	expect_fit("Noe\xcc\x88l!", 4, true, "Noe\xcc\x88" ELL, 4);
	expect_fit("Ne\xcc\x88xyz", 2, false, "N" ELL, 2);   /* the mark goes with its base */
	/* Emoji are two cells. */
	expect_fit("\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 4, true,
	           "\xf0\x9f\x98\x80" ELL " ", 4);
	expect_fit("\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 4, true, "\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 4);
}

static void test_fit_small_buffer(void **state)
{
	(void)state;
	char out[5];
	memset(out, 'Z', sizeof(out));
	/* Room for 4 bytes: "日" + "…" is 6, so only the ellipsis fits. */
	int cells = text_fit("日本語", 10, false, out, sizeof(out));
	assert_string_equal(out, ELL);
	assert_int_equal(cells, 1);
	cells = text_fit("abcdef", 10, true, out, sizeof(out));
	assert_string_equal(out, "a" ELL);
	assert_int_equal(cells, 2);
	cells = text_fit("abc", 10, true, out, sizeof(out));
	assert_string_equal(out, "abc ");
	assert_int_equal(cells, 4);
	char one[1] = {'Z'};
	assert_int_equal(text_fit("abc", 3, true, one, sizeof(one)), 0);
	assert_int_equal(one[0], '\0');
	assert_int_equal(text_fit("abc", 3, true, one, 0), 0);
}

static void test_fit_c_locale(void **state)
{
	(void)state;
	char out[32];
	expect_fit("Acme Corp", 6, false, "Acme ~", 6);
	expect_fit("Acme Corp", 6, true, "Acme ~", 6);
	expect_fit("Acme", 6, true, "Acme  ", 6);
	/* UTF-8 text under "C": still cut on character boundaries. */
	int cells = text_fit("日本語テキスト", 4, false, out, sizeof(out));
	assert_string_equal(out, "日本語~");
	assert_int_equal(cells, 4);
	assert_true(utf8_valid(out, strlen(out), NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_utf8_valid, c_locale),
		cmocka_unit_test_setup(test_sanitize_controls, c_locale),
		cmocka_unit_test_setup(test_sanitize_bidi, c_locale),
		cmocka_unit_test_setup(test_sanitize_escapes, c_locale),
		cmocka_unit_test_setup(test_sanitize_invalid_utf8, utf8_locale),
		cmocka_unit_test_setup(test_sanitize_random, utf8_locale),
		cmocka_unit_test_setup(test_sanitize_hostile, c_locale),
		cmocka_unit_test_setup(test_sanitize_clean_agrees, utf8_locale),
		cmocka_unit_test_setup(test_width_utf8, utf8_locale),
		cmocka_unit_test_setup(test_width_c_locale, c_locale),
		cmocka_unit_test_setup(test_fit_utf8, utf8_locale),
		cmocka_unit_test_setup(test_fit_small_buffer, utf8_locale),
		cmocka_unit_test_setup(test_fit_c_locale, c_locale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
