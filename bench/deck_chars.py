#!/usr/bin/env python3
"""deck_chars.py - how much article text a WML deck carries, per charset.

Usage: bench/deck_chars.py BASE [N] [ACCEPT-CHARSET ...]

Reads the first N articles (/news/1 .. /news/N, default 60) as a WML
phone (Nokia 7110) once per Accept-Charset given (default: none, and
"gbk"), follows every piece (?p=K), and prints per charset the decks,
the body characters (the text of the article's paragraphs, entities and
character references counted as the one character they stand for), the
average per deck and the largest deck in bytes.  Issue 12 item 4's target
is 600 body characters per deck on average within 1,400 bytes."""
import html
import re
import sys
import urllib.request

UA = "Nokia7110/1.0 (05.01)"


def get(url, charset):
    hdrs = {"User-Agent": UA, "Accept": "text/vnd.wap.wml"}
    if charset:
        hdrs["Accept-Charset"] = charset
    with urllib.request.urlopen(urllib.request.Request(url, headers=hdrs)) as r:
        ctype = r.headers.get("Content-Type", "")
        body = r.read()
    m = re.search(r"charset=([\w-]+)", ctype)
    return body, (m.group(1) if m else "utf-8")


def measure(base, n, charset):
    decks = chars = biggest = 0
    full_decks = full_chars = 0   # pieces that are not an article's last
    label = None
    for aid in range(1, n + 1):
        pages = 1
        k = 1
        while k <= pages:
            url = f"{base}/news/{aid}" + (f"?p={k}" if k > 1 else "")
            body, label = get(url, charset)
            text = body.decode(label)
            pm = re.findall(r"\b(\d+)/(\d+)\s", text)
            if pm:
                pages = int(pm[-1][1])
            decks += 1
            biggest = max(biggest, len(body))
            c = sum(len(html.unescape(p)) for p in re.findall(r"<p>([^<]*)</p>", text))
            chars += c
            if k < pages:
                full_decks += 1
                full_chars += c
            k += 1
    return decks, chars, biggest, label, full_decks, full_chars


def main():
    base = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    sets = sys.argv[3:] or ["", "gbk"]
    for cs in sets:
        decks, chars, biggest, label, fd, fc = measure(base, n, cs)
        print(f"Accept-Charset {cs or '(none)'}: sent as {label}: {n} articles, {decks} decks, "
              f"{chars} body characters, {chars / decks:.0f} per deck; "
              f"{fd} decks before an article's last carry {fc / max(fd, 1):.0f} each; "
              f"largest deck {biggest} bytes")


if __name__ == "__main__":
    main()
