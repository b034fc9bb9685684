/* units.c - the demo's units and service items, written through
 * svc_put_unit / svc_put_item.
 *
 * Units: every region gets one unit of each department type of
 * departments.tsv that exists at its level (province, city, district =
 * a county-level region named …区, county), named by the type's pattern.
 *
 * Items: each service of services.tsv is offered once by every unit of
 * its department type at the levels it lists; a county-level region whose
 * type has no unit of its own is served by the city's unit, which then
 * offers the service once for the whole city (e.g. 出入境 in a district).
 * No item is a variant copy of another: the count is services × the
 * units that really offer them (see db/demo/README.md, "Scale").
 *
 * Scale N (the load-test catalogue, demo_fill_scaled): after the real
 * units, N-1 further copies of the whole unit list, each unit's copy c
 * named "<name>（第c办事点）" in the same region; they offer the same
 * services, so the catalogue has exactly N times the items and every
 * service name N times as many offering units.  unit_of keeps copy 1. */
#include "demo/demo_int.h"
#include "store/services.h"

/* The name form index (0 province, 1 city, 2 district, 3 county). */
static int form_of(const struct region *r)
{
	return r->level == 1 ? 0 : r->level == 2 ? 1 : r->district ? 2 : 3;
}

/* Expand {city} {region} {short} of a departments.tsv pattern. */
static char *unit_name(const struct demo *d, const char *form, int rid)
{
	const struct region *r = &d->reg[rid];
	const char *city = r->level == 3 ? d->reg[r->parent].name : r->name;
	struct buf b = BUF_INIT;
	for (const char *p = form; *p;) {
		if (strncmp(p, "{city}", 6) == 0) {
			buf_adds(&b, city);
			p += 6;
		} else if (strncmp(p, "{region}", 8) == 0) {
			buf_adds(&b, r->name);
			p += 8;
		} else if (strncmp(p, "{short}", 7) == 0) {
			buf_adds(&b, r->short_name ? r->short_name : r->name);
			p += 7;
		} else {
			buf_addc(&b, *p++);
		}
	}
	return buf_detach(&b);
}

int dm_serving_unit(const struct demo *d, int rid, int t)
{
	int u = d->unit_of[rid * d->n_dtypes + t];
	if (u < 0 && d->reg[rid].level == 3)
		u = d->unit_of[d->reg[rid].parent * d->n_dtypes + t];
	return u;
}

static void unit_contacts(struct demo *d, struct unit *u, const struct region *r)
{
	int rid = (int)(r - d->reg);
	int city = r->level == 1 ? 2 : r->level == 2 ? rid : r->parent;
	const char *area = area_codes[city - 2];
	if (strcmp(area, "0731") == 0)
		u->phone = xasprintf("%s-8%07d", area, dm_rnd(d, 10000000));
	else
		u->phone = xasprintf("%s-%d%06d", area, dm_rnd_in(d, 2, 8), dm_rnd(d, 1000000));
	const char *road = PICK(d, roads);
	int no = dm_rnd_in(d, 1, 699);
	const char *rn = r->name;
	size_t rl = strlen(rn);
	if (r->level == 1)
		u->address = xasprintf("%s%s%d号", d->reg[2].name, road, no);
	else if (r->level == 2 || (rl >= 3 && strcmp(rn + rl - 3, "市") == 0))
		u->address = xasprintf("%s%s%d号", rn, road, no);
	else
		u->address = xasprintf("%s%s%s%d号", d->reg[r->parent].name, rn, road, no);
}

