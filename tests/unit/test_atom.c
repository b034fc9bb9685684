#include "core/common.h"
#include "core/xml.h"
#include "harness.h"

#include "render/atom.h"
#include "render/view.h"

static struct view *letters(void)
{
	struct view *v = view_new();
	struct view *m = view_add(v, "messages");
	view_set(m, "title", "没有答复 & <未答>");
	view_set(m, "url", "/messages/1");
	view_set(m, "date_iso", "2026-12-05T09:00:00+08:00");
	view_set_bool(m, "replied", false);
	m = view_add(v, "messages");
	view_set(m, "title", "已答复\x01 \xC3");
	view_set(m, "url", "/messages/2");
	view_set(m, "date_iso", "2026-12-01T09:00:00+08:00");
	view_set_bool(m, "replied", true);
	m = view_add(v, "messages");
	view_set(m, "url", "/messages/3");      /* no title: not an entry */
	view_set_bool(m, "replied", true);
	return v;
}

TEST(entries_escaped_and_filtered)
{
	struct view *v = letters();
	struct atom_feed f = { .title = "互动交流 & 留言", .self = "/messages/feed.atom", .alternate = "/messages",
			       .list = "messages", .only = "replied", .updated = "2026-12-06T00:00:00+08:00" };
	struct buf out = BUF_INIT;
	atom_write(&out, &f, v);
	const char *s = buf_cstr(&out);
	CHECK_CONTAINS(s, "<title>互动交流 &amp; 留言</title>");
	CHECK_CONTAINS(s, "<id>" ATOM_TAG "/messages/feed.atom</id>");
	CHECK_CONTAINS(s, "<link rel=\"self\" type=\"application/atom+xml\" href=\"/messages/feed.atom\"/>");
	/* Only the answered letter, its control character dropped and the
	 * broken byte replaced. */
	CHECK_CONTAINS(s, "<entry><title>已答复 \xEF\xBF\xBD</title><id>" ATOM_TAG "/messages/2</id>"
			  "<updated>2026-12-01T09:00:00+08:00</updated>");
	CHECK_NOT_CONTAINS(s, "没有答复");
	CHECK_NOT_CONTAINS(s, "/messages/3");
	/* The feed's updated is its newest entry's, not the unanswered one's. */
	CHECK_CONTAINS(s, "</id>\n<updated>2026-12-01T09:00:00+08:00</updated>");
	struct xml_fault fault = { 0, NULL };
	xmlDoc *doc = xml_read(out.data, out.len, &fault);
	CHECK(doc != NULL);
	if (doc)
		xmlFreeDoc(doc);
	xml_fault_release(&fault);
	buf_release(&out);
	view_free(v);
}

TEST(an_empty_list_uses_the_given_time)
{
	struct view *v = view_new();
	struct atom_feed f = { .title = "t", .self = "/news/feed.atom", .alternate = "/", .list = "headlines",
			       .updated = "2026-12-06T08:00:00+08:00" };
	struct buf out = BUF_INIT;
	atom_write(&out, &f, v);
	CHECK_CONTAINS(buf_cstr(&out), "<updated>2026-12-06T08:00:00+08:00</updated>");
	CHECK_NOT_CONTAINS(buf_cstr(&out), "<entry>");
	CHECK_CONTAINS(buf_cstr(&out), "<author><name>湖南省人民政府</name></author>");
	buf_release(&out);
	view_free(v);
}

int main(void)
{
	RUN(entries_escaped_and_filtered);
	RUN(an_empty_list_uses_the_given_time);
	return harness_done("atom");
}
