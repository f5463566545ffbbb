/* main.c - global options, the configuration, and the command table. */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/app.h"
#include "csconsole/date.h"
#include "csconsole/exitcode.h"
#include "csconsole/i18n.h"
#include "csconsole/text.h"

/* The commands: the dispatcher, --help and the completions read this table
 * (struct command: app.h; each command's options: cmd_complete.c). */
static const struct command commands[] = {
	{"sync",     cmd_sync,     N_("[--status|--dry-run]"),
	 N_("import the feeds and exchange team events (--status: how far each device is)")},
	{"accounts", cmd_accounts, N_("[--scope S] [--format F]"),
	 N_("list my book: role, other owner, health, renewal (text, csv or json)")},
	{"agenda",   cmd_agenda,   N_("[--scope S] [--format F]"), N_("what needs me (or the team) today, one entry per account (ics: a calendar)")},
	{"show",     cmd_show,     N_("ACCOUNT [--format F]"), N_("one account in full: facts, health, usage, risks, notes, touchpoints")},
	{"health",   cmd_health,   N_("ACCOUNT [--format F]"), N_("why the health is what it is: each component's score, weight, share")},
	{"handoff",  cmd_handoff,  N_("OWNER [--from D --until D]"), N_("the brief of an absent owner's accounts for who covers them")},
	{"changes",  cmd_changes,  N_("[OWNER] [--since DAY]"), N_("while you were out: what teammates did on my accounts, by whom")},
	{"note",     cmd_note,     N_("ACCOUNT --kind K --summary S"),
	 N_("log a touch: kind, sentiment, summary, text (--edit, --delete an own note)")},
	{"risk",     cmd_risk,     N_("ACCOUNT --category C ..."),
	 N_("open a risk note (--update, --resolve one)")},
	{"touch",    cmd_touch,    N_("ACCOUNT --due DAY ..."),
	 N_("schedule a touchpoint (--reschedule, --done, --snooze one)")},
	{"opportunity", cmd_opportunity, N_("ACCOUNT --kind K ..."),
	 N_("record an expansion opportunity (--update, --close-won, --close-lost one)")},
	{"feedback", cmd_feedback, N_("ACCOUNT --area A ..."),
	 N_("record what a customer said about the product (area, request type)")},
	{"report",   cmd_report,   N_("KIND [--period P] ..."),
	 N_("the team lead's reports: retention, forecast, pipeline, feedback, team")},
	{"export",   cmd_export,   N_("activities --format F"),
	 N_("my notes, touchpoints done and risks as a CRM import file (salesforce, hubspot, csv)")},
	{"undo",     cmd_undo,     N_("[--dry-run]"),
	 N_("undo my last action (a note, a done, a snooze, a move...): a compensating event")},
	{"cover",    cmd_cover,    N_("HANDLE --by H --from D ..."),
	 N_("record who covers an absent CSM (--clear one)")},
	{"conflicts", cmd_conflicts, N_("[--format F]"),
	 N_("concurrent edits: the value shown and the other one, with their authors")},
	{"rebuild",  cmd_rebuild,  "",
	 N_("rebuild the local state from the shared directory and the local outbox")},
	{"dump",     cmd_dump,     "",
	 N_("print the canonical state of the team events (compare two devices)")},
	{"doctor",   cmd_doctor,   N_("[--format F]"),
	 N_("show the effective configuration, where each value came from, and problems")},
	{"import",   cmd_import,   N_("--check [FILE...]"),
	 N_("preview what the feeds (or FILEs) would do: rows new, changed, rejected; writes nothing")},
	{"init",     cmd_init,     N_("[--shared DIR] [--me H]"),
	 N_("set up: lay out the team's shared directory, write my configuration")},
	{"completion", cmd_completion, N_("bash|zsh|fish"),
	 N_("print the shell completion script (make install puts them in place)")},
	{"tui",      cmd_tui,      "",
	 N_("open the console (the default when no command is given)")},
	{"__complete", cmd_complete, "accounts|handles", "values for the completion scripts"},
};

const struct command *command_table(size_t *n)
{
	*n = ARRAY_SIZE(commands);
	return commands;
}

bool command_hidden(const struct command *c)
{
	return str_starts_with(c->name, "__");
}

static void usage(FILE *out)
{
	fputs(_("usage: csconsole [OPTIONS] [COMMAND [ARGS]]\n"
		"\n"
		"A keyboard-driven console for Customer Success Managers.\n"
		"Without a command, opens the console.\n"
		"\n"
		"Options:\n"
		"  -c, --config FILE   read this configuration file\n"
		"      --theme NAME    colour theme (dark, light, high-contrast, monochrome)\n"
		"      --me HANDLE     act as this CSM (overrides `me` in the configuration)\n"
		"      --today DATE    pretend today is DATE (YYYY-MM-DD); also $CSCONSOLE_TODAY\n"
		"      --lang LANG     interface language: en, ja or auto (overrides `language`)\n"
		"  -h, --help          show this help\n"
		"  -V, --version       show the version\n"
		"\n"
		"Commands:\n"), out);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		char head[160];
		if (command_hidden(&commands[i]))
			continue;
		/* the arguments' placeholders are translated: padded by cells */
		str_format(head, sizeof(head), "%s %s", commands[i].name,
			   *commands[i].args ? _(commands[i].args) : "");
		fputs("  ", out);
		app_pad(out, head, 36);
		fprintf(out, " %s\n", _(commands[i].summary));
	}
	fputs(_("\n'csconsole COMMAND --help' describes a command; man csconsole has the rest.\n"), out);
}

