/* report_out.h - a struct report (report.h) written for people and scripts:
 * text (cells aligned by display width, money with its currency,
 * percentages, totals set apart, the formula and notes under the table),
 * csv (csvout.h; the column ids as the header), json (the ids as keys) and
 * markdown. With `accounts`, each row also lists the accounts behind it
 * (the CLI's drill-down). The report stays the caller's. */
#ifndef CSCONSOLE_REPORT_OUT_H
#define CSCONSOLE_REPORT_OUT_H

#include <stdbool.h>
#include <stdio.h>
#include "csconsole/report.h"

struct csvout;

/* One cell as csv and json carry it ("48000.00", "0.9500", "2027-03-31"). */
void report_cell_plain(const struct report_cell *c, char *out, size_t size);

void report_write_text(FILE *fp, const struct report *r, bool accounts);
void report_write_markdown(FILE *fp, const struct report *r, bool accounts);
/* The header (column ids; a money column also gets ID_currency after it;
 * "accounts" last with `accounts`; with --headers localized the columns'
 * translated titles, "TITLE (Currency)"), then one row per report row. */
void report_write_csv(struct csvout *w, const struct report *r, bool accounts);
/* {"report": id, "title", "formula", "notes": [], "columns": [{id, title,
 * type}], "rows": [{"level": n, ID: value..., "accounts": [...]}]}. */
void report_write_json(FILE *fp, const struct report *r, bool accounts);

#endif
