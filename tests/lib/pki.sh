# shellcheck shell=bash
# A throw-away PKI for the TLS tests, on top of services.sh: a CA, the broker's certificate for
# 127.0.0.1 and client certificates whose CN is the MQTT user (config/mosquitto.acl).
#
#   pki_init              the CA in $PKI ($SVC_DIR/tls), valid 2 days, and the broker's cert
#   pki_cert CN [EXT]     $PKI/CN.crt and $PKI/CN.key (mode 600), EXT an openssl extension line
#   tls_opts CN           the [mqtt] lines of a client with that certificate
PKI=

pki_ossl() {
	openssl "$@" 2>>"$SVC_DIR/openssl.log" || { cat "$SVC_DIR/openssl.log" >&2; return 1; }
}

pki_cert() {
	pki_ossl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$1" \
		-keyout "$PKI/$1.key" -out "$PKI/$1.csr"
	printf '%s\n' "${2:-basicConstraints=CA:FALSE}" > "$PKI/$1.ext"
	pki_ossl x509 -req -in "$PKI/$1.csr" -CA "$PKI/ca.pem" -CAkey "$PKI/ca.key" -CAcreateserial \
		-days 2 -extfile "$PKI/$1.ext" -out "$PKI/$1.crt"
	chmod 600 "$PKI/$1.key"
}

pki_init() {
	PKI=$SVC_DIR/tls
	mkdir -p "$PKI"
	pki_ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj "/CN=attend test CA" -keyout "$PKI/ca.key" -out "$PKI/ca.pem"
	pki_cert broker "subjectAltName=IP:127.0.0.1,DNS:localhost"
	chmod 644 "$PKI/broker.key"   # mosquitto drops root for its own user before it reads the key
}

tls_opts() {
	printf 'tls_ca = %s\ntls_cert = %s\ntls_key = %s\n' "$PKI/ca.pem" "$PKI/$1.crt" "$PKI/$1.key"
}

# shipped_broker_conf TLS_PORT PLAIN_PORT: config/mosquitto.conf as installed, with the test's
# ports, its PKI, a copy of the shipped ACL ($SVC_DIR/acl) and a password file
# ($SVC_DIR/passwd, users from $BROKER_USERS as "name:password ...") -- only paths and ports
# changed.  Printed on stdout.
shipped_broker_conf() {
	cp "$SVC_ROOT/config/mosquitto.acl" "$SVC_DIR/acl"
	: > "$SVC_DIR/passwd"
	local u
	for u in ${BROKER_USERS:-}; do mosquitto_passwd -b "$SVC_DIR/passwd" "${u%%:*}" "${u#*:}"; done
	chmod 644 "$SVC_DIR/acl" "$SVC_DIR/passwd"   # mosquitto run as root reads them as its own user
	sed -e "s|^listener 8883$|listener $1 127.0.0.1|;s|^listener 1883 127.0.0.1$|listener $2 127.0.0.1|" \
	    -e "s|/etc/mosquitto/attendd/ca.pem|$PKI/ca.pem|;s|/etc/mosquitto/attendd/broker.crt|$PKI/broker.crt|" \
	    -e "s|/etc/mosquitto/attendd/broker.key|$PKI/broker.key|;s|/etc/mosquitto/attendd/acl|$SVC_DIR/acl|" \
	    -e "s|/etc/mosquitto/attendd/passwd|$SVC_DIR/passwd|" "$SVC_ROOT/config/mosquitto.conf"
}
