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

	/* 1 -> 2: team events (issue 3). The v1 event, note, risk and touchpoint
	 * tables were never written, so they are replaced. Events and state refer
	 * to accounts by CRM id, with no foreign key: a teammate's note may name
	 * an account this device's CRM export does not have yet. */
	"DROP TABLE event;\n"
	"DROP TABLE note;\n"
	"DROP TABLE risk;\n"
	"DROP TABLE touchpoint;\n"
	/* Every event seen, own or imported: the source of all state. Own events
	 * with published = 0 are the outbox; segment names the file that carried
	 * it (own: the file we wrote). applied = 0: a type or version this build
	 * does not know, applied by a later one. */
	"CREATE TABLE event (\n"
	"  id        TEXT PRIMARY KEY,\n"
	"  device    TEXT NOT NULL,\n"
	"  seq       INTEGER NOT NULL,\n"
	"  hlc       TEXT NOT NULL,\n"
	"  author    TEXT NOT NULL,\n"
	"  type      TEXT NOT NULL,\n"
	"  version   INTEGER NOT NULL,\n"
	"  entity    TEXT NOT NULL,\n"
	"  account   TEXT,\n"
	"  base      TEXT,\n"
	"  data      TEXT NOT NULL,\n"
	"  own       INTEGER NOT NULL DEFAULT 0,\n"
	"  published INTEGER NOT NULL DEFAULT 0,\n"
	"  segment   TEXT,\n"
	"  applied   INTEGER NOT NULL DEFAULT 0,\n"
	"  UNIQUE (device, seq)\n"
	");\n"
	"CREATE INDEX event_outbox ON event(own, published);\n"
	"CREATE INDEX event_entity ON event(entity, hlc);\n"
	"CREATE INDEX event_pending ON event(applied) WHERE applied = 0;\n"
	"CREATE INDEX event_segment ON event(segment);\n"
	/* Last-writer-wins registers: per entity field, the winning write. */
	"CREATE TABLE register (\n"
	"  entity   TEXT NOT NULL,\n"
	"  field    TEXT NOT NULL,\n"
	"  hlc      TEXT NOT NULL,\n"
	"  device   TEXT NOT NULL,\n"
	"  event_id TEXT NOT NULL,\n"
	"  value    TEXT,\n"
	"  PRIMARY KEY (entity, field)\n"
	") WITHOUT ROWID;\n"
	/* Materialised entities (rebuilt from registers for each entity an
	 * event touches). hlc = the entity's latest write: an update's `base`. */
	"CREATE TABLE note (\n"
	"  id         TEXT PRIMARY KEY,\n"
	"  account    TEXT NOT NULL,\n"
	"  author     TEXT NOT NULL,\n"
	"  kind       TEXT NOT NULL,\n"
	"  sentiment  INTEGER,\n"
	"  summary    TEXT NOT NULL,\n"
	"  text       TEXT,\n"
	"  touch_day  INTEGER NOT NULL,\n"
	"  created    TEXT NOT NULL,\n"
	"  hlc        TEXT NOT NULL,\n"
	"  deleted    INTEGER NOT NULL DEFAULT 0\n"
	");\n"
	"CREATE INDEX note_account ON note(account, touch_day);\n"
	"CREATE TABLE risk (\n"
	"  id           TEXT PRIMARY KEY,\n"
	"  account      TEXT NOT NULL,\n"
	"  author       TEXT NOT NULL,\n"
	"  category     TEXT NOT NULL,\n"
	"  severity     TEXT NOT NULL,\n"
	"  status       TEXT NOT NULL,\n"
	"  text         TEXT NOT NULL,\n"
	"  opened_day   INTEGER NOT NULL,\n"
	"  resolved_day INTEGER,\n"
	"  created      TEXT NOT NULL,\n"
	"  hlc          TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX risk_account ON risk(account, status);\n"
	"CREATE TABLE touchpoint (\n"
	"  id         TEXT PRIMARY KEY,\n"
	"  account    TEXT NOT NULL,\n"
	"  author     TEXT NOT NULL,\n"
	"  kind       TEXT,\n"
	"  due_day    INTEGER NOT NULL,\n"
	"  status     TEXT NOT NULL,\n"
	"  note       TEXT,\n"
	"  reason     TEXT,\n"
	"  done_day   INTEGER,\n"
	"  created    TEXT NOT NULL,\n"
	"  hlc        TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX touchpoint_due ON touchpoint(status, due_day);\n"
	"CREATE INDEX touchpoint_account ON touchpoint(account, status, due_day);\n"
	/* Coverage events become absences (source 'event', entity = cover/<id>). */
	"ALTER TABLE absence ADD COLUMN entity TEXT;\n"
	"CREATE UNIQUE INDEX absence_entity ON absence(entity) WHERE entity IS NOT NULL;\n"
	/* Devices seen in the shared directory: owner fixed by the first segment. */
	"CREATE TABLE device (\n"
	"  id          TEXT PRIMARY KEY,\n"
	"  owner       TEXT NOT NULL,\n"
	"  first_seen  INTEGER NOT NULL,\n"
	"  contiguous  INTEGER NOT NULL DEFAULT 0,\n"
	"  max_seq     INTEGER NOT NULL DEFAULT 0,\n"
	"  last_wall   INTEGER,\n"
	"  last_hlc    TEXT,\n"
	"  last_import INTEGER\n"
	");\n"
	/* Segment files seen: imported, pending (trailer not valid yet: retried)
	 * or quarantined (with the reason). Directories' mtimes let a no-op sync
	 * skip listing unchanged device folders. */
	"CREATE TABLE segment (\n"
	"  path        TEXT PRIMARY KEY,\n"
	"  device      TEXT NOT NULL,\n"
	"  status      TEXT NOT NULL CHECK (status IN ('imported','pending','quarantined')),\n"
	"  reason      TEXT,\n"
	"  size        INTEGER NOT NULL,\n"
	"  mtime_ns    INTEGER NOT NULL,\n"
	"  first_seq   INTEGER,\n"
	"  last_seq    INTEGER,\n"
	"  events      INTEGER,\n"
	"  first_seen  INTEGER NOT NULL,\n"
	"  checked_at  INTEGER NOT NULL\n"
	");\n"
	"CREATE INDEX segment_device ON segment(device, status);\n"
	"CREATE TABLE segment_dir (\n"
	"  path     TEXT PRIMARY KEY,\n"
	"  mtime_ns INTEGER NOT NULL\n"
	");\n",

	/* 2 -> 3: the portfolio's per-account figures (issue 4), one row per
	 * account by CRM id, kept current by summary.c after each feed import
	 * and each applied event, so the portfolio reads one row per account
	 * instead of scanning health, risks, touchpoints and notes. spark: the
	 * last 12 weekly scores, oldest first, separated by spaces. risk_rank:
	 * 3 high, 2 medium, 1 low, 0 none. attention: renewal_day minus
	 * (100 - health) / 2 days (health unknown counts as 50); NULL without
	 * a renewal date. The fill below is this step's own copy of
	 * summary.c's query (steps never change once shipped). */
	"CREATE TABLE account_summary (\n"
	"  crm_id          TEXT PRIMARY KEY,\n"
	"  health          REAL,\n"
	"  health_day      INTEGER,\n"
	"  health_4w       REAL,\n"
	"  health_delta    REAL,\n"
	"  spark           TEXT,\n"
	"  open_risks      INTEGER NOT NULL DEFAULT 0,\n"
	"  open_high_risks INTEGER NOT NULL DEFAULT 0,\n"
	"  risk_rank       INTEGER NOT NULL DEFAULT 0,\n"
	"  risk_category   TEXT,\n"
	"  next_touch_day  INTEGER,\n"
	"  next_touch_kind TEXT,\n"
	"  sentiment       INTEGER,\n"
	"  touch_day       INTEGER,\n"
	"  attention       REAL\n"
	");\n"
	"CREATE INDEX account_summary_attention ON account_summary(attention);\n"
	"CREATE INDEX account_summary_health ON account_summary(health);\n"
	"CREATE INDEX account_summary_delta ON account_summary(health_delta);\n"
	"CREATE INDEX account_summary_risk ON account_summary(risk_rank, open_risks);\n"
	"CREATE INDEX account_summary_next_touch ON account_summary(next_touch_day);\n"
	"CREATE INDEX account_summary_sentiment ON account_summary(sentiment);\n"
	"INSERT OR REPLACE INTO account_summary(crm_id, health, health_day, health_4w, health_delta,\n"
	"  spark, open_risks, open_high_risks, risk_rank, risk_category, next_touch_day,\n"
	"  next_touch_kind, sentiment, touch_day, attention)\n"
	"SELECT crm_id, hs, hday, h4, hs - h4, spark, nrisk, nhigh, rrank, rcat, tday, tkind,\n"
	"  sent, nday, renewal_day - (100 - coalesce(hs, 50)) / 2.0\n"
	"FROM (SELECT x.*,\n"
	"  (SELECT score FROM health h WHERE h.account_id = x.id AND h.day = x.hday) AS hs,\n"
	"  (SELECT score FROM health h WHERE h.account_id = x.id AND h.day <= x.hday - 28\n"
	"     ORDER BY h.day DESC LIMIT 1) AS h4,\n"
	"  (SELECT group_concat(score, ' ') FROM (SELECT day, score FROM (SELECT day, score\n"
	"     FROM health h WHERE h.account_id = x.id ORDER BY h.day DESC LIMIT 12) ORDER BY day))\n"
	"     AS spark,\n"
	"  (SELECT count(*) FROM risk r WHERE r.account = x.crm_id AND r.status = 'open') AS nrisk,\n"
	"  (SELECT count(*) FROM risk r WHERE r.account = x.crm_id AND r.status = 'open'\n"
	"     AND r.severity = 'high') AS nhigh,\n"
	"  (SELECT coalesce(max(CASE r.severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2\n"
	"     WHEN 'low' THEN 1 ELSE 0 END), 0) FROM risk r\n"
	"     WHERE r.account = x.crm_id AND r.status = 'open') AS rrank,\n"
	"  (SELECT r.category FROM risk r WHERE r.account = x.crm_id AND r.status = 'open'\n"
	"     ORDER BY CASE r.severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1\n"
	"     ELSE 0 END DESC, r.opened_day DESC, r.id LIMIT 1) AS rcat,\n"
	"  (SELECT min(t.due_day) FROM touchpoint t WHERE t.account = x.crm_id\n"
	"     AND t.status IN ('open', 'snoozed')) AS tday,\n"
	"  (SELECT t.kind FROM touchpoint t WHERE t.account = x.crm_id\n"
	"     AND t.status IN ('open', 'snoozed') ORDER BY t.due_day, t.id LIMIT 1) AS tkind,\n"
	"  (SELECT n.sentiment FROM note n WHERE n.account = x.crm_id AND NOT n.deleted\n"
	"     ORDER BY n.touch_day DESC, n.created DESC, n.id DESC LIMIT 1) AS sent,\n"
	"  (SELECT max(n.touch_day) FROM note n WHERE n.account = x.crm_id AND NOT n.deleted)\n"
	"     AS nday\n"
	"  FROM (SELECT a.id, a.crm_id, a.renewal_day, (SELECT h.day FROM health h\n"
	"     WHERE h.account_id = a.id ORDER BY h.day DESC LIMIT 1) AS hday\n"
	"     FROM account a) x);\n",
	/* 3 -> 4: the console loads a scope's accounts whole and filters and
	 * sorts them in memory (book.c). account_summary becomes WITHOUT ROWID
	 * (the portfolio's join by CRM id is then one b-tree lookup, not two)
	 * and gains risk_categories, the open risks' distinct categories,
	 * comma-separated, for the risk category filter (filled here once,
	 * then by summary.c). Its sort indexes go: nothing sorts in SQL. */
	"CREATE TABLE account_summary_v4 (\n"
	"  crm_id          TEXT PRIMARY KEY,\n"
	"  health          REAL,\n"
	"  health_day      INTEGER,\n"
	"  health_4w       REAL,\n"
	"  health_delta    REAL,\n"
	"  spark           TEXT,\n"
	"  open_risks      INTEGER NOT NULL DEFAULT 0,\n"
	"  open_high_risks INTEGER NOT NULL DEFAULT 0,\n"
	"  risk_rank       INTEGER NOT NULL DEFAULT 0,\n"
	"  risk_category   TEXT,\n"
	"  next_touch_day  INTEGER,\n"
	"  next_touch_kind TEXT,\n"
	"  sentiment       INTEGER,\n"
	"  touch_day       INTEGER,\n"
	"  attention       REAL,\n"
	"  risk_categories TEXT\n"
	") WITHOUT ROWID;\n"
	"INSERT INTO account_summary_v4 SELECT crm_id, health, health_day, health_4w, health_delta,\n"
	"  spark, open_risks, open_high_risks, risk_rank, risk_category, next_touch_day,\n"
	"  next_touch_kind, sentiment, touch_day, attention,\n"
	"  (SELECT group_concat(category, ',') FROM (SELECT DISTINCT r.category FROM risk r\n"
	"     WHERE r.account = s.crm_id AND r.status = 'open' ORDER BY 1))\n"
	"  FROM account_summary s;\n"
	"DROP TABLE account_summary;\n"
	"ALTER TABLE account_summary_v4 RENAME TO account_summary;\n",
	/* 4 -> 5: the handoff (issue 5, handoff.c). handoff_review: the covering
	 * CSM's "reviewed" marks on a brief, one per account and absence (owner,
	 * its first day). Local only, never published: a reader's progress, not
	 * a team fact (see handoff.h). event_account: "while you were out" reads
	 * the events of an owner's accounts from a stamp on. */
	"CREATE TABLE IF NOT EXISTS handoff_review (\n"
	"  owner       TEXT NOT NULL,\n"
	"  from_day    INTEGER NOT NULL,\n"
	"  crm_id      TEXT NOT NULL,\n"
	"  reviewer    TEXT NOT NULL,\n"
	"  reviewed_at INTEGER NOT NULL,\n"
	"  PRIMARY KEY (owner, from_day, crm_id)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX IF NOT EXISTS event_account ON event(account, hlc);\n",
	/* 5 -> 6: agenda items I put aside (agenda.c): an item (group, account,
	 * entity) hidden until a day, with why. Local: my agenda is mine (a
	 * touchpoint is snoozed for the team with a touch.snooze event instead). */
	"CREATE TABLE IF NOT EXISTS agenda_snooze (\n"
	"  item       TEXT PRIMARY KEY,\n"
	"  until_day  INTEGER NOT NULL,\n"
	"  reason     TEXT NOT NULL,\n"
	"  snoozed_at INTEGER NOT NULL\n"
	") WITHOUT ROWID;\n",
	/* 6 -> 7: a risk's owner (risk.open and risk.update v2): who takes care
	 * of it; NULL means its author (state.c, from the owner register). */
	"ALTER TABLE risk ADD COLUMN owner TEXT;\n",
	/* 7 -> 8: the owner indexes cover what the portfolio reads of an
	 * account (book.c), so opening "my" scope reads index pages in order
	 * instead of one table page per account: with a cold page cache that
	 * halved the first paint of a 1,000-account book in a 100,000-account
	 * database (175 -> 89 ms). */
	"DROP INDEX account_main;\n"
	"DROP INDEX account_sub;\n"
	"CREATE INDEX account_main ON account(main_owner, active, crm_id, name, sub_owner, touch_model,\n"
	"  stage, arr_minor, currency, renewal_day);\n"
	"CREATE INDEX account_sub ON account(sub_owner, active, crm_id, name, main_owner, touch_model,\n"
	"  stage, arr_minor, currency, renewal_day);\n",
	/* 8 -> 9: health of issue 6. health gains the source in its key, so the
	 * vendor's weekly score ('feed') and csconsole's own weekly snapshots
	 * ('model', healthcalc.c; model: the fingerprint of the model that
	 * computed it) live side by side; meta health_source says
	 * which one the summaries show (health.score in csconsole.yaml, kept in
	 * step by healthcalc_use). account.outcome: what became of an account
	 * at its renewal (the accounts feed), for the backtest. account_flag:
	 * the blind-spot flag of each account, judged with its weekly snapshot
	 * so the portfolio and the agenda read it without loading the account.
	 * playbook_fired: which playbook rule fired for which condition, so a
	 * rule never fires twice for the same one (playbook.c). */
	"CREATE TABLE health_v9 (\n"
	"  account_id INTEGER NOT NULL REFERENCES account(id),\n"
	"  source     TEXT NOT NULL DEFAULT 'feed' CHECK (source IN ('feed','model')),\n"
	"  day        INTEGER NOT NULL,\n"
	"  score      REAL NOT NULL,\n"
	"  model      INTEGER,\n"
	"  PRIMARY KEY (account_id, source, day)\n"
	") WITHOUT ROWID;\n"
	"INSERT INTO health_v9(account_id, source, day, score) SELECT account_id, 'feed', day, score FROM health;\n"
	"DROP TABLE health;\n"
	"ALTER TABLE health_v9 RENAME TO health;\n"
	"INSERT OR REPLACE INTO meta(key, value) VALUES ('health_source', 'feed');\n"
	"ALTER TABLE account ADD COLUMN outcome TEXT CHECK (outcome IN ('renewed','churned'));\n"
	"ALTER TABLE account ADD COLUMN outcome_day INTEGER;\n"
	"CREATE TABLE account_flag (\n"
	"  crm_id     TEXT PRIMARY KEY,\n"
	"  flag       TEXT NOT NULL CHECK (flag IN ('hidden_risk','quiet_loyal')),\n"
	"  reason     TEXT NOT NULL,\n"
	"  day        INTEGER NOT NULL\n"
	") WITHOUT ROWID;\n"
	/* summary.c now rounds the sparkline's scores: the rows made before say so too */
	"UPDATE account_summary SET spark = (SELECT group_concat(CAST(round(score) AS INTEGER), ' ')\n"
	"  FROM (SELECT day, score FROM (SELECT h.day, h.score FROM health h JOIN account a\n"
	"    ON a.id = h.account_id WHERE a.crm_id = account_summary.crm_id AND h.source = 'feed'\n"
	"    ORDER BY h.day DESC LIMIT 12) ORDER BY day));\n"
	"CREATE TABLE playbook_fired (\n"
	"  rule       TEXT NOT NULL,\n"
	"  crm_id     TEXT NOT NULL,\n"
	"  condition  TEXT NOT NULL,\n"
	"  touch_id   TEXT,\n"
	"  fired_at   INTEGER NOT NULL,\n"
	"  PRIMARY KEY (rule, crm_id, condition)\n"
	") WITHOUT ROWID;\n",
	/* issue 11 (sync): segments that git converted to CRLF (core.autocrlf)
	 * stayed "not complete yet" and were quarantined as "incomplete and
	 * unchanged"; this release reads them (segment.c). Forget those
	 * quarantines, so the next sync examines the files again (a really
	 * truncated one is quarantined again after its grace), and the folder
	 * mtimes, so it lists every folder. */
	"DELETE FROM segment WHERE status = 'quarantined' AND reason LIKE 'incomplete and unchanged for %';\n"
	"DELETE FROM segment_dir;\n",
	/* 10 -> 11: feeds of issue 11. feed_source numbers the metrics files;
	 * metric.src is the file the value in force came from, so a file that
	 * stops being a feed (a sync tool's conflict copy) takes back what it
	 * brought (NULL: imported before this version). feed_hold: imports held
	 * back as implausible, until seen unchanged again or accepted. */
	"CREATE TABLE feed_source (\n"
	"  id   INTEGER PRIMARY KEY,\n"
	"  path TEXT NOT NULL UNIQUE\n"
	");\n"
	"ALTER TABLE metric ADD COLUMN src INTEGER;\n"
	"CREATE TABLE feed_hold (\n"
	"  path     TEXT PRIMARY KEY,\n"
	"  sha256   TEXT NOT NULL,\n"
	"  reason   TEXT NOT NULL,\n"
	"  held_at  INTEGER NOT NULL\n"
	");\n",
	/* 11 -> 12 (issue 12): the undo list (undo.c). One row per own
	 * event written, grouped by action (the events of one transaction),
	 * with the compensation (JSON {type, data}) and the entity's stamp
	 * before and after, to refuse an undo of what was changed since.
	 * state: 0 to undo, 1 undone, 2 refused (changed since). */
	"CREATE TABLE undo_log (\n"
	"  seq        INTEGER PRIMARY KEY,\n"
	"  action     INTEGER NOT NULL,\n"
	"  at         INTEGER NOT NULL,\n"
	"  author     TEXT NOT NULL,\n"
	"  event      TEXT NOT NULL,\n"
	"  type       TEXT NOT NULL,\n"
	"  entity     TEXT NOT NULL,\n"
	"  account    TEXT,\n"
	"  label      TEXT NOT NULL,\n"
	"  before_hlc TEXT,\n"
	"  after_hlc  TEXT NOT NULL,\n"
	"  comp       TEXT NOT NULL,\n"
	"  state      INTEGER NOT NULL DEFAULT 0 CHECK (state IN (0, 1, 2))\n"
	");\n"
	"CREATE INDEX undo_log_action ON undo_log(action);\n",
	/* 12 -> 13 (issue 12): touches, risk closing notes, shared reviews.
	 * account_summary.touch_day becomes the last touch of the one
	 * definition (touchdef.h: customer-facing notes and touchpoints done as
	 * a contact; internal notes no longer count): this step's own copy of
	 * TOUCH_SQL refills it. risk.resolve_note: a resolve's closing note,
	 * kept apart from the risk's text (risk.resolve v3's note; the text of
	 * the older versions, which replaced the text before): resolved risks
	 * whose text a resolve replaced get their text back from the last
	 * open/update that set it. handoff_review.source: 'local' (marks of
	 * earlier releases, kept and shown) or 'event' (handoff.review events,
	 * state.c: a rebuild remakes them). */
	"UPDATE account_summary SET touch_day = (SELECT max(t.day) FROM (\n"
	"  SELECT account, touch_day AS day FROM note WHERE NOT deleted AND kind <> 'internal'\n"
	"  UNION ALL SELECT account, done_day AS day FROM touchpoint WHERE status = 'done'\n"
	"    AND done_day IS NOT NULL AND coalesce(kind, '') <> 'internal'\n"
	"    AND (kind IS NOT NULL OR coalesce(note, '') <> '')) t\n"
	"  WHERE t.account = account_summary.crm_id);\n"
	"ALTER TABLE risk ADD COLUMN resolve_note TEXT;\n"
	"UPDATE risk SET\n"
	"  resolve_note = (SELECT json_extract(e.data, '$.text') FROM event e\n"
	"    WHERE e.entity = 'risk/' || risk.id AND e.type = 'risk.resolve' AND e.applied\n"
	"    ORDER BY e.hlc DESC, e.device DESC LIMIT 1),\n"
	"  text = coalesce((SELECT json_extract(e.data, '$.text') FROM event e\n"
	"    WHERE e.entity = 'risk/' || risk.id AND e.type IN ('risk.open', 'risk.update') AND e.applied\n"
	"    AND json_extract(e.data, '$.text') IS NOT NULL\n"
	"    ORDER BY e.hlc DESC, e.device DESC LIMIT 1), text)\n"
	"  WHERE status = 'resolved' AND EXISTS (SELECT 1 FROM event e WHERE e.entity = 'risk/' || risk.id\n"
	"    AND e.type = 'risk.resolve' AND e.applied AND json_extract(e.data, '$.text') IS NOT NULL);\n"
	"ALTER TABLE handoff_review ADD COLUMN source TEXT NOT NULL DEFAULT 'local';\n",
	/* 13 -> 14 (issue 13): the champion's history, one row per import that brought a
	 * different champion (name, email or status) for an account, with the
	 * one before (prev_*: NULL for an account's first import): a changed
	 * champion is a relationship event (agenda, hidden risks). */
	"CREATE TABLE champion_history (\n"
	"  id          INTEGER PRIMARY KEY,\n"
	"  account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,\n"
	"  day         INTEGER NOT NULL,\n"
	"  name        TEXT,\n"
	"  email       TEXT,\n"
	"  status      TEXT,\n"
	"  prev_name   TEXT,\n"
	"  prev_email  TEXT,\n"
	"  prev_status TEXT\n"
	");\n"
	"CREATE INDEX champion_history_account ON champion_history(account_id, day);\n",
	/* 14 -> 15 (issue 13): playbook rules do not stack
	 * (playbook.c). playbook_fired.reason: the rule's reason when it fired
	 * while a touchpoint was already scheduled inside its horizon, so it
	 * made none and touch_id is that touchpoint (the agenda shows the
	 * reason with it); NULL when the rule's reason is in the touchpoint's
	 * own note. */
	"ALTER TABLE playbook_fired ADD COLUMN reason TEXT;\n"
	"CREATE INDEX playbook_fired_touch ON playbook_fired(touch_id, fired_at) WHERE reason IS NOT NULL;\n",
	/* 15 -> 16 (issue 13): what the agenda's rules read, kept per account
	 * so a team's agenda reads no table per account (summary.h):
	 * health_max, the highest score among the snapshots a drop on any day
	 * from the latest snapshot's on could start from (those of the last 28
	 * days and the one before them); for stage onboarding, the first
	 * metric's day and the latest active_seats (day, value). The fill is
	 * this step's own copy of summary.c's expressions. contact_history:
	 * one row per import that changed an account's contacts (the list as
	 * the feed's text form, and the one before). */
	"ALTER TABLE account_summary ADD COLUMN health_max REAL;\n"
	"ALTER TABLE account_summary ADD COLUMN metric_first_day INTEGER;\n"
	"ALTER TABLE account_summary ADD COLUMN seats_day INTEGER;\n"
	"ALTER TABLE account_summary ADD COLUMN seats_active REAL;\n"
	"UPDATE account_summary SET health_max = (SELECT max(coalesce(account_summary.health_4w,\n"
	"    account_summary.health), (SELECT max(h.score) FROM health h WHERE h.account_id = a.id\n"
	"    AND h.source = (SELECT value FROM meta WHERE key = 'health_source')\n"
	"    AND h.day > account_summary.health_day - 28)) FROM account a WHERE a.crm_id = account_summary.crm_id)\n"
	"  WHERE health IS NOT NULL;\n"
	"UPDATE account_summary SET\n"
	"  metric_first_day = (SELECT min(d) FROM (SELECT (SELECT min(m.day) FROM metric m\n"
	"    WHERE m.account_id = a.id AND m.metric_id = n.id) AS d FROM metric_name n, account a\n"
	"    WHERE a.crm_id = account_summary.crm_id)),\n"
	"  seats_day = (SELECT m.day FROM metric m JOIN metric_name n ON n.id = m.metric_id JOIN account a\n"
	"    ON a.id = m.account_id WHERE n.name = 'active_seats' AND a.crm_id = account_summary.crm_id\n"
	"    ORDER BY m.day DESC LIMIT 1),\n"
	"  seats_active = (SELECT m.value FROM metric m JOIN metric_name n ON n.id = m.metric_id JOIN account a\n"
	"    ON a.id = m.account_id WHERE n.name = 'active_seats' AND a.crm_id = account_summary.crm_id\n"
	"    ORDER BY m.day DESC LIMIT 1)\n"
	"  WHERE crm_id IN (SELECT crm_id FROM account WHERE stage = 'onboarding');\n"
	"CREATE TABLE contact_history (\n"
	"  id          INTEGER PRIMARY KEY,\n"
	"  account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,\n"
	"  day         INTEGER NOT NULL,\n"
	"  contacts    TEXT NOT NULL,\n"
	"  prev        TEXT\n"
	");\n"
	"CREATE INDEX contact_history_account ON contact_history(account_id, day);\n",
	/* 16 -> 17 (issue 14): the activity export's mark (export.c). One row
	 * per entity (note/<ulid>, touch/<ulid>, risk/<ulid>) and target
	 * (salesforce, hubspot, csv) once it was written to an export file,
	 * so the next export has only what is new. Local: never synced. */
	"CREATE TABLE export_mark (\n"
	"  target      TEXT NOT NULL,\n"
	"  entity      TEXT NOT NULL,\n"
	"  exported_at INTEGER NOT NULL,\n"
	"  PRIMARY KEY (target, entity)\n"
	") WITHOUT ROWID;\n",
	/* 17 -> 18 (issue 14): a touchpoint's time of day, "HH:MM" local
	 * (touch.schedule v2's optional time); NULL: all day. */
	"ALTER TABLE touchpoint ADD COLUMN time TEXT;\n",
	/* 18 -> 19 (issue 15): a smaller database per event, and summaries
	 * refreshed once per sync (state.c, eventsync.c, summary.c). Registers
	 * are no longer stored: they are a function of each entity's applied
	 * events, computed when read (state.c), and their rows repeated the
	 * events' values, stamps and ids. A teammate's event no longer records
	 * the segment that carried it (only own events are republished from
	 * it): event_segment and event_outbox cover own events alone.
	 * summary_pending: the accounts whose account_summary row an event sync
	 * changed and has not refreshed yet; the sync refreshes them once at
	 * its end (or the next sync, after a crash). */
	"DROP TABLE register;\n"
	"DROP INDEX event_segment;\n"
	"DROP INDEX event_outbox;\n"
	"UPDATE event SET segment = NULL WHERE own = 0 AND segment IS NOT NULL;\n"
	"CREATE INDEX event_segment ON event(segment) WHERE own = 1;\n"
	"CREATE INDEX event_outbox ON event(published) WHERE own = 1;\n"
	"CREATE TABLE summary_pending (crm_id TEXT PRIMARY KEY) WITHOUT ROWID;\n",
	/* 19 -> 20 (issue 15): the team's agenda reads one table in one pass
	 * (agenda.c). account_summary keeps a copy of the account's columns the
	 * agenda reads (account_id, name, owners, touch model, stage, ARR,
	 * renewal, seats, active), written by the same refresh as the rest of
	 * the row (summary.c), and health_max7: the highest score a 7-day drop
	 * from the latest snapshot's day on can start from (the snapshots of
	 * the last 7 days and the one before them), which leaves most accounts
	 * out of the health rule's lookups. The fill is this step's own copy of
	 * summary.c's expressions. champion_history_change: the imports that
	 * brought another champion, by day, so the agenda's champion rule
	 * reads the window's changes instead of every account's first import. */
	"ALTER TABLE account_summary ADD COLUMN health_max7 REAL;\n"
	"ALTER TABLE account_summary ADD COLUMN account_id INTEGER;\n"
	"ALTER TABLE account_summary ADD COLUMN name TEXT;\n"
	"ALTER TABLE account_summary ADD COLUMN main_owner TEXT;\n"
	"ALTER TABLE account_summary ADD COLUMN sub_owner TEXT;\n"
	"ALTER TABLE account_summary ADD COLUMN touch_model TEXT;\n"
	"ALTER TABLE account_summary ADD COLUMN stage TEXT;\n"
	"ALTER TABLE account_summary ADD COLUMN arr_minor INTEGER;\n"
	"ALTER TABLE account_summary ADD COLUMN renewal_day INTEGER;\n"
	"ALTER TABLE account_summary ADD COLUMN seats INTEGER;\n"
	"ALTER TABLE account_summary ADD COLUMN active INTEGER NOT NULL DEFAULT 0;\n"
	"UPDATE account_summary SET (account_id, name, main_owner, sub_owner, touch_model, stage, arr_minor,\n"
	"    renewal_day, seats, active) = (SELECT a.id, a.name, a.main_owner, a.sub_owner, a.touch_model,\n"
	"    a.stage, a.arr_minor, a.renewal_day, a.seats, a.active FROM account a\n"
	"    WHERE a.crm_id = account_summary.crm_id)\n"
	"  WHERE crm_id IN (SELECT crm_id FROM account);\n"
	"UPDATE account_summary SET health_max7 = max(health, coalesce((SELECT h.score FROM health h\n"
	"    WHERE h.account_id = account_summary.account_id\n"
	"    AND h.source = (SELECT value FROM meta WHERE key = 'health_source')\n"
	"    AND h.day <= account_summary.health_day - 7 ORDER BY h.day DESC LIMIT 1), health),\n"
	"    coalesce((SELECT max(h.score) FROM health h WHERE h.account_id = account_summary.account_id\n"
	"    AND h.source = (SELECT value FROM meta WHERE key = 'health_source')\n"
	"    AND h.day > account_summary.health_day - 7), health))\n"
	"  WHERE health IS NOT NULL AND account_id IS NOT NULL;\n"
	"CREATE INDEX champion_history_change ON champion_history(day)\n"
	"  WHERE coalesce(prev_name, '') <> '';\n",
	/* 20 -> 21 (issue 17): the ARR
	 * history the retention and forecast reports read (arr_history.c). One
	 * row per account and import day on which its ARR, currency, outcome or
	 * active flag changed (a change of ARR is a history, not an overwrite);
	 * the latest row per account is what the account table holds. The
	 * backfill: every account's current values as of the last accounts
	 * import's day (or today's, when none is recorded). */
	"CREATE TABLE arr_history (\n"
	"  account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,\n"
	"  day         INTEGER NOT NULL,\n"
	"  arr_minor   INTEGER,\n"
	"  currency    TEXT,\n"
	"  outcome     TEXT,\n"
	"  outcome_day INTEGER,\n"
	"  active      INTEGER NOT NULL,\n"
	"  PRIMARY KEY (account_id, day)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX arr_history_churn ON arr_history(outcome_day) WHERE outcome = 'churned';\n"
	"INSERT INTO arr_history(account_id, day, arr_minor, currency, outcome, outcome_day, active)\n"
	"  SELECT id, coalesce((SELECT max(imported_at) / 86400 FROM feed_file WHERE kind = 'accounts'),\n"
	"    CAST(strftime('%s', 'now') AS INTEGER) / 86400), arr_minor, currency, outcome, outcome_day,\n"
	"    active FROM account;\n",
	/* 21 -> 22 (issue 17): expansion opportunities and the voice of the customer,
	 * materialised from opportunity.* and feedback.add events (state.c
	 * through opportunity.c and feedback.c). Amounts in minor units of
	 * their currency; days as day numbers. */
	"CREATE TABLE opportunity (\n"
	"  id           TEXT PRIMARY KEY,\n"
	"  account      TEXT NOT NULL,\n"
	"  author       TEXT NOT NULL,\n"
	"  kind         TEXT NOT NULL,\n"
	"  amount_minor INTEGER NOT NULL,\n"
	"  currency     TEXT NOT NULL,\n"
	"  stage        TEXT NOT NULL,\n"
	"  close_day    INTEGER NOT NULL,\n"
	"  owner        TEXT NOT NULL,\n"
	"  status       TEXT NOT NULL,\n"
	"  closed_day   INTEGER,\n"
	"  note         TEXT,\n"
	"  created      TEXT NOT NULL,\n"
	"  hlc          TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX opportunity_account ON opportunity(account);\n"
	"CREATE INDEX opportunity_open ON opportunity(status, close_day);\n"
	"CREATE TABLE feedback (\n"
	"  id        TEXT PRIMARY KEY,\n"
	"  account   TEXT NOT NULL,\n"
	"  author    TEXT NOT NULL,\n"
	"  area      TEXT NOT NULL,\n"
	"  request   TEXT NOT NULL,\n"
	"  text      TEXT NOT NULL,\n"
	"  arr_minor INTEGER,\n"
	"  currency  TEXT,\n"
	"  day       INTEGER NOT NULL,\n"
	"  created   TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX feedback_area ON feedback(area, day);\n"
	"CREATE INDEX feedback_account ON feedback(account);\n",
	/* 22 -> 23 (issue 15): per account, the health components its metrics
	 * give (adoption, core use, key feature, support, NPS; NULL when
	 * missing) as of the week `day` a pass last scored from every metric,
	 * under the model of fingerprint `model`, the weeks before it where
	 * they give nothing and those with a snapshot (empty_weeks, have_weeks:
	 * bit i for the week 7i days before; healthcalc.c). The pass after an event sync scores from it instead of
	 * reading the metrics again; every feed import empties it (feed.c). */
	"CREATE TABLE health_inputs (\n"
	"  account_id   INTEGER PRIMARY KEY,\n"
	"  day          INTEGER NOT NULL,\n"
	"  model        INTEGER NOT NULL,\n"
	"  empty_weeks  INTEGER NOT NULL,\n"
	"  have_weeks   INTEGER NOT NULL,\n"
	"  adoption     REAL,\n"
	"  core_use     REAL,\n"
	"  key_feature  REAL,\n"
	"  support      REAL,\n"
	"  nps          REAL\n"
	");\n",
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
