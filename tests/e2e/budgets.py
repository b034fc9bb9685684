#!/usr/bin/env python3
# budgets.py PORT - the property behind tests/e2e/budgets.sh (issue 15,
# fault 5): for every public route, in each dialect, hostile parameters
# (long, CJK, FTS syntax, invalid UTF-8, markup, many of them, odd path
# segments, the letter form with 10,000-character fields) get 200 or a
# 4xx, never a 5xx, and a body within the dialect's budget (WML 1,400
# bytes, XHTML-MP 10 KB, HTML 14 KB gzip'd).  Prints the failures and the
# largest page per route; exits 1 on any failure.
import sys, urllib.parse, http.client, gzip, itertools
port = int(sys.argv[1])
# budgets.py PORT CHARSET: the same as a phone whose Accept-Charset is
# CHARSET (gbk, big5: pages converted, bytes counted as sent).
charset = sys.argv[2] if len(sys.argv) > 2 else None
# budgets.py PORT CHARSET PREFIX: every path under a language prefix
# ("/zh-hant": traditional pages, the ones Big5 is for).
prefix = sys.argv[3] if len(sys.argv) > 3 else ''
UA = {
 'wml': ('Nokia7110/1.0 (05.01)', 'text/vnd.wap.wml', 1400),
 'xhtml': ('SonyEricssonK750i/R1AA Browser/SEMC-Browser/4.2 Profile/MIDP-2.0 Configuration/CLDC-1.1',
           'application/vnd.wap.xhtml+xml,application/xhtml+xml;q=0.9,text/vnd.wap.wml;q=0.8,*/*;q=0.5', 10240),
 'html': ('Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
          'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 14336),
}
paths = ['/', '/news', '/news/c/1', '/news/c/2', '/news/2', '/messages', '/messages/new', '/messages/lookup',
         '/messages/1', '/services', '/services/search', '/services/region/1', '/services/unit/1',
         '/services/topic/1', '/services/1', '/nope']
names = ['q', 'page', 'p', 'unit', 'region', 'code', 'topic', 'type', 'title', 'body', 'name', 'phone', 'token', 'view', 'd', 'x']
vals = {
 'empty': '',
 'long_ascii': 'a' * 1500,
 'long_cjk': urllib.parse.quote('湖' * 400),
 'fts': urllib.parse.quote('"a" OR b* NEAR(x y) AND -c ^d col:e {f g}'),
 'bad_utf8': '%FF%FE%C0%AF%ED%A0%80',
 'markup': urllib.parse.quote('<b>&amp;"\'$(x)</b>'),
 'digits': '9' * 300,
}
if charset:  # bytes of the page's own charset, valid and not
    vals['cs_cjk'] = urllib.parse.quote('湖南省'.encode(charset) * 100)
    vals['cs_bad'] = '%C9%20%FF'
    names.append('ie')
fails = 0; checks = 0; worst = {}
def get(target, d, method='GET', body=None):
    ua, acc, _ = UA[d]
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=20)
    h = {'User-Agent': ua, 'Accept': acc, 'Accept-Encoding': 'gzip'}
    if charset:
        h['Accept-Charset'] = charset
    if body is not None:
        h['Content-Type'] = 'application/x-www-form-urlencoded'
    c.request(method, prefix + target, body=body, headers=h)
    r = c.getresponse(); b = r.read(); st = r.status
    enc = r.getheader('Content-Encoding'); c.close()
    return st, b, enc
def check(target, d, method='GET', body=None):
    global fails, checks
    st, b, enc = get(target, d, method, body)
    # HTML's budget is for the gzip'd body, the others' for the plain one.
    size = len(b) if (d == 'html' or enc != 'gzip') else len(gzip.decompress(b))
    budget = UA[d][2]
    checks += 1
    ok = (st == 200 or 400 <= st < 500) and size <= budget
    k = (d, target.split('?')[0])
    worst[k] = max(worst.get(k, 0), size)
    if not ok:
        fails += 1
        if fails <= 40:
            print('FAIL %s %s %s -> %d, %d bytes (budget %d)' % (d, method, target[:120], st, size, budget))
for d in UA:
    for p in paths:
        targets = [p]
        for vn, v in vals.items():
            for n in names:
                targets.append('%s?%s=%s' % (p, n, v))
            targets.append(p + '?' + '&'.join('%s=%s' % (n, v[:40]) for n in names))
        targets.append(p + '?' + '&'.join('p%d=%d' % (i, i) for i in range(300)))
        for t in targets:
            if len(t) > 4000:
                t = t[:4000]
            check(t, d)
    # path segments
    for p in ['/news/', '/news/c/', '/messages/', '/services/', '/services/unit/', '/services/region/', '/services/topic/']:
        for v in ['abc', '0', '-1', '99999999999999999999', 'a' * 1000, '%FF', urllib.parse.quote('湖' * 200)]:
            check(p + v, d)
    # the letter form echoing long fields
    for n in ['title', 'body', 'name', 'phone', 'type', 'unit', 'token']:
        for v in ['x' * 10000, urllib.parse.quote('湖' * 5000), '%FF' * 3000]:
            check('/messages', d, 'POST', 'type=%E5%92%A8%E8%AF%A2&unit=1&title=t&body=b&' + n + '=' + v)
print('budgets%s: %d checks, %d over budget or 5xx' % (' (' + charset + ')' if charset else '', checks, fails))
for k in sorted(worst, key=lambda k: -worst[k])[:8]:
    print('  largest %s %s: %d' % (k[0], k[1], worst[k]))
sys.exit(1 if fails else 0)
