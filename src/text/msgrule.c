#include "core/common.h"
#include "text/msgrule.h"
#include "core/tz.h"
#include "core/utf8.h"
#include "text/textnorm.h"

#include <sys/random.h>

static const char alphabet[] = MSGRULE_ALPHABET;
#define ALPHA_N (sizeof alphabet - 1)

int msgrule_random(char *out, size_t n)
{
	size_t got = 0;
	unsigned char pool[64];
	/* Rejection sampling keeps every character equally likely. */
	const unsigned limit = 256 - 256 % ALPHA_N;
	while (got < n) {
		ssize_t r = getrandom(pool, sizeof pool, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (ssize_t i = 0; i < r && got < n; i++)
			if (pool[i] < limit)
				out[got++] = alphabet[pool[i] % ALPHA_N];
	}
	out[n] = '\0';
	return 0;
}

static bool in_alphabet(char c)
{
	return c && strchr(alphabet, c) != NULL;
}

bool msgrule_code_normalise(const char *in, char out[MSGRULE_CODE_LEN + 1])
{
	size_t k = 0;
	for (const unsigned char *p = (const unsigned char *)in; *p;) {
		if (*p == ' ' || *p == '-' || *p == '\t' || *p == '_') {
			p++;
			continue;
		}
		/* Full-width space U+3000 and full-width hyphen U+FF0D. */
		if ((p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) || (p[0] == 0xef && p[1] == 0xbc && p[2] == 0x8d)) {
			p += 3;
			continue;
		}
		char c = (char)toupper(*p);
		if (!in_alphabet(c) || k == MSGRULE_CODE_LEN)
			return false;
		out[k++] = c;
		p++;
	}
	out[k] = '\0';
	return k == MSGRULE_CODE_LEN;
}

bool msgrule_token_normalise(const char *in, size_t n, char out[MSGRULE_TOKEN_LEN + 1])
{
	while (n && isspace((unsigned char)*in)) {
		in++;
		n--;
	}
	while (n && isspace((unsigned char)in[n - 1]))
		n--;
	if (n != MSGRULE_TOKEN_LEN)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!in_alphabet(in[i]))
			return false;
		out[i] = in[i];
	}
	out[n] = '\0';
	return true;
}

/* --- fields ------------------------------------------------------------ */

static bool is_blank(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x3000;
}

char *msgrule_clean(const char *s, size_t n, bool multiline)
{
	const unsigned char *u = (const unsigned char *)s;
	/* Trim whole code points at both ends; an invalid sequence is not
	 * blank and stops the trimming (nothing is read past s[n)). */
	size_t start = 0, end = n;
	while (start < n) {
		uint32_t c;
		size_t l = utf8_decode(s + start, n - start, &c);
		if (l == 0 || !is_blank(c))
			break;
		start += l;
	}
	while (end > start) {
		size_t b = end - 1;
		while (b > start && (u[b] & 0xc0) == 0x80)
			b--;
		uint32_t c;
		if (utf8_decode(s + b, end - b, &c) != end - b || !is_blank(c))
			break;
		end = b;
	}
	struct buf out = BUF_INIT;
	buf_grow(&out, end - start + 1);
	for (size_t i = start; i < end; i++) {
		char c = s[i];
		if (c == '\r') {
			if (i + 1 < end && s[i + 1] == '\n')
				i++;
			c = '\n';
		}
		if (!multiline && (c == '\n' || c == '\t'))
			c = ' ';
		buf_addc(&out, c);
	}
	buf_adds(&out, "");
	return buf_detach(&out);
}

enum msgrule_err msgrule_check_text(const char *s, size_t n, size_t max_chars, bool required, bool multiline)
{
	if (!s)
		s = "", n = 0;
	if (!utf8_valid(s, n))
		return MSGRULE_BAD_UTF8;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		i += utf8_decode(s + i, n - i, &c);
		if (c == '\t')
			continue;
		if (multiline && (c == '\n' || c == '\r'))
			continue;
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0xfffe || c == 0xffff)
			return MSGRULE_CONTROL;
	}
	char *clean = msgrule_clean(s, n, multiline);
	size_t chars = utf8_count(clean, strlen(clean));
	free(clean);
	if (chars == 0)
		return required ? MSGRULE_EMPTY : MSGRULE_OK;
	return chars > max_chars ? MSGRULE_TOO_LONG : MSGRULE_OK;
}

enum msgrule_err msgrule_check_phone(const char *s, size_t n, char **digits)
{
	*digits = NULL;
	if (!s)
		s = "", n = 0;
	struct buf d = BUF_INIT;
	buf_adds(&d, "");
	bool other = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9')
			buf_addc(&d, c);
		else if (c == ' ' || c == '-' || c == '\t' || (c == '+' && d.len == 0))
			continue;
		else
			other = true;
	}
	if (!other && d.len == 0) {
		/* Blank (only separators) is "no phone". */
		*digits = buf_detach(&d);
		return MSGRULE_OK;
	}
	if (other || d.len < 5 || d.len > 20) {
		buf_release(&d);
		return MSGRULE_BAD_PHONE;
	}
	*digits = buf_detach(&d);
	return MSGRULE_OK;
}

const char *const msgrule_types[MSGRULE_NTYPES] = {
	[MSGRULE_ASK] = "咨询", [MSGRULE_SUGGEST] = "建议", [MSGRULE_COMPLAIN] = "投诉",
};

bool msgrule_type_valid(const char *s)
{
	for (size_t i = 0; s && i < MSGRULE_NTYPES; i++)
		if (strcmp(s, msgrule_types[i]) == 0)
			return true;
	return false;
}

