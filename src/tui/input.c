/* input.c - one-line text input: the line editor (struct tui_line, also
 * used by the log form's fields) and the status line's input (owner filter,
 * filters, search).
 *
 * Text is kept as UTF-8; the cursor is a byte offset that always sits on a
 * character boundary. Keys arrive as whole characters (the loop reads them
 * with get_wch), so a Japanese character is inserted, crossed and deleted as
 * one; the cursor is placed by display width (wcwidth, through text_width),
 * and a text wider than the line scrolls so the cursor stays visible. The
 * keys are readline's (tui.h lists them); words end where the script
 * changes (char_class), a value set into the line is selected, and a line
 * with a limit (limits.h) draws a counter near it.
 * Enter asks the owner (done) and keeps the input open, text intact, when it
 * refuses with an error; Esc cancels.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "csconsole/limits.h"
#include "csconsole/text.h"
#include "csconsole/tui.h"

#define KEY_ESC 27
#define CTRL(c) ((c) & 0x1f)

void tui_prompt_open(struct tui *tui, const char *label, const char *initial,
		     const struct tui_prompt_ops *ops, void *arg)
{
	tui_prompt_open_limited(tui, label, initial, 0, ops, arg);
}

void tui_prompt_open_limited(struct tui *tui, const char *label, const char *initial,
			     size_t limit, const struct tui_prompt_ops *ops, void *arg)
{
	struct tui_prompt *p = &tui->prompt;

	tui_line_free(&p->line);
	memset(p, 0, sizeof(*p));
	p->active = true;
	tui->prompt_serial++;
	str_copy(p->label, sizeof(p->label), label);
	tui_line_set(&p->line, initial);
	p->line.limit = limit;
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

/* The selection is the whole text: replaced by what is typed or pasted. */
static bool drop_selection(struct tui_line *p)
{
	bool had = p->selected && p->len > 0;
	p->selected = false;
	if (had)
		delete_range(p, 0, p->len);
	return had;
}

void tui_line_set(struct tui_line *l, const char *text)
{
	size_t n = text ? strlen(text) : 0;
	l->len = 0;
	reserve(l, n);
	memcpy(l->text, text ? text : "", n + 1);
	l->len = n;
	l->cur = n;
	l->selected = n > 0;
}

