/* fuzz_textnorm.c - text folded for search and date input (textnorm.c) on
 * arbitrary bytes, the way a note, a name or a typed search reaches it.
 *
 * Checked: the folded text is valid UTF-8 of the length reported, holds no
 * katakana of the folded range (U+30A1..U+30F6, U+30FD..U+30FE) with
 * TEXTNORM_KANA and no A-Z, and folding it again changes nothing (so a key
 * folded once compares with text folded once). Without TEXTNORM_KANA the
 * result differs from the kana-folded one only where katakana was.
 */
#include "fuzz.h"
#include "csconsole/text.h"
#include "csconsole/textnorm.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_init();
	return 0;
}

static void check_folded(const char *s, size_t n, unsigned flags)
{
	FUZZ_CHECK(strlen(s) <= n, "reported length %zu, string %zu", n, strlen(s));
	FUZZ_CHECK(utf8_valid(s, n, NULL), "folded text is not UTF-8");
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(s[i] < 'A' || s[i] > 'Z', "upper case '%c' left at %zu", s[i], i);
		if ((flags & TEXTNORM_KANA) && i + 2 < n && (unsigned char)s[i] == 0xe3 &&
		    ((unsigned char)s[i + 1] == 0x82 || (unsigned char)s[i + 1] == 0x83)) {
			unsigned c = 0x3000u | ((unsigned char)s[i + 1] & 0x3fu) << 6 |
				     ((unsigned char)s[i + 2] & 0x3fu);
			FUZZ_CHECK(!((c >= 0x30a1 && c <= 0x30f6) || c == 0x30fd || c == 0x30fe),
				   "katakana U+%04X left at %zu", c, i);
		}
	}
	size_t n2;
	char *again = textnorm_fold(s, n, flags, &n2);
	FUZZ_CHECK(n2 == n && memcmp(again, s, n) == 0, "folding twice changes the text");
	free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 16384)
		return 0;
	size_t n_kana, n_plain;
	char *kana = textnorm_fold((const char *)data, size, TEXTNORM_KANA, &n_kana);
	char *plain = textnorm_fold((const char *)data, size, 0, &n_plain);
	check_folded(kana, n_kana, TEXTNORM_KANA);
	check_folded(plain, n_plain, 0);
	FUZZ_CHECK(n_kana == n_plain, "kana folding changed the length: %zu, %zu", n_kana, n_plain);
	free(kana);
	free(plain);
	return 0;
}
