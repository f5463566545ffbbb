/* diag.c - collected diagnostics about input files (see diag.h). */
#include <stdlib.h>
#include "csconsole/diag.h"
#include "csconsole/i18n.h"
#include "csconsole/text.h"

void diag_vadd(struct diag_list *l, enum diag_severity sev, const char *file,
	       unsigned line, unsigned col, const char *fmt, va_list ap)
{
	struct sbuf msg = {0};
	if (l->len == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->items = xreallocarray(l->items, l->cap, sizeof(*l->items));
	}
	sbuf_vaddf(&msg, fmt, ap);
	l->items[l->len++] = (struct diag){
		.severity = sev,
		.file = file ? xstrdup(file) : NULL,
		.line = line,
		.col = col,
		.message = msg.data ? msg.data : xstrdup(""),
	};
	if (sev == DIAG_ERROR)
		l->errors++;
	else if (sev == DIAG_WARNING)
		l->warnings++;
}

void diag_add(struct diag_list *l, enum diag_severity sev, const char *file,
	      unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(l, sev, file, line, col, fmt, ap);
	va_end(ap);
}

char *diag_format(const struct diag *d)
{
	struct sbuf b = {0};
	if (d->file) {
		sbuf_adds(&b, d->file);
		if (d->line)
			sbuf_addf(&b, ":%u", d->line);
		if (d->line && d->col)
			sbuf_addf(&b, ":%u", d->col);
		sbuf_adds(&b, ": ");
	}
	/* The label and its message as one phrase each (translated: 注記, 警告,
	 * エラー); the English labels are what scripts reading English match. */
	switch (d->severity) {
	case DIAG_NOTE:
		sbuf_addf(&b, _("note: %s"), d->message);
		break;
	case DIAG_WARNING:
		sbuf_addf(&b, _("warning: %s"), d->message);
		break;
	case DIAG_ERROR:
		sbuf_addf(&b, _("error: %s"), d->message);
		break;
	}
	return b.data;
}

void diag_print(const struct diag_list *l, FILE *out)
{
	for (size_t i = 0; i < l->len; i++) {
		char *raw = diag_format(&l->items[i]);
		char *clean = text_sanitize(raw, false);
		fprintf(out, "%s\n", clean);
		free(clean);
		free(raw);
	}
}

void diag_clear(struct diag_list *l)
{
	for (size_t i = 0; i < l->len; i++) {
		free(l->items[i].file);
		free(l->items[i].message);
	}
	free(l->items);
	*l = (struct diag_list){0};
}
