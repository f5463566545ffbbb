/* yamldoc.c - libyaml events into small trees with line:col (see yamldoc.h).
 *
 * One event reader (next_event) refuses anchors, aliases, oversized scalars
 * and NUL characters for both entry points; one recursive builder turns the
 * events of a node into a tree under the depth and node-count limits. The
 * stream mode calls the builder once per element of a streamed sequence, so
 * only one element is in memory at a time.
 */
#include <errno.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>
#include "csconsole/i18n.h"
#include "csconsole/yamldoc.h"

#define YDOC_DEFAULT_DEPTH 32
#define YDOC_DEFAULT_NODES 1000000
#define YDOC_DEFAULT_SCALAR (1024 * 1024)

struct yreader {
	yaml_parser_t parser;
	const char *name;            /* file name for messages */
	struct ylimits lim;
	struct diag_list *diags;
	FILE *fp;                    /* file input (to locate reader errors) */
	const char *buf;             /* or memory input */
	size_t buf_len;
	size_t read_since_event;     /* bytes read from fp since the last event */
	size_t read_cap;             /* more than this without an event: refused */
	bool too_long;
	yaml_mark_t last_mark;       /* end of the last event */
};

/* libyaml holds a whole scalar (or comment) in memory before it emits an
 * event, so max_scalar alone would not bound memory: the reader stops once
 * far more than a scalar's worth of bytes has gone by without an event. */
static int read_input(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
	struct yreader *r = data;
	if (r->read_since_event > r->read_cap) {
		r->too_long = true;
		return 0;
	}
	*size_read = fread(buffer, 1, size, r->fp);
	r->read_since_event += *size_read;
	return !ferror(r->fp);
}

static void reader_init(struct yreader *r, const char *name, const struct ylimits *lim,
			struct diag_list *diags)
{
	memset(r, 0, sizeof(*r));
	r->name = name;
	r->diags = diags;
	if (lim)
		r->lim = *lim;
	if (!r->lim.max_depth)
		r->lim.max_depth = YDOC_DEFAULT_DEPTH;
	if (!r->lim.max_nodes)
		r->lim.max_nodes = YDOC_DEFAULT_NODES;
	if (!r->lim.max_scalar)
		r->lim.max_scalar = YDOC_DEFAULT_SCALAR;
	r->read_cap = r->lim.max_scalar > (SIZE_MAX - 65536) / 4 ? SIZE_MAX
		: r->lim.max_scalar * 4 + 65536;
}

static void diag_at(struct yreader *r, yaml_mark_t mark, const char *fmt, ...) PRINTF_LIKE(3, 4);
static void diag_at(struct yreader *r, yaml_mark_t mark, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(r->diags, DIAG_ERROR, r->name, (unsigned)mark.line + 1,
		  (unsigned)mark.column + 1, fmt, ap);
	va_end(ap);
}

/* Line and column (1-based, column in characters) of the character holding
 * byte `offset`. libyaml gives only the offset for encoding errors (found
 * before the scanner), and for a bad or missing trailing byte the offset of
 * that byte (in_sequence): the character starts at the lead byte before it. */
static void offset_position(struct yreader *r, size_t offset, bool in_sequence,
			    unsigned *line, unsigned *col)
{
	unsigned l = 1, c = 1, lead_line = 0, lead_col = 0;
	size_t lead_off = 0;
	int ch;

	if (r->fp && fseek(r->fp, 0, SEEK_SET) != 0) {
		*line = *col = 0;
		return;
	}
	for (size_t i = 0; i < offset; i++) {
		if (r->fp)
			ch = getc(r->fp);
		else
			ch = i < r->buf_len ? (unsigned char)r->buf[i] : EOF;
		if (ch == EOF)
			break;
		if (ch >= 0xC0) {
			lead_line = l, lead_col = c, lead_off = i;
		}
		if (ch == '\n')
			l++, c = 1;
		else if ((ch & 0xC0) != 0x80)
			c++;
	}
	if (in_sequence && lead_line && offset - lead_off <= 3) {
		*line = lead_line;
		*col = lead_col;
	} else {
		*line = l;
		*col = c;
	}
}

