/* The recorder's INI loader on hostile text. */
#include <stdlib.h>
#include <string.h>

#include "recorder/recorder_config.h"
#include "tests/fuzz/fuzz.h"

FUZZ_TARGET(recorder_config)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct recorder_config c;
	char err[512];
	if (recorder_config_load_string(&c, "recorder.ini", text, err, sizeof err) == 0)
		recorder_config_free(&c);
	free(text);
	return 0;
}
