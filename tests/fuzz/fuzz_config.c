/* fuzz_config.c - csconsole.yaml (config.c, with the health, playbook and key
 * binding parsers it calls) loaded from arbitrary bytes.
 *
 * The input is loaded as a file over the defaults. A refusal must come with
 * an error diag. An accepted file must survive a round trip: every key's
 * value as config_key_value() renders it (what `doctor` prints), written as
 * "key: value" lines and loaded again over the defaults, gives an equal
 * configuration (config_equal) and renders the same text again.
 */
#include "fuzz.h"
#include "csconsole/config.h"
#include "csconsole/text.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_init();
	return 0;
}

static char *render(const struct config *cfg)
{
	struct sbuf b = { 0 };
	for (size_t i = 0; i < config_key_count(); i++) {
		char *v = config_key_value(cfg, i);
		sbuf_addf(&b, "%s: %s\n", config_key_name(i), v);
		free(v);
	}
	return b.data;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config a, b;
	struct diag_list d = { 0 };
	const char *p = fuzz_write("csconsole.yaml", data, size);
	char path[PATH_MAX];
	str_format(path, sizeof(path), "%s", p);

	config_defaults(&a);
	int rc = config_load_file(&a, path, &d);
	if (rc)
		FUZZ_CHECK(d.errors > 0, "config_load_file -1 without an error diag");
	for (size_t i = 0; i < d.len; i++) {
		char *s = diag_format(&d.items[i]);
		free(s);
	}
	diag_clear(&d);
	if (rc == 0) {
		char *text = render(&a);
		fuzz_write("again.yaml", text, strlen(text));
		config_defaults(&b);
		int rc2 = config_load_file(&b, fuzz_path("again.yaml"), &d);
		if (rc2) {
			diag_print(&d, stderr);
			FUZZ_CHECK(0, "the rendered configuration does not load:\n%s", text);
		}
		const char *differs = NULL;
		FUZZ_CHECK(config_equal(&a, &b, &differs), "key %s differs after a round trip:\n%s",
			   differs, text);
		char *again = render(&b);
		FUZZ_CHECK(strcmp(text, again) == 0, "rendered twice differently:\n%s\n---\n%s", text,
			   again);
		free(again);
		free(text);
		diag_clear(&d);
		config_free(&b);
	}
	config_free(&a);
	return 0;
}
