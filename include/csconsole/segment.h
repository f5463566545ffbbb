/* segment.h - event segment files: the only thing csconsole writes to the
 * shared directory.
 *
 * A segment is JSON Lines, written once and never changed:
 *
 *   {"count":3,"csconsole":"segment","device":"01J...","first_seq":1,"last_seq":3,"owner":"aiko","version":1,"written_at":1732274523000}
 *   {"account":"ACC-0001","author":"aiko","data":{...},"device":"01J...","entity":"note/01J...","hlc":"0193...","id":"01J...","seq":1,"type":"note.add","version":1}
 *   ... one canonical event per line ...
 *   #end count=3 length=1234 crc32=1a2b3c4d
 *
 * The trailer is the last line (ending in a newline, exactly this form):
 * `count` events, `length` bytes before the trailer line, `crc32` (zlib) of
 * those bytes, 8 lowercase hex digits. The
 * file's size must be exactly length + the trailer line. A file that fails
 * this check is not ready yet (still being copied by a sync tool, or broken);
 * one that passes it but does not parse is bad. Checking streams the file, so
 * memory stays bounded whatever its size.
 *
 * Canonical JSON never holds a raw CR (it is escaped as \r), so a segment
 * whose every line ends in CRLF was converted by a tool (git with
 * core.autocrlf=true on Windows): when removing the CR of each CRLF gives
 * back the length and CRC of the trailer, the content is exactly what its
 * writer wrote, and it is read that way (t->crlf).
 */
#ifndef CSCONSOLE_SEGMENT_H
#define CSCONSOLE_SEGMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "csconsole/event.h"

#define SEGMENT_VERSION 1
#define SEGMENT_SUFFIX ".jsonl"
/* Limits for reading: a segment larger than this is refused without being
 * read; so is a line longer than SEGMENT_MAX_LINE. Writers stay far below. */
#define SEGMENT_MAX_BYTES (16u << 20)
#define SEGMENT_MAX_LINE (256u << 10)
#define SEGMENT_MAX_EVENTS 10000

struct segment_header {
	char *device;        /* owned */
	char *owner;         /* owned: the CSM every event's author must be */
	int64_t first_seq, last_seq;
	size_t count;
	int64_t written_at;  /* the writer's wall clock, ms (for skew reports) */
};
void segment_header_free(struct segment_header *h);

struct segment_trailer {
	size_t count;
	uint64_t length;     /* as written: LF line ends */
	uint32_t crc32;
	/* The file's lines end in CRLF (git's core.autocrlf, or an editor, made
	 * them so), and with every CR before an LF removed it is the segment
	 * written: the CRC proves it, so it is read with the CRs removed. */
	bool crlf;
	uint64_t file_length;    /* bytes before the trailer line in the file as it is */
};

enum segment_check {
	SEGMENT_OK,          /* trailer, length and CRC agree */
	SEGMENT_NOT_READY,   /* missing/short/mismatched: may still be arriving */
	SEGMENT_TOO_LARGE,   /* over SEGMENT_MAX_BYTES: refused unread */
};

/* Writes a complete segment (header, events in order, trailer) to fp.
 * events[i] must carry device/seq/hlc already. 0 or -1 + error(). */
int segment_write(FILE *fp, const struct segment_header *h, struct event *const *events, size_t n);

/* The same, one event at a time, so that a segment of many events (a pack,
 * pack.h) is written with one event in memory: begin writes the header (h
 * must stay valid until end, and announce the count), add each event in seq
 * order, end writes the trailer and flushes (fsync is the caller's). Each
 * returns 0 or -1 + error(); after a failure the file is to be discarded. */
struct segment_writer {
	FILE *fp;
	const struct segment_header *h;
	unsigned long crc;
	uint64_t length;
	size_t n;
	bool failed;
};
int segment_writer_begin(struct segment_writer *sw, FILE *fp, const struct segment_header *h);
int segment_writer_add(struct segment_writer *sw, const struct event *e);
int segment_writer_end(struct segment_writer *sw);

/* Checks the trailer and the CRC of the file at path (streaming). On
 * SEGMENT_NOT_READY/TOO_LARGE, why says what is wrong. */
enum segment_check segment_check_file(const char *path, struct segment_trailer *t,
				      char *why, size_t why_size);

/* Reads a checked segment: the header, then each event, validated
 * (event_from_json, device and seq agree with the header, seqs consecutive,
 * every author is the header's owner, the count matches the trailer's).
 * Lines are capped at SEGMENT_MAX_LINE, must be valid UTF-8 and one strict
 * JSON object each (nesting depth limited); the bytes are CRC-checked again
 * as they are read. h is filled before the first on_event call and freed
 * on failure. on_event takes ownership of the event
 * (it must event_free() it). Returns 0, or -1 with the reason ("line 3:
 * ...") in why: the segment is bad. */
int segment_read(const char *path, const struct segment_trailer *t, struct segment_header *h,
		 int (*on_event)(void *ctx, struct event *e), void *ctx,
		 char *why, size_t why_size);

/* Reads only the header (line 1) of a checked segment, validated as
 * segment_read does, into h (freed on failure). 0, or -1 with why. */
int segment_read_header(const char *path, const struct segment_trailer *t,
			struct segment_header *h, char *why, size_t why_size);

#endif
