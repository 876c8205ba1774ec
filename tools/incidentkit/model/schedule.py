"""On-call schedules: ``oncall/schedules/<id>.yaml`` (SPEC §2.3)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    model_validator,
)
from pydantic_core import PydanticCustomError

from incidentkit.model.timeoff import TimeOff
from incidentkit.model.types import (
    STRICT,
    Clock,
    Day,
    Handle,
    LocalDateTime,
    NonEmptyStr,
    RotationLength,
    Slug,
    Timestamp,
    TimeZoneName,
)

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Every(BaseModel):
    """``rotation: {every: 12h}``: a handoff after any fixed duration from 1h to 365d."""

    model_config = STRICT

    every: RotationLength
    #: ``daily`` or ``weekly`` when the file named the rotation instead of giving a duration.
    named: Literal["daily", "weekly"] | None = Field(default=None, exclude=True)

    @property
    def period(self) -> timedelta:
        return self.every


class Monthly(BaseModel):
    """``rotation: monthly``: a handoff on the layer's ``handoff_day`` of every month."""

    model_config = STRICT

    monthly: Literal[True]


def _rotation(value: Any) -> Any:
    if isinstance(value, str):
        if value in ("daily", "weekly"):
            return {"every": "1d" if value == "daily" else "1w", "named": value}
        if value == "monthly":
            return {"monthly": True}
        raise PydanticCustomError(
            "rotation",
            "rotation must be daily, weekly, monthly or {every: <duration>} such as {every: 12h}",
        )
    return value


def _rotation_kind(value: Any) -> str:
    """Which model reads a rotation (one of them, so an error names only its own keys)."""
    if isinstance(value, Monthly) or (isinstance(value, dict) and "monthly" in value):
        return "monthly"
    return "every"


class Restriction(BaseModel):
    """A local window the layer covers; ``to`` is exclusive, ``from > to`` wraps past midnight."""

    model_config = STRICT

    days: Annotated[list[Weekday], Field(min_length=1)] = list(WEEKDAYS)
    from_: Clock = Field(alias="from")
    to: Clock
    #: With ``anchor``: the windows open only in every N-th week, counted in 7-day weeks from the
    #: anchor date (week 0 is the anchor and the 6 days after it); none open before the anchor.
    every_weeks: Annotated[int, Field(ge=1, le=52)] | None = None
    anchor: Day | None = None

    @model_validator(mode="after")
    def _every_weeks_with_anchor(self) -> Restriction:
        if (self.every_weeks is None) != (self.anchor is None):
            raise ValueError(
                "every_weeks and anchor go together: every_weeks: 2 with anchor: YYYY-MM-DD, "
                "the first day of a week the windows open in"
            )
        return self


class Layer(BaseModel):
    model_config = STRICT

    name: NonEmptyStr
    timezone: TimeZoneName | None = None
    start: LocalDateTime
    rotation: Annotated[
        Annotated[Every, Tag("every")] | Annotated[Monthly, Tag("monthly")],
        Discriminator(_rotation_kind),
        BeforeValidator(
            _rotation, json_schema_input_type=Literal["daily", "weekly", "monthly"] | Every
        ),
    ]
    #: With ``rotation: monthly``: the day of the month of each handoff (at ``start``'s time);
    #: in a shorter month, its last day.
    handoff_day: Annotated[int, Field(ge=1, le=31)] | None = None
    members: list[Handle]
    restrictions: list[Restriction] = []
    effective_until: LocalDateTime | None = None
    #: ``next``: while the member whose turn it is has time off (``oncall/time-off.yaml``), the
    #: next member in ``members`` order who is not away covers, then the one after; when all
    #: are away the layer has nobody. Without it, time off changes nobody's shifts (``validate``
    #: warns instead).
    time_off_cover: Literal["next"] | None = None

    @model_validator(mode="after")
    def _handoff_day_with_monthly(self) -> Layer:
        monthly = isinstance(self.rotation, Monthly)
        if monthly and self.handoff_day is None:
            raise ValueError(
                "rotation: monthly needs handoff_day: the day of the month of each handoff (1-31)"
            )
        if not monthly and self.handoff_day is not None:
            raise ValueError("handoff_day is for rotation: monthly; remove it or use monthly")
        return self


class Override(BaseModel):
    model_config = STRICT

    from_: Timestamp = Field(alias="from")
    to: Timestamp
    #: ``null`` (written out, never left out): nobody, a window left uncovered on purpose.
    person: Handle | None
    replaces: Handle | None = None
    reason: str | None = None

    @model_validator(mode="after")
    def _uncovered_says_why(self) -> Override:
        if self.person is None and not (self.reason or "").strip():
            raise ValueError(
                "person: null leaves the window uncovered on purpose: say why in reason"
            )
        return self


class Schedule(BaseModel):
    model_config = STRICT

    id: Slug
    name: NonEmptyStr
    timezone: TimeZoneName
    layers: Annotated[list[Layer], Field(min_length=1)]
    overrides: list[Override] = []
    #: The time off the engine reads for layers with ``time_off_cover`` (not from this file).
    _time_off: tuple[TimeOff, ...] = PrivateAttr(default=())

    def with_time_off(self, entries: Iterable[TimeOff]) -> Schedule:
        """This schedule, read together with the repository's time off (``entries``)."""
        bound = self.model_copy()
        bound._time_off = tuple(entries)
        return bound

    @property
    def time_off(self) -> tuple[TimeOff, ...]:
        """The time off bound by :meth:`with_time_off` (none by default)."""
        return self._time_off
