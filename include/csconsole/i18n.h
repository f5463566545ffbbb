/* i18n.h - the interface language: gettext catalogs (po/LANG.po) and the marks.
 *
 * Every user-facing string is marked: _("...") where it is used, N_("...")
 * in a static table (translated where it is drawn, with _(table[i].text)),
 * P_("one", "many", n) where a count decides the form.  A message is a whole
 * sentence with ordered placeholders ("%1$s ... %2$d" in a translation),
 * never pieces glued together.  Machine-readable output (JSON keys and
 * values, CSV headers, ids, exit statuses) is never translated.
 * xgettext keywords: -k_ -kN_ -kP_:1,2 (Makefile, target pot). */
#ifndef CSCONSOLE_I18N_H
#define CSCONSOLE_I18N_H

#include <libintl.h>
#include <stdbool.h>

#define _(s) gettext(s)
#define N_(s) (s)
#define P_(one, many, n) ngettext((one), (many), (unsigned long)(n))
/* gettext with a context, for short words that mean different things in
 * different places ("open" a key, "open" a status; "high" a severity):
 * the catalog's msgctxt CTX entry, else the msgid itself.  xgettext knows
 * pgettext:1c,2 by default; both arguments are literals. */
#define pgettext(ctx, msgid) i18n_pgettext(ctx "\004" msgid, msgid)
const char *i18n_pgettext(const char *key, const char *msgid);

/* The language csconsole speaks. */
enum ui_lang { UI_EN, UI_JA };

/* Binds the catalogs and picks the language.  `choice` is --lang or the
 * configuration's `language` ("auto", "en", "ja"; NULL = "auto": from the
 * locale, LANGUAGE then LC_ALL/LC_MESSAGES/LANG).  Called once at start
 * with NULL, again once the configuration is read.  Never fails: a missing
 * catalog means English. */
void i18n_init(const char *choice);

/* The language in effect (the one whose catalog was found). */
enum ui_lang i18n_lang(void);

/* English for a while, whatever the language: text that machine output
 * carries (the agenda's reasons in JSON and CSV) is built between these, so it
 * is the same in every language.  end restores the language (and LANGUAGE,
 * LC_MESSAGES) the outermost begin found; they nest (each begin with its end). */
void i18n_english_begin(void);
void i18n_english_end(void);

/* Where the catalogs were looked for (doctor shows it). */
const char *i18n_localedir(void);

#endif
