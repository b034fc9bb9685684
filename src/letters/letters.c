/* letters.c - posting a message: the steps that ask the store (the token,
 * the unit, the hourly limit, storing), in the order a resubmission, a
 * wrong field, a flood and a good post must be told apart. */
#include "core/common.h"
#include "core/cidr.h"
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

/* --- who posts: the key of the hourly limit --------------------------------- */

bool letters_msisdn(const char *v, char out[LETTER_MSISDN_SIZE])
{
	char d[32];
	size_t n = 0;
	bool plus = false;
	for (const char *p = v; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n + 1 >= sizeof d)
				return false;
			d[n++] = *p;
		} else if (*p == '+' && n == 0 && !plus) {
			plus = true;
		} else if (!strchr(" -.()", *p)) {
			return false;
		}
	}
	d[n] = '\0';
	const char *cc;  /* country code and number, without '+' */
	char cn[32];
	if (plus) {
		cc = d;
	} else if (n > 2 && d[0] == '0' && d[1] == '0') {
		cc = d + 2;
	} else if (n == 13 && d[0] == '8' && d[1] == '6' && d[2] == '1') {
		cc = d;
	} else if (n == 11 && d[0] == '1') {
		cn[0] = '8';                       /* a mainland mobile number */
		cn[1] = '6';
		memcpy(cn + 2, d, n + 1);
		cc = cn;
	} else {
		return false;
	}
	size_t len = strlen(cc);
	/* E.164: at most 15 digits, a country code never starts with 0; 8 is
	 * the shortest number worth counting apart. */
	if (len < 8 || len > 15 || cc[0] == '0')
		return false;
	/* China's mobile numbers are 11 digits starting with 1. */
	if (cc[0] == '8' && cc[1] == '6' && (len != 13 || cc[2] != '1'))
		return false;
	out[0] = '+';
	memcpy(out + 1, cc, len + 1);
	return true;
}

void letters_client(struct letter_client *c, const char *peer, const struct cidr *nets, size_t n,
		    const char *(*header)(const void *ctx, const char *name), const void *ctx)
{
	*c = (struct letter_client){ .peer = peer };
	if (cidr_match(nets, n, peer)) {
		c->trusted = &c->peer;
		c->ntrusted = 1;
	}
	for (size_t i = 0; i < LETTER_NPHONE_HEADERS; i++)
		c->phone_headers[i] = header(ctx, letter_phone_headers[i]);
}

/* The key posts are counted by: "tel:+86..." for a valid number from a
 * trusted gateway; "gw:ADDR" for a trusted gateway that gave none (phones
 * that share the gateway-wide limit); "ip:ADDR" for anyone else. */
static char *client_key(const struct letter_client *c)
{
	bool trusted = false;
	for (size_t i = 0; i < c->ntrusted && !trusted; i++)
		trusted = strcmp(c->peer, c->trusted[i]) == 0;
	if (!trusted)
		return xasprintf("ip:%s", c->peer);
	for (size_t h = 0; h < LETTER_NPHONE_HEADERS; h++) {
		char e[LETTER_MSISDN_SIZE];
		if (c->phone_headers[h] && letters_msisdn(c->phone_headers[h], e))
			return xasprintf("tel:%s", e);
	}
	return xasprintf("gw:%s", c->peer);
}

/* Over the hourly limit for this client?  Sets res->limit.  Phones a
 * gateway gave no number for share its higher gateway-wide limit. */
static bool limited(struct store *st, const char *client, int64_t now, struct letter_result *res)
{
	int limit = strncmp(client, "gw:", 3) == 0 ? msg_setting(st, "gateway_posts_per_hour", 100)
	                                         : msg_setting(st, "posts_per_hour", 5);
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
	if (!token_ok || msg_token_known(st, token, now) != 1)
		res->expired = true;
	else
		memcpy(res->token, token, sizeof token);
	if (letters_has_errors(res))
		return res->outcome = LETTER_INVALID;

	/* The hourly limit per client, by phone number only from trusted
	 * gateways (docs/gateway.md). */
	char *client = client_key(c);
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

