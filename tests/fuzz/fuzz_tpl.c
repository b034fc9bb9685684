/* fuzz_tpl.c - libFuzzer target for the template compiler and renderer
 * (src/render/tpl_compile.c, tpl.c).  The input: one flag byte (bits 0-1
 * the dialect, bit 2 the XML check), then up to four templates "a".."d"
 * separated by NUL bytes.  Each loaded template is rendered with a view
 * holding strings (hostile ones too), lists, nested objects and booleans.
 * Checks: an error is one "name:line: reason" line; the output of a
 * successful render without raw tags is valid UTF-8 (templates are, and
 * every value passes esc_text); rendering twice gives the same bytes;
 * rendering with the embedded English catalog (interface strings
 * {{_ }} translated, render/i18n.h) keeps those promises too. */
#include "core/common.h"
#include "core/utf8.h"
#include "render/i18n.h"
#include "render/tpl.h"
#include "render/view.h"
#include "fuzz_util.h"

static struct view *make_view(void)
{
	struct view *v = view_new();
	view_set(v, "title", "湖南 <b>&amp; \"quoted\" 'single' $var $(x)");
	view_setn(v, "bytes", "a\0b\xff\xc0\xaf\x01\x7f\xc2\x85\xef\xbf\xbf", 14);
	view_set(v, "html", "<b>粗</b>");
	view_set(v, "empty", "");
	view_set(v, "none", NULL);
	view_set_bool(v, "yes", true);
	view_set_bool(v, "no", false);
	view_set_int(v, "n", -42);
	for (int i = 0; i < 3; i++) {
		struct view *it = view_add(v, "items");
		view_setf(it, "name", "item %d <&>", i);
		view_set(it, "href", "/news/1?p=2&view=wml");
		if (i == 1) {
			struct view *kid = view_add(it, "kids");
			view_set(kid, "name", "kid");
			view_set(kid, "kids", NULL);
		} else {
			view_set(it, "kids", NULL);
		}
	}
	struct view *o = view_obj(v, "obj");
	view_set(view_obj(o, "b"), "c", "deep");
	view_set(o, "s", "x");
	view_add(v, "nothing");  /* a list of one empty object */
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static struct view *v;
	if (!v)
		v = make_view();
	enum esc_dialect d = (enum esc_dialect)(data[0] % 3);
	bool check_xml = data[0] & 4;
	data++;
	size--;
	static const char *const names[4] = { "a", "b", "c", "d" };
	char *texts[4];
	size_t n = 0;
	while (n < 4 && (size > 0 || n == 0))
		texts[n++] = fuzz_take(&data, &size, 0, NULL);
	char *err = NULL;
	struct tpl_set *set = tpl_set_from_strings(n, names, (const char *const *)texts, d, check_xml, &err);
	if (!set) {
		FUZZ_ASSERT(err && err[0] && !strchr(err, '\n'));
		FUZZ_ASSERT(strncmp(err, "a", 1) == 0 || strncmp(err, "b", 1) == 0 ||
		            strncmp(err, "c", 1) == 0 || strncmp(err, "d", 1) == 0);
		free(err);
	} else {
		FUZZ_ASSERT(tpl_set_dialect(set) == d);
		/* A raw tag ({{&x}}, {{{x}}}) copies its value as it is: that is
		 * for markup our own code built, and the view's "bytes" is not
		 * such markup, so valid UTF-8 is promised only without them. */
		bool raw = false;
		for (size_t i = 0; i < n; i++)
			raw = raw || strchr(texts[i], '&') || strstr(texts[i], "{{{");
		for (size_t i = 0; i < n; i++) {
			FUZZ_ASSERT(tpl_exists(set, names[i]));
			struct buf out = BUF_INIT, again = BUF_INIT;
			char *e1 = NULL, *e2 = NULL;
			int r1 = tpl_render(set, names[i], v, &out, &e1);
			int r2 = tpl_render(set, names[i], v, &again, &e2);
			FUZZ_ASSERT(r1 == r2);
			if (r1 == 0) {
				FUZZ_ASSERT(!e1 && (raw || utf8_valid(out.data ? out.data : "", out.len)));
				FUZZ_ASSERT(out.len == again.len && (out.len == 0 || memcmp(out.data, again.data, out.len) == 0));
			} else {
				FUZZ_ASSERT(e1 && !strchr(e1, '\n'));
			}
			/* and translated: the same promises */
			struct buf tr = BUF_INIT;
			char *e4 = NULL;
			int r4 = tpl_render_in(set, names[i], v, i18n_catalog(LANG_EN), &tr, &e4);
			FUZZ_ASSERT(r4 == r1);
			if (r4 == 0)
				FUZZ_ASSERT(raw || utf8_valid(tr.data ? tr.data : "", tr.len));
			free(e4);
			buf_release(&tr);
			/* and with an empty view */
			struct buf empty = BUF_INIT;
			char *e3 = NULL;
			if (tpl_render(set, names[i], NULL, &empty, &e3) == 0)
				FUZZ_ASSERT(utf8_valid(empty.data ? empty.data : "", empty.len));
			free(e1);
			free(e2);
			free(e3);
			buf_release(&out);
			buf_release(&again);
			buf_release(&empty);
		}
		FUZZ_ASSERT(!tpl_exists(set, "zz"));
		tpl_set_free(set);
	}
	for (size_t i = 0; i < n; i++)
		free(texts[i]);
	return 0;
}
