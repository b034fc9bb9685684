#!/bin/sh
# tls_proxy.sh - qiao behind nginx and behind HAProxy, each terminating
# TLS (a throw-away self-signed certificate) as docs/deploy.md shows: the
# phone's page comes through HTTPS, and with --trusted-proxy the access log
# names the client (curl bound to 127.0.0.2), not the proxy (127.0.0.1).
. "$(dirname "$0")/lib.sh"

NGINX=/usr/sbin/nginx
HAPROXY=/usr/sbin/haproxy
if ! [ -x "$NGINX" ] || ! [ -x "$HAPROXY" ] || ! command -v openssl >/dev/null; then
	sh "$QIAO_TOP/tools/deps.sh" test >/dev/null 2>&1 || true
fi
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=localhost" \
	-keyout "$WORK/key.pem" -out "$WORK/cert.pem" >/dev/null 2>&1
cat "$WORK/cert.pem" "$WORK/key.pem" > "$WORK/both.pem"
db=$(demo_db portal.db)
log=$WORK/access.log
start_server "$db" --workers 1 --access-log "$log" --trusted-proxy 127.0.0.1 || { fail "server starts"; finish; }

through() {  # through NAME PORT: GET / over TLS from 127.0.0.2, then the logged address
	st=$(curl -s -k --interface 127.0.0.2 -o "$WORK/$1.html" -w '%{http_code}' -A "$UA_IPHONE" "https://localhost:$2/")
	expect_eq "$1: GET / over TLS" "$st" 200
	expect_contains "$1: the portal's page" "$WORK/$1.html" "<!DOCTYPE html>"
	sleep 0.2
	expect_eq "$1: the access log names the client, not the proxy" "$(tail -n 1 "$log" | cut -d' ' -f1)" 127.0.0.2
}

# --- nginx ---------------------------------------------------------------
if [ -x "$NGINX" ]; then
	np=$(free_port)
	mkdir -p "$WORK/nginx"
	cat > "$WORK/nginx.conf" <<EOC
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx;
    proxy_temp_path $WORK/nginx;
    fastcgi_temp_path $WORK/nginx;
    uwsgi_temp_path $WORK/nginx;
    scgi_temp_path $WORK/nginx;
    server {
        listen 127.0.0.1:$np ssl;
        ssl_certificate $WORK/cert.pem;
        ssl_certificate_key $WORK/key.pem;
        location / {
            proxy_pass http://127.0.0.1:$PORT;
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOC
	"$NGINX" -c "$WORK/nginx.conf" -p "$WORK/nginx" 2>"$WORK/nginx/stderr" &
	ngpid=$!
	i=0
	while ! curl -s -k -o /dev/null "https://localhost:$np/healthz" && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	through nginx "$np"
	# A client's own X-Forwarded-For is replaced by nginx, so it cannot pose.
	curl -s -k --interface 127.0.0.2 -o /dev/null -H 'X-Forwarded-For: 203.0.113.66' "https://localhost:$np/"
	sleep 0.2
	expect_eq "nginx: a forged X-Forwarded-For is overwritten" "$(tail -n 1 "$log" | cut -d' ' -f1)" 127.0.0.2
	kill "$ngpid"; wait "$ngpid" 2>/dev/null
else
	skip "qiao behind nginx with TLS" "nginx is not installed"
fi

# --- HAProxy -------------------------------------------------------------
if [ -x "$HAPROXY" ]; then
	hp=$(free_port)
	cat > "$WORK/haproxy.cfg" <<EOC
global
    maxconn 64
defaults
    mode http
    timeout connect 5s
    timeout client 10s
    timeout server 10s
frontend portal
    bind 127.0.0.1:$hp ssl crt $WORK/both.pem
    option forwardfor
    http-request del-header X-Forwarded-For
    http-request del-header Forwarded
    default_backend qiao
backend qiao
    option httpchk GET /healthz
    server qiao1 127.0.0.1:$PORT check
EOC
	"$HAPROXY" -f "$WORK/haproxy.cfg" -db > "$WORK/haproxy.out" 2>&1 &
	hapid=$!
	i=0
	while ! curl -s -k -o /dev/null "https://localhost:$hp/healthz" && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	through haproxy "$hp"
	kill "$hapid"; wait "$hapid" 2>/dev/null
else
	skip "qiao behind HAProxy with TLS" "haproxy is not installed"
fi
stop_server
finish
