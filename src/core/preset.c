/* preset.c - the built-in presets (one table) and the user's column and value
 * mappings (preset.h).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/csvread.h"
#include "csconsole/preset.h"
#include "csconsole/textnorm.h"

#define FIELD_NAME(id, name, req) name,
const char *const preset_team_fields[] = { CSM_COLUMNS(FIELD_NAME) NULL };
const char *const preset_account_fields[] = { ACCOUNT_COLUMNS(FIELD_NAME) NULL };
const char *const preset_metric_fields[] = { METRIC_COLUMNS(FIELD_NAME) NULL };
#undef FIELD_NAME

const char *const preset_names[] = { "csconsole", "salesforce", "hubspot", NULL };
const char *const preset_touch_models[] = { "high", "low", "tech", NULL };
const char *const preset_stages[] = { "onboarding", "adoption", "expansion", "renewal", NULL };

/* The presets' header names: for a preset and a feed, the headers a field is
 * found by, tried in this order (before the field's own name). Salesforce:
 * the report export's labels and the Data Loader's API names (custom fields
 * end in __c: the usual names, which feeds.accounts.columns overrides);
 * HubSpot: the companies export's labels and internal names. */
static const struct preset_column {
	const char *preset;
	int kind;
	const char *field, *header;
} columns[] = {
	{ "salesforce", PRESET_ACCOUNTS, "id", "Account ID" },
	{ "salesforce", PRESET_ACCOUNTS, "id", "Id" },
	{ "salesforce", PRESET_ACCOUNTS, "name", "Account Name" },
	{ "salesforce", PRESET_ACCOUNTS, "name", "Name" },
	{ "salesforce", PRESET_ACCOUNTS, "segment", "Segment__c" },
	{ "salesforce", PRESET_ACCOUNTS, "segment", "Customer Segment" },
	{ "salesforce", PRESET_ACCOUNTS, "touch_model", "Touch Model" },
	{ "salesforce", PRESET_ACCOUNTS, "touch_model", "Touch_Model__c" },
	{ "salesforce", PRESET_ACCOUNTS, "stage", "Customer Stage" },
	{ "salesforce", PRESET_ACCOUNTS, "stage", "Customer_Stage__c" },
	{ "salesforce", PRESET_ACCOUNTS, "arr", "ARR__c" },
	{ "salesforce", PRESET_ACCOUNTS, "arr", "Annual Revenue" },
	{ "salesforce", PRESET_ACCOUNTS, "arr", "AnnualRevenue" },
	{ "salesforce", PRESET_ACCOUNTS, "currency", "Account Currency" },
	{ "salesforce", PRESET_ACCOUNTS, "currency", "Annual Revenue Currency" },
	{ "salesforce", PRESET_ACCOUNTS, "currency", "CurrencyIsoCode" },
	{ "salesforce", PRESET_ACCOUNTS, "renewal_date", "Contract End Date" },
	{ "salesforce", PRESET_ACCOUNTS, "renewal_date", "Contract_End_Date__c" },
	{ "salesforce", PRESET_ACCOUNTS, "renewal_date", "Renewal_Date__c" },
	{ "salesforce", PRESET_ACCOUNTS, "main_owner", "Account Owner" },
	{ "salesforce", PRESET_ACCOUNTS, "main_owner", "Owner.Email" },
	{ "salesforce", PRESET_ACCOUNTS, "main_owner", "Owner.Name" },
	{ "salesforce", PRESET_ACCOUNTS, "main_owner", "OwnerId" },
	{ "salesforce", PRESET_ACCOUNTS, "sub_owner", "Sub Owner" },
	{ "salesforce", PRESET_ACCOUNTS, "sub_owner", "Sub_Owner__c" },
	{ "salesforce", PRESET_ACCOUNTS, "seats", "Seats__c" },
	{ "salesforce", PRESET_ACCOUNTS, "seats", "Licenses__c" },
	{ "salesforce", PRESET_ACCOUNTS, "champion", "Champion__c" },
	{ "salesforce", PRESET_ACCOUNTS, "champion_email", "Champion_Email__c" },
	{ "salesforce", PRESET_ACCOUNTS, "champion_status", "Champion_Status__c" },
	{ "salesforce", PRESET_METRICS, "account", "Account ID" },
	{ "salesforce", PRESET_METRICS, "account", "AccountId" },
	{ "hubspot", PRESET_ACCOUNTS, "id", "Record ID" },
	{ "hubspot", PRESET_ACCOUNTS, "id", "hs_object_id" },
	{ "hubspot", PRESET_ACCOUNTS, "name", "Company name" },
	{ "hubspot", PRESET_ACCOUNTS, "touch_model", "Touch Model" },
	{ "hubspot", PRESET_ACCOUNTS, "stage", "Customer Stage" },
	{ "hubspot", PRESET_ACCOUNTS, "arr", "Annual recurring revenue" },
	{ "hubspot", PRESET_ACCOUNTS, "arr", "Annual Revenue" },
	{ "hubspot", PRESET_ACCOUNTS, "arr", "annualrevenue" },
	{ "hubspot", PRESET_ACCOUNTS, "currency", "Currency" },
	{ "hubspot", PRESET_ACCOUNTS, "renewal_date", "Renewal Date" },
	{ "hubspot", PRESET_ACCOUNTS, "renewal_date", "Contract End Date" },
	{ "hubspot", PRESET_ACCOUNTS, "main_owner", "Company owner" },
	{ "hubspot", PRESET_ACCOUNTS, "main_owner", "hubspot_owner_id" },
	{ "hubspot", PRESET_ACCOUNTS, "sub_owner", "Secondary owner" },
	{ "hubspot", PRESET_ACCOUNTS, "seats", "Number of Seats" },
	{ "hubspot", PRESET_METRICS, "account", "Record ID" },
	{ "hubspot", PRESET_METRICS, "account", "Company ID" },
};

