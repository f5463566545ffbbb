/* csvout.h - the one writer of every CSV csconsole prints.
 *
 * RFC 4180: every cell quoted, quotes doubled, rows ended by CRLF. A cell a
 * spreadsheet would read as a formula (CSV or formula injection: a name
 * "=HYPERLINK(...)" from a feed, run when a teammate opens the export) gets a
 * leading ' as OWASP advises, unless the writer is raw (--raw). The rule is
 * csvout_is_formula's.
 */
#ifndef CSCONSOLE_CSVOUT_H
#define CSCONSOLE_CSVOUT_H

#include <stdbool.h>
#include <stdio.h>

struct csvout {
	FILE *fp;
	bool raw;        /* cells as they are: no ' before a formula */
	size_t cells;    /* cells written on the current row */
};

void csvout_init(struct csvout *w, FILE *fp, bool raw);
/* Writes one cell of the current row (s may be NULL: an empty cell). */
void csvout_cell(struct csvout *w, const char *s);
/* Ends the row: CRLF. */
void csvout_end_row(struct csvout *w);

/* Whether a spreadsheet could read s as a formula: it starts with a tab or
 * a CR, or its first character after any blanks (space, tab, CR, LF) is
 * = + - or @ -- unless s is a number and nothing else ("-3", "+5", "-1.5e3"),
 * which a spreadsheet reads as that number, never as a formula. */
bool csvout_is_formula(const char *s);

#endif
