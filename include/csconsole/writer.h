/* writer.h - what the event writers (note, risk, touch, cover) share.
 *
 * `cmd` is the command's name for messages ("csconsole CMD: ..."). Each
 * function that can fail prints its own message to stderr, naming the
 * argument and what is allowed, and returns an exit code (exitcode.h):
 * CS_EXIT_OK when all is well. */
#ifndef CSCONSOLE_WRITER_H
#define CSCONSOLE_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include "csconsole/app.h"

struct json_object;

/* An existing entity named on the command line ("01J..." or "note/01J..."). */
struct writer_target {
	char entity[64];        /* "note/<ulid>" */
	const char *id;         /* the ULID part of entity */
	char *account;          /* CRM id, NULL for coverage (owned) */
	char *author;           /* who created it (owned) */
	char *hlc;              /* its latest write: the base of an update (owned) */
	char *status;           /* risk and touchpoint status, else NULL (owned) */
	bool deleted;           /* a deleted note or a cleared coverage */
};
void writer_target_free(struct writer_target *t);

/* Opens the database and checks that `me` is set (every event has an author). */
int writer_open(struct app *app, const char *cmd);
/* `value` of option or argument `arg` is a CRM id in the local account table. */
int writer_check_account(struct app *app, const char *cmd, const char *arg, const char *value);
/* `value` of `arg` is a CSM handle of the team feed. */
int writer_check_handle(struct app *app, const char *cmd, const char *arg, const char *value);
/* Parses a day typed by a person (day_parse_human, relative to app->today). */
int writer_parse_day(const struct app *app, const char *cmd, const char *arg, const char *value,
		     int *day);
/* `value` is one of allowed[0..n); *index is its position. */
int writer_parse_choice(const char *cmd, const char *arg, const char *value,
			const char *const *allowed, size_t n, size_t *index);
/* A text option: the value itself, or standard input when it is "-" (one
 * trailing newline dropped). Checks UTF-8 and non-emptiness when required.
 * *out is owned by the caller. */
int writer_read_text(const char *cmd, const char *arg, const char *value, bool required, char **out);
/* Finds the entity of `kind` ("note", "risk", "touch", "cover") that `value`
 * (the argument `arg`) names. */
int writer_find(struct app *app, const char *cmd, const char *kind, const char *arg,
		const char *value, struct writer_target *t);
/* A new entity's name, "kind/<ulid>" (kind: "note", "risk", "touch", "cover"). */
void writer_new_entity(const char *kind, char *out, size_t size);
/* Writes one event by app->cfg.me (event_write), prints the entity's id on
 * stdout and `done` (a short confirmation, sanitized) on stderr. Takes
 * ownership of data. */
int writer_emit(struct app *app, const char *cmd, const char *type, const char *entity,
		const char *account, const char *base, struct json_object *data, const char *done);

#endif
