/*
 * openai-ft jobs list and jobs events (jobs_list.c).
 */
#ifndef OFT_CLI_JOBS_LIST_H
#define OFT_CLI_JOBS_LIST_H

#include "args/args.h"
#include "ui/view.h"

extern const cli_cmd cli_jobs_list;
extern const cli_cmd cli_jobs_events;

/* The description of the jobs table of `jobs list` (ui/view.h). */
extern const cli_field cli_job_fields[];

/* The getters of a job's fields (cli_get_fn) that the jobs table and the
 * job's lines of `jobs get` (jobs.c) share. */
cli_value cli_job_get_id(const void *p, char *buf, size_t cap);
cli_value cli_job_get_status(const void *p, char *buf, size_t cap);
cli_value cli_job_get_model(const void *p, char *buf, size_t cap);
cli_value cli_job_get_created(const void *p, char *buf, size_t cap);
cli_value cli_job_get_ft_model(const void *p, char *buf, size_t cap);
cli_value cli_job_get_finished(const void *p, char *buf, size_t cap);
cli_value cli_job_get_tokens(const void *p, char *buf, size_t cap);
cli_value cli_job_get_training_file(const void *p, char *buf, size_t cap);

/* The description of the events log of `jobs events` (ui/view.h). */
extern const cli_field cli_event_fields[];

#endif
