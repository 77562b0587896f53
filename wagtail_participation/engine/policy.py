"""The permission decision over plain values.

``wagtail_participation.permissions.can`` gathers the facts (who is asking, what the method's
rules say, whether the action is open now) and asks :func:`decide`. Keeping the decision here
means every combination of level, action window and area can be tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum


class Level(IntEnum):
    """Participation levels, in increasing order of assurance."""

    ANYONE = 0  # a signed first-party token is enough
    REGISTERED = 1  # an account
    CONFIRMED = 2  # an account with a confirmed e-mail address
    VERIFIED = 3  # a verification record (invitation code, census match, eID)


class AreaAssurance(IntEnum):
    NONE = 0
    DECLARED = 1  # the participant said where they live
    VERIFIED = 2  # a verification backend established it


@dataclass(frozen=True)
class ParticipantFacts:
    """What the policy needs to know about the person asking."""

    has_token: bool = False
    is_registered: bool = False
    email_confirmed: bool = False
    is_verified: bool = False
    area_key: str | None = None
    area_assurance: AreaAssurance = AreaAssurance.NONE

    @property
    def level(self) -> Level | None:
        """The highest level this person reaches with an account (see ``decide`` for code-only)."""
        if self.is_registered and self.is_verified:
            return Level.VERIFIED
        if self.is_registered and self.email_confirmed:
            return Level.CONFIRMED
        if self.is_registered:
            return Level.REGISTERED
        if self.has_token or self.is_verified:
            return Level.ANYONE
        return None

    @property
    def verified_without_account(self) -> bool:
        return self.is_verified and not self.is_registered


class WindowState(IntEnum):
    NOT_OFFERED = 0  # this method has no such action, or no phase opens it
    UPCOMING = 1
    OPEN = 2
    CLOSED = 3


@dataclass(frozen=True)
class ActionWindow:
    state: WindowState
    opens_at: datetime | None = None
    closes_at: datetime | None = None


@dataclass(frozen=True)
class ActionRules:
    """The editor's rules for one action of one method."""

    level: Level = Level.REGISTERED
    area_keys: frozenset[str] = field(default_factory=frozenset)
    area_names: tuple[str, ...] = ()
    accept_declared_area: bool = False
    # Where the editor allows it, a resident verified by an invitation code or census match
    # takes part without an account, at the verified level.
    verified_without_account: bool = False


@dataclass(frozen=True)
class Outcome:
    """Why the decision came out as it did; ``code`` is stable for tests and templates."""

    allowed: bool
    code: str
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    required_level: Level | None = None
    area_names: tuple[str, ...] = ()


def decide(facts: ParticipantFacts, rules: ActionRules, window: ActionWindow) -> Outcome:
    """Decide one action. Order matters: time first, then identity, then area.

    Time comes first because "Voting opens on 3 May" is true for everyone and asking someone
    to log in for an action they cannot take yet wastes their effort.
    """
    if window.state is WindowState.NOT_OFFERED:
        return Outcome(False, "not_offered")
    if window.state is WindowState.UPCOMING:
        return Outcome(False, "not_open_yet", opens_at=window.opens_at)
    if window.state is WindowState.CLOSED:
        return Outcome(False, "closed", closes_at=window.closes_at)

    level = facts.level
    if facts.verified_without_account and rules.verified_without_account:
        level = Level.VERIFIED
    if rules.level > Level.ANYONE and (level is None or level < Level.REGISTERED):
        return Outcome(False, "login_required", required_level=rules.level)
    if level is None:
        # Anyone may act but this person has no token yet; the view issues one on POST.
        level = Level.ANYONE
    if level < rules.level:
        code = "confirm_email_required" if rules.level is Level.CONFIRMED else "verification_required"
        return Outcome(False, code, required_level=rules.level)

    if rules.area_keys:
        enough = AreaAssurance.DECLARED if rules.accept_declared_area else AreaAssurance.VERIFIED
        if facts.area_key is None or facts.area_assurance < enough:
            code = "area_declaration_required" if rules.accept_declared_area else "area_verification_required"
            return Outcome(False, code, area_names=rules.area_names)
        if facts.area_key not in rules.area_keys:
            return Outcome(False, "wrong_area", area_names=rules.area_names)

    return Outcome(True, "allowed", closes_at=window.closes_at)
