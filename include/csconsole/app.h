/* app.h - what every command shares: the configuration and the database.
 *
 * main() fills an app from the global options, then calls one command from
 * the command table (src/main.c). Commands return an exit code (exitcode.h).
 */
#ifndef CSCONSOLE_APP_H
#define CSCONSOLE_APP_H

#include <stdio.h>
#include "csconsole/book.h"
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
/* --format: the one parser of every command's --format. Each command says
 * which formats it accepts (a mask of APP_FMT(f)); the names are the
 * table's (app_format_name). A format not accepted is said on stderr with
 * the ones that are ("csconsole CMD: --format \"x\": use text, json or
 * csv") and -1 is returned (the caller exits with CS_EXIT_USAGE). */
enum app_format { APP_TEXT, APP_JSON, APP_CSV, APP_MARKDOWN, APP_ICS, APP_FORMATS };
#define APP_FMT(f) (1u << (f))
int app_format_parse(const char *cmd, const char *arg, unsigned accepted, enum app_format *out);
const char *app_format_name(enum app_format f);   /* "text", "json", "csv", "markdown", "ics" */
/* --format of a text|json command into *json: app_format_parse with those two. */
int app_format_json(const char *cmd, const char *arg, bool *json);

/* The CSV options every command with --format csv takes: --raw, --excel,
 * --encoding ENC, --headers ids|localized (csvout.h). APP_CSV_OPTIONS goes into a getopt_long
 * table; app_csv_option() takes what getopt returned (1: it was one of
 * them, 0: not, -1: a bad value, said on stderr); app_csv_check() refuses
 * them without --format csv (-1, said on stderr). */
#define APP_OPT_RAW 0x4000
#define APP_OPT_EXCEL 0x4001
#define APP_OPT_ENCODING 0x4002
#define APP_OPT_HEADERS 0x4003
#define APP_CSV_OPTIONS \
	{"raw", no_argument, NULL, APP_OPT_RAW}, \
	{"excel", no_argument, NULL, APP_OPT_EXCEL}, \
	{"encoding", required_argument, NULL, APP_OPT_ENCODING}, \
	{"headers", required_argument, NULL, APP_OPT_HEADERS}
/* The lines of a usage text about them, translated (i18n.h): printed
 * after the command's own usage text. */
const char *app_csv_usage(void);
/* Prints a command's usage text (marked N_() where it is defined),
 * translated; with_csv adds app_csv_usage(). */
void app_usage(FILE *out, const char *usage, bool with_csv);
struct csvout;
struct csvout_opts;
int app_csv_option(const char *cmd, int opt, const char *arg, struct csvout_opts *o);
int app_csv_check(const char *cmd, enum app_format f, const struct csvout_opts *o);
/* A CSV writer on the standard output with the options: CS_EXIT_OK, or
 * the exit code after saying why on stderr. */
int app_csv_begin(const char *cmd, struct csvout *w, const struct csvout_opts *o);
/* Closes it: says on stderr how many characters the encoding could not
 * hold (written as "?"), the first one's row and column; the exit code
 * (CS_EXIT_IO when the output failed). */
int app_csv_end(const char *cmd, struct csvout *w);
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

/* ---- Text for people (i18n.h): aligned by terminal cells ---- */
/* Prints s and spaces up to `width` cells (text_width: a Japanese character
 * is two); nothing is cut, as printf's %-*s. */
void app_pad(FILE *out, const char *s, int width);
/* Spaces, then s, right-aligned in `width` cells (as %*s). */
void app_pad_left(FILE *out, const char *s, int width);
/* "a, b or c" in the interface language, words as they are (ids, names). */
void app_list_join(struct sbuf *b, const char *const *words, size_t n);

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
/* feeds.settle_seconds, or $CSCONSOLE_SETTLE_SECONDS when set (cmd_sync.c). */
int sync_settle_seconds(const struct app *app);
/* import --check, and sync --dry-run: what the feeds (of the shared
 * directory, or the nfiles files named, as feed kind `as` or by their names)
 * would do, from an import on a temporary copy of the database; writes
 * nothing. Returns the exit code (cmd_import.c). */
struct feed_options;
int import_preview(struct app *app, const struct feed_options *opt, char **files, int nfiles,
		   const char *as);
int cmd_import(struct app *app, int argc, char **argv);
/* Shell completions (cmd_complete.c): the script, and the hidden
 * `__complete` that prints account ids and handles from the database. */
int cmd_completion(struct app *app, int argc, char **argv);
int cmd_complete(struct app *app, int argc, char **argv);

/* The command table (src/main.c): the dispatcher, --help and the
 * completions read it. A name that starts with "__" is hidden: left out of
 * the help and the completions (command_hidden). */
struct command {
	const char *name;
	int (*run)(struct app *app, int argc, char **argv);
	const char *args;      /* N_(): placeholders translated in --help */
	const char *summary;   /* N_(): translated in --help, English in completions */
};
const struct command *command_table(size_t *n);
bool command_hidden(const struct command *c);
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
/* The team lead's reports (report.h, written by report_out.c). */
int cmd_report(struct app *app, int argc, char **argv);
int cmd_cover(struct app *app, int argc, char **argv);
int cmd_opportunity(struct app *app, int argc, char **argv);   /* cmd_opportunity.c */
int cmd_feedback(struct app *app, int argc, char **argv);      /* cmd_feedback.c */
int cmd_conflicts(struct app *app, int argc, char **argv);
int cmd_rebuild(struct app *app, int argc, char **argv);
int cmd_dump(struct app *app, int argc, char **argv);
/* The handoff brief of an absent owner, and "while you were out" (handoff.h). */
int cmd_handoff(struct app *app, int argc, char **argv);
int cmd_changes(struct app *app, int argc, char **argv);

#endif
