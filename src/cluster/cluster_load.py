#!/usr/bin/env python3
"""Load and checks of the cluster test (src/cluster/cluster-test.sh); the standard library only.

Every write carries an Idempotency-Key and is retried by the client (after Retry-After, on the next
instance) while the answer is 503, 409 idempotency_key_in_use or a broken connection: what a client
of the API is told to do. At the end the stored events are read back and counted:
  lost        writes acknowledged with 2xx whose events are not stored
  duplicated  events stored more than once for one key
  5xx         answers 500-599 other than 503 (503 with Retry-After is allowed while a node is down)
"""
import argparse
import http.client
import json
import sys
import threading
import time
import urllib.parse
import uuid
from collections import Counter

JSON_API = "application/vnd.api+json"
ATOMIC = 'application/vnd.api+json; ext="https://jsonapi.org/ext/atomic"'


class Client:
    """One keep-alive connection per instance, for one thread."""

    def __init__(self, instances, token):
        self.instances = instances
        self.token = token
        self.connections = {}

    def send(self, instance, method, path, body=None, headers=None):
        """(status, headers, parsed body or None); status 0 for a broken connection."""
        url = urllib.parse.urlsplit(self.instances[instance])
        all_headers = {"Authorization": "Bearer " + self.token, "Accept": JSON_API}
        if body is not None:
            all_headers["Content-Type"] = JSON_API
        all_headers.update(headers or {})
        data = None if body is None else json.dumps(body).encode()
        for attempt in range(2):
            connection = self.connections.get(instance)
            if connection is None:
                connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
                self.connections[instance] = connection
            try:
                connection.request(method, path, body=data, headers=all_headers)
                response = connection.getresponse()
                raw = response.read()
                parsed = json.loads(raw) if raw else None
                return response.status, dict(response.getheaders()), parsed
            except (OSError, http.client.HTTPException, ValueError):
                connection.close()
                self.connections.pop(instance, None)
                if attempt == 1:
                    return 0, {}, None
        return 0, {}, None


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.acknowledged = {}  # key -> what the 2xx said (ids)
        self.max_latency = 0.0
        self.not_found = 0

    def count(self, status, latency):
        with self.lock:
            self.statuses[status] += 1
            self.max_latency = max(self.max_latency, latency)

    def server_errors(self):
        return sum(n for status, n in self.statuses.items() if 500 <= status < 600 and status != 503)


def retrying_write(client, tally, first_instance, method, path, body, key, content_type=JSON_API, deadline=120):
    """Sends one keyed write until it gets a final answer; answers (status, body)."""
    instance = first_instance
    headers = {"Idempotency-Key": key, "Content-Type": content_type, "Accept": content_type}
    started = time.time()
    while True:
        t0 = time.time()
        status, response_headers, parsed = client.send(instance, method, path, body, headers)
        tally.count(status, time.time() - t0)
        retry = status in (0, 503) or (status == 409 and parsed
                                       and parsed["errors"][0].get("code") == "idempotency_key_in_use")
        if not retry:
            return status, parsed
        if time.time() - started > deadline:
            return status, parsed
        if status == 503 and "Retry-After" not in response_headers:
            tally.count("503 without Retry-After", 0)
        time.sleep(0.2 if status == 409 else min(1.0, float(response_headers.get("Retry-After", "1"))))
        instance = (instance + 1) % len(client.instances)


def stored(client, name):
    """Every stored event of this name: {body: count}."""
    bodies = Counter()
    path = "/events?filter[name]=" + name + "&page[size]=1000&fields[event]=body"
    while path:
        status, _, parsed = client.send(0, "GET", path)
        if status != 200:
            raise SystemExit("listing failed: %s %s" % (status, parsed))
        for event in parsed["data"]:
            bodies[event["attributes"]["body"]] += 1
        following = parsed.get("links", {}).get("next")
        path = urllib.parse.urlsplit(following).path + "?" + urllib.parse.urlsplit(following).query if following else None
    return bodies


def report(phase, tally, expected_keys, bodies, extra=""):
    lost = sum(1 for key in tally.acknowledged if bodies.get(key, 0) == 0)
    duplicated = sum(n - 1 for key, n in bodies.items() if n > 1)
    unexpected = sum(1 for key in bodies if key not in expected_keys)
    statuses = ", ".join("%s: %d" % (s, n) for s, n in sorted(tally.statuses.items(), key=lambda kv: str(kv[0])))
    print("%-22s lost %d, duplicated %d, 5xx %d | acknowledged %d of %d, stored %d%s | answers {%s} | slowest %.2f s%s"
          % (phase, lost, duplicated, tally.server_errors(), len(tally.acknowledged), len(expected_keys),
             sum(bodies.values()), (", unexpected %d" % unexpected) if unexpected else "", statuses,
             tally.max_latency, extra))
    sys.stdout.flush()
    return lost == 0 and duplicated == 0 and tally.server_errors() == 0 and unexpected == 0 \
        and len(tally.acknowledged) == len(expected_keys)


def event(name, body):
    return {"data": {"type": "event", "attributes": {"name": name, "body": body}}}


