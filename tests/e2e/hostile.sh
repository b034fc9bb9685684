#!/bin/sh
# hostile.sh - the HTTP layer against hostile and broken clients, on the
# real binary: malformed and oversized request lines and headers,
# pipelining, oversized bodies, slow clients.  Nothing crashes; every
# broken request gets a 4xx/5xx answer; the server keeps serving.
. "$(dirname "$0")/lib.sh"

db=$(demo_db portal.db)
start_server "$db" --workers 1 || { fail "server starts"; finish; }

# raw PAYLOAD-PYTHON-EXPR [WAIT]: send bytes, print the status line(s).
raw() {
	python3 - "$PORT" "$1" "${2:-3}" <<'PY'
import socket, sys, time
port, payload, wait = int(sys.argv[1]), eval(sys.argv[2]), float(sys.argv[3])
s = socket.create_connection(("127.0.0.1", port))
s.settimeout(wait)
try:
    s.sendall(payload)
except OSError:
    pass
data = b""
try:
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
except socket.timeout:
    pass
except OSError:
    pass
import re
print(" ".join(m.decode() for m in re.findall(rb"HTTP/1\.[01] (\d{3}) ", data)) or "closed")
PY
}

expect_eq "malformed request line" "$(raw 'b"GARBAGE\r\n\r\n"')" 400
expect_eq "lower-case method" "$(raw 'b"get / HTTP/1.1\r\nHost: x\r\n\r\n"')" 400
expect_eq "unknown HTTP version" "$(raw 'b"GET / HTTP/2.0\r\nHost: x\r\n\r\n"')" 505
expect_eq "HTTP/1.1 without Host" "$(raw 'b"GET / HTTP/1.1\r\n\r\n"')" 400
expect_eq "header without colon" "$(raw 'b"GET / HTTP/1.1\r\nHost: x\r\nBroken\r\n\r\n"')" 400
expect_eq "obsolete line folding" "$(raw 'b"GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  more\r\n\r\n"')" 400
expect_eq "oversized header" "$(raw 'b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n"')" 431
expect_eq "too many headers" "$(raw 'b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(200)) + b"\r\n"')" 431
expect_eq "oversized request target" "$(raw 'b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"')" 414
expect_eq "chunked upload refused" "$(raw 'b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"')" 501
expect_eq "body over the limit" "$(raw 'b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n"')" 413
expect_eq "two Content-Lengths" "$(raw 'b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"')" 400
expect_eq "NUL in the head" "$(raw 'b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n"')" 400

# Issue 15, fault 9: where the request line and headers were readable,
# the HTTP layer's own errors come in the client's dialect; where they
# were not, as short text.
ctype_of() { tr -d '\r' < "$WORK/$1.h" | sed -n 's/^Content-Type: //Ip' | head -n 1; }
expect_eq "WML phone, body over the limit: 413" "$(fetch_wml e413 "$BASE/messages" -X POST -H 'Content-Length: 999999999')" 413
expect_eq "WML phone, 413 as WML" "$(ctype_of e413)" "text/vnd.wap.wml; charset=utf-8"
expect_contains "WML phone, 413 explained in its words" "$WORK/e413" "提交内容过长"
check "WML 413 deck valid" valid_dtd "$WORK/e413"
expect_eq "XHTML-MP phone, chunked upload: 501" "$(fetch_xhtml e501 "$BASE/messages" -H 'Transfer-Encoding: chunked' --data-binary x)" 501
expect_eq "XHTML-MP phone, 501 as XHTML-MP" "$(ctype_of e501)" "application/vnd.wap.xhtml+xml; charset=utf-8"
check "XHTML-MP 501 page valid" valid_dtd "$WORK/e501"
rawhead() {
	python3 - "$PORT" "$1" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.settimeout(3)
s.sendall(eval(sys.argv[2]))
data = b""
try:
    while True:
        c = s.recv(65536)
        if not c:
            break
        data += c
except OSError:
    pass
for line in data.split(b"\r\n"):
    if line.lower().startswith(b"content-type:"):
        print(line.split(b":", 1)[1].strip().decode())
        break
PY
}
expect_eq "smartphone, two Hosts: the 400 as HTML" "$(rawhead 'b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\nUser-Agent: Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1\r\nAccept: text/html\r\n\r\n"')" "text/html; charset=utf-8"
expect_eq "unreadable head: text/plain" "$(rawhead 'b"GET / HTTP/1.1\r\nHost: x\r\nBroken\r\n\r\n"')" "text/plain; charset=utf-8"

# Pipelining: three requests in one write, three answers in order.
expect_eq "pipelined requests answered in order" \
	"$(raw 'b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"')" "200 404 200"
expect_eq "HTTP/1.0 closes after one answer" "$(raw 'b"GET /healthz HTTP/1.0\r\n\r\nGET /healthz HTTP/1.0\r\n\r\n"')" 200

# A slow client (slowloris) is cut off when its head is not complete in
# 10 s, however it trickles.
start=$(date +%s)
expect_eq "slowloris cut off" "$(python3 - "$PORT" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.settimeout(1)
s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
t0 = time.time()
while time.time() - t0 < 20:
    try:
        s.sendall(b"X-a: b\r\n")
        if s.recv(1024) == b"":
            print("closed"); break
    except socket.timeout:
        continue
    except OSError:
        print("closed"); break
else:
    print("still open")
PY
)" closed
took=$(( $(date +%s) - start ))
check "cut off within the head timeout (<= 15 s)" test "$took" -le 15
check "but not before it (>= 9 s: the 10 s head timeout, not at once)" test "$took" -ge 9

expect_eq "still serving after all that" "$(curl -s "$BASE/healthz")" ok
stop_server
check "no sanitizer report" sh -c "! grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error' '$WORK/server.err'"
finish
