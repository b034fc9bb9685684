/* replay.c - a main() for the libFuzzer targets of tests/fuzz, so that
 * `make test` runs each of them over its committed corpus with gcc and the
 * sanitizers, without clang.  Every file under the directories (or files)
 * given is fed once to LLVMFuzzerTestOneInput; a target reports a broken
 * promise by aborting, and the sanitizers report the rest.  Ends with the
 * runner's summary line (tests/README.md): one passed check per input. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replayed;

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "  FAIL cannot open %s\n", path);
		return -1;
	}
	uint8_t *data = NULL;
	size_t len = 0, cap = 0, n;
	uint8_t chunk[8192];
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (len + n > cap) {
			cap = (len + n) * 2;
			uint8_t *p = realloc(data, cap);
			if (!p) {
				free(data);
				fclose(f);
				return -1;
			}
			data = p;
		}
		memcpy(data + len, chunk, n);
		len += n;
	}
	fclose(f);
	/* An exact-size copy, so that ASan sees any read past the input. */
	uint8_t *exact = malloc(len ? len : 1);
	if (!exact) {
		free(data);
		return -1;
	}
	if (len)
		memcpy(exact, data, len);
	free(data);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	replayed++;
	return 0;
}

static int replay_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "  FAIL no such corpus: %s\n", path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path);
	struct dirent **names;
	int n = scandir(path, &names, NULL, alphasort), rc = 0;
	if (n < 0) {
		fprintf(stderr, "  FAIL cannot read %s\n", path);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			char full[4096];
			snprintf(full, sizeof full, "%s/%s", path, names[i]->d_name);
			if (replay_path(full) != 0)
				rc = -1;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	const char *suite = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	int failed = 0;
	for (int i = 1; i < argc; i++)
		if (replay_path(argv[i]) != 0)
			failed++;
	if (replayed == 0) {
		fprintf(stderr, "  FAIL %s: no corpus input replayed\n", suite);
		failed++;
	}
	fflush(stderr);
	printf("%s: %d passed, %d failed, 0 skipped\n", suite, replayed, failed);
	fflush(stdout);
	return failed ? 1 : 0;
}
