/* common.h - included first by every qiao source file.
 *
 * Pulls in the standard headers nearly everything needs (so that they are
 * seen before the bans) and bans the
 * C library calls that write past buffers or hide errors (the idea of
 * git's banned.h): use buf_addf()/snprintf() and strtol() instead. */
#ifndef QIAO_COMMON_H
#define QIAO_COMMON_H

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/xmalloc.h"
#include "core/buf.h"
#include "core/log.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* An interface string of a static table, marked for the catalogs (make
 * pot; docs/i18n.md) and translated where it is shown: T(r, s). */
#define N_(s) (s)

#ifndef QIAO_ALLOW_BANNED
#undef strcpy
#define strcpy(a, b) BANNED_strcpy_use_buf
#undef strcat
#define strcat(a, b) BANNED_strcat_use_buf
#undef sprintf
#define sprintf(...) BANNED_sprintf_use_snprintf
#undef vsprintf
#define vsprintf(...) BANNED_vsprintf_use_vsnprintf
#undef strtok
#define strtok(a, b) BANNED_strtok_use_strtok_r
#undef gets
#define gets(a) BANNED_gets
#undef atoi
#define atoi(a) BANNED_atoi_use_strtol
#endif

#endif
