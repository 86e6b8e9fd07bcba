/* stub */
#include "web/page.h"
void page_month(struct page *pg) { page_error(pg, 404, "todo"); }
