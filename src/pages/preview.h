/* preview.h - the staff preview (/preview).
 *
 * page_preview (pages.h) renders a portal page three times with
 * app_render() and shows each rendering beside its numbers, measured by
 * check/measure.h exactly as `qiao check` measures a crawled page. */
#ifndef QIAO_PREVIEW_H
#define QIAO_PREVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "device/device.h"

/* Longest ?path= accepted (bytes, decoded). */
#define PREVIEW_PATH_MAX 1024

/* A ?path= value the preview accepts: starts with "/" but not "//", at most
 * PREVIEW_PATH_MAX bytes, valid UTF-8, no control characters, spaces or
 * backslashes. */
bool preview_path_ok(const char *path);

#endif
