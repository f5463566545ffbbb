/* gen-book.c - writes a team's shared directory (the feeds, and event
 * segments) for the demo, the tests and the benchmarks:
 *
 *   gen-book --scale small|medium|large|sample --seed N --anchor YYYY-MM-DD --out DIR
 *            [--segments N --devices M]
 *
 * Deterministic: its own PRNG (splitmix64) and only + - * / on doubles (no
 * libm), so the same arguments give byte-identical files on every machine.
 * Every date is relative to the anchor, the book's "today": daily metrics run
 * up to the day before it, weekly snapshots are dated on it and every 7 days
 * before, renewals fall after it.
 *
 * The sample scale is the curated book committed in sample-data/ (its stories
 * are documented in sample-data/README.md), the team's notes, risks,
 * touchpoints and coverage included as event segments; the other scales are
 * uniform books sized for timing, with --segments N --devices M adding N
 * segments from M devices. The output follows docs/feeds.md and docs/sync.md.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "csconsole/book.h"
#include "csconsole/crmvalue.h"
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/pack.h"
#include "csconsole/segment.h"
#include "csconsole/util.h"

/* ---- PRNG --------------------------------------------------------------- */

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* An independent stream per (seed, purpose, index): an account's numbers do
 * not depend on how many accounts come before it. */
static struct rng rng_stream(uint64_t seed, uint64_t purpose, uint64_t index)
{
	struct rng r = { seed ^ (purpose * 0xD1B54A32D192ED03ULL) ^ (index * 0x8CB92BA72F3D8DD7ULL) };
	rng_next(&r);
	return r;
}

/* Uniform in [0, 1). */
static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform integer in [lo, hi]. */
static int rng_int(struct rng *r, int lo, int hi)
{
	uint64_t span = (uint64_t)(hi - lo) + 1;
	return lo + (int)(((rng_next(r) >> 32) * span) >> 32);
}

/* Roughly normal, mean 0, sd 1 (sum of four uniforms, rescaled). */
static double rng_noise(struct rng *r)
{
	double s = 0;
	for (int i = 0; i < 4; i++)     /* one call per statement: a fixed order */
		s += rng_unit(r);
	return (s - 2.0) * 1.7320508075688772;
}

static double between(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * rng_unit(r);
}

static long iround(double x)
{
	return x >= 0 ? (long)(x + 0.5) : -(long)(-x + 0.5);
}

