/* fts_zh.h - Chinese-aware full-text search on SQLite FTS5.
 *
 * fts_zh_register() adds the tokenizer "qiao_zh" to a connection:
 *
 *   CREATE VIRTUAL TABLE t USING fts5(name, body, tokenize='qiao_zh');
 *   SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY bm25(t, 10.0, 1.0);
 *
 * with ?1 bound to the string fts_zh_match() builds from what the user
 * typed.  A query of N Han characters matches exactly the rows where one
 * column contains those N characters in a row (after textnorm folding:
 * width, case, traditional->simplified).  Latin letters and digits form
 * whole-word terms ("etc" finds "ETC卡", not "fetch").  All terms must
 * match (AND), each in any column.
 *
 * Ranking with bm25() scores every matching row, so its cost grows with
 * the number of hits (tens of ms for a 2-character term found in 10,000
 * rows); rank over the name column, or cache popular queries, when that
 * matters. */
#ifndef QIAO_FTS_ZH_H
#define QIAO_FTS_ZH_H

#include <stdbool.h>
#include <sqlite3.h>

/* Longest query accepted, in characters after normalisation (white-space
 * runs count as one, leading and trailing white space not at all). */
#define FTS_ZH_MAX_QUERY_CHARS 20

/* Register the tokenizer "qiao_zh" on db.  Call once per connection,
 * before using an FTS5 table that names it.  Returns 0 or -1 (logged). */
int fts_zh_register(sqlite3 *db);

/* Build a safe FTS5 MATCH expression from raw user input (any bytes; NULL
 * counts as empty).  Nothing the user types is FTS5 syntax: quotes,
 * NEAR(, *, ^, :, +, -, parentheses are separators, and AND/OR/NOT are
 * searched as words.  Each Han run and each Latin/digit word becomes a
 * quoted phrase; phrases are joined by AND.
 * Returns a malloc'd string (caller frees), or NULL when there is nothing
 * to search or the input is too long; *too_long (may be NULL) tells the
 * two apart: true when the input exceeds FTS_ZH_MAX_QUERY_CHARS.
 * Invalid UTF-8 bytes act as separators. */
char *fts_zh_match(const char *query, bool *too_long);

/* Synonym lookup: for a normalised term (a whole Han run or Latin word,
 * NUL-terminated) return a NULL-terminated array of synonyms, or NULL for
 * none.  The array stays owned by the callee and must remain valid until
 * the next call. */
typedef const char *const *(*fts_zh_syn_fn)(const char *term, void *ctx);

/* Like fts_zh_match(), but a term with synonyms becomes
 * ("term" OR "syn1" OR ...).  Synonyms are normalised and split like a
 * query; one that splits into several terms is ANDed in parentheses.
 * syn may be NULL (then this is fts_zh_match). */
char *fts_zh_match_syn(const char *query, fts_zh_syn_fn syn, void *ctx, bool *too_long);

/* Like fts_zh_match(), for the foreign versions' search (English,
 * French, Japanese, Korean articles: store/news.h news_search_in): a
 * word of three bytes or more also matches as a prefix ("visa" finds
 * "visas"), and the commonest English and French function words (the,
 * of, how, de, les, pour ...) are dropped unless nothing else is left.
 * Kana and hangul runs are matched like Han runs, inside longer runs. */
char *fts_zh_match_prefix(const char *query, bool *too_long);

#endif
