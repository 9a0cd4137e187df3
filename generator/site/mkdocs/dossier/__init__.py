"""The dossier plugin: generates the dossier pages into the MkDocs build."""
