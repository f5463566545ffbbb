/* cmd_doctor.c - `csconsole doctor`: the effective configuration, where each
 * value came from, the database and shared directory in use, and problems.
 *
 * Each check prints its finding in its section and, when something is wrong,
 * adds a sentence (what, and what to do) to the problem list printed at the
 * end. Paths and values come from files and the environment, so everything
 * printed goes through text_sanitize.
 */
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include "csconsole/app.h"
#include "csconsole/date.h"
#include "csconsole/eventstatus.h"
#include "csconsole/eventsync.h"
#include "csconsole/exitcode.h"
#include "csconsole/i18n.h"
#include "csconsole/feed.h"
#include "csconsole/healthcalc.h"
#include "csconsole/preset.h"
#include "csconsole/text.h"

static const char *const doctor_usage = N_(
	"usage: csconsole doctor [--format text|json]\n"
	"\n"
	"Shows the configuration in force and where each value came from (default,\n"
	"file or derived from the environment), the database and shared directory in\n"
	"use, today's date and the locale, then every problem found. Exit status 0\n"
	"when there is none, 1 when a problem was found.\n"
	"\n"
	"  --format F   text (default) or json: {version, configuration {file,\n"
	"               how}, settings [{key, value, source}], checks [{name, label,\n"
	"               lines}], problems [{severity, message, file, line, column}],\n"
	"               problem_count}\n");

#define LABEL_WIDTH 18

struct doctor {
	struct app *app;
	struct strlist problems;
	json_object *json;         /* --format json: the document being built, else NULL */
};

/* With --format json, the checks' lines go to this array instead of the
 * standard output (line() has no doctor at hand; one doctor runs per
 * process). NULL: text. */
static json_object *json_checks;

/* The text is translated, the json is not: the checks' labels, lines and
 * problems are marked N_() where they are written and translated here, in
 * text mode only (TX() for the words put into them). */
static bool text_mode(void)
{
	return !json_checks;
}

static const char *TX(const char *s) __attribute__((format_arg(1)));
static const char *TX(const char *s)
{
	return text_mode() ? _(s) : s;
}

static void problem(struct doctor *dr, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void problem(struct doctor *dr, const char *fmt, ...)
{
	struct sbuf b = {0};
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&b, dr->json ? fmt : _(fmt), ap);
	va_end(ap);
	strlist_add(&dr->problems, sbuf_str(&b));
	sbuf_free(&b);
}

