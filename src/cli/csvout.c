/* csvout.c - the one CSV writer: RFC 4180 quoting through libcsv, formula
 * injection neutralized, and the spreadsheet options: a BOM for Excel,
 * CP932 through iconv (see csvout.h). */
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "csconsole/csvheaders.h"
#include "csconsole/csvout.h"
#include "csconsole/i18n.h"
#include "csconsole/util.h"

static const struct {
	const char *name;        /* as --encoding takes it */
	enum csvout_encoding e;
} encodings[] = {
	{"utf-8", CSVOUT_UTF8}, {"utf8", CSVOUT_UTF8},
	{"cp932", CSVOUT_CP932}, {"windows-31j", CSVOUT_CP932}, {"shift_jis", CSVOUT_CP932},
	{"shift-jis", CSVOUT_CP932}, {"sjis", CSVOUT_CP932},
};

bool csvout_encoding_parse(const char *name, enum csvout_encoding *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(encodings); i++)
		if (name && strcasecmp(name, encodings[i].name) == 0) {
			*out = encodings[i].e;
			return true;
		}
	return false;
}

const char *csvout_encoding_name(enum csvout_encoding e)
{
	return e == CSVOUT_CP932 ? "CP932" : "UTF-8";
}

void csvout_init(struct csvout *w, FILE *fp, bool raw)
{
	memset(w, 0, sizeof(*w));
	w->fp = fp;
	w->raw = raw;
	w->cd = (iconv_t)-1;
}

int csvout_open(struct csvout *w, FILE *fp, const struct csvout_opts *o)
{
	csvout_init(w, fp, o->raw);
	w->localized = o->localized;
	if (o->encoding == CSVOUT_CP932) {
		/* glibc's CP932 is Microsoft's table: 〜 (U+301C) and ～ (U+FF5E)
		 * both become 0x8160, as Windows writes them. */
		w->cd = iconv_open("CP932", "UTF-8");
		if (w->cd == (iconv_t)-1)
			return error(_("cannot convert to CP932 (%s): this system's iconv lacks it; "
				     "install the C library's conversion modules (gconv), or write "
				     "UTF-8 with --excel"), strerror(errno));
	} else if (o->excel) {
		fputs("\xEF\xBB\xBF", fp);
	}
	return 0;
}

int csvout_close(struct csvout *w)
{
	int rc = 0;
	if (w->cd != (iconv_t)-1)
		iconv_close(w->cd);
	w->cd = (iconv_t)-1;
	strlist_clear(&w->header);
	free(w->replaced_column);
	free(w->replaced_char);
	free(w->buf);
	w->replaced_column = w->replaced_char = w->buf = NULL;
	w->buf_size = 0;
	if (fflush(w->fp) || ferror(w->fp))
		rc = error(_("cannot write the CSV (%s)"), errno ? strerror(errno) : "write error");
	return rc;
}

/* The length of the UTF-8 sequence that starts with byte c (1 for a stray byte). */
static size_t utf8_len(unsigned char c)
{
	return c >= 0xF0 && c < 0xF8 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* Writes n bytes of UTF-8 text, converted when an encoding is set; a
 * character the encoding cannot hold becomes "?" and is counted. */
static void emit(struct csvout *w, const char *s, size_t n)
{
	if (w->cd == (iconv_t)-1) {
		fwrite(s, 1, n, w->fp);
		return;
	}
	char out[1024];
	char *in = (char *)s;
	size_t left = n;
	while (left) {
		char *o = out;
		size_t room = sizeof(out);
		size_t r = iconv(w->cd, &in, &left, &o, &room);
		fwrite(out, 1, (size_t)(o - out), w->fp);
		if (r != (size_t)-1 || errno == E2BIG)
			continue;
		/* EILSEQ (no such character in the encoding, or not UTF-8) or
		 * EINVAL (cut at the end): one character written as "?". */
		size_t k = utf8_len((unsigned char)*in);
		if (k > left)
			k = left;
		if (!w->replaced++) {
			w->replaced_row = w->rows + 1;
			w->replaced_char = xmalloc(k + 1);
			memcpy(w->replaced_char, in, k);
			w->replaced_char[k] = '\0';
			w->replaced_column = w->rows && w->cells <= w->header.len ?
				xasprintf("\"%s\"", w->header.items[w->cells - 1]) :
				xasprintf("%zu", w->cells);
		}
		putc('?', w->fp);
		in += k;
		left -= k;
		iconv(w->cd, NULL, NULL, NULL, NULL);
	}
	iconv(w->cd, NULL, NULL, NULL, NULL);
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
	char *guarded = NULL;
	size_t len, need;

	if (!s)
		s = "";
	bool sep = w->cells++ > 0;
	if (w->rows == 0 && w->localized)
		s = csv_header_label(s);
	if (w->rows == 0 && w->cd != (iconv_t)-1)
		strlist_add(&w->header, s);
	len = strlen(s);
	if (!w->raw && csvout_is_formula(s)) {
		/* The ' inside the quotes makes the spreadsheet read text (some
		 * show the ' too: the price OWASP accepts for not running it). */
		guarded = xmalloc(len + 2);
		guarded[0] = '\'';
		memcpy(guarded + 1, s, len + 1);
		s = guarded;
		len++;
	}
	/* the separator and the quoted cell in one write: at most the comma,
	 * two quotes and every byte doubled */
	need = 2 * len + 3;
	if (need > w->buf_size) {
		w->buf_size = need;
		w->buf = xreallocarray(w->buf, need, 1);
	}
	if (sep)
		w->buf[0] = ',';
	emit(w, w->buf, sep + csv_write(w->buf + sep, w->buf_size - sep, s, len));
	free(guarded);
}

void csvout_end_row(struct csvout *w)
{
	emit(w, "\r\n", 2);
	w->cells = 0;
	w->rows++;
}
