/* schema.c - the database schema as forward migrations, one step per version.
 *
 * Step i takes the schema from user_version i to i + 1. Never edit a step that
 * has shipped: add a new one. tests/unit/test_store.c migrates from every
 * earlier version and checks the result equals a fresh database.
 */
#include "csconsole/schema.h"
#include "csconsole/util.h"

static const char *const migrations[] = {
	/* 0 -> 1: the foundation. Days are integers (days since 1970-01-01),
	 * timestamps integers (UTC seconds), money integers in minor units. */
	"CREATE TABLE meta (\n"
	"  key   TEXT PRIMARY KEY,\n"
	"  value TEXT NOT NULL\n"
	");\n"
	/* CSMs from feeds/team.yaml; active = 0 once they leave the feed. */
	"CREATE TABLE csm (\n"
	"  handle TEXT PRIMARY KEY,\n"
	"  name   TEXT NOT NULL,\n"
	"  email  TEXT,\n"
	"  team   TEXT,\n"
	"  active INTEGER NOT NULL DEFAULT 1\n"
	");\n"
	/* Absences: from the team feed (source 'feed', replaced on each import)
	 * or from coverage events (source 'event'). covered_by NULL means each
	 * account's sub owner covers. */
	"CREATE TABLE absence (\n"
	"  id         INTEGER PRIMARY KEY,\n"
	"  handle     TEXT NOT NULL,\n"
	"  start_day  INTEGER NOT NULL,\n"
	"  end_day    INTEGER NOT NULL,\n"
	"  covered_by TEXT,\n"
	"  reason     TEXT,\n"
	"  source     TEXT NOT NULL DEFAULT 'feed',\n"
	"  CHECK (end_day >= start_day)\n"
	");\n"
	"CREATE INDEX absence_handle ON absence(handle, start_day);\n"
	"CREATE INDEX absence_cover ON absence(covered_by, start_day);\n"
	/* Accounts from the CRM export; active = 0 once they leave the feed, so
	 * notes written about them are never orphaned. */
	"CREATE TABLE account (\n"
	"  id              INTEGER PRIMARY KEY,\n"
	"  crm_id          TEXT NOT NULL UNIQUE,\n"
	"  name            TEXT NOT NULL,\n"
	"  segment         TEXT,\n"
	"  touch_model     TEXT NOT NULL CHECK (touch_model IN ('high','low','tech')),\n"
	"  stage           TEXT NOT NULL CHECK (stage IN ('onboarding','adoption','expansion','renewal')),\n"
	"  arr_minor       INTEGER,\n"
	"  currency        TEXT,\n"
	"  renewal_day     INTEGER,\n"
	"  main_owner      TEXT NOT NULL,\n"
	"  sub_owner       TEXT,\n"
	"  seats           INTEGER,\n"
	"  champion        TEXT,\n"
	"  champion_email  TEXT,\n"
	"  champion_status TEXT NOT NULL DEFAULT 'unknown'\n"
	"                  CHECK (champion_status IN ('active','left','unknown')),\n"
	"  active          INTEGER NOT NULL DEFAULT 1\n"
	");\n"
	"CREATE INDEX account_main ON account(main_owner, active);\n"
	"CREATE INDEX account_sub ON account(sub_owner, active);\n"
	"CREATE INDEX account_renewal ON account(renewal_day);\n"
	"CREATE TABLE contact (\n"
	"  account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,\n"
	"  pos        INTEGER NOT NULL,\n"
	"  name       TEXT NOT NULL,\n"
	"  role       TEXT,\n"
	"  email      TEXT,\n"
	"  PRIMARY KEY (account_id, pos)\n"
	") WITHOUT ROWID;\n"
	/* Metrics: one row per account, metric and day; names interned. */
	"CREATE TABLE metric_name (\n"
	"  id   INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE\n"
	");\n"
	"CREATE TABLE metric (\n"
	"  account_id INTEGER NOT NULL REFERENCES account(id),\n"
	"  metric_id  INTEGER NOT NULL REFERENCES metric_name(id),\n"
	"  day        INTEGER NOT NULL,\n"
	"  value      REAL NOT NULL,\n"
	"  PRIMARY KEY (account_id, metric_id, day)\n"
	") WITHOUT ROWID;\n"
	/* Weekly health snapshots (source 'feed': the vendor score from the
	 * metrics feed's health_score metric). */
	"CREATE TABLE health (\n"
	"  account_id INTEGER NOT NULL REFERENCES account(id),\n"
	"  day        INTEGER NOT NULL,\n"
	"  score      REAL NOT NULL,\n"
	"  source     TEXT NOT NULL DEFAULT 'feed',\n"
	"  PRIMARY KEY (account_id, day)\n"
	") WITHOUT ROWID;\n"
	/* Team events: every event seen, own or imported. The outbox is the
	 * own events with published = 0. */
	"CREATE TABLE event (\n"
	"  id        TEXT PRIMARY KEY,\n"
	"  device    TEXT NOT NULL,\n"
	"  seq       INTEGER NOT NULL,\n"
	"  hlc       TEXT NOT NULL,\n"
	"  author    TEXT NOT NULL,\n"
	"  type      TEXT NOT NULL,\n"
	"  version   INTEGER NOT NULL DEFAULT 1,\n"
	"  entity    TEXT,\n"
	"  body      TEXT NOT NULL,\n"
	"  own       INTEGER NOT NULL DEFAULT 0,\n"
	"  published INTEGER NOT NULL DEFAULT 0,\n"
	"  UNIQUE (device, seq)\n"
	");\n"
	"CREATE INDEX event_outbox ON event(own, published);\n"
	"CREATE INDEX event_entity ON event(entity);\n"
	/* Materialised state of the events. */
	"CREATE TABLE note (\n"
	"  id         TEXT PRIMARY KEY,\n"
	"  account_id INTEGER NOT NULL REFERENCES account(id),\n"
	"  author     TEXT NOT NULL,\n"
	"  kind       TEXT NOT NULL,\n"
	"  sentiment  INTEGER,\n"
	"  summary    TEXT NOT NULL,\n"
	"  body       TEXT,\n"
	"  touch_day  INTEGER NOT NULL,\n"
	"  hlc        TEXT NOT NULL,\n"
	"  deleted    INTEGER NOT NULL DEFAULT 0\n"
	");\n"
	"CREATE INDEX note_account ON note(account_id, touch_day);\n"
	"CREATE TABLE risk (\n"
	"  id          TEXT PRIMARY KEY,\n"
	"  account_id  INTEGER NOT NULL REFERENCES account(id),\n"
	"  author      TEXT NOT NULL,\n"
	"  category    TEXT NOT NULL,\n"
	"  severity    TEXT NOT NULL CHECK (severity IN ('low','medium','high')),\n"
	"  status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','resolved')),\n"
	"  text        TEXT NOT NULL,\n"
	"  opened_day  INTEGER NOT NULL,\n"
	"  resolved_day INTEGER,\n"
	"  hlc         TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX risk_account ON risk(account_id, status);\n"
	"CREATE TABLE touchpoint (\n"
	"  id         TEXT PRIMARY KEY,\n"
	"  account_id INTEGER NOT NULL REFERENCES account(id),\n"
	"  author     TEXT NOT NULL,\n"
	"  kind       TEXT,\n"
	"  due_day    INTEGER NOT NULL,\n"
	"  status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','snoozed')),\n"
	"  reason     TEXT,\n"
	"  hlc        TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX touchpoint_due ON touchpoint(status, due_day);\n"
	"CREATE INDEX touchpoint_account ON touchpoint(account_id, status, due_day);\n"
	/* Feed files imported: identified by content hash; size and mtime let a
	 * no-op sync skip hashing files that did not change. */
	"CREATE TABLE feed_file (\n"
	"  path         TEXT PRIMARY KEY,\n"
	"  kind         TEXT NOT NULL,\n"
	"  sha256       TEXT NOT NULL,\n"
	"  size         INTEGER NOT NULL,\n"
	"  mtime_ns     INTEGER NOT NULL,\n"
	"  generated_at INTEGER,\n"
	"  imported_at  INTEGER NOT NULL,\n"
	"  rows_ok      INTEGER NOT NULL DEFAULT 0,\n"
	"  rows_rejected INTEGER NOT NULL DEFAULT 0\n"
	");\n"
	"CREATE INDEX feed_file_hash ON feed_file(sha256);\n",
};

int schema_version(void)
{
	return (int)ARRAY_SIZE(migrations);
}

const char *schema_migration(int from_version)
{
	if (from_version < 0 || from_version >= schema_version())
		return NULL;
	return migrations[from_version];
}
