/* Scoring (search-score.js), in Node: shards are found in the order the build cut them,
 * and shard files read the same gzipped or already inflated by the host. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const zlib = require("node:zlib");
const vi = require("../../overrides/assets/javascripts/vi-text.js");
const score = require("../../overrides/assets/javascripts/search-score.js");
const { buildIndex, server, vectors } = require("./fixture.js");

test("keys are compared in the order the shards are cut in, outside the BMP too (order.json)", () => {
  const v = vectors("order.json");
  const keys = Array.from(new Set(vi.searchKeys(v.text)));
  assert.deepEqual(keys.slice().sort(), v.order);
  const db = { manifest: { terms: v.order } };  // one key per shard, as the Python test cuts them
  v.order.forEach((k, i) => assert.equal(score.shardOf(db, k), i, k));
});

test("gzipped and already inflated JSON read the same", async () => {
  const value = { a: ["ư", 1] };
  const gz = zlib.gzipSync(JSON.stringify(value));
  const plain = Buffer.from(JSON.stringify(value));
  const ab = (b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  assert.deepEqual(await score.decodeJSON(ab(gz)), value);
  assert.deepEqual(await score.decodeJSON(ab(plain)), value);
});

// lunr.js 2.3.9 (npm, tests/package.json) as the oracle: an index of the given sections
// holding the query's keys, searched with the query's clauses, as the browser once did.
const lunr = require("lunr");
function lunrHits(post, refs, clauses) {
  const keep = new Set(refs.map(String)), invertedIndex = {}, weights = {};
  const terms = Object.keys(post).sort();
  terms.forEach((k) => {
    const p = post[k], docs = {};
    p.refs.forEach((ref, i) => {
      if (!keep.has(String(ref))) return;
      docs[ref] = {};
      (weights[p.field + "/" + ref] = weights[p.field + "/" + ref] || []).push([p.t, p.w[i]]);
    });
    invertedIndex[k] = { _index: p.t, all: p.field === "all" ? docs : {}, pairs: p.field === "pairs" ? docs : {} };
  });
  const fieldVectors = {};
  Object.keys(weights).forEach((fr) => {
    fieldVectors[fr] = new lunr.Vector([].concat(...weights[fr].sort((a, b) => a[0] - b[0])));
  });
  const index = new lunr.Index({ invertedIndex, fieldVectors, fields: ["all", "pairs"],
                                 tokenSet: lunr.TokenSet.fromArray(terms), pipeline: new lunr.Pipeline() });
  return index.query((q) => clauses.forEach((c) => q.term(c.term, {
    fields: c.fields, boost: c.boost, usePipeline: false,
    presence: c.required ? lunr.Query.presence.REQUIRED : lunr.Query.presence.OPTIONAL,
    wildcard: c.wildcard ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE })));
}

test("sections score as lunr.js scores them, on generated sections and queries", async () => {
  // Words of the real plans, drawn with a fixed seed (a skewed draw, as words are in text).
  const fs = require("node:fs"), path = require("node:path");
  const plans = path.join(__dirname, "..", "..", "plans");
  const words = Array.from(new Set(fs.readdirSync(plans).filter((f) => f.endsWith(".yaml"))
    .flatMap((f) => vi.words(fs.readFileSync(path.join(plans, f), "utf8")))
    .filter((w) => /^\p{L}+$/u.test(w)).map((w) => w.toLowerCase()))).sort().slice(0, 400);
  let seed = 2021;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const word = () => words[Math.floor(words.length * rand() * rand())];
  const docs = [];
  for (let d = 0; d < 60; d++) {
    const sections = [];
    for (let s = 0; s < 5; s++) sections.push({ text: Array.from({ length: 5 + Math.floor(rand() * 60) }, word).join(" ") });
    docs.push({ url: "van-ban/" + d + "/", label: word() + " " + word(), sections });
  }
  const { fetchBytes } = server(buildIndex(docs, { perShard: 50 }));
  const db = await score.load(fetchBytes, "/");
  const query = require("../../overrides/assets/javascripts/search-query.js");
  let compared = 0;
  for (let n = 0; n < 200; n++) {
    const text = Array.from({ length: 1 + Math.floor(rand() * 4) }, word).map((w) => rand() < 0.3 ? vi.fold(w) : w).join(" ");
    const prefix = rand() < 0.2, q = query.parse(text), vars = [{ tokens: q.tokens }];
    const post = await score.postingsFor(db, score.needsOf(db, vars, prefix));
    const clauses = score.clausesOf(q.tokens, prefix, rand() < 0.5 ? post : null);
    // The sections scored: this query's best few and another's, as a query's variants pool theirs.
    const found = score.candidates(db, post, clauses, 10, null, () => true);
    const other = score.candidates(db, post, score.clausesOf([q.tokens[0]], false, null), 10, null, () => true);
    const pool = Array.from(new Set(found.refs.concat(other.refs)));
    const ours = found.scoresOf(pool), theirs = lunrHits(post, pool, clauses);
    assert.deepEqual(ours.map((h) => h.ref).sort(), theirs.map((h) => h.ref).sort(), text);
    const want = new Map(theirs.map((h) => [h.ref, h.score]));
    ours.forEach((h) => assert.ok(Math.abs(h.score - want.get(h.ref)) <= 1e-9 * Math.max(1, h.score), `${text}: ${h.ref} ${h.score} ${want.get(h.ref)}`));
    compared += ours.length;
  }
  assert.ok(compared > 500, `only ${compared} scores compared`);
});
