/* feed_accounts.c - feeds/accounts.yaml and feeds/accounts.csv: the book.
 *
 * Each import replaces the book: listed accounts are upserted by CRM id (their
 * local id, which notes and metrics point to, never changes; a row whose
 * values did not change is not rewritten) with their contacts replaced; accounts no longer listed are kept but marked inactive,
 * unless a row was rejected (a rejected row must not hide an account). When
 * both files exist, an account listed in either one is in the book.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "csconsole/arr_history.h"
#include "csconsole/book.h"
#include "csconsole/crmvalue.h"
#include "csconsole/csvread.h"
#include "csconsole/date.h"
#include "csconsole/feed.h"
#include "csconsole/i18n.h"
#include "csconsole/owner.h"
#include "csconsole/preset.h"
#include "csconsole/yamldoc.h"

/* The fields: ACCOUNT_COLUMNS in preset.h, whose PRESET_* index feed_kind. */
_Static_assert(PRESET_TEAM == FEED_TEAM && PRESET_ACCOUNTS == FEED_ACCOUNTS &&
	       PRESET_METRICS == FEED_METRICS && PRESET_FEEDS == FEED_METRICS + 1,
	       "preset.h's feed indexes follow enum feed_kind");
enum {
#define COL_ENUM(id, name, req) A_##id,
	ACCOUNT_COLUMNS(COL_ENUM)
#undef COL_ENUM
	A_COUNT
};

static const struct csvread_col account_cols[] = {
#define COL_DEF(id, name, req) { name, req },
	ACCOUNT_COLUMNS(COL_DEF)
#undef COL_DEF
};

static const char *const touch_models[] = { "high", "low", "tech", NULL };
static const char *const stages[] = { "onboarding", "adoption", "expansion", "renewal", NULL };
static const char *const champion_statuses[] = { "active", "left", "unknown", NULL };
/* What became of the account at its renewal (schema: account.outcome), for
 * the health backtest (backtest.h). */
static const char *const outcomes[] = { "renewed", "churned", NULL };

#define CRM_ID_MAX 63      /* book_row.crm_id holds 63 bytes */
#define CONTACTS_MAX 100

struct contact {
	char *name, *role, *email;   /* owned */
};

struct accounts_import {
	struct feed_file *f;
	struct feed_map listed;      /* crm_id -> line first listed */
	const struct owner_index *owners;   /* the CSMs (owners by handle, e-mail, name) */
	struct owner_index own;      /* ... loaded by feed_accounts_import */
	const struct feed_mapping *map;     /* feeds.accounts.*; NULL: csconsole */
	const struct csvread_col *ycols;    /* YAML: the keys, after the mapping */
	struct feed_map existing;    /* crm_id -> account.id, before this import */
	sqlite3_stmt *insert, *update, *get_contacts, *del_contacts, *add_contact;
	sqlite3_stmt *contact_history;   /* one row per import that changed the contacts */
	sqlite3_stmt *champion_changed, *champion_first;
	int today;                   /* the day the history records */
	char currency[4];            /* the row's currency when its amount named it */
	bool sql_failed;
};

static void contacts_free(struct contact *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].name);
		free(c[i].role);
		free(c[i].email);
	}
	free(c);
}

static char *trimmed(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return n ? xstrndup(s, n) : NULL;
}

/* The CSV form: "Name <email> (role); Name2 <email2>". 0, or -1 with why. */
static int parse_contacts_text(const char *s, struct contact **out, size_t *n,
			       char *why, size_t size)
{
	*out = NULL;
	*n = 0;
	while (*s) {
		const char *end = strchr(s, ';');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		char *part = xstrndup(s, len), *lt, *gt, *open, *close;
		struct contact c = {0};
		s += len + (end ? 1 : 0);

		if ((close = strrchr(part, ')')) && (open = strrchr(part, '(')) && open < close) {
			c.role = trimmed(open + 1, (size_t)(close - open - 1));
			memmove(open, close + 1, strlen(close + 1) + 1);
		}
		if ((lt = strchr(part, '<')) && (gt = strchr(lt, '>'))) {
			c.email = trimmed(lt + 1, (size_t)(gt - lt - 1));
			memmove(lt, gt + 1, strlen(gt + 1) + 1);
		}
		c.name = trimmed(part, strlen(part));
		free(part);
		if (!c.name && !c.email && !c.role)
			continue;    /* an empty part: "a; ; b" or a trailing ";" */
		if (!c.name || *n >= CONTACTS_MAX) {
			if (*n >= CONTACTS_MAX)
				str_format(why, size, _("more than %d contacts"), CONTACTS_MAX);
			else
				str_format(why, size, _("contact %zu has no name: write contacts as "
					   "\"Name <email> (role); Name2 <email2>\""), *n + 1);
			free(c.name);
			free(c.role);
			free(c.email);
			contacts_free(*out, *n);
			*out = NULL;
			*n = 0;
			return -1;
		}
		*out = xreallocarray(*out, *n + 1, sizeof(**out));
		(*out)[(*n)++] = c;
	}
	return 0;
}

