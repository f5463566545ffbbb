/* cmd_complete.c - shell completions: `csconsole completion bash|zsh|fish`
 * prints a script generated from the command table (src/main.c) and the
 * options table below; the hidden `csconsole __complete WHAT` prints what the
 * scripts complete from the database (account CRM ids, handles) and, for the
 * tests, the commands and a command's options.
 *
 * The options table names every option each command's getopt accepts, with
 * what its argument is. tests/cli/completion.sh holds it against the
 * commands themselves: every option the table lists is accepted, and every
 * option a command's --help mentions that the command accepts is listed.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "csconsole/app.h"
#include "csconsole/exitcode.h"
#include "csconsole/i18n.h"
#include "csconsole/text.h"

/* What an option's argument (or a command's operand) is, for completing it. */
enum comp_arg {
	CA_NONE,        /* no argument (an option) / no operand (a command) */
	CA_WORD,        /* free text: nothing to complete */
	CA_CHOICE,      /* one of `choices` (space-separated) */
	CA_ACCOUNT,     /* an account's CRM id, from the database */
	CA_HANDLE,      /* a CSM's handle, from the database */
	CA_FILE,
	CA_DIR,
};

struct comp_opt {
	const char *name;            /* long name, without "--" */
	enum comp_arg arg;
	const char *choices;         /* CA_CHOICE */
};

struct comp_cmd {
	const char *name;
	enum comp_arg operand;       /* the words that are not options */
	const char *choices;         /* operand CA_CHOICE */
	struct comp_opt opts[24];    /* ends at a NULL name; --help is implied */
};

#define FORMATS_TJ "text json"
#define DAYS "today tomorrow yesterday"
/* APP_CSV_OPTIONS (app.h) */
#define CSV_OPTS {"raw", CA_NONE, NULL}, {"excel", CA_NONE, NULL}, {"encoding", CA_CHOICE, "utf-8 cp932"}, \
	{"headers", CA_CHOICE, "ids localized"}