/* The presets' values (preset NULL: every preset, csconsole's too). */
static const struct preset_value {
	const char *preset;
	const char *field, *text, *value;
} values[] = {
	{ NULL, "touch_model", "High Touch", "high" },
	{ NULL, "touch_model", "1:1", "high" },
	{ NULL, "touch_model", "Low Touch", "low" },
	{ NULL, "touch_model", "1:many", "low" },
	{ NULL, "touch_model", "Tech Touch", "tech" },
	{ NULL, "touch_model", "Digital", "tech" },
	{ NULL, "touch_model", "ハイタッチ", "high" },
	{ NULL, "touch_model", "ロータッチ", "low" },
	{ NULL, "touch_model", "テックタッチ", "tech" },
	{ NULL, "stage", "導入", "onboarding" },
	{ NULL, "stage", "オンボーディング", "onboarding" },
	{ NULL, "stage", "Implementation", "onboarding" },
	{ NULL, "stage", "活用", "adoption" },
	{ NULL, "stage", "定着", "adoption" },
	{ NULL, "stage", "拡大", "expansion" },
	{ NULL, "stage", "Upsell", "expansion" },
	{ NULL, "stage", "更新", "renewal" },
	{ "salesforce", "stage", "Customer - Onboarding", "onboarding" },
	{ "salesforce", "stage", "Customer - Adoption", "adoption" },
	{ "salesforce", "stage", "Customer - Expansion", "expansion" },
	{ "salesforce", "stage", "Customer - Renewal", "renewal" },
};

size_t preset_column_count(void)
{
	return ARRAY_SIZE(columns);
}

bool preset_column_at(size_t i, const char **preset, int *kind, const char **field,
		      const char **header)
{
	if (i >= ARRAY_SIZE(columns))
		return false;
	*preset = columns[i].preset;
	*kind = columns[i].kind;
	*field = columns[i].field;
	*header = columns[i].header;
	return true;
}

size_t preset_value_count(void)
{
	return ARRAY_SIZE(values);
}

