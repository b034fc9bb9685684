/* cidr.h - address ranges (trusted proxies and gateways) and the client
 * address a trusted proxy reports (X-Forwarded-For, Forwarded: RFC 7239).
 * Pure: no I/O.
 *
 *   struct cidr net;
 *   if (!cidr_parse("10.0.0.0/8", &net)) ... usage error ...
 *   if (cidr_match(&net, 1, "10.1.2.3")) ...
 *   char client[CIDR_ADDR_SIZE];
 *   cidr_client(peer, xff, forwarded, nets, n, client);
 */
#ifndef QIAO_CIDR_H
#define QIAO_CIDR_H

#include <stdbool.h>
#include <stddef.h>

#define CIDR_ADDR_SIZE 46   /* INET6_ADDRSTRLEN */

struct cidr {
	int family;             /* AF_INET or AF_INET6 */
	unsigned char addr[16]; /* network byte order, host bits cleared */
	int bits;               /* prefix length */
};

/* "ADDR" (a single host) or "ADDR/BITS", IPv4 or IPv6: true and *out, or
 * false for anything else (host names, bad prefix lengths, spaces). */
bool cidr_parse(const char *s, struct cidr *out);

/* Is the address text (IPv4, IPv6, IPv4-mapped IPv6) inside one of the n
 * ranges?  False for text that is not an address. */
bool cidr_match(const struct cidr *nets, size_t n, const char *addr);

/* The client's address: peer itself unless peer is one of the trusted
 * proxies; then the hops the proxies added are read from the right
 * (Forwarded's for= when that header is there, else X-Forwarded-For) and
 * the first address that is not a trusted proxy is the client.  A hop that
 * is not an address ("unknown", an obfuscated name, garbage) stops the
 * walk at the last trusted hop.  out receives the address as text. */
void cidr_client(const char *peer, const char *xff, const char *forwarded, const struct cidr *nets, size_t n,
		 char out[CIDR_ADDR_SIZE]);

#endif
