/* attendd's INI loader (inih + our handlers) on hostile text. */
#include <stdlib.h>
#include <string.h>

#include "edge/edge_config.h"
#include "tests/fuzz/fuzz.h"

FUZZ_TARGET(edge_config)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct edge_config c;
	char err[512];
	if (edge_config_load_string(&c, "attendd.ini", text, err, sizeof err) == 0)
		edge_config_free(&c);
	free(text);
	return 0;
}
