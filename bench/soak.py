#!/usr/bin/env python3
"""soak.py - the load generators and checks of bench/soak.sh (one mode per
process, so that no load generator slows another's measurements).

  soak.py conns PORT IDLE SLOW SECONDS OUT.json
      IDLE keep-alive connections (one request each, then silent) and SLOW
      slowloris clients (a request head one header line every 2 s); each
      is opened again when the server closes it.  Records how long the
      server took to close slow and idle connections, and connect errors.
  soak.py posts PORT SECONDS UNIT LOG.tsv OUT.json RATE
      RATE letters a second through the form: GET the form for its
      token, POST it (a fresh X-MSISDN each, from a trusted gateway), keep
      every acknowledged code with its title and body in LOG.tsv.
  soak.py normal PORT SECONDS RATE OUT.json
      a normal client: RATE requests a second over keep-alive (home, news,
      services, the letter form, a service search with one of the queries
      of bench/queries.txt in turn, in three dialects); latency of each.
  soak.py services FILE N VARIANT
      write a qiao-services file of N items (VARIANT changes every text, so
      a second import updates every row).
  soak.py verify DB LOG.tsv OUT.json
      every acknowledged code is stored with its title and body.
"""
import http.client
import json
import os
import random
import re
import selectors
import socket
import sqlite3
import sys
import time
import urllib.parse

