/* limits.c - the one table of field limits (see limits.h). */
#include <stdlib.h>
#include <string.h>

#include "csconsole/i18n.h"
#include "csconsole/limits.h"
#include "csconsole/text.h"
#include "csconsole/util.h"

static const struct limit_info limits[LIMIT_COUNT] = {
#define LIMIT_ROW(id, name, chars, cells, what, hint) [LIMIT_##id] = { name, chars, cells, what, hint },
	LIMIT_FIELDS(LIMIT_ROW)
#undef LIMIT_ROW
};

const struct limit_info *limit_info(enum limit_field f)
{
	return &limits[f < LIMIT_COUNT ? f : 0];
}

size_t limit_chars(enum limit_field f)
{
	return limit_info(f)->chars;
}

size_t limit_bytes(enum limit_field f)
{
	return 4 * limit_info(f)->chars;
}

size_t utf8_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

int limit_check(enum limit_field f, const char *label, const char *s, size_t len)
{
	const struct limit_info *li = limit_info(f);
	const char *name = label ? label : _(li->name);

	/* the backstop first: counting a huge text is what it prevents */
	if (len > limit_bytes(f))
		return error(_("%s: %zu bytes, more than %zu characters can take (the limit is %zu "
			     "characters); %s"), name, len, li->chars, li->chars, _(li->hint));
	size_t n = utf8_chars(s, len);
	if (n > li->chars)
		return error(_("%s: %zu characters, the limit is %zu; %s"), name, n, li->chars, _(li->hint));
	if (li->cells > 0) {
		char *copy = xstrndup(s, len);
		int w = text_width(copy);
		free(copy);
		if (w > li->cells)
			return error(_("%s: %d cells wide, the limit is %d; %s"), name, w, li->cells,
				     _(li->hint));
	}
	return 0;
}

char *limit_table_markdown(void)
{
	struct sbuf b = { 0 };

	sbuf_addf(&b, "| field | characters | cells | what it is |\n|---|---|---|---|\n");
	for (int f = 0; f < LIMIT_COUNT; f++) {
		const struct limit_info *li = &limits[f];
		if (li->cells > 0)
			sbuf_addf(&b, "| %s | %zu | %d | %s |\n", li->name, li->chars, li->cells, li->what);
		else
			sbuf_addf(&b, "| %s | %zu | - | %s |\n", li->name, li->chars, li->what);
	}
	return b.data;
}
