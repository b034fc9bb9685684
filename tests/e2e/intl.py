#!/usr/bin/env python3
# intl.py PORT OUTDIR - the foreign versions as each of the three phones
# (issue 17, item 2): for English, French, Japanese and Korean, start at
# the language's home page (/en/ ...) and follow only what the pages give:
# links under the language's prefix and the search form (submitted once
# with a word of the language).  Every page kind must be reached (home,
# news index, column, article, search, the service and the message
# explanations) and every page must
#   - answer 200 with Content-Language the language's, and lang / xml:lang
#     on the root in XHTML-MP and HTML (WML decks leave xml:lang out: Kannel's
#     compiler warns on it),
#   - stay within its dialect's budget (WML 1,400 bytes, XHTML-MP 10 KB,
#     HTML 14 KB gzip'd),
#   - be in the language: English and French text without Han, kana or
#     hangul; Korean with hangul and without Han or kana; Japanese with
#     kana and without hangul.  The one exception, documented here: the
#     language switch names each language in its own script (简体, 繁體,
#     日本語, 한국어), so those six names are removed before the check.
# The explanation pages must link to the Chinese page (/zh-hans/...) and
# to the 12345 hotline.  Not followed: the dialect switches (?view=, they
# change the phone), the language deck /LANG/lang (it lists every
# language in its own script) and links to other languages.
# Each page is saved in OUTDIR as D_LANG_N.{wml,xhtml,html} for the DTD
# and tidy checks of i18n.sh.  Prints one line per phone and language;
# exits 1 on any failure.
import sys, re, os, gzip, html, http.client, urllib.parse, collections

port, outdir = int(sys.argv[1]), sys.argv[2]
PHONES = {
 'wml': ('Nokia7110/1.0 (05.01)', 'text/vnd.wap.wml', 1400),
 'xhtml': ('SonyEricssonK750i/R1AA Browser/SEMC-Browser/4.2 Profile/MIDP-2.0 Configuration/CLDC-1.1',
           'application/vnd.wap.xhtml+xml,application/xhtml+xml;q=0.9,text/vnd.wap.wml;q=0.8,*/*;q=0.5', 10240),
 'html': ('Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
          'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 14336),
}
WORD = {'en': 'visa', 'fr': 'visa', 'ja': 'ビザ', 'ko': '비자'}
SWITCH_NAMES = ['简体', '繁體', '日本語', '한국어', 'English', 'Français']
KINDS = [('home', r'/$'), ('index', r'/news$'), ('column', r'/news/c/\d+$'), ('article', r'/news/\d+$'),
         ('search', r'/services/search$'), ('services', r'/services$'),
         ('messages', r'/messages/(new|lookup)$')]
MAX_PAGES = 150

def han(c): return 0x3400 <= ord(c) <= 0x9FFF or 0xF900 <= ord(c) <= 0xFAFF or 0x20000 <= ord(c) <= 0x3FFFF
def kana(c): return 0x3041 <= ord(c) <= 0x30FF and ord(c) != 0x30FB
def hangul(c): return 0xAC00 <= ord(c) <= 0xD7A3

def fetch(d, target):
    ua, acc, _ = PHONES[d]
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=20)
    c.request('GET', target, headers={'User-Agent': ua, 'Accept': acc, 'Accept-Encoding': 'gzip'})
    r = c.getresponse()
    raw = r.read()
    hdr = {k.lower(): v for k, v in r.getheaders()}
    c.close()
    body = gzip.decompress(raw) if hdr.get('content-encoding') == 'gzip' else raw
    size = len(raw) if d == 'html' else len(body)
    return r.status, hdr, body.decode('utf-8', 'replace'), size

def text_of(page):
    t = re.sub(r'(?s)<!DOCTYPE.*?>|<\?xml.*?\?>|<style.*?</style>', ' ', page)
    t = re.sub(r'<[^>]*>', ' ', t)
    t = html.unescape(t)
    for n in SWITCH_NAMES:
        t = t.replace(n, ' ')
    return t

def in_language(lang, t):
    h = sum(map(han, t)); k = sum(map(kana, t)); g = sum(map(hangul, t))
    if lang in ('en', 'fr'):
        return h == 0 and k == 0 and g == 0, 'han %d kana %d hangul %d' % (h, k, g)
    if lang == 'ko':
        return g > 0 and h == 0 and k == 0, 'han %d kana %d hangul %d' % (h, k, g)
    return k > 0 and g == 0, 'kana %d hangul %d' % (k, g)

