/* book_prefetch.c - a book fetched by a thread on its own connection (see book.h).
 *
 * The console opens on a CSM's own accounts; the whole team's 100,000 take
 * a few hundred milliseconds to fetch. The fetch runs in a thread with its
 * own SQLite connection (WAL: it reads a snapshot and never blocks the
 * console's writes), so that switching to the team later costs no query.
 * Cancelling interrupts the thread's query (sqlite3_interrupt, which SQLite
 * allows from another thread) and waits for it. The error slot is per
 * thread (util.c): the thread's message is copied into the prefetch.
 *
 * Before the fetch the thread finds the first rows in the console's sort
 * (book_window), in the same read transaction, so that a scope key pressed
 * at once shows them after a fraction of the fetch's time, and after it
 * runs the caller's derive on the rows (the counts, widths and order the
 * view would otherwise work out on its own thread when switching).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "csconsole/book.h"
#include "csconsole/i18n.h"

struct book_prefetch {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;  /* signalled when the window is found and when all is done */
	char *path, *shared_dir, *me;
	enum book_scope scope;
	int today;
	struct book_prefetch_opts opts;
	sqlite3 *db;         /* the thread's connection while it is open (under lock) */
	bool cancelled;      /* under lock */
	bool window_done;    /* under lock: window_rc and window are set */
	bool done;           /* under lock: the thread has finished */
	int window_rc;       /* book_window's: 0 found, 1 not (or taken), -1 failed */
	struct book window;
	int rc;              /* the fetch's; read after the join */
	char err[1024];
	struct book book;
};

/* A page cache of 2 MiB: the fetch reads each page once; the console's
 * own connection keeps its larger cache. */
#define PREFETCH_CACHE "PRAGMA cache_size = -2048"

static void set_flag(struct book_prefetch *p, bool *flag)
{
	pthread_mutex_lock(&p->lock);
	*flag = true;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

/* Tests only: with $CSCONSOLE_PREFETCH_HOLD=FILE the fetch of every row
 * waits (at most 30 s) until FILE exists, so that a test sees the console
 * with the first rows only, then lets the rest land (tests/tui/scope_window.sh). */
static void test_hold(struct book_prefetch *p)
{
	const char *file = getenv("CSCONSOLE_PREFETCH_HOLD");
	struct timespec pause = { 0, 20 * 1000 * 1000 };

	for (int i = 0; file && *file && i < 1500 && access(file, F_OK) != 0; i++) {
		pthread_mutex_lock(&p->lock);
		bool cancelled = p->cancelled;
		pthread_mutex_unlock(&p->lock);
		if (cancelled)
			return;
		nanosleep(&pause, NULL);
	}
}

static void *prefetch_run(void *arg)
{
	struct book_prefetch *p = arg;
	struct store st = { 0 };
	bool cancelled;
	int rc = store_open(&st, p->path, p->shared_dir);

	p->window_rc = 1;
	if (!rc) {
		pthread_mutex_lock(&p->lock);
		p->db = st.db;
		cancelled = p->cancelled;
		pthread_mutex_unlock(&p->lock);
		/* one read transaction: the window and the book are one snapshot */
		rc = cancelled ? -1 : store_exec(&st, PREFETCH_CACHE) ? -1 : store_exec(&st, "BEGIN");
		/* the first screens first: what a scope key pressed now shows */
		if (!rc && p->opts.window)
			p->window_rc = book_window(&st, p->me, p->today, p->opts.sort, p->opts.descending,
						   p->opts.window, &p->window);
		set_flag(p, &p->window_done);
		test_hold(p);
		pthread_mutex_lock(&p->lock);
		cancelled = cancelled || p->cancelled;
		pthread_mutex_unlock(&p->lock);
		rc = cancelled ? error(_("the fetch of the %s accounts was cancelled"), book_scope_name(p->scope))
			: rc ? -1
			: book_fetch(&st, p->me, p->scope, p->today, &p->book);
		if (sqlite3_get_autocommit(st.db) == 0)
			sqlite3_exec(st.db, "COMMIT", NULL, NULL, NULL);   /* a read: nothing to lose */
		if (!rc && p->opts.derive)
			p->opts.derive(&p->book, p->opts.arg);
		pthread_mutex_lock(&p->lock);
		p->db = NULL;
		pthread_mutex_unlock(&p->lock);
	} else {
		set_flag(p, &p->window_done);
	}
	store_close(&st);
	if (rc)
		str_copy(p->err, sizeof(p->err), error_message());
	p->rc = rc;
	set_flag(p, &p->done);
	return NULL;
}

static void prefetch_free(struct book_prefetch *p)
{
	book_free(&p->window);
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->lock);
	free(p->path);
	free(p->shared_dir);
	free(p->me);
	free(p);
}

struct book_prefetch *book_prefetch_start(const char *path, const char *shared_dir, const char *me,
					  enum book_scope scope, int today, const struct book_prefetch_opts *opts)
{
	struct book_prefetch *p = xcalloc(1, sizeof(*p));

	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	if (opts)
		p->opts = *opts;
	p->path = xstrdup(path);
	p->shared_dir = xstrdup(shared_dir ? shared_dir : "");
	p->me = xstrdup(me ? me : "");
	p->scope = scope;
	p->today = today;
	if (pthread_create(&p->thread, NULL, prefetch_run, p) != 0) {
		prefetch_free(p);
		return NULL;
	}
	return p;
}

bool book_prefetch_matches(const struct book_prefetch *p, const char *me, enum book_scope scope, int today)
{
	return p && p->scope == scope && p->today == today && str_eq(p->me, me ? me : "");
}

bool book_prefetch_done(struct book_prefetch *p)
{
	bool done;

	pthread_mutex_lock(&p->lock);
	done = p->done;
	pthread_mutex_unlock(&p->lock);
	return done;
}

int book_prefetch_window(struct book_prefetch *p, enum book_sort sort, bool descending, size_t k,
			 struct book *out)
{
	memset(out, 0, sizeof(*out));
	if (!p || !p->opts.window || p->opts.sort != sort || p->opts.descending != descending ||
	    k > p->opts.window)
		return 1;
	pthread_mutex_lock(&p->lock);
	while (!p->window_done)
		pthread_cond_wait(&p->cond, &p->lock);
	pthread_mutex_unlock(&p->lock);
	if (p->window_rc != 0)
		return 1;
	*out = p->window;
	out->len = k;   /* the first k of the window: the same order */
	memset(&p->window, 0, sizeof(p->window));
	p->window_rc = 1;
	return 0;
}

int book_prefetch_take(struct book_prefetch *p, struct book *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	pthread_join(p->thread, NULL);
	rc = p->rc;
	if (rc)
		error("%s", p->err);
	else
		*out = p->book;
	prefetch_free(p);
	return rc ? -1 : 0;
}

void book_prefetch_cancel(struct book_prefetch *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->cancelled = true;
	if (p->db)
		sqlite3_interrupt(p->db);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	book_free(&p->book);
	prefetch_free(p);
}
