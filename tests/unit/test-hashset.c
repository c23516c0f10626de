/* test-hashset.c - lib/base/hashset.c: hashes in, found again, bounded. */
#include <stdio.h>
#include <stdlib.h>

#include "base/exitcode.h"
#include "base/hashset.h"
#include "tap.h"

int main(void)
{
	struct hashset s = {0};
	char key[32];
	int i, missing = 0, wrong = 0, rc = 0;

	ok(hashset_key("110105199509081629") != hashset_key("110105199509081620"),
	   "IDs a character apart differ");
	ok(hashset_key("") != 0, "never 0, not even for the empty string");
	is_int(hashset_has(&s, hashset_key("x")), 0, "an empty set has nothing");

	for (i = 0; i < 200000 && !rc; i++) {
		snprintf(key, sizeof key, "key %d", i);
		rc = hashset_add(&s, hashset_key(key));
	}
	is_int(rc, 0, "200000 added");
	is_int((long long)s.n, 200000, "and counted");
	ok(s.cap >= 200000 * 4 / 3 && (s.cap & (s.cap - 1)) == 0,
	   "a power of two slots, a quarter free (%zu)", s.cap);
	for (i = 0; i < 200000; i++) {
		snprintf(key, sizeof key, "key %d", i);
		missing += !hashset_has(&s, hashset_key(key));
		snprintf(key, sizeof key, "other %d", i);
		wrong += hashset_has(&s, hashset_key(key));
	}
	is_int(missing, 0, "every one found after the set grew");
	is_int(wrong, 0, "none of 200000 others");
	hashset_free(&s);
	is_int(hashset_has(&s, hashset_key("key 1")), 0, "freed: empty again");

	s.max = 1u << 16;
	is_int(hashset_reserve(&s, 1000000), 0, "reserve beyond the most");
	is_int((long long)s.cap, 1 << 16, "stops at the most");
	for (i = 0, rc = 0; i < 100000 && !rc; i++) {
		snprintf(key, sizeof key, "key %d", i);
		rc = hashset_add(&s, hashset_key(key));
	}
	is_int(rc, HASHSET_FULL, "a set at its most says it is full");
	is_int((long long)s.n, (1 << 16) * 3 / 4, "three quarters of its slots in use");
	snprintf(key, sizeof key, "key %d", i - 2);
	is_int(hashset_has(&s, hashset_key(key)), 1, "what went in is still there");
	hashset_free(&s);
	return tap_done();
}
