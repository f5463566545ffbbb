/* synclock.c - one sync per database at a time (synclock.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>
#include "csconsole/i18n.h"
#include "csconsole/synclock.h"
#include "csconsole/util.h"

#define POLL_MS 20

static long wait_ms(void)
{
	return env_long("CSCONSOLE_SYNC_WAIT", 3600L * 1000, SYNC_LOCK_WAIT_MS);
}

/* The pid the holder wrote into the file; 0 if none could be read. */
static long read_holder(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	long pid = 0;
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (!str_to_long(buf, 1, 1L << 30, &pid))
		return 0;
	return pid;
}

int sync_lock_take(const char *db_path, struct sync_lock *lk, long *holder)
{
	lk->fd = -1;
	lk->path = xasprintf("%s.sync-lock", db_path);
	*holder = 0;
	int fd = open(lk->path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		int e = errno;
		error(_("cannot create the sync lock %s: %s"), lk->path, strerror(e));
		free(lk->path);
		lk->path = NULL;
		return -1;
	}
	long budget = wait_ms();
	for (long waited = 0;; waited += POLL_MS) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			int e = errno;
			error(_("cannot lock %s: %s"), lk->path, strerror(e));
			close(fd);
			free(lk->path);
			lk->path = NULL;
			return -1;
		}
		if (waited >= budget) {
			*holder = read_holder(fd);
			close(fd);
			free(lk->path);
			lk->path = NULL;
			return 1;
		}
		struct timespec ts = { 0, POLL_MS * 1000000L };
		nanosleep(&ts, NULL);
	}
	/* Ours: say who holds it, for the one who has to wait. */
	char pid[32];
	int len = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)len, 0) != len) {
		/* Only the message of a waiting sync would lack the pid. */
	}
	lk->fd = fd;
	return 0;
}

void sync_lock_release(struct sync_lock *lk)
{
	if (lk->fd >= 0) {
		/* Truncate first, so nobody reads a stale pid after we are gone. */
		if (ftruncate(lk->fd, 0) != 0) {
			/* harmless: the next holder rewrites it */
		}
		flock(lk->fd, LOCK_UN);
		close(lk->fd);
	}
	lk->fd = -1;
	free(lk->path);
	lk->path = NULL;
}
