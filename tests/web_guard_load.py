#!/usr/bin/env python3
"""The four availability attacks of issue 15 as small load generators, for web_guard_test.sh.

Each subcommand drives a running `easel serve` on 127.0.0.1 and prints one JSON object with
what it saw; the shell test decides pass or fail. Synthetic logins and passwords only.

  trickle PORT --conns N --sources A,B --probe-source C --interval S --wait S
      N connections, from the source addresses in turn, each sending a request line and then
      one header line every S seconds, never finishing; meanwhile one normal client from C asks
      GET /api/v1/me (401 is an answer) until it is answered. Reports how many were accepted,
      how many the server closed and after how long, and when the normal client was answered.
  uploads PORT --n N --mib M --path P --pid PID
      N concurrent unauthenticated uploads of M MiB (multipart headers, no cookie). Each sends
      its headers and waits up to 2 s for an early answer before sending the body (an answer
      from the headers alone is what a guarded server gives). Reports statuses, the slowest
      answer and the server's VmHWM before and after (from /proc/PID/status).
  authed PORT --n N --mib M --path P --pid PID --cookie C --csrf T
      N concurrent authorised uploads, each a different PNG of random pixels of about M MiB
      (16-bit RGBA: 8 bytes a pixel, so the server decodes 2.5 megapixels for 19.5 MiB)
      (nothing for a compressor to take away; only IHDR, IDAT and IEND, which the ingest keeps
      byte for byte), sent in 1 MiB writes after a barrier, all but the last KiB of each; once
      every upload is there, and a second later, the server's VmRSS is taken (the bodies
      received and none complete), then the last KiBs go. Reports the statuses, the artwork ids
      answered, the SHA-256 and length of every image sent, the slowest answer, the server's
      VmHWM before and after, and its VmRSS before, with the bodies received, and at its highest
      (sampled every 10 ms).
  signin PORT --clients N --seconds S --cookie C
      N processes' worth of sign-in loops with random logins (each one Argon2id check when
      admitted) while a separate process times GET /api/v1/me of a signed-in user (cookie C).
      Reports the statuses of the sign-ins and the median and maximum /me latency.
  race PORTS --login L --password P --wrong N --threads T
      N concurrent wrong sign-ins for L over T threads, spread over the ports (comma-separated:
      several servers on one database), then the right password. Reports the statuses.
"""
import argparse
import json
import multiprocessing
import os
import random
import selectors
import socket
import statistics
import string
import sys
import threading
import time

HOST = "127.0.0.1"


def connect(port, source=None, timeout=5.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    if source:
        s.bind((source, 0))
    s.connect((HOST, port))
    return s


def read_status(s, deadline):
    """The status code of the answer on s (None when closed or too slow), reading to EOF."""
    data = b""
    while time.monotonic() < deadline:
        s.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            break
        except OSError:
            break
        if not chunk:
            break
        data += chunk
        if b"\r\n\r\n" in data:
            head = data.split(b"\r\n\r\n", 1)[0]
            length = 0
            for line in head.split(b"\r\n")[1:]:
                k, _, v = line.partition(b":")
                if k.strip().lower() == b"content-length":
                    length = int(v.strip())
            if len(data) >= len(head) + 4 + length:
                break
    if data.startswith(b"HTTP/1.") and len(data) >= 12:
        return int(data[9:12])
    return None


def request(port, method, path, body=b"", headers=None, source=None, timeout=10.0):
    """One request on a new connection: (status or None, seconds, response headers text)."""
    t0 = time.monotonic()
    try:
        s = connect(port, source, timeout)
    except OSError:
        return None, time.monotonic() - t0
    h = {"Host": "127.0.0.1", "Connection": "close", "Content-Length": str(len(body))}
    h.update(headers or {})
    msg = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in h.items())
    try:
        s.sendall(msg.encode() + b"\r\n" + body)
        st = read_status(s, t0 + timeout)
    except OSError:
        st = None
    s.close()
    return st, time.monotonic() - t0


# ---- 1. slow connections ----

