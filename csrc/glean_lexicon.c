/* glean_lexicon.c — interning and per-type attributes. */
#include "glean_lexicon.h"
#include "glean_chars.h"
#include "glean_utf8.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static inline uint64_t read64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint64_t read32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static inline uint64_t mix(uint64_t a, uint64_t b)
{
    __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

/* A multiply-mix hash in the manner of wyhash: keys of up to 16 bytes (most tokens) are
 * read with at most four loads and mixed with one 128-bit multiply, no loop. */
uint64_t glean_hash(const void *key, size_t n)
{
    const unsigned char *p = key;
    const uint64_t s0 = 0xA0761D6478BD642FULL, s1 = 0xE7037ED1A0B428DBULL;
    uint64_t a, b;
    if (n <= 16) {
        if (n >= 4) {
            a = (read32(p) << 32) | read32(p + ((n >> 3) << 2));
            b = (read32(p + n - 4) << 32) | read32(p + n - 4 - ((n >> 3) << 2));
        } else if (n > 0) {
            a = ((uint64_t)p[0] << 16) | ((uint64_t)p[n >> 1] << 8) | p[n - 1];
            b = 0;
        } else {
            a = b = 0;
        }
    } else {
        uint64_t seed = s0;
        size_t i = n;
        while (i > 16) {
            seed = mix(read64(p) ^ s1, read64(p + 8) ^ seed);
            p += 16;
            i -= 16;
        }
        a = read64(p + i - 16) ^ seed;
        b = read64(p + i - 8);
    }
    return mix(s1 ^ n, mix(a ^ s1, b ^ s0));
}

uint64_t glean_hash_bulk(const void *key, size_t n)
{
    const unsigned char *p = key;
    uint64_t lane[4] = {0xA0761D6478BD642FULL, 0xE7037ED1A0B428DBULL, 0x8EBC6AF09C88C6E3ULL,
                        0x589965CC75374CC3ULL};
    const uint64_t k = 0x1D8E4E27C47D124FULL;
    for (size_t r = n / 64; r > 0; r--, p += 64)
        for (int j = 0; j < 4; j++)
            lane[j] = mix(read64(p + 16 * j) ^ k, read64(p + 16 * j + 8) ^ lane[j]);
    uint64_t fold[6] = {lane[0], lane[1], lane[2], lane[3], glean_hash(p, n % 64), n};
    return glean_hash(fold, sizeof fold);
}

int glean_lexicon_init(glean_lexicon *lx, int english)
{
    memset(lx, 0, sizeof *lx);
    glean_buf_init(&lx->arena);
    glean_buf_init(&lx->scratch);
    glean_normalizer_init(&lx->nz);
    lx->english = english;
    lx->nslots = 1024;
    lx->slots = calloc(lx->nslots, sizeof *lx->slots);
    return lx->slots ? GLEAN_OK : GLEAN_ENOMEM;
}

void glean_lexicon_free(glean_lexicon *lx)
{
    free(lx->types);
    free(lx->flags);
    free(lx->slots);
    glean_buf_free(&lx->arena);
    glean_buf_free(&lx->scratch);
    glean_normalizer_free(&lx->nz);
    memset(lx, 0, sizeof *lx);
}

/* spaCy's English stop list, sorted for bsearch. */
static const char *const stop_words[] = {
    "'d", "'ll", "'m", "'re", "'s", "'ve", "a", "about", "above", "across", "after",
    "afterwards", "again", "against", "all", "almost", "alone", "along", "already", "also",
    "although", "always", "am", "among", "amongst", "amount", "an", "and", "another", "any",
    "anyhow", "anyone", "anything", "anyway", "anywhere", "are", "around", "as", "at", "back",
    "be", "became", "because", "become", "becomes", "becoming", "been", "before",
    "beforehand", "behind", "being", "below", "beside", "besides", "between", "beyond",
    "both", "bottom", "but", "by", "ca", "call", "can", "cannot", "could", "did", "do",
    "does", "doing", "done", "down", "due", "during", "each", "eight", "either", "eleven",
    "else", "elsewhere", "empty", "enough", "even", "ever", "every", "everyone",
    "everything", "everywhere", "except", "few", "fifteen", "fifty", "first", "five", "for",
    "former", "formerly", "forty", "four", "from", "front", "full", "further", "get", "give",
    "go", "had", "has", "have", "he", "hence", "her", "here", "hereafter", "hereby",
    "herein", "hereupon", "hers", "herself", "him", "himself", "his", "how", "however",
    "hundred", "i", "if", "in", "indeed", "into", "is", "it", "its", "itself", "just",
    "keep", "last", "latter", "latterly", "least", "less", "made", "make", "many", "may",
    "me", "meanwhile", "might", "mine", "more", "moreover", "most", "mostly", "move",
    "much", "must", "my", "myself", "n't", "name", "namely", "neither", "never",
    "nevertheless", "next", "nine", "no", "nobody", "none", "noone", "nor", "not",
    "nothing", "now", "nowhere", "of", "off", "often", "on", "once", "one", "only", "onto",
    "or", "other", "others", "otherwise", "our", "ours", "ourselves", "out", "over", "own",
    "part", "per", "perhaps", "please", "put", "quite", "rather", "re", "really", "regarding",
    "same", "say", "see", "seem", "seemed", "seeming", "seems", "serious", "several", "she",
    "should", "show", "side", "since", "six", "sixty", "so", "some", "somehow", "someone",
    "something", "sometime", "sometimes", "somewhere", "still", "such", "take", "ten",
    "than", "that", "the", "their", "them", "themselves", "then", "thence", "there",
    "thereafter", "thereby", "therefore", "therein", "thereupon", "these", "they", "third",
    "this", "those", "though", "three", "through", "throughout", "thru", "thus", "to",
    "together", "too", "top", "toward", "towards", "twelve", "twenty", "two", "under",
    "unless", "until", "up", "upon", "us", "used", "using", "various", "very", "via", "was",
    "we", "well", "were", "what", "whatever", "when", "whence", "whenever", "where",
    "whereafter", "whereas", "whereby", "wherein", "whereupon", "wherever", "whether",
    "which", "while", "whither", "who", "whoever", "whole", "whom", "whose", "why", "will",
    "with", "within", "without", "would", "yet", "you", "your", "yours", "yourself",
    "yourselves", "‘d", "‘ll", "‘m", "‘re", "‘s", "‘ve", "’d", "’ll", "’m", "’re", "’s",
    "’ve",
};

static const char *const number_words[] = {
    "billion", "bn", "dozen", "eight", "eighteen", "eighty", "eleven", "fifteen", "fifty",
    "five", "forty", "four", "fourteen", "hundred", "million", "nine", "nineteen", "ninety",
    "one", "seven", "seventeen", "seventy", "six", "sixteen", "sixty", "ten", "thirteen",
    "thirty", "thousand", "three", "trillion", "twelve", "twenty", "two", "zero",
};

static int cmp_str(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

static int in_list(const char *const *list, size_t n, const char *s, size_t len)
{
    char tmp[32];
    if (len == 0 || len >= sizeof tmp)
        return 0;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    return bsearch(tmp, list, n, sizeof *list, cmp_str) != NULL;
}

int glean_is_stop_word(const char *lower, size_t len)
{
    return in_list(stop_words, sizeof stop_words / sizeof *stop_words, lower, len);
}

static int looks_like_url(const char *s, size_t n)
{
    static const char *const heads[] = {"http://", "https://", "ftp://", "www."};
    for (size_t i = 0; i < 4; i++) {
        size_t k = strlen(heads[i]);
        if (n > k && strncmp(s, heads[i], k) == 0)
            return 1;
    }
    return 0;
}

static int looks_like_email(const char *s, size_t n)
{
    const char *at = memchr(s, '@', n);
    if (!at || at == s)
        return 0;
    const char *dot = memchr(at, '.', n - (size_t)(at - s));
    return dot && dot > at + 1 && dot < s + n - 2;
}

/* spaCy's like_num: digits with , . separators, a fraction, or a number word. */
static int looks_like_num(const char *lower, size_t n, int english)
{
    size_t i = 0, digits = 0, slashes = 0;
    if (n && strchr("+-~±", lower[0]) && lower[0])
        i = 1;
    for (; i < n; i++) {
        char c = lower[i];
        if (c >= '0' && c <= '9')
            digits++;
        else if (c == '/')
            slashes++;
        else if (c != ',' && c != '.')
            return english && in_list(number_words,
                                      sizeof number_words / sizeof *number_words, lower, n);
    }
    return digits > 0 && slashes <= 1;
}

/* Shape: X for upper, x for lower and caseless letters, d for digits, the character
 * itself otherwise; a run of the same shape character is cut after four, as in spaCy. */
static int make_shape(glean_buf *b, const char *s, size_t n)
{
    char last = 0;
    int run = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = glean_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        char c;
        const char *raw = s + i;
        size_t rawlen = k;
        glean_class cls = glean_class_of(cp);
        if (cls == GC_LETTER || cls == GC_IDEO)
            c = (cp >= 0 && utf8proc_isupper(cp)) ? 'X' : 'x';
        else if (cls == GC_DIGIT)
            c = 'd';
        else if (cls == GC_MARK)
            c = 0; /* marks do not change the shape of their letter */
        else
            c = 1; /* the character itself */
        i += k;
        if (c == 0)
            continue;
        if (c == 1) {
            if (cp < 0) {
                raw = "\xEF\xBF\xBD";
                rawlen = 3;
            }
            if (glean_buf_append(b, raw, rawlen))
                return GLEAN_ENOMEM;
            last = 0;
            run = 0;
            continue;
        }
        run = (c == last) ? run + 1 : 1;
        last = c;
        if (run <= 4 && glean_buf_append(b, &c, 1))
            return GLEAN_ENOMEM;
    }
    return GLEAN_OK;
}

static uint32_t char_flags(const char *s, size_t n, uint32_t *length)
{
    int all_alpha = 1, all_digit = 1, all_punct = 1, all_space = 1, all_quote = 1;
    int all_bracket = 1, all_currency = 1, cased = 0, upper = 0, lower = 0, title = 1;
    int prev_cased = 0, first_letter = 1;
    uint32_t flags = 0, count = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        i += glean_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        count++;
        glean_class cls = glean_class_of(cp);
        utf8proc_category_t cat = cp >= 0 ? utf8proc_category(cp) : UTF8PROC_CATEGORY_SO;
        int is_letter = cls == GC_LETTER || cls == GC_IDEO;
        if (!(is_letter || (cls == GC_MARK && count > 1)))
            all_alpha = 0;
        if (cat != UTF8PROC_CATEGORY_ND)
            all_digit = 0;
        if (!(cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_PO))
            all_punct = 0;
        if (cls != GC_SPACE)
            all_space = 0;
        if (!(cls == GC_QUOTE || cls == GC_APOS))
            all_quote = 0;
        if (!(cls == GC_OPEN || cls == GC_CLOSE || cp == '<' || cp == '>'))
            all_bracket = 0;
        if (cls != GC_CURRENCY)
            all_currency = 0;
        int u = cp >= 0 && utf8proc_isupper(cp);
        int l = cp >= 0 && utf8proc_islower(cp);
        if (u || l) {
            cased = 1;
            upper |= u;
            lower |= l;
            /* Python's istitle: upper only after uncased, lower only after cased. */
            if ((u && prev_cased) || (l && !prev_cased))
                title = 0;
            prev_cased = 1;
            if (first_letter) {
                flags |= u ? GLEAN_STARTS_UPPER : GLEAN_STARTS_LOWER;
                first_letter = 0;
            }
        } else if (cls != GC_MARK) {
            prev_cased = 0;
            if (is_letter)
                first_letter = 0;
        }
    }
    *length = count;
    if (n == 0)
        return 0;
    if (all_alpha) flags |= GLEAN_IS_ALPHA;
    if (all_digit) flags |= GLEAN_IS_DIGIT;
    if (all_punct) flags |= GLEAN_IS_PUNCT;
    if (all_space) flags |= GLEAN_IS_SPACE;
    if (all_quote) flags |= GLEAN_IS_QUOTE;
    if (all_bracket) flags |= GLEAN_IS_BRACKET;
    if (all_currency) flags |= GLEAN_IS_CURRENCY;
    if (cased && upper && !lower) flags |= GLEAN_IS_UPPER;
    if (cased && lower && !upper) flags |= GLEAN_IS_LOWER;
    if (cased && title) flags |= GLEAN_IS_TITLE;
    return flags;
}

