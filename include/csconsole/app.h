/* app.h - what every command shares: the configuration and the database.
 *
 * main() fills an app from the global options, then calls one command from
 * the command table (src/main.c). Commands return an exit code (exitcode.h).
 */
#ifndef CSCONSOLE_APP_H
#define CSCONSOLE_APP_H

#include "csconsole/config.h"
#include "csconsole/diag.h"
#include "csconsole/store.h"

struct app {
	struct config cfg;
	struct diag_list config_diags;   /* from loading the config */
	const char *config_path;         /* --config FILE, or NULL */
	const char *theme;               /* --theme NAME, or NULL */
	int today;                       /* day_today(), fixed for the run */
	struct store store;
	bool store_opened;
};

/* Opens the database named by the configuration (refusing a path inside the
 * shared directory). On failure prints the error to stderr and returns
 * CS_EXIT_STORE; otherwise CS_EXIT_OK. Idempotent. */
int app_open_store(struct app *app);
/* Takes the database's sync lock for command cmd (synclock.h): CS_EXIT_OK,
 * or CS_EXIT_BUSY / CS_EXIT_IO after saying why on stderr. */
struct sync_lock;
int app_sync_lock(struct app *app, const char *cmd, struct sync_lock *lock);
void app_close(struct app *app);
/* --format of a text|json command into *json; -1 after saying what is
 * allowed on stderr (the caller exits with CS_EXIT_USAGE). */
int app_format_json(const char *cmd, const char *arg, bool *json);
/* The arguments of a one-account command (show, health): ACCOUNT and
 * --format text|json, --help (prints usage). Returns the exit code to end
 * with; *account is set only when the command should go on. */
int app_account_args(const char *cmd, const char *usage, int argc, char **argv, bool *json,
		     const char **account);
/* Opens the store and loads the account ACCOUNT names (detail_load_account);
 * a failure is said on stderr as "csconsole CMD: ...". Returns the exit
 * code: CS_EXIT_OK with d to free with detail_free(). */
struct account_detail;
int app_load_account(struct app *app, const char *cmd, const char *account, struct account_detail *d);

/* The commands. argv[0] is the command name; options follow. */
/* A progress line on stderr, on a terminal only: drawn once the operation has
 * run APP_PROGRESS_AFTER seconds (or the caller says when, with shown_after
 * 0), redrawn at most every APP_PROGRESS_EVERY, and erased before anything
 * else is printed. */
#define APP_PROGRESS_AFTER 1.0
#define APP_PROGRESS_EVERY 0.25
struct app_progress {
	bool tty, shown;
	double start, last;
};
void app_progress_start(struct app_progress *p);
void app_progress_show(struct app_progress *p, double shown_after, const char *fmt, ...) PRINTF_LIKE(3, 4);
void app_progress_clear(struct app_progress *p);
/* A healthcalc progress callback (ctx: struct app_progress): "what: N of M accounts". */
void app_progress_accounts(void *ctx, const char *what, size_t done, size_t total);

int cmd_sync(struct app *app, int argc, char **argv);
int cmd_accounts(struct app *app, int argc, char **argv);
int cmd_agenda(struct app *app, int argc, char **argv);
int cmd_show(struct app *app, int argc, char **argv);
/* Why an account's health is what it is: every component, the one that pulls it down. */
int cmd_health(struct app *app, int argc, char **argv);
int cmd_doctor(struct app *app, int argc, char **argv);
/* Lays out a team's shared directory (feeds/, events/, tmp/, sync tool files). */
int cmd_init(struct app *app, int argc, char **argv);
int cmd_tui(struct app *app, int argc, char **argv);
/* Team events (docs/sync.md): the writers, then the readers. */
int cmd_note(struct app *app, int argc, char **argv);
int cmd_risk(struct app *app, int argc, char **argv);
int cmd_touch(struct app *app, int argc, char **argv);
int cmd_undo(struct app *app, int argc, char **argv);
int cmd_export(struct app *app, int argc, char **argv);
int cmd_cover(struct app *app, int argc, char **argv);
int cmd_conflicts(struct app *app, int argc, char **argv);
int cmd_rebuild(struct app *app, int argc, char **argv);
int cmd_dump(struct app *app, int argc, char **argv);
/* The handoff brief of an absent owner, and "while you were out" (handoff.h). */
int cmd_handoff(struct app *app, int argc, char **argv);
int cmd_changes(struct app *app, int argc, char **argv);

#endif
