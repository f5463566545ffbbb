/* bench-tui.c - times the console itself, without a terminal:
 *
 *   build/tools/bench-tui [--config FILE] [--size COLSxROWS] [--repeat N]
 *                         [--theme NAME] [--filter TEXT] [--search TEXT]
 *
 * The screen is a real curses screen (newterm "xterm-256color", fixed size
 * from $LINES/$COLUMNS) whose output goes to /dev/null, so every figure runs
 * the console's own code: the accounts view, the bindings from the config,
 * the status-line input, and curses working out what to send. Figures, in ms
 * on the monotonic clock, each repeated N times (the first run, which meets
 * cold caches, then the median and the max of all N):
 *   first paint   pushing the accounts view (its query) + the first tui_draw
 *   then, in the scope the console opens on and again in the whole team,
 *   each key = tui_handle_key() + tui_draw(), the keys looked up by action:
 *   move, page, sort (the sort-next press that sorts by health), filter (the
 *   Enter that applies TEXT in the filter input), a search keystroke (the
 *   last character of TEXT typed after the search key), and the scope key
 *   press that reaches the team (the console fetches the team in the
 *   background after opening: this press finds it there); then the scope
 *   key pressed at once after opening a fresh view, which shows the
 *   team's first rows found first by that fetch (book_window) or waits for
 *   what is left of it; then, there, a key that needs every row (the next
 *   sort, the last row), twice: the key alone (queued, the screen drawn
 *   again: a key's goal) and until its rows are shown (the rest of the
 *   fetch, the loop's wake-up and the queue's replay: the load, no goal);
 *   peak memory   getrusage ru_maxrss at the end.
 * Goals are printed beside the figures (a key 16 ms; the switch to the team
 * right after opening 50 ms, issue 15); nothing passes or fails on them.
 * Exits 1 when a step cannot be measured (a key unbound, an error in the
 * status line, a sort or filter that does not take), 2 on bad usage.
 * Used by tools/bench.sh (the console section of `make bench`).
 */
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <wchar.h>

#include "csconsole/date.h"
#include "csconsole/book.h"
#include "csconsole/text.h"
#include "csconsole/tui.h"

#define GOAL_PAINT_MS 150.0
#define GOAL_KEY_MS 16.0
#define GOAL_SWITCH_MS 50.0     /* issue 15: the switch to the whole team, even right after opening */
#define GOAL_PEAK_MB 100.0
#define GOAL_NONE -1.0          /* a figure that is a load, not a key: no goal */
#define KEY_ESC 27
#define MAX_FIGURES 24

struct figure {
	char what[64];
	char scope[16];
	long rows;                   /* rows in the list after the key; -1 unknown */
	double *ms;                  /* the samples */
	int n;
	double goal;
	char failed[256];            /* why it could not be measured; "" when measured */
};

