"""Reading: a dossier's files as they stand on disk and in git, before they mean anything."""
