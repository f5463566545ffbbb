/* book.c - the accounts in a CSM's book and how money is shown (see book.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/book.h"
#include "csconsole/date.h"
#include "csconsole/text.h"

static const char *const scope_names[] = {
	[SCOPE_MAIN] = "main", [SCOPE_MINE] = "mine",
	[SCOPE_COVERING] = "covering", [SCOPE_TEAM] = "team",
};

static const char *const role_names[] = {
	[ROLE_NONE] = "-", [ROLE_MAIN] = "main", [ROLE_SUB] = "sub", [ROLE_COVERING] = "covering",
};

const char *book_scope_name(enum book_scope s)
{
	return scope_names[s];
}

bool book_scope_parse(const char *s, enum book_scope *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(scope_names); i++)
		if (str_eq(s, scope_names[i])) {
			*out = (enum book_scope)i;
			return true;
		}
	return false;
}

const char *book_role_name(enum book_role r)
{
	return role_names[r];
}

/* ?1 = me, ?2 = today. "cover" = accounts whose main owner is absent today and
 * who are covered by me: explicitly, or as the sub owner by default. */
static const char book_sql[] =
	"WITH cover AS ("
	"  SELECT a.id FROM account a JOIN absence ab ON ab.handle = a.main_owner"
	"  WHERE a.active AND ?2 BETWEEN ab.start_day AND ab.end_day"
	"    AND COALESCE(ab.covered_by, a.sub_owner) = ?1"
	"), latest AS ("
	"  SELECT a.*, CASE WHEN a.main_owner = ?1 THEN 1"
	"                   WHEN a.id IN (SELECT id FROM cover) THEN 3"
	"                   WHEN a.sub_owner = ?1 THEN 2 ELSE 0 END AS role,"
	"    (SELECT day FROM health h WHERE h.account_id = a.id ORDER BY day DESC LIMIT 1) AS hday"
	"  FROM account a WHERE a.active AND %s"
	")"
	"SELECT crm_id, name, main_owner, sub_owner, touch_model, stage, arr_minor, currency,"
	"  renewal_day, role,"
	"  (SELECT score FROM health h WHERE h.account_id = l.id AND h.day = l.hday),"
	"  (SELECT score FROM health h WHERE h.account_id = l.id AND h.day <= l.hday - 28"
	"     ORDER BY day DESC LIMIT 1)"
	" FROM latest l ORDER BY renewal_day IS NULL, renewal_day, name, crm_id";

static const char *scope_condition(enum book_scope s)
{
	switch (s) {
	case SCOPE_MAIN:     return "a.main_owner = ?1";
	case SCOPE_MINE:     return "(a.main_owner = ?1 OR a.sub_owner = ?1 OR a.id IN (SELECT id FROM cover))";
	case SCOPE_COVERING: return "a.id IN (SELECT id FROM cover) AND a.main_owner IS NOT ?1";
	case SCOPE_TEAM:     break;
	}
	return "1";
}

static char *column_dup(sqlite3_stmt *stmt, int col)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);
	return s ? xstrdup((const char *)s) : NULL;
}

static void column_copy(sqlite3_stmt *stmt, int col, char *dst, size_t size)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);
	str_copy(dst, size, s ? (const char *)s : "");
}

int book_load(struct store *st, const char *me, enum book_scope scope, int today, struct book *out)
{
	sqlite3_stmt *stmt;
	size_t cap = 0;
	char *sql = xasprintf(book_sql, scope_condition(scope));
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_prepare(st, sql, &stmt);
	free(sql);
	if (rc)
		return -1;
	store_bind_text(stmt, 1, me);
	sqlite3_bind_int(stmt, 2, today);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (out->len == cap) {
			cap = cap ? cap * 2 : 64;
			out->rows = xreallocarray(out->rows, cap, sizeof(*out->rows));
		}
		struct book_row *r = &out->rows[out->len++];
		memset(r, 0, sizeof(*r));
		column_copy(stmt, 0, r->crm_id, sizeof(r->crm_id));
		r->name = text_sanitize((const char *)sqlite3_column_text(stmt, 1), false);
		r->main_owner = column_dup(stmt, 2);
		r->sub_owner = column_dup(stmt, 3);
		column_copy(stmt, 4, r->touch_model, sizeof(r->touch_model));
		column_copy(stmt, 5, r->stage, sizeof(r->stage));
		r->arr_minor = sqlite3_column_type(stmt, 6) == SQLITE_NULL ? INT64_MIN
									  : sqlite3_column_int64(stmt, 6);
		column_copy(stmt, 7, r->currency, sizeof(r->currency));
		r->renewal_day = sqlite3_column_type(stmt, 8) == SQLITE_NULL ? DAY_NONE
									    : sqlite3_column_int(stmt, 8);
		r->days_left = r->renewal_day == DAY_NONE ? 0 : r->renewal_day - today;
		r->role = (enum book_role)sqlite3_column_int(stmt, 9);
		const char *other = r->role == ROLE_MAIN ? r->sub_owner : r->main_owner;
		r->other_owner = other ? xstrdup(other) : NULL;
		if ((r->has_health = sqlite3_column_type(stmt, 10) != SQLITE_NULL))
			r->health = sqlite3_column_double(stmt, 10);
		if ((r->has_health_delta = r->has_health && sqlite3_column_type(stmt, 11) != SQLITE_NULL))
			r->health_delta4w = r->health - sqlite3_column_double(stmt, 11);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		book_free(out);
		return error("cannot read the accounts: %s (database %s)", sqlite3_errstr(rc), st->path);
	}
	return 0;
}

