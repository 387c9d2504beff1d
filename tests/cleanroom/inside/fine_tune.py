"""The clean room's Python fine-tune (step 2): the README's example, against
the emulator named by OPENAI_BASE_URL.

Usage: python fine_tune.py TRAIN.jsonl
"""

import sys

import openai_ft

path = sys.argv[1]
print("libopenai_ft loaded from", openai_ft.load_library()._name)
report = openai_ft.validate(path, model="gpt-4o-mini")
if not report.ok:
    for p in report.problems:
        print(f"{p.severity}: {p.message} [{p.code}]")
    raise SystemExit("validation failed")

with openai_ft.Client() as client:
    f = client.files.upload(path)
    job = client.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=f.id, n_epochs=3)
    print("created", job.id)

    def on_progress(j: openai_ft.Job, e: openai_ft.Event | None) -> None:
        if e is None:
            print("  status:", j.status)
        elif not e.message.startswith("Step "):  # not each training step
            print("  " + e.message)

    job = client.jobs.wait(job.id, on_progress=on_progress, poll_interval=1)
    print("fine_tuned_model:", job.fine_tuned_model)
    if job.status != "succeeded" or not job.fine_tuned_model:
        raise SystemExit(f"the job ended {job.status}")
