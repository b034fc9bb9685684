/* server.h - the HTTP server (our HTTP/1.1 layer, h1, on libevent). */
#ifndef QIAO_SERVER_H
#define QIAO_SERVER_H

#include <stddef.h>

struct server_config {
	const char *listen;      /* "ADDR:PORT" or "[v6addr]:PORT"; port 0 = any */
	const char *db_path;
	const char *root;        /* NULL: the source tree or QIAO_SHAREDIR */
	const char *access_log;  /* NULL: none; "-": stdout */
	const char *const *trusted_gateways; /* --trusted-gateway addresses */
	size_t n_trusted_gateways;
	const char *staff_listen; /* NULL: no staff listener (preview) */
	size_t cache_bytes;      /* rendered-page cache bound; 0 = no cache */
	int workers;             /* worker processes (SO_REUSEPORT); 1 = in-process */
};

/* Run until SIGTERM/SIGINT.  Returns the process exit status (0, or 1
 * after printing a one-line error such as a port in use). */
int server_run(const struct server_config *cfg);

#endif
