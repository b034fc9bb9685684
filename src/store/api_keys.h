/* api_keys.h - the API's idempotency keys (migration 012): the form
 * token that stands for a client's Idempotency-Key. */
#ifndef QIAO_STORE_API_KEYS_H
#define QIAO_STORE_API_KEYS_H

#include "store/store.h"
#include "text/msgrule.h"

#include <stdint.h>

/* Longest key accepted (bytes). */
#define API_KEY_MAX 128
/* How long a key is remembered (seconds): as long as a form token. */
#define API_KEY_LIFETIME (2 * 86400)
/* At most this many keys are kept; the oldest go first. */
#define API_KEY_MAX_ROWS 100000

/* The token of key: the one given the first time, else a new one issued
 * now (and older keys pruned).  0, or -1 when the store failed. */
int api_key_token(struct store *st, const char *key, int64_t now, char token[MSGRULE_TOKEN_LEN + 1]);

#endif
