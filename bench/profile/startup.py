#!/usr/bin/env python3
"""Summarises a wall-clock profile of one start (async-profiler, collapsed stacks with threads, 2 ms a sample; see
profile-startup.sh): each thread's time running or waiting for a CPU (a wall sample cannot tell the two apart; on 2
cores their sum exceeds the wall time by what waited), the main thread's work by Quarkus step and what it waited for,
and the rules preload's work. Usage: startup.py WALL.txt "header line" > summary.txt"""
import collections, re, sys

MS = 2  # interval=2ms
WAITING = ("park", "futex", "epoll_wait", "accept", "poll", "Object.wait", "Thread.sleep", "pthread_cond", "nanosleep",
           "do_syscall_64", "read0", "socketRead")
AFTER_START = ("waitForExit", "Application.stop", "ShutdownHook", "Shutdown thread")  # after the first answer

def rows(path):
    for line in open(path):
        stack, n = line.rstrip().rsplit(" ", 1)
        frames = stack.split(";")
        thread = re.sub(r"\s*tid=\d+\]$", "]", frames[0])
        yield thread, [f.split("(")[0] for f in frames[1:]], int(n)

def name(thread):
    return re.sub(r"[-#]?\d+\]$", "]", thread)

def waiting(frames):
    return bool(frames) and any(w in frames[-1] for w in WAITING)

def short(frame):
    return frame.replace("/", ".").replace("io.quarkus.runner.recorded.", "").replace("io.quarkus.", "")

path, header = sys.argv[1], sys.argv[2]
data = [r for r in rows(path) if not any(a in f for f in r[1] for a in AFTER_START)]
print("Start-up wall-clock profile: " + header)
print()
print("Threads, ms running or waiting for a CPU (not blocked), until the first answer:")
per = collections.Counter()
for thread, frames, n in data:
    if not waiting(frames):
        per[name(thread)] += n * MS
for t, ms in per.most_common(20):
    print("  %6d  %s" % (ms, t))
print("  %6d  all threads" % sum(per.values()))

main = [(f, n) for t, f, n in data if t.startswith("[main")]
print()
print("main thread, by Quarkus step (ms; 'waits for' = blocked):")
steps = collections.Counter()
for frames, n in main:
    step = None
    for f in frames:
        if "Recorder" in f or f.endswith(".deploy") or ".deploy_" in f or "RulePreload" in f or "StartupEvent" in f:
            step = f
            break
    if step is None:
        step = "static init and class loading (no step on the stack)" if any("invokeStaticInit" in f or "clinit" in f for f in frames) else "other"
    key = ("waits for: " if waiting(frames) else "") + short(step)
    if waiting(frames):
        # what it waits for: the nearest frame of ours or Quarkus' below the wait
        near = [f for f in frames if f.startswith(("org/csp", "io/quarkus"))]
        key = "waits for: " + short(near[-1] if near else step)
    steps[key] += n * MS
for k, ms in steps.most_common(30):
    print("  %6d  %s" % (ms, k))

print()
print("rules-preload, three frames below RulePreload.preload (ms running or waiting for a CPU):")
pre = collections.Counter()
for thread, frames, n in data:
    if thread.startswith("[rules-preload") and not waiting(frames):
        i = next((j for j, f in enumerate(frames) if "RulePreload.preload" in f), None)
        if i is not None:
            below = [f for j, f in enumerate(frames[i + 1:]) if j == 0 or f != frames[i + j]]  # no repeats
            pre[" > ".join(short(f).replace("org.csp.decisions.engine.", "") for f in below[:3])] += n * MS
for k, ms in pre.most_common(15):
    print("  %6d  %s" % (ms, k))
