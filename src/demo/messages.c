/* messages.c - the demo's citizens' messages and replies, written
 * through msg_insert / msg_insert_reply.  Each is a letter of
 * db/demo/messages.tsv sent to its department type's unit in a region
 * (the city's when the region has none), {place} being that unit's
 * region in title, body and reply alike; the reply is the letter's own. */
#include "demo/demo_int.h"
#include "store/messages.h"

/* ------------------------------------------------------------------ */
/* Messages and replies                                                 */
/* ------------------------------------------------------------------ */

/* A query code no earlier message has (codes[0..m) are taken). */
static void unique_code(struct demo *d, char (*codes)[9], int m)
{
	for (bool dup = true; dup;) {
		for (int i = 0; i < 8; i++)
			codes[m][i] = MSGRULE_ALPHABET[dm_rnd(d, (int)sizeof MSGRULE_ALPHABET - 1)];
		codes[m][8] = '\0';
		dup = false;
		for (int j = 0; j < m && !dup; j++)
			dup = memcmp(codes[j], codes[m], 8) == 0;
	}
}

/* Copy t with every {place} replaced by place. */
static void put_place(struct buf *b, const char *t, const char *place)
{
	buf_reset(b);
	for (const char *p; (p = strstr(t, "{place}")); t = p + 7) {
		buf_add(b, t, (size_t)(p - t));
		buf_adds(b, place);
	}
	buf_adds(b, t);
}

/* The texts of one message, reused from one message to the next. */
struct msg_bufs {
	struct buf title, body, name, reply;
};

struct letters {
	int type, dept, title, body, reply;
};

/* One message (and its reply when it has one) from letter row li. */
static int put_message(struct demo *d, struct msg_bufs *mb, const struct letters *c, size_t li,
		       const char *code)
{
	const struct tsv *t = &d->f_msg;
	const char *type = tsv_get(t, li, c->type), *dept = tsv_get(t, li, c->dept);
	int dt = -1;
	for (int k = 0; k < d->n_dtypes && dt < 0; k++)
		if (strcmp(d->dtypes[k].key, dept) == 0)
			dt = k;
	if (dt < 0 || !msgrule_type_valid(type)) {
		*d->err = xasprintf("demo: messages.tsv: %s: unknown dept or type", tsv_get(t, li, c->title));
		return -1;
	}
	/* a county-level region mostly, a city now and then */
	int rid = dm_chance(d, 80) ? dm_rnd_in(d, 16, N_REGIONS) : dm_rnd_in(d, 2, 15);
	int ui = dm_serving_unit(d, rid, dt);
	if (ui < 0) {
		*d->err = xasprintf("demo: no unit of %s for %s", dept, d->reg[rid].name);
		return -1;
	}
	const char *place = d->reg[d->units[ui].region].name;

	int64_t created = DEMO_EPOCH - dm_rnd(d, 120) * DAY - dm_rnd(d, (int)DAY);
	int roll = dm_rnd(d, 100);
	bool replied = roll < 80 && dm_chance(d, 90);
	int64_t delay = 0;
	if (replied) {
		/* keep the reply before the epoch */
		delay = dm_rnd_in(d, 1, 10) * DAY + dm_rnd(d, 8 * 3600);
		created = DEMO_EPOCH - delay - dm_rnd(d, (int)(120 * DAY - delay));
	}
	put_place(&mb->title, tsv_get(t, li, c->title), place);
	put_place(&mb->body, tsv_get(t, li, c->body), place);
	buf_reset(&mb->name);
	dm_add_person(d, &mb->name);
	char phone[16];
	snprintf(phone, sizeof phone, "%s%08d", PICK(d, phone_prefixes), dm_rnd(d, 100000000));
	bool anonymous = dm_chance(d, 10);
	const char *why = roll >= 92 ? PICK(d, reject_reasons) : "";

	struct msg_record rec = {
		.code = code, .type = type, .unit_id = ui + 1,
		.title = buf_cstr(&mb->title), .body = buf_cstr(&mb->body), .name = buf_cstr(&mb->name),
		.phone = phone, .anonymous = anonymous, .reject_reason = why, .created_at = created,
		.state = roll < 80 ? "published" : roll < 92 ? "pending" : "rejected",
	};
	if (msg_insert(d->st, &rec) != SQLITE_DONE)
		return dm_sql_error(d, "messages");
	if (!replied)
		return 0;
	put_place(&mb->reply, tsv_get(t, li, c->reply), place);
	int64_t id = sqlite3_last_insert_rowid(store_db(d->st));
	if (msg_insert_reply(d->st, id, ui + 1, buf_cstr(&mb->reply), created + delay) != 0)
		return dm_sql_error(d, "replies");
	return 0;
}

int demo_messages(struct demo *d)
{
	dm_progress_stage(d, "messages", N_MESSAGES);
	char (*codes)[9] = xcalloc(N_MESSAGES, sizeof *codes);
	struct msg_bufs mb = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct letters c;
	if ((c.type = tsv_col(&d->f_msg, "type", d->err)) < 0 || (c.dept = tsv_col(&d->f_msg, "dept", d->err)) < 0 ||
	    (c.title = tsv_col(&d->f_msg, "title", d->err)) < 0 || (c.body = tsv_col(&d->f_msg, "body", d->err)) < 0 ||
	    (c.reply = tsv_col(&d->f_msg, "reply", d->err)) < 0) {
		free(codes);
		return -1;
	}
	/* every letter in turn, each round in a new order */
	int nl = (int)d->f_msg.nrows;
	int *order = xcalloc((size_t)nl, sizeof *order);
	int rc = 0;
	for (int m = 0; m < N_MESSAGES && rc == 0; m++) {
		if (m % nl == 0) {
			for (int i = 0; i < nl; i++)
				order[i] = i;
			dm_shuffle_ints(d, order, nl);
		}
		unique_code(d, codes, m);
		rc = put_message(d, &mb, &c, (size_t)order[m % nl], codes[m]);
		dm_progress_tick(d, m + 1);
	}
	free(order);
	buf_release(&mb.title); buf_release(&mb.body); buf_release(&mb.name);
	buf_release(&mb.reply);
	free(codes);
	return rc;
}
