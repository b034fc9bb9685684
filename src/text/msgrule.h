/* msgrule.h - the rules of citizens' messages that need no database:
 * query codes and form tokens, field checks, reply deadlines in working
 * days, and how senders are shown.  Pure except msgrule_random (getrandom).
 *
 * Days are day numbers in China Standard Time: 0 is 1970-01-01 (UTC+8). */
#ifndef QIAO_MSGRULE_H
#define QIAO_MSGRULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

/* Query codes and tokens use only characters that cannot be mistaken for
 * one another on a keypad or in print: no 0/O, 1/I/L. */
#define MSGRULE_ALPHABET "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#define MSGRULE_CODE_LEN 8
#define MSGRULE_TOKEN_LEN 16

/* The most a deadline may be extended to, in working days. */
#define MSGRULE_MAX_REPLY_DAYS 15

/* n random characters of the alphabet from the kernel's CSPRNG, then a
 * NUL (out holds n + 1 bytes).  0, or -1 if no randomness. */
int msgrule_random(char *out, size_t n);

/* A code as a person typed it: case ignored, spaces and dashes (ASCII or
 * full-width) dropped.  True with out = the canonical 8 characters when
 * what remains is a well-formed code. */
bool msgrule_code_normalise(const char *in, char out[MSGRULE_CODE_LEN + 1]);
/* A token as sent back by a form: exactly MSGRULE_TOKEN_LEN alphabet
 * characters (surrounding whitespace ignored); canonical copy in out. */
bool msgrule_token_normalise(const char *in, size_t n, char out[MSGRULE_TOKEN_LEN + 1]);

/* --- form fields ------------------------------------------------------ */

enum msgrule_err {
	MSGRULE_OK = 0,
	MSGRULE_EMPTY,      /* required and blank */
	MSGRULE_TOO_LONG,   /* more than max characters */
	MSGRULE_BAD_UTF8,   /* not UTF-8 */
	MSGRULE_CONTROL,    /* control characters */
	MSGRULE_BAD_PHONE,  /* not a phone number */
	MSGRULE_BAD_CHOICE, /* not one of the offered values */
};

/* Check a text field as received (n bytes, may hold NULs).  multiline
 * allows line breaks; tabs are always allowed.  The length is counted in
 * characters after msgrule_clean. */
enum msgrule_err msgrule_check_text(const char *s, size_t n, size_t max_chars, bool required, bool multiline);
/* The cleaned text (malloc'd): surrounding blanks (ASCII and U+3000)
 * trimmed, CR LF and lone CR made LF, tabs made spaces in one-line
 * fields.  Call on checked input only. */
char *msgrule_clean(const char *s, size_t n, bool multiline);

/* A phone number: optional; digits with optional +, spaces and dashes,
 * 5 to 20 digits.  On MSGRULE_OK *digits (malloc'd) holds only the digits
 * ("" when blank). */
enum msgrule_err msgrule_check_phone(const char *s, size_t n, char **digits);

/* The kinds of message, in the order forms and list filters offer them.
 * This table is the only place their names are written. */
enum msgrule_type { MSGRULE_ASK, MSGRULE_SUGGEST, MSGRULE_COMPLAIN, MSGRULE_NTYPES };
extern const char *const msgrule_types[MSGRULE_NTYPES];

/* True for one of msgrule_types (咨询, 建议, 投诉). */
bool msgrule_type_valid(const char *s);
/* The type s names, written in simplified or traditional characters
 * ("建议", "建議"): the static simplified name, or NULL.  (A phone that
 * reads only Big5 cannot send 询 议 诉.) */
const char *msgrule_type_of(const char *s);
/* The kinds for a sentence: "咨询、建议或投诉". */
void msgrule_types_text(struct buf *out);

/* One sentence for a field's error, naming the field ("请填写标题。"). */
void msgrule_err_text(struct buf *out, enum msgrule_err e, const char *label, size_t max_chars);
/* Its printf format, an interface string to translate (T(r, f)): it
 * reads a label (%s) and then the limit (%zu), e.g.
 *   buf_addf(out, T(r, msgrule_err_format(e)), label, max_chars);
 * msgrule_err_short_format reads the limit only.  "" for MSGRULE_OK. */
const char *msgrule_err_format(enum msgrule_err e);
const char *msgrule_err_short_format(enum msgrule_err e);

/* The same in a few characters, for a WML deck where it stands beside
 * the field's label ("必填", "限40字"). */
void msgrule_err_short(struct buf *out, enum msgrule_err e, size_t max_chars);

/* --- deadlines --------------------------------------------------------- */

int64_t msgrule_day(int64_t unix_time);
/* 0 Sunday .. 6 Saturday. */
int msgrule_weekday(int64_t day);
/* The day n working days (Monday to Friday) after day: counting starts
 * the day after, weekends are skipped.  n <= 0 gives day. */
int64_t msgrule_add_workdays(int64_t day, int n);
/* "YYYY-MM-DD" (out holds 11 bytes). */
void msgrule_day_text(int64_t day, char out[11]);
/* Parse "YYYY-MM-DD" into a day number. */
bool msgrule_day_parse(const char *s, int64_t *day);

/* --- showing senders ------------------------------------------------------ */

/* The sender as the public sees them: an anonymous sender's name becomes
 * its first character and 某 ("王某"); a blank or anonymous nameless
 * sender is 网友. */
void msgrule_public_name(struct buf *out, const char *name, bool anonymous);
/* A phone number with its middle hidden: 138****5678; short numbers keep
 * only their last two digits. */
void msgrule_mask_phone(struct buf *out, const char *digits);

/* The key a client is rate-limited by: "tel:DIGITS" from the first phone
 * number header a trusted gateway added (headers[] in order of
 * preference, NULL entries skipped) when peer is one of trusted[],
 * else "ip:PEER".  Malloc'd. */
char *msgrule_client_key(const char *peer, const char *const *trusted, size_t ntrusted,
			 const char *const *headers, size_t nheaders);

#endif
