/* agenda.c - what needs me today, and the calendar of what comes (agenda.h).
 *
 * The scope comes from book_fetch (SCOPE_MINE); each rule is then a few
 * indexed queries: touchpoints by (status, due_day), open risks and their
 * events by entity, health and metrics by account. Rules that need one
 * account's figures run only for the accounts they can apply to (renewing
 * inside the largest window, stage onboarding, role covering), so the cost
 * follows the book, not the team. The team's agenda reads account_summary
 * in one pass instead (agenda_team_scan: only the accounts a rule can apply to,
 * any other on demand), and its strings go into a few large blocks.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <json-c/json.h>
#include "csconsole/agenda.h"
#include "csconsole/agenda_build.h"
#include "csconsole/champion.h"
#include "csconsole/season.h"
#include "csconsole/date.h"
#include "csconsole/display.h"
#include "csconsole/event.h"
#include "csconsole/healthcalc.h"
#include "csconsole/i18n.h"
#include "csconsole/playbook.h"
#include "csconsole/summary.h"
#include "csconsole/text.h"
#include "csconsole/touchdef.h"

#define LAST_LOOK_KEY "agenda_last_look"
#define DAY_SECONDS 86400

static const char *const group_names[AGENDA_GROUP_COUNT] = {
#define AGENDA_GROUP_NAME(id, name, title) name,
	AGENDA_GROUPS(AGENDA_GROUP_NAME)
#undef AGENDA_GROUP_NAME
};
static const char *const group_titles[AGENDA_GROUP_COUNT] = {
#define AGENDA_GROUP_TITLE(id, name, title) title,
	AGENDA_GROUPS(AGENDA_GROUP_TITLE)
#undef AGENDA_GROUP_TITLE
};

const char *agenda_group_name(enum agenda_group g)
{
	return (unsigned)g < AGENDA_GROUP_COUNT ? group_names[g] : "";
}

const char *agenda_group_title(enum agenda_group g)
{
	return (unsigned)g < AGENDA_GROUP_COUNT ? _(group_titles[g]) : "";
}

/* ---- Strings in blocks ------------------------------------------------------- */

/* An agenda's strings: blocks of 64 KiB (a longer string gets its own),
 * freed at once by agenda_free. A team's agenda has tens of thousands of
 * items, and three or four allocations each were a tenth of its time. */
struct agenda_strings {
	struct agenda_strings *next;
	size_t used, cap;
	char data[];
};

enum { STRINGS_BLOCK = 64 * 1024 };

static char *strings_alloc(struct agenda_strings **head, size_t n)
{
	struct agenda_strings *b = *head;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > STRINGS_BLOCK ? n : STRINGS_BLOCK;
		struct agenda_strings *nb = xmalloc(sizeof(*nb) + cap);
		nb->used = 0;
		nb->cap = cap;
		if (b && cap > STRINGS_BLOCK) {   /* behind the current block, which stays in use */
			nb->next = b->next;
			b->next = nb;
			nb->used = n;
			return nb->data;
		}
		nb->next = b;
		*head = b = nb;
	}
	char *out = b->data + b->used;
	b->used += n;
	return out;
}

