/* test_preset.c - the presets' table, the user's column and value mappings
 * (preset.c) and owners matched by handle, e-mail or name (owner.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/csvread.h"
#include "csconsole/owner.h"
#include "csconsole/preset.h"

static void test_values(void **state)
{
	(void)state;
	struct feed_mapping m = {0};
	/* canonical names, in any case and with blanks */
	assert_string_equal(preset_value(NULL, "touch_model", "high"), "high");
	assert_string_equal(preset_value(NULL, "touch_model", " HIGH "), "high");
	/* the presets' values, folded: case, width, '-' and '_' as blanks */
	assert_string_equal(preset_value(NULL, "touch_model", "High Touch"), "high");
	assert_string_equal(preset_value(NULL, "touch_model", "high-touch"), "high");
	assert_string_equal(preset_value(NULL, "touch_model", "ＬＯＷ　ＴＯＵＣＨ"), "low");
	assert_string_equal(preset_value(NULL, "stage", "導入"), "onboarding");
	assert_string_equal(preset_value(NULL, "stage", "Onboarding"), "onboarding");
	assert_null(preset_value(NULL, "stage", "Kickoff"));
	assert_null(preset_value(NULL, "stage", "high"));          /* a value of another field */
	assert_null(preset_value(NULL, "segment", "Enterprise"));  /* not a mapped field */
	/* a preset's own values apply under that preset only */
	assert_null(preset_value(NULL, "stage", "Customer - Onboarding"));
	m.preset = (char *)"salesforce";
	assert_string_equal(preset_value(&m, "stage", "customer - onboarding"), "onboarding");
	/* the user's mapping comes first, even over a preset's value */
	strlist_add(&m.stage, "Kickoff");
	strlist_add(&m.stage, "onboarding");
	strlist_add(&m.stage, "導入");
	strlist_add(&m.stage, "adoption");
	assert_string_equal(preset_value(&m, "stage", "kickoff"), "onboarding");
	assert_string_equal(preset_value(&m, "stage", "導入"), "adoption");
	assert_string_equal(preset_value(&m, "stage", "Renewal"), "renewal");
	strlist_clear(&m.stage);
}

static void test_fold_and_distance(void **state)
{
	(void)state;
	char *f = preset_fold("  Aiko__Sato - SAN ");
	assert_string_equal(f, "aiko sato san");
	free(f);
	assert_int_equal(preset_edit_distance("aiko", "aiko", 3), 0);
	assert_int_equal(preset_edit_distance("aiko", "aika", 3), 1);
	assert_int_equal(preset_edit_distance("kitten", "sitting", 5), 3);
	assert_int_equal(preset_edit_distance("", "abc", 5), 3);
	/* beyond the limit: limit + 1, whatever the true distance */
	assert_int_equal(preset_edit_distance("aiko", "maria", 1), 2);
	assert_int_equal(preset_edit_distance("a", "abcdefgh", 2), 3);
}

/* The preset's headers come in the table's order, after the user's mapping,
 * which replaces them for its field. */
static void test_columns_build(void **state)
{
	(void)state;
#define COL_DEF(id, nm, req) { nm, req },
	static const struct csvread_col cols[] = { ACCOUNT_COLUMNS(COL_DEF) };
#undef COL_DEF
	struct feed_mapping m = { .preset = (char *)"salesforce" };
	struct preset_columns pc;
	bool saw_report = false, saw_api = false, saw_user = false;

	preset_columns_build(NULL, PRESET_ACCOUNTS, cols, ARRAY_SIZE(cols), &pc);
	assert_int_equal(pc.n, 0);                  /* csconsole: its own names only */
	assert_string_equal(pc.key, "feeds.accounts.columns");
	preset_columns_free(&pc);

	strlist_add(&m.columns, "renewal_date");
	strlist_add(&m.columns, "Renewal__c");
	preset_columns_build(&m, PRESET_ACCOUNTS, cols, ARRAY_SIZE(cols), &pc);
	for (size_t i = 0; i < pc.n; i++) {
		const char *field = cols[pc.aliases[i].col].name, *h = pc.aliases[i].header;
		if (strcmp(field, "main_owner") == 0 && strcmp(h, "Account Owner") == 0) {
			assert_false(saw_api);           /* the report's label before the API name */
			saw_report = true;
		}
		if (strcmp(field, "main_owner") == 0 && strcmp(h, "OwnerId") == 0)
			saw_api = true;
		if (strcmp(field, "renewal_date") == 0) {
			assert_string_equal(h, "Renewal__c");   /* Contract_End_Date__c overridden */
			assert_true(pc.aliases[i].only);
			saw_user = true;
		}
	}
	assert_true(saw_report && saw_api && saw_user);
	preset_columns_free(&pc);

	struct csvread_col *y = preset_yaml_cols(&m, cols, ARRAY_SIZE(cols));
	assert_string_equal(y[7].name, "Renewal__c");
	assert_string_equal(y[0].name, "id");
	free(y);
	strlist_clear(&m.columns);
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	struct sbuf b = {0};
	char buf[4096];
	size_t n;
	if (!fp)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sbuf_add(&b, buf, n);
	fclose(fp);
	return b.data ? b.data : xstrdup("");
}

