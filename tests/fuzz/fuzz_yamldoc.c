/* fuzz_yamldoc.c - the YAML reader (yamldoc.c) on arbitrary bytes.
 *
 * Each input is loaded from memory and from a file (the two trees must be
 * equal), then streamed with the feeds' list keys; when both the load and the
 * stream succeed, the streamed items must equal the loaded tree's elements of
 * those keys, in order. Every tree is walked: positions are 1-based, a
 * mapping has key/value pairs, scalars are NUL-free UTF-8 of at most the
 * limit, a scalar key is found by ynode_get (keys that are lists or mappings
 * are YAML's complex keys: kept, never found), nesting stays within the
 * depth limit. Small limits so that the refusals (depth, nodes, scalar size) are reached too.
 */
#include "fuzz.h"
#include "csconsole/text.h"
#include "csconsole/yamldoc.h"

static const struct ylimits limits = { .max_depth = 8, .max_nodes = 2000, .max_scalar = 4096 };
static const char *const stream_keys[] = { "accounts", "metrics", "csms", NULL };

static void walk(const struct ynode *n, size_t depth, struct sbuf *out)
{
	FUZZ_CHECK(n != NULL, "a NULL node in a tree");
	FUZZ_CHECK(depth <= limits.max_depth + 1, "depth %zu over the limit", depth);
	FUZZ_CHECK(n->line >= 1 && n->col >= 1, "position %u:%u", n->line, n->col);
	switch (n->type) {
	case YNODE_SCALAR: {
		FUZZ_CHECK(n->scalar != NULL, "a scalar without text");
		size_t len = strlen(n->scalar);
		FUZZ_CHECK(len <= limits.max_scalar, "scalar of %zu bytes", len);
		FUZZ_CHECK(utf8_valid(n->scalar, len, NULL), "a scalar that is not UTF-8");
		FUZZ_CHECK(ynode_str(n) == n->scalar, "ynode_str");
		(void)ynode_is_null(n);
		sbuf_addf(out, "S%d%zu:%s", n->plain, len, n->scalar);
		break;
	}
	case YNODE_MAP:
		FUZZ_CHECK(n->len % 2 == 0, "a mapping of %zu items", n->len);
		sbuf_addf(out, "M%zu{", n->len);
		for (size_t i = 0; i < n->len; i += 2) {
			/* a repeated scalar key is refused, so the lookup finds this
			 * pair (a key that is a list or mapping is kept, never found) */
			if (n->items[i]->type == YNODE_SCALAR)
				FUZZ_CHECK(ynode_get(n, n->items[i]->scalar) == n->items[i + 1],
					   "ynode_get(\"%s\") finds another value", n->items[i]->scalar);
			walk(n->items[i], depth + 1, out);
			walk(n->items[i + 1], depth + 1, out);
		}
		sbuf_adds(out, "}");
		break;
	case YNODE_SEQ:
		sbuf_addf(out, "Q%zu[", n->len);
		for (size_t i = 0; i < n->len; i++)
			walk(n->items[i], depth + 1, out);
		sbuf_adds(out, "]");
		break;
	default:
		FUZZ_CHECK(0, "node type %d", (int)n->type);
	}
}

struct stream {
	struct sbuf items;           /* every streamed item, in order */
	size_t n;
};

static int on_entry(void *ctx, const char *key, struct ynode *value, bool *keep)
{
	(void)ctx;
	FUZZ_CHECK(key != NULL, "an entry without a key");
	if (value) {
		struct sbuf t = { 0 };
		walk(value, 2, &t);
		sbuf_free(&t);
	}
	*keep = false;
	return 0;
}

static int on_item(void *ctx, const char *key, const struct ynode *item)
{
	struct stream *s = ctx;
	bool known = false;
	for (size_t i = 0; stream_keys[i]; i++)
		known |= strcmp(key, stream_keys[i]) == 0;
	FUZZ_CHECK(known, "an item of key \"%s\", which is not streamed", key);
	sbuf_addf(&s->items, "%s=", key);
	walk(item, 2, &s->items);
	sbuf_adds(&s->items, ";");
	s->n++;
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list d1 = { 0 }, d2 = { 0 }, d3 = { 0 };
	struct ynode *r1 = NULL, *r2 = NULL;
	struct sbuf t1 = { 0 }, t2 = { 0 };
	const char *p = fuzz_write("in.yaml", data, size);
	char path[PATH_MAX];
	str_format(path, sizeof(path), "%s", p);

	int rc1 = ydoc_load_string("in.yaml", (const char *)data, size, &limits, &r1, &d1);
	int rc2 = ydoc_load_file(path, &limits, &r2, &d2);
	FUZZ_CHECK(rc1 == rc2, "load from memory %d, from a file %d", rc1, rc2);
	if (rc1)
		FUZZ_CHECK(d1.errors > 0 && d2.errors > 0, "-1 without an error diag");
	if (r1)
		walk(r1, 1, &t1);
	if (r2)
		walk(r2, 1, &t2);
	FUZZ_CHECK((t1.data == NULL) == (t2.data == NULL) && (!t1.data || strcmp(t1.data, t2.data) == 0),
		   "the trees from memory and from a file differ");

	struct stream s = { 0 };
	struct ydoc_stream_ops ops = { .on_entry = on_entry, .on_item = on_item };
	int rc3 = ydoc_stream_file(path, stream_keys, &limits, &ops, &s, &d3);
	if (rc3)
		FUZZ_CHECK(d3.errors > 0, "stream: -1 without an error diag");
	if (rc1 == 0 && rc3 == 0 && r1 && r1->type == YNODE_MAP) {
		struct sbuf want = { 0 };
		for (size_t i = 0; i < r1->len; i += 2)
			for (size_t k = 0; stream_keys[k]; k++)
				if (r1->items[i]->type == YNODE_SCALAR &&
				    strcmp(r1->items[i]->scalar, stream_keys[k]) == 0 &&
				    r1->items[i + 1]->type == YNODE_SEQ)
					for (size_t j = 0; j < r1->items[i + 1]->len; j++) {
						sbuf_addf(&want, "%s=", stream_keys[k]);
						walk(r1->items[i + 1]->items[j], 2, &want);
						sbuf_adds(&want, ";");
					}
		FUZZ_CHECK((want.data == NULL) == (s.items.data == NULL) &&
			   (!want.data || strcmp(want.data, s.items.data) == 0),
			   "streamed items differ from the loaded tree's");
		sbuf_free(&want);
	}
	sbuf_free(&s.items);
	sbuf_free(&t1);
	sbuf_free(&t2);
	ynode_free(r1);
	ynode_free(r2);
	diag_clear(&d1);
	diag_clear(&d2);
	diag_clear(&d3);
	return 0;
}
