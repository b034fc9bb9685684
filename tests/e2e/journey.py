#!/usr/bin/env python3
"""journey.py - walk the portal as a phone would, from "/" only.

    journey.py BASE PHONE JOURNEY [--max-loads N]

PHONE is wml (Nokia 7110), xhtml (SonyEricsson K750i) or html (iPhone).
The walker never types a URL: it loads "/" and then only follows links
and submits forms found on the pages it got, choosing them by their
visible text.  When a wanted link is not on a page it tries the page's
"下页" link (as a user pages through a list), up to a bound.

It prints one line "JOURNEY PHONE: N loads, B bytes[, to submit: S]" and
exits 0 when the journey reached its goal, 1 when it did not ("stuck:"
says where), 2 on bad usage.  Bytes are the response bodies as they came
over the wire (compressed when the phone asked for gzip).  Only the
Python standard library is used.
"""
import gzip
import html
import http.client
import re
import sys
import urllib.parse

PHONES = {
    "wml": {
        "User-Agent": "Nokia7110/1.0 (05.01)",
        "Accept": "text/vnd.wap.wml",
    },
    "xhtml": {
        "User-Agent": "SonyEricssonK750i/R1AA Browser/SEMC-Browser/4.2 Profile/MIDP-2.0 Configuration/CLDC-1.1",
        "Accept": "application/vnd.wap.xhtml+xml,application/xhtml+xml;q=0.9,text/vnd.wap.wml;q=0.8,*/*;q=0.5",
    },
    "html": {
        "User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
                      "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "Accept-Encoding": "gzip",
    },
}
# Pages a user pages through before giving up on a list.
MAX_NEXT = 12
NEXT_TEXT = re.compile(r"^(下页|下一页|下一篇页)$")


class Stuck(Exception):
    pass


def strip_tags(s):
    return html.unescape(re.sub(r"<[^>]*>", "", s)).replace("$$", "$").strip()


def attrs_of(tag):
    return {m.group(1).lower(): html.unescape(m.group(3) if m.group(3) is not None else m.group(4))
            for m in re.finditer(r'([\w:-]+)\s*=\s*("([^"]*)"|\'([^\']*)\')', tag)}


