/* playbook_config.c - csconsole.yaml `playbook:`: the rules' keys, their
 * checks and their canonical rendering (playbook.c evaluates them).
 *
 * Which keys a rule takes depends on its `when`; the table below is the one
 * place that says so (docs/playbook.md describes it for users).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/event.h"
#include "csconsole/playbook.h"
#include "csconsole/text.h"

#define BIT(p) (1u << PBP_##p)
#define DUE (BIT(DUE_IN) | BIT(DUE_BEFORE))

/* Per type: the integer parameters it takes, those it requires, whether it
 * takes from/into, and the touchpoint kind when `kind` is left out. */
static const struct when_info {
	unsigned takes, requires;
	bool bands;
	const char *kind;
} whens[PB_WHEN_COUNT] = {
	[PB_RENEWAL]    = { BIT(DAYS) | DUE, BIT(DAYS), false, "renewal" },
	[PB_BAND_DROP]  = { BIT(WITHIN) | BIT(DUE_IN), 0, true, "call" },
	[PB_SCORE_DROP] = { BIT(POINTS) | BIT(WEEKS) | BIT(DUE_IN), BIT(POINTS) | BIT(WEEKS), false, "call" },
	[PB_SEASON]     = { BIT(DAYS) | DUE, BIT(DAYS), false, "call" },
	[PB_CHAMPION]   = { BIT(DUE_IN), 0, false, "call" },
	[PB_NO_TOUCH]   = { BIT(GRACE) | BIT(DUE_IN), 0, false, "call" },
	[PB_SEATS]      = { BIT(PERCENT) | BIT(WITHIN) | BIT(DUE_IN), BIT(PERCENT), false, "call" },
};

static const struct param_info {
	const char *key;
	int min, max, def;
} params[PBP_COUNT] = {
#define PLAYBOOK_PARAM_INFO(id, key, min, max, def) { key, min, max, def },
	PLAYBOOK_PARAMS(PLAYBOOK_PARAM_INFO)
#undef PLAYBOOK_PARAM_INFO
};

static const char *const when_names[PB_WHEN_COUNT] = {
#define PLAYBOOK_WHEN_NAME(id, name, help) name,
	PLAYBOOK_WHENS(PLAYBOOK_WHEN_NAME)
#undef PLAYBOOK_WHEN_NAME
};

static const char *const band_names[] = { "red", "yellow", "green" };

const char *playbook_when_name(enum playbook_when w)
{
	return (unsigned)w < PB_WHEN_COUNT ? when_names[w] : "?";
}

const char *playbook_param_name(enum playbook_param p)
{
	return (unsigned)p < PBP_COUNT ? params[p].key : "?";
}

const char *playbook_band_name(int band)
{
	return band >= 0 && band < (int)ARRAY_SIZE(band_names) ? band_names[band] : "any";
}

/* ---- Parsing ---------------------------------------------------------------- */

struct pctx {
	const char *file, *key;
	struct diag_list *diags;
	char who[PLAYBOOK_NAME_MAX + 48];   /* "playbook rule renewal_90" */
	size_t errors;
};

static void bad(struct pctx *c, const struct ynode *at, const char *fmt, ...) PRINTF_LIKE(3, 4);
static void bad(struct pctx *c, const struct ynode *at, const char *fmt, ...)
{
	struct sbuf b = {0};
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	diag_add(c->diags, DIAG_ERROR, c->file, at->line, at->col, "%s: %s", c->who, sbuf_str(&b));
	sbuf_free(&b);
	c->errors++;
}

static bool name_valid(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > PLAYBOOK_NAME_MAX || s[0] < 'a' || s[0] > 'z')
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

static const char *scalar(struct pctx *c, const struct ynode *v, const char *field, const char *expected)
{
	if (v->type != YNODE_SCALAR || ynode_is_null(v)) {
		bad(c, v, "%s must be %s, not %s", field, expected,
		    v->type == YNODE_SCALAR ? "empty" : ynode_kind(v));
		return NULL;
	}
	return v->scalar;
}

static int one_of(struct pctx *c, const struct ynode *v, const char *field, const char *const *names,
		  size_t n)
{
	struct sbuf list = {0};
	const char *s;
	int found = -1;

	for (size_t i = 0; i < n; i++)
		sbuf_addf(&list, "%s%s", i ? ", " : "", names[i]);
	if ((s = scalar(c, v, field, "one of these"))) {
		for (size_t i = 0; i < n && found < 0; i++)
			if (strcmp(s, names[i]) == 0)
				found = (int)i;
		if (found < 0) {
			char *t = text_sanitize(s, false);
			bad(c, v, "%s must be one of %s, not \"%.40s\"", field, sbuf_str(&list), t);
			free(t);
		}
	}
	sbuf_free(&list);
	return found;
}

static void list_keys(struct sbuf *b, enum playbook_when w)
{
	sbuf_adds(b, "name, when, kind, note");
	for (int p = 0; p < PBP_COUNT; p++)
		if (whens[w].takes & (1u << p))
			sbuf_addf(b, ", %s", params[p].key);
	if (whens[w].bands)
		sbuf_adds(b, ", from, into");
}

