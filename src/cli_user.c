/* cli_user.c - qiao user: staff accounts for the console.
 *
 *   qiao user add NAME --role admin|editor|staff|supervisor [--unit ID]... [--drafts-only]
 *   qiao user passwd NAME
 *   qiao user disable NAME | enable NAME
 *   qiao user list
 *
 * The password is read from the terminal (twice, not echoed) or, when
 * standard input is not a terminal, as its first line: never from the
 * command line, where other users could read it in the process list. */
#include "core/common.h"
#include "cli.h"
#include "store/staff.h"

#include <getopt.h>
#include <sodium.h>
#include <termios.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: qiao user COMMAND [ARGS] [--db PATH]\n"
	"\n"
	"Staff accounts of the console (serve --staff-listen):\n"
	"  add NAME --role ROLE [--unit ID]... [--drafts-only]\n"
	"                    create an account; ROLE is admin, editor, staff (answers the\n"
	"                    letters of its units: give each with --unit) or supervisor;\n"
	"                    --drafts-only: staff that write drafts but do not publish\n"
	"  passwd NAME       set a new password (ends the account's sessions)\n"
	"  disable NAME      refuse its logins and end its sessions; enable NAME undoes it\n"
	"  list              the accounts, their roles and units\n"
	"The password is read from the terminal (asked twice) or, when standard input\n"
	"is not a terminal, from its first line.  At least 10 bytes.\n";

/* Read a password: 0 with buf filled, or -1 after an error line. */
static int read_line(FILE *f, char *buf, size_t n)
{
	if (!fgets(buf, (int)n, f))
		return -1;
	size_t len = strlen(buf);
	if (len == n - 1 && buf[len - 1] != '\n')
		return -2; /* too long */
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	return 0;
}

