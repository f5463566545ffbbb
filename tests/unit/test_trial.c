/* test_trial.c - a seeded randomized convergence trial of five devices.
 *
 * Each device has its own database and its own copy of the shared directory,
 * as with Syncthing or Dropbox; a simulated sync tool copies segment files
 * between the copies in random order, twice, half first (completed later),
 * and as conflict-named copies. Devices write notes (one note edited more
 * than 8 times), risks and touchpoints with skewed clocks, edit what they
 * hold, and sync; some syncs run in a child process killed with SIGKILL at a
 * random moment or at a publish step. At the end every file reaches every
 * copy and every device syncs until nothing is new. Then:
 *  - every device holds every event written, each published exactly once;
 *  - the dumps (events and state) and the portfolios are identical;
 *  - each device's conflict list equals a ground truth computed from the
 *    trial's own history: what each writer held of the entity when writing.
 *
 * Packing (pack.h) runs at random moments too (CSC_TRIAL_PACK=0 turns it
 * off), drawn from a generator of its own: now and then a device packs its own segments, in place or in a child killed at
 * a random moment or at a packing step; the sync tool carries the removals
 * to the other copies (not always at once, so a copy holds both forms for a
 * while) and sometimes brings a removed file back into its writer's folder.
 * Every small segment is kept in an archive before its writer packs: a
 * database that reads only the archive (the trial without packing) and a new
 * laptop that reads a packed copy must both end with the same dump.
 * CSC_TRIAL_SEED picks another seed (the default is fixed); TRIAL_DEBUG=1
 * prints each device's counts and unimported segments before the checks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/eventsync.h"
#include "csconsole/pack.h"
#include "csconsole/segment.h"
#include "csconsole/summary.h"
#include "causal_truth.h"
#include "scratch.h"

#define NDEV 5
#define STEPS 800
#define MAXEV 1024
#define MAXENT 96

static const char *const who[NDEV] = { "aiko", "ben", "chloe", "dana", "emi" };
static const char *const accounts[] = { "ACC-0001", "ACC-0002", "ACC-0003", "ACC-0004" };

struct dev {
	struct store st;
	char *db, *share, *id;
	long skew;            /* seconds */
	size_t written;
};

enum ekind { K_NOTE, K_RISK, K_TOUCH, K_OPP, K_FEEDBACK, K_COUNT };

struct entity {
	char *name;           /* note/ULID ... */
	enum ekind kind;
	const char *account;
	int author;           /* notes: only their author edits them */
};

/* What the trial knows of each event it wrote (f: risk severity and text,
 * touchpoint due_day and reason). */
static struct dev dev[NDEV];
static struct entity ents[MAXENT];
static size_t nents;
static struct causal_rec recs[MAXEV];
static size_t nrecs;
static int64_t clock_base = 1795424400; /* 2026-11-23T07:00:00Z */

static uint64_t rng_state;
static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Packing's own draws (the sync tool's differ anyway once packs exist). */
static bool packing = true;
static uint64_t pack_state = 0x5eed9ac4c0ffee11ULL;
static uint64_t pack_rng(void)
{
	pack_state ^= pack_state << 13;
	pack_state ^= pack_state >> 7;
	pack_state ^= pack_state << 17;
	return pack_state;
}
static char *archive;          /* every small segment ever published */
/* What packing did, to show the trial exercised it. */
static size_t n_packs, n_killed, n_removals, n_returned;

static void set_clock(int d, int step)
{
	char iso[32];
	ts_format_iso(clock_base + step * 30 + dev[d].skew, iso);
	assert_int_equal(setenv("CSCONSOLE_NOW", iso, 1), 0);
}

static int64_t count(struct store *st, const char *sql)
{
	char *s = causal_q1(st, sql, NULL);
	int64_t n = s ? atoll(s) : -1;
	free(s);
	return n;
}

/* Rows of a query as text, one line each. Caller frees. */
static char *rows(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	struct sbuf b = { 0 };
	assert_int_equal(store_prepare(st, sql, &s), 0);
	while (sqlite3_step(s) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(s); i++)
			sbuf_addf(&b, "%s%s", i ? "|" : "",
				  sqlite3_column_type(s, i) == SQLITE_NULL ? "-" :
				  (const char *)sqlite3_column_text(s, i));
		sbuf_adds(&b, "\n");
	}
	sqlite3_finalize(s);
	if (!b.data)
		sbuf_adds(&b, "");
	return b.data;
}

