#!/usr/bin/env python3
"""Signed Zalo OA webhook events for the webhook benchmark (zalo_webhook.lua).

    bench/make_zalo_events.py --out DIR/zalo --run RUN --threads T --count N \
        --app-id ID --oa-id ID --oa-secret-key KEY

writes DIR/zalo-RUN-<thread>.txt for thread 0..T-1: N events each, two lines
per event, the X-ZEvent-Signature header value and then the body:

    mac=<hex sha256(app_id + body + timestamp + oa_secret_key)>
    {"app_id":"...","sender":{"id":"<user>"},...,"timestamp":"<ms>"}

so wrk only has to read them; the signature is computed here, ahead of the
run (../shared/channels/zalo.md §2). Every event is a user_send_text from a
new citizen with a new message.msg_id, using webhook.lua's id scheme: user
id 1e9 + RUN * 1e8 + thread * 1e7 + n, so trolyso dedupes and keeps per-chat
state for each one, and the fake API can count replies per run. The texts are
webhook.lua's 30 questions (read from it, so both channels ask the same
things in the same order). Timestamps are the generation time minus up to
a few seconds, rising with n: well inside trolyso's 24 h replay window.
"""

import argparse
import hashlib
import json
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def questions(lua_path):
    """The `questions` table of webhook.lua, as Python strings."""
    with open(lua_path, encoding="utf-8") as f:
        source = f.read()
    block = re.search(r"local questions = \{(.*?)\n\}", source, re.S)
    if not block:
        sys.exit(f"make_zalo_events: no questions table in {lua_path}")
    escapes = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r"}
    out = []
    for literal in re.findall(r'"((?:[^"\\]|\\.)*)"', block.group(1)):
        out.append(re.sub(r"\\(.)", lambda m: escapes[m.group(1)], literal))
    if len(out) != 30:
        sys.exit(f"make_zalo_events: expected 30 questions in {lua_path}, found {len(out)}")
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="path prefix of the files")
    p.add_argument("--run", type=int, required=True, help="0-9, as webhook.lua's RUN")
    p.add_argument("--threads", type=int, required=True, help="wrk threads (at most 10)")
    p.add_argument("--count", type=int, required=True, help="events per thread (< 1e7)")
    p.add_argument("--app-id", required=True)
    p.add_argument("--oa-id", required=True)
    p.add_argument("--oa-secret-key", required=True)
    p.add_argument("--questions", default=os.path.join(HERE, "webhook.lua"))
    a = p.parse_args()
    if not (0 <= a.run <= 9 and 1 <= a.threads <= 10 and 1 <= a.count < 10_000_000):
        sys.exit("make_zalo_events: need 0 <= run <= 9, 1 <= threads <= 10, 1 <= count < 1e7")

    # JSON string literals, UTF-8 kept as is (as Zalo sends Vietnamese).
    texts = [json.dumps(q, ensure_ascii=False) for q in questions(a.questions)]
    app_id, oa_id = json.dumps(a.app_id), json.dumps(a.oa_id)
    head = '{"app_id":' + app_id + ',"sender":{"id":"'
    secret = a.oa_secret_key.encode()
    now_ms = int(time.time() * 1000)

    for thread in range(a.threads):
        first = 1_000_000_000 + a.run * 100_000_000 + thread * 10_000_000
        path = f"{a.out}-{a.run}-{thread}.txt"
        lines = []
        for n in range(a.count):
            uid = first + n
            # Ten events per millisecond, the last one a moment ago.
            ts = str(now_ms - (a.count - n) // 10)
            body = (head + str(uid) + '"},"user_id_by_app":"' + str(uid + 5_000_000_000) +
                    '","recipient":{"id":' + oa_id + '},"event_name":"user_send_text",' +
                    '"message":{"text":' + texts[n % len(texts)] + ',"msg_id":"' +
                    f"{uid:020x}" + '"},"timestamp":"' + ts + '"}')
            raw = body.encode()
            mac = hashlib.sha256(a.app_id.encode() + raw + ts.encode() + secret).hexdigest()
            lines.append("mac=" + mac)
            lines.append(body)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines))
            f.write("\n")


if __name__ == "__main__":
    main()