static const struct comp_cmd comp_cmds[] = {
	{ "sync", CA_NONE, NULL, {
		{"quiet", CA_NONE, NULL}, {"dry-run", CA_NONE, NULL}, {"status", CA_NONE, NULL},
		{"format", CA_CHOICE, FORMATS_TJ}, {"accept", CA_FILE, NULL}, {"pack", CA_NONE, NULL} } },
	{ "accounts", CA_NONE, NULL, {
		{"scope", CA_CHOICE, "main mine covering team"}, {"sort", CA_WORD, NULL},
		{"reverse", CA_NONE, NULL}, {"owner", CA_HANDLE, NULL},
		{"band", CA_CHOICE, "red yellow green none"},
		{"stage", CA_CHOICE, "onboarding adoption expansion renewal"},
		{"touch", CA_CHOICE, "high low tech"}, {"blind", CA_CHOICE, "hidden quiet none"},
		{"risk", CA_WORD, NULL}, {"renewal-within", CA_WORD, NULL}, {"search", CA_WORD, NULL},
		{"summary", CA_NONE, NULL}, {"format", CA_CHOICE, "text csv json"}, CSV_OPTS } },
	{ "agenda", CA_NONE, NULL, {
		{"scope", CA_CHOICE, "mine team owner:"}, {"format", CA_CHOICE, "text json csv ics"},
		{"by", CA_CHOICE, "account reason"}, CSV_OPTS,
		{"no-mark", CA_NONE, NULL}, {"days", CA_WORD, NULL} } },
	{ "show", CA_ACCOUNT, NULL, { {"format", CA_CHOICE, FORMATS_TJ} } },
	{ "health", CA_ACCOUNT, NULL, {
		{"format", CA_CHOICE, "text json csv"}, CSV_OPTS, {"backtest", CA_NONE, NULL},
		{"recompute", CA_NONE, NULL}, {"horizon", CA_WORD, NULL}, {"weeks", CA_WORD, NULL} } },
	{ "handoff", CA_HANDLE, NULL, {
		{"from", CA_CHOICE, DAYS}, {"until", CA_CHOICE, DAYS},
		{"format", CA_CHOICE, "text markdown json csv"}, CSV_OPTS, {"reviewed", CA_ACCOUNT, NULL},
		{"unreviewed", CA_ACCOUNT, NULL} } },
	{ "changes", CA_HANDLE, NULL, {
		{"since", CA_CHOICE, DAYS}, {"format", CA_CHOICE, "text json csv"}, CSV_OPTS } },
	{ "report", CA_CHOICE, "retention forecast pipeline feedback team", {
		{"period", CA_CHOICE, "month quarter"}, {"from", CA_CHOICE, DAYS},
		{"until", CA_CHOICE, DAYS}, {"by", CA_CHOICE, "team owner segment touch_model"},
		{"owner", CA_HANDLE, NULL}, {"accounts", CA_NONE, NULL},
		{"format", CA_CHOICE, "text csv json markdown"}, CSV_OPTS } },
	{ "note", CA_ACCOUNT, NULL, {
		{"kind", CA_CHOICE, "call meeting email chat internal"}, {"sentiment", CA_WORD, NULL},
		{"summary", CA_WORD, NULL}, {"text", CA_WORD, NULL}, {"date", CA_CHOICE, DAYS},
		{"edit", CA_WORD, NULL}, {"delete", CA_WORD, NULL} } },
	{ "risk", CA_ACCOUNT, NULL, {
		{"category", CA_WORD, NULL}, {"severity", CA_CHOICE, "low medium high"},
		{"text", CA_WORD, NULL}, {"status", CA_CHOICE, "open resolved"},
		{"owner", CA_HANDLE, NULL}, {"update", CA_WORD, NULL}, {"resolve", CA_WORD, NULL} } },
	{ "touch", CA_ACCOUNT, NULL, {
		{"due", CA_CHOICE, DAYS},
		{"kind", CA_CHOICE, "call meeting email chat internal qbr renewal onboarding"},
		{"note", CA_WORD, NULL}, {"reason", CA_WORD, NULL}, {"date", CA_CHOICE, DAYS},
		{"until", CA_CHOICE, DAYS}, {"reschedule", CA_WORD, NULL}, {"done", CA_WORD, NULL},
		{"snooze", CA_WORD, NULL}, {"time", CA_WORD, NULL} } },
	{ "opportunity", CA_ACCOUNT, NULL, {
		{"kind", CA_CHOICE, "upsell cross-sell seats"}, {"amount", CA_WORD, NULL},
		{"currency", CA_WORD, NULL},
		{"stage", CA_CHOICE, "discovery qualified proposal negotiation commit"},
		{"close", CA_CHOICE, DAYS}, {"owner", CA_HANDLE, NULL}, {"note", CA_WORD, NULL},
		{"update", CA_WORD, NULL}, {"close-won", CA_WORD, NULL}, {"close-lost", CA_WORD, NULL} } },
	{ "feedback", CA_ACCOUNT, NULL, {
		{"area", CA_WORD, NULL}, {"type", CA_CHOICE, "bug missing_feature usability praise"},
		{"text", CA_WORD, NULL}, {"date", CA_CHOICE, DAYS} } },
	{ "undo", CA_NONE, NULL, { {"dry-run", CA_NONE, NULL} } },
	{ "export", CA_CHOICE, "activities", {
		{"format", CA_CHOICE, "salesforce hubspot csv"}, {"since", CA_CHOICE, DAYS},
		{"out", CA_DIR, NULL}, {"output", CA_FILE, NULL}, {"risks", CA_FILE, NULL},
		{"all", CA_NONE, NULL}, {"team", CA_NONE, NULL}, {"dry-run", CA_NONE, NULL},
		{"force", CA_NONE, NULL}, {"raw", CA_NONE, NULL} } },
	{ "cover", CA_HANDLE, NULL, {
		{"by", CA_HANDLE, NULL}, {"from", CA_CHOICE, DAYS}, {"until", CA_CHOICE, DAYS},
		{"clear", CA_WORD, NULL} } },
	{ "conflicts", CA_NONE, NULL, { {"format", CA_CHOICE, "text json csv"}, CSV_OPTS } },
	{ "rebuild", CA_NONE, NULL, { {NULL, CA_NONE, NULL} } },
	{ "dump", CA_NONE, NULL, { {NULL, CA_NONE, NULL} } },
	{ "doctor", CA_NONE, NULL, { {"format", CA_CHOICE, FORMATS_TJ} } },
	{ "import", CA_FILE, NULL, {
		{"check", CA_NONE, NULL}, {"as", CA_CHOICE, "team accounts metrics"} } },
	{ "init", CA_DIR, NULL, { {"shared", CA_DIR, NULL}, {"me", CA_HANDLE, NULL} } },
	{ "completion", CA_CHOICE, "bash zsh fish", { {NULL, CA_NONE, NULL} } },
	{ "tui", CA_NONE, NULL, { {NULL, CA_NONE, NULL} } },
};

