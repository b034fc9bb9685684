/* cli_check.c - `qiao check`: the staff rendering check of the portal. */
#include "core/common.h"
#include "cli.h"
#include "check/check.h"

#include <getopt.h>
#include <unistd.h>

static const char check_usage[] =
	"usage: qiao check [--base URL] [--max-pages N] [--catalog FILE] [--format text|json]\n"
	"                  [--timeout SECS] [--all]\n"
	"\n"
	"Crawl the running portal from its home page as a WAP 1.x phone (WML), a WAP 2.0\n"
	"phone (XHTML-MP) and a smartphone (HTML, gzip), following only its own links,\n"
	"and check every page: status, content type and charset, bytes sent, gzip and\n"
	"WBXML sizes against the budgets, well-formedness, DTD validity, broken links and\n"
	"the mobileOK Basic rules that apply.  Exit status 0 when every page passes, 1\n"
	"when any fails (or the server cannot be reached), 2 for usage errors.\n"
	"  --base URL       the portal (default http://127.0.0.1:8080)\n"
	"  --max-pages N    pages fetched per profile at most (default 200)\n"
	"  --catalog FILE   XML catalog of the WML/XHTML-MP DTDs: validate against them\n"
	"                   (without it, validation runs only when XML_CATALOG_FILES is set)\n"
	"  --format F       text (default) or json\n"
	"  --timeout SECS   time limit for the whole crawl (default 120)\n"
	"  --all            text: list every page, not only the failing ones\n";

static int positive(const char *opt, const char *s, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > max) {
		cli_error("check: %s wants a number from 1 to %ld, not '%s'", opt, max, s);
		return -1;
	}
	*out = v;
	return 0;
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "base", required_argument, NULL, 'b' },
		{ "max-pages", required_argument, NULL, 'm' },
		{ "catalog", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ "timeout", required_argument, NULL, 't' },
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct check_options o = {
		.base = "http://127.0.0.1:8080", .max_pages = 200, .timeout_secs = 120, .out = stdout,
	};
	long v;
	int c;
	while ((c = cli_next_opt("check", argc, argv, opts)) != -1) {
		switch (c) {
		case 'b': o.base = optarg; break;
		case 'm':
			if (positive("--max-pages", optarg, 1000000, &v) != 0)
				return EXIT_USAGE;
			o.max_pages = (size_t)v;
			break;
		case 'c': o.catalog = optarg; break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				o.json = true;
			else if (strcmp(optarg, "text") != 0) {
				cli_error("check: --format is text or json, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 't':
			if (positive("--timeout", optarg, 86400, &v) != 0)
				return EXIT_USAGE;
			o.timeout_secs = (int)v;
			break;
		case 'a': o.all = true; break;
		case 'h': fputs(check_usage, stdout); return 0;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("check: unexpected argument '%s' (see 'qiao check --help')", argv[optind]);
		return EXIT_USAGE;
	}
	if (strncmp(o.base, "http://", 7) != 0) {
		cli_error("check: --base must be an http:// URL, not '%s'", o.base);
		return EXIT_USAGE;
	}
	o.progress = isatty(STDERR_FILENO);
	char *err = NULL;
	int rc = check_run(&o, &err);
	if (rc < 0) {
		cli_error("check: %s", err ? err : "failed");
		free(err);
		return 1;
	}
	return rc;
}
