from .alpha import Alpha
from .checkpoints import Checkpoints
from .fine_tuning import FineTuning
from .graders import Graders
from .job_checkpoints import JobCheckpoints
from .jobs import Jobs
from .permissions import Permissions

__all__ = ["Alpha", "Checkpoints", "FineTuning", "Graders", "JobCheckpoints", "Jobs",
           "Permissions"]
