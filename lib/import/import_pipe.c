/* import_pipe.c - the import's reader thread; see import_pipe.h. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "import/import_pipe.h"

/*
 * PIPE_SLOTS slots of PIPE_BYTES bytes; a larger record goes into a buffer
 * of the slot's own that grows and is kept.  A thousand rows ahead (some
 * 8 MiB with what is prepared of them) carry either thread over the other
 * being held up for a few milliseconds.  Each side hands slots over
 * PIPE_BATCH at a time: taking the lock for every row costs more than the
 * rest of what the reader does with it.
 */
#define PIPE_SLOTS 1024
#define PIPE_BYTES 2048
#define PIPE_BATCH 32

struct pipe_slot {
	struct csvin_row row; /* fields point into buf or big */
	long long bytes;      /* csvin_bytes() after this record */
	size_t nptr;	      /* room in row.fields */
	char *big;	      /* a record too long for buf; NBIG bytes */
	size_t nbig;
	void *out; /* the prepared area */
	char buf[PIPE_BYTES];
};

struct pipe {
	pthread_mutex_t mu;
	pthread_cond_t more, room;
	struct csvin *in;
	pipe_prepare_fn *prepare;
	void *arg;
	char *outs; /* the prepared areas, one after the other */
	pthread_t thread;
	/* Under mu: slots published by the reader and given back by the taker. */
	size_t head, tail;
	int done, stop; /* the reader has ended; the taker gave up */
	/*
	 * Who sleeps: each side wakes the other only then, and the reader,
	 * once the ring is full, only when half of it is free again.
	 */
	int reader_waits, taker_waits;
	int rc; /* how the reader ended: 0 at the end of input */
	struct shequ_err err;
	/* The taker's own: slots taken since it last gave some back, and
	 * how many published ones it has not taken yet. */
	size_t taken, avail;
	struct pipe_slot slot[PIPE_SLOTS];
};

/* Copy ROW into S; EX_SOFTWARE when out of memory. */
static int pipe_fill(struct pipe_slot *s, const struct csvin_row *row)
{
	size_t need = 0, i;
	char *to;

	for (i = 0; i < row->nfields; i++)
		need += row->lens[i] + 1;
	if (row->nfields > s->nptr) {
		char **f = realloc(s->row.fields, row->nfields * sizeof *f);

		if (!f)
			return EX_SOFTWARE;
		s->row.fields = f;
		s->nptr = row->nfields;
	}
	to = s->buf;
	if (need > sizeof s->buf) {
		if (need > s->nbig) {
			char *b = realloc(s->big, need);

			if (!b)
				return EX_SOFTWARE;
			s->big = b;
			s->nbig = need;
		}
		to = s->big;
	}
	for (i = 0; i < row->nfields; i++) {
		memcpy(to, row->fields[i], row->lens[i] + 1);
		s->row.fields[i] = to;
		to += row->lens[i] + 1;
	}
	s->row.nfields = row->nfields;
	s->row.lens = NULL;
	s->row.line = row->line;
	s->row.end_line = row->end_line;
	s->row.record = row->record;
	return 0;
}

/*
 * Publish the READY slots filled since the last time; then, when the ring
 * is full, wait until half of it is free.  Returns the free slots, 0 when
 * the taker gave up.  Called with the lock held.
 */
static size_t pipe_publish(struct pipe *p, size_t ready)
{
	p->head += ready;
	if (p->taker_waits && ready)
		pthread_cond_signal(&p->more);
	if (p->head - p->tail == PIPE_SLOTS) {
		p->reader_waits = 1;
		while (p->head - p->tail > PIPE_SLOTS / 2 && !p->stop)
			pthread_cond_wait(&p->room, &p->mu);
		p->reader_waits = 0;
	}
	return p->stop ? 0 : PIPE_SLOTS - (p->head - p->tail);
}

