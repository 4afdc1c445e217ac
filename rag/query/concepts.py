"""Machine-learning concepts named by a phrase of everyday words, and how Japanese notes write them.

"speculative decoding", "knowledge graph" or "object tracking" name one technique each, though every word
alone is an everyday one a note may hold (decode, graph, トラッキング): a question about one is covered
only by notes that name it — its words in a row, or one of its Japanese names (物体追跡) or acronyms. The
list is of common terms of the field, each with the ways Japanese writing names it.
"""

from __future__ import annotations

import re

from rag.text import fold

_STATISTICAL_TEST = ("統計的検定", "仮説検定", "検定")
_RECOMMENDER = ("推薦システム", "レコメンドシステム", "レコメンデーション", "推薦")
_DISTILLATION = ("知識蒸留", "蒸留")
_SEGMENTATION = ("セグメンテーション", "segmentation")
_DATA_CENTRIC = ("データセントリック", "データ中心", "data-centric", "data centric")
_MULTIMODAL = ("マルチモーダル", "MLLM", "multimodal")
_CROWDSOURCING = ("クラウドソーシング", "crowdsourcing")
_AB_TEST = ("A/Bテスト", "ABテスト")
_EXPERIMENT_TRACKING = ("実験トラッキング", "実験管理", "実験の追跡")
# English phrase (singular, lowercase) → its Japanese names and acronyms.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "speculative decoding": (
        "投機的デコーディング",
        "投機的復号",
        "投機的サンプリング",
        "スペキュレーティブデコーディング",
    ),
    "knowledge graph": ("知識グラフ", "ナレッジグラフ"),
    "object tracking": ("物体追跡", "オブジェクトトラッキング", "物体トラッキング"),
    "object detection": ("物体検出", "物体検知", "オブジェクト検出"),
    "beam search": ("ビームサーチ", "ビーム探索"),
    "knowledge distillation": _DISTILLATION,
    "distillation": _DISTILLATION,
    "contrastive learning": ("対照学習", "コントラスティブ学習", "対比学習"),
    "time series": ("時系列",),
    "federated learning": ("連合学習", "フェデレーテッドラーニング", "連合機械学習"),
    "reinforcement learning": ("強化学習",),
    "transfer learning": ("転移学習",),
    "anomaly detection": ("異常検知", "異常検出"),
    "semantic segmentation": ("セマンティックセグメンテーション",),
    "instance segmentation": ("インスタンスセグメンテーション",),
    "image generation": ("画像生成",),
    "speech recognition": ("音声認識",),
    "speech synthesis": ("音声合成",),
    "machine translation": ("機械翻訳",),
    "sentiment analysis": ("感情分析", "センチメント分析", "評判分析"),
    "recommender system": _RECOMMENDER,
    "recommendation system": _RECOMMENDER,
    "graph neural network": ("グラフニューラルネットワーク", "GNN"),
    "prompt engineering": ("プロンプトエンジニアリング",),
    "mixed precision": ("混合精度",),
    "model compression": ("モデル圧縮",),
    "neural architecture search": ("ニューラルアーキテクチャ探索", "NAS"),
    "data augmentation": ("データ拡張", "データオーグメンテーション"),
    "active learning": ("能動学習", "アクティブラーニング"),
    "continual learning": ("継続学習",),
    "in-context learning": ("文脈内学習", "インコンテキスト学習", "コンテキスト内学習"),
    "pre-training": ("事前学習", "事前トレーニング", "プレトレーニング"),
    "pretraining": ("事前学習", "事前トレーニング", "プレトレーニング"),
    "fine-tuning": ("ファインチューニング", "微調整"),
    "zero-shot learning": ("ゼロショット学習",),
    "statistical test": _STATISTICAL_TEST,
    "statistical testing": _STATISTICAL_TEST,
    "hypothesis test": _STATISTICAL_TEST,
    "significance test": ("有意差検定", "検定"),
    "majority vote": ("多数決",),
    "majority voting": ("多数決",),
    "uncertainty": ("不確実性", "不確かさ"),
    "precision and recall": ("適合率", "再現率"),
    "time series forecasting": ("時系列予測",),
    "image recognition": ("画像認識",),
    "chain of thought": ("思考の連鎖", "CoT"),
    "mixture of experts": ("MoE",),
    "retrieval augmented generation": ("RAG", "検索拡張生成"),
    "named entity recognition": ("固有表現抽出", "固有表現認識", "NER"),
    "entity resolution": ("名寄せ",),
    "entity matching": ("名寄せ",),
    "topic model": ("トピックモデル",),
    "dimensionality reduction": ("次元削減",),
    "causal inference": ("因果推論",),
    "question answering": ("質問応答",),
    "text classification": ("テキスト分類", "文書分類"),
    "image classification": ("画像分類",),
    "pose estimation": ("姿勢推定",),
    "depth estimation": ("深度推定",),
    "super resolution": ("超解像",),
    "style transfer": ("スタイル変換",),
    "diffusion model": ("拡散モデル",),
    "vision transformer": ("ViT",),
    "batch normalization": ("バッチ正規化",),
    "gradient descent": ("勾配降下",),
    "feature store": ("特徴量ストア", "フィーチャーストア"),
    "model registry": ("モデルレジストリ",),
    "version control": ("バージョン管理",),
    "self-supervised learning": ("自己教師あり学習",),
    "semi-supervised learning": ("半教師あり学習",),
    "weakly supervised learning": ("弱教師あり学習",),
    "cross validation": ("交差検証", "クロスバリデーション"),
    "early stopping": ("早期終了", "アーリーストッピング"),
    "tensor parallelism": ("テンソル並列",),
    "pipeline parallelism": ("パイプライン並列",),
    "instruction tuning": ("インストラクションチューニング", "指示チューニング"),
    "reward model": ("報酬モデル",),
    "catastrophic forgetting": ("破滅的忘却",),
    "learning rate": ("学習率",),
    "sample size": ("サンプルサイズ",),
    "optical character recognition": ("OCR", "文字認識"),
    "document layout analysis": ("レイアウト解析", "レイアウト分析"),
    # General vocabulary the notes write in katakana or kanji beside (or instead of) the English word: a
    # question in either language names the same thing ("crowdsourcing" is クラウドソーシング there,
    # 「能動学習」 is Active Learning), and one about a field the notes never name is refused.
    "annotation": ("アノテーション", "annotation"),  # not the annotators (アノテーター), another word
    "segmentation": _SEGMENTATION,
    "image segmentation": _SEGMENTATION,
    "data-centric": _DATA_CENTRIC,
    "multimodal": _MULTIMODAL,
    "crowdsourcing": _CROWDSOURCING,
    "crowdsourced": _CROWDSOURCING,
    "hallucination": ("ハルシネーション",),
    "synthetic data": ("合成データ",),
    "information extraction": ("情報抽出",),
    "medical imaging": ("医療画像",),  # the field; not "medical image diagnosis", where it only qualifies
    "remote sensing": ("リモートセンシング", "remotely sensed"),
    "ai agent": ("AIエージェント", "エージェント"),
    "randomness": ("ランダムネス", "ランダム性"),
    "reproducibility": ("再現性",),
    "experiment tracking": _EXPERIMENT_TRACKING,
    "experiment management": _EXPERIMENT_TRACKING,
    "automatic evaluation": ("自動評価",),
    "human evaluation": ("人手評価", "手動評価"),
    "distribution shift": ("分布シフト",),
    "out-of-distribution": ("分布外",),
    "submodular function": ("劣モジュラ", "サブモジュラー"),
    "kl divergence": ("KLダイバージェンス",),
    "regular expression": ("正規表現",),
    "parallel processing": ("並列処理",),
    "shared memory": ("共有メモリ",),
    "edge computing": ("エッジコンピューティング",),
    "competitive programming": ("競技プログラミング",),
    "binary classification": ("二値分類",),
    "aerial photograph": ("航空写真",),
    "prospect theory": ("プロスペクト理論",),
    "interim analysis": ("中間解析",),
    "alpha spending": ("アルファ消費",),
    "commercial use": ("商用利用",),
    # ... and fields the notes never name, each with its Japanese names, so that neither language's
    # question is answered from topics that only read like it.
    "quantization": ("量子化",),
    "differential privacy": ("差分プライバシー",),
    "autonomous driving": ("自動運転",),
    "self-driving": ("自動運転",),
    "robotics": ("ロボティクス", "ロボット工学"),
    "robot control": ("ロボット制御",),
    "music generation": ("音楽生成",),
    "bayesian optimization": ("ベイズ最適化",),
    "a/b test": _AB_TEST,
    "a/b testing": _AB_TEST,
}