struct bench {
	struct app app;
	struct tui tui;
	struct theme theme;
	SCREEN *screen;
	FILE *out, *in;
	int repeat;
	const char *filter_text, *search_text;
	struct figure fig[MAX_FIGURES];
	int n_fig;
	int failures;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static struct figure *figure_new(struct bench *b, const char *what, double goal)
{
	struct figure *f;

	if (b->n_fig >= MAX_FIGURES)
		die("bench-tui: too many figures (at most %d)", MAX_FIGURES);
	f = &b->fig[b->n_fig++];
	memset(f, 0, sizeof(*f));
	str_copy(f->what, sizeof(f->what), what);
	f->ms = xcalloc((size_t)b->repeat, sizeof(*f->ms));
	f->goal = goal;
	f->rows = -1;
	return f;
}

static void figure_add(struct figure *f, double ms)
{
	f->ms[f->n++] = ms;
}


/* --- What the status line says -------------------------------------------------- */

/* The status line's right side is "SCOPE · by SORT ...  SEL/LEN". */
static void status_scope(const struct tui *tui, char *out, size_t size)
{
	size_t n = strcspn(tui->status_right, " ");
	str_copy(out, size, "");
	if (n < size) {
		memcpy(out, tui->status_right, n);
		out[n] = '\0';
	}
}

static void status_sort(const struct tui *tui, char *out, size_t size)
{
	const char *p = strstr(tui->status_right, "by ");
	size_t n = 0;

	str_copy(out, size, "");
	if (!p)
		return;
	p += 3;
	while (p[n] && (p[n] == '_' || (p[n] >= 'a' && p[n] <= 'z')))
		n++;
	if (n < size) {
		memcpy(out, p, n);
		out[n] = '\0';
	}
}

/* LEN of the trailing "SEL/LEN", or -1. */
static long status_rows(const struct tui *tui)
{
	const char *slash = strrchr(tui->status_right, '/');
	char *end;
	long n;

	if (!slash || slash[1] < '0' || slash[1] > '9')
		return -1;
	n = strtol(slash + 1, &end, 10);
	while (*end == ' ')
		end++;
	return *end ? -1 : n;
}

/* --- Keys ------------------------------------------------------------------------ */

/* The first key bound to action in the config's bindings, or 0. */
static int key_for(const struct tui *tui, enum tui_action a)
{
	for (size_t i = 0; i < tui->n_bindings; i++)
		if (tui->bindings[i].action == a)
			return tui->bindings[i].key;
	return 0;
}

static void key_label(const char *what, int key, char *out, size_t size)
{
	char name[32];
	tui_key_name(key, name, sizeof(name));
	str_format(out, size, "%s (%s)", what, name);
}

/* One key as the loop hands it on (get_wch: KEY_* codes with KEY_CODE_YES),
 * then the redraw; returns the ms both took. */
static double press(struct bench *b, int key)
{
	double t = now_ms();
	tui_handle_key(&b->tui, key >= KEY_MIN ? KEY_CODE_YES : OK, (wint_t)key);
	tui_draw(&b->tui);
	return now_ms() - t;
}

/* Types text into the open input, one character per key (UTF-8 decoded). */
static void type_text(struct bench *b, const char *text, size_t len)
{
	mbstate_t st;
	size_t i = 0;

	memset(&st, 0, sizeof(st));
	while (i < len) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, text + i, len - i, &st);
		if (n == 0 || n > len - i)
			break;
		tui_handle_key(&b->tui, OK, (wint_t)wc);
		tui_draw(&b->tui);
		i += n;
	}
}

/* Byte offset of the last character of text. */
static size_t last_char(const char *text)
{
	size_t i = strlen(text);
	while (i > 0 && ((unsigned char)text[i - 1] & 0xc0) == 0x80)
		i--;
	return i > 0 ? i - 1 : 0;
}

/* Marks f as not measured (the reason is printed under the table) and
 * closes an input left open, so that the next figure starts clean. */
static void PRINTF_LIKE(3, 4) figure_fail(struct bench *b, struct figure *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->failed, sizeof(f->failed), fmt, ap);
	va_end(ap);
	b->failures++;
	if (b->tui.prompt.active)
		press(b, KEY_ESC);
}

/* After a key: the view is still the only one and no error is shown. */
static bool healthy(struct bench *b, struct figure *f, const char *after)
{
	struct tui *tui = &b->tui;

	if (tui->depth != 1) {
		figure_fail(b, f, "after %s the accounts view is no longer the only view (%d open)",
			    after, tui->depth);
		return false;
	}
	if (tui->message[0] && tui->message_elem == ELEM_STATUS_ERROR) {
		figure_fail(b, f, "after %s the status line shows an error: %s", after, tui->message);
		return false;
	}
	return true;
}

static bool bound(struct bench *b, struct figure *f, enum tui_action a, int *key)
{
	*key = key_for(&b->tui, a);
	if (!*key) {
		figure_fail(b, f, "no key is bound to %s in the configuration", tui_action_name(a));
		return false;
	}
	return true;
}

/* --- The figures ------------------------------------------------------------------- */

