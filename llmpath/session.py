"""The guided session as a state machine: what the learner sees next, and what their reply changes.

    step = next_step(progress, catalog, now)        # pure: reads only
    apply(progress, catalog, step, reply, now)      # pure: changes ``progress`` in place

The CLI (``cli/guided.py``) renders a :class:`Step`, reads a :class:`Reply`, and saves
``apply`` in one ``store.update`` — one progress write per learner action. Quitting is not
a step: whatever was applied is saved, and the next ``next_step`` resumes there.

Stages of a unit, in order: read (sections) → demo (each demo, with its prediction) →
exercise (each not yet passed) → quiz → result. Around them: the first run (language,
placement by unit), the due reviews offered once per session, the send-back to a shaky
prerequisite and the return from it.

The position is a :class:`Position`, stored in the progress file as a JSON object whose
keys are the field names (``unit``, ``stage``, ``section`` and ``quiz`` are always written,
so files written before this module read the same).
"""

from __future__ import annotations

import random
import zlib
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any

from llmpath.clock import format_time, parse_time
from llmpath.content.catalog import Catalog
from llmpath.content.models import Module, Question, Unit
from llmpath.progress import Progress
from llmpath.quiz import AnswerReply  # noqa: F401 - the session's reply to a question, defined with grading
from llmpath.status import attempt_passed, complete, is_done, is_open, open_unit, promote

STAGES = ("read", "demo", "exercise", "quiz", "result")
REVIEWS_PER_SESSION = 10
NEW_SESSION_AFTER = timedelta(minutes=30)  # a pause this long starts a new session (reviews offered again)
IDLE_CAP = timedelta(minutes=5)            # a longer gap between two actions counts as 5 minutes of study
OPEN_MASTERY = 0.5    # entering a unit: prerequisites below this are too shaky to build on
RETRY_MASTERY = 0.6   # after a failed quiz: prerequisites below this are worth revisiting first


# ------------------------------------------------------------------ the position

@dataclass
class QuizAttempt:
    seed: int
    ids: list[str]
    index: int = 0
    started: str = ""


@dataclass
class Placement:
    seed: int
    asked: dict[str, bool] = field(default_factory=dict)  # unit id → its placement question answered right


@dataclass
class Position:
    unit: str | None = None
    stage: str | None = None
    section: int = 0
    quiz: QuizAttempt | None = None
    item: int = 0                     # which demo / exercise of the stage is offered next
    revisit: bool = False             # sent back here from `return_to`
    return_to: str | None = None
    checked: bool = False             # the prerequisites were checked on entering this unit
    result: dict[str, Any] | None = None  # the finished quiz attempt: passed, right, answered
    reviews: list[str] | None = None  # the review batch still to ask
    placement: Placement | None = None
    session: str | None = None        # when this session began
    reviewed: bool = False            # reviews offered (or done) in this session
    at: str | None = None             # the last action, for active time

    _ALWAYS = ("unit", "stage", "section", "quiz")

    @classmethod
    def from_data(cls, data: Any) -> Position:
        """Tolerant of anything: an unknown or malformed field falls back to its default."""
        data = data if isinstance(data, dict) else {}
        position = cls()
        for f in fields(cls):
            value = data.get(f.name, getattr(position, f.name))
            setattr(position, f.name, value)
        position.unit = position.unit if isinstance(position.unit, str) else None
        position.stage = position.stage if position.stage in STAGES else None
        position.section = position.section if isinstance(position.section, int) and position.section >= 0 else 0
        position.item = position.item if isinstance(position.item, int) and position.item >= 0 else 0
        position.quiz = _attempt(position.quiz)
        position.placement = _placement(position.placement)
        position.reviews = [q for q in position.reviews if isinstance(q, str)] if isinstance(position.reviews, list) else None
        position.result = position.result if isinstance(position.result, dict) else None
        for name in ("revisit", "checked", "reviewed"):
            setattr(position, name, getattr(position, name) is True)
        for name in ("return_to", "session", "at"):
            if not isinstance(getattr(position, name), str):
                setattr(position, name, None)
        return position

    def to_data(self) -> dict[str, Any]:
        default = Position()
        data = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in self._ALWAYS or value != getattr(default, f.name):
                data[f.name] = asdict(value) if isinstance(value, (QuizAttempt, Placement)) else value
        return data

    def enter(self, unit_id: str) -> None:
        """Point at the start of a unit, keeping the session fields."""
        self.unit, self.stage, self.section, self.quiz, self.item = unit_id, "read", 0, None, 0
        self.checked, self.result = False, None