/* Contact number n's problem (1..4 as parse_contacts_yaml finds them). */
static void contact_problem(struct feed_row_errors *e, const struct feed_val *at, int bad, size_t n)
{
	switch (bad) {
	case 1:
		feed_row_error(e, at, "contacts", _("contact %zu must be a mapping {name, role, email}"), n);
		break;
	case 2:
		feed_row_error(e, at, "contacts", _("contact %zu has no name"), n);
		break;
	case 3:
		feed_row_error(e, at, "contacts", _("contact %zu has a role or email that is not a "
			       "single value"), n);
		break;
	default:
		feed_row_error(e, at, "contacts", _("contact %zu is one too many (at most 100 "
			       "contacts)"), n);
		break;
	}
}

/* The YAML form: a list of {name, role, email} (or the CSV text form).
 * 0, or 1 with the problem added to e. */
static int parse_contacts_yaml(struct feed_file *f, const struct ynode *node,
			       struct contact **out, size_t *n, struct feed_row_errors *e)
{
	char why[256];
	struct feed_val at = { NULL, node ? node->line : 0, node ? node->col : 0, NULL };
	*out = NULL;
	*n = 0;
	if (!node || ynode_is_null(node))
		return 0;
	if (node->type == YNODE_SCALAR) {
		if (parse_contacts_text(node->scalar, out, n, why, sizeof(why)) == 0)
			return 0;
		feed_row_error(e, &at, "contacts", "%s", why);
		return 1;
	}
	if (node->type != YNODE_SEQ) {
		feed_row_error(e, &at, "contacts", _("must be a list of {name, role, email}, not %s"),
			       ynode_kind(node));
		return 1;
	}
	for (size_t i = 0; i < node->len; i++) {
		const struct ynode *c = node->items[i];
		const struct ynode *name = ynode_get(c, "name"), *role = ynode_get(c, "role"),
				   *email = ynode_get(c, "email");
		int bad = 0;
		if (c->type != YNODE_MAP)
			bad = 1;
		else if (!ynode_str(name) || ynode_is_null(name) || !*ynode_str(name))
			bad = 2;
		else if ((role && role->type != YNODE_SCALAR) || (email && email->type != YNODE_SCALAR))
			bad = 3;
		else if (*n >= CONTACTS_MAX)
			bad = 4;
		for (size_t k = 0; !bad && k + 1 < c->len; k += 2) {
			const char *key = ynode_str(c->items[k]);
			if (!key || !(strcmp(key, "name") == 0 || strcmp(key, "role") == 0 ||
				      strcmp(key, "email") == 0))
				feed_warn(f, c->items[k]->line, c->items[k]->col, _("unknown contact key "
					  "\"%s\" ignored (a contact has name, role and email)"),
					  key ? key : "?");
		}
		if (bad) {
			contacts_free(*out, *n);
			*out = NULL;
			*n = 0;
			at.line = c->line;
			at.col = c->col;
			contact_problem(e, &at, bad, i + 1);
			return 1;
		}
		*out = xreallocarray(*out, *n + 1, sizeof(**out));
		(*out)[(*n)++] = (struct contact){
			xstrdup(name->scalar),
			role && !ynode_is_null(role) && *role->scalar ? xstrdup(role->scalar) : NULL,
			email && !ynode_is_null(email) && *email->scalar ? xstrdup(email->scalar) : NULL,
		};
	}
	return 0;
}

static int sql_fail(struct accounts_import *ai, const char *what)
{
	diag_add(ai->f->diags, DIAG_ERROR, ai->f->name, 0, 0, "%s: %s", what,
		 sqlite3_errmsg(ai->f->st->db));
	ai->sql_failed = true;
	return -1;
}

