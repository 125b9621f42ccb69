"""deploy/gunicorn.conf.py: the hooks that take the loaded portal out of the collector's way."""

import gc
import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def test_the_master_and_each_worker_freeze_what_they_loaded():
    conf = runpy.run_path(str(CONF))
    try:
        before = gc.get_freeze_count()
        garbage = [[] for _ in range(100)]  # tracked objects made after the last freeze
        conf["pre_fork"](None, None)
        after_master = gc.get_freeze_count()
        more = [[] for _ in range(100)]
        conf["post_worker_init"](None)
        assert after_master >= before + len(garbage)
        assert gc.get_freeze_count() >= after_master + len(more)
    finally:
        gc.unfreeze()