static void report_parser_error(struct yreader *r)
{
	yaml_parser_t *p = &r->parser;
	const char *problem = p->problem ? p->problem : _("unknown error");
	unsigned line, col;

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		die(_("out of memory while reading %s"), r->name);
	case YAML_READER_ERROR:
		if (r->too_long) {
			diag_at(r, r->last_mark, _("more than %zu bytes without a complete value "
				"(a value or comment far too long): the file is not a csconsole file "
				"or is damaged"), r->read_cap);
			break;
		}
		offset_position(r, p->problem_offset,
				strstr(problem, "trailing") || strstr(problem, "incomplete"), &line, &col);
		if (p->problem_value != -1)
			diag_add(r->diags, DIAG_ERROR, r->name, line, col,
				 _("%s (byte #x%02X at offset %zu): the file must be UTF-8 text"),
				 problem, (unsigned)p->problem_value & 0xFFu, p->problem_offset);
		else
			diag_add(r->diags, DIAG_ERROR, r->name, line, col,
				 _("%s at offset %zu: the file must be UTF-8 text"),
				 problem, p->problem_offset);
		break;
	default:
		if (p->context)
			diag_add(r->diags, DIAG_ERROR, r->name,
				 (unsigned)p->problem_mark.line + 1, (unsigned)p->problem_mark.column + 1,
				 _("YAML syntax: %s (%s started at line %u)"), problem, p->context,
				 (unsigned)p->context_mark.line + 1);
		else
			diag_add(r->diags, DIAG_ERROR, r->name,
				 (unsigned)p->problem_mark.line + 1, (unsigned)p->problem_mark.column + 1,
				 _("YAML syntax: %s"), problem);
		break;
	}
}

/* The next event, refusing what csconsole files never need. On -1 the event
 * is already freed and a diag added. */
static int next_event(struct yreader *r, yaml_event_t *ev)
{
	const yaml_char_t *anchor = NULL;

	if (!yaml_parser_parse(&r->parser, ev)) {
		report_parser_error(r);
		return -1;
	}
	r->read_since_event = 0;
	r->last_mark = ev->end_mark;
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		anchor = ev->data.alias.anchor;
		break;
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		break;
	default:
		return 0;
	}
	if (anchor || ev->type == YAML_ALIAS_EVENT) {
		diag_at(r, ev->start_mark, _("aliases and anchors are not allowed in csconsole files "
			"(write the value out in full)"));
		yaml_event_delete(ev);
		return -1;
	}
	if (ev->type == YAML_SCALAR_EVENT) {
		if (ev->data.scalar.length > r->lim.max_scalar) {
			diag_at(r, ev->start_mark, _("value too long (%zu bytes, at most %zu allowed)"),
				ev->data.scalar.length, r->lim.max_scalar);
			yaml_event_delete(ev);
			return -1;
		}
		if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length)) {
			diag_at(r, ev->start_mark, _("a NUL character is not allowed in a value"));
			yaml_event_delete(ev);
			return -1;
		}
	}
	return 0;
}

static struct ynode *node_new(enum ynode_type type, const yaml_event_t *ev)
{
	struct ynode *n = xcalloc(1, sizeof(*n));
	n->type = type;
	n->line = (unsigned)ev->start_mark.line + 1;
	n->col = (unsigned)ev->start_mark.column + 1;
	return n;
}

static void node_push(struct ynode *parent, struct ynode *child, size_t *cap)
{
	if (parent->len == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		parent->items = xreallocarray(parent->items, *cap, sizeof(*parent->items));
	}
	parent->items[parent->len++] = child;
}