/* The account columns bound as ?2..?16 by both the INSERT and the UPDATE. */
#define ACCOUNT_SET \
	"name = ?2, segment = ?3, touch_model = ?4, stage = ?5, arr_minor = ?6, currency = ?7, " \
	"renewal_day = ?8, main_owner = ?9, sub_owner = ?10, seats = ?11, champion = ?12, " \
	"champion_email = ?13, champion_status = ?14, outcome = ?15, outcome_day = ?16, active = 1"
/* Unchanged rows are not rewritten: a daily CRM export changes few accounts. */
#define ACCOUNT_CHANGED \
	"name IS NOT ?2 OR segment IS NOT ?3 OR touch_model IS NOT ?4 OR stage IS NOT ?5 OR " \
	"arr_minor IS NOT ?6 OR currency IS NOT ?7 OR renewal_day IS NOT ?8 OR " \
	"main_owner IS NOT ?9 OR sub_owner IS NOT ?10 OR seats IS NOT ?11 OR " \
	"champion IS NOT ?12 OR champion_email IS NOT ?13 OR champion_status IS NOT ?14 OR " \
	"outcome IS NOT ?15 OR outcome_day IS NOT ?16 OR active IS NOT 1"

/* Row values outlive the statement's step, so no copies (SQLITE_STATIC). */
static void bind_str(sqlite3_stmt *stmt, int idx, const char *s)
{
	if (s)
		sqlite3_bind_text(stmt, idx, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, idx);
}

static void bind_day(sqlite3_stmt *stmt, int idx, int day)
{
	if (day != DAY_NONE)
		sqlite3_bind_int(stmt, idx, day);
	else
		sqlite3_bind_null(stmt, idx);
}

/* The champion's status as stored: "unknown" when the feed leaves it out. */
static const char *champion_status(const struct feed_val *v)
{
	return v[A_CHAMPION_STATUS].s ? v[A_CHAMPION_STATUS].s : "unknown";
}

/* A row's values once checked. */
struct account_vals {
	bool has_arr, has_seats;
	int64_t arr;
	const char *currency;        /* the column's, or the one the amount named */
	int renewal, outcome_day;
	long seats;
};

static void bind_account(sqlite3_stmt *st, const struct feed_val *v, const struct account_vals *a)
{
	static const int text_cols[] = { A_NAME, A_SEGMENT, A_TOUCH_MODEL, A_STAGE };
	for (size_t i = 0; i < ARRAY_SIZE(text_cols); i++)
		bind_str(st, (int)i + 2, v[text_cols[i]].s);
	if (a->has_arr)
		sqlite3_bind_int64(st, 6, a->arr);
	else
		sqlite3_bind_null(st, 6);
	bind_str(st, 7, a->currency);
	bind_day(st, 8, a->renewal);
	bind_str(st, 9, v[A_MAIN_OWNER].s);
	bind_str(st, 10, v[A_SUB_OWNER].s);
	if (a->has_seats)
		sqlite3_bind_int64(st, 11, a->seats);
	else
		sqlite3_bind_null(st, 11);
	bind_str(st, 12, v[A_CHAMPION].s);
	bind_str(st, 13, v[A_CHAMPION_EMAIL].s);
	bind_str(st, 14, champion_status(v));
	bind_str(st, 15, v[A_OUTCOME].s);
	bind_day(st, 16, a->outcome_day);
}

static bool text_eq(const unsigned char *db, const char *s)
{
	return db ? s && strcmp((const char *)db, s) == 0 : !s;
}

/* True when the stored contacts of account id are exactly these. */
static int contacts_same(struct accounts_import *ai, int64_t id, const struct contact *c,
			 size_t n, bool *same)
{
	sqlite3_stmt *get = ai->get_contacts;
	size_t i = 0;
	int rc;
	*same = true;
	sqlite3_bind_int64(get, 1, id);
	while ((rc = sqlite3_step(get)) == SQLITE_ROW) {
		if (i >= n || !text_eq(sqlite3_column_text(get, 0), c[i].name) ||
		    !text_eq(sqlite3_column_text(get, 1), c[i].role) ||
		    !text_eq(sqlite3_column_text(get, 2), c[i].email))
			*same = false;
		i++;
	}
	sqlite3_reset(get);
	if (i != n)
		*same = false;
	return rc == SQLITE_DONE ? 0 : sql_fail(ai, _("cannot read contacts"));
}

static int step_done(struct accounts_import *ai, sqlite3_stmt *stmt, const char *what)
{
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : sql_fail(ai, what);
}

