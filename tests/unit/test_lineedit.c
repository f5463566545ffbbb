/* test_lineedit.c - the console's line editor (struct tui_line): readline
 * keys, word motion over Japanese by script, the selected pre-filled value,
 * the character count behind the counter. No terminal needed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/tui.h"

#define CTRL(c) ((c) & 0x1f)

static void chars(struct tui_line *l, const char *s)
{
	for (; *s; s++)
		tui_line_key(l, (unsigned char)*s, false);
}

static void fkey(struct tui_line *l, int key)
{
	tui_line_key(l, key, true);
}

/* M-f and M-b stop where the script changes: 東京|オフィス|で|会議 */
static void test_word_motion_over_japanese(void **state)
{
	(void)state;
	struct tui_line l = { 0 };
	tui_line_set(&l, "東京オフィスで会議");
	fkey(&l, KEY_HOME);
	static const size_t fwd[] = { 6, 18, 21, 27, 27 };
	for (size_t i = 0; i < sizeof(fwd) / sizeof(fwd[0]); i++) {
		fkey(&l, TUI_KEY_ALT('f'));
		assert_int_equal(l.cur, fwd[i]);
	}
	static const size_t back[] = { 21, 18, 6, 0, 0 };
	for (size_t i = 0; i < sizeof(back) / sizeof(back[0]); i++) {
		fkey(&l, TUI_KEY_ALT('b'));
		assert_int_equal(l.cur, back[i]);
	}
	/* punctuation and spaces separate words, full-width ones too */
	tui_line_set(&l, "会議、QBR 2026の準備");
	fkey(&l, KEY_HOME);
	fkey(&l, TUI_KEY_ALT('f'));
	assert_int_equal(l.cur, 6);                   /* 会議 */
	fkey(&l, TUI_KEY_ALT('f'));
	assert_int_equal(l.cur, strlen("会議、QBR"));
	fkey(&l, TUI_KEY_ALT('f'));
	assert_int_equal(l.cur, strlen("会議、QBR 2026"));
	fkey(&l, TUI_KEY_ALT('f'));
	assert_int_equal(l.cur, strlen("会議、QBR 2026の"));
	tui_line_free(&l);
}

static void test_word_kills(void **state)
{
	(void)state;
	struct tui_line l = { 0 };
	tui_line_set(&l, "東京オフィスで会議");
	fkey(&l, KEY_END);
	fkey(&l, TUI_KEY_ALT(127));                   /* M-Backspace: 会議 */
	assert_string_equal(l.text, "東京オフィスで");
	fkey(&l, KEY_HOME);
	fkey(&l, TUI_KEY_ALT('d'));                   /* M-d: 東京 */
	assert_string_equal(l.text, "オフィスで");
	assert_int_equal(l.cur, 0);
	tui_line_set(&l, "call with ops lead");
	fkey(&l, KEY_END);
	tui_line_key(&l, CTRL('w'), false);           /* C-w: to the space */
	assert_string_equal(l.text, "call with ops ");
	tui_line_key(&l, CTRL('w'), false);
	assert_string_equal(l.text, "call with ");
	tui_line_free(&l);
}

/* C-y puts back what the last kill removed, in this line or another. */
static void test_yank(void **state)
{
	(void)state;
	struct tui_line l = { 0 }, m = { 0 };
	tui_line_set(&l, "call with ops lead");
	fkey(&l, KEY_END);
	tui_line_key(&l, CTRL('w'), false);
	assert_string_equal(l.text, "call with ops ");
	tui_line_key(&l, CTRL('a'), false);
	assert_int_equal(tui_line_key(&l, CTRL('y'), false), LINE_CHANGED);
	assert_string_equal(l.text, "leadcall with ops ");
	tui_line_set(&m, "会議");
	fkey(&m, KEY_RIGHT);
	tui_line_key(&m, CTRL('y'), false);           /* another line: the same kill */
	assert_string_equal(m.text, "会議lead");
	fkey(&m, KEY_HOME);
	tui_line_key(&m, CTRL('k'), false);           /* a new kill replaces it */
	tui_line_key(&m, CTRL('y'), false);
	tui_line_key(&m, CTRL('y'), false);
	assert_string_equal(m.text, "会議lead会議lead");
	tui_line_free(&l);
	tui_line_free(&m);
}

