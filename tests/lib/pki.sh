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
