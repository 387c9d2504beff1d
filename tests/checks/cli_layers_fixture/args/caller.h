/* The file that calls up. */
#ifndef CLI_FIXTURE_CALLER_H
#define CLI_FIXTURE_CALLER_H

int cli_fixture_caller(void);

#endif
