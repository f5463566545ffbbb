/* csvread.c - CSV files with line numbers and named columns, over libcsv.
 *
 * libcsv does not count lines, so the input is cut at each '\n' and fed one
 * line at a time: before a line is fed, a parser that has no row under way
 * (pstate 0, libcsv's ROW_NOT_BEGUN) means a new row starts on that line; a
 * quoted field spanning lines keeps the row under way, so the row keeps the
 * line it started on and the rows after it still get their true lines.
 * (pstate and quoted are fields of libcsv's public struct csv_parser; the
 * state numbers are libcsv 3's and tests/unit/test_csvread.c checks them.)
 */
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "csconsole/csvread.h"
#include "csconsole/date.h"
#include "csconsole/i18n.h"
#include "csconsole/text.h"
#include "csconsole/textenc.h"

#define READ_CHUNK (256u * 1024u)
#define MAX_FIELDS 4096u
#define FIRST_LINE_MAX 4096u

struct reader {
	const struct csvread_spec *spec;
	struct csvread_info *info;
	struct csv_parser parser;
	size_t max_field;
	unsigned line;              /* the line being fed */
	unsigned row_start;         /* the line the current row started on */
	bool first_line_done;       /* BOM and "# generated_at" handled */
	struct sbuf first;          /* the first line, gathered across chunks */
	bool header_done;
	bool delim_decided;         /* comma or TAB, from the header line */
	bool stop;                  /* a callback asked to stop, or an error */

	/* The row being assembled: fields packed in arena, NUL after each. */
	struct sbuf arena;
	size_t *off, *flen;
	size_t nf, capf;
	bool too_many;

	int *colmap;                /* wanted column -> file column, or -1 */
	const char **val;
	size_t *len;
	size_t nheader;
	char **hdr;                 /* the header's fields as written (nheader) */
	const char **names;         /* wanted column -> its header name, or NULL */
};