char *agenda_strings_dup(struct agenda_strings **head, const char *s, size_t len)
{
	char *out = strings_alloc(head, len + 1);
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

/* s sanitized (text_sanitize) into the blocks: clean text is its own
 * sanitized form. */
char *agenda_strings_clean(struct agenda_strings **head, const char *s, size_t len)
{
	if (text_is_clean(s))
		return agenda_strings_dup(head, s, len);
	char *clean = text_sanitize(s, false);
	char *out = agenda_strings_dup(head, clean, strlen(clean));
	free(clean);
	return out;
}

static void strings_free(struct agenda_strings *b)
{
	while (b) {
		struct agenda_strings *next = b->next;
		free(b);
		b = next;
	}
}

/* ---- The builder (agenda_build.h) ------------------------------------------ */

/* Whose agenda a row's items are on: me, or in the team scope the CSM who
 * acts on the account today (agenda_team_owners). */
static const char *owner_of(const struct builder *B, const struct book_row *r)
{
	return B->team ? B->owner[r - B->book.rows] : B->me;
}

static const struct book *cmp_book;
static int cmp_row_id(const void *a, const void *b)
{
	return strcmp(cmp_book->rows[*(const size_t *)a].crm_id, cmp_book->rows[*(const size_t *)b].crm_id);
}

/* The row of crm_id in my scope, or NULL (the team's fetched on demand:
 * agenda_team_fetch). A pointer into B->book.rows, good until the next row_find. */
static const struct book_row *row_find(struct builder *B, const char *crm_id)
{
	size_t lo = 0, hi = B->book.len;
	if (!crm_id)
		return NULL;
	if (B->lazy) {
		bool known;
		const struct book_row *r = agenda_team_lookup(B, crm_id, &known);
		return known ? r : agenda_team_fetch(B, crm_id);
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct book_row *r = &B->book.rows[B->by_id[mid]];
		int c = strcmp(r->crm_id, crm_id);
		if (c == 0)
			return r;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int64_t day_start(int day)
{
	return (int64_t)day * DAY_SECONDS;
}

/* The writer's clock of an hlc text, UTC seconds (0 when unreadable). */
static int64_t hlc_seconds(const char *text)
{
	struct hlc h;
	return text && hlc_parse(text, &h) ? (int64_t)(h.ms / 1000) : 0;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* The days of DAY_CACHE around today, formatted once (strftime was a tenth
 * of a team's agenda: tens of thousands of renewal dates, a few hundred
 * distinct). */
enum { DAY_CACHE = 2048 };

static void fmt_day(struct builder *B, int day, char *out, size_t size)
{
	long k = (long)day - B->today + DAY_CACHE / 2;
	if (k < 0 || k >= DAY_CACHE || size != sizeof(*B->day_text)) {
		day_format(day, B->cfg->date_format, out, size);
		return;
	}
	if (!B->day_text)
		B->day_text = xcalloc(DAY_CACHE, sizeof(*B->day_text));
	if (!B->day_text[k][0])
		day_format(day, B->cfg->date_format, B->day_text[k], sizeof(*B->day_text));
	memcpy(out, B->day_text[k], size);
}

/* "s" after a count other than one: the English fast path of rule_renewals
 * (other languages go through P_). */
static const char *plural(long n)
{
	return n == 1 || n == -1 ? "" : "s";
}

/* Adds an item; the reason is formatted, then sanitized as a whole (it
 * quotes teammates' text). */
/* Each group's tier in the attention order (AGENDA_TIERS); a risk's tier
 * depends on its severity (rule_risk). */
static const enum agenda_tier group_tier[AGENDA_GROUP_COUNT] = {
	[AGENDA_OVERDUE] = AGENDA_TIER_TOUCH,     [AGENDA_TODAY] = AGENDA_TIER_TOUCH,
	[AGENDA_RENEWAL] = AGENDA_TIER_RENEWAL,   [AGENDA_HEALTH] = AGENDA_TIER_HEALTH,
	[AGENDA_RISK] = AGENDA_TIER_RISK,         [AGENDA_HIDDEN] = AGENDA_TIER_RELATION,
	[AGENDA_COVERING] = AGENDA_TIER_COVERING, [AGENDA_ONBOARDING] = AGENDA_TIER_ONBOARDING,
	[AGENDA_SEASON] = AGENDA_TIER_SEASON,     [AGENDA_LAPSED] = AGENDA_TIER_LAPSED,
	[AGENDA_CHAMPION] = AGENDA_TIER_RELATION,
};

static void add_item(struct builder *B, enum agenda_group g, const struct book_row *r, int rank,
		     int day, int64_t since, const char *entity, const char *fmt, ...) PRINTF_LIKE(8, 9);
/* add_item with its reason's text already made (len bytes). */
static void add_item_text(struct builder *B, enum agenda_group g, const struct book_row *r, int rank,
			  int day, int64_t since, const char *entity, const char *reason, size_t len)
{
	struct agenda *a = B->out;

	if (a->len == B->cap) {
		B->cap = B->cap ? B->cap * 2 : 16;
		a->items = xreallocarray(a->items, B->cap, sizeof(*a->items));
	}
	struct agenda_item *it = &a->items[a->len++];
	memset(it, 0, sizeof(*it));
	it->group = g;
	str_copy(it->crm_id, sizeof(it->crm_id), r->crm_id);
	it->role = r->role;
	/* clean text (text_is_clean) is its own sanitized form: most reasons
	 * quote nobody, and a team's agenda has tens of thousands of them */
	it->reason = agenda_strings_clean(&a->strings, reason, len);
	static char none[1];       /* "": most items name no entity */
	it->entity = str_empty(entity) ? none : agenda_strings_clean(&a->strings, entity, strlen(entity));
	if (B->lazy) {             /* the row's strings are the agenda's already */
		it->name = (char *)r->name;
		it->owner = (char *)owner_of(B, r);
	} else {
		it->name = agenda_strings_dup(&a->strings, r->name, strlen(r->name));
		const char *owner = owner_of(B, r);
		it->owner = agenda_strings_dup(&a->strings, owner, strlen(owner));
	}
	it->day = day;
	it->rank = rank;
	it->name_rank = r->name_rank;
	it->since = since;
	it->tier = group_tier[g];
	it->urgency = rank;
	it->arr_minor = r->arr_minor;
}

static void add_item(struct builder *B, enum agenda_group g, const struct book_row *r, int rank,
		     int day, int64_t since, const char *entity, const char *fmt, ...)
{
	char buf[512], *heap = NULL;
	const char *reason = buf;
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0) {
		n = 0;
		buf[0] = '\0';
	} else if ((size_t)n >= sizeof(buf)) {   /* a long note quoted: on the heap */
		heap = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(heap, (size_t)n + 1, fmt, ap);
		va_end(ap);
		reason = heap;
	}
	add_item_text(B, g, r, rank, day, since, entity, reason, (size_t)n);
	free(heap);
}

/* A CSM's name from the team feed ("" when unknown); out gets "handle (name)". */
static int person(struct builder *B, const char *handle, char *out, size_t size)
{
	static const char sql[] = "SELECT name FROM csm WHERE handle = ?1";
	sqlite3_stmt *s = store_stmt(B->st, sql);
	char *name = NULL;
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, handle);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_text(s, 0))
		name = text_sanitize((const char *)sqlite3_column_text(s, 0), false);
	if (store_finish(B->st, s, rc, N_("the team"))) {
		free(name);
		return -1;
	}
	char *h = text_sanitize(handle, false);
	if (name && *name)
		str_format(out, size, "%s (%s)", h, name);
	else
		str_copy(out, size, h);
	free(h);
	free(name);
	return 0;
}

/* ---- Touchpoints: overdue and due today -------------------------------------- */

static int rule_touchpoints(struct builder *B)
{
	static const char sql[] =
		"SELECT id, account, kind, due_day, status, note, hlc,"
		/* the reasons of playbook rules that fired while it was planned (playbook.c) */
		" (SELECT group_concat(f.reason, '; ') FROM playbook_fired f WHERE f.touch_id = touchpoint.id"
		"   AND f.reason IS NOT NULL)"
		" FROM touchpoint WHERE status IN ('open', 'snoozed') AND due_day <= ?1";
	sqlite3_stmt *s = store_stmt(B->st, sql);
	int rc, T = B->today;

	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, T);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const struct book_row *r = row_find(B, (const char *)sqlite3_column_text(s, 1));
		if (!r)
			continue;
		const char *id = (const char *)sqlite3_column_text(s, 0);
		const char *kind = (const char *)sqlite3_column_text(s, 2);
		const char *note = (const char *)sqlite3_column_text(s, 5);
		const char *also = (const char *)sqlite3_column_text(s, 7);
		/* the playbook's reasons are stored in English: people read them
		 * in their language (in English, and for json and csv, as stored) */
		struct sbuf note_b = {0}, also_b = {0};
		note = playbook_note_text(B->cfg, note, &note_b);
		if (also) {
			playbook_reason_text(B->cfg, also, &also_b);
			also = sbuf_str(&also_b);
		}
		int due = sqlite3_column_int(s, 3);
		bool snoozed = str_eq((const char *)sqlite3_column_text(s, 4), "snoozed");
		int64_t written = hlc_seconds((const char *)sqlite3_column_text(s, 6));
		char entity[96], when[64], what[80];

		str_format(entity, sizeof(entity), "touch/%s", id ? id : "");
		str_copy(what, sizeof(what), !str_empty(kind) ? touch_kind_label(kind) : _("touchpoint"));
		fmt_day(B, due, when, sizeof(when));
		if (due < T) {
			int late = T - due;
			char head[256];
			if (snoozed)
				str_format(head, sizeof(head), P_("%s snoozed until %s, %d day overdue",
					   "%s snoozed until %s, %d days overdue", late), what, when, late);
			else
				str_format(head, sizeof(head), P_("%s due %s, %d day overdue",
					   "%s due %s, %d days overdue", late), what, when, late);
			add_item(B, AGENDA_OVERDUE, r, due, due, max64(day_start(due + 1), written), entity,
				 "%s%s%s%s%s", head, str_empty(note) ? "" : ": ", note ? note : "",
				 also ? _("; also: ") : "", also ? also : "");
		} else {
			/* ranked by the due day as the overdue ones are: one order
			 * for the touchpoint tier, the most overdue first */
			char head[256];
			str_format(head, sizeof(head), snoozed ? _("%s snoozed until today") : _("%s due today"), what);
			add_item(B, AGENDA_TODAY, r, due, due, max64(day_start(T), written), entity,
				 "%s%s%s%s%s", head, str_empty(note) ? "" : ": ", note ? note : "",
				 also ? _("; also: ") : "", also ? also : "");
		}
		sbuf_free(&note_b);
		sbuf_free(&also_b);
	}
	return store_finish(B->st, s, rc, N_("the touchpoints"));
}

/* ---- Renewals inside a window with no touch since it began -------------------- */

/* s copied to p, returns the end (the caller's buffer has room). */
static char *put_text(char *p, const char *s)
{
	size_t n = strlen(s);
	memcpy(p, s, n + 1);
	return p + n;
}

/* n in decimal at p (as %d), returns the end. */
static char *put_int(char *p, int n)
{
	char digits[12];
	int k = 0;
	unsigned u = n < 0 ? 0u - (unsigned)n : (unsigned)n;
	do
		digits[k++] = (char)('0' + u % 10);
	while (u /= 10);
	if (n < 0)
		*p++ = '-';
	while (k)
		*p++ = digits[--k];
	*p = '\0';
	return p;
}

