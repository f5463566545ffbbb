/* textenc.h - the text encodings of feed files, and their conversion to UTF-8.
 *
 * Excel and CRMs write CSV in UTF-8 (with or without a byte order mark),
 * UTF-16 with a byte order mark (Excel's "Unicode text") or, on Japanese
 * Windows, CP932 (Microsoft's Shift_JIS). feed.c scans each file once
 * (textenc_scan: is it UTF-8, where is the first byte that is not), decides
 * its encoding (textenc_decide) and csvread.c converts it with iconv (glibc)
 * while reading (textenc_conv), so that the CSV parser only ever sees UTF-8.
 */
#ifndef CSCONSOLE_TEXTENC_H
#define CSCONSOLE_TEXTENC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "csconsole/util.h"

/* Streaming UTF-8 validation of a whole file, chunk by chunk. */
struct textenc_scan {
	uint64_t offset;            /* bytes scanned */
	unsigned line;              /* the line being scanned (1-based) */
	int need;                   /* continuation bytes still expected */
	unsigned char lo, hi;       /* the range of the next continuation byte */
	int64_t bad;                /* offset of the first byte that is not UTF-8, or -1 */
	unsigned bad_line;          /* its line */
	uint64_t multibyte;         /* whole multibyte sequences before it */
};
void textenc_scan_init(struct textenc_scan *s);
void textenc_scan(struct textenc_scan *s, const char *buf, size_t n);
/* At the end of the file: a sequence cut short is not UTF-8 either. */
void textenc_scan_end(struct textenc_scan *s);

/* The encodings feeds.encoding may declare (iconv names in lower case),
 * "auto" first; NULL-terminated (the config key's allowed values). */
extern const char *const textenc_names[];

/* The encoding to read a file in: the iconv name to convert from, or NULL
 * for UTF-8 as it is. bom: 'L' / 'B' for a UTF-16 LE / BE byte order mark,
 * else 0; scan: the file's UTF-8 scan; declared: feeds.encoding ("auto" or
 * NULL: decide by content). Auto: a file that is not UTF-8 is CP932 (the
 * caller then checks that the whole file converts: textenc_check_file),
 * unless UTF-8 characters come before its first bad byte: then it is UTF-8
 * with a damaged byte (NULL; the rows holding one are rejected). Declared:
 * that encoding, unless the file is UTF-8 holding characters beyond ASCII
 * (then NULL: another feed's UTF-8 export beside the declared one). */
const char *textenc_decide(int bom, const struct textenc_scan *scan, const char *declared);

/* A converter to UTF-8 (iconv). */
struct textenc_conv;
/* NULL + error() when iconv does not know the encoding. */
struct textenc_conv *textenc_open(const char *from);
/* Converts in[0, n) to UTF-8 appended to out; an incomplete sequence at the
 * end waits for the next call (final: there is none). 0, or -1 when a byte
 * is not in the encoding: *bad_line is then its line (1-based, counted in
 * the text converted so far). */
int textenc_convert(struct textenc_conv *c, const char *in, size_t n, bool final,
		    struct sbuf *out, unsigned *bad_line);
void textenc_close(struct textenc_conv *c);

/* Whether the whole file at path converts from `from`: 0 yes, 1 no (*bad_line
 * says where), -1 + error() when it cannot be read. */
int textenc_check_file(const char *path, const char *from, unsigned *bad_line);

#endif
