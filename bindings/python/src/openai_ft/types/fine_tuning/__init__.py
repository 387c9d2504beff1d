"""``openai.types.fine_tuning``'s names for the package's result types."""

from ..._types import Checkpoint as FineTuningJobCheckpoint
from ..._types import Event as FineTuningJobEvent
from ..._types import Integration as FineTuningJobIntegration
from ..._types import Job as FineTuningJob
from ..._types import Wandb as FineTuningJobWandbIntegration
from ..._types import Wandb as FineTuningJobWandbIntegrationObject

__all__ = ["FineTuningJob", "FineTuningJobCheckpoint", "FineTuningJobEvent",
           "FineTuningJobIntegration", "FineTuningJobWandbIntegration",
           "FineTuningJobWandbIntegrationObject"]