/* The global options (main.c), before the command. */
static const struct comp_opt global_opts[] = {
	{"config", CA_FILE, NULL}, {"theme", CA_CHOICE, "dark light high-contrast monochrome"},
	{"me", CA_HANDLE, NULL}, {"today", CA_WORD, NULL}, {"help", CA_NONE, NULL},
	{"version", CA_NONE, NULL}, {NULL, CA_NONE, NULL},
};

static const char *const complete_usage = N_(
	"usage: csconsole completion bash|zsh|fish\n"
	"\n"
	"Prints the shell completion script for bash, zsh or fish: commands, options,\n"
	"their values, and account CRM ids and CSM handles from the database.\n"
	"`make install` puts them where the shells look:\n"
	"  bash  $PREFIX/share/bash-completion/completions/csconsole\n"
	"  zsh   $PREFIX/share/zsh/site-functions/_csconsole\n"
	"  fish  $PREFIX/share/fish/vendor_completions.d/csconsole.fish\n"
	"Or load one by hand: source <(csconsole completion bash)   (bash, in ~/.bashrc)\n"
	"                     csconsole completion zsh > ~/.zfunc/_csconsole  (a folder on $fpath)\n"
	"                     csconsole completion fish | source   (fish)\n");

static const struct comp_cmd *comp_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(comp_cmds); i++)
		if (str_eq(comp_cmds[i].name, name))
			return &comp_cmds[i];
	return NULL;
}

/* The options of a command as "--a --b --help". */
static void opt_words(const struct comp_opt *opts, struct sbuf *b)
{
	for (const struct comp_opt *o = opts; o->name; o++)
		sbuf_addf(b, "--%s ", o->name);
	sbuf_adds(b, "--help");
}

/* Commands to list: the visible ones of the command table. */
static bool visible(const struct command *c)
{
	return !command_hidden(c);
}

/* Text for a single-quoted shell string (zsh, fish descriptions): no quotes. */
static void print_desc(FILE *out, const char *s, bool zsh)
{
	for (; *s; s++) {
		if (*s == '\'')
			fputs("’", out);
		else if (zsh && (*s == ':' || *s == '[' || *s == ']'))
			fputc(*s == ':' ? ';' : *s == '[' ? '(' : ')', out);
		else
			fputc(*s, out);
	}
}

/* ---- bash ------------------------------------------------------------------------ */