void book_free(struct book *b)
{
	for (size_t i = 0; i < b->len; i++) {
		free(b->rows[i].name);
		free(b->rows[i].other_owner);
		free(b->rows[i].main_owner);
		free(b->rows[i].sub_owner);
	}
	free(b->rows);
	b->rows = NULL;
	b->len = 0;
}

long health_round(double score)
{
	return lround(score);   /* halfway cases away from zero */
}

void book_format_health(const struct book_row *r, char *out, size_t size)
{
	if (r->has_health)
		str_format(out, size, "%ld", health_round(r->health));
	else
		str_copy(out, size, "");
}

void book_format_delta(const struct book_row *r, char *out, size_t size)
{
	long d = r->has_health_delta ? health_round(r->health_delta4w) : 0;
	if (!r->has_health_delta)
		str_copy(out, size, "");
	else if (d == 0)
		str_copy(out, size, "0");   /* not "+0" or "-0" */
	else
		str_format(out, size, "%+ld", d);
}

/* ISO 4217 minor units that differ from the usual 2, and display symbols. */
static const struct currency {
	const char code[4];
	int exponent;
	const char *symbol;   /* UTF-8; NULL: show the code */
} currencies[] = {
	{"JPY", 0, "¥"}, {"KRW", 0, "₩"}, {"USD", 2, "$"}, {"EUR", 2, "€"},
	{"GBP", 2, "£"}, {"INR", 2, "₹"}, {"VND", 0, NULL}, {"CLP", 0, NULL},
	{"ISK", 0, NULL}, {"PYG", 0, NULL}, {"UGX", 0, NULL}, {"XAF", 0, NULL},
	{"XOF", 0, NULL}, {"XPF", 0, NULL}, {"BHD", 3, NULL}, {"KWD", 3, NULL},
	{"OMR", 3, NULL}, {"JOD", 3, NULL}, {"TND", 3, NULL}, {"IQD", 3, NULL},
	{"LYD", 3, NULL},
};

static const struct currency *currency_find(const char *code)
{
	for (size_t i = 0; i < ARRAY_SIZE(currencies); i++)
		if (str_eq(code, currencies[i].code))
			return &currencies[i];
	return NULL;
}

int currency_exponent(const char *code)
{
	if (!code || strlen(code) != 3)
		return -1;
	for (int i = 0; i < 3; i++)
		if (code[i] < 'A' || code[i] > 'Z')
			return -1;
	const struct currency *c = currency_find(code);
	return c ? c->exponent : 2;
}

/* Splits minor units into the whole part and the fraction digits. */
static void money_split(int64_t minor, int exp, uint64_t *whole, uint64_t *frac)
{
	uint64_t unit = 1, mag = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	for (int i = 0; i < exp; i++)
		unit *= 10;
	*whole = mag / unit;
	*frac = mag % unit;
}

void money_decimal(int64_t minor, const char *currency, char *out, size_t size)
{
	int exp = currency_exponent(currency);
	uint64_t whole, frac;
	if (minor == INT64_MIN || exp < 0) {
		str_copy(out, size, "");
		return;
	}
	money_split(minor, exp, &whole, &frac);
	if (exp)
		str_format(out, size, "%s%llu.%0*llu", minor < 0 ? "-" : "", (unsigned long long)whole,
			   exp, (unsigned long long)frac);
	else
		str_format(out, size, "%s%llu", minor < 0 ? "-" : "", (unsigned long long)whole);
}

void money_format(int64_t minor, const char *currency, char *out, size_t size)
{
	int exp = currency_exponent(currency);
	const struct currency *c = currency_find(currency);
	char digits[32], grouped[48];
	uint64_t whole, fraction;

	if (minor == INT64_MIN || exp < 0) {
		str_copy(out, size, "-");
		return;
	}
	money_split(minor, exp, &whole, &fraction);
	str_format(digits, sizeof(digits), "%llu", (unsigned long long)whole);
	/* Thousands separators on the whole part. */
	size_t n = strlen(digits), j = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			grouped[j++] = ',';
		grouped[j++] = digits[i];
	}
	grouped[j] = '\0';
	char frac[8] = "";
	if (exp > 0)
		str_format(frac, sizeof(frac), ".%0*llu", exp, (unsigned long long)fraction);
	if (c && c->symbol && text_locale_utf8())
		str_format(out, size, "%s%s%s%s", minor < 0 ? "-" : "", c->symbol, grouped, frac);
	else
		str_format(out, size, "%s%s %s%s", minor < 0 ? "-" : "", currency, grouped, frac);
}
