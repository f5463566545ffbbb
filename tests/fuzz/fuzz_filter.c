/* fuzz_filter.c - the console's filter language (book.c book_filter_parse):
 * arbitrary bytes as the text typed at the filter prompt, with the default
 * configuration (its risk categories).
 *
 * A refusal leaves the filter unchanged and says why; an accepted filter
 * formats (book_filter_format) to text that parses to the same filter and
 * formats the same again (the prompt shows the canonical form).
 */
#include "fuzz.h"
#include "csconsole/book.h"
#include "csconsole/config.h"

static struct config cfg;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_init();
	config_defaults(&cfg);
	return 0;
}

static bool same(const struct book_filter *a, const struct book_filter *b)
{
	return a->bands == b->bands && a->stages == b->stages && a->touch_models == b->touch_models &&
	       a->renewal_within == b->renewal_within && a->blinds == b->blinds &&
	       (a->owner == NULL) == (b->owner == NULL) && (!a->owner || !strcmp(a->owner, b->owner)) &&
	       (a->risk_category == NULL) == (b->risk_category == NULL) &&
	       (!a->risk_category || !strcmp(a->risk_category, b->risk_category));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *text = xstrndup((const char *)data, size);
	struct book_filter f, before, g;
	char owner[64], risk[64], owner2[64], risk2[64], shown[512], shown2[512];

	book_filter_init(&f, &cfg);
	f.search = "kept";
	before = f;
	error_clear();
	if (book_filter_parse(text, &cfg, &f, owner, risk, sizeof(owner)) != 0) {
		FUZZ_CHECK(memcmp(&f, &before, sizeof(f)) == 0, "a refused filter changed f");
		FUZZ_CHECK(error_message()[0] != '\0', "\"%s\" refused without a reason", text);
	} else {
		FUZZ_CHECK(f.search == before.search, "the parse replaced the search");
		book_filter_format(&f, shown, sizeof(shown));
		book_filter_init(&g, &cfg);
		if (book_filter_parse(shown, &cfg, &g, owner2, risk2, sizeof(owner2)) != 0)
			FUZZ_CHECK(0, "\"%s\" formats as \"%s\", refused: %s", text, shown, error_message());
		FUZZ_CHECK(same(&f, &g), "\"%s\" formats as \"%s\", which parses to another filter",
			   text, shown);
		book_filter_format(&g, shown2, sizeof(shown2));
		FUZZ_CHECK(strcmp(shown, shown2) == 0, "formats \"%s\" then \"%s\"", shown, shown2);
	}
	free(text);
	return 0;
}
