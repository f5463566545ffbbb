/* util.c - memory, strings, paths and the error slot (see util.h). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "csconsole/i18n.h"
#include "csconsole/util.h"

/* Per thread: the console's background fetch (book_prefetch.c) has its own. */
static _Thread_local char last_error[2048];
static void (*die_hook)(void);

int error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	return -1;
}

int error_prefix(const char *fmt, ...)
{
	char prefix[1024], old[sizeof(last_error)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	str_copy(old, sizeof(old), last_error);
	/* Truncation is acceptable here: the message stays NUL-terminated. */
	size_t n = strlen(prefix);
	str_copy(last_error, sizeof(last_error), prefix);
	if (n + 2 < sizeof(last_error)) {
		memcpy(last_error + n, ": ", 3);
		str_copy(last_error + n + 2, sizeof(last_error) - n - 2, old);
	}
	return -1;
}

const char *error_message(void)
{
	return last_error;
}

void error_clear(void)
{
	last_error[0] = '\0';
}

void die_set_hook(void (*hook)(void))
{
	die_hook = hook;
}

void die(const char *fmt, ...)
{
	va_list ap;
	if (die_hook)
		die_hook();
	fputs("csconsole: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(70);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		die(_("out of memory (%zu bytes)"), size);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		die(_("out of memory (%zu x %zu bytes)"), nmemb, size);
	return p;
}

void *xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void *p;
	if (size && nmemb > SIZE_MAX / size)
		die(_("allocation overflow (%zu x %zu bytes)"), nmemb, size);
	size_t bytes = nmemb * size;
	p = realloc(ptr, bytes ? bytes : 1);
	if (!p)
		die(_("out of memory (%zu x %zu bytes)"), nmemb, size);
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct sbuf b = {0};
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	return b.data ? b.data : xstrdup("");
}

bool str_copy(char *dst, size_t size, const char *src)
{
	size_t len = strlen(src);
	if (size == 0)
		return len > 0;
	if (len >= size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return true;
	}
	memcpy(dst, src, len + 1);
	return false;
}

bool str_format(char *dst, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(dst, size, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= size;
}

bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

bool str_empty(const char *s)
{
	return !s || !*s;
}

bool str_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

bool str_to_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;
	/* strtol skips leading blanks and accepts '+': neither is a clean number here. */
	if (str_empty(s) || !(isdigit((unsigned char)s[0]) || s[0] == '-'))
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

long env_long(const char *name, long max, long fallback)
{
	const char *s = getenv(name);
	long v;
	return s && str_to_long(s, 0, max, &v) ? v : fallback;
}

static void sbuf_grow(struct sbuf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1) {
		if (cap > SIZE_MAX / 2)
			die(_("string too long"));
		cap *= 2;
	}
	b->data = xreallocarray(b->data, cap, 1);
	b->cap = cap;
}

void sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	sbuf_grow(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void sbuf_adds(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

void sbuf_addc(struct sbuf *b, char c)
{
	sbuf_add(b, &c, 1);
}

void sbuf_vaddf(struct sbuf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	char tmp[1];
	va_copy(ap2, ap);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap2);
	va_end(ap2);
	if (n < 0)
		die(_("bad format string \"%s\""), fmt);
	sbuf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void sbuf_addf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sbuf_vaddf(b, fmt, ap);
	va_end(ap);
}

void sbuf_reset(struct sbuf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void sbuf_free(struct sbuf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

const char *sbuf_str(const struct sbuf *b)
{
	return b->data ? b->data : "";
}

void strlist_add(struct strlist *l, const char *s)
{
	if (l->len == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->items = xreallocarray(l->items, l->cap, sizeof(*l->items));
	}
	l->items[l->len++] = xstrdup(s);
}

void strlist_clear(struct strlist *l)
{
	for (size_t i = 0; i < l->len; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->len = l->cap = 0;
}

bool strlist_has(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->len; i++)
		if (strcmp(l->items[i], s) == 0)
			return true;
	return false;
}

void strlist_copy(struct strlist *dst, const struct strlist *src)
{
	strlist_clear(dst);
	for (size_t i = 0; i < src->len; i++)
		strlist_add(dst, src->items[i]);
}

bool strlist_eq(const struct strlist *a, const struct strlist *b)
{
	if (a->len != b->len)
		return false;
	for (size_t i = 0; i < a->len; i++)
		if (strcmp(a->items[i], b->items[i]) != 0)
			return false;
	return true;
}

char *strlist_join(const struct strlist *l, const char *sep)
{
	struct sbuf b = {0};
	for (size_t i = 0; i < l->len; i++) {
		if (i)
			sbuf_adds(&b, sep);
		sbuf_adds(&b, l->items[i]);
	}
	return b.data ? b.data : xstrdup("");
}

char *path_join(const char *a, const char *b)
{
	if (str_empty(a) || b[0] == '/')
		return xstrdup(b);
	return xasprintf("%s%s%s", a, str_ends_with(a, "/") ? "" : "/", b);
}

char *path_expand_home(const char *path)
{
	const char *home = getenv("HOME");
	if (path[0] == '~' && (path[1] == '/' || path[1] == '\0') && !str_empty(home))
		return xasprintf("%s%s", home, path + 1);
	return xstrdup(path);
}

/* Appends the components of rest to out (canonical, no trailing slash),
 * dropping "." and "//" and applying ".." lexically: out is already free of
 * symlinks, and the components in rest do not exist. */
static void append_tail(struct sbuf *out, const char *rest)
{
	while (*rest) {
		size_t n;
		while (*rest == '/')
			rest++;
		n = strcspn(rest, "/");
		if (n == 0 || (n == 1 && rest[0] == '.')) {
		} else if (n == 2 && rest[0] == '.' && rest[1] == '.') {
			char *slash = strrchr(out->data, '/');
			out->len = slash && slash != out->data ? (size_t)(slash - out->data) : 1;
			out->data[out->len] = '\0';
		} else {
			if (out->len > 1)
				sbuf_addc(out, '/');
			sbuf_add(out, rest, n);
		}
		rest += n;
	}
}

char *path_canonical(const char *path)
{
	char *abs, *probe, resolved[PATH_MAX];
	int links = 0;
	if (str_empty(path)) {
		error(_("empty path"));
		return NULL;
	}
	if (path[0] == '/') {
		abs = xstrdup(path);
	} else {
		char cwd[PATH_MAX];
		if (!getcwd(cwd, sizeof(cwd))) {
			error(_("cannot read the current directory: %s"), strerror(errno));
			return NULL;
		}
		abs = path_join(cwd, path);
	}
	probe = xstrdup(abs);
	for (;;) {
		struct stat st;
		char target[PATH_MAX];
		ssize_t n;
		if (realpath(probe, resolved)) {
			struct sbuf out = {0};
			sbuf_adds(&out, resolved);
			append_tail(&out, abs + strlen(probe));
			free(probe);
			free(abs);
			return out.data;
		}
		/* A dangling symlink: continue from where it points. */
		if (lstat(probe, &st) == 0 && S_ISLNK(st.st_mode) && links++ < 40 &&
		    (n = readlink(probe, target, sizeof(target) - 1)) > 0) {
			const char *rest = abs + strlen(probe);
			char *next;
			target[n] = '\0';
			*strrchr(probe, '/') = '\0';
			if (target[0] == '/')
				next = xasprintf("%s%s", target, rest);
			else
				next = xasprintf("%s/%s%s", probe, target, rest);
			free(abs);
			free(probe);
			abs = next;
			probe = xstrdup(abs);
			continue;
		}
		char *slash = strrchr(probe, '/');
		if (!slash || slash == probe) {
			struct sbuf out = {0};
			sbuf_adds(&out, "/");
			append_tail(&out, abs);
			free(probe);
			free(abs);
			return out.data;
		}
		*slash = '\0';
	}
}

bool path_is_within(const char *path, const char *dir)
{
	char *p = path_canonical(path), *d = path_canonical(dir);
	bool within = false;
	if (p && d) {
		size_t n = strlen(d);
		while (n > 1 && d[n - 1] == '/')
			n--;
		within = strncmp(p, d, n) == 0 && (p[n] == '\0' || p[n] == '/' || n == 1);
	}
	free(p);
	free(d);
	return within;
}

int path_mkdirs(const char *dir, unsigned mode)
{
	char *tmp = xstrdup(dir);
	for (char *p = tmp + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(tmp, (mode_t)mode) != 0 && errno != EEXIST) {
				int e = errno;
				error(_("cannot create directory %s: %s"), tmp, strerror(e));
				free(tmp);
				return -1;
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	free(tmp);
	return 0;
}

bool handle_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n > 0 && n <= HANDLE_MAX && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

const char *num_grouped(uint64_t n, char buf[NUM_GROUPED_SIZE])
{
	char digits[24];
	size_t len, j = 0;
	str_format(digits, sizeof(digits), "%llu", (unsigned long long)n);
	len = strlen(digits);
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			buf[j++] = ',';
		buf[j++] = digits[i];
	}
	buf[j] = '\0';
	return buf;
}
