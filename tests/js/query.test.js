/* What a query means (search-query.js), in Node: the vectors it shares with the Python side
 * (Telex/VNI readings, the variants and question-word tables, deletion keys, syllable pairs)
 * and the corrections that need no fetch. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const query = require("../../overrides/assets/javascripts/search-query.js");
const { vectors } = require("./fixture.js");

test("Telex and VNI spellings read as the syllables meant, by the input methods' rules (typing.json)", () => {
  const v = vectors("typing.json");
  v.telex.forEach(([typed, meant]) => assert.equal(query.fromTelex(typed), meant, typed));
  v.vni.forEach(([typed, meant]) => assert.equal(query.fromVni(typed), meant, typed));
  v.loose.forEach(([typed, meant]) => {
    const fixed = query.looseNumber(query.parse(typed).tokens[0]);
    assert.equal(fixed && fixed.map((t) => t.exact).join(" "), meant, typed);
  });
});

test("the variants list expands a query as the build wrote it (variants.json)", () => {
  const v = vectors("variants.json");
  v.queries.forEach((c) => {
    const got = query.variants(query.parse(c.q).tokens, v.table).map((x) => x.tokens.map((t) => t.folded).join(" "));
    assert.deepEqual(got, c.variants, c.q);
  });
});

test("typo keys are the same deletions the build indexes (variants.json)", () => {
  vectors("variants.json").deletions.forEach((c) => assert.deepEqual(query.deletions(c.word, c.edits).sort(), c.keys, c.word));
});

test("edit distance counts a transposition as one edit", () => {
  assert.equal(query.editDistance("chein", "chien"), 1);
  assert.equal(query.editDistance("chonng", "chong"), 1);
  assert.equal(query.editDistance("khenthoung", "khenthuong"), 1);
  assert.equal(query.editDistance("phong", "chung"), 2);
});

test("question words mark the positions the build's table gives (questions.json)", () => {
  const v = vectors("questions.json");
  v.queries.forEach((c) => assert.deepEqual(query.optionalWords(query.parse(c.q).tokens, v.table), c.optional, c.q));
});

test("a slipped syllable is read by the pairs the build cut (context.json), never a quoted or question word", () => {
  const v = vectors("context.json");
  const pairs = {};
  v.shards.forEach((shard) => shard.forEach(([w, next, prev]) => {
    const rank = (list) => Object.fromEntries(list.map((x, i) => [x, i]));
    pairs[w] = { next: rank(next), prev: rank(prev) };
  }));
  const known = {};  // every word of the texts is in the index
  v.texts.forEach((t) => t.split(/[^\p{L}]+/u).forEach((w) => { if (w) known[w.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").toLowerCase()] = true; }));
  for (const c of v.queries) {
    const tokens = query.parse(c.q).tokens;
    const readings = query.contextReadings(tokens, query.contextWords(tokens), pairs, known);
    const got = readings.length ? readings[0].tokens.map((t) => t.folded).join(" ") : null;
    assert.equal(got, c.reading, c.q);
  }
  const asked = query.parse("ở đâu vung xnah").tokens;
  query.optionalWords(asked, vectors("questions.json").table).forEach((i) => { asked[i].optional = true; });
  const read = query.contextReadings(asked, query.contextWords(asked), pairs, known);
  assert.equal(read[0].tokens.map((t) => t.folded).join(" "), "o dau vung xanh", "question words stay, uncorrected");
});

test("a corrected word keeps the marks typed, whichever letter slipped", () => {
  const fix = (typed, word) => query.accentedFix(typed, word).exact;
  assert.equal(fix("thầnn", "than"), "thần", "a letter doubled");
  assert.equal(fix("ẫn", "dan"), "dẫn", "a letter dropped");
  assert.equal(fix("chọ", "chon"), "chọn", "a letter dropped at the end");
  assert.equal(fix("Văj", "van"), "văn", "a neighbouring key");
  assert.equal(fix("ộhi", "hoi"), "hội", "two letters swapped");
  assert.equal(fix("cã", "xa"), "xã");
  assert.equal(fix("dẫm", "dan"), "dẫn");
  assert.equal(fix("bqo", "bao"), "bao", "nothing typed to keep");
});

test("of two syllables one edit away, the slip fingers make is read first, then the more frequent pair", () => {
  assert.equal(query.farKey("coong", "chong"), 1, "o and h are far apart");
  assert.equal(query.farKey("coong", "cong"), 0, "a doubled letter");
  assert.equal(query.farKey("vq", "va"), 0, "q is beside a");
  assert.equal(query.farKey("vq", "ve"), 1);
  const rank = (list) => Object.fromEntries(list.map((x, i) => [x, i]));
  // "chiến chống" is the more frequent pair, but "coong" is "công" with a doubled key.
  const pairs = { chien: { next: rank(["chong", "cong"]), prev: rank([]) } };
  const typed = query.parse("chien coong").tokens;
  const read = query.contextReadings(typed, query.contextWords(typed), pairs, { chien: true });
  assert.equal(read[0].tokens.map((t) => t.folded).join(" "), "chien cong");
  // The same for words the archive holds apart: "ubnd tỉnh vq chủ" is "và" (q beside a), not "về".
  const apart = { tinh: { next: rank(["ve", "va"]), prev: rank([]) }, chu: { next: rank([]), prev: rank(["ve", "va"]) } };
  const asked = query.parse("tinh vq chu").tokens;
  assert.equal(query.rowReadings(asked, query.contextWords(asked), apart)[0].tokens.map((t) => t.folded).join(" "), "tinh va chu");
});
