/* sync_reasons.c - a segment's stored reason as people read it (eventsync.h).
 *
 * Why a teammate's segment was quarantined or is pending is stored in
 * English (segment.reason: `sync --status --format json` prints it and code
 * compares it). The messages that make it (segment.c, event.c's validation,
 * eventsync.c) are marked N_() and translated in the catalog; people read
 * the stored text in their language: a whole message is looked up as it
 * is; one with figures is matched against its English format (the table
 * below holds every format with a conversion), and its figures are put into
 * the translated format, in the order the translation asks (%1$s). A reason
 * that matches nothing is shown as stored.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/eventsync.h"
#include "csconsole/i18n.h"
#include "csconsole/util.h"

/* The formats of segment.c, event.c and eventsync.c that carry figures
 * (the same msgids: keep in step when one of them changes). */
static const char *const formats[] = {
	N_("%s contains a NUL character"),
	N_("%s is not valid UTF-8 (byte %zu)"),
	N_("%s nests deeper than %d levels"),
	N_("data.%s: \"%.40s\" is not allowed (allowed: %s)"),
	N_("data.seen: must be a list of at most %d event ids"),
	N_("data.seen[%zu]: must be an event id (a ULID)"),
	N_("data.%s: must be true or false"),
	N_("data.%s: must be a snake_case id (a-z, then a-z 0-9 _; at most 63)"),
	N_("data.%s: must be a whole number of minor currency units (cents, yen) from 0 to %lld"),
	N_("data.%s: must be an ISO 4217 currency code (three capital letters)"),
	N_("%s is not a feedback event"),
	N_("%s is not an opportunity event"),
	N_("data.%s: must not be null"),
	N_("data.%s: must be a string"),
	N_("data.%s: must not be empty"),
	N_("data.%s: must be a date YYYY-MM-DD"),
	N_("data.%s: must be a time of day HH:MM (00:00 to 23:59)"),
	N_("data.%s: must be a CSM handle (1 to %d of a-z 0-9 . _ -)"),
	N_("data: unknown field \"%.40s\" for %s (allowed: %s)"),
	N_("data.%s: missing (%s requires it)"),
	N_("data.%s: %s version %d has no %s (version %d added it)"),
	N_("data: %s sets no field (give at least one of %s)"),
	N_("%s: missing"),
	N_("%s: must be a string"),
	N_("%s: must be an integer"),
	N_("%s: must be from %lld to %lld"),
	N_("unknown field \"%.40s\" (allowed: account, author, base, data, device, " "entity, hlc, id, seq, type, version)"),
	N_("author: must be a CSM handle (1 to %d of a-z 0-9 . _ -)"),
	N_("account: must be 1 to %d bytes"),
	N_("entity: a %s event is about a %s/ULID entity"),
	N_("account: a %s event has no account"),
	N_("account: missing (a %s event names its account)"),
	N_("base: a %s event creates its entity and has no base"),
	N_("base: missing (a %s event carries the entity's hlc its writer saw)"),
	N_("data.note: risk.resolve v%d carries its closing note as data.text"),
	N_("cannot open it: %s"),
	N_("%" PRIu64 " bytes, over the limit of %u for a segment: " "refused unread"),
	N_("cannot read it: %s"),
	N_("%" PRIu64 " bytes, but its trailer says %" PRIu64 " before a %" PRIu64 "-byte trailer"),
	N_("its lines end in CRLF (converted by a tool, e.g. git's " "core.autocrlf), and %s"),
	N_("%sCRC-32 %08lx of its content differs from %08" PRIx32 " in its trailer"),
	N_("line 1: segment version %" PRId64 " is newer than this " "csconsole reads (%d): upgrade csconsole"),
	N_("line 1: header: seqs %" PRId64 "..%" PRId64 " do not " "hold %" PRId64 " events (1 to %u per segment)"),
	N_("line 1: header says %" PRId64 " events, the trailer %zu"),
	N_("line %u: invalid UTF-8 at byte %zu"),
	N_("line %u: not JSON: %s"),
	N_("line %u: text after the JSON value"),
	N_("line %u: not a JSON object"),
	N_("line %u: empty line"),
	N_("line %u: more events than the %zu the header " "announces"),
	N_("line %u: event of device %s seq %" PRId64 " where the " "header announces device %s seq %" PRId64),
	N_("line %u: event author \"%s\" is not the segment's " "owner \"%s\""),
	N_("line %u: longer than %u bytes"),
	N_("line %u: no CR before its LF, unlike the " "other lines"),
	N_("line %u: no newline before the trailer"),
	N_("%zu events, but the header and trailer announce %zu"),
	N_("line 1: longer than %u bytes"),
	N_("its header names device %s, but it lies in the folder of device %s"),
	N_("device %s belongs to %s (its first segment said so), but this segment " "claims owner %s"),
	N_("event %s under this device's id was not written by this database"),
	N_("device %s already has event %s at seq %" PRId64 ", this one is %s: " "a cloned or restored database wrote both"),
	N_("incomplete and unchanged for %s: %s")
};

