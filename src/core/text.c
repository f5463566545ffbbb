/* text.c - UTF-8 validation, sanitizing and display width (see text.h).
 *
 * Strings inside csconsole are UTF-8 whatever the locale: validation and
 * sanitizing decode UTF-8 themselves; widths ask the locale (mbrtowc +
 * wcwidth) because the terminal's idea of a cell is what matters.
 */
#include <langinfo.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>
#include "csconsole/text.h"
#include "csconsole/util.h"

#define ESC 0x1b
#define BEL 0x07

/* Decodes one UTF-8 character at s (len > 0 bytes available).
 * Returns its length (1..4) and sets *cp; or, for malformed input, returns
 * minus the length of the maximal ill-formed subpart (at least 1 byte), so
 * that "E3 81" followed by "A" is one error, not two (Unicode ch. 3, U+FFFD
 * substitution of maximal subparts). */
static int utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char c = s[0];
	int n;
	uint32_t v;
	unsigned char lo = 0x80, hi = 0xbf;   /* allowed range of the 2nd byte */

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		v = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;            /* overlong */
		else if (c == 0xed)
			hi = 0x9f;            /* surrogates U+D800..U+DFFF */
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		v = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;            /* overlong */
		else if (c == 0xf4)
			hi = 0x8f;            /* above U+10FFFF */
	} else {
		return -1;                    /* continuation byte, C0/C1, F5..FF */
	}
	for (int i = 1; i < n; i++) {
		if ((size_t)i >= len)
			return -i;            /* truncated */
		unsigned char b = s[i];
		if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xbf))
			return -i;
		v = (v << 6) | (b & 0x3f);
	}
	*cp = v;
	return n;
}

bool utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		int n = utf8_decode(p + i, len - i, &cp);
		if (n < 0) {
			if (bad_offset)
				*bad_offset = i;
			return false;
		}
		i += (size_t)n;
	}
	return true;
}

/* Skips a control sequence's parameter and intermediate bytes and its final
 * byte (CSI, ECMA-48 5.4). Stops without consuming at anything else: a
 * broken sequence ends there and what follows is ordinary text. */
static void skip_csi(const unsigned char *s, size_t *i)
{
	while (s[*i] >= 0x20 && s[*i] <= 0x3f)
		(*i)++;
	if (s[*i] >= 0x40 && s[*i] <= 0x7e)
		(*i)++;
}

/* Skips a control string (OSC, DCS, SOS, PM, APC) to its terminator: ST as
 * ESC \ or U+009C, and BEL for OSC (as xterm accepts). Another ESC also ends
 * it (terminals abort the string there) and is left to be read as the start
 * of the next sequence. Unterminated: the rest of the text is swallowed, as
 * a terminal would have done. */
static void skip_string(const unsigned char *s, size_t *i, bool bel_ends)
{
	while (s[*i]) {
		if (s[*i] == ESC) {
			if (s[*i + 1] == '\\')
				*i += 2;
			return;
		}
		if (bel_ends && s[*i] == BEL) {
			(*i)++;
			return;
		}
		if (s[*i] == 0xc2 && s[*i + 1] == 0x9c) {
			*i += 2;
			return;
		}
		(*i)++;
	}
}

/* Skips what follows ESC at s[*i] (the ESC already consumed). */
static void skip_escape(const unsigned char *s, size_t *i)
{
	unsigned char c = s[*i];
	switch (c) {
	case '[':
		(*i)++;
		skip_csi(s, i);
		return;
	case ']':
		(*i)++;
		skip_string(s, i, true);
		return;
	case 'P': case 'X': case '^': case '_':
		(*i)++;
		skip_string(s, i, false);
		return;
	default:
		/* ESC, intermediates 0x20-0x2F, then a final 0x30-0x7E: "ESC c",
		 * "ESC ( B", "ESC # 8". Anything else ends it unconsumed. */
		while (s[*i] >= 0x20 && s[*i] <= 0x2f)
			(*i)++;
		if (s[*i] >= 0x30 && s[*i] <= 0x7e)
			(*i)++;
		return;
	}
}

