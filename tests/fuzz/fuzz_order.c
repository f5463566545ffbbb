/* fuzz_order.c - order independence: the state of a set of events must not
 * depend on the order they arrive in (event.h: "State is derived from the set
 * of events, never from their order").
 *
 * The fuzzer's bytes choose a set of valid events: 1 to 3 entities (a note,
 * a risk, a touchpoint or a coverage each), 1 to 24 events per entity (so
 * entities with more than 8 events are common), written by three devices of
 * three CSMs with clocks that tie across devices, updates whose base is an
 * earlier write of the entity (so concurrent edits and conflicts happen),
 * edits of another CSM's note, and sometimes a second create of one entity
 * by another device, on another account. Every event is made as JSON and
 * goes through event_from_json(), as a teammate's segment line would.
 *
 * The events are ingested (event_ingest, as a sync does) into two copies of
 * the template book: in the order written, one transaction per event; and in
 * a permutation the bytes choose, in one transaction. Checked: the two give
 * the same state_dump() text, the same portfolio rows (every column of
 * account_summary) and the same conflict list; and rebuilding the first's
 * state from its event table alone (state_rebuild) changes neither its dump
 * nor its portfolio rows.
 */
#include "fuzz.h"
#include "csconsole/event.h"

#define MAX_ENTITIES 3
#define MAX_PER_ENTITY 24
#define MAX_EVENTS (MAX_ENTITIES * (MAX_PER_ENTITY + 1))

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_init();
	fuzz_book_init();
	return 0;
}

struct bytes {
	const uint8_t *p;
	size_t n, i;
};

static unsigned next(struct bytes *b)
{
	return b->i < b->n ? b->p[b->i++] : 0;
}

static unsigned pick(struct bytes *b, unsigned n)
{
	return next(b) % n;
}

static const char *const devices[3] = {
	"01K7WW8400F2Y90247T47Y0TS0", "01K7WW8400F2Y90247T47Y0TS1", "01K7WW8400F2Y90247T47Y0TS2",
};
static const char *const owners[3] = { "aiko", "ken", "dana" };
static const char *const accounts[3] = { "ACC-0001", "ACC-0002", "ACC-0003" };
static const char *const days[6] = {
	"2026-11-01", "2026-11-20", "2026-11-23", "2026-11-24", "2026-12-10", "2027-01-15",
};
static const char *const summaries[4] = { "Kickoff", "QBR", "Renewal call", "定例会議" };
static const char *const texts[4] = { "Went well", "Champion left", "予算が削減された", "" };
static const char *const categories[4] = { "champion_left", "competitor", "budget", "hard_to_use" };
static const char *const statuses[2] = { "open", "resolved" };
static const char *const note_kinds[5] = { "call", "meeting", "email", "chat", "internal" };
static const char *const touch_kinds[4] = { "call", "qbr", "renewal", "onboarding" };
/* issue 17's: opportunities and feedback */
static const char *const opp_kinds[3] = { "upsell", "cross-sell", "seats" };
static const char *const opp_stages[4] = { "discovery", "proposal", "commit", "board_review" };
static const char *const currencies[2] = { "USD", "JPY" };
static const char *const areas[3] = { "reporting", "mobile", "integrations" };
static const char *const requests[4] = { "bug", "missing_feature", "usability", "praise" };

/* A ULID: a fixed time part, a tag and a counter in Crockford base32. */
static void make_ulid(char tag, unsigned n, char out[ULID_SIZE])
{
	static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	memcpy(out, "01JD7Y3Q8M", 10);
	out[10] = tag;
	for (int i = 25; i >= 11; i--, n /= 32)
		out[i] = b32[n % 32];
	out[26] = '\0';
}

struct gen {
	struct bytes in;
	struct event ev[MAX_EVENTS];
	size_t n;
	int64_t seq[3];
	struct hlc last[3];          /* per device: its clock only moves forward */
	unsigned ids;
};

static void add_string(struct sbuf *b, const char *key, const char *value, bool *first)
{
	json_object *s = json_object_new_string(value);
	sbuf_addf(b, "%s\"%s\":%s", *first ? "" : ",", key, json_object_to_json_string(s));
	json_object_put(s);
	*first = false;
}