class Page:
    def __init__(self, url, status, ctype, text):
        self.url, self.status, self.ctype, self.text = url, status, ctype, text

    def dialect(self):
        # By the markup: a phone that does not accept XHTML-MP gets it as
        # text/html when it asks for it by link.
        if "<wml>" in self.text:
            return "wml"
        if "XHTML Mobile" in self.text:
            return "xhtml"
        return "html"

    def links(self):
        """(text, href) of every <a href>, in order."""
        out = []
        for m in re.finditer(r"<a\s([^>]*)>(.*?)</a>", self.text, re.S):
            a = attrs_of(m.group(1))
            if "href" in a:
                out.append((strip_tags(m.group(2)), a["href"]))
        return out

    def forms(self):
        """Forms as dicts {action, method, fields: [(name, value)], label,
        selects: {name: [(value, text)]}, inputs: [names]}.  WML forms are
        the <go> of an <anchor> or <do> with its postfields; the page's
        inputs and selects are what $(var) refers to."""
        out = []
        if self.dialect() == "wml":
            selects = self._selects()
            inputs = [attrs_of(m.group(1)).get("name") for m in re.finditer(r"<input\s([^>]*)/?>", self.text)]
            for m in re.finditer(r"<(anchor|do)([^>]*)>(.*?)</\1>", self.text, re.S):
                label = attrs_of(m.group(2)).get("label", "") if m.group(1) == "do" else strip_tags(
                    re.sub(r"<go.*?</go>", "", m.group(3), flags=re.S))
                g = re.search(r"<go\s([^>]*?)/?>(.*?)(</go>|$)", m.group(3), re.S)
                if not g:
                    continue
                ga = attrs_of(g.group(1))
                fields = [(attrs_of(p.group(1))["name"], attrs_of(p.group(1)).get("value", ""))
                          for p in re.finditer(r"<postfield\s([^>]*)/>", g.group(2))]
                out.append({"action": ga.get("href", ""), "method": ga.get("method", "get").lower(),
                            "fields": fields, "label": label, "selects": selects, "inputs": inputs,
                            "wml": True})
            return out
        for m in re.finditer(r"<form\s([^>]*)>(.*?)</form>", self.text, re.S):
            fa = attrs_of(m.group(1))
            body = m.group(2)
            fields, inputs, label = [], [], ""
            for i in re.finditer(r"<input\s([^>]*?)/?>", body):
                ia = attrs_of(i.group(1))
                t = ia.get("type", "text").lower()
                if t == "submit":
                    label = ia.get("value", label)
                    continue
                if "name" in ia:
                    fields.append((ia["name"], ia.get("value", "")))
                    if t != "hidden":
                        inputs.append(ia["name"])
            for t in re.finditer(r"<textarea\s([^>]*)>(.*?)</textarea>", body, re.S):
                ta = attrs_of(t.group(1))
                fields.append((ta["name"], html.unescape(t.group(2))))
                inputs.append(ta["name"])
            b = re.search(r"<button[^>]*>(.*?)</button>", body, re.S)
            if b:
                label = strip_tags(b.group(1))
            selects = self._selects(body)
            for name, opts in selects.items():
                sel = [v for v, _t, s in opts if s] or [opts[0][0] if opts else ""]
                fields.append((name, sel[0]))
            out.append({"action": fa.get("action", self.url), "method": fa.get("method", "get").lower(),
                        "fields": fields, "label": label, "selects": selects, "inputs": inputs, "wml": False})
        return out

    def _selects(self, body=None):
        body = self.text if body is None else body
        sels = {}
        for m in re.finditer(r"<select\s([^>]*)>(.*?)</select>", body, re.S):
            name = attrs_of(m.group(1)).get("name")
            opts = []
            for o in re.finditer(r"<option([^>]*)>(.*?)</option>", m.group(2), re.S):
                oa = attrs_of(o.group(1))
                opts.append((oa.get("value", strip_tags(o.group(2))), strip_tags(o.group(2)),
                             "selected" in o.group(1)))
            sels[name] = opts
        return sels

    def plain(self):
        return strip_tags(self.text)


