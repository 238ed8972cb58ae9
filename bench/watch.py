#!/usr/bin/env python3
"""Latency and memory of `wikilint watch` on a generated vault (see bench/README.md).

usage: python3 bench/watch.py [NOTES] [--edits 50] [--churn 10000]

Starts `target/release/wikilint watch VAULT --format json --debounce 100`, waits for the initial
check, then makes edits of three kinds, one at a time, timing each from the write to the JSON
line that reports it: editing a link in a note, adding the note that the most links are waiting
for (it fixes them all), and deleting the most linked note. Prints the median and 95th
percentile latency beyond the 100 ms debounce window, then makes CHURN more edits in bursts
of 100 and prints the resident memory before, every 2000 edits, and after.

The churn leaves the vault as it found it, so memory should come back flat: each edit either
adds a link to a missing note at the end of one of 1000 notes or restores that note, and every
tenth edit creates or deletes one of 20 scratch notes (as an editor's swap or backup files do).
`--append` makes the older churn instead: every edit appends a link to a different note, so the
vault (and the memory that holds it) grows.

WIKILINT=path picks the binary (default: $CARGO_TARGET_DIR/release/wikilint, else
target/release/wikilint).
"""
import json, os, random, subprocess, sys, threading, time, queue, statistics

args = sys.argv[1:]
n = int(args[0]) if args and not args[0].startswith('--') else 100000
edits = int(args[args.index('--edits') + 1]) if '--edits' in args else 50
churn = int(args[args.index('--churn') + 1]) if '--churn' in args else 10000
append = '--append' in args
exe = os.environ.get('WIKILINT') or os.path.join(os.environ.get('CARGO_TARGET_DIR', 'target'), 'release/wikilint')
vault = f'/tmp/wikilint-bench-{n}'
work = f'/tmp/wikilint-watch-{n}'
DEBOUNCE = 0.100

if not os.path.isdir(vault):
    sys.exit(f'{vault} is missing: run bench/run {n} first')
# Work on a copy: the benchmark edits files.
subprocess.run(['rm', '-rf', work], check=True)
subprocess.run(['cp', '-a', vault, work], check=True)

p = subprocess.Popen([exe, 'watch', work, '--format', 'json', '--debounce', '100'],
                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
lines = queue.Queue()
threading.Thread(target=lambda: [lines.put((time.monotonic(), l)) for l in p.stdout], daemon=True).start()


def rss_mb():
    with open(f'/proc/{p.pid}/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024


def wait_batch(timeout=30):
    t, line = lines.get(timeout=timeout)
    return t, json.loads(line)


t0 = time.monotonic()
_, first = wait_batch(timeout=300)
print(f'{n} notes: initial check {time.monotonic() - t0:.2f} s, {first["totals"]["errors"]} errors, RSS {rss_mb():.0f} MB')

notes = []
for dirpath, dirnames, filenames in os.walk(work):
    dirnames[:] = [d for d in dirnames if not d.startswith('.')]
    notes += [os.path.join(dirpath, f) for f in filenames if f.endswith('.md')]
notes.sort()
rng = random.Random(1)
truth = json.load(open(vault + '.truth.json'))
popular_missing = [k for k, _ in sorted(truth['missing_targets'].items(), key=lambda kv: -kv[1]) if '.' not in k]


def timed(action):
    while not lines.empty():
        lines.get()
    start = time.monotonic()
    action()
    try:
        t, _ = wait_batch()
    except queue.Empty:
        return None
    return t - start - DEBOUNCE


lat = {'edit a link': [], 'add a missing note': [], 'delete a linked note': []}
for i in range(edits):
    kind = list(lat)[i % 3]
    if kind == 'edit a link':
        path = rng.choice(notes)
        with open(path, 'a', encoding='utf-8') as f:
            act = lambda: (f.write(f'\n[[Bench Missing {i}]]\n'), f.flush())
            lat[kind].append(timed(act))
    elif kind == 'add a missing note':
        target = popular_missing[(i // 3) % len(popular_missing)]
        path = os.path.join(work, target + '.md')
        os.makedirs(os.path.dirname(path), exist_ok=True)
        lat[kind].append(timed(lambda: open(path, 'w').write(f'# {target}\n')))
    else:
        path = notes.pop(rng.randrange(len(notes)))
        lat[kind].append(timed(lambda: os.remove(path)))

all_lat = sorted(x for v in lat.values() for x in v if x is not None)
for kind, v in lat.items():
    v = sorted(x for x in v if x is not None)
    if v:
        print(f'  {kind:22} median {1000 * statistics.median(v):6.1f} ms   max {1000 * v[-1]:6.1f} ms   ({len(v)} edits)')
p95 = all_lat[int(0.95 * (len(all_lat) - 1))]
print(f'  all {len(all_lat)} edits: median {1000 * statistics.median(all_lat):.1f} ms, p95 {1000 * p95:.1f} ms beyond the debounce '
      f'(target: median < 30 ms on 100 000 notes)')



def settle(quiet=3.0):
    """Waits until the watcher has printed nothing for `quiet` seconds: it has caught up."""
    while True:
        try:
            lines.get(timeout=quiet)
        except queue.Empty:
            return


settle()
before = rss_mb()
series = []
pool = notes[:1000]
originals = {path: open(path, encoding='utf-8').read() for path in pool}
scratch = os.path.join(work, 'Churn scratch')
os.makedirs(scratch, exist_ok=True)
t_churn = time.monotonic()
for i in range(churn):
    if append:
        with open(notes[i % len(notes)], 'a', encoding='utf-8') as f:
            f.write(f' [[Churn {i % 50}]]')
    elif i % 10 == 9:
        path = os.path.join(scratch, f'Scratch {(i // 10) % 20}.md')
        if os.path.exists(path):
            os.remove(path)
        else:
            open(path, 'w').write(f'[[Churn {i % 50}]] [[{os.path.basename(pool[0])[:-3]}]]\n')
    else:
        path = pool[i % len(pool)]
        text = originals[path]
        # First pass over the pool adds a link, the next restores, and so on.
        if (i // len(pool)) % 2 == 0:
            text += f'\n[[Churn {i % 50}]]\n'
        open(path, 'w', encoding='utf-8').write(text)
    if i % 100 == 99:
        time.sleep(0.03)
    if i % 2000 == 1999:
        settle(1.0)
        series.append(f'{rss_mb():.0f}')
if not append:
    # Back to the vault as it was: restore the pool, delete the scratch notes.
    for path, text in originals.items():
        open(path, 'w', encoding='utf-8').write(text)
    for f in os.listdir(scratch):
        os.remove(os.path.join(scratch, f))
settle()
kind = 'appending edits' if append else 'edits that leave the vault as it was'
print(f'  RSS before {churn} more {kind}: {before:.0f} MB; every 2000: {" ".join(series)}; after {rss_mb():.0f} MB '
      f'({time.monotonic() - t_churn:.0f} s)')
p.send_signal(2)
p.wait(timeout=10)
subprocess.run(['rm', '-rf', work])
