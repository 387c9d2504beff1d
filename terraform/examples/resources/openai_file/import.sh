# By the file's ID. The local path is not known to the API: keep `file` in
# the configuration; the first apply after the import records it and its
# SHA-256 without uploading anything.
tofu import openai_file.training file-abc123