static void first_paint(struct bench *b)
{
	struct tui *tui = &b->tui;
	struct figure *f = figure_new(b, "first paint", GOAL_PAINT_MS);

	for (int i = 0; i < b->repeat; i++) {
		/* from a blank screen, as after newterm: every cell is sent */
		if (tui->depth > 0)
			tui_view_pop(tui);
		tui->message[0] = '\0';
		erase();
		refresh();
		double t = now_ms();
		if (tui_view_push(tui, &accounts_view_ops, NULL) < 0) {
			figure_fail(b, f, "the accounts view did not open: %s", error_message());
			return;
		}
		tui_draw(tui);
		figure_add(f, now_ms() - t);
		if (!healthy(b, f, "opening the accounts view"))
			return;
	}
	status_scope(tui, f->scope, sizeof(f->scope));
	f->rows = status_rows(tui);
	if (f->rows <= 0)
		figure_fail(b, f, "the accounts view shows no accounts (status \"%s\"): "
			    "sync the book and check `me` in the config", tui->status_right);
}

/* A key pressed N times, each press timed. */
static void repeated_key(struct bench *b, const char *what, enum tui_action a)
{
	char label[64];
	int key = key_for(&b->tui, a);
	struct figure *f;

	key_label(what, key, label, sizeof(label));
	f = figure_new(b, label, GOAL_KEY_MS);
	status_scope(&b->tui, f->scope, sizeof(f->scope));
	if (!bound(b, f, a, &key))
		return;
	for (int i = 0; i < b->repeat; i++) {
		figure_add(f, press(b, key));
		if (!healthy(b, f, label))
			return;
	}
	f->rows = status_rows(&b->tui);
}

/* Presses sort-next until the sort is `target`, timing the press that gets
 * there; sort-prev (when bound) steps back for the next round, else the
 * whole cycle comes round again. The sort in force before is restored. */
static void sort_by(struct bench *b, const char *target)
{
	struct tui *tui = &b->tui;
	char label[64], what[32], initial[32], sort[32];
	int next, prev = key_for(tui, ACTION_SORT_PREV);
	int limit = b->repeat * (BOOK_SORT_COUNT + 1) + BOOK_SORT_COUNT;
	struct figure *f;

	str_format(what, sizeof(what), "sort by %s", target);
	key_label(what, key_for(tui, ACTION_SORT_NEXT), label, sizeof(label));
	f = figure_new(b, label, GOAL_KEY_MS);
	status_scope(tui, f->scope, sizeof(f->scope));
	if (!bound(b, f, ACTION_SORT_NEXT, &next))
		return;
	status_sort(tui, initial, sizeof(initial));
	if (!initial[0]) {
		figure_fail(b, f, "the status line names no sort (\"%s\"; expected \"by SORT\")", tui->status_right);
		return;
	}
	while (f->n < b->repeat && limit-- > 0) {
		double ms = press(b, next);
		if (!healthy(b, f, label))
			return;
		status_sort(tui, sort, sizeof(sort));
		if (!str_eq(sort, target))
			continue;
		figure_add(f, ms);
		f->rows = status_rows(tui);
		if (prev) {
			press(b, prev);
			if (!healthy(b, f, "sort-prev"))
				return;
		}
	}
	if (f->n < b->repeat) {
		figure_fail(b, f, "%s never sorted by %s (the status line says \"%s\")",
			    label, target, tui->status_right);
		return;
	}
	for (int i = 0; i <= BOOK_SORT_COUNT; i++) {
		status_sort(tui, sort, sizeof(sort));
		if (str_eq(sort, initial))
			return;
		press(b, next);
	}
	figure_fail(b, f, "the sort did not come back to %s", initial);
}

/* Opens the filter input, types text, times the Enter that applies it,
 * then clears the filters. */
