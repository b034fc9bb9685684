/* test_letters.c - posting a message in one call (letters_post): per-field
 * errors, an expired form, a resubmitted token answering the same code,
 * the hourly limit and whose phone number counts for it. */
#include "core/common.h"
#include "harness.h"
#include "letters/letters.h"
#include "store/messages.h"
#include "store/store.h"

#include <unistd.h>

static char db_path[64];

static struct store *fresh(void)
{
	snprintf(db_path, sizeof db_path, "/tmp/qiao-test-letters-%ld.db", (long)getpid());
	unlink(db_path);
	char *err = NULL;
	struct store *st = store_open(db_path, STORE_CREATE, &err);
	if (!st) {
		fprintf(stderr, "store_open: %s\n", err);
		free(err);
		return NULL;
	}
	/* One unit in the province (region 1). */
	if (store_exec(st, "INSERT INTO units (id, region_id, name, phone, address, sort)"
			   " VALUES (7, 1, '省教育厅', '', '', 1)") != 0)
		fprintf(stderr, "cannot add the unit\n");
	return st;
}

static void done(struct store *st)
{
	store_close(st);
	char p[96];
	unlink(db_path);
	snprintf(p, sizeof p, "%s-wal", db_path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", db_path);
	unlink(p);
}

#define NOW ((int64_t)1795192200)

/* A well-filled form with a freshly issued token (kept in tok). */
static struct letter_form good(struct store *st, char tok[MSGRULE_TOKEN_LEN + 1])
{
	CHECK_INT(letters_new_token(st, NOW, tok), 0);
	struct letter_form f = {
		.type = "咨询", .title = "入学材料", .body = "请问需要哪些材料？", .name = "王小明",
		.phone = "138-0000-1234", .unit = "7", .token = tok, .anonymous = true,
	};
	f.title_len = strlen(f.title);
	f.body_len = strlen(f.body);
	f.name_len = strlen(f.name);
	f.phone_len = strlen(f.phone);
	f.token_len = strlen(tok);
	return f;
}

static const struct letter_client anyone = { .peer = "192.0.2.9" };

static int64_t messages(struct store *st)
{
	struct msg_filter all = { 0 };
	return msg_count(st, &all);
}

TEST(good_post_is_stored_with_its_fields_cleaned)
{
	struct store *st = fresh();
	char tok[MSGRULE_TOKEN_LEN + 1];
	struct letter_form f = good(st, tok);
	f.title = "  入学材料　";   /* ASCII and ideographic blanks trimmed */
	f.title_len = strlen(f.title);
	struct letter_result res;
	CHECK_INT(letters_post(st, &f, &anyone, NOW, &res), LETTER_STORED);
	CHECK_INT(strlen(res.code), MSGRULE_CODE_LEN);
	CHECK(!letters_has_errors(&res));
	struct msg_row m;
	CHECK_INT(msg_get_by_code(st, res.code, &m), 1);
	CHECK_STR(m.title, "入学材料");
	CHECK_STR(m.type, "咨询");
	CHECK_STR(m.sender_phone, "13800001234");
	CHECK_STR(m.state, "pending");
	CHECK_INT(m.unit_id, 7);
	CHECK(m.anonymous);
	msg_row_release(&m);
	done(st);
}

TEST(each_field_gets_its_own_error_and_nothing_is_stored)
{
	struct store *st = fresh();
	char tok[MSGRULE_TOKEN_LEN + 1];
	struct letter_form f = good(st, tok);
	f.type = "表扬";
	f.title = "";
	f.title_len = 0;
	f.body = "a\001b";
	f.body_len = 3;
	f.phone = "12ab";
	f.phone_len = 4;
	f.unit = "99";
	struct letter_result res;
	CHECK_INT(letters_post(st, &f, &anyone, NOW, &res), LETTER_INVALID);
	CHECK_INT(res.err[LETTER_TYPE], MSGRULE_BAD_CHOICE);
	CHECK_INT(res.err[LETTER_UNIT], MSGRULE_BAD_CHOICE);   /* no unit 99 */
	CHECK_INT(res.err[LETTER_TITLE], MSGRULE_EMPTY);
	CHECK_INT(res.err[LETTER_BODY], MSGRULE_CONTROL);
	CHECK_INT(res.err[LETTER_NAME], MSGRULE_OK);
	CHECK_INT(res.err[LETTER_PHONE], MSGRULE_BAD_PHONE);
	CHECK(!res.expired);
	/* The token is still good: the form goes back with it. */
	CHECK_STR(res.token, tok);
	CHECK_INT(res.unit, 99);
	CHECK_INT(messages(st), 0);

	f = good(st, tok);
	f.unit = NULL;
	char long_title[3 * (LETTER_MAX_TITLE + 1) + 1] = "";
	for (int i = 0; i <= LETTER_MAX_TITLE; i++)
		memcpy(long_title + 3 * i, "字", 4);
	f.title = long_title;
	f.title_len = strlen(long_title);
	CHECK_INT(letters_post(st, &f, &anyone, NOW, &res), LETTER_INVALID);
	CHECK_INT(res.err[LETTER_UNIT], MSGRULE_EMPTY);
	CHECK_INT(res.err[LETTER_TITLE], MSGRULE_TOO_LONG);
	CHECK_INT(messages(st), 0);
	done(st);
}

TEST(unknown_or_missing_token_means_the_form_expired)
{
	struct store *st = fresh();
	char tok[MSGRULE_TOKEN_LEN + 1];
	struct letter_form f = good(st, tok);
	f.token = "23456789ABCDEFGH";   /* well-formed, never issued */
	f.token_len = strlen(f.token);
	struct letter_result res;
	CHECK_INT(letters_post(st, &f, &anyone, NOW, &res), LETTER_INVALID);
	CHECK(res.expired);
	CHECK_STR(res.token, "");
	for (size_t i = 0; i < LETTER_NFIELDS; i++)
		CHECK_INT(res.err[i], MSGRULE_OK);
	f.token = NULL;
	f.token_len = 0;
	CHECK_INT(letters_post(st, &f, &anyone, NOW, &res), LETTER_INVALID);
	CHECK(res.expired);
	CHECK_INT(messages(st), 0);
	done(st);
}

TEST(same_token_again_answers_the_same_code)
{
	struct store *st = fresh();
	char tok[MSGRULE_TOKEN_LEN + 1];
	struct letter_form f = good(st, tok);
	struct letter_result first, again;
	CHECK_INT(letters_post(st, &f, &anyone, NOW, &first), LETTER_STORED);
	/* Even with other (even wrong) fields: the post already happened. */
	f.title = "";
	f.title_len = 0;
	CHECK_INT(letters_post(st, &f, &anyone, NOW + 5, &again), LETTER_DUPLICATE);
	CHECK_STR(again.code, first.code);
	CHECK_INT(messages(st), 1);
	done(st);
}

TEST(hourly_limit_per_client)
{
	struct store *st = fresh();
	CHECK_INT(store_exec(st, "INSERT OR REPLACE INTO msg_settings (key, value) VALUES ('posts_per_hour', '2')"), 0);
	char tok[MSGRULE_TOKEN_LEN + 1];
	struct letter_result res;
	for (int i = 0; i < 2; i++) {
		struct letter_form f = good(st, tok);
		CHECK_INT(letters_post(st, &f, &anyone, NOW + i, &res), LETTER_STORED);
	}
	struct letter_form f = good(st, tok);
	CHECK_INT(letters_post(st, &f, &anyone, NOW + 10, &res), LETTER_LIMITED);
	CHECK_INT(res.limit, 2);
	CHECK_INT(messages(st), 2);
	/* Another address is another client. */
	struct letter_client other = { .peer = "192.0.2.10" };
	CHECK_INT(letters_post(st, &f, &other, NOW + 11, &res), LETTER_STORED);
	/* An hour later the first may post again. */
	f = good(st, tok);
	CHECK_INT(letters_post(st, &f, &anyone, NOW + 3601, &res), LETTER_STORED);
	done(st);
}

TEST(phone_header_counts_only_from_a_trusted_gateway)
{
	struct store *st = fresh();
	CHECK_INT(store_exec(st, "INSERT OR REPLACE INTO msg_settings (key, value) VALUES ('posts_per_hour', '1')"), 0);
	const char *const trusted[] = { "10.0.0.1" };
	struct letter_client a = { .peer = "10.0.0.1", .trusted = trusted, .ntrusted = 1 };
	a.phone_headers[1] = "8613800000001";   /* X-MSISDN */
	struct letter_client b = a;
	b.phone_headers[1] = "8613800000002";
	char tok[MSGRULE_TOKEN_LEN + 1];
	struct letter_result res;
	struct letter_form f = good(st, tok);
	CHECK_INT(letters_post(st, &f, &a, NOW, &res), LETTER_STORED);
	/* Same gateway, another phone: its own limit. */
	f = good(st, tok);
	CHECK_INT(letters_post(st, &f, &b, NOW + 1, &res), LETTER_STORED);
	f = good(st, tok);
	CHECK_INT(letters_post(st, &f, &a, NOW + 2, &res), LETTER_LIMITED);
	/* From an untrusted peer the header is ignored: the address counts. */
	struct letter_client c = { .peer = "192.0.2.77" };
	c.phone_headers[1] = "8613800000003";
	struct letter_client d = c;
	d.phone_headers[1] = "8613800000004";
	f = good(st, tok);
	CHECK_INT(letters_post(st, &f, &c, NOW + 3, &res), LETTER_STORED);
	f = good(st, tok);
	CHECK_INT(letters_post(st, &f, &d, NOW + 4, &res), LETTER_LIMITED);
	done(st);
}

static long token_rows(struct store *st)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM form_tokens");
	return s ? (long)store_one_int(s) : -1;
}

