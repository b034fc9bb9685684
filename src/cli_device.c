/* cli_device.c - qiao device: device detection for carriers and staff.
 *
 *   qiao device explain UA [--accept A] [--header 'Name: value']...
 *                          [--rules FILE] [--db PATH]
 *   qiao device import-uaprof FILE... [--url URL] [--db PATH]
 *
 * explain runs the server's own decision (device_detect_explain) on the
 * headers given and prints it step by step; a profile header is looked up
 * among the imported UAProf profiles when the database exists.
 * import-uaprof reads UAProf RDF files into the store; it never fetches. */
#include "core/common.h"
#include "cli.h"
#include "device/device.h"
#include "render/dialect.h"
#include "store/store.h"
#include "import/uaprof_import.h"
#include "store/uaprof.h"

#include <getopt.h>
#include <sys/stat.h>

static const char usage_text[] =
	"usage: qiao device COMMAND [ARGS]\n"
	"\n"
	"  explain UA [--accept A] [--header 'Name: value']... [--rules FILE] [--db PATH]\n"
	"        how qiao chooses the dialect (wml, xhtmlmp, html), the WML version\n"
	"        and byte budget for a request with this User-Agent: each piece of\n"
	"        evidence, the rule that matched, the budget, and the headers the\n"
	"        answer depends on.  --header adds a request header (Accept-Encoding,\n"
	"        X-Wap-Profile, Profile, Wap-Profile, X-WAP-Client-SDU-Size,\n"
	"        X-OperaMini-Phone-UA, X-UCBrowser-UA, Device-Stock-UA, Cookie, ...);\n"
	"        a profile header is looked up among the imported UAProf profiles\n"
	"        when the database exists.\n"
	"        --rules: the rules file (default db/devices.rules of the source tree,\n"
	"        else the installed one)\n"
	"  import-uaprof FILE... [--url URL] [--db PATH]\n"
	"        read UAProf profiles (RDF/XML) into the store: WML/XHTML versions,\n"
	"        CcppAccept, ScreenSize, WmlDeckSize, MaxSduSize.  Each is stored under\n"
	"        its rdf:about URL, or --url (one FILE only).  Nothing is fetched.\n";

enum { O_ACCEPT = 1, O_HEADER, O_RULES, O_DB, O_URL };

#define MAX_HEADERS 32

static const char *default_rules(void)
{
	struct stat sb;
	if (stat("db/devices.rules", &sb) == 0)
		return "db/devices.rules";
	return QIAO_SHAREDIR "/db/devices.rules";
}

/* Point the matching field of h at value; false for a header detection
 * does not read. */
static bool set_header(struct device_headers *h, const char *name, const char *value, char *cookie_view, size_t cv)
{
	if (strcasecmp(name, "User-Agent") == 0)
		h->user_agent = value;
	else if (strcasecmp(name, "Accept") == 0)
		h->accept = value;
	else if (strcasecmp(name, "Accept-Charset") == 0)
		h->accept_charset = value;
	else if (strcasecmp(name, "Accept-Encoding") == 0)
		h->accept_encoding = value;
	else if (strcasecmp(name, "X-Wap-Profile") == 0 || strcasecmp(name, "Profile") == 0 ||
		 strcasecmp(name, "Wap-Profile") == 0)
		h->wap_profile = h->wap_profile ? h->wap_profile : value;
	else if (strcasecmp(name, "X-WAP-Client-SDU-Size") == 0)
		h->sdu_size = value;
	else if (strcasecmp(name, "X-OperaMini-Phone-UA") == 0)
		h->opera_phone_ua = value;
	else if (strcasecmp(name, "Device-Stock-UA") == 0)
		h->device_stock_ua = value;
	else if (strcasecmp(name, "X-UCBrowser-UA") == 0)
		h->ucbrowser_ua = value;
	else if (strcasecmp(name, "Cookie") == 0) {
		/* The server reads qiao_view=VALUE from it. */
		const char *p = strstr(value, "qiao_view=");
		if (p && (p == value || p[-1] == ' ' || p[-1] == ';')) {
			p += 10;
			size_t n = strcspn(p, "; ");
			if (n < cv) {
				memcpy(cookie_view, p, n);
				cookie_view[n] = '\0';
				h->view_cookie = cookie_view;
			}
		}
	} else
		return false;
	return true;
}

