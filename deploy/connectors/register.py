"""Registers every deploy/connectors/*.json ({"name": ..., "config": {...}}) on the Connect REST API.

PUT /connectors/<name>/config creates or updates, so running it again after a change applies the change.
Runs as the one-shot `connect-init` service of docker-compose.yml (python:3-alpine, standard library only).
"""
import glob
import json
import os
import sys
import time
import urllib.error
import urllib.request

CONNECT = os.environ.get("CONNECT_URL", "http://connect:8083")
DIRECTORY = os.environ.get("CONNECTOR_DIR", "/connectors")


def wait_for_connect(deadline_s=300):
    end = time.time() + deadline_s
    while time.time() < end:
        try:
            with urllib.request.urlopen(CONNECT + "/connector-plugins", timeout=5) as response:
                return json.load(response)
        except (urllib.error.URLError, OSError):
            time.sleep(2)
    sys.exit(f"Connect at {CONNECT} did not answer within {deadline_s} s")


def main():
    plugins = {p["class"] for p in wait_for_connect()}
    failed = False
    for path in sorted(glob.glob(os.path.join(DIRECTORY, "*.json"))):
        with open(path, encoding="utf-8") as f:
            spec = json.load(f)
        name, config = spec["name"], spec["config"]
        if config["connector.class"] not in plugins:
            print(f"{path}: plugin {config['connector.class']} is not on the worker's plugin.path "
                  f"(build it: ./mvnw -B -DskipTests package)", file=sys.stderr)
            failed = True
            continue
        request = urllib.request.Request(f"{CONNECT}/connectors/{name}/config", method="PUT",
                                         data=json.dumps(config).encode(),
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                print(f"{name}: HTTP {response.status}")
        except urllib.error.HTTPError as e:
            print(f"{name}: HTTP {e.code} {e.read().decode(errors='replace')}", file=sys.stderr)
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
