/* conflictname.h - the names sync tools and git give to conflict copies and
 * merge leftovers, in one table (conflictname.c), so that every reader of
 * the shared directory (the feed import today, the segment ingest later)
 * recognizes the same ones.
 *
 * A conflict copy is never a file to read: the copy is one side of an edit
 * that a sync tool could not merge, and usually the older one.
 */
#ifndef CSCONSOLE_CONFLICTNAME_H
#define CSCONSOLE_CONFLICTNAME_H

#include <stdbool.h>
#include <stddef.h>

struct conflictname {
	const char *tool;       /* "Syncthing", "Dropbox", ... (static) */
	char *original;         /* the name the copy was made from (caller frees) */
};

/* Whether the file name `name` (no folder) is a conflict copy or a merge
 * leftover. exists(ctx, other) tells whether another file of the same
 * folder exists: OneDrive's "name-HOST.ext" only counts when the plain
 * name is there. On true, *out
 * is filled (free out->original); exists may be NULL (then that rule
 * never matches). */
bool conflictname_match(const char *name, bool (*exists)(void *ctx, const char *name),
			void *ctx, struct conflictname *out);

/* Whether the line starting at p (n bytes available, n may be less than a
 * line) is a git merge conflict marker: "<<<<<<< ...", "=======" alone on
 * its line, or ">>>>>>> ...". */
bool conflictname_marker(const char *p, size_t n);
/* Bytes conflictname_marker() needs to decide (a marker line's prefix). */
#define CONFLICT_MARKER_LEN 8

#endif
