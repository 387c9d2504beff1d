/* Fine-tuning jobs (placeholder until the life cycle lands). */
#include "emu.h"

#include <stdlib.h>

void emu_jobs_free(oft_emu *emu)
{
    free(emu->jobs.items);
}

int emu_checkpoint_exists(oft_emu *emu, const char *name)
{
    return 0;
}

int emu_route_jobs(emu_req *req, emu_resp *r, char segs[][256], size_t n)
{
    return 0;
}

int oft_emu_job_fail(oft_emu *emu, const char *job_id, const char *code,
                     const char *message)
{
    return -1;
}

int oft_emu_job_finish(oft_emu *emu, const char *job_id)
{
    return -1;
}

int oft_emu_add_events(oft_emu *emu, const char *job_id, size_t n)
{
    return -1;
}
