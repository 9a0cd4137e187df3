"""The MkDocs plugin: a thin shell that hands the generated pages to MkDocs."""