/* Copies 2..scale of the units written so far (see the top). */
static int unit_copies(struct demo *d)
{
	int base = d->n_units;
	for (int c = 2; c <= d->scale; c++) {
		for (int i = 0; i < base; i++) {
			const struct unit *o = &d->units[i];
			const struct region *r = &d->reg[o->region];
			struct unit *u = &d->units[d->n_units];
			u->region = o->region;
			u->dtype = o->dtype;
			u->name = xasprintf("%s（第%d办事点）", o->name, c);
			unit_contacts(d, u, r);
			d->n_units++;
			struct svc_unit_rec rec = {
				.id = d->n_units, .region_id = o->region, .sort = 1000 * c + o->dtype,
				.name = u->name, .phone = u->phone, .address = u->address,
			};
			bool existed;
			if (svc_put_unit(d->st, &rec, &existed) != 0)
				return dm_sql_error(d, "units");
			dm_progress_tick(d, d->n_units);
		}
	}
	return 0;
}

int demo_units(struct demo *d)
{
	int nt = d->n_dtypes;
	d->units = xcalloc((size_t)N_REGIONS * (size_t)nt * (size_t)d->scale, sizeof *d->units);
	d->unit_of = xcalloc((size_t)((N_REGIONS + 1) * nt), sizeof *d->unit_of);
	for (int i = 0; i < (N_REGIONS + 1) * nt; i++)
		d->unit_of[i] = -1;
	dm_progress_stage(d, "units", (long)N_REGIONS * nt * d->scale);

	for (int rid = 1; rid <= N_REGIONS; rid++) {
		const struct region *r = &d->reg[rid];
		int form = form_of(r), sort = 0;
		for (int t = 0; t < nt; t++) {
			const char *pattern = d->dtypes[t].form[form];
			if (!pattern)
				continue;
			struct unit *u = &d->units[d->n_units];
			u->region = rid;
			u->dtype = t;
			u->name = unit_name(d, pattern, rid);
			unit_contacts(d, u, r);
			d->unit_of[rid * nt + t] = d->n_units;
			d->n_units++;
			struct svc_unit_rec rec = {
				.id = d->n_units, .region_id = rid, .sort = sort++,
				.name = u->name, .phone = u->phone, .address = u->address,
			};
			bool existed;
			if (svc_put_unit(d->st, &rec, &existed) != 0)
				return dm_sql_error(d, "units");
			dm_progress_tick(d, d->n_units);
		}
	}
	return unit_copies(d);
}

/* --- items ------------------------------------------------------------ */

/* Does unit u offer service s?  At its own level when listed; a city's
 * unit also for the county level when some county-level region of the
 * city has no unit of that type (it is then served from the city). */
static bool offers(const struct demo *d, const struct unit *u, const struct service *s)
{
	const struct region *r = &d->reg[u->region];
	if (u->dtype != s->dtype)
		return false;
	if (s->at[r->level])
		return true;
	if (r->level != 2 || !s->at[3])
		return false;
	for (int c = 16; c <= N_REGIONS; c++)
		if (d->reg[c].parent == u->region && d->unit_of[c * d->n_dtypes + u->dtype] < 0)
			return true;
	return false;
}

static const char *kind_code(const char *kind)
{
	static const char *const k[][2] = {
		{ "行政许可", "XK" }, { "行政确认", "QR" }, { "行政给付", "JF" }, { "公共服务", "GG" },
	};
	for (size_t i = 0; i < ARRAY_LEN(k); i++)
		if (strcmp(kind, k[i][0]) == 0)
			return k[i][1];
	return "QT";
}

/* A '|' list as numbered lines "1. a\n2. b". */
static void numbered(struct buf *b, const char *list)
{
	buf_reset(b);
	int n = 1;
	buf_adds(b, "1. ");
	for (const char *p = list; *p; p++) {
		if (*p == '|')
			buf_addf(b, "\n%d. ", ++n);
		else
			buf_addc(b, *p);
	}
}

struct item_bufs {
	struct buf code, basis, cond, mat, proc, limit, place, url;
};

