/* app.c - the state shared by every command (see app.h). */
#include <stdio.h>
#include <stdlib.h>
#include "csconsole/app.h"
#include "csconsole/exitcode.h"
#include "csconsole/text.h"

int app_open_store(struct app *app)
{
	if (app->store_opened)
		return CS_EXIT_OK;
	if (store_open(&app->store, app->cfg.database, app->cfg.shared_dir)) {
		char *msg = text_sanitize(error_message(), false);
		fprintf(stderr, "csconsole: %s\n", msg);
		free(msg);
		return CS_EXIT_STORE;
	}
	app->store_opened = true;
	return CS_EXIT_OK;
}

void app_close(struct app *app)
{
	if (app->store_opened)
		store_close(&app->store);
	app->store_opened = false;
	config_free(&app->cfg);
	diag_clear(&app->config_diags);
}

int app_format_json(const char *cmd, const char *arg, bool *json)
{
	if (str_eq(arg, "text") || str_eq(arg, "json")) {
		*json = str_eq(arg, "json");
		return 0;
	}
	fprintf(stderr, "csconsole %s: --format \"%s\": use text or json\n", cmd, arg);
	return -1;
}
