/* messages.c - the demo's citizens' messages and replies, written
 * through msg_insert / msg_insert_reply. */
#include "core/utf8.h"
#include "demo/demo_int.h"
#include "store/messages.h"

/* ------------------------------------------------------------------ */
/* Messages and replies                                                 */
/* ------------------------------------------------------------------ */

/* The unit for a scenario: its department in the region, else in the
 * parent city, else any unit of the region.  Returns a unit index. */
static int scenario_unit(struct demo *d, const char *dept, int rid)
{
	for (int pass = 0; pass < 2; pass++) {
		int first = d->reg_first[rid], n = d->reg_count[rid];
		for (int i = first; i < first + n; i++)
			if (depts[d->units[i].dept].city && strcmp(depts[d->units[i].dept].city, dept) == 0)
				return i;
		if (d->reg[rid].level != 3)
			break;
		rid = d->reg[rid].parent;
	}
	return d->reg_first[rid] + dm_rnd(d, d->reg_count[rid]);
}

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

/* A reply of 80 characters or more from the middle phrases. */
static void make_reply(struct demo *d, struct buf *reply, struct buf *tmp)
{
	buf_reset(reply);
	buf_adds(reply, "您好！您反映的问题已收悉。");
	int used = -1;
	while (utf8_count(reply->data, reply->len) < 80) {
		int k = dm_rnd(d, (int)ARRAY_LEN(reply_middles));
		if (k == used)
			continue;
		used = k;
		buf_reset(tmp);
		dm_expand(d, tmp, reply_middles[k], 0);
		buf_add(reply, tmp->data, tmp->len);
	}
	buf_adds(reply, "感谢您的关注。");
}

/* The texts of one message, reused from one message to the next. */
struct msg_bufs {
	struct buf title, body, name, reply, tmp;
};

/* One message (and its reply when it has one). */
static int put_message(struct demo *d, struct msg_bufs *mb, const char *code)
{
	const struct scenario *sc = &scenarios[dm_rnd(d, (int)ARRAY_LEN(scenarios))];
	int rid = dm_rnd_in(d, 16, N_REGIONS);
	int ui = scenario_unit(d, sc->dept, rid);
	d->county = d->reg[rid].name;

	int64_t created = DEMO_EPOCH - dm_rnd(d, 120) * DAY - dm_rnd(d, (int)DAY);
	int roll = dm_rnd(d, 100);
	bool replied = roll < 80 && dm_chance(d, 90);
	int64_t delay = 0;
	if (replied) {
		/* keep the reply before the epoch */
		delay = dm_rnd_in(d, 1, 10) * DAY + dm_rnd(d, 8 * 3600);
		created = DEMO_EPOCH - delay - dm_rnd(d, (int)(120 * DAY - delay));
	}
	dm_set_date(d, created);

	buf_reset(&mb->title);
	dm_expand(d, &mb->title, sc->title, 0);
	buf_reset(&mb->body);
	dm_expand(d, &mb->body, sc->body, 0);
	if (dm_chance(d, 50))
		buf_adds(&mb->body, "希望相关部门尽快给予答复，谢谢！");
	buf_reset(&mb->name);
	dm_add_person(d, &mb->name);
	char phone[16];
	snprintf(phone, sizeof phone, "%s%08d", PICK(d, phone_prefixes), dm_rnd(d, 100000000));
	bool anonymous = dm_chance(d, 10);
	const char *why = roll >= 92 ? PICK(d, reject_reasons) : "";

	struct msg_record rec = {
		.code = code, .type = msgrule_types[sc->type], .unit_id = ui + 1,
		.title = buf_cstr(&mb->title), .body = buf_cstr(&mb->body), .name = buf_cstr(&mb->name),
		.phone = phone, .anonymous = anonymous, .reject_reason = why, .created_at = created,
		.state = roll < 80 ? "published" : roll < 92 ? "pending" : "rejected",
	};
	if (msg_insert(d->st, &rec) != SQLITE_DONE)
		return dm_sql_error(d, "messages");
	if (!replied)
		return 0;
	make_reply(d, &mb->reply, &mb->tmp);
	int64_t id = sqlite3_last_insert_rowid(store_db(d->st));
	if (msg_insert_reply(d->st, id, ui + 1, buf_cstr(&mb->reply), created + delay) != 0)
		return dm_sql_error(d, "replies");
	return 0;
}

int demo_messages(struct demo *d)
{
	dm_progress_stage(d, "messages", N_MESSAGES);
	char (*codes)[9] = xcalloc(N_MESSAGES, sizeof *codes);
	struct msg_bufs mb = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	int rc = 0;
	for (int m = 0; m < N_MESSAGES && rc == 0; m++) {
		unique_code(d, codes, m);
		rc = put_message(d, &mb, codes[m]);
		dm_progress_tick(d, m + 1);
	}
	d->county = NULL;
	buf_release(&mb.title); buf_release(&mb.body); buf_release(&mb.name);
	buf_release(&mb.reply); buf_release(&mb.tmp);
	free(codes);
	return rc;
}
