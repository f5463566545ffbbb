/* cmd_handoff.c - `csconsole handoff OWNER`: the brief of an absent owner's
 * accounts (text, markdown to share, or json), with the covering CSM's
 * review marks; and `csconsole changes [OWNER]`: what teammates did on the
 * owner's accounts while they were out (handoff.h). */
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/playbook.h"
#include "csconsole/display.h"
#include "csconsole/app.h"
#include "csconsole/book.h"
#include "csconsole/csvout.h"
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/exitcode.h"
#include "csconsole/i18n.h"
#include "csconsole/handoff.h"
#include "csconsole/text.h"
#include "csconsole/writer.h"

static const char *const handoff_usage = N_(
	"usage: csconsole handoff OWNER [--from DAY --until DAY]\n"
	"                         [--format text|markdown|json|csv [--excel] [--encoding E] [--raw]]\n"
	"       csconsole handoff OWNER [--from DAY --until DAY] --reviewed|--unreviewed CRMID\n"
	"\n"
	"The brief of OWNER's accounts for the CSMs who cover them while OWNER is away:\n"
	"per account (main owner OWNER), who covers it (the absence's cover, else the\n"
	"sub owner), health now and over 4 and 12 weeks, the last touch and the\n"
	"sentiment trend, open risks, the touchpoints and the renewal that fall in the\n"
	"absence or the 30 days after it, the last three notes, the champion, and\n"
	"whether it was marked reviewed. The most urgent accounts first (overdue\n"
	"touchpoints, then the nearest renewal weighted by health). The absence is\n"
	"OWNER's current or next one (feeds/team.yaml or `csconsole cover`), or the\n"
	"days given, e.g. for a brief of my own before I leave.\n"
	"\n"
	"  --from DAY, --until DAY  the absence's first and last day: YYYY-MM-DD, today,\n"
	"                           tomorrow, +3d, +2w, a weekday...\n"
	"  --format F               text (default), markdown (a document to share), json,\n"
	"                           or csv: one row per line of the brief (record account,\n"
	"                           risk, touchpoint, renewal or note, with its id: the CRM\n"
	"                           id or the ULID), the account's figures on every row\n"
	"  --reviewed CRMID         mark that account of the brief reviewed by me (shared\n"
	"                           with the team at the next sync: the owner sees it)\n"
	"  --unreviewed CRMID       take that mark back (shared too)\n");

static const char *const changes_usage = N_(
	"usage: csconsole changes [OWNER] [--since DAY]\n"
	"                         [--format text|json|csv [--excel] [--encoding E] [--raw]]\n"
	"\n"
	"While you were out: on OWNER's accounts (main or sub owner; default: me), the\n"
	"notes, risks and touchpoints teammates wrote since DAY, each with its author\n"
	"and day, and the health scores that moved by 5 points or more. DAY defaults to\n"
	"the first day of OWNER's last absence that has ended, else 7 days ago.\n"
	"\n"
	"  --since DAY   YYYY-MM-DD, yesterday, -2w, a weekday...\n"
	"  --format F    text (default), json or csv (one row per change: record note,\n"
	"                risk, touch, review or health; the entity and its id)\n");

/* ---- Shared helpers ------------------------------------------------------------ */

