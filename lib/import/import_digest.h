/*
 * import_digest.h - digests of stored rows, and the lines that listed
 * them: what lets a re-import skip every row the database already holds
 * as the file says, with no look-up in the database.
 *
 *	struct digest_map m = {.max = DIGEST_MAP_MAX};
 *	digest_map_reserve(&m, people);
 *	digest_map_add(&m, stored_digest);	// each stored row
 *	...
 *	uint32_t *line = digest_map_find(&m, digest_of_the_row);
 *	if (line && !*line)
 *		*line = this_line;		// as stored: nothing to write
 *	digest_map_free(&m);
 *
 * A digest is a 64-bit hash of a row's cleaned values (digest_text()):
 * two rows with the same digest are taken to be the same row, as a
 * stored hash is taken to stand for its row anywhere.  Memory: 12 bytes a
 * slot, slots a power of two within MAX, allocated once by
 * digest_map_reserve(); the map never grows after, so a pointer from
 * digest_map_find() stays valid until digest_map_free().
 */
#ifndef SHEQU_IMPORT_DIGEST_H
#define SHEQU_IMPORT_DIGEST_H

#include <stddef.h>
#include <stdint.h>

/* The most slots a map may have: 48 MiB, for some 3.1 million rows. */
#define DIGEST_MAP_MAX ((size_t)1 << 22)

/* Start of a digest: feed it the fields with digest_text(). */
#define DIGEST_START 1469598103934665603ULL

struct digest_map {
	size_t n, cap;	/* digests held; slots (a power of two, or 0) */
	size_t max;	/* the most slots it may have; 0: DIGEST_MAP_MAX */
	uint64_t *key;	/* the digests; 0: a free slot */
	uint32_t *line; /* the line that listed it in this import; 0: none yet */
};

/* digest_map_add(): M holds as many as it may; the digest was not added. */
#define DIGEST_MAP_FULL 1

/*
 * Fold the string S and a field separator into the digest H (FNV-1a: a
 * change of one byte always changes the digest).  Returns the new H.
 */
uint64_t digest_text(uint64_t h, const char *s);

/* The finished digest of H: mixed, never 0. */
uint64_t digest_end(uint64_t h);

/*
 * Allocate room for N digests (within MAX, at most three quarters
 * full); EX_SOFTWARE when out of memory.  Called once, on an empty map.
 */
int digest_map_reserve(struct digest_map *m, size_t n);

/*
 * Add the digest D (not 0) with no line: 0, DIGEST_MAP_FULL, or
 * EX_SOFTWARE when there is no room reserved.  A digest already there
 * stays once.
 */
int digest_map_add(struct digest_map *m, uint64_t d);

/* The line of digest D in M (a pointer into M), or NULL when D is not there. */
uint32_t *digest_map_find(const struct digest_map *m, uint64_t d);

/*
 * Start fetching where D would be, for a digest_map_find() or
 * digest_map_add() a little later (on any thread: it changes nothing).
 */
void digest_map_prefetch(const struct digest_map *m, uint64_t d);

/* Free what M holds (MAX stays). */
void digest_map_free(struct digest_map *m);

#endif
