/*
 * libopenai_ft: a C client for the OpenAI fine-tuning API.
 * The umbrella header: include this one.
 */
#ifndef OPENAI_FT_H
#define OPENAI_FT_H

#include "openai_ft/common.h"
#include "openai_ft/version.h"
#include "openai_ft/errors.h"
#include "openai_ft/client.h"
#include "openai_ft/jobs.h"
#include "openai_ft/events.h"
#include "openai_ft/checkpoints.h"
#include "openai_ft/permissions.h"
#include "openai_ft/wait.h"
#include "openai_ft/files.h"
#include "openai_ft/uploads.h"
#include "openai_ft/models.h"
#include "openai_ft/jsonl.h"

#endif
