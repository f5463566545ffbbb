/* draw.c - drawing text in cells: fitting, alignment, column layout.
 *
 * Every string reaches the screen through tui_put(), which fits it with
 * text_fit(): widths are display cells (a Japanese character is two), a cut
 * never falls inside a character and ends with an ellipsis.
 */
#include <stdlib.h>
#include <string.h>

#include "csconsole/text.h"
#include "csconsole/date.h"
#include "csconsole/tui.h"

/* A buffer for one fitted cell run; grows with the widest screen seen. */
static char *fit_buf;
static size_t fit_cap;

/* csconsole's own glyphs become ASCII outside UTF-8 locales and with
 * `glyphs: ascii` (text_glyph_ascii()); other non-ASCII characters stay as
 * they are in a UTF-8 locale (Japanese text is text, not a glyph) and become
 * one '?' each outside it, where curses cannot draw them: widths and columns
 * stay right either way. */
static char *ascii_buf;
static size_t ascii_cap;

static const char *ascii_fold(const char *s)
{
	static int utf8 = -1;
	size_t n = 0, len;
	const char *p;

	if (utf8 < 0)
		utf8 = text_locale_utf8();
	if (!s || text_glyphs_unicode())
		return s;
	for (p = s; *p && (unsigned char)*p < 0x80; p++)
		;
	if (!*p)
		return s;                      /* plain ASCII: nothing to do */
	len = strlen(s);
	if (len + 1 > ascii_cap) {         /* a stand-in is never longer than its glyph */
		free(ascii_buf);
		ascii_cap = len + 1;
		ascii_buf = xmalloc(ascii_cap);
	}
	for (p = s; *p;) {
		size_t glen;
		const char *a = text_glyph_ascii(p, &glen);
		if (a) {
			ascii_buf[n++] = *a;
			p += glen;
		} else if ((unsigned char)*p < 0x80 || utf8) {
			ascii_buf[n++] = *p++;
		} else {
			ascii_buf[n++] = '?';      /* a lead (or stray) byte: one character */
			for (p++; (*p & 0xc0) == 0x80; p++)
				;
		}
	}
	ascii_buf[n] = '\0';
	return ascii_buf;
}

static char *fit(const char *text, int width, int *used)
{
	/* at most 4 bytes per cell, plus an ellipsis and the NUL */
	size_t need = (size_t)width * 4 + 8;

	if (need > fit_cap) {
		free(fit_buf);
		fit_cap = need < 1024 ? 1024 : need;
		fit_buf = xmalloc(fit_cap);
	}
	text = ascii_fold(text ? text : "");
	*used = text_fit(text, width, false, fit_buf, fit_cap);
	return fit_buf;
}

static void spaces(int n)
{
	while (n-- > 0)
		addch(' ');
}

void tui_fill(int y, int x, int width, enum theme_element e)
{
	if (width <= 0)
		return;
	attrset(theme_attr(e));
	move(y, x);
	spaces(width);
	attrset(A_NORMAL);
}

void tui_put(int y, int x, int width, enum theme_element e, enum tui_align align, const char *text)
{
	int used;
	char *s;

	if (width <= 0 || y < 0 || y >= LINES || x < 0 || x >= COLS)
		return;
	if (x + width > COLS)
		width = COLS - x;
	s = fit(text, width, &used);
	attrset(theme_attr(e));
	move(y, x);
	if (align == ALIGN_RIGHT)
		spaces(width - used);
	addstr(s);
	if (align == ALIGN_LEFT)
		spaces(width - used);
	attrset(A_NORMAL);
}

void tui_put_centered(int y, int x, int width, enum theme_element e, const char *text)
{
	int w = text_width(ascii_fold(text ? text : ""));

	if (w > width)
		w = width;
	tui_put(y, x + (width - w) / 2, w, e, ALIGN_LEFT, text);
}

void tui_columns_layout(struct tui_column *cols, size_t n, int width, int gap)
{
	bool shown[64];
	int x = 0;

	if (n > ARRAY_SIZE(shown))
		n = ARRAY_SIZE(shown);
	for (size_t i = 0; i < n; i++)
		shown[i] = true;

	/* hide the lowest-priority columns until the rest fit at their widths */
	for (;;) {
		int need = 0, visible = 0;
		size_t victim = n;
		for (size_t i = 0; i < n; i++) {
			if (!shown[i])
				continue;
			need += cols[i].width;
			visible++;
			if (cols[i].priority > 0 &&
			    (victim == n || cols[i].priority >= cols[victim].priority))
				victim = i;
		}
		need += gap * (visible > 0 ? visible - 1 : 0);
		if (need <= width || victim == n)
			break;
		shown[victim] = false;
	}

	/* the flexible column takes what the others leave */
	int fixed = 0, visible = 0;
	for (size_t i = 0; i < n; i++) {
		if (shown[i]) {
			visible++;
			if (!cols[i].flex)
				fixed += cols[i].width;
		}
	}
	int rest = width - fixed - gap * (visible > 0 ? visible - 1 : 0);

	for (size_t i = 0; i < n; i++) {
		int w = shown[i] ? (cols[i].flex ? rest : cols[i].width) : 0;
		if (w > width - x)
			w = width - x;
		if (w <= 0) {
			cols[i].x = x;
			cols[i].w = 0;
			continue;
		}
		cols[i].x = x;
		cols[i].w = w;
		x += w + gap;
	}
}

/* ---- Colours by meaning, the same on every screen ------------------------------ */

enum theme_element tui_band_element(const struct config *cfg, double score)
{
	const char *band = health_band(cfg, score);

	return str_eq(band, "red") ? ELEM_HEALTH_RED : str_eq(band, "yellow") ? ELEM_HEALTH_YELLOW
									       : ELEM_HEALTH_GREEN;
}

enum theme_element tui_sentiment_element(const struct config *cfg, int s)
{
	int n = (int)cfg->sentiment_labels.len;

	if (s <= 0)
		return ELEM_DIM;
	/* below the middle of the scale is bad news, above it good */
	return 2 * s < n + 1 ? ELEM_DELTA_DOWN : 2 * s > n + 1 ? ELEM_DELTA_UP : ELEM_NORMAL;
}

enum theme_element tui_delta_element(long delta)
{
	return delta < 0 ? ELEM_DELTA_DOWN : delta > 0 ? ELEM_DELTA_UP : ELEM_DIM;
}

enum theme_element tui_renewal_element(const struct config *cfg, int renewal_day, int days_left)
{
	int n = cfg->n_renewal_windows;

	if (renewal_day == DAY_NONE)
		return ELEM_DIM;
	if (days_left < 0)
		return ELEM_RENEWAL_PAST;
	if (n >= 1 && days_left <= cfg->renewal_windows[n - 1])
		return ELEM_RENEWAL_NEAR;
	if (n >= 2 && days_left <= cfg->renewal_windows[n - 2])
		return ELEM_RENEWAL_SOON;
	return ELEM_NORMAL;
}
