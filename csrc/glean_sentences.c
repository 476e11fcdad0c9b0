/* glean_sentences.c — rule-based sentence boundaries over tokens.
 *
 * A sentence ends after terminal punctuation (. ! ? and runs of them) together with the
 * closing quotes and brackets that follow it, unless what follows shows the sentence
 * goes on: a lower-case word after a closing quote ("Why?" he asked), a lower-case word
 * after an ellipsis. Abbreviations end a sentence only when a sentence clearly starts
 * next (a capitalised function word: "the U.S. The ..."); titles and initials never do
 * (Mr. Smith, J. K. Rowling). A blank line always ends a sentence. A quote that ends
 * with a comma has no terminal punctuation, so "... China," the official said. stays
 * one sentence without a rule of its own. */
#include "glean_doc.h"

#include <string.h>

int glean_has_paragraph_break(const char *text, size_t a, size_t b)
{
    int newlines = 0;
    for (size_t i = a; i < b; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            if (++newlines >= 2)
                return 1;
        } else if (c == 0xE2 && i + 2 < b && (unsigned char)text[i + 1] == 0x80 &&
                   (unsigned char)text[i + 2] == 0xA9) {
            return 1; /* U+2029 PARAGRAPH SEPARATOR */
        }
    }
    return 0;
}

static inline uint32_t flags_of(const glean_tokenizer *tk, const glean_doc *d, size_t i)
{
    return tk->lex.flags[d->toks[i].type];
}

static int starts_sentence_clearly(uint32_t f)
{
    return (f & GLEAN_STARTS_UPPER) && (f & GLEAN_IS_STOP);
}

int glean_split_sentences(const glean_tokenizer *tk, glean_doc *d, glean_error *err)
{
    size_t n = d->ntoks, first = 0;
    d->nsents = 0;
    const uint32_t relevant = GLEAN_IS_TERMINAL | GLEAN_IS_ABBREV;
    for (size_t i = 0; i < n; i++) {
        uint32_t f = flags_of(tk, d, i);
        size_t last = i;
        int end = 0;
        /* Most tokens end nothing: skip them unless a line break follows. */
        if (!(f & relevant) && i + 1 < n &&
            d->toks[i + 1].start - d->toks[i].end <= 1 && d->text[d->toks[i].end] != '\n')
            continue;
        if (i + 1 == n) {
            end = 1;
        } else if (f & GLEAN_IS_TERMINAL) {
            /* Take the closing quotes/brackets (and further terminals) attached after it. */
            int closed_by_quote = 0;
            while (last + 1 < n && d->toks[last + 1].start == d->toks[last].end &&
                   (flags_of(tk, d, last + 1) & (GLEAN_IS_CLOSING | GLEAN_IS_TERMINAL))) {
                if (flags_of(tk, d, last + 1) & GLEAN_IS_QUOTE)
                    closed_by_quote = 1;
                last++;
            }
            if (last + 1 >= n) {
                end = 1;
            } else {
                uint32_t nf = flags_of(tk, d, last + 1);
                if (f & GLEAN_IS_ELLIPSIS)
                    end = (nf & (GLEAN_STARTS_UPPER | GLEAN_IS_OPENING)) != 0;
                else if (closed_by_quote && (nf & GLEAN_STARTS_LOWER))
                    end = 0; /* "Why?" he asked. */
                else if ((nf & GLEAN_IS_PUNCT) && !(nf & GLEAN_IS_OPENING))
                    end = 0; /* Yahoo!, Inc. */
                else
                    end = 1;
            }
        } else if (f & GLEAN_IS_ABBREV) {
            if (!(f & GLEAN_IS_TITLE_ABBREV) && i + 1 < n)
                end = starts_sentence_clearly(flags_of(tk, d, i + 1));
        }
        if (!end && last + 1 < n &&
            glean_has_paragraph_break(d->text, d->toks[last].end, d->toks[last + 1].start))
            end = 1;
        if (!end)
            continue;
        if (glean_grow((void **)&d->sents, &d->sents_cap, d->nsents + 1, sizeof *d->sents))
            return glean_fail(err, GLEAN_ENOMEM, d->toks[i].start, "out of memory");
        for (size_t k = first; k <= last; k++)
            d->toks[k].sent = (uint32_t)d->nsents;
        d->sents[d->nsents++] = (glean_sent){(uint32_t)first, (uint32_t)last};
        first = last + 1;
        i = last;
    }
    return GLEAN_OK;
}
