/* cmd_import.c - `csconsole import --check [FILE...]` and the feed part of
 * `csconsole sync --dry-run`: what the feeds would do, writing nothing.
 *
 * The preview runs the real import (feed_sync_opts: every guard, every row
 * check) on a copy of the database in a private temporary folder, made with
 * SQLite's online backup from a connection that only reads, and then throws
 * the copy away. So the database is left byte for byte as it was, no event
 * or segment is written, and what the preview says is what a sync would do.
 *
 * Per file it says rows new, changed and deactivated (metrics: values new,
 * changed, taken back) by comparing the copy's tables before and after the
 * file (the EXCEPT of the whole rows, so a column added later counts too),
 * the rows rejected, and the first errors. FILE... names exports that are
 * not in the shared directory yet: each is linked into a scratch feeds/
 * under the name it would have there (team.yaml, accounts.csv|yaml,
 * metrics/NAME), which --as tells when the file's name does not.
 */
#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "csconsole/app.h"
#include "csconsole/exitcode.h"
#include "csconsole/i18n.h"
#include "csconsole/feed.h"
#include "csconsole/text.h"

static const char *const import_usage = N_(
	"usage: csconsole import --check [--as team|accounts|metrics] [FILE...]\n"
	"\n"
	"Shows what importing the feeds would do, and writes nothing: per file, the\n"
	"rows that would be new, changed and deactivated (metrics: values new, changed\n"
	"and taken back), the rows rejected with the first errors, and the files that\n"
	"would be held back, skipped or refused. The import runs for real on a\n"
	"temporary copy of the database, which is then removed: the database, the\n"
	"shared directory and the events are left as they are.\n"
	"\n"
	"Without FILE: the feeds of the shared directory, as the next `csconsole sync`\n"
	"would import them (`csconsole sync --dry-run` shows the same). With FILE: these\n"
	"exports, as if they were in feeds/ under their names (team.yaml,\n"
	"accounts.csv or accounts.yaml, a file of a metrics/ folder).\n"
	"\n"
	"  -c, --check       preview (the only mode: `csconsole sync` imports)\n"
	"  -a, --as KIND     the FILEs are this feed: team, accounts or metrics\n"
	"\n"
	"Exit status 0 when everything would import cleanly, 1 when rows would be\n"
	"rejected or files would fail or be held back.\n");

/* Errors shown under a file; the rest are counted. */
#define PREVIEW_ERRORS 5

struct preview {
	struct store *st;            /* the copy */
	struct diag_list *diags;
	size_t printed;              /* diags already shown */
	bool metrics_snap;           /* snap_metric taken */
	bool failed;                 /* a comparison query failed */
	uint64_t total[4];           /* new, changed, deactivated (taken back), rejected */
};

/* ---- The comparison: the copy's tables before and after each file -------------- */

static const char snap_team_sql[] =
	"DROP TABLE IF EXISTS temp.snap_csm; DROP TABLE IF EXISTS temp.snap_absence;"
	"CREATE TEMP TABLE snap_csm AS SELECT * FROM main.csm;"
	"CREATE TEMP TABLE snap_absence AS SELECT handle, start_day, end_day, covered_by, reason "
	"  FROM main.absence WHERE source = 'feed';";
static const char snap_accounts_sql[] =
	"DROP TABLE IF EXISTS temp.snap_account; DROP TABLE IF EXISTS temp.snap_contact;"
	"CREATE TEMP TABLE snap_account AS SELECT * FROM main.account;"
	"CREATE TEMP TABLE snap_contact AS SELECT * FROM main.contact;";
static const char snap_metrics_sql[] =
	"DROP TABLE IF EXISTS temp.snap_metric;"
	"CREATE TEMP TABLE snap_metric (account_id INTEGER, metric_id INTEGER, day INTEGER, "
	"  value REAL, PRIMARY KEY (account_id, metric_id, day)) WITHOUT ROWID;"
	"INSERT INTO snap_metric SELECT account_id, metric_id, day, value FROM main.metric;";

