/* cmd_init.c - `csconsole init [SHARED]`: lays out a team's shared directory.
 *
 * The layout (docs/sync.md): feeds/ and feeds/metrics/ for the exports,
 * events/ for the segments, tmp/ for segments being written; and three small
 * files that keep the sync tools from harming them: .gitattributes (git must
 * not convert segments' line endings), .gitignore (tmp/ is never committed)
 * and .stignore (Syncthing skips tmp/ and its own conflict copies).
 *
 * Idempotent: what exists is left alone. A file the user changed is never
 * overwritten; if it lacks the one line csconsole needs, init says which
 * (exit 1). The layout is a table, so more entries (CRM presets) can join.
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
#include "csconsole/text.h"

static const char init_usage[] =
	"usage: csconsole init [SHARED]\n"
	"\n"
	"Lays out the team's shared directory SHARED (default: shared_dir from the\n"
	"configuration), creating what is missing:\n"
	"  feeds/, feeds/metrics/   the CRM and product exports (docs/feeds.md)\n"
	"  events/, tmp/            the team's event segments, and those being written\n"
	"  .gitattributes           events/** -text, feeds/** -text: git must not\n"
	"                           convert line endings (core.autocrlf)\n"
	"  .gitignore               tmp/ is never committed\n"
	"  .stignore                Syncthing skips tmp/ and its conflict copies\n"
	"Run again, it changes nothing. A file that exists is never overwritten; when\n"
	"it lacks the line csconsole needs, init says which (exit status 1).\n";

struct init_entry {
	const char *path;            /* relative to the shared directory */
	const char *content;         /* NULL: a directory */
	const char *needed;          /* the line a user's version must hold */
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
	  "tmp/\n",
	  "tmp/" },
	{ ".stignore",
	  "// csconsole: segments still being written, and Syncthing's conflict copies\n"
	  "tmp\n"
	  "*.sync-conflict-*\n",
	  "tmp" },
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
		return error("cannot create %s: %s", path, strerror(errno));
	size_t len = strlen(content);
	if (write(fd, content, len) != (ssize_t)len || fsync(fd) != 0) {
		int e = errno;
		close(fd);
		unlink(path);
		return error("cannot write %s: %s", path, strerror(e));
	}
	return close(fd) == 0 ? 0 : error("cannot write %s: %s", path, strerror(errno));
}

/* Prints one line, sanitized (paths come from the command line). */
static void say(const char *fmt, ...) PRINTF_LIKE(1, 2);
static void say(const char *fmt, ...)
{
	struct sbuf b = {0};
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	char *clean = text_sanitize(sbuf_str(&b), false);
	printf("%s\n", clean);
	free(clean);
	sbuf_free(&b);
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
			say("created %s/", path);
			rc = 1;
		} else
			rc = -1;
	} else if (lstat(path, &sb) != 0) {
		if (create_file(path, e->content) == 0) {
			say("created %s", path);
			rc = 1;
		} else
			rc = -1;
	} else if (!file_equals(path, e->content)) {
		if (S_ISREG(sb.st_mode) && file_has_line(path, e->needed)) {
			say("%s: left as it is (it was changed; it has what csconsole needs)", path);
		} else {
			say("%s: left as it is, but it lacks the line \"%s\": add it", path, e->needed);
			rc = 2;
		}
	}
	free(path);
	return rc;
}

int cmd_init(struct app *app, int argc, char **argv)
{
	static const struct option options[] = {
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'h': fputs(init_usage, stdout); return CS_EXIT_OK;
		default:
			fprintf(stderr, "Try 'csconsole init --help'.\n");
			return CS_EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		char *clean = text_sanitize(argv[optind + 1], false);
		fprintf(stderr, "csconsole init: unexpected argument \"%s\"\n", clean);
		free(clean);
		return CS_EXIT_USAGE;
	}
	const char *given = optind < argc ? argv[optind] : app->cfg.shared_dir;
	if (str_empty(given)) {
		fprintf(stderr, "csconsole init: which shared directory? Give it (csconsole init "
			"~/Dropbox/cs-team) or set shared_dir in %s\n",
			app->cfg.file ? app->cfg.file : "the configuration (csconsole doctor shows where)");
		return CS_EXIT_USAGE;
	}
	char *shared = path_expand_home(given);
	if (path_mkdirs(shared, 0755) != 0) {
		char *msg = text_sanitize(error_message(), false);
		fprintf(stderr, "csconsole init: %s\n", msg);
		free(msg);
		free(shared);
		return CS_EXIT_IO;
	}
	int rc = CS_EXIT_OK;
	size_t created = 0;
	for (size_t i = 0; i < ARRAY_SIZE(layout); i++) {
		int r = init_one(shared, &layout[i]);
		if (r < 0) {
			char *msg = text_sanitize(error_message(), false);
			fprintf(stderr, "csconsole init: %s\n", msg);
			free(msg);
			rc = CS_EXIT_IO;
		} else if (r == 1) {
			created++;
		} else if (r == 2 && rc == CS_EXIT_OK) {
			rc = CS_EXIT_PARTIAL;
		}
	}
	if (!created && rc == CS_EXIT_OK)
		say("%s: already set up (nothing changed)", shared);
	free(shared);
	return rc;
}
