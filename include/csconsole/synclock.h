/* synclock.h - one sync per database at a time.
 *
 * The console's background sync, a sync typed at the command line and one
 * run by cron must not run at once on one database: they would publish the
 * same outbox twice and trip over each other's files. A sync holds an
 * advisory lock (flock) on a small file beside the database,
 * <database>.sync-lock, which also holds the holder's pid for the message
 * of whoever has to wait. The lock goes with its process, however it ends
 * (kill -9 included); the file itself stays, empty of meaning.
 */
#ifndef CSCONSOLE_SYNCLOCK_H
#define CSCONSOLE_SYNCLOCK_H

/* How long a second sync waits for the first before giving up. */
#define SYNC_LOCK_WAIT_MS 5000

struct sync_lock {
	int fd;                  /* -1: not held */
	char *path;              /* owned */
};

/* Takes the lock of the database at db_path, waiting up to wait_ms
 * (SYNC_LOCK_WAIT_MS, or $CSCONSOLE_SYNC_WAIT in ms when set: tests).
 * Returns 0 when held, 1 when another process kept it all along (*holder:
 * its pid, 0 if unknown), or -1 + error() when the lock file cannot be
 * created. sync_lock_release() releases it (harmless when not held). */
int sync_lock_take(const char *db_path, struct sync_lock *lk, long *holder);
void sync_lock_release(struct sync_lock *lk);

#endif