/* Parses one rule (a mapping) into r; errors counted in c. */
static void parse_rule(struct pctx *c, const struct ynode *m, size_t index, struct playbook_rule *r)
{
	const struct ynode *name = ynode_get(m, "name"), *when = ynode_get(m, "when");
	int w = -1;

	memset(r, 0, sizeof(*r));
	for (int p = 0; p < PBP_COUNT; p++)
		r->param[p] = -1;
	r->from = r->into = PB_BAND_ANY;
	str_format(c->who, sizeof(c->who), "%s rule %zu", c->key, index + 1);
	if (!name) {
		bad(c, m, "name is missing: give the rule a unique snake_case name (e.g. renewal_90)");
	} else {
		const char *s = scalar(c, name, "name", "a snake_case name");
		if (s && !name_valid(s)) {
			char *t = text_sanitize(s, false);
			bad(c, name, "name must be snake_case (a-z first, then a-z, 0-9, _; at most %d), not \"%.40s\"",
			    PLAYBOOK_NAME_MAX, t);
			free(t);
		} else if (s) {
			str_copy(r->name, sizeof(r->name), s);
			str_format(c->who, sizeof(c->who), "%s rule %s", c->key, s);
		}
	}
	if (!when)
		bad(c, m, "when is missing: one of renewal, band_drop, score_drop, season, champion_changed, no_touch");
	else
		w = one_of(c, when, "when", when_names, PB_WHEN_COUNT);
	if (w < 0)
		return;     /* without a type the other keys cannot be judged */
	r->when = (enum playbook_when)w;
	str_copy(r->kind, sizeof(r->kind), whens[w].kind);

	for (size_t i = 0; i + 1 < m->len; i += 2) {
		const struct ynode *kn = m->items[i], *v = m->items[i + 1];
		const char *k = kn->type == YNODE_SCALAR ? kn->scalar : "";
		int p;

		if (strcmp(k, "name") == 0 || strcmp(k, "when") == 0)
			continue;
		for (p = 0; p < PBP_COUNT && strcmp(k, params[p].key) != 0; p++)
			;
		if (p < PBP_COUNT && (whens[w].takes & (1u << p))) {
			const struct param_info *pi = &params[p];
			long n;
			const char *s = scalar(c, v, k, "a whole number");
			if (!s)
				continue;
			if (!str_to_long(s, pi->min, pi->max, &n)) {
				char *t = text_sanitize(s, false);
				bad(c, v, "%s must be a whole number from %d to %d, not \"%.40s\"", k, pi->min, pi->max, t);
				free(t);
				continue;
			}
			r->param[p] = (int)n;
		} else if (strcmp(k, "kind") == 0) {
			size_t n = 0;
			while (event_touch_kinds[n])
				n++;
			int i_kind = one_of(c, v, "kind", event_touch_kinds, n);
			if (i_kind >= 0)
				str_copy(r->kind, sizeof(r->kind), event_touch_kinds[i_kind]);
		} else if (whens[w].bands && (strcmp(k, "from") == 0 || strcmp(k, "into") == 0)) {
			int b = one_of(c, v, k, band_names, ARRAY_SIZE(band_names));
			if (b >= 0)
				*(k[0] == 'f' ? &r->from : &r->into) = b;
		} else if (strcmp(k, "note") == 0) {
			const char *s = scalar(c, v, "note", "text");
			if (!s)
				continue;
			if (strlen(s) > PLAYBOOK_NOTE_MAX)
				bad(c, v, "note is too long (%zu bytes; at most %d)", strlen(s), PLAYBOOK_NOTE_MAX);
			else if (strpbrk(s, "\x01\x02\x03\x04\x05\x06\x07\x08\t\n\v\f\r\x0e\x0f\x10\x11\x12\x13"
					 "\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f"))
				bad(c, v, "note must be one line without control characters");
			else {
				free(r->note);
				r->note = xstrdup(s);
			}
		} else {
			struct sbuf keys = {0};
			char *t = text_sanitize(k, false);
			list_keys(&keys, r->when);
			bad(c, kn, "unknown key \"%.40s\"; a %s rule takes: %s", t, when_names[w], sbuf_str(&keys));
			free(t);
			sbuf_free(&keys);
		}
	}

	for (int p = 0; p < PBP_COUNT; p++) {
		if (!(whens[w].takes & (1u << p)) || r->param[p] >= 0)
			continue;
		if (whens[w].requires & (1u << p))
			bad(c, m, "%s is missing: a %s rule needs it (a whole number from %d to %d)",
			    params[p].key, when_names[w], params[p].min, params[p].max);
		else if (p != PBP_DUE_BEFORE)
			r->param[p] = params[p].def;
	}
	if (r->param[PBP_DUE_BEFORE] >= 0 && ynode_get(m, "due_in"))
		bad(c, ynode_get(m, "due_in"), "give due_in (days after the rule fires) or due_before "
		    "(days before the %s), not both", r->when == PB_RENEWAL ? "renewal" : "season starts");
	if (r->param[PBP_DUE_BEFORE] >= 0)
		r->param[PBP_DUE_IN] = -1;
	if (r->when == PB_BAND_DROP && r->from != PB_BAND_ANY && r->into != PB_BAND_ANY && r->into >= r->from)
		bad(c, ynode_get(m, "into"), "into (%s) must be a worse band than from (%s): the rule is "
		    "about a drop", band_names[r->into], band_names[r->from]);
	if (r->when == PB_BAND_DROP && r->into == PB_BAND_GREEN)
		bad(c, ynode_get(m, "into"), "into must be red or yellow: nothing drops into green");
	if (r->when == PB_BAND_DROP && r->from == PB_BAND_RED)
		bad(c, ynode_get(m, "from"), "from must be green or yellow: nothing drops from red");
}

