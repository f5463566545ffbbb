/* playbook_text.c - a playbook rule's stored reason as people read it.
 *
 * A rule's reason is stored in English (the touchpoint's note "Playbook
 * RULE: why", playbook_fired.reason "RULE: why (note)"): it is the team's
 * record, the same whatever the language of the sync that wrote it, and the
 * agenda's JSON carries it as stored. People read it in their language: the
 * reasons playbook.c writes (cond_renewal ... cond_seats_active) are recognised
 * where they stand in the text and written again from their figures, the
 * dates through display_day; the rest (rule names, the rule's note, a
 * teammate's words) is kept as it is.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/date.h"
#include "csconsole/display.h"
#include "csconsole/i18n.h"
#include "csconsole/playbook.h"
#include "csconsole/util.h"

/* An ISO day at s (10 characters) shown as people read it; false if none. */
static bool day_at(const struct config *cfg, const char *s, char *out, size_t size)
{
	char iso[11];
	int day;
	if (strlen(s) < 10)
		return false;
	memcpy(iso, s, 10);
	iso[10] = '\0';
	if (!day_parse_iso(iso, &day))
		return false;
	display_day(cfg, day, out, size);
	return true;
}

/* "s" after a count in the English reason (playbook.c's plural()). */
static int skip_s(const char *p, long n)
{
	return n == 1 ? 0 : (*p == 's' ? 1 : -1);
}