/* Issue 15, fault 6: tokens expire, and no number of form GETs grows the
 * table past its bound. */
TEST(tokens_expire_and_the_table_stays_bounded)
{
	struct store *st = fresh();
	char tok[MSGRULE_TOKEN_LEN + 1];
	/* A form fetched three days ago has expired, even unused. */
	struct letter_form f = good(st, tok);
	struct letter_result res;
	CHECK_INT(letters_post(st, &f, &anyone, NOW + 3 * 86400, &res), LETTER_INVALID);
	CHECK(res.expired);
	CHECK_INT(messages(st), 0);
	/* Expired tokens go when new ones are issued. */
	for (int i = 0; i < 100; i++)
		CHECK_INT(letters_new_token(st, NOW, tok), 0);
	CHECK_INT(letters_new_token(st, NOW + 3 * 86400, tok), 0);
	sqlite3_stmt *q = store_stmt(st, "SELECT count(*) FROM form_tokens WHERE issued_at < ?1");
	sqlite3_bind_int64(q, 1, NOW + 3 * 86400 - 2 * 86400);
	CHECK_INT(store_one_int(q), 0);     /* the expired ones are gone */
	CHECK(token_rows(st) <= 32);        /* one pool issued ahead */
	/* 2,000 GETs within the lifetime, with the bound set to 500. */
	CHECK_INT(store_exec(st, "INSERT OR REPLACE INTO msg_settings (key, value) VALUES ('form_tokens_max', '500')"), 0);
	long most = 0;
	for (int i = 0; i < 2000; i++) {
		CHECK_INT(letters_new_token(st, NOW + 3 * 86400 + i, tok), 0);
		long n = token_rows(st);
		if (n > most)
			most = n;
	}
	CHECK(most <= 500 + 32);
	CHECK(most >= 400);
	/* The newest token is still good. */
	f.token = tok;
	f.token_len = strlen(tok);
	CHECK_INT(letters_post(st, &f, &anyone, NOW + 3 * 86400 + 2001, &res), LETTER_STORED);
	done(st);
}

