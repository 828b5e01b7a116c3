"""The build cache's file holds what the last build kept, no more: a later process starts from it."""

from thidua.cache import BuildCache


def _reopened(folder):
    return BuildCache(folder, "key")


def test_what_a_build_keeps_or_forgets_is_what_the_next_process_finds(tmp_path):
    cache = BuildCache(tmp_path, "key")
    cache.put_source("s1", {"plan": 1})
    cache.put_source("s2", {"plan": 2})
    cache.put_page("a.md", "d1", b"A")
    cache.put_page("b.md", "d2", b"B")
    cache.outputs.update({"a/index.html": ("d1", 1, 10), "b/index.html": ("d2", 1, 11)})
    cache.save({"a.md", "b.md"})
    # The next build: one source edited (a new digest), one page gone, one output rewritten, one deleted.
    cache.keep_sources({"s1"})
    cache.put_source("s3", {"plan": 3})
    cache.put_page("a.md", "d3", b"A2")
    cache.outputs["a/index.html"] = ("d3", 2, 12)
    del cache.outputs["b/index.html"]
    cache.save({"a.md"})

    again = _reopened(tmp_path)
    assert set(again.sources) == {"s1", "s3"} and again.source("s3") == {"plan": 3}
    assert again.pages == {"a.md": ("d3", b"A2")}
    assert again.outputs == {"a/index.html": ("d3", 2, 12)}
    # A save with nothing changed leaves it so.
    again.keep_sources({"s1", "s3"})
    again.save({"a.md"})
    assert _reopened(tmp_path).outputs == {"a/index.html": ("d3", 2, 12)}


def test_another_key_starts_empty(tmp_path):
    cache = BuildCache(tmp_path, "key")
    cache.put_page("a.md", "d1", b"A")
    cache.outputs["a/index.html"] = ("d1", 1, 10)
    cache.save({"a.md"})
    other = BuildCache(tmp_path, "another key")
    assert other.pages == {} and other.outputs == {}
    other.save(set())
    assert BuildCache(tmp_path, "another key").outputs == {}