/* Attributes that only depend on the characters of the type. The tokenizer adds
 * GLEAN_IS_ABBREV and friends, which depend on its abbreviation list. */
static int compute_attributes(glean_lexicon *lx, glean_lexeme *t, const char *s, size_t n,
                              glean_error *err)
{
    glean_buf *a = &lx->arena;
    int rc;
    t->flags = char_flags(s, n, &t->length);

    /* lower: per code point, no normalization (offsets of lower match the text's). */
    t->lower = (uint32_t)a->len;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = glean_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        char tmp[4];
        if (cp < 0)
            rc = glean_buf_append(a, "\xEF\xBF\xBD", 3);
        else
            rc = glean_buf_append(a, tmp, glean_utf8_encode(utf8proc_tolower(cp), tmp));
        if (rc)
            return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
        i += k;
    }
    t->lower_len = (uint32_t)(a->len - t->lower);

    /* norm: the search key. */
    lx->scratch.len = 0;
    rc = glean_normalize(&lx->nz, s, n, GLEAN_FORM_SEARCH | GLEAN_NORM_REPLACE_INVALID,
                         &lx->scratch, err);
    if (rc)
        return rc;
    t->norm = (uint32_t)a->len;
    if (glean_buf_append(a, lx->scratch.data, lx->scratch.len))
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    t->norm_len = (uint32_t)(a->len - t->norm);

    t->shape = (uint32_t)a->len;
    if (make_shape(a, s, n))
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    t->shape_len = (uint32_t)(a->len - t->shape);

    const char *low = a->data + t->lower;
    if (lx->english && glean_is_stop_word(low, t->lower_len))
        t->flags |= GLEAN_IS_STOP;
    if (looks_like_num(low, t->lower_len, lx->english))
        t->flags |= GLEAN_LIKE_NUM;
    if (looks_like_url(low, t->lower_len))
        t->flags |= GLEAN_LIKE_URL;
    if (looks_like_email(low, t->lower_len))
        t->flags |= GLEAN_LIKE_EMAIL;
    return GLEAN_OK;
}

