/* textnorm.c - text folded for comparison: NFKC, case folding, kana (see textnorm.h).
 *
 * libunistring's u8_casefold with UNINORM_NFKC computes
 * NFKC(toCasefold(NFKD(x))), Unicode's compatibility caseless form: so
 * "ＳＡＫＵＲＡ" and "Sakura" both become "sakura", "ｻｸﾗ" becomes "サクラ" and
 * "㎆" becomes "mb". Kana folding is a fixed offset within one 3-byte UTF-8
 * block, done in place on the result.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <unicase.h>
#include <uninorm.h>
#include <unistr.h>
#include "csconsole/textnorm.h"
#include "csconsole/util.h"

static bool is_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

/* A copy with every ill-formed sequence replaced by U+FFFD (u8_mbtouc's
 * reading of it), so that folding never fails on bad input. */
static uint8_t *repair(const uint8_t *s, size_t len, size_t *out_len)
{
	uint8_t *out = xmalloc(len * 3 + 1);   /* each bad byte: 3 bytes at most */
	size_t o = 0;

	for (size_t i = 0; i < len;) {
		ucs4_t uc;
		int n = u8_mbtouc(&uc, s + i, len - i);
		o += (size_t)u8_uctomb(out + o, uc, 4);
		i += (size_t)n;
	}
	*out_len = o;
	return out;
}

/* Katakana U+30A1..U+30F6 and U+30FD..U+30FE (UTF-8 E3 82 A1 .. E3 83 BE)
 * to hiragana U+3041..U+3096 and U+309D..U+309E: 0x60 lower, same length. */
static void fold_kana(uint8_t *p, size_t n)
{
	for (size_t i = 0; i + 2 < n;) {
		if (p[i] == 0xe3 && (p[i + 1] == 0x82 || p[i + 1] == 0x83)) {
			unsigned c = 0x3000u | (p[i + 1] & 0x3fu) << 6 | (p[i + 2] & 0x3fu);
			if ((c >= 0x30a1 && c <= 0x30f6) || c == 0x30fd || c == 0x30fe) {
				c -= 0x60;
				p[i + 1] = (uint8_t)(0x80 | (c >> 6 & 0x3f));
				p[i + 2] = (uint8_t)(0x80 | (c & 0x3f));
			}
			i += 3;
		} else {
			i++;
		}
	}
}

char *textnorm_fold(const char *s, size_t len, unsigned flags, size_t *out_len)
{
	const uint8_t *in = (const uint8_t *)s;
	uint8_t *fixed = NULL, *folded;
	size_t n;

	if (is_ascii(s, len)) {
		char *out = xmalloc(len + 1);
		for (size_t i = 0; i < len; i++)
			out[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] | 0x20) : s[i];
		out[len] = '\0';
		if (out_len)
			*out_len = len;
		return out;
	}
	if (u8_check(in, len)) {
		fixed = repair(in, len, &len);
		in = fixed;
	}
	folded = u8_casefold(in, len, NULL, UNINORM_NFKC, NULL, &n);
	free(fixed);
	if (!folded)
		die("cannot fold text for comparison: %s", strerror(errno));
	if (flags & TEXTNORM_KANA)
		fold_kana(folded, n);
	char *out = xmalloc(n + 1);
	memcpy(out, folded, n);
	out[n] = '\0';
	free(folded);
	if (out_len)
		*out_len = n;
	return out;
}

char *textnorm_search_key(const char *s)
{
	return textnorm_fold(s, strlen(s), TEXTNORM_KANA, NULL);
}

static void sql_norm(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *s;
	size_t n;
	char *out;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	s = sqlite3_value_text(argv[0]);
	if (!s) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	out = textnorm_fold((const char *)s, (size_t)sqlite3_value_bytes(argv[0]), TEXTNORM_KANA, &n);
	sqlite3_result_text64(ctx, out, n, free, SQLITE_UTF8);
}

int textnorm_register(sqlite3 *db)
{
	int rc = sqlite3_create_function(db, "csc_norm", 1,
					 SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
					 NULL, sql_norm, NULL, NULL);
	if (rc != SQLITE_OK)
		return error("cannot register the search function csc_norm: %s", sqlite3_errstr(rc));
	return 0;
}
