"""How much of a report's text is copied: from the same agency's report of last year (DUP-001)
or between the reports of different agencies of one year (DUP-002).

Pure functions on text and snapshots; the rules turn their results into findings.

Both measures first leave out the *boilerplate*, what every report prints whatever its
agency and year (``本报告根据《中华人民共和国政府信息公开条例》……编制``, the statistics period,
``如对本报告有疑问……``, the template's headings).  The list is data, in
``_data/similarity/boilerplate.toml``, with examples the unit tests check.

Text is compared sentence by sentence (a sentence ends at 。！？； in either width or at a line
break) on a *key*: NFKC, traditional → simplified, case folded, everything but letters, digits
and ideographs dropped, each run of digits replaced by ``#``.  So ``2022年全区主动公开政府信息
14571条。`` and ``2023年全区主动公开政府信息13561条。`` have one key: a copy whose numbers were
updated is still a copy.

DUP-001 (:func:`compare_sections`, :func:`copied_from_last_year`)
    Each sentence of this year's section is matched against last year's section: the same key,
    or a near-equal one (:class:`difflib.SequenceMatcher` ratio ≥ ``near`` = 0.8, i.e. at most
    about a fifth of the characters differ).  The score is the share of this year's compared
    characters (key characters of the sentences that are not boilerplate) that lie in matched
    sentences.  A year printed in a matched sentence that is last year's report year or earlier
    (``2022年，我局……`` copied into the 2023 report) is a *stale year*.

    difflib rather than a C library (rapidfuzz): a section has tens of sentences of tens of
    characters, exact keys are looked up in a dict first, and the length bound, then
    ``real_quick_ratio``/``quick_ratio`` rule out nearly every other pair before ``ratio`` runs,
    so a report pair takes about a millisecond with the standard library and no new dependency.

DUP-002 (:func:`near_duplicates`)
    Character 5-gram shingles of the whole key text, MinHash signatures (datasketch; a batch
    computes them in its workers, :func:`signature`) and LSH banding over the signature matrix
    (:func:`_band_pairs`, numpy: the memory of a 100,000-report batch is its signatures, not a
    hash-table entry per report and band) to find candidate pairs without comparing every
    pair, then the exact Jaccard similarity of the shingle sets for each candidate.  The bands
    are chosen so that a pair exactly at the threshold is a candidate with probability ≥ 99.5 %
    (datasketch's default banding balances misses and false candidates, and misses 60 % of the
    pairs at the threshold).  Fixed seed and exact confirmation: the same pairs in any input
    order.
"""

from __future__ import annotations

import bisect
import difflib
import re
import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, Sequence

from attrs import frozen

from .normalise import to_simplified
from .resources import data_dir
from .snapshot import Snapshot

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

BOILERPLATE_FILE = "boilerplate.toml"  # in data_dir("similarity")

NEAR = 0.8  # difflib ratio from which two sentences count as one copied sentence
MIN_SENTENCE_CHARS = 6  # key characters; shorter sentences ("正文", "邮编#") are not compared
SHINGLE = 5  # characters per shingle for DUP-002
MIN_TEXT_CHARS = 100  # key characters; a shorter text is not compared for DUP-002
ESTIMATE_MARGIN = 0.15  # LSH candidates whose MinHash estimate is this far below the threshold are dropped
MAX_BUCKET = 64  # reports of one LSH bucket paired with every other one of it (see _band_pairs)

_TERMINATORS = "。｡！!？?；;﹔﹖﹗"
# a sentence: anything up to its terminators (and the closing quotes or brackets after them),
# never across a line break
_SENTENCE = re.compile(rf"[^{_TERMINATORS}\n]+[{_TERMINATORS}]*[”’」』)）】〕]*|[{_TERMINATORS}]+")
_NON_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")
# a year as printed: four digits (either width) before 年, not part of a longer number
_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")


# ---------------------------------------------------------------------------------------------
# boilerplate


class BoilerplateError(ValueError):
    """The boilerplate file cannot be used: the message names the file and the entry."""


