/* cmd_init.c - `csconsole init [--shared DIR] [--me HANDLE]`: a team set up
 * in one command.
 *
 * Lays out a team's shared directory (docs/sync.md): feeds/ and
 * feeds/metrics/ for the exports, events/ for the segments, tmp/ for segments
 * being written, a README.md saying what goes where, and three small files
 * that keep the sync tools from harming them: .gitattributes (git must not
 * convert segments' line endings), .gitignore and .stignore (temp files and
 * Syncthing's conflict copies). A folder that already has the layout is
 * joined: nothing in it is changed.
 *
 * Then writes the user's configuration where csconsole reads it (--config,
 * $CSCONSOLE_CONFIG, else the XDG path): the handle (--me, asked on a
 * terminal; one of team.yaml's when the team has one), shared_dir and the
 * database outside the share ($XDG_DATA_HOME). An existing configuration is
 * never overwritten. Last, the next steps.
 *
 * Idempotent: what exists is left alone. A file the user changed is never
 * overwritten; if it lacks the one line csconsole needs, init says which
 * (exit 1). The layout is a table, so more entries can join.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "csconsole/app.h"
#include "csconsole/exitcode.h"
#include "csconsole/i18n.h"
#include "csconsole/text.h"
#include "csconsole/yamldoc.h"

static const char *const init_usage = N_(
	"usage: csconsole init [--shared DIR] [--me HANDLE]\n"
	"       csconsole init [SHARED]\n"
	"\n"
	"Sets up csconsole for a team in one command. Lays out the team's shared\n"
	"directory DIR (default: shared_dir from the configuration), creating what is\n"
	"missing:\n"
	"  feeds/, feeds/metrics/   the CRM and product exports (docs/feeds.md)\n"
	"  events/, tmp/            the team's event segments, and those being written\n"
	"  README.md                what goes where, for the team\n"
	"  .gitattributes           events/** -text, feeds/** -text: git must not\n"
	"                           convert line endings (core.autocrlf)\n"
	"  .gitignore, .stignore    temp files and Syncthing's conflict copies\n"
	"A folder that already has feeds/ and events/ is joined: nothing there changes.\n"
	"\n"
	"Then writes your configuration (where csconsole reads it: --config,\n"
	"$CSCONSOLE_CONFIG, else ~/.config/csconsole/csconsole.yaml) with your handle,\n"
	"shared_dir and the database on local disk ($XDG_DATA_HOME/csconsole/), never\n"
	"inside the share. An existing configuration is never overwritten.\n"
	"\n"
	"  -s, --shared DIR   the team's shared directory (a synced folder, a network\n"
	"                     share, a git checkout)\n"
	"  -m, --me HANDLE    your CSM handle; when feeds/team.yaml exists, one of its\n"
	"                     handles. Asked when not given and input is a terminal\n"
	"\n"
	"Run again, it changes nothing. A file that exists is never overwritten; when\n"
	"it lacks the line csconsole needs, init says which (exit status 1).\n");

struct init_entry {
	const char *path;            /* relative to the shared directory */
	const char *content;         /* NULL: a directory */
	const char *needed;          /* the line a user's version must hold, or NULL */
};

