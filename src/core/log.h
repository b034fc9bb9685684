/* log.h - diagnostics on stderr, one line each, with time and level.
 *
 * The server logs through these; CLI commands print their one-line errors
 * with cli_error() in main.c instead. */
#ifndef QIAO_LOG_H
#define QIAO_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

#include <stdbool.h>

void log_set_level(enum log_level lvl);
/* Times in the server's logs (this one and the access logs): UTC by
 * default, the local time zone ($TZ) with its offset when on. */
void log_set_local_time(bool on);
bool log_local_time(void);
void log_msg(enum log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
