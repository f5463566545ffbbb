/* causal_truth.h - the ground truth of `conflicts` for randomized trials,
 * computed from a trial's own record of what each writer held.
 *
 *   struct causal_rec      one event a trial wrote: its id, entity (an index
 *                          the trial chooses), whether it created the entity,
 *                          the values it set of two tracked fields (NULL: not
 *                          set), and knows[i]: whether its writer had seen the
 *                          trial's event i of the same entity, transitively.
 *   causal_knowledge(st, recs, n, ent, knows)
 *                          fills knows for a new event of entity ent written
 *                          on st: the events of ent st holds, and what their
 *                          writers had seen (an event of another entity shows
 *                          none of this one's values).
 *   causal_truth(st, recs, n, nents, name, field, out)
 *                          per entity and tracked field: every edit that lost
 *                          the field to its winner (the greatest hlc, device,
 *                          id, read from st) with a different value and that
 *                          no write of the field had seen. Sorted; returns
 *                          how many. out needs room for 2 * n.
 *   causal_check(st, truth, nt, who)
 *                          fails the test unless st's conflict list is the
 *                          truth, row for row.
 * Strings in struct causal_conf are borrowed from the records.
 */
#ifndef CSCONSOLE_TESTS_CAUSAL_TRUTH_H
#define CSCONSOLE_TESTS_CAUSAL_TRUTH_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/event.h"
#include "csconsole/store.h"
#include "csconsole/util.h"

struct causal_rec {
	char *id;
	int ent;
	bool create;
	const char *f[2];
	bool *knows;
};

struct causal_conf {
	const char *entity, *field, *loser, *winner;
};

/* The first column of the first row of sql with ?1 = arg; NULL for none. */
static inline char *causal_q1(struct store *st, const char *sql, const char *arg)
{
	sqlite3_stmt *s;
	char *out = NULL;
	assert_int_equal(store_prepare(st, sql, &s), 0);
	if (arg)
		store_bind_text(s, 1, arg);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		out = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return out;
}

static inline void causal_knowledge(struct store *st, const struct causal_rec *recs, size_t n,
				    int ent, bool *knows)
{
	for (size_t i = 0; i < n; i++) {
		if (recs[i].ent != ent)
			continue;
		char *has = causal_q1(st, "SELECT 1 FROM event WHERE id = ?1", recs[i].id);
		if (has) {
			knows[i] = true;
			for (size_t j = 0; j < n; j++)
				knows[j] = knows[j] || recs[i].knows[j];
		}
		free(has);
	}
}

static inline int causal_conf_cmp(const void *pa, const void *pb)
{
	const struct causal_conf *a = pa, *b = pb;
	int c = strcmp(a->entity, b->entity);
	if (!c)
		c = strcmp(a->field, b->field);
	if (!c)
		c = strcmp(a->loser, b->loser);
	return c;
}

/* name(ent): the entity's "kind/ULID"; field(ent, f): the name of its
 * tracked field f (0 or 1), NULL when it has none. */
static inline size_t causal_truth(struct store *st, const struct causal_rec *recs, size_t n,
				  size_t nents, const char *(*name)(int ent),
				  const char *(*field)(int ent, int f), struct causal_conf *out)
{
	size_t nt = 0;
	for (int e = 0; e < (int)nents; e++) {
		for (int f = 0; f < 2; f++) {
			if (!field(e, f))
				continue;
			/* The winner: the greatest (hlc, device, id) among the writes
			 * (a create sets every field). */
			size_t w = SIZE_MAX;
			char *wkey = NULL;
			for (size_t x = 0; x < n; x++) {
				if (recs[x].ent != e || (!recs[x].f[f] && !recs[x].create))
					continue;
				char *key = causal_q1(st, "SELECT hlc || ' ' || device || ' ' || id "
							  "FROM event WHERE id = ?1", recs[x].id);
				assert_non_null(key);
				if (!wkey || strcmp(key, wkey) > 0) {
					free(wkey);
					wkey = key;
					w = x;
				} else {
					free(key);
				}
			}
			free(wkey);
			if (w == SIZE_MAX)
				continue;
			for (size_t x = 0; x < n; x++) {
				const char *xv = recs[x].f[f];
				if (recs[x].ent != e || recs[x].create || !xv || x == w ||
				    str_eq(xv, recs[w].f[f]))
					continue;
				bool seen = false;
				for (size_t y = 0; y < n && !seen; y++)
					seen = recs[y].ent == e && (recs[y].f[f] || recs[y].create) &&
					       recs[y].knows[x];
				if (!seen)
					out[nt++] = (struct causal_conf){ name(e), field(e, f), recs[x].id,
									  recs[w].id };
			}
		}
	}
	qsort(out, nt, sizeof(*out), causal_conf_cmp);
	return nt;
}

static inline void causal_check(struct store *st, const struct causal_conf *truth, size_t nt,
				const char *who)
{
	struct conflict *c;
	size_t n;
	assert_int_equal(conflicts_list(st, &c, &n), 0);
	struct causal_conf *got = xcalloc(n + 1, sizeof(*got));
	for (size_t k = 0; k < n; k++)
		got[k] = (struct causal_conf){ c[k].entity, c[k].field, c[k].loser_event,
					       c[k].winner_event };
	qsort(got, n, sizeof(*got), causal_conf_cmp);
	for (size_t k = 0; k < n && k < nt; k++)
		if (causal_conf_cmp(&got[k], &truth[k]) || !str_eq(got[k].winner, truth[k].winner))
			fail_msg("%s: conflict %zu is %s %s (%s lost to %s); the truth: %s %s (%s lost "
				 "to %s)", who, k, got[k].entity, got[k].field, got[k].loser, got[k].winner,
				 truth[k].entity, truth[k].field, truth[k].loser, truth[k].winner);
	if (n != nt)
		fail_msg("%s lists %zu conflicts, the ground truth has %zu", who, n, nt);
	free(got);
	conflicts_free(c, n);
}

#endif
