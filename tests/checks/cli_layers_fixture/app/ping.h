/* The fixture's two files that call each other. */
#ifndef CLI_FIXTURE_PING_H
#define CLI_FIXTURE_PING_H

int cli_fixture_ping(int n);
int cli_fixture_pong(int n);

#endif
