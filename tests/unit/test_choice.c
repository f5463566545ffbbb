/* test_choice.c - picking a choice by typing (choice.c): incremental, at the
 * start of any word, any case; the first letter again for the next one. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "csconsole/choice.h"

static const char *const risks[] = { "none", "outcome_not_reached", "hard_to_use", "adoption_support",
	"roi_unproven", "missing_feature", "champion_left", "priority_dropped", "bad_interaction",
	"competitor", "budget", NULL };
#define N_RISKS (sizeof(risks) / sizeof(risks[0]) - 1)
static const char *const touches[] = { "call", "meeting", "email", "chat", "internal", "qbr", "renewal",
	"onboarding", NULL };
static const char *const sentiment[] = { "none", "very negative", "negative", "neutral", "positive",
	"very positive", NULL };
static const char *const ja[] = { "なし", "とても悪い", "悪い", "普通", "良い", "とても良い", NULL };

/* Types each character of keys (ASCII) in turn from *cur with typed so far;
 * returns whether the last one matched. */
static bool type(const char *const *items, size_t n, size_t *cur, char *typed, size_t tsize, const char *keys)
{
	bool ok = false;
	for (const char *k = keys; *k; k++) {
		char ch[2] = { *k, '\0' };
		ok = choice_type(items, n, cur, typed, tsize, ch);
	}
	return ok;
}

static void test_find(void **state)
{
	(void)state;
	size_t at = 99;
	/* the start of the name first, then the start of a later word */
	assert_true(choice_find(risks, N_RISKS, 0, "bud", &at));
	assert_int_equal(at, 10);
	assert_true(choice_find(risks, N_RISKS, 0, "not", &at));
	assert_int_equal(at, 1);                  /* outcome_NOT_reached: a later word */
	assert_true(choice_find(risks, N_RISKS, 0, "NOT", &at));
	assert_int_equal(at, 1);                  /* any case */
	assert_true(choice_find(risks, N_RISKS, 0, "n", &at));
	assert_int_equal(at, 0);                  /* "none" starts with n: before not_reached */
	assert_true(choice_find(risks, N_RISKS, 1, "use", &at));
	assert_int_equal(at, 2);                  /* hard_to_USE */
	/* inside a word is no match */
	at = 99;
	assert_false(choice_find(risks, N_RISKS, 0, "udget", &at));
	assert_int_equal(at, 99);
	assert_false(choice_find(risks, N_RISKS, 0, "z", &at));
	/* from an index on, round */
	assert_true(choice_find(touches, 8, 2, "c", &at));
	assert_int_equal(at, 3);                  /* chat, after email */
	assert_true(choice_find(touches, 8, 4, "c", &at));
	assert_int_equal(at, 0);                  /* round to call */
	/* Japanese labels: byte for byte, at the start */
	assert_true(choice_find(ja, 6, 0, "普", &at));
	assert_int_equal(at, 3);
	assert_true(choice_find(ja, 6, 0, "とても良", &at));
	assert_int_equal(at, 5);
}

static void test_type(void **state)
{
	(void)state;
	char typed[32] = "";
	size_t cur = 0;

	/* "ren" picks renewal, letter by letter */
	assert_true(type(touches, 8, &cur, typed, sizeof(typed), "ren"));
	assert_int_equal(cur, 6);
	assert_string_equal(typed, "ren");
	/* a character that extends no name starts a new one */
	assert_true(type(touches, 8, &cur, typed, sizeof(typed), "q"));
	assert_int_equal(cur, 5);
	assert_string_equal(typed, "q");
	/* the same first letter again: the next choice with it, round */
	typed[0] = '\0';
	cur = 0;
	assert_true(type(touches, 8, &cur, typed, sizeof(typed), "c"));
	assert_int_equal(cur, 3);                 /* from call: chat */
	assert_true(type(touches, 8, &cur, typed, sizeof(typed), "c"));
	assert_int_equal(cur, 0);                 /* "cc" is nothing: c again, call */
	/* an extension that still matches the current choice keeps it */
	typed[0] = '\0';
	cur = 0;
	assert_true(type(touches, 8, &cur, typed, sizeof(typed), "e"));
	assert_int_equal(cur, 2);
	assert_true(type(touches, 8, &cur, typed, sizeof(typed), "m"));
	assert_int_equal(cur, 2);                 /* "em": still email */
	assert_string_equal(typed, "em");
	/* words of a sentiment label */
	typed[0] = '\0';
	cur = 0;
	assert_true(type(sentiment, 6, &cur, typed, sizeof(typed), "pos"));
	assert_int_equal(cur, 4);
	typed[0] = '\0';
	assert_true(type(sentiment, 6, &cur, typed, sizeof(typed), "v"));
	assert_int_equal(cur, 5);                 /* very positive, the next v after positive */
	typed[0] = '\0';
	assert_true(type(sentiment, 6, &cur, typed, sizeof(typed), "v"));
	assert_int_equal(cur, 1);                 /* very negative, round */
	/* no choice: false, typed cleared, the choice unchanged */
	cur = 4;
	strcpy(typed, "x");
	assert_false(type(sentiment, 6, &cur, typed, sizeof(typed), "z"));
	assert_int_equal(cur, 4);
	assert_string_equal(typed, "");
	/* UTF-8 characters */
	typed[0] = '\0';
	cur = 0;
	assert_true(choice_type(ja, 6, &cur, typed, sizeof(typed), "と"));
	assert_int_equal(cur, 1);
	assert_true(choice_type(ja, 6, &cur, typed, sizeof(typed), "て"));
	assert_true(choice_type(ja, 6, &cur, typed, sizeof(typed), "も"));
	assert_true(choice_type(ja, 6, &cur, typed, sizeof(typed), "良"));
	assert_int_equal(cur, 5);
	assert_string_equal(typed, "とても良");
	/* what was typed never overflows its buffer: when full, a new name
	 * starts ("on" fills 3 bytes; "b" alone matches nothing) */
	char small[3] = "";
	cur = 0;
	assert_true(type(touches, 8, &cur, small, sizeof(small), "on"));
	assert_int_equal(cur, 7);
	assert_string_equal(small, "on");
	assert_false(type(touches, 8, &cur, small, sizeof(small), "b"));
	assert_int_equal(cur, 7);
	assert_string_equal(small, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_type),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
