/* fuzz_crmvalue.c - values as CRMs write them (crmvalue.c) and the UTF-8
 * scan and conversion of feed files (textenc.c), on arbitrary bytes.
 *
 * Checked: an amount accepted in any number format is zero or more, in a
 * currency of three capital letters, the column's when one is given; a
 * number's plain form is a C decimal that the same parser reads back
 * unchanged; every refusal explains itself ("is ..." / "has ..."); the
 * streaming UTF-8 scan agrees with utf8_valid() whatever the chunking; a
 * CP932 or UTF-16 conversion of the bytes is valid UTF-8 when it succeeds.
 */
#include "fuzz.h"
#include "csconsole/crmvalue.h"
#include "csconsole/text.h"
#include "csconsole/textenc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_init();
	return 0;
}

static void check_convert(const char *from, const uint8_t *data, size_t size)
{
	struct textenc_conv *c = textenc_open(from);
	struct sbuf out = {0};
	unsigned bad = 0;
	size_t half = size / 2, at;
	FUZZ_CHECK(c != NULL, "iconv does not know %s", from);
	if (textenc_convert(c, (const char *)data, half, false, &out, &bad) == 0 &&
	    textenc_convert(c, (const char *)data + half, size - half, true, &out, &bad) == 0)
		FUZZ_CHECK(utf8_valid(out.data ? out.data : "", out.len, &at),
			   "%s converted to bytes that are not UTF-8", from);
	else
		FUZZ_CHECK(bad >= 1, "%s: a refusal without a line", from);
	sbuf_free(&out);
	textenc_close(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *s = xstrndup((const char *)data, size);
	char why[512], cur[4], plain[160], back[160];
	int64_t minor;
	long count;

	for (int nf = CRM_NUMBER_DOT; nf <= CRM_NUMBER_SPACE; nf++) {
		static const char *const columns[] = { NULL, "JPY", "USD", "EUR" };
		for (size_t c = 0; c < ARRAY_SIZE(columns); c++) {
			why[0] = '\0';
			if (crm_parse_amount(s, (enum crm_number_format)nf, columns[c], c == 0 ? "USD" : NULL,
					     &minor, cur, why, sizeof(why))) {
				FUZZ_CHECK(minor >= 0, "\"%s\": negative amount %lld", s, (long long)minor);
				FUZZ_CHECK(strlen(cur) == 3 && cur[0] >= 'A' && cur[0] <= 'Z',
					   "\"%s\": currency \"%s\"", s, cur);
				if (columns[c])
					FUZZ_CHECK(strcmp(cur, columns[c]) == 0, "\"%s\": %s, column %s", s,
						   cur, columns[c]);
			} else {
				FUZZ_CHECK(strncmp(why, "is ", 3) == 0 || strncmp(why, "has ", 4) == 0,
					   "\"%s\" refused with \"%s\"", s, why);
			}
		}
		if (crm_plain_number(s, (enum crm_number_format)nf, plain, sizeof(plain), why, sizeof(why))) {
			FUZZ_CHECK(crm_plain_number(plain, CRM_NUMBER_DOT, back, sizeof(back), why,
						    sizeof(why)) && strcmp(plain, back) == 0,
				   "\"%s\": plain \"%s\" does not read back", s, plain);
		}
		if (crm_parse_count(s, (enum crm_number_format)nf, 1000000, &count, why, sizeof(why)))
			FUZZ_CHECK(count >= 0 && count <= 1000000, "\"%s\": count %ld", s, count);
	}

	/* The scan, in chunks of 1 and 7 bytes, against utf8_valid. */
	size_t at = 0;
	bool valid = utf8_valid((const char *)data, size, &at);
	for (size_t chunk = 1; chunk <= 7; chunk += 6) {
		struct textenc_scan sc;
		textenc_scan_init(&sc);
		for (size_t i = 0; i < size; i += chunk)
			textenc_scan(&sc, (const char *)data + i, size - i < chunk ? size - i : chunk);
		textenc_scan_end(&sc);
		FUZZ_CHECK(valid == (sc.bad < 0), "scan %s, utf8_valid %s", sc.bad < 0 ? "valid" : "invalid",
			   valid ? "valid" : "invalid");
	}
	check_convert("CP932", data, size);
	check_convert("UTF-16LE", data, size);
	free(s);
	return 0;
}
