/* test_segment.c - segment files: write, check (trailer, length, CRC), read
 * (header, events, limits), and the broken or hostile files a shared folder
 * can hold. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include "csconsole/event.h"
#include "csconsole/segment.h"
#include "scratch.h"

#define T_MS 1795435200000ULL   /* 2026-11-23T12:00:00Z */

static char device[ULID_SIZE];

static struct event *make_event(int64_t seq, const char *author, const char *summary)
{
	struct event *e = xcalloc(1, sizeof(*e));
	char id[ULID_SIZE], ent[ULID_SIZE];
	ulid_new(T_MS + (uint64_t)seq, id);
	ulid_new(T_MS + (uint64_t)seq, ent);
	e->id = xstrdup(id);
	e->device = xstrdup(device);
	e->seq = seq;
	e->hlc = (struct hlc){ T_MS + (uint64_t)seq, 0 };
	e->author = xstrdup(author);
	e->type = xstrdup("note.add");
	e->version = 1;
	e->entity = xasprintf("note/%s", ent);
	e->account = xstrdup("ACC-0001");
	e->data = json_object_new_object();
	json_object_object_add(e->data, "kind", json_object_new_string("call"));
	json_object_object_add(e->data, "summary", json_object_new_string(summary));
	json_object_object_add(e->data, "touch_day", json_object_new_string("2026-11-20"));
	return e;
}

static void free_events(struct event **ev, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		event_free(ev[i]);
		free(ev[i]);
	}
}

/* Writes n events (seqs 1..n) of owner as a segment; returns its path. */
static char *write_good(const char *name, size_t n, struct event **keep)
{
	struct event *ev[8];
	assert_true(n <= 8);
	for (size_t i = 0; i < n; i++)
		ev[i] = make_event((int64_t)i + 1, "aiko", "Renewal call, all good");
	struct segment_header h = { .device = device, .owner = (char *)"aiko", .first_seq = 1,
				    .last_seq = (int64_t)n, .count = n, .written_at = (int64_t)T_MS };
	char *path = scratch_path(name);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(segment_write(fp, &h, ev, n), 0);
	assert_int_equal(fclose(fp), 0);
	if (keep)
		memcpy(keep, ev, n * sizeof(*ev));
	else
		free_events(ev, n);
	return path;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	struct sbuf b = {0};
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sbuf_add(&b, buf, n);
	fclose(fp);
	*len = b.len;
	return b.data;
}

/* Content followed by a valid trailer for it: a file that passes the check
 * whatever it holds. */
static char *write_with_trailer(const char *name, const char *content, size_t len, size_t count)
{
	struct sbuf b = {0};
	uLong crc = crc32(crc32(0L, Z_NULL, 0), (const Bytef *)content, (uInt)len);
	sbuf_add(&b, content, len);
	sbuf_addf(&b, "#end count=%zu length=%zu crc32=%08lx\n", count, len, crc);
	char *path = scratch_write(name, b.data, b.len);
	sbuf_free(&b);
	return path;
}

struct collect {
	struct event *ev[16];
	size_t n;
};

static int collect_event(void *ctx, struct event *e)
{
	struct collect *c = ctx;
	assert_true(c->n < 16);
	c->ev[c->n++] = e;
	return 0;
}

/* Checks then reads path; returns 0 when both pass, the why in why. */
static int check_and_read(const char *path, struct collect *c, char *why, size_t size)
{
	struct segment_trailer t;
	struct segment_header h;
	if (segment_check_file(path, &t, why, size) != SEGMENT_OK)
		return -1;
	int rc = segment_read(path, &t, &h, collect_event, c, why, size);
	segment_header_free(&h);
	return rc;
}

