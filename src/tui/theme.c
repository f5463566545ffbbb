/* theme.c - theme elements, theme files and colour pairs (see tui_theme.h). */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csconsole/i18n.h"
#include "csconsole/tui_theme.h"
#include "csconsole/util.h"
#include "csconsole/yamldoc.h"

#ifndef CSCONSOLE_DATADIR
#define CSCONSOLE_DATADIR "/usr/local/share/csconsole"
#endif

struct element_info {
	const char *name;
	const char *help;
	struct theme_style dark;
	attr_t mono;
};

static const struct element_info elements[ELEM_COUNT] = {
#define THEME_ELEMENT_INFO(id, nm, fg, bg, attrs, mono_attrs, what) \
	[ELEM_##id] = { nm, what, { fg, bg, attrs }, mono_attrs },
	THEME_ELEMENTS(THEME_ELEMENT_INFO)
#undef THEME_ELEMENT_INFO
};

/* What theme_attr() returns, set by theme_apply(). */
static attr_t applied[ELEM_COUNT];

const char *theme_element_name(enum theme_element e)
{
	return (unsigned)e < ELEM_COUNT ? elements[e].name : "?";
}

const char *theme_element_help(enum theme_element e)
{
	return (unsigned)e < ELEM_COUNT ? elements[e].help : "";
}

bool theme_element_parse(const char *name, enum theme_element *out)
{
	for (size_t i = 0; i < ELEM_COUNT; i++) {
		if (str_eq(name, elements[i].name)) {
			*out = (enum theme_element)i;
			return true;
		}
	}
	return false;
}

void theme_defaults(struct theme *t, bool mono)
{
	free(t->path);
	t->path = NULL;
	str_copy(t->name, sizeof(t->name), mono ? "monochrome" : "dark");
	for (size_t i = 0; i < ELEM_COUNT; i++) {
		if (mono)
			t->style[i] = (struct theme_style){ COLOR_DEF, COLOR_DEF, elements[i].mono };
		else
			t->style[i] = elements[i].dark;
	}
}

void theme_free(struct theme *t)
{
	free(t->path);
	t->path = NULL;
}

/* --- Colours --------------------------------------------------------------- */

static const char *const color_names[8] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

/* The xterm palette's red, green and blue for colour c (0-255). */
static void xterm_rgb(int c, int rgb[3])
{
	static const int base[16][3] = {
		{0, 0, 0}, {205, 0, 0}, {0, 205, 0}, {205, 205, 0},
		{0, 0, 238}, {205, 0, 205}, {0, 205, 205}, {229, 229, 229},
		{127, 127, 127}, {255, 0, 0}, {0, 255, 0}, {255, 255, 0},
		{92, 92, 255}, {255, 0, 255}, {0, 255, 255}, {255, 255, 255},
	};
	static const int level[6] = { 0, 95, 135, 175, 215, 255 };

	if (c < 16) {
		memcpy(rgb, base[c], sizeof(base[c]));
	} else if (c < 232) {
		c -= 16;
		rgb[0] = level[c / 36];
		rgb[1] = level[(c / 6) % 6];
		rgb[2] = level[c % 6];
	} else {
		rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (c - 232);
	}
}

/* The nearest xterm colour (16-255) to an RGB value: cube or grey ramp. */
static short rgb_to_xterm(int r, int g, int b)
{
	int best = 16;
	long best_d = -1;

	for (int c = 16; c < 256; c++) {
		int rgb[3];
		xterm_rgb(c, rgb);
		long d = (long)(rgb[0] - r) * (rgb[0] - r) + (long)(rgb[1] - g) * (rgb[1] - g) +
			 (long)(rgb[2] - b) * (rgb[2] - b);
		if (best_d < 0 || d < best_d) {
			best_d = d;
			best = c;
		}
	}
	return (short)best;
}

bool theme_color_parse(const char *s, short *out)
{
	long n;

	if (str_empty(s))
		return false;
	if (!strcasecmp(s, "default") || !strcasecmp(s, "none")) {
		*out = COLOR_DEF;
		return true;
	}
	for (int i = 0; i < 8; i++) {
		if (!strcasecmp(s, color_names[i])) {
			*out = (short)i;
			return true;
		}
		if (!strncasecmp(s, "bright-", 7) && !strcasecmp(s + 7, color_names[i])) {
			*out = (short)(i + 8);
			return true;
		}
	}
	if (str_to_long(s, 0, 255, &n)) {
		*out = (short)n;
		return true;
	}
	if (s[0] == '#' && strlen(s) == 7 && strspn(s + 1, "0123456789abcdefABCDEF") == 6) {
		unsigned long v = strtoul(s + 1, NULL, 16);
		*out = rgb_to_xterm((int)(v >> 16) & 0xff, (int)(v >> 8) & 0xff, (int)v & 0xff);
		return true;
	}
	return false;
}

/* Reduction by hue, not by RGB distance: the nearest of 8 colours by distance
 * turns a soft green into yellow. A channel is "on" when it lies above the
 * middle of the colour's range; greys go to black, white (or bright black). */
short theme_color_reduce(short c, int ncolors)
{
	int rgb[3], mx, mn, idx, threshold;

	if (c < 0 || ncolors >= 256 || c < ncolors)
		return c;
	if (c < 16)                          /* bright-x on an 8-colour terminal */
		return (short)(c - 8);
	xterm_rgb(c, rgb);
	mx = rgb[0] > rgb[1] ? rgb[0] : rgb[1];
	mx = mx > rgb[2] ? mx : rgb[2];
	mn = rgb[0] < rgb[1] ? rgb[0] : rgb[1];
	mn = mn < rgb[2] ? mn : rgb[2];
	if (mx - mn < 40) {                  /* grey */
		if (mx < 70)
			return COLOR_BLACK;
		if (mx < 190)
			return ncolors >= 16 ? 8 : (mx < 130 ? COLOR_BLACK : COLOR_WHITE);
		return ncolors >= 16 && mx > 235 ? 15 : COLOR_WHITE;
	}
	/* a channel is on above the middle of the range; for pastels (all
	 * channels high) above its lower third, so light blue stays cyan-ish
	 * rather than a dark blue under black text */
	threshold = mn >= 150 ? mn + (mx - mn) / 3 : (mx + mn) / 2;
	idx = 0;
	for (int i = 0; i < 3; i++)
		if (rgb[i] > threshold)
			idx |= 1 << i;               /* red 1, green 2, blue 4: the ANSI order */
	if (ncolors >= 16 && mx > 230)
		idx += 8;
	return (short)idx;
}

bool theme_fg_grey_default(short fg, short bg, int ncolors, bool *dim)
{
	int rgb[3], mx, mn;

	if (fg < 0 || bg != COLOR_DEF || ncolors >= 16)
		return false;
	if (fg < 16) {
		if (fg != COLOR_BLACK && fg != 8 && fg != COLOR_WHITE && fg != 15)
			return false;
	}
	xterm_rgb(fg, rgb);
	mx = rgb[0] > rgb[1] ? rgb[0] : rgb[1];
	mx = mx > rgb[2] ? mx : rgb[2];
	mn = rgb[0] < rgb[1] ? rgb[0] : rgb[1];
	mn = mn < rgb[2] ? mn : rgb[2];
	if (mx - mn >= 40)
		return false;                  /* a colour, not a grey */
	*dim = mx < 160;                   /* a dark or mid grey says "less important" */
	return true;
}

/* --- Finding theme files -------------------------------------------------- */

static bool is_file(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* The directories searched, in order. */
static void theme_dirs(struct strlist *dirs)
{
	const char *env = getenv("CSCONSOLE_THEMES_DIR");
	char exe[PATH_MAX];
	ssize_t n;

	if (!str_empty(env))
		strlist_add(dirs, env);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash, *dir;
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			/* build/csconsole and build/asan/csconsole in the source tree */
			dir = path_join(exe, "../themes");
			strlist_add(dirs, dir);
			free(dir);
			dir = path_join(exe, "../../themes");
			strlist_add(dirs, dir);
			free(dir);
		}
	}
	strlist_add(dirs, CSCONSOLE_DATADIR "/themes");
}

