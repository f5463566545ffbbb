/* csvread.h - CSV files as exported by Excel and CRMs, read with libcsv.
 *
 * What it adds to libcsv: line numbers (libcsv does not count lines, so it is
 * fed one line at a time), a UTF-8 byte order mark, the optional first line
 * "# generated_at: TIMESTAMP", and columns found by header name: the caller
 * names the columns it wants; header names are compared after normalising
 * (ASCII case folded, spaces and dashes read as underscores, surrounding
 * blanks dropped), so "Touch Model" finds touch_model. A column may also be
 * found by other header names (aliases: a CRM preset's, or the user's
 * mapping; preset.h): first the user's, then the others in order, then the
 * column's own name.
 *
 * File-level problems (unreadable, missing required column, a column named
 * twice, a quote never closed, a field over the size limit, a bad
 * generated_at) are error diags and make csvread_* return -1. Columns no
 * wanted column takes are ignored, and listed in csvread_info.unmapped for
 * the header callback (doctor shows them). Row-level checks (field count, UTF-8)
 * are the caller's, through csvread_row_ok(), so that it reports them
 * with its own rejected-row accounting.
 */
#ifndef CSCONSOLE_CSVREAD_H
#define CSCONSOLE_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "csconsole/diag.h"

/* A column the caller wants; `name` is already normalised (lower_snake). */
struct csvread_col {
	const char *name;
	bool required;
};

/* Another header name for a wanted column. */
struct csvread_alias {
	size_t col;                 /* index into the spec's cols */
	const char *header;         /* as written ("Account Name"); compared normalised */
	bool only;                  /* the user's mapping: the column has this name only */
};

struct csvread_row {
	unsigned line;              /* line where the row starts (1-based, in the file) */
	size_t nfields;             /* fields in this row */
	size_t nheader;             /* fields in the header */
	/* Per wanted column, in the caller's order: the field (NUL-terminated;
	 * blanks around unquoted fields removed) or NULL when the file has no
	 * such column or the row is too short. Valid during the callback only. */
	const char *const *val;
	const size_t *len;
	const struct csvread_col *cols;   /* the spec's columns */
	size_t ncols;
};

struct csvread_info {
	bool has_generated_at;
	int64_t generated_at;              /* UTC seconds, when has_generated_at */
	unsigned header_line;              /* 0 if the file had no header */
	uint64_t rows;                     /* rows handed to on_row */
	uint64_t bytes;                    /* bytes read */
	/* Column index in the file per wanted column, or -1 when absent. Valid
	 * from on_header until csvread_* returns. */
	const int *colmap;
	/* The header's names (as written, non-empty) that no wanted column
	 * took: ignored. Valid during on_header only. */
	const char *const *unmapped;
	size_t nunmapped;
};

/* Callbacks return 0 to go on; non-zero stops the read (csvread_* then
 * returns -1 without adding a diag: the callback reports its own reason). */
struct csvread_spec {
	const char *name;                  /* file name used in diags */
	const struct csvread_col *cols;
	size_t ncols;
	/* Called once after the header (and the generated_at line) were read. */
	int (*on_header)(void *ctx, const struct csvread_info *info);
	int (*on_row)(void *ctx, const struct csvread_row *row);
	void *ctx;
	struct diag_list *diags;
	size_t max_field;                  /* bytes; 0 = CSVREAD_MAX_FIELD */
	const struct csvread_alias *aliases;   /* may be NULL */
	size_t naliases;
	/* The configuration key mapping this file's columns ("feeds.accounts.columns"):
	 * a missing column's message says to set map_key.FIELD. May be NULL. */
	const char *map_key;
};

#define CSVREAD_MAX_FIELD (1u << 20)

/* Reads a whole file (path opened read-only), or an open descriptor read to
 * its end, or a buffer. info may be NULL. 0, or -1 with a diag (or after a
 * callback stopped the read). */
int csvread_file(const char *path, const struct csvread_spec *spec, struct csvread_info *info);
int csvread_fd(int fd, const struct csvread_spec *spec, struct csvread_info *info);
int csvread_buffer(const char *data, size_t len, const struct csvread_spec *spec,
		   struct csvread_info *info);

/* Row-level checks every consumer wants: the field count equals the header's,
 * and every wanted field is valid UTF-8. Returns true when the row is fine;
 * otherwise false with an explanation (what and what to do) in why. */
bool csvread_row_ok(const struct csvread_row *row, char *why, size_t size);

/* Normalises a header name into out (lower_snake): "Touch Model" -> "touch_model". */
void csvread_normalize(const char *name, size_t len, char *out, size_t size);

#endif
