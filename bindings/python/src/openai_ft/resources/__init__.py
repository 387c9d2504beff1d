"""The resources of OpenAI, in the official SDK's tree:

    client.fine_tuning.jobs                      create retrieve list cancel pause resume
                                                 list_events wait (ours)
    client.fine_tuning.jobs.checkpoints          list
    client.fine_tuning.checkpoints.permissions   create retrieve list delete
    client.fine_tuning.alpha.graders             run validate
    client.files                                 create retrieve list delete content
                                                 wait_for_processing
    client.uploads                               create complete cancel; .parts.create
    client.models                                retrieve list delete
"""

from .files import Files
from .fine_tuning import FineTuning
from .models import Models
from .uploads import Uploads

__all__ = ["Files", "FineTuning", "Models", "Uploads"]
