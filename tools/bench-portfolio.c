/* bench-portfolio.c - times the portfolio's core queries on a database:
 *   build/tools/bench-portfolio DB [ME]
 * prints ms for: the account_summary refresh of every account, book_query
 * for the whole team in the attention order, re-sorting the loaded rows by
 * health, a band filter, a search keystroke, and the header summary.
 * Migrates DB to the current schema first: point it at a copy. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "csconsole/book.h"
#include "csconsole/date.h"
#include "csconsole/summary.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void run_query(struct store *st, const char *me, const char *what,
		      const struct book_filter *f, enum book_sort sort)
{
	struct book b;
	double t = now_ms();
	if (book_query(st, me, SCOPE_TEAM, day_today(), f, sort, false, &b))
		die("%s", error_message());
	printf("%-34s %8.1f ms  (%zu rows)\n", what, now_ms() - t, b.len);
	book_free(&b);
}

int main(int argc, char **argv)
{
	struct store st;
	struct book b;
	struct book_filter f;
	struct book_summary sum;
	struct config cfg;
	const char *me = argc > 2 ? argv[2] : "aiko";
	double t;

	if (argc < 2) {
		fprintf(stderr, "usage: bench-portfolio DB [ME]\n");
		return 2;
	}
	t = now_ms();
	if (store_open(&st, argv[1], NULL))
		die("%s", error_message());
	printf("%-34s %8.1f ms\n", "open (+ migrate if older)", now_ms() - t);
	t = now_ms();
	if (summary_refresh_all(&st))
		die("%s", error_message());
	printf("%-34s %8.1f ms\n", "refresh every account's summary", now_ms() - t);

	config_defaults(&cfg);
	run_query(&st, me, "team, attention order", NULL, BOOK_SORT_ATTENTION);
	if (book_query(&st, me, SCOPE_TEAM, day_today(), NULL, BOOK_SORT_ATTENTION, false, &b))
		die("%s", error_message());
	t = now_ms();
	book_sort(&b, BOOK_SORT_HEALTH, false);
	printf("%-34s %8.1f ms\n", "re-sort loaded rows by health", now_ms() - t);
	t = now_ms();
	book_summarize(&st, &cfg, &b, ts_now(), &sum);
	printf("%-34s %8.1f ms\n", "header summary", now_ms() - t);
	book_free(&b);
	run_query(&st, me, "team, health order (query)", NULL, BOOK_SORT_HEALTH);
	book_filter_init(&f, &cfg);
	f.bands = 1u << BAND_RED;
	run_query(&st, me, "filter: band red", &f, BOOK_SORT_ATTENTION);
	book_filter_init(&f, &cfg);
	f.search = "ka";
	run_query(&st, me, "search keystroke \"ka\"", &f, BOOK_SORT_ATTENTION);
	config_free(&cfg);
	store_close(&st);
	return 0;
}
