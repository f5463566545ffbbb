/* eventdata.c - the data rules of the event types kept by their own
 * modules (opportunity.c, feedback.c), and reading an entity row (see
 * eventdata.h). */
#include <string.h>
#include "csconsole/book.h"
#include "csconsole/date.h"
#include "csconsole/event.h"
#include "csconsole/eventdata.h"
#include "csconsole/text.h"
#include "csconsole/i18n.h"
#include "csconsole/util.h"

#define SEEN_MAX 256
#define MINOR_MAX 1000000000000000LL

static bool is_ident(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 63 || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

static int check_enum(const char *field, const char *s, const char *const *allowed)
{
	struct sbuf list = { 0 };
	for (size_t i = 0; allowed[i]; i++)
		if (str_eq(s, allowed[i]))
			return 0;
	for (size_t i = 0; allowed[i]; i++)
		sbuf_addf(&list, "%s%s", i ? ", " : "", allowed[i]);
	char *t = text_sanitize(s, false);
	error(N_("data.%s: \"%.40s\" is not allowed (allowed: %s)"), field, t, sbuf_str(&list));
	free(t);
	sbuf_free(&list);
	return -1;
}

static int check_one(const struct datacheck_field *f, json_object *v)
{
	char where[64];
	int day;
	if (f->kind == DC_SEEN) {
		size_t n = json_object_is_type(v, json_type_array) ? json_object_array_length(v) : 0;
		if (!json_object_is_type(v, json_type_array) || n > SEEN_MAX)
			return error(N_("data.seen: must be a list of at most %d event ids"), SEEN_MAX);
		for (size_t i = 0; i < n; i++)
			if (!ulid_valid(json_object_get_string(json_object_array_get_idx(v, i))))
				return error(N_("data.seen[%zu]: must be an event id (a ULID)"), i);
		return 0;
	}
	if (json_object_is_type(v, json_type_null))
		return f->flags & DC_NULL ? 0 : error(N_("data.%s: must not be null"), f->name);
	if (f->kind == DC_MINOR) {
		int64_t n = json_object_get_int64(v);
		if (!json_object_is_type(v, json_type_int) || n < 0 || n > MINOR_MAX)
			return error(N_("data.%s: must be a whole number of minor currency units (cents, "
				     "yen) from 0 to %lld"), f->name, MINOR_MAX);
		return 0;
	}
	if (!json_object_is_type(v, json_type_string))
		return error(N_("data.%s: must be a string"), f->name);
	const char *s = json_object_get_string(v);
	size_t len = (size_t)json_object_get_string_len(v);
	str_format(where, sizeof(where), "data.%s", f->name);
	switch (f->kind) {
	case DC_ENUM:
		return check_enum(f->name, s, f->allowed);
	case DC_IDENT:
		if (!is_ident(s))
			return error(N_("data.%s: must be a snake_case id (a-z, then a-z 0-9 _; at most 63)"),
				     f->name);
		return 0;
	case DC_DAY:
		if (!day_parse_iso(s, &day))
			return error(N_("data.%s: must be a date YYYY-MM-DD"), f->name);
		return 0;
	case DC_HANDLE:
		if (!handle_valid(s))
			return error(N_("data.%s: must be a CSM handle (1 to %d of a-z 0-9 . _ -)"), f->name,
				     HANDLE_MAX);
		return 0;
	case DC_CURRENCY:
		if (currency_exponent(s) < 0)
			return error(N_("data.%s: must be an ISO 4217 currency code (three capital letters)"),
				     f->name);
		return 0;
	case DC_TEXT:
		if ((f->flags & DC_NONEMPTY) && len == 0)
			return error(N_("data.%s: must not be empty"), f->name);
		return limit_check(f->limit, where, s, len);
	case DC_MINOR:
	case DC_SEEN:
		break;
	}
	return 0;
}

int datacheck(const char *type, const struct datacheck_field *fields, size_t n, bool at_least_one,
	      json_object *data)
{
	size_t set = 0;
	if (!json_object_is_type(data, json_type_object))
		return error(N_("data: must be an object"));
	/* Unknown fields first: a typo should not read as a missing field. */
	json_object_object_foreach(data, k, unused) {
		size_t i;
		(void)unused;
		for (i = 0; i < n && !str_eq(k, fields[i].name); i++)
			;
		if (i == n) {
			struct sbuf list = { 0 };
			for (size_t j = 0; j < n; j++)
				sbuf_addf(&list, "%s%s", j ? ", " : "", fields[j].name);
			char *ks = text_sanitize(k, false);
			error(N_("data: unknown field \"%.40s\" for %s (allowed: %s)"), ks, type, sbuf_str(&list));
			free(ks);
			sbuf_free(&list);
			return -1;
		}
	}
	for (size_t i = 0; i < n; i++) {
		json_object *v;
		if (!json_object_object_get_ex(data, fields[i].name, &v)) {
			if (fields[i].flags & DC_REQ)
				return error(N_("data.%s: missing (%s requires it)"), fields[i].name, type);
			continue;
		}
		if (check_one(&fields[i], v))
			return -1;
		set += fields[i].kind != DC_SEEN;
	}
	if (at_least_one && set == 0) {
		struct sbuf list = { 0 };
		for (size_t j = 0; j < n; j++)
			if (fields[j].kind != DC_SEEN)
				sbuf_addf(&list, "%s%s", list.len ? ", " : "", fields[j].name);
		error(N_("data: %s sets no field (give at least one of %s)"), type, sbuf_str(&list));
		sbuf_free(&list);
		return -1;
	}
	return 0;
}

const char *entity_row_get(const struct entity_row *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (str_eq(r->names[i], name))
			return r->values[i];
	return NULL;
}