/* Issue 15, fault 2: issuing a form's token writes nothing while the
 * pool issued ahead lasts, so a GET of the letter form does not wait for
 * another process's write lock (an import's); only an empty pool waits,
 * and fails when the lock is not freed in time.  Every token is known. */
TEST(token_issue_does_not_wait_for_the_write_lock)
{
	struct store *st = fresh();
	char tok[MSGRULE_TOKEN_LEN + 1], first[MSGRULE_TOKEN_LEN + 1];
	CHECK_INT(letters_new_token(st, NOW, first), 0);
	char *err = NULL;
	struct store *other = store_open(db_path, 0, &err);
	CHECK(other != NULL);
	if (!other) {
		free(err);
		done(st);
		return;
	}
	store_set_busy_ms(st, 100);
	CHECK_INT(store_begin(other), 0); /* an import's transaction */
	int got = 0;
	char seen[40][MSGRULE_TOKEN_LEN + 1];
	while (got < 40 && letters_new_token(st, NOW, tok) == 0)
		memcpy(seen[got++], tok, sizeof tok);
	CHECK(got >= 16);  /* handed out from the pool, the lock held throughout */
	CHECK(got < 40);   /* an empty pool waits for the lock, and gives up */
	store_rollback(other);
	CHECK_INT(letters_new_token(st, NOW, tok), 0); /* the lock is free: a new pool */
	for (int i = 0; i < got; i++) {
		CHECK_INT(msg_token_known(st, seen[i], NOW + 60), 1);
		CHECK(strcmp(seen[i], first) != 0);
		for (int j = 0; j < i; j++)
			CHECK(strcmp(seen[i], seen[j]) != 0);
	}
	CHECK_INT(msg_token_known(st, tok, NOW + 60), 1);
	store_close(other);
	done(st);
}