static void test_round_trip(void **state)
{
	(void)state;
	struct event *written[3];
	struct segment_trailer t;
	struct segment_header h;
	struct collect c = {0};
	char why[256];
	char *path = write_good("good.jsonl", 3, written);

	assert_int_equal(segment_check_file(path, &t, why, sizeof(why)), SEGMENT_OK);
	assert_int_equal(t.count, 3);
	assert_int_equal(segment_read(path, &t, &h, collect_event, &c, why, sizeof(why)), 0);
	assert_string_equal(h.device, device);
	assert_string_equal(h.owner, "aiko");
	assert_int_equal(h.first_seq, 1);
	assert_int_equal(h.last_seq, 3);
	assert_int_equal(h.count, 3);
	assert_int_equal(h.written_at, (int64_t)T_MS);
	assert_int_equal(c.n, 3);
	for (size_t i = 0; i < 3; i++) {
		char *a = event_to_json(written[i]), *b = event_to_json(c.ev[i]);
		assert_string_equal(a, b);
		free(a), free(b);
	}
	/* The file is exactly header, events, trailer; its length is in the trailer. */
	size_t len;
	char *text = slurp(path, &len);
	assert_true(str_starts_with(text, "{\"count\":3,\"csconsole\":\"segment\",\"device\":\""));
	char *last = memrchr(text, '\n', len - 1);
	assert_non_null(last);
	assert_true(str_starts_with(last + 1, "#end count=3 length="));
	assert_int_equal(t.length, (uint64_t)(last + 1 - text));
	free(text);
	segment_header_free(&h);
	free_events(written, 3);
	free_events(c.ev, c.n);
	free(path);
}

/* text with every LF turned into CRLF (what git's core.autocrlf does). */
static char *to_crlf(const char *text, size_t len, size_t *out_len)
{
	struct sbuf b = {0};
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n')
			sbuf_add(&b, "\r", 1);
		sbuf_add(&b, text + i, 1);
	}
	*out_len = b.len;
	return b.data;
}

/* A segment converted to CRLF checks and reads as the segment written (its
 * CRC is of the LF bytes); one only partly converted, or converted and then
 * damaged, is not ready. */
static void test_crlf_converted(void **state)
{
	(void)state;
	struct event *written[3];
	struct segment_trailer t;
	struct segment_header h;
	struct collect c = {0};
	char why[256];
	size_t len, clen;
	char *path = write_good("lf.jsonl", 3, written);
	char *text = slurp(path, &len);
	char *crlf = to_crlf(text, len, &clen);
	char *cpath = scratch_write("crlf.jsonl", crlf, clen);

	assert_int_equal(segment_check_file(cpath, &t, why, sizeof(why)), SEGMENT_OK);
	assert_true(t.crlf);
	assert_int_equal(t.count, 3);
	assert_int_equal(t.file_length + strlen(memrchr(text, '\n', len - 1) + 1) + 1, clen);
	assert_int_equal(segment_read(cpath, &t, &h, collect_event, &c, why, sizeof(why)), 0);
	assert_int_equal(c.n, 3);
	for (size_t i = 0; i < 3; i++) {
		char *a = event_to_json(written[i]), *b = event_to_json(c.ev[i]);
		assert_string_equal(a, b);
		free(a), free(b);
		event_free(c.ev[i]);
		free(c.ev[i]);
	}
	segment_header_free(&h);
	/* The LF original is not flagged. */
	assert_int_equal(segment_check_file(path, &t, why, sizeof(why)), SEGMENT_OK);
	assert_false(t.crlf);

	/* One line left with LF only: not ready, and the reason says CRLF. */
	char *mixed = xstrdup(crlf);
	char *cr = strchr(mixed, '\r');
	memmove(cr, cr + 1, clen - (size_t)(cr - mixed));
	char *mpath = scratch_write("mixed.jsonl", mixed, clen - 1);
	assert_int_equal(segment_check_file(mpath, &t, why, sizeof(why)), SEGMENT_NOT_READY);
	assert_non_null(strstr(why, "CRLF"));
	/* A byte changed inside: the CRC (of the LF form) tells. */
	char *bad = xstrdup(crlf);
	char *q = strstr(bad, "\"aiko\"");
	assert_non_null(q);
	q[1] = 'b';
	char *bpath = scratch_write("bad.jsonl", bad, clen);
	assert_int_equal(segment_check_file(bpath, &t, why, sizeof(why)), SEGMENT_NOT_READY);
	assert_non_null(strstr(why, "CRC-32"));
	free(bad), free(bpath), free(mixed), free(mpath);
	free(text), free(crlf), free(cpath), free(path);
	free_events(written, 3);
}

