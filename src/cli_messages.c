/* cli_messages.c - qiao messages: the staff side of 互动交流.
 *
 *   qiao messages list [--state S] [--unit ID]
 *   qiao messages show ID
 *   qiao messages reply ID --unit ID --text TEXT|--file F [--publish]
 *   qiao messages publish ID
 *   qiao messages reject ID --reason TEXT
 *   qiao messages extend ID --days N --note TEXT
 *   qiao messages overdue [--date YYYY-MM-DD] [--format text|json]
 *
 * Actions are recorded in the audit log as the user "cli:$USER".
 * Every change is one transaction; the generation triggers tell servers
 * their copies are stale, and the public pages read the store directly. */
#include "core/common.h"
#include "core/utf8.h"
#include "core/file.h"
#include "cli.h"
#include "store/answer.h"
#include "store/calendar.h"
#include "store/messages.h"
#include "store/staff.h"

#include <getopt.h>

static const char usage_text[] =
	"usage: qiao messages COMMAND [ARGS] [--db PATH]\n"
	"\n"
	"Staff commands for citizens' messages:\n"
	"  list [--state pending|published|rejected] [--unit ID]\n"
	"                                  messages, newest first (with unit names)\n"
	"  show ID                         one message with its replies (full phone number)\n"
	"  reply ID --unit ID --text TEXT|--file F [--publish]\n"
	"                                  the unit's reply (only the letter's own unit);\n"
	"                                  a draft unless --publish makes it public\n"
	"  publish ID                      publish the draft reply, or a letter without one\n"
	"  reject ID --reason TEXT         refuse to publish, telling the sender why\n"
	"  extend ID --days N --note TEXT  extend the deadline by N working days (1-15) from\n"
	"                                  the current deadline, with a public note\n"
	"  overdue [--date YYYY-MM-DD] [--format text|json]\n"
	"                                  unanswered messages past their deadline, per unit\n"
	"Deadlines count working days of the holiday calendar (db/holidays).\n";

enum { O_DB = 1, O_STATE, O_UNIT, O_TEXT, O_FILE, O_PUBLISH, O_REASON, O_DAYS, O_NOTE, O_DATE, O_FORMAT };

struct opts {
	const char *db, *state, *text, *file, *reason, *note, *date, *format;
	int64_t unit;
	int days;
	bool publish;
	int64_t id;
};

static bool parse_id(const char *s, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || end == s || v <= 0)
		return false;
	*out = v;
	return true;
}

/* Parse the options of one subcommand; `allowed` lists the O_ codes it
 * takes.  Returns 0, or EXIT_USAGE after a one-line error. */
static int parse(const char *sub, int argc, char **argv, const char *allowed, bool want_id, struct opts *o)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, O_DB },
		{ "state", required_argument, NULL, O_STATE },
		{ "unit", required_argument, NULL, O_UNIT },
		{ "text", required_argument, NULL, O_TEXT },
		{ "file", required_argument, NULL, O_FILE },
		{ "publish", no_argument, NULL, O_PUBLISH },
		{ "reason", required_argument, NULL, O_REASON },
		{ "days", required_argument, NULL, O_DAYS },
		{ "note", required_argument, NULL, O_NOTE },
		{ "date", required_argument, NULL, O_DATE },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof *o);
	optind = 0;
	opterr = 0;
	int c;
	/* Options may follow the id: GNU getopt permutes (no leading '+'). */
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (c == ':') {
			cli_error("messages %s: option '%s' needs a value", sub, argv[optind - 1]);
			return EXIT_USAGE;
		}
		if (c == 'h') {
			fputs(usage_text, stdout);
			return -1;
		}
		if (c == '?' || (c != O_DB && !strchr(allowed, (char)('0' + c)))) {
			cli_error("messages %s: unknown option '%s' (see 'qiao messages --help')", sub, argv[optind - 1]);
			return EXIT_USAGE;
		}
		switch (c) {
		case O_DB: o->db = optarg; break;
		case O_STATE: o->state = optarg; break;
		case O_UNIT:
			if (!parse_id(optarg, &o->unit)) {
				cli_error("messages %s: bad unit id '%s'", sub, optarg);
				return EXIT_USAGE;
			}
			break;
		case O_TEXT: o->text = optarg; break;
		case O_FILE: o->file = optarg; break;
		case O_PUBLISH: o->publish = true; break;
		case O_REASON: o->reason = optarg; break;
		case O_NOTE: o->note = optarg; break;
		case O_DATE: o->date = optarg; break;
		case O_FORMAT: o->format = optarg; break;
		case O_DAYS: {
			int64_t d;
			if (!parse_id(optarg, &d) || d > 1000) {
				cli_error("messages %s: bad number of days '%s'", sub, optarg);
				return EXIT_USAGE;
			}
			o->days = (int)d;
			break;
		}
		}
	}
	int rest = argc - optind;
	if (want_id) {
		if (rest < 1) {
			cli_error("messages %s: missing message id", sub);
			return EXIT_USAGE;
		}
		if (!parse_id(argv[optind], &o->id)) {
			cli_error("messages %s: bad message id '%s'", sub, argv[optind]);
			return EXIT_USAGE;
		}
		optind++;
		rest--;
	}
	if (rest > 0) {
		cli_error("messages %s: unexpected argument '%s'", sub, argv[optind]);
		return EXIT_USAGE;
	}
	return 0;
}