/* One row of champion_history through h (champion_changed: only when the
 * champion differs from the stored one; champion_first: a new account's). */
static int champion_record(struct accounts_import *ai, sqlite3_stmt *h, int64_t id, const struct feed_val *v)
{
	sqlite3_bind_int64(h, 1, id);
	sqlite3_bind_int(h, 2, ai->today);
	bind_str(h, 3, v[A_CHAMPION].s);
	bind_str(h, 4, v[A_CHAMPION_EMAIL].s);
	bind_str(h, 5, champion_status(v));
	return step_done(ai, h, _("cannot record the champion's history"));
}

/* A row of contact_history before the contacts change: the new list in
 * the feed's text form ("Name <email> (role); ..."), the stored one as prev
 * (NULL for a new account). */
static int contacts_record(struct accounts_import *ai, int64_t id, const struct contact *c, size_t n)
{
	struct sbuf b = {0};
	int rc;
	for (size_t i = 0; i < n; i++) {
		sbuf_addf(&b, "%s%s", i ? "; " : "", c[i].name ? c[i].name : "");
		if (c[i].email)
			sbuf_addf(&b, " <%s>", c[i].email);
		if (c[i].role)
			sbuf_addf(&b, " (%s)", c[i].role);
	}
	sqlite3_bind_int64(ai->contact_history, 1, id);
	sqlite3_bind_int(ai->contact_history, 2, ai->today);
	bind_str(ai->contact_history, 3, sbuf_str(&b));
	rc = step_done(ai, ai->contact_history, _("cannot record the contacts' history"));
	sbuf_free(&b);
	return rc;
}

static int write_account(struct accounts_import *ai, const struct feed_val *v,
			 const struct account_vals *a, const struct contact *contacts, size_t ncontacts)
{
	const char *crm = v[A_ID].s;
	int64_t id;
	bool existed = feed_map_get(&ai->existing, crm, strlen(crm), &id), same = false;

	if (existed) {
		/* before the update: the history keeps the champion it replaces */
		if (champion_record(ai, ai->champion_changed, id, v))
			return -1;
		bind_account(ai->update, v, a);
		sqlite3_bind_int64(ai->update, 1, id);
		if (step_done(ai, ai->update, _("cannot update an account")) ||
		    contacts_same(ai, id, contacts, ncontacts, &same))
			return -1;
		if (same)
			return 0;
		if (contacts_record(ai, id, contacts, ncontacts))
			return -1;
		sqlite3_bind_int64(ai->del_contacts, 1, id);
		if (step_done(ai, ai->del_contacts, _("cannot replace contacts")))
			return -1;
	} else {
		bind_account(ai->insert, v, a);
		bind_str(ai->insert, 1, crm);
		if (step_done(ai, ai->insert, _("cannot add an account")))
			return -1;
		id = sqlite3_last_insert_rowid(ai->f->st->db);
		feed_map_put(&ai->existing, crm, strlen(crm), id);
		if ((v[A_CHAMPION].s || v[A_CHAMPION_EMAIL].s || v[A_CHAMPION_STATUS].s) &&   /* one known */
		    champion_record(ai, ai->champion_first, id, v))
			return -1;
		if (ncontacts && contacts_record(ai, id, contacts, ncontacts))
			return -1;
	}
	for (size_t i = 0; i < ncontacts; i++) {
		sqlite3_stmt *add = ai->add_contact;
		sqlite3_bind_int64(add, 1, id);
		sqlite3_bind_int64(add, 2, (sqlite3_int64)i + 1);
		bind_str(add, 3, contacts[i].name);
		bind_str(add, 4, contacts[i].role);
		bind_str(add, 5, contacts[i].email);
		if (step_done(ai, add, _("cannot write a contact")))
			return -1;
	}
	return 0;
}

static void check_enum(struct feed_row_errors *e, const struct feed_val *v, const char *key,
		       const char *const *allowed)
{
	if (!v->s || feed_enum(v->s, allowed))
		return;
	char *list = feed_enum_list(allowed);
	bool mappable = strcmp(key, "touch_model") == 0 || strcmp(key, "stage") == 0;
	if (mappable)
		feed_row_error(e, v, key, _("\"%s\" is not one of %s: map it with "
			       "feeds.accounts.values.%s"), v->s, list, key);
	else
		feed_row_error(e, v, key, _("\"%s\" is not one of %s"), v->s, list);
	free(list);
}