/* Unicode's Bidi_Control characters (PropList.txt): ALM, LRM, RLM, the
 * embeddings and overrides, the isolates. In a teammate's note they can make
 * the text display differently from what it says ("Trojan source"). */
static bool is_bidi_control(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

char *text_vclean(const char *fmt, va_list ap)
{
	struct sbuf b = {0};
	sbuf_vaddf(&b, fmt, ap);
	char *clean = text_sanitize(sbuf_str(&b), false);
	sbuf_free(&b);
	return clean;
}

bool text_is_clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int n;
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			i++;
			continue;
		}
		n = utf8_decode(p + i, len - i, &cp);
		if (n < 0 || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || is_bidi_control(cp))
			return false;
		i += (size_t)n;
	}
	return true;
}

/* A run of tabs and line ends (LF, CRLF, lone CR) becomes one space, so a
 * multi-line note reads as one line; with keep_newlines each line end stays
 * a "\n" and only tabs become spaces. Escape sequences go whole. */
char *text_sanitize(const char *s, bool keep_newlines)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0;
	struct sbuf out = {0};
	bool in_space_run = false;   /* a tab/newline run already became one space */

	sbuf_add(&out, "", 0);
	while (i < len) {
		size_t start = i;
		uint32_t cp;
		int n = utf8_decode(p + i, len - i, &cp);

		if (n < 0) {
			sbuf_add(&out, "\xef\xbf\xbd", 3);   /* U+FFFD */
			i += (size_t)-n;
			in_space_run = false;
			continue;
		}
		i += (size_t)n;
		bool line_end = cp == '\n' || (cp == '\r' && p[i] != '\n');

		if (cp == ESC) {
			skip_escape(p, &i);
			continue;
		}
		if (cp == '\r' && !line_end)
			continue;                     /* the CR of CRLF */
		if (keep_newlines && line_end) {
			sbuf_addc(&out, '\n');
			in_space_run = false;
			continue;
		}
		if (cp == '\t' || line_end) {
			if (!in_space_run)
				sbuf_addc(&out, ' ');
			in_space_run = true;
			continue;
		}
		if (cp < 0x20 || cp == 0x7f)
			continue;                     /* other C0 controls, DEL */
		if (cp >= 0x80 && cp <= 0x9f) {
			/* C1 controls in their UTF-8 form: the 8-bit CSI/OSC/DCS/
			 * SOS/PM/APC introducers take their sequence with them. */
			if (cp == 0x9b)
				skip_csi(p, &i);
			else if (cp == 0x9d)
				skip_string(p, &i, true);
			else if (cp == 0x90 || cp == 0x98 || cp == 0x9e || cp == 0x9f)
				skip_string(p, &i, false);
			continue;
		}
		if (is_bidi_control(cp))
			continue;
		in_space_run = false;
		sbuf_add(&out, s + start, i - start);
	}
	return out.data;
}

/* The next character of s at *i and its width in cells; advances *i.
 * A character the locale cannot decode (UTF-8 text under the "C" locale, or
 * a malformed byte) counts as one cell, as the terminal shows one glyph or a
 * substitute for it, and is stepped over as a whole UTF-8 sequence. */
static int next_width(const char *s, size_t len, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s;
	mbstate_t st;
	wchar_t wc;
	uint32_t cp;

	if (p[*i] < 0x80) {
		int w = p[*i] >= 0x20 && p[*i] < 0x7f;
		(*i)++;
		return w;
	}
	memset(&st, 0, sizeof(st));
	size_t n = mbrtowc(&wc, s + *i, len - *i, &st);
	if (n != (size_t)-1 && n != (size_t)-2 && n != 0) {
		int w = wcwidth(wc);
		*i += n;
		return w < 0 ? 0 : w;
	}
	int u = utf8_decode(p + *i, len - *i, &cp);
	*i += (size_t)(u < 0 ? -u : u);
	if (u > 0 && cp >= 0x80 && cp <= 0x9f)
		return 0;                             /* C1 control */
	return 1;
}

