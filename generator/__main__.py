"""``python -m generator`` runs the ``dossier`` command line."""

from generator.cli import main

raise SystemExit(main())
