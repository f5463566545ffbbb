/* book_same.h - two book rows alike, field by field (the book tests). */
#ifndef TEST_BOOK_SAME_H
#define TEST_BOOK_SAME_H

static void same_str(const char *a, const char *b, const char *what, const char *crm)
{
	if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
		fail_msg("%s: %s differs: \"%s\" / \"%s\"", crm, what, a ? a : "(null)", b ? b : "(null)");
}

/* Every field but the ranks, whose numbering depends on the rows fetched
 * together (the tests check their order through book_order). */
static void same_row(const struct book_row *a, const struct book_row *b)
{
	same_str(a->crm_id, b->crm_id, "crm_id", a->crm_id);
	assert_true(a->account_id == b->account_id && a->account_id > 0);
	same_str(a->name, b->name, "name", a->crm_id);
	same_str(a->fold, b->fold, "fold", a->crm_id);
	same_str(a->other_owner, b->other_owner, "other_owner", a->crm_id);
	same_str(a->main_owner, b->main_owner, "main_owner", a->crm_id);
	same_str(a->sub_owner, b->sub_owner, "sub_owner", a->crm_id);
	same_str(a->touch_model, b->touch_model, "touch_model", a->crm_id);
	same_str(a->stage, b->stage, "stage", a->crm_id);
	same_str(a->currency, b->currency, "currency", a->crm_id);
	same_str(a->top_risk_category, b->top_risk_category, "top_risk_category", a->crm_id);
	same_str(a->next_touch_kind, b->next_touch_kind, "next_touch_kind", a->crm_id);
	same_str(a->risk_categories, b->risk_categories, "risk_categories", a->crm_id);
	same_str(a->blind_reason, b->blind_reason, "blind_reason", a->crm_id);
	assert_int_equal(a->role, b->role);
	assert_true(a->arr_minor == b->arr_minor);
	assert_int_equal(a->has_health, b->has_health);
	assert_true(memcmp(&a->health, &b->health, sizeof(a->health)) == 0);
	assert_int_equal(a->has_health_delta, b->has_health_delta);
	assert_true(memcmp(&a->health_delta4w, &b->health_delta4w, sizeof(a->health_delta4w)) == 0);
	assert_int_equal(a->renewal_day, b->renewal_day);
	assert_int_equal(a->days_left, b->days_left);
	assert_int_equal(a->n_spark, b->n_spark);
	assert_true(memcmp(a->spark, b->spark, (size_t)a->n_spark * sizeof(*a->spark)) == 0);
	assert_int_equal(a->open_risks, b->open_risks);
	assert_int_equal(a->open_high_risks, b->open_high_risks);
	assert_int_equal(a->top_risk_severity, b->top_risk_severity);
	assert_int_equal(a->next_touch_day, b->next_touch_day);
	assert_int_equal(a->overdue, b->overdue);
	assert_int_equal(a->last_sentiment, b->last_sentiment);
	assert_int_equal(a->last_touch_day, b->last_touch_day);
	assert_int_equal(a->blind, b->blind);
	assert_int_equal(a->has_attention, b->has_attention);
	assert_true(memcmp(&a->attention, &b->attention, sizeof(a->attention)) == 0);
	assert_int_equal(a->health_day, b->health_day);
	assert_true(memcmp(&a->health_max, &b->health_max, sizeof(a->health_max)) == 0);
	assert_int_equal(a->seats, b->seats);
	assert_int_equal(a->metric_first_day, b->metric_first_day);
	assert_int_equal(a->seats_day, b->seats_day);
	assert_true(memcmp(&a->seats_active, &b->seats_active, sizeof(a->seats_active)) == 0);
}

#endif
