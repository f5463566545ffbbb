/* test_config.c - csconsole.yaml: defaults, the shipped files (and csconsole.ja.yaml, the
 * same with Japanese comments), every error path, lookup. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "csconsole/config.h"
#include "csconsole/yamldoc.h"
#include "scratch.h"

static int setup_dir(void **state)
{
	if (scratch_setup(state))
		return -1;
	/* No user configuration leaks in from the machine running the tests. */
	unsetenv("CSCONSOLE_CONFIG");
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", scratch_dir, 1);
	setenv("XDG_CONFIG_HOME", scratch_dir, 1);
	return 0;
}

static size_t key(const char *name)
{
	int i = config_key_find(name);
	assert_true(i >= 0);
	return (size_t)i;
}

static void test_defaults(void **state)
{
	(void)state;
	struct config c;
	config_defaults(&c);
	assert_string_equal(c.me, "");
	assert_string_equal(c.shared_dir, "");
	assert_string_equal(c.database, "");
	assert_string_equal(c.theme, "dark");
	assert_string_equal(c.date_format, "auto");
	assert_string_equal(c.date_format_long, "auto");
	assert_int_equal(c.money_header, 0);                 /* auto */
	assert_int_equal(c.names_ja_touch.len, 6);
	assert_string_equal(c.names_ja_touch.items[0], "high");
	assert_string_equal(c.names_ja_touch.items[1], "ハイタッチ");
	assert_int_equal(c.names_ja_risk.len, 2 * c.risk_categories.len);
	for (size_t i = 0; i < c.risk_categories.len; i++)   /* every default category named */
		assert_string_equal(c.names_ja_risk.items[2 * i], c.risk_categories.items[i]);
	assert_int_equal(c.names_ja_sentiment.len, c.sentiment_labels.len);
	assert_int_equal(c.week_start, 1);
	assert_int_equal(c.band_red_max, 50);
	assert_int_equal(c.band_yellow_max, 75);
	assert_int_equal(c.cadence[TOUCH_HIGH], 14);
	assert_int_equal(c.cadence[TOUCH_LOW], 45);
	assert_int_equal(c.cadence[TOUCH_TECH], 90);
	assert_int_equal(c.renewal_lead_days, 14);
	assert_int_equal(c.n_renewal_windows, 4);
	assert_int_equal(c.renewal_windows[0], 120);
	assert_int_equal(c.renewal_windows[1], 90);
	assert_int_equal(c.renewal_windows[2], 60);
	assert_int_equal(c.renewal_windows[3], 30);
	assert_int_equal(c.agenda_health_drop_7d, 5);
	assert_int_equal(c.agenda_health_drop_28d, 10);
	assert_int_equal(c.agenda_risk_days, 14);
	assert_int_equal(c.agenda_onboarding_days, 42);
	assert_int_equal(c.agenda_season_days, 30);
	const char *risks[] = { "outcome_not_reached", "hard_to_use", "adoption_support",
		"roi_unproven", "missing_feature", "champion_left", "priority_dropped",
		"bad_interaction", "competitor", "budget" };
	assert_int_equal(c.risk_categories.len, ARRAY_SIZE(risks));
	for (size_t i = 0; i < ARRAY_SIZE(risks); i++)
		assert_string_equal(c.risk_categories.items[i], risks[i]);
	const char *labels[] = { "very negative", "negative", "neutral", "positive", "very positive" };
	assert_int_equal(c.sentiment_labels.len, ARRAY_SIZE(labels));
	for (size_t i = 0; i < ARRAY_SIZE(labels); i++)
		assert_string_equal(c.sentiment_labels.items[i], labels[i]);
	assert_null(c.file);
	assert_int_equal(c.file_source, SRC_DEFAULT);

	/* Every key: unique name, help, source default, and its value renders as its default text. */
	for (size_t i = 0; i < config_key_count(); i++) {
		assert_non_null(config_key_help(i));
		assert_true(strlen(config_key_help(i)) > 10);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(config_key_name(i), config_key_name(j));
		assert_int_equal(config_key_source(&c, i), SRC_DEFAULT);
		char *v = config_key_value(&c, i);
		assert_string_equal(v, config_key_default(i));
		free(v);
	}
	assert_null(config_key_name(config_key_count()));
	assert_int_equal(config_key_find("no.such.key"), -1);

	struct config d;
	config_defaults(&d);
	const char *differs = "x";
	assert_true(config_equal(&c, &d, &differs));
	assert_null(differs);
	d.cadence[TOUCH_LOW] = 46;
	assert_false(config_equal(&c, &d, &differs));
	assert_string_equal(differs, "cadence.low");
	config_free(&d);
	config_free(&c);
	assert_null(c.me);    /* config_free leaves a clean, re-freeable struct */
	config_free(&c);
}

/* A shipped configuration file (csconsole.yaml, or its Japanese copy) loads
 * without a diagnostic, equals the built-in defaults and sets every key. */
static void check_shipped(const char *name)
{
	const char *root = getenv("CSC_ROOT");
	char *path = path_join(root && *root ? root : ".", name);
	struct config shipped, defaults;
	struct diag_list d = {0};
	const char *differs = NULL;

	config_defaults(&defaults);
	config_defaults(&shipped);
	assert_int_equal(config_load_file(&shipped, path, &d), 0);
	diag_print(&d, stderr);
	assert_int_equal(d.len, 0);
	if (!config_equal(&shipped, &defaults, &differs))
		fail_msg("%s differs from the built-in default at %s", name, differs);
	/* Every key of the table is written in the file (so it is documented there). */
	for (size_t i = 0; i < config_key_count(); i++)
		if (config_key_source(&shipped, i) != SRC_FILE)
			fail_msg("%s does not set %s", name, config_key_name(i));
	config_free(&shipped);
	config_free(&defaults);
	free(path);
}