def trickle(a):
    sources = a.sources.split(",")
    socks, refused = [], 0
    t0 = time.monotonic()
    for i in range(a.conns):
        try:
            s = connect(a.port, sources[i % len(sources)], 2.0)
            s.sendall(b"GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            s.setblocking(False)
            socks.append([s, time.monotonic(), None])  # socket, opened, closed after
        except OSError:
            refused += 1
    opened_in = time.monotonic() - t0
    # the normal client, in its own thread: tries until answered or the wait is over
    probe = {"answered_after": None, "tries": 0}

    def probe_loop():
        start = time.monotonic()
        while time.monotonic() - start < a.wait:
            probe["tries"] += 1
            st, _ = request(a.port, "GET", "/api/v1/me", source=a.probe_source, timeout=2.0)
            if st is not None:
                probe["answered_after"] = round(time.monotonic() - start, 3)
                probe["status"] = st
                return
            time.sleep(0.2)

    th = threading.Thread(target=probe_loop)
    th.start()
    sel = selectors.DefaultSelector()
    for e in socks:
        sel.register(e[0], selectors.EVENT_READ, e)
    n = 0
    next_line = time.monotonic() + a.interval
    end = time.monotonic() + a.wait
    while time.monotonic() < end:
        for key, _ in sel.select(timeout=0.05):
            e = key.data
            try:
                got = e[0].recv(4096)
            except OSError:
                got = b""
            if not got:  # closed by the server (an answer such as 408 counts as closing too)
                e[2] = round(time.monotonic() - e[1], 3)
                sel.unregister(e[0])
        if time.monotonic() >= next_line:
            n += 1
            for e in socks:
                if e[2] is None:
                    try:
                        e[0].send(f"X-Trickle-{n}: {n}\r\n".encode())
                    except OSError:
                        pass
            next_line += a.interval
        if all(e[2] is not None for e in socks) and probe["answered_after"] is not None:
            break
    th.join()
    closed = [e[2] for e in socks if e[2] is not None]
    for e in socks:
        e[0].close()
    print(json.dumps({"accepted": len(socks), "refused": refused, "opened_in": round(opened_in, 3),
                      "closed": len(closed), "closed_max": max(closed) if closed else None,
                      "still_open": len(socks) - len(closed), "probe": probe}))


# ---- 2. unauthenticated uploads ----

def vm(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) // 1024  # MiB
    return 0


def uploads(a):
    size = a.mib * 1024 * 1024
    boundary = "easelguardtest"
    chunk = b"\xff" * (1024 * 1024)
    before = vm(a.pid, "VmHWM")
    results = []
    lock = threading.Lock()
    barrier = threading.Barrier(a.n)

    def one():
        barrier.wait()
        t0 = time.monotonic()
        early, st = False, None
        try:
            s = connect(a.port, None, 30.0)
            head = (f"POST {a.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data;"
                    f" boundary={boundary}\r\nContent-Length: {size}\r\n\r\n")
            s.sendall(head.encode())
            s.settimeout(2.0)
            try:
                first = s.recv(65536)
            except socket.timeout:
                first = None
            if first is not None:  # answered (or closed) from the headers alone
                early = True
                st = int(first[9:12]) if first.startswith(b"HTTP/1.") else None
            else:
                sent = 0
                try:
                    while sent < size:
                        n = min(len(chunk), size - sent)
                        s.sendall(chunk[:n])
                        sent += n
                    st = read_status(s, time.monotonic() + 30)
                except OSError:
                    st = None
            s.close()
        except OSError:
            pass
        with lock:
            results.append((st, early, time.monotonic() - t0))

    ths = [threading.Thread(target=one) for _ in range(a.n)]
    for t in ths:
        t.start()
    for t in ths:
        t.join()
    after = vm(a.pid, "VmHWM")
    statuses = {}
    for st, _, _ in results:
        statuses[str(st)] = statuses.get(str(st), 0) + 1
    print(json.dumps({"statuses": statuses, "early": sum(1 for r in results if r[1]),
                      "slowest": round(max(r[2] for r in results), 3),
                      "hwm_before_mib": before, "hwm_after_mib": after,
                      "rss_after_mib": vm(a.pid, "VmRSS")}))


def random_png(mib):
    """A PNG of random 16-bit RGBA pixels (8 bytes each: as many bytes for fewer pixels to decode)
    just under mib MiB: IHDR, one stored IDAT, IEND."""
    import struct
    import zlib
    w = 1280
    h = max(8, int(mib * 1024 * 1024 * 0.99) // (w * 8 + 1))
    raw = b"".join(b"\0" + os.urandom(w * 8) for _ in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 0)) + chunk(b"IEND", b""))