void csvread_normalize(const char *name, size_t len, char *out, size_t size)
{
	size_t o = 0;
	bool sep = false;
	if (size == 0)
		return;
	while (len && (*name == ' ' || *name == '\t')) {
		name++;
		len--;
	}
	while (len && (name[len - 1] == ' ' || name[len - 1] == '\t'))
		len--;
	for (size_t i = 0; i < len && o + 1 < size; i++) {
		char c = name[i];
		if (c == ' ' || c == '-' || c == '\t' || c == '_') {
			sep = true;
			continue;
		}
		if (sep && o > 0 && o + 2 < size)
			out[o++] = '_';
		sep = false;
		out[o++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	out[o] = '\0';
}

static void fail(struct reader *r, unsigned line, const char *fmt, ...) PRINTF_LIKE(3, 4);
static void fail(struct reader *r, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(r->spec->diags, DIAG_ERROR, r->spec->name, line, 0, fmt, ap);
	va_end(ap);
	r->stop = true;
}

static const char *cols_list(const struct csvread_spec *spec, struct sbuf *b)
{
	for (size_t i = 0; i < spec->ncols; i++)
		sbuf_addf(b, "%s%s", i ? ", " : "", spec->cols[i].name);
	return sbuf_str(b);
}

/* The header's names, quoted, for a message ("a", "b", ...), at most 24. */
static const char *header_list(const struct reader *r, struct sbuf *b)
{
	size_t shown = 0;
	for (size_t c = 0; c < r->nf; c++) {
		if (r->flen[c] == 0)
			continue;
		if (shown == 24) {
			sbuf_addf(b, _(", ... (%zu columns)"), r->nf);
			break;
		}
		sbuf_addf(b, "%s\"%s\"", shown++ ? ", " : "", r->arena.data + r->off[c]);
	}
	return shown ? sbuf_str(b) : _("nothing");
}

/* The first header column named `want` (normalised) that no column took, or -1;
 * *twice set when another column has the same name. */
static int find_header(char **names, size_t n, const int *taken_by, const char *want, int *twice)
{
	int found = -1;
	*twice = -1;
	for (size_t c = 0; c < n; c++) {
		if (strcmp(names[c], want) != 0)
			continue;
		if (found < 0 && taken_by[c] < 0)
			found = (int)c;
		else if (found >= 0 && *twice < 0)
			*twice = (int)c;
	}
	return found;
}

static void take(struct reader *r, int *taken_by, size_t i, int c, int twice)
{
	if (twice >= 0 && !r->stop)
		fail(r, r->row_start, _("column \"%s\" appears twice in the header (columns %d and %d): "
		     "keep one of them"), r->arena.data + r->off[c], c + 1, twice + 1);
	r->colmap[i] = c;
	taken_by[c] = (int)i;
}

/* Which file column each wanted column reads: the user's mapping first, then
 * the other aliases in order, then the column's own name. */
static void resolve_columns(struct reader *r, char **names, int *taken_by)
{
	const struct csvread_spec *spec = r->spec;
	char want[128];
	int twice;

	for (size_t a = 0; a < spec->naliases; a++) {
		const struct csvread_alias *al = &spec->aliases[a];
		if (!al->only || al->col >= spec->ncols || r->colmap[al->col] >= 0)
			continue;
		csvread_normalize(al->header, strlen(al->header), want, sizeof(want));
		int c = find_header(names, r->nf, taken_by, want, &twice);
		if (c >= 0)
			take(r, taken_by, al->col, c, twice);
	}
	for (size_t i = 0; i < spec->ncols; i++) {
		bool only = false;
		for (size_t a = 0; a < spec->naliases; a++)
			only |= spec->aliases[a].col == i && spec->aliases[a].only;
		for (size_t a = 0; a < spec->naliases && !only && r->colmap[i] < 0; a++) {
			if (spec->aliases[a].col != i)
				continue;
			csvread_normalize(spec->aliases[a].header, strlen(spec->aliases[a].header),
					  want, sizeof(want));
			int c = find_header(names, r->nf, taken_by, want, &twice);
			if (c >= 0)
				take(r, taken_by, i, c, twice);
		}
		if (!only && r->colmap[i] < 0) {
			int c = find_header(names, r->nf, taken_by, spec->cols[i].name, &twice);
			if (c >= 0)
				take(r, taken_by, i, c, twice);
		}
	}
}

/* The user's header for column i, or NULL. */
static const char *user_header(const struct csvread_spec *spec, size_t i)
{
	for (size_t a = 0; a < spec->naliases; a++)
		if (spec->aliases[a].col == i && spec->aliases[a].only)
			return spec->aliases[a].header;
	return NULL;
}

static void missing_column(struct reader *r, size_t i)
{
	const struct csvread_spec *spec = r->spec;
	const char *field = spec->cols[i].name, *mine = user_header(spec, i);
	struct sbuf have = {0}, known = {0};
	enum diag_severity level = spec->cols[i].required ? DIAG_ERROR : DIAG_WARNING;

	if (mine)
		diag_add(spec->diags, level, spec->name, r->row_start, 0, _("no column \"%s\" for "
			 "\"%s\" (%s.%s): the header has %s; fix the mapping"), mine, field,
			 spec->map_key ? spec->map_key : _("the mapping"), field, header_list(r, &have));
	else if (spec->map_key)
		diag_add(spec->diags, level, spec->name, r->row_start, 0, _("no column for \"%s\": "
			 "add %s.%s: \"<your header>\" (the header has %s)"), field, spec->map_key,
			 field, header_list(r, &have));
	else
		diag_add(spec->diags, level, spec->name, r->row_start, 0, _("the header lacks the "
			 "required column %s: add it (the columns of this feed are: %s)"), field,
			 cols_list(spec, &known));
	if (level == DIAG_ERROR)
		r->stop = true;
	sbuf_free(&have);
	sbuf_free(&known);
}

static void on_header(struct reader *r)
{
	const struct csvread_spec *spec = r->spec;
	char **names = xcalloc(r->nf ? r->nf : 1, sizeof(*names));
	int *taken_by = xmalloc((r->nf ? r->nf : 1) * sizeof(*taken_by));
	const char **unmapped = xcalloc(r->nf ? r->nf : 1, sizeof(*unmapped));
	size_t nunmapped = 0;
	char name[128];

	r->nheader = r->nf;
	r->info->header_line = r->row_start;
	for (size_t c = 0; c < r->nf; c++) {
		csvread_normalize(r->arena.data + r->off[c], r->flen[c], name, sizeof(name));
		names[c] = xstrdup(name);
		taken_by[c] = -1;
	}
	resolve_columns(r, names, taken_by);
	bool twice = r->stop;   /* every missing column is named at once */
	for (size_t i = 0; i < spec->ncols && !twice; i++)
		if (r->colmap[i] < 0 && (spec->cols[i].required || user_header(spec, i)))
			missing_column(r, i);
	for (size_t c = 0; c < r->nf; c++)
		if (taken_by[c] < 0 && names[c][0] != '\0')   /* unnamed: Excel's trailing commas */
			unmapped[nunmapped++] = r->arena.data + r->off[c];
	r->header_done = true;
	r->info->colmap = r->colmap;
	r->info->unmapped = unmapped;
	r->info->nunmapped = nunmapped;
	if (!r->stop && spec->on_header && spec->on_header(spec->ctx, r->info) != 0)
		r->stop = true;
	r->info->unmapped = NULL;
	r->info->nunmapped = 0;
	for (size_t c = 0; c < r->nf; c++)
		free(names[c]);
	free(names);
	free(taken_by);
	free(unmapped);
}

static void on_field(void *data, size_t len, void *ctx)
{
	struct reader *r = ctx;
	if (r->stop)
		return;
	if (r->nf == r->capf) {
		if (r->capf >= MAX_FIELDS) {
			r->too_many = true;
			return;
		}
		r->capf = r->capf ? r->capf * 2 : 16;
		r->off = xreallocarray(r->off, r->capf, sizeof(*r->off));
		r->flen = xreallocarray(r->flen, r->capf, sizeof(*r->flen));
	}
	r->off[r->nf] = r->arena.len;
	r->flen[r->nf] = len;
	sbuf_add(&r->arena, data ? data : "", data ? len : 0);
	sbuf_addc(&r->arena, '\0');
	r->nf++;
}

/* The header's fields as written, kept for the rows' messages. */
static void keep_header(struct reader *r)
{
	r->hdr = xcalloc(r->nf ? r->nf : 1, sizeof(*r->hdr));
	for (size_t c = 0; c < r->nf; c++)
		r->hdr[c] = xstrndup(r->arena.data + r->off[c], r->flen[c]);
}

static void on_row_end(int c, void *ctx)
{
	struct reader *r = ctx;
	(void)c;
	if (r->stop)
		goto reset;
	if (r->too_many) {
		fail(r, r->row_start, _("more than %u fields in one row: this is not a feed file, "
		     "or a quote is not closed"), MAX_FIELDS);
		goto reset;
	}
	if (!r->header_done) {
		keep_header(r);
		on_header(r);
		for (size_t i = 0; i < r->spec->ncols; i++)
			r->names[i] = r->colmap[i] >= 0 && (size_t)r->colmap[i] < r->nf
				      ? r->hdr[r->colmap[i]] : NULL;
		goto reset;
	}
	for (size_t i = 0; i < r->spec->ncols; i++) {
		int idx = r->colmap[i];
		if (idx >= 0 && (size_t)idx < r->nf) {
			r->val[i] = r->arena.data + r->off[idx];
			r->len[i] = r->flen[idx];
		} else {
			r->val[i] = NULL;
			r->len[i] = 0;
		}
	}
	struct csvread_row row = {
		.line = r->row_start, .nfields = r->nf, .nheader = r->nheader,
		.val = r->val, .len = r->len, .cols = r->spec->cols, .ncols = r->spec->ncols,
		.names = r->names,
	};
	r->info->rows++;
	if (r->spec->on_row(r->spec->ctx, &row) != 0)
		r->stop = true;
reset:
	r->nf = 0;
	r->too_many = false;
	sbuf_reset(&r->arena);
}

/* Feeds one segment that is a whole line (ends in '\n') or its last part. */
static void feed_segment(struct reader *r, const char *s, size_t n, bool ends_line)
{
	if (r->parser.pstate == 0)   /* ROW_NOT_BEGUN: a new row starts here */
		r->row_start = r->line;
	/* The header line decides the delimiter: TAB when it has a TAB and no
	 * comma (Excel's "Unicode text"), else comma. */
	if (!r->delim_decided && !r->header_done && r->parser.pstate == 0) {
		if (memchr(s, '\t', n) && !memchr(s, ',', n))
			csv_set_delim(&r->parser, '\t');
		r->delim_decided = true;
	}
	if (csv_parse(&r->parser, s, n, on_field, on_row_end, r) != n) {
		fail(r, r->row_start, _("cannot parse: %s"), csv_strerror(csv_error(&r->parser)));
		return;
	}
	if (r->parser.entry_pos > r->max_field && !r->stop)
		fail(r, r->row_start, _("a field starting on this line is longer than %zu bytes: "
		     "a quote is probably not closed"), r->max_field);
	if (ends_line)
		r->line++;
}

static void feed_lines(struct reader *r, const char *s, size_t n)
{
	while (n && !r->stop) {
		const char *nl = memchr(s, '\n', n);
		size_t seg = nl ? (size_t)(nl - s) + 1 : n;
		feed_segment(r, s, seg, nl != NULL);
		s += seg;
		n -= seg;
	}
}

/* The first line: a byte order mark is dropped, "# generated_at: TS" read. */
static void first_line(struct reader *r, bool at_eof)
{
	char *s = r->first.data ? r->first.data : (char *)"";
	size_t n = r->first.len;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		n -= 3;
	}
	r->first_line_done = true;
	if (n && s[0] == '#') {
		char *end = memchr(s, '\n', n);
		if ((!end && !at_eof) || (size_t)((end ? end : s + n) - s) > FIRST_LINE_MAX) {
			fail(r, 1, _("the first line starts like a comment but is longer than %u bytes: "
			     "the only first-line comment a feed knows is \"# generated_at: "
			     "TIMESTAMP\""), FIRST_LINE_MAX);
			return;
		}
		size_t linelen = end ? (size_t)(end - s) : n, k = 1;
		char text[FIRST_LINE_MAX + 1];
		memcpy(text, s, linelen);
		text[linelen] = '\0';
		text[strcspn(text, "\r")] = '\0';
		while (text[k] == ' ' || text[k] == '\t')
			k++;
		if (strncmp(text + k, "generated_at", 12) == 0) {
			char *v = text + k + 12;
			while (*v == ' ' || *v == '\t')
				v++;
			if (*v == ':')
				v++;
			while (*v == ' ' || *v == '\t')
				v++;
			size_t vl = strlen(v);
			while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
				v[--vl] = '\0';
			if (!ts_parse_iso(v, &r->info->generated_at)) {
				fail(r, 1, _("generated_at \"%s\" is not an ISO 8601 timestamp: "
				     "write it like 2026-11-20T06:00:00Z"), v);
				return;
			}
			r->info->has_generated_at = true;
		} else {
			diag_add(r->spec->diags, DIAG_WARNING, r->spec->name, 1, 0,
				 _("comment line ignored (the only first-line comment a feed "
				 "knows is \"# generated_at: TIMESTAMP\")"));
		}
		r->line = 2;
		if (end)
			feed_lines(r, end + 1, n - linelen - 1);
		return;
	}
	feed_lines(r, s, n);
}

static void feed_chunk(struct reader *r, const char *s, size_t n)
{
	r->info->bytes += n;
	if (!r->first_line_done) {
		const char *nl = memchr(s, '\n', n);
		size_t take = nl ? (size_t)(nl - s) + 1 : n;
		sbuf_add(&r->first, s, take);
		if (!nl && r->first.len < FIRST_LINE_MAX)
			return;   /* gather more of the first line */
		first_line(r, false);
		sbuf_free(&r->first);
		s += take;
		n -= take;
	}
	feed_lines(r, s, n);
}

static int finish(struct reader *r)
{
	if (!r->stop && !r->first_line_done)
		first_line(r, true);
	if (!r->stop) {
		if (r->parser.pstate == 0)
			r->row_start = r->line;
		/* Inside a quoted field at the end (libcsv's FIELD_BEGUN, quoted):
		 * the rest of the file went into one field. */
		if (r->parser.pstate == 2 && r->parser.quoted)
			fail(r, r->row_start, _("a quoted field starting on this line is never closed: "
			     "add the closing quote (\")"));
		else if (csv_fini(&r->parser, on_field, on_row_end, r) != 0 && !r->stop)
			fail(r, r->row_start, _("cannot parse the last row: %s"),
			     csv_strerror(csv_error(&r->parser)));
	}
	if (!r->stop && !r->header_done) {
		struct sbuf known = {0};
		bool required = false;
		for (size_t i = 0; i < r->spec->ncols; i++)
			required |= r->spec->cols[i].required;
		if (required)
			fail(r, 0, _("the file is empty: it needs a header line naming the columns (%s)"),
			     cols_list(r->spec, &known));
		sbuf_free(&known);
	}
	return r->stop ? -1 : 0;
}

static void reader_init(struct reader *r, const struct csvread_spec *spec,
			struct csvread_info *info)
{
	*r = (struct reader){ .spec = spec, .info = info, .line = 1, .row_start = 1 };
	*info = (struct csvread_info){0};
	r->max_field = spec->max_field ? spec->max_field : CSVREAD_MAX_FIELD;
	csv_init(&r->parser, CSV_APPEND_NULL);
	csv_set_blk_size(&r->parser, 4096);
	r->colmap = xmalloc((spec->ncols ? spec->ncols : 1) * sizeof(*r->colmap));
	for (size_t i = 0; i < spec->ncols; i++)
		r->colmap[i] = -1;
	r->val = xcalloc(spec->ncols ? spec->ncols : 1, sizeof(*r->val));
	r->names = xcalloc(spec->ncols ? spec->ncols : 1, sizeof(*r->names));
	r->len = xcalloc(spec->ncols ? spec->ncols : 1, sizeof(*r->len));
}

static void reader_free(struct reader *r)
{
	csv_free(&r->parser);
	sbuf_free(&r->first);
	sbuf_free(&r->arena);
	free(r->off);
	free(r->flen);
	free(r->colmap);
	free(r->val);
	free(r->len);
	if (r->hdr)
		for (size_t c = 0; c < r->nheader; c++)
			free(r->hdr[c]);
	free(r->hdr);
	free(r->names);
	r->info->colmap = NULL;
}

int csvread_fd(int fd, const struct csvread_spec *spec, struct csvread_info *info)
{
	struct csvread_info local;
	struct reader r;
	char *buf = xmalloc(READ_CHUNK);
	struct textenc_conv *conv = NULL;
	struct sbuf utf8 = {0};
	int rc;

	reader_init(&r, spec, info ? info : &local);
	if (spec->encoding && !(conv = textenc_open(spec->encoding)))
		fail(&r, 0, "%s", error_message());
	while (!r.stop) {
		ssize_t n = read(fd, buf, READ_CHUNK);
		unsigned bad;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fail(&r, 0, _("cannot read: %s"), strerror(errno));
			break;
		}
		if (conv) {
			/* Other encodings are read as the UTF-8 they convert to. */
			sbuf_reset(&utf8);
			if (textenc_convert(conv, buf, (size_t)n, n == 0, &utf8, &bad) != 0) {
				fail(&r, bad, _("the file is not %s (this line holds a byte that is "
				     "not): nothing imported from it. Save it as CSV UTF-8, or set "
				     "feeds.encoding to its encoding"), spec->encoding);
				break;
			}
			if (utf8.len)
				feed_chunk(&r, utf8.data, utf8.len);
		} else if (n > 0) {
			feed_chunk(&r, buf, (size_t)n);
		}
		if (n == 0)
			break;
	}
	rc = finish(&r);
	textenc_close(conv);
	sbuf_free(&utf8);
	reader_free(&r);
	free(buf);
	return rc;
}

