# shellcheck shell=bash
# An HA central site on loopback, on top of services.sh: one etcd and two PostgreSQL nodes
# under Patroni (synchronous_mode: a COMMIT returns once the standby has it too), as
# docs/deployment.md describes for production (there: three etcd members, three machines).
# etcd and Patroni run as the unprivileged service user, started with setpriv, which execs
# (runuser forks and waits): $! is the real process, so cleanup and kills go by that PID.
#
#   ha_start                 etcd + nodes pg1, pg2; waits for a leader and a sync standby;
#                            creates database attend; sets PG_SUPER and HA_CONNINFO
#   ha_conninfo USER         the multi-host conninfo every program uses, as USER
#   ha_leader / ha_replica   the name of the node in that role now ("" if none)
#   ha_role NODE             NODE's role and state as the REST API says: "leader running",
#                            "sync_standby streaming", ... ("" if it is not in the cluster)
#   ha_kill_primary          kill -9 the leader's Patroni and postmaster; sets HA_KILLED
#   ha_hold / ha_release     stop / continue the replica's Patroni: no promotion meanwhile
#   ha_rejoin [NODE]         start NODE (default HA_KILLED) again: it must come back a replica
#   ha_wait_roles SECONDS    until there is a leader and a sync standby, streaming
#   psql_node NODE SQL       SQL as the superuser on that node (a standby too)

HA_NODES=(pg1 pg2)
declare -A HA_PG_PORT HA_API_PORT HA_PID

as_svc_exec() {   # as_svc_exec CMD...: exec CMD as the service user (the same PID)
	if [ "$(id -u)" = 0 ]; then
		exec env HOME="$SVC_DIR/ha" setpriv --reuid="$SVC_USER" --regid="$SVC_USER" --init-groups "$@"
	else
		exec "$@"
	fi
}

ha_start() {
	mkdir -p "$SVC_DIR/ha"
	[ "$(id -u)" = 0 ] && chown "$SVC_USER" "$SVC_DIR/ha"
	# every port at once: one interpreter start, and seven distinct ports
	local ports peer
	read -r -a ports < <(python3 -c 'import socket
ss = [socket.socket() for _ in range(6)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])')
	HA_ETCD_PORT=${ports[0]} peer=${ports[1]}
	HA_PG_PORT[pg1]=${ports[2]} HA_API_PORT[pg1]=${ports[3]} HA_PG_PORT[pg2]=${ports[4]} HA_API_PORT[pg2]=${ports[5]}
	(as_svc_exec etcd --name e1 --data-dir "$SVC_DIR/ha/etcd" \
		--listen-client-urls "http://127.0.0.1:$HA_ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$HA_ETCD_PORT" \
		--listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
		--initial-cluster "e1=http://127.0.0.1:$peer" --log-level warn) >>"$SVC_DIR/etcd.log" 2>&1 &
	HA_ETCD_PID=$!
	SVC_PIDS+=("$HA_ETCD_PID")
	wait_for 20 "curl -sf http://127.0.0.1:$HA_ETCD_PORT/health | grep -q true" ||
		{ echo "etcd did not start: $(tail -5 "$SVC_DIR/etcd.log")" >&2; return 1; }
	for n in "${HA_NODES[@]}"; do
		ha_write_config "$n"
		ha_node_start "$n"   # the first to take etcd's initialize key bootstraps, the other copies it
	done
	ha_wait_roles 180 || return 1
	HA_CONNINFO_HOSTS="host=127.0.0.1,127.0.0.1 port=${HA_PG_PORT[pg1]},${HA_PG_PORT[pg2]} target_session_attrs=read-write connect_timeout=2"
	PG_SUPER=$(ha_conninfo postgres)
	PGPORT=${HA_PG_PORT[pg1]}   # for what needs one port; programs get ha_conninfo
	export PG_SUPER PGPORT
	psql "${PG_SUPER/dbname=attend/dbname=postgres}" -qc "CREATE DATABASE attend" >/dev/null
}

ha_conninfo() {
	echo "$HA_CONNINFO_HOSTS user=$1 dbname=attend"
}