static void test_every_truncation_is_not_ready(void **state)
{
	(void)state;
	size_t len;
	char why[256];
	struct segment_trailer t;
	char *path = write_good("full.jsonl", 2, NULL);
	char *text = slurp(path, &len);
	/* Every shorter length: nothing, inside the header, inside an event,
	 * right before the trailer, inside it, without the last newline. */
	for (size_t cut = 0; cut < len; cut++) {
		char *p = scratch_write("cut.jsonl", text, cut);
		enum segment_check r = segment_check_file(p, &t, why, sizeof(why));
		if (r != SEGMENT_NOT_READY)
			fail_msg("a segment cut to %zu of %zu bytes checked as %d", cut, len, r);
		assert_true(why[0] != '\0');
		free(p);
	}
	/* Extra bytes after the trailer are not a segment either. */
	struct sbuf more = {0};
	sbuf_add(&more, text, len);
	sbuf_adds(&more, "{}\n");
	char *p = scratch_write("longer.jsonl", more.data, more.len);
	assert_int_equal(segment_check_file(p, &t, why, sizeof(why)), SEGMENT_NOT_READY);
	free(p);
	sbuf_free(&more);
	free(text);
	free(path);
}

static void test_zero_length(void **state)
{
	(void)state;
	char why[256];
	struct segment_trailer t;
	char *p = scratch_write("empty.jsonl", "", 0);
	assert_int_equal(segment_check_file(p, &t, why, sizeof(why)), SEGMENT_NOT_READY);
	assert_non_null(strstr(why, "empty"));
	free(p);
}

static void test_bit_flips(void **state)
{
	(void)state;
	size_t len;
	char why[256];
	struct segment_trailer t;
	char *path = write_good("flip.jsonl", 2, NULL);
	char *text = slurp(path, &len);
	assert_int_equal(segment_check_file(path, &t, why, sizeof(why)), SEGMENT_OK);
	uint64_t content = t.length;

	for (size_t i = 0; i < len; i++) {
		for (int bit = 0; bit < 8; bit += 3) {
			text[i] ^= (char)(1 << bit);
			char *p = scratch_write("flipped.jsonl", text, len);
			enum segment_check r = segment_check_file(p, &t, why, sizeof(why));
			if (i < content) {
				/* CRC-32 catches every single-bit error in the content. */
				if (r != SEGMENT_NOT_READY)
					fail_msg("bit %d of byte %zu flipped: checked as %d", bit, i, r);
			} else if (r == SEGMENT_OK) {
				/* A flip in the trailer that still parses (count=3 for
				 * count=2) must fail when read. */
				struct collect c = {0};
				if (check_and_read(p, &c, why, sizeof(why)) == 0)
					fail_msg("bit %d of trailer byte %zu flipped: read as good", bit, i);
				free_events(c.ev, c.n);
			}
			text[i] ^= (char)(1 << bit);
			free(p);
		}
	}
	free(text);
	free(path);
}

static void test_trailer_only(void **state)
{
	(void)state;
	char why[256];
	struct segment_trailer t;
	struct collect c = {0};
	char *p = scratch_write_str("only.jsonl", "#end count=0 length=0 crc32=00000000\n");
	assert_int_equal(segment_check_file(p, &t, why, sizeof(why)), SEGMENT_OK);
	assert_int_equal(check_and_read(p, &c, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "no header"));
	assert_int_equal(c.n, 0);
	free(p);
}

/* A good file's content with one replacement, re-trailered. */
static char *tampered(const char *name, const char *from, const char *to, size_t count)
{
	size_t len;
	char *good = write_good("base.jsonl", 2, NULL);
	char *text = slurp(good, &len);
	char *nl = memrchr(text, '\n', len - 1);
	size_t content = (size_t)(nl + 1 - text);
	char *at = strstr(text, from);
	assert_non_null(at);
	assert_true((size_t)(at - text) < content);
	struct sbuf b = {0};
	sbuf_add(&b, text, (size_t)(at - text));
	sbuf_adds(&b, to);
	sbuf_add(&b, at + strlen(from), content - (size_t)(at - text) - strlen(from));
	char *p = write_with_trailer(name, b.data, b.len, count);
	sbuf_free(&b);
	free(text);
	free(good);
	return p;
}

