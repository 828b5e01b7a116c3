/* Scoring (search-score.js), in Node: shards are found in the order the build cut them,
 * and shard files read the same gzipped or already inflated by the host. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const zlib = require("node:zlib");
const vi = require("../../overrides/assets/javascripts/vi-text.js");
const score = require("../../overrides/assets/javascripts/search-score.js");
const { vectors } = require("./fixture.js");

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
