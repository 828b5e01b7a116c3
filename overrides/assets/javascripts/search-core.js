/* The archive's search without the page: one query from its words to its ranked results,
 * with what was corrected and what was left out. It joins the query (search-query.js),
 * scoring (search-score.js) and ranking (search-rank.js) modules. No DOM: it runs in the
 * browser (window.searchCore, used by archive-search.js) and in Node (tests/js/core.test.js). */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory(require("./vi-text.js"), require("./search-query.js"), require("./search-score.js"), require("./search-rank.js"));
  else root.searchCore = factory(root.viText, root.searchQuery, root.searchScore, root.searchRank);
})(typeof self !== "undefined" ? self : this, function (vi, parsing, scoring, ranking) {
  "use strict";

  var parse = parsing.parse, optionalWords = parsing.optionalWords, variants = parsing.variants, contextWords = parsing.contextWords, contextReadings = parsing.contextReadings, rowReadings = parsing.rowReadings, token = parsing.token, quickFixes = parsing.quickFixes, editsAllowed = parsing.editsAllowed, accentedFix = parsing.accentedFix;
  var postingsFor = scoring.postingsFor, clausesOf = scoring.clausesOf, candidates = scoring.candidates, needsOf = scoring.needsOf, loadSections = scoring.loadSections, loadFacets = scoring.loadFacets, topicPath = scoring.topicPath, loadSectionSet = scoring.loadSectionSet, pairsFor = scoring.pairsFor, nearWords = scoring.nearWords, neighbours = scoring.neighbours, typedAsWord = scoring.typedAsWord;
  var rank = ranking.rank, mostWords = ranking.mostWords;

  // How many of the best scored sections are re-ranked on their text (and can be shown).
  var RERANK = 40;

  // How many sections each query variant brings to be scored by every variant.
  var CANDIDATES = 200;

  // The first results are shown when the text of this many has arrived; the rest fill in.
  var FIRST = 8;

  // Below this many results, words that are in the index are also tried with a typo fixed
  // (ranked after every result of the words as typed).
  var FEW = 3;

  // Most combinations of corrected words tried for one query.
  var MAX_FIXES = 4;

  // Below this many results (every word found, as typed or corrected), sections holding
  // most of the words follow them.
  var HANDFUL = 5;

  // A section lacking one of four words or more, and saying the others in a row (three at
  // least: "tổ Covid - 19 cộng đồng" for "nơi nào lập tổ covid cộng đồng"), ranks before the
  // sections holding every word where none says them in a row: the stretch is what the
  // reader asked about, the scattered words are chance. At most this many are looked for.
  var STRETCHES = 5;

  // options: prefix (the last word is being typed), limit (results kept), facets (also
  // say which documents match, for the filter menus), filter ({province, level, type}:
  // only documents with these facts; topic: "chu-de/<key>" or "thuc-tien/<key>", only the
  // sections holding that theme's or practice's passages; own: "1", only the sections that are
  // mostly a plan's own text), only (a test on a document's facts and a section's ref), literal (no
  // corrections), partial (called with the first results before the rest are ranked).
  // The results carry `corrected` (the query searched instead, when corrected results are
  // among them), `incomplete` ({from: the first result lacking some words, words: the
  // query's words, those it lacks marked missing}, or null), `stretch` ({at: a result lacking
  // one word but saying the rest in a row, ranked before scattered full matches, words}, or
  // null; STRETCHES) and `suggestions` (words of
  // the index near the unknown ones, when no section holds every word). Question words
  // (manifest "optional") are needed nowhere unless quoted.
  function search(db, text, options) {
    options = options || {};
    var q = parse(text);
    if (!q.tokens.length) return Promise.resolve(withFacets([], null, {}, 0));
    optionalWords(q.tokens, db.manifest.optional).forEach(function (i) { q.tokens[i].optional = true; });
    var vars = variants(q.tokens, db.manifest.variants);
    var filter = options.filter || {}, only = options.only || function () { return true; };
    var needFacets = options.facets || options.only || Object.keys(filter).some(function (k) { return filter[k]; });
    // A theme or practice is a set of sections, not a fact of a document (search-score.js).
    // So is a plan's own text (own: "1"; graph/reuse.py: the sections mostly held by no other document).
    var topic = topicPath(db, filter.topic), own = filter.own === "1" && db.manifest.own;
    var facts = Object.keys(filter).filter(function (k) { return k !== "topic" && k !== "own" && filter[k]; });
    var keep = function (doc, ref) {
      return only(doc, ref) && facts.every(function (k) { return doc[k] === filter[k]; }) &&
        (!ctx.topic || ctx.topic[ref] === 1) && (!ctx.own || ctx.own[ref] === 1);
    };
    // Conversions that need no vocabulary are fetched with the query's own keys: one round trip.
    var quick = q.tokens.map(function (t, i) { return options.literal || vars.covered[i] ? [] : quickFixes(t); });
    var extra = [];
    quick.forEach(function (fixes) { fixes.forEach(function (f) { extra.push({ tokens: f }); }); });
    var ctx = { db: db, q: q, options: options, keep: keep };
    // The syllable pairs of the query's words come in the same round trip as their postings.
    var syllables = options.literal ? [] : contextWords(q.tokens);
    var pairs = syllables.length > 1 && db.manifest.pairs ? pairsFor(db, syllables.filter(Boolean).map(function (w) { return w.folded; })) : null;
    return Promise.all([postingsFor(db, needsOf(db, vars.concat(extra), options.prefix)), needFacets ? loadFacets(db) : null, pairs,
                        topic ? loadSectionSet(db, topic) : null, own ? loadSectionSet(db, "rieng") : null]).then(function (got) {
      ctx.post = got[0]; ctx.facets = got[1]; ctx.topic = got[3]; ctx.own = got[4];
      var readings = got[2] ? contextReadings(q.tokens, syllables, got[2], ctx.post) : [];
      // A reading that ranks first would reorder the first results shown: show none early then.
      var early = readings.some(function (r) { return r.whole; }) ? null : options.partial;
      return asTyped(ctx, q, vars, early).then(function (literal) {
        // Every pair held, but the words in a row nowhere: a syllable may have slipped into another word.
        // A question's words are keywords, not a phrase: not read so. Nor are words found in more
        // sections than were ranked on their text: one of the others may hold them in a row.
        var question = q.tokens.some(function (t) { return t.optional; });
        var allRanked = literal.total <= literal.results.length;
        if (got[2] && !readings.length && !question && literal.results.length && allRanked && !literal.results.some(function (r) { return r.phrase; })) {
          readings = rowReadings(q.tokens, syllables, got[2]).map(function (r) { r.row = true; return r; });
        }
        return corrections(ctx, vars, quick, literal.results.length).then(function (fixes) {
          var queries = readings.map(function (r) { return { tokens: r.tokens, first: !!r.whole, context: true, row: r.row }; }).concat(fixedQueries(ctx, fixes));
          if (!queries.length) return finish(ctx, literal, null);
          return runQueries(ctx, queries).then(function (fixed) { return finish(ctx, literal, fixed); });
        });
      });
    });
  }

  // The words as typed. A word typed with its marks that the archive holds so means that
  // word ("ký", to sign, is not the "Kỳ" of Tứ Kỳ): sections holding it only with other
  // marks come last (`otherMarks`), unless none holds the query as typed in a row and
  // some say it so with other marks ("tặng thương" for "tặng thưởng": the marks slipped,
  // the neighbours tell), and then they count as typed.
  function asTyped(ctx, q, vars, early) {
    ctx.asTyped = q.tokens.some(function (t) { return !t.optional && typedAsWord(t, ctx.post); });
    // The first results go on the page early, as for any query; the whole list replaces them.
    return evaluate(ctx, q, vars, early).then(function (strict) {
      if (!ctx.asTyped) return strict;
      if (strict.results.some(function (r) { return r.phrase; })) return strict;
      ctx.asTyped = false;
      return evaluate(ctx, q, vars, null).then(function (loose) {
        if (loose.results.some(function (r) { return r.phrase; })) return loose;
        ctx.asTyped = true;
        var held = {};
        strict.results.forEach(function (r) { held[r.ref] = true; });
        strict.otherMarks = loose.results.filter(function (r) { return !held[r.ref]; });
        return strict;
      });
    });
  }

  // Score, fetch the text of the best and rank one query (the words as typed, or corrected).
  function evaluate(ctx, q, vars, partial, limit) {
    var db = ctx.db, options = ctx.options, post = ctx.post;
    limit = limit || options.limit || RERANK;
    var clauses = vars.map(function (v) { return clausesOf(v.tokens, options.prefix, ctx.asTyped ? post : null); });
    var pool = {}, matched = {}, total = 0;
    var founds = clauses.map(function (cl) {
      var found = candidates(db, post, cl, Math.max(CANDIDATES, limit), ctx.facets, ctx.keep);
      found.refs.forEach(function (r) { pool[r] = true; });
      Object.keys(found.matched).forEach(function (d) { matched[d] = true; });
      total = Math.max(total, found.total);
      return found;
    });
    // Every variant scores every section any variant found (a section may hold another
    // spelling's words too); a section ranks by its best.
    var refs = Object.keys(pool).map(Number);
    var hits = founds.map(function (found) { return found.scoresOf(refs); });
    var best = {};
    hits.forEach(function (list) { list.forEach(function (h) { best[h.ref] = Math.max(best[h.ref] || 0, h.score); }); });
    var top = Object.keys(best).sort(function (a, b) { return best[b] - best[a] || a - b; }).slice(0, limit);
    var out = { matched: matched, total: total };
    var firstTop = loadSections(db, top.slice(0, FIRST));
    if (partial && top.length > FIRST) {
      // The first results go on the page before the rest is fetched and decoded: decoding
      // thirty store files on the page's one thread would hold them back.
      firstTop = firstTop.then(function () {
        try {
          if (!out.results) partial(withFacets(rank(db, q, vars, hits, top.slice(0, FIRST), options.prefix), ctx.facets, matched, total));
        } catch (e) { /* the whole list still comes */ }
      });
    }
    return firstTop.then(function () { return loadSections(db, top); }).then(function () {
      out.results = rank(db, q, vars, hits, top, options.prefix);
      return out;
    });
  }

  function known(post, t) { return !!post[t.folded]; }

  // Per query word, what it may be corrected to: [{at, options: [[token, …], …], edits}].
  // A word not in the index (and not a spelling of the variants list) takes its Telex, VNI
  // or loose-number reading when the index has it, else its nearest words; when the words
  // as typed found few results, long words are also tried with a typo fixed.
  function corrections(ctx, vars, quick, found) {
    var db = ctx.db, post = ctx.post, q = ctx.q, options = ctx.options;
    if (options.literal) return Promise.resolve([]);
    var last = q.tokens.length - 1, out = [], typos = [];
    var unknown = q.tokens.some(function (t, i) { return !vars.covered[i] && !t.optional && !known(post, t) && !(options.prefix && i === last); });
    q.tokens.forEach(function (t, i) {
      if (vars.covered[i] || t.optional || (options.prefix && i === last)) return;
      if (!known(post, t)) {
        var ok = quick[i].filter(function (f) { return f.every(function (x) { return known(post, x); }); });
        if (ok.length) { out.push({ at: i, options: ok.slice(0, 1), edits: 0 }); return; }
      } else if (unknown || found >= FEW) return;
      if (editsAllowed(t) && db.manifest.typos) typos.push(i);
    });
    return Promise.all(typos.map(function (i) {
      var t = q.tokens[i];
      return nearWords(db, t.folded, editsAllowed(t)).then(function (near) {
        if (!near.length) return;
        var edits = near[0].edits;
        var opts = near.filter(function (n) { return n.edits === edits; }).slice(0, 3)
          .map(function (n) { return [accentedFix(t.exact, n.word)]; });
        out.push({ at: i, options: opts, edits: edits, typo: true });
      });
    })).then(function () { return out.sort(function (a, b) { return a.at - b.at; }); });
  }

  // The corrected queries of per-word fixes: each word's best option first, then the others.
  function fixedQueries(ctx, fixes) {
    if (!fixes.length) return [];
    var combos = [ctx.q.tokens.map(function (t) { return [t]; })];
    fixes.forEach(function (f) {
      var next = [];
      combos.forEach(function (c) {
        f.options.forEach(function (o) {
          if (next.length >= MAX_FIXES) return;
          var copy = c.slice();
          copy[f.at] = o;
          next.push(copy);
        });
      });
      combos = next;
    });
    return combos.map(function (c) { return { tokens: [].concat.apply([], c), first: false }; });
  }

  // The corrected queries ({tokens, first}), searched like the query itself; their words'
  // shards are fetched in one round trip. `first`: its results rank before the words as typed.
  function runQueries(ctx, corrected) {
    var seen = {}, queries = [];
    corrected.forEach(function (c) {
      var key = c.tokens.map(function (t) { return t.folded; }).join(" ");
      if (seen[key]) return;
      seen[key] = true;
      queries.push({ tokens: c.tokens, first: c.first, context: c.context, row: c.row, vars: variants(c.tokens, ctx.db.manifest.variants),
                     q: { tokens: c.tokens, phrases: ctx.q.phrases } });
    });
    var all = [].concat.apply([], queries.map(function (x) { return x.vars; }));
    return postingsFor(ctx.db, needsOf(ctx.db, all, ctx.options.prefix)).then(function (post) {
      Object.keys(post).forEach(function (k) { ctx.post[k] = post[k]; });
      // A reading that ranks first is ranked like the query itself; the others share the
      // sections one query would fetch.
      var limit = ctx.options.limit || RERANK, share = Math.ceil(limit / queries.length);
      return Promise.all(queries.map(function (x) { return evaluate(ctx, x.q, x.vars, null, x.first ? limit : share); })).then(function (runs) {
        return { runs: runs, queries: queries };
      });
    });
  }

  // The words as typed first (exact words rank before corrected ones), then what only the
  // corrected queries found; a reading whose every pair of syllables the archive holds
  // (where the words as typed stand together nowhere) comes before the words as typed.
  // When all that is fewer than a handful, sections holding most of the words follow; and
  // when no section holds them all, the nearest words of the index are suggested.
  function finish(ctx, literal, fixed) {
    var before = [], results = literal.results.slice(), matched = literal.matched, total = literal.total, seen = {};
    var corrected = null, limit = Math.max(ctx.options.limit || RERANK, literal.results.length);
    if (fixed) {
      var after = [];
      fixed.runs.forEach(function (run, n) {
        var query = fixed.queries[n];
        run.results.forEach(function (r) {
          r.score = r.score / (1 + n);  // the best corrected reading first
          r.corrected = true;
          r.reading = n;
          // A reading for words the archive holds in a row nowhere brings only the sections holding it so.
          if (query.row && !r.phrase) return;
          var had = seen[r.ref], typed = results.filter(function (x) { return x.ref === r.ref; })[0];
          // A section found by two readings that rank first counts with its better score.
          if (had && query.first && before.indexOf(had) >= 0 && had.score < r.score) {
            before[before.indexOf(had)] = seen[r.ref] = r;
            return;
          }
          // A section the words as typed found stays where they put it, unless this reading of
          // the neighbouring syllables stands in it in a row and they do not.
          if (had || (!query.first && typed && !(r.phrase && query.context && !typed.phrase))) return;
          seen[r.ref] = r;
          (query.first ? before : after).push(r);
        });
        Object.keys(run.matched).forEach(function (d) { matched[d] = true; });
        total = Math.max(total, run.total);
      });
      var byScore = function (a, b) { return b.score - a.score || a.ref - b.ref; };
      // The words as typed in a row first; then a reading of the neighbouring syllables in a row
      // ("chọ tổ dân phố": the section saying "chọn tổ dân phố"), the best of every reading
      // first (search-rank.js: a phrase weighs most); then the rest as before: readings whose
      // every pair the archive holds, the words as typed, the other corrections.
      var typedRest = results.filter(function (r) { return !seen[r.ref]; });
      var readInRow = function (r) { return r.phrase && fixed.queries[r.reading].context; };
      var apart = function (r) { return !readInRow(r); };
      results = typedRest.filter(function (r) { return r.phrase; }).concat(
        before.concat(after).filter(readInRow).sort(byScore), before.filter(apart).sort(byScore),
        typedRest.filter(function (r) { return !r.phrase; }), after.filter(apart).sort(byScore)).slice(0, limit);
      if (before.length || after.length) {
        // The page names the reading its first corrected result was found with.
        var lead = results.filter(function (r) { return r.corrected; })[0] || before[0] || after[0];
        corrected = { text: display(ctx.post, fixed.queries[lead.reading].tokens),
                      literal: !literal.results.length || !!(results[0] && results[0].corrected) };
      }
    }
    var complete = results.length;
    // A quoted phrase is asked for as it stands: no partial matches then, nor in the literal search.
    var loose = !ctx.options.literal && !ctx.q.phrases.length;
    var keywords = ctx.q.tokens.filter(function (t) { return !t.optional; }).length;
    var scattered = keywords >= 4 && !results.some(function (r) { return r.phrase; });
    var most = Promise.resolve([]);
    if (loose && complete < HANDFUL) {
      // The sections holding every word are shown while those holding most are fetched.
      if (complete && ctx.options.partial) ctx.options.partial(withFacets(results.slice(), ctx.facets, matched, total));
      most = mostWords(ctx, results, ctx.options.limit || RERANK);
    } else if (loose && scattered) {
      most = mostWords(ctx, results, complete + STRETCHES).then(function (extra) {
        return extra.filter(function (r) { return r.stretch; });
      });
    }
    return most.then(function (extra) {
      var stretches = scattered ? extra.filter(function (r) { return r.stretch; }) : [];
      var rest = extra.filter(function (r) { return stretches.indexOf(r) < 0; });
      // Before the first result holding every word apart (those saying them in a row stay first).
      var at = results.filter(function (r) { return r.phrase; }).length;
      var shown = {};
      results.concat(stretches, rest).forEach(function (r) { shown[r.ref] = true; });
      var others = (literal.otherMarks || []).filter(function (r) { return !shown[r.ref]; });
      results = withFacets(results.slice(0, at).concat(stretches, results.slice(at), rest, others).slice(0, Math.max(limit, at + stretches.length + rest.length)),
                           ctx.facets, matched, total);
      results.corrected = corrected;
      results.incomplete = rest.length ? { from: complete + stretches.length, words: rest[0].words } : null;
      results.stretch = stretches.length ? { at: at, words: stretches[0].words } : null;
      if (complete) { results.suggestions = []; return results; }
      return suggest(ctx).then(function (words) { results.suggestions = words; return results; });
    });
  }

  // A corrected query as a reader would type it: accented where the index has the accents.
  function display(post, tokens) {
    return tokens.map(function (t) { return post[t.exact] ? t.exact : t.folded; }).join(" ");
  }

  // Up to 5 whole queries with one unknown word replaced by a near word of the index:
  // by edit distance (two edits allowed here, from 3 letters), else the neighbouring keys.
  function suggest(ctx) {
    var db = ctx.db, q = ctx.q, post = ctx.post;
    var unknown = q.tokens.map(function (t, i) { return i; }).filter(function (i) { return !q.tokens[i].optional && !known(post, q.tokens[i]); });
    return Promise.all(unknown.map(function (i) {
      var t = q.tokens[i];
      var near = /^\p{L}{3,}$/u.test(t.folded) && db.manifest.typos ? nearWords(db, t.folded, 2) : Promise.resolve([]);
      return near.then(function (found) {
        return found.length ? found.map(function (n) { return n.word; }) : neighbours(db, t.folded);
      }).then(function (words) {
        return words.slice(0, 5).map(function (w) {
          return q.tokens.map(function (x, j) { return j === i ? w : x.exact; }).join(" ");
        });
      });
    })).then(function (lists) { return [].concat.apply([], lists).slice(0, 5); });
  }

  // Results carry, for the filter menus, the values found among all matching documents,
  // and how many sections matched in all (only the best are ranked and shown).
  function withFacets(results, facets, matched, total) {
    results.total = total;
    results.facets = { province: [], level: [], type: [] };
    if (facets) {
      Object.keys(matched).forEach(function (d) {
        var doc = facets.docs[d];
        Object.keys(results.facets).forEach(function (k) {
          if (doc[k] && results.facets[k].indexOf(doc[k]) < 0) results.facets[k].push(doc[k]);
        });
      });
      Object.keys(results.facets).forEach(function (k) { results.facets[k].sort(); });
    }
    return results;
  }

  return { load: scoring.load, search: search };
});