/* Appends the theme names found in dirs (sorted, unique) to out. */
static void themes_available(const struct strlist *dirs, struct strlist *out)
{
	for (size_t i = 0; i < dirs->len; i++) {
		DIR *d = opendir(dirs->items[i]);
		struct dirent *e;
		if (!d)
			continue;
		while ((e = readdir(d))) {
			size_t len = strlen(e->d_name);
			if (len > 5 && e->d_name[0] != '.' && str_ends_with(e->d_name, ".yaml")) {
				char *name = xstrndup(e->d_name, len - 5);
				if (!strlist_has(out, name))
					strlist_add(out, name);
				free(name);
			}
		}
		closedir(d);
	}
	for (size_t i = 1; i < out->len; i++)   /* insertion sort: a handful of names */
		for (size_t j = i; j > 0 && strcmp(out->items[j - 1], out->items[j]) > 0; j--) {
			char *tmp = out->items[j];
			out->items[j] = out->items[j - 1];
			out->items[j - 1] = tmp;
		}
}

char *theme_find(const char *name)
{
	struct strlist dirs = { 0 }, names = { 0 };
	char *path = NULL, *searched, *found;

	if (strchr(name, '/')) {
		if (is_file(name))
			return xstrdup(name);
		error(_("theme file %s not found: give an existing file or a theme name"), name);
		return NULL;
	}
	if (str_empty(name) || strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") != strlen(name) ||
	    name[0] == '.') {
		error(_("bad theme name \"%s\": use letters, digits, '-' and '_' (or a path to a .yaml file)"), name);
		return NULL;
	}
	theme_dirs(&dirs);
	for (size_t i = 0; i < dirs.len && !path; i++) {
		char *file = xasprintf("%s/%s.yaml", dirs.items[i], name);
		if (is_file(file))
			path = file;
		else
			free(file);
	}
	if (!path) {
		themes_available(&dirs, &names);
		searched = strlist_join(&dirs, ", ");
		found = strlist_join(&names, ", ");
		error(_("theme \"%s\" not found in %s; available: %s"), name, searched,
		      names.len ? found : _("none (built-in dark and monochrome only)"));
		free(searched);
		free(found);
	}
	strlist_clear(&dirs);
	strlist_clear(&names);
	return path;
}

