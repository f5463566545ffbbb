/* fuzz_feed_accounts.c - the account feed (feed_accounts.c): the same input
 * is imported twice, as <shared>/feeds/accounts.yaml and as accounts.csv
 * (each into its own copy of the template book), by feed_sync(). Checks
 * fuzz_feed()'s invariants of every import, that accounts and contacts hold
 * only UTF-8 text, and that the team's portfolio (book_fetch, the query the
 * console and `accounts` run) loads, with sanitized names.
 */
#include "fuzz.h"
#include "csconsole/book.h"
#include "csconsole/date.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_init();
	fuzz_book_init();
	return 0;
}

static void check(struct store *st)
{
	struct book b;
	fuzz_check_utf8(st, "account");
	fuzz_check_utf8(st, "contact");
	FUZZ_CHECK(book_fetch(st, "aiko", SCOPE_TEAM, day_today(), &b) == 0, "book_fetch: %s",
		   error_message());
	for (size_t i = 0; i < b.len; i++)
		FUZZ_CHECK(text_is_clean(b.rows[i].name), "row %zu's name is not sanitized", i);
	book_free(&b);
	store_close(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store st;
	fuzz_feed("accounts.yaml", data, size, &st);
	check(&st);
	fuzz_feed("accounts.csv", data, size, &st);
	check(&st);
	return 0;
}
