#!/usr/bin/env python3
"""Time from saving one page to the browser's reload event, as `panelpress serve` sees it.

Starts `panelpress serve` on a copy of a generated corpus, listens to its server-sent
event stream like an open tab, appends a sentence to one page N times, and prints the
median and worst time from the write to the `reload` event arriving. With `--edit metadata`
it changes the page's `reviewed:` date instead, as an editor signing a review off does.

    bench/reload_latency.py --binary target/release/panelpress --site /tmp/corpus-10k [--runs 10] [--edit text|metadata]
"""
import argparse, os, re, shutil, socket, statistics, subprocess, sys, tempfile, time

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default="target/release/panelpress")
    parser.add_argument("--site", required=True, help="a site made by gen_corpus.py (neutral flavor)")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--edit", choices=["text", "metadata"], default="text")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="pp-latency-")
    site = os.path.join(work, "site")
    shutil.copytree(args.site, site)
    server = subprocess.Popen([args.binary, "serve", "--root", site, "--port", "0"],
                              stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        port = None
        started = time.time()
        while port is None and time.time() - started < 300:
            line = server.stderr.readline()
            found = re.search(r"at http://127\.0\.0\.1:(\d+)/", line)
            if found:
                port = int(found.group(1))
        if port is None:
            sys.exit("the server did not start")
        events = socket.create_connection(("127.0.0.1", port))
        events.sendall(f"GET /__panelpress/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        buffer = b""
        while b"event: hello" not in buffer:
            buffer += events.recv(65536)
        pages = sorted(os.listdir(os.path.join(site, "content", "compounds")))
        page = os.path.join(site, "content", "compounds", next(p for p in pages if p != "_index.md"))
        times = []
        for run in range(args.runs):
            time.sleep(0.3)
            buffer = b""
            if args.edit == "text":
                with open(page, "a") as f:
                    before = time.perf_counter()
                    f.write(f"\nAn edit for timing, number {run}.\n")
            else:
                with open(page) as f:
                    text = f.read()
                reviewed = f"reviewed: 2026-{1 + run % 12:02d}-{1 + run // 12:02d}"
                text, n = re.subn(r"^reviewed: .*$", reviewed, text, count=1, flags=re.M)
                if n == 0:
                    text = text.replace("---\n", f"---\n{reviewed}\n", 1)
                before = time.perf_counter()
                with open(page, "w") as f:
                    f.write(text)
            while b"event: reload" not in buffer:
                buffer += events.recv(65536)
            times.append((time.perf_counter() - before) * 1000)
        times.sort()
        print(f"save → reload event over {args.runs} {args.edit} edits of one page: median {statistics.median(times):.1f} ms, "
              f"best {times[0]:.1f} ms, worst {times[-1]:.1f} ms")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()
