/* A header the fixture includes without its layer's name. */
#define EMU_FIXTURE_HANDLERS 1
