/*
 * libopenai_ft: the umbrella header, also reachable as <openai_ft.h>.
 */
#include "openai_ft/openai_ft.h"
