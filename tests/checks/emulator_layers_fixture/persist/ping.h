/* The fixture's two files that call each other. */
#ifndef EMU_FIXTURE_PING_H
#define EMU_FIXTURE_PING_H

int emu_fixture_ping(int n);
int emu_fixture_pong(int n);

#endif
