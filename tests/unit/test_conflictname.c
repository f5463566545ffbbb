/* test_conflictname.c - the conflict-copy names of sync tools and git's
 * leftovers (conflictname.c): each tool's pattern, the original it names,
 * and names that must stay feeds. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "csconsole/conflictname.h"
#include "csconsole/util.h"

/* The folder of these tests holds weekly.csv and usage.csv. */
static bool exists(void *ctx, const char *name)
{
	(void)ctx;
	return strcmp(name, "weekly.csv") == 0 || strcmp(name, "usage.csv") == 0;
}

static void expect_copy(const char *name, const char *tool, const char *original)
{
	struct conflictname cn;
	if (!conflictname_match(name, exists, NULL, &cn))
		fail_msg("%s: not taken for a conflict copy", name);
	assert_string_equal(cn.tool, tool);
	assert_string_equal(cn.original, original);
	free(cn.original);
}

static void expect_feed(const char *name)
{
	struct conflictname cn;
	if (conflictname_match(name, exists, NULL, &cn)) {
		free(cn.original);
		fail_msg("%s: taken for a conflict copy", name);
	}
}

static void test_copies(void **state)
{
	(void)state;
	expect_copy("weekly.sync-conflict-20261122-101010-ABCDEFG.csv", "Syncthing", "weekly.csv");
	expect_copy("accounts.sync-conflict-20261122-101010-ABCDEFG.yaml", "Syncthing", "accounts.yaml");
	expect_copy("weekly (Jane's conflicted copy 2026-11-22).csv", "Dropbox", "weekly.csv");
	expect_copy("weekly (conflicted copy 2026-11-22 101010).csv", "Nextcloud/ownCloud", "weekly.csv");
	expect_copy("weekly (1).csv", "Google Drive", "weekly.csv");
	expect_copy("weekly (12).csv", "Google Drive", "weekly.csv");
	expect_copy("weekly-LAPTOP7.csv", "OneDrive", "weekly.csv");
	expect_copy("weekly-Janes-MacBook-Pro.csv", "OneDrive", "weekly.csv");
	expect_copy("usage-EU.csv", "OneDrive", "usage.csv");
	expect_copy("weekly.csv.orig", "git", "weekly.csv");
	expect_copy("weekly.csv.rej", "git", "weekly.csv");
	expect_copy("weekly_BASE_1234.csv", "git", "weekly.csv");
	expect_copy("weekly_REMOTE_99.csv", "git", "weekly.csv");
}

static void test_feeds(void **state)
{
	(void)state;
	expect_feed("weekly.csv");
	expect_feed("2026-10.csv");            /* "2026" plus "-10": digits are no computer name */
	expect_feed("daily-eu.csv");           /* no daily.csv beside it */
	expect_feed("weekly (final).csv");
	expect_feed("weekly(1).csv");          /* Google Drive puts a space first */
	expect_feed("(1).csv");
	expect_feed("weekly_BASE_.csv");
	expect_feed("sync-conflict.csv");
	expect_feed("nps.yaml");
}

static void test_markers(void **state)
{
	(void)state;
	assert_true(conflictname_marker("<<<<<<< HEAD\n", 13));
	assert_true(conflictname_marker("=======\n", 8));
	assert_true(conflictname_marker("=======\r\n", 9));
	assert_true(conflictname_marker("=======", 7));
	assert_true(conflictname_marker(">>>>>>> theirs\n", 15));
	assert_false(conflictname_marker("======== heading\n", 17));
	assert_false(conflictname_marker("======= x\n", 10));
	assert_false(conflictname_marker("<<<<<<<<\n", 9));
	assert_false(conflictname_marker("<<<<<<", 6));
	assert_false(conflictname_marker("ACC-0001,<<<<<<< ,1\n", 20));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copies),
		cmocka_unit_test(test_feeds),
		cmocka_unit_test(test_markers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
