/* letters.c - posting a message: the steps that ask the store (the token,
 * the unit, the hourly limit, storing), in the order a resubmission, a
 * wrong field, a flood and a good post must be told apart. */
#include "core/common.h"
#include "letters/letters.h"
#include "store/messages.h"
#include "store/services.h"

/* The unit chosen must exist. */
static void check_unit(struct store *st, struct letter_result *res)
{
	if (res->err[LETTER_UNIT] != MSGRULE_OK)
		return;
	struct svc_unit u;
	if (svc_unit(st, res->unit, &u) == 1)
		svc_unit_release(&u);
	else
		res->err[LETTER_UNIT] = MSGRULE_BAD_CHOICE;
}

/* Over the hourly limit for this client?  Sets res->limit. */
static bool limited(struct store *st, const char *client, int64_t now, struct letter_result *res)
{
	int limit = msg_setting(st, "posts_per_hour", 5);
	if (limit > 0 && msg_posts_since(st, client, now - 3600) >= limit) {
		res->limit = limit;
		return true;
	}
	return false;
}

/* Clean the fields and store the message; the result's outcome. */
static enum letter_outcome store_letter(struct store *st, const struct letter_form *f, const char *client,
					int64_t now, struct letter_result *res)
{
	char *phone = NULL;
	msgrule_check_phone(f->phone, f->phone_len, &phone);
	char *title = msgrule_clean(f->title, f->title_len, false);
	char *body = msgrule_clean(f->body, f->body_len, true);
	char *name = msgrule_clean(f->name ? f->name : "", f->name_len, false);
	struct msg_new m = {
		.type = f->type, .title = title, .body = body, .name = name, .phone = phone,
		.unit_id = res->unit, .anonymous = f->anonymous, .token = res->token, .client = client,
	};
	bool duplicate = false;
	int rc = msg_submit(st, &m, now, res->code, &duplicate);
	free(title);
	free(body);
	free(name);
	free(phone);
	if (rc != 0)
		return LETTER_FAILED;
	log_info("message %s stored%s", res->code, duplicate ? " (resubmission)" : "");
	return duplicate ? LETTER_DUPLICATE : LETTER_STORED;
}

enum letter_outcome letters_post(struct store *st, const struct letter_form *f,
				 const struct letter_client *c, int64_t now, struct letter_result *res)
{
	memset(res, 0, sizeof *res);
	/* A token already used: the same submission again.  Answer its code. */
	char token[MSGRULE_TOKEN_LEN + 1];
	bool token_ok = f->token && msgrule_token_normalise(f->token, f->token_len, token);
	if (token_ok && msg_code_by_token(st, token, res->code) == 1)
		return res->outcome = LETTER_DUPLICATE;

	letters_check_fields(f, res);
	check_unit(st, res);
	if (!token_ok || msg_token_known(st, token) != 1)
		res->expired = true;
	else
		memcpy(res->token, token, sizeof token);
	if (letters_has_errors(res))
		return res->outcome = LETTER_INVALID;

	/* The hourly limit per client, by phone number only from trusted
	 * gateways. */
	char *client = msgrule_client_key(c->peer, c->trusted, c->ntrusted, c->phone_headers, LETTER_NPHONE_HEADERS);
	if (limited(st, client, now, res))
		res->outcome = LETTER_LIMITED;
	else
		res->outcome = store_letter(st, f, client, now, res);
	free(client);
	return res->outcome;
}

/* --- the form ------------------------------------------------------------------ */

int letters_place(struct store *st, int64_t unit, int64_t region, struct letter_place *out)
{
	memset(out, 0, sizeof *out);
	struct svc_unit u;
	if (unit && svc_unit(st, unit, &u) == 1) {
		out->unit_id = u.id;
		out->unit_name = xstrdup(u.name);
		region = u.region_id;
		svc_unit_release(&u);
	}
	if (region && svc_region(st, region, &out->region) == 1)
		return 0;
	place_row_release(&out->region);
	if (svc_region(st, 1, &out->region) == 1)
		return 0;
	letters_place_release(out);
	return -1;
}

void letters_place_release(struct letter_place *p)
{
	free(p->unit_name);
	p->unit_name = NULL;
	place_row_release(&p->region);
}

int letters_new_token(struct store *st, int64_t now, char out[MSGRULE_TOKEN_LEN + 1])
{
	return msg_token_issue(st, now, out);
}