static int cmp_key(const void *a, const void *b)
{
	const struct ynode *x = *(struct ynode *const *)a, *y = *(struct ynode *const *)b;
	int c = strcmp(x->scalar, y->scalar);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

/* Duplicate scalar keys make a mapping ambiguous (YAML forbids them); sorted
 * so that a mapping with many keys stays O(n log n). Reports the later one. */
static int check_duplicate_keys(struct yreader *r, const struct ynode *map)
{
	size_t n = 0, npairs = map->len / 2;
	struct ynode **keys;
	int rc = 0;

	if (npairs < 2)
		return 0;
	keys = xreallocarray(NULL, npairs, sizeof(*keys));
	for (size_t i = 0; i < map->len; i += 2)
		if (map->items[i]->type == YNODE_SCALAR)
			keys[n++] = map->items[i];
	qsort(keys, n, sizeof(*keys), cmp_key);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(keys[i - 1]->scalar, keys[i]->scalar) == 0) {
			diag_add(r->diags, DIAG_ERROR, r->name, keys[i]->line, keys[i]->col,
				 _("duplicate key \"%s\" (first at line %u): keep only one"),
				 keys[i]->scalar, keys[i - 1]->line);
			rc = -1;
			break;
		}
	}
	free(keys);
	return rc;
}

/* Builds the node that starts with *ev (consumed). depth = nesting level of
 * the node's parent; *count = nodes built so far in this tree. */
static int build_node(struct yreader *r, yaml_event_t *ev, size_t depth, size_t *count,
		      struct ynode **out)
{
	struct ynode *n;
	yaml_event_type_t end;
	size_t cap = 0;

	*out = NULL;
	if (++*count > r->lim.max_nodes) {
		diag_at(r, ev->start_mark, _("too many values (more than %zu in one item)"),
			r->lim.max_nodes);
		yaml_event_delete(ev);
		return -1;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = node_new(YNODE_SCALAR, ev);
		n->scalar = xstrndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		yaml_event_delete(ev);
		*out = n;
		return 0;
	case YAML_SEQUENCE_START_EVENT:
		n = node_new(YNODE_SEQ, ev);
		end = YAML_SEQUENCE_END_EVENT;
		break;
	case YAML_MAPPING_START_EVENT:
		n = node_new(YNODE_MAP, ev);
		end = YAML_MAPPING_END_EVENT;
		break;
	default:
		diag_at(r, ev->start_mark, _("unexpected YAML event %d"), (int)ev->type);
		yaml_event_delete(ev);
		return -1;
	}
	if (depth + 1 > r->lim.max_depth) {
		diag_at(r, ev->start_mark, _("nested too deeply (more than %zu levels)"),
			r->lim.max_depth);
		yaml_event_delete(ev);
		free(n);
		return -1;
	}
	yaml_event_delete(ev);
	for (;;) {
		yaml_event_t child_ev;
		struct ynode *child;
		if (next_event(r, &child_ev) != 0)
			goto fail;
		if (child_ev.type == end) {
			yaml_event_delete(&child_ev);
			break;
		}
		if (build_node(r, &child_ev, depth + 1, count, &child) != 0)
			goto fail;
		node_push(n, child, &cap);
	}
	if (n->type == YNODE_MAP && check_duplicate_keys(r, n) != 0)
		goto fail;
	*out = n;
	return 0;
fail:
	ynode_free(n);
	return -1;
}

/* Reads STREAM-START and DOCUMENT-START. Returns 1 if a document follows,
 * 0 for an empty stream, -1 on error. */
static int open_document(struct yreader *r)
{
	yaml_event_t ev;
	if (next_event(r, &ev) != 0)
		return -1;
	yaml_event_delete(&ev);                 /* STREAM-START */
	if (next_event(r, &ev) != 0)
		return -1;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		return 0;
	}
	yaml_event_delete(&ev);                 /* DOCUMENT-START */
	return 1;
}

/* Reads DOCUMENT-END, so trailing junk after the root is a syntax error. */
static int close_document(struct yreader *r)
{
	yaml_event_t ev;
	if (next_event(r, &ev) != 0)
		return -1;
	yaml_event_delete(&ev);
	return 0;
}