/* new, changed, deactivated: three counts per kind. */
static const char *const diff_team_sql[3] = {
	"SELECT count(*) FROM main.csm c WHERE NOT EXISTS "
	"  (SELECT 1 FROM snap_csm s WHERE s.handle = c.handle)",
	"SELECT count(*) FROM (SELECT handle FROM (SELECT * FROM main.csm EXCEPT SELECT * FROM snap_csm) "
	"  UNION SELECT handle FROM (SELECT handle, start_day, end_day, covered_by, reason FROM main.absence "
	"    WHERE source = 'feed' EXCEPT SELECT * FROM snap_absence) "
	"  UNION SELECT handle FROM (SELECT * FROM snap_absence EXCEPT SELECT handle, start_day, end_day, "
	"    covered_by, reason FROM main.absence WHERE source = 'feed')) d "
	"WHERE EXISTS (SELECT 1 FROM snap_csm s WHERE s.handle = d.handle) "
	"  AND NOT EXISTS (SELECT 1 FROM snap_csm s JOIN main.csm c USING (handle) "
	"    WHERE s.handle = d.handle AND s.active = 1 AND c.active = 0)",
	"SELECT count(*) FROM snap_csm s JOIN main.csm c USING (handle) "
	"  WHERE s.active = 1 AND c.active = 0",
};
static const char *const diff_accounts_sql[3] = {
	"SELECT count(*) FROM main.account a WHERE NOT EXISTS "
	"  (SELECT 1 FROM snap_account s WHERE s.crm_id = a.crm_id)",
	"SELECT count(*) FROM (SELECT id FROM (SELECT * FROM main.account EXCEPT SELECT * FROM snap_account) "
	"  UNION SELECT account_id FROM (SELECT * FROM main.contact EXCEPT SELECT * FROM snap_contact) "
	"  UNION SELECT account_id FROM (SELECT * FROM snap_contact EXCEPT SELECT * FROM main.contact)) d "
	"JOIN snap_account s ON s.id = d.id JOIN main.account a ON a.id = d.id "
	"WHERE NOT (s.active = 1 AND a.active = 0)",
	"SELECT count(*) FROM snap_account s JOIN main.account a ON a.crm_id = s.crm_id "
	"  WHERE s.active = 1 AND a.active = 0",
};
static const char *const diff_metrics_sql[3] = {
	"SELECT count(*) FROM main.metric m WHERE NOT EXISTS (SELECT 1 FROM snap_metric s "
	"  WHERE s.account_id = m.account_id AND s.metric_id = m.metric_id AND s.day = m.day)",
	"SELECT count(*) FROM main.metric m JOIN snap_metric s ON s.account_id = m.account_id "
	"  AND s.metric_id = m.metric_id AND s.day = m.day WHERE s.value IS NOT m.value",
	"SELECT count(*) FROM snap_metric s WHERE NOT EXISTS (SELECT 1 FROM main.metric m "
	"  WHERE s.account_id = m.account_id AND s.metric_id = m.metric_id AND s.day = m.day)",
};

static int64_t count_query(struct preview *p, const char *sql)
{
	sqlite3_stmt *stmt;
	int64_t n = -1;
	if (store_prepare(p->st, sql, &stmt) != 0) {
		p->failed = true;
		return -1;
	}
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	else
		p->failed = true;
	sqlite3_finalize(stmt);
	return n;
}

static const char *snap_sql(enum feed_kind k)
{
	return k == FEED_TEAM ? snap_team_sql : k == FEED_ACCOUNTS ? snap_accounts_sql : snap_metrics_sql;
}

/* ---- Printing --------------------------------------------------------------------- */

static void print_file_diags(struct preview *p)
{
	size_t shown = 0, more = 0;
	for (; p->printed < p->diags->len; p->printed++) {
		const struct diag *d = &p->diags->items[p->printed];
		if (shown >= PREVIEW_ERRORS) {
			more++;
			continue;
		}
		char *raw = diag_format(d);
		char *clean = text_sanitize(raw, false);
		printf("  %s\n", clean);
		free(clean);
		free(raw);
		shown++;
	}
	if (more)
		printf(P_("  ... and %zu more message (csconsole sync prints them all)\n",
			  "  ... and %zu more messages (csconsole sync prints them all)\n", more), more);
}

static void on_progress(void *ctx, const char *path, uint64_t rows, double seconds)
{
	struct preview *p = ctx;
	(void)seconds;
	/* Metrics: the snapshot is taken before the first metrics file starts
	 * (the import calls this with 0 rows before it writes anything). */
	if (rows == 0 && !p->metrics_snap && str_starts_with(path, "feeds/metrics/")) {
		if (store_exec(p->st, snap_metrics_sql) != 0)
			p->failed = true;
		p->metrics_snap = true;
	}
}

