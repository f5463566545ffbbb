/* feedback.h - the voice of the customer (issue 17): the team event
 * feedback.add, its data rules, the `feedback` table it materialises and
 * reading it.
 *
 * A feedback is an entity "feedback/<ulid>" about one account, written
 * once (no update type; feedback.retract, the undo of its author's
 * feedback.add, is a tombstone that removes the row): area (a product area, a snake_case id; the CLI
 * takes one of the configuration's feedback.areas), request (bug,
 * missing_feature, usability, praise), text, day, and the account's ARR
 * when it was recorded (arr: minor units, and currency; both null when the
 * accounts feed had none), so a later change of ARR does not rewrite what
 * the customer was worth when they asked.
 *
 * Ownership: a feedback_list's strings belong to it (feedback_list_free()).
 */
#ifndef CSCONSOLE_FEEDBACK_H
#define CSCONSOLE_FEEDBACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>
#include "csconsole/event.h"
#include "csconsole/eventdata.h"
#include "csconsole/store.h"

extern const char *const feedback_requests[];   /* bug, missing_feature, usability, praise */

/* The data rules of feedback.add and feedback.retract (event_validate calls it). */
int feedback_validate(enum event_type t, int version, json_object *data);
/* Writes (or removes) the entity's row (state.c calls it). */
int feedback_store(struct store *st, const struct entity_row *r);

struct feedback {
	char *id, *account, *account_name, *author, *area, *request, *text;
	char *currency;          /* NULL when the ARR was unknown */
	int64_t arr_minor;       /* INT64_MIN when unknown */
	int day;
};

struct feedback_list {
	struct feedback *items;
	size_t n;
};

/* The feedback of one account (account non-NULL) or of all, latest day
 * first. 0 or -1 + error(). */
int feedback_list_load(struct store *st, const char *account, struct feedback_list *out);
void feedback_list_free(struct feedback_list *l);

#endif
