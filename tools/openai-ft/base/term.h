/*
 * openai-ft: the terminal: its width, its resizes, signal handlers (term.c).
 */
#ifndef OFT_CLI_TERM_H
#define OFT_CLI_TERM_H

/* The width of the terminal on fd (TIOCGWINSZ, else COLUMNS, else 80). */
int cli_term_width(int fd);
/* Starts following SIGWINCH; cli_term_resized() then says (once) that it came. */
void cli_term_watch_resize(void);
int cli_term_resized(void);

/* sigaction() of handler for sig, with flags. */
void cli_set_signal(int sig, void (*handler)(int), int flags);

#endif
