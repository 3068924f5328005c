"""Options of the `policy` plugin, as Material's plugins declare theirs."""

from __future__ import annotations

from mkdocs.config.base import Config
from mkdocs.config.config_options import Type


class PolicyConfig(Config):
    # Why a switch: a build can leave the generated pages out, as with Material's own plugins.
    enabled = Type(bool, default=True)
    # Why the data's place is not an option here: mkdocs-macros reads the same folder and year
    # from `extra:` (policy_data, policy_year, preview); one setting keeps both in step.