def _attempt(value: Any) -> QuizAttempt | None:
    if isinstance(value, QuizAttempt):
        return value
    if not isinstance(value, dict) or not isinstance(value.get("ids"), list):
        return None
    seed = value.get("seed")
    index = value.get("index")
    return QuizAttempt(seed if isinstance(seed, int) else 0, [q for q in value["ids"] if isinstance(q, str)],
                       index if isinstance(index, int) and index >= 0 else 0, str(value.get("started") or ""))


def _placement(value: Any) -> Placement | None:
    if isinstance(value, Placement):
        return value
    if not isinstance(value, dict):
        return None
    asked = value.get("asked") if isinstance(value.get("asked"), dict) else {}
    seed = value.get("seed")
    return Placement(seed if isinstance(seed, int) else 0, {k: v is True for k, v in asked.items() if isinstance(k, str)})


def position_of(progress: Progress) -> Position:
    return Position.from_data(progress.data.get("position"))


def save_position(progress: Progress, position: Position) -> None:
    progress.data["position"] = position.to_data()


# ------------------------------------------------------------------ steps and replies

@dataclass(frozen=True)
class Step:
    """What the learner sees next. ``kind`` is one of :data:`STEP_KINDS`; the other fields say what."""

    kind: str
    unit: str | None = None
    question: str | None = None
    index: int = 0
    total: int = 0
    seed: int | str = 0
    demo: str | None = None
    exercise: str | None = None
    units: tuple[str, ...] = ()       # placement-confirm: the units placement would skip
    prerequisite: str | None = None   # send-back / quiz-result: the shaky prerequisite
    mastery: float = 0.0
    passed: bool = False
    right: int = 0
    answered: int = 0
    following: str | None = None      # quiz-result: the unit that comes next
    chain: str | None = None          # quiz-result: the practice units are done, "build it yourself" (chains.yaml)


STEP_KINDS = ("language", "placement-offer", "placement-question", "placement-confirm", "reviews-offer",
              "review-question", "send-back", "section", "demo", "exercise", "quiz-question", "quiz-result", "done")


@dataclass(frozen=True)
class Reply:
    """What the learner did at a step: ``choice`` ("y"/"n", "next"/"back", "en"/"zh", "retake"/"revisit"/"stop"),
    an ``answer`` for question steps, the ``keep`` list when editing placement, the ``path`` of an exercise set
    up, the ``prediction`` answered before a demo."""

    choice: str = ""
    answer: AnswerReply | None = None
    keep: tuple[str, ...] = ()
    path: str | None = None
    prediction: AnswerReply | None = None


# ------------------------------------------------------------------ next_step

def next_step(progress: Progress, catalog: Catalog, now: datetime) -> Step:
    """What the learner sees next, from the progress file alone."""
    from llmpath.learning import due_cards

    position = position_of(progress)
    if progress.language is None:
        return Step("language")
    if position.placement is not None or not progress.data.get("onboarded"):
        return _placement_step(progress, catalog, position)
    if position.reviews:
        return Step("review-question", question=position.reviews[0], index=0, total=len(position.reviews),
                    seed=f"review:{now.date()}")
    if not position.reviewed:
        due = due_cards(progress, catalog, now)
        if due:
            return Step("reviews-offer", total=len(due), index=min(len(due), REVIEWS_PER_SESSION))
    unit = current_unit(progress, catalog)
    if unit is None:
        return Step("done")
    if position.unit != unit.id:
        position = Position(session=position.session, reviewed=position.reviewed, at=position.at)
        position.enter(unit.id)
    if position.stage == "read" and position.section == 0 and not position.checked and not position.revisit:
        shaky = shaky_prerequisites(progress, catalog, unit, OPEN_MASTERY, now)
        if shaky:
            prereq, value = shaky[0]
            return Step("send-back", unit=unit.id, prerequisite=prereq.id, mastery=value)
    return _unit_step(progress, catalog, unit, position, now)


