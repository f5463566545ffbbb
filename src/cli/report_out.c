/* report_out.c - a struct report as text, csv, json or markdown
 * (report_out.h). Text and markdown are for people: titles translated,
 * cells formatted and sanitized; csv and json are for scripts: the column
 * ids, plain numbers, never translated. */
#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "csconsole/book.h"
#include "csconsole/csvheaders.h"
#include "csconsole/csvout.h"
#include "csconsole/date.h"
#include "csconsole/i18n.h"
#include "csconsole/report_out.h"
#include "csconsole/text.h"

#define CELL_MAX 256
#define TEXT_COL_MAX 40     /* cells: a text column wider than this is cut with an ellipsis */

static const char *const type_names[] = {
	[CELL_EMPTY] = "empty", [CELL_TEXT] = "text", [CELL_INT] = "int",
	[CELL_MONEY] = "money", [CELL_PERCENT] = "percent", [CELL_DAY] = "day",
};

void report_cell_plain(const struct report_cell *c, char *out, size_t size)
{
	out[0] = '\0';
	switch (c->type) {
	case CELL_MONEY:
		if (c->currency[0])
			money_decimal(report_cell_minor(c), c->currency, out, size);
		else
			str_format(out, size, "%.2f", c->d);
		break;
	case CELL_PERCENT:
		str_format(out, size, "%.4f", c->d);
		break;
	case CELL_TEXT:   /* csvout and json-c quote; the text goes as it is */
		str_copy(out, size, c->text ? c->text : "");
		break;
	default:
		report_cell_format(c, out, size);
	}
}

static bool right_aligned(const struct report_col *col)
{
	return col->type == CELL_INT || col->type == CELL_MONEY || col->type == CELL_PERCENT;
}

static void put_fitted(FILE *fp, const char *s, int width, bool right)
{
	char buf[CELL_MAX * 2];
	int w = text_width(s);
	if (w > width) {
		text_fit(s, width, true, buf, sizeof(buf));
		fputs(buf, fp);
		return;
	}
	if (right)
		fprintf(fp, "%*s%s", width - w, "", s);
	else
		fprintf(fp, "%s%*s", s, width - w, "");
}

/* A line without its trailing blanks, then a line end. */
static void put_trimmed(FILE *fp, const char *line)
{
	size_t len = strlen(line);
	while (len && line[len - 1] == ' ')
		len--;
	fwrite(line, 1, len, fp);
	fputc('\n', fp);
}

/* The accounts behind a row, wrapped under it. */
static void text_accounts(FILE *fp, const struct report_row *row)
{
	const int wrap = 76;
	int col = 0;
	if (!row->accounts.len)
		return;
	fprintf(fp, "    %s", _("accounts:"));
	col = 4 + text_width(_("accounts:"));
	for (size_t a = 0; a < row->accounts.len; a++) {
		char *id = text_sanitize(row->accounts.items[a], false);
		int w = text_width(id) + 1;
		if (col + w > wrap && col > 8) {
			fputs("\n       ", fp);
			col = 7;
		}
		fprintf(fp, " %s", id);
		col += w;
		free(id);
	}
	fputc('\n', fp);
}

