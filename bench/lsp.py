#!/usr/bin/env python3
"""Latency and memory of `wikilint lsp` on generated vaults (see bench/README.md).

usage: python3 bench/lsp.py [NOTES...] [--edits 50] [--open]

NOTES defaults to "10000 100000". For each N it starts `wikilint lsp` on /tmp/wikilint-bench-N
(generated as bench/run does when absent; the server writes nothing, so no copy is needed) as an
editor would: initialize with the vault as workspace folder (UTF-16 positions, no file watching
offered, so the server runs its own watcher), then opens one ordinary note at once, and times:

- first diagnostics: from `initialize` sent to the `publishDiagnostics` of the opened note (the
  server reads and checks the whole vault first: compare with `check`'s time); then how long until
  the findings of every other note are out (the server sends them between the editor's messages),
  after which the rest is timed;
- change → diagnostics: EDITS incremental `didChange`s of the open note, alternately appending
  `[[Bench Missing I]]` and taking it out again, each timed from the change sent to the
  `publishDiagnostics` of that note with that version, which must gain (resp. lose) the
  broken-link finding;
- completion: EDITS `textDocument/completion` requests after `[[` plus two letters of a note's
  name, at the end of the open note, timed from request to response, each answer checked to
  hold items;
- memory: the server's resident set after the edits, beside `wikilint watch`'s on the same vault.

By default the server publishes the findings of every note (as it does for an editor); `--open`
passes `initializationOptions: {"diagnostics": "open"}`. WIKILINT=path picks the binary; unset,
`cargo build --release` is run and target/release/wikilint used.

LSP_SERVER="command args" times another server the same way, for comparison (markdown-oxide,
marksman): the diagnostics are then taken as the next ones published for the note after the
change (their content and version are not checked) and no `watch` is run beside it.
"""
import json, math, os, queue, shlex, statistics, subprocess, sys, threading, time, urllib.parse

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
only_open = '--open' in args
if only_open:
    args.remove('--open')
sizes = [int(a) for a in args] or [10000, 100000]
other = shlex.split(os.environ.get('LSP_SERVER', ''))
exe = os.environ.get('WIKILINT')
if not exe and not other:
    subprocess.run(['cargo', 'build', '--release', '--quiet'], cwd=ROOT, check=True)
    exe = os.path.join(ROOT, os.environ.get('CARGO_TARGET_DIR', 'target'), 'release/wikilint')
WAIT = 60.0


def ms(x):
    return f'{1000 * x:7.1f} ms'


def p95(v):
    v = sorted(v)
    return v[max(0, math.ceil(0.95 * len(v)) - 1)]


def rss_mb(pid):
    with open(f'/proc/{pid}/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024


class Server:
    def __init__(self, vault):
        self.p = subprocess.Popen(other or [exe, 'lsp'], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL)
        self.messages = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.vault = vault

    def _read(self):
        out = self.p.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                k, v = line.split(b':', 1)
                if k.lower() == b'content-length':
                    length = int(v)
            self.messages.put((time.monotonic(), json.loads(out.read(length))))

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b'Content-Length: %d\r\n\r\n' % len(body) + body)
        self.p.stdin.flush()

    def request(self, method, params):
        self.next_id += 1
        self.send({'jsonrpc': '2.0', 'id': self.next_id, 'method': method, 'params': params})
        return self.next_id

    def notify(self, method, params):
        self.send({'jsonrpc': '2.0', 'method': method, 'params': params})

    def wait(self, accept):
        """The first message `accept` takes, with when it arrived; others are dropped."""
        deadline = time.monotonic() + WAIT
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError('no answer within %d s' % WAIT)
            at, m = self.messages.get(timeout=left)
            if 'id' in m and 'method' in m:
                # A request from the server (registerCapability, workDoneProgress/create,
                # workspace/configuration): answered with nothing.
                self.send({'jsonrpc': '2.0', 'id': m['id'], 'result': None})
            if accept(m):
                return at, m


def uri_of(path):
    return 'file://' + urllib.parse.quote(path)


