/*
 * import_digest.c - digests of stored rows, and the lines that listed
 * them (import_digest.h).
 */
#include <string.h>
#include <sys/mman.h>

#include "base/exitcode.h"
#include "import/import_digest.h"

uint64_t digest_text(uint64_t h, const char *s)
{
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	/* U+001F ends the field: "ab" + "c" and "a" + "bc" differ. */
	return (h ^ 0x1f) * 1099511628211ULL;
}

uint64_t digest_end(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h ? h : 1;
}

/*
 * N bytes of zeros, each page written now; NULL when out of memory.  The
 * digests go in and are looked up at random: pages written first take
 * one fault each (calloc()'s, read first, take two and a flush), and huge
 * pages, where the system gives them, spare a TLB miss a look-up.
 */
static void *digest_alloc(size_t n)
{
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
#ifdef MADV_HUGEPAGE
	madvise(p, n, MADV_HUGEPAGE);
#endif
	memset(p, 0, n);
	return p;
}

int digest_map_reserve(struct digest_map *m, size_t n)
{
	size_t max = m->max ? m->max : DIGEST_MAP_MAX, cap = 1024;

	while (cap < max && cap / 4 * 3 < n)
		cap *= 2;
	m->cap = cap;
	if (!(m->key = digest_alloc(cap * sizeof *m->key)) ||
	    !(m->line = digest_alloc(cap * sizeof *m->line))) {
		digest_map_free(m);
		return EX_SOFTWARE;
	}
	return 0;
}

/* The slot of D in M: where it is, or the free slot where it would go. */
static size_t digest_map_slot(const struct digest_map *m, uint64_t d)
{
	size_t i;

	for (i = d & (m->cap - 1); m->key[i] && m->key[i] != d; i = (i + 1) & (m->cap - 1))
		;
	return i;
}

int digest_map_add(struct digest_map *m, uint64_t d)
{
	size_t i;

	if (!m->cap)
		return EX_SOFTWARE;
	i = digest_map_slot(m, d);
	if (m->key[i])
		return 0;
	/* Three quarters full at most: a miss stays a short walk. */
	if (m->n + 1 > m->cap / 4 * 3)
		return DIGEST_MAP_FULL;
	m->key[i] = d;
	m->n++;
	return 0;
}

uint32_t *digest_map_find(const struct digest_map *m, uint64_t d)
{
	size_t i;

	if (!m->cap)
		return NULL;
	i = digest_map_slot(m, d);
	return m->key[i] ? &m->line[i] : NULL;
}

void digest_map_prefetch(const struct digest_map *m, uint64_t d)
{
	if (m->cap) {
		__builtin_prefetch(&m->key[d & (m->cap - 1)]);
		__builtin_prefetch(&m->line[d & (m->cap - 1)]);
	}
}

void digest_map_free(struct digest_map *m)
{
	if (m->key)
		munmap(m->key, m->cap * sizeof *m->key);
	if (m->line)
		munmap(m->line, m->cap * sizeof *m->line);
	m->key = NULL;
	m->line = NULL;
	m->n = m->cap = 0;
}
