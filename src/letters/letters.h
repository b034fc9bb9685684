/* letters.h - writing to the portal (我要写信): the policy of posting a
 * citizen's message, as one call a page handler makes.
 *
 * letters_post() checks every field, the one-time form token and the
 * hourly limit per client, then stores the message durably (msg_submit).
 * It answers what happened and one error per field; the handler only maps
 * that to a view.  Nothing here knows HTTP: the peer address, the trusted
 * gateways and the phone-number headers come in as plain values.
 *
 * letters_check_fields() and the small parsers are pure (letter_check.c);
 * the rest asks the store (letters.c). */
#ifndef QIAO_LETTERS_H
#define QIAO_LETTERS_H

#include "store/store.h"
#include "text/msgrule.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Limits of the form's fields, in characters. */
#define LETTER_MAX_TITLE 40
#define LETTER_MAX_BODY 2000
#define LETTER_MAX_NAME 20
#define LETTER_MAX_PHONE_TEXT 40   /* the phone field before its digits are read */

enum letter_field { LETTER_TYPE, LETTER_UNIT, LETTER_TITLE, LETTER_BODY, LETTER_NAME, LETTER_PHONE, LETTER_NFIELDS };

/* Phone-number headers that WAP gateways add, most common first.  Their
 * values count only when the peer is a trusted gateway. */
#define LETTER_NPHONE_HEADERS 6
extern const char *const letter_phone_headers[LETTER_NPHONE_HEADERS];

/* The form as posted: each text with its length (may hold NULs), NULL
 * when absent. */
struct letter_form {
	const char *type;
	const char *title, *body, *name, *phone;
	size_t title_len, body_len, name_len, phone_len;
	const char *unit, *region;
	const char *token;
	size_t token_len;
	bool anonymous;
};

/* Who posts: the peer address, the gateways trusted to add a phone
 * number, and the values of letter_phone_headers (NULL when absent). */
struct letter_client {
	const char *peer;
	const char *const *trusted;
	size_t ntrusted;
	const char *phone_headers[LETTER_NPHONE_HEADERS];
};

/* Fill *c for a request from peer (the client's address, behind trusted
 * proxies already resolved): the peer is a trusted gateway when it lies in
 * one of the n ranges, and header(ctx, name) gives each of
 * letter_phone_headers (NULL when absent).  c->trusted then points at
 * c->peer, so *c is used where it was filled. */
struct cidr;
void letters_client(struct letter_client *c, const char *peer, const struct cidr *nets, size_t n,
		    const char *(*header)(const void *ctx, const char *name), const void *ctx);

enum letter_outcome {
	LETTER_STORED,    /* stored now; code set */
	LETTER_DUPLICATE, /* the token was used already; code of that message */
	LETTER_INVALID,   /* field errors and/or an expired form; nothing stored */
	LETTER_LIMITED,   /* over the hourly limit (limit set); nothing stored */
	LETTER_FAILED,    /* fields fine, but the store failed; nothing stored */
};

struct letter_result {
	enum letter_outcome outcome;
	/* MSGRULE_OK or why the field is refused.  LETTER_UNIT: EMPTY when
	 * none was chosen, BAD_CHOICE when it is no known unit. */
	enum msgrule_err err[LETTER_NFIELDS];
	bool expired;          /* the form's token is missing, unknown or used */
	int limit;             /* LETTER_LIMITED: posts allowed per hour */
	int64_t unit, region;  /* the ids sent (0 when absent or malformed) */
	/* The token to send the form back with ("" when a new one is needed). */
	char token[MSGRULE_TOKEN_LEN + 1];
	char code[MSGRULE_CODE_LEN + 8];
};

/* Post a message.  now: Unix time.  Fills *res and returns its outcome. */
enum letter_outcome letters_post(struct store *st, const struct letter_form *f,
				 const struct letter_client *c, int64_t now, struct letter_result *res);

/* --- pure parts (letter_check.c) -------------------------------------------- */

/* Check the fields that need no store into res->err[] and res->unit /
 * res->region (LETTER_UNIT only for presence and form, not existence). */
void letters_check_fields(const struct letter_form *f, struct letter_result *res);
/* True when any field has an error or the form expired. */
bool letters_has_errors(const struct letter_result *res);
/* A positive id of at most 15 digits. */
bool letters_id(const char *s, int64_t *out);
/* A checkbox's value meaning yes: 1, on, yes, true, 是. */
bool letters_checked(const char *s);

/* --- the form ------------------------------------------------------------------ */

/* Where a new form stands: the unit when unit is known (and its region),
 * else region when known, else the province (id 1). */
struct letter_place {
	int64_t unit_id;       /* 0: no unit chosen */
	char *unit_name;       /* NULL when no unit */
	struct place_row region;
};
/* 0, or -1 when not even the province can be read. */
int letters_place(struct store *st, int64_t unit, int64_t region, struct letter_place *out);
void letters_place_release(struct letter_place *p);

/* A new one-time token for a form: 0, or -1 when none can be stored. */
int letters_new_token(struct store *st, int64_t now, char out[MSGRULE_TOKEN_LEN + 1]);

/* A phone number from a gateway's header in E.164 ("+8613800000001"):
 * spaces, dashes, dots and brackets are ignored; "+CC...", "00CC..." and,
 * for China, "86" + 11 digits or 11 digits starting with 1 are read.
 * False for anything else (letters.c). */
#define LETTER_MSISDN_SIZE 17   /* '+', up to 15 digits, NUL */
bool letters_msisdn(const char *v, char out[LETTER_MSISDN_SIZE]);

#endif
