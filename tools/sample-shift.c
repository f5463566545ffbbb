/* sample-shift.c - copies the sample book so that it looks current:
 *
 *   sample-shift SRC DST [--today YYYY-MM-DD] [--texts FILE]
 *
 * Every date in the feed files (.csv, .yaml, .yml below SRC/feeds) moves by
 * (today - anchor) days, the anchor being the date in SRC/ANCHOR and today
 * --today, else day_today() (which honours $CSCONSOLE_TODAY). The replacement
 * is textual, so CSV and YAML are handled alike: a token YYYY-MM-DD that is a
 * real date, not preceded by a letter or digit and not followed by a digit, is
 * replaced; timestamps (2026-11-20T06:00:00Z) keep their time of day.
 *
 * Event segments (SRC/events/<device>/<ulid>.jsonl, docs/sync.md) carry a
 * CRC, so they are read (trailer checked, every event parsed) and written anew
 * with segment_write(): the day fields of each event's data move by the same
 * days, its hlc stamp and base and the header's written_at by as many times
 * 24 hours; ids, devices, seqs and file names stay. Texts are not touched. A
 * segment that does not read is an error naming the file.
 *
 * --texts FILE (the Japanese demo: sample-data/ja/texts.jsonl) replaces texts
 * of given events while they are rewritten: one JSON object per line,
 * {"id": EVENT_ID, "account": CRM_ID, "data": {"summary": "...", ...}}, '#'
 * lines and blank lines ignored. Only string fields the event already has
 * are replaced (its other fields, ids and stamps stay); an id that is not in
 * the sample, another account or a field the event lacks is an error naming
 * FILE:LINE, so the file cannot drift from the book unnoticed.
 *
 * Other files are copied as they are. DST/ANCHOR gets the new anchor, so DST
 * can be shifted again (and shifting back gives the original bytes). SRC is
 * only read. DST must not exist or be an empty directory.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/segment.h"
#include "csconsole/util.h"

#define MS_PER_DAY 86400000LL
#define HLC_MS_LIMIT 0xffffffffffffLL

static int shift_days;
static long dates_shifted, files_shifted, files_copied, segments_shifted, events_shifted;

/* --texts: replacement texts by event id. */
struct text_entry {
	char *id, *account;
	json_object *data;        /* owned: field -> string */
	unsigned line;
	bool used;
};
static struct text_entry *texts;
static size_t ntexts;
static const char *texts_path;
static long texts_replaced;

/* The day fields of event data (docs/sync.md), the only dates a segment's
 * events carry outside their texts. */
static const char *const day_fields[] = {
	"touch_day", "due_day", "opened_day", "resolved_day", "done_day", "until_day", "from_day",
	"close_day", "closed_day", "day",   /* opportunity.*, feedback.add (issue 17) */
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Appends s[0..len) to out with every date token moved by shift_days. */
static void shift_text(const char *s, size_t len, struct sbuf *out)
{
	size_t i = 0, copied = 0;
	while (i + 10 <= len) {
		const char *p = s + i;
		bool shape = is_digit(p[0]) && is_digit(p[1]) && is_digit(p[2]) && is_digit(p[3]) &&
			     p[4] == '-' && is_digit(p[5]) && is_digit(p[6]) && p[7] == '-' &&
			     is_digit(p[8]) && is_digit(p[9]);
		bool bounded = (i == 0 || !is_alnum(s[i - 1])) && (i + 10 == len || !is_digit(p[10]));
		char tok[11];
		int day;
		if (shape && bounded) {
			memcpy(tok, p, 10);
			tok[10] = '\0';
			if (day_parse_iso(tok, &day)) {
				sbuf_add(out, s + copied, i - copied);
				day_format_iso(day + shift_days, tok);
				sbuf_add(out, tok, 10);
				dates_shifted++;
				i += 10;
				copied = i;
				continue;
			}
		}
		i++;
	}
	sbuf_add(out, s + copied, len - copied);
}

static int read_file(const char *path, struct sbuf *buf)
{
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");
	if (!f)
		return error("cannot read %s: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sbuf_add(buf, chunk, n);
	int bad = ferror(f);
	fclose(f);
	if (bad)
		return error("cannot read %s: %s", path, strerror(errno));
	return 0;
}

static int write_file(const char *path, const char *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode & 0777);
	if (fd < 0)
		return error("cannot create %s: %s", path, strerror(errno));
	size_t done = 0;
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return error("cannot write %s: %s (disk full?)", path, strerror(errno));
		}
		done += (size_t)w;
	}
	if (close(fd) != 0)
		return error("cannot write %s: %s", path, strerror(errno));
	return 0;
}

