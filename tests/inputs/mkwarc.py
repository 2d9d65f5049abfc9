# Writes the WARC fixtures of tests/cli from the pages below (all written
# for these tests): python3 tests/inputs/mkwarc.py
import gzip, os
here = os.path.dirname(os.path.abspath(__file__))
def rec(typ, uri, block, ctype="application/http; msgtype=response", clen=None, n=[0]):
    n[0] += 1
    b = block.encode("utf-8") if isinstance(block, str) else block
    h = ("WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\n"
         "WARC-Date: 2026-12-01T12:30:00Z\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012d>\r\n"
         "Content-Type: %s\r\nContent-Length: %d\r\n\r\n") % (typ, uri, n[0], ctype, len(b) if clen is None else clen)
    return h.encode() + b + b"\r\n\r\n"
page = ("<html><head><title>Radar failure suspected in Port Mella ferry crash</title>"
        "<meta property=\"og:site_name\" content=\"Coastline Post\">"
        "<meta property=\"article:published_time\" content=\"2026-12-01T14:05:00+01:00\"></head>"
        "<body><nav>Home | Local | Sport</nav><article><h1>Radar failure suspected in Port Mella ferry crash</h1>"
        "<p>Investigators are examining whether a radar failure caused the Ostrel ferry to strike "
        "the north pier at Port Mella in fog on Tuesday, the harbour authority said.</p>"
        "<p>Twelve passengers were treated for minor injuries and the pier was closed to foot traffic.</p>"
        "</article></body></html>")
body = page.encode("utf-8")
half = len(body) // 2
chunked = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n"
           + b"%x\r\n" % half + body[:half] + b"\r\n" + b"%x\r\n" % (len(body) - half) + body[half:] + b"\r\n0\r\n\r\n")
recs = [
    rec("warcinfo", "", "software: parallax tests\r\nformat: WARC File Format 1.0\r\n", ctype="application/warc-fields"),
    rec("request", "https://coastline.example/ferry-radar", "GET /ferry-radar HTTP/1.1\r\nHost: coastline.example\r\n\r\n",
        ctype="application/http; msgtype=request"),
    rec("response", "https://coastline.example/ferry-radar", chunked),
    rec("metadata", "https://coastline.example/ferry-radar", "fetchTimeMs: 41\r\n", ctype="application/warc-fields"),
    rec("response", "https://coastline.example/logo.png", b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n"),
]
with open(os.path.join(here, "mixed", "coastline-crawl.warc.gz"), "wb") as f:
    f.write(b"".join(gzip.compress(r, mtime=0) for r in recs))
short = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head><title>Short</title></head><body><p>A page whose record says it is shorter than it is.</p></body></html>"
with open(os.path.join(here, "bad-warc", "lying.warc"), "wb") as f:
    f.write(recs[0] + rec("response", "https://a.example/short", short, clen=60) + recs[2] +
            rec("response", "https://a.example/long", short, clen=len(short) + 900))
g = [gzip.compress(r, mtime=0) for r in recs]
with open(os.path.join(here, "bad-warc", "truncated.warc.gz"), "wb") as f:
    f.write(g[0] + g[1] + g[2][: len(g[2]) // 2])
