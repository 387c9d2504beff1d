/* Breaks the rule: net/ reads API error bodies through the client, not json/. */
#include "json/api_error.h"

int oft__fixture_answer(void);
int oft__fixture_answer(void)
{
    return 0;
}
