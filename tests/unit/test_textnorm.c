/* test_textnorm.c - text folded for search and date input (textnorm.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sqlite3.h>
#include "csconsole/textnorm.h"
#include "csconsole/util.h"

static void expect_key(const char *in, const char *want)
{
	char *got = textnorm_search_key(in);
	if (strcmp(got, want))
		fail_msg("\"%s\": key \"%s\", want \"%s\"", in, got, want);
	free(got);
}

/* The issue's table: ｓａｋｕｒａ, サクラ, さくら, Sakura (and ｻｸﾗ) match
 * さくら / Sakura: each folds to the same key as one of them. */
static void test_issue_table(void **state)
{
	(void)state;
	static const char *const latin[] = { "ｓａｋｕｒａ", "ＳＡＫＵＲＡ", "Sakura", "SAKURA", "sakura", "SaKuRa" };
	static const char *const kana[] = { "サクラ", "さくら", "ｻｸﾗ", "さクら" };
	for (size_t i = 0; i < ARRAY_SIZE(latin); i++)
		expect_key(latin[i], "sakura");
	for (size_t i = 0; i < ARRAY_SIZE(kana); i++)
		expect_key(kana[i], "さくら");
}

static void test_forms(void **state)
{
	(void)state;
	/* half-width katakana with a sound mark compose (NFKC) before folding */
	expect_key("ｶﾞﾝﾏ", "がんま");
	expect_key("ガンマ", "がんま");
	expect_key("ﾊﾟｰﾄﾅｰ", "ぱーとなー");        /* the long vowel mark stays */
	/* a base and a combining mark compose: カ + U+3099 */
	expect_key("\xe3\x82\xab\xe3\x82\x99", "が");
	/* the ends of the katakana range, and beyond it */
	expect_key("ァヶヽヾ", "ぁゖゝゞ");
	expect_key("ヷ", "ヷ");                       /* U+30F7: no hiragana */
	/* full-width digits and punctuation, compatibility forms, case folding */
	expect_key("１２３－４５", "123-45");
	expect_key("Ｑ３ ＱＢＲ", "q3 qbr");
	expect_key("㈱サクラ", "(株)さくら");
	expect_key("㎆", "mb");
	expect_key("Straße", "strasse");
	expect_key("ΣΊΣΥΦΟΣ", "σίσυφοσ");
	/* kanji, ASCII punctuation and spaces as they are */
	expect_key("株式会社 桜 / Co.", "株式会社 桜 / co.");
	expect_key("", "");
	/* the ideographic space becomes a space */
	expect_key("桜\xe3\x80\x80商事", "桜 商事");
}

static void test_no_kana_and_bad_bytes(void **state)
{
	(void)state;
	size_t n = 99;
	char *s = textnorm_fold("ＦＲＩ サクラ", strlen("ＦＲＩ サクラ"), 0, &n);
	assert_string_equal(s, "fri サクラ");         /* no TEXTNORM_KANA: katakana kept */
	assert_int_equal(n, strlen("fri サクラ"));
	free(s);
	/* invalid UTF-8 folds as U+FFFD, the rest as usual */
	s = textnorm_fold("A\xff" "Ｂ\xe3\x82", 7, TEXTNORM_KANA, &n);
	assert_string_equal(s, "a\xef\xbf\xbd" "b\xef\xbf\xbd");
	assert_int_equal(n, 8);
	free(s);
	/* a length shorter than the string: only that part */
	s = textnorm_fold("ABCD", 2, 0, &n);
	assert_string_equal(s, "ab");
	assert_int_equal(n, 2);
	free(s);
}

