/* glean_quotes.h — the news quotes extractor, in C.
 *
 * glean.extract.quotes (lua/glean/extract/quotes.lua, quote_marks.lua, quote_speakers.lua)
 * is written in Lua, and that Lua is the model an analyst reads and copies; its header
 * says how quotation marks pair and how speakers are found. Run over every quotation
 * mark, apostrophe and cue of every article it cost several times what 20 MB/s of news
 * allows, so this is the same extractor in C, the way CPython keeps `heapq.py` beside
 * `_heapq.c`: the Lua stays the reference, and the specs and `make eval` check that both
 * give identical quotes. Change one, change the other.
 *
 * What it is given: the word sets the speaker search tests (set once, from the Lua
 * lists), and per document the doc, its tokenizer, and (asked for only when a noun
 * phrase needs them) the doc's entities with a speaker label (PERSON, ORG, NORP, GPE).
 * What it returns: flat records of token ranges, byte ranges and codes; spans are
 * numbered so that a caller can give one span one object, as the Lua shares them.
 *
 * A glean_quoter is read-only once built and can be shared; a glean_quoter_scratch holds
 * what grows with use (per-type word bits of one lexicon, per-document arrays) and
 * belongs to one caller at a time. */
#ifndef GLEAN_QUOTES_H
#define GLEAN_QUOTES_H

#include "glean_doc.h"

/* The word sets of quotes.lua and quote_speakers.lua. All are matched against a token's
 * norm, except CLAUSE_PUNCT (its exact text). */
enum {
    GLEAN_QW_CUE,          /* said, says, told, ... (quotes.lua CUES) */
    GLEAN_QW_LISTENER_CUE, /* told, asked, urged: their object is the listener */
    GLEAN_QW_BREAK,        /* no part of a speaker's noun phrase: is, that, and, ... */
    GLEAN_QW_VERB,         /* after a noun phrase, make it a clause's subject */
    GLEAN_QW_PREP,         /* end a noun phrase read forwards: on, in, yesterday */
    GLEAN_QW_DET,          /* the a an his ... */
    GLEAN_QW_PRONOUN,      /* he she they we i it you */
    GLEAN_QW_GENERIC,      /* they you we: `who they say they are` names nobody */
    GLEAN_QW_TITLE,        /* mr chancellor minister ...: left out of a name */
    GLEAN_QW_AUX,          /* has also previously ...: between a subject and its cue */
    GLEAN_QW_TIME_WORD,    /* year week today: a subject that is a time */
    GLEAN_QW_CLAUSE_PUNCT, /* , ; : ( ) - — –  (by text) */
    GLEAN_QW_NSETS
};

/* Span kinds: what the Lua's span_of gives them, or an entity of the doc. */
enum {
    GLEAN_QSPAN_QUOTE,     /* label "QUOTE", source "quotes": quote.span */
    GLEAN_QSPAN_PLAIN,     /* source "quotes": quote.inner, noun phrases, antecedents */
    GLEAN_QSPAN_CUE,       /* source "rule:cue", rule "cue": quote.cue_span */
    GLEAN_QSPAN_ENTITY     /* the caller's entity number `ent` (glean_quote_ent.index) */
};

enum { GLEAN_QUOTE_STATEMENT, GLEAN_QUOTE_PHRASE };

enum {
    GLEAN_QATTR_NONE, GLEAN_QATTR_AFTER, GLEAN_QATTR_BEFORE, GLEAN_QATTR_REPORTED,
    GLEAN_QATTR_PREVIOUS
};

#define GLEAN_QUOTE_NONE UINT32_MAX

typedef struct glean_quote_span {
    uint32_t first, last;  /* 0-based inclusive token indices */
    uint32_t kind;         /* GLEAN_QSPAN_* */
    uint32_t ent;          /* for GLEAN_QSPAN_ENTITY: the entity's index */
} glean_quote_span;

/* One quote. Span fields are numbers into the result's spans (or GLEAN_QUOTE_NONE). */
typedef struct glean_quote {
    uint32_t span, inner;
    uint32_t open_tok, close_tok;  /* the opening and the closing mark (their texts) */
    size_t text_off, text_len;     /* the words inside, in the result's text buffer */
    uint32_t parts;
    uint8_t kind;                  /* GLEAN_QUOTE_STATEMENT or _PHRASE */
    uint8_t attribution;           /* GLEAN_QATTR_* */
    uint8_t pronoun;               /* the speaker is a pronoun */
    uint8_t according;             /* the cue is `according to` (else cue_tok's text in
                                      ASCII lower case) */
    uint32_t speaker, cue_span, resolved;
    uint32_t cue_tok;
} glean_quote;

/* An entity of the doc with a speaker label, in the doc's entity order. */
typedef struct glean_quote_ent {
    uint32_t first, last;  /* 0-based inclusive token indices */
    uint32_t index;        /* the caller's number for it (reported in spans' ent) */
} glean_quote_ent;

/* Gives the speaker-label entities of the doc; called at most once per document, and
 * only when a noun phrase is looked at. Returns GLEAN_OK or an error (err filled). */
typedef int (*glean_quote_ents_fn)(void *ud, const glean_quote_ent **ents, size_t *n,
                                   glean_error *err);

typedef struct glean_quotes_inputs {
    const glean_doc *doc;
    const glean_tokenizer *tk;     /* the doc's tokenizer */
    glean_quote_ents_fn ents_fn;
    void *ents_ud;
    int phrases;                   /* 0: leave the quotes of kind "phrase" out */
} glean_quotes_inputs;

typedef struct glean_quotes_result {
    const glean_quote *quotes;
    size_t n;
    const glean_quote_span *spans;
    size_t nspans;
    const char *text;              /* quote texts are text_off, text_len in here */
    size_t text_len;
} glean_quotes_result;

typedef struct glean_quoter glean_quoter;
typedef struct glean_quoter_scratch glean_quoter_scratch;

int glean_quoter_new(glean_quoter **out, glean_error *err);
void glean_quoter_free(glean_quoter *q);
/* Adds a word to one of the sets (GLEAN_QW_*), as given: norms must be given as the
 * lexicon writes them (the Lua lists are lower-case ASCII, which is their norm). */
int glean_quoter_add_word(glean_quoter *q, int set, const char *word, size_t len,
                          glean_error *err);

int glean_quoter_scratch_new(glean_quoter_scratch **out);
void glean_quoter_scratch_free(glean_quoter_scratch *s);

/* The quotes of one document, in text order. The result is owned by the scratch and
 * valid until its next run. */
int glean_quotes_extract(const glean_quoter *q, glean_quoter_scratch *s,
                         const glean_quotes_inputs *in, glean_quotes_result *res,
                         glean_error *err);

#endif
