/* input.c - one-line text input: the line editor (struct tui_line, also
 * used by the log form's fields) and the status line's input (owner filter,
 * filters, search).
 *
 * Text is kept as UTF-8; the cursor is a byte offset that always sits on a
 * character boundary. Keys arrive as whole characters (the loop reads them
 * with get_wch), so a Japanese character is inserted, crossed and deleted as
 * one; the cursor is placed by display width (wcwidth, through text_width),
 * and a text wider than the line scrolls so the cursor stays visible.
 * Enter asks the owner (done) and keeps the input open, text intact, when it
 * refuses with an error; Esc cancels.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "csconsole/text.h"
#include "csconsole/tui.h"

#define KEY_ESC 27
#define CTRL(c) ((c) & 0x1f)

void tui_prompt_open(struct tui *tui, const char *label, const char *initial,
		     const struct tui_prompt_ops *ops, void *arg)
{
	struct tui_prompt *p = &tui->prompt;

	tui_line_free(&p->line);
	memset(p, 0, sizeof(*p));
	p->active = true;
	tui->prompt_serial++;
	str_copy(p->label, sizeof(p->label), label);
	tui_line_set(&p->line, initial);
	p->ops = ops;
	p->arg = arg;
}

/* Byte length of the UTF-8 character that starts at s (1 for a stray byte). */
static size_t char_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;

	for (size_t i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

static size_t prev_boundary(const char *s, size_t at)
{
	if (at == 0)
		return 0;
	at--;
	while (at > 0 && ((unsigned char)s[at] & 0xc0) == 0x80)
		at--;
	return at;
}

/* UTF-8 of code point c into out (at least 4 bytes); 0 if not encodable. */
static size_t utf8_encode(unsigned c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c >= 0xd800 && c <= 0xdfff)
		return 0;
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	if (c < 0x110000) {
		out[0] = (char)(0xf0 | (c >> 18));
		out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[3] = (char)(0x80 | (c & 0x3f));
		return 4;
	}
	return 0;
}

/* Room for len more bytes and the terminating NUL. */
static void reserve(struct tui_line *l, size_t more)
{
	if (l->text && l->len + more < l->cap)
		return;
	size_t cap = l->cap ? l->cap : 64;
	while (cap <= l->len + more)
		cap *= 2;
	l->text = xreallocarray(l->text, cap, 1);
	if (!l->cap)
		l->text[0] = '\0';
	l->cap = cap;
}

static bool insert(struct tui_line *p, unsigned c)
{
	char enc[4];
	size_t n;

	/* control and zero-width characters would misplace the cursor */
	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || wcwidth((wchar_t)c) <= 0)
		return false;
	n = utf8_encode(c, enc);
	if (n == 0)
		return false;
	reserve(p, n);
	memmove(p->text + p->cur + n, p->text + p->cur, p->len - p->cur + 1);
	memcpy(p->text + p->cur, enc, n);
	p->cur += n;
	p->len += n;
	return true;
}

static void delete_range(struct tui_line *p, size_t from, size_t to)
{
	memmove(p->text + from, p->text + to, p->len - to + 1);
	p->len -= to - from;
	p->cur = from;
}

void tui_line_set(struct tui_line *l, const char *text)
{
	size_t n = text ? strlen(text) : 0;
	l->len = 0;
	reserve(l, n);
	memcpy(l->text, text ? text : "", n + 1);
	l->len = n;
	l->cur = n;
}

bool tui_line_insert(struct tui_line *l, const char *text)
{
	bool any = false;
	mbstate_t ps;
	memset(&ps, 0, sizeof(ps));
	if (!l->text)
		tui_line_set(l, "");
	for (const char *s = text; *s;) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, strlen(s), &ps);
		if (n == (size_t)-1 || n == (size_t)-2) {
			memset(&ps, 0, sizeof(ps));
			s++;                  /* a stray byte: dropped */
			continue;
		}
		if (wc == L'\n' || wc == L'\r' || wc == L'\t')
			wc = L' ';
		any = insert(l, (unsigned)wc) || any;
		s += n ? n : 1;
	}
	return any;
}

void tui_line_free(struct tui_line *l)
{
	free(l->text);
	memset(l, 0, sizeof(*l));
}

enum tui_line_result tui_line_key(struct tui_line *p, int key, bool function_key)
{
	size_t cur = p->cur;
	bool changed = false;