/* One --header 'Name: value' into names/values; -1 (said) when malformed
 * or one too many. */
static int header_opt(const char *arg, char **names, char **values, size_t *nh)
{
	const char *colon = strchr(arg, ':');
	if (!colon || colon == arg) {
		cli_error("device explain: --header wants 'Name: value', got '%s'", arg);
		return -1;
	}
	if (*nh == MAX_HEADERS) {
		cli_error("device explain: at most %d --header options", MAX_HEADERS);
		return -1;
	}
	names[*nh] = xstrndup(arg, (size_t)(colon - arg));
	const char *v = colon + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	values[*nh] = xstrdup(v);
	(*nh)++;
	return 0;
}

/* The imported UAProf profile the headers name, from the database (given,
 * or the default one when it exists); *st is left open for h->uaprof.
 * -1 (said) when the database cannot be opened. */
static int look_up_profile(const char *db, struct device_headers *h, struct uaprof_hit *hit, struct store **st)
{
	const char *dbp = cli_db_path(db);
	struct stat sb;
	if (!h->wap_profile)
		return 0;
	if (!db && stat(dbp, &sb) != 0) {
		printf("(profile header: no database at %s, UAProf profiles not consulted)\n", dbp);
		return 0;
	}
	*st = cli_open_store("device explain", dbp, STORE_READONLY);
	if (!*st)
		return -1;
	if (!uaprof_for_headers(*st, h, hit))
		printf("(profile header: no imported UAProf profile in %s matches it)\n", dbp);
	return 0;
}

/* The decision, step by step, then its outcome. */
static void print_decision(const struct device_rules *rules, const char *rp, const struct device_headers *h)
{
	struct device_caps caps;
	struct device_trace trace;
	device_detect_explain(rules, h, &caps, &trace);
	printf("rules: %s (%zu rules)\n", rp, device_rules_count(rules));
	for (size_t i = 0; i < trace.n; i++)
		printf("%2zu. %-11s %s\n", i + 1, trace.step[i].evidence, trace.step[i].text);
	char deps[512];
	device_depends(caps.used, deps, sizeof deps);
	printf("dialect: %s\n", device_profile_name(caps.profile));
	const struct dialect_wml *w = dialect_wml_for(caps.profile, caps.wml_version);
	if (w)
		printf("wml version: %u.%u%s\n", w->version / 10, w->version % 10,
		       w->accesskeys ? " (accesskeys on links)" : "");
	printf("budget: %zu bytes\ncontent-type: %s\nreason: %s\ndepends on: %s\nVary: %s\n",
	       caps.budget, caps.content_type, caps.rule ? caps.rule : "?", deps, device_vary());
}

