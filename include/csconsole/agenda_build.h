/* agenda_build.h - inside the agenda (agenda.c, agenda_team.c): the
 * builder the rules share, and the team's rows read in one pass over
 * account_summary. Not for other modules: agenda.h is the interface. */
#ifndef CSCONSOLE_AGENDA_BUILD_H
#define CSCONSOLE_AGENDA_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "csconsole/agenda.h"

/* Text keys to an index (agenda_team.c): the team's rows by CRM id, the
 * owner handles, the account names. Keys are borrowed. */
struct str_slot {
	const char *key;            /* NULL: empty */
	int32_t idx;
};
struct str_index {
	struct str_slot *slots;
	size_t cap, len;
};

/* One build of an agenda or a calendar: what the rules read and write. */
struct builder {
	struct store *st;
	const struct config *cfg;
	const char *me;
	int today;
	struct agenda *out;
	size_t cap;
	struct book book;
	size_t *by_id;              /* row indices in CRM id order, for lookups */
	bool team;                  /* every account once, under the CSM who acts on it */
	const char **owner;         /* team: each row's acting owner (book strings or `away`) */
	struct strlist away;        /* team: handle, then who covers ("" = the sub owner), pairs */
	/* The team's rows from account_summary (agenda_team_scan): the candidates,
	 * then any other account a rule names (row_find), their strings in
	 * out->strings, name_rank the row's index until agenda_team_rank_names. */
	bool lazy;
	size_t rows_cap;
	double *max7;               /* lazy: each row's health_max7 (else health_max is used) */
	struct str_index ix;        /* lazy: CRM id -> row (-1: not in the team) */
	struct str_index handles;   /* lazy: the owner handles, interned */
	struct str_index names;     /* lazy: the account names as stored -> name_text */
	const char **name_text;     /* lazy: each distinct name, sanitized */
	size_t n_names, names_cap;
	uint32_t *row_name;         /* lazy: each row's name (index into name_text) */
	size_t n_sorted;            /* lazy: rows [0, n_sorted) are in CRM id order (binary search) */
	char (*day_text)[64];       /* days around today as date_format writes them ("" not yet) */
	int failed;                 /* lazy: -1 once a row could not be read (error() set) */
};


/* The agenda's string blocks (agenda.c): s (len bytes) copied, or copied
 * sanitized (text_sanitize; clean text is its own sanitized form); freed
 * with the agenda. */
char *agenda_strings_dup(struct agenda_strings **head, const char *s, size_t len);
char *agenda_strings_clean(struct agenda_strings **head, const char *s, size_t len);

/* The team (agenda_team.c). agenda_team_owners: the absences of today, then
 * each row's acting owner and role (the plain reading's rows). The others
 * are the one-pass reading (B->lazy): agenda_team_scan reads the candidates
 * and merges the flags; agenda_team_lookup finds a row read so far
 * (*known: looked for before, NULL then when no active account);
 * agenda_team_fetch reads any other account's row (NULL when none, or on
 * an error: B->failed); agenda_team_rank_names turns the items' row
 * indices into name ranks; agenda_team_free frees what the team's reading
 * holds. 0 or -1 + error(). */
int agenda_team_owners(struct builder *B);
int agenda_team_scan(struct builder *B);
const struct book_row *agenda_team_lookup(const struct builder *B, const char *crm_id, bool *known);
const struct book_row *agenda_team_fetch(struct builder *B, const char *crm_id);
void agenda_team_rank_names(struct builder *B);
void agenda_team_free(struct builder *B);

#endif
