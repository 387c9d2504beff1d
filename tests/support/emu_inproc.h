/*
 * The emulator library started in-process for the in-process emulator suites
 * (tests/emulator/test_emulator_{server,files,jobs,graders}.c), and the requests they
 * all make to it over real HTTP on loopback (emu_http.h): paths are relative
 * to the emulator's base URL.
 */
#ifndef OFT_TESTS_EMU_INPROC_H
#define OFT_TESTS_EMU_INPROC_H

#include <jansson.h>

#include "emu_http.h"
#include "emulator.h"

/* The key every in-process emulator accepts (emu_setup does not set one). */
#define KEY "sk-test-inproc-key"

/* Ten lines of this are the API's minimum training file. */
extern const char *const chat_line;

/* cmocka setup/teardown: an emulator whose jobs take 1 s, in *state. */
int emu_setup(void **state);
int emu_teardown(void **state);

/* One request to emu's base URL + path (see http_send). */
http_reply emu_send(oft_emu *emu, const char *method, const char *path, const char *key,
                    const char *json_body, const http_form *form);
/* GET and POST with KEY. */
http_reply emu_get(oft_emu *emu, const char *path);
http_reply emu_post(oft_emu *emu, const char *path, const char *json_body);

/* Checks the API's error shape, the status and (when not NULL) the param. */
void assert_api_error(const http_reply *r, long status, const char *param);

/* n copies of line (malloc'd). */
char *repeat(const char *line, int n);
/* Uploads data as a file of that purpose; its id (static buffer). */
const char *upload_data(oft_emu *emu, const char *filename, const char *data,
                        const char *purpose);
/* Uploads ten chat examples (the API's minimum) as a fine-tune file; its id. */
const char *upload_training(oft_emu *emu);
/* Creates a job from body text; its id (static buffer). */
const char *create_job(oft_emu *emu, const char *body);
/* GETs a job; its status (static buffer), and the job in *out when not NULL. */
const char *job_status(oft_emu *emu, const char *id, json_t **out);
/* Polls until the job is terminal (bounded: at most ~60 s); its status. */
const char *wait_job(oft_emu *emu, const char *id);

#endif
