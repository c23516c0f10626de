/*
 * hashset.h - a set of 64-bit hashes of strings (ID numbers,
 * addresses): open addressing, 8 bytes each, where a B-tree index costs a
 * random page access.  A hash in the set says the string may have
 * been added; one not in it says it certainly was not.
 */
#ifndef SHEQU_HASHSET_H
#define SHEQU_HASHSET_H

#include <stddef.h>
#include <stdint.h>

struct hashset {
	size_t n, cap;	/* hashes held; slots (a power of two, or 0) */
	size_t max;	/* the most slots it may have; 0: no limit */
	uint64_t *slot; /* 0: free */
};

/* hashset_add(): S is at its most and cannot take another. */
#define HASHSET_FULL 1

/* The hash of S: FNV-1a, mixed; never 0. */
uint64_t hashset_key(const char *s);

/* Make room for N hashes (within MAX); EX_SOFTWARE when out of memory. */
int hashset_reserve(struct hashset *s, size_t n);

/* 1 when FP is in S, else 0. */
int hashset_has(const struct hashset *s, uint64_t fp);

/* Add FP (not in S yet): 0, HASHSET_FULL, or EX_SOFTWARE when out of memory. */
int hashset_add(struct hashset *s, uint64_t fp);

/* Start fetching where FP would be, for an hashset_has() a little later. */
void hashset_prefetch(const struct hashset *s, uint64_t fp);

/* Free what S holds (MAX stays). */
void hashset_free(struct hashset *s);

#endif
