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
#include "csconsole/i18n.h"
#include "csconsole/textnorm.h"
#include "csconsole/util.h"

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

/* Code points that NFKC and case folding leave alone, and that compose with
 * nothing else here: the kana, CJK unified ideographs and common Japanese
 * punctuation (checked against Unicode's data: NFKC(c) == c, no case
 * folding, combining class 0). */
static bool cjk_stable(unsigned c)
{
	return (c >= 0x4e00 && c <= 0x9fff) ||                  /* ideographs */
	       (c >= 0x3041 && c <= 0x3096) || c == 0x309d || c == 0x309e ||   /* hiragana */
	       (c >= 0x30a1 && c <= 0x30fe) ||                  /* katakana, ・, ー, ヽ, ヾ */
	       c == 0x3001 || c == 0x3002 || c == 0x3005 ||     /* 、 。 々 */
	       (c >= 0x3008 && c <= 0x3011) || (c >= 0x3014 && c <= 0x301c);   /* brackets, 〜 */
}

/* The common case without libunistring: ASCII, full-width ASCII (U+FF01..
 * U+FF5E, whose NFKC is c - 0xFEE0) and cjk_stable() code points, folded
 * the same as the full path would. False (out untouched) for anything else:
 * other scripts, half-width katakana, combining marks, invalid UTF-8. */
static bool fold_fast(const uint8_t *s, size_t len, char *out, size_t *out_len)
{
	size_t o = 0;

	for (size_t i = 0; i < len;) {
		uint8_t b = s[i];
		if (b < 0x80) {
			out[o++] = (char)(b >= 'A' && b <= 'Z' ? b | 0x20 : b);
			i++;
			continue;
		}
		if ((b & 0xf0) != 0xe0 || i + 2 >= len || (s[i + 1] & 0xc0) != 0x80 ||
		    (s[i + 2] & 0xc0) != 0x80)
			return false;
		unsigned c = (b & 0x0fu) << 12 | (s[i + 1] & 0x3fu) << 6 | (s[i + 2] & 0x3fu);
		if (c >= 0xff01 && c <= 0xff5e) {
			c -= 0xfee0;
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
		} else if (cjk_stable(c)) {
			memcpy(out + o, s + i, 3);
			o += 3;
		} else {
			return false;
		}
		i += 3;
	}
	*out_len = o;
	return true;
}

char *textnorm_fold(const char *s, size_t len, unsigned flags, size_t *out_len)
{
	const uint8_t *in = (const uint8_t *)s;
	uint8_t *fixed = NULL, *folded;
	size_t n;

	char *fast = xmalloc(len + 1);
	if (fold_fast(in, len, fast, &n)) {
		if (flags & TEXTNORM_KANA)
			fold_kana((uint8_t *)fast, n);
		fast[n] = '\0';
		if (out_len)
			*out_len = n;
		return fast;
	}
	free(fast);
	if (u8_check(in, len)) {
		fixed = repair(in, len, &len);
		in = fixed;
	}
	folded = u8_casefold(in, len, NULL, UNINORM_NFKC, NULL, &n);
	free(fixed);
	if (!folded)
		die(_("cannot fold text for comparison: %s"), strerror(errno));
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

#define SET_TYPE "csconsole textnorm_set"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void sql_in(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const struct textnorm_set *set = sqlite3_value_pointer(argv[1], SET_TYPE);
	const char *s = (const char *)sqlite3_value_text(argv[0]);

	(void)argc;
	sqlite3_result_int(ctx, set && s && set->n &&
			   bsearch(&s, set->items, set->n, sizeof(*set->items), cmp_str) != NULL);
}

int textnorm_bind_set(sqlite3_stmt *stmt, int i, const struct textnorm_set *set)
{
	return sqlite3_bind_pointer(stmt, i, (void *)set, SET_TYPE, NULL);
}

int textnorm_register(sqlite3 *db)
{
	int rc = sqlite3_create_function(db, "csc_norm", 1,
					 SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
					 NULL, sql_norm, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "csc_in", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY,
					     NULL, sql_in, NULL, NULL);
	if (rc != SQLITE_OK)
		return error(_("cannot register the search functions: %s"), sqlite3_errstr(rc));
	return 0;
}
