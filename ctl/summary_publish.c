/* The month's summary on MQTT: one retained message per agency and month at
 * <topic_root>/<agency>/summary/<YYYY-MM> (docs/wire.md).  Aggregates only: the people's rows
 * stay in the database and the files.  The payload carries no clock, so a rerun with the same
 * results publishes the same bytes. */
#include <errno.h>
#include <json-c/json.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ctl/scores.h"
#include "lib/ini.h"
#include "lib/mqtt.h"

static void add_int(struct json_object *o, const char *k, int v)
{
	json_object_object_add(o, k, json_object_new_int(v));
}

static void add_pts(struct json_object *o, const char *k, score_pts p)
{
	char b[16];
	score_format(p, b, sizeof b);
	json_object_object_add(o, k, json_object_new_double_s(p / 100.0, b));
}

char *summary_payload(const struct summary *s, enum summary_outcome outcome)
{
	static const char *const outcomes[] = { "written", "unchanged", "held_locked", "rescored_locked" };
	struct json_object *o = json_object_new_object();
	add_int(o, "v", 1);
	json_object_object_add(o, "agency", json_object_new_string(s->agency_code));
	json_object_object_add(o, "month", json_object_new_string(s->month_text));
	json_object_object_add(o, "as_of", json_object_new_string(s->as_of));
	json_object_object_add(o, "complete", json_object_new_boolean(s->complete));
	json_object_object_add(o, "outcome", json_object_new_string(outcomes[outcome]));
	json_object_object_add(o, "digest", json_object_new_string(s->digest));
	struct json_object *rs = json_object_new_object();
	add_int(rs, "id", s->rules.version);
	json_object_object_add(rs, "label", json_object_new_string(s->rules.label));
	json_object_object_add(o, "rule_set", rs);
	add_int(o, "people", s->npeople);

	int bands[SCORE_BAND_EXCELLENT + 1] = { 0 }, capped = 0, ties = 0;
	int alerts[SCORE_ALERT_KINDS] = { 0 };
	struct score_discipline tot = { 0 };
	int64_t sub = 0;
	for (int i = 0; i < s->npeople; i++) {
		const struct summary_person *x = &s->people[i];
		bands[x->card->band]++;
		capped += x->card->capped;
		ties += x->card->tie_at_cap;
		tot.late_count += x->d.late_count;
		tot.early_count += x->d.early_count;
		tot.half_days += x->d.half_days;
		tot.days += x->d.days;
		tot.missing_taps += x->d.missing_taps;
		tot.badge_not_worn += x->d.badge_not_worn;
		sub += x->d.sub_score;
		for (int k = 0; k < SCORE_ALERT_KINDS; k++)
			alerts[k] += !!(x->alerts.mask & (1u << k));
	}
	struct json_object *b = json_object_new_object();
	for (int k = SCORE_BAND_EXCELLENT; k >= SCORE_BAND_NOT_RANKED; k--)
		add_int(b, score_band_name((enum score_band)k), bands[k]);
	add_int(b, "capped", capped);
	add_int(b, "tie_at_cap", ties);
	json_object_object_add(o, "bands", b);
	struct json_object *d = json_object_new_object();
	add_int(d, "late", tot.late_count);
	add_int(d, "early_leave", tot.early_count);
	add_int(d, "unexcused_half_days", tot.half_days);
	add_int(d, "unexcused_days", tot.days);
	add_int(d, "missing_taps", tot.missing_taps);
	add_int(d, "badge_not_worn", tot.badge_not_worn);
	add_pts(d, "mean_sub_score", s->npeople ? (score_pts)((2 * sub + s->npeople) / (2 * s->npeople)) : 0);
	json_object_object_add(o, "discipline", d);
	struct json_object *a = json_object_new_object();
	for (int k = 0; k < SCORE_ALERT_KINDS; k++)
		add_int(a, score_alert_name((enum score_alert_kind)k), alerts[k]);
	json_object_object_add(o, "alerts", a);
	struct json_object *cl = json_object_new_array();
	for (int u = 0; u < s->nunits; u++) {
		if (!s->coll[u].members)
			continue;
		struct json_object *c = json_object_new_object();
		json_object_object_add(c, "unit", json_object_new_string(s->units[u].code));
		add_int(c, "members", s->coll[u].members);
		add_pts(c, "score", s->coll[u].score);
		json_object_object_add(c, "band", json_object_new_string(score_band_name((enum score_band)s->coll[u].band)));
		add_int(c, "rank", s->coll[u].rank);
		json_object_array_add(cl, c);
	}
	json_object_object_add(o, "collectives", cl);
	struct json_object *aw = json_object_new_object(), *ind = json_object_new_array(), *col = json_object_new_array();
	for (int i = 0; i < s->naward_ind; i++)
		json_object_array_add(ind, json_object_new_string(summary_person_of(s, s->cards[s->award_ind[i]].person_id)->code));
	for (int i = 0; i < s->naward_coll; i++)
		json_object_array_add(col, json_object_new_string(s->units[s->award_coll[i]].code));
	json_object_object_add(aw, "individuals", ind);
	json_object_object_add(aw, "collectives", col);
	json_object_object_add(aw, "tie_at_quota", json_object_new_boolean(s->tie_ind || s->tie_coll));
	json_object_object_add(o, "awards", aw);
	char *out = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return out;
}

