/* agenda_order.c - the attention order of the day: Today's entries, one per
 * account, ranked by their most urgent reason (AGENDA_TIERS in agenda.h). */
#include <stdlib.h>
#include <string.h>
#include "csconsole/agenda.h"
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
	return (unsigned)t < AGENDA_TIER_COUNT ? tier_what[t] : "";
}

const char *agenda_tier_order(enum agenda_tier t)
{
	return (unsigned)t < AGENDA_TIER_COUNT ? tier_order[t] : "";
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

/* qsort has no context: the items being sorted, for the comparator. */
static const struct agenda_item *sorting;

/* Entries by their most urgent items: agenda_attention_cmp's leading
 * figures copied beside each entry, the items read only on a tie. */
struct entry_key {
	double urgency;
	int64_t arr_minor;
	uint32_t tier, name_rank;
	const struct agenda_entry *e;
};

static int cmp_entry_key(const void *pa, const void *pb)
{
	const struct entry_key *a = pa, *b = pb;
	if (a->tier != b->tier)
		return a->tier < b->tier ? -1 : 1;
	if (a->urgency != b->urgency)
		return a->urgency < b->urgency ? -1 : 1;
	if (a->arr_minor != b->arr_minor)
		return a->arr_minor > b->arr_minor ? -1 : 1;
	if (a->name_rank != b->name_rank)
		return a->name_rank < b->name_rank ? -1 : 1;
	return agenda_attention_cmp(&sorting[a->e->items[0]], &sorting[b->e->items[0]]);
}

static uint32_t hash_id(const char *s)
{
	uint32_t h = 2166136261u;   /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Each account's items together (the accounts numbered as first met, by a
 * hash of the CRM id), its most urgent first (an insertion sort: an account
 * has a few), then the entries in the attention order of their first
 * items. A sort of every item by CRM id was most of this on a team's
 * agenda of 40,000 items. */
void agenda_entries_build(const struct agenda *a, struct agenda_entries *out)
{
	size_t n = a->len, cap = 16, n_acc = 0;

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return;
	while (cap < 2 * n)
		cap *= 2;
	uint32_t *slots = xcalloc(cap, sizeof(*slots));        /* account number + 1; 0: empty */
	uint32_t *acc = xmalloc(n * sizeof(*acc));             /* each item's account */
	size_t *start = xcalloc(n + 1, sizeof(*start));        /* items before each account */
	size_t *first = xmalloc(n * sizeof(*first));           /* each account's first item */
	for (size_t i = 0; i < n; i++) {
		const char *id = a->items[i].crm_id;
		size_t j = hash_id(id) & (cap - 1);
		while (slots[j] && strcmp(a->items[first[slots[j] - 1]].crm_id, id) != 0)
			j = (j + 1) & (cap - 1);
		if (!slots[j]) {
			first[n_acc] = i;
			slots[j] = (uint32_t)++n_acc;
		}
		acc[i] = slots[j] - 1;
		start[acc[i] + 1]++;
	}
	for (size_t k = 0; k < n_acc; k++)
		start[k + 1] += start[k];
	out->idx = xreallocarray(NULL, n, sizeof(*out->idx));
	out->v = xcalloc(n_acc, sizeof(*out->v));
	out->len = n_acc;
	for (size_t i = 0; i < n; i++) {
		struct agenda_entry *e = &out->v[acc[i]];
		size_t *items = &out->idx[start[acc[i]]];
		size_t k = e->n_items++;
		/* insertion, stable: after the items it does not precede */
		while (k > 0 && agenda_attention_cmp(&a->items[i], &a->items[items[k - 1]]) < 0) {
			items[k] = items[k - 1];
			k--;
		}
		items[k] = i;
	}
	for (size_t k = 0; k < n_acc; k++) {
		out->v[k].items = &out->idx[start[k]];
		out->v[k].crm_id = a->items[out->v[k].items[0]].crm_id;
	}
	struct entry_key *keys = xmalloc(n_acc * sizeof(*keys));
	for (size_t k = 0; k < n_acc; k++) {
		const struct agenda_item *it = &a->items[out->v[k].items[0]];
		keys[k] = (struct entry_key){ it->urgency, it->arr_minor, (uint32_t)it->tier, it->name_rank,
					      &out->v[k] };
	}
	sorting = a->items;
	qsort(keys, n_acc, sizeof(*keys), cmp_entry_key);
	sorting = NULL;
	struct agenda_entry *v = xmalloc(n_acc * sizeof(*v));
	for (size_t k = 0; k < n_acc; k++)
		v[k] = *keys[k].e;
	free(out->v);
	out->v = v;
	free(keys);
	free(first);
	free(start);
	free(acc);
	free(slots);
}

void agenda_entries_free(struct agenda_entries *e)
{
	free(e->v);
	free(e->idx);
	memset(e, 0, sizeof(*e));
}