/* The commands that only read open the database read-only, so they work
 * on a write-protected file (a copy, a backup). */
static struct store *open_store(const struct opts *o, bool readonly)
{
	return cli_open_store("messages", cli_db_path(o->db), readonly ? STORE_READONLY : STORE_READWRITE);
}

/* The command line acts as "cli:$USER" in the audit log. */
static struct staff_actor cli_actor(char *name, size_t n)
{
	const char *u = getenv("USER");
	snprintf(name, n, "cli:%s", u && *u ? u : "?");
	return (struct staff_actor){ 0, name, "" };
}

static void print_day(FILE *f, int64_t day)
{
	char s[11];
	msgrule_day_text(day, s);
	fputs(s, f);
}

static void print_row(const struct msg_row *m)
{
	printf("%lld\t%s\t%s\t%s\t%lld\t%s\t", (long long)m->id, m->code, m->state, m->type, (long long)m->unit_id, m->unit_name);
	print_day(stdout, msgrule_day(m->accepted_at));
	putchar('\t');
	print_day(stdout, msg_due_day(m));
	printf("\t%lld\t%s\n", (long long)m->replies, m->title);
}

static int list_all(struct store *st, const struct msg_filter *f, bool (*keep)(const struct msg_row *, void *), void *ctx,
		    void (*each)(const struct msg_row *, void *))
{
	for (int64_t off = 0;; off += 500) {
		struct msg_row *rows;
		size_t n;
		if (msg_list(st, f, off, 500, &rows, &n) != 0) {
			cli_error("messages: cannot read messages");
			return 1;
		}
		for (size_t i = 0; i < n; i++)
			if (!keep || keep(&rows[i], ctx))
				each(&rows[i], ctx);
		msg_rows_free(rows, n);
		if (n < 500)
			return 0;
	}
}

static void each_print(const struct msg_row *m, void *ctx)
{
	(void)ctx;
	print_row(m);
}

static int do_list(struct store *st, const struct opts *o)
{
	if (o->state && strcmp(o->state, "pending") != 0 && strcmp(o->state, "published") != 0 &&
	    strcmp(o->state, "rejected") != 0) {
		cli_error("messages list: unknown state '%s' (pending, published or rejected)", o->state);
		return EXIT_USAGE;
	}
	struct msg_filter f = { .state = o->state, .unit_id = o->unit };
	printf("id\tcode\tstate\ttype\tunit\tunit_name\taccepted\tdue\treplies\ttitle\n");
	return list_all(st, &f, NULL, NULL, each_print);
}

