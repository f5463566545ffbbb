/* writer.c - what the event writers (note, risk, touch, cover) share:
 * checking arguments against the local tables and the configuration,
 * finding the entity an option names, and writing the event. Every message
 * names the argument and what is allowed (see writer.h).
 */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "csconsole/app.h"
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/exitcode.h"
#include "csconsole/i18n.h"
#include "csconsole/store.h"
#include "csconsole/text.h"
#include "csconsole/writer.h"

/* Longest text read from standard input for a --text option: far more than a
 * note needs; the event's own limits are checked by event_write. */
#define WRITER_STDIN_MAX (1u << 20)

static int sql_failed(const char *cmd)
{
	char *msg = text_sanitize(error_message(), false);
	fprintf(stderr, "csconsole %s: %s\n", cmd, msg);
	free(msg);
	return CS_EXIT_STORE;
}

void writer_target_free(struct writer_target *t)
{
	free(t->account);
	free(t->author);
	free(t->hlc);
	free(t->status);
	memset(t, 0, sizeof(*t));
}

int writer_open(struct app *app, const char *cmd)
{
	int rc;
	if (str_empty(app->cfg.me)) {
		fprintf(stderr, _("csconsole %s: who is writing? Set `me` (your CSM handle) in the "
			"configuration or give --me HANDLE\n"), cmd);
		return CS_EXIT_CONFIG;
	}
	if ((rc = app_open_store(app)) != CS_EXIT_OK)
		return rc;

	/* A device publishes as one CSM: its segments name one owner, and a
	 * teammate's sync refuses a device folder whose owner changes. So a
	 * database that has written as someone else does not write as `me`. */
	sqlite3_stmt *stmt;
	if (store_prepare(&app->store, "SELECT author FROM event WHERE own = 1 AND author <> ? LIMIT 1", &stmt))
		return sql_failed(cmd);
	store_bind_text(stmt, 1, app->cfg.me);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		char *owner = text_sanitize((const char *)sqlite3_column_text(stmt, 0), false);
		char *me = text_sanitize(app->cfg.me, false);
		fprintf(stderr, _("csconsole %s: this database writes as %s, not %s: every computer "
			"writes for one CSM. Write as %s with their own configuration and database\n"),
			cmd, owner, me, me);
		free(me);
		free(owner);
		rc = CS_EXIT_USAGE;
	}
	sqlite3_finalize(stmt);
	return rc;
}

/* Runs a one-row lookup with one text parameter: 1 found, 0 not, -1 error. */
static int exists(struct app *app, const char *sql, const char *value)
{
	sqlite3_stmt *stmt;
	int rc;
	if (store_prepare(&app->store, sql, &stmt))
		return -1;
	store_bind_text(stmt, 1, value);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return error(_("cannot read %s: %s"), app->store.path, sqlite3_errmsg(app->store.db));
}

int writer_check_account(struct app *app, const char *cmd, const char *arg, const char *value)
{
	int found = exists(app, "SELECT 1 FROM account WHERE crm_id = ?", value);
	if (found < 0)
		return sql_failed(cmd);
	if (found)
		return CS_EXIT_OK;
	char *clean = text_sanitize(value, false);
	fprintf(stderr, _("csconsole %s: %s \"%s\" is not an account of the local database: give a "
		"CRM id such as ACC-0001 ('csconsole accounts --scope team' lists them; run "
		"'csconsole sync' if the account is new in the CRM export)\n"), cmd, arg, clean);
	free(clean);
	return CS_EXIT_USAGE;
}

