/* The unit a report page is for (/report, /timesheet): the units the login may pick, the
 * form's unit field, and the unit asked for among them. */
#ifndef ATTEND_WEB_UNIT_PICK_H
#define ATTEND_WEB_UNIT_PICK_H

#include <stdbool.h>

#include "web/page.h"

/* The column of a page's agency query that says the login manages people (HR, a unit head,
 * an administrator): who may see a report of a unit, the database says. */
#define UNIT_PICK_MANAGER_SQL \
	"pg_has_role(current_user, 'attend_hr', 'MEMBER') OR pg_has_role(current_user, 'attend_unit_head', 'MEMBER')" \
	" OR pg_has_role(current_user, 'attend_admin', 'MEMBER')"

/* The units that have people the role sees (row-level security on attend.person): code, name,
 * id; NULL if the query failed (page_query said why). */
PGresult *unit_pick_units(struct page *pg);
/* The form's unit field: a <select> of units with `unit` selected; all: the words of the
 * empty choice that means every unit, or NULL for a field that must name one. */
void unit_pick_field(struct page *pg, PGresult *units, const char *unit, const char *all);
/* After the page's agency query `agency` (one row; column `manager` is UNIT_PICK_MANAGER_SQL's)
 * and unit_pick_units(): true to go on; false once the error page is made (a query failed,
 * no agency for this login, or a login that manages nobody). */
bool unit_pick_allowed(struct page *pg, PGresult *agency, int manager, PGresult *units);
/* The id of the unit whose code is `unit`, or NULL if units has none such (or unit is NULL). */
const char *unit_pick_id(PGresult *units, const char *unit);

#endif
