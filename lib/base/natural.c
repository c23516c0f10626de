/* natural.c - natural order of names; see natural.h. */
#include <string.h>

#include "base/natural.h"

/* Whether C is an ASCII digit (isdigit() would depend on the locale). */
static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The length of the run of digits at S (at most N bytes). */
static size_t digit_run(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && is_digit(s[i]))
		i++;
	return i;
}

/* Compare the digit runs A (NA digits) and B (NB) by value. */
static int number_cmp(const char *a, size_t na, const char *b, size_t nb)
{
	/* Leading zeros say nothing about the value; keep one digit. */
	while (na > 1 && *a == '0')
		a++, na--;
	while (nb > 1 && *b == '0')
		b++, nb--;
	if (na != nb)
		return na < nb ? -1 : 1;
	return memcmp(a, b, na);
}

/* Compare A and B by bytes, the shorter first when one begins the other. */
static int byte_cmp(const char *a, size_t na, const char *b, size_t nb)
{
	int c = memcmp(a, b, na < nb ? na : nb);

	if (c)
		return c;
	return (na > nb) - (na < nb);
}

int natural_cmp(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0, j = 0;

	while (i < na && j < nb) {
		if (is_digit(a[i]) && is_digit(b[j])) {
			size_t ra = digit_run(a + i, na - i), rb = digit_run(b + j, nb - j);
			int c = number_cmp(a + i, ra, b + j, rb);

			if (c)
				return c;
			i += ra, j += rb;
			continue;
		}
		if (a[i] != b[j])
			return (unsigned char)a[i] < (unsigned char)b[j] ? -1 : 1;
		i++, j++;
	}
	if (i < na || j < nb)
		return i < na ? 1 : -1;
	/* Equal but for leading zeros: the bytes decide, so the order is total. */
	return byte_cmp(a, na, b, nb);
}

int natural_strcmp(const char *a, const char *b)
{
	return natural_cmp(a, strlen(a), b, strlen(b));
}

int natural_collation(void *arg, int na, const void *a, int nb, const void *b)
{
	(void)arg;
	return natural_cmp(a, (size_t)na, b, (size_t)nb);
}