static void filter_key(struct bench *b)
{
	struct tui *tui = &b->tui;
	char label[96], before[sizeof(tui->status_right)], applied[sizeof(tui->status_right)];
	int open, clear;
	struct figure *f;

	str_format(label, sizeof(label), "filter %s (Enter)", b->filter_text);
	f = figure_new(b, label, GOAL_KEY_MS);
	status_scope(tui, f->scope, sizeof(f->scope));
	if (!bound(b, f, ACTION_FILTER, &open) || !bound(b, f, ACTION_FILTER_CLEAR, &clear))
		return;
	for (int i = 0; i < b->repeat; i++) {
		str_copy(before, sizeof(before), tui->status_right);
		press(b, open);
		if (!healthy(b, f, "the filter key"))
			return;
		if (!tui->prompt.active) {
			figure_fail(b, f, "the filter key did not open the input (status: %s)",
				    tui->message[0] ? tui->message : "(empty)");
			return;
		}
		type_text(b, b->filter_text, strlen(b->filter_text));
		figure_add(f, press(b, '\n'));
		if (!healthy(b, f, "the filter's Enter"))
			return;
		if (tui->prompt.active) {
			figure_fail(b, f, "the filter input refused \"%s\": %s", b->filter_text,
				    tui->prompt.error[0] ? tui->prompt.error : "(no reason shown)");
			return;
		}
		/* a filter in force is always shown on the status line */
		if (str_eq(tui->status_right, before)) {
			figure_fail(b, f, "the status line did not change after the filter (\"%s\")", before);
			return;
		}
		f->rows = status_rows(tui);
		str_copy(applied, sizeof(applied), tui->status_right);
		press(b, clear);
		if (!healthy(b, f, "the filter-clear key"))
			return;
		if (str_eq(tui->status_right, applied)) {
			figure_fail(b, f, "the filter-clear key left the status line as it was (\"%s\")", applied);
			return;
		}
	}
}

/* Opens the search input, types all of text but its last character, times
 * that last keystroke (an incremental search), then Esc. */
static void search_key(struct bench *b)
{
	struct tui *tui = &b->tui;
	const char *text = b->search_text;
	size_t last = last_char(text);
	char label[96];
	int open;
	struct figure *f;

	str_format(label, sizeof(label), "search keystroke (%s: %s)", text, text + last);
	f = figure_new(b, label, GOAL_KEY_MS);
	status_scope(tui, f->scope, sizeof(f->scope));
	if (!bound(b, f, ACTION_SEARCH, &open))
		return;
	for (int i = 0; i < b->repeat; i++) {
		press(b, open);
		if (!tui->prompt.active) {
			figure_fail(b, f, "the search key did not open the input");
			return;
		}
		type_text(b, text, last);
		double t = now_ms();
		type_text(b, text + last, strlen(text + last));
		figure_add(f, now_ms() - t);
		if (!healthy(b, f, "the search keystroke"))
			return;
		/* the input shows why a search found nothing or failed */
		if (tui->prompt.error[0]) {
			figure_fail(b, f, "the search for \"%s\" says: %s (try another --search)",
				    text, tui->prompt.error);
			return;
		}
		f->rows = status_rows(tui);
		press(b, KEY_ESC);
		if (tui->prompt.active) {
			figure_fail(b, f, "Esc did not close the search input");
			return;
		}
	}
}

/* Any view waiting for background work (view_ops.waiting)? */
static bool waiting(const struct tui *tui)
{
	for (int i = 0; i < tui->depth; i++)
		if (tui->views[i].ops->waiting && tui->views[i].ops->waiting((struct tui *)tui, (struct view *)&tui->views[i]))
			return true;
	return false;
}

/* The loop's passes while a view waits (tui.c run): the ticks, a draw when
 * one changed the screen, then TUI_WAIT_TICK_MS asleep (its getch timeout);
 * returns once no view waits. 0, or -1 after 60 s. */
static int settle(struct bench *b)
{
	struct tui *tui = &b->tui;
	struct timespec nap = { 0, TUI_WAIT_TICK_MS * 1000000L };
	double until = now_ms() + 60000.0;

	for (;;) {
		bool redraw = false;
		for (int i = 0; i < tui->depth; i++)
			if (tui->views[i].ops->tick && tui->views[i].ops->tick(tui, &tui->views[i]))
				redraw = true;
		if (redraw)
			tui_draw(tui);
		if (!waiting(tui))
			return 0;
		if (now_ms() > until)
			return -1;
		nanosleep(&nap, NULL);
	}
}

/* Presses the scope key until the status line says `target`, timing the
 * press that gets there; N rounds of the whole cycle. */
