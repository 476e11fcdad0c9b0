/* extractors_fixture.h — what the extractors fuzz target builds once per tokenizer
 * setting (extractors_fixture.c): the tokenizer, gazetteers, rules, word sets and the
 * dates and acronyms models, with their scratches; and the reference days its byte 0
 * picks. */
#ifndef GLEAN_FUZZ_EXTRACTORS_FIXTURE_H
#define GLEAN_FUZZ_EXTRACTORS_FIXTURE_H

#include "glean_acronyms.h"
#include "glean_dates.h"
#include "glean_recognizer.h"

static inline int up(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static inline int low(unsigned char c) { return c >= 'a' && c <= 'z'; }
static inline int dig(unsigned char c) { return c >= '0' && c <= '9'; }

typedef int (*pred_fn)(const unsigned char *s, size_t n);

typedef struct fixture {
    glean_tokenizer tk;
    glean_gazetteer *known, *first;
    glean_gaz_cursor known_cur, first_cur;
    glean_rules *rules;
    glean_rules_scratch *rs;
    glean_rules_result res;
    pred_fn preds[16]; /* by the rule set's extern index */
    glean_recognizer *rec;
    glean_recognizer_scratch *s;
    glean_dates *dates;
    glean_dates_scratch *ds;
    glean_acronyms *acr;
    glean_acronyms_scratch *as;
} fixture;

/* The fixture for the options' two tokenizer bits: built on the first input that asks
 * for it, kept for the process (libFuzzer style). */
fixture *fixture_for(unsigned opts);

/* The recognizer's predicate callback: the rule set's Lua patterns by extern index (ud is
 * the fixture). */
int fixture_call_pred(void *ud, uint32_t pred, const char *text, size_t len, glean_error *err);

/* The reference days (bits 5-7): a Tuesday, early January, late December, a Saturday, a
 * leap day, the epoch, and the ends of the range parse_iso reads (where a week or a year
 * away is out of years 0000-9999). */
extern const char *const GLEAN_FUZZ_REFS[8];
#define REF_AT_AN_END(k) ((k) >= 6)

#endif
