#include "core/common.h"
#include "harness.h"

#include "render/json.h"
#include "render/view.h"

/* json_put_str of n bytes, as a C string (the caller frees). */
static char *str(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	json_put_str(&b, s, n);
	return buf_detach(&b);
}

static char *view_json(const struct view *v, const char *prefix)
{
	struct buf b = BUF_INIT;
	json_write_view(&b, v, prefix);
	return buf_detach(&b);
}

#define CHECK_JSTR(in, n, want) do { char *got_ = str((in), (n)); CHECK_STR(got_, (want)); free(got_); } while (0)

TEST(escapes_the_json_specials)
{
	CHECK_JSTR("", 0, "\"\"");
	CHECK_JSTR("plain", 5, "\"plain\"");
	CHECK_JSTR("a\"b\\c/d", 7, "\"a\\\"b\\\\c/d\"");
	CHECK_JSTR("l1\nl2\r\tx", 8, "\"l1\\nl2\\r\\tx\"");
	CHECK_JSTR("湖南省人民政府", strlen("湖南省人民政府"), "\"湖南省人民政府\"");
	CHECK_JSTR("</script>", 9, "\"</script>\"");   /* JSON, not HTML: no entity */
}

TEST(control_characters_as_u_escapes)
{
	CHECK_JSTR("\x01", 1, "\"\\u0001\"");
	CHECK_JSTR("a\x1f" "b", 3, "\"a\\u001fb\"");
	CHECK_JSTR("\x7f", 1, "\"\\u007f\"");
	CHECK_JSTR("\x08\x0c", 2, "\"\\u0008\\u000c\"");
	/* A NUL in the middle is kept, escaped, not a terminator. */
	CHECK_JSTR("a\0b", 3, "\"a\\u0000b\"");
	/* U+2028 and U+2029 end lines in JavaScript: escaped. */
	CHECK_JSTR("x\xE2\x80\xA8y\xE2\x80\xA9", 8, "\"x\\u2028y\\u2029\"");
}

