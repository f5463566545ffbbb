/* yamldoc.h - YAML read with libyaml into small trees that remember line:col.
 *
 * Two ways in: ydoc_load_file() builds the whole document (the config file,
 * small feeds); ydoc_stream_file() hands over one element at a time of the
 * top-level sequences named in stream_keys (feeds with 100,000s of rows), so
 * memory stays bounded whatever the file size.
 *
 * Untrusted input: aliases and anchors are refused (no alias bombs), and
 * depth, node count and scalar size are limited; each refusal is a diag with
 * file:line:col. Only the first document of a stream is read.
 */
#ifndef CSCONSOLE_YAMLDOC_H
#define CSCONSOLE_YAMLDOC_H

#include <stdbool.h>
#include <stddef.h>
#include "csconsole/diag.h"

/* Also refused, as errors with file:line:col: a key repeated in one mapping;
 * a scalar holding a NUL; invalid UTF-8 (with the position of the bad
 * character); in ydoc_stream_file, a streamed key whose value is not a list
 * and a file whose root is not a mapping (an empty or "---"/"~" document is
 * fine and streams nothing). A document that is only "---" or "~" loads as
 * *root == NULL, like an empty file. */

enum ynode_type { YNODE_SCALAR, YNODE_MAP, YNODE_SEQ };

struct ynode {
	enum ynode_type type;
	unsigned line, col;        /* 1-based position of the node's start */
	char *scalar;              /* YNODE_SCALAR: the value, NUL-terminated */
	bool plain;                /* scalar written without quotes (so "null"/"~" mean null) */
	struct ynode **items;      /* MAP: key, value, key, value...; SEQ: elements */
	size_t len;                /* number of entries in items */
};

struct ylimits {
	size_t max_depth;          /* nesting levels, default 32 */
	size_t max_nodes;          /* per tree (per streamed item), default 1,000,000 */
	size_t max_scalar;         /* bytes, default 1 MiB */
};

/* Loads the first document of path. *root is NULL for an empty file.
 * Returns 0, or -1 after adding an error diag (file:line:col: message).
 * limits may be NULL for the defaults. Free with ynode_free(). */
int ydoc_load_file(const char *path, const struct ylimits *limits,
		   struct ynode **root, struct diag_list *diags);
/* The same from a memory buffer; `name` is used in messages. */
int ydoc_load_string(const char *name, const char *text, size_t len,
		     const struct ylimits *limits, struct ynode **root,
		     struct diag_list *diags);

struct ydoc_stream_ops {
	/* A top-level key whose value is not streamed (e.g. generated_at).
	 * The callee may keep `value` (then sets *keep = true) or it is freed. */
	int (*on_entry)(void *ctx, const char *key, struct ynode *value, bool *keep);
	/* One element of a streamed top-level sequence; freed after the call. */
	int (*on_item)(void *ctx, const char *key, const struct ynode *item);
};

/* Streams the first document of path, whose root must be a mapping. A
 * callback returning non-zero stops the parse and ydoc_stream_file returns -1
 * (the callback adds its own diag). Returns 0 or -1 with a diag. */
int ydoc_stream_file(const char *path, const char *const *stream_keys,
		     const struct ylimits *limits, const struct ydoc_stream_ops *ops,
		     void *ctx, struct diag_list *diags);

void ynode_free(struct ynode *node);
/* The value of key in a MAP node, or NULL (also NULL if node is not a MAP). */
const struct ynode *ynode_get(const struct ynode *map, const char *key);
/* True for a plain null scalar: empty, "~", "null", "Null", "NULL". */
bool ynode_is_null(const struct ynode *node);
/* The scalar text, or NULL when node is not a scalar. */
const char *ynode_str(const struct ynode *node);
/* Human name of the node type for messages: "a scalar", "a mapping", "a list". */
const char *ynode_kind(const struct ynode *node);

#endif