static int rule_renewals(struct builder *B)
{
	const struct config *cfg = B->cfg;
	int n = cfg->n_renewal_windows, T = B->today;

	if (n <= 0)
		return 0;
	for (size_t i = 0; i < B->book.len; i++) {
		const struct book_row *r = &B->book.rows[i];
		int left, window = 0, last = DAY_NONE;
		if (r->renewal_day == DAY_NONE)
			continue;
		left = r->renewal_day - T;
		if (left < 0 || left > cfg->renewal_windows[0])
			continue;
		for (int w = n - 1; w >= 0; w--)      /* descending: the smallest is last */
			if (left <= cfg->renewal_windows[w]) {
				window = cfg->renewal_windows[w];
				break;
			}
		int began = r->renewal_day - window;
		/* the summary's last touch (the one definition, touchdef.h); a
		 * touch dated after today sends us to the table for the last
		 * one up to today */
		last = r->last_touch_day;
		if (last != DAY_NONE && last > T) {
			struct touch t;
			if (touch_last(B->st, r->crm_id, T, &t))
				return -1;
			last = t.day;
			touch_clear(&t);
		}
		if (last != DAY_NONE && last >= began)
			continue;

		/* "renews in D day(s) (DATE), inside the W-day window; no touch
		 * since DATE", put together by hand in English (the msgids' words,
		 * and JSON's): a team has tens of thousands */
		char text[256], when[64], *p = text;
		fmt_day(B, r->renewal_day, when, sizeof(when));
		if (i18n_lang() != UI_EN) {
			/* another language: the same reason in whole translated sentences */
			char renews[128], touch[128];
			if (left == 0)
				str_format(renews, sizeof(renews), _("renews today (%s)"), when);
			else
				str_format(renews, sizeof(renews),
					   P_("renews in %d day (%s)", "renews in %d days (%s)", left), left, when);
			if (last == DAY_NONE) {
				str_copy(touch, sizeof(touch), _("no touch logged"));
			} else {
				fmt_day(B, last, when, sizeof(when));
				str_format(touch, sizeof(touch), _("no touch since %s"), when);
			}
			add_item(B, AGENDA_RENEWAL, r, left, r->renewal_day, day_start(began), NULL,
				 _("%s, inside the %d-day window; %s"), renews, window, touch);
		} else {
			if (left == 0) {
				p = put_text(p, "renews today (");
			} else {
				p = put_int(put_text(p, "renews in "), left);
				p = put_text(put_text(p, " day"), plural(left));
				p = put_text(p, " (");
			}
			p = put_int(put_text(put_text(p, when), "), inside the "), window);
			p = put_text(p, "-day window; ");
			if (last == DAY_NONE) {
				p = put_text(p, "no touch logged");
			} else {
				fmt_day(B, last, when, sizeof(when));
				p = put_text(put_text(p, "no touch since "), when);
			}
			add_item_text(B, AGENDA_RENEWAL, r, left, r->renewal_day, day_start(began), NULL, text,
				      (size_t)(p - text));
		}
		if (r->has_attention)          /* a weaker account's renewal comes sooner */
			B->out->items[B->out->len - 1].urgency = r->attention;
	}
	return 0;
}

/* ---- Health drops ------------------------------------------------------------- */

/* The latest snapshots on or before T - 7 and on or before T - 28 of the
 * row's account (health_score_on's answers for both days): one descending
 * scan from T - 7, by the account's id. */
static int health_week_month(struct builder *B, const struct book_row *r, int T, bool *has7, int *d7,
			     double *s7, bool *has28, int *d28, double *s28)
{
	static const char sql[] =
		"SELECT h.day, h.score FROM health h WHERE h.account_id = ?1"
		" AND h.source = " HEALTH_SOURCE_SQL " AND h.day <= ?2 ORDER BY h.day DESC";
	sqlite3_stmt *s = store_stmt(B->st, sql);
	int rc;

	*has7 = *has28 = false;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, r->account_id);
	sqlite3_bind_int(s, 2, T - 7);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int day = sqlite3_column_int(s, 0);
		double score = sqlite3_column_double(s, 1);
		if (!*has7) {
			*has7 = true;
			*d7 = day;
			*s7 = score;
		}
		if (day <= T - 28) {
			*has28 = true;
			*d28 = day;
			*s28 = score;
			break;
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return error(_("cannot read the health of %s: %s (database %s)"), r->crm_id, sqlite3_errstr(rc),
			     B->st->path);
	return 0;
}

static int rule_health(struct builder *B)
{
	const struct config *cfg = B->cfg;
	int T = B->today;

	for (size_t i = 0; i < B->book.len; i++) {
		const struct book_row *r = &B->book.rows[i];
		bool has0, has7, has28;
		int d0, d7, d28;
		double s0, s7, s28;
		long drop7 = 0, drop28 = 0;

		if (!r->has_health)
			continue;
		/* From the latest snapshot's day on, no 7-day drop can exceed
		 * health_max7 - health, nor a 28-day one health_max - health
		 * (summary.h; without health_max7, health_max bounds both): most
		 * accounts need no lookup. */
		if (r->health_day != DAY_NONE && r->health_day <= T &&
		    health_round((B->max7 ? B->max7[i] : r->health_max) - r->health) < cfg->agenda_health_drop_7d &&
		    health_round(r->health_max - r->health) < cfg->agenda_health_drop_28d)
			continue;
		/* the latest snapshot on or before today: the summary's when its
		 * day is not after today (the premise of health_max above) */
		if (r->health_day != DAY_NONE && r->health_day <= T) {
			has0 = true;
			d0 = r->health_day;
			s0 = r->health;
		} else if (health_score_on(B->st, r->crm_id, T, &has0, &d0, &s0)) {
			return -1;
		}
		if (!has0)
			continue;
		if (health_week_month(B, r, T, &has7, &d7, &s7, &has28, &d28, &s28))
			return -1;
		if (has7)
			drop7 = health_round(s7 - s0);
		if (has28)
			drop28 = health_round(s28 - s0);
		bool f7 = has7 && drop7 >= cfg->agenda_health_drop_7d;
		bool f28 = has28 && drop28 >= cfg->agenda_health_drop_28d;
		if (!f7 && !f28)
			continue;

		char a[128] = "", b[128] = "", when[64];
		if (f7) {
			fmt_day(B, d7, when, sizeof(when));
			str_format(a, sizeof(a), _("%ld in 7 days (%ld on %s)"), drop7, health_round(s7), when);
		}
		if (f28) {
			fmt_day(B, d28, when, sizeof(when));
			str_format(b, sizeof(b), _("%ld in 28 days (%ld on %s)"), drop28, health_round(s28), when);
		}
		long worst = f7 && (!f28 || drop7 > drop28) ? drop7 : drop28;
		if (f7 && f28)
			add_item(B, AGENDA_HEALTH, r, (int)-worst, d0, day_start(d0), NULL,
				 _("health %ld, down %s and %s"), health_round(s0), a, b);
		else
			add_item(B, AGENDA_HEALTH, r, (int)-worst, d0, day_start(d0), NULL,
				 _("health %ld, down %s"), health_round(s0), f7 ? a : b);
	}
	return 0;
}

/* ---- Teammates' new or escalated risks ------------------------------------------- */