/* ---- writing ---- */

static void write_one(int d, int ent, const char *type, json_object *data, const char *f0,
		      const char *f1, bool create)
{
	struct causal_rec *r = &recs[nrecs];
	struct event e = { 0 };
	r->ent = ent;
	r->create = create;
	r->f[0] = f0;
	r->f[1] = f1;
	r->knows = xcalloc(MAXEV, sizeof(bool));
	causal_knowledge(&dev[d].st, recs, nrecs, ent, r->knows);
	e.author = xstrdup(who[d]);
	e.type = xstrdup(type);
	e.version = 1;
	e.entity = xstrdup(ents[ent].name);
	e.account = xstrdup(ents[ent].account);
	e.data = data;
	if (event_write(&dev[d].st, &e))
		fail_msg("%s writes %s: %s", who[d], type, error_message());
	r->id = xstrdup(e.id);
	event_free(&e);
	nrecs++;
	dev[d].written++;
}

static const char *pick(const char *const *list, size_t n)
{
	return list[rng() % n];
}

static const char *const sevs[] = { "low", "medium", "high" };
static const char *const texts[] = { "Budget freeze", "Champion left", "Low usage",
				     "Competitor trial", "ROI unproven", "サポート不足" };
static const char *const days[] = { "2026-12-01", "2026-12-03", "2026-12-08", "2026-12-15" };
static const char *const reasons[] = { "customer asked", "holiday", "travel", "QBR moved" };
static const char *const stages[] = { "discovery", "proposal", "negotiation", "commit" };
static const char *const amounts[] = { "1200000", "2500000", "800000", "5000000" };
static const char *const areas[] = { "reporting", "mobile", "integrations" };
static const char *const requests[] = { "bug", "missing_feature", "usability", "praise" };

/* kind < 0: a random one. */
static void create_entity(int d, int kind)
{
	struct entity *en = &ents[nents];
	char u[ULID_SIZE];
	en->kind = kind < 0 ? (enum ekind)(rng() % K_COUNT) : (enum ekind)kind;
	en->account = accounts[rng() % ARRAY_SIZE(accounts)];
	en->author = d;
	ulid_new(clock_now_ms(), u);
	static const char *const kinds[] = { "note", "risk", "touch", "opportunity", "feedback" };
	en->name = xasprintf("%s/%s", kinds[en->kind], u);
	json_object *data;
	const char *f0 = NULL, *f1 = NULL;
	if (en->kind == K_NOTE) {
		data = json_tokener_parse("{\"kind\":\"call\",\"sentiment\":5,\"summary\":\"Weekly call\","
					  "\"touch_day\":\"2026-11-20\"}");
		nents++;
		write_one(d, (int)nents - 1, "note.add", data, NULL, NULL, true);
		return;
	}
	if (en->kind == K_FEEDBACK) {   /* written once: no edits */
		data = json_object_new_object();
		json_object_object_add(data, "area", json_object_new_string(pick(areas, ARRAY_SIZE(areas))));
		json_object_object_add(data, "request", json_object_new_string(pick(requests, ARRAY_SIZE(requests))));
		json_object_object_add(data, "text", json_object_new_string(pick(texts, ARRAY_SIZE(texts))));
		json_object_object_add(data, "day", json_object_new_string(pick(days, ARRAY_SIZE(days))));
		json_object_object_add(data, "arr", json_object_new_int64(100000 * (int64_t)(1 + rng() % 50)));
		json_object_object_add(data, "currency", json_object_new_string("USD"));
		nents++;
		write_one(d, (int)nents - 1, "feedback.add", data, NULL, NULL, true);
		return;
	}
	data = json_object_new_object();
	if (en->kind == K_OPP) {
		f0 = pick(stages, ARRAY_SIZE(stages));
		f1 = pick(amounts, ARRAY_SIZE(amounts));
		json_object_object_add(data, "kind", json_object_new_string("upsell"));
		json_object_object_add(data, "amount", json_object_new_int64(atoll(f1)));
		json_object_object_add(data, "currency", json_object_new_string("USD"));
		json_object_object_add(data, "stage", json_object_new_string(f0));
		json_object_object_add(data, "close_day", json_object_new_string("2027-02-01"));
		nents++;
		write_one(d, (int)nents - 1, "opportunity.open", data, f0, f1, true);
		return;
	}
	if (en->kind == K_RISK) {
		f0 = pick(sevs, ARRAY_SIZE(sevs));
		f1 = pick(texts, ARRAY_SIZE(texts));
		json_object_object_add(data, "category", json_object_new_string("budget"));
		json_object_object_add(data, "severity", json_object_new_string(f0));
		json_object_object_add(data, "text", json_object_new_string(f1));
		json_object_object_add(data, "opened_day", json_object_new_string("2026-11-23"));
	} else {
		f0 = pick(days, ARRAY_SIZE(days));
		json_object_object_add(data, "due_day", json_object_new_string(f0));
		json_object_object_add(data, "kind", json_object_new_string("call"));
	}
	nents++;
	write_one(d, (int)nents - 1, en->kind == K_RISK ? "risk.open" : "touch.schedule", data,
		  f0, f1, true);
}

