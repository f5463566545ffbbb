/* segment.c - writing, checking and reading event segment files (segment.h).
 *
 * Every file in the shared directory is untrusted: checking reads only the
 * tail (for the trailer) and then streams the bytes through CRC-32 in fixed
 * buffers; reading goes line by line with a cap on the line length, a depth
 * limit on JSON nesting and a UTF-8 check before parsing. Nothing here ever
 * holds more than one line of a file in memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include "csconsole/feed.h"
#include "csconsole/i18n.h"
#include "csconsole/segment.h"
#include "csconsole/text.h"
#include "csconsole/util.h"

#define IO_CHUNK (64u << 10)
/* "#end count=N length=L crc32=xxxxxxxx\n" with 20-digit numbers fits. */
#define TRAILER_MAX 96
#define JSON_MAX_DEPTH 16

void segment_header_free(struct segment_header *h)
{
	if (!h)
		return;
	free(h->device);
	free(h->owner);
	memset(h, 0, sizeof(*h));
}

/* ---- writing ------------------------------------------------------------ */

static void cw_put(struct segment_writer *w, const char *s, size_t n)
{
	if (w->failed)
		return;
	if (fwrite(s, 1, n, w->fp) != n) {
		w->failed = true;
		return;
	}
	/* zlib takes uInt lengths: lines are far below 4 GiB, but stay exact. */
	for (size_t off = 0; off < n;) {
		uInt part = n - off > IO_CHUNK ? IO_CHUNK : (uInt)(n - off);
		w->crc = crc32(w->crc, (const Bytef *)s + off, part);
		off += part;
	}
	w->length += n;
}

/* The header as canonical JSON: keys sorted, no spaces. Caller frees. */
static char *header_json(const struct segment_header *h)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "count", json_object_new_int64((int64_t)h->count));
	json_object_object_add(o, "csconsole", json_object_new_string("segment"));
	json_object_object_add(o, "device", json_object_new_string(h->device));
	json_object_object_add(o, "first_seq", json_object_new_int64(h->first_seq));
	json_object_object_add(o, "last_seq", json_object_new_int64(h->last_seq));
	json_object_object_add(o, "owner", json_object_new_string(h->owner));
	json_object_object_add(o, "version", json_object_new_int(SEGMENT_VERSION));
	json_object_object_add(o, "written_at", json_object_new_int64(h->written_at));
	char *s = xstrdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
							  JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return s;
}

int segment_writer_begin(struct segment_writer *sw, FILE *fp, const struct segment_header *h)
{
	memset(sw, 0, sizeof(*sw));
	sw->fp = fp;
	sw->crc = crc32(0L, Z_NULL, 0);
	sw->h = h;
	if (h->count == 0 || h->count > SEGMENT_MAX_EVENTS ||
	    h->last_seq - h->first_seq + 1 != (int64_t)h->count || h->first_seq < 1)
		return error(_("internal error: a segment of seqs %" PRId64 "..%" PRId64
			     " and count %zu is inconsistent"), h->first_seq, h->last_seq, h->count);
	if (str_empty(h->device) || str_empty(h->owner))
		return error(_("internal error: a segment needs a device and an owner"));
	char *head = header_json(h);
	cw_put(sw, head, strlen(head));
	cw_put(sw, "\n", 1);
	free(head);
	return 0;
}

int segment_writer_add(struct segment_writer *sw, const struct event *e)
{
	const struct segment_header *h = sw->h;
	if (sw->n >= h->count || !str_eq(e->device, h->device) ||
	    e->seq != h->first_seq + (int64_t)sw->n)
		return error(_("internal error: event %s (device %s, seq %" PRId64 ") does not "
			     "belong at position %zu of a segment of device %s from seq %" PRId64
			     " (%zu events)"), e->id, e->device, e->seq, sw->n, h->device, h->first_seq,
			     h->count);
	char *line = event_to_json(e);
	if (!line)
		return error_prefix(_("writing event %s to a segment"), e->id);
	size_t len = strlen(line);
	if (len > SEGMENT_MAX_LINE) {
		free(line);
		return error(_("event %s is %zu bytes as JSON, over the segment line limit of "
			     "%u bytes"), e->id, len, SEGMENT_MAX_LINE);
	}
	cw_put(sw, line, len);
	cw_put(sw, "\n", 1);
	free(line);
	sw->n++;
	return 0;
}

