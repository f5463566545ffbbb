/* eventdata.h - the data rules of the event types whose modules keep them
 * (opportunity.c, feedback.c): a table of fields per type, checked as
 * event.c checks its own (unknown fields first, required ones, each
 * value's kind), with messages in English (they become a segment's stored
 * reason, as event.c's do).
 *
 * And the entity rows those modules materialise: state.c computes an
 * entity's registers (last writer wins, docs/sync.md) and hands them over
 * as a struct entity_row, so the rules of convergence stay in one place.
 *
 * Ownership: nothing here allocates what it returns; an entity_row's
 * strings belong to state.c for the call.
 */
#ifndef CSCONSOLE_EVENTDATA_H
#define CSCONSOLE_EVENTDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <json-c/json.h>
#include "csconsole/limits.h"

struct store;

enum datacheck_kind {
	DC_ENUM,        /* a string of `allowed` */
	DC_IDENT,       /* a snake_case id (a-z, then a-z 0-9 _; at most 63) */
	DC_DAY,         /* YYYY-MM-DD */
	DC_HANDLE,      /* a CSM handle */
	DC_MINOR,       /* an integer of minor currency units, 0 to 10^15 */
	DC_CURRENCY,    /* an ISO 4217 code: three capital letters */
	DC_TEXT,        /* text within `limit` (characters) */
	DC_SEEN,        /* data.seen: a list of event ids */
};

#define DC_REQ 1        /* must be present */
#define DC_NULL 2       /* may be null */
#define DC_NONEMPTY 4   /* a text that must not be empty */

struct datacheck_field {
	const char *name;
	enum datacheck_kind kind;
	int flags;
	const char *const *allowed;   /* DC_ENUM: NULL-terminated */
	enum limit_field limit;       /* DC_TEXT */
};

/* Checks data against fields (n of them) for type `type`; at_least_one:
 * an update, which must set a field other than seen. 0 or -1 + error(). */
int datacheck(const char *type, const struct datacheck_field *fields, size_t n, bool at_least_one,
	      json_object *data);

/* An entity's state in force, as state.c computed it from its events. */
struct entity_row {
	const char *entity;      /* "opportunity/01J..." */
	const char *id;          /* the ULID part */
	bool exists;             /* its create event is present */
	const char *account;     /* the create's account, author (NULL when !exists) */
	const char *author;
	const char *created;     /* the create's hlc; hlc: the latest write's */
	const char *hlc;
	const char *const *names;    /* n register names */
	const char *const *values;   /* their values (NULL: unset or null) */
	size_t n;
};
/* The value of register `name`, or NULL. */
const char *entity_row_get(const struct entity_row *r, const char *name);

#endif