def links(page):
    for m in re.finditer(r'<a\s[^>]*href="([^"]*)"', page):
        yield html.unescape(m.group(1))

def search_target(d, page, lang):
    """The search form's action with the word as q, or None."""
    if d == 'wml':
        m = re.search(r'<go href="([^"]*)" method="get"><postfield name="q"', page)
    else:
        m = re.search(r'<form[^>]*action="([^"]*)"[^>]*method="get"', page)
        if not (m and re.search(r'name="q"', page)):
            m = None
    return html.unescape(m.group(1)) + '?q=' + urllib.parse.quote(WORD[lang]) if m else None

fails = 0
def fail(msg):
    global fails
    fails += 1
    if fails <= 60:
        print('FAIL ' + msg)

for d in PHONES:
    for lang in WORD:
        pre = '/' + lang
        queue = collections.deque([pre + '/'])
        seen = set(queue)
        kinds = collections.Counter()
        n = 0
        notice_links = {'zh': 0, 'hotline': 0}
        results = 0
        while queue and n < MAX_PAGES:
            target = queue.popleft()
            n += 1
            st, hdr, page, size = fetch(d, target)
            path = urllib.parse.urlsplit(target).path[len(pre):] or '/'
            kind = next((k for k, rx in KINDS if re.match(rx, path)), 'other')
            ext = {'wml': 'wml', 'xhtml': 'xhtml', 'html': 'html'}[d]
            with open(os.path.join(outdir, '%s_%s_%03d.%s' % (d, lang, n, ext)), 'w') as f:
                f.write(page)
            where = '%s %s %s' % (d, lang, target)
            if st != 200:
                fail('%s: status %d' % (where, st)); continue
            kinds[kind] += 1
            if hdr.get('content-language') != lang:
                fail('%s: Content-Language %r' % (where, hdr.get('content-language')))
            # WML says it in Content-Language only: Kannel's WML compiler
            # warns on xml:lang, so the decks leave it out.
            if d != 'wml' and not re.search(r'<html[^>]*\s(xml:)?lang="%s"' % lang, page):
                fail('%s: the root element does not say lang="%s"' % (where, lang))
            if size > PHONES[d][2]:
                fail('%s: %d bytes, budget %d' % (where, size, PHONES[d][2]))
            ok, why = in_language(lang, text_of(page))
            if not ok:
                fail('%s: not in %s (%s)' % (where, lang, why))
            if kind in ('services', 'messages'):
                notice_links['zh'] += any(l.startswith('/zh-hans/') for l in links(page))
                notice_links['hotline'] += any(l in ('tel:12345', 'wtai://wp/mc;12345') for l in links(page))
            if kind == 'search':
                results += sum(1 for l in links(page) if re.match(pre + r'/news/\d+', l))
            nexts = list(links(page))
            if kind == 'home':
                s = search_target(d, page, lang)
                if s:
                    nexts.insert(0, s)
                else:
                    fail('%s: no search form' % where)
            for l in nexts:
                u = urllib.parse.urlsplit(l)
                if u.scheme or u.netloc or not u.path.startswith(pre + '/'):
                    continue
                q = urllib.parse.parse_qs(u.query)
                if 'view' in q or u.path == pre + '/lang':
                    continue
                if l not in seen:
                    seen.add(l)
                    queue.append(l)
        missing = [k for k, _ in KINDS if kinds[k] == 0]
        if missing:
            fail('%s %s: page kinds not reached from %s/: %s' % (d, lang, pre, ', '.join(missing)))
        if notice_links['zh'] < kinds['services'] + kinds['messages'] or notice_links['hotline'] < kinds['services'] + kinds['messages']:
            fail('%s %s: an explanation page without its link to the Chinese page or the hotline' % (d, lang))
        if results == 0:
            fail('%s %s: the search for %s found no article' % (d, lang, WORD[lang]))
        print('%s %s: %d pages, %s' % (d, lang, n, ' '.join('%s %d' % (k, kinds[k]) for k, _ in KINDS)))
print('intl crawl: %d failures' % fails)
sys.exit(1 if fails else 0)