static void scope_to(struct bench *b, const char *target)
{
	struct tui *tui = &b->tui;
	char label[64], what[32], scope[16];
	int key, limit;
	struct figure *f;

	str_format(what, sizeof(what), "scope to %s", target);
	key_label(what, key_for(tui, ACTION_SCOPE), label, sizeof(label));
	f = figure_new(b, label, GOAL_KEY_MS);
	str_copy(f->scope, sizeof(f->scope), target);
	if (!bound(b, f, ACTION_SCOPE, &key))
		return;
	/* the first round starts where the console opens; the others come round */
	limit = b->repeat * 8 + 8;
	while (f->n < b->repeat && limit-- > 0) {
		double ms = press(b, key);
		if (!healthy(b, f, label))
			return;
		/* then the screen read, as the loop shows what lands meanwhile:
		 * the next press finds the team whole (its keys are timed on it) */
		if (settle(b) < 0) {
			figure_fail(b, f, "the team's rows were not shown within 60 s");
			return;
		}
		status_scope(tui, scope, sizeof(scope));
		if (str_eq(scope, target)) {
			figure_add(f, ms);
			f->rows = status_rows(tui);
		}
	}
	if (f->n < b->repeat)
		figure_fail(b, f, "%s never reached scope %s (the status line says \"%s\")",
			    label, target, tui->status_right);
}

/* A fresh accounts view, drawn (as the console opens it); 0, or -1 with f failed. */
static int fresh_view(struct bench *b, struct figure *f)
{
	struct tui *tui = &b->tui;
	while (tui->depth > 0)
		tui_view_pop(tui);
	if (tui_view_push(tui, &accounts_view_ops, NULL) < 0) {
		figure_fail(b, f, "the accounts view did not open: %s", error_message());
		return -1;
	}
	tui_draw(tui);
	return 0;
}

/* The scope key pressed at once after opening, until the team shows, N
 * times from a fresh accounts view, the presses on the way summed: one of
 * them waits for whatever is left of the team's background fetch
 * (book_prefetch), the worst a user meets. The other figures come after the keys above, as a
 * user reading the screen first. */
static void scope_at_once(struct bench *b)
{
	struct tui *tui = &b->tui;
	char label[64], what[48], scope[16];
	struct figure *f;
	int key;

	str_copy(what, sizeof(what), "to team right after opening");
	key_label(what, key_for(tui, ACTION_SCOPE), label, sizeof(label));
	f = figure_new(b, label, GOAL_SWITCH_MS);
	str_copy(f->scope, sizeof(f->scope), "team");
	if (!bound(b, f, ACTION_SCOPE, &key))
		return;
	for (int i = 0; i < b->repeat; i++) {
		if (fresh_view(b, f))
			return;
		double ms = 0;   /* every press on the way: the wait may fall on any */
		for (int limit = 8; limit > 0; limit--) {
			ms += press(b, key);
			if (!healthy(b, f, label))
				return;
			status_scope(tui, scope, sizeof(scope));
			if (str_eq(scope, "team")) {
				figure_add(f, ms);
				f->rows = status_rows(tui);
				break;
			}
		}
		if (f->n <= i) {
			figure_fail(b, f, "%s never reached scope team (the status line says \"%s\")",
				    label, tui->status_right);
			return;
		}
	}
}

/* The team reached at once after opening (its first rows, book_window),
 * then a key that needs every row: two figures, N times from a fresh
 * accounts view. The key alone (it is queued and the screen drawn again,
 * never waiting for the fetch: the 16 ms goal) and the time from the key
 * until its rows are shown, as the loop wakes for them (what is left of
 * the background fetch, then the replay: the load, no goal). done(tui)
 * says the key took. */
