/* feed_team.c - feeds/team.yaml: the CSMs and their absences.
 *
 * Each import replaces the team: listed CSMs are upserted with their feed
 * absences replaced; CSMs no longer listed are kept but marked inactive and
 * lose their feed absences. As with accounts, a rejected entry keeps its
 * CSM's previous state, and then nobody is marked inactive.
 */
#include <stdlib.h>
#include <string.h>
#include "csconsole/csvread.h"
#include "csconsole/date.h"
#include "csconsole/feed.h"
#include "csconsole/i18n.h"
#include "csconsole/preset.h"
#include "csconsole/yamldoc.h"

/* The fields: CSM_COLUMNS in preset.h. */
enum {
#define COL_ENUM(id, name, req) C_##id,
	CSM_COLUMNS(COL_ENUM)
#undef COL_ENUM
	C_COUNT
};

static const struct csvread_col csm_cols[] = {
#define COL_DEF(id, name, req) { name, req },
	CSM_COLUMNS(COL_DEF)
#undef COL_DEF
};

#define ABSENCE_COLUMNS(X) \
	X(FROM,       "from",       true)  \
	X(UNTIL,      "until",      true)  \
	X(REASON,     "reason",     false) \
	X(COVERED_BY, "covered_by", false)

enum {
#define COL_ENUM(id, name, req) AB_##id,
	ABSENCE_COLUMNS(COL_ENUM)
#undef COL_ENUM
	AB_COUNT
};

static const struct csvread_col absence_cols[] = {
#define COL_DEF(id, name, req) { name, req },
	ABSENCE_COLUMNS(COL_DEF)
#undef COL_DEF
};

struct absence {
	int from, until;
	const char *reason, *covered_by;
};

struct team_import {
	struct feed_file *f;
	struct feed_map listed;      /* handle -> line first listed */
	struct feed_map handles;     /* every handle in the file (for covered_by) */
	struct csvread_col *cols;    /* the keys, after feeds.team.columns */
	sqlite3_stmt *upsert, *del_absences, *add_absence;
};

static int sql_fail(struct team_import *ti, const char *what)
{
	diag_add(ti->f->diags, DIAG_ERROR, ti->f->name, 0, 0, "%s: %s", what,
		 sqlite3_errmsg(ti->f->st->db));
	return -1;
}

/* Validates one absence into out: 0, or 1 with its problems added to e
 * (all of them), or 2 when it is not a mapping of single values (then
 * reported on its own, not counted: the caller counts the CSM once). */
static int read_absence(struct team_import *ti, const struct ynode *node, const char *handle,
			struct absence *out, struct feed_row_errors *e)
{
	struct feed_file *f = ti->f;
	struct feed_val v[AB_COUNT];
	uint64_t before = f->rows_rejected;
	unsigned n = e->n;
	bool dates_ok;

	if (feed_yaml_row(f, node, absence_cols, AB_COUNT, NULL, v)) {
		f->rows_rejected = before;
		return 2;
	}
	for (size_t i = 0; i < AB_COUNT; i++)
		if (absence_cols[i].required && !v[i].s)
			feed_row_error(e, &v[i], absence_cols[i].name, _("missing: an absence of %s "
				       "needs {from: YYYY-MM-DD, until: YYYY-MM-DD}"), handle ? handle : "?");
	dates_ok = feed_date_check(f, &v[AB_FROM], "from", &out->from, e);
	dates_ok &= feed_date_check(f, &v[AB_UNTIL], "until", &out->until, e);
	if (dates_ok && v[AB_FROM].s && v[AB_UNTIL].s && out->until < out->from)
		feed_row_error(e, &v[AB_UNTIL], "until", _("absence of %s ends (%s) before it starts "
			       "(%s): until is the last day away, on or after from"),
			       handle ? handle : "?", v[AB_UNTIL].s, v[AB_FROM].s);
	if (v[AB_COVERED_BY].s && !handle_valid(v[AB_COVERED_BY].s))
		feed_row_error(e, &v[AB_COVERED_BY], "covered_by", _("\"%s\" is not a CSM handle: "
			       "handles are lowercase letters, digits, '.', '_' and '-'"),
			       v[AB_COVERED_BY].s);
	if (e->n != n)
		return 1;
	if (v[AB_COVERED_BY].s && !feed_map_get(&ti->handles, v[AB_COVERED_BY].s,
						strlen(v[AB_COVERED_BY].s), NULL))
		feed_warn(f, v[AB_COVERED_BY].line, v[AB_COVERED_BY].col, _("covered_by \"%s\" is not "
			  "a CSM in this file"), v[AB_COVERED_BY].s);
	out->reason = v[AB_REASON].s;
	out->covered_by = v[AB_COVERED_BY].s;
	return 0;
}

