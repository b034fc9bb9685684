/* api_keys.c - Idempotency-Key to form token (see api_keys.h). */
#include "core/common.h"
#include "store/api_keys.h"
#include "store/messages.h"

static int key_lookup(struct store *st, const char *key, int64_t now, char token[MSGRULE_TOKEN_LEN + 1])
{
	sqlite3_stmt *s = store_stmt(st, "SELECT token FROM api_idempotency WHERE key = ?1 AND created_at > ?2");
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, now - API_KEY_LIFETIME);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		snprintf(token, MSGRULE_TOKEN_LEN + 1, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int key_prune(struct store *st, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM api_idempotency WHERE created_at <= ?1 OR key IN "
				     "(SELECT key FROM api_idempotency ORDER BY created_at DESC LIMIT -1 OFFSET ?2)");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, now - API_KEY_LIFETIME);
	sqlite3_bind_int64(s, 2, API_KEY_MAX_ROWS - 1);
	return store_step_done(s);
}

int api_key_token(struct store *st, const char *key, int64_t now, char token[MSGRULE_TOKEN_LEN + 1])
{
	int found = key_lookup(st, key, now, token);
	if (found != 0)
		return found > 0 ? 0 : -1;
	/* A new key: a form token of its own (msg_token_issue commits it),
	 * then the pair.  When another request with the same key got there
	 * first, its pair stays and this token is never used (it expires
	 * with the others): both requests post with one token, one letter. */
	char fresh[MSGRULE_TOKEN_LEN + 1];
	if (msg_token_issue(st, now, fresh) != 0)
		return -1;
	if (store_begin(st) != 0)
		return -1;
	sqlite3_stmt *s = NULL;
	if (key_prune(st, now) != 0 ||
	    !(s = store_stmt(st, "INSERT OR IGNORE INTO api_idempotency (key, token, created_at) VALUES (?1, ?2, ?3)")))
		goto fail;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, fresh, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now);
	if (store_step_done(s) != 0 || key_lookup(st, key, now, token) != 1)
		goto fail;
	return store_commit(st) == 0 ? 0 : -1;
fail:
	store_rollback(st);
	return -1;
}
