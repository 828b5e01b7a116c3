/* The archive's search, its second job: scoring. Loads the manifest and only the shards a
 * query needs (term postings, typo and syllable-pair shards, store files, facets) and scores
 * every matching section with lunr's formula in typed arrays. The index, lunr's weights, is
 * prebuilt by thidua/publish/search_index.py.
 * Runs in the browser (window.searchScore) and in Node (tests/js/score.test.js). */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory(require("./vi-text.js"), require("./search-query.js"));
  else root.searchScore = factory(root.viText, root.searchQuery);
})(typeof self !== "undefined" ? self : this, function (vi, parsing) {
  "use strict";

  var wordSeq = parsing.wordSeq, deletions = parsing.deletions, editDistance = parsing.editDistance;

  // -- Loading: a small manifest, then only the shards a query needs -------------

  // Shards and store files are gzipped (*.json.gz), inflated here; a host that already inflated
  // one (Content-Encoding) hands over plain JSON, told apart by gzip's first two bytes.
  function decodeJSON(buf) {
    var head = new Uint8Array(buf, 0, Math.min(2, buf.byteLength));
    if (head[0] !== 0x1f || head[1] !== 0x8b) return Promise.resolve(JSON.parse(new TextDecoder().decode(buf)));
    var stream = new Blob([buf]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }

  // An archive's search: fetchBytes(path under search/) -> Promise of an ArrayBuffer (the
  // page fetches over HTTP, Node tests read files); base: what result URLs start with.
  function load(fetchBytes, base) {
    var get = function (path) { return fetchBytes(path).then(decodeJSON); };
    return get("manifest.json").then(function (manifest) {
      return { manifest: manifest, get: get, base: base || "", shards: {}, stores: {}, docs: {}, sections: {} };
    });
  }

  // Index of the last item of a sorted array that is <= value (0 if none is).
  function lastAtMost(sorted, value) {
    var lo = 0, hi = sorted.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (sorted[mid] <= value) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // The shard that holds a key: shards are cut from keys sorted as JS sorts strings.
  function shardOf(db, key) { return lastAtMost(db.manifest.terms, key); }

  function fetchAll(db, cache, ids, folder, ext) {
    return Promise.all(ids.map(function (id) {
      if (!cache[id]) cache[id] = db.get(folder + id + ext);
      return cache[id];
    }));
  }

  // The fields scored, as lunr fields: word keys live in "all" (one weight per
  // section, the sum of its field weights), neighbouring-word pairs ("a+b") in "pairs".
  var FIELDS = ["all", "pairs"];

  // The postings of the keys a query wants, decoded once per shard entry:
  // {key: {t: term index, field: "all" | "pairs", refs: Int32Array, w: Float64Array}}.
  function postingsFor(db, need) {
    return fetchAll(db, db.shards, need.shards, "terms/", ".json.gz").then(function (shards) {
      var out = {};
      shards.forEach(function (shard) {
        shard.forEach(function (entry) {
          if (!need.wants(entry[0])) return;
          if (!entry.posting) {
            var flat = entry[2], n = flat.length / 2, refs = new Int32Array(n), w = new Float64Array(n), ref = 0;
            for (var i = 0; i < n; i++) { ref += flat[2 * i]; refs[i] = ref; w[i] = flat[2 * i + 1] / 1000; }
            entry.posting = { t: entry[1], field: entry[0].indexOf("+") >= 0 ? "pairs" : "all", refs: refs, w: w };
          }
          out[entry[0]] = entry.posting;
        });
      });
      return out;
    });
  }

  // The clauses (lunr's query clauses) of one variant of the query: every word required (folded),
  // its accented form optional and boosted, neighbouring pairs optional. Given `post`, a
  // word the archive holds as typed with its marks is required as typed (typedAsWord).
  function clausesOf(tokens, prefix, post) {
    var out = [];
    tokens.forEach(function (t, i) {
      // A question word (not quoted) counts where a section has it and is needed nowhere.
      if (t.optional) { out.push({ term: t.folded, fields: FIELDS, boost: 1, required: false, wildcard: false }); return; }
      var wildcard = prefix && i === tokens.length - 1 && !t.code && t.folded.length >= 1;
      if (!wildcard && post && typedAsWord(t, post)) {
        out.push({ term: t.exact, fields: FIELDS, boost: 5, required: true, wildcard: false });
        out.push({ term: t.folded, fields: FIELDS, boost: 1, required: false, wildcard: false });
        return;
      }
      out.push({ term: t.folded, fields: FIELDS, boost: t.code ? 3 : 1, required: true, wildcard: wildcard });
      if (t.exact !== t.folded) out.push({ term: t.exact, fields: FIELDS, boost: 5, required: false, wildcard: false });
    });
    var seq = wordSeq(tokens, "folded");
    for (var j = 0; j + 1 < seq.length; j++) {
      out.push({ term: seq[j] + "+" + seq[j + 1], fields: ["pairs"], boost: 3, required: false, wildcard: false });
    }
    return out;
  }

  // A word typed with its tone marks that the archive holds as typed means that word:
  // "ký" (to sign) is not "Kỳ" (Tứ Kỳ), though both fold to "ky".
  function typedAsWord(t, post) {
    return !t.code && t.exact !== t.folded && !!post[t.exact];
  }

  function expand(clause, keys) {
    if (!clause.wildcard) return keys.indexOf(clause.term) >= 0 ? [clause.term] : [];
    return keys.filter(function (k) { return k.indexOf(clause.term) === 0; });
  }

  // The sections holding every required word, best first by lunr's formula: its score of
  // a section is, per field, the query vector's dot product with the section's weights over
  // the query vector's length, summed here posting by posting in typed arrays (lunr.js itself
  // would first build an index, 15-20 ms of a cold query at 1,000 plans; tests/js/score.test.js holds
  // these scores to it). found: refs (the best `limit`, kept by `keep`), scores, matched (the
  // documents holding the words, kept or not), total, and scoresOf(refs): [{ref, score}] of
  // those refs that hold every required word, whatever their rank.
  function candidates(db, post, clauses, limit, facets, keep) {
    var keys = Object.keys(post), q = { all: {}, pairs: {} }, required = [];
    var found = { refs: [], scores: [], matched: {}, total: 0, scoresOf: function () { return []; } };
    for (var c = 0; c < clauses.length; c++) {
      var cl = clauses[c], exp = expand(cl, keys);
      if (!exp.length && cl.required) return found;
      exp.forEach(function (k) { cl.fields.forEach(function (f) { q[f][k] = (q[f][k] || 0) + cl.boost; }); });
      if (cl.required) required.push(exp);
    }
    var n = db.manifest.sections, score = new Float64Array(n), met = new Uint16Array(n), seen = new Int32Array(n);
    FIELDS.forEach(function (f) {
      var qk = Object.keys(q[f]), norm = Math.sqrt(qk.reduce(function (s, k) { return s + q[f][k] * q[f][k]; }, 0));
      qk.forEach(function (k) {
        var p = post[k];
        if (p.field !== f) return;
        var factor = q[f][k] / norm;
        for (var i = 0; i < p.refs.length; i++) score[p.refs[i]] += factor * p.w[i];
      });
    });
    required.forEach(function (exp, r) {
      exp.forEach(function (k) {
        var refs = post[k].refs;
        for (var i = 0; i < refs.length; i++) if (seen[refs[i]] !== r + 1) { seen[refs[i]] = r + 1; met[refs[i]]++; }
      });
    });
    for (var ref = 0; ref < n; ref++) {
      if (met[ref] !== required.length || !(score[ref] > 0)) continue;
      if (facets) {
        var d = docIndex(facets, ref);
        found.matched[d] = true;  // for the filter menus: every document the words are in
        if (!keep(facets.docs[d], ref)) continue;
      }
      found.refs.push(ref);
    }
    found.total = found.refs.length;
    found.refs.sort(function (a, b) { return score[b] - score[a] || a - b; });
    found.refs = found.refs.slice(0, limit);
    found.scores = found.refs.map(function (r) { return score[r]; });
    found.scoresOf = function (refs) {
      return refs.filter(function (r) { return met[r] === required.length && score[r] > 0; })
        .map(function (r) { return { ref: String(r), score: score[r] }; });
    };
    return found;
  }

  // What a query needs: every key of every variant, the neighbouring-word pairs, and for
  // the word being typed every term it starts (and every shard that prefix can reach).
  function needsOf(db, vars, prefix) {
    var keys = {}, prefixes = [], ids = {};
    vars.forEach(function (v) {
      v.tokens.forEach(function (t, i) {
        keys[t.folded] = keys[t.exact] = true;
        if (prefix && i === v.tokens.length - 1) prefixes.push(t.folded);
      });
      var seq = wordSeq(v.tokens, "folded");
      for (var j = 0; j + 1 < seq.length; j++) keys[seq[j] + "+" + seq[j + 1]] = true;
    });
    Object.keys(keys).forEach(function (k) { ids[shardOf(db, k)] = true; });
    prefixes.forEach(function (p) {
      for (var s = shardOf(db, p), e = shardOf(db, p + "\uffff"); s <= e; s++) ids[s] = true;
    });
    return {
      shards: Object.keys(ids).map(Number).sort(function (a, b) { return a - b; }),
      wants: function (term) { return keys[term] === true || prefixes.some(function (p) { return term.indexOf(p) === 0; }); }
    };
  }

  // The text and document facts of the given sections. A store file holds sections of
  // neighbouring refs; the manifest lists the first ref of each.
  function loadSections(db, refs) {
    var files = {};
    refs.forEach(function (r) { if (!db.sections[r]) files[lastAtMost(db.manifest.store, Number(r))] = true; });
    return fetchAll(db, db.stores, Object.keys(files), "store/", ".json.gz").then(function (stores) {
      stores.forEach(function (sections) {
        sections.forEach(function (st) {
          db.docs[st.d] = st.doc;
          db.sections[st.ref] = st;
        });
      });
    });
  }

  // Type, level and province of every document, and the first section of each
  // (a document's sections are numbered in a row): filters apply before the best are picked.
  function loadFacets(db) {
    if (!db.facets) db.facets = db.get("facets.json.gz");
    return db.facets;
  }

  function docIndex(facets, ref) { return lastAtMost(facets.first, ref); }

  // "chu-de/<key>" or "thuc-tien/<key>" when the manifest's menu has it, else null: a value
  // from the address bar never names a file the build did not write.
  function topicPath(db, value) {
    var parts = (value || "").split("/"), menu = (db.manifest.topics || {})[parts[0]];
    return parts.length === 2 && menu && menu.some(function (t) { return t[0] === parts[1]; }) ? value : null;
  }

  // A set of sections (a theme or practice, or "rieng": the plans' own text), as a mark per section (1: in it). The file holds
  // their refs in order, each but the first as the gap from the one before.
  function loadSectionSet(db, path) {
    db.sectionSets = db.sectionSets || {};
    if (!db.sectionSets[path]) {
      db.sectionSets[path] = db.get(path + ".json.gz").then(function (gaps) {
        var marks = new Uint8Array(db.manifest.sections), ref = 0;
        for (var i = 0; i < gaps.length; i++) { ref += gaps[i]; marks[ref] = 1; }
        return marks;
      });
    }
    return db.sectionSets[path];
  }

  // {syllable: {next: {word: rank}, prev: {word: rank}}} of the given syllables (search/pairs/,
  // most frequent neighbour first), from the shards those syllables are in.
  function pairsFor(db, words) {
    var ids = {};
    words.forEach(function (w) { ids[lastAtMost(db.manifest.pairs, w)] = true; });
    db.pairShards = db.pairShards || {};
    return fetchAll(db, db.pairShards, Object.keys(ids).map(Number), "pairs/", ".json.gz").then(function (shards) {
      var want = {}, out = {};
      words.forEach(function (w) { want[w] = true; });
      shards.forEach(function (shard) {
        shard.forEach(function (e) {
          if (!want[e[0]]) return;
          if (!e.ranks) e.ranks = { next: ranks(e[1]), prev: ranks(e[2]) };
          out[e[0]] = e.ranks;
        });
      });
      return out;
    });
  }

  function ranks(list) {
    var out = Object.create(null);
    list.forEach(function (w, i) { out[w] = i; });
    return out;
  }

  // Words of the index within the allowed edits of a word: [{word, edits}], nearest first.
  function nearWords(db, word, edits) {
    var keys = deletions(word, edits), ids = {};
    keys.forEach(function (k) { ids[lastAtMost(db.manifest.typos, k)] = true; });
    db.typos = db.typos || {};
    return fetchAll(db, db.typos, Object.keys(ids).map(Number), "typos/", ".json.gz").then(function (shards) {
      var want = {}, seen = {}, out = [];
      keys.forEach(function (k) { want[k] = true; });
      shards.forEach(function (shard) {
        shard.forEach(function (entry) {
          if (!want[entry[0]]) return;
          entry[1].forEach(function (w) {
            if (seen[w] || w === word) return;
            seen[w] = true;
            var e = editDistance(word, w);
            if (e <= edits) out.push({ word: w, edits: e });
          });
        });
      });
      return out.sort(function (a, b) { return a.edits - b.edits || (a.word < b.word ? -1 : 1); });
    });
  }

  // Folded words of letters next to where a key would stand in its term shard, sharing
  // its first two letters ("xyzzyq" has none; "phongz" finds "phong", "phonh"…).
  function neighbours(db, key) {
    return fetchAll(db, db.shards, [shardOf(db, key)], "terms/", ".json.gz").then(function (shards) {
      var words = shards[0].map(function (e) { return e[0]; })
        .filter(function (k) { return /^\p{L}+$/u.test(k) && vi.fold(k) === k && k.slice(0, 2) === key.slice(0, 2); });
      var at = words.findIndex(function (k) { return k > key; });
      if (at < 0) at = words.length;
      var out = [];
      for (var d = 0; out.length < 5 && (at - d - 1 >= 0 || at + d < words.length); d++) {
        if (at + d < words.length) out.push(words[at + d]);
        if (at - d - 1 >= 0) out.push(words[at - d - 1]);
      }
      return out;
    });
  }

  return { decodeJSON: decodeJSON, load: load, lastAtMost: lastAtMost, shardOf: shardOf, postingsFor: postingsFor, clausesOf: clausesOf, typedAsWord: typedAsWord, candidates: candidates, needsOf: needsOf, loadSections: loadSections, loadFacets: loadFacets, docIndex: docIndex, topicPath: topicPath, loadSectionSet: loadSectionSet, pairsFor: pairsFor, nearWords: nearWords, neighbours: neighbours };
});
