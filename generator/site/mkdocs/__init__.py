"""The thin MkDocs layer: the only package allowed to import mkdocs or material."""