const char *msgrule_type_of(const char *s)
{
	if (!s)
		return NULL;
	/* Fold each character to its simplified form: 諮詢 is 咨询. */
	struct buf b = BUF_INIT;
	size_t n = strlen(s);
	for (size_t i = 0; i < n && n <= 32;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			break;
		char u[4];
		buf_add(&b, u, utf8_encode(textnorm_t2s(cp), u));
		i += k;
	}
	const char *found = NULL;
	for (size_t i = 0; b.data && i < MSGRULE_NTYPES; i++)
		if (strcmp(b.data, msgrule_types[i]) == 0)
			found = msgrule_types[i];
	buf_release(&b);
	return found;
}

void msgrule_types_text(struct buf *out)
{
	for (size_t i = 0; i < MSGRULE_NTYPES; i++) {
		if (i)
			buf_adds(out, i + 1 == MSGRULE_NTYPES ? "或" : "、");
		buf_adds(out, msgrule_types[i]);
	}
}

/* The sentences are interface strings (N_: the handlers translate them,
 * docs/i18n.md); each takes the label (%s) and then the limit (%zu),
 * the short ones the limit only, whether or not they show it. */
const char *msgrule_err_format(enum msgrule_err e)
{
	switch (e) {
	case MSGRULE_OK: return "";
	case MSGRULE_EMPTY: return N_("请填写%s。");
	case MSGRULE_TOO_LONG: return N_("%s不能超过%zu个字，请删减。");
	case MSGRULE_BAD_UTF8: return N_("%s含有无法识别的字符，请重新输入。");
	case MSGRULE_CONTROL: return N_("%s含有控制字符，请删除后重试。");
	case MSGRULE_BAD_PHONE: return N_("%s应为5至20位数字。");
	case MSGRULE_BAD_CHOICE: return N_("请选择%s。");
	}
	return "";
}

const char *msgrule_err_short_format(enum msgrule_err e)
{
	switch (e) {
	case MSGRULE_OK: return "";
	case MSGRULE_EMPTY: return N_("必填");
	case MSGRULE_TOO_LONG: return N_("限%zu字");
	case MSGRULE_BAD_UTF8: return N_("有乱码");
	case MSGRULE_CONTROL: return N_("有控制字符");
	case MSGRULE_BAD_PHONE: return N_("应为5-20位数字");
	case MSGRULE_BAD_CHOICE: return N_("请选择");
	}
	return "";
}

void msgrule_err_text(struct buf *out, enum msgrule_err e, const char *label, size_t max_chars)
{
	buf_addf(out, msgrule_err_format(e), label, max_chars);
}

void msgrule_err_short(struct buf *out, enum msgrule_err e, size_t max_chars)
{
	buf_addf(out, msgrule_err_short_format(e), max_chars);
}

/* --- deadlines --------------------------------------------------------- */

int64_t msgrule_day(int64_t unix_time)
{
	return tz_china_day(unix_time);
}

int msgrule_weekday(int64_t day)
{
	/* 1970-01-01 was a Thursday. */
	int64_t w = (day + 4) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

int64_t msgrule_add_workdays(int64_t day, int n)
{
	while (n > 0) {
		day++;
		int w = msgrule_weekday(day);
		if (w != 0 && w != 6)
			n--;
	}
	return day;
}

void msgrule_day_text(int64_t day, char out[11])
{
	time_t t = (time_t)(day * 86400);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

bool msgrule_day_parse(const char *s, int64_t *day)
{
	int y, m, d;
	char tail;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12 };
	time_t t = timegm(&tm);
	if (tm.tm_mday != d)
		return false;
	/* floor, not truncation: before 1970 t is negative (noon of the day) */
	int64_t v = (int64_t)t;
	*day = v >= 0 ? v / 86400 : -((-v + 86399) / 86400);
	return true;
}

/* --- senders ----------------------------------------------------------- */

void msgrule_public_name(struct buf *out, const char *name, bool anonymous)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || !utf8_valid(name, n)) {
		buf_adds(out, "网友");
		return;
	}
	if (!anonymous) {
		buf_adds(out, name);
		return;
	}
	uint32_t first;
	buf_add(out, name, utf8_decode(name, n, &first));
	buf_adds(out, "某");
}

void msgrule_mask_phone(struct buf *out, const char *digits)
{
	size_t n = strlen(digits);
	if (n >= 7) {
		buf_add(out, digits, 3);
		for (size_t i = 3; i < n - 4; i++)
			buf_addc(out, '*');
		buf_add(out, digits + n - 4, 4);
	} else {
		for (size_t i = 0; i + 2 < n; i++)
			buf_addc(out, '*');
		buf_adds(out, n >= 2 ? digits + n - 2 : digits);
	}
}

char *msgrule_client_key(const char *peer, const char *const *trusted, size_t ntrusted,
			 const char *const *headers, size_t nheaders)
{
	bool is_trusted = false;
	for (size_t i = 0; i < ntrusted && !is_trusted; i++)
		is_trusted = strcmp(peer, trusted[i]) == 0;
	for (size_t h = 0; is_trusted && h < nheaders; h++) {
		const char *v = headers[h];
		if (!v)
			continue;
		char *digits;
		if (msgrule_check_phone(v, strlen(v), &digits) == MSGRULE_OK && *digits) {
			char *key = xasprintf("tel:%s", digits);
			free(digits);
			return key;
		}
		free(digits);
	}
	return xasprintf("ip:%s", peer);
}
