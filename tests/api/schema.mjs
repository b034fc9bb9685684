// schema.mjs - the API's OpenAPI document, checked with maintained tools:
//
//   node schema.mjs lint DOC            the document is valid OpenAPI 3.1
//                                       (@apidevtools/swagger-parser)
//   node schema.mjs check DOC MANIFEST  each response listed in MANIFEST
//                                       matches its schema in DOC (ajv,
//                                       JSON Schema 2020-12 as OpenAPI 3.1)
//
// MANIFEST lines: FILE <tab> PATH-TEMPLATE <tab> METHOD <tab> STATUS <tab>
// CONTENT-TYPE, e.g. "/tmp/x/3.json\t/news/{id}\tget\t200\tapplication/json".
// One line per response on stdout, "PASS FILE ..." or "FAIL FILE: why";
// exit 0 only when every response passes (and there is at least one).
import fs from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const [mode, docPath, manifest] = process.argv.slice(2);
const doc = JSON.parse(fs.readFileSync(docPath, 'utf8'));

if (mode === 'lint') {
	try {
		await SwaggerParser.validate(structuredClone(doc));
		if (doc.openapi !== '3.1.0')
			throw new Error(`openapi is ${doc.openapi}, not 3.1.0`);
		console.log(`PASS ${docPath}: valid OpenAPI ${doc.openapi}, ${Object.keys(doc.paths).length} paths`);
		process.exit(0);
	} catch (e) {
		console.log(`FAIL ${docPath}: ${e.message}`);
		process.exit(1);
	}
} else if (mode !== 'check') {
	console.error('usage: node schema.mjs lint DOC | check DOC MANIFEST');
	process.exit(2);
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
// The components under an id of their own, so that the document's
// "#/components/schemas/X" references resolve inside it.
ajv.addSchema({ $id: 'qiao:openapi', components: doc.components });
const rebase = (s) => JSON.parse(JSON.stringify(s).replaceAll('"#/components/', '"qiao:openapi#/components/'));

let bad = 0, n = 0;
for (const line of fs.readFileSync(manifest, 'utf8').split('\n')) {
	if (!line.trim())
		continue;
	n++;
	const [file, path, method, status, ctype] = line.split('\t');
	const op = doc.paths[path]?.[method];
	const resp = op?.responses?.[status];
	const media = (ctype || '').split(';')[0].trim();
	const schema = resp?.content?.[media]?.schema;
	if (!schema) {
		bad++;
		console.log(`FAIL ${file}: ${method} ${path} has no documented ${status} ${media} response`);
		continue;
	}
	let body;
	try {
		body = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch (e) {
		bad++;
		console.log(`FAIL ${file}: not JSON: ${e.message}`);
		continue;
	}
	const validate = ajv.compile(rebase(schema));
	if (validate(body)) {
		console.log(`PASS ${file} ${method} ${path} ${status}`);
	} else {
		bad++;
		console.log(`FAIL ${file}: ${method} ${path} ${status}: ${ajv.errorsText(validate.errors, { separator: '; ' }).slice(0, 600)}`);
	}
}
if (n === 0) {
	console.log(`FAIL ${manifest}: no responses listed`);
	process.exit(1);
}
process.exit(bad ? 1 : 0);