int csvread_file(const char *path, const struct csvread_spec *spec, struct csvread_info *info)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;
	if (fd < 0) {
		diag_add(spec->diags, DIAG_ERROR, spec->name, 0, 0, _("cannot open: %s"), strerror(errno));
		return -1;
	}
	rc = csvread_fd(fd, spec, info);
	close(fd);
	return rc;
}

int csvread_buffer(const char *data, size_t len, const struct csvread_spec *spec,
		   struct csvread_info *info)
{
	struct csvread_info local;
	struct reader r;
	struct sbuf utf8 = {0};
	int rc;
	reader_init(&r, spec, info ? info : &local);
	if (spec->encoding) {
		struct textenc_conv *conv = textenc_open(spec->encoding);
		unsigned bad;
		if (!conv)
			fail(&r, 0, "%s", error_message());
		else if (textenc_convert(conv, data, len, true, &utf8, &bad) != 0)
			fail(&r, bad, _("the text is not %s (this line holds a byte that is not)"),
			     spec->encoding);
		else
			feed_chunk(&r, utf8.data ? utf8.data : "", utf8.len);
		textenc_close(conv);
	} else {
		feed_chunk(&r, data, len);
	}
	rc = finish(&r);
	sbuf_free(&utf8);
	reader_free(&r);
	return rc;
}

