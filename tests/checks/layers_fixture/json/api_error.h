/* The API error body mapper of the fixture (its reader). */
#ifndef FIXTURE_JSON_API_ERROR_H
#define FIXTURE_JSON_API_ERROR_H
int oft__fixture_api_error(void);
#endif