static void test_shipped_file(void **state)
{
	(void)state;
	check_shipped("csconsole.yaml");
}

/* Compares two YAML trees node by node: the same keys in the same order, the
 * same values written the same way (quoted or plain). On the first difference
 * fails naming the key path and both lines. */
static void same_tree(const struct ynode *a, const struct ynode *b, const char *where)
{
	if (!a || !b) {
		if (a != b)
			fail_msg("%s: one file has a value, the other none", where);
		return;
	}
	if (a->type != b->type)
		fail_msg("%s: %s at csconsole.yaml:%u, %s at csconsole.ja.yaml:%u", where,
			 ynode_kind(a), a->line, ynode_kind(b), b->line);
	if (a->type == YNODE_SCALAR) {
		if (strcmp(a->scalar, b->scalar) != 0 || a->plain != b->plain)
			fail_msg("%s: \"%s\" at csconsole.yaml:%u, \"%s\" at csconsole.ja.yaml:%u",
				 where, a->scalar, a->line, b->scalar, b->line);
		return;
	}
	if (a->len != b->len)
		fail_msg("%s: %zu entries at csconsole.yaml:%u, %zu at csconsole.ja.yaml:%u", where,
			 a->type == YNODE_MAP ? a->len / 2 : a->len, a->line,
			 b->type == YNODE_MAP ? b->len / 2 : b->len, b->line);
	for (size_t i = 0; i < a->len; i++) {
		char sub[512];
		if (a->type == YNODE_MAP && i % 2 == 0) {
			same_tree(a->items[i], b->items[i], *where ? where : "top level");   /* the key */
			continue;
		}
		if (a->type == YNODE_MAP)
			snprintf(sub, sizeof(sub), "%s%s%s", where, *where ? "." : "",
				 a->items[i - 1]->scalar ? a->items[i - 1]->scalar : "?");
		else
			snprintf(sub, sizeof(sub), "%s[%zu]", where, i);
		same_tree(a->items[i], b->items[i], sub);
	}
}

/* csconsole.ja.yaml is csconsole.yaml with Japanese comments: it equals the
 * defaults like the English file, and sets the same keys, in the same order,
 * to the same values written the same way. */
static void test_shipped_file_ja(void **state)
{
	(void)state;
	check_shipped("csconsole.ja.yaml");

	const char *root = getenv("CSC_ROOT");
	char *en = path_join(root && *root ? root : ".", "csconsole.yaml");
	char *ja = path_join(root && *root ? root : ".", "csconsole.ja.yaml");
	struct ynode *a = NULL, *b = NULL;
	struct diag_list d = {0};
	assert_int_equal(ydoc_load_file(en, NULL, &a, &d), 0);
	assert_int_equal(ydoc_load_file(ja, NULL, &b, &d), 0);
	diag_print(&d, stderr);
	assert_int_equal(d.len, 0);
	assert_non_null(a);
	assert_non_null(b);
	same_tree(a, b, "");
	ynode_free(a);
	ynode_free(b);
	free(en);
	free(ja);
}

/* Loads text over the defaults; expects exactly one diagnostic, equal to
 * "<file>:<want>", and returns config_load_file's result. */
static int load_one_diag(const char *text, const char *want)
{
	char *path = scratch_write_str("c.yaml", text);
	struct config c;
	struct diag_list d = {0};
	config_defaults(&c);
	int rc = config_load_file(&c, path, &d);
	if (d.len != 1) {
		diag_print(&d, stderr);
		fail_msg("expected one diagnostic for:\n%s", text);
	}
	char *got = diag_format(&d.items[0]);
	char *exp = xasprintf("%s:%s", path, want);
	assert_string_equal(got, exp);
	/* A rejected value leaves every key at its default. */
	struct config def;
	config_defaults(&def);
	if (d.errors) {
		const char *differs = NULL;
		if (!config_equal(&c, &def, &differs))
			fail_msg("a rejected file changed %s", differs);
	}
	config_free(&def);
	free(exp);
	free(got);
	diag_clear(&d);
	config_free(&c);
	free(path);
	return rc;
}

/* keys: a key given to one action leaves the action that had it by default. */
static void test_keys_move(void **state)
{
	(void)state;
	char *path = scratch_write_str("k.yaml", "keys:\n  quit: [j]\n  move-down: [n, Down]\n");
	struct config c, def;
	struct diag_list d = {0};
	config_defaults(&c);
	config_defaults(&def);
	assert_int_equal(config_load_file(&c, path, &d), 0);
	assert_int_equal(d.len, 0);
	assert_int_equal(c.keys[ACTION_QUIT].len, 1);
	assert_string_equal(c.keys[ACTION_QUIT].items[0], "j");
	assert_int_equal(c.keys[ACTION_MOVE_DOWN].len, 2);
	assert_string_equal(c.keys[ACTION_MOVE_DOWN].items[0], "n");
	/* untouched actions keep their defaults */
	assert_true(strlist_eq(&c.keys[ACTION_MOVE_UP], &def.keys[ACTION_MOVE_UP]));
	char *v = config_key_value(&c, (size_t)config_key_find("keys"));
	assert_non_null(strstr(v, "move-down: [n, Down], move-up: [k, Up]"));
	assert_non_null(strstr(v, "help: [\"?\"], close: [Esc], quit: [j]}"));
	free(v);
	/* the default map is generated from the actions table, in its order */
	assert_string_equal(config_key_default((size_t)config_key_find("keys")),
		"{move-down: [j, Down], move-up: [k, Up], move-first: [g, Home], move-last: [G, End], "
		"page-down: [PgDn, C-f], page-up: [PgUp, C-b], half-page-down: [C-d], "
		"half-page-up: [C-u], redraw: [C-l], open: [Enter], log: [l], edit-note: [e], delete-note: [x], next-note: [Tab, \"]\"], prev-note: [\"[\"], done: [d], snooze: [z], reschedule: [m], schedule: [a], new-risk: [\"!\"], undo: [u], reviewed: [v], unreview: [V], risks: [i], change-risk: [c], today: [t], layout: [b], handoff: [H], changes: [w], reports: [T], report-next: [Right], report-prev: [Left], period: [p], group-by: [B], sort-next: [\">\"], sort-prev: [\"<\"], sort-reverse: [r], filter: [f], filter-clear: [F], scope: [s], filter-owner: [o], search: [/], "
		"search-next: [n], search-prev: [N], sync: [R], help: [\"?\"], close: [Esc], quit: [q]}");
	config_free(&c);
	config_free(&def);
	free(path);
}

