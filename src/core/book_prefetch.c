/* book_prefetch.c - a book fetched by a thread on its own connection (see book.h).
 *
 * The console opens on a CSM's own accounts; the whole team's 100,000 take
 * a few hundred milliseconds to fetch. The fetch runs in a thread with its
 * own SQLite connection (WAL: it reads a snapshot and never blocks the
 * console's writes), so that switching to the team later costs no query.
 * Cancelling interrupts the thread's query (sqlite3_interrupt, which SQLite
 * allows from another thread) and waits for it. The error slot is per
 * thread (util.c): the thread's message is copied into the prefetch.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/book.h"
#include "csconsole/i18n.h"

struct book_prefetch {
	pthread_t thread;
	pthread_mutex_t lock;
	char *path, *shared_dir, *me;
	enum book_scope scope;
	int today;
	sqlite3 *db;         /* the thread's connection while it is open (under lock) */
	bool cancelled;      /* under lock */
	int rc;              /* the fetch's; read after the join */
	char err[1024];
	struct book book;
};

/* A page cache of 2 MiB: the fetch reads each page once; the console's
 * own connection keeps its larger cache. */
#define PREFETCH_CACHE "PRAGMA cache_size = -2048"

static void *prefetch_run(void *arg)
{
	struct book_prefetch *p = arg;
	struct store st = { 0 };
	bool cancelled;
	int rc = store_open(&st, p->path, p->shared_dir);

	if (!rc) {
		pthread_mutex_lock(&p->lock);
		p->db = st.db;
		cancelled = p->cancelled;
		pthread_mutex_unlock(&p->lock);
		rc = cancelled ? error(_("the fetch of the %s accounts was cancelled"), book_scope_name(p->scope))
			: store_exec(&st, PREFETCH_CACHE) ? -1
			: book_fetch(&st, p->me, p->scope, p->today, &p->book);
		pthread_mutex_lock(&p->lock);
		p->db = NULL;
		pthread_mutex_unlock(&p->lock);
	}
	store_close(&st);
	if (rc)
		str_copy(p->err, sizeof(p->err), error_message());
	p->rc = rc;
	return NULL;
}

static void prefetch_free(struct book_prefetch *p)
{
	pthread_mutex_destroy(&p->lock);
	free(p->path);
	free(p->shared_dir);
	free(p->me);
	free(p);
}

struct book_prefetch *book_prefetch_start(const char *path, const char *shared_dir, const char *me,
					  enum book_scope scope, int today)
{
	struct book_prefetch *p = xcalloc(1, sizeof(*p));

	pthread_mutex_init(&p->lock, NULL);
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
