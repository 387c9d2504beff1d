/* The fixture's public header: any layer may include it. */
#ifndef EMU_FIXTURE_EMULATOR_H
#define EMU_FIXTURE_EMULATOR_H

int oft_emu_fixture_public(void);

#endif