@frozen
class Boilerplate:
    """The compiled boilerplate list."""

    sentence: re.Pattern[str]  # matches (at the start of a key) a boilerplate sentence
    heading: re.Pattern[str]  # matches (at the start of a key) a heading to cut off
    entries: tuple[tuple[str, str, str, tuple[str, ...]], ...]  # (kind, name, pattern, examples)

    @classmethod
    def load(cls, path: str | Path) -> "Boilerplate":
        p = Path(path)
        try:
            doc = tomllib.loads(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise BoilerplateError(f"{p}: {exc}") from None
        entries: list[tuple[str, str, str, tuple[str, ...]]] = []
        groups: dict[str, list[str]] = {"sentence": [], "heading": []}
        for kind in groups:
            items = doc.get(kind, [])
            if not isinstance(items, list):
                raise BoilerplateError(f"{p}: [[{kind}]] must be an array of tables")
            for n, item in enumerate(items, 1):
                where = f"{p}: [[{kind}]] #{n}"
                if not isinstance(item, dict) or not isinstance(item.get("pattern"), str):
                    raise BoilerplateError(f"{where}: needs a string `pattern`")
                pattern = item["pattern"]
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise BoilerplateError(f"{where} ({item.get('name', '')}): {exc}") from None
                examples = item.get("examples", [])
                if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples):
                    raise BoilerplateError(f"{where}: `examples` must be a list of strings")
                groups[kind].append(pattern)
                entries.append((kind, str(item.get("name", "")), pattern, tuple(examples)))
        unknown = set(doc) - set(groups)
        if unknown:
            raise BoilerplateError(f"{p}: unknown table(s) {', '.join(sorted(unknown))}")

        def alternation(patterns: list[str]) -> re.Pattern[str]:
            # (?!) never matches: an empty list removes nothing
            return re.compile("|".join(f"(?:{x})" for x in patterns) or "(?!)")

        return cls(alternation(groups["sentence"]), alternation(groups["heading"]), tuple(entries))

    def strip(self, key: str) -> str | None:
        """The key without its leading headings; None when the sentence is boilerplate."""
        for _ in range(4):  # a heading, a sub-heading, a title … run into one sentence
            m = self.heading.match(key)
            if m is None or not m.end():
                break
            key = key[m.end():]
        if not key or self.sentence.match(key):
            return None
        return key


@lru_cache(maxsize=1)
def boilerplate() -> Boilerplate:
    """The bundled boilerplate list (``_data/similarity/boilerplate.toml``)."""
    return Boilerplate.load(data_dir("similarity") / BOILERPLATE_FILE)