/* Prints "Label:      text" with the text sanitized; label NULL continues the previous one. */
static void line(const char *label, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void line(const char *label, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *clean = text_vclean(text_mode() ? _(fmt) : fmt, ap);
	va_end(ap);
	if (json_checks) {
		size_t n = json_object_array_length(json_checks);
		if (label || n == 0) {
			/* A check: its label, and as name the label in snake case. */
			json_object *c = json_object_new_object();
			char *name = xstrdup(label ? label : "");
			for (char *p = name; *p; p++)
				*p = *p == ' ' ? '_' : (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
			json_object_object_add(c, "name", json_object_new_string(name));
			json_object_object_add(c, "label", json_object_new_string(label ? label : ""));
			json_object_object_add(c, "lines", json_object_new_array());
			json_object_array_add(json_checks, c);
			free(name);
			n++;
		}
		json_object *lines = json_object_object_get(json_object_array_get_idx(json_checks, n - 1), "lines");
		json_object_array_add(lines, json_object_new_string(clean));
	} else {
		/* TRANSLATORS: a doctor check's label and its colon */
		char *head = label ? xasprintf(_("%s:"), _(label)) : xstrdup("");
		app_pad(stdout, head, LABEL_WIDTH);
		printf(" %s\n", clean);
		free(head);
	}
	free(clean);
}

static void check_config(struct doctor *dr)
{
	const struct config *cfg = &dr->app->cfg;
	size_t width = 0, n = config_key_count();

	if (dr->json) {
		json_object *c = json_object_new_object(), *settings = json_object_new_array();
		json_object_object_add(c, "file", cfg->file ? json_object_new_string(cfg->file) : NULL);
		json_object_object_add(c, "how", cfg->file ? json_object_new_string(
			config_file_how(cfg->file_source)) : json_object_new_string("built-in defaults"));
		json_object_object_add(dr->json, "configuration", c);
		for (size_t i = 0; i < n; i++) {
			json_object *k = json_object_new_object();
			char *value = config_key_value(cfg, i);
			json_object_object_add(k, "key", json_object_new_string(config_key_name(i)));
			json_object_object_add(k, "value", json_object_new_string(value));
			json_object_object_add(k, "source", json_object_new_string(
				config_source_name(config_key_source(cfg, i))));
			json_object_array_add(settings, k);
			free(value);
		}
		if (dr->app->theme) {
			json_object *k = json_object_new_object();
			json_object_object_add(k, "key", json_object_new_string("theme (--theme)"));
			json_object_object_add(k, "value", json_object_new_string(dr->app->theme));
			json_object_object_add(k, "source", json_object_new_string("option"));
			json_object_array_add(settings, k);
		}
		json_object_object_add(dr->json, "settings", settings);
	} else if (cfg->file)
		line(N_("Configuration"), "%s (%s)", cfg->file, config_file_how(cfg->file_source));
	else {
		char *xdg = config_xdg_path();
		line(N_("Configuration"), N_("built-in defaults (no file at %s)"), xdg ? xdg : "~/.config/csconsole/csconsole.yaml");
		free(xdg);
	}
	for (size_t i = 0; i < n && !dr->json; i++)
		if (strlen(config_key_name(i)) > width)
			width = strlen(config_key_name(i));
	if (!dr->json)
		printf(_("\nSettings (source, key = value):\n"));
	for (size_t i = 0; i < n && !dr->json; i++) {
		char *value = config_key_value(cfg, i);
		char *clean = text_sanitize(value, false);
		printf("  %-8s %-*s = %s\n", config_source_name(config_key_source(cfg, i)),
		       (int)width, config_key_name(i), clean);
		free(clean);
		free(value);
	}
	if (dr->app->theme && !dr->json) {
		char *clean = text_sanitize(dr->app->theme, false);
		printf("  %-8s %-*s = %s\n", "option", (int)width, "theme (--theme)", clean);
		free(clean);
	}
	if (!dr->json)
		printf("\n");
	if (str_empty(cfg->me))
		problem(dr, N_("me is not set and $USER is empty: set `me` to your CSM handle "
			"in the configuration (or use --me)"));
}

/* The nearest existing directory at or above path's parent, for a writability check. */
static char *existing_parent(const char *path)
{
	char *p = xstrdup(path);
	struct stat st;
	for (;;) {
		char *slash = strrchr(p, '/');
		if (!slash) {
			free(p);
			return xstrdup(".");
		}
		if (slash == p) {
			p[1] = '\0';
			return p;
		}
		*slash = '\0';
		if (stat(p, &st) == 0)
			return p;
	}
}

/* Whether `me` is a CSM of the imported team feed (only once one was imported). */
static void check_me_in_team(struct doctor *dr)
{
	struct app *app = dr->app;
	sqlite3_stmt *st;
	int total = 0, found = 0;

	if (str_empty(app->cfg.me) ||
	    store_prepare(&app->store, "SELECT count(*), sum(handle = ?1) FROM csm", &st) != 0)
		return;
	store_bind_text(st, 1, app->cfg.me);
	if (sqlite3_step(st) == SQLITE_ROW) {
		total = sqlite3_column_int(st, 0);
		found = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (total > 0 && !found)
		problem(dr, N_("me (\"%s\") is not a CSM of the imported team feed (%d CSMs): "
			"set `me` to your handle as listed in feeds/team.yaml"), app->cfg.me, total);
}

/* The last sync and the feed files imported, with those whose last import
 * rejected rows: the data from them is incomplete until the feed is fixed. */
static void check_feeds(struct doctor *dr)
{
	struct store *st = &dr->app->store;
	sqlite3_stmt *q;
	char *last = store_meta_get(st, "last_sync");
	int files = 0;

	line(N_("Last sync"), "%s", last ? last : TX(N_("never (run csconsole sync)")));
	free(last);
	if (store_prepare(st, "SELECT path, rows_ok, rows_rejected FROM feed_file ORDER BY path", &q))
		return;
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(q, 0);
		sqlite3_int64 ok = sqlite3_column_int64(q, 1), rejected = sqlite3_column_int64(q, 2);
		const char *label = files++ ? NULL : N_("Feeds imported");
		if (rejected)
			line(label, ok == 1 ? N_("%s: %lld row, some rejected") : N_("%s: %lld rows, some rejected"),
			     path, (long long)ok);
		else
			line(label, ok == 1 ? N_("%s: %lld row") : N_("%s: %lld rows"), path, (long long)ok);
		if (rejected)
			problem(dr, rejected == 1 ? N_("%s: %lld row was rejected at its last import: run csconsole "
						       "sync after the exporter fixes it (its messages say which lines)")
				: N_("%s: %lld rows were rejected at its last import: run csconsole sync after the "
				     "exporter fixes it (its messages say which lines)"), path, (long long)rejected);
	}
	sqlite3_finalize(q);
	if (!files)
		line(N_("Feeds imported"), N_("none yet"));
}

/* Which score is shown, and whether the computed snapshots are the current model's. */
static void check_health(struct doctor *dr)
{
	struct app *app = dr->app;
	struct healthcalc_status hs;
	char n[NUM_GROUPED_SIZE], o[NUM_GROUPED_SIZE];

	if (healthcalc_status(&app->store, &app->cfg, NULL, &hs) != 0) {
		problem(dr, N_("cannot read the health snapshots: %s"), error_message());
		return;
	}
	line(N_("Health score"), N_("%s (health.score); the model is %s; %s computed weekly snapshots"),
	     app->cfg.health_score == HEALTH_VENDOR ? TX(N_("vendor")) : TX(N_("computed")), hs.name,
	     num_grouped((uint64_t)hs.snapshots, n));
	if (hs.other_model > 0)
		problem(dr, N_("%s of the %s computed weekly snapshots were computed by another health "
			"model than the one configured (%s): run `csconsole health --recompute` to rebuild "
			"them under it (until then the trend mixes both)"), num_grouped((uint64_t)hs.other_model, o),
			n, hs.name);
}

/* The database holds customers' notes, its WAL and rollback journal the
 * latest writes: a problem when other users may read or change one of them.
 * csconsole creates them 0600 (store.c); a file made otherwise (copied,
 * restored, created by hand) is not chmod-ed behind its owner's back. */
static void check_file_privacy(struct doctor *dr, const char *db)
{
	static const struct { const char *suffix, *what; } files[] = {
		{"", N_("the database")},
		{"-wal", N_("the database's write-ahead log")},
		{"-journal", N_("the database's rollback journal")},
	};
	struct stat st;
	size_t exposed = 0;

	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		char *path = xasprintf("%s%s", db, files[i].suffix);
		if (stat(path, &st) == 0 && (st.st_mode & (S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH))) {
			exposed++;
			problem(dr, st.st_mode & (S_IRGRP | S_IROTH)
				? N_("%s %s can be read by other users (mode %04o): it holds customers' notes; "
				     "run `chmod 600 %s`")
				: N_("%s %s can be changed by other users (mode %04o): it holds customers' notes; "
				     "run `chmod 600 %s`"), TX(files[i].what), path, (unsigned)(st.st_mode & 07777), path);
		}
		free(path);
	}
	line(NULL, "%s", exposed ? TX(N_("other users can read or change it (see the problems below)"))
	     : TX(N_("private to its owner")));
}

static void check_database(struct doctor *dr)
{
	struct app *app = dr->app;
	const char *db = app->cfg.database, *shared = app->cfg.shared_dir;
	struct stat st;

	if (str_empty(db)) {
		line(N_("Database"), N_("none"));
		problem(dr, N_("no database path: set `database` in the configuration "
			"(or HOME, for the default under ~/.local/share/csconsole/)"));
		return;
	}
	line(N_("Database"), "%s", db);
	if (!str_empty(shared) && path_is_within(db, shared)) {
		line(NULL, N_("inside the shared directory: refused"));
		problem(dr, N_("the database %s lies inside the shared directory %s: SQLite's locking "
			"is unreliable on network and synced folders; set `database` to a path on "
			"local disk (the default is under ~/.local/share/csconsole/)"), db, shared);
		return;
	}
	if (stat(db, &st) != 0) {
		char *parent = existing_parent(db);
		line(NULL, N_("does not exist yet (the first sync creates it)"));
		if (access(parent, W_OK | X_OK) != 0)
			problem(dr, N_("the database cannot be created: %s is not writable (%s)"),
				parent, strerror(errno));
		free(parent);
		return;
	}
	if (!S_ISREG(st.st_mode)) {
		line(NULL, N_("exists, but is not a regular file"));
		problem(dr, N_("the database path %s is not a regular file: point `database` at a file"), db);
		return;
	}
	check_file_privacy(dr, db);
	if (app_open_store(app) != CS_EXIT_OK) {
		line(NULL, N_("exists, but cannot be opened"));
		problem(dr, N_("the database %s cannot be opened: %s"), db, error_message());
		return;
	}
	int version = -1;
	if (store_user_version(&app->store, &version) != 0)
		problem(dr, N_("cannot read the database's schema version: %s"), error_message());
	line(NULL, N_("exists, schema version %d (this build: %d)"), version, store_schema_version());
	check_me_in_team(dr);
	check_feeds(dr);
	check_health(dr);
}

/* Conflict copies in feeds/ and imports held back (feed_check). */
static void check_feed_guards(struct doctor *dr, const char *dir)
{
	struct diag_list d = {0};
	char *expanded = path_expand_home(dir);
	feed_check(&dr->app->store, expanded, &d);
	for (size_t i = 0; i < d.len; i++) {
		char *text = diag_format(&d.items[i]);
		problem(dr, "%s", text);
		free(text);
	}
	diag_clear(&d);
	free(expanded);
}

/* One CSV feed's header under the configured mapping: the columns the import
 * ignores are listed (once), a missing column is a problem. Returns the list. */
static char *feed_columns(struct doctor *dr, const char *dir, const char *rel, int kind)
{
	const struct feed_mapping *m = &dr->app->cfg.feed_map[kind];
	struct strlist ignored = {0};
	struct diag_list d = {0};
	struct sbuf b = {0};
	char *path = path_join(dir, rel);

	preset_unmapped(path, rel, m, kind, &ignored, &d);
	for (size_t i = 0; i < d.len; i++) {
		char *text = diag_format(&d.items[i]);
		problem(dr, "%s", text);
		free(text);
	}
	for (size_t i = 0; i < ignored.len; i++)
		sbuf_addf(&b, "%s\"%s\"", i ? ", " : "", ignored.items[i]);
	diag_clear(&d);
	strlist_clear(&ignored);
	free(path);
	return b.data;
}

/* Columns of the CSV feeds that no field takes (ignored by the import). */
static void check_feed_columns(struct doctor *dr, const char *dir)
{
	char *expanded = path_expand_home(dir), *metrics = path_join(expanded, "feeds/metrics");
	char *acc = path_join(expanded, "feeds/accounts.csv"), *list;
	const struct feed_mapping *map = dr->app->cfg.feed_map;
	struct strlist seen = {0};
	DIR *d;

	if (access(acc, F_OK) == 0 && (list = feed_columns(dr, expanded, "feeds/accounts.csv", PRESET_ACCOUNTS))) {
		line(N_("Feed columns"), N_("feeds/accounts.csv: preset %s; columns ignored (not mapped): %s"),
		     map[PRESET_ACCOUNTS].preset ? map[PRESET_ACCOUNTS].preset : "csconsole", list);
		free(list);
	}
	if ((d = opendir(metrics))) {
		struct dirent *e;
		while ((e = readdir(d))) {
			if (!str_ends_with(e->d_name, ".csv") || e->d_name[0] == '.')
				continue;
			char *rel = xasprintf("feeds/metrics/%s", e->d_name);
			list = feed_columns(dr, expanded, rel, PRESET_METRICS);
			if (list && !strlist_has(&seen, list)) {    /* one line per distinct list */
				strlist_add(&seen, list);
				line(N_("Feed columns"), N_("%s: preset %s; columns ignored (not mapped): %s"), rel,
				     map[PRESET_METRICS].preset ? map[PRESET_METRICS].preset : "csconsole", list);
			}
			free(list);
			free(rel);
		}
		closedir(d);
	}
	strlist_clear(&seen);
	free(acc);
	free(metrics);
	free(expanded);
}

static void check_shared(struct doctor *dr)
{
	const char *dir = dr->app->cfg.shared_dir;
	struct stat st;

	if (str_empty(dir)) {
		line(N_("Shared directory"), N_("none (offline: set `shared_dir` to your team's shared directory)"));
		return;
	}
	line(N_("Shared directory"), "%s", dir);
	if (stat(dir, &st) != 0) {
		int e = errno;
		line(NULL, N_("does not exist"));
		problem(dr, N_("the shared directory %s cannot be found (%s): check `shared_dir`, "
			"or mount/sync the folder"), dir, strerror(e));
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		line(NULL, N_("is not a directory"));
		problem(dr, N_("shared_dir %s is not a directory"), dir);
		return;
	}
	if (access(dir, R_OK | X_OK) != 0) {
		int e = errno;
		line(NULL, N_("exists, not readable"));
		problem(dr, N_("the shared directory %s is not readable (%s): check its permissions"),
			dir, strerror(e));
		return;
	}
	char *feeds = path_join(dir, "feeds");
	bool has_feeds = stat(feeds, &st) == 0 && S_ISDIR(st.st_mode);
	bool feeds_readable = has_feeds && access(feeds, R_OK | X_OK) == 0;
	line(NULL, "%s", !has_feeds ? TX(N_("exists, readable, no feeds/ directory"))
	     : feeds_readable ? TX(N_("exists, readable, feeds/ present"))
	     : TX(N_("exists, readable, feeds/ not readable")));
	if (!has_feeds)
		problem(dr, N_("the shared directory %s has no feeds/ directory: is `shared_dir` the "
			"team's shared directory?"), dir);
	else if (!feeds_readable)
		problem(dr, N_("%s is not readable: check its permissions"), feeds);
	free(feeds);
	if (feeds_readable) {
		check_feed_guards(dr, dir);
		check_feed_columns(dr, dir);
	}
}

/* Team events: quarantined segments, and segments git converted to CRLF. */
static void check_events(struct doctor *dr)
{
	struct app *app = dr->app;
	struct events_problems p;

	if (!app->store.db)
		return;                 /* no database: nothing synced yet */
	char *shared = str_empty(app->cfg.shared_dir) ? NULL : path_expand_home(app->cfg.shared_dir);
	int rc = events_problems(&app->store, shared, &p);
	free(shared);
	if (rc != 0) {
		problem(dr, N_("cannot read the list of segments: %s"), error_message());
		return;
	}
	if (p.crlf)
		line(N_("Team events"), p.quarantined == 1
		     ? N_("%zu quarantined segment, %zu converted by git to CRLF line endings")
		     : N_("%zu quarantined segments, %zu converted by git to CRLF line endings"), p.quarantined, p.crlf);
	else
		line(N_("Team events"), p.quarantined == 1 ? N_("%zu quarantined segment") : N_("%zu quarantined segments"),
		     p.quarantined);
	if (p.quarantined)
		problem(dr, p.quarantined == 1
			? N_("%zu segment is quarantined (refused, left alone), e.g. %s: %s. `csconsole sync "
			     "--status` lists them all; their events are not here until their writer publishes "
			     "them again")
			: N_("%zu segments are quarantined (refused, left alone), e.g. %s: %s. `csconsole sync "
			     "--status` lists them all; their events are not here until their writer publishes "
			     "them again"), p.quarantined, p.first_quarantined, p.first_quarantined_reason);
	if (p.crlf) {
		char more[96] = "";
		if (p.crlf > 1)
			str_format(more, sizeof(more), p.crlf == 2 ? TX(N_(" (and %zu more segment)"))
				   : TX(N_(" (and %zu more segments)")), p.crlf - 1);
		/* TRANSLATORS: the segment, " (and 2 more segments)", how to stop git (English) */
		problem(dr, N_("%s%s was converted to CRLF line endings by git (core.autocrlf); csconsole "
			"reads it anyway, but to stop git converting segments, %s"), p.first_crlf, more,
			EVENTS_CRLF_FIX);
	}
	events_problems_free(&p);
}

static void check_today(struct doctor *dr)
{
	static const char *const weekdays[] = {
		N_("Sunday"), N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
		N_("Saturday"),
	};
	const char *pin = getenv("CSCONSOLE_TODAY");
	char iso[11];

	day_format_iso(dr->app->today, iso);
	if (day_today_env_invalid()) {
		line(N_("Today"), N_("%s %s (CSCONSOLE_TODAY=\"%s\" is not a date, ignored)"),
		     iso, TX(weekdays[day_weekday(dr->app->today)]), pin);
		problem(dr, N_("CSCONSOLE_TODAY=\"%s\" is not a date: use YYYY-MM-DD or unset it"), pin);
	} else if (!str_empty(pin)) {
		line(N_("Today"), N_("%s %s (pinned by CSCONSOLE_TODAY)"), iso, TX(weekdays[day_weekday(dr->app->today)]));
	} else {
		line(N_("Today"), N_("%s %s (the local clock)"), iso, TX(weekdays[day_weekday(dr->app->today)]));
	}
}

static void check_locale(struct doctor *dr)
{
	const char *name = setlocale(LC_CTYPE, NULL);
	const char *codeset = nl_langinfo(CODESET);
	if (text_locale_utf8()) {
		line(N_("Locale"), N_("%s (UTF-8)"), name ? name : "?");
	} else {
		line(N_("Locale"), N_("%s (%s, not UTF-8)"), name ? name : "?", codeset);
		problem(dr, N_("the locale (%s) is not UTF-8: names in other scripts cannot be shown and the "
			"console falls back to ASCII; set LANG to a UTF-8 locale (e.g. C.UTF-8)"),
			name ? name : "?");
	}
	/* the language of the text, and where its catalog was looked for */
	line(N_("Language"), N_("%s (catalogs: %s)"), i18n_lang() == UI_JA ? "ja" : "en", i18n_localedir());
}

/* The document: what the text prints, as data (the checks' lines as they
 * read), the configuration's findings with their file and line. */
static void print_json(struct doctor *dr, const struct diag_list *diags, size_t total)
{
	static const char *const severities[] = { "note", "warning", "error" };
	json_object *problems = json_object_new_array();

	json_object_object_add(dr->json, "checks", json_checks);
	json_checks = NULL;
	for (size_t i = 0; i < diags->len; i++) {
		const struct diag *d = &diags->items[i];
		json_object *p = json_object_new_object();
		json_object_object_add(p, "severity", json_object_new_string(
			(size_t)d->severity < ARRAY_SIZE(severities) ? severities[d->severity] : "error"));
		json_object_object_add(p, "message", json_object_new_string(d->message));
		json_object_object_add(p, "file", d->file ? json_object_new_string(d->file) : NULL);
		json_object_object_add(p, "line", d->line ? json_object_new_int((int)d->line) : NULL);
		json_object_object_add(p, "column", d->col ? json_object_new_int((int)d->col) : NULL);
		json_object_array_add(problems, p);
	}
	for (size_t i = 0; i < dr->problems.len; i++) {
		json_object *p = json_object_new_object();
		json_object_object_add(p, "severity", json_object_new_string("problem"));
		json_object_object_add(p, "message", json_object_new_string(dr->problems.items[i]));
		json_object_object_add(p, "file", NULL);
		json_object_object_add(p, "line", NULL);
		json_object_object_add(p, "column", NULL);
		json_object_array_add(problems, p);
	}
	json_object_object_add(dr->json, "problems", problems);
	json_object_object_add(dr->json, "problem_count", json_object_new_int64((int64_t)total));
	puts(json_object_to_json_string_ext(dr->json, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(dr->json);
	dr->json = NULL;
}

int cmd_doctor(struct app *app, int argc, char **argv)
{
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct doctor dr = { .app = app };
	const struct diag_list *diags = &app->config_diags;
	bool json = false;
	int opt;

	while ((opt = getopt_long(argc, argv, "f:h", options, NULL)) != -1) {
		switch (opt) {
		case 'f':
			if (app_format_json("doctor", optarg, &json) < 0)
				return CS_EXIT_USAGE;
			break;
		case 'h':
			app_usage(stdout, doctor_usage, false);
			return CS_EXIT_OK;
		default:
			app_usage(stderr, doctor_usage, false);
			return CS_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		char *clean = text_sanitize(argv[optind], false);
		fprintf(stderr, _("csconsole doctor: unexpected argument \"%s\"\n"), clean);
		free(clean);
		return CS_EXIT_USAGE;
	}

	if (json) {
		dr.json = json_object_new_object();
		json_object_object_add(dr.json, "version", json_object_new_string(CSCONSOLE_VERSION));
		json_checks = json_object_new_array();
	} else {
		printf("csconsole %s\n\n", CSCONSOLE_VERSION);
	}
	check_config(&dr);
	check_database(&dr);
	check_shared(&dr);
	check_events(&dr);
	check_today(&dr);
	check_locale(&dr);

	size_t total = dr.problems.len + diags->errors + diags->warnings;
	if (json) {
		print_json(&dr, diags, total);
		strlist_clear(&dr.problems);
		return total ? CS_EXIT_PARTIAL : CS_EXIT_OK;
	}
	if (diags->len || dr.problems.len)
		printf(_("\nProblems:\n"));
	for (size_t i = 0; i < diags->len; i++) {
		char *raw = diag_format(&diags->items[i]);
		char *clean = text_sanitize(raw, false);
		printf("  %s\n", clean);
		free(clean);
		free(raw);
	}
	for (size_t i = 0; i < dr.problems.len; i++) {
		char *clean = text_sanitize(dr.problems.items[i], false);
		printf("  %s\n", clean);
		free(clean);
	}
	printf(P_("\n%zu problem found\n", "\n%zu problems found\n", total), total);
	strlist_clear(&dr.problems);
	return total ? CS_EXIT_PARTIAL : CS_EXIT_OK;
}
