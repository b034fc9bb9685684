/* fuzz_msgrule.c - libFuzzer target for the message field rules
 * (src/text/msgrule.c): text and phone checks, cleaning, query codes and
 * form tokens, dates, public names, masked phones, the rate-limit key.
 * The input: a flag byte (multiline, required, anonymous), a byte of
 * max_chars, then the field.  Checks msgrule.h's promises, e.g. a checked
 * field cleans to valid UTF-8 without surrounding blanks or CR (or line
 * breaks in one-line fields) whose length agrees with the check; phone
 * digits are 5-20 digits; codes and tokens normalise to the alphabet and
 * are fixed points; a parsed day prints back to a day that parses to it.
 *
 * msgrule_clean() is also called on the raw bytes (not only on checked
 * ones): issue 15 lists its over-read on invalid UTF-8 as a bug to fix. */
#include "core/common.h"
#include "core/utf8.h"
#include "text/msgrule.h"
#include "fuzz_util.h"

static bool in_alphabet(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!s[i] || !strchr(MSGRULE_ALPHABET, s[i]))
			return false;
	return s[n] == '\0';
}

static void check_clean(const char *c, bool multiline)
{
	size_t n = strlen(c);
	FUZZ_ASSERT(utf8_valid(c, n));
	FUZZ_ASSERT(!strchr(c, '\r'));
	if (!multiline)
		FUZZ_ASSERT(!strchr(c, '\n') && !strchr(c, '\t'));
	if (n) {
		FUZZ_ASSERT(c[0] != ' ' && c[0] != '\n' && c[n - 1] != ' ' && c[n - 1] != '\n');
		FUZZ_ASSERT(strncmp(c, "\u3000", 3) != 0 && (n < 3 || strcmp(c + n - 3, "\u3000") != 0));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	bool multiline = data[0] & 1, required = data[0] & 2, anonymous = data[0] & 4;
	size_t max = data[1];
	data += 2;
	size -= 2;
	char *s = fuzz_copy(data, size);
	char *z = fuzz_str(data, size);

	enum msgrule_err e = msgrule_check_text(s, size, max, required, multiline);
	FUZZ_ASSERT(e >= MSGRULE_OK && e <= MSGRULE_BAD_CHOICE && e != MSGRULE_BAD_PHONE && e != MSGRULE_BAD_CHOICE);
	if (e == MSGRULE_OK || e == MSGRULE_TOO_LONG || e == MSGRULE_EMPTY) {
		char *c = msgrule_clean(s, size, multiline);
		check_clean(c, multiline);
		size_t chars = utf8_count(c, strlen(c));
		if (e == MSGRULE_TOO_LONG)
			FUZZ_ASSERT(chars > max);
		else if (e == MSGRULE_EMPTY)
			FUZZ_ASSERT(chars == 0 && required);
		else
			FUZZ_ASSERT(chars <= max && (chars > 0 || !required));
		free(c);
	}
	if (e != MSGRULE_OK) {
		struct buf t = BUF_INIT;
		msgrule_err_text(&t, e, "标题", max);
		FUZZ_ASSERT(t.len > 0 && utf8_valid(t.data, t.len));
		buf_reset(&t);
		msgrule_err_short(&t, e, max);
		FUZZ_ASSERT(t.len > 0 && utf8_valid(t.data, t.len));
		buf_release(&t);
	}
	/* Any bytes at all (the known over-read of issue 15). */
	free(msgrule_clean(s, size, multiline));
	FUZZ_ASSERT(utf8_count(s, size) <= size);

	char *digits = NULL;
	if (msgrule_check_phone(s, size, &digits) == MSGRULE_OK) {
		size_t n = strlen(digits);
		FUZZ_ASSERT(n == 0 || (n >= 5 && n <= 20));
		for (size_t i = 0; i < n; i++)
			FUZZ_ASSERT(digits[i] >= '0' && digits[i] <= '9');
		struct buf m = BUF_INIT;
		msgrule_mask_phone(&m, digits);
		FUZZ_ASSERT(m.len == n);
		buf_release(&m);
	} else {
		FUZZ_ASSERT(digits == NULL);
	}
	free(digits);

	char code[MSGRULE_CODE_LEN + 1], code2[MSGRULE_CODE_LEN + 1];
	if (msgrule_code_normalise(z, code)) {
		FUZZ_ASSERT(in_alphabet(code, MSGRULE_CODE_LEN));
		FUZZ_ASSERT(msgrule_code_normalise(code, code2) && strcmp(code, code2) == 0);
	}
	char tok[MSGRULE_TOKEN_LEN + 1], tok2[MSGRULE_TOKEN_LEN + 1];
	if (msgrule_token_normalise(s, size, tok)) {
		FUZZ_ASSERT(in_alphabet(tok, MSGRULE_TOKEN_LEN));
		FUZZ_ASSERT(msgrule_token_normalise(tok, MSGRULE_TOKEN_LEN, tok2) && strcmp(tok, tok2) == 0);
	}
	int64_t day;
	if (msgrule_day_parse(z, &day)) {
		char text[11];
		int64_t back;
		msgrule_day_text(day, text);
		FUZZ_ASSERT(msgrule_day_parse(text, &back) && back == day);
		int n = (int)(max % 20);
		int64_t later = msgrule_add_workdays(day, n);
		FUZZ_ASSERT(later >= day);
		if (n > 0)
			FUZZ_ASSERT(msgrule_weekday(later) != 0 && msgrule_weekday(later) != 6);
	}
	struct buf name = BUF_INIT;
	msgrule_public_name(&name, z, anonymous);
	FUZZ_ASSERT(name.len > 0 && utf8_valid(name.data, name.len));
	buf_release(&name);
	const char *trusted[] = { "10.0.0.1" };
	const char *headers[] = { NULL, z };
	char *key = msgrule_client_key(anonymous ? "10.0.0.1" : "10.0.0.2", trusted, 1, headers, 2);
	FUZZ_ASSERT(strncmp(key, "tel:", 4) == 0 || strncmp(key, "ip:", 3) == 0);
	if (!anonymous)
		FUZZ_ASSERT(strcmp(key, "ip:10.0.0.2") == 0);
	free(key);
	free(s);
	free(z);
	return 0;
}
