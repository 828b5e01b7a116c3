"""The plan archive: load and validate sources, link the graph, render pages, build search.

Pipeline, one module per job:
    load.load_archive()   plans/*.yaml -> Archive (validated, immutable)   [source, schema, load]
    graph.Graph           implements / cites edges, chains to QĐ 1497/QĐ-TTg
    render.render_site()  Archive + Graph -> Markdown pages (no theme code)
    data.write_data()     documents.json / documents.csv (open data)
    search.build_index()  lunr index prebuilt in Python for lunr.js 2.3.9
The MkDocs side is only `scripts/hook.py`.
"""
