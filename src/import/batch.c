/* batch.c - short transactions and the progress line of the importers. */
#include "core/common.h"
#include "import/batch.h"
#include "store/store.h"

#include <unistd.h>

static bool show_progress;
static int batch_ms = BATCH_MS, pause_ms = BATCH_PAUSE_MS;

void import_batch_pace(int batch, int pause)
{
	batch_ms = batch;
	pause_ms = pause;
}

void import_show_progress(bool on)
{
	show_progress = on;
}

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int import_batch_begin(struct import_batch *b)
{
	if (store_begin(b->st) != 0)
		return -1;
	b->start_ms = mono_ms();
	return 0;
}

int import_batch_step(struct import_batch *b)
{
	if (mono_ms() - b->start_ms < batch_ms)
		return 0;
	if (store_commit(b->st) != 0)
		return -1;
	b->commits++;
	if (pause_ms > 0)
		usleep((useconds_t)pause_ms * 1000);
	return import_batch_begin(b) == 0 ? 1 : -1;
}

int import_batch_commit(struct import_batch *b)
{
	if (store_commit(b->st) != 0)
		return -1;
	b->commits++;
	return 0;
}

void import_batch_rollback(struct import_batch *b)
{
	store_rollback(b->st);
}

/* --- progress ------------------------------------------------------------- */

static void draw(struct import_batch *b)
{
	if (b->total > 0)
		fprintf(stderr, "\r\033[Kqiao: import %s: %s %ld/%ld", b->label, b->stage, b->done, b->total);
	else
		fprintf(stderr, "\r\033[Kqiao: import %s: %s", b->label, b->stage);
	fflush(stderr);
	b->drawn = true;
	b->drawn_ms = mono_ms();
}

void import_progress_stage(struct import_batch *b, const char *stage, long total)
{
	b->stage = stage;
	b->total = total;
	b->done = 0;
	if (show_progress)
		draw(b);
}

/* The clock is read every 64 elements; the line redrawn ten times a second. */
void import_progress_tick(struct import_batch *b)
{
	b->done++;
	if (!show_progress || ((b->done & 63) && b->done != b->total))
		return;
	if (mono_ms() - b->drawn_ms >= 100 || b->done == b->total)
		draw(b);
}

void import_progress_done(struct import_batch *b)
{
	if (show_progress && b->drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	b->drawn = false;
}