void report_write_text(FILE *fp, const struct report *r, bool accounts)
{
	size_t nc = r->ncols;
	int *width = xcalloc(nc ? nc : 1, sizeof(int));
	char buf[CELL_MAX];
	int total = 0;

	for (size_t c = 0; c < nc; c++)
		width[c] = text_width(_(r->cols[c].title));
	for (size_t i = 0; i < r->nrows; i++)
		for (size_t c = 0; c < nc; c++) {
			report_cell_format(&r->rows[i].cells[c], buf, sizeof(buf));
			int w = text_width(buf);
			if (w > width[c])
				width[c] = w > TEXT_COL_MAX && !right_aligned(&r->cols[c]) ? TEXT_COL_MAX : w;
		}
	for (size_t c = 0; c < nc; c++)
		total += width[c] + (c ? 2 : 0);

	if (r->title) {
		char *t = text_sanitize(r->title, false);
		fprintf(fp, "%s\n\n", t);
		free(t);
	}
	char *line = NULL;
	size_t line_size = 0;
	FILE *mem = open_memstream(&line, &line_size);
	if (!mem)
		die(_("out of memory"));
	for (size_t c = 0; c < nc; c++) {
		fputs(c ? "  " : "", mem);
		put_fitted(mem, _(r->cols[c].title), width[c], right_aligned(&r->cols[c]));
	}
	fclose(mem);
	put_trimmed(fp, line);
	free(line);
	line = NULL;
	for (int k = 0; k < total; k++)
		fputc('-', fp);
	fputc('\n', fp);
	for (size_t i = 0; i < r->nrows; i++) {
		const struct report_row *row = &r->rows[i];
		/* a total or group row after detail rows: a rule above it */
		if (row->level == 0 && i > 0 && r->rows[i - 1].level > 0) {
			for (int k = 0; k < total; k++)
				fputc('-', fp);
			fputc('\n', fp);
		}
		/* the row into a buffer, to end it without trailing blanks */
		mem = open_memstream(&line, &line_size);
		if (!mem)
			die(_("out of memory"));
		for (size_t c = 0; c < nc; c++) {
			report_cell_format(&row->cells[c], buf, sizeof(buf));
			fputs(c ? "  " : "", mem);
			put_fitted(mem, buf, width[c], right_aligned(&r->cols[c]));
		}
		fclose(mem);
		put_trimmed(fp, line);
		free(line);
		line = NULL;
		if (accounts)
			text_accounts(fp, row);
	}
	if (!r->nrows)
		fprintf(fp, "%s\n", _("(no rows: nothing in the book matches)"));
	if (r->formula) {
		char *f = text_sanitize(r->formula, true);
		fprintf(fp, "\n%s\n", f);
		free(f);
	}
	for (size_t n = 0; n < r->notes.len; n++) {
		char *t = text_sanitize(r->notes.items[n], false);
		fprintf(fp, n ? "%s\n" : "\n%s\n", t);
		free(t);
	}
	free(width);
}

/* Markdown cells: no pipes or line ends inside. */
static void md_cell(FILE *fp, const char *s)
{
	fputc(' ', fp);
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", fp);
		else if (*s == '\n' || *s == '\r')
			fputc(' ', fp);
		else
			fputc(*s, fp);
	}
	fputs(" |", fp);
}

void report_write_markdown(FILE *fp, const struct report *r, bool accounts)
{
	char buf[CELL_MAX];
	if (r->title) {
		char *t = text_sanitize(r->title, false);
		fprintf(fp, "## %s\n\n", t);
		free(t);
	}
	fputc('|', fp);
	for (size_t c = 0; c < r->ncols; c++)
		md_cell(fp, _(r->cols[c].title));
	if (accounts)
		md_cell(fp, _("Accounts"));
	fputs("\n|", fp);
	for (size_t c = 0; c < r->ncols; c++)
		fputs(right_aligned(&r->cols[c]) ? " ---: |" : " --- |", fp);
	if (accounts)
		fputs(" --- |", fp);
	fputc('\n', fp);
	for (size_t i = 0; i < r->nrows; i++) {
		const struct report_row *row = &r->rows[i];
		fputc('|', fp);
		for (size_t c = 0; c < r->ncols; c++) {
			report_cell_format(&row->cells[c], buf, sizeof(buf));
			if (row->level == 0 && buf[0]) {   /* totals and groups in bold */
				char bold[CELL_MAX + 8];
				str_format(bold, sizeof(bold), "**%s**", buf);
				md_cell(fp, bold);
			} else {
				md_cell(fp, buf);
			}
		}
		if (accounts) {
			char *ids = strlist_join(&row->accounts, ", ");
			char *clean = text_sanitize(ids, false);
			md_cell(fp, clean);
			free(clean);
			free(ids);
		}
		fputc('\n', fp);
	}
	if (r->formula) {
		char *f = text_sanitize(r->formula, true);
		fprintf(fp, "\n%s\n", f);
		free(f);
	}
	for (size_t n = 0; n < r->notes.len; n++) {
		char *t = text_sanitize(r->notes.items[n], false);
		fprintf(fp, "\n- %s", t);
		free(t);
	}
	if (r->notes.len)
		fputc('\n', fp);
}