static void add_raw(struct sbuf *b, const char *key, const char *json, bool *first)
{
	sbuf_addf(b, "%s\"%s\":%s", *first ? "" : ",", key, json);
	*first = false;
}

/* The data of an event of type t, valid for it. */
static void make_data(struct gen *g, enum event_type t, struct sbuf *d)
{
	struct bytes *in = &g->in;
	bool first = true;
	char num[8];
	sbuf_addc(d, '{');
	switch (t) {
	case EVENT_NOTE_ADD:
		add_string(d, "kind", note_kinds[pick(in, 5)], &first);
		if (pick(in, 2)) {
			str_format(num, sizeof(num), "%u", 1 + pick(in, 9));
			add_raw(d, "sentiment", num, &first);
		}
		add_string(d, "summary", summaries[pick(in, 4)], &first);
		if (pick(in, 2))
			add_string(d, "text", texts[pick(in, 4)], &first);
		add_string(d, "touch_day", days[pick(in, 6)], &first);
		break;
	case EVENT_NOTE_EDIT: {
		unsigned mask = 1 + pick(in, 31);
		if (mask & 1)
			add_string(d, "kind", note_kinds[pick(in, 5)], &first);
		if (mask & 2) {
			unsigned s = pick(in, 10);
			str_format(num, sizeof(num), "%u", s);
			add_raw(d, "sentiment", s ? num : "null", &first);
		}
		if (mask & 4)
			add_string(d, "summary", summaries[pick(in, 4)], &first);
		if (mask & 8) {
			if (pick(in, 4))
				add_string(d, "text", texts[pick(in, 4)], &first);
			else
				add_raw(d, "text", "null", &first);
		}
		if (mask & 16)
			add_string(d, "touch_day", days[pick(in, 6)], &first);
		break;
	}
	case EVENT_RISK_OPEN:
		add_string(d, "category", categories[pick(in, 4)], &first);
		add_string(d, "severity", event_severities[pick(in, 3)], &first);
		add_string(d, "text", texts[pick(in, 3)], &first);
		add_string(d, "opened_day", days[pick(in, 6)], &first);
		if (pick(in, 2))
			add_string(d, "owner", owners[pick(in, 3)], &first);
		break;
	case EVENT_RISK_UPDATE: {
		unsigned mask = 1 + pick(in, 31);
		if (mask & 1)
			add_string(d, "category", categories[pick(in, 4)], &first);
		if (mask & 2)
			add_string(d, "severity", event_severities[pick(in, 3)], &first);
		if (mask & 4)
			add_string(d, "text", texts[pick(in, 3)], &first);
		if (mask & 8)
			add_string(d, "status", statuses[pick(in, 2)], &first);
		if (mask & 16)
			add_string(d, "owner", owners[pick(in, 3)], &first);
		break;
	}
	case EVENT_RISK_RESOLVE:
		if (pick(in, 2))
			add_string(d, "text", texts[pick(in, 4)], &first);
		add_string(d, "resolved_day", days[pick(in, 6)], &first);
		break;
	case EVENT_TOUCH_SCHEDULE:
		add_string(d, "due_day", days[pick(in, 6)], &first);
		if (pick(in, 2))
			add_string(d, "kind", touch_kinds[pick(in, 4)], &first);
		if (pick(in, 2))
			add_string(d, "note", texts[pick(in, 4)], &first);
		break;
	case EVENT_TOUCH_RESCHEDULE:
		add_string(d, "due_day", days[pick(in, 6)], &first);
		if (pick(in, 2))
			add_string(d, "reason", summaries[pick(in, 4)], &first);
		break;
	case EVENT_TOUCH_DONE:
		add_string(d, "done_day", days[pick(in, 6)], &first);
		if (pick(in, 2))
			add_string(d, "note", texts[pick(in, 4)], &first);
		break;
	case EVENT_TOUCH_SNOOZE:
		add_string(d, "until_day", days[pick(in, 6)], &first);
		add_string(d, "reason", summaries[pick(in, 4)], &first);
		break;
	case EVENT_COVER_SET: {
		unsigned from = pick(in, 6), until = from + pick(in, 6 - from);
		add_string(d, "absent", owners[pick(in, 3)], &first);
		add_string(d, "covered_by", owners[pick(in, 3)], &first);
		add_string(d, "from_day", days[from], &first);
		add_string(d, "until_day", days[until], &first);
		break;
	}
	case EVENT_OPPORTUNITY_OPEN:
	case EVENT_OPPORTUNITY_UPDATE: {
		/* open: every field (owner optional); update: some, an amount with its currency */
		unsigned mask = t == EVENT_OPPORTUNITY_OPEN ? 15 | (pick(in, 2) << 4) : 1 + pick(in, 31);
		if (mask & 1)
			add_string(d, "kind", opp_kinds[pick(in, 3)], &first);
		if (mask & 2) {
			str_format(num, sizeof(num), "%u", 100 * pick(in, 50));
			add_raw(d, "amount", num, &first);
			add_string(d, "currency", currencies[pick(in, 2)], &first);
		}
		if (mask & 4)
			add_string(d, "stage", opp_stages[pick(in, 4)], &first);
		if (mask & 8)
			add_string(d, "close_day", days[pick(in, 6)], &first);
		if (mask & 16)
			add_string(d, "owner", owners[pick(in, 3)], &first);
		break;
	}
	case EVENT_OPPORTUNITY_CLOSE:
		add_string(d, "outcome", pick(in, 2) ? "won" : "lost", &first);
		add_string(d, "closed_day", days[pick(in, 6)], &first);
		if (pick(in, 2))
			add_string(d, "note", summaries[pick(in, 4)], &first);
		break;
	case EVENT_FEEDBACK_ADD:
		add_string(d, "area", areas[pick(in, 3)], &first);
		add_string(d, "request", requests[pick(in, 4)], &first);
		add_string(d, "text", summaries[pick(in, 4)], &first);
		add_string(d, "day", days[pick(in, 6)], &first);
		if (pick(in, 2)) {
			str_format(num, sizeof(num), "%u", 1000 * pick(in, 50));
			add_raw(d, "arr", num, &first);
			add_string(d, "currency", currencies[pick(in, 2)], &first);
		} else {
			add_raw(d, "arr", "null", &first);
			add_raw(d, "currency", "null", &first);
		}
		break;
	default:   /* note.delete, cover.clear: no fields */
		break;
	}
	sbuf_addc(d, '}');
}

