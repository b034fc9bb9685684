// compare.mjs - the off-the-shelf service search of issue 13 ("jieba word
// segmentation plus a BM25 index (MiniSearch) over name, department, region
// and conditions"), scored on qiao's relevance set the way qiao's own scorer
// (tests/unit/test_search_relevance.c) scores svc_search.
//
//   node compare.mjs ITEMS.json RELEVANCE.tsv
//
// ITEMS.json: the catalogue as exported by run.sh with the sqlite3 CLI
// (-json): [{id, name, department, region, conditions}, ...].
//
// Scoring, as in the C scorer: for each query (the relevance file's first
// non-comment line is the header; rows with fewer than 3 columns are
// skipped) take the first ten results; the rank is the position of the first
// result whose item name matches one of the '|'-separated expected patterns
// (fnmatch without flags: '*' any run, '?' one character, [...] a class);
// success@3 counts ranks 1-3, MRR averages 1/rank (0 when none of the ten).
// qiao's results are one row per service name, so the main figures group
// the BM25 hits the same way (the best-scored item of each name, in score
// order); the raw ten best items are reported beside them.
import { readFileSync } from "node:fs";
import { cut_for_search } from "jieba-wasm";
import MiniSearch from "minisearch";

const [itemsPath, setPath] = process.argv.slice(2);
if (!itemsPath || !setPath) {
	console.error("usage: node compare.mjs ITEMS.json RELEVANCE.tsv");
	process.exit(2);
}

// Words of a text: jieba's search mode (long words and the words inside
// them), without blanks and punctuation.
const WORDLIKE = /[\p{L}\p{N}]/u;
function tokenize(text) {
	return cut_for_search(text || "", true).filter((t) => WORDLIKE.test(t));
}

// fnmatch(pattern, name, 0) for the patterns of the set.
function globRegExp(p) {
	let re = "";
	for (let i = 0; i < p.length; i++) {
		const c = p[i];
		if (c === "*") re += ".*";
		else if (c === "?") re += ".";
		else if (c === "[") {
			const j = p.indexOf("]", i + 2);
			if (j < 0) { re += "\\["; continue; }
			let cls = p.slice(i + 1, j);
			if (cls[0] === "!") cls = "^" + cls.slice(1);
			re += "[" + cls.replace(/\\/g, "\\\\") + "]";
			i = j;
		} else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
	}
	return new RegExp("^" + re + "$", "su");
}

function readSet(path) {
	const rows = [];
	let header = false;
	for (const line of readFileSync(path, "utf8").split("\n")) {
		if (line === "" || line.startsWith("#")) continue;
		if (!header) { header = true; continue; }
		const f = line.split("\t");
		if (f.length < 3) continue;
		rows.push({ query: f[0], expected: f[1].split("|").map(globRegExp), region: f[2], form: f[4] || "" });
	}
	return rows;
}

const items = JSON.parse(readFileSync(itemsPath, "utf8"));
const set = readSet(setPath);

function build(options) {
	const ms = new MiniSearch({
		fields: ["name", "department", "region", "conditions"],
		storeFields: ["name"],
		tokenize,
		processTerm: (t) => t.toLowerCase(),
		searchOptions: options,
	});
	const t0 = process.hrtime.bigint();
	ms.addAll(items);
	const ms_build = Number(process.hrtime.bigint() - t0) / 1e6;
	return { ms, ms_build };
}

function rankOf(names, expected) {
	for (let i = 0; i < names.length && i < 10; i++)
		if (expected.some((re) => re.test(names[i]))) return i + 1;
	return 0;
}

function score(ms, grouped) {
	let hit3 = 0, rr = 0, empty = 0;
	const lat = [];
	const byForm = {};
	for (const q of set) {
		const t0 = process.hrtime.bigint();
		const res = ms.search(q.query);
		lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
		let names;
		if (grouped) {
			const seen = new Set();
			names = [];
			for (const r of res) {
				if (seen.has(r.name)) continue;
				seen.add(r.name);
				names.push(r.name);
				if (names.length === 10) break;
			}
		} else {
			names = res.slice(0, 10).map((r) => r.name);
		}
		if (names.length === 0) empty++;
		const rank = rankOf(names, q.expected);
		const f = (byForm[q.form] ||= { n: 0, hit3: 0 });
		f.n++;
		if (rank >= 1 && rank <= 3) { hit3++; f.hit3++; }
		if (rank) rr += 1 / rank;
	}
	lat.sort((a, b) => a - b);
	const p = (x) => lat[Math.min(lat.length - 1, Math.floor(x * lat.length))];
	return { n: set.length, hit3, s3: hit3 / set.length, mrr: rr / set.length, empty,
		 p50: p(0.5), p99: p(0.99), byForm };
}

const fmt = (r) => `${r.n} queries, success@3 ${(100 * r.s3).toFixed(1)}% (${r.hit3}), MRR ${r.mrr.toFixed(3)}, ` +
	`empty answers ${r.empty}, search p50 ${r.p50.toFixed(2)} ms p99 ${r.p99.toFixed(2)} ms`;

const names = [...new Set(items.map((i) => i.name))];
// As the C scorer checks: every expected pattern names some item (else the
// pattern translation or the catalogue is wrong, and the scores mean nothing).
const unmatched = set.flatMap((q) => q.expected).filter((re) => !names.some((n) => re.test(n))).length;
console.log(`catalogue: ${items.length} items, ${names.length} names; set: ${set.length} queries; ` +
	`patterns matching no name: ${unmatched}`);
if (unmatched) process.exit(1);
const variants = [
	["MiniSearch defaults (BM25, OR, no prefix/fuzzy)", {}],
	["same, name boosted x2", { boost: { name: 2 } }],
];
for (const [label, opts] of variants) {
	const { ms, ms_build } = build(opts);
	const g = score(ms, true);
	const raw = score(ms, false);
	console.log(`jieba+minisearch [${label}], index built in ${(ms_build / 1000).toFixed(1)} s`);
	console.log(`  grouped by name: ${fmt(g)}`);
	console.log(`  raw ten items:   ${fmt(raw)}`);
	console.log("  success@3 by form (grouped): " +
		Object.entries(g.byForm).map(([k, v]) => `${k} ${v.hit3}/${v.n}`).join(", "));
}
