"""Questions that ask for a share (rag.query.kinds.asks_share): the notes must give one to answer them."""

from __future__ import annotations

import pytest

from rag.query.kinds import asks_share


@pytest.mark.parametrize(
    ("question", "share"),
    [
        ("By what percentage did the test reduce the sample size?", True),
        ("What percentage of competitors did o1 beat?", True),
        ("How many percent faster was it?", True),
        ("サンプルサイズは何%減った?", True),
        ("正答率は何割くらい?", True),
        ("What percentile did o1 reach on Codeforces?", False),  # a rank, not a share
        ("data replayはどのくらいの割合でする?", False),  # a ratio: 5% or 1:4 both answer it
        ("How many experts are active per token?", False),
        ("何パーセンタイルだった?", False),
    ],
)
def test_a_share_is_asked_only_as_a_share(question: str, share: bool) -> None:
    assert asks_share(question) is share