static int write_csm(struct team_import *ti, const struct feed_val *v,
		     const struct absence *ab, size_t nab)
{
	sqlite3_stmt *up = ti->upsert;
	for (int i = 0; i < C_ABSENCES; i++)
		store_bind_text(up, i + 1, v[i].s);
	if (sqlite3_step(up) != SQLITE_DONE) {
		sqlite3_reset(up);
		return sql_fail(ti, _("cannot write a CSM"));
	}
	sqlite3_reset(up);
	store_bind_text(ti->del_absences, 1, v[C_HANDLE].s);
	if (sqlite3_step(ti->del_absences) != SQLITE_DONE) {
		sqlite3_reset(ti->del_absences);
		return sql_fail(ti, _("cannot replace absences"));
	}
	sqlite3_reset(ti->del_absences);
	for (size_t i = 0; i < nab; i++) {
		sqlite3_stmt *add = ti->add_absence;
		store_bind_text(add, 1, v[C_HANDLE].s);
		sqlite3_bind_int(add, 2, ab[i].from);
		sqlite3_bind_int(add, 3, ab[i].until);
		store_bind_text(add, 4, ab[i].covered_by);
		store_bind_text(add, 5, ab[i].reason);
		int rc = sqlite3_step(add);
		sqlite3_reset(add);
		if (rc != SQLITE_DONE)
			return sql_fail(ti, _("cannot write an absence"));
	}
	return 0;
}

/* One CSM. 0 imported, 1 rejected, -1 stop. Every problem of the entry
 * (its absences included) is reported at once, in one message. */
static int csm_entry(struct team_import *ti, const struct ynode *item)
{
	struct feed_file *f = ti->f;
	struct feed_val v[C_COUNT];
	struct feed_row_errors e = {0};
	const struct ynode *abs;
	struct absence *ab = NULL;
	size_t nab = 0;
	int64_t first;
	bool shapeless = false;
	int rc;

	if (feed_yaml_row(f, item, ti->cols, C_COUNT, ti->cols[C_ABSENCES].name, v))
		return 1;
	for (size_t i = 0; i < C_COUNT; i++)
		if (csm_cols[i].required && !v[i].s)
			feed_row_error(&e, &v[i], ti->cols[i].name, _("missing (every CSM needs a "
				       "handle and a name)"));
	if (v[C_HANDLE].s && !handle_valid(v[C_HANDLE].s))
		feed_row_error(&e, &v[C_HANDLE], ti->cols[C_HANDLE].name, _("\"%s\" is not valid: "
			       "use lowercase letters, digits, '.', '_' and '-'"), v[C_HANDLE].s);
	else if (v[C_HANDLE].s &&
		 feed_map_get(&ti->listed, v[C_HANDLE].s, strlen(v[C_HANDLE].s), &first))
		feed_row_error(&e, &v[C_HANDLE], ti->cols[C_HANDLE].name, _("%s is listed twice "
			       "(first on line %lld): keep one entry"), v[C_HANDLE].s, (long long)first);
	abs = ynode_get(item, ti->cols[C_ABSENCES].name);
	if (abs && !ynode_is_null(abs)) {
		struct feed_val at = { NULL, abs->line, abs->col, NULL };
		if (abs->type != YNODE_SEQ) {
			feed_row_error(&e, &at, ti->cols[C_ABSENCES].name, _("must be a list of {from, "
				       "until, reason, covered_by}, not %s"), ynode_kind(abs));
		} else {
			ab = xcalloc(abs->len ? abs->len : 1, sizeof(*ab));
			for (; nab < abs->len; nab++)
				shapeless |= read_absence(ti, abs->items[nab], v[C_HANDLE].s, &ab[nab],
							  &e) == 2;
		}
	}
	if (e.n || shapeless) {
		/* the entry is rejected whole, and counted once */
		if (feed_row_errors_done(f, &e) == 0)
			f->rows_rejected++;
		free(ab);
		return 1;
	}
	feed_map_put(&ti->listed, v[C_HANDLE].s, strlen(v[C_HANDLE].s), v[C_HANDLE].line);
	rc = write_csm(ti, v, ab, nab);
	free(ab);
	if (rc != 0)
		return -1;
	feed_row_done(f);
	return 0;
}

