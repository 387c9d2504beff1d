/* The fixture's lowest file. */
#ifndef CLI_FIXTURE_UP_H
#define CLI_FIXTURE_UP_H

int cli_fixture_up(void);

#endif
