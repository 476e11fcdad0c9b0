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

/* Does token i's text look like digits separated by `sep` (3 groups for dates, 2 or 3
 * for times)? Used for e-mail headers: "04/26/2001 07:17 AM". */
static int digit_groups(const glean_doc *d, size_t i, char sep, int min_groups)
{
    const char *s = d->text + d->toks[i].start;
    size_t n = d->toks[i].end - d->toks[i].start;
    int groups = 1, digits = 0;
    for (size_t k = 0; k < n; k++) {
        if (s[k] >= '0' && s[k] <= '9') {
            digits++;
        } else if (s[k] == sep && digits) {
            groups++;
            digits = 0;
        } else {
            return 0;
        }
    }
    return digits && groups >= min_groups && groups <= 3;
}

/* Letter and e-mail conventions that end a sentence without punctuation: a header's
 * date and time ("04/26/2001 07:17 AM Will you ..."), a closing ("Regards, Sean"), and
 * a URL, address or emoticon followed by a clear sentence start. */
static int ends_without_punctuation(const glean_tokenizer *tk, const glean_doc *d, size_t i,
                                    size_t first, uint32_t f, uint32_t nf, size_t *last)
{
    if ((f & GLEAN_IS_AMPM) && i >= 2 && (nf & GLEAN_STARTS_UPPER) &&
        digit_groups(d, i - 1, ':', 2) && digit_groups(d, i - 2, '/', 3))
        return 1;
    if ((f & GLEAN_IS_SALUTATION) && i + 2 < d->ntoks &&
        d->text[d->toks[i + 1].start] == ',' && d->toks[i + 1].end - d->toks[i + 1].start == 1 &&
        (flags_of(tk, d, i + 2) & GLEAN_STARTS_UPPER) && i == first) {
        *last = i + 1; /* the comma stays with the closing */
        return 1;
    }
    if ((f & GLEAN_IS_EMOTICON) && (nf & GLEAN_STARTS_UPPER))
        return 1;
    if ((f & (GLEAN_LIKE_URL | GLEAN_LIKE_EMAIL)) && starts_sentence_clearly(nf))
        return 1;
    return 0;
}

/* After terminal punctuation, these keep the sentence going: , ; : and closing
 * brackets or quotes ("Yahoo!, Inc."); a dash or anything else starts a new one. */
static int continues_after_terminal(const glean_doc *d, size_t j, uint32_t nf)
{
    char c = d->text[d->toks[j].start];
    if ((nf & GLEAN_IS_CLOSING) && !(nf & GLEAN_IS_OPENING))
        return 1;
    return c == ',' || c == ';' || c == ':' || c == ')' || c == ']' || c == '}';
}

int glean_split_sentences(const glean_tokenizer *tk, glean_doc *d, glean_error *err)
{
    size_t n = d->ntoks, first = 0;
    d->nsents = 0;
    const uint32_t relevant = GLEAN_IS_TERMINAL | GLEAN_IS_ABBREV | GLEAN_IS_EMOTICON |
                              GLEAN_IS_AMPM | GLEAN_IS_SALUTATION | GLEAN_LIKE_URL |
                              GLEAN_LIKE_EMAIL;
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
                else if (continues_after_terminal(d, last + 1, nf))
                    end = 0; /* Yahoo!, Inc. */
                else
                    end = 1;
            }
        } else if (f & GLEAN_IS_ABBREV) {
            if (!(f & GLEAN_IS_TITLE_ABBREV) && i + 1 < n)
                end = starts_sentence_clearly(flags_of(tk, d, i + 1));
        }
        if (!end && i + 1 < n && !(f & GLEAN_IS_TERMINAL))
            end = ends_without_punctuation(tk, d, i, first, f, flags_of(tk, d, i + 1), &last);
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
