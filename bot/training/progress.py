"""Where a training job stands: its stage, step, epoch and an estimate of the time left,
read from what Rasa prints while it trains. Pure: lines and clock readings in, figures
out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The job's stages, in order, and what an admin reads for each.
STAGES: dict[str, str] = {
    "queued": "Waiting to start",
    "validating": "Checking the training data (rasa data validate)",
    "loading": "Reading the training data",
    "training": "Training",
    "evaluating_candidate": "Evaluating the new model on the held-out split",
    "evaluating_live": "Evaluating the live model on the same split",
    "registering": "Saving the model and its figures",
    "done": "Done",
}
# Rough shares of a first run, before any run has been timed.
FIRST_RUN_SECONDS: dict[str, float] = {
    "validating": 25,
    "loading": 30,
    "training": 60,
    "evaluating_candidate": 30,
    "evaluating_live": 30,
    "registering": 1,
}

TRAINED_STEPS = "training_steps"  # kept with the stage times of a run
_COMPONENT = re.compile(r"(Starting to train|Restored) component '(?P<name>[^']+)'")
_FINISHED = re.compile(r"Finished training component '(?P<name>[^']+)'")
_EPOCHS = re.compile(r"Epochs:\s*\d+%.*?\|\s*(?P<done>\d+)/(?P<total>\d+)")


@dataclass
class TrainingProgress:
    """State of one job, updated line by line; ``snapshot`` gives what the admin sees."""

    components: int  # components in the pipeline and policies (steps of "training")
    plan: list[str]  # the stages this job goes through, in order
    history: dict[str, float] = field(
        default_factory=dict
    )  # seconds per stage, last run
    stage: str = "queued"
    stage_started: float = 0.0
    step: int = 0
    detail: str = ""
    epoch: int | None = None
    epochs: int | None = None
    total: int = 0  # messages to parse in an evaluation stage
    timings: dict[str, float] = field(default_factory=dict)

    def enter(self, stage: str, now: float, detail: str = "") -> None:
        if self.stage not in ("queued", "done"):
            self.timings[self.stage] = round(now - self.stage_started, 2)
        if self.stage == "training" and self.step:
            self.timings[TRAINED_STEPS] = (
                self.step
            )  # how many steps training really had
        self.stage, self.stage_started, self.detail = stage, now, detail
        self.step, self.total, self.epoch, self.epochs = 0, 0, None, None

    def read_training_line(self, line: str, now: float) -> bool:
        """Takes one line of Rasa's training output; True when it moved the job on."""
        if component := _COMPONENT.search(line):
            if self.stage != "training":
                self.enter("training", now)
            self.step = min(self.components, self.step + 1)
            self.detail = component["name"]
            self.epoch = self.epochs = None
            return True
        if _FINISHED.search(line):
            return False
        if epochs := _EPOCHS.search(line):
            self.epoch, self.epochs = int(epochs["done"]), int(epochs["total"])
            return True
        return False

    def count(self, done: int, total: int) -> None:
        """Progress inside an evaluation stage: messages parsed of all."""
        self.step, self.total, self.epoch, self.epochs = done, total, None, None
        self.detail = f"{done}/{total} messages"

    def stage_fraction(self) -> float:
        if self.stage == "training":
            within = 0.0
            if self.epoch is not None and self.epochs:
                within = self.epoch / self.epochs
            return min(1.0, (max(0, self.step - 1) + within) / max(1, self.components))
        if self.stage.startswith("evaluating") and self.total:
            return min(1.0, self.step / self.total)
        return 0.0

    @property
    def expected(self) -> dict[str, float]:
        return self.history or FIRST_RUN_SECONDS

    def stages_ahead(self) -> list[str]:
        if self.stage not in self.plan:
            return [] if self.stage == "done" else list(self.plan)
        return self.plan[self.plan.index(self.stage) + 1 :]

    def seconds_left(self, now: float) -> float:
        """From the last run's stage times (first-run guesses before any), corrected by
        how far the current stage has got."""
        expected = self.expected
        ahead = sum(expected.get(s, 0) for s in self.stages_ahead())
        if self.stage == "done":
            return 0.0
        if self.stage not in self.plan:
            return round(ahead, 1)
        elapsed = now - self.stage_started
        fraction = self.stage_fraction()
        if fraction > 0.05:
            current = elapsed / fraction - elapsed
        else:
            current = max(0.0, expected.get(self.stage, 0) - elapsed)
        return round(current + ahead, 1)

    def snapshot(self, now: float) -> dict[str, object]:
        return {
            "stage": self.stage,
            "stage_label": STAGES.get(self.stage, self.stage),
            "detail": self.detail,
            "step": self.step if self.stage == "training" else None,
            "steps": self.components if self.stage == "training" else None,
            "epoch": self.epoch,
            "epochs": self.epochs,
            "stage_fraction": round(self.stage_fraction(), 3),
            "fraction": overall_fraction(
                self.stage, self.stage_fraction(), self.plan, self.expected
            ),
            "seconds_left": self.seconds_left(now),
        }


def overall_fraction(
    stage: str, stage_fraction: float, plan: list[str], expected: dict[str, float]
) -> float:
    """Share of the whole job done, weighting each planned stage by its expected time."""
    weights = {
        s: max(1.0, expected.get(s, FIRST_RUN_SECONDS.get(s, 1.0))) for s in plan
    }
    total = sum(weights.values())
    if stage == "done":
        return 1.0
    if stage not in weights:
        return 0.0
    before = sum(weights[s] for s in plan[: plan.index(stage)])
    return round(min(1.0, (before + weights[stage] * stage_fraction) / total), 3)
