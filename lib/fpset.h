/*
 * fpset.h - a set of 64-bit fingerprints of strings (ID numbers,
 * addresses): open addressing, 8 bytes each, where a B-tree index costs a
 * random page access.  A fingerprint in the set says the string may have
 * been added; one not in it says it certainly was not.
 */
#ifndef SHEQU_FPSET_H
#define SHEQU_FPSET_H

#include <stddef.h>
#include <stdint.h>

struct fpset {
	size_t n, cap;	/* fingerprints held; slots (a power of two, or 0) */
	size_t max;	/* the most slots it may have; 0: no limit */
	uint64_t *slot; /* 0: free */
};

/* fpset_add(): S is at its most and cannot take another. */
#define FPSET_FULL 1

/* The fingerprint of S: FNV-1a, mixed; never 0. */
uint64_t fingerprint(const char *s);

/* Make room for N fingerprints (within MAX); EX_SOFTWARE when out of memory. */
int fpset_reserve(struct fpset *s, size_t n);

/* 1 when FP is in S, else 0. */
int fpset_has(const struct fpset *s, uint64_t fp);

/* Add FP (not in S yet): 0, FPSET_FULL, or EX_SOFTWARE when out of memory. */
int fpset_add(struct fpset *s, uint64_t fp);

/* Start fetching where FP would be, for an fpset_has() a little later. */
void fpset_prefetch(const struct fpset *s, uint64_t fp);

/* Free what S holds (MAX stays). */
void fpset_free(struct fpset *s);

#endif
