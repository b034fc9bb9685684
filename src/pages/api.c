/* api.c - the API (/api/v1/...) and the feeds: the page handlers' views
 * written as JSON or Atom instead of through the templates, the OpenAPI
 * document, and posting a letter as JSON (docs/api.md). */
#include "core/common.h"
#include "core/file.h"
#include "core/tz.h"
#include "letters/letters.h"
#include "pages/api.h"
#include "pages/pages.h"
#include "pages/util.h"
#include "render/atom.h"
#include "render/langpick.h"
#include "render/esc.h"
#include "render/json.h"
#include "render/view.h"
#include "store/api_keys.h"

#include <jansson.h>

#define PROBLEM_TYPE "application/problem+json"
#define JSON_TYPE "application/json"

/* --- answers ---------------------------------------------------------- */

static const char *reason(int status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return status >= 500 ? "Internal Server Error" : "Client Error";
	}
}

/* RFC 9457: type, title, status, detail, instance, and the field at
 * fault (an extension member) when there is one.  Field errors keep the
 * list view_add(r->view, "errors") the poster built. */
static void problem(struct req *r, int status, struct buf *out)
{
	r->caps.content_type = PROBLEM_TYPE;
	const char *type = r->problem_field ? "urn:qiao:problem:invalid-field"
			   : status == 429     ? "urn:qiao:problem:rate-limited"
					       : "about:blank";
	buf_adds(out, "{");
	json_put_key(out, "type", true);
	json_put_str(out, type, strlen(type));
	json_put_key(out, "title", false);
	json_put_str(out, reason(status), strlen(reason(status)));
	json_put_key(out, "status", false);
	buf_addf(out, "%d", status);
	const char *detail = r->error ? r->error : T(r, page_status_message(status));
	json_put_key(out, "detail", false);
	json_put_str(out, detail, strlen(detail));
	struct buf inst = BUF_INIT;
	buf_adds(&inst, REQ_API_PREFIX);
	buf_adds(&inst, r->path);
	json_put_key(out, "instance", false);
	json_put_str(out, inst.data, inst.len);
	buf_release(&inst);
	if (r->problem_field) {
		json_put_key(out, "field", false);
		json_put_str(out, r->problem_field, strlen(r->problem_field));
	}
	const struct view_value *errs = view_lookup(r->view, "errors");
	if (errs && errs->kind == VIEW_LIST) {
		json_put_key(out, "errors", false);
		buf_addc(out, '[');
		for (const struct view *e = errs->u.list.head; e; e = view_next(e)) {
			if (e != errs->u.list.head)
				buf_addc(out, ',');
			const char *f = view_get(e, "field"), *d = view_get(e, "detail");
			buf_addc(out, '{');
			json_put_key(out, "field", true);
			json_put_str(out, f, strlen(f));
			json_put_key(out, "detail", false);
			json_put_str(out, d, strlen(d));
			buf_addc(out, '}');
		}
		buf_addc(out, ']');
	}
	buf_adds(out, "}\n");
}

static void json_page(struct req *r, struct buf *out)
{
	const char *raw = view_get(r->view, "raw_json");
	if (raw) {
		buf_adds(out, raw);
		return;
	}
	/* The page's own addresses and title, then the view. */
	struct buf web = BUF_INIT, self = BUF_INIT;
	const char *lp = r->lang_link ? r->lang_link : "";
	buf_adds(&web, lp);
	esc_url_path(&web, r->path);
	for (size_t f = 0; f < r->query.n; f++) {
		const struct form_field *fld = &r->query.fields[f];
		buf_addc(&web, f ? '&' : '?');
		esc_url_component(&web, fld->name, strlen(fld->name));
		buf_addc(&web, '=');
		esc_url_component(&web, fld->value, fld->value_len);
	}
	buf_adds(&self, lp);
	buf_adds(&self, REQ_API_PREFIX);
	if (strcmp(r->path, "/") != 0 || r->query.n)
		buf_add(&self, web.data + strlen(lp), web.len - strlen(lp));
	buf_adds(out, "{");
	json_put_key(out, "self", true);
	json_put_str(out, self.data, self.len);
	json_put_key(out, "web_url", false);
	json_put_str(out, web.data, web.len);
	buf_release(&web);
	if (r->title) {
		json_put_key(out, "page_title", false);
		json_put_str(out, r->title, strlen(r->title));
	}
	buf_release(&self);
	struct buf body = BUF_INIT;
	json_write_view(&body, r->view, REQ_API_PREFIX);
	if (body.len > 2) {
		buf_addc(out, ',');
		buf_add(out, body.data + 1, body.len - 1);
	} else {
		buf_addc(out, '}');
	}
	buf_release(&body);
	buf_addc(out, '\n');
}

