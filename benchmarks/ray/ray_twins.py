"""Ray twins of the cross-process Thespis figures, on the same machine and payloads.

A Ray cluster of three nodes on this machine (ray.cluster_utils.Cluster: a head where this driver runs, a node
with the custom resource "remote" standing for Thespis' capability remote=true, a node with "doomed" for the kill),
one CPU each. Every actor that the Thespis twin places by capability is placed here by its custom resource.

Figures (per run): remote tell throughput (one-way actor calls, then one call that returns the count, as
Thespis' acknowledged window), remote ask median and p99 (ray.get of an echo call), create placed by a custom
resource until its first answer, and kill -9 of the node hosting an actor until a caller waiting on it is told
(ray.get raises). Ray cannot change a node's resources once it started, so "capability change -> next placement
follows" has no twin.

Usage: ray_twins.py RUNS; prints one JSON line: {"title", "description", "figures": [{"id", "name", "unit",
"higherBetter", "values"}]}, each id the Thespis figure it is the twin of.
"""
import json
import os
import signal
import sys
import time

import ray
from ray.cluster_utils import Cluster

TELLS = 20_000
TELL_WARMUP = 5_000
ASK_WARMUP = 2_000
ASKS = 5_000
CREATES = 10
PAYLOAD = 7
WAIT_S = 120


@ray.remote
class Echo:
    def echo(self, message):
        return message

    def pid(self):
        return os.getpid()

    def hold(self):
        time.sleep(3600)


@ray.remote
class Receiver:
    def __init__(self):
        self.received = 0

    def tell(self, message):
        self.received += 1

    def count(self):
        received, self.received = self.received, 0
        return received


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def tell_rate(receiver, messages):
    start = time.perf_counter()
    for _ in range(messages):
        receiver.tell.remote(PAYLOAD)
    counted = ray.get(receiver.count.remote(), timeout=WAIT_S)
    elapsed = time.perf_counter() - start
    if counted != messages:
        raise RuntimeError(f"expected {messages} told, the receiver counted {counted}")
    return messages / elapsed


def ask_micros(echo, asks):
    samples = []
    for _ in range(asks):
        start = time.perf_counter_ns()
        reply = ray.get(echo.echo.remote("ping"), timeout=WAIT_S)
        samples.append((time.perf_counter_ns() - start) / 1000)
        if reply != "ping":
            raise RuntimeError(f"the echo answered {reply!r}")
    return samples


def create_micros():
    start = time.perf_counter_ns()
    actor = Echo.options(num_cpus=0, resources={"remote": 0.001}).remote()
    ray.get(actor.echo.remote("ping"), timeout=WAIT_S)
    elapsed = (time.perf_counter_ns() - start) / 1000
    ray.kill(actor)
    return elapsed


def kill_millis(cluster):
    """Kills a node hosting an actor, with SIGKILL to its raylet and the actor's process, while a call waits."""
    node = cluster.add_node(num_cpus=1, resources={"doomed": 1})
    actor = Echo.options(num_cpus=0, resources={"doomed": 0.001}).remote()
    actor_pid = ray.get(actor.pid.remote(), timeout=WAIT_S)
    waiting = actor.hold.remote()
    time.sleep(0.5)
    start = time.perf_counter()
    for process in node.all_processes.get("raylet", []):
        os.kill(process.process.pid, signal.SIGKILL)
    os.kill(actor_pid, signal.SIGKILL)
    try:
        ray.get(waiting, timeout=WAIT_S)
    except ray.exceptions.GetTimeoutError:
        raise RuntimeError(f"the caller was not told within {WAIT_S} s")
    except (ray.exceptions.RayActorError, ray.exceptions.NodeDiedError):
        return (time.perf_counter() - start) * 1000
    raise RuntimeError("the call to an actor on the killed node returned")


def run_once():
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1})
    try:
        cluster.add_node(num_cpus=1, resources={"remote": 1})
        ray.init(address=cluster.address, logging_level="ERROR", log_to_driver=False)
        receiver = Receiver.options(num_cpus=0, resources={"remote": 0.001}).remote()
        echo = Echo.options(num_cpus=0, resources={"remote": 0.001}).remote()
        tell_rate(receiver, TELL_WARMUP)
        tell = tell_rate(receiver, TELLS)
        ask_micros(echo, ASK_WARMUP)
        asks = ask_micros(echo, ASKS)
        creates = [create_micros() for _ in range(CREATES)]
        killed = kill_millis(cluster)
        return {
            "remote_tell": tell,
            "remote_ask_p50": percentile(asks, 0.5),
            "remote_ask_p99": percentile(asks, 0.99),
            "remote_create_capability_p50": percentile(creates, 0.5),
            "ask_dead_member_fails": killed,
        }
    finally:
        ray.shutdown()
        cluster.shutdown()


FIGURES = [
    ("remote_tell", "remote tell, 1 sender -> 1 receiver on another node", "messages/s", True),
    ("remote_ask_p50", "remote ask round trip from the driver, median", "µs", False),
    ("remote_ask_p99", "remote ask round trip from the driver, p99", "µs", False),
    ("remote_create_capability_p50", "create an actor placed by a custom resource, until its first answer, median",
     "µs", False),
    ("ask_dead_member_fails", "kill -9 of the node of an actor -> a waiting call raises", "ms", False),
]


def main():
    runs = int(sys.argv[1])
    measured = []
    for run in range(runs):
        figures = run_once()
        print(f"ray run {run + 1}: {figures}", file=sys.stderr)
        measured.append(figures)
    print(json.dumps({
        "title": "Ray " + ray.__version__,
        "description": (
            f"`benchmarks/ray/ray_twins.py`: a Ray {ray.__version__} cluster of three nodes on this machine "
            "(`ray.cluster_utils.Cluster`, one CPU each): the head, where the driver runs; a node with the custom "
            "resource `remote`, where the receiver and echo actors are placed as Thespis places them by the "
            "capability `remote=true`; a node with `doomed` for the kill. Tell: "
            f"{TELL_WARMUP:,} one-way calls of warm-up, then {TELLS:,} of the boxed integer 7 and one call "
            f"returning the count. Ask: {ASK_WARMUP:,} warm-up, then {ASKS:,} sequential `ray.get` of an echo of "
            f"\"ping\". Create: {CREATES} actors placed by the custom resource, each until its first answer. "
            "Kill: SIGKILL of the node's raylet and of the actor's process while a call waits on the actor, until "
            "`ray.get` raises (`RayActorError`). Ray fixes a node's resources when it starts, so a capability "
            "change has no twin. Each Thespis figure is the median of the same benchmark run's."
        ),
        "figures": [
            {"id": fid, "name": name, "unit": unit, "higherBetter": higher,
             "values": [figures[fid] for figures in measured]}
            for fid, name, unit, higher in FIGURES
        ],
    }))


if __name__ == "__main__":
    main()
