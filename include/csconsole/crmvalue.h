/* crmvalue.h - numbers and money as CRMs and Excel export them.
 *
 * Pure functions (no store, no files), used by the feeds (feed_accounts.c,
 * feed_metrics.c) and tested in tests/unit/test_crmvalue.c. Dates are
 * date.h's day_parse_export(); file encodings are textenc.h's.
 *
 * Numbers are read by a configured format (feeds.number_format), named by
 * how it writes one thousand two hundred thirty-four and 56 hundredths:
 *   "1,234.56"  ',' groups thousands, '.' is the decimal point (the default)
 *   "1.234,56"  '.' groups, ',' is the decimal comma (German, Spanish, ...)
 *   "1 234,56"  a space (or U+00A0, U+202F) groups, ',' is the decimal comma
 * A value without a grouping character is read as well ("1234.56"); a
 * grouping character must separate groups of three digits.
 *
 * An amount may carry its currency: a symbol (¥ ￥ 円 $ US$ € £) or an ISO
 * 4217 code (JPY, USD, EUR...) before or after the number ("¥12,000,000",
 * "$48,000.00", "48.000,00 €", "EUR 48.000,00", "12,000,000円"). Errors are
 * written as the rest of a message after the quoted value: "is not an
 * amount: ...".
 */
#ifndef CSCONSOLE_CRMVALUE_H
#define CSCONSOLE_CRMVALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* feeds.number_format; crm_number_formats[] holds the names, in this order. */
enum crm_number_format { CRM_NUMBER_DOT, CRM_NUMBER_COMMA, CRM_NUMBER_SPACE };
extern const char *const crm_number_formats[];   /* NULL-terminated */

/* Parses a non-negative plain decimal ("48000.50") into minor units of a
 * currency with `exponent` decimals (JPY 0, USD 2), exactly (no floating
 * point). Decimals beyond the exponent are accepted only when they are zeros.
 * On failure false with the reason (what to write instead) in why. */
bool crm_parse_decimal(const char *s, int exponent, int64_t *out, char *why, size_t size);

/* Parses an amount of money. The currency is the column's (column_currency,
 * an ISO code or NULL), else the one the value names, else default_currency
 * (feeds.currency; NULL or "" for none); a value naming another currency
 * than the column's is an error naming both. On success *minor holds the
 * amount in minor units of that currency, copied to currency[4]. */
bool crm_parse_amount(const char *s, enum crm_number_format nf, const char *column_currency,
		      const char *default_currency, int64_t *minor, char currency[4],
		      char *why, size_t size);

/* A whole number of zero or more in [0, max] ("1,200" seats). */
bool crm_parse_count(const char *s, enum crm_number_format nf, long max, long *out,
		     char *why, size_t size);

/* Rewrites a number written in format nf as a plain C decimal (an optional
 * '-', digits, an optional '.' and digits) into out: "1.234,5" -> "1234.5".
 * False with why when it is not a number in that format. */
bool crm_plain_number(const char *s, enum crm_number_format nf, char *out, size_t out_size,
		      char *why, size_t size);

#endif
