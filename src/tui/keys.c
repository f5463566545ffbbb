/* keys.c - key names and the bindings table (TUI_ACTIONS in tui.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csconsole/i18n.h"
#include "csconsole/text.h"
#include "csconsole/tui.h"

struct action_info {
	const char *name, *keys, *hint, *help;
};

static const struct action_info actions[ACTION_COUNT] = {
	[ACTION_NONE] = { "none", "", NULL, "" },
#define TUI_ACTION_INFO(id, nm, keys, hint, help) [ACTION_##id] = { nm, keys, hint, help },
	TUI_ACTIONS(TUI_ACTION_INFO)
#undef TUI_ACTION_INFO
};

#define KEY_ESC 27
#define CTRL(c) ((c) & 0x1f)

static const struct {
	const char *name;
	int key;
} named_keys[] = {
#define NAMED_KEY(nm, code) { nm, code },
	TUI_NAMED_KEYS(NAMED_KEY)
#undef NAMED_KEY
};

const char *tui_action_name(enum tui_action a)
{
	return (unsigned)a < ACTION_COUNT ? actions[a].name : "?";
}

/* The table's texts are marked N_(): translated here, where they are used
 * (never _("") on an empty one: that is the catalog's header). */
const char *tui_action_help(enum tui_action a)
{
	return (unsigned)a < ACTION_COUNT && actions[a].help[0] ? _(actions[a].help) : "";
}

const char *tui_action_keys(enum tui_action a)
{
	return (unsigned)a < ACTION_COUNT ? actions[a].keys : "";
}

const char *tui_action_hint(enum tui_action a)
{
	return (unsigned)a < ACTION_COUNT && actions[a].hint ? _(actions[a].hint) : NULL;
}

bool tui_key_parse(const char *name, int *key)
{
	int arg = 0;

	switch (tui_key_spec(name, &arg)) {
	case TUI_KEY_NAMED: *key = named_keys[arg].key; return true;
	case TUI_KEY_CHAR:  *key = arg; return true;
	case TUI_KEY_CTRL:  *key = CTRL(arg); return true;
	case TUI_KEY_FN:    *key = KEY_F(arg); return true;
	case TUI_KEY_BAD:   break;
	}
	return false;
}

void tui_key_name(int key, char *out, size_t size)
{
	for (size_t i = 0; i < ARRAY_SIZE(named_keys); i++) {
		if (named_keys[i].key == key) {
			str_copy(out, size, named_keys[i].name);
			return;
		}
	}
	if (key == KEY_ENTER || key == '\r') {
		str_copy(out, size, "Enter");
	} else if (key > ' ' && key < 127) {
		str_format(out, size, "%c", key);
	} else if (key > 0 && key < ' ') {
		str_format(out, size, "C-%c", key + 'a' - 1);
	} else if (key >= KEY_F(1) && key <= KEY_F(12)) {
		str_format(out, size, "F%d", key - KEY_F(0));
	} else {
		const char *kn = keyname(key);
		str_copy(out, size, kn ? kn : "?");
	}
}

static void bind(struct tui *tui, int key, enum tui_action action)
{
	for (size_t i = 0; i < tui->n_bindings; i++) {
		if (tui->bindings[i].key == key) {
			tui->bindings[i].action = action;
			return;
		}
	}
	tui->bindings = xreallocarray(tui->bindings, tui->n_bindings + 1, sizeof(*tui->bindings));
	tui->bindings[tui->n_bindings++] = (struct tui_binding){ key, action };
}

static void bind_name(struct tui *tui, const char *name, enum tui_action a)
{
	int key;

	if (!tui_key_parse(name, &key))
		die(_("bindings: bad key \"%s\" for %s"), name, actions[a].name);
	bind(tui, key, a);
	/* terminals send Enter as KEY_ENTER or carriage return too */
	if (key == '\n') {
		bind(tui, KEY_ENTER, a);
		bind(tui, '\r', a);
	}
}