/* An edit of an entity the device holds; false when it holds none to edit. */
static bool edit_entity(int d, int ent)
{
	struct entity *en = &ents[ent];
	static const char *const tables[] = { "note", "risk", "touchpoint", "opportunity", "feedback" };
	if (en->kind == K_FEEDBACK)
		return false;
	char *sql = xasprintf("SELECT 1 FROM %s WHERE id = ?1", tables[en->kind]);
	char *has = causal_q1(&dev[d].st, sql, strchr(en->name, '/') + 1);
	free(sql);
	free(has);
	if (!has || (en->kind == K_NOTE && en->author != d))
		return false;
	json_object *data = json_object_new_object();
	if (en->kind == K_NOTE) {
		json_object_object_add(data, "sentiment", json_object_new_int(1 + (int)(rng() % 9)));
		if (rng() % 2)
			json_object_object_add(data, "summary", json_object_new_string(pick(texts, ARRAY_SIZE(texts))));
		write_one(d, ent, "note.edit", data, NULL, NULL, false);
	} else if (en->kind == K_RISK) {
		int what = (int)(rng() % 3);
		const char *sev = what != 1 ? pick(sevs, ARRAY_SIZE(sevs)) : NULL;
		const char *text = what != 0 ? pick(texts, ARRAY_SIZE(texts)) : NULL;
		if (sev)
			json_object_object_add(data, "severity", json_object_new_string(sev));
		if (text)
			json_object_object_add(data, "text", json_object_new_string(text));
		write_one(d, ent, "risk.update", data, sev, text, false);
	} else if (en->kind == K_OPP) {
		int what = (int)(rng() % 3);
		const char *stage = what != 1 ? pick(stages, ARRAY_SIZE(stages)) : NULL;
		const char *amount = what != 0 ? pick(amounts, ARRAY_SIZE(amounts)) : NULL;
		if (stage)
			json_object_object_add(data, "stage", json_object_new_string(stage));
		if (amount)
			json_object_object_add(data, "amount", json_object_new_int64(atoll(amount)));
		write_one(d, ent, "opportunity.update", data, stage, amount, false);
	} else {
		const char *day = pick(days, ARRAY_SIZE(days)), *reason = pick(reasons, ARRAY_SIZE(reasons));
		json_object_object_add(data, "due_day", json_object_new_string(day));
		json_object_object_add(data, "reason", json_object_new_string(reason));
		write_one(d, ent, "touch.reschedule", data, day, reason, false);
	}
	return true;
}

/* ---- syncing, sometimes killed ---- */

static void sync_here(int d)
{
	struct events_result res;
	struct diag_list diags = { 0 };
	if (events_sync(&dev[d].st, dev[d].share, who[d], &res, &diags))
		fail_msg("%s: sync: %s", who[d], error_message());
	if (diags.errors) {
		diag_print(&diags, stderr);
		fail_msg("%s: sync reported errors", who[d]);
	}
	diag_clear(&diags);
}

static const char *const crash_steps[] = { "before-fsync", "before-rename", "before-mark" };

/* A sync in a child process with its own connection, killed at a random
 * moment or at a publish step (CSCONSOLE_CRASH_AT), or left to finish. */