int segment_writer_end(struct segment_writer *sw)
{
	char trailer[TRAILER_MAX];
	if (sw->n != sw->h->count)
		return error(_("internal error: a segment announced %zu events, %zu were written"),
			     sw->h->count, sw->n);
	str_format(trailer, sizeof(trailer), "#end count=%zu length=%" PRIu64 " crc32=%08lx\n",
		   sw->n, sw->length, (unsigned long)sw->crc);
	if (sw->failed || fputs(trailer, sw->fp) == EOF || fflush(sw->fp) != 0)
		return error(_("cannot write a segment: %s"), strerror(errno));
	if (sw->length + strlen(trailer) > SEGMENT_MAX_BYTES)
		return error(_("a segment of %zu events came to %" PRIu64 " bytes, over the limit of "
			     "%u: write fewer events per segment"), sw->n, sw->length, SEGMENT_MAX_BYTES);
	return 0;
}

int segment_write(FILE *fp, const struct segment_header *h, struct event *const *events, size_t n)
{
	struct segment_writer sw;
	if (h->count != n)
		return error(_("internal error: a segment of %zu events with count %zu"), n, h->count);
	if (segment_writer_begin(&sw, fp, h) != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (segment_writer_add(&sw, events[i]) != 0)
			return -1;
	return segment_writer_end(&sw);
}

/* ---- checking ----------------------------------------------------------- */

/* Opens a regular file for reading without following a symlink or blocking
 * on a FIFO planted in the shared directory. -1 with why on failure. */
static int open_regular(const char *path, struct stat *sb, char *why, size_t why_size)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		str_format(why, why_size, N_("cannot open it: %s"), strerror(errno));
		return -1;
	}
	if (fstat(fd, sb) != 0 || !S_ISREG(sb->st_mode)) {
		str_format(why, why_size, N_("not a regular file"));
		close(fd);
		return -1;
	}
	return fd;
}