static bool ascii(const char *s, size_t n)
{
	unsigned char acc = 0;
	for (size_t i = 0; i < n; i++)
		acc |= (unsigned char)s[i];
	return acc < 0x80;
}

bool csvread_row_ok(const struct csvread_row *row, char *why, size_t size)
{
	if (row->nfields != row->nheader) {
		if (row->nfields > row->nheader)
			str_format(why, size, P_("the row has %zu field but the header has %zu: put "
				   "values that contain commas in double quotes (\"a, b\")",
				   "the row has %zu fields but the header has %zu: put "
				   "values that contain commas in double quotes (\"a, b\")", row->nfields),
				   row->nfields, row->nheader);
		else
			str_format(why, size, P_("the row has %zu field but the header has %zu: add the "
				   "missing fields (an empty field still needs its comma)",
				   "the row has %zu fields but the header has %zu: add the "
				   "missing fields (an empty field still needs its comma)", row->nfields),
				   row->nfields, row->nheader);
		return false;
	}
	for (size_t i = 0; i < row->ncols; i++) {
		size_t bad;
		if (!row->val[i])
			continue;
		if (strlen(row->val[i]) != row->len[i]) {
			str_format(why, size, _("column %s holds a NUL byte: this is not a text "
				   "file, or it is not UTF-8 (UTF-16 exports must be saved as UTF-8)"),
				   row->cols[i].name);
			return false;
		}
		if (ascii(row->val[i], row->len[i]))
			continue;
		if (!utf8_valid(row->val[i], row->len[i], &bad)) {
			str_format(why, size, _("column %s has a byte that is not UTF-8 (at byte %zu "
				   "of the value): export the file as UTF-8"), row->cols[i].name, bad + 1);
			return false;
		}
	}
	return true;
}