/* " (did you mean aiko or aki?)" when handles are close to text, else "". */
static char *owner_hint(const struct owner_index *ix, const char *text)
{
	struct sbuf b = {0};
	if (ix && ix->handles.len) {
		struct sbuf names = {0};
		if (owner_closest(ix, text, &names) == 0) {
			sbuf_free(&names);
			return xstrdup("");
		}
		sbuf_addf(&b, _(" (did you mean %s?)"), sbuf_str(&names));
		sbuf_free(&names);
	}
	return b.data ? b.data : xstrdup("");
}

static void warn_owner(struct accounts_import *ai, const struct feed_val *v, const char *field)
{
	if (v->s && ai->owners && ai->owners->handles.len && !owner_resolve(ai->owners, v->s)) {
		char *hint = owner_hint(ai->owners, v->s);
		feed_warn(ai->f, v->line, v->col, _("%s \"%s\" is not a CSM in feeds/team.yaml%s: "
			  "add them there, or fix the handle"), field, v->s, hint);
		free(hint);
	}
}

/* Values as the CRM writes them, mapped to csconsole's (preset.h, owner.h):
 * touch model and stage by the mapping, owners by handle, e-mail or name. */
static void map_values(struct accounts_import *ai, struct feed_val *v)
{
	static const int mapped_enums[] = { A_TOUCH_MODEL, A_STAGE };
	for (size_t i = 0; i < ARRAY_SIZE(mapped_enums); i++) {
		struct feed_val *x = &v[mapped_enums[i]];
		const char *c = x->s ? preset_value(ai->map, account_cols[mapped_enums[i]].name, x->s) : NULL;
		if (c)
			x->s = c;
	}
	for (int i = A_MAIN_OWNER; i <= A_SUB_OWNER; i++) {
		const char *h = v[i].s && ai->owners ? owner_resolve(ai->owners, v[i].s) : NULL;
		if (h)
			v[i].s = h;
	}
}

/* Checks every value of a row, adding each problem to e (all are reported
 * at once, in one message); fills a with the values read. */
static void check_values(struct accounts_import *ai, const struct feed_val *v,
			 struct account_vals *a, struct feed_row_errors *e)
{
	struct feed_file *f = ai->f;
	const struct feed_options *o = f->sync->opt;
	bool currency_ok = true;
	char why[512], cur[4];

	for (size_t i = 0; i < A_COUNT; i++)
		if (account_cols[i].required && !v[i].s)
			feed_row_error(e, &v[i], account_cols[i].name, _("missing (every account "
				       "needs %s)"), account_cols[i].name);
	if (v[A_ID].s && strlen(v[A_ID].s) > CRM_ID_MAX)
		feed_row_error(e, &v[A_ID], "id", _("\"%s\" is longer than %d bytes"), v[A_ID].s,
			       CRM_ID_MAX);
	check_enum(e, &v[A_TOUCH_MODEL], "touch_model", touch_models);
	check_enum(e, &v[A_STAGE], "stage", stages);
	check_enum(e, &v[A_CHAMPION_STATUS], "champion_status", champion_statuses);
	check_enum(e, &v[A_OUTCOME], "outcome", outcomes);
	for (int i = A_MAIN_OWNER; i <= A_SUB_OWNER; i++)
		if (v[i].s && !handle_valid(v[i].s)) {
			char *hint = owner_hint(ai->owners, v[i].s);
			feed_row_error(e, &v[i], account_cols[i].name, _("\"%s\" is not a CSM's handle, "
				       "e-mail or name in feeds/team.yaml%s: write the handle (lowercase "
				       "letters, digits, '.', '_' and '-'), or add the CSM to "
				       "feeds/team.yaml"), v[i].s, hint);
			free(hint);
		}
	if (v[A_CURRENCY].s && currency_exponent(v[A_CURRENCY].s) < 0) {
		feed_row_error(e, &v[A_CURRENCY], "currency", _("\"%s\" is not an ISO 4217 code: "
			       "write three capital letters (JPY, USD, EUR...)"), v[A_CURRENCY].s);
		currency_ok = false;
	}
	a->currency = v[A_CURRENCY].s;
	if (v[A_ARR].s && currency_ok) {
		if (crm_parse_amount(v[A_ARR].s, (enum crm_number_format)o->number_format,
				     v[A_CURRENCY].s, o->currency, &a->arr, cur, why, sizeof(why))) {
			a->has_arr = true;
			memcpy(ai->currency, cur, sizeof(ai->currency));
			a->currency = ai->currency;
		} else {
			feed_row_value_error(e, &v[A_ARR], "arr", why);
		}
	}
	bool dates_ok = feed_date_check(f, &v[A_RENEWAL_DATE], "renewal_date", &a->renewal, e);
	dates_ok &= feed_date_check(f, &v[A_OUTCOME_DATE], "outcome_date", &a->outcome_day, e);
	/* An outcome is a decision on a day: the backtest scores the account as
	 * it stood before that day, so one without the other means nothing. */
	if (dates_ok && v[A_OUTCOME].s && a->outcome_day == DAY_NONE)
		feed_row_error(e, &v[A_OUTCOME], "outcome", _("\"%s\" needs outcome_date: add the "
			       "day it was decided (YYYY-MM-DD)"), v[A_OUTCOME].s);
	if (dates_ok && !v[A_OUTCOME].s && a->outcome_day != DAY_NONE) {
		char *list = feed_enum_list(outcomes);
		feed_row_error(e, &v[A_OUTCOME_DATE], "outcome_date", _("\"%s\" without an outcome: "
			       "add outcome (%s), or remove outcome_date"), v[A_OUTCOME_DATE].s, list);
		free(list);
	}
	if (v[A_SEATS].s) {
		if (crm_parse_count(v[A_SEATS].s, (enum crm_number_format)o->number_format, INT32_MAX,
				    &a->seats, why, sizeof(why)))
			a->has_seats = true;
		else
			feed_row_value_error(e, &v[A_SEATS], "seats", why);
	}
}