static void bash_arg(FILE *out, enum comp_arg a, const char *choices, const char *indent)
{
	switch (a) {
	case CA_CHOICE:
		fprintf(out, "%sCOMPREPLY=($(compgen -W '%s' -- \"$cur\"))\n", indent, choices);
		break;
	case CA_ACCOUNT:
		fprintf(out, "%sCOMPREPLY=($(compgen -W \"$(_csconsole_db accounts)\" -- \"$cur\"))\n", indent);
		break;
	case CA_HANDLE:
		fprintf(out, "%sCOMPREPLY=($(compgen -W \"$(_csconsole_db handles)\" -- \"$cur\"))\n", indent);
		break;
	case CA_FILE:
		fprintf(out, "%scompopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\"))\n", indent);
		break;
	case CA_DIR:
		fprintf(out, "%scompopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- \"$cur\"))\n", indent);
		break;
	case CA_NONE:
	case CA_WORD:
		fprintf(out, "%sCOMPREPLY=()\n", indent);
		break;
	}
}

/* The `case $prev` arms of the options that take an argument. */
static void bash_prev_cases(FILE *out, const struct comp_opt *opts, const char *indent)
{
	for (const struct comp_opt *o = opts; o->name; o++) {
		if (o->arg == CA_NONE)
			continue;
		fprintf(out, "%s--%s)\n", indent, o->name);
		struct sbuf in = {0};
		sbuf_addf(&in, "%s  ", indent);
		bash_arg(out, o->arg, o->choices, sbuf_str(&in));
		fprintf(out, "%s  return ;;\n", indent);
		sbuf_free(&in);
	}
}

static void gen_bash(FILE *out, const struct command *cmds, size_t n)
{
	struct sbuf names = {0}, gw = {0};
	for (size_t i = 0; i < n; i++)
		if (visible(&cmds[i]))
			sbuf_addf(&names, "%s%s", names.len ? " " : "", cmds[i].name);
	opt_words(global_opts, &gw);

	fprintf(out,
		"# bash completion for csconsole; generated by `csconsole completion bash`\n"
		"# from its command table: do not edit, regenerate.\n"
		"\n"
		"# Values from the database: accounts (CRM ids) or handles.\n"
		"_csconsole_db() {\n"
		"  \"${_csconsole_prog:-csconsole}\" ${_csconsole_config:+--config \"$_csconsole_config\"} __complete \"$1\" 2>/dev/null\n"
		"}\n"
		"\n"
		"# True while the command (at word $1) has no operand yet; $2 lists its\n"
		"# options that take a value (\" --kind --date \"), whose values are no operands.\n"
		"_csconsole_operands() {\n"
		"  local i w\n"
		"  for ((i = $1 + 1; i < COMP_CWORD; i++)); do\n"
		"    w=${COMP_WORDS[i]}\n"
		"    case $w in\n"
		"      --*=*|-*) ;;\n"
		"      *) [[ $2 == *\" ${COMP_WORDS[i-1]} \"* ]] || return 1 ;;\n"
		"    esac\n"
		"  done\n"
		"  return 0\n"
		"}\n"
		"\n"
		"_csconsole() {\n"
		"  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
		"  local i cmd='' _csconsole_config='' _csconsole_prog=${COMP_WORDS[0]}\n"
		"  COMPREPLY=()\n"
		"  for ((i = 1; i < COMP_CWORD; i++)); do\n"
		"    case ${COMP_WORDS[i]} in\n"
		"      -c|--config) _csconsole_config=${COMP_WORDS[i+1]}; ((i++)) ;;\n"
		"      --theme|--me|--today) ((i++)) ;;\n"
		"      -*) ;;\n"
		"      *) cmd=${COMP_WORDS[i]}; break ;;\n"
		"    esac\n"
		"  done\n"
		"  if [[ -z $cmd ]]; then\n"
		"    case $prev in\n"
		"      -c) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n");
	bash_prev_cases(out, global_opts, "      ");
	fprintf(out,
		"    esac\n"
		"    if [[ $cur == -* ]]; then\n"
		"      COMPREPLY=($(compgen -W '%s' -- \"$cur\"))\n"
		"    else\n"
		"      COMPREPLY=($(compgen -W '%s' -- \"$cur\"))\n"
		"    fi\n"
		"    return\n"
		"  fi\n"
		"  local ci=$i\n"
		"  case $cmd in\n", sbuf_str(&gw), sbuf_str(&names));
	for (size_t i = 0; i < n; i++) {
		const struct comp_cmd *c = comp_find(cmds[i].name);
		if (!c || !visible(&cmds[i]))
			continue;
		struct sbuf ow = {0};
		opt_words(c->opts, &ow);
		fprintf(out, "    %s)\n", c->name);
		fprintf(out, "      case $prev in\n");
		bash_prev_cases(out, c->opts, "        ");
		fprintf(out, "      esac\n");
		fprintf(out, "      if [[ $cur == -* ]]; then\n"
			     "        COMPREPLY=($(compgen -W '%s' -- \"$cur\"))\n"
			     "        return\n"
			     "      fi\n", sbuf_str(&ow));
		if (c->operand != CA_FILE && c->operand != CA_NONE && c->operand != CA_WORD) {
			struct sbuf av = {0};
			for (const struct comp_opt *o = c->opts; o->name; o++)
				if (o->arg != CA_NONE)
					sbuf_addf(&av, " --%s", o->name);
			fprintf(out, "      _csconsole_operands \"$ci\" '%s ' || return\n", sbuf_str(&av));
			sbuf_free(&av);
		}
		bash_arg(out, c->operand, c->choices, "      ");
		fprintf(out, "      ;;\n");
		sbuf_free(&ow);
	}
	fprintf(out,
		"  esac\n"
		"}\n"
		"complete -F _csconsole csconsole\n");
	sbuf_free(&names);
	sbuf_free(&gw);
}

