#!/usr/bin/env python3
"""gen_vault.py - deterministic synthetic Obsidian vault with a ground-truth file.

    python3 bench/gen_vault.py --notes 10000 --seed 1 --out /tmp/vault10k
    # writes /tmp/vault10k/ (the vault) and /tmp/vault10k.truth.json (outside the vault)

Python 3 standard library only.  Same arguments -> byte-identical vault and truth
(a single random.Random(seed) drives everything; no set/hash ordering is used).
Part of wikilint's benchmark (bench/run, bench/README.md), under the project's licence.

What a vault contains (rates are per link slot / per note and configurable below):
  * nested folders (depth <= 4, ~40 notes per folder), a Daily/ folder of YYYY-MM-DD
    notes, attachments/ with tiny .png/.svg/.pdf files, ~2% of notes at the root;
  * note sizes drawn from a log-normal fitted to the real corpora (median ~1.1 KB,
    log-sd 1.0 -> mean ~1.8 KB, p90 ~4 KB, as measured on real vaults);
  * frontmatter on ~85% of notes: rating (WIP/done), tags, aliases, created, and
    whole-value links `up: "[[X]]"` / `related: ["[[X]]", ...]`;
  * wikilinks with Zipf-like target popularity (exponent --zipf): plain, |alias,
    #heading, #^block, same-note [[#heading]], embeds of notes and attachments
    (`![[x.png|200]]`), full-path and partial-path links, ./ and ../ relative links,
    `.md`-suffixed links, case-mismatched links, whitespace-padded `[[ X ]]`,
    `[[X\\|alias]]` inside tables, and Markdown links `[t](Folder/X%20Y.md)`;
  * ~5% of link slots point to missing notes/attachments (their own Zipf popularity;
    some with a folder prefix, some attachments), plus a few links to a name that is only
    an alias of a note (Obsidian does not resolve aliases, so those are broken too);
  * some heading/block links to headings/blocks that do not exist (file resolves);
  * callouts (`> [!type]`, foldable, nested) containing links; ```ad-xxx Admonition
    blocks containing links (counted separately: Obsidian does not index them);
  * fenced code blocks, inline code and <!-- HTML comments --> containing fake [[links]]
    that must NOT count;
  * duplicate basenames in different folders (some differing only in case), ~3% CRLF
    files, ~0.5% files with a UTF-8 BOM, ~5% non-ASCII note names (NFC).

Ground truth (by construction, with the Obsidian app's parsing and link resolution):
  broken.occurrences = unresolved wikilinks + embeds + Markdown links + frontmatter links
  outside code and outside ```ad- blocks; missing_targets = Obsidian's unresolvedLinks keys
  (linkpath, trailing .md removed) -> occurrence count.  broken_occurrences lists
  [path, line, col, kind, key] with 1-based line and 1-based column in code points, at
  the `[` of `[[`/`[t](..)` or the `!` of an embed (frontmatter: the first `[`).
  Links in ```ad- blocks are reported under ad_blocks; links resolving to a file whose
  heading/block does not exist are under subpaths (not broken links in Obsidian's sense).
"""

import argparse
import bisect
import datetime
import json
import math
import os
import random
import shutil
import statistics
import sys
import time
import unicodedata
from collections import Counter
from urllib.parse import quote

# --------------------------------------------------------------------------- vocabulary

WORDS = """
ability account action activity age air amount analysis animal answer approach area argument
art article aspect attention audience author balance base basis behavior belief benefit bird
blood board body book border brain branch bridge budget building business camera capital
card care career case cause cell center chance change chapter character choice circle city
class climate clock cloud code coffee collection college color community company concept
condition connection context control country course culture cycle data debate decision
definition degree design detail device difference direction discussion disease distance
document dream economy edge education effect effort element energy engine environment error
event evidence example experience experiment expert fact factor family feature feedback field
figure film flow focus food force forest form frame freedom friend function future game garden
goal government graph ground group growth habit health heart history home idea image impact
industry information input insight instance interest island issue journal judgment key
kingdom knowledge label labor language law layer leader lesson level library light limit line
link list logic loop machine map market material matter meaning measure media memory message
method mind model moment money month motion mountain movement music nature network night
node noise note number object ocean office option order origin outline output owner page
paper part path pattern people period person perspective phase picture piece place plan plant
point policy position power practice pressure principle problem process product program
project property purpose quality question range rate reason record region relation report
research resource result review rhythm risk river role rule sample scale scene school
science season section sense sequence series service session shape signal skill society
software solution source space speech stage standard state step story strategy stream
structure student study style subject summary surface symbol system table task team
technique technology term test text theme theory thing thought time tool topic trade
tradition training transfer tree trend truth type unit universe user value version view
village vision voice water wave wealth week window word work world writing year
""".split()

ADJECTIVES = """
abstract active ancient applied basic brief central classic clear common complex core
critical deep digital direct early empty final formal free general global green hidden
human inner joint key large late local logical main major minor modern natural new open
original personal plain practical primary private public quiet rapid raw real recent
related remote rough second secret shared short simple single slow small social solid
special stable static strong structured subtle swift total true urban visual vital warm
whole wide wild young
""".split()

