"""The site's one home: from the policy model to pages.

- `generate`: the build step's part: per year the page files and the whole menu, with a
  generated MkDocs config (run by tools/build.py before MkDocs or Zensical).
- `plugin`: the mkdocs-macros module (`define_env`): the macros the pages call.
- `config`: the one typed settings object of a year's build (SiteConfig).
- `render`, `apply_box`, `tree`, `terms`, `years`, `checker_html`: the renderers.
- `hooks`: MkDocs hooks for two enhancements of the finished HTML (not needed for any page).

Why a package and `define_env`: mkdocs-macros (and Zensical, which reads the same
option) imports `macros` and calls `define_env`; everything else is plain functions.
"""

from .plugin import define_env

__all__ = ["define_env"]