/* Reads exactly n bytes at offset (short only at a concurrent truncation). */
static ssize_t read_at(int fd, void *buf, size_t n, off_t offset)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(fd, (char *)buf + got, n - got, offset + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* Parses one trailer line (without its newline). Only the exact canonical
 * form is accepted: re-formatting the parsed values must give the same text. */
static bool trailer_parse(const char *line, struct segment_trailer *t)
{
	size_t count;
	unsigned long long length;
	unsigned int crc;
	char again[TRAILER_MAX];
	if (!str_starts_with(line, "#end count=") ||
	    sscanf(line, "#end count=%zu length=%llu crc32=%8x", &count, &length, &crc) != 3)
		return false;
	str_format(again, sizeof(again), "#end count=%zu length=%llu crc32=%08x", count, length, crc);
	if (!str_eq(again, line))
		return false;
	t->count = count;
	t->length = length;
	t->crc32 = crc;
	return true;
}

enum segment_check segment_check_file(const char *path, struct segment_trailer *t,
				      char *why, size_t why_size)
{
	struct stat sb;
	char tail[TRAILER_MAX + 1];
	enum segment_check rc = SEGMENT_NOT_READY;

	memset(t, 0, sizeof(*t));
	why[0] = '\0';
	int fd = open_regular(path, &sb, why, why_size);
	if (fd < 0)
		return SEGMENT_NOT_READY;
	uint64_t size = (uint64_t)sb.st_size;
	if (size > SEGMENT_MAX_BYTES) {
		str_format(why, why_size, N_("%" PRIu64 " bytes, over the limit of %u for a segment: "
			   "refused unread"), size, SEGMENT_MAX_BYTES);
		close(fd);
		return SEGMENT_TOO_LARGE;
	}
	if (size == 0) {
		str_format(why, why_size, N_("empty file (no trailer yet)"));
		goto out;
	}

	/* The trailer: the last line, found in the file's last TRAILER_MAX bytes. */
	size_t k = size < TRAILER_MAX ? (size_t)size : TRAILER_MAX;
	if (read_at(fd, tail, k, (off_t)(size - k)) != (ssize_t)k) {
		str_format(why, why_size, N_("cannot read it: %s"), errno ? strerror(errno) : "it shrank");
		goto out;
	}
	tail[k] = '\0';
	if (tail[k - 1] != '\n') {
		str_format(why, why_size, N_("does not end with a complete line (no trailer yet)"));
		goto out;
	}
	tail[k - 1] = '\0';
	char *nl = memrchr(tail, '\n', k - 1);
	const char *line;
	if (nl)
		line = nl + 1;
	else if (k == size)
		line = tail;            /* the whole file is one line */
	else {
		str_format(why, why_size, N_("no trailer line at its end"));
		goto out;
	}
	size_t line_len = strlen(line);
	bool crlf = line_len && line[line_len - 1] == '\r';
	if (crlf)
		tail[k - 2] = '\0';    /* the trailer without its CR */
	if (!trailer_parse(line, t)) {
		str_format(why, why_size, N_("no valid trailer line (\"#end count=N length=L crc32=X\") "
			   "at its end"));
		goto out;
	}
	uint64_t trailer_len = (uint64_t)(tail + k - line);
	t->crlf = crlf;
	t->file_length = size - trailer_len;
	if (!crlf && (t->length > size || size - t->length != trailer_len)) {
		str_format(why, why_size, N_("%" PRIu64 " bytes, but its trailer says %" PRIu64
			   " before a %" PRIu64 "-byte trailer"), size, t->length, trailer_len);
		goto out;
	}

	/* CRC of everything before the trailer, in fixed chunks; for a CRLF
	 * file, of the bytes with each CR before an LF removed. */
	unsigned char *buf = xmalloc(IO_CHUNK);
	uLong crc = crc32(0L, Z_NULL, 0);
	uint64_t kept = 0;
	bool cr = false, lone_lf = false;
	for (uint64_t off = 0; off < t->file_length;) {
		size_t want = t->file_length - off > IO_CHUNK ? IO_CHUNK : (size_t)(t->file_length - off);
		ssize_t got = read_at(fd, buf, want, (off_t)off);
		if (got != (ssize_t)want) {
			str_format(why, why_size, N_("cannot read it: %s"), got < 0 ? strerror(errno) : "it shrank");
			free(buf);
			goto out;
		}
		if (!crlf) {
			crc = crc32(crc, buf, (uInt)want);
			kept += want;
		} else {
			/* Runs between CRs; a CR is dropped only when an LF follows. */
			size_t from = 0;
			for (size_t i = 0; i < want; i++) {
				if (cr && buf[i] != '\n') {
					crc = crc32(crc, (const Bytef *)"\r", 1);
					kept++;
				}
				if (!cr && buf[i] == '\n')
					lone_lf = true;
				cr = false;
				if (buf[i] == '\r') {
					crc = crc32(crc, buf + from, (uInt)(i - from));
					kept += i - from;
					from = i + 1;
					cr = true;
				}
			}
			crc = crc32(crc, buf + from, (uInt)(want - from));
			kept += want - from;
		}
		off += want;
	}
	free(buf);
	if (crlf && (cr || lone_lf || kept != t->length)) {
		str_format(why, why_size, N_("its lines end in CRLF (converted by a tool, e.g. git's "
			   "core.autocrlf), and %s"), cr || lone_lf ? "not all of them" :
			   "without the CRs its length differs from its trailer's");
		goto out;
	}
	if ((uint32_t)crc != t->crc32) {
		str_format(why, why_size, N_("%sCRC-32 %08lx of its content differs from %08" PRIx32
			   " in its trailer"), crlf ? "its lines end in CRLF and, without the CRs, the " : "",
			   (unsigned long)crc, t->crc32);
		goto out;
	}
	rc = SEGMENT_OK;
out:
	close(fd);
	return rc;
}

/* ---- reading ------------------------------------------------------------ */

static bool get_int(json_object *o, const char *key, int64_t *out)
{
	json_object *v;
	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int))
		return false;
	errno = 0;
	*out = json_object_get_int64(v);
	return errno == 0;
}