static double clamp(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* A count with mean `mean` (binomial over 24 trials: no exp() needed). */
static int rng_count(struct rng *r, double mean)
{
	double p = clamp(mean / 24.0, 0.0, 1.0);
	int n = 0;
	for (int i = 0; i < 24; i++)
		n += rng_unit(r) < p;
	return n;
}

/* ---- Dates -------------------------------------------------------------- */

static int anchor;                   /* the book's today */
#define DATE_BACK 800                /* cached date strings: anchor-800 .. anchor+400 */
#define DATE_AHEAD 400
static char date_cache[DATE_BACK + DATE_AHEAD + 1][11];

static void dates_init(void)
{
	for (int i = 0; i <= DATE_BACK + DATE_AHEAD; i++)
		day_format_iso(anchor - DATE_BACK + i, date_cache[i]);
}

static const char *date_str(int day)
{
	int i = day - anchor + DATE_BACK;
	if (i < 0 || i > DATE_BACK + DATE_AHEAD)
		die("gen-book: day %d outside the date cache", day);
	return date_cache[i];
}

static int month_end(int day)
{
	int y, m, d;
	day_to_ymd(day, &y, &m, &d);
	return m == 12 ? day_from_ymd(y + 1, 1, 1) - 1 : day_from_ymd(y, m + 1, 1) - 1;
}

static bool weekend(int day)
{
	int w = day_weekday(day);
	return w == 0 || w == 6;
}

/* ---- Output ------------------------------------------------------------- */

struct out {
	FILE *f;
	char *path;
	long rows;
};

static const char *out_dir;
static long total_rows;
static long total_files;

static int out_open(struct out *o, const char *rel)
{
	o->path = path_join(out_dir, rel);
	o->rows = 0;
	o->f = fopen(o->path, "w");
	if (!o->f)
		return error("cannot create %s: %s", o->path, strerror(errno));
	setvbuf(o->f, NULL, _IOFBF, 1 << 18);
	return 0;
}

static int out_close(struct out *o)
{
	int bad = ferror(o->f);
	if (fclose(o->f) != 0 || bad)
		return error("cannot write %s: %s (disk full?)", o->path, strerror(errno));
	total_files++;
	free(o->path);
	o->path = NULL;
	o->f = NULL;
	return 0;
}

/* The exporter ran at 06:00 UTC on the anchor day. */
static void generated_at(char out[21])
{
	ts_format_iso((int64_t)anchor * 86400 + 6 * 3600, out);
}

static void csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* YAML double-quoted scalar (names may hold ':', '&', ',', quotes...). */
static void yaml_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void metric_row(struct out *o, const char *acct, int day, const char *metric, long value)
{
	fprintf(o->f, "%s,%s,%s,%ld\n", acct, date_str(day), metric, value);
	o->rows++;
	total_rows++;
}

/* ---- The book in memory ------------------------------------------------- */

struct csm {
	char handle[16];
	char name[64];
	char email[64];
	char team[32];
	int n_abs;
	struct { int from, until; const char *reason; const char *covered_by; } abs[2];
};

struct contact {
	char name[64], role[64], email[96];
};

enum profile {
	P_STEADY, P_GROWING, P_DECLINING, P_RED, P_ONBOARD_OK,
	/* the sample book's stories */
	P_CHAMPION_LEFT, P_FALLING6, P_CORE_SILENT, P_NEG_RENEWAL, P_ONBOARD_STUCK, P_QUIET_LOYAL,
};

enum season { SEASON_NONE, SEASON_MIDYEAR, SEASON_BUDGET };

struct account {
	char id[16];
	char name[160];
	char slug[40];
	const char *segment, *touch, *stage, *currency, *champion_status;
	const char *main_owner, *sub_owner;
	char arr[24];
	int renewal;              /* day */
	const char *outcome;      /* "renewed", "churned" or NULL (none) */
	int outcome_day;
	int seats;
	int n_contacts;
	struct contact contacts[3];
	/* usage model */
	enum profile profile;
	int start;                /* first day with usage (onboarding accounts) */
	double act0, inten0, health0;
	int core_cycle;           /* first day of the month of the monthly workflow */
	enum season season;
};

/* Week `ago` (0 = the week ending the day before the anchor) of an account:
 * the share of seats active, logins per active seat on a workday, health. */
struct week_state {
	double act, inten, health;
	bool live;                /* the account had started */
};

static struct week_state model_week(const struct account *a, int ago, int weeks, struct rng *r)
{
	struct week_state s = { a->act0, a->inten0, a->health0, true };
	double t = weeks > 1 ? 1.0 - (double)ago / (weeks - 1) : 1.0;   /* 0 oldest .. 1 now */
	int week_end = anchor - 7 * ago;           /* the snapshot day */
	int since = (week_end - a->start) / 7;     /* whole weeks since the start */

	if (week_end <= a->start) {
		s.live = false;
		return s;
	}
	switch (a->profile) {
	case P_STEADY:
		s.act += 0.02 * rng_noise(r);
		s.health += 2.0 * rng_noise(r);
		break;
	case P_GROWING:
		s.act += 0.22 * t + 0.015 * rng_noise(r);
		s.health += 18.0 * t + 1.5 * rng_noise(r);
		break;
	case P_DECLINING:
		s.act -= 0.20 * t + 0.015 * rng_noise(r);
		s.health -= 14.0 * t + 1.5 * rng_noise(r);
		break;
	case P_RED:
		s.act += 0.03 * rng_noise(r);
		s.health += 3.0 * rng_noise(r);
		break;
	case P_ONBOARD_OK:
		s.act = 0.15 * (since + 1);
		if (s.act > a->act0)
			s.act = a->act0;
		s.act += 0.01 * rng_noise(r);
		s.health = 58.0 + 4.0 * since + 1.0 * rng_noise(r);
		if (s.health > a->health0)
			s.health = a->health0 + 1.0 * rng_noise(r);
		break;
	case P_CHAMPION_LEFT:   /* the numbers look great: the score cannot see the champion */
		s.act += 0.01 * rng_noise(r);
		s.health += 1.0 * rng_noise(r);
		break;
	case P_FALLING6:        /* flat, then six weekly drops too big for noise to hide */
		if (ago < 6) {
			int step = 6 - ago;
			s.act -= 0.065 * step;
			s.inten -= 0.15 * step;
			s.health -= 5.0 * step;
		} else {
			s.act += 0.01 * rng_noise(r);
			s.health += 1.0 * rng_noise(r);
		}
		s.act += 0.003 * rng_noise(r);
		s.health += 0.4 * rng_noise(r);
		break;
	case P_CORE_SILENT:     /* logins hold; the score slips as the workflow stops */
		s.act += 0.015 * rng_noise(r);
		s.health += (ago < 10 ? -0.7 * (10 - ago) : 0.0) + 1.0 * rng_noise(r);
		break;
	case P_NEG_RENEWAL:
		s.act += 0.015 * rng_noise(r);
		s.health += (ago < 4 ? -2.5 * (4 - ago) : 0.0) + 1.0 * rng_noise(r);
		break;
	case P_ONBOARD_STUCK:   /* ramps for five weeks, then plateaus well below 80% */
		s.act = since < 5 ? 0.09 * (since + 1) : a->act0;
		s.act += 0.012 * rng_noise(r);
		s.health = (since < 5 ? 50.0 + 1.5 * since : a->health0) + 1.2 * rng_noise(r);
		break;
	case P_QUIET_LOYAL:
		s.act += 0.02 * rng_noise(r);
		s.health += 0.6 * rng_noise(r);
		break;
	}
	s.act = clamp(s.act, 0.02, 1.0);
	s.inten = clamp(s.inten, 0.2, 4.0);
	s.health = clamp(s.health, 0.0, 100.0);
	return s;
}

/* Logins on one day, given its week's state. */
static long day_logins(const struct account *a, const struct week_state *w, int day, struct rng *r)
{
	double wf = 1.0;
	int wd = day_weekday(day);
	if (wd == 6)
		wf = 0.10;
	else if (wd == 0)
		wf = 0.05;
	double v = w->act * a->seats * w->inten * wf * (1.0 + 0.15 * rng_noise(r));
	return v < 0 ? 0 : iround(v);
}

/* ---- Name pools --------------------------------------------------------- */

struct jname {
	const char *kanji, *romaji;
};

static const struct jname jp_family[] = {
	{"佐藤", "sato"}, {"鈴木", "suzuki"}, {"高橋", "takahashi"}, {"田中", "tanaka"},
	{"伊藤", "ito"}, {"渡辺", "watanabe"}, {"山本", "yamamoto"}, {"中村", "nakamura"},
	{"小林", "kobayashi"}, {"加藤", "kato"}, {"吉田", "yoshida"}, {"山口", "yamaguchi"},
	{"松本", "matsumoto"}, {"井上", "inoue"}, {"木村", "kimura"}, {"林", "hayashi"},
	{"清水", "shimizu"}, {"森", "mori"}, {"池田", "ikeda"}, {"橋本", "hashimoto"},
};
static const struct jname jp_given[] = {
	{"太郎", "taro"}, {"花子", "hanako"}, {"翔太", "shota"}, {"美咲", "misaki"},
	{"大輔", "daisuke"}, {"恵", "megumi"}, {"健一", "kenichi"}, {"由美", "yumi"},
	{"拓也", "takuya"}, {"直子", "naoko"}, {"誠", "makoto"}, {"裕子", "yuko"},
	{"隆", "takashi"}, {"真理", "mari"}, {"浩二", "koji"}, {"彩", "aya"},
};
static const char *const jp_roles[] = {
	"情報システム部長", "営業企画部 課長", "経営企画室 室長", "総務部 主任",
	"DX推進室 リーダー", "人事部 マネージャー", "代表取締役",
};
static const char *const en_first[] = {
	"Dana", "Sam", "Alex", "Jordan", "Taylor", "Morgan", "Chris", "Priya",
	"Lena", "Marcus", "Olivia", "Ethan", "Grace", "Noah", "Hannah", "Victor",
};
static const char *const en_last[] = {
	"Reyes", "Lee", "Patel", "Nguyen", "Fischer", "Brooks", "Walsh", "Okafor",
	"Lindqvist", "Moreau", "Garcia", "Chen", "Novak", "Hughes", "Rossi", "Kim",
};
static const char *const en_roles[] = {
	"VP Operations", "Head of Sales Ops", "IT Admin", "Director of Finance",
	"COO", "Customer Ops Manager", "Product Owner",
};

#define PICK(r, arr) ((arr)[rng_int((r), 0, (int)ARRAY_SIZE(arr) - 1)])

static bool is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

static void lower_copy(char *dst, size_t size, const char *src)
{
	size_t i = 0;
	for (; src[i] && i + 1 < size; i++)
		dst[i] = (src[i] >= 'A' && src[i] <= 'Z') ? (char)(src[i] - 'A' + 'a') : src[i];
	dst[i] = '\0';
}

/* A person at the account: Japanese names for Japanese companies. */
static void make_contact(struct contact *c, bool japanese, const char *slug, int n, struct rng *r)
{
	if (japanese) {
		const struct jname *f = &PICK(r, jp_family), *g = &PICK(r, jp_given);
		str_format(c->name, sizeof(c->name), "%s %s", f->kanji, g->kanji);
		str_copy(c->role, sizeof(c->role), PICK(r, jp_roles));
		if (n == 0)
			str_format(c->email, sizeof(c->email), "%s@%s.example", f->romaji, slug);
		else
			str_format(c->email, sizeof(c->email), "%s.%s@%s.example", g->romaji, f->romaji, slug);
	} else {
		const char *f = PICK(r, en_first), *l = PICK(r, en_last);
		char lf[32], ll[32];
		str_format(c->name, sizeof(c->name), "%s %s", f, l);
		str_copy(c->role, sizeof(c->role), PICK(r, en_roles));
		lower_copy(lf, sizeof(lf), f);
		lower_copy(ll, sizeof(ll), l);
		if (n == 0)
			str_format(c->email, sizeof(c->email), "%s@%s.example", lf, slug);
		else
			str_format(c->email, sizeof(c->email), "%s.%s@%s.example", lf, ll, slug);
	}
}

/* ARR from seats: a price per seat with some spread, rounded like a quote. */
static void make_arr(struct account *a, struct rng *r)
{
	double k = between(r, 0.75, 1.5) * (str_eq(a->segment, "Enterprise") ? 1.3 : 1.0);
	if (str_eq(a->currency, "JPY")) {
		long v = iround(a->seats * 48000.0 * k / 10000.0) * 10000;
		str_format(a->arr, sizeof(a->arr), "%ld", v < 240000 ? 240000 : v);
	} else {
		double per = str_eq(a->currency, "EUR") ? 380.0 : 420.0;
		long v = iround(a->seats * per * k / 100.0) * 100;
		str_format(a->arr, sizeof(a->arr), "%ld.00", v < 1800 ? 1800 : v);
	}
}

/* ---- Writers shared by every scale -------------------------------------- */

static int write_team(const struct csm *csms, int n)
{
	struct out o;
	char ga[21];
	if (out_open(&o, "feeds/team.yaml") < 0)
		return -1;
	generated_at(ga);
	fprintf(o.f, "# CSMs and their absences (written by gen-book; see docs/feeds.md).\n");
	fprintf(o.f, "generated_at: %s\ncsms:\n", ga);
	for (int i = 0; i < n; i++) {
		const struct csm *c = &csms[i];
		fprintf(o.f, "  - handle: %s\n    name: ", c->handle);
		yaml_str(o.f, c->name);
		fprintf(o.f, "\n    email: %s\n    team: ", c->email);
		yaml_str(o.f, c->team);
		fputc('\n', o.f);
		if (c->n_abs)
			fprintf(o.f, "    absences:\n");
		for (int k = 0; k < c->n_abs; k++) {
			fprintf(o.f, "      - from: %s\n", date_str(c->abs[k].from));
			fprintf(o.f, "        until: %s\n", date_str(c->abs[k].until));
			if (c->abs[k].reason)
				fprintf(o.f, "        reason: %s\n", c->abs[k].reason);
			if (c->abs[k].covered_by)
				fprintf(o.f, "        covered_by: %s\n", c->abs[k].covered_by);
		}
	}
	return out_close(&o);
}

static int write_accounts_yaml(const struct account *accts, int n)
{
	struct out o;
	char ga[21];
	if (out_open(&o, "feeds/accounts.yaml") < 0)
		return -1;
	generated_at(ga);
	fprintf(o.f, "# The CRM export (written by gen-book; see docs/feeds.md).\n");
	fprintf(o.f, "generated_at: %s\naccounts:\n", ga);
	for (int i = 0; i < n; i++) {
		const struct account *a = &accts[i];
		fprintf(o.f, "  - id: %s\n    name: ", a->id);
		yaml_str(o.f, a->name);
		fprintf(o.f, "\n    segment: %s\n    touch_model: %s\n    stage: %s\n",
			a->segment, a->touch, a->stage);
		fprintf(o.f, "    arr: %s\n    currency: %s\n    renewal_date: %s\n",
			a->arr, a->currency, date_str(a->renewal));
		fprintf(o.f, "    main_owner: %s\n    sub_owner: %s\n    seats: %d\n",
			a->main_owner, a->sub_owner, a->seats);
		fprintf(o.f, "    champion: ");
		yaml_str(o.f, a->contacts[0].name);
		fprintf(o.f, "\n    champion_email: %s\n    champion_status: %s\n",
			a->contacts[0].email, a->champion_status);
		if (a->outcome)
			fprintf(o.f, "    outcome: %s\n    outcome_date: %s\n", a->outcome,
				date_str(a->outcome_day));
		fprintf(o.f, "    contacts:\n");
		for (int k = 0; k < a->n_contacts; k++) {
			fprintf(o.f, "      - {name: ");
			yaml_str(o.f, a->contacts[k].name);
			fprintf(o.f, ", role: ");
			yaml_str(o.f, a->contacts[k].role);
			fprintf(o.f, ", email: %s}\n", a->contacts[k].email);
		}
	}
	return out_close(&o);
}

static void write_account_csv(FILE *f, const struct account *a)
{
	struct sbuf contacts = {0};
	for (int k = 0; k < a->n_contacts; k++)
		sbuf_addf(&contacts, "%s%s <%s> (%s)", k ? "; " : "", a->contacts[k].name,
			  a->contacts[k].email, a->contacts[k].role);
	fprintf(f, "%s,", a->id);
	csv_field(f, a->name);
	fprintf(f, ",%s,%s,%s,%s,%s,%s,%s,%s,%d,", a->segment, a->touch, a->stage, a->arr,
		a->currency, date_str(a->renewal), a->main_owner, a->sub_owner, a->seats);
	csv_field(f, a->contacts[0].name);
	fprintf(f, ",%s,%s,", a->contacts[0].email, a->champion_status);
	csv_field(f, sbuf_str(&contacts));
	fputc('\n', f);
	sbuf_free(&contacts);
}

static void write_accounts_csv_header(FILE *f)
{
	char ga[21];
	generated_at(ga);
	fprintf(f, "# generated_at: %s\n", ga);
	fprintf(f, "id,name,segment,touch_model,stage,arr,currency,renewal_date,main_owner,"
		"sub_owner,seats,champion,champion_email,champion_status,contacts\n");
}

/* ---- The sample book ---------------------------------------------------- */

/* The sample's CSMs. haruto is away for the coming week (the sub owners of his
 * accounts cover, aiko among them); emily is away later with daniel covering;
 * ken was away last month. workday: when their working day starts, in minutes
 * after 00:00 UTC (09:00 in Tokyo, New York or Rome): their events' times. */
static const struct {
	const char *handle, *name, *team;
	int workday;
} sample_csms[] = {
	{"aiko", "佐藤 愛子", "Enterprise JP", 0},
	{"ken", "鈴木 健", "Enterprise JP", 0},
	{"yuki", "高橋 由紀", "Mid-Market JP", 0},
	{"haruto", "田中 陽翔", "Mid-Market JP", 0},
	{"emily", "Emily Carter", "Global", 14 * 60},
	{"daniel", "Daniel Kim", "Global", 14 * 60},
	{"sofia", "Sofia Rossi", "Global SMB", 8 * 60},
	{"mei", "伊藤 芽衣", "Scale", 0},
};

/* One line per account, ACC-0001 first. touch NULL: from the segment;
 * stage NULL: from the profile and the renewal; renew_in 0: picked; currency
 * NULL: JPY for Japanese names, USD otherwise. */
static const struct sample_account {
	const char *name, *slug, *segment, *touch, *main, *sub;
	enum profile profile;
	int seats;
	const char *stage;
	int renew_in;
	const char *currency, *champion_status;
} sample_accounts[] = {
	/* 0001 */ {"株式会社さくらロジスティクス", "sakura-logi", "Enterprise", NULL, "aiko", "ken", P_STEADY, 250, "adoption", 128, NULL, NULL},
	/* 0002 */ {"Northwind Analytics", "northwind", "Mid-Market", NULL, "ken", "aiko", P_CHAMPION_LEFT, 40, "renewal", 19, NULL, "left"},
	/* 0003 */ {"Blue Harbor Logistics", "blueharbor", "Mid-Market", NULL, "aiko", "ken", P_FALLING6, 85, "adoption", 0, NULL, NULL},
	/* 0004 */ {"東都精機株式会社", "toto-seiki", "Enterprise", NULL, "aiko", "yuki", P_CORE_SILENT, 180, "adoption", 0, NULL, NULL},
	/* 0005 */ {"株式会社みなとメディカルシステムズ", "minato-medical", "Enterprise", NULL, "aiko", "ken", P_NEG_RENEWAL, 150, "renewal", 21, NULL, NULL},
	/* 0006 */ {"Kestrel Robotics", "kestrel-robotics", "Mid-Market", NULL, "aiko", "emily", P_ONBOARD_STUCK, 120, "onboarding", 0, NULL, NULL},
	/* 0007 */ {"株式会社丸屋酒造", "maruya-shuzo", "SMB", NULL, "aiko", "mei", P_QUIET_LOYAL, 12, "adoption", 0, NULL, NULL},
	/* 0008 */ {"株式会社グローバル・ロジスティクス・アンド・サプライチェーン・ソリューションズ", "global-lsc", "Enterprise", NULL, "aiko", "ken", P_STEADY, 600, "expansion", 0, NULL, NULL},
	/* 0009 */ {"Pinecrest Health Partners", "pinecrest-health", "Mid-Market", NULL, "aiko", "daniel", P_GROWING, 70, "expansion", 0, NULL, NULL},
	/* 0010 */ {"北陸電子工業株式会社", "hokuriku-denshi", "Mid-Market", NULL, "aiko", "yuki", P_DECLINING, 60, NULL, 0, NULL, NULL},
	/* 0011 */ {"Lumen Craft Studios", "lumencraft", "SMB", NULL, "aiko", "sofia", P_STEADY, 15, NULL, 0, NULL, NULL},
	/* 0012 */ {"株式会社あおぞら不動産", "aozora-fudosan", "Mid-Market", NULL, "aiko", "yuki", P_STEADY, 45, NULL, 0, NULL, NULL},
	/* 0013 */ {"Orbit Payments Inc.", "orbit-payments", "Enterprise", NULL, "aiko", "daniel", P_RED, 300, NULL, 0, NULL, "unknown"},
	/* 0014 */ {"株式会社ひかりエデュケーション", "hikari-edu", "Mid-Market", NULL, "aiko", "ken", P_ONBOARD_OK, 90, "onboarding", 0, NULL, NULL},
	/* 0015 */ {"International Consolidated Precision Manufacturing & Distribution Holdings, Ltd.", "icpmd", "Enterprise", NULL, "aiko", "emily", P_STEADY, 420, NULL, 0, NULL, NULL},
	/* ken */
	/* 0016 */ {"株式会社ミナミ電機", "minami-denki", "Enterprise", NULL, "ken", "yuki", P_STEADY, 320, NULL, 0, NULL, NULL},
	/* 0017 */ {"日本アーバンテクノ株式会社", "urban-techno", "Enterprise", NULL, "ken", "haruto", P_GROWING, 210, "expansion", 0, NULL, NULL},
	/* 0018 */ {"株式会社こだま食品", "kodama-foods", "Mid-Market", NULL, "ken", "yuki", P_STEADY, 55, NULL, 0, NULL, NULL},
	/* 0019 */ {"Hinode Trading Co., Ltd.", "hinode-trading", "Enterprise", NULL, "ken", "daniel", P_STEADY, 140, NULL, 0, "JPY", NULL},
	/* 0020 */ {"株式会社東海フィナンシャルパートナーズ", "tokai-fp", "Enterprise", NULL, "ken", "yuki", P_DECLINING, 260, NULL, 0, NULL, NULL},
	/* 0021 */ {"株式会社あさひ建設", "asahi-kensetsu", "Mid-Market", NULL, "ken", "haruto", P_RED, 75, NULL, 0, NULL, "unknown"},
	/* 0022 */ {"クレセントフーズ・ジャパン株式会社", "crescent-foods", "Enterprise", NULL, "ken", "emily", P_STEADY, 190, NULL, 0, NULL, NULL},
	/* 0023 */ {"株式会社しろくまソフトウェア", "shirokuma-soft", "Mid-Market", NULL, "ken", "mei", P_ONBOARD_OK, 35, "onboarding", 0, NULL, NULL},
	/* 0024 */ {"北斗運輸株式会社", "hokuto-unyu", "Enterprise", NULL, "ken", "yuki", P_STEADY, 500, NULL, 0, NULL, NULL},
	/* yuki */
	/* 0025 */ {"株式会社つばめ印刷", "tsubame-print", "Mid-Market", NULL, "yuki", "ken", P_STEADY, 40, NULL, 0, NULL, NULL},
	/* 0026 */ {"株式会社ことり保育サービス", "kotori-hoiku", "SMB", NULL, "yuki", "mei", P_STEADY, 18, NULL, 0, NULL, NULL},
	/* 0027 */ {"株式会社リバーサイド・クリニック", "riverside-clinic", "Mid-Market", NULL, "yuki", "aiko", P_DECLINING, 30, NULL, 0, NULL, NULL},
	/* 0028 */ {"中央ケミカル株式会社", "chuo-chemical", "Mid-Market", NULL, "yuki", "ken", P_STEADY, 80, NULL, 0, NULL, NULL},
	/* 0029 */ {"株式会社いろはデザイン", "iroha-design", "SMB", NULL, "yuki", "mei", P_GROWING, 12, NULL, 0, NULL, NULL},
	/* 0030 */ {"株式会社ふじみ精工", "fujimi-seiko", "Mid-Market", NULL, "yuki", "haruto", P_STEADY, 65, NULL, 0, NULL, NULL},
	/* 0031 */ {"株式会社カナタ・マーケティング", "kanata-mkt", "Mid-Market", NULL, "yuki", "aiko", P_GROWING, 50, "expansion", 0, NULL, NULL},
	/* 0032 */ {"瀬戸内ファーム株式会社", "setouchi-farm", "SMB", NULL, "yuki", "mei", P_RED, 10, NULL, 0, NULL, NULL},
	/* 0033 */ {"株式会社はやぶさ物流", "hayabusa-logi", "Mid-Market", NULL, "yuki", "haruto", P_STEADY, 95, NULL, 0, NULL, NULL},
	/* 0034 */ {"株式会社もみじホテルズ", "momiji-hotels", "Mid-Market", "high", "yuki", "ken", P_ONBOARD_OK, 110, "onboarding", 0, NULL, NULL},
	/* emily */
	/* 0035 */ {"Harborview Retail Group", "harborview", "Enterprise", NULL, "emily", "daniel", P_STEADY, 380, NULL, 0, NULL, NULL},
	/* 0036 */ {"Rheinfeld Maschinenbau GmbH", "rheinfeld", "Enterprise", NULL, "emily", "daniel", P_STEADY, 230, NULL, 0, "EUR", NULL},
	/* 0037 */ {"Silverline Insurance Brokers", "silverline", "Mid-Market", NULL, "emily", "sofia", P_DECLINING, 70, NULL, 0, NULL, NULL},
	/* 0038 */ {"Granite Peak Outfitters", "granite-peak", "Mid-Market", NULL, "emily", "sofia", P_STEADY, 45, NULL, 0, NULL, NULL},
	/* 0039 */ {"Evergreen Dental Network", "evergreen-dental", "Mid-Market", NULL, "emily", "daniel", P_GROWING, 60, "expansion", 0, NULL, NULL},
	/* 0040 */ {"Atlas Freight Systems", "atlas-freight", "Enterprise", NULL, "emily", "daniel", P_RED, 270, NULL, 0, NULL, "left"},
	/* 0041 */ {"Meridian Biotech", "meridian-bio", "Enterprise", NULL, "emily", "sofia", P_STEADY, 150, NULL, 0, NULL, NULL},
	/* 0042 */ {"Copperleaf Hospitality", "copperleaf", "Mid-Market", NULL, "emily", "sofia", P_ONBOARD_OK, 85, "onboarding", 0, NULL, NULL},
	/* 0043 */ {"Brightwater Energy", "brightwater", "Enterprise", NULL, "emily", "daniel", P_STEADY, 340, NULL, 0, NULL, NULL},
	/* 0044 */ {"Foxglove Media", "foxglove", "SMB", NULL, "emily", "sofia", P_STEADY, 14, NULL, 0, NULL, NULL},
	/* haruto: away from the anchor's next day for 7 days */
	/* 0045 */ {"株式会社ひまわりネットワークス", "himawari-net", "Mid-Market", NULL, "haruto", "aiko", P_STEADY, 70, NULL, 0, NULL, NULL},
	/* 0046 */ {"株式会社さざなみ水産", "sazanami-suisan", "Mid-Market", NULL, "haruto", "ken", P_STEADY, 40, NULL, 0, NULL, NULL},
	/* 0047 */ {"株式会社とうきょうクラウド", "tokyo-cloud", "Enterprise", NULL, "haruto", "aiko", P_STEADY, 200, "renewal", 4, NULL, NULL},
	/* 0048 */ {"大地ホームズ株式会社", "daichi-homes", "Mid-Market", NULL, "haruto", "yuki", P_GROWING, 55, NULL, 0, NULL, NULL},
	/* 0049 */ {"株式会社ななほしスポーツ", "nanahoshi-sports", "Mid-Market", NULL, "haruto", "ken", P_DECLINING, 35, NULL, 0, NULL, NULL},
	/* 0050 */ {"株式会社ゆうひ介護サービス", "yuhi-kaigo", "Mid-Market", NULL, "haruto", "aiko", P_RED, 60, NULL, 0, NULL, NULL},
	/* 0051 */ {"株式会社オオトリ工業", "ootori-kogyo", "Enterprise", NULL, "haruto", "yuki", P_STEADY, 230, NULL, 0, NULL, NULL},
	/* 0052 */ {"株式会社はなまる教育", "hanamaru-edu", "SMB", NULL, "haruto", "ken", P_STEADY, 20, NULL, 0, NULL, NULL},
	/* 0053 */ {"株式会社アオゾラ・モビリティ・アンド・エナジー・イノベーションズ", "aozora-mobility", "Enterprise", NULL, "haruto", "aiko", P_GROWING, 160, "expansion", 0, NULL, NULL},
	/* 0054 */ {"株式会社いずみ薬品", "izumi-yakuhin", "Mid-Market", NULL, "haruto", "yuki", P_STEADY, 50, NULL, 0, NULL, NULL},
	/* daniel */
	/* 0055 */ {"Quantum Ledger Corp.", "quantum-ledger", "Enterprise", NULL, "daniel", "emily", P_STEADY, 290, NULL, 0, NULL, NULL},
	/* 0056 */ {"Redwood Analytics", "redwood-analytics", "Mid-Market", NULL, "daniel", "emily", P_GROWING, 65, NULL, 0, NULL, NULL},
	/* 0057 */ {"Vantage Point Security", "vantage-point", "Mid-Market", NULL, "daniel", "sofia", P_STEADY, 50, NULL, 0, NULL, NULL},
	/* 0058 */ {"Cobalt Cloud Services", "cobalt-cloud", "Enterprise", NULL, "daniel", "emily", P_DECLINING, 240, NULL, 0, NULL, NULL},
	/* 0059 */ {"Trailhead Learning", "trailhead", "SMB", NULL, "daniel", "sofia", P_STEADY, 16, NULL, 0, NULL, NULL},
	/* 0060 */ {"Summit Ridge Capital", "summit-ridge", "Enterprise", NULL, "daniel", "emily", P_STEADY, 130, NULL, 0, NULL, NULL},
	/* 0061 */ {"Nimbus Health", "nimbus-health", "Mid-Market", NULL, "daniel", "sofia", P_ONBOARD_OK, 75, "onboarding", 0, NULL, NULL},
	/* 0062 */ {"Polaris Logistics Group", "polaris-logi", "Enterprise", NULL, "daniel", "emily", P_STEADY, 410, NULL, 0, NULL, NULL},
	/* 0063 */ {"Ironbridge Manufacturing", "ironbridge", "Mid-Market", NULL, "daniel", "sofia", P_RED, 90, NULL, 0, NULL, NULL},
	/* sofia */
	/* 0064 */ {"Little Fern Bakery", "little-fern", "SMB", NULL, "sofia", "emily", P_STEADY, 8, NULL, 0, NULL, NULL},
	/* 0065 */ {"Tidewater Yoga Studio", "tidewater", "SMB", NULL, "sofia", "daniel", P_STEADY, 6, NULL, 0, NULL, NULL},
	/* 0066 */ {"Marigold Events", "marigold", "SMB", NULL, "sofia", "daniel", P_GROWING, 11, NULL, 0, NULL, NULL},
	/* 0067 */ {"Bluebird Accounting LLP", "bluebird", "SMB", "low", "sofia", "emily", P_STEADY, 22, NULL, 0, NULL, NULL},
	/* 0068 */ {"Oak & Anchor Legal", "oak-anchor", "SMB", "low", "sofia", "emily", P_DECLINING, 18, NULL, 0, NULL, NULL},
	/* 0069 */ {"Sunny Side Daycare", "sunnyside", "SMB", NULL, "sofia", "daniel", P_STEADY, 9, NULL, 0, NULL, NULL},
	/* 0070 */ {"Pixel Forge Games", "pixel-forge", "SMB", NULL, "sofia", "daniel", P_GROWING, 25, NULL, 0, NULL, NULL},
	/* 0071 */ {"Harvest Moon Farms", "harvest-moon", "SMB", NULL, "sofia", "emily", P_RED, 7, NULL, 0, NULL, NULL},
	/* 0072 */ {"Cedar Lane Veterinary", "cedar-lane", "SMB", NULL, "sofia", "daniel", P_STEADY, 13, NULL, 0, NULL, NULL},
	/* mei */
	/* 0073 */ {"株式会社くるみ商店", "kurumi-shoten", "SMB", NULL, "mei", "yuki", P_STEADY, 8, NULL, 0, NULL, NULL},
	/* 0074 */ {"合同会社ほしぞらラボ", "hoshizora-lab", "SMB", NULL, "mei", "yuki", P_GROWING, 10, NULL, 0, NULL, NULL},
	/* 0075 */ {"株式会社ことのは翻訳", "kotonoha", "SMB", NULL, "mei", "yuki", P_STEADY, 14, NULL, 0, NULL, NULL},
	/* 0076 */ {"有限会社まつば工務店", "matsuba-komuten", "SMB", NULL, "mei", "ken", P_DECLINING, 6, NULL, 0, NULL, NULL},
	/* 0077 */ {"株式会社みかん農園", "mikan-noen", "SMB", NULL, "mei", "yuki", P_STEADY, 5, NULL, 0, NULL, NULL},
	/* 0078 */ {"株式会社ねこのて", "nekonote", "SMB", NULL, "mei", "yuki", P_ONBOARD_OK, 12, "onboarding", 0, NULL, NULL},
	/* 0079 */ {"株式会社そよかぜカフェ", "soyokaze-cafe", "SMB", NULL, "mei", "ken", P_RED, 9, NULL, 0, NULL, NULL},
	/* 0080 */ {"株式会社あかね歯科クリニック", "akane-dental", "SMB", "low", "mei", "yuki", P_STEADY, 20, NULL, 0, NULL, NULL},
};

/* Contacts fixed by docs/feeds.md's examples (ACC-0001, ACC-0002). */
static const struct {
	int index;
	struct contact c;
} sample_fixed_contacts[] = {
	{0, {"山田 太郎", "情報システム部長", "yamada@sakura-logi.example"}},
	{1, {"Dana Reyes", "VP Ops", "dana@northwind.example"}},
	{1, {"Sam Lee", "Admin", "sam@northwind.example"}},
};
static const char *const sample_fixed_arr[] = { "12000000", "48000.00" };

/* Outcomes already decided (docs/feeds.md: outcome, outcome_date), so that
 * `csconsole health --backtest` has history to replay: days before the
 * anchor, all within 80 days so the score 90 days before falls inside the
 * 26 weeks of metrics. They follow the stories, mostly: red and declining
 * accounts churned, steady and growing ones renewed (Pinecrest signed at
 * A-19, its story's signing note), but not perfectly: a declining and a red
 * account renewed anyway, two steady SMB accounts churned (budget). Fixed
 * here, never drawn from the PRNG, so no other byte of the book moves. */
static const struct {
	int index;                /* 0 = ACC-0001 */
	const char *outcome;
	int days_ago;
} sample_outcomes[] = {
	{8, "renewed", 19},       /* ACC-0009 Pinecrest, growing */
	{15, "renewed", 40},      /* ACC-0016 steady */
	{17, "renewed", 66},      /* ACC-0018 steady */
	{19, "churned", 15},      /* ACC-0020 declining */
	{20, "churned", 30},      /* ACC-0021 red, champion unknown */
	{21, "renewed", 33},      /* ACC-0022 steady */
	{27, "renewed", 12},      /* ACC-0028 steady */
	{31, "churned", 45},      /* ACC-0032 red */
	{34, "renewed", 47},      /* ACC-0035 steady */
	{40, "renewed", 28},      /* ACC-0041 steady */
	{43, "churned", 70},      /* ACC-0044 steady, churned anyway */
	{55, "renewed", 58},      /* ACC-0056 growing */
	{57, "churned", 38},      /* ACC-0058 declining */
	{58, "churned", 25},      /* ACC-0059 steady, churned anyway */
	{61, "renewed", 9},       /* ACC-0062 steady */
	{62, "churned", 20},      /* ACC-0063 red */
	{65, "renewed", 75},      /* ACC-0066 growing */
	{67, "renewed", 35},      /* ACC-0068 declining, renewed anyway */
	{70, "renewed", 50},      /* ACC-0071 red, renewed anyway */
	{75, "churned", 52},      /* ACC-0076 declining */
	{78, "churned", 60},      /* ACC-0079 red */
};

#define SAMPLE_WEEKS 26
#define SAMPLE_DAYS (7 * SAMPLE_WEEKS)

static const char *touch_for_segment(const char *segment)
{
	if (str_eq(segment, "Enterprise"))
		return "high";
	if (str_eq(segment, "Mid-Market"))
		return "low";
	return "tech";
}

/* Fills the model parameters of a sample account from its profile. */
static void sample_model(struct account *a, struct rng *r)
{
	a->start = anchor - 10000;
	a->inten0 = between(r, 1.3, 2.2);
	switch (a->profile) {
	case P_STEADY:
		a->act0 = between(r, 0.68, 0.9);
		a->health0 = between(r, 72, 88);
		break;
	case P_GROWING:
		a->act0 = between(r, 0.55, 0.68);
		a->health0 = between(r, 62, 68);
		break;
	case P_DECLINING:
		a->act0 = between(r, 0.7, 0.8);
		a->health0 = between(r, 72, 76);
		break;
	case P_RED:
		a->act0 = between(r, 0.3, 0.42);
		a->health0 = between(r, 36, 47);
		a->inten0 = between(r, 0.8, 1.2);
		break;
	case P_ONBOARD_OK:
		a->start = anchor - 7 * rng_int(r, 5, 8);
		a->start -= rng_int(r, 0, 6);
		a->act0 = between(r, 0.82, 0.9);
		a->health0 = between(r, 76, 82);
		break;
	case P_CHAMPION_LEFT:
		a->act0 = 0.94;
		a->inten0 = 2.6;
		a->health0 = 88;
		break;
	case P_FALLING6:
		a->act0 = 0.86;
		a->inten0 = 2.0;
		a->health0 = 82;
		break;
	case P_CORE_SILENT:
		a->act0 = 0.76;
		a->health0 = 77;
		break;
	case P_NEG_RENEWAL:
		a->act0 = 0.72;
		a->health0 = 75;
		break;
	case P_ONBOARD_STUCK:
		a->start = anchor - 105;
		a->act0 = 0.45;
		a->health0 = 54;
		break;
	case P_QUIET_LOYAL:
		a->act0 = 0.29;
		a->inten0 = 0.9;
		a->health0 = 79;
		break;
	}
	/* The monthly workflow: at the start of the month or mid-month. */
	a->core_cycle = rng_unit(r) < 0.6 ? 1 : 15;
	/* The yearly key feature: a past mid-year review season, or the budget
	 * season running now; about a third of the accounts use neither. */
	double s = rng_unit(r);
	a->season = s < 0.33 ? SEASON_MIDYEAR : s < 0.66 ? SEASON_BUDGET : SEASON_NONE;
	if (a->profile == P_QUIET_LOYAL)
		a->season = SEASON_BUDGET;
	if (a->profile == P_NEG_RENEWAL || a->profile == P_CHAMPION_LEFT)
		a->season = SEASON_MIDYEAR;
	if (a->profile == P_ONBOARD_STUCK || a->profile == P_ONBOARD_OK)
		a->season = SEASON_NONE;
}

static void sample_accounts_build(struct account *accts, uint64_t seed)
{
	int n = (int)ARRAY_SIZE(sample_accounts);
	for (int i = 0; i < n; i++) {
		const struct sample_account *s = &sample_accounts[i];
		struct account *a = &accts[i];
		struct rng r = rng_stream(seed, 1, (uint64_t)i);
		bool jp = !is_ascii(s->name);

		memset(a, 0, sizeof(*a));
		str_format(a->id, sizeof(a->id), "ACC-%04d", i + 1);
		str_copy(a->name, sizeof(a->name), s->name);
		str_copy(a->slug, sizeof(a->slug), s->slug);
		a->segment = s->segment;
		a->touch = s->touch ? s->touch : touch_for_segment(s->segment);
		a->main_owner = s->main;
		a->sub_owner = s->sub;
		a->profile = s->profile;
		a->seats = s->seats;
		a->currency = s->currency ? s->currency : jp ? "JPY" : "USD";
		a->champion_status = s->champion_status ? s->champion_status : "active";
		sample_model(a, &r);

		/* Renewals: the given offset, else a year after an onboarding start,
		 * else spread over the year (Japanese contracts end at month end). */
		if (s->renew_in)
			a->renewal = anchor + s->renew_in;
		else if (a->start > anchor - 1000)
			a->renewal = a->start + 365;
		else {
			a->renewal = anchor + 8 + (int)((i * 137 + rng_int(&r, 0, 20)) % 352);
			if (str_eq(a->currency, "JPY") && a->renewal - anchor >= 35)
				a->renewal = month_end(a->renewal);
		}
		if (s->stage)
			a->stage = s->stage;
		else if (a->renewal - anchor <= 60)
			a->stage = "renewal";
		else if (a->profile == P_GROWING)
			a->stage = "expansion";
		else
			a->stage = "adoption";

		if (i < (int)ARRAY_SIZE(sample_fixed_arr))
			str_copy(a->arr, sizeof(a->arr), sample_fixed_arr[i]);
		else
			make_arr(a, &r);

		for (size_t k = 0; k < ARRAY_SIZE(sample_outcomes); k++)
			if (sample_outcomes[k].index == i) {
				a->outcome = sample_outcomes[k].outcome;
				a->outcome_day = anchor - sample_outcomes[k].days_ago;
			}
		for (size_t k = 0; k < ARRAY_SIZE(sample_fixed_contacts); k++)
			if (sample_fixed_contacts[k].index == i)
				a->contacts[a->n_contacts++] = sample_fixed_contacts[k].c;
		if (a->n_contacts == 0) {
			int nc = rng_int(&r, 1, 3);
			for (int k = 0; k < nc; k++)
				make_contact(&a->contacts[a->n_contacts++], jp, a->slug, k, &r);
		} else if (a->n_contacts == 1) {
			make_contact(&a->contacts[a->n_contacts++], jp, a->slug, 1, &r);
		}
	}
}

static void sample_team(struct csm *csms)
{
	for (size_t i = 0; i < ARRAY_SIZE(sample_csms); i++) {
		struct csm *c = &csms[i];
		memset(c, 0, sizeof(*c));
		str_copy(c->handle, sizeof(c->handle), sample_csms[i].handle);
		str_copy(c->name, sizeof(c->name), sample_csms[i].name);
		str_format(c->email, sizeof(c->email), "%s@example.com", c->handle);
		str_copy(c->team, sizeof(c->team), sample_csms[i].team);
		if (str_eq(c->handle, "haruto")) {
			c->abs[0].from = anchor + 1;
			c->abs[0].until = anchor + 7;
			c->abs[0].reason = "vacation";
			c->n_abs = 1;
		} else if (str_eq(c->handle, "emily")) {
			c->abs[0].from = anchor + 20;
			c->abs[0].until = anchor + 24;
			c->abs[0].reason = "conference";
			c->abs[0].covered_by = "daniel";
			c->n_abs = 1;
		} else if (str_eq(c->handle, "ken")) {
			c->abs[0].from = anchor - 33;
			c->abs[0].until = anchor - 29;
			c->abs[0].reason = "training";
			c->n_abs = 1;
		}
	}
}

/* Days of the monthly workflow: the first five workdays from the cycle day. */
static bool core_day(const struct account *a, int day)
{
	int y, m, d;
	if (weekend(day))
		return false;
	day_to_ymd(day, &y, &m, &d);
	if (d < a->core_cycle)
		return false;
	int workdays = 0;
	for (int k = day_from_ymd(y, m, a->core_cycle); k < day; k++)
		workdays += !weekend(k);
	return workdays < 5;
}

static bool season_day(const struct account *a, int day)
{
	if (weekend(day))
		return false;
	switch (a->season) {
	case SEASON_MIDYEAR:
		return day >= anchor - 175 && day <= anchor - 140;
	case SEASON_BUDGET:
		return day >= anchor - 39 && day <= anchor + 22;
	case SEASON_NONE:
		break;
	}
	return false;
}

/* NPS answers: two survey waves for most accounts, plus the story's own. */
static int sample_nps(const struct account *a, int wave, struct rng *r, long *value)
{
	double base;
	switch (a->profile) {
	case P_QUIET_LOYAL: base = 72; break;
	case P_CHAMPION_LEFT: base = wave ? 30 : 45; break;
	case P_RED: base = -30; break;
	case P_DECLINING: base = wave ? -5 : 15; break;
	case P_FALLING6: base = wave ? 10 : 35; break;
	case P_NEG_RENEWAL: base = wave == 2 ? -40 : 30; break;
	case P_ONBOARD_STUCK: base = -10; break;
	case P_GROWING: base = wave ? 45 : 30; break;
	default: base = between(r, 15, 55); break;
	}
	*value = iround(clamp(base + (a->profile == P_NEG_RENEWAL && wave == 2 ? 0 : 4.0 * rng_noise(r)), -100, 100));
	return 0;
}

static int sample_metrics(const struct account *accts, int n, uint64_t seed)
{
	struct out weekly, daily, nps;
	char ga[21];
	generated_at(ga);
	if (out_open(&weekly, "feeds/metrics/weekly.csv") < 0 ||
	    out_open(&daily, "feeds/metrics/daily.csv") < 0 ||
	    out_open(&nps, "feeds/metrics/nps.yaml") < 0)
		return -1;
	fprintf(weekly.f, "# generated_at: %s\naccount,date,metric,value\n", ga);
	fprintf(daily.f, "# generated_at: %s\naccount,date,metric,value\n", ga);
	fprintf(nps.f, "# NPS survey answers per account, -100..100 (written by gen-book).\n"
		"generated_at: %s\nmetrics:\n", ga);

	for (int i = 0; i < n; i++) {
		const struct account *a = &accts[i];
		struct rng r = rng_stream(seed, 2, (uint64_t)i);
		struct week_state w[SAMPLE_WEEKS];

		for (int ago = 0; ago < SAMPLE_WEEKS; ago++)
			w[ago] = model_week(a, ago, SAMPLE_WEEKS, &r);

		/* Weekly: the snapshot on day anchor - 7*ago covers the 7 days before it. */
		for (int ago = SAMPLE_WEEKS - 1; ago >= 0; ago--) {
			int day = anchor - 7 * ago;
			if (!w[ago].live)
				continue;
			double tmean = a->seats / 60.0 + 0.3;
			if (a->profile == P_RED || a->profile == P_ONBOARD_STUCK)
				tmean *= 2.5;
			if (a->profile == P_FALLING6 && ago < 6)
				tmean *= 2.0;
			if (day - a->start < 35)
				tmean *= 2.0;
			metric_row(&weekly, a->id, day, "health_score", iround(w[ago].health));
			metric_row(&weekly, a->id, day, "active_seats", iround(w[ago].act * a->seats));
			metric_row(&weekly, a->id, day, "support_tickets", rng_count(&r, tmean));
		}

		/* Daily: logins every day; the two feature counts only on days of use. */
		for (int day = anchor - SAMPLE_DAYS; day < anchor; day++) {
			const struct week_state *ws = &w[(anchor - 1 - day) / 7];
			if (day < a->start)
				continue;
			metric_row(&daily, a->id, day, "logins", day_logins(a, ws, day, &r));
			bool core = core_day(a, day) && !(a->profile == P_CORE_SILENT && day >= anchor - 75);
			if (core) {
				long v = iround(ws->act * a->seats * 0.35 * (1.0 + 0.2 * rng_noise(&r)));
				metric_row(&daily, a->id, day, "core_feature_uses", v < 1 ? 1 : v);
			}
			if (season_day(a, day)) {
				long v = iround(ws->act * a->seats * 0.5 * (1.0 + 0.3 * rng_noise(&r)));
				metric_row(&daily, a->id, day, "key_feature_uses", v < 1 ? 1 : v);
			}
		}

		/* NPS: waves ~5 and ~2 months ago for most accounts, and the story's
		 * survey right after the bad meeting. */
		static const int wave_ago[] = { 145, 54, 9 };
		bool surveyed = rng_unit(&r) < 0.65 || a->profile >= P_CHAMPION_LEFT;
		for (int wave = 0; wave < 3 && surveyed; wave++) {
			long v;
			int day = anchor - wave_ago[wave];
			if (wave == 2 && a->profile != P_NEG_RENEWAL)
				break;
			if (day < a->start + 21)
				continue;
			sample_nps(a, wave, &r, &v);
			fprintf(nps.f, "  - {account: %s, date: %s, metric: nps, value: %ld}\n",
				a->id, date_str(day), v);
			nps.rows++;
			total_rows++;
		}
	}
	if (out_close(&weekly) < 0 || out_close(&daily) < 0 || out_close(&nps) < 0)
		return -1;
	return 0;
}

/* ---- Team events: devices, stamps, segments ----------------------------- */

/* Events are written as csconsole writes them (docs/sync.md): the canonical
 * JSON of event_to_json(), segments by segment_write(), and every event is
 * first checked by the parser a teammate's csconsole uses. Device ids, event
 * and entity ids and segment names are ULIDs whose random part comes from
 * gen-book's PRNG, and every time is relative to the anchor, so the same
 * arguments give the same bytes. Every stamp lies before the anchor day, so
 * neither the tests (which pin today to the anchor) nor the demo (shifted to
 * the real today) see a clock ahead of theirs. */

#define MS_PER_MIN 60000LL
#define MS_PER_DAY 86400000LL

static long total_segments, total_events;

static const char crockford32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* A ULID: 48 bits of milliseconds, then 80 bits of the stream. */
static void ulid_make(int64_t ms, struct rng *r, char out[ULID_SIZE])
{
	uint64_t t = (uint64_t)ms & 0xffffffffffffULL;
	uint64_t a = rng_next(r) >> 24, b = rng_next(r) >> 24;    /* 40 + 40 bits */
	for (int i = 9; i >= 0; i--, t >>= 5)
		out[i] = crockford32[t & 31];
	for (int i = 7; i >= 0; i--, a >>= 5, b >>= 5) {
		out[10 + i] = crockford32[a & 31];
		out[18 + i] = crockford32[b & 31];
	}
	out[26] = '\0';
}

static int64_t day_ms(int day)
{
	return (int64_t)day * MS_PER_DAY;
}

/* One writer's device: its id, its owner (every event's author), its clock
 * and the seq of its last event. rng: its ids and segment names. */
struct device {
	char id[ULID_SIZE];
	const char *owner;
	int64_t seq;
	struct hlc clock;
	struct rng rng;
};

static void device_init(struct device *d, const char *owner, int64_t created_ms, uint64_t seed,
			uint64_t index)
{
	memset(d, 0, sizeof(*d));
	d->owner = owner;
	d->rng = rng_stream(seed, 10, index);
	ulid_make(created_ms, &d->rng, d->id);
}

/* Parses the event back as a teammate's csconsole will: a generator bug
 * stops here instead of being quarantined by every reader. */
static void event_check(const struct event *e)
{
	char *json = event_to_json(e);
	json_object *o = json_tokener_parse(json);
	struct event back;
	if (!o)
		die("gen-book: generated an event that is not JSON: %s", json);
	if (event_from_json(o, &back) != 0)
		die("gen-book: generated an invalid event: %s: %s", error_message(), json);
	event_free(&back);
	json_object_put(o);
	free(json);
}

/* The device writes an event at ms (its wall clock). base: for an update,
 * the entity's stamp the writer saw; the clock first moves past it, as
 * csconsole's does when it imports the stamp. Takes ownership of data. */
static struct event *event_make(struct device *d, int64_t ms, enum event_type t, const char *entity,
				const char *account, const struct hlc *base, json_object *data)
{
	struct event *e = xcalloc(1, sizeof(*e));
	char id[ULID_SIZE], text[HLC_TEXT_SIZE];

	d->clock = base ? hlc_receive(d->clock, *base, (uint64_t)ms) : hlc_tick(d->clock, (uint64_t)ms);
	ulid_make(ms, &d->rng, id);
	e->id = xstrdup(id);
	e->device = xstrdup(d->id);
	e->seq = ++d->seq;
	e->hlc = d->clock;
	e->author = xstrdup(d->owner);
	e->type = xstrdup(event_type_name(t));
	e->version = 1;
	e->entity = xstrdup(entity);
	e->account = account ? xstrdup(account) : NULL;
	if (base) {
		hlc_format(*base, text);
		e->base = xstrdup(text);
	}
	e->data = data;
	event_check(e);
	return e;
}

static void events_free(struct event **evs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		event_free(evs[i]);
		free(evs[i]);
	}
}

