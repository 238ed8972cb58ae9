#!/usr/bin/env python3
"""Latency and memory of `wikilint watch` on generated vaults (see bench/README.md).

usage: python3 bench/watch.py [NOTES...] [--edits 50] [--churn 10000] [--append]

NOTES defaults to "10000 100000": one command covers both sizes. For each N it works on a copy of
/tmp/wikilint-bench-N (generated as bench/run does when absent), starts
`wikilint watch COPY --format json --debounce 100`, waits for the initial check, then makes EDITS
timed edits, cycling through three kinds, one at a time, each timed from the write to the JSON
line that reports it, and each checked against that line:

- edit a link: writes a note with `[[Bench Missing I]]` appended, and the next time writes it back
  as it was; the delta must add (resp. resolve) a broken-link finding.
- add a note: creates the note that at least 100 broken links are waiting for (the vault's missing
  targets with the fewest links >= 100; when it has none, `[[Bench Missing Target]]` is first
  appended to 100 notes); the delta must resolve >= 100 broken-link findings. Deleted again, untimed.
- delete a popular note: deletes one of the most linked notes (in-links counted by
  `wikilint links --format obsidian`; basenames unique, so the links break rather than move to a
  namesake); the delta must add broken-link findings. Written back, untimed.

Every timed edit changes findings. One that gets no matching delta within 30 s is a dropped
sample: printed as DROPPED at once, counted in the summary, and the exit status is 1.
Latencies are beyond the 100 ms debounce window; p95 is the nearest rank.

Then CHURN more edits in bursts of 100, and the resident memory before, every 2000 edits, and
after. The churn leaves the vault as it found it, so memory should come back flat: each edit either
adds a link to a missing note at the end of one of 1000 notes or restores that note, and every
tenth edit creates or deletes one of 20 scratch notes (as an editor's swap or backup files do).
`--append` makes the older churn instead: every edit appends a link to a different note, so the
vault (and the memory that holds it) grows.

WIKILINT=path picks the binary; unset, `cargo build --release` is run and
$CARGO_TARGET_DIR/release/wikilint (else target/release/wikilint) used. GEN_VAULT=path overrides
the generator (default bench/gen_vault.py).
"""
import collections, json, math, os, queue, random, statistics, subprocess, sys, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
args = sys.argv[1:]


def opt(name, default):
    if name in args:
        i = args.index(name)
        v = int(args[i + 1])
        del args[i:i + 2]
        return v
    return default


edits = opt('--edits', 50)
churn = opt('--churn', 10000)
append = '--append' in args
if append:
    args.remove('--append')
sizes = [int(a) for a in args] or [10000, 100000]

exe = os.environ.get('WIKILINT')
if not exe:
    subprocess.run(['cargo', 'build', '--release', '--quiet'], cwd=ROOT, check=True)
    exe = os.path.join(ROOT, os.environ.get('CARGO_TARGET_DIR', 'target'), 'release/wikilint')


def generator():
    """GEN_VAULT, else the project's bench/gen_vault.py."""
    return os.environ.get('GEN_VAULT') or os.path.join(ROOT, 'bench/gen_vault.py')


DEBOUNCE = 0.100
WAIT = 30.0
MIN_FIXED = 100


def read(path):
    with open(path, 'rb') as f:
        return f.read()


def write(path, data):
    with open(path, 'wb') as f:
        f.write(data)


def ms(x):
    return f'{1000 * x:6.1f} ms'


def p95(v):
    v = sorted(v)
    return v[max(0, math.ceil(0.95 * len(v)) - 1)]


