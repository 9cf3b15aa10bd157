#!/usr/bin/env python3
"""Publish benchmark: how long validating and publishing a large rule set
takes through the admin API, against `trolyso check` on the same files (the
compile-and-examples work alone) as the baseline in the same run.

Usage: publish_bench.py TROLYSO_BINARY REPO_DIR [--intents N ...]
Everything runs on loopback with a temporary database."""
import argparse, json, os, re, shutil, subprocess, sys, tempfile, time, urllib.request


def call(base, method, path, token=None, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=120) as res:
        payload = json.loads(res.read() or b"{}")
    return payload, time.perf_counter() - start


def write_rules(repo, target, count):
    shutil.copytree(os.path.join(repo, "intents"), target)
    intents = []
    for i in range(count):
        code = f"zq{i}k"
        intents.append({"id": f"bulk.rule_{i}", "description": f"Thủ tục {code}", "priority": 10,
                        "patterns": [f"\\b(thu tuc|ho so) {code}\\b"],
                        "examples": [f"cho hỏi thủ tục {code}"], "answer": f"Thủ tục {code}."})
    with open(os.path.join(target, "bulk.json"), "w") as f:
        json.dump({"topic": "bulk", "intents": intents}, f, ensure_ascii=False)


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def run(binary, repo, count, rounds):
    work = tempfile.mkdtemp(prefix="trolyso-publish-bench-")
    try:
        rules = os.path.join(work, "rules")
        write_rules(repo, rules, count)
        checks = []
        for _ in range(rounds):
            start = time.perf_counter()
            subprocess.run([binary, "check", "--intents", rules], check=True, capture_output=True)
            checks.append(time.perf_counter() - start)

        config = os.path.join(work, "config.json")
        with open(config, "w") as f:
            json.dump({"server": {"host": "127.0.0.1", "port": 0},
                       "storage": {"sqlite_path": os.path.join(work, "t.db")},
                       "intents": {"dir": os.path.join(repo, "intents")},
                       "log": {"level": "warn"},
                       "pages": [{"id": "web", "name": "Đoàn xã", "area": "a", "channel": "webchat"}]}, f)
        out = subprocess.run([binary, "user", "add", "--config", config, "--name", "quantri",
                              "--role", "admin"], check=True, capture_output=True, text=True).stdout
        password = re.search(r"password: (\S+)", out).group(1)
        port_file = os.path.join(work, "port")
        server = subprocess.Popen([binary, "serve", "--config", config, "--port-file", port_file],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(200):
                if os.path.exists(port_file) and open(port_file).read().strip():
                    break
                time.sleep(0.05)
            base = "http://127.0.0.1:" + open(port_file).read().strip()
            token = call(base, "POST", "/api/v1/login", body={"username": "quantri", "password": password})[0]["token"]
            publishes, edits, rollbacks = [], [], []
            for _ in range(rounds):
                subprocess.run([binary, "import-intents", rules, "--config", config], check=True, capture_output=True)
                draft = call(base, "GET", "/api/v1/admin/drafts", token)[0]["drafts"][0]["id"]
                publishes.append(call(base, "POST", f"/api/v1/admin/drafts/{draft}/publish", token, {})[1])
                live = call(base, "GET", "/api/v1/admin/rules", token)[0]["live_version"]
                # One intent edited over the large live set: the everyday publish.
                draft = call(base, "POST", "/api/v1/admin/drafts", token, {})[0]["id"]
                intent = {"id": "bulk.rule_7", "description": "Sửa", "priority": 10,
                          "patterns": ["\\b(thu tuc|ho so) zq7k\\b"], "examples": ["thủ tục zq7k"],
                          "answer": "Đã sửa."}
                call(base, "PUT", f"/api/v1/admin/drafts/{draft}/intents/bulk.rule_7", token, intent)
                edits.append(call(base, "POST", f"/api/v1/admin/drafts/{draft}/publish", token, {})[1])
                rollbacks.append(call(base, "POST", f"/api/v1/admin/rules/versions/{live}/rollback", token, {})[1])
                call(base, "POST", "/api/v1/admin/rules/versions/1/rollback", token, {})
        finally:
            server.terminate()
            server.wait()
        base_s = median(checks)
        print(f"{count + 34} intents ({rounds} rounds, medians):")
        print(f"  trolyso check (baseline)        {base_s:6.2f} s   1.00x")
        for name, xs in (("publish all from import", publishes), ("publish one edited intent", edits),
                         ("rollback", rollbacks)):
            print(f"  {name:31s} {median(xs):6.2f} s   {median(xs) / base_s:4.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("binary")
    p.add_argument("repo")
    p.add_argument("--intents", type=int, nargs="+", default=[500, 5000])
    p.add_argument("--rounds", type=int, default=3)
    a = p.parse_args()
    for n in a.intents:
        run(a.binary, a.repo, n, a.rounds)


if __name__ == "__main__":
    sys.exit(main())
