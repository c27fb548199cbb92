#!/usr/bin/env python3
"""pack_server.py — a plain HTTPS file server for the pack download tests (t_fleet.sh).

Serves the files of --dir on 127.0.0.1 (TLS with --cert/--key), with an ETag (hash of
the file) and Last-Modified, answers If-None-Match / If-Modified-Since with 304 and
`Range: bytes=N-` (with a matching If-Range) with 206. When a file NAME.cut exists next
to NAME, the next GET of NAME sends the headers and half the body, then closes the
connection, and NAME.cut is removed; while NAME.slow exists, bodies of NAME go out at
2 KB per 0.1 s. Every request is logged to --log as one line:
`GET /p.wwpack status=200 range=- if-none-match=- if-range=- bytes=1234`. Writes its
port to --port-file and stops by itself after --lifetime seconds.
"""
import argparse, email.utils, hashlib, http.server, os, ssl, sys, threading, time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--lifetime", type=float, default=120)
    a = ap.parse_args()
    log = open(a.log, "a", buffering=1)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):
            pass

        def note(self, status, sent):
            h = self.headers
            log.write("%s %s status=%d range=%s if-none-match=%s if-range=%s bytes=%d\n" % (
                self.command, self.path, status, h.get("Range", "-").replace(" ", ""),
                h.get("If-None-Match", "-"), h.get("If-Range", "-"), sent))

        def do_GET(self):
            name = os.path.basename(self.path.split("?")[0])
            path = os.path.join(a.dir, name)
            if not name or not os.path.isfile(path):
                self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers()
                return self.note(404, 0)
            data = open(path, "rb").read()
            etag = '"%s"' % hashlib.sha256(data).hexdigest()[:20]
            modified = email.utils.formatdate(os.stat(path).st_mtime, usegmt=True)
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            if (inm and inm == etag) or (not inm and ims and ims == modified):
                self.send_response(304); self.send_header("ETag", etag); self.end_headers()
                return self.note(304, 0)
            start, status = 0, 200
            rng, if_range = self.headers.get("Range"), self.headers.get("If-Range")
            if rng and rng.startswith("bytes=") and rng.endswith("-") and (not if_range or if_range in (etag, modified)):
                start, status = int(rng[6:-1]), 206
                if start >= len(data):
                    self.send_response(416); self.send_header("Content-Length", "0"); self.end_headers()
                    return self.note(416, 0)
            body = data[start:]
            self.send_response(status)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
            self.send_header("Content-Length", str(len(body)))
            if status == 206:
                self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(data) - 1, len(data)))
            self.end_headers()
            if os.path.exists(path + ".cut"):
                os.remove(path + ".cut")
                body = body[:len(body) // 2]
                self.wfile.write(body); self.wfile.flush()
                self.close_connection = True
                self.note(status, len(body))
                self.connection.shutdown(2)
                return
            if os.path.exists(path + ".slow"):   # 2 KB per 0.1 s until the client goes away
                sent = 0
                try:
                    while sent < len(body):
                        self.wfile.write(body[sent:sent + 2048]); self.wfile.flush()
                        sent += 2048
                        time.sleep(0.1)
                except OSError:
                    pass
                self.close_connection = True
                return self.note(status, min(sent, len(body)))
            self.wfile.write(body)
            self.note(status, len(body))

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    if a.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.cert, a.key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    threading.Timer(a.lifetime, srv.shutdown).start()
    with open(a.port_file + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    os.replace(a.port_file + ".tmp", a.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