static void test_bad_keys(void **state)
{
	(void)state;
	assert_int_equal(load_one_diag("keys:\n  quit: [q]\n  leave: [x]\n",
		"3:3: error: unknown action \"leave\" in keys; the actions are: move-down, move-up, "
		"move-first, move-last, page-down, page-up, half-page-down, half-page-up, redraw, open, log, edit-note, delete-note, next-note, prev-note, done, snooze, reschedule, schedule, new-risk, undo, reviewed, unreview, risks, change-risk, today, layout, handoff, changes, reports, report-next, report-prev, period, group-by, sort-next, sort-prev, sort-reverse, filter, filter-clear, scope, "
		"filter-owner, search, search-next, search-prev, sync, help, close, quit"), -1);
	assert_int_equal(load_one_diag("keys:\n  quit: [q, Ctrl-x]\n",
		"2:13: error: keys.quit: \"Ctrl-x\" is not a key; a key is " TUI_KEY_SYNTAX), -1);
	assert_int_equal(load_one_diag("keys: {help: [F13]}\n",
		"1:15: error: keys.help: \"F13\" is not a key; a key is " TUI_KEY_SYNTAX), -1);
	assert_int_equal(load_one_diag("keys:\n  quit: [q]\n  help: [x, Q, q]\n",
		"3:16: error: key q is given to both keys.quit and keys.help; a key runs one action"), -1);
	assert_int_equal(load_one_diag("keys:\n  quit: []\n",
		"2:9: error: keys.quit needs at least one key, else a view cannot be closed"), -1);
	assert_int_equal(load_one_diag("keys: [q]\n",
		"1:7: error: keys must be a mapping of action names to lists of keys "
		"(e.g. {quit: [q, Esc], move-down: [j, Down]}), not a list"), -1);
	assert_int_equal(load_one_diag("keys:\n  help: {a: b}\n",
		"2:9: error: keys.help must be a list of keys (e.g. [q, Esc]), not a mapping"), -1);
	assert_int_equal(load_one_diag("keys:\n  help: [\"?\"]\n  help: [h]\n",
		"3:3: error: duplicate key \"help\" (first at line 2): keep only one"), -1);
}