/* ---- zsh --------------------------------------------------------------------------- */

static void zsh_action(struct sbuf *b, enum comp_arg a, const char *choices)
{
	switch (a) {
	case CA_CHOICE: sbuf_addf(b, "(%s)", choices); break;
	case CA_ACCOUNT: sbuf_adds(b, "_csconsole_accounts"); break;
	case CA_HANDLE: sbuf_adds(b, "_csconsole_handles"); break;
	case CA_FILE: sbuf_adds(b, "_files"); break;
	case CA_DIR: sbuf_adds(b, "_files -/"); break;
	case CA_NONE:
	case CA_WORD: sbuf_adds(b, " "); break;
	}
}

static const char *arg_label(enum comp_arg a)
{
	switch (a) {
	case CA_ACCOUNT: return "account";
	case CA_HANDLE: return "handle";
	case CA_FILE: return "file";
	case CA_DIR: return "directory";
	default: return "value";
	}
}

static void zsh_opts(FILE *out, const struct comp_opt *opts)
{
	for (const struct comp_opt *o = opts; o->name; o++) {
		struct sbuf act = {0};
		if (o->arg == CA_NONE) {
			fprintf(out, " \\\n        '--%s'", o->name);
		} else {
			zsh_action(&act, o->arg, o->choices);
			fprintf(out, " \\\n        '--%s=:%s:%s'", o->name, arg_label(o->arg), sbuf_str(&act));
		}
		sbuf_free(&act);
	}
	fprintf(out, " \\\n        '--help'");
}

