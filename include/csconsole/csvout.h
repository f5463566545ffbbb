/* csvout.h - the one writer of every CSV csconsole prints.
 *
 * RFC 4180: every cell quoted, quotes doubled, rows ended by CRLF. A cell a
 * spreadsheet would read as a formula (CSV or formula injection: a name
 * "=HYPERLINK(...)" from a feed, run when a teammate opens the export) gets a
 * leading ' as OWASP advises, unless the writer is raw (--raw). The rule is
 * csvout_is_formula's.
 *
 * For spreadsheets (csvout_open with options): --excel writes a UTF-8 byte
 * order mark first, so Excel reads the file as UTF-8 rather than the
 * system's code page (rows end in CRLF either way); --encoding cp932 writes
 * Windows-31J (Shift_JIS as Japanese Windows and Excel write it) through
 * iconv, without a BOM (CP932 has none). A character CP932 cannot hold (an
 * emoji, a kanji outside JIS such as 𠮷) is written as "?", as Excel itself
 * does when it saves a CSV in Shift_JIS; the writer counts them and keeps
 * the first one's row and column, for the caller to say so (csvout_close).
 */
#ifndef CSCONSOLE_CSVOUT_H
#define CSCONSOLE_CSVOUT_H

#include <iconv.h>
#include <stdbool.h>
#include <stdio.h>
#include "csconsole/util.h"

enum csvout_encoding { CSVOUT_UTF8, CSVOUT_CP932 };

/* How a CSV is written (the --raw, --excel, --encoding and --headers options). */
struct csvout_opts {
	bool raw;                     /* cells as they are: no ' before a formula */
	bool excel;                   /* a UTF-8 BOM first (with UTF-8) */
	enum csvout_encoding encoding;
	bool localized;               /* --headers localized: the first row's cells are
				       * written as csv_header_label() titles (csvheaders.h) */
};

struct csvout {
	FILE *fp;
	bool raw;        /* cells as they are: no ' before a formula */
	bool localized;  /* the first row's ids written as titles (csvout_opts) */
	size_t cells;    /* cells written on the current row */
	/* With csvout_open: */
	iconv_t cd;                  /* (iconv_t)-1: UTF-8 as it is */
	size_t rows;                 /* rows ended so far (the header is row 1) */
	struct strlist header;       /* the first row's cells: the columns' names */
	size_t replaced;             /* characters the encoding cannot hold, written as "?" */
	size_t replaced_row;         /* the first one's row (1 = the header) ... */
	char *replaced_column;       /* ... and column name (owned; "column N" without a header) */
	char *replaced_char;         /* ... and the character itself, UTF-8 (owned) */
	char *buf;                   /* the quoted cell being written (owned) */
	size_t buf_size;
};

/* A plain writer (UTF-8, no BOM) on fp; close with csvout_close() (cells
 * take a buffer). */
void csvout_init(struct csvout *w, FILE *fp, bool raw);
/* A writer on fp with options: the BOM is written at once (--excel with
 * UTF-8). 0, or -1 + error() when the encoding cannot be converted to
 * (iconv has no CP932). Close with csvout_close(). */
int csvout_open(struct csvout *w, FILE *fp, const struct csvout_opts *o);
/* Frees what csvout_open took (not the FILE). 0, or -1 + error() when the
 * output failed (a write error, a full disk). */
int csvout_close(struct csvout *w);
/* Writes one cell of the current row (s may be NULL: an empty cell). */
void csvout_cell(struct csvout *w, const char *s);
/* Ends the row: CRLF. */
void csvout_end_row(struct csvout *w);

/* Parses an --encoding name: utf-8 (utf8), cp932 (also windows-31j,
 * shift_jis, sjis), any case. False when unknown. */
bool csvout_encoding_parse(const char *name, enum csvout_encoding *out);
/* "UTF-8", "CP932". */
const char *csvout_encoding_name(enum csvout_encoding e);

/* Whether a spreadsheet could read s as a formula: it starts with a tab or
 * a CR, or its first character after any blanks (space, tab, CR, LF) is
 * = + - or @ -- unless s is a number and nothing else ("-3", "+5", "-1.5e3"),
 * which a spreadsheet reads as that number, never as a formula. */
bool csvout_is_formula(const char *s);

#endif
