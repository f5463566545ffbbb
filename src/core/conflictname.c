/* conflictname.c - conflict copies and merge leftovers by name (see
 * conflictname.h). One row per tool: its name and the matcher that knows
 * its naming; the order is the order of the checks.
 */
#include <stdlib.h>
#include <string.h>
#include "csconsole/conflictname.h"
#include "csconsole/util.h"

typedef bool (*exists_fn)(void *ctx, const char *name);

/* The extension of name ("" when none), pointing into name. */
static const char *ext_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	return dot && dot != name ? dot : name + strlen(name);
}

/* name without [cut, cut + len) */
static char *without(const char *name, const char *cut, size_t len)
{
	return xasprintf("%.*s%s", (int)(cut - name), name, cut + len);
}

/* Syncthing: "weekly.sync-conflict-20261122-101010-ABCDEFG.csv". */
static char *syncthing(const char *name, exists_fn exists, void *ctx)
{
	(void)exists, (void)ctx;
	const char *p = strstr(name, ".sync-conflict-");
	if (!p)
		return NULL;
	const char *end = strchr(p + 1, '.');
	return without(name, p, end ? (size_t)(end - p) : strlen(p));
}

/* The " (...)" group holding text, before the extension; NULL when none. */
static const char *paren_group(const char *name, const char *text, size_t *len)
{
	const char *p = strstr(name, text);
	if (!p)
		return NULL;
	const char *open = p, *close = strchr(p, ')');
	while (open > name && *open != '(')
		open--;
	if (*open != '(' || !close || open == name || open[-1] != ' ')
		return NULL;
	*len = (size_t)(close + 1 - (open - 1));
	return open - 1;
}

/* Nextcloud and ownCloud: "weekly (conflicted copy 2026-11-22 101010).csv";
 * the group starts with the words. */
static char *nextcloud(const char *name, exists_fn exists, void *ctx)
{
	(void)exists, (void)ctx;
	size_t len;
	const char *g = paren_group(name, "conflicted copy", &len);
	if (!g || strncmp(g, " (conflicted copy", 17) != 0)
		return NULL;
	return without(name, g, len);
}

/* Dropbox: "weekly (Jane's conflicted copy 2026-11-22).csv" (a name first). */
static char *dropbox(const char *name, exists_fn exists, void *ctx)
{
	(void)exists, (void)ctx;
	size_t len;
	const char *g = paren_group(name, "conflicted copy", &len);
	if (!g || strncmp(g, " (conflicted copy", 17) == 0)
		return NULL;
	return without(name, g, len);
}

/* Google Drive (and browsers): "weekly (1).csv". */
static char *gdrive(const char *name, exists_fn exists, void *ctx)
{
	(void)exists, (void)ctx;
	const char *ext = ext_of(name), *p = ext;
	if (p - name < 4 || p[-1] != ')')
		return NULL;
	p -= 2;
	if (!(*p >= '0' && *p <= '9'))
		return NULL;
	while (p > name && *p >= '0' && *p <= '9')
		p--;
	if (*p != '(' || p == name || p[-1] != ' ')
		return NULL;
	return without(name, p - 1, (size_t)(ext - (p - 1)));
}

/* OneDrive: "weekly-LAPTOP7.csv" beside "weekly.csv": the plain name plus
 * "-" and a computer name ([A-Za-z0-9-], at least one letter). Only when the
 * plain name exists, so "usage-eu.csv" alone is a feed of its own. */
static char *onedrive(const char *name, exists_fn exists, void *ctx)
{
	const char *ext = ext_of(name);
	if (!exists)
		return NULL;
	/* Each '-' may start the computer name (it may hold '-' itself). */
	for (const char *dash = strchr(name, '-'); dash && dash < ext; dash = strchr(dash + 1, '-')) {
		bool letter = false, ok = dash > name && dash + 1 < ext;
		for (const char *q = dash + 1; ok && q < ext; q++) {
			bool alpha = (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z');
			letter = letter || alpha;
			ok = alpha || (*q >= '0' && *q <= '9') || *q == '-';
		}
		if (!ok || !letter)
			continue;
		char *plain = without(name, dash, (size_t)(ext - dash));
		if (exists(ctx, plain))
			return plain;
		free(plain);
	}
	return NULL;
}

/* git: "weekly.csv.orig" (merge backup) and "weekly.csv.rej" (a rejected
 * patch hunk); git mergetool's "weekly_BASE_1234.csv", _LOCAL_, _REMOTE_,
 * _BACKUP_. */
static char *git(const char *name, exists_fn exists, void *ctx)
{
	static const char *const tails[] = { ".orig", ".rej" };
	static const char *const sides[] = { "_BASE_", "_LOCAL_", "_REMOTE_", "_BACKUP_" };
	(void)exists, (void)ctx;
	for (size_t i = 0; i < ARRAY_SIZE(tails); i++)
		if (str_ends_with(name, tails[i]) && strlen(name) > strlen(tails[i]))
			return xstrndup(name, strlen(name) - strlen(tails[i]));
	for (size_t i = 0; i < ARRAY_SIZE(sides); i++) {
		const char *p = strstr(name, sides[i]), *ext = ext_of(name), *q;
		if (!p || p == name)
			continue;
		for (q = p + strlen(sides[i]); q < ext && *q >= '0' && *q <= '9'; q++)
			;
		if (q == ext && q > p + strlen(sides[i]))
			return without(name, p, (size_t)(ext - p));
	}
	return NULL;
}

static const struct {
	const char *tool;
	char *(*match)(const char *name, exists_fn exists, void *ctx);
} rules[] = {
	{ "Syncthing", syncthing },
	{ "Nextcloud/ownCloud", nextcloud },
	{ "Dropbox", dropbox },
	{ "git", git },
	{ "Google Drive", gdrive },
	{ "OneDrive", onedrive },
};

bool conflictname_match(const char *name, bool (*exists)(void *ctx, const char *name),
			void *ctx, struct conflictname *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(rules); i++) {
		char *orig = rules[i].match(name, exists, ctx);
		if (orig) {
			out->tool = rules[i].tool;
			out->original = orig;
			return true;
		}
	}
	return false;
}

bool conflictname_marker(const char *p, size_t n)
{
	static const char *const marks[] = { "<<<<<<<", "=======", ">>>>>>>" };
	for (size_t i = 0; i < ARRAY_SIZE(marks); i++) {
		if (n < 7 || memcmp(p, marks[i], 7) != 0)
			continue;
		/* "=======" stands alone; the others carry a label after a space */
		if (n == 7 || p[7] == '\n' || p[7] == '\r')
			return true;
		if (i != 1 && p[7] == ' ')
			return true;
	}
	return false;
}