static const struct init_entry layout[] = {
	{ "feeds", NULL, NULL },
	{ "feeds/metrics", NULL, NULL },
	{ "events", NULL, NULL },
	{ "tmp", NULL, NULL },
	{ ".gitattributes",
	  "# csconsole: git must never change these files' bytes. Segments carry a CRC\n"
	  "# of their exact content; with core.autocrlf (Git for Windows' default) git\n"
	  "# would give them CRLF line endings on checkout.\n"
	  "events/** -text\n"
	  "feeds/** -text\n",
	  "events/** -text" },
	{ ".gitignore",
	  "# csconsole: segments still being written\n"
	  "tmp/\n"
	  "# temp files of exporters and editors (Excel's ~$ lock files, LibreOffice's)\n"
	  "*.tmp\n"
	  "~$*\n"
	  ".~lock.*#\n",
	  "tmp/" },
	{ ".stignore",
	  "// csconsole: segments still being written, and Syncthing's conflict copies\n"
	  "tmp\n"
	  "*.sync-conflict-*\n"
	  "// temp files of exporters and editors (Excel's ~$ lock files, LibreOffice's)\n"
	  "*.tmp\n"
	  "~$*\n"
	  ".~lock.*#\n",
	  "tmp" },
	{ "README.md",
	  "# The team's csconsole folder\n"
	  "\n"
	  "This folder is shared by every CSM of the team (a synced folder, a network\n"
	  "share or a git checkout). Each CSM's csconsole reads it at `csconsole sync`;\n"
	  "each keeps its own database on local disk, never here.\n"
	  "\n"
	  "What goes where:\n"
	  "\n"
	  "- `feeds/` holds the exports of other systems; csconsole only reads them:\n"
	  "  - `feeds/team.yaml`: the CSMs (handle, name, email, team) and absences;\n"
	  "  - `feeds/accounts.csv` or `feeds/accounts.yaml`: the CRM's accounts export;\n"
	  "  - `feeds/metrics/*.csv` or `*.yaml`: product analytics (account, date,\n"
	  "    metric, value).\n"
	  "  Write an export under a temporary name and rename it when done.\n"
	  "  `csconsole import --check` shows what new exports would do before a sync.\n"
	  "- `events/<device>/` holds what CSMs write (notes, risks, touchpoints,\n"
	  "  coverages), one folder per computer, each file written once and never\n"
	  "  changed. Do not edit, rename or delete these files.\n"
	  "- `tmp/` holds files still being written; sync tools and git ignore it.\n"
	  "- `.gitattributes`, `.gitignore`, `.stignore` keep git and Syncthing from\n"
	  "  changing the files' bytes or sharing temp files.\n"
	  "\n"
	  "A new CSM joins with `csconsole init --shared <this folder> --me <handle>`.\n"
	  "The formats: docs/feeds.md; the protocol: docs/sync.md (`man csconsole`).\n",
	  NULL },
};

/* Whether the file at path holds exactly the line `line`. */
static bool file_has_line(const char *path, const char *line)
{
	FILE *fp = fopen(path, "r");
	char buf[1024];
	bool found = false;
	if (!fp)
		return false;
	while (!found && fgets(buf, sizeof(buf), fp)) {
		buf[strcspn(buf, "\r\n")] = '\0';
		found = str_eq(buf, line);
	}
	fclose(fp);
	return found;
}

/* Whether the file at path has exactly this content. */
static bool file_equals(const char *path, const char *content)
{
	size_t want = strlen(content);
	char *have = xmalloc(want + 2);
	FILE *fp = fopen(path, "rb");
	size_t len = fp ? fread(have, 1, want + 1, fp) : 0;
	bool same = fp && len == want && memcmp(have, content, len) == 0;
	if (fp)
		fclose(fp);
	free(have);
	return same;
}

/* Creates a file that does not exist (never replaces one). 0 or -1 + error(). */
static int create_file(const char *path, const char *content)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return error(_("cannot create %s: %s"), path, strerror(errno));
	size_t len = strlen(content);
	if (write(fd, content, len) != (ssize_t)len || fsync(fd) != 0) {
		int e = errno;
		close(fd);
		unlink(path);
		return error(_("cannot write %s: %s"), path, strerror(e));
	}
	return close(fd) == 0 ? 0 : error(_("cannot write %s: %s"), path, strerror(errno));
}

/* Prints one line, sanitized (paths come from the command line); fmt is
 * marked with N_ by the caller and translated here. */
static void say(const char *fmt, ...) PRINTF_LIKE(1, 2);
static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *clean = text_vclean(_(fmt), ap);
	va_end(ap);
	printf("%s\n", clean);
	free(clean);
}

/* One entry: 1 = created, 0 = there already, 2 = there but lacking its line,
 * -1 = error(). */
static int init_one(const char *shared, const struct init_entry *e)
{
	char *path = path_join(shared, e->path);
	struct stat sb;
	int rc = 0;

	if (!e->content) {
		if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			rc = 0;
		else if (path_mkdirs(path, 0755) == 0) {
			say(N_("created %s/"), path);
			rc = 1;
		} else
			rc = -1;
	} else if (lstat(path, &sb) != 0) {
		if (create_file(path, e->content) == 0) {
			say(N_("created %s"), path);
			rc = 1;
		} else
			rc = -1;
	} else if (!file_equals(path, e->content)) {
		if (!e->needed && S_ISREG(sb.st_mode)) {
			rc = 0;   /* the team's own text: nothing csconsole needs in it */
		} else if (S_ISREG(sb.st_mode) && file_has_line(path, e->needed)) {
			say(N_("%s: left as it is (it was changed; it has what csconsole needs)"), path);
		} else if (!e->needed) {
			say(N_("%s: left as it is (not a regular file)"), path);
		} else {
			say(N_("%s: left as it is, but it lacks the line \"%s\": add it"), path, e->needed);
			rc = 2;
		}
	}
	free(path);
	return rc;
}

