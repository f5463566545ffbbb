/* fuzz_csvread.c - the CSV reader (csvread.c) on arbitrary bytes.
 *
 * The input is read as a buffer and, in the same run, as a file and through a
 * descriptor; the three reads must agree (rows, their fields, the result).
 * Checked per row: line numbers never go backwards and lie within the input's
 * lines, every wanted field is NUL-terminated at its length, csvread_row_ok()
 * never crashes and explains a refusal. Also csvread_normalize on the bytes.
 */
#include <fcntl.h>
#include "fuzz.h"
#include "csconsole/csvread.h"
#include "csconsole/text.h"

static const struct csvread_col cols[] = {
	{ "account", true }, { "date", false }, { "metric", false }, { "value", false },
};

/* A preset's names and a user's mapping, as the feeds pass them (preset.h). */
static const struct csvread_alias aliases[] = {
	{ 0, "Account ID", false }, { 0, "AccountId", false }, { 1, "Day", false },
	{ 3, "Usage Count", true },
};

struct run {
	unsigned long long hash;    /* over every row's line and fields */
	unsigned rows, last_line, lines;
	bool header_seen;
	size_t max_field;
};

static void mix(struct run *r, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		r->hash = (r->hash ^ b[i]) * 1099511628211ull;
}

static int on_header(void *ctx, const struct csvread_info *info)
{
	struct run *r = ctx;
	FUZZ_CHECK(!r->header_seen, "on_header called twice");
	r->header_seen = true;
	FUZZ_CHECK(info->header_line <= r->lines, "header line %u of %u", info->header_line, r->lines);
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		FUZZ_CHECK(info->colmap[i] >= -1, "colmap[%zu] = %d", i, info->colmap[i]);
		for (size_t j = 0; j < i; j++)
			FUZZ_CHECK(info->colmap[i] < 0 || info->colmap[i] != info->colmap[j],
				   "columns %zu and %zu both read file column %d", j, i, info->colmap[i]);
	}
	for (size_t i = 0; i < info->nunmapped; i++)
		FUZZ_CHECK(info->unmapped[i] && info->unmapped[i][0], "unmapped column %zu empty", i);
	return 0;
}

static int on_row(void *ctx, const struct csvread_row *row)
{
	struct run *r = ctx;
	char why[256];
	FUZZ_CHECK(r->header_seen, "a row before the header");
	FUZZ_CHECK(row->line >= r->last_line && row->line >= 1 && row->line <= r->lines,
		   "row line %u after %u (input has %u lines)", row->line, r->last_line, r->lines);
	r->last_line = row->line;
	r->rows++;
	mix(r, &row->line, sizeof(row->line));
	mix(r, &row->nfields, sizeof(row->nfields));
	FUZZ_CHECK(row->ncols == sizeof(cols) / sizeof(cols[0]), "ncols %zu", row->ncols);
	for (size_t i = 0; i < row->ncols; i++) {
		if (!row->val[i])
			continue;
		FUZZ_CHECK(row->val[i][row->len[i]] == '\0', "field %zu not terminated at its length", i);
		FUZZ_CHECK(row->len[i] <= r->max_field, "field %zu: %zu bytes over the limit", i, row->len[i]);
		mix(r, row->val[i], row->len[i] + 1);
	}
	why[0] = '\0';
	if (!csvread_row_ok(row, why, sizeof(why)))
		FUZZ_CHECK(why[0] != '\0', "a refused row without a reason");
	return 0;
}

static int read_one(int how, const uint8_t *data, size_t size, const char *path, struct run *r,
		    struct csvread_info *info)
{
	struct diag_list diags = { 0 };
	struct csvread_spec spec = {
		.name = "fuzz.csv", .cols = cols, .ncols = sizeof(cols) / sizeof(cols[0]),
		.on_header = on_header, .on_row = on_row, .ctx = r, .diags = &diags,
		.max_field = 4096, .aliases = aliases,
		.naliases = sizeof(aliases) / sizeof(aliases[0]), .map_key = "feeds.metrics.columns",
	};
	int rc;
	memset(r, 0, sizeof(*r));
	r->max_field = spec.max_field;
	r->lines = 1;
	for (size_t i = 0; i < size; i++)
		r->lines += data[i] == '\n';
	if (how == 0) {
		rc = csvread_buffer((const char *)data, size, &spec, info);
	} else if (how == 1) {
		rc = csvread_file(path, &spec, info);
	} else {
		int fd = open(path, O_RDONLY);
		FUZZ_CHECK(fd >= 0, "open %s", path);
		rc = csvread_fd(fd, &spec, info);
		close(fd);
	}
	if (rc)
		FUZZ_CHECK(diags.errors > 0, "csvread returned -1 without an error diag");
	for (size_t i = 0; i < diags.len; i++) {
		char *s = diag_format(&diags.items[i]);
		char *clean = text_sanitize(s, false);
		FUZZ_CHECK(utf8_valid(clean, strlen(clean), NULL), "a sanitized diag is not UTF-8");
		free(clean);
		free(s);
	}
	diag_clear(&diags);
	return rc;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run r[3];
	struct csvread_info info[3];
	int rc[3];
	const char *p = fuzz_write("in.csv", data, size);
	char path[PATH_MAX];
	str_format(path, sizeof(path), "%s", p);

	for (int how = 0; how < 3; how++) {
		memset(&info[how], 0, sizeof(info[how]));
		rc[how] = read_one(how, data, size, path, &r[how], &info[how]);
	}
	for (int how = 1; how < 3; how++) {
		FUZZ_CHECK(rc[how] == rc[0], "read %d returned %d, the buffer read %d", how, rc[how], rc[0]);
		FUZZ_CHECK(r[how].rows == r[0].rows && r[how].hash == r[0].hash,
			   "read %d gave %u rows (hash %llx), the buffer read %u (%llx)", how,
			   r[how].rows, r[how].hash, r[0].rows, r[0].hash);
		FUZZ_CHECK(info[how].rows == info[0].rows &&
			   info[how].has_generated_at == info[0].has_generated_at &&
			   info[how].header_line == info[0].header_line,
			   "read %d's info differs from the buffer read's", how);
	}
	if (rc[0] == 0)
		FUZZ_CHECK(info[0].rows == r[0].rows, "info.rows %llu, callbacks %u",
			   (unsigned long long)info[0].rows, r[0].rows);

	char norm[64];
	csvread_normalize((const char *)data, size, norm, sizeof(norm));
	FUZZ_CHECK(strlen(norm) < sizeof(norm), "normalize overflowed");
	return 0;
}