static void atom_page(struct req *r, struct buf *out)
{
	char now[40];
	struct tm tm;
	tz_china_tm((int64_t)time(NULL), &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
	/* The feed's own addresses under the language it was asked in. */
	const char *lp = r->lang_link ? r->lang_link : "", *self = view_get(r->view, "feed_self"),
		   *alt = view_get(r->view, "feed_page");
	if (*lp && self && alt) {
		self = arena_printf(&r->arena, "%s%s", lp, self);
		alt = arena_printf(&r->arena, "%s%s", lp, alt);
	}
	struct atom_feed f = {
		.title = view_get(r->view, "feed_title"), .self = self,
		.alternate = alt, .list = view_get(r->view, "feed_list"),
		.only = view_get(r->view, "feed_only"), .updated = now,
		/* A feed under /zh-hant/ is converted with the page (app/hant.h). */
		.lang = lang_content(r->lang) == LANG_ZH_HANT ? "zh-Hant" : NULL,
	};
	atom_write(out, &f, r->view);
}

int api_render(struct req *r, int status, struct buf *out)
{
	if (r->format == REQ_FMT_JSON) {
		if (status == 200 || status == 201) {
			r->caps.content_type = JSON_TYPE;
			json_page(r, out);
		} else {
			problem(r, status, out);
		}
		return 0;
	}
	if (r->format == REQ_FMT_ATOM && status == 200) {
		r->caps.content_type = ATOM_CONTENT_TYPE;
		atom_page(r, out);
		return 0;
	}
	return -1;
}

/* --- the OpenAPI document --------------------------------------------- */

int page_openapi(struct req *r)
{
	if (r->format != REQ_FMT_JSON)
		return 404;
	char *path = xasprintf("%s/docs/openapi.json", r->app->root);
	struct buf b = BUF_INIT;
	const char *why;
	enum file_status st = file_read(path, 1 << 20, &b, &why);
	free(path);
	if (st != FILE_OK) {
		log_error("openapi.json: %s", why);
		buf_release(&b);
		return 500;
	}
	view_setn(r->view, "raw_json", b.data ? b.data : "", b.len);
	buf_release(&b);
	return 200;
}

/* --- feeds ------------------------------------------------------------- */

/* The feed of a page's list: handler fills the view as for the page. */
static int feed(struct req *r, int (*handler)(struct req *), const char *title, const char *page,
		const char *list, const char *only)
{
	/* Every client gets the same feed. */
	req_data_caps(r, ATOM_CONTENT_TYPE, "feed");
	int status = handler(r);
	if (status != 200)
		return status;
	r->format = REQ_FMT_ATOM;
	view_set(r->view, "feed_title", title ? title : r->title);
	view_set(r->view, "feed_page", page);
	view_set(r->view, "feed_self", r->path);
	view_set(r->view, "feed_list", list);
	if (only)
		view_set(r->view, "feed_only", only);
	return 200;
}

int page_news_feed(struct req *r)
{
	return feed(r, page_home, T(r, "湖南省人民政府门户网站 · 最新要闻"), "/", "headlines", NULL);
}

int page_column_feed(struct req *r)
{
	char *page = arena_printf(&r->arena, "/news/c/%s", r->args[0]);
	int status = feed(r, page_news_column, NULL, page, "articles", NULL);
	if (status == 200) {
		const char *col = view_get(r->view, "column");
		view_set(r->view, "feed_title", col ? col : r->title);
	}
	return status;
}

int page_messages_feed(struct req *r)
{
	int status = feed(r, page_messages, T(r, "互动交流 · 已答复的留言"), "/messages", "messages", "replied");
	/* Published letters and their replies move the content generation:
	 * the feed may be cached like the news. */
	r->no_store = false;
	return status;
}

/* --- POST /api/v1/messages -------------------------------------------- */

/* The form's labels, for the sentences naming a field. */
static const char *const field_labels[LETTER_NFIELDS] = {
	[LETTER_TYPE] = N_("留言类型"), [LETTER_UNIT] = N_("受理单位"), [LETTER_TITLE] = N_("标题"),
	[LETTER_BODY] = N_("留言内容"), [LETTER_NAME] = N_("姓名"), [LETTER_PHONE] = N_("联系电话"),
};

static const char *const field_names[LETTER_NFIELDS] = {
	[LETTER_TYPE] = "type", [LETTER_UNIT] = "unit", [LETTER_TITLE] = "title",
	[LETTER_BODY] = "body", [LETTER_NAME] = "name", [LETTER_PHONE] = "phone",
};

static int fail_field(struct req *r, int status, const char *field, const char *why)
{
	r->problem_field = field;
	return req_fail(r, status, why);
}

/* A key of 1..API_KEY_MAX visible ASCII characters. */
static bool key_ok(const char *k)
{
	size_t n = strlen(k);
	if (n == 0 || n > API_KEY_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (k[i] <= 0x20 || k[i] >= 0x7f)
			return false;
	return true;
}

/* A string member: 0 absent or null, 1 set, -1 wrong type. */
static int member_text(json_t *o, const char *name, const char **s, size_t *n)
{
	json_t *v = json_object_get(o, name);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return -1;
	*s = json_string_value(v);
	if (n)
		*n = json_string_length(v);
	return 1;
}

/* Fill the letter from the JSON object; the first member of a wrong
 * type (its name), or NULL. */
static const char *read_json_letter(struct req *r, json_t *o, struct letter_form *in)
{
	memset(in, 0, sizeof *in);
	if (member_text(o, "type", &in->type, NULL) < 0)
		return "type";
	if (member_text(o, "title", &in->title, &in->title_len) < 0)
		return "title";
	if (member_text(o, "body", &in->body, &in->body_len) < 0)
		return "body";
	if (member_text(o, "name", &in->name, &in->name_len) < 0)
		return "name";
	if (member_text(o, "phone", &in->phone, &in->phone_len) < 0)
		return "phone";
	json_t *u = json_object_get(o, "unit");
	if (json_is_integer(u))
		in->unit = arena_printf(&r->arena, "%lld", (long long)json_integer_value(u));
	else if (json_is_string(u))
		in->unit = json_string_value(u);
	else if (u && !json_is_null(u))
		return "unit";
	json_t *a = json_object_get(o, "anonymous");
	if (a && !json_is_boolean(a) && !json_is_null(a))
		return "anonymous";
	in->anonymous = json_is_true(a);
	return NULL;
}

static int field_errors(struct req *r, const struct letter_result *res)
{
	const char *first = NULL;
	for (size_t i = 0; i < LETTER_NFIELDS; i++) {
		if (res->err[i] == MSGRULE_OK)
			continue;
		struct view *e = view_add(r->view, "errors");
		view_set(e, "field", field_names[i]);
		struct buf b = BUF_INIT;
		static const size_t max[LETTER_NFIELDS] = {
			[LETTER_TITLE] = LETTER_MAX_TITLE, [LETTER_BODY] = LETTER_MAX_BODY,
			[LETTER_NAME] = LETTER_MAX_NAME, [LETTER_PHONE] = LETTER_MAX_PHONE_TEXT,
		};
		buf_addf(&b, T(r, msgrule_err_format(res->err[i])), T(r, field_labels[i]), max[i]);
		view_set(e, "detail", buf_cstr(&b));
		buf_release(&b);
		if (!first)
			first = field_names[i];
	}
	if (!first)
		return req_fail(r, 409, T(r, "这个 Idempotency-Key 已过期，请换一个新的键再提交。"));
	return fail_field(r, 422, first, T(r, "留言内容有误，未保存，请按 errors 逐项修改后再提交。"));
}

static int stored(struct req *r, const char *code, bool again)
{
	r->location = arena_printf(&r->arena, REQ_API_PREFIX "/messages/lookup?code=%s", code);
	char *json = arena_printf(&r->arena,
				  "{\"code\":\"%s\",\"stored\":%s,\"lookup\":\"%s\",\"web_lookup\":\"/messages/lookup?code=%s\"}\n",
				  code, again ? "false" : "true", r->location, code);
	view_set(r->view, "raw_json", json);
	return again ? 200 : 201;
}

int api_post_message(struct req *r)
{
	r->no_store = true;
	const char *ct = req_header(r, "Content-Type");
	if (!ct || strncasecmp(ct, JSON_TYPE, strlen(JSON_TYPE)) != 0)
		return fail_field(r, 415, "Content-Type", T(r, "请以 application/json 提交。"));
	const char *key = req_header(r, "Idempotency-Key");
	if (!key)
		return fail_field(r, 400, "Idempotency-Key", T(r, "缺少 Idempotency-Key 请求头。"));
	if (!key_ok(key))
		return fail_field(r, 400, "Idempotency-Key", T(r, "Idempotency-Key 应为1至128个可见 ASCII 字符。"));
	size_t len;
	const char *body = req_body(r, &len);
	json_error_t jerr;
	json_t *o = json_loadb(body ? body : "", len, JSON_REJECT_DUPLICATES, &jerr);
	if (!o)
		return fail_field(r, 400, "body", arena_printf(&r->arena, T(r, "JSON 格式不正确：%s（第%d行）"), jerr.text, jerr.line));
	int status;
	if (!json_is_object(o)) {
		status = fail_field(r, 400, "body", T(r, "请求体应为一个 JSON 对象。"));
		goto out;
	}
	struct letter_form in;
	const char *bad = read_json_letter(r, o, &in);
	if (bad) {
		status = fail_field(r, 422, bad, arena_printf(&r->arena, T(r, "字段 %s 的类型不正确。"), bad));
		goto out;
	}
	char token[MSGRULE_TOKEN_LEN + 1];
	struct store *st = req_store(r);
	if (api_key_token(st, key, (int64_t)time(NULL), token) != 0) {
		status = 503;
		r->retry_after = 5;
		goto out;
	}
	in.token = token;
	in.token_len = strlen(token);
	/* The client (behind trusted proxies, req_peer) is a trusted gateway
	 * when it lies in one of the configured ranges. */
	struct letter_client who;
	letters_client(&who, req_peer(r), r->app->trusted_gateways, r->app->n_trusted_gateways, page_header, r);
	struct letter_result res;
	switch (letters_post(st, &in, &who, (int64_t)time(NULL), &res)) {
	case LETTER_STORED:
		status = stored(r, res.code, false);
		break;
	case LETTER_DUPLICATE:
		status = stored(r, res.code, true);
		break;
	case LETTER_LIMITED:
		r->retry_after = 3600;
		status = req_fail(r, 429, arena_printf(&r->arena, TN(r, "每小时最多提交%d条留言，您已达到上限，请稍后再试。", "每小时最多提交%d条留言，您已达到上限，请稍后再试。", (unsigned long)res.limit), res.limit));
		break;
	case LETTER_INVALID:
		status = field_errors(r, &res);
		break;
	default:
		r->retry_after = 5;
		status = req_fail(r, 503, T(r, "系统繁忙，留言未能保存，请稍后再次提交。"));
		break;
	}
out:
	json_decref(o);
	return status;
}
