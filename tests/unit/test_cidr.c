/* test_cidr.c - address ranges and the client address behind trusted
 * proxies (X-Forwarded-For, Forwarded). */
#include "core/common.h"
#include "harness.h"

#include "core/cidr.h"

TEST(parse)
{
	struct cidr c;
	CHECK(cidr_parse("10.0.0.0/8", &c));
	CHECK_INT(c.bits, 8);
	CHECK(cidr_parse("10.1.2.3", &c));
	CHECK_INT(c.bits, 32);
	CHECK(cidr_parse("2001:db8::/32", &c));
	CHECK_INT(c.bits, 32);
	CHECK(cidr_parse("::1", &c));
	CHECK_INT(c.bits, 128);
	CHECK(cidr_parse("0.0.0.0/0", &c));
	CHECK(!cidr_parse("10.0.0.0/33", &c));
	CHECK(!cidr_parse("::/129", &c));
	CHECK(!cidr_parse("10.0.0.0/", &c));
	CHECK(!cidr_parse("10.0.0.0/-1", &c));
	CHECK(!cidr_parse("10.0.0.0/8x", &c));
	CHECK(!cidr_parse("gateway.example", &c));
	CHECK(!cidr_parse("", &c));
	CHECK(!cidr_parse("/8", &c));
	CHECK(!cidr_parse(" 10.0.0.1", &c));
	CHECK(!cidr_parse("10.0.0.256", &c));
}

TEST(match)
{
	struct cidr nets[3];
	CHECK(cidr_parse("10.0.0.0/8", &nets[0]));
	CHECK(cidr_parse("192.0.2.77", &nets[1]));
	CHECK(cidr_parse("2001:db8:1::/48", &nets[2]));
	CHECK(cidr_match(nets, 3, "10.255.1.2"));
	CHECK(!cidr_match(nets, 3, "11.0.0.1"));
	CHECK(cidr_match(nets, 3, "192.0.2.77"));
	CHECK(!cidr_match(nets, 3, "192.0.2.78"));
	CHECK(cidr_match(nets, 3, "2001:db8:1:ffff::9"));
	CHECK(!cidr_match(nets, 3, "2001:db8:2::9"));
	CHECK(cidr_match(nets, 3, "::ffff:10.9.9.9"));     /* IPv4-mapped */
	CHECK(!cidr_match(nets, 3, "garbage"));
	CHECK(!cidr_match(nets, 3, ""));
	CHECK(!cidr_match(nets, 0, "10.0.0.1"));
	struct cidr odd;
	CHECK(cidr_parse("172.16.0.0/12", &odd));
	CHECK(cidr_match(&odd, 1, "172.31.255.255"));
	CHECK(!cidr_match(&odd, 1, "172.32.0.0"));
	CHECK(cidr_parse("10.1.2.3/8", &odd));          /* host bits ignored */
	CHECK(cidr_match(&odd, 1, "10.200.0.1"));
}

static const char *client(const char *peer, const char *xff, const char *fwd)
{
	static char out[CIDR_ADDR_SIZE];
	struct cidr nets[2];
	cidr_parse("127.0.0.1", &nets[0]);
	cidr_parse("10.0.0.0/8", &nets[1]);
	cidr_client(peer, xff, fwd, nets, 2, out);
	return out;
}

TEST(forwarded_for)
{
	/* Untrusted peers are the client whatever they send. */
	CHECK_STR(client("203.0.113.5", "1.2.3.4", NULL), "203.0.113.5");
	CHECK_STR(client("203.0.113.5", NULL, "for=1.2.3.4"), "203.0.113.5");
	/* A trusted proxy: the rightmost hop that is not trusted. */
	CHECK_STR(client("127.0.0.1", "198.51.100.9", NULL), "198.51.100.9");
	CHECK_STR(client("127.0.0.1", "6.6.6.6, 198.51.100.9, 10.0.0.3", NULL), "198.51.100.9");
	CHECK_STR(client("127.0.0.1", " 198.51.100.9 ", NULL), "198.51.100.9");
	CHECK_STR(client("127.0.0.1", NULL, NULL), "127.0.0.1");
	/* A hop that is not an address stops the walk. */
	CHECK_STR(client("127.0.0.1", "198.51.100.9, unknown", NULL), "127.0.0.1");
	CHECK_STR(client("127.0.0.1", "198.51.100.9, 10.0.0.3, <script>", NULL), "127.0.0.1");
	CHECK_STR(client("127.0.0.1", "unknown, 10.0.0.3", NULL), "10.0.0.3");
	/* Ports and IPv6. */
	CHECK_STR(client("127.0.0.1", "198.51.100.9:4711", NULL), "198.51.100.9");
	CHECK_STR(client("127.0.0.1", "2001:db8::5", NULL), "2001:db8::5");
	CHECK_STR(client("127.0.0.1", "[2001:db8::5]:80", NULL), "2001:db8::5");
	CHECK_STR(client("::ffff:127.0.0.1", "198.51.100.9", NULL), "198.51.100.9");
	/* RFC 7239, preferred over X-Forwarded-For. */
	CHECK_STR(client("127.0.0.1", "6.6.6.6", "for=198.51.100.9;proto=https"), "198.51.100.9");
	CHECK_STR(client("127.0.0.1", NULL, "for=6.6.6.6, for=198.51.100.9;by=10.0.0.1, for=10.0.0.2"), "198.51.100.9");
	CHECK_STR(client("127.0.0.1", NULL, "For=\"[2001:db8:cafe::17]:4711\""), "2001:db8:cafe::17");
	CHECK_STR(client("127.0.0.1", NULL, "proto=http;for=198.51.100.9"), "198.51.100.9");
	CHECK_STR(client("127.0.0.1", NULL, "for=_hidden"), "127.0.0.1");
	CHECK_STR(client("127.0.0.1", NULL, "by=10.0.0.1"), "127.0.0.1");
	/* The address comes back in canonical form. */
	CHECK_STR(client("127.0.0.1", "2001:DB8:0::5", NULL), "2001:db8::5");
	CHECK_STR(client("127.0.0.1", ",,,", NULL), "127.0.0.1");
}

int main(void)
{
	RUN(parse);
	RUN(match);
	RUN(forwarded_for);
	return harness_done("cidr");
}
