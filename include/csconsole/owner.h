/* owner.h - an account owner as a CRM writes it (a handle, an e-mail or a
 * display name: "aiko", "aiko@example.com", "Aiko Sato") matched to a CSM
 * handle of the team feed, and the closest handles when none matches.
 *
 * Matching: the handle exactly; else, after trimming, NFKC and case folding
 * (preset_fold), the handle, the e-mail or the display name. A text that is
 * the name (or e-mail) of two CSMs matches neither.
 */
#ifndef CSCONSOLE_OWNER_H
#define CSCONSOLE_OWNER_H

#include <stdbool.h>
#include <stddef.h>
#include "csconsole/util.h"

struct store;

/* The CSMs, parallel lists (empty strings for a missing name or e-mail). */
struct owner_index {
	struct strlist handles, names, emails;
	struct strlist fold_handles, fold_names, fold_emails;   /* preset_fold()ed */
	bool unsorted;          /* handles not in strcmp order (then searched one by one) */
};

/* Loads every CSM of the store's csm table. 0, or -1 + error(). */
int owner_index_load(struct store *st, struct owner_index *ix);
/* Adds one CSM (email and name may be NULL). */
void owner_index_add(struct owner_index *ix, const char *handle, const char *name,
		     const char *email);
void owner_index_free(struct owner_index *ix);

/* The handle text stands for (pointing into ix), or NULL when none (or more
 * than one CSM) matches. */
const char *owner_resolve(const struct owner_index *ix, const char *text);

/* Appends to out up to 3 handles closest to text (by edit distance to the
 * handle, the display name or the e-mail's local part; close enough to be a
 * slip), as "aiko or aki"; nothing when none is close. Returns how many. */
size_t owner_closest(const struct owner_index *ix, const char *text, struct sbuf *out);

#endif