class Phone:
    def __init__(self, base, kind):
        self.base = urllib.parse.urlsplit(base)
        self.kind = kind
        self.headers = dict(PHONES[kind])
        self.cookies = {}
        self.loads = 0
        self.bytes = 0
        self.page = None
        self.trail = []

    def _request(self, method, url, body=None):
        u = urllib.parse.urljoin(self.page.url if self.page else "/", url)
        parts = urllib.parse.urlsplit(u)
        if parts.netloc and parts.netloc != self.base.netloc:
            raise Stuck("link leaves the portal: " + u)
        target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        # Non-ASCII in links is sent percent-encoded, as browsers do.
        target = urllib.parse.quote(target, safe="/?&=%:;,+@!$'()*~-._")
        conn = http.client.HTTPConnection(self.base.hostname, self.base.port, timeout=20)
        hdrs = dict(self.headers)
        if self.cookies and self.kind != "wml":
            hdrs["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if body is not None:
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, target, body=body, headers=hdrs)
        resp = conn.getresponse()
        raw = resp.read()
        self.loads += 1
        self.bytes += len(raw)
        for k, v in resp.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                val = rest.split(";")[0]
                if "Max-Age=0" in v or val == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = val
        if resp.getheader("Content-Encoding") == "gzip":
            raw = gzip.decompress(raw)
        conn.close()
        self.trail.append("%s %s -> %d (%d B)" % (method, target, resp.status, len(raw)))
        if resp.status in (301, 302, 303, 307):
            loc = resp.getheader("Location")
            self.page = Page(u, resp.status, resp.getheader("Content-Type") or "", "")
            return self._request("GET", loc)
        self.page = Page(target, resp.status, resp.getheader("Content-Type") or "", raw.decode("utf-8", "replace"))
        if resp.status != 200:
            raise Stuck("HTTP %d at %s" % (resp.status, target))
        return self.page

    def start(self):
        return self._request("GET", "/")

    def follow(self, pattern, page_through=True):
        """Follow the first link whose text matches pattern, paging through
        the list with 下页 when it is not on this page."""
        rx = re.compile(pattern)
        for _ in range(MAX_NEXT + 1):
            for text, href in self.page.links():
                if rx.search(text):
                    return self._request("GET", href)
            if not page_through:
                break
            nxt = [h for t, h in self.page.links() if NEXT_TEXT.match(t)]
            if not nxt:
                break
            self._request("GET", nxt[0])
        raise Stuck("no link matching /%s/ on %s" % (pattern, self.page.url))

    def submit(self, values, want=None, choose=None):
        """Submit the first form that has an input for every key of values
        (and, when want is given, whose button label matches it); choose
        maps select names to a pattern for the option's text."""
        for f in self.page.forms():
            names = set(f["inputs"]) | set(f["selects"]) | {n for n, _ in f["fields"]}
            if not set(values) <= names:
                continue
            if want and not re.search(want, f["label"] or ""):
                continue
            if f["wml"] and any("$(%s)" % sel not in "".join(v for _n, v in f["fields"]) for sel in (choose or {})):
                continue
            chosen = {}
            for sel, pat in (choose or {}).items():
                opts = f["selects"].get(sel)
                if not opts:
                    break
                hit = [v for v, t, _s in opts if re.search(pat, t)]
                if not hit:
                    break
                chosen[sel] = hit[0]
            else:
                return self._submit(f, values, chosen)
        raise Stuck("no form with %s on %s" % (sorted(values), self.page.url))

    def _submit(self, f, values, chosen):
        pairs = []
        if f["wml"]:
            # A WML <go> sends its postfields; $(var) is the phone's variable,
            # set by the input or select of that name.
            env = dict(values)
            for name, opts in f["selects"].items():
                env.setdefault(name, chosen.get(name, opts[0][0] if opts else ""))
            for name, val in f["fields"]:
                pairs.append((name, re.sub(r"\$\((\w+)(:\w+)?\)", lambda m: env.get(m.group(1), ""), val)))
        else:
            seen = set()
            for name, val in f["fields"]:
                if name in seen:
                    continue
                seen.add(name)
                pairs.append((name, values.get(name, chosen.get(name, val))))
        q = urllib.parse.urlencode(pairs)
        if f["method"] == "post":
            return self._request("POST", f["action"], q.encode())
        sep = "&" if "?" in f["action"] else "?"
        return self._request("GET", f["action"] + sep + q)

    def expect(self, pattern):
        if not re.search(pattern, self.page.plain()):
            raise Stuck("/%s/ not on %s" % (pattern, self.page.url))


# --- the journeys ---------------------------------------------------------

GUIDE = "机动车驾驶证换证"
COUNTY = "长沙县"
CITY = "长沙市"
UNIT = "公安局交通警察大队"


def guide_reached(ph):
    ph.expect(GUIDE)
    ph.expect(COUNTY + UNIT)


def find_by_browsing(ph):
    ph.start()
    ph.follow(r"^网上办事$")
    ph.follow("^" + CITY)
    ph.follow("^" + COUNTY)
    ph.follow(UNIT + r"(\(\d+\))?$")
    ph.follow("^" + GUIDE)
    guide_reached(ph)


def find_by_search(ph):
    ph.start()
    ph.submit({"q": COUNTY + " " + GUIDE})
    ph.follow("^" + GUIDE)
    guide_reached(ph)


def read_article(ph):
    """The first latest headline whose article runs to at least three
    pieces (or, in HTML, one page), read to its last piece."""
    ph.start()
    home = ph.page
    heads = [(t, h) for t, h in home.links() if re.match(r"^/news/\d+", urllib.parse.urlsplit(h).path)]
    if not heads:
        raise Stuck("no article link on the home page")
    for _t, href in heads:
        ph.page = home
        ph._request("GET", href)
        m = re.search(r"(\d+)/(\d+)", ph.page.plain())
        if ph.kind == "html" or (m and int(m.group(2)) >= 2):
            break
    seen = 1
    for _ in range(40):
        nxt = [h for t, h in ph.page.links() if NEXT_TEXT.match(t)]
        if not nxt:
            break
        ph._request("GET", nxt[0])
        seen += 1
    m = re.search(r"(\d+)/(\d+)", ph.page.plain())
    if m and m.group(1) != m.group(2):
        raise Stuck("stopped at piece %s of %s" % (m.group(1), m.group(2)))
    return seen