/* Makes one event as a teammate's segment line and reads it with
 * event_from_json() into g->ev[g->n++]. base: NULL for a create. */
static void add_event(struct gen *g, enum event_type t, const char *entity, const char *account,
		      const char *base, unsigned dev)
{
	struct sbuf d = { 0 }, line = { 0 };
	char id[ULID_SIZE], hlc[HLC_TEXT_SIZE];
	/* clocks tie across devices (1 s steps, small counters) but move
	 * forward on each device, as hlc_tick() makes them */
	struct hlc h = { 1795435200000ull + 1000ull * pick(&g->in, 16), pick(&g->in, 3) };
	if (hlc_compare(h, g->last[dev]) <= 0)
		h = (struct hlc){ g->last[dev].ms, g->last[dev].counter + 1 };
	g->last[dev] = h;
	hlc_format(h, hlc);
	make_ulid('E', g->ids++, id);
	make_data(g, t, &d);
	const char *type = event_type_name(t);
	int version = t == EVENT_RISK_OPEN || t == EVENT_RISK_UPDATE ? 2 : 1;
	sbuf_addc(&line, '{');
	if (account)
		sbuf_addf(&line, "\"account\":\"%s\",", account);
	sbuf_addf(&line, "\"author\":\"%s\",", owners[dev]);
	if (base)
		sbuf_addf(&line, "\"base\":\"%s\",", base);
	sbuf_addf(&line, "\"data\":%s,\"device\":\"%s\",\"entity\":\"%s\",\"hlc\":\"%s\",\"id\":\"%s\","
		  "\"seq\":%lld,\"type\":\"%s\",\"version\":%d}",
		  d.data, devices[dev], entity, hlc, id, (long long)++g->seq[dev], type, version);
	json_object *obj = json_tokener_parse(line.data);
	FUZZ_CHECK(obj != NULL, "the harness made bad JSON: %s", line.data);
	if (event_from_json(obj, &g->ev[g->n]) != 0)
		FUZZ_CHECK(0, "the harness made an invalid event (%s): %s", error_message(), line.data);
	g->n++;
	json_object_put(obj);
	sbuf_free(&d);
	sbuf_free(&line);
}

