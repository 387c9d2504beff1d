/* Included without its layer's name. */
#ifndef CLI_FIXTURE_NOLAYER_H
#define CLI_FIXTURE_NOLAYER_H
#endif
