/* A small archive index made in memory, in the format thidua/publish/search_index.py
 * writes (manifest, gzipped term shards and store files, facets), so the
 * search core can be tested in Node without a build. Weights are plain term counts:
 * the tests check what the core does with postings, not lunr's BM25 (that is held to
 * Python lunr by tests/test_search_index.py). */
"use strict";
const zlib = require("node:zlib");
const vi = require("../../overrides/assets/javascripts/vi-text.js");

// docs: [{url, label, number?, type?, sections: [{heading, text}]}]; options: perShard (keys
// per term shard), perStore (sections per store file, 2 by default: a file holds the end of
// one document and the start of the next, as the build's often do).
function buildIndex(docs, options) {
  options = options || {};
  const files = {}, terms = {}, postings = {}, first = [], facetDocs = [], stored = [];
  let ref = 0;
  docs.forEach((doc, d) => {
    const meta = { url: doc.url, label: doc.label, headline: doc.label, title: doc.label,
                   type: doc.type || "plan", level: doc.level || null, province: doc.province || null,
                   number: doc.number || null };
    first.push(ref);
    facetDocs.push({ type: meta.type, level: meta.level, province: meta.province });
    doc.sections.forEach((s, n) => {
      const text = (n === 0 ? [doc.number || "", doc.label, s.text] : [s.heading, s.text]).join(" ");
      const keys = vi.searchKeys(text).concat(vi.pairKeys(n === 0 ? doc.label : s.heading || ""));
      const counts = {};
      keys.forEach((k) => { counts[k] = (counts[k] || 0) + 1; });
      Object.keys(counts).forEach((k) => {
        if (!(k in terms)) terms[k] = Object.keys(terms).length;
        (postings[k] = postings[k] || []).push([ref, counts[k] * 1000]);
      });
      const store = { ref: String(ref), doc: meta, d: d, a: null, h: s.heading || "", c: [[null, s.text]] };
      if (n === 0) store.m = "";
      stored.push(store);
      ref++;
    });
  });
  const perStore = options.perStore || 2, storeStarts = [];
  for (let i = 0; i < stored.length; i += perStore) {
    storeStarts.push(i);
    files["store/" + (storeStarts.length - 1) + ".json.gz"] = zlib.gzipSync(JSON.stringify(stored.slice(i, i + perStore)));
  }
  const keys = Object.keys(terms).sort();  // JavaScript's order: the order shards are cut in
  const perShard = options.perShard || Math.ceil(keys.length / 3);
  const starts = [];
  for (let i = 0; i < keys.length; i += perShard) {
    const shard = keys.slice(i, i + perShard).map((k) => {
      const flat = [];
      let last = 0;
      postings[k].forEach(([r, w]) => { flat.push(r - last, w); last = r; });
      return [k, terms[k], flat];
    });
    starts.push(shard[0][0]);
    files["terms/" + (starts.length - 1) + ".json.gz"] = zlib.gzipSync(JSON.stringify(shard));
  }
  const manifest = Object.assign({ terms: starts, store: storeStarts, sections: ref, labels: { level: {}, type: {} } },
                                 options.manifest || {});
  files["manifest.json"] = Buffer.from(JSON.stringify(manifest));
  files["facets.json.gz"] = zlib.gzipSync(JSON.stringify({ first: first, docs: facetDocs }));
  Object.assign(files, options.files || {});
  return files;
}

// The search core's fetchBytes over those files; `fetched` lists what a query asked for.
function server(files) {
  const fetched = [];
  const fetchBytes = (path) => {
    fetched.push(path);
    const buf = files[path];
    if (!buf) return Promise.reject(new Error(path + ": HTTP 404"));
    return Promise.resolve(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  };
  return { fetchBytes, fetched };
}

// A vector file of tests/vectors/, shared with the Python tests.
const vectors = (name) => JSON.parse(require("node:fs").readFileSync(require("node:path").join(__dirname, "..", "vectors", name), "utf8"));

module.exports = { buildIndex, server, vectors };
