/* The unit a report page is for (web/unit_pick.h). */
#include "web/unit_pick.h"

#include <string.h>

PGresult *unit_pick_units(struct page *pg)
{
	return page_query(pg, "SELECT u.code, u.name, u.id::text FROM attend.org_unit u"
	                  " WHERE EXISTS (SELECT FROM attend.person p WHERE p.unit_id = u.id) ORDER BY u.code", 0, NULL);
}

void unit_pick_field(struct page *pg, PGresult *units, const char *unit, const char *all)
{
	struct dbuf *b = &pg->rs->body;
	html_raw(b, "<div><label for=\"unit\">%s</label><select id=\"unit\" name=\"unit\"%s>", T(pg, "Unit"),
	         all ? "" : " required");
	if (all)
		html_raw(b, "<option value=\"\">%s</option>", all);
	for (int i = 0; i < PQntuples(units); i++) {
		const char *code = PQgetvalue(units, i, 0);
		dbuf_puts(b, "<option value=\"");
		html_text(b, code);
		html_raw(b, "\"%s>", unit && !strcmp(unit, code) ? " selected" : "");
		html_text(b, code);
		dbuf_puts(b, " — ");
		html_text(b, PQgetvalue(units, i, 1));
		dbuf_puts(b, "</option>");
	}
	dbuf_puts(b, "</select></div>");
}

bool unit_pick_allowed(struct page *pg, PGresult *agency, int manager, PGresult *units)
{
	if (!agency || !units) {
		page_query_failed(pg);
		return false;
	}
	if (PQntuples(agency) == 0) {
		page_error(pg, 404, T(pg, "No such agency for your login."));
		return false;
	}
	if (PQgetvalue(agency, 0, manager)[0] != 't') {
		page_error(pg, 403, T(pg, "Your database role may not do this."));
		return false;
	}
	return true;
}

const char *unit_pick_id(PGresult *units, const char *unit)
{
	for (int i = 0; unit && i < PQntuples(units); i++)
		if (!strcmp(PQgetvalue(units, i, 0), unit))
			return PQgetvalue(units, i, 2);
	return NULL;
}
