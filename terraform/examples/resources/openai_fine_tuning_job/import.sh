# A job is imported by its ID (ftjob-...), every argument taken from the API.
tofu import openai_fine_tuning_job.example ftjob-abc123