	if (!p->text)
		tui_line_set(p, "");
	if (function_key) {
		switch (key) {
		case KEY_LEFT:      p->cur = prev_boundary(p->text, p->cur); break;
		case KEY_RIGHT:     if (p->cur < p->len) p->cur += char_len(p->text + p->cur); break;
		case KEY_HOME:      p->cur = 0; break;
		case KEY_END:       p->cur = p->len; break;
		case KEY_BACKSPACE:
			if (p->cur > 0) {
				delete_range(p, prev_boundary(p->text, p->cur), p->cur);
				changed = true;
			}
			break;
		case KEY_DC:
			if (p->cur < p->len) {
				size_t at = p->cur;
				delete_range(p, at, at + char_len(p->text + at));
				changed = true;
			}
			break;
		default:
			return LINE_IGNORED;
		}
	} else if (key == 127 || key == CTRL('h')) {
		if (p->cur > 0) {
			delete_range(p, prev_boundary(p->text, p->cur), p->cur);
			changed = true;
		}
	} else if (key == CTRL('a')) {
		p->cur = 0;
	} else if (key == CTRL('e')) {
		p->cur = p->len;
	} else if (key == CTRL('u')) {
		changed = p->cur > 0;
		delete_range(p, 0, p->cur);
	} else if (key >= 0x20 && key != 127) {
		changed = insert(p, (unsigned)key);
	} else {
		return LINE_IGNORED;
	}
	return changed ? LINE_CHANGED : p->cur != cur ? LINE_MOVED : LINE_HANDLED;
}

int tui_line_draw(const struct tui_line *l, int y, int x, int width, enum theme_element e)
{
	int skip = 0;
	char *head;

	if (width < 2) {
		tui_fill(y, x, width > 0 ? width : 0, e);
		return x;
	}
	/* scroll whole characters off the left until the cursor fits */
	const char *text = l->text ? l->text : "";
	head = xstrndup(text, l->cur);
	while (text_width(head + skip) > width - 1 && head[skip])
		skip += (int)char_len(head + skip);
	int cx = x + text_width(head + skip);
	tui_put(y, x, width, e, ALIGN_LEFT, text + skip);
	free(head);
	return cx;
}

static void finish(struct tui *tui)
{
	tui->prompt.active = false;
	tui_line_free(&tui->prompt.line);
}

void tui_prompt_key(struct tui *tui, int key, bool function_key)
{
	struct tui_prompt *p = &tui->prompt;
	const struct tui_prompt_ops *ops = p->ops;

	p->error[0] = '\0';
	if (!function_key && key == KEY_ESC) {
		finish(tui);
		if (ops->cancel)
			ops->cancel(tui, p->arg);
		return;
	}
	if ((function_key && key == KEY_ENTER) || (!function_key && (key == '\n' || key == '\r'))) {
		/* A copy: done() may open the next question over this one. */
		char *text = xstrdup(p->line.text ? p->line.text : "");
		unsigned serial = tui->prompt_serial;
		int rc = ops->done(tui, text, p->arg);
		free(text);
		if (rc < 0) {
			str_copy(p->error, sizeof(p->error), error_message());
			return;                       /* the text stays, with the reason */
		}
		if (tui->prompt_serial == serial)
			finish(tui);                  /* else done() asked the next question */
		return;
	}
	if (tui_line_key(&p->line, key, function_key) == LINE_CHANGED && ops->change)
		ops->change(tui, p->line.text, p->arg);
}

int tui_prompt_draw(struct tui *tui, int y, int width)
{
	struct tui_prompt *p = &tui->prompt;
	int label_w = text_width(p->label), field_w, err_w = 0;

	tui_fill(y, 0, width, ELEM_STATUS);
	/* at the right: why Enter was refused, else the view's state (the
	 * search moves the selection while typing) */
	if (p->error[0] || tui->status_right[0]) {
		const char *right = p->error[0] ? p->error : tui->status_right;
		err_w = text_width(right) + 2;
		if (err_w > width / 2)
			err_w = width / 2;
		tui_put(y, width - err_w, err_w - 1, p->error[0] ? ELEM_STATUS_ERROR : ELEM_STATUS,
			ALIGN_RIGHT, right);
	}
	tui_put(y, 0, label_w, ELEM_STATUS, ALIGN_LEFT, p->label);
	field_w = width - label_w - err_w - 1;
	if (field_w < 2)
		return label_w;
	return tui_line_draw(&p->line, y, label_w, field_w, ELEM_STATUS);
}
