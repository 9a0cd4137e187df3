"""The website: MkDocs plugins, the atomic publish of a finished build and the local preview."""
