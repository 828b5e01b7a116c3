"""thidua: the archive of the 2021 special emulation plans (QĐ 1497/QĐ-TTg), by stage.

Each stage imports only the ones above it in this list (the layer contract in
pyproject.toml, checked by `make test`); none imports MkDocs.

- model.py, text.py, paths.py, errors.py   the domain objects, the Vietnamese
      normalizer, the only place that makes URLs, problems with file:line:field;
      cache.py: what one build keeps for the next (`BuildCache`, by content; `Kept`)
- sources/     read and validate: `load_archive(plans_dir, cache=...)` -> Archive
      reader.py (YAML with line numbers, UTF-8/BOM), schema.py (JSON Schemas in
      plans/schema/), fields.py (references and dates), reference.py (units, award
      forms, practices, themes), documents.py (plans and directives), cases.py,
      checks.py (`check_graph`: links, loops, the chain to the root, numbers),
      boundaries.py (the map's committed province shapes)
- graph/       link: `Graph(archive)` (implementers, cited-by, chains, groupings);
      topics.py (`NodeIndex`: where practices and themes occur); cascade.py (dates,
      weeks and delays after the parent document, never a guessed day); reuse.py
      (`graph.reuse`: the passages each text shares with others, and its own)
- pages/       render to Markdown, no theme code: `render_site(archive, graph)`
      documents.py, browse.py, cases.py, topics.py, diagram.py, map.py, timeline.py, reuse.py (shared
      passages on a plan's page, the side-by-side page); fragments.py and
      markdown.py are shared by them
- publish/     files beside the pages: `published_files(archive)` (open data,
      reuse_data.py, feed.py); search_index.py (`build_search_files`), search_writer.py
- importer/    plain text -> a draft plans/<id>.yaml (`import_text`; see its map)

On top: plugin.py (`ArchivePlugin`, the MkDocs plugin: build events -> the stages),
incremental.py (which pages a dirty build renders again, by digest of their inputs)
and commands/ (`python -m scripts check | new-case | map-data | import | import-eval | synth |
bench | search-eval | desk | inbox`; bench_edit.py: edit -> visible under `mkdocs serve --dirty`;
desk.py: the editorial desk's own clone and servers for `make desk`; drafts.py: a plan's file
-> a draft branch `cms/plans/<id>`, made by desk_intake.py's server and by inbox.py, the CI step
that empties a published desk's inbox/).
"""
