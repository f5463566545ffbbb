/* terminal.c - can this terminal show the console? Asked of terminfo before
 * curses starts (its own file: <term.h> defines macros such as `lines` and
 * `columns` that must not reach the rest of the console).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "csconsole/exitcode.h"
#include "csconsole/tui.h"
#include <term.h>               /* last: its macros would rename struct fields */

/* The console draws anywhere on the screen: a terminal that cannot move the
 * cursor (TERM=dumb, an Emacs shell buffer) or that terminfo does not know
 * would get garbage. Refused before curses starts, with what to do; the
 * commands still work there. */
int tui_terminal_check(void)
{
	const char *term = getenv("TERM");
	int err = 0;
	bool usable;

	if (str_empty(term)) {
		fputs(_("csconsole: TERM is not set, so the console cannot drive the terminal; "
			"set it to your terminal's type (e.g. TERM=xterm-256color), or use a command "
			"(csconsole --help)\n"), stderr);
		return CS_EXIT_USAGE;
	}
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		if (err == 1)            /* a hardcopy terminal */
			goto cannot_address;
		fprintf(stderr, _("csconsole: the terminal type \"%s\" is unknown here (no terminfo entry); "
			"set TERM to your terminal's type (e.g. xterm-256color) or install its terminfo "
			"(Debian: ncurses-term), or use a command (csconsole --help)\n"), term);
		return CS_EXIT_USAGE;
	}
	usable = tigetstr("cup") != NULL && tigetstr("cup") != (char *)-1 && !tigetflag("gn");
	del_curterm(cur_term);
	if (usable)
		return 0;
cannot_address:
	fprintf(stderr, _("csconsole: the terminal \"%s\" cannot move the cursor, so it cannot show the "
		"console; run csconsole in a full terminal (xterm, tmux, screen...), or use a command "
		"here, e.g. csconsole agenda (csconsole --help lists them)\n"), term);
	return CS_EXIT_USAGE;
}