/* Publishes evs (consecutive seqs of device d) as DIR/events/<device>/<ulid>.jsonl,
 * the name's time being written_at, as csconsole sync would. */
static int segment_out(struct device *d, struct event *const *evs, size_t n, int64_t written_at)
{
	char name[ULID_SIZE];
	char *dir = xasprintf("%s/events/%s", out_dir, d->id);
	char *path = NULL;
	FILE *f = NULL;
	int rc = 0;
	struct segment_header h = {
		.device = xstrdup(d->id), .owner = xstrdup(d->owner),
		.first_seq = evs[0]->seq, .last_seq = evs[n - 1]->seq,
		.count = n, .written_at = written_at,
	};

	for (size_t i = 0; i < n; i++)
		if ((int64_t)evs[i]->hlc.ms > written_at)
			die("gen-book: event %s is stamped after its segment was written", evs[i]->id);
	ulid_make(written_at, &d->rng, name);
	path = xasprintf("%s/%s%s", dir, name, SEGMENT_SUFFIX);
	if (path_mkdirs(dir, 0755) < 0) {
		rc = -1;
	} else if (!(f = fopen(path, "wx"))) {
		rc = error("cannot create %s: %s", path, strerror(errno));
	} else {
		rc = segment_write(f, &h, evs, n);
		if (fclose(f) != 0 && rc == 0)
			rc = error("cannot write %s: %s (disk full?)", path, strerror(errno));
	}
	if (rc == 0) {
		total_segments++;
		total_events += (long)n;
		total_files++;
	}
	segment_header_free(&h);
	free(path);
	free(dir);
	return rc;
}