static void sync_child(int d)
{
	int how = (int)(rng() % 4);
	unsigned delay_us = (unsigned)(rng() % 4000);
	const char *crash = pick(crash_steps, ARRAY_SIZE(crash_steps));
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct store st;
		struct events_result res;
		struct diag_list diags = { 0 };
		if (how == 0)
			setenv("CSCONSOLE_CRASH_AT", crash, 1);
		if (store_open(&st, dev[d].db, dev[d].share) ||
		    events_sync(&st, dev[d].share, who[d], &res, &diags))
			_exit(3);
		store_close(&st);
		_exit(0);
	}
	if (how == 1) {
		usleep(delay_us);
		kill(pid, SIGKILL);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	/* Finished, or killed (by us or by the crash step): never failed. */
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		fail_msg("%s: a sync in a child exited %d", who[d], WEXITSTATUS(status));
}

/* ---- the simulated sync tool ---- */

struct partial {
	char *from, *to;
};
static struct partial partials[256];
static size_t npartials;

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	struct sbuf b = { 0 };
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sbuf_add(&b, buf, n);
	fclose(fp);
	*len = b.len;
	if (!b.data)
		sbuf_adds(&b, "");
	return b.data;
}

static void put(const char *path, const char *data, size_t len)
{
	/* In place, as a tool that writes the final name directly would. */
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static void deliver(const char *from, const char *to, int mode)
{
	size_t len;
	char *data = slurp(from, &len);
	if (mode == 1 && npartials < ARRAY_SIZE(partials)) {
		/* Half now, the rest later. */
		put(to, data, len / 2);
		partials[npartials++] = (struct partial){ xstrdup(from), xstrdup(to) };
	} else {
		put(to, data, len);
		if (mode == 2) {
			/* And a conflict-named copy beside it. */
			char *copy = xasprintf("%.*s.sync-conflict-20261123-101010-ABCDEFG%s",
					       (int)(strlen(to) - strlen(SEGMENT_SUFFIX)), to, SEGMENT_SUFFIX);
			put(copy, data, len);
			free(copy);
		}
	}
	free(data);
}

static void complete_partials(bool all)
{
	size_t kept = 0;
	for (size_t i = 0; i < npartials; i++) {
		struct stat sb;
		if (stat(partials[i].from, &sb) != 0) {
			/* Packed and removed at the source: the tool removes its half copy. */
			unlink(partials[i].to);
			free(partials[i].from), free(partials[i].to);
		} else if (all || rng() % 2) {
			deliver(partials[i].from, partials[i].to, 0);
			free(partials[i].from), free(partials[i].to);
		} else {
			partials[kept++] = partials[i];
		}
	}
	npartials = kept;
}

static bool is_partial(const char *to)
{
	for (size_t i = 0; i < npartials; i++)
		if (str_eq(partials[i].to, to))
			return true;
	return false;
}

static void carry_removals(int src, int dst, bool all);

/* Copies src's segments that dst lacks, in a random order, some twice; each
 * file with probability `share` (a tool that is still busy). */
static void transport(int src, int dst, unsigned share, bool all)
{
	char *events = xasprintf("%s/events", dev[src].share);
	DIR *top = opendir(events);
	struct dirent *de;
	struct strlist files = { 0 };
	assert_non_null(top);
	while ((de = readdir(top))) {
		if (de->d_name[0] == '.' || str_eq(de->d_name, dev[dst].id))
			continue;   /* dst's own folder is its own to write */
		char *dir = xasprintf("%s/%s", events, de->d_name);
		DIR *sub = opendir(dir);
		struct dirent *fe;
		while (sub && (fe = readdir(sub)))
			if (str_ends_with(fe->d_name, SEGMENT_SUFFIX) && !strstr(fe->d_name, ".sync-conflict-")) {
				char *rel = xasprintf("%s/%s", de->d_name, fe->d_name);
				strlist_add(&files, rel);
				free(rel);
			}
		if (sub)
			closedir(sub);
		free(dir);
	}
	closedir(top);
	for (size_t i = files.len; i > 1; i--) {
		size_t j = (size_t)(rng() % i);
		char *t = files.items[i - 1];
		files.items[i - 1] = files.items[j];
		files.items[j] = t;
	}
	for (size_t i = 0; i < files.len; i++) {
		if (!all && rng() % 100 >= share)
			continue;
		char *from = xasprintf("%s/%s", events, files.items[i]);
		char *to = xasprintf("%s/events/%s", dev[dst].share, files.items[i]);
		char *dir = xstrndup(to, (size_t)(strrchr(to, '/') - to));
		struct stat sb, from_sb;
		assert_int_equal(path_mkdirs(dir, 0755), 0);
		assert_int_equal(stat(from, &from_sb), 0);
		bool there = stat(to, &sb) == 0;
		/* A file that differs is copied again, as a sync tool does when the
		 * source copy was itself half-copied and has since been completed. */
		if (!there || sb.st_size != from_sb.st_size || (!all && rng() % 8 == 0))
			deliver(from, to, all || there || is_partial(to) ? 0 : (int)(rng() % 4));
		free(from), free(to), free(dir);
	}
	strlist_clear(&files);
	free(events);
	if (packing)
		carry_removals(src, dst, all);
}

/* Names of the segment files in a folder (conflict-named copies too). */
static void folder_files(const char *dir, struct strlist *out)
{
	DIR *d = opendir(dir);
	struct dirent *fe;
	while (d && (fe = readdir(d)))
		if (fe->d_name[0] != '.' && str_ends_with(fe->d_name, SEGMENT_SUFFIX))
			strlist_add(out, fe->d_name);
	if (d)
		closedir(d);
}

/* The tool carries src's removals from src's own folder to dst's copy (each
 * with even odds unless all) and now and then brings a file src's copy still
 * has back into dst's own folder, where dst removed it. */
static void carry_removals(int src, int dst, bool all)
{
	char *from = xasprintf("%s/events/%s", dev[src].share, dev[src].id);
	char *to = xasprintf("%s/events/%s", dev[dst].share, dev[src].id);
	struct strlist there = { 0 };
	folder_files(to, &there);
	for (size_t i = 0; i < there.len; i++) {
		char *a = xasprintf("%s/%s", from, there.items[i]), *b = xasprintf("%s/%s", to, there.items[i]);
		struct stat sb;
		if (stat(a, &sb) != 0 && !is_partial(b) && (all || pack_rng() % 2 == 0)) {
			assert_int_equal(unlink(b), 0);
			n_removals++;
		}
		free(a), free(b);
	}
	strlist_clear(&there);
	free(from), free(to);
	if (all || pack_rng() % 12 != 0)
		return;
	from = xasprintf("%s/events/%s", dev[src].share, dev[dst].id);
	to = xasprintf("%s/events/%s", dev[dst].share, dev[dst].id);
	folder_files(from, &there);
	for (size_t i = 0; i < there.len; i++) {
		char *a = xasprintf("%s/%s", from, there.items[i]), *b = xasprintf("%s/%s", to, there.items[i]);
		struct stat sb;
		struct segment_trailer t;
		char why[256];
		if (!strstr(there.items[i], ".sync-conflict-") && stat(b, &sb) != 0 &&
		    segment_check_file(a, &t, why, sizeof(why)) == SEGMENT_OK) {
			deliver(a, b, 0);
			n_returned++;
		}
		free(a), free(b);
	}
	strlist_clear(&there);
	free(from), free(to);
}

/* ---- packing at random moments ---- */

/* Copies d's small segments into the archive before d may remove them. */
static void archive_own(int d)
{
	char *from = xasprintf("%s/events/%s", dev[d].share, dev[d].id);
	char *to = xasprintf("%s/events/%s", archive, dev[d].id);
	struct strlist names = { 0 };
	assert_int_equal(path_mkdirs(to, 0755), 0);
	folder_files(from, &names);
	for (size_t i = 0; i < names.len; i++) {
		char *a = xasprintf("%s/%s", from, names.items[i]), *b = xasprintf("%s/%s", to, names.items[i]);
		struct stat sb;
		if (!str_starts_with(names.items[i], PACK_PREFIX) && stat(b, &sb) != 0)
			deliver(a, b, 0);
		free(a), free(b);
	}
	strlist_clear(&names);
	free(from), free(to);
}

static void pack_here(int d, bool force)
{
	struct pack_result res;
	struct diag_list diags = { 0 };
	if (events_pack(&dev[d].st, dev[d].share, force, &res, &diags))
		fail_msg("%s: pack: %s", who[d], error_message());
	n_packs += res.packs_written;
	if (diags.errors) {
		diag_print(&diags, stderr);
		fail_msg("%s: packing reported errors", who[d]);
	}
	diag_clear(&diags);
}

static const char *const pack_steps[] = { "pack-before-rename", "pack-before-record",
					   "pack-before-remove" };

/* d packs its own segments: in place, or in a child killed at a packing
 * step or at a random moment. */
static void pack_now(int d)
{
	int how = (int)(pack_rng() % 4);
	bool force = pack_rng() % 4 != 0;
	archive_own(d);
	if (how >= 2) {
		pack_here(d, force);
		return;
	}
	const char *crash = pack_steps[pack_rng() % ARRAY_SIZE(pack_steps)];
	unsigned delay_us = (unsigned)(pack_rng() % 3000);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct store st;
		struct pack_result res;
		struct diag_list diags = { 0 };
		if (how == 0)
			setenv("CSCONSOLE_CRASH_AT", crash, 1);
		if (store_open(&st, dev[d].db, dev[d].share) || events_pack(&st, dev[d].share, force, &res, &diags))
			_exit(3);
		store_close(&st);
		_exit(diags.errors ? 4 : 0);
	}
	if (how == 1) {
		usleep(delay_us);
		kill(pid, SIGKILL);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		fail_msg("%s: packing in a child exited %d", who[d], WEXITSTATUS(status));
	n_killed += WIFSIGNALED(status);
}

/* ---- ground truth ---- */

static const char *ent_name(int ent)
{
	return ents[ent].name;
}

static const char *ent_field(int ent, int f)
{
	static const char *const fields[K_COUNT][2] = { { NULL, NULL }, { "severity", "text" },
							{ "due_day", "reason" }, { "stage", "amount" },
							{ NULL, NULL } };
	return fields[ents[ent].kind][f];
}

/* Events in a device's original segments (not the conflict-named copies),
 * counted from the trailers' event counts. */
static size_t published_in(int d, int writer)
{
	char *dir = xasprintf("%s/events/%s", dev[d].share, dev[writer].id);
	DIR *sub = opendir(dir);
	struct dirent *fe;
	size_t total = 0;
	while (sub && (fe = readdir(sub))) {
		if (!str_ends_with(fe->d_name, SEGMENT_SUFFIX) || strstr(fe->d_name, ".sync-conflict-"))
			continue;
		char *p = xasprintf("%s/%s", dir, fe->d_name);
		size_t len;
		char *data = slurp(p, &len);
		const char *t = strstr(data, "\n#end count=");
		assert_non_null(t);
		total += (size_t)atol(t + strlen("\n#end count="));
		free(data), free(p);
	}
	if (sub)
		closedir(sub);
	free(dir);
	return total;
}

static void test_five_devices(void **state)
{
	(void)state;
	const char *seed = getenv("CSC_TRIAL_SEED");
	rng_state = seed && *seed ? strtoull(seed, NULL, 0) : 0x7e57c0de2026ULL;
	if (!rng_state)
		rng_state = 1;
	assert_int_equal(setenv("CSCONSOLE_PENDING_GRACE", "3600", 1), 0);
	/* Packing by its rule (32 files) or forced, whatever the segments' age. */
	assert_int_equal(setenv("CSCONSOLE_PACK_AGE", "0", 1), 0);
	const char *pk = getenv("CSC_TRIAL_PACK");
	packing = !(pk && str_eq(pk, "0"));
	archive = scratch_path("archive");
	for (int d = 0; d < NDEV; d++) {
		char *name = xasprintf("dev%d.db", d);
		dev[d].db = scratch_path(name);
		free(name);
		name = xasprintf("share%d", d);
		dev[d].share = scratch_path(name);
		free(name);
		char *ev = xasprintf("%s/events", dev[d].share), *tmp = xasprintf("%s/tmp", dev[d].share);
		assert_int_equal(path_mkdirs(ev, 0755), 0);
		assert_int_equal(path_mkdirs(tmp, 0755), 0);
		free(ev), free(tmp);
		assert_int_equal(store_open(&dev[d].st, dev[d].db, dev[d].share), 0);
		assert_int_equal(device_id(&dev[d].st, &dev[d].id), 0);
		/* Up to a day behind or ahead. */
		dev[d].skew = (long)(rng() % (2 * 86400)) - 86400;
		for (size_t a = 0; a < ARRAY_SIZE(accounts); a++) {
			sqlite3_stmt *s;
			assert_int_equal(store_prepare(&dev[d].st, "INSERT INTO account(crm_id, name, "
						       "touch_model, stage, main_owner, renewal_day) "
						       "VALUES (?1, ?1, 'high', 'adoption', 'aiko', 20820)", &s), 0);
			store_bind_text(s, 1, accounts[a]);
			assert_int_equal(sqlite3_step(s), SQLITE_DONE);
			sqlite3_finalize(s);
		}
		assert_int_equal(summary_refresh_all(&dev[d].st), 0);
	}
	/* One note that its author edits many times: more than 8 events. */
	set_clock(0, 0);
	create_entity(0, K_NOTE);
	for (int k = 0; k < 12; k++)
		assert_true(edit_entity(0, 0));

	for (int step = 1; step <= STEPS && nrecs < MAXEV - 4; step++) {
		int d = (int)(rng() % NDEV);
		set_clock(d, step);
		unsigned r = (unsigned)(rng() % 100);
		if (r < 12 && nents < MAXENT) {
			create_entity(d, -1);
		} else if (r < 55 && nents) {
			for (int tries = 0; tries < 4 && !edit_entity(d, (int)(rng() % nents)); tries++)
				;
		} else if (r < 72) {
			if (rng() % 3 == 0)
				sync_child(d);
			else
				sync_here(d);
			if (packing && pack_rng() % 3 == 0)
				pack_now(d);
		} else if (r < 95) {
			int to = (int)((d + 1 + rng() % (NDEV - 1)) % NDEV);
			transport(d, to, 60, false);
		} else {
			complete_partials(false);
		}
	}

	/* The end: every file everywhere, every device synced until quiet. */
	for (int round = 0; round < 4; round++) {
		for (int d = 0; d < NDEV; d++) {
			set_clock(d, STEPS + 1 + round);
			sync_here(d);
			if (packing) {
				/* By the rule; and the leftovers of killed packs go. */
				archive_own(d);
				pack_here(d, false);
			}
		}
		complete_partials(true);
		for (int s = 0; s < NDEV; s++)
			for (int d = 0; d < NDEV; d++)
				if (s != d)
					transport(s, d, 100, true);
	}
	for (int d = 0; d < NDEV; d++)
		sync_here(d);

	if (getenv("TRIAL_DEBUG")) {
		for (int d = 0; d < NDEV; d++) {
			printf("%s %s written %zu has %lld own-folder %zu\n", who[d], dev[d].id, dev[d].written,
			       (long long)count(&dev[d].st, "SELECT count(*) FROM event"), published_in(d, d));
			char *r = rows(&dev[d].st, "SELECT path, status, reason FROM segment WHERE status <> 'imported'");
			printf("%s", r);
			free(r);
			r = rows(&dev[d].st, "SELECT device, count(*), max(seq) FROM event GROUP BY device");
			printf("%s", r);
			free(r);
		}
	}
	/* Nothing lost, nothing published twice. */
	for (int d = 0; d < NDEV; d++) {
		assert_int_equal(count(&dev[d].st, "SELECT count(*) FROM event"), (int64_t)nrecs);
		assert_int_equal(count(&dev[d].st, "SELECT count(*) FROM event WHERE own = 1 AND published = 0"), 0);
		assert_int_equal(count(&dev[d].st, "SELECT count(*) FROM event WHERE applied = 0"), 0);
		/* Every copy holds every writer's events once (both forms
		 * never stay side by side once the tool has carried all). */
		for (int w = 0; w < NDEV; w++)
			assert_int_equal(published_in(d, w), dev[w].written);
	}
	for (size_t i = 0; i < nrecs; i++)
		for (int d = 0; d < NDEV; d++) {
			char *has = causal_q1(&dev[d].st, "SELECT 1 FROM event WHERE id = ?1", recs[i].id);
			if (!has)
				fail_msg("%s lacks event %s", who[d], recs[i].id);
			free(has);
		}
	/* The events of issue 17 took part: opportunities edited, feedback. */
	assert_true(count(&dev[0].st, "SELECT count(*) FROM event WHERE type = 'opportunity.update'") > 0);
	assert_true(count(&dev[0].st, "SELECT count(*) FROM opportunity") > 0);
	assert_true(count(&dev[0].st, "SELECT count(*) FROM feedback") > 0);
	char *many = xasprintf("SELECT count(*) FROM event WHERE entity = '%s'", ents[0].name);
	assert_true(count(&dev[1].st, many) > 8);
	free(many);

	/* The same state and the same portfolio everywhere. */
	char *dump0 = state_dump(&dev[0].st);
	const char *portfolio_sql = "SELECT * FROM account_summary ORDER BY crm_id";
	char *port0 = rows(&dev[0].st, portfolio_sql);
	assert_non_null(dump0);
	for (int d = 1; d < NDEV; d++) {
		char *dump = state_dump(&dev[d].st), *port = rows(&dev[d].st, portfolio_sql);
		assert_string_equal(dump, dump0);
		assert_string_equal(port, port0);
		free(dump), free(port);
	}

	/* The trial without packing (a database that reads every small
	 * segment, from the archive) and a new laptop that reads a packed
	 * copy: the same dump. */
	if (packing) {
		for (int d = 0; d < NDEV; d++)
			archive_own(d);
		size_t packs = 0, files = 0;
		for (int d = 0; d < NDEV; d++) {
			char *own = xasprintf("%s/events/%s", dev[d].share, dev[d].id);
			struct strlist names = { 0 };
			folder_files(own, &names);
			files += names.len;
			for (size_t i = 0; i < names.len; i++)
				packs += str_starts_with(names.items[i], PACK_PREFIX);
			strlist_clear(&names);
			free(own);
		}
		printf("trial: %zu packs written in place, %zu packings killed, %zu removals carried, "
		       "%zu removed files brought back; %zu own segment files at the end, %zu of them "
		       "packs\n", n_packs, n_killed, n_removals, n_returned, files, packs);
		assert_true(packs > 0);
		const char *who2[2] = { "archive.db", "laptop.db" };
		const char *from[2] = { archive, dev[0].share };
		for (int k = 0; k < 2; k++) {
			struct store st;
			struct events_result res;
			struct diag_list diags = { 0 };
			char *db = scratch_path(who2[k]);
			assert_int_equal(store_open(&st, db, from[k]), 0);
			for (size_t a = 0; a < ARRAY_SIZE(accounts); a++) {
				sqlite3_stmt *q;
				assert_int_equal(store_prepare(&st, "INSERT INTO account(crm_id, name, "
							       "touch_model, stage, main_owner, renewal_day) "
							       "VALUES (?1, ?1, 'high', 'adoption', 'aiko', 20820)", &q), 0);
				store_bind_text(q, 1, accounts[a]);
				assert_int_equal(sqlite3_step(q), SQLITE_DONE);
				sqlite3_finalize(q);
			}
			assert_int_equal(summary_refresh_all(&st), 0);
			if (events_ingest(&st, from[k], &res, &diags))
				fail_msg("%s: %s", who2[k], error_message());
			assert_int_equal(diags.errors, 0);
			diag_clear(&diags);
			assert_int_equal(count(&st, "SELECT count(*) FROM event"), (int64_t)nrecs);
			char *dump = state_dump(&st), *port = rows(&st, portfolio_sql);
			assert_string_equal(dump, dump0);
			assert_string_equal(port, port0);
			free(dump), free(port);
			store_close(&st);
			free(db);
		}
	}

	/* The conflicts, against the trial's own history. */
	struct causal_conf *truth = xcalloc(2 * nrecs + 1, sizeof(*truth));
	size_t nt = causal_truth(&dev[0].st, recs, nrecs, nents, ent_name, ent_field, truth);
	size_t nopp = 0;
	for (size_t i = 0; i < nt; i++)
		nopp += str_starts_with(truth[i].entity, "opportunity/");
	printf("trial: %zu events on %zu entities, %zu conflicts in the ground truth (%zu on "
	       "opportunities)\n", nrecs, nents, nt, nopp);
	assert_true(nt > 0);
	assert_true(nopp > 0);
	for (int d = 0; d < NDEV; d++)
		causal_check(&dev[d].st, truth, nt, who[d]);
	free(truth), free(dump0), free(port0);
	for (size_t i = 0; i < nrecs; i++)
		free(recs[i].id), free(recs[i].knows);
	for (size_t e = 0; e < nents; e++)
		free(ents[e].name);
	for (int d = 0; d < NDEV; d++) {
		store_close(&dev[d].st);
		free(dev[d].db), free(dev[d].share), free(dev[d].id);
	}
	free(archive);
	unsetenv("CSCONSOLE_NOW");
	unsetenv("CSCONSOLE_PENDING_GRACE");
	unsetenv("CSCONSOLE_PACK_AGE");
}

static int setup(void **state)
{
	return scratch_setup(state);
}

static int teardown(void **state)
{
	return scratch_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_five_devices, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