/* Prints an error of init on stderr, sanitized. */
static void init_error(const char *fmt, ...) PRINTF_LIKE(1, 2);
static void init_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *clean = text_vclean(fmt, ap);
	va_end(ap);
	fprintf(stderr, "csconsole init: %s\n", clean);
	free(clean);
}

/* Whether dir/sub is a directory. */
static bool has_dir(const char *dir, const char *sub)
{
	char *p = path_join(dir, sub);
	struct stat sb;
	bool yes = stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
	free(p);
	return yes;
}

/* The handles of <shared>/feeds/team.yaml into *handles (empty when the
 * team has no team.yaml yet). 0, or -1 + error() when it cannot be read. */
static int team_handles(const char *shared, struct strlist *handles)
{
	char *path = path_join(shared, "feeds/team.yaml");
	struct diag_list diags = {0};
	struct ynode *root = NULL;
	int rc = 0;

	if (access(path, F_OK) != 0) {
		free(path);
		return 0;
	}
	if (ydoc_load_file(path, NULL, &root, &diags) != 0) {
		char *msg = diags.len ? diag_format(&diags.items[0]) : xstrdup(path);
		rc = error(_("%s (fix feeds/team.yaml, or ask whoever exports it)"), msg);
		free(msg);
	} else {
		const struct ynode *csms = ynode_get(root, "csms");
		for (size_t i = 0; csms && csms->type == YNODE_SEQ && i < csms->len; i++) {
			const char *h = ynode_str(ynode_get(csms->items[i], "handle"));
			if (h && handle_valid(h))
				strlist_add(handles, h);
		}
	}
	ynode_free(root);
	diag_clear(&diags);
	free(path);
	return rc;
}

/* Asks for the handle on the terminal. A new string or NULL (end of input). */
static char *ask_handle(const struct strlist *known)
{
	char line[128];
	if (known->len) {
		char *list = strlist_join(known, ", ");
		char *clean = text_sanitize(list, false);
		printf(_("Your CSM handle (one of %s): "), clean);
		free(clean);
		free(list);
	} else {
		printf(_("Your CSM handle (a-z, 0-9, '.', '_', '-'; as in the team's team.yaml): "));
	}
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return NULL;
	line[strcspn(line, "\r\n")] = '\0';
	return xstrdup(line);
}

/* Checks a handle: its form, and that the team knows it. 0 or -1 + error(). */
static int check_handle(const char *handle, const struct strlist *known)
{
	if (!handle_valid(handle))
		return error(_("\"%s\" is not a handle: use a-z, 0-9, '.', '_' and '-', as in "
			     "feeds/team.yaml (for example --me aiko)"), handle);
	if (known->len && !strlist_has(known, handle)) {
		char *list = strlist_join(known, ", ");
		error(_("\"%s\" is not in the team's feeds/team.yaml; its handles: %s. Pass one of "
		      "them with --me (or have team.yaml list you first)"), handle, list);
		free(list);
		return -1;
	}
	return 0;
}

/* Appends s to b as a YAML double-quoted scalar. */
static void yaml_quoted(struct sbuf *b, const char *s)
{
	sbuf_adds(b, "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			sbuf_addc(b, '\\');
		sbuf_addc(b, *s);
	}
	sbuf_adds(b, "\"");
}

/* Writes a new configuration at path (0600; its directory made 0700). 0 or
 * -1 + error(). Never replaces a file (O_EXCL). */
static int write_config(const char *path, const char *me, const char *shared, const char *db)
{
	struct sbuf b = {0};
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int rc;

	if (slash && slash != dir) {
		*slash = '\0';
		if (path_mkdirs(dir, 0700) != 0) {
			free(dir);
			return -1;
		}
	}
	free(dir);
	sbuf_adds(&b, "# csconsole configuration, written by `csconsole init`. Every key, with\n"
		  "# its default and what it does: `csconsole doctor` and the csconsole.yaml\n"
		  "# shipped with csconsole (man csconsole, FILES).\n");
	sbuf_addf(&b, "me: %s\n", me);
	sbuf_adds(&b, "shared_dir: ");
	yaml_quoted(&b, shared);
	sbuf_adds(&b, "\n# on local disk, never inside shared_dir\ndatabase: ");
	yaml_quoted(&b, db);
	sbuf_adds(&b, "\n");
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = error(_("cannot create %s: %s"), path, strerror(errno));
	} else if (write(fd, sbuf_str(&b), b.len) != (ssize_t)b.len || fsync(fd) != 0) {
		rc = error(_("cannot write %s: %s"), path, strerror(errno));
		close(fd);
		unlink(path);
	} else {
		rc = close(fd) == 0 ? 0 : error(_("cannot write %s: %s"), path, strerror(errno));
	}
	sbuf_free(&b);
	return rc;
}

