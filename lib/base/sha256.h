/*
 * sha256.h - SHA-256 (FIPS 180-4), for the checksums the cycle records of
 * every report it writes.
 */
#ifndef SHEQU_SHA256_H
#define SHEQU_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

/* A running hash; the caller owns the storage. */
struct sha256 {
	uint32_t h[8];	       /* the chaining state */
	uint64_t len;	       /* bytes hashed so far */
	unsigned char buf[64]; /* a partial block */
	size_t fill;	       /* bytes in buf */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
/* Finish and write the digest as 64 lower-case hex digits and a NUL. */
void sha256_hex(struct sha256 *s, char out[65]);

/* The hex digest of the file PATH (EX_NOINPUT or EX_IOERR on failure). */
int sha256_file(const char *path, char out[65], struct shequ_err *e);

#endif
