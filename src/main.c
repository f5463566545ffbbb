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
	{"sync",     cmd_sync,     "[--status|--dry-run]",
	 "import the feeds and exchange team events (--status: how far each device is)"},
	{"accounts", cmd_accounts, "[--scope S] [--format F]",
	 "list my book: role, other owner, health, renewal (text, csv or json)"},
	{"agenda",   cmd_agenda,   "[--scope S] [--format F]", "what needs me (or the team) today, one entry per account (ics: a calendar)"},
	{"show",     cmd_show,     "ACCOUNT [--format F]", "one account in full: facts, health, usage, risks, notes, touchpoints"},
	{"health",   cmd_health,   "ACCOUNT [--format F]", "why the health is what it is: each component's score, weight, share"},
	{"handoff",  cmd_handoff,  "OWNER [--from D --until D]", "the brief of an absent owner's accounts for who covers them"},
	{"changes",  cmd_changes,  "[OWNER] [--since DAY]", "while you were out: what teammates did on my accounts, by whom"},
	{"note",     cmd_note,     "ACCOUNT --kind K --summary S",
	 "log a touch: kind, sentiment, summary, text (--edit, --delete an own note)"},
	{"risk",     cmd_risk,     "ACCOUNT --category C ...",
	 "open a risk note (--update, --resolve one)"},
	{"touch",    cmd_touch,    "ACCOUNT --due DAY ...",
	 "schedule a touchpoint (--reschedule, --done, --snooze one)"},
	{"opportunity", cmd_opportunity, "ACCOUNT --kind K --amount A ...",
	 "record an expansion opportunity (--update, --close-won, --close-lost one)"},
	{"feedback", cmd_feedback, "ACCOUNT --area A --type T --text T",
	 "record what a customer said about the product (area, request type)"},
	{"report",   cmd_report,   "KIND [--period P] [--by G] [--format F]",
	 "the team lead's reports: retention, forecast, pipeline, feedback, team"},
	{"export",   cmd_export,   "activities --format F",
	 "my notes, touchpoints done and risks as a CRM import file (salesforce, hubspot, csv)"},
	{"undo",     cmd_undo,     "[--dry-run]",
	 "undo my last action (a note, a done, a snooze, a move...): a compensating event"},
	{"cover",    cmd_cover,    "HANDLE --by H --from D ...",
	 "record who covers an absent CSM (--clear one)"},
	{"conflicts", cmd_conflicts, "[--format F]",
	 "concurrent edits: the value shown and the other one, with their authors"},
	{"rebuild",  cmd_rebuild,  "",
	 "rebuild the local state from the shared directory and the local outbox"},
	{"dump",     cmd_dump,     "",
	 "print the canonical state of the team events (compare two devices)"},
	{"doctor",   cmd_doctor,   "[--format F]",
	 "show the effective configuration, where each value came from, and problems"},
	{"import",   cmd_import,   "--check [FILE...]",
	 "preview what the feeds (or FILEs) would do: rows new, changed, rejected; writes nothing"},
	{"init",     cmd_init,     "[--shared DIR] [--me H]",
	 "set up: lay out the team's shared directory, write my configuration"},
	{"completion", cmd_completion, "bash|zsh|fish",
	 "print the shell completion script (make install puts them in place)"},
	{"tui",      cmd_tui,      "",
	 "open the console (the default when no command is given)"},
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
	fprintf(out,
		"usage: csconsole [OPTIONS] [COMMAND [ARGS]]\n"
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
		"Commands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		char head[64];
		if (command_hidden(&commands[i]))
			continue;
		str_format(head, sizeof(head), "%s %s", commands[i].name, commands[i].args);
		fprintf(out, "  %-36s %s\n", head, commands[i].summary);
	}
	fprintf(out, "\n'csconsole COMMAND --help' describes a command; man csconsole has the rest.\n");
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
				fprintf(stderr, "csconsole: --today: \"%s\" is not a date; use YYYY-MM-DD\n", optarg);
				return CS_EXIT_USAGE;
			}
			setenv("CSCONSOLE_TODAY", optarg, 1);
			break;
		}
		case 'l':
			if (strcmp(optarg, "en") != 0 && strcmp(optarg, "ja") != 0 &&
			    strcmp(optarg, "auto") != 0) {
				fprintf(stderr, "csconsole: --lang: \"%s\" is not a language; use en, ja or auto\n",
					optarg);
				return CS_EXIT_USAGE;
			}
			lang = optarg;
			i18n_init(lang);
			break;
		case 'h': usage(stdout); return CS_EXIT_OK;
		case 'V': printf("csconsole %s\n", CSCONSOLE_VERSION); return CS_EXIT_OK;
		default:
			fprintf(stderr, "Try 'csconsole --help'.\n");
			return CS_EXIT_USAGE;
		}
	}
	if (day_today_env_invalid()) {
		fprintf(stderr, "csconsole: CSCONSOLE_TODAY=\"%s\" is not a date; use YYYY-MM-DD\n",
			getenv("CSCONSOLE_TODAY"));
		return CS_EXIT_USAGE;
	}

	const char *name = optind < argc ? argv[optind] : "tui";
	const struct command *cmd = command_find(name);
	if (!cmd) {
		fprintf(stderr, "csconsole: unknown command \"%s\". Commands:", name);
		for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
			if (!command_hidden(&commands[i]))
				fprintf(stderr, " %s", commands[i].name);
		fprintf(stderr, ". Try 'csconsole --help'.\n");
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
			fprintf(stderr, "csconsole: fix the configuration above (or run 'csconsole doctor').\n");
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
