/* cli.h - helpers shared by the command-line subcommands.
 *
 * Exit statuses: 0 success, 1 runtime failure (unreadable database, port
 * in use, bad input file), 2 usage error (unknown command or flag, missing
 * argument).  Errors are one line on stderr: "qiao: <what>". */
#ifndef QIAO_CLI_H
#define QIAO_CLI_H

#define EXIT_USAGE 2

void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The database path: --db value, else $QIAO_DB, else var/qiao.db. */
const char *cli_db_path(const char *flag_value);

struct store;
/* store_open(path, flags) or NULL after "qiao: CMD: why" on stderr. */
struct store *cli_open_store(const char *cmd, const char *path, int flags);

struct option;
/* The subcommand, argv[1]; or NULL with the usage printed and *exit_code
 * set: to stderr and EXIT_USAGE when there is none, to stdout and 0 for
 * --help, -h or help. */
const char *cli_subcommand(int argc, char **argv, const char *usage, int *exit_code);
/* getopt_long with one-line errors; '?' after printing one. */
int cli_next_opt(const char *cmd, int argc, char **argv, const struct option *longopts);
/* The same, with the index of the long option found in *idx. */
int cli_next_opt_index(const char *cmd, int argc, char **argv, const struct option *longopts, int *idx);

/* qiao serve, qiao config check (cli_serve.c) */
int cmd_serve(int argc, char **argv);
int cmd_config(int argc, char **argv);

/* qiao backup DEST (cli_backup.c) */
int cmd_backup(int argc, char **argv);

int cmd_import(int argc, char **argv);
int cmd_check(int argc, char **argv);

/* qiao device explain | import-uaprof (cli_device.c) */
int cmd_device(int argc, char **argv);

/* qiao messages ... (cli_messages.c) */
int cmd_messages(int argc, char **argv);
/* qiao user ... (cli_user.c) */
int cmd_user(int argc, char **argv);

#endif