/* One account, from either format. 0 imported, 1 rejected, -1 stop. */
static int account_row(struct accounts_import *ai, const struct feed_val *v,
		       const struct ynode *contacts_node)
{
	struct feed_file *f = ai->f;
	struct contact *contacts = NULL;
	struct account_vals a = { .renewal = DAY_NONE, .outcome_day = DAY_NONE };
	struct feed_row_errors e = {0};
	size_t ncontacts = 0;
	int64_t first;
	char why[256];

	check_values(ai, v, &a, &e);
	if (contacts_node) {
		parse_contacts_yaml(f, contacts_node, &contacts, &ncontacts, &e);
	} else if (v[A_CONTACTS].s &&
		   parse_contacts_text(v[A_CONTACTS].s, &contacts, &ncontacts, why, sizeof(why)) != 0) {
		feed_row_error(&e, &v[A_CONTACTS], "contacts", "%s", why);
	}
	if (v[A_ID].s && feed_map_get(&ai->listed, v[A_ID].s, strlen(v[A_ID].s), &first))
		feed_row_error(&e, &v[A_ID], "id", _("account %s is listed twice (first on line "
			       "%lld): keep one entry"), v[A_ID].s, (long long)first);
	/* A row with a bad value is rejected whole: nothing of it is imported. */
	if (feed_row_errors_done(f, &e)) {
		contacts_free(contacts, ncontacts);
		return 1;
	}
	feed_map_put(&ai->listed, v[A_ID].s, strlen(v[A_ID].s), v[A_ID].line);
	if (!f->collect_only) {
		warn_owner(ai, &v[A_MAIN_OWNER], "main_owner");
		warn_owner(ai, &v[A_SUB_OWNER], "sub_owner");
		if (write_account(ai, v, &a, contacts, ncontacts) != 0) {
			contacts_free(contacts, ncontacts);
			return -1;
		}
	}
	contacts_free(contacts, ncontacts);
	feed_row_done(f);
	return 0;
}

static int csv_header(void *ctx, const struct csvread_info *info)
{
	struct accounts_import *ai = ctx;
	if (info->has_generated_at)
		return feed_generated_at(ai->f, info->generated_at);
	return 0;
}

static int csv_row(void *ctx, const struct csvread_row *row)
{
	struct accounts_import *ai = ctx;
	struct feed_val v[A_COUNT];
	if (feed_csv_row_check(ai->f, row))
		return 0;
	feed_csv_row(row, v);
	map_values(ai, v);
	return account_row(ai, v, NULL) < 0 ? -1 : 0;
}

static int yaml_row(void *ctx, const struct ynode *item)
{
	struct accounts_import *ai = ctx;
	struct feed_val v[A_COUNT];
	if (feed_yaml_row(ai->f, item, ai->ycols, A_COUNT, "contacts", v))
		return 0;
	map_values(ai, v);
	return account_row(ai, v, ynode_get(item, "contacts")) < 0 ? -1 : 0;
}

