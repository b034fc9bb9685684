#include "core/common.h"
#include "http/cache.h"
#include "harness.h"

#include <zlib.h>

static const char *K(const char *s) { return s; }

TEST(put_then_get)
{
	struct cache *c = cache_new(1 << 20);
	CHECK(cache_get(c, "a", 1) == NULL);
	struct cache_entry *e = cache_put(c, "a", 1, "text/plain", "hello", 5, 0, 1000);
	CHECK(e != NULL);
	struct cache_entry *g = cache_get(c, "a", 1);
	CHECK(g == e);
	if (g) {
		CHECK_INT(g->body_len, 5);
		CHECK_STR(g->body, "hello");
		CHECK_STR(g->content_type, "text/plain");
		CHECK_INT(g->last_modified, 1000);
		CHECK(g->etag[0] == '"' && strlen(g->etag) == 18);
	}
	struct cache_stats st;
	cache_get_stats(c, &st);
	CHECK_INT(st.hits, 1);
	CHECK_INT(st.misses, 1);
	CHECK_INT(st.entries, 1);
	cache_free(c);
}

TEST(etag_follows_content)
{
	struct cache *c = cache_new(1 << 20);
	char t1[24], t2[24], t3[24];
	memcpy(t1, cache_put(c, "a", 1, "t", "same", 4, 0, 1)->etag, 24);
	memcpy(t2, cache_put(c, "b", 1, "t", "same", 4, 0, 2)->etag, 24);
	memcpy(t3, cache_put(c, "c", 1, "t", "diff", 4, 0, 3)->etag, 24);
	CHECK_STR(t1, t2);
	CHECK(strcmp(t1, t3) != 0);
	cache_free(c);
}

/* A representation is the bytes and their content type: the same XHTML-MP
 * markup under its two content types gets two tags, and the gzip body a
 * tag of its own. */
TEST(etag_per_representation)
{
	struct cache *c = cache_new(1 << 20);
	char body[2048];
	for (size_t i = 0; i < sizeof body; i++)
		body[i] = "<p>qiao</p>\n"[i % 12];
	struct cache_entry *a = cache_put(c, "a", 1, "application/vnd.wap.xhtml+xml; charset=utf-8", body,
					  sizeof body, 6, 1);
	char ta[24], tagz[28];
	memcpy(ta, a->etag, sizeof ta);
	memcpy(tagz, a->gz_etag, sizeof tagz);
	struct cache_entry *b = cache_put(c, "b", 1, "application/xhtml+xml; charset=utf-8", body, sizeof body, 6, 2);
	CHECK(strcmp(ta, b->etag) != 0);
	CHECK(a->gz != NULL || tagz[0]);
	CHECK(strlen(tagz) == 21 && strncmp(tagz, ta, 17) == 0 && strcmp(tagz + 17, "-gz\"") == 0);
	CHECK(strcmp(tagz, b->gz_etag) != 0);
	/* No gzip form (too small to gain): no gzip tag. */
	struct cache_entry *s = cache_put(c, "s", 1, "text/plain", "x", 1, 6, 3);
	CHECK(s->gz == NULL);
	CHECK_STR(s->gz_etag, "");
	cache_free(c);
}

TEST(if_none_match)
{
	const char *id = "\"0123456789abcdef\"", *gz = "\"0123456789abcdef-gz\"";
	CHECK(cache_etag_matches(id, id));
	CHECK(cache_etag_matches(gz, gz));
	/* The gzip body's tag is not the identity body's, either way. */
	CHECK(!cache_etag_matches(gz, id));
	CHECK(!cache_etag_matches(id, gz));
	CHECK(!cache_etag_matches("\"0123456789abcdef", id));
	/* Weak comparison, lists, blanks, "*". */
	CHECK(cache_etag_matches("W/\"0123456789abcdef-gz\"", gz));
	CHECK(cache_etag_matches("\"x\", W/\"0123456789abcdef\"", id));
	CHECK(cache_etag_matches(" \"x\" ,\t\"0123456789abcdef-gz\"", gz));
	CHECK(!cache_etag_matches("\"x\", \"0123456789abcdef-gz\"", id));
	CHECK(cache_etag_matches("*", id));
	CHECK(!cache_etag_matches("", id));
	CHECK(!cache_etag_matches(",,", id));
	CHECK(!cache_etag_matches(NULL, id));
	/* A quoted comma does not split a tag. */
	CHECK(!cache_etag_matches("\"a,0123456789abcdef\"", id));
	CHECK(!cache_etag_matches("\"0123456789abcdef\"x", id));
	CHECK(cache_etag_matches("junk, \"0123456789abcdef\"", id));
	CHECK(!cache_etag_matches("\"unterminated", id));
}

