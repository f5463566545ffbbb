/* choice.c - picking one of a list of names by typing (see choice.h). */
#include <string.h>

#include "csconsole/choice.h"
#include "csconsole/util.h"

/* ASCII only: bytes of UTF-8 sequences stay as they are, whatever the locale. */
static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

static bool ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* s starts with q, ASCII letters in any case. */
static bool prefix_nocase(const char *s, const char *q)
{
	for (; *q; s++, q++)
		if (!*s || ascii_lower((unsigned char)*s) != ascii_lower((unsigned char)*q))
			return false;
	return true;
}

/* q matches the item at its start (word false) or at the start of a later
 * word (after a space, '_', '-' or another ASCII non-alphanumeric). */
static bool choice_matches(const char *item, const char *q, bool word)
{
	if (!word)
		return prefix_nocase(item, q);
	for (size_t i = 1; item[i]; i++) {
		unsigned char before = (unsigned char)item[i - 1];
		if (before < 0x80 && !ascii_alnum(before) && prefix_nocase(item + i, q))
			return true;
	}
	return false;
}

bool choice_find(const char *const *items, size_t n, size_t from, const char *q, size_t *found)
{
	for (int word = 0; word < 2; word++)
		for (size_t k = 0; k < n; k++) {
			size_t i = (from + k) % n;
			if (choice_matches(items[i], q, word)) {
				*found = i;
				return true;
			}
		}
	return false;
}

bool choice_type(const char *const *items, size_t n, size_t *cur, char *typed, size_t tsize,
		 const char *ch)
{
	size_t found;
	char q[64];

	if (typed[0] && strlen(typed) + strlen(ch) < tsize && strlen(typed) + strlen(ch) < sizeof(q)) {
		str_format(q, sizeof(q), "%s%s", typed, ch);
		if (choice_find(items, n, *cur, q, &found)) {
			*cur = found;
			str_copy(typed, tsize, q);
			return true;
		}
	}
	if (n && choice_find(items, n, (*cur + 1) % n, ch, &found)) {
		*cur = found;
		str_copy(typed, tsize, ch);
		return true;
	}
	typed[0] = '\0';
	return false;
}