static void gen_zsh(FILE *out, const struct command *cmds, size_t n)
{
	fprintf(out,
		"#compdef csconsole\n"
		"# zsh completion for csconsole; generated by `csconsole completion zsh`\n"
		"# from its command table: do not edit, regenerate.\n"
		"\n"
		"_csconsole_db() {\n"
		"  local -a cfg\n"
		"  [[ -n $opt_args[--config] ]] && cfg=(--config $opt_args[--config])\n"
		"  [[ -n $opt_args[-c] ]] && cfg=(--config $opt_args[-c])\n"
		"  _call_program $1 ${(q)_csconsole_prog:-csconsole} $cfg __complete $1 --describe 2>/dev/null\n"
		"}\n"
		"_csconsole_accounts() {\n"
		"  local -a items\n"
		"  items=(${${(f)\"$(_csconsole_db accounts)\"}/$'\\t'/:})\n"
		"  _describe -t accounts 'account' items\n"
		"}\n"
		"_csconsole_handles() {\n"
		"  local -a items\n"
		"  items=(${${(f)\"$(_csconsole_db handles)\"}/$'\\t'/:})\n"
		"  _describe -t handles 'handle' items\n"
		"}\n"
		"_csconsole_commands() {\n"
		"  local -a cmds\n"
		"  cmds=(\n");
	for (size_t i = 0; i < n; i++) {
		if (!visible(&cmds[i]))
			continue;
		fprintf(out, "    '%s:", cmds[i].name);
		print_desc(out, cmds[i].summary, true);
		fprintf(out, "'\n");
	}
	fprintf(out,
		"  )\n"
		"  _describe -t commands 'csconsole command' cmds\n"
		"}\n"
		"\n"
		"_csconsole() {\n"
		"  local curcontext=$curcontext state line ret=1\n"
		"  local _csconsole_prog=$words[1]\n"
		"  typeset -A opt_args\n"
		"  _arguments -C \\\n"
		"    '(-c --config)'{-c,--config}'[read this configuration file]:file:_files' \\\n"
		"    '--theme[colour theme]:theme:(dark light high-contrast monochrome)' \\\n"
		"    '--me[act as this CSM]:handle:_csconsole_handles' \\\n"
		"    '--today[pretend today is DATE]:date: ' \\\n"
		"    '(- *)'{-h,--help}'[show the help]' \\\n"
		"    '(- *)'{-V,--version}'[show the version]' \\\n"
		"    '1:command:_csconsole_commands' \\\n"
		"    '*::arg:->args' && ret=0\n"
		"  case $state in\n"
		"    args)\n"
		"      curcontext=${curcontext%%:*:*}:csconsole-$words[1]:\n"
		"      case $words[1] in\n");
	for (size_t i = 0; i < n; i++) {
		const struct comp_cmd *c = comp_find(cmds[i].name);
		if (!c || !visible(&cmds[i]))
			continue;
		fprintf(out, "        %s)\n          _arguments", c->name);
		zsh_opts(out, c->opts);
		if (c->operand != CA_NONE) {
			struct sbuf act = {0};
			zsh_action(&act, c->operand, c->choices);
			fprintf(out, " \\\n        '*:%s:%s'", arg_label(c->operand), sbuf_str(&act));
			sbuf_free(&act);
		}
		fprintf(out, " && ret=0 ;;\n");
	}
	fprintf(out,
		"      esac ;;\n"
		"  esac\n"
		"  return ret\n"
		"}\n"
		"\n"
		"_csconsole \"$@\"\n");
}

/* ---- fish -------------------------------------------------------------------------- */

static void fish_arg(FILE *out, enum comp_arg a, const char *choices)
{
	switch (a) {
	case CA_CHOICE: fprintf(out, " -x -a '%s'", choices); break;
	case CA_ACCOUNT: fprintf(out, " -x -a '(__csconsole_db accounts)'"); break;
	case CA_HANDLE: fprintf(out, " -x -a '(__csconsole_db handles)'"); break;
	case CA_FILE: fprintf(out, " -r -F"); break;
	case CA_DIR: fprintf(out, " -x -a '(__fish_complete_directories)'"); break;
	case CA_WORD: fprintf(out, " -x"); break;
	case CA_NONE: break;
	}
}