static void key_at_once(struct bench *b, const char *what, enum tui_action a,
			bool (*done)(const struct tui *tui))
{
	struct tui *tui = &b->tui;
	char label[64], shown_label[64], scope[16], name[48];
	struct figure *f, *shown;
	int key, scope_key;

	str_format(name, sizeof(name), "%s: key", what);
	key_label(name, key_for(tui, a), label, sizeof(label));
	f = figure_new(b, label, GOAL_KEY_MS);
	str_copy(f->scope, sizeof(f->scope), "team");
	str_format(name, sizeof(name), "%s: shown", what);
	key_label(name, key_for(tui, a), shown_label, sizeof(shown_label));
	shown = figure_new(b, shown_label, GOAL_NONE);
	str_copy(shown->scope, sizeof(shown->scope), "team");
	if (!bound(b, f, a, &key) || !bound(b, f, ACTION_SCOPE, &scope_key)) {
		figure_fail(b, shown, "%s", f->failed);
		return;
	}
	for (int i = 0; i < b->repeat; i++) {
		if (fresh_view(b, f))
			return;
		for (int limit = 8; limit > 0; limit--) {
			press(b, scope_key);
			status_scope(tui, scope, sizeof(scope));
			if (str_eq(scope, "team"))
				break;
		}
		if (!str_eq(scope, "team")) {
			figure_fail(b, f, "the scope key never reached the team (\"%s\")", tui->status_right);
			return;
		}
		double t = now_ms();
		figure_add(f, press(b, key));
		if (!healthy(b, f, label))
			return;
		if (settle(b) < 0) {
			figure_fail(b, shown, "the team's rows were not shown within 60 s");
			return;
		}
		figure_add(shown, now_ms() - t);
		if (!healthy(b, shown, shown_label))
			return;
		if (!done(tui)) {
			figure_fail(b, shown, "%s did not take (the status line says \"%s\")", shown_label,
				    tui->status_right);
			return;
		}
		f->rows = shown->rows = status_rows(tui);
	}
}

/* The sort moved on from attention, where the console opens. */
static bool sorted(const struct tui *tui)
{
	char sort[32];
	status_sort(tui, sort, sizeof(sort));
	return sort[0] && !str_eq(sort, "attention");
}

/* The last row is selected: "SEL/LEN" with SEL = LEN. */
static bool at_end(const struct tui *tui)
{
	const char *slash = strrchr(tui->status_right, '/');
	const char *p = slash;
	long len = status_rows(tui);

	if (!slash || len < 0)
		return false;
	while (p > tui->status_right && p[-1] >= '0' && p[-1] <= '9')
		p--;
	return p < slash && strtol(p, NULL, 10) == len;
}

static void keys(struct bench *b)
{
	repeated_key(b, "move", ACTION_MOVE_DOWN);
	repeated_key(b, "page", ACTION_PAGE_DOWN);
	sort_by(b, "health");
	filter_key(b);
	search_key(b);
}

/* --- Set-up and the table ----------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The figure's name in 34 cells (names may hold the search's Japanese text). */
static void print_name(const char *what)
{
	int w = text_width(what);
	printf("%s%*s", what, w < 34 ? 34 - w : 0, "");
}

static void print_table(struct bench *b)
{
	printf("%-34s %-8s %7s %9s %10s %8s  %s\n", "figure", "scope", "rows", "first ms", "median ms",
	       "max ms", "goal");
	for (int i = 0; i < b->n_fig; i++) {
		struct figure *f = &b->fig[i];
		char rows[24] = "-";
		if (f->rows >= 0)
			str_format(rows, sizeof(rows), "%ld", f->rows);
		if (f->failed[0] || f->n == 0) {
			print_name(f->what);
			printf(" %-8s %7s %9s %10s %8s  not measured (below)\n", f->scope, rows,
			       "-", "-", "-");
			continue;
		}
		double first = f->ms[0];
		qsort(f->ms, (size_t)f->n, sizeof(*f->ms), cmp_double);
		double median = f->n % 2 ? f->ms[f->n / 2] : (f->ms[f->n / 2 - 1] + f->ms[f->n / 2]) / 2;
		double max = f->ms[f->n - 1];
		print_name(f->what);
		if (f->goal < 0) {
			printf(" %-8s %7s %9.1f %10.1f %8.1f  (the load: no goal)\n", f->scope, rows, first,
			       median, max);
			continue;
		}
		printf(" %-8s %7s %9.1f %10.1f %8.1f  < %.0f ms%s\n", f->scope, rows, first,
		       median, max, f->goal, max >= f->goal ? " (max over the goal)" : "");
	}
}