void report_write_csv(struct csvout *w, const struct report *r, bool accounts)
{
	char buf[CELL_MAX];
	for (size_t c = 0; c < r->ncols; c++) {
		/* --headers localized: the column's own translated title (and
		 * "TITLE (Currency)"); the writer leaves a title it does not
		 * know as an id as it is. */
		const char *title = _(r->cols[c].title);
		csvout_cell(w, w->localized ? title : r->cols[c].id);
		if (r->cols[c].type == CELL_MONEY) {
			if (w->localized)
				str_format(buf, sizeof(buf), "%s (%s)", title, csv_header_label("currency"));
			else
				str_format(buf, sizeof(buf), "%s_currency", r->cols[c].id);
			csvout_cell(w, buf);
		}
	}
	if (accounts)
		csvout_cell(w, "accounts");
	csvout_end_row(w);
	for (size_t i = 0; i < r->nrows; i++) {
		const struct report_row *row = &r->rows[i];
		for (size_t c = 0; c < r->ncols; c++) {
			const struct report_cell *cell = &row->cells[c];
			report_cell_plain(cell, buf, sizeof(buf));
			csvout_cell(w, cell->type == CELL_TEXT ? (cell->text ? cell->text : "") : buf);
			if (r->cols[c].type == CELL_MONEY)
				csvout_cell(w, cell->type == CELL_MONEY ? cell->currency : "");
		}
		if (accounts) {
			char *ids = strlist_join(&row->accounts, " ");
			csvout_cell(w, ids);
			free(ids);
		}
		csvout_end_row(w);
	}
}

static json_object *json_cell(const struct report_cell *c)
{
	char buf[CELL_MAX];
	switch (c->type) {
	case CELL_EMPTY: return NULL;
	case CELL_TEXT: return json_object_new_string(c->text ? c->text : "");
	case CELL_INT: return json_object_new_int64(c->i);
	case CELL_MONEY:
		report_cell_plain(c, buf, sizeof(buf));
		return json_object_new_double_s(c->d, buf);
	case CELL_PERCENT:
		report_cell_plain(c, buf, sizeof(buf));
		return json_object_new_double_s(c->d, buf);
	case CELL_DAY:
		report_cell_plain(c, buf, sizeof(buf));
		return c->i ? json_object_new_string(buf) : NULL;
	}
	return NULL;
}

void report_write_json(FILE *fp, const struct report *r, bool accounts)
{
	json_object *o = json_object_new_object(), *cols = json_object_new_array(),
		    *rows = json_object_new_array(), *notes = json_object_new_array();
	json_object_object_add(o, "report", json_object_new_string(r->id ? r->id : ""));
	json_object_object_add(o, "title", r->title ? json_object_new_string(r->title) : NULL);
	json_object_object_add(o, "formula", r->formula ? json_object_new_string(r->formula) : NULL);
	for (size_t n = 0; n < r->notes.len; n++)
		json_object_array_add(notes, json_object_new_string(r->notes.items[n]));
	json_object_object_add(o, "notes", notes);
	for (size_t c = 0; c < r->ncols; c++) {
		json_object *col = json_object_new_object();
		json_object_object_add(col, "id", json_object_new_string(r->cols[c].id));
		json_object_object_add(col, "title", json_object_new_string(_(r->cols[c].title)));
		json_object_object_add(col, "type", json_object_new_string(type_names[r->cols[c].type]));
		json_object_array_add(cols, col);
	}
	json_object_object_add(o, "columns", cols);
	for (size_t i = 0; i < r->nrows; i++) {
		const struct report_row *row = &r->rows[i];
		json_object *jr = json_object_new_object();
		json_object_object_add(jr, "level", json_object_new_int(row->level));
		for (size_t c = 0; c < r->ncols; c++) {
			json_object_object_add(jr, r->cols[c].id, json_cell(&row->cells[c]));
			if (r->cols[c].type == CELL_MONEY) {
				char key[96];
				str_format(key, sizeof(key), "%s_currency", r->cols[c].id);
				json_object_object_add(jr, key, row->cells[c].type == CELL_MONEY &&
						       row->cells[c].currency[0] ?
						       json_object_new_string(row->cells[c].currency) : NULL);
			}
		}
		if (accounts) {
			json_object *ids = json_object_new_array();
			for (size_t a = 0; a < row->accounts.len; a++)
				json_object_array_add(ids, json_object_new_string(row->accounts.items[a]));
			json_object_object_add(jr, "accounts", ids);
		}
		json_object_array_add(rows, jr);
	}
	json_object_object_add(o, "rows", rows);
	fprintf(fp, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
							   JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}
