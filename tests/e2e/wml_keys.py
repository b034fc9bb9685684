#!/usr/bin/env python3
"""wml_keys.py - crawl the WML portal from "/" as one phone and report
the number keys (accesskey) of every deck.

    wml_keys.py BASE OUTDIR MAX 'Header: value'...

Breadth-first from "/", following only the <a href> links of the decks it
got (same server; the switches to the other dialects are left alone), at
most MAX decks.  Each deck is saved as OUTDIR/NNN.wml; OUTDIR/decks.tsv
lists "file<TAB>path<TAB>bytes<TAB>doctype public id"; the JSON summary on
stdout holds, per deck, its links as [href, accesskey or null, text].
Only the Python standard library is used.
"""
import html
import http.client
import json
import os
import re
import sys
import urllib.parse

A_TAG = re.compile(r"<a\s([^>]*)>(.*?)</a>", re.S)
ATTR = re.compile(r'([\w:-]+)\s*=\s*"([^"]*)"')
DOCTYPE = re.compile(r'<!DOCTYPE\s+wml\s+PUBLIC\s+"([^"]*)"')


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    base, out, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
    headers = {}
    for h in sys.argv[4:]:
        k, _, v = h.partition(":")
        headers[k.strip()] = v.strip()
    u = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=20)
    seen, queue, decks = {"/"}, ["/"], []
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "decks.tsv"), "w", encoding="utf-8") as tsv:
        while queue and len(decks) < limit:
            path = queue.pop(0)
            conn.request("GET", path, headers=headers)
            r = conn.getresponse()
            body = r.read()
            ctype = r.getheader("Content-Type", "")
            if r.status != 200 or not ctype.startswith("text/vnd.wap.wml"):
                decks.append({"path": path, "status": r.status, "type": ctype})
                continue
            text = body.decode("utf-8")
            name = "%03d.wml" % len(decks)
            with open(os.path.join(out, name), "wb") as f:
                f.write(body)
            m = DOCTYPE.search(text)
            doctype = m.group(1) if m else ""
            links = []
            for a in A_TAG.finditer(text):
                at = dict((k, html.unescape(v)) for k, v in ATTR.findall(a.group(1)))
                label = html.unescape(re.sub(r"<[^>]*>", "", a.group(2))).strip()
                href = at.get("href", "")
                links.append([href, at.get("accesskey"), label])
                if not href.startswith("/") or "view=" in href or href in seen:
                    continue
                seen.add(href)
                queue.append(href)
            decks.append({"path": path, "status": 200, "file": name, "bytes": len(body),
                          "doctype": doctype, "links": links})
            tsv.write("%s\t%s\t%d\t%s\n" % (name, path, len(body), doctype))
    json.dump(decks, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
