#include "core/common.h"
#include "harness.h"

#include "render/view.h"

TEST(set_get_replace)
{
	struct view *v = view_new();
	CHECK(view_get(v, "title") == NULL);
	view_set(v, "title", "湖南省人民政府");
	CHECK_STR(view_get(v, "title"), "湖南省人民政府");
	view_set(v, "title", "short");               /* shorter: reused in place */
	CHECK_STR(view_get(v, "title"), "short");
	view_set(v, "title", "a much longer title than before, so it moves");
	CHECK_STR(view_get(v, "title"), "a much longer title than before, so it moves");
	view_setn(v, "n", "abcdef", 3);
	CHECK_STR(view_get(v, "n"), "abc");
	view_setf(v, "f", "%d-%s", 14, "市州");
	CHECK_STR(view_get(v, "f"), "14-市州");
	view_set_int(v, "i", -9223372036854775807LL - 1);
	CHECK_STR(view_get(v, "i"), "-9223372036854775808");
	/* replacing with a value taken from the view itself */
	view_setn(v, "n", view_get(v, "n") + 1, 2);
	CHECK_STR(view_get(v, "n"), "bc");
	view_free(v);
}

TEST(copies_strings)
{
	struct view *v = view_new();
	char tmp[16];
	snprintf(tmp, sizeof(tmp), "%s", "before");
	view_set(v, "k", tmp);
	snprintf(tmp, sizeof(tmp), "%s", "after");
	CHECK_STR(view_get(v, "k"), "before");
	view_free(v);
}

TEST(null_and_bools)
{
	struct view *v = view_new();
	view_set(v, "a", "x");
	view_set(v, "a", NULL);
	CHECK(view_get(v, "a") == NULL);
	const struct view_value *val = view_lookup(v, "a");
	CHECK(val != NULL);          /* present, as false */
	CHECK(val && val->kind == VIEW_BOOL && !val->u.b);
	view_set_bool(v, "b", true);
	val = view_lookup(v, "b");
	CHECK(val && val->kind == VIEW_BOOL && val->u.b);
	CHECK(view_get(v, "b") == NULL);
	CHECK(view_lookup(v, "missing") == NULL);
	/* a bool replaced by a string and back */
	view_set(v, "b", "yes");
	CHECK_STR(view_get(v, "b"), "yes");
	view_set_bool(v, "b", false);
	CHECK(view_get(v, "b") == NULL);
	view_free(v);
}

TEST(lists_keep_order)
{
	struct view *v = view_new();
	CHECK_INT(view_list_len(v, "items"), 0);
	for (int i = 0; i < 100; i++) {
		struct view *it = view_add(v, "items");
		view_set_int(it, "i", i);
	}
	CHECK_INT(view_list_len(v, "items"), 100);
	const struct view_value *val = view_lookup(v, "items");
	CHECK(val && val->kind == VIEW_LIST && val->u.list.count == 100);
	int expect = 0;
	bool ok = true;
	for (const struct view *it = val ? val->u.list.head : NULL; it; it = view_next(it)) {
		char want[16];
		snprintf(want, sizeof(want), "%d", expect++);
		ok = ok && view_get(it, "i") && strcmp(view_get(it, "i"), want) == 0;
	}
	CHECK(ok);
	CHECK_INT(expect, 100);
	view_free(v);
}

TEST(nested_objects)
{
	struct view *v = view_new();
	struct view *site = view_obj(v, "site");
	view_set(site, "name", "湖南");
	CHECK(view_obj(v, "site") == site);        /* same object again */
	struct view *deep = view_obj(view_obj(site, "a"), "b");
	view_set(deep, "c", "deep");
	CHECK_STR(view_get(view_obj(view_obj(view_obj(v, "site"), "a"), "b"), "c"), "deep");
	const struct view_value *val = view_lookup(v, "site");
	CHECK(val && val->kind == VIEW_OBJ && val->u.obj == site);
	/* an object replaced by a string */
	view_set(v, "site", "plain");
	CHECK_STR(view_get(v, "site"), "plain");
	/* and a list element with its own nested list */
	struct view *it = view_add(v, "cities");
	view_set(view_add(it, "districts"), "name", "芙蓉区");
	view_set(view_add(it, "districts"), "name", "天心区");
	CHECK_INT(view_list_len(it, "districts"), 2);
	view_free(v);
}

TEST(many_fields_and_big_values)
{
	struct view *v = view_new();
	char key[16];
	for (int i = 0; i < 40; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		view_set_int(v, key, i * 7);
	}
	bool ok = true;
	for (int i = 0; i < 40; i++) {
		char want[16];
		snprintf(key, sizeof(key), "k%d", i);
		snprintf(want, sizeof(want), "%d", i * 7);
		ok = ok && view_get(v, key) && strcmp(view_get(v, key), want) == 0;
	}
	CHECK(ok);
	/* a value far bigger than an arena chunk, and one from setf */
	size_t n = 300000;
	char *big = xmalloc(n + 1);
	memset(big, 'x', n);
	big[n] = '\0';
	view_set(v, "big", big);
	CHECK_INT(strlen(view_get(v, "big")), n);
	view_setf(v, "bigf", "%s!", big);
	CHECK_INT(strlen(view_get(v, "bigf")), n + 1);
	CHECK(view_get(v, "bigf")[n] == '!');
	free(big);
	CHECK_STR(view_get(v, "k39"), "273");   /* earlier fields untouched */
	view_free(v);
}

TEST(free_null_is_fine)
{
	view_free(NULL);
	CHECK(1);
}

int main(void)
{
	RUN(set_get_replace);
	RUN(copies_strings);
	RUN(null_and_bools);
	RUN(lists_keep_order);
	RUN(nested_objects);
	RUN(many_fields_and_big_values);
	RUN(free_null_is_fine);
	return harness_done("view");
}
