/* cidr.c - address ranges and the client behind trusted proxies (cidr.h). */
#include "core/common.h"
#include "core/cidr.h"

#include <arpa/inet.h>
#include <ctype.h>

static void clear_host_bits(struct cidr *c)
{
	int len = c->family == AF_INET ? 4 : 16;
	for (int i = 0; i < len; i++) {
		int keep = c->bits - i * 8;
		if (keep >= 8)
			continue;
		c->addr[i] &= keep <= 0 ? 0 : (unsigned char)(0xff << (8 - keep));
	}
}

bool cidr_parse(const char *s, struct cidr *out)
{
	char host[CIDR_ADDR_SIZE];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	if (n == 0 || n >= sizeof host)
		return false;
	memcpy(host, s, n);
	host[n] = '\0';
	memset(out, 0, sizeof *out);
	if (inet_pton(AF_INET, host, out->addr) == 1)
		out->family = AF_INET;
	else if (inet_pton(AF_INET6, host, out->addr) == 1)
		out->family = AF_INET6;
	else
		return false;
	int max = out->family == AF_INET ? 32 : 128;
	out->bits = max;
	if (slash) {
		const char *p = slash + 1;
		if (!*p || strlen(p) > 3)
			return false;
		int b = 0;
		for (; *p; p++) {
			if (!isdigit((unsigned char)*p))
				return false;
			b = b * 10 + (*p - '0');
		}
		if (b > max)
			return false;
		out->bits = b;
	}
	clear_host_bits(out);
	return true;
}

/* Parse an address; an IPv4-mapped IPv6 address reads as IPv4. */
static bool addr_parse(const char *addr, int *family, unsigned char a[16])
{
	if (inet_pton(AF_INET, addr, a) == 1) {
		*family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, addr, a) != 1)
		return false;
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	if (memcmp(a, mapped, 12) == 0) {
		memmove(a, a + 12, 4);
		*family = AF_INET;
	} else {
		*family = AF_INET6;
	}
	return true;
}

static bool in_range(const struct cidr *c, int family, const unsigned char a[16])
{
	if (c->family != family)
		return false;
	int full = c->bits / 8, rest = c->bits % 8;
	if (memcmp(a, c->addr, (size_t)full) != 0)
		return false;
	return rest == 0 || (a[full] & (unsigned char)(0xff << (8 - rest))) == c->addr[full];
}

bool cidr_match(const struct cidr *nets, size_t n, const char *addr)
{
	int family;
	unsigned char a[16];
	if (!addr || !addr_parse(addr, &family, a))
		return false;
	for (size_t i = 0; i < n; i++)
		if (in_range(&nets[i], family, a))
			return true;
	return false;
}

/* One hop's text (trimmed, quotes, brackets and port removed) into out as
 * a canonical address: true, or false when it is not an address. */
static bool hop_addr(const char *s, size_t n, char out[CIDR_ADDR_SIZE])
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s++;
		n -= 2;
	}
	char tmp[CIDR_ADDR_SIZE + 8];
	if (n == 0 || n >= sizeof tmp)
		return false;
	if (s[0] == '[') {            /* [v6] or [v6]:port */
		const char *close = memchr(s, ']', n);
		if (!close)
			return false;
		n = (size_t)(close - s - 1);
		s++;
	} else if (memchr(s, ':', n) && memchr(s, '.', n) && memchr(s, ':', n) == memrchr(s, ':', n)) {
		n = (size_t)((const char *)memchr(s, ':', n) - s);   /* v4:port */
	}
	if (n == 0 || n >= sizeof tmp)
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	int family;
	unsigned char a[16];
	if (!addr_parse(tmp, &family, a))
		return false;
	return inet_ntop(family, a, out, CIDR_ADDR_SIZE) != NULL;
}

/* The for= value of one Forwarded element (between commas), or NULL. */
static const char *forwarded_for(const char *s, size_t n, size_t *len)
{
	const char *end = s + n;
	while (s < end) {
		const char *semi = memchr(s, ';', (size_t)(end - s));
		const char *pe = semi ? semi : end;
		while (s < pe && (*s == ' ' || *s == '\t'))
			s++;
		if (pe - s > 4 && strncasecmp(s, "for=", 4) == 0) {
			*len = (size_t)(pe - s - 4);
			return s + 4;
		}
		s = semi ? semi + 1 : end;
	}
	return NULL;
}

void cidr_client(const char *peer, const char *xff, const char *forwarded, const struct cidr *nets, size_t n,
		 char out[CIDR_ADDR_SIZE])
{
	snprintf(out, CIDR_ADDR_SIZE, "%s", peer ? peer : "");
	if (!n || !cidr_match(nets, n, peer))
		return;
	const char *h = forwarded && *forwarded ? forwarded : xff;
	if (!h)
		return;
	bool fwd = h == forwarded;
	/* Hops right to left; each comma-separated element. */
	size_t end = strlen(h);
	int hops = 0;
	while (end > 0 && hops++ < 64) {
		size_t start = end;
		while (start > 0 && h[start - 1] != ',')
			start--;
		const char *v = h + start;
		size_t vn = end - start;
		if (fwd && !(v = forwarded_for(h + start, end - start, &vn)))
			return;
		char hop[CIDR_ADDR_SIZE];
		if (!hop_addr(v, vn, hop))
			return;
		snprintf(out, CIDR_ADDR_SIZE, "%s", hop);
		if (!cidr_match(nets, n, hop))
			return;
		end = start > 0 ? start - 1 : 0;
	}
}
