"""``python -m generator.parallel.worker_process``: one share of ``workers.start_generation``."""

from generator.parallel.workers import run_in_child

if __name__ == "__main__":
    run_in_child()
