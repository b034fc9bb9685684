/* memo.h - device detection remembered per set of request headers.
 *
 * Phones repeat: the same few header sets arrive again and again, so
 * device_detect_memo() keeps the result per distinct set of inputs in a
 * small table (one per process; not thread-safe).  A proxy browser's
 * answer points into its request's headers and is never remembered.
 * Pure: no I/O. */
#ifndef QIAO_DEVICE_MEMO_H
#define QIAO_DEVICE_MEMO_H

#include "device/device.h"

/* Same result as device_detect(rules, h, caps). */
void device_detect_memo(const struct device_rules *rules, const struct device_headers *h,
			struct device_caps *caps);
/* Forget everything (at exit, or when the rules change). */
void device_memo_free(void);

#endif