static void print_imported(struct preview *p, const struct feed_result *r)
{
	const char *const *diff = r->kind == FEED_TEAM ? diff_team_sql :
		r->kind == FEED_ACCOUNTS ? diff_accounts_sql : diff_metrics_sql;
	int64_t n[3];
	char a[NUM_GROUPED_SIZE], b[NUM_GROUPED_SIZE], c[NUM_GROUPED_SIZE], d[NUM_GROUPED_SIZE];

	for (int i = 0; i < 3; i++) {
		n[i] = count_query(p, diff[i]);
		if (n[i] > 0)
			p->total[i] += (uint64_t)n[i];
	}
	p->total[3] += r->rows_rejected;
	printf(P_(", %s row read: ", ", %s rows read: ", r->rows_ok + r->rows_rejected),
	       num_grouped(r->rows_ok + r->rows_rejected, a));
	if (n[0] < 0 || n[1] < 0 || n[2] < 0) {
		printf(_("(the changes could not be counted)"));
	} else if (r->kind == FEED_METRICS) {
		printf(P_("%s new value, %s changed, %s taken back", "%s new values, %s changed, %s taken back",
			  n[0]), num_grouped((uint64_t)n[0], a), num_grouped((uint64_t)n[1], b),
		       num_grouped((uint64_t)n[2], c));
	} else {
		if (r->kind == FEED_TEAM)
			printf(P_("%s new CSM, %s changed, %s deactivated", "%s new CSMs, %s changed, %s deactivated",
				  n[0]), num_grouped((uint64_t)n[0], a), num_grouped((uint64_t)n[1], b),
			       num_grouped((uint64_t)n[2], c));
		else
			printf(P_("%s new account, %s changed, %s deactivated",
				  "%s new accounts, %s changed, %s deactivated", n[0]), num_grouped((uint64_t)n[0], a),
			       num_grouped((uint64_t)n[1], b), num_grouped((uint64_t)n[2], c));
	}
	printf(_(", %s rejected"), num_grouped(r->rows_rejected, d));
}

static void on_file_done(void *ctx, const struct feed_result *r)
{
	struct preview *p = ctx;
	char *path = text_sanitize(r->path, false);

	printf("%s: ", path);
	switch (r->status) {
	case FEED_IMPORTED:
		printf(_("would import"));
		print_imported(p, r);
		break;
	case FEED_UNCHANGED:
		if (r->same_as) {
			char *other = text_sanitize(r->same_as, false);
			printf(_("unchanged (same content as %s), nothing to import"), other);
			free(other);
		} else {
			printf(_("unchanged (already imported), nothing to import"));
		}
		break;
	case FEED_STALE:
		printf(_("would be skipped: older than the version imported"));
		break;
	case FEED_FAILED:
		fputs(r->had_import ? _("would fail: nothing imported from it; its previous import would stay")
		      : _("would fail: nothing imported from it"), stdout);
		break;
	case FEED_CONFLICT: {
		char *orig = text_sanitize(r->original ? r->original : "", false);
		printf(_("a conflict copy of %s (%s), never imported"), orig,
		       r->conflict_tool ? r->conflict_tool : "?");
		free(orig);
		break;
	}
	case FEED_WAITING:
		printf(_("still being written: a sync now would not import it"));
		break;
	case FEED_HELD: {
		char *why = text_sanitize(r->held_reason ? r->held_reason : "", false);
		printf(_("would be held back, nothing applied: %s"), why);
		free(why);
		break;
	}
	}
	printf("\n");
	free(path);
	/* The snapshot follows the copy, so the next file of the kind is
	 * compared with what this one left. */
	bool ran = r->status == FEED_IMPORTED || r->status == FEED_FAILED || r->status == FEED_HELD;
	if (r->kind == FEED_METRICS ? p->metrics_snap && ran : r->status == FEED_IMPORTED)
		if (store_exec(p->st, snap_sql(r->kind)) != 0)
			p->failed = true;
	print_file_diags(p);
	fflush(stdout);
}

/* ---- The copy ------------------------------------------------------------------ */

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb; (void)flag; (void)ftw;
	remove(path);
	return 0;
}

/* Copies the database at src (if it exists) into dst with SQLite's online
 * backup, from a connection that writes nothing. 0 or -1 + error(). */