def read_answer(s, deadline):
    """(status or None, body bytes) of the answer on s."""
    data = b""
    while time.monotonic() < deadline:
        s.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            chunk = s.recv(65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
        head, sep, body = data.partition(b"\r\n\r\n")
        if sep:
            length = 0
            for line in head.split(b"\r\n")[1:]:
                k, _, v = line.partition(b":")
                if k.strip().lower() == b"content-length":
                    length = int(v.strip())
            if len(body) >= length:
                break
    if data.startswith(b"HTTP/1.") and len(data) >= 12:
        return int(data[9:12]), data.partition(b"\r\n\r\n")[2]
    return None, b""


def authed(a):
    import hashlib
    boundary = "easelguardupload"
    images = [random_png(a.mib) for _ in range(a.n)]
    bodies = [(f"--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n"
               f"Content-Type: image/png\r\n\r\n").encode() + img
              + (f"\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"consent_record\"\r\n\r\n1"
                 f"\r\n--{boundary}--\r\n").encode() for img in images]
    before = vm(a.pid, "VmHWM")
    rss_before = vm(a.pid, "VmRSS")
    rss_peak = [rss_before]
    done = threading.Event()

    def sample():  # the server's resident memory every 10 ms while the uploads run
        while not done.wait(0.01):
            try:
                rss_peak[0] = max(rss_peak[0], vm(a.pid, "VmRSS"))
            except OSError:
                return
    sampler = threading.Thread(target=sample)
    sampler.start()
    results = [None] * a.n
    start = threading.Barrier(a.n)
    received = threading.Barrier(a.n + 1)  # every body sent but its last KiB
    go = threading.Event()

    def one(i):
        body = bodies[i]
        start.wait()
        t0 = time.monotonic()
        st, answer = None, b""
        try:
            s = connect(a.port, None, 120.0)
            head = (f"POST {a.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {a.cookie}\r\n"
                    f"X-CSRF-Token: {a.csrf}\r\nContent-Type: multipart/form-data; boundary={boundary}"
                    f"\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n")
            s.sendall(head.encode())
            view = memoryview(body)
            last = len(body) - 1024
            for off in range(0, last, 1 << 20):
                s.sendall(view[off:min(last, off + (1 << 20))])
        except OSError:
            s = None
        received.wait()
        go.wait()
        try:
            if s:
                s.sendall(view[last:])
                st, answer = read_answer(s, t0 + 120)
                s.close()
        except OSError:
            pass
        aid = None
        if st == 201:
            try:
                aid = json.loads(answer)["id"]
            except ValueError:
                pass
        results[i] = (st, aid, time.monotonic() - t0)

    ths = [threading.Thread(target=one, args=(i,)) for i in range(a.n)]
    for t in ths:
        t.start()
    received.wait()
    time.sleep(1.0)  # the server reads what is still in the sockets' buffers
    rss_received = vm(a.pid, "VmRSS")
    go.set()
    for t in ths:
        t.join()
    done.set()
    sampler.join()
    after = vm(a.pid, "VmHWM")
    statuses = {}
    for st, _, _ in results:
        statuses[str(st)] = statuses.get(str(st), 0) + 1
    print(json.dumps({"statuses": statuses, "ids": [r[1] for r in results],
                      "rss_before_mib": rss_before, "rss_peak_mib": rss_peak[0],
                      "rss_received_mib": rss_received,
                      "sha256": [hashlib.sha256(img).hexdigest() for img in images],
                      "bytes": [len(img) for img in images],
                      "image_mib": round(len(images[0]) / 1048576, 2),
                      "body_mib": round(len(bodies[0]) / 1048576, 2),
                      "slowest": round(max(r[2] for r in results), 3),
                      "hwm_before_mib": before, "hwm_after_mib": after,
                      "rss_after_mib": vm(a.pid, "VmRSS")}))


# ---- 3. sign-in load against GET /me ----

def signin_loop(port, seconds, counts):
    end = time.monotonic() + seconds
    rnd = random.Random(os.getpid())
    while time.monotonic() < end:
        login = "x" + "".join(rnd.choice(string.ascii_lowercase) for _ in range(10))
        body = json.dumps({"login": login, "password": "not-the-password"}).encode()
        st, _ = request(port, "POST", "/api/v1/session", body,
                        {"Content-Type": "application/json"}, timeout=30.0)
        counts[str(st)] = counts.get(str(st), 0) + 1
        if st in (429, 503):  # refused at once: a short pause keeps this generator's own CPU
            time.sleep(0.01)  # use from starving the machine (the queue stays full anyway)


def signin_proc(port, clients, seconds, q):
    counts = {}
    lock = threading.Lock()

    def run():
        c = {}
        signin_loop(port, seconds, c)
        with lock:
            for k, v in c.items():
                counts[k] = counts.get(k, 0) + v

    ths = [threading.Thread(target=run) for _ in range(clients)]
    for t in ths:
        t.start()
    for t in ths:
        t.join()
    q.put(counts)


def signin(a):
    q = multiprocessing.Queue()
    # the sign-in clients in processes of 4 threads each (the GIL of one would pace them)
    procs = [multiprocessing.Process(target=signin_proc, args=(a.port, 4, a.seconds, q))
             for _ in range((a.clients + 3) // 4)]
    for p in procs:
        p.start()
    time.sleep(1.0)  # let the load build up
    lat, bad = [], {}
    s = None
    end = time.monotonic() + a.seconds - 1.5
    while time.monotonic() < end:  # one keep-alive connection, as a browser would have
        t0 = time.monotonic()
        try:
            if s is None:
                s = connect(a.port, None, 30.0)
            s.sendall(f"GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {a.cookie}\r\n\r\n"
                      .encode())
            st = read_status(s, t0 + 30)
        except OSError:
            st = None
        if st != 200:
            bad[str(st)] = bad.get(str(st), 0) + 1
            if s:
                s.close()
            s = None
        lat.append((time.monotonic() - t0) * 1000)
        time.sleep(0.02)
    counts = {}
    for _ in procs:
        for k, v in q.get().items():
            counts[k] = counts.get(k, 0) + v
    for p in procs:
        p.join()
    print(json.dumps({"signins": counts, "me_requests": len(lat), "me_not_200": bad,
                      "me_median_ms": round(statistics.median(lat), 1),
                      "me_max_ms": round(max(lat), 1)}))


# ---- 4. the sign-in race ----

def race(a):
    ports = [int(p) for p in a.ports.split(",")]
    body = json.dumps({"login": a.login, "password": "wrong-" + a.password}).encode()
    statuses = {}
    lock = threading.Lock()
    todo = list(range(a.wrong))
    barrier = threading.Barrier(a.threads)

    def run():
        barrier.wait()
        while True:
            with lock:
                if not todo:
                    return
                i = todo.pop()
            st, _ = request(ports[i % len(ports)], "POST", "/api/v1/session", body,
                            {"Content-Type": "application/json"}, timeout=60.0)
            with lock:
                statuses[str(st)] = statuses.get(str(st), 0) + 1

    ths = [threading.Thread(target=run) for _ in range(a.threads)]
    for t in ths:
        t.start()
    for t in ths:
        t.join()
    right = json.dumps({"login": a.login, "password": a.password}).encode()
    st, _ = request(ports[-1], "POST", "/api/v1/session", right,
                    {"Content-Type": "application/json"}, timeout=60.0)
    print(json.dumps({"wrong": statuses, "right": st}))


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("trickle")
    t.add_argument("port", type=int)
    t.add_argument("--conns", type=int, default=256)
    t.add_argument("--sources", default="127.0.0.1")
    t.add_argument("--probe-source", default="127.0.0.2")
    t.add_argument("--interval", type=float, default=0.5)
    t.add_argument("--wait", type=float, default=10.0)
    u = sub.add_parser("uploads")
    u.add_argument("port", type=int)
    u.add_argument("--n", type=int, default=100)
    u.add_argument("--mib", type=int, default=20)
    u.add_argument("--path", required=True)
    u.add_argument("--pid", type=int, required=True)
    u = sub.add_parser("authed")
    u.add_argument("port", type=int)
    u.add_argument("--n", type=int, default=8)
    u.add_argument("--mib", type=float, default=19.5)
    u.add_argument("--path", required=True)
    u.add_argument("--pid", type=int, required=True)
    u.add_argument("--cookie", required=True)
    u.add_argument("--csrf", required=True)
    s = sub.add_parser("signin")
    s.add_argument("port", type=int)
    s.add_argument("--clients", type=int, default=16)
    s.add_argument("--seconds", type=float, default=10.0)
    s.add_argument("--cookie", required=True)
    r = sub.add_parser("race")
    r.add_argument("ports")
    r.add_argument("--login", required=True)
    r.add_argument("--password", required=True)
    r.add_argument("--wrong", type=int, default=64)
    r.add_argument("--threads", type=int, default=32)
    a = p.parse_args()
    {"trickle": trickle, "uploads": uploads, "authed": authed, "signin": signin,
     "race": race}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
