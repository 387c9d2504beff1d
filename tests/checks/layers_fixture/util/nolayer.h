/* Included by its bare name, not as "util/nolayer.h". */
#ifndef OFT_LAYERS_FIXTURE_NOLAYER_H
#define OFT_LAYERS_FIXTURE_NOLAYER_H

#define OFT_FIXTURE_NOLAYER 0

#endif
