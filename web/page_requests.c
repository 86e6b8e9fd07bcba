#include "web/page.h"
void page_requests(struct page *pg) { page_error(pg, 404, "todo"); }
void page_request_leave(struct page *pg) { page_error(pg, 404, "todo"); }
void page_request_tap(struct page *pg) { page_error(pg, 404, "todo"); }
void page_request_decide(struct page *pg) { page_error(pg, 404, "todo"); }
