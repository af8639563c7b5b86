#!/usr/bin/env python3
"""A small OTLP/HTTP trace receiver for trying Postflight's tracing without a collector.

  python3 deploy/tools/otlp_traces.py serve 4318 spans.jsonl   # receive; one JSON line per span
  python3 deploy/tools/otlp_traces.py summary spans.jsonl      # one line per trace

It decodes the protobuf ExportTraceServiceRequest that OpenTelemetry's OTLP/HTTP exporter posts to
/v1/traces (only the fields shown here: service name, trace/span/parent ids, name, attributes), with
no dependency beyond Python 3. For real use run an OpenTelemetry Collector, Jaeger or Tempo.
"""
import collections, gzip, json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

def varint(b, i):
    r = s = 0
    while True:
        c = b[i]; i += 1
        r |= (c & 0x7f) << s; s += 7
        if c < 0x80:
            return r, i

def fields(b):
    i = 0
    while i < len(b):
        k, i = varint(b, i)
        n, t = k >> 3, k & 7
        if t == 0:
            v, i = varint(b, i)
        elif t == 1:
            v = b[i:i+8]; i += 8
        elif t == 2:
            l, i = varint(b, i); v = b[i:i+l]; i += l
        elif t == 5:
            v = b[i:i+4]; i += 4
        else:
            raise ValueError(t)
        yield n, v

def attrs(kvs):
    out = {}
    for kv in kvs:
        key = val = None
        for n, v in fields(kv):
            if n == 1: key = v.decode()
            elif n == 2:
                for an, av in fields(v):
                    val = av.decode() if an == 1 and isinstance(av, bytes) else av
        out[key] = val if not isinstance(val, bytes) else val.hex()
    return out

out = None

class H(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        if self.headers.get('Content-Encoding') == 'gzip':
            body = gzip.decompress(body)
        for n, rs in fields(body):
            if n != 1: continue
            service = None; scopes = []
            for rn, rv in fields(rs):
                if rn == 1:
                    service = attrs([v for k, v in fields(rv) if k == 1]).get('service.name')
                elif rn == 2:
                    scopes.append(rv)
            for ss in scopes:
                for sn, sv in fields(ss):
                    if sn != 2: continue
                    span = {'service': service, 'attributes': []}
                    for f, v in fields(sv):
                        if f == 1: span['trace'] = v.hex()
                        elif f == 2: span['span'] = v.hex()
                        elif f == 4: span['parent'] = v.hex()
                        elif f == 5: span['name'] = v.decode()
                        elif f == 9: span['attributes'].append(v)
                    span['attributes'] = attrs(span['attributes'])
                    out.write(json.dumps(span) + '\n'); out.flush()
        self.send_response(200); self.send_header('Content-Type', 'application/x-protobuf')
        self.send_header('Content-Length', '0'); self.end_headers()
    def log_message(self, *a):
        pass

def summary(path):
    traces = collections.defaultdict(list)
    for line in open(path):
        span = json.loads(line)
        traces[span['trace']].append(span)
    for trace, spans in traces.items():
        ids = {s['span'] for s in spans}
        roots = [s['name'] for s in spans if not s.get('parent')]
        orphans = sum(1 for s in spans if s.get('parent') and s['parent'] not in ids)
        deployments = sorted({s['attributes'].get('postflight.deployment.id') for s in spans} - {None})
        names = collections.Counter(s['name'] for s in spans)
        print(f"trace {trace}: {len(spans)} spans, deployments {deployments}, roots {roots}, "
              f"parents missing {orphans}, services {len({s['service'] for s in spans})}: {dict(names)}")
    print(f"{len(traces)} traces")

if __name__ == '__main__':
    if len(sys.argv) == 4 and sys.argv[1] == 'serve':
        out = open(sys.argv[3], 'w')  # a fresh file: a summary counts this run's traces only
        ThreadingHTTPServer(('127.0.0.1', int(sys.argv[2])), H).serve_forever()
    elif len(sys.argv) == 3 and sys.argv[1] == 'summary':
        summary(sys.argv[2])
    else:
        sys.exit(__doc__)