static int severity_rank(const char *s)
{
	return str_eq(s, "high") ? 3 : str_eq(s, "medium") ? 2 : str_eq(s, "low") ? 1 : 0;
}

/* The latest qualifying event of one open risk: a teammate's risk.open or
 * severity-raising risk.update stamped from `from` to today. */
struct risk_hit {
	bool found;
	bool escalated;
	char author[64], from_sev[16], to_sev[16];
	int day;
	int64_t at;
};

static int risk_events(struct builder *B, const char *entity, const char *owner, int from,
		       struct risk_hit *hit)
{
	static const char sql[] =
		"SELECT author, type, hlc, data FROM event WHERE entity = ?1"
		" AND type IN ('risk.open', 'risk.update') ORDER BY hlc, device, id";
	sqlite3_stmt *s = store_stmt(B->st, sql);
	char sev[16] = "";
	int rc;

	memset(hit, 0, sizeof(*hit));
	if (!s)
		return -1;
	store_bind_text(s, 1, entity);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *author = (const char *)sqlite3_column_text(s, 0);
		bool open = str_eq((const char *)sqlite3_column_text(s, 1), "risk.open");
		int64_t at = hlc_seconds((const char *)sqlite3_column_text(s, 2));
		json_object *data = json_tokener_parse((const char *)sqlite3_column_text(s, 3));
		json_object *v = NULL;
		const char *to = NULL;

		if (data && json_object_object_get_ex(data, "severity", &v) && json_object_is_type(v, json_type_string))
			to = json_object_get_string(v);
		if (to) {
			int day = (int)(at / DAY_SECONDS);
			bool raised = open || severity_rank(to) > severity_rank(sev);
			if (raised && !str_eq(author, owner) && day >= from && day <= B->today) {
				hit->found = true;
				hit->escalated = !open;
				str_copy(hit->author, sizeof(hit->author), author ? author : "");
				str_copy(hit->from_sev, sizeof(hit->from_sev), sev);
				str_copy(hit->to_sev, sizeof(hit->to_sev), to);
				hit->day = day;
				hit->at = at;
			}
			str_copy(sev, sizeof(sev), to);
		}
		json_object_put(data);
	}
	return store_finish(B->st, s, rc, N_("the risk events"));
}

static int rule_risks(struct builder *B)
{
	static const char sql[] =
		"SELECT id, account, category, severity, text FROM risk WHERE status = 'open'";
	sqlite3_stmt *s = store_stmt(B->st, sql);
	int rc, T = B->today;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const struct book_row *r = row_find(B, (const char *)sqlite3_column_text(s, 1));
		struct risk_hit hit;
		char entity[96], when[64];
		if (!r)
			continue;
		str_format(entity, sizeof(entity), "risk/%s", (const char *)sqlite3_column_text(s, 0));
		if (risk_events(B, entity, owner_of(B, r), T - B->cfg->agenda_risk_days, &hit)) {
			sqlite3_reset(s);
			return -1;
		}
		if (!hit.found)
			continue;
		const char *category = (const char *)sqlite3_column_text(s, 2);
		const char *severity = (const char *)sqlite3_column_text(s, 3);
		const char *text = (const char *)sqlite3_column_text(s, 4);
		int rank = (3 - severity_rank(severity)) * 100000 + (T - hit.day);
		fmt_day(B, hit.day, when, sizeof(when));
		if (hit.escalated)
			add_item(B, AGENDA_RISK, r, rank, hit.day, hit.at, entity,
				 _("%s raised %s from %s to %s on %s%s%s"), hit.author,
				 risk_category_label(B->cfg, category ? category : ""), severity_label(hit.from_sev),
				 severity_label(hit.to_sev), when, str_empty(text) ? "" : ": ", text ? text : "");
		else
			add_item(B, AGENDA_RISK, r, rank, hit.day, hit.at, entity,
				 _("%s opened %s (%s) on %s%s%s"), hit.author,
				 risk_category_label(B->cfg, category ? category : ""), severity_label(hit.to_sev),
				 when, str_empty(text) ? "" : ": ", text ? text : "");
		struct agenda_item *it = &B->out->items[B->out->len - 1];
		it->urgency = T - hit.day;
		if (str_eq(hit.to_sev, "high"))
			it->tier = AGENDA_TIER_HIGH_RISK;
	}
	return store_finish(B->st, s, rc, N_("the risk notes"));
}

/* ---- Cadence lapsed ------------------------------------------------------------ */

/* No touch (touchdef.h, through the summary's last touch) for longer than
 * the touch model's cadence and no plan: no open or snoozed touchpoint, or
 * only an overdue one. An account without any touch logged is not listed:
 * csconsole cannot tell a new account from one whose history is in the CRM,
 * and a first day with a new book would list every account. The longest
 * past its cadence (relative to it) first. */
static int rule_lapsed(struct builder *B)
{
	int T = B->today;

	for (size_t i = 0; i < B->book.len; i++) {
		const struct book_row *r = &B->book.rows[i];
		enum touch_model tm;
		if (!touch_model_parse(r->touch_model, &tm))
			continue;
		int cadence = B->cfg->cadence[tm], last = r->last_touch_day;
		if (r->next_touch_day != DAY_NONE && r->next_touch_day >= T)
			continue;                  /* the plan is in place */
		if (last == DAY_NONE || T - last <= cadence)
			continue;
		char plan[64], when[64];
		if (r->next_touch_day == DAY_NONE) {
			str_copy(plan, sizeof(plan), _("nothing scheduled"));
		} else {
			fmt_day(B, r->next_touch_day, when, sizeof(when));
			str_format(plan, sizeof(plan), _("the next touchpoint was due %s"), when);
		}
		int days = T - last;
		fmt_day(B, last, when, sizeof(when));
		/* rank: thousandths of the cadence since the last touch, negated */
		add_item(B, AGENDA_LAPSED, r, (int)(-(int64_t)days * 1000 / cadence), last + cadence + 1,
			 day_start(last + cadence + 1), NULL,
			 _("no touch for %d days (last %s); %s-touch cadence %d days; %s"), days, when,
			 touch_model_label(B->cfg, touch_model_name(tm)), cadence, plan);
	}
	return 0;
}

/* ---- Accounts I cover today --------------------------------------------------- */

static int rule_covering(struct builder *B)
{
	/* The absence that puts the account on me, as book.c's scope finds it. */
	static const char sql[] =
		"SELECT start_day, end_day, reason FROM absence WHERE handle = ?1"
		" AND ?2 BETWEEN start_day AND end_day AND COALESCE(covered_by, ?3) = ?4"
		" ORDER BY end_day DESC, id DESC LIMIT 1";
	int T = B->today;

	for (size_t i = 0; i < B->book.len; i++) {
		const struct book_row *r = &B->book.rows[i];
		char owner[256], from[64], until[64];
		char *reason = NULL;
		int start, end, rc;
		if (r->role != ROLE_COVERING)
			continue;
		sqlite3_stmt *s = store_stmt(B->st, sql);
		if (!s)
			return -1;
		store_bind_text(s, 1, r->main_owner);
		sqlite3_bind_int(s, 2, T);
		store_bind_text(s, 3, r->sub_owner);
		store_bind_text(s, 4, owner_of(B, r));
		rc = sqlite3_step(s);
		bool found = rc == SQLITE_ROW;
		if (found) {
			start = sqlite3_column_int(s, 0);
			end = sqlite3_column_int(s, 1);
			const char *why = (const char *)sqlite3_column_text(s, 2);
			reason = xstrdup(why ? why : "");
		}
		if (store_finish(B->st, s, rc, N_("the absences"))) {
			free(reason);
			return -1;
		}
		if (!found)
			continue;
		if (person(B, r->main_owner, owner, sizeof(owner))) {
			free(reason);
			return -1;
		}
		fmt_day(B, start, from, sizeof(from));
		fmt_day(B, end, until, sizeof(until));
		add_item(B, AGENDA_COVERING, r, end, end, day_start(start), NULL,
			 _("covering for %s, away %s to %s%s%s"), owner, from, until, *reason ? ": " : "",
			 reason);
		free(reason);
	}
	return 0;
}

