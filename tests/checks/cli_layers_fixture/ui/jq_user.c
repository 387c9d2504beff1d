/* Includes jq's engine outside app/, and an include without its layer. */
#include <jq.h>

#include "nolayer.h"
#include "ui/b.h"

int cli_fixture_jq(void);

int cli_fixture_jq(void)
{
    jq_state *jq = jq_init();
    jq_teardown(&jq);
    return CLI_FIXTURE_B;
}