def _unit_step(progress: Progress, catalog: Catalog, unit: Unit, position: Position, now: datetime) -> Step:
    stage = position.stage or "read"
    if stage == "read":
        return Step("section", unit=unit.id, index=min(position.section, len(unit.sections) - 1), total=len(unit.sections))
    if stage == "demo" and position.item < len(unit.demos):
        return Step("demo", unit=unit.id, demo=unit.demos[position.item], index=position.item, total=len(unit.demos))
    if stage in ("demo", "exercise"):
        pending = _pending_exercise(progress, unit, position.item if stage == "exercise" else 0)
        if pending is not None:
            return Step("exercise", unit=unit.id, exercise=unit.exercises[pending], index=pending, total=len(unit.exercises))
    attempt = position.quiz if stage == "quiz" else None
    if stage == "result" and position.result:
        result = position.result
        return Step("quiz-result", unit=unit.id, passed=bool(result.get("passed")), right=int(result.get("right", 0)),
                    answered=int(result.get("answered", 0)), prerequisite=result.get("prerequisite"),
                    following=result.get("following"), chain=result.get("chain") if isinstance(result.get("chain"), str) else None)
    if attempt is None:  # a file from before attempts were made on entering the quiz: a seed from the unit
        attempt = new_attempt(progress, catalog, unit, position, seed=zlib.crc32(unit.id.encode()) % 1_000_000, started=now)
    return Step("quiz-question", unit=unit.id, question=attempt.ids[attempt.index], index=attempt.index,
                total=len(attempt.ids), seed=attempt.seed) if attempt.index < len(attempt.ids) else \
        Step("quiz-result", unit=unit.id, passed=False)


def _pending_exercise(progress: Progress, unit: Unit, start: int) -> int | None:
    passed = {eid for eid, entry in progress.data.get("exercises", {}).items()
              if isinstance(entry, dict) and entry.get("status") == "passed"}
    for index in range(start, len(unit.exercises)):
        if unit.exercises[index] not in passed:
            return index
    return None


def current_unit(progress: Progress, catalog: Catalog) -> Unit | None:
    """The unit in the saved position, else the first open unit not yet done, in path order."""
    position = position_of(progress)
    if position.unit in catalog.units and (position.revisit or position.stage == "result" or not is_done(progress, position.unit)):
        return catalog.units[position.unit]
    for unit in catalog.path_order():
        if not is_done(progress, unit.id) and is_open(progress, unit):
            return unit
    for unit in catalog.path_order():  # prerequisites left undone elsewhere: still offer something
        if not is_done(progress, unit.id):
            return unit
    return None


def new_attempt(progress: Progress, catalog: Catalog, unit: Unit, position: Position, *, seed: int,
                started: datetime) -> QuizAttempt:
    """A quiz attempt's questions in a seeded order. A question the learner answered as a demo's
    prediction in this session (or skipped: it comes back as a review) is not asked again."""
    from llmpath.learning import select_questions

    since = _time_or_none(position.session) or started
    predicted = {row[0] for row in progress.answers if "d" in str(row[5]) and _after(row[1], since)}
    questions = [q for q in select_questions(catalog, unit, progress, seed=seed) if q.id not in predicted]
    if not questions:
        questions = select_questions(catalog, unit, progress, seed=seed)
    return QuizAttempt(seed, [q.id for q in questions], 0, format_time(started))


def _fresh_attempt(progress: Progress, catalog: Catalog, unit: Unit, position: Position, now: datetime) -> QuizAttempt:
    return new_attempt(progress, catalog, unit, position, seed=int(now.timestamp() * 1000) % 1_000_000, started=now)


def _after(stamp: Any, since: datetime) -> bool:
    try:
        return parse_time(str(stamp)) >= since
    except (ValueError, TypeError):
        return False


# ------------------------------------------------------------------ placement

def _placement_step(progress: Progress, catalog: Catalog, position: Position) -> Step:
    if position.placement is None:
        return Step("placement-offer")
    asked = position.placement.asked
    for unit in catalog.path_order():
        if unit.id in asked or not catalog.questions_for(unit.id):
            continue
        if all(asked.get(p) for p in unit.prerequisites):  # a miss stops skipping everything built on it
            question = placement_question(catalog, unit, position.placement.seed)
            if question is not None:
                return Step("placement-question", unit=unit.id, question=question.id, index=len(asked),
                            seed=f"placement:{position.placement.seed}")
    return Step("placement-confirm", units=tuple(u.id for u in catalog.path_order() if asked.get(u.id)))


