/*
 * pattern.h - PCRE2 patterns compiled once and kept, for the validators
 * whose rule is clearest as a pattern.  Not thread-safe on first use.
 */
#ifndef SHEQU_PATTERN_H
#define SHEQU_PATTERN_H

#include <stddef.h>

/* A pattern and its compiled form; define one static per pattern:
 *   static struct pattern mobile = {.source = "^1[3-9][0-9]{9}$"}; */
struct pattern {
	const char *source; /* the pattern, PCRE2 syntax, anchored by the caller */
	void *code;	    /* the compiled pattern, made on first use, kept until exit */
	void *match;	    /* its match data, made once with it, kept until exit */
};

/* 1 when the LEN bytes at S match P, 0 when not, -1 when the pattern cannot
 * be compiled or run (out of memory). */
int pattern_match(struct pattern *p, const char *s, size_t len);

#endif