bool preset_value_at(size_t i, const char **preset, const char **field, const char **text,
		     const char **value)
{
	if (i >= ARRAY_SIZE(values))
		return false;
	*preset = values[i].preset;
	*field = values[i].field;
	*text = values[i].text;
	*value = values[i].value;
	return true;
}

const char *preset_feed_name(int kind)
{
	static const char *const names[PRESET_FEEDS] = { "team", "accounts", "metrics" };
	return kind >= 0 && kind < PRESET_FEEDS ? names[kind] : "?";
}

static const char *preset_of(const struct feed_mapping *m)
{
	return m && m->preset ? m->preset : "csconsole";
}

/* The user's header for field, or NULL. */
static const char *mapped(const struct feed_mapping *m, const char *field)
{
	if (!m)
		return NULL;
	for (size_t i = 0; i + 1 < m->columns.len; i += 2)
		if (strcmp(m->columns.items[i], field) == 0)
			return m->columns.items[i + 1];
	return NULL;
}

void preset_columns_build(const struct feed_mapping *m, int kind, const struct csvread_col *cols,
			  size_t ncols, struct preset_columns *out)
{
	const char *preset = preset_of(m);
	*out = (struct preset_columns){0};
	str_format(out->key, sizeof(out->key), "feeds.%s.columns", preset_feed_name(kind));
	out->aliases = xcalloc(ncols + ARRAY_SIZE(columns) + 1, sizeof(*out->aliases));
	for (size_t i = 0; i < ncols; i++) {
		const char *mine = mapped(m, cols[i].name);
		if (mine) {
			out->aliases[out->n++] = (struct csvread_alias){ i, mine, true };
			continue;
		}
		for (size_t p = 0; p < ARRAY_SIZE(columns); p++)
			if (columns[p].kind == kind && strcmp(columns[p].preset, preset) == 0 &&
			    strcmp(columns[p].field, cols[i].name) == 0)
				out->aliases[out->n++] = (struct csvread_alias){ i, columns[p].header, false };
	}
}

void preset_columns_free(struct preset_columns *pc)
{
	free(pc->aliases);
	*pc = (struct preset_columns){0};
}

struct csvread_col *preset_yaml_cols(const struct feed_mapping *m, const struct csvread_col *cols,
				     size_t ncols)
{
	struct csvread_col *out = xcalloc(ncols ? ncols : 1, sizeof(*out));
	for (size_t i = 0; i < ncols; i++) {
		const char *mine = mapped(m, cols[i].name);
		out[i] = (struct csvread_col){ mine ? mine : cols[i].name, cols[i].required };
	}
	return out;
}

char *preset_fold(const char *text)
{
	size_t n = strlen(text), flen;
	while (n && (*text == ' ' || *text == '\t')) {
		text++;
		n--;
	}
	while (n && (text[n - 1] == ' ' || text[n - 1] == '\t'))
		n--;
	char *f = textnorm_fold(text, n, 0, &flen);
	size_t o = 0;
	bool blank = false;
	for (size_t i = 0; i < flen; i++) {
		char c = f[i];
		if (c == ' ' || c == '\t' || c == '-' || c == '_') {
			blank = true;
			continue;
		}
		if (blank && o > 0)
			f[o++] = ' ';
		blank = false;
		f[o++] = c;
	}
	f[o] = '\0';
	return f;
}

static bool same(const char *folded, const char *text)
{
	char *t = preset_fold(text);
	bool eq = strcmp(folded, t) == 0;
	free(t);
	return eq;
}

/* The table's texts folded once (a value is looked up per row). */
static char *folded_values[ARRAY_SIZE(values)];
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

static void fold_values(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(values); i++)
		folded_values[i] = preset_fold(values[i].text);   /* kept for the process */
}

