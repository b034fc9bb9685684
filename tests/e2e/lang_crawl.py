#!/usr/bin/env python3
"""lang_crawl.py - the 繁體 portal as a phone finds it, from "/" only.

    lang_crawl.py BASE PHONE OUTDIR [--max-pages N]

PHONE is wml, xhtml or html (tests/e2e/journey.py's phones).  The phone
loads "/", follows the language switch to 繁體 (WML: the language deck
first), then crawls only links and GET forms found on the pages it got
(the search form is filled with a traditional query), preferring page
kinds it has not seen yet.  Every page must:
  - answer 200 with Content-Language: zh-Hant,
  - say zh-Hant in its markup (<html lang>, <html xml:lang>; WML none),
  - contain no simplified-only character (们 这 国 门 ...),
  - keep the /zh-hant/ prefix on every link of the portal it carries
    (apart from the language switch's links to the other languages),
  - stay within its dialect's byte budget (WML 1,400 bytes, XHTML-MP
    10 KB, HTML 14 KB as sent compressed).
Pages are saved in OUTDIR (for DTD validation by the caller).  Prints
"PHONE: N pages, kinds: ..." and the failures; exit 0 when every page
passed and every page kind was reached, 1 otherwise, 2 on bad usage.
"""
import gzip
import http.client
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from journey import PHONES, Page  # noqa: E402

PREFIX = "/zh-hant"
OTHER_PREFIXES = ("/zh-hans", "/en", "/fr", "/ja", "/ko")
BUDGET = {"wml": 1400, "xhtml": 10240, "html": 14336}
# Characters that exist only in simplified writing: none may be left.
SIMPLIFIED_ONLY = "们这国门时会对书车东马为个来说语发见长话务办务关区县页览询复电"
KINDS = [  # most specific first (src/check/kinds.c, plus the language deck)
    ("home", r"/$"), ("lang", r"/lang$"), ("section", r"/section/.+"), ("news-index", r"/news$"),
    ("column", r"/news/c/[^/]+$"), ("article", r"/news/[^/]+$"), ("messages", r"/messages$"),
    ("message-new", r"/messages/new$"), ("lookup", r"/messages/lookup$"), ("message", r"/messages/.+"),
    ("services", r"/services$"), ("search", r"/services/search$"), ("region", r"/services/region/.+"),
    ("unit", r"/services/unit/.+"), ("topic", r"/services/topic/.+"), ("guide", r"/services/.+"),
]
PER_KIND = 4


def kind_of(path):
    for name, rx in KINDS:
        if re.fullmatch(rx, path):
            return name
    return None