/* Whether the text holds a control character (a path or handle we would
 * write into YAML). */
static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* The configuration init writes to, or says why it cannot (NULL). */
static char *config_target(const struct app *app)
{
	if (app->cfg.file)
		return xstrdup(app->cfg.file);
	char *p = config_xdg_path();
	if (!p)
		init_error(_("neither $XDG_CONFIG_HOME nor $HOME is set: where should the configuration "
			   "go? Name it with csconsole --config FILE init ..."));
	return p;
}

static void print_next_steps(const char *shared, bool have_config)
{
	char *s = text_sanitize(shared, false);
	printf(_("\nNext steps:\n"));
	printf(_("  1. Have the CRM and analytics exports land in %s/feeds/: team.yaml,\n"
	       "     accounts.csv (or accounts.yaml) and metrics/*.csv (docs/feeds.md).\n"), s);
	printf(_("  2. csconsole import --check   see what they would do, changing nothing\n"));
	printf(_("  3. csconsole sync             import them and exchange the team's events\n"));
	printf(_("  4. csconsole                  open the console\n"));
	if (!have_config)
		printf(_("(Your configuration was not written: see above.)\n"));
	printf(_("Shell completions: csconsole completion bash|zsh|fish (make install puts them "
	       "in place).\n"));
	free(s);
}

/* Lays the layout out in shared. The exit status it calls for. */
static int lay_out(const char *shared, size_t *created)
{
	int rc = CS_EXIT_OK;
	*created = 0;
	for (size_t i = 0; i < ARRAY_SIZE(layout); i++) {
		int r = init_one(shared, &layout[i]);
		if (r < 0) {
			init_error("%s", error_message());
			rc = CS_EXIT_IO;
		} else if (r == 1) {
			(*created)++;
		} else if (r == 2 && rc == CS_EXIT_OK) {
			rc = CS_EXIT_PARTIAL;
		}
	}
	return rc;
}

