/* Shared XLSX layout of the documents made for people (ctl/doc_xlsx.h). */
#include <string.h>

#include "doc/doc_xlsx.h"
#include "doc/doc.h"

void doc_xlsx_formats(lxw_workbook *wb, struct doc_xlsx_formats *f)
{
	lxw_format **all[] = { &f->title, &f->subtitle, &f->head, &f->text, &f->wrap, &f->integer,
	                       &f->number, &f->percent, &f->sign_date, &f->signer, &f->sign_note };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		*all[i] = workbook_add_format(wb);
		format_set_font_name(*all[i], "Times New Roman");
		format_set_font_size(*all[i], 11);
	}
	format_set_bold(f->title);
	format_set_font_size(f->title, 14);
	format_set_italic(f->subtitle);
	format_set_bold(f->head);
	format_set_text_wrap(f->head);
	format_set_align(f->head, LXW_ALIGN_CENTER);
	format_set_align(f->head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_border(f->head, LXW_BORDER_THIN);
	format_set_bg_color(f->head, 0xEDEDED);
	lxw_format *body[] = { f->text, f->wrap, f->integer, f->number, f->percent };
	for (size_t i = 0; i < sizeof body / sizeof body[0]; i++) {
		format_set_border(body[i], LXW_BORDER_THIN);
		format_set_align(body[i], LXW_ALIGN_VERTICAL_TOP);
	}
	format_set_text_wrap(f->wrap);
	format_set_num_format(f->integer, "0");
	format_set_num_format(f->number, "0.##");
	format_set_num_format(f->percent, "0.0%");
	format_set_italic(f->sign_date);
	format_set_align(f->sign_date, LXW_ALIGN_CENTER);
	format_set_bold(f->signer);
	format_set_align(f->signer, LXW_ALIGN_CENTER);
	format_set_italic(f->sign_note);
	format_set_align(f->sign_note, LXW_ALIGN_CENTER);
}

lxw_row_t doc_xlsx_title(lxw_worksheet *ws, const struct doc_xlsx_formats *f, const char *title,
                         const char *const *lines, int nlines)
{
	worksheet_write_string(ws, 0, 0, title, f->title);
	worksheet_set_row(ws, 0, 20, NULL);
	for (int i = 0; i < nlines; i++)
		worksheet_write_string(ws, (lxw_row_t)(1 + i), 0, lines[i], f->subtitle);
	return (lxw_row_t)(1 + nlines);
}

void doc_xlsx_page(lxw_worksheet *ws, lxw_row_t head_row)
{
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);   /* A4 */
	worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.5);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_center_horizontally(ws);
	worksheet_repeat_rows(ws, head_row, head_row);
	worksheet_freeze_panes(ws, head_row + 1, 0);
}

double doc_xlsx_width(size_t longest, const char *heading)
{
	/* a heading wraps at its spaces: its longest word must fit, and a short column still
	 * takes a heading of two or three words on at most three lines */
	size_t word = 0, cur = 0, all = heading ? hr_width(heading) : 0;
	for (const char *s = heading ? heading : ""; ; s++) {
		if (!*s || *s == ' ') {
			if (cur > word)
				word = cur;
			cur = 0;
			if (!*s)
				break;
		} else if (((unsigned char)*s & 0xC0) != 0x80)
			cur++;
	}
	size_t w = longest;
	if (w < word)
		w = word;
	if (w < (all + 2) / 3)
		w = (all + 2) / 3;
	if (w < 4)
		w = 4;
	if (w > DOC_XLSX_WRAP_AT)
		w = DOC_XLSX_WRAP_AT;
	return (double)w * 1.1 + 2;   /* Times New Roman 11 is a little wider than the default font */
}

int doc_xlsx_lines(const char *text, double width)
{
	/* the lines a wrapped cell takes: words laid out in the characters the width holds (the
	 * spreadsheet does not size a row itself when the file says nothing, so we say it) */
	size_t room = width > 4 ? (size_t)((width - 2) / 1.1) : 1, line = 0;
	int lines = 1;
	const char *s = text ? text : "";
	while (*s) {
		const char *e = s;
		size_t w = 0;
		while (*e && *e != ' ') {
			w += ((unsigned char)*e & 0xC0) != 0x80;
			e++;
		}
		if (line && line + 1 + w > room) {
			lines++;
			line = 0;
		}
		line += (line ? 1 : 0) + w;
		while (line > room) {   /* a word longer than the line is broken */
			lines++;
			line -= room;
		}
		s = *e ? e + 1 : e;
	}
	return lines;
}

lxw_row_t doc_xlsx_signatures(lxw_worksheet *ws, const struct doc_xlsx_formats *f, lxw_row_t row,
                              int ncols, const char *const *signers, int nsigners)
{
	if (ncols < 2 * nsigners)
		ncols = 2 * nsigners;
	/* one signer signs on the right, like the last of several */
	int first = nsigners == 1 ? ncols / 2 : 0;
	int per = (ncols - first) / nsigners;
	row++;
	lxw_col_t last0 = (lxw_col_t)(first + per * (nsigners - 1)), last1 = (lxw_col_t)(ncols - 1);
	if (last0 == last1)
		worksheet_write_string(ws, row, last0, _("......, date ..... month ..... year ......."), f->sign_date);
	else
		worksheet_merge_range(ws, row, last0, row, last1, _("......, date ..... month ..... year ......."),
		                      f->sign_date);
	row++;
	for (int k = 0; k < nsigners; k++) {
		lxw_col_t c0 = (lxw_col_t)(first + per * k),
		          c1 = k == nsigners - 1 ? last1 : (lxw_col_t)(first + per * (k + 1) - 1);
		if (c0 == c1) {
			worksheet_write_string(ws, row, c0, _(signers[k]), f->signer);
			worksheet_write_string(ws, row + 1, c0, _("(Signature, full name)"), f->sign_note);
		} else {
			worksheet_merge_range(ws, row, c0, row, c1, _(signers[k]), f->signer);
			worksheet_merge_range(ws, row + 1, c0, row + 1, c1, _("(Signature, full name)"), f->sign_note);
		}
	}
	return row + 6;   /* room to sign */
}

lxw_worksheet *doc_xlsx_sheet(lxw_workbook *wb, const char *name)
{
	/* a sheet name is at most 31 characters, without []:*?/\ */
	char buf[128];
	size_t o = 0, chars = 0;
	for (const char *s = name; *s && o < sizeof buf - 1; s++) {
		bool lead = ((unsigned char)*s & 0xC0) != 0x80;
		if (lead && chars == 31)
			break;
		chars += lead;
		buf[o++] = strchr("[]:*?/\\", *s) ? '-' : *s;
	}
	buf[o] = '\0';
	return workbook_add_worksheet(wb, buf);
}