static int do_show(struct store *st, const struct opts *o)
{
	struct msg_row m;
	int f = msg_get(st, o->id, &m);
	if (f != 1) {
		cli_error("messages show: %s %lld", f == 0 ? "no message with id" : "cannot read message", (long long)o->id);
		return 1;
	}
	printf("id:        %lld\ncode:      %s\nstate:     %s\ntype:      %s\nunit:      %lld %s\n",
	       (long long)m.id, m.code, m.state, m.type, (long long)m.unit_id, m.unit_name);
	printf("sender:    %s%s\nphone:     %s\naccepted:  ", m.sender_name, m.anonymous ? " (anonymous)" : "", m.sender_phone);
	print_day(stdout, msgrule_day(m.accepted_at));
	printf("\ndue:       ");
	print_day(stdout, msg_due_day(&m));
	printf(" (%d working days)\n", m.reply_days);
	if (*m.extension_note)
		printf("extension: %s\n", m.extension_note);
	if (*m.reject_reason)
		printf("rejected:  %s\n", m.reject_reason);
	printf("title:     %s\n\n%s\n", m.title, m.body);
	struct msg_reply *rep;
	size_t n;
	if (msg_replies(st, m.id, &rep, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			printf("\n--- reply %lld from unit %lld %s on ", (long long)rep[i].id, (long long)rep[i].unit_id, rep[i].unit_name);
			print_day(stdout, msgrule_day(rep[i].created_at));
			printf("\n%s\n", rep[i].body);
		}
		msg_replies_free(rep, n);
	}
	msg_row_release(&m);
	return 0;
}

static char *read_file(const char *path)
{
	struct buf b = BUF_INIT;
	const char *why;
	enum file_status st = strcmp(path, "-") == 0 ? file_read_stream(stdin, 1u << 20, &b, &why)
						    : file_read(path, 1u << 20, &b, &why);
	if (st != FILE_OK) {
		cli_error("messages reply: cannot read %s: %s", path, why);
		return NULL;
	}
	return buf_detach(&b);
}

/* Staff text: valid UTF-8, not blank; cleaned like the public's. */
static char *staff_text(const char *sub, const char *what, const char *s)
{
	size_t n = strlen(s);
	if (!utf8_valid(s, n)) {
		cli_error("messages %s: the %s is not valid UTF-8", sub, what);
		return NULL;
	}
	char *t = msgrule_clean(s, n, true);
	if (!*t) {
		cli_error("messages %s: the %s is empty", sub, what);
		free(t);
		return NULL;
	}
	return t;
}

static int do_reply(struct store *st, const struct opts *o)
{
	if (!o->unit) {
		cli_error("messages reply: --unit ID is required");
		return EXIT_USAGE;
	}
	if (!o->text == !o->file) {
		cli_error("messages reply: give the reply with either --text or --file");
		return EXIT_USAGE;
	}
	char *raw = o->file ? read_file(o->file) : xstrdup(o->text);
	if (!raw)
		return 1;
	char *text = staff_text("reply", "reply", raw);
	free(raw);
	if (!text)
		return 1;
	char *err = NULL, who_name[64];
	struct staff_actor who = cli_actor(who_name, sizeof who_name);
	int rc = ans_save_reply(st, &who, o->id, o->unit, text, o->publish, (int64_t)time(NULL), &err);
	free(text);
	if (rc != ANS_OK) {
		cli_error("messages reply: %s", err);
		free(err);
		return 1;
	}
	printf("qiao: %s message %lld\n", o->publish ? "replied to and published" : "saved a draft reply to", (long long)o->id);
	return 0;
}

static int do_publish(struct store *st, const struct opts *o)
{
	char *err = NULL, who_name[64];
	struct staff_actor who = cli_actor(who_name, sizeof who_name);
	int64_t now = (int64_t)time(NULL);
	int rc = ans_publish(st, &who, o->id, 0, now, &err);
	if (rc == ANS_STATE && err && strstr(err, "no draft")) {
		/* No draft: publish the letter itself (answered later). */
		free(err);
		err = NULL;
		if (msg_publish(st, o->id, &err) == 0) {
			char obj[32];
			snprintf(obj, sizeof obj, "message:%lld", (long long)o->id);
			audit_add(st, &who, now, "message.publish", obj, "pending", "published");
			rc = ANS_OK;
		}
	}
	if (rc != ANS_OK) {
		cli_error("messages publish: %s", err);
		free(err);
		return 1;
	}
	printf("qiao: published message %lld\n", (long long)o->id);
	return 0;
}

