"""MkDocs plugin `policy`: the pages that follow from the policy data, generated.

Why a plugin next to mkdocs-macros: macros render a page's content, but cannot add pages
or navigation. A new provider type or policy section in YAML must get its pages and its
place in the menu without anyone writing Markdown or editing `nav` in mkdocs.yml.
"""
