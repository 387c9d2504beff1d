/* The fixture's routes/ header. */
#ifndef EMU_FIXTURE_ROUTES_H
#define EMU_FIXTURE_ROUTES_H

#define EMU_FIXTURE_ROUTES 1

#endif