static void test_bad_values(void **state)
{
	(void)state;
	assert_int_equal(load_one_diag("health:\n  bands:\n    red: abc\n",
		"3:10: error: health.bands.red must be a whole number from 0 to 100, not \"abc\""), -1);
	assert_int_equal(load_one_diag("health:\n  bands:\n    red: 12.5\n",
		"3:10: error: health.bands.red must be a whole number from 0 to 100, not \"12.5\""), -1);
	assert_int_equal(load_one_diag("columns: [account, helth]\n",
		"1:20: error: columns: unknown name \"helth\"; the names are account, role, other, "
		"touch, stage, arr, health, trend, delta, risk, blind, renewal, days, next, sentiment"), -1);
	assert_int_equal(load_one_diag("columns: [days, days]\n",
		"1:17: error: columns lists \"days\" twice"), -1);
	assert_int_equal(load_one_diag("cadence:\n  high: 400\n",
		"2:9: error: cadence.high must be from 1 to 365, not 400"), -1);
	assert_int_equal(load_one_diag("cadence:\n  tech: 0\n",
		"2:9: error: cadence.tech must be from 1 to 365, not 0"), -1);
	assert_int_equal(load_one_diag("cadence:\n  renewal_lead_days: -1\n",
		"2:22: error: cadence.renewal_lead_days must be from 0 to 365, not -1"), -1);
	assert_int_equal(load_one_diag("agenda:\n  season_days: 181\n",
		"2:16: error: agenda.season_days must be from 1 to 180, not 181"), -1);
	assert_int_equal(load_one_diag("cadence.low: [1]\n",
		"1:14: error: cadence.low must be a whole number from 1 to 365, not a list"), -1);
	assert_int_equal(load_one_diag("renewal_windows: 30\n",
		"1:18: error: renewal_windows must be a list (e.g. [120, 90, 60, 30]), not a scalar"), -1);
	assert_int_equal(load_one_diag("renewal_windows: [90, 120, 30]\n",
		"1:23: error: renewal_windows must be strictly descending (largest first): 120 follows 90"), -1);
	assert_int_equal(load_one_diag("renewal_windows: [90, 90]\n",
		"1:23: error: renewal_windows must be strictly descending (largest first): 90 follows 90"), -1);
	assert_int_equal(load_one_diag("renewal_windows: [90, -5]\n",
		"1:23: error: each entry of renewal_windows must be from 1 to 730, not -5"), -1);
	assert_int_equal(load_one_diag("renewal_windows: [9, 8, 7, 6, 5, 4, 3, 2, 1]\n",
		"1:18: error: renewal_windows has 9 entries; it must have 1 to 8"), -1);
	assert_int_equal(load_one_diag("renewal_windows: []\n",
		"1:18: error: renewal_windows has 0 entries; it must have 1 to 8"), -1);
	assert_int_equal(load_one_diag("feeds:\n  accounts:\n    columns: {renewal: X}\n",
		"3:15: error: feeds.accounts.columns: \"renewal\" is not one of id, name, segment, "
		"touch_model, stage, arr, currency, renewal_date, main_owner, sub_owner, seats, champion, "
		"champion_email, champion_status, contacts, outcome or outcome_date"), -1);
	assert_int_equal(load_one_diag("feeds.accounts.columns: {id: Key, name: key}\n",
		"1:41: error: feeds.accounts.columns: id and name both name the column \"key\"; "
		"a column holds one field"), -1);
	assert_int_equal(load_one_diag("feeds.accounts.columns: [id]\n",
		"1:25: error: feeds.accounts.columns must be a mapping (e.g. {id: \"Your Header\"}), "
		"not a list"), -1);
	/* reports: rates are numbers above 0 keyed by currency codes, weights 0-1 per band */
	assert_int_equal(load_one_diag("reports.rates: {Yen: 0.0067}\n",
		"1:17: error: reports.rates: \"Yen\" is not an ISO 4217 currency code (JPY, EUR, GBP...)"), -1);
	assert_int_equal(load_one_diag("reports.rates: {JPY: 0}\n",
		"1:22: error: reports.rates.JPY: \"0\" is not a rate: give a number above 0, the value of "
		"one JPY in the reporting currency (e.g. 0.0067)"), -1);
	assert_int_equal(load_one_diag("reports.forecast.weights: {red: 1.5}\n",
		"1:33: error: reports.forecast.weights.red: \"1.5\" is not a weight: give a number from 0 "
		"to 1 (0.8 counts 80% of the ARR)"), -1);
	assert_int_equal(load_one_diag("reports.forecast.weights: {blue: 0.5}\n",
		"1:28: error: reports.forecast.weights: \"blue\" is not one of red, yellow, green or none"), -1);
	assert_int_equal(load_one_diag("reports.rates: [JPY]\n",
		"1:16: error: reports.rates must be a mapping of numbers (e.g. {EUR: 0.5}), not a list"), -1);
	assert_int_equal(load_one_diag("reports.currency: yen\n",
		"1:19: error: reports.currency must be an ISO 4217 currency code (three capital letters: "
		"JPY, USD, EUR...), not \"yen\""), -1);
	assert_int_equal(load_one_diag("feeds.accounts.values.stage: {Kickoff: start}\n",
		"1:40: error: feeds.accounts.values.stage: \"start\" is not one of onboarding, adoption, "
		"expansion or renewal"), -1);
	assert_int_equal(load_one_diag("feeds.accounts.preset: zoho\n",
		"1:24: error: feeds.accounts.preset must be one of csconsole, salesforce or hubspot, "
		"not \"zoho\""), -1);
	assert_int_equal(load_one_diag("theme: blue\n",
		"1:8: error: theme must be one of dark, light, high-contrast or monochrome, not \"blue\""), -1);
	assert_int_equal(load_one_diag("sync_on_start: yes\n",
		"1:16: error: sync_on_start must be one of false or true, not \"yes\""), -1);
	assert_int_equal(load_one_diag("week_start: tuesday\n",
		"1:13: error: week_start must be one of sunday or monday, not \"tuesday\""), -1);
	assert_int_equal(load_one_diag("feeds.currency: usd\n",
		"1:17: error: feeds.currency must be an ISO 4217 currency code (three capital letters: "
		"JPY, USD, EUR...), not \"usd\""), -1);
	assert_int_equal(load_one_diag("feeds.date_order: dym\n",
		"1:19: error: feeds.date_order must be one of auto, ymd, mdy or dmy, not \"dym\""), -1);
	assert_int_equal(load_one_diag("feeds.number_format: \"1'234.56\"\n",
		"1:22: error: feeds.number_format must be one of 1,234.56, 1.234,56 or 1 234,56, not \"1'234.56\""), -1);
	assert_int_equal(load_one_diag("feeds.encoding: ebcdic\n",
		"1:17: error: feeds.encoding must be one of auto, utf-8, utf-16, cp932, shift_jis, "
		"euc-jp, windows-1252, iso-8859-1 or iso-8859-15, not \"ebcdic\""), -1);
	assert_int_equal(load_one_diag("health:\n  bands:\n    red: 60\n    yellow: 60\n",
		"4:13: error: health.bands.yellow (60) must be greater than health.bands.red (60): "
		"scores up to red are red, up to yellow are yellow, above are green"), -1);
	/* Red alone above the default yellow: reported at red. */
	assert_int_equal(load_one_diag("health.bands.red: 80\n",
		"1:19: error: health.bands.yellow (75) must be greater than health.bands.red (80): "
		"scores up to red are red, up to yellow are yellow, above are green"), -1);
	assert_int_equal(load_one_diag("health.blind_spots: {usage_low: 85}\n",
		"1:33: error: health.blind_spots.usage_healthy (80) must be greater than "
		"health.blind_spots.usage_low (85): usage below usage_low is low, at or above "
		"usage_healthy is healthy"), -1);
	assert_int_equal(load_one_diag("health.blind_spots.loyal_nps_min: 101\n",
		"1:35: error: health.blind_spots.loyal_nps_min must be from -100 to 100, not 101"), -1);
	assert_int_equal(load_one_diag("health: 5\n",
		"1:9: error: health must be a mapping with the keys bands, score, model, overrides, "
		"blind_spots, not a scalar"), -1);
	assert_int_equal(load_one_diag("me: Aiko Sato\n",
		"1:5: error: me must be a CSM handle (lower-case a-z, 0-9, '.', '_', '-'), not \"Aiko Sato\""), -1);
	assert_int_equal(load_one_diag("date_format: \"\"\n",
		"1:14: error: date_format must not be empty"), -1);
	assert_int_equal(load_one_diag("database: {a: 1}\n",
		"1:11: error: database must be a path, not a mapping"), -1);
	assert_int_equal(load_one_diag("shared_dir: \"a\\tb\"\n",
		"1:13: error: shared_dir must not contain control characters (tabs, newlines...)"), -1);
	assert_int_equal(load_one_diag("risk_categories: [budget, Hard to use]\n",
		"1:27: error: each entry of risk_categories must be a snake_case id (a-z, 0-9, _; "
		"starting with a letter), not \"Hard to use\""), -1);
	assert_int_equal(load_one_diag("risk_categories: [budget, competitor, budget]\n",
		"1:39: error: risk_categories lists \"budget\" twice"), -1);
	assert_int_equal(load_one_diag("feedback:\n  areas: [sso, Data export]\n",
		"2:16: error: each entry of feedback.areas must be a snake_case id (a-z, 0-9, _; "
		"starting with a letter), not \"Data export\""), -1);
	assert_int_equal(load_one_diag("feedback:\n  areas: []\n",
		"2:10: error: feedback.areas has 0 entries; it must have 1 to 64"), -1);
	assert_int_equal(load_one_diag("risk_categories: [budget, [x]]\n",
		"1:27: error: each entry of risk_categories must be a snake_case id, not a list"), -1);
	assert_int_equal(load_one_diag("display_names.ja.risk_categories: {Budget: 予算}\n",
		"1:36: error: display_names.ja.risk_categories: \"Budget\" is not a snake_case id (a-z, 0-9, _)"), -1);
	assert_int_equal(load_one_diag("display_names.ja.touch_models: {medium: ミドル}\n",
		"1:33: error: display_names.ja.touch_models: \"medium\" is not one of high, low or tech"), -1);
	assert_int_equal(load_one_diag("display_names.ja.touch_models: [a]\n",
		"1:32: error: display_names.ja.touch_models must be a mapping of ids to names "
		"(e.g. {high: \"Name\"}), not a list"), -1);
	assert_int_equal(load_one_diag("money: {header: oku}\n",
		"1:17: error: money.header must be one of auto, full or man, not \"oku\""), -1);
	assert_int_equal(load_one_diag("sentiment:\n  labels: [only one]\n",
		"2:11: error: sentiment.labels has 1 entries; it must have 2 to 9"), -1);
	assert_int_equal(load_one_diag("sentiment:\n  labels: [bad, \"\"]\n",
		"2:17: error: each entry of sentiment.labels must be a label, not empty"), -1);
	assert_int_equal(load_one_diag("- theme: dark\n",
		"1:1: error: the configuration must be a mapping of keys to values "
		"(e.g. \"theme: dark\"), not a list"), -1);
	assert_int_equal(load_one_diag("theme: dark\ncadence:\n  high: [14\n",
		"4:1: error: YAML syntax: did not find expected ',' or ']' "
		"(while parsing a flow sequence started at line 3)"), -1);
	assert_int_equal(load_one_diag("theme: &t dark\n",
		"1:8: error: aliases and anchors are not allowed in csconsole files "
		"(write the value out in full)"), -1);
}