static int copy_database(const char *src, const char *dst)
{
	sqlite3 *from = NULL, *to = NULL;
	int rc = 0;

	if (access(src, F_OK) != 0)
		return 0;   /* no database yet: the preview starts from an empty one */
	if (sqlite3_open_v2(src, &from, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_exec(from, "PRAGMA query_only = 1", NULL, NULL, NULL) != SQLITE_OK) {
		rc = error(_("cannot read the database %s: %s"), src, from ? sqlite3_errmsg(from) : "out of memory");
	} else if (sqlite3_open_v2(dst, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		rc = error(_("cannot make a copy of the database in %s: %s"), dst,
			   to ? sqlite3_errmsg(to) : "out of memory");
	} else {
		sqlite3_busy_timeout(from, 5000);
		sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
		int step = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
		if (b)
			sqlite3_backup_finish(b);
		if (step != SQLITE_DONE)
			rc = error(_("cannot copy the database %s: %s"), src, sqlite3_errmsg(to));
	}
	sqlite3_close(to);
	sqlite3_close(from);
	return rc;
}

/* ---- FILE arguments: a scratch feeds/ ------------------------------------------ */

/* The name FILE would have under feeds/, from --as or its own name; NULL +
 * error() when it cannot be told. Caller frees. */
static char *feed_name_of(const char *file, const char *as)
{
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	bool yaml = str_ends_with(base, ".yaml") || str_ends_with(base, ".yml");
	char *dir = xstrdup(file), *slash = strrchr(dir, '/');
	bool in_metrics = false;

	if (slash) {
		*slash = '\0';
		const char *parent = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
		in_metrics = str_eq(parent, "metrics");
	}
	free(dir);
	if (str_empty(base))
		return error(_("\"%s\" names no file"), file), NULL;
	if (as ? str_eq(as, "team") : str_eq(base, "team.yaml"))
		return xstrdup("feeds/team.yaml");
	if (as ? str_eq(as, "accounts") : (str_eq(base, "accounts.csv") || str_eq(base, "accounts.yaml")))
		return xstrdup(yaml ? "feeds/accounts.yaml" : "feeds/accounts.csv");
	if (as ? str_eq(as, "metrics") : in_metrics) {
		if (!str_ends_with(base, ".yaml") && !str_ends_with(base, ".csv"))
			return error(_("%s: a metrics feed is a .csv or .yaml file"), file), NULL;
		return xasprintf("feeds/metrics/%s", base);
	}
	error(_("cannot tell which feed %s is: say it with --as team, --as accounts or --as metrics"), file);
	return NULL;
}

/* Links each FILE into <scratch>/feeds/ under its feed name. 0 or -1 + error(). */
static int link_files(const char *scratch, char **files, int n, const char *as)
{
	struct strlist seen = {0};
	int rc = 0;

	for (int i = 0; i < n && rc == 0; i++) {
		char *name = feed_name_of(files[i], as);
		char *abs = NULL, *dst = NULL, *dir = NULL;
		struct stat sb;
		if (!name) {
			rc = -1;
		} else if (stat(files[i], &sb) != 0) {
			rc = error("%s: %s", files[i], strerror(errno));
		} else if (!S_ISREG(sb.st_mode)) {
			rc = error(_("%s: not a regular file"), files[i]);
		} else if (strlist_has(&seen, name)) {
			rc = error(_("%s: two files would be %s; check one at a time"), files[i], name);
		} else if (!(abs = path_canonical(files[i]))) {
			rc = -1;
		} else {
			strlist_add(&seen, name);
			dst = path_join(scratch, name);
			dir = xstrdup(dst);
			*strrchr(dir, '/') = '\0';
			if (path_mkdirs(dir, 0700) != 0)
				rc = -1;
			else if (symlink(abs, dst) != 0)
				rc = error(_("cannot link %s into %s: %s"), files[i], dst, strerror(errno));
		}
		free(dir);
		free(dst);
		free(abs);
		free(name);
	}
	strlist_clear(&seen);
	return rc;
}

/* ---- The preview ---------------------------------------------------------------- */

int import_preview(struct app *app, const struct feed_options *opt, char **files, int nfiles,
		   const char *as)
{
	char tmpl[4096];
	const char *tmp = getenv("TMPDIR");
	struct diag_list diags = {0};
	struct preview p = { .diags = &diags };
	struct feed_hooks hooks = { on_progress, on_file_done, &p };
	struct feed_summary sum;
	struct store copy;
	char *db = NULL, *shared = NULL;
	bool opened = false;
	int rc = CS_EXIT_OK;

	str_format(tmpl, sizeof(tmpl), "%s/csconsole-check.XXXXXX", str_empty(tmp) ? "/tmp" : tmp);
	if (!mkdtemp(tmpl)) {
		fprintf(stderr, _("csconsole import: cannot make a temporary folder %s: %s\n"), tmpl,
			strerror(errno));
		return CS_EXIT_IO;
	}
	db = path_join(tmpl, "copy.db");
	if (nfiles > 0) {
		shared = path_join(tmpl, "shared");
		if (link_files(shared, files, nfiles, as) != 0) {
			rc = CS_EXIT_USAGE;
			goto fail;
		}
	} else {
		shared = path_expand_home(app->cfg.shared_dir);
	}
	if (copy_database(app->cfg.database, db) != 0 || store_open(&copy, db, shared) != 0) {
		rc = CS_EXIT_STORE;
		goto fail;
	}
	opened = true;
	p.st = &copy;
	if (store_exec(&copy, "PRAGMA synchronous = OFF") != 0 ||
	    store_exec(&copy, snap_team_sql) != 0 || store_exec(&copy, snap_accounts_sql) != 0) {
		rc = CS_EXIT_STORE;
		goto fail;
	}
	if (feed_sync_opts(&copy, shared, opt, &hooks, &diags, &sum) != 0) {
		rc = CS_EXIT_IO;
		goto fail;
	}
	print_file_diags(&p);
	if (sum.files == 0) {
		char *clean = text_sanitize(shared, false);
		printf(_("preview: no feeds in %s/feeds\n"), clean);
		free(clean);
	} else {
		char a[NUM_GROUPED_SIZE], b[NUM_GROUPED_SIZE], c[NUM_GROUPED_SIZE], d[NUM_GROUPED_SIZE];
		printf(P_("preview: %zu file, %zu would import (%s new, %s changed, %s deactivated "
			  "or taken back, %s rejected)",
			  "preview: %zu files, %zu would import (%s new, %s changed, %s deactivated "
			  "or taken back, %s rejected)", sum.files), sum.files, sum.imported,
		       num_grouped(p.total[0], a), num_grouped(p.total[1], b), num_grouped(p.total[2], c),
		       num_grouped(p.total[3], d));
		if (sum.failed)
			printf(_(", %zu would fail"), sum.failed);
		if (sum.held)
			printf(_(", %zu would be held back"), sum.held);
		printf(_("; nothing was written\n"));
	}
	if (p.failed)
		fprintf(stderr, _("csconsole import: some changes could not be counted: %s\n"), error_message());
	if (sum.failed || sum.rows_rejected || sum.held || sum.conflicts || diags.errors)
		rc = CS_EXIT_PARTIAL;
	goto done;
fail: {
		char *msg = text_sanitize(error_message(), false);
		fprintf(stderr, "csconsole import: %s\n", msg);
		free(msg);
	}
done:
	if (opened)
		store_close(&copy);
	nftw(tmpl, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	diag_clear(&diags);
	free(shared);
	free(db);
	return rc;
}

int cmd_import(struct app *app, int argc, char **argv)
{
	static const struct option options[] = {
		{"check", no_argument, NULL, 'c'},
		{"as", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	static const char *const kinds[] = { "team", "accounts", "metrics", NULL };
	const char *as = NULL;
	bool check = false;
	int opt;

	while ((opt = getopt_long(argc, argv, "ca:h", options, NULL)) != -1) {
		switch (opt) {
		case 'c': check = true; break;
		case 'a': as = optarg; break;
		case 'h': app_usage(stdout, import_usage, false); return CS_EXIT_OK;
		default:
			fprintf(stderr, _("Try 'csconsole import --help'.\n"));
			return CS_EXIT_USAGE;
		}
	}
	if (!check) {
		fprintf(stderr, _("csconsole import: only --check (a preview) is done here; "
			"`csconsole sync` imports the feeds\n"));
		return CS_EXIT_USAGE;
	}
	if (as && !feed_enum(as, kinds)) {
		char *clean = text_sanitize(as, false);
		fprintf(stderr, _("csconsole import: --as \"%s\": use team, accounts or metrics\n"), clean);
		free(clean);
		return CS_EXIT_USAGE;
	}
	if (optind == argc && str_empty(app->cfg.shared_dir)) {
		fprintf(stderr, _("csconsole import: no shared directory is configured: name the files "
			"to check (csconsole import --check accounts.csv), or set shared_dir in %s\n"),
			app->cfg.file ? app->cfg.file : "the configuration (csconsole init writes it)");
		return CS_EXIT_CONFIG;
	}
	struct feed_options fopt = { .settle_seconds = 0,
				     .hold_percent = app->cfg.feeds_hold_percent,
				     .hold_factor = app->cfg.feeds_hold_factor, .mapping = app->cfg.feed_map,
				     .encoding = app->cfg.feeds_encoding,
				     .number_format = app->cfg.feeds_number_format,
				     .date_order = app->cfg.feeds_date_order,
				     .currency = app->cfg.feeds_currency };
	if (optind == argc)
		fopt.settle_seconds = sync_settle_seconds(app);
	return import_preview(app, &fopt, argv + optind, argc - optind, as);
}
