/* hashset.c - a set of hashes of strings; see hashset.h. */
#include <stdlib.h>

#include "base/exitcode.h"
#include "base/hashset.h"

uint64_t hashset_key(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h ? h : 1;
}

/* Move S into CAP slots (a power of two); EX_SOFTWARE when out of memory. */
static int hashset_grow(struct hashset *s, size_t cap)
{
	uint64_t *slot = calloc(cap, sizeof *slot);
	size_t i, j;

	if (!slot)
		return EX_SOFTWARE;
	for (j = 0; j < s->cap; j++) {
		if (!s->slot[j])
			continue;
		for (i = s->slot[j] & (cap - 1); slot[i]; i = (i + 1) & (cap - 1))
			;
		slot[i] = s->slot[j];
	}
	free(s->slot);
	s->slot = slot;
	s->cap = cap;
	return 0;
}

/* The slots N hashes need: a quarter free. */
static size_t hashset_slots(size_t n)
{
	size_t cap = 1u << 16;

	while (cap * 3 < n * 4)
		cap *= 2;
	return cap;
}

int hashset_reserve(struct hashset *s, size_t n)
{
	size_t cap = hashset_slots(n);

	if (s->max && cap > s->max)
		cap = s->max;
	return cap > s->cap ? hashset_grow(s, cap) : 0;
}

int hashset_has(const struct hashset *s, uint64_t fp)
{
	size_t i;

	if (!s->cap)
		return 0;
	for (i = fp & (s->cap - 1); s->slot[i]; i = (i + 1) & (s->cap - 1))
		if (s->slot[i] == fp)
			return 1;
	return 0;
}

int hashset_add(struct hashset *s, uint64_t fp)
{
	size_t i;
	int rc;

	if ((s->n + 1) * 4 > s->cap * 3) {
		size_t cap = s->cap ? s->cap * 2 : hashset_slots(0);

		if (s->max && cap > s->max)
			return HASHSET_FULL;
		if ((rc = hashset_grow(s, cap)))
			return rc;
	}
	for (i = fp & (s->cap - 1); s->slot[i]; i = (i + 1) & (s->cap - 1))
		;
	s->slot[i] = fp;
	s->n++;
	return 0;
}

void hashset_prefetch(const struct hashset *s, uint64_t fp)
{
	if (s->cap)
		__builtin_prefetch(&s->slot[fp & (s->cap - 1)]);
}

void hashset_free(struct hashset *s)
{
	free(s->slot);
	s->slot = NULL;
	s->n = s->cap = 0;
}
