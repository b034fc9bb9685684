/* letter_check.c - the pure part of posting a message: field checks and
 * the small parsers of the form's values.  No store, no I/O. */
#include "core/common.h"
#include "letters/letters.h"

const char *const letter_phone_headers[LETTER_NPHONE_HEADERS] = {
	"X-Up-Calling-Line-ID", "X-MSISDN", "X-Nokia-MSISDN", "X-WAP-MSISDN", "X-Network-Info-MSISDN",
	"X-WAP-Network-Client-MSISDN",   /* Kannel's own header */
};

bool letters_id(const char *s, int64_t *out)
{
	if (!s || !*s || strlen(s) > 15)
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v <= 0)
		return false;
	*out = v;
	return true;
}

bool letters_checked(const char *s)
{
	return s && (strcmp(s, "1") == 0 || strcmp(s, "on") == 0 || strcmp(s, "yes") == 0 ||
		     strcmp(s, "true") == 0 || strcmp(s, "是") == 0);
}

void letters_check_fields(const struct letter_form *f, struct letter_result *res)
{
	if (f->region)
		letters_id(f->region, &res->region);
	if (!f->unit || !*f->unit)
		res->err[LETTER_UNIT] = MSGRULE_EMPTY;
	else if (!letters_id(f->unit, &res->unit))
		res->err[LETTER_UNIT] = MSGRULE_BAD_CHOICE;
	if (!msgrule_type_valid(f->type))
		res->err[LETTER_TYPE] = MSGRULE_BAD_CHOICE;
	res->err[LETTER_TITLE] = msgrule_check_text(f->title, f->title_len, LETTER_MAX_TITLE, true, false);
	res->err[LETTER_BODY] = msgrule_check_text(f->body, f->body_len, LETTER_MAX_BODY, true, true);
	res->err[LETTER_NAME] = msgrule_check_text(f->name, f->name_len, LETTER_MAX_NAME, false, false);
	/* The phone's digits are read again, by letters_post, when it stores. */
	enum msgrule_err pe = msgrule_check_text(f->phone, f->phone_len, LETTER_MAX_PHONE_TEXT, false, false);
	if (pe == MSGRULE_OK) {
		char *digits = NULL;
		pe = msgrule_check_phone(f->phone, f->phone_len, &digits);
		free(digits);
	}
	res->err[LETTER_PHONE] = pe;
}

bool letters_has_errors(const struct letter_result *res)
{
	for (size_t i = 0; i < LETTER_NFIELDS; i++)
		if (res->err[i] != MSGRULE_OK)
			return true;
	return res->expired;
}