def bench(n):
    vault = f'/tmp/wikilint-bench-{n}'
    work = f'/tmp/wikilint-watch-{n}'
    if not os.path.isdir(vault) or not os.path.isfile(vault + '.truth.json'):
        subprocess.run(['python3', generator(), '--notes', str(n), '--seed', '1', '--out', vault, '--force'], check=True)
    # Work on a copy: the benchmark edits files.
    subprocess.run(['rm', '-rf', work], check=True)
    subprocess.run(['cp', '-a', vault, work], check=True)

    # Who links to what, before watching: popular notes and missing targets.
    graph = json.loads(subprocess.run([exe, 'links', '--format', 'obsidian', work], check=True,
                                      stdout=subprocess.PIPE).stdout)
    inlinks = collections.Counter()
    for m in graph['resolvedLinks'].values():
        for dest, c in m.items():
            inlinks[dest] += c
    waiting = collections.Counter()     # lower-cased missing target -> links
    spelling = {}
    for m in graph['unresolvedLinks'].values():
        for key, c in m.items():
            waiting[key.lower()] += c
            spelling.setdefault(key.lower(), key)

    notes = []
    for dirpath, dirnames, filenames in os.walk(work):
        dirnames[:] = [d for d in dirnames if not d.startswith('.')]
        notes += [os.path.relpath(os.path.join(dirpath, f), work) for f in filenames if f.endswith('.md')]
    notes.sort()
    basenames = collections.Counter(os.path.basename(p).lower() for p in notes)
    popular = [p for p, _ in sorted(inlinks.items(), key=lambda kv: (-kv[1], kv[0]))
               if p.endswith('.md') and basenames[os.path.basename(p).lower()] == 1 and os.path.isfile(os.path.join(work, p))]
    rng = random.Random(1)
    # Notes where an appended link is surely a link (no fence, comment or math left open).
    plain = [p for p in notes if not any(s in read(os.path.join(work, p)) for s in (b'```', b'~~~', b'<!--', b'%%', b'$$'))
             and p not in popular[:edits]]

    p = subprocess.Popen([exe, 'watch', work, '--format', 'json', '--debounce', str(int(DEBOUNCE * 1000))],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put((time.monotonic(), l)) for l in p.stdout], daemon=True).start()

    def rss_mb():
        with open(f'/proc/{p.pid}/status') as f:
            for line in f:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1]) / 1024

    def settle(quiet=3.0):
        """Waits until the watcher has printed nothing for `quiet` seconds: it has caught up."""
        while True:
            try:
                lines.get(timeout=quiet)
            except queue.Empty:
                return

    def until(action, done):
        """Runs `action`, then reads deltas until `done(new, resolved)` holds, counting the
        broken-link findings they add and resolve (a missing-note info may come with them).
        Returns (seconds from the write to that delta, new, resolved, deltas read), seconds None on timeout."""
        while not lines.empty():
            lines.get()
        start = time.monotonic()
        action()
        new = resolved = count = 0
        while True:
            try:
                t, line = lines.get(timeout=max(0.0, start + WAIT - time.monotonic()))
            except queue.Empty:
                return None, new, resolved, count
            batch = json.loads(line)
            new += sum(f['name'] == 'broken-link' for f in batch['new'])
            resolved += sum(f['name'] == 'broken-link' for f in batch['resolved'])
            count += 1
            if done(new, resolved):
                return t - start, new, resolved, count

    dropped = []

    def untimed(what, action, done):
        s, new, resolved, _ = until(action, done)
        if s is None:
            print(f'  WARNING: {what}: no matching delta in {WAIT:.0f} s (new {new}, resolved {resolved}); '
                  'later edits may be off', flush=True)

    t0 = time.monotonic()
    _, first = lines.get(timeout=600)
    first = json.loads(first)
    print(f'{n} notes: initial check {time.monotonic() - t0:.2f} s, {first["totals"]["errors"]} errors, '
          f'RSS {rss_mb():.0f} MB', flush=True)

    targets = sorted((k for k, c in waiting.items() if c >= MIN_FIXED and '.' not in os.path.basename(k)
                      and not k.startswith(('/', './', '../')) and '/../' not in k),
                     key=lambda k: (waiting[k], k))[:5]
    targets = [spelling[k] for k in targets]
    if not targets:
        # Set one up: 100 notes link to a note that does not exist.
        targets = ['Bench Missing Target']
        for q in rng.sample(plain, MIN_FIXED):
            with open(os.path.join(work, q), 'ab') as f:
                f.write(b'\n[[Bench Missing Target]]\n')
        settle()
        print(f'  setup: [[Bench Missing Target]] appended to {MIN_FIXED} notes', flush=True)

    kinds = ['edit a link', 'add a note', 'delete a popular note']
    lat = {k: [] for k in kinds}
    counts = {k: [] for k in kinds}
    splits = 0
    pending = None      # (note, original bytes) while an edit-a-link link is in place
    for i in range(edits):
        kind = kinds[i % 3]
        j = i // 3
        if kind == 'edit a link':
            if pending is None:
                q = rng.choice(plain)
                path = os.path.join(work, q)
                text = read(path)
                act = lambda: write(path, text + f'\n[[Bench Missing {i}]]\n'.encode())
                done = lambda new, res: new >= 1
                what = f'add [[Bench Missing {i}]] to {q}'
                pending = (path, text)
            else:
                path, text = pending
                act = lambda: write(path, text)
                done = lambda new, res: res >= 1
                what = f'remove the link added to {os.path.relpath(path, work)}'
                pending = None
        elif kind == 'add a note':
            target = targets[j % len(targets)]
            path = os.path.join(work, target + '.md')
            made = []
            d = os.path.dirname(path)
            while not os.path.isdir(d):
                made.append(d)
                d = os.path.dirname(d)

            def act():
                os.makedirs(os.path.dirname(path), exist_ok=True)
                write(path, f'# {os.path.basename(target)}\n'.encode())
            done = lambda new, res: res >= MIN_FIXED
            what = f'add {target}.md ({waiting[target.lower()] if target.lower() in waiting else MIN_FIXED} links wait for it)'
        else:
            q = popular[j % len(popular)]
            path = os.path.join(work, q)
            text = read(path)
            act = lambda: os.remove(path)
            done = lambda new, res: new >= 1
            what = f'delete {q} ({inlinks[q]} links to it)'
        s, new, resolved, count = until(act, done)
        if s is None:
            dropped.append(what)
            print(f'  DROPPED: {kind}: {what}: no matching delta in {WAIT:.0f} s (new {new}, resolved {resolved})',
                  flush=True)
        else:
            lat[kind].append(s - DEBOUNCE)
            counts[kind].append({'edit a link': new + resolved, 'add a note': resolved}.get(kind, new))
            splits += count > 1
        # Put the vault back, untimed, so that later edits stay comparable.
        if kind == 'add a note':
            def undo():
                os.remove(path)
                for d in made:
                    os.rmdir(d)
            untimed(f'delete {target}.md again', undo, lambda new, res: new >= MIN_FIXED)
        elif kind == 'delete a popular note':
            untimed(f'write {q} back', lambda: write(path, text), lambda new, res: res >= 1)
    if pending is not None:
        untimed('remove the last added link', lambda: write(*pending), lambda new, res: res >= 1)

    what = {'edit a link': 'broken link', 'add a note': 'broken links resolved', 'delete a popular note': 'links broken'}
    for kind, v in lat.items():
        if v:
            c = counts[kind]
            span = f'{min(c)}' if min(c) == max(c) else f'{min(c)}-{max(c)}'
            print(f'  {kind:22} median {ms(statistics.median(v))}   p95 {ms(p95(v))}   max {ms(max(v))}   '
                  f'({len(v)} edits, {span} {what[kind]} each)', flush=True)
    all_lat = [x for v in lat.values() for x in v]
    med = statistics.median(all_lat) if all_lat else float('nan')
    verdict = ('met' if med < 0.030 else 'NOT met') if n >= 100000 else 'applies to 100 000 notes'
    print(f'  all {len(all_lat)} edits: median {1000 * med:.1f} ms, p95 {1000 * p95(all_lat) if all_lat else float("nan"):.1f} ms '
          f'beyond the {1000 * DEBOUNCE:.0f} ms debounce; {len(dropped)} dropped'
          f'{"" if not splits else f", {splits} reported over 2+ deltas"} (target: median < 30 ms: {verdict})', flush=True)

    settle()
    before = rss_mb()
    series = []
    pool = notes[:1000]
    originals = {q: read(os.path.join(work, q)) for q in pool}
    scratch = os.path.join(work, 'Churn scratch')
    os.makedirs(scratch, exist_ok=True)
    t_churn = time.monotonic()
    for i in range(churn):
        if append:
            with open(os.path.join(work, notes[i % len(notes)]), 'ab') as f:
                f.write(f' [[Churn {i % 50}]]'.encode())
        elif i % 10 == 9:
            path = os.path.join(scratch, f'Scratch {(i // 10) % 20}.md')
            if os.path.exists(path):
                os.remove(path)
            else:
                write(path, f'[[Churn {i % 50}]] [[{os.path.basename(pool[0])[:-3]}]]\n'.encode())
        else:
            q = pool[i % len(pool)]
            text = originals[q]
            # First pass over the pool adds a link, the next restores, and so on.
            if (i // len(pool)) % 2 == 0:
                text += f'\n[[Churn {i % 50}]]\n'.encode()
            write(os.path.join(work, q), text)
        if i % 100 == 99:
            time.sleep(0.03)
        if i % 2000 == 1999:
            settle(1.0)
            series.append(f'{rss_mb():.0f}')
    if not append:
        # Back to the vault as it was: restore the pool, delete the scratch notes.
        for q, text in originals.items():
            write(os.path.join(work, q), text)
        for f in os.listdir(scratch):
            os.remove(os.path.join(scratch, f))
    settle()
    after = rss_mb()
    kind = 'appending edits' if append else 'edits that leave the vault as it was'
    print(f'  RSS before {churn} more {kind}: {before:.0f} MB; every 2000: {" ".join(series)}; after {after:.0f} MB '
          f'({after - before:+.0f} MB, {time.monotonic() - t_churn:.0f} s)', flush=True)
    p.send_signal(2)
    p.wait(timeout=10)
    subprocess.run(['rm', '-rf', work])
    return dropped


failed = False
for n in sizes:
    dropped = bench(n)
    if dropped:
        print(f'{n} notes: {len(dropped)} DROPPED samples (no matching delta): ' + '; '.join(dropped), flush=True)
        failed = True
sys.exit(1 if failed else 0)