def _fold(text: str) -> str:
    """NFKC, traditional → simplified, case folded.  Snapshot text is NFKC already (the parser
    normalises every report), and the quick check costs next to nothing, whereas NFKC of a
    report takes a third of a millisecond."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return to_simplified(text).casefold()


def sentence_key(sentence: str) -> str:
    """The comparison key of a sentence (see the module docstring)."""
    return _DIGITS.sub("#", _NON_WORD.sub("", _fold(sentence)))


@frozen
class Sentence:
    """One sentence of a text as printed, where it is, and its key (``""`` for boilerplate and
    for sentences too short to compare)."""

    text: str
    offset: int  # 0-based, in the text it was split from
    line: int  # 1-based line of that text
    column: int  # 1-based column
    key: str


def sentences(text: str, bp: Boilerplate | None = None) -> tuple[Sentence, ...]:
    """``text`` split into sentences; blank ones are left out."""
    bp = bp or boilerplate()
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    out: list[Sentence] = []
    for m in _SENTENCE.finditer(text):
        raw = m.group()
        stripped = raw.strip()
        if not stripped:
            continue
        offset = m.start() + (len(raw) - len(raw.lstrip()))
        line = bisect.bisect_right(line_starts, offset)
        key = bp.strip(sentence_key(stripped)) or ""
        if len(key) < MIN_SENTENCE_CHARS:
            key = ""
        out.append(Sentence(stripped, offset, line, offset - line_starts[line - 1] + 1, key))
    return tuple(out)


def comparable_text(text: str, bp: Boilerplate | None = None) -> str:
    """The keys of ``text``'s sentences that are not boilerplate, run together: what DUP-002
    shingles."""
    bp = bp or boilerplate()
    # normalise the whole text at once (positions are not needed here), then split
    folded = _fold(text)
    keys = []
    for m in _SENTENCE.finditer(folded):
        key = bp.strip(_DIGITS.sub("#", _NON_WORD.sub("", m.group())))
        if key and len(key) >= MIN_SENTENCE_CHARS:
            keys.append(key)
    return "".join(keys)


# ---------------------------------------------------------------------------------------------
# DUP-001: this year's section against last year's


@frozen
class CopiedSentence:
    """A sentence of this year's section that is (nearly) one of last year's."""

    text: str  # as printed this year
    offset: int  # 0-based offset in this year's section text
    line: int  # 1-based line in this year's section text
    column: int  # 1-based column
    last_text: str  # the sentence of last year's section it matches, as printed
    last_line: int
    ratio: float  # 1.0 for the same key, else the difflib ratio of the keys (≥ NEAR)


@frozen
class StaleYear:
    """A year printed in a copied sentence that is last year's report year or earlier."""

    year: int
    text: str  # as printed, e.g. "2022年"
    offset: int  # 0-based offset in this year's section text
    line: int
    column: int
    sentence: str  # the copied sentence it is in


@frozen
class SectionSimilarity:
    score: float  # copied_chars / compared_chars, 0.0 when nothing is compared
    copied: tuple[CopiedSentence, ...]  # in this year's order
    stale_years: tuple[StaleYear, ...]
    compared_chars: int  # key characters of this year's non-boilerplate sentences
    copied_chars: int  # of them, in copied sentences


def _best_match(key: str, last: Sequence[Sentence], exact: dict[str, Sentence], near: float) -> tuple[Sentence, float] | None:
    hit = exact.get(key)
    if hit is not None:
        return hit, 1.0
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(key)  # seq2 is the one SequenceMatcher indexes: once per sentence
    n = len(key)
    best: tuple[Sentence, float] | None = None
    for s in last:
        m = len(s.key)
        if 2 * min(n, m) < near * (n + m):  # ratio ≤ 2·min/(n+m): cannot reach `near`
            continue
        matcher.set_seq1(s.key)
        if matcher.real_quick_ratio() < near or matcher.quick_ratio() < near:
            continue
        r = matcher.ratio()
        if r >= near and (best is None or r > best[1]):
            best = (s, r)
    return best


def compare_sections(this: str, last: str, *, this_year: int | None, last_year: int | None,
                     near: float = NEAR) -> SectionSimilarity:
    """How much of ``this`` (this year's text of a section) is copied from ``last`` (the same
    section of the same agency's previous report).

    ``this_year``/``last_year`` are the report years (None when unknown): a year printed in a
    copied sentence is stale when it is ``last_year`` or earlier (``this_year - 1`` or earlier
    when only this year is known).
    """
    bp = boilerplate()
    ours = [s for s in sentences(this, bp) if s.key]
    theirs = [s for s in sentences(last, bp) if s.key]
    exact: dict[str, Sentence] = {}
    for s in theirs:
        exact.setdefault(s.key, s)
    bound = last_year if last_year is not None else (this_year - 1 if this_year is not None else None)
    copied: list[CopiedSentence] = []
    stale: list[StaleYear] = []
    compared = copied_chars = 0
    for s in ours:
        compared += len(s.key)
        match = _best_match(s.key, theirs, exact, near)
        if match is None:
            continue
        other, ratio = match
        copied_chars += len(s.key)
        copied.append(CopiedSentence(s.text, s.offset, s.line, s.column, other.text, other.line, ratio))
        if bound is None:
            continue
        for y in _YEAR.finditer(s.text):
            year = int(y.group(1))  # int() reads full-width digits too
            if 1900 <= year <= bound:
                offset = s.offset + y.start()
                stale.append(StaleYear(year, y.group(), offset, s.line, s.column + y.start(), s.text))
    score = copied_chars / compared if compared else 0.0
    return SectionSimilarity(score, tuple(copied), tuple(stale), compared, copied_chars)