/* Reads --texts FILE into texts[]. */
static int load_texts(const char *path)
{
	struct sbuf buf = {0};
	int rc = 0;
	unsigned line = 0;

	if (read_file(path, &buf) < 0)
		return -1;
	sbuf_add(&buf, "", 1);     /* NUL-terminated */
	for (char *p = buf.data, *next; rc == 0 && p && *p; p = next) {
		next = strchr(p, '\n');
		if (next)
			*next++ = '\0';
		line++;
		size_t n = strlen(p);
		if (n && p[n - 1] == '\r')
			p[--n] = '\0';
		if (!n || p[0] == '#')
			continue;
		json_object *o = json_tokener_parse(p), *id, *acc, *data;
		if (!o || !json_object_is_type(o, json_type_object) ||
		    !json_object_object_get_ex(o, "id", &id) || !json_object_is_type(id, json_type_string) ||
		    !json_object_object_get_ex(o, "data", &data) ||
		    !json_object_is_type(data, json_type_object)) {
			rc = error("%s:%u: expected {\"id\": EVENT_ID, \"account\": CRM_ID, \"data\": "
				   "{FIELD: TEXT...}} on one line", path, line);
		} else if (json_object_object_get_ex(o, "account", &acc) &&
			   !json_object_is_type(acc, json_type_string)) {
			rc = error("%s:%u: \"account\" must be a string (a CRM id)", path, line);
		} else {
			json_object_object_foreach(data, k, v) {
				if (rc == 0 && !json_object_is_type(v, json_type_string))
					rc = error("%s:%u: data.%s must be a string", path, line, k);
			}
			for (size_t i = 0; rc == 0 && i < ntexts; i++)
				if (str_eq(texts[i].id, json_object_get_string(id)))
					rc = error("%s:%u: event %s is already given on line %u; keep one",
						   path, line, texts[i].id, texts[i].line);
		}
		if (rc == 0) {
			texts = xreallocarray(texts, ntexts + 1, sizeof(*texts));
			texts[ntexts++] = (struct text_entry){
				.id = xstrdup(json_object_get_string(id)),
				.account = json_object_object_get_ex(o, "account", &acc)
						   ? xstrdup(json_object_get_string(acc)) : NULL,
				.data = json_object_get(data),
				.line = line,
			};
		}
		json_object_put(o);
	}
	sbuf_free(&buf);
	return rc;
}

/* Replaces e's texts given by --texts. */
static int replace_texts(struct event *e, const char *path)
{
	for (size_t i = 0; i < ntexts; i++) {
		struct text_entry *t = &texts[i];
		if (!str_eq(t->id, e->id))
			continue;
		if (t->account && (!e->account || !str_eq(t->account, e->account)))
			return error("%s:%u: event %s is on %s in the sample (%s), not %s", texts_path,
				     t->line, e->id, e->account ? e->account : "no account", path,
				     t->account);
		json_object_object_foreach(t->data, k, v) {
			json_object *old;
			if (!json_object_object_get_ex(e->data, k, &old) ||
			    !json_object_is_type(old, json_type_string))
				return error("%s:%u: event %s (%s) has no text field \"%s\"", texts_path,
					     t->line, e->id, e->type, k);
			json_object_object_add(e->data, k, json_object_new_string(json_object_get_string(v)));
			texts_replaced++;
		}
		t->used = true;
	}
	return 0;
}