static void test_unknown_keys_warn(void **state)
{
	(void)state;
	assert_int_equal(load_one_diag("theme: light\ncolour: red\n",
		"2:1: warning: unknown key \"colour\" (ignored); the keys at the top level are: "
		"me, shared_dir, database, theme, glyphs, language, date_format, date_format_long, money, "
		"week_start, health, cadence, onboarding, renewal_windows, agenda, calendar, risk_categories, "
		"sentiment, display_names, feedback, sync_on_start, sync, feeds, reports, columns, playbook, keys"), 0);
	assert_int_equal(load_one_diag("cadence:\n  high: 7\n  medium: 30\n",
		"3:3: warning: unknown key \"cadence.medium\" (ignored); the keys here are: "
		"high, low, tech, renewal_lead_days"), 0);
	assert_int_equal(load_one_diag("cadence:\n  high: 7\ncadence.high: 8\n",
		"3:1: warning: cadence.high is set twice (first at line 2); the last value is used"), 0);

	/* The warning does not stop the good keys. */
	char *path = scratch_write_str("w.yaml", "theme: light\ncolour: red\n");
	struct config c;
	struct diag_list d = {0};
	config_defaults(&c);
	assert_int_equal(config_load_file(&c, path, &d), 0);
	assert_int_equal(d.warnings, 1);
	assert_int_equal(d.errors, 0);
	assert_string_equal(c.theme, "light");
	assert_int_equal(config_key_source(&c, key("theme")), SRC_FILE);
	assert_int_equal(config_key_source(&c, key("me")), SRC_DEFAULT);
	diag_clear(&d);
	config_free(&c);
	free(path);
}

