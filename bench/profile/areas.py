#!/usr/bin/env python3
"""Flat summary of an async-profiler collapsed-stack file: top frames (self and inclusive) and the samples of each
area of the request path, in percent and in microseconds per request.

usage: areas.py FILE.collapsed [--requests N --interval-us US] [--top 40] [--unit cpu|bytes]

Each stack is counted once, in the first area (in the order of AREAS) that one of its frames matches. With
--requests and --interval-us (CPU profiles; async-profiler's default interval is 10 ms) every area is also given in
us of CPU per request; with --unit bytes (allocation profiles, where the count is bytes) in bytes per request.
"""
import argparse
import collections
import re

# (area, regular expression searched in the stack "root;...;leaf"). Order matters: the first area that matches takes
# the whole stack.
AREAS = [
    ("JIT compiler threads", r"CompileBroker::|C2Compiler|Compiler::compile|CompilerThread"),
    ("GC (threads and barriers)", r"(^|;)G1|GCTaskThread|WorkerThread::run|ConcurrentGCThread|SafepointSynchronize|VM_G1|G1CollectedHeap"),
    ("access log (RequestLog line, async console handler)", r"org/csp/decisions/api/RequestLog\.lambda\$install\$0|org/jboss/logmanager/|AsyncHandler|ArrayBlockingQueue"),
    ("access log: request id (UUID, header)", r"java/util/UUID|RequestLog\.lambda\$install\$1;(?!io/vertx/ext/web/impl/RoutingContext)"),
    ("metrics (Micrometer, EvaluationMetrics)", r"io/micrometer/|io/quarkus/micrometer/|EvaluationMetrics"),
    ("request reading: strict parse to tree", r"RequestReader\.parse|ObjectMapper\.readTree|ObjectReader\.readTree|_bindAsTree|JsonNodeDeserializer"),
    ("request reading: shape check", r"org/csp/decisions/api/ShapeChecker"),
    ("request reading: Bean Validation", r"org/hibernate/validator/|jakarta/validation"),
    ("request reading: bind", r"RequestReader|treeToValue|TreeTraversingParser|deser/"),
    ("engine: Drools fire (rules, agenda listener inside)", r"org/csp/decisions/engine/RuleSet\.fire|fireAllRules"),
    ("engine: insert facts", r"Evaluator\.insertFacts"),
    ("engine: session from pool / dispose / listener add-remove", r"RuleSet\.newSession|KieSession|StatefulKnowledgeSessionImpl\.(dispose|reset|addEventListener|removeEventListener)|SessionsPool|disposeSession|ruleSet\.release|RuleSetHolder"),
    ("engine: FindingAssembler", r"org/csp/decisions/engine/FindingAssembler"),
    ("engine: other (Profile, recorder, watchdog registration)", r"org/csp/decisions/engine/Evaluator\.evaluate|org/csp/decisions/model/Profile|RuleThreads\.(enter|leave)"),
    ("HTTP write of the answer (Vert.x, Netty, kernel)", r"VertxOutputStream|Http1xServerResponse\.end|Http1xServerResponse\.write|ConnectionBase\.write|writev"),
    ("JSON writing (Jackson, FindingJson)", r"com/fasterxml/jackson/|org/csp/decisions/api/FindingJson|EvaluationWriter|JacksonMessageBodyWriter"),
    ("hand-off to rule/worker threads + time limit (pools, watchdog, futures, park/unpark)", r"org/csp/decisions/engine/RuleThreads|org/csp/decisions/engine/Evaluator|ThreadPoolExecutor|ScheduledThreadPoolExecutor|CompletableFuture|LockSupport|DelayedWorkQueue"),
    ("RESTEasy Reactive (routing, handlers, context, serialiser lookup)", r"org/jboss/resteasy/reactive/|io/quarkus/resteasy/reactive/|org/csp/decisions/api/EvaluateResource|InFlightLimits|ContextualProvider|io/quarkus/arc/"),
    ("HTTP/Vert.x/Netty (request read, routing, event loop, kernel)", r"io/vertx/|io/netty/|io/quarkus/vertx/|sun/nio/ch/|epoll|tcp_|sock_"),
]
COMPILED = [(name, re.compile(p)) for name, p in AREAS]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--requests", type=int)
    ap.add_argument("--interval-us", type=float, default=10000.0)
    ap.add_argument("--unit", default="cpu", choices=["cpu", "bytes"])
    ap.add_argument("--top", type=int, default=40)
    a = ap.parse_args()
    self_c, incl, area = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for line in open(a.file):
        line = line.rstrip()
        if not line:
            continue
        stack, n = line.rsplit(" ", 1)
        n = int(n)
        total += n
        frames = stack.split(";")
        self_c[frames[-1]] += n
        for f in set(frames):
            incl[f] += n
        for name, rx in COMPILED:
            if rx.search(stack):
                area[name] += n
                break
        else:
            area["other (kernel scheduling, VM, idle spin)"] += n

    def per_request(v):
        if not a.requests:
            return ""
        if a.unit == "bytes":
            return "%10.0f B/req" % (v / a.requests)
        return "%8.1f us/req" % (v * a.interval_us / a.requests)

    unit = "bytes" if a.unit == "bytes" else "samples"
    print("# %s: %d %s%s" % (a.file.split("/")[-1], total, unit,
                            (", %d requests" % a.requests) if a.requests else ""))
    print("\n## By area (first matching area takes the stack)\n")
    for name, _ in AREAS + [("other (kernel scheduling, VM, idle spin)", None)]:
        v = area.get(name, 0)
        print("%6.1f%% %s  %s" % (100.0 * v / total, per_request(v), name))
    print("%6.1f%% %s  total" % (100.0, per_request(total)))
    print("\n## Top frames, self\n")
    for k, v in self_c.most_common(a.top):
        print("%6.1f%% %s" % (100.0 * v / total, k[:160]))
    print("\n## Top frames, inclusive\n")
    for k, v in incl.most_common(a.top * 2):
        print("%6.1f%% %s" % (100.0 * v / total, k[:160]))


if __name__ == "__main__":
    main()