static int put_item(struct demo *d, struct item_bufs *ib, const struct unit *u, int ui, int id,
		    const struct service *s)
{
	const struct region *r = &d->reg[u->region];
	buf_reset(&ib->code);
	buf_addf(&ib->code, "%s-%s-%06d", r->code, kind_code(s->kind), id);
	buf_reset(&ib->basis);
	for (const char *p = s->basis; *p; p++) {
		if (*p == '|')
			buf_adds(&ib->basis, "；");
		else
			buf_addc(&ib->basis, *p);
	}
	numbered(&ib->cond, s->cond);
	numbered(&ib->mat, s->mat);
	buf_reset(&ib->proc);
	buf_addf(&ib->proc, "1. 申请：%s\n2. 受理：材料齐全、符合法定形式的予以受理\n3. 审核：%s审核\n4. 办结：作出决定，送达结果",
		 s->channel, u->name);
	buf_reset(&ib->limit);
	buf_addf(&ib->limit, "法定办结时限：%s；承诺办结时限：%s", s->statutory, s->promised);
	buf_reset(&ib->place);
	buf_addf(&ib->place, "%s（%s政务服务中心%d号窗口）", u->address, r->name, dm_rnd_in(d, 1, 60));
	buf_reset(&ib->url);
	buf_addf(&ib->url, "https://zwfw.hunan.gov.cn/item/%s", ib->code.data);

	struct svc_item_rec rec = { .code = buf_cstr(&ib->code), .unit_id = ui + 1, .set_topics = true };
	rec.field[SVC_F_NAME] = s->name;
	rec.field[SVC_F_KIND] = s->kind;
	rec.field[SVC_F_LEGAL_BASIS] = buf_cstr(&ib->basis);
	rec.field[SVC_F_CONDITIONS] = buf_cstr(&ib->cond);
	rec.field[SVC_F_MATERIALS] = buf_cstr(&ib->mat);
	rec.field[SVC_F_PROCEDURE] = buf_cstr(&ib->proc);
	rec.field[SVC_F_TIME_LIMIT] = buf_cstr(&ib->limit);
	rec.field[SVC_F_FEES] = s->fee;
	rec.field[SVC_F_PLACE] = buf_cstr(&ib->place);
	rec.field[SVC_F_PHONE] = u->phone;
	rec.field[SVC_F_ONLINE_URL] = buf_cstr(&ib->url);
	rec.field[SVC_F_AUDIENCE] = s->audience;
	rec.updated_at = DEMO_EPOCH - dm_rnd(d, 540) * DAY - dm_rnd(d, (int)DAY);
	int64_t topic = s->topic_id;
	rec.topics = &topic;
	rec.ntopics = 1;
	int64_t got;
	bool existed;
	if (svc_put_item(d->st, &rec, false, &got, &existed) != 0)
		return dm_sql_error(d, "items");
	if (existed || got != id) {
		*d->err = xasprintf("demo: item %s written as id %lld", rec.code, (long long)got);
		return -1;
	}
	return 0;
}

int demo_items(struct demo *d)
{
	long total = 0;
	for (int ui = 0; ui < d->n_units; ui++)
		for (int k = 0; k < d->n_svcs; k++)
			total += offers(d, &d->units[ui], &d->svcs[k]);
	dm_progress_stage(d, "items", total);
	struct item_bufs ib;
	memset(&ib, 0, sizeof ib);
	int id = 0, rc = 0;
	for (int ui = 0; ui < d->n_units && rc == 0; ui++) {
		const struct unit *u = &d->units[ui];
		for (int k = 0; k < d->n_svcs && rc == 0; k++) {
			if (!offers(d, u, &d->svcs[k]))
				continue;
			rc = put_item(d, &ib, u, ui, ++id, &d->svcs[k]);
			dm_progress_tick(d, id);
		}
	}
	buf_release(&ib.code); buf_release(&ib.basis); buf_release(&ib.cond);
	buf_release(&ib.mat); buf_release(&ib.proc); buf_release(&ib.limit);
	buf_release(&ib.place); buf_release(&ib.url);
	return rc;
}