static bool is_feed_text(const char *rel)
{
	return str_starts_with(rel, "feeds/") &&
	       (str_ends_with(rel, ".csv") || str_ends_with(rel, ".yaml") || str_ends_with(rel, ".yml"));
}

static bool is_segment(const char *rel)
{
	return str_starts_with(rel, "events/") && str_ends_with(rel, SEGMENT_SUFFIX);
}

/* A stamp moved by ms; false when it would leave the 48-bit range. */
static bool shift_hlc(struct hlc *h, int64_t ms)
{
	int64_t v = (int64_t)h->ms + ms;
	if (v < 0 || v > HLC_MS_LIMIT)
		return false;
	h->ms = (uint64_t)v;
	return true;
}

static int shift_event(struct event *e, const char *path)
{
	int64_t ms = (int64_t)shift_days * MS_PER_DAY;
	for (size_t i = 0; i < ARRAY_SIZE(day_fields); i++) {
		json_object *v;
		int day;
		char out[11];
		if (!json_object_object_get_ex(e->data, day_fields[i], &v) ||
		    !json_object_is_type(v, json_type_string) ||
		    !day_parse_iso(json_object_get_string(v), &day))
			continue;
		day_format_iso(day + shift_days, out);
		json_object_object_add(e->data, day_fields[i], json_object_new_string(out));
		dates_shifted++;
	}
	if (!shift_hlc(&e->hlc, ms))
		return error("%s: event %s: its stamp moved by %+d days leaves the clock's range",
			     path, e->id, shift_days);
	if (e->base) {
		struct hlc b;
		char text[HLC_TEXT_SIZE];
		if (!hlc_parse(e->base, &b) || !shift_hlc(&b, ms))
			return error("%s: event %s: its base stamp cannot move by %+d days", path,
				     e->id, shift_days);
		hlc_format(b, text);
		free(e->base);
		e->base = xstrdup(text);
	}
	return 0;
}

struct event_list {
	struct event **v;
	size_t n, cap;
};

static int collect_event(void *ctx, struct event *e)
{
	struct event_list *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = e;
	return 0;
}

/* Reads the segment sp, moves its events and writes it to dp. */
static int shift_segment(const char *sp, const char *dp, mode_t mode)
{
	struct segment_trailer t;
	struct segment_header h = {0};
	struct event_list l = {0};
	char why[512];
	int rc = 0;

	if (segment_check_file(sp, &t, why, sizeof(why)) != SEGMENT_OK) {
		rc = error("%s: not a complete event segment (%s); restore it or remove it from the "
			   "sample", sp, why);
	} else if (segment_read(sp, &t, &h, collect_event, &l, why, sizeof(why)) != 0) {
		rc = error("%s: not a valid event segment: %s; restore it or remove it from the sample",
			   sp, why);
	} else {
		for (size_t i = 0; rc == 0 && i < l.n; i++) {
			rc = shift_event(l.v[i], sp);
			if (rc == 0)
				rc = replace_texts(l.v[i], sp);
		}
		h.written_at += (int64_t)shift_days * MS_PER_DAY;
		if (rc == 0 && (h.written_at < 0 || h.written_at > HLC_MS_LIMIT))
			rc = error("%s: its written_at moved by %+d days leaves the clock's range", sp,
				   shift_days);
	}
	if (rc == 0) {
		int fd = open(dp, O_WRONLY | O_CREAT | O_EXCL, mode & 0777);
		FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
		if (!f) {
			rc = error("cannot create %s: %s", dp, strerror(errno));
			if (fd >= 0)
				close(fd);
		} else {
			rc = segment_write(f, &h, l.v, l.n);
			if (fclose(f) != 0 && rc == 0)
				rc = error("cannot write %s: %s (disk full?)", dp, strerror(errno));
			else if (rc != 0)
				error_prefix("%s", dp);
			if (rc != 0)
				unlink(dp);     /* no half-written segment left behind */
		}
	}
	if (rc == 0) {
		segments_shifted++;
		events_shifted += (long)l.n;
	}
	for (size_t i = 0; i < l.n; i++) {
		event_free(l.v[i]);
		free(l.v[i]);
	}
	free(l.v);
	segment_header_free(&h);
	return rc;
}