int cmd_init(struct app *app, int argc, char **argv)
{
	static const struct option options[] = {
		{"shared", required_argument, NULL, 's'},
		{"me", required_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *given = NULL, *me = NULL;
	int opt;

	while ((opt = getopt_long(argc, argv, "s:m:h", options, NULL)) != -1) {
		switch (opt) {
		case 's': given = optarg; break;
		case 'm': me = optarg; break;
		case 'h': app_usage(stdout, init_usage, false); return CS_EXIT_OK;
		default:
			fprintf(stderr, _("Try 'csconsole init --help'.\n"));
			return CS_EXIT_USAGE;
		}
	}
	if (argc - optind > 1 || (given && optind < argc)) {
		init_error(_("unexpected argument \"%s\" (give the shared directory once: "
			   "csconsole init --shared DIR)"), argv[argc - 1]);
		return CS_EXIT_USAGE;
	}
	if (!given && optind < argc)
		given = argv[optind];
	/* `csconsole --me H init` too */
	if (!me && app->cfg.sources && app->cfg.sources[config_key_find("me")] == SRC_OPTION)
		me = app->cfg.me;

	/* The configuration: an existing one is kept (and must be valid); main()
	 * lets init run past configuration errors to write a named, missing one. */
	char *cfg_path = config_target(app);
	if (!cfg_path)
		return CS_EXIT_CONFIG;
	struct stat sb;
	bool cfg_exists = stat(cfg_path, &sb) == 0;
	if (cfg_exists && app->config_diags.errors) {
		diag_print(&app->config_diags, stderr);
		init_error(_("fix the configuration above first (or run 'csconsole doctor')"));
		free(cfg_path);
		return CS_EXIT_CONFIG;
	}
	if (!given)
		given = app->cfg.shared_dir;
	if (str_empty(given)) {
		init_error(_("which shared directory? Give it (csconsole init --shared "
			   "~/Dropbox/cs-team) or set shared_dir in %s"), cfg_path);
		free(cfg_path);
		return CS_EXIT_USAGE;
	}
	if (has_control(given) || (me && has_control(me))) {
		init_error(_("the shared directory and the handle cannot hold control characters"));
		free(cfg_path);
		return CS_EXIT_USAGE;
	}
	char *shared = path_expand_home(given);
	bool joined = has_dir(shared, "feeds") && has_dir(shared, "events");

	/* Every check before anything is written: the handle (when a new
	 * configuration needs one, or one was given) against the team. */
	struct strlist known = {0};
	char *asked = NULL;
	int rc = CS_EXIT_OK;
	bool need_handle = me || !cfg_exists;   /* a team.yaml that cannot be read matters only then */
	if (need_handle && team_handles(shared, &known) != 0) {
		init_error("%s", error_message());
		rc = CS_EXIT_IO;
	} else if (!cfg_exists && !me) {
		if (!isatty(STDIN_FILENO)) {
			char *list = strlist_join(&known, ", ");
			if (known.len)
				init_error(_("which CSM are you? Pass your handle with --me HANDLE (the team's "
					     "handles: %s)"), list);
			else
				init_error("%s", _("which CSM are you? Pass your handle with --me HANDLE"));
			free(list);
			rc = CS_EXIT_USAGE;
		} else if (!(me = asked = ask_handle(&known))) {
			init_error(_("no handle given: nothing done"));
			rc = CS_EXIT_USAGE;
		}
	}
	if (rc == CS_EXIT_OK && me && check_handle(me, &known) != 0) {
		init_error("%s", error_message());
		rc = CS_EXIT_USAGE;
	}
	if (rc != CS_EXIT_OK)
		goto out;

	if (path_mkdirs(shared, 0755) != 0) {
		init_error("%s", error_message());
		rc = CS_EXIT_IO;
		goto out;
	}
	size_t created;
	rc = lay_out(shared, &created);
	char *canon = path_canonical(shared);
	const char *abs = canon ? canon : shared;
	if (joined)
		say(created ? N_("joined the team's folder %s (added what it lacked)")
			    : N_("joined the team's folder %s: already set up (nothing changed)"), abs);
	else if (!created && rc == CS_EXIT_OK)
		say(N_("%s: already set up (nothing changed)"), abs);
	else
		say(N_("laid out the team's folder %s"), abs);

	bool have_config = true;
	if (cfg_exists) {
		char *mine = path_canonical(app->cfg.shared_dir ? app->cfg.shared_dir : "");
		if (str_empty(app->cfg.shared_dir) || !mine || !str_eq(mine, abs))
			if (str_empty(app->cfg.shared_dir))
				say(N_("%s exists and is left as it is: it sets no shared_dir. To use this folder, "
				       "set shared_dir: \"%s\" in it (or move the file away and run csconsole "
				       "init again to write a new one)"), cfg_path, abs);
			else
				say(N_("%s exists and is left as it is: it uses shared_dir %s. To use this "
				       "folder, set shared_dir: \"%s\" in it (or move the file away and run "
				       "csconsole init again to write a new one)"), cfg_path, app->cfg.shared_dir,
				    abs);
		else
			say(N_("%s exists and is left as it is (it already uses this folder, as %s)"),
			    cfg_path, app->cfg.me ? app->cfg.me : "?");
		if (me && !str_eq(me, app->cfg.me))
			say(N_("it says me: %s; to act as %s, set me: %s in it"), app->cfg.me ? app->cfg.me : "",
			    me, me);
		free(mine);
	} else if (path_is_within(app->cfg.database, abs)) {
		init_error(_("the database %s would lie inside the shared directory: set "
			   "$XDG_DATA_HOME to a local folder, or write the configuration yourself "
			   "with a database: outside it"), app->cfg.database);
		have_config = false;
		rc = CS_EXIT_CONFIG;
	} else if (write_config(cfg_path, me, abs, app->cfg.database) != 0) {
		init_error("%s", error_message());
		have_config = false;
		rc = CS_EXIT_IO;
	} else {
		say(N_("wrote %s: me: %s, shared_dir: %s, database: %s"), cfg_path, me, abs,
		    app->cfg.database);
	}
	print_next_steps(abs, have_config);
	free(canon);
out:
	free(asked);
	strlist_clear(&known);
	free(shared);
	free(cfg_path);
	return rc;
}
