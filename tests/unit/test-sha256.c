/* test-sha256.c - FIPS 180-4 test vectors, and a file hashed in pieces. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/sha256.h"
#include "tap.h"

static void hex_of(const char *s, size_t n, char out[65])
{
	struct sha256 h;

	sha256_init(&h);
	sha256_update(&h, s, n);
	sha256_hex(&h, out);
}

int main(void)
{
	char out[65], path[] = "/tmp/shequ-sha256-XXXXXX";
	struct shequ_err e = {0};
	struct sha256 h;
	char *million;
	FILE *f;
	int fd, i;

	hex_of("", 0, out);
	is_str(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "empty");
	hex_of("abc", 3, out);
	is_str(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "abc");
	hex_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, out);
	is_str(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	       "two blocks (56 bytes)");
	million = malloc(1000000);
	memset(million, 'a', 1000000);
	sha256_init(&h);
	for (i = 0; i < 1000; i++)
		sha256_update(&h, million + i * 1000, 1000);
	sha256_hex(&h, out);
	is_str(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	       "a million a's in pieces");

	fd = mkstemp(path);
	f = fdopen(fd, "wb");
	fwrite(million, 1, 1000000, f);
	fclose(f);
	is_int(sha256_file(path, out, &e), 0, "sha256_file succeeds");
	is_str(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	       "sha256_file gives the same digest");
	unlink(path);
	is_int(sha256_file(path, out, &e), EX_NOINPUT, "a missing file is EX_NOINPUT");
	ok(strstr(e.msg, "cannot open") != NULL, "and says so: %s", e.msg);
	free(million);
	return tap_done();
}