/* Copies SRC/rel to DST/rel (rel "" is the top), recursively. */
static int copy_tree(const char *src, const char *dst, const char *rel, int today)
{
	char *sp = *rel ? path_join(src, rel) : xstrdup(src);
	char *dp = *rel ? path_join(dst, rel) : xstrdup(dst);
	struct stat st;
	int rc = 0;

	if (lstat(sp, &st) != 0) {
		rc = error("cannot read %s: %s", sp, strerror(errno));
	} else if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(sp);
		if (!d) {
			rc = error("cannot read directory %s: %s", sp, strerror(errno));
		} else if (*rel && mkdir(dp, st.st_mode & 0777) != 0) {
			rc = error("cannot create %s: %s", dp, strerror(errno));
		} else {
			struct dirent *e;
			struct strlist names = {0};
			while ((e = readdir(d)))
				if (!str_eq(e->d_name, ".") && !str_eq(e->d_name, ".."))
					strlist_add(&names, e->d_name);
			for (size_t i = 0; rc == 0 && i < names.len; i++) {
				char *child = *rel ? xasprintf("%s/%s", rel, names.items[i])
						   : xstrdup(names.items[i]);
				rc = copy_tree(src, dst, child, today);
				free(child);
			}
			strlist_clear(&names);
		}
		if (d)
			closedir(d);
	} else if (S_ISREG(st.st_mode) && is_segment(rel)) {
		rc = shift_segment(sp, dp, st.st_mode);
	} else if (S_ISREG(st.st_mode)) {
		struct sbuf in = {0}, out = {0};
		if (read_file(sp, &in) < 0) {
			rc = -1;
		} else if (str_eq(rel, "ANCHOR")) {
			char t[11];
			day_format_iso(today, t);
			sbuf_addf(&out, "%s\n", t);
			rc = write_file(dp, out.data, out.len, st.st_mode);
		} else if (is_feed_text(rel)) {
			shift_text(in.data ? in.data : "", in.len, &out);
			rc = write_file(dp, out.data ? out.data : "", out.len, st.st_mode);
			files_shifted++;
		} else {
			rc = write_file(dp, in.data ? in.data : "", in.len, st.st_mode);
			files_copied++;
		}
		sbuf_free(&in);
		sbuf_free(&out);
	} else {
		fprintf(stderr, "sample-shift: skipping %s: not a regular file or directory\n", sp);
	}
	free(sp);
	free(dp);
	return rc;
}

static int read_anchor(const char *src, int *anchor)
{
	char *path = path_join(src, "ANCHOR");
	char line[64] = "";
	FILE *f = fopen(path, "r");
	int rc = 0;
	if (!f) {
		rc = error("cannot read %s: %s (the sample directory records its anchor date there, "
			   "one line YYYY-MM-DD)", path, strerror(errno));
	} else {
		if (!fgets(line, sizeof(line), f))
			line[0] = '\0';
		fclose(f);
		line[strcspn(line, "\r\n \t")] = '\0';
		if (!day_parse_iso(line, anchor))
			rc = error("%s: expected one line YYYY-MM-DD, found \"%s\"", path, line);
	}
	free(path);
	return rc;
}

/* DST may not exist (created) or be an empty directory. */
static int prepare_dst(const char *src, const char *dst)
{
	struct stat st;
	if (path_is_within(dst, src))
		return error("%s lies inside %s; choose a destination outside the sample directory", dst, src);
	if (stat(dst, &st) != 0)
		return path_mkdirs(dst, 0755);
	if (!S_ISDIR(st.st_mode))
		return error("%s exists and is not a directory; remove it or choose another destination", dst);
	DIR *d = opendir(dst);
	if (!d)
		return error("cannot read directory %s: %s", dst, strerror(errno));
	struct dirent *e;
	bool empty = true;
	while ((e = readdir(d)))
		if (!str_eq(e->d_name, ".") && !str_eq(e->d_name, ".."))
			empty = false;
	closedir(d);
	if (!empty)
		return error("%s is not empty; remove it first (nothing is overwritten)", dst);
	return 0;
}

