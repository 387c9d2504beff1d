#!/usr/bin/env python3
"""What the library returns cannot be freed or written member by member.

    check_const_members.py INCLUDE_DIR GENERATED_INCLUDE_DIR CC [CC ARGS...]

Compiles small programs against the public headers with warnings as errors:
one that reads every kind of member must compile; each one that frees,
writes through or replaces a library-owned member must not.
"""
import os
import subprocess
import sys
import tempfile

PRELUDE = """
#include <stdlib.h>
#include <openai_ft.h>
void use(oft_job *job, oft_job_page *page, oft_upload *up, oft_jsonl_report *rep,
         oft_deleted *del, oft_file_page *files);
void use(oft_job *job, oft_job_page *page, oft_upload *up, oft_jsonl_report *rep,
         oft_deleted *del, oft_file_page *files)
{
    (void)job; (void)page; (void)up; (void)rep; (void)del; (void)files;
"""

READS = """
    const char *s = job->id;
    const char *t = job->result_files_count ? job->result_files[0] : NULL;
    const char *m = job->error ? job->error->message : NULL;
    const char *k = job->metadata_count ? job->metadata[0].key : NULL;
    const char *w = job->integrations_count ? job->integrations[0].wandb.tags[0] : NULL;
    const oft_job *first = page->count ? page->items[0] : NULL;
    const char *f = up->file ? up->file->id : NULL;
    const char *p = rep->problems_count ? rep->problems[0].message : NULL;
    (void)s; (void)t; (void)m; (void)k; (void)w; (void)first; (void)f; (void)p;
    oft_job_free(job);
    oft_deleted_free(del);
"""

# Each must be refused by the compiler.
MISUSES = {
    "free a string member": "free(job->id);",
    "free a string of a nested struct": "free(job->error->message);",
    "write through a string member": "job->model[0] = 'x';",
    "replace a string of a string array": "job->result_files[0] = \"x\";",
    "replace a member of a nested struct": "job->error->message = \"x\";",
    "replace a metadata pair's key": "job->metadata[0].key = \"x\";",
    "replace a page's item": "page->items[0] = NULL;",
    "free a page's item alone": "oft_job_free(page->items[0]);",
    "free a file page's item alone": "oft_file_free(files->items[0]);",
    "free an upload's file alone": "oft_file_free(up->file);",
    "write a report's problem": "rep->problems[0].line = 1;",
    "free a delete result's string": "free(del->raw_json);",
}


def compiles(cc, includes, body, workdir):
    src = os.path.join(workdir, "case.c")
    with open(src, "w", encoding="utf-8") as f:
        f.write(PRELUDE + body + "\n}\n")
    cmd = cc + ["-std=c11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only"]
    cmd += [f"-I{d}" for d in includes] + [src]
    r = subprocess.run(cmd, capture_output=True, text=True)
    return r.returncode == 0, r.stderr


def main(argv):
    if len(argv) < 4:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    includes, cc = argv[1:3], argv[3:]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        ok, err = compiles(cc, includes, READS, tmp)
        if not ok:
            print("reading the members does not compile:\n" + err)
            failures += 1
        for what, line in MISUSES.items():
            ok, _ = compiles(cc, includes, READS.replace("    oft_job_free(job);",
                                                         "    " + line +
                                                         "\n    oft_job_free(job);"),
                             tmp)
            print(f"{'REFUSED' if not ok else 'ACCEPTED'}: {what}: {line}")
            failures += ok
    print(f"{len(MISUSES)} misuses tried, {failures} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