class Crawler:
    def __init__(self, base, phone, outdir):
        self.base = urllib.parse.urlsplit(base)
        self.phone = phone
        self.outdir = outdir
        self.cookies = {}
        self.failures = []
        self.n = 0

    def fetch(self, target):
        conn = http.client.HTTPConnection(self.base.hostname, self.base.port, timeout=20)
        hdrs = dict(PHONES[self.phone])
        if self.cookies and self.phone != "wml":  # gateways drop cookies
            hdrs["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        conn.request("GET", target, headers=hdrs)
        resp = conn.getresponse()
        raw = resp.read()
        for k, v in resp.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name] = rest.split(";")[0]
        wire = len(raw)
        if resp.getheader("Content-Encoding") == "gzip":
            raw = gzip.decompress(raw)
        conn.close()
        text = raw.decode("utf-8", "replace")
        return resp.status, dict((k.lower(), v) for k, v in resp.getheaders()), wire, len(raw), Page(target, resp.status, resp.getheader("Content-Type") or "", text)

    def fail(self, target, why):
        self.failures.append("%s %s: %s" % (self.phone, target, why))

    def check(self, target, status, hdrs, wire, size, page):
        self.n += 1
        with open(os.path.join(self.outdir, "%s-%03d.%s" % (self.phone, self.n, {"wml": "wml", "xhtml": "xhtml", "html": "html"}[self.phone])), "w") as f:
            f.write(page.text)
        if status != 200:
            self.fail(target, "status %d" % status)
            return
        if hdrs.get("content-language") != "zh-Hant":
            self.fail(target, "Content-Language %r" % hdrs.get("content-language"))
        head = page.text[:600]
        if self.phone == "html" and '<html lang="zh-Hant">' not in head:
            self.fail(target, "no <html lang=\"zh-Hant\">")
        if self.phone == "xhtml" and 'xml:lang="zh-Hant"' not in head:
            self.fail(target, "no <html xml:lang=\"zh-Hant\">")
        left = sorted(set(c for c in page.text if c in SIMPLIFIED_ONLY))
        if left:
            self.fail(target, "simplified characters left: %s" % "".join(left))
        sent = wire if self.phone == "html" else size
        if sent > BUDGET[self.phone]:
            self.fail(target, "%d bytes over the budget of %d" % (sent, BUDGET[self.phone]))
        for _text, href in page.links():
            p = urllib.parse.urlsplit(href)
            if p.scheme or p.netloc or not p.path.startswith("/"):
                continue
            if p.path == PREFIX or p.path.startswith(PREFIX + "/"):
                continue
            if any(p.path == o or p.path.startswith(o + "/") for o in OTHER_PREFIXES):
                continue
            self.fail(target, "a link without the prefix: %s" % href)

    def links(self, page):
        """The portal's 繁體 targets on page, and its GET forms filled."""
        out = []
        for _text, href in page.links():
            out.append(href)
        for f in page.forms():
            if f["method"] != "get":
                continue
            fields = []
            for name, value in f["fields"]:
                var = re.fullmatch(r"\$\((\w+)\)", value)
                if var and f["selects"].get(var.group(1)):
                    value = f["selects"][var.group(1)][0][0]  # a WML select's first choice
                elif name in f["inputs"] or var:
                    value = "駕駛證" if name == "q" else ("ABCD2345EFGH6789" if name == "code" else "")
                fields.append((name, value))
            out.append(f["action"] + ("&" if "?" in f["action"] else "?") + urllib.parse.urlencode(fields))
        keep = []
        for href in out:
            p = urllib.parse.urlsplit(href)
            if p.scheme or p.netloc or not p.path.startswith(PREFIX + "/"):
                continue
            q = urllib.parse.parse_qsl(p.query, keep_blank_values=True)
            # The dialect switches lead to another phone's pages.
            if any(k == "view" and v != self.phone for k, v in q):
                continue
            keep.append(urllib.parse.urlunsplit(("", "", p.path, p.query, "")))
        return keep

    def switch_to_hant(self):
        st, _h, _w, _s, page = self.fetch("/")
        if st != 200:
            raise SystemExit("%s: / answers %d" % (self.phone, st))
        if self.phone == "wml":
            deck = [h for t, h in page.links() if urllib.parse.urlsplit(h).path.endswith("/lang")]
            if not deck:
                raise SystemExit("wml: no link to the language deck on /")
            st, _h, _w, _s, page = self.fetch(deck[0])
        hant = [h for t, h in page.links() if t == "繁體"]
        if not hant:
            raise SystemExit("%s: no 繁體 link in the language switch" % self.phone)
        return hant[0]

    def crawl(self, max_pages):
        start = self.switch_to_hant()
        seen = {start}
        queue = [start]
        kinds = {}
        while queue and self.n < max_pages:
            # The next target of the least visited kind.
            queue.sort(key=lambda t: kinds.get(kind_of(urllib.parse.urlsplit(t).path[len(PREFIX):] or "/"), 0))
            target = queue.pop(0)
            k = kind_of(urllib.parse.urlsplit(target).path[len(PREFIX):] or "/")
            if kinds.get(k, 0) >= PER_KIND:
                continue
            kinds[k] = kinds.get(k, 0) + 1
            status, hdrs, wire, size, page = self.fetch(urllib.parse.quote(target, safe="/?&=%:;,+@!$'()*~-._"))
            self.check(target, status, hdrs, wire, size, page)
            for t in self.links(page):
                if t not in seen:
                    seen.add(t)
                    queue.append(t)
        missing = [name for name, _rx in KINDS if name not in kinds]
        for m in missing:
            self.failures.append("%s: page kind %s not reached" % (self.phone, m))
        print("%s: %d pages, kinds: %s" % (self.phone, self.n, " ".join("%s=%d" % (k, v) for k, v in sorted(kinds.items(), key=lambda kv: str(kv[0])))))
        for f in self.failures[:40]:
            print("  " + f)
        return 0 if not self.failures else 1


def main(argv):
    if len(argv) < 4 or argv[2] not in PHONES:
        sys.stderr.write("usage: lang_crawl.py BASE wml|xhtml|html OUTDIR [--max-pages N]\n")
        return 2
    max_pages = int(argv[5]) if len(argv) > 5 and argv[4] == "--max-pages" else 120
    os.makedirs(argv[3], exist_ok=True)
    return Crawler(argv[1], argv[2], argv[3]).crawl(max_pages)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
