/* peakrss.c - runs a command and reports its wall time and peak memory:
 *
 *   peakrss [-o FILE] CMD [ARG...]
 *
 * Writes one line "WALL_SECONDS PEAK_RSS_KIB EXIT_STATUS USER_SECONDS
 * SYS_SECONDS" to FILE (with -o) or a sentence to stderr (the CPU times are
 * the child's, from the same rusage). The peak RSS is the child's own (wait4 rusage
 * ru_maxrss), so the measurement does not include this wrapper. Exits with
 * the command's status (128 + signal if it was killed). Used by bench.sh.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "csconsole/util.h"

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	int first = 1;

	if (argc > 2 && str_eq(argv[1], "-o")) {
		out = argv[2];
		first = 3;
	}
	if (first >= argc || argv[first][0] == '-') {
		fprintf(stderr, "usage: peakrss [-o FILE] CMD [ARG...]\n"
			"Runs CMD; reports wall seconds, the child's peak RSS (KiB) and its exit status.\n");
		return 2;
	}

	double t0 = now_seconds();
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "peakrss: cannot fork: %s\n", strerror(errno));
		return 126;
	}
	if (pid == 0) {
		execvp(argv[first], argv + first);
		fprintf(stderr, "peakrss: cannot run %s: %s\n", argv[first], strerror(errno));
		_exit(127);
	}

	int status;
	struct rusage ru;
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "peakrss: wait4: %s\n", strerror(errno));
			return 126;
		}
	}
	double wall = now_seconds() - t0;
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	double user = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6;
	double sys = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;

	if (out) {
		FILE *f = fopen(out, "w");
		if (!f || fprintf(f, "%.3f %ld %d %.3f %.3f\n", wall, (long)ru.ru_maxrss, code,
				      user, sys) < 0 || fclose(f) != 0) {
			fprintf(stderr, "peakrss: cannot write %s: %s\n", out, strerror(errno));
			return 126;
		}
	} else {
		fprintf(stderr, "peakrss: %.3f s wall (%.3f s user, %.3f s system), %ld KiB peak RSS, "
			"exit %d\n", wall, user, sys, (long)ru.ru_maxrss, code);
	}
	return code;
}