ha_write_config() {
	local n=$1
	cat > "$SVC_DIR/ha/$n.yml" <<YML
scope: attend
name: $n
log: {level: INFO}
restapi: {listen: 127.0.0.1:${HA_API_PORT[$n]}, connect_address: 127.0.0.1:${HA_API_PORT[$n]}}
etcd3: {hosts: 127.0.0.1:$HA_ETCD_PORT}
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 1
    retry_timeout: 4
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      parameters: {wal_log_hints: 'on', max_connections: 50}
  initdb: [{encoding: UTF8}, {locale: C.UTF-8}]
postgresql:
  listen: 127.0.0.1:${HA_PG_PORT[$n]}
  connect_address: 127.0.0.1:${HA_PG_PORT[$n]}
  data_dir: $SVC_DIR/ha/$n
  bin_dir: $PG_BIN
  pgpass: $SVC_DIR/ha/pgpass-$n
  basebackup: [{checkpoint: fast}]   # a spread checkpoint would hold the standby's copy for minutes
  authentication:
    replication: {username: replicator, password: rep}
    superuser: {username: postgres, password: pw}
    rewind: {username: postgres, password: pw}
  parameters: {unix_socket_directories: '$SVC_DIR/ha', fsync: 'off'}
  pg_hba:   # attend-web's logins (tests/lib/web.sh) need their password; the rest is trusted
  - host all web_hr,web_head,web_staff 127.0.0.1/32 scram-sha-256
  - host replication replicator 127.0.0.1/32 trust
  - host all all 127.0.0.1/32 trust
  - local all all trust
YML
}

ha_node_start() {
	(as_svc_exec patroni "$SVC_DIR/ha/$1.yml") >>"$SVC_DIR/patroni-$1.log" 2>&1 &
	HA_PID[$1]=$!
	SVC_PIDS+=("${HA_PID[$1]}")
}

ha_cluster() {   # the cluster as any live node's REST API sees it
	local n
	for n in "${HA_NODES[@]}"; do
		curl -sf --max-time 2 "http://127.0.0.1:${HA_API_PORT[$n]}/cluster" && return 0
	done
	return 1
}

ha_role() {
	ha_cluster | jq -r --arg n "$1" '.members[] | select(.name == $n) | "\(.role) \(.state)"'
}

ha_leader() {
	ha_cluster | jq -r '[.members[] | select(.role == "leader" and .state == "running") | .name] | join(" ")'
}

ha_replica() {
	ha_cluster | jq -r '[.members[] | select(.role != "leader") | .name] | join(" ")'
}

# A leader running and the other node its sync standby, streaming from it.
ha_roles_ok() {
	local l r
	l=$(ha_leader) && [ -n "$l" ] || return 1
	r=$(ha_replica) && [ -n "$r" ] || return 1
	[[ "$(ha_role "$r")" =~ ^sync_standby\ (streaming|running)$ ]] || return 1
	# streaming: the leader's pg_stat_replication has it (Patroni 3.0's REST says "running")
	[ "$(psql_node "$l" "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming' AND sync_state = 'sync'")" = 1 ]
}

psql_node() {   # psql_node NODE SQL: as the superuser on that node, whatever its role
	psql "host=127.0.0.1 port=${HA_PG_PORT[$1]} user=postgres dbname=postgres" -qtAXc "$2"
}

ha_wait_roles() {
	wait_for "$1" ha_roles_ok || {
		echo "no leader + streaming sync standby after ${1}s: $(ha_cluster)" >&2
		return 1
	}
}

ha_kill_primary() {
	HA_KILLED=$(ha_leader)
	[ -n "$HA_KILLED" ] || { echo "ha_kill_primary: no leader" >&2; return 1; }
	local pm
	pm=$(head -n 1 "$SVC_DIR/ha/$HA_KILLED/postmaster.pid")
	kill -KILL "${HA_PID[$HA_KILLED]}" "$pm"
	wait "${HA_PID[$HA_KILLED]}" 2>/dev/null || true
	wait_for 30 "! kill -0 $pm" || { echo "postmaster $pm of $HA_KILLED still alive" >&2; return 1; }
}

# While the primary is gone, hold the standby's Patroni (SIGSTOP) so no leader is elected:
# a test then sees the switching-over state for as long as it needs, not for ttl seconds.
# (A held Patroni's REST API does not answer: HA_HELD names the node meanwhile.)
ha_hold() { HA_HELD=$(ha_replica) && kill -STOP "${HA_PID[$HA_HELD]}"; }
ha_release() { kill -CONT "${HA_PID[$HA_HELD]}"; }

ha_rejoin() {
	local n=${1:-$HA_KILLED}
	ha_node_start "$n"
}
