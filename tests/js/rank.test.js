/* Ranking on stored text (search-rank.js), in Node: closeness of the query's words,
 * phrases, and the runs that order sections holding most of the words. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const vi = require("../../overrides/assets/javascripts/vi-text.js");
const rank = require("../../overrides/assets/javascripts/search-rank.js");

const words = (text) => vi.words(vi.fold(text));

test("words standing together in order weigh most, scattered words least", () => {
  const seq = words("chân cứng đá mềm");
  const phrase = rank.proximity(words("vượt khó với tinh thần chân cứng đá mềm"), seq);
  const shuffled = rank.proximity(words("đá mềm, chân cứng"), seq);
  const scattered = rank.proximity(words("chân đất, cứng rắn, hoa nở trên đá, lụa mềm và nhiều chữ khác ở giữa"), seq);
  assert.ok(phrase > shuffled && shuffled > scattered, [phrase, shuffled, scattered].join(" > "));
  assert.equal(rank.proximity(words("bất kỳ"), ["mot"]), 1, "one word: nothing to be close to");
});

test("a phrase is whole words in a row", () => {
  assert.ok(rank.containsPhrase(words("Tổ Covid cộng đồng"), words("covid cộng đồng")));
  assert.ok(!rank.containsPhrase(words("tổ chức cộng đồng"), words("tổ cộng")));
  assert.ok(!rank.containsPhrase(words("cộng đồngg"), words("cộng đồng")));
});

test("the heaviest run counts the query's words in its order, each by its weight", () => {
  const seq = ["chu", "tri", "huong", "dan", "hai", "phong"];
  const weight = [1, 1, 1, 1, 3, 3];
  assert.equal(rank.heaviestRun(words("Sở Nội vụ chủ trì, hướng dẫn khen thưởng"), seq, weight), 4);
  assert.equal(rank.heaviestRun(words("thành phố Hải Phòng; chủ trì"), seq, weight), 6);
  assert.equal(rank.heaviestRun(words("phòng hải"), seq, weight), 3, "out of order: one word at a time");
});

test("a snippet marks the query's words around the place they stand together", () => {
  const text = "Mở đầu. " + "Chữ đệm. ".repeat(40) + "Phát huy tinh thần chân cứng đá mềm. Kết thúc.";
  const match = { test: (w) => ["chan", "cung"].includes(w), first: ["chan", "cung"] };
  const parts = rank.snippet(text, match);
  assert.equal(parts[0][0], "… ", "cut before the place");
  assert.deepEqual(parts.filter(([, marked]) => marked).map(([t]) => t), ["chân", "cứng"]);
});