const char *preset_value(const struct feed_mapping *m, const char *field, const char *text)
{
	const struct strlist *user = NULL;
	const char *const *canon = strcmp(field, "touch_model") == 0 ? preset_touch_models
				   : strcmp(field, "stage") == 0 ? preset_stages : NULL;
	const char *preset = preset_of(m), *found = NULL;
	char *key;

	if (!canon || !text)
		return NULL;
	if (m)
		user = strcmp(field, "touch_model") == 0 ? &m->touch_model : &m->stage;
	for (size_t i = 0; canon[i] && (!user || user->len == 0); i++)
		if (strcmp(text, canon[i]) == 0)
			return canon[i];          /* the common case, without folding */
	pthread_once(&fold_once, fold_values);
	key = preset_fold(text);
	for (size_t i = 0; user && i + 1 < user->len && !found; i += 2)
		if (same(key, user->items[i]))
			found = user->items[i + 1];
	for (size_t i = 0; i < ARRAY_SIZE(values) && !found; i++)
		if ((!values[i].preset || strcmp(values[i].preset, preset) == 0) &&
		    strcmp(values[i].field, field) == 0 && strcmp(key, folded_values[i]) == 0)
			found = values[i].value;
	for (size_t i = 0; canon[i] && !found; i++)
		if (strcmp(key, canon[i]) == 0)
			found = canon[i];
	free(key);
	return found;
}

size_t preset_edit_distance(const char *a, const char *b, size_t limit)
{
	size_t la = strlen(a), lb = strlen(b);
	if ((la > lb ? la - lb : lb - la) > limit)
		return limit + 1;
	size_t *row = xcalloc(lb + 1, sizeof(*row));
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0], best;
		row[0] = i;
		best = row[0];
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = diag + (a[i - 1] != b[j - 1]);
			size_t v = up + 1 < row[j - 1] + 1 ? up + 1 : row[j - 1] + 1;
			row[j] = cost < v ? cost : v;
			diag = up;
			if (row[j] < best)
				best = row[j];
		}
		if (best > limit) {
			free(row);
			return limit + 1;
		}
	}
	size_t d = row[lb];
	free(row);
	return d > limit ? limit + 1 : d;
}

struct unmapped_ctx {
	struct strlist *out;
};

static int list_unmapped(void *ctx, const struct csvread_info *info)
{
	struct unmapped_ctx *u = ctx;
	for (size_t i = 0; i < info->nunmapped; i++)
		strlist_add(u->out, info->unmapped[i]);
	return 1;   /* the header is all we need */
}

static int no_row(void *ctx, const struct csvread_row *row)
{
	(void)ctx;
	(void)row;
	return 1;
}

int preset_unmapped(const char *path, const char *name, const struct feed_mapping *m, int kind,
		    struct strlist *out, struct diag_list *diags)
{
#define COL_DEF(id, nm, req) { nm, req },
	static const struct csvread_col team[] = { CSM_COLUMNS(COL_DEF) };
	static const struct csvread_col accounts[] = { ACCOUNT_COLUMNS(COL_DEF) };
	static const struct csvread_col metrics[] = { METRIC_COLUMNS(COL_DEF) };
#undef COL_DEF
	static const struct { const struct csvread_col *cols; size_t n; } kinds[PRESET_FEEDS] = {
		{ team, ARRAY_SIZE(team) }, { accounts, ARRAY_SIZE(accounts) },
		{ metrics, ARRAY_SIZE(metrics) },
	};
	struct unmapped_ctx u = { out };
	struct preset_columns pc;
	size_t errors = diags->errors;

	if (kind < 0 || kind >= PRESET_FEEDS)
		return -1;
	preset_columns_build(m, kind, kinds[kind].cols, kinds[kind].n, &pc);
	struct csvread_spec spec = {
		.name = name, .cols = kinds[kind].cols, .ncols = kinds[kind].n,
		.on_header = list_unmapped, .on_row = no_row, .ctx = &u, .diags = diags,
		.aliases = pc.aliases, .naliases = pc.n, .map_key = pc.key,
	};
	csvread_file(path, &spec, NULL);
	preset_columns_free(&pc);
	return diags->errors > errors ? -1 : 0;
}