/* The theme as cmd_tui sets it up (theme_setup there is static). */
static int theme_setup(struct bench *b)
{
	struct tui *tui = &b->tui;
	struct diag_list diags = { 0 };
	const char *no_color = getenv("NO_COLOR");
	const char *name = b->app.theme ? b->app.theme : b->app.cfg.theme;
	int rc;

	tui->color = false;
	if (has_colors() && (!no_color || !no_color[0]) && start_color() == OK)
		tui->color = COLOR_PAIRS > ELEM_COUNT;
	rc = theme_load(&b->theme, name, tui->color, &diags);
	diag_print(&diags, stderr);
	if (rc < 0 && diags.len == 0)
		fprintf(stderr, "bench-tui: %s\n", error_message());
	diag_clear(&diags);
	if (rc < 0)
		return -1;
	theme_apply(&b->theme, tui->color);
	return 0;
}

static int screen_open(struct bench *b, int cols, int rows)
{
	char n[16];

	/* not a terminal: curses takes the size from the environment */
	str_format(n, sizeof(n), "%d", rows);
	setenv("LINES", n, 1);
	str_format(n, sizeof(n), "%d", cols);
	setenv("COLUMNS", n, 1);
	b->out = fopen("/dev/null", "w");
	b->in = fopen("/dev/null", "r");
	if (!b->out || !b->in) {
		fprintf(stderr, "bench-tui: cannot open /dev/null\n");
		return -1;
	}
	b->screen = newterm("xterm-256color", b->out, b->in);
	if (!b->screen) {
		fprintf(stderr, "bench-tui: curses cannot use the terminal type xterm-256color: "
			"install its terminfo entry (apt-get install ncurses-base)\n");
		return -1;
	}
	noecho();
	nonl();
	curs_set(0);
	getmaxyx(stdscr, b->tui.rows, b->tui.cols);
	if (b->tui.rows != rows || b->tui.cols != cols) {
		fprintf(stderr, "bench-tui: curses made the screen %dx%d, not %dx%d\n",
			b->tui.cols, b->tui.rows, cols, rows);
		return -1;
	}
	return 0;
}