bool tui_line_insert(struct tui_line *l, const char *text)
{
	bool any = false;
	mbstate_t ps;
	memset(&ps, 0, sizeof(ps));
	if (!l->text)
		tui_line_set(l, "");
	if (*text)
		any = drop_selection(l);
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

size_t tui_line_chars(const struct tui_line *l)
{
	return l->text ? utf8_chars(l->text, l->len) : 0;
}

/* --- Words ------------------------------------------------------------------ */

/* The code point at s[at] (a stray byte stands for itself). */
static unsigned decode(const char *s, size_t at)
{
	const unsigned char *u = (const unsigned char *)s + at;
	size_t n = char_len(s + at);
	if (n == 1)
		return u[0];
	if (n == 2)
		return (unsigned)(u[0] & 0x1f) << 6 | (u[1] & 0x3f);
	if (n == 3)
		return (unsigned)(u[0] & 0x0f) << 12 | (unsigned)(u[1] & 0x3f) << 6 | (u[2] & 0x3f);
	return (unsigned)(u[0] & 0x07) << 18 | (unsigned)(u[1] & 0x3f) << 12 |
	       (unsigned)(u[2] & 0x3f) << 6 | (u[3] & 0x3f);
}

/* What a word is made of: a word is a run of one class; CLASS_GAP (spaces,
 * punctuation) separates words. Japanese is written without spaces, so a
 * change of script is a word boundary (東京|オフィス|で|会議). */
enum char_class { CLASS_GAP, CLASS_ALNUM, CLASS_KANJI, CLASS_HIRAGANA, CLASS_KATAKANA };

static enum char_class char_class(unsigned c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		       c == '_' ? CLASS_ALNUM : CLASS_GAP;
	if ((c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
	    (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x3ffff) ||
	    (c >= 0x3005 && c <= 0x3007))                 /* 々 〆 〇 */
		return CLASS_KANJI;
	if (c >= 0x3041 && c <= 0x309f)
		return CLASS_HIRAGANA;
	if ((c >= 0x30a0 && c <= 0x30ff && c != 0x30fb) || /* not ・, a separator */
	    (c >= 0x31f0 && c <= 0x31ff) || (c >= 0xff66 && c <= 0xff9f))
		return CLASS_KATAKANA;
	if ((c >= 0x3000 && c <= 0x303f) || c == 0x30fb || (c >= 0xff00 && c <= 0xff0f) ||
	    (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) ||
	    (c >= 0xff5b && c <= 0xff65))
		return CLASS_GAP;                            /* Japanese spaces and punctuation */
	return iswalnum((wint_t)c) ? CLASS_ALNUM : CLASS_GAP;  /* ａ, é, 한... */
}

static enum char_class class_at(const struct tui_line *p, size_t at)
{
	return char_class(decode(p->text, at));
}

/* The end of the word at or after at (M-f). */
static size_t word_forward(const struct tui_line *p, size_t at)
{
	while (at < p->len && class_at(p, at) == CLASS_GAP)
		at += char_len(p->text + at);
	if (at >= p->len)
		return p->len;
	enum char_class k = class_at(p, at);
	while (at < p->len && class_at(p, at) == k)
		at += char_len(p->text + at);
	return at;
}

/* The start of the word before at (M-b). */
static size_t word_backward(const struct tui_line *p, size_t at)
{
	while (at > 0 && class_at(p, prev_boundary(p->text, at)) == CLASS_GAP)
		at = prev_boundary(p->text, at);
	if (at == 0)
		return 0;
	enum char_class k = class_at(p, prev_boundary(p->text, at));
	while (at > 0 && class_at(p, prev_boundary(p->text, at)) == k)
		at = prev_boundary(p->text, at);
	return at;
}

/* C-w, as readline's unix-word-rubout: back over spaces, then to a space. */
static size_t space_word_backward(const struct tui_line *p, size_t at)
{
	while (at > 0 && (p->text[at - 1] == ' ' || p->text[at - 1] == '\t'))
		at--;
	while (at > 0 && p->text[at - 1] != ' ' && p->text[at - 1] != '\t')
		at = prev_boundary(p->text, at);
	return at;
}

/* --- Keys -------------------------------------------------------------------- */

enum edit {
	EDIT_NONE, EDIT_LEFT, EDIT_RIGHT, EDIT_HOME, EDIT_END, EDIT_WORD_LEFT, EDIT_WORD_RIGHT,
	EDIT_BACKSPACE, EDIT_DELETE, EDIT_KILL_END, EDIT_KILL_START, EDIT_KILL_SPACE_WORD,
	EDIT_KILL_WORD_RIGHT, EDIT_KILL_WORD_LEFT, EDIT_YANK,
};

/* The text the last kill (C-k, C-u, C-w, M-d, M-Backspace) removed, for C-y:
 * one for the console, as readline keeps one for the session (a kill in one
 * field can be yanked in another). */
static struct sbuf killed;

/* Removes [from, to) and keeps it for C-y; true if anything was removed. */
static bool kill_range(struct tui_line *p, size_t from, size_t to)
{
	if (to <= from) {
		p->cur = from;
		return false;
	}
	sbuf_reset(&killed);
	sbuf_add(&killed, p->text + from, to - from);
	delete_range(p, from, to);
	return true;
}

static enum edit edit_of(int key, bool function_key)
{
	if (function_key) {
		switch (key) {
		case KEY_LEFT:                   return EDIT_LEFT;
		case KEY_RIGHT:                  return EDIT_RIGHT;
		case KEY_HOME:                   return EDIT_HOME;
		case KEY_END:                    return EDIT_END;
		case KEY_BACKSPACE:              return EDIT_BACKSPACE;
		case KEY_DC:                     return EDIT_DELETE;
		case TUI_KEY_ALT('b'):           return EDIT_WORD_LEFT;
		case TUI_KEY_ALT('f'):           return EDIT_WORD_RIGHT;
		case TUI_KEY_ALT('d'):           return EDIT_KILL_WORD_RIGHT;
		case TUI_KEY_ALT(127):           return EDIT_KILL_WORD_LEFT;
		case TUI_KEY_ALT(CTRL('h')):     return EDIT_KILL_WORD_LEFT;
		default:                         return EDIT_NONE;
		}
	}
	switch (key) {
	case 127: case CTRL('h'):            return EDIT_BACKSPACE;
	case CTRL('a'):                      return EDIT_HOME;
	case CTRL('e'):                      return EDIT_END;
	case CTRL('b'):                      return EDIT_LEFT;
	case CTRL('f'):                      return EDIT_RIGHT;
	case CTRL('k'):                      return EDIT_KILL_END;
	case CTRL('u'):                      return EDIT_KILL_START;
	case CTRL('w'):                      return EDIT_KILL_SPACE_WORD;
	case CTRL('y'):                      return EDIT_YANK;
	default:                             return EDIT_NONE;
	}
}

enum tui_line_result tui_line_key(struct tui_line *p, int key, bool function_key)
{
	size_t cur = p->cur, at;
	bool changed = false, was_selected;
	enum edit ed;

	if (!p->text)
		tui_line_set(p, "");
	was_selected = p->selected && p->len > 0;
	ed = edit_of(key, function_key);
	if (ed == EDIT_NONE) {
		if (function_key || key < 0x20 || key == 127)
			return LINE_IGNORED;
		/* a character: it replaces the selection */
		changed = drop_selection(p);
		changed = insert(p, (unsigned)key) || changed;
		return changed ? LINE_CHANGED : LINE_HANDLED;
	}
	p->selected = false;
	if (was_selected && (ed == EDIT_BACKSPACE || ed == EDIT_DELETE)) {
		delete_range(p, 0, p->len);       /* deletes the selection */
		return LINE_CHANGED;
	}
	switch (ed) {
	case EDIT_LEFT:       p->cur = prev_boundary(p->text, p->cur); break;
	case EDIT_RIGHT:      if (p->cur < p->len) p->cur += char_len(p->text + p->cur); break;
	case EDIT_HOME:       p->cur = 0; break;
	case EDIT_END:        p->cur = p->len; break;
	case EDIT_WORD_LEFT:  p->cur = word_backward(p, p->cur); break;
	case EDIT_WORD_RIGHT: p->cur = word_forward(p, p->cur); break;
	case EDIT_BACKSPACE:
		if (p->cur > 0) {
			delete_range(p, prev_boundary(p->text, p->cur), p->cur);
			changed = true;
		}
		break;
	case EDIT_DELETE:
		if (p->cur < p->len) {
			at = p->cur;
			delete_range(p, at, at + char_len(p->text + at));
			changed = true;
		}
		break;
	case EDIT_KILL_END:
		changed = kill_range(p, p->cur, p->len);
		break;
	case EDIT_KILL_START:
		changed = kill_range(p, 0, p->cur);
		break;
	case EDIT_KILL_SPACE_WORD:
		changed = kill_range(p, space_word_backward(p, p->cur), p->cur);
		break;
	case EDIT_KILL_WORD_LEFT:
		changed = kill_range(p, word_backward(p, p->cur), p->cur);
		break;
	case EDIT_KILL_WORD_RIGHT:
		at = p->cur;
		changed = kill_range(p, at, word_forward(p, at));
		break;
	case EDIT_YANK:
		changed = killed.len > 0 && tui_line_insert(p, sbuf_str(&killed));
		break;
	case EDIT_NONE:
		break;
	}
	return changed ? LINE_CHANGED : p->cur != cur || was_selected ? LINE_MOVED : LINE_HANDLED;
}

/* --- Drawing ------------------------------------------------------------------ */

int tui_line_draw(const struct tui_line *l, int y, int x, int width, enum theme_element e)
{
	int skip = 0, counter_w = 0;
	char *head, counter[48];

	if (width < 2) {
		tui_fill(y, x, width > 0 ? width : 0, e);
		return x;
	}
	const char *text = l->text ? l->text : "";
	/* the counter, from TUI_LINE_COUNTER_PERCENT of the limit on, at the right */
	if (l->limit > 0) {
		size_t n = tui_line_chars(l);
		if (n * 100 >= l->limit * TUI_LINE_COUNTER_PERCENT) {
			str_format(counter, sizeof(counter), "%zu/%zu", n, l->limit);
			counter_w = text_width(counter) + 1;
			if (width - counter_w < 8)
				counter_w = 0;            /* too narrow: the text first */
			else
				tui_put(y, x + width - counter_w, counter_w, n > l->limit ? ELEM_STATUS_ERROR : e,
					ALIGN_RIGHT, counter);
			width -= counter_w;
		}
	}
	/* scroll whole characters off the left until the cursor fits */
	head = xstrndup(text, l->cur);
	while (text_width(head + skip) > width - 1 && head[skip])
		skip += (int)char_len(head + skip);
	int cx = x + text_width(head + skip);
	tui_put(y, x, width, e, ALIGN_LEFT, text + skip);
	if (l->selected && l->len > 0) {
		/* the selection in reverse, over the text shown */
		int w = text_width(text + skip);
		attr_t a = theme_attr(e);
		mvchgat(y, x, w < width ? w : width, (a & ~A_COLOR) ^ A_REVERSE, (short)PAIR_NUMBER(a), NULL);
	}
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
