/* fuzz_feed_metrics.c - the metrics feed (feed_metrics.c): the same input is
 * imported twice, as <shared>/feeds/metrics/fuzz.csv and as fuzz.yaml (each
 * into its own copy of the template book, whose accounts the rows can name),
 * by feed_sync(), which then refreshes the account summaries. Checks
 * fuzz_feed()'s invariants of every import and that metric names are UTF-8.
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
	fuzz_feed("metrics/fuzz.csv", data, size, &st);
	fuzz_check_utf8(&st, "metric_name");
	store_close(&st);
	fuzz_feed("metrics/fuzz.yaml", data, size, &st);
	fuzz_check_utf8(&st, "metric_name");
	store_close(&st);
	return 0;
}