/* ---- Onboarding stuck ------------------------------------------------------------- */

static int rule_onboarding(struct builder *B)
{
	static const char sql[] =
		"SELECT m.value FROM metric m JOIN metric_name n ON n.id = m.metric_id"
		" WHERE n.name = 'active_seats' AND m.account_id = (SELECT id FROM account WHERE crm_id = ?1)"
		" AND m.day <= ?2 ORDER BY m.day DESC LIMIT 1";
	const struct config *cfg = B->cfg;
	int T = B->today;

	for (size_t i = 0; i < B->book.len; i++) {
		const struct book_row *r = &B->book.rows[i];
		int seats = r->seats, first = r->metric_first_day;
		bool has_active = r->seats_day != DAY_NONE;
		double active = r->seats_active;
		if (!str_eq(r->stage, "onboarding") || seats <= 0 || first == DAY_NONE || !has_active ||
		    T - first <= cfg->agenda_onboarding_days)
			continue;
		if (r->seats_day > T) {
			/* the summary's latest active_seats is after today: the
			 * latest up to today */
			sqlite3_stmt *s = store_stmt(B->st, sql);
			int rc;
			if (!s)
				return -1;
			store_bind_text(s, 1, r->crm_id);
			sqlite3_bind_int(s, 2, T);
			rc = sqlite3_step(s);
			if ((has_active = rc == SQLITE_ROW))
				active = sqlite3_column_double(s, 0);
			if (store_finish(B->st, s, rc, N_("the metrics")))
				return -1;
			if (!has_active)
				continue;
		}
		if (active * 100.0 >= (double)cfg->onboarding_activation * seats)
			continue;
		char when[64];
		int days = T - first;
		fmt_day(B, first, when, sizeof(when));
		add_item(B, AGENDA_ONBOARDING, r, first, first, day_start(first + cfg->agenda_onboarding_days + 1),
			 NULL, _("onboarding for %d days (first data %s): %.0f of %d seats active (%.0f%%), "
			 "below the %d%% that ends onboarding"), days, when, active, seats,
			 100.0 * active / seats, cfg->onboarding_activation);
	}
	return 0;
}

/* ---- Hidden risks ------------------------------------------------------------------ */

/* The blind spots judged at sync (account_flag, healthcalc.c) that need me:
 * hidden risks, the soonest renewal first. Quiet-but-loyal accounts ask for
 * nothing today; the portfolio and the detail view show them. */
static int rule_hidden(struct builder *B)
{
	static const char sql[] = "SELECT day FROM account_flag WHERE crm_id = ?1";

	for (size_t i = 0; i < B->book.len; i++) {
		const struct book_row *r = &B->book.rows[i];
		int rc, day = B->today;
		if (r->blind != BLIND_HIDDEN)
			continue;
		sqlite3_stmt *s = store_stmt(B->st, sql);
		if (!s)
			return -1;
		store_bind_text(s, 1, r->crm_id);
		if ((rc = sqlite3_step(s)) == SQLITE_ROW)
			day = sqlite3_column_int(s, 0);
		if (store_finish(B->st, s, rc, N_("the blind-spot flags")))
			return -1;
		/* the stored reason is English (machine output); another language
		 * judges again for its own words */
		char *shown = NULL;
		if (i18n_lang() != UI_EN && healthcalc_blind_reason(B->st, B->cfg, r->account_id, B->today, &shown))
			return -1;
		add_item(B, AGENDA_HIDDEN, r, r->renewal_day == DAY_NONE ? INT32_MAX : r->days_left, day,
			 day_start(day), NULL, "%s", !str_empty(shown) ? shown : r->blind_reason);
		free(shown);
	}
	return 0;
}

/* ---- A changed champion nobody has talked to ------------------------------------------ */

/* The champion changed (champion.h, the one definition) and no touch since:
 * only the accounts with a history row in the window are looked at (one
 * scan of champion_history: CROSS JOIN keeps SQLite from probing it once
 * per account instead, 3x slower on 100,000 accounts). The soonest renewal
 * first, as hidden risks. */
static int rule_champion(struct builder *B)
{
	static const char sql[] =
		"SELECT DISTINCT a.crm_id FROM champion_history h CROSS JOIN account a ON a.id = h.account_id"
		" WHERE h.day BETWEEN ?1 AND ?2 AND coalesce(h.prev_name, '') <> ''";
	sqlite3_stmt *s = store_stmt(B->st, sql);
	struct strlist ids = {0};
	int rc, T = B->today;

	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, T - CHAMPION_CHANGE_DAYS);
	sqlite3_bind_int(s, 2, T);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (row_find(B, (const char *)sqlite3_column_text(s, 0)))
			strlist_add(&ids, (const char *)sqlite3_column_text(s, 0));
	if (store_finish(B->st, s, rc, N_("the champion's history"))) {
		strlist_clear(&ids);
		return -1;
	}
	for (size_t i = 0; i < ids.len; i++) {
		const struct book_row *r = row_find(B, ids.items[i]);
		struct champion_change c;
		char when[64], entity[32], iso[11];
		if (champion_change_get(B->st, r->crm_id, T, &c)) {
			champion_change_clear(&c);
			strlist_clear(&ids);
			return -1;
		}
		if (c.open) {
			fmt_day(B, c.day, when, sizeof(when));
			day_format_iso(c.day, iso);
			str_format(entity, sizeof(entity), "champion/%s", iso);
			add_item(B, AGENDA_CHAMPION, r, r->renewal_day == DAY_NONE ? INT32_MAX : r->days_left,
				 c.day, day_start(c.day), entity, _("champion changed: %s \u2192 %s on %s; no touch since"),
				 c.old_name, champion_name_shown(c.new_name), when);
		}
		champion_change_clear(&c);
	}
	strlist_clear(&ids);
	return 0;
}

/* ---- The key feature's season ------------------------------------------------------ */

static int metric_id(struct builder *B, const char *name, sqlite3_int64 *out)
{
	static const char sql[] = "SELECT id FROM metric_name WHERE name = ?1";
	sqlite3_stmt *s = store_stmt(B->st, sql);
	int rc;
	if (!s)
		return -1;
	store_bind_text(s, 1, name);
	rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	return store_finish(B->st, s, rc, N_("the metric names"));
}

