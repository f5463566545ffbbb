/* csvheaders.h - the CSV header ids in the interface language (--headers
 * localized).
 *
 * By default a CSV's header row holds stable English ids ("account",
 * "days_left") that scripts key on; `--headers localized` writes each as a
 * title in the interface language instead (csvout does it on the first row).
 */
#ifndef CSCONSOLE_CSVHEADERS_H
#define CSCONSOLE_CSVHEADERS_H

/* The title of header id, translated ("days_left": "Days left", 残り日数);
 * an id the table does not know is returned as it is. */
const char *csv_header_label(const char *id);

#endif
