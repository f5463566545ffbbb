/* keys.c - key names and the bindings table (TUI_ACTIONS in tui.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
	{ "Up", KEY_UP }, { "Down", KEY_DOWN }, { "Left", KEY_LEFT }, { "Right", KEY_RIGHT },
	{ "PgUp", KEY_PPAGE }, { "PgDn", KEY_NPAGE }, { "Home", KEY_HOME }, { "End", KEY_END },
	{ "Enter", '\n' }, { "Esc", KEY_ESC }, { "Tab", '\t' }, { "Space", ' ' },
	{ "Backspace", KEY_BACKSPACE }, { "Delete", KEY_DC }, { "Insert", KEY_IC },
};

const char *tui_action_name(enum tui_action a)
{
	return (unsigned)a < ACTION_COUNT ? actions[a].name : "?";
}

const char *tui_action_help(enum tui_action a)
{
	return (unsigned)a < ACTION_COUNT ? actions[a].help : "";
}

const char *tui_action_keys(enum tui_action a)
{
	return (unsigned)a < ACTION_COUNT ? actions[a].keys : "";
}

const char *tui_action_hint(enum tui_action a)
{
	return (unsigned)a < ACTION_COUNT ? actions[a].hint : NULL;
}

bool tui_key_parse(const char *name, int *key)
{
	long n;

	if (str_empty(name))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(named_keys); i++) {
		if (!strcasecmp(name, named_keys[i].name)) {
			*key = named_keys[i].key;
			return true;
		}
	}
	if (name[1] == '\0' && isgraph((unsigned char)name[0])) {
		*key = (unsigned char)name[0];
		return true;
	}
	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] && !name[3] &&
	    isalpha((unsigned char)name[2])) {
		*key = CTRL(tolower((unsigned char)name[2]));
		return true;
	}
	if ((name[0] == 'F' || name[0] == 'f') && str_to_long(name + 1, 1, 12, &n)) {
		*key = KEY_F((int)n);
		return true;
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

void tui_bindings_default(struct tui *tui)
{
	for (size_t a = 1; a < ACTION_COUNT; a++) {
		char *keys = xstrdup(actions[a].keys), *save = NULL;
		for (char *k = strtok_r(keys, " ", &save); k; k = strtok_r(NULL, " ", &save)) {
			int key;
			if (!tui_key_parse(k, &key))
				die("bindings table: bad key \"%s\" for %s", k, actions[a].name);
			bind(tui, key, (enum tui_action)a);
		}
		free(keys);
	}
	/* terminals send Enter as KEY_ENTER or carriage return too */
	for (size_t i = 0; i < tui->n_bindings; i++) {
		if (tui->bindings[i].key == '\n') {
			bind(tui, KEY_ENTER, tui->bindings[i].action);
			bind(tui, '\r', tui->bindings[i].action);
			break;
		}
	}
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

void tui_key_hints(const struct tui *tui, char *out, size_t size)
{
	struct sbuf b = { 0 };

	for (size_t a = 1; a < ACTION_COUNT; a++) {
		char key[32];
		if (!actions[a].hint)
			continue;
		tui_action_key_name(tui, (enum tui_action)a, key, sizeof(key));
		if (key[0])
			sbuf_addf(&b, "%s%s %s", b.len ? "  " : "", key, actions[a].hint);
	}
	str_copy(out, size, sbuf_str(&b));
	sbuf_free(&b);
}