static int explain(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "accept", required_argument, NULL, O_ACCEPT },
		{ "header", required_argument, NULL, O_HEADER },
		{ "rules", required_argument, NULL, O_RULES },
		{ "db", required_argument, NULL, O_DB },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *accept = NULL, *rules_path = NULL, *db = NULL;
	char *names[MAX_HEADERS], *values[MAX_HEADERS];
	size_t nh = 0;
	int c, rc = EXIT_USAGE;

	while ((c = cli_next_opt("device explain", argc, argv, longopts)) != -1) {
		switch (c) {
		case O_ACCEPT: accept = optarg; break;
		case O_RULES: rules_path = optarg; break;
		case O_DB: db = optarg; break;
		case O_HEADER:
			if (header_opt(optarg, names, values, &nh) != 0)
				goto out;
			break;
		case 'h': fputs(usage_text, stdout); rc = 0; goto out;
		default: goto out;
		}
	}
	if (optind >= argc) {
		cli_error("device explain: give the User-Agent (see 'qiao device --help')");
		goto out;
	}
	if (optind + 1 < argc) {
		cli_error("device explain: one User-Agent only, got also '%s' (quote it)", argv[optind + 1]);
		goto out;
	}

	struct device_headers h = { .user_agent = argv[optind], .accept = accept };
	char cookie_view[16];
	for (size_t i = 0; i < nh; i++)
		if (!set_header(&h, names[i], values[i], cookie_view, sizeof cookie_view))
			printf("(header %s: not read by device detection)\n", names[i]);

	char *err = NULL;
	const char *rp = rules_path ? rules_path : default_rules();
	struct device_rules *rules = device_rules_load(rp, &err);
	if (!rules) {
		cli_error("device explain: %s", err);
		free(err);
		rc = 1;
		goto out;
	}

	struct store *st = NULL;
	struct uaprof_hit hit;
	if (look_up_profile(db, &h, &hit, &st) != 0) {
		device_rules_free(rules);
		rc = 1;
		goto out;
	}
	print_decision(rules, rp, &h);
	if (st)
		store_close(st);
	device_rules_free(rules);
	rc = 0;
out:
	for (size_t i = 0; i < nh; i++) {
		free(names[i]);
		free(values[i]);
	}
	return rc;
}

static int import_uaprof(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "url", required_argument, NULL, O_URL },
		{ "db", required_argument, NULL, O_DB },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *url = NULL, *db = NULL;
	int c;
	while ((c = cli_next_opt("device import-uaprof", argc, argv, longopts)) != -1) {
		switch (c) {
		case O_URL: url = optarg; break;
		case O_DB: db = optarg; break;
		case 'h': fputs(usage_text, stdout); return 0;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		cli_error("device import-uaprof: give one or more profile files (see 'qiao device --help')");
		return EXIT_USAGE;
	}
	if (url && optind + 1 < argc) {
		cli_error("device import-uaprof: --url names the profile of one FILE only");
		return EXIT_USAGE;
	}
	struct store *st = cli_open_store("device import-uaprof", cli_db_path(db), STORE_READWRITE);
	if (!st)
		return 1;
	char *err = NULL;
	int failed = 0;
	for (int i = optind; i < argc; i++) {
		struct uaprof_import_result res;
		if (uaprof_import(st, argv[i], url, &res, &err) != 0) {
			cli_error("device import-uaprof: %s", err);
			free(err);
			failed++;
			continue;
		}
		printf("%s: %s %s (%s%s%s", argv[i], res.replaced ? "updated" : "added", res.url,
		       res.xhtml ? "XHTML" : "", res.xhtml && res.wml ? " + " : "", res.wml ? "WML" : "");
		if (!res.xhtml && !res.wml)
			printf("no WML or XHTML browser");
		if (res.screen_w)
			printf(", screen %ux%u", res.screen_w, res.screen_h);
		if (res.wml_deck_size)
			printf(", WmlDeckSize %zu", res.wml_deck_size);
		if (res.max_sdu_size)
			printf(", MaxSduSize %zu", res.max_sdu_size);
		printf(")\n");
		uaprof_import_result_release(&res);
	}
	store_close(st);
	if (failed)
		printf("%d of %d profiles not imported\n", failed, argc - optind);
	return failed ? 1 : 0;
}

int cmd_device(int argc, char **argv)
{
	int done;
	const char *sub = cli_subcommand(argc, argv, usage_text, &done);
	if (!sub)
		return done;
	optind = 0;   /* a fresh getopt scan of the subcommand's arguments */
	if (strcmp(sub, "explain") == 0)
		return explain(argc - 1, argv + 1);
	if (strcmp(sub, "import-uaprof") == 0)
		return import_uaprof(argc - 1, argv + 1);
	cli_error("device: unknown command '%s' (see 'qiao device --help')", sub);
	return EXIT_USAGE;
}
