"""Rendering: Markdown pages from Jinja2 templates, charts, highlighted source text and exports."""