def write_message(ph):
    ph.start()
    if not any(re.match(r"^(我要写信|写信)$", t) for t, _ in ph.page.links()):
        ph.follow(r"^互动交流$")
    ph.follow(r"^(我要写信|写信)$")
    # Choose the city, then the county: links, or WML selects.
    for place in (CITY, COUNTY):
        if any(t.startswith(place) for t, _ in ph.page.links()):
            ph.follow("^" + place)
        else:
            # WML: the region select, or the county select beside a
            # city's departments.
            sel = "county" if any("county" in f["selects"] for f in ph.page.forms()) else "region"
            ph.submit({}, want=r"下一步|选择|确定", choose={sel: "^" + place})
    if ph.kind == "wml":
        ph.submit({}, want=r"下一步|选择|确定", choose={"unit": COUNTY})
    submit_at = ph.loads + 1
    values = {"title": "乡道路灯不亮", "body": "我村通往镇上的乡道路灯已坏了两个月，夜里行人不便，请尽快维修。",
              "name": "李明", "phone": ""}
    if ph.kind == "wml":
        ph.submit(values, want=r"提交")
    else:
        ph.submit(values, want=r"提交", choose={"unit": COUNTY})
    m = re.search(r"查询码[:：]?\s*([A-Za-z0-9]{4,})", ph.page.plain())
    if not m:
        raise Stuck("no query code after the submit")
    code = m.group(1)
    # Look it up through the lookup form (reach it by its link).
    ph.follow(r"^(查询|留言查询|查询此留言)$")
    if not re.search(code, ph.page.plain()) or "状态" not in ph.page.plain():
        ph.submit({"code": code})
    ph.expect(code)
    ph.expect("状态")
    return submit_at


SWITCH = {"wml": r"^WAP版$", "xhtml": r"^简版$", "html": r"^标准版$"}


def switch_dialect(ph):
    ph.start()
    first = ph.page.dialect()
    other = "xhtml" if first != "xhtml" else "html"
    ph.follow(SWITCH[other], page_through=False)
    if ph.page.dialect() != other:
        raise Stuck("asked for %s, got %s" % (other, ph.page.dialect()))
    ph.follow(SWITCH[first], page_through=False)
    if ph.page.dialect() != first:
        raise Stuck("asked to come back to %s, got %s" % (first, ph.page.dialect()))
    # And the choice holds on the next page.
    ph.follow(r"^(网上办事|首页)$", page_through=False)
    if ph.page.dialect() != first:
        raise Stuck("back in %s, but the next page is %s" % (first, ph.page.dialect()))


def my_region(ph):
    """Choose 长沙县 as my region once, go home, and search: the answer
    is 长沙县's guide, and the region is still shown."""
    ph.start()
    ph.follow(r"^网上办事$")
    ph.follow("^" + CITY)
    ph.follow("^" + COUNTY)
    ph.follow(r"^设为我的地区$", page_through=False)
    ph.follow(r"^(首页|湖南省人民政府(门户网站)?)$", page_through=False)
    ph.submit({"q": GUIDE})
    ph.expect(COUNTY)
    ph.follow("^" + GUIDE)
    guide_reached(ph)


JOURNEYS = {
    "region": my_region,
    "browse": find_by_browsing,
    "search": find_by_search,
    "article": read_article,
    "message": write_message,
    "switch": switch_dialect,
}


def main(argv):
    if len(argv) != 4 or argv[2] not in PHONES or argv[3] not in JOURNEYS:
        sys.stderr.write("usage: journey.py BASE wml|xhtml|html %s\n" % "|".join(JOURNEYS))
        return 2
    ph = Phone(argv[1], argv[2])
    extra = ""
    try:
        res = JOURNEYS[argv[3]](ph)
        if argv[3] == "message":
            extra = ", to submit: %d" % res
    except Stuck as e:
        print("%s %s: unreachable after %d loads, %d bytes; stuck: %s" % (argv[3], argv[2], ph.loads, ph.bytes, e))
        for t in ph.trail[-6:]:
            print("    " + t)
        return 1
    print("%s %s: %d loads, %d bytes%s" % (argv[3], argv[2], ph.loads, ph.bytes, extra))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