static const enum event_type updates[6][4] = {
	{ EVENT_NOTE_EDIT, EVENT_NOTE_EDIT, EVENT_NOTE_EDIT, EVENT_NOTE_DELETE },
	{ EVENT_RISK_UPDATE, EVENT_RISK_UPDATE, EVENT_RISK_UPDATE, EVENT_RISK_RESOLVE },
	{ EVENT_TOUCH_RESCHEDULE, EVENT_TOUCH_DONE, EVENT_TOUCH_SNOOZE, EVENT_TOUCH_RESCHEDULE },
	{ EVENT_COVER_SET, EVENT_COVER_SET, EVENT_COVER_SET, EVENT_COVER_CLEAR },
	{ EVENT_OPPORTUNITY_UPDATE, EVENT_OPPORTUNITY_UPDATE, EVENT_OPPORTUNITY_UPDATE, EVENT_OPPORTUNITY_CLOSE },
	/* a feedback has no update: feedback.add again is a create (a duplicate id) */
	{ EVENT_FEEDBACK_ADD, EVENT_FEEDBACK_ADD, EVENT_FEEDBACK_ADD, EVENT_FEEDBACK_ADD },
};
static const enum event_type creates[6] = {
	EVENT_NOTE_ADD, EVENT_RISK_OPEN, EVENT_TOUCH_SCHEDULE, EVENT_COVER_SET, EVENT_OPPORTUNITY_OPEN,
	EVENT_FEEDBACK_ADD,
};
static const char *const kinds[6] = { "note", "risk", "touch", "cover", "opportunity", "feedback" };

static bool types_creates(enum event_type t)
{
	for (size_t i = 0; i < ARRAY_SIZE(creates); i++)
		if (creates[i] == t)
			return true;
	return false;
}

static void generate(struct gen *g)
{
	unsigned nent = 1 + pick(&g->in, MAX_ENTITIES);
	for (unsigned k = 0; k < nent; k++) {
		unsigned kind = pick(&g->in, ARRAY_SIZE(kinds)), nev = 1 + pick(&g->in, MAX_PER_ENTITY);
		char ulid[ULID_SIZE], entity[48];
		make_ulid('N', k, ulid);
		str_format(entity, sizeof(entity), "%s/%s", kinds[kind], ulid);
		const char *account = kind == 3 ? NULL : accounts[pick(&g->in, 3)];
		size_t first = g->n;
		unsigned dev = pick(&g->in, 3);
		add_event(g, creates[kind], entity, account, NULL, dev);
		for (unsigned j = 1; j < nev; j++) {
			unsigned what = next(&g->in);
			dev = pick(&g->in, 3);
			if (what % 16 == 0 && kind != 3) {
				/* the same entity created again, elsewhere, on any account */
				add_event(g, creates[kind], entity, accounts[pick(&g->in, 3)], NULL, dev);
				continue;
			}
			/* the base: the hlc of a write of this entity made before */
			char base[HLC_TEXT_SIZE];
			hlc_format(g->ev[first + pick(&g->in, (unsigned)(g->n - first))].hlc, base);
			enum event_type t = updates[kind][what % 4];
			/* a coverage has no update: cover.set again is a create */
			add_event(g, t, entity, account, types_creates(t) ? NULL : base, dev);
		}
	}
}

static void ingest(struct store *st, struct event *ev, const size_t *order, size_t n, bool one_tx)
{
	if (one_tx)
		FUZZ_CHECK(store_begin(st) == 0, "%s", error_message());
	for (size_t i = 0; i < n; i++) {
		bool inserted;
		if (!one_tx)
			FUZZ_CHECK(store_begin(st) == 0, "%s", error_message());
		FUZZ_CHECK(event_ingest(st, &ev[order[i]], "fuzz.jsonl", &inserted) == 0,
			   "event_ingest: %s", error_message());
		FUZZ_CHECK(inserted, "event %zu not new", order[i]);
		if (!one_tx)
			FUZZ_CHECK(store_commit(st) == 0, "%s", error_message());
	}
	if (one_tx)
		FUZZ_CHECK(store_commit(st) == 0, "%s", error_message());
}