/* The season as season.h defines it, agenda.season_days the look-ahead. */
static int rule_season(struct builder *B)
{
	int T = B->today, L = B->cfg->agenda_season_days;
	sqlite3_int64 key, logins;

	if (metric_id(B, "key_feature_uses", &key) || metric_id(B, "logins", &logins))
		return -1;
	if (key < 0 || logins < 0)
		return 0;
	/* The team's rows are only the candidates of the other rules: every
	 * active account from the summary, its row fetched when due. */
	sqlite3_stmt *all = NULL;
	int rc = SQLITE_DONE;
	if (B->lazy && store_prepare(B->st, "SELECT account_id, crm_id FROM account_summary WHERE active", &all))
		return -1;
	for (size_t i = 0;; i++) {
		const struct book_row *r = NULL;
		struct season se;
		sqlite3_int64 id;
		bool due;
		if (all) {
			if ((rc = sqlite3_step(all)) != SQLITE_ROW)
				break;
			id = sqlite3_column_int64(all, 0);
		} else if (i < B->book.len) {
			r = &B->book.rows[i];
			id = r->account_id;
		} else {
			break;
		}
		if (season_due(B->st, id, key, logins, T, L, &se, &due)) {
			sqlite3_finalize(all);
			return -1;
		}
		if (!due || (all && !(r = row_find(B, (const char *)sqlite3_column_text(all, 1)))))
			continue;
		int in = se.start - T;
		char when[64], from[64], to[64], starts[96], used[160], uses[64];
		fmt_day(B, se.start, when, sizeof(when));
		fmt_day(B, se.first, from, sizeof(from));
		fmt_day(B, se.last, to, sizeof(to));
		if (in > 0)
			str_format(starts, sizeof(starts), P_("starts in %d day", "starts in %d days", in), in);
		else if (in == 0)
			str_copy(starts, sizeof(starts), _("starts today"));
		else
			str_format(starts, sizeof(starts), P_("started %d day ago", "started %d days ago", -in), -in);
		str_format(used, sizeof(used), P_("used on %ld day from %s to %s last year",
			   "used on %ld days from %s to %s last year", se.use_days), se.use_days, from, to);
		str_format(uses, sizeof(uses), P_("%.0f use", "%.0f uses", (long)se.uses), se.uses);
		add_item(B, AGENDA_SEASON, r, in, se.start, day_start(se.start - L), NULL,
			 _("key feature season %s (%s): %s (%s), not yet this year"), starts, when, used, uses);
	}
	sqlite3_finalize(all);
	if (rc != SQLITE_DONE)
		return error(_("cannot read the accounts: %s (database %s)"), sqlite3_errstr(rc), B->st->path);
	return 0;
}

/* ---- Entry points --------------------------------------------------------------- */

static int cmp_item(const void *pa, const void *pb)
{
	const struct agenda_item *a = pa, *b = pb;
	int c;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (a->name_rank != b->name_rank)
		return a->name_rank < b->name_rank ? -1 : 1;
	if ((c = strcmp(a->crm_id, b->crm_id)) != 0)
		return c;
	return strcmp(a->entity, b->entity);
}

/* cmp_item's order through a small key per item: the group and the rank in
 * one number, the name rank, and cmp_item itself only for one account's
 * items; then each item moves once. qsort on the items themselves (over
 * 150 bytes each) was 7% of a team's agenda. */
struct item_key {
	uint64_t group_rank;
	uint32_t name_rank;
	uint32_t idx;
	const struct agenda_item *it;
};

static int cmp_item_key(const void *pa, const void *pb)
{
	const struct item_key *a = pa, *b = pb;
	if (a->group_rank != b->group_rank)
		return a->group_rank < b->group_rank ? -1 : 1;
	if (a->name_rank != b->name_rank)
		return a->name_rank < b->name_rank ? -1 : 1;
	return cmp_item(a->it, b->it);
}

static void sort_items(struct agenda *out)
{
	size_t n = out->len;
	struct item_key *keys = xmalloc((n ? n : 1) * sizeof(*keys));

	for (size_t i = 0; i < n; i++) {
		const struct agenda_item *it = &out->items[i];
		keys[i] = (struct item_key){ (uint64_t)(uint32_t)it->group << 32 | ((uint32_t)it->rank ^ 0x80000000u),
					     it->name_rank, (uint32_t)i, it };
	}
	if (n > 1)
		qsort(keys, n, sizeof(*keys), cmp_item_key);
	/* in place, cycle by cycle: place i takes the item keys[i] names (a
	 * second array of 40,000 items was as many fresh pages to fault in) */
	for (size_t i = 0; i < n; i++) {
		if (keys[i].idx == i || keys[i].it == NULL)
			continue;
		struct agenda_item held = out->items[i];
		size_t at = i;
		while (keys[at].idx != i) {
			size_t from = keys[at].idx;
			out->items[at] = out->items[from];
			keys[at].it = NULL;
			at = from;
		}
		out->items[at] = held;
		keys[at].it = NULL;
	}
	free(keys);
}

void agenda_item_key(const struct agenda_item *it, char *out, size_t size)
{
	str_format(out, size, "%s:%s:%s", agenda_group_name(it->group), it->crm_id, it->entity ? it->entity : "");
}

/* Leaves out the items put aside until after today. */
static int drop_snoozed(struct store *st, int today, struct agenda *out)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT item FROM agenda_snooze WHERE until_day > ?1");
	struct strlist aside = { 0 };
	char key[256];
	size_t n = 0;
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, today);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		strlist_add(&aside, (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		strlist_clear(&aside);
		return error(_("cannot read the items put aside: %s"), sqlite3_errstr(rc));
	}
	for (size_t i = 0; i < out->len && aside.len; i++) {   /* none aside: no key to make */
		agenda_item_key(&out->items[i], key, sizeof(key));
		if (strlist_has(&aside, key)) {
			out->n_snoozed++;   /* its strings stay in the blocks */
		} else {
			out->items[n++] = out->items[i];
		}
	}
	if (aside.len)
		out->len = n;
	strlist_clear(&aside);
	return 0;
}

int agenda_snooze_item(struct store *st, const struct agenda_item *it, int today, int until,
		       const char *reason)
{
	sqlite3_stmt *s;
	char key[256], iso[11];
	int rc;

	if (until <= today) {
		day_format_iso(today, iso);
		return error(_("until: a day after today (%s)"), iso);
	}
	if (str_empty(reason) || !reason[strspn(reason, " \t")])
		return error(_("reason: say why it can wait"));
	if (!(s = store_stmt(st, "INSERT OR REPLACE INTO agenda_snooze(item, until_day, reason, snoozed_at)"
			     " VALUES (?1, ?2, ?3, ?4)")))
		return -1;
	agenda_item_key(it, key, sizeof(key));
	store_bind_text(s, 1, key);
	sqlite3_bind_int(s, 2, until);
	store_bind_text(s, 3, reason);
	sqlite3_bind_int64(s, 4, ts_now());
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return error(_("cannot put the item aside: %s (database %s)"), sqlite3_errstr(rc), st->path);
	return 0;
}