static int on_option(void *u, const char *section, const char *n, const char *v, char *err, size_t errlen)
{
	if (!strcmp(section, "mqtt"))
		return mqtt_config_set(u, n, v, err, errlen);
	return 0;   /* the file may be a recorder.ini: other sections are not ours */
}

/* The first failed attempt on a broker is the answer: the next one is tried at once. */
static void on_down(void *u, enum mqtt_down kind, const char *why, bool repeat)
{
	(void)kind;
	(void)why;
	(void)repeat;
	atomic_store((atomic_bool *)u, true);
}

/* One broker of the list: 0 when it took the message, else -1 with the reason said. */
static int publish_on(const struct mqtt_config *cfg, size_t broker, const char *id,
                      const char *topic, const char *payload)
{
	char err[512] = "", name[300];
	atomic_bool down = false;
	struct mqtt_callbacks cb = { .down = on_down, .user = &down };
	struct mqtt *m = NULL;
	int rc = -1;
	mqtt_broker_label(cfg, broker, name, sizeof name);
	if (mqtt_new(&m, cfg, id, &cb, NULL, NULL, err, sizeof err) != 0) {
		fprintf(stderr, "attendctl: summary: MQTT: %s\n", err);
		return -1;
	}
	mqtt_use_broker(m, broker);
	if (mqtt_start(m, err, sizeof err) != 0) {
		fprintf(stderr, "attendctl: summary: MQTT: %s\n", err);
		goto out;
	}
	for (int i = 0; i < 100 && !mqtt_connected(m) && !atomic_load(&down); i++)
		nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
	char why[160] = "";
	int e = mqtt_publish_wait(m, topic, payload, strlen(payload), true, 10000, why, sizeof why);
	if (e == -EACCES) {
		/* a refused message went nowhere: the broker's v5 PUBACK is the only place it says so */
		fprintf(stderr, "attendctl: summary: the broker %s refused the publish to %s: %s "
		        "(check the broker's ACL for this login%s%s)\n", name, topic, why,
		        cfg->username ? ", user " : "", cfg->username ? cfg->username : "");
		goto out;
	}
	if (e != 0) {
		fprintf(stderr, "attendctl: summary: MQTT publish to %s on %s failed: %s\n", topic,
		        name, e == -ENOTCONN ? "not connected to the broker" : strerror(-e));
		goto out;
	}
	rc = 0;
out:
	mqtt_free(m);
	return rc;
}

int summary_publish(const struct summary *s, const char *payload, const char *mqtt_ini,
                    const char *host, const char *port)
{
	struct mqtt_config cfg;
	char err[512] = "";
	mqtt_config_init(&cfg);
	int rc = -1;
	if (mqtt_ini && ini_load(mqtt_ini, on_option, &cfg, err, sizeof err) != 0) {
		fprintf(stderr, "attendctl: --mqtt-config: %s\n", err);
		goto out;
	}
	if ((host && mqtt_config_set(&cfg, "host", host, err, sizeof err) != 0) ||
	    (port && mqtt_config_set(&cfg, "port", port, err, sizeof err) != 0)) {
		fprintf(stderr, "attendctl: --mqtt-%s: %s\n", host ? "host" : "port", err);
		goto out;
	}
	char topic[512], id[96];
	snprintf(topic, sizeof topic, "%s/%s/summary/%s", cfg.topic_root, s->agency_code, s->month_text);
	snprintf(id, sizeof id, "attendctl-summary-%ld", (long)getpid());
	/* Several brokers ([mqtt] host = a, b): the first that takes it.  Retained there only: a
	 * reader of summaries subscribes on every broker, as the recorder does (docs/wire.md). */
	for (size_t i = 0; i < cfg.nbrokers && rc != 0; i++) {
		rc = publish_on(&cfg, i, id, topic, payload);
		if (rc != 0 && i + 1 < cfg.nbrokers)
			fprintf(stderr, "attendctl: summary: trying the next broker\n");
	}
out:
	mqtt_config_free(&cfg);
	return rc;
}