def placement_question(catalog: Catalog, unit: Unit, seed: int) -> Question | None:
    """One question per unit: easy or medium, not free text, not a demo's prediction."""
    from llmpath.demos.predictions import prediction_question_ids

    banned = prediction_question_ids()
    pool = sorted((q for q in catalog.questions_for(unit.id) if q.difficulty <= 2 and q.type != "text" and q.id not in banned),
                  key=lambda q: q.id)
    if not pool:
        return None
    return random.Random(f"placement:{seed}:{unit.id}").choice(pool)


# ------------------------------------------------------------------ prerequisites

def shaky_prerequisites(progress: Progress, catalog: Catalog, unit: Unit, threshold: float,
                        now: datetime) -> list[tuple[Unit, float]]:
    """Prerequisite units (not skipped) whose concepts the learner has practised but not mastered,
    weakest first, as (unit, mean mastery of its practised concepts)."""
    from llmpath.mastery import concept_mastery, mastery_of

    mastery = mastery_of(concept_mastery(progress, catalog, now))
    answered = {row[0] for row in progress.answers}
    practised = {c for qid in answered if qid in catalog.questions for c in catalog.questions[qid].concepts}
    shaky = []
    for prereq_id in unit.prerequisites:
        prereq = catalog.units.get(prereq_id)
        if prereq is None or progress.is_known(prereq_id):
            continue
        values = [mastery[c.id] for c in prereq.concepts if c.id in mastery and c.id in practised]
        if values and sum(values) / len(values) < threshold:
            shaky.append((prereq, sum(values) / len(values)))
    return sorted(shaky, key=lambda pair: pair[1])


# ------------------------------------------------------------------ apply

def apply(progress: Progress, catalog: Catalog, step: Step, reply: Reply, now: datetime) -> None:
    """Record what the learner did at ``step``; the next ``next_step`` shows what follows."""
    position = position_of(progress)
    gap = _active_gap(position, now)
    before = _time_studied(progress)
    _HANDLERS[step.kind](progress, catalog, step, reply, now, position)
    # An answer already counted the seconds spent on it; the rest of the gap is reading, running, thinking.
    progress.touch_activity(now, max(0.0, gap - (_time_studied(progress) - before)))
    save_position(progress, position)


def begin_session(progress: Progress, now: datetime) -> None:
    """A new session after a long pause (or the first one): reviews are offered again."""
    position = position_of(progress)
    last = _time_or_none(position.at)
    if last is None or now - last >= NEW_SESSION_AFTER or position.session is None:
        position.session, position.reviewed = format_time(now), False
    save_position(progress, position)


def reopen(progress: Progress, catalog: Catalog, topic: Unit | Module, now: datetime) -> Unit:
    """`start <unit|module>`: jump there; a unit skipped by placement is opened again."""
    units = [topic] if isinstance(topic, Unit) else catalog.units_in(topic.id)
    target = next((u for u in units if not is_done(progress, u.id)), units[0])
    for unit in units:
        entry = progress.data["units"].get(unit.id)
        if isinstance(entry, dict) and entry.get("known"):
            entry["known"] = False
    position = position_of(progress)
    if position.unit != target.id:
        position.enter(target.id)
        position.revisit, position.return_to = False, None
    position.checked = True  # the learner chose this unit
    open_unit(progress, target.id, now)
    save_position(progress, position)
    return target


def redo_placement(progress: Progress) -> None:
    """`start --placement`: undo what placement skipped and take it again."""
    for entry in progress.data["units"].values():
        if isinstance(entry, dict):
            entry["known"] = False
    progress.data["onboarded"] = False
    position = position_of(progress)
    position.placement = None
    save_position(progress, position)


def _active_gap(position: Position, now: datetime) -> float:
    """Seconds since the learner's previous action, capped: a long pause is not study time."""
    last = _time_or_none(position.at)
    position.at = format_time(now)
    if last is None or position.session is None or last < (_time_or_none(position.session) or last):
        return 0.0
    return min(max(now - last, timedelta(0)), IDLE_CAP).total_seconds()


def _time_studied(progress: Progress) -> float:
    activity = progress.data.get("activity")
    return sum(v for v in activity.values() if isinstance(v, (int, float))) if isinstance(activity, dict) else 0.0