static int load(struct yreader *r, struct ynode **root)
{
	yaml_event_t ev;
	size_t count = 0;
	int rc = open_document(r);

	*root = NULL;
	if (rc <= 0)
		return rc;
	if (next_event(r, &ev) != 0 || build_node(r, &ev, 0, &count, root) != 0)
		return -1;
	if (close_document(r) != 0) {
		ynode_free(*root);
		*root = NULL;
		return -1;
	}
	/* A document of only "---" or "~" is as empty as an empty file. */
	if ((*root)->type == YNODE_SCALAR && ynode_is_null(*root)) {
		ynode_free(*root);
		*root = NULL;
	}
	return 0;
}

/* Opens path for reading as a regular file; NULL after a diag. */
static FILE *open_input(const char *path, struct diag_list *diags)
{
	struct stat st;
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, _("cannot open: %s"), strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
		diag_add(diags, DIAG_ERROR, path, 0, 0, _("not a regular file"));
		fclose(fp);
		return NULL;
	}
	return fp;
}

/* A reader over a file, with its parser ready: 0, or -1 with a diag. */
static int reader_open_file(struct yreader *r, const char *path, const struct ylimits *limits,
			    struct diag_list *diags)
{
	reader_init(r, path, limits, diags);
	if (!(r->fp = open_input(path, diags)))
		return -1;
	if (!yaml_parser_initialize(&r->parser))
		die(_("out of memory initialising the YAML parser"));
	yaml_parser_set_input(&r->parser, read_input, r);
	return 0;
}

int ydoc_load_file(const char *path, const struct ylimits *limits,
		   struct ynode **root, struct diag_list *diags)
{
	struct yreader r;
	int rc;

	*root = NULL;
	if (reader_open_file(&r, path, limits, diags))
		return -1;
	rc = load(&r, root);
	yaml_parser_delete(&r.parser);
	fclose(r.fp);
	return rc;
}

int ydoc_load_string(const char *name, const char *text, size_t len,
		     const struct ylimits *limits, struct ynode **root,
		     struct diag_list *diags)
{
	struct yreader r;
	int rc;

	*root = NULL;
	reader_init(&r, name, limits, diags);
	r.buf = text;
	r.buf_len = len;
	if (!yaml_parser_initialize(&r.parser))
		die(_("out of memory initialising the YAML parser"));
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)text, len);
	rc = load(&r, root);
	yaml_parser_delete(&r.parser);
	return rc;
}

static bool is_stream_key(const char *const *keys, const char *key)
{
	for (; keys && *keys; keys++)
		if (strcmp(*keys, key) == 0)
			return true;
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The top-level mapping of a streamed document, one key at a time.
 * seen: a tsearch tree of the keys so far (duplicates are refused). */
static int stream_entries(struct yreader *r, const char *const *stream_keys,
			  const struct ydoc_stream_ops *ops, void *ctx, void **seen)
{
	for (;;) {
		yaml_event_t ev;
		struct ynode *value;
		size_t count = 0;
		char *key;
		unsigned key_line;

		if (next_event(r, &ev) != 0)
			return -1;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return 0;
		}
		if (ev.type != YAML_SCALAR_EVENT) {
			diag_at(r, ev.start_mark, _("a top-level key must be a plain name, not %s"),
				ev.type == YAML_SEQUENCE_START_EVENT ? _("a list") : _("a mapping"));
			yaml_event_delete(&ev);
			return -1;
		}
		key = xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
		key_line = (unsigned)ev.start_mark.line + 1;
		char **slot = tsearch(key, seen, cmp_str);
		if (!slot)
			die(_("out of memory reading %s"), r->name);
		if (*slot != key) {
			diag_at(r, ev.start_mark, _("duplicate key \"%s\": keep only one"), key);
			free(key);
			yaml_event_delete(&ev);
			return -1;
		}
		yaml_event_delete(&ev);

		if (next_event(r, &ev) != 0)
			return -1;
		if (is_stream_key(stream_keys, key)) {
			if (ev.type != YAML_SEQUENCE_START_EVENT) {
				diag_at(r, ev.start_mark, _("\"%s\" (line %u) must be a list"), key, key_line);
				yaml_event_delete(&ev);
				return -1;
			}
			yaml_event_delete(&ev);
			for (;;) {
				struct ynode *item;
				int cb;
				if (next_event(r, &ev) != 0)
					return -1;
				if (ev.type == YAML_SEQUENCE_END_EVENT) {
					yaml_event_delete(&ev);
					break;
				}
				count = 0;
				/* Depth 2: the root mapping and the streamed list. */
				if (build_node(r, &ev, 2, &count, &item) != 0)
					return -1;
				cb = ops->on_item ? ops->on_item(ctx, key, item) : 0;
				ynode_free(item);
				if (cb != 0)
					return -1;
			}
			continue;
		}
		if (build_node(r, &ev, 1, &count, &value) != 0)
			return -1;
		bool keep = false;
		int cb = ops->on_entry ? ops->on_entry(ctx, key, value, &keep) : 0;
		if (!keep)
			ynode_free(value);
		if (cb != 0)
			return -1;
	}
}

