"""The engines that build the site: MkDocs with Material (the default), and Zensical."""

ENGINES = ("mkdocs", "zensical")