/* Issue 15, fault 7: one phone is one bucket however the gateway writes
 * its number. */
TEST(msisdn_normalised_to_e164)
{
	char e[LETTER_MSISDN_SIZE];
	const char *same[] = { "+86 138 0000 0001", "8613800000001", "008613800000001", "13800000001",
	                       "+86-138-0000-0001", "+8613800000001", " 0086 13800000001 " };
	for (size_t i = 0; i < ARRAY_LEN(same); i++) {
		CHECK(letters_msisdn(same[i], e));
		CHECK_STR(e, "+8613800000001");
	}
	CHECK(letters_msisdn("+44 7700 900123", e));
	CHECK_STR(e, "+447700900123");
	CHECK(letters_msisdn("0044 7700 900123", e));
	CHECK_STR(e, "+447700900123");
	const char *bad[] = { "", "abc", "12345", "+", "+0123456789", "1380000000x", "unknown",
	                      "+1234567890123456", "0731-8888888", "+86 138 0000 0001 ext 5" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		CHECK(!letters_msisdn(bad[i], e));
}

TEST(one_phone_one_bucket_behind_a_gateway)
{
	struct store *st = fresh();
	CHECK_INT(store_exec(st, "INSERT OR REPLACE INTO msg_settings (key, value) VALUES ('posts_per_hour', '1')"), 0);
	const char *const trusted[] = { "10.0.0.1" };
	struct letter_client a = { .peer = "10.0.0.1", .trusted = trusted, .ntrusted = 1 };
	a.phone_headers[1] = "+86 138 0000 0001";
	char tok[MSGRULE_TOKEN_LEN + 1];
	struct letter_result res;
	struct letter_form f = good(st, tok);
	CHECK_INT(letters_post(st, &f, &a, NOW, &res), LETTER_STORED);
	const char *forms[] = { "8613800000001", "008613800000001", "13800000001" };
	for (size_t i = 0; i < ARRAY_LEN(forms); i++) {
		struct letter_client b = a;
		b.phone_headers[1] = forms[i];
		f = good(st, tok);
		CHECK_INT(letters_post(st, &f, &b, NOW + 1 + (int64_t)i, &res), LETTER_LIMITED);
	}
	done(st);
}

TEST(no_number_behind_a_gateway_uses_the_gateway_wide_limit)
{
	struct store *st = fresh();
	CHECK_INT(store_exec(st, "INSERT OR REPLACE INTO msg_settings (key, value) VALUES ('posts_per_hour', '1')"), 0);
	CHECK_INT(store_exec(st, "INSERT OR REPLACE INTO msg_settings (key, value) VALUES ('gateway_posts_per_hour', '3')"), 0);
	const char *const trusted[] = { "10.0.0.1" };
	struct letter_client none = { .peer = "10.0.0.1", .trusted = trusted, .ntrusted = 1 };
	struct letter_client junk = none;
	junk.phone_headers[0] = "unknown";
	char tok[MSGRULE_TOKEN_LEN + 1];
	struct letter_result res;
	/* Phones without a number share the gateway, but not its 1-an-hour
	 * per-phone limit: the higher gateway-wide one. */
	for (int i = 0; i < 3; i++) {
		struct letter_form f = good(st, tok);
		CHECK_INT(letters_post(st, &f, i % 2 ? &junk : &none, NOW + i, &res), LETTER_STORED);
	}
	struct letter_form f = good(st, tok);
	CHECK_INT(letters_post(st, &f, &none, NOW + 5, &res), LETTER_LIMITED);
	CHECK_INT(res.limit, 3);
	/* A phone with a number has its own bucket all the same. */
	struct letter_client p = none;
	p.phone_headers[1] = "13800000009";
	f = good(st, tok);
	CHECK_INT(letters_post(st, &f, &p, NOW + 6, &res), LETTER_STORED);
	/* An untrusted peer is keyed by its address, at the per-phone limit. */
	struct letter_client q = { .peer = "192.0.2.50" };
	f = good(st, tok);
	CHECK_INT(letters_post(st, &f, &q, NOW + 7, &res), LETTER_STORED);
	f = good(st, tok);
	CHECK_INT(letters_post(st, &f, &q, NOW + 8, &res), LETTER_LIMITED);
	CHECK_INT(res.limit, 1);
	done(st);
}

TEST(pure_parsers)
{
	int64_t id = 0;
	CHECK(letters_id("42", &id));
	CHECK_INT(id, 42);
	CHECK(!letters_id("0", &id));
	CHECK(!letters_id("-3", &id));
	CHECK(!letters_id("4x", &id));
	CHECK(!letters_id("1234567890123456", &id));
	CHECK(!letters_id(NULL, &id));
	CHECK(letters_checked("on"));
	CHECK(letters_checked("是"));
	CHECK(!letters_checked("0"));
	CHECK(!letters_checked(NULL));
}

TEST(form_place_falls_back_to_the_province)
{
	struct store *st = fresh();
	struct letter_place p;
	CHECK_INT(letters_place(st, 7, 0, &p), 0);
	CHECK_INT(p.unit_id, 7);
	CHECK_STR(p.unit_name, "省教育厅");
	CHECK_INT(p.region.id, 1);
	letters_place_release(&p);
	CHECK_INT(letters_place(st, 99, 987654, &p), 0);
	CHECK_INT(p.unit_id, 0);
	CHECK(p.unit_name == NULL);
	CHECK_INT(p.region.id, 1);
	letters_place_release(&p);
	done(st);
}

int main(void)
{
	RUN(good_post_is_stored_with_its_fields_cleaned);
	RUN(each_field_gets_its_own_error_and_nothing_is_stored);
	RUN(unknown_or_missing_token_means_the_form_expired);
	RUN(same_token_again_answers_the_same_code);
	RUN(hourly_limit_per_client);
	RUN(phone_header_counts_only_from_a_trusted_gateway);
	RUN(tokens_expire_and_the_table_stays_bounded);
	RUN(token_issue_does_not_wait_for_the_write_lock);
	RUN(msisdn_normalised_to_e164);
	RUN(one_phone_one_bucket_behind_a_gateway);
	RUN(no_number_behind_a_gateway_uses_the_gateway_wide_limit);
	RUN(pure_parsers);
	RUN(form_place_falls_back_to_the_province);
	return harness_done("letters");
}
