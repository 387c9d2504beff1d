/*
 * libopenai_ft: a C client for the OpenAI fine-tuning API.
 * The umbrella header: include this one, as <openai_ft/openai_ft.h> or as
 * <openai_ft.h> (which includes this).
 */
#ifndef OPENAI_FT_H
#define OPENAI_FT_H

#include "common.h"
/* Generated into the build tree's (or the install's) openai_ft/ folder. */
#include "openai_ft/version.h"
#include "errors.h"
#include "client.h"
#include "jobs.h"
#include "events.h"
#include "checkpoints.h"
#include "permissions.h"
#include "graders.h"
#include "wait.h"
#include "metrics.h"
#include "watch.h"
#include "files.h"
#include "uploads.h"
#include "models.h"
#include "jsonl.h"

#endif