static int build(struct builder *B, int64_t last_look)
{
	struct agenda *out = B->out;
	int rc;

	memset(out, 0, sizeof(*out));
	out->today = B->today;
	out->last_look = last_look;
	/* one read transaction: a statement each outside one takes and drops
	 * the WAL's read lock (measured: a quarter of a team's agenda) */
	if (store_exec(B->st, "SAVEPOINT agenda_read"))
		return -1;
	if (B->lazy) {
		rc = agenda_team_scan(B);
	} else if (book_fetch(B->st, B->me, B->team ? SCOPE_TEAM : SCOPE_MINE, B->today, &B->book)) {
		rc = -1;
	} else {
		B->by_id = xcalloc(B->book.len ? B->book.len : 1, sizeof(*B->by_id));
		book_id_order(&B->book, B->by_id);   /* a radix sort: qsort with strcmp was 6% of a team's */
		rc = B->team ? agenda_team_owners(B) : 0;
	}
	if (rc == 0)
		rc = rule_touchpoints(B) || rule_renewals(B) || rule_health(B) || rule_risks(B) ||
		     rule_hidden(B) || rule_champion(B) || rule_lapsed(B) || rule_covering(B) ||
		     rule_onboarding(B) || rule_season(B) || B->failed ? -1 : 0;
	if (rc == 0 && B->lazy)
		agenda_team_rank_names(B);
	free(B->by_id);
	free(B->day_text);
	agenda_team_free(B);
	book_free(&B->book);
	store_exec(B->st, "RELEASE agenda_read");
	if (rc || drop_snoozed(B->st, B->today, out) < 0) {
		agenda_free(out);
		return -1;
	}
	if (out->len)
		sort_items(out);
	for (size_t i = 0; i < out->len; i++) {
		struct agenda_item *it = &out->items[i];
		it->is_new = last_look == 0 || it->since > last_look;
		out->n_new += it->is_new;
		out->count[it->group]++;
	}
	return 0;
}

int agenda_build(struct store *st, const struct config *cfg, const char *me, int today,
		 int64_t last_look, struct agenda *out)
{
	struct builder B = { .st = st, .cfg = cfg, .me = me, .today = today, .out = out };
	return build(&B, last_look);
}

int agenda_build_team(struct store *st, const struct config *cfg, int today, int64_t last_look,
		      struct agenda *out)
{
	struct builder B = { .st = st, .cfg = cfg, .me = "", .today = today, .out = out, .team = true,
			     .lazy = true };
	return build(&B, last_look);
}

int agenda_build_team_plain(struct store *st, const struct config *cfg, int today, int64_t last_look,
			    struct agenda *out)
{
	struct builder B = { .st = st, .cfg = cfg, .me = "", .today = today, .out = out, .team = true };
	return build(&B, last_look);
}

void agenda_free(struct agenda *a)
{
	free(a->items);
	strings_free(a->strings);
	memset(a, 0, sizeof(*a));
}

int agenda_last_look_get(struct store *st, int64_t *out)
{
	char *v = store_meta_get(st, LAST_LOOK_KEY);
	long long n = 0;
	char end;
	*out = 0;
	if (v && sscanf(v, "%lld%c", &n, &end) == 1 && n > 0)
		*out = (int64_t)n;
	free(v);
	return 0;
}

int agenda_last_look_set(struct store *st, int64_t when)
{
	char v[32];
	str_format(v, sizeof(v), "%" PRId64, when);
	if (store_meta_set(st, LAST_LOOK_KEY, v))
		return error_prefix("cannot record the agenda's last look");
	return 0;
}

/* ---- The calendar ------------------------------------------------------------------ */

struct cal_builder {
	struct agenda_calendar *out;
	size_t cap;
};

static struct agenda_event *cal_add(struct cal_builder *C, int day)
{
	struct agenda_calendar *c = C->out;
	if (c->len == C->cap) {
		C->cap = C->cap ? C->cap * 2 : 16;
		c->events = xreallocarray(c->events, C->cap, sizeof(*c->events));
	}
	struct agenda_event *e = &c->events[c->len++];
	memset(e, 0, sizeof(*e));
	e->day = day;
	e->minute = -1;
	return e;
}

/* The people of an account for a description: "main aiko, sub ken". */
static void owners(const struct book_row *r, char *out, size_t size)
{
	if (r->sub_owner)
		str_format(out, size, _("main %s, sub %s, my role %s"), r->main_owner, r->sub_owner,
			   book_role_name(r->role));
	else
		str_format(out, size, _("main %s, my role %s"), r->main_owner, book_role_name(r->role));
}

static int cal_touchpoints(struct builder *B, struct cal_builder *C, int last)
{
	static const char sql[] =
		"SELECT id, account, kind, due_day, status, note, reason, time FROM touchpoint"
		" WHERE status IN ('open', 'snoozed') AND due_day BETWEEN ?1 AND ?2";
	sqlite3_stmt *s = store_stmt(B->st, sql);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, B->today);
	sqlite3_bind_int(s, 2, last);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const struct book_row *r = row_find(B, (const char *)sqlite3_column_text(s, 1));
		if (!r)
			continue;
		const char *id = (const char *)sqlite3_column_text(s, 0);
		const char *kind = (const char *)sqlite3_column_text(s, 2);
		const char *note = (const char *)sqlite3_column_text(s, 5);
		const char *reason = (const char *)sqlite3_column_text(s, 6);
		bool snoozed = str_eq((const char *)sqlite3_column_text(s, 4), "snoozed");
		struct agenda_event *e = cal_add(C, sqlite3_column_int(s, 3));
		const char *hhmm = (const char *)sqlite3_column_text(s, 7);
		char who[256];
		/* snoozed: it comes back on that day, its time no longer holds */
		if (hhmm && !snoozed && !time_parse_hhmm(hhmm, true, &e->minute))
			e->minute = -1;
		char *clean = text_sanitize(id ? id : "", false);
		str_format(e->uid, sizeof(e->uid), "touch-%s@csconsole", clean);
		free(clean);
		char *text = xasprintf("%s: %s (%s)", !str_empty(kind) ? kind : _("touchpoint"), r->name, r->crm_id);
		e->summary = text_sanitize(text, false);
		free(text);
		owners(r, who, sizeof(who));
		/* the note, why it was snoozed, whose account: one line each */
		struct sbuf desc = {0};
		if (!str_empty(note))
			sbuf_addf(&desc, "%s\n", note);
		if (snoozed)
			sbuf_addf(&desc, _("Snoozed until this day%s%s\n"), str_empty(reason) ? "" : ": ",
				  reason ? reason : "");
		sbuf_addf(&desc, "%s: %s", r->crm_id, who);
		e->description = text_sanitize(sbuf_str(&desc), true);
		sbuf_free(&desc);
	}
	return store_finish(B->st, s, rc, N_("the touchpoints"));
}

static void cal_renewals(struct builder *B, struct cal_builder *C, int last)
{
	for (size_t i = 0; i < B->book.len; i++) {
		const struct book_row *r = &B->book.rows[i];
		int y, m, d;
		char arr[64], who[256];
		if (r->renewal_day == DAY_NONE || r->renewal_day < B->today || r->renewal_day > last)
			continue;
		struct agenda_event *e = cal_add(C, r->renewal_day);
		day_to_ymd(r->renewal_day, &y, &m, &d);
		str_format(e->uid, sizeof(e->uid), "renewal-%s-%04d%02d%02d@csconsole", r->crm_id, y, m, d);
		char *text = xasprintf(_("Renewal: %s (%s)"), r->name, r->crm_id);
		e->summary = text_sanitize(text, false);
		free(text);
		money_format(r->arr_minor, r->currency, arr, sizeof(arr));
		owners(r, who, sizeof(who));
		text = xasprintf(_("%s renews.\nARR %s%s%s, stage %s\n%s"), r->crm_id, arr, *r->currency ? " " : "",
				 r->currency, r->stage, who);
		e->description = text_sanitize(text, true);
		free(text);
	}
}

