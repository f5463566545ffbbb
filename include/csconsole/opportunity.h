/* opportunity.h - expansion opportunities (issue 17): the team events
 * opportunity.open, opportunity.update and opportunity.close, their data
 * rules, the `opportunity` table they materialise, and reading it.
 *
 * An opportunity is an entity "opportunity/<ulid>" about one account. Its
 * fields are registers (last writer wins on (hlc, device), concurrent edits
 * listed by `csconsole conflicts`, docs/sync.md): kind (upsell, cross-sell,
 * seats), amount (minor units of its currency), currency, stage (a
 * snake_case id; the CLI offers opportunity_stages), close_day (the
 * expected close), owner (a CSM; absent: the author), status (open, then
 * won, lost or withdrawn by opportunity.close: withdrawn is the undo of an
 * open; an update's status "open" reopens, the undo of a close),
 * closed_day and note (the close's).
 *
 * Ownership: an opportunity_list's strings belong to it
 * (opportunity_list_free()).
 */
#ifndef CSCONSOLE_OPPORTUNITY_H
#define CSCONSOLE_OPPORTUNITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>
#include "csconsole/event.h"
#include "csconsole/eventdata.h"
#include "csconsole/store.h"

extern const char *const opportunity_kinds[];    /* upsell, cross-sell, seats */
extern const char *const opportunity_outcomes[]; /* won, lost, withdrawn (undo.c) */
extern const char *const opportunity_stages[];   /* the pipeline's order: discovery ... commit */
/* A stage's place in opportunity_stages, or the number of stages for
 * another id (so they sort after the known ones). */
int opportunity_stage_rank(const char *stage);

/* The data rules of opportunity.open/update/close (event_validate calls
 * it). 0 or -1 + error(). */
int opportunity_validate(enum event_type t, int version, json_object *data);

/* Writes (or removes) the entity's row from its registers (state.c calls
 * it). 0 or -1 + error(). */
int opportunity_store(struct store *st, const struct entity_row *r);

struct opportunity {
	char *id, *account, *account_name, *author, *kind, *currency, *stage, *owner, *status;
	char *note;              /* the close's note, or NULL */
	int64_t amount_minor;
	int close_day;           /* expected close */
	int closed_day;          /* DAY_NONE while open */
};

struct opportunity_list {
	struct opportunity *items;
	size_t n;
};

/* The opportunities of one account (account non-NULL), or of every
 * account; open_only: only status open. Open ones first by expected close,
 * then closed ones by the day they closed, latest first. 0 or -1 + error(). */
int opportunity_list_load(struct store *st, const char *account, bool open_only,
			  struct opportunity_list *out);
void opportunity_list_free(struct opportunity_list *l);

#endif