TEST(gzip_form_decompresses_to_body)
{
	struct cache *c = cache_new(1 << 20);
	struct buf b = BUF_INIT;
	for (int i = 0; i < 200; i++)
		buf_adds(&b, "<p>湖南省人民政府门户网站</p>\n");
	struct cache_entry *e = cache_put(c, "k", 1, "text/html", b.data, b.len, 6, 0);
	CHECK(e && e->gz && e->gz_len < b.len / 4);
	if (e && e->gz) {
		char *out = xmalloc(b.len + 16);
		z_stream z;
		memset(&z, 0, sizeof z);
		inflateInit2(&z, 15 + 16);
		z.next_in = (Bytef *)e->gz;
		z.avail_in = (uInt)e->gz_len;
		z.next_out = (Bytef *)out;
		z.avail_out = (uInt)(b.len + 16);
		CHECK_INT(inflate(&z, Z_FINISH), Z_STREAM_END);
		CHECK_INT(z.total_out, b.len);
		CHECK(memcmp(out, b.data, b.len) == 0);
		inflateEnd(&z);
		free(out);
	}
	/* A tiny body gains nothing from gzip: no gzip form. */
	e = cache_put(c, "tiny", 4, "text/html", "ok", 2, 6, 0);
	CHECK(e && e->gz == NULL);
	buf_release(&b);
	cache_free(c);
}

TEST(evicts_least_recently_used_within_bound)
{
	/* Each entry costs about 1 KB plus overhead; the cache holds a few. */
	size_t max = 8 * (1024 + 256);
	struct cache *c = cache_new(max);
	char body[1024];
	memset(body, 'x', sizeof body);
	char key[16];
	for (int i = 0; i < 6; i++) {
		snprintf(key, sizeof key, "k%d", i);
		CHECK(cache_put(c, key, strlen(key), "t", body, sizeof body, 0, 0) != NULL);
	}
	/* Touch k0 so that k1 is the oldest. */
	CHECK(cache_get(c, K("k0"), 2) != NULL);
	for (int i = 6; i < 9; i++) {
		snprintf(key, sizeof key, "k%d", i);
		cache_put(c, key, strlen(key), "t", body, sizeof body, 0, 0);
	}
	struct cache_stats st;
	cache_get_stats(c, &st);
	CHECK(st.bytes <= max);
	CHECK(st.evictions > 0);
	CHECK(cache_get(c, "k0", 2) != NULL);
	CHECK(cache_get(c, "k1", 2) == NULL);
	CHECK(cache_get(c, "k8", 2) != NULL);
	cache_free(c);
}

TEST(too_big_entries_are_not_kept)
{
	struct cache *c = cache_new(8000);
	char body[2000];
	memset(body, 'y', sizeof body);
	CHECK(cache_put(c, "big", 3, "t", body, sizeof body, 0, 0) == NULL);
	CHECK(cache_get(c, "big", 3) == NULL);
	cache_free(c);
}

TEST(replace_and_clear)
{
	struct cache *c = cache_new(1 << 20);
	cache_put(c, "a", 1, "t", "one", 3, 0, 0);
	cache_put(c, "a", 1, "t", "two", 3, 0, 0);
	struct cache_entry *e = cache_get(c, "a", 1);
	CHECK(e && strcmp(e->body, "two") == 0);
	struct cache_stats st;
	cache_get_stats(c, &st);
	CHECK_INT(st.entries, 1);
	cache_clear(c);
	CHECK(cache_get(c, "a", 1) == NULL);
	cache_get_stats(c, &st);
	CHECK_INT(st.entries, 0);
	CHECK_INT(st.bytes, 0);
	cache_free(c);
}

TEST(referenced_entry_survives_eviction)
{
	struct cache *c = cache_new(1 << 20);
	struct cache_entry *e = cache_put(c, "a", 1, "t", "kept", 4, 0, 0);
	cache_entry_ref(e);
	cache_clear(c);
	CHECK_STR(e->body, "kept"); /* still valid: ASan would object otherwise */
	cache_entry_unref(e);
	cache_free(c);
}

int main(void)
{
	RUN(put_then_get);
	RUN(etag_follows_content);
	RUN(etag_per_representation);
	RUN(if_none_match);
	RUN(gzip_form_decompresses_to_body);
	RUN(evicts_least_recently_used_within_bound);
	RUN(too_big_entries_are_not_kept);
	RUN(replace_and_clear);
	RUN(referenced_entry_survives_eviction);
	return harness_done("cache");
}