static int read_file(struct accounts_import *ai)
{
	struct feed_file *f = ai->f;
	struct preset_columns pc;
	struct csvread_col *ycols;
	int rc;
	if (str_ends_with(f->path, ".csv")) {
		preset_columns_build(ai->map, PRESET_ACCOUNTS, account_cols, A_COUNT, &pc);
		struct csvread_spec spec = {
			.name = f->name, .cols = account_cols, .ncols = A_COUNT,
			.on_header = csv_header, .on_row = csv_row, .ctx = ai, .diags = f->diags,
			.encoding = f->encoding,
			.aliases = pc.aliases, .naliases = pc.n, .map_key = pc.key,
		};
		rc = csvread_file(f->path, &spec, NULL);
		preset_columns_free(&pc);
		return rc;
	}
	ai->ycols = ycols = preset_yaml_cols(ai->map, account_cols, A_COUNT);
	rc = feed_yaml_stream(f, "accounts", yaml_row, ai);
	free(ycols);
	ai->ycols = NULL;
	return rc;
}

/* The mapping of a feed kind in force for this sync (NULL: csconsole). */
static const struct feed_mapping *mapping_of(const struct feed_file *f)
{
	const struct feed_mapping *m = f->sync && f->sync->opt ? f->sync->opt->mapping : NULL;
	return m ? &m[PRESET_ACCOUNTS] : NULL;
}

static int load_accounts(struct store *st, struct feed_map *out)
{
	sqlite3_stmt *stmt;
	int rc;
	if (store_prepare(st, "SELECT id, crm_id FROM account", &stmt))
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		feed_map_put(out, (const char *)sqlite3_column_text(stmt, 1),
			     (size_t)sqlite3_column_bytes(stmt, 1), sqlite3_column_int64(stmt, 0));
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : error(_("cannot read the accounts: %s"), sqlite3_errstr(rc));
}

/* The other accounts file of the pair (accounts.yaml <-> accounts.csv) adds
 * its ids to `listed`. False when it cannot be read cleanly: then nobody is
 * marked inactive, for an account it lists might be hidden. */
static bool add_other_file(struct accounts_import *parent, struct feed_map *listed)
{
	struct feed_file *f = parent->f;
	const char *other_name = str_ends_with(f->name, ".csv") ? "feeds/accounts.yaml"
								 : "feeds/accounts.csv";
	char *other_path = path_join(f->sync->shared_dir, other_name);
	struct diag_list scratch = {0};
	struct feed_file o = {
		.sync = f->sync, .st = f->st, .name = other_name, .path = other_path,
		.kind = FEED_ACCOUNTS, .diags = &scratch, .collect_only = true,
	};
	struct accounts_import ai = { .f = &o, .listed = *listed, .owners = parent->owners,
				      .map = parent->map };
	bool ok = true;

	if (access(other_path, F_OK) == 0) {
		ok = (!str_ends_with(other_name, ".csv") || feed_detect_encoding(&o) == 0) &&
		     read_file(&ai) == 0 && o.rows_rejected == 0;
		*listed = ai.listed;
		if (!ok)
			diag_add(f->diags, DIAG_NOTE, f->name, 0, 0, _("no account was marked inactive: "
				 "%s cannot be read cleanly, and an account it lists must not be hidden"),
				 other_name);
	}
	diag_clear(&scratch);
	strlist_clear(&o.warned_keys);
	free(other_path);
	return ok;
}

/* Accounts not listed become inactive (their notes stay). */
static int mark_inactive(struct accounts_import *ai)
{
	struct feed_file *f = ai->f;
	sqlite3_stmt *sel, *upd;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if (store_prepare(f->st, "SELECT id, crm_id FROM account WHERE active = 1", &sel))
		return -1;
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		const char *crm = (const char *)sqlite3_column_text(sel, 1);
		if (feed_map_get(&ai->listed, crm, strlen(crm), NULL))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			ids = xreallocarray(ids, cap, sizeof(*ids));
		}
		ids[n++] = sqlite3_column_int64(sel, 0);
	}
	sqlite3_finalize(sel);
	if (rc != SQLITE_DONE || store_prepare(f->st, "UPDATE account SET active = 0 WHERE id = ?1", &upd)) {
		free(ids);
		return sql_fail(ai, _("cannot mark accounts inactive"));
	}
	for (size_t i = 0; i < n && rc != -1; i++) {
		sqlite3_bind_int64(upd, 1, ids[i]);
		if (sqlite3_step(upd) != SQLITE_DONE)
			rc = -1;
		sqlite3_reset(upd);
	}
	sqlite3_finalize(upd);
	free(ids);
	return rc == -1 ? sql_fail(ai, _("cannot mark accounts inactive")) : 0;
}

