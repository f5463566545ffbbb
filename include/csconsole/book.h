/* book.h - the accounts of a CSM's book, as the portfolio and `accounts` show them. */
#ifndef CSCONSOLE_BOOK_H
#define CSCONSOLE_BOOK_H

#include <stdint.h>
#include "csconsole/config.h"
#include "csconsole/store.h"

enum book_scope {
	SCOPE_MAIN,      /* accounts I am main owner of */
	SCOPE_MINE,      /* main + sub + covering (the default) */
	SCOPE_COVERING,  /* accounts I cover for an absent owner today */
	SCOPE_TEAM,      /* every active account */
};

enum book_role { ROLE_NONE, ROLE_MAIN, ROLE_SUB, ROLE_COVERING };

struct book_row {
	char crm_id[64];
	char *name;              /* sanitized, owned */
	enum book_role role;
	char *other_owner;       /* the other owner's handle (owned), or NULL */
	char *main_owner, *sub_owner;  /* owned */
	char touch_model[8];
	char stage[16];
	int64_t arr_minor;       /* INT64_MIN when unknown */
	char currency[8];
	bool has_health;
	double health;           /* latest snapshot */
	bool has_health_delta;
	double health_delta4w;   /* latest minus the snapshot 4 weeks (28 days) before it */
	int renewal_day;         /* DAY_NONE when unknown */
	int days_left;           /* renewal_day - today */
};

struct book {
	struct book_row *rows;
	size_t len;
};

const char *book_scope_name(enum book_scope s);
bool book_scope_parse(const char *s, enum book_scope *out);
const char *book_role_name(enum book_role r);

/* Loads the accounts in scope for `me` as of `today`, ordered by renewal date
 * (unknown last) then name. 0 or -1 + error(). Free with book_free(). */
int book_load(struct store *st, const char *me, enum book_scope scope, int today, struct book *out);
void book_free(struct book *b);

/* A score rounded half away from zero, as every screen shows it. */
long health_round(double score);
/* The health and its 4-week change as shown everywhere: "82"; "+3", "-12", "0";
 * "" when unknown. */
void book_format_health(const struct book_row *r, char *out, size_t size);
void book_format_delta(const struct book_row *r, char *out, size_t size);

/* Formats arr_minor in currency (e.g. "¥12,000,000", "$48,000.00"). */
void money_format(int64_t minor, const char *currency, char *out, size_t size);
/* Formats arr_minor as a plain decimal for machines (e.g. "48000.00"); "" when unknown. */
void money_decimal(int64_t minor, const char *currency, char *out, size_t size);
/* Decimal places of an ISO 4217 currency (JPY 0, USD 2...). */
int currency_exponent(const char *currency);

#endif