void tui_bindings_default(struct tui *tui)
{
	tui->n_bindings = 0;
	for (size_t a = 1; a < ACTION_COUNT; a++) {
		char *keys = xstrdup(actions[a].keys), *save = NULL;
		for (char *k = strtok_r(keys, " ", &save); k; k = strtok_r(NULL, " ", &save))
			bind_name(tui, k, (enum tui_action)a);
		free(keys);
	}
}

static bool tui_has_action(const struct tui *tui, enum tui_action a)
{
	for (size_t i = 0; i < tui->n_bindings; i++)
		if (tui->bindings[i].action == a)
			return true;
	return false;
}

void tui_bindings_load(struct tui *tui, const struct config *cfg)
{
	/* the configuration holds every action's keys (the defaults included),
	 * with no key in two lists: config.c checked them against this table */
	tui->n_bindings = 0;
	for (size_t a = 1; a < ACTION_COUNT; a++)
		for (size_t i = 0; i < cfg->keys[a].len; i++)
			bind_name(tui, cfg->keys[a].items[i], (enum tui_action)a);
	if (!tui_has_action(tui, ACTION_QUIT))
		tui_bindings_default(tui);      /* a configuration without keys: the table's */
}

enum tui_action tui_key_action(const struct tui *tui, int key)
{
	for (size_t i = 0; i < tui->n_bindings; i++)
		if (tui->bindings[i].key == key)
			return tui->bindings[i].action;
	return ACTION_NONE;
}

void tui_action_key_name(const struct tui *tui, enum tui_action a, char *out, size_t size)
{
	if (size)
		out[0] = '\0';
	for (size_t i = 0; i < tui->n_bindings; i++) {
		if (tui->bindings[i].action == a) {
			tui_key_name(tui->bindings[i].key, out, size);
			return;
		}
	}
}

void tui_action_bound_keys(const struct tui *tui, enum tui_action a, const char *sep,
			   char *out, size_t size)
{
	struct sbuf b = { 0 };

	for (size_t i = 0; i < tui->n_bindings; i++) {
		char name[32];
		int key = tui->bindings[i].key;
		/* the Enter aliases are bound with Enter: name it once */
		if (tui->bindings[i].action != a || key == KEY_ENTER || key == '\r')
			continue;
		tui_key_name(key, name, sizeof(name));
		sbuf_addf(&b, "%s%s", b.len ? sep : "", name);
	}
	str_copy(out, size, sbuf_str(&b));
	sbuf_free(&b);
}

/* Does the top view take this action? (NULL hints: every action.) */
static bool view_hints(const struct tui *tui, enum tui_action a)
{
	const enum tui_action *h = tui->depth > 0 ? tui->views[tui->depth - 1].ops->hints : NULL;

	if (!h)
		return true;
	for (; *h != ACTION_NONE; h++)
		if (*h == a)
			return true;
	return false;
}

void tui_key_hints(const struct tui *tui, int width, char *out, size_t size)
{
	struct { char text[64]; bool keep; } items[ACTION_COUNT];
	size_t n = 0;
	int total = 0;

	for (size_t a = 1; a < ACTION_COUNT; a++) {
		char key[32];
		if (!actions[a].hint || !view_hints(tui, (enum tui_action)a))
			continue;
		tui_action_key_name(tui, (enum tui_action)a, key, sizeof(key));
		if (!key[0])
			continue;
		str_format(items[n].text, sizeof(items[n].text), "%s %s", key, _(actions[a].hint));
		items[n].keep = a == ACTION_HELP || a == ACTION_QUIT;
		total += (n ? 2 : 0) + text_width(items[n].text);
		n++;
	}
	/* too wide: drop the last hints but help and quit, whole, never cut one */
	for (size_t i = n; i-- > 0 && total > width;) {
		if (items[i].keep || !items[i].text[0])
			continue;
		total -= 2 + text_width(items[i].text);
		items[i].text[0] = '\0';
	}
	struct sbuf b = { 0 };
	for (size_t i = 0; i < n; i++)
		if (items[i].text[0])
			sbuf_addf(&b, "%s%s", b.len ? "  " : "", items[i].text);
	str_copy(out, size, sbuf_str(&b));
	sbuf_free(&b);
}
