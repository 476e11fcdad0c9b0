/* gaz_seed.c — writes the seed of the gazetteer_open target: one control byte (0x03: fix
 * up the checksum and the tokenizer fields after mutation, see gazetteer_open.c) and the
 * fixture's valid compiled image. Usage: gaz_seed OUT_FILE. */
#include "gaz_fixture.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gaz_seed OUT_FILE\n");
        return 2;
    }
    glean_tokenizer tk;
    glean_gazetteer *g = NULL;
    glean_error err;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.glz", argv[1]);
    if (fixture_tokenizer(&tk, &err) != GLEAN_OK || fixture_compile(&tk, &g, &err) != GLEAN_OK ||
        glean_gaz_save(g, tmp, &err) != GLEAN_OK) {
        fprintf(stderr, "gaz_seed: %s\n", err.message);
        return 1;
    }
    FILE *in = fopen(tmp, "rb"), *out = fopen(argv[1], "wb");
    int ok = in && out && fputc(0x03, out) != EOF;
    for (int c; ok && (c = fgetc(in)) != EOF;)
        ok = fputc(c, out) != EOF;
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        ok = 0;
    remove(tmp);
    glean_gaz_free(g);
    glean_tokenizer_free(&tk);
    if (!ok) {
        fprintf(stderr, "gaz_seed: cannot write %s\n", argv[1]);
        return 1;
    }
    return 0;
}
