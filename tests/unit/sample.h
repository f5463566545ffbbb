/* sample.h - unit tests on the sample book: sample-data/ imported (feeds and
 * events) into a scratch store, and fields read straight from its files so
 * expected values never come from the program. Include after scratch.h. */
#ifndef CSCONSOLE_TEST_SAMPLE_H
#define CSCONSOLE_TEST_SAMPLE_H

#include <locale.h>
#include "csconsole/eventsync.h"
#include "csconsole/feed.h"

/* Imports sample-data/ ($CSC_ROOT, else ".") into the scratch store `name`;
 * returns the sample directory (caller frees), NULL if the import failed. */
static inline char *sample_store(struct store *st, const char *name)
{
	const char *root = getenv("CSC_ROOT");
	struct diag_list diags = {0};
	struct feed_summary sum;
	struct events_result res;
	char *sample = path_join(root && *root ? root : ".", "sample-data");

	setlocale(LC_ALL, "C.UTF-8");
	scratch_store(st, name);
	memset(&res, 0, sizeof(res));
	if (feed_sync(st, sample, NULL, &diags, &sum) || sum.failed || sum.rows_rejected ||
	    events_reingest_all(st, sample, &res, &diags)) {
		diag_clear(&diags);
		free(sample);
		return NULL;
	}
	diag_clear(&diags);
	return sample;
}

/* A generated book (build/tools/gen-book --scale small --anchor 2026-11-23
 * with this seed, segments and devices: notes, risks, touchpoints,
 * coverage) imported, feeds and events, as `csconsole sync` does, into the
 * scratch store `name`; returns the book's directory (caller frees). Skips
 * the test without $CSC_BUILD (tests/run.sh sets it). */
static inline char *generated_store(struct store *st, const char *name, int seed, int segments, int devices)
{
	const char *build = getenv("CSC_BUILD");
	struct diag_list diags = {0};
	struct feed_summary sum;
	struct events_result res;
	char cmd[4096];

	if (!build || !*build)
		skip();
	char *out = scratch_path("gen");
	str_format(cmd, sizeof(cmd), "'%s/tools/gen-book' --scale small --seed %d --anchor 2026-11-23"
		   " --segments %d --devices %d --out '%s' > /dev/null", build, seed, segments, devices, out);
	assert_int_equal(system(cmd), 0);
	scratch_store(st, name);
	memset(&res, 0, sizeof(res));
	assert_int_equal(feed_sync(st, out, NULL, &diags, &sum), 0);
	assert_int_equal(events_reingest_all(st, out, &res, &diags), 0);
	diag_clear(&diags);
	return out;
}

/* The value of `key:` in the accounts.yaml entry of crm (unquoted), or "". */
static inline void sample_account_field(const char *sample, const char *crm, const char *key,
					char *out, size_t size)
{
	char *path = path_join(sample, "feeds/accounts.yaml"), line[1024], want[128];
	FILE *fp = fopen(path, "r");
	bool in = false;
	size_t klen = strlen(key);

	assert_non_null(fp);
	out[0] = '\0';
	str_format(want, sizeof(want), "  - id: %s\n", crm);
	while (fgets(line, sizeof(line), fp)) {
		if (str_starts_with(line, "  - id: ")) {
			in = strcmp(line, want) == 0;
			continue;
		}
		const char *p = line + strspn(line, " ");
		if (in && strncmp(p, key, klen) == 0 && p[klen] == ':') {
			p += klen + 1;
			p += strspn(p, " ");
			size_t n = strcspn(p, "\n");
			if (n >= 2 && p[0] == '"' && p[n - 1] == '"')
				p++, n -= 2;
			str_format(out, size, "%.*s", (int)n, p);
			break;
		}
	}
	fclose(fp);
	free(path);
}

#endif
