/* i18n.c - binding the gettext catalogs and choosing the language.
 *
 * The catalog directory: $CSCONSOLE_LOCALEDIR, else "locale" beside the
 * binary when it exists (the build tree: `make run` and the tests use the
 * catalogs just built), else the installed CSCONSOLE_LOCALEDIR. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "csconsole/i18n.h"
#include "csconsole/util.h"

#ifndef CSCONSOLE_LOCALEDIR
#define CSCONSOLE_LOCALEDIR "/usr/local/share/locale"
#endif

#define DOMAIN "csconsole"

static char localedir[4096];
static enum ui_lang lang = UI_EN;
/* Did gettext find a catalog? Without one every message is its msgid
 * (English) already, and i18n_english_begin has nothing to switch: the
 * health pass calls it for each account whose blind spot it judges. */
static bool catalog;

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void find_localedir(void)
{
	const char *env = getenv("CSCONSOLE_LOCALEDIR");
	if (env && *env) {
		str_format(localedir, sizeof(localedir), "%s", env);
		return;
	}
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			char beside[4096];
			str_format(beside, sizeof(beside), "%s/locale", exe);
			if (is_dir(beside)) {
				str_format(localedir, sizeof(localedir), "%s", beside);
				return;
			}
		}
	}
	str_format(localedir, sizeof(localedir), "%s", CSCONSOLE_LOCALEDIR);
}

/* The catalog's own header says which language it is ("Language: ja"):
 * the answer follows what gettext really found, whatever the locale names. */
static enum ui_lang lang_from_catalog(void)
{
	/* (through a variable: xgettext keeps "" out of the template) */
	static const char header_id[] = "";
	const char *header = gettext(header_id);
	catalog = header && *header;
	const char *l = catalog ? strstr(header, "Language: ") : NULL;
	if (l && strncmp(l + 10, "ja", 2) == 0)
		return UI_JA;
	return UI_EN;
}

void i18n_init(const char *choice)
{
	if (!*localedir) {
		find_localedir();
		bindtextdomain(DOMAIN, localedir);
		bind_textdomain_codeset(DOMAIN, "UTF-8");
		textdomain(DOMAIN);
	}
	if (!choice || strcmp(choice, "auto") == 0) {
		/* A Japanese locale that is not installed (setlocale fell back to
		 * "C") still means Japanese messages: C.UTF-8 carries them. */
		const char *cur = setlocale(LC_MESSAGES, NULL);
		const char *want = getenv("LC_ALL");
		if (!want || !*want)
			want = getenv("LC_MESSAGES");
		if (!want || !*want)
			want = getenv("LANG");
		if (cur && (strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0) &&
		    want && strncmp(want, "ja", 2) == 0 &&
		    setlocale(LC_MESSAGES, "C.UTF-8") && !getenv("LANGUAGE"))
			setenv("LANGUAGE", "ja", 1);
	} else if (strcmp(choice, "en") == 0) {
		/* English is the msgids: no catalog at all. */
		setenv("LANGUAGE", "en", 1);
		setlocale(LC_MESSAGES, "C.UTF-8");
	} else if (strcmp(choice, "ja") == 0) {
		setenv("LANGUAGE", "ja", 1);
		/* gettext ignores LANGUAGE in the plain "C" locale. */
		const char *cur = setlocale(LC_MESSAGES, NULL);
		if (!cur || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0)
			setlocale(LC_MESSAGES, "C.UTF-8");
	}
	/* gettext caches lookups; a change of LANGUAGE must be seen. */
	textdomain(DOMAIN);
	lang = lang_from_catalog();
}

const char *i18n_pgettext(const char *key, const char *msgid)
{
	const char *t = dcgettext(NULL, key, LC_MESSAGES);

	return t == key ? msgid : t;
}

enum ui_lang i18n_lang(void)
{
	return lang;
}

const char *i18n_localedir(void)
{
	return localedir;
}

/* What i18n_english_begin replaced. */
static struct {
	int depth;                 /* begins not yet ended */
	bool switched;             /* the outermost begin switched to English */
	bool had_language;
	char language[256], messages[256];
	enum ui_lang lang;
} saved;

void i18n_english_begin(void)
{
	if (saved.depth++ > 0 || !(saved.switched = catalog))
		return;
	const char *l = getenv("LANGUAGE"), *m = setlocale(LC_MESSAGES, NULL);
	saved.had_language = l != NULL;
	str_format(saved.language, sizeof(saved.language), "%s", l ? l : "");
	str_format(saved.messages, sizeof(saved.messages), "%s", m ? m : "C");
	saved.lang = lang;
	setenv("LANGUAGE", "en", 1);
	setlocale(LC_MESSAGES, "C.UTF-8");
	textdomain(DOMAIN);
	lang = UI_EN;
}

void i18n_english_end(void)
{
	if (saved.depth == 0 || --saved.depth > 0 || !saved.switched)
		return;
	if (saved.had_language)
		setenv("LANGUAGE", saved.language, 1);
	else
		unsetenv("LANGUAGE");
	setlocale(LC_MESSAGES, saved.messages);
	textdomain(DOMAIN);
	lang = saved.lang;
}