static void expect_bad(const char *path, const char *reason)
{
	char why[256];
	struct collect c = {0};
	struct segment_trailer t;
	assert_int_equal(segment_check_file(path, &t, why, sizeof(why)), SEGMENT_OK);
	assert_int_equal(check_and_read(path, &c, why, sizeof(why)), -1);
	if (!strstr(why, reason))
		fail_msg("expected \"%s\" in the reason, got \"%s\"", reason, why);
	free_events(c.ev, c.n);
}

static void test_invalid_utf8_with_valid_crc(void **state)
{
	(void)state;
	char *p = tampered("utf8.jsonl", "Renewal call", "Renewal \xff\xfe call", 2);
	expect_bad(p, "invalid UTF-8");
	free(p);
	/* An overlong encoding of '/' is invalid too. */
	p = tampered("overlong.jsonl", "Renewal call", "Renewal \xc0\xaf call", 2);
	expect_bad(p, "invalid UTF-8");
	free(p);
}

static void test_line_over_the_cap(void **state)
{
	(void)state;
	size_t n = SEGMENT_MAX_LINE + 10;
	char *big = xmalloc(n + 2);
	memset(big, 'x', n);
	big[n] = '\n';
	big[n + 1] = '\0';
	char *p = write_with_trailer("long.jsonl", big, n + 1, 1);
	expect_bad(p, "longer than");
	free(p);
	free(big);
}

static void test_too_large_refused_unread(void **state)
{
	(void)state;
	char why[256];
	struct segment_trailer t;
	char *p = scratch_path("huge.jsonl");
	FILE *fp = fopen(p, "wb");
	assert_non_null(fp);
	/* Sparse: the size is over the limit without writing 16 MiB. */
	assert_int_equal(ftruncate(fileno(fp), (off_t)SEGMENT_MAX_BYTES + 1), 0);
	fclose(fp);
	assert_int_equal(segment_check_file(p, &t, why, sizeof(why)), SEGMENT_TOO_LARGE);
	assert_non_null(strstr(why, "refused unread"));
	free(p);
}

static void test_yaml_alias_bomb(void **state)
{
	(void)state;
	static const char bomb[] =
		"a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
		"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
		"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
		"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
		"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
		"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";
	char *p = write_with_trailer("bomb.jsonl", bomb, strlen(bomb), 1);
	expect_bad(p, "not JSON");
	free(p);
}

static void test_deep_nesting(void **state)
{
	(void)state;
	struct sbuf b = {0};
	for (int i = 0; i < 200; i++)
		sbuf_addc(&b, '[');
	for (int i = 0; i < 200; i++)
		sbuf_addc(&b, ']');
	char *to = xasprintf("\"summary\":\"x\",\"z\":%s", b.data);
	char *p = tampered("deep.jsonl", "\"summary\":\"Renewal call, all good\"", to, 2);
	expect_bad(p, "not JSON");
	free(p);
	free(to);
	sbuf_free(&b);
}

static void test_header_and_event_agreement(void **state)
{
	(void)state;
	char *p;
	/* Another author than the owner: a forged event. */
	p = tampered("author.jsonl", "\"author\":\"aiko\"", "\"author\":\"mallory\"", 2);
	expect_bad(p, "not the segment's owner");
	free(p);
	/* Header count disagreeing with the trailer. */
	p = tampered("count.jsonl", "{\"count\":2", "{\"count\":2", 3);
	expect_bad(p, "trailer");
	free(p);
	/* A seq out of order. */
	p = tampered("seq.jsonl", "\"seq\":2", "\"seq\":3", 2);
	expect_bad(p, "seq");
	free(p);
	/* A newer segment version. */
	p = tampered("version.jsonl", "\"version\":1,\"written_at\"", "\"version\":2,\"written_at\"", 2);
	expect_bad(p, "upgrade csconsole");
	free(p);
	/* Not a segment header at all. */
	p = tampered("magic.jsonl", "\"csconsole\":\"segment\"", "\"csconsole\":\"other\"", 2);
	expect_bad(p, "no header");
	free(p);
	/* Trailing text after the JSON object on a line. */
	p = tampered("trailing.jsonl", "\"version\":1}\n", "\"version\":1} x\n", 2);
	expect_bad(p, "not JSON");   /* strict parsing: no trailing text */
	free(p);
}