static void jput_str(json_object *o, const char *key, const char *value)
{
	if (value)
		json_object_object_add(o, key, json_object_new_string(value));
}

static void jput_day(json_object *o, const char *key, int day)
{
	json_object_object_add(o, key, json_object_new_string(date_str(day)));
}

/* Note summaries and texts, by language and mood (1-2, 3, 4-5). */
static const char *const jp_summaries[3][6] = {
	{ "利用低下について相談、現場の負担感が強い", "障害の影響について説明を求められた",
	  "来期の予算削減の可能性を示唆された", "担当者が多忙で打ち合わせが延期続き",
	  "機能不足への不満、競合製品の話も出た", "問い合わせの回答が遅いとの指摘" },
	{ "定例連絡：特に課題なし", "担当者交代の挨拶、引き継ぎ資料を送付", "請求書の宛先変更の相談",
	  "新入社員向け操作研修の日程調整", "利用状況レポートを送付", "サポート問い合わせの状況確認" },
	{ "定例ミーティング：利用は順調", "管理者と活用状況を確認、新機能に関心",
	  "月次レビュー：他部署への展開を検討中", "問い合わせ対応のフォロー、満足との回答",
	  "活用事例インタビューを快諾いただいた", "年度計画の確認：来期も継続の意向" },
};
static const char *const en_summaries[3][6] = {
	{ "Usage dipping: teams say the tool adds work", "Asked for an explanation of last month's outage",
	  "Hinted at budget cuts next year", "Meetings keep getting postponed",
	  "Unhappy about a missing feature; mentioned a competitor", "Complained about slow ticket answers" },
	{ "Routine check-in, nothing pressing", "New admin introduced; sent the onboarding notes",
	  "Billing contact changed", "Scheduled training for new hires", "Sent the monthly usage report",
	  "Checked on open support tickets" },
	{ "Monthly check-in: usage on track", "Admin keen on the new reporting features",
	  "Discussed rolling out to another department", "Support follow-up: issue solved, happy",
	  "Agreed to be a reference customer", "Annual planning: plan to continue next year" },
};
static const char *const jp_texts[] = {
	"次回までに管理者向けの活用資料を送る。",
	"現場リーダーとの打ち合わせを来月設定する方向。",
	"利用データを見ながら次のステップを相談した。",
	"決裁者は部長。来期の計画は年明けに固まる見込み。",
};
static const char *const en_texts[] = {
	"Send the admin guide for the new dashboards before the next call.",
	"They want a session with the team leads next month.",
	"Walked through the usage data together and agreed on next steps.",
	"The budget owner is the department head; next year's plan is set in January.",
};

static int mood(int sentiment)
{
	return sentiment <= 2 ? 0 : sentiment == 3 ? 1 : 2;
}

/* ---- The sample book's events ------------------------------------------- */

/* The scripted events that tell the stories of sample-data/README.md. who: the
 * author, writing from their own device; day: relative to the anchor (a
 * weekday before it); at: minutes into the author's working day; ref: names
 * the entity so later lines can update it. The data fields a type takes
 * (docs/sync.md): d1 is its day (touch_day, opened_day, resolved_day, due_day,
 * done_day, until_day, or from_day), d2 a coverage's until_day, text a touch's
 * note. Each story's lines are together; they are sorted by time later. */
struct script_ev {
	const char *who;
	int day, at;
	const char *type, *acct, *ref;
	const char *kind;
	int sentiment;
	const char *summary, *text;
	const char *category, *severity, *status;
	int d1, d2;
	const char *reason, *absent, *covered_by;
};