/* One reason at p, written again into b: its length in p, 0 if p starts none. */
static size_t one_reason(const struct config *cfg, const char *p, struct sbuf *b)
{
	char d1[11], d2[11], d3[11], w1[16], w2[16], a[64], c[64], e[64];
	long x, y, z;
	int n = 0, k, m;

	if (sscanf(p, "renews %10[0-9-], today%n", d1, &n) == 1 && n > 0 && day_at(cfg, d1, a, sizeof(a))) {
		sbuf_addf(b, _("renews %s, today"), a);
		return (size_t)n;
	}
	n = 0;
	if (sscanf(p, "renews %10[0-9-], in %d day%n", d1, &k, &n) == 2 && n > 0 && (m = skip_s(p + n, k)) >= 0 &&
	    day_at(cfg, d1, a, sizeof(a))) {
		sbuf_addf(b, P_("renews %s, in %d day", "renews %s, in %d days", k), a, k);
		return (size_t)(n + m);
	}
	n = 0;
	if (sscanf(p, "health %ld, %15[a-z] since %10[0-9-] (was %ld, %15[a-z], on %10[0-9-])%n", &x, w1, d1, &y,
		   w2, d2, &n) == 6 && n > 0 && day_at(cfg, d1, a, sizeof(a)) && day_at(cfg, d2, c, sizeof(c))) {
		sbuf_addf(b, _("health %ld, %s since %s (was %ld, %s, on %s)"), x, health_band_label(w1), a, y,
			  health_band_label(w2), c);
		return (size_t)n;
	}
	n = 0;
	if (sscanf(p, "health %ld, down %ld points from %ld on %10[0-9-] (%d week%n", &x, &y, &z, d1, &k, &n) == 5 &&
	    n > 0 && (m = skip_s(p + n, k)) >= 0) {
		int n2 = 0;
		if (sscanf(p + n + m, "; falling since %10[0-9-])%n", d2, &n2) == 1 && n2 > 0 &&
		    day_at(cfg, d1, a, sizeof(a)) && day_at(cfg, d2, c, sizeof(c))) {
			sbuf_addf(b, P_("health %ld, down %ld points from %ld on %s (%d week; falling since %s)",
					"health %ld, down %ld points from %ld on %s (%d weeks; falling since %s)", k),
				  x, y, z, a, k, c);
			return (size_t)(n + m + n2);
		}
	}
	n = 0;
	if (sscanf(p, "key feature season starts %10[0-9-], in %d day%n", d1, &k, &n) == 2 && n > 0 &&
	    (m = skip_s(p + n, k)) >= 0) {
		int n2 = 0;
		if (sscanf(p + n + m, ": used from %10[0-9-] to %10[0-9-] last year, not yet this year%n", d2, d3,
			   &n2) == 2 && n2 > 0 && day_at(cfg, d1, a, sizeof(a)) && day_at(cfg, d2, c, sizeof(c)) &&
		    day_at(cfg, d3, e, sizeof(e))) {
			sbuf_addf(b, P_("key feature season starts %s, in %d day: used from %s to %s last year, "
					"not yet this year",
					"key feature season starts %s, in %d days: used from %s to %s last year, "
					"not yet this year", k), a, k, c, e);
			return (size_t)(n + m + n2);
		}
	}
	n = 0;
	if (sscanf(p, "key feature season started %10[0-9-]: used from %10[0-9-] to %10[0-9-] last year, "
		   "not yet this year%n", d1, d2, d3, &n) == 3 && n > 0 && day_at(cfg, d1, a, sizeof(a)) &&
	    day_at(cfg, d2, c, sizeof(c)) && day_at(cfg, d3, e, sizeof(e))) {
		sbuf_addf(b, _("key feature season started %s: used from %s to %s last year, not yet this year"),
			  a, c, e);
		return (size_t)n;
	}
	n = 0;
	if (sscanf(p, "no touch since %10[0-9-], %d days ago (%15[a-z] touch cadence: %ld days)%n", d1, &k, w1, &x,
		   &n) == 4 && n > 0 && day_at(cfg, d1, a, sizeof(a))) {
		sbuf_addf(b, _("no touch since %s, %d days ago (%s touch cadence: %ld days)"), a, k,
			  touch_model_label(cfg, w1), x);
		return (size_t)n;
	}
	n = 0;
	double act, pct;
	if (sscanf(p, "%lf of %ld seats active on %10[0-9-] (%lf%%, at least %d%%): an expansion signal%n", &act,
		   &x, d1, &pct, &k, &n) == 5 && n > 0 && day_at(cfg, d1, a, sizeof(a))) {
		sbuf_addf(b, _("%.0f of %ld seats active on %s (%.0f%%, at least %d%%): an expansion signal"), act, x,
			  a, pct, k);
		return (size_t)n;
	}
	/* the champion's names are a teammate's words: the last " to " before
	 * " on DATE, no touch since" splits them */
	static const char changed[] = "the champion changed from ", tail[] = ", no touch since";
	if (strncmp(p, changed, sizeof(changed) - 1) == 0) {
		const char *end = strstr(p, tail);
		if (end && end - p >= (ptrdiff_t)(sizeof(changed) - 1 + 14) && strncmp(end - 14, " on ", 4) == 0 &&
		    day_at(cfg, end - 10, a, sizeof(a))) {
			const char *names = p + sizeof(changed) - 1, *on = end - 14, *to = NULL;
			for (const char *q = names; q < on; q++)
				if (strncmp(q, " to ", 4) == 0)
					to = q;
			if (to) {
				char *from_name = xstrndup(names, (size_t)(to - names));
				char *to_name = xstrndup(to + 4, (size_t)(on - to - 4));
				sbuf_addf(b, _("the champion changed from %s to %s on %s, no touch since"), from_name,
					  str_eq(to_name, "(none)") ? _("(none)") : to_name, a);
				free(from_name);
				free(to_name);
				return (size_t)(end + sizeof(tail) - 1 - p);
			}
		}
	}
	static const char left[] = "the champion ";
	if (strncmp(p, left, sizeof(left) - 1) == 0) {
		const char *name = p + sizeof(left) - 1;
		for (const char *q = strstr(name, " left"); q; q = strstr(q + 1, " left")) {
			const char *after = q + 5;
			if (*after == '\0' || *after == ';' || strncmp(after, " (", 2) == 0) {
				char *who = xstrndup(name, (size_t)(q - name));
				sbuf_addf(b, _("the champion %s left"), who);
				free(who);
				return (size_t)(after - p);
			}
		}
	}
	return 0;
}

void playbook_reason_text(const struct config *cfg, const char *stored, struct sbuf *out)
{
	if (!stored)
		return;
	if (i18n_lang() == UI_EN) {
		sbuf_adds(out, stored);
		return;
	}
	/* "Playbook RULE: " and "Playbook: " as a touchpoint's note begins */
	if (strncmp(stored, "Playbook: ", 10) == 0) {
		sbuf_adds(out, _("Playbook: "));
		stored += 10;
	} else if (strncmp(stored, "Playbook ", 9) == 0) {
		sbuf_adds(out, _("Playbook "));
		stored += 9;
	}
	/* a reason follows "RULE: " (rule names are ids: a-z 0-9 _ -) */
	for (const char *p = stored; *p;) {
		size_t n = 0;
		if (p == stored || (p - stored >= 2 && p[-1] == ' ' && p[-2] == ':'))
			n = one_reason(cfg, p, out);
		if (n) {
			p += n;
			continue;
		}
		sbuf_addc(out, *p++);
	}
}

const char *playbook_note_text(const struct config *cfg, const char *note, struct sbuf *b)
{
	if (!note || strncmp(note, "Playbook", 8) != 0 || i18n_lang() == UI_EN)
		return note;
	playbook_reason_text(cfg, note, b);
	return sbuf_str(b);
}
