/* fuzz_text.c - the text sanitizer (text.c) on arbitrary bytes, the way a
 * teammate's note or a feed's name reaches the screen.
 *
 * Checked for text_sanitize() in both modes: the result is valid UTF-8 with
 * no control character (C0, DEL, C1) and no ESC left (no newline either
 * unless kept), text_is_clean() holds for it, sanitizing it again changes
 * nothing, and text_is_clean() of the input holds exactly when the sanitizer
 * leaves it unchanged. utf8_valid() agrees with itself on the offset it
 * reports. text_width() and text_fit() (at widths from 0 to 40, padded or
 * not) never exceed the width asked for, give valid UTF-8, and padding
 * fills the width exactly.
 */
#include "fuzz.h"
#include "csconsole/text.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_init();
	return 0;
}

static void check_clean(const char *in, const char *out, bool keep_newlines)
{
	size_t n = strlen(out);
	FUZZ_CHECK(utf8_valid(out, n, NULL), "sanitized text is not UTF-8");
	for (const unsigned char *p = (const unsigned char *)out; *p; p++) {
		if (*p == '\n' && keep_newlines)
			continue;
		FUZZ_CHECK(*p >= 0x20 && *p != 0x7f, "control byte 0x%02x left at %zu", *p,
			   (size_t)(p - (const unsigned char *)out));
		/* C1 controls U+0080..U+009F are C2 80..C2 9F in UTF-8 */
		if (*p == 0xc2)
			FUZZ_CHECK(p[1] < 0x80 || p[1] > 0x9f, "C1 control U+00%02X left", p[1] - 0x40);
	}
	FUZZ_CHECK(text_is_clean(out) || keep_newlines, "text_is_clean() refuses sanitized text");
	char *again = text_sanitize(out, keep_newlines);
	FUZZ_CHECK(strcmp(again, out) == 0, "sanitizing twice changes the text");
	free(again);
	(void)in;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 16384)
		return 0;
	size_t bad = 0, bad2 = 0;
	bool valid = utf8_valid((const char *)data, size, &bad);
	if (!valid) {
		FUZZ_CHECK(bad < size, "bad offset %zu of %zu", bad, size);
		FUZZ_CHECK(utf8_valid((const char *)data, bad, NULL), "the prefix before %zu is bad", bad);
		FUZZ_CHECK(!utf8_valid((const char *)data, size, &bad2) && bad2 == bad, "offsets differ");
	}

	char *s = xstrndup((const char *)data, size);
	char *a = text_sanitize(s, false), *b = text_sanitize(s, true);
	check_clean(s, a, false);
	check_clean(s, b, true);
	FUZZ_CHECK(text_is_clean(s) == (strcmp(a, s) == 0),
		   "text_is_clean(input) is %d but sanitizing %s it", text_is_clean(s),
		   strcmp(a, s) == 0 ? "keeps" : "changes");

	int w = text_width(a);
	FUZZ_CHECK(w >= 0, "width %d", w);
	char out[256];
	for (int width = 0; width <= 40; width += 7) {
		for (int pad = 0; pad <= 1; pad++) {
			int used = text_fit(a, width, pad, out, sizeof(out));
			FUZZ_CHECK(used <= width && used >= 0, "text_fit used %d of %d", used, width);
			FUZZ_CHECK(utf8_valid(out, strlen(out), NULL), "text_fit cut a character");
			FUZZ_CHECK(text_width(out) <= width, "text_fit output is %d wide for %d",
				   text_width(out), width);
			if (pad && strlen(out) + 8 < sizeof(out))
				FUZZ_CHECK(text_width(out) == width, "padded to %d cells of %d",
					   text_width(out), width);
		}
	}
	free(a);
	free(b);
	free(s);
	return 0;
}
