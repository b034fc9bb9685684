/* kinds.c - the public page kinds of the portal (its route families, as
 * src/pages/routes.c serves them) for `qiao check`: which kind a crawled
 * path is, so that the crawl can share its pages among the kinds and
 * report a kind that cannot be reached from the home page. */
#include "core/common.h"
#include "check/crawl.h"
#include "render/langpick.h"

/* Most specific first: a path takes the first kind it matches.  prefix:
 * the path starts with `path` and has something after it; else exact. */
static const struct {
	const char *name, *path;
	bool prefix;
} kinds[CHECK_NKINDS] = {
	{ "home", "/", false },
	{ "lang", "/lang", false },
	{ "section", "/section/", true },
	{ "news-index", "/news", false },
	{ "column", "/news/c/", true },
	{ "article", "/news/", true },
	{ "messages", "/messages", false },
	{ "message-new", "/messages/new", false },
	{ "lookup", "/messages/lookup", false },
	{ "message", "/messages/", true },
	{ "services", "/services", false },
	{ "search", "/services/search", false },
	{ "region", "/services/region/", true },
	{ "unit", "/services/unit/", true },
	{ "topic", "/services/topic/", true },
	{ "guide", "/services/", true },
};

int check_kind_of(const char *target)
{
	/* A page in another language is the same kind (render/langpick.h). */
	enum lang_id id;
	size_t lp = lang_prefix_len(target, &id);
	if (lp && (target[lp] == '\0' || target[lp] == '?' || target[lp] == '#'))
		return 0; /* the home page: "/zh-hant" */
	target += lp;
	size_t len = strcspn(target, "?#");
	for (int k = 0; k < CHECK_NKINDS; k++) {
		size_t pl = strlen(kinds[k].path);
		if (kinds[k].prefix ? len > pl && strncmp(target, kinds[k].path, pl) == 0
				    : len == pl && strncmp(target, kinds[k].path, pl) == 0)
			return k;
	}
	return -1;
}

const char *check_kind_name(int k)
{
	return k >= 0 && k < CHECK_NKINDS ? kinds[k].name : "other";
}

const char *check_kind_path(int k)
{
	return k >= 0 && k < CHECK_NKINDS ? kinds[k].path : "";
}
