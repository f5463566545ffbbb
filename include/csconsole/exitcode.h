/* exitcode.h - the process exit statuses, one table (also in csconsole(1)). */
#ifndef CSCONSOLE_EXITCODE_H
#define CSCONSOLE_EXITCODE_H

#define EXIT_CODES(X) \
	X(EXIT_OK,      0, "success") \
	X(EXIT_PARTIAL, 1, "finished, but some input was rejected or a problem was found (see the messages)") \
	X(EXIT_USAGE,   2, "bad command line: unknown command, option or value") \
	X(EXIT_CONFIG,  3, "the configuration file has an error") \
	X(EXIT_STORE,   4, "the local database could not be opened, migrated or written") \
	X(EXIT_IO,      5, "a file or directory could not be read or written") \
	X(EXIT_BUSY,    6, "another sync of the same database is running; try again when it has finished")

enum exit_code {
#define EXIT_ENUM(name, value, text) CS_##name = value,
	EXIT_CODES(EXIT_ENUM)
#undef EXIT_ENUM
};

#endif