static int read_password(const char *cmd, char *buf, size_t n)
{
	if (!isatty(STDIN_FILENO)) {
		int rc = read_line(stdin, buf, n);
		if (rc != 0) {
			cli_error("user %s: %s", cmd, rc == -2 ? "the password is too long" : "no password on standard input");
			return -1;
		}
		return 0;
	}
	struct termios old, quiet;
	if (tcgetattr(STDIN_FILENO, &old) != 0) {
		cli_error("user %s: cannot read the terminal: %s", cmd, strerror(errno));
		return -1;
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	char again[STAFF_PW_MAX + 2];
	int rc = -1;
	fprintf(stderr, "Password: ");
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	if (read_line(stdin, buf, n) == 0) {
		fprintf(stderr, "\nAgain: ");
		if (read_line(stdin, again, sizeof again) == 0)
			rc = strcmp(buf, again) == 0 ? 0 : -2;
	}
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	sodium_memzero(again, sizeof again);
	if (rc != 0)
		cli_error("user %s: %s", cmd, rc == -2 ? "the passwords differ" : "no password given");
	return rc;
}

static struct staff_actor actor(char *name, size_t n)
{
	const char *u = getenv("USER");
	snprintf(name, n, "cli:%s", u && *u ? u : "?");
	return (struct staff_actor){ 0, name, "" };
}

static int do_list(struct store *st)
{
	struct staff_user *u;
	size_t n;
	if (staff_users(st, &u, &n) != 0) {
		cli_error("user list: cannot read the accounts");
		return 1;
	}
	printf("id\tname\trole\tstate\tunits\n");
	for (size_t i = 0; i < n; i++) {
		printf("%lld\t%s\t%s%s\t%s\t", (long long)u[i].id, u[i].name, staff_role_name(u[i].role),
		       u[i].role == ROLE_STAFF && !u[i].may_publish ? " (drafts only)" : "",
		       u[i].disabled ? "disabled" : "active");
		for (size_t k = 0; k < u[i].nunits; k++)
			printf("%s%lld", k ? "," : "", (long long)u[i].units[k]);
		putchar('\n');
	}
	staff_users_free(u, n);
	return 0;
}

/* Run one subcommand on the open store: the exit status. */
static int run(struct store *st, const char *sub, const char *name, const char *role, const int64_t *units,
	       size_t nunits, bool drafts_only)
{
	bool is_add = strcmp(sub, "add") == 0;
	int rc = 1;
	char *err = NULL;
	char who_name[64];
	struct staff_actor who = actor(who_name, sizeof who_name);
	int64_t now = (int64_t)time(NULL);
	if (strcmp(sub, "list") == 0) {
		rc = do_list(st);
	} else if (is_add || strcmp(sub, "passwd") == 0) {
		char pw[STAFF_PW_MAX + 2];
		if (read_password(sub, pw, sizeof pw) == 0) {
			int r;
			if (is_add) {
				enum staff_role ro = staff_role_parse(role);
				r = staff_user_add(st, name, ro, pw, units, nunits, !drafts_only, now, NULL, &err);
			} else {
				r = staff_user_passwd(st, name, pw, &err);
			}
			if (r != 0) {
				cli_error("user %s: %s", sub, err);
				free(err);
			} else {
				char *after = is_add ? xasprintf("role %s%s, %zu unit(s)", role, drafts_only ? " (drafts only)" : "", nunits)
						     : xstrdup("password changed");
				char *o = xasprintf("user:%s", name);
				audit_add(st, &who, now, is_add ? "user.add" : "user.passwd", o, "", after);
				free(o);
				free(after);
				printf("qiao: %s user %s\n", is_add ? "added" : "new password for", name);
				rc = 0;
			}
		}
		sodium_memzero(pw, sizeof pw);
	} else {
		bool dis = strcmp(sub, "disable") == 0;
		if (staff_user_disable(st, name, dis, &err) != 0) {
			cli_error("user %s: %s", sub, err);
			free(err);
		} else {
			char *o = xasprintf("user:%s", name);
			audit_add(st, &who, now, dis ? "user.disable" : "user.enable", o, dis ? "active" : "disabled",
				  dis ? "disabled" : "active");
			free(o);
			printf("qiao: %s user %s\n", dis ? "disabled" : "enabled", name);
			rc = 0;
		}
	}
	return rc;
}

int cmd_user(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "role", required_argument, NULL, 'r' },
		{ "unit", required_argument, NULL, 'u' },
		{ "drafts-only", no_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int done;
	const char *sub = cli_subcommand(argc, argv, usage_text, &done);
	if (!sub)
		return done;
	bool is_add = strcmp(sub, "add") == 0, is_list = strcmp(sub, "list") == 0;
	if (!is_add && !is_list && strcmp(sub, "passwd") != 0 && strcmp(sub, "disable") != 0 && strcmp(sub, "enable") != 0) {
		cli_error("user: unknown command '%s' (see 'qiao user --help')", sub);
		return EXIT_USAGE;
	}
	const char *db = NULL, *role = NULL;
	int64_t *units = xcalloc((size_t)argc + 1, sizeof *units);
	size_t nunits = 0;
	bool drafts_only = false;
	int c, rc = EXIT_USAGE;
	char cmd[32];
	snprintf(cmd, sizeof cmd, "user %s", sub);
	while ((c = cli_next_opt(cmd, argc - 1, argv + 1, opts)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'r': role = optarg; break;
		case 'D': drafts_only = true; break;
		case 'u': {
			char *end;
			errno = 0;
			long long v = strtoll(optarg, &end, 10);
			if (errno || *end || end == optarg || v <= 0) {
				cli_error("user %s: bad unit id '%s'", sub, optarg);
				goto out;
			}
			units[nunits++] = v;
			break;
		}
		case 'h': fputs(usage_text, stdout); rc = 0; goto out;
		default: goto out;
		}
	}
	int rest = argc - 1 - optind;
	const char *name = rest > 0 ? argv[1 + optind] : NULL;
	if (is_list ? rest != 0 : rest != 1) {
		cli_error("user %s: %s", sub, is_list ? "takes no arguments" : rest == 0 ? "missing user name" : "one user name only");
		goto out;
	}
	if (!is_add && (role || nunits || drafts_only)) {
		cli_error("user %s: --role, --unit and --drafts-only belong to 'user add'", sub);
		goto out;
	}
	if (is_add && !role) {
		cli_error("user add: --role is required (admin, editor, staff or supervisor)");
		goto out;
	}
	struct store *st = cli_open_store("user", cli_db_path(db), STORE_READWRITE);
	if (!st) {
		rc = 1;
		goto out;
	}
	rc = run(st, sub, name, role, units, nunits, drafts_only);
	store_close(st);
out:
	free(units);
	return rc;
}