/* Every header and value of the table is in docs/feeds.md. */
static void test_docs_list_the_table(void **state)
{
	(void)state;
	const char *root = getenv("CSC_ROOT");
	char *path = path_join(root && *root ? root : ".", "docs/feeds.md"), *text;
	const char *preset, *field, *header, *value;
	int kind;

	text = slurp(path);
	if (!text)
		fail_msg("cannot read %s", path);
	for (size_t i = 0; preset_column_at(i, &preset, &kind, &field, &header); i++) {
		char *cell = xasprintf("`%s`", header);
		if (!strstr(text, cell))
			fail_msg("docs/feeds.md does not list %s's header %s (%s)", preset, cell, field);
		free(cell);
	}
	for (size_t i = 0; preset_value_at(i, &preset, &field, &header, &value); i++) {
		char *cell = xasprintf("`%s`", header);
		if (!strstr(text, cell))
			fail_msg("docs/feeds.md does not list the %s value %s", field, cell);
		free(cell);
	}
	free(text);
	free(path);
}

static void test_owners(void **state)
{
	(void)state;
	struct owner_index ix = {0};
	struct sbuf b = {0};

	owner_index_add(&ix, "aiko", "Aiko Sato", "aiko@example.com");
	owner_index_add(&ix, "ken", "渡辺 健", "ken.w@example.com");
	owner_index_add(&ix, "maria", "María López", NULL);
	owner_index_add(&ix, "mari", "Mari Ito", "mari@example.com");
	owner_index_add(&ix, "jo", "J. Smith", "jo@example.com");
	owner_index_add(&ix, "john", "J. Smith", "john@example.com");

	assert_string_equal(owner_resolve(&ix, "aiko"), "aiko");
	assert_string_equal(owner_resolve(&ix, "Aiko Sato"), "aiko");
	assert_string_equal(owner_resolve(&ix, " aiko sato "), "aiko");
	assert_string_equal(owner_resolve(&ix, "AIKO@EXAMPLE.COM"), "aiko");
	assert_string_equal(owner_resolve(&ix, "渡辺　健"), "ken");       /* full-width blank */
	assert_string_equal(owner_resolve(&ix, "maría lópez"), "maria");
	assert_null(owner_resolve(&ix, "J. Smith"));                    /* two CSMs: neither */
	assert_null(owner_resolve(&ix, "Aiko Satoo"));
	assert_null(owner_resolve(&ix, ""));

	/* the closest handles: by handle, name or e-mail, nearest first */
	assert_int_equal(owner_closest(&ix, "Aiko Satoo", &b), 1);
	assert_string_equal(sbuf_str(&b), "aiko");
	sbuf_reset(&b);
	assert_int_equal(owner_closest(&ix, "marai", &b), 2);
	assert_string_equal(sbuf_str(&b), "mari or maria");
	sbuf_reset(&b);
	assert_int_equal(owner_closest(&ix, "J. Smith", &b), 2);
	assert_string_equal(sbuf_str(&b), "jo or john");
	sbuf_reset(&b);
	assert_int_equal(owner_closest(&ix, "ken.w", &b), 1);           /* the e-mail's local part */
	assert_string_equal(sbuf_str(&b), "ken");
	sbuf_reset(&b);
	assert_int_equal(owner_closest(&ix, "zed", &b), 0);             /* nothing close: nothing */
	assert_string_equal(sbuf_str(&b), "");
	sbuf_free(&b);
	owner_index_free(&ix);

	/* handles in order (as loaded from the store): found by binary search */
	static const char *const sorted[] = { "a", "b.c", "ken", "ken2", "maria", "z" };
	for (size_t i = 0; i < ARRAY_SIZE(sorted); i++)
		owner_index_add(&ix, sorted[i], NULL, NULL);
	assert_false(ix.unsorted);
	for (size_t i = 0; i < ARRAY_SIZE(sorted); i++)
		assert_string_equal(owner_resolve(&ix, sorted[i]), sorted[i]);
	assert_string_equal(owner_resolve(&ix, "KEN2"), "ken2");        /* folded */
	assert_null(owner_resolve(&ix, "kem"));
	owner_index_free(&ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_fold_and_distance),
		cmocka_unit_test(test_columns_build),
		cmocka_unit_test(test_docs_list_the_table),
		cmocka_unit_test(test_owners),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
