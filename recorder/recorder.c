/* attend-recorder: MQTT -> PostgreSQL, one or more per central host (recorder/recorder_run.h). */
#include <stdio.h>

#include "lib/cli.h"
#include "lib/clock.h"
#include "lib/log.h"
#include "recorder/recorder_check.h"
#include "recorder/recorder_config.h"
#include "recorder/recorder_run.h"

int main(int argc, char **argv)
{
	struct daemon_args a;
	int rc = daemon_args_parse(&a, argc, argv, "attend-recorder", "/etc/attendd/recorder.ini",
	                           "log more");
	if (rc >= 0)
		return rc;
	const char *path = a.config;
	struct recorder_config cfg;
	char err[512];
	if (recorder_config_load(&cfg, path, err, sizeof err) != 0) {
		fprintf(stderr, "attend-recorder: %s\n", err);
		return 1;
	}
	if (mqtt_config_check_secrets(&cfg.mqtt, err, sizeof err) != 0 ||   /* -n too */
	    recorder_config_check_secrets(&cfg, path, err, sizeof err) != 0) {
		fprintf(stderr, "attend-recorder: %s: %s\n", path, err);
		recorder_config_free(&cfg);
		return 1;
	}
	if (clock_check_env(err, sizeof err) != 0) {
		fprintf(stderr, "attend-recorder: %s\n", err);
		recorder_config_free(&cfg);
		return 1;
	}
	if (a.check) {
		int problems = recorder_config_check(&cfg, path, a.online);
		if (problems) {
			fprintf(stderr, "attend-recorder: %s: %d problem(s)\n", path, problems);
			recorder_config_free(&cfg);
			return 1;
		}
		printf("%s: configuration OK (recorder %s, group %s)\n", path, cfg.id, cfg.share_group);
		recorder_config_free(&cfg);
		return 0;
	}
	log_init("attend-recorder", a.debug ? LOG_TO_STDERR : cfg.log_target, a.verbose || cfg.verbose);
	return recorder_run(&cfg);
}
