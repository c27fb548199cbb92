#!/usr/bin/env python3
"""collect_slowloris.py — a bounded slowloris against a local wegwijs-collect serve.

usage: collect_slowloris.py PORT CONNECTIONS SECONDS SOURCE_ADDR

Opens CONNECTIONS sockets from SOURCE_ADDR (a loopback address such as 127.0.0.2) to
127.0.0.1:PORT, sends a partial POST and then one header byte per second on each, for
at most SECONDS seconds; then closes everything. Prints how many connections were
accepted and how many the server had closed by the end. Loopback only, never longer
than SECONDS + 2 seconds.
"""
import socket
import sys
import time

port, count, seconds, source = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
assert seconds <= 20 and count <= 1000
deadline = time.monotonic() + seconds
socks = []
for i in range(count):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(1.0)
    try:
        s.bind((source, 0))
        s.connect(("127.0.0.1", port))
        s.sendall(b"POST /v1/bundles HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        socks.append(s)
    except OSError:
        s.close()
accepted = len(socks)
closed = set()
print("slowloris: %d connections open" % accepted, flush=True)
while time.monotonic() < deadline:
    for i, s in enumerate(socks):
        if i in closed:
            continue
        try:
            s.sendall(b"X")
        except OSError:
            closed.add(i)
    time.sleep(1.0)
for s in socks:
    s.close()
print("slowloris: %d accepted, %d closed by the server" % (accepted, len(closed)), flush=True)
