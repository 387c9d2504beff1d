/* The fixture's two files that call each other. */
#ifndef OFT_LAYERS_FIXTURE_PING_H
#define OFT_LAYERS_FIXTURE_PING_H

int oft__fixture_ping(int n);
int oft__fixture_pong(int n);

#endif