static void test_readline_keys(void **state)
{
	(void)state;
	struct tui_line l = { 0 };
	tui_line_set(&l, "abcdef");
	tui_line_key(&l, CTRL('a'), false);
	assert_int_equal(l.cur, 0);
	tui_line_key(&l, CTRL('f'), false);
	tui_line_key(&l, CTRL('f'), false);
	assert_int_equal(l.cur, 2);
	tui_line_key(&l, CTRL('b'), false);
	assert_int_equal(l.cur, 1);
	tui_line_key(&l, CTRL('k'), false);           /* to the end */
	assert_string_equal(l.text, "a");
	chars(&l, "xyz");
	fkey(&l, KEY_LEFT);
	tui_line_key(&l, CTRL('u'), false);           /* to the start */
	assert_string_equal(l.text, "z");
	assert_int_equal(l.cur, 0);
	fkey(&l, KEY_DC);
	assert_string_equal(l.text, "");
	chars(&l, "ab");
	tui_line_key(&l, CTRL('e'), false);
	tui_line_key(&l, 127, false);
	assert_string_equal(l.text, "a");
	/* Japanese: one key, one character */
	tui_line_set(&l, "東京");
	fkey(&l, KEY_RIGHT);                          /* ends the selection */
	fkey(&l, KEY_LEFT);
	assert_int_equal(l.cur, 3);
	fkey(&l, KEY_BACKSPACE);
	assert_string_equal(l.text, "京");
	tui_line_free(&l);
}

/* A pre-filled value is selected: typing replaces it, a motion keeps it. */
static void test_prefilled_value_selected(void **state)
{
	(void)state;
	struct tui_line l = { 0 };
	tui_line_set(&l, "today");
	assert_true(l.selected);
	assert_int_equal(tui_line_key(&l, 'y', false), LINE_CHANGED);
	assert_string_equal(l.text, "y");
	assert_false(l.selected);
	chars(&l, "esterday");
	assert_string_equal(l.text, "yesterday");     /* only the first key replaces */

	tui_line_set(&l, "today");
	assert_int_equal(tui_line_key(&l, KEY_RIGHT, true), LINE_MOVED);
	assert_false(l.selected);
	chars(&l, "+1");
	assert_string_equal(l.text, "today+1");

	tui_line_set(&l, "today");
	fkey(&l, KEY_END);
	chars(&l, "!");
	assert_string_equal(l.text, "today!");

	tui_line_set(&l, "today");
	fkey(&l, KEY_HOME);                           /* any motion keeps it */
	chars(&l, ">");
	assert_string_equal(l.text, ">today");

	tui_line_set(&l, "today");
	assert_int_equal(tui_line_key(&l, KEY_BACKSPACE, true), LINE_CHANGED);
	assert_string_equal(l.text, "");

	tui_line_set(&l, "today");
	fkey(&l, KEY_DC);
	assert_string_equal(l.text, "");

	/* a paste replaces it too */
	tui_line_set(&l, "today");
	assert_true(tui_line_insert(&l, "明日"));
	assert_string_equal(l.text, "明日");

	/* a key that is not for the line (Tab) leaves it selected */
	tui_line_set(&l, "today");
	assert_int_equal(tui_line_key(&l, '\t', false), LINE_IGNORED);
	assert_true(l.selected);

	/* an empty value is not selected */
	tui_line_set(&l, "");
	assert_false(l.selected);
	tui_line_free(&l);
}

static void test_chars_and_limit_kept(void **state)
{
	(void)state;
	struct tui_line l = { 0 };
	l.limit = 500;
	tui_line_set(&l, "会議のメモ");
	assert_int_equal(tui_line_chars(&l), 5);
	assert_int_equal(l.limit, 500);               /* set keeps the limit */
	/* nothing is cut: 600 characters stay 600, whatever the limit */
	struct tui_line m = { 0 };
	m.limit = 500;
	for (int i = 0; i < 600; i++)
		tui_line_key(&m, 0x4f1a, false);         /* 会 */
	assert_int_equal(tui_line_chars(&m), 600);
	assert_int_equal(m.len, 1800);
	tui_line_free(&l);
	tui_line_free(&m);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_word_motion_over_japanese),
		cmocka_unit_test(test_word_kills),
		cmocka_unit_test(test_readline_keys),
		cmocka_unit_test(test_yank),
		cmocka_unit_test(test_prefilled_value_selected),
		cmocka_unit_test(test_chars_and_limit_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