def copied_from_last_year(this: Snapshot, last: Snapshot, sections: Iterable[str] = ("一", "五"),
                          *, near: float = NEAR) -> dict[str, SectionSimilarity]:
    """:func:`compare_sections` for each of ``sections`` (一 总体情况 and 五 存在的主要问题及改进情况
    by default) of two reports of one agency; a section either report lacks compares as empty
    (score 0, nothing compared)."""
    return {
        n: compare_sections(this.section(n), last.section(n), this_year=this.year, last_year=last.year, near=near)
        for n in sections
    }


# ---------------------------------------------------------------------------------------------
# DUP-002: near-duplicate reports among many


def shingles(key: str, k: int = SHINGLE) -> frozenset[str]:
    """The set of ``k``-character substrings of a key text (the whole key when shorter)."""
    if len(key) <= k:
        return frozenset([key]) if key else frozenset()
    return frozenset(key[i:i + k] for i in range(len(key) - k + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


_MIX = 0x9E3779B97F4A7C15  # 2^64 / golden ratio: the multiplier of the polynomial shingle hash


def _shingle_hashes(key: str, k: int) -> "np.ndarray[Any, np.dtype[np.uint32]]":
    """One 32-bit hash per distinct ``k``-shingle, computed with numpy arrays (no per-shingle
    Python call): a polynomial over the code points, wrapped modulo 2^64, finalised with
    splitmix64's mixer, top 32 bits.  Deterministic (no salted ``hash()``).  Two distinct
    shingles of a text share a hash with probability about n²/2^33 (0.1 % for a 5,000-character
    text), which moves a MinHash estimate by nothing measurable; the pairs reported are
    confirmed on the real shingle sets."""
    import numpy as np

    codes = np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - k + 1
    mult = np.uint64(_MIX)
    h = codes[:n].copy()
    with np.errstate(over="ignore"):
        for j in range(1, k):
            h = h * mult + codes[j:j + n]
        h ^= h >> np.uint64(30)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(27)
        h *= np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(31)
    out: np.ndarray[Any, np.dtype[np.uint32]] = np.unique((h >> np.uint64(32)).astype(np.uint32))
    return out


def _band_pairs(matrix: Any, bands: int, rows: int) -> Iterator[tuple[int, int]]:
    """The LSH candidates: every pair of rows of ``matrix`` (one signature per row) equal in all
    ``rows`` values of at least one of ``bands`` bands, each pair once per band it shares.

    The banding of MinHash LSH (what datasketch's ``MinHashLSH`` indexes in hash tables), done
    band by band over the signature matrix with numpy: each band's values hashed to one 64-bit
    key per row, the rows sorted by key, runs of equal keys are the buckets.  A batch holds only
    the matrix (``num_perm`` values per report), not a table entry per report and band, so
    memory stays that of the signatures over 100,000 reports.  Two different bands collide on
    a 64-bit key with negligible probability; such an extra candidate is dropped by the
    estimate or the exact Jaccard like any other.  In a bucket of more than
    :data:`MAX_BUCKET` rows only the pairs with one of its first :data:`MAX_BUCKET` rows are
    given."""
    import numpy as np

    n = matrix.shape[0]
    mult = np.uint64(_MIX)
    for b in range(bands):
        block = matrix[:, b * rows:(b + 1) * rows].astype(np.uint64)
        key = block[:, 0].copy()
        with np.errstate(over="ignore"):
            for j in range(1, rows):
                key = key * mult + block[:, j]
            key ^= key >> np.uint64(31)
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        cuts = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
        starts = np.concatenate(([0], cuts))
        ends = np.concatenate((cuts, [n]))
        for start, end in zip(starts[ends - starts > 1].tolist(), ends[ends - starts > 1].tolist()):
            members = sorted(order[start:end].tolist())
            # a bucket of a cluster of near-identical narratives: each report is paired with
            # the first MAX_BUCKET of it (linear work, not quadratic; every report of the
            # cluster still has at least that many candidates)
            for x in range(min(len(members), MAX_BUCKET)):
                for y in range(x + 1, len(members)):
                    yield members[x], members[y]


def lsh_bands(threshold: float, num_perm: int, miss: float = 0.005) -> tuple[int, int]:
    """(bands, rows): the most rows per band (fewest false candidates) such that a pair whose
    Jaccard similarity is ``threshold`` shares a band with probability ≥ 1 − ``miss``."""
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], not {threshold}")
    if num_perm < 2:
        raise ValueError("num_perm must be at least 2")
    for rows in range(num_perm // 2, 0, -1):
        bands = num_perm // rows
        if 1.0 - (1.0 - threshold ** rows) ** bands >= 1.0 - miss:
            return bands, rows
    return num_perm, 1


def _identity(value: int) -> int:
    return value


NUM_PERM = 128  # MinHash permutations for DUP-002
SEED = 1


def signature(text: str, *, num_perm: int = NUM_PERM, seed: int = SEED, shingle: int = SHINGLE,
              min_chars: int = MIN_TEXT_CHARS) -> bytes:
    """The MinHash signature of a narrative for :func:`near_duplicates` (boilerplate removed):
    ``num_perm`` hash values (datasketch's, 32-bit in its affine32 scheme) as bytes; empty
    bytes for a text too short to compare.
    A batch computes it in its worker processes, next to the check (the parent only indexes)."""
    key = comparable_text(text, boilerplate())
    if len(key) < max(min_chars, shingle):
        return b""
    return bytes(_minhash(num_perm, seed, _shingle_hashes(key, shingle)).hashvalues.tobytes())


def _minhash(num_perm: int, seed: int, hashes: Any) -> Any:
    """datasketch's MinHash of the 32-bit shingle hashes (its affine32 scheme, its seeded
    permutations), its ``update_batch`` computed on the whole array at once: that method first
    calls the hash function once per value in Python, which cost more than the permutations."""
    import numpy as np

    base = _base_minhash(num_perm, seed)
    sig = base.copy()
    if len(hashes) == 0:
        return sig
    if base.scheme != "affine32":  # another datasketch: its own way, slower but the same
        sig.update_batch(hashes.tolist())
        return sig
    a, b = base.permutations
    a, b = np.asarray(a, dtype=np.uint32)[:, None], np.asarray(b, dtype=np.uint32)[:, None]
    hv = np.asarray(hashes, dtype=np.uint32)
    low = sig.hashvalues.copy()
    with np.errstate(over="ignore"):
        # MurmurHash3's fmix32, then the affine permutations modulo 2^32 (datasketch's affine32)
        hv = hv ^ (hv >> np.uint32(16))
        hv = hv * np.uint32(0x85EBCA6B)
        hv = hv ^ (hv >> np.uint32(13))
        hv = hv * np.uint32(0xC2B2AE35)
        hv = hv ^ (hv >> np.uint32(16))
        # a permutations × shingles block at a time, in one reused buffer (no temporaries)
        block = np.empty((len(low), min(len(hv), _BLOCK)), dtype=np.uint32)
        for start in range(0, len(hv), _BLOCK):
            part = hv[start:start + _BLOCK]
            t = block[:, :len(part)]
            np.multiply(a, part[None, :], out=t)
            np.add(t, b, out=t)
            np.minimum(low, t.min(axis=1), out=low)
    sig.hashvalues = low
    return sig


_BLOCK = 1024  # shingles per block of the MinHash computation


@lru_cache(maxsize=4)
def _base_minhash(num_perm: int, seed: int) -> Any:
    from datasketch import MinHash  # type: ignore[import-untyped]  # import on use: it loads scipy

    return MinHash(num_perm=num_perm, seed=seed, hashfunc=_identity)


def near_duplicates(items: Iterable[tuple[str, str]], *, threshold: float = 0.8, num_perm: int = NUM_PERM,
                    seed: int = SEED, shingle: int = SHINGLE, min_chars: int = MIN_TEXT_CHARS,
                    text_of: Callable[[str], str] | None = None,
                    groups: Mapping[str, str] | None = None,
                    signatures: Mapping[str, bytes] | None = None) -> list[tuple[str, str, float]]:
    """Pairs of texts whose shingle sets have a Jaccard similarity ≥ ``threshold``.

    ``items`` are ``(id, text)`` with distinct ids (the rules pass ``Snapshot.text``);
    boilerplate is removed here.  Texts with fewer than ``min_chars`` key characters are left
    out (two near-empty narratives are not copies of each other).  Returns ``(id_a, id_b,
    jaccard)`` with ``id_a < id_b``, sorted by ids; the same pairs whatever the input order.

    Candidates come from the LSH bands (:func:`lsh_bands`); a candidate whose MinHash estimate
    is more than ``ESTIMATE_MARGIN`` (0.15, four standard deviations of a 128-permutation
    estimate at 0.8) below the threshold is dropped before the exact Jaccard, which keeps
    template-like batches (where many pairs near 0.5 share a band) cheap.

    ``text_of``: a function id → text, to read a candidate's text again for the exact Jaccard
    instead of keeping every text (a batch on disk); ``items`` may then be an iterator.
    ``groups``: id → group; two texts of one group are never a pair (two reports of the same
    agency are the pairing's business, not a copy), and are not compared at all.
    ``signatures``: id → :func:`signature` computed beforehand (with the same ``num_perm``,
    ``seed``, ``shingle`` and ``min_chars``); the text of such an id is then not read here
    (its ``items`` text may be empty) unless it is a candidate.
    """
    import numpy as np

    if shingle < 1:
        raise ValueError("shingle must be at least 1")
    bands, rows = lsh_bands(threshold, num_perm)
    bp = boilerplate()
    dtype = _base_minhash(num_perm, seed).hashvalues.dtype  # the signatures' values
    ids: list[str] = []
    rows_of: list[Any] = []
    texts: dict[str, str] = {}
    seen: set[str] = set()
    for id_, text in items:
        if id_ in seen:
            raise ValueError("near_duplicates: the ids are not distinct")
        seen.add(id_)
        pre = signatures.get(id_) if signatures is not None else None
        if pre is not None:
            if not pre:
                continue  # too short to compare
            values = np.frombuffer(pre, dtype=dtype)
            if len(values) != num_perm:
                raise ValueError(f"near_duplicates: the signature of {id_} has {len(values)} values, not {num_perm}")
        else:
            key = comparable_text(text, bp)
            if len(key) < max(min_chars, shingle):
                continue
            values = _minhash(num_perm, seed, _shingle_hashes(key, shingle)).hashvalues
        ids.append(id_)
        rows_of.append(values)
        if text_of is None:
            texts[id_] = text
    if not ids:
        return []
    matrix = np.vstack(rows_of)
    del rows_of
    group_of = [groups.get(i) if groups is not None else None for i in ids]
    candidates: set[tuple[str, str]] = set()
    floor = threshold - ESTIMATE_MARGIN
    for x, y in _band_pairs(matrix, bands, rows):
        if group_of[x] is not None and group_of[x] == group_of[y]:
            continue
        pair = (ids[x], ids[y]) if ids[x] < ids[y] else (ids[y], ids[x])
        if pair not in candidates and np.count_nonzero(matrix[x] == matrix[y]) / num_perm >= floor:
            candidates.add(pair)

    @lru_cache(maxsize=128)  # the candidates are visited in id order: the first text repeats
    def shingle_set(id_: str) -> frozenset[str]:
        return shingles(comparable_text(texts[id_] if text_of is None else text_of(id_), bp), shingle)

    out: list[tuple[str, str, float]] = []
    for a, b in sorted(candidates):
        j = jaccard(shingle_set(a), shingle_set(b))
        if j >= threshold:
            out.append((a, b, j))
    return out
