/* charset.c - charsets of pages: labels, Accept-Charset, the choice, and
 * the conversions to and from UTF-8 through iconv. */
#include "core/common.h"
#include "core/charset.h"
#include "core/utf8.h"

#include <iconv.h>
#include <strings.h>

struct charset_row {
	const char *name;    /* label we send */
	const char *iconv;   /* glibc's converter name */
	unsigned mib;
	const char *aliases; /* other labels, space-separated, lowercase */
};

static const struct charset_row rows[CHARSET_COUNT] = {
	[CHARSET_UTF8] = { "utf-8", "UTF-8", 106, "utf8" },
	[CHARSET_GBK] = { "gbk", "GBK", 113, "cp936 x-gbk windows-936 ms936" },
	[CHARSET_GB2312] = { "gb2312", "GB2312", 2025, "euc-cn x-euc-cn csgb2312 gb_2312-80 gb_2312" },
	[CHARSET_GB18030] = { "gb18030", "GB18030", 114, "" },
	[CHARSET_BIG5] = { "big5", "BIG5", 2026, "x-big5 cp950 csbig5 big-5 big5-hkscs" },
};

static const struct charset_row *row(enum charset cs)
{
	return &rows[(unsigned)cs < CHARSET_COUNT ? cs : CHARSET_UTF8];
}

const char *charset_name(enum charset cs)
{
	return row(cs)->name;
}

unsigned charset_mib(enum charset cs)
{
	return row(cs)->mib;
}

static bool word_in(const char *list, const char *w, size_t n)
{
	for (const char *p = list; *p;) {
		size_t l = strcspn(p, " ");
		if (l == n && strncasecmp(p, w, n) == 0)
			return true;
		p += l;
		p += strspn(p, " ");
	}
	return false;
}

