/* fuzz_event.c - the event validator (event.c): arbitrary bytes as one JSON
 * event, as a segment line brings it.
 *
 * The bytes are parsed with json-c (strictly, as segment.c does); a JSON
 * object goes through json_canonical(), whose text must parse back to the
 * same canonical text. event_from_json() must accept or refuse with a reason; an
 * accepted event must survive its own round trip: event_to_json(), parsed
 * and validated again, gives the same text, and its hlc formats and parses
 * back to itself.
 */
#include "fuzz.h"
#include "csconsole/event.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_init();
	return 0;
}

static json_object *parse(const char *text, size_t len)
{
	json_tokener *tok = json_tokener_new_ex(16);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	json_object *obj = json_tokener_parse_ex(tok, text, (int)len);
	if (obj && json_tokener_get_parse_end(tok) != len) {
		json_object_put(obj);
		obj = NULL;
	}
	json_tokener_free(tok);
	return obj;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	json_object *obj = parse((const char *)data, size);
	if (!obj)
		return 0;

	/* (json-c reads a bare number only when something follows it, so the
	 * round trip is checked for what segment lines hold: objects) */
	if (!json_object_is_type(obj, json_type_object)) {
		json_object_put(obj);
		return 0;
	}
	char *canon = json_canonical(obj);
	FUZZ_CHECK(canon != NULL, "json_canonical returned NULL");
	json_object *again = parse(canon, strlen(canon));
	FUZZ_CHECK(again != NULL, "canonical text does not parse: %s", canon);
	char *canon2 = json_canonical(again);
	FUZZ_CHECK(strcmp(canon, canon2) == 0, "canonical text changes:\n%s\n%s", canon, canon2);
	free(canon2);
	json_object_put(again);
	free(canon);

	struct event e;
	error_clear();
	if (event_from_json(obj, &e) != 0) {
		FUZZ_CHECK(error_message()[0] != '\0', "an event refused without a reason");
	} else {
		char *text = event_to_json(&e);
		json_object *o2 = parse(text, strlen(text));
		FUZZ_CHECK(o2 != NULL, "event_to_json gives text that does not parse: %s", text);
		struct event e2;
		if (event_from_json(o2, &e2) != 0)
			FUZZ_CHECK(0, "event_to_json's text is refused (%s): %s", error_message(), text);
		char *text2 = event_to_json(&e2);
		FUZZ_CHECK(strcmp(text, text2) == 0, "round trip changes the event:\n%s\n%s", text, text2);
		char h[HLC_TEXT_SIZE];
		struct hlc back;
		hlc_format(e.hlc, h);
		FUZZ_CHECK(hlc_parse(h, &back) && hlc_compare(back, e.hlc) == 0, "hlc %s", h);
		FUZZ_CHECK(ulid_valid(e.id) && ulid_valid(e.device), "an accepted event with a bad ULID");
		free(text2);
		event_free(&e2);
		json_object_put(o2);
		free(text);
		event_free(&e);
	}
	json_object_put(obj);
	return 0;
}
