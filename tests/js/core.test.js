/* The whole search in Node (node --test tests/js/): queries over small in-memory indexes
 * (fixture.js), the browser's core (search-core.js) with the query, scoring and ranking
 * modules under it; each module's own tests are beside this file. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const zlib = require("node:zlib");
const vi = require("../../overrides/assets/javascripts/vi-text.js");
const core = require("../../overrides/assets/javascripts/search-core.js");
const query = require("../../overrides/assets/javascripts/search-query.js");
const score = require("../../overrides/assets/javascripts/search-score.js");
const { buildIndex, server, vectors } = require("./fixture.js");

test("vi-text.js gives the keys of the shared vectors (text.json)", () => {
  for (const c of vectors("text.json").cases) {
    assert.deepEqual(vi.searchKeys(c.input), c.keys, c.input);
    assert.equal(vi.fold(c.input), c.fold, c.input);
  }
});

const PLANS = [
  { url: "van-ban/a/", label: "Kế hoạch phòng, chống dịch", number: "61/KH-UBND", sections: [
    { text: "Tổ chức phòng, chống dịch Covid-19; chân cứng đá mềm trước mọi khó khăn." },
    { heading: "II. Nhiệm vụ", text: "Ủy ban nhân dân huyện hỗ trợ, tiêm vắc xin cho người dân." }] },
  { url: "van-ban/b/", label: "Kế hoạch thi đua", number: "12/KH-UBND", sections: [
    { text: "Thi đua lao động sản xuất: chân đất, cứng rắn, đá bóng, mềm mỏng, hoa nở." },
    { heading: "I. Mục đích", text: "Giữ hòa bình; người dân thi đua." }] },
  { url: "van-ban/c/", label: "Hội hoa xuân", sections: [{ text: "Hoa đào, hoa mai, hoa cúc: hội hoa xuân." }] },
];

async function run(query, options, docs) {
  const files = buildIndex(docs || PLANS);
  const { fetchBytes, fetched } = server(files);
  const db = await core.load(fetchBytes, "/");
  const results = await core.search(db, query, options);
  return { urls: results.map((r) => r.doc.url), results, fetched, db };
}

test("a query without diacritics finds the accented text", async () => {
  const { urls } = await run("phong chong dich");
  assert.equal(urls[0], "van-ban/a/");
});

test("words typed with their accents rank the accent-exact section first", async () => {
  assert.equal((await run("hòa")).urls[0], "van-ban/b/");
  assert.ok((await run("hòa")).urls.includes("van-ban/c/"), "the unaccented 'hoa' is still found");
  assert.equal((await run("hoa")).urls[0], "van-ban/c/");
});

// "ký" (to sign) and "Kỳ" (of Tứ Kỳ) fold alike; "thương" and "thưởng" too.
const MARKS = [
  { url: "van-ban/thanh-oai/", label: "Kế hoạch của huyện Thanh Oai", sections: [
    { text: "Phó Chủ tịch Ủy ban nhân dân huyện chỉ đạo kế hoạch thi đua của huyện Thanh Oai." }] },
  { url: "van-ban/tu-ky/", label: "Kế hoạch của huyện Tứ Kỳ", sections: [
    { text: "Phó Chủ tịch huyện Tứ Kỳ giao các xã xây dựng kế hoạch thi đua." }] },
  { url: "van-ban/ngay-ky/", label: "Quyết định khen thưởng", sections: [
    { text: "Quyết định có hiệu lực từ ngày ký. Tặng thưởng Bằng khen cho các tập thể." }] },
  { url: "van-ban/thuong-binh/", label: "Kế hoạch chăm lo thương binh", sections: [
    { text: "Thăm hỏi thương binh, gia đình liệt sĩ." }] },
];

test("a word typed with its marks means that word, not another that folds alike", async () => {
  const { results } = await run("phó chủ tịch ký kế hoạch thi đua", {}, MARKS);
  const tuKy = results.find((r) => r.doc.url === "van-ban/tu-ky/");
  assert.ok(tuKy, "the section with 'Kỳ' is still listed");
  // No section holds "ký" with the other words: none is shown as holding them all.
  assert.ok(results.every((r) => r.words && r.words.some((w) => w.text === "ký" && w.missing)) ||
            results.indexOf(tuKy) === results.length - 1, results.map((r) => r.doc.url));
  assert.notEqual(results[0].doc.url, "van-ban/tu-ky/");
});

test("a slipped tone mark is read from its neighbours: 'tặng thương' finds 'tặng thưởng'", async () => {
  assert.equal((await run("tặng thương", {}, MARKS)).urls[0], "van-ban/ngay-ky/");
  assert.equal((await run("thương binh", {}, MARKS)).urls[0], "van-ban/thuong-binh/");
});

test("a quoted phrase keeps only sections where the words stand together", async () => {
  const loose = (await run("chân cứng đá mềm")).urls;
  const phrase = (await run("\"chân cứng đá mềm\"")).urls;
  assert.ok(loose.includes("van-ban/b/"), "the scattered words are found loosely");
  assert.deepEqual(phrase, ["van-ban/a/"]);
});

test("an abbreviation finds the words it stands for", async () => {
  const { urls } = await run("UBND huyen");
  assert.equal(urls[0], "van-ban/a/");
});

test("a document number finds its document first", async () => {
  const { urls } = await run("12/KH-UBND");
  assert.equal(urls[0], "van-ban/b/");
});

test("a result links to its section under the base URL, with a highlighted snippet", async () => {
  const { results } = await run("vắc xin");
  const shown = results[0].present();
  assert.equal(shown.url, "/van-ban/a/");
  assert.ok(shown.snippet.some(([text, marked]) => marked && /vắc/.test(text)));
});

test("a query fetches the manifest, its shards and its sections, never the whole index", async () => {
  const files = buildIndex(PLANS, { perShard: 5 });
  const { fetchBytes, fetched } = server(files);
  const db = await core.load(fetchBytes, "/");
  await core.search(db, "hoa");
  const shards = fetched.filter((p) => p.startsWith("terms/"));
  const all = Object.keys(files).filter((p) => p.startsWith("terms/"));
  assert.ok(shards.length >= 1 && shards.length < all.length, fetched.join(", "));
});

test("a query fetches the store files of its results only", async () => {
  const files = buildIndex(PLANS, { perStore: 2 });
  const { fetchBytes, fetched } = server(files);
  const db = await core.load(fetchBytes, "/");
  const results = await core.search(db, "vắc xin");
  assert.deepEqual(results.map((r) => r.ref), ["1"]);
  assert.deepEqual(fetched.filter((p) => p.startsWith("store/")), ["store/0.json.gz"]);
});

test("however sections are grouped into store files, a query finds and ranks the same", async () => {
  const ranked = async (perStore, query) => {
    const { fetchBytes } = server(buildIndex(PLANS, { perStore: perStore }));
    const db = await core.load(fetchBytes, "/");
    return (await core.search(db, query)).map((r) => [r.ref, r.score, r.present().url, r.section]);
  };
  for (const query of ["hoa", "thi đua", "phong chong dich", "\"chân cứng đá mềm\"", "12/KH-UBND"]) {
    const one = await ranked(1, query);
    assert.ok(one.length, query);
    assert.deepEqual(await ranked(2, query), one, query);
    assert.deepEqual(await ranked(3, query), one, query);
  }
});

// An index with the forgiving files the build adds: the variants table and the typo index.
function forgiving(docs, table) {
  const files = buildIndex(docs);
  const manifest = JSON.parse(files["manifest.json"]);
  const vocab = new Set();
  Object.keys(files).filter((p) => p.startsWith("terms/")).forEach((p) => {
    JSON.parse(zlib.gunzipSync(files[p])).forEach(([k]) => { if (/^\p{L}{4,}$/u.test(k) && vi.fold(k) === k) vocab.add(k); });
  });
  const index = {};
  vocab.forEach((w) => query.deletions(w, w.length >= 7 ? 2 : 1).forEach((d) => { (index[d] = index[d] || []).push(w); }));
  const keys = Object.keys(index).sort();
  const half = Math.ceil(keys.length / 2);
  manifest.typos = [];
  [keys.slice(0, half), keys.slice(half)].forEach((part, n) => {
    manifest.typos.push(part[0]);
    files["typos/" + n + ".json.gz"] = zlib.gzipSync(JSON.stringify(part.map((k) => [k, index[k]])));
  });
  manifest.variants = table || [];
  files["manifest.json"] = Buffer.from(JSON.stringify(manifest));
  return files;
}

async function forgivingRun(query, options) {
  const { fetchBytes, fetched } = server(forgiving(PLANS, vectors("variants.json").table));
  const db = await core.load(fetchBytes, "/");
  const results = await core.search(db, query, options);
  return { urls: results.map((r) => r.doc.url), results, fetched };
}

test("a word with one slipped key finds the plan, and says what it searched", async () => {
  const { urls, results } = await forgivingRun("phong chonng dich");
  assert.equal(urls[0], "van-ban/a/");
  assert.deepEqual(results.corrected, { text: "phong chong dich", literal: true });
});

test("Telex typed without an input method finds the plan, with its accents", async () => {
  const { urls, results } = await forgivingRun("chaan cuwngs ddas meemf");
  assert.equal(urls[0], "van-ban/a/");
  assert.equal(results.corrected.text, "chân cứng đá mềm");
});

test("the literal search corrects nothing", async () => {
  const { urls, results } = await forgivingRun("phong chonng dich", { literal: true });
  assert.deepEqual(urls, []);
  assert.equal(results.corrected, null);
});

test("short words and numbers are never corrected: a one-letter edit there is another word", async () => {
  assert.deepEqual((await forgivingRun("hoab")).urls, []);
  assert.deepEqual((await forgivingRun("13/KH-UBND")).urls, []);
});

test("exact words rank before corrected ones", async () => {
  // "nghiep" is in plan b only; "nghiem" (one edit away) in plan c.
  const docs = PLANS.concat([{ url: "van-ban/d/", label: "Kế hoạch xét nghiệm", sections: [{ text: "Xét nghiệm nhanh." }] },
                             { url: "van-ban/e/", label: "Khởi nghiệp", sections: [{ text: "Khởi nghiệp sáng tạo." }] }]);
  const { fetchBytes } = server(forgiving(docs, []));
  const db = await core.load(fetchBytes, "/");
  const results = await core.search(db, "nghiep");
  assert.deepEqual(results.map((r) => r.doc.url), ["van-ban/e/", "van-ban/d/"]);
  assert.equal(results[1].corrected, true);
});

test("no section holds every word: those holding most follow, the word they lack is named, and near words are suggested", async () => {
  const { urls, results } = await forgivingRun("chân dichhh");  // two edits from "dich": too far to correct
  assert.deepEqual(urls, ["van-ban/a/", "van-ban/b/"]);  // both say "chân"
  assert.deepEqual(results.incomplete, { from: 0, words: [{ text: "chân", missing: false }, { text: "dichhh", missing: true }] });
  assert.ok(results.suggestions.includes("chân dich"), results.suggestions.join(", "));
});

test("sections holding most of the words rank after every section holding them all, rarer words weighing more", async () => {
  const docs = PLANS.concat([
    { url: "van-ban/d/", label: "Kế hoạch d", sections: [{ text: "Ứng dụng Bluezone trên điện thoại." }] },
    { url: "van-ban/e/", label: "Kế hoạch e", sections: [{ text: "Người dân trong huyện." }] },
    { url: "van-ban/f/", label: "Kế hoạch f", sections: [{ text: "Người dân huyện cài Bluezone." }] }]);
  const { fetchBytes } = server(forgiving(docs, []));
  const db = await core.load(fetchBytes, "/");
  const results = await core.search(db, "huyện cài bluezone");
  assert.deepEqual(results.map((r) => r.doc.url).slice(0, 3), ["van-ban/f/", "van-ban/d/", "van-ban/a/"]);
  assert.equal(results.incomplete.from, 1);
  assert.deepEqual(results[1].words.filter((w) => w.missing).map((w) => w.text), ["huyện", "cài"]);
  assert.equal(results[0].words, undefined, "a section with every word is not partial");
  // No section holds two of these words; "điện" is in one section, "huyện" in three: "điện" weighs more.
  const rare = await core.search(db, "huyện điện xyzzy");
  assert.equal(rare[0].doc.url, "van-ban/d/");
  assert.ok(rare.slice(1).every((r) => r.words[0].missing === false), "then the sections with \"huyện\"");
});

test("the literal search adds no partial matches", async () => {
  const { urls } = await forgivingRun("chân dichhh", { literal: true });
  assert.deepEqual(urls, []);
});

test("a question finds the plan without its question words, unless they are quoted", async () => {
  const files = forgiving(PLANS, []);
  const manifest = JSON.parse(files["manifest.json"]);
  manifest.optional = vectors("questions.json").table;
  files["manifest.json"] = Buffer.from(JSON.stringify(manifest));
  const db = await core.load(server(files).fetchBytes, "/");
  const asked = await core.search(db, "huyện nào tiêm vắc xin");
  assert.equal(asked[0].doc.url, "van-ban/a/");
  assert.equal(asked.incomplete, null, "every word that is needed was found");
  const quoted = await core.search(db, "huyện \"nào\" tiêm vắc xin");
  assert.ok(quoted.every((r) => r.words), "quoted, the question word is needed: only partial matches");
});

// An index of the shared texts (context.json) with the syllable pairs the build cut from them.
async function contextDb() {
  const v = vectors("context.json");
  const files = forgiving(v.texts.map((t, i) => ({ url: "van-ban/" + i + "/", label: "Văn bản " + i, sections: [{ text: t }] })), []);
  const manifest = JSON.parse(files["manifest.json"]);
  manifest.pairs = v.shards.map((shard, n) => {
    files["pairs/" + n + ".json.gz"] = zlib.gzipSync(JSON.stringify(shard));
    return shard[0][0];
  });
  files["manifest.json"] = Buffer.from(JSON.stringify(manifest));
  const { fetchBytes, fetched } = server(files);
  return { db: await core.load(fetchBytes, "/"), fetched, v };
}

test("a slipped short syllable is read by the syllables beside it (context.json)", async () => {
  const { db, v } = await contextDb();
  for (const c of v.queries) {
    const results = await core.search(db, c.q);
    assert.equal(results.corrected ? vi.fold(results.corrected.text) : null, "shown" in c ? c.shown : c.reading, c.q);
  }
});

test("the reading whose every pair the archive holds ranks before the words as typed", async () => {
  const { db } = await contextDb();
  // "bo" is in "Bộ Y tế" (text 1), but "khai bo" stands nowhere; "khai báo y tế" does (text 0).
  const results = await core.search(db, "khai bo y te");
  assert.equal(results[0].doc.url, "van-ban/0/");
  assert.equal(results[0].corrected, true);
  assert.ok(results.findIndex((r) => r.doc.url === "van-ban/1/") > 0, "the section with the words as typed follows");
  assert.equal(results.corrected.literal, true, "the page says it searched the corrected words");
});

test("of two readings that hold every pair, the one a section holds in a row comes first", async () => {
  const { db } = await contextDb();
  const results = await core.search(db, "cho to dan");
  assert.equal(results[0].doc.url, "van-ban/5/", "Chọn tổ dân phố làm điểm cho huyện.");
  assert.equal(results.corrected.text, "chon to dan");
});

test("a query fetches the pair shards of its own syllables only", async () => {
  const { db, fetched, v } = await contextDb();
  await core.search(db, "vung xnah");
  const pairs = fetched.filter((p) => p.startsWith("pairs/"));
  const want = ["vung", "xnah"].map((w) => "pairs/" + score.shardOf({ manifest: { terms: v.shards.map((s) => s[0][0]) } }, w) + ".json.gz");
  assert.deepEqual(pairs.sort(), Array.from(new Set(want)).sort());
});

test("a correction fetches only the typo shards its word needs", async () => {
  const { fetched } = await forgivingRun("phong chonng dich");
  const typos = fetched.filter((p) => p.startsWith("typos/"));
  assert.ok(typos.length >= 1 && typos.length <= 2, typos.join(", "));
});

test("a theme filter keeps only its sections, fetched when chosen; an unknown one fetches nothing", async () => {
  const topics = { "chu-de": [["tiem-chung", "Tiêm chủng vắc xin"]], "thuc-tien": [] };
  // Refs 1 and 3 as the build writes them: the first, then the gaps.
  const files = buildIndex(PLANS, { manifest: { topics: topics }, files: { "chu-de/tiem-chung.json.gz": zlib.gzipSync("[1,2]") } });
  const { fetchBytes, fetched } = server(files);
  const db = await core.load(fetchBytes, "/");
  const all = await core.search(db, "dân");
  assert.deepEqual(all.map((r) => r.ref).sort(), ["1", "3"]);
  const inTheme = await core.search(db, "thi đua", { filter: { topic: "chu-de/tiem-chung" } });
  assert.deepEqual(inTheme.map((r) => r.ref), ["3"]);
  assert.ok(fetched.includes("chu-de/tiem-chung.json.gz"));
  const before = fetched.length;
  const unknown = await core.search(db, "dân", { filter: { topic: "../manifest" } });
  assert.deepEqual(unknown.map((r) => r.ref).sort(), ["1", "3"], "a value the menu lacks filters nothing");
  assert.ok(!fetched.slice(before).some((p) => p.includes("manifest")));
});

test("'own text only' keeps the sections the build lists as a plan's own, when the index has the list", async () => {
  const files = buildIndex(PLANS, { manifest: { own: true }, files: { "rieng.json.gz": zlib.gzipSync("[3]") } });
  const { fetchBytes, fetched } = server(files);
  const db = await core.load(fetchBytes, "/");
  assert.deepEqual((await core.search(db, "dân", { filter: { own: "1" } })).map((r) => r.ref), ["3"]);
  assert.ok(fetched.includes("rieng.json.gz"));
  const without = buildIndex(PLANS);  // an index built without text reuse: the filter cannot apply
  const db2 = await core.load(server(without).fetchBytes, "/");
  assert.deepEqual((await core.search(db2, "dân", { filter: { own: "1" } })).map((r) => r.ref).sort(), ["1", "3"]);
});

test("a section holding the words as a phrase ranks before a short one where they stand apart", async () => {
  const filler = "Các đơn vị tổ chức thực hiện nghiêm các biện pháp phòng dịch tại cơ quan, trường học và khu dân cư. ".repeat(6);
  const docs = [
    { url: "van-ban/ngan/", label: "Khoanh vùng nhanh, xét nghiệm hợp lý", sections: [{ text: "Truy vết nhanh, xét nghiệm đúng; nhanh, xét nghiệm rộng. ".repeat(12) }] },
    { url: "van-ban/dai/", label: "Kế hoạch của huyện", sections: [{ text: filler + "Tổ chức xét nghiệm nhanh cho người về từ vùng dịch. " + filler }] },
  ];
  for (const q of ["xét nghiệm nhanh", "xet nghiem nhanh"]) {
    const { urls } = await run(q, {}, docs);
    assert.deepEqual(urls, ["van-ban/dai/", "van-ban/ngan/"], q);
  }
  // A document's own number still comes before a phrase another holds.
  const numbered = [
    { url: "van-ban/qd/", label: "Quyết định số 1497/QĐ-TTg", number: "1497/QĐ-TTg", sections: [{ text: "Ban hành kế hoạch thi đua." }] },
    { url: "van-ban/kh/", label: "Kế hoạch thi đua", sections: [{ text: filler + "Thực hiện Quyết định 1497 của Thủ tướng. " + filler }] },
  ];
  assert.equal((await run("quyet dinh 1497", {}, numbered)).urls[0], "van-ban/qd/");
});

test("words whose every pair stands somewhere, but in a row nowhere, are read with the syllable that makes the row", async () => {
  const { db } = await contextDb();
  // "dẫn cho" and "cho cá" are pairs of the texts; "dẫn cho các" stands in text 7 only.
  const results = await core.search(db, "dan cho ca");
  assert.equal(results[0].doc.url, "van-ban/7/", "Sở hướng dẫn cho các huyện.");
  assert.equal(results.corrected.text, "dan cho cac");
  assert.ok(results.some((r) => r.doc.url === "van-ban/8/"), "the words as typed, here and there, follow");
  // The words as typed in a row: nothing is read otherwise.
  const typed = await core.search(db, "thuong cho ca");
  assert.equal(typed[0].doc.url, "van-ban/6/");
  assert.equal(typed.corrected, null);
});

test("the words as typed in a row rank before another spelling of them, or them with numbers between", async () => {
  const filler = "Các đơn vị tổ chức thực hiện nghiêm các biện pháp phòng dịch tại cơ quan, trường học và khu dân cư. ".repeat(6);
  const docs = [
    { url: "van-ban/nguyen-van/", label: "Kế hoạch của tỉnh", sections: [{ text: filler + "Ban TĐKT tỉnh tổng hợp, khen thưởng tập thể và cá nhân. " + filler }] },
    { url: "van-ban/viet-tat/", label: "Hướng dẫn", sections: [{ text: "Ban Thi đua - Khen thưởng Trung ương hướng dẫn. ".repeat(8) }] },
    { url: "van-ban/so/", label: "Bằng khen", sections: [{ text: "Tặng Bằng khen cho 16 tập thể và 67 cá nhân. ".repeat(8) }] },
  ];
  for (const q of ["tap the va ca nhan", "tập thể và cá nhân", "ban tdkt", "Ban TĐKT"]) {
    const { urls } = await run(q, {}, docs);
    assert.equal(urls[0], "van-ban/nguyen-van/", q);
  }
});

test("a phrase is every word typed, a question word too; a spelling of the variants list stands for its word", async () => {
  const filler = "Các đơn vị tổ chức thực hiện nghiêm các biện pháp phòng dịch tại cơ quan, trường học và khu dân cư. ".repeat(6);
  const docs = [
    { url: "van-ban/dai/", label: "Kế hoạch của tỉnh", sections: [{ text: filler + "Áp dụng các biện pháp cách ly; tổ chức xét nghiệm nhanh. " + filler }] },
    { url: "van-ban/ngan/", label: "Khẩu hiệu", sections: [{ text: "Áp dụng biện pháp sớm; khoanh vùng nhanh, xét nghiệm đúng. ".repeat(12) }] },
  ];
  const manifest = { optional: vectors("questions.json").table, variants: vectors("variants.json").table };
  const { fetchBytes } = server(buildIndex(docs, { manifest: manifest }));
  const db = await core.load(fetchBytes, "/");
  for (const q of ["test nhanh", "áp dụng các biện pháp"]) {
    const results = await core.search(db, q);
    assert.equal(results[0].doc.url, "van-ban/dai/", q);
  }
});

test("typed with accents, the section saying the phrase with those accents comes first", async () => {
  const filler = "Các đơn vị tổ chức thực hiện nghiêm các biện pháp phòng dịch tại cơ quan, trường học và khu dân cư. ".repeat(2);
  const docs = [
    { url: "van-ban/chi-tieu/", label: "Kế hoạch", sections: [{ text: filler + "Hoàn thành các chỉ tiêu đề ra trong năm. " + filler }] },
    { url: "van-ban/chi-tieu-tien/", label: "Tài chính", sections: [{ text: "Khoản chi tiêu đề ra. ".repeat(4) }] },
  ];
  assert.equal((await run("chỉ tiêu đề ra", {}, docs)).urls[0], "van-ban/chi-tieu/");
  assert.equal((await run("chi tiêu đề ra", {}, docs)).urls[0], "van-ban/chi-tieu-tien/");
});