def _pattern(phrase: str) -> re.Pattern[str]:
    """The phrase with any spacing or hyphen between its words and an English plural at its end, or the
    -ing form of a last word that is a verb too ("significance testing", "beam searching")."""
    words = [re.escape(w) for w in re.split(r"[ \-]", phrase)]
    return re.compile(r"(?<![a-z])" + r"[\s\-]*".join(words) + r"(?:s|es|ing)?(?![a-z])", re.I)


_PATTERNS = {phrase: _pattern(phrase) for phrase in CONCEPTS}


def concepts_in(text: str) -> list[str]:
    """The concepts an English text names, as their canonical phrases (longest first where they overlap)."""
    found = [(m.start(), m.end(), p) for p, pat in _PATTERNS.items() for m in pat.finditer(text)]
    found.sort(key=lambda f: (f[0], -(f[1] - f[0]), -len(f[2])))  # the phrase as written before its -ing form
    out: list[str] = []
    end = -1
    for start, stop, phrase in found:
        if start >= end and phrase not in out:
            out.append(phrase)
            end = stop
    return out


def _key(name: str) -> str:
    """A Japanese name compared loosely: width and long-vowel marks aside (プレトレーニング = プレトレニング)."""
    return fold(name)


_BY_NAME: dict[str, list[str]] = {}
for _phrase, _names in CONCEPTS.items():
    for _name in _names:
        if not _name.isascii():
            _BY_NAME.setdefault(_key(_name), []).append(_phrase)


def concept_named(term: str) -> str | None:
    """The concept a Japanese term is one of the names of (インコンテキスト学習: in-context learning), if any."""
    phrases = _BY_NAME.get(_key(term)) if not term.isascii() else None
    return phrases[0] if phrases else None


def names_of(concept: str) -> tuple[str, ...]:
    """Every way the notes may write a concept: its English phrase, its Japanese names and acronyms."""
    others = [p for p, names in CONCEPTS.items() if p != concept and names == CONCEPTS[concept]]
    return (concept, *others, *CONCEPTS[concept])


def concepts_named_in(text: str) -> list[str]:
    """The concepts a question names, in English (``concepts_in``) or by one of their Japanese names."""
    key = _key(text)
    found = concepts_in(text)
    for name, phrases in _BY_NAME.items():
        if len(name) >= 2 and name in key and phrases[0] not in found:
            found.append(phrases[0])
    return found


def is_concept(term: str) -> bool:
    """Whether a specific term is one of the concepts (as ``concepts_in`` gives it)."""
    return term in CONCEPTS


def phrase_in(term: str, text: str) -> bool:
    """Whether ``text`` writes the concept's English phrase (any spacing, a hyphen, a plural)."""
    return _PATTERNS[term].search(text) is not None
