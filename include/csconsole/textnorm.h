/* textnorm.h - text folded so that the forms a person may type compare equal.
 *
 * Search and date input fold both sides the same way, so that full-width and
 * half-width forms (ＡＢＣ, ｻｸﾗ), upper and lower case, and katakana and
 * hiragana (サクラ, さくら) match:
 *   1. NFKC (compatibility composition: full-width ASCII to ASCII, half-width
 *      katakana to katakana, a base and a combining sound mark into one);
 *   2. Unicode full case folding (libunistring's u8_casefold, NFKC again after);
 *   3. with TEXTNORM_KANA, katakana U+30A1..U+30F6 and the iteration marks
 *      U+30FD..U+30FE as the hiragana 0x60 below (サクラ -> さくら).
 * Invalid UTF-8 bytes are folded as U+FFFD. ASCII-only text takes a fast path
 * (lower case, nothing else can change).
 */
#ifndef CSCONSOLE_TEXTNORM_H
#define CSCONSOLE_TEXTNORM_H

#include <stddef.h>

struct sqlite3;
struct sqlite3_stmt;

enum {
	TEXTNORM_KANA = 1,      /* step 3: katakana as hiragana */
};

/* s[0..len) folded as above, NUL-terminated; *out_len (if not NULL) is its
 * length without the NUL. Never NULL (dies when memory runs out). Caller frees. */
char *textnorm_fold(const char *s, size_t len, unsigned flags, size_t *out_len);
/* The key a search compares: textnorm_fold(s, strlen(s), TEXTNORM_KANA). */
char *textnorm_search_key(const char *s);

/* Registers the SQL functions a search uses on db:
 *   csc_norm(text)    the search key of text (NULL stays NULL), deterministic,
 *                     so that a query compares instr(csc_norm(column), ?key)
 *                     with a key from textnorm_search_key();
 *   csc_in(text, ?)   1 when text is one of a textnorm_set bound to the
 *                     parameter with textnorm_bind_set(), else 0: it keeps a
 *                     scan's expensive terms to the rows of one book.
 * 0, or -1 + error(). */
int textnorm_register(struct sqlite3 *db);

/* Strings in strcmp order (the caller sorts them and keeps them alive while
 * the statement runs). */
struct textnorm_set {
	const char *const *items;
	size_t n;
};
/* Binds set to parameter i of stmt for csc_in(). SQLite's result code. */
int textnorm_bind_set(struct sqlite3_stmt *stmt, int i, const struct textnorm_set *set);

#endif