def _time_or_none(stamp: str | None) -> datetime | None:
    try:
        return parse_time(stamp) if stamp else None
    except (ValueError, TypeError):
        return None


def _record(progress: Progress, catalog: Catalog, question_id: str | None, answer: AnswerReply | None, source: str,
            now: datetime) -> None:
    from llmpath.learning import Answer, record_answer

    question = catalog.questions.get(question_id or "")
    if question is None or answer is None:
        return
    given = "(skipped)" if answer.skipped else answer.given
    record_answer(progress, Answer(question, given, answer.correct and not answer.skipped, answer.seconds, answer.used_hint, source), now)
    promote(progress, catalog, [question.unit], now)


def _on_language(progress, catalog, step, reply, now, position) -> None:
    progress.language = "zh" if reply.choice == "zh" else "en"


def _on_placement_offer(progress, catalog, step, reply, now, position) -> None:
    if reply.choice == "y":
        position.placement = Placement(int(now.timestamp()) % 1_000_000)
    else:
        progress.data["onboarded"] = True


def _on_placement_question(progress, catalog, step, reply, now, position) -> None:
    _record(progress, catalog, step.question, reply.answer, "p", now)
    if position.placement is not None and step.unit:
        position.placement.asked[step.unit] = bool(reply.answer and reply.answer.correct and not reply.answer.skipped)


def _on_placement_confirm(progress, catalog, step, reply, now, position) -> None:
    skipped = [u for u in step.units if u not in reply.keep] if reply.choice == "y" else []
    for unit_id in skipped:
        entry = progress.data["units"].setdefault(unit_id, {"state": "not_started"})
        entry["known"] = True
    asked = position.placement.asked if position.placement else {}
    progress.data["placement"] = {"at": format_time(now), "asked": sorted(asked), "skipped": skipped}
    progress.data["onboarded"] = True
    position.placement = None


def _on_reviews_offer(progress, catalog, step, reply, now, position) -> None:
    from llmpath.learning import due_cards

    position.reviewed = True
    if reply.choice == "y":
        position.reviews = [qid for qid, _ in due_cards(progress, catalog, now)[:REVIEWS_PER_SESSION]]


def _on_review_question(progress, catalog, step, reply, now, position) -> None:
    _record(progress, catalog, step.question, reply.answer, "r", now)
    position.reviews = (position.reviews or [])[1:] or None


def _on_send_back(progress, catalog, step, reply, now, position) -> None:
    if reply.choice == "y" and step.prerequisite in catalog.units:
        position.enter(step.prerequisite)
        position.revisit, position.return_to, position.checked = True, step.unit, True
    else:
        if position.unit != step.unit and step.unit:
            position.enter(step.unit)
        position.checked = True
    open_unit(progress, position.unit or "", now)


def _on_section(progress, catalog, step, reply, now, position) -> None:
    unit = catalog.units[step.unit or ""]
    if position.unit != unit.id:
        position.enter(unit.id)
    open_unit(progress, unit.id, now)
    position.checked = True
    index = step.index - 1 if reply.choice == "back" else step.index + 1
    if index >= len(unit.sections):
        _next_stage(progress, catalog, unit, position, "demo", now)
    else:
        position.stage, position.section = "read", max(0, index)


def _on_demo(progress, catalog, step, reply, now, position) -> None:
    _record(progress, catalog, _prediction_of(step.demo), reply.prediction, "d", now)
    unit = catalog.units[step.unit or ""]
    position.item = step.index + 1
    if position.item >= len(unit.demos):
        _next_stage(progress, catalog, unit, position, "exercise", now)


def _on_exercise(progress, catalog, step, reply, now, position) -> None:
    if reply.path and step.exercise:
        from llmpath.exercises import core
        from llmpath.exercises.registry import get_exercise

        core.record_start(progress, get_exercise(step.exercise), reply.path, now)
    unit = catalog.units[step.unit or ""]
    position.stage, position.item = "exercise", step.index + 1
    if _pending_exercise(progress, unit, position.item) is None:
        _next_stage(progress, catalog, unit, position, "quiz", now)


