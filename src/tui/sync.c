/* sync.c - the console's background sync: `csconsole sync --quiet` run as a
 * child process (fork + exec of this program, never threads with curses).
 *
 * The child gets the same configuration (--config, --me; $CSCONSOLE_TODAY
 * and $CSCONSOLE_CONFIG are inherited), /dev/null for input, its own process
 * group (Ctrl-C and Ctrl-Z at the console do not reach it) and a pipe for
 * output. The loop calls tui_sync_poll() every tick: it drains the pipe
 * without blocking and reaps the child with WNOHANG. The last lines the
 * child prints are its summaries ("sync: ...", "events: ..."), which become
 * the status-line message; anything else it printed is a problem, and the
 * first one is shown as the error.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "csconsole/i18n.h"
#include "csconsole/tui.h"

#define SYNC_OUTPUT_MAX (64 * 1024)    /* the rest of a long report is dropped */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* In the child, after fork: only async-signal-safe calls until exec. */
static void child(int out, char **argv)
{
	int null = open("/dev/null", O_RDONLY);

	setpgid(0, 0);
	signal(SIGPIPE, SIG_IGN);         /* the console may quit first */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGTSTP, SIG_DFL);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		close(null);
	}
	dup2(out, STDOUT_FILENO);
	dup2(out, STDERR_FILENO);
	close(out);
	execv("/proc/self/exe", argv);
	execvp("csconsole", argv);        /* no /proc: the installed program */
	_exit(127);
}

void tui_sync_start(struct tui *tui)
{
	const struct config *cfg = &tui->app->cfg;
	struct tui_sync *s = &tui->sync;
	char *argv[8];
	int n = 0, fds[2];
	pid_t pid;

	if (s->pid > 0) {
		tui_message(tui, _("a sync is already running (%ds)"), tui_sync_elapsed(tui));
		return;
	}
	if (str_empty(cfg->shared_dir)) {
		tui_message(tui, "%s", _("no shared directory: working offline (set shared_dir in the configuration)"));
		return;
	}
	/* built before fork: the child only execs */
	argv[n++] = (char *)"csconsole";
	if (cfg->file) {
		argv[n++] = (char *)"--config";
		argv[n++] = cfg->file;
	}
	if (config_key_source(cfg, (size_t)config_key_find("me")) == SRC_OPTION) {
		argv[n++] = (char *)"--me";
		argv[n++] = cfg->me;
	}
	argv[n++] = (char *)"sync";
	argv[n++] = (char *)"--quiet";
	argv[n] = NULL;

	if (pipe(fds) < 0) {
		tui_error(tui, _("cannot start the sync: pipe: %s"), strerror(errno));
		return;
	}
	pid = fork();
	if (pid < 0) {
		tui_error(tui, _("cannot start the sync: fork: %s"), strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (pid == 0) {
		close(fds[0]);
		child(fds[1], argv);
	}
	close(fds[1]);
	fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	s->pid = pid;
	s->fd = fds[0];
	s->started_ms = now_ms();
	sbuf_reset(&s->out);
}

int tui_sync_elapsed(const struct tui *tui)
{
	if (tui->sync.pid <= 0)
		return -1;
	return (int)((now_ms() - tui->sync.started_ms) / 1000);
}

static void drain(struct tui_sync *s)
{
	char buf[4096];
	ssize_t n;

	while (s->fd >= 0 && (n = read(s->fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;                /* EAGAIN: nothing more for now */
		}
		if (s->out.len < SYNC_OUTPUT_MAX)
			sbuf_add(&s->out, buf, (size_t)n);
	}
}

/* Does line begin with english ("events: "), or with the label the
 * catalog gives one of that line's messages (translated: "イベント: ")?
 * The child speaks the console's language (it inherits LANGUAGE). */
static bool has_label(const char *line, const char *english, const char *translated)
{
	const char *colon = strstr(translated, ": ");

	if (!strncmp(line, english, strlen(english)))
		return true;
	return colon && colon > translated && !strncmp(line, translated, (size_t)(colon - translated) + 2);
}

static bool is_playbook(const char *line)
{
	return has_label(line, "playbook: ", _("playbook: no new touchpoints"));
}

/* Lines of `csconsole sync` the status line repeats: feeds, events and what
 * the playbook scheduled (new touchpoints are news). */
static bool is_summary(const char *line)
{
	return has_label(line, "sync: ", P_("sync: %zu file", "sync: %zu files", 2)) ||
	       has_label(line, "events: ", _("events: no new segments")) || is_playbook(line);
}

/* Lines that are neither summary nor problem: the health pass's counts. */
static bool is_quiet_info(const char *line)
{
	return has_label(line, "health: ", _("health: %s computed, %s written; blind spots: %s, %lld quiet but loyal\n"));
}

/* The status-line message from what the child printed and how it ended. */
static void report(struct tui *tui, int status)
{
	struct sbuf summary = { 0 };
	char *text = xstrdup(sbuf_str(&tui->sync.out)), *save = NULL, *problem = NULL;
	size_t problems = 0;
	bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!*line)
			continue;
		if (is_playbook(line) && summary.len) {
			/* news first: the line is cut at the screen's edge */
			char *rest = xstrdup(sbuf_str(&summary));
			sbuf_reset(&summary);
			sbuf_addf(&summary, "%s; %s", line, rest);
			free(rest);
		} else if (is_summary(line)) {
			sbuf_addf(&summary, "%s%s", summary.len ? "; " : "", line);
		} else if (!is_quiet_info(line)) {
			if (!problem)
				problem = line;
			problems++;
		}
	}
	if (ok) {
		tui_message(tui, "%s", summary.len ? sbuf_str(&summary) : _("sync: done"));
	} else if (problem) {
		if (problems > 1)
			tui_error(tui, _("%s (and more: run csconsole sync for the details)"), problem);
		else
			tui_error(tui, "%s", problem);
	} else if (WIFSIGNALED(status)) {
		tui_error(tui, _("the sync was stopped by signal %d: run csconsole sync to see why"), WTERMSIG(status));
	} else if (summary.len) {
		tui_error(tui, _("the sync failed (exit status %d): %s: run csconsole sync for the details"),
			  WIFEXITED(status) ? WEXITSTATUS(status) : -1, sbuf_str(&summary));
	} else {
		tui_error(tui, _("the sync failed (exit status %d): run csconsole sync for the details"),
			  WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
	free(text);
	sbuf_free(&summary);
}

bool tui_sync_poll(struct tui *tui)
{
	struct tui_sync *s = &tui->sync;
	int status = 0;
	pid_t r;

	if (s->pid <= 0)
		return false;
	drain(s);
	r = waitpid(s->pid, &status, WNOHANG);
	if (r == 0 || (r < 0 && errno == EINTR))
		return false;
	drain(s);                              /* what it wrote just before exiting */
	close(s->fd);
	s->fd = -1;
	s->pid = 0;
	if (r < 0)
		tui_error(tui, _("the sync's end was lost: %s"), strerror(errno));
	else
		report(tui, status);
	sbuf_free(&s->out);
	return true;
}

void tui_sync_detach(struct tui *tui)
{
	struct tui_sync *s = &tui->sync;

	if (s->pid > 0)
		close(s->fd);
	s->pid = 0;
	s->fd = -1;
	sbuf_free(&s->out);
}