/* Every column of every account_summary row, as text. */
static char *portfolio(struct store *st)
{
	struct sbuf b = { 0 };
	sqlite3_stmt *s;
	FUZZ_CHECK(store_prepare(st, "SELECT * FROM account_summary ORDER BY 1", &s) == 0, "%s",
		   error_message());
	while (sqlite3_step(s) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(s); c++) {
			const char *v = (const char *)sqlite3_column_text(s, c);
			sbuf_addf(&b, "%s%s=%s", c ? " " : "", sqlite3_column_name(s, c), v ? v : "NULL");
		}
		sbuf_addc(&b, '\n');
	}
	sqlite3_finalize(s);
	return b.data ? b.data : xstrdup("");
}

static int conflict_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The conflict list as sorted text lines. */
static char *conflicts(struct store *st)
{
	struct conflict *c = NULL;
	size_t n = 0;
	FUZZ_CHECK(conflicts_list(st, &c, &n) == 0, "conflicts_list: %s", error_message());
	char **lines = xcalloc(n ? n : 1, sizeof(*lines));
	for (size_t i = 0; i < n; i++)
		lines[i] = xasprintf("%s %s win %s %s %s lose %s %s %s acc %s", c[i].entity, c[i].field,
				     c[i].winner_event, c[i].winner_author,
				     c[i].winner_value ? c[i].winner_value : "NULL", c[i].loser_event,
				     c[i].loser_author, c[i].loser_value ? c[i].loser_value : "NULL",
				     c[i].account ? c[i].account : "-");
	qsort(lines, n, sizeof(*lines), conflict_cmp);
	struct sbuf b = { 0 };
	for (size_t i = 0; i < n; i++) {
		sbuf_addf(&b, "%s\n", lines[i]);
		free(lines[i]);
	}
	free(lines);
	conflicts_free(c, n);
	return b.data ? b.data : xstrdup("");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gen *g = xcalloc(1, sizeof(*g));
	g->in = (struct bytes){ data, size, 0 };
	generate(g);

	size_t order1[MAX_EVENTS], order2[MAX_EVENTS];
	for (size_t i = 0; i < g->n; i++)
		order1[i] = order2[i] = i;
	for (size_t i = g->n; i > 1; i--) {
		size_t j = next(&g->in) % i, t = order2[i - 1];
		order2[i - 1] = order2[j];
		order2[j] = t;
	}

	struct store a, b;
	fuzz_store(&a);
	fuzz_store(&b);
	ingest(&a, g->ev, order1, g->n, false);
	ingest(&b, g->ev, order2, g->n, true);

	char *da = state_dump(&a), *db = state_dump(&b);
	FUZZ_CHECK(da && db, "state_dump: %s", error_message());
	FUZZ_CHECK(strcmp(da, db) == 0, "two orders of %zu events, two dumps:\n%s\n---\n%s", g->n, da,
		   db);
	char *pa = portfolio(&a), *pb = portfolio(&b);
	FUZZ_CHECK(strcmp(pa, pb) == 0, "two orders of %zu events, two portfolios:\n%s\n---\n%s",
		   g->n, pa, pb);
	char *ca = conflicts(&a), *cb = conflicts(&b);
	FUZZ_CHECK(strcmp(ca, cb) == 0, "two orders, two conflict lists:\n%s\n---\n%s", ca, cb);

	FUZZ_CHECK(state_rebuild(&a) == 0, "state_rebuild: %s", error_message());
	char *dr = state_dump(&a), *pr = portfolio(&a);
	FUZZ_CHECK(dr && strcmp(da, dr) == 0, "state_rebuild changes the dump:\n%s\n---\n%s", da, dr);
	FUZZ_CHECK(strcmp(pa, pr) == 0, "state_rebuild changes the portfolio:\n%s\n---\n%s", pa, pr);

	free(dr), free(pr), free(ca), free(cb), free(pa), free(pb), free(da), free(db);
	store_close(&a);
	store_close(&b);
	for (size_t i = 0; i < g->n; i++)
		event_free(&g->ev[i]);
	free(g);
	return 0;
}
