/* cli.c - helpers shared by the command-line subcommands (see cli.h). */
#include "core/common.h"
#include "cli.h"
#include "store/store.h"

#include <getopt.h>

void cli_error(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_adds(&b, "qiao: ");
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	buf_one_line(&b);
	buf_addc(&b, '\n');
	fwrite(b.data, 1, b.len, stderr);
	buf_release(&b);
}

const char *cli_db_path(const char *flag_value)
{
	if (flag_value && *flag_value)
		return flag_value;
	const char *env = getenv("QIAO_DB");
	return env && *env ? env : "var/qiao.db";
}

/* --- option parsing shared by the subcommands -------------------------- */

/* Parse argv with getopt_long, reporting problems in our own one-line form.
 * Returns the option character, -1 at the end, or '?' after printing an
 * error (the caller returns EXIT_USAGE). */
int cli_next_opt(const char *cmd, int argc, char **argv, const struct option *longopts)
{
	int idx;
	return cli_next_opt_index(cmd, argc, argv, longopts, &idx);
}

int cli_next_opt_index(const char *cmd, int argc, char **argv, const struct option *longopts, int *idx)
{
	opterr = 0;
	*idx = -1;
	int c = getopt_long(argc, argv, ":h", longopts, idx);
	if (c == ':') {
		cli_error("%s: option '%s' needs a value", cmd, argv[optind - 1]);
		return '?';
	}
	if (c == '?') {
		cli_error("%s: unknown option '%s' (see 'qiao %s --help')", cmd, argv[optind - 1], cmd);
		return '?';
	}
	return c;
}

const char *cli_subcommand(int argc, char **argv, const char *usage, int *exit_code)
{
	if (argc < 2) {
		fputs(usage, stderr);
		*exit_code = EXIT_USAGE;
		return NULL;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
		fputs(usage, stdout);
		*exit_code = 0;
		return NULL;
	}
	return sub;
}

struct store *cli_open_store(const char *cmd, const char *path, int flags)
{
	char *err = NULL;
	struct store *st = store_open(path, flags, &err);
	if (!st) {
		cli_error("%s: %s", cmd, err);
		free(err);
	}
	return st;
}