int text_width(const char *s)
{
	size_t len = strlen(s), i = 0;
	int w = 0;
	while (i < len)
		w += next_width(s, len, &i);
	return w;
}

bool text_locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "UTF8") == 0);
}

static bool glyphs_ascii;

void text_set_glyphs_ascii(bool ascii)
{
	glyphs_ascii = ascii;
}

bool text_glyphs_unicode(void)
{
	return !glyphs_ascii && text_locale_utf8();
}

/* The glyphs csconsole draws itself (separators, sort arrows, sparklines,
 * bars, chart lines, the ellipsis), with their ASCII stand-ins. Every one is
 * East Asian Width "Ambiguous" or absent from legacy fonts: terminals set up
 * for CJK (RLogin, Tera Term, some PuTTY set-ups) draw them two cells wide. */
#define TEXT_GLYPHS(X) \
	X("\u2026", "~") X("\u00b7", "|") X("\u2192", ">") X("\u25b2", "^") X("\u25bc", "v") \
	X("\u25c0", "<") X("\u25cf", "*") X("\u27f3", "@") X("\u2500", "-") X("\u2524", "|") \
	X("\u2514", "+") \
	X("\u2581", "_") X("\u2582", ".") X("\u2583", "-") X("\u2584", "~") \
	X("\u2585", "=") X("\u2586", "+") X("\u2587", "*") X("\u2588", "#") \
	X("\u2589", "#") X("\u258a", "#") X("\u258b", "#") X("\u258c", "#") \
	X("\u258d", "#") X("\u258e", "|") X("\u258f", "|")

const char *text_glyph_ascii(const char *s, size_t *len)
{
#define TEXT_GLYPH_ROW(u, a) { u, a },
	static const struct { const char *u, *a; } glyphs[] = { TEXT_GLYPHS(TEXT_GLYPH_ROW) };
#undef TEXT_GLYPH_ROW
	if ((unsigned char)s[0] < 0x80)
		return NULL;
	for (size_t i = 0; i < sizeof(glyphs) / sizeof(glyphs[0]); i++) {
		size_t n = strlen(glyphs[i].u);
		if (strncmp(s, glyphs[i].u, n) == 0) {
			*len = n;
			return glyphs[i].a;
		}
	}
	return NULL;
}

int text_fit(const char *s, int width, bool pad, char *out, size_t size)
{
	size_t len = strlen(s), i = 0, o = 0;
	int used = 0;

	if (size == 0)
		return 0;
	out[0] = '\0';
	if (width <= 0)
		return 0;

	int full = text_width(s);
	if (full <= width && len < size) {
		memcpy(out, s, len + 1);
		o = len;
		used = full;
	} else {
		/* Too wide (or too long for out): a prefix of width-1 cells, then
		 * the one-cell ellipsis. Characters are taken whole; zero-width
		 * ones (combining marks) stay with the character before them. */
		const char *ell = text_glyphs_unicode() ? "\xe2\x80\xa6" : "~";
		size_t ell_len = strlen(ell);
		while (i < len) {
			size_t j = i;
			int w = next_width(s, len, &j);
			if (used + w > width - 1 || o + (j - i) + ell_len >= size)
				break;               /* a wide char straddling the limit is dropped */
			memcpy(out + o, s + i, j - i);
			o += j - i;
			used += w;
			i = j;
		}
		if (o + ell_len < size) {
			memcpy(out + o, ell, ell_len);
			o += ell_len;
			used++;
		}
	}
	while (pad && used < width && o + 1 < size) {
		out[o++] = ' ';
		used++;
	}
	out[o] = '\0';
	return used;
}