/* The header alone (packing reads it to plan): as segment_read gives it,
 * from an LF or a CRLF file; a bad header is refused with the reason. The
 * streaming writer refuses an event out of place and a short segment. */
static void test_header_only_and_streaming_writer(void **state)
{
	(void)state;
	struct segment_trailer t;
	struct segment_header h;
	char why[256];
	size_t len, clen;
	char *path = write_good("hdr.jsonl", 3, NULL);
	assert_int_equal(segment_check_file(path, &t, why, sizeof(why)), SEGMENT_OK);
	assert_int_equal(segment_read_header(path, &t, &h, why, sizeof(why)), 0);
	assert_string_equal(h.device, device);
	assert_string_equal(h.owner, "aiko");
	assert_int_equal(h.first_seq, 1);
	assert_int_equal(h.last_seq, 3);
	assert_int_equal(h.count, 3);
	assert_int_equal(h.written_at, (int64_t)T_MS);
	segment_header_free(&h);

	char *text = slurp(path, &len);
	char *crlf = to_crlf(text, len, &clen);
	char *cpath = scratch_write("hdr-crlf.jsonl", crlf, clen);
	assert_int_equal(segment_check_file(cpath, &t, why, sizeof(why)), SEGMENT_OK);
	assert_true(t.crlf);
	assert_int_equal(segment_read_header(cpath, &t, &h, why, sizeof(why)), 0);
	assert_int_equal(h.last_seq, 3);
	assert_string_equal(h.owner, "aiko");
	segment_header_free(&h);

	char *bad = tampered("hdr-bad.jsonl", "\"csconsole\":\"segment\"", "\"csconsole\":\"segmenx\"", 2);
	assert_int_equal(segment_check_file(bad, &t, why, sizeof(why)), SEGMENT_OK);
	assert_int_equal(segment_read_header(bad, &t, &h, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "no header"));
	assert_null(h.device);

	/* Streaming: seqs 1..2 announced; seq 2 first is refused; one event
	 * only is a short segment. */
	struct event *e1 = make_event(1, "aiko", "one"), *e2 = make_event(2, "aiko", "two");
	struct segment_header sh = { .device = device, .owner = (char *)"aiko", .first_seq = 1,
				     .last_seq = 2, .count = 2, .written_at = (int64_t)T_MS };
	struct segment_writer sw;
	char *spath = scratch_path("stream.jsonl");
	FILE *fp = fopen(spath, "wb");
	assert_non_null(fp);
	assert_int_equal(segment_writer_begin(&sw, fp, &sh), 0);
	assert_int_equal(segment_writer_add(&sw, e2), -1);
	assert_int_equal(segment_writer_add(&sw, e1), 0);
	assert_int_equal(segment_writer_end(&sw), -1);
	assert_non_null(strstr(error_message(), "announced 2 events, 1 were written"));
	assert_int_equal(segment_writer_add(&sw, e2), 0);
	assert_int_equal(segment_writer_end(&sw), 0);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(segment_check_file(spath, &t, why, sizeof(why)), SEGMENT_OK);
	assert_int_equal(t.count, 2);
	struct event *ev[2] = { e1, e2 };
	free_events(ev, 2);
	free(spath), free(bad), free(cpath), free(crlf), free(text), free(path);
}

static int setup(void **state)
{
	ulid_new(T_MS, device);
	return scratch_setup(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_crlf_converted),
		cmocka_unit_test(test_every_truncation_is_not_ready),
		cmocka_unit_test(test_zero_length),
		cmocka_unit_test(test_bit_flips),
		cmocka_unit_test(test_trailer_only),
		cmocka_unit_test(test_invalid_utf8_with_valid_crc),
		cmocka_unit_test(test_line_over_the_cap),
		cmocka_unit_test(test_too_large_refused_unread),
		cmocka_unit_test(test_yaml_alias_bomb),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_header_and_event_agreement),
		cmocka_unit_test(test_header_only_and_streaming_writer),
	};
	return cmocka_run_group_tests(tests, setup, scratch_teardown);
}