TEST(invalid_utf8_becomes_replacement_characters)
{
	/* A stray continuation byte, an overlong slash (two bad bytes: two
	 * U+FFFD), a truncated sequence (one), a surrogate, past U+10FFFF. */
	CHECK_JSTR("a\x80z", 3, "\"a\xEF\xBF\xBDz\"");
	CHECK_JSTR("\xC0\xAF", 2, "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
	CHECK_JSTR("\xE4\xB8", 2, "\"\xEF\xBF\xBD\"");
	CHECK_JSTR("\xE4\xB8" "a", 3, "\"\xEF\xBF\xBD" "a\"");
	CHECK_JSTR("\xED\xA0\x80", 3, "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
	CHECK_JSTR("\xF4\x90\x80\x80", 4, "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
	CHECK_JSTR("\xFF", 1, "\"\xEF\xBF\xBD\"");
	/* A 4-byte character is kept whole. */
	CHECK_JSTR("\xF0\x9F\x98\x80", 4, "\"\xF0\x9F\x98\x80\"");
}

TEST(keys)
{
	struct buf b = BUF_INIT;
	json_put_key(&b, "a", true);
	buf_adds(&b, "1");
	json_put_key(&b, "b\"", false);
	buf_adds(&b, "2");
	CHECK_STR(buf_cstr(&b), "\"a\":1,\"b\\\"\":2");
	buf_release(&b);
}

TEST(view_keys_renamed_and_markup_keys_dropped)
{
	struct view *v = view_new();
	view_set(v, "headline", "标题");
	view_set(v, "switch_wml", "/?view=wml");   /* markup only */
	view_set_bool(v, "is_html", true);         /* markup only */
	view_set(v, "date", "2026-12-06");         /* the short form: dropped */
	view_set(v, "date_iso", "2026-12-06T20:00:00+08:00");
	view_set_bool(v, "replied", true);
	char *j = view_json(v, "/api/v1");
	CHECK_STR(j, "{\"title\":\"标题\",\"date\":\"2026-12-06T20:00:00+08:00\",\"answered\":true}");
	free(j);
	view_free(v);
	CHECK_STR(json_api_name("sections"), "columns");
	CHECK(json_api_name("switch_html") == NULL);
	CHECK(json_api_name("body") == NULL);      /* the layout's rendered markup */
}

TEST(the_first_of_two_keys_with_one_name_wins)
{
	struct view *v = view_new();
	view_set(v, "headline", "一");
	view_set(v, "title", "二");
	char *j = view_json(v, "");
	CHECK_STR(j, "{\"title\":\"一\"}");
	free(j);
	view_free(v);
}

TEST(links_ids_and_numbers)
{
	struct view *v = view_new();
	struct view *a = view_add(v, "articles");
	view_set(a, "title", "t");
	view_set(a, "url", "/news/12");
	a = view_add(v, "articles");
	view_set(a, "url", "/services/topic/3?region=2");  /* a query: no id */
	struct view *pg = view_obj(v, "pager");
	view_set_int(pg, "page", 2);
	view_set(pg, "next_url", "/messages?page=3");
	view_set(v, "total", "500+");                /* not a number: stays a string */
	view_set(v, "count", "007");                 /* leading zero: not a JSON number */
	view_set(v, "online_url", "https://zwfw.example/x");
	view_set(v, "parent_url", "/");
	view_set(v, "older_url", "//evil.example/x"); /* not our path */
	char *j = view_json(v, "/api/v1");
	CHECK_STR(j, "{\"articles\":[{\"title\":\"t\",\"url\":\"/api/v1/news/12\",\"web_url\":\"/news/12\",\"id\":12},"
		     "{\"url\":\"/api/v1/services/topic/3?region=2\",\"web_url\":\"/services/topic/3?region=2\"}],"
		     "\"pagination\":{\"page\":2,\"next\":\"/api/v1/messages?page=3\"},"
		     "\"total\":\"500+\",\"count\":\"007\",\"online_url\":\"https://zwfw.example/x\","
		     "\"parent\":\"/api/v1\",\"older\":\"//evil.example/x\"}");
	free(j);
	view_free(v);
}

TEST(an_explicit_id_is_not_doubled)
{
	struct view *v = view_new();
	struct view *r = view_add(v, "regions");
	view_set_int(r, "id", 7);
	view_set(r, "url", "/services/region/7");
	char *j = view_json(v, "");
	CHECK_STR(j, "{\"regions\":[{\"id\":7,\"url\":\"/services/region/7\",\"web_url\":\"/services/region/7\"}]}");
	free(j);
	view_free(v);
}

TEST(false_strings_empty_lists_and_bad_bytes_in_views)
{
	struct view *v = view_new();
	view_set(v, "extension", NULL);       /* "none": false */
	view_add(v, "items");
	view_set(v, "name", NULL);
	view_setn(v, "text", "a\xC3\x28\x01", 4);
	char *j = view_json(v, NULL);
	CHECK_STR(j, "{\"extension\":false,\"items\":[{}],\"name\":false,\"text\":\"a\xEF\xBF\xBD(\\u0001\"}");
	free(j);
	view_free(v);
	struct view *e = view_new();
	j = view_json(e, "/api/v1");
	CHECK_STR(j, "{}");
	free(j);
	view_free(e);
}

int main(void)
{
	RUN(escapes_the_json_specials);
	RUN(control_characters_as_u_escapes);
	RUN(invalid_utf8_becomes_replacement_characters);
	RUN(keys);
	RUN(view_keys_renamed_and_markup_keys_dropped);
	RUN(the_first_of_two_keys_with_one_name_wins);
	RUN(links_ids_and_numbers);
	RUN(an_explicit_id_is_not_doubled);
	RUN(false_strings_empty_lists_and_bad_bytes_in_views);
	return harness_done("json");
}
