"""A throwaway PostgreSQL cluster of the tests' own, on its own port and socket folder.

The fault tests restart and drop databases; they never touch the cluster everybody's
tests share. As root, the server runs as the `postgres` account (PostgreSQL refuses root).
"""

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


def bin_dir():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class Cluster:
    def __init__(self, port):
        self.port = port
        self.bin = bin_dir()
        self.dir = Path(tempfile.mkdtemp(prefix="hj-pg-"))
        self.data = self.dir / "data"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")

    def run(self, *args, check=True):
        command = [str(args[0]), *map(str, args[1:])]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(  # noqa: S603 (our own command line)
            command, check=check, capture_output=True, text=True, timeout=120, cwd=self.dir
        )

    def tool(self, name, *args, check=True):
        return self.run(self.bin / name, *args, check=check)

    def start(self):
        self.tool("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.pg_ctl("start")
        return self

    def pg_ctl(self, action):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.tool(
            "pg_ctl", "-D", self.data, "-o", options, "-l", self.dir / "log", "-w", "-m", "fast",
            action,
        )  # fmt: skip

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, database, sql):
        result = self.tool(
            "psql", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "-d", database,
            "-tAc", sql,
        )  # fmt: skip
        return result.stdout.strip()

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            self.tool("pg_ctl", "-D", self.data, "-w", "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


def wait_for_http(url, timeout=30):
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own server)
                return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