static void add(json_object *o, const char *k, json_object *v)
{
	json_object_object_add(o, k, v);
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* s padded (or cut, with an ellipsis) to `width` display cells. */
static const char *cell(const char *s, int width, char *buf, size_t size)
{
	text_fit(s, width, true, buf, size);
	return buf;
}

static int fail(const char *cmd, int code)
{
	char *msg = text_sanitize(error_message(), false);
	fprintf(stderr, "csconsole %s: %s\n", cmd, msg);
	free(msg);
	return code;
}

static void person(const char *handle, const char *name, char *out, size_t size)
{
	if (!*handle)
		str_copy(out, size, _("nobody (no sub owner)"));
	else
		detail_person(handle, name, out, size);
}

static void reviewed_at(int64_t ts, const struct app *app, char *out, size_t size)
{
	char day[64];
	int64_t d = ts >= 0 ? ts / 86400 : (ts - 86399) / 86400, sec = ts - d * 86400;
	display_day(&app->cfg, (int)d, day, sizeof(day));
	str_format(out, size, "%s %02d:%02d UTC", day, (int)(sec / 3600), (int)(sec / 60 % 60));
}

static void sparkline(const struct handoff_account *a, char *out, size_t size)
{
	struct book_row r;
	memset(&r, 0, sizeof(r));
	for (size_t i = 0; i < a->n_weekly; i++)
		r.spark[i] = (float)a->weekly[i];
	r.n_spark = (int)a->n_weekly;
	book_sparkline(&r, text_glyphs_unicode(), out, size);
}

static void health_line(const struct handoff_account *a, char *out, size_t size)
{
	const struct account_detail *d = &a->d;
	char w4[64] = "", w12[64] = "";
	if (!d->has_health) {
		str_copy(out, size, _("- (no health snapshots)"));
		return;
	}
	if (d->has_delta)
		str_format(w4, sizeof(w4), _(", 4 weeks %+ld"), health_round(d->delta4w));
	if (a->has_delta12)
		str_format(w12, sizeof(w12), _(", 12 weeks %+ld"), health_round(a->delta12w));
	str_format(out, size, "%ld (%s)%s%s", health_round(d->health_score), d->band, w4, w12);
}

static void sentiment_trend(const struct app *app, const struct handoff_account *a, const char *arrow,
			    char *out, size_t size)
{
	struct sbuf b = { 0 };
	const struct strlist *labels = &app->cfg.sentiment_labels;
	for (size_t i = 0; i < a->n_sentiments; i++)
		sbuf_addf(&b, "%s%d", i ? arrow : "", a->sentiments[i]);
	if (a->n_sentiments) {
		int last = a->sentiments[a->n_sentiments - 1];
		if (last >= 1 && (size_t)last <= labels->len) {
			char *clean = text_sanitize(sentiment_label(&app->cfg, last), false);
			sbuf_addf(&b, _(" (oldest first; last: %s)"), clean);
			free(clean);
		} else {
			sbuf_adds(&b, _(" (oldest first)"));
		}
	}
	str_copy(out, size, b.len ? sbuf_str(&b) : _("- (no note with a sentiment)"));
	sbuf_free(&b);
}

/* The stable id of an item's kind (json, csv). */
static const char *item_id(const struct handoff_item *it)
{
	return it->renewal ? "renewal" : "touchpoint";
}

/* The same as people read it. */
static const char *item_what(const struct handoff_item *it)
{
	/* TRANSLATORS: what falls in the absence's window: a renewal or a touchpoint */
	return it->renewal ? _("renewal") : _("touchpoint");
}

/* The column of item_what: the wider of its two words, 10 cells at least. */
static int what_width(void)
{
	int w = text_width(_("touchpoint")), r = text_width(_("renewal"));
	w = w > r ? w : r;
	return w > 10 ? w : 10;
}

/* When an item falls (handoff_when_name: overdue, during, after) as people read it. */
static const char *when_label(enum handoff_when w)
{
	/* TRANSLATORS: an item of the handoff window: overdue already, during the
	 * absence, in the days after it */
	switch (w) {
	case HANDOFF_OVERDUE: return _("overdue");
	case HANDOFF_DURING: return _("during");
	case HANDOFF_AFTER: return _("after");
	}
	return "";
}

/* ---- Text ------------------------------------------------------------------------- */

#define LABEL 12

/* The labels of an account's lines, translated (N_: drawn with _()). */
static const char *const labels[] = {
	N_("covered by"), N_("health"), N_("last touch"), N_("sentiment"), N_("open risks"),
	N_("blind spot"), N_("champion"), N_("renewal"), N_("window"), N_("notes"), N_("reviewed"),
};

/* A line's label in a column as wide as the widest label (LABEL cells at least). */
static void label(const char *l)
{
	static int width;
	if (!width) {
		width = LABEL;
		for (size_t i = 0; i < ARRAY_SIZE(labels); i++)
			if (text_width(_(labels[i])) + 1 > width)
				width = text_width(_(labels[i])) + 1;
	}
	fputs("  ", stdout);
	app_pad(stdout, *l ? _(l) : "", width);
}

static void print_text_head(const struct app *app, const struct handoff *h)
{
	const struct handoff_absence *ab = &h->absence;
	char a[64], z[64], e[64], who[256], covers[512];

	display_day(&app->cfg, ab->from, a, sizeof(a));
	display_day(&app->cfg, ab->until, z, sizeof(z));
	display_day(&app->cfg, h->window_end, e, sizeof(e));
	detail_person(ab->owner, ab->owner_name, who, sizeof(who));
	if (*ab->reason)
		printf(_("Handoff brief: %s, away %s .. %s (%s)\n"), who, a, z, ab->reason);
	else
		printf(_("Handoff brief: %s, away %s .. %s\n"), who, a, z);
	handoff_cover_summary(h, covers, sizeof(covers));
	if (*ab->covered_by) {
		detail_person(ab->covered_by, ab->covered_by_name, who, sizeof(who));
		printf(_("Covered by: %s\n"), who);
	} else {
		printf(_("Covered by: each account's sub owner: %s\n"), h->n ? covers : "-");
	}
	printf(P_("Window: %s .. %s (the absence and the %d days after); %zu account, most urgent first\n",
		  "Window: %s .. %s (the absence and the %d days after); %zu accounts, most urgent first\n",
		  h->n), a, e, HANDOFF_AFTER_DAYS, h->n);
}

/* Column widths of the text brief, from what it holds (display cells). */
struct widths {
	int author, label;
};

static int widest(int w, const char *s, int cap)
{
	int x = text_width(s);
	return x > w ? (x < cap ? x : cap) : w;
}

static void text_widths(const struct app *app, const struct handoff *h, struct widths *w)
{
	w->author = 6;
	w->label = 1;
	for (size_t i = 0; i < app->cfg.sentiment_labels.len; i++)
		w->label = widest(w->label, sentiment_label(&app->cfg, (int)i + 1), 20);
	for (size_t i = 0; i < h->n; i++) {
		const struct handoff_account *a = &h->accounts[i];
		for (size_t j = 0; j < a->d.n_notes && j < HANDOFF_NOTES; j++)
			w->author = widest(w->author, a->d.notes[j].author, 16);
	}
}

static void print_text_account(const struct app *app, const struct widths *w, const struct handoff_account *a)
{
	const struct account_detail *d = &a->d;
	char buf[512], day[64], c1[128], c2[128], c3[128], spark[128];
	bool first;

	printf("\n%s  %s\n", d->crm_id, d->name);
	label("covered by");
	person(a->covering, a->covering_name, buf, sizeof(buf));
	puts(buf);

	label("health");
	health_line(a, buf, sizeof(buf));
	sparkline(a, spark, sizeof(spark));
	printf("%s%s%s\n", buf, *spark ? "  " : "", spark);

	label("last touch");
	if (d->last_touch.day != DAY_NONE) {
		display_day(&app->cfg, d->last_touch.day, day, sizeof(day));
		handoff_touch_kind(&d->last_touch, buf, sizeof(buf));
		printf(_("%s %s by %s\n"), day, buf, d->last_touch.author);
	} else {
		puts(_("- (no touch)"));
	}
	label("sentiment");
	sentiment_trend(app, a, " ", buf, sizeof(buf));
	puts(buf);

	label("open risks");
	first = true;
	for (size_t i = 0; i < d->n_risks; i++) {
		const struct detail_risk *r = &d->risks[i];
		if (!r->open)
			continue;
		if (!first)
			label("");
		display_day(&app->cfg, r->opened_day, day, sizeof(day));
		printf("%s %s %s (%s, %s)\n", cell(severity_label(r->severity), 6, c1, sizeof(c1)),
		       cell(risk_category_label(&app->cfg, r->category), 20, c2, sizeof(c2)), r->text, r->author, day);
		first = false;
	}
	if (first)
		puts(_("none"));
	if (a->blind.flag != BLINDSPOT_NONE) {
		label("blind spot");
		printf("%s: %s\n", blindspot_flag_name(a->blind.flag), a->blind.reason);
	}

	label("champion");
	printf("%s%s%s%s (%s)\n", or_dash(d->champion), *d->champion_email ? " <" : "", d->champion_email,
	       *d->champion_email ? ">" : "", d->champion_status);

	label("renewal");
	if (d->renewal_day == DAY_NONE) {
		puts("-");
	} else {
		display_day(&app->cfg, d->renewal_day, day, sizeof(day));
		printf(_("%s (%d days left)\n"), day, d->days_left);
	}

	label("window");
	if (!a->n_items)
		puts(_("no touchpoint or renewal"));
	for (size_t i = 0; i < a->n_items; i++) {
		const struct handoff_item *it = &a->items[i];
		if (i)
			label("");
		display_day(&app->cfg, it->day, day, sizeof(day));
		printf("%s  %s %s", day, cell(when_label(it->when), 8, c1, sizeof(c1)),
		       it->touch ? cell(item_what(it), what_width(), c2, sizeof(c2)) : item_what(it));
		if (it->touch) {
			const struct detail_touch *t = it->touch;
			printf(" %s %s", cell(touch_kind_label(or_dash(t->kind)), 10, c3, sizeof(c3)), cell(touch_status_label(t->status), 7, c1, sizeof(c1)));
			struct sbuf pb = {0};
			if (*t->note)
				printf(_(" by %s: %s"), t->author, playbook_note_text(&app->cfg, t->note, &pb));
			else
				printf(_(" by %s"), t->author);
			sbuf_free(&pb);
		}
		putchar('\n');
	}

	label("notes");
	if (!d->n_notes)
		puts(_("none"));
	for (size_t i = 0; i < d->n_notes && i < HANDOFF_NOTES; i++) {
		const struct detail_note *n = &d->notes[i];
		if (i)
			label("");
		display_day(&app->cfg, n->touch_day, day, sizeof(day));
		printf("%s  %s %s %s %s\n", day, cell(n->author, w->author, c1, sizeof(c1)),
		       cell(touch_kind_label(n->kind), 8, c2, sizeof(c2)), cell(sentiment_label(&app->cfg, n->sentiment), w->label, c3, sizeof(c3)),
		       n->summary);
	}

	label("reviewed");
	if (a->reviewed) {
		reviewed_at(a->reviewed_at, app, buf, sizeof(buf));
		if (a->review_local)
			printf(_("yes, by %s on %s (local mark, not shared)\n"), a->reviewer, buf);
		else
			printf(_("yes, by %s on %s\n"), a->reviewer, buf);
	} else {
		puts(_("not yet"));
	}
}

/* ---- Markdown ------------------------------------------------------------------- */

/* s with Markdown's special characters escaped, for a printf argument: a
 * ring of buffers, each valid until eight more calls. */
static const char *mdq(const char *s)
{
	static struct sbuf ring[8];
	static unsigned next;
	struct sbuf *b = &ring[next++ % ARRAY_SIZE(ring)];
	sbuf_reset(b);
	for (; *s; s++) {
		if (strchr("\\`*_[]<>|#", *s))
			sbuf_addc(b, '\\');
		sbuf_addc(b, *s);
	}
	return sbuf_str(b);
}

static void print_md(const struct app *app, const struct handoff *h)
{
	const struct handoff_absence *ab = &h->absence;
	char a[64], z[64], e[64], buf[512], day[64], spark[128];

	display_day(&app->cfg, ab->from, a, sizeof(a));
	display_day(&app->cfg, ab->until, z, sizeof(z));
	display_day(&app->cfg, h->window_end, e, sizeof(e));
	detail_person(ab->owner, ab->owner_name, buf, sizeof(buf));
	printf(_("# Handoff brief: %s, %s to %s\n\n"), mdq(buf), a, z);
	if (*ab->reason)
		printf(_("- **Away:** %s to %s (%s)"), a, z, mdq(ab->reason));
	else
		printf(_("- **Away:** %s to %s"), a, z);
	if (*ab->covered_by) {
		detail_person(ab->covered_by, ab->covered_by_name, buf, sizeof(buf));
		printf(_("\n- **Covered by:** %s"), mdq(buf));
	} else {
		handoff_cover_summary(h, buf, sizeof(buf));
		printf(_("\n- **Covered by:** each account's sub owner: %s"), mdq(h->n ? buf : "-"));
	}
	display_day(&app->cfg, h->today, day, sizeof(day));
	printf(_("\n- **Window:** the absence and the %d days after, to %s\n"), HANDOFF_AFTER_DAYS, e);
	printf(_("- **Accounts:** %zu, most urgent first (as of %s)\n"), h->n, day);

	for (size_t k = 0; k < h->n; k++) {
		const struct handoff_account *x = &h->accounts[k];
		const struct account_detail *d = &x->d;
		bool any = false;

		printf("\n## %s %s", d->crm_id, mdq(d->name));
		person(x->covering, x->covering_name, buf, sizeof(buf));
		printf(_("\n\n- **Covered by:** %s"), mdq(buf));
		health_line(x, buf, sizeof(buf));
		sparkline(x, spark, sizeof(spark));
		if (*spark)
			printf(_("\n- **Health:** %s `%s`\n"), buf, spark);
		else
			printf(_("\n- **Health:** %s\n"), buf);
		if (d->last_touch.day != DAY_NONE) {
			display_day(&app->cfg, d->last_touch.day, day, sizeof(day));
			handoff_touch_kind(&d->last_touch, buf, sizeof(buf));
			printf(_("- **Last touch:** %s, %s, by %s"), day, mdq(buf), mdq(d->last_touch.author));
		} else {
			fputs(_("- **Last touch:** none"), stdout);
		}
		sentiment_trend(app, x, " → ", buf, sizeof(buf));
		printf(_("\n- **Sentiment:** %s"), mdq(buf));
		fputs(_("\n- **Open risks:**"), stdout);
		for (size_t i = 0; i < d->n_risks; i++) {
			const struct detail_risk *r = &d->risks[i];
			if (!r->open)
				continue;
			display_day(&app->cfg, r->opened_day, day, sizeof(day));
			printf("\n  - %s %s: %s (%s, %s)", severity_label(r->severity), mdq(risk_category_label(&app->cfg, r->category)), mdq(r->text), mdq(r->author),
			       day);
			any = true;
		}
		if (!any)
			fputs(_(" none"), stdout);
		if (x->blind.flag != BLINDSPOT_NONE)
			printf(_("\n- **Blind spot:** %s: %s"), blindspot_flag_name(x->blind.flag), mdq(x->blind.reason));
		if (*d->champion_email)
			printf(_("\n- **Champion:** %s (%s), %s"), mdq(or_dash(d->champion)), mdq(d->champion_email),
			       d->champion_status);
		else
			printf(_("\n- **Champion:** %s, %s"), mdq(or_dash(d->champion)), d->champion_status);
		if (d->renewal_day == DAY_NONE) {
			fputs(_("\n- **Renewal:** -"), stdout);
		} else {
			display_day(&app->cfg, d->renewal_day, day, sizeof(day));
			printf(_("\n- **Renewal:** %s (%d days left)"), day, d->days_left);
		}
		if (x->reviewed) {
			reviewed_at(x->reviewed_at, app, buf, sizeof(buf));
			if (x->review_local)
				printf(_("\n- **Reviewed:** yes, by %s on %s (local mark, not shared)\n"),
				       mdq(x->reviewer), buf);
			else
				printf(_("\n- **Reviewed:** yes, by %s on %s\n"), mdq(x->reviewer), buf);
		} else {
			fputs(_("\n- **Reviewed:** not yet\n"), stdout);
		}

		if (x->n_items) {
			fputs(_("\n| Day | When | What | Kind | Status | By | Note |\n"), stdout);
			fputs("|---|---|---|---|---|---|---|\n", stdout);
			for (size_t i = 0; i < x->n_items; i++) {
				const struct handoff_item *it = &x->items[i];
				const struct detail_touch *t = it->touch;
				display_day(&app->cfg, it->day, day, sizeof(day));
				struct sbuf pb = {0};
				printf("| %s | %s | %s | %s | %s | %s | %s |\n", day, when_label(it->when),
				       item_what(it), mdq(t ? touch_kind_label(t->kind) : ""),
				       t ? touch_status_label(t->status) : "", mdq(t ? t->author : ""),
				       mdq(t ? playbook_note_text(&app->cfg, t->note, &pb) : ""));
				sbuf_free(&pb);
			}
		} else {
			printf(_("\nNo touchpoint or renewal from %s to %s.\n"), a, e);
		}
		fputs(_("\n**Last notes**\n\n"), stdout);
		if (!d->n_notes)
			fputs(_("None.\n"), stdout);
		for (size_t i = 0; i < d->n_notes && i < HANDOFF_NOTES; i++) {
			const struct detail_note *n = &d->notes[i];
			display_day(&app->cfg, n->touch_day, day, sizeof(day));
			if (*n->sentiment_label)
				printf("- %s, %s, %s, %s: %s\n", day, mdq(n->author), mdq(touch_kind_label(n->kind)),
				       mdq(sentiment_label(&app->cfg, n->sentiment)), mdq(n->summary));
			else
				printf("- %s, %s, %s: %s\n", day, mdq(n->author), mdq(touch_kind_label(n->kind)), mdq(n->summary));
		}
	}
}

/* ---- CSV ---------------------------------------------------------------------- */

/* The id in an entity "kind/<id>" ("" without a slash). */
static const char *entity_id(const char *entity)
{
	const char *slash = strchr(entity, '/');
	return slash ? slash + 1 : "";
}

static void day_iso(int day, char out[11])
{
	if (day == DAY_NONE)
		out[0] = '\0';
	else
		day_format_iso(day, out);
}

/* The brief's columns: what a row is, then the account's figures. */
enum {
	H_ACCOUNT, H_NAME, H_RECORD, H_ID, H_DATE, H_WHEN, H_KIND, H_STATUS, H_SEVERITY, H_CATEGORY,
	H_SENTIMENT, H_AUTHOR, H_TEXT, H_COVERED_BY, H_HEALTH, H_BAND, H_4W, H_12W, H_RENEWAL, H_DAYS,
	H_REVIEWED_BY, H_COUNT
};
static const char *const handoff_head[H_COUNT] = {
	"account", "name", "record", "id", "date", "when", "kind", "status", "severity", "category",
	"sentiment", "author", "text", "covered_by", "health", "band", "health_4w", "health_12w",
	"renewal", "days_left", "reviewed_by",
};

/* One row: the account's figures (acct) and the record's cells (rec,
 * H_RECORD .. H_TEXT; NULL: empty). */
static void csv_row(struct csvout *w, const char *const acct[H_COUNT], const char *const rec[H_COUNT])
{
	for (int f = 0; f < H_COUNT; f++)
		csvout_cell(w, f >= H_RECORD && f <= H_TEXT ? rec[f] : acct[f]);
	csvout_end_row(w);
}

static void csv_account(struct csvout *w, const struct handoff_account *a)
{
	const struct account_detail *d = &a->d;
	const char *acct[H_COUNT] = { 0 }, *rec[H_COUNT] = { 0 };
	char health[16] = "", d4[16] = "", d12[16] = "", renewal[11], days[16] = "", day[11], sent[8];

	acct[H_ACCOUNT] = d->crm_id;
	acct[H_NAME] = d->name;
	acct[H_COVERED_BY] = a->covering;
	if (d->has_health) {
		str_format(health, sizeof(health), "%ld", health_round(d->health_score));
		acct[H_BAND] = d->band;
	}
	if (d->has_delta)
		str_format(d4, sizeof(d4), "%ld", health_round(d->delta4w));
	if (a->has_delta12)
		str_format(d12, sizeof(d12), "%ld", health_round(a->delta12w));
	acct[H_HEALTH] = health;
	acct[H_4W] = d4;
	acct[H_12W] = d12;
	day_iso(d->renewal_day, renewal);
	if (d->renewal_day != DAY_NONE)
		str_format(days, sizeof(days), "%d", d->days_left);
	acct[H_RENEWAL] = renewal;
	acct[H_DAYS] = days;
	acct[H_REVIEWED_BY] = a->reviewed ? a->reviewer : NULL;

	/* The account itself: its last touch, and a blind spot if any. */
	rec[H_RECORD] = "account";
	rec[H_ID] = d->crm_id;
	day_iso(d->last_touch.day, day);
	rec[H_DATE] = day;
	if (d->last_touch.day != DAY_NONE) {
		rec[H_KIND] = d->last_touch.kind;
		rec[H_AUTHOR] = d->last_touch.author;
	}
	rec[H_STATUS] = a->blind.flag != BLINDSPOT_NONE ? blindspot_flag_name(a->blind.flag) : NULL;
	rec[H_TEXT] = a->blind.flag != BLINDSPOT_NONE ? a->blind.reason : NULL;
	csv_row(w, acct, rec);

	for (size_t i = 0; i < d->n_risks; i++) {
		const struct detail_risk *r = &d->risks[i];
		if (!r->open)
			continue;
		memset(rec, 0, sizeof(rec));
		day_iso(r->opened_day, day);
		rec[H_RECORD] = "risk";
		rec[H_ID] = r->id;
		rec[H_DATE] = day;
		rec[H_STATUS] = "open";
		rec[H_SEVERITY] = r->severity;
		rec[H_CATEGORY] = r->category;
		rec[H_AUTHOR] = r->author;
		rec[H_TEXT] = r->text;
		csv_row(w, acct, rec);
	}
	for (size_t i = 0; i < a->n_items; i++) {
		const struct handoff_item *it = &a->items[i];
		const struct detail_touch *t = it->touch;
		memset(rec, 0, sizeof(rec));
		day_iso(it->day, day);
		rec[H_RECORD] = item_id(it);
		rec[H_ID] = t ? t->id : NULL;
		rec[H_DATE] = day;
		rec[H_WHEN] = handoff_when_name(it->when);
		if (t) {
			rec[H_KIND] = t->kind;
			rec[H_STATUS] = t->status;
			rec[H_AUTHOR] = t->author;
			rec[H_TEXT] = t->note;
		}
		csv_row(w, acct, rec);
	}
	for (size_t i = 0; i < d->n_notes && i < HANDOFF_NOTES; i++) {
		const struct detail_note *n = &d->notes[i];
		memset(rec, 0, sizeof(rec));
		day_iso(n->touch_day, day);
		sent[0] = '\0';
		if (n->sentiment)
			str_format(sent, sizeof(sent), "%d", n->sentiment);
		rec[H_RECORD] = "note";
		rec[H_ID] = n->id;
		rec[H_DATE] = day;
		rec[H_KIND] = n->kind;
		rec[H_SENTIMENT] = sent;   /* 1 .. the number of sentiment.labels */
		rec[H_AUTHOR] = n->author;
		rec[H_TEXT] = n->summary;
		csv_row(w, acct, rec);
	}
}

static int print_csv(const struct handoff *h, const struct csvout_opts *o)
{
	struct csvout w;
	int rc = app_csv_begin("handoff", &w, o);
	if (rc != CS_EXIT_OK)
		return rc;
	for (int f = 0; f < H_COUNT; f++)
		csvout_cell(&w, handoff_head[f]);
	csvout_end_row(&w);
	for (size_t i = 0; i < h->n; i++)
		csv_account(&w, &h->accounts[i]);
	return app_csv_end("handoff", &w);
}

/* ---- JSON ------------------------------------------------------------------------- */

static json_object *json_account(const struct handoff_account *a)
{
	const struct account_detail *d = &a->d;
	json_object *o = json_object_new_object(), *hl = json_object_new_object(), *arr;

	add(o, "id", json_object_new_string(d->crm_id));
	add(o, "name", json_object_new_string(d->name));
	add(o, "covered_by", json_person_or_null(a->covering, a->covering_name));
	add(o, "sub_owner", json_person_or_null(d->sub_owner, d->sub_owner_name));
	add(hl, "score", d->has_health ? json_object_new_double(d->health_score) : NULL);
	add(hl, "band", json_string_or_null(d->band));
	add(hl, "date", d->has_health ? json_day_or_null(d->health_day) : NULL);
	add(hl, "delta_4w", d->has_delta ? json_object_new_double(d->delta4w) : NULL);
	add(hl, "delta_12w", a->has_delta12 ? json_object_new_double(a->delta12w) : NULL);
	arr = json_object_new_array();
	for (size_t i = 0; i < a->n_weekly; i++)
		json_object_array_add(arr, json_object_new_double(a->weekly[i]));
	add(hl, "weekly", arr);
	add(o, "health", hl);
	if (d->last_touch.day != DAY_NONE) {
		json_object *t = json_object_new_object();
		add(t, "date", json_day_or_null(d->last_touch.day));
		add(t, "kind", json_object_new_string(d->last_touch.kind));
		add(t, "author", json_object_new_string(d->last_touch.author));
		add(t, "source", json_object_new_string(d->last_touch.source));
		add(o, "last_touch", t);
	} else {
		add(o, "last_touch", NULL);
	}
	arr = json_object_new_array();
	for (size_t i = 0; i < a->n_sentiments; i++)
		json_object_array_add(arr, json_object_new_int(a->sentiments[i]));
	add(o, "sentiment_trend", arr);
	arr = json_object_new_array();
	for (size_t i = 0; i < d->n_risks; i++) {
		const struct detail_risk *r = &d->risks[i];
		json_object *j;
		if (!r->open)
			continue;
		j = json_object_new_object();
		add(j, "id", json_object_new_string(r->id));
		add(j, "severity", json_object_new_string(r->severity));
		add(j, "category", json_object_new_string(r->category));
		add(j, "text", json_object_new_string(r->text));
		add(j, "author", json_object_new_string(r->author));
		add(j, "opened", json_day_or_null(r->opened_day));
		json_object_array_add(arr, j);
	}
	add(o, "open_risks", arr);
	if (a->blind.flag != BLINDSPOT_NONE) {
		json_object *b = json_object_new_object();
		add(b, "flag", json_object_new_string(a->blind.flag == BLINDSPOT_HIDDEN_RISK ? "hidden_risk"
											 : "quiet_loyal"));
		add(b, "reason", json_object_new_string(a->blind.reason));
		add(o, "blind_spot", b);
	} else {
		add(o, "blind_spot", NULL);
	}
	add(o, "renewal", json_day_or_null(d->renewal_day));
	add(o, "days_left", d->renewal_day == DAY_NONE ? NULL : json_object_new_int(d->days_left));
	arr = json_object_new_array();
	for (size_t i = 0; i < a->n_items; i++) {
		const struct handoff_item *it = &a->items[i];
		json_object *j = json_object_new_object();
		add(j, "date", json_day_or_null(it->day));
		add(j, "when", json_object_new_string(handoff_when_name(it->when)));
		add(j, "what", json_object_new_string(item_id(it)));
		if (it->touch) {
			add(j, "id", json_object_new_string(it->touch->id));
			add(j, "kind", json_string_or_null(it->touch->kind));
			add(j, "status", json_object_new_string(it->touch->status));
			add(j, "author", json_object_new_string(it->touch->author));
			add(j, "note", json_string_or_null(it->touch->note));
		}
		json_object_array_add(arr, j);
	}
	add(o, "window", arr);
	arr = json_object_new_array();
	for (size_t i = 0; i < d->n_notes && i < HANDOFF_NOTES; i++) {
		const struct detail_note *n = &d->notes[i];
		json_object *j = json_object_new_object();
		add(j, "id", json_object_new_string(n->id));
		add(j, "date", json_day_or_null(n->touch_day));
		add(j, "author", json_object_new_string(n->author));
		add(j, "kind", json_object_new_string(n->kind));
		add(j, "sentiment", n->sentiment ? json_object_new_int(n->sentiment) : NULL);
		add(j, "sentiment_label", json_string_or_null(n->sentiment_label));
		add(j, "summary", json_object_new_string(n->summary));
		json_object_array_add(arr, j);
	}
	add(o, "last_notes", arr);
	json_object *c = json_object_new_object();
	add(c, "name", json_string_or_null(d->champion));
	add(c, "email", json_string_or_null(d->champion_email));
	add(c, "status", json_object_new_string(d->champion_status));
	add(o, "champion", c);
	if (a->reviewed) {
		json_object *r = json_object_new_object();
		char ts[21];
		ts_format_iso(a->reviewed_at, ts);
		add(r, "by", json_object_new_string(a->reviewer));
		add(r, "at", json_object_new_string(ts));
		add(r, "shared", json_object_new_boolean(!a->review_local));
		add(o, "reviewed", r);
	} else {
		add(o, "reviewed", NULL);
	}
	return o;
}

static void print_json(const struct handoff *h)
{
	const struct handoff_absence *ab = &h->absence;
	json_object *o = json_object_new_object(), *a = json_object_new_object(), *arr = json_object_new_array();

	add(o, "today", json_day_or_null(h->today));
	add(a, "owner", json_person_or_null(ab->owner, ab->owner_name));
	add(a, "from", json_day_or_null(ab->from));
	add(a, "until", json_day_or_null(ab->until));
	add(a, "reason", json_string_or_null(ab->reason));
	add(a, "covered_by", json_person_or_null(ab->covered_by, ab->covered_by_name));
	add(a, "source", json_object_new_string(ab->source));
	add(o, "absence", a);
	add(o, "window_end", json_day_or_null(h->window_end));
	for (size_t i = 0; i < h->n; i++)
		json_object_array_add(arr, json_account(&h->accounts[i]));
	add(o, "accounts", arr);
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

/* ---- csconsole handoff ------------------------------------------------------------- */

int cmd_handoff(struct app *app, int argc, char **argv)
{
	static const struct option options[] = {
		{"from", required_argument, NULL, 'F'},
		{"until", required_argument, NULL, 'U'},
		{"format", required_argument, NULL, 'f'},
		{"reviewed", required_argument, NULL, 'r'},
		{"unreviewed", required_argument, NULL, 'R'},
		APP_CSV_OPTIONS,
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *from_arg = NULL, *until_arg = NULL, *reviewed = NULL, *mark_opt = "--reviewed";
	bool mark = true;
	enum app_format format = APP_TEXT;
	struct csvout_opts csv = { 0 };
	int from = DAY_NONE, until = DAY_NONE, opt, rc;
	struct handoff h;

	while ((opt = getopt_long(argc, argv, "f:h", options, NULL)) != -1) {
		if ((rc = app_csv_option("handoff", opt, optarg, &csv)) != 0) {
			if (rc < 0)
				return CS_EXIT_USAGE;
			continue;
		}
		switch (opt) {
		case 'F': from_arg = optarg; break;
		case 'U': until_arg = optarg; break;
		case 'r': reviewed = optarg; mark = true; mark_opt = "--reviewed"; break;
		case 'R': reviewed = optarg; mark = false; mark_opt = "--unreviewed"; break;
		case 'f':
			if (app_format_parse("handoff", optarg, APP_FMT(APP_TEXT) | APP_FMT(APP_MARKDOWN) |
					     APP_FMT(APP_JSON) | APP_FMT(APP_CSV), &format) < 0)
				return CS_EXIT_USAGE;
			break;
		case 'h':
			app_usage(stdout, handoff_usage, true);
			return CS_EXIT_OK;
		default:
			app_usage(stderr, handoff_usage, true);
			return CS_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, _("csconsole handoff: whose brief? give the absent CSM's handle (e.g. "
			"`csconsole handoff haruto`)\n"));
		return CS_EXIT_USAGE;
	}
	if (optind + 1 < argc) {
		char *clean = text_sanitize(argv[optind + 1], false);
		fprintf(stderr, _("csconsole handoff: one owner at a time (unexpected \"%s\")\n"), clean);
		free(clean);
		return CS_EXIT_USAGE;
	}
	if (app_csv_check("handoff", format, &csv) < 0)
		return CS_EXIT_USAGE;
	if (!from_arg != !until_arg) {
		fprintf(stderr, _("csconsole handoff: give both --from and --until (the absence's first "
			"and last day), or neither to use %s's absence from the team feed\n"), argv[optind]);
		return CS_EXIT_USAGE;
	}
	if (from_arg && ((rc = writer_parse_day(app, "handoff", "--from", from_arg, &from)) != CS_EXIT_OK ||
			 (rc = writer_parse_day(app, "handoff", "--until", until_arg, &until)) != CS_EXIT_OK))
		return rc;
	if (from_arg && until < from) {
		fprintf(stderr, _("csconsole handoff: --until (%s) is before --from (%s): the absence's last "
			"day must be on or after its first\n"), until_arg, from_arg);
		return CS_EXIT_USAGE;
	}
	if (reviewed && str_empty(app->cfg.me)) {
		fprintf(stderr, _("csconsole handoff: %s: who am I? set `me` in the configuration "
			"(or --me HANDLE)\n"), mark_opt);
		return CS_EXIT_USAGE;
	}
	if ((rc = app_open_store(app)) != CS_EXIT_OK)
		return rc;
	if (handoff_build(&app->store, &app->cfg, argv[optind], from, until, app->today, &h)) {
		handoff_free(&h);
		return fail("handoff", CS_EXIT_USAGE);
	}
	if (reviewed) {
		const struct handoff_account *found = NULL;
		char a[64], z[64];
		for (size_t i = 0; i < h.n && !found; i++)
			if (str_eq(h.accounts[i].d.crm_id, reviewed))
				found = &h.accounts[i];
		if (!found) {
			char *clean = text_sanitize(reviewed, false);
			fprintf(stderr, _("csconsole handoff: %s \"%s\" is not in %s's brief: give a CRM "
				"id the brief lists (an account whose main owner is %s)\n"), mark_opt, clean,
				h.absence.owner, h.absence.owner);
			free(clean);
			handoff_free(&h);
			return CS_EXIT_USAGE;
		}
		if (!mark && !found->reviewed) {
			fprintf(stderr, _("csconsole handoff: --unreviewed %s: it is not marked reviewed\n"),
				found->d.crm_id);
			handoff_free(&h);
			return CS_EXIT_USAGE;
		}
		if (handoff_mark_reviewed(&app->store, h.absence.owner, h.absence.from, found->d.crm_id,
					  app->cfg.me, mark)) {
			handoff_free(&h);
			return fail("handoff", CS_EXIT_STORE);
		}
		display_day(&app->cfg, h.absence.from, a, sizeof(a));
		display_day(&app->cfg, h.absence.until, z, sizeof(z));
		printf(mark ? _("%s marked reviewed by %s (%s's absence %s .. %s; the team sees it after a "
				"sync)\n")
		       : _("%s review mark taken back by %s (%s's absence %s .. %s; the team sees it after a "
			   "sync)\n"), found->d.crm_id, app->cfg.me, h.absence.owner, a, z);
		handoff_free(&h);
		return CS_EXIT_OK;
	}
	rc = CS_EXIT_OK;
	if (format == APP_JSON) {
		print_json(&h);
	} else if (format == APP_CSV) {
		rc = print_csv(&h, &csv);
	} else if (format == APP_MARKDOWN) {
		print_md(app, &h);
	} else {
		struct widths w;
		text_widths(app, &h, &w);
		print_text_head(app, &h);
		for (size_t i = 0; i < h.n; i++)
			print_text_account(app, &w, &h.accounts[i]);
	}
	handoff_free(&h);
	return rc;
}

/* ---- csconsole changes ------------------------------------------------------------ */

/* A change's kind (change_kind_name: the csv's and json's id) as people read it. */
static const char *change_label(enum change_kind k)
{
	/* TRANSLATORS: the kind of a change in `csconsole changes` */
	switch (k) {
	case CHANGE_NOTE: return _("note");
	case CHANGE_RISK: return _("risk");
	case CHANGE_TOUCH: return _("touch");
	case CHANGE_REVIEW: return _("review");
	case CHANGE_OPPORTUNITY: return _("opportunity");
	case CHANGE_FEEDBACK: return _("feedback");
	}
	return "";
}

/* The column of the kinds: the widest label, 5 cells at least. */
static int change_width(void)
{
	int w = 5;
	for (int k = CHANGE_NOTE; k <= CHANGE_KIND_LAST; k++)
		if (text_width(change_label((enum change_kind)k)) > w)
			w = text_width(change_label((enum change_kind)k));
	return w;
}

static void print_changes_text(const struct app *app, const struct changes *c, const char *why)
{
	char s[64], t[64], day[64], c1[64], c2[64];
	int aw = 6;

	display_day(&app->cfg, c->since, s, sizeof(s));
	display_day(&app->cfg, c->today, t, sizeof(t));
	printf(_("While %s was out: changes by teammates since %s%s, to %s\n"), c->owner, s, why, t);
	if (!c->n) {
		printf(_("Nothing changed on %s's accounts.\n"), c->owner);
		return;
	}
	char accounts[64], changes[64];
	str_format(accounts, sizeof(accounts), P_("%zu account", "%zu accounts", c->n), c->n);
	str_format(changes, sizeof(changes), P_("%zu change", "%zu changes", c->n_items), c->n_items);
	/* TRANSLATORS: "3 accounts, 5 changes" */
	printf(_("%s, %s\n"), accounts, changes);
	for (size_t i = 0; i < c->n; i++)
		for (size_t j = 0; j < c->accounts[i].n_items; j++) {
			int w = text_width(c->accounts[i].items[j].author);
			if (w > aw)
				aw = w < 20 ? w : 20;
		}
	for (size_t i = 0; i < c->n; i++) {
		const struct changes_account *a = &c->accounts[i];
		printf("\n%s  %s  (%s)\n", a->crm_id, a->name, role_label(book_role_name(a->main ? ROLE_MAIN : ROLE_SUB)));
		for (size_t j = 0; j < a->n_items; j++) {
			const struct change *x = &a->items[j];
			display_day(&app->cfg, x->day, day, sizeof(day));
			printf("  %s  %s  %s  %s\n", day, cell(x->author, aw, c1, sizeof(c1)),
			       cell(change_label(x->kind), change_width(), c2, sizeof(c2)), x->what_text);
		}
		if (a->health_changed) {
			display_day(&app->cfg, a->then_day, s, sizeof(s));
			display_day(&app->cfg, a->now_day, t, sizeof(t));
			printf(_("  health  %ld -> %ld (%+ld), %s to %s\n"), health_round(a->then), health_round(a->now),
			       health_round(a->now) - health_round(a->then), s, t);
		}
	}
}

static void print_changes_json(const struct changes *c, const char *since_source)
{
	json_object *o = json_object_new_object(), *arr = json_object_new_array();

	add(o, "owner", json_object_new_string(c->owner));
	add(o, "since", json_day_or_null(c->since));
	add(o, "since_source", json_object_new_string(since_source));
	add(o, "today", json_day_or_null(c->today));
	for (size_t i = 0; i < c->n; i++) {
		const struct changes_account *a = &c->accounts[i];
		json_object *j = json_object_new_object(), *items = json_object_new_array();
		add(j, "id", json_object_new_string(a->crm_id));
		add(j, "name", json_object_new_string(a->name));
		add(j, "role", json_object_new_string(a->main ? "main" : "sub"));
		if (a->health_changed) {
			json_object *hl = json_object_new_object();
			add(hl, "then", json_object_new_double(a->then));
			add(hl, "then_date", json_day_or_null(a->then_day));
			add(hl, "now", json_object_new_double(a->now));
			add(hl, "now_date", json_day_or_null(a->now_day));
			add(hl, "change", json_object_new_double(a->now - a->then));
			add(j, "health", hl);
		} else {
			add(j, "health", NULL);
		}
		for (size_t k = 0; k < a->n_items; k++) {
			const struct change *x = &a->items[k];
			json_object *e = json_object_new_object();
			add(e, "date", json_day_or_null(x->day));
			add(e, "hlc", json_object_new_string(x->hlc));
			add(e, "author", json_object_new_string(x->author));
			add(e, "type", json_object_new_string(x->type));
			add(e, "entity", json_object_new_string(x->entity));
			add(e, "id", json_string_or_null(entity_id(x->entity)));
			add(e, "what", json_object_new_string(x->what));
			add(e, "kind", json_string_or_null(x->touch_kind));
			add(e, "summary", json_string_or_null(x->summary));
			if (x->kind == CHANGE_NOTE)
				add(e, "sentiment", x->sentiment ? json_object_new_int(x->sentiment) : NULL);
			if (x->kind == CHANGE_RISK) {
				add(e, "category", json_string_or_null(x->category));
				add(e, "severity", json_string_or_null(x->severity));
				add(e, "old_severity", json_string_or_null(x->old_severity));
			}
			if (x->kind != CHANGE_NOTE && x->kind != CHANGE_FEEDBACK)
				add(e, "status", json_string_or_null(x->status));
			if (x->kind == CHANGE_OPPORTUNITY) {
				add(e, "amount", json_object_new_int64(x->amount_minor));
				add(e, "currency", json_string_or_null(x->currency));
				add(e, "stage", json_string_or_null(x->stage));
				add(e, "owner", json_string_or_null(x->owner));
				add(e, "close", json_day_or_null(x->close_day));
			}
			if (x->kind == CHANGE_FEEDBACK) {
				add(e, "area", json_string_or_null(x->category));
				add(e, "request", json_string_or_null(x->touch_kind));
			}
			if (x->kind == CHANGE_TOUCH) {
				add(e, "due", json_day_or_null(x->due_day));
				add(e, "old_due", json_day_or_null(x->old_due_day));
				add(e, "reason", json_string_or_null(x->reason));
			}
			json_object_array_add(items, e);
		}
		add(j, "changes", items);
		json_object_array_add(arr, j);
	}
	add(o, "accounts", arr);
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

static int print_changes_csv(const struct changes *c, const struct csvout_opts *o)
{
	static const char *const head[] = {
		"account", "name", "role", "record", "entity", "id", "date", "hlc", "author", "type",
		"what", "kind", "summary", "category", "severity", "status", "due",
	};
	struct csvout w;
	char day[11], due[11], what[96];
	int rc = app_csv_begin("changes", &w, o);

	if (rc != CS_EXIT_OK)
		return rc;
	for (size_t f = 0; f < ARRAY_SIZE(head); f++)
		csvout_cell(&w, head[f]);
	csvout_end_row(&w);
	for (size_t i = 0; i < c->n; i++) {
		const struct changes_account *a = &c->accounts[i];
		for (size_t k = 0; k <= a->n_items; k++) {
			const struct change *x = k < a->n_items ? &a->items[k] : NULL;
			if (!x && !a->health_changed)
				break;
			csvout_cell(&w, a->crm_id);
			csvout_cell(&w, a->name);
			csvout_cell(&w, a->main ? "main" : "sub");
			if (!x) {
				/* The health change: a row of its own, without an entity. */
				day_iso(a->now_day, day);
				str_format(what, sizeof(what), "health %ld -> %ld (%+ld)", health_round(a->then),
					   health_round(a->now), health_round(a->now) - health_round(a->then));
				const char *cells[] = { "health", NULL, NULL, day, NULL, NULL, NULL, what };
				for (size_t f = 0; f < ARRAY_SIZE(cells); f++)
					csvout_cell(&w, cells[f]);
				for (size_t f = 3 + ARRAY_SIZE(cells); f < ARRAY_SIZE(head); f++)
					csvout_cell(&w, NULL);
				csvout_end_row(&w);
				break;
			}
			day_iso(x->day, day);
			day_iso(x->kind == CHANGE_TOUCH ? x->due_day : DAY_NONE, due);
			const char *cells[] = {
				change_kind_name(x->kind), x->entity, entity_id(x->entity), day, x->hlc,
				x->author, x->type, x->what, x->touch_kind, x->summary, x->category,
				x->severity, x->status, due,
			};
			for (size_t f = 0; f < ARRAY_SIZE(cells); f++)
				csvout_cell(&w, cells[f]);
			csvout_end_row(&w);
		}
	}
	return app_csv_end("changes", &w);
}

int cmd_changes(struct app *app, int argc, char **argv)
{
	static const struct option options[] = {
		{"since", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		APP_CSV_OPTIONS,
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *since_arg = NULL, *owner;
	enum app_format format = APP_TEXT;
	struct csvout_opts csv = { 0 };
	int since = DAY_NONE, opt, rc;
	char why[256] = "", a[64], z[64];
	const char *source = "given";
	struct changes c;

	while ((opt = getopt_long(argc, argv, "s:f:h", options, NULL)) != -1) {
		if ((rc = app_csv_option("changes", opt, optarg, &csv)) != 0) {
			if (rc < 0)
				return CS_EXIT_USAGE;
			continue;
		}
		switch (opt) {
		case 's': since_arg = optarg; break;
		case 'f':
			if (app_format_parse("changes", optarg, APP_FMT(APP_TEXT) | APP_FMT(APP_JSON) |
					     APP_FMT(APP_CSV), &format) < 0)
				return CS_EXIT_USAGE;
			break;
		case 'h':
			app_usage(stdout, changes_usage, true);
			return CS_EXIT_OK;
		default:
			app_usage(stderr, changes_usage, true);
			return CS_EXIT_USAGE;
		}
	}
	if (optind + 1 < argc) {
		char *clean = text_sanitize(argv[optind + 1], false);
		fprintf(stderr, _("csconsole changes: one owner at a time (unexpected \"%s\")\n"), clean);
		free(clean);
		return CS_EXIT_USAGE;
	}
	if (app_csv_check("changes", format, &csv) < 0)
		return CS_EXIT_USAGE;
	owner = optind < argc ? argv[optind] : app->cfg.me;
	if (str_empty(owner)) {
		fprintf(stderr, _("csconsole changes: whose accounts? give a handle, or set `me` in the "
			"configuration\n"));
		return CS_EXIT_USAGE;
	}
	if (since_arg && (rc = writer_parse_day(app, "changes", "--since", since_arg, &since)) != CS_EXIT_OK)
		return rc;
	if ((rc = app_open_store(app)) != CS_EXIT_OK)
		return rc;
	if (since == DAY_NONE) {
		int from, until;
		bool found;
		if (handoff_last_absence(&app->store, owner, app->today, &from, &until, &found))
			return fail("changes", CS_EXIT_STORE);
		if (found) {
			since = from;
			source = "absence";
			display_day(&app->cfg, from, a, sizeof(a));
			display_day(&app->cfg, until, z, sizeof(z));
			str_format(why, sizeof(why), _(" (the start of the absence %s .. %s)"), a, z);
		} else {
			since = app->today - 7;
			source = "7 days";
			str_copy(why, sizeof(why), _(" (7 days ago; no absence has ended)"));
		}
	}
	if (changes_build(&app->store, &app->cfg, owner, since, app->today, &c)) {
		changes_free(&c);
		return fail("changes", CS_EXIT_USAGE);
	}
	rc = CS_EXIT_OK;
	if (format == APP_JSON)
		print_changes_json(&c, source);
	else if (format == APP_CSV)
		rc = print_changes_csv(&c, &csv);
	else
		print_changes_text(app, &c, why);
	changes_free(&c);
	return rc;
}