bool charset_find(const char *label, size_t n, enum charset *out)
{
	if (!label || n == 0 || n > 32)
		return false;
	for (int i = 0; i < CHARSET_COUNT; i++) {
		if ((strlen(rows[i].name) == n && strncasecmp(rows[i].name, label, n) == 0) ||
		    word_in(rows[i].aliases, label, n)) {
			*out = (enum charset)i;
			return true;
		}
	}
	return false;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* q of ";q=0.8" parameters in p[0..n) in thousandths (1000 when absent,
 * 0 when malformed, as a client that cannot write a q gets no credit). */
static int item_q(const char *p, size_t n)
{
	int q = 1000;
	for (size_t i = 0; i < n; i++) {
		if (p[i] != ';')
			continue;
		size_t j = i + 1;
		while (j < n && blank(p[j]))
			j++;
		if (j + 1 < n && (p[j] == 'q' || p[j] == 'Q') && p[j + 1] == '=') {
			j += 2;
			if (j >= n || (p[j] != '0' && p[j] != '1'))
				return 0;
			q = (p[j] - '0') * 1000;
			j++;
			if (j < n && p[j] == '.') {
				int scale = 100;
				for (j++; j < n && p[j] >= '0' && p[j] <= '9' && scale; j++, scale /= 10)
					q += (p[j] - '0') * scale;
			}
			if (q > 1000)
				q = 1000;
		}
	}
	return q;
}

unsigned charset_accept(const char *v)
{
	if (!v || v[strspn(v, " \t")] == '\0')
		return CHARSET_ALL;
	int q[CHARSET_COUNT];
	for (int i = 0; i < CHARSET_COUNT; i++)
		q[i] = -1;
	int star = -1;
	for (const char *p = v; *p;) {
		size_t n = strcspn(p, ",");
		size_t s = 0;
		while (s < n && blank(p[s]))
			s++;
		size_t e = s;
		while (e < n && p[e] != ';' && !blank(p[e]))
			e++;
		int iq = item_q(p + e, n - e);
		enum charset cs;
		if (e - s == 1 && p[s] == '*')
			star = iq;
		else if (charset_find(p + s, e - s, &cs) && q[cs] < 0)
			q[cs] = iq;
		p += n;
		if (*p == ',')
			p++;
	}
	unsigned mask = 0;
	for (int i = 0; i < CHARSET_COUNT; i++)
		if (q[i] > 0 || (q[i] < 0 && star > 0))
			mask |= CHARSET_BIT(i);
	return mask;
}

unsigned charset_list(const char *labels)
{
	unsigned mask = 0;
	for (const char *p = labels ? labels : ""; *p;) {
		size_t n = strcspn(p, ", \t\r\n");
		enum charset cs;
		if (n && charset_find(p, n, &cs))
			mask |= CHARSET_BIT(cs);
		p += n;
		p += strspn(p, ", \t\r\n");
	}
	return mask;
}

enum charset charset_choose(unsigned mask, bool traditional)
{
	static const enum charset simp[] = { CHARSET_GBK, CHARSET_GB18030, CHARSET_GB2312, CHARSET_BIG5 };
	static const enum charset trad[] = { CHARSET_BIG5, CHARSET_GBK, CHARSET_GB18030, CHARSET_GB2312 };
	mask &= CHARSET_ALL;
	if (mask == 0 || (mask & CHARSET_BIT(CHARSET_UTF8)))
		return CHARSET_UTF8;
	const enum charset *order = traditional ? trad : simp;
	for (size_t i = 0; i < 4; i++)
		if (mask & CHARSET_BIT(order[i]))
			return order[i];
	return CHARSET_UTF8;
}

/* --- conversions -------------------------------------------------------- */

/* One converter per direction and charset, opened on first use and kept
 * (a worker converts every page it sends to such a phone). */
static iconv_t conv(enum charset cs, bool to_utf8)
{
	static iconv_t cd[2][CHARSET_COUNT];
	static bool tried[2][CHARSET_COUNT];
	int d = to_utf8;
	if (!tried[d][cs]) {
		tried[d][cs] = true;
		cd[d][cs] = to_utf8 ? iconv_open("UTF-8", row(cs)->iconv) : iconv_open(row(cs)->iconv, "UTF-8");
	}
	if (cd[d][cs] != (iconv_t)-1)
		iconv(cd[d][cs], NULL, NULL, NULL, NULL); /* back to the initial state */
	return cd[d][cs];
}

static void add_ncr(struct buf *out, uint32_t cp)
{
	buf_addf(out, "&#x%X;", (unsigned)cp);
}

/* Convert the valid UTF-8 run s[0..n) into out with cd; characters the
 * target lacks become references. */
static void encode_run(iconv_t cd, const char *s, size_t n, struct buf *out)
{
	char *in = (char *)s;
	size_t left = n;
	while (left > 0) {
		buf_grow(out, left * 2 + 16);
		char *o = out->data + out->len;
		size_t room = out->cap - out->len - 1, before = room;
		size_t rc = iconv(cd, &in, &left, &o, &room);
		out->len += before - room;
		out->data[out->len] = '\0';
		if (rc != (size_t)-1 || errno == E2BIG)
			continue;
		/* EILSEQ: the character at in has no code in the target. */
		uint32_t cp;
		size_t k = utf8_decode(in, left, &cp);
		if (k == 0)
			k = 1;
		add_ncr(out, cp);
		in += k;
		left -= k;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	/* Flush a stateful encoder's shift sequence (none of ours has one). */
	buf_grow(out, 16);
	char *o = out->data + out->len;
	size_t room = out->cap - out->len - 1, before = room;
	iconv(cd, NULL, NULL, &o, &room);
	out->len += before - room;
	out->data[out->len] = '\0';
}

int charset_encode(enum charset cs, const char *s, size_t n, struct buf *out)
{
	iconv_t cd = cs == CHARSET_UTF8 ? (iconv_t)-1 : conv(cs, false);
	if (cs != CHARSET_UTF8 && cd == (iconv_t)-1)
		return -1;
	size_t i = 0;
	while (i < n) {
		/* The longest valid stretch, then the bad bytes after it. */
		size_t good = utf8_valid_prefix(s + i, n - i);
		if (good) {
			if (cs == CHARSET_UTF8)
				buf_add(out, s + i, good);
			else
				encode_run(cd, s + i, good, out);
			i += good;
		}
		if (i < n) {
			add_ncr(out, UTF8_REPLACEMENT);
			i += utf8_bad_len(s + i, n - i);
		}
	}
	return 0;
}

size_t charset_len(enum charset cs, const char *s, size_t n)
{
	/* ASCII is one byte in every charset here: count it directly and
	 * convert only the rest. */
	size_t total = 0, i = 0;
	static struct buf scratch = BUF_INIT;
	while (i < n) {
		size_t a = i;
		while (a < n && (unsigned char)s[a] < 0x80)
			a++;
		total += a - i;
		i = a;
		size_t b = i;
		while (b < n && (unsigned char)s[b] >= 0x80)
			b++;
		if (b > i) {
			buf_reset(&scratch);
			if (charset_encode(cs, s + i, b - i, &scratch) != 0)
				return total + (b - i);
			total += scratch.len;
			i = b;
		}
	}
	return total;
}

bool charset_has(enum charset cs, uint32_t cp)
{
	char u[4];
	size_t k = utf8_encode(cp, u);
	if (k == 0)
		return false;
	if (cs == CHARSET_UTF8)
		return true;
	iconv_t cd = conv(cs, false);
	if (cd == (iconv_t)-1)
		return false;
	char o[16], *op = o, *in = u;
	size_t left = k, room = sizeof o;
	return iconv(cd, &in, &left, &op, &room) != (size_t)-1 && left == 0;
}

int charset_decode(enum charset cs, const char *s, size_t n, struct buf *out)
{
	if (cs == CHARSET_UTF8) {
		if (!utf8_valid(s, n))
			return -1;
		buf_add(out, s, n);
		return 0;
	}
	iconv_t cd = conv(cs, true);
	if (cd == (iconv_t)-1)
		return -1;
	char *in = (char *)s;
	size_t left = n;
	while (left > 0) {
		buf_grow(out, left * 2 + 16);
		char *o = out->data + out->len;
		size_t room = out->cap - out->len - 1, before = room;
		size_t rc = iconv(cd, &in, &left, &o, &room);
		out->len += before - room;
		out->data[out->len] = '\0';
		if (rc == (size_t)-1 && errno != E2BIG)
			return -1; /* EILSEQ or a truncated character (EINVAL) */
	}
	return 0;
}
