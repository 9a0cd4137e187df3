"""``python -m generator.worker_process``: one share of ``workers.generate_site``."""

from generator.workers import run_in_child

if __name__ == "__main__":
    run_in_child()