#define MAX_ARGS 10

/* A printf conversion at f ("%s", "%.40s", "%08lx", "%zu", "%2$d"): its
 * length, its argument number (1-based) when positional, else 0, and
 * whether it takes text (s). 0 when f is not a conversion ("%%"). */
static size_t conversion(const char *f, int *pos, bool *text)
{
	const char *p = f + 1;
	*pos = 0;
	if (*p >= '1' && *p <= '9' && p[1] == '$') {
		*pos = *p - '0';
		p += 2;
	}
	p += strspn(p, "-+ #0123456789.*");
	p += strspn(p, "hljztLq");
	if (!*p || !strchr("sdiuxXofgec", *p))
		return 0;
	*text = *p == 's' || *p == 'c';
	return (size_t)(p + 1 - f);
}

/* Does s match the English format f from here? The text each conversion
 * matched goes to args[*n...] (start, length). */
static bool match(const char *f, const char *s, const char *args[], size_t lens[], int *n)
{
	while (*f) {
		int pos;
		bool text;
		size_t c = *f == '%' ? conversion(f, &pos, &text) : 0;
		if (*f == '%' && f[1] == '%') {
			if (*s != '%')
				return false;
			f += 2, s++;
			continue;
		}
		if (!c) {
			if (*f != *s)
				return false;
			f++, s++;
			continue;
		}
		if (*n >= MAX_ARGS)
			return false;
		int me = (*n)++;
		if (text) {
			/* as few characters as let the rest match */
			for (size_t k = 0; k == 0 || s[k - 1]; k++) {
				args[me] = s;
				lens[me] = k;
				int saved = *n;
				if (match(f + c, s + k, args, lens, n))
					return true;
				*n = saved;
			}
		} else {
			size_t k = strspn(s, "-+0123456789abcdefABCDEFx.");
			for (; k > 0; k--) {
				args[me] = s;
				lens[me] = k;
				int saved = *n;
				if (match(f + c, s + k, args, lens, n))
					return true;
				*n = saved;
			}
		}
		(*n)--;
		return false;
	}
	return *s == '\0';
}

/* The translated format t with the figures put in, into out. */
static void fill(const char *t, const char *args[], const size_t lens[], int n, struct sbuf *out)
{
	int next = 0;
	while (*t) {
		int pos;
		bool text;
		size_t c = *t == '%' ? conversion(t, &pos, &text) : 0;
		if (*t == '%' && t[1] == '%') {
			sbuf_addc(out, '%');
			t += 2;
			continue;
		}
		if (!c) {
			sbuf_addc(out, *t++);
			continue;
		}
		int i = pos ? pos - 1 : next++;
		if (i >= 0 && i < n)
			sbuf_add(out, args[i], lens[i]);
		t += c;
	}
}

/* A duration as eventsync.c's format_offset() writes it in English ("3 days
 * 2 hours", "5 minutes", "0 seconds") in the interface language; false if
 * en is not one. */