/* --- Reading theme files -------------------------------------------------- */

static const struct {
	const char *name;
	attr_t attr;
} attr_names[] = {
	{ "normal", A_NORMAL }, { "bold", A_BOLD }, { "dim", A_DIM },
	{ "underline", A_UNDERLINE }, { "reverse", A_REVERSE }, { "standout", A_STANDOUT },
	{ "blink", A_BLINK }, { "italic", A_ITALIC },
};

#define ATTR_NAMES "normal, bold, dim, underline, reverse, standout, blink, italic"
#define COLOR_FORMS "default, black, red, green, yellow, blue, magenta, cyan, white, bright-<name>, 0-255 or \"#rrggbb\""

static void elements_list(struct sbuf *b)
{
	for (size_t i = 0; i < ELEM_COUNT; i++)
		sbuf_addf(b, "%s%s", i ? ", " : "", elements[i].name);
}

static int parse_attr(const char *path, const struct ynode *n, attr_t *attrs, struct diag_list *diags)
{
	const char *s = ynode_str(n);

	for (size_t i = 0; s && i < ARRAY_SIZE(attr_names); i++) {
		if (!strcasecmp(s, attr_names[i].name)) {
			*attrs |= attr_names[i].attr;
			return 0;
		}
	}
	diag_add(diags, DIAG_ERROR, path, n->line, n->col,
		 s ? _("unknown attribute \"%s\": use %s") : _("unknown attribute %s: use %s"), s ? s : ynode_kind(n),
		 ATTR_NAMES);
	return -1;
}

static int parse_style(const char *path, const struct ynode *v, bool color,
		       struct theme_style *out, struct diag_list *diags)
{
	struct theme_style st = { COLOR_DEF, COLOR_DEF, A_NORMAL };
	int rc = 0;

	if (v->type != YNODE_MAP) {
		diag_add(diags, DIAG_ERROR, path, v->line, v->col,
			 _("an element's style is a mapping, not %s: e.g. {fg: 231, bg: 24, attrs: [bold]}"),
			 ynode_kind(v));
		return -1;
	}
	for (size_t i = 0; i + 1 < v->len; i += 2) {
		const struct ynode *k = v->items[i], *val = v->items[i + 1];
		const char *key = ynode_str(k);

		if (str_eq(key, "fg") || str_eq(key, "bg")) {
			short c;
			if (!theme_color_parse(ynode_str(val), &c)) {
				diag_add(diags, DIAG_ERROR, path, val->line, val->col,
					 _("bad colour for %s: use %s"), key, COLOR_FORMS);
				rc = -1;
				continue;
			}
			if (color)
				*(key[0] == 'f' ? &st.fg : &st.bg) = c;
		} else if (str_eq(key, "attrs")) {
			if (val->type == YNODE_SEQ) {
				for (size_t j = 0; j < val->len; j++)
					if (parse_attr(path, val->items[j], &st.attrs, diags) < 0)
						rc = -1;
			} else if (!ynode_is_null(val) && parse_attr(path, val, &st.attrs, diags) < 0) {
				rc = -1;
			}
		} else {
			diag_add(diags, DIAG_WARNING, path, k->line, k->col,
				 _("unknown key \"%s\" in a style: use fg, bg and attrs"), key ? key : "?");
		}
	}
	if (rc == 0)
		*out = st;
	return rc;
}