VERBS = """
explains describes connects supports extends questions reframes summarizes contrasts links
builds shows refines follows mirrors challenges clarifies expands grounds frames revisits
""".split()

NON_ASCII_WORDS = """
Café Über Zürich Müller naïve Éclair Ærø Søren Łódź Ñandú São Paulo Kraków Ödön Ångström
Crème Brûlée Göteborg Ísland Dvořák Česko Bjørn Jalapeño Façade Résumé Piñata
知识管理 笔记 日本語 学習 읽기 노트 Заметка Москва Пример Книга Αθήνα Λόγος
""".split()

EMOJI = ["🌱", "📚", "🗂️", "💡", "🧭"]

# names for notes that are linked but never created (the "stub pages" a linter ranks)
MISSING_WORDS = """
Lenin Comintern Trotsky Luxemburg Kautsky Bernstein Gramsci Bukharin Zinoviev Kamenev
Plekhanov Martov Bebel Liebknecht Engels Proudhon Bakunin Kropotkin Owen Fourier
Saint-Simon Hegel Feuerbach Ricardo Smith Malthus Keynes Hayek Polanyi Veblen Schumpeter
Mises Sraffa Kalecki Robinson Minsky Arendt Weber Durkheim Simmel Tönnies Mannheim
Adorno Horkheimer Benjamin Marcuse Habermas Lukács Korsch Bloch Kracauer Lefebvre
Althusser Poulantzas Mandel Sweezy Baran Magdoff Braverman Thompson Hobsbawm Anderson
""".split()
MISSING_SUFFIX = """
Archive Congress Doctrine Manifesto Debate Circle School Institute Papers Letters
Theses Program Faction Group Tendency Revision Crisis Period Question Affair
""".split()

CALLOUT_TYPES = ["note", "info", "tip", "warning", "quote", "example", "abstract", "todo",
                 "question", "success", "danger", "bug", "faq", "important", "cite"]
AD_TYPES = ["note", "info", "tip", "warning", "example", "quote", "abstract", "seealso"]
CODE_LANGS = ["python", "js", "markdown", "bash", "", "rust", "yaml", "dataview"]

PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a4d1e8c0"
    "0000000049454e44ae426082")
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>\n'
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def nfc(s):
    return unicodedata.normalize("NFC", s)


def key_of(name):
    """How Obsidian compares names: case-insensitive (JS toLowerCase ~ str.lower), NFC."""
    return nfc(name).lower()


class Zipf:
    """Sample indices 0..n-1 with P(rank k) ~ 1/(k+1)^s over a seeded random permutation."""

    def __init__(self, rng, n, s):
        self.order = list(range(n))
        rng.shuffle(self.order)
        acc, self.cum = 0.0, []
        for k in range(n):
            acc += 1.0 / (k + 1) ** s
            self.cum.append(acc)
        self.total = acc

    def sample(self, rng):
        return self.order[bisect.bisect_left(self.cum, rng.random() * self.total)]


# --------------------------------------------------------------------------- plan


class Note:
    __slots__ = ("idx", "title", "folder", "path", "headings", "blocks", "aliases",
                 "size", "dup", "crlf", "bom", "fm")

    def full_noext(self):
        return (self.folder + "/" if self.folder else "") + self.title