static int do_reject(struct store *st, const struct opts *o)
{
	if (!o->reason) {
		cli_error("messages reject: --reason TEXT is required");
		return EXIT_USAGE;
	}
	char *reason = staff_text("reject", "reason", o->reason);
	if (!reason)
		return 1;
	char *err = NULL, who_name[64];
	struct staff_actor who = cli_actor(who_name, sizeof who_name);
	int rc = ans_reject(st, &who, o->id, 0, reason, (int64_t)time(NULL), &err);
	free(reason);
	if (rc != 0) {
		cli_error("messages reject: %s", err);
		free(err);
		return 1;
	}
	printf("qiao: rejected message %lld\n", (long long)o->id);
	return 0;
}

static int do_extend(struct store *st, const struct opts *o)
{
	if (!o->days || !o->note) {
		cli_error("messages extend: --days N and --note TEXT are required");
		return EXIT_USAGE;
	}
	char *note = staff_text("extend", "note", o->note);
	if (!note)
		return 1;
	char *err = NULL, who_name[64];
	struct staff_actor who = cli_actor(who_name, sizeof who_name);
	int rc = ans_extend(st, &who, o->id, 0, o->days, note, (int64_t)time(NULL), &err);
	free(note);
	if (rc != 0) {
		cli_error("messages extend: %s", err);
		free(err);
		return 1;
	}
	struct msg_row m;
	if (msg_get(st, o->id, &m) == 1) {
		printf("qiao: message %lld now due on ", (long long)o->id);
		print_day(stdout, msg_due_day(&m));
		putchar('\n');
		msg_row_release(&m);
	}
	return 0;
}

struct overdue_ctx {
	int64_t today;
	struct msg_row *rows;
	size_t n, cap;
};

static bool is_late(const struct msg_row *m, void *ctx)
{
	return msg_due_day(m) < ((struct overdue_ctx *)ctx)->today;
}

static void each_collect(const struct msg_row *m, void *ctx)
{
	struct overdue_ctx *c = ctx;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->rows = xrealloc(c->rows, c->cap * sizeof *c->rows);
	}
	struct msg_row *r = &c->rows[c->n++];
	*r = *m;
	/* Take copies: the caller frees its rows. */
	r->type = xstrdup(m->type);
	r->unit_name = xstrdup(m->unit_name);
	r->title = xstrdup(m->title);
	r->body = NULL;
	r->sender_name = xstrdup(m->sender_name);
	r->sender_phone = xstrdup(m->sender_phone);
	r->state = xstrdup(m->state);
	r->reject_reason = xstrdup(m->reject_reason);
	r->extension_note = xstrdup(m->extension_note);
}

static int by_unit(const void *a, const void *b)
{
	const struct msg_row *x = a, *y = b;
	if (x->unit_id != y->unit_id)
		return x->unit_id < y->unit_id ? -1 : 1;
	return x->accepted_at < y->accepted_at ? -1 : x->accepted_at > y->accepted_at;
}

/* A JSON string (RFC 8259): quotes, backslashes and control characters
 * escaped; the text is valid UTF-8 from the store. */