/* Strings from a query's first column, collected before writing to the table. */
static int query_strings(struct store *st, const char *sql, struct strlist *out)
{
	sqlite3_stmt *stmt;
	int rc;
	if (store_prepare(st, sql, &stmt))
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		strlist_add(out, (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : error(_("database error: %s"), sqlite3_errstr(rc));
}

/* CSMs no longer listed: inactive, without feed absences. */
static int retire_unlisted(struct team_import *ti)
{
	static const char *const sql[] = {
		"UPDATE csm SET active = 0 WHERE handle = ?1",
		"DELETE FROM absence WHERE source = 'feed' AND handle = ?1",
	};
	struct strlist handles = {0};
	int rc = 0;
	if (query_strings(ti->f->st, "SELECT handle FROM csm WHERE active = 1 UNION "
			  "SELECT handle FROM absence WHERE source = 'feed'", &handles) != 0)
		return sql_fail(ti, _("cannot read the CSMs"));
	for (size_t k = 0; k < ARRAY_SIZE(sql) && rc == 0; k++) {
		sqlite3_stmt *stmt;
		if (store_prepare(ti->f->st, sql[k], &stmt)) {
			rc = sql_fail(ti, _("cannot retire CSMs"));
			break;
		}
		for (size_t i = 0; i < handles.len && rc == 0; i++) {
			const char *h = handles.items[i];
			if (feed_map_get(&ti->listed, h, strlen(h), NULL))
				continue;
			store_bind_text(stmt, 1, h);
			if (sqlite3_step(stmt) != SQLITE_DONE)
				rc = sql_fail(ti, _("cannot retire CSMs"));
			sqlite3_reset(stmt);
		}
		sqlite3_finalize(stmt);
	}
	strlist_clear(&handles);
	return rc;
}

static int import_root(struct team_import *ti, const struct ynode *root)
{
	struct feed_file *f = ti->f;
	const struct ynode *csms = NULL;

	if (!root) {
		diag_add(f->diags, DIAG_ERROR, f->name, 0, 0, _("the file is empty: it needs a "
			 "\"csms:\" list (see docs/feeds.md)"));
		return -1;
	}
	if (root->type != YNODE_MAP) {
		diag_add(f->diags, DIAG_ERROR, f->name, root->line, root->col, _("the file must be a "
			 "mapping with generated_at and csms, not %s"), ynode_kind(root));
		return -1;
	}
	for (size_t k = 0; k + 1 < root->len; k += 2) {
		const char *key = ynode_str(root->items[k]);
		const struct ynode *val = root->items[k + 1];
		if (key && strcmp(key, "generated_at") == 0) {
			if (feed_generated_at_yaml(f, val) != 0)
				return -1;
		} else if (key && strcmp(key, "csms") == 0) {
			csms = val;
		} else {
			feed_warn(f, root->items[k]->line, root->items[k]->col, _("unknown top-level key "
				  "\"%s\" ignored (team.yaml has generated_at and csms)"), key ? key : "?");
		}
	}
	if (!csms || ynode_is_null(csms) || (csms->type == YNODE_SEQ && csms->len == 0)) {
		diag_add(f->diags, DIAG_ERROR, f->name, csms ? csms->line : 0, csms ? csms->col : 0,
			 "%s", csms ?
			 _("the file lists no CSMs (\"csms:\" is empty): refused, for importing it would "
			   "mark the whole team inactive; the previous import stays") :
			 _("the file lists no CSMs (\"csms:\" is missing): refused, for importing it would "
			   "mark the whole team inactive; the previous import stays"));
		return -1;
	}
	if (csms->type != YNODE_SEQ) {
		diag_add(f->diags, DIAG_ERROR, f->name, csms->line, csms->col, _("csms must be a list, "
			 "not %s"), ynode_kind(csms));
		return -1;
	}
	/* Every handle first, so covered_by may name a CSM listed further down. */
	for (size_t i = 0; i < csms->len; i++) {
		const char *h = ynode_str(ynode_get(csms->items[i], ti->cols[C_HANDLE].name));
		if (h)
			feed_map_put(&ti->handles, h, strlen(h), 1);
	}
	for (size_t i = 0; i < csms->len; i++)
		if (csm_entry(ti, csms->items[i]) < 0)
			return -1;
	if (f->rows_rejected) {
		diag_add(f->diags, DIAG_NOTE, f->name, 0, 0, _("no CSM was marked inactive, because "
			 "entries were rejected: fix them and sync again"));
		return 0;
	}
	return retire_unlisted(ti);
}

int feed_team_import(struct feed_file *f)
{
	const struct feed_mapping *map = f->sync && f->sync->opt && f->sync->opt->mapping
					 ? &f->sync->opt->mapping[PRESET_TEAM] : NULL;
	struct team_import ti = { .f = f, .cols = preset_yaml_cols(map, csm_cols, C_COUNT) };
	struct ynode *root = NULL;
	size_t from = f->diags->len;
	int rc = -1;

	if (store_prepare(f->st, "INSERT INTO csm(handle, name, email, team, active) "
			  "VALUES (?1, ?2, ?3, ?4, 1) ON CONFLICT(handle) DO UPDATE SET "
			  "name = excluded.name, email = excluded.email, team = excluded.team, "
			  "active = 1", &ti.upsert) ||
	    store_prepare(f->st, "DELETE FROM absence WHERE source = 'feed' AND handle = ?1",
			  &ti.del_absences) ||
	    store_prepare(f->st, "INSERT INTO absence(handle, start_day, end_day, covered_by, "
			  "reason, source) VALUES (?1, ?2, ?3, ?4, ?5, 'feed')", &ti.add_absence)) {
		diag_add(f->diags, DIAG_ERROR, f->name, 0, 0, "%s", error_message());
		goto out;
	}
	rc = ydoc_load_file(f->path, NULL, &root, f->diags);
	feed_rename_diags(f, from);
	if (rc == 0)
		rc = import_root(&ti, root);
out:
	ynode_free(root);
	sqlite3_finalize(ti.upsert);
	sqlite3_finalize(ti.del_absences);
	sqlite3_finalize(ti.add_absence);
	feed_map_clear(&ti.listed);
	feed_map_clear(&ti.handles);
	free(ti.cols);
	return rc;
}
