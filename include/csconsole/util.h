/* util.h - memory, strings and the one error convention.
 *
 * Errors: a function that can fail returns 0 on success and -1 on failure,
 * after calling error() with a message that says what happened, where and what
 * to do. The caller shows error_message() (status bar in the TUI, stderr in
 * the CLI) or adds context with error_prefix(). die() is for the impossible
 * (out of memory): it restores the terminal first through the registered hook.
 */
#ifndef CSCONSOLE_UTIL_H
#define CSCONSOLE_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define PRINTF_LIKE(fmt, args) __attribute__((format(printf, fmt, args)))
#define NORETURN __attribute__((noreturn))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Records the message for error_message(); returns -1 so `return error(...)` reads well. */
int error(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Prepends "prefix: " to the recorded message (e.g. a file name). Returns -1. */
int error_prefix(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* The last recorded message; never NULL (empty when none). */
const char *error_message(void);
void error_clear(void);

/* Called by die() before printing, so the TUI can endwin() first. */
void die_set_hook(void (*hook)(void));
NORETURN void die(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* Allocation that never returns NULL: on failure or size overflow, die(). */
void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* Bounded copy: always NUL-terminates; returns true if src was truncated.
 * Use with sizeof: str_copy(buf, sizeof(buf), src). */
bool str_copy(char *dst, size_t size, const char *src);
/* Bounded formatted write; returns true if the output was truncated. */
bool str_format(char *dst, size_t size, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* n with thousands separators: 1234567 -> "1,234,567"; returns buf. */
#define NUM_GROUPED_SIZE 32
const char *num_grouped(uint64_t n, char buf[NUM_GROUPED_SIZE]);

bool str_eq(const char *a, const char *b);          /* NULL-safe equality */
bool str_empty(const char *s);                      /* NULL or "" */
/* A CSM handle: 1 to HANDLE_MAX bytes of a-z, 0-9, '.', '_', '-'. */
#define HANDLE_MAX 63
bool handle_valid(const char *s);
bool str_starts_with(const char *s, const char *prefix);
bool str_ends_with(const char *s, const char *suffix);
/* Parses a whole decimal integer in [min, max]; false on any junk. */
bool str_to_long(const char *s, long min, long max, long *out);
/* A number from the environment variable name when it holds one from 0 to
 * max, else fallback: the tests' overrides of waits and ages. */
long env_long(const char *name, long max, long fallback);

/* Growable byte buffer, always NUL-terminated. Owner calls sbuf_free(). */
struct sbuf {
	char *data;
	size_t len, cap;
};
void sbuf_add(struct sbuf *b, const char *s, size_t n);
void sbuf_adds(struct sbuf *b, const char *s);
void sbuf_addf(struct sbuf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
void sbuf_vaddf(struct sbuf *b, const char *fmt, va_list ap) PRINTF_LIKE(2, 0);
void sbuf_addc(struct sbuf *b, char c);
void sbuf_reset(struct sbuf *b);
void sbuf_free(struct sbuf *b);
const char *sbuf_str(const struct sbuf *b);         /* "" when empty */

/* A list of owned strings. */
struct strlist {
	char **items;
	size_t len, cap;
};
void strlist_add(struct strlist *l, const char *s);   /* copies s */
void strlist_clear(struct strlist *l);
bool strlist_has(const struct strlist *l, const char *s);
void strlist_copy(struct strlist *dst, const struct strlist *src);
bool strlist_eq(const struct strlist *a, const struct strlist *b);
/* Joins with sep into a new string the caller frees. */
char *strlist_join(const struct strlist *l, const char *sep);

/* Paths. */
char *path_join(const char *a, const char *b);        /* caller frees */
/* Canonical absolute form of a path that may not exist yet (existing prefix
 * resolved through realpath, the rest appended). Caller frees; NULL + error(). */
char *path_canonical(const char *path);
/* True if `path` is `dir` or lies below it (both canonicalised). */
bool path_is_within(const char *path, const char *dir);
/* mkdir -p; 0 or -1 + error(). */
int path_mkdirs(const char *dir, unsigned mode);
/* Expands a leading "~/" with $HOME. Caller frees. */
char *path_expand_home(const char *path);

#endif