static const struct script_ev sample_script[] = {
	/* 1. ACC-0002: high usage, champion left (ken's account, aiko the sub owner). */
	{ .who = "ken", .day = -12, .at = 60, .type = "note.add", .acct = "ACC-0002", .ref = "n2-left",
	  .kind = "call", .sentiment = 2, .summary = "Dana Reyes (VP Ops) has left Northwind",
	  .text = "Sam Lee (admin) says Dana left at the end of October. No new sponsor named; Sam does "
		  "not know who signs the renewal. Usage is as high as ever.", .d1 = -12 },
	{ .who = "ken", .day = -12, .at = 75, .type = "risk.open", .acct = "ACC-0002", .ref = "r2-champion",
	  .category = "champion_left", .severity = "high",
	  .text = "Our champion Dana Reyes left. Nobody owns the renewal three weeks out; usage alone will "
		  "not renew it.", .d1 = -12 },
	{ .who = "aiko", .day = -11, .at = 120, .type = "touch.schedule", .acct = "ACC-0002", .ref = "t2-intro",
	  .kind = "meeting", .text = "Meet Sam Lee and his manager: who sponsors the renewal now?", .d1 = 2 },

	/* 2. ACC-0003: usage falling for six weeks. */
	{ .who = "aiko", .day = -61, .at = 90, .type = "note.add", .acct = "ACC-0003", .ref = "n3-old",
	  .kind = "call", .sentiment = 4, .summary = "Monthly check-in: second warehouse rollout going well",
	  .d1 = -61 },
	{ .who = "aiko", .day = -14, .at = 180, .type = "risk.open", .acct = "ACC-0003", .ref = "r3-decline",
	  .category = "adoption_support", .severity = "medium",
	  .text = "Active seats and logins have fallen every week for a month and tickets doubled. Cause "
		  "unknown: their ops lead has not answered two emails.", .d1 = -14 },
	{ .who = "ken", .day = -6, .at = 100, .type = "note.add", .acct = "ACC-0003", .ref = "n3-ken",
	  .kind = "internal", .sentiment = 2, .summary = "Blue Harbor's tickets: mostly SSO timeouts since their proxy change",
	  .d1 = -6 },
	{ .who = "aiko", .day = -4, .at = 200, .type = "risk.update", .acct = "ACC-0003", .ref = "r3-decline",
	  .severity = "high", .text = "Sixth weekly drop in a row: active seats under half. Tickets point at "
		  "SSO timeouts since their proxy change." },
	{ .who = "aiko", .day = -4, .at = 210, .type = "touch.schedule", .acct = "ACC-0003", .ref = "t3-review",
	  .kind = "call", .text = "Usage review with the ops lead: what changed six weeks ago?", .d1 = 1 },

	/* 3. ACC-0004: the overdue touchpoint (high touch, every 14 days). */
	{ .who = "aiko", .day = -40, .at = 60, .type = "note.add", .acct = "ACC-0004", .ref = "n4-last",
	  .kind = "meeting", .sentiment = 4, .summary = "定例ミーティング：月次ワークフローの運用は順調",
	  .text = "情報システム部と定例。月初の締め処理で毎月利用。次回は2週間後。", .d1 = -40 },
	{ .who = "aiko", .day = -40, .at = 80, .type = "touch.schedule", .acct = "ACC-0004", .ref = "t4-next",
	  .kind = "meeting", .text = "次回定例", .d1 = -26 },
	{ .who = "aiko", .day = -27, .at = 30, .type = "touch.reschedule", .acct = "ACC-0004", .ref = "t4-next",
	  .reason = "先方の上期決算対応のため延期の依頼", .d1 = -10 },

	/* 4. ACC-0005: renewing in three weeks after a negative meeting. */
	{ .who = "aiko", .day = -52, .at = 120, .type = "note.add", .acct = "ACC-0005", .ref = "n5-old",
	  .kind = "meeting", .sentiment = 4, .summary = "半期レビュー：利用状況は安定、更新に前向き", .d1 = -52 },
	{ .who = "aiko", .day = -10, .at = 300, .type = "note.add", .acct = "ACC-0005", .ref = "n5-meeting",
	  .kind = "meeting", .sentiment = 1, .summary = "更新前ミーティング：値上げと障害対応に強い不満",
	  .text = "情報システム部長が値上げ幅と、10月の障害時のサポート対応の遅さを強く指摘。"
		  "他社製品の比較検討を始めたとのこと。", .d1 = -10 },
	{ .who = "aiko", .day = -10, .at = 330, .type = "risk.open", .acct = "ACC-0005", .ref = "r5-meeting",
	  .category = "bad_interaction", .severity = "high",
	  .text = "更新前ミーティングで値上げとサポート対応に強い不満。競合比較を開始。", .d1 = -10 },
	{ .who = "aiko", .day = -7, .at = 60, .type = "touch.schedule", .acct = "ACC-0005", .ref = "t5-plan",
	  .kind = "renewal", .text = "改善計画と価格案を持って再訪（ken同行）", .d1 = 3 },
	{ .who = "ken", .day = -7, .at = 200, .type = "note.add", .acct = "ACC-0005", .ref = "n5-ken",
	  .kind = "internal", .sentiment = 2, .summary = "サポート部門にエスカレーション済み、10月障害の報告書を共有",
	  .d1 = -7 },

	/* 5. ACC-0006: stuck in onboarding below 80% activation. */
	{ .who = "aiko", .day = -103, .at = 60, .type = "note.add", .acct = "ACC-0006", .ref = "n6-kickoff",
	  .kind = "meeting", .sentiment = 5, .summary = "Kickoff: 120 seats, 80% active in six weeks is the goal",
	  .d1 = -103 },
	{ .who = "aiko", .day = -17, .at = 240, .type = "note.add", .acct = "ACC-0006", .ref = "n6-stuck",
	  .kind = "call", .sentiment = 2, .summary = "Activation stuck near 45%: SSO rollout blocked by their IT",
	  .text = "Three of five teams still sign in with local accounts; IT froze SSO changes until their "
		  "audit is over. The admin asked for a workshop for the remaining teams.", .d1 = -17 },
	{ .who = "aiko", .day = -17, .at = 260, .type = "touch.schedule", .acct = "ACC-0006", .ref = "t6-workshop",
	  .kind = "onboarding", .text = "Onboarding workshop for the three remaining teams", .d1 = 4 },
	{ .who = "emily", .day = -13, .at = 120, .type = "note.add", .acct = "ACC-0006", .ref = "n6-emily",
	  .kind = "email", .sentiment = 3, .summary = "Sent Kestrel's IT the SSO checklist and an audit-friendly rollout plan",
	  .d1 = -13 },

	/* 6. ACC-0007: quiet but loyal; an old happy note and nothing open. */
	{ .who = "aiko", .day = -68, .at = 90, .type = "note.add", .acct = "ACC-0007", .ref = "n7-loyal",
	  .kind = "call", .sentiment = 5, .summary = "長年のお客様：少人数で必要な機能を使いこなしている",
	  .text = "蔵の事務所の3〜4名で毎月の締めに利用。予算期の機能も今年も使う予定。困りごとなし。", .d1 = -68 },

	/* A risk with a history across devices: opened, raised by the sub owner, resolved. */
	{ .who = "aiko", .day = -62, .at = 100, .type = "risk.open", .acct = "ACC-0009", .ref = "r9-budget",
	  .category = "budget", .severity = "medium",
	  .text = "The billing team's expansion waits for next year's budget, frozen until the board meets.",
	  .d1 = -62 },
	{ .who = "daniel", .day = -47, .at = 60, .type = "risk.update", .acct = "ACC-0009", .ref = "r9-budget",
	  .severity = "high", .text = "The board postponed its budget meeting: the expansion slips a quarter "
		  "unless it is approved this month." },
	{ .who = "aiko", .day = -19, .at = 150, .type = "risk.resolve", .acct = "ACC-0009", .ref = "r9-budget",
	  .text = "Budget approved by the board; the expansion order is signed.", .d1 = -19 },
	{ .who = "aiko", .day = -19, .at = 160, .type = "note.add", .acct = "ACC-0009", .ref = "n9-signed",
	  .kind = "call", .sentiment = 5, .summary = "Expansion to the billing team signed", .d1 = -19 },
	{ .who = "aiko", .day = -19, .at = 170, .type = "touch.schedule", .acct = "ACC-0009", .ref = "t9-kickoff",
	  .kind = "onboarding", .text = "Kickoff for the billing team's 20 new seats", .d1 = 8 },

	/* A touchpoint done, a note edited, a duplicate note deleted, a touchpoint snoozed. */
	{ .who = "aiko", .day = -33, .at = 60, .type = "touch.schedule", .acct = "ACC-0001", .ref = "t1-qbr",
	  .kind = "qbr", .text = "Q3 QBR", .d1 = -19 },
	{ .who = "aiko", .day = -19, .at = 300, .type = "touch.done", .acct = "ACC-0001", .ref = "t1-qbr",
	  .text = "QBR held: adoption plan for next quarter agreed", .d1 = -19 },
	{ .who = "aiko", .day = -19, .at = 310, .type = "note.add", .acct = "ACC-0001", .ref = "n1-qbr",
	  .kind = "meeting", .sentiment = 4, .summary = "Q3 QBR：次四半期の活用計画に合意", .d1 = -19 },
	{ .who = "aiko", .day = -19, .at = 320, .type = "touch.schedule", .acct = "ACC-0001", .ref = "t1-next",
	  .kind = "call", .text = "活用計画の進捗確認", .d1 = 9 },
	{ .who = "aiko", .day = -24, .at = 100, .type = "note.add", .acct = "ACC-0008", .ref = "n8-roadmap",
	  .kind = "meeting", .sentiment = 3, .summary = "情報システム部とロードマップ確認", .d1 = -24 },
	{ .who = "aiko", .day = -21, .at = 30, .type = "note.edit", .acct = "ACC-0008", .ref = "n8-roadmap",
	  .sentiment = 4, .summary = "情報システム部とロードマップ確認：SSOとAPI上限の対応で合意" },
	{ .who = "aiko", .day = -12, .at = 200, .type = "note.add", .acct = "ACC-0012", .ref = "n12-call",
	  .kind = "call", .sentiment = 4, .summary = "月次の定例電話：利用は安定", .d1 = -12 },
	{ .who = "aiko", .day = -12, .at = 205, .type = "note.add", .acct = "ACC-0012", .ref = "n12-twice",
	  .kind = "call", .sentiment = 4, .summary = "月次の定例電話：利用は安定", .d1 = -12 },
	{ .who = "aiko", .day = -11, .at = 20, .type = "note.delete", .acct = "ACC-0012", .ref = "n12-twice" },
	{ .who = "aiko", .day = -40, .at = 200, .type = "touch.schedule", .acct = "ACC-0011", .ref = "t11-email",
	  .kind = "email", .text = "Quarterly check-in email", .d1 = -5 },
	{ .who = "aiko", .day = -5, .at = 30, .type = "touch.snooze", .acct = "ACC-0011", .ref = "t11-email",
	  .reason = "The studio is on a film shoot until mid-December and asked to be contacted after", .d1 = 12 },

	/* ACC-0013, red and without a known champion. */
	{ .who = "aiko", .day = -26, .at = 60, .type = "risk.open", .acct = "ACC-0013", .ref = "r13-roi",
	  .category = "roi_unproven", .severity = "medium",
	  .text = "No executive sponsor known and ROI never shown; health in the 40s.", .d1 = -26 },
	{ .who = "daniel", .day = -20, .at = 30, .type = "note.add", .acct = "ACC-0013", .ref = "n13-daniel",
	  .kind = "call", .sentiment = 2, .summary = "Orbit's finance lead questions the price per seat", .d1 = -20 },

	/* haruto's handover before his vacation (aiko covers ACC-0047 and ACC-0050). */
	{ .who = "haruto", .day = -3, .at = 300, .type = "note.add", .acct = "ACC-0047", .ref = "n47-handover",
	  .kind = "internal", .sentiment = 4, .summary = "休暇前の引き継ぎ：更新は先方稟議済み、契約書の押印待ち",
	  .d1 = -3 },
	{ .who = "haruto", .day = -3, .at = 320, .type = "touch.schedule", .acct = "ACC-0047", .ref = "t47-contract",
	  .kind = "renewal", .text = "契約書の受領確認（休暇中は愛子さんが対応）", .d1 = 2 },
	{ .who = "haruto", .day = -3, .at = 340, .type = "note.add", .acct = "ACC-0050", .ref = "n50-handover",
	  .kind = "internal", .sentiment = 2, .summary = "休暇前の引き継ぎ：介護報酬改定で現場が多忙、提案は控える",
	  .d1 = -3 },

	/* Coverage: mei's training days (yuki covers), and sofia's trip, cancelled. */
	{ .who = "mei", .day = -5, .at = 60, .type = "cover.set", .ref = "c-mei",
	  .absent = "mei", .covered_by = "yuki", .d1 = 9, .d2 = 11 },
	{ .who = "sofia", .day = -6, .at = 400, .type = "cover.set", .ref = "c-sofia",
	  .absent = "sofia", .covered_by = "emily", .d1 = 29, .d2 = 30 },
	{ .who = "sofia", .day = -4, .at = 60, .type = "cover.clear", .ref = "c-sofia" },
};

/* The data of a scripted event, by its type's fields. */
static json_object *script_data(const struct script_ev *s, enum event_type t)
{
	json_object *o = json_object_new_object();
	switch (t) {
	case EVENT_NOTE_ADD:
	case EVENT_NOTE_EDIT:
		jput_str(o, "kind", s->kind);
		if (s->sentiment)
			json_object_object_add(o, "sentiment", json_object_new_int(s->sentiment));
		jput_str(o, "summary", s->summary);
		jput_str(o, "text", s->text);
		if (t == EVENT_NOTE_ADD)
			jput_day(o, "touch_day", anchor + s->d1);
		break;
	case EVENT_RISK_OPEN:
	case EVENT_RISK_UPDATE:
		jput_str(o, "category", s->category);
		jput_str(o, "severity", s->severity);
		jput_str(o, "text", s->text);
		jput_str(o, "status", s->status);
		if (t == EVENT_RISK_OPEN)
			jput_day(o, "opened_day", anchor + s->d1);
		break;
	case EVENT_RISK_RESOLVE:
		jput_str(o, "text", s->text);   /* the closing note (version 1 writes it as text) */
		jput_day(o, "resolved_day", anchor + s->d1);
		break;
	case EVENT_TOUCH_SCHEDULE:
		jput_day(o, "due_day", anchor + s->d1);
		jput_str(o, "kind", s->kind);
		jput_str(o, "note", s->text);
		break;
	case EVENT_TOUCH_RESCHEDULE:
		jput_day(o, "due_day", anchor + s->d1);
		jput_str(o, "reason", s->reason);
		break;
	case EVENT_TOUCH_DONE:
		jput_day(o, "done_day", anchor + s->d1);
		jput_str(o, "note", s->text);
		break;
	case EVENT_TOUCH_SNOOZE:
		jput_day(o, "until_day", anchor + s->d1);
		jput_str(o, "reason", s->reason);
		break;
	case EVENT_COVER_SET:
		jput_str(o, "absent", s->absent);
		jput_str(o, "covered_by", s->covered_by);
		jput_day(o, "from_day", anchor + s->d1);
		jput_day(o, "until_day", anchor + s->d2);
		break;
	case EVENT_NOTE_DELETE:
	case EVENT_COVER_CLEAR:
	case EVENT_HANDOFF_REVIEW:
	case EVENT_TOUCH_RESTORE:  /* written by undo only */
	case EVENT_OPPORTUNITY_OPEN:   /* not in the generated book */
	case EVENT_OPPORTUNITY_UPDATE:
	case EVENT_OPPORTUNITY_CLOSE:
	case EVENT_FEEDBACK_ADD:
	case EVENT_FEEDBACK_RETRACT:  /* written by undo only */
	case EVENT_UNKNOWN:
	case EVENT_TYPE_COUNT:
		break;
	}
	return o;
}

/* One event to write: who writes it when, about what. */
struct plan {
	int who;                  /* index in sample_csms: the author and device */
	int64_t ms;
	int order;                /* ties: the order plans were made in */
	enum event_type type;
	char account[16];         /* "" for coverage */
	char ref[24];
	json_object *data;
	size_t group;
};

struct plans {
	struct plan *v;
	size_t n, cap;
};

static int csm_index(const char *handle)
{
	for (size_t i = 0; i < ARRAY_SIZE(sample_csms); i++)
		if (str_eq(handle, sample_csms[i].handle))
			return (int)i;
	die("gen-book: no CSM \"%s\" in the sample team", handle);
}

/* Adds a plan; an event is written on a weekday before the anchor, in its
 * author's working day, and not while they are away. */