static void json_str(const char *s)
{
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static void overdue_json(const struct overdue_ctx *c)
{
	char d[11];
	msgrule_day_text(c->today, d);
	printf("{\"date\":\"%s\",\"overdue\":[", d);
	for (size_t i = 0; i < c->n; i++) {
		const struct msg_row *m = &c->rows[i];
		printf("%s\n{\"id\":%lld,\"code\":", i ? "," : "", (long long)m->id);
		json_str(m->code);
		printf(",\"unit_id\":%lld,\"unit\":", (long long)m->unit_id);
		json_str(m->unit_name);
		printf(",\"title\":");
		json_str(m->title);
		msgrule_day_text(msgrule_day(m->accepted_at), d);
		printf(",\"accepted\":\"%s\"", d);
		msgrule_day_text(msg_due_day(m), d);
		printf(",\"due\":\"%s\",\"days_late\":%lld,\"working_days_late\":%d}", d,
		       (long long)(c->today - msg_due_day(m)), workcal_between(store_calendar(), msg_due_day(m), c->today));
	}
	printf("\n]}\n");
}

static int do_overdue(struct store *st, const struct opts *o)
{
	bool json = false;
	if (o->format && strcmp(o->format, "json") == 0)
		json = true;
	else if (o->format && strcmp(o->format, "text") != 0) {
		cli_error("messages overdue: unknown format '%s' (text or json)", o->format);
		return EXIT_USAGE;
	}
	struct overdue_ctx c = { .today = msgrule_day((int64_t)time(NULL)) };
	if (o->date && !msgrule_day_parse(o->date, &c.today)) {
		cli_error("messages overdue: bad date '%s' (YYYY-MM-DD)", o->date);
		return EXIT_USAGE;
	}
	struct msg_filter f = { .unreplied = true };
	if (list_all(st, &f, is_late, &c, each_collect) != 0) {
		msg_rows_free(c.rows, c.n);
		return 1;
	}
	if (c.n)
		qsort(c.rows, c.n, sizeof *c.rows, by_unit);
	if (json) {
		overdue_json(&c);
		msg_rows_free(c.rows, c.n);
		return 0;
	}
	for (size_t i = 0; i < c.n; i++) {
		const struct msg_row *m = &c.rows[i];
		if (i == 0 || m->unit_id != c.rows[i - 1].unit_id) {
			size_t k = i;
			while (k < c.n && c.rows[k].unit_id == m->unit_id)
				k++;
			printf("%s%s (unit %lld): %zu overdue\n", i ? "\n" : "", m->unit_name, (long long)m->unit_id, k - i);
		}
		printf("  %lld\t%s\tdue ", (long long)m->id, m->code);
		print_day(stdout, msg_due_day(m));
		printf("\t%lld days late\t%s\n", (long long)(c.today - msg_due_day(m)), m->title);
	}
	if (c.n == 0)
		printf("qiao: no overdue messages\n");
	msg_rows_free(c.rows, c.n);
	return 0;
}

struct sub {
	const char *name;
	int (*run)(struct store *, const struct opts *);
	const char *options; /* allowed O_ codes as '0' + code */
	bool id;
};

int cmd_messages(int argc, char **argv)
{
	static const char list_opts[] = { '0' + O_STATE, '0' + O_UNIT, 0 };
	static const char reply_opts[] = { '0' + O_UNIT, '0' + O_TEXT, '0' + O_FILE, '0' + O_PUBLISH, 0 };
	static const char reject_opts[] = { '0' + O_REASON, 0 };
	static const char extend_opts[] = { '0' + O_DAYS, '0' + O_NOTE, 0 };
	static const char overdue_opts[] = { '0' + O_DATE, '0' + O_FORMAT, 0 };
	static const struct sub subs[] = {
		{ "list", do_list, list_opts, false },
		{ "show", do_show, "", true },
		{ "reply", do_reply, reply_opts, true },
		{ "publish", do_publish, "", true },
		{ "reject", do_reject, reject_opts, true },
		{ "extend", do_extend, extend_opts, true },
		{ "overdue", do_overdue, overdue_opts, false },
	};
	int done;
	const char *name = cli_subcommand(argc, argv, usage_text, &done);
	if (!name)
		return done;
	for (size_t i = 0; i < ARRAY_LEN(subs); i++) {
		if (strcmp(name, subs[i].name) != 0)
			continue;
		struct opts o;
		int rc = parse(name, argc - 1, argv + 1, subs[i].options, subs[i].id, &o);
		if (rc < 0)
			return 0;
		if (rc != 0)
			return rc;
		bool ro = subs[i].run == do_list || subs[i].run == do_show || subs[i].run == do_overdue;
		struct store *st = open_store(&o, ro);
		if (!st)
			return 1;
		rc = subs[i].run(st, &o);
		store_close(st);
		return rc;
	}
	if (name[0] == '-')
		cli_error("messages: missing command before '%s' (list, show, reply, publish, reject, extend"
			  " or overdue; see 'qiao messages --help')", name);
	else
		cli_error("messages: unknown command '%s' (see 'qiao messages --help')", name);
	return EXIT_USAGE;
}