/* The reader thread: csvin_next() into the ring until the end, an error or stop. */
static void *pipe_reader(void *arg)
{
	struct pipe *p = arg;
	struct csvin_row *row;
	struct shequ_err e = {0};
	size_t head = 0, ready = 0, room = 0;
	int rc;

	for (;;) {
		if (!room || ready == PIPE_BATCH) {
			pthread_mutex_lock(&p->mu);
			room = pipe_publish(p, ready);
			pthread_mutex_unlock(&p->mu);
			ready = 0;
			if (!room)
				return NULL;
		}
		rc = csvin_next(p->in, &row, &e);
		if (!rc && row) {
			/* The slot at head is the reader's until it is published. */
			struct pipe_slot *s = &p->slot[head % PIPE_SLOTS];

			if (pipe_fill(s, row)) {
				rc = shequ_err_set(&e, EX_SOFTWARE, "out of memory");
			} else {
				s->bytes = csvin_bytes(p->in);
				p->prepare(p->arg, &s->row, s->out);
				head++;
				ready++;
				room--;
				continue;
			}
		}
		pthread_mutex_lock(&p->mu);
		p->head += ready;
		p->rc = rc;
		p->err = e;
		p->done = 1;
		if (p->taker_waits)
			pthread_cond_signal(&p->more);
		pthread_mutex_unlock(&p->mu);
		return NULL;
	}
}

/* Give the slots taken so far back to the reader.  Called with the lock held. */
static void pipe_give_back(struct pipe *p)
{
	p->tail += p->taken;
	p->taken = 0;
	if (p->reader_waits && p->head - p->tail <= PIPE_SLOTS / 2)
		pthread_cond_signal(&p->room);
}

int pipe_take(struct pipe *p, struct csvin_row **row, void **out, long long *bytes,
	      struct shequ_err *e)
{
	struct pipe_slot *s;
	int rc = 0;

	*row = NULL;
	if (!p->avail) {
		pthread_mutex_lock(&p->mu);
		pipe_give_back(p);
		p->taker_waits = 1;
		while (p->head == p->tail && !p->done)
			pthread_cond_wait(&p->more, &p->mu);
		p->taker_waits = 0;
		p->avail = p->head - p->tail;
		if (!p->avail && (rc = p->rc))
			*e = p->err;
		pthread_mutex_unlock(&p->mu);
		if (!p->avail)
			return rc;
	}
	/* Only this thread moves tail: no lock needed to read it. */
	s = &p->slot[(p->tail + p->taken) % PIPE_SLOTS];
	*row = &s->row;
	*out = s->out;
	*bytes = s->bytes;
	return 0;
}

void pipe_release(struct pipe *p)
{
	p->taken++;
	p->avail--;
	if (p->taken == PIPE_BATCH) {
		pthread_mutex_lock(&p->mu);
		pipe_give_back(p);
		pthread_mutex_unlock(&p->mu);
	}
}

/* Free P and what it holds (the reader is not running). */
static void pipe_free(struct pipe *p)
{
	size_t i;

	for (i = 0; i < PIPE_SLOTS; i++) {
		free(p->slot[i].row.fields);
		free(p->slot[i].big);
	}
	free(p->outs);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->more);
	pthread_cond_destroy(&p->room);
	free(p);
}

int pipe_start(struct pipe **pp, struct csvin *in, const char *path, size_t out_size,
	       pipe_prepare_fn *prepare, void *arg, struct shequ_err *e)
{
	struct pipe *p;
	struct stat sb;
	size_t i;

	*pp = NULL;
	if (!path || !strcmp(path, "-") || stat(path, &sb) || !S_ISREG(sb.st_mode))
		return 0;
	/* Each area starts where malloc() would align it. */
	out_size = (out_size + 15) & ~(size_t)15;
	if (!(p = calloc(1, sizeof *p)) || !(p->outs = calloc(PIPE_SLOTS, out_size))) {
		free(p);
		return shequ_err_set(e, EX_SOFTWARE, "out of memory");
	}
	p->in = in;
	p->prepare = prepare;
	p->arg = arg;
	for (i = 0; i < PIPE_SLOTS; i++)
		p->slot[i].out = p->outs + i * out_size;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->more, NULL);
	pthread_cond_init(&p->room, NULL);
	if (pthread_create(&p->thread, NULL, pipe_reader, p)) {
		pipe_free(p);
		return 0;
	}
	*pp = p;
	return 0;
}

void pipe_end(struct pipe *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_signal(&p->room);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->thread, NULL);
	pipe_free(p);
}
