/* fuzz_feed_team.c - the team feed (feed_team.c): the input is
 * <shared>/feeds/team.yaml, imported by feed_sync() into a copy of the
 * template book. Checks fuzz_feed()'s invariants of every import, then that
 * the CSM and absence tables hold only UTF-8 text.
 */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_init();
	fuzz_book_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store st;
	fuzz_feed("team.yaml", data, size, &st);
	fuzz_check_utf8(&st, "csm");
	fuzz_check_utf8(&st, "absence");
	store_close(&st);
	return 0;
}