int feed_accounts_import(struct feed_file *f)
{
	struct accounts_import ai = { .f = f, .today = day_today(), .map = mapping_of(f) };
	int rc = -1;

	ai.owners = &ai.own;
	if (owner_index_load(f->st, &ai.own) || load_accounts(f->st, &ai.existing) ||
	    store_prepare(f->st, "INSERT INTO account(crm_id, name, segment, touch_model, stage, "
			  "arr_minor, currency, renewal_day, main_owner, sub_owner, seats, champion, "
			  "champion_email, champion_status, outcome, outcome_day, active) "
			  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 1)",
			  &ai.insert) ||
	    store_prepare(f->st, "UPDATE account SET " ACCOUNT_SET " WHERE id = ?1 AND ("
			  ACCOUNT_CHANGED ")", &ai.update) ||
	    store_prepare(f->st, "SELECT name, role, email FROM contact WHERE account_id = ?1 "
			  "ORDER BY pos", &ai.get_contacts) ||
	    store_prepare(f->st, "DELETE FROM contact WHERE account_id = ?1", &ai.del_contacts) ||
	    store_prepare(f->st, "INSERT INTO contact(account_id, pos, name, role, email) "
			  "VALUES (?1, ?2, ?3, ?4, ?5)", &ai.add_contact) ||
	    store_prepare(f->st, "INSERT INTO champion_history(account_id, day, name, email, status, "
			  "prev_name, prev_email, prev_status) SELECT id, ?2, ?3, ?4, ?5, champion, "
			  "champion_email, champion_status FROM account WHERE id = ?1 AND (champion IS NOT ?3 "
			  "OR champion_email IS NOT ?4 OR champion_status IS NOT ?5)", &ai.champion_changed) ||
	    store_prepare(f->st, "INSERT INTO champion_history(account_id, day, name, email, status) "
			  "VALUES (?1, ?2, ?3, ?4, ?5)", &ai.champion_first) ||
	    /* prev: the stored list, in the same text form, read before it is replaced */
	    store_prepare(f->st, "INSERT INTO contact_history(account_id, day, contacts, prev) VALUES (?1, ?2, ?3,"
			  " (SELECT group_concat(t, '; ') FROM (SELECT coalesce(name, '')"
			  " || coalesce(' <' || email || '>', '') || coalesce(' (' || role || ')', '') AS t"
			  " FROM contact WHERE account_id = ?1 ORDER BY pos)))", &ai.contact_history)) {
		diag_add(f->diags, DIAG_ERROR, f->name, 0, 0, "%s", error_message());
		goto out;
	}
	if (read_file(&ai) != 0)
		goto out;
	if (f->rows_ok + f->rows_rejected == 0) {
		diag_add(f->diags, DIAG_ERROR, f->name, 0, 0, _("the file lists no accounts: refused, "
			 "for importing it would mark the whole book inactive (an export cut short?); "
			 "the previous import stays"));
		goto out;
	}
	if (f->rows_rejected) {
		diag_add(f->diags, DIAG_NOTE, f->name, 0, 0, _("no account was marked inactive, "
			 "because rows were rejected: fix them and sync again"));
	} else if (add_other_file(&ai, &ai.listed) && mark_inactive(&ai) != 0) {
		goto out;
	}
	if (arr_history_record(f->st, ai.today) != 0) {   /* issue 17: ARR per import day */
		diag_add(f->diags, DIAG_ERROR, f->name, 0, 0, "%s", error_message());
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(ai.insert);
	sqlite3_finalize(ai.update);
	sqlite3_finalize(ai.get_contacts);
	sqlite3_finalize(ai.del_contacts);
	sqlite3_finalize(ai.add_contact);
	sqlite3_finalize(ai.contact_history);
	sqlite3_finalize(ai.champion_changed);
	sqlite3_finalize(ai.champion_first);
	feed_map_clear(&ai.existing);
	feed_map_clear(&ai.listed);
	owner_index_free(&ai.own);
	return rc;
}
