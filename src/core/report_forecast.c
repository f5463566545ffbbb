/* report_forecast.c - the forecast report (report.h). Being written: refuses for now. */
#include "csconsole/i18n.h"
#include "csconsole/report.h"

int report_build_forecast(sqlite3 *db, const struct config *cfg, int today,
		     const struct report_params *p, struct report *out)
{
	(void)db; (void)cfg; (void)today; (void)p; (void)out;
	return error(_("the forecast report is not written yet"));
}
