/* gen-book.c - writes a team's shared directory (the feeds) for the demo, the
 * tests and the benchmarks:
 *
 *   gen-book --scale small|medium|large|sample --seed N --anchor YYYY-MM-DD --out DIR
 *
 * Deterministic: its own PRNG (splitmix64) and only + - * / on doubles (no
 * libm), so the same arguments give byte-identical files on every machine.
 * Every date is relative to the anchor, the book's "today": daily metrics run
 * up to the day before it, weekly snapshots are dated on it and every 7 days
 * before, renewals fall after it.
 *
 * The sample scale is the curated book committed in sample-data/ (its stories
 * are documented in sample-data/README.md); the other scales are uniform books
 * sized for timing. The output follows docs/feeds.md.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "csconsole/date.h"
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
		fprintf(o.f, "\n    champion_email: %s\n    champion_status: %s\n    contacts:\n",
			a->contacts[0].email, a->champion_status);
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
 * ken was away last month. */
static const struct {
	const char *handle, *name, *team;
} sample_csms[] = {
	{"aiko", "佐藤 愛子", "Enterprise JP"},
	{"ken", "鈴木 健", "Enterprise JP"},
	{"yuki", "高橋 由紀", "Mid-Market JP"},
	{"haruto", "田中 陽翔", "Mid-Market JP"},
	{"emily", "Emily Carter", "Global"},
	{"daniel", "Daniel Kim", "Global"},
	{"sofia", "Sofia Rossi", "Global SMB"},
	{"mei", "伊藤 芽衣", "Scale"},
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
	    sample_metrics(accts, n, seed) < 0)
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

static void uniform_account(struct account *a, int i, const struct csm *csms, int n_csms, uint64_t seed)
{
	struct rng r = rng_stream(seed, 4, (uint64_t)i);
	bool jp = rng_unit(&r) < 0.5;
	memset(a, 0, sizeof(*a));
	str_format(a->id, sizeof(a->id), "ACC-%06d", i + 1);
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

/* ---- Main --------------------------------------------------------------- */

static void usage(FILE *f)
{
	fputs("usage: gen-book --scale small|medium|large|sample --out DIR\n"
	      "                [--seed N] [--anchor YYYY-MM-DD] [--csms N] [--accounts N]\n"
	      "                [--weeks N] [--days N]\n"
	      "Writes a shared directory (DIR/feeds/..., DIR/ANCHOR) following docs/feeds.md.\n"
	      "DIR/feeds must not exist yet. The same arguments give the same bytes.\n"
	      "  --seed N      PRNG seed (default 1)\n"
	      "  --anchor D    the book's today (default: $CSCONSOLE_TODAY or today)\n"
	      "  --csms, --accounts, --weeks, --days   override the scale (not for sample);\n"
	      "                weeks of weekly metrics <= 104, days of daily metrics <= 730\n"
	      "Scales: small 8 CSMs/80 accounts; medium 10,000 accounts, 1M metric rows;\n"
	      "large 100,000 accounts, 10M metric rows; sample: the curated demo book.\n", f);
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
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *scale_name = NULL;
	long seed_l = 1;
	int csms = -1, accounts = -1, weeks = -1, days = -1, c, rc = 0;
	char *feeds;
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
	if (csms >= 0) sc.csms = csms;
	if (accounts >= 0) sc.accounts = accounts;
	if (weeks >= 0) sc.weeks = weeks;
	if (days >= 0) sc.days = days;

	feeds = path_join(out_dir, "feeds");
	if (stat(feeds, &st) == 0) {
		fprintf(stderr, "gen-book: %s already exists; remove it first (rm -rf %s) so no stale "
			"feed files stay behind\n", feeds, feeds);
		return 2;
	}
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
	printf("gen-book: %s book in %s: %d CSMs, %d accounts, %ld metric rows, %ld files, anchor %s\n",
	       scale_name, out_dir, n_csms, n_accts, total_rows, total_files, date_str(anchor));
	return 0;
}
