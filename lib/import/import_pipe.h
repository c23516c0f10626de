/*
 * import_pipe.h - the import's reader thread: reading, decoding, splitting
 * and preparing rows on a second thread while the first stores them.
 *
 * The reader copies each record into a slot of a bounded ring, then calls
 * the caller's PREPARE on it, which leaves what it found in the slot's
 * prepared area (checking and cleaning a row needs nothing from the
 * database).  Rows are taken in order, so messages stay in line order; the
 * reader's error comes after the rows before it, as from csvin_next().
 * Memory stays bounded and no row costs an allocation.  Only the reader
 * touches the csvin until pipe_end().  Not for a pipe or a terminal: a read
 * there may block for good, and an import that fails must be able to stop
 * the reader and wait for it.
 */
#ifndef SHEQU_IMPORT_PIPE_H
#define SHEQU_IMPORT_PIPE_H

#include <stddef.h>

#include "base/csvin.h"
#include "base/error.h"

struct pipe;

/*
 * Prepare ROW (a copy in the slot, valid until the slot is released) into
 * OUT, the slot's prepared area; runs on the reader thread.
 */
typedef void pipe_prepare_fn(void *arg, struct csvin_row *row, void *out);

/*
 * Start reading IN on a thread into *PP, with a prepared area of OUT_SIZE
 * bytes a slot (aligned as malloc() aligns) that PREPARE(ARG, ...) fills.
 * *PP is NULL (read on this thread) when PATH is not a regular file or no
 * thread could be had.  EX_SOFTWARE when out of memory.
 */
int pipe_start(struct pipe **pp, struct csvin *in, const char *path, size_t out_size,
	       pipe_prepare_fn *prepare, void *arg, struct shequ_err *e);

/*
 * The next record in *ROW (NULL at the end), its prepared area in *OUT and
 * csvin_bytes() after it in *BYTES; an error as from csvin_next().  Valid
 * until pipe_release().
 */
int pipe_take(struct pipe *p, struct csvin_row **row, void **out, long long *bytes,
	      struct shequ_err *e);

/* Hand the slot of the record taken last back to the reader. */
void pipe_release(struct pipe *p);

/* Stop the reader of P (NULL: none) if it still runs, wait for it, free P. */
void pipe_end(struct pipe *p);

#endif