static bool duration_text(const char *en, struct sbuf *out)
{
	struct sbuf b = {0};
	const char *p = en;
	while (*p) {
		long long n;
		char unit[16];
		int used = 0;
		if (sscanf(p, "%lld %15[a-z]%n", &n, unit, &used) != 2 || used == 0)
			break;
		if (b.len)
			sbuf_addc(&b, ' ');
		if (str_eq(unit, "day") || str_eq(unit, "days"))
			sbuf_addf(&b, P_("%lld day", "%lld days", n), n);
		else if (str_eq(unit, "hour") || str_eq(unit, "hours"))
			sbuf_addf(&b, P_("%lld hour", "%lld hours", n), n);
		else if (str_eq(unit, "minute") || str_eq(unit, "minutes"))
			sbuf_addf(&b, P_("%lld minute", "%lld minutes", n), n);
		else if (str_eq(unit, "seconds"))
			sbuf_addf(&b, _("%lld seconds"), n);
		else
			break;
		p += used;
		p += strspn(p, " ");
	}
	bool ok = *p == '\0' && b.len;
	if (ok)
		sbuf_adds(out, sbuf_str(&b));
	sbuf_free(&b);
	return ok;
}

/* The reason in the interface language, into out: true if it was one. */
static bool translate(const char *reason, struct sbuf *out, int depth)
{
	const char *whole = gettext(reason);
	if (whole != reason) {
		sbuf_adds(out, whole);
		return true;
	}
	/* formats that start with text first: one that starts with a
	 * conversion ("%sCRC-32 ...") would take any prefix */
	for (size_t j = 0; j < 2 * ARRAY_SIZE(formats); j++) {
		size_t i = j % ARRAY_SIZE(formats);
		if ((formats[i][0] == '%') != (j >= ARRAY_SIZE(formats)))
			continue;
		const char *args[MAX_ARGS];
		size_t lens[MAX_ARGS];
		int n = 0;
		if (!match(formats[i], reason, args, lens, &n))
			continue;
		const char *t = gettext(formats[i]);
		if (t == formats[i])
			continue;
		/* a format ending in a text ("incomplete and unchanged for %s: %s")
		 * may end in another reason */
		size_t flen = strlen(formats[i]);
		struct sbuf inner = {0};
		char *last = NULL;
		if (n > 0 && depth < 2 && flen >= 2 && strcmp(formats[i] + flen - 2, "%s") == 0) {
			last = xstrndup(args[n - 1], lens[n - 1]);
			if (translate(last, &inner, depth + 1)) {
				args[n - 1] = sbuf_str(&inner);
				lens[n - 1] = strlen(args[n - 1]);
			}
		}
		/* "incomplete and unchanged for %s": a duration */
		struct sbuf span = {0};
		char *first = NULL;
		if (n == 2 && strncmp(formats[i], "incomplete and unchanged for %s", 31) == 0) {
			first = xstrndup(args[0], lens[0]);
			if (duration_text(first, &span)) {
				args[0] = sbuf_str(&span);
				lens[0] = strlen(args[0]);
			}
		}
		fill(t, args, lens, n, out);
		free(first);
		sbuf_free(&span);
		free(last);
		sbuf_free(&inner);
		return true;
	}
	return false;
}

void eventsync_reason_text(const char *reason, char *out, size_t size)
{
	struct sbuf b = {0};
	unsigned line;
	int at = 0;

	if (!reason || !*reason || i18n_lang() == UI_EN) {
		str_copy(out, size, reason ? reason : "");
		return;
	}
	if (!translate(reason, &b, 0)) {
		sbuf_reset(&b);
		/* "line N: " and a message of event.c's */
		if (sscanf(reason, "line %u: %n", &line, &at) == 1 && at > 0 && reason[at]) {
			struct sbuf rest = {0};
			if (!translate(reason + at, &rest, 0))
				sbuf_adds(&rest, reason + at);
			sbuf_addf(&b, _("line %u: %s"), line, sbuf_str(&rest));
			sbuf_free(&rest);
		} else {
			sbuf_adds(&b, reason);
		}
	}
	str_copy(out, size, sbuf_str(&b));
	sbuf_free(&b);
}
