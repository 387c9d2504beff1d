/*
 * openai-ft: --template TEXT as a jq program (template.c).
 */
#ifndef OFT_CLI_TEMPLATE_H
#define OFT_CLI_TEMPLATE_H

/* Says whether a jq expression compiles: NULL, or why not. */
typedef const char *(*cli_expr_check)(const char *expr);
/* The jq program of a --template text into *program (malloc'd); 0 or the exit
 * code, having said what is wrong. */
int cli_template_program(char **program, const char *text, cli_expr_check check);

#endif