/* Appends code point c to b as UTF-8. */
static void add_utf8(struct sbuf *b, unsigned c)
{
	char u[4];
	if (c < 0x80) {
		u[0] = (char)c;
		sbuf_add(b, u, 1);
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | c >> 6);
		u[1] = (char)(0x80 | (c & 0x3f));
		sbuf_add(b, u, 2);
	} else {
		u[0] = (char)(0xe0 | c >> 12);
		u[1] = (char)(0x80 | (c >> 6 & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		sbuf_add(b, u, 3);
	}
}

/* The fast path (ASCII, full-width ASCII, kana, ideographs, Japanese
 * punctuation) folds every such code point as libunistring does: a text
 * ending in "é" takes the full path, so fold(x + "é") = fold(x) + "é". */
static void test_fast_path_agrees(void **state)
{
	(void)state;
	static const unsigned ranges[][2] = {
		{ 0x01, 0x7f }, { 0xff01, 0xff5e }, { 0x3001, 0x3002 }, { 0x3005, 0x3005 },
		{ 0x3008, 0x3011 }, { 0x3014, 0x301c }, { 0x3041, 0x3096 }, { 0x309d, 0x309e },
		{ 0x30a1, 0x30fe }, { 0x4e00, 0x9fff },
	};
	size_t checked = 0;
	for (size_t r = 0; r < ARRAY_SIZE(ranges); r++) {
		for (unsigned c = ranges[r][0]; c <= ranges[r][1]; c += 32) {
			struct sbuf b = { 0 };
			for (unsigned k = c; k < c + 32 && k <= ranges[r][1]; k++, checked++)
				add_utf8(&b, k);
			for (unsigned flags = 0; flags <= TEXTNORM_KANA; flags++) {
				size_t n_fast, n_full;
				char *fast = textnorm_fold(b.data, b.len, flags, &n_fast);
				sbuf_add(&b, "\xc3\xa9", 2);
				char *full = textnorm_fold(b.data, b.len, flags, &n_full);
				b.len -= 2;
				if (n_full != n_fast + 2 || memcmp(fast, full, n_fast) != 0 ||
				    memcmp(full + n_fast, "\xc3\xa9", 2) != 0)
					fail_msg("U+%04X..: fast \"%s\", full \"%s\" (flags %u)", c, fast, full, flags);
				free(fast);
				free(full);
			}
			sbuf_free(&b);
		}
	}
	assert_int_equal(checked, 0x7f + 0x5e + 2 + 1 + 10 + 9 + 0x56 + 2 + 0x5e + 0x5200);
}

/* csc_norm() in SQL gives the same key; NULL stays NULL. csc_in() tests a bound set. */
static void test_sql_function(void **state)
{
	(void)state;
	sqlite3 *db;
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(textnorm_register(db), 0);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT csc_norm(?1), csc_norm(NULL), "
					    "instr(csc_norm('面談: サクラ様 ＱＢＲ'), ?2)", -1, &stmt, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(stmt, 1, "ｻｸﾗ Ｓａｋｕｒａ", -1, SQLITE_STATIC);
	char *key = textnorm_search_key("さくら様 qbr");
	sqlite3_bind_text(stmt, 2, key, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "さくら sakura");
	assert_int_equal(sqlite3_column_type(stmt, 1), SQLITE_NULL);
	assert_int_equal(sqlite3_column_int(stmt, 2), 5);   /* characters: "面談: " is 4 */
	sqlite3_finalize(stmt);
	free(key);
	/* csc_in(): membership in a bound sorted set; anything else bound is no set */
	static const char *const ids[] = { "ACC-0001", "ACC-0007", "ACC-0010" };
	struct textnorm_set set = { ids, ARRAY_SIZE(ids) };
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT csc_in('ACC-0007', ?1), csc_in('ACC-0002', ?1), "
					    "csc_in('ACC-0010', ?1), csc_in(NULL, ?1), csc_in('ACC-0001', ?2)",
					    -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(textnorm_bind_set(stmt, 1, &set), SQLITE_OK);
	sqlite3_bind_text(stmt, 2, "ACC-0001", -1, SQLITE_STATIC);   /* text, not a set */
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(stmt, 0), 1);
	assert_int_equal(sqlite3_column_int(stmt, 1), 0);
	assert_int_equal(sqlite3_column_int(stmt, 2), 1);
	assert_int_equal(sqlite3_column_int(stmt, 3), 0);
	assert_int_equal(sqlite3_column_int(stmt, 4), 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_issue_table),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_no_kana_and_bad_bytes),
		cmocka_unit_test(test_fast_path_agrees),
		cmocka_unit_test(test_sql_function),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