static int rehash(glean_lexicon *lx)
{
    size_t n = lx->nslots * 2;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return GLEAN_ENOMEM;
    for (size_t id = 0; id < lx->ntypes; id++) {
        size_t j = (size_t)lx->types[id].hash & (n - 1);
        while (slots[j])
            j = (j + 1) & (n - 1);
        slots[j] = (uint32_t)id + 1;
    }
    free(lx->slots);
    lx->slots = slots;
    lx->nslots = n;
    return GLEAN_OK;
}

int glean_lexicon_find(const glean_lexicon *lx, const char *s, size_t len, uint32_t *id)
{
    uint64_t h = glean_hash(s, len);
    size_t mask = lx->nslots - 1;
    for (size_t j = (size_t)h & mask;; j = (j + 1) & mask) {
        uint32_t v = lx->slots[j];
        if (!v)
            return 0;
        const glean_lexeme *t = &lx->types[v - 1];
        if (t->hash == h && t->text_len == len && memcmp(lx->arena.data + t->text, s, len) == 0) {
            *id = v - 1;
            return 1;
        }
    }
}

int glean_lexicon_intern(glean_lexicon *lx, const char *s, size_t len, uint64_t h,
                         uint32_t *id, glean_error *err)
{
    size_t mask = lx->nslots - 1;
    size_t j = (size_t)h & mask;
    for (;; j = (j + 1) & mask) {
        uint32_t v = lx->slots[j];
        if (!v)
            break;
        const glean_lexeme *t = &lx->types[v - 1];
        if (t->hash == h && t->text_len == len && memcmp(lx->arena.data + t->text, s, len) == 0) {
            *id = v - 1;
            return GLEAN_OK;
        }
    }
    if (lx->ntypes >= UINT32_MAX - 1 || lx->arena.len + 8 * len + 64 > UINT32_MAX)
        return glean_fail(err, GLEAN_ETOOBIG, 0, "lexicon is full (4 GiB of type strings)");
    size_t flags_cap = lx->types_cap;
    if (glean_grow((void **)&lx->types, &lx->types_cap, lx->ntypes + 1, sizeof *lx->types) ||
        glean_grow((void **)&lx->flags, &flags_cap, lx->types_cap, sizeof *lx->flags))
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    glean_lexeme *t = &lx->types[lx->ntypes];
    memset(t, 0, sizeof *t);
    t->hash = h;
    t->text = (uint32_t)lx->arena.len;
    t->text_len = (uint32_t)len;
    if (glean_buf_append(&lx->arena, s, len) || glean_buf_append(&lx->arena, "", 1))
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    int rc = compute_attributes(lx, t, s, len, err); /* s, not the arena: it may move */
    if (rc)
        return rc;
    lx->flags[lx->ntypes] = t->flags;
    lx->slots[j] = (uint32_t)lx->ntypes + 1;
    *id = (uint32_t)lx->ntypes++;
    if (lx->ntypes * 2 > lx->nslots && rehash(lx))
        return glean_fail(err, GLEAN_ENOMEM, 0, "out of memory");
    return GLEAN_OK;
}