static void test_good_values(void **state)
{
	(void)state;
	char *path = scratch_write_str("good.yaml",
		"me: ken\n"
		"shared_dir: ~/team\n"
		"database: db/local.db\n"
		"glyphs: ascii\n"
		"language: ja\n"
		"week_start: sunday\n"
		"health.bands: {red: 40, yellow: 70}\n"
		"cadence: {high: 7, low: 30, tech: 60, renewal_lead_days: 21}\n"
		"onboarding: {activation: 65}\n"
		"renewal_windows: [60, 30, 7]\n"
		"agenda: {health_drop_7d: 3, health_drop_28d: 12, risk_days: 7, onboarding_days: 30,\n"
		"  season_days: 21}\n"
		"calendar: {alarm_minutes: 0, meeting_minutes: 45}\n"
		"risk_categories: [budget, competitor]\n"
		"sentiment:\n  labels: [bad, \"ok: fine\", good]\n"
		"date_format_long: \"%d %B %Y\"\n"
		"money: {header: man}\n"
		"display_names:\n  ja:\n    touch_models: {high: 個別支援}\n"
		"    risk_categories: {budget: 予算不足, competitor: 競合}\n"
		"    sentiment: [悪い, まあまあ, 良い]\n"
		"feedback: {areas: [sso, exports]}\n"
		"keys: {quit: [x, esc], help: F1}\n"
		"sync_on_start: false\n"
		"sync: {silent_days: 30}\n"
		"feeds: {settle_seconds: 5, hold_percent: 25, hold_factor: 4, encoding: cp932,\n"
		"  number_format: \"1.234,56\", date_order: dmy, currency: EUR,\n"
		"  accounts: {preset: salesforce, columns: {renewal_date: Renewal__c, main_owner: \"CSM Email\"},\n"
		"    values: {touch_model: {\"Enterprise CSM\": high}, stage: {Kickoff: onboarding}}},\n"
		"  team: {columns: {name: full_name}}, metrics: {preset: hubspot, columns: {account: Company}}}\n"
		"columns: [health, account, next]\n"
		"reports: {currency: JPY, rates: {USD: 150, EUR: 162.5}, forecast: {weights: {red: 0.25, none: 0}}}\n"
		"health.score: vendor\n"
		"health.model: {nps: {weight: 0}, support: {thresholds: [[0, 100], [10, 0]]}}\n"
		"health.overrides: [{segment: SMB, model: {engagement: {weight: 5}}}]\n"
		"playbook: []\n"
		"health.blind_spots: {usage_healthy: 70, usage_low: 40, sentiment_days: 60, loyal_nps_min: -10}\n");
	struct config c;
	struct diag_list d = {0};
	config_defaults(&c);
	assert_int_equal(config_load_file(&c, path, &d), 0);
	assert_int_equal(d.len, 0);
	assert_string_equal(c.me, "ken");
	char *want = scratch_path("team");          /* HOME is scratch_dir */
	assert_string_equal(c.shared_dir, want);
	free(want);
	want = scratch_path("db/local.db");         /* relative to the file */
	assert_string_equal(c.database, want);
	free(want);
	assert_int_equal(c.week_start, 0);
	assert_int_equal(c.band_red_max, 40);
	assert_int_equal(c.band_yellow_max, 70);
	assert_int_equal(c.cadence[TOUCH_HIGH], 7);
	assert_int_equal(c.cadence[TOUCH_TECH], 60);
	assert_int_equal(c.renewal_lead_days, 21);
	assert_int_equal(c.onboarding_activation, 65);
	assert_int_equal(c.n_renewal_windows, 3);
	assert_int_equal(c.renewal_windows[2], 7);
	assert_int_equal(c.agenda_health_drop_7d, 3);
	assert_int_equal(c.agenda_risk_days, 7);
	assert_int_equal(c.agenda_health_drop_28d, 12);
	assert_int_equal(c.agenda_onboarding_days, 30);
	assert_int_equal(c.agenda_season_days, 21);
	assert_int_equal(c.calendar_alarm_minutes, 0);
	assert_int_equal(c.calendar_meeting_minutes, 45);
	assert_int_equal(c.risk_categories.len, 2);
	assert_string_equal(c.sentiment_labels.items[1], "ok: fine");
	assert_string_equal(c.date_format_long, "%d %B %Y");
	assert_int_equal(c.money_header, 2);                 /* man */
	assert_int_equal(c.names_ja_touch.len, 2);           /* a map replaces the default */
	assert_string_equal(c.names_ja_touch.items[1], "個別支援");
	assert_string_equal(c.names_ja_risk.items[1], "予算不足");
	assert_string_equal(c.names_ja_sentiment.items[1], "まあまあ");
	assert_int_equal(c.feedback_areas.len, 2);
	assert_string_equal(c.feedback_areas.items[1], "exports");
	/* the health model merges over the defaults: nps off, support's mapping, adoption untouched */
	assert_int_equal(c.health_score, HEALTH_VENDOR);
	assert_true(c.health_model.c[HC_NPS].weight == 0);
	assert_true(c.health_model.c[HC_SUPPORT].map.kind == HEALTH_MAP_THRESHOLDS);
	assert_true(c.health_model.c[HC_ADOPTION].weight == 25);
	assert_int_equal(c.health_overrides.len, 1);
	assert_string_equal(c.health_overrides.items[0].segment, "SMB");
	assert_int_equal(c.blind_usage_healthy, 70);
	assert_int_equal(c.blind_usage_low, 40);
	assert_int_equal(c.blind_sentiment_days, 60);
	assert_int_equal(c.blind_loyal_nps_min, -10);

	char *v = config_key_value(&c, key("sentiment.labels"));
	assert_string_equal(v, "[bad, \"ok: fine\", good]");
	free(v);
	v = config_key_value(&c, key("week_start"));
	assert_string_equal(v, "sunday");
	free(v);
	v = config_key_value(&c, key("renewal_windows"));
	assert_string_equal(v, "[60, 30, 7]");
	free(v);
	/* keys: the named actions get their lists (canonical names; one key
	 * without a list is a list of one); the others keep their defaults */
	assert_int_equal(c.sync_on_start, 0);
	assert_int_equal(c.sync_silent_days, 30);
	assert_int_equal(c.feeds_settle_seconds, 5);
	assert_int_equal(c.feeds_hold_percent, 25);
	assert_int_equal(c.feeds_hold_factor, 4);
	assert_string_equal(c.feeds_encoding, "cp932");
	assert_int_equal(c.feeds_number_format, 1);      /* "1.234,56" */
	assert_int_equal(c.feeds_date_order, 3);         /* dmy */
	assert_string_equal(c.feeds_currency, "EUR");
	assert_string_equal(c.feed_map[PRESET_ACCOUNTS].preset, "salesforce");
	assert_int_equal(c.feed_map[PRESET_ACCOUNTS].columns.len, 4);
	assert_string_equal(c.feed_map[PRESET_ACCOUNTS].columns.items[3], "CSM Email");
	assert_string_equal(c.feed_map[PRESET_ACCOUNTS].touch_model.items[0], "Enterprise CSM");
	assert_string_equal(c.feed_map[PRESET_ACCOUNTS].stage.items[1], "onboarding");
	assert_string_equal(c.feed_map[PRESET_TEAM].columns.items[1], "full_name");
	assert_string_equal(c.feed_map[PRESET_METRICS].preset, "hubspot");
	v = config_key_value(&c, key("feeds.accounts.columns"));
	assert_string_equal(v, "{renewal_date: Renewal__c, main_owner: CSM Email}");
	free(v);
	assert_string_equal(c.reports_currency, "JPY");
	assert_int_equal(c.reports_rates.len, 4);
	assert_string_equal(c.reports_rates.items[2], "EUR");
	assert_string_equal(c.reports_rates.items[3], "162.5");
	assert_int_equal(c.forecast_weights.len, 4);
	assert_string_equal(c.forecast_weights.items[0], "red");
	assert_string_equal(c.forecast_weights.items[3], "0");
	v = config_key_value(&c, key("reports.rates"));
	assert_string_equal(v, "{USD: 150, EUR: 162.5}");
	free(v);
	assert_int_equal(c.glyphs_ascii, 1);
	assert_int_equal(c.language, 2);
	assert_int_equal(c.columns.len, 3);
	assert_string_equal(c.columns.items[0], "health");
	assert_string_equal(c.columns.items[2], "next");
	assert_int_equal(c.keys[ACTION_QUIT].len, 2);
	assert_string_equal(c.keys[ACTION_QUIT].items[0], "x");
	assert_string_equal(c.keys[ACTION_QUIT].items[1], "Esc");
	assert_int_equal(c.keys[ACTION_HELP].len, 1);
	assert_string_equal(c.keys[ACTION_HELP].items[0], "F1");
	assert_int_equal(c.keys[ACTION_MOVE_DOWN].len, 2);
	assert_string_equal(c.keys[ACTION_MOVE_DOWN].items[0], "j");
	for (size_t i = 0; i < config_key_count(); i++) {
		const char *n = config_key_name(i);
		bool set = strcmp(n, "theme") != 0 && strcmp(n, "date_format") != 0;
		assert_int_equal(config_key_source(&c, i), set ? SRC_FILE : SRC_DEFAULT);
	}

	assert_string_equal(health_band(&c, 40), "red");
	assert_string_equal(health_band(&c, 40.5), "yellow");
	assert_string_equal(health_band(&c, 70), "yellow");
	assert_string_equal(health_band(&c, 71), "green");
	diag_clear(&d);
	config_free(&c);
	free(path);

	/* An empty file (or only comments) changes nothing. */
	path = scratch_write_str("empty.yaml", "# nothing here\n");
	struct config e, def;
	config_defaults(&e);
	config_defaults(&def);
	assert_int_equal(config_load_file(&e, path, &d), 0);
	assert_int_equal(d.len, 0);
	assert_true(config_equal(&e, &def, NULL));
	config_free(&e);
	config_free(&def);
	free(path);
}

