/* text.h - UTF-8 text for terminals: validation, sanitizing, display width.
 *
 * Every column width and truncation goes through text_width()/text_fit():
 * widths come from wcwidth() in the current (UTF-8) locale, so a Japanese
 * name is never cut in the middle of a character or counted by bytes.
 * Untrusted text (feeds, teammates' notes) goes through text_sanitize()
 * before it is drawn or printed.
 */
#ifndef CSCONSOLE_TEXT_H
#define CSCONSOLE_TEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* True if s[0..len) is well-formed UTF-8 (no overlongs, no surrogates).
 * On false, *bad_offset (if not NULL) is the byte offset of the first error. */
bool utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* Returns a new string with C0/C1 control characters, ANSI/OSC/DCS escape
 * sequences and bidi controls (every Bidi_Control character: U+061C, U+200E,
 * U+200F, U+202A..U+202E, U+2066..U+2069) removed, tabs and newlines turned
 * into single spaces (unless keep_newlines), and invalid UTF-8 bytes replaced
 * by U+FFFD. Caller frees. */
char *text_sanitize(const char *s, bool keep_newlines);
/* printf-style text, then text_sanitize'd as a whole (one line): for
 * messages that quote paths or teammates' text. Caller frees. */
char *text_vclean(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* True when text_sanitize(s, ...) would return s unchanged (valid UTF-8, no
 * controls, no escapes, no bidi controls): lets bulk readers skip the copy. */
bool text_is_clean(const char *s);

/* Display width in terminal cells of a UTF-8 string (non-printables count 0). */
int text_width(const char *s);

/* Writes into out (size bytes) the longest prefix of s that fits in `width`
 * cells; if s is wider, the prefix fits width-1 cells and ends with an
 * ellipsis ("…" when text_glyphs_unicode(), "~" otherwise). Pads with spaces to exactly
 * `width` cells when pad is true. Returns the cells used. */
int text_fit(const char *s, int width, bool pad, char *out, size_t size);

/* True when the locale's charset is UTF-8 (multibyte text can be drawn). */
bool text_locale_utf8(void);

/* The `glyphs: ascii` setting: csconsole's own glyphs (separators, arrows,
 * sparklines, the ellipsis) in ASCII, for terminals that draw East Asian
 * ambiguous-width characters two cells wide; text itself is unchanged. */
void text_set_glyphs_ascii(bool ascii);
/* True when csconsole's own glyphs are drawn in Unicode: a UTF-8 locale and
 * no `glyphs: ascii`. Decides glyphs vs ASCII fallbacks everywhere. */
bool text_glyphs_unicode(void);
/* When s starts with one of csconsole's glyphs (TEXT_GLYPHS in text.c),
 * its ASCII stand-in (one character), with *len the glyph's bytes; else NULL. */
const char *text_glyph_ascii(const char *s, size_t *len);

#endif