def bench(n):
    vault = f'/tmp/wikilint-bench-{n}'
    if not os.path.isdir(vault):
        subprocess.run(['python3', os.path.join(ROOT, 'bench/gen_vault.py'), '--notes', str(n), '--seed', '1',
                        '--out', vault, '--force'], check=True)
    notes = []
    for dirpath, dirnames, filenames in os.walk(vault):
        dirnames[:] = [d for d in dirnames if not d.startswith('.')]
        notes += [os.path.join(dirpath, f) for f in filenames if f.endswith('.md')]
    notes.sort()
    # An ordinary note: no fence, comment or math left open at its end.
    note = next(p for p in notes[len(notes) // 2:] if not any(s in open(p, 'rb').read()
                                                               for s in (b'```', b'~~~', b'<!--', b'%%', b'$$')))
    text = open(note, encoding='utf-8').read()
    if not text.endswith('\n'):
        text += '\n'
    uri = uri_of(note)
    names = [os.path.basename(p)[:-3] for p in notes[::max(1, len(notes) // edits)]][:edits]

    s = Server(vault)
    started = time.monotonic()
    caps = {'general': {'positionEncodings': ['utf-16']},
            'workspace': {'workspaceEdit': {'documentChanges': True}}}
    init = s.request('initialize', {'processId': os.getpid(), 'rootUri': uri_of(vault), 'capabilities': caps,
                                    'workspaceFolders': [{'uri': uri_of(vault), 'name': 'bench'}],
                                    'initializationOptions': {'diagnostics': 'open'} if only_open else None})
    s.wait(lambda m: m.get('id') == init)
    s.notify('initialized', {})
    s.notify('textDocument/didOpen', {'textDocument': {'uri': uri, 'languageId': 'markdown', 'version': 1,
                                                       'text': text}})
    is_mine = lambda m: m.get('method') == 'textDocument/publishDiagnostics' and m['params']['uri'] == uri
    at, _ = s.wait(is_mine)
    first = at - started
    # The other notes' findings follow, a chunk at a time between the editor's messages: the
    # edits are timed once they are all out (no message for a second).
    last = at
    while True:
        try:
            last, _ = s.messages.get(timeout=1.0)
        except queue.Empty:
            break
    settled = last - started

    lines = text.count('\n')
    version = 1
    change_times = []
    for i in range(edits):
        version += 1
        added = i % 2 == 0
        link = f' [[Bench Missing {i // 2}]]'
        if added:
            change = {'range': {'start': {'line': lines, 'character': 0}, 'end': {'line': lines, 'character': 0}},
                      'text': link}
        else:
            change = {'range': {'start': {'line': lines, 'character': 0},
                                'end': {'line': lines, 'character': len(link)}}, 'text': ''}
        sent = time.monotonic()
        s.notify('textDocument/didChange', {'textDocument': {'uri': uri, 'version': version},
                                            'contentChanges': [change]})
        at, m = s.wait(lambda m, v=version: is_mine(m) and (other or m['params'].get('version') == v))
        has = any(f'Bench Missing {i // 2}' in d['message'] for d in m['params']['diagnostics'])
        if has != added and not other:
            sys.exit(f'change {i}: the diagnostics of version {version} do not say what the edit did')
        change_times.append(at - sent)

    completion_times = []
    empty = 0
    for i, name in enumerate(names):
        version += 1
        typed = '[[' + name[:2]
        s.notify('textDocument/didChange', {'textDocument': {'uri': uri, 'version': version}, 'contentChanges': [
            {'range': {'start': {'line': lines, 'character': 0}, 'end': {'line': lines + 1, 'character': 0}},
             'text': typed}]})
        sent = time.monotonic()
        rid = s.request('textDocument/completion', {'textDocument': {'uri': uri},
                                                    'position': {'line': lines, 'character': len(typed)}})
        at, m = s.wait(lambda m, r=rid: m.get('id') == r)
        result = m.get('result') or {}
        if not (result.get('items') if isinstance(result, dict) else result):
            if not other:
                sys.exit(f'completion {i} after {typed!r}: no items')
            empty += 1
        completion_times.append(at - sent)
    server_rss = rss_mb(s.p.pid)
    shut = s.request('shutdown', None)
    s.wait(lambda m: m.get('id') == shut)
    s.notify('exit', None)
    try:
        s.p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        if not other:
            raise
        s.p.kill()

    print(f'{n} notes ({" ".join(other) if other else ("open notes" if only_open else "all notes") + " published"}):')
    print(f'  first diagnostics of an opened note  {ms(first)}')
    print(f'  every note\'s findings published    {ms(settled)}')
    print(f'  didChange -> publishDiagnostics      median {ms(statistics.median(change_times))}  p95 {ms(p95(change_times))}  ({len(change_times)} edits)')
    print(f'  completion after [[                  median {ms(statistics.median(completion_times))}  p95 {ms(p95(completion_times))}  ({len(completion_times)} requests)')
    if other:
        print(f'  memory: {server_rss:.0f} MB; {empty} completions without items')
        return
    # The watcher's memory on the same vault, for the comparison the issue asks for.
    w = subprocess.Popen([exe, 'watch', vault, '--format', 'json'], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    w.stdout.readline()
    time.sleep(1)
    watch_rss = rss_mb(w.pid)
    w.kill()
    w.wait()

    print(f'  memory: lsp {server_rss:.0f} MB, watch {watch_rss:.0f} MB ({server_rss / watch_rss:.2f}x)')


for n in sizes:
    bench(n)