static void screen_close(struct bench *b)
{
	if (b->screen) {
		endwin();
		delscreen(b->screen);
		b->screen = NULL;
	}
	if (b->out)
		fclose(b->out);
	if (b->in)
		fclose(b->in);
	b->out = b->in = NULL;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: bench-tui [--config FILE] [--size COLSxROWS] [--repeat N] [--theme NAME]\n"
		"                 [--filter TEXT] [--search TEXT]\n"
		"Times the console on the book of the configuration (as csconsole --config FILE),\n"
		"drawing into /dev/null: first paint, the redraw after each kind of key in the\n"
		"opening scope and in the team, and peak memory. Defaults: --size 200x50,\n"
		"--repeat 20, --filter band:red, --search ce (the last character is timed).\n");
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{"config", required_argument, NULL, 'c'},
		{"size", required_argument, NULL, 's'},
		{"repeat", required_argument, NULL, 'n'},
		{"theme", required_argument, NULL, 't'},
		{"filter", required_argument, NULL, 'f'},
		{"search", required_argument, NULL, '/'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	static struct bench b;
	int cols = 200, rows = 50, opt, rc;
	const char *locale;
	struct rusage ru;
	char today[16];

	b.repeat = 20;
	b.filter_text = "band:red";
	b.search_text = "ce";
	while ((opt = getopt_long(argc, argv, "c:h", options, NULL)) != -1) {
		switch (opt) {
		case 'c': b.app.config_path = optarg; break;
		case 't': b.app.theme = optarg; break;
		case 'f': b.filter_text = optarg; break;
		case '/': b.search_text = optarg; break;
		case 's':
			if (sscanf(optarg, "%dx%d", &cols, &rows) != 2 || cols < TUI_MIN_COLS || rows < TUI_MIN_ROWS ||
			    cols > 1000 || rows > 1000) {
				fprintf(stderr, "bench-tui: --size \"%s\": use COLSxROWS, at least %dx%d\n",
					optarg, TUI_MIN_COLS, TUI_MIN_ROWS);
				return 2;
			}
			break;
		case 'n':
			b.repeat = atoi(optarg);
			if (b.repeat < 1 || b.repeat > 10000) {
				fprintf(stderr, "bench-tui: --repeat \"%s\": use a number from 1 to 10000\n", optarg);
				return 2;
			}
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc || !b.filter_text[0] || !b.search_text[0]) {
		usage(stderr);
		return 2;
	}

	/* The console as users run it: their locale, else UTF-8 if there is one. */
	setlocale(LC_ALL, "");
	if (!text_locale_utf8())
		setlocale(LC_ALL, "C.UTF-8");
	locale = text_locale_utf8() ? "UTF-8" : "ASCII";
	if (day_today_env_invalid()) {
		fprintf(stderr, "bench-tui: CSCONSOLE_TODAY=\"%s\" is not a date; use YYYY-MM-DD\n",
			getenv("CSCONSOLE_TODAY"));
		return 2;
	}

	/* The configuration and the database, as main() and cmd_tui do. */
	b.app.today = day_today();
	rc = config_load(&b.app.cfg, b.app.config_path, &b.app.config_diags);
	diag_print(&b.app.config_diags, stderr);
	if (rc) {
		fprintf(stderr, "bench-tui: fix the configuration above\n");
		app_close(&b.app);
		return 1;
	}
	if (app_open_store(&b.app) != 0) {
		app_close(&b.app);
		return 1;
	}
	b.tui.app = &b.app;
	b.tui.utf8 = text_locale_utf8();
	b.tui.message_elem = ELEM_STATUS;
	b.tui.sync.fd = -1;
	tui_bindings_load(&b.tui, &b.app.cfg);

	if (screen_open(&b, cols, rows) < 0 || theme_setup(&b) < 0) {
		screen_close(&b);
		theme_free(&b.theme);
		free(b.tui.bindings);
		app_close(&b.app);
		return 1;
	}

	first_paint(&b);
	if (b.tui.depth == 1 && !b.fig[0].failed[0]) {
		keys(&b);
		scope_to(&b, "team");
		if (!b.fig[b.n_fig - 1].failed[0])
			keys(&b);
		scope_at_once(&b);
		key_at_once(&b, "team loading, sort", ACTION_SORT_NEXT, sorted);
		key_at_once(&b, "team loading, end", ACTION_MOVE_LAST, at_end);
	}

	while (b.tui.depth > 0)
		tui_view_pop(&b.tui);
	screen_close(&b);
	getrusage(RUSAGE_SELF, &ru);

	day_format_iso(b.app.today, today);
	printf("csconsole console: %dx%d xterm-256color (%s), %s, %s as %s, today %s; "
	       "%d runs of each, ms per key and redraw\n",
	       cols, rows, b.tui.color ? "colour" : "no colour", locale, b.theme.name,
	       str_empty(b.app.cfg.me) ? "(no handle)" : b.app.cfg.me, today, b.repeat);
	print_table(&b);
	double peak = (double)ru.ru_maxrss / 1024.0;
	printf("peak memory: %.0f MiB (%.0f MB; getrusage ru_maxrss at the end)  goal < %.0f MB%s\n",
	       peak, peak * 1.048576, GOAL_PEAK_MB, peak * 1.048576 >= GOAL_PEAK_MB ? " (over the goal)" : "");

	for (int i = 0; i < b.n_fig; i++) {
		if (b.fig[i].failed[0])
			printf("not measured: %s, scope %s: %s\n", b.fig[i].what,
			       b.fig[i].scope[0] ? b.fig[i].scope : "?", b.fig[i].failed);
		free(b.fig[i].ms);
	}
	theme_free(&b.theme);
	free(b.tui.bindings);
	app_close(&b.app);
	if (b.failures) {
		fflush(stdout);
		fprintf(stderr, "bench-tui: %d figure%s could not be measured (the reasons are under the table)\n",
			b.failures, b.failures == 1 ? "" : "s");
		return 1;
	}
	return 0;
}