static void rule_free(struct playbook_rule *r)
{
	free(r->note);
	r->note = NULL;
}

int playbook_rules_parse(const struct ynode *v, const char *key, const char *file,
			 struct diag_list *diags, struct playbook_rules *out)
{
	struct pctx c = { .file = file, .key = key, .diags = diags };
	struct playbook_rules r = {0};

	if (!v || ynode_is_null(v)) {
		playbook_rules_clear(out);
		return 0;
	}
	if (v->type != YNODE_SEQ) {
		diag_add(diags, DIAG_ERROR, file, v->line, v->col,
			 "%s must be a list of rules such as [{name: renewal_90, when: renewal, days: 90}], not %s",
			 key, ynode_kind(v));
		return -1;
	}
	if (v->len > PLAYBOOK_RULES_MAX) {
		diag_add(diags, DIAG_ERROR, file, v->line, v->col, "%s has %zu rules; at most %d",
			 key, v->len, PLAYBOOK_RULES_MAX);
		return -1;
	}
	r.items = v->len ? xcalloc(v->len, sizeof(*r.items)) : NULL;
	for (size_t i = 0; i < v->len; i++) {
		const struct ynode *m = v->items[i];
		if (m->type != YNODE_MAP) {
			diag_add(diags, DIAG_ERROR, file, m->line, m->col,
				 "%s rule %zu must be a mapping {name: ..., when: ...}, not %s", key, i + 1,
				 ynode_kind(m));
			c.errors++;
			continue;
		}
		parse_rule(&c, m, i, &r.items[r.len]);
		struct playbook_rule *nr = &r.items[r.len++];
		for (size_t j = 0; j + 1 < r.len && nr->name[0]; j++)
			if (strcmp(r.items[j].name, nr->name) == 0)
				bad(&c, ynode_get(m, "name"), "the name %s is already used by rule %zu: names must "
				    "be unique (they mark the touchpoints a rule made)", nr->name, j + 1);
	}
	if (c.errors) {
		playbook_rules_clear(&r);
		return -1;
	}
	playbook_rules_clear(out);
	*out = r;
	return 0;
}

void playbook_rules_clear(struct playbook_rules *r)
{
	for (size_t i = 0; i < r->len; i++)
		rule_free(&r->items[i]);
	free(r->items);
	r->items = NULL;
	r->len = 0;
}

/* ---- Rendering -------------------------------------------------------------- */

static void render_quoted(struct sbuf *b, const char *s)
{
	sbuf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			sbuf_addc(b, '\\');
		sbuf_addc(b, *s);
	}
	sbuf_addc(b, '"');
}

void playbook_rules_render(struct sbuf *b, const struct playbook_rules *r)
{
	sbuf_addc(b, '[');
	for (size_t i = 0; i < r->len; i++) {
		const struct playbook_rule *x = &r->items[i];
		sbuf_addf(b, "%s{name: %s, when: %s", i ? ", " : "", x->name, playbook_when_name(x->when));
		for (int p = 0; p < PBP_COUNT; p++)
			if (x->param[p] >= 0 && p != PBP_DUE_IN && p != PBP_DUE_BEFORE)
				sbuf_addf(b, ", %s: %d", params[p].key, x->param[p]);
		if (x->from != PB_BAND_ANY)
			sbuf_addf(b, ", from: %s", band_names[x->from]);
		if (x->into != PB_BAND_ANY)
			sbuf_addf(b, ", into: %s", band_names[x->into]);
		sbuf_addf(b, ", kind: %s", x->kind);
		if (x->param[PBP_DUE_BEFORE] >= 0)
			sbuf_addf(b, ", due_before: %d", x->param[PBP_DUE_BEFORE]);
		else
			sbuf_addf(b, ", due_in: %d", x->param[PBP_DUE_IN]);
		if (x->note) {
			sbuf_adds(b, ", note: ");
			render_quoted(b, x->note);
		}
		sbuf_addc(b, '}');
	}
	sbuf_addc(b, ']');
}
