/* fuzz_httpc.c - libFuzzer target for the response parsers of the check
 * crawler's HTTP client (src/check/httpc.c): httpc_parse_head(),
 * httpc_dechunk() on what follows the head, and httpc_url_parse() on the
 * first line.  Checks httpc.h's promises: a complete head's length lies
 * within the input and one byte less asks for more; a status of three
 * digits; header names without blanks, values trimmed; -1 always with an
 * error; a decoded chunked body is no longer than its encoding and its
 * "used" lies within the input; a parsed URL has a host, a port in range
 * and a target starting with '/' without a fragment. */
#include "core/common.h"
#include "check/httpc.h"
#include "fuzz_util.h"

static void check_head(const char *p, size_t size)
{
	struct httpc_response res;
	memset(&res, 0, sizeof res);
	char *err = NULL;
	long r = httpc_parse_head(p, size, &res, &err);
	if (r < 0) {
		FUZZ_ASSERT(r == -1 && err);
		free(err);
		httpc_response_free(&res);
		return;
	}
	FUZZ_ASSERT(!err && (size_t)r <= size);
	if (r > 0) {
		FUZZ_ASSERT(res.status >= 0 && res.status <= 999);
		for (size_t i = 0; i < res.headers.n; i++) {
			const struct form_field *h = &res.headers.fields[i];
			FUZZ_ASSERT(h->name[0] && !strpbrk(h->name, " \t\r\n:"));
			size_t vl = strlen(h->value);
			/* (a NUL inside a value ends the C string early, maybe after a blank) */
			if (!memchr(p, 0, size))
				FUZZ_ASSERT(!vl || (h->value[0] != ' ' && h->value[vl - 1] != ' '));
			FUZZ_ASSERT(httpc_header(&res, h->name) != NULL);
		}
		/* one byte less: not complete */
		char *shorter = fuzz_copy((const uint8_t *)p, (size_t)r - 1);
		struct httpc_response r2;
		memset(&r2, 0, sizeof r2);
		char *e2 = NULL;
		FUZZ_ASSERT(httpc_parse_head(shorter, (size_t)r - 1, &r2, &e2) == 0);
		httpc_response_free(&r2);
		free(shorter);
		/* the rest as a chunked body */
		struct buf body = BUF_INIT;
		size_t used = 0;
		char *e3 = NULL;
		char *rest = fuzz_copy((const uint8_t *)p + r, size - (size_t)r);
		int c = httpc_dechunk(rest, size - (size_t)r, &body, &used, &e3);
		FUZZ_ASSERT(c == -1 || c == 0 || c == 1);
		if (c == 1)
			FUZZ_ASSERT(used <= size - (size_t)r && body.len <= used);
		if (c == -1)
			FUZZ_ASSERT(e3 != NULL);
		free(e3);
		free(rest);
		buf_release(&body);
	}
	httpc_response_free(&res);
	FUZZ_ASSERT(res.headers.n == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *p = fuzz_copy(data, size);
	check_head(p, size);
	/* the whole input as a chunked body */
	struct buf body = BUF_INIT;
	size_t used = 0;
	char *err = NULL;
	int c = httpc_dechunk(p, size, &body, &used, &err);
	if (c == 1)
		FUZZ_ASSERT(used <= size && body.len <= used);
	FUZZ_ASSERT(c != -1 || err);
	free(err);
	buf_release(&body);
	free(p);

	const uint8_t *d = data;
	size_t left = size;
	char *line = fuzz_take(&d, &left, '\n', NULL);
	struct httpc_url u;
	char *e = NULL;
	if (httpc_url_parse(line, &u, &e) == 0) {
		FUZZ_ASSERT(!e && u.host && u.host[0] && u.port > 0 && u.port <= 65535);
		FUZZ_ASSERT(u.target && u.target[0] == '/' && !strchr(u.target, '#'));
		httpc_url_free(&u);
	} else {
		FUZZ_ASSERT(e);
		free(e);
	}
	free(line);
	return 0;
}