def keyed(args, client_factory):
    """Each key sent at once by two clients to two different instances."""
    name = "cluster_keyed_" + args.run
    keys = ["k%04d-%s" % (i, args.run) for i in range(args.keys)]
    tally = Tally()
    n = len(args.instances)

    def work(thread):
        client = client_factory()
        instance = thread % n if thread < n else (thread + 1) % n
        for i, key in enumerate(keys):
            if i % n != thread % n:
                continue
            status, parsed = retrying_write(client, tally, instance, "POST", "/events", event(name, key), key)
            if status in (200, 201):
                with tally.lock:
                    tally.acknowledged.setdefault(key, set()).add(parsed["data"]["id"])
    run_threads(work, 2 * n)
    same_answer = all(len(ids) == 1 for ids in tally.acknowledged.values())
    return report("keyed ingest", tally, set(keys), stored(client_factory(), name),
                  "" if same_answer else " | KEYS ANSWERED WITH DIFFERENT EVENTS")


def batches(args, client_factory):
    """Batches of 80 adds and 20 updates of 20 events every batch updates, from every instance at once."""
    name = "cluster_batch_" + args.run
    setup = client_factory()
    shared = []
    for i in range(20):
        status, parsed = retrying_write(setup, Tally(), 0, "POST", "/events", event("cluster_shared_" + args.run, "s"),
                                        "shared-%d-%s" % (i, args.run))
        shared.append(parsed["data"]["id"])
    tally = Tally()
    expected = set()
    n = len(args.instances)

    def work(thread):
        client = client_factory()
        for b in range(args.batches):
            batch_id = "b%d-%d-%s" % (thread, b, args.run)
            operations = [{"op": "add", "data": event(name, "%s-%02d" % (batch_id, j))["data"]} for j in range(80)]
            operations += [{"op": "update", "data": {"type": "event", "id": sid,
                                                     "attributes": {"body": batch_id}}} for sid in shared]
            with tally.lock:
                expected.update("%s-%02d" % (batch_id, j) for j in range(80))
            status, parsed = retrying_write(client, tally, thread % n, "POST", "/operations",
                                            {"atomic:operations": operations}, batch_id, ATOMIC)
            if status == 200:
                with tally.lock:
                    for j in range(80):
                        tally.acknowledged["%s-%02d" % (batch_id, j)] = {parsed["atomic:results"][j]["data"]["id"]}
    run_threads(work, n)
    return report("shared-update batches", tally, expected, stored(client_factory(), name))


def read_your_writes(args, client_factory):
    """POST through one instance, GET at once through another, from six clients at once (the
    other nodes apply writes while they serve reads: that is when a read can miss one)."""
    name = "cluster_ryw_" + args.run
    tally = Tally()
    keys = ["r%04d-%s" % (i, args.run) for i in range(args.keys)]
    n = len(args.instances)

    def work(thread):
        client = client_factory()
        for i, key in enumerate(keys):
            if i % (2 * n) != thread:
                continue
            status, parsed = retrying_write(client, tally, i % n, "POST", "/events", event(name, key), key)
            if status != 201:
                continue
            with tally.lock:
                tally.acknowledged[key] = {parsed["data"]["id"]}
            got, _, _ = client.send((i + 1) % n, "GET", "/events/" + parsed["data"]["id"])
            tally.count(got, 0)
            if got == 404:
                with tally.lock:
                    tally.not_found += 1
    run_threads(work, 2 * n)
    listed = stored(client_factory(), name)  # through instance 1, right after the last write
    return report("read-your-writes", tally, set(keys), listed,
                  " | 404 right after a 201 on another node: %d of %d" % (tally.not_found, args.keys)) \
        and tally.not_found == 0


def ingest_for(args, client_factory):
    """Keyed ingest from every instance for --seconds (the script kills a node meanwhile)."""
    name = "cluster_kill_" + args.run
    tally = Tally()
    expected = set()
    stop = time.time() + args.seconds
    n = len(args.instances)

    def work(thread):
        client = client_factory()
        i = 0
        while time.time() < stop:
            key = "x%d-%06d-%s" % (thread, i, args.run)
            i += 1
            with tally.lock:
                expected.add(key)
            status, parsed = retrying_write(client, tally, (thread + i) % n, "POST", "/events", event(name, key), key)
            if status == 201 or status == 200:
                with tally.lock:
                    tally.acknowledged[key] = {parsed["data"]["id"]}
    run_threads(work, 2 * n)
    return report("node killed under load", tally, expected, stored(client_factory(), name))


def run_threads(work, count):
    threads = [threading.Thread(target=work, args=(t,)) for t in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("phase", choices=["keyed", "batches", "read-your-writes", "ingest-for"])
    parser.add_argument("--instances", required=True, help="comma-separated base URLs")
    parser.add_argument("--token", required=True)
    parser.add_argument("--keys", type=int, default=300)
    parser.add_argument("--batches", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--run", default=uuid.uuid4().hex[:8])
    args = parser.parse_args()
    args.instances = args.instances.split(",")

    def client_factory():
        return Client(args.instances, args.token)
    phase = {"keyed": keyed, "batches": batches, "read-your-writes": read_your_writes, "ingest-for": ingest_for}
    sys.exit(0 if phase[args.phase](args, client_factory) else 1)


if __name__ == "__main__":
    main()