static void plan_add(struct plans *p, const struct csm *csms, int who, int day, int at,
		     enum event_type t, const char *account, const char *ref, json_object *data)
{
	const struct csm *c = &csms[who];
	if (t == EVENT_UNKNOWN)
		die("gen-book: an event of unknown type for %s", ref);
	if (day >= anchor || weekend(day) || at < 0 || at > 9 * 60)
		die("gen-book: %s's event %s falls on %s at +%d min: not a working day before the anchor",
		    c->handle, ref, date_str(day), at);
	for (int k = 0; k < c->n_abs; k++)
		if (day >= c->abs[k].from && day <= c->abs[k].until)
			die("gen-book: %s's event %s falls on %s, while away", c->handle, ref, date_str(day));
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 128;
		p->v = xreallocarray(p->v, p->cap, sizeof(*p->v));
	}
	struct plan *x = &p->v[p->n];
	memset(x, 0, sizeof(*x));
	x->who = who;
	x->ms = day_ms(day) + (sample_csms[who].workday + at) * MS_PER_MIN;
	x->order = (int)p->n;
	x->type = t;
	str_copy(x->account, sizeof(x->account), account ? account : "");
	str_copy(x->ref, sizeof(x->ref), ref);
	x->data = data;
	p->n++;
}

static int plan_cmp(const void *a, const void *b)
{
	const struct plan *x = a, *y = b;
	if (x->ms != y->ms)
		return x->ms < y->ms ? -1 : 1;
	return x->order - y->order;
}

static bool script_schedules(const char *account)
{
	for (size_t i = 0; i < ARRAY_SIZE(sample_script); i++)
		if (str_eq(sample_script[i].acct, account) && str_eq(sample_script[i].type, "touch.schedule"))
			return true;
	return false;
}

/* A working day in [lo, hi] when the CSM is not away. */
static int pick_day(struct rng *r, const struct csm *c, int lo, int hi)
{
	for (int tries = 0; tries < 100; tries++) {
		int day = rng_int(r, lo, hi);
		bool away = false;
		for (int k = 0; k < c->n_abs; k++)
			away = away || (day >= c->abs[k].from && day <= c->abs[k].until);
		if (!weekend(day) && !away)
			return day;
	}
	die("gen-book: no working day for %s between %s and %s", c->handle, date_str(lo), date_str(hi));
}

static int profile_sentiment(enum profile p, struct rng *r)
{
	switch (p) {
	case P_GROWING:
	case P_ONBOARD_OK:
		return rng_int(r, 4, 5);
	case P_DECLINING:
		return rng_int(r, 2, 3);
	case P_RED:
		return rng_int(r, 1, 3);
	default:
		return rng_int(r, 3, 5);
	}
}

/* An everyday note: the kind fits the touch model, the mood the account. */
static void plan_note(struct plans *p, const struct csm *csms, const struct account *a, int who,
		      int day, struct rng *r, int serial)
{
	static const char *const kinds_high[] = { "meeting", "call", "email" };
	static const char *const kinds_low[] = { "call", "email", "chat" };
	static const char *const kinds_tech[] = { "email", "chat" };
	bool jp = !is_ascii(a->name);
	int sentiment = profile_sentiment(a->profile, r);
	const char *kind = str_eq(a->touch, "high") ? PICK(r, kinds_high)
			 : str_eq(a->touch, "low") ? PICK(r, kinds_low) : PICK(r, kinds_tech);
	const char *summary = jp ? jp_summaries[mood(sentiment)][rng_int(r, 0, 5)]
				 : en_summaries[mood(sentiment)][rng_int(r, 0, 5)];
	const char *text = rng_unit(r) < 0.4 ? (jp ? PICK(r, jp_texts) : PICK(r, en_texts)) : NULL;
	int at = rng_int(r, 30, 480);
	char ref[24];
	json_object *o = json_object_new_object();

	jput_str(o, "kind", kind);
	json_object_object_add(o, "sentiment", json_object_new_int(sentiment));
	jput_str(o, "summary", summary);
	jput_str(o, "text", text);
	jput_day(o, "touch_day", day);
	str_format(ref, sizeof(ref), "auto-n%d", serial);
	plan_add(p, csms, who, day, at, EVENT_NOTE_ADD, a->id, ref, o);
}

/* Everyday notes across the book, and aiko's next touchpoints: her own notes
 * on her accounts, her teammates' on the accounts they share with her, and
 * some of every CSM's on their own. The story accounts (ACC-0002 .. 0007)
 * and ACC-0009 carry only their scripted events. */
static void sample_everyday(struct plans *p, const struct csm *csms, const struct account *accts,
			    int n, uint64_t seed)
{
	static const int cadence[] = { 14, 45, 90 };     /* csconsole.yaml's defaults */
	int serial = 0, aiko = csm_index("aiko");

	for (int i = 0; i < n; i++) {
		const struct account *a = &accts[i];
		struct rng r = rng_stream(seed, 11, (uint64_t)i);
		int main = csm_index(a->main_owner), sub = csm_index(a->sub_owner);
		int lo = a->start > anchor - 85 ? a->start + 3 : anchor - 85;
		int last = 0;

		if (a->profile >= P_CHAMPION_LEFT || str_eq(a->id, "ACC-0009"))
			continue;
		if (main == aiko) {
			int days[3], k = rng_int(&r, 1, 3);
			for (int j = 0; j < k; j++)
				days[j] = pick_day(&r, &csms[aiko], lo, anchor - 3);
			for (int j = 0; j < k; j++) {
				plan_note(p, csms, a, aiko, days[j], &r, serial++);
				if (days[j] > last)
					last = days[j];
			}
			if (rng_unit(&r) < 0.35)
				plan_note(p, csms, a, sub, pick_day(&r, &csms[sub], lo, anchor - 3), &r, serial++);
			if (!script_schedules(a->id)) {
				int m = str_eq(a->touch, "high") ? 0 : str_eq(a->touch, "low") ? 1 : 2;
				int due = last + cadence[m];
				if (due <= anchor)
					due = anchor + rng_int(&r, 1, 12);
				while (weekend(due))
					due++;
				static const char *const tkinds[] = { "meeting", "call", "email" };
				char ref[24];
				json_object *o = json_object_new_object();
				jput_day(o, "due_day", due);
				jput_str(o, "kind", tkinds[m]);
				jput_str(o, "note", is_ascii(a->name) ? "Regular check-in" : "定例フォロー");
				str_format(ref, sizeof(ref), "auto-t%d", serial++);
				plan_add(p, csms, aiko, last, 485, EVENT_TOUCH_SCHEDULE, a->id, ref, o);
			}
		} else if (sub == aiko) {
			if (rng_unit(&r) < 0.7)
				plan_note(p, csms, a, main, pick_day(&r, &csms[main], lo, anchor - 3), &r, serial++);
			if (rng_unit(&r) < 0.5)
				plan_note(p, csms, a, aiko, pick_day(&r, &csms[aiko], lo, anchor - 3), &r, serial++);
		} else if (rng_unit(&r) < 0.4) {
			plan_note(p, csms, a, main, pick_day(&r, &csms[main], lo, anchor - 3), &r, serial++);
		}
	}
}

/* A segment: one device's events of one day, published a few minutes after
 * the last of them. */
struct group {
	int who, day;
	int64_t last_ms, publish_ms;
	struct event **ev;
	size_t n, cap;
};

/* An entity named in the script: its id and latest write. */
struct ref {
	char name[24];
	char entity[40];
	struct hlc last;
	int last_who;
	size_t last_group;
};

static struct ref *ref_find(struct ref *refs, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (str_eq(refs[i].name, name))
			return &refs[i];
	return NULL;
}

static const char *entity_kind(enum event_type t)
{
	switch (t) {
	case EVENT_NOTE_ADD: case EVENT_NOTE_EDIT: case EVENT_NOTE_DELETE: return "note";
	case EVENT_RISK_OPEN: case EVENT_RISK_UPDATE: case EVENT_RISK_RESOLVE: return "risk";
	case EVENT_COVER_SET: case EVENT_COVER_CLEAR: return "cover";
	default: return "touch";
	}
}

static bool type_creates(enum event_type t)
{
	return t == EVENT_NOTE_ADD || t == EVENT_RISK_OPEN || t == EVENT_TOUCH_SCHEDULE ||
	       t == EVENT_COVER_SET;
}

static int sample_events(const struct csm *csms, const struct account *accts, int n, uint64_t seed)
{
	enum { NCSM = ARRAY_SIZE(sample_csms) };
	struct plans p = {0};
	struct device dev[NCSM];
	struct group *groups = NULL;
	size_t ng = 0, gcap = 0, nrefs = 0;
	int cur[NCSM];
	struct rng pub = rng_stream(seed, 12, 0);
	int rc = 0;

	for (size_t i = 0; i < ARRAY_SIZE(sample_script); i++) {
		const struct script_ev *s = &sample_script[i];
		enum event_type t = event_type_parse(s->type, 1);
		plan_add(&p, csms, csm_index(s->who), anchor + s->day, s->at, t, s->acct, s->ref,
			 script_data(s, t));
	}
	sample_everyday(&p, csms, accts, n, seed);
	qsort(p.v, p.n, sizeof(*p.v), plan_cmp);

	/* Segments: each device publishes once per working day it wrote on. */
	for (int w = 0; w < NCSM; w++) {
		cur[w] = -1;
		device_init(&dev[w], sample_csms[w].handle, day_ms(anchor - 400) + w * 3600000LL, seed,
			    (uint64_t)w);
	}
	for (size_t i = 0; i < p.n; i++) {
		struct plan *x = &p.v[i];
		int day = (int)(x->ms / MS_PER_DAY);
		if (cur[x->who] < 0 || groups[cur[x->who]].day != day) {
			if (ng == gcap) {
				gcap = gcap ? 2 * gcap : 64;
				groups = xreallocarray(groups, gcap, sizeof(*groups));
			}
			groups[ng] = (struct group){ .who = x->who, .day = day };
			cur[x->who] = (int)ng++;
		}
		x->group = (size_t)cur[x->who];
		groups[x->group].last_ms = x->ms;
	}
	for (size_t g = 0; g < ng; g++) {
		groups[g].publish_ms = groups[g].last_ms + rng_int(&pub, 3, 15) * MS_PER_MIN;
		if (groups[g].publish_ms >= day_ms(anchor))
			die("gen-book: a segment of %s would be written on the anchor day",
			    sample_csms[groups[g].who].handle);
	}

	/* Events in time order: an update names the stamp of its entity's
	 * latest write, which its writer must have been able to see. */
	struct ref *refs = xcalloc(p.n, sizeof(*refs));
	for (size_t i = 0; i < p.n; i++) {
		struct plan *x = &p.v[i];
		struct ref *rf = ref_find(refs, nrefs, x->ref);
		struct group *g = &groups[x->group];
		struct event *e;
		if (type_creates(x->type)) {
			char id[ULID_SIZE];
			if (rf)
				die("gen-book: the script creates %s twice", x->ref);
			rf = &refs[nrefs++];
			str_copy(rf->name, sizeof(rf->name), x->ref);
			ulid_make(x->ms, &dev[x->who].rng, id);
			str_format(rf->entity, sizeof(rf->entity), "%s/%s", entity_kind(x->type), id);
			e = event_make(&dev[x->who], x->ms, x->type, rf->entity,
				       *x->account ? x->account : NULL, NULL, x->data);
		} else {
			if (!rf)
				die("gen-book: the script updates %s before creating it", x->ref);
			if (rf->last_who != x->who && groups[rf->last_group].publish_ms >= x->ms)
				die("gen-book: %s updates %s before %s's segment with its last write is published",
				    sample_csms[x->who].handle, x->ref, sample_csms[rf->last_who].handle);
			e = event_make(&dev[x->who], x->ms, x->type, rf->entity,
				       *x->account ? x->account : NULL, &rf->last, x->data);
		}
		rf->last = e->hlc;
		rf->last_who = x->who;
		rf->last_group = x->group;
		if (g->n == g->cap) {
			g->cap = g->cap ? 2 * g->cap : 8;
			g->ev = xreallocarray(g->ev, g->cap, sizeof(*g->ev));
		}
		g->ev[g->n++] = e;
	}

	for (size_t g = 0; g < ng; g++) {
		if (rc == 0)
			rc = segment_out(&dev[groups[g].who], groups[g].ev, groups[g].n, groups[g].publish_ms);
		events_free(groups[g].ev, groups[g].n);
		free(groups[g].ev);
	}
	free(groups);
	free(refs);
	free(p.v);
	return rc;
}

/* Issue 17's stories: expansion opportunities and the voice of the
 * customer, written by aiko and ken from devices of their own (new
 * laptops: device streams 100 and 101 of the seed), so the events above
 * and their files stay byte for byte what they were. Each line: who, day
 * and minute, the type, the account, a ref (an opportunity's updates name
 * it), and the data as JSON (a feedback's arr and currency are the
 * account's, filled in here from the feed). sample-data/README.md tells
 * the stories. */
struct expansion_ev {
	int who;                  /* 0 aiko, 1 ken */
	int day, at;
	enum event_type type;
	const char *acct, *ref, *data;
};

static const struct expansion_ev expansion_script[] = {
	/* ACC-0002: ken pitched an upsell; the champion left and the new sponsor froze spend */
	{ 1, -8, 120, EVENT_OPPORTUNITY_OPEN, "ACC-0002", "o2",
	  "{\"kind\":\"upsell\",\"amount\":1200000,\"currency\":\"USD\",\"stage\":\"proposal\","
	  "\"close_day\":\"2026-12-15\"}" },
	{ 1, -6, 200, EVENT_FEEDBACK_ADD, "ACC-0002", NULL,
	  "{\"area\":\"permissions\",\"request\":\"usability\",\"day\":\"2026-11-17\","
	  "\"text\":\"The new admin could not find where to hand over roles when the champion left.\"}" },
	{ 1, -6, 210, EVENT_OPPORTUNITY_CLOSE, "ACC-0002", "o2",
	  "{\"outcome\":\"lost\",\"closed_day\":\"2026-11-17\","
	  "\"note\":\"Champion left; the new sponsor froze new spend until the renewal.\"}" },
	/* ACC-0008: 600 seats nearly all used; aiko proposes 100 more */
	{ 0, -5, 90, EVENT_OPPORTUNITY_OPEN, "ACC-0008", "o8",
	  "{\"kind\":\"seats\",\"amount\":4800000,\"currency\":\"JPY\",\"stage\":\"proposal\","
	  "\"close_day\":\"2026-12-25\"}" },
	{ 0, -5, 100, EVENT_FEEDBACK_ADD, "ACC-0008", NULL,
	  "{\"area\":\"reporting\",\"request\":\"missing_feature\",\"day\":\"2026-11-18\","
	  "\"text\":\"The board wants a monthly PDF of the shipment KPIs.\"}" },
	/* ACC-0009: an analytics add-on, from discovery to negotiation in two days */
	{ 0, -4, 60, EVENT_OPPORTUNITY_OPEN, "ACC-0009", "o9",
	  "{\"kind\":\"cross-sell\",\"amount\":960000,\"currency\":\"USD\",\"stage\":\"discovery\","
	  "\"close_day\":\"2027-01-29\"}" },
	{ 0, -4, 75, EVENT_FEEDBACK_ADD, "ACC-0009", NULL,
	  "{\"area\":\"reporting\",\"request\":\"missing_feature\",\"day\":\"2026-11-19\","
	  "\"text\":\"Scheduled exports to their data warehouse, weekly.\"}" },
	{ 0, -2, 150, EVENT_OPPORTUNITY_UPDATE, "ACC-0009", "o9",
	  "{\"stage\":\"negotiation\",\"amount\":1080000,\"currency\":\"USD\"}" },
	/* ACC-0017: ken's cross-sell close to signing; a connector bug on the side */
	{ 1, -3, 240, EVENT_OPPORTUNITY_OPEN, "ACC-0017", "o17",
	  "{\"kind\":\"cross-sell\",\"amount\":2400000,\"currency\":\"JPY\",\"stage\":\"commit\","
	  "\"close_day\":\"2026-12-01\"}" },
	{ 1, -3, 250, EVENT_FEEDBACK_ADD, "ACC-0017", NULL,
	  "{\"area\":\"integrations\",\"request\":\"bug\",\"day\":\"2026-11-20\","
	  "\"text\":\"The SAP connector drops orders with long part numbers.\"}" },
};

