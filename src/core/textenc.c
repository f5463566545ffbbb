/* textenc.c - feed file encodings: UTF-8 scanning and iconv conversion (textenc.h). */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "csconsole/i18n.h"
#include "csconsole/textenc.h"

const char *const textenc_names[] = {
	"auto", "utf-8", "utf-16", "cp932", "shift_jis", "euc-jp", "windows-1252",
	"iso-8859-1", "iso-8859-15", NULL,
};

void textenc_scan_init(struct textenc_scan *s)
{
	*s = (struct textenc_scan){ .line = 1, .bad = -1 };
}

static void scan_bad(struct textenc_scan *s, size_t at)
{
	s->bad = (int64_t)(s->offset + at);
	s->bad_line = s->line;
}

void textenc_scan(struct textenc_scan *s, const char *buf, size_t n)
{
	const unsigned char *p = (const unsigned char *)buf;
	if (s->bad >= 0) {
		s->offset += n;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		/* ASCII eight bytes at a time (most of a feed), newlines counted
		 * exactly: a byte of t is 0 where the text has '\n'. */
		while (!s->need && i + 8 <= n) {
			uint64_t w, t, m;
			memcpy(&w, p + i, 8);
			if (w & UINT64_C(0x8080808080808080))
				break;
			t = w ^ UINT64_C(0x0A0A0A0A0A0A0A0A);
			m = ~(((t & UINT64_C(0x7F7F7F7F7F7F7F7F)) + UINT64_C(0x7F7F7F7F7F7F7F7F)) | t) &
			    UINT64_C(0x8080808080808080);
			s->line += (unsigned)__builtin_popcountll(m);
			i += 8;
		}
		if (i >= n)
			break;
		c = p[i];
		if (s->need) {
			if (c < s->lo || c > s->hi) {
				scan_bad(s, i);
				break;
			}
			s->lo = 0x80;
			s->hi = 0xBF;
			if (--s->need == 0)
				s->multibyte++;
			continue;
		}
		if (c < 0x80) {
			s->line += c == '\n';
			continue;
		}
		s->lo = 0x80;
		s->hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF) {
			s->need = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			s->need = 2;
			if (c == 0xE0)
				s->lo = 0xA0;            /* no overlong forms */
			else if (c == 0xED)
				s->hi = 0x9F;            /* no surrogates */
		} else if (c >= 0xF0 && c <= 0xF4) {
			s->need = 3;
			if (c == 0xF0)
				s->lo = 0x90;
			else if (c == 0xF4)
				s->hi = 0x8F;            /* nothing past U+10FFFF */
		} else {
			scan_bad(s, i);
			break;
		}
	}
	s->offset += n;
}

void textenc_scan_end(struct textenc_scan *s)
{
	if (s->bad < 0 && s->need) {
		s->bad = (int64_t)s->offset;
		s->bad_line = s->line;
	}
}

const char *textenc_decide(int bom, const struct textenc_scan *scan, const char *declared)
{
	if (bom == 'L')
		return "UTF-16LE";       /* the mark becomes U+FEFF, which csvread drops */
	if (bom == 'B')
		return "UTF-16BE";
	if (declared && *declared && strcmp(declared, "auto") != 0) {
		if (strcasecmp(declared, "utf-8") == 0 || strcasecmp(declared, "utf8") == 0)
			return NULL;
		/* UTF-8 text with characters beyond ASCII is not another encoding's
		 * by chance: the analytics' UTF-8 export beside a CP932 CRM one. */
		if (scan->bad < 0 && scan->multibyte > 0)
			return NULL;
		if (strcasecmp(declared, "shift_jis") == 0)
			return "CP932";  /* what Windows writes under that name */
		return declared;
	}
	return scan->bad < 0 || scan->multibyte > 0 ? NULL : "CP932";
}

struct textenc_conv {
	iconv_t cd;
	unsigned lines;                  /* newlines written so far */
	char carry[8];                   /* an incomplete sequence from the last call */
	size_t ncarry;
};

struct textenc_conv *textenc_open(const char *from)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1) {
		error(_("the encoding \"%s\" is not known to iconv"), from);
		return NULL;
	}
	struct textenc_conv *c = xcalloc(1, sizeof(*c));
	c->cd = cd;
	return c;
}

void textenc_close(struct textenc_conv *c)
{
	if (!c)
		return;
	iconv_close(c->cd);
	free(c);
}

static void count_lines(struct textenc_conv *c, const char *s, size_t n)
{
	for (const char *e = s + n; (s = memchr(s, '\n', (size_t)(e - s))) != NULL; s++)
		c->lines++;
}

/* Converts *in as far as it goes; errno of the stop (0 when all was read). */
static int convert_some(struct textenc_conv *c, char **in, size_t *left, struct sbuf *out)
{
	char buf[16384];
	while (*left) {
		char *o = buf;
		size_t room = sizeof(buf);
		size_t rc = iconv(c->cd, in, left, &o, &room);
		int e = rc == (size_t)-1 ? errno : 0;
		size_t made = sizeof(buf) - room;
		count_lines(c, buf, made);
		sbuf_add(out, buf, made);
		if (e && e != E2BIG)
			return e;
	}
	return 0;
}

int textenc_convert(struct textenc_conv *c, const char *in, size_t n, bool final,
		    struct sbuf *out, unsigned *bad_line)
{
	char *p = (char *)in;
	size_t left = n;
	int e;

	/* First the carried bytes, completed from the new input one byte at a time. */
	while (c->ncarry && left) {
		char tmp[sizeof(c->carry)], *tp = tmp;
		size_t tl;
		c->carry[c->ncarry++] = *p++;
		left--;
		memcpy(tmp, c->carry, c->ncarry);
		tl = c->ncarry;
		e = convert_some(c, &tp, &tl, out);
		if (e == 0) {
			c->ncarry = 0;
		} else if (e == EINVAL && c->ncarry < sizeof(c->carry)) {
			continue;
		} else {
			*bad_line = c->lines + 1;
			return -1;
		}
	}
	e = convert_some(c, &p, &left, out);
	if (e == EINVAL && !final && left < sizeof(c->carry)) {
		memcpy(c->carry, p, left);
		c->ncarry = left;
		return 0;
	}
	if (e != 0 || (final && c->ncarry)) {
		*bad_line = c->lines + 1;
		return -1;
	}
	return 0;
}

int textenc_check_file(const char *path, const char *from, unsigned *bad_line)
{
	struct textenc_conv *c = textenc_open(from);
	struct sbuf out = {0};
	char *buf;
	int fd, rc = 0;

	if (!c)
		return -1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		textenc_close(c);
		return error(_("cannot open: %s"), strerror(errno));
	}
	buf = xmalloc(1u << 16);
	for (;;) {
		ssize_t n = read(fd, buf, 1u << 16);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = error(_("cannot read: %s"), strerror(errno));
			break;
		}
		if (textenc_convert(c, buf, (size_t)n, n == 0, &out, bad_line) != 0) {
			rc = 1;
			break;
		}
		sbuf_reset(&out);
		if (n == 0)
			break;
	}
	close(fd);
	free(buf);
	sbuf_free(&out);
	textenc_close(c);
	return rc;
}
