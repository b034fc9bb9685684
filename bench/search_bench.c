/* search_bench.c - in-process latency of svc_search (no HTTP, no render).
 *
 *   search_bench DB QUERIES_FILE [PASSES]
 *
 * Runs every query of QUERIES_FILE (one per line) once untimed, to bring
 * the database into memory as a running server has it; then once more
 * with the hit-count memo emptied (the first search for each query since
 * the content last changed: "first"), then PASSES times (default 5: "repeat", when the
 * store's per-generation memo of hit counts answers the count), each time
 * for page 1 (10 rows) exactly as the search page asks the store; prints
 * p50/p90/p99/max of both and the five slowest queries; last, the time
 * of 5 rebuilds of the search lexicon (what the first search after a
 * change pays).  Built by bench/run.sh against the release objects. */
#include "core/common.h"

#include "store/services.h"
#include "store/store.h"
#include "store/svc_lex.h"

#include <time.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* CPU time of this thread: what the search itself costs, without the
 * time other processes held the CPU (the wall clock's tails on a shared
 * machine are mostly that). */
static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

struct q {
	char *text;
	double worst;
	int64_t total;
};

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: search_bench DB QUERIES_FILE [PASSES]\n");
		return 2;
	}
	int passes = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 5;
	if (passes < 1)
		passes = 1;
	char *err = NULL;
	struct store *st = store_open(argv[1], STORE_READONLY, &err);
	if (!st) {
		fprintf(stderr, "search_bench: %s\n", err);
		free(err);
		return 1;
	}
	FILE *f = fopen(argv[2], "r");
	if (!f) {
		fprintf(stderr, "search_bench: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	struct q *qs = NULL;
	size_t nq = 0;
	char line[512];
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		qs = xrealloc(qs, (nq + 1) * sizeof *qs);
		qs[nq++] = (struct q){ xstrdup(line), 0, 0 };
	}
	fclose(f);
	if (nq == 0) {
		fprintf(stderr, "search_bench: no queries\n");
		return 1;
	}
	double *t = xmalloc(nq * (size_t)passes * sizeof *t);
	double *cold = xmalloc(nq * sizeof *cold);
	double *cpu = xmalloc(nq * (size_t)passes * sizeof *cpu);
	size_t nt = 0, nc = 0;
	int errors = 0;
	for (int pass = -2; pass < passes; pass++) {
		if (pass == -1)
			store_memo_reset(st);
		for (size_t i = 0; i < nq; i++) {
			struct svc_search s = { .query = qs[i].text, .limit = 10 };
			struct svc_results r;
			double a = now_ms(), ca = cpu_ms();
			if (svc_search(st, &s, &r) != 0)
				errors++;
			double d = now_ms() - a, cd = cpu_ms() - ca;
			qs[i].total = r.total;
			svc_results_release(&r);
			if (pass == -2)
				continue; /* warming the page cache */
			if (pass == -1) {
				cold[nc++] = d; /* first search of this query */
				continue;
			}
			cpu[nt] = cd;
			t[nt++] = d;
			if (d > qs[i].worst)
				qs[i].worst = d;
		}
	}
	qsort(t, nt, sizeof *t, cmp_double);
	qsort(cold, nc, sizeof *cold, cmp_double);
	qsort(cpu, nt, sizeof *cpu, cmp_double);
	printf("queries %zu, runs %zu, errors %d\n", nq, nt + nc, errors);
	printf("first search  ms: p50 %.3f  p90 %.3f  p99 %.3f  max %.3f\n",
	       cold[nc / 2], cold[nc * 90 / 100], cold[nc * 99 / 100], cold[nc - 1]);
	printf("repeat search ms: p50 %.3f  p90 %.3f  p99 %.3f  max %.3f\n",
	       t[nt / 2], t[nt * 90 / 100], t[nt * 99 / 100], t[nt - 1]);
	printf("repeat search CPU ms: p50 %.3f  p90 %.3f  p99 %.3f  max %.3f\n",
	       cpu[nt / 2], cpu[nt * 90 / 100], cpu[nt * 99 / 100], cpu[nt - 1]);
	printf("slowest queries (worst run, ms / hits):\n");
	for (int k = 0; k < 5 && (size_t)k < nq; k++) {
		size_t w = 0;
		for (size_t i = 1; i < nq; i++)
			if (qs[i].worst > qs[w].worst)
				w = i;
		printf("  %-12s %.3f / %lld\n", qs[w].text, qs[w].worst, (long long)qs[w].total);
		qs[w].worst = -1;
	}
	double lex[5];
	for (int k = 0; k < 5; k++) {
		store_ext_set(st, NULL, NULL);
		double a = now_ms();
		if (!svc_lexicon(st))
			errors++;
		lex[k] = now_ms() - a;
	}
	qsort(lex, 5, sizeof *lex, cmp_double);
	printf("lexicon rebuild ms: min %.1f  median %.1f  max %.1f\n", lex[0], lex[2], lex[4]);
	for (size_t i = 0; i < nq; i++)
		free(qs[i].text);
	free(qs);
	free(t);
	free(cold);
	free(cpu);
	store_close(st);
	return errors ? 1 : 0;
}
