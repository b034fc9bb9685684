/* i18n_bench.c - the cost of the interface strings in one page render:
 * the error page (layout + error template, every string a {{_ }} tag or
 * T()) through page_render, in 简体 (no catalog: the msgids, escaped at
 * load) and in English (a binary search in the embedded catalog per
 * string), in each dialect, N times.  Built by hand against the release
 * objects (see bench/RESULTS.md, section 12):
 *
 *   cc -O2 -D_GNU_SOURCE -Isrc $(pkg-config --cflags libxml-2.0) -o build/i18n_bench \
 *      bench/i18n_bench.c $(find build/release/src -name '*.o' ! -name main.o) \
 *      build/release/gen/*.o $(pkg-config --libs libevent_core sqlite3 libxml-2.0 zlib jansson libsodium libsystemd) -lm
 *   build/i18n_bench [N] */
#include "core/common.h"
#include "http/req.h"
#include "render/dialect.h"
#include "render/page.h"
#include "render/tpl.h"
#include "render/view.h"

#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 50000;
	for (size_t i = 0; i < DIALECT_COUNT; i++) {
		const struct dialect *d = &dialects[i];
		char *err = NULL;
		struct tpl_set *set = tpl_set_load(d->tpl_dir, d->tpl_ext, d->esc, d->xml, &err);
		if (!set) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		for (int en = 0; en < 2; en++) {
			struct buf out = BUF_INIT;
			size_t bytes = 0;
			double t0 = now();
			for (long k = 0; k < n; k++) {
				struct req r;
				memset(&r, 0, sizeof r);
				r.path = "/nope";
				r.caps.profile = d->profile;
				r.caps.budget = 100000;
				r.view = view_new();
				r.lang = en ? LANG_EN : LANG_ZH_HANS;
				buf_reset(&out);
				page_render(set, &r, 404, &out);
				bytes = out.len;
				view_free(r.view);
			}
			double t = now() - t0;
			printf("%-8s %-5s %6.2f us/page (%zu bytes)\n", d->name, en ? "en" : "zh", t * 1e6 / (double)n, bytes);
			buf_release(&out);
		}
		tpl_set_free(set);
	}
	return 0;
}