int theme_load_file(struct theme *t, const char *path, bool color, struct diag_list *diags)
{
	struct ynode *root = NULL;
	const struct ynode *els;
	size_t errors = diags->errors;

	if (ydoc_load_file(path, NULL, &root, diags) < 0)
		return -1;
	if (!root || root->type != YNODE_MAP) {
		diag_add(diags, DIAG_ERROR, path, root ? root->line : 1, root ? root->col : 1,
			 "%s", _("a theme is a mapping with an \"elements\" key (see themes/dark.yaml)"));
		ynode_free(root);
		return -1;
	}
	for (size_t i = 0; i + 1 < root->len; i += 2) {
		const char *key = ynode_str(root->items[i]);
		if (!str_eq(key, "name") && !str_eq(key, "description") && !str_eq(key, "elements"))
			diag_add(diags, DIAG_WARNING, path, root->items[i]->line, root->items[i]->col,
				 _("unknown key \"%s\": a theme has name, description and elements"),
				 key ? key : "?");
	}
	els = ynode_get(root, "elements");
	if (els && els->type == YNODE_MAP) {
		for (size_t i = 0; i + 1 < els->len; i += 2) {
			const struct ynode *k = els->items[i];
			enum theme_element e;
			if (!theme_element_parse(ynode_str(k), &e)) {
				struct sbuf b = { 0 };
				elements_list(&b);
				diag_add(diags, DIAG_WARNING, path, k->line, k->col,
					 _("unknown element \"%s\": the elements are %s"),
					 ynode_str(k) ? ynode_str(k) : "?", sbuf_str(&b));
				sbuf_free(&b);
				continue;
			}
			parse_style(path, els->items[i + 1], color, &t->style[e], diags);
		}
	} else if (els && !ynode_is_null(els)) {
		diag_add(diags, DIAG_ERROR, path, els->line, els->col,
			 _("\"elements\" is a mapping of element names to styles, not %s"), ynode_kind(els));
	}
	ynode_free(root);
	free(t->path);
	t->path = xstrdup(path);
	return diags->errors > errors ? -1 : 0;
}

int theme_load(struct theme *t, const char *name, bool color, struct diag_list *diags)
{
	char *path;
	int rc;
	bool mono;

	if (!color)
		name = "monochrome";
	else if (str_empty(name))
		name = "dark";
	mono = str_eq(name, "monochrome");     /* its file's colours are ignored too */
	theme_defaults(t, mono);
	path = theme_find(name);
	if (!path) {
		if (str_eq(name, "dark") || str_eq(name, "monochrome")) {
			error_clear();
			return 0;              /* built in */
		}
		return -1;
	}
	rc = theme_load_file(t, path, !mono, diags);
	free(path);
	/* the name shown is the file's base name without .yaml */
	{
		const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
		size_t len = strlen(base);
		if (str_ends_with(base, ".yaml"))
			len -= 5;
		if (len >= sizeof(t->name))
			len = sizeof(t->name) - 1;
		memcpy(t->name, base, len);
		t->name[len] = '\0';
	}
	return rc;
}

/* --- Applying -------------------------------------------------------------- */

void theme_apply(const struct theme *t, bool color)
{
	bool defaults = color && use_default_colors() == OK;

	if (color && COLOR_PAIRS <= ELEM_COUNT)
		color = false;                 /* not enough pairs: attributes only */
	for (size_t i = 0; i < ELEM_COUNT; i++) {
		const struct theme_style *st = &t->style[i];
		applied[i] = st->attrs;
		if (!color)
			continue;
		short fg = theme_color_reduce(st->fg, COLORS);
		short bg = theme_color_reduce(st->bg, COLORS);
		bool dim;
		if (fg == bg && st->fg != st->bg)  /* reduction merged them: keep text readable */
			fg = bg == COLOR_BLACK || bg == 8 ? COLOR_WHITE : COLOR_BLACK;
		if (theme_fg_grey_default(st->fg, st->bg, COLORS, &dim)) {
			fg = COLOR_DEF;
			if (dim)
				applied[i] |= A_DIM;
		}
		if (!defaults) {                   /* terminal has no "default" colour */
			if (fg == COLOR_DEF)
				fg = bg == COLOR_WHITE ? COLOR_BLACK : COLOR_WHITE;
			if (bg == COLOR_DEF)
				bg = fg == COLOR_BLACK ? COLOR_WHITE : COLOR_BLACK;
		}
		init_pair((short)(i + 1), fg, bg);
		applied[i] |= COLOR_PAIR((int)i + 1);
	}
}

attr_t theme_attr(enum theme_element e)
{
	return (unsigned)e < ELEM_COUNT ? applied[e] : A_NORMAL;
}