UA = {
    "wml": ("Nokia7110/1.0 (04.94)", "text/vnd.wap.wml"),
    "xhtml": ("SonyEricssonK750i/R1AA Browser/SEMC-Browser/4.2 Profile/MIDP-2.0 Configuration/CLDC-1.1",
              "application/vnd.wap.xhtml+xml,application/xhtml+xml;q=0.9,text/vnd.wap.wml;q=0.8,*/*;q=0.5"),
    "html": ("Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
             "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
}


def pct(n, q):
    q = sorted(q)
    if not q:
        return None
    return q[min(len(q) - 1, int(len(q) * n / 100.0))]


def dump(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=1, sort_keys=True)


# --- idle and slow connections ------------------------------------------------

def conns(port, n_idle, n_slow, secs, out):
    sel = selectors.DefaultSelector()
    req = b"GET /healthz HTTP/1.1\r\nHost: soak\r\n\r\n"
    st = {"connect_errors": 0, "idle_opened": 0, "slow_opened": 0, "idle_closed": 0,
          "slow_closed": 0, "idle_bad_answer": 0}
    slow_life, idle_life = [], []
    conns_ = {}

    def open_one(kind):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        except OSError:
            st["connect_errors"] += 1
            s.close()
            return False
        c = {"kind": kind, "sock": s, "t0": time.monotonic(), "sent": 0, "answered": False,
             "next": time.monotonic() + (2.0 if kind == "slow" else 0), "buf": b""}
        conns_[s.fileno()] = c
        sel.register(s, selectors.EVENT_READ, c)
        st[kind + "_opened"] += 1
        if kind == "idle":
            try:
                s.send(req)
            except OSError:
                pass
        else:
            try:
                s.send(b"GET / HTTP/1.1\r\n")
            except OSError:
                pass
        return True

    end = time.monotonic() + secs
    want = {"idle": n_idle, "slow": n_slow}
    have = {"idle": 0, "slow": 0}
    while time.monotonic() < end:
        # top up, a few hundred a round so the loop keeps serving the others
        for kind in ("slow", "idle"):
            k = 0
            while have[kind] < want[kind] and k < 300:
                if open_one(kind):
                    have[kind] += 1
                k += 1
        now = time.monotonic()
        for key, _ in sel.select(timeout=0.2):
            c = key.data
            s = c["sock"]
            try:
                d = s.recv(65536)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                d = b""
            if d:
                c["buf"] = (c["buf"] + d)[-64:]
                if c["kind"] == "idle" and not c["answered"]:
                    c["answered"] = True
                    if not d.startswith(b"HTTP/1.1 200"):
                        st["idle_bad_answer"] += 1
                continue
            life = now - c["t0"]
            (slow_life if c["kind"] == "slow" else idle_life).append(life)
            st[c["kind"] + "_closed"] += 1
            sel.unregister(s)
            del conns_[s.fileno()]
            s.close()
            have[c["kind"]] -= 1
        for c in list(conns_.values()):
            if c["kind"] == "slow" and now >= c["next"]:
                c["next"] = now + 2.0
                try:
                    c["sock"].send(b"X-Slow-%d: x\r\n" % c["sent"])
                    c["sent"] += 1
                except OSError:
                    pass
    st["open_at_end"] = dict(have)
    # connections still open count with their age so far (a slow client
    # the server never closes must show here)
    now = time.monotonic()
    for c in conns_.values():
        (slow_life if c["kind"] == "slow" else idle_life).append(now - c["t0"])
    st["slow_life_max_s"] = round(max(slow_life), 2) if slow_life else None
    st["slow_life_p50_s"] = round(pct(50, slow_life), 2) if slow_life else None
    st["idle_life_max_s"] = round(max(idle_life), 2) if idle_life else None
    st["idle_life_p50_s"] = round(pct(50, idle_life), 2) if idle_life else None
    for c in conns_.values():
        c["sock"].close()
    dump(out, st)


# --- letters ----------------------------------------------------------------------

TOKEN = re.compile(r'name="token" value="([A-Z0-9]{16})"')
CODE = re.compile(r'查询码[:：]\s*(?:<[^>]*>\s*)*([23456789A-HJKMNP-Z]{8})')


def posts(port, secs, unit, log, out, rate):
    st = {"posts": 0, "acknowledged": 0, "form_errors": 0, "post_errors": 0, "statuses": {}}
    lat = []
    end = time.monotonic() + secs
    n = 0
    nxt = time.monotonic()
    with open(log, "w") as f:
        while time.monotonic() < end:
            nxt += 1.0 / rate
            d = nxt - time.monotonic()
            if d > 0:
                time.sleep(d)
            else:
                nxt = time.monotonic()
            n += 1
            ua, acc = UA["xhtml"] if n % 2 else UA["html"]
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
                c.request("GET", "/messages/new?unit=%s" % unit, headers={"User-Agent": ua, "Accept": acc})
                r = c.getresponse()
                page = r.read().decode("utf-8", "replace")
                m = TOKEN.search(page)
                if r.status != 200 or not m:
                    st["form_errors"] += 1
                    st["statuses"]["form %d" % r.status] = st["statuses"].get("form %d" % r.status, 0) + 1
                    c.close()
                    time.sleep(0.2)
                    continue
                title = "浸泡测试%d号" % n
                body = "第%d封信：路灯不亮 & <坏了> $5，请修理。%s" % (n, random.choice(["甲", "乙", "丙"]))
                form = urllib.parse.urlencode({"token": m.group(1), "type": "咨询", "unit": unit,
                                               "title": title, "body": body, "name": "测试",
                                               "phone": "", "anonymous": "0"})
                t0 = time.monotonic()
                c.request("POST", "/messages", body=form.encode(),
                          headers={"User-Agent": ua, "Accept": acc,
                                   "Content-Type": "application/x-www-form-urlencoded",
                                   "X-MSISDN": "86139%08d" % n})
                r = c.getresponse()
                page = r.read().decode("utf-8", "replace")
                lat.append(time.monotonic() - t0)
                c.close()
            except (OSError, http.client.HTTPException) as e:
                st["post_errors"] += 1
                st["statuses"][type(e).__name__] = st["statuses"].get(type(e).__name__, 0) + 1
                time.sleep(0.2)
                continue
            st["posts"] += 1
            st["statuses"][str(r.status)] = st["statuses"].get(str(r.status), 0) + 1
            m = CODE.search(page)
            if r.status == 200 and m:
                st["acknowledged"] += 1
                f.write("%s\t%s\t%s\n" % (m.group(1), title, body))
                f.flush()
    st["post_ms_p50"] = round(1000 * pct(50, lat), 1) if lat else None
    st["post_ms_p99"] = round(1000 * pct(99, lat), 1) if lat else None
    st["post_ms_max"] = round(1000 * max(lat), 1) if lat else None
    dump(out, st)


# --- a normal client ------------------------------------------------------------

def normal(port, secs, rate, out):
    paths = ["/", "/news/2", "/services", "/messages/new?unit=58", "/news", "/services/search"]
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "queries.txt"), encoding="utf-8") as f:
        queries = [q.strip() for q in f if q.strip() and not q.startswith("#")]
    lat = {}
    errors = 0
    statuses = {}
    end = time.monotonic() + secs
    c = None
    i = 0
    gap = 1.0 / rate
    nxt = time.monotonic()
    while time.monotonic() < end:
        i += 1
        dialect = ("wml", "xhtml", "html")[i % 3]
        path = paths[(i // 3) % len(paths)]
        url = path
        if path == "/services/search":
            url += "?q=" + urllib.parse.quote(queries[(i // 18) % len(queries)])
        ua, acc = UA[dialect]
        t0 = time.monotonic()
        try:
            if c is None:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            c.request("GET", url, headers={"User-Agent": ua, "Accept": acc, "Accept-Encoding": "gzip"})
            r = c.getresponse()
            r.read()
            dt = time.monotonic() - t0
            lat.setdefault(path, []).append(dt)
            statuses[str(r.status)] = statuses.get(str(r.status), 0) + 1
            if r.getheader("Connection", "").lower() == "close":
                c.close()
                c = None
        except (OSError, http.client.HTTPException):
            errors += 1
            lat.setdefault(path, []).append(10.0)  # count a failure as a 10 s answer
            if c:
                c.close()
            c = None
        nxt += gap
        d = nxt - time.monotonic()
        if d > 0:
            time.sleep(d)
        else:
            nxt = time.monotonic()
    allq = [x for v in lat.values() for x in v]
    st = {"requests": len(allq), "errors": errors, "statuses": statuses,
          "ms_p50": round(1000 * pct(50, allq), 1), "ms_p99": round(1000 * pct(99, allq), 1),
          "ms_max": round(1000 * max(allq), 1),
          "per_path_p99_ms": {p: round(1000 * pct(99, v), 1) for p, v in lat.items()}}
    dump(out, st)


# --- a services file -------------------------------------------------------------

def services(path, n, variant):
    units = max(1, n // 50)
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<services version="1">\n')
        for u in range(units):
            f.write('  <unit id="%d" region="430102" name="浸泡测试单位%d%s" phone="0731-8589%04d" '
                    'address="长沙市天心区书院路 %d 号" sort="%d"/>\n' % (950000 + u, u, variant, u, u, u + 1))
        for i in range(n):
            f.write('  <item code="SOAK-%06d" unit="%d">\n    <name>浸泡测试事项%d（%s）</name>\n'
                    '    <kind>行政许可</kind>\n    <conditions>条件%d %s</conditions>\n'
                    '    <materials>1. 申请表原件1份\n      2. 身份证复印件1份 %s</materials>\n'
                    '    <time_limit>5个工作日</time_limit>\n    <topic id="10"/>\n  </item>\n'
                    % (i, 950000 + i % units, i, variant, i, variant, variant))
        f.write("</services>\n")


# --- no lost letter ----------------------------------------------------------------

def verify(db, log, out):
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=30)
    checked = missing = wrong = 0
    examples = []
    with open(log) as f:
        for line in f:
            code, title, body = line.rstrip("\n").split("\t", 2)
            checked += 1
            row = con.execute("SELECT title, body FROM messages WHERE code = ?", (code,)).fetchone()
            if row is None:
                missing += 1
                examples.append("missing " + code)
            elif row[0] != title or row[1] != body:
                wrong += 1
                examples.append("changed %s: %r" % (code, row))
    dump(out, {"acknowledged_checked": checked, "missing": missing, "changed": wrong,
               "examples": examples[:10]})
    return 1 if missing or wrong or checked == 0 else 0


def main(argv):
    mode = argv[1] if len(argv) > 1 else ""
    if mode == "conns":
        conns(int(argv[2]), int(argv[3]), int(argv[4]), float(argv[5]), argv[6])
    elif mode == "posts":
        posts(int(argv[2]), float(argv[3]), argv[4], argv[5], argv[6], float(argv[7]))
    elif mode == "normal":
        normal(int(argv[2]), float(argv[3]), float(argv[4]), argv[5])
    elif mode == "services":
        services(argv[2], int(argv[3]), argv[4])
    elif mode == "verify":
        return verify(argv[2], argv[3], argv[4])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    except (ImportError, ValueError, OSError):
        pass
    sys.exit(main(sys.argv))
