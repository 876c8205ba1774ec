"""The severity decision tree: a few yes/no questions → a rank (0 is the most severe).

The tree, in the words of the policy:

* the service is down, or critical data is at risk → SEV0;
* major functionality is degraded → SEV1 if there is a workaround, else SEV0;
* customers are impacted → SEV2;
* otherwise → SEV3.

Ranks index the configured severities (the first configured level is the most severe), so a
repository that names its levels SEV1–SEV4 gets its own ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from incidentkit.config import Config, SeverityLevel

#: Ranks of the tree's answers; ``TREE_LEVELS[rank]`` is the name the policy uses for it.
TREE_LEVELS: tuple[str, ...] = ("SEV0", "SEV1", "SEV2", "SEV3")


@dataclass(frozen=True, slots=True)
class Question:
    #: The keyword argument of :func:`classify` that answers it.
    key: str
    text: str
    #: What the answer means, for a "why" line: (if yes, if no).
    yes: str
    no: str

    @property
    def flag(self) -> str:
        return "--" + self.key.replace("_", "-")


QUESTIONS: dict[str, Question] = {
    q.key: q
    for q in (
        Question("down", "Is the service down for its users?",
                 "the service is down", "the service is not down"),
        Question("data_at_risk", "Is critical data at risk (loss, corruption or exposure)?",
                 "critical data is at risk", "no critical data is at risk"),
        Question("major_degraded", "Is major functionality degraded?",
                 "major functionality is degraded", "no major functionality is degraded"),
        Question("workaround", "Is there a workaround for the degraded functionality?",
                 "there is a workaround", "there is no workaround"),
        Question("customers_impacted", "Are customers impacted?",
                 "customers are impacted", "no customers are impacted"),
    )
}


@dataclass(frozen=True, slots=True)
class Outcome:
    rank: int
    #: The answers the tree used, in the order it asked for them.
    path: tuple[tuple[str, bool], ...]

    def why(self) -> str:
        return ", ".join(QUESTIONS[k].yes if v else QUESTIONS[k].no for k, v in self.path)


class _Unanswered(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _walk(answers: Mapping[str, bool | None], path: list[tuple[str, bool]]) -> int:
    def answer(key: str) -> bool:
        value = answers.get(key)
        if value is None:
            raise _Unanswered(key)
        path.append((key, value))
        return value

    if answer("down") or answer("data_at_risk"):
        return 0
    if answer("major_degraded"):
        return 1 if answer("workaround") else 0
    return 2 if answer("customers_impacted") else 3


def decide(answers: Mapping[str, bool | None]) -> Outcome | Question:
    """The outcome, or the next question whose answer the tree needs (``None`` = unknown)."""
    unknown = set(answers) - set(QUESTIONS)
    if unknown:
        raise ValueError(f"unknown answers: {', '.join(sorted(unknown))}")
    path: list[tuple[str, bool]] = []
    try:
        rank = _walk(answers, path)
    except _Unanswered as missing:
        return QUESTIONS[missing.key]
    return Outcome(rank, tuple(path))


def classify(
    *,
    down: bool | None,
    data_at_risk: bool | None,
    major_degraded: bool | None,
    workaround: bool | None,
    customers_impacted: bool | None,
) -> int:
    """The rank (0 = most severe … 3) for these answers.

    An answer the tree does not reach may be ``None``; ``ValueError`` names the first answer it
    needs that is ``None``.
    """
    got = decide({
        "down": down,
        "data_at_risk": data_at_risk,
        "major_degraded": major_degraded,
        "workaround": workaround,
        "customers_impacted": customers_impacted,
    })
    if isinstance(got, Question):
        raise ValueError(f"the decision needs an answer to {got.key!r}: {got.text}")
    return got.rank


def level_for(config: Config, rank: int) -> tuple[SeverityLevel, str | None]:
    """The configured level of a tree rank, and a note when the ids differ from the tree's."""
    levels = config.severities
    index = min(rank, len(levels) - 1)
    level = levels[index]
    tree = TREE_LEVELS[rank]
    if level.id == tree:
        return level, None
    note = f"Mapped by rank: the decision tree's {tree} is {level.id} in this repository"
    if index != rank:
        note += f" (its least severe of {len(levels)} configured levels)."
    else:
        note += " (the first configured severity is the most severe)."
    return level, note