static void test_touch_models(void **state)
{
	(void)state;
	enum touch_model t;
	assert_true(touch_model_parse("tech", &t));
	assert_int_equal(t, TOUCH_TECH);
	assert_true(touch_model_parse("high", &t));
	assert_int_equal(t, TOUCH_HIGH);
	assert_false(touch_model_parse("medium", &t));
	assert_false(touch_model_parse(NULL, &t));
	assert_string_equal(touch_model_name(TOUCH_LOW), "low");
}

/* --- config_load: lookup, derived values ------------------------------------------ */

static void test_derived(void **state)
{
	(void)state;
	struct config c;
	struct diag_list d = {0};

	setenv("USER", "aiko", 1);
	setenv("XDG_DATA_HOME", "/data/xdg", 1);
	assert_int_equal(config_load(&c, NULL, &d), 0);
	assert_int_equal(d.len, 0);
	assert_null(c.file);
	assert_int_equal(c.file_source, SRC_DEFAULT);
	assert_string_equal(c.me, "aiko");
	assert_int_equal(config_key_source(&c, key("me")), SRC_DERIVED);
	assert_string_equal(c.database, "/data/xdg/csconsole/csconsole.db");
	assert_int_equal(config_key_source(&c, key("database")), SRC_DERIVED);
	assert_int_equal(config_key_source(&c, key("theme")), SRC_DEFAULT);
	config_free(&c);

	/* Without XDG_DATA_HOME (or with a relative one): under $HOME. */
	setenv("XDG_DATA_HOME", "relative/dir", 1);
	assert_int_equal(config_load(&c, NULL, &d), 0);
	char *want = scratch_path(".local/share/csconsole/csconsole.db");
	assert_string_equal(c.database, want);
	free(want);
	config_free(&c);
	unsetenv("XDG_DATA_HOME");

	/* Values from the file win over derived ones. */
	char *path = scratch_write_str("mine.yaml", "me: ken\ndatabase: /var/x.db\n");
	assert_int_equal(config_load(&c, path, &d), 0);
	assert_string_equal(c.me, "ken");
	assert_string_equal(c.database, "/var/x.db");
	assert_int_equal(config_key_source(&c, key("me")), SRC_FILE);
	config_free(&c);
	free(path);

	/* No $USER: me stays empty (doctor reports it). */
	unsetenv("USER");
	assert_int_equal(config_load(&c, NULL, &d), 0);
	assert_string_equal(c.me, "");
	assert_int_equal(config_key_source(&c, key("me")), SRC_DEFAULT);
	config_free(&c);
	setenv("USER", "aiko", 1);
	diag_clear(&d);
}

