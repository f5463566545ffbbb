/* csvout.c - the one CSV writer: RFC 4180 quoting through libcsv, and
 * formula injection neutralized (see csvout.h). */
#include <csv.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/csvout.h"
#include "csconsole/util.h"

void csvout_init(struct csvout *w, FILE *fp, bool raw)
{
	w->fp = fp;
	w->raw = raw;
	w->cells = 0;
}

/* Whether s is a number and nothing else: [+-]digits[.digits][e[+-]digits]. */
static bool is_number(const char *s)
{
	size_t i = 0, n;

	if (s[i] == '+' || s[i] == '-')
		i++;
	if (!(n = strspn(s + i, "0123456789")))
		return false;
	i += n;
	if (s[i] == '.') {
		if (!(n = strspn(s + i + 1, "0123456789")))
			return false;
		i += 1 + n;
	}
	if (s[i] == 'e' || s[i] == 'E') {
		i++;
		if (s[i] == '+' || s[i] == '-')
			i++;
		if (!(n = strspn(s + i, "0123456789")))
			return false;
		i += n;
	}
	return s[i] == '\0';
}

bool csvout_is_formula(const char *s)
{
	if (s[0] == '\t' || s[0] == '\r')
		return true;
	/* Blanks first: a spreadsheet that trims them (LibreOffice's "trim
	 * spaces" import option) would read the formula behind them. */
	const char *p = s + strspn(s, " \t\r\n");
	return strchr("=+-@", *p) && *p && !is_number(s);
}

void csvout_cell(struct csvout *w, const char *s)
{
	if (!s)
		s = "";
	if (w->cells++)
		putc(',', w->fp);
	if (!w->raw && csvout_is_formula(s)) {
		/* The ' inside the quotes makes the spreadsheet read text (some
		 * show the ' too: the price OWASP accepts for not running it). */
		size_t len = strlen(s);
		char *guarded = xmalloc(len + 2);
		guarded[0] = '\'';
		memcpy(guarded + 1, s, len + 1);
		csv_fwrite(w->fp, guarded, len + 1);
		free(guarded);
		return;
	}
	csv_fwrite(w->fp, s, strlen(s));
}

void csvout_end_row(struct csvout *w)
{
	fputs("\r\n", w->fp);
	w->cells = 0;
}