static int sample_expansion(const struct account *accts, int n, uint64_t seed)
{
	static const char *const who[] = { "aiko", "ken" };
	struct device dev[2];
	struct event *evs[2][ARRAY_SIZE(expansion_script)];
	size_t nev[2] = { 0 };
	int64_t last_ms[2] = { 0 };
	struct { const char *ref; char entity[64]; struct hlc last; } refs[8];
	size_t nrefs = 0;
	int rc = 0;

	for (int w = 0; w < 2; w++)
		device_init(&dev[w], who[w], day_ms(anchor - 30) + w * 3600000LL, seed, 100 + (uint64_t)w);
	for (size_t i = 0; i < ARRAY_SIZE(expansion_script); i++) {
		const struct expansion_ev *x = &expansion_script[i];
		int w = x->who;
		int64_t ms = day_ms(anchor + x->day) + (sample_csms[csm_index(who[w])].workday + x->at) * MS_PER_MIN;
		json_object *data = json_tokener_parse(x->data);
		if (!data)
			die("gen-book: expansion_script line %zu is not JSON", i + 1);
		if (x->type == EVENT_FEEDBACK_ADD) {   /* the account's ARR from the feed */
			const struct account *a = NULL;
			int64_t minor;
			char why[128];
			for (int k = 0; k < n && !a; k++)
				if (str_eq(accts[k].id, x->acct))
					a = &accts[k];
			if (!a || !crm_parse_decimal(a->arr, currency_exponent(a->currency), &minor, why, sizeof(why)))
				die("gen-book: expansion_script line %zu: no ARR for %s", i + 1, x->acct);
			json_object_object_add(data, "arr", json_object_new_int64(minor));
			json_object_object_add(data, "currency", json_object_new_string(a->currency));
		}
		size_t r;
		for (r = 0; r < nrefs && x->ref && !str_eq(refs[r].ref, x->ref); r++)
			;
		struct event *e;
		if (x->type == EVENT_OPPORTUNITY_OPEN || x->type == EVENT_FEEDBACK_ADD) {
			char id[ULID_SIZE], entity[64];
			ulid_make(ms, &dev[w].rng, id);
			str_format(entity, sizeof(entity), "%s/%s",
				   x->type == EVENT_FEEDBACK_ADD ? "feedback" : "opportunity", id);
			e = event_make(&dev[w], ms, x->type, entity, x->acct, NULL, data);
			if (x->ref) {
				refs[nrefs].ref = x->ref;
				str_copy(refs[nrefs].entity, sizeof(refs[nrefs].entity), entity);
				r = nrefs++;
			}
		} else {
			if (r == nrefs)
				die("gen-book: expansion_script line %zu updates %s before opening it", i + 1, x->ref);
			e = event_make(&dev[w], ms, x->type, refs[r].entity, x->acct, &refs[r].last, data);
		}
		if (x->ref)
			refs[r].last = e->hlc;
		evs[w][nev[w]++] = e;
		last_ms[w] = ms;
	}
	/* One segment per writer, published a few minutes after its last event. */
	for (int w = 0; w < 2; w++) {
		if (rc == 0)
			rc = segment_out(&dev[w], evs[w], nev[w], last_ms[w] + 7 * MS_PER_MIN);
		events_free(evs[w], nev[w]);
	}
	return rc;
}

static int gen_sample(uint64_t seed, int *n_csms, int *n_accts)
{
	struct csm csms[ARRAY_SIZE(sample_csms)];
	int n = (int)ARRAY_SIZE(sample_accounts);
	struct account *accts = xcalloc((size_t)n, sizeof(*accts));
	int rc = 0;

	sample_team(csms);
	sample_accounts_build(accts, seed);
	if (write_team(csms, (int)ARRAY_SIZE(csms)) < 0 ||
	    write_accounts_yaml(accts, n) < 0 ||
	    sample_metrics(accts, n, seed) < 0 ||
	    sample_events(csms, accts, n, seed) < 0 ||
	    sample_expansion(accts, n, seed) < 0)
		rc = -1;
	*n_csms = (int)ARRAY_SIZE(csms);
	*n_accts = n;
	free(accts);
	return rc;
}

/* ---- Uniform scales ----------------------------------------------------- */

/* Uniform company names: a stem and an industry, in either language. */
static const char *const jp_stems[] = {
	"さくら", "みなと", "あおば", "ひかり", "つばさ", "やまと", "ほくと", "みらい",
	"アルファ", "ネクスト", "グリーン", "サンライズ", "東洋", "北陸", "中央", "瀬戸内",
};
static const char *const jp_trades[] = {
	"テクノ", "ソリューションズ", "ロジスティクス", "メディカル", "フーズ", "エナジー",
	"システムズ", "ホールディングス", "精機", "電機", "物産", "建設", "製薬", "不動産",
	"印刷", "運輸", "商事", "工業",
};
static const char *const en_stems[] = {
	"North", "Blue", "Harbor", "Summit", "Cedar", "Atlas", "Nimbus", "Quantum",
	"Granite", "Silver", "River", "Pine", "Iron", "Bright", "Copper", "Falcon",
};
static const char *const en_trades[] = {
	"Analytics", "Logistics", "Health", "Systems", "Retail", "Capital", "Foods",
	"Energy", "Media", "Labs", "Works", "Networks", "Dynamics", "Partners",
};
static const char *const en_suffix[] = { "Inc.", "Ltd.", "Corp.", "LLC", "GmbH", "Co., Ltd.", "Group", "" };
static const char *const segments[] = { "Enterprise", "Mid-Market", "SMB" };

struct scale {
	const char *name;
	int csms, accounts, weeks, days;
};

/* Rows per account: 2 weekly metrics x weeks + logins x days (100 for medium
 * and large: 1 and 10 million rows). */
static const struct scale scales[] = {
	{"small", 8, 80, 26, 182},
	{"medium", 20, 10000, 26, 48},
	{"large", 200, 100000, 26, 48},
};

static void uniform_team(struct csm *csms, int n)
{
	for (int i = 0; i < n; i++) {
		struct csm *c = &csms[i];
		struct rng r = rng_stream(0, 3, (uint64_t)i);   /* the same team for every seed */
		memset(c, 0, sizeof(*c));
		str_format(c->handle, sizeof(c->handle), "csm%03d", i + 1);
		/* Separate declarations: argument evaluation order is unspecified. */
		const char *family = i % 2 == 0 ? PICK(&r, jp_family).kanji : PICK(&r, en_last);
		const char *given = i % 2 == 0 ? PICK(&r, jp_given).kanji : PICK(&r, en_first);
		if (i % 2 == 0)
			str_format(c->name, sizeof(c->name), "%s %s", family, given);
		else
			str_format(c->name, sizeof(c->name), "%s %s", given, family);
		str_format(c->email, sizeof(c->email), "%s@example.com", c->handle);
		str_format(c->team, sizeof(c->team), "Team %d", i / 10 + 1);
		/* One CSM in ten is away soon; every other absence names a cover. */
		if (n > 1 && i % 10 == 3) {
			c->abs[0].from = anchor + 1 + i % 5;
			c->abs[0].until = c->abs[0].from + 6;
			c->abs[0].reason = "vacation";
			c->abs[0].covered_by = (i / 10) % 2 ? csms[i - 1].handle : NULL;
			c->n_abs = 1;
		}
	}
}

/* The CRM id of uniform account i. */
static void uniform_id(char *out, size_t size, int i)
{
	str_format(out, size, "ACC-%06d", i + 1);
}

static void uniform_account(struct account *a, int i, const struct csm *csms, int n_csms, uint64_t seed)
{
	struct rng r = rng_stream(seed, 4, (uint64_t)i);
	bool jp = rng_unit(&r) < 0.5;
	memset(a, 0, sizeof(*a));
	uniform_id(a->id, sizeof(a->id), i);
	if (jp) {
		const char *w1 = PICK(&r, jp_stems), *w2 = PICK(&r, jp_trades);
		if (rng_unit(&r) < 0.5)
			str_format(a->name, sizeof(a->name), "株式会社%s%s", w1, w2);
		else
			str_format(a->name, sizeof(a->name), "%s%s株式会社", w1, w2);
	} else {
		const char *sfx = PICK(&r, en_suffix);
		const char *w1 = PICK(&r, en_stems), *w2 = PICK(&r, en_trades);
		str_format(a->name, sizeof(a->name), "%s %s%s%s", w1, w2, *sfx ? " " : "", sfx);
	}
	str_format(a->slug, sizeof(a->slug), "acct%06d", i + 1);
	int seg = rng_int(&r, 0, 2);
	a->segment = segments[seg];
	a->touch = touch_for_segment(a->segment);
	a->seats = seg == 0 ? rng_int(&r, 100, 800) : seg == 1 ? rng_int(&r, 25, 150) : rng_int(&r, 3, 30);
	a->currency = jp ? "JPY" : "USD";
	a->main_owner = csms[i % n_csms].handle;
	a->sub_owner = n_csms > 1 ? csms[(i % n_csms + 1 + rng_int(&r, 0, n_csms - 2)) % n_csms].handle
				  : a->main_owner;
	a->renewal = anchor + rng_int(&r, 1, 365);
	double p = rng_unit(&r);
	a->profile = p < 0.6 ? P_STEADY : p < 0.75 ? P_GROWING : p < 0.9 ? P_DECLINING : P_RED;
	a->stage = rng_unit(&r) < 0.08 ? "onboarding" : a->renewal - anchor <= 90 ? "renewal"
		 : a->profile == P_GROWING ? "expansion" : "adoption";
	a->champion_status = rng_unit(&r) < 0.05 ? "left" : rng_unit(&r) < 0.1 ? "unknown" : "active";
	make_arr(a, &r);
	a->n_contacts = rng_int(&r, 1, 3);
	for (int k = 0; k < a->n_contacts; k++)
		make_contact(&a->contacts[k], jp, a->slug, k, &r);
	sample_model(a, &r);
	a->start = anchor - 10000;     /* full history: rows = accounts x (2 x weeks + days) */
}

/* Metrics go to one file per calendar month of the row's date. */
#define MAX_MONTH_FILES 32

struct month_files {
	int first_month;              /* y * 12 + m - 1 of the oldest row */
	struct out o[MAX_MONTH_FILES];
};

static struct out *month_file(struct month_files *mf, int day)
{
	int y, m, d;
	day_to_ymd(day, &y, &m, &d);
	int k = y * 12 + m - 1 - mf->first_month;
	if (k < 0 || k >= MAX_MONTH_FILES)
		die("gen-book: month index %d out of range", k);
	struct out *o = &mf->o[k];
	if (!o->f) {
		char rel[64], ga[21];
		str_format(rel, sizeof(rel), "feeds/metrics/%04d-%02d.csv", y, m);
		if (out_open(o, rel) < 0)
			die("gen-book: %s", error_message());
		generated_at(ga);
		fprintf(o->f, "# generated_at: %s\naccount,date,metric,value\n", ga);
	}
	return o;
}

/* Accounts are made one at a time (twice: for the CRM export, then for the
 * metrics), so memory stays small at any scale. */
static int gen_uniform(const struct scale *sc, uint64_t seed)
{
	struct csm *csms = xcalloc((size_t)sc->csms, sizeof(*csms));
	struct month_files *mf = xcalloc(1, sizeof(*mf));
	int weeks_span = sc->weeks * 7 > sc->days ? sc->weeks * 7 : sc->days;
	int nweeks = weeks_span / 7 + 1;
	int y, m, d, rc = 0;
	struct week_state *w = xcalloc((size_t)nweeks, sizeof(*w));
	struct account a;
	struct out acc;

	uniform_team(csms, sc->csms);
	if (write_team(csms, sc->csms) < 0 || out_open(&acc, "feeds/accounts.csv") < 0) {
		rc = -1;
	} else {
		write_accounts_csv_header(acc.f);
		for (int i = 0; i < sc->accounts; i++) {
			uniform_account(&a, i, csms, sc->csms, seed);
			write_account_csv(acc.f, &a);
		}
		rc = out_close(&acc);
	}

	day_to_ymd(anchor - weeks_span, &y, &m, &d);
	mf->first_month = y * 12 + m - 1;
	for (int i = 0; rc == 0 && i < sc->accounts; i++) {
		struct rng r = rng_stream(seed, 5, (uint64_t)i);
		uniform_account(&a, i, csms, sc->csms, seed);
		for (int ago = 0; ago < nweeks; ago++)
			w[ago] = model_week(&a, ago, sc->weeks, &r);
		for (int ago = sc->weeks - 1; ago >= 0; ago--) {
			int day = anchor - 7 * ago;
			struct out *o = month_file(mf, day);
			metric_row(o, a.id, day, "health_score", iround(w[ago].health));
			metric_row(o, a.id, day, "active_seats", iround(w[ago].act * a.seats));
		}
		for (int day = anchor - sc->days; day < anchor; day++)
			metric_row(month_file(mf, day), a.id, day, "logins",
				   day_logins(&a, &w[(anchor - 1 - day) / 7], day, &r));
	}
	for (int k = 0; k < MAX_MONTH_FILES; k++)
		if (mf->o[k].f && out_close(&mf->o[k]) < 0)
			rc = -1;
	free(w);
	free(mf);
	free(csms);
	return rc;
}

/* ---- Events at scale ---------------------------------------------------- */

/* --segments N --devices M: N segments spread over M devices, for timing a
 * sync. Device d belongs to CSM d mod CSMs (a CSM has several computers when
 * M exceeds the team), writes on that CSM's own accounts, and publishes its
 * segments at even intervals over the 180 days before the anchor, 1 to 7
 * events each: mostly new notes, touchpoints and risks, and updates of its
 * own earlier ones (each with the base it last wrote). Devices are made one
 * at a time, so memory stays small at any size. */

#define RECENT 16

/* --span DAYS: the days before the anchor the segments spread over. */
static int events_span = 180;
/* --packed: each device packs its own segments as csconsole sync would on
 * the anchor day (pack.h: older than 7 days, the binary counter, once 32
 * files would go), so the folder is what a year of packing leaves. */
static bool events_packed;