int main(int argc, char **argv)
{
	const char *src = NULL, *dst = NULL, *today_arg = NULL;
#define USAGE "usage: sample-shift SRC DST [--today YYYY-MM-DD] [--texts FILE]"
	int anchor, today;

	for (int i = 1; i < argc; i++) {
		if (str_eq(argv[i], "--today") && i + 1 < argc)
			today_arg = argv[++i];
		else if (str_starts_with(argv[i], "--today="))
			today_arg = argv[i] + 8;
		else if (str_eq(argv[i], "--texts") && i + 1 < argc)
			texts_path = argv[++i];
		else if (str_starts_with(argv[i], "--texts="))
			texts_path = argv[i] + 8;
		else if (str_eq(argv[i], "-h") || str_eq(argv[i], "--help")) {
			printf(USAGE "\n"
			       "Copies SRC to DST moving every date in SRC/feeds, and the days and stamps of\n"
			       "the events in SRC/events, by (today - anchor) days; the anchor is read from\n"
			       "SRC/ANCHOR; today defaults to $CSCONSOLE_TODAY or the clock. --texts FILE\n"
			       "replaces the texts of the events it lists (one JSON object per line:\n"
			       "{\"id\": EVENT_ID, \"account\": CRM_ID, \"data\": {\"summary\": TEXT...}}).\n");
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "sample-shift: unknown option %s (" USAGE ")\n", argv[i]);
			return 2;
		} else if (!src)
			src = argv[i];
		else if (!dst)
			dst = argv[i];
		else {
			fprintf(stderr, "sample-shift: too many arguments (" USAGE ")\n");
			return 2;
		}
	}
	if (!src || !dst) {
		fprintf(stderr, USAGE "\n");
		return 2;
	}
	if (today_arg) {
		if (!day_parse_iso(today_arg, &today)) {
			fprintf(stderr, "sample-shift: --today wants a date YYYY-MM-DD, not \"%s\"\n", today_arg);
			return 2;
		}
	} else {
		if (day_today_env_invalid()) {
			fprintf(stderr, "sample-shift: CSCONSOLE_TODAY=\"%s\" is not a date YYYY-MM-DD\n",
				getenv("CSCONSOLE_TODAY"));
			return 2;
		}
		today = day_today();
	}
	if (read_anchor(src, &anchor) < 0 || (texts_path && load_texts(texts_path) < 0) ||
	    prepare_dst(src, dst) < 0) {
		fprintf(stderr, "sample-shift: %s\n", error_message());
		return 5;
	}
	shift_days = today - anchor;
	if (copy_tree(src, dst, "", today) < 0) {
		fprintf(stderr, "sample-shift: %s\n", error_message());
		return 5;
	}
	for (size_t i = 0; i < ntexts; i++)
		if (!texts[i].used) {
			fprintf(stderr, "sample-shift: %s:%u: no event %s in %s/events; fix the id or "
				"remove the line\n", texts_path, texts[i].line, texts[i].id, src);
			return 5;
		}
	char a[11], t[11];
	day_format_iso(anchor, a);
	day_format_iso(today, t);
	printf("sample-shift: %s -> %s: %ld dates in %ld feed files and %ld events in %ld segments "
	       "moved by %+d days (anchor %s -> %s), %ld other files copied\n",
	       src, dst, dates_shifted, files_shifted, events_shifted, segments_shifted, shift_days,
	       a, t, files_copied);
	if (texts_path)
		printf("sample-shift: %ld texts of %zu events replaced from %s\n", texts_replaced,
		       ntexts, texts_path);
	return 0;
}
