/* batch.h - what the two XML importers share once a file has been read
 * and checked: writing it in short transactions, and a progress line.
 *
 * The writing pass commits after BATCH_MS of work and then pauses
 * BATCH_PAUSE_MS before the next transaction, so a server worker that
 * needs the write lock (a form token, a posted letter; it waits 500 ms at
 * most) gets it.  The worker waits inside its event loop, so everything
 * else it serves waits as long: it polls the lock every millisecond
 * (store_set_busy_ms), which makes its wait about the rest of one
 * transaction.  Measured in bench/soak.sh (bench/RESULTS.md, Soak) with
 * 100 ms transactions and 100 ms pauses the normal client's p99 was
 * 111 ms, with 20 ms and 10 ms 52 ms, with 10 ms and 5 ms 36 ms; the
 * imports took as long each time.
 * Readers never wait (WAL).
 *
 *   struct import_batch b = { .st = st, .label = "news f.xml" };
 *   import_progress_stage(&b, "writing", n);
 *   if (import_batch_begin(&b) != 0) ...
 *   for each element: write it; import_progress_tick(&b);
 *       switch (import_batch_step(&b)) { case 1: (committed) ... }
 *   import_batch_commit(&b) or import_batch_rollback(&b);
 *   import_progress_done(&b);
 *
 * The progress line ("\r" + the line, on stderr) is drawn only when
 * import_show_progress(true) was called (the CLI does when stderr is a
 * terminal), at most ten times a second; scripts see nothing of it. */
#ifndef QIAO_IMPORT_BATCH_H
#define QIAO_IMPORT_BATCH_H

#include <stdbool.h>
#include <stdint.h>

struct store;

#define BATCH_MS 10
#define BATCH_PAUSE_MS 5

struct import_batch {
	struct store *st;
	const char *label;     /* "news FILE": the progress line's subject */
	int64_t start_ms;      /* monotonic ms when the open transaction began */
	int commits;           /* transactions committed so far */
	/* progress */
	const char *stage;     /* "reading", "checking", "writing" */
	long done, total;      /* elements (total 0: not counted) */
	int64_t drawn_ms;
	bool drawn;
};

/* Another pace for this process (the tests: 0, 0 commits after every
 * element without pausing); BATCH_MS and BATCH_PAUSE_MS otherwise. */
void import_batch_pace(int batch_ms, int pause_ms);

/* Turn the progress line on or off for this process (off by default). */
void import_show_progress(bool on);

/* Start a transaction: 0, or -1 (the store's error message says why). */
int import_batch_begin(struct import_batch *b);
/* After each element: once BATCH_MS have passed, commit, pause and begin
 * again.  1 when it committed, 0 when not yet, -1 on a database error
 * (the transaction is then still open or none is: roll back). */
int import_batch_step(struct import_batch *b);
int import_batch_commit(struct import_batch *b);
void import_batch_rollback(struct import_batch *b);

/* A new stage of the progress line (total 0: no count shown). */
void import_progress_stage(struct import_batch *b, const char *stage, long total);
/* One more element done. */
void import_progress_tick(struct import_batch *b);
/* Clear the progress line (before the command prints its result). */
void import_progress_done(struct import_batch *b);

#endif