def _on_quiz_question(progress, catalog, step, reply, now, position) -> None:
    unit = catalog.units[step.unit or ""]
    attempt = position.quiz or new_attempt(progress, catalog, unit, position, seed=int(step.seed), started=now)
    position.stage, position.quiz = "quiz", attempt
    _record(progress, catalog, step.question, reply.answer, "q", now)
    attempt.index = step.index + 1
    if attempt.index >= len(attempt.ids):
        _finish_attempt(progress, catalog, unit, position, now)


def _finish_attempt(progress: Progress, catalog: Catalog, unit: Unit, position: Position, now: datetime) -> None:
    attempt = position.quiz
    assert attempt is not None
    started = _time_or_none(attempt.started) or now
    latest: dict[str, bool] = {}
    for row in progress.answers:
        if row[0] in attempt.ids and str(row[5]).startswith("q") and _after(row[1], started):
            latest[row[0]] = bool(row[3])
    results = list(latest.values())
    passed = attempt_passed(results, len(catalog.questions_for(unit.id))) is True
    result: dict[str, Any] = {"passed": passed, "right": sum(results), "answered": len(results)}
    if passed:
        complete(progress, catalog, unit.id, now)
    elif not position.revisit:
        shaky = shaky_prerequisites(progress, catalog, unit, RETRY_MASTERY, now)
        if shaky:
            result["prerequisite"], result["mastery"] = shaky[0][0].id, shaky[0][1]
    position.stage, position.result, position.quiz = "result", result, None
    if passed:
        following = _following(progress, catalog, position)
        result["following"] = following.id if following else None
        chain = build_it_yourself(progress, catalog, unit)
        if chain:
            result["chain"] = chain


PRACTICE_MODULE = "practice"   # after its units, the session offers the capstone chain


def build_it_yourself(progress: Progress, catalog: Catalog, unit: Unit) -> str | None:
    """The chain to offer ("build it yourself") once ``unit`` completes the practice module, else None."""
    if unit.module != PRACTICE_MODULE or not all(is_done(progress, u.id) for u in catalog.units_in(PRACTICE_MODULE)):
        return None
    from llmpath.exercises.chains import load_chains

    chains = load_chains().chains
    return chains[0].id if chains else None


def _following(progress: Progress, catalog: Catalog, position: Position) -> Unit | None:
    if position.revisit and position.return_to in catalog.units:
        return catalog.units[position.return_to]
    probe = Progress(dict(progress.data, position={"unit": None}))
    return current_unit(probe, catalog)


def _on_quiz_result(progress, catalog, step, reply, now, position) -> None:
    unit = catalog.units[step.unit or ""]
    if step.passed:
        back = position.return_to if position.revisit else None
        keep = Position(session=position.session, reviewed=position.reviewed, at=position.at)
        if back in catalog.units:
            keep.enter(back)
            keep.checked = True
        position.__dict__.update(keep.__dict__)
    elif reply.choice == "revisit" and step.prerequisite in catalog.units:
        position.enter(step.prerequisite)
        position.revisit, position.return_to, position.checked = True, unit.id, True
    else:  # retake now, or next time: a fresh attempt waits either way
        position.stage, position.result = "quiz", None
        position.quiz = _fresh_attempt(progress, catalog, unit, position, now)


def _next_stage(progress: Progress, catalog: Catalog, unit: Unit, position: Position, stage: str, now: datetime) -> None:
    """Move on to ``stage`` or the first later one that has something to show."""
    position.section, position.item = 0, 0
    if stage == "demo" and not unit.demos:
        stage = "exercise"
    if stage == "exercise" and _pending_exercise(progress, unit, 0) is None:
        stage = "quiz"
    position.stage = stage
    if stage == "quiz":
        position.quiz = _fresh_attempt(progress, catalog, unit, position, now)


def _prediction_of(demo_id: str | None) -> str | None:
    from llmpath.demos.predictions import prediction_for

    prediction = prediction_for(demo_id or "")
    return prediction.question if prediction else None


_HANDLERS = {
    "language": _on_language, "placement-offer": _on_placement_offer, "placement-question": _on_placement_question,
    "placement-confirm": _on_placement_confirm, "reviews-offer": _on_reviews_offer, "review-question": _on_review_question,
    "send-back": _on_send_back, "section": _on_section, "demo": _on_demo, "exercise": _on_exercise,
    "quiz-question": _on_quiz_question, "quiz-result": _on_quiz_result, "done": lambda *args: None,
}