int writer_check_handle(struct app *app, const char *cmd, const char *arg, const char *value)
{
	int found = exists(app, "SELECT 1 FROM csm WHERE handle = ? AND active = 1", value);
	if (found < 0)
		return sql_failed(cmd);
	if (found)
		return CS_EXIT_OK;

	/* Name the handles the team feed has, so the fix is one look away. */
	struct strlist handles = {0};
	sqlite3_stmt *stmt;
	if (store_prepare(&app->store, "SELECT handle FROM csm WHERE active = 1 ORDER BY handle", &stmt))
		return sql_failed(cmd);
	while (sqlite3_step(stmt) == SQLITE_ROW)
		strlist_add(&handles, (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	char *clean = text_sanitize(value, false);
	if (handles.len) {
		char *list = strlist_join(&handles, ", ");
		char *list_clean = text_sanitize(list, false);
		fprintf(stderr, _("csconsole %s: %s \"%s\" is not a CSM of the team feed: use one of %s\n"),
			cmd, arg, clean, list_clean);
		free(list_clean);
		free(list);
	} else {
		fprintf(stderr, _("csconsole %s: %s \"%s\" is not a CSM of the team feed, which is empty "
			"here: run 'csconsole sync' first\n"), cmd, arg, clean);
	}
	free(clean);
	strlist_clear(&handles);
	return CS_EXIT_USAGE;
}

int writer_parse_day(const struct app *app, const char *cmd, const char *arg, const char *value,
		     int *day)
{
	char why[256];
	if (day_parse_human(value, app->today, day, why, sizeof(why))) {
		int iso;
		if (!day_parse_iso(value, &iso)) {   /* say which day "next fri" was taken for */
			char shown[64], *clean = text_sanitize(value, false);
			day_format(*day, "%a %Y-%m-%d", shown, sizeof(shown));
			fprintf(stderr, _("csconsole %s: %s \"%s\" is %s\n"), cmd, arg, clean, shown);
			free(clean);
		}
		return CS_EXIT_OK;
	}
	char *clean = text_sanitize(why, false);
	fprintf(stderr, "csconsole %s: %s: %s\n", cmd, arg, clean);
	free(clean);
	return CS_EXIT_USAGE;
}

int writer_parse_choice(const char *cmd, const char *arg, const char *value,
			const char *const *allowed, size_t n, size_t *index)
{
	for (size_t i = 0; i < n; i++) {
		if (str_eq(value, allowed[i])) {
			*index = i;
			return CS_EXIT_OK;
		}
	}
	struct sbuf b = {0};
	app_list_join(&b, allowed, n);
	char *clean = text_sanitize(value, false);
	char *list = text_sanitize(sbuf_str(&b), false);
	fprintf(stderr, _("csconsole %s: %s \"%s\": use %s\n"), cmd, arg, clean, list);
	free(list);
	free(clean);
	sbuf_free(&b);
	return CS_EXIT_USAGE;
}

static char *read_stdin(const char *cmd, const char *arg)
{
	struct sbuf b = {0};
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0) {
		if (b.len + n > WRITER_STDIN_MAX) {
			fprintf(stderr, _("csconsole %s: %s -: standard input is longer than %u KiB; "
				"write a shorter text\n"), cmd, arg, WRITER_STDIN_MAX >> 10);
			sbuf_free(&b);
			return NULL;
		}
		sbuf_add(&b, buf, n);
	}
	if (ferror(stdin)) {
		fprintf(stderr, _("csconsole %s: %s -: cannot read standard input\n"), cmd, arg);
		sbuf_free(&b);
		return NULL;
	}
	if (b.len && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	if (b.len && b.data[b.len - 1] == '\r')
		b.data[--b.len] = '\0';
	char *s = xstrdup(sbuf_str(&b));
	sbuf_free(&b);
	return s;
}

int writer_read_text(const char *cmd, const char *arg, const char *value, bool required, char **out)
{
	size_t bad;
	char *s = str_eq(value, "-") ? read_stdin(cmd, arg) : xstrdup(value);
	if (!s)
		return CS_EXIT_IO;
	if (!utf8_valid(s, strlen(s), &bad)) {
		fprintf(stderr, _("csconsole %s: %s: the text is not valid UTF-8 (byte %zu); "
			"check the terminal's or the file's encoding\n"), cmd, arg, bad + 1);
		free(s);
		return CS_EXIT_USAGE;
	}
	if (required) {
		const char *p = s;
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p) {
			fprintf(stderr, _("csconsole %s: %s is empty: write a few words\n"), cmd, arg);
			free(s);
			return CS_EXIT_USAGE;
		}
	}
	*out = s;
	return CS_EXIT_OK;
}

/* Per kind: who wrote an entity, its account and status, for id = ?1 or
 * entity = ?2 (whichever form the materialised table keeps). */
static const struct {
	const char *kind;
	const char *sql;   /* account, author, status, deleted */
} lookups[] = {
	{"note",  "SELECT account, author, NULL, deleted FROM note WHERE id = ?1 OR id = ?2"},
	{"risk",  "SELECT account, author, status, 0 FROM risk WHERE id = ?1 OR id = ?2"},
	{"touch", "SELECT account, author, status, 0 FROM touchpoint WHERE id = ?1 OR id = ?2"},
	{"opportunity", "SELECT account, author, status, 0 FROM opportunity WHERE id = ?1 OR id = ?2"},
	/* A coverage's absence row goes when it is cleared; its events stay. */
	{"cover", "SELECT NULL, author, NULL,"
		  " EXISTS (SELECT 1 FROM event WHERE entity = ?2 AND type = 'cover.clear')"
		  " FROM event WHERE entity = ?2 AND type = 'cover.set' AND ?1 IS NOT NULL"},
};

/* A kind of entity in a message: the words of the English messages,
 * translated ("no such touch", "not a cover id"). */
static const char *kind_label(const char *kind)
{
	/* TRANSLATORS: kinds of entities in "no such %s" and "is not a %s id" */
	if (str_eq(kind, "note"))
		return _("note");
	if (str_eq(kind, "risk"))
		return _("risk");
	if (str_eq(kind, "touch"))
		return _("touch");
	if (str_eq(kind, "cover"))
		return _("cover");
	return kind;
}

int writer_find(struct app *app, const char *cmd, const char *kind, const char *arg,
		const char *value, struct writer_target *t)
{
	const char *sql = NULL;
	const char *id = value;
	size_t klen = strlen(kind);
	sqlite3_stmt *stmt;
	int rc;

	memset(t, 0, sizeof(*t));
	if (strncmp(value, kind, klen) == 0 && value[klen] == '/')
		id = value + klen + 1;
	for (size_t i = 0; i < ARRAY_SIZE(lookups); i++)
		if (str_eq(lookups[i].kind, kind))
			sql = lookups[i].sql;
	if (!sql || !ulid_valid(id)) {
		char *clean = text_sanitize(value, false);
		fprintf(stderr, _("csconsole %s: %s \"%s\" is not a %s id: give the id csconsole printed "
			"when it was written (26 letters and digits, e.g. 01JD8X3Q6V0000000000000000)\n"),
			cmd, arg, clean, kind_label(kind));
		free(clean);
		return CS_EXIT_USAGE;
	}
	str_format(t->entity, sizeof(t->entity), "%s/%s", kind, id);
	t->id = t->entity + klen + 1;
	if (store_prepare(&app->store, sql, &stmt))
		return sql_failed(cmd);
	store_bind_text(stmt, 1, t->id);
	store_bind_text(stmt, 2, t->entity);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		t->account = store_column_dup(stmt, 0);
		t->author = store_column_dup(stmt, 1);
		t->status = store_column_dup(stmt, 2);
		t->deleted = sqlite3_column_int(stmt, 3) != 0;
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW) {
		char hlc[HLC_TEXT_SIZE];
		if (entity_hlc(&app->store, t->entity, hlc) != 0) {
			writer_target_free(t);
			return sql_failed(cmd);
		}
		t->hlc = xstrdup(hlc);
		return CS_EXIT_OK;
	}
	if (rc != SQLITE_DONE) {
		error(_("cannot read %s: %s"), app->store.path, sqlite3_errmsg(app->store.db));
		return sql_failed(cmd);
	}
	char *clean = text_sanitize(value, false);
	fprintf(stderr, _("csconsole %s: %s \"%s\": no such %s in the local database (a teammate's "
		"shows up after 'csconsole sync')\n"), cmd, arg, clean, kind_label(kind));
	free(clean);
	return CS_EXIT_USAGE;
}

/* The version this build writes of each event type (the EVENT_TYPES table). */
int writer_emit(struct app *app, const char *cmd, const char *type, const char *entity,
		const char *account, const char *base, struct json_object *data, const char *done)
{
	if (event_emit(&app->store, app->cfg.me, type, entity, account, base, data) != 0) {
		char *msg = text_sanitize(error_message(), false);
		fprintf(stderr, _("csconsole %s: nothing was saved: %s\n"), cmd, msg);
		free(msg);
		return CS_EXIT_STORE;
	}
	const char *slash = strchr(entity, '/');
	char *clean = text_sanitize(done, false);
	printf("%s\n", slash ? slash + 1 : entity);
	fflush(stdout);
	fprintf(stderr, _("%s (published at the next 'csconsole sync')\n"), clean);
	free(clean);
	return CS_EXIT_OK;
}

void writer_new_entity(const char *kind, char *out, size_t size)
{
	char id[ULID_SIZE];
	ulid_new(clock_now_ms(), id);
	str_format(out, size, "%s/%s", kind, id);
}