class Generator:
    def __init__(self, args):
        self.a = args
        self.rng = random.Random(args.seed)
        self.used = {}            # key_of(file name incl. extension) -> True (all vault files)
        self.title_keys = {}      # key_of(title) -> [note idx] (notes only)
        self.notes = []
        self.folders = []
        self.attachments = []     # vault paths
        self.missing = []         # (key, kind) kind in note|folder|attachment
        self.alias_only = []      # alias strings that are not file names
        self.t = {                # ground truth counters
            "links": dict(total=0, wikilinks=0, embeds=0, md_links=0, frontmatter_links=0,
                          in_callouts=0, in_tables=0, in_lists=0),
            "broken": dict(occurrences=0, wikilinks=0, embeds=0, md_links=0, frontmatter_links=0,
                           alias_only_links=0),
            "not_links": dict(fenced_code=0, inline_code=0, html_comment=0),
            "ad": dict(blocks=0, links=0, broken_occurrences=0),
            "quirks": dict(case_mismatch_links=0, whitespace_padded_links=0, full_path_links=0,
                           partial_path_links=0, relative_links=0, md_suffix_links=0,
                           escaped_pipe_links=0, same_note_links=0, heading_links=0,
                           block_links=0, attachment_embeds=0, sized_embeds=0,
                           ambiguous_link_occurrences=0),
        }
        self.missing_counts = {}
        self.ad_missing_counts = {}
        self.broken_list = []
        self.ad_broken_list = []
        self.bad_headings = []
        self.bad_blocks = []

    # ----- names
    def word(self):
        return self.rng.choice(WORDS)

    def title_words(self, n):
        r = self.rng
        ws = [r.choice(ADJECTIVES) if (i == 0 and r.random() < 0.4) else r.choice(WORDS)
              for i in range(n)]
        return " ".join(w.capitalize() if (i == 0 or r.random() < 0.7) else w
                        for i, w in enumerate(ws))

    def new_title(self):
        r = self.rng
        for attempt in range(100):
            x = r.random()
            if x < 0.05:                                   # non-ASCII
                t = r.choice(NON_ASCII_WORDS) + " " + (r.choice(NON_ASCII_WORDS) if r.random() < 0.5
                                                       else self.title_words(1))
            elif x < 0.06:
                t = r.choice(EMOJI) + " " + self.title_words(r.randint(1, 2))
            elif x < 0.08:
                t = self.title_words(2) + " " + r.choice(["v1.2", "2.0", "3.1.4", "Part 1.5"])
            elif x < 0.12:
                t = self.title_words(1) + r.choice([" & ", " - ", ", "]) + self.title_words(1)
            elif x < 0.14:
                t = self.title_words(1) + "'s " + self.title_words(1)
            else:
                t = self.title_words(r.choice([1, 2, 2, 3, 3, 3, 4]))
            if attempt > 3:
                t += f" {r.randint(2, 99999)}"
            t = nfc(t)
            if key_of(t + ".md") not in self.used:
                return t
        raise RuntimeError("could not find a unique title")

    # ----- folders, notes, attachments
    def plan(self):
        r, N = self.rng, self.a.notes
        n_folders = max(4, N // 40)
        top = max(3, min(30, round(math.sqrt(n_folders))))
        names_at = {"": {}}

        def add_folder(parent):
            for _ in range(50):
                x = r.random()
                if parent == "" and x < 0.3:
                    name = f"{len(names_at['']):02d} - {self.title_words(r.randint(1, 2))}"
                elif x < 0.04:
                    name = r.choice(NON_ASCII_WORDS)
                else:
                    name = self.title_words(r.randint(1, 2))
                name = nfc(name)
                if key_of(name) not in names_at[parent] and key_of(name) not in ("daily", "attachments"):
                    names_at[parent][key_of(name)] = True
                    path = (parent + "/" if parent else "") + name
                    names_at[path] = {}
                    self.folders.append(path)
                    if path.count("/") < 3:
                        parents.append(path)
                    return
        parents = []                                        # folders that may get children
        for _ in range(top):
            add_folder("")
        while len(self.folders) < n_folders:
            add_folder(r.choice(parents))
        self.folders.sort()
        self.daily_root = "Daily"

        # attachments first so note titles never collide with their names
        n_att = max(5, N // 20)
        for i in range(n_att):
            ext = r.choice(["png", "png", "png", "svg", "pdf", "jpg"])
            base = f"{self.word()}-{self.word()}-{i}.{ext}"
            x = r.random()
            folder = ("attachments" if x < 0.6 else
                      "attachments/" + r.choice(["img", "diagrams", "scans"]) if x < 0.8 else
                      r.choice(self.folders))
            self.attachments.append(folder + "/" + base)
            self.used[key_of(base)] = True

        day = datetime.date(2019, 1, 1)
        for i in range(N):
            n = Note()
            n.idx = i
            x = r.random()
            n.dup = False
            if x < 0.03:                                    # daily note
                n.title = day.isoformat()
                day += datetime.timedelta(days=1)
                n.folder = self.daily_root + ("/" + n.title[:4] if r.random() < 0.5 else "")
            elif x < 0.05 and len(self.notes) > 10:         # duplicate basename, other folder
                src = self.notes[r.randrange(len(self.notes))]
                if src.title[:2].isdigit() and "-" in src.title[:5] or src.folder == "":
                    n.title = self.new_title()
                    n.folder = r.choice(self.folders)
                else:
                    n.title = src.title
                    if r.random() < 0.3:                    # differs only in (ASCII) case
                        n.title = "".join(c.swapcase() if c.isascii() else c for c in src.title)
                    taken = [key_of(self.notes[j].folder) for j in self.title_keys[key_of(src.title)]]
                    n.folder = r.choice(self.folders)
                    while key_of(n.folder) in taken:
                        n.folder = r.choice(self.folders)
                    n.dup = True
                    src.dup = True
            else:
                n.title = self.new_title()
                n.folder = "" if r.random() < 0.02 else r.choice(self.folders)
            n.path = n.full_noext() + ".md"
            self.used[key_of(n.title + ".md")] = True
            self.title_keys.setdefault(key_of(n.title), []).append(i)
            size = math.exp(r.gauss(math.log(self.a.median_bytes), self.a.sigma))
            n.size = int(min(max(size, 60), 150_000))
            nh = min(8, int(n.size / 700 + r.random() * 1.5))
            n.headings = []
            while len(n.headings) < nh:
                h = self.title_words(r.randint(1, 3))
                if h not in n.headings:
                    n.headings.append(h)
            nb = 0 if r.random() < 0.6 else r.randint(1, 3)
            n.blocks = []
            while len(n.blocks) < nb:
                b = "".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(6))
                if b not in n.blocks:
                    n.blocks.append(b)
            n.crlf = r.random() < 0.03
            n.fm = r.random() < 0.85
            n.bom = n.fm and r.random() < 0.006         # BOM before '---' (Obsidian strips it)
            n.aliases = []
            self.notes.append(n)
        seen = {}
        for n in self.notes:                                # sanity: vault paths are unique
            assert key_of(n.path) not in seen, n.path
            seen[key_of(n.path)] = True

        # aliases (never file names: alias-only links must stay broken)
        for n in self.notes:
            if n.fm and r.random() < 0.15:
                for _ in range(r.randint(1, 2)):
                    al = self.title_words(r.randint(1, 2)) + " " + r.choice(["Alias", "aka", "AKA", "term"])
                    al = nfc(al + f" {r.randint(1, 999)}")
                    if key_of(al + ".md") not in self.used and key_of(al) not in self.used:
                        n.aliases.append(al)
                        self.alias_only.append(al)
        # missing targets
        n_missing = max(10, int(N * self.a.missing_pool))
        seen = {}
        while len(self.missing) < n_missing:
            x = r.random()
            if x < 0.1:
                name = f"missing-{self.word()}-{len(self.missing)}.png"
                kind = "attachment"
                k = key_of(name)
            else:
                base = r.choice(MISSING_WORDS)
                if r.random() < 0.6:
                    base += " " + r.choice(MISSING_SUFFIX)
                if r.random() < 0.3:
                    base += f" {r.randint(1848, 1991)}"
                base = nfc(base)
                kind = "note"
                name = base
                if x < 0.2:
                    name = r.choice(self.folders) + "/" + base
                    kind = "folder"
                k = key_of(base + ".md")
            if k in self.used or key_of(name) in seen or key_of(name.rsplit("/", 1)[-1]) in self.used:
                continue
            seen[key_of(name)] = True
            self.missing.append((name, kind))
        self.pool = [self.make_sentence(r.randint(5, 14)) for _ in range(8192)]
        self.short_pool = [self.make_sentence(r.randint(3, 6)) for _ in range(1024)]
        self.z_notes = Zipf(r, N, self.a.zipf)
        self.z_missing = Zipf(r, len(self.missing), self.a.zipf)
        self.z_att = Zipf(r, len(self.attachments), self.a.zipf)

    # ----- link slots
    def link(self, src, ctx):
        """Return (text, info) for one link slot in context ctx
        (text|callout|table|list|ad|frontmatter).  info: kind, broken (missing key or
        None), quirks (Counter of the quirk kinds this link exhibits), ..."""
        text, info = self._link(src, ctx)
        info["quirks"] = self.cur_q
        return text, info

    def _link(self, src, ctx):
        r = self.rng
        q = self.cur_q = Counter()
        esc = "\\|" if ctx == "table" else "|"
        alias = lambda: " ".join(self.word() for _ in range(r.randint(1, 3)))
        if ctx == "frontmatter":
            if r.random() < self.a.missing_rate:
                name, kind = self.missing[self.z_missing.sample(r)]
                while kind == "attachment":          # frontmatter links name notes
                    name, kind = self.missing[self.z_missing.sample(r)]
                return f"[[{name}]]", dict(kind="frontmatter", broken=name)
            t = self.notes[self.z_notes.sample(r)]
            target = t.full_noext() if t.dup else t.title
            if t.dup:
                q["full_path_links"] += 1
            return f"[[{target}]]", dict(kind="frontmatter", broken=None)

        x = r.random()
        if x < self.a.missing_rate:                          # ---- missing target
            name, kind = self.missing[self.z_missing.sample(r)]
            if kind == "attachment":
                return f"![[{name}]]", dict(kind="embed", broken=name)
            y = r.random()
            if y < 0.05 and ctx not in ("table", "ad"):
                enc = quote(name + ".md", safe="/&,'-_.~!*+=;:@$")
                return f"[{alias()}]({enc})", dict(kind="md", broken=name)
            if y < 0.10:
                return f"[[{name}.md]]", dict(kind="wiki", broken=name)
            if y < 0.20:
                return f"[[{name}#{self.title_words(1)}]]", dict(kind="wiki", broken=name)
            if y < 0.40:
                return f"[[{name}{esc}{alias()}]]", dict(kind="wiki", broken=name)
            if y < 0.43:
                return f"![[{name}]]", dict(kind="embed", broken=name)
            return f"[[{name}]]", dict(kind="wiki", broken=name)
        if x < self.a.missing_rate + 0.003 and self.alias_only:  # ---- alias-only name
            al = self.alias_only[r.randrange(len(self.alias_only))]
            return f"[[{al}]]", dict(kind="wiki", broken=al, alias_only=True)
        if x < self.a.missing_rate + 0.08:                   # ---- attachment embed
            p = self.attachments[self.z_att.sample(r)]
            base = p.rsplit("/", 1)[-1]
            q["attachment_embeds"] += 1
            y = r.random()
            tgt = p if y < 0.2 else base
            if y < 0.2:
                q["full_path_links"] += 1
            if r.random() < 0.3 and not base.endswith(".pdf"):
                q["sized_embeds"] += 1
                return f"![[{tgt}{esc}{r.choice(['200', '300', '100x145', '640'])}]]", dict(kind="embed", broken=None)
            return f"![[{tgt}]]", dict(kind="embed", broken=None)

        t = self.notes[self.z_notes.sample(r)]
        y = r.random()
        # same-note heading link
        if y < 0.01 and src.headings and ctx != "ad":
            q["same_note_links"] += 1
            return f"[[#{r.choice(src.headings)}]]", dict(kind="wiki", broken=None)
        if t.dup and y < 0.3:                               # bare name of a duplicate basename:
            q["ambiguous_link_occurrences"] += 1            # resolves, but Obsidian picks one
            return f"[[{t.title}]]", dict(kind="wiki", broken=None)
        base = t.full_noext() if t.dup else t.title         # dup basenames: full path (unambiguous)
        if t.dup:
            q["full_path_links"] += 1
        if y < 0.09 and t.headings:                         # heading link
            q["heading_links"] += 1
            if r.random() < 0.1:
                h = "Nonexistent " + self.title_words(2)
                return f"[[{base}#{h}]]", dict(kind="wiki", broken=None, bad_heading=f"{base}#{h}")
            return f"[[{base}#{r.choice(t.headings)}{esc}{alias()}]]" if r.random() < 0.3 else \
                f"[[{base}#{r.choice(t.headings)}]]", dict(kind="wiki", broken=None)
        if y < 0.12 and t.blocks:                           # block link
            q["block_links"] += 1
            if r.random() < 0.1:
                return f"[[{base}#^zz-{self.rng.randint(1000, 9999)}]]", dict(
                    kind="wiki", broken=None, bad_block=True)
            emb = "!" if r.random() < 0.2 else ""
            return f"{emb}[[{base}#^{r.choice(t.blocks)}]]", dict(kind="embed" if emb else "wiki", broken=None)
        if y < 0.16:                                        # note embed
            return f"![[{base}]]", dict(kind="embed", broken=None)
        if y < 0.21 and not t.dup:                          # full path
            q["full_path_links"] += 1
            return f"[[{t.full_noext()}{esc}{alias()}]]" if t.folder else f"[[{t.title}]]", dict(kind="wiki", broken=None)
        if y < 0.23 and not t.dup and t.folder:             # partial path (suffix match)
            q["partial_path_links"] += 1
            return f"[[{t.folder.rsplit('/', 1)[-1]}/{t.title}]]", dict(kind="wiki", broken=None)
        if y < 0.24 and ctx != "table":                     # relative ./ ../
            q["relative_links"] += 1
            rel = os.path.relpath(t.full_noext(), src.folder or ".").replace(os.sep, "/")
            if not rel.startswith("../"):
                rel = "./" + rel
            return f"[[{rel}]]", dict(kind="wiki", broken=None)
        if y < 0.27 and not t.dup:                          # case mismatch (ASCII letters only)
            v = "".join(c.swapcase() if c.isascii() else c for c in t.title) if r.random() < 0.3 \
                else "".join(c.lower() if c.isascii() else c for c in t.title)
            if v != t.title:
                q["case_mismatch_links"] += 1
                return f"[[{v}]]", dict(kind="wiki", broken=None)
        if y < 0.29:                                        # .md suffix
            q["md_suffix_links"] += 1
            return f"[[{base}.md]]", dict(kind="wiki", broken=None)
        if y < 0.295 and ctx != "table":                    # padded with spaces
            q["whitespace_padded_links"] += 1
            return r.choice([f"[[ {base}]]", f"[[{base} ]]", f"[[ {base} | {alias()} ]]"]), dict(kind="wiki", broken=None)
        if y < 0.335 and ctx not in ("table", "ad"):        # Markdown link
            enc = quote(t.path, safe="/&,'-_.~!*+=;:@$")
            if r.random() < 0.2:
                return f"[{alias()}](<{t.path}>)", dict(kind="md", broken=None)
            return f"[{alias()}]({enc})", dict(kind="md", broken=None)
        if y < 0.55:
            if ctx == "table":
                q["escaped_pipe_links"] += 1
            return f"[[{base}{esc}{alias()}]]", dict(kind="wiki", broken=None)
        return f"[[{base}]]", dict(kind="wiki", broken=None)

    # ----- note body
    def sentence(self, short=False):
        pool = self.short_pool if short else self.pool
        return pool[self.rng.randrange(len(pool))]

    def make_sentence(self, n):
        r = self.rng
        ws = [r.choice(WORDS) if r.random() < 0.75 else r.choice(ADJECTIVES) for _ in range(n)]
        if r.random() < 0.3:
            ws.insert(r.randrange(len(ws)), r.choice(VERBS))
        if r.random() < 0.04:
            ws.insert(r.randrange(len(ws)), "#" + r.choice(WORDS))
        s = " ".join(ws)
        return s[0].upper() + s[1:] + r.choice([".", ".", ".", "?", "!", ";"])

    def render(self, n):
        """Build one note. Returns (text, link records)."""
        r = self.rng
        lines, recs = [], []
        cur = [0]  # bytes so far (approx, utf-8)

        def emit(pieces, ctx):
            """pieces: list of str or ('LINK',) placeholders resolved here."""
            out, col = [], 0
            for p in pieces:
                if isinstance(p, tuple):
                    text, info = self.link(n, ctx)
                    c = col + 1
                    recs.append((len(lines) + 1, c, text, info, ctx))
                    p = text
                out.append(p)
                col += len(p)
            line = "".join(out)
            lines.append(line)
            cur[0] += len(line.encode("utf-8")) + 1

        def text_with_links(prefix, ctx, k=None):
            pieces = [prefix]
            k = k or r.randint(1, 4)
            for i in range(k):
                s = self.sentence()
                if r.random() < self.a.link_prob:
                    ws = s.split(" ")
                    cut = r.randrange(1, len(ws))
                    pieces += [" ".join(ws[:cut]) + " ", ("LINK",), " " + " ".join(ws[cut:])]
                else:
                    pieces.append(s)
                if r.random() < 0.008 and ctx in ("text", "list"):
                    self.t["not_links"]["inline_code"] += 1
                    pieces.append(f" `[[{self.fake_name()}]]`")
                pieces.append(" " if i < k - 1 else "")
            return pieces

        # frontmatter
        if n.fm:
            lines.append("---")
            if r.random() < 0.8:
                lines.append(f"rating: {r.choice(['WIP', 'WIP', 'done'])}")
            tags = [r.choice(WORDS) + ("/" + r.choice(WORDS) if r.random() < 0.3 else "")
                    for _ in range(r.randint(0, 3))]
            if tags:
                if r.random() < 0.5:
                    lines.append("tags: [" + ", ".join(tags) + "]")
                else:
                    lines.append("tags:")
                    lines += [f"  - {t}" for t in tags]
            if n.aliases:
                lines.append("aliases:")
                lines += [f"  - {a}" for a in n.aliases]
            if r.random() < 0.5:
                d = datetime.date(2018, 1, 1) + datetime.timedelta(days=r.randrange(3000))
                lines.append(f"created: {d.isoformat()}")
            if r.random() < 0.10:
                text, info = self.link(n, "frontmatter")
                recs.append((len(lines) + 1, len('up: "') + 1, text, info, "frontmatter"))
                lines.append(f'up: "{text}"')
            if r.random() < 0.05:
                lines.append("related:")
                for _ in range(r.randint(1, 3)):
                    text, info = self.link(n, "frontmatter")
                    recs.append((len(lines) + 1, len('  - "') + 1, text, info, "frontmatter"))
                    lines.append(f'  - "{text}"')
            lines.append("---")
            cur[0] += sum(len(l.encode("utf-8")) + 1 for l in lines)
        if r.random() < 0.6:
            lines.append(f"# {n.title}")
            lines.append("")
        headings = list(n.headings)
        blocks = list(n.blocks)
        step = n.size / (len(headings) + 1)
        while cur[0] < n.size or headings or blocks:
            if headings and cur[0] >= step * (len(n.headings) - len(headings) + 1) or \
                    headings and cur[0] >= n.size:
                lines.append(f"{'#' * r.choice([2, 2, 2, 3, 3, 4])} {headings.pop(0)}")
                lines.append("")
                continue
            x = r.random()
            if x < 0.55 or (cur[0] >= n.size and blocks):      # paragraph
                emit(text_with_links("", "text"), "text")
                if blocks and (r.random() < 0.3 or cur[0] >= n.size):
                    lines[-1] += f" ^{blocks.pop(0)}"
                lines.append("")
            elif x < 0.70:                                      # list
                for _ in range(r.randint(2, 6)):
                    ind = "  " if r.random() < 0.2 else ""
                    mark = r.choice(["- ", "- ", "* ", "1. ", "- [ ] ", "- [x] "])
                    emit(text_with_links(ind + mark, "list", 1), "list")
                lines.append("")
            elif x < 0.78:                                      # callout
                ct = r.choice(CALLOUT_TYPES)
                fold = r.choice(["", "", "-", "+"])
                title = self.title_words(r.randint(1, 3)) if r.random() < 0.7 else ""
                lines.append(f"> [!{ct}]{fold} {title}".rstrip())
                for _ in range(r.randint(1, 4)):
                    emit(text_with_links("> ", "callout", r.randint(1, 2)), "callout")
                if r.random() < 0.1:
                    lines.append(">")
                    lines.append(f"> > [!{r.choice(CALLOUT_TYPES)}] Nested")
                    emit(text_with_links("> > ", "callout", 1), "callout")
                lines.append("")
            elif x < 0.795:                                     # ```ad- block
                self.t["ad"]["blocks"] += 1
                lines.append(f"```ad-{r.choice(AD_TYPES)}")
                if r.random() < 0.6:
                    lines.append(f"title: {self.title_words(2)}")
                if r.random() < 0.3:
                    lines.append("collapse: open")
                for _ in range(r.randint(1, 3)):
                    emit(text_with_links("", "ad", r.randint(1, 2)), "ad")
                lines.append("```")
                lines.append("")
            elif x < 0.815:                                     # code block with fake links
                fence = "~~~" if r.random() < 0.2 else "```"
                lines.append(fence + r.choice(CODE_LANGS))
                for _ in range(r.randint(1, 4)):
                    if r.random() < 0.4:
                        self.t["not_links"]["fenced_code"] += 1
                        lines.append(f"x = \"[[{self.fake_name()}]]\"  # {self.word()}")
                    else:
                        lines.append(f"{self.word()}({self.word()}, {r.randint(0, 99)})")
                lines.append(fence)
                lines.append("")
            elif x < 0.835:                                     # table
                lines.append("| Item | Notes |")
                lines.append("| --- | --- |")
                for _ in range(r.randint(1, 4)):
                    emit(["| ", ("LINK",), " | " + self.sentence(short=True) + " |"], "table")
                lines.append("")
            elif x < 0.87:                                      # embed line
                emit([("LINK",)], "text")
                lines.append("")
            elif x < 0.875:                                     # HTML comment with fake links
                if r.random() < 0.5:
                    self.t["not_links"]["html_comment"] += 1
                    lines.append(f"<!-- TODO [[{self.fake_name()}]] -->")
                else:
                    lines.append("<!--")
                    for _ in range(r.randint(1, 3)):
                        self.t["not_links"]["html_comment"] += 1
                        lines.append(f"- [[{self.fake_name()}]]: {self.sentence(short=True)}")
                    lines.append("-->")
                lines.append("")
            elif x < 0.89:                                      # plain blockquote
                emit(text_with_links("> ", "text", 1), "text")
                lines.append("")
            else:                                               # plain paragraph, no links
                lines.append(" ".join(self.sentence() for _ in range(r.randint(1, 4))))
                lines.append("")
        return lines, recs

    def fake_name(self):
        return f"Fake Code Example {self.rng.randint(1, 10**6)}"

    # ----- bookkeeping of one link record
    def account(self, n, rec):
        line, col, text, info, ctx = rec
        kind = info["kind"]
        L, B, q = self.t["links"], self.t["broken"], self.t["quirks"]
        if ctx != "ad":
            for k, v in info["quirks"].items():
                q[k] += v
        if ctx == "ad":
            self.t["ad"]["links"] += 1
            if info["broken"] is not None:
                self.t["ad"]["broken_occurrences"] += 1
                self.ad_missing_counts[info["broken"]] = self.ad_missing_counts.get(info["broken"], 0) + 1
                self.ad_broken_list.append([n.path, line, col, kind, info["broken"]])
            return
        L["total"] += 1
        L[{"wiki": "wikilinks", "embed": "embeds", "md": "md_links",
           "frontmatter": "frontmatter_links"}[kind]] += 1
        if ctx == "callout":
            L["in_callouts"] += 1
        elif ctx == "table":
            L["in_tables"] += 1
        elif ctx == "list":
            L["in_lists"] += 1
        if info.get("bad_heading"):
            self.bad_headings.append([n.path, line, col, info["bad_heading"]])
        if info.get("bad_block"):
            self.bad_blocks.append([n.path, line, col, text])
        if info["broken"] is not None:
            B["occurrences"] += 1
            B[{"wiki": "wikilinks", "embed": "embeds", "md": "md_links",
               "frontmatter": "frontmatter_links"}[kind]] += 1
            if info.get("alias_only"):
                B["alias_only_links"] += 1
            self.missing_counts[info["broken"]] = self.missing_counts.get(info["broken"], 0) + 1
            self.broken_list.append([n.path, line, col, kind, info["broken"]])

    # ----- write everything
    def run(self):
        a = self.a
        t0 = time.time()
        self.plan()
        out = a.out
        if os.path.exists(out):
            if not a.force:
                sys.exit(f"{out} exists (use --force to replace it)")
            shutil.rmtree(out)
        os.makedirs(out)
        os.makedirs(os.path.join(out, ".obsidian"))
        with open(os.path.join(out, ".obsidian", "app.json"), "w", encoding="utf-8") as f:
            json.dump({"useMarkdownLinks": False, "newLinkFormat": "shortest",
                       "attachmentFolderPath": "attachments", "alwaysUpdateLinks": True}, f, indent=2)
        made = {}

        def mkdir(d):
            if d not in made:
                os.makedirs(os.path.join(out, d), exist_ok=True)
                made[d] = True
        total_bytes, sizes, crlf, bom, fm, non_ascii = 0, [], 0, 0, 0, 0
        for p in self.attachments:
            mkdir(os.path.dirname(p))
            data = PNG_1x1 if p.endswith((".png", ".jpg")) else SVG if p.endswith(".svg") else PDF
            with open(os.path.join(out, p), "wb") as f:
                f.write(data)
            total_bytes += len(data)
        for n in self.notes:
            lines, recs = self.render(n)
            for rec in recs:
                self.account(n, rec)
            text = ("\r\n" if n.crlf else "\n").join(lines) + ("\r\n" if n.crlf else "\n")
            data = text.encode("utf-8")
            if n.bom:
                data = b"\xef\xbb\xbf" + data
            mkdir(n.folder) if n.folder else None
            with open(os.path.join(out, n.path), "wb") as f:
                f.write(data)
            sizes.append(len(data))
            total_bytes += len(data)
            crlf += n.crlf
            bom += n.bom
            fm += n.fm
            non_ascii += any(ord(c) > 127 for c in n.path)
        # duplicate basename groups and links that Obsidian would find ambiguous
        groups = [v for v in self.title_keys.values() if len(v) > 1]
        sizes.sort()
        tl = self.t
        truth = {
            "generator": "gen_vault.py", "format": 1,
            "args": {"notes": a.notes, "seed": a.seed, "zipf": a.zipf, "missing_rate": a.missing_rate,
                     "missing_pool": a.missing_pool, "median_bytes": a.median_bytes,
                     "sigma": a.sigma, "link_prob": a.link_prob},
            "semantics": ("Obsidian app: links in fenced/inline code, <!-- HTML comments --> and ```ad- "
                          "blocks are not links; "
                          "frontmatter whole-value \"[[X]]\" strings are links; aliases never resolve; "
                          "case-insensitive basename/suffix resolution; subpaths do not affect resolution."),
            "files": {"notes": len(self.notes), "attachments": len(self.attachments),
                      "folders": len(made), "md_bytes": sum(sizes), "total_bytes": total_bytes,
                      "crlf_files": crlf, "bom_files": bom, "frontmatter_files": fm,
                      "non_ascii_note_paths": non_ascii,
                      "note_size": {"mean": round(statistics.mean(sizes)), "median": sizes[len(sizes) // 2],
                                    "p90": sizes[int(len(sizes) * 0.9)], "max": sizes[-1]}},
            "links": tl["links"],
            "broken": dict(tl["broken"], distinct_targets=len(self.missing_counts),
                           rate=round(tl["broken"]["occurrences"] / max(1, tl["links"]["total"]), 4)),
            "missing_targets": dict(sorted(self.missing_counts.items(), key=lambda kv: (-kv[1], kv[0]))),
            "not_links": tl["not_links"],
            "ad_blocks": dict(tl["ad"], missing_targets=dict(sorted(self.ad_missing_counts.items(),
                                                                    key=lambda kv: (-kv[1], kv[0])))),
            "subpaths": {"broken_heading_links": len(self.bad_headings),
                         "broken_block_links": len(self.bad_blocks),
                         "broken_headings": self.bad_headings, "broken_blocks": self.bad_blocks},
            "quirks": tl["quirks"],
            "duplicate_basenames": {"groups": len(groups), "files": sum(len(g) for g in groups),
                                    "examples": [[self.notes[i].path for i in g] for g in groups[:5]]},
            "broken_occurrences": self.broken_list,
            "ad_block_broken_occurrences": self.ad_broken_list,
        }
        truth_path = a.truth or (out.rstrip("/") + ".truth.json")
        with open(truth_path, "w", encoding="utf-8") as f:
            json.dump(truth, f, ensure_ascii=False, indent=1)
        dt = time.time() - t0
        print(f"{out}: {len(self.notes)} notes, {len(self.attachments)} attachments, "
              f"{len(made)} folders, {sum(sizes) / 1e6:.1f} MB md, links {tl['links']['total']}, "
              f"broken {tl['broken']['occurrences']} ({truth['broken']['rate']:.1%}) -> "
              f"{len(self.missing_counts)} missing targets; truth: {truth_path}; {dt:.1f}s",
              file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--notes", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True, help="vault directory to create")
    ap.add_argument("--truth", help="ground-truth JSON path (default: OUT.truth.json, outside the vault)")
    ap.add_argument("--force", action="store_true", help="replace OUT if it exists")
    ap.add_argument("--zipf", type=float, default=0.8, help="Zipf exponent of link-target popularity")
    ap.add_argument("--missing-rate", type=float, default=0.05, help="share of link slots to missing targets")
    ap.add_argument("--missing-pool", type=float, default=0.04, help="missing targets per note")
    ap.add_argument("--median-bytes", type=float, default=900,
                    help="median of the drawn note size (log-normal); written notes come out ~1.3x larger")
    ap.add_argument("--sigma", type=float, default=1.0, help="log-sd of note size")
    ap.add_argument("--link-prob", type=float, default=0.17, help="chance a sentence carries a link")
    a = ap.parse_args()
    if a.notes < 1:
        ap.error("--notes must be >= 1")
    Generator(a).run()


if __name__ == "__main__":
    main()
