/*
 * error.h - how lib/ reports failure.
 *
 * lib/ never prints and never exits.  A function that can fail takes a
 * `struct shequ_err *` as its last argument and returns 0 on success or a
 * sysexits code (see exitcode.h) on failure, after filling the error with a
 * one-line message (no program name, no trailing newline).  The caller
 * decides whether to print it.  Passing a NULL error is allowed: the code is
 * still returned.
 */
#ifndef SHEQU_ERROR_H
#define SHEQU_ERROR_H

#include <stdarg.h>

#include "base/exitcode.h"

/* A failure: a sysexits code and a message meant for a person. */
struct shequ_err {
	int code;	/* 0 when nothing went wrong, else an EX_* code */
	char msg[1024]; /* the reason, UTF-8, no newline */
};

/* Record CODE and a printf-style message in E (E may be NULL); returns CODE. */
int shequ_err_set(struct shequ_err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefix the message already in E with a printf-style context ("FILE: ").  */
void shequ_err_prefix(struct shequ_err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Forget any recorded error. */
void shequ_err_clear(struct shequ_err *e);

#endif
