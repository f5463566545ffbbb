/* agenda_order.c - the attention order of the day: Today's entries, one per
 * account, ranked by their most urgent reason (AGENDA_TIERS in agenda.h). */
#include <stdlib.h>
#include <string.h>
#include "csconsole/agenda.h"
#include "csconsole/i18n.h"
#include "csconsole/util.h"

static const char *const tier_what[] = {
#define AGENDA_TIER_WHAT(id, what, order) [AGENDA_TIER_##id] = what,
	AGENDA_TIERS(AGENDA_TIER_WHAT)
#undef AGENDA_TIER_WHAT
};
static const char *const tier_order[] = {
#define AGENDA_TIER_ORDER(id, what, order) [AGENDA_TIER_##id] = order,
	AGENDA_TIERS(AGENDA_TIER_ORDER)
#undef AGENDA_TIER_ORDER
};

const char *agenda_tier_what(enum agenda_tier t)
{
	return (unsigned)t < AGENDA_TIER_COUNT ? _(tier_what[t]) : "";
}

const char *agenda_tier_order(enum agenda_tier t)
{
	return (unsigned)t < AGENDA_TIER_COUNT ? _(tier_order[t]) : "";
}

int agenda_attention_cmp(const struct agenda_item *a, const struct agenda_item *b)
{
	int c;
	if (a->tier != b->tier)
		return a->tier < b->tier ? -1 : 1;
	if (a->urgency != b->urgency)
		return a->urgency < b->urgency ? -1 : 1;
	if (a->arr_minor != b->arr_minor)            /* INT64_MIN (unknown) last */
		return a->arr_minor > b->arr_minor ? -1 : 1;
	if (a->name_rank != b->name_rank)
		return a->name_rank < b->name_rank ? -1 : 1;
	if ((c = strcmp(a->crm_id, b->crm_id)) != 0)
		return c;
	return a->group != b->group ? (a->group < b->group ? -1 : 1) : strcmp(a->entity, b->entity);
}

/* qsort has no context: the items being sorted, for the comparators. */
static const struct agenda_item *sorting;

/* By account, then the attention order: each account's items together,
 * its most urgent first. */
static int cmp_by_account(const void *pa, const void *pb)
{
	const struct agenda_item *a = &sorting[*(const size_t *)pa], *b = &sorting[*(const size_t *)pb];
	int c = strcmp(a->crm_id, b->crm_id);
	return c ? c : agenda_attention_cmp(a, b);
}

/* Entries by their most urgent items. */
static int cmp_entry(const void *pa, const void *pb)
{
	const struct agenda_entry *a = pa, *b = pb;
	return agenda_attention_cmp(&sorting[a->items[0]], &sorting[b->items[0]]);
}

void agenda_entries_build(const struct agenda *a, struct agenda_entries *out)
{
	memset(out, 0, sizeof(*out));
	if (a->len == 0)
		return;
	out->idx = xreallocarray(NULL, a->len, sizeof(*out->idx));
	for (size_t i = 0; i < a->len; i++)
		out->idx[i] = i;
	sorting = a->items;
	qsort(out->idx, a->len, sizeof(*out->idx), cmp_by_account);
	out->v = xcalloc(a->len, sizeof(*out->v));
	for (size_t i = 0; i < a->len; i++) {
		const struct agenda_item *it = &a->items[out->idx[i]];
		struct agenda_entry *e = out->len ? &out->v[out->len - 1] : NULL;
		if (!e || strcmp(e->crm_id, it->crm_id) != 0) {
			e = &out->v[out->len++];
			e->crm_id = it->crm_id;
			e->items = &out->idx[i];
		}
		e->n_items++;
	}
	qsort(out->v, out->len, sizeof(*out->v), cmp_entry);
	sorting = NULL;
}

void agenda_entries_free(struct agenda_entries *e)
{
	free(e->v);
	free(e->idx);
	memset(e, 0, sizeof(*e));
}