static int cmp_event(const void *pa, const void *pb)
{
	const struct agenda_event *a = pa, *b = pb;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if (a->minute != b->minute)
		return a->minute < b->minute ? -1 : 1;
	return strcmp(a->uid, b->uid);
}

int agenda_calendar_build(struct store *st, const struct config *cfg, const char *me, int today,
			  int days, struct agenda_calendar *out)
{
	struct builder B = { .st = st, .cfg = cfg, .me = me, .today = today };
	struct cal_builder C = { .out = out };
	int rc;

	memset(out, 0, sizeof(*out));
	out->alarm_minutes = cfg->calendar_alarm_minutes;
	out->meeting_minutes = cfg->calendar_meeting_minutes;
	if (days < 0)
		days = 0;
	if (book_fetch(st, me, SCOPE_MINE, today, &B.book))
		return -1;
	B.by_id = xcalloc(B.book.len ? B.book.len : 1, sizeof(*B.by_id));
	for (size_t i = 0; i < B.book.len; i++)
		B.by_id[i] = i;
	cmp_book = &B.book;
	qsort(B.by_id, B.book.len, sizeof(*B.by_id), cmp_row_id);
	cmp_book = NULL;
	rc = cal_touchpoints(&B, &C, today + days);
	if (rc == 0)
		cal_renewals(&B, &C, today + days);
	free(B.by_id);
	book_free(&B.book);
	if (rc) {
		agenda_calendar_free(out);
		return -1;
	}
	if (out->len)
		qsort(out->events, out->len, sizeof(*out->events), cmp_event);
	return 0;
}

void agenda_calendar_free(struct agenda_calendar *c)
{
	for (size_t i = 0; i < c->len; i++) {
		free(c->events[i].summary);
		free(c->events[i].description);
	}
	free(c->events);
	memset(c, 0, sizeof(*c));
}

/* ---- RFC 5545 -------------------------------------------------------------------- */

void ics_escape_text(struct sbuf *b, const char *text)
{
	for (const char *p = text; *p; p++) {
		switch (*p) {
		case '\\': sbuf_adds(b, "\\\\"); break;
		case ';':  sbuf_adds(b, "\\;"); break;
		case ',':  sbuf_adds(b, "\\,"); break;
		case '\n': sbuf_adds(b, "\\n"); break;
		case '\r': break;
		default:   sbuf_addc(b, *p); break;
		}
	}
}

void ics_add_line(struct sbuf *b, const char *line)
{
	enum { MAX_OCTETS = 75 };
	size_t len = strlen(line), pos = 0;
	bool first = true;

	while (len - pos > (size_t)(first ? MAX_OCTETS : MAX_OCTETS - 1)) {
		size_t n = first ? MAX_OCTETS : MAX_OCTETS - 1;
		/* never end a piece inside a UTF-8 sequence: back off to a lead byte */
		while (n > 1 && ((unsigned char)line[pos + n] & 0xC0) == 0x80)
			n--;
		if (!first)
			sbuf_addc(b, ' ');
		sbuf_add(b, line + pos, n);
		sbuf_adds(b, "\r\n");
		pos += n;
		first = false;
	}
	if (!first)
		sbuf_addc(b, ' ');
	sbuf_add(b, line + pos, len - pos);
	sbuf_adds(b, "\r\n");
}

/* NAME:VALUE with VALUE escaped as TEXT. */
static void ics_text_prop(struct sbuf *b, const char *name, const char *value)
{
	struct sbuf line = {0};
	sbuf_adds(&line, name);
	sbuf_addc(&line, ':');
	ics_escape_text(&line, value);
	ics_add_line(b, sbuf_str(&line));
	sbuf_free(&line);
}

static void ics_date(int day, char *out, size_t size)
{
	int y, m, d;
	day_to_ymd(day, &y, &m, &d);
	str_format(out, size, "%04d%02d%02d", y, m, d);
}

/* UTC seconds as an RFC 5545 UTC DATE-TIME: 20261123T120000Z. */
static void ics_utc(int64_t ts, char *out, size_t size)
{
	char iso[21];
	ts_format_iso(ts, iso);
	str_format(out, size, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", iso, iso + 5, iso + 8, iso + 11, iso + 14,
		   iso + 17);
}

/* A local day and time of day (this process's TZ, daylight saving time
 * decided by the zone's rules on that day) as UTC seconds. */
static int64_t local_to_utc(int day, int minute)
{
	struct tm tm = {0};
	int y, m, d;
	day_to_ymd(day, &y, &m, &d);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = minute / 60;
	tm.tm_min = minute % 60;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

char *agenda_ics(const struct agenda_calendar *c, int64_t now)
{
	struct sbuf b = {0};
	char stamp[32], date[32], line[64];

	ics_utc(now, stamp, sizeof(stamp));
	ics_add_line(&b, "BEGIN:VCALENDAR");
	ics_add_line(&b, "VERSION:2.0");
	ics_add_line(&b, "PRODID:-//csconsole//csconsole agenda//EN");
	ics_add_line(&b, "CALSCALE:GREGORIAN");
	ics_add_line(&b, "METHOD:PUBLISH");
	for (size_t i = 0; i < c->len; i++) {
		const struct agenda_event *e = &c->events[i];
		ics_add_line(&b, "BEGIN:VEVENT");
		ics_text_prop(&b, "UID", e->uid);
		str_format(line, sizeof(line), "DTSTAMP:%s", stamp);
		ics_add_line(&b, line);
		if (e->minute >= 0) {
			int64_t start = local_to_utc(e->day, e->minute);
			ics_utc(start, date, sizeof(date));
			str_format(line, sizeof(line), "DTSTART:%s", date);
			ics_add_line(&b, line);
			ics_utc(start + (int64_t)c->meeting_minutes * 60, date, sizeof(date));
			str_format(line, sizeof(line), "DTEND:%s", date);
			ics_add_line(&b, line);
		} else {
			ics_date(e->day, date, sizeof(date));
			str_format(line, sizeof(line), "DTSTART;VALUE=DATE:%s", date);
			ics_add_line(&b, line);
			ics_date(e->day + 1, date, sizeof(date));
			str_format(line, sizeof(line), "DTEND;VALUE=DATE:%s", date);
			ics_add_line(&b, line);
		}
		ics_text_prop(&b, "SUMMARY", e->summary);
		ics_text_prop(&b, "DESCRIPTION", e->description);
		/* a meeting at a time is busy time; a day's reminder is not */
		ics_add_line(&b, e->minute >= 0 ? "TRANSP:OPAQUE" : "TRANSP:TRANSPARENT");
		if (e->minute >= 0 && c->alarm_minutes > 0) {
			ics_add_line(&b, "BEGIN:VALARM");
			ics_add_line(&b, "ACTION:DISPLAY");
			ics_text_prop(&b, "DESCRIPTION", e->summary);
			str_format(line, sizeof(line), "TRIGGER:-PT%dM", c->alarm_minutes);
			ics_add_line(&b, line);
			ics_add_line(&b, "END:VALARM");
		}
		ics_add_line(&b, "END:VEVENT");
	}
	ics_add_line(&b, "END:VCALENDAR");
	return b.data ? b.data : xstrdup("");
}
