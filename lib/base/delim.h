/*
 * delim.h - the field separator a user names on the command line (-d):
 * one character, or "\t" or "tab" for a tab.  Written once so that every
 * tool that reads CSV takes the same spellings.
 */
#ifndef SHEQU_DELIM_H
#define SHEQU_DELIM_H

/*
 * Store in *DELIM the separator ARG names and return 0, or return -1 when
 * ARG is not one character, or is '"', CR or LF (which cannot separate
 * fields).  *DELIM is left alone on failure.
 */
int delim_parse(const char *arg, char *delim);

#endif