/* Packs device d's folder by the rule, with pack.c's plan and writer. */
static int pack_device(struct device *d)
{
	char *dir = xasprintf("%s/events/%s", out_dir, d->id), *tmpdir = path_join(out_dir, "tmp");
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort), rc = 0;
	struct pack_unit *u = xcalloc((size_t)(n > 0 ? n : 1), sizeof(*u));
	char **paths = xcalloc((size_t)(n > 0 ? n : 1), sizeof(*paths));
	size_t nu = 0, replaced = 0;
	char why[512];

	if (n < 0 || path_mkdirs(tmpdir, 0755) < 0)
		die("gen-book: cannot list %s or create %s", dir, tmpdir);
	for (int i = 0; i < n; i++) {
		if (str_ends_with(ents[i]->d_name, SEGMENT_SUFFIX)) {
			struct segment_trailer t;
			struct segment_header h;
			char *p = path_join(dir, ents[i]->d_name);
			struct stat sb;
			if (segment_check_file(p, &t, why, sizeof(why)) != SEGMENT_OK ||
			    segment_read_header(p, &t, &h, why, sizeof(why)) != 0 || stat(p, &sb) != 0)
				die("gen-book: %s: %s", p, why);
			u[nu] = (struct pack_unit){ h.first_seq, h.last_seq, (int64_t)h.count,
						    (int64_t)sb.st_size, h.written_at < day_ms(anchor - 7) &&
						    h.count < PACK_SMALL_EVENTS };
			paths[nu++] = p;
			segment_header_free(&h);
		}
		free(ents[i]);
	}
	free(ents);
	struct pack_group *g = NULL;
	size_t ng = pack_plan(u, nu, &g, &replaced);
	for (size_t k = 0; k < ng && replaced >= PACK_MIN_FILES && rc == 0; k++) {
		struct segment_header h;
		char ulid[ULID_SIZE];
		ulid_make(day_ms(anchor - 1), &d->rng, ulid);
		char *rel = pack_name(d->id, u[g[k].from].first, u[g[k].from + g[k].n - 1].last, ulid);
		char *final = path_join(out_dir, rel), *tmp = xasprintf("%s/%s.tmp", tmpdir, ulid);
		rc = pack_write_file(paths + g[k].from, g[k].n, d->id, d->owner, tmp, final, &h) ? -1 : 0;
		for (size_t m = 0; m < g[k].n && rc == 0; m++)
			if (unlink(paths[g[k].from + m]) != 0)
				rc = error("cannot remove %s: %s", paths[g[k].from + m], strerror(errno));
		if (rc == 0) {
			segment_header_free(&h);
			total_segments -= (long)g[k].n - 1;
			total_files -= (long)g[k].n - 1;
		}
		free(rel), free(final), free(tmp);
	}
	rmdir(tmpdir);
	for (size_t i = 0; i < nu; i++)
		free(paths[i]);
	free(paths), free(u), free(g), free(dir), free(tmpdir);
	return rc;
}

struct recent {
	char entity[40];
	char account[16];
	struct hlc last;
};

static json_object *scale_data(enum event_type t, int day, struct rng *r)
{
	static const char *const kinds[] = { "call", "meeting", "email", "chat" };
	static const char *const severities[] = { "low", "medium", "high" };
	static const char *const categories[] = { "outcome_not_reached", "adoption_support",
		"roi_unproven", "missing_feature", "champion_left", "budget", "competitor" };
	json_object *o = json_object_new_object();
	bool jp = rng_unit(r) < 0.5;
	int sentiment = rng_int(r, 1, 5);
	switch (t) {
	case EVENT_NOTE_ADD:
		jput_str(o, "kind", PICK(r, kinds));
		json_object_object_add(o, "sentiment", json_object_new_int(sentiment));
		jput_str(o, "summary", jp ? jp_summaries[mood(sentiment)][rng_int(r, 0, 5)]
					  : en_summaries[mood(sentiment)][rng_int(r, 0, 5)]);
		if (rng_unit(r) < 0.5)
			jput_str(o, "text", jp ? PICK(r, jp_texts) : PICK(r, en_texts));
		jput_day(o, "touch_day", day);
		break;
	case EVENT_NOTE_EDIT:
		json_object_object_add(o, "sentiment", json_object_new_int(sentiment));
		break;
	case EVENT_TOUCH_SCHEDULE:
		jput_day(o, "due_day", day + rng_int(r, 7, 45));
		jput_str(o, "kind", PICK(r, kinds));
		jput_str(o, "note", jp ? "定例フォロー" : "Regular check-in");
		break;
	case EVENT_TOUCH_RESCHEDULE:
		jput_day(o, "due_day", day + rng_int(r, 3, 30));
		jput_str(o, "reason", jp ? "先方の都合で延期" : "Moved at the customer's request");
		break;
	case EVENT_TOUCH_DONE:
		jput_day(o, "done_day", day);
		break;
	case EVENT_RISK_OPEN:
		jput_str(o, "category", PICK(r, categories));
		jput_str(o, "severity", PICK(r, severities));
		jput_str(o, "text", jp ? jp_summaries[0][rng_int(r, 0, 5)] : en_summaries[0][rng_int(r, 0, 5)]);
		jput_day(o, "opened_day", day);
		break;
	case EVENT_RISK_UPDATE:
		jput_str(o, "severity", PICK(r, severities));
		break;
	case EVENT_RISK_RESOLVE:
		jput_day(o, "resolved_day", day);
		break;
	default:
		break;
	}
	return o;
}

static int scale_events(const struct csm *csms, int n_csms, int n_accts, long n_segments,
			int n_devices, uint64_t seed)
{
	const int64_t w0 = day_ms(anchor - events_span), w1 = day_ms(anchor - 1);
	struct event *evs[8];
	struct recent recent[RECENT];

	for (int d = 0; d < n_devices; d++) {
		struct device dev;
		int owner = d % n_csms;
		long nseg = n_segments / n_devices + (d < n_segments % n_devices);
		int64_t slot = (w1 - w0) / (nseg ? nseg : 1);
		int nrecent = 0;
		/* The owner's accounts: owner, owner + CSMs, ... (uniform_account()). */
		int mine = owner < n_accts ? (n_accts - 1 - owner) / n_csms + 1 : 0;

		device_init(&dev, csms[owner].handle, day_ms(anchor - 400) + d * MS_PER_MIN, seed,
			    1000000 + (uint64_t)d);
		for (long j = 0; j < nseg; j++) {
			struct rng r = rng_stream(seed, 21, (uint64_t)d * 1000003 + (uint64_t)j);
			int64_t start = w0 + j * slot + (slot / 4 ? (int64_t)(rng_next(&r) % (uint64_t)(slot / 4)) : 0);
			int64_t step = slot / 20 > 30 * MS_PER_MIN ? 30 * MS_PER_MIN : slot / 20 > 0 ? slot / 20 : 1;
			int nev = rng_int(&r, 1, 7);
			for (int k = 0; k < nev; k++) {
				int64_t ms = start + k * step;
				int day = (int)(ms / MS_PER_DAY);
				double u = rng_unit(&r);
				enum event_type t;
				struct recent *x = NULL;
				char entity[40], account[16], id[ULID_SIZE];

				if (nrecent == 0 || u < 0.55)
					t = EVENT_NOTE_ADD;
				else if (u < 0.70)
					t = EVENT_TOUCH_SCHEDULE;
				else if (u < 0.78)
					t = EVENT_RISK_OPEN;
				else
					x = &recent[rng_int(&r, 0, nrecent - 1)];
				if (x) {
					bool second = rng_unit(&r) < 0.5;
					if (str_starts_with(x->entity, "note/"))
						t = EVENT_NOTE_EDIT;
					else if (str_starts_with(x->entity, "risk/"))
						t = second ? EVENT_RISK_RESOLVE : EVENT_RISK_UPDATE;
					else
						t = second ? EVENT_TOUCH_DONE : EVENT_TOUCH_RESCHEDULE;
					evs[k] = event_make(&dev, ms, t, x->entity, x->account, &x->last,
							    scale_data(t, day, &r));
					x->last = evs[k]->hlc;
					continue;
				}
				if (mine > 0)
					uniform_id(account, sizeof(account), owner + n_csms * rng_int(&r, 0, mine - 1));
				else
					uniform_id(account, sizeof(account), rng_int(&r, 0, n_accts - 1));
				ulid_make(ms, &dev.rng, id);
				str_format(entity, sizeof(entity), "%s/%s", entity_kind(t), id);
				evs[k] = event_make(&dev, ms, t, entity, account, NULL, scale_data(t, day, &r));
				if (t != EVENT_NOTE_ADD || rng_unit(&r) < 0.2) {
					x = &recent[nrecent < RECENT ? nrecent++ : rng_int(&r, 0, RECENT - 1)];
					str_copy(x->entity, sizeof(x->entity), entity);
					str_copy(x->account, sizeof(x->account), account);
					x->last = evs[k]->hlc;
				}
			}
			int rc = segment_out(&dev, evs, (size_t)nev, start + nev * step);
			events_free(evs, (size_t)nev);
			if (rc < 0)
				return -1;
		}
		if (events_packed && pack_device(&dev) < 0)
			return -1;
	}
	return 0;
}

/* ---- Main --------------------------------------------------------------- */

static void usage(FILE *f)
{
	fputs("usage: gen-book --scale small|medium|large|sample --out DIR\n"
	      "                [--seed N] [--anchor YYYY-MM-DD] [--csms N] [--accounts N]\n"
	      "                [--weeks N] [--days N] [--segments N --devices M]\n"
	      "Writes a shared directory (DIR/feeds/..., DIR/events/..., DIR/ANCHOR) following\n"
	      "docs/feeds.md and docs/sync.md. DIR/feeds and DIR/events must not exist yet.\n"
	      "The same arguments give the same bytes.\n"
	      "  --seed N      PRNG seed (default 1)\n"
	      "  --anchor D    the book's today (default: $CSCONSOLE_TODAY or today)\n"
	      "  --csms, --accounts, --weeks, --days   override the scale (not for sample);\n"
	      "                weeks of weekly metrics <= 104, days of daily metrics <= 730\n"
	      "  --segments N --devices M   also N event segments from M devices, owned by\n"
	      "                the team's CSMs, about their accounts (not for sample;\n"
	      "                1 <= M <= N <= 1,000,000)\n"
	      "  --span DAYS   the segments spread over the DAYS before the anchor (default\n"
	      "                180, at most 730)\n"
	      "  --packed      each device packs its own segments as csconsole sync would on\n"
	      "                the anchor day (docs/sync.md, \"Packing\")\n"
	      "Scales: small 8 CSMs/80 accounts; medium 10,000 accounts, 1M metric rows;\n"
	      "large 100,000 accounts, 10M metric rows; sample: the curated demo book, with\n"
	      "the team's notes, risks, touchpoints and coverage as event segments.\n", f);
}

static int parse_int(const char *opt, const char *s, long min, long max, int *out)
{
	long v;
	if (!str_to_long(s, min, max, &v))
		return error("%s wants a whole number from %ld to %ld, not \"%s\"", opt, min, max, s);
	*out = (int)v;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"scale", required_argument, NULL, 's'},
		{"seed", required_argument, NULL, 'S'},
		{"anchor", required_argument, NULL, 'a'},
		{"out", required_argument, NULL, 'o'},
		{"csms", required_argument, NULL, 'c'},
		{"accounts", required_argument, NULL, 'n'},
		{"weeks", required_argument, NULL, 'w'},
		{"days", required_argument, NULL, 'd'},
		{"segments", required_argument, NULL, 'g'},
		{"devices", required_argument, NULL, 'v'},
		{"span", required_argument, NULL, 'p'},
		{"packed", no_argument, NULL, 'P'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *scale_name = NULL;
	long seed_l = 1;
	int csms = -1, accounts = -1, weeks = -1, days = -1, n_segments = -1, n_devices = -1, c, rc = 0;
	char *feeds, *events;
	struct stat st;

	anchor = day_today();
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's': scale_name = optarg; break;
		case 'S':
			if (!str_to_long(optarg, 0, 0x7fffffffL, &seed_l))
				rc = error("--seed wants a whole number from 0 to 2147483647, not \"%s\"", optarg);
			break;
		case 'a':
			if (!day_parse_iso(optarg, &anchor))
				rc = error("--anchor wants a date YYYY-MM-DD, not \"%s\"", optarg);
			break;
		case 'o': out_dir = optarg; break;
		case 'c': rc |= parse_int("--csms", optarg, 1, 999, &csms); break;
		case 'n': rc |= parse_int("--accounts", optarg, 1, 999999, &accounts); break;
		case 'w': rc |= parse_int("--weeks", optarg, 1, 104, &weeks); break;
		case 'd': rc |= parse_int("--days", optarg, 0, 730, &days); break;
		case 'g': rc |= parse_int("--segments", optarg, 1, 1000000, &n_segments); break;
		case 'v': rc |= parse_int("--devices", optarg, 1, 1000000, &n_devices); break;
		case 'p': rc |= parse_int("--span", optarg, 1, 730, &events_span); break;
		case 'P': events_packed = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
		if (rc) {
			fprintf(stderr, "gen-book: %s\n", error_message());
			return 2;
		}
	}
	if (optind < argc || !scale_name || !out_dir) {
		usage(stderr);
		return 2;
	}

	struct scale sc = {0};
	bool sample = str_eq(scale_name, "sample");
	for (size_t i = 0; i < ARRAY_SIZE(scales); i++)
		if (str_eq(scale_name, scales[i].name))
			sc = scales[i];
	if (!sample && !sc.name) {
		fprintf(stderr, "gen-book: unknown scale \"%s\"; use small, medium, large or sample\n", scale_name);
		return 2;
	}
	if (sample && (csms >= 0 || accounts >= 0 || weeks >= 0 || days >= 0)) {
		fprintf(stderr, "gen-book: the sample book has a fixed shape; --csms, --accounts, "
			"--weeks and --days apply to small, medium and large\n");
		return 2;
	}
	if (sample && n_segments >= 0) {
		fprintf(stderr, "gen-book: the sample book's events are curated; --segments and --devices "
			"apply to small, medium and large\n");
		return 2;
	}
	if ((n_segments >= 0) != (n_devices >= 0) || n_devices > n_segments) {
		fprintf(stderr, "gen-book: --segments N and --devices M go together, with M <= N "
			"(every device writes at least one segment)\n");
		return 2;
	}
	if (csms >= 0) sc.csms = csms;
	if (accounts >= 0) sc.accounts = accounts;
	if (weeks >= 0) sc.weeks = weeks;
	if (days >= 0) sc.days = days;

	feeds = path_join(out_dir, "feeds");
	events = path_join(out_dir, "events");
	if (stat(feeds, &st) == 0 || stat(events, &st) == 0) {
		const char *old = stat(feeds, &st) == 0 ? feeds : events;
		fprintf(stderr, "gen-book: %s already exists; remove it first (rm -rf %s) so no stale "
			"%s files stay behind\n", old, old, old == feeds ? "feed" : "segment");
		return 2;
	}
	free(events);
	char *metrics = path_join(feeds, "metrics");
	if (path_mkdirs(metrics, 0755) < 0) {
		fprintf(stderr, "gen-book: %s\n", error_message());
		return 5;
	}
	free(metrics);
	free(feeds);
	dates_init();

	int n_csms = sc.csms, n_accts = sc.accounts;
	rc = sample ? gen_sample((uint64_t)seed_l, &n_csms, &n_accts) : gen_uniform(&sc, (uint64_t)seed_l);
	if (rc == 0 && n_segments > 0) {
		struct csm *team = xcalloc((size_t)sc.csms, sizeof(*team));
		uniform_team(team, sc.csms);
		rc = scale_events(team, sc.csms, sc.accounts, n_segments, n_devices, (uint64_t)seed_l);
		free(team);
	}
	if (rc == 0) {
		struct out o;
		if (out_open(&o, "ANCHOR") == 0) {
			fprintf(o.f, "%s\n", date_str(anchor));
			rc = out_close(&o);
		} else {
			rc = -1;
		}
	}
	if (rc < 0) {
		fprintf(stderr, "gen-book: %s\n", error_message());
		return 5;
	}
	printf("gen-book: %s book in %s: %d CSMs, %d accounts, %ld metric rows, %ld events in "
	       "%ld segments, %ld files, anchor %s\n", scale_name, out_dir, n_csms, n_accts,
	       total_rows, total_events, total_segments, total_files, date_str(anchor));
	return 0;
}