static const char *get_str(json_object *o, const char *key)
{
	json_object *v;
	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static int header_parse(json_object *o, const struct segment_trailer *t, struct segment_header *h,
			char *why, size_t why_size)
{
	int64_t version, count, first, last, written;
	const char *device, *owner, *magic = get_str(o, "csconsole");

	if (!str_eq(magic, "segment"))
		return str_format(why, why_size, N_("line 1: no header: expected {\"csconsole\":\"segment\",...}")), -1;
	if (!get_int(o, "version", &version) || version < 1)
		return str_format(why, why_size, N_("line 1: header: \"version\" must be a whole number from 1")), -1;
	if (version > SEGMENT_VERSION)
		return str_format(why, why_size, N_("line 1: segment version %" PRId64 " is newer than this "
				  "csconsole reads (%d): upgrade csconsole"), version, SEGMENT_VERSION), -1;
	device = get_str(o, "device");
	if (!device || !ulid_valid(device))
		return str_format(why, why_size, N_("line 1: header: \"device\" must be a device id (a ULID)")), -1;
	owner = get_str(o, "owner");
	if (!owner || !handle_valid(owner) || strlen(owner) > 64)
		return str_format(why, why_size, N_("line 1: header: \"owner\" must be a CSM handle "
				  "(lowercase letters, digits, '.', '_' and '-')")), -1;
	if (!get_int(o, "first_seq", &first) || !get_int(o, "last_seq", &last) ||
	    !get_int(o, "count", &count) || !get_int(o, "written_at", &written))
		return str_format(why, why_size, N_("line 1: header: \"count\", \"first_seq\", \"last_seq\" "
				  "and \"written_at\" must be whole numbers")), -1;
	if (first < 1 || last < first || count < 1 || count > SEGMENT_MAX_EVENTS ||
	    last - first + 1 != count)
		return str_format(why, why_size, N_("line 1: header: seqs %" PRId64 "..%" PRId64 " do not "
				  "hold %" PRId64 " events (1 to %u per segment)"), first, last, count,
				  SEGMENT_MAX_EVENTS), -1;
	if ((uint64_t)count != t->count)
		return str_format(why, why_size, N_("line 1: header says %" PRId64 " events, the trailer %zu"),
				  count, t->count), -1;
	if (written < 0)
		return str_format(why, why_size, N_("line 1: header: \"written_at\" is negative")), -1;
	h->device = xstrdup(device);
	h->owner = xstrdup(owner);
	h->first_seq = first;
	h->last_seq = last;
	h->count = (size_t)count;
	h->written_at = written;
	return 0;
}

struct reader {
	const struct segment_trailer *t;
	struct segment_header *h;
	int (*on_event)(void *ctx, struct event *e);
	void *ctx;
	json_tokener *tok;
	unsigned lineno;
	size_t events;
	char *why;
	size_t why_size;
};

/* Parses one complete JSON object from a line; NULL with why on failure. */
static json_object *parse_line(struct reader *r, const char *line, size_t len)
{
	size_t bad;
	if (!utf8_valid(line, len, &bad)) {
		str_format(r->why, r->why_size, N_("line %u: invalid UTF-8 at byte %zu"), r->lineno, bad + 1);
		return NULL;
	}
	json_tokener_reset(r->tok);
	json_object *o = json_tokener_parse_ex(r->tok, line, (int)len);
	enum json_tokener_error err = json_tokener_get_error(r->tok);
	if (!o || err != json_tokener_success) {
		str_format(r->why, r->why_size, N_("line %u: not JSON: %s"), r->lineno,
			   err == json_tokener_continue ? "incomplete" : json_tokener_error_desc(err));
		json_object_put(o);
		return NULL;
	}
	if (json_tokener_get_parse_end(r->tok) != len) {
		str_format(r->why, r->why_size, N_("line %u: text after the JSON value"), r->lineno);
		json_object_put(o);
		return NULL;
	}
	if (!json_object_is_type(o, json_type_object)) {
		str_format(r->why, r->why_size, N_("line %u: not a JSON object"), r->lineno);
		json_object_put(o);
		return NULL;
	}
	return o;
}

static int handle_line(struct reader *r, const char *line, size_t len)
{
	r->lineno++;
	if (len == 0)
		return str_format(r->why, r->why_size, N_("line %u: empty line"), r->lineno), -1;
	json_object *o = parse_line(r, line, len);
	if (!o)
		return -1;
	if (r->lineno == 1) {
		int rc = header_parse(o, r->t, r->h, r->why, r->why_size);
		json_object_put(o);
		return rc;
	}

	struct event e = {0};
	int64_t want = r->h->first_seq + (int64_t)r->events;
	if (r->events >= r->h->count) {
		json_object_put(o);
		return str_format(r->why, r->why_size, N_("line %u: more events than the %zu the header "
				  "announces"), r->lineno, r->h->count), -1;
	}
	if (event_from_json(o, &e) != 0) {
		str_format(r->why, r->why_size, "line %u: %s", r->lineno, error_message());
		json_object_put(o);
		return -1;
	}
	json_object_put(o);
	if (!str_eq(e.device, r->h->device) || e.seq != want) {
		str_format(r->why, r->why_size, N_("line %u: event of device %s seq %" PRId64 " where the "
			   "header announces device %s seq %" PRId64), r->lineno, e.device, e.seq,
			   r->h->device, want);
		event_free(&e);
		return -1;
	}
	/* A device writes for one CSM: an event claiming another author is forged. */
	if (!str_eq(e.author, r->h->owner)) {
		str_format(r->why, r->why_size, N_("line %u: event author \"%s\" is not the segment's "
			   "owner \"%s\""), r->lineno, e.author, r->h->owner);
		event_free(&e);
		return -1;
	}
	r->events++;
	struct event *copy = xmalloc(sizeof(*copy));
	*copy = e;
	if (r->on_event(r->ctx, copy) != 0) {
		str_format(r->why, r->why_size, "line %u: %s", r->lineno, error_message());
		return -1;
	}
	return 0;
}

int segment_read(const char *path, const struct segment_trailer *t, struct segment_header *h,
		 int (*on_event)(void *ctx, struct event *e), void *ctx,
		 char *why, size_t why_size)
{
	struct stat sb;
	struct reader r = { .t = t, .h = h, .on_event = on_event, .ctx = ctx,
			    .why = why, .why_size = why_size };
	struct sbuf line = {0};
	int rc = -1;

	memset(h, 0, sizeof(*h));
	why[0] = '\0';
	int fd = open_regular(path, &sb, why, why_size);
	if (fd < 0)
		return -1;
	uint64_t file_length = t->crlf ? t->file_length : t->length;
	if (file_length > SEGMENT_MAX_BYTES || (uint64_t)sb.st_size < file_length) {
		str_format(why, why_size, N_("the file changed since its trailer was checked"));
		close(fd);
		return -1;
	}
	r.tok = json_tokener_new_ex(JSON_MAX_DEPTH);
	json_tokener_set_flags(r.tok, JSON_TOKENER_STRICT);
	char *buf = xmalloc(IO_CHUNK);
	uLong crc = crc32(0L, Z_NULL, 0);

	/* Only the bytes the trailer covers; CRC again, in case the file was
	 * replaced between the check and this read. */
	uint64_t kept = 0;
	for (uint64_t off = 0; off < file_length;) {
		size_t want = file_length - off > IO_CHUNK ? IO_CHUNK : (size_t)(file_length - off);
		ssize_t got = read_at(fd, buf, want, (off_t)off);
		if (got != (ssize_t)want) {
			str_format(why, why_size, N_("cannot read it: %s"), got < 0 ? strerror(errno) : "it shrank");
			goto out;
		}
		if (!t->crlf) {
			crc = crc32(crc, (const Bytef *)buf, (uInt)want);
			kept += want;
		}
		off += want;
		for (size_t i = 0; i < want;) {
			char *nl = memchr(buf + i, '\n', want - i);
			size_t n = nl ? (size_t)(nl - (buf + i)) : want - i;
			if (line.len + n > SEGMENT_MAX_LINE) {
				str_format(why, why_size, N_("line %u: longer than %u bytes"), r.lineno + 1,
					   SEGMENT_MAX_LINE);
				goto out;
			}
			sbuf_add(&line, buf + i, n);
			i += n;
			if (!nl)
				break;
			i++;
			if (t->crlf) {
				/* checked: every line ends in CRLF; the CRC is of the LF form */
				if (!line.len || line.data[line.len - 1] != '\r') {
					str_format(why, why_size, N_("line %u: no CR before its LF, unlike the "
						   "other lines"), r.lineno + 1);
					goto out;
				}
				line.data[--line.len] = '\0';
				crc = crc32(crc, (const Bytef *)line.data, (uInt)line.len);
				crc = crc32(crc, (const Bytef *)"\n", 1);
				kept += line.len + 1;
			}
			if (handle_line(&r, line.data ? line.data : "", line.len) != 0)
				goto out;
			sbuf_reset(&line);
		}
	}
	if ((uint32_t)crc != t->crc32 || kept != t->length) {
		str_format(why, why_size, N_("the file changed since its trailer was checked"));
		goto out;
	}
	if (line.len) {
		str_format(why, why_size, N_("line %u: no newline before the trailer"), r.lineno + 1);
		goto out;
	}
	if (r.lineno == 0) {
		str_format(why, why_size, N_("no header: the segment has only its trailer"));
		goto out;
	}
	if (r.events != h->count) {
		str_format(why, why_size, N_("%zu events, but the header and trailer announce %zu"),
			   r.events, h->count);
		goto out;
	}
	rc = 0;
out:
	if (rc != 0)
		segment_header_free(h);
	json_tokener_free(r.tok);
	sbuf_free(&line);
	free(buf);
	close(fd);
	return rc;
}

int segment_read_header(const char *path, const struct segment_trailer *t,
			struct segment_header *h, char *why, size_t why_size)
{
	struct stat sb;
	struct reader r = { .t = t, .h = h, .why = why, .why_size = why_size, .lineno = 1 };
	struct sbuf line = {0};
	int rc = -1;

	memset(h, 0, sizeof(*h));
	why[0] = '\0';
	int fd = open_regular(path, &sb, why, why_size);
	if (fd < 0)
		return -1;
	uint64_t file_length = t->crlf ? t->file_length : t->length;
	char *buf = xmalloc(IO_CHUNK);
	bool found = false;
	for (uint64_t off = 0; off < file_length && !found;) {
		size_t want = file_length - off > IO_CHUNK ? IO_CHUNK : (size_t)(file_length - off);
		ssize_t got = read_at(fd, buf, want, (off_t)off);
		if (got != (ssize_t)want) {
			str_format(why, why_size, N_("cannot read it: %s"), got < 0 ? strerror(errno) : "it shrank");
			goto out;
		}
		char *nl = memchr(buf, '\n', want);
		size_t n = nl ? (size_t)(nl - buf) : want;
		if (line.len + n > SEGMENT_MAX_LINE) {
			str_format(why, why_size, N_("line 1: longer than %u bytes"), SEGMENT_MAX_LINE);
			goto out;
		}
		sbuf_add(&line, buf, n);
		found = nl != NULL;
		off += want;
	}
	if (!found) {
		str_format(why, why_size, N_("no header: the segment has only its trailer"));
		goto out;
	}
	if (t->crlf && line.len && line.data[line.len - 1] == '\r')
		line.data[--line.len] = '\0';
	r.tok = json_tokener_new_ex(JSON_MAX_DEPTH);
	json_tokener_set_flags(r.tok, JSON_TOKENER_STRICT);
	json_object *o = line.len ? parse_line(&r, line.data, line.len) : NULL;
	if (!line.len)
		str_format(why, why_size, N_("line 1: empty line"));
	if (o) {
		rc = header_parse(o, t, h, why, why_size);
		json_object_put(o);
	}
	json_tokener_free(r.tok);
out:
	sbuf_free(&line);
	free(buf);
	close(fd);
	return rc;
}
