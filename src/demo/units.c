/* units.c - the demo's units (departments in every region) and their
 * service items, written through svc_put_unit / svc_put_item. */
#include "demo/demo_int.h"
#include "store/services.h"

/* Chinese numeral for 1..99 (article numbers in laws). */
static void add_cn_number(struct buf *b, int n)
{
	static const char *const dg[] = { "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
	if (n >= 20)
		buf_adds(b, dg[n / 10]);
	if (n >= 10)
		buf_adds(b, "十");
	if (n % 10 || n < 10)
		buf_adds(b, dg[n % 10]);
}


/* ------------------------------------------------------------------ */
/* Units                                                                */
/* ------------------------------------------------------------------ */

static const char *dept_form(int dept, int level)
{
	const struct dept *p = &depts[dept];
	if (level == 1)
		return p->prov;
	if (level == 2 || (p->county && !*p->county))
		return p->city;
	return p->county;
}

/* The department name: the region name goes where "%s" is, else first. */
static char *unit_name(const char *form, const char *region)
{
	struct buf b = BUF_INIT;
	const char *at = strstr(form, "%s");
	if (at) {
		buf_add(&b, form, (size_t)(at - form));
		buf_adds(&b, region);
		buf_adds(&b, at + 2);
	} else {
		buf_adds(&b, region);
		buf_adds(&b, form);
	}
	return buf_detach(&b);
}

/* Choose `need` departments for a region: core ones first, then others
 * at random; sorted back into table order. */
static int choose_depts(struct demo *d, int level, int need, int *out)
{
	int cand[N_DEPTS], nc = 0, n = 0;
	for (int i = 0; i < (int)N_DEPTS; i++) {
		if (!dept_form(i, level))
			continue;
		if (depts[i].core)
			out[n++] = i;
		else
			cand[nc++] = i;
	}
	dm_shuffle_ints(d, cand, nc);
	for (int i = 0; n < need && i < nc; i++)
		out[n++] = cand[i];
	if (n < need)
		return -1;
	n = need; /* more core departments than needed: keep the first */
	for (int i = 1; i < n; i++) /* insertion sort */
		for (int j = i; j > 0 && out[j - 1] > out[j]; j--) {
			int t = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return n;
}

int demo_units(struct demo *d)
{
	int total = UNITS_PROV + 14 * UNITS_CITY + UNITS_COUNTY_TOTAL;
	d->units = xcalloc((size_t)total, sizeof *d->units);
	dm_progress_stage(d, "units", total);

	/* Which counties get one unit more than the others. */
	int order[N_REGIONS - 15], n_c = N_REGIONS - 15;
	for (int i = 0; i < n_c; i++)
		order[i] = i;
	dm_shuffle_ints(d, order, n_c);
	int base = UNITS_COUNTY_TOTAL / n_c, extra = UNITS_COUNTY_TOTAL % n_c;
	bool more[N_REGIONS - 15] = { false };
	for (int i = 0; i < extra; i++)
		more[order[i]] = true;

	for (int rid = 1; rid <= N_REGIONS; rid++) {
		const struct region *r = &d->reg[rid];
		int need = r->level == 1 ? UNITS_PROV : r->level == 2 ? UNITS_CITY : base + more[rid - 16];
		int chosen[N_DEPTS];
		if (choose_depts(d, r->level, need, chosen) != need) {
			*d->err = xasprintf("demo: too few department types for %s", r->name);
			return -1;
		}
		int city = r->level == 1 ? 2 : r->level == 2 ? rid : r->parent;
		const char *area = area_codes[city - 2];
		d->reg_first[rid] = d->n_units;
		d->reg_count[rid] = need;
		for (int k = 0; k < need; k++) {
			struct unit *u = &d->units[d->n_units];
			u->region = rid;
			u->dept = chosen[k];
			u->name = unit_name(dept_form(chosen[k], r->level), r->name);
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
			d->n_units++;

			struct svc_unit_rec rec = {
				.id = d->n_units, .region_id = rid, .sort = k,
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

/* ------------------------------------------------------------------ */
/* Items                                                                */
/* ------------------------------------------------------------------ */

/* Share `total` items among units [first, first+n): by department weight
 * with some noise, at least one each, never more than the names allow. */
static void share_items(struct demo *d, int first, int n, int total, int *count)
{
	int64_t *w = xcalloc((size_t)n, sizeof *w), sum = 0;
	for (int i = 0; i < n; i++) {
		w[i] = (int64_t)depts[d->units[first + i].dept].weight * dm_rnd_in(d, 700, 1300);
		sum += w[i];
	}
	int have = 0;
	for (int i = 0; i < n; i++) {
		int cap = (int)(d->dept[d->units[first + i].dept].items.n * ARRAY_LEN(variants));
		int c = (int)(w[i] * total / sum);
		count[i] = c < 1 ? 1 : c > cap ? cap : c;
		have += count[i];
	}
	while (have != total) {
		int i = dm_rnd(d, n);
		int cap = (int)(d->dept[d->units[first + i].dept].items.n * ARRAY_LEN(variants));
		if (have < total && count[i] < cap) {
			count[i]++;
			have++;
		} else if (have > total && count[i] > 1) {
			count[i]--;
			have--;
		}
	}
	free(w);
}

struct item_bufs {
	struct buf name, code, basis, cond, mat, proc, limit, place, url;
};

static void make_item(struct demo *d, struct item_bufs *ib, const struct unit *u, int id, int name_idx, int variant)
{
	const struct dept_rt *r = &d->dept[u->dept];
	const char *base = r->items.v[name_idx];
	int kind = r->kind[name_idx];

	buf_reset(&ib->name);
	buf_adds(&ib->name, base);
	buf_adds(&ib->name, variants[variant]);

	buf_reset(&ib->code);
	buf_addf(&ib->code, "%s-%s-%06d", d->reg[u->region].code, kind_codes[kind], id);

	buf_reset(&ib->basis);
	buf_addf(&ib->basis, "《%s》第", dm_list_pick(d, &r->laws));
	add_cn_number(&ib->basis, dm_rnd_in(d, 2, 68));
	buf_adds(&ib->basis, "条：");
	buf_adds(&ib->basis, PICK(d, legal_clauses));
	if (dm_chance(d, 40)) {
		buf_addf(&ib->basis, "另见《%s》第", dm_list_pick(d, &r->laws));
		add_cn_number(&ib->basis, dm_rnd_in(d, 2, 45));
		buf_adds(&ib->basis, "条。");
	}

	int idx[ARRAY_LEN(materials)];
	int nc = dm_rnd_in(d, 2, 4);
	for (int i = 0; i < (int)ARRAY_LEN(conditions); i++)
		idx[i] = i;
	dm_shuffle_ints(d, idx, (int)ARRAY_LEN(conditions));
	buf_reset(&ib->cond);
	buf_adds(&ib->cond, "申请人应当符合以下条件：");
	for (int i = 0; i < nc; i++)
		buf_addf(&ib->cond, "%d. %s%s", i + 1, conditions[idx[i]], i + 1 < nc ? "；" : "。");

	int nm = dm_rnd_in(d, 3, 6);
	for (int i = 0; i < (int)ARRAY_LEN(materials); i++)
		idx[i] = i;
	dm_shuffle_ints(d, idx, (int)ARRAY_LEN(materials));
	buf_reset(&ib->mat);
	buf_adds(&ib->mat, "1. 申请表原件1份");
	for (int i = 1; i < nm; i++)
		buf_addf(&ib->mat, "\n%d. %s", i + 1, materials[idx[i]]);

	buf_reset(&ib->proc);
	buf_addf(&ib->proc, PICK(d, procedures), dm_rnd_in(d, 2, 15), dm_rnd_in(d, 1, 5));

	buf_reset(&ib->limit);
	if ((kind == K_SERVICE || kind == K_CONFIRM) && dm_chance(d, 30)) {
		buf_adds(&ib->limit, "即办件，材料齐全的当场办结");
	} else {
		static const int legal[] = { 5, 10, 15, 20, 20, 30, 45, 60 };
		int l = PICK(d, legal);
		int p = l * dm_rnd_in(d, 10, 60) / 100;
		buf_addf(&ib->limit, "法定%d个工作日，承诺%d个工作日", l, p < 1 ? 1 : p);
	}

	buf_reset(&ib->place);
	buf_addf(&ib->place, "%s（%s政务服务中心%d号窗口）", u->address, d->reg[u->region].name, dm_rnd_in(d, 1, 60));

	buf_reset(&ib->url);
	buf_addf(&ib->url, "https://zwfw.hunan.gov.cn/item/%s", ib->code.data);
}

/* Write one item made by make_item: its remaining fields drawn here, in
 * the generator's order, and its topics from the name's topic set.  The
 * search index is rebuilt once after the demo (svc_reindex_all). */
static int put_item(struct demo *d, const struct item_bufs *ib, const struct unit *u, int ui, int id, int name_idx)
{
	const struct dept_rt *r = &d->dept[u->dept];
	struct svc_item_rec rec = { .code = buf_cstr(&ib->code), .unit_id = ui + 1, .set_topics = true };
	rec.field[SVC_F_NAME] = buf_cstr(&ib->name);
	rec.field[SVC_F_KIND] = kind_names[r->kind[name_idx]];
	rec.field[SVC_F_LEGAL_BASIS] = buf_cstr(&ib->basis);
	rec.field[SVC_F_CONDITIONS] = buf_cstr(&ib->cond);
	rec.field[SVC_F_MATERIALS] = buf_cstr(&ib->mat);
	rec.field[SVC_F_PROCEDURE] = buf_cstr(&ib->proc);
	rec.field[SVC_F_TIME_LIMIT] = buf_cstr(&ib->limit);
	rec.field[SVC_F_FEES] = dm_chance(d, 85) ? "不收费" : PICK(d, fees);
	rec.field[SVC_F_PLACE] = buf_cstr(&ib->place);
	rec.field[SVC_F_PHONE] = u->phone;
	rec.field[SVC_F_ONLINE_URL] = buf_cstr(&ib->url);
	rec.updated_at = DEMO_EPOCH - dm_rnd(d, 540) * DAY - dm_rnd(d, (int)DAY);
	int64_t topics[N_TOPICS];
	for (int t = 1; t <= N_TOPICS; t++)
		if (r->topics[name_idx] & (1u << t))
			topics[rec.ntopics++] = t;
	rec.topics = topics;
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
	int *count = xcalloc((size_t)d->n_units, sizeof *count);
	int prov_n = d->reg_count[1];
	int city_first = d->reg_first[2], city_n = d->reg_first[16] - city_first;
	int county_first = d->reg_first[16], county_n = d->n_units - county_first;
	share_items(d, 0, prov_n, ITEMS_PROV, count);
	share_items(d, city_first, city_n, ITEMS_CITY, count + city_first);
	share_items(d, county_first, county_n, ITEMS_COUNTY, count + county_first);

	const long total = ITEMS_PROV + ITEMS_CITY + ITEMS_COUNTY;
	dm_progress_stage(d, "items", total);
	struct item_bufs ib;
	memset(&ib, 0, sizeof ib);
	int id = 0, rc = 0;
	int perm[64];
	for (int ui = 0; ui < d->n_units && rc == 0; ui++) {
		const struct unit *u = &d->units[ui];
		const struct dept_rt *r = &d->dept[u->dept];
		int n = (int)r->items.n;
		if (n > (int)ARRAY_LEN(perm))
			n = (int)ARRAY_LEN(perm);
		for (int i = 0; i < n; i++)
			perm[i] = i;
		dm_shuffle_ints(d, perm, n);
		for (int k = 0; k < count[ui] && rc == 0; k++) {
			int name_idx = perm[k % n];
			make_item(d, &ib, u, ++id, name_idx, k / n);
			rc = put_item(d, &ib, u, ui, id, name_idx);
			dm_progress_tick(d, id);
		}
	}
	buf_release(&ib.name); buf_release(&ib.code); buf_release(&ib.basis);
	buf_release(&ib.cond); buf_release(&ib.mat); buf_release(&ib.proc);
	buf_release(&ib.limit); buf_release(&ib.place); buf_release(&ib.url);
	free(count);
	return rc;
}

