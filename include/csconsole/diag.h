/* diag.h - diagnostics about input: "file:line:col: severity: message".
 *
 * Feeds and the config file produce many findings in one run; they are
 * collected in a diag_list (not the single error() slot) and printed at the
 * end, or shown in the TUI. Messages are sanitized before printing.
 */
#ifndef CSCONSOLE_DIAG_H
#define CSCONSOLE_DIAG_H

#include <stdio.h>
#include "csconsole/util.h"

enum diag_severity { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

struct diag {
	enum diag_severity severity;
	char *file;          /* may be NULL */
	unsigned line, col;  /* 0 = unknown */
	char *message;
};

struct diag_list {
	struct diag *items;
	size_t len, cap;
	size_t errors, warnings;
};

void diag_add(struct diag_list *l, enum diag_severity sev, const char *file,
	      unsigned line, unsigned col, const char *fmt, ...) PRINTF_LIKE(6, 7);
void diag_vadd(struct diag_list *l, enum diag_severity sev, const char *file,
	       unsigned line, unsigned col, const char *fmt, va_list ap) PRINTF_LIKE(6, 0);
/* Formats one diagnostic as "file:line:col: error: message" into a new string. */
char *diag_format(const struct diag *d);
/* Prints every diagnostic, one per line, sanitized. */
void diag_print(const struct diag_list *l, FILE *out);
void diag_clear(struct diag_list *l);

#endif
