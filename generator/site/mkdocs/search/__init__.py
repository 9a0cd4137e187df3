"""The search plugin: a Pagefind index with Arabic and Persian folding."""