static const struct command *command_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{"config", required_argument, NULL, 'c'},
		{"theme", required_argument, NULL, 't'},
		{"me", required_argument, NULL, 'm'},
		{"today", required_argument, NULL, 'd'},
		{"lang", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{0},
	};
	struct app app = {0};
	const char *me = NULL, *lang = NULL;
	int opt, rc;

	setlocale(LC_ALL, "");
	i18n_init(NULL);
	/* "+": options stop at the command name; the command parses the rest. */
	while ((opt = getopt_long(argc, argv, "+c:hV", options, NULL)) != -1) {
		switch (opt) {
		case 'c': app.config_path = optarg; break;
		case 't': app.theme = optarg; break;
		case 'm': me = optarg; break;
		case 'd': {
			int day;
			if (!day_parse_iso(optarg, &day)) {
				fprintf(stderr, _("csconsole: --today: \"%s\" is not a date; use YYYY-MM-DD\n"), optarg);
				return CS_EXIT_USAGE;
			}
			setenv("CSCONSOLE_TODAY", optarg, 1);
			break;
		}
		case 'l':
			if (strcmp(optarg, "en") != 0 && strcmp(optarg, "ja") != 0 &&
			    strcmp(optarg, "auto") != 0) {
				fprintf(stderr, _("csconsole: --lang: \"%s\" is not a language; use en, ja or auto\n"),
					optarg);
				return CS_EXIT_USAGE;
			}
			lang = optarg;
			i18n_init(lang);
			break;
		case 'h': usage(stdout); return CS_EXIT_OK;
		case 'V': printf("csconsole %s\n", CSCONSOLE_VERSION); return CS_EXIT_OK;
		default:
			fputs(_("Try 'csconsole --help'.\n"), stderr);
			return CS_EXIT_USAGE;
		}
	}
	if (day_today_env_invalid()) {
		fprintf(stderr, _("csconsole: CSCONSOLE_TODAY=\"%s\" is not a date; use YYYY-MM-DD\n"),
			getenv("CSCONSOLE_TODAY"));
		return CS_EXIT_USAGE;
	}

	const char *name = optind < argc ? argv[optind] : "tui";
	const struct command *cmd = command_find(name);
	if (!cmd) {
		struct sbuf names = {0};
		for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
			if (!command_hidden(&commands[i]))
				sbuf_addf(&names, " %s", commands[i].name);
		char *clean = text_sanitize(name, false);
		fprintf(stderr, _("csconsole: unknown command \"%s\". Commands:%s. Try 'csconsole --help'.\n"),
			clean, sbuf_str(&names));
		free(clean);
		sbuf_free(&names);
		return CS_EXIT_USAGE;
	}

	app.today = day_today();
	int config_rc = config_load(&app.cfg, app.config_path, &app.config_diags);
	if (me) {
		free(app.cfg.me);
		app.cfg.me = xstrdup(me);
		app.cfg.sources[config_key_find("me")] = SRC_OPTION;
	}
	/* --lang was applied already; otherwise the configuration's choice */
	if (lang) {
		app.cfg.sources[config_key_find("language")] = SRC_OPTION;
	} else if (app.cfg.language > 0) {
		static const char *const names[] = { "auto", "en", "ja" };
		i18n_init(names[app.cfg.language]);
	}
	/* doctor reports configuration problems itself, init writes a missing
	 * configuration; everyone else stops on errors. */
	if (cmd->run == cmd_complete || cmd->run == cmd_completion) {
		/* completing: quietly, whatever the configuration says */
	} else if (cmd->run != cmd_doctor && cmd->run != cmd_init) {
		diag_print(&app.config_diags, stderr);
		if (config_rc) {
			fputs(_("csconsole: fix the configuration above (or run 'csconsole doctor').\n"), stderr);
			app_close(&app);
			return CS_EXIT_CONFIG;
		}
	}

	text_set_glyphs_ascii(app.cfg.glyphs_ascii);

	int sub_argc = optind < argc ? argc - optind : 1;
	char **sub_argv = optind < argc ? argv + optind : NULL;
	optind = 0;   /* commands run getopt_long over their own argv */
	char *default_argv[] = {(char *)"tui", NULL};
	rc = cmd->run(&app, sub_argc, sub_argv ? sub_argv : default_argv);
	app_close(&app);
	return rc;
}