static void test_missing_named_file(void **state)
{
	(void)state;
	struct config c;
	struct diag_list d = {0};
	char *path = scratch_path("nope.yaml");
	char *want;

	assert_int_equal(config_load(&c, path, &d), -1);
	assert_int_equal(d.errors, 1);
	want = xasprintf("%s: error: configuration file not found (named by --config): check the "
			 "path, or remove the option to use ~/.config/csconsole/csconsole.yaml or "
			 "the built-in defaults", path);
	char *got = diag_format(&d.items[0]);
	assert_string_equal(got, want);
	free(got);
	free(want);
	assert_string_equal(c.file, path);
	assert_int_equal(c.file_source, SRC_FILE);
	config_free(&c);
	diag_clear(&d);

	setenv("CSCONSOLE_CONFIG", path, 1);
	assert_int_equal(config_load(&c, NULL, &d), -1);
	assert_int_equal(d.errors, 1);
	assert_non_null(strstr(d.items[0].message, "not found (named by $CSCONSOLE_CONFIG)"));
	assert_int_equal(c.file_source, SRC_ENV);
	config_free(&c);
	diag_clear(&d);
	unsetenv("CSCONSOLE_CONFIG");

	/* The XDG file is optional: missing means defaults, silently. */
	setenv("XDG_CONFIG_HOME", path, 1);   /* a directory that does not exist */
	assert_int_equal(config_load(&c, NULL, &d), 0);
	assert_int_equal(d.len, 0);
	assert_null(c.file);
	assert_int_equal(c.file_source, SRC_DEFAULT);
	config_free(&c);
	setenv("XDG_CONFIG_HOME", scratch_dir, 1);
	free(path);
}

static void test_lookup_precedence(void **state)
{
	(void)state;
	struct config c;
	struct diag_list d = {0};
	char *dir = scratch_path("csconsole");
	assert_int_equal(mkdir(dir, 0700), 0);
	char *xdg = scratch_write_str("csconsole/csconsole.yaml", "theme: light\n");
	char *env = scratch_write_str("env.yaml", "theme: high-contrast\n");
	char *cli = scratch_write_str("cli.yaml", "theme: monochrome\n");

	/* XDG_CONFIG_HOME is scratch_dir: the XDG file is found. */
	char *xdg_path = config_xdg_path();
	assert_string_equal(xdg_path, xdg);
	free(xdg_path);
	assert_int_equal(config_load(&c, NULL, &d), 0);
	assert_string_equal(c.theme, "light");
	assert_string_equal(c.file, xdg);
	assert_int_equal(c.file_source, SRC_DERIVED);
	config_free(&c);

	setenv("CSCONSOLE_CONFIG", env, 1);
	assert_int_equal(config_load(&c, NULL, &d), 0);
	assert_string_equal(c.theme, "high-contrast");
	assert_int_equal(c.file_source, SRC_ENV);
	config_free(&c);

	assert_int_equal(config_load(&c, cli, &d), 0);
	assert_string_equal(c.theme, "monochrome");
	assert_string_equal(c.file, cli);
	assert_int_equal(c.file_source, SRC_FILE);
	assert_int_equal(config_key_source(&c, key("theme")), SRC_FILE);
	config_free(&c);
	unsetenv("CSCONSOLE_CONFIG");

	/* Without XDG_CONFIG_HOME: ~/.config/csconsole/csconsole.yaml. */
	unsetenv("XDG_CONFIG_HOME");
	xdg_path = config_xdg_path();
	char *want = scratch_path(".config/csconsole/csconsole.yaml");
	assert_string_equal(xdg_path, want);
	free(want);
	free(xdg_path);
	assert_int_equal(config_load(&c, NULL, &d), 0);
	assert_null(c.file);
	assert_string_equal(c.theme, "dark");
	config_free(&c);
	setenv("XDG_CONFIG_HOME", scratch_dir, 1);

	/* A bad value in the file found: -1, and the error names that file. */
	char *bad = scratch_write_str("bad.yaml", "theme: dark\nweek_start: 1\n");
	assert_int_equal(config_load(&c, bad, &d), -1);
	assert_int_equal(d.errors, 1);
	assert_string_equal(d.items[0].file, bad);
	assert_int_equal(d.items[0].line, 2);
	assert_int_equal(d.items[0].col, 13);
	config_free(&c);
	diag_clear(&d);

	assert_int_equal(unlink(xdg), 0);
	free(bad);
	free(xdg);
	free(env);
	free(cli);
	free(dir);
}

static void test_sources_and_how(void **state)
{
	(void)state;
	assert_string_equal(config_source_name(SRC_DEFAULT), "default");
	assert_string_equal(config_source_name(SRC_FILE), "file");
	assert_string_equal(config_source_name(SRC_DERIVED), "derived");
	assert_string_equal(config_file_how(SRC_FILE), "named by --config");
	assert_string_equal(config_file_how(SRC_ENV), "named by $CSCONSOLE_CONFIG");
	assert_string_equal(config_file_how(SRC_DEFAULT), "built-in defaults");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_shipped_file),
		cmocka_unit_test(test_shipped_file_ja),
		cmocka_unit_test(test_keys_move),
		cmocka_unit_test(test_bad_keys),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_unknown_keys_warn),
		cmocka_unit_test(test_good_values),
		cmocka_unit_test(test_touch_models),
		cmocka_unit_test(test_derived),
		cmocka_unit_test(test_missing_named_file),
		cmocka_unit_test(test_lookup_precedence),
		cmocka_unit_test(test_sources_and_how),
	};
	return cmocka_run_group_tests(tests, setup_dir, scratch_teardown);
}
