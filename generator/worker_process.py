"""``python -m generator.worker_process``: one half of ``workers.start_generation``."""

from generator.workers import run_in_child

if __name__ == "__main__":
    run_in_child()