static void gen_fish(FILE *out, const struct command *cmds, size_t n)
{
	fprintf(out,
		"# fish completion for csconsole; generated by `csconsole completion fish`\n"
		"# from its command table: do not edit, regenerate.\n"
		"\n"
		"# The command given so far (the first word that is neither a global option\n"
		"# nor its value), or nothing.\n"
		"function __csconsole_command\n"
		"    set -l words (commandline -opc)\n"
		"    set -e words[1]\n"
		"    while set -q words[1]\n"
		"        switch $words[1]\n"
		"            case -c --config --theme --me --today\n"
		"                set -e words[1]\n"
		"            case '-*'\n"
		"            case '*'\n"
		"                echo $words[1]\n"
		"                return 0\n"
		"        end\n"
		"        set -e words[1]\n"
		"    end\n"
		"    return 1\n"
		"end\n"
		"function __csconsole_no_command\n"
		"    not __csconsole_command > /dev/null\n"
		"end\n"
		"function __csconsole_using\n"
		"    set -l c (__csconsole_command)\n"
		"    and test \"$c\" = $argv[1]\n"
		"end\n"
		"function __csconsole_db\n"
		"    set -l words (commandline -opc)\n"
		"    set -l cfg\n"
		"    set -l i (contains -i -- --config $words)\n"
		"    test -z \"$i\"; and set i (contains -i -- -c $words)\n"
		"    if test -n \"$i\"; and set -q words[(math $i + 1)]\n"
		"        set cfg --config $words[(math $i + 1)]\n"
		"    end\n"
		"    command -q $words[1]; or return\n"
		"    $words[1] $cfg __complete $argv[1] --describe 2>/dev/null\n"
		"end\n"
		"\n"
		"complete -c csconsole -f\n"
		"complete -c csconsole -n __csconsole_no_command -s c -l config -r -F -d 'read this configuration file'\n"
		"complete -c csconsole -n __csconsole_no_command -l theme -x -a 'dark light high-contrast monochrome' -d 'colour theme'\n"
		"complete -c csconsole -n __csconsole_no_command -l me -x -a '(__csconsole_db handles)' -d 'act as this CSM'\n"
		"complete -c csconsole -n __csconsole_no_command -l today -x -d 'pretend today is DATE'\n"
		"complete -c csconsole -n __csconsole_no_command -s h -l help -d 'show the help'\n"
		"complete -c csconsole -n __csconsole_no_command -s V -l version -d 'show the version'\n");
	for (size_t i = 0; i < n; i++) {
		if (!visible(&cmds[i]))
			continue;
		fprintf(out, "complete -c csconsole -n __csconsole_no_command -a %s -d '", cmds[i].name);
		print_desc(out, cmds[i].summary, false);
		fprintf(out, "'\n");
	}
	for (size_t i = 0; i < n; i++) {
		const struct comp_cmd *c = comp_find(cmds[i].name);
		if (!c || !visible(&cmds[i]))
			continue;
		for (const struct comp_opt *o = c->opts; o->name; o++) {
			fprintf(out, "complete -c csconsole -n '__csconsole_using %s' -l %s", c->name, o->name);
			fish_arg(out, o->arg, o->choices);
			fprintf(out, "\n");
		}
		fprintf(out, "complete -c csconsole -n '__csconsole_using %s' -l help\n", c->name);
		if (c->operand != CA_NONE && c->operand != CA_WORD) {
			fprintf(out, "complete -c csconsole -n '__csconsole_using %s'", c->name);
			fish_arg(out, c->operand, c->choices);
			fprintf(out, "\n");
		}
	}
}

