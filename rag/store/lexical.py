"""Chunks → terms → BM25. Japanese is cut by Sudachi; English words and names like ``o1`` are
kept whole and lower-cased, so they match inside Japanese text whatever their case.

The BM25 index is a sparse chunk × term matrix of precomputed term weights (Lucene's BM25),
stored as plain ``.npy`` files next to the vocabulary; a query sums the columns of its terms.
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import snowballstemmer

if TYPE_CHECKING:
    import numpy.typing as npt
    from scipy.sparse import csc_matrix

_ASCII_PIECE = re.compile(r"[a-z0-9+#.\-']+(?: [a-z0-9+#.\-']+)*")  # Sudachi reads "can you" as one word
_ASCII_WORD = re.compile(r"[a-z0-9][a-z0-9+#]*(?:[.\-'][a-z0-9+#]+)*")
_POSSESSIVE = re.compile(r"'s?$")  # "openai's" is "openai", "models'" is "models"
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})
_DROP_POS = {"補助記号", "空白", "助詞", "助動詞"}
# Function words that say nothing about a topic (English; Japanese ones are dropped by part of speech).
ENGLISH_STOPWORDS = frozenset(
    "a an the and or of to in on at for with by from as is are was were be been being do does did "
    "we you i he she it they me us our your their this that these those what which who whom when "
    "where why how any some about into over than then there here has have had can could would should "
    "will shall may might must not no so if but also just very more most such only own same them its him her".split()
)
# Terms that only shape a question ("いつ", "who", "talk about"), dropped from lexical queries.
QUESTION_TERMS = frozenset(
    "いつ 何 日 何日 誰 だれ 話 話題 話す 発表 発表者 プレゼン プレゼンテーション 紹介 "
    "一覧 リスト 回 トピック 違い 理由 "
    "為る 有る 居る 出る 成る 行う 言う 教える 知る つく "  # つく: the verb of について (about)
    "件 事 こと もの 物 時 さん 今 前 どう どの どれ 如何 下さい くださる 欲しい 全部 全て 辺り あたり "
    "when who what which where why how talk talked talks discuss discussed cover covered covers present presented "
    "presentation mention mentioned share shared learn learned tell know session sessions week weeks meeting "
    "topic topics list anyone someone ever date day difference differences between reason".split()
)
# Words a question uses around its topic, not about it: requests and politeness (教えていただけますか,
# please tell me), generic nouns (テーマ, 内容, やつ, things), quantity and time words (全部, so far, all).
FRAMING_TERMS = frozenset(
    "頂く 貰う 下さる くれる 呉れる 欲しい 思う 分かる 覚える 聞く 見る 来る 行く 遣る 置く 持つ "
    "有る 居る 為る 良い 無い 頂戴 アップ 記事 勉強 会 勉強会 セッション ミーティング 奴 やつ 開催 他 外 以外 別 人 方 "
    "テーマ 内容 話 話題 奴 もの 物 事 こと 件 所 感じ 辺 的 系 関連 関係 周り 全体 全部 全て 一番 最も 多い 少ない "
    "以前 以降 今 今まで これまで 此れ 其れ 其の 此の 彼の 何 誰 中 うち 内 どっち 何方 どちら 位 くらい 程度 "
    "please tell show give get got gets come came up so far all any anything something everything thing things "
    "stuff item items wait remind again exactly actually overall total rundown recap overview note notes "
    "present presents presenting presentations introduce introduced introduces introduction talk talking "
    "post posts deck decks article articles write-up write-ups writeup tag tags tagged came come comes "
    "before after next follow followed follows precede preceded met meet right one ones ed far give gave "
    "get-together gathering happen happened held hold cover covers going went see look find else "
    "given giving gives".split()
)
# Parts of speech that never carry a question's topic: pronouns, adnominals (どんな), adverbs (ざっくり),
# conjunctions, interjections, number words (いく-つ) and affixes on their own.
_NON_TOPIC_POS = {"代名詞", "連体詞", "副詞", "接続詞", "感動詞", "接尾辞", "数詞"}
_FILES = ("lexical.json", "lexical.indptr.npy", "lexical.indices.npy", "lexical.data.npy")


TOKENIZER_VERSION = "sudachi-core+ascii-snowball/5;title-x2"


def tokenizer_id(mode: str) -> str:
    """Names how terms are made; an index with other terms must be rebuilt."""
    return f"{TOKENIZER_VERSION};mode={mode}"


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().translate(_APOSTROPHES)


class Tokenizer:
    """Japanese-aware terms: Sudachi normalised forms for Japanese, lower-cased ASCII words (English
    ones stemmed, Snowball's English stemmer)."""

    def __init__(self, mode: str = "A") -> None:
        from sudachipy import Dictionary, SplitMode

        modes = {"A": SplitMode.A, "B": SplitMode.B, "C": SplitMode.C}
        if mode not in modes:
            raise ValueError(f"Sudachi split mode must be A, B or C, not {mode!r}")
        self.mode = mode
        self._split = modes[mode]
        self._long = SplitMode.C  # whole words, for surfaces and readings
        self._tokenizer = Dictionary(dict="core").tokenizer()
        self._lock = threading.Lock()  # a Sudachi tokenizer is not safe to share between threads
        self._stemmer = snowballstemmer.stemmer("english")  # nor is a stemmer (it keeps state)
        self._stem_lock = threading.Lock()

    def _stem(self, word: str) -> str:
        """English words by their stem ("annotators", "annotation" → "annot"); names with digits or
        symbols ("gpt-4o", "o1", "c++") stay whole."""
        if not word.isalpha():
            return word
        with self._stem_lock:
            return str(self._stemmer.stemWord(word))

    def _ascii(self, span: str, drop: frozenset[str]) -> list[str]:
        out = []
        for m in _ASCII_WORD.finditer(span):
            word = _POSSESSIVE.sub("", m.group())
            if word and word not in ENGLISH_STOPWORDS and word not in drop:
                out.append(self._stem(word))
                if "-" in word:  # "gpt-4o" also matches "gpt" and "4o"
                    out.extend(self._stem(p) for p in word.split("-") if p and p not in ENGLISH_STOPWORDS | drop)
        return out

    def surfaces(self, text: str) -> list[str]:
        """The words of ``text`` as written (Sudachi's longest split), without particles and symbols."""
        with self._lock:
            morphemes = list(self._tokenizer.tokenize(_nfkc(text), self._long))
        return [m.surface() for m in morphemes if m.part_of_speech()[0] not in _DROP_POS and m.surface().strip()]

    def noun_runs(self, text: str) -> list[str]:
        """Runs of consecutive nouns in ``text`` as written (量子コンピュータ, 継続的事前学習): Japanese
        compounds, without pronouns, numbers and question words (何)."""
        with self._lock:
            morphemes = [(m.surface(), m.part_of_speech()) for m in self._tokenizer.tokenize(_nfkc(text), self._split)]
        runs: list[str] = []
        current = ""
        for surface, pos in morphemes:
            noun = pos[0] == "名詞" and pos[1] not in ("代名詞", "数詞") and surface not in ("何", "なに")
            affix = pos[0] in ("接尾辞", "接頭辞") and (current or pos[0] == "接頭辞")
            if noun or affix:
                current += surface
                continue
            if current:
                runs.append(current)
            current = ""
        if current:
            runs.append(current)
        return runs

    def reading(self, text: str) -> str:
        """How ``text`` is read, in katakana (a name in kanji: 吉田 → ヨシダ)."""
        with self._lock:
            return "".join(m.reading_form() for m in self._tokenizer.tokenize(_nfkc(text), self._long))

    def tokenize(self, text: str, drop: frozenset[str] = frozenset(), topic_only: bool = False) -> list[str]:
        """Terms of ``text`` in order, without the words in ``drop`` (as written, before stemming) and,
        with ``topic_only``, without the parts of speech that never carry a topic. Sudachi reads the whole
        text (so particles are known by context); runs of ASCII pieces it cut apart ("o" "1", "GPT" "-"
        "4o") are joined back."""
        text = _nfkc(text)
        with self._lock:
            morphemes = [
                (m.begin(), m.end(), _pos(m.part_of_speech(), topic_only), m.normalized_form())
                for m in self._tokenizer.tokenize(text, self._split)
            ]
        out: list[str] = []
        i = 0
        while i < len(morphemes):
            begin, end, pos, norm = morphemes[i]
            if _ASCII_PIECE.fullmatch(text[begin:end]):
                j = i + 1
                while (
                    j < len(morphemes)
                    and morphemes[j][0] == end
                    and _ASCII_PIECE.fullmatch(text[end : morphemes[j][1]])
                ):
                    end = morphemes[j][1]
                    j += 1
                out.extend(self._ascii(text[begin:end], drop))
                i = j
                continue
            if pos not in _DROP_POS and norm.strip() and norm.lower() not in drop:
                out.append(norm.lower())
            i += 1
        return out


def _pos(pos: Sequence[str], topic_only: bool) -> str:
    """The part of speech a term is kept or dropped by (with ``topic_only``: auxiliary verbs and
    adjectives, and the non-topic parts of speech, count as dropped)."""
    if topic_only and (pos[0] in _NON_TOPIC_POS or pos[1] in _NON_TOPIC_POS or pos[1] == "非自立可能"):
        return "補助記号"
    return pos[0]


TITLE_WEIGHT = 2  # header/title terms count this many times: a topic is best found by its title


def document_terms(tokenizer: Tokenizer, header: str, body: str) -> list[str]:
    """The terms a chunk is indexed by: its header (date, presenter, tag, title) weighted up."""
    return tokenizer.tokenize(header) * TITLE_WEIGHT + tokenizer.tokenize(body)


def question_terms(tokenizer: Tokenizer, question: str) -> list[str]:
    """The terms of a question that say what it is about."""
    return tokenizer.tokenize(question, drop=QUESTION_TERMS)


def topic_terms(tokenizer: Tokenizer, topic: str) -> list[str]:
    """The terms of a question's topic words that can say what it is about: without framing, requests,
    generic nouns, lone letters and the parts of speech that never carry a topic."""
    terms = tokenizer.tokenize(topic, drop=QUESTION_TERMS | FRAMING_TERMS, topic_only=True)
    return [t for t in terms if not (len(t) == 1 and t.isascii() and t.isalpha())]


_TOKENIZERS: dict[str, Tokenizer] = {}
_TOKENIZERS_LOCK = threading.Lock()


def get_tokenizer(mode: str = "A") -> Tokenizer:
    """One tokenizer per split mode per process (loading the dictionary takes a moment)."""
    with _TOKENIZERS_LOCK:
        if mode not in _TOKENIZERS:
            _TOKENIZERS[mode] = Tokenizer(mode)
        return _TOKENIZERS[mode]


@dataclass(frozen=True)
class QueryTerms:
    """A query's terms resolved against the vocabulary; unknown terms still count as wanted."""

    ids: npt.NDArray[np.int64]
    weights: npt.NDArray[np.float32]  # idf of each known term (repeats summed)
    missing_idf: float  # idf mass of terms no chunk contains
    # Coverage counts words, not terms: column j of ``ids`` belongs to word ``words[j]``, and a chunk holds
    # a word when it holds any of its terms (a term or its loanword); ``word_weights[w]`` is its idf.
    words: npt.NDArray[np.int64]
    word_weights: npt.NDArray[np.float32]

    @property
    def known_share(self) -> float:
        """Share of the query's idf mass that some chunk contains (0 when it has no terms)."""
        known = float(self.word_weights.sum())
        total = known + self.missing_idf
        return known / total if total > 0 else 0.0


class BM25:
    """Okapi BM25 (Lucene variant) over a chunk × term matrix of precomputed weights."""

    def __init__(
        self, vocab: dict[str, int], idf: npt.NDArray[np.float32], matrix: csc_matrix, k1: float, b: float
    ) -> None:
        self.vocab = vocab
        self.idf = idf
        self.matrix = matrix  # (chunks, terms), CSC so a term's column is one slice
        self.k1 = k1
        self.b = b

    @property
    def size(self) -> int:
        return int(self.matrix.shape[0])

    @classmethod
    def build(cls, docs: Sequence[Sequence[str]], k1: float = 1.5, b: float = 0.75) -> BM25:
        from scipy.sparse import csc_matrix, csr_matrix

        vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[float] = []
        lengths = np.array([len(d) for d in docs], dtype=np.float32)
        for row, terms in enumerate(docs):
            for term, count in Counter(terms).items():
                rows.append(row)
                cols.append(vocab.setdefault(term, len(vocab)))
                tfs.append(count)
        n = len(docs)
        tf = np.array(tfs, dtype=np.float32)
        df = np.bincount(np.array(cols, dtype=np.int64), minlength=len(vocab)).astype(np.float32)
        idf = np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)
        avgdl = float(lengths.mean()) if n and lengths.sum() else 1.0
        row_idx = np.array(rows, dtype=np.int64)
        col_idx = np.array(cols, dtype=np.int64)
        norm = k1 * (1.0 - b + b * lengths[row_idx] / avgdl)
        weights = idf[col_idx] * tf / (tf + norm)
        matrix = csr_matrix((weights, (row_idx, col_idx)), shape=(n, len(vocab)), dtype=np.float32)
        return cls(vocab, idf, csc_matrix(matrix), k1, b)

    def query(self, terms: Sequence[str], alternatives: Sequence[tuple[str, str]] = ()) -> QueryTerms:
        """The terms resolved; each ``(term, alternative)`` pair is one word to coverage, found by either
        (a loanword found stands in for its English term even when the notes lack the English)."""
        alternative_of = {alt: term for term, alt in alternatives if alt != term}
        counts = Counter(terms)
        known = [(t, c) for t, c in counts.items() if t in self.vocab]
        heads: dict[str, int] = {}
        word_of = {t: heads.setdefault(alternative_of.get(t, t), len(heads)) for t, _ in known}
        word_weights = np.zeros(len(heads), dtype=np.float32)
        for t, c in known:
            word_weights[word_of[t]] = max(word_weights[word_of[t]], self.idf[self.vocab[t]] * c)
        stood_in = {alternative_of[t] for t, _ in known if t in alternative_of}
        unknown = sum(c for t, c in counts.items() if t not in self.vocab and t not in stood_in)
        max_idf = float(np.log1p((self.size + 0.5) / 0.5)) if self.size else 1.0
        ids = np.array([self.vocab[t] for t, _ in known], dtype=np.int64)
        weights = np.array([self.idf[self.vocab[t]] * c for t, c in known], dtype=np.float32)
        words = np.array([word_of[t] for t, _ in known], dtype=np.int64)
        return QueryTerms(ids, weights, unknown * max_idf, words, word_weights)

    def scores(self, q: QueryTerms) -> npt.NDArray[np.float32]:
        """BM25 score of every chunk for the query (zeros where no term matches)."""
        if not len(q.ids):
            return np.zeros(self.size, dtype=np.float32)
        # Repeated query terms count once per repeat, as in Lucene's BM25 query.
        counts = q.weights / self.idf[q.ids]
        return np.asarray(self.matrix[:, q.ids] @ counts, dtype=np.float32).reshape(-1)

    def coverage(self, q: QueryTerms) -> npt.NDArray[np.float32]:
        """Share of the query's idf mass that each chunk contains (terms missing from all chunks
        count against every chunk): near 1 when a chunk has all the rare words of the question."""
        total = float(q.word_weights.sum()) + q.missing_idf
        if not len(q.ids) or total <= 0:
            return np.zeros(self.size, dtype=np.float32)
        present = (self.matrix[:, q.ids] != 0).toarray()
        held = np.zeros((self.size, len(q.word_weights)), dtype=bool)
        for column, word in enumerate(q.words):
            held[:, word] |= present[:, column]
        return np.asarray(held.astype(np.float32) @ q.word_weights, dtype=np.float32).reshape(-1) / total

    def save(self, folder: Path) -> None:
        m = self.matrix
        terms = sorted(self.vocab, key=self.vocab.__getitem__)
        meta: dict[str, Any] = {"k1": self.k1, "b": self.b, "shape": list(m.shape), "terms": terms}
        (folder / _FILES[0]).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        for name, arr in zip(_FILES[1:], (m.indptr, m.indices, m.data), strict=True):
            with open(folder / name, "wb") as fh:
                np.save(fh, arr, allow_pickle=False)
        with open(folder / "lexical.idf.npy", "wb") as fh:
            np.save(fh, self.idf, allow_pickle=False)

    @classmethod
    def load(cls, folder: Path) -> BM25:
        from scipy.sparse import csc_matrix

        meta = json.loads((folder / _FILES[0]).read_text(encoding="utf-8"))
        indptr, indices, data = (np.load(folder / name, allow_pickle=False) for name in _FILES[1:])
        idf = np.load(folder / "lexical.idf.npy", allow_pickle=False)
        matrix = csc_matrix((data, indices, indptr), shape=tuple(meta["shape"]))
        vocab = {t: i for i, t in enumerate(meta["terms"])}
        if len(vocab) != matrix.shape[1] or len(idf) != matrix.shape[1]:
            raise ValueError(f"vocabulary of {len(vocab)} terms does not fit a matrix of shape {matrix.shape}")
        return cls(vocab, idf.astype(np.float32), matrix, float(meta["k1"]), float(meta["b"]))