int ydoc_stream_file(const char *path, const char *const *stream_keys,
		     const struct ylimits *limits, const struct ydoc_stream_ops *ops,
		     void *ctx, struct diag_list *diags)
{
	struct yreader r;
	yaml_event_t ev;
	void *seen = NULL;
	int rc;

	if (reader_open_file(&r, path, limits, diags))
		return -1;

	rc = open_document(&r);
	if (rc <= 0)
		goto out;
	rc = -1;
	if (next_event(&r, &ev) != 0)
		goto out;
	if (ev.type == YAML_SCALAR_EVENT) {
		/* A document of only "---" or "~" is empty; other text is not a mapping. */
		struct ynode *scalar;
		size_t count = 0;
		yaml_mark_t mark = ev.start_mark;
		if (build_node(&r, &ev, 0, &count, &scalar) != 0)
			goto out;
		if (ynode_is_null(scalar))
			rc = close_document(&r);
		else
			diag_at(&r, mark, _("the file must be a mapping of keys to values, not a single value"));
		ynode_free(scalar);
		goto out;
	}
	if (ev.type != YAML_MAPPING_START_EVENT) {
		diag_at(&r, ev.start_mark, _("the file must be a mapping of keys to values, not a list"));
		yaml_event_delete(&ev);
		goto out;
	}
	yaml_event_delete(&ev);
	if (stream_entries(&r, stream_keys, ops, ctx, &seen) == 0)
		rc = close_document(&r);
out:
	tdestroy(seen, free);
	yaml_parser_delete(&r.parser);
	fclose(r.fp);
	return rc;
}

void ynode_free(struct ynode *node)
{
	if (!node)
		return;
	for (size_t i = 0; i < node->len; i++)
		ynode_free(node->items[i]);
	free(node->items);
	free(node->scalar);
	free(node);
}

const struct ynode *ynode_get(const struct ynode *map, const char *key)
{
	if (!map || map->type != YNODE_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < map->len; i += 2) {
		const struct ynode *k = map->items[i];
		if (k->type == YNODE_SCALAR && strcmp(k->scalar, key) == 0)
			return map->items[i + 1];
	}
	return NULL;
}

bool ynode_is_null(const struct ynode *node)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };
	if (!node || node->type != YNODE_SCALAR || !node->plain)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(nulls); i++)
		if (strcmp(node->scalar, nulls[i]) == 0)
			return true;
	return false;
}

const char *ynode_str(const struct ynode *node)
{
	return node && node->type == YNODE_SCALAR ? node->scalar : NULL;
}

const char *ynode_kind(const struct ynode *node)
{
	if (!node)
		return _("nothing");
	switch (node->type) {
	case YNODE_SCALAR:
		return _("a scalar");
	case YNODE_MAP:
		return _("a mapping");
	case YNODE_SEQ:
		return _("a list");
	}
	return _("a value");
}