int cmd_completion(struct app *app, int argc, char **argv)
{
	size_t n;
	const struct command *cmds = command_table(&n);
	(void)app;

	if (argc == 2 && (str_eq(argv[1], "--help") || str_eq(argv[1], "-h"))) {
		app_usage(stdout, complete_usage, false);
		return CS_EXIT_OK;
	}
	if (argc != 2 || !(str_eq(argv[1], "bash") || str_eq(argv[1], "zsh") || str_eq(argv[1], "fish"))) {
		fputs(_("csconsole completion: which shell? bash, zsh or fish (csconsole "
			"completion bash)\n"), stderr);
		return CS_EXIT_USAGE;
	}
	/* Every command of the table has its options here: a new command
	 * without them is a build-time mistake the tests catch. */
	for (size_t i = 0; i < n; i++)
		if (visible(&cmds[i]) && !comp_find(cmds[i].name))
			fprintf(stderr, "csconsole completion: note: command %s has no options table "
				"(cmd_complete.c): only its name completes\n", cmds[i].name);
	if (str_eq(argv[1], "bash"))
		gen_bash(stdout, cmds, n);
	else if (str_eq(argv[1], "zsh"))
		gen_zsh(stdout, cmds, n);
	else
		gen_fish(stdout, cmds, n);
	return fflush(stdout) == 0 ? CS_EXIT_OK : CS_EXIT_IO;
}

/* ---- __complete: values from the database ------------------------------------------ */

/* Opens the configured database to read, never creating it (nothing to
 * complete then). Opened read-write but query_only: a read-only connection
 * would leave WAL files behind. NULL when there is none. */
static sqlite3 *open_db(const struct app *app)
{
	sqlite3 *db = NULL;
	if (str_empty(app->cfg.database) || access(app->cfg.database, F_OK) != 0)
		return NULL;
	if (sqlite3_open_v2(app->cfg.database, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA query_only = 1", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 200);
	return db;
}

/* One value (and its description after a tab) per line, sanitized, without
 * tabs or spaces in the value. */
static void print_rows(sqlite3 *db, const char *sql, bool describe)
{
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(stmt, 0);
		const char *d = (const char *)sqlite3_column_text(stmt, 1);
		if (!v || !*v || strpbrk(v, " \t\n\r"))
			continue;
		char *cv = text_sanitize(v, false);
		if (describe && d && *d) {
			char *cd = text_sanitize(d, false);
			for (char *p = cd; *p; p++)
				if (*p == '\t')
					*p = ' ';
			printf("%s\t%s\n", cv, cd);
			free(cd);
		} else {
			printf("%s\n", cv);
		}
		free(cv);
	}
	sqlite3_finalize(stmt);
}

int cmd_complete(struct app *app, int argc, char **argv)
{
	bool describe = argc == 3 && str_eq(argv[2], "--describe");
	const char *what = argc >= 2 ? argv[1] : "";
	size_t n;
	const struct command *cmds = command_table(&n);

	if (argc < 2 || argc > 3 || (argc == 3 && !describe && !str_eq(what, "options"))) {
		fprintf(stderr, "usage: csconsole __complete accounts|handles [--describe]\n"
			"       csconsole __complete commands | options COMMAND\n");
		return CS_EXIT_USAGE;
	}
	if (str_eq(what, "commands")) {
		for (size_t i = 0; i < n; i++)
			if (visible(&cmds[i]))
				printf("%s\n", cmds[i].name);
		return CS_EXIT_OK;
	}
	if (str_eq(what, "options")) {
		const struct comp_cmd *c = argc == 3 ? comp_find(argv[2]) : NULL;
		if (!c)
			return CS_EXIT_USAGE;
		for (const struct comp_opt *o = c->opts; o->name; o++)
			printf("--%s\n", o->name);
		printf("--help\n");
		return CS_EXIT_OK;
	}
	const char *sql = str_eq(what, "accounts") ?
		"SELECT crm_id, name FROM account WHERE active = 1 ORDER BY crm_id" :
		str_eq(what, "handles") ?
		"SELECT handle, name FROM csm WHERE active = 1 ORDER BY handle" : NULL;
	if (!sql) {
		fprintf(stderr, "csconsole __complete: accounts, handles, commands or options\n");
		return CS_EXIT_USAGE;
	}
	sqlite3 *db = open_db(app);
	if (db)
		print_rows(db, sql, describe);
	sqlite3_close(db);
	return CS_EXIT_OK;
}
