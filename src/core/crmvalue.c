/* crmvalue.c - numbers and money as CRMs and Excel export them (crmvalue.h). */
#include <stdlib.h>
#include <string.h>
#include "csconsole/book.h"
#include "csconsole/crmvalue.h"
#include "csconsole/i18n.h"
#include "csconsole/util.h"

const char *const crm_number_formats[] = { "1,234.56", "1.234,56", "1 234,56", NULL };

/* ---- Plain decimals ---------------------------------------------------------- */

/* v = v * 10 + digit, false when that would pass INT64_MAX. */
static bool add_digit(uint64_t *v, int digit)
{
	if (*v > ((uint64_t)INT64_MAX - (uint64_t)digit) / 10)
		return false;
	*v = *v * 10 + (uint64_t)digit;
	return true;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* currency: named in the "more decimals" message when known (NULL: "the currency"). */
static bool parse_decimal(const char *s, int exponent, const char *currency, int64_t *out,
			  char *why, size_t size)
{
	const char *p = s;
	uint64_t v = 0;
	int decimals = 0;

	if (exponent < 0 || exponent > 6) {
		str_format(why, size, "%s", _("has an unknown currency"));
		return false;
	}
	if (*p == '-') {
		str_format(why, size, "%s", _("is negative: an amount is zero or more"));
		return false;
	}
	if (!is_digit(*p)) {
		str_format(why, size, "%s", _("is not a decimal number: write digits with an optional "
			   "decimal point, like 48000.50"));
		return false;
	}
	for (; is_digit(*p); p++)
		if (!add_digit(&v, *p - '0'))
			goto too_large;
	if (*p == '.') {
		p++;
		if (!is_digit(*p)) {
			str_format(why, size, "%s", _("has no digits after the decimal point"));
			return false;
		}
		for (; is_digit(*p); p++) {
			if (decimals >= exponent) {
				if (*p != '0') {
					if (currency)
						str_format(why, size, P_("has more decimals than %s has "
							   "(%d): round it to %d decimal", "has more decimals "
							   "than %s has (%d): round it to %d decimals", exponent),
							   currency, exponent, exponent);
					else
						str_format(why, size, P_("has more decimals than the currency "
							   "has (%d): round it to %d decimal", "has more decimals "
							   "than the currency has (%d): round it to %d decimals",
							   exponent), exponent, exponent);
					return false;
				}
				continue;
			}
			if (!add_digit(&v, *p - '0'))
				goto too_large;
			decimals++;
		}
	}
	if (*p != '\0') {
		str_format(why, size, "%s", _("is not a plain decimal number: write digits with an "
			   "optional decimal point and no thousands separators or currency signs, "
			   "like 48000.50"));
		return false;
	}
	for (; decimals < exponent; decimals++)
		if (!add_digit(&v, 0))
			goto too_large;
	*out = (int64_t)v;
	return true;
too_large:
	str_format(why, size, "%s", _("is too large"));
	return false;
}

bool crm_parse_decimal(const char *s, int exponent, int64_t *out, char *why, size_t size)
{
	return parse_decimal(s, exponent, NULL, out, why, size);
}

/* ---- Numbers in a format --------------------------------------------------------- */

/* The length of a grouping character of format nf at p, or 0. */
static size_t group_at(const char *p, enum crm_number_format nf)
{
	switch (nf) {
	case CRM_NUMBER_DOT:
		return *p == ',';
	case CRM_NUMBER_COMMA:
		return *p == '.';
	case CRM_NUMBER_SPACE:
		if (*p == ' ')
			return 1;
		if (strncmp(p, "\xC2\xA0", 2) == 0)              /* U+00A0 no-break space */
			return 2;
		if (strncmp(p, "\xE2\x80\xAF", 3) == 0)          /* U+202F narrow no-break space */
			return 3;
		return 0;
	}
	return 0;
}

static char decimal_char(enum crm_number_format nf)
{
	return nf == CRM_NUMBER_DOT ? '.' : ',';
}

/* Without messages: 0 ok, else a reason code. */
enum { NUM_OK, NUM_EMPTY, NUM_GROUPS, NUM_JUNK, NUM_NO_DECIMALS, NUM_LONG };

static int plain(const char *s, enum crm_number_format nf, char *out, size_t out_size)
{
	const char *p = s;
	size_t o = 0, run = 0;
	bool grouped = false;
	char dec = decimal_char(nf);

	if (out_size < 2)
		return NUM_LONG;
	if (*p == '-')
		out[o++] = *p++;
	if (!is_digit(*p))
		return *p ? NUM_JUNK : NUM_EMPTY;
	for (;;) {
		size_t g;
		if (is_digit(*p)) {
			if (o + 2 >= out_size)
				return NUM_LONG;
			out[o++] = *p++;
			run++;
			continue;
		}
		if ((g = group_at(p, nf)) > 0) {
			/* the first group 1-3 digits, the others exactly 3 */
			if ((grouped ? run != 3 : run > 3) || !is_digit(p[g]))
				return NUM_GROUPS;
			grouped = true;
			run = 0;
			p += g;
			continue;
		}
		break;
	}
	if (grouped && run != 3)
		return NUM_GROUPS;
	if (*p == dec) {
		p++;
		if (!is_digit(*p))
			return NUM_NO_DECIMALS;
		if (o + 2 >= out_size)
			return NUM_LONG;
		out[o++] = '.';
		while (is_digit(*p)) {
			if (o + 2 >= out_size)
				return NUM_LONG;
			out[o++] = *p++;
		}
	}
	if (*p != '\0')
		return group_at(p, nf) || *p == ',' || *p == '.' || *p == ' ' ? NUM_GROUPS : NUM_JUNK;
	out[o] = '\0';
	return NUM_OK;
}

/* The number's problem into why, as a whole sentence about a number or,
 * when amount, about an amount. */
static bool plain_number(const char *s, enum crm_number_format nf, char *out, size_t out_size,
			 char *why, size_t size, bool amount)
{
	char tmp[128];
	int rc = plain(s, nf, out, out_size);
	if (rc == NUM_OK)
		return true;
	/* Would another format read it? Then that is what to set. */
	for (int other = CRM_NUMBER_DOT; other <= CRM_NUMBER_SPACE; other++)
		if (other != (int)nf && plain(s, (enum crm_number_format)other, tmp, sizeof(tmp)) == NUM_OK &&
		    rc != NUM_JUNK) {
			str_format(why, size, amount ?
				   _("is not an amount as feeds.number_format \"%s\" writes "
				     "them: if the file writes numbers like %s, set feeds.number_format: "
				     "\"%s\"") :
				   _("is not a number as feeds.number_format \"%s\" writes "
				     "them: if the file writes numbers like %s, set feeds.number_format: "
				     "\"%s\""), crm_number_formats[nf], crm_number_formats[other],
				   crm_number_formats[other]);
			return false;
		}
	switch (rc) {
	case NUM_GROUPS:
		if (nf == CRM_NUMBER_DOT)
			str_format(why, size, amount ?
				   _("is not an amount: thousands are grouped by ',' in threes and '.' "
				     "is the decimal point (feeds.number_format: \"%s\"), like %s") :
				   _("is not a number: thousands are grouped by ',' in threes and '.' "
				     "is the decimal point (feeds.number_format: \"%s\"), like %s"),
				   crm_number_formats[nf], crm_number_formats[nf]);
		else if (nf == CRM_NUMBER_COMMA)
			str_format(why, size, amount ?
				   _("is not an amount: thousands are grouped by '.' in threes and ',' "
				     "is the decimal comma (feeds.number_format: \"%s\"), like %s") :
				   _("is not a number: thousands are grouped by '.' in threes and ',' "
				     "is the decimal comma (feeds.number_format: \"%s\"), like %s"),
				   crm_number_formats[nf], crm_number_formats[nf]);
		else
			str_format(why, size, amount ?
				   _("is not an amount: thousands are grouped by a space in threes and "
				     "',' is the decimal comma (feeds.number_format: \"%s\"), like %s") :
				   _("is not a number: thousands are grouped by a space in threes and "
				     "',' is the decimal comma (feeds.number_format: \"%s\"), like %s"),
				   crm_number_formats[nf], crm_number_formats[nf]);
		break;
	case NUM_NO_DECIMALS:
		if (nf == CRM_NUMBER_DOT)
			str_format(why, size, "%s", amount ?
				   _("is not an amount: it has no digits after the decimal point") :
				   _("is not a number: it has no digits after the decimal point"));
		else
			str_format(why, size, "%s", amount ?
				   _("is not an amount: it has no digits after the decimal comma") :
				   _("is not a number: it has no digits after the decimal comma"));
		break;
	case NUM_LONG:
		str_format(why, size, "%s", amount ? _("is not an amount: it is too long") :
			   _("is not a number: it is too long"));
		break;
	default:
		str_format(why, size, amount ?
			   _("is not an amount: write digits, like %s (feeds.number_format)") :
			   _("is not a number: write digits, like %s (feeds.number_format)"),
			   crm_number_formats[nf]);
		break;
	}
	return false;
}

bool crm_plain_number(const char *s, enum crm_number_format nf, char *out, size_t out_size,
		      char *why, size_t size)
{
	return plain_number(s, nf, out, out_size, why, size, false);
}

bool crm_parse_count(const char *s, enum crm_number_format nf, long max, long *out,
		     char *why, size_t size)
{
	char num[64];
	if (*s == '-') {
		str_format(why, size, "%s", _("is not a whole number of zero or more"));
		return false;
	}
	if (!crm_plain_number(s, nf, num, sizeof(num), why, size))
		return false;
	if (strchr(num, '.') || !str_to_long(num, 0, max, out)) {
		str_format(why, size, "%s", strchr(num, '.') ?
			   _("is not a whole number of zero or more") :
			   _("is not a whole number of zero or more (or it is too large)"));
		return false;
	}
	return true;
}

/* ---- Money --------------------------------------------------------------------------- */

/* Currency signs, longest first where one is the start of another. codes:
 * the currencies the sign may stand for, the one meant alone first. */
static const struct sign {
	const char *text;
	const char *codes;
} signs[] = {
	{ "US$", "USD" }, { "A$", "AUD" }, { "C$", "CAD" }, { "NZ$", "NZD" }, { "S$", "SGD" },
	{ "HK$", "HKD" }, { "JP¥", "JPY" }, { "CN¥", "CNY" }, { "R$", "BRL" },
	{ "$", "USD CAD AUD NZD SGD HKD MXN TWD" },
	{ "¥", "JPY CNY" }, { "￥", "JPY CNY" }, { "円", "JPY" }, { "元", "CNY" },
	/* CP932 writes ¥ as byte 0x5C, which Japanese Windows shows as ¥ and
	 * iconv converts to a backslash: "\12,000,000" from a Japanese Excel. */
	{ "\\", "JPY" },
	{ "€", "EUR" }, { "£", "GBP" }, { "₩", "KRW" }, { "₹", "INR" }, { "Fr.", "CHF" },
	{ "kr", "SEK NOK DKK ISK" },
};

static bool code_in(const char *codes, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = codes; (p = strstr(p, code)) != NULL; p += n)
		if ((p == codes || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return true;
	return false;
}

/* Blanks, as exports put around signs: ASCII space, tab, U+00A0, U+202F. */
static size_t blank_at(const char *p)
{
	if (*p == ' ' || *p == '\t')
		return 1;
	if (strncmp(p, "\xC2\xA0", 2) == 0)
		return 2;
	if (strncmp(p, "\xE2\x80\xAF", 3) == 0)
		return 3;
	return 0;
}

static bool iso_code(const char *p)
{
	for (int i = 0; i < 3; i++)
		if (p[i] < 'A' || p[i] > 'Z')
			return false;
	return true;
}

/* Takes a sign or an ISO code off the front (front) or the end of b
 * (NUL-terminated, edited in place): its currencies into *codes (a code
 * into code[4] and *codes pointing to it). False when there is none. */
static bool take_currency(char *b, bool front, const char **codes, char code[4], char shown[16])
{
	size_t n = strlen(b);
	const char *at = front ? b : b + n - 3;
	/* three capital letters, not part of a longer word */
	if (n >= 3 && iso_code(at) && !(front ? b[3] >= 'A' && b[3] <= 'Z'
					       : n > 3 && b[n - 4] >= 'A' && b[n - 4] <= 'Z')) {
		memcpy(code, at, 3);
		code[3] = '\0';
		if (currency_exponent(code) < 0)
			return false;
		str_copy(shown, 16, code);
		*codes = code;
		if (front)
			memmove(b, b + 3, n - 2);
		else
			b[n - 3] = '\0';
		return true;
	}
	for (size_t i = 0; i < ARRAY_SIZE(signs); i++) {
		size_t k = strlen(signs[i].text);
		if (n < k)
			continue;
		if (front ? strncmp(b, signs[i].text, k) == 0 : strcmp(b + n - k, signs[i].text) == 0) {
			*codes = signs[i].codes;
			str_copy(shown, 16, signs[i].text);
			if (front)
				memmove(b, b + k, n - k + 1);
			else
				b[n - k] = '\0';
			return true;
		}
	}
	return false;
}

static void trim_blanks(char *b)
{
	size_t n = strlen(b), k, skip = 0;
	while ((k = blank_at(b + skip)) > 0)
		skip += k;
	memmove(b, b + skip, n - skip + 1);
	n -= skip;
	for (bool more = true; more && n;) {
		more = false;
		if (b[n - 1] == ' ' || b[n - 1] == '\t') {
			b[--n] = '\0';
			more = true;
		} else if (n >= 2 && strcmp(b + n - 2, "\xC2\xA0") == 0) {
			b[n -= 2] = '\0';
			more = true;
		} else if (n >= 3 && strcmp(b + n - 3, "\xE2\x80\xAF") == 0) {
			b[n -= 3] = '\0';
			more = true;
		}
	}
}

bool crm_parse_amount(const char *s, enum crm_number_format nf, const char *column_currency,
		      const char *default_currency, int64_t *minor, char currency[4],
		      char *why, size_t size)
{
	char b[128], num[128], code[4] = "", shown[16] = "";
	const char *codes = NULL, *cur = NULL;
	bool negative = false;

	if (strlen(s) >= sizeof(b)) {
		str_format(why, size, "%s", _("is not an amount: it is too long"));
		return false;
	}
	str_copy(b, sizeof(b), s);
	trim_blanks(b);
	if (b[0] == '-' || (b[0] == '(' && b[strlen(b) - 1] == ')')) {
		negative = true;
	} else if (take_currency(b, true, &codes, code, shown) || take_currency(b, false, &codes, code, shown)) {
		trim_blanks(b);
		if (b[0] == '-')
			negative = true;
	}
	if (negative) {
		str_format(why, size, "%s", _("is negative: an amount is zero or more"));
		return false;
	}
	if (!plain_number(b, nf, num, sizeof(num), why, size, true))
		return false;
	if (column_currency && *column_currency) {
		if (codes && !code_in(codes, column_currency)) {
			str_format(why, size, _("is in %.3s (%s) but the currency column says %s: fix "
				   "one of them"), codes, shown, column_currency);
			return false;
		}
		cur = column_currency;
	} else if (codes) {
		cur = default_currency && *default_currency && code_in(codes, default_currency)
		      ? default_currency : codes;
	} else if (default_currency && *default_currency) {
		cur = default_currency;
	} else {
		str_format(why, size, "%s", _("has no currency: add a currency column, write the "
			   "currency in the value (¥, $, €, JPY, USD...) or set feeds.currency"));
		return false;
	}
	memcpy(currency, cur, 3);
	currency[3] = '\0';
	int exp = currency_exponent(currency);
	if (exp < 0) {
		str_format(why, size, _("has an unknown currency \"%s\""), currency);
		return false;
	}
	if (!parse_decimal(num, exp, currency, minor, why, size))
		return false;
	return true;
}
