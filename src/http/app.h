/* app.h - state shared by every request of one server process. */
#ifndef QIAO_APP_H
#define QIAO_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "device/device.h"

struct store;
struct tpl_set;
struct device_rules;

struct app {
	struct store *store;
	struct tpl_set *tpl[3];        /* indexed by enum device_profile */
	struct device_rules *rules;
	char *root;                    /* where wml/ xhtml-mp/ html/ db/ live */
	const char *const *trusted_gateways; /* WAP gateway addresses whose phone-number headers we believe */
	size_t n_trusted_gateways;
};

#endif
