/* device_int.h - what the files of device/ share among themselves: the
 * rules table (rules.c) and the header readers (accept.c).  Not for use
 * outside device/. */
#ifndef QIAO_DEVICE_INT_H
#define QIAO_DEVICE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "device/device.h"

struct rule {
	char *pat;          /* lowercased, '*' kept as the wildcard, markers removed */
	size_t pat_len;
	bool anchored;      /* written with a leading '^' */
	bool tok_start;     /* leading '<': the match starts a token */
	bool tok_end;       /* trailing '>': the match ends a token */
	bool has_ver;       /* trailing ">=V": a version at least V follows */
	int ver_major, ver_minor;
	enum device_profile profile;
	unsigned wml_version; /* profile wml1.2 / wml1.3: 12 or 13; 0 when not stated */
	size_t budget;      /* 0: the profile's default */
	unsigned line;      /* line in the rules file */
	char *label;        /* "ua:" + the pattern as written */
};

struct device_rules {
	struct rule *v;
	size_t n;
};

/* The first rule matching the lowercased User-Agent lua (len bytes), or
 * NULL (also for no rules or an empty User-Agent). */
const struct rule *device_match_ua(const struct device_rules *rules, const char *lua, size_t len);

bool device_is_blank(int c);
/* s holds something besides blanks. */
bool device_present(const char *s);

/* What the Accept header says about the types we care about: q in
 * thousandths (-1: not named) and the position of the first naming. */
struct accept_info {
	int wml, wmlc, html, xhtml, xhtmlmp;
	int wml_pos, wmlc_pos;
};

void device_parse_accept(const char *s, struct accept_info *a);
/* Accept-Encoding allows gzip (q-values, "x-gzip", "*"). */
bool device_accepts_gzip(const char *s);
/* A positive decimal, optional surrounding blanks; 0 when not one. */
size_t device_parse_sdu(const char *s);

#endif
